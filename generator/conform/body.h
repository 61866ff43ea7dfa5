/* Response bodies as value trees (liberrata's strict JSON parser). */
#ifndef ERRATA_CONFORM_BODY_H
#define ERRATA_CONFORM_BODY_H

#include <stddef.h>

struct arena;
struct value;

/* NULL when the body is not one valid JSON text: *error and *offset say
 * why and where. */
struct value *conform_body_parse(struct arena *a, const char *data, size_t len,
                                 const char **error, size_t *offset);

#endif
