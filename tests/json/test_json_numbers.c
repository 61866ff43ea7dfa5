/* NUMBER tokens read as int64 and double (errata_json_int64,
 * errata_json_double): exact integers only, correctly rounded doubles
 * whatever the length of the text, and the same results under locales
 * whose decimal point is not '.' (built by localedef into LOCPATH). */
#include "json_test.h"

#include <float.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

/* ---- int64 ------------------------------------------------------------------ */

typedef struct int_case {
    const char *text;
    bool ok;
    int64_t value;
} int_case_t;

static const int_case_t int_cases[] = {
    { "0", true, 0 },
    { "-0", true, 0 },
    { "10", true, 10 },
    { "-7", true, -7 },
    { "9223372036854775807", true, INT64_MAX },
    { "9223372036854775808", false, 0 },
    { "-9223372036854775808", true, INT64_MIN },
    { "-9223372036854775809", false, 0 },
    { "18446744073709551616", false, 0 },
    { "99999999999999999999999999", false, 0 },
    /* whole numbers in other spellings */
    { "1e2", true, 100 },
    { "1E+2", true, 100 },
    { "1.0", true, 1 },
    { "-0.0", true, 0 },
    { "0.000e5", true, 0 },
    { "100e-2", true, 1 },
    { "0.5e1", true, 5 },
    { "123.456e3", true, 123456 },
    { "1e18", true, 1000000000000000000 },
    { "-1e18", true, -1000000000000000000 },
    { "9.223372036854775807e18", true, INT64_MAX },
    { "-9.223372036854775808e18", true, INT64_MIN },
    { "92233720368547758070e-1", true, INT64_MAX },
    { "9223372036854775807.000", true, INT64_MAX },
    { "0.0000000000000000000000000000001e31", true, 1 },
    { "0e999999999999999999999999", true, 0 },
    /* not whole, or out of range */
    { "1.5", false, 0 },
    { "-0.1", false, 0 },
    { "1e-1", false, 0 },
    { "1.2345e3", false, 0 },
    { "1e19", false, 0 },
    { "-1e19", false, 0 },
    { "9.223372036854775808e18", false, 0 },
    { "1e999999999999999999999999", false, 0 },
    { "1e-999999999999999999999999", false, 0 },
    { "0.9999999999999999999999999", false, 0 },
};

static void test_int64(void **state)
{
    (void)state;
    for (size_t k = 0; k < JT_COUNT(int_cases); k++) {
        errata_json_parser_t p;
        jt_number(&p, int_cases[k].text);
        int64_t v = 12345;
        bool ok = errata_json_int64(&p, &v);
        if (ok != int_cases[k].ok || (ok && v != int_cases[k].value))
            fail_msg("%s: %s %lld", int_cases[k].text, ok ? "true" : "false", (long long)v);
        if (!ok)
            assert_int_equal(v, 12345); /* untouched */
    }
}

static void test_not_a_number(void **state)
{
    (void)state;
    errata_json_parser_t p;
    errata_json_init(&p, "[\"1\"]", 5, NULL, 0);
    int64_t i;
    double d;
    assert_false(errata_json_int64(&p, &i)); /* no token yet */
    assert_int_equal(errata_json_next(&p), ERRATA_JSON_ARRAY_BEGIN);
    assert_false(errata_json_int64(&p, &i));
    assert_int_equal(errata_json_next(&p), ERRATA_JSON_STRING);
    assert_false(errata_json_int64(&p, &i));
    assert_false(errata_json_double(&p, &d));
}

/* ---- double ------------------------------------------------------------------ */

typedef struct double_case {
    const char *text;
    bool ok;
    double value;
} double_case_t;

static const double_case_t double_cases[] = {
    { "0", true, 0.0 },
    { "-0", true, -0.0 },
    { "-0.0e-5", true, -0.0 },
    { "1", true, 1.0 },
    { "0.1", true, 0.1 },
    { "-2.5", true, -2.5 },
    { "0.30000000000000004", true, 0.30000000000000004 },
    { "3.141592653589793238462643383279502884197", true, 3.141592653589793 },
    { "123456789012345678901234567890", true, 1.2345678901234568e29 },
    { "9007199254740993", true, 9007199254740992.0 }, /* halfway: to even */
    { "9007199254740995", true, 9007199254740996.0 },
    { "1e308", true, 1e308 },
    { "1.7976931348623157e308", true, DBL_MAX },
    { "-1.7976931348623157e308", true, -DBL_MAX },
    { "1.7976931348623158e308", true, DBL_MAX },   /* below the halfway point */
    { "1.7976931348623159e308", false, 0 },        /* above it: infinity */
    { "1e309", false, 0 },
    { "-1e309", false, 0 },
    { "1e400", false, 0 },
    { "1E+999999999999999999999", false, 0 },
    { "2.2250738585072014e-308", true, DBL_MIN },
    { "4.9e-324", true, 0x1p-1074 },
    { "5e-324", true, 0x1p-1074 },
    { "2e-324", true, 0.0 }, /* underflow to zero is fine */
    { "-1e-400", true, -0.0 },
    { "1e-999999999999999999999", true, 0.0 },
    { "100000000000000000000000e-22", true, 10.0 },
    { "0.000000000000000000000001e24", true, 1.0 },
};

static void check_double(const char *text, bool ok_wanted, double wanted)
{
    errata_json_parser_t p;
    jt_number(&p, text);
    double v = 42.0;
    bool ok = errata_json_double(&p, &v);
    /* Bit for bit: -0.0 is not 0.0 here. */
    if (ok != ok_wanted || (ok && memcmp(&v, &wanted, sizeof v) != 0))
        fail_msg("%.60s%s: %s %.17g, expected %s %.17g", text, strlen(text) > 60 ? "..." : "",
                 ok ? "true" : "false", v, ok_wanted ? "true" : "false", wanted);
    if (!ok)
        assert_true(v == 42.0); /* untouched */
}

/* ---- long numbers --------------------------------------------------------------- */

/* The decimal digits of mult * 5^n (n small enough for 1100 digits). */
static void pow5_digits(unsigned n, uint64_t mult, char *out)
{
    static unsigned char d[1100]; /* little-endian decimal digits */
    size_t len = 1;
    memset(d, 0, sizeof d);
    d[0] = 1;
    for (unsigned k = 0; k < n + 1; k++) {
        uint64_t factor = k < n ? 5 : mult, carry = 0;
        for (size_t i = 0; i < len || carry; i++) {
            uint64_t v = (i < len ? d[i] : 0) * factor + carry;
            d[i] = (unsigned char)(v % 10);
            carry = v / 10;
            if (i >= len)
                len = i + 1;
        }
    }
    for (size_t i = 0; i < len; i++)
        out[i] = (char)('0' + d[len - 1 - i]);
    out[len] = '\0';
}

/* "0.<zeros><mult * 5^1075>", the exact decimal of mult * 2^-1075, with
 * `tail` appended to its digits. */
static char *halfway_text(uint64_t mult, const char *tail)
{
    char digits[1100];
    pow5_digits(1075, mult, digits);
    size_t n = strlen(digits), t = strlen(tail);
    char *s = malloc(2 + 1075 + t + 1);
    memcpy(s, "0.", 2);
    memset(s + 2, '0', 1075 - n);
    memcpy(s + 2 + 1075 - n, digits, n);
    memcpy(s + 2 + 1075, tail, t + 1);
    return s;
}

/* tail: "" or hundreds of zeros and a 1, past digit 800 of any of these */
static char *zeros_and_one(size_t zeros)
{
    char *s = malloc(zeros + 2);
    memset(s, '0', zeros);
    memcpy(s + zeros, "1", 2);
    return s;
}

static char *concat3(const char *a, const char *b, const char *c)
{
    size_t la = strlen(a), lb = strlen(b), lc = strlen(c);
    char *s = malloc(la + lb + lc + 1);
    memcpy(s, a, la);
    memcpy(s + la, b, lb);
    memcpy(s + la + lb, c, lc + 1);
    return s;
}

static char *repeat(char c, size_t n)
{
    char *s = malloc(n + 1);
    memset(s, c, n);
    s[n] = '\0';
    return s;
}

/* n pseudo-random digits, the first non-zero. */
static char *random_digits(size_t n, unsigned seed)
{
    char *s = malloc(n + 1);
    for (size_t i = 0; i < n; i++) {
        seed = seed * 1103515245u + 12345u;
        s[i] = (char)('0' + (seed >> 16) % 10);
    }
    s[0] = s[0] == '0' ? '7' : s[0];
    s[n] = '\0';
    return s;
}

typedef struct long_case {
    char *text;
    bool ok;
    double value;
} long_case_t;

#define LONG_CASES 16

/* Numbers far longer than any local buffer, with their exact results. */
static size_t make_long_cases(long_case_t *c)
{
    size_t n = 0;
    char *z = zeros_and_one(300), *zeros = repeat('0', 9983), *z10k = repeat('0', 10000);
    char *r = random_digits(10000, 1);
    /* 2^53 + 1 is halfway between two doubles: anything after it decides. */
    c[n++] = (long_case_t){ concat3("9007199254740993.", zeros, "1"), true, 9007199254740994.0 };
    c[n++] = (long_case_t){ concat3("9007199254740993.", z10k, ""), true, 9007199254740992.0 };
    c[n++] = (long_case_t){ concat3("-9007199254740993", zeros, "1e-9984"), true,
                            -9007199254740994.0 };
    /* 1 + 2^-53, halfway between 1 and the next double */
    c[n++] = (long_case_t){ concat3("1.00000000000000011102230246251565404236316680908203125", "",
                                    ""),
                            true, 1.0 };
    c[n++] = (long_case_t){ concat3("1.00000000000000011102230246251565404236316680908203125",
                                    zeros, "1"),
                            true, 1.0000000000000002 };
    /* 2^-1075 (752 significant digits): ties to 0; a digit past 800 makes it 2^-1074 */
    c[n++] = (long_case_t){ halfway_text(1, ""), true, 0.0 };
    c[n++] = (long_case_t){ halfway_text(1, z), true, 0x1p-1074 };
    /* (2^53 - 3) * 2^-1075 (767 significant digits, the most a halfway point has) */
    c[n++] = (long_case_t){ halfway_text(9007199254740989u, ""), true, 4503599627370494.0 * 0x1p-1074 };
    c[n++] = (long_case_t){ halfway_text(9007199254740989u, z), true,
                            4503599627370495.0 * 0x1p-1074 };
    /* 10^0 written with 10,000 zeros on one side or the other */
    c[n++] = (long_case_t){ concat3("1", z10k, "e-10000"), true, 1.0 };
    c[n++] = (long_case_t){ concat3("0.", zeros, "00000000000000001e10000"), true, 1.0 };
    /* 10,000 random digits: only strtod on the whole text knows (filled in below) */
    c[n++] = (long_case_t){ concat3("0.", r, ""), true, 0 };
    c[n++] = (long_case_t){ concat3(r, "e-9990", ""), true, 0 };
    c[n++] = (long_case_t){ concat3("-", r, "e-10300"), true, 0 };
    c[n++] = (long_case_t){ concat3(r, "", ""), false, 0 }; /* 10^9999 */
    c[n++] = (long_case_t){ concat3("0.", z10k, r), true, 0 };   /* underflows to 0 */
    free(z);
    free(zeros);
    free(z10k);
    free(r);
    assert_int_equal(n, LONG_CASES);
    return n;
}

/* In the C locale: the long cases agree with glibc's strtod on the whole
 * text (which handles any length exactly), and the random ones take their
 * expected value from it. */
static void fill_from_strtod(long_case_t *c, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        double v = strtod(c[k].text, NULL);
        if (k >= 11 && c[k].ok)
            c[k].value = v;
        else if (c[k].ok && memcmp(&v, &c[k].value, sizeof v) != 0)
            fail_msg("case %zu: strtod gives %.17g, the test expects %.17g", k, v, c[k].value);
    }
}

/* Every double case, in whatever locale is in force. */
static void check_all_doubles(const long_case_t *c, size_t n)
{
    for (size_t k = 0; k < JT_COUNT(double_cases); k++)
        check_double(double_cases[k].text, double_cases[k].ok, double_cases[k].value);
    for (size_t k = 0; k < n; k++)
        check_double(c[k].text, c[k].ok, c[k].value);
}

static void free_long_cases(long_case_t *c, size_t n)
{
    for (size_t k = 0; k < n; k++)
        free(c[k].text);
}

static void test_double(void **state)
{
    (void)state;
    long_case_t c[LONG_CASES];
    size_t n = make_long_cases(c);
    fill_from_strtod(c, n);
    check_all_doubles(c, n);
    free_long_cases(c, n);
}

/* The long integers go through int64 too. */
static void test_long_int64(void **state)
{
    (void)state;
    char *z = repeat('0', 10000);
    char *a = concat3("1", z, "e-10000"), *b = concat3("-0.", z, ""), *c = concat3("9", z, "");
    char *d = concat3("0.", z, "1e10001");
    errata_json_parser_t p;
    int64_t v;
    jt_number(&p, a);
    assert_true(errata_json_int64(&p, &v));
    assert_int_equal(v, 1);
    jt_number(&p, b);
    assert_true(errata_json_int64(&p, &v));
    assert_int_equal(v, 0);
    jt_number(&p, c);
    assert_false(errata_json_int64(&p, &v));
    jt_number(&p, d);
    assert_true(errata_json_int64(&p, &v));
    assert_int_equal(v, 1);
    free(z);
    free(a);
    free(b);
    free(c);
    free(d);
}

/* ---- locales ---------------------------------------------------------------------- */

static void check_in_locale(const char *locale)
{
    long_case_t c[LONG_CASES];
    size_t n = make_long_cases(c);
    fill_from_strtod(c, n); /* still in "C" */
    /* Built for this test (tests/json/meson.build): a missing one is a
     * broken setup, reported as a failure. */
    if (setlocale(LC_NUMERIC, locale) == NULL)
        fail_msg("test locale %s is not available (LOCPATH)", locale);
    char probe[16];
    snprintf(probe, sizeof probe, "%.1f", 1.5);
    bool in_force = strcmp(probe, "1.5") != 0;
    check_all_doubles(c, n);
    setlocale(LC_NUMERIC, "C");
    free_long_cases(c, n);
    assert_true(in_force);
}

/* A failed check leaves check_in_locale early: back to "C" in any case. */
static int back_to_c_locale(void **state)
{
    (void)state;
    setlocale(LC_NUMERIC, "C");
    return 0;
}

static void test_decimal_comma(void **state)
{
    (void)state;
    check_in_locale("errata_comma.UTF-8");
}

static void test_multibyte_decimal_point(void **state)
{
    (void)state;
    check_in_locale("errata_arabic.UTF-8");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_int64),
        cmocka_unit_test(test_not_a_number),
        cmocka_unit_test(test_double),
        cmocka_unit_test(test_long_int64),
        cmocka_unit_test_teardown(test_decimal_comma, back_to_c_locale),
        cmocka_unit_test_teardown(test_multibyte_decimal_point, back_to_c_locale),
    };
    return cmocka_run_group_tests_name("json-numbers", tests, NULL, NULL);
}
