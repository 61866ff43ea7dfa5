/* errata_decode: a response in, a problem out. One validating pass over the
 * body reads the status and notes where the other standard members and all
 * other members lie (spans); the type decides which catalog entry applies,
 * and that entry's members, then the free texts, are read from their spans.
 * Linear, and nothing is allocated. */
#include "decode_internal.h"
#include "sf_list.h"

#include <string.h>
#include <time.h>

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

/* A member name as the scan read it: which standard member it names (by
 * length, then its bytes: no list walked), the catalog's trace member being
 * matched first. A name cut short is none of them. */
static enum standard standard_member(const errata_json_parser_t *p, const char *trace,
                                     size_t trace_len)
{
    const char *t = p->text;
    if (p->truncated)
        return STD_NONE;
    if (p->text_len == trace_len && memcmp(t, trace, trace_len) == 0)
        return STD_TRACE;
    switch (p->text_len) {
    case 4:
        return memcmp(t, "type", 4) == 0 ? STD_TYPE : STD_NONE;
    case 5:
        return memcmp(t, "title", 5) == 0 ? STD_TITLE : STD_NONE;
    case 6:
        return memcmp(t, "status", 6) == 0   ? STD_STATUS
               : memcmp(t, "detail", 6) == 0 ? STD_DETAIL
                                             : STD_NONE;
    case 8:
        return memcmp(t, "instance", 8) == 0 ? STD_INSTANCE : STD_NONE;
    default:
        return STD_NONE;
    }
}

/* application/problem+json, whatever the case and parameters. */
static bool is_problem_json(const char *content_type)
{
    static const char want[] = "application/problem+json";
    if (content_type == NULL)
        return false;
    while (*content_type == ' ' || *content_type == '\t')
        content_type++;
    /* Servers send it in lower case: one comparison, then the end. */
    size_t i = strncmp(content_type, want, sizeof want - 1) == 0 ? sizeof want - 1 : 0;
    for (; i < sizeof want - 1; i++) {
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
    out->ratelimit.count = 0;
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

/* What the scan found of the standard members: the status it read, the
 * span of the last of each other one (the last of duplicated names wins). */
struct standard_spans {
    errata_decode_span_t at[STD_NONE];
    bool present[STD_NONE];
};

/* The next member name of the top-level object, read into the scan's own
 * small buffer (never the arena); false at the object's end or an error. */
static bool scan_name(errata_decode_scan_t *sc)
{
    sc->p.scratch = sc->name;
    sc->p.scratch_cap = sizeof sc->name;
    sc->p.kept = 0;
    return errata_json_next(&sc->p) == ERRATA_JSON_KEY;
}

/* The value after a name, checked (strings are not copied) and skipped;
 * its span in *at. */
static bool scan_value(errata_decode_scan_t *sc, errata_decode_span_t *at)
{
    sc->p.scratch_cap = 0;
    return errata_json_skip_member_value(&sc->p, &at->start, &at->end);
}

/* Notes a member that is not a standard one; once the round is full, the
 * walk goes on unrecorded and the next round starts from where this one
 * stopped (errata_decode_scan_more). */
static void scan_record_other(errata_decode_scan_t *sc, size_t name_start)
{
    if (sc->count == ERRATA_DECODE_OTHERS) {
        sc->more = true;
        return;
    }
    errata_decode_other_t *o = &sc->others[sc->count++];
    o->name.start = name_start;
    o->name.end = sc->p.pos;
    o->plain = !sc->p.truncated && sc->p.text_len == o->name.end - o->name.start - 2;
}

/* The members of the top-level object (its '{' read), for one round:
 * standard ones into *std when it is given, the others recorded. */
static bool scan_members(errata_decode_scan_t *sc, struct standard_spans *std,
                         errata_decoded_t *out)
{
    while (scan_name(sc)) {
        size_t name_start = sc->p.offset;
        enum standard which = standard_member(&sc->p, sc->trace, sc->trace_len);
        if (which == STD_NONE) {
            bool full = sc->count == ERRATA_DECODE_OTHERS && !sc->more;
            if (full)
                sc->resume = sc->p; /* the next round reads this name again */
            scan_record_other(sc, name_start);
            if (full && std == NULL)
                return true; /* a later round: the body was checked */
        }
        errata_decode_span_t at;
        if (which == STD_STATUS && std != NULL) {
            sc->p.scratch_cap = 0;
            errata_json_token_t t = errata_json_next(&sc->p);
            int64_t status;
            bool ok = t == ERRATA_JSON_NUMBER && errata_json_int64(&sc->p, &status) &&
                      status >= 100 && status <= 599;
            out->body_status = ok ? (int)status : 0;
            if (t == ERRATA_JSON_ERROR || !errata_json_skip(&sc->p))
                return false;
            continue;
        }
        if (!scan_value(sc, &at))
            return false;
        if (which == STD_NONE) {
            if (sc->count > 0 && !sc->more)
                sc->others[sc->count - 1].value = at;
        } else if (std != NULL) {
            std->at[which] = at;
            std->present[which] = true;
        }
    }
    return sc->p.token == ERRATA_JSON_OBJECT_END;
}

bool errata_decode_scan_more(errata_decode_scan_t *sc)
{
    if (!sc->more)
        return false;
    sc->p = sc->resume;
    /* The resumed parser stands after the name that did not fit: record it
     * again, then walk on. */
    size_t name_start = sc->p.offset;
    sc->count = 0;
    sc->more = false;
    scan_record_other(sc, name_start);
    errata_decode_span_t at;
    scan_value(sc, &at);
    sc->others[0].value = at;
    scan_members(sc, NULL, NULL); /* standard names are skipped again */
    return true;
}

/* The one pass: the whole body is checked, so a truncated or broken body
 * never passes for a problem, even when its first members looked fine. */
static bool scan_body(errata_decoded_t *out, errata_decode_scan_t *sc, struct standard_spans *std,
                      const char *trace_key)
{
    /* "\"NAME\":" holds NAME between its first and its last two bytes. */
    size_t key_len = strlen(trace_key);
    sc->trace = key_len > 3 ? trace_key + 1 : "";
    sc->trace_len = key_len > 3 ? key_len - 3 : (size_t)-1;
    errata_json_parser_t *p = &sc->p;
    errata_json_init(p, out->body, out->body_len, NULL, 0);
    sc->count = 0;
    sc->more = false;
    errata_json_token_t t = errata_json_next(p);
    bool object = t == ERRATA_JSON_OBJECT_BEGIN;
    if (object && scan_members(sc, std, out)) {
        p->scratch = NULL;
        p->scratch_cap = 0;
        t = errata_json_next(p); /* the end, or data after the object */
    } else if (!object) {
        while (t != ERRATA_JSON_END && t != ERRATA_JSON_ERROR)
            t = errata_json_next(p);
    } else {
        t = ERRATA_JSON_ERROR;
    }
    if (t != ERRATA_JSON_END) {
        out->body_kind = ERRATA_BODY_INVALID;
        out->body_status = 0; /* read on the way: a broken body has none */
        out->json_error = p->error;
        out->json_error_offset = p->error_offset;
        return false;
    }
    out->body_kind = object ? ERRATA_BODY_OBJECT : ERRATA_BODY_NOT_OBJECT;
    return object;
}

/* A standard member's value from its span, with strings kept at arena_used. */
static void read_standard_span(errata_decoded_t *out, enum standard which,
                               errata_decode_span_t at, bool *type_opaque)
{
    errata_json_parser_t p;
    errata_json_init(&p, out->body + at.start, at.end - at.start,
                     out->arena.bytes + out->arena_used, out->arena_top - out->arena_used);
    read_standard_value(&p, which, out, type_opaque);
    out->arena_used += p.kept;
}

/* The free texts, last, in the body's order: what does not fit the arena
 * is what came last. */
static void read_texts(errata_decoded_t *out, const struct standard_spans *std)
{
    static const enum standard texts[] = { STD_TITLE, STD_DETAIL, STD_INSTANCE, STD_TRACE };
    enum { N = sizeof texts / sizeof texts[0] };
    enum standard order[N];
    size_t n = 0;
    for (size_t i = 0; i < N; i++) {
        if (!std->present[texts[i]])
            continue;
        size_t k = n++;
        for (; k > 0 && std->at[order[k - 1]].start > std->at[texts[i]].start; k--)
            order[k] = order[k - 1];
        order[k] = texts[i];
    }
    bool unused = false;
    for (size_t i = 0; i < n; i++)
        read_standard_span(out, order[i], std->at[order[i]], &unused);
}

/* The trace member's key: every entry of a catalog has the same one. */
static const char *catalog_trace_key(const errata_catalog_t *catalog)
{
    if (catalog != NULL && catalog->count > 0 && catalog->descriptors != NULL &&
        catalog->descriptors[0].trace_key != NULL)
        return catalog->descriptors[0].trace_key;
    return errata_default_trace_key;
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

static void read_ratelimit(errata_decoded_t *out, const errata_decode_options_t *opt)
{
    if (opt == NULL || opt->header == NULL)
        return;
    memset(&out->ratelimit, 0, sizeof out->ratelimit);
    /* One field at a time: the callback may give both in one buffer. */
    errata_ratelimit_read_field(&out->ratelimit,
                                opt->header("RateLimit-Policy", opt->header_ctx), true);
    errata_ratelimit_read_field(&out->ratelimit, opt->header("RateLimit", opt->header_ctx),
                                false);
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
    read_ratelimit(out, opt);
    errata_decode_scan_t scan;
    struct standard_spans std;
    memset(&std.present, 0, sizeof std.present);
    bool object =
        body != NULL && len > 0 && scan_body(out, &scan, &std, catalog_trace_key(catalog));
    bool type_opaque = false;
    if (object && std.present[STD_TYPE])
        read_standard_span(out, STD_TYPE, std.at[STD_TYPE], &type_opaque);
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
    /* A known entry's own type costs no room: the type is all that was
     * kept yet. */
    if (out->desc && out->desc->type_uri && out->type != out->desc->type_uri &&
        strcmp(out->type, out->desc->type_uri) == 0) {
        out->type = out->desc->type_uri;
        out->arena_used = 0;
    }
    out->retryable = out->desc ? out->desc->retryable : retryable_status(status);
    if (out->desc && object)
        errata_decode_members(out, &scan);
    if (typed_members && out->desc)
        errata_decode_typed(out, typed_members);
    if (object)
        read_texts(out, &std);
    if (out->title == NULL && out->desc)
        out->title = out->desc->title;
    if (out->title == NULL && out->desc == NULL && strcmp(out->type, "about:blank") == 0)
        out->title = errata_decode_reason_phrase(status);
}
