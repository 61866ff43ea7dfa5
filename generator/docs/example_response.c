#include "example_response.h"

#include <string.h>

#include "../catalog/rules.h"
#include "../decode/model_catalog.h"
#include "../model/model.h"
#include "../model/value.h"
#include "../support/arena.h"
#include "../support/strbuf.h"

/* ---- the member struct, in the generic slot layout ---------------------- */

static double number_of(const struct value *v)
{
    return v->kind == VALUE_INT ? (double)v->u.integer : v->u.number;
}

/* Writes one scalar into the slot at `at`: the value itself, or (optional
 * non-string scalars) a pointer to a copy of it in the arena. */
static void put_scalar(struct arena *a, enum member_type type, bool by_pointer,
                       const struct value *v, unsigned char *at)
{
    int64_t i = 0;
    double d = 0;
    bool b = false;
    const void *src = NULL;
    size_t size = 0;
    switch (type) {
    case MEMBER_STRING: {
        const char *s = v->kind == VALUE_STRING ? v->u.string.ptr : NULL;
        memcpy(at, &s, sizeof s);
        return;
    }
    case MEMBER_INTEGER: i = v->kind == VALUE_INT ? v->u.integer : 0; src = &i; size = sizeof i; break;
    case MEMBER_NUMBER: d = number_of(v); src = &d; size = sizeof d; break;
    case MEMBER_BOOLEAN: b = v->kind == VALUE_BOOL && v->u.boolean; src = &b; size = sizeof b; break;
    case MEMBER_ARRAY:
    case MEMBER_OBJECT: return; /* never scalars; the checker keeps them out */
    }
    if (!by_pointer) {
        memcpy(at, src, size);
        return;
    }
    void *copy = arena_alloc(a, size);
    memcpy(copy, src, size);
    memcpy(at, &copy, sizeof copy);
}

static void put_array(struct arena *a, const struct member *m, const errata_member_desc_t *d,
                      const struct value *v, unsigned char *at)
{
    size_t count = v->u.list.count;
    unsigned char *items = arena_alloc(a, count * d->item_size + 1);
    memset(items, 0, count * d->item_size + 1);
    for (size_t k = 0; k < count; k++) {
        const struct value *item = v->u.list.items[k];
        unsigned char *slot = items + k * d->item_size;
        if (m->item_type != MEMBER_OBJECT) {
            put_scalar(a, m->item_type, false, item, slot);
            continue;
        }
        for (size_t j = 0; j < m->property_count; j++) {
            const struct member *prop = &m->properties[j];
            const struct value *pv = value_map_get(item, prop->name, strlen(prop->name));
            if (pv != NULL)
                put_scalar(a, prop->type, d->properties[j].by_pointer, pv,
                           slot + d->properties[j].offset);
        }
    }
    memcpy(at, &items, sizeof items);
    memcpy(at + MODEL_CATALOG_COUNT_AT, &count, sizeof count);
}

unsigned char *example_members_from(struct arena *a, const errata_descriptor_t *desc,
                                    const struct entry *e, const struct value *const *values)
{
    size_t size = (e->member_count + 1) * MODEL_CATALOG_SLOT;
    unsigned char *base = arena_alloc(a, size);
    memset(base, 0, size); /* absent: NULL pointers, empty arrays */
    for (size_t i = 0; i < e->member_count; i++) {
        const struct member *m = &e->members[i];
        const errata_member_desc_t *d = &desc->members[i];
        const struct value *v = values[i];
        if (v == NULL)
            continue;
        if (m->type == MEMBER_ARRAY && v->kind == VALUE_LIST)
            put_array(a, m, d, v, base + d->offset);
        else if (m->type != MEMBER_ARRAY)
            put_scalar(a, m->type, d->by_pointer, v, base + d->offset);
    }
    return base;
}

static unsigned char *example_members(struct arena *a, const errata_descriptor_t *desc,
                                      const struct entry *e)
{
    const struct value **values = arena_alloc(a, (e->member_count + 1) * sizeof *values);
    for (size_t i = 0; i < e->member_count; i++)
        values[i] = e->members[i].example;
    return example_members_from(a, desc, e, values);
}

/* ---- the response ------------------------------------------------------- */

struct header_list {
    struct arena *a;
    struct example_header *items;
    size_t count, cap;
};

static void collect_header(const char *name, const char *value, void *ctx)
{
    struct header_list *l = ctx;
    l->items = arena_grow(l->a, l->items, &l->cap, l->count + 1, sizeof *l->items);
    l->items[l->count].name = arena_strdup(l->a, name);
    l->items[l->count].value = arena_strdup(l->a, value);
    l->count++;
}

static const char *status_line(struct arena *a, int status)
{
    const char *reason = rules_reason_phrase(status);
    if (reason == NULL)
        reason = status < 500 ? "Client Error" : "Server Error";
    return arena_printf(a, "HTTP/1.1 %d %s", status, reason);
}

void example_response_build(struct arena *a, const errata_descriptor_t *desc,
                            const struct entry *e, struct example_response *out)
{
    /* On the stack, not in the arena: one problem per error would stay
     * allocated for the whole run (4 KiB and more each). */
    errata_problem_t problem;
    errata_problem_t *p = &problem;
    errata_throw(p, desc, NULL, 0, NULL, NULL, example_members(a, desc, e));
    if (e->status >= 500)
        errata_problem_set_trace_id(p, EXAMPLE_TRACE_ID);
    size_t len = errata_problem_json(p, NULL, 0);
    char *body = arena_alloc(a, len + 1);
    errata_problem_json(p, body, len + 1);
    struct header_list headers = { a, NULL, 0, 0 };
    char scratch[ERRATA_HEADER_VALUE_MAX + 1]; /* holds every header a checked catalog has */
    errata_problem_headers(p, collect_header, &headers, scratch, sizeof scratch, NULL, NULL);
    out->status_line = status_line(a, e->status);
    out->headers = headers.items;
    out->header_count = headers.count;
    out->body = body;
    out->body_pretty = example_json_pretty(a, body);
    out->truncated = (p->flags & ERRATA_PROBLEM_TRUNCATED) != 0;
}

/* ---- indenting ---------------------------------------------------------- */

static void newline(struct strbuf *sb, int depth)
{
    strbuf_addc(sb, '\n');
    for (int i = 0; i < depth; i++)
        strbuf_adds(sb, "  ");
}

const char *example_json_pretty(struct arena *a, const char *json)
{
    struct strbuf sb = STRBUF_INIT;
    int depth = 0;
    bool in_string = false;
    for (const char *p = json; *p; p++) {
        char c = *p;
        if (in_string) {
            strbuf_addc(&sb, c);
            if (c == '\\' && p[1])
                strbuf_addc(&sb, *++p);
            else if (c == '"')
                in_string = false;
            continue;
        }
        switch (c) {
        case '"': in_string = true; strbuf_addc(&sb, c); break;
        case '{':
        case '[':
            strbuf_addc(&sb, c);
            if (p[1] == '}' || p[1] == ']')
                strbuf_addc(&sb, *++p); /* {} and [] stay on one line */
            else
                newline(&sb, ++depth);
            break;
        case '}':
        case ']': newline(&sb, --depth); strbuf_addc(&sb, c); break;
        case ',': strbuf_addc(&sb, c); newline(&sb, depth); break;
        case ':': strbuf_adds(&sb, ": "); break;
        default: strbuf_addc(&sb, c);
        }
    }
    const char *pretty = arena_strndup(a, strbuf_str(&sb), sb.len);
    strbuf_release(&sb);
    return pretty;
}
