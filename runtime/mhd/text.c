/* Small text checks: header names and values, case-insensitive names, and
 * the access log's escaping. */
#include "mhd_internal.h"

#include <string.h>

static unsigned char errata_mhd_lower(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

/* strcasecmp follows the locale; header names are ASCII. */
bool errata_mhd_caseeq(const char *a, const char *b)
{
    const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;
    while (*x != '\0' && errata_mhd_lower(*x) == errata_mhd_lower(*y)) {
        x++;
        y++;
    }
    return *x == '\0' && *y == '\0';
}

/* tchar (RFC 9110 section 5.6.2): visible ASCII but the delimiters. */
bool errata_mhd_token_ok(const char *s)
{
    if (s == NULL || s[0] == '\0')
        return false;
    for (const unsigned char *b = (const unsigned char *)s; *b != '\0'; b++)
        if (*b <= 0x20 || *b >= 0x7F || strchr("\"(),/:;<=>?@[\\]{}", *b) != NULL)
            return false;
    return true;
}

/* A control byte in a value would end the header line (CR, LF) or confuse
 * whatever reads it next: such a value is refused, never cleaned up. */
bool errata_mhd_value_ok(const char *s)
{
    if (s == NULL)
        return false;
    for (const unsigned char *b = (const unsigned char *)s; *b != '\0'; b++)
        if (*b < 0x20 || *b == 0x7F)
            return false;
    return true;
}

void errata_mhd_copy(char *dst, size_t cap, const char *src)
{
    size_t n = src != NULL ? strlen(src) : 0;
    if (cap == 0)
        return;
    if (n >= cap)
        n = cap - 1;
    if (n > 0)
        memcpy(dst, src, n);
    dst[n] = '\0';
}

/* A byte a log line must not carry as it is: a control byte could end the
 * line (a %0a in a path would forge the next entry) or drive a terminal,
 * and the backslash is escaped so that an escape in the log is always
 * one errata-mhd wrote. */
static bool errata_mhd_log_escaped(unsigned char c)
{
    return c < 0x20 || c == 0x7F || c == '\\';
}

void errata_mhd_copy_escaped(char *dst, size_t cap, const char *src)
{
    static const char hex[] = "0123456789abcdef";
    size_t n = 0;
    if (cap == 0)
        return;
    for (const unsigned char *b = (const unsigned char *)(src != NULL ? src : ""); *b != '\0';
         b++) {
        bool esc = errata_mhd_log_escaped(*b);
        if (n + (esc ? 4 : 1) >= cap)
            break; /* cut before the byte, never inside an escape */
        if (esc) {
            dst[n++] = '\\';
            dst[n++] = 'x';
            dst[n++] = hex[*b >> 4];
            dst[n++] = hex[*b & 15];
        } else {
            dst[n++] = (char)*b;
        }
    }
    dst[n] = '\0';
}
