#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "../support/arena.h"
#include "../support/diag.h"
#include "check.h"

/* Codes, ids and type URIs are unique across the whole resolved catalog:
 * included entries join the includer's enum and answer the same lookups. */

/* Of two clashing entries, the error goes to the one in the file closer to
 * the main catalog (the one the user is editing, not a library), the later
 * one within a file; the note to the other. */
static void clash(struct diag *d, const struct entry *first, const struct entry *later,
                  struct loc (*where)(const struct entry *), const char *message,
                  const char *noun)
{
    if (first->origin->index < later->origin->index) {
        diag_error(d, where(first), "%s", message);
        diag_note(d, where(later), "'%s' has the same %s here", later->code, noun);
    } else {
        diag_error(d, where(later), "%s", message);
        diag_note(d, where(first), "'%s' first defined here", first->code);
    }
}

static struct loc code_loc(const struct entry *e)
{
    return e->code_loc;
}

static struct loc type_loc(const struct entry *e)
{
    return e->type_loc;
}

static struct loc id_loc(const struct entry *e)
{
    return e->id_loc;
}

static void check_unique_codes(struct checker *c, struct strmap *seen)
{
    for (size_t i = 0; i < c->model->entry_count; i++) {
        struct entry *e = &c->model->entries[i];
        const struct entry *first = strmap_put_once(seen, e->code, e);
        if (first != e)
            clash(c->d, first, e, code_loc, arena_printf(c->a, "duplicate code '%s'", e->code),
                  "code");
    }
}

static void check_unique_types(struct checker *c, const struct strmap *codes)
{
    struct strmap seen;
    strmap_init(&seen, c->a);
    for (size_t i = 0; i < c->model->entry_count; i++) {
        struct entry *e = &c->model->entries[i];
        if (e->type_uri == NULL || strmap_get(codes, e->code) != e)
            continue; /* a duplicate code is reported once, as such */
        /* about:blank is shared by design: once per status (RFC 9457 §4.2). */
        const char *key = e->about_blank ? arena_printf(c->a, "about:blank %d", e->status)
                                         : e->type_uri;
        const struct entry *first = strmap_put_once(&seen, key, e);
        if (first == e)
            continue;
        if (e->about_blank)
            clash(c->d, first, e, type_loc,
                  arena_printf(c->a,
                               "type about:blank is already used for status %d by '%s'; "
                               "about:blank may appear once per status",
                               e->status, first->code),
                  "status");
        else
            clash(c->d, first, e, type_loc,
                  arena_printf(c->a, "duplicate type URI '%s' (of '%s' and '%s')", e->type_uri,
                               first->code, e->code),
                  "type URI");
    }
}

/* Where a slug comes from: a relative `type:` (base_uri + slug), else the
 * code it was derived from. */
static struct loc slug_loc(const struct entry *e)
{
    const char *base = e->origin->base_uri;
    size_t n = base ? strlen(base) : 0;
    bool relative = e->type_loc.line && base && strncmp(e->type_uri, base, n) == 0 &&
                    strcmp(e->type_uri + n, e->slug) == 0;
    return relative ? e->type_loc : e->code_loc;
}

/* The slug is each error's anchor in the docs (and its page's name), so two
 * errors with different type URIs may still not share one: a relative type
 * equal to the slug of another catalog's code, or one slug under two
 * base_uris. */
static void check_unique_slugs(struct checker *c, const struct strmap *codes)
{
    struct strmap seen;
    strmap_init(&seen, c->a);
    for (size_t i = 0; i < c->model->entry_count; i++) {
        struct entry *e = &c->model->entries[i];
        if (e->slug == NULL || e->type_uri == NULL || strmap_get(codes, e->code) != e)
            continue;
        const struct entry *first = strmap_put_once(&seen, e->slug, e);
        if (first == e || strcmp(first->type_uri, e->type_uri) == 0)
            continue; /* a duplicate type is reported as such */
        clash(c->d, first, e, slug_loc,
              arena_printf(c->a,
                           "slug '%s' of '%s' is also the slug of '%s'; the docs anchor each "
                           "error by its slug, so slugs must be unique",
                           e->slug, first->origin->index < e->origin->index ? first->code : e->code,
                           first->origin->index < e->origin->index ? e->code : first->code),
              "slug");
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
    const struct entry *max_entry = NULL;
    for (size_t i = 0; i < c->model->entry_count; i++) {
        struct entry *e = &c->model->entries[i];
        if (!e->explicit_id)
            continue;
        char key[24];
        snprintf(key, sizeof key, "%" PRId64, e->id);
        const struct entry *first = strmap_put_once(&seen, arena_strdup(c->a, key), e);
        if (first != e)
            clash(c->d, first, e, id_loc,
                  arena_printf(c->a, "duplicate id %s (of '%s' and '%s')", key, first->code,
                               e->code),
                  "id");
        if (e->id > max) {
            max = e->id;
            max_entry = e;
        }
    }
    /* Entries without ids follow, in catalog order, after the largest id. */
    size_t without = 0;
    for (size_t i = 0; i < c->model->entry_count; i++) {
        struct entry *e = &c->model->entries[i];
        if (!e->explicit_id)
            e->id = max + (int64_t)++without;
    }
    if (max_entry && without && max + (int64_t)without > ERRATA_ID_MAX)
        diag_error(c->d, max_entry->id_loc,
                   "id %" PRId64 " leaves no room for the %zu entries without an id, which "
                   "follow it; ids end at %d (PREFIX__COUNT, one past the largest, must "
                   "still be an int)",
                   max, without, ERRATA_ID_MAX);
}

static char *lowered(struct arena *a, const char *s)
{
    char *l = arena_strdup(a, s);
    for (char *p = l; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return l;
}

/* Stands for the names errata generates for the catalog itself (named, so
 * that no path can print a null code). */
static const struct entry errata_itself = {.code = "(the catalog)"};

/* Records one generated C name; reports it when another entry made it too,
 * once per entry (*reported). */
static void claim(struct checker *c, struct strmap *names, const struct entry *e,
                  const char *name, bool *reported)
{
    const struct entry *first = strmap_put_once(names, name, (void *)e);
    if (first == e || *reported)
        return;
    *reported = true;
    if (first == &errata_itself) {
        diag_error(c->d, e->code_loc,
                   "code '%s' would generate the C name '%s', which errata generates for the "
                   "catalog itself; rename the code",
                   e->code, name);
        return;
    }
    diag_error(c->d, e->code_loc,
               "code '%s' would generate the C name '%s', which '%s' generates too; rename "
               "one of them",
               e->code, name, first->code);
    diag_note(c->d, first->code_loc, "'%s' is here", first->code);
}

/* Codes are unique, but the C names made from them could still meet
 * (PAY_THROW's struct is PAY's throw struct): such a catalog would give a
 * header that does not compile, so it is refused here, located. */
static void check_generated_names(struct checker *c, const struct strmap *codes)
{
    const char *name = c->model->main->name;
    if (name == NULL)
        return;
    const char *up = arena_strdup(c->a, name), *low = lowered(c->a, name);
    char *u = (char *)up;
    for (; *u; u++)
        *u = (char)toupper((unsigned char)*u);
    struct strmap names;
    strmap_init(&names, c->a);
    /* The header's own names (errors.h.mustache, errors.c.mustache). */
    static const char *const upper_fixed[] = { "ERRORS_H", "BASE_URI", "ERROR_COUNT", "OK",
                                               "UNKNOWN", "_COUNT", "THROW", "THROW_",
                                               "THROW_SPLIT_", NULL };
    static const char *const lower_fixed[] = { "code", "problem", "problem_t", "descriptors",
                                               "descriptor", "type", "code_name",
                                               "code_from_type", "catalog", "decode",
                                               "problem_describe", "migration", NULL };
    bool none = false;
    for (const char *const *f = upper_fixed; *f; f++)
        claim(c, &names, &errata_itself, arena_printf(c->a, "%s_%s", up, *f), &none);
    for (const char *const *f = lower_fixed; *f; f++)
        claim(c, &names, &errata_itself, arena_printf(c->a, "%s_%s", low, *f), &none);
    claim(c, &names, &errata_itself, "legacy_fields", &none); /* the catalog's migration */
    for (size_t i = 0; i < c->model->entry_count; i++) {
        const struct entry *e = &c->model->entries[i];
        if (strmap_get(codes, e->code) != e)
            continue; /* a duplicate code is reported once, as such */
        const char *l = lowered(c->a, e->code);
        bool reported = false;
        claim(c, &names, e, arena_printf(c->a, "%s_%s", up, e->code), &reported);
        claim(c, &names, e, arena_printf(c->a, "%s_THROW_%s", up, e->code), &reported);
        claim(c, &names, e, arena_printf(c->a, "%s_THROW_%s_", up, e->code), &reported);
        claim(c, &names, e, arena_printf(c->a, "%s_RAISE_%s", up, e->code), &reported);
        claim(c, &names, e, arena_printf(c->a, "%s_RAISE_%s_", up, e->code), &reported);
        claim(c, &names, e, arena_printf(c->a, "%s_%s_t", low, l), &reported);
        claim(c, &names, e, arena_printf(c->a, "%s_%s_throw_t", low, l), &reported);
        claim(c, &names, e, arena_printf(c->a, "%s_throw_%s_", low, l), &reported);
        claim(c, &names, e, arena_printf(c->a, "%s_body", l), &reported);
        claim(c, &names, e, arena_printf(c->a, "%s_members", l), &reported);
        claim(c, &names, e, arena_printf(c->a, "%s_detail", l), &reported);
        claim(c, &names, e, arena_printf(c->a, "%s_headers", l), &reported);
        claim(c, &names, e, arena_printf(c->a, "migration_%s", l), &reported);
        claim(c, &names, e, arena_printf(c->a, "legacy_fields_%s", l), &reported);
        for (size_t h = 0; h < e->header_count; h++)
            claim(c, &names, e, arena_printf(c->a, "%s_header_%zu", l, h), &reported);
        for (size_t m = 0; m < e->member_count; m++) {
            const struct member *mem = &e->members[m];
            if (mem->type != MEMBER_ARRAY || mem->item_type != MEMBER_OBJECT)
                continue;
            claim(c, &names, e, arena_printf(c->a, "%s_%s_%s_array_t", low, l, mem->name), &reported);
            claim(c, &names, e, arena_printf(c->a, "%s_%s_%s_item_t", low, l, mem->name), &reported);
            claim(c, &names, e, arena_printf(c->a, "%s_%s_properties", l, mem->name), &reported);
        }
    }
}

/* The main catalog's trace member applies to every entry, included ones
 * too: one catalog, one name the trace id travels under (an included
 * catalog's own trace_member only matters when it is checked alone). A
 * member of that name would be sent twice, or shadow the trace id. */
static void check_trace_member(struct checker *c)
{
    const char *name = c->model->main && c->model->main->trace_member
                           ? c->model->main->trace_member
                           : "trace_id";
    c->model->trace_member = name;
    for (size_t i = 0; i < c->model->entry_count; i++) {
        const struct entry *e = &c->model->entries[i];
        for (size_t k = 0; k < e->member_count; k++) {
            if (strcmp(e->members[k].name, name) != 0)
                continue;
            diag_error(c->d, e->members[k].loc,
                       "member '%s' of '%s' is the catalog's trace member: errata sends the "
                       "trace id under that name on every 5xx whose detail is hidden, and "
                       "clients decode it into the problem's trace_id; remove the member, or "
                       "set 'trace_member:' to another name",
                       name, e->code);
        }
    }
}

void check_model(struct checker *c)
{
    check_trace_member(c);
    check_migration_collisions(c);
    struct strmap codes;
    strmap_init(&codes, c->a);
    check_unique_codes(c, &codes);
    check_unique_types(c, &codes);
    check_unique_slugs(c, &codes);
    check_ids_complete(c);
    assign_ids(c);
    check_generated_names(c, &codes);
    check_removed_codes(c);
}
