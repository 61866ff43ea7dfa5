/* mustache_parse: copies the source, runs the passes (lex, match,
 * standalone) and builds the immutable node tree the renderer walks. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../support/arena.h"
#include "../support/diag.h"
#include "internal.h"

static void vreport(struct parser *p, bool error, size_t offset, const char *fmt, va_list ap)
{
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    struct loc loc = source_loc_at(p->src, offset);
    if (error)
        diag_error(mustache_engine_diag(p->e), loc, "%s", msg);
    else
        diag_note(mustache_engine_diag(p->e), loc, "%s", msg);
}

bool mustache_parse_error(struct parser *p, size_t offset, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(p, true, offset, fmt, ap);
    va_end(ap);
    p->errors++;
    return false;
}

void mustache_parse_note(struct parser *p, size_t offset, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(p, false, offset, fmt, ap);
    va_end(ap);
}

void mustache_show(char out[SHOW_MAX + 4], const char *s, size_t len)
{
    size_t n = len > SHOW_MAX ? SHOW_MAX : len;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        out[i] = c < 0x20 || c == 0x7f ? '?' : (char)c;
    }
    strcpy(out + n, len > n ? "..." : "");
}

/* Splits a dotted name; `.` gives no parts (the top of the stack). */
static struct name split_name(struct arena *a, struct span key)
{
    struct name n = { NULL, 0 };
    if (key.len == 1 && key.ptr[0] == '.')
        return n;
    size_t count = 1;
    for (size_t i = 0; i < key.len; i++)
        count += key.ptr[i] == '.';
    struct span *parts = arena_alloc_array(a, count, sizeof *parts);
    const char *start = key.ptr, *end = key.ptr + key.len;
    for (size_t k = 0; k < count; k++) {
        const char *dot = memchr(start, '.', (size_t)(end - start));
        const char *stop = dot ? dot : end;
        parts[k] = (struct span){ start, (size_t)(stop - start) };
        start = stop + 1;
    }
    n.parts = parts;
    n.count = count;
    return n;
}

static struct node *new_nodes(struct parser *p, size_t count)
{
    return arena_alloc_array(mustache_engine_arena(p->e), count ? count : 1, sizeof(struct node));
}

/* Tokens of one level: an opener's range is skipped through its match. */
static size_t skip(const struct parser *p, size_t i)
{
    const struct token *t = &p->toks[i];
    bool opener = t->type == TAG_SECTION || t->type == TAG_INVERTED || t->type == TAG_PARENT ||
                  t->type == TAG_BLOCK;
    return opener ? t->match + 1 : i + 1;
}

static bool makes_node(const struct token *t)
{
    switch (t->type) {
    case TAG_TEXT:
        return !t->removed && t->end > t->start;
    case TAG_CLOSE:
    case TAG_COMMENT:
    case TAG_DELIM:
        return false;
    default:
        return true;
    }
}

static struct node_list build_range(struct parser *p, size_t from, size_t to);
static void build_node(struct parser *p, size_t i, struct node *n);

/* A parent keeps only the blocks directly inside it: its other content is
 * ignored (the spec's "Text inside parent"). */
static struct node_list build_blocks(struct parser *p, size_t from, size_t to)
{
    size_t count = 0;
    for (size_t i = from; i < to; i = skip(p, i))
        count += p->toks[i].type == TAG_BLOCK;
    struct node *items = new_nodes(p, count);
    size_t k = 0;
    for (size_t i = from; i < to; i = skip(p, i))
        if (p->toks[i].type == TAG_BLOCK)
            build_node(p, i, &items[k++]);
    return (struct node_list){ items, k };
}

static void build_text(struct parser *p, const struct token *t, struct node *n)
{
    const char *s = p->src->text;
    n->kind = NODE_TEXT;
    n->u.text.ptr = s + t->start;
    n->u.text.len = t->end - t->start;
    n->u.text.bol = t->start == 0 || s[t->start - 1] == '\n';
}

static void build_include(struct parser *p, size_t i, struct node *n)
{
    const struct token *t = &p->toks[i];
    n->kind = t->type == TAG_PARENT ? NODE_PARENT : NODE_PARTIAL;
    n->u.include.name = t->key;
    n->u.include.dynamic = t->dynamic;
    if (t->dynamic)
        n->u.include.dyn = split_name(mustache_engine_arena(p->e), t->key);
    n->u.include.standalone = t->standalone == ST_LINE;
    n->u.include.ws = t->ws;
    if (t->type == TAG_PARENT)
        n->u.include.blocks = build_blocks(p, i + 1, t->match);
}

static void build_block(struct parser *p, size_t i, struct node *n)
{
    const struct token *t = &p->toks[i];
    n->kind = NODE_BLOCK;
    n->u.block.name = t->key;
    n->u.block.body = build_range(p, i + 1, t->match);
    if (t->standalone == ST_LINE) {
        n->u.block.mode = BLOCK_STANDALONE;
        n->u.block.indent = t->indent;
    } else {
        n->u.block.mode = t->standalone == ST_KEEP_NEWLINE ? BLOCK_KEEP_NEWLINE : BLOCK_INLINE;
        n->u.block.indent = t->ws.ptr ? t->ws : (struct span){ "", 0 };
    }
}

static void build_node(struct parser *p, size_t i, struct node *n)
{
    const struct token *t = &p->toks[i];
    struct arena *a = mustache_engine_arena(p->e);
    n->offset = t->start;
    switch (t->type) {
    case TAG_TEXT:
        build_text(p, t, n);
        break;
    case TAG_VAR:
    case TAG_RAW:
        n->kind = NODE_VAR;
        n->u.var.name = split_name(a, t->key);
        n->u.var.escape = t->type == TAG_VAR;
        break;
    case TAG_SECTION:
    case TAG_INVERTED:
        n->kind = t->type == TAG_SECTION ? NODE_SECTION : NODE_INVERTED;
        n->u.section.name = split_name(a, t->key);
        n->u.section.body = build_range(p, i + 1, t->match);
        break;
    case TAG_BLOCK:
        build_block(p, i, n);
        break;
    default:
        build_include(p, i, n);
        break;
    }
}

static struct node_list build_range(struct parser *p, size_t from, size_t to)
{
    size_t count = 0;
    for (size_t i = from; i < to; i = skip(p, i))
        count += makes_node(&p->toks[i]);
    struct node *items = new_nodes(p, count);
    size_t k = 0;
    for (size_t i = from; i < to; i = skip(p, i))
        if (makes_node(&p->toks[i]))
            build_node(p, i, &items[k++]);
    return (struct node_list){ items, k };
}

const struct source *mustache_copy_source(struct arena *a, const struct source *src)
{
    struct source *copy = arena_alloc(a, sizeof *copy);
    copy->name = arena_strdup(a, src->name ? src->name : "<template>");
    copy->text = arena_strndup(a, src->len ? src->text : "", src->len);
    copy->len = src->len;
    return copy;
}

struct mustache_template *mustache_parse_copied(struct mustache_engine *e, const struct source *src)
{
    struct parser p = { .e = e, .src = src };
    struct mustache_template *t = NULL;
    /* Matching runs after a lexing error too, so one run reports both a bad
     * name and an unclosed section; only an unclosed tag stops it. */
    if (mustache_lex(&p))
        mustache_match(&p);
    if (p.errors == 0) {
        mustache_standalone(&p);
        t = arena_alloc(mustache_engine_arena(e), sizeof *t);
        t->src = p.src;
        t->root = build_range(&p, 0, p.count);
    }
    free(p.toks);
    return t;
}

struct mustache_template *mustache_parse(struct mustache_engine *e, const struct source *src)
{
    return mustache_parse_copied(e, mustache_copy_source(mustache_engine_arena(e), src));
}

const struct source *mustache_template_source(const struct mustache_template *t)
{
    return t->src;
}
