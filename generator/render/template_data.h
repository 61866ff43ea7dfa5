/* The data every template renders from: the model as a value tree
 * (model/model_value.c) with the documentation's fields added
 * (docs/docs_fields.c). `errata model` prints exactly this, so that
 * `errata render` over its output matches `errata generate`. */
#ifndef ERRATA_RENDER_TEMPLATE_DATA_H
#define ERRATA_RENDER_TEMPLATE_DATA_H

struct arena;
struct model;
struct value;

/* The families of fields beyond the model's own, built only when a target
 * that reads them is rendered: for `--lang c` they were half of the work. */
enum template_fields {
    TEMPLATE_FIELDS_DOCS = 1, /* docs/docs_fields.c: docs, and the C tests' examples */
    TEMPLATE_FIELDS_TS = 2,   /* ts/ts_fields.c: TypeScript and JavaScript */
    TEMPLATE_FIELDS_ALL = 3,  /* `errata model`, and templates from --templates */
};

struct value *template_data(struct arena *a, const struct model *m, unsigned fields);

#endif
