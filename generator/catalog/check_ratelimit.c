/* `ratelimit:` (docs/ratelimit.md): a policy of
 * draft-ietf-httpapi-ratelimit-headers-11, per entry or for every entry of
 * the catalog, turned into two catalog headers, RateLimit-Policy
 * ("NAME";q=Q;qu="U";w=W) and RateLimit ("NAME";r=R;t=T). They go out
 * through the ordinary header machinery, so the rule of check_headers.c
 * holds: every value a template here can render is an RFC 9651 List that
 * errata_header_value_valid accepts, because each number is a literal or
 * an integer member bounded to 0..999999999999999 (enforced at throw). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <errata/errata.h>

#include "../support/arena.h"
#include "../support/diag.h"
#include "../support/strbuf.h"
#include "check.h"
#include "rules.h"

/* An sf-integer has at most 15 digits (RFC 9651 §3.3.1). */
#define SF_INTEGER_MAX 999999999999999LL

static const char *const ratelimit_keys[] = { "policy", "quota",  "window", "remaining",
                                              "reset",  "unit",   NULL };

/* The draft's RateLimit Quota Units registry. */
static const char *const quota_units[] = { "requests", "content-bytes", "concurrent-requests",
                                           NULL };

enum rl_field { RL_QUOTA, RL_WINDOW, RL_REMAINING, RL_RESET, RL_FIELDS };
static const char *const rl_names[RL_FIELDS] = { "quota", "window", "remaining", "reset" };

struct rl_value {
    const struct ynode *node; /* NULL: not given */
    int64_t literal;
    const char *member_name;  /* a "{member}" value; NULL for a literal */
    const struct member *member;
};

struct rl_spec {
    const struct ynode *key_node; /* the `ratelimit` mapping */
    const char *policy;
    const char *unit;
    struct rl_value v[RL_FIELDS];
};

/* The member a "{name}" string names, NULL when it is not exactly one
 * placeholder. */
static const char *placeholder_name(struct checker *c, const char *s)
{
    size_t n = strlen(s);
    if (n < 3 || s[0] != '{' || s[n - 1] != '}')
        return NULL;
    char *name = arena_strndup(c->a, s + 1, n - 2);
    return rules_is_member_name(name) ? name : NULL;
}

static bool rl_value(struct checker *c, const struct ynode *map, enum rl_field f,
                     struct rl_value *out)
{
    memset(out, 0, sizeof *out);
    const struct ynode *n = ynode_get(map, rl_names[f]);
    if (n == NULL)
        return true;
    out->node = n;
    if (ynode_is_scalar(n, YTYPE_INT)) {
        if (!ynode_int(n, &out->literal) || out->literal < 0 || out->literal > SF_INTEGER_MAX) {
            diag_error(c->d, n->loc,
                       "ratelimit '%s' is %s; it must be 0 to 999999999999999 (an RFC 9651 "
                       "Integer, never negative here)",
                       rl_names[f], n->u.scalar.text);
            return false;
        }
        return true;
    }
    if (ynode_is_scalar(n, YTYPE_STRING) &&
        (out->member_name = placeholder_name(c, n->u.scalar.text)) != NULL)
        return true;
    diag_error(c->d, n->loc,
               "ratelimit '%s' must be an integer or one '{member}' placeholder naming an integer "
               "member, not %s",
               rl_names[f], ynode_describe(n));
    return false;
}

/* The policy name goes out as an sf-string (RFC 9651 §3.3.3) that the
 * decoder keeps whole (ERRATA_RATELIMIT_NAME_SIZE). */
static const char *rl_policy(struct checker *c, const struct ynode *map)
{
    const struct ynode *n = ynode_get(map, "policy");
    if (n == NULL) {
        if (!check_key_misspelt(map, "policy", ratelimit_keys))
            diag_error(c->d, map->loc,
                       "ratelimit has no 'policy': the name both fields give it, e.g. "
                       "policy: default");
        return NULL;
    }
    const char *name = n->kind == YNODE_SCALAR && n->u.scalar.type != YTYPE_NULL
                           ? n->u.scalar.text
                           : check_string(c, n, "policy");
    if (name == NULL)
        return NULL;
    size_t len = strlen(name);
    bool printable = len == n->u.scalar.len;
    for (size_t i = 0; i < len; i++)
        printable = printable && (unsigned char)name[i] >= 0x20 && (unsigned char)name[i] <= 0x7E;
    if (len == 0 || len >= ERRATA_RATELIMIT_NAME_SIZE || !printable) {
        diag_error(c->d, n->loc,
                   "ratelimit policy '%s' is not a name the fields can carry: 1 to %d printable "
                   "ASCII characters (an RFC 9651 String)",
                   name, ERRATA_RATELIMIT_NAME_SIZE - 1);
        return NULL;
    }
    return name;
}

static const char *rl_unit(struct checker *c, const struct ynode *map, bool *ok)
{
    const struct ynode *n = ynode_get(map, "unit");
    if (n == NULL)
        return NULL;
    const char *unit = check_string(c, n, "unit");
    if (unit == NULL) {
        *ok = false;
        return NULL;
    }
    for (size_t i = 0; quota_units[i]; i++)
        if (strcmp(unit, quota_units[i]) == 0)
            return unit;
    const char *hint = rules_suggest(unit, quota_units);
    diag_error(c->d, n->loc,
               "ratelimit unit '%s' is not in the draft's RateLimit Quota Units registry "
               "(requests, content-bytes, concurrent-requests)%s%s%s",
               unit, hint ? "; did you mean '" : "", hint ? hint : "", hint ? "'?" : "");
    *ok = false;
    return NULL;
}

/* The mapping's shape, checked once where it is written. */
static bool rl_read(struct checker *c, const struct ynode *n, struct rl_spec *out)
{
    memset(out, 0, sizeof *out);
    out->key_node = n;
    if (!check_mapping(c, n, "ratelimit"))
        return false;
    check_known_keys(c, n, ratelimit_keys, "ratelimit");
    unsigned before = c->d->errors;
    bool ok = true;
    out->policy = rl_policy(c, n);
    out->unit = rl_unit(c, n, &ok);
    for (int f = 0; f < RL_FIELDS; f++)
        ok = rl_value(c, n, (enum rl_field)f, &out->v[f]) && ok;
    if (out->v[RL_QUOTA].node == NULL && !check_key_misspelt(n, "quota", ratelimit_keys))
        diag_error(c->d, n->loc,
                   "ratelimit has no 'quota': RateLimit-Policy requires its q parameter");
    return ok && out->policy != NULL && out->v[RL_QUOTA].node != NULL && c->d->errors == before;
}

static const struct member *entry_member(const struct entry *e, const char *name)
{
    for (size_t i = 0; i < e->member_count; i++)
        if (strcmp(e->members[i].name, name) == 0)
            return &e->members[i];
    return NULL;
}

/* A placed member must render an sf-integer the fields allow: an integer,
 * never negative, at most 15 digits. */
static bool rl_member_ok(struct checker *c, const struct rl_value *v, const char *field)
{
    const struct member *m = v->member;
    if (m->type == MEMBER_INTEGER && m->has_minimum && m->minimum >= 0 && m->has_maximum &&
        m->maximum <= (double)SF_INTEGER_MAX)
        return true;
    diag_error(c->d, v->node->loc,
               "ratelimit '%s' places '%s', which must be an integer member with 'minimum: 0' "
               "(or more) and a 'maximum' of at most 999999999999999: the fields carry RFC 9651 "
               "Integers of up to 15 digits, never negative, and a header is never sent wrong",
               field, m->name);
    diag_note(c->d, m->loc, "'%s' is declared here", m->name);
    return false;
}

/* Binds the spec's placeholders to the entry's members. A catalog-level
 * policy applies to the entries that declare every member it names (so
 * quietly skips the others: false, no report); an entry's own reports what
 * is missing. */
static bool rl_bind(struct checker *c, struct rl_spec *s, const struct entry *e, bool own)
{
    bool ok = true;
    for (int f = 0; f < RL_FIELDS; f++) {
        struct rl_value *v = &s->v[f];
        if (v->member_name == NULL)
            continue;
        v->member = entry_member(e, v->member_name);
        if (v->member == NULL && !own)
            return false;
        if (v->member == NULL) {
            if (!e->members_incomplete) {
                const char *names[17];
                size_t n = 0;
                for (size_t i = 0; i < e->member_count && n < 16; i++)
                    names[n++] = e->members[i].name;
                names[n] = NULL;
                const char *hint = rules_suggest(v->member_name, names);
                diag_error(c->d, v->node->loc,
                           "ratelimit '%s' places '{%s}', which names no member of this "
                           "error%s%s%s",
                           rl_names[f], v->member_name, hint ? "; did you mean '{" : "",
                           hint ? hint : "", hint ? "}'?" : "");
            }
            ok = false;
            continue;
        }
        ok = rl_member_ok(c, v, rl_names[f]) && ok;
    }
    return ok;
}

/* ---- the two headers ------------------------------------------------------ */

struct rl_builder {
    struct checker *c;
    struct text_template t;
    size_t cap;
    struct strbuf lit, source;
};

static void rl_flush(struct rl_builder *b)
{
    if (b->lit.len == 0)
        return;
    b->t.parts = arena_grow(b->c->a, b->t.parts, &b->cap, b->t.part_count + 1, sizeof *b->t.parts);
    b->t.parts[b->t.part_count].text = arena_strndup(b->c->a, b->lit.data, b->lit.len);
    b->t.parts[b->t.part_count].member = NULL;
    b->t.part_count++;
    strbuf_reset(&b->lit);
}

/* Literal text; braces doubled in the source, as a template writes them. */
static void rl_text(struct rl_builder *b, const char *s)
{
    strbuf_adds(&b->lit, s);
    for (; *s; s++) {
        if (*s == '{' || *s == '}')
            strbuf_addc(&b->source, *s);
        strbuf_addc(&b->source, *s);
    }
}

static void rl_number(struct rl_builder *b, const char *key, const struct rl_value *v)
{
    rl_text(b, key);
    if (v->member == NULL) {
        char num[24];
        snprintf(num, sizeof num, "%" PRId64, v->literal);
        rl_text(b, num);
        return;
    }
    rl_flush(b);
    b->t.parts = arena_grow(b->c->a, b->t.parts, &b->cap, b->t.part_count + 1, sizeof *b->t.parts);
    b->t.parts[b->t.part_count].text = NULL;
    b->t.parts[b->t.part_count].member = v->member;
    b->t.part_count++;
    strbuf_addf(&b->source, "{%s}", v->member->name);
}

static void rl_name(struct rl_builder *b, const char *policy)
{
    rl_text(b, "\"");
    for (; *policy; policy++) {
        char one[3] = { '\\', *policy, '\0' };
        rl_text(b, *policy == '"' || *policy == '\\' ? one : one + 1);
    }
    rl_text(b, "\"");
}

static void rl_add_header(struct checker *c, struct entry *e, const char *name,
                          struct rl_builder *b, struct loc at)
{
    rl_flush(b);
    b->t.source = arena_strndup(c->a, b->source.data, b->source.len);
    struct header *h = &e->headers[e->header_count++];
    memset(h, 0, sizeof *h);
    h->name = name;
    h->value = b->t;
    h->loc = at;
    strbuf_release(&b->lit);
    strbuf_release(&b->source);
}

static void rl_headers(struct checker *c, struct entry *e, const struct rl_spec *s)
{
    struct header *grown = arena_alloc_array(c->a, e->header_count + 2, sizeof *grown);
    if (e->header_count > 0)
        memcpy(grown, e->headers, e->header_count * sizeof *grown);
    e->headers = grown;
    struct rl_builder b = { c, { NULL, NULL, 0 }, 0, STRBUF_INIT, STRBUF_INIT };
    rl_name(&b, s->policy);
    rl_number(&b, ";q=", &s->v[RL_QUOTA]);
    if (s->unit != NULL) {
        rl_text(&b, ";qu=\"");
        rl_text(&b, s->unit);
        rl_text(&b, "\"");
    }
    if (s->v[RL_WINDOW].node != NULL)
        rl_number(&b, ";w=", &s->v[RL_WINDOW]);
    rl_add_header(c, e, "RateLimit-Policy", &b, s->key_node->loc);
    if (s->v[RL_REMAINING].node == NULL)
        return; /* the policy alone: RateLimit needs r */
    struct rl_builder r = { c, { NULL, NULL, 0 }, 0, STRBUF_INIT, STRBUF_INIT };
    rl_name(&r, s->policy);
    rl_number(&r, ";r=", &s->v[RL_REMAINING]);
    if (s->v[RL_RESET].node != NULL)
        rl_number(&r, ";t=", &s->v[RL_RESET]);
    rl_add_header(c, e, "RateLimit", &r, s->key_node->loc);
}

/* ---- Retry-After on a 429 ------------------------------------------------- */

static const struct header *rl_find(const struct entry *e, const char *name)
{
    for (size_t i = 0; i < e->header_count; i++)
        if (strcasecmp(e->headers[i].name, name) == 0)
            return &e->headers[i];
    return NULL;
}

/* The values a one-part template can take: a literal's digits, or the
 * member's bounds; false when unknown (an HTTP-date, a mixed template). */
static bool range_of_template(const struct text_template *t, double *lo, double *hi)
{
    if (t->part_count != 1)
        return false;
    const struct member *m = t->parts[0].member;
    if (m != NULL) {
        *lo = m->has_minimum ? m->minimum : -1e300;
        *hi = m->has_maximum ? m->maximum : 1e300;
        return true;
    }
    const char *s = t->parts[0].text;
    if (*s == '\0' || strspn(s, "0123456789") != strlen(s) || strlen(s) > 15)
        return false;
    *lo = *hi = (double)strtoll(s, NULL, 10);
    return true;
}

/* The draft: on a 429, Retry-After takes precedence over RateLimit, so it
 * must be sent, and it must not tell the client to come back before the
 * window it reports ends (t). What a catalog fixes is checked: a
 * Retry-After that is earlier than t for every value the members' bounds
 * allow is refused; values only known at run time are the server's. */
static void rl_retry_after(struct checker *c, const struct entry *e, const struct rl_spec *s,
                           struct loc at, bool own)
{
    if (e->status != 429)
        return;
    const struct header *ra = rl_find(e, "Retry-After");
    if (ra == NULL) {
        diag_error(c->d, at,
                   "status 429 with a ratelimit policy but no 'Retry-After' header; the draft "
                   "(draft-ietf-httpapi-ratelimit-headers-11) has Retry-After take precedence "
                   "over RateLimit on a 429, so send it, e.g. Retry-After: \"{retry_after}\"");
        if (!own)
            diag_note(c->d, s->key_node->loc, "the catalog's ratelimit policy is here");
        return;
    }
    const struct rl_value *t = &s->v[RL_RESET];
    double ra_lo, ra_hi, t_lo;
    if (t->node == NULL || !range_of_template(&ra->value, &ra_lo, &ra_hi))
        return;
    if (t->member != NULL) {
        if (ra->value.parts[0].member == t->member)
            return;
        t_lo = t->member->minimum;
    } else {
        t_lo = (double)t->literal;
    }
    if (ra_hi < t_lo) {
        diag_error(c->d, ra->loc,
                   "'Retry-After' is at most %.0f seconds, earlier than the end of the ratelimit "
                   "window (reset, at least %.0f seconds); a client told to come back before "
                   "the quota resets is refused again",
                   ra_hi, t_lo);
        diag_note(c->d, t->node->loc, "the window's end (reset) is given here");
    }
}

/* ---- entry points ----------------------------------------------------------- */

/* The catalog's own `ratelimit:`, read once; the spec is kept for its
 * entries (NULL when absent or broken). */
const void *check_ratelimit_file(struct checker *c, const struct ynode *root)
{
    const struct ynode *n = ynode_get(root, "ratelimit");
    if (n == NULL)
        return NULL;
    struct rl_spec *s = arena_alloc(c->a, sizeof *s);
    return rl_read(c, n, s) ? s : NULL;
}

/* Whether a policy will apply to the entry (its own, or the catalog's
 * when the entry declares every member it names): then the 429 check for
 * Retry-After is this file's, an error, not check_headers' warning. */
bool check_ratelimit_applies(const struct ynode *map, const struct entry *e,
                             const void *file_spec)
{
    const struct ynode *n = ynode_get(map, "ratelimit");
    if (n != NULL)
        return !(ynode_is_scalar(n, YTYPE_BOOL) && !ynode_bool(n));
    const struct rl_spec *s = file_spec;
    for (int f = 0; s != NULL && f < RL_FIELDS; f++)
        if (s->v[f].member_name != NULL && entry_member(e, s->v[f].member_name) == NULL)
            return false;
    return s != NULL;
}

/* A hand-written RateLimit or RateLimit-Policy beside a policy would be
 * sent twice. */
static bool rl_conflict(struct checker *c, const struct entry *e, struct loc at)
{
    bool clash = false;
    for (size_t i = 0; i < e->header_count; i++) {
        const struct header *h = &e->headers[i];
        if (strcasecmp(h->name, "RateLimit") != 0 && strcasecmp(h->name, "RateLimit-Policy") != 0)
            continue;
        diag_error(c->d, h->loc,
                   "header '%s' is written by the ratelimit policy that applies to this error; "
                   "leave one of them out",
                   h->name);
        diag_note(c->d, at, "the ratelimit policy is here");
        clash = true;
    }
    return clash;
}

bool check_ratelimit(struct checker *c, const struct ynode *map, struct entry *e,
                     const void *file_spec)
{
    const struct ynode *n = ynode_get(map, "ratelimit");
    bool off = n != NULL && ynode_is_scalar(n, YTYPE_BOOL) && !ynode_bool(n);
    if (off || (n == NULL && file_spec == NULL))
        return false;
    struct rl_spec own_spec, spec;
    if (n != NULL) {
        if (!rl_read(c, n, &own_spec))
            return true; /* reported; no Retry-After warning on top */
        spec = own_spec;
    } else {
        spec = *(const struct rl_spec *)file_spec;
    }
    if (!rl_bind(c, &spec, e, n != NULL))
        return n != NULL;
    struct loc at = n != NULL ? n->loc : e->loc;
    if (rl_conflict(c, e, spec.key_node->loc))
        return true;
    rl_headers(c, e, &spec);
    rl_retry_after(c, e, &spec, at, n != NULL);
    return true;
}
