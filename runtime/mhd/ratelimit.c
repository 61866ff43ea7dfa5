/* RateLimit-Policy and RateLimit (draft-ietf-httpapi-ratelimit-headers-11)
 * on every answer to a request: the application hands the request its
 * limiter's state (errata_mhd_set_ratelimit, in the before hook or the
 * route), and the success and problem paths both add the fields, written
 * by liberrata's errata_ratelimit_headers. */
#include "mhd_internal.h"

#include <string.h>

bool errata_mhd_set_ratelimit(errata_mhd_request_t *req, const errata_ratelimit_t *rl)
{
    if (req == NULL)
        return false;
    req->ratelimit.count = 0;
    if (rl == NULL || rl->count == 0)
        return true; /* cleared */
    /* Refused whole when either field could not be written right: the
     * fields are checked here, where the caller can still hear of it. */
    char field[ERRATA_RATELIMIT_FIELD_MAX];
    if (rl->count > ERRATA_RATELIMIT_POLICIES ||
        errata_ratelimit_policy_field(rl, field, sizeof field) == 0 ||
        errata_ratelimit_policy_field(rl, field, sizeof field) >= sizeof field ||
        errata_ratelimit_field(rl, field, sizeof field) >= sizeof field)
        return false;
    req->ratelimit = *rl;
    return true;
}

typedef struct errata_mhd_rl_sink {
    struct MHD_Response *response;
    bool ok;
} errata_mhd_rl_sink_t;

static void errata_mhd_rl_header(const char *name, const char *value, void *ctx)
{
    errata_mhd_rl_sink_t *sink = ctx;
    if (MHD_add_response_header(sink->response, name, value) != MHD_YES)
        sink->ok = false;
}

bool errata_mhd_add_ratelimit(struct MHD_Response *r, const errata_mhd_request_t *req)
{
    if (req == NULL || req->ratelimit.count == 0)
        return true;
    /* A field the route or the problem's catalog entry set itself wins. */
    if (MHD_get_response_header(r, "RateLimit") != NULL ||
        MHD_get_response_header(r, "RateLimit-Policy") != NULL)
        return true;
    char scratch[ERRATA_RATELIMIT_FIELD_MAX];
    errata_mhd_rl_sink_t sink = { r, true };
    errata_ratelimit_headers(&req->ratelimit, errata_mhd_rl_header, &sink, scratch,
                             sizeof scratch);
    return sink.ok;
}
