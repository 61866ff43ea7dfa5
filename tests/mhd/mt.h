/* errata-mhd's test harness: a libcurl client that records a whole
 * response (status, every header line, the body), and recorders for the
 * observer and the access log, which MHD calls from its own threads. */
#ifndef ERRATA_TEST_MT_H
#define ERRATA_TEST_MT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <jansson.h>

#include "errata/mhd.h"

#define MT_COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- the client ----------------------------------------------------------- */

typedef struct mt_response {
    long status;
    char headers[8192]; /* the final response's header lines, CRLF kept */
    size_t headers_len;
    char body[65536];
    size_t body_len;
    bool body_cut; /* the body did not fit: a test failure */
} mt_response_t;

typedef struct mt_request {
    const char *method;        /* NULL: GET */
    const char *path;          /* with the query */
    const char *const *headers; /* "Name: value" lines, NULL-terminated; may be NULL */
    const char *body;          /* NULL: none */
    size_t body_len;
    bool chunked; /* send the body with Transfer-Encoding: chunked */
} mt_request_t;

/* Performs a request against 127.0.0.1:port; fails the test when curl
 * fails. */
void mt_fetch(uint16_t port, const mt_request_t *rq, mt_response_t *out);
/* The shorthand: GET path with optional header lines (NULL-terminated). */
void mt_get(uint16_t port, const char *path, mt_response_t *out, ...);

/* The value of the n-th (0-based) header line of that name (any case),
 * copied into buf; NULL when there is none. */
const char *mt_header(const mt_response_t *r, const char *name, size_t n, char *buf, size_t cap);
/* How many header lines have that name. */
size_t mt_header_count(const mt_response_t *r, const char *name);

/* The body parsed by jansson, which must accept it as an object. */
json_t *mt_json(const mt_response_t *r);
void mt_expect_string(json_t *o, const char *key, const char *want);
void mt_expect_int(json_t *o, const char *key, json_int_t want);

/* A problem answer: status, Content-Type, Vary, the body's status and
 * code (NULL: no code member); returns the parsed body. */
json_t *mt_expect_problem(const mt_response_t *r, long status, const char *code);

/* True for 32 lowercase hex digits, not all zeros. */
bool mt_is_trace_id(const char *s);

/* ---- raw sockets ------------------------------------------------------------ */

/* For what libcurl will not send (a NUL in a header, no Host, a made-up
 * Transfer-Encoding) or will not do (trickle a request a byte at a time).
 * Every wait is bounded by timeout_ms; none asserts how long anything took. */

/* A TCP connection to 127.0.0.1:port; fails the test when refused. */
int mt_raw_connect(uint16_t port);
/* -1 when the connection is refused, else the socket. */
int mt_raw_try_connect(uint16_t port);
/* Sends all n bytes; false when the peer has gone. */
bool mt_raw_send(int fd, const void *data, size_t n);
/* Reads one whole response (status line, header lines, a body of its
 * Content-Length) into out; false when the connection ended or timeout_ms
 * ran out first. */
bool mt_raw_response(int fd, mt_response_t *out, int timeout_ms);
/* Connects, sends n bytes, reads the response, closes. */
bool mt_raw_exchange(uint16_t port, const char *request, size_t n, mt_response_t *out,
                     int timeout_ms);
/* True when the peer closes the connection (end of file or reset) within
 * timeout_ms; whatever it sends meanwhile is read and dropped. */
bool mt_raw_closed(int fd, int timeout_ms);

/* ---- recorders ------------------------------------------------------------ */

typedef struct mt_event {
    errata_event_kind_t kind;
    char code_name[64];
    int status;
    char detail[256];
    char trace_id[64];
    char header[64];
} mt_event_t;

typedef struct mt_access {
    char method[16];
    char path[256];
    int status;
    bool has_code;
    char code_name[64];
    uint64_t duration_us;
    char trace_id[64];
    bool completed;
} mt_access_t;

typedef struct mt_log {
    /* guarded by the recorder's mutex */
    size_t event_count;
    mt_event_t events[64];
    size_t access_count;
    mt_access_t access[64];
    size_t access_total; /* every entry ever logged: never reset */
} mt_log_t;

/* Clears the log, once every request mt_fetch sent so far has been logged
 * (up to 2 s): MHD logs a request after the client has its answer, so a
 * test's last entry could otherwise land in the next test's log. */
void mt_log_reset(mt_log_t *log);

/* A gate a route can wait at, so that a test holds a request (and its slot)
 * while it checks what the server does meanwhile: mt_gate_hold() in the
 * route, mt_gate_wait_entered() and mt_gate_open() in the test;
 * mt_gate_reset() before each use. */
void mt_gate_reset(void);
void mt_gate_hold(void);
void mt_gate_wait_entered(void);
void mt_gate_open(void);
void mt_observer(const errata_event_t *ev, void *ctx);     /* ctx: mt_log_t */
void mt_access_log(const errata_mhd_access_t *e, void *ctx); /* ctx: mt_log_t */
/* Waits (up to 5 s) until the log holds n access entries: MHD writes them
 * once the response is sent, possibly after the client has read it. */
void mt_wait_access(mt_log_t *log, size_t n);
/* Copies of the entries, taken under the lock. */
size_t mt_events(mt_log_t *log, errata_event_kind_t kind, mt_event_t *out, size_t cap);
mt_access_t mt_access_at(mt_log_t *log, size_t i);
size_t mt_access_total(mt_log_t *log);

#endif
