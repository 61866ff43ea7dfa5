/* The petstore server's log: whole lines into a bounded buffer, written
 * out by a thread of its own, so that a request does not wait for a
 * write(2) per access-log line.
 *
 *  - Lines go into one of two buffers of PETSTORE_LOG_BUFFER bytes each;
 *    the flusher thread writes the other one out. It flushes when a line
 *    no longer fits, when a buffer is half full, and every interval_ms
 *    (so that `tail -f` follows within that interval).
 *  - A request waits only when both buffers are full (the disk slower than
 *    the traffic): memory stays bounded and no line is dropped.
 *  - petstore_log_line_now writes the buffered lines and its own at once,
 *    before returning: for the rare lines that must be on disk before the
 *    client sees the answer (a 5xx's real cause).
 *  - petstore_log_close writes everything still buffered: a clean
 *    shutdown loses no line.
 *
 * A line is cut to PETSTORE_LOG_LINE_MAX bytes, its newline kept; lines
 * never interleave. Write errors drop the lines concerned (there is
 * nowhere else to report them). */
#ifndef PETSTORE_LOG_H
#define PETSTORE_LOG_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#define PETSTORE_LOG_BUFFER 65536 /* bytes per buffer (two of them) */
#define PETSTORE_LOG_LINE_MAX 1024
#define PETSTORE_LOG_INTERVAL_MS 1000

typedef struct petstore_log {
    int fd;
    unsigned interval_ms;
    pthread_mutex_t lock;
    pthread_cond_t wake; /* the flusher: work to do, or stop */
    pthread_cond_t room; /* a writer waiting for the other buffer */
    char buf[2][PETSTORE_LOG_BUFFER];
    size_t len[2];
    int active;   /* the buffer lines go into */
    int pending;  /* the buffer being written out; -1: none */
    bool stop;
    bool running; /* the flusher thread exists */
    pthread_t thread;
} petstore_log_t;

/* Starts logging to fd (not closed by petstore_log_close); interval_ms 0:
 * PETSTORE_LOG_INTERVAL_MS. False when the thread cannot start (nothing
 * to close then). */
bool petstore_log_open(petstore_log_t *log, int fd, unsigned interval_ms);

/* Buffers one line, formatted as printf does; a newline is added. */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
void petstore_log_line(petstore_log_t *log, const char *fmt, ...);

/* The same, then writes every buffered line and this one before returning. */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
void petstore_log_line_now(petstore_log_t *log, const char *fmt, ...);

/* Buffers line[0..n) as one line (a newline is added; cut to
 * PETSTORE_LOG_LINE_MAX as above): for callers that format it themselves. */
void petstore_log_text(petstore_log_t *log, const char *line, size_t n);

/* Writes what is buffered, stops the thread, releases the log. */
void petstore_log_close(petstore_log_t *log);

#endif
