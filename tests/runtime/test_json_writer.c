/* The public JSON writer: structure, escaping, numbers, snprintf semantics,
 * and misuse refused. Every complete output is checked with jansson. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "errata/json_writer.h"
#include "rt.h"

/* Writes with fill() into a buffer of cap, expecting result want; returns
 * the text (static, valid until the next call). */
static const char *written(void (*fill)(errata_json_writer_t *), size_t cap,
                           errata_jw_result_t want, size_t *len)
{
    static char buf[4096];
    errata_json_writer_t w;
    assert_true(cap <= sizeof buf);
    memset(buf, 'X', sizeof buf);
    errata_jw_init(&w, buf, cap);
    fill(&w);
    assert_int_equal(errata_jw_finish(&w, len), want);
    return buf;
}

static void fill_pet(errata_json_writer_t *w)
{
    errata_jw_begin_object(w);
    errata_jw_key(w, "id");
    errata_jw_string(w, "42");
    errata_jw_key(w, "name");
    errata_jw_string(w, "Rex \"the\" dog\n");
    errata_jw_key(w, "age");
    errata_jw_int(w, -3);
    errata_jw_key(w, "weight");
    errata_jw_number(w, 12.5);
    errata_jw_key(w, "tags");
    errata_jw_begin_array(w);
    errata_jw_bool(w, true);
    errata_jw_null(w);
    errata_jw_begin_object(w);
    errata_jw_end_object(w);
    errata_jw_begin_array(w);
    errata_jw_end_array(w);
    errata_jw_end_array(w);
    errata_jw_end_object(w);
}

static const char pet_json[] = "{\"id\":\"42\",\"name\":\"Rex \\\"the\\\" dog\\n\",\"age\":-3,"
                               "\"weight\":12.5,\"tags\":[true,null,{},[]]}";

static void test_structure(void **state)
{
    (void)state;
    size_t len;
    const char *out = written(fill_pet, 4096, ERRATA_JW_OK, &len);
    assert_string_equal(out, pet_json);
    assert_int_equal(len, strlen(pet_json));
    json_error_t e;
    json_t *j = json_loads(out, 0, &e);
    assert_non_null(j);
    assert_string_equal(json_string_value(json_object_get(j, "name")), "Rex \"the\" dog\n");
    json_decref(j);
}

static void test_every_cap_is_a_prefix(void **state)
{
    (void)state;
    size_t full = strlen(pet_json);
    for (size_t cap = 1; cap <= full; cap++) {
        size_t len;
        const char *out = written(fill_pet, cap, ERRATA_JW_TRUNCATED, &len);
        assert_int_equal(len, full);
        assert_int_equal(strlen(out), cap - 1);
        assert_memory_equal(out, pet_json, cap - 1);
        assert_int_equal(out[cap], 'X'); /* nothing past cap */
    }
    size_t len;
    written(fill_pet, full + 1, ERRATA_JW_OK, &len);
    errata_json_writer_t w;
    errata_jw_init(&w, NULL, 0); /* sizing */
    fill_pet(&w);
    assert_int_equal(errata_jw_finish(&w, &len), ERRATA_JW_TRUNCATED);
    assert_int_equal(len, full);
}

static void fill_hostile(errata_json_writer_t *w)
{
    static const char bytes[] = "a\0b\x01\x1f\x7f\xc3\xa9\xff\xe2\x82</script>\\";
    errata_jw_begin_array(w);
    errata_jw_stringn(w, bytes, sizeof bytes - 1);
    errata_jw_string(w, NULL);
    errata_jw_number(w, NAN);
    errata_jw_number(w, INFINITY);
    errata_jw_number(w, 1e300);
    errata_jw_int(w, INT64_MIN);
    errata_jw_end_array(w);
}

static void test_escaping_and_numbers(void **state)
{
    (void)state;
    size_t len;
    const char *out = written(fill_hostile, 4096, ERRATA_JW_OK, &len);
    assert_string_equal(out, "[\"a\\u0000b\\u0001\\u001f\x7f\xc3\xa9\xef\xbf\xbd\xef\xbf\xbd"
                             "</script>\\\\\",null,null,null,1e+300,-9223372036854775808]");
    assert_true(rt_utf8_valid(out, len));
    json_error_t e;
    json_t *j = json_loadb(out, len, JSON_ALLOW_NUL, &e);
    assert_non_null(j);
    json_decref(j);
}

static void fill_raw(errata_json_writer_t *w)
{
    static const char problem[] = "{\"type\":\"about:blank\",\"status\":404}";
    errata_jw_begin_object(w);
    errata_jw_key(w, "problem");
    errata_jw_raw(w, problem, sizeof problem - 1);
    errata_jw_end_object(w);
}

static void test_raw(void **state)
{
    (void)state;
    size_t len;
    assert_string_equal(written(fill_raw, 4096, ERRATA_JW_OK, &len),
                        "{\"problem\":{\"type\":\"about:blank\",\"status\":404}}");
}

/* ---- misuse ---------------------------------------------------------- */

static void misuse_value_without_key(errata_json_writer_t *w)
{
    errata_jw_begin_object(w);
    errata_jw_int(w, 1);
    errata_jw_end_object(w);
}

static void misuse_key_in_array(errata_json_writer_t *w)
{
    errata_jw_begin_array(w);
    errata_jw_key(w, "a");
    errata_jw_end_array(w);
}

static void misuse_wrong_end(errata_json_writer_t *w)
{
    errata_jw_begin_array(w);
    errata_jw_end_object(w);
}

static void misuse_unclosed(errata_json_writer_t *w)
{
    errata_jw_begin_object(w);
}

static void misuse_key_without_value(errata_json_writer_t *w)
{
    errata_jw_begin_object(w);
    errata_jw_key(w, "a");
    errata_jw_end_object(w);
}

static void misuse_two_values(errata_json_writer_t *w)
{
    errata_jw_int(w, 1);
    errata_jw_int(w, 2);
}

static void misuse_bad_raw(errata_json_writer_t *w)
{
    errata_jw_begin_array(w);
    errata_jw_raw(w, "{\"a\":1}, 2", 10);
    errata_jw_end_array(w);
}

static void misuse_nothing(errata_json_writer_t *w)
{
    (void)w;
}

static void misuse_too_deep(errata_json_writer_t *w)
{
    for (int i = 0; i <= ERRATA_JSON_MAX_DEPTH; i++)
        errata_jw_begin_array(w);
    for (int i = 0; i <= ERRATA_JSON_MAX_DEPTH; i++)
        errata_jw_end_array(w);
}

/* A raw value nested past the limit once inside the writer's arrays: the
 * output would be JSON that errata's own parser refuses. */
static void misuse_raw_too_deep(errata_json_writer_t *w)
{
    for (int i = 0; i < ERRATA_JSON_MAX_DEPTH - 1; i++)
        errata_jw_begin_array(w);
    errata_jw_raw(w, "[[]]", 4);
    for (int i = 0; i < ERRATA_JSON_MAX_DEPTH - 1; i++)
        errata_jw_end_array(w);
}

static void test_misuse(void **state)
{
    (void)state;
    void (*cases[])(errata_json_writer_t *) = {
        misuse_value_without_key, misuse_key_in_array, misuse_wrong_end,
        misuse_unclosed,          misuse_key_without_value, misuse_two_values,
        misuse_bad_raw,           misuse_nothing,           misuse_too_deep,
        misuse_raw_too_deep,
    };
    for (size_t i = 0; i < RT_COUNT(cases); i++) {
        size_t len;
        written(cases[i], 4096, ERRATA_JW_MISUSED, &len);
    }
}

static void fill_deepest(errata_json_writer_t *w)
{
    for (int i = 0; i < ERRATA_JSON_MAX_DEPTH; i++)
        errata_jw_begin_array(w);
    for (int i = 0; i < ERRATA_JSON_MAX_DEPTH; i++)
        errata_jw_end_array(w);
}

/* The same depth with the innermost levels written raw. */
static void fill_deepest_raw(errata_json_writer_t *w)
{
    for (int i = 0; i < ERRATA_JSON_MAX_DEPTH - 2; i++)
        errata_jw_begin_array(w);
    errata_jw_raw(w, "[[]]", 4);
    for (int i = 0; i < ERRATA_JSON_MAX_DEPTH - 2; i++)
        errata_jw_end_array(w);
}

static void test_deepest_allowed(void **state)
{
    (void)state;
    size_t len;
    const char *out = written(fill_deepest, 4096, ERRATA_JW_OK, &len);
    assert_int_equal(len, 2 * ERRATA_JSON_MAX_DEPTH);
    assert_true(errata_json_validate(out, len, NULL, NULL, NULL));
    out = written(fill_deepest_raw, 4096, ERRATA_JW_OK, &len);
    assert_int_equal(len, 2 * ERRATA_JSON_MAX_DEPTH);
    assert_true(errata_json_validate(out, len, NULL, NULL, NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_structure),
        cmocka_unit_test(test_every_cap_is_a_prefix),
        cmocka_unit_test(test_escaping_and_numbers),
        cmocka_unit_test(test_raw),
        cmocka_unit_test(test_misuse),
        cmocka_unit_test(test_deepest_allowed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
