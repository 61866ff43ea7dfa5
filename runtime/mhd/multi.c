/* 207 Multi-Status bodies in the shape liberrata's reader takes
 * (decode.h, errata_multi_next):
 *   {"items":[{"id":"1","status":200,"value":{...}},
 *             {"id":"2","status":404,"problem":{...}}]}
 * A batch where some items fail answers 207 with a problem per failed
 * item, never a 200 with fewer items. */
#include "mhd_internal.h"

#include <string.h>

/* The separator and the item's start: {"id":"...","status":N, */
static bool errata_mhd_item_start(errata_mhd_response_t *res, const char *id, int status)
{
    if (!res->multi_open) {
        errata_mhd_response_fail(res, "207 item outside errata_mhd_multi_begin");
        return false;
    }
    return (res->multi_items++ == 0 || errata_mhd_append(res, ",", 1)) &&
           errata_mhd_append(res, "{\"id\":", 6) && errata_mhd_json_string(res, id) &&
           errata_mhd_printf(res, ",\"status\":%d,", status);
}

bool errata_mhd_multi_begin(errata_mhd_response_t *res)
{
    if (res == NULL)
        return false;
    if (res->multi_open) {
        errata_mhd_response_fail(res, "errata_mhd_multi_begin twice");
        return false;
    }
    res->multi_open = true;
    res->multi_items = 0;
    return errata_mhd_append(res, "{\"items\":[", 10);
}

bool errata_mhd_multi_value(errata_mhd_response_t *res, const char *id, const char *value_json)
{
    if (res == NULL)
        return false;
    /* One bad value would make the whole batch unreadable. */
    size_t n = value_json != NULL ? strlen(value_json) : 0;
    if (value_json == NULL || !errata_json_validate(value_json, n, NULL, NULL, NULL)) {
        errata_mhd_response_fail(res, "207 value item that is not one JSON value");
        return false;
    }
    return errata_mhd_item_start(res, id, MHD_HTTP_OK) && errata_mhd_append(res, "\"value\":", 8) &&
           errata_mhd_append(res, value_json, n) && errata_mhd_append(res, "}", 1);
}

/* The problem is written straight into the body's buffer (snprintf
 * semantics: a problem that does not fit overflows the response). */
static bool errata_mhd_append_problem(errata_mhd_response_t *res, const errata_problem_t *p)
{
    size_t room = res->len <= res->cap ? res->cap - res->len : 0;
    const errata_mhd_config_t *cfg = &res->req->server->config;
    size_t n = errata_problem_json_legacy(p, cfg->type_base, cfg->migration, res->buf + res->len,
                                          room + 1);
    if (n > room) {
        res->buf[res->len] = '\0';
        res->len = res->cap + 1;
        errata_mhd_response_fail(res, "response body overflow");
        return false;
    }
    res->len += n;
    return true;
}

bool errata_mhd_multi_problem(errata_mhd_response_t *res, const char *id, errata_problem_t *p)
{
    if (res == NULL)
        return false;
    if (p != NULL && p->trace_id[0] == '\0')
        errata_problem_set_trace_id(p, res->req->trace_id);
    int status = p != NULL && p->desc != NULL ? p->desc->status : MHD_HTTP_INTERNAL_SERVER_ERROR;
    if (!(errata_mhd_item_start(res, id, status) && errata_mhd_append(res, "\"problem\":", 10) &&
          errata_mhd_append_problem(res, p) && errata_mhd_append(res, "}", 1)))
        return false;
    errata_problem_observe(p, res->req->server->config.observer,
                           res->req->server->config.observer_ctx);
    return true;
}

errata_status_t errata_mhd_multi_status(errata_mhd_response_t *res)
{
    if (res == NULL)
        return ERRATA_OK;
    res->status = MHD_HTTP_MULTI_STATUS;
    if (!res->multi_open) {
        errata_mhd_response_fail(res, "207 without errata_mhd_multi_begin");
        return ERRATA_OK;
    }
    res->multi_open = false;
    errata_mhd_append(res, "]}", 2);
    return ERRATA_OK;
}
