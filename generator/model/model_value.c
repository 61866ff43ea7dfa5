#include "model_value.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../support/arena.h"
#include "../support/strbuf.h"
#include "errata_config.h"
#include "escape.h"
#include "json_write.h"
#include "model.h"
#include "value.h"
#include "wire.h"

static const char *upper(struct arena *a, const char *s)
{
    char *u = arena_strdup(a, s);
    for (char *p = u; *p; p++)
        *p = (char)toupper((unsigned char)*p);
    return u;
}

static const char *lower(struct arena *a, const char *s)
{
    char *l = arena_strdup(a, s);
    for (char *p = l; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return l;
}

/* A text field and its escaped forms: KEY, KEY_c, KEY_comment, KEY_json,
 * KEY_md, KEY_html
 * (docs/templates.md: which form goes where). One member: the forms are
 * VALUE_TEXT beside KEY's string (value_string_forms), escaped only when a
 * template (or `errata model`) reads them. key must be a literal. */
void model_put_text(struct arena *a, struct value *map, const char *key, const char *s)
{
    static const value_text_fn escapes[VALUE_FORMS] = {
        escape_c_body, escape_c_comment, escape_json_body, escape_markdown, escape_html,
    };
    value_map_put_key(a, map, key, value_string_forms(a, s, escapes));
}

/* The example as compact JSON text, for docs and tests. */
static void put_example(struct arena *a, struct value *map, const struct value *example)
{
    value_map_put(a, map, "example", example ? (struct value *)example : value_null(a));
    if (example == NULL) {
        model_put_text(a, map, "example_json", NULL);
        return;
    }
    struct strbuf sb = STRBUF_INIT;
    json_write_compact(&sb, example);
    model_put_text(a, map, "example_json", strbuf_str(&sb));
    strbuf_release(&sb);
}

static const char *c_type(enum member_type t)
{
    switch (t) {
    case MEMBER_STRING: return "const char *";
    case MEMBER_INTEGER: return "int64_t";
    case MEMBER_NUMBER: return "double";
    case MEMBER_BOOLEAN: return "bool";
    case MEMBER_ARRAY:
    case MEMBER_OBJECT: break;
    }
    return NULL;
}

/* Mustache has no "is last" test nor a counter, so list items carry their
 * position, for separators and array indexes in generated code. */
void model_mark_last(struct arena *a, struct value *list)
{
    for (size_t i = 0; i < list->u.list.count; i++) {
        value_map_put_int(a, list->u.list.items[i], "index", (int64_t)i);
        value_map_put_bool(a, list->u.list.items[i], "first", i == 0);
        value_map_put_bool(a, list->u.list.items[i], "last", i + 1 == list->u.list.count);
    }
}

static void put_type_flags(struct arena *a, struct value *v, enum member_type t)
{
    value_map_put_str(a, v, "type", member_type_name(t));
    if (t != MEMBER_OBJECT) /* object items get their generated struct name */
        value_map_put_str(a, v, "c_type", c_type(t));
    value_map_put_bool(a, v, "is_string", t == MEMBER_STRING);
    value_map_put_bool(a, v, "is_integer", t == MEMBER_INTEGER);
    value_map_put_bool(a, v, "is_number", t == MEMBER_NUMBER);
    value_map_put_bool(a, v, "is_boolean", t == MEMBER_BOOLEAN);
    value_map_put_bool(a, v, "is_array", t == MEMBER_ARRAY);
    value_map_put_bool(a, v, "is_object", t == MEMBER_OBJECT);
}

static struct value *number_or_null(struct arena *a, bool has, double d, enum member_type t)
{
    if (!has)
        return value_null(a);
    if (t == MEMBER_INTEGER && d == floor(d))
        return value_int(a, (int64_t)d);
    return value_number(a, d);
}

static const char *kind_c(enum member_type t)
{
    switch (t) {
    case MEMBER_STRING: return "ERRATA_KIND_STRING";
    case MEMBER_INTEGER: return "ERRATA_KIND_INTEGER";
    case MEMBER_NUMBER: return "ERRATA_KIND_NUMBER";
    case MEMBER_BOOLEAN: return "ERRATA_KIND_BOOLEAN";
    case MEMBER_ARRAY: return "ERRATA_KIND_ARRAY";
    case MEMBER_OBJECT: return "ERRATA_KIND_OBJECT";
    }
    return NULL;
}

static const char *array_type(enum member_type item)
{
    switch (item) {
    case MEMBER_STRING: return "errata_strings_t";
    case MEMBER_INTEGER: return "errata_integers_t";
    case MEMBER_NUMBER: return "errata_numbers_t";
    case MEMBER_BOOLEAN: return "errata_booleans_t";
    case MEMBER_ARRAY:
    case MEMBER_OBJECT: break;
    }
    return NULL;
}

/* Optional numbers and booleans travel by pointer in throw structs, so that
 * absent and zero differ; strings and arrays have NULL for absent anyway. */
static bool by_pointer(const struct member *m)
{
    return !m->required &&
           (m->type == MEMBER_INTEGER || m->type == MEMBER_NUMBER || m->type == MEMBER_BOOLEAN);
}

/* The C declaration of a member in the generated throw struct. `scope` names
 * the generated types of object items: pets_pet_validation_failed. */
static const char *c_decl(struct arena *a, const struct member *m, const char *scope)
{
    if (m->type == MEMBER_ARRAY && m->item_type == MEMBER_OBJECT)
        return arena_printf(a, "%s_%s_array_t %s", scope, m->c_name, m->c_name);
    if (m->type == MEMBER_ARRAY)
        return arena_printf(a, "%s %s", array_type(m->item_type), m->c_name);
    if (m->type == MEMBER_STRING)
        return arena_printf(a, "const char *%s", m->c_name);
    if (by_pointer(m))
        return arena_printf(a, "const %s *%s", c_type(m->type), m->c_name);
    return arena_printf(a, "%s %s", c_type(m->type), m->c_name);
}

static struct value *member_value(struct arena *a, const struct member *m, const char *scope);

static struct value *items_value(struct arena *a, const struct member *m, const char *scope)
{
    struct value *v = value_map(a);
    put_type_flags(a, v, m->item_type);
    value_map_put_str(a, v, "kind_c", kind_c(m->item_type));
    value_map_put_str(a, v, "format", string_format_name(m->item_format));
    if (m->item_type == MEMBER_OBJECT) {
        value_map_put_str(a, v, "c_type", arena_printf(a, "%s_%s_item_t", scope, m->c_name));
        value_map_put_str(a, v, "array_type", arena_printf(a, "%s_%s_array_t", scope, m->c_name));
    } else {
        value_map_put_str(a, v, "array_type", array_type(m->item_type));
    }
    struct value *props = value_list(a);
    for (size_t i = 0; i < m->property_count; i++) {
        struct value *p = member_value(a, &m->properties[i], scope);
        /* Templates inside the properties loop cannot reach the item's
         * fields (each property has its own "items"), so name the struct. */
        value_map_put_str(a, p, "container", arena_printf(a, "%s_%s_item_t", scope, m->c_name));
        value_list_push(a, props, p);
    }
    model_mark_last(a, props);
    value_map_put(a, v, "properties", props);
    return v;
}

/* The designated initializers of a member's bounds (errata_member_desc_t's
 * bounds, int_min, ...), with the comma that joins them; "" without any. */
static const char *bounds_c(struct arena *a, const struct member *m)
{
    struct member_bounds b;
    member_bounds(m, &b);
    struct strbuf flags = STRBUF_INIT, fields = STRBUF_INIT;
    bool integer = m->type == MEMBER_INTEGER;
    if (b.min) {
        strbuf_adds(&flags, "ERRATA_BOUND_MIN");
        if (integer)
            strbuf_addf(&fields, ", .int_min = %lld", (long long)b.int_min);
        else
            strbuf_addf(&fields, ", .num_min = %.17g", b.num_min);
    }
    if (b.max) {
        strbuf_addf(&flags, "%sERRATA_BOUND_MAX", flags.len ? " | " : "");
        if (integer)
            strbuf_addf(&fields, ", .int_max = %lld", (long long)b.int_max);
        else
            strbuf_addf(&fields, ", .num_max = %.17g", b.num_max);
    }
    if (b.length) {
        strbuf_addf(&flags, "%sERRATA_BOUND_LENGTH", flags.len ? " | " : "");
        strbuf_addf(&fields, ", .max_length = %llu", (unsigned long long)b.max_length);
    }
    if (b.items) {
        strbuf_addf(&flags, "%sERRATA_BOUND_ITEMS", flags.len ? " | " : "");
        strbuf_addf(&fields, ", .max_items = %llu", (unsigned long long)b.max_items);
    }
    const char *out = flags.len ? arena_printf(a, ",\n      .bounds = %s%s", strbuf_str(&flags),
                                               strbuf_str(&fields))
                                : "";
    strbuf_release(&flags);
    strbuf_release(&fields);
    return out;
}

static struct value *member_value(struct arena *a, const struct member *m, const char *scope)
{
    struct value *v = value_map(a);
    /* name: the JSON member name (name_c inside a C string); c_name: the
     * struct member and macro argument. */
    model_put_text(a, v, "name", m->name);
    value_map_put_str(a, v, "c_name", m->c_name);
    put_type_flags(a, v, m->type);
    value_map_put_str(a, v, "kind_c", kind_c(m->type));
    value_map_put_bool(a, v, "by_pointer", by_pointer(m));
    value_map_put_str(a, v, "c_decl", c_decl(a, m, scope));
    value_map_put_str(a, v, "format", string_format_name(m->format));
    value_map_put_bool(a, v, "required", m->required);
    model_put_text(a, v, "description", m->description);
    put_example(a, v, m->example);
    value_map_put_str(a, v, "bounds_c", bounds_c(a, m));
    value_map_put_bool(a, v, "hidden", m->hidden);
    value_map_put(a, v, "minimum", number_or_null(a, m->has_minimum, m->minimum, m->type));
    value_map_put(a, v, "maximum", number_or_null(a, m->has_maximum, m->maximum, m->type));
    value_map_put(a, v, "max_length", m->has_max_length ? value_int(a, (int64_t)m->max_length)
                                                        : value_null(a));
    value_map_put(a, v, "max_items", m->has_max_items ? value_int(a, (int64_t)m->max_items)
                                                      : value_null(a));
    value_map_put(a, v, "items",
                  m->type == MEMBER_ARRAY ? items_value(a, m, scope) : value_null(a));
    return v;
}

static struct value *template_value(struct arena *a, const struct text_template *t,
                                    const struct entry *e, bool header)
{
    struct value *parts = value_list(a);
    bool in_quotes = false;
    for (size_t i = 0; i < t->part_count; i++) {
        struct value *p = value_map(a);
        const struct member *m = t->parts[i].member;
        if (header && t->parts[i].text)
            in_quotes = wire_quotes_open(t->parts[i].text, in_quotes);
        value_map_put_bool(a, p, "quoted", header && m != NULL && in_quotes);
        model_put_text(a, p, "text", t->parts[i].text);
        value_map_put_str(a, p, "member", m ? m->name : NULL);
        value_map_put_int(a, p, "member_index", m ? (int64_t)(m - e->members) : -1);
        value_list_push(a, parts, p);
    }
    model_mark_last(a, parts);
    return parts;
}

struct value *model_header_parts(struct arena *a, const struct text_template *t,
                                 const struct entry *e)
{
    return template_value(a, t, e, true);
}

struct value *model_detail_parts(struct arena *a, const struct text_template *t,
                                 const struct entry *e)
{
    return template_value(a, t, e, false);
}

/* The constant start of every body of this type, as the runtime writes it:
 * computed here once instead of at every throw. */
static void put_body_prefix(struct arena *a, struct value *v, const struct entry *e)
{
    struct strbuf sb = STRBUF_INIT;
    wire_body_prefix(&sb, e);
    model_put_text(a, v, "body_prefix", strbuf_str(&sb));
    value_map_put_int(a, v, "body_prefix_len", (int64_t)sb.len);
    strbuf_release(&sb);
}

static struct value *entry_value(struct arena *a, const struct model *m, const struct entry *e)
{
    const char *prefix = m->main->name;
    struct value *v = value_map(a);
    value_map_put_str(a, v, "code", e->code);
    value_map_put_str(a, v, "enum", arena_printf(a, "%s_%s", upper(a, prefix), e->code));
    value_map_put_int(a, v, "value", e->id);
    value_map_put_bool(a, v, "explicit_id", e->explicit_id);
    value_map_put_str(a, v, "lower", lower(a, e->code));
    value_map_put_str(a, v, "struct", arena_printf(a, "%s_%s_t", prefix, lower(a, e->code)));
    value_map_put_str(a, v, "throw_macro",
                      arena_printf(a, "%s_THROW_%s", upper(a, prefix), e->code));
    value_map_put_int(a, v, "status", e->status);
    value_map_put_str(a, v, "status_class", e->status < 500 ? "4xx" : "5xx");
    value_map_put_bool(a, v, "client_error", e->status < 500);
    value_map_put_bool(a, v, "server_error", e->status >= 500);
    model_put_text(a, v, "title", e->title);
    model_put_text(a, v, "slug", e->slug);
    model_put_text(a, v, "type_uri", e->type_uri);
    value_map_put_bool(a, v, "about_blank", e->about_blank);
    value_map_put_bool(a, v, "retryable", e->retryable);
    model_put_text(a, v, "cache_control", e->cache_control);
    value_map_put_bool(a, v, "expose_detail", e->expose_detail);
    model_put_text(a, v, "detail", e->detail.source);
    value_map_put(a, v, "detail_parts", template_value(a, &e->detail, e, false));
    value_map_put_bool(a, v, "has_detail_parts", e->detail.part_count > 0);
    model_put_text(a, v, "description", e->description);
    model_put_text(a, v, "deprecated", e->deprecated);
    value_map_put_str(a, v, "origin", e->origin->name);
    const char *scope = arena_printf(a, "%s_%s", prefix, lower(a, e->code));
    value_map_put_str(a, v, "throw_struct", arena_printf(a, "%s_throw_t", scope));
    value_map_put_str(a, v, "throw_fn", arena_printf(a, "%s_throw_%s_", prefix, lower(a, e->code)));
    put_body_prefix(a, v, e);
    struct value *members = value_list(a);
    for (size_t i = 0; i < e->member_count; i++)
        value_list_push(a, members, member_value(a, &e->members[i], scope));
    model_mark_last(a, members);
    value_map_put_bool(a, v, "has_members", e->member_count > 0);
    value_map_put(a, v, "members", members);
    /* The positional throw: required members as macro arguments, so that
     * leaving one out is a compile error (a designated initializer cannot
     * say so). */
    struct value *required = value_list(a);
    size_t required_count = 0;
    for (size_t i = 0; i < e->member_count; i++) {
        if (!e->members[i].required)
            continue;
        required_count++;
        struct value *r = value_map(a);
        value_map_put_str(a, r, "name", e->members[i].name);
        value_map_put_str(a, r, "c_name", e->members[i].c_name);
        value_list_push(a, required, r);
    }
    model_mark_last(a, required);
    value_map_put_bool(a, v, "has_required", required_count > 0);
    value_map_put(a, v, "required_members", required);
    value_map_put_str(a, v, "raise_macro",
                      arena_printf(a, "%s_RAISE_%s", upper(a, prefix), e->code));
    struct value *headers = value_list(a);
    for (size_t i = 0; i < e->header_count; i++) {
        struct value *h = value_map(a);
        model_put_text(a, h, "name", e->headers[i].name);
        model_put_text(a, h, "value", e->headers[i].value.source);
        value_map_put(a, h, "parts", template_value(a, &e->headers[i].value, e, true));
        value_map_put_bool(a, h, "has_fallback", e->headers[i].fallback != NULL);
        value_map_put_bool(a, h, "fallback_empty",
                           e->headers[i].fallback != NULL && e->headers[i].fallback[0] == '\0');
        model_put_text(a, h, "fallback", e->headers[i].fallback);
        value_list_push(a, headers, h);
    }
    model_mark_last(a, headers);
    value_map_put_bool(a, v, "has_headers", e->header_count > 0);
    value_map_put(a, v, "headers", headers);
    return v;
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static struct value *catalog_value(struct arena *a, const struct catalog_file *f)
{
    struct value *v = value_map(a);
    value_map_put_str(a, v, "name", f->name);
    value_map_put_str(a, v, "file", base_name(f->path));
    model_put_text(a, v, "title", f->title);
    model_put_text(a, v, "version", f->version);
    model_put_text(a, v, "base_uri", f->base_uri);
    model_put_text(a, v, "description", f->description);
    return v;
}

static int by_type_uri(const void *pa, const void *pb)
{
    const struct entry *const *x = pa, *const *y = pb;
    return strcmp((*x)->type_uri, (*y)->type_uri);
}

static int by_status(const void *pa, const void *pb)
{
    const struct entry *const *x = pa, *const *y = pb;
    return (*x)->status - (*y)->status;
}

static struct value *index_entry(struct arena *a, const char *prefix, const struct entry *e)
{
    struct value *v = value_map(a);
    model_put_text(a, v, "type_uri", e->type_uri);
    value_map_put_int(a, v, "status", e->status);
    value_map_put_str(a, v, "enum", arena_printf(a, "%s_%s", upper(a, prefix), e->code));
    return v;
}

/* Lookup tables for decoders: type URIs sorted bytewise (for a binary
 * search), and the about:blank entries by status. */
static void put_indexes(struct arena *a, struct value *root, const struct model *m)
{
    const struct entry **typed = arena_alloc_array(a, m->entry_count + 1, sizeof *typed);
    const struct entry **blank = arena_alloc_array(a, m->entry_count + 1, sizeof *blank);
    size_t nt = 0, nb = 0;
    int64_t max = 0;
    for (size_t i = 0; i < m->entry_count; i++) {
        const struct entry *e = &m->entries[i];
        if (e->about_blank)
            blank[nb++] = e;
        else
            typed[nt++] = e;
        if (e->id > max)
            max = e->id;
    }
    qsort(typed, nt, sizeof *typed, by_type_uri);
    qsort(blank, nb, sizeof *blank, by_status);
    struct value *tl = value_list(a), *bl = value_list(a);
    for (size_t i = 0; i < nt; i++)
        value_list_push(a, tl, index_entry(a, m->main->name, typed[i]));
    for (size_t i = 0; i < nb; i++)
        value_list_push(a, bl, index_entry(a, m->main->name, blank[i]));
    model_mark_last(a, tl);
    model_mark_last(a, bl);
    value_map_put(a, root, "type_index", tl);
    value_map_put_int(a, root, "type_index_count", (int64_t)nt);
    value_map_put_bool(a, root, "has_type_index", nt > 0);
    value_map_put(a, root, "about_blank_index", bl);
    value_map_put_bool(a, root, "has_about_blank_index", nb > 0);
    value_map_put_int(a, root, "max_value", max);
    value_map_put_int(a, root, "count_value", max + 1);
}

struct value *model_to_value(struct arena *a, const struct model *m)
{
    const char *prefix = m->main->name;
    struct value *root = value_map(a);
    value_map_put_str(a, root, "errata_version", ERRATA_VERSION);
    value_map_put_int(a, root, "runtime_version", ERRATA_RUNTIME_VERSION);
    value_map_put_int(a, root, "format", 1);
    value_map_put(a, root, "catalog", catalog_value(a, m->main));
    /* A C identifier (checked): it needs no escaping in C or JSON. */
    value_map_put_str(a, root, "trace_member", m->trace_member ? m->trace_member : "trace_id");
    struct value *names = value_map(a);
    value_map_put_str(a, names, "prefix", prefix);
    value_map_put_str(a, names, "PREFIX", upper(a, prefix));
    value_map_put_str(a, names, "header", arena_printf(a, "%s_errors.h", prefix));
    value_map_put_str(a, names, "source", arena_printf(a, "%s_errors.c", prefix));
    value_map_put_str(a, names, "enum", arena_printf(a, "%s_code", prefix));
    value_map_put(a, root, "names", names);
    struct value *includes = value_list(a);
    for (size_t i = 1; i < m->file_count; i++)
        value_list_push(a, includes, catalog_value(a, m->files[i]));
    model_mark_last(a, includes);
    value_map_put(a, root, "includes", includes);
    value_map_put_int(a, root, "error_count", (int64_t)m->entry_count);
    struct value *errors = value_list(a);
    for (size_t i = 0; i < m->entry_count; i++)
        value_list_push(a, errors, entry_value(a, m, &m->entries[i]));
    model_mark_last(a, errors);
    value_map_put(a, root, "errors", errors);
    struct value *removed = model_removed_value(a, m);
    value_map_put(a, root, "removed", removed);
    value_map_put_bool(a, root, "has_removed", removed->u.list.count > 0);
    put_indexes(a, root, m);
    model_put_operations(a, root, m);
    model_put_migration(a, root, m);
    model_put_locales(a, root, m);
    return root;
}
