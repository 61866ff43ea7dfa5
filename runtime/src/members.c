/* Reading the member struct the generated throw macros build, as the
 * descriptor lays it out, into the problem's own values and arena.
 *
 * Every field is read with memcpy from (base + offset): the struct's type
 * is known only to generated code, and memcpy is the way C lets us read it
 * without breaking aliasing rules. Pointers are read with their exact type,
 * the one the generated struct declares. */
#include "internal.h"

#include <string.h>

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

/* A number outside its declared bounds is refused: left out, as if never
 * given (a NaN is outside any bound). */
static bool errata_number_in_bounds(const errata_member_desc_t *m, const errata_value_t *v)
{
    if (m == NULL || !v->present || (m->bounds & (ERRATA_BOUND_MIN | ERRATA_BOUND_MAX)) == 0)
        return true;
    if (v->kind == ERRATA_KIND_INTEGER)
        return !((m->bounds & ERRATA_BOUND_MIN) && v->u.integer < m->int_min) &&
               !((m->bounds & ERRATA_BOUND_MAX) && v->u.integer > m->int_max);
    if (v->kind == ERRATA_KIND_NUMBER)
        return !((m->bounds & ERRATA_BOUND_MIN) && !(v->u.number >= m->num_min)) &&
               !((m->bounds & ERRATA_BOUND_MAX) && !(v->u.number <= m->num_max));
    return true;
}

/* Bytes of s that its max_length keeps: whole characters, as many as the
 * bound allows (*cut when some are left out). */
static size_t errata_bounded_len(const errata_member_desc_t *m, const char *s, bool *cut)
{
    size_t n = strlen(s);
    *cut = false;
    if (m == NULL || !(m->bounds & ERRATA_BOUND_LENGTH))
        return n;
    size_t at = 0, chars = 0;
    while (at < n && chars < m->max_length) {
        at += errata_utf8_next((const unsigned char *)s + at, n - at).len;
        chars++;
    }
    *cut = at < n;
    return at;
}

/* The bounds of slot j of an item: an object's property has its own. */
static const errata_member_desc_t *errata_slot_desc(const errata_member_desc_t *m, size_t j)
{
    return m->item_kind == ERRATA_KIND_OBJECT && m->properties != NULL ? &m->properties[j] : NULL;
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

/* The bounded lengths of the first array strings, measured while counting
 * what fits and used again when copying, so that each is scanned once. */
enum { ERRATA_LEN_CACHE = 32 };
typedef struct errata_len_cache {
    size_t len[ERRATA_LEN_CACHE];
    bool cut[ERRATA_LEN_CACHE];
} errata_len_cache_t;

/* Arena bytes the strings of one item take (empty strings take none);
 * `first` is the item's first slot, for the cache. */
static size_t errata_item_string_bytes(const errata_source_t *src, const errata_member_desc_t *m,
                                       const unsigned char *item, size_t per_item, size_t limit,
                                       size_t first, errata_len_cache_t *cache)
{
    size_t bytes = 0;
    for (size_t j = 0; j < per_item && bytes <= limit; j++) {
        errata_value_t v;
        errata_read_item(src, m, item, j, &v);
        if (!v.present || v.kind != ERRATA_KIND_STRING)
            continue;
        bool cut;
        size_t n = errata_bounded_len(errata_slot_desc(m, j), v.u.string, &cut);
        if (first + j < ERRATA_LEN_CACHE) {
            cache->len[first + j] = n;
            cache->cut[first + j] = cut;
        }
        bytes += n > 0 ? n + 1 : 0;
    }
    return bytes;
}

/* How many leading items fit the arena whole: their values and strings.
 * Arrays are never cut inside an item; the items after are left out. */
static size_t errata_items_fitting(const errata_problem_t *p, const errata_source_t *src,
                                   const errata_member_desc_t *m, const unsigned char *items,
                                   size_t count, size_t per_item, errata_len_cache_t *cache)
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
        size_t bytes =
            errata_item_string_bytes(src, m, item, per_item, left, k * per_item, cache);
        if (bytes > left)
            break;
        used += slot + bytes;
    }
    return k;
}

/* Copies an array member: at most max_items items, as many whole ones as
 * the arena holds, each string within its property's max_length. Returns
 * the member's fault. */
static errata_fault_t errata_copy_array(errata_problem_t *p, const errata_source_t *src,
                                        const errata_member_desc_t *m, const unsigned char *base,
                                        errata_value_t *v, bool *bound_cut)
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
        return ERRATA_FAULT_NONE;
    errata_fault_t fault = ERRATA_FAULT_NONE;
    if ((m->bounds & ERRATA_BOUND_ITEMS) && count > m->max_items) {
        count = m->max_items;
        v->cut = true;
        fault = ERRATA_FAULT_CUT;
        *bound_cut = true;
    }
    size_t per_item = errata_item_slots(m);
    errata_len_cache_t cache;
    size_t k = errata_items_fitting(p, src, m, items, errata_items_bound(m, count), per_item,
                                    &cache);
    if (k < count) {
        p->flags |= ERRATA_PROBLEM_TRUNCATED;
        v->cut = true;
        fault = ERRATA_FAULT_CUT;
    }
    errata_value_t *out = NULL;
    if (k * per_item > 0)
        out = errata_arena_take(p, k * per_item * sizeof *out, ERRATA_VALUE_ALIGN);
    for (size_t i = 0; i < k * per_item; i++) {
        const errata_member_desc_t *slot = errata_slot_desc(m, i % per_item);
        errata_read_item(src, m, items + (i / per_item) * m->item_size, i % per_item, &out[i]);
        if (m->item_kind == ERRATA_KIND_STRING && !out[i].present && fault == ERRATA_FAULT_NONE)
            fault = ERRATA_FAULT_NULL_ITEM;
        if (!errata_number_in_bounds(slot, &out[i])) {
            out[i].present = false; /* the property is left out of its item */
            fault = ERRATA_FAULT_OUT_OF_RANGE;
        }
        if (out[i].present && out[i].kind == ERRATA_KIND_STRING) {
            bool cut, arena_cut; /* never: the item's room was counted above */
            size_t n;
            if (i < ERRATA_LEN_CACHE) { /* measured by errata_items_fitting */
                n = cache.len[i];
                cut = cache.cut[i];
            } else {
                n = errata_bounded_len(slot, out[i].u.string, &cut);
            }
            out[i].u.string = errata_arena_string_n(p, out[i].u.string, n, &arena_cut);
            if (cut && fault == ERRATA_FAULT_NONE) {
                fault = ERRATA_FAULT_CUT;
                *bound_cut = true;
            }
        }
    }
    v->u.array.items = out;
    v->u.array.count = k;
    return fault;
}

/* Copies one member within its bounds; returns its fault. */
static errata_fault_t errata_copy_member(errata_problem_t *p, const errata_source_t *src,
                                         const errata_member_desc_t *m,
                                         const unsigned char *base, errata_value_t *v,
                                         bool *bound_cut)
{
    errata_fault_t fault;
    if (m->kind == ERRATA_KIND_ARRAY) {
        fault = errata_copy_array(p, src, m, base, v, bound_cut);
    } else {
        fault = ERRATA_FAULT_NONE;
        errata_read_scalar(src, m->kind, m->by_pointer, base + m->offset, v);
        if (!errata_number_in_bounds(m, v)) {
            v->present = false;
            fault = ERRATA_FAULT_OUT_OF_RANGE;
        }
        if (v->present && v->kind == ERRATA_KIND_STRING) {
            bool bounded, arena_cut;
            size_t n = errata_bounded_len(m, v->u.string, &bounded);
            v->u.string = errata_arena_string_n(p, v->u.string, n, &arena_cut);
            v->cut = bounded || arena_cut;
            *bound_cut = bounded;
            v->present = v->u.string != NULL; /* not one character fitted */
            if (v->cut)
                fault = ERRATA_FAULT_CUT;
        }
    }
    if (m->required && !v->present && fault != ERRATA_FAULT_OUT_OF_RANGE)
        fault = ERRATA_FAULT_MISSING;
    return fault;
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
    if (desc->members == NULL)
        return;
    for (size_t i = 0; i < n; i++) {
        errata_fault_t fault = ERRATA_FAULT_NONE;
        bool breach = false; /* a CUT to the catalog's bound, not to the arena */
        if (base != NULL)
            fault = errata_copy_member(p, src, &desc->members[i], base, &p->members[i],
                                       &breach);
        else if (desc->members[i].required)
            fault = ERRATA_FAULT_MISSING; /* no member struct: every member absent */
        p->faults[i] = (unsigned char)fault;
        /* Cut to fit the arena is TRUNCATED already; the rest breaks the
         * catalog's contract. */
        if (fault != ERRATA_FAULT_NONE && !(fault == ERRATA_FAULT_CUT && !breach))
            p->flags |= ERRATA_PROBLEM_INVALID;
    }
}
