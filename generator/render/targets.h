/* What `errata generate` and `errata docs` can produce: named targets, each
 * a list of (template, output file) pairs. Output names are patterns where
 * "NAME" stands for the catalog's name. A per-error output is rendered once
 * for every error that has a page of its own (docs_slug_is_page_name), with
 * the error as the field `error` beside the whole model, into "SLUG.html". */
#ifndef ERRATA_RENDER_TARGETS_H
#define ERRATA_RENDER_TARGETS_H

#include <stdbool.h>
#include <stddef.h>

struct target_output {
    const char *template_name; /* e.g. "docs/errors.md" */
    const char *file_pattern;  /* e.g. "NAME_errors.md" */
    bool per_error;            /* file_pattern is ignored: SLUG.html */
};

struct target {
    const char *name;
    const struct target_output *outputs; /* ends with { NULL, NULL } */
    unsigned fields; /* enum template_fields: what its templates read beyond the model */
};

/* NULL when there is no such target. */
const struct target *target_find(const char *name);

#endif
