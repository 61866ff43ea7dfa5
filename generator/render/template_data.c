#include "template_data.h"

#include "../docs/docs_fields.h"
#include "../model/model_value.h"
#include "../ts/ts_fields.h"

struct value *template_data(struct arena *a, const struct model *m)
{
    struct value *root = model_to_value(a, m);
    docs_fields_add(a, m, root);
    ts_fields_add(a, m, root);
    return root;
}
