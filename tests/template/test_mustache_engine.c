/* The engine's own choices, where the spec is silent: partials load once
 * per name and are listed for depfiles, what is falsey, how values print,
 * how indentation treats empty lines and nested partials, dynamic parents,
 * and the re-indentation a code template relies on. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "model/value.h"
#include "support/arena.h"
#include "support/diag.h"
#include "support/strbuf.h"
#include "template/mustache.h"

struct partial {
    const char *name, *text;
};

struct table {
    const struct partial *items;
    int calls;
};

static bool load_table(void *ctx, const char *name, size_t len, struct source *out)
{
    struct table *t = ctx;
    t->calls++;
    for (const struct partial *p = t->items; p->name != NULL; p++) {
        if (strlen(p->name) == len && memcmp(p->name, name, len) == 0) {
            source_from_memory(out, p->text, p->text, strlen(p->text));
            out->name = p->name; /* what a depfile would list */
            return true;
        }
    }
    return false;
}

struct run {
    struct arena a;
    struct diag d;
    struct table table;
    struct mustache_loader loader;
    struct mustache_engine *e;
    struct strbuf out;
};

static void run_init(struct run *r, const struct partial *partials)
{
    memset(r, 0, sizeof *r);
    arena_init(&r->a);
    diag_init(&r->d, stderr, false);
    r->table.items = partials;
    r->loader = (struct mustache_loader){ load_table, &r->table };
    r->e = mustache_engine_new(&r->a, &r->d, partials ? &r->loader : NULL);
}

static void run_finish(struct run *r)
{
    strbuf_release(&r->out);
    arena_finish(&r->a);
}

static struct mustache_template *parse(struct run *r, const char *text)
{
    struct source src;
    source_from_memory(&src, "TEMPLATE", text, strlen(text));
    struct mustache_template *t = mustache_parse(r->e, &src);
    assert_non_null(t);
    return t;
}

/* Renders text against data and checks the output, from an empty buffer. */
static void expect_render(struct run *r, const char *text, const struct value *data,
                          const char *expected)
{
    strbuf_reset(&r->out);
    assert_true(mustache_render(r->e, parse(r, text), data, &r->out));
    assert_string_equal(strbuf_str(&r->out), expected);
}

static void partials_load_once(void **state)
{
    (void)state;
    static const struct partial partials[] = { { "a", "[{{.}}]" }, { NULL, NULL } };
    struct run r;
    run_init(&r, partials);
    struct value *data = value_map(&r.a);
    struct value *list = value_list(&r.a);
    value_list_push(&r.a, list, value_int(&r.a, 1));
    value_list_push(&r.a, list, value_int(&r.a, 2));
    value_map_put(&r.a, data, "list", list);
    struct mustache_template *t =
        parse(&r, "{{>a}}{{>missing}}{{#list}}{{>a}}{{>missing}}{{/list}}");
    for (int i = 0; i < 3; i++) {
        strbuf_reset(&r.out);
        assert_true(mustache_render(r.e, t, data, &r.out));
        assert_string_equal(strbuf_str(&r.out), "[]" /* a map prints nothing */ "[1][2]");
    }
    assert_int_equal(r.table.calls, 2);
    assert_int_equal(mustache_engine_partial_count(r.e), 2);
    struct mustache_partial_info info;
    assert_true(mustache_engine_partial_at(r.e, 0, &info));
    assert_string_equal(info.name, "a");
    assert_non_null(info.src);
    assert_string_equal(info.src->name, "a");
    assert_true(mustache_engine_partial_at(r.e, 1, &info));
    assert_string_equal(info.name, "missing");
    assert_null(info.src);
    assert_false(mustache_engine_partial_at(r.e, 2, &info));
    run_finish(&r);
}

static void falsey_values(void **state)
{
    (void)state;
    struct run r;
    run_init(&r, NULL);
    struct value *data = value_map(&r.a);
    value_map_put_str(&r.a, data, "empty", "");
    value_map_put_int(&r.a, data, "zero", 0);
    value_map_put(&r.a, data, "map", value_map(&r.a));
    value_map_put(&r.a, data, "list", value_list(&r.a));
    value_map_put(&r.a, data, "null", value_null(&r.a));
    value_map_put_bool(&r.a, data, "no", false);
    expect_render(&r, "{{#empty}}E{{/empty}}{{#zero}}Z{{/zero}}{{#map}}M{{/map}}", data, "ZM");
    expect_render(&r,
                  "{{^list}}L{{/list}}{{^null}}N{{/null}}{{^no}}F{{/no}}{{^nothing}}X{{/nothing}}",
                  data, "LNFX");
    run_finish(&r);
}

static void value_forms(void **state)
{
    (void)state;
    struct run r;
    run_init(&r, NULL);
    struct value *data = value_map(&r.a);
    value_map_put_int(&r.a, data, "min", INT64_MIN);
    value_map_put(&r.a, data, "half", value_number(&r.a, -0.5));
    value_map_put(&r.a, data, "big", value_number(&r.a, 1e300));
    value_map_put_bool(&r.a, data, "yes", true);
    value_map_put(&r.a, data, "list", value_list(&r.a));
    value_map_put_str(&r.a, data, "html", "<a href=\"x\">'&'</a>");
    expect_render(&r, "{{min}} {{half}} {{big}} {{yes}} [{{list}}]", data,
                  "-9223372036854775808 -0.5 1e+300 true []");
    expect_render(&r, "{{html}}|{{{html}}}|{{&html}}", data,
                  "&lt;a href=&quot;x&quot;&gt;'&amp;'&lt;/a&gt;|<a href=\"x\">'&'</a>|"
                  "<a href=\"x\">'&'</a>");
    run_finish(&r);
}

static void render_appends(void **state)
{
    (void)state;
    struct run r;
    run_init(&r, NULL);
    strbuf_adds(&r.out, "pre:");
    assert_true(mustache_render(r.e, parse(&r, "x"), NULL, &r.out));
    assert_string_equal(strbuf_str(&r.out), "pre:x");
    run_finish(&r);
}

/* Empty lines of an indented partial stay empty (no trailing blanks);
 * indentation adds up through nested standalone partials and carries into
 * an inline partial inside an indented one. */
static void partial_indentation(void **state)
{
    (void)state;
    static const struct partial partials[] = {
        { "outer", "a\n\n  {{>inner}}\nb {{>inline}}\n" },
        { "inner", "i1\ni2\n" },
        { "inline", "x\ny" },
        { NULL, NULL },
    };
    struct run r;
    run_init(&r, partials);
    expect_render(&r, "  {{>outer}}\n", NULL, "  a\n\n    i1\n    i2\n  b x\n  y\n");
    run_finish(&r);
}

static void dynamic_parent(void **state)
{
    (void)state;
    static const struct partial partials[] = {
        { "layout", "<{{$t}}default{{/t}}>" },
        { NULL, NULL },
    };
    struct run r;
    run_init(&r, partials);
    struct value *data = value_map(&r.a);
    value_map_put_str(&r.a, data, "base", "layout");
    expect_render(&r, "{{<*base}}{{$t}}mine{{/t}}{{/*base}}", data, "<mine>");
    /* A dynamic name that resolves to nothing renders nothing. */
    expect_render(&r, "[{{<*nope}}{{/*nope}}]", data, "[]");
    run_finish(&r);
}

/* The case code templates rely on: a child replaces one block of a built-in
 * template, written flush left, and it lands at the block's indentation. */
static void code_block_reindent(void **state)
{
    (void)state;
    static const struct partial partials[] = {
        { "main", "int main(void)\n"
                  "{\n"
                  "    {{$body}}\n"
                  "    return 0;\n"
                  "    {{/body}}\n"
                  "}\n" },
        { NULL, NULL },
    };
    struct run r;
    run_init(&r, partials);
    expect_render(&r, "{{<main}}{{/main}}", NULL, "int main(void)\n{\n    return 0;\n}\n");
    expect_render(&r,
                  "{{<main}}\n"
                  "{{$body}}\n"
                  "puts(\"hi\");\n"
                  "\n"
                  "return 1;\n"
                  "{{/body}}\n"
                  "{{/main}}\n",
                  NULL, "int main(void)\n{\n    puts(\"hi\");\n\n    return 1;\n}\n");
    run_finish(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(partials_load_once),  cmocka_unit_test(falsey_values),
        cmocka_unit_test(value_forms),         cmocka_unit_test(render_appends),
        cmocka_unit_test(partial_indentation), cmocka_unit_test(dynamic_parent),
        cmocka_unit_test(code_block_reindent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
