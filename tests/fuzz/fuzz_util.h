/* What the fuzz targets share: reading typed values out of the fuzzer's
 * bytes, failing loudly, and reference implementations of the rules the
 * runtime promises (well-formed UTF-8, U+FFFD replacement), written apart
 * from the runtime's so that a target compares two implementations, not
 * one with itself. C99, like the runtime. */
#ifndef ERRATA_FUZZ_UTIL_H
#define ERRATA_FUZZ_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <errata/decode.h>
#include <jansson.h>

/* The target and its input, for messages. */
typedef struct fuzz_ctx {
    const char *target;
    const void *data;
    size_t size;
} fuzz_ctx_t;

/* Prints the target's name, the message and the start of the input, then
 * aborts: libFuzzer and main_standalone.c both report an abort. */
void fuzz_fail(const fuzz_ctx_t *c, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3), noreturn))
#endif
    ;

/* The fuzzer's bytes read front to back; past the end everything reads 0. */
typedef struct fuzz_in {
    const uint8_t *p;
    size_t n;
} fuzz_in_t;

uint8_t fuzz_u8(fuzz_in_t *in);
uint64_t fuzz_u64(fuzz_in_t *in);
double fuzz_double(fuzz_in_t *in); /* any bit pattern: NaN, infinities, -0 */
/* Up to max bytes, as many as the next byte says (a length prefix), as a
 * NUL-terminated heap copy (free it); *len gets the count (NULs included). */
char *fuzz_bytes(fuzz_in_t *in, size_t max, size_t *len);

/* Well-formed UTF-8 (Unicode 15, table 3-7): no overlongs, no surrogates,
 * nothing above U+10FFFF, no sequence cut short. */
bool fuzz_utf8_valid(const char *s, size_t n);

/* s with each maximal subpart of an ill-formed sequence replaced by U+FFFD
 * (Unicode 15, section 3.9), into out (3 * n bytes suffice); returns the
 * length. */
size_t fuzz_utf8_replace(const char *s, size_t n, char *out);

/* Whether s[0..n) cut to its first `cut` bytes keeps whole units: the cut
 * falls between well-formed sequences or maximal ill-formed subparts, never
 * inside one (where the runtime may cut a string that does not fit). */
bool fuzz_utf8_cut_ok(const char *s, size_t cut, size_t n);

/* jansson's string for s[0..n) as errata writes it: ill-formed UTF-8
 * replaced (fuzz_utf8_replace). A new reference. */
json_t *fuzz_json_text(const char *s, size_t n);

/* Whether two jansson values are the same JSON: like json_equal, but
 * numbers compare by value whatever their jansson type (errata writes the
 * double 1.0 as 1, which jansson reads as an integer). */
bool fuzz_json_same(json_t *a, json_t *b);

/* A decoded text against jansson's string: the same C string, or, when
 * something was cut (ERRATA_PROBLEM_TRUNCATED in flags), a prefix of it
 * that keeps whole characters. */
void fuzz_check_text(const fuzz_ctx_t *c, const char *what, const char *ours, json_t *theirs,
                     unsigned flags);

/* A decoded member against jansson's value for its name (NULL: none): the
 * same value when jansson's has the member's JSON type, absent when it has
 * another (arrays: when an item has another); a cut array keeps a prefix
 * of its items. */
void fuzz_check_member(const fuzz_ctx_t *c, const errata_member_desc_t *m, json_t *jv,
                       const errata_value_t *v, unsigned flags);

/* Whether a decoded value's typed view (the generated member struct, laid
 * out by the descriptors' decode offsets) says what its generic members
 * say; fails the target otherwise. */
void fuzz_check_typed(const fuzz_ctx_t *c, const errata_decoded_t *d, const void *typed);

/* Lines of text that open a diagnostic of the kind ("error" or "warning"):
 * a location without spaces, then ": KIND: ". Quoted source lines start
 * with spaces, so they never count; a message may print user text with a
 * newline in it, so there may be more such lines than diagnostics, never
 * fewer. */
size_t fuzz_count_diagnostics(const char *text, const char *kind);

#endif
