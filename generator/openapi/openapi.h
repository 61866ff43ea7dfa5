/* The OpenAPI 3.1 (or 3.0, for --into) parts errata owns: components
 * (schemas, responses per status with oneOf + discriminator, headers) and
 * each catalog operation's error responses by $ref; and the document
 * `errata openapi` writes when it has no SPEC to merge into. */
#ifndef ERRATA_OPENAPI_OPENAPI_H
#define ERRATA_OPENAPI_OPENAPI_H

#include <stdbool.h>

#include "schema.h"

struct arena;
struct diag;
struct model;
struct value;

struct openapi_parts {
    struct value *schemas;   /* name -> Schema Object: Problem, then one per code */
    struct value *responses; /* name -> Response Object: ProblemNNN, subsets */
    struct value *headers;   /* name -> Header Object */
    /* Per model operation: "get", and status -> {$ref}; method NULL when
     * OpenAPI has no field for it (reported). */
    const char **methods;
    struct value **operation_responses;
};

/* False when an operation's method has no place in an OpenAPI path item
 * (reported, located at the operation). */
bool openapi_parts_build(struct arena *a, struct diag *d, const struct model *m,
                         const struct schema_style *style, struct openapi_parts *out);

/* The whole document, for a catalog on its own; banner is the "generated
 * by" text or NULL. */
struct value *openapi_document(struct arena *a, const struct model *m,
                               const struct openapi_parts *p, const char *banner);

/* "/pets/{}" for "/pets/{id}": the templates that name one path. */
const char *openapi_path_shape(struct arena *a, const char *path);

#endif
