/* errata-mhd's router, end to end: a server on a free loopback port, a
 * route table over the test catalog (mt_errors.h, generated at build time
 * from mhd_test.yaml), and libcurl as the client. Each test checks what a
 * client sees: status, headers, body (parsed by jansson), and what the
 * observer and the access log were told. */
#include "mt.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "mt_errors.h"

#define TRACEPARENT "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
#define TRACE_ID "0af7651916cd43dd8448eb211c80319c"

/* The deployment serves the catalog's types on its own host. */
static const errata_type_base_t type_base = { "https://errors.mhd.test/",
                                              "http://127.0.0.1/errors/" };
static errata_mhd_server_t *srv;
static uint16_t port;
static mt_log_t logs;

/* ---- routes -------------------------------------------------------------- */

static errata_status_t get_thing(errata_mhd_request_t *req, errata_mhd_response_t *res,
                                 errata_problem_t *err)
{
    const char *id = errata_mhd_param(req, "id");
    const char *verbose = errata_mhd_query(req, "verbose");
    const char *x = errata_mhd_header(req, "X-Thing");
    if (strcmp(id, "42") == 0)
        MT_THROW_THING_NOT_FOUND(err, .thing_id = id);
    errata_mhd_append(res, "{\"id\":", 6);
    errata_mhd_json_string(res, id);
    errata_mhd_printf(res, ",\"verbose\":%s,\"x\":", verbose != NULL ? "true" : "false");
    errata_mhd_json_string(res, x != NULL ? x : "");
    errata_mhd_append(res, "}", 1);
    errata_mhd_set_header(res, "ETag", "\"v1\"");
    return errata_mhd_ok(res);
}

static errata_status_t put_thing(errata_mhd_request_t *req, errata_mhd_response_t *res,
                                 errata_problem_t *err)
{
    (void)req;
    (void)err;
    errata_mhd_append(res, "{\"ignored\":true}", 16); /* a 204 sends none of it */
    errata_mhd_set_header(res, "Content-Type", "application/json");
    return errata_mhd_no_content(res);
}

static errata_status_t post_item(errata_mhd_request_t *req, errata_mhd_response_t *res,
                                 errata_problem_t *err)
{
    (void)req;
    (void)err;
    errata_mhd_printf(res, "{\"id\":\"%d\"}", 7);
    return errata_mhd_created(res, "/items/7");
}

static errata_status_t post_echo(errata_mhd_request_t *req, errata_mhd_response_t *res,
                                 errata_problem_t *err)
{
    size_t len;
    const char *body = errata_mhd_body(req, &len);
    (void)err;
    errata_mhd_printf(res, "{\"len\":%zu,\"body\":", len);
    errata_mhd_json_string(res, body);
    errata_mhd_append(res, "}", 1);
    return errata_mhd_ok(res);
}

static errata_status_t get_json(errata_mhd_request_t *req, errata_mhd_response_t *res,
                                errata_problem_t *err)
{
    (void)err;
    errata_mhd_append(res, "{\"s\":", 5);
    errata_mhd_json_string(res, errata_mhd_query(req, "s"));
    errata_mhd_append(res, "}", 1);
    return errata_mhd_ok(res);
}

static errata_status_t get_slow(errata_mhd_request_t *req, errata_mhd_response_t *res,
                                errata_problem_t *err)
{
    (void)req;
    (void)res;
    MT_THROW_SLOW_DOWN(err, .retry_after = 30);
}

static errata_status_t get_broken(errata_mhd_request_t *req, errata_mhd_response_t *res,
                                  errata_problem_t *err)
{
    (void)req;
    (void)res;
    MT_THROW_DATABASE_BROKEN(err, .detail = "connection to postgres://admin:hunter2@db refused");
}

/* Programming errors the adapter must still answer properly. */
static errata_status_t get_lazy(errata_mhd_request_t *req, errata_mhd_response_t *res,
                                errata_problem_t *err)
{
    (void)req;
    (void)res;
    (void)err;
    return ERRATA_FAILED; /* nothing thrown */
}

static errata_status_t get_silent(errata_mhd_request_t *req, errata_mhd_response_t *res,
                                  errata_problem_t *err)
{
    (void)req;
    (void)err;
    errata_mhd_append(res, "{}", 2);
    return ERRATA_OK; /* no success helper called */
}

static errata_status_t get_inject(errata_mhd_request_t *req, errata_mhd_response_t *res,
                                  errata_problem_t *err)
{
    (void)err;
    const char *what = errata_mhd_query(req, "what");
    errata_mhd_append(res, "{}", 2);
    bool ok;
    if (strcmp(what, "value") == 0)
        ok = errata_mhd_set_header(res, "X-Evil", "a\r\nSet-Cookie: stolen=1");
    else if (strcmp(what, "lf") == 0)
        ok = errata_mhd_set_header(res, "X-Evil", "a\nb");
    else if (strcmp(what, "nul-ish") == 0)
        ok = errata_mhd_set_header(res, "X-Evil", "a\x01z");
    else if (strcmp(what, "name") == 0)
        ok = errata_mhd_set_header(res, "X-Evil: 1\r\nX-More", "b");
    else if (strcmp(what, "reserved") == 0)
        ok = errata_mhd_set_header(res, "Content-Length", "1");
    else if (strcmp(what, "location") == 0)
        return errata_mhd_created(res, "/items/1\r\nSet-Cookie: stolen=1");
    else
        return errata_mhd_created(res, NULL);
    assert_false(ok); /* refused, and told */
    return errata_mhd_ok(res);
}

static errata_status_t get_overflow(errata_mhd_request_t *req, errata_mhd_response_t *res,
                                    errata_problem_t *err)
{
    (void)req;
    (void)err;
    char chunk[100];
    memset(chunk, 'x', sizeof chunk);
    errata_mhd_append(res, "{\"pad\":\"", 8);
    for (int i = 0; i < 20; i++)
        errata_mhd_append(res, chunk, sizeof chunk); /* 2000 bytes > max_response */
    errata_mhd_printf(res, "%s", "\"}");
    return errata_mhd_ok(res);
}

/* A batch's items come from functions that throw, as in a real service. */
static errata_status_t load_thing(const char *id, errata_problem_t *err)
{
    if (strcmp(id, "2") == 0)
        MT_THROW_THING_NOT_FOUND(err, .thing_id = id);
    if (strcmp(id, "3") == 0)
        MT_THROW_DATABASE_BROKEN(err, .detail = "connection to postgres://admin:hunter2@db refused");
    return ERRATA_OK;
}

static errata_status_t get_batch(errata_mhd_request_t *req, errata_mhd_response_t *res,
                                 errata_problem_t *err)
{
    static const char *const ids[] = { "1", "2", "3" };
    (void)req;
    errata_mhd_multi_begin(res);
    for (size_t i = 0; i < MT_COUNT(ids); i++) {
        if (load_thing(ids[i], err) == ERRATA_OK)
            errata_mhd_multi_value(res, ids[i], "{\"id\":\"1\"}");
        else
            errata_mhd_multi_problem(res, ids[i], err);
    }
    errata_problem_init(err);
    return errata_mhd_multi_status(res);
}

static errata_status_t get_batch_bad(errata_mhd_request_t *req, errata_mhd_response_t *res,
                                     errata_problem_t *err)
{
    (void)req;
    (void)err;
    errata_mhd_multi_begin(res);
    errata_mhd_multi_value(res, "1", "{\"id\":1");  /* not one JSON value */
    return errata_mhd_multi_status(res);
}

/* A body through liberrata's JSON writer, straight into the response. */
static errata_status_t get_jw(errata_mhd_request_t *req, errata_mhd_response_t *res,
                              errata_problem_t *err)
{
    const char *how = errata_mhd_query(req, "how");
    errata_json_writer_t w;
    char big[2000];
    (void)err;
    memset(big, 'n', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    errata_mhd_json_writer(res, &w);
    errata_jw_begin_object(&w);
    errata_jw_key(&w, "name");
    errata_jw_string(&w, how != NULL && strcmp(how, "big") == 0 ? big : "R\"ex\n");
    errata_jw_key(&w, "age");
    errata_jw_int(&w, 3);
    if (how == NULL || strcmp(how, "unbalanced") != 0)
        errata_jw_end_object(&w);
    errata_mhd_json_done(res, &w);
    return errata_mhd_ok(res);
}

static errata_status_t get_docs(errata_mhd_request_t *req, errata_mhd_response_t *res,
                                errata_problem_t *err)
{
    (void)err;
    errata_mhd_printf(res, "rest=[%s]", errata_mhd_param(req, "*"));
    errata_mhd_set_header(res, "Content-Type", "text/plain; charset=utf-8");
    return errata_mhd_ok(res);
}

static errata_status_t get_page(errata_mhd_request_t *req, errata_mhd_response_t *res,
                                errata_problem_t *err)
{
    static const char page[] = "<!doctype html><title>static</title>";
    (void)req;
    (void)err;
    errata_mhd_static_body(res, page, sizeof page - 1);
    errata_mhd_set_header(res, "Content-Type", "text/html");
    return errata_mhd_ok(res);
}

static errata_status_t post_only(errata_mhd_request_t *req, errata_mhd_response_t *res,
                                 errata_problem_t *err)
{
    (void)req;
    (void)err;
    return errata_mhd_no_content(res);
}

static errata_status_t get_two(errata_mhd_request_t *req, errata_mhd_response_t *res,
                               errata_problem_t *err)
{
    (void)err;
    errata_mhd_printf(res, "{\"a\":\"%s\",\"b\":\"%s\"}", errata_mhd_param(req, "a"),
                      errata_mhd_param(req, "b"));
    return errata_mhd_ok(res);
}

/* RateLimit fields from the request's limiter state (errata_mhd_set_ratelimit):
 * on the success, on a thrown problem, and not over the route's own field. */
static bool set_limits(errata_mhd_request_t *req, int64_t remaining)
{
    errata_ratelimit_t rl;
    errata_ratelimit_init(&rl);
    errata_ratelimit_policy_t *p = errata_ratelimit_add(&rl, "default", 100);
    p->window = 60;
    p->remaining = remaining;
    p->reset = 30;
    return errata_mhd_set_ratelimit(req, &rl);
}

static errata_status_t get_limited(errata_mhd_request_t *req, errata_mhd_response_t *res,
                                   errata_problem_t *err)
{
    const char *mode = errata_mhd_query(req, "mode");
    mode = mode != NULL ? mode : "";
    errata_ratelimit_t bad;
    errata_ratelimit_init(&bad);
    errata_ratelimit_add(&bad, "x", 1)->remaining = -5; /* no field can carry it */
    if (errata_mhd_set_ratelimit(req, &bad))
        return errata_mhd_printf(res, "{\"refused\":false}") ? errata_mhd_ok(res) : ERRATA_FAILED;
    if (!set_limits(req, strcmp(mode, "over") == 0 ? 0 : 41))
        MT_THROW_DATABASE_BROKEN(err, .detail = "set_ratelimit refused a valid policy");
    if (strcmp(mode, "over") == 0)
        MT_THROW_SLOW_DOWN(err, .retry_after = 30);
    if (strcmp(mode, "own") == 0)
        errata_mhd_set_header(res, "RateLimit", "\"own\";r=1");
    if (strcmp(mode, "cleared") == 0)
        errata_mhd_set_ratelimit(req, NULL);
    errata_mhd_append(res, "{}", 2);
    return errata_mhd_ok(res);
}

static const errata_mhd_route_t routes[] = {
    { "GET", "/limited", get_limited },
    { "GET", "/things/{id}", get_thing },
    { "PUT", "/things/{id}", put_thing },
    { "POST", "/items", post_item },
    { "POST", "/echo", post_echo },
    { "GET", "/json", get_json },
    { "GET", "/slow", get_slow },
    { "GET", "/broken", get_broken },
    { "GET", "/lazy", get_lazy },
    { "GET", "/silent", get_silent },
    { "GET", "/inject", get_inject },
    { "GET", "/overflow", get_overflow },
    { "GET", "/batch", get_batch },
    { "GET", "/batch-bad", get_batch_bad },
    { "GET", "/jw", get_jw },
    { "GET", "/docs/*", get_docs },
    { "GET", "/page", get_page },
    { "DELETE", "/only-delete", post_only },
    { "POST", "/only-delete", post_only },
    { "GET", "/a/{a}/b/{b}", get_two },
};

/* ---- hooks ----------------------------------------------------------------- */

static errata_status_t before(errata_mhd_request_t *req, errata_problem_t *err)
{
    if (errata_mhd_header(req, "X-Deny") != NULL)
        MT_THROW_FORBIDDEN(err);
    return ERRATA_OK;
}

static errata_status_t not_found(errata_mhd_request_t *req, errata_problem_t *err)
{
    MT_THROW_NOT_FOUND(err, .instance = errata_mhd_path(req));
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

static int setup_server(void **state)
{
    (void)state;
    errata_mhd_config_t config = {
        .routes = routes,
        .route_count = MT_COUNT(routes),
        .before = before,
        .not_found = not_found,
        .method_not_allowed = not_allowed,
        .too_large = too_large,
        .internal = internal,
        .type_base = &type_base,
        .observer = mt_observer,
        .observer_ctx = &logs,
        .access_log = mt_access_log,
        .access_log_ctx = &logs,
        .max_body = 64,
        .max_response = 1024,
        .connections = 8,
        .loopback = true,
    };
    const char *why = NULL;
    srv = errata_mhd_server_create(&config, &why);
    if (srv == NULL)
        fail_msg("server_create: %s", why);
    assert_true(errata_mhd_start(srv, 0, 0));
    port = errata_mhd_port(srv);
    assert_int_not_equal(port, 0);
    return 0;
}

static int teardown_server(void **state)
{
    (void)state;
    errata_mhd_server_destroy(srv);
    return 0;
}

static int reset_logs(void **state)
{
    (void)state;
    mt_log_reset(&logs);
    return 0;
}

static size_t sent_events(mt_event_t *out, size_t cap)
{
    return mt_events(&logs, ERRATA_EVENT_SENT, out, cap);
}

/* ---- problems ---------------------------------------------------------------- */

static void test_problem_from_route(void **state)
{
    (void)state;
    mt_response_t r;
    char buf[256];
    mt_get(port, "/things/42", &r, NULL);
    json_t *o = mt_expect_problem(&r, 404, "THING_NOT_FOUND");
    mt_expect_string(o, "type", "http://127.0.0.1/errors/thing-not-found"); /* rebased */
    mt_expect_string(o, "title", "Thing not found");
    mt_expect_string(o, "detail", "Thing 42 does not exist");
    mt_expect_string(o, "thing_id", "42");
    assert_null(json_object_get(o, "trace_id")); /* only hidden 5xx carry it */
    json_decref(o);
    assert_string_equal(mt_header(&r, "Cache-Control", 0, buf, sizeof buf), "public, max-age=60");
    assert_int_equal(mt_header_count(&r, "Content-Type"), 1);
    assert_int_equal(mt_header_count(&r, "Cache-Control"), 1);
    assert_true(mt_is_trace_id(mt_header(&r, "X-Request-Id", 0, buf, sizeof buf)));
}

static void test_catalog_headers(void **state)
{
    (void)state;
    mt_response_t r;
    char buf[256];
    mt_get(port, "/slow", &r, NULL);
    json_t *o = mt_expect_problem(&r, 429, "SLOW_DOWN");
    mt_expect_int(o, "retry_after", 30);
    json_decref(o);
    assert_string_equal(mt_header(&r, "Retry-After", 0, buf, sizeof buf), "30");
    assert_string_equal(mt_header(&r, "Cache-Control", 0, buf, sizeof buf), "no-store");
}

static void test_ratelimit_fields(void **state)
{
    (void)state;
    mt_response_t r;
    char buf[128];
    mt_get(port, "/limited", &r, NULL);
    assert_int_equal(r.status, 200);
    assert_string_equal(mt_header(&r, "RateLimit-Policy", 0, buf, sizeof buf),
                        "\"default\";q=100;w=60");
    assert_string_equal(mt_header(&r, "RateLimit", 0, buf, sizeof buf), "\"default\";r=41;t=30");
    /* A problem the route throws carries them too, beside Retry-After. */
    mt_get(port, "/limited?mode=over", &r, NULL);
    json_decref(mt_expect_problem(&r, 429, "SLOW_DOWN"));
    assert_string_equal(mt_header(&r, "RateLimit", 0, buf, sizeof buf), "\"default\";r=0;t=30");
    assert_string_equal(mt_header(&r, "Retry-After", 0, buf, sizeof buf), "30");
    assert_int_equal(mt_header_count(&r, "RateLimit-Policy"), 1);
    /* The route's own field wins, and is not doubled. */
    mt_get(port, "/limited?mode=own", &r, NULL);
    assert_int_equal(mt_header_count(&r, "RateLimit"), 1);
    assert_string_equal(mt_header(&r, "RateLimit", 0, buf, sizeof buf), "\"own\";r=1");
    assert_int_equal(mt_header_count(&r, "RateLimit-Policy"), 0);
    /* Cleared: none. Another request of the same slot starts without. */
    mt_get(port, "/limited?mode=cleared", &r, NULL);
    assert_int_equal(mt_header_count(&r, "RateLimit"), 0);
    mt_get(port, "/things/7", &r, NULL);
    assert_int_equal(r.status, 200);
    assert_int_equal(mt_header_count(&r, "RateLimit"), 0);
    assert_int_equal(mt_header_count(&r, "RateLimit-Policy"), 0);
}

static void test_5xx_hides_internals(void **state)
{
    (void)state;
    mt_response_t r;
    char trace[64];
    mt_event_t ev[4];
    mt_get(port, "/broken", &r, NULL);
    json_t *o = mt_expect_problem(&r, 500, "DATABASE_BROKEN");
    assert_non_null(mt_header(&r, "X-Request-Id", 0, trace, sizeof trace));
    assert_true(mt_is_trace_id(trace));
    mt_expect_string(o, "trace_id", trace); /* the body quotes the header's id */
    assert_null(strstr(r.body, "hunter2"));
    assert_null(strstr(r.body, "postgres"));
    json_decref(o);
    /* The real detail reaches the observer only. */
    assert_int_equal(sent_events(ev, MT_COUNT(ev)), 1);
    assert_string_equal(ev[0].code_name, "DATABASE_BROKEN");
    assert_string_equal(ev[0].detail, "connection to postgres://admin:hunter2@db refused");
    assert_string_equal(ev[0].trace_id, trace);
}

/* ---- content negotiation ------------------------------------------------------ */

static void test_accept_over_http(void **state)
{
    (void)state;
    static const struct {
        const char *accept[3];
        const char *want;
    } cases[] = {
        { { NULL }, "application/problem+json" },
        { { "Accept: application/json", NULL }, "application/json" },
        { { "Accept: application/problem+json", NULL }, "application/problem+json" },
        { { "Accept: application/problem+json;q=0, application/json", NULL }, "application/json" },
        { { "Accept: */*;q=0.1, application/json", NULL }, "application/problem+json" },
        { { "Accept: text/html", NULL }, "application/problem+json" },
        { { "Accept: application/json;q=0", NULL }, "application/problem+json" },
        /* Two Accept fields are one list (RFC 9110 section 5.3). */
        { { "Accept: text/html", "Accept: application/json", NULL }, "application/json" },
        { { "Accept: application/json", "Accept: application/*", NULL },
          "application/problem+json" },
    };
    for (size_t i = 0; i < MT_COUNT(cases); i++) {
        mt_response_t r;
        char buf[256];
        mt_request_t rq = { "GET", "/things/42", cases[i].accept, NULL, 0, false };
        mt_fetch(port, &rq, &r);
        assert_int_equal(r.status, 404);
        assert_string_equal(mt_header(&r, "Content-Type", 0, buf, sizeof buf), cases[i].want);
        assert_string_equal(mt_header(&r, "Vary", 0, buf, sizeof buf), "Accept");
        json_t *o = mt_json(&r); /* the same body either way */
        mt_expect_string(o, "code", "THING_NOT_FOUND");
        mt_expect_int(o, "status", 404);
        json_decref(o);
    }
}

/* ---- trace ids ---------------------------------------------------------------- */

/* The X-Request-Id of a 500 for these request headers, checked against the
 * body's trace_id. */
static void trace_of(const char *h1, const char *h2, char out[64])
{
    mt_response_t r;
    mt_get(port, "/broken", &r, h1, h2, NULL);
    assert_int_equal(r.status, 500);
    assert_non_null(mt_header(&r, "X-Request-Id", 0, out, 64));
    assert_int_equal(mt_header_count(&r, "X-Request-Id"), 1);
    json_t *o = mt_json(&r);
    mt_expect_string(o, "trace_id", out);
    json_decref(o);
}

static void test_trace_from_traceparent(void **state)
{
    (void)state;
    char id[64];
    trace_of("traceparent: " TRACEPARENT, NULL, id);
    assert_string_equal(id, TRACE_ID);
    /* traceparent wins over X-Request-Id */
    trace_of("traceparent: " TRACEPARENT, "X-Request-Id: proxy-1", id);
    assert_string_equal(id, TRACE_ID);
    /* a later version may carry more after the flags */
    trace_of("traceparent: 01-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-more", NULL,
             id);
    assert_string_equal(id, TRACE_ID);
}

static void test_trace_garbage_ignored(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "traceparent: 00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01", /* uppercase */
        "traceparent: 00-00000000000000000000000000000000-b7ad6b7169203331-01", /* zero id */
        "traceparent: 00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01", /* zero parent */
        "traceparent: ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", /* version ff */
        "traceparent: 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-x", /* v00 + more */
        "traceparent: 00-0af7651916cd43dd8448eb211c8031-b7ad6b7169203331-01",   /* short */
        "traceparent: 00_0af7651916cd43dd8448eb211c80319c_b7ad6b7169203331_01", /* separators */
        "traceparent: garbage",
        "X-Request-Id: 0123456789012345678901234567890123456789", /* too long */
        "X-Request-Id: two words",
        "X-Request-Id: caf\xc3\xa9",
    };
    for (size_t i = 0; i < MT_COUNT(bad); i++) {
        char id[64];
        trace_of(bad[i], NULL, id);
        if (!mt_is_trace_id(id))
            fail_msg("%s gave trace id '%s'", bad[i], id);
        assert_string_not_equal(id, TRACE_ID);
    }
}

static void test_trace_from_request_id(void **state)
{
    (void)state;
    char id[64];
    trace_of("X-Request-Id: req-123_ABC.x", NULL, id);
    assert_string_equal(id, "req-123_ABC.x");
    trace_of("X-Request-Id: \"quoted\\id\"", NULL, id); /* printable: escaped in JSON */
    assert_string_equal(id, "\"quoted\\id\"");
}

static void test_trace_generated_unique(void **state)
{
    (void)state;
    char ids[8][64];
    for (size_t i = 0; i < MT_COUNT(ids); i++) {
        mt_response_t r;
        mt_get(port, i % 2 ? "/things/1" : "/things/42", &r, NULL); /* success and problem */
        assert_non_null(mt_header(&r, "X-Request-Id", 0, ids[i], sizeof ids[i]));
        assert_true(mt_is_trace_id(ids[i]));
        for (size_t j = 0; j < i; j++)
            assert_string_not_equal(ids[i], ids[j]);
    }
}

/* ---- observer and access log ---------------------------------------------------- */

static void test_observer_once_per_problem(void **state)
{
    (void)state;
    mt_response_t r;
    mt_event_t ev[8];
    mt_get(port, "/things/1", &r, NULL);
    assert_int_equal(r.status, 200);
    mt_wait_access(&logs, 1);
    assert_int_equal(sent_events(ev, MT_COUNT(ev)), 0); /* a success is no problem */
    mt_get(port, "/things/42", &r, NULL);
    mt_wait_access(&logs, 2);
    assert_int_equal(sent_events(ev, MT_COUNT(ev)), 1);
    assert_string_equal(ev[0].code_name, "THING_NOT_FOUND");
    assert_int_equal(ev[0].status, 404);
    mt_get(port, "/nowhere", &r, NULL);
    mt_get(port, "/slow", &r, NULL);
    mt_wait_access(&logs, 4);
    assert_int_equal(sent_events(ev, MT_COUNT(ev)), 3);
    assert_string_equal(ev[1].code_name, "NOT_FOUND");
    assert_string_equal(ev[2].code_name, "SLOW_DOWN");
}

static void test_access_log(void **state)
{
    (void)state;
    mt_response_t r;
    char trace[64];
    mt_get(port, "/things/1?verbose=1", &r, NULL);
    mt_wait_access(&logs, 1);
    mt_access_t a = mt_access_at(&logs, 0);
    assert_string_equal(a.method, "GET");
    assert_string_equal(a.path, "/things/1"); /* no query */
    assert_int_equal(a.status, 200);
    assert_false(a.has_code);
    assert_true(a.completed);
    assert_string_equal(a.trace_id, mt_header(&r, "X-Request-Id", 0, trace, sizeof trace));

    mt_request_t rq = { "DELETE", "/things/1", NULL, NULL, 0, false };
    mt_fetch(port, &rq, &r);
    mt_wait_access(&logs, 2);
    a = mt_access_at(&logs, 1);
    assert_string_equal(a.method, "DELETE");
    assert_int_equal(a.status, 405);
    assert_true(a.has_code);
    assert_string_equal(a.code_name, "METHOD_NOT_ALLOWED");
    assert_string_equal(a.trace_id, mt_header(&r, "X-Request-Id", 0, trace, sizeof trace));

    mt_get(port, "/broken", &r, NULL);
    mt_wait_access(&logs, 3);
    a = mt_access_at(&logs, 2);
    assert_int_equal(a.status, 500);
    assert_string_equal(a.code_name, "DATABASE_BROKEN");
    /* once per request: nothing more arrives */
    nanosleep(&(struct timespec){ 0, 50000000 }, NULL);
    assert_int_equal(mt_access_total(&logs), 3);
}

/* ---- routing -------------------------------------------------------------------- */

static void test_not_found(void **state)
{
    (void)state;
    static const char *const paths[] = { "/nowhere", "/things", "/things/", "/things/1/x",
                                         "/docs", "/a/1/b", "/a//b/2" };
    for (size_t i = 0; i < MT_COUNT(paths); i++) {
        mt_response_t r;
        mt_get(port, paths[i], &r, NULL);
        json_t *o = mt_expect_problem(&r, 404, "NOT_FOUND");
        mt_expect_string(o, "type", "about:blank");
        mt_expect_string(o, "instance", paths[i]);
        json_decref(o);
    }
}

static void test_method_not_allowed(void **state)
{
    (void)state;
    static const struct {
        const char *method, *path, *allow;
    } cases[] = {
        { "DELETE", "/things/1", "GET, HEAD, PUT" },
        { "POST", "/things/1", "GET, HEAD, PUT" },
        { "GET", "/items", "POST" },
        { "HEAD", "/items", "POST" },
        { "GET", "/only-delete", "DELETE, POST" },
        { "get", "/things/1", "GET, HEAD, PUT" }, /* methods are case-sensitive */
    };
    for (size_t i = 0; i < MT_COUNT(cases); i++) {
        mt_response_t r;
        char buf[256];
        mt_request_t rq = { cases[i].method, cases[i].path, NULL, NULL, 0, false };
        mt_fetch(port, &rq, &r);
        assert_int_equal(r.status, 405);
        assert_int_equal(mt_header_count(&r, "Allow"), 1);
        assert_string_equal(mt_header(&r, "Allow", 0, buf, sizeof buf), cases[i].allow);
        if (strcmp(cases[i].method, "HEAD") != 0) {
            json_t *o = mt_expect_problem(&r, 405, "METHOD_NOT_ALLOWED");
            mt_expect_string(o, "allow", cases[i].allow);
            json_decref(o);
        }
    }
}

static void test_head_uses_get(void **state)
{
    (void)state;
    mt_response_t r;
    char buf[256];
    mt_request_t rq = { "HEAD", "/things/1", NULL, NULL, 0, false };
    mt_fetch(port, &rq, &r);
    assert_int_equal(r.status, 200);
    assert_int_equal(r.body_len, 0);
    assert_string_equal(mt_header(&r, "ETag", 0, buf, sizeof buf), "\"v1\"");
    rq.path = "/things/42";
    mt_fetch(port, &rq, &r);
    assert_int_equal(r.status, 404);
    assert_int_equal(r.body_len, 0);
    assert_string_equal(mt_header(&r, "Content-Type", 0, buf, sizeof buf),
                        "application/problem+json");
}

static void test_params_query_headers(void **state)
{
    (void)state;
    mt_response_t r;
    mt_get(port, "/things/a%20b?verbose=1", &r, "X-Thing: hello", NULL);
    assert_int_equal(r.status, 200);
    json_t *o = mt_json(&r);
    mt_expect_string(o, "id", "a b"); /* MHD decodes the path */
    assert_true(json_is_true(json_object_get(o, "verbose")));
    mt_expect_string(o, "x", "hello");
    json_decref(o);
    mt_get(port, "/a/one/b/two", &r, NULL);
    o = mt_json(&r);
    mt_expect_string(o, "a", "one");
    mt_expect_string(o, "b", "two");
    json_decref(o);
    mt_get(port, "/docs/", &r, NULL);
    assert_string_equal(r.body, "rest=[]");
    mt_get(port, "/docs/guide/errors.html", &r, NULL);
    assert_int_equal(r.status, 200);
    assert_string_equal(r.body, "rest=[guide/errors.html]");
    char buf[256];
    assert_string_equal(mt_header(&r, "Content-Type", 0, buf, sizeof buf),
                        "text/plain; charset=utf-8");
    assert_int_equal(mt_header_count(&r, "Content-Type"), 1);
}

static void test_before_hook(void **state)
{
    (void)state;
    mt_response_t r;
    mt_get(port, "/things/1", &r, "X-Deny: 1", NULL);
    json_decref(mt_expect_problem(&r, 403, "FORBIDDEN"));
    mt_get(port, "/nowhere", &r, "X-Deny: 1", NULL); /* before routing */
    json_decref(mt_expect_problem(&r, 403, "FORBIDDEN"));
}

/* ---- request bodies ---------------------------------------------------------------- */

static void test_body_within_limit(void **state)
{
    (void)state;
    static const char body[] = "0123456789012345678901234567890123456789012345678901234567890123";
    for (int chunked = 0; chunked < 2; chunked++) {
        mt_response_t r;
        mt_request_t rq = { "POST", "/echo", NULL, body, sizeof body - 1, chunked != 0 };
        mt_fetch(port, &rq, &r);
        assert_int_equal(r.status, 200);
        json_t *o = mt_json(&r);
        mt_expect_int(o, "len", 64);
        mt_expect_string(o, "body", body);
        json_decref(o);
    }
}

static void test_body_too_large(void **state)
{
    (void)state;
    char body[100];
    memset(body, 'b', sizeof body);
    for (int chunked = 0; chunked < 2; chunked++) {
        mt_response_t r;
        mt_request_t rq = { "POST", "/echo", NULL, body, sizeof body, chunked != 0 };
        mt_fetch(port, &rq, &r);
        json_decref(mt_expect_problem(&r, 413, "CONTENT_TOO_LARGE"));
    }
    /* A body far larger than the socket buffers, refused before it is
     * read: the client still gets the 413, not a reset connection. */
    static char big[1 << 20];
    memset(big, 'b', sizeof big);
    for (int chunked = 0; chunked < 2; chunked++) {
        mt_response_t r;
        mt_request_t rq = { "POST", "/echo", NULL, big, sizeof big, chunked != 0 };
        mt_fetch(port, &rq, &r);
        json_decref(mt_expect_problem(&r, 413, "CONTENT_TOO_LARGE"));
    }
    /* Too large wins over routing: the body is refused before anything
     * looks at it. */
    mt_response_t r;
    mt_request_t rq = { "POST", "/nowhere", NULL, body, sizeof body, false };
    mt_fetch(port, &rq, &r);
    json_decref(mt_expect_problem(&r, 413, "CONTENT_TOO_LARGE"));
}

/* ---- internal failures --------------------------------------------------------------- */

/* A 500 from the internal hook: the catalog's code, the reason for the
 * observer only. */
static void expect_internal(const char *path, const char *why)
{
    mt_response_t r;
    mt_event_t ev[8];
    mt_log_reset(&logs);
    mt_get(port, path, &r, NULL);
    json_t *o = mt_expect_problem(&r, 500, "INTERNAL_SERVER_ERROR");
    assert_null(strstr(r.body, why));
    json_decref(o);
    assert_int_equal(sent_events(ev, MT_COUNT(ev)), 1);
    if (strstr(ev[0].detail, why) == NULL)
        fail_msg("%s: observer detail '%s' lacks '%s'", path, ev[0].detail, why);
}

static void test_failed_without_throw(void **state)
{
    (void)state;
    expect_internal("/lazy", "without throwing");
}

static void test_ok_without_response(void **state)
{
    (void)state;
    expect_internal("/silent", "without choosing a response");
}

static void test_body_overflow_is_500(void **state)
{
    (void)state;
    expect_internal("/overflow", "overflow");
}

static void test_json_writer_misuse_is_500(void **state)
{
    (void)state;
    expect_internal("/jw?how=unbalanced", "misuse");
    expect_internal("/jw?how=big", "overflow");
    expect_internal("/batch-bad", "not one JSON value");
}

static void test_header_injection_refused(void **state)
{
    (void)state;
    static const char *const what[] = { "value", "lf", "nul-ish", "name", "reserved",
                                        "location", "null-location" };
    for (size_t i = 0; i < MT_COUNT(what); i++) {
        char path[64];
        mt_response_t r;
        snprintf(path, sizeof path, "/inject?what=%s", what[i]);
        mt_get(port, path, &r, NULL);
        json_decref(mt_expect_problem(&r, 500, "INTERNAL_SERVER_ERROR"));
        assert_int_equal(mt_header_count(&r, "Set-Cookie"), 0);
        assert_int_equal(mt_header_count(&r, "X-Evil"), 0);
        assert_int_equal(mt_header_count(&r, "Location"), 0);
    }
}

/* ---- success helpers ------------------------------------------------------------------- */

static void test_ok_200(void **state)
{
    (void)state;
    mt_response_t r;
    char buf[256];
    mt_get(port, "/things/7", &r, NULL);
    assert_int_equal(r.status, 200);
    assert_string_equal(mt_header(&r, "Content-Type", 0, buf, sizeof buf), "application/json");
    assert_string_equal(mt_header(&r, "ETag", 0, buf, sizeof buf), "\"v1\"");
    assert_int_equal(mt_header_count(&r, "Vary"), 0);
    json_t *o = mt_json(&r);
    mt_expect_string(o, "id", "7");
    json_decref(o);
}

static void test_created_201(void **state)
{
    (void)state;
    mt_response_t r;
    char buf[256];
    mt_request_t rq = { "POST", "/items", NULL, "{}", 2, false };
    mt_fetch(port, &rq, &r);
    assert_int_equal(r.status, 201);
    assert_string_equal(mt_header(&r, "Location", 0, buf, sizeof buf), "/items/7");
    assert_string_equal(mt_header(&r, "Content-Type", 0, buf, sizeof buf), "application/json");
    json_t *o = mt_json(&r);
    mt_expect_string(o, "id", "7");
    json_decref(o);
}

static void test_no_content_204(void **state)
{
    (void)state;
    mt_response_t r;
    mt_request_t rq = { "PUT", "/things/7", NULL, "{}", 2, false };
    mt_fetch(port, &rq, &r);
    assert_int_equal(r.status, 204);
    assert_int_equal(r.body_len, 0);
    assert_int_equal(mt_header_count(&r, "Content-Type"), 0);
    assert_int_equal(mt_header_count(&r, "X-Request-Id"), 1);
}

static void test_multi_status_207(void **state)
{
    (void)state;
    mt_response_t r;
    char buf[256];
    mt_event_t ev[8];
    mt_get(port, "/batch", &r, NULL);
    assert_int_equal(r.status, 207);
    assert_string_equal(mt_header(&r, "Content-Type", 0, buf, sizeof buf), "application/json");
    json_decref(mt_json(&r));
    /* liberrata's own reader takes it item by item */
    errata_multi_t m;
    errata_multi_item_t item;
    assert_true(errata_multi_init(&m, r.body, r.body_len));
    assert_true(errata_multi_next(&m, &item));
    assert_int_equal(item.status, 200);
    assert_non_null(item.value);
    assert_null(item.problem);
    assert_true(errata_multi_next(&m, &item));
    assert_int_equal(item.status, 404);
    assert_non_null(item.problem);
    assert_non_null(strstr(item.problem, "\"code\":\"THING_NOT_FOUND\""));
    assert_non_null(strstr(item.problem, "\"type\":\"http://127.0.0.1/errors/thing-not-found\""));
    assert_true(errata_multi_next(&m, &item));
    assert_int_equal(item.status, 500);
    assert_non_null(item.problem);
    assert_null(strstr(r.body, "hunter2")); /* items hide 5xx details too */
    char needle[80];
    snprintf(needle, sizeof needle, "\"trace_id\":\"%s\"",
             mt_header(&r, "X-Request-Id", 0, buf, sizeof buf));
    assert_non_null(strstr(item.problem, needle));
    assert_false(errata_multi_next(&m, &item));
    assert_int_equal(sent_events(ev, MT_COUNT(ev)), 2); /* each problem item observed */
}

static void test_json_string_escaping(void **state)
{
    (void)state;
    mt_response_t r;
    /* a quote, a backslash, a newline, a control byte, valid UTF-8, a lone
     * continuation byte, a truncated sequence, an overlong form, a surrogate */
    mt_get(port, "/json?s=%22%5C%0A%01caf%C3%A9%80x%E2%82y%C0%AFz%ED%A0%80.", &r, NULL);
    assert_int_equal(r.status, 200);
    json_t *o = mt_json(&r);
    mt_expect_string(o, "s", "\"\\\n\001caf\xc3\xa9\xef\xbf\xbdx\xef\xbf\xbdy"
                             "\xef\xbf\xbd\xef\xbf\xbdz\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd.");
    json_decref(o);
}

static void test_json_writer(void **state)
{
    (void)state;
    mt_response_t r;
    mt_get(port, "/jw", &r, NULL);
    assert_int_equal(r.status, 200);
    assert_string_equal(r.body, "{\"name\":\"R\\\"ex\\n\",\"age\":3}");
}

static void test_static_body(void **state)
{
    (void)state;
    mt_response_t r;
    char buf[256];
    mt_get(port, "/page", &r, NULL);
    assert_int_equal(r.status, 200);
    assert_string_equal(r.body, "<!doctype html><title>static</title>");
    assert_string_equal(mt_header(&r, "Content-Type", 0, buf, sizeof buf), "text/html");
}

/* ---- threads ------------------------------------------------------------------------------ */

typedef struct worker {
    uint16_t port;
    int ok;
    char ids[10][64];
    mt_response_t r; /* large: off the thread's stack */
} worker_t;

static void *worker_run(void *arg)
{
    worker_t *w = arg;
    for (size_t i = 0; i < MT_COUNT(w->ids); i++) {
        mt_get(w->port, i % 2 ? "/things/42" : "/things/9", &w->r, NULL);
        if (w->r.status == (i % 2 ? 404 : 200) &&
            mt_header(&w->r, "X-Request-Id", 0, w->ids[i], 64) != NULL)
            w->ok++;
    }
    return NULL;
}

/* A pool of MHD threads and clients in parallel: every request answered,
 * every generated trace id distinct. */
static void test_threads(void **state)
{
    (void)state;
    errata_mhd_config_t config = { .routes = routes, .route_count = MT_COUNT(routes),
                                   .not_found = not_found, .connections = 16, .threads = 4,
                                   .loopback = true };
    errata_mhd_server_t *s = errata_mhd_server_create(&config, NULL);
    assert_non_null(s);
    assert_int_equal(errata_mhd_slot_count(s), 16);
    assert_true(errata_mhd_start(s, 0, 0));
    static worker_t w[4];
    pthread_t t[4];
    for (size_t i = 0; i < 4; i++) {
        w[i].port = errata_mhd_port(s);
        w[i].ok = 0;
        assert_int_equal(pthread_create(&t[i], NULL, worker_run, &w[i]), 0);
    }
    for (size_t i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    errata_mhd_server_destroy(s);
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(w[i].ok, 10);
        for (size_t j = 0; j < 10; j++)
            for (size_t k = 0; k < 4; k++)
                for (size_t l = 0; l < 10; l++)
                    if (k != i || l != j)
                        assert_string_not_equal(w[i].ids[j], w[k].ids[l]);
    }
}

/* No hooks at all: the standard about:blank answer of each status the app
 * would have named (catalog/http.yaml's entries: title, code, members,
 * headers), and the runtime's generic 500 for the adapter's own failures. */
static void test_no_hooks_standard_answers(void **state)
{
    (void)state;
    errata_mhd_config_t config = { .routes = routes, .route_count = MT_COUNT(routes),
                                   .max_body = 8, .loopback = true };
    errata_mhd_server_t *s = errata_mhd_server_create(&config, NULL);
    assert_non_null(s);
    assert_true(errata_mhd_start(s, 0, 0));
    uint16_t p = errata_mhd_port(s);
    static const char *const paths[] = { "/lazy", "/inject?what=value", "/silent" };
    for (size_t i = 0; i < MT_COUNT(paths); i++) {
        mt_response_t r;
        char trace[64];
        mt_get(p, paths[i], &r, NULL);
        json_t *o = mt_expect_problem(&r, 500, NULL);
        mt_expect_string(o, "type", "about:blank");
        mt_expect_string(o, "title", "Internal Server Error");
        mt_expect_string(o, "trace_id", mt_header(&r, "X-Request-Id", 0, trace, sizeof trace));
        json_decref(o);
    }
    mt_response_t r;
    char buf[256];
    mt_get(p, "/nowhere", &r, NULL);
    json_t *o = mt_expect_problem(&r, 404, "NOT_FOUND");
    mt_expect_string(o, "type", "about:blank");
    mt_expect_string(o, "title", "Not Found");
    assert_null(json_object_get(o, "trace_id")); /* a 4xx: the header carries it */
    json_decref(o);
    assert_true(mt_is_trace_id(mt_header(&r, "X-Request-Id", 0, buf, sizeof buf)));
    assert_string_equal(mt_header(&r, "Cache-Control", 0, buf, sizeof buf), "no-store");

    mt_request_t rq = { "DELETE", "/things/1", NULL, NULL, 0, false };
    mt_fetch(p, &rq, &r);
    o = mt_expect_problem(&r, 405, "METHOD_NOT_ALLOWED");
    mt_expect_string(o, "title", "Method Not Allowed");
    mt_expect_string(o, "allow", "GET, HEAD, PUT");
    json_decref(o);
    assert_string_equal(mt_header(&r, "Allow", 0, buf, sizeof buf), "GET, HEAD, PUT");

    rq = (mt_request_t){ "POST", "/echo", NULL, "0123456789", 10, false };
    mt_fetch(p, &rq, &r);
    o = mt_expect_problem(&r, 413, "CONTENT_TOO_LARGE");
    mt_expect_string(o, "type", "about:blank");
    mt_expect_string(o, "title", "Content Too Large");
    json_decref(o);
    errata_mhd_server_destroy(s);
}

/* A hook that returns without throwing gives the standard answer too. */
static errata_status_t shrug(errata_mhd_request_t *req, errata_problem_t *err)
{
    (void)req;
    (void)err;
    return ERRATA_OK;
}

static void test_hook_without_throw_standard(void **state)
{
    (void)state;
    errata_mhd_config_t config = { .routes = routes, .route_count = MT_COUNT(routes),
                                   .not_found = shrug, .loopback = true };
    errata_mhd_server_t *s = errata_mhd_server_create(&config, NULL);
    assert_non_null(s);
    assert_true(errata_mhd_start(s, 0, 0));
    mt_response_t r;
    mt_get(errata_mhd_port(s), "/nowhere", &r, NULL);
    json_decref(mt_expect_problem(&r, 404, "NOT_FOUND"));
    errata_mhd_server_destroy(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_problem_from_route, reset_logs),
        cmocka_unit_test_setup(test_catalog_headers, reset_logs),
        cmocka_unit_test_setup(test_ratelimit_fields, reset_logs),
        cmocka_unit_test_setup(test_5xx_hides_internals, reset_logs),
        cmocka_unit_test_setup(test_accept_over_http, reset_logs),
        cmocka_unit_test_setup(test_trace_from_traceparent, reset_logs),
        cmocka_unit_test_setup(test_trace_garbage_ignored, reset_logs),
        cmocka_unit_test_setup(test_trace_from_request_id, reset_logs),
        cmocka_unit_test_setup(test_trace_generated_unique, reset_logs),
        cmocka_unit_test_setup(test_observer_once_per_problem, reset_logs),
        cmocka_unit_test_setup(test_access_log, reset_logs),
        cmocka_unit_test_setup(test_not_found, reset_logs),
        cmocka_unit_test_setup(test_method_not_allowed, reset_logs),
        cmocka_unit_test_setup(test_head_uses_get, reset_logs),
        cmocka_unit_test_setup(test_params_query_headers, reset_logs),
        cmocka_unit_test_setup(test_before_hook, reset_logs),
        cmocka_unit_test_setup(test_body_within_limit, reset_logs),
        cmocka_unit_test_setup(test_body_too_large, reset_logs),
        cmocka_unit_test_setup(test_failed_without_throw, reset_logs),
        cmocka_unit_test_setup(test_ok_without_response, reset_logs),
        cmocka_unit_test_setup(test_body_overflow_is_500, reset_logs),
        cmocka_unit_test_setup(test_json_writer_misuse_is_500, reset_logs),
        cmocka_unit_test_setup(test_header_injection_refused, reset_logs),
        cmocka_unit_test_setup(test_ok_200, reset_logs),
        cmocka_unit_test_setup(test_created_201, reset_logs),
        cmocka_unit_test_setup(test_no_content_204, reset_logs),
        cmocka_unit_test_setup(test_multi_status_207, reset_logs),
        cmocka_unit_test_setup(test_json_string_escaping, reset_logs),
        cmocka_unit_test_setup(test_json_writer, reset_logs),
        cmocka_unit_test_setup(test_static_body, reset_logs),
        cmocka_unit_test(test_threads),
        cmocka_unit_test(test_no_hooks_standard_answers),
        cmocka_unit_test(test_hook_without_throw_standard),
    };
    curl_global_init(CURL_GLOBAL_DEFAULT);
    int failed = cmocka_run_group_tests(tests, setup_server, teardown_server);
    curl_global_cleanup();
    return failed;
}
