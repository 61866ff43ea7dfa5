/* errata_problem_json_locale and errata_problem_language: a translated
 * error's body in each language, byte for byte (escaping of what the
 * members bring into a translated detail included), and the fallbacks to
 * the catalog's language. Descriptors shaped like the generator's
 * `translations:` output. */
#include "rt.h"

#include <stdlib.h>
#include <string.h>

typedef struct i18n_pet {
    const char *pet_id;
    const int64_t *count;
} i18n_pet_t;

static const errata_member_desc_t i18n_members[] = {
    { .name = "pet_id", .json_key = "\"pet_id\":", .kind = ERRATA_KIND_STRING,
      .offset = offsetof(i18n_pet_t, pet_id) },
    { .name = "count", .json_key = "\"count\":", .kind = ERRATA_KIND_INTEGER, .by_pointer = true,
      .offset = offsetof(i18n_pet_t, count) },
};

#define TYPE "https://errors.example/pet-not-found"
#define PREFIX_EN "{\"type\":\"" TYPE "\",\"title\":\"Pet not found\",\"status\":404,\"code\":\"PET_NOT_FOUND\""
/* The title as the generator writes it: quotes and non-ASCII escaped once,
 * at generation. */
#define PREFIX_DE "{\"type\":\"" TYPE "\",\"title\":\"Haustier \\\"nicht\\\" gefunden \xE2\x80\x93 \xC3\xBC\",\"status\":404,\"code\":\"PET_NOT_FOUND\""
#define PREFIX_FR "{\"type\":\"" TYPE "\",\"title\":\"Animal introuvable\",\"status\":404,\"code\":\"PET_NOT_FOUND\""

static const errata_template_part_t i18n_detail_en[] = {
    { "Pet ", -1, false }, { NULL, 0, false }, { " does not exist", -1, false },
};
/* A translation may reorder the placeholders and use its own punctuation,
 * which is escaped like any text ('"', '\'). */
static const errata_template_part_t i18n_detail_de[] = {
    { "Kein Haustier \"", -1, false }, { NULL, 0, false }, { "\" (", -1, false },
    { NULL, 1, false }, { ") \\ \xC3\xA4", -1, false },
};

/* A prose header and a structured one; the translation swaps the whole
 * list, the structured header repeating the catalog's parts. */
static const errata_template_part_t i18n_hint_en[] = {
    { "Pet ", -1, false }, { NULL, 0, false }, { " is gone", -1, false },
};
static const errata_template_part_t i18n_retry[] = { { "5", -1, false } };
static const errata_header_desc_t i18n_headers_en[] = {
    { .name = "X-Error-Hint", .parts = i18n_hint_en, .part_count = RT_COUNT(i18n_hint_en),
      .fallback = "Pet is gone" },
    { .name = "Retry-After", .parts = i18n_retry, .part_count = 1 },
};
/* Non-ASCII goes out as obs-text, as in the catalog's own headers. */
static const errata_template_part_t i18n_hint_de[] = {
    { "Haustier ", -1, false }, { NULL, 0, false }, { " ist weg \xC3\xBC", -1, false },
};
static const errata_header_desc_t i18n_headers_de[] = {
    { .name = "X-Error-Hint", .parts = i18n_hint_de, .part_count = RT_COUNT(i18n_hint_de),
      .fallback = "Pet is gone" },
    { .name = "Retry-After", .parts = i18n_retry, .part_count = 1 },
};

static const errata_localized_t i18n_locales[] = {
    { "de", PREFIX_DE, sizeof PREFIX_DE - 1, "Haustier \"nicht\" gefunden \xE2\x80\x93 \xC3\xBC",
      i18n_detail_de, RT_COUNT(i18n_detail_de), i18n_headers_de, RT_COUNT(i18n_headers_de) },
    /* Title only: the catalog's detail template and headers stay. */
    { "fr", PREFIX_FR, sizeof PREFIX_FR - 1, "Animal introuvable", NULL, 0, NULL, 0 },
    /* Not translated into this locale at all. */
    { "it", NULL, 0, NULL, NULL, 0, NULL, 0 },
};

static const errata_descriptor_t i18n_desc = {
    .code = 1,
    .code_name = "PET_NOT_FOUND",
    .status = 404,
    .title = "Pet not found",
    .type_uri = TYPE,
    .cache_control = "no-store",
    .body_prefix = PREFIX_EN,
    .body_prefix_len = sizeof PREFIX_EN - 1,
    .detail = i18n_detail_en,
    .detail_part_count = RT_COUNT(i18n_detail_en),
    .members = i18n_members,
    .member_count = RT_COUNT(i18n_members),
    .headers = i18n_headers_en,
    .header_count = RT_COUNT(i18n_headers_en),
    .language = "en-GB",
    .locales = i18n_locales,
    .locale_count = RT_COUNT(i18n_locales),
};

/* A hidden 5xx: the generic detail in every language. */
#define PREFIX_500_EN "{\"type\":\"https://errors.example/boom\",\"title\":\"Boom\",\"status\":500,\"code\":\"BOOM\""
#define PREFIX_500_DE "{\"type\":\"https://errors.example/boom\",\"title\":\"Knall\",\"status\":500,\"code\":\"BOOM\""
static const errata_template_part_t i18n_boom_de[] = { { "geheim", -1, false } };
static const errata_localized_t i18n_boom_locales[] = {
    { "de", PREFIX_500_DE, sizeof PREFIX_500_DE - 1, "Knall", i18n_boom_de, 1, NULL, 0 },
};
static const errata_descriptor_t i18n_boom = {
    .code = 2,
    .code_name = "BOOM",
    .status = 500,
    .title = "Boom",
    .type_uri = "https://errors.example/boom",
    .body_prefix = PREFIX_500_EN,
    .body_prefix_len = sizeof PREFIX_500_EN - 1,
    .locales = i18n_boom_locales,
    .locale_count = 1,
};

static char *body_in(const errata_problem_t *p, const errata_type_base_t *base, size_t locale)
{
    size_t n = errata_problem_json_locale(p, base, locale, NULL, 0);
    char *buf = malloc(n + 1);
    assert_non_null(buf);
    assert_int_equal(errata_problem_json_locale(p, base, locale, buf, n + 1), n);
    assert_int_equal(strlen(buf), n);
    assert_true(rt_utf8_valid(buf, n));
    json_error_t e;
    json_t *o = json_loads(buf, 0, &e);
    assert_non_null(o); /* jansson, independently, reads it */
    json_decref(o);
    return buf;
}

static void throw_pet(errata_problem_t *p, const char *id, const int64_t *count,
                      const char *detail)
{
    errata_throw(p, &i18n_desc, __FILE__, __LINE__, detail, NULL,
                 &(const i18n_pet_t){ .pet_id = id, .count = count });
}

static void test_catalog_language_unchanged(void **state)
{
    (void)state;
    errata_problem_t p;
    throw_pet(&p, "42", ERRATA_INT(3), NULL);
    char *en = body_in(&p, NULL, 0);
    char plain[512];
    errata_problem_json(&p, plain, sizeof plain);
    assert_string_equal(en, plain);
    assert_string_equal(en, PREFIX_EN ",\"detail\":\"Pet 42 does not exist\",\"pet_id\":\"42\","
                            "\"count\":3}");
    assert_string_equal(errata_problem_language(&p, 0), "en-GB");
    free(en);
}

static void test_german_body_exact(void **state)
{
    (void)state;
    errata_problem_t p;
    /* quote, backslash, a control byte, non-ASCII and an invalid byte */
    throw_pet(&p, "a\"b\\c\x01\xC3\xA9\xFF", ERRATA_INT(-7), NULL);
    char *de = body_in(&p, NULL, 1);
    assert_string_equal(de, PREFIX_DE ",\"detail\":\"Kein Haustier \\\"a\\\"b\\\\c\\u0001\xC3\xA9"
                            "\xEF\xBF\xBD\\\" (-7) \\\\ \xC3\xA4\",\"pet_id\":\"a\\\"b\\\\c"
                            "\\u0001\xC3\xA9\xEF\xBF\xBD\",\"count\":-7}");
    assert_string_equal(errata_problem_language(&p, 1), "de");
    free(de);
}

static void test_title_only_translation(void **state)
{
    (void)state;
    errata_problem_t p;
    throw_pet(&p, "42", NULL, NULL);
    char *fr = body_in(&p, NULL, 2);
    assert_string_equal(fr, PREFIX_FR ",\"detail\":\"Pet 42 does not exist\",\"pet_id\":\"42\"}");
    assert_string_equal(errata_problem_language(&p, 2), "fr");
    free(fr);
}

/* The checker gives a translation the placeholders of the original, so
 * a translated template is filled whenever the original was; a hand-made
 * one that names a member absent here (count) falls back to the catalog's
 * detail, never half a sentence. */
static void test_unfillable_translation_falls_back(void **state)
{
    (void)state;
    errata_problem_t p;
    throw_pet(&p, "42", NULL, NULL);
    char *de = body_in(&p, NULL, 1);
    assert_string_equal(de, PREFIX_DE ",\"detail\":\"Pet 42 does not exist\",\"pet_id\":\"42\"}");
    free(de);
}

/* A detail the caller wrote is the caller's: sent as given, under the
 * translated title. */
static void test_given_detail_kept(void **state)
{
    (void)state;
    errata_problem_t p;
    throw_pet(&p, "42", ERRATA_INT(1), "custom");
    char *de = body_in(&p, NULL, 1);
    assert_string_equal(de, PREFIX_DE ",\"detail\":\"custom\",\"pet_id\":\"42\",\"count\":1}");
    free(de);
}

static void test_fallbacks_to_catalog_language(void **state)
{
    (void)state;
    errata_problem_t p;
    throw_pet(&p, "42", ERRATA_INT(3), NULL);
    char *en = body_in(&p, NULL, 0);
    for (size_t locale = 3; locale < 6; locale++) { /* untranslated, then past the list */
        char *other = body_in(&p, NULL, locale);
        assert_string_equal(other, en);
        assert_string_equal(errata_problem_language(&p, locale), "en-GB");
        free(other);
    }
    free(en);
    /* No language named: "en". Never thrown: the generic 500, "en". */
    errata_problem_t bare;
    errata_throw(&bare, &i18n_boom, __FILE__, __LINE__, NULL, NULL, NULL);
    assert_string_equal(errata_problem_language(&bare, 0), "en");
    errata_problem_init(&bare);
    assert_string_equal(errata_problem_language(&bare, 1), "en");
    assert_string_equal(errata_problem_language(NULL, 1), "en");
}

static void test_hidden_5xx_generic_detail(void **state)
{
    (void)state;
    errata_problem_t p;
    errata_throw(&p, &i18n_boom, __FILE__, __LINE__, NULL, NULL, NULL);
    char *de = body_in(&p, NULL, 1);
    assert_string_equal(de, PREFIX_500_DE ",\"detail\":\"The server could not complete the "
                                          "request.\"}");
    free(de);
}

static void test_rebased(void **state)
{
    (void)state;
    errata_problem_t p;
    throw_pet(&p, "42", ERRATA_INT(3), NULL);
    const errata_type_base_t base = { "https://errors.example/", "http://localhost:8080/e/" };
    char *de = body_in(&p, &base, 1);
    const char *want = "{\"type\":\"http://localhost:8080/e/pet-not-found\",\"title\":\"Haustier "
                       "\\\"nicht\\\" gefunden \xE2\x80\x93 \xC3\xBC\",\"status\":404";
    assert_memory_equal(de, want, strlen(want));
    free(de);
}

/* snprintf semantics hold in every language: cut bodies are terminated
 * and every cap reports the full length. */
static void test_truncation(void **state)
{
    (void)state;
    errata_problem_t p;
    throw_pet(&p, "\"\"\"\"", ERRATA_INT(3), NULL);
    char *full = body_in(&p, NULL, 1);
    size_t n = strlen(full);
    for (size_t cap = 1; cap <= n + 1; cap++) {
        char buf[1024];
        memset(buf, 'X', sizeof buf);
        assert_int_equal(errata_problem_json_locale(&p, NULL, 1, buf, cap), n);
        assert_int_equal(strlen(buf), cap - 1);
        assert_memory_equal(buf, full, cap - 1);
        assert_int_equal(buf[cap], 'X');
    }
    free(full);
}

/* Every header as "Name: value\n", appended to a fixed buffer. */
struct header_sink {
    char text[1024];
    size_t len;
};

static void collect(const char *name, const char *value, void *ctx)
{
    struct header_sink *s = ctx;
    int n = snprintf(s->text + s->len, sizeof s->text - s->len, "%s: %s\n", name, value);
    assert_true(n > 0 && (size_t)n < sizeof s->text - s->len);
    s->len += (size_t)n;
}

static const char *headers_in(const errata_problem_t *p, size_t locale, struct header_sink *s)
{
    char scratch[ERRATA_HEADER_VALUE_MAX + 1];
    s->len = 0;
    s->text[0] = '\0';
    assert_int_equal(errata_problem_headers_locale(p, locale, collect, s, scratch,
                                                   sizeof scratch, NULL, NULL),
                     4);
    return s->text;
}

#define HEADERS_START "Content-Type: application/problem+json\nCache-Control: no-store\n"

static void test_headers_in_each_locale(void **state)
{
    (void)state;
    errata_problem_t p;
    struct header_sink s;
    throw_pet(&p, "42", ERRATA_INT(3), NULL);
    const char *en = HEADERS_START "X-Error-Hint: Pet 42 is gone\nRetry-After: 5\n";
    assert_string_equal(headers_in(&p, 0, &s), en);
    assert_string_equal(headers_in(&p, 1, &s),
                        HEADERS_START "X-Error-Hint: Haustier 42 ist weg \xC3\xBC\nRetry-After: 5\n");
    /* No header translation, no translation, an index past the list. */
    for (size_t locale = 2; locale <= 4; locale++)
        assert_string_equal(headers_in(&p, locale, &s), en);
    /* errata_problem_headers is locale 0. */
    char scratch[ERRATA_HEADER_VALUE_MAX + 1];
    s.len = 0;
    assert_int_equal(errata_problem_headers(&p, collect, &s, scratch, sizeof scratch, NULL, NULL),
                     4);
    assert_string_equal(s.text, en);
    /* A value that cannot be sent falls back in the translation too. */
    throw_pet(&p, "4\r2", ERRATA_INT(3), NULL);
    assert_string_equal(headers_in(&p, 1, &s),
                        HEADERS_START "X-Error-Hint: Pet is gone\nRetry-After: 5\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_catalog_language_unchanged),
        cmocka_unit_test(test_german_body_exact),
        cmocka_unit_test(test_title_only_translation),
        cmocka_unit_test(test_unfillable_translation_falls_back),
        cmocka_unit_test(test_given_detail_kept),
        cmocka_unit_test(test_fallbacks_to_catalog_language),
        cmocka_unit_test(test_hidden_5xx_generic_detail),
        cmocka_unit_test(test_rebased),
        cmocka_unit_test(test_truncation),
        cmocka_unit_test(test_headers_in_each_locale),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
