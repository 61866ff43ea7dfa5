/* fuzz_writer's halves: fuzz_writer.c turns the fuzzer's bytes into a
 * throw and runs it; fuzz_writer_check.c says what the problem, its body
 * and its headers must then be. */
#ifndef ERRATA_FUZZ_WRITER_H
#define ERRATA_FUZZ_WRITER_H

#include "fuzz_util.h"

/* Heap blocks freed together when an input is done. */
typedef struct pool {
    void **blocks;
    size_t count, cap;
} pool_t;

void *pool_calloc(pool_t *pool, size_t count, size_t size);
void pool_free(pool_t *pool);

/* One throw, as the fuzzer's bytes describe it. */
typedef struct gen {
    bool shop;                      /* shop_ (every member kind), else pets_ */
    const errata_descriptor_t *desc;
    const errata_type_base_t *base; /* the body is written rebased, NULL: not */
    /* The generated throw struct, laid out by the descriptor's offsets. */
    unsigned char *members;
    /* What each member was given as, with strings and arrays pointing at
     * the caller's memory: the reference the problem's copy must match. */
    errata_value_t want[ERRATA_MAX_MEMBERS];
    /* Targets of the by-pointer members (ERRATA_INT(...)). */
    int64_t ints[ERRATA_MAX_MEMBERS];
    double numbers[ERRATA_MAX_MEMBERS];
    unsigned char bools[ERRATA_MAX_MEMBERS]; /* any byte: the runtime reads bytes */
    const char *detail, *instance;
    const char *trace; /* for errata_problem_set_trace_id, NULL: none */
    pool_t pool;
} gen_t;

extern fuzz_ctx_t writer_ctx;
#define FAIL(...) fuzz_fail(&writer_ctx, __VA_ARGS__)

/* The problem holds what was given: every value copied, strings and arrays
 * cut only when the arena is full (and then flagged). */
void check_stored(const errata_problem_t *p, const gen_t *g);

/* The body at every cap, checked against the expected document; returns
 * it parsed (a new reference) and its text (heap) in *text. */
json_t *check_body(const errata_problem_t *p, const errata_type_base_t *base, size_t cap,
                   char **text, size_t *len);

/* The headers against a model of the rules, with a full and a small
 * scratch; returns the Retry-After value emitted (heap), or NULL. */
char *check_headers(const errata_problem_t *p, size_t small_cap);

/* The observer's view of a sent problem. */
void check_observed(const errata_problem_t *p);

#endif
