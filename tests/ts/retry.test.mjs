// petsRetryDelay: errata_retry_delay's branches (tests/decode/test_retry.c),
// case for case, on problems decodePetsProblem read with Retry-After against
// a fixed clock (options.now). random is in [0, 1): 0 and the largest
// Math.random() can return (1 - 2^-53) stand for C's 0 and UINT64_MAX.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { load, root } from "./common.mjs";

const pets = await load(join(root, "catalog/petstore.yaml"));
const NOW = 784111777; // Sun, 06 Nov 1994 08:49:37 GMT
const TOP = 1 - 2 ** -53;
const TYPES = {
  PET_NOT_FOUND: "https://errors.petstore.example/pet-not-found",
  RATE_LIMITED: "https://errors.petstore.example/rate-limited",
  STORE_UNAVAILABLE: "https://errors.petstore.example/store-unavailable",
};

/** The problem of code (UNKNOWN: a foreign type) with that status and Retry-After (null: none). */
function decoded(code, status, retryAfter = null) {
  const type = TYPES[code] ?? "https://elsewhere.example/oops";
  const headers = retryAfter === null ? {} : { "Retry-After": retryAfter };
  const p = pets.decodePetsProblem(status, headers, JSON.stringify({ type, status }), { now: NOW });
  assert.equal(p.code, code);
  return p;
}

const policy = (over = {}) => ({ ...pets.petsRetryPolicyDefault, ...over });
const delay = pets.petsRetryDelay;

test("the default policy", () => {
  assert.deepEqual({ ...pets.petsRetryPolicyDefault },
    { maxRetries: 3, baseMs: 100, maxBackoffMs: 10000, maxRetryAfterMs: 60000, budgetMs: 60000, spentMs: 0 });
  assert.ok(Object.isFrozen(pets.petsRetryPolicyDefault));
});

test("a problem that is not retryable stops, Retry-After or not", () => {
  const p = decoded("PET_NOT_FOUND", 404);
  assert.equal(p.retryable, false);
  assert.equal(delay(p, 0, policy(), 0), null);
  assert.equal(delay(p, 0, policy(), TOP), null);
  const q = decoded("PET_NOT_FOUND", 404, "1");
  assert.equal(q.retryAfter, 1);
  assert.equal(delay(q, 0, policy(), 0), null);
  assert.equal(delay(decoded("UNKNOWN", 400), 0, policy(), 0), null);
  assert.equal(delay(decoded("UNKNOWN", 503), 0, policy(), TOP), 100);
});

test("a zero policy and a bad attempt stop", () => {
  const p = decoded("STORE_UNAVAILABLE", 503);
  assert.equal(p.retryable, true);
  const zero = { maxRetries: 0, baseMs: 0, maxBackoffMs: 0, maxRetryAfterMs: 0, budgetMs: 0, spentMs: 0 };
  assert.equal(delay(p, 0, zero, 0), null);
  assert.equal(delay(p, -1, policy(), 0), null);
  assert.equal(delay(p, 0.5, policy(), 0), null);
  assert.equal(delay(p, NaN, policy(), 0), null);
});

test("without Retry-After: uniform in [0, base * 2^attempt]", () => {
  const p = decoded("STORE_UNAVAILABLE", 503);
  assert.equal(p.retryAfter, null);
  [100, 200, 400].forEach((w, a) => {
    assert.equal(delay(p, a, policy(), 0), 0);
    assert.equal(delay(p, a, policy(), TOP), w);
    assert.equal(delay(p, a, policy(), 0.5), (w + 1) >> 1);
  });
  for (let i = 0; i < 4; i++) {
    assert.equal(delay(p, 0, policy({ baseMs: 3 }), i / 4), i);
    assert.equal(delay(p, 0, policy({ baseMs: 3 }), (i + 1) / 4 - 2 ** -53), i);
  }
  assert.equal(delay(p, 2, policy({ baseMs: 0 }), TOP), 0);
  // Out of [0, 1): clamped to the window's ends.
  assert.equal(delay(p, 0, policy(), -1), 0);
  assert.equal(delay(p, 0, policy(), NaN), 0);
  assert.equal(delay(p, 0, policy(), 7), 100);
});

test("the backoff window's cap", () => {
  const p = decoded("STORE_UNAVAILABLE", 503);
  const pol = policy({ maxRetries: 20, budgetMs: 0 });
  assert.equal(delay(p, 6, pol, TOP), 6400);
  assert.equal(delay(p, 7, pol, TOP), 10000);
  assert.equal(delay(p, 19, pol, TOP), 10000);
  assert.equal(delay(p, 19, pol, 0), 0);
});

test("attempts that would overflow a shift saturate at the cap", () => {
  const p = decoded("RATE_LIMITED", 429);
  const pol = policy({ maxRetries: 2 ** 32 - 1, budgetMs: 0, maxBackoffMs: 2 ** 53 - 1, baseMs: 1 });
  assert.equal(delay(p, 52, pol, TOP), 2 ** 52);
  for (const a of [63, 64, 65, 127, 1000, 2 ** 32 - 2]) {
    assert.equal(delay(p, a, pol, TOP), 2 ** 53 - 1);
    assert.equal(delay(p, a, pol, 0), 0);
  }
  assert.equal(delay(p, 70, policy({ maxRetries: 100, budgetMs: 0, maxBackoffMs: 30000 }), TOP), 30000);
});

test("max retries", () => {
  const p = decoded("STORE_UNAVAILABLE", 503, "2");
  assert.equal(delay(p, 2, policy(), 0), 2000);
  assert.equal(delay(p, 3, policy(), 0), null);
});

test("Retry-After in seconds is waited exactly", () => {
  assert.equal(delay(decoded("RATE_LIMITED", 429, "7"), 0, policy(), 0), 7000);
  assert.equal(delay(decoded("RATE_LIMITED", 429, "7"), 2, policy(), TOP), 7000);
  assert.equal(delay(decoded("RATE_LIMITED", 429, "0"), 0, policy(), TOP), 0);
  assert.equal(delay(decoded("RATE_LIMITED", 429, "60"), 0, policy(), 0), 60000);
});

test("a Retry-After above the cap stops: never earlier than asked", () => {
  assert.equal(delay(decoded("RATE_LIMITED", 429, "61"), 0, policy(), 0), null);
  assert.equal(delay(decoded("RATE_LIMITED", 429, "1"), 0, policy({ maxRetryAfterMs: 0 }), 0), null);
  assert.equal(delay(decoded("RATE_LIMITED", 429, "0"), 0, policy({ maxRetryAfterMs: 0 }), 0), 0);
});

test("an HTTP-date Retry-After, against the decoder's clock", () => {
  for (const when of ["Sun, 06 Nov 1994 08:50:07 GMT", "Sunday, 06-Nov-94 08:50:07 GMT", "Sun Nov  6 08:50:07 1994"]) {
    const p = decoded("STORE_UNAVAILABLE", 503, when);
    assert.equal(p.retryAfter, 30);
    assert.equal(delay(p, 0, policy(), TOP), 30000);
  }
  assert.equal(delay(decoded("STORE_UNAVAILABLE", 503, "Sun, 06 Nov 1994 09:49:37 GMT"), 0, policy(), 0), null);
});

test("an HTTP-date in the past: retry at once", () => {
  const p = decoded("STORE_UNAVAILABLE", 503, "Sat, 05 Nov 1994 08:49:37 GMT");
  assert.equal(p.retryAfter, 0);
  assert.equal(delay(p, 1, policy(), TOP), 0);
  assert.equal(delay(decoded("STORE_UNAVAILABLE", 503, "Sun, 06 Nov 1994 08:49:37 GMT"), 1, policy(), TOP), 0);
});

test("the budget", () => {
  const p = decoded("STORE_UNAVAILABLE", 503);
  assert.equal(delay(p, 0, policy({ maxRetries: 100, spentMs: 60000 }), 0), null);
  assert.equal(delay(p, 0, policy({ maxRetries: 100, spentMs: 90000 }), 0), null);
  assert.equal(delay(p, 5, policy({ maxRetries: 100, spentMs: 59950 }), TOP), 50);
  assert.equal(delay(p, 5, policy({ maxRetries: 100, spentMs: 59999 }), TOP), 1);
  assert.equal(delay(decoded("STORE_UNAVAILABLE", 503, "6"), 0, policy({ spentMs: 55000 }), 0), null);
  assert.equal(delay(decoded("STORE_UNAVAILABLE", 503, "5"), 0, policy({ spentMs: 55000 }), 0), 5000);
  assert.equal(delay(p, 0, policy({ budgetMs: 0, spentMs: Number.MAX_SAFE_INTEGER }), TOP), 100);
  assert.equal(delay(p, 20, policy({ maxRetries: 100, budgetMs: 1000, spentMs: -5000 }), TOP), 1000);
});

test("a request's retries add up until the budget is spent", () => {
  const p = decoded("STORE_UNAVAILABLE", 503);
  let pol = policy({ maxRetries: 50, budgetMs: 5000 });
  let attempt = 0;
  for (let wait; (wait = delay(p, attempt, pol, TOP)) !== null; attempt++) {
    assert.ok(wait > 0);
    pol = { ...pol, spentMs: pol.spentMs + wait };
  }
  assert.equal(attempt, 6);
  assert.equal(pol.spentMs, 5000);
});

test("random defaults to Math.random() and the policy to the default", () => {
  const p = decoded("STORE_UNAVAILABLE", 503);
  for (let i = 0; i < 200; i++) {
    const d = delay(p, 1);
    assert.ok(Number.isInteger(d) && d >= 0 && d <= 200, String(d));
  }
  assert.equal(delay(p, 3), null);
});
