#include "strmap.h"

#include <stdint.h>
#include <string.h>

#include "arena.h"

void strmap_init(struct strmap *m, struct arena *a)
{
    m->arena = a;
    m->slots = NULL;
    m->count = 0;
    m->cap = 0;
}

static size_t hash(const char *s)
{
    uint64_t h = 1469598103934665603u; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return (size_t)h;
}

static struct strmap_slot *find(struct strmap_slot *slots, size_t cap, const char *key)
{
    size_t i = hash(key) & (cap - 1);
    while (slots[i].key != NULL && strcmp(slots[i].key, key) != 0)
        i = (i + 1) & (cap - 1);
    return &slots[i];
}

void *strmap_get(const struct strmap *m, const char *key)
{
    if (m->cap == 0)
        return NULL;
    const struct strmap_slot *s = find(m->slots, m->cap, key);
    return s->key ? s->value : NULL;
}

static void rehash(struct strmap *m)
{
    size_t cap = m->cap ? m->cap * 2 : 64;
    struct strmap_slot *slots = arena_alloc_array(m->arena, cap, sizeof *slots);
    for (size_t i = 0; i < m->cap; i++) {
        if (m->slots[i].key)
            *find(slots, cap, m->slots[i].key) = m->slots[i];
    }
    m->slots = slots;
    m->cap = cap;
}

void *strmap_put_once(struct strmap *m, const char *key, void *value)
{
    if ((m->count + 1) * 2 > m->cap)
        rehash(m);
    struct strmap_slot *s = find(m->slots, m->cap, key);
    if (s->key)
        return s->value;
    s->key = key;
    s->value = value;
    m->count++;
    return value;
}
