#include "targets.h"

#include <string.h>

#include "template_data.h"

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

static const struct target_output ts_outputs[] = {
    { "ts/errors.ts", "NAME_errors.ts", false },
    { NULL, NULL, false },
};

/* Plain JavaScript: the same code without types, and its declarations. */
static const struct target_output js_outputs[] = {
    { "ts/errors.js", "NAME_errors.js", false },
    { "ts/errors.d.ts", "NAME_errors.d.ts", false },
    { NULL, NULL, false },
};

/* generate --tests: the round-trip test program of the generated C. */
static const struct target_output c_tests_outputs[] = {
    { "c/errors_test.c", "NAME_errors_test.c", false },
    { NULL, NULL, false },
};

static const struct target targets[] = {
    { "c", c_outputs, 0 },
    { "ts", ts_outputs, TEMPLATE_FIELDS_TS },
    { "js", js_outputs, TEMPLATE_FIELDS_TS },
    { "docs-md", docs_md_outputs, TEMPLATE_FIELDS_DOCS },
    { "docs-html", docs_html_outputs, TEMPLATE_FIELDS_DOCS },
    { "docs-pages", docs_pages_outputs, TEMPLATE_FIELDS_DOCS },
    { "c-tests", c_tests_outputs, TEMPLATE_FIELDS_DOCS }, /* example_response */
};

const struct target *target_find(const char *name)
{
    for (size_t i = 0; i < sizeof targets / sizeof targets[0]; i++) {
        if (strcmp(targets[i].name, name) == 0)
            return &targets[i];
    }
    return NULL;
}
