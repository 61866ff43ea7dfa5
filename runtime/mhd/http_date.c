/* HTTP-dates (RFC 9110 section 5.6.7) for Last-Modified and
 * If-Modified-Since: written as IMF-fixdate, read in all three formats
 * (IMF-fixdate, the obsolete RFC 850 and asctime ones), as recipients
 * must. By hand rather than gmtime_r/strptime: those follow the locale or
 * may read the time zone database on first use (an allocation on a
 * request path); calendar arithmetic in UTC needs neither. */
#include "mhd_internal.h"

#include <string.h>

static const char errata_mhd_days[7][4] = { "Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed" };
static const char errata_mhd_months[12][4] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
static const char *const errata_mhd_long_days[7] = { "Monday", "Tuesday", "Wednesday",
                                                     "Thursday", "Friday", "Saturday",
                                                     "Sunday" };

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * days_from_civil); month 1..12. */
static int64_t errata_mhd_days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* Its inverse (civil_from_days). */
static void errata_mhd_civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

static void errata_mhd_put2(char *at, int v)
{
    at[0] = (char)('0' + v / 10 % 10);
    at[1] = (char)('0' + v % 10);
}

/* 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the four-digit years. */
#define ERRATA_MHD_DATE_MIN (-62167219200)
#define ERRATA_MHD_DATE_MAX 253402300799

void errata_mhd_http_date(int64_t t, char out[ERRATA_MHD_HTTP_DATE_SIZE])
{
    if (t < ERRATA_MHD_DATE_MIN || t > ERRATA_MHD_DATE_MAX)
        t = 0; /* no four-digit year: the epoch, a date every cache reads */
    int64_t days = (t >= 0 ? t : t - 86399) / 86400, secs = t - days * 86400, y;
    int m, d;
    errata_mhd_civil_from_days(days, &y, &m, &d);
    /* "Sun, 06 Nov 1994 08:49:37 GMT" */
    memcpy(out, errata_mhd_days[((days % 7) + 7) % 7], 3);
    memcpy(out + 3, ", ", 2);
    errata_mhd_put2(out + 5, d);
    out[7] = ' ';
    memcpy(out + 8, errata_mhd_months[m - 1], 3);
    out[11] = ' ';
    errata_mhd_put2(out + 12, (int)(y / 100));
    errata_mhd_put2(out + 14, (int)(y % 100));
    out[16] = ' ';
    errata_mhd_put2(out + 17, (int)(secs / 3600));
    out[19] = ':';
    errata_mhd_put2(out + 20, (int)(secs / 60 % 60));
    out[22] = ':';
    errata_mhd_put2(out + 23, (int)(secs % 60));
    memcpy(out + 25, " GMT", 5);
}

/* ---- reading ------------------------------------------------------------ */

/* n digits at *s (a space first when lead_space and n == 2: asctime's
 * day); -1 when they are not there. */
static int errata_mhd_digits(const char **s, int n, bool lead_space)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        char c = (*s)[i];
        if (i == 0 && lead_space && c == ' ')
            continue;
        if (c < '0' || c > '9')
            return -1;
        v = v * 10 + (c - '0');
    }
    *s += n;
    return v;
}

static bool errata_mhd_lit(const char **s, const char *lit)
{
    size_t n = strlen(lit);
    if (strncmp(*s, lit, n) != 0)
        return false;
    *s += n;
    return true;
}

/* A month's three letters (case-sensitive, as the grammar has them); 0 when none. */
static int errata_mhd_month(const char **s)
{
    for (int i = 0; i < 12; i++)
        if (strncmp(*s, errata_mhd_months[i], 3) == 0) {
            *s += 3;
            return i + 1;
        }
    return 0;
}

static bool errata_mhd_day_name(const char **s, bool long_name)
{
    for (int i = 0; i < 7; i++) {
        const char *name = long_name ? errata_mhd_long_days[i] : errata_mhd_days[i];
        if (errata_mhd_lit(s, name))
            return true;
    }
    return false;
}

/* "HH:MM:SS" as seconds in the day; -1 when malformed. */
static int64_t errata_mhd_time_of_day(const char **s)
{
    int h = errata_mhd_digits(s, 2, false);
    int m = h >= 0 && errata_mhd_lit(s, ":") ? errata_mhd_digits(s, 2, false) : -1;
    int sec = m >= 0 && errata_mhd_lit(s, ":") ? errata_mhd_digits(s, 2, false) : -1;
    if (h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 60) /* 60: a leap second */
        return -1;
    return h * 3600 + m * 60 + sec;
}

typedef struct errata_mhd_date {
    int64_t year, tod;
    int month, day;
} errata_mhd_date_t;

/* "Sun, 06 Nov 1994 08:49:37 GMT" */
static bool errata_mhd_imf_fixdate(const char *s, errata_mhd_date_t *d)
{
    if (!errata_mhd_day_name(&s, false) || !errata_mhd_lit(&s, ", "))
        return false;
    d->day = errata_mhd_digits(&s, 2, false);
    d->month = errata_mhd_lit(&s, " ") ? errata_mhd_month(&s) : 0;
    d->year = d->month > 0 && errata_mhd_lit(&s, " ") ? errata_mhd_digits(&s, 4, false) : -1;
    d->tod = d->year >= 0 && errata_mhd_lit(&s, " ") ? errata_mhd_time_of_day(&s) : -1;
    return d->tod >= 0 && errata_mhd_lit(&s, " GMT") && *s == '\0';
}

/* "Sunday, 06-Nov-94 08:49:37 GMT": a two-digit year, read as 1970 to
 * 2069 (RFC 9110 asks for the century that puts it no more than 50 years
 * ahead; a fixed window keeps the answer independent of the clock). */
static bool errata_mhd_rfc850(const char *s, errata_mhd_date_t *d)
{
    if (!errata_mhd_day_name(&s, true) || !errata_mhd_lit(&s, ", "))
        return false;
    d->day = errata_mhd_digits(&s, 2, false);
    d->month = errata_mhd_lit(&s, "-") ? errata_mhd_month(&s) : 0;
    d->year = d->month > 0 && errata_mhd_lit(&s, "-") ? errata_mhd_digits(&s, 2, false) : -1;
    d->tod = d->year >= 0 && errata_mhd_lit(&s, " ") ? errata_mhd_time_of_day(&s) : -1;
    d->year += d->year < 70 ? 2000 : 1900;
    return d->tod >= 0 && errata_mhd_lit(&s, " GMT") && *s == '\0';
}

/* "Sun Nov  6 08:49:37 1994" */
static bool errata_mhd_asctime(const char *s, errata_mhd_date_t *d)
{
    if (!errata_mhd_day_name(&s, false) || !errata_mhd_lit(&s, " "))
        return false;
    d->month = errata_mhd_month(&s);
    d->day = d->month > 0 && errata_mhd_lit(&s, " ") ? errata_mhd_digits(&s, 2, true) : -1;
    d->tod = d->day >= 0 && errata_mhd_lit(&s, " ") ? errata_mhd_time_of_day(&s) : -1;
    d->year = d->tod >= 0 && errata_mhd_lit(&s, " ") ? errata_mhd_digits(&s, 4, false) : -1;
    return d->year >= 0 && *s == '\0';
}

static bool errata_mhd_date_valid(const errata_mhd_date_t *d)
{
    static const int lengths[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    bool leap = (d->year % 4 == 0 && d->year % 100 != 0) || d->year % 400 == 0;
    if (d->month < 1 || d->month > 12 || d->day < 1 || d->day > lengths[d->month - 1])
        return false;
    return d->month != 2 || d->day <= 28 + leap;
}

bool errata_mhd_http_date_parse(const char *s, int64_t *t)
{
    errata_mhd_date_t d = { -1, -1, 0, 0 };
    if (s == NULL)
        return false;
    if (!errata_mhd_imf_fixdate(s, &d) && !errata_mhd_rfc850(s, &d) && !errata_mhd_asctime(s, &d))
        return false;
    if (!errata_mhd_date_valid(&d))
        return false;
    *t = errata_mhd_days_from_civil(d.year, d.month, d.day) * 86400 + d.tod;
    return true;
}
