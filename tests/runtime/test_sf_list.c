/* The strict RFC 9651 List parser (runtime/src/sf_list.c, internal), against
 * the RFC's own examples (§3.1 to §3.3.8) and inputs its §4.2 algorithms
 * must fail. */
#include "rt.h"
#include "sf_list.h"

#include <string.h>

static bool parse(errata_sf_cursor_t *c, const char *s)
{
    return errata_sf_list_init(c, s, strlen(s));
}

static void next(errata_sf_cursor_t *c, errata_sf_member_t *m, errata_sf_type_t type,
                 const char *text)
{
    assert_true(errata_sf_list_next(c, m));
    assert_int_equal(m->item.type, type);
    if (text != NULL) {
        assert_int_equal(m->item.len, strlen(text));
        assert_memory_equal(m->item.text, text, strlen(text));
    }
}

/* §3.1: "Example-List: sugar, tea, rum". */
static void test_list_of_tokens(void **state)
{
    (void)state;
    errata_sf_cursor_t c;
    errata_sf_member_t m;
    assert_true(parse(&c, "sugar, tea, rum"));
    next(&c, &m, ERRATA_SF_TOKEN, "sugar");
    next(&c, &m, ERRATA_SF_TOKEN, "tea");
    next(&c, &m, ERRATA_SF_TOKEN, "rum");
    assert_false(errata_sf_list_next(&c, &m));
}

/* §3.1.2: "abc;a=1;b=2; cde_456, (ghi;jk=4 l);q="9";r=w". */
static void test_parameters(void **state)
{
    (void)state;
    errata_sf_cursor_t c;
    errata_sf_member_t m;
    errata_sf_bare_t v;
    assert_true(parse(&c, "abc;a=1;b=2; cde_456, (ghi;jk=4 l);q=\"9\";r=w"));
    next(&c, &m, ERRATA_SF_TOKEN, "abc");
    assert_true(errata_sf_param(&m, "a", &v));
    assert_int_equal(v.type, ERRATA_SF_INTEGER);
    assert_int_equal(v.integer, 1);
    assert_true(errata_sf_param(&m, "b", &v));
    assert_int_equal(v.integer, 2);
    assert_true(errata_sf_param(&m, "cde_456", &v)); /* no value: true */
    assert_int_equal(v.type, ERRATA_SF_BOOLEAN);
    assert_int_equal(v.integer, 1);
    assert_false(errata_sf_param(&m, "c", &v));
    next(&c, &m, ERRATA_SF_INNER_LIST, "(ghi;jk=4 l)");
    assert_true(errata_sf_param(&m, "q", &v));
    assert_int_equal(v.type, ERRATA_SF_STRING);
    assert_true(errata_sf_param(&m, "r", &v));
    assert_int_equal(v.type, ERRATA_SF_TOKEN);
    assert_false(errata_sf_param(&m, "jk", &v)); /* an inner item's, not the list's */
    assert_false(errata_sf_list_next(&c, &m));
}

/* §3.1.1: inner lists, the empty one included, with parameters. */
static void test_inner_lists(void **state)
{
    (void)state;
    errata_sf_cursor_t c;
    errata_sf_member_t m;
    errata_sf_bare_t v;
    assert_true(parse(&c, "(\"foo\" \"bar\"), (\"baz\"), (\"bat\" \"one\"), ()"));
    next(&c, &m, ERRATA_SF_INNER_LIST, "(\"foo\" \"bar\")");
    next(&c, &m, ERRATA_SF_INNER_LIST, "(\"baz\")");
    next(&c, &m, ERRATA_SF_INNER_LIST, NULL);
    next(&c, &m, ERRATA_SF_INNER_LIST, "()");
    assert_false(errata_sf_list_next(&c, &m));
    assert_true(parse(&c, "(\"foo\"; a=1;b=2);lvl=5, (\"bar\" \"baz\");lvl=1"));
    next(&c, &m, ERRATA_SF_INNER_LIST, NULL);
    assert_true(errata_sf_param(&m, "lvl", &v));
    assert_int_equal(v.integer, 5);
}

/* §3.3: every bare item type. */
static void test_bare_items(void **state)
{
    (void)state;
    errata_sf_cursor_t c;
    errata_sf_member_t m;
    assert_true(parse(&c, "42, -42, 999999999999999, 4.5, -0.001, \"hello world\", "
                          "foo123/456, ?1, ?0, @1659578233, "
                          ":cHJldGVuZCB0aGlzIGlzIGJpbmFyeSBjb250ZW50Lg==:, "
                          "%\"This is intended for display to %c3%bcsers.\", *"));
    next(&c, &m, ERRATA_SF_INTEGER, NULL);
    assert_int_equal(m.item.integer, 42);
    next(&c, &m, ERRATA_SF_INTEGER, NULL);
    assert_int_equal(m.item.integer, -42);
    next(&c, &m, ERRATA_SF_INTEGER, NULL);
    assert_int_equal(m.item.integer, 999999999999999LL);
    next(&c, &m, ERRATA_SF_DECIMAL, NULL);
    assert_int_equal(m.item.integer, 4500);
    next(&c, &m, ERRATA_SF_DECIMAL, NULL);
    assert_int_equal(m.item.integer, -1);
    next(&c, &m, ERRATA_SF_STRING, "hello world");
    next(&c, &m, ERRATA_SF_TOKEN, "foo123/456");
    next(&c, &m, ERRATA_SF_BOOLEAN, NULL);
    assert_int_equal(m.item.integer, 1);
    next(&c, &m, ERRATA_SF_BOOLEAN, NULL);
    assert_int_equal(m.item.integer, 0);
    next(&c, &m, ERRATA_SF_DATE, NULL);
    assert_int_equal(m.item.integer, 1659578233);
    next(&c, &m, ERRATA_SF_BYTES, NULL);
    unsigned char bytes[64];
    size_t n;
    assert_true(errata_sf_bytes_decode(&m.item, bytes, sizeof bytes, &n));
    assert_int_equal(n, strlen("pretend this is binary content."));
    assert_memory_equal(bytes, "pretend this is binary content.", n);
    assert_false(errata_sf_bytes_decode(&m.item, bytes, 8, &n)); /* does not fit */
    next(&c, &m, ERRATA_SF_DISPLAY, "This is intended for display to %c3%bcsers.");
    next(&c, &m, ERRATA_SF_TOKEN, "*");
    assert_false(errata_sf_list_next(&c, &m));
}

/* §3.3.3: escapes are kept in the text and removed by the copy. */
static void test_string_escapes(void **state)
{
    (void)state;
    errata_sf_cursor_t c;
    errata_sf_member_t m;
    char buf[16];
    assert_true(parse(&c, "\"a \\\"b\\\" \\\\c\""));
    next(&c, &m, ERRATA_SF_STRING, "a \\\"b\\\" \\\\c");
    assert_true(errata_sf_string_copy(&m.item, buf, sizeof buf));
    assert_string_equal(buf, "a \"b\" \\c");
    assert_false(errata_sf_string_copy(&m.item, buf, 8)); /* never cut */
}

/* §4.2.3.2: a repeated parameter keeps its last value. */
static void test_last_parameter_wins(void **state)
{
    (void)state;
    errata_sf_cursor_t c;
    errata_sf_member_t m;
    errata_sf_bare_t v;
    assert_true(parse(&c, "a;x=1;x=2"));
    next(&c, &m, ERRATA_SF_TOKEN, "a");
    assert_true(errata_sf_param(&m, "x", &v));
    assert_int_equal(v.integer, 2);
}

/* §4.2: spaces at both ends are discarded; OWS (tabs too) around commas. */
static void test_white_space(void **state)
{
    (void)state;
    errata_sf_cursor_t c;
    errata_sf_member_t m;
    assert_true(parse(&c, ""));
    assert_false(errata_sf_list_next(&c, &m));
    assert_true(parse(&c, "   "));
    assert_true(parse(&c, "  a ,\tb  "));
    next(&c, &m, ERRATA_SF_TOKEN, "a");
    next(&c, &m, ERRATA_SF_TOKEN, "b");
    assert_false(errata_sf_list_next(&c, &m));
}

static void test_malformed(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "a,",                 /* trailing comma */
        "a,,b",               /* empty member */
        ",a",                 /* leading comma */
        "a b",                /* two items without a comma */
        "\ta",                /* leading tab: only SP is discarded */
        "1234567890123456",   /* 16 digits */
        "1234567890123.4",    /* 13 integer digits in a decimal */
        "1.2345",             /* 4 fraction digits */
        "1.",                 /* no fraction digit */
        "-",                  /* no digit */
        "--1",
        "\"unterminated",
        "\"bad \\x escape\"",
        "\"caf\xc3\xa9\"",    /* non-ASCII in a String */
        "\"tab\tinside\"",
        "?2",
        "?",
        "@1.5",               /* a Date is an Integer */
        ":a*b=:",             /* not base64 */
        ":ab=c:",             /* '=' inside */
        ":abcde:",            /* no base64 ends with one odd character */
        ":abc",               /* unterminated */
        "%\"%C3%BC\"",        /* upper-case hex */
        "%\"%c3\"",           /* a cut UTF-8 sequence */
        "%\"%ff\"",           /* no UTF-8 lead byte */
        "%\"%ed%a0%80\"",     /* a surrogate */
        "%nope",
        "a;A=1",              /* keys are lower case */
        "a;1=1",
        "a;x=",               /* '=' without a value */
        "a;x=(1)",            /* no inner list as a parameter value */
        "(a b",               /* unterminated inner list */
        "(a,b)",
        "Ab, @",
        "#a",
        "a\x01",
    };
    for (size_t i = 0; i < RT_COUNT(bad); i++) {
        errata_sf_cursor_t c;
        if (parse(&c, bad[i]))
            fail_msg("accepted: %s", bad[i]);
    }
}

/* A field stops at the length given, NUL or not. */
static void test_length_bounds(void **state)
{
    (void)state;
    errata_sf_cursor_t c;
    errata_sf_member_t m;
    assert_true(errata_sf_list_init(&c, "abc, def", 3));
    next(&c, &m, ERRATA_SF_TOKEN, "abc");
    assert_false(errata_sf_list_next(&c, &m));
    assert_false(errata_sf_list_init(&c, "a\0b", 3));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_list_of_tokens),   cmocka_unit_test(test_parameters),
        cmocka_unit_test(test_inner_lists),      cmocka_unit_test(test_bare_items),
        cmocka_unit_test(test_string_escapes),   cmocka_unit_test(test_last_parameter_wins),
        cmocka_unit_test(test_white_space),      cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_length_bounds),
    };
    return cmocka_run_group_tests_name("sf_list", tests, NULL, NULL);
}
