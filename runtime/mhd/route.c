/* Routing: which route answers a request, and, when none does, whether
 * the path exists for other methods (405, with an Allow computed from the
 * same table, so that it never lists a method the server would refuse). */
#include "mhd_internal.h"

#include <string.h>

static bool errata_mhd_name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_';
}

/* One "{name}" at p (p[0] == '{'), whole segment; its length, 0 when
 * malformed. */
static size_t errata_mhd_param_check(const char *p)
{
    size_t n = 1;
    while (errata_mhd_name_char(p[n]))
        n++;
    if (n == 1 || p[n] != '}' || (p[n + 1] != '/' && p[n + 1] != '\0'))
        return 0;
    return n + 1;
}

const char *errata_mhd_route_check(const errata_mhd_route_t *route)
{
    const char *p = route->pattern;
    size_t params = 0;
    if (!errata_mhd_token_ok(route->method))
        return "a route's method is not an HTTP token";
    if (route->handler == NULL)
        return "a route has no handler";
    if (p == NULL || p[0] != '/')
        return "a route's pattern does not start with '/'";
    for (; *p != '\0'; p++) {
        if (*p == '*') {
            if (p[-1] != '/' || p[1] != '\0')
                return "'*' in a route's pattern is not its whole last segment";
            params++;
        } else if (*p == '{') {
            size_t n = p[-1] == '/' ? errata_mhd_param_check(p) : 0;
            if (n == 0)
                return "a route's pattern has a '{name}' that is not a whole segment";
            p += n - 1;
            params++;
        } else if (*p == '}' || *p == '?' || *p == '#') {
            return "a route's pattern has a stray '}', '?' or '#'";
        }
    }
    return params > ERRATA_MHD_MAX_PARAMS ? "a route's pattern has too many parameters" : NULL;
}

/* Where captures go: counted (and room checked) even when only matching,
 * so that a path matches the same routes whether it is captured or not. */
typedef struct errata_mhd_capture {
    errata_mhd_request_t *req; /* NULL: match only */
    size_t count;
    size_t used;
} errata_mhd_capture_t;

static bool errata_mhd_capture(errata_mhd_capture_t *c, const char *name, size_t name_len,
                               const char *value, size_t len)
{
    if (c->count >= ERRATA_MHD_MAX_PARAMS || len + 1 > ERRATA_MHD_PARAM_SPACE - c->used)
        return false;
    if (c->req != NULL) {
        char *at = c->req->param_space + c->used;
        memcpy(at, value, len);
        at[len] = '\0';
        c->req->param_names[c->count] = name;
        c->req->param_name_lens[c->count] = name_len;
        c->req->param_values[c->count] = at;
        c->req->param_count = c->count + 1;
    }
    c->count++;
    c->used += len + 1;
    return true;
}

/* The pattern was checked at creation: '{' starts a whole "{name}"
 * segment, '*' is the whole last one. */
static bool errata_mhd_match(const char *p, const char *u, errata_mhd_capture_t *c)
{
    while (*p != '\0') {
        if (p[0] == '*' && p[1] == '\0')
            return errata_mhd_capture(c, p, 1, u, strlen(u));
        if (*p == '{') {
            const char *close = strchr(p, '}');
            size_t n = strcspn(u, "/");
            if (n == 0 || !errata_mhd_capture(c, p + 1, (size_t)(close - p - 1), u, n))
                return false;
            p = close + 1;
            u += n;
            continue;
        }
        if (*p != *u)
            return false;
        p++;
        u++;
    }
    return *u == '\0';
}

static bool errata_mhd_path_matches(const errata_mhd_route_t *r, const char *path)
{
    errata_mhd_capture_t c = { NULL, 0, 0 };
    return errata_mhd_match(r->pattern, path, &c);
}

static const errata_mhd_route_t *errata_mhd_first(const errata_mhd_server_t *server,
                                                  const char *method, const char *path)
{
    for (size_t i = 0; i < server->config.route_count; i++) {
        const errata_mhd_route_t *r = &server->config.routes[i];
        if (strcmp(r->method, method) == 0 && errata_mhd_path_matches(r, path))
            return r;
    }
    return NULL;
}

const errata_mhd_route_t *errata_mhd_route_find(const errata_mhd_server_t *server,
                                                errata_mhd_request_t *req,
                                                errata_mhd_route_outcome_t *outcome)
{
    const errata_mhd_route_t *r = errata_mhd_first(server, req->method, req->path);
    /* HEAD is GET without the body (MHD leaves the body out). */
    if (r == NULL && strcmp(req->method, "HEAD") == 0)
        r = errata_mhd_first(server, "GET", req->path);
    if (r != NULL) {
        errata_mhd_capture_t c = { req, 0, 0 };
        req->param_count = 0;
        errata_mhd_match(r->pattern, req->path, &c);
        *outcome = ERRATA_MHD_ROUTE_FOUND;
        return r;
    }
    *outcome = ERRATA_MHD_ROUTE_NO_PATH;
    for (size_t i = 0; i < server->config.route_count; i++)
        if (errata_mhd_path_matches(&server->config.routes[i], req->path))
            *outcome = ERRATA_MHD_ROUTE_NO_METHOD;
    return NULL;
}

/* Whether method is already in the list being built in buf. */
static bool errata_mhd_listed(const char *buf, size_t len, size_t cap, const char *method)
{
    size_t n = strlen(method);
    const char *s = buf, *end = buf + (len < cap ? len : (cap > 0 ? cap - 1 : 0));
    while (s < end) {
        const char *comma = memchr(s, ',', (size_t)(end - s));
        const char *stop = comma != NULL ? comma : end;
        if ((size_t)(stop - s) == n && memcmp(s, method, n) == 0)
            return true;
        s = comma != NULL ? comma + 2 : end;
    }
    return false;
}

static size_t errata_mhd_list_add(char *buf, size_t len, size_t cap, const char *method)
{
    if (errata_mhd_listed(buf, len, cap, method))
        return len;
    size_t n = strlen(method), sep = len > 0 ? 2 : 0;
    if (len + sep + n < cap) {
        memcpy(buf + len, ", ", sep);
        memcpy(buf + len + sep, method, n + 1);
    }
    return len + sep + n;
}

size_t errata_mhd_route_allow(const errata_mhd_server_t *server, const char *path, char *buf,
                              size_t cap)
{
    size_t len = 0;
    if (cap > 0)
        buf[0] = '\0';
    for (size_t i = 0; i < server->config.route_count; i++) {
        const errata_mhd_route_t *r = &server->config.routes[i];
        if (!errata_mhd_path_matches(r, path))
            continue;
        len = errata_mhd_list_add(buf, len, cap, r->method);
        if (strcmp(r->method, "GET") == 0)
            len = errata_mhd_list_add(buf, len, cap, "HEAD");
    }
    return len;
}
