/* The renderer's state, shared by render.c (text, variables, sections) and
 * include.c (partials, parents, blocks). */
#ifndef ERRATA_TEMPLATE_RENDER_H
#define ERRATA_TEMPLATE_RENDER_H

#include "../support/strbuf.h"
#include "internal.h"

struct value;

/* The context stack, innermost first; it lives on the C stack. */
struct ctx {
    const struct value *v;
    const struct ctx *up;
};

/* The blocks a parent passes down, and the scopes of enclosing parents. */
struct scope {
    const struct node_list *blocks;
    const struct mustache_template *t; /* where the blocks were written */
    const struct scope *outer;
};

/* One template being rendered: where its nodes come from, the indentation
 * its lines get, and the source indentation its lines lose (a block's
 * content re-indented at the block it replaces). */
struct frame {
    const struct mustache_template *t;
    const struct scope *scope;
    size_t strip;             /* leading blanks removed from each source line */
    size_t ind_base, ind_end; /* this frame's indentation in renderer.indent */
};

struct renderer {
    struct mustache_engine *e;
    struct strbuf *out;
    struct strbuf indent; /* the indentation of every open frame, nested */
    bool line_start;      /* the output owes the frame's indentation */
    unsigned depth;
    size_t steps;     /* nodes rendered so far, against the engine's max_steps */
    size_t out_start; /* out->len when the render began (it appends) */
    struct strbuf scratch; /* the text of a VALUE_TEXT that cannot go straight to out */
};

bool mustache_render_list(struct renderer *r, const struct frame *f, const struct ctx *c,
                          const struct node_list *l);
bool mustache_render_partial(struct renderer *r, const struct frame *f, const struct ctx *c,
                             const struct node *n);
bool mustache_render_block(struct renderer *r, const struct frame *f, const struct ctx *c,
                           const struct node *n);

/* Counts one more level of nesting; false (with an error at n) past the limit. */
bool mustache_render_enter(struct renderer *r, const struct frame *f, const struct node *n);
void mustache_render_leave(struct renderer *r);
void mustache_render_error(struct renderer *r, const struct frame *f, const struct node *n,
                           const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void mustache_render_note(struct renderer *r, const struct frame *f, const struct node *n,
                          const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Makes child's indentation f's plus `extra`; mustache_frame_pop(r, f) takes it off. */
void mustache_frame_push(struct renderer *r, const struct frame *f, struct frame *child,
                         struct span extra);
void mustache_frame_pop(struct renderer *r, const struct frame *f);

/* context.c */
const struct value *mustache_lookup(const struct ctx *c, const struct name *n);
bool mustache_truthy(const struct value *v);

/* escape.c: the text a value interpolates as (buf holds numbers, scratch
 * the text of a VALUE_TEXT, until the next call with it). */
struct span mustache_value_text(const struct value *v, char buf[32], struct strbuf *scratch);
void mustache_escape_html(struct strbuf *out, const char *s, size_t len);

#endif
