/* `errata openapi --into SPEC`: errata's parts merged into an existing
 * OpenAPI 3.0 or 3.1 document, everything else left as it was. */
#ifndef ERRATA_OPENAPI_MERGE_H
#define ERRATA_OPENAPI_MERGE_H

#include <stdbool.h>

struct arena;
struct diag;
struct model;
struct openapi_parts;
struct schema_style;
struct value;
struct ynode;

/* Reads the spec's `openapi:` version: sets style (3.0 or 3.1); false
 * when it is neither (reported, located in the spec). */
bool merge_spec_version(struct diag *d, const struct ynode *root, struct schema_style *style);

/* The spec (root, read from its file) as a value with errata's components
 * added or replaced by name, and each catalog operation's error responses
 * (status -> $ref) added or replaced in its responses. Warns, located,
 * about the catalog's operations missing from the spec and, when the
 * catalog has operations, the spec's operations it does not list. NULL
 * when the spec holds a number that could not be written back exactly
 * (reported). */
struct value *merge_into(struct arena *a, struct diag *d, const struct model *m,
                         const struct openapi_parts *p, const struct ynode *root,
                         const char *spec_name);

#endif
