/* JSON strings: checked in full and unescaped into the parser's scratch.
 *
 * The text goes to the free end of scratch (after what errata_json_keep
 * kept) and is always NUL-terminated. When it does not fit, the rest of the
 * string is still checked, `truncated` is set and the text is the longest
 * prefix of whole characters that fits: once one character is dropped,
 * nothing after it is written, so the text stays a true prefix.
 *
 * Errors (offsets in data):
 *   unterminated string          the opening quote: the input ended inside
 *   control character in string  the raw byte below 0x20
 *   invalid escape               the backslash of \x, \a, ...
 *   invalid \u escape            the backslash of a \u without 4 hex digits
 *   lone surrogate               the backslash of a \uD800-\uDBFF not followed
 *                                by a \uDC00-\uDFFF, or of such a low one alone
 *   invalid UTF-8                the first byte of the ill-formed sequence */
#include "internal.h"

/* Where the unescaped text goes. */
typedef struct errata_jstr_out {
    char *buf;   /* NULL when scratch has no free byte at all */
    size_t room; /* bytes of text that fit, the NUL not counted */
    size_t len;
    bool full; /* a character was dropped: write nothing more */
} errata_jstr_out_t;

/* One string being read. */
typedef struct errata_jstr {
    errata_json_parser_t *p;
    const unsigned char *s; /* p->data */
    size_t quote;           /* offset of the opening quote */
    errata_jstr_out_t out;
} errata_jstr_t;

/* n ASCII bytes: each is a character, so as many as fit are written. */
static void errata_jstr_put_ascii(errata_jstr_out_t *o, const unsigned char *b, size_t n)
{
    if (o->full)
        return;
    size_t fit = o->room - o->len < n ? o->room - o->len : n;
    if (fit > 0) /* buf may be NULL, and then fit is 0 */
        memcpy(o->buf + o->len, b, fit);
    o->len += fit;
    o->full = fit < n;
}

/* One character of n bytes: all or nothing. */
static void errata_jstr_put_char(errata_jstr_out_t *o, const unsigned char *b, size_t n)
{
    if (!o->full && o->room - o->len >= n) {
        memcpy(o->buf + o->len, b, n);
        o->len += n;
    } else {
        o->full = true;
    }
}

static bool errata_jstr_fail(errata_jstr_t *r, const char *message, size_t offset)
{
    errata_json_fail(r->p, message, offset);
    return false;
}

static bool errata_jstr_unterminated(errata_jstr_t *r)
{
    return errata_jstr_fail(r, "unterminated string", r->quote);
}

/* The 4 hex digits at i: 1 with *cp set, 0 when one is not a hex digit, -1
 * when the input ends first (all present ones being hex). */
static int errata_jstr_hex4(const errata_jstr_t *r, size_t i, unsigned *cp)
{
    *cp = 0;
    for (size_t k = 0; k < 4; k++, i++) {
        if (i >= r->p->len)
            return -1;
        unsigned char c = r->s[i];
        unsigned v;
        if (c >= '0' && c <= '9')
            v = (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            v = (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            v = (unsigned)(c - 'A' + 10);
        else
            return 0;
        *cp = *cp << 4 | v;
    }
    return 1;
}

/* cp (at most U+10FFFF, not a surrogate) as UTF-8; returns its length. */
static size_t errata_jstr_encode(unsigned cp, unsigned char b[4])
{
    if (cp < 0x80) {
        b[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        b[0] = (unsigned char)(0xC0 | cp >> 6);
        b[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        b[0] = (unsigned char)(0xE0 | cp >> 12);
        b[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
        b[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    b[0] = (unsigned char)(0xF0 | cp >> 18);
    b[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
    b[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
    b[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

/* The \u escape whose backslash is at *i, with the low half of a surrogate
 * pair when it is a high one; *i moves past it. */
static bool errata_jstr_unicode(errata_jstr_t *r, size_t *i)
{
    size_t at = *i;
    unsigned cp, low;
    int got = errata_jstr_hex4(r, at + 2, &cp);
    if (got <= 0)
        return got < 0 ? errata_jstr_unterminated(r)
                       : errata_jstr_fail(r, "invalid \\u escape", at);
    *i = at + 6;
    if (cp >= 0xDC00 && cp <= 0xDFFF)
        return errata_jstr_fail(r, "lone surrogate", at);
    if (cp >= 0xD800 && cp <= 0xDBFF) {
        size_t len = r->p->len;
        if (at + 6 >= len || (r->s[at + 6] == '\\' && at + 7 >= len))
            return errata_jstr_unterminated(r);
        if (r->s[at + 6] != '\\' || r->s[at + 7] != 'u')
            return errata_jstr_fail(r, "lone surrogate", at);
        got = errata_jstr_hex4(r, at + 8, &low);
        if (got <= 0)
            return got < 0 ? errata_jstr_unterminated(r)
                           : errata_jstr_fail(r, "invalid \\u escape", at + 6);
        if (low < 0xDC00 || low > 0xDFFF)
            return errata_jstr_fail(r, "lone surrogate", at);
        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        *i = at + 12;
    }
    unsigned char b[4];
    errata_jstr_put_char(&r->out, b, errata_jstr_encode(cp, b));
    return true;
}

/* The escape whose backslash is at *i; *i moves past it. */
static bool errata_jstr_escape(errata_jstr_t *r, size_t *i)
{
    if (*i + 1 >= r->p->len)
        return errata_jstr_unterminated(r);
    unsigned char c;
    switch (r->s[*i + 1]) {
    case '"': c = '"'; break;
    case '\\': c = '\\'; break;
    case '/': c = '/'; break;
    case 'b': c = '\b'; break;
    case 'f': c = '\f'; break;
    case 'n': c = '\n'; break;
    case 'r': c = '\r'; break;
    case 't': c = '\t'; break;
    case 'u': return errata_jstr_unicode(r, i);
    default: return errata_jstr_fail(r, "invalid escape", *i);
    }
    errata_jstr_put_ascii(&r->out, &c, 1);
    *i += 2;
    return true;
}

/* The escape or the character at *i that ended a plain run (not the
 * closing quote); *i moves past it. */
static bool errata_jstr_one(errata_jstr_t *r, size_t *i)
{
    size_t len = r->p->len;
    unsigned char c = r->s[*i];
    if (c == '\\')
        return errata_jstr_escape(r, i);
    if (c < 0x20)
        return errata_jstr_fail(r, "control character in string", *i);
    errata_utf8_unit_t u = errata_utf8_next(r->s + *i, len - *i);
    if (u.incomplete)
        return errata_jstr_unterminated(r); /* cut by the end of the input */
    if (!u.valid)
        return errata_jstr_fail(r, "invalid UTF-8", *i);
    errata_jstr_put_char(&r->out, r->s + *i, u.len);
    *i += u.len;
    return true;
}

/* The common case, a string of plain bytes only: one scan, one copy.
 * Returns false, having changed nothing, for anything else (escapes,
 * UTF-8, errors, the end of input, a text cut to fit). */
static bool errata_jstr_plain_string(errata_json_parser_t *p)
{
    const unsigned char *s = (const unsigned char *)p->data;
    size_t start = p->pos + 1;
    size_t end = errata_json_plain_end(s, start, p->len);
    if (end >= p->len || s[end] != '"')
        return false;
    size_t n = end - start, free_bytes = p->scratch_cap - p->kept;
    if (free_bytes > n) {
        char *buf = p->scratch + p->kept;
        memcpy(buf, s + start, n);
        buf[n] = '\0';
        p->text = buf;
        p->text_len = n;
        p->truncated = false;
    } else if (free_bytes == 0) { /* checked, not copied (as below) */
        p->text = "";
        p->text_len = 0;
        p->truncated = n > 0;
    } else {
        return false;
    }
    p->pos = end + 1;
    return true;
}

/* Every other string, character by character between plain runs. Kept out
 * of line: the common case above needs none of its frame. */
ERRATA_NOINLINE static bool errata_jstr_general(errata_json_parser_t *p)
{
    errata_jstr_t r;
    r.p = p;
    r.s = (const unsigned char *)p->data;
    r.quote = p->pos;
    size_t free_bytes = p->scratch_cap - p->kept;
    r.out.buf = free_bytes > 0 ? p->scratch + p->kept : NULL;
    r.out.room = free_bytes > 0 ? free_bytes - 1 : 0;
    r.out.len = 0;
    r.out.full = false;
    size_t i = p->pos + 1;
    for (;;) {
        /* Runs of plain bytes are copied at once; the byte that ends one
         * is the quote, an escape, UTF-8 or an error. */
        size_t end = errata_json_plain_end(r.s, i, p->len);
        errata_jstr_put_ascii(&r.out, r.s + i, end - i);
        i = end;
        if (i >= p->len)
            return errata_jstr_unterminated(&r);
        if (r.s[i] == '"')
            break;
        if (!errata_jstr_one(&r, &i))
            return false;
    }
    p->pos = i + 1;
    if (r.out.buf != NULL) {
        r.out.buf[r.out.len] = '\0';
        p->text = r.out.buf;
    } else {
        p->text = ""; /* no room even for the NUL */
    }
    p->text_len = r.out.len;
    p->truncated = r.out.full;
    return true;
}

bool errata_json_string(errata_json_parser_t *p)
{
    return errata_jstr_plain_string(p) || errata_jstr_general(p);
}
