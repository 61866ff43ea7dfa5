/* The RateLimit-Policy and RateLimit fields
 * (draft-ietf-httpapi-ratelimit-headers-11) written as RFC 9651 Lists from
 * a typed errata_ratelimit_t, into caller storage: a server fills one per
 * response (success or problem) from its limiter and sends both fields. */
#include "internal.h"

/* An sf-integer holds at most 15 digits (RFC 9651 §3.3.1). */
#define ERRATA_SF_INTEGER_MAX 999999999999999LL

static bool errata_ratelimit_name_ok(const char *name)
{
    size_t n = name != NULL ? strlen(name) : 0;
    if (n == 0 || n >= ERRATA_RATELIMIT_NAME_SIZE)
        return false;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)name[i] < 0x20 || (unsigned char)name[i] > 0x7E)
            return false;
    return true;
}

void errata_ratelimit_init(errata_ratelimit_t *rl)
{
    if (rl != NULL)
        memset(rl, 0, sizeof *rl);
}

errata_ratelimit_policy_t *errata_ratelimit_add(errata_ratelimit_t *rl, const char *name,
                                                int64_t quota)
{
    if (rl == NULL || rl->count >= ERRATA_RATELIMIT_POLICIES || !errata_ratelimit_name_ok(name) ||
        quota < 0 || quota > ERRATA_SF_INTEGER_MAX)
        return NULL;
    errata_ratelimit_policy_t *p = &rl->policies[rl->count++];
    memset(p, 0, sizeof *p);
    memcpy(p->name, name, strlen(name) + 1);
    p->quota = quota;
    p->window = p->remaining = p->reset = -1;
    return p;
}

static bool errata_ratelimit_int_ok(int64_t v, bool optional)
{
    return (optional && v == -1) || (v >= 0 && v <= ERRATA_SF_INTEGER_MAX);
}

static bool errata_ratelimit_policy_ok(const errata_ratelimit_policy_t *p)
{
    return errata_ratelimit_name_ok(p->name) && errata_ratelimit_int_ok(p->quota, true) &&
           errata_ratelimit_int_ok(p->window, true) && errata_ratelimit_int_ok(p->remaining, true) &&
           errata_ratelimit_int_ok(p->reset, true) &&
           p->partition_key_len <= ERRATA_RATELIMIT_KEY_SIZE &&
           (unsigned)p->unit <= (unsigned)ERRATA_QUOTA_UNIT_CONCURRENT_REQUESTS;
}

/* The policy's name as an sf-string (RFC 9651 §4.1.6). */
static void errata_ratelimit_name(errata_out_t *o, const char *name)
{
    errata_out_char(o, '"');
    for (; *name != '\0'; name++) {
        if (*name == '"' || *name == '\\')
            errata_out_char(o, '\\');
        errata_out_char(o, *name);
    }
    errata_out_char(o, '"');
}

static void errata_ratelimit_param(errata_out_t *o, const char *key, int64_t v)
{
    char num[ERRATA_NUMBER_BUF];
    if (v < 0)
        return;
    errata_out_str(o, key);
    errata_out_bytes(o, num, errata_format_int(num, v));
}

/* pk as an sf-binary (RFC 9651 §4.1.8): base64 with padding. */
static void errata_ratelimit_key(errata_out_t *o, const unsigned char *k, size_t n)
{
    static const char digits[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    if (n == 0)
        return;
    errata_out_str(o, ";pk=:");
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)k[i] << 16;
        if (i + 1 < n)
            v |= (uint32_t)k[i + 1] << 8;
        if (i + 2 < n)
            v |= k[i + 2];
        errata_out_char(o, digits[(v >> 18) & 63]);
        errata_out_char(o, digits[(v >> 12) & 63]);
        errata_out_char(o, i + 1 < n ? digits[(v >> 6) & 63] : '=');
        errata_out_char(o, i + 2 < n ? digits[v & 63] : '=');
    }
    errata_out_char(o, ':');
}

static const char *const errata_quota_units[] = { NULL, "requests", "content-bytes",
                                                  "concurrent-requests" };

/* Writes one field; policy: RateLimit-Policy, else RateLimit. */
static size_t errata_ratelimit_write(const errata_ratelimit_t *rl, bool policy, char *buf,
                                     size_t cap)
{
    errata_out_t o;
    errata_out_init(&o, buf, cap);
    bool ok = rl != NULL && rl->count <= ERRATA_RATELIMIT_POLICIES;
    for (size_t i = 0; ok && i < rl->count; i++) {
        const errata_ratelimit_policy_t *p = &rl->policies[i];
        ok = errata_ratelimit_policy_ok(p);
        if (!ok || (policy ? p->quota : p->remaining) < 0)
            continue;
        if (o.len > 0)
            errata_out_str(&o, ", ");
        errata_ratelimit_name(&o, p->name);
        if (policy) {
            errata_ratelimit_param(&o, ";q=", p->quota);
            if (p->unit != ERRATA_QUOTA_UNIT_UNSET) {
                errata_out_str(&o, ";qu=\"");
                errata_out_str(&o, errata_quota_units[p->unit]);
                errata_out_char(&o, '"');
            }
            errata_ratelimit_param(&o, ";w=", p->window);
        } else {
            errata_ratelimit_param(&o, ";r=", p->remaining);
            errata_ratelimit_param(&o, ";t=", p->reset);
        }
        errata_ratelimit_key(&o, p->partition_key, p->partition_key_len);
    }
    if (!ok)
        errata_out_init(&o, buf, cap); /* never a wrong field: nothing */
    return errata_out_finish(&o);
}

size_t errata_ratelimit_policy_field(const errata_ratelimit_t *rl, char *buf, size_t cap)
{
    return errata_ratelimit_write(rl, true, buf, cap);
}

size_t errata_ratelimit_field(const errata_ratelimit_t *rl, char *buf, size_t cap)
{
    return errata_ratelimit_write(rl, false, buf, cap);
}

size_t errata_ratelimit_headers(const errata_ratelimit_t *rl, errata_header_fn emit, void *ctx,
                                char *scratch, size_t cap)
{
    size_t sent = 0;
    if (scratch == NULL || cap == 0)
        return 0;
    size_t n = errata_ratelimit_policy_field(rl, scratch, cap);
    if (n > 0 && n < cap) {
        if (emit != NULL)
            emit("RateLimit-Policy", scratch, ctx);
        sent++;
    }
    n = errata_ratelimit_field(rl, scratch, cap);
    if (n > 0 && n < cap) {
        if (emit != NULL)
            emit("RateLimit", scratch, ctx);
        sent++;
    }
    return sent;
}
