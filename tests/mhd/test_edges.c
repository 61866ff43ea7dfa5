/* errata-mhd at the edges of HTTP/1.1, over raw sockets (libcurl will not
 * send these): requests MHD lets through but a server must refuse (a NUL
 * byte in the target or a header, Host missing or repeated, ambiguous
 * framing, a Transfer-Encoding it cannot decode) are answered at once with
 * a problem through the hooks, or the standard answer without them; the
 * well-formed neighbours of each are served; and the requests MHD answers
 * itself are answered (docs/limits.md lists them). Every read is bounded:
 * a request left unanswered fails the test instead of hanging it. */
#include "mt.h"

#include <curl/curl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "mt_errors.h"

#define WAIT_MS 3000 /* a bound on each answer, never an expected time */

static mt_log_t logs;
static errata_mhd_server_t *hooked, *bare;

static errata_status_t get_thing(errata_mhd_request_t *req, errata_mhd_response_t *res,
                                 errata_problem_t *err)
{
    (void)err;
    errata_mhd_append(res, "{\"id\":", 6);
    errata_mhd_json_string(res, errata_mhd_param(req, "id"));
    errata_mhd_append(res, ",\"x\":", 5);
    errata_mhd_json_string(res, errata_mhd_header(req, "X-A"));
    errata_mhd_append(res, "}", 1);
    return errata_mhd_ok(res);
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

/* Problems of kilobytes before any member: a 20 KB title (a generator
 * warning, not an error) and a 20 KB type. */
static char huge_title[20001], huge_type[20001];
static errata_descriptor_t huge_title_desc, huge_type_desc;

static void huge_init(void)
{
    memset(huge_title, 'T', sizeof huge_title - 1);
    memcpy(huge_type, "https://errors.mhd.test/", 24);
    memset(huge_type + 24, 'y', sizeof huge_type - 25);
    huge_title_desc = (errata_descriptor_t){ .code_name = "HUGE_TITLE", .status = 409,
                                             .title = huge_title,
                                             .type_uri = "https://errors.mhd.test/huge-title",
                                             .expose_detail = true, .cache_control = "no-store" };
    huge_type_desc = (errata_descriptor_t){ .code_name = "HUGE_TYPE", .status = 409,
                                            .title = "Huge type", .type_uri = huge_type,
                                            .expose_detail = true, .cache_control = "no-store" };
}

/* A hand-made descriptor (never checked by the generator) whose constant
 * parts would break the response: a header name that is no token, a
 * literal value with CR LF, a Cache-Control with CR LF; and one good
 * header beside them. */
static const errata_template_part_t evil_value[] = { { "a\r\nX-Injected: 1", -1, false } };
static const errata_template_part_t good_value[] = { { "kept", -1, false } };
static const errata_header_desc_t hand_headers[] = {
    { "Bad Name", good_value, 1, NULL },
    { "X-Split", evil_value, 1, NULL },
    { "X-Good", good_value, 1, NULL },
};
static const errata_descriptor_t hand_desc = {
    .code_name = "HAND_MADE", .status = 409, .title = "Hand made",
    .type_uri = "https://errors.mhd.test/hand-made", .expose_detail = true,
    .cache_control = "no-store\r\nX-Injected: 2", .headers = hand_headers,
    .header_count = MT_COUNT(hand_headers),
};

static errata_status_t get_huge(errata_mhd_request_t *req, errata_mhd_response_t *res,
                                errata_problem_t *err)
{
    (void)res;
    if (strcmp(errata_mhd_param(req, "what"), "hand") == 0)
        return errata_throw(err, &hand_desc, __FILE__, __LINE__, NULL, NULL, NULL);
    bool type = strcmp(errata_mhd_param(req, "what"), "type") == 0;
    return errata_throw(err, type ? &huge_type_desc : &huge_title_desc, __FILE__, __LINE__,
                        "the detail", NULL, NULL);
}

static const errata_mhd_route_t routes[] = {
    { "GET", "/things/{id}", get_thing },
    { "POST", "/echo", post_echo },
    { "GET", "/huge/{what}", get_huge },
};

static errata_status_t bad_request(errata_mhd_request_t *req, const char *why,
                                   errata_problem_t *err)
{
    (void)req;
    MT_THROW_BAD_REQUEST(err, .detail = why);
}

static errata_status_t not_implemented(errata_mhd_request_t *req, const char *why,
                                       errata_problem_t *err)
{
    (void)req;
    MT_THROW_NOT_IMPLEMENTED(err, .detail = why);
}

static errata_status_t internal(errata_mhd_request_t *req, const char *why,
                                errata_problem_t *err)
{
    (void)req;
    MT_THROW_INTERNAL_SERVER_ERROR(err, .detail = why);
}

static errata_mhd_server_t *start(bool hooks)
{
    errata_mhd_config_t config = {
        .routes = routes, .route_count = MT_COUNT(routes), .observer = mt_observer,
        .observer_ctx = &logs, .access_log = mt_access_log, .access_log_ctx = &logs,
        .max_body = 64, .connections = 8, .loopback = true,
        .bad_request = hooks ? bad_request : NULL,
        .not_implemented = hooks ? not_implemented : NULL,
        .internal = hooks ? internal : NULL,
    };
    errata_mhd_server_t *s = errata_mhd_server_create(&config, NULL);
    assert_non_null(s);
    assert_true(errata_mhd_start(s, 0, 0));
    return s;
}

static int setup(void **state)
{
    (void)state;
    huge_init();
    hooked = start(true);
    bare = start(false);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    errata_mhd_server_destroy(hooked);
    errata_mhd_server_destroy(bare);
    return 0;
}

static int reset_logs(void **state)
{
    (void)state;
    mt_log_reset(&logs);
    return 0;
}

/* The answer to n raw bytes; fails when none comes within the bound. */
static void exchange(errata_mhd_server_t *s, const char *request, size_t n, mt_response_t *r)
{
    if (!mt_raw_exchange(errata_mhd_port(s), request, n, r, WAIT_MS))
        fail_msg("no answer to: %.*s", (int)n, request);
}

#define EXCHANGE(s, lit, r) exchange((s), (lit), sizeof(lit) - 1, (r))

/* A refusal through the hook: the catalog's code, the reason as detail,
 * the trace id in X-Request-Id (and in the body of a hidden 5xx). */
static void expect_refused(const mt_response_t *r, long status, const char *code,
                           const char *why)
{
    char trace[64];
    json_t *o = mt_expect_problem(r, status, code);
    assert_true(mt_is_trace_id(mt_header(r, "X-Request-Id", 0, trace, sizeof trace)));
    if (status >= 500)
        mt_expect_string(o, "trace_id", trace);
    else if (why != NULL)
        mt_expect_string(o, "detail", why);
    json_decref(o);
}

/* ---- Transfer-Encoding ---------------------------------------------------------------- */

/* MHD decodes chunked only; any other coding it would read until the
 * client closed, holding the request unanswered. */
static void test_unknown_transfer_encoding_501(void **state)
{
    (void)state;
    mt_response_t r;
    EXCHANGE(hooked, "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", &r);
    expect_refused(&r, 501, "NOT_IMPLEMENTED", NULL);
    EXCHANGE(hooked,
             "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
             &r);
    expect_refused(&r, 501, "NOT_IMPLEMENTED", NULL);
    EXCHANGE(hooked,
             "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
             "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
             &r);
    expect_refused(&r, 501, "NOT_IMPLEMENTED", NULL);
    /* chunked itself, in any case, is served */
    EXCHANGE(hooked,
             "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: Chunked\r\n\r\n"
             "3\r\nabc\r\n0\r\n\r\n",
             &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(r.body, "{\"len\":3,\"body\":\"abc\"}");
}

static void test_ambiguous_framing_400(void **state)
{
    (void)state;
    mt_response_t r;
    EXCHANGE(hooked,
             "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n"
             "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
             &r);
    expect_refused(&r, 400, "BAD_REQUEST",
                   "a request with both Content-Length and Transfer-Encoding");
    EXCHANGE(hooked,
             "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 5\r\n\r\n"
             "abcde",
             &r);
    expect_refused(&r, 400, "BAD_REQUEST", "a request with more than one Content-Length header");
}

/* ---- Host ------------------------------------------------------------------------------ */

static void test_host_rules(void **state)
{
    (void)state;
    mt_response_t r;
    EXCHANGE(hooked, "GET /things/1 HTTP/1.1\r\n\r\n", &r);
    expect_refused(&r, 400, "BAD_REQUEST", "an HTTP/1.1 request without a Host header");
    EXCHANGE(hooked, "GET /things/1 HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", &r);
    expect_refused(&r, 400, "BAD_REQUEST", "a request with more than one Host header");
    /* HTTP/1.0 has no Host rule; an empty Host is valid (RFC 9112 3.2) */
    EXCHANGE(hooked, "GET /things/1 HTTP/1.0\r\n\r\n", &r);
    assert_int_equal(r.status, 200);
    EXCHANGE(hooked, "GET /things/1 HTTP/1.1\r\nHost:\r\nConnection: close\r\n\r\n", &r);
    assert_int_equal(r.status, 200);
}

/* ---- NUL bytes -------------------------------------------------------------------------- */

static void test_nul_in_target_400(void **state)
{
    (void)state;
    mt_response_t r;
    mt_event_t ev[4];
    EXCHANGE(hooked, "GET /things/a%00b HTTP/1.1\r\nHost: x\r\n\r\n", &r);
    expect_refused(&r, 400, "BAD_REQUEST", "a NUL byte (%00) in the request target");
    EXCHANGE(hooked, "GET /things/1?q=a%00 HTTP/1.1\r\nHost: x\r\n\r\n", &r);
    expect_refused(&r, 400, "BAD_REQUEST", "a NUL byte (%00) in the request target");
    EXCHANGE(hooked, "GET /things/1?a%00=1 HTTP/1.1\r\nHost: x\r\n\r\n", &r);
    expect_refused(&r, 400, "BAD_REQUEST", NULL);
    assert_int_equal(mt_events(&logs, ERRATA_EVENT_SENT, ev, MT_COUNT(ev)), 3);
    assert_string_equal(ev[0].code_name, "BAD_REQUEST");
    /* other escapes are decoded and served */
    EXCHANGE(hooked, "GET /things/a%2500b HTTP/1.1\r\nHost: x\r\n\r\n", &r);
    assert_int_equal(r.status, 200);
    json_t *o = mt_json(&r);
    mt_expect_string(o, "id", "a%00b");
    json_decref(o);
}

static void test_nul_in_header_400(void **state)
{
    (void)state;
    mt_response_t r;
    static const char last[] = "GET /things/1 HTTP/1.1\r\nHost: x\r\nX-A: a\0b\r\n\r\n";
    static const char middle[] = "GET /things/1 HTTP/1.1\r\nX-A: a\0b\r\nHost: x\r\n\r\n";
    static const char bare_lf[] = "GET /things/1 HTTP/1.1\nX-A: a\0Host: y\nHost: x\n\n";
    static const char in_name[] = "GET /things/1 HTTP/1.1\r\nHost: x\r\nX-\0A: a\r\n\r\n";
    exchange(hooked, last, sizeof last - 1, &r);
    expect_refused(&r, 400, "BAD_REQUEST", "a NUL byte in a header field");
    exchange(hooked, middle, sizeof middle - 1, &r);
    expect_refused(&r, 400, "BAD_REQUEST", "a NUL byte in a header field");
    exchange(hooked, bare_lf, sizeof bare_lf - 1, &r);
    expect_refused(&r, 400, "BAD_REQUEST", "a NUL byte in a header field");
    exchange(hooked, in_name, sizeof in_name - 1, &r);
    assert_int_equal(r.status, 400); /* a name cut at the NUL has no colon: MHD's own 400 */
}

/* What the NUL check must not refuse: bare LF line ends, empty values,
 * trailing blanks, folded lines, many fields. */
static void test_well_formed_heads_served(void **state)
{
    (void)state;
    static const char *const heads[] = {
        "GET /things/1 HTTP/1.1\r\nHost: x\r\nX-A: v\r\n\r\n",
        "GET /things/1 HTTP/1.1\nHost: x\nX-A: v\n\n",
        "GET /things/1 HTTP/1.1\nX-A: v\r\nHost: x\n\r\n",
        "GET /things/1 HTTP/1.1\r\nX-A:\r\nHost:x\r\n\r\n",
        "GET /things/1 HTTP/1.1\nX-A:\nHost: x\n\n",
        "GET /things/1 HTTP/1.1\r\nHost: x  \r\nX-A: v \t \r\n\r\n",
        "GET /things/1 HTTP/1.1\r\nHost: x\r\nX-A: v\r\n w\r\n\r\n",
        "GET /things/1 HTTP/1.1\r\nHost: x\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\nX-A: v\r\n\r\n",
    };
    for (size_t i = 0; i < MT_COUNT(heads); i++) {
        mt_response_t r;
        exchange(hooked, heads[i], strlen(heads[i]), &r);
        if (r.status != 200)
            fail_msg("head %zu refused (%ld): %s", i, r.status, r.body);
    }
}

/* ---- the access log ---------------------------------------------------------------------- */

/* The access entry answered with status whose path starts with prefix,
 * waited for (up to 5 s): MHD writes an entry once the answer is sent,
 * possibly after the client has read it, so entries of one test may come
 * in late and in any order, and one of the previous test's may be there. */
static mt_access_t access_entry(int status, const char *prefix)
{
    for (int tries = 0; tries < 5000; tries++) {
        for (size_t i = 0; i < mt_access_total(&logs) && i < MT_COUNT(logs.access); i++) {
            mt_access_t a = mt_access_at(&logs, i);
            if (a.status == status && strncmp(a.path, prefix, strlen(prefix)) == 0)
                return a;
        }
        nanosleep(&(struct timespec){ 0, 1000000 }, NULL);
    }
    fail_msg("no access entry %d %s...", status, prefix);
    return mt_access_at(&logs, 0);
}

/* A decoded %0a in a path must not start a line of its own in the log:
 * control bytes (and the backslash, so that every escape is the
 * adapter's) are written \xNN. */
static void test_access_log_escapes(void **state)
{
    (void)state;
    mt_response_t r;
    EXCHANGE(hooked, "GET /things/a%0aGET%20/forged%0d%1b[31m%7f%5c HTTP/1.1\r\nHost: x\r\n\r\n",
             &r);
    assert_int_equal(r.status, 404);
    EXCHANGE(hooked, "G\x01T /things/1 HTTP/1.1\r\nHost: x\r\n\r\n", &r);
    assert_int_equal(r.status, 405);
    mt_access_t a = access_entry(404, "/things/a");
    assert_string_equal(a.path, "/things/a\\x0aGET /forged\\x0d\\x1b[31m\\x7f\\x5c");
    assert_null(strchr(a.path, '\n'));
    a = access_entry(405, "/things/1");
    assert_string_equal(a.method, "G\\x01T");
}

/* A long path is cut before a byte, never inside an escape. */
static void test_access_log_cut_whole(void **state)
{
    (void)state;
    char request[1024];
    char path[600] = "/";
    for (size_t i = 1; i + 3 < sizeof path; i += 3)
        memcpy(path + i, "%0a", 4);
    int n = snprintf(request, sizeof request, "GET %s HTTP/1.1\r\nHost: x\r\n\r\n", path);
    mt_response_t r;
    exchange(hooked, request, (size_t)n, &r);
    assert_int_equal(r.status, 404);
    mt_access_t a = access_entry(404, "/\\x0a");
    size_t len = strlen(a.path);
    assert_true(len <= 255);
    assert_int_equal((len - 1) % 4, 0); /* "/" then whole "\x0a"s */
    assert_string_equal(a.path + len - 4, "\\x0a");
}

/* ---- problems too large for a body ----------------------------------------------------- */

/* A 409 whose title alone is 20 KB is still a 409, with a valid body:
 * its type, status and code (the title is optional, the catalog has it).
 * A type of 20 KB cannot be sent at all: the server's own failure, a 500
 * through the internal hook, body and status agreeing. */
static void test_problem_too_large_for_body(void **state)
{
    (void)state;
    mt_response_t r;
    mt_event_t ev[4];
    EXCHANGE(hooked, "GET /huge/title HTTP/1.1\r\nHost: x\r\n\r\n", &r);
    json_t *o = mt_expect_problem(&r, 409, "HUGE_TITLE");
    mt_expect_string(o, "type", "https://errors.mhd.test/huge-title");
    assert_null(json_object_get(o, "title"));
    json_decref(o);
    assert_int_equal(mt_events(&logs, ERRATA_EVENT_SENT, ev, MT_COUNT(ev)), 1);
    assert_string_equal(ev[0].detail, "the detail"); /* the observer still has it all */

    mt_log_reset(&logs);
    EXCHANGE(hooked, "GET /huge/type HTTP/1.1\r\nHost: x\r\n\r\n", &r);
    json_decref(mt_expect_problem(&r, 500, "INTERNAL_SERVER_ERROR"));
    assert_int_equal(mt_events(&logs, ERRATA_EVENT_SENT, ev, MT_COUNT(ev)), 1);
    assert_non_null(strstr(ev[0].detail, "ERRATA_MHD_PROBLEM_BODY_SIZE"));
    EXCHANGE(bare, "GET /huge/type HTTP/1.1\r\nHost: x\r\n\r\n", &r);
    o = mt_expect_problem(&r, 500, NULL);
    mt_expect_string(o, "title", "Internal Server Error");
    json_decref(o);
    assert_int_equal(access_entry(500, "/huge/type").status, 500);
}

/* What a hand-made descriptor brings is checked on every response: a
 * name that is no token, a CR LF in a header's value or in Cache-Control
 * never reaches the wire (each header is left out and reported), the
 * good header and the runtime's own ones still go out. */
static void test_hand_made_headers_checked(void **state)
{
    (void)state;
    mt_response_t r;
    mt_event_t ev[8];
    char buf[128];
    EXCHANGE(hooked, "GET /huge/hand HTTP/1.1\r\nHost: x\r\n\r\n", &r);
    json_decref(mt_expect_problem(&r, 409, "HAND_MADE"));
    assert_null(strstr(r.headers, "Injected"));
    assert_null(strstr(r.headers, "Bad Name"));
    assert_int_equal(mt_header_count(&r, "X-Split"), 0);
    assert_int_equal(mt_header_count(&r, "Cache-Control"), 0);
    assert_string_equal(mt_header(&r, "X-Good", 0, buf, sizeof buf), "kept");
    assert_string_equal(mt_header(&r, "Content-Type", 0, buf, sizeof buf),
                        "application/problem+json");
    size_t n = mt_events(&logs, ERRATA_EVENT_HEADER_DROPPED, ev, MT_COUNT(ev));
    assert_int_equal(n, 3);
    bool cache = false, name = false, split = false;
    for (size_t i = 0; i < n; i++) {
        cache = cache || strcmp(ev[i].header, "Cache-Control") == 0;
        name = name || strcmp(ev[i].header, "Bad Name") == 0;
        split = split || strcmp(ev[i].header, "X-Split") == 0;
    }
    assert_true(cache && name && split);
}

/* ---- without hooks: the standard answers -------------------------------------------------- */

static void test_standard_refusals(void **state)
{
    (void)state;
    mt_response_t r;
    EXCHANGE(bare, "GET /things/1 HTTP/1.1\r\n\r\n", &r);
    json_t *o = mt_expect_problem(&r, 400, "BAD_REQUEST");
    mt_expect_string(o, "type", "about:blank");
    mt_expect_string(o, "title", "Bad Request");
    mt_expect_string(o, "detail", "an HTTP/1.1 request without a Host header");
    json_decref(o);
    EXCHANGE(bare, "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", &r);
    char trace[64];
    o = mt_expect_problem(&r, 501, "NOT_IMPLEMENTED");
    mt_expect_string(o, "type", "about:blank");
    mt_expect_string(o, "title", "Not Implemented");
    mt_expect_string(o, "trace_id", mt_header(&r, "X-Request-Id", 0, trace, sizeof trace));
    json_decref(o);
}

/* ---- what MHD answers itself --------------------------------------------------------------- */

/* docs/limits.md: these never reach errata-mhd, and MHD answers them with
 * its own HTML body; still answered, never left hanging. */
static void test_mhd_own_answers(void **state)
{
    (void)state;
    static char long_uri[40000], long_head[40000];
    static const struct {
        const char *request;
        long status;
    } cases[] = {
        { "GET /things/1 HTTP/2.0\r\nHost: x\r\n\r\n", 505 },
        { "GET /things/1 HTTP/0.9\r\nHost: x\r\n\r\n", 505 },
        { "GET /things/1 HTTP/1.10\r\nHost: x\r\n\r\n", 400 },
        { "GET /things/1 HTTP/1.1\r\nHost: x\r\nNo-Colon\r\n\r\n", 400 },
        { "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n", 400 },
        { "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n",
          413 },
        { "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n\r\n", 400 },
        { long_uri, 414 },
        { long_head, 431 },
    };
    memset(long_uri, 'a', sizeof long_uri - 1);
    memcpy(long_uri, "GET /", 5);
    memset(long_head, 'a', sizeof long_head - 1);
    memcpy(long_head, "GET / HTTP/1.1\r\nHost: x\r\nX-Big: ", 32);
    for (size_t i = 0; i < MT_COUNT(cases); i++) {
        mt_response_t r;
        int fd = mt_raw_connect(errata_mhd_port(hooked));
        mt_raw_send(fd, cases[i].request, strlen(cases[i].request));
        if (cases[i].request == long_uri || cases[i].request == long_head)
            mt_raw_send(fd, " HTTP/1.1\r\nHost: x\r\n\r\n", 22);
        bool answered = mt_raw_response(fd, &r, WAIT_MS);
        close(fd);
        if (!answered || r.status != cases[i].status)
            fail_msg("case %zu: %s %ld, expected MHD's %ld", i, answered ? "answered" : "no answer",
                     r.status, cases[i].status);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_unknown_transfer_encoding_501, reset_logs),
        cmocka_unit_test_setup(test_ambiguous_framing_400, reset_logs),
        cmocka_unit_test_setup(test_host_rules, reset_logs),
        cmocka_unit_test_setup(test_nul_in_target_400, reset_logs),
        cmocka_unit_test_setup(test_nul_in_header_400, reset_logs),
        cmocka_unit_test_setup(test_well_formed_heads_served, reset_logs),
        cmocka_unit_test_setup(test_access_log_escapes, reset_logs),
        cmocka_unit_test_setup(test_access_log_cut_whole, reset_logs),
        cmocka_unit_test_setup(test_problem_too_large_for_body, reset_logs),
        cmocka_unit_test_setup(test_hand_made_headers_checked, reset_logs),
        cmocka_unit_test_setup(test_standard_refusals, reset_logs),
        cmocka_unit_test_setup(test_mhd_own_answers, reset_logs),
    };
    curl_global_init(CURL_GLOBAL_DEFAULT);
    int failed = cmocka_run_group_tests(tests, setup, teardown);
    curl_global_cleanup();
    return failed;
}
