/* errata-mhd for applications that run MHD themselves: errata_mhd_queue_problem
 * from a plain MHD access handler, and the router's callbacks under a
 * daemon the application started (thread per connection, a connection
 * limit above the slot pool: the request that finds no slot gets a 503
 * with Retry-After at once). */
#include "mt.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "mt_errors.h"

static mt_log_t logs;

static struct MHD_Daemon *start(unsigned flags, MHD_AccessHandlerCallback handler, void *cls,
                                unsigned limit, MHD_RequestCompletedCallback completed,
                                void *completed_cls)
{
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    struct MHD_Daemon *d = MHD_start_daemon(flags | MHD_USE_INTERNAL_POLLING_THREAD, 0, NULL,
                                            NULL, handler, cls,
                                            MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
                                            MHD_OPTION_CONNECTION_LIMIT, limit,
                                            MHD_OPTION_NOTIFY_COMPLETED, completed,
                                            completed_cls, MHD_OPTION_END);
    assert_non_null(d);
    return d;
}

static uint16_t port_of(struct MHD_Daemon *d)
{
    return MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT)->port;
}

/* ---- errata_mhd_queue_problem alone ---------------------------------------- */

static errata_status_t throw_slow(errata_problem_t *p)
{
    MT_THROW_SLOW_DOWN(p, .retry_after = 5);
}

static errata_status_t throw_huge(errata_problem_t *p)
{
    char id[4001];
    memset(id, '\x01', sizeof id - 1); /* 6 bytes each once escaped */
    id[sizeof id - 1] = '\0';
    MT_THROW_THING_NOT_FOUND(p, .thing_id = id);
}

/* Hand-made descriptors of kilobytes, as a catalog with a 20 KB title (a
 * warning, not an error, for the generator) would give: the start of the
 * body alone no longer fits a problem body. */
static char huge_title[20001], huge_type[20001], huge_prefix[20200];
static errata_descriptor_t huge_title_desc, huge_type_desc;

static void huge_init(void)
{
    memset(huge_title, 'T', sizeof huge_title - 1);
    memcpy(huge_type, "https://errors.mhd.test/", 24);
    memset(huge_type + 24, 'y', sizeof huge_type - 25);
    snprintf(huge_prefix, sizeof huge_prefix,
             "{\"type\":\"https://errors.mhd.test/huge-title\",\"title\":\"%s\",\"status\":409,"
             "\"code\":\"HUGE_TITLE\"", huge_title);
    huge_title_desc = (errata_descriptor_t){ .code_name = "HUGE_TITLE", .status = 409,
                                             .title = huge_title,
                                             .type_uri = "https://errors.mhd.test/huge-title",
                                             .expose_detail = true, .cache_control = "no-store",
                                             .body_prefix = huge_prefix };
    huge_type_desc = (errata_descriptor_t){ .code_name = "HUGE_TYPE", .status = 409,
                                            .title = "Huge type", .type_uri = huge_type,
                                            .expose_detail = true,
                                            .cache_control = "no-store" };
}

/* A translated error with a prose header, as a catalog's `translations:`
 * with `headers:` generates it: errata_mhd_queue_problem sends the header
 * in the language it negotiates for the body. */
#define HINT_EN "{\"type\":\"https://errors.mhd.test/hinted\",\"title\":\"Hinted\",\"status\":409,\"code\":\"HINTED\""
#define HINT_DE "{\"type\":\"https://errors.mhd.test/hinted\",\"title\":\"Mit Hinweis\",\"status\":409,\"code\":\"HINTED\""
static const errata_template_part_t hint_en[] = { { "Reload first", -1, false } };
static const errata_template_part_t hint_de[] = { { "Erst neu laden \xC3\xBC", -1, false } };
static const errata_header_desc_t hints_en[] = {
    { .name = "X-Error-Hint", .parts = hint_en, .part_count = 1 },
};
static const errata_header_desc_t hints_de[] = {
    { .name = "X-Error-Hint", .parts = hint_de, .part_count = 1 },
};
static const errata_localized_t hinted_locales[] = {
    { "de", HINT_DE, sizeof HINT_DE - 1, "Mit Hinweis", NULL, 0, hints_de, 1 },
};
static const errata_descriptor_t hinted_desc = {
    .code = 1, .code_name = "HINTED", .status = 409, .title = "Hinted",
    .type_uri = "https://errors.mhd.test/hinted", .expose_detail = true,
    .cache_control = "no-store", .body_prefix = HINT_EN, .body_prefix_len = sizeof HINT_EN - 1,
    .headers = hints_en, .header_count = 1, .language = "en", .locales = hinted_locales,
    .locale_count = 1,
};

static enum MHD_Result plain_handler(void *cls, struct MHD_Connection *c, const char *url,
                                     const char *method, const char *version,
                                     const char *upload_data, size_t *upload_data_size,
                                     void **con_cls)
{
    static errata_problem_t p; /* one request at a time: the polling thread */
    (void)cls;
    (void)method;
    (void)version;
    (void)upload_data;
    (void)upload_data_size;
    (void)con_cls;
    if (strcmp(url, "/huge") == 0)
        throw_huge(&p);
    else if (strcmp(url, "/huge-title") == 0)
        errata_throw(&p, &huge_title_desc, __FILE__, __LINE__, "a detail", NULL, NULL);
    else if (strcmp(url, "/huge-type") == 0)
        errata_throw(&p, &huge_type_desc, __FILE__, __LINE__, NULL, NULL, NULL);
    else if (strcmp(url, "/unthrown") == 0)
        errata_problem_init(&p);
    else if (strcmp(url, "/hinted") == 0)
        errata_throw(&p, &hinted_desc, __FILE__, __LINE__, NULL, NULL, NULL);
    else
        throw_slow(&p);
    errata_problem_set_trace_id(&p, "trace-abc");
    if (MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "defaults") != NULL)
        return errata_mhd_queue_problem(c, &p, NULL);
    static const errata_type_base_t base = { "https://errors.mhd.test/",
                                             "http://localhost:9/errors/" };
    errata_mhd_problem_options_t options = {
        MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "accept"),
        MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "rebase") != NULL ? &base : NULL,
        mt_observer,
        &logs,
        NULL, /* migration: the catalog's */
    };
    return errata_mhd_queue_problem(c, &p, &options);
}

static void noop_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                           enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)c;
    (void)con_cls;
    (void)toe;
}

static void test_queue_problem(void **state)
{
    (void)state;
    mt_log_reset(&logs);
    struct MHD_Daemon *d = start(0, plain_handler, NULL, 8, noop_completed, NULL);
    uint16_t port = port_of(d);
    mt_response_t r;
    char buf[256];
    mt_event_t ev[4];

    mt_get(port, "/any", &r, "Accept: application/json", NULL);
    assert_int_equal(r.status, 429);
    assert_string_equal(mt_header(&r, "Content-Type", 0, buf, sizeof buf), "application/json");
    assert_string_equal(mt_header(&r, "Retry-After", 0, buf, sizeof buf), "5");
    assert_string_equal(mt_header(&r, "Cache-Control", 0, buf, sizeof buf), "no-store");
    assert_string_equal(mt_header(&r, "Vary", 0, buf, sizeof buf), "Accept");
    assert_string_equal(mt_header(&r, "X-Request-Id", 0, buf, sizeof buf), "trace-abc");
    json_t *o = mt_json(&r);
    mt_expect_string(o, "code", "SLOW_DOWN");
    mt_expect_int(o, "status", 429);
    json_decref(o);
    assert_int_equal(mt_events(&logs, ERRATA_EVENT_SENT, ev, MT_COUNT(ev)), 1);
    assert_string_equal(ev[0].trace_id, "trace-abc");

    /* An explicit accept argument wins over the request's header. */
    mt_get(port, "/any?accept=application/problem%2Bjson", &r, "Accept: application/json", NULL);
    assert_string_equal(mt_header(&r, "Content-Type", 0, buf, sizeof buf),
                        "application/problem+json");

    /* Never thrown: the runtime's generic 500, still with the trace id. */
    mt_get(port, "/unthrown", &r, NULL);
    o = mt_expect_problem(&r, 500, NULL);
    mt_expect_string(o, "type", "about:blank");
    mt_expect_string(o, "trace_id", "trace-abc");
    json_decref(o);

    /* A type base: the catalog's own types are sent where this deployment
     * serves them; about:blank is left alone. */
    mt_get(port, "/any?rebase=1", &r, NULL);
    o = mt_expect_problem(&r, 429, "SLOW_DOWN");
    mt_expect_string(o, "type", "http://localhost:9/errors/slow-down");
    json_decref(o);
    mt_get(port, "/unthrown?rebase=1", &r, NULL);
    o = mt_expect_problem(&r, 500, NULL);
    mt_expect_string(o, "type", "about:blank");
    json_decref(o);

    /* No options at all: problem+json, headers, no observer. */
    mt_log_reset(&logs);
    mt_get(port, "/any?defaults=1", &r, "Accept: application/json", NULL);
    assert_int_equal(r.status, 429);
    assert_string_equal(mt_header(&r, "Content-Type", 0, buf, sizeof buf), "application/json");
    assert_string_equal(mt_header(&r, "Retry-After", 0, buf, sizeof buf), "5");
    o = mt_json(&r);
    mt_expect_string(o, "type", "https://errors.mhd.test/slow-down");
    json_decref(o);
    assert_int_equal(mt_events(&logs, ERRATA_EVENT_SENT, ev, MT_COUNT(ev)), 0);
    MHD_stop_daemon(d);
}

/* The catalog headers go out in the negotiated language, beside the body. */
static void test_queue_problem_headers_localized(void **state)
{
    (void)state;
    struct MHD_Daemon *d = start(0, plain_handler, NULL, 8, noop_completed, NULL);
    mt_response_t r;
    char buf[256];
    mt_get(port_of(d), "/hinted", &r, "Accept-Language: de-AT, en;q=0.5", NULL);
    json_t *o = mt_expect_problem(&r, 409, "HINTED");
    mt_expect_string(o, "title", "Mit Hinweis");
    json_decref(o);
    assert_string_equal(mt_header(&r, "Content-Language", 0, buf, sizeof buf), "de");
    assert_string_equal(mt_header(&r, "X-Error-Hint", 0, buf, sizeof buf),
                        "Erst neu laden \xC3\xBC");
    static const char *const english[] = { "Accept-Language: fr", "Accept-Language: de;q=0" };
    for (size_t i = 0; i < MT_COUNT(english); i++) {
        mt_get(port_of(d), "/hinted", &r, english[i], NULL);
        o = mt_expect_problem(&r, 409, "HINTED");
        mt_expect_string(o, "title", "Hinted");
        json_decref(o);
        assert_string_equal(mt_header(&r, "Content-Language", 0, buf, sizeof buf), "en");
        assert_string_equal(mt_header(&r, "X-Error-Hint", 0, buf, sizeof buf), "Reload first");
    }
    MHD_stop_daemon(d);
}

/* A body larger than the problem buffer goes out as the constant start of
 * its type: still valid, still the right status and code. */
static void test_queue_problem_too_big(void **state)
{
    (void)state;
    struct MHD_Daemon *d = start(0, plain_handler, NULL, 8, noop_completed, NULL);
    mt_response_t r;
    mt_get(port_of(d), "/huge", &r, NULL);
    json_t *o = mt_expect_problem(&r, 404, "THING_NOT_FOUND");
    mt_expect_string(o, "type", "https://errors.mhd.test/thing-not-found");
    mt_expect_string(o, "title", "Thing not found");
    assert_int_equal(json_object_size(o), 4);
    json_decref(o);
    MHD_stop_daemon(d);
}

/* A problem whose start alone does not fit (a 20 KB title) keeps its
 * status, type and code, without the title: never an empty body. One
 * whose type alone does not fit goes out as the generic 500, with the
 * status to match. */
static void test_queue_problem_huge_start(void **state)
{
    (void)state;
    huge_init();
    struct MHD_Daemon *d = start(0, plain_handler, NULL, 8, noop_completed, NULL);
    mt_response_t r;
    char buf[64];
    mt_get(port_of(d), "/huge-title", &r, NULL);
    json_t *o = mt_expect_problem(&r, 409, "HUGE_TITLE");
    mt_expect_string(o, "type", "https://errors.mhd.test/huge-title");
    assert_null(json_object_get(o, "title"));
    assert_int_equal(json_object_size(o), 3);
    json_decref(o);
    assert_string_equal(mt_header(&r, "X-Request-Id", 0, buf, sizeof buf), "trace-abc");
    mt_get(port_of(d), "/huge-type", &r, NULL);
    o = mt_expect_problem(&r, 500, NULL);
    mt_expect_string(o, "type", "about:blank");
    mt_expect_string(o, "title", "Internal Server Error");
    mt_expect_string(o, "trace_id", "trace-abc");
    json_decref(o);
    MHD_stop_daemon(d);
}

/* ---- the router's callbacks under the application's own daemon --------------- */

static errata_status_t blocking(errata_mhd_request_t *req, errata_mhd_response_t *res,
                                errata_problem_t *err)
{
    (void)req;
    (void)err;
    mt_gate_hold();
    return errata_mhd_no_content(res);
}

static errata_status_t quick(errata_mhd_request_t *req, errata_mhd_response_t *res,
                             errata_problem_t *err)
{
    (void)req;
    (void)err;
    errata_mhd_append(res, "{}", 2);
    return errata_mhd_ok(res);
}

typedef struct blocked_client {
    uint16_t port;
    mt_response_t r;
} blocked_client_t;

static void *blocked_run(void *arg)
{
    blocked_client_t *b = arg;
    mt_get(b->port, "/block", &b->r, NULL);
    return NULL;
}

static void test_own_daemon_and_no_slot(void **state)
{
    (void)state;
    static const errata_mhd_route_t routes[] = {
        { "GET", "/block", blocking },
        { "GET", "/quick", quick },
    };
    errata_mhd_config_t config = { .routes = routes, .route_count = MT_COUNT(routes),
                                   .connections = 1, .observer = mt_observer,
                                   .observer_ctx = &logs, .access_log = mt_access_log,
                                   .access_log_ctx = &logs };
    mt_log_reset(&logs);
    errata_mhd_server_t *s = errata_mhd_server_create(&config, NULL);
    assert_non_null(s);
    /* A limit above the pool: the application's mistake, answered safely. */
    struct MHD_Daemon *d = start(MHD_USE_THREAD_PER_CONNECTION, errata_mhd_access_handler, s, 4,
                                 errata_mhd_request_completed, s);
    static blocked_client_t blocked;
    blocked.port = port_of(d);
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, blocked_run, &blocked), 0);
    mt_gate_wait_entered();

    mt_response_t r;
    char trace[64], buf[64];
    mt_get(blocked.port, "/quick", &r, NULL); /* the only slot is taken: come back later */
    json_t *o = mt_expect_problem(&r, 503, "SERVICE_UNAVAILABLE");
    mt_expect_string(o, "type", "about:blank");
    mt_expect_string(o, "title", "Service Unavailable");
    mt_expect_int(o, "retry_after", 1);
    mt_expect_string(o, "trace_id", mt_header(&r, "X-Request-Id", 0, trace, sizeof trace));
    json_decref(o);
    assert_true(mt_is_trace_id(trace));
    assert_string_equal(mt_header(&r, "Retry-After", 0, buf, sizeof buf), "1");

    mt_gate_open();
    pthread_join(t, NULL);
    assert_int_equal(blocked.r.status, 204);

    mt_wait_access(&logs, 2);
    mt_get(blocked.port, "/quick", &r, NULL); /* the slot is back */
    assert_int_equal(r.status, 200);
    mt_wait_access(&logs, 3);
    mt_access_t a = mt_access_at(&logs, 0);
    assert_int_equal(a.status, 503);
    assert_string_equal(a.code_name, "SERVICE_UNAVAILABLE");
    assert_string_equal(a.path, "/quick");
    assert_int_equal(mt_access_at(&logs, 1).status, 204);
    assert_int_equal(mt_access_at(&logs, 2).status, 200);
    MHD_stop_daemon(d);
    errata_mhd_server_destroy(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_queue_problem),
        cmocka_unit_test(test_queue_problem_headers_localized),
        cmocka_unit_test(test_queue_problem_too_big),
        cmocka_unit_test(test_queue_problem_huge_start),
        cmocka_unit_test(test_own_daemon_and_no_slot),
    };
    curl_global_init(CURL_GLOBAL_DEFAULT);
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    curl_global_cleanup();
    return failed;
}
