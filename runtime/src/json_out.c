/* The output cursor every writer goes through, and the one routine that
 * turns bytes into a JSON string.
 *
 * The cursor has snprintf semantics: it counts every byte of the full
 * output, stores those that fit before the last byte of buf, and
 * errata_out_finish NUL-terminates there. So each cap gives a prefix of the
 * same output, and cap 0 (buf may then be NULL) only sizes it. */
#include "internal.h"

#include <string.h>

void errata_out_init(errata_out_t *o, char *buf, size_t cap)
{
    o->buf = cap > 0 ? buf : NULL;
    o->cap = o->buf ? cap : 0;
    o->len = 0;
}

size_t errata_out_finish(errata_out_t *o)
{
    if (o->cap > 0)
        o->buf[o->len < o->cap ? o->len : o->cap - 1] = '\0';
    return o->len;
}

/* The escape of one ASCII byte that cannot appear raw in a JSON string,
 * written at d (room for six): the short forms RFC 8259 offers, else
 * \u00XX in lower-case hex. Returns its length. */
static size_t errata_escape_into(char *d, unsigned char c)
{
    static const char hex[] = "0123456789abcdef";
    static const char short_form[] = "btn\0fr"; /* \b \t \n - \f \r for 8..13 */
    d[0] = '\\';
    if (c == '"' || c == '\\') {
        d[1] = (char)c;
        return 2;
    }
    if (c >= '\b' && c <= '\r' && c != 0x0B) {
        d[1] = short_form[c - '\b'];
        return 2;
    }
    memcpy(d + 1, "u00", 3);
    d[4] = hex[c >> 4];
    d[5] = hex[c & 0xF];
    return 6;
}

/* The general case, through the bounded cursor. */
static void errata_out_json_chars_bounded(errata_out_t *o, const char *s, size_t n)
{
    const unsigned char *b = (const unsigned char *)s;
    size_t run = 0; /* start of the bytes not yet written */
    size_t i = 0;
    while (i < n) {
        i = errata_json_plain_end(b, i, n);
        if (i == n)
            break;
        errata_utf8_unit_t u = { 1, false, false };
        if (b[i] >= 0x80) {
            u = errata_utf8_next(b + i, n - i);
            if (u.valid) {
                i += u.len; /* well-formed: stays in the run */
                continue;
            }
        }
        errata_out_bytes(o, s + run, i - run);
        if (b[i] < 0x80) {
            char e[6];
            errata_out_bytes(o, e, errata_escape_into(e, b[i]));
        } else
            errata_out_bytes(o, "\xEF\xBF\xBD", 3); /* U+FFFD */
        i += u.len;
        run = i;
    }
    errata_out_bytes(o, s + run, i - run);
}

/* Where a word's lowest marked byte can be found at once: a little-endian
 * word whose trailing zeros the compiler counts. Elsewhere the writer goes
 * byte by byte after a marked block, as the decoder does. */
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define ERRATA_SWAR_LE 1
#else
#define ERRATA_SWAR_LE 0
#endif

/* The fast path when the cursor has room for the worst case (six bytes per
 * input byte) and eight more: the escaped form goes straight into buf,
 * eight bytes per store, with no bound checked per piece. A store may
 * carry bytes past the plain ones; the room covers them and the next store
 * overwrites them. Returns the bytes written. */
static size_t errata_escape_direct(char *d, const unsigned char *b, size_t n)
{
    const uint64_t ones = 0x0101010101010101u;
    char *start = d;
    size_t i = 0;
    while (i < n) {
        size_t rem = n - i, k;
        uint64_t x;
        if (rem >= 8) {
            memcpy(&x, b + i, 8);
        } else if (ERRATA_SWAR_LE && n >= 8) {
            /* The last bytes as the top of the word ending at b + n, moved
             * down; the bytes above them made plain ('a'). */
            memcpy(&x, b + n - 8, 8);
            x = (x >> (8 * (8 - rem))) | ((ones * 'a') << (8 * rem));
        } else {
            unsigned char t[8] = { 'a', 'a', 'a', 'a', 'a', 'a', 'a', 'a' };
            for (k = 0; k < rem; k++)
                t[k] = b[i + k];
            memcpy(&x, t, 8);
        }
        uint64_t mark = errata_json_special_word(x);
        memcpy(d, &x, 8);
        if (mark == 0) {
            k = rem < 8 ? rem : 8;
            d += k;
            i += k;
            continue;
        }
#if ERRATA_SWAR_LE
        /* The lowest mark is a real byte: padding is plain, and a borrow
         * only marks bytes above a special one. */
        k = (size_t)__builtin_ctzll(mark) / 8;
#else
        for (k = 0; k < rem && errata_json_plain(b[i + k]);)
            k++;
#endif
        d += k;
        i += k;
        if (i == n)
            break;
        /* b[i] is special, or a plain byte a borrow marked. */
        unsigned char c = b[i];
        if (errata_json_plain(c)) {
            *d++ = (char)c;
            i++;
        } else if (c < 0x80) {
            d += errata_escape_into(d, c);
            i++;
        } else {
            errata_utf8_unit_t u = errata_utf8_next(b + i, n - i);
            if (u.valid) {
                for (k = 0; k < u.len; k++) /* well-formed: copied as it is */
                    d[k] = (char)b[i + k];
                d += u.len;
            } else {
                memcpy(d, "\xEF\xBF\xBD", 3); /* U+FFFD for the maximal subpart */
                d += 3;
            }
            i += u.len;
        }
    }
    return (size_t)(d - start);
}

void errata_out_json_chars(errata_out_t *o, const char *s, size_t n)
{
    /* Worst case 6n bytes, 8 for the last store, the NUL: within 8n + 8. */
    if (o->len < o->cap && n + 1 < (o->cap - o->len) / 8) {
        o->len += errata_escape_direct(o->buf + o->len, (const unsigned char *)s, n);
        return;
    }
    errata_out_json_chars_bounded(o, s, n);
}

void errata_out_json_string(errata_out_t *o, const char *s, size_t n)
{
    /* The quotes in the direct path too: 8(n + 2) covers them as well. */
    if (o->len < o->cap && n + 2 < (o->cap - o->len) / 8) {
        char *d = o->buf + o->len;
        size_t w = 1 + errata_escape_direct(d + 1, (const unsigned char *)s, n);
        d[0] = '"';
        d[w] = '"';
        o->len += w + 1;
        return;
    }
    errata_out_char(o, '"');
    errata_out_json_chars(o, s, n);
    errata_out_char(o, '"');
}
