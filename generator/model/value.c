#include "value.h"

#include <string.h>

#include "../support/arena.h"
#include "../support/strbuf.h"

static struct value *make(struct arena *a, enum value_kind kind)
{
    struct value *v = arena_alloc(a, sizeof *v);
    v->kind = kind;
    return v;
}

/* Null, true and false are shared: nothing changes a value once made, and
 * a model holds tens of them per entry. */
static struct value shared_null = { .kind = VALUE_NULL };
static struct value shared_false = { .kind = VALUE_BOOL, .u.boolean = false };
static struct value shared_true = { .kind = VALUE_BOOL, .u.boolean = true };

struct value *value_null(struct arena *a)
{
    (void)a;
    return &shared_null;
}

struct value *value_bool(struct arena *a, bool b)
{
    (void)a;
    return b ? &shared_true : &shared_false;
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

struct value *value_text(struct arena *a, value_text_fn write, const char *src, size_t len)
{
    struct value *v = make(a, VALUE_TEXT);
    v->u.text.write = write;
    v->u.text.src = src;
    v->u.text.len = len;
    return v;
}

bool value_text_write(struct strbuf *out, const struct value *v)
{
    if (v == NULL || v->kind != VALUE_TEXT)
        return false;
    v->u.text.write(out, v->u.text.src, v->u.text.len);
    return true;
}

const char *const value_form_suffixes[VALUE_FORMS] = { "c", "comment", "json", "md", "html" };

static struct value shared_null_forms = { .kind = VALUE_NULL, .has_forms = true };

/* The string and its forms side by side: value_form finds them there. */
struct value *value_string_forms(struct arena *a, const char *s,
                                 const value_text_fn write[VALUE_FORMS])
{
    if (s == NULL)
        return &shared_null_forms;
    size_t len = strlen(s);
    struct value *v = arena_alloc_array(a, 1 + VALUE_FORMS, sizeof *v);
    v[0].kind = VALUE_STRING;
    v[0].has_forms = true;
    v[0].u.string.ptr = arena_strndup(a, s, len);
    v[0].u.string.len = len;
    for (size_t i = 0; i < VALUE_FORMS; i++) {
        v[1 + i].kind = VALUE_TEXT;
        v[1 + i].u.text.write = write[i];
        v[1 + i].u.text.src = v[0].u.string.ptr;
        v[1 + i].u.text.len = len;
    }
    return v;
}

struct value *value_form(const struct value *v, size_t i)
{
    if (v->kind == VALUE_NULL)
        return &shared_null;
    return (struct value *)&v[1 + i];
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
    list->u.list.items = arena_grow_reusing(a, list->u.list.items, &list->u.list.cap,
                                    list->u.list.count + 1, sizeof *list->u.list.items);
    list->u.list.items[list->u.list.count++] = item;
}

/* Appends a member whose key is kept as given, not copied. */
static void put_member(struct arena *a, struct value *map, const char *key, size_t key_len,
                       struct value *v)
{
    map->u.map.members = arena_grow_reusing(a, map->u.map.members, &map->u.map.cap,
                                    map->u.map.count + 1, sizeof *map->u.map.members);
    struct value_member *m = &map->u.map.members[map->u.map.count++];
    m->key = key;
    m->key_len = key_len;
    m->value = v;
}

void value_map_putn(struct arena *a, struct value *map, const char *key, size_t key_len,
                    struct value *v)
{
    put_member(a, map, arena_strndup(a, key, key_len), key_len, v);
}

void value_map_put(struct arena *a, struct value *map, const char *key, struct value *v)
{
    value_map_putn(a, map, key, strlen(key), v);
}

/* The shorthands keep their key as given (literals): a copy of each in every
 * map was a good part of the model's strings. */
void value_map_put_key(struct arena *a, struct value *map, const char *key, struct value *v)
{
    put_member(a, map, key, strlen(key), v);
}

void value_map_put_str(struct arena *a, struct value *map, const char *key, const char *s)
{
    value_map_put_key(a, map, key, s ? value_string(a, s) : value_null(a));
}

void value_map_put_int(struct arena *a, struct value *map, const char *key, int64_t i)
{
    value_map_put_key(a, map, key, value_int(a, i));
}

void value_map_put_bool(struct arena *a, struct value *map, const char *key, bool b)
{
    value_map_put_key(a, map, key, value_bool(a, b));
}

static struct value *member_named(const struct value *map, const char *key, size_t key_len)
{
    for (size_t i = map->u.map.count; i-- > 0;) {
        const struct value_member *m = &map->u.map.members[i];
        if (m->key_len == key_len && memcmp(m->key, key, key_len) == 0)
            return m->value;
    }
    return NULL;
}

struct value *value_map_get(const struct value *map, const char *key, size_t key_len)
{
    if (map == NULL || map->kind != VALUE_MAP)
        return NULL;
    struct value *v = member_named(map, key, key_len);
    if (v != NULL)
        return v;
    for (size_t i = 0; i < VALUE_FORMS; i++) {
        size_t n = strlen(value_form_suffixes[i]);
        if (key_len <= n + 1 || key[key_len - n - 1] != '_' ||
            memcmp(key + key_len - n, value_form_suffixes[i], n) != 0)
            continue;
        struct value *base = member_named(map, key, key_len - n - 1);
        return base != NULL && base->has_forms ? value_form(base, i) : NULL;
    }
    return NULL;
}
