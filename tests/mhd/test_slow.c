/* Slow clients cannot starve the server (raw sockets on loopback): 64
 * connections trickling their heads leave room for a well-behaved client;
 * a request that finds every slot taken gets a 503 with Retry-After at
 * once instead of waiting unaccepted; and a client that trickles (head or
 * body) is cut off at the deadline although it never stays idle long
 * enough for MHD's own timeout. The deadline is a second here, the idle
 * timeout the default 30 s; every wait is bounded and no assertion is
 * about how long anything took, only about what happened. */
#include "mt.h"

#include <curl/curl.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "mt_errors.h"

#define CLIENTS 64      /* = the default connections: every slot */
#define WAIT_MS 5000    /* a bound on each answer, never an expected time */
#define TRICKLE_MS 100  /* between a trickler's bytes: far under the idle timeout */

static mt_log_t logs;

static errata_status_t get_ok(errata_mhd_request_t *req, errata_mhd_response_t *res,
                              errata_problem_t *err)
{
    (void)req;
    (void)err;
    errata_mhd_append(res, "{}", 2);
    return errata_mhd_ok(res);
}

static errata_status_t post_echo(errata_mhd_request_t *req, errata_mhd_response_t *res,
                                 errata_problem_t *err)
{
    size_t len;
    (void)errata_mhd_body(req, &len);
    (void)err;
    errata_mhd_printf(res, "{\"len\":%zu}", len);
    return errata_mhd_ok(res);
}

static const errata_mhd_route_t routes[] = {
    { "GET", "/ok", get_ok },
    { "POST", "/echo", post_echo },
};

static errata_status_t unavailable(errata_mhd_request_t *req, const char *why,
                                   errata_problem_t *err)
{
    (void)req;
    MT_THROW_SERVICE_UNAVAILABLE(err, .retry_after = 7, .detail = why);
}

static errata_mhd_server_t *start(unsigned connections, errata_mhd_refuse_fn busy)
{
    errata_mhd_config_t config = {
        .routes = routes, .route_count = MT_COUNT(routes), .access_log = mt_access_log,
        .access_log_ctx = &logs, .connections = connections, .loopback = true,
        .unavailable = busy, .deadline = 1,
    };
    errata_mhd_server_t *s = errata_mhd_server_create(&config, NULL);
    assert_non_null(s);
    assert_true(errata_mhd_start(s, 0, 0));
    return s;
}

static void pause_ms(long ms)
{
    nanosleep(&(struct timespec){ ms / 1000, (ms % 1000) * 1000000L }, NULL);
}

/* A GET answered 200 on a connection of its own. */
static void expect_served(uint16_t port)
{
    static const char get[] = "GET /ok HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    mt_response_t r;
    if (!mt_raw_exchange(port, get, sizeof get - 1, &r, WAIT_MS))
        fail_msg("a well-behaved client got no answer");
    assert_int_equal(r.status, 200);
}

/* Sends one byte every TRICKLE_MS until the server closes the connection;
 * false when it is still open after bound_ms. */
static bool trickled_until_cut(int fd, const char *bytes, int bound_ms)
{
    for (int waited = 0; waited < bound_ms; waited += TRICKLE_MS) {
        if (!mt_raw_send(fd, bytes + (size_t)(waited / TRICKLE_MS) % strlen(bytes), 1))
            return true;
        if (mt_raw_closed(fd, TRICKLE_MS))
            return true;
    }
    return false;
}

static void close_all(int *fds, size_t n)
{
    for (size_t i = 0; i < n; i++)
        close(fds[i]);
}

/* 64 clients that never finish their heads: a 65th that does is served
 * (they hold connections, not slots, and there are spare connections),
 * and every one of them is cut off at the deadline, the one that keeps
 * sending a byte every 100 ms included. */
static void test_head_tricklers(void **state)
{
    (void)state;
    errata_mhd_server_t *s = start(0, NULL);
    uint16_t port = errata_mhd_port(s);
    int fds[CLIENTS];
    for (size_t i = 0; i < CLIENTS; i++) {
        fds[i] = mt_raw_connect(port);
        assert_true(mt_raw_send(fds[i], "GET /ok HTTP/1.1\r\nHo", 20));
    }
    expect_served(port);
    assert_true(trickled_until_cut(fds[0], "st: x\r\nX-Slow: abcdefgh", WAIT_MS));
    for (size_t i = 1; i < CLIENTS; i++)
        if (!mt_raw_closed(fds[i], WAIT_MS))
            fail_msg("trickler %zu still connected past the deadline", i);
    expect_served(port);
    close_all(fds, CLIENTS);
    errata_mhd_server_destroy(s);
}

/* Opens n connections that each hold a slot: a whole head announcing a
 * body that never comes. MHD's 100 Continue says the adapter took the
 * request (and its slot). */
static void hold_slots(uint16_t port, int *fds, size_t n)
{
    static const char head[] = "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n"
                               "Expect: 100-continue\r\n\r\n";
    for (size_t i = 0; i < n; i++) {
        mt_response_t r;
        fds[i] = mt_raw_connect(port);
        assert_true(mt_raw_send(fds[i], head, sizeof head - 1));
        if (!mt_raw_response(fds[i], &r, WAIT_MS) || r.status != 100)
            fail_msg("holder %zu: no 100 Continue (%ld)", i, r.status);
    }
}

/* Every slot held: the 65th request is answered at once, 503 with
 * Retry-After (the standard about:blank answer), not left waiting. Once
 * the deadline has cut the holders, requests are served again. */
static void test_every_slot_taken_503(void **state)
{
    (void)state;
    errata_mhd_server_t *s = start(0, NULL);
    uint16_t port = errata_mhd_port(s);
    int fds[CLIENTS];
    hold_slots(port, fds, CLIENTS);
    static const char get[] = "GET /ok HTTP/1.1\r\nHost: x\r\n\r\n";
    mt_response_t r;
    char buf[64];
    if (!mt_raw_exchange(port, get, sizeof get - 1, &r, WAIT_MS))
        fail_msg("the 65th client got no answer");
    json_t *o = mt_expect_problem(&r, 503, "SERVICE_UNAVAILABLE");
    mt_expect_string(o, "title", "Service Unavailable");
    mt_expect_string(o, "trace_id", mt_header(&r, "X-Request-Id", 0, buf, sizeof buf));
    json_decref(o);
    assert_string_equal(mt_header(&r, "Retry-After", 0, buf, sizeof buf), "1");
    for (size_t i = 0; i < CLIENTS; i++)
        if (!mt_raw_closed(fds[i], WAIT_MS))
            fail_msg("holder %zu still connected past the deadline", i);
    expect_served(port);
    close_all(fds, CLIENTS);
    errata_mhd_server_destroy(s);
}

/* The unavailable hook words the 503; a body trickled a byte at a time is
 * cut off at the deadline, and its slot is free again. */
static void test_busy_hook_and_body_trickler(void **state)
{
    (void)state;
    errata_mhd_server_t *s = start(1, unavailable);
    uint16_t port = errata_mhd_port(s);
    int holder;
    hold_slots(port, &holder, 1);
    static const char get[] = "GET /ok HTTP/1.1\r\nHost: x\r\n\r\n";
    mt_response_t r;
    char buf[64];
    if (!mt_raw_exchange(port, get, sizeof get - 1, &r, WAIT_MS))
        fail_msg("no answer while the slot is held");
    json_t *o = mt_expect_problem(&r, 503, "SERVICE_UNAVAILABLE");
    mt_expect_int(o, "retry_after", 7);
    json_decref(o);
    assert_string_equal(mt_header(&r, "Retry-After", 0, buf, sizeof buf), "7");
    assert_true(trickled_until_cut(holder, "0123456789", WAIT_MS * 2));
    close(holder);
    expect_served(port);
    errata_mhd_server_destroy(s);
}

/* A client that sends its request in pieces but within the deadline is
 * served: the deadline bounds the whole, not the pace. */
static void test_slow_but_in_time(void **state)
{
    (void)state;
    errata_mhd_server_t *s = start(0, NULL);
    uint16_t port = errata_mhd_port(s);
    static const char *const pieces[] = { "POST /echo HTTP/1.1\r\n", "Host: x\r\n",
                                          "Content-Length: 4\r\n\r\n", "ab", "cd" };
    int fd = mt_raw_connect(port);
    for (size_t i = 0; i < MT_COUNT(pieces); i++) {
        assert_true(mt_raw_send(fd, pieces[i], strlen(pieces[i])));
        pause_ms(20);
    }
    mt_response_t r;
    assert_true(mt_raw_response(fd, &r, WAIT_MS));
    assert_int_equal(r.status, 200);
    assert_string_equal(r.body, "{\"len\":4}");
    close(fd);
    errata_mhd_server_destroy(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_head_tricklers),
        cmocka_unit_test(test_every_slot_taken_503),
        cmocka_unit_test(test_busy_hook_and_body_trickler),
        cmocka_unit_test(test_slow_but_in_time),
    };
    curl_global_init(CURL_GLOBAL_DEFAULT);
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    curl_global_cleanup();
    return failed;
}
