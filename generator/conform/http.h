/* The transport: one libcurl handle, requests only under the base URL,
 * no redirects followed, each request bounded by a timeout and all of them
 * by one deadline. */
#ifndef ERRATA_CONFORM_HTTP_H
#define ERRATA_CONFORM_HTTP_H

#include <stdbool.h>

struct arena;
struct conform_request;
struct conform_response;

struct conform_http;

/* NULL when libcurl cannot start (printed). base has no trailing slash
 * requirement; timeout and deadline are in milliseconds. */
struct conform_http *conform_http_open(const char *base, long timeout_ms, long deadline_ms);
void conform_http_close(struct conform_http *h);

/* Sends req to base + req->path; fills resp (in the arena). Never follows a
 * redirect. On failure resp->received is false and resp->error says why. */
void conform_http_send(struct conform_http *h, struct arena *a,
                       const struct conform_request *req, struct conform_response *resp);

/* A GET of an absolute URL (a type URI), bounded the same way; returns the
 * status, or 0 with *error set. */
long conform_http_get(struct conform_http *h, const char *url, const char **error);

#endif
