/* Numbers keep '.' as their decimal point whatever LC_NUMERIC says. The
 * test locales are built from errata_*.locale by localedef into the build
 * folder (LOCPATH). */
#include "rt.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void check_numbers_in(const char *locale)
{
    /* The locales are built for this test (tests/runtime/meson.build); not
     * finding one is a broken setup, reported as a failure. */
    if (setlocale(LC_NUMERIC, locale) == NULL)
        fail_msg("test locale %s is not available (LOCPATH)", locale);
    char probe[16];
    snprintf(probe, sizeof probe, "%.1f", 1.5);
    assert_string_not_equal(probe, "1.5"); /* the locale really is in force */
    static const double ratios[] = { 0.5, -1234.5678, 1e-7, 2.0 / 3.0 };
    const fx_every_type_row_t rows[] = { { "r", 1, ERRATA_NUMBER(0.25), NULL } };
    errata_problem_t p;
    errata_throw(&p, &fx_every_type, __FILE__, __LINE__, NULL, NULL,
                 &(const fx_every_type_t){ .text = "t", .ratio = 1.5,
                                           .ratios = { ratios, RT_COUNT(ratios) },
                                           .rows = { rows, 1 },
                                           .opt_ratio = ERRATA_NUMBER(0.30000000000000004) });
    assert_string_equal(p.detail, "text=t count=0 ratio=1.5 flag=false");
    char *body = rt_body(&p);
    assert_non_null(strstr(body, "\"ratio\":1.5,"));
    assert_non_null(strstr(body, "\"ratios\":[0.5,-1234.5678,1e-07,0.6666666666666666]"));
    assert_non_null(strstr(body, "\"weight\":0.25"));
    assert_non_null(strstr(body, "\"opt_ratio\":0.30000000000000004"));
    free(body);
    /* jansson reads numbers with strtod too: back to "C" first. */
    setlocale(LC_NUMERIC, "C");
    json_t *o = rt_parse(&p);
    rt_expect_real(o, "opt_ratio", 0.30000000000000004);
    rt_expect_real(o, "ratio", 1.5);
    json_decref(o);
}

/* A one-byte decimal comma, as in de_DE. */
static void test_decimal_comma(void **state)
{
    (void)state;
    check_numbers_in("errata_comma.UTF-8");
}

/* A two-byte decimal point (U+066B, as in ps_AF). */
static void test_multibyte_decimal_point(void **state)
{
    (void)state;
    check_numbers_in("errata_arabic.UTF-8");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decimal_comma),
        cmocka_unit_test(test_multibyte_decimal_point),
    };
    return cmocka_run_group_tests_name("locale", tests, NULL, NULL);
}
