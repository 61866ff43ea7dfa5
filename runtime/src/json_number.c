/* Reading a NUMBER token's text (already checked against RFC 8259's grammar
 * by the parser) as an int64 or a double.
 *
 * Both work on the same view of the number: its digits (integer part then
 * fraction) with the place value of each, so that "1e2", "100" and
 * "100.0e0" are the same value and no digit string, however long, is ever
 * converted as a whole.
 *
 * errata_json_int64 accepts exactly the whole numbers in int64's range,
 * whatever their spelling: 1e2 is 100, 1.0 is 1, -0 is 0, 1.5 and 1e-1 are
 * not whole and 1e19 is out of range (false).
 *
 * errata_json_double hands strtod (correctly rounded in glibc and musl) a
 * canonical form built in a local buffer: the significant digits as an
 * integer and a decimal exponent, "-31415e-4". With no decimal point at all
 * the C locale's decimal point (',' in de_DE, U+066B in ps_AF) never
 * matters, and localeconv(), which is not thread-safe, is not needed. */
#include "internal.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>

/* The exponent is saturated here: far beyond any range that matters, and
 * small enough that adding a digit count (< 2^61) cannot overflow. */
#define ERRATA_JNUM_EXP_LIMIT 1000000000000000000LL

/* Significant digits given to strtod. A decimal halfway point between two
 * doubles has at most 767 significant digits, so once the digits beyond
 * the first 800 are replaced by one non-zero "sticky" digit (when any of
 * them is non-zero), the number lies strictly between the same two halfway
 * points as before and rounds the same way. */
#define ERRATA_JNUM_DIGITS 800

typedef struct errata_jnum {
    bool negative;
    const char *int_digits;
    size_t int_len;
    const char *frac_digits;
    size_t frac_len;
    int64_t exp; /* saturated at +-ERRATA_JNUM_EXP_LIMIT */
    /* the significant digits, as indexes into the digit sequence */
    size_t first, last; /* first and last non-zero digit; first > last for zero */
} errata_jnum_t;

static size_t errata_jnum_span(const char *s, size_t i, size_t end)
{
    while (i < end && s[i] >= '0' && s[i] <= '9')
        i++;
    return i;
}

/* The digit at index j of integer part + fraction; '0' past the end. */
static char errata_jnum_digit(const errata_jnum_t *n, size_t j)
{
    if (j < n->int_len)
        return n->int_digits[j];
    if (j - n->int_len < n->frac_len)
        return n->frac_digits[j - n->int_len];
    return '0';
}

static int64_t errata_jnum_exponent(const char *s, size_t i, size_t end)
{
    bool negative = i < end && s[i] == '-';
    if (i < end && (s[i] == '-' || s[i] == '+'))
        i++;
    int64_t e = 0;
    for (; i < end; i++) {
        /* e * 10 + 9 stays below the limit, so it never overflows */
        e = e < ERRATA_JNUM_EXP_LIMIT / 10 ? e * 10 + (s[i] - '0') : ERRATA_JNUM_EXP_LIMIT;
    }
    return negative ? -e : e;
}

static void errata_jnum_split(const char *s, size_t len, errata_jnum_t *n)
{
    size_t i = 0;
    n->negative = len > 0 && s[0] == '-';
    if (n->negative)
        i++;
    n->int_digits = s + i;
    size_t end = errata_jnum_span(s, i, len);
    n->int_len = end - i;
    n->frac_digits = s + end;
    n->frac_len = 0;
    if (end < len && s[end] == '.') {
        n->frac_digits = s + end + 1;
        size_t frac_end = errata_jnum_span(s, end + 1, len);
        n->frac_len = frac_end - end - 1;
        end = frac_end;
    }
    n->exp = end < len ? errata_jnum_exponent(s, end + 1, len) : 0;
    size_t count = n->int_len + n->frac_len;
    n->first = 0;
    while (n->first < count && errata_jnum_digit(n, n->first) == '0')
        n->first++;
    if (n->first == count) {
        n->first = 1; /* zero: no significant digit */
        n->last = 0;
        return;
    }
    n->last = count - 1;
    while (errata_jnum_digit(n, n->last) == '0')
        n->last--;
}

static bool errata_jnum_is_zero(const errata_jnum_t *n)
{
    return n->first > n->last;
}

/* The power of ten digit j stands for: 0 for the units digit. */
static int64_t errata_jnum_place(const errata_jnum_t *n, size_t j)
{
    return (int64_t)n->int_len - 1 - (int64_t)j + n->exp;
}

/* Reads p's current NUMBER; false for any other token. */
static bool errata_jnum_read(const errata_json_parser_t *p, errata_jnum_t *n)
{
    if (p->token != ERRATA_JSON_NUMBER || p->raw == NULL)
        return false;
    errata_jnum_split(p->raw, p->raw_len, n);
    return true;
}

bool errata_json_int64(const errata_json_parser_t *p, int64_t *out)
{
    errata_jnum_t n;
    if (!errata_jnum_read(p, &n))
        return false;
    if (errata_jnum_is_zero(&n)) {
        *out = 0;
        return true;
    }
    int64_t top = errata_jnum_place(&n, n.first);
    if (errata_jnum_place(&n, n.last) < 0 || top > 18)
        return false; /* not whole, or at least 10^19 */
    /* Accumulated negatively: INT64_MIN has no positive counterpart. */
    int64_t acc = 0;
    for (int64_t k = 0; k <= top; k++) {
        int d = errata_jnum_digit(&n, n.first + (size_t)k) - '0';
        if (acc < INT64_MIN / 10 || (acc == INT64_MIN / 10 && d > -(INT64_MIN % 10)))
            return false;
        acc = acc * 10 - d;
    }
    if (!n.negative && acc == INT64_MIN)
        return false;
    *out = n.negative ? acc : -acc;
    return true;
}

/* Writes v (|v| < 10^6) in decimal; returns the bytes written. */
static size_t errata_jnum_put_int(char *b, int64_t v)
{
    char tmp[8];
    size_t n = 0, w = 0;
    if (v < 0) {
        b[w++] = '-';
        v = -v;
    }
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    while (n > 0)
        b[w++] = tmp[--n];
    return w;
}

bool errata_json_double(const errata_json_parser_t *p, double *out)
{
    errata_jnum_t n;
    if (!errata_jnum_read(p, &n))
        return false;
    int64_t top = errata_jnum_is_zero(&n) ? 0 : errata_jnum_place(&n, n.first);
    if (errata_jnum_is_zero(&n) || top < -400) {
        *out = n.negative ? -0.0 : 0.0; /* below the smallest subnormal: 0 */
        return true;
    }
    if (top > 400)
        return false; /* far above DBL_MAX (1.8e308) */
    char buf[1 + ERRATA_JNUM_DIGITS + 1 + 1 + 8 + 1];
    size_t w = 0, count = n.last - n.first + 1;
    if (n.negative)
        buf[w++] = '-';
    size_t take = count > ERRATA_JNUM_DIGITS ? ERRATA_JNUM_DIGITS : count;
    for (size_t k = 0; k < take; k++)
        buf[w++] = errata_jnum_digit(&n, n.first + k);
    if (take < count) {
        buf[w++] = '1'; /* the sticky digit: the last digit is non-zero */
        take++;
    }
    buf[w++] = 'e';
    w += errata_jnum_put_int(buf + w, top - (int64_t)(take - 1));
    buf[w] = '\0';
    int saved = errno; /* ERANGE on underflow is no business of the caller's */
    double v = strtod(buf, NULL);
    errno = saved;
    if (isinf(v))
        return false;
    *out = v;
    return true;
}
