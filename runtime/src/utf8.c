/* UTF-8 decoding for the JSON escaper and for cutting strings that do not
 * fit the arena. Ill-formed input is split into maximal subparts, each of
 * which the writer replaces by one U+FFFD: "\xE0\x80" is two units (E0 has
 * no valid continuation 80), "\xF0\x9F\x98" followed by 'A' is one. */
#include "internal.h"

/* Bounds of the second byte after each lead byte (RFC 3629 section 4);
 * later bytes are always 80..BF. */
static bool errata_utf8_lead(unsigned char c, size_t *need, unsigned char *lo, unsigned char *hi)
{
    *lo = 0x80;
    *hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
        *need = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
        *need = 2;
        if (c == 0xE0)
            *lo = 0xA0; /* overlong below U+0800 */
        else if (c == 0xED)
            *hi = 0x9F; /* surrogates D800..DFFF */
    } else if (c >= 0xF0 && c <= 0xF4) {
        *need = 3;
        if (c == 0xF0)
            *lo = 0x90; /* overlong below U+10000 */
        else if (c == 0xF4)
            *hi = 0x8F; /* beyond U+10FFFF */
    } else {
        return false; /* 80..C1 (stray continuation, overlong C0/C1), F5..FF */
    }
    return true;
}

errata_utf8_unit_t errata_utf8_next(const unsigned char *s, size_t n)
{
    errata_utf8_unit_t u = { 1, true, false };
    if (s[0] < 0x80)
        return u;
    size_t need;
    unsigned char lo, hi;
    u.valid = false;
    if (!errata_utf8_lead(s[0], &need, &lo, &hi))
        return u;
    for (size_t i = 1; i <= need; i++) {
        if (i >= n) {
            u.incomplete = true;
            return u;
        }
        if (s[i] < lo || s[i] > hi)
            return u;
        lo = 0x80;
        hi = 0xBF;
        u.len = i + 1;
    }
    u.valid = true;
    return u;
}

size_t errata_utf8_cut(const char *s, size_t n)
{
    const unsigned char *b = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        errata_utf8_unit_t u = errata_utf8_next(b + i, n - i);
        if (u.incomplete)
            break;
        i += u.len;
    }
    return i;
}
