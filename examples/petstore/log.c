/* The buffered log (log.h). Two buffers: lines go into the active one
 * under the lock (a memcpy); the flusher thread takes a buffer that is
 * due (half full, a line that does not fit, the interval, the stop) as the
 * pending one, writes it without the lock, and hands it back empty. While
 * no buffer is pending, the inactive one is empty, so a swap always gives
 * writers an empty buffer. */
#include "log.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Writes all of buf, or gives up on an error other than EINTR. */
static void log_write_all(int fd, const char *buf, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, buf, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return; /* nowhere to report it: the lines are lost */
        buf += w;
        n -= (size_t)w;
    }
}

/* Makes the active buffer the pending one (the lock held, none pending). */
static void log_swap(petstore_log_t *log)
{
    log->pending = log->active;
    log->active ^= 1;
}

static void *log_flusher(void *arg)
{
    petstore_log_t *log = arg;
    bool due = false;
    pthread_mutex_lock(&log->lock);
    for (;;) {
        size_t used = log->len[log->active];
        if (log->pending < 0 && used > 0 &&
            (log->stop || due || used >= PETSTORE_LOG_BUFFER / 2))
            log_swap(log);
        due = false;
        if (log->pending >= 0) {
            int p = log->pending;
            pthread_mutex_unlock(&log->lock);
            log_write_all(log->fd, log->buf[p], log->len[p]);
            pthread_mutex_lock(&log->lock);
            log->len[p] = 0;
            log->pending = -1;
            pthread_cond_broadcast(&log->room);
            continue;
        }
        if (log->stop)
            break;
        struct timespec until;
        clock_gettime(CLOCK_MONOTONIC, &until);
        until.tv_sec += log->interval_ms / 1000;
        until.tv_nsec += (long)(log->interval_ms % 1000) * 1000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        due = pthread_cond_timedwait(&log->wake, &log->lock, &until) == ETIMEDOUT;
    }
    pthread_mutex_unlock(&log->lock);
    return NULL;
}

bool petstore_log_open(petstore_log_t *log, int fd, unsigned interval_ms)
{
    pthread_condattr_t attr;
    memset(log->len, 0, sizeof log->len);
    log->fd = fd;
    log->interval_ms = interval_ms != 0 ? interval_ms : PETSTORE_LOG_INTERVAL_MS;
    log->active = 0;
    log->pending = -1;
    log->stop = false;
    log->running = false;
    if (pthread_condattr_init(&attr) != 0)
        return false;
    bool ok = pthread_condattr_setclock(&attr, CLOCK_MONOTONIC) == 0 &&
              pthread_cond_init(&log->wake, &attr) == 0;
    pthread_condattr_destroy(&attr);
    if (!ok)
        return false;
    if (pthread_cond_init(&log->room, NULL) != 0) {
        pthread_cond_destroy(&log->wake);
        return false;
    }
    ok = pthread_mutex_init(&log->lock, NULL) == 0;
    if (ok && pthread_create(&log->thread, NULL, log_flusher, log) != 0) {
        pthread_mutex_destroy(&log->lock);
        ok = false;
    }
    if (!ok) {
        pthread_cond_destroy(&log->wake);
        pthread_cond_destroy(&log->room);
        return false;
    }
    log->running = true;
    return true;
}

/* Adds a whole line to the active buffer (the lock held), waiting only
 * while both buffers are taken. */
static void log_append(petstore_log_t *log, const char *line, size_t n)
{
    while (log->len[log->active] + n > PETSTORE_LOG_BUFFER) {
        if (log->pending < 0) {
            log_swap(log);
            pthread_cond_signal(&log->wake);
        } else {
            pthread_cond_wait(&log->room, &log->lock);
        }
    }
    memcpy(log->buf[log->active] + log->len[log->active], line, n);
    log->len[log->active] += n;
    if (log->len[log->active] >= PETSTORE_LOG_BUFFER / 2 && log->pending < 0)
        pthread_cond_signal(&log->wake);
}

/* The line, cut to PETSTORE_LOG_LINE_MAX with its newline; its length. */
static size_t log_format(char line[PETSTORE_LOG_LINE_MAX + 1], const char *fmt, va_list ap)
{
    int n = vsnprintf(line, PETSTORE_LOG_LINE_MAX, fmt, ap);
    size_t len = n < 0 ? 0 : (size_t)n < PETSTORE_LOG_LINE_MAX ? (size_t)n
                                                                : PETSTORE_LOG_LINE_MAX - 1;
    line[len++] = '\n';
    return len;
}

/* One line into the buffer; now: then every buffered line written, this
 * one included, before returning. */
static void log_vline(petstore_log_t *log, bool now, const char *fmt, va_list ap)
{
    char line[PETSTORE_LOG_LINE_MAX + 1];
    size_t n = log_format(line, fmt, ap);
    pthread_mutex_lock(&log->lock);
    log_append(log, line, n);
    if (now) {
        /* The flusher's buffer first, so that lines stay in order. */
        while (log->pending >= 0)
            pthread_cond_wait(&log->room, &log->lock);
        log_write_all(log->fd, log->buf[log->active], log->len[log->active]);
        log->len[log->active] = 0;
    }
    pthread_mutex_unlock(&log->lock);
}

void petstore_log_line(petstore_log_t *log, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    log_vline(log, false, fmt, ap);
    va_end(ap);
}

void petstore_log_line_now(petstore_log_t *log, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    log_vline(log, true, fmt, ap);
    va_end(ap);
}

void petstore_log_text(petstore_log_t *log, const char *line, size_t n)
{
    char whole[PETSTORE_LOG_LINE_MAX + 1];
    if (n > PETSTORE_LOG_LINE_MAX - 1)
        n = PETSTORE_LOG_LINE_MAX - 1;
    memcpy(whole, line, n);
    whole[n++] = '\n';
    pthread_mutex_lock(&log->lock);
    log_append(log, whole, n);
    pthread_mutex_unlock(&log->lock);
}

void petstore_log_close(petstore_log_t *log)
{
    if (!log->running)
        return;
    pthread_mutex_lock(&log->lock);
    log->stop = true;
    pthread_cond_signal(&log->wake);
    pthread_mutex_unlock(&log->lock);
    pthread_join(log->thread, NULL);
    pthread_mutex_destroy(&log->lock);
    pthread_cond_destroy(&log->wake);
    pthread_cond_destroy(&log->room);
    log->running = false;
}
