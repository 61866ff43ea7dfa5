/* The JSON parser's tokens, errors, strings and storage rules
 * (errata/json.h). Numbers are in test_json_numbers.c, JSONTestSuite in
 * test_json_suite.c. */
#include "json_test.h"

#include <stdio.h>
#include <stdlib.h>

/* ---- tokens ---------------------------------------------------------------- */

typedef struct expect_token {
    errata_json_token_t token;
    size_t offset;
    unsigned depth;
    const char *text; /* KEY/STRING text, NUMBER raw text; NULL for others */
} expect_token_t;

static void check_tokens(const char *doc, const expect_token_t *want, size_t n)
{
    char scratch[256];
    errata_json_parser_t p;
    errata_json_init(&p, doc, strlen(doc), scratch, sizeof scratch);
    for (size_t k = 0; k < n; k++) {
        errata_json_token_t t = errata_json_next(&p);
        if (t != want[k].token || p.offset != want[k].offset ||
            errata_json_depth(&p) != want[k].depth)
            fail_msg("%s: token %zu is %d at %zu depth %u, expected %d at %zu depth %u", doc, k,
                     (int)t, p.offset, errata_json_depth(&p), (int)want[k].token,
                     want[k].offset, want[k].depth);
        if (t == ERRATA_JSON_KEY || t == ERRATA_JSON_STRING) {
            assert_int_equal(p.text_len, strlen(want[k].text));
            assert_string_equal(p.text, want[k].text);
        } else if (t == ERRATA_JSON_NUMBER) {
            assert_int_equal(p.raw_len, strlen(want[k].text));
            assert_memory_equal(p.raw, want[k].text, p.raw_len);
        } else {
            assert_null(p.text);
            assert_null(p.raw);
        }
    }
}

static void test_tokens(void **state)
{
    (void)state;
    static const expect_token_t want[] = {
        { ERRATA_JSON_OBJECT_BEGIN, 0, 0, NULL }, { ERRATA_JSON_KEY, 1, 1, "a" },
        { ERRATA_JSON_ARRAY_BEGIN, 6, 1, NULL },  { ERRATA_JSON_NUMBER, 7, 2, "1" },
        { ERRATA_JSON_NUMBER, 10, 2, "-2.5e3" },  { ERRATA_JSON_TRUE, 18, 2, NULL },
        { ERRATA_JSON_FALSE, 24, 2, NULL },       { ERRATA_JSON_NULL, 31, 2, NULL },
        { ERRATA_JSON_STRING, 37, 2, "x" },       { ERRATA_JSON_ARRAY_END, 40, 1, NULL },
        { ERRATA_JSON_KEY, 43, 1, "b" },          { ERRATA_JSON_OBJECT_BEGIN, 48, 1, NULL },
        { ERRATA_JSON_OBJECT_END, 49, 1, NULL },  { ERRATA_JSON_OBJECT_END, 50, 0, NULL },
        { ERRATA_JSON_END, 51, 0, NULL },         { ERRATA_JSON_END, 51, 0, NULL },
    };
    check_tokens("{\"a\": [1, -2.5e3, true, false, null, \"x\"], \"b\": {}}", want,
                 JT_COUNT(want));
}

static void test_top_level_scalars(void **state)
{
    (void)state;
    static const expect_token_t num[] = { { ERRATA_JSON_NUMBER, 2, 0, "-0.5E+7" },
                                          { ERRATA_JSON_END, 11, 0, NULL } };
    check_tokens(" \t-0.5E+7\r\n", num, JT_COUNT(num));
    static const expect_token_t str[] = { { ERRATA_JSON_STRING, 0, 0, "" },
                                          { ERRATA_JSON_END, 2, 0, NULL } };
    check_tokens("\"\"", str, JT_COUNT(str));
    static const expect_token_t lit[] = { { ERRATA_JSON_NULL, 1, 0, NULL },
                                          { ERRATA_JSON_END, 6, 0, NULL } };
    check_tokens("\nnull\n", lit, JT_COUNT(lit));
    static const expect_token_t arr[] = { { ERRATA_JSON_ARRAY_BEGIN, 0, 0, NULL },
                                          { ERRATA_JSON_ARRAY_END, 2, 0, NULL },
                                          { ERRATA_JSON_END, 3, 0, NULL } };
    check_tokens("[ ]", arr, JT_COUNT(arr));
}

/* Duplicate names are reported as they come; choosing one is the
 * decoder's business (last wins, docs/c-api.md). */
static void test_duplicate_names(void **state)
{
    (void)state;
    static const expect_token_t want[] = {
        { ERRATA_JSON_OBJECT_BEGIN, 0, 0, NULL }, { ERRATA_JSON_KEY, 1, 1, "a" },
        { ERRATA_JSON_NUMBER, 5, 1, "1" },        { ERRATA_JSON_KEY, 7, 1, "a" },
        { ERRATA_JSON_NUMBER, 11, 1, "2" },       { ERRATA_JSON_OBJECT_END, 12, 0, NULL },
        { ERRATA_JSON_END, 13, 0, NULL },
    };
    check_tokens("{\"a\":1,\"a\":2}", want, JT_COUNT(want));
}

/* ---- errors ---------------------------------------------------------------- */

typedef struct bad_doc {
    const char *doc;
    size_t len; /* 0: strlen(doc) */
    const char *message;
    size_t offset;
} bad_doc_t;

static const bad_doc_t bad_docs[] = {
    /* the input runs out */
    { "", 0, "unexpected end of input", 0 },
    { " \n", 0, "unexpected end of input", 2 },
    { "[", 0, "unexpected end of input", 1 },
    { "[1", 0, "unexpected end of input", 2 },
    { "[1, ", 0, "unexpected end of input", 4 },
    { "{", 0, "unexpected end of input", 1 },
    { "{\"a\"", 0, "unexpected end of input", 4 },
    { "{\"a\":", 0, "unexpected end of input", 5 },
    { "{\"a\":1", 0, "unexpected end of input", 6 },
    { "{\"a\":1,", 0, "unexpected end of input", 7 },
    { "tru", 0, "unexpected end of input", 3 },
    { "[fals", 0, "unexpected end of input", 5 },
    { "-", 0, "unexpected end of input", 1 },
    { "1.", 0, "unexpected end of input", 2 },
    { "1e", 0, "unexpected end of input", 2 },
    { "[1E-", 0, "unexpected end of input", 4 },
    /* values */
    { "x", 0, "value expected", 0 },
    { "]", 0, "value expected", 0 },
    { "[,1]", 0, "value expected", 1 },
    { "[1,]", 0, "value expected", 3 },
    { "{\"a\":}", 0, "value expected", 5 },
    { "+1", 0, "value expected", 0 },
    { ".5", 0, "value expected", 0 },
    { "[\xEF\xBB\xBF]", 0, "value expected", 1 },
    { "\xEF\xBB\xBF{}", 0, "value expected", 0 }, /* no byte order mark */
    { "\v1", 0, "value expected", 0 },            /* four whitespace bytes only */
    { "[NaN]", 0, "value expected", 1 },
    { "trUe", 0, "invalid literal", 2 },
    { "[nul]", 0, "invalid literal", 4 },
    { "nulL", 0, "invalid literal", 3 },
    { "False", 0, "value expected", 0 },
    /* numbers */
    { "01", 0, "leading zero", 0 },
    { "-01", 0, "leading zero", 1 },
    { "[00]", 0, "leading zero", 1 },
    { "-x", 0, "digit expected", 1 },
    { "-.5", 0, "digit expected", 1 },
    { "1.x", 0, "digit expected", 2 },
    { "1.e5", 0, "digit expected", 2 },
    { "1ex", 0, "digit expected", 2 },
    { "1e+x", 0, "digit expected", 3 },
    { "[-Infinity]", 0, "digit expected", 2 },
    /* structure */
    { "{1:2}", 0, "member name expected", 1 },
    { "{,}", 0, "member name expected", 1 },
    { "{\"a\":1,}", 0, "member name expected", 7 },
    { "{\"a\":1, 2}", 0, "member name expected", 8 },
    { "{'a':1}", 0, "member name expected", 1 },
    { "{\"a\" 1}", 0, "expected ':'", 5 },
    { "{\"a\",1}", 0, "expected ':'", 4 },
    { "{\"a\"::1}", 0, "value expected", 5 },
    { "{\"a\":1 \"b\":2}", 0, "expected ',' or '}'", 7 },
    { "{\"a\":1]", 0, "expected ',' or '}'", 6 },
    { "[1 2]", 0, "expected ',' or ']'", 3 },
    { "[1}", 0, "expected ',' or ']'", 2 },
    { "[1x]", 0, "expected ',' or ']'", 2 },
    { "[1.5.2]", 0, "expected ',' or ']'", 4 },
    { "[0x10]", 0, "expected ',' or ']'", 2 },
    { "1 2", 0, "trailing data after the value", 2 },
    { "{} x", 0, "trailing data after the value", 3 },
    { "[]]", 0, "trailing data after the value", 2 },
    { "1\0", 2, "trailing data after the value", 1 },
    { "\"a\"/**/", 0, "trailing data after the value", 3 },
    { "truefalse", 0, "trailing data after the value", 4 },
    /* strings */
    { "\"abc", 0, "unterminated string", 0 },
    { "[\"abc", 0, "unterminated string", 1 },
    { "\"\\", 0, "unterminated string", 0 },
    { "\"\\u12", 0, "unterminated string", 0 },
    { "\"\\uD800", 0, "unterminated string", 0 },
    { "\"\\uD800\\", 0, "unterminated string", 0 },
    { "\"\\uD800\\u", 0, "unterminated string", 0 },
    { "\"\\uD800\\uDC", 0, "unterminated string", 0 },
    { "{\"ab", 0, "unterminated string", 1 },
    { "\"\xE2\x82", 0, "unterminated string", 0 }, /* a character cut by the end */
    { "\"a\\x\"", 0, "invalid escape", 2 },
    { "\"\\'\"", 0, "invalid escape", 1 },
    { "\"\\U0041\"", 0, "invalid escape", 1 },
    { "\"\\\xC3\xA9\"", 0, "invalid escape", 1 },
    { "\"\\u12G4\"", 0, "invalid \\u escape", 1 },
    { "\"\\u-123\"", 0, "invalid \\u escape", 1 },
    { "\"\\uD800\\u12G4\"", 0, "invalid \\u escape", 7 },
    { "\"\\uD800\"", 0, "lone surrogate", 1 },
    { "\"\\uDC00\"", 0, "lone surrogate", 1 },
    { "\"x\\uDFFF\"", 0, "lone surrogate", 2 },
    { "\"\\uD800x\"", 0, "lone surrogate", 1 },
    { "\"\\uD800\\n\"", 0, "lone surrogate", 1 },
    { "\"\\uD800\\uD800\"", 0, "lone surrogate", 1 },
    { "\"\\uD800\\u0041\"", 0, "lone surrogate", 1 },
    { "\"\\uDC00\\uD800\"", 0, "lone surrogate", 1 },
    { "{\"\\uDFAA\":0}", 0, "lone surrogate", 2 },
    { "\"a\x01\"", 0, "control character in string", 2 },
    { "\"\x1F\"", 0, "control character in string", 1 },
    { "\"a\nb\"", 0, "control character in string", 2 },
    { "\"\t\"", 0, "control character in string", 1 },
    { "\"\0\"", 3, "control character in string", 1 },
    /* invalid UTF-8, one of each kind: offset of the sequence's first byte */
    { "\"\x80\"", 0, "invalid UTF-8", 1 },                 /* stray continuation */
    { "\"ab\xBF\"", 0, "invalid UTF-8", 3 },               /* stray continuation */
    { "\"\xC0\x80\"", 0, "invalid UTF-8", 1 },             /* overlong NUL */
    { "\"\xC1\xBF\"", 0, "invalid UTF-8", 1 },             /* overlong 2 bytes */
    { "\"a\xE0\x80\xAF\"", 0, "invalid UTF-8", 2 },        /* overlong 3 bytes */
    { "\"\xF0\x8F\xBF\xBF\"", 0, "invalid UTF-8", 1 },     /* overlong 4 bytes */
    { "\"\xED\xA0\x80\"", 0, "invalid UTF-8", 1 },         /* encoded surrogate */
    { "\"\xF4\x90\x80\x80\"", 0, "invalid UTF-8", 1 },     /* above U+10FFFF */
    { "\"\xF5\x80\x80\x80\"", 0, "invalid UTF-8", 1 },     /* lead byte F5 */
    { "\"\xFE\"", 0, "invalid UTF-8", 1 },                 /* FE */
    { "\"\xFF\"", 0, "invalid UTF-8", 1 },                 /* FF */
    { "\"\xE2\x82\"", 0, "invalid UTF-8", 1 },             /* cut short by the quote */
    { "\"\xF0\x9F\x98 \"", 0, "invalid UTF-8", 1 },        /* cut short by a space */
    { "\"\xC3\xA9\xA9\"", 0, "invalid UTF-8", 3 },         /* one continuation too many */
    { "\"\xF8\x88\x80\x80\x80\"", 0, "invalid UTF-8", 1 }, /* 5-byte form */
    { "{\"\x80\":1}", 0, "invalid UTF-8", 2 },             /* in a member name */
};

static void check_bad(const bad_doc_t *b, char *scratch, size_t cap)
{
    size_t len = b->len ? b->len : strlen(b->doc);
    errata_json_parser_t p;
    errata_json_init(&p, b->doc, len, scratch, cap);
    errata_json_token_t t;
    do {
        t = errata_json_next(&p);
    } while (t != ERRATA_JSON_END && t != ERRATA_JSON_ERROR);
    if (t != ERRATA_JSON_ERROR || strcmp(p.error, b->message) != 0 || p.error_offset != b->offset)
        fail_msg("%s: got \"%s\" at %zu, expected \"%s\" at %zu", b->doc,
                 p.error ? p.error : "(accepted)", p.error_offset, b->message, b->offset);
    assert_int_equal(p.offset, p.error_offset);
    /* An error is final. */
    assert_int_equal(errata_json_next(&p), ERRATA_JSON_ERROR);
    assert_int_equal(p.error_offset, b->offset);
    /* errata_json_validate says the same. */
    const char *error = NULL;
    size_t offset = 0;
    assert_false(errata_json_validate(b->doc, len, &error, &offset, NULL));
    assert_string_equal(error, b->message);
    assert_int_equal(offset, b->offset);
}

static void test_errors(void **state)
{
    (void)state;
    char scratch[64], tiny[2];
    for (size_t k = 0; k < JT_COUNT(bad_docs); k++) {
        check_bad(&bad_docs[k], scratch, sizeof scratch);
        check_bad(&bad_docs[k], tiny, sizeof tiny); /* same errors when strings are cut */
        check_bad(&bad_docs[k], NULL, 0);
    }
}

static void test_validate(void **state)
{
    (void)state;
    bool is_object = false;
    const char *error = "x";
    size_t offset = 99;
    assert_true(errata_json_validate("{\"a\":[1]} ", 10, &error, &offset, &is_object));
    assert_true(is_object);
    assert_null(error);
    assert_int_equal(offset, 0);
    assert_true(errata_json_validate("[{}]", 4, NULL, NULL, &is_object));
    assert_false(is_object);
    static const char long_string[] = "\"a long string, and no scratch is needed at all\"";
    assert_true(errata_json_validate(long_string, strlen(long_string), NULL, NULL, NULL));
    /* is_object is about the top-level value even when the rest is bad. */
    assert_false(errata_json_validate("{\"a\":", 5, NULL, NULL, &is_object));
    assert_true(is_object);
    assert_false(errata_json_validate("[", 1, NULL, NULL, &is_object));
    assert_false(is_object);
    assert_false(errata_json_validate(NULL, 0, &error, &offset, NULL));
    assert_string_equal(error, "unexpected end of input");
}

/* ---- strings ----------------------------------------------------------------- */

static void test_escapes(void **state)
{
    (void)state;
    static const char doc[] = "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u0041\\u00e9\\u20AC\\uD83D\\uDE00"
                              "\\u0000z\\uffff\\uDBFF\\uDFFF\x7F\"";
    static const char want[] = "\"\\/\b\f\n\r\tA\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"
                               "\0z\xEF\xBF\xBF\xF4\x8F\xBF\xBF\x7F";
    char scratch[64];
    errata_json_parser_t p;
    errata_json_init(&p, doc, sizeof doc - 1, scratch, sizeof scratch);
    assert_int_equal(errata_json_next(&p), ERRATA_JSON_STRING);
    assert_int_equal(p.text_len, sizeof want - 1); /* the \u0000 counts */
    assert_memory_equal(p.text, want, sizeof want);  /* NUL-terminated too */
    assert_false(p.truncated);
    assert_int_equal(errata_json_next(&p), ERRATA_JSON_END);
}

static void test_raw_utf8(void **state)
{
    (void)state;
    /* Every length of well-formed sequence, at the edges of the ranges. */
    static const char doc[] = "[\"\xC2\x80\xDF\xBF\xE0\xA0\x80\xED\x9F\xBF\xEE\x80\x80"
                              "\xF0\x90\x80\x80\xF4\x8F\xBF\xBF\"]";
    char scratch[64];
    errata_json_parser_t p;
    errata_json_init(&p, doc, sizeof doc - 1, scratch, sizeof scratch);
    assert_int_equal(errata_json_next(&p), ERRATA_JSON_ARRAY_BEGIN);
    assert_int_equal(errata_json_next(&p), ERRATA_JSON_STRING);
    assert_int_equal(p.text_len, sizeof doc - 5);
    assert_memory_equal(p.text, doc + 2, p.text_len);
}

/* "aé€😀b", written raw and escaped: 1, 2, 3, 4 and 1 bytes. Every scratch
 * size keeps the longest prefix of whole characters, never more than cap. */
static void check_truncation(const char *doc)
{
    static const char full[] = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80" "b";
    /* whole characters that fit in room bytes (cap - 1), room 0..11 */
    static const size_t prefix[] = { 0, 1, 1, 3, 3, 3, 6, 6, 6, 6, 10, 11 };
    for (size_t cap = 0; cap <= 14; cap++) {
        char scratch[32];
        memset(scratch, '#', sizeof scratch);
        errata_json_parser_t p;
        errata_json_init(&p, doc, strlen(doc), cap ? scratch : NULL, cap);
        assert_int_equal(errata_json_next(&p), ERRATA_JSON_STRING);
        size_t room = cap ? cap - 1 : 0;
        size_t want = room < JT_COUNT(prefix) ? prefix[room] : 11;
        assert_int_equal(p.text_len, want);
        assert_memory_equal(p.text, full, want);
        assert_int_equal(p.text[want], '\0');
        assert_int_equal(p.truncated, want < 11);
        for (size_t k = cap; k < sizeof scratch; k++)
            assert_int_equal(scratch[k], '#'); /* nothing written past cap */
        assert_int_equal(errata_json_next(&p), ERRATA_JSON_END);
    }
}

static void test_truncation(void **state)
{
    (void)state;
    check_truncation("\"a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80" "b\"");
    check_truncation("\"a\\u00e9\\u20ac\\ud83d\\ude00b\"");
    check_truncation("\"a\xC3\xA9\\u20ac\xF0\x9F\x98\x80\\u0062\"");
}

/* A truncated string is still checked to its end. */
static void test_truncated_still_checked(void **state)
{
    (void)state;
    char scratch[4];
    errata_json_parser_t p;
    static const char doc[] = "[\"abcdefgh\\q\"]";
    errata_json_init(&p, doc, sizeof doc - 1, scratch, sizeof scratch);
    assert_int_equal(errata_json_next(&p), ERRATA_JSON_ARRAY_BEGIN);
    assert_int_equal(errata_json_next(&p), ERRATA_JSON_ERROR);
    assert_string_equal(p.error, "invalid escape");
    assert_int_equal(p.error_offset, 10);
}

static void test_no_scratch(void **state)
{
    (void)state;
    errata_json_parser_t p;
    static const char doc[] = "{\"\":\"x\"}";
    errata_json_init(&p, doc, sizeof doc - 1, NULL, 0);
    assert_int_equal(errata_json_next(&p), ERRATA_JSON_OBJECT_BEGIN);
    assert_int_equal(errata_json_next(&p), ERRATA_JSON_KEY);
    assert_string_equal(p.text, "");
    assert_false(p.truncated); /* nothing was lost */
    assert_string_equal(errata_json_keep(&p), "");
    assert_int_equal(errata_json_next(&p), ERRATA_JSON_STRING);
    assert_string_equal(p.text, "");
    assert_int_equal(p.text_len, 0);
    assert_true(p.truncated);
    assert_int_equal(p.kept, 0);
    /* a buffer with cap 0 is no buffer */
    char one[1] = { '#' };
    errata_json_init(&p, doc + 4, 3, one, 0);
    assert_int_equal(errata_json_next(&p), ERRATA_JSON_STRING);
    assert_true(p.truncated);
    assert_int_equal(one[0], '#');
    /* cap 1: room for the NUL only */
    errata_json_init(&p, doc + 4, 3, one, 1);
    assert_int_equal(errata_json_next(&p), ERRATA_JSON_STRING);
    assert_ptr_equal(p.text, one);
    assert_int_equal(one[0], '\0');
    assert_true(p.truncated);
}

/* ---- keep ------------------------------------------------------------------- */

static void test_keep(void **state)
{
    (void)state;
    char scratch[16];
    errata_json_parser_t p;
    static const char doc[] = "{\"name\":\"value\",\"other\":\"x\",\"third\":\"yyyyyyyyy\"}";
    errata_json_init(&p, doc, sizeof doc - 1, scratch, sizeof scratch);
    assert_int_equal(errata_json_next(&p), ERRATA_JSON_OBJECT_BEGIN);
    assert_null(errata_json_keep(&p));
    assert_int_equal(errata_json_next(&p), ERRATA_JSON_KEY);
    const char *name = errata_json_keep(&p);
    assert_ptr_equal(name, scratch);
    assert_int_equal(p.kept, 5);
    assert_ptr_equal(errata_json_keep(&p), name); /* twice keeps it once */
    assert_int_equal(p.kept, 5);
    assert_int_equal(errata_json_next(&p), ERRATA_JSON_STRING);
    assert_ptr_equal(p.text, scratch + 5);
    assert_string_equal(p.text, "value");
    /* not kept: the next string takes the same space */
    assert_int_equal(errata_json_next(&p), ERRATA_JSON_KEY);
    assert_ptr_equal(p.text, scratch + 5);
    assert_string_equal(p.text, "other");
    assert_string_equal(name, "name");
    const char *other = errata_json_keep(&p);
    assert_int_equal(p.kept, 11);
    assert_int_equal(errata_json_next(&p), ERRATA_JSON_STRING);
    assert_string_equal(errata_json_keep(&p), "x");
    assert_int_equal(p.kept, 13);
    /* 3 bytes left: "th" and a NUL */
    assert_int_equal(errata_json_next(&p), ERRATA_JSON_KEY);
    assert_string_equal(p.text, "th");
    assert_true(p.truncated);
    errata_json_keep(&p);
    assert_int_equal(p.kept, 16);
    /* full: strings are "" and truncated, still checked */
    assert_int_equal(errata_json_next(&p), ERRATA_JSON_STRING);
    assert_string_equal(p.text, "");
    assert_true(p.truncated);
    assert_string_equal(errata_json_keep(&p), "");
    assert_int_equal(p.kept, 16);
    assert_int_equal(errata_json_next(&p), ERRATA_JSON_OBJECT_END);
    assert_null(errata_json_keep(&p));
    assert_int_equal(errata_json_next(&p), ERRATA_JSON_END);
    assert_string_equal(name, "name");
    assert_string_equal(other, "other");
}

/* ---- skip ------------------------------------------------------------------- */

static void test_skip(void **state)
{
    (void)state;
    char scratch[32];
    errata_json_parser_t p;
    static const char doc[] =
        "{\"a\":{\"b\":[1,{\"c\":\"long string here\"},[[]]],\"d\":{}},\"e\":3,\"f\":[]}";
    errata_json_init(&p, doc, sizeof doc - 1, scratch, sizeof scratch);
    assert_int_equal(errata_json_next(&p), ERRATA_JSON_OBJECT_BEGIN);
    assert_int_equal(errata_json_next(&p), ERRATA_JSON_KEY);
    errata_json_keep(&p);
    assert_true(errata_json_skip(&p)); /* after a KEY: nothing */
    assert_int_equal(p.token, ERRATA_JSON_KEY);
    assert_int_equal(errata_json_next(&p), ERRATA_JSON_OBJECT_BEGIN);
    assert_true(errata_json_skip(&p));
    assert_int_equal(p.token, ERRATA_JSON_OBJECT_END);
    assert_int_equal(errata_json_depth(&p), 1);
    assert_int_equal(p.kept, 2); /* skipped strings took no scratch */
    assert_string_equal(scratch, "a");
    assert_int_equal(errata_json_next(&p), ERRATA_JSON_KEY);
    assert_string_equal(p.text, "e");
    assert_int_equal(errata_json_next(&p), ERRATA_JSON_NUMBER);
    assert_true(errata_json_skip(&p)); /* a scalar: nothing */
    assert_int_equal(p.token, ERRATA_JSON_NUMBER);
    assert_int_equal(errata_json_next(&p), ERRATA_JSON_KEY);
    assert_int_equal(errata_json_next(&p), ERRATA_JSON_ARRAY_BEGIN);
    assert_true(errata_json_skip(&p));
    assert_int_equal(p.token, ERRATA_JSON_ARRAY_END);
    assert_true(errata_json_skip(&p)); /* an END: nothing */
    assert_int_equal(errata_json_next(&p), ERRATA_JSON_OBJECT_END);
    assert_int_equal(errata_json_next(&p), ERRATA_JSON_END);
    assert_true(errata_json_skip(&p));
    /* Strings inside are checked: the error surfaces from skip. */
    static const char bad[] = "[[\"ok\",{\"x\":\"\\uD800\"}],1]";
    errata_json_init(&p, bad, sizeof bad - 1, scratch, sizeof scratch);
    assert_int_equal(errata_json_next(&p), ERRATA_JSON_ARRAY_BEGIN);
    assert_int_equal(errata_json_next(&p), ERRATA_JSON_ARRAY_BEGIN);
    assert_false(errata_json_skip(&p));
    assert_string_equal(p.error, "lone surrogate");
    assert_int_equal(p.error_offset, 13);
    assert_false(errata_json_skip(&p));
    assert_int_equal(p.scratch_cap, sizeof scratch); /* restored */
    /* The whole document, from its first token. */
    errata_json_init(&p, doc, sizeof doc - 1, scratch, sizeof scratch);
    assert_int_equal(errata_json_next(&p), ERRATA_JSON_OBJECT_BEGIN);
    assert_true(errata_json_skip(&p));
    assert_int_equal(errata_json_depth(&p), 0);
    assert_int_equal(errata_json_next(&p), ERRATA_JSON_END);
}

/* ---- depth and size -------------------------------------------------------------- */

static void check_depth(size_t levels, bool objects)
{
    char *doc = malloc(levels * 6 + 2);
    size_t n = 0;
    for (size_t k = 0; k < levels; k++) {
        if (objects) {
            memcpy(doc + n, "{\"a\":", 5);
            n += 5;
        } else {
            doc[n++] = '[';
        }
    }
    doc[n++] = '0';
    for (size_t k = 0; k < levels; k++)
        doc[n++] = objects ? '}' : ']';
    errata_json_parser_t p;
    errata_json_init(&p, doc, n, NULL, 0);
    errata_json_token_t t;
    unsigned deepest = 0;
    do {
        t = errata_json_next(&p);
        if (t == ERRATA_JSON_NUMBER)
            deepest = errata_json_depth(&p);
    } while (t != ERRATA_JSON_END && t != ERRATA_JSON_ERROR);
    if (levels <= ERRATA_JSON_MAX_DEPTH) {
        assert_int_equal(t, ERRATA_JSON_END);
        assert_int_equal(deepest, levels);
    } else {
        assert_int_equal(t, ERRATA_JSON_ERROR);
        assert_string_equal(p.error, "nesting too deep");
        /* at the opening of level 65 */
        assert_int_equal(p.error_offset, ERRATA_JSON_MAX_DEPTH * (objects ? 5 : 1));
    }
    free(doc);
}

static void test_depth(void **state)
{
    (void)state;
    assert_int_equal(ERRATA_JSON_MAX_DEPTH, 64);
    check_depth(64, false);
    check_depth(65, false);
    check_depth(64, true);
    check_depth(65, true);
    check_depth(100000, false);
}

/* A 10 MiB body goes through in one pass with a small scratch. */
static void test_big_document(void **state)
{
    (void)state;
    static const char item[] = "{\"id\":123456,\"name\":\"item \\u00e9\xE2\x82\xAC \\\"q\\\"\","
                               "\"tags\":[\"a\",\"b\",[]],\"ok\":true,\"v\":-1.5e3,\"n\":null},\n";
    size_t size = 10u << 20, n = 0, items = 0;
    char *doc = malloc(size + sizeof item + 2);
    doc[n++] = '[';
    while (n < size) {
        memcpy(doc + n, item, sizeof item - 1);
        n += sizeof item - 1;
        items++;
    }
    memcpy(doc + n - 2, "]\n", 2); /* the last item's ",\n" */
    char scratch[32];
    errata_json_parser_t p;
    errata_json_init(&p, doc, n, scratch, sizeof scratch);
    size_t objects = 0, numbers = 0;
    errata_json_token_t t;
    while ((t = errata_json_next(&p)) != ERRATA_JSON_END && t != ERRATA_JSON_ERROR) {
        objects += t == ERRATA_JSON_OBJECT_BEGIN;
        if (t == ERRATA_JSON_NUMBER) {
            int64_t v;
            numbers += errata_json_int64(&p, &v);
        }
    }
    if (t == ERRATA_JSON_ERROR)
        fail_msg("%s at %zu", p.error, p.error_offset);
    assert_int_equal(objects, items);
    assert_int_equal(numbers, 2 * items);
    assert_true(errata_json_validate(doc, n, NULL, NULL, NULL));
    free(doc);
}

/* Before the first token and after the last, nothing moves. */
static void test_final_states(void **state)
{
    (void)state;
    errata_json_parser_t p;
    errata_json_init(&p, "[]", 2, NULL, 0);
    assert_null(errata_json_keep(&p));
    assert_true(errata_json_skip(&p));
    assert_int_equal(p.pos, 0);
    assert_int_equal(errata_json_next(&p), ERRATA_JSON_ARRAY_BEGIN);
    assert_int_equal(errata_json_next(&p), ERRATA_JSON_ARRAY_END);
    assert_int_equal(errata_json_next(&p), ERRATA_JSON_END);
    assert_int_equal(errata_json_next(&p), ERRATA_JSON_END);
    assert_int_equal(p.offset, 2);
    assert_null(p.error);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tokens),
        cmocka_unit_test(test_top_level_scalars),
        cmocka_unit_test(test_duplicate_names),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_validate),
        cmocka_unit_test(test_escapes),
        cmocka_unit_test(test_raw_utf8),
        cmocka_unit_test(test_truncation),
        cmocka_unit_test(test_truncated_still_checked),
        cmocka_unit_test(test_no_scratch),
        cmocka_unit_test(test_keep),
        cmocka_unit_test(test_skip),
        cmocka_unit_test(test_depth),
        cmocka_unit_test(test_big_document),
        cmocka_unit_test(test_final_states),
    };
    return cmocka_run_group_tests_name("json-parser", tests, NULL, NULL);
}
