/* errata_retry_delay, branch by branch: the problems come from the generated
 * petstore decoder (pets_decode), as a client gets them, with Retry-After
 * read against a fixed clock (errata_decode_options_t.now). */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <cmocka.h>

#include "pets_errors.h"

/* Sun, 06 Nov 1994 08:49:37 GMT, RFC 9110's example date. */
#define NOW INT64_C(784111777)

/* Large: static, single-threaded; each decoded() call overwrites it. */
static pets_problem_t problem;

static const char *retry_after_header(const char *name, void *ctx)
{
    return strcasecmp(name, "Retry-After") == 0 ? ctx : NULL;
}

/* The problem of `code` (PETS_UNKNOWN: an unknown type) with that status,
 * as sent with Retry-After: retry_after (NULL: none) and read at NOW. */
static const errata_decoded_t *decoded(enum pets_code code, int status, const char *retry_after)
{
    char body[512];
    snprintf(body, sizeof body, "{\"type\":\"%s\",\"status\":%d}",
             code == PETS_UNKNOWN ? "https://elsewhere.example/oops" : pets_type(code), status);
    errata_decode_options_t opt = { .header = retry_after_header,
                                    .header_ctx = (void *)retry_after, .now = NOW };
    pets_decode(status, "application/problem+json", &opt, body, strlen(body), &problem);
    assert_int_equal(problem.code, code);
    return &problem.base;
}

static errata_retry_policy_t policy(void)
{
    errata_retry_policy_t p = ERRATA_RETRY_POLICY_DEFAULT;
    return p;
}

static void test_default_policy(void **state)
{
    (void)state;
    errata_retry_policy_t p = policy();
    assert_int_equal(p.max_retries, 3);
    assert_int_equal(p.base_ms, 100);
    assert_int_equal(p.max_backoff_ms, 10000);
    assert_int_equal(p.max_retry_after_ms, 60000);
    assert_int_equal(p.budget_ms, 60000);
    assert_int_equal(p.spent_ms, 0);
}

static void test_not_retryable_stops(void **state)
{
    (void)state;
    errata_retry_policy_t p = policy();
    const errata_decoded_t *d = decoded(PETS_PET_NOT_FOUND, 404, NULL);
    assert_false(d->retryable);
    assert_int_equal(errata_retry_delay(d, 0, &p, 0), ERRATA_RETRY_STOP);
    assert_int_equal(errata_retry_delay(d, 0, &p, UINT64_MAX), ERRATA_RETRY_STOP);
    /* A Retry-After does not make a problem retryable. */
    d = decoded(PETS_PET_NOT_FOUND, 404, "1");
    assert_int_equal(d->retry_after, 1);
    assert_int_equal(errata_retry_delay(d, 0, &p, 0), ERRATA_RETRY_STOP);
    /* An unknown type: by status, 503 yes, 400 no. */
    assert_int_equal(errata_retry_delay(decoded(PETS_UNKNOWN, 400, NULL), 0, &p, 0),
                     ERRATA_RETRY_STOP);
    assert_int_equal(errata_retry_delay(decoded(PETS_UNKNOWN, 503, NULL), 0, &p, UINT64_MAX),
                     100);
}

static void test_null_and_zero_policy_stop(void **state)
{
    (void)state;
    errata_retry_policy_t p = policy(), zero;
    memset(&zero, 0, sizeof zero);
    const errata_decoded_t *d = decoded(PETS_STORE_UNAVAILABLE, 503, NULL);
    assert_true(d->retryable);
    assert_int_equal(errata_retry_delay(NULL, 0, &p, 0), ERRATA_RETRY_STOP);
    assert_int_equal(errata_retry_delay(d, 0, NULL, 0), ERRATA_RETRY_STOP);
    assert_int_equal(errata_retry_delay(d, 0, &zero, 0), ERRATA_RETRY_STOP);
}

/* Without Retry-After: uniform in [0, base * 2^attempt]; random 0 and
 * UINT64_MAX are the window's ends, 2^63 its middle (rounded down). */
static void test_backoff_bounds(void **state)
{
    (void)state;
    errata_retry_policy_t p = policy();
    const errata_decoded_t *d = decoded(PETS_STORE_UNAVAILABLE, 503, NULL);
    assert_int_equal(d->retry_after, -1);
    static const int64_t window[] = { 100, 200, 400 };
    for (unsigned a = 0; a < 3; a++) {
        assert_int_equal(errata_retry_delay(d, a, &p, 0), 0);
        assert_int_equal(errata_retry_delay(d, a, &p, UINT64_MAX), window[a]);
        assert_int_equal(errata_retry_delay(d, a, &p, UINT64_C(1) << 63), (window[a] + 1) / 2);
    }
    /* Every value of a small window is drawn, each by an equal share of
     * the random numbers: [0, 3] by the top two bits. */
    p.base_ms = 3;
    for (uint64_t i = 0; i < 4; i++) {
        assert_int_equal(errata_retry_delay(d, 0, &p, i << 62), (int64_t)i);
        assert_int_equal(errata_retry_delay(d, 0, &p, (i << 62) | ((UINT64_C(1) << 62) - 1)),
                         (int64_t)i);
    }
    /* base 0: retry at once. */
    p.base_ms = 0;
    assert_int_equal(errata_retry_delay(d, 2, &p, UINT64_MAX), 0);
}

/* The draw is floor(random * (W + 1) / 2^64), checked against 128-bit
 * arithmetic over spread-out numbers. */
static void test_jitter_mapping(void **state)
{
    (void)state;
    __extension__ typedef unsigned __int128 u128;
    errata_retry_policy_t p = policy();
    p.max_retries = 100;
    p.budget_ms = 0;
    p.max_backoff_ms = INT64_MAX;
    const errata_decoded_t *d = decoded(PETS_STORE_UNAVAILABLE, 503, NULL);
    uint64_t x = UINT64_C(0x9E3779B97F4A7C15);
    for (int i = 0; i < 10000; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        p.base_ms = (int64_t)(x >> (i % 64)) & INT64_MAX;
        if (p.base_ms == 0)
            continue;
        int64_t w = p.base_ms;
        uint64_t r = x * UINT64_C(0x2545F4914F6CDD1D);
        int64_t want = (int64_t)(((u128)r * ((u128)w + 1)) >> 64);
        assert_int_equal(errata_retry_delay(d, 0, &p, r), want);
    }
}

static void test_backoff_cap(void **state)
{
    (void)state;
    errata_retry_policy_t p = policy();
    p.max_retries = 20;
    p.budget_ms = 0;
    const errata_decoded_t *d = decoded(PETS_STORE_UNAVAILABLE, 503, NULL);
    /* 100 * 2^6 = 6400 is under the cap, 100 * 2^7 = 12800 over it. */
    assert_int_equal(errata_retry_delay(d, 6, &p, UINT64_MAX), 6400);
    assert_int_equal(errata_retry_delay(d, 7, &p, UINT64_MAX), 10000);
    assert_int_equal(errata_retry_delay(d, 19, &p, UINT64_MAX), 10000);
    assert_int_equal(errata_retry_delay(d, 19, &p, 0), 0);
}

/* base << attempt would overflow (or be undefined from 64 on): the window
 * saturates at the cap instead. */
static void test_large_attempts(void **state)
{
    (void)state;
    errata_retry_policy_t p = policy();
    p.max_retries = UINT_MAX;
    p.budget_ms = 0;
    p.max_backoff_ms = INT64_MAX;
    p.base_ms = 1;
    const errata_decoded_t *d = decoded(PETS_RATE_LIMITED, 429, NULL);
    assert_int_equal(errata_retry_delay(d, 62, &p, UINT64_MAX), INT64_C(1) << 62);
    static const unsigned attempts[] = { 63, 64, 65, 127, 1000, UINT_MAX - 1 };
    for (size_t i = 0; i < sizeof attempts / sizeof attempts[0]; i++) {
        assert_int_equal(errata_retry_delay(d, attempts[i], &p, UINT64_MAX), INT64_MAX);
        assert_int_equal(errata_retry_delay(d, attempts[i], &p, 0), 0);
    }
    p.base_ms = INT64_MAX / 2 + 1; /* doubling once overflows */
    assert_int_equal(errata_retry_delay(d, 1, &p, UINT64_MAX), INT64_MAX);
    p.max_backoff_ms = 30000;
    p.base_ms = 100;
    assert_int_equal(errata_retry_delay(d, 70, &p, UINT64_MAX), 30000);
}

static void test_max_retries(void **state)
{
    (void)state;
    errata_retry_policy_t p = policy();
    const errata_decoded_t *d = decoded(PETS_STORE_UNAVAILABLE, 503, "2");
    assert_int_equal(errata_retry_delay(d, 2, &p, 0), 2000);
    assert_int_equal(errata_retry_delay(d, 3, &p, 0), ERRATA_RETRY_STOP);
    assert_int_equal(errata_retry_delay(d, UINT_MAX, &p, 0), ERRATA_RETRY_STOP);
}

static void test_retry_after_seconds(void **state)
{
    (void)state;
    errata_retry_policy_t p = policy();
    const errata_decoded_t *d = decoded(PETS_RATE_LIMITED, 429, "7");
    /* Exactly what the server said: no jitter, not the backoff. */
    assert_int_equal(errata_retry_delay(d, 0, &p, 0), 7000);
    assert_int_equal(errata_retry_delay(d, 2, &p, UINT64_MAX), 7000);
    d = decoded(PETS_RATE_LIMITED, 429, "0");
    assert_int_equal(errata_retry_delay(d, 0, &p, UINT64_MAX), 0);
    d = decoded(PETS_RATE_LIMITED, 429, "60"); /* the cap itself */
    assert_int_equal(errata_retry_delay(d, 0, &p, 0), 60000);
}

/* Never earlier than the server asked: a longer Retry-After stops. */
static void test_retry_after_above_cap(void **state)
{
    (void)state;
    errata_retry_policy_t p = policy();
    const errata_decoded_t *d = decoded(PETS_RATE_LIMITED, 429, "61");
    assert_int_equal(errata_retry_delay(d, 0, &p, 0), ERRATA_RETRY_STOP);
    p.max_retry_after_ms = 0; /* only "retry now" */
    assert_int_equal(errata_retry_delay(decoded(PETS_RATE_LIMITED, 429, "1"), 0, &p, 0),
                     ERRATA_RETRY_STOP);
    assert_int_equal(errata_retry_delay(decoded(PETS_RATE_LIMITED, 429, "0"), 0, &p, 0), 0);
    /* A Retry-After beyond what milliseconds can hold (the decoder capped at
     * INT64_MAX seconds) stops rather than overflowing. */
    p.max_retry_after_ms = INT64_MAX;
    p.budget_ms = 0;
    errata_decoded_t huge = *decoded(PETS_RATE_LIMITED, 429, NULL);
    huge.retry_after = INT64_MAX / 1000 + 1;
    assert_int_equal(errata_retry_delay(&huge, 0, &p, 0), ERRATA_RETRY_STOP);
    huge.retry_after = INT64_MAX / 1000;
    assert_int_equal(errata_retry_delay(&huge, 0, &p, 0), INT64_MAX / 1000 * 1000);
}

static void test_retry_after_http_date(void **state)
{
    (void)state;
    errata_retry_policy_t p = policy();
    /* 30 s after NOW, in each of the three forms. */
    static const char *const later[] = { "Sun, 06 Nov 1994 08:50:07 GMT",
                                         "Sunday, 06-Nov-94 08:50:07 GMT",
                                         "Sun Nov  6 08:50:07 1994" };
    for (size_t i = 0; i < 3; i++) {
        const errata_decoded_t *d = decoded(PETS_STORE_UNAVAILABLE, 503, later[i]);
        assert_int_equal(d->retry_after, 30);
        assert_int_equal(errata_retry_delay(d, 0, &p, UINT64_MAX), 30000);
    }
    /* Beyond the cap (NOW + 1 h): stop. */
    assert_int_equal(errata_retry_delay(decoded(PETS_STORE_UNAVAILABLE, 503,
                                                "Sun, 06 Nov 1994 09:49:37 GMT"), 0, &p, 0),
                     ERRATA_RETRY_STOP);
}

/* A date already past means "now": retry at once, not the backoff. */
static void test_retry_after_http_date_past(void **state)
{
    (void)state;
    errata_retry_policy_t p = policy();
    const errata_decoded_t *d = decoded(PETS_STORE_UNAVAILABLE, 503,
                                        "Sat, 05 Nov 1994 08:49:37 GMT");
    assert_int_equal(d->retry_after, 0);
    assert_int_equal(errata_retry_delay(d, 1, &p, UINT64_MAX), 0);
    d = decoded(PETS_STORE_UNAVAILABLE, 503, "Sun, 06 Nov 1994 08:49:37 GMT"); /* NOW */
    assert_int_equal(errata_retry_delay(d, 1, &p, UINT64_MAX), 0);
}

static void test_budget(void **state)
{
    (void)state;
    errata_retry_policy_t p = policy();
    p.max_retries = 100;
    const errata_decoded_t *d = decoded(PETS_STORE_UNAVAILABLE, 503, NULL);
    /* Spent: stop, whatever the attempt. */
    p.spent_ms = 60000;
    assert_int_equal(errata_retry_delay(d, 0, &p, 0), ERRATA_RETRY_STOP);
    p.spent_ms = 90000;
    assert_int_equal(errata_retry_delay(d, 0, &p, 0), ERRATA_RETRY_STOP);
    /* Almost spent: the backoff window shrinks to what is left. */
    p.spent_ms = 59950;
    assert_int_equal(errata_retry_delay(d, 5, &p, UINT64_MAX), 50);
    p.spent_ms = 59999;
    assert_int_equal(errata_retry_delay(d, 5, &p, UINT64_MAX), 1);
    /* A Retry-After longer than what is left stops; one that fits is kept. */
    p.spent_ms = 55000;
    assert_int_equal(errata_retry_delay(decoded(PETS_STORE_UNAVAILABLE, 503, "6"), 0, &p, 0),
                     ERRATA_RETRY_STOP);
    assert_int_equal(errata_retry_delay(decoded(PETS_STORE_UNAVAILABLE, 503, "5"), 0, &p, 0),
                     5000);
    /* budget <= 0: no total, a negative spent counts as none. */
    d = decoded(PETS_STORE_UNAVAILABLE, 503, NULL); /* decoded() reuses one problem */
    p.budget_ms = 0;
    p.spent_ms = INT64_MAX;
    assert_int_equal(errata_retry_delay(d, 0, &p, UINT64_MAX), 100);
    p.budget_ms = 1000;
    p.spent_ms = -5000;
    assert_int_equal(errata_retry_delay(d, 20, &p, UINT64_MAX), 1000);
}

/* A whole request's worth of retries, as a client loop runs them: the waits
 * add up in spent_ms until the budget or the retries run out. */
static void test_loop_until_budget(void **state)
{
    (void)state;
    errata_retry_policy_t p = policy();
    p.max_retries = 50;
    p.budget_ms = 5000;
    const errata_decoded_t *d = decoded(PETS_STORE_UNAVAILABLE, 503, NULL);
    unsigned attempt = 0;
    int64_t wait;
    while ((wait = errata_retry_delay(d, attempt, &p, UINT64_MAX)) >= 0) {
        assert_true(wait > 0);
        p.spent_ms += wait;
        attempt++;
    }
    /* 100 + 200 + 400 + 800 + 1600 = 3100, then 1900 left of the 3200
     * window, then nothing. */
    assert_int_equal(attempt, 6);
    assert_int_equal(p.spent_ms, 5000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_policy),
        cmocka_unit_test(test_not_retryable_stops),
        cmocka_unit_test(test_null_and_zero_policy_stop),
        cmocka_unit_test(test_backoff_bounds),
        cmocka_unit_test(test_jitter_mapping),
        cmocka_unit_test(test_backoff_cap),
        cmocka_unit_test(test_large_attempts),
        cmocka_unit_test(test_max_retries),
        cmocka_unit_test(test_retry_after_seconds),
        cmocka_unit_test(test_retry_after_above_cap),
        cmocka_unit_test(test_retry_after_http_date),
        cmocka_unit_test(test_retry_after_http_date_past),
        cmocka_unit_test(test_budget),
        cmocka_unit_test(test_loop_until_budget),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
