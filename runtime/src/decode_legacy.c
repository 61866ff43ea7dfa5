/* Clients moving first (docs/migration.md): a legacy `200 {"success":
 * false, "error": {"code": ..., "message": ...}}` body read as the problem
 * its code names, flagged `legacy`, so that a client can switch to errata
 * before its server does. The shape (member names, which legacy member
 * holds the code, the message...) is an errata_migration_t: the catalog's
 * own (pets_migration) or a hand-made one. */
#include "decode_internal.h"

#include <string.h>

/* What the legacy body said. */
struct legacy_read {
    bool failed;        /* the success member is false (or, with none, the error object is there) */
    bool has_error;     /* the error member is an object */
    const char *text[ERRATA_LEGACY_INSTANCE + 1]; /* by source; NULL: absent */
    int64_t status;     /* ERRATA_LEGACY_STATUS; 0: absent */
    bool code_whole;    /* the code as sent, not cut and with no \u0000 in it */
};

static const errata_legacy_field_t *field_named(const errata_migration_t *m,
                                                const errata_json_parser_t *p)
{
    for (size_t i = 0; m->fields != NULL && i < m->field_count; i++)
        if (m->fields[i].name != NULL && errata_json_text_is(p, m->fields[i].name))
            return &m->fields[i];
    return NULL;
}

/* The legacy error object's members, by the shape's field names; values of
 * the wrong JSON type are ignored, as problem members are. */
static bool read_error_object(errata_json_parser_t *p, const errata_migration_t *m,
                              struct legacy_read *r, errata_decoded_t *out)
{
    errata_json_token_t t;
    while ((t = errata_json_next(p)) == ERRATA_JSON_KEY) {
        const errata_legacy_field_t *f = field_named(m, p);
        t = errata_decode_next_value(p);
        /* The last of duplicated names wins, as for problem members: a
         * later value of the wrong type leaves the field absent. */
        if (f != NULL && f->source == ERRATA_LEGACY_STATUS)
            r->status = 0;
        else if (f != NULL && (unsigned)f->source <= ERRATA_LEGACY_INSTANCE)
            r->text[f->source] = NULL;
        if (f != NULL && f->source == ERRATA_LEGACY_STATUS && t == ERRATA_JSON_NUMBER) {
            if (!errata_json_int64(p, &r->status))
                r->status = 0;
        } else if (f != NULL && f->source != ERRATA_LEGACY_STATUS &&
                   (unsigned)f->source <= ERRATA_LEGACY_INSTANCE && t == ERRATA_JSON_STRING) {
            r->text[f->source] = errata_json_keep(p);
            if (f->source == ERRATA_LEGACY_CODE)
                r->code_whole = !p->truncated && strlen(p->text) == p->text_len;
            if (p->truncated)
                out->flags |= ERRATA_PROBLEM_TRUNCATED;
        } else if (t == ERRATA_JSON_ERROR || !errata_json_skip(p)) {
            return false;
        }
    }
    return t == ERRATA_JSON_OBJECT_END;
}

static bool read_legacy(const errata_migration_t *m, errata_decoded_t *out, struct legacy_read *r)
{
    errata_json_parser_t p;
    errata_json_init(&p, out->body, out->body_len, out->arena.bytes + out->arena_used,
                     out->arena_top - out->arena_used);
    if (errata_json_next(&p) != ERRATA_JSON_OBJECT_BEGIN)
        return false;
    errata_json_token_t t;
    bool ok = true;
    while (ok && (t = errata_json_next(&p)) == ERRATA_JSON_KEY) {
        bool success = m->success_member != NULL && errata_json_text_is(&p, m->success_member);
        bool error = m->error_member != NULL && errata_json_text_is(&p, m->error_member);
        t = errata_decode_next_value(&p);
        if (success) {
            r->failed = t == ERRATA_JSON_FALSE; /* the last of duplicated names wins */
            ok = t != ERRATA_JSON_ERROR && errata_json_skip(&p);
        } else if (error) {
            /* the last error member wins: one that is no object leaves none */
            memset(r->text, 0, sizeof r->text);
            r->status = 0;
            r->has_error = t == ERRATA_JSON_OBJECT_BEGIN;
            if (r->has_error)
                ok = read_error_object(&p, m, r, out);
            else
                ok = t != ERRATA_JSON_ERROR && errata_json_skip(&p);
        } else {
            ok = t != ERRATA_JSON_ERROR && errata_json_skip(&p);
        }
    }
    out->arena_used += p.kept;
    if (m->success_member == NULL)
        r->failed = r->has_error;
    return ok && r->failed;
}

/* The catalog entry whose code name is `code`: a scan, since legacy
 * bodies are the exception a client meets while its server migrates. */
static const errata_descriptor_t *by_code(const errata_catalog_t *catalog, const char *code)
{
    for (size_t i = 0; code != NULL && catalog != NULL && i < catalog->count; i++)
        if (catalog->descriptors[i].code_name != NULL &&
            strcmp(catalog->descriptors[i].code_name, code) == 0)
            return &catalog->descriptors[i];
    return NULL;
}

bool errata_decode_legacy(const errata_catalog_t *catalog, const errata_migration_t *m,
                          errata_decoded_t *out)
{
    struct legacy_read r;
    memset(&r, 0, sizeof r);
    if (out->status < 200 || out->status > 299 || out->body_kind != ERRATA_BODY_OBJECT ||
        !read_legacy(m, out, &r))
        return false;
    /* Only the whole code names an entry: one cut short, or with a NUL
     * that a C string would end at, names none. */
    const errata_descriptor_t *desc =
        r.code_whole ? by_code(catalog, r.text[ERRATA_LEGACY_CODE]) : NULL;
    out->legacy = true;
    out->legacy_code = r.text[ERRATA_LEGACY_CODE];
    out->body_status = out->status; /* what the wire said: a 2xx */
    memset(out->members, 0, sizeof out->members);
    out->desc = desc;
    /* An unknown code: the legacy body's own status when it carries an
     * error status, else 500, the status of "the server failed and did
     * not say how" (docs/migration.md). */
    out->status = desc != NULL ? desc->status
                  : r.status >= 400 && r.status <= 599 ? (int)r.status
                                                       : 500;
    out->type = desc != NULL && desc->type_uri != NULL ? desc->type_uri
                : r.text[ERRATA_LEGACY_TYPE] != NULL  ? r.text[ERRATA_LEGACY_TYPE]
                                                      : "about:blank";
    out->title = r.text[ERRATA_LEGACY_TITLE] != NULL ? r.text[ERRATA_LEGACY_TITLE]
                 : desc != NULL                      ? desc->title
                                                     : errata_decode_reason_phrase(out->status);
    if (r.text[ERRATA_LEGACY_DETAIL] != NULL)
        out->detail = r.text[ERRATA_LEGACY_DETAIL];
    if (r.text[ERRATA_LEGACY_INSTANCE] != NULL)
        out->instance = r.text[ERRATA_LEGACY_INSTANCE];
    out->retryable = desc != NULL ? desc->retryable
                                  : out->status == 429 || out->status == 502 ||
                                        out->status == 503 || out->status == 504;
    return true;
}
