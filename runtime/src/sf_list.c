/* RFC 9651 (Structured Field Values) Lists, parsed strictly by its §4.2
 * algorithms: anything outside the grammar fails the whole field, as §4.2
 * demands ("fail parsing"), so a caller ignores the field rather than
 * guess at part of it. Positions are indices into the field; SF_FAIL
 * marks a failure. No allocation, no copy. */
#include "sf_list.h"

#include <string.h>

#define SF_FAIL ((size_t)-1)

static bool sf_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool sf_lcalpha(char c)
{
    return c >= 'a' && c <= 'z';
}

static bool sf_alpha(char c)
{
    return sf_lcalpha(c) || (c >= 'A' && c <= 'Z');
}

/* tchar (RFC 9110 §5.6.2). */
static bool sf_tchar(char c)
{
    return sf_alpha(c) || sf_digit(c) || (c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

static bool sf_base64_char(char c)
{
    return sf_alpha(c) || sf_digit(c) || c == '+' || c == '/' || c == '=';
}

/* sf-integer / sf-decimal (§4.2.4); *out gets the integer, or a decimal in
 * thousandths. */
static size_t sf_number(const char *s, size_t len, size_t i, errata_sf_bare_t *out)
{
    int64_t sign = 1, value = 0;
    size_t digits = 0, frac = 0;
    bool decimal = false;
    if (i < len && s[i] == '-') {
        sign = -1;
        i++;
    }
    if (i >= len || !sf_digit(s[i]))
        return SF_FAIL;
    for (; i < len; i++) {
        if (sf_digit(s[i])) {
            value = value * 10 + (s[i] - '0');
            if (decimal)
                frac++;
            else
                digits++;
        } else if (s[i] == '.' && !decimal) {
            if (digits > 12)
                return SF_FAIL;
            decimal = true;
        } else {
            break;
        }
        if ((!decimal && digits > 15) || frac > 3)
            return SF_FAIL;
    }
    if (decimal && frac == 0)
        return SF_FAIL; /* "1." */
    if (decimal) {
        for (; frac < 3; frac++)
            value *= 10;
    }
    out->type = decimal ? ERRATA_SF_DECIMAL : ERRATA_SF_INTEGER;
    out->integer = sign * value;
    return i;
}

/* sf-string (§4.2.5): printable ASCII, '"' and '\' escaped. */
static size_t sf_string(const char *s, size_t len, size_t i, errata_sf_bare_t *out)
{
    size_t start = ++i;
    for (; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\\') {
            if (++i >= len || (s[i] != '"' && s[i] != '\\'))
                return SF_FAIL;
        } else if (c == '"') {
            out->type = ERRATA_SF_STRING;
            out->text = s + start;
            out->len = i - start;
            return i + 1;
        } else if (c < 0x20 || c > 0x7E) {
            return SF_FAIL;
        }
    }
    return SF_FAIL; /* no closing quote */
}

static int sf_lchex(char c)
{
    return sf_digit(c) ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Bytes of the UTF-8 sequence a lead byte starts, 0 when it starts none. */
static size_t sf_utf8_len(unsigned char b)
{
    return b < 0x80 ? 1 : b >= 0xC2 && b <= 0xDF ? 2 : b >= 0xE0 && b <= 0xEF ? 3
           : b >= 0xF0 && b <= 0xF4 ? 4 : 0;
}

/* sf-displaystring (§4.2.10): %"..." with lower-case %xx escapes that
 * decode to valid UTF-8 (checked sequence by sequence). */
static size_t sf_display(const char *s, size_t len, size_t i, errata_sf_bare_t *out)
{
    if (i + 1 >= len || s[i + 1] != '"')
        return SF_FAIL;
    size_t start = i + 2;
    unsigned char seq[4];
    size_t have = 0, need = 0;
    for (i = start; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' && need == 0) {
            out->type = ERRATA_SF_DISPLAY;
            out->text = s + start;
            out->len = i - start;
            return i + 1;
        }
        if (c < 0x20 || c > 0x7E || c == '"')
            return SF_FAIL;
        if (c != '%') {
            if (need != 0)
                return SF_FAIL; /* a sequence cut by a plain character */
            continue;
        }
        int hi = i + 2 < len ? sf_lchex(s[i + 1]) : -1;
        int lo = i + 2 < len ? sf_lchex(s[i + 2]) : -1;
        if (hi < 0 || lo < 0)
            return SF_FAIL;
        i += 2;
        unsigned char b = (unsigned char)(hi * 16 + lo);
        if (need == 0) {
            need = sf_utf8_len(b);
            if (need == 0)
                return SF_FAIL;
            have = 0;
        } else if ((b & 0xC0) != 0x80) {
            return SF_FAIL;
        }
        seq[have++] = b;
        if (have == 2 && ((seq[0] == 0xE0 && seq[1] < 0xA0) || (seq[0] == 0xED && seq[1] > 0x9F) ||
                          (seq[0] == 0xF0 && seq[1] < 0x90) || (seq[0] == 0xF4 && seq[1] > 0x8F)))
            return SF_FAIL; /* overlong, surrogate, above U+10FFFF */
        if (have == need)
            need = 0;
    }
    return SF_FAIL;
}

/* sf-token (§4.2.6). */
static size_t sf_token(const char *s, size_t len, size_t i, errata_sf_bare_t *out)
{
    size_t start = i;
    if (i >= len || !(sf_alpha(s[i]) || s[i] == '*'))
        return SF_FAIL;
    while (i < len && (sf_tchar(s[i]) || s[i] == ':' || s[i] == '/'))
        i++;
    out->type = ERRATA_SF_TOKEN;
    out->text = s + start;
    out->len = i - start;
    return i;
}

/* sf-binary (§4.2.7): base64 between colons; '=' only as padding. */
static size_t sf_bytes(const char *s, size_t len, size_t i, errata_sf_bare_t *out)
{
    size_t start = ++i;
    bool padding = false;
    for (; i < len && s[i] != ':'; i++) {
        if (!sf_base64_char(s[i]) || (padding && s[i] != '='))
            return SF_FAIL;
        padding = padding || s[i] == '=';
    }
    if (i >= len)
        return SF_FAIL;
    out->type = ERRATA_SF_BYTES;
    out->text = s + start;
    out->len = i - start;
    if (out->len % 4 == 1)
        return SF_FAIL; /* no base64 ends with one character */
    return i + 1;
}

/* bare-item (§4.2.3.1). */
static size_t sf_bare(const char *s, size_t len, size_t i, errata_sf_bare_t *out)
{
    memset(out, 0, sizeof *out);
    if (i >= len)
        return SF_FAIL;
    char c = s[i];
    if (c == '-' || sf_digit(c))
        return sf_number(s, len, i, out);
    if (c == '"')
        return sf_string(s, len, i, out);
    if (c == '*' || sf_alpha(c))
        return sf_token(s, len, i, out);
    if (c == ':')
        return sf_bytes(s, len, i, out);
    if (c == '%')
        return sf_display(s, len, i, out);
    if (c == '?') {
        if (i + 1 >= len || (s[i + 1] != '0' && s[i + 1] != '1'))
            return SF_FAIL;
        out->type = ERRATA_SF_BOOLEAN;
        out->integer = s[i + 1] == '1';
        return i + 2;
    }
    if (c == '@') {
        size_t next = sf_number(s, len, i + 1, out);
        if (next == SF_FAIL || out->type != ERRATA_SF_INTEGER)
            return SF_FAIL;
        out->type = ERRATA_SF_DATE;
        return next;
    }
    return SF_FAIL;
}

/* key (§4.2.3.3): lcalpha or '*', then lcalpha, DIGIT, '_', '-', '.', '*'. */
static size_t sf_key(const char *s, size_t len, size_t i)
{
    if (i >= len || !(sf_lcalpha(s[i]) || s[i] == '*'))
        return SF_FAIL;
    while (i < len && (sf_lcalpha(s[i]) || sf_digit(s[i]) || (s[i] != '\0' && strchr("_-.*", s[i]))))
        i++;
    return i;
}

/* parameters (§4.2.3.2): each ';', spaces, key, then '=' and a bare item or
 * nothing (true). When `want` is given, *found gets the value of the last
 * parameter with that key and *hit is set. */
static size_t sf_params(const char *s, size_t len, size_t i, const char *want,
                        errata_sf_bare_t *found, bool *hit)
{
    while (i < len && s[i] == ';') {
        i++;
        while (i < len && s[i] == ' ')
            i++;
        size_t key = i;
        i = sf_key(s, len, i);
        if (i == SF_FAIL)
            return SF_FAIL;
        size_t key_len = i - key;
        errata_sf_bare_t v = { ERRATA_SF_BOOLEAN, 1, NULL, 0 };
        if (i < len && s[i] == '=') {
            i = sf_bare(s, len, i + 1, &v);
            if (i == SF_FAIL)
                return SF_FAIL;
        }
        if (want != NULL && key_len == strlen(want) && memcmp(s + key, want, key_len) == 0) {
            *found = v;
            *hit = true;
        }
    }
    return i;
}

/* inner-list (§4.2.1.2): items separated by spaces, each with parameters. */
static size_t sf_inner_list(const char *s, size_t len, size_t i, errata_sf_bare_t *out)
{
    size_t start = i++;
    for (;;) {
        while (i < len && s[i] == ' ')
            i++;
        if (i >= len)
            return SF_FAIL;
        if (s[i] == ')')
            break;
        errata_sf_bare_t item;
        i = sf_bare(s, len, i, &item);
        if (i != SF_FAIL)
            i = sf_params(s, len, i, NULL, NULL, NULL);
        if (i == SF_FAIL || i >= len || (s[i] != ' ' && s[i] != ')'))
            return SF_FAIL;
    }
    out->type = ERRATA_SF_INNER_LIST;
    out->integer = 0;
    out->text = s + start;
    out->len = i + 1 - start;
    return i + 1;
}

/* list-member and its parameters. */
static size_t sf_member(const char *s, size_t len, size_t i, errata_sf_member_t *out)
{
    i = i < len && s[i] == '(' ? sf_inner_list(s, len, i, &out->item)
                               : sf_bare(s, len, i, &out->item);
    if (i == SF_FAIL)
        return SF_FAIL;
    out->params = s + i;
    i = sf_params(s, len, i, NULL, NULL, NULL);
    if (i != SF_FAIL)
        out->params_len = (size_t)(s + i - out->params);
    return i;
}

static bool sf_ows(char c)
{
    return c == ' ' || c == '\t';
}

/* After a member: OWS, then the end or a comma, OWS and another member
 * (a trailing comma fails, §4.2.1). Returns the next member's start, len
 * at the end. */
static size_t sf_separator(const char *s, size_t len, size_t i)
{
    while (i < len && sf_ows(s[i]))
        i++;
    if (i >= len)
        return len;
    if (s[i] != ',')
        return SF_FAIL;
    i++;
    while (i < len && sf_ows(s[i]))
        i++;
    return i >= len ? SF_FAIL : i;
}

bool errata_sf_list_init(errata_sf_cursor_t *c, const char *s, size_t len)
{
    /* §4.2: leading and trailing SP are discarded before parsing. */
    while (len > 0 && s[0] == ' ') {
        s++;
        len--;
    }
    while (len > 0 && s[len - 1] == ' ')
        len--;
    c->s = s;
    c->len = len;
    c->at = 0;
    size_t i = 0;
    while (i < len) {
        errata_sf_member_t m;
        i = sf_member(s, len, i, &m);
        if (i != SF_FAIL)
            i = sf_separator(s, len, i);
        if (i == SF_FAIL)
            return false;
    }
    return true;
}

bool errata_sf_list_next(errata_sf_cursor_t *c, errata_sf_member_t *out)
{
    if (c->at >= c->len)
        return false;
    size_t i = sf_member(c->s, c->len, c->at, out);
    if (i != SF_FAIL)
        i = sf_separator(c->s, c->len, i);
    c->at = i == SF_FAIL ? c->len : i; /* init found the whole list valid */
    return i != SF_FAIL;
}

bool errata_sf_param(const errata_sf_member_t *m, const char *key, errata_sf_bare_t *out)
{
    bool hit = false;
    sf_params(m->params, m->params_len, 0, key, out, &hit);
    return hit;
}

bool errata_sf_string_copy(const errata_sf_bare_t *v, char *buf, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < v->len; i++) {
        if (v->text[i] == '\\')
            i++;
        if (n + 1 >= cap)
            return false;
        buf[n++] = v->text[i];
    }
    if (cap == 0)
        return false;
    buf[n] = '\0';
    return true;
}

static int sf_base64_value(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (sf_digit(c))
        return c - '0' + 52;
    return c == '+' ? 62 : c == '/' ? 63 : -1;
}

bool errata_sf_bytes_decode(const errata_sf_bare_t *v, unsigned char *buf, size_t cap,
                            size_t *out_len)
{
    uint32_t acc = 0;
    size_t bits = 0, n = 0;
    for (size_t i = 0; i < v->len && v->text[i] != '='; i++) {
        int d = sf_base64_value(v->text[i]);
        if (d < 0)
            return false;
        acc = (acc << 6) | (uint32_t)d;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            if (n >= cap)
                return false;
            buf[n++] = (unsigned char)(acc >> bits);
            acc &= (1u << bits) - 1;
        }
    }
    *out_len = n;
    return true;
}
