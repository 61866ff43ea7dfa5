#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "../model/json_write.h"
#include "../model/model.h"
#include "../model/value.h"
#include "../support/arena.h"
#include "check.h"

static const char *const standard_members[] = { "type", "title", "status", "detail",
                                                "instance", "code", NULL };

static const char *kind_name(const struct value *v)
{
    switch (v->kind) {
    case VALUE_NULL: return "null";
    case VALUE_BOOL: return "a boolean";
    case VALUE_INT: return "an integer";
    case VALUE_NUMBER: return "a number";
    case VALUE_STRING: return "a string";
    case VALUE_LIST: return "an array";
    default: return "an object";
    }
}

const char *conform_scalar_text(struct arena *a, const struct value *v)
{
    char num[32];
    switch (v->kind) {
    case VALUE_STRING: return v->u.string.ptr;
    case VALUE_INT: return arena_printf(a, "%" PRId64, v->u.integer);
    case VALUE_NUMBER: json_format_number(num, v->u.number); return arena_strdup(a, num);
    case VALUE_BOOL: return v->u.boolean ? "true" : "false";
    default: return NULL;
    }
}

static bool type_fits(enum member_type t, const struct value *v)
{
    switch (t) {
    case MEMBER_STRING: return v->kind == VALUE_STRING;
    case MEMBER_INTEGER: return v->kind == VALUE_INT;
    case MEMBER_NUMBER: return v->kind == VALUE_INT || v->kind == VALUE_NUMBER;
    case MEMBER_BOOLEAN: return v->kind == VALUE_BOOL;
    case MEMBER_ARRAY: return v->kind == VALUE_LIST;
    case MEMBER_OBJECT: return v->kind == VALUE_MAP;
    }
    return false;
}

static size_t characters(const struct value *v)
{
    size_t n = 0;
    for (size_t i = 0; i < v->u.string.len; i++)
        n += ((unsigned char)v->u.string.ptr[i] & 0xc0) != 0x80;
    return n;
}

/* Bounds of a scalar (or an array's count), as the runtime enforces them. */
static void check_bounds(struct conform_checker *k, const struct member *m, const char *where,
                         const struct value *v, struct conform_result *r)
{
    struct member_bounds b;
    member_bounds(m, &b);
    bool is_number = v->kind == VALUE_INT || v->kind == VALUE_NUMBER;
    double x = v->kind == VALUE_INT ? (double)v->u.integer : is_number ? v->u.number : 0;
    bool below = v->kind == VALUE_INT ? b.min && v->u.integer < b.int_min : b.min && x < b.num_min;
    bool above = v->kind == VALUE_INT ? b.max && v->u.integer > b.int_max : b.max && x > b.num_max;
    if (is_number && below)
        conform_report(k->a, r, "member-bounds", "member '%s' is %s, below its minimum %g", where,
                       conform_scalar_text(k->a, v), m->minimum);
    if (is_number && above)
        conform_report(k->a, r, "member-bounds", "member '%s' is %s, above its maximum %g", where,
                       conform_scalar_text(k->a, v), m->maximum);
    if (v->kind == VALUE_STRING && b.length && characters(v) > b.max_length)
        conform_report(k->a, r, "member-bounds",
                       "member '%s' has %zu characters, more than its max_length %" PRIu64,
                       where, characters(v), b.max_length);
    if (v->kind == VALUE_LIST && b.items && v->u.list.count > b.max_items)
        conform_report(k->a, r, "member-bounds",
                       "member '%s' has %zu items, more than its max_items %" PRIu64, where,
                       v->u.list.count, b.max_items);
}

static void check_value(struct conform_checker *k, const struct member *m, const char *where,
                        enum member_type type, const struct value *v, struct conform_result *r);

static void check_object_item(struct conform_checker *k, const struct member *m,
                              const char *where, const struct value *v,
                              struct conform_result *r)
{
    for (size_t i = 0; i < m->property_count; i++) {
        const struct member *p = &m->properties[i];
        const struct value *pv = value_map_get(v, p->name, strlen(p->name));
        const char *at = arena_printf(k->a, "%s.%s", where, p->name);
        if (pv == NULL && p->required)
            conform_report(k->a, r, "member-missing", "required member '%s' is missing", at);
        else if (pv != NULL)
            check_value(k, p, at, p->type, pv, r);
    }
    for (size_t i = 0; i < v->u.map.count; i++) {
        const struct value_member *vm = &v->u.map.members[i];
        bool declared = false;
        for (size_t j = 0; j < m->property_count && !declared; j++)
            declared = strcmp(m->properties[j].name, vm->key) == 0;
        if (!declared)
            conform_report(k->a, r, "member-undeclared", "member '%s.%s' is not declared",
                           where, vm->key);
    }
}

static void check_value(struct conform_checker *k, const struct member *m, const char *where,
                        enum member_type type, const struct value *v, struct conform_result *r)
{
    if (!type_fits(type, v)) {
        conform_report(k->a, r, "member-type", "member '%s' is %s, declared %s", where,
                       kind_name(v), type == MEMBER_OBJECT ? "object" : member_type_name(type));
        return;
    }
    if (type == MEMBER_OBJECT) {
        check_object_item(k, m, where, v, r);
        return;
    }
    check_bounds(k, m, where, v, r);
    if (type != MEMBER_ARRAY)
        return;
    for (size_t i = 0; i < v->u.list.count; i++)
        check_value(k, m, arena_printf(k->a, "%s[%zu]", where, i), m->item_type,
                    v->u.list.items[i], r);
}

static bool is_declared(const struct model *md, const struct entry *e, const char *name)
{
    for (const char *const *s = standard_members; *s; s++) {
        if (strcmp(*s, name) == 0)
            return true;
    }
    for (size_t i = 0; i < e->member_count; i++) {
        if (strcmp(e->members[i].name, name) == 0)
            return true; /* a hidden one sent is member-hidden's to report */
    }
    return strcmp(name, md->trace_member) == 0;
}

void conform_check_members(struct conform_checker *k, const struct entry *e,
                           const struct value *body, struct conform_result *r)
{
    for (size_t i = 0; i < e->member_count; i++) {
        const struct member *m = &e->members[i];
        const struct value *v = value_map_get(body, m->name, strlen(m->name));
        if (m->hidden && v != NULL)
            conform_report(k->a, r, "member-hidden",
                           "member '%s' is declared 'expose: false' (logged, never sent), "
                           "but the body carries it", m->name);
        else if (!m->hidden && v == NULL && m->required)
            conform_report(k->a, r, "member-missing", "required member '%s' is missing",
                           m->name);
        else if (!m->hidden && v != NULL)
            check_value(k, m, m->name, m->type, v, r);
    }
    for (size_t i = 0; i < body->u.map.count; i++) {
        const char *name = body->u.map.members[i].key;
        if (!is_declared(k->m, e, name))
            conform_report(k->a, r, "member-undeclared",
                           "member '%s' is not declared for %s", name, e->code);
    }
}
