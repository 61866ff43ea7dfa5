/* The decoded members in the generated member struct's layout
 * (pets_pet_not_found_t): what a typed client reads. Strings and optional
 * scalars point into the decoded value; arrays get typed copies (const char *,
 * int64_t, double, bool or item structs) built in its arena. */
#include "decode_internal.h"

#include <string.h>

static void put_pointer(unsigned char *at, const void *ptr)
{
    memcpy(at, &ptr, sizeof ptr);
}

/* A scalar value into the struct at `at`: by value, or by pointer for
 * optional integers, numbers and booleans (NULL when absent). */
static void put_scalar(unsigned char *at, const errata_member_desc_t *m, const errata_value_t *v)
{
    if (m->kind == ERRATA_KIND_STRING) {
        put_pointer(at, v->present ? v->u.string : NULL);
        return;
    }
    if (m->by_pointer) {
        const void *p = NULL;
        if (v->present)
            p = m->kind == ERRATA_KIND_INTEGER ? (const void *)&v->u.integer
                : m->kind == ERRATA_KIND_NUMBER ? (const void *)&v->u.number
                                                : (const void *)&v->u.boolean;
        put_pointer(at, p);
        return;
    }
    if (m->kind == ERRATA_KIND_INTEGER) {
        int64_t i = v->present ? v->u.integer : 0;
        memcpy(at, &i, sizeof i);
    } else if (m->kind == ERRATA_KIND_NUMBER) {
        double d = v->present ? v->u.number : 0.0;
        memcpy(at, &d, sizeof d);
    } else if (m->kind == ERRATA_KIND_BOOLEAN) {
        bool b = v->present && v->u.boolean;
        memcpy(at, &b, sizeof b);
    }
}

static size_t scalar_size(errata_kind_t kind)
{
    switch (kind) {
    case ERRATA_KIND_STRING: return sizeof(const char *);
    case ERRATA_KIND_INTEGER: return sizeof(int64_t);
    case ERRATA_KIND_NUMBER: return sizeof(double);
    case ERRATA_KIND_BOOLEAN: return sizeof(bool);
    default: return 0;
    }
}

/* One array item in its typed form at `at`. */
static void put_item(unsigned char *at, const errata_member_desc_t *m, const errata_value_t *row)
{
    if (m->item_kind != ERRATA_KIND_OBJECT) {
        errata_member_desc_t item = { .kind = m->item_kind };
        put_scalar(at, &item, row);
        return;
    }
    for (size_t k = 0; k < m->property_count; k++)
        put_scalar(at + m->properties[k].offset, &m->properties[k], &row[k]);
}

static void put_array(errata_decoded_t *d, unsigned char *base, const errata_member_desc_t *m,
                      const errata_value_t *v)
{
    size_t count = v->present ? v->u.array.count : 0;
    size_t size = m->item_kind == ERRATA_KIND_OBJECT ? m->item_size : scalar_size(m->item_kind);
    unsigned char *items = NULL;
    if (v->present) {
        /* The texts are read after this: their names keep their room. */
        items = errata_decoded_take_top(d, d->arena_used + ERRATA_DECODE_NAME_ROOM,
                                        count * size + (count == 0), sizeof(double));
        if (items == NULL) {
            d->flags |= ERRATA_PROBLEM_TRUNCATED;
            count = 0;
        } else {
            memset(items, 0, count * size);
        }
    }
    size_t width = m->item_kind == ERRATA_KIND_OBJECT ? m->property_count : 1;
    for (size_t i = 0; items && i < count; i++)
        put_item(items + i * size, m, &v->u.array.items[i * width]);
    put_pointer(base + m->decode_offset, items);
    memcpy(base + m->decode_count_offset, &count, sizeof count);
}

void errata_decode_typed(errata_decoded_t *d, void *typed)
{
    unsigned char *base = typed;
    const errata_descriptor_t *desc = d->desc;
    for (size_t i = 0; i < desc->member_count && i < ERRATA_MAX_MEMBERS; i++) {
        const errata_member_desc_t *m = &desc->members[i];
        if (m->kind == ERRATA_KIND_ARRAY)
            put_array(d, base, m, &d->members[i]);
        else
            put_scalar(base + m->decode_offset, m, &d->members[i]);
    }
}
