/* One response against the catalog, in the order a reader would check it:
 * did it arrive, is the status the promised one, is it a problem document,
 * do its members and headers keep the entry's declarations. */
#include <inttypes.h>
#include <string.h>
#include <strings.h>

#include "../model/model.h"
#include "../model/value.h"
#include "../support/arena.h"
#include "body.h"
#include "check.h"
#include "http.h"

static const char generic_detail[] = "The server could not complete the request.";
static const char generic_detail_traced[] =
    "The server could not complete the request. Quote the trace id when you report this.";

static const char *header_of(const char *name, void *ctx)
{
    return conform_header_get(ctx, name);
}

/* The catalog entry the response itself names (its type, else its status),
 * through liberrata's decoder, as a generated client would read it. */
static const struct entry *decoded_entry(struct conform_checker *k,
                                         const struct conform_response *resp)
{
    errata_decoded_t *d = arena_alloc(k->a, sizeof *d);
    errata_decode_options_t opt = { .header = header_of,
                                    .header_ctx = (void *)&resp->headers,
                                    .type_base = k->rebased ? &k->type_base : NULL };
    errata_decode(&k->catalog, (int)resp->status,
                  conform_header_get(&resp->headers, "Content-Type"), &opt, resp->body,
                  resp->body_len, d, NULL);
    return d->desc ? conform_entry(k->m, d->desc->code_name) : NULL;
}

static const char *says(struct conform_checker *k, const struct conform_response *resp)
{
    const struct entry *e = decoded_entry(k, resp);
    return e ? arena_printf(k->a, " (the body says %s)", e->code) : "";
}

/* The anti-pattern itself: a 2xx whose body says it failed. */
static void check_success_body(struct conform_checker *k, const struct conform_response *resp,
                               struct conform_result *r)
{
    const char *error;
    size_t offset;
    const struct value *body = resp->body_len
                                   ? conform_body_parse(k->a, resp->body, resp->body_len,
                                                        &error, &offset)
                                   : NULL;
    if (body == NULL || body->kind != VALUE_MAP)
        return;
    const struct value *flag = value_map_get(body, "success", 7);
    if (flag != NULL && flag->kind == VALUE_BOOL && !flag->u.boolean)
        conform_report(k->a, r, "success-false", "a %ld answer whose body says "
                       "\"success\": false: a failure must use a 4xx or 5xx status",
                       resp->status);
    if (value_map_get(body, "error", 5) != NULL)
        conform_report(k->a, r, "error-member", "a %ld answer whose body has an \"error\" "
                       "member: a failure must use a 4xx or 5xx status", resp->status);
}

static bool media_type_is(const char *ct, const char *want)
{
    size_t n = strcspn(ct, "; \t");
    return strlen(want) == n && strncasecmp(ct, want, n) == 0;
}

/* problem+json, or json when the request's Accept asked for json and not
 * for problem+json (RFC 9457 §3: a client may not know the problem type). */
static void check_content_type(struct conform_checker *k, const struct conform_case *c,
                               struct conform_result *r)
{
    const char *ct = conform_header_get(&c->resp.headers, "Content-Type");
    const char *accept = conform_header_get(&c->req.headers, "Accept");
    bool json_ok = accept && strstr(accept, "application/json") &&
                   !strstr(accept, "application/problem+json");
    if (ct != NULL && (media_type_is(ct, "application/problem+json") ||
                       (json_ok && media_type_is(ct, "application/json"))))
        return;
    conform_report(k->a, r, "content-type", "Content-Type is %s%s%s, not "
                   "application/problem+json%s", ct ? "'" : "", ct ? ct : "missing",
                   ct ? "'" : "", json_ok ? " or application/json" : "");
}

static bool type_matches(struct conform_checker *k, const struct entry *e, const char *type)
{
    if (strcmp(type, e->type_uri) == 0)
        return true;
    const char *base = k->type_base.catalog;
    size_t n = base ? strlen(base) : 0;
    return k->rebased && n && strncmp(e->type_uri, base, n) == 0 &&
           strncmp(type, k->type_base.served, strlen(k->type_base.served)) == 0 &&
           strcmp(type + strlen(k->type_base.served), e->type_uri + n) == 0;
}

/* GET on the type URI answers 200; only under --url or --type-base, so
 * conform never reaches a host it was not given. */
static void resolve_type(struct conform_checker *k, const char *type, struct conform_result *r)
{
    for (size_t i = 0; i < k->resolved_count; i++) {
        if (strcmp(k->resolved[i], type) == 0)
            return;
    }
    bool allowed = strncmp(type, k->base_url, strlen(k->base_url)) == 0 ||
                   (k->rebased && strncmp(type, k->type_base.served,
                                          strlen(k->type_base.served)) == 0);
    if (!allowed) {
        conform_report(k->a, r, "type-unresolved", "type '%s' is outside --url and "
                       "--type-base: not fetched", type);
        return;
    }
    const char *error = NULL;
    long status = conform_http_get(k->http, type, &error);
    if (status != 200) {
        conform_report(k->a, r, "type-unresolved", "GET %s answered %s", type,
                       status ? arena_printf(k->a, "%ld, not 200", status) : error);
        return;
    }
    k->resolved = arena_grow(k->a, k->resolved, &k->resolved_cap, k->resolved_count + 1,
                             sizeof *k->resolved);
    k->resolved[k->resolved_count++] = type;
}

static const char *string_member(const struct value *body, const char *name)
{
    const struct value *v = value_map_get(body, name, strlen(name));
    return v && v->kind == VALUE_STRING ? v->u.string.ptr : NULL;
}

static void check_standard(struct conform_checker *k, const struct entry *e,
                           const struct value *body, long status, struct conform_result *r)
{
    const struct value *type = value_map_get(body, "type", 4);
    if (type == NULL ? !e->about_blank
                     : type->kind != VALUE_STRING || !type_matches(k, e, type->u.string.ptr))
        conform_report(k->a, r, "type", "type is %s, not %s's '%s'",
                       type && type->kind == VALUE_STRING
                           ? arena_printf(k->a, "'%s'", type->u.string.ptr)
                           : type ? "not a string" : "missing",
                       e->code, e->type_uri);
    else if (k->resolve_types && k->http && type && strcmp(type->u.string.ptr, "about:blank"))
        resolve_type(k, type->u.string.ptr, r);
    const struct value *s = value_map_get(body, "status", 6);
    if (s != NULL && (s->kind != VALUE_INT || s->u.integer != status))
        conform_report(k->a, r, "status-member", "member 'status' is not %ld, the HTTP status",
                       status);
    const char *code = string_member(body, "code");
    if (code == NULL || strcmp(code, e->code) != 0)
        conform_report(k->a, r, "code", "member 'code' is %s%s%s, not '%s'", code ? "'" : "",
                       code ? code : "missing or not a string", code ? "'" : "", e->code);
}

/* A 5xx: the detail the server logged stays there (unless the entry
 * exposes it) and the trace id that finds it is sent. */
static void check_server_error(struct conform_checker *k, const struct entry *e,
                               const struct value *body, struct conform_result *r)
{
    const char *detail = string_member(body, "detail");
    if (!e->expose_detail && detail != NULL && strcmp(detail, generic_detail) != 0 &&
        strcmp(detail, generic_detail_traced) != 0)
        conform_report(k->a, r, "detail-leak", "a %d answer sends the detail '%s'; %s does not "
                       "expose its detail (expose_detail), only the generic one",
                       e->status, detail, e->code);
    const char *trace = string_member(body, k->m->trace_member);
    if (trace == NULL || trace[0] == '\0')
        conform_report(k->a, r, "trace-id", "a %d answer without the trace member '%s'",
                       e->status, k->m->trace_member);
}

static void check_problem(struct conform_checker *k, const struct conform_case *c,
                          const struct entry *e, struct conform_result *r)
{
    check_content_type(k, c, r);
    const char *error = "empty body";
    size_t offset = 0;
    const struct value *body =
        c->resp.body_len ? conform_body_parse(k->a, c->resp.body, c->resp.body_len, &error,
                                              &offset)
                         : NULL;
    if (body == NULL || body->kind != VALUE_MAP) {
        conform_report(k->a, r, "body", "the body is not a JSON object: %s",
                       body ? "valid JSON of another kind"
                            : arena_printf(k->a, "%s at byte %zu", error, offset));
        conform_check_headers(k, c, e, NULL, r);
        return;
    }
    check_standard(k, e, body, c->resp.status, r);
    conform_check_members(k, e, body, r);
    if (e->status >= 500)
        check_server_error(k, e, body, r);
    conform_check_headers(k, c, e, body, r);
}

void conform_check(struct conform_checker *k, const struct conform_case *c,
                   struct conform_result *r)
{
    const struct conform_response *resp = &c->resp;
    const struct entry *e = c->entry;
    r->expected = c->expect == EXPECT_SUCCESS
                      ? (c->success_status ? arena_printf(k->a, "%ld", c->success_status)
                                           : "success")
                  : c->expect == EXPECT_ENTRY ? arena_printf(k->a, "%d %s", e->status, e->code)
                                              : "the contract";
    if (!resp->received) {
        conform_report(k->a, r, "transport", "%s", resp->error);
        return;
    }
    bool success = resp->status >= 200 && resp->status <= 299;
    if (success) {
        if (c->expect == EXPECT_ENTRY)
            conform_report(k->a, r, "failure-as-success", "answered %ld where the catalog "
                           "says %d %s", resp->status, e->status, e->code);
        else if (c->success_status && resp->status != c->success_status)
            conform_report(k->a, r, "status", "answered %ld, not %ld", resp->status,
                           c->success_status);
        check_success_body(k, resp, r);
        return;
    }
    if (c->expect == EXPECT_SUCCESS) {
        conform_report(k->a, r, "status", "answered %ld%s where success was expected",
                       resp->status, says(k, resp));
        return;
    }
    if (c->expect == EXPECT_INFER) {
        if (resp->status < 400)
            return; /* 1xx, 3xx: no promise of the catalog's applies */
        if ((e = decoded_entry(k, resp)) == NULL) {
            conform_report(k->a, r, "unknown-problem", "answered %ld with a problem the "
                           "catalog does not declare", resp->status);
            return;
        }
        r->expected = arena_printf(k->a, "%d %s", e->status, e->code);
        if (resp->status != e->status) {
            conform_report(k->a, r, "status", "answered %ld with the type of %d %s",
                           resp->status, e->status, e->code);
            return;
        }
    } else if (resp->status != e->status) {
        conform_report(k->a, r, "status", "answered %ld%s, not %d %s", resp->status,
                       says(k, resp), e->status, e->code);
        return;
    }
    check_problem(k, c, e, r);
}
