#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "../support/arena.h"
#include "../support/diag.h"
#include "check.h"

/* Codes, ids and type URIs are unique across the whole resolved catalog:
 * included entries join the includer's enum and answer the same lookups. */
static void check_unique_codes(struct checker *c)
{
    struct strmap seen;
    strmap_init(&seen, c->a);
    for (size_t i = 0; i < c->model->entry_count; i++) {
        struct entry *e = &c->model->entries[i];
        const struct entry *first = strmap_put_once(&seen, e->code, e);
        if (first != e) {
            diag_error(c->d, e->code_loc, "duplicate code '%s'", e->code);
            diag_note(c->d, first->code_loc, "'%s' first defined here", e->code);
        }
    }
}

static void check_unique_types(struct checker *c)
{
    struct strmap seen;
    strmap_init(&seen, c->a);
    for (size_t i = 0; i < c->model->entry_count; i++) {
        struct entry *e = &c->model->entries[i];
        if (e->type_uri == NULL)
            continue;
        /* about:blank is shared by design: once per status (RFC 9457 §4.2). */
        const char *key = e->about_blank ? arena_printf(c->a, "about:blank %d", e->status)
                                         : e->type_uri;
        const struct entry *first = strmap_put_once(&seen, key, e);
        if (first == e)
            continue;
        if (e->about_blank)
            diag_error(c->d, e->type_loc,
                       "type about:blank is already used for status %d by '%s'; about:blank "
                       "may appear once per status",
                       e->status, first->code);
        else
            diag_error(c->d, e->type_loc, "duplicate type URI '%s' (of '%s' and '%s')",
                       e->type_uri, first->code, e->code);
        diag_note(c->d, first->type_loc, "'%s' has it first", first->code);
    }
}

/* Within one file, ids are all or nothing: a missing one would silently take
 * a value that a later edit could shift. */
static void check_ids_complete(struct checker *c)
{
    struct strmap with_id; /* file path -> its first entry that has an id */
    strmap_init(&with_id, c->a);
    for (size_t i = 0; i < c->model->entry_count; i++) {
        struct entry *e = &c->model->entries[i];
        if (e->explicit_id)
            strmap_put_once(&with_id, e->origin->src.name, e);
    }
    if (with_id.count == 0)
        return;
    for (size_t i = 0; i < c->model->entry_count; i++) {
        const struct entry *o = &c->model->entries[i];
        const struct entry *e = strmap_get(&with_id, o->origin->src.name);
        if (o->explicit_id || e == NULL)
            continue;
        diag_error(c->d, o->code_loc,
                   "entry '%s' has no 'id'; when one entry of a catalog has an id, all must, so "
                   "enum values stay stable",
                   o->code);
        diag_note(c->d, e->id_loc, "'%s' gives an id here", e->code);
    }
}

static void assign_ids(struct checker *c)
{
    struct strmap seen;
    strmap_init(&seen, c->a);
    int64_t max = 0;
    for (size_t i = 0; i < c->model->entry_count; i++) {
        struct entry *e = &c->model->entries[i];
        if (!e->explicit_id)
            continue;
        char key[24];
        snprintf(key, sizeof key, "%" PRId64, e->id);
        const struct entry *first = strmap_put_once(&seen, arena_strdup(c->a, key), e);
        if (first != e) {
            diag_error(c->d, e->id_loc, "duplicate id %" PRId64 " (of '%s' and '%s')", e->id,
                       first->code, e->code);
            diag_note(c->d, first->id_loc, "'%s' has it first", first->code);
        }
        if (e->id > max)
            max = e->id;
    }
    /* Entries without ids follow, in catalog order, after the largest id. */
    for (size_t i = 0; i < c->model->entry_count; i++) {
        struct entry *e = &c->model->entries[i];
        if (!e->explicit_id)
            e->id = ++max;
    }
    if (max > INT32_MAX)
        diag_error(c->d, c->model->entries[0].loc, "enum values exceed 2147483647");
}

void check_model(struct checker *c)
{
    check_unique_codes(c);
    check_unique_types(c);
    check_ids_complete(c);
    assign_ids(c);
}
