#include "openapi.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../catalog/rules.h"
#include "../model/model.h"
#include "../model/value.h"
#include "../support/arena.h"
#include "../support/diag.h"
#include "errata_config.h"
#include "examples.h"

#define SCHEMAS "#/components/schemas/"
#define RESPONSES "#/components/responses/"
#define HEADERS "#/components/headers/"

static const char *const media_types[] = { "application/problem+json", "application/json", NULL };

static struct value *ref(struct arena *a, const char *prefix, const char *name)
{
    struct value *v = value_map(a);
    value_map_put_str(a, v, "$ref", arena_printf(a, "%s%s", prefix, name));
    return v;
}

/* Component names match ^[a-zA-Z0-9.\-_]+$; a header name is a token,
 * which may hold more. */
static const char *component_name(struct arena *a, const char *s)
{
    char *out = arena_strdup(a, s);
    for (char *p = out; *p; p++) {
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '.' || *p == '-' || *p == '_'))
            *p = '_';
    }
    return out;
}

/* The member of map named name, case aside (header names), or NULL. */
static const struct value_member *find_header(const struct value *map, const char *name)
{
    for (size_t k = 0; k < map->u.map.count; k++) {
        if (strcasecmp(map->u.map.members[k].key, name) == 0)
            return &map->u.map.members[k];
    }
    return NULL;
}

static struct value *new_header(struct arena *a)
{
    struct value *hv = value_map(a), *schema = value_map(a);
    value_map_put_str(a, schema, "type", "string");
    value_map_put_str(a, hv, "description", "");
    value_map_put(a, hv, "schema", schema);
    return hv;
}

/* Adds a line to the Header Object's description: which error sends it,
 * from which template (and fallback). */
static void describe_sender(struct arena *a, struct value *hv, const struct entry *e,
                            const struct header *h)
{
    struct value *desc = value_map_get(hv, "description", 11);
    const char *line = arena_printf(a, "%s%s%s: `%s`%s%s%s", desc->u.string.ptr,
                                    desc->u.string.len ? "\n" : "", e->code, h->value.source,
                                    h->fallback ? " (else `" : "", h->fallback ? h->fallback : "",
                                    h->fallback ? "`)" : "");
    desc->u.string.ptr = line;
    desc->u.string.len = strlen(line);
}

/* components.headers: one per header name (its first spelling). */
static void build_headers(struct arena *a, const struct model *m, struct value *out)
{
    for (size_t i = 0; i < m->entry_count; i++) {
        const struct entry *e = &m->entries[i];
        for (size_t j = 0; j < e->header_count; j++) {
            const char *name = component_name(a, e->headers[j].name);
            const struct value_member *have = find_header(out, name);
            struct value *hv = have ? have->value : new_header(a);
            if (have == NULL)
                value_map_put(a, out, name, hv);
            describe_sender(a, hv, e, &e->headers[j]);
        }
    }
}

/* A response for these errors (one status): oneOf their schemas with a
 * discriminator on `type`, their examples, their headers. */
static struct value *response(struct arena *a, const struct model *m,
                              const struct entry *const *es, size_t n, struct value **bodies,
                              const struct value *headers)
{
    const char *reason = rules_reason_phrase(es[0]->status);
    char *desc = arena_printf(a, "%d %s: ", es[0]->status, reason ? reason : "Error");
    struct value *one_of = value_list(a), *mapping = value_map(a), *examples = value_map(a);
    struct value *hdrs = value_map(a);
    for (size_t i = 0; i < n; i++) {
        const struct entry *e = es[i];
        desc = arena_printf(a, "%s%s%s", desc, i ? "; " : "", e->title);
        value_list_push(a, one_of, ref(a, SCHEMAS, e->code));
        value_map_put(a, mapping, e->type_uri, value_string(a, arena_printf(a, SCHEMAS "%s",
                                                                            e->code)));
        if (bodies[e - m->entries] != NULL) {
            struct value *ex = value_map(a);
            value_map_put_str(a, ex, "summary", e->title);
            value_map_put(a, ex, "value", bodies[e - m->entries]);
            value_map_put(a, examples, e->code, ex);
        }
        for (size_t j = 0; j < e->header_count; j++) {
            const char *name = component_name(a, e->headers[j].name);
            const struct value_member *c = find_header(headers, name);
            if (c != NULL && find_header(hdrs, name) == NULL)
                value_map_put(a, hdrs, c->key, ref(a, HEADERS, c->key));
        }
    }
    struct value *disc = value_map(a);
    value_map_put_str(a, disc, "propertyName", "type");
    value_map_put(a, disc, "mapping", mapping);
    struct value *schema = value_map(a);
    value_map_put(a, schema, "oneOf", one_of);
    value_map_put(a, schema, "discriminator", disc);
    struct value *media = value_map(a);
    value_map_put(a, media, "schema", schema);
    if (examples->u.map.count > 0)
        value_map_put(a, media, "examples", examples);
    struct value *content = value_map(a);
    for (const char *const *t = media_types; *t; t++)
        value_map_put(a, content, *t, media);
    struct value *r = value_map(a);
    value_map_put_str(a, r, "description", desc);
    if (hdrs->u.map.count > 0)
        value_map_put(a, r, "headers", hdrs);
    value_map_put(a, r, "content", content);
    return r;
}

static int by_status(const void *pa, const void *pb)
{
    const struct entry *const *x = pa, *const *y = pb;
    if ((*x)->status != (*y)->status)
        return (*x)->status - (*y)->status;
    return *x < *y ? -1 : *x > *y; /* model order within a status */
}

/* The entries sorted by status (model order within one). */
static const struct entry **sorted(struct arena *a, const struct entry *const *es, size_t n)
{
    const struct entry **out = arena_alloc_array(a, n + 1, sizeof *out);
    memcpy(out, es, n * sizeof *out);
    qsort(out, n, sizeof *out, by_status);
    return out;
}

struct builder {
    struct arena *a;
    const struct model *m;
    struct value **bodies;
    struct openapi_parts *p;
    const struct entry **all; /* every entry, by status */
};

/* The errors of one status, [*i, end): *i moves past them. */
static size_t status_run(const struct entry *const *es, size_t n, size_t i)
{
    size_t end = i;
    while (end < n && es[end]->status == es[i]->status)
        end++;
    return end;
}

static size_t status_count(const struct builder *b, int status)
{
    size_t count = 0;
    for (size_t i = 0; i < b->m->entry_count; i++)
        count += b->all[i]->status == status;
    return count;
}

/* An operation's errors of one status: the status's response when they
 * are all of its errors, else a response for just these (built once). */
static struct value *operation_ref(struct builder *b, const struct entry *const *es, size_t n)
{
    const char *name = arena_printf(b->a, "Problem%d", es[0]->status);
    if (n == status_count(b, es[0]->status))
        return ref(b->a, RESPONSES, name);
    for (size_t i = 0; i < n; i++)
        name = arena_printf(b->a, "%s.%s", name, es[i]->code);
    if (value_map_get(b->p->responses, name, strlen(name)) == NULL)
        value_map_put(b->a, b->p->responses, name,
                      response(b->a, b->m, es, n, b->bodies, b->p->headers));
    return ref(b->a, RESPONSES, name);
}

static const char *path_item_field(struct arena *a, const char *method)
{
    static const char *const fields[] = { "GET", "PUT", "POST", "DELETE", "OPTIONS",
                                          "HEAD", "PATCH", "TRACE", NULL };
    for (const char *const *f = fields; *f; f++) {
        if (strcmp(*f, method) == 0) {
            char *lower = arena_strdup(a, method);
            for (char *c = lower; *c; c++)
                *c = (char)(*c - 'A' + 'a');
            return lower;
        }
    }
    return NULL;
}

static bool build_operations(struct builder *b, struct diag *d)
{
    const struct model *m = b->m;
    bool ok = true;
    b->p->methods = arena_alloc_array(b->a, m->operation_count + 1, sizeof *b->p->methods);
    b->p->operation_responses =
        arena_alloc_array(b->a, m->operation_count + 1, sizeof *b->p->operation_responses);
    for (size_t i = 0; i < m->operation_count; i++) {
        const struct operation *op = &m->operations[i];
        b->p->methods[i] = path_item_field(b->a, op->method);
        if (b->p->methods[i] == NULL) {
            diag_error(d, op->loc,
                       "method '%s' of operation '%s %s' has no field in an OpenAPI path item "
                       "(get, put, post, delete, options, head, patch, trace)",
                       op->method, op->method, op->path);
            ok = false;
            continue;
        }
        const struct entry **es = sorted(b->a, op->errors, op->error_count);
        struct value *rs = value_map(b->a);
        for (size_t j = 0; j < op->error_count;) {
            size_t end = status_run(es, op->error_count, j);
            value_map_put(b->a, rs, arena_printf(b->a, "%d", es[j]->status),
                          operation_ref(b, es + j, end - j));
            j = end;
        }
        b->p->operation_responses[i] = rs;
    }
    return ok;
}

bool openapi_parts_build(struct arena *a, struct diag *d, const struct model *m,
                         const struct schema_style *style, struct openapi_parts *out)
{
    memset(out, 0, sizeof *out);
    struct builder b = { a, m, openapi_example_bodies(a, m), out, NULL };
    const struct entry **entries = arena_alloc_array(a, m->entry_count + 1, sizeof *entries);
    for (size_t i = 0; i < m->entry_count; i++)
        entries[i] = &m->entries[i];
    b.all = sorted(a, entries, m->entry_count);
    out->schemas = value_map(a);
    value_map_put(a, out->schemas, "Problem", schema_problem(a, style));
    for (size_t i = 0; i < m->entry_count; i++)
        value_map_put(a, out->schemas, m->entries[i].code,
                      schema_error(a, m, &m->entries[i], SCHEMAS "Problem", b.bodies[i], style));
    out->headers = value_map(a);
    build_headers(a, m, out->headers);
    out->responses = value_map(a);
    for (size_t i = 0; i < m->entry_count;) {
        size_t end = status_run(b.all, m->entry_count, i);
        value_map_put(a, out->responses, arena_printf(a, "Problem%d", b.all[i]->status),
                      response(a, m, b.all + i, end - i, b.bodies, out->headers));
        i = end;
    }
    return build_operations(&b, d);
}

const char *openapi_banner(struct arena *a, const struct model *m)
{
    const char *slash = strrchr(m->main->path, '/');
    return arena_printf(a, "generated by errata %s from %s; do not edit", ERRATA_VERSION,
                        slash ? slash + 1 : m->main->path);
}

const char *openapi_path_shape(struct arena *a, const char *path)
{
    char *out = arena_strdup(a, path), *o = out;
    for (const char *p = path; *p; p++) {
        *o++ = *p;
        if (*p == '{') {
            const char *close = strchr(p, '}');
            if (close != NULL)
                p = close - 1; /* the name goes; '}' is copied next */
        }
    }
    *o = '\0';
    return out;
}

/* Path-level parameters for the {name}s of a path template. */
static struct value *path_parameters(struct arena *a, const char *path)
{
    struct value *list = value_list(a);
    for (const char *p = strchr(path, '{'); p != NULL; p = strchr(p + 1, '{')) {
        const char *close = strchr(p, '}');
        if (close == NULL)
            break;
        struct value *param = value_map(a), *schema = value_map(a);
        value_map_put(a, param, "name", value_stringn(a, p + 1, (size_t)(close - p - 1)));
        value_map_put_str(a, param, "in", "path");
        value_map_put_bool(a, param, "required", true);
        value_map_put_str(a, schema, "type", "string");
        value_map_put(a, param, "schema", schema);
        value_list_push(a, list, param);
    }
    return list;
}

static struct value *document_paths(struct arena *a, const struct model *m,
                                    const struct openapi_parts *p)
{
    struct value *paths = value_map(a);
    for (size_t i = 0; i < m->operation_count; i++) {
        const struct operation *op = &m->operations[i];
        struct value *item = value_map_get(paths, op->path, strlen(op->path));
        if (item == NULL) {
            item = value_map(a);
            struct value *params = path_parameters(a, op->path);
            if (params->u.list.count > 0)
                value_map_put(a, item, "parameters", params);
            value_map_put(a, paths, op->path, item);
        }
        struct value *operation = value_map(a), *rs = p->operation_responses[i];
        if (rs->u.map.count == 0) { /* OpenAPI wants one response at least */
            struct value *none = value_map(a);
            value_map_put_str(a, none, "description",
                              "The error catalog lists no error for this operation.");
            value_map_put(a, rs, "default", none);
        }
        value_map_put(a, operation, "responses", rs);
        value_map_put(a, item, p->methods[i], operation);
    }
    return paths;
}

struct value *openapi_document(struct arena *a, const struct model *m,
                               const struct openapi_parts *p, const char *banner)
{
    const struct catalog_file *f = m->main;
    struct value *doc = value_map(a), *info = value_map(a);
    value_map_put_str(a, doc, "openapi", "3.1.0");
    value_map_put_str(a, info, "title",
                      f->title ? f->title : arena_printf(a, "%s errors", f->name));
    value_map_put_str(a, info, "version", f->version ? f->version : "0");
    if (f->description != NULL)
        value_map_put_str(a, info, "description", f->description);
    value_map_put(a, doc, "info", info);
    if (banner != NULL)
        value_map_put_str(a, doc, "x-generated-by", banner);
    if (m->operation_count > 0)
        value_map_put(a, doc, "paths", document_paths(a, m, p));
    struct value *components = value_map(a);
    value_map_put(a, components, "schemas", p->schemas);
    value_map_put(a, components, "responses", p->responses);
    if (p->headers->u.map.count > 0)
        value_map_put(a, components, "headers", p->headers);
    value_map_put(a, doc, "components", components);
    return doc;
}
