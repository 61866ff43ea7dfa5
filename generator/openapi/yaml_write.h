/* Writes a value tree as YAML through libyaml's emitter: block style, keys
 * in insertion order, strings quoted whenever they would read back as
 * another type ("true", "404", "1.0", "null", ""). */
#ifndef ERRATA_OPENAPI_YAML_WRITE_H
#define ERRATA_OPENAPI_YAML_WRITE_H

#include <stdbool.h>

struct strbuf;
struct value;

/* False only when libyaml refuses (a string that is not valid UTF-8). */
bool yaml_write_value(struct strbuf *out, const struct value *v);

#endif
