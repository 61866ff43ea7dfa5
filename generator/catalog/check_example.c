#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "../support/diag.h"
#include "../support/utf8.h"
#include "check.h"
#include "rules.h"

static const char *type_word(enum member_type t)
{
    switch (t) {
    case MEMBER_STRING: return "a string";
    case MEMBER_INTEGER: return "an integer";
    case MEMBER_NUMBER: return "a number";
    case MEMBER_BOOLEAN: return "a boolean";
    case MEMBER_ARRAY: return "a list";
    case MEMBER_OBJECT: return "a mapping";
    }
    return "a value";
}

static bool mismatch(struct checker *c, const struct ynode *n, const char *name,
                     enum member_type t)
{
    if (t == MEMBER_STRING && n->kind == YNODE_SCALAR && n->u.scalar.type != YTYPE_NULL)
        diag_error(c->d, n->loc,
                   "example for '%s' must be a string, not %s; quote it: \"%s\"", name,
                   ynode_describe(n), n->u.scalar.text);
    else
        diag_error(c->d, n->loc, "example for '%s' must be %s, not %s", name, type_word(t),
                   ynode_describe(n));
    return false;
}

static bool check_bounds(struct checker *c, const struct ynode *n, const struct member *m,
                         double v)
{
    if (m->has_minimum && v < m->minimum) {
        diag_error(c->d, n->loc, "example %s for '%s' is below its minimum %g", n->u.scalar.text,
                   m->name, m->minimum);
        return false;
    }
    if (m->has_maximum && v > m->maximum) {
        diag_error(c->d, n->loc, "example %s for '%s' is above its maximum %g", n->u.scalar.text,
                   m->name, m->maximum);
        return false;
    }
    return true;
}

/* A scalar example against a scalar member (or property, or item type). */
static bool check_scalar(struct checker *c, const struct ynode *n, const struct member *m,
                         enum member_type t)
{
    int64_t i;
    double d;
    switch (t) {
    case MEMBER_STRING:
        if (!ynode_is_scalar(n, YTYPE_STRING))
            return mismatch(c, n, m->name, t);
        if (m->has_max_length && utf8_length(n->u.scalar.text, n->u.scalar.len) > m->max_length) {
            diag_error(c->d, n->loc, "example for '%s' is longer than its max_length %" PRIu64,
                       m->name, m->max_length);
            return false;
        }
        return true;
    case MEMBER_INTEGER:
        if (!ynode_is_scalar(n, YTYPE_INT))
            return mismatch(c, n, m->name, t);
        if (!ynode_int(n, &i)) {
            diag_error(c->d, n->loc, "example for '%s' does not fit in 64 bits", m->name);
            return false;
        }
        return check_bounds(c, n, m, (double)i);
    case MEMBER_NUMBER:
        if (!ynode_number(n, &d))
            return mismatch(c, n, m->name, t);
        if (!isfinite(d)) {
            diag_error(c->d, n->loc, "example for '%s' must be finite: JSON has no %s", m->name,
                       n->u.scalar.text);
            return false;
        }
        return check_bounds(c, n, m, d);
    case MEMBER_BOOLEAN:
        return ynode_is_scalar(n, YTYPE_BOOL) ? true : mismatch(c, n, m->name, t);
    case MEMBER_ARRAY:
    case MEMBER_OBJECT:
        break;
    }
    return mismatch(c, n, m->name, t);
}

static const struct member *find_property(const struct member *m, const char *name)
{
    for (size_t i = 0; i < m->property_count; i++) {
        if (strcmp(m->properties[i].name, name) == 0)
            return &m->properties[i];
    }
    return NULL;
}

static bool check_object(struct checker *c, const struct ynode *n, const struct member *m)
{
    if (n->kind != YNODE_MAPPING)
        return mismatch(c, n, m->name, MEMBER_OBJECT);
    bool ok = true;
    for (size_t i = 0; i < n->u.map.count; i++) {
        const struct ypair *p = &n->u.map.pairs[i];
        const struct member *prop = find_property(m, p->key->u.scalar.text);
        if (prop == NULL) {
            diag_error(c->d, p->key->loc, "example item has '%s', which is not a property of '%s'",
                       p->key->u.scalar.text, m->name);
            ok = false;
        } else {
            ok &= check_scalar(c, p->value, prop, prop->type);
        }
    }
    for (size_t i = 0; i < m->property_count; i++) {
        if (m->properties[i].required && ynode_get(n, m->properties[i].name) == NULL) {
            diag_error(c->d, n->loc, "example item lacks the required property '%s'",
                       m->properties[i].name);
            ok = false;
        }
    }
    return ok;
}

bool check_member_example(struct checker *c, const struct ynode *n, const struct member *m)
{
    if (m->type != MEMBER_ARRAY)
        return check_scalar(c, n, m, m->type);
    if (n->kind != YNODE_SEQUENCE)
        return mismatch(c, n, m->name, MEMBER_ARRAY);
    if (m->has_max_items && n->u.seq.count > m->max_items) {
        diag_error(c->d, n->loc, "example for '%s' has %zu items; max_items is %" PRIu64, m->name,
                   n->u.seq.count, m->max_items);
        return false;
    }
    bool ok = true;
    for (size_t i = 0; i < n->u.seq.count; i++) {
        const struct ynode *item = n->u.seq.items[i];
        if (m->item_type == MEMBER_OBJECT) {
            ok &= check_object(c, item, m);
        } else {
            struct member item_spec = { .name = m->name, .c_name = m->c_name,
                                        .type = m->item_type };
            ok &= check_scalar(c, item, &item_spec, m->item_type);
        }
    }
    return ok;
}
