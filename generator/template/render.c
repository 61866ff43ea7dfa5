/* Walks a compiled template against a value tree: text, variables and
 * sections here, partials and inheritance in include.c. Indentation is
 * written lazily, before the first byte of a line, so that empty lines stay
 * empty and interpolated data is never indented. */
#include <stdarg.h>
#include <stdio.h>

#include "../model/value.h"
#include "../support/diag.h"
#include "render.h"

static void report(struct renderer *r, const struct frame *f, const struct node *n, bool error,
                   const char *fmt, va_list ap)
{
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    struct loc loc = source_loc_at(f->t->src, n->offset);
    if (error)
        diag_error(mustache_engine_diag(r->e), loc, "%s", msg);
    else
        diag_note(mustache_engine_diag(r->e), loc, "%s", msg);
}

void mustache_render_error(struct renderer *r, const struct frame *f, const struct node *n,
                           const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(r, f, n, true, fmt, ap);
    va_end(ap);
}

void mustache_render_note(struct renderer *r, const struct frame *f, const struct node *n,
                          const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(r, f, n, false, fmt, ap);
    va_end(ap);
}

bool mustache_render_enter(struct renderer *r, const struct frame *f, const struct node *n)
{
    if (r->depth >= MUSTACHE_MAX_DEPTH) {
        mustache_render_error(r, f, n,
                              "templates nested more than %d levels deep (a partial that "
                              "includes itself without end?)",
                              MUSTACHE_MAX_DEPTH);
        return false;
    }
    r->depth++;
    return true;
}

void mustache_render_leave(struct renderer *r)
{
    r->depth--;
}

void mustache_frame_push(struct renderer *r, const struct frame *f, struct frame *child,
                         struct span extra)
{
    strbuf_add(&r->indent, extra.ptr, extra.len);
    child->ind_base = f->ind_base;
    child->ind_end = r->indent.len;
}

void mustache_frame_pop(struct renderer *r, const struct frame *f)
{
    r->indent.len = f->ind_end;
    if (r->indent.data != NULL)
        r->indent.data[r->indent.len] = '\0';
}

static void flush_indent(struct renderer *r, const struct frame *f)
{
    if (f->ind_end > f->ind_base)
        strbuf_add(r->out, r->indent.data + f->ind_base, f->ind_end - f->ind_base);
    r->line_start = false;
}

static bool empty_line(const char *s, size_t len)
{
    return s[0] == '\n' || (s[0] == '\r' && len > 1 && s[1] == '\n');
}

static void render_text(struct renderer *r, const struct frame *f, const struct node *n)
{
    const char *s = n->u.text.ptr;
    size_t len = n->u.text.len;
    if (n->u.text.bol) {
        size_t k = 0;
        while (k < f->strip && k < len && is_blank(s[k]))
            k++;
        s += k;
        len -= k;
    }
    if (len == 0)
        return;
    if (r->line_start && !empty_line(s, len))
        flush_indent(r, f);
    strbuf_add(r->out, s, len);
    if (s[len - 1] == '\n')
        r->line_start = true;
}

static void render_var(struct renderer *r, const struct frame *f, const struct ctx *c,
                       const struct node *n)
{
    char buf[32];
    const struct value *v = mustache_lookup(c, &n->u.var.name);
    if (v != NULL && v->kind == VALUE_TEXT && !n->u.var.escape) {
        /* Made straight into the output: no copy of it anywhere. */
        if (v->u.text.len == 0)
            return;
        if (r->line_start)
            flush_indent(r, f);
        value_text_write(r->out, v);
        return;
    }
    struct span text = mustache_value_text(v, buf, &r->scratch);
    if (text.len == 0)
        return;
    if (r->line_start)
        flush_indent(r, f);
    if (n->u.var.escape)
        mustache_escape_html(r->out, text.ptr, text.len);
    else
        strbuf_add(r->out, text.ptr, text.len);
}

/* A list repeats the body per item; any other true value is pushed once. */
static bool render_section(struct renderer *r, const struct frame *f, const struct ctx *c,
                           const struct node *n)
{
    const struct value *v = mustache_lookup(c, &n->u.section.name);
    bool truthy = mustache_truthy(v);
    if (truthy != (n->kind == NODE_SECTION))
        return true;
    if (!mustache_render_enter(r, f, n))
        return false;
    bool ok = true;
    if (n->kind == NODE_INVERTED) {
        ok = mustache_render_list(r, f, c, &n->u.section.body);
    } else if (v->kind == VALUE_LIST) {
        for (size_t i = 0; i < v->u.list.count && ok; i++) {
            struct ctx item = { v->u.list.items[i], c };
            ok = mustache_render_list(r, f, &item, &n->u.section.body);
        }
    } else {
        struct ctx top = { v, c };
        ok = mustache_render_list(r, f, &top, &n->u.section.body);
    }
    mustache_render_leave(r);
    return ok;
}

/* Counts one more node; false (with an error at n) once the render has
 * rendered or written more than the engine allows. Depth limits do not
 * bound the work: sections over a two-item list nested 40 deep render
 * their body 2^40 times, which `errata render` would otherwise grind
 * through until memory ran out (a fuzz find). Checked before each node,
 * so the output overshoots by one node's text at most. */
static bool count_step(struct renderer *r, const struct frame *f, const struct node *n)
{
    size_t written = r->out->len - r->out_start;
    if (++r->steps <= mustache_engine_max_steps(r->e) &&
        written <= mustache_engine_max_output(r->e))
        return true;
    if (written > mustache_engine_max_output(r->e))
        mustache_render_error(r, f, n,
                              "rendering writes more than %zu bytes (sections over lists "
                              "nested inside each other?)",
                              mustache_engine_max_output(r->e));
    else
        mustache_render_error(r, f, n,
                              "rendering takes more than %zu steps (sections over lists "
                              "nested inside each other?)",
                              mustache_engine_max_steps(r->e));
    return false;
}

static bool render_node(struct renderer *r, const struct frame *f, const struct ctx *c,
                        const struct node *n)
{
    if (!count_step(r, f, n))
        return false;
    switch (n->kind) {
    case NODE_TEXT:
        render_text(r, f, n);
        return true;
    case NODE_VAR:
        render_var(r, f, c, n);
        return true;
    case NODE_SECTION:
    case NODE_INVERTED:
        return render_section(r, f, c, n);
    case NODE_BLOCK:
        return mustache_render_block(r, f, c, n);
    default:
        return mustache_render_partial(r, f, c, n);
    }
}

bool mustache_render_list(struct renderer *r, const struct frame *f, const struct ctx *c,
                          const struct node_list *l)
{
    for (size_t i = 0; i < l->count; i++)
        if (!render_node(r, f, c, &l->items[i]))
            return false;
    return true;
}

bool mustache_render(struct mustache_engine *e, const struct mustache_template *t,
                     const struct value *data, struct strbuf *out)
{
    struct renderer r = { .e = e, .out = out, .indent = STRBUF_INIT, .line_start = true,
                          .out_start = out->len, .scratch = STRBUF_INIT };
    struct frame f = { .t = t };
    struct ctx root = { data, NULL };
    bool ok = mustache_render_list(&r, &f, data ? &root : NULL, &t->root);
    strbuf_release(&r.indent);
    strbuf_release(&r.scratch);
    /* An empty render still leaves out a valid C string. */
    strbuf_add(out, "", 0);
    return ok;
}
