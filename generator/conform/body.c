/* A response body as a value tree, read with liberrata's strict parser, so
 * that conform and generated clients agree on what is valid JSON. */
#include <string.h>

#include <errata/json.h>

#include "../model/value.h"
#include "../support/arena.h"
#include "body.h"

static struct value *parse_value(struct arena *a, errata_json_parser_t *p,
                                 errata_json_token_t t);

static struct value *parse_object(struct arena *a, errata_json_parser_t *p)
{
    struct value *map = value_map(a);
    errata_json_token_t t;
    while ((t = errata_json_next(p)) == ERRATA_JSON_KEY) {
        char *key = arena_strndup(a, p->text, p->text_len);
        size_t key_len = p->text_len;
        struct value *v = parse_value(a, p, errata_json_next(p));
        if (v == NULL)
            return NULL;
        value_map_putn(a, map, key, key_len, v);
    }
    return t == ERRATA_JSON_OBJECT_END ? map : NULL;
}

static struct value *parse_array(struct arena *a, errata_json_parser_t *p)
{
    struct value *list = value_list(a);
    errata_json_token_t t;
    while ((t = errata_json_next(p)) != ERRATA_JSON_ARRAY_END) {
        struct value *v = parse_value(a, p, t);
        if (v == NULL)
            return NULL;
        value_list_push(a, list, v);
    }
    return list;
}

static struct value *parse_number(struct arena *a, const errata_json_parser_t *p)
{
    int64_t i;
    double d;
    bool fraction = memchr(p->raw, '.', p->raw_len) || memchr(p->raw, 'e', p->raw_len) ||
                    memchr(p->raw, 'E', p->raw_len);
    if (!fraction && errata_json_int64(p, &i))
        return value_int(a, i);
    return errata_json_double(p, &d) ? value_number(a, d) : value_null(a);
}

/* The parser bounds the nesting (ERRATA_JSON_MAX_DEPTH), so the recursion
 * is bounded too. */
static struct value *parse_value(struct arena *a, errata_json_parser_t *p,
                                 errata_json_token_t t)
{
    switch (t) {
    case ERRATA_JSON_OBJECT_BEGIN: return parse_object(a, p);
    case ERRATA_JSON_ARRAY_BEGIN: return parse_array(a, p);
    case ERRATA_JSON_STRING: return value_stringn(a, p->text, p->text_len);
    case ERRATA_JSON_NUMBER: return parse_number(a, p);
    case ERRATA_JSON_TRUE: return value_bool(a, true);
    case ERRATA_JSON_FALSE: return value_bool(a, false);
    case ERRATA_JSON_NULL: return value_null(a);
    default: return NULL;
    }
}

struct value *conform_body_parse(struct arena *a, const char *data, size_t len,
                                 const char **error, size_t *offset)
{
    char *scratch = arena_alloc(a, len + 1);
    errata_json_parser_t p;
    errata_json_init(&p, data, len, scratch, len + 1);
    struct value *v = parse_value(a, &p, errata_json_next(&p));
    if (v != NULL && errata_json_next(&p) == ERRATA_JSON_END)
        return v;
    *error = p.error ? p.error : "not valid JSON";
    *offset = p.error_offset;
    return NULL;
}
