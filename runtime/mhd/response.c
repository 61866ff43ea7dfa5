/* Building a success response in the slot: the body (snprintf-style, in
 * the slot's buffer), extra headers (checked, copied into the slot), and
 * the status the route chose. Nothing is sent here: a response that
 * overflowed or was refused a header is answered as an internal failure
 * once the route returns, so a route never has to clean up after itself. */
#include "mhd_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

void errata_mhd_response_fail(errata_mhd_response_t *res, const char *why)
{
    if (res->failure == NULL)
        res->failure = why;
}

/* Room for n more bytes, or the response is marked overflowed. */
static bool errata_mhd_room(errata_mhd_response_t *res, size_t n)
{
    if (res->len <= res->cap && n <= res->cap - res->len)
        return true;
    res->len = res->cap + 1;
    errata_mhd_response_fail(res, "response body overflow");
    return false;
}

bool errata_mhd_append(errata_mhd_response_t *res, const char *bytes, size_t n)
{
    if (res == NULL || !errata_mhd_room(res, n))
        return false;
    if (n > 0)
        memcpy(res->buf + res->len, bytes, n);
    res->len += n;
    res->buf[res->len] = '\0';
    return true;
}

bool errata_mhd_printf(errata_mhd_response_t *res, const char *fmt, ...)
{
    if (res == NULL || !errata_mhd_room(res, 0))
        return false;
    va_list ap;
    va_start(ap, fmt);
    /* The buffer has cap + 1 bytes: vsnprintf's NUL always has room. */
    int n = vsnprintf(res->buf + res->len, res->cap - res->len + 1, fmt, ap);
    va_end(ap);
    if (n < 0) {
        res->buf[res->len] = '\0';
        errata_mhd_response_fail(res, "response body format error");
        return false;
    }
    if (!errata_mhd_room(res, (size_t)n))
        return false;
    res->len += (size_t)n;
    return true;
}

void errata_mhd_static_body(errata_mhd_response_t *res, const void *data, size_t len)
{
    if (res == NULL)
        return;
    res->static_body = data != NULL ? data : "";
    res->static_len = data != NULL ? len : 0;
}

void errata_mhd_file_body(errata_mhd_response_t *res, int fd, uint64_t size)
{
    errata_mhd_response_release(res);
    res->file_fd = fd;
    res->file_size = size;
}

void errata_mhd_response_release(errata_mhd_response_t *res)
{
    if (res->file_fd >= 0)
        close(res->file_fd);
    res->file_fd = -1;
}

/* Names the adapter or MHD writes itself; a second copy would contradict
 * the first. */
static bool errata_mhd_reserved(const char *name)
{
    return errata_mhd_caseeq(name, "Content-Length") ||
           errata_mhd_caseeq(name, "Transfer-Encoding") ||
           errata_mhd_caseeq(name, ERRATA_MHD_TRACE_HEADER);
}

/* A copy of s in the header space, or NULL when it is full. */
static const char *errata_mhd_header_copy(errata_mhd_response_t *res, const char *s)
{
    size_t n = strlen(s) + 1;
    if (n > sizeof res->header_space - res->header_used)
        return NULL;
    char *at = res->header_space + res->header_used;
    memcpy(at, s, n);
    res->header_used += n;
    return at;
}

bool errata_mhd_set_header(errata_mhd_response_t *res, const char *name, const char *value)
{
    if (res == NULL)
        return false;
    if (!errata_mhd_token_ok(name) || !errata_mhd_value_ok(value) || errata_mhd_reserved(name)) {
        errata_mhd_response_fail(res, "response header refused (not a token, a control byte "
                                      "in the value, or a reserved name)");
        return false;
    }
    size_t used = res->header_used;
    const char *n = res->header_count < ERRATA_MHD_MAX_HEADERS
                        ? errata_mhd_header_copy(res, name) : NULL;
    const char *v = n != NULL ? errata_mhd_header_copy(res, value) : NULL;
    if (v == NULL) {
        res->header_used = used;
        errata_mhd_response_fail(res, "response headers overflow");
        return false;
    }
    res->header_names[res->header_count] = n;
    res->header_values[res->header_count] = v;
    res->header_count++;
    return true;
}

errata_status_t errata_mhd_ok(errata_mhd_response_t *res)
{
    if (res != NULL)
        res->status = MHD_HTTP_OK;
    return ERRATA_OK;
}

errata_status_t errata_mhd_created(errata_mhd_response_t *res, const char *location)
{
    if (res == NULL)
        return ERRATA_OK;
    res->status = MHD_HTTP_CREATED;
    if (location == NULL)
        errata_mhd_response_fail(res, "201 Created without a Location");
    else
        errata_mhd_set_header(res, "Location", location);
    return ERRATA_OK;
}

errata_status_t errata_mhd_not_modified(errata_mhd_response_t *res)
{
    res->status = MHD_HTTP_NOT_MODIFIED;
    return ERRATA_OK;
}

errata_status_t errata_mhd_no_content(errata_mhd_response_t *res)
{
    if (res != NULL)
        res->status = MHD_HTTP_NO_CONTENT;
    return ERRATA_OK;
}
