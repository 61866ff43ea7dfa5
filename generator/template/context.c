/* Name resolution on the context stack, and what counts as false. */
#include "../model/value.h"
#include "render.h"

/* The first part resolves on the whole stack, innermost first; each further
 * part only inside the previous result (the spec's "Broken Chain
 * Resolution"), so `a.b` never finds a `b` that is not in `a`. */
const struct value *mustache_lookup(const struct ctx *c, const struct name *n)
{
    if (n->count == 0)
        return c ? c->v : NULL;
    const struct value *v = NULL;
    for (; c != NULL && v == NULL; c = c->up)
        v = value_map_get(c->v, n->parts[0].ptr, n->parts[0].len);
    for (size_t k = 1; k < n->count && v != NULL; k++)
        v = value_map_get(v, n->parts[k].ptr, n->parts[k].len);
    return v;
}

/* Missing, null, false, "" and [] are false; 0 is a value like any other. */
bool mustache_truthy(const struct value *v)
{
    if (v == NULL)
        return false;
    switch (v->kind) {
    case VALUE_NULL:
        return false;
    case VALUE_BOOL:
        return v->u.boolean;
    case VALUE_STRING:
        return v->u.string.len > 0;
    case VALUE_TEXT: /* its text is empty exactly when its source is */
        return v->u.text.len > 0;
    case VALUE_LIST:
        return v->u.list.count > 0;
    default:
        return true;
    }
}
