/* Retry-After (RFC 9110 §10.2.3): delta-seconds, or an HTTP-date in any of
 * the three forms a recipient must accept (IMF-fixdate, RFC 850, asctime),
 * parsed by hand so no locale or time zone setting can change the answer. */
#include "decode_internal.h"

#include <string.h>

static int month_index(const char *s)
{
    static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    for (int i = 0; i < 12; i++) {
        if (strncmp(s, months + 3 * i, 3) == 0)
            return i + 1;
    }
    return 0;
}

/* Reads exactly n digits. */
static bool digits(const char **s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        char c = (*s)[i];
        if (c < '0' || c > '9')
            return false;
        v = v * 10 + (c - '0');
    }
    *s += n;
    *out = v;
    return true;
}

static bool literal(const char **s, const char *lit)
{
    size_t n = strlen(lit);
    if (strncmp(*s, lit, n) != 0)
        return false;
    *s += n;
    return true;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
 * days_from_civil). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static bool clock_time(const char **s, int *h, int *mi, int *sec)
{
    return digits(s, 2, h) && literal(s, ":") && digits(s, 2, mi) && literal(s, ":") &&
           digits(s, 2, sec) && *h < 24 && *mi < 60 && *sec < 61;
}

/* The day name up to ", " (IMF-fixdate, RFC 850) or " " (asctime). */
static const char *after_day_name(const char *s, bool *comma)
{
    const char *p = s;
    while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'))
        p++;
    if (p - s < 3)
        return NULL;
    *comma = *p == ',';
    return *comma ? (p[1] == ' ' ? p + 2 : NULL) : (*p == ' ' ? p + 1 : NULL);
}

static bool parse_date(const char *s, int64_t *out)
{
    int day, month, year, h, mi, sec;
    bool comma;
    s = after_day_name(s, &comma);
    if (s == NULL)
        return false;
    if (comma && s[0] && s[1] && s[2] == ' ') { /* IMF-fixdate: 06 Nov 1994 08:49:37 GMT */
        if (!digits(&s, 2, &day) || !literal(&s, " ") || !(month = month_index(s)))
            return false;
        s += 3;
        if (!literal(&s, " ") || !digits(&s, 4, &year))
            return false;
    } else if (comma) { /* RFC 850: 06-Nov-94 08:49:37 GMT */
        if (!digits(&s, 2, &day) || !literal(&s, "-") || !(month = month_index(s)))
            return false;
        s += 3;
        if (!literal(&s, "-") || !digits(&s, 2, &year))
            return false;
        year += year < 70 ? 2000 : 1900; /* RFC 9110 §5.6.7: 50 years window, simply */
    } else { /* asctime: Nov  6 08:49:37 1994 */
        if (!(month = month_index(s)))
            return false;
        s += 3;
        if (!literal(&s, " "))
            return false;
        if (*s == ' ')
            s++;
        if (!digits(&s, s[0] && s[1] >= '0' && s[1] <= '9' ? 2 : 1, &day) || !literal(&s, " ") ||
            !clock_time(&s, &h, &mi, &sec) || !literal(&s, " ") || !digits(&s, 4, &year))
            return false;
        *out = days_from_civil(year, month, day) * 86400 + h * 3600 + mi * 60 + sec;
        return *s == '\0' && day >= 1 && day <= 31;
    }
    if (!literal(&s, " ") || !clock_time(&s, &h, &mi, &sec) || !literal(&s, " GMT"))
        return false;
    *out = days_from_civil(year, month, day) * 86400 + h * 3600 + mi * 60 + sec;
    return *s == '\0' && day >= 1 && day <= 31;
}

bool errata_parse_http_date(const char *value, int64_t *out)
{
    int64_t when;
    if (value == NULL || out == NULL || !parse_date(value, &when))
        return false;
    *out = when;
    return true;
}

int64_t errata_parse_retry_after(const char *value, int64_t now, int64_t max)
{
    if (value == NULL)
        return -1;
    while (*value == ' ' || *value == '\t')
        value++;
    size_t n = strspn(value, "0123456789");
    if (n > 0 && value[n + strspn(value + n, " \t")] == '\0') {
        int64_t v = 0;
        for (size_t i = 0; i < n; i++) {
            if (v > (max - (value[i] - '0')) / 10)
                return max; /* larger than the cap: the cap */
            v = v * 10 + (value[i] - '0');
        }
        return v > max ? max : v;
    }
    int64_t when;
    if (!errata_parse_http_date(value, &when))
        return -1;
    int64_t delta = when - now;
    return delta < 0 ? 0 : delta > max ? max : delta;
}
