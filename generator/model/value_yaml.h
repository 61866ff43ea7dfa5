/* Turns a YAML tree into a data value (for template data files and examples). */
#ifndef ERRATA_MODEL_VALUE_YAML_H
#define ERRATA_MODEL_VALUE_YAML_H

struct arena;
struct value;
struct ynode;

/* Scalars take their core-schema type; integers beyond int64 and non-finite
 * floats stay strings, since JSON cannot hold them as numbers. */
struct value *value_from_ynode(struct arena *a, const struct ynode *n);

#endif
