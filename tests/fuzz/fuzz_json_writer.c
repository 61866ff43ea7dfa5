/* Fuzz target for the public JSON writer (errata/json_writer.h): any
 * sequence of errata_jw_* calls, with any bytes for keys and strings, any
 * int64, any double (NaN and infinities included) and any raw text.
 *
 * Input: a list of calls, one byte each (its value modulo 16 picks the
 * call), each followed by its argument's bytes (fuzz_util.h's reader).
 *
 * What must hold:
 *  - the writer reports misuse exactly when a model of json_writer.h's
 *    rules says so (a value where a key belongs, a key outside an object,
 *    an unbalanced end, nesting past ERRATA_JSON_MAX_DEPTH, a second
 *    top-level value, NULL keys, raw text that is not one JSON value,
 *    nothing written), and the misuse is sticky;
 *  - otherwise the output is valid JSON (errata_json_validate and jansson)
 *    and valid UTF-8, and jansson reads back exactly the values written,
 *    strings with ill-formed UTF-8 replaced per maximal subpart, non-finite
 *    numbers as null;
 *  - sizing (cap 0), a buffer of the exact size and a small one all report
 *    the same length; the small one holds a NUL-terminated prefix and says
 *    TRUNCATED (snprintf semantics).
 * Anything else aborts. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <errata/json_writer.h>

#include "fuzz_util.h"

static fuzz_ctx_t g_ctx = { "fuzz_json_writer", NULL, 0 };

#define FAIL(...) fuzz_fail(&g_ctx, __VA_ARGS__)

/* Well-formed raw values, so that errata_jw_raw is not only fed garbage. */
static const char *const raws[] = {
    "{\"a\":[1,2.5e3,null]}", "\"\\u00e9\\ud83d\\ude00\"", "-0", "[]", "{}", "true", " 1 ",
    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
};

/* What the writer must have done so far: json_writer.h's rules, and the
 * document as jansson values. */
typedef struct model {
    json_t *stack[ERRATA_JSON_MAX_DEPTH + 1];
    unsigned depth;
    json_t *root;
    json_t *key; /* the name awaiting its value (a string), NULL: none */
    bool done, misused;
    bool exact; /* false once a raw value jansson cannot hold was written */
} model_t;

static bool model_value_begins(model_t *m)
{
    if (m->misused || m->done || (m->depth > 0 && json_is_object(m->stack[m->depth - 1]) &&
                                  m->key == NULL)) {
        m->misused = true;
        return false;
    }
    return true;
}

/* Places v (a new reference) where the next value goes. */
static void model_put(model_t *m, json_t *v)
{
    if (m->depth == 0) {
        m->root = v;
        m->done = true;
    } else if (m->key != NULL) {
        json_object_set_new(m->stack[m->depth - 1], json_string_value(m->key), v);
        json_decref(m->key);
        m->key = NULL;
    } else {
        json_array_append_new(m->stack[m->depth - 1], v);
    }
}

static void model_value(model_t *m, json_t *v)
{
    if (model_value_begins(m))
        model_put(m, v);
    else
        json_decref(v);
}

static void model_begin(model_t *m, bool object)
{
    if (!model_value_begins(m))
        return;
    if (m->depth >= ERRATA_JSON_MAX_DEPTH) {
        m->misused = true;
        return;
    }
    json_t *c = object ? json_object() : json_array();
    model_put(m, json_incref(c));
    m->done = false;
    m->stack[m->depth++] = c;
}

static void model_end(model_t *m, bool object)
{
    if (m->misused || m->depth == 0 || json_is_object(m->stack[m->depth - 1]) != object ||
        m->key != NULL) {
        m->misused = true;
        return;
    }
    json_decref(m->stack[--m->depth]);
    m->done = m->depth == 0;
}

static void model_key(model_t *m, const char *key)
{
    if (m->misused || m->depth == 0 || !json_is_object(m->stack[m->depth - 1]) ||
        m->key != NULL || key == NULL) {
        m->misused = true;
        return;
    }
    m->key = fuzz_json_text(key, strlen(key));
}

/* How deep the containers of a valid JSON text nest: brackets counted
 * outside strings. */
static unsigned raw_levels(const char *raw, size_t n)
{
    unsigned depth = 0, most = 0;
    bool in_string = false;
    for (size_t i = 0; i < n; i++) {
        if (in_string) {
            if (raw[i] == '\\')
                i++;
            else if (raw[i] == '"')
                in_string = false;
        } else if (raw[i] == '"') {
            in_string = true;
        } else if (raw[i] == '[' || raw[i] == '{') {
            most = ++depth > most ? depth : most;
        } else if (raw[i] == ']' || raw[i] == '}') {
            depth--;
        }
    }
    return most;
}

/* A raw value: misuse unless it is one valid JSON text whose nesting,
 * inside the open containers, stays within ERRATA_JSON_MAX_DEPTH; then
 * what jansson reads it as (errata and jansson differ only where
 * fuzz_json.c says). */
static void model_raw(model_t *m, const char *raw, size_t n)
{
    if (!errata_json_validate(raw, n, NULL, NULL, NULL) ||
        m->depth + raw_levels(raw, n) > ERRATA_JSON_MAX_DEPTH) {
        model_value(m, json_null());
        m->misused = true;
        return;
    }
    json_t *v = json_loadb(raw, n, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
    if (v == NULL) {
        m->exact = false;
        v = json_null();
    }
    model_value(m, v);
}

static void model_free(model_t *m)
{
    while (m->depth > 0)
        json_decref(m->stack[--m->depth]);
    json_decref(m->key);
    json_decref(m->root);
}

static double gen_double(fuzz_in_t *in)
{
    uint8_t mode = fuzz_u8(in);
    return mode == 0 ? NAN : mode == 1 ? INFINITY : mode == 2 ? -INFINITY : fuzz_double(in);
}

/* Runs every call the input describes on w, and on the model when m is
 * not NULL. */
static void run(const uint8_t *bytes, size_t size, errata_json_writer_t *w, model_t *m)
{
    fuzz_in_t in = { bytes, size };
    while (in.n > 0) {
        uint8_t op = fuzz_u8(&in) % 16;
        size_t n;
        char *s = op == 4 || op == 5 || op == 6 || op == 11 ? fuzz_bytes(&in, 255, &n) : NULL;
        int64_t i = op == 7 ? (int64_t)fuzz_u64(&in) : 0;
        double d = op == 8 ? gen_double(&in) : 0;
        bool b = op == 9 && (fuzz_u8(&in) & 1);
        const char *raw = op == 14 ? raws[fuzz_u8(&in) % (sizeof raws / sizeof raws[0])] : NULL;
        switch (op) {
        case 0: case 15:
            errata_jw_begin_object(w);
            if (m) model_begin(m, true);
            break;
        case 1:
            errata_jw_end_object(w);
            if (m) model_end(m, true);
            break;
        case 2:
            errata_jw_begin_array(w);
            if (m) model_begin(m, false);
            break;
        case 3:
            errata_jw_end_array(w);
            if (m) model_end(m, false);
            break;
        case 4: case 13:
            errata_jw_key(w, s);
            if (m) model_key(m, s);
            break;
        case 5: case 12:
            errata_jw_string(w, s);
            if (m) model_value(m, s ? fuzz_json_text(s, strlen(s)) : json_null());
            break;
        case 6:
            errata_jw_stringn(w, s, n);
            if (m) model_value(m, fuzz_json_text(s, n));
            break;
        case 7:
            errata_jw_int(w, i);
            if (m) model_value(m, json_integer(i));
            break;
        case 8:
            errata_jw_number(w, d);
            if (m) model_value(m, isfinite(d) ? json_real(d) : json_null());
            break;
        case 9:
            errata_jw_bool(w, b);
            if (m) model_value(m, json_boolean(b));
            break;
        case 10:
            errata_jw_null(w);
            if (m) model_value(m, json_null());
            break;
        case 11:
            errata_jw_raw(w, s, n);
            if (m) model_raw(m, s, n);
            break;
        default:
            errata_jw_raw(w, raw, strlen(raw));
            if (m) model_raw(m, raw, strlen(raw));
            break;
        }
        free(s);
    }
}

/* The output as a document: valid for both parsers, valid UTF-8, and what
 * the model wrote. */
static void check_document(const char *out, size_t len, const model_t *m)
{
    const char *error;
    size_t offset;
    if (!errata_json_validate(out, len, &error, &offset, NULL))
        FAIL("errata_json_validate rejects the output (%s at %zu): %.300s", error, offset, out);
    if (!fuzz_utf8_valid(out, len))
        FAIL("the output is not valid UTF-8: %.300s", out);
    json_error_t jerr;
    json_t *doc = json_loadb(out, len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
    if (doc == NULL && m->exact)
        FAIL("jansson rejects the output (%s): %.300s", jerr.text, out);
    if (m->exact && !fuzz_json_same(m->root, doc))
        FAIL("jansson reads another document than was written: %.300s", out);
    json_decref(doc);
}

int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    g_ctx.data = bytes;
    g_ctx.size = size;
    model_t m;
    memset(&m, 0, sizeof m);
    m.exact = true;
    errata_json_writer_t w;

    errata_jw_init(&w, NULL, 0); /* sizing */
    run(bytes, size, &w, &m);
    size_t len, got;
    errata_jw_result_t sized = errata_jw_finish(&w, &len);
    bool ok = !m.misused && m.done;
    if ((sized == ERRATA_JW_MISUSED) == ok)
        FAIL("the writer says %s, the model %s", sized == ERRATA_JW_MISUSED ? "misused" : "fine",
             ok ? "fine" : "misused");

    char *full = malloc(len + 1); /* exact: a byte past it is an ASan error */
    errata_jw_init(&w, full, len + 1);
    run(bytes, size, &w, NULL);
    errata_jw_result_t r = errata_jw_finish(&w, &got);
    if (got != len || strlen(full) != len || (r == ERRATA_JW_OK) != ok)
        FAIL("with room: length %zu (sizing said %zu), result %d", got, len, (int)r);
    if (ok)
        check_document(full, len, &m);

    size_t cap = size % (len + 1) + 1; /* 1..len+1 */
    char *small = malloc(cap);
    errata_jw_init(&w, small, cap);
    run(bytes, size, &w, NULL);
    r = errata_jw_finish(&w, &got);
    size_t kept = cap - 1 < len ? cap - 1 : len;
    if (got != len || small[kept] != '\0' || memcmp(small, full, kept) != 0 ||
        r != (!ok ? ERRATA_JW_MISUSED : cap > len ? ERRATA_JW_OK : ERRATA_JW_TRUNCATED))
        FAIL("cap %zu: not a prefix, or result %d", cap, (int)r);

    free(small);
    free(full);
    model_free(&m);
    return 0;
}
