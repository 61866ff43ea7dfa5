#include <string.h>

#include "../support/arena.h"
#include "../support/diag.h"
#include "check.h"
#include "rules.h"

/* `removed:` maps each code the catalog took out to `{ use: CODE }` (or
 * `{}`): `errata lock` records it in the code's tombstone, and the docs say
 * "removed in VERSION, use CODE". Only the main catalog's counts: it is the
 * one whose lock is written. */
void check_removed(struct checker *c, const struct catalog_file *f, const struct ynode *root)
{
    static const char *const keys[] = { "use", NULL };
    const struct ynode *n = ynode_get(root, "removed");
    if (n == NULL || f->index != 0 || !check_mapping(c, n, "removed"))
        return;
    struct model *m = c->model;
    m->removals = arena_alloc_array(c->a, n->u.map.count, sizeof *m->removals);
    for (size_t i = 0; i < n->u.map.count; i++) {
        const struct ynode *key = n->u.map.pairs[i].key, *spec = n->u.map.pairs[i].value;
        const char *code = check_string(c, key, "removed");
        if (code && !rules_is_upper_snake(code)) {
            diag_error(c->d, key->loc, "'%s' in 'removed' is not a code (UPPER_SNAKE)", code);
            code = NULL;
        }
        if (!check_mapping(c, spec, "removed code") || code == NULL)
            continue;
        check_known_keys(c, spec, keys, "a removed code");
        struct removal *r = &m->removals[m->removal_count];
        r->code = code;
        r->loc = key->loc;
        const struct ynode *use = ynode_get(spec, "use");
        if (use && (r->use = check_string(c, use, "use")) != NULL)
            r->use_loc = use->loc;
        m->removal_count++;
    }
}

static const struct entry *find_entry(const struct model *m, const char *code)
{
    for (size_t i = 0; i < m->entry_count; i++)
        if (strcmp(m->entries[i].code, code) == 0)
            return &m->entries[i];
    return NULL;
}

/* A removed code is gone, and what replaces it is there. */
void check_removed_codes(struct checker *c)
{
    const struct model *m = c->model;
    for (size_t i = 0; i < m->removal_count; i++) {
        const struct removal *r = &m->removals[i];
        const struct entry *e = find_entry(m, r->code);
        if (e) {
            diag_error(c->d, r->loc, "'%s' is listed in 'removed' but is still an error of the "
                       "catalog", r->code);
            diag_note(c->d, e->code_loc, "'%s' is defined here", r->code);
        }
        if (r->use && find_entry(m, r->use) == NULL)
            diag_error(c->d, r->use_loc, "'use: %s' names no error of the catalog; a removed "
                       "code's replacement must exist", r->use);
    }
}
