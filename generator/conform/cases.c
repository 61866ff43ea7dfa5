/* Case files: YAML, read through the catalog's own located tree, so a
 * malformed case is reported FILE:LINE:COL like a catalog error. */
#include <stdint.h>
#include <string.h>

#include "../catalog/catalog.h"
#include "../catalog/check.h"
#include "../catalog/limits.h"
#include "../catalog/rules.h"
#include "../catalog/yaml_tree.h"
#include "../model/json_write.h"
#include "../model/model.h"
#include "../model/value_yaml.h"
#include "../support/arena.h"
#include "../support/diag.h"
#include "../support/strbuf.h"
#include "conform.h"

static const char *const file_keys[] = { "conform", "cases", NULL };
static const char *const case_keys[] = { "name", "method", "path", "headers", "body",
                                         "expect", "status", "body_size", NULL };

/* The largest body_size: room to probe any sane request limit. */
#define BODY_SIZE_MAX (64 * 1024 * 1024)

struct reader {
    struct arena *a;
    struct diag *d;
    const struct model *m;
    const char **codes; /* every code, for "did you mean" */
};

/* Unknown keys, with "did you mean" or the list of known ones: the
 * catalog checker's own report, through a checker that has only the sink. */
static void known_keys(struct reader *r, const struct ynode *map, const char *const *known,
                       const char *where)
{
    struct checker c = { .a = r->a, .d = r->d };
    check_known_keys(&c, map, known, where);
}

/* Whether an unknown key of map is a misspelling of key (reported as such
 * by known_keys): then key is not reported missing too. */
static bool misspelt(const struct ynode *map, const char *key, const char *const *known)
{
    for (size_t i = 0; i < map->u.map.count; i++) {
        const struct ynode *k = map->u.map.pairs[i].key;
        const char *hint = k->kind == YNODE_SCALAR && strcmp(k->u.scalar.text, key) != 0
                               ? rules_suggest(k->u.scalar.text, known)
                               : NULL;
        if (hint != NULL && strcmp(hint, key) == 0)
            return true;
    }
    return false;
}

static const char *string_of(struct reader *r, const struct ynode *n, const char *what)
{
    if (n->kind != YNODE_SCALAR || n->u.scalar.type == YTYPE_NULL) {
        diag_error(r->d, n->loc, "%s must be a string, not %s", what, ynode_describe(n));
        return NULL;
    }
    if (strlen(n->u.scalar.text) != n->u.scalar.len) {
        diag_error(r->d, n->loc, "%s holds a NUL byte", what);
        return NULL;
    }
    return n->u.scalar.text;
}

static bool has_control(const char *s)
{
    for (; *s; s++) {
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            return true;
    }
    return false;
}

static const char *read_path(struct reader *r, const struct ynode *n)
{
    const char *p = string_of(r, n, "path");
    if (p == NULL)
        return NULL;
    /* Only paths under --url: an absolute URL or "//host" would leave it. */
    if (p[0] != '/' || p[1] == '/') {
        diag_error(r->d, n->loc, "path '%s' must start with a single '/': cases only reach "
                   "paths under --url", p);
        return NULL;
    }
    if (has_control(p) || strchr(p, ' ') || strchr(p, '#')) {
        diag_error(r->d, n->loc, "path must not hold spaces, control characters or '#'");
        return NULL;
    }
    return p;
}

static void read_headers(struct reader *r, const struct ynode *n, struct conform_headers *out)
{
    if (n->kind != YNODE_MAPPING) {
        diag_error(r->d, n->loc, "headers must be a mapping of names to values, not %s",
                   ynode_describe(n));
        return;
    }
    for (size_t i = 0; i < n->u.map.count; i++) {
        const struct ypair *p = &n->u.map.pairs[i];
        const char *name = string_of(r, p->key, "a header name");
        const char *value = string_of(r, p->value, "a header value");
        if (name != NULL && !rules_is_token(name)) {
            diag_error(r->d, p->key->loc, "header name '%s' is not an RFC 9110 token", name);
            name = NULL;
        }
        if (value != NULL && has_control(value)) {
            diag_error(r->d, p->value->loc, "header value holds a control character");
            value = NULL;
        }
        if (name != NULL && value != NULL)
            conform_header_add(r->a, out, name, value);
    }
}

/* A string is sent as written; a mapping or a sequence as JSON. */
static void read_body(struct reader *r, const struct ynode *n, struct conform_request *req)
{
    if (n->kind == YNODE_SCALAR && n->u.scalar.type != YTYPE_NULL) {
        req->body = n->u.scalar.text;
        req->body_len = n->u.scalar.len;
        return;
    }
    if (n->kind == YNODE_SCALAR) {
        diag_error(r->d, n->loc, "body must be a string, a mapping or a sequence, not null");
        return;
    }
    struct strbuf json = STRBUF_INIT;
    json_write_compact(&json, value_from_ynode(r->a, n));
    req->body = arena_strndup(r->a, json.data, json.len);
    req->body_len = json.len;
    strbuf_release(&json);
    if (conform_header_get(&req->headers, "Content-Type") == NULL)
        conform_header_add(r->a, &req->headers, "Content-Type", "application/json");
}

/* body_size: N bytes of 'x', to probe the server's request size limit. */
static void read_body_size(struct reader *r, const struct ynode *n, struct conform_request *req)
{
    int64_t v;
    if (req->body != NULL) {
        diag_error(r->d, n->loc, "give either body or body_size, not both");
        return;
    }
    if (!ynode_is_scalar(n, YTYPE_INT) || !ynode_int(n, &v) || v < 1 || v > BODY_SIZE_MAX) {
        diag_error(r->d, n->loc, "body_size must be a byte count (1-%d)", BODY_SIZE_MAX);
        return;
    }
    char *body = arena_alloc(r->a, (size_t)v + 1);
    memset(body, 'x', (size_t)v);
    body[v] = '\0';
    req->body = body;
    req->body_len = (size_t)v;
}

static bool read_expect(struct reader *r, const struct ynode *n, struct conform_case *c)
{
    const char *what = string_of(r, n, "expect");
    if (what == NULL)
        return false;
    if (strcmp(what, "success") == 0) {
        c->expect = EXPECT_SUCCESS;
        return true;
    }
    c->expect = EXPECT_ENTRY;
    c->entry = conform_entry(r->m, what);
    if (c->entry != NULL)
        return true;
    const char *hint = rules_suggest(what, r->codes);
    if (hint)
        diag_error(r->d, n->loc, "expect: '%s' is no code of catalog '%s'; did you mean '%s'?",
                   what, r->m->main->name, hint);
    else
        diag_error(r->d, n->loc, "expect: '%s' is neither 'success' nor a code of catalog '%s'",
                   what, r->m->main->name);
    return false;
}

static bool read_status(struct reader *r, const struct ynode *n, struct conform_case *c)
{
    int64_t v;
    if (c->expect != EXPECT_SUCCESS) {
        diag_error(r->d, n->loc, "status is given only with 'expect: success': an error's "
                   "status is its catalog entry's");
        return false;
    }
    if (!ynode_is_scalar(n, YTYPE_INT) || !ynode_int(n, &v) || v < 200 || v > 299) {
        diag_error(r->d, n->loc, "status must be a success status (200-299)");
        return false;
    }
    c->success_status = (long)v;
    return true;
}

static void read_case(struct reader *r, const struct ynode *n, struct conform_cases *out)
{
    if (n->kind != YNODE_MAPPING) {
        diag_error(r->d, n->loc, "a case must be a mapping, not %s", ynode_describe(n));
        return;
    }
    unsigned before = r->d->errors;
    known_keys(r, n, case_keys, "a case");
    struct conform_case c = { .loc = n->loc };
    c.req.method = "GET";
    const struct ynode *v;
    if ((v = ynode_get(n, "method")) != NULL && (c.req.method = string_of(r, v, "method")) &&
        !rules_is_token(c.req.method))
        diag_error(r->d, v->loc, "method '%s' is not an RFC 9110 token", c.req.method);
    if ((v = ynode_get(n, "path")) != NULL)
        c.req.path = read_path(r, v);
    else if (!misspelt(n, "path", case_keys))
        diag_error(r->d, n->loc, "a case needs a path");
    if ((v = ynode_get(n, "headers")) != NULL)
        read_headers(r, v, &c.req.headers);
    if ((v = ynode_get(n, "body")) != NULL)
        read_body(r, v, &c.req);
    if ((v = ynode_get(n, "body_size")) != NULL)
        read_body_size(r, v, &c.req);
    if ((v = ynode_get(n, "expect")) != NULL)
        read_expect(r, v, &c);
    else if (!misspelt(n, "expect", case_keys))
        diag_error(r->d, n->loc, "a case needs 'expect': a code of the catalog, or 'success'");
    if ((v = ynode_get(n, "status")) != NULL && r->d->errors == before)
        read_status(r, v, &c);
    if ((v = ynode_get(n, "name")) != NULL)
        c.name = string_of(r, v, "name");
    if (r->d->errors != before)
        return;
    c.name = c.name ? conform_printable(r->a, c.name)
                    : arena_printf(r->a, "%s %s", c.req.method, c.req.path);
    out->items = arena_grow(r->a, out->items, &out->cap, out->count + 1, sizeof *out->items);
    out->items[out->count++] = c;
}

void conform_cases_load(struct arena *a, struct diag *d, const struct model *m,
                        const struct source *src, struct conform_cases *out)
{
    struct catalog_limits limits = CATALOG_DEFAULT_LIMITS;
    struct ynode *root = yaml_tree_parse(a, d, src, &limits);
    if (root == NULL)
        return;
    struct reader r = { a, d, m, arena_alloc_array(a, m->entry_count + 1, sizeof(char *)) };
    for (size_t i = 0; i < m->entry_count; i++)
        r.codes[i] = m->entries[i].code;
    r.codes[m->entry_count] = NULL;
    if (root->kind != YNODE_MAPPING) {
        diag_error(d, root->loc, "a case file must be a mapping with 'conform: 1' and 'cases:'");
        return;
    }
    known_keys(&r, root, file_keys, "a case file");
    const struct ynode *version = ynode_get(root, "conform");
    int64_t v = 0;
    if (version == NULL && !misspelt(root, "conform", file_keys))
        diag_error(d, root->loc, "a case file needs 'conform: 1' (the case format version)");
    else if (version != NULL &&
             (!ynode_is_scalar(version, YTYPE_INT) || !ynode_int(version, &v) || v != 1))
        diag_error(d, version->loc, "unsupported case format version; this errata reads "
                   "'conform: 1'");
    const struct ynode *cases = ynode_get(root, "cases");
    if (cases == NULL) {
        if (!misspelt(root, "cases", file_keys))
            diag_error(d, root->loc, "a case file needs 'cases:', a list of cases");
        return;
    }
    if (cases->kind != YNODE_SEQUENCE) {
        diag_error(d, cases->loc, "cases must be a list, not %s", ynode_describe(cases));
        return;
    }
    if (cases->u.seq.count == 0) {
        diag_error(d, cases->loc, "cases is empty: a case file holds at least one case");
        return;
    }
    for (size_t i = 0; i < cases->u.seq.count; i++)
        read_case(&r, cases->u.seq.items[i], out);
}
