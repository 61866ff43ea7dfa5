/* `errata schema`: the files a catalog publishes beside its docs, so that
 * base_uri + a file name resolves: SLUG.schema.json per error (JSON Schema
 * 2020-12, $id under base_uri, self-contained), problem.schema.json, and
 * index.json, the machine-readable registry of every type (RFC 9457 §4). */
#ifndef ERRATA_OPENAPI_REGISTRY_H
#define ERRATA_OPENAPI_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct diag;
struct model;
struct output_set;

/* Adds the files to set; false when two errors would share a schema file
 * (reported). */
bool registry_build(struct arena *a, struct diag *d, const struct model *m, const char *banner,
                    struct output_set *set);

/* The schema file of an error: SLUG.schema.json when its slug can name a
 * file, else the code's kebab form. */
const char *registry_schema_file(struct arena *a, const struct model *m, size_t entry);

#endif
