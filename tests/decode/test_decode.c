/* The client half against the server half: problems thrown and written by
 * liberrata (through the generated petstore, shop and http code) decoded
 * back by the generated decoders, and the RFC 9457 edge cases a client meets
 * from servers that are not errata: wrong-type, unknown and duplicated
 * members, foreign types, broken, truncated, deep, huge and non-problem
 * bodies, Retry-After in every form, describe() and Content-Type.
 *
 * The executable is linked with -Wl,--wrap=malloc (calloc, realloc, free):
 * calls from this file and from liberrata's static library are counted while
 * a measurement is on, so "pets_decode allocates nothing" is asserted, not
 * assumed (with a self-check that the counter does count). */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sys/mman.h>
#include <unistd.h>

#include "http_errors.h"
#include "pets_errors.h"
#include "shop_errors.h"

/* ---- heap counting ------------------------------------------------------------ */

static struct {
    int on;
    size_t calls;
} heap; /* test state, single-threaded */

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *ptr, size_t n);
void __real_free(void *ptr);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *ptr, size_t n);
void __wrap_free(void *ptr);

void *__wrap_malloc(size_t n)
{
    heap.calls += heap.on != 0;
    return __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t size)
{
    heap.calls += heap.on != 0;
    return __real_calloc(n, size);
}

void *__wrap_realloc(void *ptr, size_t n)
{
    heap.calls += heap.on != 0;
    return __real_realloc(ptr, n);
}

void __wrap_free(void *ptr)
{
    heap.calls += heap.on != 0 && ptr != NULL;
    __real_free(ptr);
}

static void measure_start(void)
{
    heap.calls = 0;
    heap.on = 1;
}

static size_t measure_stop(void)
{
    heap.on = 0;
    return heap.calls;
}

/* ---- helpers ------------------------------------------------------------------------ */

#define LIT(s) s, sizeof(s) - 1
#define PJ "application/problem+json"
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char generic_detail[] =
    "The server could not complete the request. Quote the trace id when you report this.";
/* A hidden 5xx sent without a trace id does not ask to quote one. */
static const char generic_plain[] = "The server could not complete the request.";
static const char trace[] = "4bf92f3577b34da6a3ce929d0e0e4736";

/* Sun, 06 Nov 1994 08:49:37 GMT, RFC 9110's example date. */
#define NOW_1994 784111777

/* Written apart from liberrata's decoder, so that it does not grade its own
 * work: true when s[0..n) is well-formed UTF-8. */
static int utf8_valid(const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        size_t len;
        unsigned min, cp;
        if (c < 0x80) {
            i++;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            len = 2, min = 0x80, cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3, min = 0x800, cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4, min = 0x10000, cp = c & 0x07;
        } else {
            return 0;
        }
        if (i + len > n)
            return 0;
        for (size_t k = 1; k < len; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return 0;
            cp = cp << 6 | (s[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        i += len;
    }
    return 1;
}

static int is_prefix(const char *prefix, const char *of)
{
    return strncmp(prefix, of, strlen(prefix)) == 0;
}

/* A growable text buffer for building bodies (outside any measurement).
 * Every buffer is also listed in `live`, so that a test stopped by a failed
 * assertion before its text_free() leaks nothing: the group teardown frees
 * what is left. */
struct text {
    char *p;
    size_t len, cap;
};

static char *live[64];

static void live_swap(char *old, char *new_)
{
    for (size_t i = 0; i < sizeof live / sizeof live[0]; i++) {
        if (live[i] == old) {
            live[i] = new_;
            return;
        }
    }
    fail_msg("more than %zu text buffers at once", sizeof live / sizeof live[0]);
}

static int free_live_texts(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof live / sizeof live[0]; i++) {
        free(live[i]);
        live[i] = NULL;
    }
    return 0;
}

static void text_add(struct text *t, const char *s, size_t n)
{
    if (t->len + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 256;
        while (cap < t->len + n + 1)
            cap *= 2;
        char *p = realloc(t->p, cap);
        assert_non_null(p);
        live_swap(t->p, p);
        t->p = p;
        t->cap = cap;
    }
    memcpy(t->p + t->len, s, n);
    t->len += n;
    t->p[t->len] = '\0';
}

static void text_str(struct text *t, const char *s)
{
    text_add(t, s, strlen(s));
}

static void text_repeat(struct text *t, const char *s, size_t times)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < times; i++)
        text_add(t, s, n);
}

static void text_free(struct text *t)
{
    if (t->p != NULL)
        live_swap(t->p, NULL);
    free(t->p);
    t->p = NULL;
    t->len = t->cap = 0;
}

/* The body of a thrown problem, checked to fit. */
static size_t body_of(const errata_problem_t *p, char *buf, size_t cap)
{
    size_t len = errata_problem_json(p, buf, cap);
    assert_true(len < cap);
    return len;
}

/* A response header table for errata_decode_options_t.header. */
struct headers {
    const char *names[4];
    const char *values[4];
    int asked; /* how many times the decoder asked */
};

static int name_equal(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = *a >= 'A' && *a <= 'Z' ? (char)(*a - 'A' + 'a') : *a;
        char y = *b >= 'A' && *b <= 'Z' ? (char)(*b - 'A' + 'a') : *b;
        if (x != y)
            return 0;
    }
    return *a == *b;
}

static const char *find_header(const char *name, void *ctx)
{
    struct headers *h = ctx;
    h->asked++;
    for (size_t i = 0; i < COUNT(h->names) && h->names[i]; i++) {
        if (name_equal(h->names[i], name))
            return h->values[i];
    }
    return NULL;
}

static errata_decode_options_t retry_after_opt(struct headers *h, const char *value, int64_t now,
                                               int64_t max)
{
    memset(h, 0, sizeof *h);
    h->names[0] = "retry-after"; /* any case */
    h->values[0] = value;
    errata_decode_options_t opt = {
        .header = find_header, .header_ctx = h, .retry_after_max = max, .now = now
    };
    return opt;
}

/* Lists every unknown member into names/raws ("name=raw;name=raw;"). */
static void unknown_list(const errata_decoded_t *d, char *out, size_t cap)
{
    size_t cursor = 0, used = 0;
    char name[256];
    const char *raw;
    size_t raw_len;
    out[0] = '\0';
    while (errata_decoded_next_unknown(d, &cursor, name, sizeof name, &raw, &raw_len)) {
        int n = snprintf(out + used, cap - used, "%s=%.*s;", name, (int)raw_len, raw);
        assert_true(n > 0 && (size_t)n < cap - used);
        used += (size_t)n;
    }
}

static void decode_pets(pets_problem_t *out, int status, const char *body, size_t len)
{
    pets_decode(status, PJ, NULL, body, len, out);
}

/* The fields of a problem built from the status alone (no usable body). */
static void expect_from_status(const pets_problem_t *p, enum pets_code code, int status,
                               const char *title)
{
    assert_int_equal(p->code, code);
    assert_int_equal(p->base.status, status);
    assert_int_equal(p->base.body_status, 0);
    assert_string_equal(p->base.type, "about:blank");
    if (title)
        assert_string_equal(p->base.title, title);
    else
        assert_null(p->base.title);
    assert_null(p->base.detail);
    assert_null(p->base.instance);
    for (size_t i = 0; i < ERRATA_MAX_MEMBERS; i++)
        assert_false(p->base.members[i].present);
}

/* ---- throws through the generated macros ------------------------------------------- */

static errata_status_t throw_pet_not_found(errata_problem_t *e, const char *id,
                                           const char *instance)
{
    PETS_THROW_PET_NOT_FOUND(e, .pet_id = id, .instance = instance);
}

static errata_status_t throw_malformed(errata_problem_t *e, const int64_t *offset)
{
    PETS_THROW_MALFORMED_JSON(e, .offset = offset, .detail = "Unexpected '}'");
}

static errata_status_t throw_unsupported(errata_problem_t *e, const char *const *types, size_t n,
                                         const char *received)
{
    PETS_THROW_UNSUPPORTED_CONTENT_TYPE(e, .supported = { types, n }, .received = received);
}

static errata_status_t throw_validation(errata_problem_t *e,
                                        const pets_pet_validation_failed_errors_item_t *items,
                                        size_t n)
{
    PETS_THROW_PET_VALIDATION_FAILED(e, .errors = { items, n });
}

static errata_status_t throw_rate_limited(errata_problem_t *e, int64_t retry_after, int64_t limit)
{
    PETS_THROW_RATE_LIMITED(e, .retry_after = retry_after, .limit = limit,
                            .detail = "Slow down", .instance = "/pets");
}

static errata_status_t throw_internal(errata_problem_t *e)
{
    PETS_THROW_INTERNAL_ERROR(e, .detail = "db password rejected: hunter2");
}

static errata_status_t throw_method_not_allowed(errata_problem_t *e, const char *allow)
{
    PETS_THROW_METHOD_NOT_ALLOWED(e, .allow = allow);
}

static errata_status_t throw_content_too_large(errata_problem_t *e, const int64_t *retry_after)
{
    PETS_THROW_CONTENT_TOO_LARGE(e, .retry_after = retry_after);
}

static errata_status_t throw_order_invalid(errata_problem_t *e,
                                           const shop_order_invalid_problems_item_t *problems,
                                           size_t np, const char *const *tags, size_t nt,
                                           const double *amounts, size_t na, const bool *flags,
                                           size_t nf, const int64_t *counts, size_t nc)
{
    SHOP_THROW_ORDER_INVALID(e, .problems = { problems, np }, .tags = { tags, nt },
                             .amounts = { amounts, na }, .flags = { flags, nf },
                             .counts = { counts, nc }, .links = { tags, nt });
}

static errata_status_t throw_out_of_stock(errata_problem_t *e, const int64_t *available,
                                          const char *name, const double *discount,
                                          const bool *backorder)
{
    SHOP_THROW_ITEM_OUT_OF_STOCK(e, .available = available, .item_name = name,
                                 .discount = discount, .backorder = backorder,
                                 .restock_at = "2025-01-31T10:00:00Z",
                                 .supplier_url = "https://supplier.example/items/1",
                                 .contact = "stock@shop.example");
}

/* ---- round trips --------------------------------------------------------------------- */

/* Every petstore descriptor (http.yaml's included), thrown with a detail and
 * an instance but no members, written, decoded: same code, status, type,
 * title, detail (4xx; the generic one for a hidden 5xx), instance. */
static void test_roundtrip_every_pets_descriptor(void **state)
{
    (void)state;
    static char body[16384];
    for (size_t i = 0; i < PETS_ERROR_COUNT; i++) {
        const errata_descriptor_t *d = &pets_descriptors[i];
        errata_problem_t p;
        char detail[64], instance[64], unknown[512];
        snprintf(detail, sizeof detail, "Detail of %s: \"quoted\" \xC3\xA9", d->code_name);
        snprintf(instance, sizeof instance, "/requests/%zu", i);
        errata_throw(&p, d, __FILE__, __LINE__, detail, instance, NULL);
        errata_problem_set_trace_id(&p, trace);
        size_t len = body_of(&p, body, sizeof body);

        pets_problem_t out;
        decode_pets(&out, d->status, body, len);
        assert_int_equal(out.code, d->code);
        assert_ptr_equal(out.base.desc, d);
        assert_int_equal(out.base.status, d->status);
        assert_int_equal(out.base.body_status, d->status);
        assert_int_equal(out.base.body_kind, ERRATA_BODY_OBJECT);
        assert_true(out.base.problem_json);
        assert_string_equal(out.base.type, d->type_uri);
        assert_string_equal(out.base.title, d->title);
        bool hidden = d->status >= 500 && !d->expose_detail;
        assert_string_equal(out.base.detail, hidden ? generic_detail : detail);
        assert_string_equal(out.base.instance, instance);
        assert_int_equal(out.base.retryable, d->retryable);
        assert_int_equal(out.base.retry_after, -1);
        assert_int_equal(out.base.flags, 0);
        for (size_t k = 0; k < d->member_count; k++)
            assert_false(out.base.members[k].present);
        /* A hidden 5xx carries the trace id under the catalog's trace
         * member, decoded into trace_id: never an unknown member. */
        unknown_list(&out.base, unknown, sizeof unknown);
        assert_string_equal(unknown, "");
        assert_string_equal(out.base.trace_id, hidden ? trace : "");
    }
}

/* A body errata wrote with the problem arena full of invalid bytes: each is
 * sent as U+FFFD (3 bytes), so the body's strings are three times what the
 * writer kept, and the decoder still holds every one whole, untruncated. */
static errata_status_t throw_invalid_bytes(errata_problem_t *e, const char *junk)
{
    PETS_THROW_PET_NOT_FOUND(e, .pet_id = junk, .detail = junk, .instance = junk);
}

static void test_roundtrip_full_arena_of_invalid_bytes(void **state)
{
    (void)state;
    enum { JUNK = (ERRATA_PROBLEM_ARENA_SIZE - 16) / 3 };
    static char junk[JUNK + 1], expect[3 * JUNK + 1], body[65536];
    memset(junk, 0xFF, JUNK);
    for (size_t i = 0; i < JUNK; i++)
        memcpy(expect + 3 * i, "\xEF\xBF\xBD", 3);
    errata_problem_t p;
    assert_int_equal(throw_invalid_bytes(&p, junk), ERRATA_FAILED);
    assert_int_equal(p.flags, 0); /* the writer kept all three */
    size_t len = body_of(&p, body, sizeof body);

    pets_problem_t out;
    decode_pets(&out, 404, body, len);
    assert_int_equal(out.code, PETS_PET_NOT_FOUND);
    assert_int_equal(out.base.flags, 0);
    assert_string_equal(out.as.pet_not_found.pet_id, expect);
    assert_string_equal(out.base.detail, expect);
    assert_string_equal(out.base.instance, expect);
    assert_string_equal(out.base.title, "Pet not found");
}

/* The same with the catalog's own detail template (no detail given): with
 * no members a template naming one gives no detail at all. */
static void test_roundtrip_every_pets_descriptor_template_detail(void **state)
{
    (void)state;
    static char body[16384];
    for (size_t i = 0; i < PETS_ERROR_COUNT; i++) {
        const errata_descriptor_t *d = &pets_descriptors[i];
        errata_problem_t p;
        errata_throw(&p, d, __FILE__, __LINE__, NULL, NULL, NULL);
        size_t len = body_of(&p, body, sizeof body);
        pets_problem_t out;
        pets_decode(d->status, "application/problem+json; charset=utf-8", NULL, body, len, &out);
        assert_int_equal(out.code, d->code);
        assert_string_equal(out.base.title, d->title);
        assert_null(out.base.instance);
        if (d->status < 500 || d->expose_detail) {
            if (p.detail)
                assert_string_equal(out.base.detail, p.detail);
            else
                assert_null(out.base.detail);
        }
    }
}

static void test_roundtrip_strings(void **state)
{
    (void)state;
    /* Every escape the writer produces and characters of 1 to 4 bytes. */
    static const char id[] = "4\"2\\ /\n\t\x01 caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80";
    char body[4096];
    errata_problem_t p;
    throw_pet_not_found(&p, id, "/pets/4");
    size_t len = body_of(&p, body, sizeof body);
    pets_problem_t out;
    decode_pets(&out, 404, body, len);
    assert_int_equal(out.code, PETS_PET_NOT_FOUND);
    assert_string_equal(out.as.pet_not_found.pet_id, id);
    assert_string_equal(out.base.detail, p.detail);
    assert_string_equal(out.base.instance, "/pets/4");
    assert_true(out.base.members[0].present);

    /* The same value decoded again into the same out: nothing left over
     * from the first decode when the member is missing. */
    throw_pet_not_found(&p, NULL, NULL);
    len = body_of(&p, body, sizeof body);
    decode_pets(&out, 404, body, len);
    assert_int_equal(out.code, PETS_PET_NOT_FOUND);
    assert_null(out.as.pet_not_found.pet_id);
    assert_null(out.base.instance);
}

static errata_status_t throw_not_found(errata_problem_t *p)
{
    PETS_THROW_NOT_FOUND(p);
}

/* A deployment serving the catalog's types under another base: the writer
 * sends them rebased (and nothing else changes), the decoder given the same
 * base maps them back; other types are left alone. */
static void test_type_base_roundtrip(void **state)
{
    (void)state;
    static const errata_type_base_t base = { "https://errors.petstore.example/",
                                             "http://localhost:8080/errors/" };
    char plain[4096], rebased[4096];
    errata_problem_t p;
    throw_pet_not_found(&p, "42", NULL);
    size_t n = errata_problem_json(&p, plain, sizeof plain);
    size_t m = errata_problem_json_rebased(&p, &base, rebased, sizeof rebased);
    static const char want_type[] = "{\"type\":\"http://localhost:8080/errors/pet-not-found\"";
    assert_int_equal(m, strlen(rebased));
    assert_true(is_prefix(want_type, rebased));
    /* Everything after the type is the same bytes. */
    const char *rest_plain = strstr(plain, "\",\"title\"");
    const char *rest_rebased = strstr(rebased, "\",\"title\"");
    assert_non_null(rest_plain);
    assert_non_null(rest_rebased);
    assert_string_equal(rest_plain, rest_rebased);
    assert_int_equal(m - n, strlen("http://localhost:8080/errors/") -
                                strlen("https://errors.petstore.example/"));
    /* snprintf semantics: sizing and every cut give a prefix of the same. */
    assert_int_equal(errata_problem_json_rebased(&p, &base, NULL, 0), m);
    for (size_t cap = 1; cap < m; cap += 7) {
        char small[4096];
        assert_int_equal(errata_problem_json_rebased(&p, &base, small, cap), m);
        assert_int_equal(strlen(small), cap - 1);
        assert_memory_equal(small, rebased, cap - 1);
    }

    errata_decode_options_t opt = { .type_base = &base };
    pets_problem_t out;
    pets_decode(404, PJ, &opt, rebased, m, &out);
    assert_int_equal(out.code, PETS_PET_NOT_FOUND);
    assert_string_equal(out.as.pet_not_found.pet_id, "42");
    assert_string_equal(out.base.type, "http://localhost:8080/errors/pet-not-found");
    pets_decode(404, PJ, NULL, rebased, m, &out);
    assert_int_equal(out.code, PETS_UNKNOWN); /* without the base: a foreign type */
    pets_decode(404, PJ, &opt, plain, n, &out);
    assert_int_equal(out.code, PETS_PET_NOT_FOUND); /* the catalog's own URI still works */

    /* about:blank (http.yaml's entries) is never rebased. */
    throw_not_found(&p);
    m = errata_problem_json_rebased(&p, &base, rebased, sizeof rebased);
    n = errata_problem_json(&p, plain, sizeof plain);
    assert_string_equal(rebased, plain);

    /* A served base that needs escaping is escaped with the rest. */
    static const errata_type_base_t odd = { "https://errors.petstore.example/",
                                            "http://x/\"q\"/" };
    throw_pet_not_found(&p, "1", NULL);
    m = errata_problem_json_rebased(&p, &odd, rebased, sizeof rebased);
    assert_true(is_prefix("{\"type\":\"http://x/\\\"q\\\"/pet-not-found\",", rebased));
    assert_true(errata_json_validate(rebased, m, NULL, NULL, NULL));
}

static void test_roundtrip_optional_integer(void **state)
{
    (void)state;
    char body[4096];
    errata_problem_t p;
    pets_problem_t out;
    const int64_t values[] = { 0, 17, INT64_MAX };
    for (size_t i = 0; i < COUNT(values); i++) {
        throw_malformed(&p, &values[i]);
        size_t len = body_of(&p, body, sizeof body);
        decode_pets(&out, 400, body, len);
        assert_int_equal(out.code, PETS_MALFORMED_JSON);
        assert_non_null(out.as.malformed_json.offset);
        assert_true(*out.as.malformed_json.offset == values[i]);
        assert_string_equal(out.base.detail, "Unexpected '}'");
    }
    throw_malformed(&p, NULL);
    size_t len = body_of(&p, body, sizeof body);
    decode_pets(&out, 400, body, len);
    assert_int_equal(out.code, PETS_MALFORMED_JSON);
    assert_null(out.as.malformed_json.offset);
    /* Below the catalog's minimum: 0: refused at throw, never sent. */
    const int64_t negative[] = { -1, INT64_MIN };
    for (size_t i = 0; i < COUNT(negative); i++) {
        throw_malformed(&p, &negative[i]);
        assert_true(p.flags & ERRATA_PROBLEM_INVALID);
        assert_int_equal(p.faults[0], ERRATA_FAULT_OUT_OF_RANGE);
        len = body_of(&p, body, sizeof body);
        assert_null(strstr(body, "\"offset\""));
        decode_pets(&out, 400, body, len);
        assert_null(out.as.malformed_json.offset);
    }
}

static void test_roundtrip_string_arrays(void **state)
{
    (void)state;
    static const char *const types[16] = {
        "application/json", "application/merge-patch+json", "text/plain; charset=\"utf-8\"",
        "a/\xC3\xA9", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p",
    };
    const size_t counts[] = { 0, 1, 16 };
    char body[4096];
    for (size_t c = 0; c < COUNT(counts); c++) {
        errata_problem_t p;
        throw_unsupported(&p, types, counts[c], c == 1 ? "text/plain" : NULL);
        size_t len = body_of(&p, body, sizeof body);
        pets_problem_t out;
        decode_pets(&out, 415, body, len);
        assert_int_equal(out.code, PETS_UNSUPPORTED_CONTENT_TYPE);
        const pets_unsupported_content_type_t *m = &out.as.unsupported_content_type;
        assert_non_null(m->supported.items); /* present, even when empty */
        assert_int_equal(m->supported.count, counts[c]);
        for (size_t i = 0; i < counts[c]; i++)
            assert_string_equal(m->supported.items[i], types[i]);
        if (c == 1)
            assert_string_equal(m->received, "text/plain");
        else
            assert_null(m->received);
        assert_int_equal(out.base.flags, 0);
    }
    /* Absent altogether: items NULL. */
    pets_problem_t out;
    decode_pets(&out, 415,
                LIT("{\"type\":\"https://errors.petstore.example/unsupported-content-type\"}"));
    assert_int_equal(out.code, PETS_UNSUPPORTED_CONTENT_TYPE);
    assert_null(out.as.unsupported_content_type.supported.items);
    assert_int_equal(out.as.unsupported_content_type.supported.count, 0);
}

static void test_roundtrip_object_arrays(void **state)
{
    (void)state;
    static pets_pet_validation_failed_errors_item_t items[64];
    /* Short strings: 64 items must fit the server's 4 KiB problem arena. */
    static char pointers[64][8], details[64][8];
    for (size_t i = 0; i < 64; i++) {
        snprintf(pointers[i], sizeof pointers[i], "/p/%zu", i);
        snprintf(details[i], sizeof details[i], "\"%zu\"", i);
        items[i].pointer = pointers[i];
        items[i].detail = details[i];
    }
    const size_t counts[] = { 0, 1, 2, 64 };
    static char body[16384];
    for (size_t c = 0; c < COUNT(counts); c++) {
        errata_problem_t p;
        throw_validation(&p, items, counts[c]);
        assert_int_equal(p.flags, 0);
        size_t len = body_of(&p, body, sizeof body);
        pets_problem_t out;
        decode_pets(&out, 422, body, len);
        assert_int_equal(out.code, PETS_PET_VALIDATION_FAILED);
        const pets_pet_validation_failed_errors_array_t *a = &out.as.pet_validation_failed.errors;
        assert_non_null(a->items);
        assert_int_equal(a->count, counts[c]);
        for (size_t i = 0; i < counts[c]; i++) {
            assert_string_equal(a->items[i].pointer, pointers[i]);
            assert_string_equal(a->items[i].detail, details[i]);
        }
        assert_int_equal(out.base.flags, 0);
    }
}

static void test_roundtrip_rate_limited_with_retry_after(void **state)
{
    (void)state;
    char body[4096];
    errata_problem_t p;
    throw_rate_limited(&p, 30, 60);
    size_t len = body_of(&p, body, sizeof body);
    struct headers h;
    errata_decode_options_t opt = retry_after_opt(&h, "30", NOW_1994, 0);
    pets_problem_t out;
    pets_decode(429, PJ, &opt, body, len, &out);
    assert_int_equal(out.code, PETS_RATE_LIMITED);
    assert_int_equal(out.as.rate_limited.retry_after, 30);
    assert_int_equal(out.as.rate_limited.limit, 60);
    assert_true(out.base.retryable);
    assert_int_equal(out.base.retry_after, 30);
    /* Retry-After, then RateLimit-Policy and RateLimit (absent here). */
    assert_int_equal(h.asked, 3);
    assert_int_equal(out.base.ratelimit.count, 0);
    assert_string_equal(out.base.detail, "Slow down");
    assert_string_equal(out.base.instance, "/pets");
    /* No header: the member is still there, retry_after is not. */
    pets_decode(429, PJ, NULL, body, len, &out);
    assert_int_equal(out.as.rate_limited.retry_after, 30);
    assert_int_equal(out.base.retry_after, -1);
}

static void test_roundtrip_internal_error_redacted(void **state)
{
    (void)state;
    char body[4096];
    errata_problem_t p;
    throw_internal(&p);
    errata_problem_set_trace_id(&p, "0af7651916cd43dd8448eb211c80319c");
    size_t len = body_of(&p, body, sizeof body);
    assert_null(strstr(body, "hunter2"));
    pets_problem_t out;
    decode_pets(&out, 500, body, len);
    assert_int_equal(out.code, PETS_INTERNAL_ERROR);
    assert_string_equal(out.base.detail, generic_detail);
    assert_string_equal(out.base.trace_id, "0af7651916cd43dd8448eb211c80319c");
    assert_false(out.base.retryable);
}

/* http.yaml's entries inside petstore, with their members. */
static void test_roundtrip_included_http_members(void **state)
{
    (void)state;
    char body[4096];
    errata_problem_t p;
    pets_problem_t out;
    throw_method_not_allowed(&p, "GET, HEAD");
    size_t len = body_of(&p, body, sizeof body);
    decode_pets(&out, 405, body, len);
    assert_int_equal(out.code, PETS_METHOD_NOT_ALLOWED);
    assert_string_equal(out.base.type, "about:blank");
    assert_string_equal(out.as.method_not_allowed.allow, "GET, HEAD");

    throw_content_too_large(&p, ERRATA_INT(120));
    len = body_of(&p, body, sizeof body);
    decode_pets(&out, 413, body, len);
    assert_int_equal(out.code, PETS_CONTENT_TOO_LARGE);
    assert_non_null(out.as.content_too_large.retry_after);
    assert_int_equal(*out.as.content_too_large.retry_after, 120);

    throw_content_too_large(&p, NULL);
    len = body_of(&p, body, sizeof body);
    decode_pets(&out, 413, body, len);
    assert_int_equal(out.code, PETS_CONTENT_TOO_LARGE);
    assert_null(out.as.content_too_large.retry_after);
}

static void test_roundtrip_shop_every_descriptor(void **state)
{
    (void)state;
    static char body[16384];
    for (size_t i = 0; i < SHOP_ERROR_COUNT; i++) {
        const errata_descriptor_t *d = &shop_descriptors[i];
        errata_problem_t p;
        errata_throw(&p, d, __FILE__, __LINE__, "A detail", "/orders/1", NULL);
        size_t len = body_of(&p, body, sizeof body);
        shop_problem_t out;
        shop_decode(d->status, PJ, NULL, body, len, &out);
        assert_int_equal(out.code, d->code);
        assert_int_equal(out.base.status, d->status);
        assert_string_equal(out.base.type, d->type_uri);
        assert_string_equal(out.base.title, d->title);
        assert_string_equal(out.base.detail,
                            d->status >= 500 && !d->expose_detail ? generic_plain : "A detail");
        assert_string_equal(out.base.instance, "/orders/1");
        assert_int_equal(out.base.retryable, d->retryable);
    }
}

static void test_roundtrip_shop_order_invalid(void **state)
{
    (void)state;
    static const char *const tags[] = { "urgent", "retail", "\xE2\x82\xAC", "" };
    static const double amounts[] = { 1.5, -2.25e10, 0.0, 1e-300, 123456789.125 };
    static const bool flags[] = { true, false, true };
    static const int64_t counts[] = { 0, -1, INT64_MAX, INT64_MIN, 42 };
    static shop_order_invalid_problems_item_t problems[20];
    static char pointers[20][16];
    static const int64_t lines[20] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
    for (size_t i = 0; i < 20; i++) {
        snprintf(pointers[i], sizeof pointers[i], "/items/%zu", i);
        problems[i].pointer = pointers[i];
        problems[i].detail = i % 2 ? "must be positive" : NULL;  /* optional string */
        problems[i].line = i % 3 ? &lines[i % 10] : NULL;          /* optional integer */
    }
    const size_t sizes[] = { 0, 1, 20 };
    static char body[16384];
    for (size_t s = 0; s < COUNT(sizes); s++) {
        size_t n = sizes[s];
        errata_problem_t p;
        throw_order_invalid(&p, problems, n, tags, n < 4 ? n : 4, amounts, n < 5 ? n : 5,
                            flags, n < 3 ? n : 3, counts, n < 5 ? n : 5);
        assert_int_equal(p.flags, 0);
        size_t len = body_of(&p, body, sizeof body);
        shop_problem_t out;
        shop_decode(422, PJ, NULL, body, len, &out);
        assert_int_equal(out.code, SHOP_ORDER_INVALID);
        const shop_order_invalid_t *m = &out.as.order_invalid;
        assert_int_equal(m->problems.count, n);
        for (size_t i = 0; i < n; i++) {
            assert_string_equal(m->problems.items[i].pointer, pointers[i]);
            if (problems[i].detail)
                assert_string_equal(m->problems.items[i].detail, problems[i].detail);
            else
                assert_null(m->problems.items[i].detail);
            if (problems[i].line) {
                assert_non_null(m->problems.items[i].line);
                assert_int_equal(*m->problems.items[i].line, *problems[i].line);
            } else {
                assert_null(m->problems.items[i].line);
            }
        }
        assert_int_equal(m->tags.count, n < 4 ? n : 4);
        for (size_t i = 0; i < m->tags.count; i++) {
            assert_string_equal(m->tags.items[i], tags[i]);
            assert_string_equal(m->links.items[i], tags[i]);
        }
        assert_int_equal(m->amounts.count, n < 5 ? n : 5);
        for (size_t i = 0; i < m->amounts.count; i++)
            assert_true(m->amounts.items[i] == amounts[i]); /* exact, %.17g both ways */
        assert_int_equal(m->flags.count, n < 3 ? n : 3);
        for (size_t i = 0; i < m->flags.count; i++)
            assert_int_equal(m->flags.items[i], flags[i]);
        assert_int_equal(m->counts.count, n < 5 ? n : 5);
        for (size_t i = 0; i < m->counts.count; i++)
            assert_true(m->counts.items[i] == counts[i]);
        assert_int_equal(out.base.flags, 0);
    }
}

static void test_roundtrip_shop_item_out_of_stock(void **state)
{
    (void)state;
    char body[4096];
    errata_problem_t p;
    shop_problem_t out;
    throw_out_of_stock(&p, ERRATA_INT(3), "Red shoes", ERRATA_NUMBER(0.25), ERRATA_BOOL(false));
    size_t len = body_of(&p, body, sizeof body);
    shop_decode(409, PJ, NULL, body, len, &out);
    assert_int_equal(out.code, SHOP_ITEM_OUT_OF_STOCK);
    const shop_item_out_of_stock_t *m = &out.as.item_out_of_stock;
    assert_non_null(m->available);
    assert_int_equal(*m->available, 3);
    assert_string_equal(m->item_name, "Red shoes");
    assert_non_null(m->discount);
    assert_true(*m->discount == 0.25);
    assert_non_null(m->backorder);
    assert_false(*m->backorder);
    assert_string_equal(m->restock_at, "2025-01-31T10:00:00Z");
    assert_string_equal(m->supplier_url, "https://supplier.example/items/1");
    assert_string_equal(m->contact, "stock@shop.example");
    assert_string_equal(out.base.detail, p.detail);

    /* Optional scalars absent: NULL pointers, not zeros. */
    throw_out_of_stock(&p, NULL, NULL, NULL, NULL);
    len = body_of(&p, body, sizeof body);
    shop_decode(409, PJ, NULL, body, len, &out);
    assert_int_equal(out.code, SHOP_ITEM_OUT_OF_STOCK);
    assert_null(out.as.item_out_of_stock.available);
    assert_null(out.as.item_out_of_stock.item_name);
    assert_null(out.as.item_out_of_stock.discount);
    assert_null(out.as.item_out_of_stock.backorder);

    /* Zero values are present values. */
    throw_out_of_stock(&p, ERRATA_INT(0), "", ERRATA_NUMBER(0.0), ERRATA_BOOL(true));
    len = body_of(&p, body, sizeof body);
    shop_decode(409, PJ, NULL, body, len, &out);
    assert_non_null(out.as.item_out_of_stock.available);
    assert_int_equal(*out.as.item_out_of_stock.available, 0);
    assert_string_equal(out.as.item_out_of_stock.item_name, "");
    assert_non_null(out.as.item_out_of_stock.discount);
    assert_true(*out.as.item_out_of_stock.backorder);
}

/* Every entry of http.yaml round-trips, and about:blank + status (with the
 * type given, absent, or no body at all) finds the same entry. */
static void test_roundtrip_http_every_entry(void **state)
{
    (void)state;
    static char body[16384];
    for (size_t i = 0; i < HTTP_ERROR_COUNT; i++) {
        const errata_descriptor_t *d = &http_descriptors[i];
        errata_problem_t p;
        errata_throw(&p, d, __FILE__, __LINE__, "Some detail", "/x", NULL);
        size_t len = body_of(&p, body, sizeof body);
        http_problem_t out;
        http_decode(d->status, PJ, NULL, body, len, &out);
        assert_int_equal(out.code, d->code);
        assert_string_equal(out.base.type, "about:blank");
        assert_string_equal(out.base.title, d->title);
        assert_string_equal(out.base.instance, "/x");
        assert_int_equal(out.base.retryable, d->retryable);

        char blank[128];
        int n = snprintf(blank, sizeof blank, "{\"status\":%d,\"title\":\"T\"}", d->status);
        http_decode(d->status, PJ, NULL, blank, (size_t)n, &out);
        assert_int_equal(out.code, d->code);
        assert_string_equal(out.base.type, "about:blank");
        assert_string_equal(out.base.title, "T"); /* the body's title wins */

        http_decode(d->status, NULL, NULL, NULL, 0, &out);
        assert_int_equal(out.code, d->code);
        assert_int_equal(out.base.body_kind, ERRATA_BODY_EMPTY);
        assert_string_equal(out.base.title, d->title);
    }
    http_problem_t out;
    http_decode(418, PJ, NULL, LIT("{\"type\":\"about:blank\"}"), &out);
    assert_int_equal(out.code, HTTP_UNKNOWN);
    /* about:blank means "what the status says" (RFC 9457 §4.2): with no
     * entry, the status's class names it (418 is unregistered). */
    assert_string_equal(out.base.title, "Client Error");
}

/* ---- RFC 9457 §3.1: members ------------------------------------------------------------ */

#define PNF "\"type\":\"https://errors.petstore.example/pet-not-found\""
#define PVF "\"type\":\"https://errors.petstore.example/pet-validation-failed\""
#define RL "\"type\":\"https://errors.petstore.example/rate-limited\""
#define UCT "\"type\":\"https://errors.petstore.example/unsupported-content-type\""
#define MJ "\"type\":\"https://errors.petstore.example/malformed-json\""

static void test_wrong_type_members_ignored(void **state)
{
    (void)state;
    pets_problem_t out;
    decode_pets(&out, 404,
                LIT("{" PNF ",\"pet_id\":42,\"title\":7,\"detail\":[\"x\"],\"instance\":{},"
                    "\"status\":\"404\"}"));
    assert_int_equal(out.code, PETS_PET_NOT_FOUND);
    assert_int_equal(out.base.body_kind, ERRATA_BODY_OBJECT);
    assert_null(out.as.pet_not_found.pet_id);
    assert_false(out.base.members[0].present);
    assert_string_equal(out.base.title, "Pet not found"); /* the entry's */
    assert_null(out.base.detail);
    assert_null(out.base.instance);
    assert_int_equal(out.base.body_status, 0);

    /* A type of the wrong type: absent, so about:blank. */
    decode_pets(&out, 404, LIT("{\"type\":1,\"pet_id\":\"1\"}"));
    assert_int_equal(out.code, PETS_NOT_FOUND);
    assert_string_equal(out.base.type, "about:blank");

    decode_pets(&out, 429, LIT("{" RL ",\"retry_after\":\"30\",\"limit\":true}"));
    assert_int_equal(out.code, PETS_RATE_LIMITED);
    assert_false(out.base.members[0].present);
    assert_false(out.base.members[1].present);
    assert_int_equal(out.as.rate_limited.retry_after, 0);

    decode_pets(&out, 400, LIT("{" MJ ",\"offset\":\"17\"}"));
    assert_int_equal(out.code, PETS_MALFORMED_JSON);
    assert_null(out.as.malformed_json.offset);
    decode_pets(&out, 400, LIT("{" MJ ",\"offset\":1.5}"));
    assert_null(out.as.malformed_json.offset);
    decode_pets(&out, 400, LIT("{" MJ ",\"offset\":null}"));
    assert_null(out.as.malformed_json.offset);
    decode_pets(&out, 400, LIT("{" MJ ",\"offset\":1e2}")); /* a whole number: 100 */
    assert_non_null(out.as.malformed_json.offset);
    assert_int_equal(*out.as.malformed_json.offset, 100);
}

static void test_wrong_type_array_items(void **state)
{
    (void)state;
    pets_problem_t out;
    /* One item that is no object: the whole member is absent. */
    decode_pets(&out, 422,
                LIT("{" PVF ",\"errors\":[{\"pointer\":\"/a\",\"detail\":\"x\"},\"oops\","
                    "{\"pointer\":\"/b\",\"detail\":\"y\"}],\"instance\":\"/after\"}"));
    assert_int_equal(out.code, PETS_PET_VALIDATION_FAILED);
    assert_false(out.base.members[0].present);
    assert_null(out.as.pet_validation_failed.errors.items);
    assert_int_equal(out.as.pet_validation_failed.errors.count, 0);
    assert_string_equal(out.base.instance, "/after"); /* the rest still read */

    /* An item that is an array or nested object, first or last. */
    decode_pets(&out, 422, LIT("{" PVF ",\"errors\":[[{\"pointer\":\"/a\"}]]}"));
    assert_false(out.base.members[0].present);
    decode_pets(&out, 422, LIT("{" PVF ",\"errors\":[{\"pointer\":\"/a\"},null]}"));
    assert_false(out.base.members[0].present);
    /* Not an array at all. */
    decode_pets(&out, 422, LIT("{" PVF ",\"errors\":{\"pointer\":\"/a\"}}"));
    assert_false(out.base.members[0].present);
    assert_null(out.as.pet_validation_failed.errors.items);

    /* A property of the wrong type inside an item: that property absent,
     * unknown properties ignored, the item kept. */
    decode_pets(&out, 422,
                LIT("{" PVF ",\"errors\":[{\"pointer\":5,\"detail\":\"d\",\"extra\":[1,{}]}]}"));
    assert_true(out.base.members[0].present);
    assert_int_equal(out.as.pet_validation_failed.errors.count, 1);
    assert_null(out.as.pet_validation_failed.errors.items[0].pointer);
    assert_string_equal(out.as.pet_validation_failed.errors.items[0].detail, "d");

    /* Strings: an item that is a number, an object, an array. */
    decode_pets(&out, 415, LIT("{" UCT ",\"supported\":[\"a\",1]}"));
    assert_false(out.base.members[0].present);
    assert_null(out.as.unsupported_content_type.supported.items);
    decode_pets(&out, 415, LIT("{" UCT ",\"supported\":[{\"a\":[]},\"b\"],\"received\":\"r\"}"));
    assert_false(out.base.members[0].present);
    assert_string_equal(out.as.unsupported_content_type.received, "r");
}

static void test_unknown_members_listed_raw(void **state)
{
    (void)state;
    static const char body[] =
        "{ " PNF " , \"pet_id\" : \"1\", \"code\": \"PET_NOT_FOUND\",\n"
        "  \"extra\" : { \"a\" : [1, 2.5e3, true] } ,\"n\":-1.5e3,\"s\":\"x\\\"y\","
        "\"nil\":null,\"caf\\u00e9\":[],\"status\":404}";
    pets_problem_t out;
    decode_pets(&out, 404, body, sizeof body - 1);
    assert_int_equal(out.code, PETS_PET_NOT_FOUND);
    assert_string_equal(out.as.pet_not_found.pet_id, "1");
    char list[512];
    unknown_list(&out.base, list, sizeof list);
    assert_string_equal(list, "extra={ \"a\" : [1, 2.5e3, true] };n=-1.5e3;s=\"x\\\"y\";"
                              "nil=null;caf\xC3\xA9=[];");
    /* The raw pointers lie in the body given. */
    size_t cursor = 0, raw_len;
    const char *raw;
    char name[32];
    assert_true(errata_decoded_next_unknown(&out.base, &cursor, name, sizeof name, &raw, &raw_len));
    assert_true(raw > body && raw + raw_len < body + sizeof body);
    assert_int_equal(cursor, 1);

    /* An unknown type: every member but the standard ones is unknown. */
    decode_pets(&out, 404, LIT("{\"type\":\"https://x.example/t\",\"pet_id\":\"1\"}"));
    unknown_list(&out.base, list, sizeof list);
    assert_string_equal(list, "pet_id=\"1\";");

    /* None for a body that is not an object. */
    decode_pets(&out, 404, LIT("[1]"));
    cursor = 0;
    assert_false(errata_decoded_next_unknown(&out.base, &cursor, name, sizeof name, &raw, &raw_len));
}

/* A body with more members than one round of the scan records (32): the
 * entry's members are found in every round, the last of duplicated names
 * still wins across rounds, and the standard members among them are read
 * once. */
static void test_many_members_read_in_rounds(void **state)
{
    (void)state;
    for (int extra = 28; extra <= 100; extra += 9) {
        char body[4096];
        size_t n = (size_t)snprintf(body, sizeof body, "{\"pet_id\":\"first\"," PNF);
        for (int i = 0; i < extra; i++) {
            n += (size_t)snprintf(body + n, sizeof body - n, ",\"x%d\":[%d]", i, i);
            if (i == extra / 2)
                n += (size_t)snprintf(body + n, sizeof body - n, ",\"detail\":\"d\"");
        }
        n += (size_t)snprintf(body + n, sizeof body - n,
                              ",\"p\\u0065t_id\":\"last\",\"instance\":\"/i\"}");
        assert_true(n < sizeof body);
        pets_problem_t out;
        decode_pets(&out, 404, body, n);
        assert_int_equal(out.code, PETS_PET_NOT_FOUND);
        assert_string_equal(out.as.pet_not_found.pet_id, "last");
        assert_string_equal(out.base.detail, "d");
        assert_string_equal(out.base.instance, "/i");
        char list[8192];
        unknown_list(&out.base, list, sizeof list);
        char want[8192];
        size_t w = 0;
        for (int i = 0; i < extra; i++)
            w += (size_t)snprintf(want + w, sizeof want - w, "x%d=[%d];", i, i);
        assert_string_equal(list, want);
    }
}

/* The scan skips member values in a loop of its own (json_skip.c) and
 * hands anything unusual to the token parser: whatever the value, the
 * verdict, the message and the offset are errata_json_validate's. */
static void test_skipped_values_judged_like_the_parser(void **state)
{
    (void)state;
    static const char *const values[] = {
        "1", "-0", "0.5e+3", "1E9", "01", "-", "1.", "1e", ".5", "1x", "--1", "-a",
        "true", "tru", "truex", "false", "fals", "null", "nul", "nulll",
        "\"\"", "\"a\\\"b\"", "\"\\u00e9\"", "\"\\ud83d\\ude00\"", "\"\\ud83d\"", "\"\\x\"",
        "\"\\u12\"", "\"caf\xC3\xA9\"", "\"\xC3\"", "\"\xFF\"", "\"a\x01\"", "\"abc",
        "[]", "{}", "[ ]", "{ }", "[1,2 , 3]", "[1,]", "[,1]", "[1 2]", "{\"a\":1,}",
        "{\"a\" 1}", "{\"a\":}", "{1:2}", "{\"a\":1 \"b\":2}", "[{\"a\":[{}]},[[]]]",
        "[\"\\/\\b\\f\\n\\r\\t\"]", "[1}", "{\"a\":1]", "[", "{", "{\"a\"", "[tru]",
        "\t[ 1 ,\n2 ]\r", "[1e5,-2.5E-3,0]",
    };
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        for (int deep = 0; deep <= 2; deep++) {
            char body[512];
            static const char *const open[] = { "", "[", "[{\"y\":" };
            static const char *const close[] = { "", "]", "}]" };
            int n = snprintf(body, sizeof body, "{\"a\":1,\"x\":%s%s%s,\"b\":2}", open[deep],
                             values[i], close[deep]);
            assert_true(n > 0 && (size_t)n < sizeof body);
            const char *error = NULL;
            size_t offset = 0;
            bool valid = errata_json_validate(body, (size_t)n, &error, &offset, NULL);
            pets_problem_t out;
            decode_pets(&out, 404, body, (size_t)n);
            if (valid) {
                assert_int_equal(out.base.body_kind, ERRATA_BODY_OBJECT);
            } else {
                assert_int_equal(out.base.body_kind, ERRATA_BODY_INVALID);
                assert_string_equal(out.base.json_error, error);
                assert_int_equal(out.base.json_error_offset, offset);
            }
        }
    }
    /* Nesting: the limit holds inside a skipped value, and its error is the
     * parser's (64 levels in all, the body's object being the first). */
    for (int levels = 60; levels <= 66; levels++) {
        char body[256];
        size_t n = (size_t)snprintf(body, sizeof body, "{\"x\":");
        for (int k = 0; k < levels; k++)
            body[n++] = '[';
        for (int k = 0; k < levels; k++)
            body[n++] = ']';
        body[n++] = '}';
        const char *error = NULL;
        size_t offset = 0;
        bool valid = errata_json_validate(body, n, &error, &offset, NULL);
        assert_int_equal(valid, levels <= 63);
        pets_problem_t out;
        decode_pets(&out, 404, body, n);
        assert_int_equal(out.base.body_kind, valid ? ERRATA_BODY_OBJECT : ERRATA_BODY_INVALID);
        if (!valid) {
            assert_string_equal(out.base.json_error, error);
            assert_int_equal(out.base.json_error_offset, offset);
        }
    }
}

/* A name buffer too small for a name must not turn an unknown member into
 * a declared one ("types" cut to "type") nor a declared one into an unknown
 * one ("detail" cut to "det"). */
static void test_unknown_members_small_name_buffer(void **state)
{
    (void)state;
    pets_problem_t out;
    decode_pets(&out, 404, LIT("{" PNF ",\"types\":1,\"detail\":\"d\"}"));
    size_t cursor = 0, raw_len;
    const char *raw;
    char name[5];
    size_t listed = 0;
    while (errata_decoded_next_unknown(&out.base, &cursor, name, sizeof name, &raw, &raw_len)) {
        listed++;
        assert_int_equal(raw_len, 1); /* "types":1, and only it */
        assert_memory_equal(raw, "1", 1);
    }
    assert_int_equal(listed, 1);
}

static void test_missing_type_is_about_blank(void **state)
{
    (void)state;
    pets_problem_t out;
    decode_pets(&out, 404, LIT("{\"title\":\"Not here\",\"status\":404,\"detail\":\"gone\"}"));
    assert_int_equal(out.code, PETS_NOT_FOUND);
    assert_string_equal(out.base.type, "about:blank");
    assert_string_equal(out.base.title, "Not here");
    assert_string_equal(out.base.detail, "gone");
    decode_pets(&out, 404, LIT("{}"));
    assert_int_equal(out.code, PETS_NOT_FOUND);
    assert_string_equal(out.base.title, "Not Found");
    decode_pets(&out, 418, LIT("{}")); /* no entry for 418 */
    assert_int_equal(out.code, PETS_UNKNOWN);
    assert_string_equal(out.base.type, "about:blank");
    assert_string_equal(out.base.title, "Client Error");
    decode_pets(&out, 508, LIT("{}")); /* no entry, a registered status */
    assert_int_equal(out.code, PETS_UNKNOWN);
    assert_string_equal(out.base.title, "Loop Detected");
    assert_false(out.base.retryable);
}

static void test_foreign_type_is_unknown(void **state)
{
    (void)state;
    pets_problem_t out;
    decode_pets(&out, 403,
                LIT("{\"type\":\"https://example.com/probs/out-of-credit\",\"title\":\"You do not "
                    "have enough credit.\",\"detail\":\"Your current balance is 30, but that "
                    "costs 50.\",\"instance\":\"/account/12345/msgs/abc\",\"balance\":30,"
                    "\"status\":403}"));
    assert_int_equal(out.code, PETS_UNKNOWN);
    assert_null(out.base.desc);
    assert_string_equal(out.base.type, "https://example.com/probs/out-of-credit");
    assert_string_equal(out.base.title, "You do not have enough credit.");
    assert_string_equal(out.base.detail, "Your current balance is 30, but that costs 50.");
    assert_string_equal(out.base.instance, "/account/12345/msgs/abc");
    assert_int_equal(out.base.status, 403);
    assert_int_equal(out.base.body_status, 403);
    assert_false(out.base.retryable);
    char list[256];
    unknown_list(&out.base, list, sizeof list);
    assert_string_equal(list, "balance=30;");

    /* Foreign types of the retryable statuses are retryable. */
    const int retryable[] = { 429, 502, 503, 504 };
    for (size_t i = 0; i < COUNT(retryable); i++) {
        decode_pets(&out, retryable[i], LIT("{\"type\":\"https://x.example/busy\"}"));
        assert_int_equal(out.code, PETS_UNKNOWN);
        assert_true(out.base.retryable);
    }
    decode_pets(&out, 500, LIT("{\"type\":\"https://x.example/busy\"}"));
    assert_false(out.base.retryable);
    /* A type that differs from a catalog type by case or a slash. */
    decode_pets(&out, 404, LIT("{\"type\":\"https://errors.petstore.example/Pet-Not-Found\"}"));
    assert_int_equal(out.code, PETS_UNKNOWN);
    decode_pets(&out, 404, LIT("{\"type\":\"https://errors.petstore.example/pet-not-found/\"}"));
    assert_int_equal(out.code, PETS_UNKNOWN);
    /* "ABOUT:BLANK" is not about:blank. */
    decode_pets(&out, 404, LIT("{\"type\":\"ABOUT:BLANK\"}"));
    assert_int_equal(out.code, PETS_UNKNOWN);
}

/* The HTTP status wins over the body's (documented in decode.h). */
static void test_http_status_wins(void **state)
{
    (void)state;
    pets_problem_t out;
    decode_pets(&out, 404, LIT("{" PNF ",\"status\":409,\"pet_id\":\"1\"}"));
    assert_int_equal(out.code, PETS_PET_NOT_FOUND);
    assert_int_equal(out.base.status, 404);
    assert_int_equal(out.base.body_status, 409);
    /* about:blank goes by the HTTP status, not the body's. */
    decode_pets(&out, 404, LIT("{\"type\":\"about:blank\",\"status\":409}"));
    assert_int_equal(out.code, PETS_NOT_FOUND);
    assert_int_equal(out.base.status, 404);
    assert_int_equal(out.base.body_status, 409);
    /* Statuses that are no HTTP status, or not integers: body_status 0. */
    const char *bad[] = { "{\"status\":99}", "{\"status\":600}", "{\"status\":404.5}",
                          "{\"status\":-404}", "{\"status\":1e400}", "{\"status\":true}" };
    for (size_t i = 0; i < COUNT(bad); i++) {
        decode_pets(&out, 404, bad[i], strlen(bad[i]));
        assert_int_equal(out.base.body_kind, ERRATA_BODY_OBJECT);
        assert_int_equal(out.base.body_status, 0);
        assert_int_equal(out.code, PETS_NOT_FOUND);
    }
    decode_pets(&out, 404, LIT("{\"status\":404.0}")); /* a whole number */
    assert_int_equal(out.base.body_status, 404);
}

static void test_duplicates_last_wins_members(void **state)
{
    (void)state;
    pets_problem_t out;
    decode_pets(&out, 404, LIT("{" PNF ",\"pet_id\":\"1\",\"pet_id\":\"2\"}"));
    assert_string_equal(out.as.pet_not_found.pet_id, "2");
    decode_pets(&out, 404, LIT("{" PNF ",\"pet_id\":\"1\",\"pet_id\":2}"));
    assert_null(out.as.pet_not_found.pet_id); /* the last, of the wrong type: absent */
    decode_pets(&out, 404, LIT("{" PNF ",\"pet_id\":2,\"pet_id\":\"3\"}"));
    assert_string_equal(out.as.pet_not_found.pet_id, "3");
    decode_pets(&out, 422,
                LIT("{" PVF ",\"errors\":[{\"pointer\":\"/a\",\"detail\":\"1\"}],"
                    "\"errors\":[{\"pointer\":\"/b\",\"detail\":\"2\"},{\"pointer\":\"/c\"}]}"));
    assert_int_equal(out.as.pet_validation_failed.errors.count, 2);
    assert_string_equal(out.as.pet_validation_failed.errors.items[0].pointer, "/b");
    assert_string_equal(out.as.pet_validation_failed.errors.items[1].pointer, "/c");
    assert_null(out.as.pet_validation_failed.errors.items[1].detail);
    decode_pets(&out, 422,
                LIT("{" PVF ",\"errors\":[{\"pointer\":\"/a\"}],\"errors\":[\"x\"]}"));
    assert_false(out.base.members[0].present);
    assert_null(out.as.pet_validation_failed.errors.items);
    decode_pets(&out, 422, LIT("{" PVF ",\"errors\":[{\"pointer\":\"/a\"}],\"errors\":7}"));
    assert_false(out.base.members[0].present);
    /* Inside an item too. */
    decode_pets(&out, 422,
                LIT("{" PVF ",\"errors\":[{\"pointer\":\"/a\",\"pointer\":\"/b\"}]}"));
    assert_string_equal(out.as.pet_validation_failed.errors.items[0].pointer, "/b");
    decode_pets(&out, 422, LIT("{" PVF ",\"errors\":[{\"pointer\":\"/a\",\"pointer\":1}]}"));
    assert_null(out.as.pet_validation_failed.errors.items[0].pointer);
    /* Standard members, of the right type. */
    decode_pets(&out, 404, LIT("{\"title\":\"a\",\"title\":\"b\",\"detail\":\"c\",\"detail\":\"d\"}"));
    assert_string_equal(out.base.title, "b");
    assert_string_equal(out.base.detail, "d");
    decode_pets(&out, 404,
                LIT("{\"type\":\"https://x.example/t\",\"type\":\"https://errors.petstore.example/"
                    "pet-not-found\",\"status\":409,\"status\":404}"));
    assert_int_equal(out.code, PETS_PET_NOT_FOUND);
    assert_int_equal(out.base.body_status, 404);
}

/* The documented rule, "the last one wins", for the standard members when
 * the last one has the wrong type: the member is absent (as for extension
 * members, decode_members.c), not the earlier value. */
static void test_duplicates_last_wins_standard_wrong_type(void **state)
{
    (void)state;
    pets_problem_t out;
    decode_pets(&out, 404, LIT("{" PNF ",\"title\":\"Custom\",\"title\":5}"));
    assert_string_equal(out.base.title, "Pet not found"); /* absent: the entry's */
    decode_pets(&out, 404, LIT("{" PNF ",\"detail\":\"early\",\"detail\":null}"));
    assert_null(out.base.detail);
    decode_pets(&out, 404, LIT("{" PNF ",\"instance\":\"/a\",\"instance\":[]}"));
    assert_null(out.base.instance);
    decode_pets(&out, 404, LIT("{\"status\":409,\"status\":\"x\"}"));
    assert_int_equal(out.base.body_status, 0);
    decode_pets(&out, 404, LIT("{" PNF ",\"type\":5}"));
    assert_string_equal(out.base.type, "about:blank");
    assert_int_equal(out.code, PETS_NOT_FOUND);
}

/* "pet_id\u0000" and "type\u0000x" are other names than "pet_id" and
 * "type" (JSON names may hold U+0000): they must not set those members. */
static void test_names_with_nul_are_other_names(void **state)
{
    (void)state;
    pets_problem_t out;
    decode_pets(&out, 404,
                LIT("{" PNF ",\"pet_id\":\"1\",\"pet_id\\u0000\":\"evil\"}"));
    assert_int_equal(out.code, PETS_PET_NOT_FOUND);
    assert_string_equal(out.as.pet_not_found.pet_id, "1");
    decode_pets(&out, 404, LIT("{" PNF ",\"type\\u0000x\":\"https://x.example/evil\"}"));
    assert_int_equal(out.code, PETS_PET_NOT_FOUND);
    assert_string_equal(out.base.type, "https://errors.petstore.example/pet-not-found");
    decode_pets(&out, 404, LIT("{\"title\":\"T\",\"title\\u0000\":\"evil\"}"));
    assert_string_equal(out.base.title, "T");
}

/* A type holding U+0000 is no type of the catalog, though its C string
 * (out.base.type) stops at the NUL: the type URI is compared whole. */
static void test_type_with_nul_is_foreign(void **state)
{
    (void)state;
    pets_problem_t out;
    decode_pets(&out, 404,
                LIT("{\"type\":\"https://errors.petstore.example/pet-not-found\\u0000x\","
                    "\"pet_id\":\"1\"}"));
    assert_int_equal(out.code, PETS_UNKNOWN);
    assert_string_equal(out.base.type, "https://errors.petstore.example/pet-not-found");
    decode_pets(&out, 404, LIT("{\"type\":\"about:blank\\u0000\"}"));
    assert_int_equal(out.code, PETS_UNKNOWN);
    assert_false(out.base.retryable);
}

/* Values never take the last NAME_ROOM bytes of the arena: every pass
 * keeps them so that the names after a value can still be read whole
 * (ERRATA_DECODE_NAME_ROOM, runtime/src/decode_internal.h). */
#define NAME_ROOM 64

/* A member name must not match a shorter declared name even when the
 * decode arena is (nearly) full: "pet_idX" is not "pet_id", "typeX" is not
 * "type". The detail is sized to fill the arena exactly. */
static void test_truncated_names_do_not_match_members(void **state)
{
    (void)state;
    struct text t = { 0 };
    pets_problem_t out;
    /* The entry's own type costs nothing (it points at the descriptor);
     * the detail, read last, takes all but the name room: D + NUL. */
    size_t d = ERRATA_DECODE_ARENA_SIZE - NAME_ROOM - 1;
    text_str(&t, "{" PNF ",\"detail\":\"");
    text_repeat(&t, "a", d);
    text_str(&t, "\",\"pet_idX\":\"evil\"}");
    decode_pets(&out, 404, t.p, t.len);
    assert_int_equal(out.code, PETS_PET_NOT_FOUND);
    assert_int_equal(out.base.flags, 0); /* the detail fit */
    assert_int_equal(strlen(out.base.detail), d);
    assert_null(out.as.pet_not_found.pet_id);
    text_free(&t);

    /* One byte more and the detail is cut (and flagged), not the room. */
    text_str(&t, "{" PNF ",\"detail\":\"");
    text_repeat(&t, "a", d + 1);
    text_str(&t, "\"}");
    decode_pets(&out, 404, t.p, t.len);
    assert_int_equal(out.base.flags, ERRATA_PROBLEM_TRUNCATED);
    assert_int_equal(strlen(out.base.detail), d);
    text_free(&t);
}

/* A string member that fills the arena leaves the names after it readable:
 * the integer and boolean members that follow, which need no room, are
 * still decoded, and the detail (read last) is there, cut to nothing. */
static void test_long_member_leaves_room_for_names(void **state)
{
    (void)state;
    struct text t = { 0 };
    shop_problem_t out;
    text_str(&t, "{\"type\":\"https://errors.shop.example/item-out-of-stock\",\"item_name\":\"");
    text_repeat(&t, "x", 2 * ERRATA_DECODE_ARENA_SIZE);
    text_str(&t, "\",\"available\":3,\"backorder\":true,\"detail\":\"d\"}");
    shop_decode(409, PJ, NULL, t.p, t.len, &out);
    assert_int_equal(out.code, SHOP_ITEM_OUT_OF_STOCK);
    assert_int_equal(out.base.flags, ERRATA_PROBLEM_TRUNCATED);
    const shop_item_out_of_stock_t *m = &out.as.item_out_of_stock;
    assert_true(strlen(m->item_name) > ERRATA_DECODE_ARENA_SIZE / 2);
    assert_non_null(m->available);
    assert_int_equal(*m->available, 3);
    assert_non_null(m->backorder);
    assert_true(*m->backorder);
    assert_string_equal(out.base.detail, "");
    text_free(&t);
}

static void test_truncated_names_do_not_match_standard(void **state)
{
    (void)state;
    struct text t = { 0 };
    pets_problem_t out;
    /* Pass one: D + NUL kept, 5 bytes left for "type" and its NUL. */
    size_t d = ERRATA_DECODE_ARENA_SIZE - 1 - 5;
    text_str(&t, "{\"detail\":\"");
    text_repeat(&t, "a", d);
    text_str(&t, "\",\"typeX\":\"https://x.example/evil\"}");
    decode_pets(&out, 404, t.p, t.len);
    assert_string_equal(out.base.type, "about:blank");
    assert_int_equal(out.code, PETS_NOT_FOUND);
    text_free(&t);
}

static void test_huge_numbers(void **state)
{
    (void)state;
    pets_problem_t out;
    const char *ignored[] = {
        "{" MJ ",\"offset\":1e400}",
        "{" MJ ",\"offset\":9223372036854775808}",
        "{" MJ ",\"offset\":-9223372036854775809}",
        "{" MJ ",\"offset\":1e19}",
        "{" MJ ",\"offset\":123456789012345678901234567890}",
        "{" MJ ",\"offset\":1e-400}",
        "{" MJ ",\"offset\":0.5e1}",   /* 5: whole */
    };
    for (size_t i = 0; i < 6; i++) {
        decode_pets(&out, 400, ignored[i], strlen(ignored[i]));
        assert_int_equal(out.code, PETS_MALFORMED_JSON);
        assert_int_equal(out.base.body_kind, ERRATA_BODY_OBJECT);
        assert_null(out.as.malformed_json.offset);
    }
    decode_pets(&out, 400, ignored[6], strlen(ignored[6]));
    assert_non_null(out.as.malformed_json.offset);
    assert_int_equal(*out.as.malformed_json.offset, 5);
    decode_pets(&out, 400, LIT("{" MJ ",\"offset\":9223372036854775807}"));
    assert_true(*out.as.malformed_json.offset == INT64_MAX);
    decode_pets(&out, 400, LIT("{" MJ ",\"offset\":-9223372036854775808}"));
    assert_true(*out.as.malformed_json.offset == INT64_MIN);
    decode_pets(&out, 400, LIT("{" MJ ",\"offset\":-0}"));
    assert_int_equal(*out.as.malformed_json.offset, 0);

    /* Numbers: beyond double's range ignored, below it 0. */
    shop_problem_t s;
    shop_decode(409, PJ, NULL,
                LIT("{\"type\":\"https://errors.shop.example/item-out-of-stock\",\"discount\":1e400,"
                    "\"available\":1e400}"), &s);
    assert_int_equal(s.code, SHOP_ITEM_OUT_OF_STOCK);
    assert_null(s.as.item_out_of_stock.discount);
    assert_null(s.as.item_out_of_stock.available);
    shop_decode(409, PJ, NULL,
                LIT("{\"type\":\"https://errors.shop.example/item-out-of-stock\",\"discount\":-1e-400}"),
                &s);
    assert_non_null(s.as.item_out_of_stock.discount);
    assert_true(*s.as.item_out_of_stock.discount == 0.0);
    shop_decode(409, PJ, NULL,
                LIT("{\"type\":\"https://errors.shop.example/item-out-of-stock\","
                    "\"discount\":1.7976931348623157e308}"), &s);
    assert_non_null(s.as.item_out_of_stock.discount);
    assert_true(*s.as.item_out_of_stock.discount == 1.7976931348623157e308);
    /* An integer array with one item out of range: the whole member absent. */
    shop_decode(422, PJ, NULL,
                LIT("{\"type\":\"https://errors.shop.example/order-invalid\",\"counts\":[1,"
                    "9223372036854775808],\"tags\":[\"t\"]}"), &s);
    assert_int_equal(s.code, SHOP_ORDER_INVALID);
    assert_null(s.as.order_invalid.counts.items);
    assert_int_equal(s.as.order_invalid.tags.count, 1);
}

/* The parser's nesting limit is 64 levels (ERRATA_JSON_MAX_DEPTH), the
 * top-level object included: 63 arrays inside a member are fine, 64 or 100
 * make the body invalid ("nesting too deep" at the '[' opening level 65),
 * and the problem is then built from the status alone. */
static void test_deep_nesting(void **state)
{
    (void)state;
    pets_problem_t out;
    const size_t depths[] = { 63, 64, 100 };
    for (size_t i = 0; i < COUNT(depths); i++) {
        struct text t = { 0 };
        text_str(&t, "{" PNF ",\"pet_id\":\"1\",\"deep\":");
        size_t first = t.len;
        text_repeat(&t, "[", depths[i]);
        text_repeat(&t, "]", depths[i]);
        text_str(&t, "}");
        decode_pets(&out, 404, t.p, t.len);
        if (depths[i] <= 63) {
            assert_int_equal(out.base.body_kind, ERRATA_BODY_OBJECT);
            assert_int_equal(out.code, PETS_PET_NOT_FOUND);
            assert_string_equal(out.as.pet_not_found.pet_id, "1");
        } else {
            assert_int_equal(out.base.body_kind, ERRATA_BODY_INVALID);
            assert_string_equal(out.base.json_error, "nesting too deep");
            assert_int_equal(out.base.json_error_offset, first + 63);
            expect_from_status(&out, PETS_NOT_FOUND, 404, "Not Found");
            assert_null(out.as.pet_not_found.pet_id);
        }
        text_free(&t);
    }
    /* 100 levels of objects at the top: the same. */
    struct text t = { 0 };
    text_repeat(&t, "{\"a\":", 100);
    text_str(&t, "1");
    text_repeat(&t, "}", 100);
    decode_pets(&out, 503, t.p, t.len);
    assert_int_equal(out.base.body_kind, ERRATA_BODY_INVALID);
    assert_int_equal(out.base.json_error_offset, 64 * 5);
    expect_from_status(&out, PETS_SERVICE_UNAVAILABLE, 503, "Service Unavailable");
    text_free(&t);
}

/* Every cut of a good body is invalid, and nothing of the part before the
 * cut leaks into the problem: it comes from the status alone. */
static void test_truncated_body_every_cut(void **state)
{
    (void)state;
    char body[4096];
    errata_problem_t p;
    throw_pet_not_found(&p, "42", "/pets/42");
    size_t len = body_of(&p, body, sizeof body);
    pets_problem_t out;
    for (size_t cut = 0; cut < len; cut++) {
        decode_pets(&out, 404, body, cut);
        assert_int_equal(out.base.body_kind, cut == 0 ? ERRATA_BODY_EMPTY : ERRATA_BODY_INVALID);
        expect_from_status(&out, PETS_NOT_FOUND, 404, "Not Found");
        assert_null(out.as.pet_not_found.pet_id);
        assert_int_equal(out.base.flags, 0);
        if (cut > 0) {
            assert_non_null(out.base.json_error);
            assert_true(out.base.json_error_offset <= cut);
        }
    }
    /* Cut in the middle, with no entry for the status. */
    decode_pets(&out, 418, body, len / 2);
    assert_int_equal(out.base.body_kind, ERRATA_BODY_INVALID);
    expect_from_status(&out, PETS_UNKNOWN, 418, "Client Error");
    /* Good, then trailing data. */
    char more[4200];
    memcpy(more, body, len);
    memcpy(more + len, " x", 2);
    decode_pets(&out, 404, more, len + 2);
    assert_int_equal(out.base.body_kind, ERRATA_BODY_INVALID);
    assert_string_equal(out.base.json_error, "trailing data after the value");
    assert_int_equal(out.base.json_error_offset, len + 1);
    expect_from_status(&out, PETS_NOT_FOUND, 404, "Not Found");
    /* Two objects. */
    memcpy(more + len, body, len);
    decode_pets(&out, 404, more, 2 * len);
    assert_int_equal(out.base.body_kind, ERRATA_BODY_INVALID);
    assert_int_equal(out.base.json_error_offset, len);
}

/* A truncated body whose first members filled the arena: the flag does not
 * survive into the problem built from the status either. */
static void test_invalid_body_leaves_no_flags(void **state)
{
    (void)state;
    struct text t = { 0 };
    text_str(&t, "{" PNF ",\"detail\":\"");
    text_repeat(&t, "a", 2 * ERRATA_DECODE_ARENA_SIZE);
    text_str(&t, "\",\"pet_id\":\"1\""); /* no closing brace */
    pets_problem_t out;
    decode_pets(&out, 404, t.p, t.len);
    assert_int_equal(out.base.body_kind, ERRATA_BODY_INVALID);
    expect_from_status(&out, PETS_NOT_FOUND, 404, "Not Found");
    assert_int_equal(out.base.flags, 0);
    text_free(&t);
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    /* "@" marks where the bad bytes go. */
    static const char *const bad[] = {
        "\xC3\x28",         /* a lead byte without its continuation */
        "\x80",             /* a lone continuation byte */
        "\xC0\xAF",         /* overlong '/' */
        "\xE0\x80\xAF",     /* overlong, 3 bytes */
        "\xED\xA0\x80",     /* a UTF-16 surrogate */
        "\xF4\x90\x80\x80", /* above U+10FFFF */
        "\xF5\x80\x80\x80", /* never a lead byte */
        "\xFF",
    };
    static const char *const shapes[] = {
        "{" PNF ",\"pet_id\":\"a@b\"}",
        "{" PNF ",\"detail\":\"@\"}",
        "{" PNF ",\"unknown@\":1}",
        "{" PNF ",\"x\":[\"@\"]}",
        "{\"type\":\"https://errors.petstore.example/@\"}",
    };
    for (size_t s = 0; s < COUNT(shapes); s++) {
        for (size_t b = 0; b < COUNT(bad); b++) {
            char body[256];
            const char *at = strchr(shapes[s], '@');
            size_t head = (size_t)(at - shapes[s]);
            int n = snprintf(body, sizeof body, "%.*s%s%s", (int)head, shapes[s], bad[b], at + 1);
            pets_problem_t out;
            decode_pets(&out, 404, body, (size_t)n);
            assert_int_equal(out.base.body_kind, ERRATA_BODY_INVALID);
            assert_string_equal(out.base.json_error, "invalid UTF-8");
            assert_int_equal(out.base.json_error_offset, head);
            expect_from_status(&out, PETS_NOT_FOUND, 404, "Not Found");
        }
    }
    /* Escaped lone surrogates are invalid too; escaped pairs are fine. */
    pets_problem_t out;
    decode_pets(&out, 404, LIT("{" PNF ",\"pet_id\":\"\\ud800\"}"));
    assert_int_equal(out.base.body_kind, ERRATA_BODY_INVALID);
    decode_pets(&out, 404, LIT("{" PNF ",\"pet_id\":\"\\ud83d\\ude00\"}"));
    assert_string_equal(out.as.pet_not_found.pet_id, "\xF0\x9F\x98\x80");
}

/* No problem document with a 503: the problem comes from the status, with
 * http.yaml's entry, retryable, and Retry-After still read. */
static void test_non_problem_bodies(void **state)
{
    (void)state;
    static const struct {
        const char *body;
        errata_body_kind_t kind;
    } cases[] = {
        { NULL, ERRATA_BODY_EMPTY },
        { "", ERRATA_BODY_EMPTY },
        { "<html><body><h1>503 Service Unavailable</h1></body></html>", ERRATA_BODY_INVALID },
        { "Service Unavailable\n", ERRATA_BODY_INVALID },
        { "[{\"type\":\"https://errors.petstore.example/pet-not-found\"}]", ERRATA_BODY_NOT_OBJECT },
        { "\"busy\"", ERRATA_BODY_NOT_OBJECT },
        { "null", ERRATA_BODY_NOT_OBJECT },
        { "503", ERRATA_BODY_NOT_OBJECT },
        { " \r\n", ERRATA_BODY_INVALID },
        { "{\"type\":", ERRATA_BODY_INVALID },
    };
    for (size_t i = 0; i < COUNT(cases); i++) {
        struct headers h;
        errata_decode_options_t opt = retry_after_opt(&h, "120", NOW_1994, 0);
        pets_problem_t out;
        pets_decode(503, "text/html", &opt, cases[i].body,
                    cases[i].body ? strlen(cases[i].body) : 0, &out);
        assert_int_equal(out.base.body_kind, cases[i].kind);
        expect_from_status(&out, PETS_SERVICE_UNAVAILABLE, 503, "Service Unavailable");
        assert_true(out.base.retryable);
        assert_int_equal(out.base.retry_after, 120);
        assert_false(out.base.problem_json);
        assert_int_equal(out.as.service_unavailable.retry_after, 0);
        char list[64];
        unknown_list(&out.base, list, sizeof list);
        assert_string_equal(list, "");
    }
    /* A 502 from a proxy: BAD_GATEWAY, retryable by the catalog. */
    pets_problem_t out;
    decode_pets(&out, 502, LIT("<html>Bad Gateway</html>"));
    assert_int_equal(out.code, PETS_BAD_GATEWAY);
    assert_int_equal(out.base.retryable, pets_descriptor(PETS_BAD_GATEWAY)->retryable);
}

/* A 10 MiB body: a huge unknown member, then the members that matter. */
static void test_ten_mib_body(void **state)
{
    (void)state;
    struct text t = { 0 };
    text_str(&t, "{" PNF ",\"junk\":\"");
    text_repeat(&t, "0123456789abcdef", (10u << 20) / 16);
    text_str(&t, "\",\"big\":[");
    for (size_t i = 0; i < 100000; i++)
        text_str(&t, i ? ",{\"a\":[1,2,3]}" : "{\"a\":[1,2,3]}");
    text_str(&t, "],\"pet_id\":\"7\",\"detail\":\"Pet 7 does not exist\"}");
    assert_true(t.len > (10u << 20));
    pets_problem_t out;
    decode_pets(&out, 404, t.p, t.len);
    assert_int_equal(out.base.body_kind, ERRATA_BODY_OBJECT);
    assert_int_equal(out.code, PETS_PET_NOT_FOUND);
    assert_string_equal(out.as.pet_not_found.pet_id, "7");
    assert_string_equal(out.base.detail, "Pet 7 does not exist");
    assert_int_equal(out.base.flags, 0); /* the unknown member was never copied */
    size_t cursor = 0, raw_len;
    const char *raw;
    char name[16];
    assert_true(errata_decoded_next_unknown(&out.base, &cursor, name, sizeof name, &raw, &raw_len));
    assert_string_equal(name, "junk");
    assert_int_equal(raw_len, (10u << 20) + 2);
    assert_true(errata_decoded_next_unknown(&out.base, &cursor, name, sizeof name, &raw, &raw_len));
    assert_string_equal(name, "big");
    assert_false(errata_decoded_next_unknown(&out.base, &cursor, name, sizeof name, &raw, &raw_len));

    /* The same size as a detail: cut and flagged. */
    text_free(&t);
    text_str(&t, "{" PNF ",\"pet_id\":\"7\",\"detail\":\"");
    text_repeat(&t, "\xC3\xA9", 5u << 20);
    text_str(&t, "\"}");
    decode_pets(&out, 404, t.p, t.len);
    assert_int_equal(out.code, PETS_PET_NOT_FOUND);
    assert_true(out.base.flags & ERRATA_PROBLEM_TRUNCATED);
    assert_true(strlen(out.base.detail) < ERRATA_DECODE_ARENA_SIZE);
    assert_true(utf8_valid(out.base.detail, strlen(out.base.detail)));
    text_free(&t);
}

/* Strings longer than the decode arena: cut at a character boundary (a
 * valid UTF-8 prefix), the truncated flag set, the rest still decoded. */
static void test_long_strings_truncated(void **state)
{
    (void)state;
    static const char *const units[] = { "a", "\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80",
                                         "\\u00e9", "\\ud83d\\ude00", "\\n" };
    static const size_t unit_bytes[] = { 1, 2, 3, 4, 2, 4, 1 };
    for (size_t u = 0; u < COUNT(units); u++) {
        for (size_t extra = 0; extra < 4; extra++) {
            struct text t = { 0 };
            text_str(&t, "{" PNF ",\"detail\":\"");
            for (size_t i = 0; i < extra; i++)
                text_str(&t, "x"); /* shifts the cut across a character */
            text_repeat(&t, units[u], 3 * ERRATA_DECODE_ARENA_SIZE / unit_bytes[u]);
            text_str(&t, "\",\"pet_id\":\"7\"}");
            pets_problem_t out;
            decode_pets(&out, 404, t.p, t.len);
            assert_int_equal(out.base.body_kind, ERRATA_BODY_OBJECT);
            assert_int_equal(out.code, PETS_PET_NOT_FOUND);
            assert_true(out.base.flags & ERRATA_PROBLEM_TRUNCATED);
            size_t n = strlen(out.base.detail);
            assert_true(n > 0 && n < ERRATA_DECODE_ARENA_SIZE);
            assert_true(utf8_valid(out.base.detail, n));
            assert_int_equal((n - extra) % unit_bytes[u], 0);
            /* pet_id, after the full arena: a valid prefix of "7" */
            const char *id = out.as.pet_not_found.pet_id;
            if (id != NULL)
                assert_true(is_prefix(id, "7"));
            /* every byte of the decoded strings lies in out */
            const char *lo = (const char *)&out, *hi = lo + sizeof out;
            assert_true(out.base.detail >= lo && out.base.detail + n < hi);
            text_free(&t);
        }
    }
}

/* A long detail before the type must not cost the type: which catalog
 * entry a body names cannot depend on the order of its members. */
static void test_long_detail_keeps_type(void **state)
{
    (void)state;
    struct text t = { 0 };
    text_str(&t, "{\"detail\":\"");
    text_repeat(&t, "a", 2 * ERRATA_DECODE_ARENA_SIZE);
    text_str(&t, "\"," PNF ",\"pet_id\":\"7\"}");
    pets_problem_t out;
    decode_pets(&out, 404, t.p, t.len);
    assert_int_equal(out.base.body_kind, ERRATA_BODY_OBJECT);
    assert_true(out.base.flags & ERRATA_PROBLEM_TRUNCATED);
    assert_string_equal(out.base.type, "https://errors.petstore.example/pet-not-found");
    assert_int_equal(out.code, PETS_PET_NOT_FOUND);
    text_free(&t);
}

/* A long detail must not cost the typed members either: they are the
 * machine-readable part (the server side gives them the arena first and the
 * detail what is left, problem.c). Here pet_id even comes first. */
static void test_long_detail_keeps_members(void **state)
{
    (void)state;
    struct text t = { 0 };
    text_str(&t, "{" PNF ",\"pet_id\":\"7\",\"detail\":\"");
    text_repeat(&t, "a", 2 * ERRATA_DECODE_ARENA_SIZE);
    text_str(&t, "\"}");
    pets_problem_t out;
    decode_pets(&out, 404, t.p, t.len);
    assert_int_equal(out.code, PETS_PET_NOT_FOUND);
    assert_true(out.base.flags & ERRATA_PROBLEM_TRUNCATED);
    assert_non_null(out.as.pet_not_found.pet_id);
    assert_string_equal(out.as.pet_not_found.pet_id, "7");
    text_free(&t);
}

/* Long strings inside an array of strings: each cut item stays a valid
 * prefix inside the arena, and nothing is written past the decoded value
 * (a guard zone after it must stay intact). */
static void test_long_strings_in_arrays_stay_in_arena(void **state)
{
    (void)state;
    static struct {
        pets_problem_t out;
        unsigned char guard[4 * ERRATA_DECODE_ARENA_SIZE];
    } g;
    memset(g.guard, 0xA5, sizeof g.guard);
    struct text a = { 0 }, b = { 0 };
    text_repeat(&a, "A", ERRATA_DECODE_ARENA_SIZE + 100);
    text_repeat(&b, "B", 2 * ERRATA_DECODE_ARENA_SIZE);
    struct text t = { 0 };
    text_str(&t, "{" UCT ",\"supported\":[\"");
    text_str(&t, a.p);
    text_str(&t, "\",\"");
    text_str(&t, b.p);
    text_str(&t, "\",\"c\"],\"received\":\"r\"}");
    decode_pets(&g.out, 415, t.p, t.len);
    for (size_t i = 0; i < sizeof g.guard; i++) {
        if (g.guard[i] != 0xA5)
            fail_msg("byte %zu past the decoded problem was overwritten", i);
    }
    assert_int_equal(g.out.code, PETS_UNSUPPORTED_CONTENT_TYPE);
    assert_true(g.out.base.flags & ERRATA_PROBLEM_TRUNCATED);
    const pets_unsupported_content_type_t *m = &g.out.as.unsupported_content_type;
    const char *lo = (const char *)&g.out, *hi = lo + sizeof g.out;
    for (size_t i = 0; i < m->supported.count; i++) {
        const char *s = m->supported.items[i];
        const char *want = i == 0 ? a.p : i == 1 ? b.p : "c";
        assert_true(s >= lo && s < hi);
        assert_true(utf8_valid(s, strlen(s)));
        if (!is_prefix(s, want))
            fail_msg("item %zu is no prefix of what was sent (%zu bytes, ends 0x%02x)", i,
                     strlen(s), strlen(s) ? (unsigned char)s[strlen(s) - 1] : 0);
    }
    text_free(&a);
    text_free(&b);
    text_free(&t);
}

/* ---- Retry-After ------------------------------------------------------------------------- */

static void test_retry_after_delta_seconds(void **state)
{
    (void)state;
    assert_int_equal(errata_parse_retry_after("120", NOW_1994, 86400), 120);
    assert_int_equal(errata_parse_retry_after("0", NOW_1994, 86400), 0);
    assert_int_equal(errata_parse_retry_after(" \t30 ", NOW_1994, 86400), 30);
    assert_int_equal(errata_parse_retry_after("86400", NOW_1994, 86400), 86400);
    assert_int_equal(errata_parse_retry_after("86401", NOW_1994, 86400), 86400);
    assert_int_equal(errata_parse_retry_after("99999999999999999999999999", NOW_1994, 86400), 86400);
    assert_int_equal(errata_parse_retry_after("0000000000000000000000000030", NOW_1994, 86400), 30);
    const char *garbage[] = { "", " ", "soon", "-5", "+5", "1.5", "12abc", "1 2", "0x10",
                              "\xC3\xA9", "30s" };
    for (size_t i = 0; i < COUNT(garbage); i++)
        assert_int_equal(errata_parse_retry_after(garbage[i], NOW_1994, 86400), -1);
    assert_int_equal(errata_parse_retry_after(NULL, NOW_1994, 86400), -1);
}

/* The cap holds for every value, small caps included. */
static void test_retry_after_small_cap(void **state)
{
    (void)state;
    assert_int_equal(errata_parse_retry_after("15", NOW_1994, 10), 10);
    assert_int_equal(errata_parse_retry_after("11", NOW_1994, 10), 10);
    assert_int_equal(errata_parse_retry_after("9", NOW_1994, 10), 9);
    assert_int_equal(errata_parse_retry_after("7", NOW_1994, 5), 5);
    assert_int_equal(errata_parse_retry_after("9", NOW_1994, 1), 1);
    struct headers h;
    errata_decode_options_t opt = retry_after_opt(&h, "7", NOW_1994, 5);
    pets_problem_t out;
    pets_decode(503, NULL, &opt, NULL, 0, &out);
    assert_int_equal(out.base.retry_after, 5);
}

static void test_retry_after_dates(void **state)
{
    (void)state;
    const int64_t max = 86400;
    /* A minute after NOW_1994 in the three forms. */
    assert_int_equal(errata_parse_retry_after("Sun, 06 Nov 1994 08:50:37 GMT", NOW_1994, max), 60);
    assert_int_equal(errata_parse_retry_after("Sunday, 06-Nov-94 08:50:37 GMT", NOW_1994, max), 60);
    assert_int_equal(errata_parse_retry_after("Sun Nov  6 08:50:37 1994", NOW_1994, max), 60);
    /* Exactly now, and the past: 0. */
    assert_int_equal(errata_parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", NOW_1994, max), 0);
    assert_int_equal(errata_parse_retry_after("Sat, 05 Nov 1994 08:49:37 GMT", NOW_1994, max), 0);
    assert_int_equal(errata_parse_retry_after("Thu, 01 Jan 1970 00:00:00 GMT", NOW_1994, max), 0);
    /* Far future: the cap. */
    assert_int_equal(errata_parse_retry_after("Fri, 31 Dec 9999 23:59:59 GMT", NOW_1994, max), max);
    assert_int_equal(errata_parse_retry_after("Mon, 07 Nov 1994 08:49:37 GMT", NOW_1994, 3600), 3600);
    /* Across a month, a leap day and a year. */
    assert_int_equal(errata_parse_retry_after("Thu, 29 Feb 2024 00:00:00 GMT",
                                              1709164800 - 10, max), 10); /* 2024-02-29 */
    assert_int_equal(errata_parse_retry_after("Mon, 01 Jan 2024 00:00:00 GMT", 1704067200 - 3600,
                                              max), 3600);
    assert_int_equal(errata_parse_retry_after("Wed Jan  1 00:00:00 2025", 1735689600 - 1, max), 1);
    assert_int_equal(errata_parse_retry_after("Sunday, 01-Jan-00 00:00:00 GMT", 946684800 - 2,
                                              max), 2); /* 2000 */
    /* Not dates. */
    const char *garbage[] = {
        "Sun, 06 Nov 1994 08:49:37 UTC",  "Sun, 06 Nov 1994 08:49:37",
        "Sun, 6 Nov 1994 08:49:37 GMT",   "Sun, 06 Foo 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 25:49:37 GMT",  "Sun, 06 Nov 1994 08:60:37 GMT",
        "Sun, 32 Nov 1994 08:49:37 GMT",  "Sun, 00 Nov 1994 08:49:37 GMT",
        "Sun, 06 Nov 94 08:49:37 GMT",    "Sun, 06 Nov 1994 08:49:37 GMT x",
        "Sun,06 Nov 1994 08:49:37 GMT",   "06 Nov 1994 08:49:37 GMT",
        "Sun Nov  6 08:49:37 94",         "Sun Nov  6 08:49:37 1994 GMT",
        "Sunday, 06-Nov-1994 08:49:37 GMT", "tomorrow",
    };
    for (size_t i = 0; i < COUNT(garbage); i++) {
        if (errata_parse_retry_after(garbage[i], NOW_1994, max) != -1)
            fail_msg("'%s' read as a date", garbage[i]);
    }
}

/* The same dates as timestamps (errata_parse_http_date, which errata-mhd
 * reads If-Modified-Since with): before 1970 too, and never a number. */
static void test_http_date(void **state)
{
    (void)state;
    int64_t t = 1;
    assert_true(errata_parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT", &t));
    assert_int_equal(t, NOW_1994);
    assert_true(errata_parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT", &t));
    assert_int_equal(t, NOW_1994);
    assert_true(errata_parse_http_date("Sun Nov  6 08:49:37 1994", &t));
    assert_int_equal(t, NOW_1994);
    assert_true(errata_parse_http_date("Wed, 31 Dec 1969 23:59:59 GMT", &t));
    assert_int_equal(t, -1);
    assert_true(errata_parse_http_date("Tuesday, 01-Jan-69 00:00:00 GMT", &t));
    assert_int_equal(t, 3124224000); /* 2069: the two-digit years' window */
    t = 7;
    assert_false(errata_parse_http_date("120", &t)); /* delta-seconds are no date */
    assert_false(errata_parse_http_date("Sun, 06 Nov 1994 08:49:37 UTC", &t));
    assert_false(errata_parse_http_date(NULL, &t));
    assert_false(errata_parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT", NULL));
    assert_int_equal(t, 7); /* untouched when false */
}

/* Values cut short right after the parts the parser looks ahead from. Each
 * is read from the very end of a page followed by an inaccessible one, so a
 * read past its NUL faults in any build, then from an exact-size heap copy,
 * which AddressSanitizer and valgrind watch (the result must be -1). */
static void test_retry_after_short_values_no_overread(void **state)
{
    (void)state;
    const char *values[] = { "Sun, ", "Sun, 0", "Sun Nov ", "Sun Nov", "Sun, 06 Nov 1994 ",
                             "Sun Nov  ", "Sunday, " };
    long page = sysconf(_SC_PAGESIZE);
    char *pages = mmap(NULL, 2 * (size_t)page, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    assert_true(pages != MAP_FAILED);
    assert_int_equal(mprotect(pages + page, (size_t)page, PROT_NONE), 0);
    for (size_t i = 0; i < COUNT(values); i++) {
        size_t n = strlen(values[i]) + 1;
        char *at = pages + page - n;
        memcpy(at, values[i], n);
        assert_int_equal(errata_parse_retry_after(at, NOW_1994, 86400), -1);
    }
    munmap(pages, 2 * (size_t)page);
    for (size_t i = 0; i < COUNT(values); i++) {
        size_t n = strlen(values[i]) + 1;
        char *copy = malloc(n);
        assert_non_null(copy);
        memcpy(copy, values[i], n);
        assert_int_equal(errata_parse_retry_after(copy, NOW_1994, 86400), -1);
        free(copy);
    }
}

static void test_retry_after_through_decode(void **state)
{
    (void)state;
    struct headers h;
    pets_problem_t out;
    errata_decode_options_t opt = retry_after_opt(&h, "Sun, 06 Nov 1994 08:59:37 GMT", NOW_1994, 0);
    pets_decode(503, NULL, &opt, NULL, 0, &out);
    assert_int_equal(out.base.retry_after, 600);
    /* retry_after_max <= 0: one day. */
    opt = retry_after_opt(&h, "1000000", NOW_1994, 0);
    pets_decode(503, NULL, &opt, NULL, 0, &out);
    assert_int_equal(out.base.retry_after, 86400);
    opt = retry_after_opt(&h, "1000000", NOW_1994, -5);
    pets_decode(503, NULL, &opt, NULL, 0, &out);
    assert_int_equal(out.base.retry_after, 86400);
    opt = retry_after_opt(&h, "1000000", NOW_1994, 3600);
    pets_decode(503, NULL, &opt, NULL, 0, &out);
    assert_int_equal(out.base.retry_after, 3600);
    /* now 0: the clock; a date in 2999 is beyond any cap. */
    opt = retry_after_opt(&h, "Tue, 01 Jan 2999 00:00:00 GMT", 0, 0);
    pets_decode(503, NULL, &opt, NULL, 0, &out);
    assert_int_equal(out.base.retry_after, 86400);
    opt = retry_after_opt(&h, "Thu, 01 Jan 1970 00:00:01 GMT", 0, 0);
    pets_decode(503, NULL, &opt, NULL, 0, &out);
    assert_int_equal(out.base.retry_after, 0);
    /* garbage or absent: -1; no header callback: -1 */
    opt = retry_after_opt(&h, "later", NOW_1994, 0);
    pets_decode(503, NULL, &opt, NULL, 0, &out);
    assert_int_equal(out.base.retry_after, -1);
    opt = retry_after_opt(&h, NULL, NOW_1994, 0);
    pets_decode(503, NULL, &opt, NULL, 0, &out);
    assert_int_equal(out.base.retry_after, -1);
    errata_decode_options_t none = { .header = NULL };
    pets_decode(503, NULL, &none, NULL, 0, &out);
    assert_int_equal(out.base.retry_after, -1);
}

/* ---- describe, Content-Type ------------------------------------------------------------- */

static void test_describe(void **state)
{
    (void)state;
    char body[4096], line[512];
    errata_problem_t p;
    pets_problem_t out;
    throw_pet_not_found(&p, "42", NULL);
    size_t len = body_of(&p, body, sizeof body);
    decode_pets(&out, 404, body, len);
    size_t n = pets_problem_describe(&out, line, sizeof line);
    assert_string_equal(line, "404 PET_NOT_FOUND: Pet not found: Pet 42 does not exist");
    assert_int_equal(n, strlen(line));

    /* snprintf semantics */
    char small[10];
    assert_int_equal(pets_problem_describe(&out, small, sizeof small), n);
    assert_string_equal(small, "404 PET_N");
    assert_int_equal(pets_problem_describe(&out, NULL, 0), n);

    decode_pets(&out, 409, LIT("{\"type\":\"https://x.example/clash\",\"title\":\"Clash\","
                               "\"detail\":\"It clashed\"}"));
    pets_problem_describe(&out, line, sizeof line);
    assert_string_equal(line, "409 https://x.example/clash: Clash: It clashed");

    struct headers h;
    errata_decode_options_t opt = retry_after_opt(&h, "120", NOW_1994, 0);
    pets_decode(503, "text/plain", &opt, LIT("busy"), &out);
    pets_problem_describe(&out, line, sizeof line);
    assert_string_equal(line, "503 SERVICE_UNAVAILABLE: Service Unavailable (retry after 120 s)");
    pets_decode(503, "text/plain", NULL, LIT("busy"), &out);
    pets_problem_describe(&out, line, sizeof line);
    assert_string_equal(line, "503 SERVICE_UNAVAILABLE: Service Unavailable (retryable)");
    pets_decode(418, NULL, NULL, NULL, 0, &out);
    pets_problem_describe(&out, line, sizeof line);
    assert_string_equal(line, "418 about:blank: Client Error");

    /* The trace id a hidden 5xx carries, to quote to support. */
    decode_pets(&out, 500, LIT("{\"type\":\"about:blank\",\"trace_id\":\"4bf92f3577b34da6a3ce929d0e0e4736\"}"));
    pets_problem_describe(&out, line, sizeof line);
    assert_string_equal(line, "500 INTERNAL_SERVER_ERROR: Internal Server Error (trace id "
                              "4bf92f3577b34da6a3ce929d0e0e4736)");
}

/* One line: what a server puts in its title or detail cannot start
 * another line in a client's log. */
static void test_describe_is_one_line(void **state)
{
    (void)state;
    pets_problem_t out;
    decode_pets(&out, 404,
                LIT("{" PNF ",\"title\":\"a\\r\\nb\",\"detail\":\"c\\nFAKE LOG LINE\\u0000x\"}"));
    char line[512];
    size_t n = pets_problem_describe(&out, line, sizeof line);
    assert_true(n < sizeof line);
    for (size_t i = 0; i < n; i++) {
        if ((unsigned char)line[i] < 0x20)
            fail_msg("control byte 0x%02x at %zu in \"%s\"", (unsigned char)line[i], i, line);
    }
}

static void test_content_type(void **state)
{
    (void)state;
    static const struct {
        const char *ct;
        bool problem;
    } cases[] = {
        { "application/problem+json", true },
        { "application/problem+json; charset=utf-8", true },
        { "application/problem+json;charset=UTF-8", true },
        { "APPLICATION/PROBLEM+JSON", true },
        { "Application/Problem+Json ; q=1", true },
        { "  application/problem+json", true },
        { "application/json", false },
        { "application/json; charset=utf-8", false },
        { "application/problem+jsonx", false },
        { "application/problem+xml", false },
        { "text/html", false },
        { "", false },
        { NULL, false },
    };
    char body[4096];
    errata_problem_t p;
    throw_pet_not_found(&p, "42", NULL);
    size_t len = body_of(&p, body, sizeof body);
    for (size_t i = 0; i < COUNT(cases); i++) {
        pets_problem_t out;
        pets_decode(404, cases[i].ct, NULL, body, len, &out);
        if (out.base.problem_json != cases[i].problem)
            fail_msg("Content-Type '%s': problem_json %d", cases[i].ct ? cases[i].ct : "(null)",
                     out.base.problem_json);
        /* decoded the same whatever the Content-Type */
        assert_int_equal(out.code, PETS_PET_NOT_FOUND);
        assert_string_equal(out.as.pet_not_found.pet_id, "42");
    }
}

/* ---- 207 Multi-Status ------------------------------------------------------------------ */

static void test_multi_status(void **state)
{
    (void)state;
    static const char body[] =
        "{\"note\":{\"items\":[]},\"items\":["
        "{\"id\":\"1\",\"status\":200,\"value\":{\"name\":\"Rex\"}},"
        "{\"id\":2,\"status\":404,\"problem\":{" PNF ",\"status\":404,\"pet_id\":\"2\"}},"
        "\"not an item\",[1,{\"id\":\"nested\"}],"
        "{\"status\":\"500\",\"problem\":\"text\",\"extra\":[{}]},"
        "{\"status\":409,\"status\":\"x\",\"problem\":{},\"problem\":[]}"
        "],\"after\":1}";
    errata_multi_t m;
    errata_multi_item_t item;
    assert_true(errata_multi_init(&m, body, sizeof body - 1));

    assert_true(errata_multi_next(&m, &item));
    assert_int_equal(item.status, 200);
    assert_int_equal(item.id_len, 3);
    assert_memory_equal(item.id, "\"1\"", 3);
    assert_int_equal(item.value_len, strlen("{\"name\":\"Rex\"}"));
    assert_memory_equal(item.value, "{\"name\":\"Rex\"}", item.value_len);
    assert_null(item.problem);

    assert_true(errata_multi_next(&m, &item));
    assert_int_equal(item.status, 404);
    assert_memory_equal(item.id, "2", 1);
    assert_non_null(item.problem);
    pets_problem_t out;
    pets_decode(item.status, PJ, NULL, item.problem, item.problem_len, &out);
    assert_int_equal(out.code, PETS_PET_NOT_FOUND);
    assert_string_equal(out.as.pet_not_found.pet_id, "2");

    /* "not an item" and the array are passed over */
    assert_true(errata_multi_next(&m, &item));
    assert_int_equal(item.status, 0);  /* a string is no status */
    assert_null(item.problem);         /* nor a string a problem */
    assert_null(item.id);

    /* duplicates: the last wins, of the wrong type too (as for problems) */
    assert_true(errata_multi_next(&m, &item));
    if (item.status != 0 || item.problem != NULL)
        fail_msg("duplicated item members: status %d (want 0), problem %s (want none)",
                 item.status, item.problem ? "kept" : "none");

    assert_false(errata_multi_next(&m, &item));
    assert_false(errata_multi_next(&m, &item));
}

static void test_multi_status_shapes(void **state)
{
    (void)state;
    errata_multi_t m;
    errata_multi_item_t item;
    /* a top-level array of items; no batch in an object without items, an
     * invalid body or a scalar */
    assert_true(errata_multi_init(&m, LIT("[{\"status\":201}]")));
    assert_true(errata_multi_next(&m, &item));
    assert_int_equal(item.status, 201);
    assert_false(errata_multi_next(&m, &item));
    assert_true(errata_multi_init(&m, LIT("{\"items\":[]}")));
    assert_false(errata_multi_next(&m, &item));
    assert_false(errata_multi_init(&m, LIT("{\"items\":{}}")));
    assert_false(errata_multi_init(&m, LIT("{\"items\":[{\"status\":200}]")));
    assert_false(errata_multi_init(&m, LIT("42")));
    assert_false(errata_multi_next(&m, &item));
    assert_false(errata_multi_init(&m, NULL, 0));
}

/* ---- no heap ------------------------------------------------------------------------------ */

static void *(*volatile heap_alloc)(size_t) = malloc;

static void test_heap_counter_counts(void **state)
{
    (void)state;
    measure_start();
    void *volatile q = heap_alloc(16);
    free(q);
    void *volatile z = calloc(2, 8);
    z = realloc(z, 64);
    free(z);
    assert_int_equal(measure_stop(), 5);
}

static void test_decode_allocates_nothing(void **state)
{
    (void)state;
    static char ok_body[16384], validation[16384], text_body[4096];
    static pets_pet_validation_failed_errors_item_t items[64];
    for (size_t i = 0; i < 64; i++)
        items[i] = (pets_pet_validation_failed_errors_item_t){ "/name", "must not be empty" };
    errata_problem_t p;
    throw_rate_limited(&p, 30, 60);
    size_t ok_len = body_of(&p, ok_body, sizeof ok_body);
    throw_validation(&p, items, 64);
    size_t validation_len = body_of(&p, validation, sizeof validation);
    throw_pet_not_found(&p, "42", "/pets/42");
    size_t text_len = body_of(&p, text_body, sizeof text_body);
    struct text big = { 0 }, deep = { 0 }, shop = { 0 };
    text_str(&big, "{" UCT ",\"supported\":[\"a\",\"b\"],\"received\":\"");
    text_repeat(&big, "\xC3\xA9", 3 * ERRATA_DECODE_ARENA_SIZE);
    text_str(&big, "\",\"junk\":[");
    text_repeat(&big, "1e400,", 10000);
    text_str(&big, "0]}");
    text_repeat(&deep, "[", 100);
    text_str(&shop, "{\"type\":\"https://errors.shop.example/order-invalid\",\"amounts\":[1.5,"
                    "2e308,3],\"counts\":[1,2],\"problems\":[{\"pointer\":\"/a\",\"line\":3}]}");
    struct headers h;
    errata_decode_options_t opt = retry_after_opt(&h, "Sun, 06 Nov 1994 08:50:37 GMT", NOW_1994, 0);
    static pets_problem_t out;
    static shop_problem_t s;
    char line[256], name[64];
    const char *raw;
    size_t raw_len, cursor;

    measure_start();
    pets_decode(429, PJ, &opt, ok_body, ok_len, &out);
    pets_problem_describe(&out, line, sizeof line);
    pets_decode(422, PJ, &opt, validation, validation_len, &out);
    pets_decode(404, PJ, NULL, text_body, text_len, &out);
    pets_decode(404, PJ, NULL, text_body, text_len / 2, &out);
    pets_decode(415, PJ, NULL, big.p, big.len, &out);
    cursor = 0;
    while (errata_decoded_next_unknown(&out.base, &cursor, name, sizeof name, &raw, &raw_len))
        ;
    pets_decode(503, "text/html", &opt, deep.p, deep.len, &out);
    pets_decode(503, NULL, NULL, NULL, 0, &out);
    pets_problem_describe(&out, line, sizeof line);
    shop_decode(422, PJ, NULL, shop.p, shop.len, &s);
    errata_parse_retry_after("Sun Nov  6 08:50:37 1994", NOW_1994, 86400);
    size_t calls = measure_stop();

    assert_int_equal(calls, 0);
    /* and the decodes above did decode */
    assert_int_equal(s.code, SHOP_ORDER_INVALID);
    assert_int_equal(s.as.order_invalid.counts.count, 2);
    assert_null(s.as.order_invalid.amounts.items); /* 2e308 is out of range */
    text_free(&big);
    text_free(&deep);
    text_free(&shop);
}

/* Usage: decode-test_decode [PATTERN [SKIP-PATTERN]]: run only the tests
 * matching PATTERN (cmocka's wildcards), skip those matching SKIP-PATTERN
 * (e.g. one that AddressSanitizer stops the process in). */
int main(int argc, char **argv)
{
    if (argc > 1 && argv[1][0] != '\0')
        cmocka_set_test_filter(argv[1]);
    if (argc > 2 && argv[2][0] != '\0')
        cmocka_set_skip_filter(argv[2]);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roundtrip_every_pets_descriptor),
        cmocka_unit_test(test_roundtrip_full_arena_of_invalid_bytes),
        cmocka_unit_test(test_roundtrip_every_pets_descriptor_template_detail),
        cmocka_unit_test(test_roundtrip_strings),
        cmocka_unit_test(test_roundtrip_optional_integer),
        cmocka_unit_test(test_roundtrip_string_arrays),
        cmocka_unit_test(test_roundtrip_object_arrays),
        cmocka_unit_test(test_roundtrip_rate_limited_with_retry_after),
        cmocka_unit_test(test_roundtrip_internal_error_redacted),
        cmocka_unit_test(test_roundtrip_included_http_members),
        cmocka_unit_test(test_roundtrip_shop_every_descriptor),
        cmocka_unit_test(test_roundtrip_shop_order_invalid),
        cmocka_unit_test(test_roundtrip_shop_item_out_of_stock),
        cmocka_unit_test(test_roundtrip_http_every_entry),
        cmocka_unit_test(test_wrong_type_members_ignored),
        cmocka_unit_test(test_wrong_type_array_items),
        cmocka_unit_test(test_unknown_members_listed_raw),
        cmocka_unit_test(test_many_members_read_in_rounds),
        cmocka_unit_test(test_skipped_values_judged_like_the_parser),
        cmocka_unit_test(test_unknown_members_small_name_buffer),
        cmocka_unit_test(test_missing_type_is_about_blank),
        cmocka_unit_test(test_foreign_type_is_unknown),
        cmocka_unit_test(test_http_status_wins),
        cmocka_unit_test(test_duplicates_last_wins_members),
        cmocka_unit_test(test_duplicates_last_wins_standard_wrong_type),
        cmocka_unit_test(test_names_with_nul_are_other_names),
        cmocka_unit_test(test_type_with_nul_is_foreign),
        cmocka_unit_test(test_truncated_names_do_not_match_members),
        cmocka_unit_test(test_long_member_leaves_room_for_names),
        cmocka_unit_test(test_truncated_names_do_not_match_standard),
        cmocka_unit_test(test_huge_numbers),
        cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_truncated_body_every_cut),
        cmocka_unit_test(test_invalid_body_leaves_no_flags),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_non_problem_bodies),
        cmocka_unit_test(test_ten_mib_body),
        cmocka_unit_test(test_long_strings_truncated),
        cmocka_unit_test(test_long_detail_keeps_type),
        cmocka_unit_test(test_long_detail_keeps_members),
        cmocka_unit_test(test_long_strings_in_arrays_stay_in_arena),
        cmocka_unit_test(test_retry_after_delta_seconds),
        cmocka_unit_test(test_retry_after_small_cap),
        cmocka_unit_test(test_retry_after_dates),
        cmocka_unit_test(test_http_date),
        cmocka_unit_test(test_retry_after_short_values_no_overread),
        cmocka_unit_test(test_retry_after_through_decode),
        cmocka_unit_test(test_describe),
        cmocka_unit_test(test_describe_is_one_line),
        cmocka_unit_test(test_content_type),
        cmocka_unit_test(test_multi_status),
        cmocka_unit_test(test_multi_status_shapes),
        cmocka_unit_test(test_type_base_roundtrip),
        cmocka_unit_test(test_heap_counter_counts),
        cmocka_unit_test(test_decode_allocates_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, free_live_texts);
}
