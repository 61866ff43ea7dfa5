/* Splits a template into text and tags, following set-delimiter tags as it
 * goes. Text tokens hold at most one line, so the standalone pass can work
 * line by line. Every read is bounded by the source length: the input may be
 * any bytes. */
#include <stdlib.h>
#include <string.h>

#include "../support/fatal.h"
#include "internal.h"

struct lexer {
    struct parser *p;
    const char *s;
    size_t len;
    struct span open, close;
};

static struct token *push(struct parser *p, enum tag_type type, size_t start, size_t end)
{
    if (p->count == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 64;
        struct token *t = realloc(p->toks, cap * sizeof *t);
        if (t == NULL)
            fatal_out_of_memory();
        p->toks = t;
        p->cap = cap;
    }
    struct token *t = &p->toks[p->count++];
    memset(t, 0, sizeof *t);
    t->type = type;
    t->start = start;
    t->end = end;
    t->match = NO_INDEX;
    t->owner = NO_INDEX;
    return t;
}

/* First occurrence of needle in s[from, len), or NO_INDEX. */
static size_t find(const char *s, size_t len, size_t from, const char *needle, size_t nlen)
{
    if (nlen == 0 || nlen > len)
        return NO_INDEX;
    size_t last = len - nlen;
    while (from <= last) {
        const char *hit = memchr(s + from, needle[0], last - from + 1);
        if (hit == NULL)
            return NO_INDEX;
        from = (size_t)(hit - s);
        if (memcmp(s + from, needle, nlen) == 0)
            return from;
        from++;
    }
    return NO_INDEX;
}

static void add_text(struct lexer *lx, size_t from, size_t to)
{
    while (from < to) {
        const char *nl = memchr(lx->s + from, '\n', to - from);
        size_t end = nl ? (size_t)(nl - lx->s) + 1 : to;
        push(lx->p, TAG_TEXT, from, end);
        from = end;
    }
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static struct span trim(const char *s, size_t len)
{
    while (len > 0 && is_space(s[0])) {
        s++;
        len--;
    }
    while (len > 0 && is_space(s[len - 1]))
        len--;
    return (struct span){ s, len };
}

static enum tag_type tag_type_of(char sigil)
{
    switch (sigil) {
    case '{':
    case '&':
        return TAG_RAW;
    case '#':
        return TAG_SECTION;
    case '^':
        return TAG_INVERTED;
    case '/':
        return TAG_CLOSE;
    case '!':
        return TAG_COMMENT;
    case '>':
        return TAG_PARTIAL;
    case '<':
        return TAG_PARENT;
    case '$':
        return TAG_BLOCK;
    case '=':
        return TAG_DELIM;
    default:
        return TAG_VAR;
    }
}

/* A valid delimiter: non-empty, short, no whitespace, no '='. */
static bool good_delim(struct span d)
{
    if (d.len == 0 || d.len > MUSTACHE_MAX_DELIM)
        return false;
    for (size_t i = 0; i < d.len; i++)
        if (is_space(d.ptr[i]) || d.ptr[i] == '=')
            return false;
    return true;
}

/* {{=<% %>=}}: exactly two delimiters separated by whitespace. */
static bool set_delims(struct lexer *lx, struct span content)
{
    struct span c = trim(content.ptr, content.len);
    size_t i = 0;
    while (i < c.len && !is_space(c.ptr[i]))
        i++;
    struct span open = { c.ptr, i };
    struct span close = trim(c.ptr + i, c.len - i);
    if (!good_delim(open) || !good_delim(close))
        return false;
    lx->open = open;
    lx->close = close;
    return true;
}

/* Tag content: trimmed, with a leading '*' taken off as the dynamic flag. */
static void set_key(struct token *t, struct span content)
{
    struct span key = trim(content.ptr, content.len);
    if (key.len > 0 && key.ptr[0] == '*') {
        t->dynamic = true;
        key = trim(key.ptr + 1, key.len - 1);
    }
    t->key = key;
}

/* Names that resolve through the context stack, and so split at dots. */
static bool dotted(const struct token *t)
{
    return t->type == TAG_VAR || t->type == TAG_RAW || t->type == TAG_SECTION ||
           t->type == TAG_INVERTED || (t->dynamic && t->type != TAG_CLOSE);
}

/* `.` alone, or parts that are not empty: no "a..b", ".a" or "a.". */
static bool good_dots(struct span k)
{
    if (k.len == 1 && k.ptr[0] == '.')
        return true;
    if (k.ptr[0] == '.' || k.ptr[k.len - 1] == '.')
        return false;
    for (size_t i = 1; i < k.len; i++)
        if (k.ptr[i] == '.' && k.ptr[i - 1] == '.')
            return false;
    return true;
}

static bool check_name(struct lexer *lx, struct token *t)
{
    struct parser *p = lx->p;
    char shown[SHOW_MAX + 4];
    if (t->key.len == 0)
        return mustache_parse_error(p, t->start, "empty tag name");
    for (size_t i = 0; i < t->key.len; i++) {
        if (is_space(t->key.ptr[i])) {
            mustache_show(shown, t->key.ptr, t->key.len);
            return mustache_parse_error(p, t->start, "tag name '%s' contains whitespace", shown);
        }
    }
    if (t->dynamic && t->type != TAG_PARTIAL && t->type != TAG_PARENT && t->type != TAG_CLOSE)
        return mustache_parse_error(p, t->start,
                                    "dynamic names ('*name') work only in partial and "
                                    "parent tags");
    if (dotted(t) && !good_dots(t->key)) {
        mustache_show(shown, t->key.ptr, t->key.len);
        return mustache_parse_error(p, t->start, "invalid name '%s': empty part between dots",
                                    shown);
    }
    return true;
}

/* The tag opening at `at`; sets *next past it. False when it has no end. */
static bool lex_tag(struct lexer *lx, size_t at, size_t *next)
{
    size_t body = at + lx->open.len;
    char sigil = body < lx->len ? lx->s[body] : '\0';
    enum tag_type type = tag_type_of(sigil);
    if (type != TAG_VAR)
        body++;
    char closer[MUSTACHE_MAX_DELIM + 1];
    size_t clen = 0;
    if (sigil == '{' || sigil == '=')
        closer[clen++] = sigil == '{' ? '}' : '=';
    memcpy(closer + clen, lx->close.ptr, lx->close.len);
    clen += lx->close.len;
    size_t end = find(lx->s, lx->len, body, closer, clen);
    if (end == NO_INDEX) {
        mustache_parse_error(lx->p, at, "unclosed tag");
        return false;
    }
    *next = end + clen;
    struct token *t = push(lx->p, type, at, *next);
    t->open = lx->open;
    t->close = lx->close;
    struct span content = { lx->s + body, end - body };
    if (type == TAG_DELIM) {
        if (!set_delims(lx, content))
            return mustache_parse_error(lx->p, at, "invalid delimiter change");
        return true;
    }
    if (type == TAG_COMMENT)
        return true;
    set_key(t, content);
    return check_name(lx, t);
}

bool mustache_lex(struct parser *p)
{
    struct lexer lx = {
        .p = p,
        .s = p->src->text,
        .len = p->src->len,
        .open = { "{{", 2 },
        .close = { "}}", 2 },
    };
    size_t pos = 0;
    while (pos < lx.len) {
        size_t at = find(lx.s, lx.len, pos, lx.open.ptr, lx.open.len);
        add_text(&lx, pos, at == NO_INDEX ? lx.len : at);
        if (at == NO_INDEX)
            break;
        /* A bad tag is reported and skipped; a tag with no end stops. */
        if (!lex_tag(&lx, at, &pos) && (pos <= at || p->errors >= MUSTACHE_MAX_ERRORS))
            return false;
    }
    return true;
}
