/* errata_retry_delay: what the status codes say about sending a request
 * again (decode.h; docs/retry.md). Pure: no clock, no state, no allocation,
 * so every branch is testable with fixed numbers. */
#include "decode_internal.h"

/* The high 64 bits of a * b, from 32-bit halves (C99 has no 128-bit type). */
static uint64_t mul_high(uint64_t a, uint64_t b)
{
    uint64_t a_lo = a & 0xFFFFFFFFu, a_hi = a >> 32;
    uint64_t b_lo = b & 0xFFFFFFFFu, b_hi = b >> 32;
    uint64_t lo_lo = a_lo * b_lo, hi_lo = a_hi * b_lo, lo_hi = a_lo * b_hi;
    uint64_t cross = (lo_lo >> 32) + (hi_lo & 0xFFFFFFFFu) + lo_hi;
    return a_hi * b_hi + (hi_lo >> 32) + (cross >> 32);
}

/* min(base * 2^attempt, cap) without overflow: base * 2^attempt > cap
 * exactly when base > floor(cap / 2^attempt). */
static int64_t backoff_window(int64_t base, unsigned attempt, int64_t cap)
{
    if (base <= 0 || cap <= 0)
        return 0;
    if (attempt >= 63 || base > (cap >> attempt))
        return cap;
    return base << attempt;
}

int64_t errata_retry_delay(const errata_decoded_t *d, unsigned attempt,
                           const errata_retry_policy_t *policy, uint64_t random)
{
    if (d == NULL || policy == NULL || !d->retryable || attempt >= policy->max_retries)
        return ERRATA_RETRY_STOP;
    int64_t left = INT64_MAX; /* of the budget */
    if (policy->budget_ms > 0) {
        int64_t spent = policy->spent_ms > 0 ? policy->spent_ms : 0;
        if (spent >= policy->budget_ms)
            return ERRATA_RETRY_STOP;
        left = policy->budget_ms - spent;
    }
    if (d->retry_after >= 0) {
        /* Coming back earlier than asked only earns another refusal (and,
         * from many servers, a longer ban): wait it out or stop. */
        if (d->retry_after > INT64_MAX / 1000)
            return ERRATA_RETRY_STOP;
        int64_t ms = d->retry_after * 1000;
        return ms > policy->max_retry_after_ms || ms > left ? ERRATA_RETRY_STOP : ms;
    }
    int64_t window = backoff_window(policy->base_ms, attempt, policy->max_backoff_ms);
    if (window > left)
        window = left;
    /* window + 1 <= 2^63: no overflow; the product's high half is <= window. */
    return (int64_t)mul_high(random, (uint64_t)window + 1);
}
