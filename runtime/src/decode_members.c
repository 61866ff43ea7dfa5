/* Pass two of errata_decode: the catalog entry's members, by name, each
 * checked against its declared kind. A value of the wrong JSON type leaves
 * the member absent (RFC 9457 §3.1); the last of duplicated names wins.
 * Strings grow from the bottom of the arena (the parser's kept text), arrays
 * of values from the top down, so neither needs to know the other's size. */
#include "decode_internal.h"

#include <string.h>

struct pass {
    errata_json_parser_t p;
    errata_decoded_t *d;
    size_t base; /* where this pass's strings start in the arena */
};

void *errata_decoded_take_top(errata_decoded_t *d, size_t floor, size_t size, size_t align)
{
    size_t top = d->arena_top;
    if (size > top)
        return NULL;
    size_t at = (top - size) / align * align;
    if (at < floor)
        return NULL;
    d->arena_top = at;
    return d->arena.bytes + at;
}

/* The parser's scratch ends where the arrays begin, and keeps room for
 * the names to come (ERRATA_DECODE_NAME_ROOM). */
static void *take_slots(struct pass *s, size_t count)
{
    size_t floor = s->base + s->p.kept + ERRATA_DECODE_NAME_ROOM;
    void *slots = errata_decoded_take_top(s->d, floor, count * sizeof(errata_value_t),
                                          sizeof(double));
    if (slots == NULL) {
        s->d->flags |= ERRATA_PROBLEM_TRUNCATED;
        return NULL;
    }
    s->p.scratch_cap = s->d->arena_top - s->base;
    return slots;
}

/* A scalar of the given kind from the current token; false when the token
 * is of another JSON type (or a number out of the kind's range). */
static bool read_scalar(struct pass *s, errata_json_token_t t, errata_kind_t kind,
                        errata_value_t *v)
{
    v->kind = kind;
    v->cut = false;
    switch (kind) {
    case ERRATA_KIND_STRING:
        if (t != ERRATA_JSON_STRING)
            return false;
        v->u.string = errata_json_keep(&s->p);
        if (s->p.truncated) {
            s->d->flags |= ERRATA_PROBLEM_TRUNCATED;
            v->cut = true;
        }
        break;
    case ERRATA_KIND_INTEGER:
        if (t != ERRATA_JSON_NUMBER || !errata_json_int64(&s->p, &v->u.integer))
            return false;
        break;
    case ERRATA_KIND_NUMBER:
        if (t != ERRATA_JSON_NUMBER || !errata_json_double(&s->p, &v->u.number))
            return false;
        break;
    case ERRATA_KIND_BOOLEAN:
        if (t != ERRATA_JSON_TRUE && t != ERRATA_JSON_FALSE)
            return false;
        v->u.boolean = t == ERRATA_JSON_TRUE;
        break;
    default:
        return false;
    }
    v->present = true;
    return true;
}

/* Whether the declared name is text[0..len): compared byte by byte, so no
 * strlen first; name[len] is read only when the len bytes before it
 * matched, none of them its NUL. */
static bool name_is(const char *name, const char *text, size_t len)
{
    size_t k = 0;
    while (k < len && name[k] != '\0' && name[k] == text[k])
        k++;
    return k == len && name[k] == '\0';
}

static const errata_member_desc_t *find_property(const errata_member_desc_t *m,
                                                 const errata_json_parser_t *p, size_t *index)
{
    for (size_t i = 0; !p->truncated && i < m->property_count; i++) {
        if (name_is(m->properties[i].name, p->text, p->text_len)) {
            *index = i;
            return &m->properties[i];
        }
    }
    return NULL;
}

/* One object item into a row of property values: unknown properties and
 * properties of the wrong type are left out, like members. */
static bool read_object_item(struct pass *s, const errata_member_desc_t *m, errata_value_t *row)
{
    errata_json_token_t t;
    while ((t = errata_json_next(&s->p)) == ERRATA_JSON_KEY) {
        size_t i;
        const errata_member_desc_t *prop = find_property(m, &s->p, &i);
        t = errata_decode_next_value(&s->p);
        if (prop == NULL || !read_scalar(s, t, prop->kind, &row[i])) {
            if (prop != NULL)
                row[i].present = false;
            if (t == ERRATA_JSON_ERROR || !errata_json_skip(&s->p))
                return false;
        }
    }
    return t == ERRATA_JSON_OBJECT_END;
}

/* Rows were taken from the top down, so they lie in reverse: put them in
 * order. */
static void reverse_rows(errata_value_t *first, size_t count, size_t width)
{
    for (size_t a = 0, b = count ? count - 1 : 0; a < b; a++, b--) {
        for (size_t k = 0; k < width; k++) {
            errata_value_t tmp = first[a * width + k];
            first[a * width + k] = first[b * width + k];
            first[b * width + k] = tmp;
        }
    }
}

/* One item of an array member; false when it has the wrong type. */
static bool read_item(struct pass *s, const errata_member_desc_t *m, errata_json_token_t t,
                      errata_value_t *row, bool *parse_error)
{
    if (m->item_kind != ERRATA_KIND_OBJECT)
        return read_scalar(s, t, m->item_kind, row);
    if (t != ERRATA_JSON_OBJECT_BEGIN)
        return false;
    if (!read_object_item(s, m, row)) {
        *parse_error = true;
        return false;
    }
    return true;
}

/* Consumes tokens up to the end of the array that opened at `depth`. */
static bool skip_rest_of_array(errata_json_parser_t *p, unsigned depth)
{
    for (;;) {
        errata_json_token_t t = errata_json_next(p);
        if (t == ERRATA_JSON_ERROR || t == ERRATA_JSON_END)
            return false;
        if (t == ERRATA_JSON_ARRAY_END && errata_json_depth(p) == depth)
            return true;
    }
}

/* Gives back the slots taken last (the item they were for did not come). */
static void give_back(struct pass *s, size_t top)
{
    s->d->arena_top = top;
    s->p.scratch_cap = top - s->base;
}

/* An array member; *v stays absent when an item has the wrong type. An
 * item's slots are taken before its token is read: the parser writes the
 * token's text into the scratch, which must not reach under them. */
static bool read_array(struct pass *s, const errata_member_desc_t *m, errata_value_t *v)
{
    unsigned depth = errata_json_depth(&s->p);
    size_t width = m->item_kind == ERRATA_KIND_OBJECT ? m->property_count : 1;
    size_t saved_top = s->d->arena_top, count = 0;
    errata_value_t *first = NULL;
    bool ok = true, parse_error = false, room = true;
    for (;;) {
        size_t top = s->d->arena_top;
        errata_value_t *row = room ? take_slots(s, width) : NULL;
        room = row != NULL;
        errata_json_token_t t = errata_decode_next_value(&s->p);
        if (t == ERRATA_JSON_ARRAY_END || t == ERRATA_JSON_ERROR) {
            if (row)
                give_back(s, top);
            if (t == ERRATA_JSON_ERROR)
                return false;
            break;
        }
        if (row == NULL) { /* out of room: the items that fit stay */
            if (!errata_json_skip(&s->p))
                return false;
            continue;
        }
        memset(row, 0, width * sizeof *row);
        ok = read_item(s, m, t, row, &parse_error);
        first = row;
        count++;
        if (!ok)
            break;
    }
    if (parse_error)
        return false;
    if (!ok) { /* the wrong type: the whole member is absent */
        give_back(s, saved_top);
        return skip_rest_of_array(&s->p, depth);
    }
    reverse_rows(first, count, width);
    v->kind = ERRATA_KIND_ARRAY;
    v->present = true;
    v->u.array.items = first;
    v->u.array.count = count;
    return true;
}

/* The member of the entry whose name a recorded span holds. A plain name is
 * compared in place (length by the span, then bytes); one with escapes is
 * read whole first. */
static const errata_member_desc_t *find_member(const errata_descriptor_t *desc,
                                               const char *body,
                                               const errata_decode_other_t *o, size_t *index)
{
    char buf[256];
    const char *text = body + o->name.start + 1;
    size_t len = o->name.end - o->name.start - 2;
    if (!o->plain) {
        errata_json_parser_t k;
        errata_json_init(&k, body + o->name.start, o->name.end - o->name.start, buf, sizeof buf);
        if (errata_json_next(&k) != ERRATA_JSON_STRING || k.truncated)
            return NULL;
        text = k.text;
        len = k.text_len;
    }
    for (size_t i = 0; i < desc->member_count && i < ERRATA_MAX_MEMBERS; i++) {
        if (name_is(desc->members[i].name, text, len)) {
            *index = i;
            return &desc->members[i];
        }
    }
    return NULL;
}

/* One top-level member's value; false on a parse error. */
static bool read_member(struct pass *s, const errata_member_desc_t *m, errata_value_t *v)
{
    errata_value_t fresh;
    memset(&fresh, 0, sizeof fresh);
    errata_json_token_t t = errata_decode_next_value(&s->p);
    if (t == ERRATA_JSON_ERROR)
        return false;
    bool ok;
    if (m->kind == ERRATA_KIND_ARRAY && t == ERRATA_JSON_ARRAY_BEGIN) {
        if (!read_array(s, m, &fresh))
            return false;
        ok = fresh.present;
    } else {
        ok = read_scalar(s, t, m->kind, &fresh);
        if (!ok && !errata_json_skip(&s->p))
            return false;
    }
    /* Duplicates: the last one wins, even when it is of the wrong type. */
    *v = ok ? fresh : (errata_value_t){ .present = false, .kind = m->kind };
    return true;
}

/* Each recorded member of the entry is read from its span, in the body's
 * order (the last of duplicated names wins), with its strings kept from
 * arena_used on. */
void errata_decode_members(errata_decoded_t *d, errata_decode_scan_t *scan)
{
    do {
        for (size_t k = 0; k < scan->count; k++) {
            const errata_decode_other_t *o = &scan->others[k];
            size_t i;
            const errata_member_desc_t *m = find_member(d->desc, d->body, o, &i);
            if (m == NULL)
                continue;
            struct pass s;
            s.d = d;
            s.base = d->arena_used;
            errata_json_init(&s.p, d->body + o->value.start, o->value.end - o->value.start,
                             d->arena.bytes + s.base, d->arena_top - s.base);
            read_member(&s, m, &d->members[i]); /* cannot fail: the scan checked it */
            d->arena_used = s.base + s.p.kept;
        }
    } while (errata_decode_scan_more(scan));
}
