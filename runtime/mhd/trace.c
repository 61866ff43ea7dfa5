/* Trace ids: one per request, the same in the X-Request-Id header, in
 * every 5xx body and in the logs, so that a user quoting it leads to the
 * log line.
 *
 * The caller's own id wins: a valid W3C traceparent's trace-id (the
 * request is part of a distributed trace), else an X-Request-Id that is
 * short and printable (a proxy's id). Otherwise the server makes one: 128
 * bits from a 64-bit atomic counter mixed with a seed read once from the
 * system's randomness. Each half is a bijection of the counter, so ids do
 * not repeat within a server's life, and no lock is taken. They are
 * unique, not secret: nothing should be authorised by one. */
#include "mhd_internal.h"

#include <fcntl.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#ifdef ERRATA_MHD_HAVE_GETRANDOM
#include <sys/random.h>
#endif

/* splitmix64's finaliser: a bijection that spreads every input bit. */
static uint64_t errata_mhd_mix(uint64_t z)
{
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

static bool errata_mhd_read_random(void *buf, size_t n)
{
#ifdef ERRATA_MHD_HAVE_GETRANDOM
    if (getrandom(buf, n, 0) == (ssize_t)n)
        return true;
#endif
    int fd = open("/dev/urandom", O_RDONLY);
    if (fd < 0)
        return false;
    ssize_t got = read(fd, buf, n);
    close(fd);
    return got == (ssize_t)n;
}

void errata_mhd_trace_seed(errata_mhd_server_t *server)
{
    if (errata_mhd_read_random(server->seed, sizeof server->seed))
        return;
    /* No randomness to be had: the clock and the server's address keep ids
     * apart between processes, if guessably. */
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    server->seed[0] = errata_mhd_mix((uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec);
    server->seed[1] = errata_mhd_mix(server->seed[0] ^ (uint64_t)(uintptr_t)server ^
                                     (uint64_t)getpid());
}

static void errata_mhd_hex64(char *out, uint64_t v)
{
    static const char digits[] = "0123456789abcdef";
    for (int i = 15; i >= 0; i--, v >>= 4)
        out[i] = digits[v & 15];
}

static void errata_mhd_trace_new(errata_mhd_server_t *server, char out[ERRATA_TRACE_ID_SIZE])
{
    uint64_t n = __atomic_fetch_add(&server->counter, 1, __ATOMIC_RELAXED);
    uint64_t hi = errata_mhd_mix(server->seed[0] ^ n);
    uint64_t lo = errata_mhd_mix(server->seed[1] ^ errata_mhd_mix(n + UINT64_C(0x9e3779b97f4a7c15)));
    if (hi == 0 && lo == 0)
        lo = 1; /* W3C: an all-zero trace-id is invalid */
    errata_mhd_hex64(out, hi);
    errata_mhd_hex64(out + 16, lo);
    out[32] = '\0';
}

static bool errata_mhd_lowhex(const char *s, size_t n, bool nonzero)
{
    bool any = false;
    for (size_t i = 0; i < n; i++) {
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return false;
        any = any || s[i] != '0';
    }
    return any || !nonzero;
}

/* traceparent = version "-" trace-id "-" parent-id "-" trace-flags
 * (W3C Trace Context): 2, 32, 16 and 2 lowercase hex digits; version ff
 * and all-zero ids are invalid; version 00 has nothing after the flags,
 * later versions may add "-" and more. */
static bool errata_mhd_traceparent_ok(const char *v)
{
    size_t n = strlen(v);
    if (n < 55 || v[2] != '-' || v[35] != '-' || v[52] != '-')
        return false;
    if (!errata_mhd_lowhex(v, 2, false) || strncmp(v, "ff", 2) == 0)
        return false;
    if (strncmp(v, "00", 2) == 0 ? n != 55 : (n > 55 && v[55] != '-'))
        return false;
    return errata_mhd_lowhex(v + 3, 32, true) && errata_mhd_lowhex(v + 36, 16, true) &&
           errata_mhd_lowhex(v + 53, 2, false);
}

/* Short enough to keep whole (a cut id would match nothing in the
 * caller's logs) and printable ASCII without spaces. */
static bool errata_mhd_request_id_ok(const char *v)
{
    size_t n = strlen(v);
    if (n == 0 || n >= ERRATA_TRACE_ID_SIZE)
        return false;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)v[i] < 0x21 || (unsigned char)v[i] > 0x7E)
            return false;
    return true;
}

void errata_mhd_trace_for(errata_mhd_server_t *server, struct MHD_Connection *connection,
                          char out[ERRATA_TRACE_ID_SIZE])
{
    const char *tp = MHD_lookup_connection_value(connection, MHD_HEADER_KIND, "traceparent");
    if (tp != NULL && errata_mhd_traceparent_ok(tp)) {
        memcpy(out, tp + 3, 32);
        out[32] = '\0';
        return;
    }
    const char *rid = MHD_lookup_connection_value(connection, MHD_HEADER_KIND,
                                                  ERRATA_MHD_TRACE_HEADER);
    if (rid != NULL && errata_mhd_request_id_ok(rid)) {
        errata_mhd_copy(out, ERRATA_TRACE_ID_SIZE, rid);
        return;
    }
    errata_mhd_trace_new(server, out);
}
