/* Fuzz target for the Mustache engine (generator/template/mustache.h).
 *
 * Input: TEMPLATE NUL DATA NUL PARTIAL NUL PARTIAL ...: the template, then
 * its data as JSON or YAML (read as `errata render --data` reads it; data
 * that does not parse leaves no data), then partials, each NAME, a
 * newline and its text; the loader knows exactly those names. Without a
 * NUL the whole input is the template.
 *
 * What must hold whatever the bytes are (mustache.h: "any byte string is a
 * valid input: the worst it can do is fail with a diagnostic"):
 *  - no crash, leak or hang: nesting of sections, partials, parents and
 *    blocks stops at MUSTACHE_MAX_DEPTH with a located error (a partial
 *    that includes itself never overflows the stack), and a render stops
 *    with one once it has rendered or written more than its budget
 *    (sections over lists nested inside each other make exponential work;
 *    the budget is lowered to FUZZ_MAX_STEPS nodes and FUZZ_MAX_OUTPUT
 *    bytes here so that such inputs fail fast);
 *  - parse fails exactly when it reports an error, and so does render;
 *  - every error counted is printed as FILE:LINE:COL: error: ...;
 *  - a second render with the same engine (partials now cached) ends the
 *    same way, with the same output when it succeeds;
 *  - the engine's list of partials asked for holds each name once, with a
 *    source exactly when the loader has that name.
 * Anything else aborts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/limits.h"
#include "catalog/yaml_tree.h"
#include "fuzz_util.h"
#include "model/value.h"
#include "model/value_yaml.h"
#include "support/arena.h"
#include "support/diag.h"
#include "support/strbuf.h"
#include "template/mustache.h"

static fuzz_ctx_t g_ctx = { "fuzz_mustache", NULL, 0 };

#define FAIL(...) fuzz_fail(&g_ctx, __VA_ARGS__)

#define FUZZ_MAX_STEPS ((size_t)1 << 17)
#define FUZZ_MAX_OUTPUT ((size_t)1 << 22)

typedef struct part {
    const char *text; /* in the input copy, NUL-terminated there */
    size_t len;
} part_t;

typedef struct partials {
    part_t names[64], texts[64];
    size_t count;
} partials_t;

static bool find_partial(const partials_t *p, const char *name, size_t len, size_t *at)
{
    for (size_t i = 0; i < p->count; i++) {
        if (p->names[i].len == len && memcmp(p->names[i].text, name, len) == 0) {
            *at = i;
            return true;
        }
    }
    return false;
}

static bool load_partial(void *ctx, const char *name, size_t len, struct source *out)
{
    const partials_t *p = ctx;
    size_t i;
    if (!find_partial(p, name, len, &i))
        return false;
    source_from_memory(out, "partial.mustache", p->texts[i].text, p->texts[i].len);
    return true;
}

/* Splits the input (a NUL-terminated copy) at its NULs. */
static void split(char *in, size_t size, part_t *tmpl, part_t *data, partials_t *p)
{
    char *end = in + size, *nul = memchr(in, '\0', size);
    *tmpl = (part_t){ in, nul ? (size_t)(nul - in) : size };
    *data = (part_t){ NULL, 0 };
    p->count = 0;
    if (nul == NULL)
        return;
    char *at = nul + 1;
    nul = memchr(at, '\0', (size_t)(end - at));
    *data = (part_t){ at, nul ? (size_t)(nul - at) : (size_t)(end - at) };
    while (nul != NULL && p->count < 64) {
        at = nul + 1;
        nul = memchr(at, '\0', (size_t)(end - at));
        size_t len = nul ? (size_t)(nul - at) : (size_t)(end - at);
        const char *nl = memchr(at, '\n', len);
        size_t name_len = nl ? (size_t)(nl - at) : len;
        p->names[p->count] = (part_t){ at, name_len };
        p->texts[p->count] = nl ? (part_t){ nl + 1, len - name_len - 1 } : (part_t){ "", 0 };
        p->count++;
    }
}

/* The data as `errata render --data` reads it (its own diagnostics sink:
 * they are not the engine's). */
static const struct value *read_data(struct arena *a, const part_t *data)
{
    static const struct catalog_limits limits = CATALOG_DEFAULT_LIMITS;
    if (data->text == NULL)
        return NULL;
    FILE *sink = fopen("/dev/null", "w");
    struct diag d;
    diag_init(&d, sink, false);
    struct source src;
    source_from_memory(&src, "data.yaml", data->text, data->len);
    source_index(a, &src);
    const struct ynode *root = yaml_tree_parse(a, &d, &src, &limits);
    fclose(sink);
    return root ? value_from_ynode(a, root) : NULL;
}

static void check_partial_list(const struct mustache_engine *e, const partials_t *p)
{
    size_t count = mustache_engine_partial_count(e);
    for (size_t i = 0; i < count; i++) {
        struct mustache_partial_info info, other;
        size_t at;
        if (!mustache_engine_partial_at(e, i, &info))
            FAIL("partial %zu of %zu is not there", i, count);
        if ((info.src != NULL) != find_partial(p, info.name, info.len, &at))
            FAIL("partial '%s': a source exactly when the loader has it", info.name);
        for (size_t k = 0; k < i; k++) {
            mustache_engine_partial_at(e, k, &other);
            if (other.len == info.len && memcmp(other.name, info.name, info.len) == 0)
                FAIL("partial '%s' was asked for twice", info.name);
        }
    }
    struct mustache_partial_info none;
    if (mustache_engine_partial_at(e, count, &none))
        FAIL("a partial past the count");
}

/* Parses and renders twice; returns through the engine's diag. */
static void run(struct arena *a, struct diag *d, const part_t *tmpl, const struct value *data,
                partials_t *p)
{
    struct mustache_loader loader = { load_partial, p };
    struct mustache_engine *e = mustache_engine_new(a, d, &loader);
    /* 131072 nodes or 4 MiB, a few ms: the limits are what is tested. */
    mustache_engine_set_limits(e, FUZZ_MAX_STEPS, FUZZ_MAX_OUTPUT);
    struct source src;
    source_from_memory(&src, "fuzz.mustache", tmpl->text, tmpl->len);
    const struct mustache_template *t = mustache_parse(e, &src);
    if ((t == NULL) != (d->errors > 0))
        FAIL("parse %s with %u errors", t ? "succeeded" : "failed", d->errors);
    if (t == NULL)
        return;
    struct strbuf first = STRBUF_INIT, second = STRBUF_INIT;
    unsigned before = d->errors;
    bool ok = mustache_render(e, t, data, &first);
    if (ok != (d->errors == before))
        FAIL("render %s with %u new errors", ok ? "succeeded" : "failed", d->errors - before);
    before = d->errors;
    bool again = mustache_render(e, t, data, &second);
    if (again != ok || again != (d->errors == before))
        FAIL("the second render ends another way");
    if (ok && (first.len != second.len || memcmp(first.data, second.data, first.len) != 0))
        FAIL("the second render writes another text");
    check_partial_list(e, p);
    strbuf_release(&first);
    strbuf_release(&second);
}

int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    g_ctx.data = bytes;
    g_ctx.size = size;
    char *in = malloc(size + 1); /* the parts are NUL-terminated in place */
    memcpy(in, bytes, size);
    in[size] = '\0';
    part_t tmpl, data;
    partials_t *p = malloc(sizeof *p);
    split(in, size, &tmpl, &data, p);
    struct arena a;
    arena_init(&a);
    char *printed = NULL;
    size_t printed_len = 0;
    FILE *out = open_memstream(&printed, &printed_len);
    struct diag d;
    diag_init(&d, out, false);
    run(&a, &d, &tmpl, read_data(&a, &data), p);
    fflush(out);
    if (fuzz_count_diagnostics(printed, "error") < d.errors)
        FAIL("%u errors counted, fewer printed:\n%s", d.errors, printed);
    fclose(out);
    free(printed);
    arena_finish(&a);
    free(p);
    free(in);
    return 0;
}
