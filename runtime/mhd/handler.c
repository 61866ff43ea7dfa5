/* The MHD callbacks: a request's life in its slot.
 *
 * MHD calls the access handler once when the headers are in (the slot is
 * claimed, the trace id chosen), once per piece of body (buffered in the
 * slot, or counted and dropped past max_body), and once more when the
 * request is complete (the answer). The completion callback writes the
 * access log line and gives the slot back. */
#include "mhd_internal.h"

#include <string.h>

static void errata_mhd_request_reset(errata_mhd_slot_t *slot, errata_mhd_server_t *server,
                                     struct MHD_Connection *connection, const char *url,
                                     const char *method)
{
    errata_mhd_request_t *req = &slot->req;
    req->server = server;
    req->connection = connection;
    req->method = method;
    req->path = url;
    req->param_count = 0;
    req->body_len = 0;
    req->body[0] = '\0';
    req->body_too_large = false;
    req->ratelimit.count = 0;
    errata_mhd_trace_for(server, connection, req->trace_id);
}

static void errata_mhd_response_reset(errata_mhd_slot_t *slot)
{
    errata_mhd_response_t *res = &slot->res;
    res->req = &slot->req;
    res->status = 0;
    res->len = 0;
    res->buf[0] = '\0';
    res->static_body = NULL;
    res->static_len = 0;
    res->file_fd = -1; /* released when the last response was sent or refused */
    res->file_size = 0;
    res->failure = NULL;
    res->header_count = 0;
    res->header_used = 0;
    res->multi_items = 0;
    res->multi_open = false;
}

/* A declared length over the limit is refused before the body is read. */
static bool errata_mhd_declared_too_large(struct MHD_Connection *connection, size_t max)
{
    const char *v = MHD_lookup_connection_value(connection, MHD_HEADER_KIND,
                                                MHD_HTTP_HEADER_CONTENT_LENGTH);
    size_t n = 0;
    if (v == NULL)
        return false;
    for (; *v >= '0' && *v <= '9'; v++) {
        size_t d = (size_t)(*v - '0');
        if (d > max || n > (max - d) / 10)
            return true; /* n * 10 + d > max, checked without overflow */
        n = n * 10 + d;
    }
    return false;
}

/* Every slot taken: the connections MHD accepts beyond the slots (the
 * spare ones), or an application's daemon with a limit above the pool.
 * Answered at once with a 503 through the unavailable hook, from the stack:
 * a request with no slot has no body buffer and routes nowhere. */
static void errata_mhd_busy_problem(errata_mhd_server_t *server,
                                    struct MHD_Connection *connection, const char *url,
                                    const char *method, errata_problem_t *p)
{
    static const char why[] = "every request slot is taken";
    errata_mhd_request_t req;
    char no_body[1] = "";
    memset(&req, 0, sizeof req);
    req.server = server;
    req.connection = connection;
    req.method = method;
    req.path = url;
    req.body = no_body;
    errata_mhd_trace_for(server, connection, req.trace_id);
    errata_problem_init(p);
    errata_mhd_refuse_fn fn = server->config.unavailable;
    if (fn == NULL || fn(&req, why, p) != ERRATA_FAILED || p->desc == NULL)
        errata_mhd_throw_standard(p, ERRATA_MHD_STD_SERVICE_UNAVAILABLE, why, NULL);
    if (p->trace_id[0] == '\0')
        errata_problem_set_trace_id(p, req.trace_id);
}

static enum MHD_Result errata_mhd_no_slot(errata_mhd_server_t *server,
                                          struct MHD_Connection *connection, const char *url,
                                          const char *method, void **con_cls)
{
    errata_problem_t p;
    errata_mhd_conn_set(errata_mhd_conn_of(server, connection), ERRATA_MHD_CONN_ANSWERING);
    errata_mhd_busy_problem(server, connection, url, method, &p);
    *con_cls = server; /* answered: later calls for this request do nothing */
    errata_mhd_problem_options_t options = { NULL, server->config.type_base,
                                             server->config.observer,
                                             server->config.observer_ctx };
    enum MHD_Result queued =
        errata_mhd_queue_problem_closing(connection, &p, &options, errata_mhd_draining(server));
    if (server->config.access_log != NULL) {
        char log_method[ERRATA_MHD_LOG_METHOD], log_path[ERRATA_MHD_LOG_PATH];
        errata_mhd_copy_escaped(log_method, sizeof log_method, method);
        errata_mhd_copy_escaped(log_path, sizeof log_path, url);
        errata_mhd_access_t entry = { log_method, log_path,
                                      queued == MHD_YES ? p.desc->status : 0,
                                      p.desc->code_name, 0, p.trace_id, queued == MHD_YES };
        server->config.access_log(&entry, server->config.access_log_ctx);
    }
    return queued;
}

static enum MHD_Result errata_mhd_begin(errata_mhd_server_t *server,
                                        struct MHD_Connection *connection, const char *url,
                                        const char *method, const char *version,
                                        void **con_cls)
{
    bool nul_in_target = *con_cls == (void *)&server->nul_target;
    errata_mhd_slot_t *slot = errata_mhd_slot_acquire(server);
    if (slot == NULL)
        return errata_mhd_no_slot(server, connection, url, method, con_cls);
    slot->answered = false;
    slot->start_us = errata_mhd_now_us();
    slot->deadline_us = errata_mhd_conn_deadline(server, errata_mhd_conn_of(server, connection));
    slot->sent_status = 0;
    slot->sent_code = NULL;
    errata_mhd_copy_escaped(slot->log_method, sizeof slot->log_method, method);
    errata_mhd_copy_escaped(slot->log_path, sizeof slot->log_path, url);
    errata_mhd_request_reset(slot, server, connection, url, method);
    errata_mhd_response_reset(slot);
    *con_cls = slot;
    errata_mhd_standard_t which;
    slot->req.refusal = errata_mhd_refusal(server, connection, version, nul_in_target, &which);
    slot->req.refusal_kind = which;
    if (slot->req.refusal != NULL)
        return errata_mhd_dispatch(slot); /* before the body: MHD closes after the answer */
    if (errata_mhd_declared_too_large(connection, server->config.max_body)) {
        /* Answered before the body is sent: MHD sends no 100 Continue and
         * closes the connection after the response. */
        slot->req.body_too_large = true;
        return errata_mhd_dispatch(slot);
    }
    return MHD_YES;
}

/* Buffers a piece of the body; past max_body the rest is read and
 * dropped, and the request answered by the too_large hook. */
static void errata_mhd_take_body(errata_mhd_slot_t *slot, const char *data, size_t n)
{
    errata_mhd_request_t *req = &slot->req;
    size_t max = req->server->config.max_body;
    if (req->body_too_large)
        return;
    if (n > max - req->body_len) {
        req->body_too_large = true;
        return;
    }
    memcpy(req->body + req->body_len, data, n);
    req->body_len += n;
    req->body[req->body_len] = '\0';
}

enum MHD_Result errata_mhd_access_handler(void *cls, struct MHD_Connection *connection,
                                          const char *url, const char *method,
                                          const char *version, const char *upload_data,
                                          size_t *upload_data_size, void **con_cls)
{
    errata_mhd_server_t *server = cls;
    if (*con_cls == NULL || *con_cls == (void *)&server->nul_target)
        return errata_mhd_begin(server, connection, url, method, version, con_cls);
    errata_mhd_slot_t *slot = *con_cls == (void *)server ? NULL : *con_cls;
    if (*upload_data_size > 0) {
        /* A body still arriving past the deadline: MHD cannot queue an
         * answer while it does (MHD_queue_response refuses), so the
         * connection is closed, as the watchdog would. */
        if (slot != NULL && !slot->answered && slot->deadline_us != 0 &&
            errata_mhd_now_us() > slot->deadline_us)
            return MHD_NO;
        if (slot != NULL && !slot->answered)
            errata_mhd_take_body(slot, upload_data, *upload_data_size);
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (slot == NULL || slot->answered)
        return MHD_YES;
    return errata_mhd_dispatch(slot);
}

void *errata_mhd_uri_log(void *cls, const char *uri, struct MHD_Connection *connection)
{
    errata_mhd_server_t *server = cls;
    /* A request has begun (errata_mhd_stop waits for it). */
    errata_mhd_conn_set(errata_mhd_conn_of(server, connection), ERRATA_MHD_CONN_RECEIVING);
    /* The only look at the target before MHD decodes it in place. */
    return errata_mhd_target_has_nul(uri) ? (void *)&server->nul_target : NULL;
}

void errata_mhd_request_completed(void *cls, struct MHD_Connection *connection, void **con_cls,
                                  enum MHD_RequestTerminationCode toe)
{
    errata_mhd_server_t *server = cls;
    errata_mhd_slot_t *slot = con_cls != NULL ? *con_cls : NULL;
    /* The connection is ready for its next request: a new deadline. */
    errata_mhd_conn_set(errata_mhd_conn_of(server, connection), ERRATA_MHD_CONN_IDLE);
    /* Nothing to release: never begun, answered without a slot, or ended
     * by MHD after errata_mhd_uri_log marked it (MHD's own refusal). */
    if (slot == NULL || (void *)slot == (void *)server ||
        (void *)slot == (void *)&server->nul_target)
        return;
    *con_cls = NULL;
    if (server->config.access_log != NULL) {
        errata_mhd_access_t entry = {
            slot->log_method, slot->log_path, slot->sent_status, slot->sent_code,
            errata_mhd_now_us() - slot->start_us, slot->req.trace_id,
            toe == MHD_REQUEST_TERMINATED_COMPLETED_OK,
        };
        server->config.access_log(&entry, server->config.access_log_ctx);
    }
    errata_mhd_slot_release(slot);
}
