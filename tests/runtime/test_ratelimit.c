/* errata_ratelimit_t: the RateLimit-Policy and RateLimit fields written
 * into caller storage, read back by errata_parse_ratelimit and by the
 * decoder, and errata_header_value_valid's rule for both. */
#include "rt.h"

#include <stdio.h>
#include <string.h>

#include "errata/decode.h"

static errata_ratelimit_t one_policy(void)
{
    errata_ratelimit_t rl;
    errata_ratelimit_init(&rl);
    errata_ratelimit_policy_t *p = errata_ratelimit_add(&rl, "default", 100);
    assert_non_null(p);
    p->window = 60;
    p->remaining = 0;
    p->reset = 30;
    return rl;
}

/* The example, byte for byte. */
static void test_fields_written(void **state)
{
    (void)state;
    errata_ratelimit_t rl = one_policy();
    char buf[128];
    assert_int_equal(errata_ratelimit_policy_field(&rl, buf, sizeof buf),
                     strlen("\"default\";q=100;w=60"));
    assert_string_equal(buf, "\"default\";q=100;w=60");
    assert_int_equal(errata_ratelimit_field(&rl, buf, sizeof buf), strlen("\"default\";r=0;t=30"));
    assert_string_equal(buf, "\"default\";r=0;t=30");
}

static void test_every_parameter(void **state)
{
    (void)state;
    errata_ratelimit_t rl;
    char buf[256];
    errata_ratelimit_init(&rl);
    errata_ratelimit_policy_t *p = errata_ratelimit_add(&rl, "per \"user\"", 5000);
    p->unit = ERRATA_QUOTA_UNIT_CONTENT_BYTES;
    p->window = 3600;
    memcpy(p->partition_key, "abc", 3);
    p->partition_key_len = 3;
    p->remaining = 4999;
    p = errata_ratelimit_add(&rl, "burst", 10); /* no RateLimit item: remaining -1 */
    p->unit = ERRATA_QUOTA_UNIT_CONCURRENT_REQUESTS;
    errata_ratelimit_policy_field(&rl, buf, sizeof buf);
    assert_string_equal(buf, "\"per \\\"user\\\"\";q=5000;qu=\"content-bytes\";w=3600;pk=:YWJj:, "
                             "\"burst\";q=10;qu=\"concurrent-requests\"");
    errata_ratelimit_field(&rl, buf, sizeof buf);
    assert_string_equal(buf, "\"per \\\"user\\\"\";r=4999;pk=:YWJj:");
    assert_true(errata_header_value_valid("RateLimit", buf));
}

/* ERRATA_RATELIMIT_FIELD_MAX holds either field at its largest. */
static void test_largest_fields_fit(void **state)
{
    (void)state;
    errata_ratelimit_t rl;
    char name[ERRATA_RATELIMIT_NAME_SIZE];
    char buf[ERRATA_RATELIMIT_FIELD_MAX];
    memset(name, '"', sizeof name - 1); /* every character escaped */
    name[sizeof name - 1] = '\0';
    errata_ratelimit_init(&rl);
    for (int i = 0; i < ERRATA_RATELIMIT_POLICIES; i++) {
        errata_ratelimit_policy_t *p = errata_ratelimit_add(&rl, name, 999999999999999LL);
        assert_non_null(p);
        p->window = p->remaining = p->reset = 999999999999999LL;
        p->unit = ERRATA_QUOTA_UNIT_CONCURRENT_REQUESTS;
        memset(p->partition_key, 0xff, sizeof p->partition_key);
        p->partition_key_len = sizeof p->partition_key;
    }
    size_t policy = errata_ratelimit_policy_field(&rl, buf, sizeof buf);
    assert_int_equal(policy, 1042);
    assert_true(errata_header_value_valid("RateLimit-Policy", buf));
    size_t limit = errata_ratelimit_field(&rl, buf, sizeof buf);
    assert_true(limit > 0 && limit < sizeof buf);
    assert_true(errata_header_value_valid("RateLimit", buf));
}

/* snprintf semantics: the length needed, a cut prefix, a NUL. */
static void test_truncation_reported(void **state)
{
    (void)state;
    errata_ratelimit_t rl = one_policy();
    char buf[8];
    size_t need = errata_ratelimit_policy_field(&rl, buf, sizeof buf);
    assert_int_equal(need, strlen("\"default\";q=100;w=60"));
    assert_true(need >= sizeof buf);
    assert_int_equal(strlen(buf), sizeof buf - 1);
    assert_int_equal(errata_ratelimit_policy_field(&rl, NULL, 0), need); /* sizing */
}

/* Nothing wrong is ever written: a value no field can carry gives "". */
static void test_invalid_values_refused(void **state)
{
    (void)state;
    errata_ratelimit_t rl;
    char buf[128];
    errata_ratelimit_init(&rl);
    assert_null(errata_ratelimit_add(&rl, "", 1));
    assert_null(errata_ratelimit_add(&rl, "caf\xc3\xa9", 1));
    assert_null(errata_ratelimit_add(&rl, "a\nb", 1));
    assert_null(errata_ratelimit_add(&rl, "x", -1));
    assert_null(errata_ratelimit_add(&rl, "x", 1000000000000000LL));
    char longname[ERRATA_RATELIMIT_NAME_SIZE + 1];
    memset(longname, 'a', sizeof longname - 1);
    longname[sizeof longname - 1] = '\0';
    assert_null(errata_ratelimit_add(&rl, longname, 1));
    longname[ERRATA_RATELIMIT_NAME_SIZE - 1] = '\0';
    assert_non_null(errata_ratelimit_add(&rl, longname, 1));
    for (int i = 1; i < ERRATA_RATELIMIT_POLICIES; i++)
        assert_non_null(errata_ratelimit_add(&rl, "p", 1));
    assert_null(errata_ratelimit_add(&rl, "full", 1));
    rl.policies[1].remaining = -7; /* set by hand below -1 */
    strcpy(buf, "junk");
    assert_int_equal(errata_ratelimit_field(&rl, buf, sizeof buf), 0);
    assert_string_equal(buf, "");
    assert_int_equal(errata_ratelimit_policy_field(&rl, buf, sizeof buf), 0);
    errata_ratelimit_init(&rl); /* no policy: nothing to send */
    assert_int_equal(errata_ratelimit_policy_field(&rl, buf, sizeof buf), 0);
    assert_int_equal(errata_ratelimit_field(NULL, buf, sizeof buf), 0);
}

typedef struct seen {
    int count;
    char names[2][32];
    char values[2][128];
} seen_t;

static void record(const char *name, const char *value, void *ctx)
{
    seen_t *s = ctx;
    assert_true(s->count < 2);
    snprintf(s->names[s->count], sizeof s->names[0], "%s", name);
    snprintf(s->values[s->count], sizeof s->values[0], "%s", value);
    s->count++;
}

static void test_headers_emitted(void **state)
{
    (void)state;
    errata_ratelimit_t rl = one_policy();
    seen_t s = { 0 };
    char scratch[64];
    assert_int_equal(errata_ratelimit_headers(&rl, record, &s, scratch, sizeof scratch), 2);
    assert_string_equal(s.names[0], "RateLimit-Policy");
    assert_string_equal(s.values[0], "\"default\";q=100;w=60");
    assert_string_equal(s.names[1], "RateLimit");
    assert_string_equal(s.values[1], "\"default\";r=0;t=30");
    /* A scratch too small for a field sends neither cut. */
    memset(&s, 0, sizeof s);
    assert_int_equal(errata_ratelimit_headers(&rl, record, &s, scratch, 19), 1);
    assert_string_equal(s.names[0], "RateLimit");
    rl.policies[0].remaining = -1; /* policy only */
    memset(&s, 0, sizeof s);
    assert_int_equal(errata_ratelimit_headers(&rl, record, &s, scratch, sizeof scratch), 1);
    assert_string_equal(s.names[0], "RateLimit-Policy");
}

/* What the writer writes, the parser reads back. */
static void test_round_trip(void **state)
{
    (void)state;
    errata_ratelimit_t rl = one_policy(), back;
    errata_ratelimit_policy_t *p = errata_ratelimit_add(&rl, "hour\\ly", 1000);
    p->unit = ERRATA_QUOTA_UNIT_REQUESTS;
    memcpy(p->partition_key, "\x00\xff\x10\x20", 4);
    p->partition_key_len = 4;
    p->remaining = 12;
    char policy[256], limit[256];
    errata_ratelimit_policy_field(&rl, policy, sizeof policy);
    errata_ratelimit_field(&rl, limit, sizeof limit);
    assert_true(errata_parse_ratelimit(policy, limit, &back));
    assert_int_equal(back.count, 2);
    assert_memory_equal(&back.policies[0], &rl.policies[0], sizeof rl.policies[0]);
    assert_memory_equal(&back.policies[1], &rl.policies[1], sizeof rl.policies[1]);
}

static void test_parse(void **state)
{
    (void)state;
    errata_ratelimit_t rl;
    /* RateLimit alone; items joined by name; unknown parameters and units. */
    assert_true(errata_parse_ratelimit("\"a\";q=10;qu=\"bytes\";zz=?1, \"b\";q=5;w=-1",
                                       "\"b\";r=3;t=7, \"c\";r=1", &rl));
    assert_int_equal(rl.count, 3);
    assert_string_equal(rl.policies[0].name, "a");
    assert_int_equal(rl.policies[0].quota, 10);
    assert_int_equal(rl.policies[0].unit, ERRATA_QUOTA_UNIT_OTHER);
    assert_int_equal(rl.policies[0].remaining, -1);
    assert_int_equal(rl.policies[1].window, -1); /* negative: ignored */
    assert_int_equal(rl.policies[1].remaining, 3);
    assert_int_equal(rl.policies[1].reset, 7);
    assert_string_equal(rl.policies[2].name, "c");
    assert_int_equal(rl.policies[2].quota, -1);
    assert_int_equal(rl.policies[2].remaining, 1);
    /* Items that are no policy are skipped; the rest is kept. */
    assert_true(errata_parse_ratelimit("default;q=1, \"x\";w=2, \"y\";q=1.5, \"\";q=1, \"ok\";q=1",
                                       NULL, &rl));
    assert_int_equal(rl.count, 1);
    assert_string_equal(rl.policies[0].name, "ok");
    /* A malformed field is ignored whole, the other one still read. */
    assert_true(errata_parse_ratelimit("\"a\";q=1,", "\"b\";r=2", &rl));
    assert_int_equal(rl.count, 1);
    assert_string_equal(rl.policies[0].name, "b");
    assert_false(errata_parse_ratelimit("\"a\";q=1 \"b\"", "garbage(", &rl));
    assert_int_equal(rl.count, 0);
    assert_false(errata_parse_ratelimit(NULL, NULL, &rl));
    assert_false(errata_parse_ratelimit("\"a\";q=1", NULL, NULL));
    /* More policies than fit: the first ones. */
    assert_true(errata_parse_ratelimit("\"1\";q=1, \"2\";q=1, \"3\";q=1, \"4\";q=1, \"5\";q=1",
                                       NULL, &rl));
    assert_int_equal(rl.count, ERRATA_RATELIMIT_POLICIES);
}

static void test_header_value_valid(void **state)
{
    (void)state;
    static const struct {
        const char *name, *value;
        bool ok;
    } cases[] = {
        { "RateLimit-Policy", "\"default\";q=100;w=60", true },
        { "ratelimit-policy", "\"a\";q=1, \"b\";q=0;qu=\"requests\";pk=:YWJj:", true },
        { "RateLimit-Policy", "", false },
        { "RateLimit-Policy", "\"default\";w=60", false },  /* q required */
        { "RateLimit-Policy", "\"default\";q=-1", false },
        { "RateLimit-Policy", "default;q=1", false },       /* a token, not a String */
        { "RateLimit-Policy", "\"default\";q=1,", false },
        { "RateLimit", "\"default\";r=0;t=30", true },
        { "RATELIMIT", "\"default\";r=0", true },
        { "RateLimit", "\"default\";q=1", false },          /* r required */
        { "RateLimit", "\"default\";r=1.0", false },
        { "RateLimit-Reset", "anything", true },             /* not a field errata knows */
        { "Retry-After", "120", true },
    };
    for (size_t i = 0; i < RT_COUNT(cases); i++)
        if (errata_header_value_valid(cases[i].name, cases[i].value) != cases[i].ok)
            fail_msg("%s: \"%s\" should be %s", cases[i].name, cases[i].value,
                     cases[i].ok ? "valid" : "refused");
}

/* Gives every value in one buffer, as a callback may (the petstore's test
 * client does): each field must be read before the next is asked for. */
static const char *header(const char *name, void *ctx)
{
    static char shared[128];
    const char *const *fields = ctx;
    const char *v = strcmp(name, "RateLimit-Policy") == 0 ? fields[0]
                    : strcmp(name, "RateLimit") == 0      ? fields[1]
                                                          : NULL;
    if (v == NULL)
        return NULL;
    snprintf(shared, sizeof shared, "%s", v);
    return shared;
}

/* The decoder fills errata_decoded_t.ratelimit from the response. */
static void test_decoder_reads_fields(void **state)
{
    (void)state;
    static errata_decoded_t d;
    const char *fields[2] = { "\"default\";q=100;w=60", "\"default\";r=0;t=30" };
    errata_decode_options_t opt = { 0 };
    opt.header = header;
    opt.header_ctx = (void *)fields;
    const char body[] = "{\"type\":\"about:blank\",\"status\":429}";
    errata_decode(NULL, 429, "application/problem+json", &opt, body, sizeof body - 1, &d, NULL);
    assert_int_equal(d.ratelimit.count, 1);
    assert_string_equal(d.ratelimit.policies[0].name, "default");
    assert_int_equal(d.ratelimit.policies[0].quota, 100);
    assert_int_equal(d.ratelimit.policies[0].window, 60);
    assert_int_equal(d.ratelimit.policies[0].remaining, 0);
    assert_int_equal(d.ratelimit.policies[0].reset, 30);
    /* Malformed fields: ignored, the problem decoded all the same. */
    fields[0] = "\"default\";q=";
    fields[1] = "\x01";
    errata_decode(NULL, 429, "application/problem+json", &opt, body, sizeof body - 1, &d, NULL);
    assert_int_equal(d.ratelimit.count, 0);
    assert_int_equal(d.status, 429);
    assert_int_equal(d.body_kind, ERRATA_BODY_OBJECT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fields_written),        cmocka_unit_test(test_every_parameter),
        cmocka_unit_test(test_truncation_reported),   cmocka_unit_test(test_invalid_values_refused),
        cmocka_unit_test(test_headers_emitted),       cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_parse),                 cmocka_unit_test(test_header_value_valid),
        cmocka_unit_test(test_decoder_reads_fields),  cmocka_unit_test(test_largest_fields_fit),
    };
    return cmocka_run_group_tests_name("ratelimit", tests, NULL, NULL);
}
