/* Rethrowing into the same problem: errata_throw clears p and refills its
 * arena, so anything it reads that lies inside p (err->detail passed on as
 * the new detail, a string member of the old problem, a pointer to one of
 * its integers) would be overwritten while being copied. Such a throw
 * first takes a copy of p and reads from there. The scan below mirrors
 * what members.c reads, pointer for pointer. */
#include "internal.h"

#include <string.h>

/* Address arithmetic on uintptr_t: relational comparison of pointers into
 * different objects is undefined in C, their integer values are not. */
static bool errata_inside(const errata_problem_t *p, const void *ptr)
{
    uintptr_t lo = (uintptr_t)(const void *)p;
    uintptr_t at = (uintptr_t)ptr;
    return ptr != NULL && at >= lo && at - lo < sizeof *p;
}

static bool errata_item_aliases(const errata_problem_t *p, const errata_member_desc_t *m,
                                const unsigned char *item)
{
    if (m->item_kind != ERRATA_KIND_OBJECT)
        return errata_inside(p, errata_slot_pointer(m->item_kind, false, item));
    size_t slots = errata_item_slots(m);
    for (size_t j = 0; j < slots; j++) {
        const errata_member_desc_t *prop = &m->properties[j];
        if (errata_inside(p, errata_slot_pointer(prop->kind, prop->by_pointer, item + prop->offset)))
            return true;
    }
    return false;
}

static bool errata_array_aliases(const errata_problem_t *p, const errata_member_desc_t *m,
                                 const unsigned char *base)
{
    const unsigned char *items;
    size_t count;
    memcpy(&items, base + m->offset, sizeof items);
    memcpy(&count, base + m->count_offset, sizeof count);
    if (items == NULL)
        return false;
    if (errata_inside(p, items))
        return true;
    count = errata_items_bound(m, count);
    for (size_t i = 0; i < count; i++)
        if (errata_item_aliases(p, m, items + i * m->item_size))
            return true;
    return false;
}

bool errata_source_aliases(const errata_problem_t *p, const errata_descriptor_t *desc,
                           const char *detail, const char *instance, const void *members)
{
    if (errata_inside(p, detail) || errata_inside(p, instance) || errata_inside(p, members))
        return true;
    if (desc == NULL || members == NULL || desc->members == NULL)
        return false;
    const unsigned char *base = members;
    size_t n = desc->member_count < ERRATA_MAX_MEMBERS ? desc->member_count : ERRATA_MAX_MEMBERS;
    for (size_t i = 0; i < n; i++) {
        const errata_member_desc_t *m = &desc->members[i];
        bool hit = m->kind == ERRATA_KIND_ARRAY
                       ? errata_array_aliases(p, m, base)
                       : errata_inside(p, errata_slot_pointer(m->kind, m->by_pointer, base + m->offset));
        if (hit)
            return true;
    }
    return false;
}
