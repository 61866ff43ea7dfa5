/* The public JSON writer (json_writer.h): the problem writer's output
 * cursor and string escaping (json_out.c), plus the bookkeeping of commas
 * and nesting so that callers cannot produce invalid JSON by accident. */
#include "internal.h"

#include "errata/json_writer.h"
#include <string.h>

/* The writer keeps the cursor's fields in its public struct (errata_out_t
 * is internal); each write runs the cursor over them and stores the length
 * back. */
static errata_out_t errata_jw_cursor(const errata_json_writer_t *w)
{
    errata_out_t o = { w->buf, w->cap, w->len };
    return o;
}

static void errata_jw_char(errata_json_writer_t *w, char c)
{
    errata_out_t o = errata_jw_cursor(w);
    errata_out_char(&o, c);
    w->len = o.len;
}

static void errata_jw_bytes(errata_json_writer_t *w, const char *s, size_t n)
{
    errata_out_t o = errata_jw_cursor(w);
    errata_out_bytes(&o, s, n);
    w->len = o.len;
}

static void errata_jw_quoted(errata_json_writer_t *w, const char *s, size_t n)
{
    errata_out_t o = errata_jw_cursor(w);
    errata_out_json_string(&o, s, n);
    w->len = o.len;
}

void errata_jw_init(errata_json_writer_t *w, char *buf, size_t cap)
{
    errata_out_t o;
    errata_out_init(&o, buf, cap);
    memset(w, 0, sizeof *w);
    w->buf = o.buf;
    w->cap = o.cap;
}

/* Before any value: the comma, and whether a value may come here at all. */
static bool errata_jw_value_begins(errata_json_writer_t *w)
{
    if (w->misused || w->done) {
        w->misused = true; /* a second top-level value */
        return false;
    }
    if (w->depth > 0 && w->in_object[w->depth - 1] && !w->after_key) {
        w->misused = true; /* a value where a key belongs */
        return false;
    }
    if (w->need_comma && !w->after_key)
        errata_jw_char(w, ',');
    w->after_key = false;
    return true;
}

static void errata_jw_value_ends(errata_json_writer_t *w)
{
    w->need_comma = true;
    if (w->depth == 0)
        w->done = true;
}

static void errata_jw_begin(errata_json_writer_t *w, bool object)
{
    if (!errata_jw_value_begins(w))
        return;
    if (w->depth >= ERRATA_JSON_MAX_DEPTH) {
        w->misused = true;
        return;
    }
    errata_jw_char(w, object ? '{' : '[');
    w->in_object[w->depth++] = object;
    w->need_comma = false;
}

static void errata_jw_end(errata_json_writer_t *w, bool object)
{
    if (w->misused || w->depth == 0 || w->in_object[w->depth - 1] != object || w->after_key) {
        w->misused = true;
        return;
    }
    w->depth--;
    errata_jw_char(w, object ? '}' : ']');
    errata_jw_value_ends(w);
}

void errata_jw_begin_object(errata_json_writer_t *w)
{
    errata_jw_begin(w, true);
}

void errata_jw_end_object(errata_json_writer_t *w)
{
    errata_jw_end(w, true);
}

void errata_jw_begin_array(errata_json_writer_t *w)
{
    errata_jw_begin(w, false);
}

void errata_jw_end_array(errata_json_writer_t *w)
{
    errata_jw_end(w, false);
}

void errata_jw_key(errata_json_writer_t *w, const char *key)
{
    if (w->misused || w->depth == 0 || !w->in_object[w->depth - 1] || w->after_key ||
        key == NULL) {
        w->misused = true;
        return;
    }
    if (w->need_comma)
        errata_jw_char(w, ',');
    errata_jw_quoted(w, key, strlen(key));
    errata_jw_char(w, ':');
    w->after_key = true;
}

void errata_jw_stringn(errata_json_writer_t *w, const char *s, size_t n)
{
    if (s == NULL) {
        errata_jw_null(w);
        return;
    }
    if (!errata_jw_value_begins(w))
        return;
    errata_jw_quoted(w, s, n);
    errata_jw_value_ends(w);
}

void errata_jw_string(errata_json_writer_t *w, const char *s)
{
    errata_jw_stringn(w, s, s ? strlen(s) : 0);
}

static void errata_jw_literal(errata_json_writer_t *w, const char *text, size_t n)
{
    if (!errata_jw_value_begins(w))
        return;
    errata_jw_bytes(w, text, n);
    errata_jw_value_ends(w);
}

void errata_jw_int(errata_json_writer_t *w, int64_t v)
{
    char num[ERRATA_NUMBER_BUF];
    errata_jw_literal(w, num, errata_format_int(num, v));
}

void errata_jw_number(errata_json_writer_t *w, double v)
{
    char num[ERRATA_NUMBER_BUF];
    size_t n = errata_format_double(num, v);
    if (n == 0)
        errata_jw_null(w); /* not finite */
    else
        errata_jw_literal(w, num, n);
}

void errata_jw_bool(errata_json_writer_t *w, bool v)
{
    if (v)
        errata_jw_literal(w, "true", 4);
    else
        errata_jw_literal(w, "false", 5);
}

void errata_jw_null(errata_json_writer_t *w)
{
    errata_jw_literal(w, "null", 4);
}

/* Whether json is one valid JSON value whose containers, nested inside
 * the writer's open ones, stay within ERRATA_JSON_MAX_DEPTH: the whole
 * output must read back with errata's own parser (a fuzz find: a raw value
 * ten levels deep inside sixty open arrays made a document that
 * errata_json_validate refuses). Strings are checked, not copied. */
static bool errata_jw_raw_fits(const errata_json_writer_t *w, const char *json, size_t n)
{
    errata_json_parser_t p;
    errata_json_token_t t;
    unsigned levels = 0;
    errata_json_init(&p, json, n, NULL, 0);
    while ((t = errata_json_next(&p)) != ERRATA_JSON_END) {
        if (t == ERRATA_JSON_ERROR)
            return false;
        if ((t == ERRATA_JSON_OBJECT_BEGIN || t == ERRATA_JSON_ARRAY_BEGIN) &&
            errata_json_depth(&p) + 1 > levels)
            levels = errata_json_depth(&p) + 1;
    }
    return w->depth + levels <= ERRATA_JSON_MAX_DEPTH;
}

void errata_jw_raw(errata_json_writer_t *w, const char *json, size_t n)
{
    if (json == NULL || !errata_jw_raw_fits(w, json, n)) {
        errata_jw_null(w);
        w->misused = true;
        return;
    }
    errata_jw_literal(w, json, n);
}

errata_jw_result_t errata_jw_finish(errata_json_writer_t *w, size_t *len)
{
    errata_out_t o = errata_jw_cursor(w);
    size_t n = errata_out_finish(&o);
    if (len != NULL)
        *len = n;
    if (w->misused || !w->done)
        return ERRATA_JW_MISUSED;
    return n < w->cap ? ERRATA_JW_OK : ERRATA_JW_TRUNCATED;
}
