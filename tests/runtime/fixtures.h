/* Hand-made descriptors, written the way errata generate emits them: a
 * member struct per error (optional scalars by pointer, arrays as
 * { items, count }), member descriptors built with offsetof, the constant
 * start of each body as a literal. They let the runtime be tested alone. */
#ifndef ERRATA_TEST_FIXTURES_H
#define ERRATA_TEST_FIXTURES_H

#include "errata/errata.h"

/* 400 BAD_REQUEST: no members, no detail template. */
extern const errata_descriptor_t fx_bad_request;

/* 404 PET_NOT_FOUND: detail "Pet {pet_id} does not exist". */
typedef struct fx_pet_not_found {
    const char *pet_id;
} fx_pet_not_found_t;
extern const errata_descriptor_t fx_pet_not_found;

/* 429 RATE_LIMITED: Retry-After "{retry_after}", X-RateLimit-Limit "{limit}". */
typedef struct fx_rate_limited {
    int64_t retry_after;  /* required */
    const int64_t *limit; /* optional */
} fx_rate_limited_t;
extern const errata_descriptor_t fx_rate_limited;

/* 422 VALIDATION_FAILED: errors: [{pointer, detail}]. */
typedef struct fx_validation_failed_error {
    const char *pointer;
    const char *detail;
} fx_validation_failed_error_t;
typedef struct fx_validation_failed {
    struct {
        const fx_validation_failed_error_t *items;
        size_t count;
    } errors;
} fx_validation_failed_t;
extern const errata_descriptor_t fx_validation_failed;

/* 400 EVERY_TYPE: every member kind, required and optional; detail
 * "text={text} count={count} ratio={ratio} flag={flag}". */
typedef struct fx_every_type_row {
    const char *name;
    int64_t size;
    const double *weight; /* optional */
    const bool *active;   /* optional */
} fx_every_type_row_t;
typedef struct fx_every_type {
    const char *text;
    int64_t count;
    double ratio;
    bool flag;
    struct {
        const char *const *items;
        size_t count;
    } texts;
    struct {
        const int64_t *items;
        size_t count;
    } counts;
    struct {
        const double *items;
        size_t count;
    } ratios;
    struct {
        const bool *items;
        size_t count;
    } flags;
    struct {
        const fx_every_type_row_t *items;
        size_t count;
    } rows;
    const int64_t *opt_count;
    const double *opt_ratio;
    const bool *opt_flag;
    const char *opt_text;
} fx_every_type_t;
extern const errata_descriptor_t fx_every_type;

/* 400 ECHO: one string member, no template: the arena tests' probe. */
typedef struct fx_echo {
    const char *text;
} fx_echo_t;
extern const errata_descriptor_t fx_echo;

/* 500 INTERNAL_ERROR (expose_detail false): detail "{component} failed". */
typedef struct fx_internal {
    const char *component;
} fx_internal_t;
extern const errata_descriptor_t fx_internal;

/* 502 UPSTREAM_FAILED (expose_detail false) of a catalog whose trace
 * member is request_ref. */
typedef struct fx_upstream {
    const char *upstream;
} fx_upstream_t;
extern const errata_descriptor_t fx_upstream;

/* 503 UNAVAILABLE with expose_detail: true and Retry-After. */
typedef struct fx_unavailable {
    int64_t retry_after;
} fx_unavailable_t;
extern const errata_descriptor_t fx_unavailable;

/* 401 UNAUTHORIZED: WWW-Authenticate 'Bearer realm="x", error="{auth_error}"'. */
typedef struct fx_unauthorized {
    const char *auth_error;
} fx_unauthorized_t;
extern const errata_descriptor_t fx_unauthorized;

#endif
