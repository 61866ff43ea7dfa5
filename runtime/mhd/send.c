/* A success response, as the route built it, handed to MHD. Everything
 * that could make it wrong was checked while it was built (response.c);
 * what is left to fail here is MHD itself. */
#include "mhd_internal.h"

#include <string.h>

/* Why a response the route returned ERRATA_OK with cannot go out. */
static const char *errata_mhd_success_problem(const errata_mhd_response_t *res)
{
    if (res->failure != NULL)
        return res->failure;
    if (res->status == 0)
        return "route returned ERRATA_OK without choosing a response";
    if (res->multi_open)
        return "207 body begun but not finished (errata_mhd_multi_status)";
    return NULL;
}

static bool errata_mhd_has_content_type(const errata_mhd_response_t *res)
{
    for (size_t i = 0; i < res->header_count; i++)
        if (errata_mhd_caseeq(res->header_names[i], "Content-Type"))
            return true;
    return false;
}

/* A 204 has no content, hence no Content-Type (RFC 9110 section 15.3.5),
 * nor has a 304 (section 15.4.5: the headers of the 200 it stands for,
 * but no body); other responses announce JSON unless the route said
 * otherwise or there is no body. */
static bool errata_mhd_bodiless(const errata_mhd_response_t *res)
{
    return res->status == MHD_HTTP_NO_CONTENT || res->status == MHD_HTTP_NOT_MODIFIED;
}

static bool errata_mhd_success_headers(struct MHD_Response *r, const errata_mhd_response_t *res,
                                       uint64_t body_len)
{
    bool no_content = errata_mhd_bodiless(res), ok = true;
    for (size_t i = 0; i < res->header_count; i++) {
        if (no_content && errata_mhd_caseeq(res->header_names[i], "Content-Type"))
            continue;
        ok = ok && MHD_add_response_header(r, res->header_names[i], res->header_values[i]) == MHD_YES;
    }
    ok = ok && errata_mhd_add_ratelimit(r, res->req);
    if (!no_content && body_len > 0 && !errata_mhd_has_content_type(res))
        ok = ok && MHD_add_response_header(r, "Content-Type", "application/json") == MHD_YES;
    /* The server is stopping: MHD closes the connection after this. */
    if (errata_mhd_draining(res->req->server))
        ok = ok && MHD_add_response_header(r, "Connection", "close") == MHD_YES;
    return ok && MHD_add_response_header(r, ERRATA_MHD_TRACE_HEADER, res->req->trace_id) == MHD_YES;
}

static struct MHD_Response *errata_mhd_success_response(errata_mhd_response_t *res,
                                                        uint64_t *len)
{
    if (res->status == MHD_HTTP_NO_CONTENT) {
        *len = 0;
        return MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    }
    if (res->file_fd >= 0) {
        /* MHD owns the descriptor once the response exists (it closes
         * it with the response). A HEAD or a 304 reads none of it: MHD
         * sends the headers only, with the file's length as
         * Content-Length, which RFC 9110 section 8.6 allows for both (a
         * Content-Length: 0 on a 304 would contradict the 200). */
        struct MHD_Response *r = MHD_create_response_from_fd64(res->file_size, res->file_fd);
        if (r != NULL)
            res->file_fd = -1;
        *len = res->file_size;
        return r;
    }
    if (res->static_body != NULL) {
        /* The route vouched that the data outlives the response. */
        *len = res->static_len;
        return MHD_create_response_from_buffer(res->static_len, (void *)res->static_body,
                                               MHD_RESPMEM_PERSISTENT);
    }
    /* Copied: the slot's buffer is reused once MHD reports completion. */
    *len = res->len;
    return MHD_create_response_from_buffer(res->len, res->buf, MHD_RESPMEM_MUST_COPY);
}

enum MHD_Result errata_mhd_send_success(errata_mhd_slot_t *slot, const char **why)
{
    errata_mhd_response_t *res = &slot->res;
    uint64_t len = 0;
    if ((*why = errata_mhd_success_problem(res)) != NULL)
        return MHD_NO;
    struct MHD_Response *r = errata_mhd_success_response(res, &len);
    if (r == NULL) {
        *why = "MHD could not create the response";
        return MHD_NO;
    }
    if (!errata_mhd_success_headers(r, res, len)) {
        MHD_destroy_response(r);
        *why = "MHD refused a response header";
        return MHD_NO;
    }
    enum MHD_Result queued = MHD_queue_response(slot->req.connection, (unsigned)res->status, r);
    MHD_destroy_response(r);
    if (queued == MHD_YES) {
        slot->sent_status = res->status;
        slot->sent_code = NULL;
    }
    return queued;
}
