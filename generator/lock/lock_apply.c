#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "../model/model.h"
#include "../support/arena.h"
#include "../support/diag.h"
#include "../support/strmap.h"
#include "lock.h"

/* Where an entry's type URI comes from: its `type:`, else its code. */
static struct loc type_or_code(const struct entry *e)
{
    return e->type_loc.line ? e->type_loc : e->code_loc;
}

static struct loc id_or_code(const struct entry *e)
{
    return e->explicit_id ? e->id_loc : e->code_loc;
}

/* A code the lock has: its value, unless the lock buried it. */
static bool apply_locked(struct diag *d, const struct lock *lock, struct entry *e,
                         const struct lock_code *l, const struct lock_apply_options *opt)
{
    if (l->removed) {
        diag_error(d, e->code_loc,
                   "code '%s' was removed from the catalog and is a tombstone in %s; a removed "
                   "code never comes back (clients built since may treat it as gone): give "
                   "the error a new code",
                   e->code, lock->path);
        diag_note(d, l->loc, "the tombstone of '%s' (value %" PRId64 ")", l->code, l->value);
        return false;
    }
    if (e->explicit_id && e->id != l->value) {
        diag_error(d, e->id_loc,
                   "id %" PRId64 " of '%s' differs from its value in %s (%" PRId64 "); the "
                   "lock pins enum values, so an id may not move",
                   e->id, e->code, lock->path, l->value);
        diag_note(d, l->value_loc, "'%s' is locked to %" PRId64 " here", l->code, l->value);
        return false;
    }
    e->id = l->value;
    if (!opt->warn_outdated)
        return true;
    if (!e->about_blank && strcmp(e->type_uri, l->type_uri) != 0)
        diag_warning(d, type_or_code(e), "lock-outdated",
                     "type URI of '%s' is not the locked one ('%s'): clients built from the "
                     "locked catalog no longer recognise it; run 'errata diff', then 'errata "
                     "lock' to accept the change",
                     e->code, l->type_uri);
    if (e->status != l->status)
        diag_warning(d, e->code_loc, "lock-outdated",
                     "status of '%s' is %d, the lock has %d; run 'errata diff', then 'errata "
                     "lock' to accept the change",
                     e->code, e->status, l->status);
    return true;
}

/* Who had a type URI in the lock: a code, as its type now or before. */
struct uri_owner {
    const struct lock_code *l;
    struct loc loc;
    bool before; /* one of its `was:` */
};

static void own(struct arena *a, struct strmap *uris, const struct lock_code *l, const char *uri,
                struct loc loc, bool before)
{
    if (strcmp(uri, "about:blank") == 0)
        return;
    struct uri_owner *o = arena_alloc(a, sizeof *o);
    *o = (struct uri_owner){ l, loc, before };
    strmap_put_once(uris, uri, o);
}

/* A type URI another code of the lock had: a client built from that
 * catalog would decode this error as the other one. */
static bool check_uri_reuse(struct diag *d, const struct lock *lock, const struct strmap *uris,
                            const struct entry *e)
{
    if (e->about_blank)
        return true;
    const struct uri_owner *o = strmap_get(uris, e->type_uri);
    if (o == NULL || strcmp(o->l->code, e->code) == 0)
        return true;
    diag_error(d, type_or_code(e),
               "type URI '%s' of '%s' belonged to '%s' (%s in %s); a type URI is never reused, "
               "since clients built before would take one error for the other",
               e->type_uri, e->code, o->l->code,
               o->before ? "its former type" : o->l->removed ? "a tombstone" : "locked",
               lock->path);
    diag_note(d, o->loc, "'%s' has it here", o->l->code);
    return false;
}

/* A new code: its own `id:` when free, else the next value no code had. */
static bool apply_new(struct diag *d, const struct lock *lock, const struct strmap *values,
                      struct entry *e, int64_t *next, const struct lock_apply_options *opt)
{
    if (e->explicit_id) {
        char key[24];
        snprintf(key, sizeof key, "%" PRId64, e->id);
        const struct lock_code *l = strmap_get(values, key);
        if (l) {
            diag_error(d, e->id_loc,
                       "id %" PRId64 " of '%s' is the value of '%s' in %s; a value is never "
                       "reused, since code built before would take one error for the other",
                       e->id, e->code, l->code, lock->path);
            diag_note(d, l->value_loc, "'%s' has it here", l->code);
            return false;
        }
    } else if (*next >= INT32_MAX - 1) {
        /* PREFIX__COUNT, one past the largest value, must stay an int. */
        diag_error(d, e->code_loc,
                   "no enum value is left for '%s': %s has used every value up to %d",
                   e->code, lock->path, INT32_MAX - 1);
        return false;
    } else {
        e->id = ++*next;
    }
    if (opt->warn_outdated)
        diag_warning(d, id_or_code(e), "lock-outdated",
                     "code '%s' is not in %s yet; it takes the value %" PRId64 ", which stays "
                     "its own once locked: run 'errata lock' (or 'errata generate "
                     "--update-lock')",
                     e->code, lock->path, e->id);
    return true;
}

/* The largest value of the lock, of a tombstone too, and of any `id:` of a
 * new code: new codes without an id follow it. */
static int64_t largest_value(const struct lock *lock, const struct model *m)
{
    int64_t max = 0;
    for (size_t i = 0; i < lock->count; i++)
        if (lock->codes[i].value > max)
            max = lock->codes[i].value;
    for (size_t i = 0; i < m->entry_count; i++)
        if (m->entries[i].explicit_id && lock_find(lock, m->entries[i].code) == NULL &&
            m->entries[i].id > max)
            max = m->entries[i].id;
    return max;
}

static void warn_dropped(struct diag *d, const struct lock *lock, const struct strmap *codes)
{
    for (size_t i = 0; i < lock->count; i++) {
        const struct lock_code *l = &lock->codes[i];
        if (l->removed || strmap_get(codes, l->code))
            continue;
        diag_warning(d, l->loc, "lock-outdated",
                     "'%s' is locked but no longer in the catalog; run 'errata lock' to keep "
                     "it as a tombstone (its value and type URI are never reused)",
                     l->code);
    }
}

bool lock_apply(struct arena *a, struct diag *d, const struct lock *lock, struct model *m,
                const struct lock_apply_options *opt)
{
    unsigned errors = d->errors;
    struct strmap values, uris, codes;
    strmap_init(&values, a);
    strmap_init(&uris, a);
    strmap_init(&codes, a);
    for (size_t i = 0; i < lock->count; i++) {
        struct lock_code *l = &lock->codes[i];
        strmap_put_once(&values, arena_printf(a, "%" PRId64, l->value), l);
        own(a, &uris, l, l->type_uri, l->type_loc, false);
        for (size_t k = 0; k < l->was_count; k++)
            own(a, &uris, l, l->was[k], l->was_locs[k], true);
    }
    int64_t next = largest_value(lock, m);
    for (size_t i = 0; i < m->entry_count; i++) {
        struct entry *e = &m->entries[i];
        strmap_put_once(&codes, e->code, e);
        const struct lock_code *l = lock_find(lock, e->code);
        if (!check_uri_reuse(d, lock, &uris, e))
            continue;
        if (l)
            apply_locked(d, lock, e, l, opt);
        else
            apply_new(d, lock, &values, e, &next, opt);
    }
    if (opt->warn_outdated)
        warn_dropped(d, lock, &codes);
    m->lock_path = lock->path;
    m->tombstones = arena_alloc_array(a, lock->count + 1, sizeof *m->tombstones);
    for (size_t i = 0; i < lock->count; i++) {
        const struct lock_code *l = &lock->codes[i];
        if (l->removed)
            m->tombstones[m->tombstone_count++] = (struct tombstone){
                l->code, l->value, l->type_uri, l->status, l->removed_in, l->use };
    }
    return d->errors == errors;
}

static void push(struct arena *a, struct lock *l, const struct lock_code *c)
{
    l->codes = arena_grow(a, l->codes, &l->cap, l->count + 1, sizeof *l->codes);
    l->codes[l->count++] = *c;
}

static int by_value(const void *x, const void *y)
{
    const struct lock_code *a = x, *b = y;
    return (a->value > b->value) - (a->value < b->value);
}

static const struct removal *removal_of(const struct model *m, const char *code)
{
    for (size_t i = 0; i < m->removal_count; i++)
        if (strcmp(m->removals[i].code, code) == 0)
            return &m->removals[i];
    return NULL;
}

/* The type URIs a code had, kept when its type changes: the former one
 * joins its `was:` (the current one leaves it, when the code went back). */
static void retire(struct arena *a, struct lock_code *c, const struct lock_code *before)
{
    c->was = arena_alloc_array(a, before->was_count + 2, sizeof *c->was);
    c->was_locs = arena_alloc_array(a, before->was_count + 2, sizeof *c->was_locs);
    const char *former = strcmp(before->type_uri, c->type_uri) != 0 &&
                                 strcmp(before->type_uri, "about:blank") != 0
                             ? before->type_uri
                             : NULL;
    for (size_t i = 0; i < before->was_count; i++)
        if (strcmp(before->was[i], c->type_uri) != 0)
            c->was[c->was_count++] = before->was[i];
    for (size_t i = 0; former && i < c->was_count; i++)
        if (strcmp(c->was[i], former) == 0)
            former = NULL;
    if (former)
        c->was[c->was_count++] = former;
}

void lock_build(struct arena *a, const struct model *m, const struct lock *old, struct lock *out)
{
    memset(out, 0, sizeof *out);
    struct strmap codes;
    strmap_init(&codes, a);
    for (size_t i = 0; i < m->entry_count; i++) {
        const struct entry *e = &m->entries[i];
        struct lock_code c = { .code = e->code, .value = e->id, .type_uri = e->type_uri,
                               .status = e->status };
        const struct lock_code *before = lock_find(old, e->code);
        if (before)
            retire(a, &c, before);
        strmap_put_once(&codes, e->code, (void *)e);
        push(a, out, &c);
    }
    size_t live = out->count;
    for (size_t i = 0; old && i < old->count; i++) {
        struct lock_code c = old->codes[i];
        if (strmap_get(&codes, c.code))
            continue; /* back in the catalog: lock_apply refused that */
        if (!c.removed) {
            c.removed = true;
            c.removed_in = m->main->version;
        }
        const struct removal *r = removal_of(m, c.code);
        if (r && r->use)
            c.use = r->use; /* the catalog may name the replacement later */
        c.loc = c.value_loc = c.type_loc = (struct loc){ 0 };
        push(a, out, &c);
    }
    qsort(out->codes, live, sizeof *out->codes, by_value);
    qsort(out->codes + live, out->count - live, sizeof *out->codes, by_value);
}
