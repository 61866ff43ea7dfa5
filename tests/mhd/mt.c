/* errata-mhd's test harness (mt.h). */
#include "mt.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* ---- the client ----------------------------------------------------------- */

static size_t mt_on_body(char *data, size_t size, size_t n, void *ctx)
{
    mt_response_t *r = ctx;
    size_t len = size * n, room = sizeof r->body - 1 - r->body_len;
    if (len > room) {
        r->body_cut = true;
        len = room;
    }
    memcpy(r->body + r->body_len, data, len);
    r->body_len += len;
    r->body[r->body_len] = '\0';
    return size * n;
}

/* Keeps the last response's header lines only: a 100 Continue comes first. */
static size_t mt_on_header(char *line, size_t size, size_t n, void *ctx)
{
    mt_response_t *r = ctx;
    size_t len = size * n;
    if (len >= 5 && memcmp(line, "HTTP/", 5) == 0)
        r->headers_len = 0;
    if (len < sizeof r->headers - 1 - r->headers_len) {
        memcpy(r->headers + r->headers_len, line, len);
        r->headers_len += len;
        r->headers[r->headers_len] = '\0';
    }
    return len;
}

typedef struct mt_upload {
    const char *data;
    size_t left;
    size_t piece;
} mt_upload_t;

/* Hands the body out in pieces, so that a chunked upload really is
 * several chunks. */
static size_t mt_on_read(char *buf, size_t size, size_t n, void *ctx)
{
    mt_upload_t *u = ctx;
    size_t take = size * n < u->left ? size * n : u->left;
    if (take > u->piece)
        take = u->piece;
    memcpy(buf, u->data, take);
    u->data += take;
    u->left -= take;
    return take;
}

static struct curl_slist *mt_headers(const mt_request_t *rq)
{
    struct curl_slist *list = curl_slist_append(NULL, "Expect:");
    for (size_t i = 0; rq->headers != NULL && rq->headers[i] != NULL; i++)
        list = curl_slist_append(list, rq->headers[i]);
    if (rq->chunked)
        list = curl_slist_append(list, "Transfer-Encoding: chunked");
    return list;
}

/* One lock for every log: the tests run one at a time. */
static pthread_mutex_t mt_lock = PTHREAD_MUTEX_INITIALIZER;
static size_t mt_fetched; /* requests mt_fetch completed, under mt_lock */

void mt_fetch(uint16_t port, const mt_request_t *rq, mt_response_t *out)
{
    char url[2048];
    const char *method = rq->method != NULL ? rq->method : "GET";
    mt_upload_t upload = { rq->body, rq->body_len, rq->body_len > 4096 ? 4096 : 16 };
    snprintf(url, sizeof url, "http://127.0.0.1:%u%s", (unsigned)port, rq->path);
    memset(out, 0, sizeof *out);
    CURL *curl = curl_easy_init();
    assert_non_null(curl);
    struct curl_slist *headers = mt_headers(rq);
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, mt_on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, out);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, mt_on_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, out);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 20L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_PATH_AS_IS, 1L);
    if (strcmp(method, "HEAD") == 0) {
        curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
    } else {
        curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
    }
    if (rq->body != NULL && rq->chunked) {
        curl_easy_setopt(curl, CURLOPT_POST, 1L);
        curl_easy_setopt(curl, CURLOPT_READFUNCTION, mt_on_read);
        curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
    } else if (rq->body != NULL) {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, rq->body);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, (long)rq->body_len);
    }
    CURLcode rc = curl_easy_perform(curl);
    if (rc != CURLE_OK)
        fail_msg("%s %s: %s", method, rq->path, curl_easy_strerror(rc));
    pthread_mutex_lock(&mt_lock);
    mt_fetched++;
    pthread_mutex_unlock(&mt_lock);
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &out->status);
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    assert_false(out->body_cut);
}

void mt_get(uint16_t port, const char *path, mt_response_t *out, ...)
{
    const char *lines[16];
    size_t n = 0;
    va_list ap;
    va_start(ap, out);
    for (const char *h; (h = va_arg(ap, const char *)) != NULL && n < MT_COUNT(lines) - 1;)
        lines[n++] = h;
    va_end(ap);
    lines[n] = NULL;
    mt_request_t rq = { "GET", path, lines, NULL, 0, false };
    mt_fetch(port, &rq, out);
}

static bool mt_name_is(const char *line, size_t len, const char *name)
{
    size_t n = strlen(name);
    if (len <= n || line[n] != ':')
        return false;
    for (size_t i = 0; i < n; i++) {
        char a = line[i], b = name[i];
        if (a >= 'A' && a <= 'Z')
            a = (char)(a - 'A' + 'a');
        if (b >= 'A' && b <= 'Z')
            b = (char)(b - 'A' + 'a');
        if (a != b)
            return false;
    }
    return true;
}

/* Counts the header lines of that name, and copies the value of the
 * want-th one (0-based) into buf. */
static const char *mt_header_scan(const mt_response_t *r, const char *name, size_t want,
                                  size_t *count, char *buf, size_t cap)
{
    const char *s = r->headers, *end = r->headers + r->headers_len;
    *count = 0;
    while (s < end) {
        const char *eol = memchr(s, '\n', (size_t)(end - s));
        size_t len = (size_t)((eol != NULL ? eol : end) - s);
        if (len > 0 && s[len - 1] == '\r')
            len--;
        if (mt_name_is(s, len, name) && (*count)++ == want && buf != NULL) {
            const char *v = s + strlen(name) + 1;
            while (*v == ' ')
                v++;
            size_t vn = (size_t)(s + len - v);
            snprintf(buf, cap, "%.*s", (int)vn, v);
            return buf;
        }
        s = eol != NULL ? eol + 1 : end;
    }
    return NULL;
}

const char *mt_header(const mt_response_t *r, const char *name, size_t n, char *buf, size_t cap)
{
    size_t count;
    return mt_header_scan(r, name, n, &count, buf, cap);
}

size_t mt_header_count(const mt_response_t *r, const char *name)
{
    size_t count;
    mt_header_scan(r, name, (size_t)-1, &count, NULL, 0);
    return count;
}

json_t *mt_json(const mt_response_t *r)
{
    json_error_t e;
    json_t *o = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &e);
    if (o == NULL)
        fail_msg("body is not JSON (%s): %s", e.text, r->body);
    assert_true(json_is_object(o));
    return o;
}

void mt_expect_string(json_t *o, const char *key, const char *want)
{
    json_t *v = json_object_get(o, key);
    if (v == NULL || !json_is_string(v))
        fail_msg("member %s missing or not a string", key);
    assert_string_equal(json_string_value(v), want);
}

void mt_expect_int(json_t *o, const char *key, json_int_t want)
{
    json_t *v = json_object_get(o, key);
    if (v == NULL || !json_is_integer(v))
        fail_msg("member %s missing or not an integer", key);
    assert_int_equal(json_integer_value(v), want);
}

json_t *mt_expect_problem(const mt_response_t *r, long status, const char *code)
{
    char buf[256];
    assert_int_equal(r->status, status);
    assert_non_null(mt_header(r, "Content-Type", 0, buf, sizeof buf));
    assert_string_equal(buf, "application/problem+json");
    /* A translated catalog's problems name their language and vary by it. */
    char language[64];
    bool translated = mt_header(r, "Content-Language", 0, language, sizeof language) != NULL;
    assert_non_null(mt_header(r, "Vary", 0, buf, sizeof buf));
    assert_string_equal(buf, translated ? "Accept, Accept-Language" : "Accept");
    json_t *o = mt_json(r);
    mt_expect_int(o, "status", status); /* the body's status is the HTTP status */
    if (code != NULL)
        mt_expect_string(o, "code", code);
    else
        assert_null(json_object_get(o, "code"));
    return o;
}

bool mt_is_trace_id(const char *s)
{
    bool nonzero = false;
    if (s == NULL || strlen(s) != 32)
        return false;
    for (size_t i = 0; i < 32; i++) {
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return false;
        nonzero = nonzero || s[i] != '0';
    }
    return nonzero;
}

/* ---- raw sockets ------------------------------------------------------------ */

int mt_raw_try_connect(uint16_t port)
{
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        fail_msg("socket: %s", strerror(errno));
    if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

int mt_raw_connect(uint16_t port)
{
    int fd = mt_raw_try_connect(port);
    if (fd < 0)
        fail_msg("connect to port %u: %s", (unsigned)port, strerror(errno));
    return fd;
}

bool mt_raw_send(int fd, const void *data, size_t n)
{
    const char *p = data;
    while (n > 0) {
        ssize_t k = send(fd, p, n, MSG_NOSIGNAL);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return false;
        p += k;
        n -= (size_t)k;
    }
    return true;
}

static uint64_t mt_now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000u + (uint64_t)t.tv_nsec / 1000000u;
}

/* Reads what is there within the time left: > 0 bytes, 0 at the end of
 * the connection, -1 on a reset or when the time ran out (*timed_out). */
static ssize_t mt_raw_read(int fd, char *buf, size_t cap, uint64_t until, bool *timed_out)
{
    *timed_out = false;
    for (;;) {
        uint64_t now = mt_now_ms();
        if (now >= until) {
            *timed_out = true;
            return -1;
        }
        struct pollfd p = { fd, POLLIN, 0 };
        int r = poll(&p, 1, (int)(until - now));
        if (r < 0 && errno == EINTR)
            continue;
        if (r == 0)
            continue;
        ssize_t n = recv(fd, buf, cap, 0);
        if (n < 0 && errno == EINTR)
            continue;
        return n;
    }
}

/* Status, header lines (the status line left out) and the body's start
 * once the head is whole; the Content-Length it announces (0: none). */
static size_t mt_raw_head(const char *raw, size_t head_len, mt_response_t *out)
{
    size_t cl = 0;
    out->status = strncmp(raw, "HTTP/1.", 7) == 0 ? strtol(raw + 9, NULL, 10) : -1;
    const char *eol = strstr(raw, "\r\n");
    size_t skip = eol != NULL ? (size_t)(eol + 2 - raw) : head_len;
    out->headers_len = head_len - skip < sizeof out->headers - 1 ? head_len - skip
                                                                 : sizeof out->headers - 1;
    memcpy(out->headers, raw + skip, out->headers_len);
    out->headers[out->headers_len] = '\0';
    char v[32];
    if (mt_header(out, "Content-Length", 0, v, sizeof v) != NULL)
        cl = (size_t)strtoul(v, NULL, 10);
    return cl;
}

bool mt_raw_response(int fd, mt_response_t *out, int timeout_ms)
{
    char raw[sizeof out->headers + sizeof out->body]; /* on the stack: tests call this from threads */
    size_t len = 0, head = 0, want = 0;
    uint64_t until = mt_now_ms() + (uint64_t)timeout_ms;
    memset(out, 0, sizeof *out);
    out->status = -1;
    while (len < sizeof raw - 1) {
        bool timed_out;
        ssize_t n = mt_raw_read(fd, raw + len, sizeof raw - 1 - len, until, &timed_out);
        if (n <= 0)
            return false;
        len += (size_t)n;
        raw[len] = '\0';
        if (head == 0) {
            const char *end = strstr(raw, "\r\n\r\n");
            if (end == NULL)
                continue;
            head = (size_t)(end + 4 - raw);
            want = mt_raw_head(raw, head - 2, out);
            if (want > sizeof out->body - 1)
                fail_msg("a response body of %zu bytes", want);
        }
        if (len - head >= want) {
            memcpy(out->body, raw + head, want);
            out->body[want] = '\0';
            out->body_len = want;
            return true;
        }
    }
    return false;
}

bool mt_raw_exchange(uint16_t port, const char *request, size_t n, mt_response_t *out,
                     int timeout_ms)
{
    int fd = mt_raw_connect(port);
    bool ok = mt_raw_send(fd, request, n) && mt_raw_response(fd, out, timeout_ms);
    close(fd);
    return ok;
}

bool mt_raw_closed(int fd, int timeout_ms)
{
    char buf[4096];
    uint64_t until = mt_now_ms() + (uint64_t)timeout_ms;
    for (;;) {
        bool timed_out;
        ssize_t n = mt_raw_read(fd, buf, sizeof buf, until, &timed_out);
        if (n == 0)
            return true;
        if (n < 0)
            return !timed_out;
    }
}

/* ---- recorders ------------------------------------------------------------ */

static struct {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    bool entered, open;
} mt_gate = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, false, false };

void mt_gate_reset(void)
{
    pthread_mutex_lock(&mt_gate.lock);
    mt_gate.entered = mt_gate.open = false;
    pthread_mutex_unlock(&mt_gate.lock);
}

void mt_gate_hold(void)
{
    pthread_mutex_lock(&mt_gate.lock);
    mt_gate.entered = true;
    pthread_cond_broadcast(&mt_gate.cond);
    while (!mt_gate.open)
        pthread_cond_wait(&mt_gate.cond, &mt_gate.lock);
    pthread_mutex_unlock(&mt_gate.lock);
}

void mt_gate_wait_entered(void)
{
    pthread_mutex_lock(&mt_gate.lock);
    while (!mt_gate.entered)
        pthread_cond_wait(&mt_gate.cond, &mt_gate.lock);
    pthread_mutex_unlock(&mt_gate.lock);
}

void mt_gate_open(void)
{
    pthread_mutex_lock(&mt_gate.lock);
    mt_gate.open = true;
    pthread_cond_broadcast(&mt_gate.cond);
    pthread_mutex_unlock(&mt_gate.lock);
}

void mt_log_reset(mt_log_t *log)
{
    for (int i = 0; i < 2000; i++) {
        pthread_mutex_lock(&mt_lock);
        bool quiet = log->access_total >= mt_fetched;
        pthread_mutex_unlock(&mt_lock);
        if (quiet)
            break;
        nanosleep(&(struct timespec){ 0, 1000000 }, NULL);
    }
    pthread_mutex_lock(&mt_lock);
    log->event_count = 0;
    log->access_count = 0;
    pthread_mutex_unlock(&mt_lock);
}

static void mt_copy(char *dst, size_t cap, const char *src)
{
    snprintf(dst, cap, "%s", src != NULL ? src : "");
}

void mt_observer(const errata_event_t *ev, void *ctx)
{
    mt_log_t *log = ctx;
    pthread_mutex_lock(&mt_lock);
    if (log->event_count < MT_COUNT(log->events)) {
        mt_event_t *e = &log->events[log->event_count];
        e->kind = ev->kind;
        mt_copy(e->code_name, sizeof e->code_name, ev->code_name);
        e->status = ev->status;
        mt_copy(e->detail, sizeof e->detail, ev->detail);
        mt_copy(e->trace_id, sizeof e->trace_id, ev->trace_id);
        mt_copy(e->header, sizeof e->header, ev->header);
    }
    log->event_count++;
    pthread_mutex_unlock(&mt_lock);
}

void mt_access_log(const errata_mhd_access_t *a, void *ctx)
{
    mt_log_t *log = ctx;
    pthread_mutex_lock(&mt_lock);
    if (log->access_count < MT_COUNT(log->access)) {
        mt_access_t *e = &log->access[log->access_count];
        mt_copy(e->method, sizeof e->method, a->method);
        mt_copy(e->path, sizeof e->path, a->path);
        e->status = a->status;
        e->has_code = a->code_name != NULL;
        mt_copy(e->code_name, sizeof e->code_name, a->code_name);
        e->duration_us = a->duration_us;
        mt_copy(e->trace_id, sizeof e->trace_id, a->trace_id);
        e->completed = a->completed;
    }
    log->access_count++;
    log->access_total++;
    pthread_mutex_unlock(&mt_lock);
}

void mt_wait_access(mt_log_t *log, size_t n)
{
    for (int i = 0; i < 5000; i++) {
        pthread_mutex_lock(&mt_lock);
        size_t have = log->access_count;
        pthread_mutex_unlock(&mt_lock);
        if (have >= n)
            return;
        nanosleep(&(struct timespec){ 0, 1000000 }, NULL);
    }
    fail_msg("the access log did not reach %zu entries", n);
}

size_t mt_events(mt_log_t *log, errata_event_kind_t kind, mt_event_t *out, size_t cap)
{
    size_t n = 0;
    pthread_mutex_lock(&mt_lock);
    for (size_t i = 0; i < log->event_count && i < MT_COUNT(log->events); i++)
        if (log->events[i].kind == kind) {
            if (n < cap)
                out[n] = log->events[i];
            n++;
        }
    pthread_mutex_unlock(&mt_lock);
    return n;
}

mt_access_t mt_access_at(mt_log_t *log, size_t i)
{
    pthread_mutex_lock(&mt_lock);
    mt_access_t a = log->access[i];
    pthread_mutex_unlock(&mt_lock);
    return a;
}

size_t mt_access_total(mt_log_t *log)
{
    pthread_mutex_lock(&mt_lock);
    size_t n = log->access_count;
    pthread_mutex_unlock(&mt_lock);
    return n;
}
