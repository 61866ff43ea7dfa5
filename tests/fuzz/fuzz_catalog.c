/* Fuzz target for the catalog loader and checker (generator/catalog), and
 * for what `errata model`, `errata generate` and `errata docs` do with a
 * catalog that passes.
 *
 * Input: any bytes, as the text of a catalog file. It is loaded from
 * memory as FIXTURES/fuzz.yaml, so includes resolve beside it, in a
 * folder made once per process with a few catalogs to include (a valid
 * one, one that includes it (a diamond), one that includes itself (a
 * cycle), broken YAML and a catalog with an error); http.yaml comes from
 * the catalogs built into errata; nothing installed is searched. Included
 * files are capped at 1 MiB (an absolute include may name any file).
 *
 * What must hold whatever the bytes are:
 *  - no crash, leak, hang or unbounded memory (the loader's limits);
 *  - the result says "invalid" exactly when errors were counted, and every
 *    counted error and warning was printed (FILE:LINE:COL: error: ...);
 *  - --werror fails exactly the catalogs that fail or warn without it;
 *  - a catalog that passes (with at most DEEP_CHECK_ENTRIES errors) gives
 *    template data that `errata model` prints as JSON that errata's strict
 *    parser and jansson both read, the same value indented and compact,
 *    byte for byte the same when built twice, and every built-in C and
 *    docs template renders over it without an error or a NUL byte.
 * Anything else aborts. */
#include <errata/json.h>
#include <jansson.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog/catalog.h"
#include "fuzz_util.h"
#include "model/json_write.h"
#include "model/model.h"
#include "model/value.h"
#include "render/template_data.h"
#include "render/template_store.h"
#include "support/arena.h"
#include "support/diag.h"
#include "support/strbuf.h"
#include "template/mustache.h"

static fuzz_ctx_t g_ctx = { "fuzz_catalog", NULL, 0 };

#define FAIL(...) fuzz_fail(&g_ctx, __VA_ARGS__)

/* ---- the fixtures folder ---------------------------------------------------- */

static const char part_yaml[] = "errata: 1\nname: part\ntitle: Included errors\n"
                                "version: 1.0.0\nbase_uri: https://errors.part.example/\n"
                                "errors:\n  - code: PART_GONE\n    status: 410\n"
                                "    title: Part gone\n";

static const struct fixture {
    const char *name, *text;
} fixtures[] = {
    { "part.yaml", part_yaml },
    { "diamond.yaml", "errata: 1\nname: diamond\nbase_uri: https://d.example/\n"
                      "include: [part.yaml]\nerrors:\n  - code: SIDE\n    status: 409\n"
                      "    title: Side\n" },
    { "self.yaml", "errata: 1\nname: self\ninclude: self.yaml\nerrors: []\n" },
    { "broken.yaml", "errors: [\n  - {code: X\n" },
    { "bad.yaml", "errata: 1\nname: bad\nbase_uri: https://b.example/\nerrors:\n"
                  "  - {code: OK_NOT, status: 200, title: Fine}\n" },
};

static char fixture_dir[64];

static void remove_fixtures(void)
{
    char path[128];
    for (size_t i = 0; i < sizeof fixtures / sizeof fixtures[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", fixture_dir, fixtures[i].name);
        unlink(path);
    }
    rmdir(fixture_dir);
}

/* The folder, made at the first input (the standalone runner calls no
 * initialiser) and removed at exit. */
static const char *fixtures_folder(void)
{
    if (fixture_dir[0] != '\0')
        return fixture_dir;
    const char *tmp = getenv("TMPDIR");
    snprintf(fixture_dir, sizeof fixture_dir, "%s/errata-fuzz-XXXXXX",
             tmp && strlen(tmp) < 40 ? tmp : "/tmp");
    if (mkdtemp(fixture_dir) == NULL) {
        perror("fuzz_catalog: mkdtemp");
        abort();
    }
    for (size_t i = 0; i < sizeof fixtures / sizeof fixtures[0]; i++) {
        char path[128];
        snprintf(path, sizeof path, "%s/%s", fixture_dir, fixtures[i].name);
        FILE *f = fopen(path, "w");
        if (f == NULL || fputs(fixtures[i].text, f) < 0 || fclose(f) != 0)
            abort();
    }
    atexit(remove_fixtures);
    return fixture_dir;
}

/* ---- diagnostics ---------------------------------------------------------------- */

typedef struct outcome {
    enum catalog_result r;
    unsigned errors, warnings;
} outcome_t;

/* ---- what a passing catalog gives ------------------------------------------------ */

/* Catalogs that pass with more errors than this (the petstore with
 * http.yaml has 42) are only loaded: their model is a megabyte of JSON,
 * printing it twice, reading it and rendering every template takes the
 * best part of a second under the sanitizers and finds nothing a small
 * catalog would not. Throughput goes to the inputs that explore. */
#define DEEP_CHECK_ENTRIES 16

static char *print_json(const struct value *v, bool compact, size_t *len)
{
    struct strbuf sb = STRBUF_INIT;
    if (compact)
        json_write_compact(&sb, v);
    else
        json_write_value(&sb, v);
    *len = sb.len;
    return sb.data ? sb.data : calloc(1, 1);
}

static void validate_model(const char *text, size_t len)
{
    const char *error;
    size_t offset;
    bool object;
    if (!errata_json_validate(text, len, &error, &offset, &object) || !object)
        FAIL("errata model prints what errata's parser refuses (%s at %zu)",
             error ? error : "not an object", offset);
    if (!fuzz_utf8_valid(text, len))
        FAIL("errata model prints invalid UTF-8");
}

static json_t *read_model(const char *text, size_t len)
{
    json_error_t jerr;
    json_t *doc = json_loadb(text, len, JSON_ALLOW_NUL, &jerr);
    if (doc == NULL && json_error_code(&jerr) != json_error_null_byte_in_key)
        FAIL("jansson refuses errata model's output: %s", jerr.text);
    return doc;
}

static void check_model_json(struct arena *a, const struct model *m)
{
    size_t len, len2, clen;
    const struct value *v = template_data(a, m, TEMPLATE_FIELDS_ALL);
    char *text = print_json(v, false, &len);
    char *again = print_json(template_data(a, m, TEMPLATE_FIELDS_ALL), false, &len2);
    char *compact = print_json(v, true, &clen);
    validate_model(text, len);
    validate_model(compact, clen);
    if (len != len2 || memcmp(text, again, len) != 0)
        FAIL("errata model prints another text the second time");
    json_t *doc = read_model(text, len), *cdoc = read_model(compact, clen);
    if (doc != NULL && !json_equal(doc, cdoc))
        FAIL("the indented and the compact model differ");
    json_decref(doc);
    json_decref(cdoc);
    free(again);
    free(compact);
    free(text);
}

/* The built-in templates of the c and docs targets over the data, as
 * `errata generate --docs` renders them. */
static void check_templates(struct arena *a, struct diag *d, const struct model *m)
{
    static const char *const names[] = { "c/errors.h", "c/errors.c", "docs/errors.md",
                                         "docs/errors.html" };
    struct template_store store;
    template_store_init(&store, a, d, NULL, true);
    struct mustache_loader loader = template_store_loader(&store);
    struct mustache_engine *e = mustache_engine_new(a, d, &loader);
    struct value *data = template_data(a, m, TEMPLATE_FIELDS_ALL);
    value_map_put_bool(a, data, "emit_runtime", false);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        struct source src;
        if (!template_store_find(&store, names[i], strlen(names[i]), &src))
            FAIL("no built-in template %s", names[i]);
        const struct mustache_template *t = mustache_parse(e, &src);
        struct strbuf out = STRBUF_INIT;
        unsigned errors = d->errors;
        if (t == NULL || !mustache_render(e, t, data, &out) || d->errors != errors)
            FAIL("%s does not render over a catalog that passed", names[i]);
        if (strlen(out.data) != out.len)
            FAIL("%s renders a NUL byte", names[i]);
        strbuf_release(&out);
    }
}

/* ---- one load ---------------------------------------------------------------------- */

static outcome_t load(const char *text, size_t size, bool werror, bool deep)
{
    char *printed = NULL;
    size_t printed_len = 0;
    FILE *out = open_memstream(&printed, &printed_len);
    struct diag d;
    diag_init(&d, out, werror);
    struct arena a;
    arena_init(&a);
    struct catalog_options opt;
    catalog_options_init(&opt);
    opt.installed_dir = NULL;
    opt.limits.max_file_size = 1u << 20;
    char name[96];
    snprintf(name, sizeof name, "%s/fuzz.yaml", fixtures_folder());
    struct model m;
    outcome_t o;
    o.r = catalog_load_memory(&a, &d, name, text, size, &opt, &m);
    o.errors = d.errors;
    o.warnings = d.warnings;
    if ((o.r == CATALOG_OK) != (d.errors == 0) || o.r == CATALOG_IO_ERROR)
        FAIL("result %d with %u errors", (int)o.r, d.errors);
    if (o.r == CATALOG_OK && deep && m.entry_count <= DEEP_CHECK_ENTRIES) {
        check_model_json(&a, &m);
        check_templates(&a, &d, &m);
    }
    fflush(out);
    if (fuzz_count_diagnostics(printed, "error") < d.errors ||
        (!werror && fuzz_count_diagnostics(printed, "warning") < d.warnings))
        FAIL("%u errors and %u warnings counted, fewer printed:\n%s", d.errors, d.warnings,
             printed);
    fclose(out);
    free(printed);
    arena_finish(&a);
    return o;
}

int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    g_ctx.data = bytes;
    g_ctx.size = size;
    outcome_t plain = load((const char *)bytes, size, false, true);
    outcome_t strict = load((const char *)bytes, size, true, false);
    bool should_fail = plain.r != CATALOG_OK || plain.warnings > 0;
    if ((strict.r != CATALOG_OK) != should_fail)
        FAIL("--werror %s a catalog with %u errors and %u warnings",
             strict.r == CATALOG_OK ? "passes" : "fails", plain.errors, plain.warnings);
    return 0;
}
