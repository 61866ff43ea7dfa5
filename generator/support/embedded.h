/* Files compiled into errata at build time (the standard catalog, the
 * built-in templates). Tables end with a { NULL, NULL, 0 } entry. */
#ifndef ERRATA_SUPPORT_EMBEDDED_H
#define ERRATA_SUPPORT_EMBEDDED_H

#include <stddef.h>

struct embedded_file {
    const char *name; /* relative path, e.g. "http.yaml" or "c/errors.h.mustache" */
    const char *data; /* NUL-terminated */
    size_t len;
};

extern const struct embedded_file embedded_catalogs[];
extern const struct embedded_file embedded_templates[];
/* liberrata as errata.h + errata.c, for generate --emit-runtime. */
extern const struct embedded_file embedded_runtime[];

const struct embedded_file *embedded_find(const struct embedded_file *table, const char *name);

#endif
