#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "../model/model.h"
#include "../support/arena.h"
#include "diff.h"

/* A member's name as a client reads it: "errors[].pointer" for a property of
 * an array's object items. */
struct mdiff {
    struct arena *a;
    struct diff_result *r;
    const char *code;
    const char *prefix;
};

static const char *path(const struct mdiff *md, const struct member *m)
{
    return arena_printf(md->a, "%s%s", md->prefix, m->name);
}

static const struct member *find(const struct member *ms, size_t count, const char *name)
{
    for (size_t i = 0; i < count; i++)
        if (strcmp(ms[i].name, name) == 0)
            return &ms[i];
    return NULL;
}

static const char *type_text(struct arena *a, const struct member *m)
{
    if (m->type != MEMBER_ARRAY)
        return member_type_name(m->type);
    return arena_printf(a, "array of %s", member_type_name(m->item_type));
}

static bool same_shape(const struct member *o, const struct member *n)
{
    return o->type == n->type && (o->type != MEMBER_ARRAY || o->item_type == n->item_type);
}

static void narrowed(struct mdiff *md, const struct member *n, const char *what, const char *from,
                     const char *to)
{
    diff_add(md->a, md->r, CHANGE_BREAKING, "bounds-narrowed", md->code, n->loc,
             "%s of member '%s' of '%s' narrowed from %s to %s: values clients and servers "
             "accepted are now refused",
             what, path(md, n), md->code, from, to);
}

static void widened(struct mdiff *md, const struct member *n, const char *what, const char *from,
                    const char *to)
{
    diff_add(md->a, md->r, CHANGE_COMPATIBLE, "bounds-widened", md->code, n->loc,
             "%s of member '%s' of '%s' widened from %s to %s", what, path(md, n), md->code,
             from, to);
}

static const char *num(struct arena *a, bool has, double v)
{
    return has ? arena_printf(a, "%.17g", v) : "none";
}

static const char *count_text(struct arena *a, bool has, uint64_t v)
{
    return has ? arena_printf(a, "%" PRIu64, v) : "none";
}

/* A bound is narrower when it appears or tightens; `upper` for maximum-like
 * bounds (smaller is narrower), else minimum (larger is narrower). */
static void bound(struct mdiff *md, const struct member *n, const char *what, bool had, double o,
                  bool has, double v, bool upper, const char *from, const char *to)
{
    if (had == has && (!has || o == v))
        return;
    bool narrower = (!had && has) || (had && has && (upper ? v < o : v > o));
    (narrower ? narrowed : widened)(md, n, what, from, to);
}

static void diff_bounds(struct mdiff *md, const struct member *o, const struct member *n)
{
    struct arena *a = md->a;
    bound(md, n, "minimum", o->has_minimum, o->minimum, n->has_minimum, n->minimum, false,
          num(a, o->has_minimum, o->minimum), num(a, n->has_minimum, n->minimum));
    bound(md, n, "maximum", o->has_maximum, o->maximum, n->has_maximum, n->maximum, true,
          num(a, o->has_maximum, o->maximum), num(a, n->has_maximum, n->maximum));
    bound(md, n, "max_length", o->has_max_length, (double)o->max_length, n->has_max_length,
          (double)n->max_length, true, count_text(a, o->has_max_length, o->max_length),
          count_text(a, n->has_max_length, n->max_length));
    bound(md, n, "max_items", o->has_max_items, (double)o->max_items, n->has_max_items,
          (double)n->max_items, true, count_text(a, o->has_max_items, o->max_items),
          count_text(a, n->has_max_items, n->max_items));
}

/* A string format restricts the values (an enum-like bound): adding or
 * changing one narrows, dropping one widens. */
static void diff_format(struct mdiff *md, const struct member *n, const char *what,
                        enum string_format o, enum string_format f)
{
    if (o == f)
        return;
    const char *from = o == FORMAT_NONE ? "none" : string_format_name(o);
    const char *to = f == FORMAT_NONE ? "none" : string_format_name(f);
    (f == FORMAT_NONE ? widened : narrowed)(md, n, what, from, to);
}

static void diff_one(struct mdiff *md, const struct member *o, const struct member *n)
{
    if (!same_shape(o, n)) {
        diff_add(md->a, md->r, CHANGE_BREAKING, "member-retyped", md->code, n->loc,
                 "member '%s' of '%s' retyped from %s to %s: clients decode the old type",
                 path(md, n), md->code, type_text(md->a, o), type_text(md->a, n));
        return;
    }
    if (!o->required && n->required)
        diff_add(md->a, md->r, CHANGE_BREAKING, "member-required", md->code, n->loc,
                 "member '%s' of '%s' made required: every place that sends the error must "
                 "now set it", path(md, n), md->code);
    else if (o->required && !n->required)
        diff_add(md->a, md->r, CHANGE_COMPATIBLE, "member-optional", md->code, n->loc,
                 "member '%s' of '%s' made optional", path(md, n), md->code);
    if (!o->hidden && n->hidden)
        diff_add(md->a, md->r, CHANGE_BREAKING, "member-hidden", md->code, n->loc,
                 "member '%s' of '%s' is no longer sent (expose: false): clients that read it "
                 "lose it", path(md, n), md->code);
    else if (o->hidden && !n->hidden)
        diff_add(md->a, md->r, CHANGE_COMPATIBLE, "member-exposed", md->code, n->loc,
                 "member '%s' of '%s' is now sent", path(md, n), md->code);
    diff_format(md, n, "format", o->format, n->format);
    if (o->type == MEMBER_ARRAY)
        diff_format(md, n, "item format", o->item_format, n->item_format);
    diff_bounds(md, o, n);
    if ((o->description == NULL) != (n->description == NULL) ||
        (o->description && strcmp(o->description, n->description) != 0))
        diff_add(md->a, md->r, CHANGE_COMPATIBLE, "member-description-changed", md->code,
                 n->loc, "description of member '%s' of '%s' changed", path(md, n), md->code);
    if (o->type == MEMBER_ARRAY && o->item_type == MEMBER_OBJECT)
        diff_members(md->a, md->r, md->code, o->properties, o->property_count, n->properties,
                     n->property_count, arena_printf(md->a, "%s%s[].", md->prefix, n->name));
}

/* A removed member and an added one of the same type, in one error, are
 * reported as one rename. */
static const struct member *rename_partner(const struct member *o, const struct member *ns,
                                           size_t n_count, const struct member *olds,
                                           size_t o_count, bool *taken)
{
    for (size_t i = 0; i < n_count; i++)
        if (!taken[i] && find(olds, o_count, ns[i].name) == NULL && same_shape(o, &ns[i])) {
            taken[i] = true;
            return &ns[i];
        }
    return NULL;
}

void diff_members(struct arena *a, struct diff_result *r, const char *code,
                  const struct member *old, size_t old_count, const struct member *new_,
                  size_t new_count, const char *prefix)
{
    struct mdiff md = { a, r, code, prefix };
    bool *taken = arena_alloc_array(a, new_count ? new_count : 1, sizeof *taken);
    for (size_t i = 0; i < old_count; i++) {
        const struct member *o = &old[i], *n = find(new_, new_count, o->name);
        if (n) {
            diff_one(&md, o, n);
            continue;
        }
        n = rename_partner(o, new_, new_count, old, old_count, taken);
        if (n)
            diff_add(a, r, CHANGE_BREAKING, "member-renamed", code, n->loc,
                     "member '%s' of '%s' renamed to '%s': clients read it by name",
                     path(&md, o), code, path(&md, n));
        else
            diff_add(a, r, CHANGE_BREAKING, "member-removed", code, o->loc,
                     "member '%s' of '%s' removed: clients that read it no longer get it",
                     path(&md, o), code);
    }
    for (size_t i = 0; i < new_count; i++) {
        const struct member *n = &new_[i];
        if (taken[i] || find(old, old_count, n->name))
            continue;
        if (n->required)
            diff_add(a, r, CHANGE_BREAKING, "member-added-required", code, n->loc,
                     "required member '%s' added to '%s': every place that sends the error "
                     "must now set it", path(&md, n), code);
        else
            diff_add(a, r, CHANGE_COMPATIBLE, "member-added", code, n->loc,
                     "optional member '%s' added to '%s'", path(&md, n), code);
    }
}
