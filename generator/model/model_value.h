/* The checked model as a data tree: the JSON `errata model` prints and the
 * data every template renders from. docs/templates.md documents each field. */
#ifndef ERRATA_MODEL_MODEL_VALUE_H
#define ERRATA_MODEL_MODEL_VALUE_H

struct arena;
struct model;
struct value;

struct value *model_to_value(struct arena *a, const struct model *m);

#endif
