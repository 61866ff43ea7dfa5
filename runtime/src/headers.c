/* errata_problem_headers: the headers that go with a body. Every value,
 * constant or rendered, passes one check before it reaches the caller: a
 * control byte (CR and LF above all) would let a member value inject
 * headers or split the response, so such a header is dropped, never
 * cleaned up, and the drop is reported. */
#include "internal.h"

/* A field value may hold visible ASCII, space and obs-text (RFC 9110
 * section 5.5) but no control byte; TAB is allowed there, yet no catalog
 * header needs one and it stays out with the rest. */
static bool errata_header_value_ok(const char *v)
{
    for (const unsigned char *b = (const unsigned char *)v; *b != '\0'; b++)
        if (*b < 0x20 || *b == 0x7F)
            return false;
    return true;
}

/* A field name is a token (RFC 9110 section 5.6.2). The generator checks
 * catalog names; this keeps a hand-made descriptor from emitting a broken
 * line all the same. */
static bool errata_header_name_ok(const char *name)
{
    static const char specials[] = "\"(),/:;<=>?@[\\]{}";
    if (name == NULL || name[0] == '\0')
        return false;
    for (const unsigned char *b = (const unsigned char *)name; *b != '\0'; b++) {
        if (*b <= 0x20 || *b >= 0x7F)
            return false;
        for (const char *s = specials; *s != '\0'; s++)
            if (*b == (unsigned char)*s)
                return false;
    }
    return true;
}

static void errata_header_dropped(const errata_problem_t *p, const char *name,
                                  errata_observer_fn observer, void *observer_ctx)
{
    if (observer == NULL)
        return;
    errata_event_t e = errata_event_for(p, ERRATA_EVENT_HEADER_DROPPED, name);
    observer(&e, observer_ctx);
}

/* Emits name: value after the check; returns 1 when emitted. */
static size_t errata_header_emit(const errata_problem_t *p, const char *name, const char *value,
                                 errata_header_fn emit, void *ctx, errata_observer_fn observer,
                                 void *observer_ctx)
{
    if (!errata_header_name_ok(name) || !errata_header_value_ok(value)) {
        errata_header_dropped(p, name, observer, observer_ctx);
        return 0;
    }
    if (emit != NULL)
        emit(name, value, ctx);
    return 1;
}

/* Renders one catalog header into scratch and emits it. A template naming
 * an absent member means the header does not apply (an optional
 * X-RateLimit-Limit): left out, nothing to report. */
static size_t errata_header_catalog(const errata_problem_t *p, const errata_header_desc_t *h,
                                    errata_header_fn emit, void *ctx, char *scratch, size_t cap,
                                    errata_observer_fn observer, void *observer_ctx)
{
    errata_out_t o;
    if (scratch == NULL)
        cap = 0;
    errata_out_init(&o, scratch, cap);
    if (h->parts == NULL && h->part_count > 0)
        return 0;
    if (!errata_render(&o, p, h->parts, h->part_count))
        return 0;
    if (errata_out_finish(&o) >= cap) { /* cut values are never sent */
        errata_header_dropped(p, h->name, observer, observer_ctx);
        return 0;
    }
    return errata_header_emit(p, h->name, scratch, emit, ctx, observer, observer_ctx);
}

size_t errata_problem_headers(const errata_problem_t *p, errata_header_fn emit, void *ctx,
                              char *scratch, size_t cap, errata_observer_fn observer,
                              void *observer_ctx)
{
    const errata_descriptor_t *desc = errata_problem_desc(p);
    const char *cache = desc->cache_control != NULL ? desc->cache_control : "no-store";
    size_t sent = 0;
    sent += errata_header_emit(p, "Content-Type", "application/problem+json", emit, ctx, observer,
                               observer_ctx);
    sent += errata_header_emit(p, "Cache-Control", cache, emit, ctx, observer, observer_ctx);
    for (size_t i = 0; p != NULL && desc->headers != NULL && i < desc->header_count; i++)
        sent += errata_header_catalog(p, &desc->headers[i], emit, ctx, scratch, cap, observer,
                                      observer_ctx);
    return sent;
}
