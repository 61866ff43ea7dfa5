/* errata-mhd without a network: content negotiation over many Accept
 * values, and the configurations errata_mhd_server_create refuses. */
#include "mt.h"

#include <string.h>

#define PJ "application/problem+json"
#define J "application/json"

static void test_accept_table(void **state)
{
    (void)state;
    static const struct {
        const char *accept, *want;
    } cases[] = {
        { NULL, PJ }, /* no Accept: anything goes */
        { "", PJ },
        { PJ, PJ },
        { J, J },
        { "application/*", PJ },
        { "*/*", PJ },
        { "text/html", PJ }, /* nothing matches: problem+json all the same */
        { "application/json, application/problem+json", PJ },
        { "application/problem+json;q=0.1, application/json", PJ }, /* acceptable: enough */
        { "application/problem+json;q=0, application/json", J },
        { "application/problem+json; q=0 , application/json", J },
        { "application/problem+json;Q=0, application/json", J },
        { "application/problem+json;q=0.000, application/json;q=0.001", J },
        { "application/json;q=0", PJ },
        { "application/json;q=0, application/problem+json;q=0", PJ },
        { "*/*;q=0, application/json", J },
        { "*/*;q=0.5, application/json", PJ },
        { "application/*;q=0, application/json", J }, /* the exact range is more specific */
        { "application/*;q=0, application/json;q=0.5", J },
        { "application/*, application/problem+json;q=0", J }, /* exact beats type/star */
        { "application/json, */*;q=0", J },
        { "text/*, application/json", J },
        { "APPLICATION/JSON", J }, /* media types are case-insensitive */
        { "Application/Problem+JSON", PJ },
        { "application/json;charset=utf-8", J }, /* other parameters: read past */
        { "application/json;foo=\"a,b;q=0\";q=1", J },
        { "application/json;foo=\"unterminated", PJ }, /* malformed: skipped */
        { "application/json;q=2", PJ },
        { "application/json;q=1.5", PJ },
        { "application/json;q=0.5555", PJ },
        { "application/json;q=", PJ },
        { "application/json;q=abc", PJ },
        { "application/json;=1", PJ },
        { "garbage;;, application/json", J },
        { "/json, application/json", J },
        { "application/, application/json", J },
        { ",,, application/json ,,", J },
        { "application/json\t;\tq=0.3", J },
        { "*/json", PJ }, /* not a valid range */
        { "application/jsonx", PJ },
        { "application/problem+jsonx, application/json", J },
    };
    for (size_t i = 0; i < MT_COUNT(cases); i++) {
        const char *got = errata_mhd_problem_content_type(cases[i].accept);
        if (strcmp(got, cases[i].want) != 0)
            fail_msg("Accept: %s gave %s, expected %s",
                     cases[i].accept ? cases[i].accept : "(none)", got, cases[i].want);
    }
}

static errata_status_t route(errata_mhd_request_t *req, errata_mhd_response_t *res,
                             errata_problem_t *err)
{
    (void)req;
    (void)err;
    return errata_mhd_no_content(res);
}

static void test_config_refused(void **state)
{
    (void)state;
    static const struct {
        errata_mhd_route_t route;
        const char *why;
    } bad[] = {
        { { "GET", "pets", route }, "start with '/'" },
        { { "GET", NULL, route }, "start with '/'" },
        { { "GET", "/pets", NULL }, "no handler" },
        { { "", "/pets", route }, "method" },
        { { "G T", "/pets", route }, "method" },
        { { NULL, "/pets", route }, "method" },
        { { "GET", "/pets/{id", route }, "{name}" },
        { { "GET", "/pets/{}", route }, "{name}" },
        { { "GET", "/pets/x{id}", route }, "{name}" },
        { { "GET", "/pets/{id}x", route }, "{name}" },
        { { "GET", "/pets/{i-d}", route }, "{name}" },
        { { "GET", "/pets/}", route }, "stray" },
        { { "GET", "/pets?x", route }, "stray" },
        { { "GET", "/pets/*/x", route }, "'*'" },
        { { "GET", "/pets*", route }, "'*'" },
        { { "GET", "/{a}/{b}/{c}/{d}/{e}/{f}/{g}/{h}/{i}", route }, "too many" },
    };
    for (size_t i = 0; i < MT_COUNT(bad); i++) {
        errata_mhd_config_t config = { .routes = &bad[i].route, .route_count = 1 };
        const char *why = NULL;
        assert_null(errata_mhd_server_create(&config, &why));
        assert_non_null(why);
        if (strstr(why, bad[i].why) == NULL)
            fail_msg("route %zu refused with '%s', expected '%s'", i, why, bad[i].why);
    }
    const char *why = NULL;
    assert_null(errata_mhd_server_create(NULL, &why));
    assert_non_null(why);
    errata_mhd_config_t config = { .routes = NULL, .route_count = 2 };
    assert_null(errata_mhd_server_create(&config, NULL));
    config = (errata_mhd_config_t){ .max_body = SIZE_MAX };
    assert_null(errata_mhd_server_create(&config, &why));
    assert_non_null(strstr(why, "overflow"));
}

static void test_config_accepted(void **state)
{
    (void)state;
    static const errata_mhd_route_t good[] = {
        { "GET", "/", route },
        { "GET", "/*", route },
        { "GET", "/pets/{id}", route },
        { "PATCH", "/a/{a}/b/{b_2}/*", route },
        { "X-CUSTOM", "/{a}/{b}/{c}/{d}/{e}/{f}/{g}/{h}", route },
    };
    errata_mhd_config_t config = { .routes = good, .route_count = MT_COUNT(good),
                                   .connections = 3 };
    const char *why = "unset";
    errata_mhd_server_t *s = errata_mhd_server_create(&config, &why);
    assert_non_null(s);
    assert_null(why);
    assert_int_equal(errata_mhd_slot_count(s), 3);
    assert_int_equal(errata_mhd_port(s), 0); /* not started */
    errata_mhd_stop(s);                      /* harmless when not started */
    errata_mhd_server_destroy(s);
    errata_mhd_server_destroy(NULL);
    /* An empty table is a server that answers 404 to everything. */
    config = (errata_mhd_config_t){ .routes = NULL, .route_count = 0 };
    s = errata_mhd_server_create(&config, NULL);
    assert_non_null(s);
    assert_int_equal(errata_mhd_slot_count(s), ERRATA_MHD_DEFAULT_CONNECTIONS);
    errata_mhd_server_destroy(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_accept_table),
        cmocka_unit_test(test_config_refused),
        cmocka_unit_test(test_config_accepted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
