/* errata_header_value_valid: what may go out as a header value. The same
 * function judges catalog literals in the generator and rendered values at
 * run time, so a value the checker accepts is exactly one the runtime sends. */
#include "decode_internal.h"

#include <string.h>

static bool errata_grammar_tchar(unsigned char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL;
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
        if (*b < 0x20 || *b == 0x7F)
            return false;
    if (errata_grammar_caseeq(name, "Retry-After"))
        return errata_grammar_retry_after(value);
    if (errata_grammar_caseeq(name, "WWW-Authenticate") ||
        errata_grammar_caseeq(name, "Proxy-Authenticate"))
        return errata_grammar_challenge(value);
    if (errata_grammar_caseeq(name, "Allow"))
        return errata_grammar_methods(value);
    return true;
}
