/* The answers errata-mhd leaves to the application, and its logs: the
 * access log (one line per request on stderr) and the observer, which sees
 * the real detail of every problem, hidden 5xx details included. Both go
 * through the buffered log (log.h): access lines are written by its
 * thread, in batches; the observer's lines, rare and about the server's
 * own failures, are written at once, before the answer goes out. */
#include <inttypes.h>

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

void petstore_access_log(const errata_mhd_access_t *entry, void *ctx)
{
    struct petstore *app = ctx;
    petstore_log_line(&app->log, "%s %s %d %s %" PRIu64 ".%03" PRIu64 "ms trace=%s%s",
                      entry->method, entry->path, entry->status,
                      entry->code_name ? entry->code_name : "-", entry->duration_us / 1000,
                      entry->duration_us % 1000, entry->trace_id,
                      entry->completed ? "" : " (not completed)");
}
