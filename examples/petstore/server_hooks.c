/* The answers errata-mhd leaves to the application, and its logs: the
 * access log (one line per request on stderr) and the observer, which sees
 * the real detail of every problem, hidden 5xx details included. Both go
 * through the buffered log (log.h): access lines are written by its
 * thread, in batches; the observer's lines, rare and about the server's
 * own failures, are written at once, before the answer goes out. */
#include <string.h>

#include "server.h"

errata_status_t petstore_not_found(errata_mhd_request_t *req, errata_problem_t *err)
{
    (void)req;
    PETS_THROW_NOT_FOUND(err, .detail = "There is nothing at this path");
}

errata_status_t petstore_not_allowed(errata_mhd_request_t *req, const char *allow,
                                     errata_problem_t *err)
{
    (void)req;
    PETS_THROW_METHOD_NOT_ALLOWED(err, .allow = allow);
}

errata_status_t petstore_too_large(errata_mhd_request_t *req, errata_problem_t *err)
{
    (void)req;
    PETS_THROW_CONTENT_TOO_LARGE(err, .detail = "Request bodies are limited to 64 KiB");
}

errata_status_t petstore_internal(errata_mhd_request_t *req, const char *why,
                                  errata_problem_t *err)
{
    /* The trace id is the catalog's trace member: errata-mhd sets the
     * request's on the problem and the body carries it. */
    (void)req;
    PETS_THROW_INTERNAL_ERROR(err, .detail = why);
}

/* Problems of the server's own making are worth a line of their own: their
 * real detail (a SQLite message) is never sent. */
void petstore_observe(const errata_event_t *event, void *ctx)
{
    struct petstore *app = ctx;
    const char *trace = event->trace_id ? event->trace_id : "-";
    if (event->kind == ERRATA_EVENT_HEADER_DROPPED || event->kind == ERRATA_EVENT_HEADER_FALLBACK) {
        petstore_log_line_now(&app->log, "petstore-server: header %s %s (trace %s)",
                              event->header ? event->header : "?",
                              event->kind == ERRATA_EVENT_HEADER_DROPPED ? "dropped"
                                                                         : "sent as its fallback",
                              trace);
    } else if (event->status >= 500) {
        petstore_log_line_now(&app->log, "petstore-server: %d %s: %s (at %s:%d, trace %s)",
                              event->status, event->code_name ? event->code_name : "-",
                              event->detail ? event->detail : "", event->file ? event->file : "?",
                              event->line, trace);
    }
}

/* An access-log line built piece by piece: printf's format parsing would
 * cost more than everything else the line needs. */
typedef struct line {
    char text[PETSTORE_LOG_LINE_MAX];
    size_t len;
} line_t;

static void line_add(line_t *l, const char *s)
{
    size_t n = strlen(s);
    if (n > sizeof l->text - l->len)
        n = sizeof l->text - l->len; /* cut: petstore_log_text keeps the newline */
    memcpy(l->text + l->len, s, n);
    l->len += n;
}

/* v in decimal, at least min_digits digits (zero-padded). */
static void line_number(line_t *l, uint64_t v, int min_digits)
{
    char text[24];
    size_t n = sizeof text - 1;
    text[n] = '\0';
    do {
        text[--n] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0 || (int)(sizeof text - 1 - n) < min_digits);
    line_add(l, text + n);
}

/* "GET /pets/999 404 PET_NOT_FOUND 0.123ms trace=ID", as printf would
 * write it with "%s %s %d %s %" PRIu64 ".%03" PRIu64 "ms trace=%s%s". */
void petstore_access_log(const errata_mhd_access_t *entry, void *ctx)
{
    struct petstore *app = ctx;
    line_t l;
    l.len = 0;
    line_add(&l, entry->method);
    line_add(&l, " ");
    line_add(&l, entry->path);
    line_add(&l, " ");
    line_number(&l, entry->status > 0 ? (uint64_t)entry->status : 0, 1); /* 0: nothing sent */
    line_add(&l, " ");
    line_add(&l, entry->code_name ? entry->code_name : "-");
    line_add(&l, " ");
    line_number(&l, entry->duration_us / 1000, 1);
    line_add(&l, ".");
    line_number(&l, entry->duration_us % 1000, 3);
    line_add(&l, "ms trace=");
    line_add(&l, entry->trace_id);
    line_add(&l, entry->completed ? "" : " (not completed)");
    petstore_log_text(&app->log, l.text, l.len);
}
