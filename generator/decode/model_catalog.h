/* The checked model as a runtime catalog (errata_catalog_t), built in the
 * run's arena, so `errata decode` runs the very decoder generated clients
 * use, with no compile step. */
#ifndef ERRATA_DECODE_MODEL_CATALOG_H
#define ERRATA_DECODE_MODEL_CATALOG_H

#include <errata/decode.h>

struct arena;
struct model;

void model_catalog_build(struct arena *a, const struct model *m, errata_catalog_t *out);

#endif
