/* errata_json_skip_member_value: a member's value checked and skipped in
 * one tight loop, for the decoder's scan, which skips most of a body and
 * keeps none of it. The loop accepts only what the token parser
 * (json_parse.c) accepts; anything it is not sure of (an error, a \u
 * escape, a byte outside the common cases) sends the value back to the
 * token parser, which then finds the same value, or reports the error
 * with its exact message and place. */
#include "internal.h"

static bool errata_js_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static size_t errata_js_skip_space(const unsigned char *s, size_t i, size_t len)
{
    /* Every space is at most ' ': one test for the common no-space case. */
    while (i < len && s[i] <= ' ' && errata_js_space(s[i]))
        i++;
    return i;
}

static bool errata_js_digit(const unsigned char *s, size_t i, size_t len)
{
    return i < len && s[i] >= '0' && s[i] <= '9';
}

/* A string whose quote is at i; returns the offset after its closing
 * quote, 0 when unsure. */
static size_t errata_js_string(const unsigned char *s, size_t i, size_t len)
{
    i++;
    for (;;) {
        i = errata_json_plain_end(s, i, len);
        if (i >= len)
            return 0;
        unsigned char c = s[i];
        if (c == '"')
            return i + 1;
        if (c == '\\') {
            if (i + 1 >= len)
                return 0;
            switch (s[i + 1]) {
            case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
                i += 2;
                continue;
            default:
                return 0; /* \u and errors: the token parser's */
            }
        }
        if (c < 0x80)
            return 0; /* a control byte */
        errata_utf8_unit_t u = errata_utf8_next(s + i, len - i);
        if (!u.valid)
            return 0;
        i += u.len;
    }
}

/* A number at i; returns the offset after it, 0 when unsure. */
static size_t errata_js_number(const unsigned char *s, size_t i, size_t len)
{
    if (s[i] == '-')
        i++;
    if (i < len && s[i] == '0') {
        i++;
        if (errata_js_digit(s, i, len))
            return 0; /* leading zero */
    } else {
        if (!errata_js_digit(s, i, len))
            return 0;
        while (errata_js_digit(s, i, len))
            i++;
    }
    if (i < len && s[i] == '.') {
        i++;
        if (!errata_js_digit(s, i, len))
            return 0;
        while (errata_js_digit(s, i, len))
            i++;
    }
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < len && (s[i] == '+' || s[i] == '-'))
            i++;
        if (!errata_js_digit(s, i, len))
            return 0;
        while (errata_js_digit(s, i, len))
            i++;
    }
    return i;
}

static size_t errata_js_literal(const unsigned char *s, size_t i, size_t len, const char *word,
                                size_t n)
{
    return len - i >= n && memcmp(s + i, word, n) == 0 ? i + n : 0;
}

/* A scalar at i (not a container); the offset after it, 0 when unsure. */
static size_t errata_js_scalar(const unsigned char *s, size_t i, size_t len)
{
    switch (s[i]) {
    case '"': return errata_js_string(s, i, len);
    case 't': return errata_js_literal(s, i, len, "true", 4);
    case 'f': return errata_js_literal(s, i, len, "false", 5);
    case 'n': return errata_js_literal(s, i, len, "null", 4);
    default:
        return s[i] == '-' || (s[i] >= '0' && s[i] <= '9') ? errata_js_number(s, i, len) : 0;
    }
}

/* A member name at i, its ':' and the spaces after; the offset of its
 * value, 0 when unsure. */
static size_t errata_js_name(const unsigned char *s, size_t i, size_t len)
{
    if (i >= len || s[i] != '"' || (i = errata_js_string(s, i, len)) == 0)
        return 0;
    i = errata_js_skip_space(s, i, len);
    if (i >= len || s[i] != ':')
        return 0;
    return errata_js_skip_space(s, i + 1, len);
}

/* The value at i (spaces skipped), with `room` more levels of nesting
 * allowed; the offset after it, 0 when unsure. Containers are walked with
 * a bit per level (1: an object), never recursively. */
static size_t errata_js_value(const unsigned char *s, size_t i, size_t len, unsigned room)
{
    uint64_t objects = 0;
    unsigned depth = 0;
    for (;;) {
        /* A value is expected at i. */
        if (i >= len)
            return 0;
        if (s[i] == '{' || s[i] == '[') {
            if (depth >= room || depth >= 64)
                return 0; /* too deep: the token parser says where */
            bool object = s[i] == '{';
            objects = object ? objects | (uint64_t)1 << depth : objects & ~((uint64_t)1 << depth);
            depth++;
            i = errata_js_skip_space(s, i + 1, len);
            if (i < len && s[i] == (object ? '}' : ']')) {
                i++; /* empty: the container is a value just ended */
                depth--;
            } else if (object && (i = errata_js_name(s, i, len)) == 0) {
                return 0;
            } else {
                continue; /* a value comes next */
            }
        } else if ((i = errata_js_scalar(s, i, len)) == 0) {
            return 0;
        }
        /* A value just ended at i: close what it ends, or go on. */
        for (;;) {
            if (depth == 0)
                return i;
            i = errata_js_skip_space(s, i, len);
            if (i >= len)
                return 0;
            bool object = (objects >> (depth - 1)) & 1;
            if (s[i] == (object ? '}' : ']')) {
                i++;
                depth--;
                continue;
            }
            if (s[i] != ',')
                return 0;
            i = errata_js_skip_space(s, i + 1, len);
            if (object && (i = errata_js_name(s, i, len)) == 0)
                return 0;
            break;
        }
    }
}

bool errata_json_skip_member_value(errata_json_parser_t *p, size_t *start, size_t *end)
{
    const unsigned char *s = (const unsigned char *)p->data;
    if (errata_json_expects_colon(p)) {
        size_t i = errata_js_skip_space(s, p->pos, p->len);
        if (i < p->len && s[i] == ':') {
            size_t at = errata_js_skip_space(s, i + 1, p->len);
            size_t after = errata_js_value(s, at, p->len, ERRATA_JSON_MAX_DEPTH - p->depth);
            if (after != 0) {
                errata_json_value_skipped(p, at, after);
                *start = at;
                *end = after;
                return true;
            }
        }
    }
    /* Unsure: the token parser reads it, errors and all. */
    size_t cap = p->scratch_cap;
    p->scratch_cap = p->kept; /* strings checked, not copied */
    errata_json_token_t t = errata_json_next(p);
    *start = p->offset;
    bool ok = t != ERRATA_JSON_ERROR && errata_json_skip(p);
    *end = p->pos;
    p->scratch_cap = cap;
    return ok;
}
