#include "value.h"

#include <string.h>

#include "../support/arena.h"

static struct value *make(struct arena *a, enum value_kind kind)
{
    struct value *v = arena_alloc(a, sizeof *v);
    v->kind = kind;
    return v;
}

struct value *value_null(struct arena *a)
{
    return make(a, VALUE_NULL);
}

struct value *value_bool(struct arena *a, bool b)
{
    struct value *v = make(a, VALUE_BOOL);
    v->u.boolean = b;
    return v;
}

struct value *value_int(struct arena *a, int64_t i)
{
    struct value *v = make(a, VALUE_INT);
    v->u.integer = i;
    return v;
}

struct value *value_number(struct arena *a, double d)
{
    struct value *v = make(a, VALUE_NUMBER);
    v->u.number = d;
    return v;
}

struct value *value_stringn(struct arena *a, const char *s, size_t len)
{
    struct value *v = make(a, VALUE_STRING);
    v->u.string.ptr = arena_strndup(a, s, len);
    v->u.string.len = len;
    return v;
}

struct value *value_string(struct arena *a, const char *s)
{
    return value_stringn(a, s, strlen(s));
}

struct value *value_list(struct arena *a)
{
    return make(a, VALUE_LIST);
}

struct value *value_map(struct arena *a)
{
    return make(a, VALUE_MAP);
}

void value_list_push(struct arena *a, struct value *list, struct value *item)
{
    list->u.list.items = arena_grow(a, list->u.list.items, &list->u.list.cap,
                                    list->u.list.count + 1, sizeof *list->u.list.items);
    list->u.list.items[list->u.list.count++] = item;
}

void value_map_putn(struct arena *a, struct value *map, const char *key, size_t key_len,
                    struct value *v)
{
    map->u.map.members = arena_grow(a, map->u.map.members, &map->u.map.cap,
                                    map->u.map.count + 1, sizeof *map->u.map.members);
    struct value_member *m = &map->u.map.members[map->u.map.count++];
    m->key = arena_strndup(a, key, key_len);
    m->key_len = key_len;
    m->value = v;
}

void value_map_put(struct arena *a, struct value *map, const char *key, struct value *v)
{
    value_map_putn(a, map, key, strlen(key), v);
}

void value_map_put_str(struct arena *a, struct value *map, const char *key, const char *s)
{
    value_map_put(a, map, key, s ? value_string(a, s) : value_null(a));
}

void value_map_put_int(struct arena *a, struct value *map, const char *key, int64_t i)
{
    value_map_put(a, map, key, value_int(a, i));
}

void value_map_put_bool(struct arena *a, struct value *map, const char *key, bool b)
{
    value_map_put(a, map, key, value_bool(a, b));
}

struct value *value_map_get(const struct value *map, const char *key, size_t key_len)
{
    if (map == NULL || map->kind != VALUE_MAP)
        return NULL;
    for (size_t i = map->u.map.count; i-- > 0;) {
        const struct value_member *m = &map->u.map.members[i];
        if (m->key_len == key_len && memcmp(m->key, key, key_len) == 0)
            return m->value;
    }
    return NULL;
}
