#include "examples.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../catalog/limits.h"
#include "../catalog/yaml_tree.h"
#include "../decode/model_catalog.h"
#include "../docs/example_response.h"
#include "../model/model.h"
#include "../model/value_yaml.h"
#include "../support/arena.h"
#include "../support/diag.h"
#include "../support/source.h"

/* JSON is YAML's flow style: the catalog's reader reads the body back.
 * The runtime writes valid JSON, so a failure here is errata's own bug. */
static struct value *read_body(struct arena *a, const char *code, const char *json)
{
    static const struct catalog_limits limits = CATALOG_DEFAULT_LIMITS;
    struct source src;
    struct diag d;
    diag_init(&d, stderr, false);
    source_from_memory(&src, arena_printf(a, "<example of %s>", code), json, strlen(json));
    const struct ynode *root = yaml_tree_parse(a, &d, &src, &limits);
    if (root == NULL) {
        fprintf(stderr, "errata: internal error: the example body of %s is not JSON\n", code);
        abort();
    }
    return value_from_ynode(a, root);
}

/* The runtime sends a required member only when the service gives it; an
 * example body without one would not be a body the contract allows. */
static bool complete(const struct entry *e)
{
    for (size_t i = 0; i < e->member_count; i++) {
        const struct member *mb = &e->members[i];
        if (mb->required && !mb->hidden && mb->example == NULL)
            return false;
    }
    return true;
}

struct value **openapi_example_bodies(struct arena *a, const struct model *m)
{
    errata_catalog_t catalog;
    model_catalog_build(a, m, &catalog);
    struct value **out = arena_alloc_array(a, m->entry_count + 1, sizeof *out);
    for (size_t i = 0; i < m->entry_count; i++) {
        if (!complete(&m->entries[i]))
            continue; /* no example: better none than a wrong one */
        struct example_response ex;
        example_response_build(a, &catalog.descriptors[i], &m->entries[i], &ex);
        out[i] = read_body(a, m->entries[i].code, ex.body);
    }
    return out;
}
