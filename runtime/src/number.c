/* Numbers as JSON wants them. Integers are formatted by hand (no locale,
 * INT64_MIN included); doubles go through "%.*g", the only portable way to
 * get a correctly rounded decimal form in C99, and are then freed from the
 * locale's decimal point. */
#include "internal.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Two digits per division: numbers in problems are status codes, counts
 * and seconds, one or two steps here. */
static const char errata_digit_pairs[] = "00010203040506070809101112131415161718192021222324"
                                         "25262728293031323334353637383940414243444546474849"
                                         "50515253545556575859606162636465666768697071727374"
                                         "75767778798081828384858687888990919293949596979899";

size_t errata_format_int(char buf[ERRATA_NUMBER_BUF], int64_t v)
{
    char tmp[20]; /* UINT64_MAX has 20 digits */
    size_t n = sizeof tmp;
    /* The magnitude in unsigned arithmetic, where -INT64_MIN exists. */
    uint64_t u = v < 0 ? 0u - (uint64_t)v : (uint64_t)v;
    while (u >= 100) {
        size_t r = (size_t)(u % 100) * 2;
        u /= 100;
        tmp[--n] = errata_digit_pairs[r + 1];
        tmp[--n] = errata_digit_pairs[r];
    }
    if (u >= 10) {
        tmp[--n] = errata_digit_pairs[u * 2 + 1];
        tmp[--n] = errata_digit_pairs[u * 2];
    } else {
        tmp[--n] = (char)('0' + u);
    }
    size_t len = 0;
    if (v < 0)
        buf[len++] = '-';
    while (n < sizeof tmp)
        buf[len++] = tmp[n++];
    buf[len] = '\0';
    return len;
}

/* Replaces whatever the locale uses as decimal point (',' in de_DE, even a
 * multi-byte character elsewhere) with '.'; %g writes nothing else but
 * digits, signs and the exponent's 'e'. Returns the new length. */
static size_t errata_number_normalise(char *s)
{
    size_t r = 0, w = 0;
    while (s[r] != '\0') {
        char c = s[r];
        bool plain = (c >= '0' && c <= '9') || c == '-' || c == '+' || c == 'e' || c == 'E';
        if (plain) {
            s[w++] = s[r++];
            continue;
        }
        s[w++] = '.';
        while (s[r] != '\0' && !((s[r] >= '0' && s[r] <= '9') || s[r] == 'e' || s[r] == 'E'))
            r++;
    }
    s[w] = '\0';
    return w;
}

/* Formats v at prec significant digits; true when that reads back as v.
 * snprintf and strtod share the locale, so the test holds before the
 * decimal point is normalised. */
static bool errata_number_try(char buf[ERRATA_NUMBER_BUF], double v, int prec)
{
    snprintf(buf, ERRATA_NUMBER_BUF, "%.*g", prec, v);
    return strtod(buf, NULL) == v;
}

size_t errata_format_double(char buf[ERRATA_NUMBER_BUF], double v)
{
    if (!isfinite(v))
        return 0;
    /* The shortest form that round-trips: the smallest precision that does
     * (a longer one never fails once a shorter one succeeded). For a normal
     * double whose shortest form has up to 15 digits, %.15g already prints
     * exactly that form (its error is far below half a unit of the 15th
     * digit and %g drops trailing zeros), so only 15, 16 and 17 need trying;
     * subnormals have so few bits that they need the whole search. */
    int prec = (v != 0 && v < DBL_MIN && v > -DBL_MIN) ? 1 : 15; /* no libm */
    while (prec < 17 && !errata_number_try(buf, v, prec))
        prec++;
    if (prec == 17)
        snprintf(buf, ERRATA_NUMBER_BUF, "%.17g", v); /* always round-trips */
    return errata_number_normalise(buf);
}
