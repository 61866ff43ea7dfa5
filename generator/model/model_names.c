#include "model.h"

#include "../support/arena.h"

#include <math.h>
#include <string.h>

const char *member_type_name(enum member_type t)
{
    switch (t) {
    case MEMBER_STRING: return "string";
    case MEMBER_INTEGER: return "integer";
    case MEMBER_NUMBER: return "number";
    case MEMBER_BOOLEAN: return "boolean";
    case MEMBER_ARRAY: return "array";
    case MEMBER_OBJECT: return "object";
    }
    return "?";
}

const char *member_c_name(struct arena *a, const char *name)
{
    if (strchr(name, '-') == NULL)
        return name;
    char *c = arena_strdup(a, name);
    for (char *p = c; *p; p++) {
        if (*p == '-')
            *p = '_';
    }
    return c;
}

const char *string_format_name(enum string_format f)
{
    switch (f) {
    case FORMAT_NONE: return NULL;
    case FORMAT_URI: return "uri";
    case FORMAT_UUID: return "uuid";
    case FORMAT_DATE_TIME: return "date-time";
    case FORMAT_EMAIL: return "email";
    }
    return NULL;
}

/* An integer bound as C sees it: whole, within int64_t. */
static int64_t int_bound(double v, bool is_min)
{
    double whole = is_min ? ceil(v) : floor(v);
    if (whole <= -9223372036854775807.0 - 1.0)
        return INT64_MIN;
    if (whole >= 9223372036854775807.0)
        return INT64_MAX;
    return (int64_t)whole;
}

void member_bounds(const struct member *m, struct member_bounds *out)
{
    memset(out, 0, sizeof *out);
    bool integer = m->type == MEMBER_INTEGER, numeric = integer || m->type == MEMBER_NUMBER;
    out->min = m->has_minimum && numeric;
    out->max = m->has_maximum && numeric;
    if (out->min) {
        out->int_min = integer ? int_bound(m->minimum, true) : 0;
        out->num_min = integer ? 0 : m->minimum;
    }
    if (out->max) {
        out->int_max = integer ? int_bound(m->maximum, false) : 0;
        out->num_max = integer ? 0 : m->maximum;
    }
    out->length = m->has_max_length && m->type == MEMBER_STRING;
    out->max_length = out->length ? m->max_length : 0;
    out->items = m->has_max_items && m->type == MEMBER_ARRAY;
    out->max_items = out->items ? m->max_items : 0;
}
