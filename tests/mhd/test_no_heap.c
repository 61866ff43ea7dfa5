/* No heap allocation on a request path: the server allocates its pool once
 * (errata_mhd_server_create) and frees it once (destroy); requests of
 * every kind in between (success, problem, 404, 405, 413, 207, an
 * internal failure) allocate nothing in errata-mhd or liberrata.
 *
 * The executable is linked with -Wl,--wrap=malloc (and calloc, realloc,
 * free): every call to them from this program's own objects and from the
 * static liberrata-mhd and liberrata lands in the counters below, whichever
 * thread makes it (MHD's, here). MHD and libcurl are shared libraries:
 * their own allocations are out of --wrap's reach, and none of this test's
 * business. The docs handler serves the committed fixture folder (argv[1])
 * under the same rule: one allocation when it is opened, none per request
 * (the files go out by their descriptors). */
#include "mt.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>

#include "mt_errors.h"

static size_t heap_calls;
static const char *fixtures;
static errata_mhd_docs_t *docs;

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
    __atomic_fetch_add(&heap_calls, 1, __ATOMIC_RELAXED);
    return __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t size)
{
    __atomic_fetch_add(&heap_calls, 1, __ATOMIC_RELAXED);
    return __real_calloc(n, size);
}

void *__wrap_realloc(void *ptr, size_t n)
{
    __atomic_fetch_add(&heap_calls, 1, __ATOMIC_RELAXED);
    return __real_realloc(ptr, n);
}

void __wrap_free(void *ptr)
{
    if (ptr != NULL)
        __atomic_fetch_add(&heap_calls, 1, __ATOMIC_RELAXED);
    __real_free(ptr);
}

static size_t calls(void)
{
    return __atomic_load_n(&heap_calls, __ATOMIC_RELAXED);
}

static errata_status_t ok(errata_mhd_request_t *req, errata_mhd_response_t *res,
                          errata_problem_t *err)
{
    (void)err;
    errata_mhd_append(res, "{\"id\":", 6);
    errata_mhd_json_string(res, errata_mhd_param(req, "id"));
    errata_mhd_printf(res, "%s", "}");
    errata_mhd_set_header(res, "ETag", "\"1\"");
    return errata_mhd_ok(res);
}

static errata_status_t throws(errata_mhd_request_t *req, errata_mhd_response_t *res,
                            errata_problem_t *err)
{
    (void)res;
    MT_THROW_THING_NOT_FOUND(err, .thing_id = errata_mhd_param(req, "id"));
}

static errata_status_t broken(errata_problem_t *err)
{
    MT_THROW_DATABASE_BROKEN(err, .detail = "x");
}

static errata_status_t batch(errata_mhd_request_t *req, errata_mhd_response_t *res,
                             errata_problem_t *err)
{
    (void)req;
    errata_mhd_multi_begin(res);
    errata_mhd_multi_value(res, "1", "{}");
    if (broken(err) != ERRATA_OK)
        errata_mhd_multi_problem(res, "2", err);
    errata_problem_init(err);
    return errata_mhd_multi_status(res);
}

static errata_status_t lazy(errata_mhd_request_t *req, errata_mhd_response_t *res,
                            errata_problem_t *err)
{
    (void)req;
    (void)res;
    (void)err;
    return ERRATA_FAILED;
}

static errata_status_t serve_docs(errata_mhd_request_t *req, errata_mhd_response_t *res,
                                  errata_problem_t *err)
{
    return errata_mhd_docs_serve(docs, req, res, err);
}

static errata_status_t not_found(errata_mhd_request_t *req, errata_problem_t *err)
{
    (void)req;
    MT_THROW_NOT_FOUND(err);
}

static errata_status_t not_allowed(errata_mhd_request_t *req, const char *allow,
                                   errata_problem_t *err)
{
    (void)req;
    MT_THROW_METHOD_NOT_ALLOWED(err, .allow = allow);
}

static errata_status_t too_large(errata_mhd_request_t *req, errata_problem_t *err)
{
    (void)req;
    MT_THROW_CONTENT_TOO_LARGE(err);
}

static errata_status_t internal(errata_mhd_request_t *req, const char *why,
                                errata_problem_t *err)
{
    (void)req;
    MT_THROW_INTERNAL_SERVER_ERROR(err, .detail = why);
}

static void test_requests_allocate_nothing(void **state)
{
    (void)state;
    static const errata_mhd_route_t routes[] = {
        { "GET", "/ok/{id}", ok },
        { "GET", "/fail/{id}", throws },
        { "GET", "/batch", batch },
        { "GET", "/lazy", lazy },
        { "POST", "/ok/{id}", ok },
        { "GET", "/errors/*", serve_docs },
    };
    static mt_log_t logs;
    errata_mhd_config_t config = {
        .routes = routes, .route_count = MT_COUNT(routes), .not_found = not_found,
        .method_not_allowed = not_allowed, .too_large = too_large, .internal = internal,
        .observer = mt_observer, .observer_ctx = &logs, .access_log = mt_access_log,
        .access_log_ctx = &logs, .max_body = 16, .connections = 4, .loopback = true,
    };
    size_t before = calls();
    errata_mhd_docs_config_t dc = { fixtures, NULL, NULL, NULL };
    docs = errata_mhd_docs_open(&dc, NULL);
    assert_non_null(docs);
    assert_int_equal(calls() - before, 1); /* the docs handle */
    before = calls();
    errata_mhd_server_t *s = errata_mhd_server_create(&config, NULL);
    assert_non_null(s);
    assert_int_equal(calls() - before, 1); /* the pool, at once */
    assert_true(errata_mhd_start(s, 0, 0));
    uint16_t port = errata_mhd_port(s);

    before = calls();
    static mt_response_t r;
    static const char *const paths[] = { "/ok/1", "/fail/2", "/batch", "/lazy", "/nowhere" };
    static const long statuses[] = { 200, 404, 207, 500, 404 };
    for (size_t i = 0; i < MT_COUNT(paths); i++) {
        mt_get(port, paths[i], &r, "Accept: application/json;q=0.5, */*;q=0.1", NULL);
        assert_int_equal(r.status, statuses[i]);
    }
    mt_request_t rq = { "DELETE", "/ok/1", NULL, NULL, 0, false };
    mt_fetch(port, &rq, &r);
    assert_int_equal(r.status, 405);
    rq = (mt_request_t){ "POST", "/ok/1", NULL, "0123456789abcdefXYZ", 19, true };
    mt_fetch(port, &rq, &r);
    assert_int_equal(r.status, 413);
    rq = (mt_request_t){ "POST", "/ok/1", NULL, "0123456789", 10, false };
    mt_fetch(port, &rq, &r);
    assert_int_equal(r.status, 200);
    /* The docs: a page, a schema, the JSON index, a 304, a HEAD, a missing
     * slug, a traversal, a 405. */
    char etag[256], inm[300];
    mt_get(port, "/errors/thing-not-found", &r, NULL);
    assert_int_equal(r.status, 200);
    assert_non_null(mt_header(&r, "ETag", 0, etag, sizeof etag));
    snprintf(inm, sizeof inm, "If-None-Match: %s", etag);
    mt_get(port, "/errors/thing-not-found", &r, "Accept: application/schema+json", NULL);
    assert_int_equal(r.status, 200);
    mt_get(port, "/errors/", &r, "Accept: application/json", NULL);
    assert_int_equal(r.status, 200);
    mt_get(port, "/errors/thing-not-found", &r, inm, NULL);
    assert_int_equal(r.status, 304);
    rq = (mt_request_t){ "HEAD", "/errors/thing-not-found", NULL, NULL, 0, false };
    mt_fetch(port, &rq, &r);
    assert_int_equal(r.status, 200);
    mt_get(port, "/errors/no-such-error", &r, NULL);
    assert_int_equal(r.status, 404);
    mt_get(port, "/errors/%2e%2e%2fmt.c", &r, NULL);
    assert_int_equal(r.status, 404);
    rq = (mt_request_t){ "POST", "/errors/thing-not-found", NULL, NULL, 0, false };
    mt_fetch(port, &rq, &r);
    assert_int_equal(r.status, 405);
    mt_wait_access(&logs, MT_COUNT(paths) + 3 + 8);
    assert_int_equal(calls() - before, 0);

    before = calls();
    errata_mhd_server_destroy(s);
    assert_int_equal(calls() - before, 1);
    before = calls();
    errata_mhd_docs_close(docs);
    assert_int_equal(calls() - before, 1);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: mhd-test_no_heap FIXTURE_DIR\n");
        return 2;
    }
    fixtures = argv[1];
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_requests_allocate_nothing),
    };
    curl_global_init(CURL_GLOBAL_DEFAULT);
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    curl_global_cleanup();
    return failed;
}
