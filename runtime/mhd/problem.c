/* errata_mhd_queue_problem: a problem as an MHD response. The body and
 * headers come from liberrata (errata_problem_json, errata_problem_headers),
 * so what a client gets here is what every other errata server sends; the
 * adapter adds only what needs the request: the negotiated media type,
 * Vary, and the trace id header. */
#include "mhd_internal.h"

#include <string.h>

/* Headers go to MHD through errata_problem_headers' callback; the media
 * type it announces is swapped for the one Accept chose. */
typedef struct errata_mhd_problem_sink {
    struct MHD_Response *response;
    const char *content_type;
    bool ok;
} errata_mhd_problem_sink_t;

static void errata_mhd_problem_header(const char *name, const char *value, void *ctx)
{
    errata_mhd_problem_sink_t *sink = ctx;
    if ((name[0] | 0x20) == 'c' && errata_mhd_caseeq(name, "Content-Type"))
        value = sink->content_type;
    if (MHD_add_response_header(sink->response, name, value) != MHD_YES)
        sink->ok = false;
}

/* p reduced to its type, title, status and code (the constant start of
 * its type) and, for a hidden 5xx, the generic detail and trace id: what
 * a client needs to act on, with nothing of the occurrence. */
static void errata_mhd_problem_bare(const errata_problem_t *p, const errata_descriptor_t *desc,
                                    errata_problem_t *out)
{
    char trace[ERRATA_TRACE_ID_SIZE];
    memcpy(trace, p->trace_id, sizeof trace); /* p may be out itself */
    errata_problem_init(out);
    out->desc = desc;
    memcpy(out->trace_id, trace, sizeof out->trace_id);
}

/* The body for p in buf, and the problem whose status and headers go with
 * it. p's own body when it fits; else p's status, headers, type and code
 * with less of the body: without its detail, instance and members, then
 * also without its title (RFC 9457 makes every member optional; the
 * catalog holds the title); else, when not even the type fits, the
 * runtime's generic 500, whose status and headers then go out instead.
 * Never an empty or a cut body, never a status the body contradicts.
 * *scratch and *untitled hold the reduced forms. */
const errata_problem_t *errata_mhd_problem_body(const errata_problem_t *p,
                                                const errata_json_options_t *how, char *buf,
                                                size_t cap, size_t *len,
                                                errata_problem_t *scratch,
                                                errata_descriptor_t *untitled)
{
    if ((*len = errata_problem_json_with(p, how, buf, cap)) < cap)
        return p;
    if (p != NULL && p->desc != NULL) {
        errata_mhd_problem_bare(p, p->desc, scratch);
        if ((*len = errata_problem_json_with(scratch, how, buf, cap)) < cap)
            return p;
        *untitled = *p->desc;
        untitled->body_prefix = NULL; /* the writer builds the start, without a title */
        untitled->body_prefix_len = 0;
        untitled->title = NULL;
        untitled->locales = NULL; /* nor a translated one */
        untitled->locale_count = 0;
        errata_mhd_problem_bare(p, untitled, scratch);
        if ((*len = errata_problem_json_with(scratch, how, buf, cap)) < cap)
            return p;
    }
    if (p != NULL)
        errata_mhd_problem_bare(p, NULL, scratch); /* a few hundred bytes: it fits */
    else
        errata_problem_init(scratch);
    errata_json_options_t generic = { NULL, 0, how != NULL ? how->legacy : NULL };
    *len = errata_problem_json_with(scratch, &generic, buf, cap);
    return scratch;
}

size_t errata_mhd_problem_locale(struct MHD_Connection *connection, const errata_problem_t *p)
{
    /* Only a catalog with translations varies by language. */
    if (p == NULL || p->desc == NULL || p->desc->locales == NULL)
        return 0;
    return errata_mhd_connection_language(connection, p->desc);
}

const char *errata_mhd_problem_content_language(const errata_problem_t *asked,
                                                const errata_problem_t *sent, size_t locale)
{
    if (asked == NULL || asked->desc == NULL || asked->desc->locales == NULL)
        return NULL;
    return errata_problem_language(sent, locale);
}

/* The trace id, when p has a terminated, non-empty one. */
static const char *errata_mhd_problem_trace(const errata_problem_t *p)
{
    if (p == NULL || memchr(p->trace_id, '\0', sizeof p->trace_id) == NULL)
        return NULL;
    return p->trace_id[0] != '\0' ? p->trace_id : NULL;
}

enum MHD_Result errata_mhd_queue_problem(struct MHD_Connection *connection,
                                         const errata_problem_t *p,
                                         const errata_mhd_problem_options_t *options)
{
    return errata_mhd_queue_problem_closing(connection, p, options, false);
}

enum MHD_Result errata_mhd_queue_problem_closing(struct MHD_Connection *connection,
                                                 const errata_problem_t *p,
                                                 const errata_mhd_problem_options_t *options,
                                                 bool close)
{
    size_t locale = errata_mhd_problem_locale(connection, p);
    errata_json_options_t how = { options != NULL ? options->type_base : NULL, locale,
                                  options != NULL ? options->migration : NULL };
    char body[ERRATA_MHD_PROBLEM_BODY_SIZE];
    errata_problem_t reduced;
    errata_descriptor_t untitled;
    size_t len;
    const errata_problem_t *sent =
        errata_mhd_problem_body(p, &how, body, sizeof body, &len, &reduced, &untitled);
    return errata_mhd_queue_body(connection, NULL, sent, body, len, false,
                                 errata_mhd_problem_content_language(p, sent, locale), locale,
                                 options, close);
}

enum MHD_Result errata_mhd_queue_body(struct MHD_Connection *connection,
                                      const errata_mhd_request_t *req,
                                      const errata_problem_t *p, const char *body, size_t len,
                                      bool body_stays, const char *language, size_t locale,
                                      const errata_mhd_problem_options_t *options, bool close)
{
    static const errata_mhd_problem_options_t defaults = { NULL, NULL, NULL, NULL, NULL };
    const errata_mhd_problem_options_t *o = options != NULL ? options : &defaults;
    struct MHD_Response *r = MHD_create_response_from_buffer(
        len, (void *)body, body_stays ? MHD_RESPMEM_PERSISTENT : MHD_RESPMEM_MUST_COPY);
    if (r == NULL)
        return MHD_NO;
    errata_mhd_problem_sink_t sink = { r, NULL, true };
    sink.content_type = o->accept != NULL ? errata_mhd_problem_content_type(o->accept)
                                          : errata_mhd_connection_problem_type(connection);
    char scratch[2048];
    errata_problem_headers_locale(p, locale, errata_mhd_problem_header, &sink, scratch,
                                  sizeof scratch, o->observer, o->observer_ctx);
    /* The body depends on Accept: caches must not serve one client's
     * media type to another. */
    errata_mhd_problem_header("Vary", language != NULL ? "Accept, Accept-Language" : "Accept",
                              &sink);
    if (language != NULL)
        errata_mhd_problem_header("Content-Language", language, &sink);
    sink.ok = errata_mhd_add_ratelimit(r, req) && sink.ok;
    const char *trace = errata_mhd_problem_trace(p);
    if (trace != NULL)
        errata_mhd_problem_header(ERRATA_MHD_TRACE_HEADER, trace, &sink);
    if (close) /* MHD closes the connection once this is sent */
        errata_mhd_problem_header("Connection", "close", &sink);
    enum MHD_Result queued = MHD_NO;
    if (sink.ok) {
        int status = p != NULL && p->desc != NULL ? p->desc->status
                                                  : MHD_HTTP_INTERNAL_SERVER_ERROR;
        queued = MHD_queue_response(connection, (unsigned)status, r);
    }
    MHD_destroy_response(r);
    if (queued == MHD_YES)
        errata_problem_observe(p, o->observer, o->observer_ctx);
    return queued;
}
