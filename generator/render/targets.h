/* What `errata generate` can produce: named targets, each a list of
 * (template, output file) pairs. Output names are patterns where "NAME"
 * stands for the catalog's name. */
#ifndef ERRATA_RENDER_TARGETS_H
#define ERRATA_RENDER_TARGETS_H

#include <stddef.h>

struct target_output {
    const char *template_name; /* e.g. "docs/errors.md" */
    const char *file_pattern;  /* e.g. "NAME_errors.md" */
};

struct target {
    const char *name;
    const struct target_output *outputs; /* ends with { NULL, NULL } */
};

/* NULL when there is no such target. */
const struct target *target_find(const char *name);

#endif
