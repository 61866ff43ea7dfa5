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
    if (errata_mhd_caseeq(name, "Content-Type"))
        value = sink->content_type;
    if (MHD_add_response_header(sink->response, name, value) != MHD_YES)
        sink->ok = false;
}

/* The body, in buf. One too large for the buffer (members near the arena's
 * size, all escaped six-fold) is cut down to the constant start of its
 * type, which still names the type (as generated: the start is a constant),
 * title, status and code: a valid problem, never a cut one. */
static size_t errata_mhd_problem_body(const errata_problem_t *p, const errata_type_base_t *base,
                                      char *buf, size_t cap)
{
    size_t len = errata_problem_json_rebased(p, base, buf, cap);
    if (len < cap)
        return len;
    const errata_descriptor_t *d = p->desc; /* set: the untyped 500 always fits */
    size_t n = d->body_prefix == NULL ? 0
               : d->body_prefix_len > 0 ? d->body_prefix_len : strlen(d->body_prefix);
    if (n == 0 || n + 2 > cap)
        return 0;
    memcpy(buf, d->body_prefix, n);
    memcpy(buf + n, "}", 2);
    return n + 1;
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
    static const errata_mhd_problem_options_t defaults = { NULL, NULL, NULL, NULL };
    const errata_mhd_problem_options_t *o = options != NULL ? options : &defaults;
    char body[ERRATA_MHD_PROBLEM_BODY_SIZE];
    size_t len = errata_mhd_problem_body(p, o->type_base, body, sizeof body);
    struct MHD_Response *r = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_COPY);
    if (r == NULL)
        return MHD_NO;
    errata_mhd_problem_sink_t sink = { r, NULL, true };
    sink.content_type = o->accept != NULL ? errata_mhd_problem_content_type(o->accept)
                                          : errata_mhd_connection_problem_type(connection);
    char scratch[2048];
    errata_problem_headers(p, errata_mhd_problem_header, &sink, scratch, sizeof scratch,
                           o->observer, o->observer_ctx);
    /* The body depends on Accept: caches must not serve one client's
     * media type to another. */
    errata_mhd_problem_header("Vary", "Accept", &sink);
    const char *trace = errata_mhd_problem_trace(p);
    if (trace != NULL)
        errata_mhd_problem_header(ERRATA_MHD_TRACE_HEADER, trace, &sink);
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
