#include <string.h>
#include <strings.h>

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
    if ((e->status == 429 || e->status == 503) && !find_header(e, "Retry-After"))
        diag_warning(c->d, at,
                     "status %d without a 'Retry-After' header; clients cannot tell when to "
                     "try again and will retry at once",
                     e->status);
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
    struct header *h = &e->headers[e->header_count];
    h->name = name;
    h->loc = key->loc;
    /* Counted even when its value is broken, so no "missing header" follows. */
    check_template(c, p->value, "header value", e, &h->value);
    e->header_count++;
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
