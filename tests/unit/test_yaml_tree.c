/* The YAML tree (catalog/yaml_tree.h): positions, core-schema typing, tags,
 * duplicate keys, anchors and aliases, and the limits against hostile input. */
#include "unit.h"

#include <math.h>
#include <time.h>

#include "catalog/limits.h"
#include "catalog/yaml_tree.h"
#include "support/arena.h"
#include "support/strbuf.h"

#ifdef __GLIBC__
#include <malloc.h> /* mallopt(M_PERTURB) */
#endif

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* One parse: its arena, its source and its captured diagnostics. */
struct doc {
    struct arena a;
    struct source src;
    struct capture cap;
    struct catalog_limits limits;
    struct ynode *root;
    bool active;
};

static void doc_release(struct doc *d)
{
    if (d->active) {
        capture_close(&d->cap);
        arena_finish(&d->a);
        d->active = false;
    }
}

static void doc_delete(void *p)
{
    doc_release(p);
    free(p);
}

/* A parse slot owned by the test: released by unit_teardown. */
static struct doc *doc_new(void)
{
    struct doc *d = calloc(1, sizeof *d);
    assert_non_null(d);
    unit_hold(doc_delete, d);
    return d;
}

static void doc_parse_limits(struct doc *d, const char *text, size_t len,
                             const struct catalog_limits *limits)
{
    doc_release(d);
    d->active = true;
    arena_init(&d->a);
    source_from_memory(&d->src, "t.yaml", text, len);
    capture_open(&d->cap, false);
    d->limits = *limits;
    d->root = yaml_tree_parse(&d->a, &d->cap.d, &d->src, &d->limits);
}

static void doc_parse(struct doc *d, const char *text)
{
    static const struct catalog_limits defaults = CATALOG_DEFAULT_LIMITS;
    doc_parse_limits(d, text, strlen(text), &defaults);
}

static void doc_free(struct doc *d)
{
    doc_release(d);
}

/* Parses text that must be accepted without any diagnostic. */
static void doc_ok(struct doc *d, const char *text)
{
    doc_parse(d, text);
    if (d->root == NULL || d->cap.d.errors != 0 || d->cap.len != 0) {
        print_error("parsing failed:\n%s\n", capture_text(&d->cap));
        fail();
    }
}

/* Parses text that must fail with exactly one error line at `at`
 * ("LINE:COL") holding `fragment`. */
static void expect_error_limits(const char *text, size_t len, const struct catalog_limits *limits,
                                const char *at, const char *fragment)
{
    struct doc *d = doc_new();
    doc_parse_limits(d, text, len, limits);
    char prefix[64];
    snprintf(prefix, sizeof prefix, "t.yaml:%s: error: ", at);
    assert_null(d->root);
    if (d->cap.d.errors != 1) {
        print_error("expected one error, got %u:\n%s\n", d->cap.d.errors, capture_text(&d->cap));
        fail();
    }
    assert_diag(capture_text(&d->cap), prefix, fragment);
    doc_free(d);
}

static void expect_error(const char *text, const char *at, const char *fragment)
{
    static const struct catalog_limits defaults = CATALOG_DEFAULT_LIMITS;
    expect_error_limits(text, strlen(text), &defaults, at, fragment);
}

#define assert_loc(node, l, c)                                                                   \
    do {                                                                                         \
        const struct ynode *n_ = (node);                                                         \
        assert_non_null(n_);                                                                     \
        if (n_->loc.line != (l) || n_->loc.col != (c))                                           \
            fail_msg("%s: expected %d:%d, got %u:%u", #node, (l), (c), (unsigned)n_->loc.line,   \
                     (unsigned)n_->loc.col);                                                     \
    } while (0)

static void test_positions_block(void **state)
{
    (void)state;
    struct doc *d = doc_new();
    doc_ok(d, "name: pets\n"              /* 1 */
               "list:\n"                   /* 2 */
               "  - a\n"                   /* 3 */
               "  - \"quoted\"\n"          /* 4 */
               "  - 'single'\n"            /* 5 */
               "block: |\n"                /* 6 */
               "  text\n"                  /* 7 */
               "map:\n"                    /* 8 */
               "  inner: 1\n"              /* 9 */
               "flat:\n"                   /* 10 */
               "- x\n");                   /* 11 */
    struct ynode *r = d->root;
    assert_int_equal(r->kind, YNODE_MAPPING);
    assert_loc(r, 1, 1);
    assert_loc(r->u.map.pairs[0].key, 1, 1);
    assert_loc(ynode_get(r, "name"), 1, 7);
    assert_loc(ynode_pair(r, "list")->key, 2, 1);
    struct ynode *list = ynode_get(r, "list");
    assert_int_equal(list->kind, YNODE_SEQUENCE);
    assert_loc(list, 3, 3);
    assert_int_equal(list->u.seq.count, 3);
    assert_loc(list->u.seq.items[0], 3, 5);
    assert_loc(list->u.seq.items[1], 4, 5); /* the quote */
    assert_loc(list->u.seq.items[2], 5, 5);
    assert_string_equal(list->u.seq.items[1]->u.scalar.text, "quoted");
    assert_loc(ynode_get(r, "block"), 6, 8); /* the '|' */
    assert_string_equal(ynode_get(r, "block")->u.scalar.text, "text\n");
    assert_int_equal(ynode_get(r, "block")->u.scalar.style, YSCALAR_BLOCK);
    struct ynode *map = ynode_get(r, "map");
    assert_int_equal(map->kind, YNODE_MAPPING);
    assert_loc(map, 9, 3);
    assert_loc(ynode_pair(map, "inner")->key, 9, 3);
    assert_loc(ynode_get(map, "inner"), 9, 10);
    assert_loc(ynode_get(r, "flat"), 11, 1);
    assert_loc(ynode_get(r, "flat")->u.seq.items[0], 11, 3);
    doc_free(d);
}

static void test_positions_flow(void **state)
{
    (void)state;
    struct doc *d = doc_new();
    doc_ok(d, "flow: {k: [1, 'x'], \"q\": \"v\"}\n"
               "seq: [ {a: b}, [] ]\n");
    struct ynode *flow = ynode_get(d->root, "flow");
    assert_loc(flow, 1, 7);
    assert_loc(ynode_pair(flow, "k")->key, 1, 8);
    struct ynode *k = ynode_get(flow, "k");
    assert_loc(k, 1, 11);
    assert_loc(k->u.seq.items[0], 1, 12);
    assert_loc(k->u.seq.items[1], 1, 15);
    assert_loc(ynode_pair(flow, "q")->key, 1, 21);
    assert_loc(ynode_get(flow, "q"), 1, 26);
    struct ynode *seq = ynode_get(d->root, "seq");
    assert_loc(seq, 2, 6);
    assert_loc(seq->u.seq.items[0], 2, 8);
    assert_loc(ynode_get(seq->u.seq.items[0], "a"), 2, 12);
    assert_loc(seq->u.seq.items[1], 2, 16);
    assert_int_equal(seq->u.seq.items[1]->u.seq.count, 0);
    doc_free(d);
}

static void test_positions_count_characters(void **state)
{
    (void)state;
    /* Columns count code points, not bytes. */
    struct doc *d = doc_new();
    doc_ok(d, "t\xC3\xA9t\xC3\xA9: \xE2\x82\xAC v\n"
               "\xF0\x9F\x98\x80: [x]\n");
    assert_loc(d->root->u.map.pairs[0].value, 1, 7);
    assert_loc(d->root->u.map.pairs[1].value, 2, 4);
    assert_loc(d->root->u.map.pairs[1].value->u.seq.items[0], 2, 5);
    doc_free(d);
}

static void test_scalar_types(void **state)
{
    (void)state;
    static const struct {
        const char *yaml; /* the value after "v: " */
        enum yscalar_type type;
    } cases[] = {
        { "", YTYPE_NULL },        { "~", YTYPE_NULL },        { "null", YTYPE_NULL },
        { "Null", YTYPE_NULL },    { "NULL", YTYPE_NULL },     { "nULL", YTYPE_STRING },
        { "true", YTYPE_BOOL },    { "True", YTYPE_BOOL },     { "TRUE", YTYPE_BOOL },
        { "false", YTYPE_BOOL },   { "False", YTYPE_BOOL },    { "FALSE", YTYPE_BOOL },
        { "tRUE", YTYPE_STRING },  { "yes", YTYPE_STRING },    { "no", YTYPE_STRING },
        { "on", YTYPE_STRING },    { "off", YTYPE_STRING },    { "y", YTYPE_STRING },
        { "0", YTYPE_INT },        { "404", YTYPE_INT },       { "-1", YTYPE_INT },
        { "+1", YTYPE_INT },       { "007", YTYPE_INT },       { "0x1F", YTYPE_INT },
        { "0xff", YTYPE_INT },     { "0o17", YTYPE_INT },      { "0x", YTYPE_STRING },
        { "0o", YTYPE_STRING },    { "0o8", YTYPE_STRING },    { "0xg", YTYPE_STRING },
        { "-0x1", YTYPE_STRING },  { "1_000", YTYPE_STRING },  { "0b101", YTYPE_STRING },
        { "1.5", YTYPE_FLOAT },    { "-1.5", YTYPE_FLOAT },    { "+1.5", YTYPE_FLOAT },
        { ".5", YTYPE_FLOAT },     { "1.", YTYPE_FLOAT },      { "1e3", YTYPE_FLOAT },
        { "1E-3", YTYPE_FLOAT },   { "+1.0e+3", YTYPE_FLOAT }, { "1e", YTYPE_STRING },
        { "e3", YTYPE_STRING },    { ".", YTYPE_STRING },      { "+", YTYPE_STRING },
        { ".inf", YTYPE_FLOAT },   { "-.inf", YTYPE_FLOAT },   { "+.Inf", YTYPE_FLOAT },
        { ".INF", YTYPE_FLOAT },   { ".nan", YTYPE_FLOAT },    { ".NaN", YTYPE_FLOAT },
        { ".NAN", YTYPE_FLOAT },   { "-.nan", YTYPE_STRING },  { "inf", YTYPE_STRING },
        { "nan", YTYPE_STRING },   { "1.4.0", YTYPE_STRING },  { "404 ", YTYPE_INT },
        { "\"404\"", YTYPE_STRING }, { "'true'", YTYPE_STRING }, { "\"\"", YTYPE_STRING },
        { "'~'", YTYPE_STRING },   { "\"null\"", YTYPE_STRING }, { "!!str 404", YTYPE_STRING },
        { "!!str", YTYPE_STRING }, { "! 404", YTYPE_STRING },  { "!!int 404", YTYPE_INT },
        { "!!float 1", YTYPE_FLOAT }, { "!!float 1.5", YTYPE_FLOAT }, { "!!bool true", YTYPE_BOOL },
        { "!!null ~", YTYPE_NULL }, { "!!int '404'", YTYPE_INT },
        { "!<tag:yaml.org,2002:str> 5", YTYPE_STRING },
    };
    struct doc *d = doc_new();
    for (size_t i = 0; i < COUNT(cases); i++) {
        char text[128];
        snprintf(text, sizeof text, "v: %s\n", cases[i].yaml);
        doc_parse(d, text);
        if (d->root == NULL)
            fail_msg("'%s' did not parse:\n%s", cases[i].yaml, capture_text(&d->cap));
        const struct ynode *v = ynode_get(d->root, "v");
        assert_non_null(v);
        assert_int_equal(v->kind, YNODE_SCALAR);
        if (v->u.scalar.type != cases[i].type)
            fail_msg("'%s': expected type %d, got %d", cases[i].yaml, (int)cases[i].type,
                     (int)v->u.scalar.type);
        doc_free(d);
    }
}

static void test_scalar_styles_and_text(void **state)
{
    (void)state;
    struct doc *d = doc_new();
    doc_ok(d, "p: plain text\n"
               "q: \"a\\0b\\tc\"\n"
               "s: 'it''s'\n"
               "f: >\n"
               "  folded\n"
               "  line\n");
    const struct ynode *p = ynode_get(d->root, "p"), *q = ynode_get(d->root, "q");
    assert_int_equal(p->u.scalar.style, YSCALAR_PLAIN);
    assert_string_equal(p->u.scalar.text, "plain text");
    assert_int_equal(q->u.scalar.style, YSCALAR_QUOTED);
    assert_int_equal(q->u.scalar.len, 5);
    assert_memory_equal(q->u.scalar.text, "a\0b\tc", 6);
    assert_string_equal(ynode_get(d->root, "s")->u.scalar.text, "it's");
    assert_int_equal(ynode_get(d->root, "f")->u.scalar.style, YSCALAR_BLOCK);
    assert_string_equal(ynode_get(d->root, "f")->u.scalar.text, "folded line\n");
    doc_free(d);
}

static void test_tags(void **state)
{
    (void)state;
    struct doc *d = doc_new();
    doc_ok(d, "a: !!str 404\n"
               "m: !!map {k: v}\n"
               "l: !!seq [1]\n");
    const struct ynode *a = ynode_get(d->root, "a");
    assert_true(ynode_is_scalar(a, YTYPE_STRING));
    assert_string_equal(a->u.scalar.text, "404");
    assert_loc(a, 1, 4);
    int64_t i;
    assert_false(ynode_int(a, &i));
    assert_int_equal(ynode_get(d->root, "m")->kind, YNODE_MAPPING);
    assert_int_equal(ynode_get(d->root, "l")->kind, YNODE_SEQUENCE);
    doc_free(d);

    expect_error("a: !custom x\n", "1:4", "unsupported YAML tag '!custom'");
    expect_error("a: !!binary aGk=\n", "1:4", "unsupported YAML tag 'tag:yaml.org,2002:binary'");
    expect_error("a: !!seq {k: v}\n", "1:4", "unsupported YAML tag");
    expect_error("a: !!map [1]\n", "1:4", "unsupported YAML tag");
    expect_error("a: !!int abc\n", "1:4", "does not match its tag");
    expect_error("a: !!bool yes\n", "1:4", "does not match its tag");
    expect_error("a: !!null 0\n", "1:4", "does not match its tag");
    expect_error("a: !!float x1\n", "1:4", "does not match its tag");
}

static void test_duplicate_keys(void **state)
{
    (void)state;
    struct doc *d = doc_new();
    doc_parse(d, "a: 1\n"
                  "b: 2\n"
                  "a: 3\n");
    assert_null(d->root);
    assert_int_equal(d->cap.d.errors, 1);
    const char *out = capture_text(&d->cap);
    assert_diag(out, "t.yaml:3:1: error: ", "duplicate key 'a'");
    assert_diag(out, "t.yaml:1:1: note: ", "'a' first given here");
    /* The error comes before its note. */
    assert_true(strstr(out, "3:1: error") < strstr(out, "1:1: note"));
    doc_free(d);

    /* Every later duplicate points at the first; nested and flow maps too. */
    doc_parse(d, "x:\n"
                  "  k: 1\n"
                  "  j: 2\n"
                  "  k: 3\n"
                  "  k: 4\n"
                  "y: {p: 1, p: 2}\n");
    assert_null(d->root);
    out = capture_text(&d->cap);
    assert_int_equal(d->cap.d.errors, 2);
    assert_diag(out, "t.yaml:4:3: error: ", "duplicate key 'k'");
    assert_diag(out, "t.yaml:5:3: error: ", "duplicate key 'k'");
    assert_diag(out, "t.yaml:2:3: note: ", "'k' first given here");
    doc_free(d);

    doc_parse(d, "y: {p: 1, q: 2, p: 3}\n");
    assert_null(d->root);
    assert_int_equal(d->cap.d.errors, 1);
    assert_diag(capture_text(&d->cap), "t.yaml:1:17: error: ", "duplicate key 'p'");
    assert_diag(capture_text(&d->cap), "t.yaml:1:5: note: ", "'p' first given here");
    doc_free(d);

    /* Keys compare by their text, whatever their style. */
    expect_error("404: a\n\"404\": b\n", "2:1", "duplicate key '404'");
    /* Different keys that share a prefix are not duplicates. */
    doc_ok(d, "ab: 1\na: 2\nabc: 3\n\"a \": 4\n");
    doc_free(d);
}

/* A key given through an alias is the same key, and the error points at the
 * alias (where the duplicate is written), not at the anchor. */
static void test_duplicate_key_through_alias(void **state)
{
    (void)state;
    expect_error("&k a: 1\n*k : 2\n", "2:1", "duplicate key 'a'");
    struct doc *d = doc_new();
    doc_parse(d, "&k a: 1\n*k : 2\n");
    assert_diag(capture_text(&d->cap), "t.yaml:1:1: note: ", "'a' first given here");
    doc_free(d);
}

static void test_non_scalar_keys(void **state)
{
    (void)state;
    /* A key holding a NUL would be cut short wherever it is used as a name. */
    expect_error("a: 1\n\"b\\0c\": 2\n", "2:1", "mapping key contains a NUL byte");
    expect_error("m: {x: 1, 'y': 2, \"z\\0\": 3}\n", "1:19", "mapping key contains a NUL byte");
    expect_error("? [a, b]\n: 1\n", "1:3", "mapping keys must be plain names, not a list");
    expect_error("{{a: 1}: 2}\n", "1:2", "mapping keys must be plain names, not a mapping");
}

static void test_anchors_share_nodes(void **state)
{
    (void)state;
    struct doc *d = doc_new();
    doc_ok(d, "a: &x {k: [1, 2]}\n"
               "b: *x\n"
               "c: [*x, *x]\n"
               "s: &s hello\n"
               "t: *s\n");
    const struct ynode *a = ynode_get(d->root, "a");
    assert_ptr_equal(ynode_get(d->root, "b"), a);
    assert_ptr_equal(ynode_get(d->root, "c")->u.seq.items[0], a);
    assert_ptr_equal(ynode_get(d->root, "c")->u.seq.items[1], a);
    /* Scalars are copied with the alias's own position (so diagnostics
     * about them point at the alias); collections stay shared. */
    assert_ptr_not_equal(ynode_get(d->root, "t"), ynode_get(d->root, "s"));
    assert_string_equal(ynode_get(d->root, "t")->u.scalar.text, "hello");
    assert_loc(ynode_get(d->root, "t"), 5, 4);
    /* The node keeps the anchor's position, not the alias's. */
    assert_loc(ynode_get(d->root, "b"), 1, 4);
    doc_free(d);

    /* A redefined anchor applies to the aliases after it. */
    doc_ok(d, "a: &x one\n"
               "b: *x\n"
               "c: &x two\n"
               "d: *x\n");
    assert_string_equal(ynode_get(d->root, "b")->u.scalar.text, "one");
    assert_string_equal(ynode_get(d->root, "d")->u.scalar.text, "two");
    doc_free(d);

    /* Many anchors: the table grows and finds every one. */
    struct strbuf sb = STRBUF_INIT;
    for (int i = 0; i < 5000; i++)
        strbuf_addf(&sb, "a%d: &n%d v%d\n", i, i, i);
    for (int i = 0; i < 5000; i++)
        strbuf_addf(&sb, "b%d: *n%d\n", i, 4999 - i);
    doc_ok(d, unit_text(&sb));
    assert_int_equal(d->root->u.map.count, 10000);
    for (int i = 0; i < 5000; i++) {
        const struct ynode *b = d->root->u.map.pairs[5000 + i].value;
        char want[16];
        snprintf(want, sizeof want, "v%d", 4999 - i);
        assert_string_equal(b->u.scalar.text, want);
    }
    doc_free(d);
}

static void test_undefined_alias(void **state)
{
    (void)state;
    expect_error("a: *nope\n", "1:4", "alias '*nope' refers to no anchor");
    expect_error("a: 1\nb: [x, *later]\nc: &later 2\n", "2:8", "refers to no anchor");
    /* An alias inside its own anchor would be a cycle. */
    expect_error("a: &x [1, *x]\n", "1:11", "alias '*x' refers to no anchor");
    expect_error("a: &x {k: *x}\n", "1:11", "alias '*x' refers to no anchor");
}

/* Ten levels of ten aliases each: 10^10 nodes if it were ever expanded. */
static char *billion_laughs(int levels, int width)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_adds(&sb, "l0: &l0 [");
    for (int i = 0; i < width; i++)
        strbuf_adds(&sb, i ? ",x" : "x");
    strbuf_adds(&sb, "]\n");
    for (int l = 1; l < levels; l++) {
        strbuf_addf(&sb, "l%d: &l%d [", l, l);
        for (int i = 0; i < width; i++)
            strbuf_addf(&sb, "%s*l%d", i ? "," : "", l - 1);
        strbuf_adds(&sb, "]\n");
    }
    return unit_text(&sb);
}

static void test_alias_bomb_default_limit(void **state)
{
    (void)state;
    char *bomb = billion_laughs(10, 10);
    clock_t start = clock();
    /* Weights: l0 = 11, l1 = 111, l2 = 1111, l3 = 11111. Aliases so far:
     * 10*11 + 10*111 + 10*1111 = 12330 after line 4; each *l3 on line 5
     * adds 11111, so the 8th crosses 100000. "l4: &l4 [" is 9 columns and
     * each "*l3," 4 more: the 8th alias starts at column 10 + 7*4 = 38. */
    static const struct catalog_limits defaults = CATALOG_DEFAULT_LIMITS;
    expect_error_limits(bomb, strlen(bomb), &defaults, "5:38",
                        "aliases expand to more than 100000 nodes");
    double seconds = (double)(clock() - start) / CLOCKS_PER_SEC;
    if (seconds > 5.0) /* expanding it would take hours; valgrind is slow, not that slow */
        fail_msg("rejecting the alias bomb took %.2f s", seconds);

    /* Deeper and wider bombs fail just as fast. */
    bomb = billion_laughs(40, 40);
    start = clock();
    struct doc *d = doc_new();
    doc_parse_limits(d, bomb, strlen(bomb), &defaults);
    assert_null(d->root);
    assert_int_equal(d->cap.d.errors, 1);
    assert_diag(capture_text(&d->cap), "t.yaml:", "alias bomb");
    doc_free(d);
    seconds = (double)(clock() - start) / CLOCKS_PER_SEC;
    if (seconds > 5.0) /* expanding it would take hours; valgrind is slow, not that slow */
        fail_msg("rejecting the alias bomb took %.2f s", seconds);
}

static void test_alias_limit_custom(void **state)
{
    (void)state;
    struct catalog_limits limits = CATALOG_DEFAULT_LIMITS;
    limits.max_alias_nodes = 10;
    /* *a stands for 4 nodes: 4, 8, then 12 > 10 at the third alias. */
    const char *text = "a: &a [1, 2, 3]\n"
                       "b: [*a, *a, *a]\n";
    expect_error_limits(text, strlen(text), &limits, "2:13", "more than 10 nodes");
    /* Exactly at the limit is fine: two scalar aliases and two of weight 4. */
    const char *at_limit = "a: &a [1, 2, 3]\n"
                           "s: &s x\n"
                           "b: [*a, *a, *s, *s]\n";
    struct doc *d = doc_new();
    doc_parse_limits(d, at_limit, strlen(at_limit), &limits);
    assert_non_null(d->root);
    doc_free(d);
    const char *over = "a: &a [1, 2, 3]\n"
                       "s: &s x\n"
                       "b: [*a, *a, *s, *s, *s]\n";
    expect_error_limits(over, strlen(over), &limits, "3:21", "more than 10 nodes");
    /* Nested anchors count what they contain, aliases included. */
    limits.max_alias_nodes = 20;
    const char *nested = "a: &a [1, 2, 3]\n"        /* weight 4 */
                         "b: &b [*a, *a, *a, *a]\n" /* 16 so far; weight 17 */
                         "c: *b\n";                 /* 33 > 20 */
    expect_error_limits(nested, strlen(nested), &limits, "3:4", "more than 20 nodes");
}

static void test_depth_limit(void **state)
{
    (void)state;
    static const struct catalog_limits defaults = CATALOG_DEFAULT_LIMITS;
    char text[300];
    /* 64 nested lists: accepted. */
    memset(text, '[', 64);
    memset(text + 64, ']', 64);
    text[128] = '\0';
    struct doc *d = doc_new();
    doc_ok(d, text);
    doc_free(d);
    /* 65: refused at the 65th '['. */
    memset(text, '[', 65);
    memset(text + 65, ']', 65);
    text[130] = '\0';
    expect_error_limits(text, 130, &defaults, "1:65", "nesting is deeper than 64 levels");
    /* Far deeper input stops at the same place. */
    char *deep = unit_malloc(200001);
    memset(deep, '[', 100000);
    memset(deep + 100000, ']', 100000);
    deep[200000] = '\0';
    expect_error_limits(deep, 200000, &defaults, "1:65", "nesting is deeper than 64 levels");

    struct catalog_limits limits = defaults;
    limits.max_depth = 2;
    const char *block = "a:\n"
                        "  b:\n"
                        "    c: 1\n";
    expect_error_limits(block, strlen(block), &limits, "3:5", "deeper than 2 levels");
    const char *ok = "a:\n"
                     "  b: 1\n";
    doc_parse_limits(d, ok, strlen(ok), &limits);
    assert_non_null(d->root);
    doc_free(d);
}

static void test_empty_document(void **state)
{
    (void)state;
    expect_error("", "1:1", "the file is empty");
    expect_error("# only a comment\n", "1:1", "the file is empty");
    expect_error("\n\n   \n", "1:1", "the file is empty");
    /* An explicit empty document is a null, which the checker then refuses. */
    struct doc *d = doc_new();
    doc_ok(d, "---\n");
    assert_true(ynode_is_scalar(d->root, YTYPE_NULL));
    doc_free(d);
}

static void test_two_documents(void **state)
{
    (void)state;
    expect_error("a: 1\n---\nb: 2\n", "2:1", "a single YAML document; found a second one");
    expect_error("--- a\n--- b\n", "2:1", "found a second one");
    expect_error("a: 1\n...\n---\nb: 2\n", "3:1", "found a second one");
    /* libyaml itself wants a '---' before a second bare document. */
    expect_error("a: 1\n...\nb: 2\n", "3:1", "document");
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    expect_error("a: b\nc: \xFF\n", "2:4", "invalid YAML");
    expect_error("a: b\nc: \xFF\n", "2:4", "(byte 0xff); catalogs must be UTF-8");
    /* A sequence broken by its second byte is blamed on its lead byte. */
    expect_error("\xC3\x28: x\n", "1:1", "invalid YAML: invalid trailing UTF-8 octet (byte 0x28)");
    expect_error("k: \xE2\x82\x28\n", "1:4", "invalid trailing UTF-8 octet");
    expect_error("k: caf\xE9\n", "1:7", "invalid YAML: incomplete UTF-8 octet sequence");
    /* Columns before the bad byte count characters. */
    expect_error("k: \xC3\xA9\xC3\xA9\x80\n", "1:6", "invalid YAML");
    expect_error("k: v\nl: \xE2\x82\xAC \xED\xA0\x80\n", "2:6", "invalid YAML");
    expect_error("k: \xC0\xAF\n", "1:4", "invalid YAML");
    expect_error("k: \xF4\x90\x80\x80\n", "1:4", "invalid YAML");
}

static void test_syntax_errors(void **state)
{
    (void)state;
    /* libyaml's marks are 0-based; reports must be 1-based. */
    expect_error("a:\n\tb: 1\n", "2:1", "invalid YAML");
    expect_error("a: [1, 2\n", "2:1", "invalid YAML");
    expect_error("a: 'open\n", "2:1", "invalid YAML");
    expect_error("a: b: c\n", "1:5", "invalid YAML");
    expect_error("a: 1\n b: 2\n", "2:3", "invalid YAML");
    expect_error("- a\nb: c\n", "2:1", "invalid YAML");
}

static struct ynode *scalar_of(struct doc *d, const char *text)
{
    doc_parse(d, text);
    if (d->root == NULL)
        fail_msg("'%s' did not parse:\n%s", text, capture_text(&d->cap));
    return ynode_get(d->root, "v");
}

static void test_ynode_int_range(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        bool ok;
        int64_t value;
    } cases[] = {
        { "v: 0", true, 0 },
        { "v: 404", true, 404 },
        { "v: -404", true, -404 },
        { "v: +404", true, 404 },
        { "v: 007", true, 7 },
        { "v: 0x1F", true, 31 },
        { "v: 0o17", true, 15 },
        { "v: 9223372036854775807", true, INT64_MAX },
        { "v: -9223372036854775808", true, INT64_MIN },
        { "v: 0x7FFFFFFFFFFFFFFF", true, INT64_MAX },
        { "v: 0o777777777777777777777", true, INT64_MAX },
        { "v: 9223372036854775808", false, 0 },
        { "v: -9223372036854775809", false, 0 },
        { "v: 0x8000000000000000", false, 0 },
        { "v: 0o1000000000000000000000", false, 0 },
        { "v: 18446744073709551616", false, 0 },
        { "v: 99999999999999999999999999", false, 0 },
        { "v: 1.5", false, 0 },
        { "v: '404'", false, 0 },
        { "v: true", false, 0 },
        { "v: ~", false, 0 },
    };
    struct doc *d = doc_new();
    for (size_t i = 0; i < COUNT(cases); i++) {
        const struct ynode *v = scalar_of(d, cases[i].text);
        int64_t got = 12345;
        bool ok = ynode_int(v, &got);
        if (ok != cases[i].ok || (ok && got != cases[i].value))
            fail_msg("'%s': expected %s %" PRId64 ", got %s %" PRId64, cases[i].text,
                     cases[i].ok ? "ok" : "fail", cases[i].value, ok ? "ok" : "fail", got);
        doc_free(d);
    }
    int64_t x;
    assert_false(ynode_int(NULL, &x));
}

static void test_ynode_number_and_bool(void **state)
{
    (void)state;
    struct doc *d = doc_new();
    double v;
    assert_true(ynode_number(scalar_of(d, "v: 1.5"), &v));
    assert_true(v == 1.5);
    doc_free(d);
    assert_true(ynode_number(scalar_of(d, "v: -2"), &v));
    assert_true(v == -2.0);
    doc_free(d);
    assert_true(ynode_number(scalar_of(d, "v: 1e3"), &v));
    assert_true(v == 1000.0);
    doc_free(d);
    assert_true(ynode_number(scalar_of(d, "v: -.inf"), &v));
    assert_true(isinf(v) && v < 0);
    doc_free(d);
    assert_true(ynode_number(scalar_of(d, "v: .Inf"), &v));
    assert_true(isinf(v) && v > 0);
    doc_free(d);
    assert_true(ynode_number(scalar_of(d, "v: .NaN"), &v));
    assert_true(isnan(v));
    doc_free(d);
    assert_true(ynode_number(scalar_of(d, "v: 0x10"), &v));
    assert_true(v == 16.0);
    doc_free(d);
    /* Beyond int64, integers are still numbers. */
    assert_true(ynode_number(scalar_of(d, "v: 18446744073709551616"), &v));
    assert_true(v == 18446744073709551616.0);
    doc_free(d);
    assert_false(ynode_number(scalar_of(d, "v: abc"), &v));
    doc_free(d);
    assert_false(ynode_number(scalar_of(d, "v: '1.5'"), &v));
    doc_free(d);

    assert_true(ynode_bool(scalar_of(d, "v: true")));
    doc_free(d);
    assert_true(ynode_bool(scalar_of(d, "v: TRUE")));
    doc_free(d);
    assert_false(ynode_bool(scalar_of(d, "v: False")));
    doc_free(d);
    assert_false(ynode_bool(scalar_of(d, "v: 'true'")));
    doc_free(d);
}

/* An octal integer beyond int64 must not read as 0: strtod does not know
 * the 0o prefix. */
static void test_ynode_number_big_octal(void **state)
{
    (void)state;
    struct doc *d = doc_new();
    double v = -1;
    const struct ynode *n = scalar_of(d, "v: 0o7777777777777777777777");
    assert_true(ynode_is_scalar(n, YTYPE_INT));
    if (ynode_number(n, &v) && !(v > 9.0e18))
        fail_msg("0o7777777777777777777777 (about 7.4e19) read as %g", v);
    doc_free(d);
}

/* A .nan scalar whose text starts an arena block: the sign check must not
 * look at the byte before the text (glibc's M_PERTURB fills fresh heap
 * memory, so that byte is '-' here rather than whatever happened to be
 * there). */
static void test_nan_at_block_start(void **state)
{
    (void)state;
#ifdef M_PERTURB
    mallopt(M_PERTURB, '-' ^ 0xFF);
#endif
    static const struct catalog_limits defaults = CATALOG_DEFAULT_LIMITS;
    struct doc *d = doc_new();
    d->active = true;
    arena_init(&d->a);
    /* Fill the first 64 KiB block so that exactly one ynode still fits: the
     * scalar's text then opens a new block. */
    size_t node = (sizeof(struct ynode) + 15) / 16 * 16;
    for (int i = 0; i < 3; i++)
        arena_alloc(&d->a, 16384);
    arena_alloc(&d->a, 16384 - node);
    source_from_memory(&d->src, "t.yaml", ".nan", 4);
    capture_open(&d->cap, false);
    d->root = yaml_tree_parse(&d->a, &d->cap.d, &d->src, &defaults);
#ifdef M_PERTURB
    mallopt(M_PERTURB, 0);
#endif
    assert_non_null(d->root);
    if (d->root->u.scalar.type != YTYPE_FLOAT)
        fail_msg(".nan typed as %d, not YTYPE_FLOAT (%d)", (int)d->root->u.scalar.type,
                 (int)YTYPE_FLOAT);
    doc_free(d);
}

static void test_lookup_helpers(void **state)
{
    (void)state;
    struct doc *d = doc_new();
    doc_ok(d, "a: 1\nb: [x]\nc: {k: v}\nn: ~\nt: true\nf: 1.5\ns: str\n");
    assert_null(ynode_get(d->root, "missing"));
    assert_null(ynode_pair(d->root, "missing"));
    assert_null(ynode_get(ynode_get(d->root, "b"), "x")); /* not a mapping */
    assert_null(ynode_get(NULL, "a"));
    assert_string_equal(ynode_describe(ynode_get(d->root, "a")), "an integer");
    assert_string_equal(ynode_describe(ynode_get(d->root, "b")), "a list");
    assert_string_equal(ynode_describe(ynode_get(d->root, "c")), "a mapping");
    assert_string_equal(ynode_describe(ynode_get(d->root, "n")), "null");
    assert_string_equal(ynode_describe(ynode_get(d->root, "t")), "a boolean");
    assert_string_equal(ynode_describe(ynode_get(d->root, "f")), "a number");
    assert_string_equal(ynode_describe(ynode_get(d->root, "s")), "a string");
    assert_string_equal(ynode_describe(NULL), "nothing");
    assert_true(ynode_is_scalar(ynode_get(d->root, "a"), YTYPE_INT));
    assert_false(ynode_is_scalar(ynode_get(d->root, "b"), YTYPE_STRING));
    assert_false(ynode_is_scalar(NULL, YTYPE_NULL));
    doc_free(d);
}

static void test_large_mapping(void **state)
{
    (void)state;
    /* 100k keys: the duplicate check must stay fast (sorting, not pairs). */
    struct strbuf sb = STRBUF_INIT;
    for (int i = 0; i < 100000; i++)
        strbuf_addf(&sb, "key%d: %d\n", i, i);
    clock_t start = clock();
    const char *unique = unit_copy(strbuf_str(&sb));
    strbuf_addf(&sb, "key%d: dup\n", 4242);
    const char *dup = unit_text(&sb);
    struct doc *d = doc_new();
    doc_ok(d, unique);
    assert_int_equal(d->root->u.map.count, 100000);
    doc_free(d);
    doc_parse(d, dup);
    assert_null(d->root);
    assert_int_equal(d->cap.d.errors, 1);
    assert_diag(capture_text(&d->cap), "t.yaml:100001:1: error: ", "duplicate key 'key4242'");
    assert_diag(capture_text(&d->cap), "t.yaml:4243:1: note: ", "first given here");
    doc_free(d);
    double seconds = (double)(clock() - start) / CLOCKS_PER_SEC;
    if (seconds > 60.0) /* generous: valgrind runs this too */
        fail_msg("100k keys took %.2f s", seconds);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        UNIT_TEST(test_positions_block),
        UNIT_TEST(test_positions_flow),
        UNIT_TEST(test_positions_count_characters),
        UNIT_TEST(test_scalar_types),
        UNIT_TEST(test_scalar_styles_and_text),
        UNIT_TEST(test_tags),
        UNIT_TEST(test_duplicate_keys),
        UNIT_TEST(test_duplicate_key_through_alias),
        UNIT_TEST(test_non_scalar_keys),
        UNIT_TEST(test_anchors_share_nodes),
        UNIT_TEST(test_undefined_alias),
        UNIT_TEST(test_alias_bomb_default_limit),
        UNIT_TEST(test_alias_limit_custom),
        UNIT_TEST(test_depth_limit),
        UNIT_TEST(test_empty_document),
        UNIT_TEST(test_two_documents),
        UNIT_TEST(test_invalid_utf8),
        UNIT_TEST(test_syntax_errors),
        UNIT_TEST(test_ynode_int_range),
        UNIT_TEST(test_ynode_number_and_bool),
        UNIT_TEST(test_ynode_number_big_octal),
        UNIT_TEST(test_nan_at_block_start),
        UNIT_TEST(test_lookup_helpers),
        UNIT_TEST(test_large_mapping),
    };
    return cmocka_run_group_tests_name("yaml_tree", tests, NULL, NULL);
}
