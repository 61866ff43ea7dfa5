/* The JSON writer behind `errata model` (model/json_write.h): string escaping,
 * number formatting, and the exact layout of nested values. */
#include "unit.h"

#include <math.h>

#include "model/json_write.h"
#include "model/value.h"
#include "support/arena.h"
#include "support/strbuf.h"
#include "support/utf8.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static char *body(const char *s, size_t len)
{
    struct strbuf sb = STRBUF_INIT;
    json_write_string_body(&sb, s, len);
    char *copy = strdup(strbuf_str(&sb));
    strbuf_release(&sb);
    return copy;
}

static void expect_body(const char *in, size_t len, const char *want)
{
    char *got = body(in, len);
    /* freed before fail(), which does not return: the order keeps GCC's
     * -Wuse-after-free (at -O3) from seeing a free on the path it assumes
     * continues. */
    bool same = strcmp(got, want) == 0;
    if (!same)
        print_error("escaping %zu bytes: expected '%s', got '%s'\n", len, want, got);
    free(got);
    if (!same)
        fail();
}

static void test_escape_every_control_byte(void **state)
{
    (void)state;
    for (unsigned c = 0; c < 0x20; c++) {
        char in[1] = { (char)c };
        char want[8];
        switch (c) {
        case '\b': strcpy(want, "\\b"); break;
        case '\f': strcpy(want, "\\f"); break;
        case '\n': strcpy(want, "\\n"); break;
        case '\r': strcpy(want, "\\r"); break;
        case '\t': strcpy(want, "\\t"); break;
        default: snprintf(want, sizeof want, "\\u%04x", c); break;
        }
        expect_body(in, 1, want);
    }
    expect_body("\x7F", 1, "\\u007f");
}

static void test_escape_quote_backslash_and_plain(void **state)
{
    (void)state;
    expect_body("\"", 1, "\\\"");
    expect_body("\\", 1, "\\\\");
    expect_body("a\"b\\c", 5, "a\\\"b\\\\c");
    /* '/' needs no escape and printable ASCII passes through. */
    expect_body("/ ~!#$%&'()*+,-.:;<=>?@[]^_`{|}", 31, "/ ~!#$%&'()*+,-.:;<=>?@[]^_`{|}");
    expect_body("", 0, "");
    /* An embedded NUL is escaped, not a terminator. */
    expect_body("a\0b", 3, "a\\u0000b");
    /* Only len bytes are read. */
    expect_body("abcdef", 3, "abc");
}

static void test_valid_utf8_passes_through(void **state)
{
    (void)state;
    expect_body("caf\xC3\xA9", 5, "caf\xC3\xA9");
    expect_body("\xE2\x82\xAC", 3, "\xE2\x82\xAC");
    expect_body("\xF0\x9F\x98\x80", 4, "\xF0\x9F\x98\x80");
    expect_body("\xF4\x8F\xBF\xBF", 4, "\xF4\x8F\xBF\xBF");
    /* U+2028/2029 are valid JSON string characters. */
    expect_body("\xE2\x80\xA8", 3, "\xE2\x80\xA8");
}

#define FFFD "\xEF\xBF\xBD"

static void test_invalid_utf8_becomes_replacement(void **state)
{
    (void)state;
    expect_body("\xFF", 1, FFFD);
    expect_body("\x80", 1, FFFD);
    expect_body("a\xFE" "b", 3, "a" FFFD "b");
    expect_body("\xC3", 1, FFFD);
    expect_body("\xC3" "A", 2, FFFD "A");
    expect_body("x\xF5", 2, "x" FFFD);

    /* Whatever the policy for multi-byte junk, the result is valid UTF-8,
     * holds at least one U+FFFD and keeps the ASCII around it. */
    static const struct {
        const char *bytes;
        size_t len;
    } junk[] = {
        { "<\xC0\x80>", 4 },         { "<\xE0\x80\x80>", 5 },     { "<\xED\xA0\x80>", 5 },
        { "<\xF4\x90\x80\x80>", 6 }, { "<\xF0\x9F\x98>", 5 },     { "<\xE2\x82>", 4 },
        { "<\x80\xBF>", 4 },         { "<\xF8\x88\x80\x80\x80>", 7 },
    };
    for (size_t i = 0; i < COUNT(junk); i++) {
        char *got = body(junk[i].bytes, junk[i].len);
        size_t n = strlen(got);
        if (!utf8_valid(got, n) || strstr(got, FFFD) == NULL || got[0] != '<' ||
            got[n - 1] != '>')
            fail_msg("junk %zu: bad output '%s'", i, got);
        free(got);
    }
}

static void expect_number(double d, const char *want)
{
    char buf[32];
    json_format_number(buf, d);
    if (strcmp(buf, want) != 0)
        fail_msg("json_format_number(%.17g): expected '%s', got '%s'", d, want, buf);
}

/* RFC 8259 §6: -? int frac? exp? */
static bool is_json_number(const char *s)
{
    if (*s == '-')
        s++;
    if (*s == '0')
        s++;
    else if (*s >= '1' && *s <= '9')
        s += strspn(s, "0123456789");
    else
        return false;
    if (*s == '.') {
        s++;
        size_t n = strspn(s, "0123456789");
        if (n == 0)
            return false;
        s += n;
    }
    if (*s == 'e' || *s == 'E') {
        s++;
        if (*s == '+' || *s == '-')
            s++;
        size_t n = strspn(s, "0123456789");
        if (n == 0)
            return false;
        s += n;
    }
    return *s == '\0';
}

/* Digits of the mantissa, leading zeros and trailing zeros of an integer
 * part not counted. */
static int significant_digits(const char *s)
{
    char mant[32];
    size_t n = 0;
    for (; *s && *s != 'e' && *s != 'E' && n + 1 < sizeof mant; s++) {
        if (*s >= '0' && *s <= '9')
            mant[n++] = *s;
    }
    mant[n] = '\0';
    const char *p = mant + strspn(mant, "0");
    size_t len = strlen(p);
    while (len > 1 && p[len - 1] == '0')
        len--;
    return (int)len;
}

/* Shortest round trip: the text reads back as exactly d. */
static void test_number_round_trip(void **state)
{
    (void)state;
    expect_number(0.1, "0.1");
    expect_number(1.21, "1.21");
    expect_number(-2.5, "-2.5");
    expect_number(0.3, "0.3");
    expect_number(1.0 / 3.0, "0.3333333333333333");
    expect_number(0.1 + 0.2, "0.30000000000000004");
    expect_number(5e-324, "5e-324");

    /* Large and tiny values: whatever the exponent style, the text is a JSON
     * number with as few significant digits as reading back allows. */
    static const struct {
        double d;
        int digits;
    } samples[] = {
        { 0.1, 1 },        { 1.21, 3 },         { 1e21, 1 },      { 1e22, 1 },
        { 1e-7, 1 },       { 123456789.125, 12 }, { 2.2250738585072014e-308, 17 },
        { 9007199254740992.0, 16 }, { 3.14159265358979, 15 }, { 6.02214076e23, 9 },
        { -1e-300, 1 },    { 0.000123, 3 },     { 1.7976931348623157e308, 17 },
    };
    for (size_t i = 0; i < COUNT(samples); i++) {
        char buf[32];
        json_format_number(buf, samples[i].d);
        if (strtod(buf, NULL) != samples[i].d)
            fail_msg("%.17g formatted as '%s', which does not read back", samples[i].d, buf);
        if (!is_json_number(buf))
            fail_msg("%.17g formatted as '%s', which is not a JSON number", samples[i].d, buf);
        if (significant_digits(buf) != samples[i].digits)
            fail_msg("%.17g formatted as '%s': expected %d significant digits", samples[i].d,
                     buf, samples[i].digits);
    }
}

static void test_number_negative_zero(void **state)
{
    (void)state;
    /* -0 is valid JSON and keeps the sign; it reads back equal to 0 either way. */
    char buf[32];
    json_format_number(buf, -0.0);
    assert_string_equal(buf, "-0");
    json_format_number(buf, 0.0);
    assert_string_equal(buf, "0");
}

static void test_number_integers(void **state)
{
    (void)state;
    /* Small integral values come out as integers; "1e+02" is longer than
     * "100", so it is not the shortest text that reads back. */
    expect_number(0.0, "0");
    expect_number(1.0, "1");
    expect_number(-7.0, "-7");
    expect_number(9.0, "9");
    expect_number(10.0, "10");
    expect_number(42.0, "42");
    expect_number(100.0, "100");
    expect_number(150.0, "150");
    expect_number(-300.0, "-300");
    expect_number(1000.0, "1000");
    expect_number(65535.0, "65535");
}

/* Builds { "a": 1, "b": [true, null, "x\"y", 2.5, [], {}], "c": { "d": { "e": [ -3 ] } } }. */
static struct value *sample(struct arena *a)
{
    struct value *root = value_map(a);
    value_map_put_int(a, root, "a", 1);
    struct value *list = value_list(a);
    value_list_push(a, list, value_bool(a, true));
    value_list_push(a, list, value_null(a));
    value_list_push(a, list, value_string(a, "x\"y"));
    value_list_push(a, list, value_number(a, 2.5));
    value_list_push(a, list, value_list(a));
    value_list_push(a, list, value_map(a));
    value_map_put(a, root, "b", list);
    struct value *c = value_map(a), *d = value_map(a), *e = value_list(a);
    value_list_push(a, e, value_int(a, -3));
    value_map_put(a, d, "e", e);
    value_map_put(a, c, "d", d);
    value_map_put(a, root, "c", c);
    value_map_put_str(a, root, "s", NULL);
    value_map_put_bool(a, root, "f", false);
    return root;
}

static void test_write_nested(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a);
    struct strbuf sb = STRBUF_INIT;
    json_write_value(&sb, sample(&a));
    assert_string_equal(strbuf_str(&sb), "{\n"
                                         "  \"a\": 1,\n"
                                         "  \"b\": [\n"
                                         "    true,\n"
                                         "    null,\n"
                                         "    \"x\\\"y\",\n"
                                         "    2.5,\n"
                                         "    [],\n"
                                         "    {}\n"
                                         "  ],\n"
                                         "  \"c\": {\n"
                                         "    \"d\": {\n"
                                         "      \"e\": [\n"
                                         "        -3\n"
                                         "      ]\n"
                                         "    }\n"
                                         "  },\n"
                                         "  \"s\": null,\n"
                                         "  \"f\": false\n"
                                         "}");
    strbuf_release(&sb);
    arena_finish(&a);
}

static void test_write_compact(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a);
    struct strbuf sb = STRBUF_INIT;
    json_write_compact(&sb, sample(&a));
    assert_string_equal(strbuf_str(&sb), "{\"a\":1,\"b\":[true,null,\"x\\\"y\",2.5,[],{}],"
                                         "\"c\":{\"d\":{\"e\":[-3]}},\"s\":null,\"f\":false}");
    strbuf_reset(&sb);
    json_write_compact(&sb, value_string(&a, "\n"));
    assert_string_equal(strbuf_str(&sb), "\"\\n\"");
    strbuf_release(&sb);
    arena_finish(&a);
}

static void test_write_scalars_and_keys(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a);
    struct strbuf sb = STRBUF_INIT;

    json_write_value(&sb, value_int(&a, INT64_MIN));
    assert_string_equal(strbuf_str(&sb), "-9223372036854775808");
    strbuf_reset(&sb);
    json_write_value(&sb, value_int(&a, INT64_MAX));
    assert_string_equal(strbuf_str(&sb), "9223372036854775807");
    strbuf_reset(&sb);
    json_write_value(&sb, value_stringn(&a, "\n\0\xFF", 3));
    assert_string_equal(strbuf_str(&sb), "\"\\n\\u0000" FFFD "\"");
    strbuf_reset(&sb);

    /* Keys are escaped like strings and may hold any bytes. */
    struct value *m = value_map(&a);
    value_map_putn(&a, m, "k\"\x01\xC3", 4, value_list(&a));
    json_write_value(&sb, m);
    assert_string_equal(strbuf_str(&sb), "{\n  \"k\\\"\\u0001" FFFD "\": []\n}");
    strbuf_reset(&sb);

    /* Insertion order, duplicates kept as appended (the writer does not sort). */
    m = value_map(&a);
    value_map_put_int(&a, m, "z", 1);
    value_map_put_int(&a, m, "a", 2);
    json_write_value(&sb, m);
    assert_string_equal(strbuf_str(&sb), "{\n  \"z\": 1,\n  \"a\": 2\n}");
    assert_int_equal(value_map_get(m, "a", 1)->u.integer, 2);
    assert_null(value_map_get(m, "q", 1));

    strbuf_release(&sb);
    arena_finish(&a);
}

static void test_write_deep(void **state)
{
    (void)state;
    /* 200 nested lists: indentation grows by two spaces a level. */
    struct arena a;
    arena_init(&a);
    struct value *inner = value_int(&a, 7);
    for (int i = 0; i < 200; i++) {
        struct value *l = value_list(&a);
        value_list_push(&a, l, inner);
        inner = l;
    }
    struct strbuf sb = STRBUF_INIT;
    json_write_value(&sb, inner);
    const char *s = strbuf_str(&sb);
    size_t opens = 0, closes = 0;
    for (const char *p = s; *p; p++) {
        opens += *p == '[';
        closes += *p == ']';
    }
    assert_int_equal(opens, 200);
    assert_int_equal(closes, 200);
    char want[512];
    snprintf(want, sizeof want, "\n%*s7\n", 400, "");
    assert_non_null(strstr(s, want));
    strbuf_release(&sb);
    arena_finish(&a);
}

static void upper_text(struct strbuf *out, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        strbuf_addc(out, (char)(s[i] >= 'a' && s[i] <= 'z' ? s[i] - 'a' + 'A' : s[i]));
}

static void tagged_text(struct strbuf *out, const char *s, size_t len)
{
    strbuf_adds(out, "<");
    strbuf_add(out, s, len);
    strbuf_adds(out, ">");
}

/* A string with forms: one member that answers KEY_c... (value_map_get),
 * printed with all its forms after it; an eager member of the same name
 * wins; a null text's forms are null. */
static void test_string_forms(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a);
    const value_text_fn fns[VALUE_FORMS] = { upper_text, tagged_text, upper_text, tagged_text,
                                             upper_text };
    struct value *map = value_map(&a);
    value_map_put_key(&a, map, "t", value_string_forms(&a, "a\"b", fns));
    value_map_put_key(&a, map, "n", value_string_forms(&a, NULL, fns));
    assert_int_equal(map->u.map.count, 2);
    struct strbuf sb = STRBUF_INIT;
    assert_true(value_text_write(&sb, value_map_get(map, "t_c", 3)));
    assert_string_equal(strbuf_str(&sb), "A\"B");
    strbuf_reset(&sb);
    assert_true(value_text_write(&sb, value_map_get(map, "t_comment", 9)));
    assert_string_equal(strbuf_str(&sb), "<a\"b>");
    assert_int_equal(value_map_get(map, "n_md", 4)->kind, VALUE_NULL);
    assert_null(value_map_get(map, "t_x", 3));
    assert_null(value_map_get(map, "u_c", 3));
    assert_null(value_map_get(map, "_c", 2));
    strbuf_reset(&sb);
    json_write_compact(&sb, map);
    assert_string_equal(strbuf_str(&sb),
                        "{\"t\":\"a\\\"b\",\"t_c\":\"A\\\"B\",\"t_comment\":\"<a\\\"b>\","
                        "\"t_json\":\"A\\\"B\",\"t_md\":\"<a\\\"b>\",\"t_html\":\"A\\\"B\","
                        "\"n\":null,\"n_c\":null,\"n_comment\":null,\"n_json\":null,"
                        "\"n_md\":null,\"n_html\":null}");
    value_map_put_str(&a, map, "t_c", "eager");
    assert_int_equal(value_map_get(map, "t_c", 3)->kind, VALUE_STRING);
    strbuf_release(&sb);
    arena_finish(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        UNIT_TEST(test_escape_every_control_byte),
        UNIT_TEST(test_escape_quote_backslash_and_plain),
        UNIT_TEST(test_valid_utf8_passes_through),
        UNIT_TEST(test_invalid_utf8_becomes_replacement),
        UNIT_TEST(test_number_round_trip),
        UNIT_TEST(test_number_negative_zero),
        UNIT_TEST(test_number_integers),
        UNIT_TEST(test_write_nested),
        UNIT_TEST(test_write_compact),
        UNIT_TEST(test_write_scalars_and_keys),
        UNIT_TEST(test_write_deep),
        UNIT_TEST(test_string_forms),
    };
    return cmocka_run_group_tests_name("json_write", tests, NULL, NULL);
}
