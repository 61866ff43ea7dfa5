#include "template_data.h"

#include "../docs/docs_fields.h"
#include "../model/model_value.h"
#include "../ts/ts_fields.h"

struct value *template_data(struct arena *a, const struct model *m, unsigned fields)
{
    struct value *root = model_to_value(a, m);
    if (fields & TEMPLATE_FIELDS_DOCS)
        docs_fields_add(a, m, root);
    if (fields & TEMPLATE_FIELDS_TS)
        ts_fields_add(a, m, root);
    return root;
}
