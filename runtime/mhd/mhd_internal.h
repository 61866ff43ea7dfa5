/* errata-mhd internals shared between the adapter's source files; never
 * installed, and hidden from the library's users by -fvisibility=hidden.
 *
 * A server is one allocation: the server, its slots, then each slot's
 * request body and response body buffers. A slot holds everything one
 * request needs, so that a request path never allocates. */
#ifndef ERRATA_MHD_INTERNAL_H
#define ERRATA_MHD_INTERNAL_H

#include "errata/mhd.h"

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The adapter's lock-free parts use the GNU __atomic builtins (gcc,
 * clang): C99 has no atomics, and the project builds as C99. */
#if !defined(__GNUC__)
#error "errata-mhd needs gcc or clang (__atomic builtins)"
#endif

#define ERRATA_MHD_LOG_METHOD 32 /* method and path kept for the access log */
#define ERRATA_MHD_LOG_PATH 256
#define ERRATA_MHD_ALLOW_SIZE 256 /* the Allow value of a 405 */
#define ERRATA_MHD_ACCEPT_MAX 4    /* candidate media types of one negotiation */
#define ERRATA_MHD_HTTP_DATE_SIZE 30 /* "Sun, 06 Nov 1994 08:49:37 GMT" and its NUL */

/* The standard problems the adapter answers with when a hook is missing
 * or throws nothing (catalog/http.yaml's about:blank entries). */
typedef enum errata_mhd_standard {
    ERRATA_MHD_STD_BAD_REQUEST,
    ERRATA_MHD_STD_NOT_FOUND,
    ERRATA_MHD_STD_METHOD_NOT_ALLOWED, /* with allow */
    ERRATA_MHD_STD_CONTENT_TOO_LARGE,
    ERRATA_MHD_STD_NOT_IMPLEMENTED,
    ERRATA_MHD_STD_SERVICE_UNAVAILABLE /* Retry-After: 1 */
} errata_mhd_standard_t;

struct errata_mhd_request {
    errata_mhd_server_t *server;
    struct MHD_Connection *connection;
    const char *method; /* MHD's strings, valid while MHD calls us */
    const char *path;
    char trace_id[ERRATA_TRACE_ID_SIZE];
    /* {name} captures: names point into the route's pattern (not
     * NUL-terminated there), values into param_space. */
    size_t param_count;
    const char *param_names[ERRATA_MHD_MAX_PARAMS];
    size_t param_name_lens[ERRATA_MHD_MAX_PARAMS];
    const char *param_values[ERRATA_MHD_MAX_PARAMS];
    char param_space[ERRATA_MHD_PARAM_SPACE];
    char *body; /* max_body + 1 bytes of the slot's storage */
    size_t body_len;
    /* errata_mhd_set_ratelimit's copy (count 0: none), sent with every
     * answer to the request (ratelimit.c). */
    errata_ratelimit_t ratelimit;
    bool body_too_large;
    /* Why the request is refused before routing (check.c), NULL when it
     * is not, and the standard answer that goes with it. */
    const char *refusal;
    errata_mhd_standard_t refusal_kind;
};

struct errata_mhd_response {
    errata_mhd_request_t *req; /* for the trace id and the observer of 207 items */
    int status;                /* 0 until a success helper chose one */
    char *buf;                 /* max_response + 1 bytes: room for vsnprintf's NUL */
    size_t cap;                /* max_response */
    size_t len;                /* the body's full length; > cap: overflowed */
    const void *static_body;   /* errata_mhd_static_body; NULL: buf */
    size_t static_len;
    int file_fd;               /* a file to send (docs.c), owned; -1: none */
    uint64_t file_size;
    const char *failure; /* why this response cannot be sent; NULL: none */
    size_t header_count;
    const char *header_names[ERRATA_MHD_MAX_HEADERS];
    const char *header_values[ERRATA_MHD_MAX_HEADERS];
    size_t header_used;
    char header_space[ERRATA_MHD_HEADER_SPACE];
    size_t multi_items;
    bool multi_open;
};

/* A connection MHD holds, as the deadline sees it (watch.c). */
typedef enum errata_mhd_conn_state {
    ERRATA_MHD_CONN_IDLE,      /* waiting for a request line: under the deadline */
    ERRATA_MHD_CONN_RECEIVING, /* a request begun (its line seen): under the deadline */
    ERRATA_MHD_CONN_ANSWERING  /* received, or refused: the route and the answer */
} errata_mhd_conn_state_t;

typedef struct errata_mhd_conn {
    int claimed;       /* atomic: MHD holds the connection */
    int state;         /* atomic: errata_mhd_conn_state_t */
    uint64_t since_us; /* atomic: when it became ready for a request */
    int fd;            /* MHD's socket; -1 once MHD closes it (under server->lock) */
    bool cut;          /* shut down already (under server->lock) */
} errata_mhd_conn_t;

typedef struct errata_mhd_slot {
    int busy; /* claimed with an atomic exchange */
    bool answered;
    uint64_t start_us;
    uint64_t deadline_us;  /* when the request must be in whole; 0: none */
    errata_mhd_conn_t *conn; /* its connection's entry (NULL: none), found once */
    int sent_status;       /* for the access log */
    const char *sent_code; /* the descriptor's code name (static), or NULL */
    char log_method[ERRATA_MHD_LOG_METHOD]; /* only with an access log */
    char log_path[ERRATA_MHD_LOG_PATH];
    errata_mhd_request_t req;
    errata_mhd_response_t res;
    errata_problem_t problem;
} errata_mhd_slot_t;

struct errata_mhd_server {
    errata_mhd_config_t config; /* defaults filled in */
    struct MHD_Daemon *daemon;
    uint16_t port;
    uint64_t seed[2];  /* trace ids: set once at creation */
    uint64_t counter;  /* trace ids: atomic */
    /* errata_mhd_uri_log's answer for a target holding %00: its address
     * marks the request until the access handler refuses it. */
    char nul_target;
    bool nul_trace; /* check.c: the running MHD cuts header values at a NUL */
    /* The deadline (watch.c): one entry per connection MHD may hold, the
     * lock MHD's close notification and the watchdog share, and the
     * watchdog thread. */
    errata_mhd_conn_t *conns; /* in the block, after the slots */
    unsigned conn_count;      /* connections + spare_connections: MHD's limit */
    pthread_mutex_t lock;
    pthread_cond_t wake; /* CLOCK_MONOTONIC */
    pthread_t watchdog;
    bool watching, watch_stop;
    int draining;            /* atomic: errata_mhd_stop is draining */
    MHD_socket listen_fd;    /* quiesced by errata_mhd_stop, closed after MHD stops */
    unsigned slot_count;
    errata_mhd_slot_t slots[]; /* then the connection entries, then the body buffers */
};

/* ---- language.c ---------------------------------------------------------- */

/* Locales one negotiation weighs (the catalog's language and its
 * translations); translations past it are never chosen. */
#define ERRATA_MHD_LANGUAGE_MAX 32

/* errata_mhd_pick_language over every Accept-Language field of a request. */
size_t errata_mhd_connection_language(struct MHD_Connection *connection,
                                      const errata_descriptor_t *desc);

/* ---- text.c ------------------------------------------------------------ */

/* ASCII case-insensitive equality (header names), whatever the locale. */
bool errata_mhd_caseeq(const char *a, const char *b);
/* An RFC 9110 token (header names, methods). */
bool errata_mhd_token_ok(const char *s);
/* A header value with no control byte (CR, LF, NUL, ...). */
bool errata_mhd_value_ok(const char *s);
/* Copies src into dst[cap], cut when it does not fit; always terminated. */
void errata_mhd_copy(char *dst, size_t cap, const char *src);
/* The same for the access log: control bytes and the backslash as \xNN
 * (lowercase hex), cut at a whole byte or escape. */
void errata_mhd_copy_escaped(char *dst, size_t cap, const char *src);

/* ---- accept.c ------------------------------------------------------------ */

/* qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ) in s[0..n),
 * in thousandths; -1 when malformed (Accept and Accept-Language). */
int errata_mhd_qvalue(const char *s, size_t n);

/* The problem media type for a connection's Accept header fields, all of
 * them (a repeated field is one comma-separated list). */
const char *errata_mhd_connection_problem_type(struct MHD_Connection *connection);
/* Which of types[0..n) ("type/subtype", lowercase, n <= ERRATA_MHD_ACCEPT_MAX)
 * the connection's Accept fields prefer: the highest q above 0, the first
 * on a tie, types[0] when none is acceptable or there is no Accept. */
size_t errata_mhd_accept_pick(struct MHD_Connection *connection, const char *const *types,
                              size_t n);

/* ---- http_date.c ------------------------------------------------------------ */

/* t (seconds since the epoch, UTC) as an IMF-fixdate; a time without a
 * four-digit year as the epoch. (liberrata's errata_parse_http_date reads
 * them.) */
void errata_mhd_http_date(int64_t t, char out[ERRATA_MHD_HTTP_DATE_SIZE]);

/* ---- trace.c --------------------------------------------------------------- */

/* Seeds the server's trace id generator from the system's randomness. */
void errata_mhd_trace_seed(errata_mhd_server_t *server);
/* Fills out with the request's trace id (see errata_mhd_trace_id). */
void errata_mhd_trace_for(errata_mhd_server_t *server, struct MHD_Connection *connection,
                          char out[ERRATA_TRACE_ID_SIZE]);

/* ---- route.c ----------------------------------------------------------------- */

typedef enum errata_mhd_route_outcome {
    ERRATA_MHD_ROUTE_FOUND,
    ERRATA_MHD_ROUTE_NO_PATH,  /* 404 */
    ERRATA_MHD_ROUTE_NO_METHOD /* 405 */
} errata_mhd_route_outcome_t;

/* NULL when the route is well-formed, else why not. */
const char *errata_mhd_route_check(const errata_mhd_route_t *route);
/* The route for req (its parameters captured into req), or NULL and why. */
const errata_mhd_route_t *errata_mhd_route_find(const errata_mhd_server_t *server,
                                                errata_mhd_request_t *req,
                                                errata_mhd_route_outcome_t *outcome);
/* The Allow value for a path, snprintf-style: the methods of the routes
 * that have it, in table order, HEAD after GET. */
size_t errata_mhd_route_allow(const errata_mhd_server_t *server, const char *path, char *buf,
                              size_t cap);

/* ---- check.c ------------------------------------------------------------------ */

/* Why a request must be refused before routing (a constant text), with the
 * standard answer in *which (400 or 501); NULL when it may go on. */
const char *errata_mhd_refusal(errata_mhd_server_t *server, struct MHD_Connection *connection,
                               const char *version, bool nul_in_target,
                               errata_mhd_standard_t *which);
/* Whether a raw request target (MHD's URI log) decodes to a NUL. */
bool errata_mhd_target_has_nul(const char *uri);
/* Whether the running MHD hands header values over cut at a NUL, in the
 * read buffer's layout check.c relies on (MHD <= 0.9.77). */
bool errata_mhd_nul_trace(void);

/* ---- standard.c ------------------------------------------------------------- */

/* Throws one of the standard problems (above) into p; detail may be NULL, allow is for 405 only. */
void errata_mhd_throw_standard(errata_problem_t *p, errata_mhd_standard_t which,
                               const char *detail, const char *allow);

/* ---- problem.c ------------------------------------------------------------------ */

/* errata_mhd_queue_problem, with Connection: close when close is set. */
enum MHD_Result errata_mhd_queue_problem_closing(struct MHD_Connection *connection,
                                                 const errata_problem_t *p,
                                                 const errata_mhd_problem_options_t *options,
                                                 bool close);
/* Its two halves. The body for p in buf[cap] (*len bytes), and the
 * problem whose status and headers go with it: p itself when p's body, or
 * p reduced to its type, title, status and code, or to its type, status
 * and code, fits; else the runtime's generic 500 (in *scratch). how: the
 * type base, the locale and the legacy members (errata_problem_json_with). */
const errata_problem_t *errata_mhd_problem_body(const errata_problem_t *p,
                                                const errata_json_options_t *how, char *buf,
                                                size_t cap, size_t *len,
                                                errata_problem_t *scratch,
                                                errata_descriptor_t *untitled);
/* The locale index p goes out in on this connection: its Accept-Language
 * against p's catalog when the catalog is translated, else 0. */
size_t errata_mhd_problem_locale(struct MHD_Connection *connection, const errata_problem_t *p);
/* The Content-Language of sent (what errata_mhd_problem_body made of
 * asked) in that locale; NULL when asked's catalog is not translated (no
 * Content-Language, and Vary without Accept-Language). */
const char *errata_mhd_problem_content_language(const errata_problem_t *asked,
                                                const errata_problem_t *sent, size_t locale);
/* Queues the body errata_mhd_problem_body wrote, with p's headers (in
 * the negotiated locale's index, as the body) and, for a request's
 * answer (req not NULL), its RateLimit fields; language: its
 * Content-Language, NULL for none;
 * body_stays: the body outlives the response (the slot's buffer, kept
 * until MHD reports the request completed), so MHD need not copy it. */
enum MHD_Result errata_mhd_queue_body(struct MHD_Connection *connection,
                                      const errata_mhd_request_t *req,
                                      const errata_problem_t *p, const char *body, size_t len,
                                      bool body_stays, const char *language, size_t locale,
                                      const errata_mhd_problem_options_t *options, bool close);

/* ratelimit.c: adds the request's RateLimit-Policy and RateLimit fields
 * (none set: nothing; r already has one: nothing); false when MHD refused
 * one. */
bool errata_mhd_add_ratelimit(struct MHD_Response *r, const errata_mhd_request_t *req);

/* ---- response.c ---------------------------------------------------------------- */

/* Marks the response failed (the first reason is kept). */
void errata_mhd_response_fail(errata_mhd_response_t *res, const char *why);
/* The open regular file fd (size bytes) as the body: the response owns it
 * from here on. */
void errata_mhd_file_body(errata_mhd_response_t *res, int fd, uint64_t size);
/* 304 Not Modified: no body, no Content-Type; the file of
 * errata_mhd_file_body, if any, gives Content-Length its 200's value. */
errata_status_t errata_mhd_not_modified(errata_mhd_response_t *res);
/* Closes the file of a response that will not be sent. */
void errata_mhd_response_release(errata_mhd_response_t *res);

/* ---- send.c --------------------------------------------------------------------- */

/* Queues the success response a route built; *why says what went wrong
 * when it could not be built (the caller answers with a problem then). */
enum MHD_Result errata_mhd_send_success(errata_mhd_slot_t *slot, const char **why);

/* ---- dispatch.c ------------------------------------------------------------------ */

/* Answers a fully received request (or one whose body is already known to
 * be too large). */
enum MHD_Result errata_mhd_dispatch(errata_mhd_slot_t *slot);
/* The answers the router gives for a path it has no route for, and for a
 * method the path does not have, for a route that finds the same (docs.c):
 * the application's hook's problem, else the standard one. ERRATA_FAILED. */
errata_status_t errata_mhd_throw_not_found(errata_mhd_request_t *req, errata_problem_t *err);
errata_status_t errata_mhd_throw_not_allowed(errata_mhd_request_t *req, const char *allow,
                                             errata_problem_t *err);

/* ---- watch.c ---------------------------------------------------------------------- */

/* MHD_OPTION_NOTIFY_CONNECTION: claims and releases a connection's entry. */
void errata_mhd_notify_connection(void *cls, struct MHD_Connection *connection,
                                  void **socket_context,
                                  enum MHD_ConnectionNotificationCode code);
/* The entry of one of this server's connections; NULL for any other. */
errata_mhd_conn_t *errata_mhd_conn_of(errata_mhd_server_t *server,
                                      struct MHD_Connection *connection);
/* Moves conn (NULL: nothing) to state; IDLE restarts its deadline. */
void errata_mhd_conn_set(errata_mhd_conn_t *conn, errata_mhd_conn_state_t state);
/* When conn's request must be in whole (CLOCK_MONOTONIC, us); 0 for NULL. */
uint64_t errata_mhd_conn_deadline(const errata_mhd_server_t *server,
                                  const errata_mhd_conn_t *conn);
/* Shuts conn's socket down, once (under server->lock). */
void errata_mhd_conn_cut(errata_mhd_conn_t *conn);
/* The watchdog thread: started with MHD, stopped after it. */
bool errata_mhd_watch_start(errata_mhd_server_t *server);
void errata_mhd_watch_stop(errata_mhd_server_t *server);
/* errata_mhd_stop's first half: quiesces MHD, refuses new connections,
 * closes idle ones and waits, up to config.drain_timeout, for the requests
 * under way; true when none is left. */
bool errata_mhd_drain(errata_mhd_server_t *server);
/* Its second half, once MHD has stopped: closes the quiesced socket. */
void errata_mhd_drain_done(errata_mhd_server_t *server);
/* Whether answers should close their connection (a drain is on). */
bool errata_mhd_draining(const errata_mhd_server_t *server);

/* ---- server.c ---------------------------------------------------------------------- */

errata_mhd_slot_t *errata_mhd_slot_acquire(errata_mhd_server_t *server);
void errata_mhd_slot_release(errata_mhd_slot_t *slot);
/* CLOCK_MONOTONIC in microseconds. */
uint64_t errata_mhd_now_us(void);

#endif
