/* No heap allocation on the request path: throw, body, headers and
 * observer, with every kind of member, counted.
 *
 * The executable is linked with -Wl,--wrap=malloc (and calloc, realloc,
 * free, ...): every call to them from this file's object and from
 * liberrata's static library lands in the __wrap_ functions below, which
 * count while a measurement is on. It works the same under AddressSanitizer
 * (__real_malloc is whatever malloc the process has, ASan's included) and
 * under valgrind. Calls made inside libc itself (snprintf for a double) are
 * out of --wrap's reach; runtime-no-heap-symbols checks the library's
 * undefined symbols for the same functions statically. */
#include "rt.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The counter is file-local test state, not the runtime's. */
static struct {
    int on;
    size_t calls;
} heap;

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

static void count_header(const char *name, const char *value, void *ctx)
{
    (void)name;
    (void)value;
    ++*(size_t *)ctx;
}

static void count_event(const errata_event_t *event, void *ctx)
{
    (void)event;
    ++*(size_t *)ctx;
}

/* Everything a request does with a problem, for one throw. */
static void request_path(errata_problem_t *p, char *body, size_t cap)
{
    char scratch[128];
    size_t emitted = 0, events = 0;
    errata_problem_set_trace_id(p, "0af7651916cd43dd8448eb211c80319c");
    size_t len = errata_problem_json(p, NULL, 0);
    assert_true(len < cap);
    assert_int_equal(errata_problem_json(p, body, cap), len);
    assert_int_equal(errata_problem_json(p, body, len / 2), len);
    errata_problem_headers(p, count_header, &emitted, scratch, sizeof scratch, count_event, &events);
    errata_problem_headers(p, count_header, &emitted, scratch, 2, count_event, &events);
    errata_problem_observe(p, count_event, &events);
    assert_true(emitted >= 2 && events >= 1);
}

static void test_request_path_allocates_nothing(void **state)
{
    (void)state;
    static const char *const texts[] = { "a", "\xC3\xA9", "\xFF\x01" };
    static const int64_t counts[] = { 1, 2, 3 };
    static const double ratios[] = { 0.1, NAN, 1e300 };
    static const bool flags[] = { true, false };
    const fx_every_type_row_t rows[] = { { "r", 1, ERRATA_NUMBER(2.5), ERRATA_BOOL(true) } };
    static const fx_validation_failed_error_t errors[] = { { "/a", "bad" }, { "/b", "worse" } };
    static char big[3 * ERRATA_PROBLEM_ARENA_SIZE];
    memset(big, 'x', sizeof big - 1);
    static char body[4 * ERRATA_PROBLEM_ARENA_SIZE];
    errata_problem_t p;

    measure_start();
    errata_throw(&p, &fx_every_type, __FILE__, __LINE__, NULL, "/i",
                 &(const fx_every_type_t){ .text = "t\n", .count = -1, .ratio = 2.0 / 3.0,
                                           .flag = true, .texts = { texts, 3 },
                                           .counts = { counts, 3 }, .ratios = { ratios, 3 },
                                           .flags = { flags, 2 }, .rows = { rows, 1 },
                                           .opt_ratio = ERRATA_NUMBER(1e-310) });
    request_path(&p, body, sizeof body);
    errata_throw(&p, &fx_rate_limited, __FILE__, __LINE__, p.detail, NULL,
                 &(const fx_rate_limited_t){ .retry_after = 30, .limit = ERRATA_INT(100) });
    request_path(&p, body, sizeof body);
    errata_throw(&p, &fx_validation_failed, __FILE__, __LINE__, big, big,
                 &(const fx_validation_failed_t){ .errors = { errors, 2 } });
    request_path(&p, body, sizeof body);
    errata_throw(&p, &fx_internal, __FILE__, __LINE__, NULL, NULL,
                 &(const fx_internal_t){ .component = "db" });
    request_path(&p, body, sizeof body);
    errata_throw(&p, &fx_unauthorized, __FILE__, __LINE__, NULL, NULL,
                 &(const fx_unauthorized_t){ .auth_error = "a\r\nb" });
    request_path(&p, body, sizeof body);
    errata_problem_init(&p);
    request_path(&p, body, sizeof body);
    size_t calls = measure_stop();

    assert_int_equal(calls, 0);
}

/* The counter must be able to fail: an allocation inside a measurement
 * is seen (malloc and free through volatile pointers, so that the
 * compiler cannot drop the pair). */
static void test_counter_sees_allocations(void **state)
{
    (void)state;
    void *(*volatile alloc)(size_t) = malloc;
    measure_start();
    void *volatile q = alloc(16);
    free(q);
    void *volatile z = calloc(2, 8);
    z = realloc(z, 64);
    free(z);
    size_t calls = measure_stop();
    assert_int_equal(calls, 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_request_path_allocates_nothing),
        cmocka_unit_test(test_counter_sees_allocations),
    };
    return cmocka_run_group_tests_name("no_malloc", tests, NULL, NULL);
}
