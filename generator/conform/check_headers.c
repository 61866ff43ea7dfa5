#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <errata/errata.h>

#include "../model/model.h"
#include "../model/value.h"
#include "../support/arena.h"
#include "../support/strbuf.h"
#include "check.h"
#include "http.h"

/* The member a header is made of when its template is exactly one
 * placeholder ("{retry_after}"); NULL otherwise. */
static const struct member *sole_member(const struct header *h)
{
    const struct text_template *t = &h->value;
    return t->part_count == 1 && t->parts[0].text == NULL ? t->parts[0].member : NULL;
}

/* Whether the runtime always sends the header: it has a fallback, or every
 * member its value names is required (an optional member's absence is how
 * a catalog makes a header optional). */
static bool always_sent(const struct header *h)
{
    if (h->fallback != NULL)
        return true;
    for (size_t i = 0; i < h->value.part_count; i++) {
        const struct member *m = h->value.parts[i].member;
        if (m != NULL && !m->required)
            return false;
    }
    return true;
}

/* Each method the Allow lists must then be accepted: a follow-up request
 * with that method, none of the case's headers and no body, must not be
 * answered 405. */
static void check_allow(struct conform_checker *k, const struct conform_case *c,
                        const char *allow, struct conform_result *r)
{
    const char *p = allow;
    while (*p) {
        p += strspn(p, " \t,");
        size_t n = strcspn(p, " \t,");
        if (n == 0)
            break;
        struct conform_request follow = { arena_strndup(k->a, p, n), c->req.path, { 0 }, 0, 0 };
        p += n;
        if (strcmp(follow.method, "CONNECT") == 0)
            continue; /* not a request on a resource */
        struct conform_response resp;
        conform_http_send(k->http, k->a, &follow, &resp);
        if (!resp.received)
            conform_report(k->a, r, "allow", "Allow lists %s, but a %s %s was not answered: %s",
                           follow.method, follow.method, follow.path, resp.error);
        else if (resp.status == 405)
            conform_report(k->a, r, "allow", "Allow lists %s, but %s %s is answered 405",
                           follow.method, follow.method, follow.path);
    }
}

/* Cache-Control as a sorted list of its directives, lower case, without
 * spaces, so that two values compare as sets of directives. */
static int compare_text(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static const char *directives(struct arena *a, const char *s)
{
    size_t n = 1;
    for (const char *p = s; *p; p++)
        n += *p == ',';
    const char **list = arena_alloc_array(a, n, sizeof *list);
    size_t count = 0, len = strlen(s);
    char *copy = arena_strndup(a, s, len), *o = copy;
    list[count++] = copy;
    for (const char *p = s; *p; p++) {
        if (*p == ',') {
            *o++ = '\0';
            list[count++] = o;
        } else if (*p != ' ' && *p != '\t') {
            *o++ = (char)tolower((unsigned char)*p);
        }
    }
    *o = '\0';
    qsort(list, count, sizeof *list, compare_text);
    struct strbuf out = STRBUF_INIT;
    for (size_t i = 0; i < count; i++) {
        if (list[i][0] != '\0')
            strbuf_addf(&out, "%s,", list[i]);
    }
    const char *result = arena_strndup(a, out.data ? out.data : "", out.len);
    strbuf_release(&out);
    return result;
}

static void check_one(struct conform_checker *k, const struct conform_case *c,
                      const struct header *h, const struct value *body,
                      struct conform_result *r)
{
    const char *got = conform_header_get(&c->resp.headers, h->name);
    if (got == NULL) {
        if (always_sent(h))
            conform_report(k->a, r, "header-missing", "header %s is missing (the catalog "
                           "declares '%s: %s')", h->name, h->name, h->value.source);
        return;
    }
    if (!errata_header_value_valid(h->name, got)) {
        conform_report(k->a, r, "header-malformed", "header '%s: %s' is not a valid %s",
                       h->name, got, h->name);
        return;
    }
    const struct member *m = sole_member(h);
    const struct value *v = m && body ? value_map_get(body, m->name, strlen(m->name)) : NULL;
    const char *want = v ? conform_scalar_text(k->a, v) : NULL;
    if (want != NULL && strcmp(want, got) != 0 &&
        !(h->fallback != NULL && strcmp(h->fallback, got) == 0))
        conform_report(k->a, r, "header-mismatch",
                       "header '%s: %s' does not match member '%s' (%s)", h->name, got,
                       m->name, want);
    if (k->http != NULL && strcasecmp(h->name, "Allow") == 0)
        check_allow(k, c, got, r);
}

void conform_check_headers(struct conform_checker *k, const struct conform_case *c,
                           const struct entry *e, const struct value *body,
                           struct conform_result *r)
{
    for (size_t i = 0; i < e->header_count; i++)
        check_one(k, c, &e->headers[i], body, r);
    const char *cc = conform_header_get(&c->resp.headers, "Cache-Control");
    if (cc == NULL)
        conform_report(k->a, r, "cache-control", "Cache-Control is missing; the catalog "
                       "declares '%s'", e->cache_control);
    else if (strcmp(directives(k->a, cc), directives(k->a, e->cache_control)) != 0)
        conform_report(k->a, r, "cache-control", "Cache-Control is '%s'; the catalog "
                       "declares '%s'", cc, e->cache_control);
}
