/* errata_problem_json: every body is parsed back by jansson and compared
 * member by member; escaping, invalid UTF-8, numbers, arrays, sizing,
 * truncation in the arena and 5xx redaction. */
#include "rt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FFFD "\xEF\xBF\xBD"
#define TRACE "0af7651916cd43dd8448eb211c80319c"
#define GENERIC "The server could not complete the request. Quote the trace id when you report this."
/* The same without a trace id to quote. */
#define GENERIC_PLAIN "The server could not complete the request."

static void throw_echo(errata_problem_t *p, const char *text)
{
    errata_problem_init(p);
    errata_throw(p, &fx_echo, __FILE__, __LINE__, NULL, NULL, &(const fx_echo_t){ .text = text });
}

/* ---- the constant part, detail, instance -------------------------------- */

static void test_no_members(void **state)
{
    (void)state;
    errata_problem_t p;
    errata_problem_init(&p);
    assert_int_equal(errata_throw(&p, &fx_bad_request, __FILE__, __LINE__, NULL, NULL, NULL),
                     ERRATA_FAILED);
    char *body = rt_body(&p);
    /* Exactly the generator's prefix and a brace: nothing else to say. */
    assert_string_equal(body, "{\"type\":\"https://errors.example/bad-request\",\"title\":"
                              "\"Bad request\",\"status\":400,\"code\":\"BAD_REQUEST\"}");
    free(body);
    json_t *o = rt_parse(&p);
    rt_expect_keys(o, "type", "title", "status", "code", NULL);
    rt_expect_head(o, &fx_bad_request);
    json_decref(o);
}

static void test_detail_template(void **state)
{
    (void)state;
    errata_problem_t p;
    errata_throw(&p, &fx_pet_not_found, __FILE__, __LINE__, NULL, NULL,
                 &(const fx_pet_not_found_t){ .pet_id = "019b4132" });
    json_t *o = rt_parse(&p);
    rt_expect_keys(o, "type", "title", "status", "code", "detail", "pet_id", NULL);
    rt_expect_head(o, &fx_pet_not_found);
    rt_expect_string(o, "detail", "Pet 019b4132 does not exist");
    rt_expect_string(o, "pet_id", "019b4132");
    json_decref(o);
    assert_int_equal(p.flags, 0);
}

static void test_detail_template_every_kind(void **state)
{
    (void)state;
    errata_problem_t p;
    errata_throw(&p, &fx_every_type, __FILE__, __LINE__, NULL, NULL,
                 &(const fx_every_type_t){ .text = "hi", .count = -42, .ratio = 0.1, .flag = true });
    json_t *o = rt_parse(&p);
    rt_expect_string(o, "detail", "text=hi count=-42 ratio=0.1 flag=true");
    json_decref(o);
    errata_throw(&p, &fx_every_type, __FILE__, __LINE__, NULL, NULL,
                 &(const fx_every_type_t){ .text = "", .count = INT64_MIN, .ratio = 1e21 });
    o = rt_parse(&p);
    rt_expect_string(o, "detail", "text= count=-9223372036854775808 ratio=1e+21 flag=false");
    json_decref(o);
}

/* A template naming an absent member cannot be honoured: no detail at all
 * rather than "Pet  does not exist". */
static void test_detail_template_absent_member(void **state)
{
    (void)state;
    errata_problem_t p;
    errata_throw(&p, &fx_pet_not_found, __FILE__, __LINE__, NULL, NULL,
                 &(const fx_pet_not_found_t){ .pet_id = NULL });
    assert_null(p.detail);
    json_t *o = rt_parse(&p);
    rt_expect_keys(o, "type", "title", "status", "code", NULL);
    json_decref(o);
    /* No member struct at all: every member absent, no crash. */
    errata_throw(&p, &fx_pet_not_found, __FILE__, __LINE__, NULL, NULL, NULL);
    assert_null(p.detail);
    assert_false(p.members[0].present);
    /* A non-finite number has no text either. */
    errata_throw(&p, &fx_every_type, __FILE__, __LINE__, NULL, NULL,
                 &(const fx_every_type_t){ .text = "x", .ratio = NAN });
    assert_null(p.detail);
}

/* Template parts that point nowhere count as absent members. */
static void test_detail_template_bad_index(void **state)
{
    (void)state;
    static const errata_template_part_t beyond[] = { { "n=", -1, false }, { NULL, 7, false } };
    static const errata_template_part_t negative[] = { { NULL, -1, false } };
    errata_descriptor_t desc = fx_pet_not_found;
    errata_problem_t p;
    desc.detail = beyond;
    desc.detail_part_count = 2;
    errata_throw(&p, &desc, __FILE__, __LINE__, NULL, NULL, &(const fx_pet_not_found_t){ "1" });
    assert_null(p.detail);
    desc.detail = negative;
    desc.detail_part_count = 1;
    errata_throw(&p, &desc, __FILE__, __LINE__, NULL, NULL, &(const fx_pet_not_found_t){ "1" });
    assert_null(p.detail);
}

static void test_explicit_detail_and_instance(void **state)
{
    (void)state;
    errata_problem_t p;
    errata_throw(&p, &fx_pet_not_found, __FILE__, __LINE__, "Given detail", "/pets/7",
                 &(const fx_pet_not_found_t){ .pet_id = "7" });
    json_t *o = rt_parse(&p);
    rt_expect_keys(o, "type", "title", "status", "code", "detail", "instance", "pet_id", NULL);
    rt_expect_string(o, "detail", "Given detail");
    rt_expect_string(o, "instance", "/pets/7");
    json_decref(o);
    /* An empty explicit detail still wins over the template. */
    errata_throw(&p, &fx_pet_not_found, __FILE__, __LINE__, "", NULL,
                 &(const fx_pet_not_found_t){ .pet_id = "7" });
    o = rt_parse(&p);
    rt_expect_string(o, "detail", "");
    rt_expect_absent(o, "instance");
    json_decref(o);
}

/* ---- escaping ------------------------------------------------------------- */

/* Every control byte a C string can hold (NUL ends it), in a member and
 * in the detail: short escapes where RFC 8259 has them, else \u00xx. */
static void test_control_bytes(void **state)
{
    (void)state;
    char raw[32], want[200] = "\"";
    for (int c = 1; c < 32; c++) {
        raw[c - 1] = (char)c;
        const char *shortform = c == '\b' ? "\\b" : c == '\f' ? "\\f" : c == '\n' ? "\\n"
                              : c == '\r' ? "\\r" : c == '\t' ? "\\t" : NULL;
        char esc[8];
        if (shortform == NULL)
            snprintf(esc, sizeof esc, "\\u%04x", (unsigned)c);
        strcat(want, shortform != NULL ? shortform : esc);
    }
    raw[31] = '\0';
    strcat(want, "\"");
    errata_problem_t p;
    errata_throw(&p, &fx_echo, __FILE__, __LINE__, raw, NULL, &(const fx_echo_t){ .text = raw });
    char *body = rt_body(&p);
    char detail[256], text[256];
    snprintf(detail, sizeof detail, "\"detail\":%s", want);
    snprintf(text, sizeof text, "\"text\":%s", want);
    assert_non_null(strstr(body, detail));
    assert_non_null(strstr(body, text));
    free(body);
    json_t *o = rt_parse(&p);
    rt_expect_string(o, "detail", raw);
    rt_expect_string(o, "text", raw);
    json_decref(o);
}

static void test_quotes_backslash_slash_del(void **state)
{
    (void)state;
    const char *raw = "say \"hi\" \\ a/b </script> \x7F end";
    errata_problem_t p;
    throw_echo(&p, raw);
    char *body = rt_body(&p);
    /* '/' is not escaped (RFC 8259 allows both), DEL stays raw. */
    assert_non_null(strstr(body, "\"text\":\"say \\\"hi\\\" \\\\ a/b </script> \x7F end\""));
    free(body);
    json_t *o = rt_parse(&p);
    rt_expect_string(o, "text", raw);
    json_decref(o);
}

static void test_valid_utf8_kept(void **state)
{
    (void)state;
    const char *raw = "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 \xEF\xBF\xBF \xF4\x8F\xBF\xBF "
                      "\xED\x9F\xBF \xEE\x80\x80";
    errata_problem_t p;
    throw_echo(&p, raw);
    char *body = rt_body(&p);
    assert_non_null(strstr(body, raw)); /* raw bytes, no \u escapes */
    free(body);
    json_t *o = rt_parse(&p);
    rt_expect_string(o, "text", raw);
    json_decref(o);
}

/* Invalid UTF-8 becomes U+FFFD, one per maximal subpart of an ill-formed
 * sequence (Unicode 3.9; what browsers do). */
static void test_invalid_utf8(void **state)
{
    (void)state;
    static const struct {
        const char *name, *in, *out;
    } cases[] = {
        { "overlong 2-byte C0", "<\xC0\xAF>", "<" FFFD FFFD ">" },
        { "overlong 2-byte C1", "<\xC1\xBF>", "<" FFFD FFFD ">" },
        { "overlong 3-byte", "<\xE0\x80\xAF>", "<" FFFD FFFD FFFD ">" },
        { "overlong 3-byte high", "<\xE0\x9F\xBF>", "<" FFFD FFFD FFFD ">" },
        { "overlong 4-byte", "<\xF0\x80\x80\xAF>", "<" FFFD FFFD FFFD FFFD ">" },
        { "overlong 4-byte high", "<\xF0\x8F\xBF\xBF>", "<" FFFD FFFD FFFD FFFD ">" },
        { "high surrogate", "<\xED\xA0\x80>", "<" FFFD FFFD FFFD ">" },
        { "low surrogate", "<\xED\xBF\xBF>", "<" FFFD FFFD FFFD ">" },
        { "surrogate pair (CESU-8)", "<\xED\xA0\xBD\xED\xB8\x80>",
          "<" FFFD FFFD FFFD FFFD FFFD FFFD ">" },
        { "above U+10FFFF", "<\xF4\x90\x80\x80>", "<" FFFD FFFD FFFD FFFD ">" },
        { "F5..FF", "<\xF5\xF6\xF7\xF8\xF9\xFA\xFB\xFC\xFD\xFE\xFF>",
          "<" FFFD FFFD FFFD FFFD FFFD FFFD FFFD FFFD FFFD FFFD FFFD ">" },
        { "old 5-byte form", "<\xF8\x88\x80\x80\x80>", "<" FFFD FFFD FFFD FFFD FFFD ">" },
        { "stray continuation", "<\x80>", "<" FFFD ">" },
        { "stray continuations", "<\x80\xBF\x80>", "<" FFFD FFFD FFFD ">" },
        { "truncated 2-byte mid", "<\xC3>", "<" FFFD ">" },
        { "truncated 3-byte mid", "<\xE2\x82>", "<" FFFD ">" },
        { "truncated 4-byte mid", "<\xF0\x9F\x98>", "<" FFFD ">" },
        { "truncated 2-byte at end", "a\xC3", "a" FFFD },
        { "truncated 3-byte at end", "a\xE2\x82", "a" FFFD },
        { "truncated 4-byte at end", "a\xF0\x9F\x98", "a" FFFD },
        { "lead then lead", "\xE2\xE2\x82\xAC", FFFD "\xE2\x82\xAC" },
        { "lead then ASCII", "\xF0" "A", FFFD "A" },
        { "lone FFFD stays", FFFD, FFFD },
    };
    for (size_t i = 0; i < RT_COUNT(cases); i++) {
        errata_problem_t p;
        errata_throw(&p, &fx_echo, __FILE__, __LINE__, cases[i].in, NULL,
                     &(const fx_echo_t){ .text = cases[i].in });
        json_t *o = rt_parse(&p);
        json_t *text = json_object_get(o, "text");
        if (strcmp(json_string_value(text), cases[i].out) != 0)
            fail_msg("%s: got \"%s\"", cases[i].name, json_string_value(text));
        rt_expect_string(o, "detail", cases[i].out);
        json_decref(o);
    }
}

/* ---- numbers ------------------------------------------------------------------ */

static void test_numbers_shortest_round_trip(void **state)
{
    (void)state;
    static const struct {
        double v;
        const char *text;
    } cases[] = {
        { 0.1, "0.1" },
        { 1.5, "1.5" },
        { -2.25, "-2.25" },
        { 100.0, "100" },
        { 123456.0, "123456" },
        { 1e15, "1e+15" },
        { 1e21, "1e+21" },
        { 1e-7, "1e-07" },
        { 0.30000000000000004, "0.30000000000000004" },
        { 9007199254740993.0, "9007199254740992" },
        { 1.2345678901234567e17, "1.2345678901234566e+17" },
        { 1.7976931348623157e308, "1.7976931348623157e+308" },
        { 2.2250738585072014e-308, "2.2250738585072014e-308" },
        { 5e-324, "5e-324" },
        { -0.0, "-0" },
        { 2.0 / 3.0, "0.6666666666666666" },
    };
    for (size_t i = 0; i < RT_COUNT(cases); i++) {
        errata_problem_t p;
        errata_throw(&p, &fx_every_type, __FILE__, __LINE__, NULL, NULL,
                     &(const fx_every_type_t){ .text = "t", .ratio = cases[i].v });
        char *body = rt_body(&p);
        char want[80];
        snprintf(want, sizeof want, "\"ratio\":%s,", cases[i].text);
        if (strstr(body, want) == NULL)
            fail_msg("%.17g: want %s in %s", cases[i].v, want, body);
        free(body);
        json_t *o = rt_parse(&p);
        rt_expect_real(o, "ratio", cases[i].v);
        json_decref(o);
    }
}

static void test_integers(void **state)
{
    (void)state;
    static const int64_t cases[] = { 0, 1, -1, 9, 10, INT64_MAX, INT64_MIN, -1000000007 };
    for (size_t i = 0; i < RT_COUNT(cases); i++) {
        errata_problem_t p;
        errata_throw(&p, &fx_rate_limited, __FILE__, __LINE__, NULL, NULL,
                     &(const fx_rate_limited_t){ .retry_after = cases[i], .limit = &cases[i] });
        json_t *o = rt_parse(&p);
        rt_expect_int(o, "retry_after", cases[i]);
        rt_expect_int(o, "limit", cases[i]);
        json_decref(o);
    }
}

/* JSON has no NaN or infinity: such a member is left out, an array item
 * too, an object property too. */
static void test_non_finite_omitted(void **state)
{
    (void)state;
    static const double ratios[] = { 1.5, NAN, INFINITY, -INFINITY, 2.5 };
    static const double inf = INFINITY;
    const fx_every_type_row_t rows[] = { { .name = "r", .size = 1, .weight = &inf } };
    errata_problem_t p;
    errata_throw(&p, &fx_every_type, __FILE__, __LINE__, "d", NULL,
                 &(const fx_every_type_t){ .text = "t", .ratio = NAN,
                                           .ratios = { ratios, RT_COUNT(ratios) },
                                           .rows = { rows, 1 },
                                           .opt_ratio = ERRATA_NUMBER(-INFINITY) });
    json_t *o = rt_parse(&p);
    rt_expect_keys(o, "type", "title", "status", "code", "detail", "text", "count", "flag",
                   "ratios", "rows", NULL);
    json_t *a = json_object_get(o, "ratios");
    assert_int_equal(json_array_size(a), 2);
    assert_true(json_real_value(json_array_get(a, 0)) == 1.5);
    assert_true(json_real_value(json_array_get(a, 1)) == 2.5);
    json_t *row = json_array_get(json_object_get(o, "rows"), 0);
    rt_expect_keys(row, "name", "size", NULL);
    json_decref(o);
}

/* ---- members of every kind, arrays --------------------------------------------- */

static void test_every_type(void **state)
{
    (void)state;
    static const char *const texts[] = { "a", "", "\xC3\xA9\"" };
    static const int64_t counts[] = { 3, -4, INT64_MAX };
    static const double ratios[] = { 0.5, -1e-300 };
    static const bool flags[] = { true, false, true };
    static const double weight = 2.5;
    static const bool active = false;
    const fx_every_type_row_t rows[] = {
        { .name = "one", .size = 1, .weight = &weight, .active = &active },
        { .name = "two", .size = 2 },
        { .name = NULL, .size = 3, .active = ERRATA_BOOL(true) },
    };
    errata_problem_t p;
    errata_throw(&p, &fx_every_type, __FILE__, __LINE__, NULL, "/x/1",
                 &(const fx_every_type_t){
                     .text = "text", .count = 7, .ratio = 0.25, .flag = true,
                     .texts = { texts, 3 }, .counts = { counts, 3 }, .ratios = { ratios, 2 },
                     .flags = { flags, 3 }, .rows = { rows, 3 },
                     .opt_count = ERRATA_INT(0), .opt_ratio = ERRATA_NUMBER(0.0),
                     .opt_flag = ERRATA_BOOL(false), .opt_text = "opt" });
    json_t *o = rt_parse(&p);
    rt_expect_keys(o, "type", "title", "status", "code", "detail", "instance", "text", "count",
                   "ratio", "flag", "texts", "counts", "ratios", "flags", "rows", "opt_count",
                   "opt_ratio", "opt_flag", "opt_text", NULL);
    rt_expect_head(o, &fx_every_type);
    rt_expect_string(o, "detail", "text=text count=7 ratio=0.25 flag=true");
    rt_expect_string(o, "instance", "/x/1");
    rt_expect_string(o, "text", "text");
    rt_expect_int(o, "count", 7);
    rt_expect_real(o, "ratio", 0.25);
    rt_expect_bool(o, "flag", 1);
    json_t *a = json_object_get(o, "texts");
    assert_int_equal(json_array_size(a), 3);
    for (size_t i = 0; i < 3; i++)
        assert_string_equal(json_string_value(json_array_get(a, i)), texts[i]);
    a = json_object_get(o, "counts");
    assert_int_equal(json_array_size(a), 3);
    for (size_t i = 0; i < 3; i++)
        assert_true(json_integer_value(json_array_get(a, i)) == counts[i]);
    a = json_object_get(o, "ratios");
    for (size_t i = 0; i < 2; i++)
        assert_true(json_number_value(json_array_get(a, i)) == ratios[i]);
    a = json_object_get(o, "flags");
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(json_is_true(json_array_get(a, i)), flags[i]);
    a = json_object_get(o, "rows");
    assert_int_equal(json_array_size(a), 3);
    rt_expect_keys(json_array_get(a, 0), "name", "size", "weight", "active", NULL);
    rt_expect_string(json_array_get(a, 0), "name", "one");
    rt_expect_real(json_array_get(a, 0), "weight", 2.5);
    rt_expect_bool(json_array_get(a, 0), "active", 0);
    rt_expect_keys(json_array_get(a, 1), "name", "size", NULL);
    rt_expect_int(json_array_get(a, 1), "size", 2);
    rt_expect_keys(json_array_get(a, 2), "size", "active", NULL);
    rt_expect_int(o, "opt_count", 0);
    rt_expect_real(o, "opt_ratio", 0.0);
    rt_expect_bool(o, "opt_flag", 0);
    rt_expect_string(o, "opt_text", "opt");
    json_decref(o);
    assert_int_equal(p.flags, 0);
}

/* Arrays of no item, one, many; absent (items NULL) is left out, present
 * and empty (count 0) is []. */
static void test_array_sizes(void **state)
{
    (void)state;
    static const int64_t many[50] = { 1, 2, 3, [49] = 50 };
    static const char *const one[] = { "only" };
    static const char *const with_null[] = { "a", NULL, "c" };
    static const double none[1] = { 0 };
    errata_problem_t p;
    errata_throw(&p, &fx_every_type, __FILE__, __LINE__, NULL, NULL,
                 &(const fx_every_type_t){ .text = "t", .texts = { one, 1 },
                                           .counts = { many, 50 }, .flags = { NULL, 5 },
                                           .ratios = { none, 0 } });
    json_t *o = rt_parse(&p);
    rt_expect_keys(o, "type", "title", "status", "code", "detail", "text", "count", "ratio", "flag",
                   "texts", "counts", "ratios", NULL);
    assert_int_equal(json_array_size(json_object_get(o, "texts")), 1);
    assert_string_equal(json_string_value(json_array_get(json_object_get(o, "texts"), 0)), "only");
    json_t *a = json_object_get(o, "counts");
    assert_int_equal(json_array_size(a), 50);
    for (size_t i = 0; i < 50; i++)
        assert_true(json_integer_value(json_array_get(a, i)) == many[i]);
    assert_int_equal(json_array_size(json_object_get(o, "ratios")), 0);
    json_decref(o);
    /* A NULL string item has no JSON form of its type: left out. */
    errata_throw(&p, &fx_every_type, __FILE__, __LINE__, NULL, NULL,
                 &(const fx_every_type_t){ .text = "t", .texts = { with_null, 3 } });
    o = rt_parse(&p);
    a = json_object_get(o, "texts");
    assert_int_equal(json_array_size(a), 2);
    assert_string_equal(json_string_value(json_array_get(a, 1)), "c");
    json_decref(o);
}

static void test_object_array(void **state)
{
    (void)state;
    const fx_validation_failed_error_t errors[] = {
        { "/name", "must not be empty" },
        { "/age", NULL },
        { NULL, "whole body" },
    };
    errata_problem_t p;
    errata_throw(&p, &fx_validation_failed, __FILE__, __LINE__, NULL, NULL,
                 &(const fx_validation_failed_t){ .errors = { errors, 3 } });
    char *body = rt_body(&p);
    assert_non_null(strstr(body, ",\"errors\":[{\"pointer\":\"/name\",\"detail\":\"must not be "
                                 "empty\"},{\"pointer\":\"/age\"},{\"detail\":\"whole body\"}]}"));
    free(body);
    json_t *o = rt_parse(&p);
    json_t *a = json_object_get(o, "errors");
    assert_int_equal(json_array_size(a), 3);
    rt_expect_string(json_array_get(a, 0), "pointer", "/name");
    rt_expect_string(json_array_get(a, 0), "detail", "must not be empty");
    rt_expect_keys(json_array_get(a, 1), "pointer", NULL);
    rt_expect_keys(json_array_get(a, 2), "detail", NULL);
    json_decref(o);
}

/* ---- the arena's limit -------------------------------------------------------------- */

static char *repeat(const char *unit, size_t prefix, size_t total)
{
    char *s = malloc(total + 1);
    assert_non_null(s);
    memset(s, 'a', prefix);
    size_t n = strlen(unit);
    for (size_t i = prefix; i < total; i++)
        s[i] = unit[(i - prefix) % n];
    s[total] = '\0';
    return s;
}

static void test_string_at_arena_limit(void **state)
{
    (void)state;
    errata_problem_t p;
    char *s = repeat("a", 0, ERRATA_PROBLEM_ARENA_SIZE - 1);
    throw_echo(&p, s);
    assert_int_equal(p.flags, 0);
    json_t *o = rt_parse(&p);
    rt_expect_string(o, "text", s);
    json_decref(o);
    free(s);
    s = repeat("a", 0, ERRATA_PROBLEM_ARENA_SIZE);
    throw_echo(&p, s);
    assert_true(p.flags & ERRATA_PROBLEM_TRUNCATED);
    s[ERRATA_PROBLEM_ARENA_SIZE - 1] = '\0';
    o = rt_parse(&p);
    rt_expect_string(o, "text", s);
    json_decref(o);
    free(s);
}

/* Cut strings end on a character boundary, wherever the limit falls in a
 * 2-, 3- or 4-byte sequence, and keep as much as fits. */
static void test_cut_never_splits(void **state)
{
    (void)state;
    static const char *const units[] = { "\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80" };
    for (size_t u = 0; u < RT_COUNT(units); u++) {
        size_t unit = strlen(units[u]);
        for (size_t prefix = 0; prefix < unit; prefix++) {
            char *s = repeat(units[u], prefix, 2 * ERRATA_PROBLEM_ARENA_SIZE);
            errata_problem_t p;
            throw_echo(&p, s);
            assert_true(p.flags & ERRATA_PROBLEM_TRUNCATED);
            const char *kept = p.members[0].u.string;
            size_t n = strlen(kept);
            assert_true(rt_utf8_valid(kept, n));
            assert_memory_equal(kept, s, n);
            assert_true(n <= ERRATA_PROBLEM_ARENA_SIZE - 1);
            assert_true(n + unit > ERRATA_PROBLEM_ARENA_SIZE - 1); /* nothing more fitted */
            json_t *o = rt_parse(&p);
            assert_int_equal(json_string_length(json_object_get(o, "text")), n);
            json_decref(o);
            free(s);
        }
    }
}

/* Members come first; a detail that no longer fits is cut, an instance
 * that gets no room at all is left out. */
static void test_detail_and_instance_past_limit(void **state)
{
    (void)state;
    char *big = repeat("b", 0, 3000);
    errata_problem_t p;
    errata_throw(&p, &fx_pet_not_found, __FILE__, __LINE__, NULL, NULL,
                 &(const fx_pet_not_found_t){ .pet_id = big });
    assert_true(p.flags & ERRATA_PROBLEM_TRUNCATED);
    assert_string_equal(p.members[0].u.string, big);
    assert_non_null(p.detail);
    assert_int_equal(strlen(p.detail), ERRATA_PROBLEM_ARENA_SIZE - 3001 - 1);
    assert_memory_equal(p.detail, "Pet bbb", 7);
    json_t *o = rt_parse(&p);
    rt_expect_string(o, "pet_id", big);
    json_decref(o);
    /* The explicit detail and the instance compete for what is left. */
    char *huge = repeat("\xE2\x82\xAC", 1, 5000);
    errata_throw(&p, &fx_echo, __FILE__, __LINE__, huge, huge, &(const fx_echo_t){ .text = big });
    assert_true(p.flags & ERRATA_PROBLEM_TRUNCATED);
    assert_string_equal(p.members[0].u.string, big);
    assert_non_null(p.instance);
    assert_null(p.detail);
    assert_true(rt_utf8_valid(p.instance, strlen(p.instance)));
    o = rt_parse(&p);
    rt_expect_absent(o, "detail");
    json_decref(o);
    free(big);
    free(huge);
}

/* Arrays keep the leading items that fit whole; the body stays valid. */
static void test_arrays_past_limit(void **state)
{
    (void)state;
    enum { N = 1000 };
    static char names[N][16];
    static const char *texts[N];
    static fx_validation_failed_error_t errors[N];
    for (size_t i = 0; i < N; i++) {
        snprintf(names[i], sizeof names[i], "item-%04u", (unsigned)i);
        texts[i] = names[i];
        errors[i].pointer = names[i];
        errors[i].detail = "bad";
    }
    errata_problem_t p;
    errata_throw(&p, &fx_every_type, __FILE__, __LINE__, NULL, NULL,
                 &(const fx_every_type_t){ .text = "t", .texts = { texts, N } });
    assert_true(p.flags & ERRATA_PROBLEM_TRUNCATED);
    size_t kept = p.members[4].u.array.count;
    assert_true(kept > 10 && kept < N);
    json_t *o = rt_parse(&p);
    json_t *a = json_object_get(o, "texts");
    assert_int_equal(json_array_size(a), kept);
    for (size_t i = 0; i < kept; i++)
        assert_string_equal(json_string_value(json_array_get(a, i)), names[i]);
    json_decref(o);

    errata_throw(&p, &fx_validation_failed, __FILE__, __LINE__, NULL, NULL,
                 &(const fx_validation_failed_t){ .errors = { errors, N } });
    assert_true(p.flags & ERRATA_PROBLEM_TRUNCATED);
    kept = p.members[0].u.array.count;
    assert_true(kept > 10 && kept < N);
    assert_true(p.arena_used <= ERRATA_PROBLEM_ARENA_SIZE);
    o = rt_parse(&p);
    a = json_object_get(o, "errors");
    assert_int_equal(json_array_size(a), kept);
    for (size_t i = 0; i < kept; i++) {
        rt_expect_string(json_array_get(a, i), "pointer", names[i]);
        rt_expect_string(json_array_get(a, i), "detail", "bad");
    }
    json_decref(o);
}

/* ---- snprintf semantics -------------------------------------------------------------- */

static void test_sizing_and_every_cap(void **state)
{
    (void)state;
    static const char *const texts[] = { "\xF0\x9F\x98\x80", "\x01\"" };
    errata_problem_t p;
    errata_throw(&p, &fx_every_type, __FILE__, __LINE__, NULL, "/i",
                 &(const fx_every_type_t){ .text = "caf\xC3\xA9\n\xFF", .ratio = 0.1,
                                           .texts = { texts, 2 } });
    size_t len = errata_problem_json(&p, NULL, 0);
    char *full = rt_body(&p);
    assert_int_equal(strlen(full), len);
    char *buf = malloc(len + 8);
    assert_non_null(buf);
    for (size_t cap = 0; cap <= len + 1; cap++) {
        memset(buf, 0x55, len + 8);
        assert_int_equal(errata_problem_json(&p, buf, cap), len);
        if (cap > 0) {
            assert_memory_equal(buf, full, cap - 1);
            assert_int_equal(buf[cap - 1], '\0');
        }
        for (size_t i = cap; i < len + 8; i++)
            assert_int_equal((unsigned char)buf[i], 0x55); /* nothing past cap */
    }
    free(buf);
    free(full);
}

/* ---- 5xx redaction ---------------------------------------------------------------- */

static void test_redacted_5xx(void **state)
{
    (void)state;
    errata_problem_t p;
    errata_throw(&p, &fx_internal, "db.c", 12, NULL, NULL,
                 &(const fx_internal_t){ .component = "postgres at 10.0.0.7" });
    errata_problem_set_trace_id(&p, TRACE);
    json_t *o = rt_parse(&p);
    rt_expect_keys(o, "type", "title", "status", "code", "detail", "trace_id", "component", NULL);
    rt_expect_head(o, &fx_internal);
    rt_expect_string(o, "detail", GENERIC);
    rt_expect_string(o, "trace_id", TRACE);
    json_decref(o);
    /* The real detail reaches only the observer. */
    rt_events_t events = { 0 };
    errata_problem_observe(&p, rt_observer, &events);
    assert_int_equal(events.count, 1);
    assert_int_equal(events.events[0].kind, ERRATA_EVENT_SENT);
    assert_string_equal(events.events[0].detail, "postgres at 10.0.0.7 failed");
    assert_string_equal(events.events[0].trace_id, TRACE);
    assert_string_equal(events.events[0].file, "db.c");
    assert_int_equal(events.events[0].line, 12);
    /* An explicit detail is hidden just the same; no trace id, no member. */
    errata_throw(&p, &fx_internal, __FILE__, __LINE__, "secret: password=hunter2", NULL, NULL);
    o = rt_parse(&p);
    rt_expect_keys(o, "type", "title", "status", "code", "detail", NULL);
    rt_expect_string(o, "detail", GENERIC_PLAIN);
    json_decref(o);
}

/* The trace id goes under the catalog's trace member (the descriptor's
 * trace_key), and only then does the generic detail ask to quote it. */
static void test_redacted_trace_member_named(void **state)
{
    (void)state;
    errata_problem_t p;
    errata_throw(&p, &fx_upstream, __FILE__, __LINE__, "upstream 10.0.0.9 refused", NULL,
                 &(const fx_upstream_t){ .upstream = "billing" });
    errata_problem_set_trace_id(&p, TRACE);
    json_t *o = rt_parse(&p);
    rt_expect_keys(o, "type", "title", "status", "code", "detail", "request_ref", "upstream",
                   NULL);
    rt_expect_string(o, "detail", GENERIC);
    rt_expect_string(o, "request_ref", TRACE);
    json_decref(o);
    errata_problem_set_trace_id(&p, "");
    o = rt_parse(&p);
    rt_expect_keys(o, "type", "title", "status", "code", "detail", "upstream", NULL);
    rt_expect_string(o, "detail", GENERIC_PLAIN);
    json_decref(o);
    /* A trace id of nothing printable is no trace id. */
    memcpy(p.trace_id, "\x01" "abc", 5);
    o = rt_parse(&p);
    rt_expect_keys(o, "type", "title", "status", "code", "detail", "upstream", NULL);
    rt_expect_string(o, "detail", GENERIC_PLAIN);
    json_decref(o);
}

static void test_exposed_5xx(void **state)
{
    (void)state;
    errata_problem_t p;
    errata_throw(&p, &fx_unavailable, __FILE__, __LINE__, "Down for maintenance", NULL,
                 &(const fx_unavailable_t){ .retry_after = 120 });
    errata_problem_set_trace_id(&p, TRACE);
    json_t *o = rt_parse(&p);
    rt_expect_keys(o, "type", "title", "status", "code", "detail", "retry_after", NULL);
    rt_expect_string(o, "detail", "Down for maintenance");
    json_decref(o);
}

/* A trace id holding a quote or a backslash is escaped like any string. */
static void test_trace_id_escaped(void **state)
{
    (void)state;
    errata_problem_t p;
    errata_throw(&p, &fx_internal, __FILE__, __LINE__, NULL, NULL, NULL);
    errata_problem_set_trace_id(&p, "a\"b\\c</");
    json_t *o = rt_parse(&p);
    rt_expect_string(o, "trace_id", "a\"b\\c</");
    json_decref(o);
    /* Written to directly and left without a NUL: what a decoder holds is
     * sent, ERRATA_TRACE_ID_SIZE - 1 characters. */
    memset(p.trace_id, 'f', sizeof p.trace_id);
    o = rt_parse(&p);
    assert_int_equal(json_string_length(json_object_get(o, "trace_id")), ERRATA_TRACE_ID_SIZE - 1);
    json_decref(o);
    /* ... and up to the first byte that is not printable ASCII. */
    memcpy(p.trace_id, "abc\x7f" "def", 8);
    o = rt_parse(&p);
    rt_expect_string(o, "trace_id", "abc");
    json_decref(o);
}

/* ---- nothing thrown ------------------------------------------------------------------ */

#define NOT_THROWN "{\"type\":\"about:blank\",\"title\":\"Internal Server Error\",\"status\":500"

/* A problem with no descriptor is a programming error (serialising before
 * any throw); it is still answered as a valid, generic 500. */
static void test_not_thrown(void **state)
{
    (void)state;
    errata_problem_t p;
    errata_problem_init(&p);
    char *body = rt_body(&p);
    assert_string_equal(body, NOT_THROWN ",\"detail\":\"" GENERIC_PLAIN "\"}");
    free(body);
    errata_problem_set_trace_id(&p, TRACE);
    body = rt_body(&p);
    assert_string_equal(body, NOT_THROWN ",\"detail\":\"" GENERIC "\",\"trace_id\":\"" TRACE "\"}");
    free(body);
    body = rt_body(NULL);
    assert_string_equal(body, NOT_THROWN ",\"detail\":\"" GENERIC_PLAIN "\"}");
    free(body);
    /* Throwing a NULL descriptor records where, and sends the same. */
    assert_int_equal(errata_throw(&p, NULL, "x.c", 3, "d", "/i", NULL), ERRATA_FAILED);
    assert_string_equal(p.file, "x.c");
    body = rt_body(&p);
    assert_string_equal(body, NOT_THROWN ",\"detail\":\"" GENERIC_PLAIN "\"}");
    free(body);
    assert_int_equal(errata_throw(NULL, &fx_bad_request, __FILE__, __LINE__, NULL, NULL, NULL),
                     ERRATA_FAILED);
}

/* A hand-made descriptor without the generator's literals still gives a
 * correct body. */
static void test_descriptor_without_literals(void **state)
{
    (void)state;
    errata_member_desc_t members[1] = { fx_echo.members[0] };
    members[0].json_key = NULL;
    members[0].name = "te\"xt";
    errata_descriptor_t desc = fx_echo;
    desc.body_prefix = NULL;
    desc.body_prefix_len = 0;
    desc.title = "Ti\"tle";
    desc.members = members;
    errata_problem_t p;
    errata_throw(&p, &desc, __FILE__, __LINE__, NULL, NULL, &(const fx_echo_t){ .text = "v" });
    json_t *o = rt_parse(&p);
    rt_expect_keys(o, "type", "title", "status", "code", "te\"xt", NULL);
    rt_expect_head(o, &desc);
    rt_expect_string(o, "te\"xt", "v");
    json_decref(o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_members),
        cmocka_unit_test(test_detail_template),
        cmocka_unit_test(test_detail_template_every_kind),
        cmocka_unit_test(test_detail_template_absent_member),
        cmocka_unit_test(test_detail_template_bad_index),
        cmocka_unit_test(test_explicit_detail_and_instance),
        cmocka_unit_test(test_control_bytes),
        cmocka_unit_test(test_quotes_backslash_slash_del),
        cmocka_unit_test(test_valid_utf8_kept),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_numbers_shortest_round_trip),
        cmocka_unit_test(test_integers),
        cmocka_unit_test(test_non_finite_omitted),
        cmocka_unit_test(test_every_type),
        cmocka_unit_test(test_array_sizes),
        cmocka_unit_test(test_object_array),
        cmocka_unit_test(test_string_at_arena_limit),
        cmocka_unit_test(test_cut_never_splits),
        cmocka_unit_test(test_detail_and_instance_past_limit),
        cmocka_unit_test(test_arrays_past_limit),
        cmocka_unit_test(test_sizing_and_every_cap),
        cmocka_unit_test(test_redacted_5xx),
        cmocka_unit_test(test_redacted_trace_member_named),
        cmocka_unit_test(test_exposed_5xx),
        cmocka_unit_test(test_trace_id_escaped),
        cmocka_unit_test(test_not_thrown),
        cmocka_unit_test(test_descriptor_without_literals),
    };
    return cmocka_run_group_tests_name("writer", tests, NULL, NULL);
}
