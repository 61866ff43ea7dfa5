/* What a route can read of its request. */
#include "mhd_internal.h"

#include <string.h>

const char *errata_mhd_method(const errata_mhd_request_t *req)
{
    return req != NULL ? req->method : NULL;
}

const char *errata_mhd_path(const errata_mhd_request_t *req)
{
    return req != NULL ? req->path : NULL;
}

const char *errata_mhd_param(const errata_mhd_request_t *req, const char *name)
{
    if (req == NULL || name == NULL)
        return NULL;
    size_t n = strlen(name);
    for (size_t i = 0; i < req->param_count; i++)
        if (req->param_name_lens[i] == n && memcmp(req->param_names[i], name, n) == 0)
            return req->param_values[i];
    return NULL;
}

const char *errata_mhd_query(const errata_mhd_request_t *req, const char *name)
{
    if (req == NULL || name == NULL)
        return NULL;
    return MHD_lookup_connection_value(req->connection, MHD_GET_ARGUMENT_KIND, name);
}

const char *errata_mhd_header(const errata_mhd_request_t *req, const char *name)
{
    if (req == NULL || name == NULL)
        return NULL;
    return MHD_lookup_connection_value(req->connection, MHD_HEADER_KIND, name);
}

const char *errata_mhd_body(const errata_mhd_request_t *req, size_t *len)
{
    if (len != NULL)
        *len = req != NULL ? req->body_len : 0;
    return req != NULL ? req->body : NULL;
}

const char *errata_mhd_trace_id(const errata_mhd_request_t *req)
{
    return req != NULL ? req->trace_id : NULL;
}

void *errata_mhd_app(const errata_mhd_request_t *req)
{
    return req != NULL ? req->server->config.app : NULL;
}

struct MHD_Connection *errata_mhd_connection(const errata_mhd_request_t *req)
{
    return req != NULL ? req->connection : NULL;
}
