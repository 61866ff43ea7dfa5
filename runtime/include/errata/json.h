/* A strict, pull-style JSON parser (RFC 8259) with no heap allocation.
 *
 * The caller owns all storage: the input bytes, and a scratch buffer into
 * which string values and member names are unescaped. Each call to
 * errata_json_next() returns the next token; a string's text stays valid
 * until the next call unless errata_json_keep() is called, which keeps it
 * (and everything kept before it) in the scratch buffer for good.
 *
 * Strictness: exactly RFC 8259 — one value, optional whitespace around it,
 * no comments, no trailing commas, no leading zeros, no NaN/Infinity, no
 * control characters in strings, every escape checked, surrogate pairs
 * paired, and the input and every string valid UTF-8 (no overlongs, no
 * surrogates, nothing above U+10FFFF). A nesting deeper than
 * ERRATA_JSON_MAX_DEPTH is an error, so hostile input cannot exhaust
 * anything. Every error has a message and the byte offset where it was
 * found.
 *
 * Duplicate member names are reported as they come; the decoders built on
 * this parser let the last one win (docs/c-api.md). */
#ifndef ERRATA_JSON_H
#define ERRATA_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "errata.h"

#ifdef __cplusplus
extern "C" {
#endif

#define ERRATA_JSON_MAX_DEPTH 64

typedef enum errata_json_token {
    ERRATA_JSON_ERROR,        /* see parser.error, parser.error_offset */
    ERRATA_JSON_END,          /* the one top-level value is complete and only whitespace followed */
    ERRATA_JSON_OBJECT_BEGIN,
    ERRATA_JSON_OBJECT_END,
    ERRATA_JSON_ARRAY_BEGIN,
    ERRATA_JSON_ARRAY_END,
    ERRATA_JSON_KEY,          /* a member name: text, text_len */
    ERRATA_JSON_STRING,       /* text, text_len */
    ERRATA_JSON_NUMBER,       /* raw, raw_len: the number exactly as written */
    ERRATA_JSON_TRUE,
    ERRATA_JSON_FALSE,
    ERRATA_JSON_NULL
} errata_json_token_t;

typedef struct errata_json_parser {
    /* input */
    const char *data;
    size_t len;
    size_t pos;
    /* scratch for unescaped strings */
    char *scratch;
    size_t scratch_cap;
    size_t kept;      /* bytes of scratch kept by errata_json_keep */
    /* the last token */
    errata_json_token_t token;
    size_t offset;    /* where the token starts in data */
    const char *text; /* KEY, STRING: unescaped, NUL-terminated (in scratch) */
    size_t text_len;  /* may include NUL bytes from \u0000 */
    bool truncated;   /* KEY, STRING: scratch was too small; text holds a prefix
                         cut at a character boundary (the input was still checked) */
    const char *raw;  /* NUMBER: the number's text in data */
    size_t raw_len;
    /* errors */
    const char *error;   /* static message, NULL when none */
    size_t error_offset; /* byte offset in data */
    /* state (private) */
    unsigned depth;
    unsigned char in_object[ERRATA_JSON_MAX_DEPTH]; /* per level: 1 object, 0 array */
    unsigned char expect;                           /* what may come next */
    bool done;
} errata_json_parser_t;

/* Starts parsing len bytes of data; scratch (cap bytes) receives strings. */
ERRATA_API void errata_json_init(errata_json_parser_t *p, const char *data, size_t len,
                                 char *scratch, size_t scratch_cap);

/* The next token. After ERRATA_JSON_ERROR or ERRATA_JSON_END it keeps
 * returning the same token. */
ERRATA_API errata_json_token_t errata_json_next(errata_json_parser_t *p);

/* Keeps the current KEY or STRING text in scratch past the next call;
 * returns it (NULL for other tokens). */
ERRATA_API const char *errata_json_keep(errata_json_parser_t *p);

/* After an OBJECT_BEGIN or ARRAY_BEGIN, consumes tokens up to and including
 * the matching end; after any other value token, does nothing. Returns false
 * on a parse error. Skipped strings are checked but not kept. */
ERRATA_API bool errata_json_skip(errata_json_parser_t *p);

/* The current NUMBER as an int64: false when it has a fraction or exponent
 * that does not make it a whole number, or is outside int64's range. */
ERRATA_API bool errata_json_int64(const errata_json_parser_t *p, int64_t *out);

/* The current NUMBER as the nearest double, whatever the C locale's decimal
 * point is: false when it is outside double's finite range (1e400). */
ERRATA_API bool errata_json_double(const errata_json_parser_t *p, double *out);

/* The nesting depth of the token just returned (0 at the top level). */
ERRATA_API unsigned errata_json_depth(const errata_json_parser_t *p);

/* Checks a whole document without keeping anything: true when it is one
 * valid JSON text. On false, *error and *offset say why and where; *is_object
 * tells whether the top-level value is an object. Any pointer may be NULL. */
ERRATA_API bool errata_json_validate(const char *data, size_t len, const char **error,
                                     size_t *offset, bool *is_object);

#ifdef __cplusplus
}
#endif

#endif
