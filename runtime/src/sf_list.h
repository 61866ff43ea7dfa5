/* A strict parser for RFC 9651 Structured Field Lists and their parameters,
 * internal to liberrata: the RateLimit and RateLimit-Policy fields
 * (ratelimit.c) and their grammar check (header_grammar.c) read with it.
 * It never allocates and never copies: a value points into the field. */
#ifndef ERRATA_SF_LIST_H
#define ERRATA_SF_LIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "errata/errata.h"

typedef enum errata_sf_type {
    ERRATA_SF_INTEGER,   /* integer */
    ERRATA_SF_DECIMAL,   /* integer: thousandths (exact: at most 3 fraction digits) */
    ERRATA_SF_STRING,    /* text, len: between the quotes, escapes kept */
    ERRATA_SF_TOKEN,     /* text, len */
    ERRATA_SF_BYTES,     /* text, len: the base64 between the colons */
    ERRATA_SF_BOOLEAN,   /* integer: 0 or 1 */
    ERRATA_SF_DATE,      /* integer: seconds since the epoch */
    ERRATA_SF_DISPLAY,   /* text, len: between the quotes, %xx kept */
    ERRATA_SF_INNER_LIST /* text, len: from '(' to ')' */
} errata_sf_type_t;

typedef struct errata_sf_bare {
    errata_sf_type_t type;
    int64_t integer;
    const char *text;
    size_t len;
} errata_sf_bare_t;

/* A member of a List: its item (or inner list) and its parameters, whose
 * raw text (";a=1;b") errata_sf_param reads. */
typedef struct errata_sf_member {
    errata_sf_bare_t item;
    const char *params;
    size_t params_len;
} errata_sf_member_t;

/* Walks a List whose whole text has been found valid. */
typedef struct errata_sf_cursor {
    const char *s;
    size_t len, at;
} errata_sf_cursor_t;

/* True when s[0, len) is a List by RFC 9651 §4.2 (leading and trailing
 * spaces allowed, an empty field is an empty List); on true the cursor is
 * ready for errata_sf_list_next. */
bool errata_sf_list_init(errata_sf_cursor_t *c, const char *s, size_t len);
/* The next member; false at the end. */
bool errata_sf_list_next(errata_sf_cursor_t *c, errata_sf_member_t *out);
/* The value of parameter `key` (the last one when repeated, RFC 9651
 * §4.2.3.2; a key without a value is Boolean true); false when absent. */
bool errata_sf_param(const errata_sf_member_t *m, const char *key, errata_sf_bare_t *out);
/* A String's characters, unescaped, NUL-terminated into buf; false when
 * they do not fit (nothing is cut). */
bool errata_sf_string_copy(const errata_sf_bare_t *v, char *buf, size_t cap);
/* A Byte Sequence decoded into buf; false when it does not fit or is not
 * base64 (RFC 4648 §4; the padding may be left out, RFC 9651 §4.2.7). */
bool errata_sf_bytes_decode(const errata_sf_bare_t *v, unsigned char *buf, size_t cap,
                            size_t *out_len);

/* ratelimit_parse.c: a RateLimit-Policy (policy) or RateLimit field that
 * errata_parse_ratelimit keeps whole: a non-empty List whose every item is
 * a policy it keeps. errata_header_value_valid's rule for both fields. */
bool errata_ratelimit_field_valid(const char *value, bool policy);
/* One field's policies joined into out (errata_parse_ratelimit's half):
 * the decoder reads each field right after asking for it, since a header
 * callback may reuse its storage for the next name. */
void errata_ratelimit_read_field(errata_ratelimit_t *out, const char *value, bool policy);

#endif
