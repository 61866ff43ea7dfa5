/* The generated code of a translated catalog (tests/catalogs/i18n) against
 * the real runtime: each error's body byte for byte in every language,
 * escaping included (a title's quotes, backslash and non-ASCII escaped by
 * the generator; what members bring into a translated detail escaped at
 * run time), and what never changes with the language. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "intl_errors.h"

#define BASE "https://errors.intl.example/"

/* The body of p in a locale; jansson must read it. */
static const char *body_in(const errata_problem_t *p, size_t locale)
{
    static char buf[4096];
    size_t len = errata_problem_json_locale(p, NULL, locale, buf, sizeof buf);
    assert_true(len < sizeof buf);
    assert_int_equal(errata_problem_json_locale(p, NULL, locale, NULL, 0), len);
    json_error_t error;
    json_t *o = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &error);
    if (o == NULL)
        fail_msg("body is not JSON (%s): %s", error.text, buf);
    json_decref(o);
    return buf;
}

/* The throw macros return ERRATA_FAILED from the function they are in. */
static errata_status_t find(errata_problem_t *err, const char *id)
{
    INTL_THROW_ITEM_NOT_FOUND(err, .item_id = id, .list = 7);
}

static errata_status_t gone(errata_problem_t *err)
{
    INTL_THROW_GONE_FOR_GOOD(err);
}

static errata_status_t quota(errata_problem_t *err)
{
    INTL_THROW_QUOTA_EXCEEDED(err, .used = 120, .limit = 100, .retry_after = 30);
}

static errata_status_t crash(errata_problem_t *err)
{
    INTL_THROW_CRASHED(err, .where = "db");
}

static void test_locale_indexes(void **state)
{
    (void)state;
    assert_int_equal(INTL_LOCALE_EN_US, 0);
    assert_int_equal(INTL_LOCALE_DE, 1);
    assert_int_equal(INTL_LOCALE_FR_CA, 2);
    assert_int_equal(INTL_LOCALE_COUNT, 3);
    for (int code = INTL_ITEM_NOT_FOUND; code <= INTL_CRASHED; code++) {
        const errata_descriptor_t *d = intl_descriptor((enum intl_code)code);
        assert_string_equal(d->language, "en-US");
        assert_int_equal(d->locale_count, INTL_LOCALE_COUNT - 1);
        assert_string_equal(d->locales[INTL_LOCALE_DE - 1].locale, "de");
        assert_string_equal(d->locales[INTL_LOCALE_FR_CA - 1].locale, "fr-CA");
    }
}

static void test_item_not_found_in_every_language(void **state)
{
    (void)state;
    errata_problem_t p;
    find(&p, "a\"b\\c \xC3\xA9\x01");
    const char *members = "\"item_id\":\"a\\\"b\\\\c \xC3\xA9\\u0001\",\"list\":7}";
    char want[1024];
    snprintf(want, sizeof want,
             "{\"type\":\"" BASE "item-not-found\",\"title\":\"Item not found\",\"status\":404,"
             "\"code\":\"ITEM_NOT_FOUND\",\"detail\":\"Item a\\\"b\\\\c \xC3\xA9\\u0001 is not in "
             "list 7\",%s",
             members);
    assert_string_equal(body_in(&p, INTL_LOCALE_EN_US), want);
    snprintf(want, sizeof want,
             "{\"type\":\"" BASE "item-not-found\",\"title\":\"Artikel \\\"nicht\\\" gefunden "
             "\\\\ \xE2\x80\x93 \xC3\xA4\",\"status\":404,\"code\":\"ITEM_NOT_FOUND\",\"detail\":"
             "\"Liste 7 enth\xC3\xA4lt \xE2\x80\x9E" "a\\\"b\\\\c \xC3\xA9\\u0001\xE2\x80\x9C nicht\",%s",
             members);
    assert_string_equal(body_in(&p, INTL_LOCALE_DE), want);
    /* fr-CA translates the title only: the detail stays the catalog's */
    snprintf(want, sizeof want,
             "{\"type\":\"" BASE "item-not-found\",\"title\":\"Article introuvable\",\"status\":404,"
             "\"code\":\"ITEM_NOT_FOUND\",\"detail\":\"Item a\\\"b\\\\c \xC3\xA9\\u0001 is not in "
             "list 7\",%s",
             members);
    assert_string_equal(body_in(&p, INTL_LOCALE_FR_CA), want);
    assert_string_equal(errata_problem_language(&p, INTL_LOCALE_EN_US), "en-US");
    assert_string_equal(errata_problem_language(&p, INTL_LOCALE_DE), "de");
    assert_string_equal(errata_problem_language(&p, INTL_LOCALE_FR_CA), "fr-CA");
}

/* An error a translation leaves out goes out in the catalog's language,
 * and says so. */
static void test_untranslated_error(void **state)
{
    (void)state;
    errata_problem_t p;
    gone(&p);
    const char *en = "{\"type\":\"" BASE "gone-for-good\",\"title\":\"Gone for good\","
                     "\"status\":410,\"code\":\"GONE_FOR_GOOD\"}";
    assert_string_equal(body_in(&p, INTL_LOCALE_DE), en);
    assert_string_equal(body_in(&p, INTL_LOCALE_FR_CA), en);
    assert_string_equal(errata_problem_language(&p, INTL_LOCALE_DE), "en-US");
}

/* The catalog headers as "Name: value\n" lines. */
static void capture(const char *name, const char *value, void *ctx)
{
    if (strcmp(name, "Retry-After") == 0 || strcmp(name, "X-Error-Hint") == 0)
        snprintf((char *)ctx + strlen(ctx), 256 - strlen(ctx), "%s: %s\n", name, value);
}

static const char *headers_in(const errata_problem_t *p, size_t locale)
{
    static char text[256];
    char scratch[ERRATA_HEADER_VALUE_MAX + 1];
    text[0] = '\0';
    errata_problem_headers_locale(p, locale, capture, text, scratch, sizeof scratch, NULL, NULL);
    return text;
}

/* Members are the same in every language; so are the structured headers
 * (Retry-After), while the prose one (X-Error-Hint) is translated where
 * the translation gives it. */
static void test_quota_headers_and_members(void **state)
{
    (void)state;
    errata_problem_t p;
    quota(&p);
    assert_string_equal(body_in(&p, INTL_LOCALE_DE),
                        "{\"type\":\"" BASE "quota-exceeded\",\"title\":\"Kontingent "
                        "\xC3\xBC" "berschritten\",\"status\":429,\"code\":\"QUOTA_EXCEEDED\","
                        "\"detail\":\"120 von 100 verbraucht\",\"used\":120,\"limit\":100,"
                        "\"retry_after\":30}");
    const char *en = "Retry-After: 30\nX-Error-Hint: Try again in 30 seconds\n";
    char text[256] = "";
    char scratch[ERRATA_HEADER_VALUE_MAX + 1];
    errata_problem_headers(&p, capture, text, scratch, sizeof scratch, NULL, NULL);
    assert_string_equal(text, en);
    assert_string_equal(headers_in(&p, 0), en);
    assert_string_equal(headers_in(&p, INTL_LOCALE_DE),
                        "Retry-After: 30\nX-Error-Hint: In 30 Sekunden erneut versuchen "
                        "\xE2\x80\x93 danke\n");
    assert_string_equal(headers_in(&p, INTL_LOCALE_FR_CA), en);
}

/* A hidden 5xx: the translated title, the generic detail, the trace id;
 * the real detail (in the catalog's language) only for the observer. */
static void test_hidden_5xx(void **state)
{
    (void)state;
    errata_problem_t p;
    crash(&p);
    errata_problem_set_trace_id(&p, "0af7651916cd43dd8448eb211c80319c");
    assert_string_equal(body_in(&p, INTL_LOCALE_DE),
                        "{\"type\":\"" BASE "crashed\",\"title\":\"Abgest\xC3\xBCrzt\","
                        "\"status\":500,\"code\":\"CRASHED\",\"detail\":\"The server could not "
                        "complete the request. Quote the trace id when you report this.\","
                        "\"trace_id\":\"0af7651916cd43dd8448eb211c80319c\"}");
    assert_string_equal(p.detail, "Crashed at db");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_locale_indexes),
        cmocka_unit_test(test_item_not_found_in_every_language),
        cmocka_unit_test(test_untranslated_error),
        cmocka_unit_test(test_quota_headers_and_members),
        cmocka_unit_test(test_hidden_5xx),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
