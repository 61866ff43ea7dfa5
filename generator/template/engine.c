/* The engine: the loader, and a cache that loads and parses each partial
 * name at most once, remembering the order names were asked for (a depfile
 * lists them). */
#include <string.h>

#include "../support/arena.h"
#include "internal.h"

struct partial {
    const char *name; /* NUL-terminated copy */
    size_t len;
    size_t hash;
    const struct source *src; /* NULL: the loader had none */
    const struct mustache_template *t;
    enum partial_state state;
};

struct mustache_engine {
    struct arena *a;
    struct diag *d;
    struct mustache_loader loader;
    struct partial **slots; /* open addressing, power-of-two size */
    size_t nslots;
    struct partial **order; /* as loaded */
    size_t count, cap;
    size_t max_steps;  /* nodes one render may render */
    size_t max_output; /* bytes one render may write */
};

struct mustache_engine *mustache_engine_new(struct arena *a, struct diag *d,
                                            const struct mustache_loader *loader)
{
    struct mustache_engine *e = arena_alloc(a, sizeof *e);
    e->a = a;
    e->d = d;
    e->max_steps = MUSTACHE_MAX_STEPS;
    e->max_output = MUSTACHE_MAX_OUTPUT;
    if (loader != NULL)
        e->loader = *loader;
    return e;
}

void mustache_engine_set_limits(struct mustache_engine *e, size_t steps, size_t output)
{
    e->max_steps = steps < MUSTACHE_MAX_STEPS ? steps : MUSTACHE_MAX_STEPS;
    e->max_output = output < MUSTACHE_MAX_OUTPUT ? output : MUSTACHE_MAX_OUTPUT;
}

size_t mustache_engine_max_steps(const struct mustache_engine *e)
{
    return e->max_steps;
}

size_t mustache_engine_max_output(const struct mustache_engine *e)
{
    return e->max_output;
}

struct diag *mustache_engine_diag(struct mustache_engine *e)
{
    return e->d;
}

struct arena *mustache_engine_arena(struct mustache_engine *e)
{
    return e->a;
}

/* FNV-1a: names are short, and any spread will do. */
static size_t hash_name(const char *s, size_t len)
{
    size_t h = (size_t)14695981039346656037ull;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * (size_t)1099511628211ull;
    return h;
}

static struct partial **slot_for(struct partial **slots, size_t nslots, const char *name,
                                 size_t len, size_t hash)
{
    size_t i = hash & (nslots - 1);
    while (slots[i] != NULL) {
        struct partial *p = slots[i];
        if (p->hash == hash && p->len == len && memcmp(p->name, name, len) == 0)
            break;
        i = (i + 1) & (nslots - 1);
    }
    return &slots[i];
}

/* Keeps the table at most half full. */
static void grow_table(struct mustache_engine *e)
{
    if (2 * (e->count + 1) <= e->nslots)
        return;
    size_t n = e->nslots ? e->nslots * 2 : 16;
    struct partial **slots = arena_alloc_array(e->a, n, sizeof *slots);
    for (size_t i = 0; i < e->count; i++) {
        struct partial *p = e->order[i];
        *slot_for(slots, n, p->name, p->len, p->hash) = p;
    }
    e->slots = slots;
    e->nslots = n;
}

static void load(struct mustache_engine *e, struct partial *p)
{
    struct source found = { NULL, NULL, 0, NULL, 0 };
    if (e->loader.load == NULL || !e->loader.load(e->loader.ctx, p->name, p->len, &found)) {
        p->state = PARTIAL_MISSING;
        return;
    }
    if (found.name == NULL)
        found.name = p->name;
    p->src = mustache_copy_source(e->a, &found);
    p->t = mustache_parse_copied(e, p->src);
    p->state = p->t ? PARTIAL_OK : PARTIAL_BROKEN;
}

enum partial_state mustache_engine_load(struct mustache_engine *e, const char *name, size_t len,
                                        const struct mustache_template **out, bool *fresh)
{
    size_t hash = hash_name(name, len);
    struct partial **slot = e->nslots ? slot_for(e->slots, e->nslots, name, len, hash) : NULL;
    *fresh = slot == NULL || *slot == NULL;
    if (*fresh) {
        grow_table(e);
        struct partial *p = arena_alloc(e->a, sizeof *p);
        p->name = arena_strndup(e->a, name, len);
        p->len = len;
        p->hash = hash;
        e->order = arena_grow(e->a, e->order, &e->cap, e->count + 1, sizeof *e->order);
        e->order[e->count++] = p;
        slot = slot_for(e->slots, e->nslots, name, len, hash);
        *slot = p;
        load(e, p);
    }
    *out = (*slot)->t;
    return (*slot)->state;
}

size_t mustache_engine_partial_count(const struct mustache_engine *e)
{
    return e->count;
}

bool mustache_engine_partial_at(const struct mustache_engine *e, size_t i,
                                struct mustache_partial_info *out)
{
    if (i >= e->count)
        return false;
    const struct partial *p = e->order[i];
    out->name = p->name;
    out->len = p->len;
    out->src = p->state == PARTIAL_MISSING ? NULL : p->src;
    return true;
}
