#include "docs_fields.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../catalog/rules.h"
#include "../decode/model_catalog.h"
#include "../model/model.h"
#include "../model/model_value.h"
#include "../model/value.h"
#include "../support/arena.h"
#include "../support/strbuf.h"
#include "example_response.h"
#include "markdown.h"
#include "status_meaning.h"

bool docs_slug_is_page_name(const char *slug)
{
    if (slug == NULL || slug[0] == '\0' || slug[0] == '.')
        return false;
    for (const char *p = slug; *p; p++) {
        char c = *p;
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '.' || c == '_' || c == '~';
        if (!ok)
            return false;
    }
    return true;
}

static const char *type_label(struct arena *a, const struct member *m)
{
    if (m->type != MEMBER_ARRAY) {
        const char *format = string_format_name(m->format);
        return format ? arena_printf(a, "%s (%s)", member_type_name(m->type), format)
                      : member_type_name(m->type);
    }
    const char *format = string_format_name(m->item_format);
    return format ? arena_printf(a, "array of %s (%s)", member_type_name(m->item_type), format)
                  : arena_printf(a, "array of %s", member_type_name(m->item_type));
}

/* "minimum 0, at most 64 items": the member's limits in words. */
static const char *constraints(struct arena *a, const struct member *m)
{
    struct strbuf sb = STRBUF_INIT;
    const char *sep = "";
    if (m->has_minimum) {
        strbuf_addf(&sb, "%sminimum %.17g", sep, m->minimum);
        sep = ", ";
    }
    if (m->has_maximum) {
        strbuf_addf(&sb, "%smaximum %.17g", sep, m->maximum);
        sep = ", ";
    }
    if (m->has_max_length) {
        strbuf_addf(&sb, "%sat most %llu characters", sep, (unsigned long long)m->max_length);
        sep = ", ";
    }
    if (m->has_max_items) {
        strbuf_addf(&sb, "%sat most %llu items", sep, (unsigned long long)m->max_items);
        sep = ", ";
    }
    if (m->hidden) /* a client reading the docs must not wait for it */
        strbuf_addf(&sb, "%snever sent: the server logs it", sep);
    const char *text = sb.len ? arena_strndup(a, strbuf_str(&sb), sb.len) : NULL;
    strbuf_release(&sb);
    return text;
}

static struct value *member_row(struct arena *a, const struct member *m, const char *name)
{
    struct value *row = value_map(a);
    model_put_text(a, row, "name", name);
    value_map_put_str(a, row, "type_label", type_label(a, m));
    value_map_put_bool(a, row, "required", m->required);
    model_put_text(a, row, "constraints", constraints(a, m));
    value_map_put_str(a, row, "description_md_cell", markdown_table_cell(a, m->description));
    value_map_put_str(a, row, "description_as_html", markdown_inline_html(a, m->description));
    return row;
}

/* One row per member, and one per property of an array of objects
 * ("errors[].pointer"), in catalog order. */
static struct value *member_rows(struct arena *a, const struct entry *e)
{
    struct value *rows = value_list(a);
    for (size_t i = 0; i < e->member_count; i++) {
        const struct member *m = &e->members[i];
        value_list_push(a, rows, member_row(a, m, m->name));
        for (size_t j = 0; j < m->property_count; j++) {
            const char *name = arena_printf(a, "%s[].%s", m->name, m->properties[j].name);
            value_list_push(a, rows, member_row(a, &m->properties[j], name));
        }
    }
    return rows;
}

static bool has_header(const struct entry *e, const char *name)
{
    for (size_t i = 0; i < e->header_count; i++) {
        if (strcasecmp(e->headers[i].name, name) == 0)
            return true;
    }
    return false;
}

static const char *retry_advice(const struct entry *e)
{
    if (e->retryable && has_header(e, "Retry-After"))
        return "Retryable: wait at least the time the Retry-After header gives, with some "
               "random jitter, then repeat the request.";
    if (e->retryable)
        return "Retryable: repeat the request after a delay, backing off exponentially with "
               "jitter between attempts.";
    if (e->status >= 500)
        return "Not retryable by default: the same request is likely to fail the same way. "
               "Quote the trace id when reporting it.";
    return "Not retryable: the same request gets the same answer. Change the request (or "
           "the state it depends on) first.";
}

static struct value *example_value(struct arena *a, const errata_descriptor_t *desc,
                                   const struct entry *e)
{
    struct example_response ex;
    example_response_build(a, desc, e, &ex);
    struct value *v = value_map(a);
    model_put_text(a, v, "status_line", ex.status_line);
    struct value *headers = value_list(a);
    for (size_t i = 0; i < ex.header_count; i++) {
        struct value *h = value_map(a);
        model_put_text(a, h, "name", ex.headers[i].name);
        model_put_text(a, h, "value", ex.headers[i].value);
        value_list_push(a, headers, h);
    }
    value_map_put(a, v, "headers", headers);
    model_put_text(a, v, "body", ex.body);
    model_put_text(a, v, "body_pretty", ex.body_pretty);
    value_map_put_bool(a, v, "truncated", ex.truncated);
    return v;
}

/* index: the HTML index page's name, which no error page may take. */
static void add_entry_fields(struct arena *a, const errata_descriptor_t *desc,
                             const struct entry *e, const char *index, struct value *v)
{
    const char *reason = rules_reason_phrase(e->status);
    model_put_text(a, v, "reason", reason ? reason : (e->status < 500 ? "Client Error"
                                                                     : "Server Error"));
    model_put_text(a, v, "status_meaning", status_meaning(e->status));
    model_put_text(a, v, "retry_advice", retry_advice(e));
    value_map_put_str(a, v, "description_markdown", markdown_trimmed(a, e->description));
    value_map_put_str(a, v, "description_as_html", markdown_block_html(a, e->description));
    value_map_put_str(a, v, "deprecated_as_html", markdown_inline_html(a, e->deprecated));
    value_map_put(a, v, "member_rows", member_rows(a, e));
    value_map_put(a, v, "example_response", example_value(a, desc, e));
    const char *file = arena_printf(a, "%s.html", e->slug);
    bool page = !e->about_blank && docs_slug_is_page_name(e->slug) && strcmp(file, index) != 0;
    value_map_put_bool(a, v, "has_page", page);
    value_map_put_str(a, v, "page", page ? file : NULL);
}

struct by_status_item {
    const struct entry *e;
    struct value *v;
    size_t order;
};

static int by_status(const void *pa, const void *pb)
{
    const struct by_status_item *x = pa, *y = pb;
    if (x->e->status != y->e->status)
        return x->e->status < y->e->status ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order; /* stable */
}

static struct value *group(struct arena *a, const char *cls, const char *heading)
{
    struct value *g = value_map(a);
    value_map_put_str(a, g, "status_class", cls);
    value_map_put_str(a, g, "heading", heading);
    value_map_put(a, g, "errors", value_list(a));
    return g;
}

/* The errors by status class, each class in status order (catalog order
 * within a status): the overview tables and the sections follow it. */
static struct value *status_groups(struct arena *a, const struct model *m, struct value *errors)
{
    struct by_status_item *items = arena_alloc_array(a, m->entry_count + 1, sizeof *items);
    for (size_t i = 0; i < m->entry_count; i++)
        items[i] = (struct by_status_item){ &m->entries[i], errors->u.list.items[i], i };
    qsort(items, m->entry_count, sizeof *items, by_status);
    struct value *client = group(a, "4xx", "Client errors (4xx)");
    struct value *server = group(a, "5xx", "Server errors (5xx)");
    for (size_t i = 0; i < m->entry_count; i++) {
        struct value *g = items[i].e->status < 500 ? client : server;
        value_list_push(a, value_map_get(g, "errors", 6), items[i].v);
    }
    struct value *groups = value_list(a);
    if (value_map_get(client, "errors", 6)->u.list.count > 0)
        value_list_push(a, groups, client);
    if (value_map_get(server, "errors", 6)->u.list.count > 0)
        value_list_push(a, groups, server);
    return groups;
}

void docs_fields_add(struct arena *a, const struct model *m, struct value *root)
{
    errata_catalog_t catalog;
    model_catalog_build(a, m, &catalog);
    struct value *errors = value_map_get(root, "errors", 6);
    const char *index = arena_printf(a, "%s_errors.html", m->main->name);
    for (size_t i = 0; i < m->entry_count; i++)
        add_entry_fields(a, &catalog.descriptors[i], &m->entries[i], index,
                         errors->u.list.items[i]);
    struct value *cat = value_map_get(root, "catalog", 7);
    value_map_put_str(a, cat, "description_markdown", markdown_trimmed(a, m->main->description));
    value_map_put_str(a, cat, "description_as_html",
                      markdown_block_html(a, m->main->description));
    value_map_put(a, root, "status_groups", status_groups(a, m, errors));
    value_map_put_str(a, root, "docs_index", index);
}
