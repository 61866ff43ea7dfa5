#include "targets.h"

#include <string.h>

static const struct target_output docs_md_outputs[] = {
    { "docs/errors.md", "NAME_errors.md", false },
    { NULL, NULL, false },
};

static const struct target_output docs_html_outputs[] = {
    { "docs/errors.html", "NAME_errors.html", false },
    { NULL, NULL, false },
};

/* Apart from the index, so that a build system can list the index among a
 * rule's fixed outputs: the pages depend on the catalog's errors. */
static const struct target_output docs_pages_outputs[] = {
    { "docs/error.html", NULL, true },
    { NULL, NULL, false },
};

static const struct target_output c_outputs[] = {
    { "c/errors.h", "NAME_errors.h", false },
    { "c/errors.c", "NAME_errors.c", false },
    { NULL, NULL, false },
};

/* generate --tests: the round-trip test program of the generated C. */
static const struct target_output c_tests_outputs[] = {
    { "c/errors_test.c", "NAME_errors_test.c", false },
    { NULL, NULL, false },
};

static const struct target targets[] = {
    { "c", c_outputs },
    { "docs-md", docs_md_outputs },
    { "docs-html", docs_html_outputs },
    { "docs-pages", docs_pages_outputs },
    { "c-tests", c_tests_outputs },
};

const struct target *target_find(const char *name)
{
    for (size_t i = 0; i < sizeof targets / sizeof targets[0]; i++) {
        if (strcmp(targets[i].name, name) == 0)
            return &targets[i];
    }
    return NULL;
}
