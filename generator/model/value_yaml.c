#include "value_yaml.h"

#include <math.h>

#include "../catalog/yaml_tree.h"
#include "value.h"

static struct value *scalar_value(struct arena *a, const struct ynode *n)
{
    int64_t i;
    double d;
    switch (n->u.scalar.type) {
    case YTYPE_NULL:
        return value_null(a);
    case YTYPE_BOOL:
        return value_bool(a, ynode_bool(n));
    case YTYPE_INT:
        if (ynode_int(n, &i))
            return value_int(a, i);
        break;
    case YTYPE_FLOAT:
        if (ynode_number(n, &d) && isfinite(d))
            return value_number(a, d);
        break;
    case YTYPE_STRING:
        break;
    }
    return value_stringn(a, n->u.scalar.text, n->u.scalar.len);
}

struct value *value_from_ynode(struct arena *a, const struct ynode *n)
{
    struct value *v;
    switch (n->kind) {
    case YNODE_SCALAR:
        return scalar_value(a, n);
    case YNODE_SEQUENCE:
        v = value_list(a);
        for (size_t i = 0; i < n->u.seq.count; i++)
            value_list_push(a, v, value_from_ynode(a, n->u.seq.items[i]));
        return v;
    case YNODE_MAPPING:
        v = value_map(a);
        for (size_t i = 0; i < n->u.map.count; i++) {
            const struct ypair *p = &n->u.map.pairs[i];
            value_map_putn(a, v, p->key->u.scalar.text, p->key->u.scalar.len,
                           value_from_ynode(a, p->value));
        }
        return v;
    }
    return value_null(a);
}
