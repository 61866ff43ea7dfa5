/* bench-decode: ns and instructions per decoded error response for errata
 * against cJSON and jansson parsing the same body and extracting the same
 * members. Usage: bench-decode [--no-instr] [N] (default 200000 operations
 * each), or --only NAME OPS (one implementation, for callgrind).
 *
 * The first body is what bench-encode writes: a 429 problem with a detail,
 * an instance, two integers, a string and a three-item array of {pointer,
 * detail} objects, thrown and written by errata itself. The second is a
 * smaller 404 with a detail, an instance and two string members. Each peer turns it
 * into the same plain C struct (struct bench_extract: fixed char arrays and
 * integers), the way a client would keep what it needs: errata decodes into
 * a typed member struct through a descriptor (as pets_decode does) and
 * copies from it; cJSON and jansson parse a tree, look the members up,
 * check their types, copy and free the tree. All three must extract the
 * same values, checked before timing.
 *
 * Heap allocations per operation are counted with -Wl,--wrap=malloc etc. (as
 * in bench-encode): errata's must be 0, or the run fails. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cJSON.h>
#include <jansson.h>

#include "alloc_count.h"
#include "measure.h"
#include "errata/decode.h"

/* ---- the catalog entry (as the generator would write it) ------------------------ */

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

static const errata_member_desc_t bench_error_props[] = {
    { .name = "pointer", .json_key = "\"pointer\":", .kind = ERRATA_KIND_STRING, .required = true,
      .offset = offsetof(bench_error_t, pointer), .item_kind = ERRATA_KIND_STRING },
    { .name = "detail", .json_key = "\"detail\":", .kind = ERRATA_KIND_STRING, .required = true,
      .offset = offsetof(bench_error_t, detail), .item_kind = ERRATA_KIND_STRING },
};

static const errata_member_desc_t bench_members[] = {
    { .name = "retry_after", .json_key = "\"retry_after\":", .kind = ERRATA_KIND_INTEGER,
      .required = true, .offset = offsetof(bench_rate_limited_t, retry_after),
      .item_kind = ERRATA_KIND_INTEGER,
      .decode_offset = offsetof(bench_rate_limited_t, retry_after) },
    { .name = "limit", .json_key = "\"limit\":", .kind = ERRATA_KIND_INTEGER, .by_pointer = true,
      .offset = offsetof(bench_rate_limited_t, limit), .item_kind = ERRATA_KIND_INTEGER,
      .decode_offset = offsetof(bench_rate_limited_t, limit) },
    { .name = "policy", .json_key = "\"policy\":", .kind = ERRATA_KIND_STRING,
      .offset = offsetof(bench_rate_limited_t, policy), .item_kind = ERRATA_KIND_STRING,
      .decode_offset = offsetof(bench_rate_limited_t, policy) },
    { .name = "errors", .json_key = "\"errors\":", .kind = ERRATA_KIND_ARRAY,
      .offset = offsetof(bench_rate_limited_t, errors.items),
      .count_offset = offsetof(bench_rate_limited_t, errors.count),
      .item_kind = ERRATA_KIND_OBJECT, .item_size = sizeof(bench_error_t),
      .properties = bench_error_props, .property_count = 2,
      .decode_offset = offsetof(bench_rate_limited_t, errors.items),
      .decode_count_offset = offsetof(bench_rate_limited_t, errors.count) },
};

#define PREFIX "{\"type\":\"" TYPE "\",\"title\":\"" TITLE "\",\"status\":429,\"code\":\"" CODE "\""

static const errata_descriptor_t bench_desc = {
    1, CODE, 429, TITLE, TYPE, true, false, "no-store", PREFIX, sizeof PREFIX - 1,
    NULL, 0, bench_members, 4, NULL, 0, NULL, NULL, NULL, NULL, 0,
};

/* Both benchmark catalogs hold one entry. */
static int bench_lookup(const errata_catalog_t *catalog, const char *type_uri, int status)
{
    (void)status;
    return type_uri != NULL && strcmp(type_uri, catalog->descriptors[0].type_uri) == 0 ? 0 : -1;
}

static const errata_catalog_t bench_catalog = { &bench_desc, 1, bench_lookup, NULL };

/* ---- what every implementation extracts ------------------------------------------- */

enum { BENCH_MAX_ERRORS = 8 };

/* The standard members every extraction keeps. */
struct bench_standard {
    char type[64], title[32], detail[48], instance[32];
};

struct bench_extract {
    struct bench_standard std;
    char policy[32];
    int status;
    long long retry_after, limit;
    size_t error_count;
    struct {
        char pointer[16], detail[32];
    } errors[BENCH_MAX_ERRORS];
};

static void bench_copy(char *to, size_t cap, const char *from)
{
    size_t n = from ? strlen(from) : 0;
    if (n >= cap)
        n = cap - 1;
    memcpy(to, from ? from : "", n);
    to[n] = '\0';
}

#define COPY(field, from) bench_copy(field, sizeof field, from)

static void bench_errata_standard(const errata_decoded_t *d, struct bench_standard *x)
{
    COPY(x->type, d->type);
    COPY(x->title, d->title);
    COPY(x->detail, d->detail);
    COPY(x->instance, d->instance);
}

static char bench_body[1024];
static size_t bench_body_len;

typedef int (*bench_fn)(void *x); /* 0 when all was found */

static int bench_errata(void *out)
{
    struct bench_extract *x = out;
    errata_decoded_t d;
    bench_rate_limited_t m;
    memset(&m, 0, sizeof m);
    errata_decode(&bench_catalog, 429, "application/problem+json", NULL, bench_body,
                  bench_body_len, &d, &m);
    if (d.desc == NULL || m.limit == NULL || m.policy == NULL || d.detail == NULL ||
        d.instance == NULL || m.errors.count > BENCH_MAX_ERRORS)
        return 1;
    bench_errata_standard(&d, &x->std);
    COPY(x->policy, m.policy);
    x->status = d.body_status;
    x->retry_after = m.retry_after;
    x->limit = *m.limit;
    x->error_count = m.errors.count;
    for (size_t i = 0; i < m.errors.count; i++) {
        COPY(x->errors[i].pointer, m.errors.items[i].pointer);
        COPY(x->errors[i].detail, m.errors.items[i].detail);
    }
    return 0;
}

/* A cJSON number that is a whole number in range, as a long long. */
static int cjson_integer(const cJSON *v, long long *out)
{
    if (!cJSON_IsNumber(v) || v->valuedouble != (double)(long long)v->valuedouble)
        return 1;
    *out = (long long)v->valuedouble;
    return 0;
}

static const char *cjson_string(const cJSON *o, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static void bench_cjson_standard(const cJSON *o, struct bench_standard *x)
{
    COPY(x->type, cjson_string(o, "type"));
    COPY(x->title, cjson_string(o, "title"));
    COPY(x->detail, cjson_string(o, "detail"));
    COPY(x->instance, cjson_string(o, "instance"));
}

static int bench_cjson(void *out)
{
    struct bench_extract *x = out;
    cJSON *o = cJSON_ParseWithLength(bench_body, bench_body_len);
    int failed = !cJSON_IsObject(o);
    long long status = 0;
    if (!failed) {
        bench_cjson_standard(o, &x->std);
        COPY(x->policy, cjson_string(o, "policy"));
        failed |= cjson_integer(cJSON_GetObjectItemCaseSensitive(o, "status"), &status);
        failed |= cjson_integer(cJSON_GetObjectItemCaseSensitive(o, "retry_after"), &x->retry_after);
        failed |= cjson_integer(cJSON_GetObjectItemCaseSensitive(o, "limit"), &x->limit);
        x->status = (int)status;
        const cJSON *errors = cJSON_GetObjectItemCaseSensitive(o, "errors");
        const cJSON *e;
        x->error_count = 0;
        failed |= !cJSON_IsArray(errors);
        cJSON_ArrayForEach(e, errors)
        {
            if (x->error_count == BENCH_MAX_ERRORS || !cJSON_IsObject(e)) {
                failed = 1;
                break;
            }
            COPY(x->errors[x->error_count].pointer, cjson_string(e, "pointer"));
            COPY(x->errors[x->error_count].detail, cjson_string(e, "detail"));
            x->error_count++;
        }
    }
    cJSON_Delete(o);
    return failed;
}

static void bench_jansson_standard(const json_t *o, struct bench_standard *x)
{
    COPY(x->type, json_string_value(json_object_get(o, "type")));
    COPY(x->title, json_string_value(json_object_get(o, "title")));
    COPY(x->detail, json_string_value(json_object_get(o, "detail")));
    COPY(x->instance, json_string_value(json_object_get(o, "instance")));
}

static int bench_jansson(void *out)
{
    struct bench_extract *x = out;
    json_t *o = json_loadb(bench_body, bench_body_len, 0, NULL);
    int failed = !json_is_object(o);
    if (!failed) {
        bench_jansson_standard(o, &x->std);
        COPY(x->policy, json_string_value(json_object_get(o, "policy")));
        json_t *status = json_object_get(o, "status");
        json_t *retry_after = json_object_get(o, "retry_after");
        json_t *limit = json_object_get(o, "limit");
        failed |= !json_is_integer(status) || !json_is_integer(retry_after) || !json_is_integer(limit);
        x->status = (int)json_integer_value(status);
        x->retry_after = json_integer_value(retry_after);
        x->limit = json_integer_value(limit);
        json_t *errors = json_object_get(o, "errors");
        failed |= !json_is_array(errors) || json_array_size(errors) > BENCH_MAX_ERRORS;
        x->error_count = 0;
        for (size_t i = 0; !failed && i < json_array_size(errors); i++) {
            json_t *e = json_array_get(errors, i);
            if (!json_is_object(e)) {
                failed = 1;
                break;
            }
            COPY(x->errors[i].pointer, json_string_value(json_object_get(e, "pointer")));
            COPY(x->errors[i].detail, json_string_value(json_object_get(e, "detail")));
            x->error_count++;
        }
    }
    json_decref(o);
    return failed;
}

/* ---- the second body: a 404 with two string members ------------------------------ */

#define NF_TYPE "https://errors.example/not-found"
#define NF_TITLE "Not found"
#define NF_CODE "NOT_FOUND"

typedef struct bench_not_found {
    const char *resource;
    const char *id;
} bench_not_found_t;

static const errata_member_desc_t bench_nf_members[] = {
    { .name = "resource", .json_key = "\"resource\":", .kind = ERRATA_KIND_STRING,
      .required = true, .offset = offsetof(bench_not_found_t, resource),
      .item_kind = ERRATA_KIND_STRING, .decode_offset = offsetof(bench_not_found_t, resource) },
    { .name = "id", .json_key = "\"id\":", .kind = ERRATA_KIND_STRING, .required = true,
      .offset = offsetof(bench_not_found_t, id), .item_kind = ERRATA_KIND_STRING,
      .decode_offset = offsetof(bench_not_found_t, id) },
};

#define NF_PREFIX \
    "{\"type\":\"" NF_TYPE "\",\"title\":\"" NF_TITLE "\",\"status\":404,\"code\":\"" NF_CODE "\""

static const errata_descriptor_t bench_nf_desc = {
    2, NF_CODE, 404, NF_TITLE, NF_TYPE, false, false, NULL, NF_PREFIX, sizeof NF_PREFIX - 1,
    NULL, 0, bench_nf_members, 2, NULL, 0, NULL, NULL, NULL, NULL, 0,
};

static const errata_catalog_t bench_nf_catalog = { &bench_nf_desc, 1, bench_lookup, NULL };

struct bench_extract_nf {
    struct bench_standard std;
    char resource[16], id[16];
    int status;
};

static char bench_nf_body[512];
static size_t bench_nf_body_len;

static int bench_errata_nf(void *out)
{
    struct bench_extract_nf *x = out;
    errata_decoded_t d;
    bench_not_found_t m;
    memset(&m, 0, sizeof m);
    errata_decode(&bench_nf_catalog, 404, "application/problem+json", NULL, bench_nf_body,
                  bench_nf_body_len, &d, &m);
    if (d.desc == NULL || m.resource == NULL || m.id == NULL || d.detail == NULL ||
        d.instance == NULL)
        return 1;
    bench_errata_standard(&d, &x->std);
    COPY(x->resource, m.resource);
    COPY(x->id, m.id);
    x->status = d.body_status;
    return 0;
}

static int bench_cjson_nf(void *out)
{
    struct bench_extract_nf *x = out;
    cJSON *o = cJSON_ParseWithLength(bench_nf_body, bench_nf_body_len);
    int failed = !cJSON_IsObject(o);
    long long status = 0;
    if (!failed) {
        bench_cjson_standard(o, &x->std);
        COPY(x->resource, cjson_string(o, "resource"));
        COPY(x->id, cjson_string(o, "id"));
        failed |= cjson_integer(cJSON_GetObjectItemCaseSensitive(o, "status"), &status);
        x->status = (int)status;
    }
    cJSON_Delete(o);
    return failed;
}

static int bench_jansson_nf(void *out)
{
    struct bench_extract_nf *x = out;
    json_t *o = json_loadb(bench_nf_body, bench_nf_body_len, 0, NULL);
    int failed = !json_is_object(o);
    if (!failed) {
        bench_jansson_standard(o, &x->std);
        COPY(x->resource, json_string_value(json_object_get(o, "resource")));
        COPY(x->id, json_string_value(json_object_get(o, "id")));
        json_t *status = json_object_get(o, "status");
        failed |= !json_is_integer(status);
        x->status = (int)json_integer_value(status);
    }
    json_decref(o);
    return failed;
}

/* ---- timing --------------------------------------------------------------------------- */

static double bench_now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static volatile size_t bench_sink; /* keeps results alive */

/* Room for what either body's implementations extract. */
union bench_out {
    struct bench_extract rate_limited;
    struct bench_extract_nf not_found;
};

static double bench_time(bench_fn fn, long n)
{
    union bench_out x;
    for (long i = 0; i < n / 10 + 1; i++) /* warm-up */
        bench_sink += (size_t)fn(&x);
    double start = bench_now_ns();
    for (long i = 0; i < n; i++)
        bench_sink += (size_t)fn(&x) + ((const unsigned char *)&x)[i % 64];
    return (bench_now_ns() - start) / (double)n;
}

/* Allocations per operation, with cJSON's and jansson's allocators pointed
 * at the counted malloc and free. */
static double bench_count(bench_fn fn)
{
    enum { OPS = 16 };
    union bench_out x;
    cJSON_Hooks hooks = { malloc, free };
    json_malloc_t jm;
    json_free_t jf;
    json_get_alloc_funcs(&jm, &jf);
    cJSON_InitHooks(&hooks);
    json_set_alloc_funcs(malloc, free);
    size_t allocs_before = bench_alloc_count();
    for (int i = 0; i < OPS; i++)
        bench_sink += (size_t)fn(&x);
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

enum { BENCH_IMPLS = 3, BENCH_BODIES = 2 };

/* Per body, the same three implementations in the same order. */
static const struct bench_impl bench_impls[BENCH_BODIES][BENCH_IMPLS] = {
    {
        { "errata", bench_errata, "bench_errata" },
        { "cJSON", bench_cjson, "bench_cjson" },
        { "jansson", bench_jansson, "bench_jansson" },
    },
    {
        { "errata-404", bench_errata_nf, "bench_errata_nf" },
        { "cJSON-404", bench_cjson_nf, "bench_cjson_nf" },
        { "jansson-404", bench_jansson_nf, "bench_jansson_nf" },
    },
};

static void bench_print(const char *name, const struct bench_extract *x)
{
    fprintf(stderr, "  %s: type=%s title=%s status=%d detail=%s instance=%s retry_after=%lld "
                    "limit=%lld policy=%s errors=%zu",
            name, x->std.type, x->std.title, x->status, x->std.detail, x->std.instance,
            x->retry_after, x->limit, x->policy, x->error_count);
    for (size_t i = 0; i < x->error_count && i < BENCH_MAX_ERRORS; i++)
        fprintf(stderr, " [%s %s]", x->errors[i].pointer, x->errors[i].detail);
    fputc('\n', stderr);
}

/* The 404 body, thrown and written by errata, and what each
 * implementation extracts from it compared with the values thrown. */
static int bench_setup_and_check_nf(void)
{
    const bench_not_found_t m = { "pet", "a1b2-c3d4" };
    errata_problem_t p;
    errata_throw(&p, &bench_nf_desc, __FILE__, __LINE__, "No pet with id a1b2-c3d4",
                 "/pets/a1b2-c3d4", &m);
    bench_nf_body_len = errata_problem_json(&p, bench_nf_body, sizeof bench_nf_body);
    if (bench_nf_body_len >= sizeof bench_nf_body)
        return fprintf(stderr, "404 body does not fit the bench buffer\n"), 1;
    struct bench_extract_nf want;
    memset(&want, 0, sizeof want);
    COPY(want.std.type, NF_TYPE);
    COPY(want.std.title, NF_TITLE);
    COPY(want.std.detail, "No pet with id a1b2-c3d4");
    COPY(want.std.instance, "/pets/a1b2-c3d4");
    COPY(want.resource, m.resource);
    COPY(want.id, m.id);
    want.status = 404;
    int failed = 0;
    for (size_t i = 0; i < BENCH_IMPLS; i++) {
        struct bench_extract_nf x;
        memset(&x, 0, sizeof x);
        if (bench_impls[1][i].fn(&x) != 0 || memcmp(&x, &want, sizeof x) != 0) {
            fprintf(stderr, "%s extracts other values: type=%s title=%s status=%d detail=%s "
                            "instance=%s resource=%s id=%s\n",
                    bench_impls[1][i].name, x.std.type, x.std.title, x.status, x.std.detail,
                    x.std.instance, x.resource, x.id);
            failed = 1;
        }
    }
    return failed;
}

/* The body, thrown and written by errata (the server side), then every
 * implementation's extraction compared with the values thrown. */
static int bench_setup_and_check(void)
{
    static const bench_error_t errors[] = {
        { "/name", "must not be empty" },
        { "/age", "must be >= 0" },
        { "/tags/3", "unknown tag \"x\"" },
    };
    static const int64_t limit = 100;
    const bench_rate_limited_t m = { 30, &limit, "per-user (r\xC3\xA9sum\xC3\xA9)", { errors, 3 } };
    errata_problem_t p;
    errata_throw(&p, &bench_desc, __FILE__, __LINE__, "Retry in 30 seconds", "/pets/42", &m);
    bench_body_len = errata_problem_json(&p, bench_body, sizeof bench_body);
    if (bench_body_len >= sizeof bench_body)
        return fprintf(stderr, "body does not fit the bench buffer\n"), 1;

    struct bench_extract want;
    memset(&want, 0, sizeof want);
    COPY(want.std.type, TYPE);
    COPY(want.std.title, TITLE);
    COPY(want.std.detail, "Retry in 30 seconds");
    COPY(want.std.instance, "/pets/42");
    COPY(want.policy, m.policy);
    want.status = 429;
    want.retry_after = 30;
    want.limit = 100;
    want.error_count = 3;
    for (size_t i = 0; i < 3; i++) {
        COPY(want.errors[i].pointer, errors[i].pointer);
        COPY(want.errors[i].detail, errors[i].detail);
    }
    int failed = 0;
    for (size_t i = 0; i < BENCH_IMPLS; i++) {
        struct bench_extract x;
        memset(&x, 0, sizeof x);
        if (bench_impls[0][i].fn(&x) != 0 || memcmp(&x, &want, sizeof x) != 0) {
            fprintf(stderr, "%s extracts other values:\n", bench_impls[0][i].name);
            bench_print("expected", &want);
            bench_print(bench_impls[0][i].name, &x);
            failed = 1;
        }
    }
    return failed | bench_setup_and_check_nf();
}

/* --only NAME OPS: that implementation alone, for callgrind. */
static int bench_only(const char *name, long ops)
{
    for (size_t b = 0; b < BENCH_BODIES; b++) {
        for (size_t i = 0; i < BENCH_IMPLS; i++) {
            if (strcmp(bench_impls[b][i].name, name) != 0)
                continue;
            union bench_out x;
            for (long k = 0; k < ops; k++)
                bench_sink += (size_t)bench_impls[b][i].fn(&x);
            return 0;
        }
    }
    return fprintf(stderr, "bench-decode: no implementation %s\n", name), 2;
}

/* One body's table: every implementation timed in each round, one after
 * the other; medians of the times and of the ratios to errata's. */
static int bench_table(const struct bench_impl *impls, long n, int instr, const char *self)
{
    double ns[BENCH_IMPLS][BENCH_ROUNDS], ratio[BENCH_IMPLS][BENCH_ROUNDS];
    for (int r = 0; r < BENCH_ROUNDS; r++) {
        for (size_t i = 0; i < BENCH_IMPLS; i++) {
            ns[i][r] = bench_time(impls[i].fn, n / BENCH_ROUNDS);
            ratio[i][r] = ns[i][r] / ns[0][r];
        }
    }
    printf("%-16s %10s %10s %10s %10s\n", "implementation", "ns/op", "vs errata", "instr/op",
           "allocs/op");
    int status = 0;
    for (size_t i = 0; i < BENCH_IMPLS; i++) {
        double allocs = bench_count(impls[i].fn);
        if (i == 0 && allocs != 0) {
            fprintf(stderr, "errata allocated while decoding (%.1f per op)\n", allocs);
            status = 1; /* the runtime's promise, checked here too */
        }
        double in = instr ? bench_instr_per_op(self, impls[i].name, impls[i].symbol) : -1;
        char instr_text[32] = "-";
        if (in >= 0)
            snprintf(instr_text, sizeof instr_text, "%.0f", in);
        printf("%-16s %10.1f %9.2fx %10s %10.1f\n", impls[i].name,
               bench_median(ns[i], BENCH_ROUNDS), bench_median(ratio[i], BENCH_ROUNDS), instr_text,
               allocs);
    }
    return status;
}

int main(int argc, char **argv)
{
    long n, ops;
    const char *only;
    int instr;
    if (bench_args(argc, argv, "bench-decode", &n, &instr, &only, &ops) != 0)
        return 2;
    if (bench_setup_and_check() != 0)
        return 1;
    if (only != NULL)
        return bench_only(only, ops);
    printf("body (%zu bytes): %s\n\n", bench_body_len, bench_body);
    int status = bench_table(bench_impls[0], n, instr, argv[0]);
    printf("\nbody 404 (%zu bytes): %s\n\n", bench_nf_body_len, bench_nf_body);
    status |= bench_table(bench_impls[1], n, instr, argv[0]);
    printf("\nparse + extract into plain C variables (same values checked for all);\n"
           "%ld operations each in %d rounds (medians; each round after %ld warm-up operations);\n"
           "instr/op: callgrind (valgrind), %s\n",
           n / BENCH_ROUNDS * BENCH_ROUNDS, BENCH_ROUNDS, n / BENCH_ROUNDS / 10 + 1,
           instr ? "a difference of two runs" : "not measured (--no-instr)");
    return status;
}
