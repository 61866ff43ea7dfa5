/* errata_parse_ratelimit: the RateLimit-Policy and RateLimit fields a
 * client received, read into an errata_ratelimit_t through the strict
 * RFC 9651 List parser (sf_list.c). A malformed field is ignored whole; a
 * well-formed item that is not a usable policy is skipped (the draft: a
 * recipient ignores what it does not understand), never fatal. */
#include "decode_internal.h"
#include "sf_list.h"

static bool errata_rl_count(const errata_sf_bare_t *v)
{
    return v->type == ERRATA_SF_INTEGER && v->integer >= 0;
}

/* The policy named by the item: found, else a new one (-1 everywhere);
 * NULL when the item is no policy name or out is full. */
static errata_ratelimit_policy_t *errata_rl_policy(errata_ratelimit_t *out,
                                                   const errata_sf_member_t *m)
{
    char name[ERRATA_RATELIMIT_NAME_SIZE];
    if (m->item.type != ERRATA_SF_STRING || m->item.len == 0 ||
        !errata_sf_string_copy(&m->item, name, sizeof name))
        return NULL;
    for (size_t i = 0; i < out->count; i++)
        if (strcmp(out->policies[i].name, name) == 0)
            return &out->policies[i];
    if (out->count >= ERRATA_RATELIMIT_POLICIES)
        return NULL;
    errata_ratelimit_policy_t *p = &out->policies[out->count++];
    memset(p, 0, sizeof *p);
    memcpy(p->name, name, strlen(name) + 1);
    p->quota = p->window = p->remaining = p->reset = -1;
    return p;
}

static errata_quota_unit_t errata_rl_unit(const errata_sf_bare_t *v)
{
    static const char *const names[] = { "requests", "content-bytes", "concurrent-requests" };
    char text[32];
    if (v->type != ERRATA_SF_STRING || !errata_sf_string_copy(v, text, sizeof text))
        return ERRATA_QUOTA_UNIT_OTHER;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(text, names[i]) == 0)
            return (errata_quota_unit_t)(ERRATA_QUOTA_UNIT_REQUESTS + i);
    return ERRATA_QUOTA_UNIT_OTHER;
}

/* pk when it is a Byte Sequence that fits; decoded apart first, so a key
 * too long leaves no partial bytes behind (a fuzz find). */
static void errata_rl_key(errata_ratelimit_policy_t *p, const errata_sf_member_t *m)
{
    errata_sf_bare_t v;
    unsigned char key[ERRATA_RATELIMIT_KEY_SIZE];
    size_t n;
    if (errata_sf_param(m, "pk", &v) && v.type == ERRATA_SF_BYTES &&
        errata_sf_bytes_decode(&v, key, sizeof key, &n)) {
        memset(p->partition_key, 0, sizeof p->partition_key);
        memcpy(p->partition_key, key, n);
        p->partition_key_len = n;
    }
}

/* One item into out; false when it is not a policy kept. */
static bool errata_rl_item(errata_ratelimit_t *out, const errata_sf_member_t *m, bool policy)
{
    errata_sf_bare_t v;
    if (!errata_sf_param(m, policy ? "q" : "r", &v) || !errata_rl_count(&v))
        return false;
    errata_ratelimit_policy_t *p = errata_rl_policy(out, m);
    if (p == NULL)
        return false;
    if (policy) {
        p->quota = v.integer;
        if (errata_sf_param(m, "w", &v) && errata_rl_count(&v))
            p->window = v.integer;
        if (errata_sf_param(m, "qu", &v))
            p->unit = errata_rl_unit(&v);
    } else {
        p->remaining = v.integer;
        if (errata_sf_param(m, "t", &v) && errata_rl_count(&v))
            p->reset = v.integer;
    }
    errata_rl_key(p, m);
    return true;
}

/* Reads one field into out; returns how many items it had and how many
 * were kept. */
static void errata_rl_field(errata_ratelimit_t *out, const char *value, bool policy,
                            size_t *items, size_t *kept)
{
    errata_sf_cursor_t c;
    errata_sf_member_t m;
    *items = *kept = 0;
    if (value == NULL || !errata_sf_list_init(&c, value, strlen(value)))
        return;
    while (errata_sf_list_next(&c, &m)) {
        ++*items;
        *kept += errata_rl_item(out, &m, policy);
    }
}

void errata_ratelimit_read_field(errata_ratelimit_t *out, const char *value, bool policy)
{
    size_t items, kept;
    errata_rl_field(out, value, policy, &items, &kept);
}

bool errata_parse_ratelimit(const char *policy_field, const char *ratelimit_field,
                            errata_ratelimit_t *out)
{
    if (out == NULL)
        return false;
    memset(out, 0, sizeof *out);
    errata_ratelimit_read_field(out, policy_field, true);
    errata_ratelimit_read_field(out, ratelimit_field, false);
    return out->count > 0;
}

bool errata_ratelimit_field_valid(const char *value, bool policy)
{
    errata_ratelimit_t rl;
    size_t items, kept;
    memset(&rl, 0, sizeof rl);
    errata_rl_field(&rl, value, policy, &items, &kept);
    /* A repeated name joins its item into one policy: both count. */
    return items > 0 && kept == items;
}
