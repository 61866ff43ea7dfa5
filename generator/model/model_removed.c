#include <string.h>

#include "../support/arena.h"
#include "model.h"
#include "model_value.h"
#include "value.h"

static struct value *removed_value(struct arena *a, const struct model *m, const char *code,
                                   const struct tombstone *t, const char *use)
{
    struct value *v = value_map(a);
    value_map_put_str(a, v, "code", code);
    if (t) {
        value_map_put_int(a, v, "value", t->value);
        model_put_text(a, v, "type_uri", t->type_uri);
        value_map_put_int(a, v, "status", t->status);
    }
    model_put_text(a, v, "removed_in", t ? t->removed_in : NULL);
    /* A code (checked UPPER_SNAKE), safe in every output as is. */
    value_map_put(a, v, "use", use ? value_string(a, use) : value_null(a));
    const char *slug = NULL; /* the replacement's anchor in the docs */
    for (size_t i = 0; use && i < m->entry_count && !slug; i++)
        if (strcmp(m->entries[i].code, use) == 0)
            slug = m->entries[i].slug;
    model_put_text(a, v, "use_slug", slug);
    return v;
}

static const struct tombstone *tombstone_of(const struct model *m, const char *code)
{
    for (size_t i = 0; i < m->tombstone_count; i++)
        if (strcmp(m->tombstones[i].code, code) == 0)
            return &m->tombstones[i];
    return NULL;
}

struct value *model_removed_value(struct arena *a, const struct model *m)
{
    struct value *list = value_list(a);
    for (size_t i = 0; i < m->tombstone_count; i++) {
        const struct tombstone *t = &m->tombstones[i];
        const char *use = t->use;
        for (size_t k = 0; k < m->removal_count; k++)
            if (strcmp(m->removals[k].code, t->code) == 0 && m->removals[k].use)
                use = m->removals[k].use; /* the catalog's word is the newest */
        value_list_push(a, list, removed_value(a, m, t->code, t, use));
    }
    for (size_t k = 0; k < m->removal_count; k++)
        if (tombstone_of(m, m->removals[k].code) == NULL)
            value_list_push(a, list,
                            removed_value(a, m, m->removals[k].code, NULL, m->removals[k].use));
    return list;
}
