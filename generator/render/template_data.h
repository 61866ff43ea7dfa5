/* The data every template renders from: the model as a value tree
 * (model/model_value.c) with the documentation's fields added
 * (docs/docs_fields.c). `errata model` prints exactly this, so that
 * `errata render` over its output matches `errata generate`. */
#ifndef ERRATA_RENDER_TEMPLATE_DATA_H
#define ERRATA_RENDER_TEMPLATE_DATA_H

struct arena;
struct model;
struct value;

struct value *template_data(struct arena *a, const struct model *m);

#endif
