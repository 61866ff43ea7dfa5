/* errata_problem_headers: the headers that go with a body. Every value,
 * constant or rendered, passes one check before it reaches the caller: a
 * control byte (CR and LF above all) would let a member value inject
 * headers or split the response, and a cut or ill-formed value would tell
 * the client something false, so such a value is never sent, never cleaned
 * up: the header's fallback goes out instead, or nothing, and it is
 * reported. */
#include "internal.h"

/* A field name is a token (RFC 9110 section 5.6.2). The generator checks
 * catalog names; this keeps a hand-made descriptor from emitting a broken
 * line all the same. */
static bool errata_header_name_ok(const char *name)
{
    if (name == NULL || name[0] == '\0')
        return false;
    for (const unsigned char *b = (const unsigned char *)name; *b != '\0'; b++)
        if (!(errata_header_class[*b] & ERRATA_HEADER_TCHAR))
            return false;
    return true;
}

static void errata_header_report(const errata_problem_t *p, errata_event_kind_t kind,
                                 const char *name, errata_observer_fn observer,
                                 void *observer_ctx)
{
    if (observer == NULL)
        return;
    errata_event_t e = errata_event_for(p, kind, name);
    observer(&e, observer_ctx);
}

/* Emits one of the runtime's own headers (its name a literal here, so
 * checked once by reading it, not per response) after its value's check;
 * returns 1 when emitted. */
static size_t errata_header_emit(const errata_problem_t *p, const char *name, const char *value,
                                 errata_header_fn emit, void *ctx, errata_observer_fn observer,
                                 void *observer_ctx)
{
    if (!errata_header_value_valid(name, value)) {
        errata_header_report(p, ERRATA_EVENT_HEADER_DROPPED, name, observer, observer_ctx);
        return 0;
    }
    if (emit != NULL)
        emit(name, value, ctx);
    return 1;
}

/* Why a rendered value cannot be sent as it is. */
enum errata_header_state {
    ERRATA_HEADER_USABLE,
    ERRATA_HEADER_OPTIONAL_ABSENT, /* the header does not apply: no report */
    ERRATA_HEADER_BROKEN           /* absent though required, cut, too long, invalid */
};

static enum errata_header_state errata_header_members(const errata_problem_t *p,
                                                      const errata_descriptor_t *desc,
                                                      const errata_header_desc_t *h)
{
    enum errata_header_state state = ERRATA_HEADER_USABLE;
    for (size_t i = 0; i < h->part_count; i++) {
        if (h->parts[i].text != NULL)
            continue;
        int m = h->parts[i].member;
        if (m < 0 || (size_t)m >= desc->member_count || m >= ERRATA_MAX_MEMBERS)
            return ERRATA_HEADER_BROKEN;
        const errata_value_t *v = &p->members[m];
        if (v->present && v->cut)
            return ERRATA_HEADER_BROKEN;
        if (!v->present)
            state = desc->members[m].required ? ERRATA_HEADER_BROKEN
                                              : ERRATA_HEADER_OPTIONAL_ABSENT;
        if (state == ERRATA_HEADER_BROKEN)
            return state;
    }
    return state;
}

/* Renders one catalog header into scratch and emits it, or its fallback
 * when the rendered value cannot be sent whole and valid. An optional
 * member's absence means the header does not apply (an optional
 * X-RateLimit-Limit): the fallback if there is one, else nothing, and
 * nothing to report. */
static size_t errata_header_catalog(const errata_problem_t *p, const errata_descriptor_t *desc,
                                    const errata_header_desc_t *h, errata_header_fn emit, void *ctx, char *scratch, size_t cap,
                                    errata_observer_fn observer, void *observer_ctx)
{
    if (!errata_header_name_ok(h->name) || (h->parts == NULL && h->part_count > 0)) {
        errata_header_report(p, ERRATA_EVENT_HEADER_DROPPED, h->name, observer, observer_ctx);
        return 0;
    }
    enum errata_header_state state = errata_header_members(p, desc, h);
    if (state == ERRATA_HEADER_USABLE) {
        errata_out_t o;
        errata_out_init(&o, scratch, scratch != NULL ? cap : 0);
        if (!errata_render(&o, p, h->parts, h->part_count) || errata_out_finish(&o) >= cap ||
            !errata_header_value_valid(h->name, scratch))
            state = ERRATA_HEADER_BROKEN; /* cut values are never sent */
        else {
            if (emit != NULL)
                emit(h->name, scratch, ctx);
            return 1;
        }
    }
    bool fallback = h->fallback != NULL && errata_header_value_valid(h->name, h->fallback);
    if (state == ERRATA_HEADER_BROKEN)
        errata_header_report(p, fallback ? ERRATA_EVENT_HEADER_FALLBACK
                                         : ERRATA_EVENT_HEADER_DROPPED,
                             h->name, observer, observer_ctx);
    if (!fallback)
        return 0;
    if (emit != NULL)
        emit(h->name, h->fallback, ctx);
    return 1;
}

/* The header list of desc in the language locale indexes: the
 * translation's when it gives one of the same length (a hand-made
 * descriptor may not), else the catalog's. */
static const errata_header_desc_t *errata_headers_in(const errata_descriptor_t *desc,
                                                     size_t locale)
{
    if (locale == 0 || desc->locales == NULL || locale > desc->locale_count)
        return desc->headers;
    const errata_localized_t *loc = &desc->locales[locale - 1];
    if (loc->headers == NULL || loc->header_count != desc->header_count)
        return desc->headers;
    return loc->headers;
}

size_t errata_problem_headers(const errata_problem_t *p, errata_header_fn emit, void *ctx,
                              char *scratch, size_t cap, errata_observer_fn observer,
                              void *observer_ctx)
{
    return errata_problem_headers_locale(p, 0, emit, ctx, scratch, cap, observer, observer_ctx);
}

size_t errata_problem_headers_locale(const errata_problem_t *p, size_t locale,
                                     errata_header_fn emit, void *ctx, char *scratch, size_t cap,
                                     errata_observer_fn observer, void *observer_ctx)
{
    const errata_descriptor_t *desc = errata_problem_desc(p);
    const errata_header_desc_t *headers = errata_headers_in(desc, locale);
    const char *cache = desc->cache_control != NULL ? desc->cache_control : "no-store";
    size_t sent = 0;
    /* The runtime's own literal: valid as written here, so not checked per
     * response; what a descriptor supplies is. */
    if (emit != NULL)
        emit("Content-Type", "application/problem+json", ctx);
    sent++;
    sent += errata_header_emit(p, "Cache-Control", cache, emit, ctx, observer, observer_ctx);
    for (size_t i = 0; p != NULL && headers != NULL && i < desc->header_count; i++)
        sent += errata_header_catalog(p, desc, &headers[i], emit, ctx, scratch, cap,
                                      observer, observer_ctx);
    return sent;
}
