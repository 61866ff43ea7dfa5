/* The checked model as a runtime catalog (errata_catalog_t), built in the
 * run's arena, so `errata decode` runs the very decoder generated clients
 * use, and the docs' example responses come out of the very writer
 * services use, with no compile step. */
#ifndef ERRATA_DECODE_MODEL_CATALOG_H
#define ERRATA_DECODE_MODEL_CATALOG_H

#include <errata/decode.h>

struct arena;
struct model;

/* Generated code lays members out in typed structs. These descriptors
 * describe a generic layout instead: member i (and property i of an object
 * item) sits in a slot of MODEL_CATALOG_SLOT bytes at i * MODEL_CATALOG_SLOT,
 * holding what a generated struct would (a string pointer, a pointer to an
 * optional scalar, a required scalar itself, or an array's items pointer
 * followed by its size_t count at + MODEL_CATALOG_COUNT_AT). */
#define MODEL_CATALOG_SLOT 16
#define MODEL_CATALOG_COUNT_AT 8

void model_catalog_build(struct arena *a, const struct model *m, errata_catalog_t *out);

struct migration;
/* A checked `migration:` as liberrata's errata_migration_t. */
const errata_migration_t *model_catalog_migration(struct arena *a, const struct migration *mg);

#endif
