/* The lexical rules of the catalog format: names, codes, tokens, URIs, and the
 * HTTP status registry. Pure functions, unit-tested one by one. */
#ifndef ERRATA_CATALOG_RULES_H
#define ERRATA_CATALOG_RULES_H

#include <stdbool.h>
#include <stddef.h>

bool rules_is_c_identifier(const char *s);
/* A member name errata accepts: a C identifier that may also hold '-'
 * after its first character. The name goes on the wire as it is; its C
 * name (model member_c_name) has each '-' as '_'. */
bool rules_is_member_name(const char *s);
/* C99/C11 and C++ keywords: a generated struct member or prefix may not be one. */
bool rules_is_keyword(const char *s);
/* UPPER_SNAKE: A-Z first, then A-Z 0-9, single underscores between words. */
bool rules_is_upper_snake(const char *s);
/* RFC 9110 §5.6.2 token (header field names). */
bool rules_is_token(const char *s);
/* RFC 9457 §3.2: letter first, ALPHA / DIGIT / "_", three characters or more. */
bool rules_is_rfc9457_member_name(const char *s);

/* RFC 3986 URI-reference; *why gets a short reason when it is not one. */
bool rules_is_uri_reference(const char *s, const char **why);
/* A URI with a scheme (RFC 3986 §4.3, fragments tolerated). */
bool rules_is_absolute_uri(const char *s);

/* RFC 5646 §2.1 Language-Tag syntax (langtag, privateuse or a
 * grandfathered tag), in any case: "de", "de-AT", "zh-Hant-TW", "x-klingon". */
bool rules_is_bcp47(const char *s);

/* The registered reason phrase of an HTTP status (IANA registry), or NULL. */
const char *rules_reason_phrase(int status);

/* The kebab-case slug of an UPPER_SNAKE code: PET_NOT_FOUND -> pet-not-found. */
void rules_slug(const char *code, char *out, size_t cap);

/* The closest of `candidates` (NULL-terminated) to `word`, or NULL when none
 * is close enough to be a likely misspelling. */
const char *rules_suggest(const char *word, const char *const *candidates);

#endif
