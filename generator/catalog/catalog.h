/* Loading and checking a catalog: YAML files in, a checked model out, every
 * problem reported through the diagnostics sink in one run. */
#ifndef ERRATA_CATALOG_CATALOG_H
#define ERRATA_CATALOG_CATALOG_H

#include <stdbool.h>
#include <stddef.h>

#include "limits.h"

struct arena;
struct diag;
struct model;

struct catalog_options {
    const char *const *include_dirs; /* -I, searched in order after the includer's folder */
    size_t include_dir_count;
    const char *installed_dir; /* searched after -I; NULL to skip */
    bool use_builtin;          /* finally, the catalogs compiled into errata */
    struct catalog_limits limits;
};

void catalog_options_init(struct catalog_options *opt);

enum catalog_result {
    CATALOG_OK,       /* the model is filled; warnings may have been printed */
    CATALOG_INVALID,  /* diagnostics were printed */
    CATALOG_IO_ERROR, /* the main file could not be read; a message was printed */
};

enum catalog_result catalog_load(struct arena *a, struct diag *d, const char *path,
                                 const struct catalog_options *opt, struct model *out);

/* The same for a catalog held in memory (tests); `name` is shown in messages
 * and includes are searched beside it as if it were a path. */
enum catalog_result catalog_load_memory(struct arena *a, struct diag *d, const char *name,
                                        const char *text, size_t len,
                                        const struct catalog_options *opt, struct model *out);

#endif
