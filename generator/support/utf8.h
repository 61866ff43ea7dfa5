/* Strict UTF-8 (RFC 3629): no overlongs, no surrogates, nothing above U+10FFFF. */
#ifndef ERRATA_SUPPORT_UTF8_H
#define ERRATA_SUPPORT_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decodes one code point from s[0..len). Returns the bytes used, or 0 when the
 * sequence is invalid or truncated (then the caller skips one byte). */
size_t utf8_decode(const unsigned char *s, size_t len, uint32_t *cp);

/* Counts code points, counting each invalid byte as one. */
size_t utf8_length(const char *s, size_t len);

/* True when every byte belongs to a valid sequence. */
int utf8_valid(const char *s, size_t len);

#endif
