/* Limits that stop hostile catalogs quickly with a located error. Each one is
 * far above what a real catalog needs; docs/limits.md explains them. Change
 * them here and rebuild. */
#ifndef ERRATA_CATALOG_LIMITS_H
#define ERRATA_CATALOG_LIMITS_H

#include <stddef.h>

struct catalog_limits {
    size_t max_file_size;     /* bytes per catalog file */
    size_t max_depth;         /* nesting of YAML collections */
    size_t max_alias_nodes;   /* nodes reachable through aliases, counted as expanded */
    size_t max_include_depth; /* include chain length */
    size_t max_entries;       /* errors in the whole resolved catalog */
};

#define CATALOG_DEFAULT_LIMITS                                                                   \
    {                                                                                            \
        .max_file_size = 16u * 1024 * 1024, .max_depth = 64, .max_alias_nodes = 100000,          \
        .max_include_depth = 16, .max_entries = 262144,                                          \
    }

#endif
