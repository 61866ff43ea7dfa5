/* errata-mhd: serving errata problems with libmicrohttpd.
 *
 * A small router over MHD whose routes are ordinary errata functions: a
 * route throws (a generated PETS_THROW_... fills err and returns
 * ERRATA_FAILED) and the adapter answers with the problem; it succeeds
 * through one of the success helpers below. Whatever goes wrong in between
 * (a route that fails without throwing, a body that does not fit, a header
 * that would inject a line, a response MHD cannot build) still ends as a
 * well-formed problem, never as a half-written 200.
 *
 * A problem response carries:
 *  - the status of the problem's descriptor (the body's "status" is always
 *    the HTTP status);
 *  - Content-Type: application/problem+json, or application/json when the
 *    request's Accept admits that and not problem+json
 *    (errata_mhd_problem_content_type);
 *  - Cache-Control and the catalog's headers (errata_problem_headers: never
 *    a CR or LF), and Vary: Accept;
 *  - for a catalog with translations, the body in the language
 *    Accept-Language asks for (errata_mhd_pick_language), Content-Language
 *    naming it, and Vary: Accept, Accept-Language;
 *  - X-Request-Id: the request's trace id (errata_mhd_trace_id), on every
 *    response, success or problem. The body of a 5xx whose detail is
 *    hidden quotes the same id; the real detail goes only to the observer.
 *    (X-Request-Id rather than traceparent: a response traceparent would
 *    need a span of the server's own, and proxies and log pipelines
 *    already read X-Request-Id.)
 *  - the type URI rebased when the server has a type base (errata.h,
 *    errata_type_base_t): the deployment's own docs for each type.
 * The observer sees every problem sent; the access log sees every request
 * once, when MHD is done with it.
 *
 * Storage: the server allocates its pool of request slots once, in
 * errata_mhd_server_create (config.connections slots, one per request in
 * progress; each has the request body buffer, the response body buffer
 * and the problem), with an entry per connection MHD may hold.
 * Nothing in this library allocates on a request path; MHD's own internal
 * allocations (its response objects) are MHD's business.
 *
 * Threads: route functions and hooks run on MHD's threads, one request per
 * slot at a time; the adapter takes no lock on a request's way (slots are
 * claimed with an atomic exchange, trace ids come from an atomic counter).
 * errata_mhd_start adds one thread of its own, the deadline's watchdog,
 * which shares a lock with MHD's notifications of connections opened and
 * closed, never with a request.
 *
 * Slow clients: a connection has config.deadline seconds to deliver a
 * whole request (head and body) from when it is ready for one; past it
 * the connection is closed, whether or not it keeps sending (MHD's own
 * timeout only counts idle time). MHD accepts a few connections beyond
 * the slots (config.spare_connections), so that a request finding every
 * slot taken gets a 503 with Retry-After at once instead of waiting
 * unaccepted.
 *
 * Needs libmicrohttpd >= 0.9.71 (enum MHD_Result). Includable from C++. */
#ifndef ERRATA_MHD_H
#define ERRATA_MHD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <microhttpd.h>

#include "errata.h"
#include "json_writer.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Sizes fixed at build time. */
#define ERRATA_MHD_MAX_PARAMS 8             /* {name} captures per route pattern */
#define ERRATA_MHD_PARAM_SPACE 1024         /* bytes for one request's parameter values */
#define ERRATA_MHD_MAX_HEADERS 16           /* extra headers per success response */
#define ERRATA_MHD_HEADER_SPACE 2048        /* bytes for their names and values */
#define ERRATA_MHD_PROBLEM_BODY_SIZE 16384  /* a problem body's room (slot or stack) */

/* The response header that carries the trace id, on every response. */
#define ERRATA_MHD_TRACE_HEADER "X-Request-Id"

/* Defaults for the zero fields of errata_mhd_config_t. */
#define ERRATA_MHD_DEFAULT_MAX_BODY 65536
#define ERRATA_MHD_DEFAULT_MAX_RESPONSE 65536
#define ERRATA_MHD_DEFAULT_CONNECTIONS 64
#define ERRATA_MHD_DEFAULT_TIMEOUT 30
#define ERRATA_MHD_DEFAULT_DEADLINE 10
#define ERRATA_MHD_DEFAULT_SPARE 16
#define ERRATA_MHD_DEFAULT_DRAIN 10

typedef struct errata_mhd_server errata_mhd_server_t;
typedef struct errata_mhd_request errata_mhd_request_t;
typedef struct errata_mhd_response errata_mhd_response_t;

/* ---- the application's functions -------------------------------------- */

/* A route: answers through res and returns ERRATA_OK, or throws into err
 * and returns ERRATA_FAILED. */
typedef errata_status_t (*errata_mhd_handler_fn)(errata_mhd_request_t *req,
                                                 errata_mhd_response_t *res,
                                                 errata_problem_t *err);

/* before, not_found and too_large: they throw the problem to send (before
 * returns ERRATA_OK to let the request through). */
typedef errata_status_t (*errata_mhd_hook_fn)(errata_mhd_request_t *req, errata_problem_t *err);

/* method_not_allowed: allow is the Allow value the adapter computed from
 * the route table ("GET, HEAD, PUT"); throw the catalog's 405 with it. */
typedef errata_status_t (*errata_mhd_not_allowed_fn)(errata_mhd_request_t *req, const char *allow,
                                                     errata_problem_t *err);

/* internal: why is a constant text for the logs ("response body overflow",
 * "route returned a failure without throwing a problem", ...); throw the
 * catalog's 500 with it as the detail, which a hidden 5xx shows only to
 * the observer. */
typedef errata_status_t (*errata_mhd_internal_fn)(errata_mhd_request_t *req, const char *why,
                                                  errata_problem_t *err);

/* bad_request and not_implemented: a request refused before routing (a
 * NUL byte in the target or a header, Host missing or repeated, ambiguous
 * framing; a Transfer-Encoding other than chunked). why is a constant text
 * naming the rule, for the detail or the logs; throw the catalog's 400 or
 * 501 with it. */
typedef errata_status_t (*errata_mhd_refuse_fn)(errata_mhd_request_t *req, const char *why,
                                                errata_problem_t *err);

/* One request, as the access log sees it when MHD is done with it. */
/* method and path are as MHD decoded them, with every control byte and
 * the backslash written \xNN (a %0a in a path cannot start a line of its
 * own in the log), and cut at a whole byte or escape. */
typedef struct errata_mhd_access {
    const char *method;    /* cut to 31 bytes */
    const char *path;      /* without the query; cut to 255 bytes */
    int status;            /* 0 when nothing was sent */
    const char *code_name; /* the problem's code; NULL for a success or an untyped 500 */
    uint64_t duration_us;  /* from the request's headers to the end of the response */
    const char *trace_id;
    bool completed; /* false: the client went away, a timeout, the server stopping */
} errata_mhd_access_t;

typedef void (*errata_mhd_access_fn)(const errata_mhd_access_t *entry, void *ctx);

/* ---- configuration ---------------------------------------------------------- */

/* pattern: literal segments, "{name}" for one non-empty segment (read with
 * errata_mhd_param), and "*" as the whole last segment for any rest,
 * possibly empty (errata_mhd_param(req, "*")): "/pets/{id}", or "/docs/"
 * then "*". The first route whose method and pattern match is called; HEAD
 * is answered by the GET route of a path unless a HEAD route exists. */
typedef struct errata_mhd_route {
    const char *method; /* "GET", "POST", ... (case-sensitive, as HTTP methods are) */
    const char *pattern;
    errata_mhd_handler_fn handler;
} errata_mhd_route_t;

typedef struct errata_mhd_config {
    const errata_mhd_route_t *routes; /* not copied: must outlive the server */
    size_t route_count;

    /* The answers the adapter cannot choose, since it does not know the
     * catalog. A NULL hook, or one that does not throw, gives the standard
     * answer of its status: catalog/http.yaml's about:blank entry, with its
     * code and members (404 "Not Found", 405 "Method Not Allowed" with
     * Allow, 413 "Content Too Large"); internal then gives the runtime's
     * generic 500 (about:blank, "Internal Server Error"), and before lets
     * the request through when NULL or returning ERRATA_OK. */
    errata_mhd_hook_fn before;                    /* every request, before routing */
    errata_mhd_hook_fn not_found;                 /* no route has the path */
    errata_mhd_not_allowed_fn method_not_allowed; /* routes have the path, not the method */
    errata_mhd_hook_fn too_large;                 /* the body is over max_body */
    errata_mhd_internal_fn internal;              /* the adapter's own failures */

    /* The catalog's type URIs as this deployment serves them (a local
     * port for the docs, a staging host); NULL: as generated. Not copied. */
    const errata_type_base_t *type_base;
    errata_observer_fn observer; /* every problem sent, every header dropped */
    void *observer_ctx;
    errata_mhd_access_fn access_log; /* every request, once */
    void *access_log_ctx;
    void *app; /* errata_mhd_app(req) */

    size_t max_body;      /* request body bytes; 0: ERRATA_MHD_DEFAULT_MAX_BODY */
    size_t max_response;  /* response body bytes; 0: ERRATA_MHD_DEFAULT_MAX_RESPONSE */
    unsigned connections; /* slots: requests in progress at once; 0: the default */
    unsigned threads;     /* errata_mhd_start: MHD's thread pool; 0 or 1: one thread */
    unsigned timeout;     /* errata_mhd_start: idle seconds per connection; 0: the default */
    bool loopback;        /* errata_mhd_start: listen on 127.0.0.1 only */

    /* Requests refused before the before hook and routing, at once and
     * before their body is read; NULL (or throwing nothing): the standard
     * 400 "Bad Request" or 501 "Not Implemented", why as the detail. */
    errata_mhd_refuse_fn bad_request;     /* 400: NUL bytes, Host, framing */
    errata_mhd_refuse_fn not_implemented; /* 501: a Transfer-Encoding other than chunked */
    /* 503: the request found every slot taken (why says so). Throw the
     * catalog's 503 with a Retry-After; NULL (or throwing nothing): the
     * standard about:blank "Service Unavailable" with Retry-After: 1. It
     * runs with no slot: errata_mhd_body is empty, and the problem it
     * throws lives on the stack. */
    errata_mhd_refuse_fn unavailable;

    /* errata_mhd_start: seconds a connection has to deliver a whole
     * request, head and body, from when it is ready for one (accepted, or
     * its previous answer sent); past it the connection is closed
     * unanswered, so slow clients cannot hold connections or slots for
     * long. An idle keep-alive connection is closed after it too. The
     * answer is not under it (the route, and sending, are timed by
     * timeout). 0: ERRATA_MHD_DEFAULT_DEADLINE (10). */
    unsigned deadline;
    /* errata_mhd_start: connections MHD accepts beyond the slots, so that
     * a request finding every slot taken is answered 503 at once rather
     * than left unaccepted; MHD's limit is connections + this. 0:
     * ERRATA_MHD_DEFAULT_SPARE (16). */
    unsigned spare_connections;
    /* errata_mhd_stop: seconds to wait for the requests under way before
     * closing them; 0: ERRATA_MHD_DEFAULT_DRAIN (10). */
    unsigned drain_timeout;
    /* Dual signalling switched on at run time (docs/migration.md, step 1):
     * every problem body this server writes (batch items included) also
     * carries these legacy members, whatever the descriptors say; the
     * catalog's shape is PREFIX_migration. NULL: as the catalog's
     * descriptors say. Not copied. */
    const errata_migration_t *migration;
} errata_mhd_config_t;

/* ---- the server --------------------------------------------------------------- */

/* Checks the configuration and allocates the slot pool (the only
 * allocation). NULL when the configuration is wrong (*error, when error is
 * not NULL, says what: a static text) or memory is short. */
ERRATA_API errata_mhd_server_t *errata_mhd_server_create(const errata_mhd_config_t *config,
                                                         const char **error);

/* Stops the server if it runs (errata_mhd_stop: draining it) and frees
 * it; NULL is fine. */
ERRATA_API void errata_mhd_server_destroy(errata_mhd_server_t *server);

/* Starts MHD with its own polling thread (or a pool of config.threads),
 * with the access handler and completion callback below, a connection
 * limit of the slots plus config.spare_connections, and the deadline's
 * watchdog thread. extra_flags are ORed into MHD's flags
 * (MHD_USE_ERROR_LOG, MHD_USE_DUAL_STACK, ...). port 0 picks a free port:
 * read it with errata_mhd_port. False when MHD did not start or the server
 * runs already. */
ERRATA_API bool errata_mhd_start(errata_mhd_server_t *server, uint16_t port,
                                 unsigned extra_flags);

/* Stops the server gracefully, for a SIGTERM: stops accepting (new
 * connections are refused at once, MHD_quiesce_daemon), closes the
 * connections that wait for a request, lets the requests under way finish
 * (their answers say Connection: close) for up to config.drain_timeout
 * seconds, then stops MHD, closing whatever is left, and waits for its
 * threads. True when every request under way finished in time (also when
 * the server was not running). The server can be started again. */
ERRATA_API bool errata_mhd_stop(errata_mhd_server_t *server);

/* The port MHD listens on (0 when not started). */
ERRATA_API uint16_t errata_mhd_port(const errata_mhd_server_t *server);

/* The number of slots. An application running MHD itself gives MHD a
 * connection limit of at least this: above it, the requests that find
 * every slot taken are answered 503 (unavailable) at once. */
ERRATA_API unsigned errata_mhd_slot_count(const errata_mhd_server_t *server);

/* For an application that starts MHD itself: pass the server as the
 * access handler's closure and as MHD_OPTION_NOTIFY_COMPLETED's (which
 * releases the slot and writes the access log: it is required), and set
 * MHD_OPTION_CONNECTION_LIMIT to errata_mhd_slot_count or more. A request
 * that finds every slot taken is answered 503 through the unavailable
 * hook. The deadline and errata_mhd_stop's drain need errata_mhd_start:
 * under an application's daemon only MHD's own idle timeout applies. */
ERRATA_API enum MHD_Result errata_mhd_access_handler(void *server,
                                                     struct MHD_Connection *connection,
                                                     const char *url, const char *method,
                                                     const char *version,
                                                     const char *upload_data,
                                                     size_t *upload_data_size, void **con_cls);
ERRATA_API void errata_mhd_request_completed(void *server, struct MHD_Connection *connection,
                                             void **con_cls,
                                             enum MHD_RequestTerminationCode toe);
/* MHD_OPTION_URI_LOG_CALLBACK (the server as closure): the raw request
 * target, before MHD decodes it, is the only place a %00 in the path can
 * be seen; without it such a path reaches the routes cut at the NUL. */
ERRATA_API void *errata_mhd_uri_log(void *server, const char *uri,
                                    struct MHD_Connection *connection);

/* ---- the request ------------------------------------------------------------------ */

ERRATA_API const char *errata_mhd_method(const errata_mhd_request_t *req);
/* The path, percent-decoded by MHD, without the query. */
ERRATA_API const char *errata_mhd_path(const errata_mhd_request_t *req);
/* A {name} of the route's pattern ("*" for a trailing wildcard); NULL when
 * the pattern has none of that name. */
ERRATA_API const char *errata_mhd_param(const errata_mhd_request_t *req, const char *name);
/* A query argument (decoded by MHD); NULL when absent. */
ERRATA_API const char *errata_mhd_query(const errata_mhd_request_t *req, const char *name);
/* A request header (any case); NULL when absent. */
ERRATA_API const char *errata_mhd_header(const errata_mhd_request_t *req, const char *name);
/* The request body, whole (at most max_body bytes) and followed by a NUL
 * that is not counted; len may be NULL. */
ERRATA_API const char *errata_mhd_body(const errata_mhd_request_t *req, size_t *len);
/* The trace id: the trace-id of a valid W3C traceparent header, else an
 * X-Request-Id of 1 to 32 printable characters, else 32 random lowercase
 * hex digits (never all zeros). */
ERRATA_API const char *errata_mhd_trace_id(const errata_mhd_request_t *req);
ERRATA_API void *errata_mhd_app(const errata_mhd_request_t *req);
ERRATA_API struct MHD_Connection *errata_mhd_connection(const errata_mhd_request_t *req);

/* ---- the response --------------------------------------------------------------- */

/* The body, built in the slot's buffer (max_response bytes). A body that
 * does not fit marks the response overflowed: it is answered as an
 * internal failure (a 500 through the internal hook), never cut. Each
 * returns false once the response has overflowed. */
ERRATA_API bool errata_mhd_append(errata_mhd_response_t *res, const char *bytes, size_t n);
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
ERRATA_API bool errata_mhd_printf(errata_mhd_response_t *res, const char *fmt, ...);
/* JSON straight into the body with liberrata's writer (errata_jw_*):
 * errata_mhd_json_writer sets w over the rest of the body; write one whole
 * value, then errata_mhd_json_done adds it to the body. False, and the
 * response failed, when it did not fit or the writer was misused. */
ERRATA_API void errata_mhd_json_writer(errata_mhd_response_t *res, errata_json_writer_t *w);
ERRATA_API bool errata_mhd_json_done(errata_mhd_response_t *res, errata_json_writer_t *w);
/* Appends s as one JSON string (NULL: null) through the same writer: RFC
 * 8259 escaping, invalid UTF-8 as U+FFFD. */
ERRATA_API bool errata_mhd_json_string(errata_mhd_response_t *res, const char *s);
/* A body that outlives the response (a constant page): used in place,
 * not copied; replaces what was appended. */
ERRATA_API void errata_mhd_static_body(errata_mhd_response_t *res, const void *data, size_t len);

/* An extra header for a success response (ETag, Last-Modified, a
 * Content-Type other than application/json). Refused, and the response
 * failed (a 500 unless the route throws something else), when name is not
 * an RFC 9110 token, value holds CR, LF or another control byte, the name
 * is one the adapter owns (Content-Length, Transfer-Encoding,
 * X-Request-Id), or there is no room left. */
ERRATA_API bool errata_mhd_set_header(errata_mhd_response_t *res, const char *name,
                                      const char *value);

/* RateLimit-Policy and RateLimit (draft-ietf-httpapi-ratelimit-headers-11,
 * docs/ratelimit.md) on every answer to this request: the success the
 * route sends, or the problem the before hook, the route or the adapter
 * throws (a catalog entry's own RateLimit fields, from its `ratelimit:`,
 * win over these). rl is copied; call it from the before hook (every
 * route) or a route, again to replace, with NULL to clear. False, and
 * nothing set, when a field could not be written (a value no field
 * carries, ERRATA_RATELIMIT_FIELD_MAX overflowed). */
ERRATA_API bool errata_mhd_set_ratelimit(errata_mhd_request_t *req, const errata_ratelimit_t *rl);

/* The success answers; each returns ERRATA_OK, for `return
 * errata_mhd_ok(res);`. The body is sent with Content-Type application/json
 * (unless a Content-Type header was set) when it is not empty. A route that
 * returns ERRATA_OK without calling one of them fails (a 500). */
ERRATA_API errata_status_t errata_mhd_ok(errata_mhd_response_t *res);       /* 200 */
ERRATA_API errata_status_t errata_mhd_created(errata_mhd_response_t *res,  /* 201 */
                                              const char *location);
ERRATA_API errata_status_t errata_mhd_no_content(errata_mhd_response_t *res); /* 204: no body */

/* 207 Multi-Status, in the {"items":[...]} shape errata_multi_next reads:
 * begin, then one call per item, then errata_mhd_multi_status. A problem
 * item gets the request's trace id (when it has none), the server's type
 * base, and is reported to the observer. value_json must be one JSON value
 * (checked: anything else fails the response). */
ERRATA_API bool errata_mhd_multi_begin(errata_mhd_response_t *res);
ERRATA_API bool errata_mhd_multi_value(errata_mhd_response_t *res, const char *id,
                                       const char *value_json);
ERRATA_API bool errata_mhd_multi_problem(errata_mhd_response_t *res, const char *id,
                                         errata_problem_t *p);
ERRATA_API errata_status_t errata_mhd_multi_status(errata_mhd_response_t *res); /* 207 */

/* ---- the docs behind the type URIs ---------------------------------------------- */

/* A folder of docs served where the catalog's type URIs point: the HTML
 * pages of `errata docs` (SLUG.html, the index) and the JSON Schemas of
 * `errata schema` (SLUG.schema.json, problem.schema.json, index.json).
 * Mount it at the type base with two GET routes whose handler calls
 * errata_mhd_docs_serve: "/errors" and "/errors/" then "*" for a base of
 * http://host/errors/. What it answers, from the rest of the path (the
 * route's "*"):
 *  - "" (the base): index_html, or index_json when Accept prefers
 *    application/json;
 *  - a slug: SLUG.html, or SLUG.schema.json when Accept prefers
 *    application/schema+json (q-values honoured, the most specific range
 *    deciding; the page on a tie or when nothing matches);
 *  - otherwise a file name with a served extension (.html, .json,
 *    .schema.json, .md, .css, .txt), as is (the pages link to the index
 *    by name).
 * Every answer has Vary: Accept, a weak ETag (inode, size, mtime),
 * Last-Modified, Cache-Control, and (with a body) the extension's
 * Content-Type and X-Content-Type-Options: nosniff; If-None-Match, else
 * If-Modified-Since, gives 304. GET and HEAD only (others: the
 * method_not_allowed hook with "GET, HEAD"). A name outside the slug
 * alphabet (letters, digits, - _ . ~, not starting with "."; so no "/",
 * "..", or hidden file), a symlink (never followed), anything but a
 * regular file, or a missing file is the not_found hook's 404. The body
 * is sent from the file descriptor: nothing is read into memory or
 * allocated per request. */
#define ERRATA_MHD_DOCS_NAME_MAX 255 /* a served file's name, in bytes */

typedef struct errata_mhd_docs errata_mhd_docs_t;

typedef struct errata_mhd_docs_config {
    const char *dir;           /* the folder (opened once, by errata_mhd_docs_open) */
    const char *index_html;    /* NULL: "index.html" (errata docs writes NAME_errors.html) */
    const char *index_json;    /* NULL: "index.json" */
    const char *cache_control; /* NULL: "no-cache" (revalidate: a 304 is cheap) */
} errata_mhd_docs_config_t;

/* Opens the folder and checks the names (one allocation, here). NULL when
 * the folder cannot be opened or a name is not a plain file name with a
 * served extension (*error, when error is not NULL, says which). The
 * folder stays open: files changed in it are served as they are at each
 * request; a folder replaced as a whole needs a new errata_mhd_docs_open. */
ERRATA_API errata_mhd_docs_t *errata_mhd_docs_open(const errata_mhd_docs_config_t *config,
                                                   const char **error);
/* Closes it; NULL is fine. After the server that serves it has stopped. */
ERRATA_API void errata_mhd_docs_close(errata_mhd_docs_t *docs);
/* A route's whole body: `return errata_mhd_docs_serve(app->docs, req, res,
 * err);`. docs NULL answers 404 to everything. Thread-safe. */
ERRATA_API errata_status_t errata_mhd_docs_serve(const errata_mhd_docs_t *docs,
                                                 errata_mhd_request_t *req,
                                                 errata_mhd_response_t *res,
                                                 errata_problem_t *err);

/* ---- problems without the router ----------------------------------------------- */

/* The media type for a problem body given a request's Accept value:
 * application/problem+json when the client accepts it (by name or through
 * an application/ or any-type wildcard range, with q > 0; the most
 * specific range decides), else application/json when it accepts that,
 * else application/problem+json all the same (an error is answered even
 * when nothing matches). NULL (no Accept): application/problem+json. */
ERRATA_API const char *errata_mhd_problem_content_type(const char *accept);

/* Which language a problem of type desc is sent in, given a request's
 * Accept-Language value (RFC 9110 section 12.5.4): the locale index for
 * errata_problem_json_locale, 0 (the catalog's language) when the header
 * is NULL, malformed, names no locale the catalog has, or excludes all of
 * them with q=0. Ranges match in any case, by prefix in both directions
 * ("de" and "de-AT-1996" both reach a "de-AT" translation, "de-AT" reaches
 * "de"), "*" matches every locale; the most specific range decides a
 * locale's q, the highest q wins, a tie goes to the earlier range. */
ERRATA_API size_t errata_mhd_pick_language(const char *accept_language,
                                           const errata_descriptor_t *desc);

typedef struct errata_mhd_problem_options {
    const char *accept;                  /* NULL: read the request's Accept fields */
    const errata_type_base_t *type_base; /* NULL: type URIs as generated */
    errata_observer_fn observer;         /* told once the response is queued */
    void *observer_ctx;
    const errata_migration_t *migration; /* errata_problem_json_legacy's; NULL: the catalog's */
} errata_mhd_problem_options_t;

/* Queues p as the response of a connection, as described at the top of
 * this file (options NULL: all defaults). Set the trace id on p first
 * (errata_problem_set_trace_id): it goes into the X-Request-Id header and,
 * for a hidden 5xx, the body. A body larger than
 * ERRATA_MHD_PROBLEM_BODY_SIZE is cut down to the constant start of its
 * type (type, title, status, code), then to type, status and code alone,
 * keeping p's status and headers: valid, never truncated. When not even
 * those fit, the runtime's generic 500 goes out instead, with status 500.
 * Returns what MHD_queue_response returns; MHD_NO when MHD could not
 * build the response. */
ERRATA_API enum MHD_Result errata_mhd_queue_problem(struct MHD_Connection *connection,
                                                    const errata_problem_t *p,
                                                    const errata_mhd_problem_options_t *options);

#ifdef __cplusplus
}
#endif

#endif
