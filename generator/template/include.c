/* Partials, parents and blocks: rendering another template in place, with
 * the indentation and the block overrides the spec gives it. */
#include <string.h>

#include "render.h"

/* The name as written, or, for a dynamic name, the text of its value. */
static struct span include_name(struct renderer *r, const struct ctx *c, const struct node *n,
                                char buf[32])
{
    if (!n->u.include.dynamic)
        return n->u.include.name;
    return mustache_value_text(mustache_lookup(c, &n->u.include.dyn), buf, &r->scratch);
}

/* The indentation a standalone tag adds: the blanks before it on its line,
 * less those the frame strips from each of its lines. */
static struct span own_indent(const struct frame *f, struct span ws)
{
    if (ws.len <= f->strip)
        return (struct span){ "", 0 };
    return (struct span){ ws.ptr + f->strip, ws.len - f->strip };
}

/* Finds the template; *t stays NULL for an unknown partial, which renders
 * as nothing. False on failure, reported. */
static bool load_include(struct renderer *r, const struct frame *f, const struct node *n,
                         struct span name, const struct mustache_template **t)
{
    bool fresh;
    enum partial_state state = mustache_engine_load(r->e, name.ptr, name.len, t, &fresh);
    const char *what = n->kind == NODE_PARENT ? "parent" : "partial";
    char shown[SHOW_MAX + 4];
    mustache_show(shown, name.ptr, name.len);
    switch (state) {
    case PARTIAL_OK:
        return true;
    case PARTIAL_MISSING:
        *t = NULL;
        if (n->kind != NODE_PARENT)
            return true;
        mustache_render_error(r, f, n, "unknown parent '%s'", shown);
        return false;
    case PARTIAL_BROKEN:
        if (fresh)
            mustache_render_note(r, f, n, "in %s '%s' used here", what, shown);
        else
            mustache_render_error(r, f, n, "%s '%s' has errors (reported when it was loaded)", what,
                                  shown);
        return false;
    }
    return false;
}

bool mustache_render_partial(struct renderer *r, const struct frame *f, const struct ctx *c,
                             const struct node *n)
{
    char buf[32];
    struct span name = include_name(r, c, n, buf);
    const struct mustache_template *t = NULL;
    if (name.len == 0)
        return true; /* a dynamic name that resolves to nothing */
    if (!load_include(r, f, n, name, &t))
        return false;
    if (t == NULL)
        return true; /* an unknown partial renders as nothing */
    if (!mustache_render_enter(r, f, n))
        return false;
    /* A parent's blocks override those of the templates it renders. */
    struct scope scope = { &n->u.include.blocks, f->t, f->scope };
    struct frame child = { .t = t, .scope = n->kind == NODE_PARENT ? &scope : f->scope };
    struct span extra = { "", 0 };
    if (n->u.include.standalone) {
        extra = own_indent(f, n->u.include.ws);
        r->line_start = true;
    }
    mustache_frame_push(r, f, &child, extra);
    bool ok = mustache_render_list(r, &child, c, &t->root);
    mustache_frame_pop(r, f);
    mustache_render_leave(r);
    return ok;
}

static bool same_name(struct span a, struct span b)
{
    return a.len == b.len && memcmp(a.ptr, b.ptr, a.len) == 0;
}

/* The outermost parent's block wins (the spec's multi-level inheritance). */
static const struct node *find_override(const struct scope *s, struct span name,
                                        const struct mustache_template **t)
{
    const struct node *found = NULL;
    for (; s != NULL; s = s->outer) {
        for (size_t i = 0; i < s->blocks->count; i++) {
            if (same_name(s->blocks->items[i].u.block.name, name)) {
                found = &s->blocks->items[i];
                *t = s->t;
                break;
            }
        }
    }
    return found;
}

/* The override's lines lose the indentation they were written with and
 * take the one of the block they replace. */
static bool render_override(struct renderer *r, const struct frame *f, const struct ctx *c,
                            const struct node *slot, const struct node *o,
                            const struct mustache_template *t)
{
    struct frame child = { .t = t, .scope = f->scope };
    if (o->u.block.mode == BLOCK_STANDALONE)
        child.strip = o->u.block.indent.len;
    if (slot->u.block.mode != BLOCK_INLINE)
        r->line_start = true;
    mustache_frame_push(r, f, &child, own_indent(f, slot->u.block.indent));
    bool ok = mustache_render_list(r, &child, c, &o->u.block.body);
    mustache_frame_pop(r, f);
    return ok;
}

bool mustache_render_block(struct renderer *r, const struct frame *f, const struct ctx *c,
                           const struct node *n)
{
    const struct mustache_template *t = NULL;
    const struct node *o = find_override(f->scope, n->u.block.name, &t);
    if (!mustache_render_enter(r, f, n))
        return false;
    bool ok = o != NULL ? render_override(r, f, c, n, o, t)
                        : mustache_render_list(r, f, c, &n->u.block.body);
    mustache_render_leave(r);
    return ok;
}
