#include "merge.h"

#include <math.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "../catalog/yaml_tree.h"
#include "../model/model.h"
#include "../model/value.h"
#include "../model/value_yaml.h"
#include "../support/arena.h"
#include "../support/diag.h"
#include "openapi.h"
#include "schema.h"

/* Warnings of --into, named so --werror and scripts can tell them apart. */
#define W_MISSING "openapi-missing-operation"
#define W_UNLISTED "openapi-unlisted-operation"

static const char *const methods[] = { "get", "put", "post", "delete", "options",
                                       "head", "patch", "trace", NULL };

bool merge_spec_version(struct diag *d, const struct ynode *root, struct schema_style *style)
{
    if (root->kind != YNODE_MAPPING) {
        diag_error(d, root->loc, "an OpenAPI document is a mapping, not %s",
                   ynode_describe(root));
        return false;
    }
    const struct ynode *v = ynode_get(root, "openapi");
    if (v == NULL) {
        diag_error(d, root->loc, "no 'openapi:' version: --into reads OpenAPI 3.0 and 3.1 "
                                 "documents (Swagger 2.0 has 'swagger:')");
        return false;
    }
    const char *text = v->kind == YNODE_SCALAR ? v->u.scalar.text : "";
    if (strncmp(text, "3.0.", 4) == 0 || strncmp(text, "3.1.", 4) == 0) {
        style->openapi30 = text[2] == '0';
        return true;
    }
    diag_error(d, v->loc, "OpenAPI version '%s' is not one --into reads (3.0.x or 3.1.x)", text);
    return false;
}

/* Puts key in map: in place when it is there, else at the end. */
static void put(struct arena *a, struct value *map, const char *key, struct value *v)
{
    for (size_t i = 0; i < map->u.map.count; i++) {
        if (strcmp(map->u.map.members[i].key, key) == 0) {
            map->u.map.members[i].value = v;
            return;
        }
    }
    value_map_put(a, map, key, v);
}

/* The mapping at key, made (at the end) when missing or not a mapping. */
static struct value *child_map(struct arena *a, struct value *map, const char *key)
{
    struct value *v = value_map_get(map, key, strlen(key));
    if (v == NULL || v->kind != VALUE_MAP) {
        v = value_map(a);
        put(a, map, key, v);
    }
    return v;
}

static void merge_components(struct arena *a, struct value *doc, const struct openapi_parts *p)
{
    struct value *components = child_map(a, doc, "components");
    const struct {
        const char *key;
        struct value *ours;
    } kinds[] = { { "schemas", p->schemas }, { "responses", p->responses },
                  { "headers", p->headers } };
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        if (kinds[k].ours->u.map.count == 0)
            continue;
        struct value *theirs = child_map(a, components, kinds[k].key);
        for (size_t i = 0; i < kinds[k].ours->u.map.count; i++)
            put(a, theirs, kinds[k].ours->u.map.members[i].key,
                kinds[k].ours->u.map.members[i].value);
    }
}

/* The spec's path whose template names the same path as `path`. */
static const char *spec_path(struct arena *a, const struct value *paths, const char *path)
{
    const char *shape = openapi_path_shape(a, path);
    for (size_t i = 0; paths != NULL && i < paths->u.map.count; i++) {
        const char *key = paths->u.map.members[i].key;
        if (strcmp(openapi_path_shape(a, key), shape) == 0)
            return key;
    }
    return NULL;
}

static void merge_operations(struct arena *a, struct diag *d, const struct model *m,
                             const struct openapi_parts *p, struct value *doc,
                             const char *spec_name)
{
    struct value *paths = value_map_get(doc, "paths", 5);
    if (paths != NULL && paths->kind != VALUE_MAP)
        paths = NULL;
    for (size_t i = 0; i < m->operation_count; i++) {
        const struct operation *op = &m->operations[i];
        const char *key = spec_path(a, paths, op->path);
        struct value *item = key ? value_map_get(paths, key, strlen(key)) : NULL;
        struct value *operation = item && item->kind == VALUE_MAP
                                      ? value_map_get(item, p->methods[i], strlen(p->methods[i]))
                                      : NULL;
        if (operation == NULL || operation->kind != VALUE_MAP) {
            diag_warning(d, op->loc, W_MISSING, "operation '%s %s' is not in %s", op->method,
                         op->path, spec_name);
            continue;
        }
        struct value *responses = child_map(a, operation, "responses");
        const struct value *ours = p->operation_responses[i];
        for (size_t j = 0; j < ours->u.map.count; j++)
            put(a, responses, ours->u.map.members[j].key, ours->u.map.members[j].value);
    }
}

static bool catalog_has(struct arena *a, const struct model *m, const char *method,
                        const char *path)
{
    const char *shape = openapi_path_shape(a, path);
    for (size_t i = 0; i < m->operation_count; i++) {
        const struct operation *op = &m->operations[i];
        if (strcasecmp(op->method, method) == 0 &&
            strcmp(openapi_path_shape(a, op->path), shape) == 0)
            return true;
    }
    return false;
}

/* The spec's operations the catalog does not list, located in the spec. */
static void report_unlisted(struct arena *a, struct diag *d, const struct model *m,
                            const struct ynode *root)
{
    const struct ynode *paths = ynode_get(root, "paths");
    if (!m->has_operations || paths == NULL || paths->kind != YNODE_MAPPING)
        return;
    for (size_t i = 0; i < paths->u.map.count; i++) {
        const struct ypair *path = &paths->u.map.pairs[i];
        if (path->value->kind != YNODE_MAPPING)
            continue;
        for (size_t j = 0; j < path->value->u.map.count; j++) {
            const struct ynode *key = path->value->u.map.pairs[j].key;
            bool is_method = false;
            for (const char *const *mt = methods; *mt && !is_method; mt++)
                is_method = strcmp(*mt, key->u.scalar.text) == 0;
            if (is_method && !catalog_has(a, m, key->u.scalar.text, path->key->u.scalar.text))
                diag_warning(d, key->loc, W_UNLISTED,
                             "operation '%s %s' is not in the catalog's operations",
                             key->u.scalar.text, path->key->u.scalar.text);
        }
    }
}

/* A number the merge could not write back as it was (beyond int64, or a
 * float beyond double) would come out as text: refused instead, located. */
static bool numbers_exact(struct diag *d, const struct ynode *n)
{
    int64_t i;
    double x;
    bool ok = true;
    switch (n->kind) {
    case YNODE_SCALAR:
        if ((n->u.scalar.type == YTYPE_INT && !ynode_int(n, &i)) ||
            (n->u.scalar.type == YTYPE_FLOAT && (!ynode_number(n, &x) || !isfinite(x)))) {
            diag_error(d, n->loc,
                       "the number %s cannot be written back exactly (errata keeps integers "
                       "within 64 bits and finite doubles); quote it if it is text",
                       n->u.scalar.text);
            return false;
        }
        return true;
    case YNODE_SEQUENCE:
        for (size_t k = 0; k < n->u.seq.count; k++)
            ok &= numbers_exact(d, n->u.seq.items[k]);
        return ok;
    case YNODE_MAPPING:
        for (size_t k = 0; k < n->u.map.count; k++)
            ok &= numbers_exact(d, n->u.map.pairs[k].value);
        return ok;
    }
    return ok;
}

struct value *merge_into(struct arena *a, struct diag *d, const struct model *m,
                         const struct openapi_parts *p, const struct ynode *root,
                         const char *spec_name)
{
    if (!numbers_exact(d, root))
        return NULL;
    struct value *doc = value_from_ynode(a, root);
    merge_components(a, doc, p);
    merge_operations(a, d, m, p, doc, spec_name);
    report_unlisted(a, d, m, root);
    return doc;
}
