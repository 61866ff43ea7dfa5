#include <string.h>
#include <strings.h>

#include <errata/errata.h>

#include "../support/arena.h"
#include "../support/diag.h"
#include "check.h"
#include "rules.h"

/* RFC 9110 makes these headers part of what the status means: a 401 without
 * WWW-Authenticate leaves the client no way to authenticate, and so on. */
static const struct {
    int status;
    const char *header;
    const char *why;
} required_headers[] = {
    { 401, "WWW-Authenticate", "RFC 9110 §15.5.2: a 401 must tell the client how to authenticate" },
    { 405, "Allow", "RFC 9110 §15.5.6: a 405 must list the methods the resource supports" },
    { 407, "Proxy-Authenticate",
      "RFC 9110 §15.5.8: a 407 must tell the client how to authenticate with the proxy" },
};

static const struct header *find_header(const struct entry *e, const char *name)
{
    for (size_t i = 0; i < e->header_count; i++) {
        if (strcasecmp(e->headers[i].name, name) == 0)
            return &e->headers[i];
    }
    return NULL;
}

static void check_required(struct checker *c, const struct ynode *map, struct entry *e)
{
    struct loc at = ynode_get(map, "status")->loc;
    for (size_t i = 0; i < sizeof required_headers / sizeof required_headers[0]; i++) {
        if (e->status == required_headers[i].status && !find_header(e, required_headers[i].header))
            diag_error(c->d, at, "status %d without a '%s' header; %s", e->status,
                       required_headers[i].header, required_headers[i].why);
    }
    /* A rate-limited 429 is check_ratelimit.c's: there it is an error. */
    if ((e->status == 429 || e->status == 503) && !find_header(e, "Retry-After") &&
        !(e->status == 429 && c->entry_rate_limited))
        check_warning(c, at, WARN_RETRY_AFTER_MISSING,
                     "status %d without a 'Retry-After' header; clients cannot tell when to "
                     "try again and will retry at once",
                     e->status);
}

/* Headers the runtime or the HTTP layer writes itself: a catalog copy would
 * be sent twice, contradict the body, or break the connection. */
static const struct {
    const char *name;
    const char *why;
} owned_headers[] = {
    { "Content-Type", "errata sends application/problem+json (or application/json) itself" },
    { "Content-Length", "the HTTP layer computes it from the body; a wrong one breaks the "
                        "connection" },
    { "Content-Encoding", "errata sends the body as it is written, never encoded" },
    { "Transfer-Encoding", "it is hop-by-hop framing (RFC 9110 §7.6.1), the HTTP layer's" },
    { "Cache-Control", "set the entry's 'cache_control' key instead" },
    { "Vary", "errata-mhd sends 'Vary: Accept' itself, since the body follows Accept" },
    { "X-Request-Id", "errata-mhd sends the request's trace id in it" },
    { "Set-Cookie", "an error answer must not change the client's state" },
    { "Date", "the HTTP layer stamps every response" },
    { "Connection", "it is hop-by-hop (RFC 9110 §7.6.1), the HTTP layer's" },
    { "Keep-Alive", "it is hop-by-hop (RFC 9110 §7.6.1), the HTTP layer's" },
    { "Proxy-Connection", "it is hop-by-hop (RFC 9110 §7.6.1), the HTTP layer's" },
    { "TE", "it is hop-by-hop (RFC 9110 §7.6.1), the HTTP layer's" },
    { "Trailer", "it announces chunked trailers, which an error body never has" },
    { "Upgrade", "it is hop-by-hop (RFC 9110 §7.6.1); only a 426 may name the protocols to "
                 "switch to" },
};

/* What errata_header_value_valid demands of the fields it knows, for
 * messages. */
static const char *grammar_of(const char *name)
{
    if (strcasecmp(name, "Retry-After") == 0)
        return "delay-seconds (digits) or an HTTP-date such as 'Sun, 06 Nov 1994 08:49:37 GMT' "
               "(RFC 9110 §10.2.3)";
    if (strcasecmp(name, "WWW-Authenticate") == 0 || strcasecmp(name, "Proxy-Authenticate") == 0)
        return "a challenge: an auth-scheme token such as 'Bearer', then a space and its "
               "parameters (RFC 9110 §11.6.1)";
    if (strcasecmp(name, "Allow") == 0)
        return "a comma-separated list of method tokens such as 'GET, HEAD' (RFC 9110 §10.2.1)";
    if (strcasecmp(name, "RateLimit-Policy") == 0)
        return "an RFC 9651 List of policy names as Strings, each with a non-negative Integer "
               "'q' such as '\"default\";q=100;w=60' (draft-ietf-httpapi-ratelimit-headers-11)";
    if (strcasecmp(name, "RateLimit") == 0)
        return "an RFC 9651 List of policy names as Strings, each with a non-negative Integer "
               "'r' such as '\"default\";r=0;t=30' (draft-ietf-httpapi-ratelimit-headers-11)";
    return "visible characters and spaces only (RFC 9110 §5.5)";
}

static bool is_owned(struct checker *c, const struct ynode *key, const struct entry *e)
{
    const char *name = key->u.scalar.text;
    for (size_t i = 0; i < sizeof owned_headers / sizeof owned_headers[0]; i++) {
        if (strcasecmp(name, owned_headers[i].name) != 0)
            continue;
        if (strcasecmp(name, "Upgrade") == 0 && e->status == 426)
            return false; /* RFC 9110 §15.5.22: a 426 must send it */
        diag_error(c->d, key->loc, "header '%s' is one errata or the HTTP layer owns: %s", name,
                   owned_headers[i].why);
        return true;
    }
    return false;
}

/* The headers a status requires, and Retry-After where the entry's status
 * (429, 503) makes clients wait for it: such a header must go out on every
 * answer, so its value may not depend on what can be missing. */
static bool status_needs(const struct entry *e, const char *name)
{
    for (size_t i = 0; i < sizeof required_headers / sizeof required_headers[0]; i++)
        if (e->status == required_headers[i].status &&
            strcasecmp(name, required_headers[i].header) == 0)
            return true;
    return (e->status == 429 || e->status == 503) && strcasecmp(name, "Retry-After") == 0;
}

/* Bytes a member's text can take in a header value at most: strings are
 * counted at 4 bytes a character (UTF-8; a quoted-pair takes 2). */
static bool member_max_bytes(const struct member *m, uint64_t *out)
{
    switch (m->type) {
    case MEMBER_STRING:
        if (!m->has_max_length)
            return false;
        *out = m->max_length > UINT64_MAX / 4 ? UINT64_MAX : m->max_length * 4;
        return true;
    case MEMBER_INTEGER: *out = 20; return true;   /* -9223372036854775808 */
    case MEMBER_NUMBER: *out = 24; return true;    /* %.17g with sign and exponent */
    case MEMBER_BOOLEAN: *out = 5; return true;    /* false */
    default: return false;
    }
}

/* Item 3 of the contract: the value is never longer than the runtime's
 * header room, whatever values are thrown. */
static void check_expansion(struct checker *c, const struct ynode *value, const char *name,
                            const struct text_template *t)
{
    uint64_t total = 0;
    for (size_t i = 0; i < t->part_count; i++) {
        const struct member *m = t->parts[i].member;
        uint64_t n;
        if (m == NULL) {
            n = strlen(t->parts[i].text);
        } else if (!member_max_bytes(m, &n)) {
            diag_error(c->d, value->loc,
                       "header '%s' places the string member '%s', which has no 'max_length'; "
                       "a header is never sent cut, so give '%s' a max_length (at most %d "
                       "characters fit the header's %d bytes)",
                       name, m->name, m->name, ERRATA_HEADER_VALUE_MAX / 4,
                       ERRATA_HEADER_VALUE_MAX);
            diag_note(c->d, m->loc, "'%s' is declared here", m->name);
            return;
        }
        total = total + n < total ? UINT64_MAX : total + n;
    }
    if (total > ERRATA_HEADER_VALUE_MAX)
        diag_error(c->d, value->loc,
                   "header '%s' can expand to %llu bytes, more than the %d a header value may "
                   "take (ERRATA_HEADER_VALUE_MAX; strings count 4 bytes a character); lower "
                   "the max_length of its members",
                   name, (unsigned long long)total, ERRATA_HEADER_VALUE_MAX);
}

/* The value's grammar, as far as the catalog fixes it. */
static void check_grammar(struct checker *c, const struct ynode *value, const struct header *h,
                          bool fallback_asked)
{
    const struct text_template *t = &h->value;
    bool literal = true;
    for (size_t i = 0; i < t->part_count; i++)
        literal = literal && t->parts[i].member == NULL;
    if (literal) {
        const char *text = t->part_count > 0 ? t->parts[0].text : "";
        if (!errata_header_value_valid(h->name, text))
            diag_error(c->d, value->loc, "header '%s' has the value '%s'; it must be %s", h->name,
                       text, grammar_of(h->name));
        return;
    }
    if (strcasecmp(h->name, "RateLimit") == 0 || strcasecmp(h->name, "RateLimit-Policy") == 0) {
        /* Only the ratelimit key bounds what its placeholders render. */
        diag_error(c->d, value->loc,
                   "header '%s' places members; write the policy with the 'ratelimit:' key "
                   "instead, which checks that every value it renders is %s",
                   h->name, grammar_of(h->name));
        return;
    }
    if (strcasecmp(h->name, "Retry-After") == 0) {
        const struct member *m = t->part_count == 1 ? t->parts[0].member : NULL;
        if (m == NULL) {
            diag_error(c->d, value->loc,
                       "header 'Retry-After' must be a literal or a single placeholder such as "
                       "'{retry_after}'; it is %s",
                       grammar_of(h->name));
        } else if (m->type != MEMBER_INTEGER || !m->has_minimum || m->minimum < 0) {
            diag_error(c->d, value->loc,
                       "header 'Retry-After' places '%s', which must be an integer member with "
                       "'minimum: 0': delay-seconds are whole and never negative (a number "
                       "would send 1.5, a negative -1)",
                       m->name);
            diag_note(c->d, m->loc, "'%s' is declared here", m->name);
        }
        return;
    }
    bool challenge = strcasecmp(h->name, "WWW-Authenticate") == 0 ||
                     strcasecmp(h->name, "Proxy-Authenticate") == 0;
    if (challenge) {
        /* The scheme is the written text before the first space. */
        const char *first = t->parts[0].text;
        const char *space = first ? strchr(first, ' ') : NULL;
        bool scheme = space != NULL && space > first &&
                      rules_is_token(arena_strndup(c->a, first, (size_t)(space - first)));
        if (!scheme && h->fallback == NULL && !fallback_asked)
            diag_error(c->d, value->loc,
                       "header '%s' must start with its auth-scheme as written text ('Bearer "
                       "realm=...'); a value that starts with a member can only be checked "
                       "when sent, so give it a fallback: { value: '%s', fallback: 'Bearer "
                       "realm=\"api\"' }",
                       h->name, t->source);
        return;
    }
    if (strcasecmp(h->name, "Allow") == 0) {
        /* Every member stands for one method: the literal text around them
         * must join methods into a list. */
        char probe[ERRATA_HEADER_VALUE_MAX + 1];
        size_t len = 0;
        for (size_t i = 0; i < t->part_count; i++) {
            const char *piece = t->parts[i].member ? "GET" : t->parts[i].text;
            size_t n = strlen(piece);
            if (len + n >= sizeof probe)
                return; /* too long: check_expansion says so */
            memcpy(probe + len, piece, n);
            len += n;
        }
        probe[len] = '\0';
        if (!errata_header_value_valid("Allow", probe))
            diag_error(c->d, value->loc, "header 'Allow' has the template '%s'; it must be %s",
                       t->source, grammar_of("Allow"));
    }
}

/* A header that must go out (status_needs) may not vanish at run time: a
 * member that is optional, or a string that may turn out unusable (NULL,
 * CR or LF, outside the grammar), needs a fallback to send instead. */
static bool check_unconditional(struct checker *c, const struct ynode *value,
                                const struct header *h, const struct entry *e)
{
    if (!status_needs(e, h->name) || h->fallback != NULL)
        return false;
    for (size_t i = 0; i < h->value.part_count; i++) {
        const struct member *m = h->value.parts[i].member;
        if (m == NULL || (m->required && m->type != MEMBER_STRING))
            continue;
        diag_error(c->d, value->loc,
                   "header '%s' must go out on every %d, but it places the %s member '%s', "
                   "which %s; give the header a fallback to send then: { value: '%s', "
                   "fallback: ... }",
                   h->name, e->status, m->required ? "string" : "optional", m->name,
                   m->required ? "may hold a value no header can carry (NULL, CR, LF)"
                               : "may be absent",
                   h->value.source);
        return true;
    }
    return false;
}

static const char *const header_value_keys[] = { "value", "fallback", NULL };

/* A fallback is sent exactly as written: a placeholder in it is a mistake. */
static const char *check_fallback(struct checker *c, const struct ynode *n, const char *name)
{
    const char *text = check_string(c, n, "fallback");
    if (text == NULL)
        return NULL;
    const char *open = strchr(text, '{');
    if (open != NULL && strchr(open, '}') != NULL) {
        diag_error(c->d, n->loc,
                   "the fallback of header '%s' holds a placeholder; a fallback is sent as "
                   "written, when the members cannot be",
                   name);
        return NULL;
    }
    if (!errata_header_value_valid(name, text)) {
        diag_error(c->d, n->loc, "the fallback of header '%s' is '%s'; it must be %s", name,
                   text, grammar_of(name));
        return NULL;
    }
    return text;
}

static void check_one(struct checker *c, const struct ypair *p, struct entry *e)
{
    const struct ynode *key = p->key;
    const char *name = key->u.scalar.text;
    if (!rules_is_token(name)) {
        diag_error(c->d, key->loc,
                   "header name '%s' is not an HTTP token (RFC 9110 §5.6.2: letters, digits "
                   "and !#$%%&'*+-.^_`|~)",
                   name);
        return;
    }
    const struct header *first = find_header(e, name);
    if (first != NULL) {
        diag_error(c->d, key->loc, "header '%s' is given twice (header names ignore case)", name);
        diag_note(c->d, first->loc, "'%s' first given here", first->name);
        return;
    }
    bool owned = is_owned(c, key, e);
    struct header *h = &e->headers[e->header_count];
    h->name = name;
    h->loc = key->loc;
    /* Counted even when its value is broken, so no "missing header" follows. */
    e->header_count++;
    if (owned)
        return;
    const struct ynode *value = p->value;
    if (value->kind == YNODE_MAPPING) {
        check_known_keys(c, value, header_value_keys, "a header value");
        const struct ynode *fb = ynode_get(value, "fallback");
        value = ynode_get(p->value, "value");
        if (value == NULL) {
            diag_error(c->d, p->value->loc,
                       "header '%s' is a mapping without 'value'; write { value: TEMPLATE, "
                       "fallback: TEXT }",
                       name);
            return;
        }
        if (fb != NULL && (h->fallback = check_fallback(c, fb, name)) == NULL)
            return;
    }
    if (!check_template(c, value, "header value", e, &h->value))
        return;
    check_expansion(c, value, name, &h->value);
    bool fallback_asked = check_unconditional(c, value, h, e);
    check_grammar(c, value, h, fallback_asked);
}

void check_headers(struct checker *c, const struct ynode *map, struct entry *e,
                   bool headers_misspelt)
{
    const struct ynode *n = ynode_get(map, "headers");
    bool usable = true;
    if (n != NULL && !ynode_is_scalar(n, YTYPE_NULL)) {
        usable = check_mapping(c, n, "headers");
        if (usable) {
            e->headers = arena_alloc_array(c->a, n->u.map.count, sizeof *e->headers);
            for (size_t i = 0; i < n->u.map.count; i++)
                check_one(c, &n->u.map.pairs[i], e);
        }
    }
    /* Headers already reported as unusable are not reported missing too. */
    if (e->status != 0 && usable && !(n == NULL && headers_misspelt))
        check_required(c, map, e);
}

/* Standard fields whose value is data, not prose: a translation would
 * break what clients parse. The grammar registry's own names
 * (errata_header_value_valid) are refused besides these. */
static const char *const structured_fields[] = {
    "Retry-After", "RateLimit", "RateLimit-Policy", "WWW-Authenticate", "Proxy-Authenticate",
    "Allow", "Location", "Content-Location", "ETag", "Link", "Expires", "Last-Modified", "Age",
    "Upgrade", "Sunset", "Deprecation", "Accept", "Accept-Patch", "Accept-Post",
    "Accept-Ranges", "Accept-Encoding", "Accept-Language", "Content-Language", "Content-Range",
    "Content-Disposition", "Alt-Svc", "Server", "Warning", "Access-Control-Allow-Origin",
    "Access-Control-Allow-Methods", "Access-Control-Allow-Headers", "Access-Control-Max-Age",
    "Access-Control-Expose-Headers", "Access-Control-Allow-Credentials", "Strict-Transport-Security",
    NULL,
};

bool check_translated_header(struct checker *c, const struct ypair *p, const struct entry *e,
                             struct text_template *out)
{
    const char *name = p->key->u.scalar.text;
    const struct header *h = find_header(e, name);
    if (h == NULL) {
        const char **names = arena_alloc_array(c->a, e->header_count + 1, sizeof *names);
        for (size_t i = 0; i < e->header_count; i++)
            names[i] = e->headers[i].name;
        const char *hint = rules_suggest(name, names);
        if (hint != NULL)
            diag_error(c->d, p->key->loc,
                       "%s has no header '%s' in the catalog; did you mean '%s'?", e->code, name,
                       hint);
        else
            diag_error(c->d, p->key->loc,
                       "%s has no header '%s' in the catalog, so there is none to translate",
                       e->code, name);
        return false;
    }
    for (size_t i = 0; structured_fields[i] != NULL; i++) {
        if (strcasecmp(name, structured_fields[i]) != 0)
            continue;
        diag_error(c->d, p->key->loc,
                   "header '%s' is structured data, not prose, and is never translated; only "
                   "free-text headers (such as X-Error-Hint) are",
                   h->name);
        return false;
    }
    struct header *copy = arena_alloc_array(c->a, 1, sizeof *copy);
    *copy = *h;
    if (!check_template(c, p->value, "header value", e, &copy->value))
        return false;
    check_expansion(c, p->value, h->name, &copy->value);
    check_grammar(c, p->value, copy, true);
    *out = copy->value;
    return true;
}
