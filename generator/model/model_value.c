#include "model_value.h"

#include <ctype.h>
#include <math.h>
#include <string.h>

#include "../support/arena.h"
#include "../support/strbuf.h"
#include "errata_config.h"
#include "escape.h"
#include "json_write.h"
#include "model.h"
#include "value.h"

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

static struct value *escaped(struct arena *a, const char *s,
                             void (*escape)(struct strbuf *, const char *, size_t))
{
    struct strbuf sb = STRBUF_INIT;
    escape(&sb, s, strlen(s));
    struct value *v = value_stringn(a, strbuf_str(&sb), sb.len);
    strbuf_release(&sb);
    return v;
}

/* A text field and its escaped forms: KEY, KEY_c, KEY_json, KEY_md, KEY_html
 * (docs/templates.md: which form goes where). */
static void put_text(struct arena *a, struct value *map, const char *key, const char *s)
{
    value_map_put_str(a, map, key, s);
    static const struct {
        const char *suffix;
        void (*escape)(struct strbuf *, const char *, size_t);
    } forms[] = {
        { "c", escape_c_body },
        { "json", escape_json_body },
        { "md", escape_markdown },
        { "html", escape_html },
    };
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        const char *name = arena_printf(a, "%s_%s", key, forms[i].suffix);
        value_map_put(a, map, name, s ? escaped(a, s, forms[i].escape) : value_null(a));
    }
}

/* The example as compact JSON text, for docs and tests. */
static void put_example(struct arena *a, struct value *map, const struct value *example)
{
    value_map_put(a, map, "example", example ? (struct value *)example : value_null(a));
    if (example == NULL) {
        put_text(a, map, "example_json", NULL);
        return;
    }
    struct strbuf sb = STRBUF_INIT;
    json_write_compact(&sb, example);
    put_text(a, map, "example_json", strbuf_str(&sb));
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

/* Mustache has no "is last" test, so list items carry it for separators. */
static void mark_last(struct arena *a, struct value *list)
{
    for (size_t i = 0; i < list->u.list.count; i++) {
        value_map_put_bool(a, list->u.list.items[i], "first", i == 0);
        value_map_put_bool(a, list->u.list.items[i], "last", i + 1 == list->u.list.count);
    }
}

static void put_type_flags(struct arena *a, struct value *v, enum member_type t)
{
    value_map_put_str(a, v, "type", member_type_name(t));
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

static struct value *member_value(struct arena *a, const struct member *m);

static struct value *items_value(struct arena *a, const struct member *m)
{
    struct value *v = value_map(a);
    put_type_flags(a, v, m->item_type);
    value_map_put_str(a, v, "format", string_format_name(m->item_format));
    struct value *props = value_list(a);
    for (size_t i = 0; i < m->property_count; i++)
        value_list_push(a, props, member_value(a, &m->properties[i]));
    mark_last(a, props);
    value_map_put(a, v, "properties", props);
    return v;
}

static struct value *member_value(struct arena *a, const struct member *m)
{
    struct value *v = value_map(a);
    value_map_put_str(a, v, "name", m->name);
    put_type_flags(a, v, m->type);
    value_map_put_str(a, v, "format", string_format_name(m->format));
    value_map_put_bool(a, v, "required", m->required);
    put_text(a, v, "description", m->description);
    put_example(a, v, m->example);
    value_map_put(a, v, "minimum", number_or_null(a, m->has_minimum, m->minimum, m->type));
    value_map_put(a, v, "maximum", number_or_null(a, m->has_maximum, m->maximum, m->type));
    value_map_put(a, v, "max_length", m->has_max_length ? value_int(a, (int64_t)m->max_length)
                                                        : value_null(a));
    value_map_put(a, v, "max_items", m->has_max_items ? value_int(a, (int64_t)m->max_items)
                                                      : value_null(a));
    value_map_put(a, v, "items", m->type == MEMBER_ARRAY ? items_value(a, m) : value_null(a));
    return v;
}

static struct value *template_value(struct arena *a, const struct text_template *t)
{
    struct value *parts = value_list(a);
    for (size_t i = 0; i < t->part_count; i++) {
        struct value *p = value_map(a);
        put_text(a, p, "text", t->parts[i].text);
        value_map_put_str(a, p, "member", t->parts[i].member ? t->parts[i].member->name : NULL);
        value_list_push(a, parts, p);
    }
    mark_last(a, parts);
    return parts;
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
    put_text(a, v, "title", e->title);
    put_text(a, v, "slug", e->slug);
    put_text(a, v, "type_uri", e->type_uri);
    value_map_put_bool(a, v, "about_blank", e->about_blank);
    value_map_put_bool(a, v, "retryable", e->retryable);
    put_text(a, v, "cache_control", e->cache_control);
    value_map_put_bool(a, v, "expose_detail", e->expose_detail);
    put_text(a, v, "detail", e->detail.source);
    value_map_put(a, v, "detail_parts", template_value(a, &e->detail));
    put_text(a, v, "description", e->description);
    put_text(a, v, "deprecated", e->deprecated);
    value_map_put_str(a, v, "origin", e->origin->name);
    struct value *members = value_list(a);
    for (size_t i = 0; i < e->member_count; i++)
        value_list_push(a, members, member_value(a, &e->members[i]));
    mark_last(a, members);
    value_map_put_bool(a, v, "has_members", e->member_count > 0);
    value_map_put(a, v, "members", members);
    struct value *headers = value_list(a);
    for (size_t i = 0; i < e->header_count; i++) {
        struct value *h = value_map(a);
        put_text(a, h, "name", e->headers[i].name);
        put_text(a, h, "value", e->headers[i].value.source);
        value_map_put(a, h, "parts", template_value(a, &e->headers[i].value));
        value_list_push(a, headers, h);
    }
    mark_last(a, headers);
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
    put_text(a, v, "title", f->title);
    put_text(a, v, "version", f->version);
    put_text(a, v, "base_uri", f->base_uri);
    put_text(a, v, "description", f->description);
    return v;
}

struct value *model_to_value(struct arena *a, const struct model *m)
{
    const char *prefix = m->main->name;
    struct value *root = value_map(a);
    value_map_put_str(a, root, "errata_version", ERRATA_VERSION);
    value_map_put_int(a, root, "format", 1);
    value_map_put(a, root, "catalog", catalog_value(a, m->main));
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
    mark_last(a, includes);
    value_map_put(a, root, "includes", includes);
    value_map_put_int(a, root, "error_count", (int64_t)m->entry_count);
    struct value *errors = value_list(a);
    for (size_t i = 0; i < m->entry_count; i++)
        value_list_push(a, errors, entry_value(a, m, &m->entries[i]));
    mark_last(a, errors);
    value_map_put(a, root, "errors", errors);
    return root;
}
