/* errata_mhd_pick_language: Accept-Language (RFC 9110 section 12.5.4)
 * against a catalog in "en" translated into de, de-AT, fr and zh-Hant. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include <cmocka.h>

#include "errata/mhd.h"

static const errata_localized_t locales[] = {
    { "de", "{", 1, "t", NULL, 0, NULL, 0 },
    { "de-AT", "{", 1, "t", NULL, 0, NULL, 0 },
    { "fr", "{", 1, "t", NULL, 0, NULL, 0 },
    { "zh-Hant", "{", 1, "t", NULL, 0, NULL, 0 },
};

static const errata_descriptor_t desc = {
    .code = 1,
    .code_name = "X",
    .status = 404,
    .language = "en",
    .locales = locales,
    .locale_count = sizeof locales / sizeof locales[0],
};

enum { EN = 0, DE = 1, DE_AT = 2, FR = 3, ZH_HANT = 4 };

static void test_table(void **state)
{
    (void)state;
    static const struct {
        const char *header;
        size_t want;
    } cases[] = {
        /* no header, empty, nothing usable: the catalog's language */
        { NULL, EN },
        { "", EN },
        { " , ,", EN },
        /* exact, in any case */
        { "de", DE },
        { "DE", DE },
        { "De-aT", DE_AT },
        { "fr-FR", FR },           /* lookup: fr-FR falls back to fr */
        { "de-CH", DE },           /* de-CH: no such locale, de is its prefix */
        { "de-AT-1996", DE_AT },   /* the longest locale that is a prefix */
        { "zh", ZH_HANT },         /* filtering: zh reaches zh-Hant */
        { "zh-hant-TW", ZH_HANT },
        /* q-values: the highest wins */
        { "fr;q=0.5, de;q=0.9", DE },
        { "fr;q=0.9, de;q=0.5", FR },
        { "fr;q=0.5,de;Q=1", DE },
        { "fr ; q=0.5 , de ; q=0.4", FR },
        /* ties in q: the earlier range */
        { "fr, de", FR },
        { "de;q=0.7, fr;q=0.7", DE },
        /* q=0 excludes, even when a less specific range allows */
        { "de;q=0, *", EN },
        { "en;q=0, de;q=0, *;q=0.5", FR }, /* de;q=0 excludes de-AT too (RFC 4647) */
        { "de-AT;q=0, de", DE },
        { "fr;q=0", EN },
        { "*;q=0", EN },
        /* "*": every locale, the catalog's language first */
        { "*", EN },
        { "it, *;q=0.1", EN },
        { "en;q=0.1, *", DE },
        /* ranges no locale matches */
        { "it", EN },
        { "it, ja;q=0.8", EN },
        { "d", EN },
        /* malformed elements are skipped, the rest counts */
        { "de;q=2, fr", FR },
        { "de;q=abc, fr;q=0.1", FR },
        { "de;level=1, fr;q=0.2", FR },
        { "123, fr", FR },
        { "de-, fr", FR },
        { "-de, fr", FR },
        { "toolonglanguage, fr", FR },
        { "de_AT, fr", FR },
        { "de junk, fr", FR },
        { "de;q=0.5 junk, fr;q=0.4", FR },
        { ";q=1, fr", FR },
        { "de;q=, fr;q=0.3", FR },
        { "de;q=1.001, fr;q=0.3", FR },
        { "de;q=0.0001, fr;q=0.3", FR },
        { "\"de\", fr", FR },
        { ",,de,,", DE },
        /* all malformed */
        { ";;;", EN },
        { "q=1", EN },
        { "\x01\x02", EN },
        { "de\xC3\xA4", EN },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t got = errata_mhd_pick_language(cases[i].header, &desc);
        if (got != cases[i].want)
            fail_msg("Accept-Language '%s': got locale %zu, want %zu",
                     cases[i].header ? cases[i].header : "(none)", got, cases[i].want);
    }
}

/* A catalog without translations, or no descriptor: always 0. */
static void test_untranslated(void **state)
{
    (void)state;
    const errata_descriptor_t plain = { .code = 1, .code_name = "X", .status = 404 };
    assert_int_equal(errata_mhd_pick_language("de", &plain), 0);
    assert_int_equal(errata_mhd_pick_language("de", NULL), 0);
    /* No language named: it is "en". */
    const errata_descriptor_t unnamed = { .code = 1, .status = 404, .locales = locales,
                                          .locale_count = 1 };
    assert_int_equal(errata_mhd_pick_language("en, de;q=0.5", &unnamed), 0);
    assert_int_equal(errata_mhd_pick_language("en;q=0.5, de", &unnamed), 1);
}

/* A long header with many elements is read whole, without overflowing
 * anything (the state is a fixed array). */
static void test_long_header(void **state)
{
    (void)state;
    char header[8192];
    size_t n = 0;
    for (int i = 0; i < 500; i++)
        n += (size_t)snprintf(header + n, sizeof header - n, "x%c;q=0.9, ", 'a' + i % 26);
    snprintf(header + n, sizeof header - n, "fr;q=0.95");
    assert_int_equal(errata_mhd_pick_language(header, &desc), FR);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_untranslated),
        cmocka_unit_test(test_long_header),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
