#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "../catalog/limits.h"
#include "../catalog/rules.h"
#include "../catalog/yaml_tree.h"
#include "../support/arena.h"
#include "../support/diag.h"
#include "../support/strmap.h"
#include "lock.h"

/* The largest value a code may have: PREFIX__COUNT, one past it, is an int. */
#define LOCK_VALUE_MAX (INT32_MAX - 1)

const char *lock_path_for(struct arena *a, const char *catalog_path)
{
    const char *slash = strrchr(catalog_path, '/');
    const char *base = slash ? slash + 1 : catalog_path;
    const char *dot = strrchr(base, '.');
    size_t stem = dot && dot != base ? (size_t)(dot - catalog_path) : strlen(catalog_path);
    return arena_printf(a, "%.*s.lock", (int)stem, catalog_path);
}

const struct lock_code *lock_find(const struct lock *lock, const char *code)
{
    for (size_t i = 0; lock && i < lock->count; i++)
        if (strcmp(lock->codes[i].code, code) == 0)
            return &lock->codes[i];
    return NULL;
}

struct reader {
    struct arena *a;
    struct diag *d;
    struct lock *lock;
    struct strmap values, uris; /* of every code read so far, live or removed */
};

struct lock_uri {
    const char *code;
    struct loc loc;
};

static const char *string_of(struct reader *r, const struct ynode *n, const char *what)
{
    if (n->kind == YNODE_SCALAR && n->u.scalar.type != YTYPE_NULL &&
        strlen(n->u.scalar.text) == n->u.scalar.len)
        return n->u.scalar.text;
    diag_error(r->d, n->loc, "'%s' must be a string, not %s", what, ynode_describe(n));
    return NULL;
}

static bool int_of(struct reader *r, const struct ynode *n, const char *what, int64_t min,
                   int64_t max, int64_t *out)
{
    if (ynode_is_scalar(n, YTYPE_INT) && ynode_int(n, out) && *out >= min && *out <= max)
        return true;
    diag_error(r->d, n->loc, "'%s' must be an integer from %" PRId64 " to %" PRId64, what, min,
               max);
    return false;
}

static void unknown_keys(struct reader *r, const struct ynode *map, const char *const *known,
                         const char *where)
{
    for (size_t i = 0; i < map->u.map.count; i++) {
        const struct ynode *key = map->u.map.pairs[i].key;
        bool found = false;
        for (const char *const *k = known; *k && !found; k++)
            found = key->kind == YNODE_SCALAR && strcmp(*k, key->u.scalar.text) == 0;
        if (!found && key->kind == YNODE_SCALAR) {
            const char *hint = rules_suggest(key->u.scalar.text, known);
            if (hint)
                diag_error(r->d, key->loc, "unknown key '%s' in %s; did you mean '%s'?",
                           key->u.scalar.text, where, hint);
            else
                diag_error(r->d, key->loc, "unknown key '%s' in %s", key->u.scalar.text, where);
        }
    }
}

/* Records that the code owns uri; two codes of one lock never share one
 * (about:blank is shared by design, once per status, and is nobody's). */
static void claim_uri(struct reader *r, const struct lock_code *c, const char *uri,
                      struct loc loc)
{
    if (strcmp(uri, "about:blank") == 0)
        return;
    struct lock_uri *owner = arena_alloc(r->a, sizeof *owner);
    owner->code = c->code;
    owner->loc = loc;
    const struct lock_uri *first = strmap_put_once(&r->uris, uri, owner);
    if (first == owner)
        return;
    diag_error(r->d, loc, "type URI '%s' of '%s' is already the type URI of '%s'; a type URI "
               "belongs to one code for ever", uri, c->code, first->code);
    diag_note(r->d, first->loc, "'%s' has it here", first->code);
}

/* Two codes of one lock never share a value or a type URI. */
static void check_unique(struct reader *r, struct lock_code *c)
{
    char key[24];
    snprintf(key, sizeof key, "%" PRId64, c->value);
    const struct lock_code *first = strmap_put_once(&r->values, arena_strdup(r->a, key), c);
    if (first != c) {
        diag_error(r->d, c->value_loc, "value %s of '%s' is already the value of '%s'; a value "
                   "belongs to one code for ever", key, c->code, first->code);
        diag_note(r->d, first->value_loc, "'%s' has it here", first->code);
    }
    claim_uri(r, c, c->type_uri, c->type_loc);
    for (size_t i = 0; i < c->was_count; i++)
        claim_uri(r, c, c->was[i], c->was_locs[i]);
}

/* `was: [URI...]`: the type URIs the code had before. */
static bool read_was(struct reader *r, const struct ynode *n, struct lock_code *c)
{
    if (n->kind != YNODE_SEQUENCE) {
        diag_error(r->d, n->loc, "'was' must be a list of type URIs, not %s", ynode_describe(n));
        return false;
    }
    c->was = arena_alloc_array(r->a, n->u.seq.count + 1, sizeof *c->was);
    c->was_locs = arena_alloc_array(r->a, n->u.seq.count + 1, sizeof *c->was_locs);
    bool ok = true;
    for (size_t i = 0; i < n->u.seq.count; i++) {
        const struct ynode *item = n->u.seq.items[i];
        const char *uri = string_of(r, item, "was");
        if (uri && !rules_is_absolute_uri(uri)) {
            diag_error(r->d, item->loc, "'was' lists type URIs; '%s' is not an absolute URI",
                       uri);
            uri = NULL;
        }
        if (uri == NULL) {
            ok = false;
            continue;
        }
        c->was_locs[c->was_count] = item->loc;
        c->was[c->was_count++] = uri;
    }
    return ok;
}

static void read_code(struct reader *r, const struct ynode *key, const struct ynode *spec,
                      bool removed)
{
    static const char *const live_keys[] = { "value", "type", "status", "was", NULL };
    static const char *const removed_keys[] = { "value", "type", "status", "was", "removed_in",
                                                "use", NULL };
    const char *code = string_of(r, key, "code");
    if (code == NULL)
        return;
    if (!rules_is_upper_snake(code)) {
        diag_error(r->d, key->loc, "'%s' is not a code (UPPER_SNAKE)", code);
        return;
    }
    if (spec->kind != YNODE_MAPPING) {
        diag_error(r->d, spec->loc, "'%s' must be a mapping of value, type and status, not %s",
                   code, ynode_describe(spec));
        return;
    }
    unknown_keys(r, spec, removed ? removed_keys : live_keys, removed ? "a tombstone" : "a code");
    struct lock_code c = { .code = code, .removed = removed, .loc = key->loc };
    const char *const need[] = { "value", "type", "status" };
    bool ok = true;
    for (size_t i = 0; i < 3; i++) {
        if (ynode_get(spec, need[i]) == NULL) {
            diag_error(r->d, key->loc, "'%s' has no '%s'", code, need[i]);
            ok = false;
        }
    }
    if (!ok)
        return;
    const struct ynode *v = ynode_get(spec, "value"), *t = ynode_get(spec, "type");
    int64_t status;
    c.value_loc = v->loc;
    c.type_loc = t->loc;
    ok = int_of(r, v, "value", 1, LOCK_VALUE_MAX, &c.value);
    ok = (c.type_uri = string_of(r, t, "type")) != NULL && ok;
    if (c.type_uri && strcmp(c.type_uri, "about:blank") != 0 &&
        !rules_is_absolute_uri(c.type_uri)) {
        diag_error(r->d, t->loc, "'type' must be an absolute URI or about:blank, not '%s'",
                   c.type_uri);
        ok = false;
    }
    ok = int_of(r, ynode_get(spec, "status"), "status", 400, 599, &status) && ok;
    c.status = (int)status;
    const struct ynode *was = ynode_get(spec, "was");
    if (was)
        ok = read_was(r, was, &c) && ok;
    const struct ynode *in = ynode_get(spec, "removed_in"), *use = ynode_get(spec, "use");
    if (in)
        ok = (c.removed_in = in->kind == YNODE_SCALAR ? in->u.scalar.text
                                                      : string_of(r, in, "removed_in")) && ok;
    if (use && (c.use = string_of(r, use, "use")) != NULL && !rules_is_upper_snake(c.use)) {
        diag_error(r->d, use->loc, "'use' must name a code (UPPER_SNAKE), not '%s'", c.use);
        ok = false;
    }
    if (!ok)
        return;
    struct lock *l = r->lock;
    l->codes = arena_grow(r->a, l->codes, &l->cap, l->count + 1, sizeof *l->codes);
    l->codes[l->count] = c;
    check_unique(r, &l->codes[l->count++]);
}

static void read_section(struct reader *r, const struct ynode *root, const char *name,
                         bool removed, struct strmap *codes)
{
    const struct ynode *n = ynode_get(root, name);
    if (n == NULL || (n->kind == YNODE_SCALAR && n->u.scalar.type == YTYPE_NULL))
        return;
    if (n->kind != YNODE_MAPPING) {
        diag_error(r->d, n->loc, "'%s' must be a mapping of codes, not %s", name,
                   ynode_describe(n));
        return;
    }
    for (size_t i = 0; i < n->u.map.count; i++) {
        const struct ynode *key = n->u.map.pairs[i].key;
        if (key->kind == YNODE_SCALAR) {
            const struct ynode *first = strmap_put_once(codes, key->u.scalar.text, (void *)key);
            if (first != key) {
                diag_error(r->d, key->loc, "'%s' is both a locked code and a tombstone",
                           key->u.scalar.text);
                diag_note(r->d, first->loc, "'%s' is here too", key->u.scalar.text);
                continue;
            }
        }
        read_code(r, key, n->u.map.pairs[i].value, removed);
    }
}

static enum lock_result read_tree(struct arena *a, struct diag *d, struct lock *out)
{
    static const struct catalog_limits limits = CATALOG_DEFAULT_LIMITS;
    static const char *const top_keys[] = { "errata_lock", "codes", "removed", NULL };
    unsigned errors = d->errors;
    source_index(a, &out->src);
    const struct ynode *root = yaml_tree_parse(a, d, &out->src, &limits);
    if (root == NULL)
        return LOCK_INVALID;
    struct loc whole = { &out->src, 0, 0 };
    if (root->kind != YNODE_MAPPING) {
        diag_error(d, root->loc, "a lock file is a mapping (errata_lock, codes, removed), not %s",
                   ynode_describe(root));
        return LOCK_INVALID;
    }
    struct reader r = { .a = a, .d = d, .lock = out };
    strmap_init(&r.values, a);
    strmap_init(&r.uris, a);
    unknown_keys(&r, root, top_keys, "the lock file");
    const struct ynode *format = ynode_get(root, "errata_lock");
    int64_t version;
    if (format == NULL)
        diag_error(d, whole, "missing 'errata_lock: %d': not a lock file written by errata lock",
                   LOCK_FORMAT);
    else if (!ynode_is_scalar(format, YTYPE_INT) || !ynode_int(format, &version) ||
             version != LOCK_FORMAT)
        diag_error(d, format->loc, "unsupported lock format; this errata reads errata_lock: %d",
                   LOCK_FORMAT);
    struct strmap codes;
    strmap_init(&codes, a);
    read_section(&r, root, "codes", false, &codes);
    read_section(&r, root, "removed", true, &codes);
    return d->errors > errors ? LOCK_INVALID : LOCK_OK;
}

enum lock_result lock_read_memory(struct arena *a, struct diag *d, const char *name,
                                  const char *text, size_t len, struct lock *out)
{
    memset(out, 0, sizeof *out);
    out->path = arena_strdup(a, name);
    source_from_memory(&out->src, out->path, arena_strndup(a, text, len), len);
    return read_tree(a, d, out);
}

enum lock_result lock_read(struct arena *a, struct diag *d, const char *path, bool required,
                           struct lock *out)
{
    static const struct catalog_limits limits = CATALOG_DEFAULT_LIMITS;
    memset(out, 0, sizeof *out);
    out->path = arena_strdup(a, path);
    switch (source_read_file(a, path, limits.max_file_size, &out->src)) {
    case SOURCE_OK:
        out->src.name = out->path;
        return read_tree(a, d, out);
    case SOURCE_TOO_LARGE:
        fprintf(d->out, "errata: %s: the lock file is larger than %zu bytes\n", path,
                (size_t)limits.max_file_size);
        return LOCK_IO_ERROR;
    case SOURCE_IO_ERROR:
        break;
    }
    if (errno == ENOENT && !required)
        return LOCK_ABSENT;
    fprintf(d->out, "errata: cannot read lock file %s: %s\n", path, strerror(errno));
    return LOCK_IO_ERROR;
}
