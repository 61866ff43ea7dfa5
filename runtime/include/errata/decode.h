/* Decoding an HTTP error response into a problem, for clients.
 *
 * errata_decode() reads the status, the Content-Type, the Retry-After header
 * and the body of a response and fills an errata_decoded_t: the catalog
 * entry the body's type names (via the catalog's lookup), the standard
 * members, and the entry's typed members. It never allocates: strings and
 * arrays land in the decoded value's own arena, and what does not fit is
 * cut and flagged (ERRATA_PROBLEM_TRUNCATED).
 *
 * RFC 9457 §3.1 rules, applied to every body:
 *  - "type" absent means about:blank, which the lookup maps through the
 *    status (the catalog's standard entry for it);
 *  - a member of the wrong JSON type is ignored, as if absent (for arrays:
 *    when any item has the wrong type);
 *  - members the catalog does not declare are ignored (errata_decoded_next_
 *    unknown lists them, raw);
 *  - a duplicated member name: the last one wins;
 *  - the HTTP status wins over the body's "status" (kept in body_status).
 * A body that is empty, not JSON or not an object still yields a problem from
 * the status alone (and the catalog's standard entry for it, if any).
 * Generated code wraps this: pets_decode() fills a pets_problem_t. */
#ifndef ERRATA_DECODE_H
#define ERRATA_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "errata.h"
#include "json.h"

#ifdef __cplusplus
extern "C" {
#endif

#define ERRATA_DECODE_TYPE_MAX 1024 /* bytes of a rebased type URI looked up */

/* Room for what the decoder keeps besides the members, detail and instance:
 * a type URI of up to ERRATA_DECODE_TYPE_MAX bytes (a known entry's own type
 * and title cost nothing: they point at its descriptor), a hidden 5xx's
 * generic detail, the room held back for member names, and the alignment of
 * up to ERRATA_MAX_MEMBERS arrays. */
#define ERRATA_DECODE_SLACK 1024

/* Bytes for decoded strings and arrays, sized from the writer's limits so
 * that every body errata writes decodes whole (docs/limits.md): a problem
 * keeps its members, detail and instance in ERRATA_PROBLEM_ARENA_SIZE
 * bytes; on the wire and decoded again a byte grows at most threefold (an
 * invalid byte becomes U+FFFD, 3 bytes; an escape such as \u0001 decodes
 * back to its one byte), and an array item's value slot (sizeof
 * errata_value_t per item or property) is matched by one slot here plus its
 * typed copy, which is smaller. */
#define ERRATA_DECODE_ARENA_SIZE                                                                  \
    (3 * ERRATA_PROBLEM_ARENA_SIZE + ERRATA_DECODE_TYPE_MAX + ERRATA_DECODE_SLACK)

typedef struct errata_catalog errata_catalog_t;

struct errata_catalog {
    const errata_descriptor_t *descriptors;
    size_t count;
    /* The index in descriptors of the entry for a type URI (about:blank goes
     * by status), or -1 when the catalog has none. */
    int (*lookup)(const errata_catalog_t *catalog, const char *type_uri, int status);
    const void *ctx; /* for lookup's use */
};

typedef struct errata_decode_options {
    /* A response header by name (any case), or NULL when absent. */
    const char *(*header)(const char *name, void *ctx);
    void *header_ctx;
    int64_t retry_after_max; /* seconds; Retry-After is capped to it; <= 0: one day */
    int64_t now;             /* Unix time for an HTTP-date Retry-After; 0: time(NULL) */
    /* Type URIs under type_base->served are looked up as if under
     * type_base->catalog (errata.h); NULL: as they are. */
    const errata_type_base_t *type_base;
} errata_decode_options_t;

typedef enum errata_body_kind {
    ERRATA_BODY_OBJECT,     /* a JSON object: a problem document */
    ERRATA_BODY_EMPTY,      /* no body */
    ERRATA_BODY_INVALID,    /* not JSON: json_error and json_error_offset say why */
    ERRATA_BODY_NOT_OBJECT  /* valid JSON that is not an object */
} errata_body_kind_t;

typedef struct errata_decoded {
    const errata_descriptor_t *desc; /* NULL: a type the catalog does not know */
    int status;                      /* the HTTP status */
    int body_status;                 /* the body's "status", 0 when absent or not an integer */
    const char *type;                /* the body's type, or "about:blank" */
    /* The body's title; for a known entry its descriptor's when the body's
     * is absent, of the wrong type or cut; for about:blank with no entry,
     * the status's reason phrase; else NULL. */
    const char *title;
    const char *detail;              /* NULL when absent */
    const char *instance;            /* NULL when absent */
    bool retryable;                  /* the entry's; for unknown types, 429/502/503/504 */
    int64_t retry_after;             /* seconds from Retry-After, capped; -1 when none */
    bool problem_json;               /* Content-Type was application/problem+json */
    errata_body_kind_t body_kind;
    const char *json_error;          /* ERRATA_BODY_INVALID: why */
    size_t json_error_offset;        /* ERRATA_BODY_INVALID: where */
    unsigned flags;                  /* ERRATA_PROBLEM_TRUNCATED */
    errata_value_t members[ERRATA_MAX_MEMBERS]; /* by the descriptor's member index */
    const char *body;                /* the body given, for errata_decoded_next_unknown */
    size_t body_len;
    size_t arena_used;
    size_t arena_top; /* arrays are built from the top down */
    union {
        double align_;
        char bytes[ERRATA_DECODE_ARENA_SIZE];
    } arena;
    /* The trace id the body carries under the catalog's trace member
     * (trace_member, "trace_id" by default): its leading printable ASCII, at
     * most ERRATA_TRACE_ID_SIZE - 1 characters (more, or other bytes, set
     * ERRATA_PROBLEM_TRUNCATED); "" when the body has none. */
    char trace_id[ERRATA_TRACE_ID_SIZE];
    const char *trace_key; /* the member name it was read under, as "\"trace_id\":" */
    /* The RateLimit-Policy and RateLimit fields (errata_parse_ratelimit);
     * count 0 when the response has neither, or neither is well-formed. */
    errata_ratelimit_t ratelimit;
} errata_decoded_t;

/* Decodes a response. typed_members, when not NULL, receives the entry's
 * members in the layout of the generated member struct (descriptors'
 * decode offsets); pointers in it point into *out, which must therefore not
 * be copied or moved while they are used. */
ERRATA_API void errata_decode(const errata_catalog_t *catalog, int status,
                              const char *content_type, const errata_decode_options_t *opt,
                              const char *body, size_t len, errata_decoded_t *out,
                              void *typed_members);

/* Iterates over the top-level members the entry does not declare (all but
 * the standard ones for an unknown type): *cursor starts at 0; each call
 * gives a member's name (NUL-terminated, in name_buf) and its raw JSON
 * value (in the body). Returns false when there are no more. */
ERRATA_API bool errata_decoded_next_unknown(const errata_decoded_t *d, size_t *cursor,
                                            char *name_buf, size_t name_cap,
                                            const char **raw, size_t *raw_len);

/* A one-line summary: "404 PET_NOT_FOUND: Pet not found: Pet 42 does not
 * exist", then " (retry after N s)" or " (retryable)" and " (trace id ID)"
 * when the body carries one (snprintf semantics). */
ERRATA_API size_t errata_decoded_describe(const errata_decoded_t *d, char *buf, size_t cap);

/* ---- 207 Multi-Status ------------------------------------------------- */

/* A batch answer (one request, many items): errata's shape is
 *   {"items": [{"id": "1", "status": 200, "value": {...}},
 *              {"id": "2", "status": 404, "problem": {...}}]}
 * (a top-level array of the same items is read too). Each item is read in
 * turn, without storage; decode an item's problem with the catalog's decoder
 * (pets_decode(item.status, "application/problem+json", NULL, item.problem,
 * item.problem_len, &problem)). */
typedef struct errata_multi_item {
    int status;          /* the item's status; 0 when absent or not an integer */
    const char *id;      /* the raw JSON of "id"; NULL when absent */
    size_t id_len;
    const char *value;   /* the raw JSON of "value"; NULL when absent */
    size_t value_len;
    const char *problem; /* the raw JSON of "problem" when it is an object; else NULL */
    size_t problem_len;
} errata_multi_item_t;

typedef struct errata_multi {
    errata_json_parser_t p;
    char scratch[64];
    unsigned items_depth;
    bool done;
} errata_multi_t;

/* Starts reading a batch body; false when it is not valid JSON or has no
 * list of items (then it is no batch). */
ERRATA_API bool errata_multi_init(errata_multi_t *m, const char *body, size_t len);
/* The next item; false when there are no more. */
ERRATA_API bool errata_multi_next(errata_multi_t *m, errata_multi_item_t *item);

/* RateLimit-Policy and RateLimit (draft-ietf-httpapi-ratelimit-headers-11)
 * into *out, either may be NULL. Each is read as an RFC 9651 List by a
 * strict parser: a field that is not one is ignored whole, never fatal.
 * An item is kept when it is a String naming a policy that fits
 * ERRATA_RATELIMIT_NAME_SIZE and its required parameter (q, r) is a
 * non-negative Integer; w and t are kept when non-negative Integers, qu
 * when a String, pk when a Byte Sequence that fits; other parameters are
 * ignored. Items join by name; at most ERRATA_RATELIMIT_POLICIES policies
 * are kept. Returns true when out holds any. */
ERRATA_API bool errata_parse_ratelimit(const char *policy_field, const char *ratelimit_field,
                                       errata_ratelimit_t *out);
/* Retry-After (RFC 9110 §10.2.3): delta-seconds or an HTTP-date, relative to
 * now, capped to max; -1 when the value is neither. */
ERRATA_API int64_t errata_parse_retry_after(const char *value, int64_t now, int64_t max);
/* An HTTP-date (RFC 9110 §5.6.7) in any of its three forms (IMF-fixdate,
 * RFC 850, asctime) as seconds since the epoch into *out; false when value
 * is not one (If-Modified-Since, Last-Modified). */
ERRATA_API bool errata_parse_http_date(const char *value, int64_t *out);

/* ---- Retrying: errata_retry_delay (docs/retry.md) ---------------------- */

/* When and whether to send a failed request again. A policy is plain data:
 * the helper keeps no state, reads no clock and allocates nothing, so the
 * caller tells it how far the request has got (the attempt number and
 * spent_ms). A policy of all zeros never retries. */
typedef struct errata_retry_policy {
    unsigned max_retries;       /* retries after the first try; 0: never retry */
    int64_t base_ms;            /* the backoff window of the first retry; doubles each retry */
    int64_t max_backoff_ms;     /* the cap of the backoff window */
    /* The longest Retry-After waited for; a longer one stops: the helper
     * never comes back earlier than the server asked. */
    int64_t max_retry_after_ms;
    int64_t budget_ms;          /* the total of all waits of one request; <= 0: no total */
    int64_t spent_ms;           /* the caller's: the waits of this request so far */
} errata_retry_policy_t;

/* 3 retries, backoff windows of 100 ms, 200 ms, 400 ms (capped at 10 s), a
 * Retry-After of up to 60 s honoured, at most 60 s of waiting in all. */
#define ERRATA_RETRY_POLICY_DEFAULT                                                               \
    { 3u, 100, 10000, 60000, 60000, 0 }

#define ERRATA_RETRY_STOP INT64_C(-1) /* errata_retry_delay: do not retry */

/* The milliseconds to wait before sending the request again after the
 * problem d, or ERRATA_RETRY_STOP (negative). attempt counts the retries
 * already made (0 after the first failure); random is any uniformly random
 * 64-bit number, fresh for each call (the jitter).
 *  - stop: d or policy NULL, d not retryable (its entry's flag, or for an
 *    unknown type 429/502/503/504; a Retry-After does not make it so),
 *    attempt >= max_retries, or the budget spent (spent_ms >= budget_ms);
 *  - with a Retry-After (d->retry_after, seconds, which errata_decode
 *    measured against its options' now): exactly that, unless it is over
 *    max_retry_after_ms or what is left of the budget: then stop;
 *  - otherwise full jitter: uniform in [0, W] with W = min(base_ms *
 *    2^attempt, max_backoff_ms, budget left), the doubling saturating
 *    instead of overflowing. The draw is floor(random * (W + 1) / 2^64):
 *    random 0 gives 0, UINT64_MAX gives W, no modulo, a bias of at most
 *    (W + 1) / 2^64.
 * The caller adds each wait to spent_ms (or sets it to the time elapsed
 * since the first try, which also counts the requests' own time). */
ERRATA_API int64_t errata_retry_delay(const errata_decoded_t *d, unsigned attempt,
                                      const errata_retry_policy_t *policy, uint64_t random);

#ifdef __cplusplus
}
#endif

#endif
