#include "http.h"

#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../support/arena.h"
#include "../support/strbuf.h"
#include "conform.h"

/* A response bigger than this is cut and reported: conform reads problem
 * documents, not downloads. */
#define BODY_MAX (4u * 1024 * 1024)

struct conform_http {
    CURL *curl;
    char *base; /* without a trailing slash */
    long timeout_ms;
    struct timespec deadline;
    char error[CURL_ERROR_SIZE];
};

struct capture {
    struct arena *a;
    struct conform_headers *headers;
    struct strbuf body;
    bool too_large;
};

static long ms_left(const struct conform_http *h)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long)(h->deadline.tv_sec - now.tv_sec) * 1000 +
           (h->deadline.tv_nsec - now.tv_nsec) / 1000000;
}

struct conform_http *conform_http_open(const char *base, long timeout_ms, long deadline_ms)
{
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        fprintf(stderr, "errata conform: libcurl could not start\n");
        return NULL;
    }
    struct conform_http *h = calloc(1, sizeof *h);
    if (h == NULL || (h->curl = curl_easy_init()) == NULL) {
        fprintf(stderr, "errata conform: libcurl could not start\n");
        free(h);
        return NULL;
    }
    size_t len = strlen(base);
    while (len > 0 && base[len - 1] == '/')
        len--;
    h->base = malloc(len + 1);
    if (h->base == NULL) {
        curl_easy_cleanup(h->curl);
        free(h);
        return NULL;
    }
    memcpy(h->base, base, len);
    h->base[len] = '\0';
    h->timeout_ms = timeout_ms;
    clock_gettime(CLOCK_MONOTONIC, &h->deadline);
    h->deadline.tv_sec += deadline_ms / 1000;
    h->deadline.tv_nsec += (deadline_ms % 1000) * 1000000;
    if (h->deadline.tv_nsec >= 1000000000) {
        h->deadline.tv_sec++;
        h->deadline.tv_nsec -= 1000000000;
    }
    return h;
}

void conform_http_close(struct conform_http *h)
{
    if (h == NULL)
        return;
    curl_easy_cleanup(h->curl);
    free(h->base);
    free(h);
    curl_global_cleanup();
}

static size_t on_body(char *data, size_t size, size_t n, void *ctx)
{
    struct capture *c = ctx;
    if (c->body.len + n > BODY_MAX) {
        c->too_large = true;
        return 0; /* aborts the transfer */
    }
    strbuf_add(&c->body, data, n);
    return size * n;
}

/* One header line; a status line starts a new header block (after a 1xx
 * the final response's headers are the ones that count). */
static size_t on_header(char *data, size_t size, size_t n, void *ctx)
{
    struct capture *c = ctx;
    if (n >= 5 && memcmp(data, "HTTP/", 5) == 0) {
        c->headers->count = 0;
        return size * n;
    }
    const char *colon = memchr(data, ':', n);
    if (colon == NULL)
        return size * n;
    const char *v = colon + 1, *end = data + n;
    while (v < end && (*v == ' ' || *v == '\t'))
        v++;
    while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' ' || end[-1] == '\t'))
        end--;
    conform_header_add(c->a, c->headers, arena_strndup(c->a, data, (size_t)(colon - data)),
                       arena_strndup(c->a, v, (size_t)(end - v)));
    return size * n;
}

/* Common options; false (and *error) when the deadline has passed. */
static bool prepare(struct conform_http *h, const char *url, const char **error)
{
    long left = ms_left(h);
    if (left <= 0) {
        *error = "not sent: the total deadline (--deadline) has passed";
        return false;
    }
    CURL *c = h->curl;
    curl_easy_reset(c);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, left < h->timeout_ms ? left : h->timeout_ms);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, left < h->timeout_ms ? left : h->timeout_ms);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, h->error);
    h->error[0] = '\0';
    return true;
}

static const char *failure(struct conform_http *h, struct arena *a, CURLcode rc,
                           const struct capture *cap)
{
    if (cap != NULL && cap->too_large)
        return arena_printf(a, "the response body is larger than %u bytes", BODY_MAX);
    return arena_printf(a, "%s", h->error[0] ? h->error : curl_easy_strerror(rc));
}

void conform_http_send(struct conform_http *h, struct arena *a,
                       const struct conform_request *req, struct conform_response *resp)
{
    memset(resp, 0, sizeof *resp);
    const char *url = arena_printf(a, "%s%s", h->base, req->path);
    if (!prepare(h, url, &resp->error))
        return;
    CURL *c = h->curl;
    struct capture cap = { a, &resp->headers, STRBUF_INIT, false };
    struct curl_slist *list = NULL;
    for (size_t i = 0; i < req->headers.count; i++)
        list = curl_slist_append(list, arena_printf(a, "%s: %s", req->headers.items[i].name,
                                                    req->headers.items[i].value));
    list = curl_slist_append(list, "Expect:"); /* no 100-continue round trip */
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, req->method);
    if (strcmp(req->method, "HEAD") == 0)
        curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
    if (req->body != NULL) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, req->body);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)req->body_len);
    }
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &cap);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &cap);
    CURLcode rc = curl_easy_perform(c);
    curl_slist_free_all(list);
    if (rc != CURLE_OK) {
        resp->error = failure(h, a, rc, &cap);
    } else {
        resp->received = true;
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &resp->status);
        resp->body = arena_strndup(a, cap.body.data ? cap.body.data : "", cap.body.len);
        resp->body_len = cap.body.len;
    }
    strbuf_release(&cap.body);
}

static size_t discard(char *data, size_t size, size_t n, void *ctx)
{
    (void)data;
    (void)ctx;
    return size * n;
}

long conform_http_get(struct conform_http *h, const char *url, const char **error)
{
    if (!prepare(h, url, error))
        return 0;
    curl_easy_setopt(h->curl, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(h->curl, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)BODY_MAX);
    CURLcode rc = curl_easy_perform(h->curl);
    if (rc != CURLE_OK) {
        *error = curl_easy_strerror(rc);
        return 0;
    }
    long status = 0;
    curl_easy_getinfo(h->curl, CURLINFO_RESPONSE_CODE, &status);
    return status;
}
