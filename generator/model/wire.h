/* Facts about an entry as it goes on the wire, computed in one place for
 * every consumer: the C templates' model (model_value.c) and the runtime
 * catalog the docs and `errata decode` use (decode/model_catalog.c). */
#ifndef ERRATA_MODEL_WIRE_H
#define ERRATA_MODEL_WIRE_H

#include <stdbool.h>

struct entry;
struct strbuf;

/* Appends the constant start of every body of the entry's type, exactly as
 * the runtime writes it: {"type":"...","title":"...","status":N,"code":"..." */
void wire_body_prefix(struct strbuf *out, const struct entry *e);
/* The same with another title: a translation's (model_locales.c). */
void wire_body_prefix_titled(struct strbuf *out, const struct entry *e, const char *title);

/* Whether text leaves an HTTP quoted-string (RFC 9110 §5.6.4) open, given
 * whether it started inside one: quotes toggle, a backslash inside takes
 * the next byte along. A member placed while one is open is sent with its
 * quotes and backslashes as quoted-pairs. */
bool wire_quotes_open(const char *text, bool open);

#endif
