#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

#include "../support/arena.h"
#include "../support/diag.h"
#include "../support/strbuf.h"
#include "check.h"
#include "rules.h"

void check_known_keys(struct checker *c, const struct ynode *map, const char *const *known,
                      const char *where)
{
    for (size_t i = 0; i < map->u.map.count; i++) {
        const struct ynode *key = map->u.map.pairs[i].key;
        if (key->kind != YNODE_SCALAR)
            continue; /* already reported by the YAML reader */
        const char *name = key->u.scalar.text;
        bool found = false;
        for (const char *const *k = known; *k && !found; k++)
            found = strcmp(*k, name) == 0;
        if (found)
            continue;
        const char *hint = rules_suggest(name, known);
        if (hint) {
            diag_error(c->d, key->loc, "unknown key '%s' in %s; did you mean '%s'?", name, where,
                       hint);
            continue;
        }
        struct strbuf list = STRBUF_INIT;
        for (const char *const *k = known; *k; k++)
            strbuf_addf(&list, "%s%s", k == known ? "" : ", ", *k);
        diag_error(c->d, key->loc, "unknown key '%s' in %s; known keys are: %s", name, where,
                   strbuf_str(&list));
        strbuf_release(&list);
    }
}

bool check_mapping(struct checker *c, const struct ynode *n, const char *what)
{
    if (n->kind == YNODE_MAPPING)
        return true;
    diag_error(c->d, n->loc, "'%s' must be a mapping, not %s", what, ynode_describe(n));
    return false;
}

const char *check_string(struct checker *c, const struct ynode *n, const char *what)
{
    if (n->kind != YNODE_SCALAR || n->u.scalar.type == YTYPE_NULL) {
        diag_error(c->d, n->loc, "'%s' must be a string, not %s", what, ynode_describe(n));
        return NULL;
    }
    if (strlen(n->u.scalar.text) != n->u.scalar.len) {
        diag_error(c->d, n->loc, "'%s' contains a NUL byte", what);
        return NULL;
    }
    return n->u.scalar.text;
}

bool check_int(struct checker *c, const struct ynode *n, const char *what, int64_t *out)
{
    if (ynode_int(n, out))
        return true;
    if (ynode_is_scalar(n, YTYPE_INT))
        diag_error(c->d, n->loc, "'%s' is out of range: %s", what, n->u.scalar.text);
    else
        diag_error(c->d, n->loc, "'%s' must be an integer, not %s", what, ynode_describe(n));
    return false;
}

bool check_bool(struct checker *c, const struct ynode *n, const char *what, bool *out)
{
    if (ynode_is_scalar(n, YTYPE_BOOL)) {
        *out = ynode_bool(n);
        return true;
    }
    if (n->kind == YNODE_SCALAR && n->u.scalar.style == YSCALAR_PLAIN &&
        (!strcmp(n->u.scalar.text, "yes") || !strcmp(n->u.scalar.text, "no") ||
         !strcmp(n->u.scalar.text, "on") || !strcmp(n->u.scalar.text, "off")))
        diag_error(c->d, n->loc, "'%s' must be true or false; '%s' is a string in YAML 1.2", what,
                   n->u.scalar.text);
    else
        diag_error(c->d, n->loc, "'%s' must be true or false, not %s", what, ynode_describe(n));
    return false;
}

bool check_key_misspelt(const struct ynode *map, const char *key, const char *const *known)
{
    for (size_t i = 0; i < map->u.map.count; i++) {
        const struct ynode *k = map->u.map.pairs[i].key;
        if (k->kind != YNODE_SCALAR)
            continue;
        const char *name = k->u.scalar.text;
        bool is_known = false;
        for (const char *const *p = known; *p && !is_known; p++)
            is_known = strcmp(*p, name) == 0;
        const char *hint = is_known ? NULL : rules_suggest(name, known);
        if (hint && strcmp(hint, key) == 0)
            return true;
    }
    return false;
}

void check_warning(struct checker *c, struct loc loc, enum catalog_warning w, const char *fmt,
                   ...)
{
    if (c->allowed & (1u << w))
        return;
    va_list ap;
    va_start(ap, fmt);
    diag_vwarning(c->d, loc, catalog_warning_name(w), fmt, ap);
    va_end(ap);
}

static unsigned allow_one(struct checker *c, const struct ynode *n)
{
    const char *name = check_string(c, n, "allow");
    if (name == NULL)
        return 0;
    /* gcc's spelling works too: allow: [-Wexpose-detail-5xx] */
    const char *bare = strncmp(name, "-W", 2) == 0 ? name + 2 : name;
    enum catalog_warning w = catalog_warning_named(bare);
    if (w != WARN_COUNT)
        return 1u << w;
    const char *hint = rules_suggest(bare, catalog_warning_names());
    if (hint) {
        diag_error(c->d, n->loc, "'allow' names no warning '%s'; did you mean '%s'?", name, hint);
        return 0;
    }
    struct strbuf list = STRBUF_INIT;
    for (const char *const *k = catalog_warning_names(); *k; k++)
        strbuf_addf(&list, "%s%s", k == catalog_warning_names() ? "" : ", ", *k);
    diag_error(c->d, n->loc, "'allow' names no warning '%s'; the warnings are: %s", name,
               strbuf_str(&list));
    strbuf_release(&list);
    return 0;
}

unsigned check_allow(struct checker *c, const struct ynode *map)
{
    const struct ynode *n = ynode_get(map, "allow");
    if (n == NULL || ynode_is_scalar(n, YTYPE_NULL))
        return 0;
    if (n->kind != YNODE_SEQUENCE)
        return allow_one(c, n);
    unsigned bits = 0;
    for (size_t i = 0; i < n->u.seq.count; i++)
        bits |= allow_one(c, n->u.seq.items[i]);
    return bits;
}
