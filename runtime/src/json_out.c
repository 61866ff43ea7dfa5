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
