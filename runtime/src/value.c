/* Member values as JSON (the body) and as text (detail and header
 * templates): the same forms but for strings, which JSON quotes and
 * escapes and text leaves as they are. */
#include "internal.h"

#include <math.h>
#include <string.h>

/* Whether a value has a JSON form: present, a known kind, and a finite
 * number (JSON has no NaN or infinity). Checked before any key is written,
 * so that a key never goes out without its value. */
static bool errata_has_form(const errata_value_t *v)
{
    if (!v->present)
        return false;
    switch (v->kind) {
    case ERRATA_KIND_NUMBER: return isfinite(v->u.number) != 0;
    case ERRATA_KIND_STRING: return v->u.string != NULL;
    case ERRATA_KIND_INTEGER:
    case ERRATA_KIND_BOOLEAN:
    case ERRATA_KIND_ARRAY: return true;
    default: return false;
    }
}

/* A scalar with a form (errata_has_form) as JSON, or as text. */
static bool errata_write_scalar(errata_out_t *o, const errata_value_t *v, bool json)
{
    char num[ERRATA_NUMBER_BUF];
    switch (v->kind) {
    case ERRATA_KIND_STRING:
        if (json)
            errata_out_json_string(o, v->u.string, strlen(v->u.string));
        else
            errata_out_str(o, v->u.string);
        return true;
    case ERRATA_KIND_INTEGER:
        errata_out_bytes(o, num, errata_format_int(num, v->u.integer));
        return true;
    case ERRATA_KIND_NUMBER:
        errata_out_bytes(o, num, errata_format_double(num, v->u.number));
        return true;
    case ERRATA_KIND_BOOLEAN:
        errata_out_str(o, v->u.boolean ? "true" : "false");
        return true;
    default:
        return false; /* arrays have no scalar form */
    }
}

/* A member name and its colon: the generator's precomputed key, or the
 * name escaped here when a hand-written descriptor has none. */
static void errata_write_key(errata_out_t *o, const errata_member_desc_t *m)
{
    if (m->json_key != NULL) {
        errata_out_str(o, m->json_key);
        return;
    }
    errata_out_json_string(o, m->name, strlen(m->name));
    errata_out_char(o, ':');
}

/* A hand-made descriptor may lack both the key and the name: such a
 * member cannot be written. */
static bool errata_has_key(const errata_member_desc_t *m)
{
    return m->json_key != NULL || m->name != NULL;
}

static bool errata_is_scalar(const errata_value_t *v)
{
    return errata_has_form(v) && v->kind != ERRATA_KIND_ARRAY;
}

/* One object item: {"prop":value,...}, absent properties left out. */
static void errata_write_object(errata_out_t *o, const errata_member_desc_t *m,
                                const errata_value_t *row, size_t slots)
{
    bool first = true;
    errata_out_char(o, '{');
    for (size_t j = 0; j < slots; j++) {
        if (!errata_is_scalar(&row[j]) || !errata_has_key(&m->properties[j]))
            continue;
        if (!first)
            errata_out_char(o, ',');
        errata_write_key(o, &m->properties[j]);
        errata_write_scalar(o, &row[j], true);
        first = false;
    }
    errata_out_char(o, '}');
}

/* [item,...]; scalar items that have no JSON form (a NULL string, a NaN)
 * are left out rather than written as null, which the item type forbids. */
static void errata_write_array(errata_out_t *o, const errata_member_desc_t *m,
                               const errata_value_t *v)
{
    const errata_value_t *items = v->u.array.items;
    size_t count = items != NULL ? v->u.array.count : 0;
    size_t slots = errata_item_slots(m);
    bool first = true;
    errata_out_char(o, '[');
    for (size_t i = 0; i < count; i++) {
        bool object = m->item_kind == ERRATA_KIND_OBJECT;
        if (!object && !errata_is_scalar(&items[i]))
            continue;
        if (!first)
            errata_out_char(o, ',');
        if (object)
            errata_write_object(o, m, items + i * slots, slots);
        else
            errata_write_scalar(o, &items[i], true);
        first = false;
    }
    errata_out_char(o, ']');
}

bool errata_write_value(errata_out_t *o, const errata_member_desc_t *m, const errata_value_t *v)
{
    if (!errata_has_form(v) || v->kind != m->kind || !errata_has_key(m))
        return false;
    errata_out_char(o, ',');
    errata_write_key(o, m);
    if (v->kind == ERRATA_KIND_ARRAY)
        errata_write_array(o, m, v);
    else
        errata_write_scalar(o, v, true);
    return true;
}

bool errata_write_text(errata_out_t *o, const errata_value_t *v)
{
    return errata_is_scalar(v) && errata_write_scalar(o, v, false);
}
