/* The generic data tree: what `errata model` prints as JSON and what templates
 * render from. Maps keep insertion order, so output built from them is
 * deterministic. Everything lives in the run's arena. */
#ifndef ERRATA_MODEL_VALUE_H
#define ERRATA_MODEL_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct strbuf;

/* Appends the text of a VALUE_TEXT: the escapes of generator/model/escape.h
 * have this shape. Never appends nothing for len > 0 (truthiness reads len). */
typedef void (*value_text_fn)(struct strbuf *out, const char *s, size_t len);

enum value_kind {
    VALUE_NULL,
    VALUE_BOOL,
    VALUE_INT,    /* int64 */
    VALUE_NUMBER, /* double, finite */
    VALUE_STRING, /* counted bytes, NUL-terminated for convenience */
    VALUE_LIST,
    VALUE_MAP,
    VALUE_TEXT, /* a string computed when read: write(out, src, len); see value_text_write */
};

struct value;

struct value_member {
    const char *key;
    size_t key_len;
    struct value *value;
};

struct value {
    enum value_kind kind;
    bool has_forms; /* made by value_string_forms: see there */
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
        struct {
            value_text_fn write;
            const char *src; /* not copied: must live as long as the value */
            size_t len;
        } text;
    } u;
};

struct value *value_null(struct arena *a);
struct value *value_bool(struct arena *a, bool b);
struct value *value_int(struct arena *a, int64_t i);
struct value *value_number(struct arena *a, double d);
struct value *value_string(struct arena *a, const char *s);          /* copies */
struct value *value_stringn(struct arena *a, const char *s, size_t len); /* copies */
/* A string made only when something reads it (a template, `errata model`):
 * the escaped forms of every text, most of which no template of a run asks
 * for, cost a node here instead of a copy each. src is not copied. */
struct value *value_text(struct arena *a, value_text_fn write, const char *src, size_t len);
/* Appends v's text when v is a VALUE_TEXT; false (nothing appended) otherwise. */
bool value_text_write(struct strbuf *out, const struct value *v);

/* A text and its escaped forms (generator/model/model_value.c's
 * model_put_text): put under KEY, the string (null for NULL) also answers
 * value_map_get for KEY_c, KEY_comment, KEY_json, KEY_md and KEY_html, each
 * a VALUE_TEXT of write[i] (null for NULL), and json_write prints them after
 * KEY. One member instead of six: the maps of a model were mostly these. */
enum { VALUE_FORMS = 5 };
extern const char *const value_form_suffixes[VALUE_FORMS]; /* "c", ... "html" */
struct value *value_string_forms(struct arena *a, const char *s,
                                 const value_text_fn write[VALUE_FORMS]);
/* The form value_form_suffixes[i] of a value with has_forms. */
struct value *value_form(const struct value *v, size_t i);
struct value *value_list(struct arena *a);
struct value *value_map(struct arena *a);

void value_list_push(struct arena *a, struct value *list, struct value *item);
/* Appends; callers building maps from trusted code use distinct keys. */
void value_map_put(struct arena *a, struct value *map, const char *key, struct value *v);
void value_map_putn(struct arena *a, struct value *map, const char *key, size_t key_len,
                    struct value *v);

/* value_map_put without copying the key: a literal, or a string that lives
 * as long as the map. */
void value_map_put_key(struct arena *a, struct value *map, const char *key, struct value *v);

/* Shorthands for the common cases; a NULL string puts null. Their key is not
 * copied: a string literal, or a string that lives as long as the map. */
void value_map_put_str(struct arena *a, struct value *map, const char *key, const char *s);
void value_map_put_int(struct arena *a, struct value *map, const char *key, int64_t i);
void value_map_put_bool(struct arena *a, struct value *map, const char *key, bool b);

/* The last member with that key, or NULL; a key KEY_c (any suffix of
 * value_form_suffixes) not in the map is the form of a member KEY made by
 * value_string_forms. */
struct value *value_map_get(const struct value *map, const char *key, size_t key_len);

#endif
