/* errata_header_value_valid: what may go out as a header value. The same
 * function judges catalog literals in the generator and rendered values at
 * run time, so a value the checker accepts is exactly one the runtime sends. */
#include "decode_internal.h"
#include "sf_list.h"

#include <string.h>

/* Every byte's classes, one lookup per byte: ERRATA_HEADER_TCHAR for a
 * token character (RFC 9110 §5.6.2: letters, digits and
 * !#$%&'*+-.^_`|~), ERRATA_HEADER_VCHAR for a byte a field value may hold
 * (visible ASCII, space and obs-text, §5.5; no control byte, no DEL). */
const unsigned char errata_header_class[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    2, 3, 2, 3, 3, 3, 3, 3, 2, 2, 3, 3, 2, 3, 3, 2,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 2, 2, 2, 2, 2, 2,
    2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 2, 2, 2, 3, 3,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 2, 3, 2, 3, 0,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
};

static bool errata_grammar_tchar(unsigned char c)
{
    return (errata_header_class[c] & ERRATA_HEADER_TCHAR) != 0;
}

/* Length of the token at s (RFC 9110 §5.6.2), 0 when there is none. */
static size_t errata_grammar_token(const char *s)
{
    size_t n = 0;
    while (errata_grammar_tchar((unsigned char)s[n]))
        n++;
    return n;
}

static bool errata_grammar_ows(char c)
{
    return c == ' ' || c == '\t';
}

/* Retry-After = HTTP-date / delay-seconds (RFC 9110 §10.2.3), with nothing
 * around it. */
static bool errata_grammar_retry_after(const char *v)
{
    size_t n = strspn(v, "0123456789");
    if (n > 0 && v[n] == '\0')
        return true;
    size_t len = strlen(v);
    if (len == 0 || errata_grammar_ows(v[0]) || errata_grammar_ows(v[len - 1]))
        return false;
    return n == 0 && errata_parse_retry_after(v, 0, INT64_MAX) >= 0;
}

/* A challenge starts with its auth-scheme, a token, then a space or the end
 * (RFC 9110 §11.6.1); so the value is never empty. */
static bool errata_grammar_challenge(const char *v)
{
    size_t n = errata_grammar_token(v);
    return n > 0 && (v[n] == '\0' || v[n] == ' ');
}

/* Allow = #method (RFC 9110 §10.2.1): tokens joined by commas and optional
 * white space; the empty list means no method is allowed. */
static bool errata_grammar_methods(const char *v)
{
    while (errata_grammar_ows(*v))
        v++;
    if (*v == '\0')
        return true;
    for (;;) {
        size_t n = errata_grammar_token(v);
        if (n == 0)
            return false;
        v += n;
        while (errata_grammar_ows(*v))
            v++;
        if (*v == '\0')
            return true;
        if (*v++ != ',')
            return false;
        while (errata_grammar_ows(*v))
            v++;
    }
}

static bool errata_grammar_caseeq(const char *a, const char *b)
{
    for (; *a != '\0' && *b != '\0'; a++, b++) {
        char x = *a >= 'A' && *a <= 'Z' ? (char)(*a - 'A' + 'a') : *a;
        char y = *b >= 'A' && *b <= 'Z' ? (char)(*b - 'A' + 'a') : *b;
        if (x != y)
            return false;
    }
    return *a == *b;
}

bool errata_header_value_valid(const char *name, const char *value)
{
    if (name == NULL || value == NULL)
        return false;
    /* A field value may hold visible ASCII, space and obs-text (RFC 9110
     * §5.5) but no control byte; TAB is allowed there, yet no catalog
     * header needs one and it stays out with the rest. */
    for (const unsigned char *b = (const unsigned char *)value; *b != '\0'; b++)
        if (!(errata_header_class[*b] & ERRATA_HEADER_VCHAR))
            return false;
    /* The names with a grammar of their own, told apart by their first
     * letter before they are compared. */
    switch (name[0] | 0x20) {
    case 'r':
        if (errata_grammar_caseeq(name, "Retry-After"))
            return errata_grammar_retry_after(value);
        if (errata_grammar_caseeq(name, "RateLimit-Policy"))
            return errata_ratelimit_field_valid(value, true);
        return !errata_grammar_caseeq(name, "RateLimit") || errata_ratelimit_field_valid(value, false);
    case 'w':
        return !errata_grammar_caseeq(name, "WWW-Authenticate") || errata_grammar_challenge(value);
    case 'p':
        return !errata_grammar_caseeq(name, "Proxy-Authenticate") ||
               errata_grammar_challenge(value);
    case 'a':
        return !errata_grammar_caseeq(name, "Allow") || errata_grammar_methods(value);
    default:
        return true;
    }
}
