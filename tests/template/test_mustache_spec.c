/* Runs the Mustache spec's own tests (../shared/conformance/mustache-spec)
 * through the engine and compares every output byte for byte, the way cmark
 * runs its spec. The folder comes from MUSTACHE_SPEC_DIR or argv[1]; a
 * missing folder or file fails, never skips. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "model/value.h"
#include "support/arena.h"
#include "support/diag.h"
#include "support/strbuf.h"
#include "template/mustache.h"

/* Every module but ~lambdas, and how many tests the spec has in each. */
static const struct {
    const char *file;
    int tests;
} spec_files[] = {
    { "comments.json", 12 },     { "delimiters.json", 14 },     { "interpolation.json", 42 },
    { "inverted.json", 22 },     { "partials.json", 12 },       { "sections.json", 34 },
    { "~inheritance.json", 27 }, { "~dynamic-names.json", 21 },
};
enum { SPEC_TOTAL = 184 };

static const char *spec_dir;
static int total_passed, total_failed;

static struct value *from_json(struct arena *a, json_t *j)
{
    struct value *v;
    const char *key;
    json_t *item;
    size_t i;
    switch (json_typeof(j)) {
    case JSON_OBJECT:
        v = value_map(a);
        json_object_foreach (j, key, item)
            value_map_putn(a, v, key, strlen(key), from_json(a, item));
        return v;
    case JSON_ARRAY:
        v = value_list(a);
        json_array_foreach (j, i, item)
            value_list_push(a, v, from_json(a, item));
        return v;
    case JSON_STRING:
        return value_stringn(a, json_string_value(j), json_string_length(j));
    case JSON_INTEGER:
        return value_int(a, json_integer_value(j));
    case JSON_REAL:
        return value_number(a, json_real_value(j));
    case JSON_TRUE:
    case JSON_FALSE:
        return value_bool(a, json_is_true(j));
    default:
        return value_null(a);
    }
}

/* The loader: a test's `partials` object. */
static bool load_partial(void *ctx, const char *name, size_t len, struct source *out)
{
    json_t *text = json_object_getn(ctx, name, len);
    if (!json_is_string(text))
        return false;
    source_from_memory(out, json_string_value(text), json_string_value(text),
                       json_string_length(text));
    out->name = "partial";
    return true;
}

static void print_escaped(const char *label, const char *s, size_t len)
{
    fprintf(stderr, "    %s: \"", label);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\n')
            fputs("\\n", stderr);
        else if (c == '\r')
            fputs("\\r", stderr);
        else if (c == '\t')
            fputs("\\t", stderr);
        else if (c < 0x20)
            fprintf(stderr, "\\x%02x", c);
        else
            fputc(c, stderr);
    }
    fputs("\"\n", stderr);
}

/* Renders one spec test; true when the output is exactly the expected. */
static bool run_one(const char *file, json_t *test)
{
    const char *name = json_string_value(json_object_get(test, "name"));
    json_t *tmpl = json_object_get(test, "template");
    json_t *expected = json_object_get(test, "expected");
    struct arena a;
    arena_init(&a);
    struct diag d;
    diag_init(&d, stderr, false);
    struct mustache_loader loader = { load_partial, json_object_get(test, "partials") };
    struct mustache_engine *e = mustache_engine_new(&a, &d, &loader);
    struct source src;
    source_from_memory(&src, "template", json_string_value(tmpl), json_string_length(tmpl));
    struct mustache_template *t = mustache_parse(e, &src);
    struct strbuf out = STRBUF_INIT;
    bool rendered =
        t != NULL && mustache_render(e, t, from_json(&a, json_object_get(test, "data")), &out);
    bool same = rendered && out.len == json_string_length(expected) &&
                memcmp(strbuf_str(&out), json_string_value(expected), out.len) == 0;
    if (!same) {
        fprintf(stderr, "FAIL %s: %s\n", file, name ? name : "?");
        print_escaped("template", json_string_value(tmpl), json_string_length(tmpl));
        print_escaped("expected", json_string_value(expected), json_string_length(expected));
        if (rendered)
            print_escaped("got     ", out.data ? out.data : "", out.len);
        else
            fputs("    got: an error\n", stderr);
    }
    strbuf_release(&out);
    arena_finish(&a);
    return same;
}

static void run_file(void **state)
{
    size_t k = (size_t)(uintptr_t)*state;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", spec_dir, spec_files[k].file);
    json_error_t err;
    json_t *root = json_load_file(path, 0, &err);
    if (root == NULL) {
        fprintf(stderr, "FAIL %s: cannot read the spec: %s\n", path, err.text);
        total_failed += spec_files[k].tests;
        fail();
    }
    json_t *tests = json_object_get(root, "tests");
    int passed = 0, failed = 0;
    size_t i;
    json_t *test;
    json_array_foreach (tests, i, test) {
        if (run_one(spec_files[k].file, test))
            passed++;
        else
            failed++;
    }
    json_decref(root);
    total_passed += passed;
    total_failed += failed;
    fprintf(stderr, "%s: %d passed, %d failed\n", spec_files[k].file, passed, failed);
    assert_int_equal(failed, 0);
    assert_int_equal(passed, spec_files[k].tests);
}

static void check_total(void **state)
{
    (void)state;
    fprintf(stderr, "%d passed, %d failed (of %d)\n", total_passed, total_failed, SPEC_TOTAL);
    assert_int_equal(total_failed, 0);
    assert_int_equal(total_passed, SPEC_TOTAL);
}

int main(int argc, char **argv)
{
    spec_dir = argc > 1 ? argv[1] : getenv("MUSTACHE_SPEC_DIR");
    if (spec_dir == NULL) {
        fprintf(stderr, "usage: %s SPEC_DIR (or set MUSTACHE_SPEC_DIR)\n", argv[0]);
        return 1;
    }
    enum { N = sizeof spec_files / sizeof spec_files[0] };
    struct CMUnitTest tests[N + 1];
    for (size_t k = 0; k < N; k++) {
        tests[k] =
            (struct CMUnitTest){ spec_files[k].file, run_file, NULL, NULL, (void *)(uintptr_t)k };
    }
    tests[N] = (struct CMUnitTest){ "total", check_total, NULL, NULL, NULL };
    return _cmocka_run_group_tests("mustache-spec", tests, N + 1, NULL, NULL);
}
