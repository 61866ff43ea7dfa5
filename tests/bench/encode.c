/* bench-encode: ns per problem body for errata against cJSON and jansson
 * building and printing the same body, and memcpy of its bytes as the
 * floor. Usage: bench-encode [N] (default 200000 operations each).
 *
 * The body is a 429 with a detail, an instance, two integers, a string and
 * a three-item array of {pointer, detail} objects. Each peer builds it the
 * way a service would from the same values: errata throws into a problem
 * and writes into a caller buffer; cJSON builds a tree, prints it
 * unformatted and frees both; jansson packs a tree, dumps it compact into a
 * buffer and frees the tree. All four must produce the same bytes (object
 * keys keep insertion order in both libraries), checked before timing.
 *
 * Heap allocations per operation are counted with -Wl,--wrap=malloc etc.:
 * calls from this file and from liberrata's static library are counted
 * directly; cJSON and jansson are shared libraries, so for one counted
 * pass their allocator hooks are pointed at the (wrapped) malloc and free,
 * then restored. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cJSON.h>
#include <jansson.h>

#include "alloc_count.h"
#include "measure.h"
#include "errata/errata.h"

/* ---- the body ------------------------------------------------------------------ */

#define TYPE "https://errors.example/rate-limited"
#define TITLE "Too many requests"
#define CODE "RATE_LIMITED"

typedef struct bench_error {
    const char *pointer;
    const char *detail;
} bench_error_t;

typedef struct bench_rate_limited {
    int64_t retry_after;
    const int64_t *limit;
    const char *policy;
    struct {
        const bench_error_t *items;
        size_t count;
    } errors;
} bench_rate_limited_t;

static const char bench_detail[] = "Retry in 30 seconds";
static const char bench_instance[] = "/pets/42";
static const char bench_policy[] = "per-user (r\xC3\xA9sum\xC3\xA9)";
static const int64_t bench_limit = 100;
static const bench_error_t bench_errors[] = {
    { "/name", "must not be empty" },
    { "/age", "must be >= 0" },
    { "/tags/3", "unknown tag \"x\"" },
};

static const errata_member_desc_t bench_error_props[] = {
    { .name = "pointer", .json_key = "\"pointer\":", .kind = ERRATA_KIND_STRING,
      .offset = offsetof(bench_error_t, pointer), .item_kind = ERRATA_KIND_STRING },
    { .name = "detail", .json_key = "\"detail\":", .kind = ERRATA_KIND_STRING,
      .offset = offsetof(bench_error_t, detail), .item_kind = ERRATA_KIND_STRING },
};

static const errata_member_desc_t bench_members[] = {
    { .name = "retry_after", .json_key = "\"retry_after\":", .kind = ERRATA_KIND_INTEGER,
      .required = true, .offset = offsetof(bench_rate_limited_t, retry_after),
      .item_kind = ERRATA_KIND_INTEGER },
    { .name = "limit", .json_key = "\"limit\":", .kind = ERRATA_KIND_INTEGER, .by_pointer = true,
      .offset = offsetof(bench_rate_limited_t, limit), .item_kind = ERRATA_KIND_INTEGER },
    { .name = "policy", .json_key = "\"policy\":", .kind = ERRATA_KIND_STRING,
      .offset = offsetof(bench_rate_limited_t, policy), .item_kind = ERRATA_KIND_STRING },
    { .name = "errors", .json_key = "\"errors\":", .kind = ERRATA_KIND_ARRAY,
      .offset = offsetof(bench_rate_limited_t, errors.items),
      .count_offset = offsetof(bench_rate_limited_t, errors.count),
      .item_kind = ERRATA_KIND_OBJECT, .item_size = sizeof(bench_error_t),
      .properties = bench_error_props, .property_count = 2 },
};

#define PREFIX "{\"type\":\"" TYPE "\",\"title\":\"" TITLE "\",\"status\":429,\"code\":\"" CODE "\""

static const errata_descriptor_t bench_desc = {
    1, CODE, 429, TITLE, TYPE, true, false, "no-store", PREFIX, sizeof PREFIX - 1,
    NULL, 0, bench_members, 4, NULL, 0, NULL, NULL, NULL, NULL, 0,
};

/* The same error with its detail from a template and a German translation
 * (what the generator writes for `translations:`): the English body from
 * the template is byte for byte the body above; the German one swaps the
 * precomputed start and the detail template, nothing else. */
#define TITLE_DE "Zu viele Anfragen"
#define PREFIX_DE \
    "{\"type\":\"" TYPE "\",\"title\":\"" TITLE_DE "\",\"status\":429,\"code\":\"" CODE "\""

static const errata_template_part_t bench_detail_en[] = {
    { "Retry in ", -1, false }, { NULL, 0, false }, { " seconds", -1, false },
};
static const errata_template_part_t bench_detail_de[] = {
    { "Erneut versuchen in ", -1, false }, { NULL, 0, false }, { " Sekunden \xE2\x80\x93 \"bitte\"", -1, false },
};
static const errata_localized_t bench_locales[] = {
    { "de", PREFIX_DE, sizeof PREFIX_DE - 1, TITLE_DE, bench_detail_de, 3, NULL, 0 },
};
static const errata_descriptor_t bench_desc_i18n = {
    1, CODE, 429, TITLE, TYPE, true, false, "no-store", PREFIX, sizeof PREFIX - 1,
    bench_detail_en, 3, bench_members, 4, NULL, 0, NULL, NULL, "en", bench_locales, 1,
};

/* What the German body must be, checked before timing. */
static const char bench_expected_de[] =
    PREFIX_DE ",\"detail\":\"Erneut versuchen in 30 Sekunden \xE2\x80\x93 \\\"bitte\\\"\","
    "\"instance\":\"/pets/42\",\"retry_after\":30,\"limit\":100,"
    "\"policy\":\"per-user (r\xC3\xA9sum\xC3\xA9)\",\"errors\":[{\"pointer\":\"/name\","
    "\"detail\":\"must not be empty\"},{\"pointer\":\"/age\",\"detail\":\"must be >= 0\"},"
    "{\"pointer\":\"/tags/3\",\"detail\":\"unknown tag \\\"x\\\"\"}]}";

/* ---- the implementations ---------------------------------------------------------- */

enum { BENCH_CAP = 1024 };

typedef size_t (*bench_fn)(char *out, size_t cap);

static size_t bench_errata(char *out, size_t cap)
{
    errata_problem_t p;
    const bench_rate_limited_t m = { 30, &bench_limit, bench_policy, { bench_errors, 3 } };
    errata_throw(&p, &bench_desc, __FILE__, __LINE__, bench_detail, bench_instance, &m);
    return errata_problem_json(&p, out, cap);
}

/* The detail from the catalog's template, written in the catalog's
 * language (locale 0) or in German (locale 1). */
static size_t bench_errata_locale(char *out, size_t cap, size_t locale)
{
    errata_problem_t p;
    const bench_rate_limited_t m = { 30, &bench_limit, bench_policy, { bench_errors, 3 } };
    errata_throw(&p, &bench_desc_i18n, __FILE__, __LINE__, NULL, bench_instance, &m);
    return errata_problem_json_locale(&p, NULL, locale, out, cap);
}

static size_t bench_errata_en(char *out, size_t cap)
{
    return bench_errata_locale(out, cap, 0);
}

static size_t bench_errata_de(char *out, size_t cap)
{
    return bench_errata_locale(out, cap, 1);
}

static size_t bench_cjson(char *out, size_t cap)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "type", TYPE);
    cJSON_AddStringToObject(o, "title", TITLE);
    cJSON_AddNumberToObject(o, "status", 429);
    cJSON_AddStringToObject(o, "code", CODE);
    cJSON_AddStringToObject(o, "detail", bench_detail);
    cJSON_AddStringToObject(o, "instance", bench_instance);
    cJSON_AddNumberToObject(o, "retry_after", 30);
    cJSON_AddNumberToObject(o, "limit", (double)bench_limit);
    cJSON_AddStringToObject(o, "policy", bench_policy);
    cJSON *errors = cJSON_AddArrayToObject(o, "errors");
    for (size_t i = 0; i < 3; i++) {
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "pointer", bench_errors[i].pointer);
        cJSON_AddStringToObject(e, "detail", bench_errors[i].detail);
        cJSON_AddItemToArray(errors, e);
    }
    char *s = cJSON_PrintUnformatted(o);
    size_t n = strlen(s);
    if (cap > 0) {
        size_t k = n < cap - 1 ? n : cap - 1;
        memcpy(out, s, k);
        out[k] = '\0';
    }
    cJSON_free(s);
    cJSON_Delete(o);
    return n;
}

static size_t bench_jansson(char *out, size_t cap)
{
    json_t *o = json_pack("{s:s, s:s, s:i, s:s, s:s, s:s, s:I, s:I, s:s, "
                          "s:[{s:s, s:s}, {s:s, s:s}, {s:s, s:s}]}",
                          "type", TYPE, "title", TITLE, "status", 429, "code", CODE,
                          "detail", bench_detail, "instance", bench_instance,
                          "retry_after", (json_int_t)30, "limit", (json_int_t)bench_limit,
                          "policy", bench_policy, "errors",
                          "pointer", bench_errors[0].pointer, "detail", bench_errors[0].detail,
                          "pointer", bench_errors[1].pointer, "detail", bench_errors[1].detail,
                          "pointer", bench_errors[2].pointer, "detail", bench_errors[2].detail);
    size_t n = json_dumpb(o, out, cap > 0 ? cap - 1 : 0, JSON_COMPACT);
    if (cap > 0)
        out[n < cap - 1 ? n : cap - 1] = '\0';
    json_decref(o);
    return n;
}

/* The floor: the finished bytes copied, which every encoder has to do at
 * least. The copy goes through a volatile pointer so it is not optimised
 * out of the loop. */
static char bench_expected[BENCH_CAP];
static size_t bench_expected_len;
static void *(*volatile bench_copy)(void *, const void *, size_t) = memcpy;

static size_t bench_memcpy(char *out, size_t cap)
{
    (void)cap;
    bench_copy(out, bench_expected, bench_expected_len + 1);
    return bench_expected_len;
}

/* ---- timing --------------------------------------------------------------------------- */

static double bench_now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static volatile size_t bench_sink; /* keeps results alive */

static double bench_time(bench_fn fn, long n)
{
    char out[BENCH_CAP];
    for (long i = 0; i < n / 10 + 1; i++) /* warm-up: caches, branch predictors */
        bench_sink += fn(out, sizeof out);
    double start = bench_now_ns();
    for (long i = 0; i < n; i++)
        bench_sink += fn(out, sizeof out) + (unsigned char)out[i % 64];
    return (bench_now_ns() - start) / (double)n;
}

/* Allocations per operation over a few counted operations, with cJSON's
 * and jansson's allocators pointed at the counted malloc and free. */
static double bench_count(bench_fn fn)
{
    enum { OPS = 16 };
    char out[BENCH_CAP];
    cJSON_Hooks hooks = { malloc, free };
    json_malloc_t jm;
    json_free_t jf;
    json_get_alloc_funcs(&jm, &jf);
    cJSON_InitHooks(&hooks);
    json_set_alloc_funcs(malloc, free);
    size_t allocs_before = bench_alloc_count();
    for (int i = 0; i < OPS; i++)
        bench_sink += fn(out, sizeof out);
    size_t counted = bench_alloc_count() - allocs_before;
    cJSON_InitHooks(NULL);
    json_set_alloc_funcs(jm, jf);
    return (double)counted / OPS;
}

struct bench_impl {
    const char *name;
    bench_fn fn;
    const char *symbol; /* the function callgrind counts in */
};

static const struct bench_impl bench_impls[] = {
    { "errata", bench_errata, "bench_errata" },
    { "cJSON", bench_cjson, "bench_cjson" },
    { "jansson", bench_jansson, "bench_jansson" },
    { "memcpy (floor)", bench_memcpy, "bench_memcpy" },
    /* Localized bodies (translations:): the detail from a template, in the
     * catalog's language and in German, at the same cost. */
    { "errata tmpl en", bench_errata_en, "bench_errata_en" },
    { "errata tmpl de", bench_errata_de, "bench_errata_de" },
};

enum { BENCH_IMPLS = sizeof bench_impls / sizeof bench_impls[0] };

/* Every implementation writes the same bytes, or the comparison means
 * nothing. */
static int bench_check_outputs(void)
{
    bench_expected_len = bench_errata(bench_expected, sizeof bench_expected);
    if (bench_expected_len >= sizeof bench_expected)
        return fprintf(stderr, "body does not fit the bench buffer\n"), 1;
    int failed = 0;
    for (size_t i = 1; i < sizeof bench_impls / sizeof bench_impls[0]; i++) {
        char out[BENCH_CAP];
        size_t n = bench_impls[i].fn(out, sizeof out);
        bool de = bench_impls[i].fn == bench_errata_de;
        const char *expected = de ? bench_expected_de : bench_expected;
        size_t len = de ? sizeof bench_expected_de - 1 : bench_expected_len;
        if (n != len || memcmp(out, expected, n) != 0) {
            fprintf(stderr, "%s writes a different body:\n  expected: %s\n  %s: %s\n",
                    bench_impls[i].name, expected, bench_impls[i].name, out);
            failed = 1;
        }
    }
    return failed;
}

/* --only NAME OPS: that implementation alone, for callgrind. */
static int bench_only(const char *name, long ops)
{
    for (size_t i = 0; i < BENCH_IMPLS; i++) {
        if (strcmp(bench_impls[i].name, name) != 0)
            continue;
        char out[BENCH_CAP];
        for (long k = 0; k < ops; k++)
            bench_sink += bench_impls[i].fn(out, sizeof out);
        return 0;
    }
    return fprintf(stderr, "bench-encode: no implementation %s\n", name), 2;
}

int main(int argc, char **argv)
{
    long n, ops;
    const char *only;
    int instr;
    if (bench_args(argc, argv, "bench-encode", &n, &instr, &only, &ops) != 0)
        return 2;
    if (bench_check_outputs() != 0)
        return 1;
    if (only != NULL)
        return bench_only(only, ops);
    printf("body (%zu bytes): %s\n", bench_expected_len, bench_expected);
    printf("localized body (de, %zu bytes): %s\n\n", sizeof bench_expected_de - 1,
           bench_expected_de);
    /* Every implementation timed in each round, one after the other. */
    double ns[BENCH_IMPLS][BENCH_ROUNDS], ratio[BENCH_IMPLS][BENCH_ROUNDS];
    for (int r = 0; r < BENCH_ROUNDS; r++) {
        for (size_t i = 0; i < BENCH_IMPLS; i++) {
            ns[i][r] = bench_time(bench_impls[i].fn, n / BENCH_ROUNDS);
            ratio[i][r] = ns[i][r] / ns[0][r];
        }
    }
    printf("%-16s %10s %10s %10s %10s\n", "implementation", "ns/op", "vs errata", "instr/op",
           "allocs/op");
    int status = 0;
    for (size_t i = 0; i < BENCH_IMPLS; i++) {
        double allocs = bench_count(bench_impls[i].fn);
        if (strncmp(bench_impls[i].name, "errata", 6) == 0)
            status |= allocs != 0; /* the runtime's promise, checked here too */
        double in = instr ? bench_instr_per_op(argv[0], bench_impls[i].name, bench_impls[i].symbol)
                          : -1;
        char instr_text[32] = "-";
        if (in >= 0)
            snprintf(instr_text, sizeof instr_text, "%.0f", in);
        printf("%-16s %10.1f %9.2fx %10s %10.1f\n", bench_impls[i].name,
               bench_median(ns[i], BENCH_ROUNDS), bench_median(ratio[i], BENCH_ROUNDS), instr_text,
               allocs);
    }
    printf("\n%ld operations each in %d rounds (medians; each round after %ld warm-up"
           " operations);\n"
           "instr/op: callgrind (valgrind), %s\n",
           n / BENCH_ROUNDS * BENCH_ROUNDS, BENCH_ROUNDS, n / BENCH_ROUNDS / 10 + 1,
           instr ? "a difference of two runs" : "not measured (--no-instr)");
    return status;
}
