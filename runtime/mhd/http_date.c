/* Last-Modified as an IMF-fixdate (RFC 9110 section 5.6.7); liberrata
 * reads them back (errata_parse_http_date: If-Modified-Since). By hand
 * rather than with gmtime_r and strftime: strftime's names follow the
 * locale, and gmtime_r may read the time zone database on first use (an
 * allocation on a request path); calendar arithmetic in UTC needs neither. */
#include "mhd_internal.h"

#include <string.h>

static const char errata_mhd_days[7][4] = { "Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed" };
static const char errata_mhd_months[12][4] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

/* The date of a day since 1970-01-01, proleptic Gregorian (H. Hinnant's
 * civil_from_days). */
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
