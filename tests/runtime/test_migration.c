/* Dual signalling (errata_migration_t): the legacy members after the
 * problem's, byte for byte; values escaped; the detail and type as sent
 * (a hidden 5xx's generic detail, a rebased type); absent fields left out;
 * the run-time override; sizing and truncation with snprintf semantics. */
#include "rt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const errata_legacy_field_t code_message[] = {
    { "code", ERRATA_LEGACY_CODE },
    { "message", ERRATA_LEGACY_DETAIL },
};

static const errata_migration_t classic = { "success", "error", code_message, 2 };

static const errata_legacy_field_t every_field[] = {
    { "c", ERRATA_LEGACY_CODE },   { "t", ERRATA_LEGACY_TITLE }, { "d", ERRATA_LEGACY_DETAIL },
    { "k", ERRATA_LEGACY_TYPE },   { "s", ERRATA_LEGACY_STATUS }, { "i", ERRATA_LEGACY_INSTANCE },
};

static const errata_migration_t every = { NULL, "failure", every_field, 6 };

/* fx_echo and fx_internal with the classic migration in their descriptors,
 * as generated code has them when the catalog's migration is enabled. */
static errata_descriptor_t echo_migrating(void)
{
    errata_descriptor_t d = fx_echo;
    d.migration = &classic;
    return d;
}

static char *write_legacy(const errata_problem_t *p, const errata_type_base_t *base,
                          const errata_migration_t *m)
{
    size_t n = errata_problem_json_legacy(p, base, m, NULL, 0);
    char *buf = malloc(n + 1);
    assert_non_null(buf);
    assert_int_equal(errata_problem_json_legacy(p, base, m, buf, n + 1), n);
    assert_int_equal(strlen(buf), n);
    return buf;
}

static void test_descriptor_migration(void **state)
{
    (void)state;
    errata_descriptor_t d = echo_migrating();
    errata_problem_t p;
    errata_throw(&p, &d, __FILE__, __LINE__, "it \"broke\"\n", NULL,
                 &(const fx_echo_t){ .text = "hi" });
    char *body = rt_body(&p);
    assert_string_equal(body, "{\"type\":\"https://errors.example/echo\",\"title\":\"Echo\","
                              "\"status\":400,\"code\":\"ECHO\",\"detail\":\"it \\\"broke\\\"\\n\","
                              "\"text\":\"hi\",\"success\":false,\"error\":{\"code\":\"ECHO\","
                              "\"message\":\"it \\\"broke\\\"\\n\"}}");
    free(body);
    /* errata_problem_json_legacy with NULL: the descriptor's, the same bytes. */
    body = write_legacy(&p, NULL, NULL);
    char *plain = rt_body(&p);
    assert_string_equal(body, plain);
    free(body);
    free(plain);
}

static void test_no_migration_unchanged(void **state)
{
    (void)state;
    errata_problem_t p;
    errata_throw(&p, &fx_echo, __FILE__, __LINE__, NULL, NULL, &(const fx_echo_t){ .text = "x" });
    char *body = rt_body(&p);
    assert_null(strstr(body, "success"));
    char *legacy = write_legacy(&p, NULL, NULL);
    assert_string_equal(legacy, body);
    free(legacy);
    free(body);
}

/* The detail is the one sent: a hidden 5xx's generic detail, never the
 * real one; the trace id stays where it was. */
static void test_hidden_detail(void **state)
{
    (void)state;
    errata_problem_t p;
    errata_throw(&p, &fx_internal, __FILE__, __LINE__, NULL, NULL,
                 &(const fx_internal_t){ .component = "db-primary" });
    errata_problem_set_trace_id(&p, "abc123");
    char *body = write_legacy(&p, NULL, &classic);
    assert_null(strstr(body, "db-primary failed")); /* the real detail goes nowhere */
    assert_non_null(strstr(body, ",\"trace_id\":\"abc123\","));
    const char *tail = ",\"success\":false,\"error\":{\"code\":\"INTERNAL_ERROR\",\"message\":"
                       "\"The server could not complete the request. Quote the trace id when "
                       "you report this.\"}}";
    assert_true(strlen(body) > strlen(tail));
    assert_string_equal(body + strlen(body) - strlen(tail), tail);
    json_t *o = json_loads(body, 0, NULL);
    assert_non_null(o);
    json_decref(o);
    free(body);
}

/* Every source, and the type rebased as the body's own type is. */
static void test_every_source_rebased(void **state)
{
    (void)state;
    errata_problem_t p;
    errata_throw(&p, &fx_echo, __FILE__, __LINE__, "d\x01", "/i/1",
                 &(const fx_echo_t){ .text = "t" });
    errata_type_base_t base = { "https://errors.example/", "http://localhost:8080/errors/" };
    char *body = write_legacy(&p, &base, &every);
    assert_string_equal(
        body, "{\"type\":\"http://localhost:8080/errors/echo\",\"title\":\"Echo\",\"status\":400,"
              "\"code\":\"ECHO\",\"detail\":\"d\\u0001\",\"instance\":\"/i/1\",\"text\":\"t\","
              "\"failure\":{\"c\":\"ECHO\",\"t\":\"Echo\",\"d\":\"d\\u0001\","
              "\"k\":\"http://localhost:8080/errors/echo\",\"s\":400,\"i\":\"/i/1\"}}");
    free(body);
}

/* Fields the problem lacks are left out, commas stay right; a success
 * flag alone; an error object with no field to fill is empty. */
static void test_absent_fields(void **state)
{
    (void)state;
    errata_problem_t p;
    errata_throw(&p, &fx_bad_request, __FILE__, __LINE__, NULL, NULL, NULL);
    char *body = write_legacy(&p, NULL, &every);
    assert_string_equal(body, "{\"type\":\"https://errors.example/bad-request\",\"title\":"
                              "\"Bad request\",\"status\":400,\"code\":\"BAD_REQUEST\","
                              "\"failure\":{\"c\":\"BAD_REQUEST\",\"t\":\"Bad request\","
                              "\"k\":\"https://errors.example/bad-request\",\"s\":400}}");
    free(body);
    static const errata_migration_t flag_only = { "ok", NULL, NULL, 0 };
    body = write_legacy(&p, NULL, &flag_only);
    assert_string_equal(body, "{\"type\":\"https://errors.example/bad-request\",\"title\":"
                              "\"Bad request\",\"status\":400,\"code\":\"BAD_REQUEST\","
                              "\"ok\":false}");
    free(body);
    static const errata_legacy_field_t detail_only[] = { { "m", ERRATA_LEGACY_DETAIL } };
    static const errata_migration_t empty = { NULL, "e", detail_only, 1 };
    body = write_legacy(&p, NULL, &empty);
    assert_non_null(strstr(body, ",\"e\":{}}"));
    free(body);
}

/* A problem never thrown is the generic 500: no code to send. */
static void test_not_thrown(void **state)
{
    (void)state;
    char *body = write_legacy(NULL, NULL, &classic);
    const char *tail = ",\"success\":false,\"error\":{\"message\":\"The server could not "
                       "complete the request.\"}}";
    assert_string_equal(body + strlen(body) - strlen(tail), tail);
    free(body);
}

/* snprintf semantics: every cap gives a NUL-terminated prefix of the whole
 * body and the whole length. */
static void test_every_cap(void **state)
{
    (void)state;
    errata_descriptor_t d = echo_migrating();
    errata_problem_t p;
    errata_throw(&p, &d, __FILE__, __LINE__, "detail \xff", NULL,
                 &(const fx_echo_t){ .text = "\xe2\x82\xac" });
    char *whole = rt_body(&p);
    size_t n = strlen(whole);
    assert_int_equal(rt_utf8_valid(whole, n), 1);
    char buf[512];
    assert_true(n < sizeof buf);
    for (size_t cap = 0; cap <= n + 1; cap++) {
        memset(buf, 'Z', sizeof buf);
        assert_int_equal(errata_problem_json(&p, buf, cap), n);
        if (cap > 0) {
            assert_int_equal(strlen(buf), cap - 1 < n ? cap - 1 : n);
            assert_memory_equal(buf, whole, strlen(buf));
        }
        assert_int_equal(buf[cap], 'Z'); /* nothing past cap */
    }
    free(whole);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_descriptor_migration),
        cmocka_unit_test(test_no_migration_unchanged),
        cmocka_unit_test(test_hidden_detail),
        cmocka_unit_test(test_every_source_rebased),
        cmocka_unit_test(test_absent_fields),
        cmocka_unit_test(test_not_thrown),
        cmocka_unit_test(test_every_cap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
