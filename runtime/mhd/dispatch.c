/* One request's answer: too large, the before hook, routing, the route,
 * then either the route's success or a problem. Every way of going wrong
 * ends in a problem, and the problem is chosen by the application (its
 * hooks throw its catalog's codes). When a hook is missing or does not
 * throw, the standard answer for its status goes out instead (standard.c:
 * a 404 is "Not Found", a 405 carries Allow); only the internal hook falls
 * back on the runtime's generic 500 (about:blank, "Internal Server Error"),
 * which is what a failure of unknown kind is. */
#include "mhd_internal.h"

#include <string.h>

/* Whether err holds a problem that was thrown; clears it otherwise, so
 * that a hook's half-filled problem never reaches a body (a cleared
 * problem is sent as the generic 500). */
static bool errata_mhd_thrown(errata_status_t status, errata_problem_t *err)
{
    if (status == ERRATA_FAILED && err->desc != NULL)
        return true;
    errata_problem_init(err);
    return false;
}

/* The adapter's own failure, as the application's internal hook words it. */
static void errata_mhd_internal(errata_mhd_slot_t *slot, const char *why)
{
    const errata_mhd_config_t *cfg = &slot->req.server->config;
    errata_problem_init(&slot->problem);
    if (cfg->internal != NULL)
        (void)errata_mhd_thrown(cfg->internal(&slot->req, why, &slot->problem), &slot->problem);
}

/* A hook's answer, or the standard one when the hook is missing (fn NULL)
 * or threw nothing. */
static void errata_mhd_hook(errata_mhd_request_t *req, errata_problem_t *err,
                            errata_mhd_hook_fn fn, errata_mhd_standard_t standard)
{
    if (fn == NULL || !errata_mhd_thrown(fn(req, err), err))
        errata_mhd_throw_standard(err, standard, NULL, NULL);
}

errata_status_t errata_mhd_throw_not_found(errata_mhd_request_t *req, errata_problem_t *err)
{
    errata_mhd_hook(req, err, req->server->config.not_found, ERRATA_MHD_STD_NOT_FOUND);
    return ERRATA_FAILED;
}

errata_status_t errata_mhd_throw_not_allowed(errata_mhd_request_t *req, const char *allow,
                                             errata_problem_t *err)
{
    errata_mhd_not_allowed_fn fn = req->server->config.method_not_allowed;
    if (fn == NULL || !errata_mhd_thrown(fn(req, allow, err), err))
        errata_mhd_throw_standard(err, ERRATA_MHD_STD_METHOD_NOT_ALLOWED, NULL, allow);
    return ERRATA_FAILED;
}

static void errata_mhd_not_allowed(errata_mhd_slot_t *slot)
{
    char allow[ERRATA_MHD_ALLOW_SIZE];
    if (errata_mhd_route_allow(slot->req.server, slot->req.path, allow, sizeof allow) >=
        sizeof allow) {
        errata_mhd_internal(slot, "Allow header overflow (too many methods for one path)");
        return;
    }
    (void)errata_mhd_throw_not_allowed(&slot->req, allow, &slot->problem);
}

/* Routes the request; true when the route answered with a success to
 * send, false when slot->problem is what to send. */
static bool errata_mhd_route(errata_mhd_slot_t *slot)
{
    errata_problem_t *err = &slot->problem;
    errata_mhd_route_outcome_t outcome;
    const errata_mhd_route_t *r = errata_mhd_route_find(slot->req.server, &slot->req, &outcome);
    if (outcome == ERRATA_MHD_ROUTE_NO_PATH) {
        (void)errata_mhd_throw_not_found(&slot->req, err);
        return false;
    }
    if (outcome == ERRATA_MHD_ROUTE_NO_METHOD) {
        errata_mhd_not_allowed(slot);
        return false;
    }
    errata_status_t status = r->handler(&slot->req, &slot->res, err);
    if (status == ERRATA_OK)
        return true;
    if (!errata_mhd_thrown(status, err))
        errata_mhd_internal(slot, "route returned a failure without throwing a problem");
    return false;
}

/* A request refused before routing (check.c): 400 or 501, through the
 * application's hook or as the standard answer with the reason as detail. */
static void errata_mhd_refuse(errata_mhd_slot_t *slot)
{
    const errata_mhd_config_t *cfg = &slot->req.server->config;
    errata_problem_t *err = &slot->problem;
    errata_mhd_standard_t which = slot->req.refusal_kind;
    errata_mhd_refuse_fn fn = which == ERRATA_MHD_STD_NOT_IMPLEMENTED ? cfg->not_implemented
                                                                       : cfg->bad_request;
    if (fn == NULL || !errata_mhd_thrown(fn(&slot->req, slot->req.refusal, err), err))
        errata_mhd_throw_standard(err, which, slot->req.refusal, NULL);
}

/* Up to the point where a response is chosen: true for a success. */
static bool errata_mhd_decide(errata_mhd_slot_t *slot)
{
    const errata_mhd_config_t *cfg = &slot->req.server->config;
    errata_problem_t *err = &slot->problem;
    errata_problem_init(err);
    if (slot->req.refusal != NULL) {
        errata_mhd_refuse(slot);
        return false;
    }
    if (slot->req.body_too_large) {
        errata_mhd_hook(&slot->req, err, cfg->too_large, ERRATA_MHD_STD_CONTENT_TOO_LARGE);
        return false;
    }
    if (cfg->before != NULL) {
        errata_status_t status = cfg->before(&slot->req, err);
        if (status == ERRATA_FAILED) {
            if (!errata_mhd_thrown(status, err))
                errata_mhd_internal(slot, "before hook returned a failure without throwing");
            return false;
        }
        errata_problem_init(err);
    }
    return errata_mhd_route(slot);
}

/* The body of the problem to send, in buf[ERRATA_MHD_PROBLEM_BODY_SIZE]:
 * the slot's problem, with the request's trace id unless the application
 * set one of its own after the throw (a throw clears it). *sent is the
 * problem whose status and headers go with the body (errata_mhd_problem_body):
 * the slot's own, or the generic 500; *locale the language it is written
 * in (the request's Accept-Language, for a translated catalog). */
static size_t errata_mhd_problem_render(errata_mhd_slot_t *slot, char *buf,
                                        const errata_problem_t **sent, size_t *locale,
                                        errata_problem_t *scratch, errata_descriptor_t *untitled)
{
    errata_problem_t *err = &slot->problem;
    size_t len;
    /* The request's id was checked when it was chosen (trace.c: hex, or
     * printable ASCII of at most 32 bytes): copied whole, NUL included. */
    if (err->trace_id[0] == '\0')
        memcpy(err->trace_id, slot->req.trace_id, sizeof err->trace_id);
    const errata_mhd_config_t *cfg = &slot->req.server->config;
    *locale = errata_mhd_problem_locale(slot->req.connection, err);
    errata_json_options_t how = { cfg->type_base, *locale, cfg->migration };
    *sent = errata_mhd_problem_body(err, &how, buf, ERRATA_MHD_PROBLEM_BODY_SIZE, &len, scratch,
                                    untitled);
    return len;
}

static enum MHD_Result errata_mhd_send_problem(errata_mhd_slot_t *slot)
{
    const errata_mhd_config_t *cfg = &slot->req.server->config;
    errata_problem_t *err = &slot->problem;
    errata_problem_t scratch;
    errata_descriptor_t untitled;
    const errata_problem_t *sent;
    size_t locale;
    /* The slot's response buffer holds the body until MHD reports the
     * request completed, so MHD need not copy it; a server configured
     * with a smaller max_response writes it on the stack, copied. */
    char stack_body[ERRATA_MHD_PROBLEM_BODY_SIZE];
    bool in_slot = slot->res.cap >= ERRATA_MHD_PROBLEM_BODY_SIZE;
    char *body = in_slot ? slot->res.buf : stack_body;
    size_t len = errata_mhd_problem_render(slot, body, &sent, &locale, &scratch, &untitled);
    /* A problem that cannot be sent even reduced to its type (a type or
     * code of kilobytes) is the server's own failure: the catalog's 500
     * says so, with the reason for the logs; when even that does not fit,
     * the generic 500. */
    if (sent != err) {
        errata_mhd_internal(slot, "problem type too large for the problem body buffer "
                                  "(ERRATA_MHD_PROBLEM_BODY_SIZE)");
        len = errata_mhd_problem_render(slot, body, &sent, &locale, &scratch, &untitled);
    }
    if (sent != err) {
        errata_problem_init(err);
        len = errata_mhd_problem_render(slot, body, &sent, &locale, &scratch, &untitled);
    }
    errata_mhd_problem_options_t options = { NULL, cfg->type_base, cfg->observer,
                                             cfg->observer_ctx, cfg->migration };
    enum MHD_Result queued =
        errata_mhd_queue_body(slot->req.connection, &slot->req, err, body, len, in_slot,
                              errata_mhd_problem_content_language(err, sent, locale), locale,
                              &options,
                              errata_mhd_draining(slot->req.server));
    if (queued == MHD_YES) {
        slot->sent_status = err->desc != NULL ? err->desc->status
                                              : MHD_HTTP_INTERNAL_SERVER_ERROR;
        slot->sent_code = err->desc != NULL ? err->desc->code_name : NULL;
    }
    return queued;
}

enum MHD_Result errata_mhd_dispatch(errata_mhd_slot_t *slot)
{
    slot->answered = true;
    /* Received (or refused): no longer under the deadline, which bounds
     * the client's delivery, not the route. */
    errata_mhd_conn_set(slot->conn, ERRATA_MHD_CONN_ANSWERING);
    if (errata_mhd_decide(slot)) {
        const char *why = NULL;
        enum MHD_Result queued = errata_mhd_send_success(slot, &why);
        if (why == NULL)
            return queued;
        errata_mhd_internal(slot, why);
    }
    /* A route that chose a file and threw after all. */
    errata_mhd_response_release(&slot->res);
    return errata_mhd_send_problem(slot);
}
