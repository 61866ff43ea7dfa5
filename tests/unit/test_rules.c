/* The lexical rules of the catalog format (catalog/rules.h), one by one. */
#include "unit.h"

#include "catalog/rules.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static void test_c_identifier(void **state)
{
    (void)state;
    static const char *const good[] = { "a", "_", "_x", "pets", "Pets_2", "a1b2", "__x__" };
    static const char *const bad[] = { "", "1a", "a-b", "a b", "a.b", "é", "a$", "-" };
    for (size_t i = 0; i < COUNT(good); i++) {
        if (!rules_is_c_identifier(good[i]))
            fail_msg("'%s' should be a C identifier", good[i]);
    }
    for (size_t i = 0; i < COUNT(bad); i++) {
        if (rules_is_c_identifier(bad[i]))
            fail_msg("'%s' should not be a C identifier", bad[i]);
    }
}

static void test_keyword(void **state)
{
    (void)state;
    static const char *const kw[] = {
        "int", "struct", "return", "_Bool", "_Static_assert", "restrict", "inline",
        "class", "namespace", "template", "new", "delete", "bool", "true", "false",
        "nullptr", "and", "or", "not", "xor", "this", "throw", "typename", "char8_t",
    };
    static const char *const not_kw[] = { "pets", "Int", "INT", "errors", "status", "code",
                                          "type", "", "structs", "_bool" };
    for (size_t i = 0; i < COUNT(kw); i++) {
        if (!rules_is_keyword(kw[i]))
            fail_msg("'%s' should be a keyword", kw[i]);
    }
    for (size_t i = 0; i < COUNT(not_kw); i++) {
        if (rules_is_keyword(not_kw[i]))
            fail_msg("'%s' should not be a keyword", not_kw[i]);
    }
}

static void test_upper_snake(void **state)
{
    (void)state;
    static const char *const good[] = { "PET_NOT_FOUND", "X", "A1", "HTTP2_ERROR", "E_1_2",
                                        "NOT_FOUND" };
    static const char *const bad[] = { "",      "petNotFound", "PET__X", "_X",      "X_",
                                       "1X",    "Pet_X",       "PET-X",  "PET X",   "PET_x",
                                       "PET_",  "__",          "_",      "PET_X__Y" };
    for (size_t i = 0; i < COUNT(good); i++) {
        if (!rules_is_upper_snake(good[i]))
            fail_msg("'%s' should be UPPER_SNAKE", good[i]);
    }
    for (size_t i = 0; i < COUNT(bad); i++) {
        if (rules_is_upper_snake(bad[i]))
            fail_msg("'%s' should not be UPPER_SNAKE", bad[i]);
    }
}

static void test_token(void **state)
{
    (void)state;
    static const char *const good[] = { "Retry-After", "WWW-Authenticate", "X-Rate_Limit",
                                        "a", "!#$%&'*+-.^_`|~", "0" };
    static const char *const bad[] = { "", "Retry After", "X:Y", "X(Y)", "X/Y", "X\"Y", "X,Y",
                                       "X;Y", "X=Y", "X?Y", "X@Y", "X[Y]", "X{Y}", "X\\Y",
                                       "X\tY", "Ä" };
    for (size_t i = 0; i < COUNT(good); i++) {
        if (!rules_is_token(good[i]))
            fail_msg("'%s' should be a token", good[i]);
    }
    for (size_t i = 0; i < COUNT(bad); i++) {
        if (rules_is_token(bad[i]))
            fail_msg("'%s' should not be a token", bad[i]);
    }
}

static void test_rfc9457_member_name(void **state)
{
    (void)state;
    static const char *const good[] = { "pet_id", "abc", "a12", "retryAfter", "A_B" };
    static const char *const bad[] = { "", "a", "ab", "_abc", "1abc", "pet-id", "pet id",
                                       "pet.id" };
    for (size_t i = 0; i < COUNT(good); i++) {
        if (!rules_is_rfc9457_member_name(good[i]))
            fail_msg("'%s' should be an RFC 9457 member name", good[i]);
    }
    for (size_t i = 0; i < COUNT(bad); i++) {
        if (rules_is_rfc9457_member_name(bad[i]))
            fail_msg("'%s' should not be an RFC 9457 member name", bad[i]);
    }
}

static void test_uri_reference_valid(void **state)
{
    (void)state;
    static const char *const good[] = {
        "pet-not-found",
        "pets/not-found",
        "about:blank",
        "https://errors.example/pet-not-found",
        "https://errors.example:8443/a/b?x=1&y=2#frag",
        "urn:uuid:019b4132-70aa-764f-b315-e2803d882a24",
        "tag:example.com,2024:pet",
        "a%20b",
        "%7Euser",
        "%c3%a9t%C3%A9",
        "#fragment",
        "pet#frag?with/slash",
        "?query",
        "//host/path",
        "../up/one",
        "./a:b",
        "a+b.c-d:x",
        "http://[::1]/",
        "mailto:someone@example.com",
        "~user!$&'()*+,;=",
    };
    for (size_t i = 0; i < COUNT(good); i++) {
        const char *why = NULL;
        if (!rules_is_uri_reference(good[i], &why))
            fail_msg("'%s' should be a URI reference (got: %s)", good[i], why ? why : "?");
    }
}

static void test_uri_reference_invalid(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        const char *why_fragment;
    } bad[] = {
        { "", "empty" },
        { "pet not found", "space" },
        { " pet", "space" },
        { "a%", "percent" },
        { "a%2", "percent" },
        { "a%zz", "percent" },
        { "a%g0", "percent" },
        { "a#b#c", "two '#'" },
        { "##", "two '#'" },
        { "1http://x", "scheme" },
        { "-x:y", "scheme" },
        { ":nothing", "scheme" },
        { "ht tp://x", "scheme" },
        { "a\"b", "not allow" },
        { "a<b>", "not allow" },
        { "a\\b", "not allow" },
        { "a{b}", "not allow" },
        { "a^b", "not allow" },
        { "a`b", "not allow" },
        { "a|b", "not allow" },
        { "caf\xc3\xa9", "not allow" },
        { "a\tb", "not allow" },
    };
    for (size_t i = 0; i < COUNT(bad); i++) {
        const char *why = NULL;
        if (rules_is_uri_reference(bad[i].text, &why))
            fail_msg("'%s' should not be a URI reference", bad[i].text);
        assert_non_null(why);
        if (strstr(why, bad[i].why_fragment) == NULL)
            fail_msg("'%s': reason '%s' should mention '%s'", bad[i].text, why,
                     bad[i].why_fragment);
    }
    /* The reason pointer is optional. */
    assert_false(rules_is_uri_reference("a b", NULL));
}

static void test_absolute_uri(void **state)
{
    (void)state;
    static const char *const good[] = {
        "https://errors.example/", "about:blank", "urn:isbn:0451450523",
        "http://x/#frag", "HTTPS://X/", "a:b",
    };
    static const char *const bad[] = {
        "", "errors.example/", "/abs/path", "//host/path", "pet-not-found", "#frag",
        "1http://x", "https://ex ample/", "https",
    };
    for (size_t i = 0; i < COUNT(good); i++) {
        if (!rules_is_absolute_uri(good[i]))
            fail_msg("'%s' should be an absolute URI", good[i]);
    }
    for (size_t i = 0; i < COUNT(bad); i++) {
        if (rules_is_absolute_uri(bad[i]))
            fail_msg("'%s' should not be an absolute URI", bad[i]);
    }
}

static void test_reason_phrase(void **state)
{
    (void)state;
    /* RFC 9110 §15.5 and §15.6, RFC 6585 (428, 429, 431), RFC 7725 (451). */
    static const struct {
        int status;
        const char *phrase;
    } registry[] = {
        { 400, "Bad Request" },
        { 401, "Unauthorized" },
        { 402, "Payment Required" },
        { 403, "Forbidden" },
        { 404, "Not Found" },
        { 405, "Method Not Allowed" },
        { 406, "Not Acceptable" },
        { 407, "Proxy Authentication Required" },
        { 408, "Request Timeout" },
        { 409, "Conflict" },
        { 410, "Gone" },
        { 411, "Length Required" },
        { 412, "Precondition Failed" },
        { 413, "Content Too Large" },
        { 414, "URI Too Long" },
        { 415, "Unsupported Media Type" },
        { 416, "Range Not Satisfiable" },
        { 417, "Expectation Failed" },
        { 421, "Misdirected Request" },
        { 422, "Unprocessable Content" },
        { 426, "Upgrade Required" },
        { 428, "Precondition Required" },
        { 429, "Too Many Requests" },
        { 431, "Request Header Fields Too Large" },
        { 451, "Unavailable For Legal Reasons" },
        { 500, "Internal Server Error" },
        { 501, "Not Implemented" },
        { 502, "Bad Gateway" },
        { 503, "Service Unavailable" },
        { 504, "Gateway Timeout" },
        { 505, "HTTP Version Not Supported" },
    };
    for (size_t i = 0; i < COUNT(registry); i++) {
        const char *p = rules_reason_phrase(registry[i].status);
        if (p == NULL || strcmp(p, registry[i].phrase) != 0)
            fail_msg("status %d: expected '%s', got '%s'", registry[i].status,
                     registry[i].phrase, p ? p : "(null)");
    }
    /* 418 is "(Unused)" in RFC 9110; the others were never assigned. */
    static const int unregistered[] = { 418, 419, 420, 427, 430, 499, 509, 599, 600, 200,
                                        302, 100, 0, -404 };
    for (size_t i = 0; i < COUNT(unregistered); i++) {
        const char *p = rules_reason_phrase(unregistered[i]);
        if (p != NULL)
            fail_msg("status %d should have no reason phrase, got '%s'", unregistered[i], p);
    }
}

static void test_slug(void **state)
{
    (void)state;
    char buf[64];
    rules_slug("PET_NOT_FOUND", buf, sizeof buf);
    assert_string_equal(buf, "pet-not-found");
    rules_slug("X", buf, sizeof buf);
    assert_string_equal(buf, "x");
    rules_slug("HTTP2_ERROR_3", buf, sizeof buf);
    assert_string_equal(buf, "http2-error-3");
    rules_slug("", buf, sizeof buf);
    assert_string_equal(buf, "");
    /* Truncates to the buffer, always terminated. */
    rules_slug("PET_NOT_FOUND", buf, 4);
    assert_string_equal(buf, "pet");
    rules_slug("PET_NOT_FOUND", buf, 1);
    assert_string_equal(buf, "");
    buf[0] = 'z';
    rules_slug("PET_NOT_FOUND", buf, 0);
    assert_int_equal(buf[0], 'z');
}

/* RFC 5646 §2.1 syntax, with examples from its Appendix A. */
static void test_bcp47(void **state)
{
    (void)state;
    static const char *const good[] = {
        "de", "fr", "ja", "i-enochian", "zh-Hant", "zh-Hans", "sr-Cyrl", "sr-Latn",
        "zh-cmn-Hans-CN", "cmn-Hans-CN", "zh-yue-HK", "yue-HK", "zh-Hans-CN", "sr-Latn-RS",
        "sl-rozaj", "sl-rozaj-biske", "sl-nedis", "de-CH-1901", "sl-IT-nedis", "hy-Latn-IT-arevela",
        "de-DE", "en-US", "es-419", "de-CH-x-phonebk", "az-Arab-x-AZE-derbend", "x-whatever",
        "qaa-Qaaa-QM-x-southern", "de-Qaaa", "sr-Latn-QM", "sr-Qaaa-RS", "en-US-u-islamcal",
        "zh-CN-a-myext-x-private", "en-a-myext-b-another", "DE-at", "en-GB-oed", "english",
    };
    static const char *const bad[] = {
        "", "d", "de_DE", "de-", "-de", "de--AT", "123", "1de", "de-AT-", "x", "x-",
        "de-419-DE", "ar-a-aaa-b-bbb-a-ccc", "de-a", "de-a-x", "toolonglanguage",
        "de-AT-toolongvariant", "de AT", "d\xc3\xa9", "de-x-toolongprivate",
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        if (!rules_is_bcp47(good[i]))
            fail_msg("'%s' is a well-formed BCP 47 tag", good[i]);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (rules_is_bcp47(bad[i]))
            fail_msg("'%s' is not a well-formed BCP 47 tag", bad[i]);
}

static void test_suggest(void **state)
{
    (void)state;
    static const char *const entry_keys[] = {
        "code", "status", "title", "type", "detail", "description", "extensions", "headers",
        "id", "retryable", "cache_control", "expose_detail", "deprecated", NULL,
    };
    static const char *const member_keys[] = { "errors", "pointer", "detail", NULL };
    static const struct {
        const char *word;
        const char *const *candidates;
        const char *expected; /* NULL: no suggestion */
    } cases[] = {
        { "stauts", entry_keys, "status" },
        { "titel", entry_keys, "title" },
        { "tilte", entry_keys, "title" },
        { "erors", member_keys, "errors" },
        { "stat", entry_keys, "status" },
        { "descripton", entry_keys, "description" },
        { "extension", entry_keys, "extensions" },
        { "header", entry_keys, "headers" },
        { "retriable", entry_keys, "retryable" },
        { "cache-control", entry_keys, "cache_control" },
        { "Status", entry_keys, "status" },
        { "colour", entry_keys, NULL },
        { "message", entry_keys, NULL },
        { "xyz", entry_keys, NULL },
        { "summary", entry_keys, NULL },
        { "foo", member_keys, NULL },
        { "zzzzzzzzzzzz", entry_keys, NULL },
        { "", entry_keys, NULL },
    };
    for (size_t i = 0; i < COUNT(cases); i++) {
        const char *got = rules_suggest(cases[i].word, cases[i].candidates);
        if (cases[i].expected == NULL && got != NULL)
            fail_msg("'%s': expected no suggestion, got '%s'", cases[i].word, got);
        if (cases[i].expected != NULL && (got == NULL || strcmp(got, cases[i].expected) != 0))
            fail_msg("'%s': expected '%s', got '%s'", cases[i].word, cases[i].expected,
                     got ? got : "(null)");
    }
    /* Words too long for the distance table are never suggested, never crash. */
    char long_word[200];
    memset(long_word, 's', sizeof long_word - 1);
    long_word[sizeof long_word - 1] = '\0';
    assert_null(rules_suggest(long_word, entry_keys));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        UNIT_TEST(test_c_identifier),
        UNIT_TEST(test_keyword),
        UNIT_TEST(test_upper_snake),
        UNIT_TEST(test_token),
        UNIT_TEST(test_rfc9457_member_name),
        UNIT_TEST(test_uri_reference_valid),
        UNIT_TEST(test_uri_reference_invalid),
        UNIT_TEST(test_absolute_uri),
        UNIT_TEST(test_reason_phrase),
        UNIT_TEST(test_slug),
        UNIT_TEST(test_suggest),
        UNIT_TEST(test_bcp47),
    };
    return cmocka_run_group_tests_name("rules", tests, NULL, NULL);
}
