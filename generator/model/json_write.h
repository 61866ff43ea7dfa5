/* Writes a value tree as JSON: two-space indentation, members in insertion
 * order, strings escaped per RFC 8259 with invalid UTF-8 replaced by U+FFFD,
 * numbers in the shortest form that reads back exactly. */
#ifndef ERRATA_MODEL_JSON_WRITE_H
#define ERRATA_MODEL_JSON_WRITE_H

#include <stddef.h>

struct strbuf;
struct value;

void json_write_value(struct strbuf *out, const struct value *v);
/* The same on one line, no spaces: {"a":[1,2]}. */
void json_write_compact(struct strbuf *out, const struct value *v);
/* The body of a JSON string literal (no quotes). */
void json_write_string_body(struct strbuf *out, const char *s, size_t len);
/* Shortest decimal text that parses back to d; finite d only. */
void json_format_number(char buf[32], double d);

#endif
