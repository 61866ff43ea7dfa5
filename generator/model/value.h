/* The generic data tree: what `errata model` prints as JSON and what templates
 * render from. Maps keep insertion order, so output built from them is
 * deterministic. Everything lives in the run's arena. */
#ifndef ERRATA_MODEL_VALUE_H
#define ERRATA_MODEL_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;

enum value_kind {
    VALUE_NULL,
    VALUE_BOOL,
    VALUE_INT,    /* int64 */
    VALUE_NUMBER, /* double, finite */
    VALUE_STRING, /* counted bytes, NUL-terminated for convenience */
    VALUE_LIST,
    VALUE_MAP,
};

struct value;

struct value_member {
    const char *key;
    size_t key_len;
    struct value *value;
};

struct value {
    enum value_kind kind;
    union {
        bool boolean;
        int64_t integer;
        double number;
        struct {
            const char *ptr;
            size_t len;
        } string;
        struct {
            struct value **items;
            size_t count, cap;
        } list;
        struct {
            struct value_member *members;
            size_t count, cap;
        } map;
    } u;
};

struct value *value_null(struct arena *a);
struct value *value_bool(struct arena *a, bool b);
struct value *value_int(struct arena *a, int64_t i);
struct value *value_number(struct arena *a, double d);
struct value *value_string(struct arena *a, const char *s);          /* copies */
struct value *value_stringn(struct arena *a, const char *s, size_t len); /* copies */
struct value *value_list(struct arena *a);
struct value *value_map(struct arena *a);

void value_list_push(struct arena *a, struct value *list, struct value *item);
/* Appends; callers building maps from trusted code use distinct keys. */
void value_map_put(struct arena *a, struct value *map, const char *key, struct value *v);
void value_map_putn(struct arena *a, struct value *map, const char *key, size_t key_len,
                    struct value *v);

/* Shorthands for the common cases; a NULL string puts null. */
void value_map_put_str(struct arena *a, struct value *map, const char *key, const char *s);
void value_map_put_int(struct arena *a, struct value *map, const char *key, int64_t i);
void value_map_put_bool(struct arena *a, struct value *map, const char *key, bool b);

/* The last member with that key, or NULL. */
struct value *value_map_get(const struct value *map, const char *key, size_t key_len);

#endif
