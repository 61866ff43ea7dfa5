/* Reading the member struct the generated throw macros build, as the
 * descriptor lays it out, into the problem's own values and arena.
 *
 * Every field is read with memcpy from (base + offset): the struct's type
 * is known only to generated code, and memcpy is the way C lets us read it
 * without breaking aliasing rules. Pointers are read with their exact type,
 * the one the generated struct declares. */
#include "internal.h"

#include <string.h>

const void *errata_slot_pointer(errata_kind_t kind, bool by_pointer, const unsigned char *at)
{
    if (kind == ERRATA_KIND_STRING) {
        const char *s;
        memcpy(&s, at, sizeof s);
        return s;
    }
    if (!by_pointer)
        return NULL;
    if (kind == ERRATA_KIND_INTEGER) {
        const int64_t *i;
        memcpy(&i, at, sizeof i);
        return i;
    }
    if (kind == ERRATA_KIND_NUMBER) {
        const double *d;
        memcpy(&d, at, sizeof d);
        return d;
    }
    if (kind == ERRATA_KIND_BOOLEAN) {
        const bool *b;
        memcpy(&b, at, sizeof b);
        return b;
    }
    return NULL;
}

/* A bool read as bytes: any non-zero byte is true, so a stray value in the
 * caller's memory cannot become an invalid bool here. */
static bool errata_read_bool(const unsigned char *at)
{
    unsigned char b[sizeof(bool)];
    memcpy(b, at, sizeof b);
    for (size_t i = 0; i < sizeof b; i++)
        if (b[i] != 0)
            return true;
    return false;
}

/* Reads one scalar slot into v; a string still points at its source. */
static void errata_read_scalar(const errata_source_t *src, errata_kind_t kind, bool by_pointer,
                               const unsigned char *at, errata_value_t *v)
{
    v->present = false;
    v->kind = kind;
    v->cut = false;
    if (kind == ERRATA_KIND_STRING || by_pointer) {
        at = errata_source_ptr(src, errata_slot_pointer(kind, by_pointer, at));
        if (at == NULL)
            return; /* absent, or a kind that cannot be a scalar */
    }
    v->present = true;
    switch (kind) {
    case ERRATA_KIND_STRING: v->u.string = (const char *)at; break;
    case ERRATA_KIND_INTEGER: memcpy(&v->u.integer, at, sizeof v->u.integer); break;
    case ERRATA_KIND_NUMBER: memcpy(&v->u.number, at, sizeof v->u.number); break;
    case ERRATA_KIND_BOOLEAN: v->u.boolean = errata_read_bool(at); break;
    default: v->present = false; /* arrays of arrays or objects are not scalars */
    }
}

size_t errata_item_slots(const errata_member_desc_t *m)
{
    if (m->item_kind != ERRATA_KIND_OBJECT)
        return 1;
    return m->properties != NULL ? m->property_count : 0;
}

size_t errata_items_bound(const errata_member_desc_t *m, size_t count)
{
    size_t per_item = errata_item_slots(m);
    size_t most = per_item > 0 ? ERRATA_PROBLEM_ARENA_SIZE / (per_item * sizeof(errata_value_t))
                               : count; /* objects without properties take no room */
    return count < most ? count : most;
}

/* Reads slot j of array item `item`: the item itself, or its j-th property. */
static void errata_read_item(const errata_source_t *src, const errata_member_desc_t *m,
                             const unsigned char *item, size_t j, errata_value_t *v)
{
    if (m->item_kind != ERRATA_KIND_OBJECT) {
        errata_read_scalar(src, m->item_kind, false, item, v);
        return;
    }
    const errata_member_desc_t *prop = &m->properties[j];
    errata_read_scalar(src, prop->kind, prop->by_pointer, item + prop->offset, v);
}

/* Arena bytes the strings of one item take (empty strings take none). */
static size_t errata_item_string_bytes(const errata_source_t *src, const errata_member_desc_t *m,
                                       const unsigned char *item, size_t per_item, size_t limit)
{
    size_t bytes = 0;
    for (size_t j = 0; j < per_item && bytes <= limit; j++) {
        errata_value_t v;
        errata_read_item(src, m, item, j, &v);
        if (!v.present || v.kind != ERRATA_KIND_STRING)
            continue;
        size_t n = strlen(v.u.string);
        bytes += n > 0 ? n + 1 : 0;
    }
    return bytes;
}

/* How many leading items fit the arena whole: their values and strings.
 * Arrays are never cut inside an item; the items after are left out. */
static size_t errata_items_fitting(const errata_problem_t *p, const errata_source_t *src,
                                   const errata_member_desc_t *m, const unsigned char *items,
                                   size_t count, size_t per_item)
{
    size_t slot = per_item * sizeof(errata_value_t);
    size_t room = errata_arena_room(p, ERRATA_VALUE_ALIGN);
    size_t used = 0, k = 0;
    if (slot == 0)
        return count;
    for (; k < count; k++) {
        if (room - used < slot)
            break;
        const unsigned char *item = items + k * m->item_size;
        size_t left = room - used - slot;
        size_t bytes = errata_item_string_bytes(src, m, item, per_item, left);
        if (bytes > left)
            break;
        used += slot + bytes;
    }
    return k;
}

static void errata_copy_array(errata_problem_t *p, const errata_source_t *src,
                              const errata_member_desc_t *m, const unsigned char *base,
                              errata_value_t *v)
{
    const unsigned char *items;
    size_t count;
    memcpy(&items, base + m->offset, sizeof items);
    memcpy(&count, base + m->count_offset, sizeof count);
    items = errata_source_ptr(src, items);
    v->kind = ERRATA_KIND_ARRAY;
    v->present = items != NULL;
    v->cut = false;
    if (items == NULL)
        return;
    size_t per_item = errata_item_slots(m);
    size_t k = errata_items_fitting(p, src, m, items, errata_items_bound(m, count), per_item);
    if (k < count) {
        p->flags |= ERRATA_PROBLEM_TRUNCATED;
        v->cut = true;
    }
    errata_value_t *out = NULL;
    if (k * per_item > 0)
        out = errata_arena_take(p, k * per_item * sizeof *out, ERRATA_VALUE_ALIGN);
    for (size_t i = 0; i < k * per_item; i++) {
        errata_read_item(src, m, items + (i / per_item) * m->item_size, i % per_item, &out[i]);
        if (out[i].present && out[i].kind == ERRATA_KIND_STRING)
            out[i].u.string = errata_arena_string(p, out[i].u.string); /* fits: counted above */
    }
    v->u.array.items = out;
    v->u.array.count = k;
}

static void errata_copy_member(errata_problem_t *p, const errata_source_t *src,
                               const errata_member_desc_t *m, const unsigned char *base,
                               errata_value_t *v)
{
    if (m->kind == ERRATA_KIND_ARRAY) {
        errata_copy_array(p, src, m, base, v);
        return;
    }
    errata_read_scalar(src, m->kind, m->by_pointer, base + m->offset, v);
    if (v->present && v->kind == ERRATA_KIND_STRING) {
        v->u.string = errata_arena_string_cut(p, v->u.string, &v->cut);
        v->present = v->u.string != NULL; /* not one character fitted */
    }
}

void errata_members_copy(errata_problem_t *p, const errata_source_t *src, const void *members)
{
    const errata_descriptor_t *desc = p->desc;
    const unsigned char *base = errata_source_ptr(src, members);
    size_t n = desc->member_count;
    if (n > ERRATA_MAX_MEMBERS) {
        n = ERRATA_MAX_MEMBERS; /* the generator refuses more; never overflow */
        p->flags |= ERRATA_PROBLEM_TRUNCATED;
    }
    if (base == NULL || desc->members == NULL)
        return; /* no member struct: every member absent */
    for (size_t i = 0; i < n; i++)
        errata_copy_member(p, src, &desc->members[i], base, &p->members[i]);
}
