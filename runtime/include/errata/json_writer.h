/* Writing JSON for success bodies (a pet, a list, a 207 batch) with the same
 * guarantees as the problem writer: caller storage with snprintf semantics
 * (the full length is always returned, cap 0 only sizes), every string
 * escaped per RFC 8259 and valid UTF-8 (ill-formed input becomes U+FFFD),
 * non-finite numbers written as null, commas and nesting kept right by the
 * writer. Misuse (an end without a begin, a key outside an object, a value
 * where a key belongs, nesting deeper than ERRATA_JSON_MAX_DEPTH) is sticky:
 * errata_jw_finish then reports it and the output must not be sent.
 *
 *     errata_json_writer_t w;
 *     errata_jw_init(&w, buf, sizeof buf);
 *     errata_jw_begin_object(&w);
 *     errata_jw_key(&w, "name");
 *     errata_jw_string(&w, pet->name);
 *     errata_jw_end_object(&w);
 *     size_t len;
 *     if (errata_jw_finish(&w, &len) != ERRATA_JW_OK) ...  // too small or misused
 */
#ifndef ERRATA_JSON_WRITER_H
#define ERRATA_JSON_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "errata.h"
#include "json.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct errata_json_writer {
    char *buf;  /* NULL when only sizing */
    size_t cap; /* bytes of buf, the NUL included */
    size_t len; /* bytes the full output takes so far */
    /* state (private) */
    unsigned depth;
    unsigned char in_object[ERRATA_JSON_MAX_DEPTH]; /* per level: 1 object, 0 array */
    bool need_comma;
    bool after_key;
    bool misused;
    bool done; /* the top-level value is complete */
} errata_json_writer_t;

typedef enum errata_jw_result {
    ERRATA_JW_OK = 0,
    ERRATA_JW_TRUNCATED, /* the output did not fit: *len says how much it needs */
    ERRATA_JW_MISUSED    /* unbalanced, a key out of place, or incomplete */
} errata_jw_result_t;

ERRATA_API void errata_jw_init(errata_json_writer_t *w, char *buf, size_t cap);
ERRATA_API void errata_jw_begin_object(errata_json_writer_t *w);
ERRATA_API void errata_jw_end_object(errata_json_writer_t *w);
ERRATA_API void errata_jw_begin_array(errata_json_writer_t *w);
ERRATA_API void errata_jw_end_array(errata_json_writer_t *w);
/* A member name (inside an object, before each value). */
ERRATA_API void errata_jw_key(errata_json_writer_t *w, const char *key);
/* A string (NULL writes null); stringn takes n bytes, NULs included. */
ERRATA_API void errata_jw_string(errata_json_writer_t *w, const char *s);
ERRATA_API void errata_jw_stringn(errata_json_writer_t *w, const char *s, size_t n);
ERRATA_API void errata_jw_int(errata_json_writer_t *w, int64_t v);
/* The shortest form that reads back as v, whatever the locale; NaN and
 * infinities (which JSON cannot hold) as null. */
ERRATA_API void errata_jw_number(errata_json_writer_t *w, double v);
ERRATA_API void errata_jw_bool(errata_json_writer_t *w, bool v);
ERRATA_API void errata_jw_null(errata_json_writer_t *w);
/* A value already in JSON, written as is: n bytes that must be exactly one
 * valid JSON value (a problem from errata_problem_json, say) whose nesting,
 * added to the writer's, stays within ERRATA_JSON_MAX_DEPTH. It is checked
 * as errata_json_validate checks; anything else is misuse and writes null. */
ERRATA_API void errata_jw_raw(errata_json_writer_t *w, const char *json, size_t n);
/* NUL-terminates what was written (when cap > 0), stores the full length in
 * *len (may be NULL) and says whether the output is whole and well-formed. */
ERRATA_API errata_jw_result_t errata_jw_finish(errata_json_writer_t *w, size_t *len);

#ifdef __cplusplus
}
#endif

#endif
