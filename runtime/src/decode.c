/* errata_decode: a response in, a problem out. Two passes over the body: the
 * first checks it is JSON and reads the standard members (the type decides
 * which catalog entry applies), the second reads that entry's members. Both
 * are linear and allocate nothing. */
#include "decode_internal.h"

#include <string.h>
#include <time.h>

static const char *const standard_names[] = { "type", "title", "status", "detail", "instance" };

/* STD_TRACE is the catalog's trace member, matched by its key. */
enum standard { STD_TYPE, STD_TITLE, STD_STATUS, STD_DETAIL, STD_INSTANCE, STD_TRACE, STD_NONE };

static const char errata_default_trace_key[] = "\"" ERRATA_DEFAULT_TRACE_MEMBER "\":";

bool errata_decode_is_trace_key(const errata_json_parser_t *p, const char *key)
{
    size_t len = strlen(key);
    /* "\"NAME\":" holds NAME between its first and its last two bytes. */
    return len > 3 && !p->truncated && p->text_len == len - 3 &&
           memcmp(p->text, key + 1, len - 3) == 0;
}

bool errata_decode_skip_value(errata_json_parser_t *p)
{
    size_t cap = p->scratch_cap;
    p->scratch_cap = p->kept; /* no room: strings are checked, not copied */
    bool ok = errata_json_next(p) != ERRATA_JSON_ERROR && errata_json_skip(p);
    p->scratch_cap = cap;
    return ok;
}

errata_json_token_t errata_decode_next_value(errata_json_parser_t *p)
{
    size_t cap = p->scratch_cap;
    p->scratch_cap = cap - p->kept > ERRATA_DECODE_NAME_ROOM ? cap - ERRATA_DECODE_NAME_ROOM
                                                             : p->kept;
    errata_json_token_t t = errata_json_next(p);
    p->scratch_cap = cap;
    return t;
}

bool errata_json_text_is(const errata_json_parser_t *p, const char *name)
{
    size_t len = strlen(name);
    return !p->truncated && p->text_len == len && memcmp(p->text, name, len) == 0;
}

static enum standard standard_member(const errata_json_parser_t *p, const char *trace_key)
{
    if (trace_key != NULL && errata_decode_is_trace_key(p, trace_key))
        return STD_TRACE;
    for (size_t i = 0; i < sizeof standard_names / sizeof standard_names[0]; i++) {
        if (errata_json_text_is(p, standard_names[i]))
            return (enum standard)i;
    }
    return STD_NONE;
}

/* Which standard members a pass reads: the type first (it decides the
 * entry, so it must never lose its room to a long detail), the entry's
 * members next, the free texts last. */
enum {
    WANT_TYPE = 1 << STD_TYPE,
    WANT_STATUS = 1 << STD_STATUS,
    WANT_TEXTS = 1 << STD_TITLE | 1 << STD_DETAIL | 1 << STD_INSTANCE | 1 << STD_TRACE,
};

/* application/problem+json, whatever the case and parameters. */
static bool is_problem_json(const char *content_type)
{
    static const char want[] = "application/problem+json";
    if (content_type == NULL)
        return false;
    while (*content_type == ' ' || *content_type == '\t')
        content_type++;
    for (size_t i = 0; i < sizeof want - 1; i++) {
        char c = content_type[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != want[i])
            return false;
    }
    char end = content_type[sizeof want - 1];
    return end == '\0' || end == ';' || end == ' ' || end == '\t';
}

static bool retryable_status(int status)
{
    return status == 429 || status == 502 || status == 503 || status == 504;
}

static void reset(errata_decoded_t *out, int status, const char *body, size_t len)
{
    out->desc = NULL;
    out->status = status;
    out->body_status = 0;
    out->type = "about:blank";
    out->title = out->detail = out->instance = NULL;
    out->retryable = false;
    out->retry_after = -1;
    out->problem_json = false;
    out->body_kind = ERRATA_BODY_EMPTY;
    out->json_error = NULL;
    out->json_error_offset = 0;
    out->flags = 0;
    memset(out->members, 0, sizeof out->members);
    out->body = body;
    out->body_len = body ? len : 0;
    out->arena_used = 0;
    out->arena_top = sizeof out->arena.bytes;
    out->trace_id[0] = '\0';
    out->trace_key = errata_default_trace_key;
}

/* The trace id: its leading printable ASCII (what errata's writer sends),
 * read from the parser's scratch without keeping it; anything more is cut
 * and flagged. A value of another JSON type leaves it absent. */
static void read_trace_value(errata_json_parser_t *p, errata_json_token_t t,
                             errata_decoded_t *out)
{
    size_t n = 0;
    out->trace_id[0] = '\0';
    if (t != ERRATA_JSON_STRING)
        return;
    while (n < p->text_len && n < ERRATA_TRACE_ID_SIZE - 1 && (unsigned char)p->text[n] >= 0x21 &&
           (unsigned char)p->text[n] <= 0x7E) {
        out->trace_id[n] = p->text[n];
        n++;
    }
    out->trace_id[n] = '\0';
    if (p->truncated || n < p->text_len)
        out->flags |= ERRATA_PROBLEM_TRUNCATED;
}

/* The title of a known entry: its descriptor's when the body's is the same
 * (nothing kept) or was cut (a title is constant for its type, so the
 * descriptor's is the one the server meant); else the body's. */
static const char *known_title(errata_json_parser_t *p, const errata_descriptor_t *desc,
                               errata_decoded_t *out)
{
    if (p->truncated) {
        out->flags |= ERRATA_PROBLEM_TRUNCATED;
        return desc->title;
    }
    if (desc->title != NULL && errata_json_text_is(p, desc->title))
        return desc->title;
    return errata_json_keep(p);
}

/* Sets a standard member from its value; a value of the wrong JSON type
 * makes it absent, since the last of duplicated names wins (RFC 9457 §3.1).
 * *type_opaque tells whether the type just read cannot be looked up: it
 * holds "\u0000" (the C string out->type would stop there, and
 * "https://x/pet-not-found\u0000evil" would pass for the catalog's type; a
 * fuzz find) or was cut to fit the arena. Returns false on a parse error. */
static bool read_standard_value(errata_json_parser_t *p, enum standard which,
                                errata_decoded_t *out, bool *type_opaque)
{
    errata_json_token_t t = errata_decode_next_value(p);
    int64_t status;
    if (which == STD_STATUS) {
        bool ok = t == ERRATA_JSON_NUMBER && errata_json_int64(p, &status) && status >= 100 &&
                  status <= 599;
        out->body_status = ok ? (int)status : 0;
    } else if (which == STD_TRACE) {
        read_trace_value(p, t, out);
        if (t == ERRATA_JSON_STRING)
            return true;
    } else if (which == STD_TITLE && out->desc != NULL && out->desc->title != NULL &&
               t == ERRATA_JSON_STRING) {
        out->title = known_title(p, out->desc, out);
        return true;
    } else {
        const char *s = NULL;
        if (t == ERRATA_JSON_STRING) {
            s = errata_json_keep(p);
            if (p->truncated)
                out->flags |= ERRATA_PROBLEM_TRUNCATED;
        }
        if (which == STD_TYPE) {
            out->type = s ? s : "about:blank";
            *type_opaque = s && (p->truncated || memchr(s, '\0', p->text_len) != NULL);
        } else if (which == STD_TITLE) {
            out->title = s;
        } else if (which == STD_DETAIL) {
            out->detail = s;
        } else {
            out->instance = s;
        }
        if (s != NULL)
            return true;
    }
    return t != ERRATA_JSON_ERROR && errata_json_skip(p);
}

/* Reads the wanted standard members of an object body, with strings kept
 * from arena_used on. Returns whether the type read cannot be looked up. */
static bool read_wanted(errata_decoded_t *out, unsigned want)
{
    bool type_opaque = false;
    errata_json_parser_t p;
    errata_json_init(&p, out->body, out->body_len, out->arena.bytes + out->arena_used,
                     out->arena_top - out->arena_used);
    if (errata_json_next(&p) != ERRATA_JSON_OBJECT_BEGIN)
        return false;
    while (errata_json_next(&p) == ERRATA_JSON_KEY) {
        enum standard which = standard_member(&p, want & (1u << STD_TRACE) ? out->trace_key : NULL);
        bool ok = which != STD_NONE && (want & (1u << which))
                      ? read_standard_value(&p, which, out, &type_opaque)
                      : errata_decode_skip_value(&p);
        if (!ok)
            break;
    }
    out->arena_used += p.kept;
    return type_opaque;
}

/* Pass one: the whole body is checked, so a truncated or broken body never
 * passes for a problem, even when its first members looked fine. Returns
 * whether the type cannot be looked up (read_standard_value). */
static bool check_body(errata_decoded_t *out)
{
    const char *error;
    size_t offset;
    bool object;
    if (!errata_json_validate(out->body, out->body_len, &error, &offset, &object)) {
        out->body_kind = ERRATA_BODY_INVALID;
        out->json_error = error;
        out->json_error_offset = offset;
        return false;
    }
    out->body_kind = object ? ERRATA_BODY_OBJECT : ERRATA_BODY_NOT_OBJECT;
    return object && read_wanted(out, WANT_TYPE | WANT_STATUS);
}

static void read_retry_after(errata_decoded_t *out, const errata_decode_options_t *opt)
{
    if (opt == NULL || opt->header == NULL)
        return;
    const char *value = opt->header("Retry-After", opt->header_ctx);
    if (value == NULL)
        return;
    int64_t max = opt->retry_after_max > 0 ? opt->retry_after_max : 86400;
    int64_t now = opt->now != 0 ? opt->now : (int64_t)time(NULL);
    out->retry_after = errata_parse_retry_after(value, now, max);
}

/* The catalog's entry for a type, seen through a type base: a type under
 * base->served is looked up as base->catalog + the rest (a rebased type
 * longer than ERRATA_DECODE_TYPE_MAX is looked up as it is). */
static int lookup(const errata_catalog_t *catalog, const errata_type_base_t *base,
                  const char *type, int status)
{
    char mapped[ERRATA_DECODE_TYPE_MAX];
    if (catalog == NULL || catalog->lookup == NULL)
        return -1;
    if (base != NULL && base->served != NULL && base->catalog != NULL && type != NULL) {
        size_t n = strlen(base->served), c = strlen(base->catalog);
        size_t rest = n > 0 && strncmp(type, base->served, n) == 0 ? strlen(type + n) : 0;
        if (rest > 0 && c + rest < sizeof mapped) {
            memcpy(mapped, base->catalog, c);
            memcpy(mapped + c, type + n, rest + 1);
            type = mapped;
        }
    }
    return catalog->lookup(catalog, type, status);
}

void errata_decode(const errata_catalog_t *catalog, int status, const char *content_type,
                   const errata_decode_options_t *opt, const char *body, size_t len,
                   errata_decoded_t *out, void *typed_members)
{
    if (out == NULL)
        return;
    reset(out, status, body, len);
    out->problem_json = is_problem_json(content_type);
    read_retry_after(out, opt);
    bool type_opaque = body != NULL && len > 0 && check_body(out);
    int index = type_opaque ? -1 : lookup(catalog, opt ? opt->type_base : NULL, out->type, status);
    if (index >= 0 && (size_t)index < catalog->count)
        out->desc = &catalog->descriptors[index];
    /* Every entry of a catalog has the same trace member; a type the
     * catalog does not know is read with it too. */
    const errata_descriptor_t *any = out->desc ? out->desc
                                     : catalog != NULL && catalog->count > 0 ? catalog->descriptors
                                                                             : NULL;
    if (any != NULL && any->trace_key != NULL)
        out->trace_key = any->trace_key;
    /* A known entry's own type costs no room: pass one kept nothing else. */
    if (out->desc && out->desc->type_uri && out->type != out->desc->type_uri &&
        strcmp(out->type, out->desc->type_uri) == 0) {
        out->type = out->desc->type_uri;
        out->arena_used = 0;
    }
    out->retryable = out->desc ? out->desc->retryable : retryable_status(status);
    if (out->desc && out->body_kind == ERRATA_BODY_OBJECT)
        errata_decode_members(out);
    if (typed_members && out->desc)
        errata_decode_typed(out, typed_members);
    if (out->body_kind == ERRATA_BODY_OBJECT)
        read_wanted(out, WANT_TEXTS);
    if (out->title == NULL && out->desc)
        out->title = out->desc->title;
    if (out->title == NULL && out->desc == NULL && strcmp(out->type, "about:blank") == 0)
        out->title = errata_decode_reason_phrase(status);
}
