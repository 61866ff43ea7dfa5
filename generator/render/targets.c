#include "targets.h"

#include <string.h>

static const struct target_output docs_outputs[] = {
    { "docs/errors.md", "NAME_errors.md" },
    { NULL, NULL },
};

static const struct target_output c_outputs[] = {
    { "c/errors.h", "NAME_errors.h" },
    { "c/errors.c", "NAME_errors.c" },
    { NULL, NULL },
};

static const struct target targets[] = {
    { "c", c_outputs },
    { "docs", docs_outputs },
};

const struct target *target_find(const char *name)
{
    for (size_t i = 0; i < sizeof targets / sizeof targets[0]; i++) {
        if (strcmp(targets[i].name, name) == 0)
            return &targets[i];
    }
    return NULL;
}
