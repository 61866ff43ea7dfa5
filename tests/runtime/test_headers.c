/* errata_problem_headers: fixed headers first, catalog templates filled,
 * and no control byte ever reaching the emit callback. */
#include "rt.h"

#include <stdio.h>
#include <string.h>

#define TRACE "4bf92f3577b34da6a3ce929d0e0e4736"

typedef struct recorded {
    size_t count;
    char names[8][64];
    char values[8][256];
} recorded_t;

/* The emit callback: records, and fails on any byte a header line must
 * not carry. */
static void record(const char *name, const char *value, void *ctx)
{
    recorded_t *r = ctx;
    for (const unsigned char *b = (const unsigned char *)name; *b != '\0'; b++)
        assert_true(*b > 0x20 && *b < 0x7F && *b != ':');
    for (const unsigned char *b = (const unsigned char *)value; *b != '\0'; b++)
        assert_true(*b >= 0x20 && *b != 0x7F);
    assert_true(r->count < RT_COUNT(r->names));
    snprintf(r->names[r->count], sizeof r->names[0], "%s", name);
    snprintf(r->values[r->count], sizeof r->values[0], "%s", value);
    r->count++;
}

static size_t headers(const errata_problem_t *p, recorded_t *r, rt_events_t *events)
{
    char scratch[256];
    memset(r, 0, sizeof *r);
    return errata_problem_headers(p, record, r, scratch, sizeof scratch,
                                  events != NULL ? rt_observer : NULL, events);
}

static void expect_header(const recorded_t *r, size_t i, const char *name, const char *value)
{
    assert_true(i < r->count);
    assert_string_equal(r->names[i], name);
    assert_string_equal(r->values[i], value);
}

static void test_fixed_headers_first(void **state)
{
    (void)state;
    errata_problem_t p;
    recorded_t r;
    errata_throw(&p, &fx_bad_request, __FILE__, __LINE__, NULL, NULL, NULL);
    assert_int_equal(headers(&p, &r, NULL), 2);
    assert_int_equal(r.count, 2);
    expect_header(&r, 0, "Content-Type", "application/problem+json");
    expect_header(&r, 1, "Cache-Control", "no-store"); /* the default */
    errata_throw(&p, &fx_unauthorized, __FILE__, __LINE__, NULL, NULL,
                 &(const fx_unauthorized_t){ .auth_error = "invalid_token" });
    assert_int_equal(headers(&p, &r, NULL), 3);
    expect_header(&r, 0, "Content-Type", "application/problem+json");
    expect_header(&r, 1, "Cache-Control", "no-store, private");
    expect_header(&r, 2, "WWW-Authenticate", "Bearer realm=\"x\", error=\"invalid_token\"");
}

static void test_templates_filled(void **state)
{
    (void)state;
    errata_problem_t p;
    recorded_t r;
    rt_events_t events = { 0 };
    errata_throw(&p, &fx_rate_limited, __FILE__, __LINE__, NULL, NULL,
                 &(const fx_rate_limited_t){ .retry_after = 30, .limit = ERRATA_INT(100) });
    assert_int_equal(headers(&p, &r, &events), 4);
    expect_header(&r, 2, "Retry-After", "30");
    expect_header(&r, 3, "X-RateLimit-Limit", "100");
    /* The optional limit absent: its header does not apply, and that is no
     * drop to report. */
    errata_throw(&p, &fx_rate_limited, __FILE__, __LINE__, NULL, NULL,
                 &(const fx_rate_limited_t){ .retry_after = 0 });
    assert_int_equal(headers(&p, &r, &events), 3);
    assert_int_equal(r.count, 3);
    expect_header(&r, 2, "Retry-After", "0");
    assert_int_equal(events.count, 0);
    /* The 401 without its member: WWW-Authenticate left out the same way. */
    errata_throw(&p, &fx_unauthorized, __FILE__, __LINE__, NULL, NULL, NULL);
    assert_int_equal(headers(&p, &r, &events), 2);
    assert_int_equal(events.count, 0);
}

/* A member value that would put a control byte in a header drops the
 * header and tells the observer everything about where it came from. */
static void test_control_bytes_dropped(void **state)
{
    (void)state;
    static const char *const evil[] = {
        "x\r\nSet-Cookie: session=stolen", "x\r", "x\nHTTP/1.1 200 OK", "a\tb", "a\x7F",
        "\x01", "a\x1F", "\x1B[31m",
    };
    for (size_t i = 0; i < RT_COUNT(evil); i++) {
        errata_problem_t p;
        recorded_t r;
        rt_events_t events = { 0 };
        errata_throw(&p, &fx_unauthorized, "auth.c", 40 + (int)i, NULL, NULL,
                     &(const fx_unauthorized_t){ .auth_error = evil[i] });
        errata_problem_set_trace_id(&p, TRACE);
        assert_int_equal(headers(&p, &r, &events), 2);
        assert_int_equal(r.count, 2);
        assert_int_equal(events.count, 1);
        rt_event_t *e = &events.events[0];
        assert_int_equal(e->kind, ERRATA_EVENT_HEADER_DROPPED);
        assert_string_equal(e->header, "WWW-Authenticate");
        assert_string_equal(e->code_name, "UNAUTHORIZED");
        assert_int_equal(e->status, 401);
        assert_string_equal(e->file, "auth.c");
        assert_int_equal(e->line, 40 + (int)i);
        assert_string_equal(e->trace_id, TRACE);
        /* Without an observer the header is dropped all the same. */
        assert_int_equal(headers(&p, &r, NULL), 2);
    }
}

/* NUL cannot be inside a C string: the value simply ends there, and what
 * followed it never reaches the header. */
static void test_nul_ends_the_value(void **state)
{
    (void)state;
    static const char value[] = "ok\0\r\nX-Evil: 1";
    errata_problem_t p;
    recorded_t r;
    errata_throw(&p, &fx_unauthorized, __FILE__, __LINE__, NULL, NULL,
                 &(const fx_unauthorized_t){ .auth_error = value });
    assert_int_equal(headers(&p, &r, NULL), 3);
    expect_header(&r, 2, "WWW-Authenticate", "Bearer realm=\"x\", error=\"ok\"");
}

/* A value cannot close the quoted-string it is placed in and add
 * parameters of its own. */
static void test_quoted_string_injection(void **state)
{
    (void)state;
    errata_problem_t p;
    recorded_t r;
    errata_throw(&p, &fx_unauthorized, __FILE__, __LINE__, NULL, NULL,
                 &(const fx_unauthorized_t){ .auth_error = "x\", realm=\"evil\\" });
    assert_int_equal(headers(&p, &r, NULL), 3);
    expect_header(&r, 2, "WWW-Authenticate",
                  "Bearer realm=\"x\", error=\"x\\\", realm=\\\"evil\\\\\"");
}

/* Every byte value in a member: the emit callback (which asserts) never
 * sees a control byte, and each header is either whole or dropped. */
static void test_every_byte(void **state)
{
    (void)state;
    for (int c = 1; c < 256; c++) {
        char value[4] = { 'a', (char)c, 'b', '\0' };
        errata_problem_t p;
        recorded_t r;
        rt_events_t events = { 0 };
        errata_throw(&p, &fx_unauthorized, __FILE__, __LINE__, NULL, NULL,
                     &(const fx_unauthorized_t){ .auth_error = value });
        size_t n = headers(&p, &r, &events);
        bool control = c < 0x20 || c == 0x7F;
        assert_int_equal(n, control ? 2 : 3);
        assert_int_equal(events.count, control ? 1 : 0);
        if (!control) {
            /* Inside the quoted-string, '"' and '\\' arrive as quoted-pairs. */
            char want[64];
            bool pair = c == '"' || c == '\\';
            snprintf(want, sizeof want, "Bearer realm=\"x\", error=\"a%s%cb\"", pair ? "\\" : "",
                     (char)c);
            expect_header(&r, 2, "WWW-Authenticate", want);
        }
    }
}

/* A value that does not fit scratch is dropped and reported; one that
 * fits exactly (NUL included) goes out. */
static void test_scratch_too_small(void **state)
{
    (void)state;
    errata_problem_t p;
    recorded_t r;
    rt_events_t events = { 0 };
    char scratch[64];
    const char *want = "Bearer realm=\"x\", error=\"invalid_token\"";
    size_t len = strlen(want);
    errata_throw(&p, &fx_unauthorized, "t.c", 9, NULL, NULL,
                 &(const fx_unauthorized_t){ .auth_error = "invalid_token" });
    memset(&r, 0, sizeof r);
    assert_int_equal(errata_problem_headers(&p, record, &r, scratch, len + 1, rt_observer, &events),
                     3);
    expect_header(&r, 2, "WWW-Authenticate", want);
    assert_int_equal(events.count, 0);
    memset(&r, 0, sizeof r);
    assert_int_equal(errata_problem_headers(&p, record, &r, scratch, len, rt_observer, &events), 2);
    assert_int_equal(r.count, 2);
    assert_int_equal(events.count, 1);
    assert_int_equal(events.events[0].kind, ERRATA_EVENT_HEADER_DROPPED);
    assert_string_equal(events.events[0].header, "WWW-Authenticate");
    assert_string_equal(events.events[0].file, "t.c");
    assert_int_equal(events.events[0].line, 9);
    /* No scratch at all: the fixed headers still go out. */
    memset(&r, 0, sizeof r);
    assert_int_equal(errata_problem_headers(&p, record, &r, NULL, 0, rt_observer, &events), 2);
    assert_int_equal(events.count, 2);
    assert_int_equal(errata_problem_headers(&p, record, &r, NULL, 100, NULL, NULL), 2);
}

/* Nothing thrown, no problem, no emit callback: safe, and the counts say
 * what would have gone out. */
static void test_degenerate_calls(void **state)
{
    (void)state;
    errata_problem_t p;
    recorded_t r;
    errata_problem_init(&p);
    assert_int_equal(headers(&p, &r, NULL), 2);
    expect_header(&r, 0, "Content-Type", "application/problem+json");
    expect_header(&r, 1, "Cache-Control", "no-store");
    assert_int_equal(headers(NULL, &r, NULL), 2);
    char scratch[64];
    errata_throw(&p, &fx_rate_limited, __FILE__, __LINE__, NULL, NULL,
                 &(const fx_rate_limited_t){ .retry_after = 1, .limit = ERRATA_INT(2) });
    assert_int_equal(errata_problem_headers(&p, NULL, NULL, scratch, sizeof scratch, NULL, NULL),
                     4);
}

/* A hand-made descriptor with a broken header name or a Cache-Control
 * holding CR LF: the runtime checks what it emits, whoever wrote it. */
static void test_descriptor_values_checked(void **state)
{
    (void)state;
    static const errata_template_part_t parts[] = { { "v", -1, false } };
    static const errata_header_desc_t bad[] = {
        { .name = "Bad Name", .parts = parts, .part_count = 1 },
        { .name = "X:Y", .parts = parts, .part_count = 1 },
        { .name = "", .parts = parts, .part_count = 1 },
        { .name = "Good", .parts = parts, .part_count = 1 },
    };
    errata_descriptor_t desc = fx_bad_request;
    desc.cache_control = "no-store\r\nSet-Cookie: a=b";
    desc.headers = bad;
    desc.header_count = RT_COUNT(bad);
    errata_problem_t p;
    recorded_t r;
    rt_events_t events = { 0 };
    errata_throw(&p, &desc, __FILE__, __LINE__, NULL, NULL, NULL);
    assert_int_equal(headers(&p, &r, &events), 2);
    expect_header(&r, 0, "Content-Type", "application/problem+json");
    expect_header(&r, 1, "Good", "v");
    assert_int_equal(events.count, 4);
    assert_string_equal(events.events[0].header, "Cache-Control");
}

/* ---- fallbacks: a header that must go out never goes out broken ------------------- */

/* fx_unauthorized's challenge, with the fallback a checked catalog gives it. */
static const errata_template_part_t fb_challenge[] = {
    { "Bearer realm=\"x\", error=\"", -1, false },
    { NULL, 0, true },
    { "\"", -1, false },
};
static const errata_header_desc_t fb_headers[] = {
    { .name = "WWW-Authenticate", .parts = fb_challenge, .part_count = RT_COUNT(fb_challenge),
      .fallback = "Bearer realm=\"x\"" },
};

static errata_descriptor_t with_fallback(void)
{
    errata_descriptor_t d = fx_unauthorized;
    d.headers = fb_headers;
    d.header_count = RT_COUNT(fb_headers);
    return d;
}

/* CR, LF or another control byte in the member: the fallback goes out,
 * and the observer hears that it did. */
static void test_fallback_for_control_bytes(void **state)
{
    (void)state;
    errata_descriptor_t desc = with_fallback();
    errata_problem_t p;
    recorded_t r;
    rt_events_t events = { 0 };
    errata_throw(&p, &desc, __FILE__, __LINE__, NULL, NULL,
                 &(const fx_unauthorized_t){ .auth_error = "x\r\nSet-Cookie: a=b" });
    assert_int_equal(headers(&p, &r, &events), 3);
    expect_header(&r, 2, "WWW-Authenticate", "Bearer realm=\"x\"");
    assert_int_equal(events.count, 1);
    assert_int_equal(events.events[0].kind, ERRATA_EVENT_HEADER_FALLBACK);
    assert_string_equal(events.events[0].header, "WWW-Authenticate");
}

/* An optional member absent: the fallback, and nothing to report (that is
 * how a catalog makes a header's parameters optional). */
static void test_fallback_for_optional_absent(void **state)
{
    (void)state;
    errata_descriptor_t desc = with_fallback();
    errata_problem_t p;
    recorded_t r;
    rt_events_t events = { 0 };
    errata_throw(&p, &desc, __FILE__, __LINE__, NULL, NULL, &(const fx_unauthorized_t){ 0 });
    assert_int_equal(headers(&p, &r, &events), 3);
    expect_header(&r, 2, "WWW-Authenticate", "Bearer realm=\"x\"");
    assert_int_equal(events.count, 0);
}

/* A member cut at throw (6,000 bytes do not fit the 4 KiB arena) would
 * send a cut challenge: the fallback goes instead, whatever the scratch. */
static void test_fallback_for_cut_member(void **state)
{
    (void)state;
    static char huge[6000];
    memset(huge, 'a', sizeof huge - 1);
    errata_descriptor_t desc = with_fallback();
    errata_problem_t p;
    rt_events_t events = { 0 };
    errata_throw(&p, &desc, __FILE__, __LINE__, NULL, NULL,
                 &(const fx_unauthorized_t){ .auth_error = huge });
    assert_true(p.members[0].present);
    assert_true(p.members[0].cut);
    assert_true(p.flags & ERRATA_PROBLEM_TRUNCATED);
    static char scratch[8192];
    recorded_t r;
    memset(&r, 0, sizeof r);
    assert_int_equal(errata_problem_headers(&p, record, &r, scratch, sizeof scratch, rt_observer,
                                            &events),
                     3);
    expect_header(&r, 2, "WWW-Authenticate", "Bearer realm=\"x\"");
    assert_int_equal(events.count, 1);
    assert_int_equal(events.events[0].kind, ERRATA_EVENT_HEADER_FALLBACK);
}

/* A value longer than the scratch is never cut: the fallback. */
static void test_fallback_for_small_scratch(void **state)
{
    (void)state;
    errata_descriptor_t desc = with_fallback();
    errata_problem_t p;
    rt_events_t events = { 0 };
    errata_throw(&p, &desc, __FILE__, __LINE__, NULL, NULL,
                 &(const fx_unauthorized_t){ .auth_error = "invalid_token" });
    char scratch[24]; /* the challenge takes 45 bytes */
    recorded_t r;
    memset(&r, 0, sizeof r);
    assert_int_equal(errata_problem_headers(&p, record, &r, scratch, sizeof scratch, rt_observer,
                                            &events),
                     3);
    expect_header(&r, 2, "WWW-Authenticate", "Bearer realm=\"x\"");
    assert_int_equal(events.events[0].kind, ERRATA_EVENT_HEADER_FALLBACK);
}

/* A required member passed as NULL is a broken header, not an optional
 * one: reported, and without a fallback left out. */
static void test_required_member_null_reported(void **state)
{
    (void)state;
    static const errata_member_desc_t members[] = {
        { .name = "allow", .json_key = "\"allow\":", .kind = ERRATA_KIND_STRING,
          .required = true, .offset = 0 },
    };
    static const errata_template_part_t parts[] = { { NULL, 0, false } };
    static const errata_header_desc_t allow[] = {
        { .name = "Allow", .parts = parts, .part_count = 1 },
    };
    errata_descriptor_t desc = fx_bad_request;
    desc.status = 405;
    desc.members = members;
    desc.member_count = 1;
    desc.headers = allow;
    desc.header_count = 1;
    const char *value = NULL;
    errata_problem_t p;
    recorded_t r;
    rt_events_t events = { 0 };
    errata_throw(&p, &desc, __FILE__, __LINE__, NULL, NULL, &value);
    assert_int_equal(headers(&p, &r, &events), 2);
    assert_int_equal(events.count, 1);
    assert_int_equal(events.events[0].kind, ERRATA_EVENT_HEADER_DROPPED);
    assert_string_equal(events.events[0].header, "Allow");
    /* A value outside Allow's grammar: the same. */
    value = "GET; rm -rf";
    events.count = 0;
    errata_throw(&p, &desc, __FILE__, __LINE__, NULL, NULL, &value);
    assert_int_equal(headers(&p, &r, &events), 2);
    assert_int_equal(events.count, 1);
    value = "GET, HEAD";
    events.count = 0;
    errata_throw(&p, &desc, __FILE__, __LINE__, NULL, NULL, &value);
    assert_int_equal(headers(&p, &r, &events), 3);
    expect_header(&r, 2, "Allow", "GET, HEAD");
    assert_int_equal(events.count, 0);
}

/* Retry-After from an integer: a negative one is no delay-seconds. */
static void test_retry_after_negative_never_sent(void **state)
{
    (void)state;
    errata_problem_t p;
    recorded_t r;
    rt_events_t events = { 0 };
    errata_throw(&p, &fx_rate_limited, __FILE__, __LINE__, NULL, NULL,
                 &(const fx_rate_limited_t){ .retry_after = -1 });
    headers(&p, &r, &events);
    for (size_t i = 0; i < r.count; i++)
        assert_string_not_equal(r.names[i], "Retry-After");
    assert_int_equal(events.count, 1);
    assert_string_equal(events.events[0].header, "Retry-After");
}

/* The grammars, one value at a time. */
static void test_header_value_valid(void **state)
{
    (void)state;
    static const struct {
        const char *name, *value;
        bool ok;
    } cases[] = {
        { "Retry-After", "120", true },
        { "Retry-After", "0", true },
        { "Retry-After", "-1", false },
        { "Retry-After", "1.5", false },
        { "Retry-After", "", false },
        { "Retry-After", " 120", false },
        { "Retry-After", "Sun, 06 Nov 1994 08:49:37 GMT", true },
        { "retry-after", "Sun, 06 Nov 1994 08:49:37 GMT x", false },
        { "Retry-After", "soon", false },
        { "WWW-Authenticate", "Bearer", true },
        { "WWW-Authenticate", "Bearer realm=\"x\"", true },
        { "WWW-Authenticate", "", false },
        { "WWW-Authenticate", " Bearer", false },
        { "WWW-Authenticate", "realm=\"x\"", false },
        { "Proxy-Authenticate", "Basic realm=\"p\"", true },
        { "Proxy-Authenticate", "\"Basic\"", false },
        { "Allow", "", true },
        { "Allow", "GET", true },
        { "Allow", "GET, HEAD,PUT", true },
        { "Allow", "GET;HEAD", false },
        { "Allow", "GET,", false },
        { "Allow", ", GET", false },
        { "Allow", "GET HEAD", false },
        { "X-Anything", "a b \"c\" \x80", true },
        { "X-Anything", "a\tb", false },
        { "X-Anything", "a\r\nb", false },
    };
    for (size_t i = 0; i < RT_COUNT(cases); i++) {
        if (errata_header_value_valid(cases[i].name, cases[i].value) != cases[i].ok)
            fail_msg("%s: \"%s\" should be %s", cases[i].name, cases[i].value,
                     cases[i].ok ? "valid" : "refused");
    }
    assert_false(errata_header_value_valid(NULL, "x"));
    assert_false(errata_header_value_valid("X", NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixed_headers_first),
        cmocka_unit_test(test_templates_filled),
        cmocka_unit_test(test_control_bytes_dropped),
        cmocka_unit_test(test_nul_ends_the_value),
        cmocka_unit_test(test_quoted_string_injection),
        cmocka_unit_test(test_every_byte),
        cmocka_unit_test(test_scratch_too_small),
        cmocka_unit_test(test_degenerate_calls),
        cmocka_unit_test(test_descriptor_values_checked),
        cmocka_unit_test(test_fallback_for_control_bytes),
        cmocka_unit_test(test_fallback_for_optional_absent),
        cmocka_unit_test(test_fallback_for_cut_member),
        cmocka_unit_test(test_fallback_for_small_scratch),
        cmocka_unit_test(test_required_member_null_reported),
        cmocka_unit_test(test_retry_after_negative_never_sent),
        cmocka_unit_test(test_header_value_valid),
    };
    return cmocka_run_group_tests_name("headers", tests, NULL, NULL);
}
