/* Broken templates fail with a diagnostic at the exact LINE:COL of the
 * offending tag, and hostile ones (deep nesting, endless recursion, random
 * bytes) fail cleanly instead of crashing. Diagnostics are captured with
 * open_memstream and matched as text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "model/value.h"
#include "support/arena.h"
#include "support/diag.h"
#include "support/strbuf.h"
#include "template/mustache.h"

/* Partials for a test: a NULL-terminated list of name/text pairs. */
struct partial {
    const char *name, *text;
};

static bool load_table(void *ctx, const char *name, size_t len, struct source *out)
{
    for (const struct partial *p = ctx; p->name != NULL; p++) {
        if (strlen(p->name) == len && memcmp(p->name, name, len) == 0) {
            source_from_memory(out, p->name, p->text, strlen(p->text));
            return true;
        }
    }
    return false;
}

/* One engine whose diagnostics go to a string. */
struct run {
    struct arena a;
    struct diag d;
    FILE *f;
    char *buf;
    size_t len;
    struct mustache_loader loader;
    struct mustache_engine *e;
    struct strbuf out;
};

static void run_init(struct run *r, const struct partial *partials)
{
    memset(r, 0, sizeof *r);
    arena_init(&r->a);
    r->f = open_memstream(&r->buf, &r->len);
    assert_non_null(r->f);
    diag_init(&r->d, r->f, false);
    r->loader = (struct mustache_loader){ load_table, (void *)partials };
    r->e = mustache_engine_new(&r->a, &r->d, partials ? &r->loader : NULL);
}

static const char *run_diags(struct run *r)
{
    fflush(r->f);
    return r->buf ? r->buf : "";
}

static void run_finish(struct run *r)
{
    fclose(r->f);
    free(r->buf);
    strbuf_release(&r->out);
    arena_finish(&r->a);
}

static struct mustache_template *parse(struct run *r, const char *text, size_t len)
{
    struct source src;
    source_from_memory(&src, "TEMPLATE", text, len);
    return mustache_parse(r->e, &src);
}

static void assert_contains(const char *haystack, const char *needle)
{
    if (strstr(haystack, needle) == NULL) {
        fprintf(stderr, "expected to find:\n  %s\nin:\n%s\n", needle, haystack);
        fail();
    }
}

/* The template must not parse, and the diagnostics must say `expected`. */
static void expect_parse_error(const char *text, const char *expected)
{
    struct run r;
    run_init(&r, NULL);
    assert_null(parse(&r, text, strlen(text)));
    assert_true(r.d.errors > 0);
    assert_contains(run_diags(&r), expected);
    run_finish(&r);
}

/* The template parses, and rendering it fails saying `expected`. */
static void expect_render_error(const char *text, const struct partial *partials,
                                const char *expected)
{
    struct run r;
    run_init(&r, partials);
    struct mustache_template *t = parse(&r, text, strlen(text));
    assert_non_null(t);
    assert_false(mustache_render(r.e, t, value_map(&r.a), &r.out));
    assert_contains(run_diags(&r), expected);
    run_finish(&r);
}

static void unclosed_section(void **state)
{
    (void)state;
    expect_parse_error("# Errors\n\n    {{#errors}}\n{{code}}\n",
                       "TEMPLATE:3:5: error: unclosed section 'errors'");
    expect_parse_error("{{^none}}", "TEMPLATE:1:1: error: unclosed section 'none'");
    expect_parse_error("x\n{{$b}}", "TEMPLATE:2:1: error: unclosed block 'b'");
    /* Columns count characters, not bytes. */
    expect_parse_error("\xc3\xa9t\xc3\xa9 {{#a}}", "TEMPLATE:1:5: error: unclosed section 'a'");
}

static void mismatched_close(void **state)
{
    (void)state;
    const char *text = "{{#a}}\n  x\n  {{/b}}\n";
    expect_parse_error(text, "TEMPLATE:3:3: error: section 'a' closed by '{{/b}}'");
    expect_parse_error(text, "TEMPLATE:1:1: note: section 'a' opened here");
    /* The message shows the delimiters in force. */
    expect_parse_error("{{=<% %>=}}<%#a%>\n<%/b%>",
                       "TEMPLATE:2:1: error: section 'a' closed by '<%/b%>'");
    expect_parse_error("ok {{/x}}", "TEMPLATE:1:4: error: '{{/x}}' closes no section");
    expect_parse_error("{{<p}}{{/q}}{{/p}}", "TEMPLATE:1:7: error: parent 'p' closed by '{{/q}}'");
}

static void bad_delimiters(void **state)
{
    (void)state;
    expect_parse_error("ok\n  {{=<% =}}", "TEMPLATE:2:3: error: invalid delimiter change");
    expect_parse_error("{{= a b c =}}", "TEMPLATE:1:1: error: invalid delimiter change");
    expect_parse_error("{{==}}", "TEMPLATE:1:1: error: invalid delimiter change");
    expect_parse_error("{{=a= b=}}", "TEMPLATE:1:1: error: invalid delimiter change");
    expect_parse_error("{{=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa b=}}",
                       "TEMPLATE:1:1: error: invalid delimiter change");
}

static void unclosed_tag(void **state)
{
    (void)state;
    expect_parse_error("abc {{name", "TEMPLATE:1:5: error: unclosed tag");
    expect_parse_error("a\nb {{{name}}", "TEMPLATE:2:3: error: unclosed tag");
    expect_parse_error("{{=[ ]=}}\n\n [x", "TEMPLATE:3:2: error: unclosed tag");
}

static void bad_names(void **state)
{
    (void)state;
    expect_parse_error("x{{ }}", "TEMPLATE:1:2: error: empty tag name");
    expect_parse_error("{{#}}{{/}}", "TEMPLATE:1:1: error: empty tag name");
    expect_parse_error("{{a..b}}", "TEMPLATE:1:1: error: invalid name 'a..b'");
    expect_parse_error("{{a b}}", "TEMPLATE:1:1: error: tag name 'a b' contains whitespace");
    expect_parse_error("{{#*a}}{{/*a}}", "TEMPLATE:1:1: error: dynamic names");
}

/* One run reports every error, not just the first. */
static void keeps_going(void **state)
{
    (void)state;
    const char *text = "{{}}\n{{#a}}\n{{#b}}";
    expect_parse_error(text, "TEMPLATE:1:1: error: empty tag name");
    expect_parse_error(text, "TEMPLATE:2:1: error: unclosed section 'a'");
    expect_parse_error(text, "TEMPLATE:3:1: error: unclosed section 'b'");
}

static void unknown_parent(void **state)
{
    (void)state;
    static const struct partial none[] = { { NULL, NULL } };
    expect_render_error("line\n {{<nope}}{{$b}}x{{/b}}{{/nope}}", none,
                        "TEMPLATE:2:2: error: unknown parent 'nope'");
    /* With no loader at all, too. */
    expect_render_error("{{<base}}{{/base}}", NULL, "TEMPLATE:1:1: error: unknown parent 'base'");
}

/* A partial that does not parse reports its own error, then where it was
 * used; a second use fails again. */
static void broken_partial(void **state)
{
    (void)state;
    static const struct partial bad[] = { { "bad", "ok\n{{#x}}" }, { NULL, NULL } };
    struct run r;
    run_init(&r, bad);
    struct mustache_template *t = parse(&r, "a {{>bad}}", 10);
    assert_non_null(t);
    assert_false(mustache_render(r.e, t, NULL, &r.out));
    assert_contains(run_diags(&r), "bad:2:1: error: unclosed section 'x'");
    assert_contains(run_diags(&r), "TEMPLATE:1:3: note: in partial 'bad' used here");
    assert_false(mustache_render(r.e, t, NULL, &r.out));
    assert_contains(run_diags(&r), "TEMPLATE:1:3: error: partial 'bad' has errors");
    run_finish(&r);
}

static void empty_and_lone(void **state)
{
    (void)state;
    struct run r;
    run_init(&r, NULL);
    struct mustache_template *t = parse(&r, "", 0);
    assert_non_null(t);
    assert_true(mustache_render(r.e, t, NULL, &r.out));
    assert_int_equal(r.out.len, 0);
    assert_string_equal(strbuf_str(&r.out), "");
    run_finish(&r);
    expect_parse_error("{{", "TEMPLATE:1:1: error: unclosed tag");
    expect_parse_error("{{{", "TEMPLATE:1:1: error: unclosed tag");
    expect_parse_error("}}{{", "TEMPLATE:1:3: error: unclosed tag");
    expect_parse_error("{{!", "TEMPLATE:1:1: error: unclosed tag");
    expect_parse_error("{{=", "TEMPLATE:1:1: error: unclosed tag");
}

static char *nested_sections(size_t depth)
{
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < depth; i++)
        strbuf_adds(&sb, "{{#a}}");
    strbuf_adds(&sb, "x");
    for (size_t i = 0; i < depth; i++)
        strbuf_adds(&sb, "{{/a}}");
    return sb.data;
}

static void deep_nesting(void **state)
{
    (void)state;
    /* Within the limit: renders. */
    char *ok = nested_sections(MUSTACHE_MAX_DEPTH - 1);
    struct run r;
    run_init(&r, NULL);
    struct mustache_template *t = parse(&r, ok, strlen(ok));
    assert_non_null(t);
    struct value *data = value_map(&r.a);
    value_map_put_bool(&r.a, data, "a", true);
    assert_true(mustache_render(r.e, t, data, &r.out));
    assert_string_equal(strbuf_str(&r.out), "x");
    run_finish(&r);
    free(ok);
    /* Far beyond: a located error at the first section too deep. */
    char *deep = nested_sections(100000);
    char where[64];
    snprintf(where, sizeof where, "TEMPLATE:1:%d: error: sections nested deeper than %d levels",
             MUSTACHE_MAX_DEPTH * 6 + 1, MUSTACHE_MAX_DEPTH);
    expect_parse_error(deep, where);
    free(deep);
}

static void endless_recursion(void **state)
{
    (void)state;
    static const struct partial self[] = {
        { "r", "x{{>r}}" },
        { "p", "{{<p}}{{/p}}" },
        { "b", "{{$a}}{{$a}}{{/a}}{{/a}}" },
        { NULL, NULL },
    };
    expect_render_error("{{>r}}", self, "r:1:2: error: templates nested more than");
    expect_render_error("{{<p}}{{/p}}", self, "p:1:1: error: templates nested more than");
    /* A block whose override holds a block of the same name. */
    expect_render_error("{{<b}}{{$a}}{{$a}}{{/a}}{{/a}}{{/b}}", self,
                        "error: templates nested more than");
}

/* Work that grows exponentially with nesting (a section over a two-item
 * list inside itself, partials that use the next one twice) stops at the
 * engine's budget of nodes or bytes with an error located at the node it
 * reached, instead of running for ever. */
static void exponential_work(void **state)
{
    (void)state;
    static const struct partial doubling[] = {
        { "p0", "{{>p1}}{{>p1}}" }, { "p1", "{{>p2}}{{>p2}}" }, { "p2", "{{>p3}}{{>p3}}" },
        { "p3", "xxxxxxxx" },       { NULL, NULL },
    };
    char *nested = nested_sections(40);
    struct run r;
    run_init(&r, doubling);
    mustache_engine_set_limits(r.e, 1000, MUSTACHE_MAX_OUTPUT);
    struct value *data = value_map(&r.a), *list = value_list(&r.a);
    value_list_push(&r.a, list, value_int(&r.a, 1));
    value_list_push(&r.a, list, value_int(&r.a, 2));
    value_map_put(&r.a, data, "a", list);
    struct mustache_template *t = parse(&r, nested, strlen(nested));
    assert_false(mustache_render(r.e, t, data, &r.out));
    assert_contains(run_diags(&r), "TEMPLATE:1:");
    assert_contains(run_diags(&r), "error: rendering takes more than 1000 steps");
    free(nested);
    /* Within the budget, the same engine renders. */
    strbuf_reset(&r.out);
    t = parse(&r, "{{>p0}}", 7);
    assert_true(mustache_render(r.e, t, data, &r.out));
    assert_int_equal(r.out.len, 64);
    /* Bytes count too: 64 written where 40 are allowed. */
    mustache_engine_set_limits(r.e, 1000, 40);
    assert_false(mustache_render(r.e, t, data, &r.out));
    assert_contains(run_diags(&r), "p1:1:8: error: rendering writes more than 40 bytes");
    run_finish(&r);
}

/* Random bytes, and random mixes of tag pieces: parsing and rendering may
 * fail but must stay in bounds (the sanitizer build checks that). */
static void random_inputs(void **state)
{
    (void)state;
    static const char *pieces[] = {
        "{{",     "}}",     "{",      "}",      "#",      "^",      "/",         "!",
        ">",      "<",      "$",      "=",      "&",      "*",      ".",         "a",
        "b",      " ",      "\n",     "\r\n",   "\t",     "|",      "{{=| |=}}", "{{#a}}",
        "{{/a}}", "{{>p}}", "{{<p}}", "{{$b}}", "{{/b}}", "{{/p}}", "\xff",      "\xc3",
    };
    static const struct partial partials[] = {
        { "p", "  {{$b}}\n  x\n  {{/b}}\n{{>p}}" },
        { NULL, NULL },
    };
    uint32_t seed = 12345;
    for (int round = 0; round < 3000; round++) {
        struct strbuf sb = STRBUF_INIT;
        int n = (int)(seed % 24);
        for (int i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            if (round % 2)
                strbuf_addc(&sb, (char)(seed >> 16));
            else
                strbuf_adds(&sb, pieces[(seed >> 16) % (sizeof pieces / sizeof *pieces)]);
        }
        struct run r;
        run_init(&r, partials);
        struct mustache_template *t = parse(&r, sb.data ? sb.data : "", sb.len);
        struct value *data = value_map(&r.a);
        value_map_put_bool(&r.a, data, "a", true);
        if (t != NULL)
            mustache_render(r.e, t, data, &r.out);
        run_finish(&r);
        strbuf_release(&sb);
        seed = seed * 1103515245u + 12345u;
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(unclosed_section),  cmocka_unit_test(mismatched_close),
        cmocka_unit_test(bad_delimiters),    cmocka_unit_test(unclosed_tag),
        cmocka_unit_test(bad_names),         cmocka_unit_test(keeps_going),
        cmocka_unit_test(unknown_parent),    cmocka_unit_test(broken_partial),
        cmocka_unit_test(empty_and_lone),    cmocka_unit_test(deep_nesting),
        cmocka_unit_test(endless_recursion), cmocka_unit_test(exponential_work),
        cmocka_unit_test(random_inputs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
