/* errata_mhd_stop drains (raw sockets on loopback): once it is called, new
 * connections are refused at once, idle ones are closed, a request under
 * way is finished and answered (with Connection: close), and the stop
 * returns true; a request still unfinished at the drain timeout is cut and
 * the stop says so. Every wait is bounded; no assertion is about time. */
#include "mt.h"

#include <curl/curl.h>
#include <pthread.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define WAIT_MS 5000 /* a bound on each wait, never an expected time */

static errata_status_t blocking(errata_mhd_request_t *req, errata_mhd_response_t *res,
                                errata_problem_t *err)
{
    (void)req;
    (void)err;
    mt_gate_hold();
    errata_mhd_append(res, "{\"done\":true}", 13);
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
    { "GET", "/block", blocking },
    { "POST", "/echo", post_echo },
};

static errata_mhd_server_t *start(unsigned threads, unsigned drain_timeout)
{
    errata_mhd_config_t config = {
        .routes = routes, .route_count = MT_COUNT(routes), .loopback = true,
        .threads = threads, .deadline = 60, .drain_timeout = drain_timeout,
    };
    errata_mhd_server_t *s = errata_mhd_server_create(&config, NULL);
    assert_non_null(s);
    assert_true(errata_mhd_start(s, 0, 0));
    return s;
}

typedef struct stopper {
    errata_mhd_server_t *server;
    bool drained;
} stopper_t;

static void *stop_run(void *arg)
{
    stopper_t *st = arg;
    st->drained = errata_mhd_stop(st->server);
    return NULL;
}

static uint64_t now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000u + (uint64_t)t.tv_nsec / 1000000u;
}

/* True once a connection to port is refused, within the bound. */
static bool refused_soon(uint16_t port)
{
    for (uint64_t until = now_ms() + WAIT_MS; now_ms() < until;) {
        int fd = mt_raw_try_connect(port);
        if (fd < 0)
            return true;
        close(fd);
        nanosleep(&(struct timespec){ 0, 10000000 }, NULL);
    }
    return false;
}

/* A request whose route is running when the stop begins is answered in
 * full; the stop refuses newcomers meanwhile, closes an idle keep-alive
 * connection, and reports a clean drain. */
static void test_stop_finishes_in_flight(void **state)
{
    (void)state;
    mt_gate_reset();
    errata_mhd_server_t *s = start(2, 10);
    uint16_t port = errata_mhd_port(s);

    static const char get[] = "GET /block HTTP/1.1\r\nHost: x\r\n\r\n";
    int busy = mt_raw_connect(port);
    assert_true(mt_raw_send(busy, get, sizeof get - 1));
    mt_gate_wait_entered();
    /* an idle keep-alive connection, its first answer sent */
    static const char echo[] = "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nab";
    int idle = mt_raw_connect(port);
    mt_response_t r;
    assert_true(mt_raw_send(idle, echo, sizeof echo - 1));
    assert_true(mt_raw_response(idle, &r, WAIT_MS));
    assert_int_equal(r.status, 200);

    stopper_t st = { s, false };
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, stop_run, &st), 0);
    assert_true(refused_soon(port));     /* new connections: refused at once */
    assert_true(mt_raw_closed(idle, WAIT_MS)); /* the idle one: closed */
    mt_gate_open();
    bool answered = mt_raw_response(busy, &r, WAIT_MS);
    pthread_join(t, NULL);
    if (!answered)
        fail_msg("the request under way was cut by the stop");
    char buf[64];
    assert_int_equal(r.status, 200);
    assert_string_equal(r.body, "{\"done\":true}");
    assert_string_equal(mt_header(&r, "Connection", 0, buf, sizeof buf), "close");
    assert_true(mt_raw_closed(busy, WAIT_MS));
    assert_true(st.drained);
    close(busy);
    close(idle);
    errata_mhd_server_destroy(s);
}

/* A request that does not finish within the drain timeout (its body never
 * comes) is closed when the stop ends, and the stop says so. The server
 * starts again afterwards. */
static void test_stop_bounded(void **state)
{
    (void)state;
    errata_mhd_server_t *s = start(0, 1);
    uint16_t port = errata_mhd_port(s);
    static const char head[] = "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n"
                               "Expect: 100-continue\r\n\r\n";
    int fd = mt_raw_connect(port);
    mt_response_t r;
    assert_true(mt_raw_send(fd, head, sizeof head - 1));
    assert_true(mt_raw_response(fd, &r, WAIT_MS));
    assert_int_equal(r.status, 100); /* the request is under way */
    assert_false(errata_mhd_stop(s));
    assert_true(mt_raw_closed(fd, WAIT_MS));
    close(fd);
    assert_true(errata_mhd_stop(s)); /* not running: nothing to drain */
    assert_true(errata_mhd_start(s, 0, 0));
    static const char echo[] = "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nab";
    assert_true(mt_raw_exchange(errata_mhd_port(s), echo, sizeof echo - 1, &r, WAIT_MS));
    assert_int_equal(r.status, 200);
    errata_mhd_server_destroy(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stop_finishes_in_flight),
        cmocka_unit_test(test_stop_bounded),
    };
    curl_global_init(CURL_GLOBAL_DEFAULT);
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    curl_global_cleanup();
    return failed;
}
