#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "../lock/lock.h"
#include "../model/model.h"
#include "../support/arena.h"
#include "../support/strbuf.h"
#include "../support/strmap.h"
#include "diff.h"

void diff_add(struct arena *a, struct diff_result *r, enum change_kind kind, const char *rule,
              const char *code, struct loc loc, const char *fmt, ...)
{
    struct strbuf sb = STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    strbuf_vaddf(&sb, fmt, ap);
    va_end(ap);
    /* Messages quote catalog text (titles, templates): control bytes are
     * shown as \xNN so that no report can drive a terminal or break a line. */
    struct strbuf clean = STRBUF_INIT;
    for (size_t i = 0; i < sb.len; i++) {
        unsigned char c = (unsigned char)sb.data[i];
        if (c < 0x20 || c == 0x7f)
            strbuf_addf(&clean, "\\x%02X", c);
        else
            strbuf_addc(&clean, (char)c);
    }
    r->changes = arena_grow(a, r->changes, &r->cap, r->count + 1, sizeof *r->changes);
    r->changes[r->count++] = (struct change){ kind, rule, code, loc,
                                              arena_strdup(a, strbuf_str(&clean)) };
    strbuf_release(&clean);
    strbuf_release(&sb);
    if (kind == CHANGE_BREAKING)
        r->breaking++;
    else
        r->compatible++;
}

/* A URI of about:blank stands for its status (RFC 9457 §4.2): two entries
 * are the same problem type when their keys are equal. */
static const char *type_key(struct arena *a, const struct entry *e)
{
    return e->about_blank ? arena_printf(a, "about:blank %d", e->status) : e->type_uri;
}

static struct loc type_or_code(const struct entry *e)
{
    return e->type_loc.line ? e->type_loc : e->code_loc;
}

static struct loc id_or_code(const struct entry *e)
{
    return e->explicit_id ? e->id_loc : e->code_loc;
}

static bool same_text(const char *x, const char *y)
{
    return (x == NULL && y == NULL) || (x && y && strcmp(x, y) == 0);
}

struct differ {
    struct arena *a;
    struct diff_result *r;
    const struct diff_side *old, *new_;
    bool base_changed;
};

/* The main catalog's base_uri: every type URI built from it moves with it.
 * Reported once, and the type changes it explains are not reported again. */
static void diff_base_uri(struct differ *df)
{
    const struct catalog_file *o = df->old->model->main, *n = df->new_->model->main;
    if (same_text(o->base_uri, n->base_uri))
        return;
    df->base_changed = true;
    struct loc at = n->base_uri_loc.line ? n->base_uri_loc : (struct loc){ &n->src, 0, 0 };
    diff_add(df->a, df->r, CHANGE_BREAKING, "base-uri-changed", NULL, at,
             "base_uri changed from '%s' to '%s': the type URI of every error built from it "
             "changes, and clients identify errors by type URI",
             o->base_uri ? o->base_uri : "(none)", n->base_uri ? n->base_uri : "(none)");
}

static bool explained_by_base(const struct differ *df, const struct entry *o,
                              const struct entry *n)
{
    return df->base_changed && o->origin->index == 0 && n->origin->index == 0 && o->slug &&
           n->slug && strcmp(o->slug, n->slug) == 0;
}

static bool tombstoned(const struct diff_side *side, const char *code, const char **use)
{
    const struct model *m = side->model;
    *use = NULL;
    for (size_t i = 0; i < m->removal_count; i++)
        if (strcmp(m->removals[i].code, code) == 0) {
            *use = m->removals[i].use;
            return true;
        }
    const struct lock_code *l = side->lock && side->lock->path ? lock_find(side->lock, code)
                                                               : NULL;
    if (l && l->removed)
        *use = l->use;
    return l && l->removed;
}

static void diff_headers(struct differ *df, const struct entry *o, const struct entry *n)
{
    for (size_t i = 0; i < o->header_count; i++) {
        const struct header *oh = &o->headers[i], *nh = NULL;
        for (size_t k = 0; k < n->header_count && !nh; k++)
            if (strcasecmp(n->headers[k].name, oh->name) == 0)
                nh = &n->headers[k];
        if (nh == NULL) {
            diff_add(df->a, df->r, CHANGE_BREAKING, "header-removed", o->code, oh->loc,
                     "header '%s' of '%s' removed: clients that read it no longer get it",
                     oh->name, o->code);
        } else if (strcmp(oh->value.source, nh->value.source) != 0) {
            diff_add(df->a, df->r, CHANGE_BREAKING, "header-changed", n->code, nh->loc,
                     "header '%s' of '%s' changed from \"%s\" to \"%s\": clients parsing the "
                     "old form fail",
                     nh->name, n->code, oh->value.source, nh->value.source);
        } else if (!same_text(oh->fallback, nh->fallback)) {
            diff_add(df->a, df->r, CHANGE_COMPATIBLE, "header-fallback-changed", n->code,
                     nh->loc, "fallback of header '%s' of '%s' changed", nh->name, n->code);
        }
    }
    for (size_t k = 0; k < n->header_count; k++) {
        bool known = false;
        for (size_t i = 0; i < o->header_count && !known; i++)
            known = strcasecmp(n->headers[k].name, o->headers[i].name) == 0;
        if (!known)
            diff_add(df->a, df->r, CHANGE_COMPATIBLE, "header-added", n->code,
                     n->headers[k].loc, "header '%s' added to '%s'", n->headers[k].name,
                     n->code);
    }
}

/* Texts a client shows but does not branch on. */
static void diff_wording(struct differ *df, const struct entry *o, const struct entry *n)
{
    if (!same_text(o->title, n->title))
        diff_add(df->a, df->r, CHANGE_COMPATIBLE, "title-changed", n->code, n->code_loc,
                 "title of '%s' changed from \"%s\" to \"%s\" (RFC 9457 §3.1.3: a type's title "
                 "should not change, except for localization)",
                 n->code, o->title, n->title);
    if (!same_text(o->detail.source, n->detail.source))
        diff_add(df->a, df->r, CHANGE_COMPATIBLE, "detail-changed", n->code, n->code_loc,
                 "default detail of '%s' changed", n->code);
    if (!same_text(o->description, n->description))
        diff_add(df->a, df->r, CHANGE_COMPATIBLE, "description-changed", n->code, n->code_loc,
                 "description of '%s' changed", n->code);
    if (o->deprecated == NULL && n->deprecated)
        diff_add(df->a, df->r, CHANGE_COMPATIBLE, "deprecated", n->code, n->code_loc,
                 "'%s' deprecated: %s", n->code, n->deprecated);
    else if (o->deprecated && n->deprecated == NULL)
        diff_add(df->a, df->r, CHANGE_COMPATIBLE, "undeprecated", n->code, n->code_loc,
                 "'%s' is no longer deprecated", n->code);
    else if (!same_text(o->deprecated, n->deprecated))
        diff_add(df->a, df->r, CHANGE_COMPATIBLE, "deprecated-changed", n->code, n->code_loc,
                 "deprecation message of '%s' changed", n->code);
}

static void diff_behaviour(struct differ *df, const struct entry *o, const struct entry *n)
{
    if (o->retryable && !n->retryable)
        diff_add(df->a, df->r, CHANGE_BREAKING, "retryable-off", n->code, n->code_loc,
                 "'%s' is no longer retryable: clients built to retry it now fail for good",
                 n->code);
    else if (!o->retryable && n->retryable)
        diff_add(df->a, df->r, CHANGE_COMPATIBLE, "retryable-on", n->code, n->code_loc,
                 "'%s' is now retryable", n->code);
    if (!same_text(o->cache_control, n->cache_control))
        diff_add(df->a, df->r, CHANGE_COMPATIBLE, "cache-control-changed", n->code, n->code_loc,
                 "Cache-Control of '%s' changed from '%s' to '%s'", n->code, o->cache_control,
                 n->cache_control);
    if (o->expose_detail != n->expose_detail)
        diff_add(df->a, df->r, CHANGE_COMPATIBLE, "expose-detail-changed", n->code, n->code_loc,
                 "'%s' %s its detail", n->code, n->expose_detail ? "now sends" : "now hides");
}

static void diff_entry(struct differ *df, const struct entry *o, const struct entry *n)
{
    if (strcmp(o->type_uri, n->type_uri) != 0 && !explained_by_base(df, o, n))
        diff_add(df->a, df->r, CHANGE_BREAKING, "type-changed", n->code, type_or_code(n),
                 "type URI of '%s' changed from '%s' to '%s': clients identify the error by "
                 "its type and no longer recognise it",
                 n->code, o->type_uri, n->type_uri);
    if (o->status != n->status)
        diff_add(df->a, df->r, CHANGE_BREAKING, "status-changed", n->code, n->code_loc,
                 "status of '%s' changed from %d to %d: clients branch on the status (and "
                 "caches, retries and monitoring treat it by class)",
                 n->code, o->status, n->status);
    if (o->id != n->id)
        diff_add(df->a, df->r, CHANGE_BREAKING, "id-changed", n->code, id_or_code(n),
                 "enum value of '%s' changed from %" PRId64 " to %" PRId64 ": code compiled "
                 "against the old header means another error (pin values with 'errata lock')",
                 n->code, o->id, n->id);
    diff_behaviour(df, o, n);
    diff_wording(df, o, n);
    diff_headers(df, o, n);
    diff_members(df->a, df->r, n->code, o->members, o->member_count, n->members,
                 n->member_count, "");
}

/* A new error whose enum value an old one had. */
static void diff_added(struct differ *df, const struct strmap *old_ids, const struct entry *n)
{
    diff_add(df->a, df->r, CHANGE_COMPATIBLE, "error-added", n->code, n->code_loc,
             "error '%s' added (%d %s)", n->code, n->status, n->type_uri);
    const struct entry *o = strmap_get(old_ids, arena_printf(df->a, "%" PRId64, n->id));
    if (o)
        diff_add(df->a, df->r, CHANGE_BREAKING, "id-reused", n->code, id_or_code(n),
                 "enum value %" PRId64 " of new error '%s' was the value of '%s': code "
                 "compiled against the old header takes one for the other",
                 n->id, n->code, o->code);
}

static void diff_removed(struct differ *df, const struct entry *o)
{
    const char *use;
    if (tombstoned(df->new_, o->code, &use))
        diff_add(df->a, df->r, CHANGE_COMPATIBLE, "error-removed-tombstoned", o->code,
                 o->code_loc,
                 "error '%s' removed with a tombstone (its value and type URI stay retired)%s%s",
                 o->code, use ? "; use " : "", use ? use : "");
    else
        diff_add(df->a, df->r, CHANGE_BREAKING, "error-removed", o->code, o->code_loc,
                 "error '%s' removed without a tombstone: clients still handle it, and its "
                 "value or type URI could be given to another error; run 'errata lock' to "
                 "record its tombstone, and say what replaces it in 'removed:'",
                 o->code);
}

void diff_models(struct arena *a, const struct diff_side *old, const struct diff_side *new_,
                 struct diff_result *out)
{
    memset(out, 0, sizeof *out);
    struct differ df = { a, out, old, new_, false };
    const struct model *om = old->model, *nm = new_->model;
    struct strmap old_codes, new_codes, old_types, old_ids, used;
    strmap_init(&old_codes, a);
    strmap_init(&new_codes, a);
    strmap_init(&old_types, a);
    strmap_init(&old_ids, a);
    strmap_init(&used, a); /* old entries matched to a new one */
    for (size_t i = 0; i < om->entry_count; i++) {
        const struct entry *o = &om->entries[i];
        strmap_put_once(&old_codes, o->code, (void *)o);
        strmap_put_once(&old_ids, arena_printf(a, "%" PRId64, o->id), (void *)o);
    }
    for (size_t i = 0; i < nm->entry_count; i++)
        strmap_put_once(&new_codes, nm->entries[i].code, &nm->entries[i]);
    /* Old errors gone by code may live on under another code: a rename. */
    for (size_t i = 0; i < om->entry_count; i++)
        if (!strmap_get(&new_codes, om->entries[i].code))
            strmap_put_once(&old_types, type_key(a, &om->entries[i]), &om->entries[i]);
    diff_base_uri(&df);
    for (size_t i = 0; i < nm->entry_count; i++) {
        const struct entry *n = &nm->entries[i];
        const struct entry *o = strmap_get(&old_codes, n->code);
        if (o == NULL && (o = strmap_get(&old_types, type_key(a, n))) != NULL &&
            strmap_get(&used, o->code) == NULL)
            diff_add(a, out, CHANGE_BREAKING, "code-renamed", n->code, n->code_loc,
                     "code '%s' renamed to '%s' (type %s): clients match the code member and "
                     "the enum name",
                     o->code, n->code, n->type_uri);
        else if (o && strcmp(o->code, n->code) != 0)
            o = NULL; /* that old type was renamed once already */
        if (o) {
            strmap_put_once(&used, o->code, (void *)o);
            diff_entry(&df, o, n);
        } else {
            diff_added(&df, &old_ids, n);
        }
    }
    for (size_t i = 0; i < om->entry_count; i++)
        if (strmap_get(&used, om->entries[i].code) == NULL)
            diff_removed(&df, &om->entries[i]);
}
