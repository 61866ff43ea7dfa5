/* HAR 1.2 recordings (JSON, read through the located YAML tree: JSON is
 * YAML's flow style), so that traffic captured from a real client can be
 * audited: every entry becomes a case whose response is already there and
 * whose expected outcome the response itself names. */
#include <stdint.h>
#include <string.h>

#include "../catalog/limits.h"
#include "../catalog/yaml_tree.h"
#include "../support/arena.h"
#include "../support/diag.h"
#include "conform.h"

static const struct ynode *need(struct diag *d, const struct ynode *map, const char *key,
                                enum ynode_kind kind, const char *what)
{
    const struct ynode *n = map->kind == YNODE_MAPPING ? ynode_get(map, key) : NULL;
    if (n == NULL) {
        diag_error(d, map->loc, "HAR: %s has no '%s'", what, key);
        return NULL;
    }
    if (n->kind != kind) {
        diag_error(d, n->loc, "HAR: '%s' must be %s, not %s", key,
                   kind == YNODE_MAPPING ? "an object" : kind == YNODE_SEQUENCE ? "an array"
                                                                                 : "a scalar",
                   ynode_describe(n));
        return NULL;
    }
    return n;
}

static const char *text_of(const struct ynode *map, const char *key)
{
    const struct ynode *n = ynode_get(map, key);
    return n != NULL && n->kind == YNODE_SCALAR ? n->u.scalar.text : NULL;
}

static void read_headers(struct arena *a, struct diag *d, const struct ynode *list,
                         struct conform_headers *out)
{
    for (size_t i = 0; i < list->u.seq.count; i++) {
        const struct ynode *h = list->u.seq.items[i];
        const char *name = h->kind == YNODE_MAPPING ? text_of(h, "name") : NULL;
        const char *value = h->kind == YNODE_MAPPING ? text_of(h, "value") : NULL;
        if (name == NULL || value == NULL)
            diag_error(d, h->loc, "HAR: a header must be an object with 'name' and 'value'");
        else
            conform_header_add(a, out, name, value);
    }
}

static int base64_digit(char c)
{
    static const char digits[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const char *p = c ? strchr(digits, c) : NULL;
    return p ? (int)(p - digits) : -1;
}

/* Decodes base64 (padding optional); false on any other character. */
static bool base64_decode(struct arena *a, const char *in, size_t len, const char **out,
                          size_t *out_len)
{
    char *buf = arena_alloc(a, len / 4 * 3 + 4);
    size_t n = 0;
    uint32_t acc = 0;
    int bits = 0;
    for (size_t i = 0; i < len && in[i] != '='; i++) {
        int v = base64_digit(in[i]);
        if (v < 0)
            return false;
        acc = (acc << 6) | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            buf[n++] = (char)((acc >> bits) & 0xff);
        }
    }
    buf[n] = '\0';
    *out = buf;
    *out_len = n;
    return true;
}

/* The path (and query) of an absolute URL, "/" when it has none. */
static const char *path_of(const char *url)
{
    const char *p = strstr(url, "://");
    if (p == NULL)
        return url;
    p = strchr(p + 3, '/');
    return p ? p : "/";
}

static void read_response(struct arena *a, struct diag *d, const struct ynode *resp,
                          struct conform_response *out)
{
    const struct ynode *status = need(d, resp, "status", YNODE_SCALAR, "a response");
    const struct ynode *headers = need(d, resp, "headers", YNODE_SEQUENCE, "a response");
    const struct ynode *content = need(d, resp, "content", YNODE_MAPPING, "a response");
    int64_t s = 0;
    if (status != NULL && (!ynode_int(status, &s) || s < 0 || s > 999))
        diag_error(d, status->loc, "HAR: a response status must be an integer (0-999)");
    out->received = true;
    out->status = (long)s;
    if (headers != NULL)
        read_headers(a, d, headers, &out->headers);
    const struct ynode *text = content ? ynode_get(content, "text") : NULL;
    if (text == NULL)
        return; /* HAR 1.2: text is optional (an empty or unrecorded body) */
    if (text->kind != YNODE_SCALAR) {
        diag_error(d, text->loc, "HAR: content text must be a string");
        return;
    }
    const char *encoding = text_of(content, "encoding");
    out->body = text->u.scalar.text;
    out->body_len = text->u.scalar.len;
    if (encoding != NULL && strcmp(encoding, "base64") == 0 &&
        !base64_decode(a, text->u.scalar.text, text->u.scalar.len, &out->body, &out->body_len))
        diag_error(d, text->loc, "HAR: content text is not valid base64");
}

static void read_entry(struct arena *a, struct diag *d, const struct ynode *e,
                       struct conform_cases *out)
{
    unsigned before = d->errors;
    struct conform_case c = { .loc = e->loc, .expect = EXPECT_INFER };
    const struct ynode *req = need(d, e, "request", YNODE_MAPPING, "an entry");
    const struct ynode *resp = need(d, e, "response", YNODE_MAPPING, "an entry");
    if (req != NULL) {
        c.req.method = text_of(req, "method");
        const char *url = text_of(req, "url");
        if (c.req.method == NULL || url == NULL)
            diag_error(d, req->loc, "HAR: a request needs 'method' and 'url'");
        else
            c.req.path = path_of(url);
        const struct ynode *headers = need(d, req, "headers", YNODE_SEQUENCE, "a request");
        if (headers != NULL)
            read_headers(a, d, headers, &c.req.headers);
    }
    if (resp != NULL)
        read_response(a, d, resp, &c.resp);
    if (d->errors != before)
        return;
    c.req.method = conform_printable(a, c.req.method);
    c.req.path = conform_printable(a, c.req.path);
    c.name = arena_printf(a, "%s %s", c.req.method, c.req.path);
    out->items = arena_grow(a, out->items, &out->cap, out->count + 1, sizeof *out->items);
    out->items[out->count++] = c;
}

void conform_har_load(struct arena *a, struct diag *d, const struct source *src,
                      struct conform_cases *out)
{
    struct catalog_limits limits = CATALOG_DEFAULT_LIMITS;
    limits.max_file_size = 256u * 1024 * 1024;
    struct ynode *root = yaml_tree_parse(a, d, src, &limits);
    if (root == NULL)
        return;
    if (root->kind != YNODE_MAPPING) {
        diag_error(d, root->loc, "HAR: the file must be an object with a 'log'");
        return;
    }
    const struct ynode *log = need(d, root, "log", YNODE_MAPPING, "the file");
    const struct ynode *entries = log ? need(d, log, "entries", YNODE_SEQUENCE, "'log'") : NULL;
    if (entries == NULL)
        return;
    for (size_t i = 0; i < entries->u.seq.count; i++)
        read_entry(a, d, entries->u.seq.items[i], out);
}
