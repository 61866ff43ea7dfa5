/* The catalog's `operations:` in the model: the list of operations, each
 * with its errors, and on each error the operations that can answer it
 * (docs/templates.md, "Operations"). */
#include <stdio.h>
#include <string.h>

#include "../support/arena.h"
#include "model.h"
#include "model_value.h"
#include "value.h"

/* The fields naming an operation, in the operation itself and in each of
 * its errors' `operations`. The anchor is its place in the catalog: paths
 * made into identifiers could clash, indexes cannot. */
static void put_operation_names(struct arena *a, struct value *v, const struct operation *op,
                                size_t index)
{
    model_put_text(a, v, "method", op->method);
    model_put_text(a, v, "path", op->path);
    model_put_text(a, v, "key", arena_printf(a, "%s %s", op->method, op->path));
    value_map_put_str(a, v, "anchor", arena_printf(a, "operation-%zu", index + 1));
}

static struct value *error_ref(struct arena *a, const char *prefix, const struct entry *e)
{
    struct value *v = value_map(a);
    value_map_put_str(a, v, "code", e->code);
    char *upper = arena_strdup(a, prefix);
    for (char *p = upper; *p; p++)
        *p = (char)(*p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p);
    value_map_put_str(a, v, "enum", arena_printf(a, "%s_%s", upper, e->code));
    value_map_put_int(a, v, "status", e->status);
    model_put_text(a, v, "title", e->title);
    model_put_text(a, v, "slug", e->slug);
    model_put_text(a, v, "type_uri", e->type_uri);
    return v;
}

static size_t entry_index(const struct model *m, const struct entry *e)
{
    return (size_t)(e - m->entries);
}

void model_put_operations(struct arena *a, struct value *root, const struct model *m)
{
    struct value *ops = value_list(a);
    struct value *errors = value_map_get(root, "errors", 6);
    struct value **per_error = arena_alloc_array(a, m->entry_count + 1, sizeof *per_error);
    for (size_t i = 0; i < m->entry_count; i++)
        per_error[i] = value_list(a);
    for (size_t i = 0; i < m->operation_count; i++) {
        const struct operation *op = &m->operations[i];
        struct value *v = value_map(a);
        put_operation_names(a, v, op, i);
        struct value *list = value_list(a);
        for (size_t j = 0; j < op->error_count; j++) {
            value_list_push(a, list, error_ref(a, m->main->name, op->errors[j]));
            struct value *ref = value_map(a);
            put_operation_names(a, ref, op, i);
            value_list_push(a, per_error[entry_index(m, op->errors[j])], ref);
        }
        model_mark_last(a, list);
        value_map_put(a, v, "errors", list);
        value_map_put_int(a, v, "error_count", (int64_t)op->error_count);
        value_map_put_bool(a, v, "has_errors", op->error_count > 0);
        value_list_push(a, ops, v);
    }
    model_mark_last(a, ops);
    value_map_put_bool(a, root, "has_operations", m->operation_count > 0);
    value_map_put_int(a, root, "operation_count", (int64_t)m->operation_count);
    value_map_put(a, root, "operations", ops);
    struct value *all = value_list(a);
    for (size_t i = 0; i < m->all_error_count; i++)
        value_list_push(a, all, error_ref(a, m->main->name, m->all_errors[i]));
    model_mark_last(a, all);
    value_map_put(a, root, "all_operations_errors", all);
    for (size_t i = 0; i < m->entry_count; i++) {
        model_mark_last(a, per_error[i]);
        value_map_put(a, errors->u.list.items[i], "operations", per_error[i]);
        value_map_put_bool(a, errors->u.list.items[i], "has_operations",
                           per_error[i]->u.list.count > 0);
    }
}
