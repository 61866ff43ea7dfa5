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

/* The escape for one ASCII byte that cannot appear raw in a JSON string:
 * the short forms RFC 8259 offers, else \u00XX in lower-case hex. */
static void errata_out_escape_byte(errata_out_t *o, unsigned char c)
{
    static const char hex[] = "0123456789abcdef";
    char e[6] = { '\\', 0, 0, 0, 0, 0 };
    switch (c) {
    case '"': e[1] = '"'; break;
    case '\\': e[1] = '\\'; break;
    case '\b': e[1] = 'b'; break;
    case '\f': e[1] = 'f'; break;
    case '\n': e[1] = 'n'; break;
    case '\r': e[1] = 'r'; break;
    case '\t': e[1] = 't'; break;
    default:
        memcpy(e + 1, "u00", 3);
        e[4] = hex[c >> 4];
        e[5] = hex[c & 0xF];
        errata_out_bytes(o, e, 6);
        return;
    }
    errata_out_bytes(o, e, 2);
}

/* Bytes that go out as they are: printable ASCII (DEL included, which JSON
 * allows) but the quote and the backslash. */
static bool errata_out_plain(unsigned char c)
{
    return c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
}

/* Eight bytes at once (SWAR, portable C99): 0 when all eight are plain,
 * else the high bit set in the bytes that may be special: below 0x20, the
 * quote, the backslash, or 0x80 and above. A borrow can mark a plain byte
 * next to a special one, never a block of plain bytes, so a mark only
 * sends the block to a closer look. */
static uint64_t errata_json_special8(const unsigned char *b)
{
    const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
    uint64_t x;
    memcpy(&x, b, sizeof x);
    uint64_t quote = x ^ (ones * '"'), backslash = x ^ (ones * '\\');
    uint64_t special = (x - ones * 0x20) | (quote - ones) | (backslash - ones);
    /* x - k only borrows into bytes below k; ~x keeps the high bits of
     * bytes that had none (ASCII), x itself marks the non-ASCII ones. */
    return ((special & ~x) | x) & high;
}

/* The end of the run of plain bytes from `from` on: blocks of eight, then
 * bytes. Where the compiler can count trailing zeros of a little-endian
 * word, the block holding the end gives its place at once: its lowest
 * marked byte is the first special one (a borrow only moves upwards, to
 * later bytes). */
size_t errata_json_plain_end(const unsigned char *s, size_t from, size_t len)
{
    size_t end = from;
    while (len - end >= 8) {
        uint64_t mark = errata_json_special8(s + end);
        if (mark != 0) {
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
            return end + (size_t)__builtin_ctzll(mark) / 8;
#else
            break;
#endif
        }
        end += 8;
    }
    while (end < len && errata_out_plain(s[end]))
        end++;
    return end;
}

void errata_out_json_chars(errata_out_t *o, const char *s, size_t n)
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
        if (b[i] < 0x80)
            errata_out_escape_byte(o, b[i]);
        else
            errata_out_bytes(o, "\xEF\xBF\xBD", 3); /* U+FFFD */
        i += u.len;
        run = i;
    }
    errata_out_bytes(o, s + run, i - run);
}

void errata_out_json_string(errata_out_t *o, const char *s, size_t n)
{
    errata_out_char(o, '"');
    errata_out_json_chars(o, s, n);
    errata_out_char(o, '"');
}
