/* The request deadline: no connection may take longer than
 * config.deadline to deliver a request, head and body, from the moment it
 * is ready for one (accepted, or its previous answer sent).
 *
 * MHD's own timeout (MHD_OPTION_CONNECTION_TIMEOUT) is an idle timeout:
 * every byte received restarts it, so a client trickling a header byte
 * every few seconds holds its connection for ever, and a few dozen of them
 * take every connection MHD may hold. MHD has no per-request deadline and
 * calls nothing while a head arrives, so the deadline is kept here, beside
 * MHD: one entry per connection MHD holds (MHD_OPTION_NOTIFY_CONNECTION
 * claims and releases it), its state kept by the access handler, the URI
 * log and the completion callback, and a watchdog thread that shuts down
 * the socket of a connection past its deadline. MHD then sees the
 * connection end, as if the client had gone, and closes it the usual way
 * (the access log says "not completed" when the request had begun).
 *
 * Nothing is sent to such a client: MHD can queue a response only from
 * the access handler, which it calls once the head is whole, and refuses
 * one while a body is arriving (MHD_queue_response, MHD 0.9.75).
 *
 * The socket is MHD's: the watchdog calls shutdown on it under the server's
 * lock, which MHD's "connection closed" notification also takes before MHD
 * closes the descriptor, so the descriptor is never one MHD has closed
 * and the system has handed to another connection. That lock is taken when
 * a connection opens and closes and by the watchdog, never per request. */
#include "mhd_internal.h"

#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* The entry of a connection, when it is one of this server's (an
 * application's own daemon may give connections contexts of its own). */
errata_mhd_conn_t *errata_mhd_conn_of(errata_mhd_server_t *server,
                                      struct MHD_Connection *connection)
{
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(connection, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    uintptr_t p = info != NULL ? (uintptr_t)info->socket_context : 0;
    uintptr_t first = (uintptr_t)server->conns;
    uintptr_t end = (uintptr_t)(server->conns + server->conn_count);
    if (p < first || p >= end || (p - first) % sizeof(errata_mhd_conn_t) != 0)
        return NULL;
    return (errata_mhd_conn_t *)info->socket_context;
}

void errata_mhd_conn_set(errata_mhd_conn_t *conn, errata_mhd_conn_state_t state)
{
    if (conn == NULL)
        return;
    if (state == ERRATA_MHD_CONN_IDLE) /* its deadline counts from now */
        __atomic_store_n(&conn->since_us, errata_mhd_now_us(), __ATOMIC_RELAXED);
    __atomic_store_n(&conn->state, (int)state, __ATOMIC_RELEASE);
}

uint64_t errata_mhd_conn_deadline(const errata_mhd_server_t *server,
                                  const errata_mhd_conn_t *conn)
{
    if (conn == NULL)
        return 0;
    return __atomic_load_n(&conn->since_us, __ATOMIC_RELAXED) +
           (uint64_t)server->config.deadline * 1000000u;
}

static errata_mhd_conn_t *errata_mhd_conn_claim(errata_mhd_server_t *server)
{
    for (unsigned i = 0; i < server->conn_count; i++) {
        errata_mhd_conn_t *c = &server->conns[i];
        if (__atomic_load_n(&c->claimed, __ATOMIC_RELAXED) == 0 &&
            __atomic_exchange_n(&c->claimed, 1, __ATOMIC_ACQUIRE) == 0)
            return c;
    }
    return NULL; /* a daemon of the application's with a larger limit */
}

void errata_mhd_notify_connection(void *cls, struct MHD_Connection *connection,
                                  void **socket_context, enum MHD_ConnectionNotificationCode code)
{
    errata_mhd_server_t *server = cls;
    errata_mhd_conn_t *conn = *socket_context;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *info =
            MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD);
        if (info == NULL || (conn = errata_mhd_conn_claim(server)) == NULL)
            return;
        pthread_mutex_lock(&server->lock);
        conn->fd = info->connect_fd;
        conn->cut = false;
        errata_mhd_conn_set(conn, ERRATA_MHD_CONN_IDLE);
        pthread_mutex_unlock(&server->lock);
        *socket_context = conn;
        return;
    }
    if (code != MHD_CONNECTION_NOTIFY_CLOSED || conn == NULL)
        return;
    /* MHD closes the descriptor once this returns: from now on the
     * watchdog must not touch it. */
    pthread_mutex_lock(&server->lock);
    conn->fd = -1;
    pthread_mutex_unlock(&server->lock);
    *socket_context = NULL;
    __atomic_store_n(&conn->claimed, 0, __ATOMIC_RELEASE);
}

void errata_mhd_conn_cut(errata_mhd_conn_t *conn)
{
    /* Both directions: MHD reads the end at once, and the client sees its
     * connection end rather than wait for an answer. */
    if (conn->fd >= 0 && !conn->cut) {
        (void)shutdown(conn->fd, SHUT_RDWR);
        conn->cut = true;
    }
}

/* Every connection still delivering its request past the deadline is cut
 * (under server->lock). */
static void errata_mhd_watch_once(errata_mhd_server_t *server)
{
    uint64_t now = errata_mhd_now_us();
    for (unsigned i = 0; i < server->conn_count; i++) {
        errata_mhd_conn_t *c = &server->conns[i];
        if (__atomic_load_n(&c->claimed, __ATOMIC_ACQUIRE) == 0 ||
            __atomic_load_n(&c->state, __ATOMIC_ACQUIRE) == ERRATA_MHD_CONN_ANSWERING)
            continue;
        if (now > errata_mhd_conn_deadline(server, c))
            errata_mhd_conn_cut(c);
    }
}

/* A quarter of the deadline between looks, from 50 ms to 1 s: a client is
 * cut at most that long after its deadline. */
static uint64_t errata_mhd_watch_tick_us(const errata_mhd_server_t *server)
{
    uint64_t tick = (uint64_t)server->config.deadline * 250000u;
    return tick < 50000u ? 50000u : tick > 1000000u ? 1000000u : tick;
}

static void *errata_mhd_watchdog(void *arg)
{
    errata_mhd_server_t *server = arg;
    uint64_t tick = errata_mhd_watch_tick_us(server);
    pthread_mutex_lock(&server->lock);
    while (!server->watch_stop) {
        errata_mhd_watch_once(server);
        struct timespec until;
        clock_gettime(CLOCK_MONOTONIC, &until);
        uint64_t ns = (uint64_t)until.tv_nsec + tick * 1000u;
        until.tv_sec += (time_t)(ns / 1000000000u);
        until.tv_nsec = (long)(ns % 1000000000u);
        if (!server->watch_stop) /* a spurious wake only looks once more */
            (void)pthread_cond_timedwait(&server->wake, &server->lock, &until);
    }
    pthread_mutex_unlock(&server->lock);
    return NULL;
}

bool errata_mhd_watch_start(errata_mhd_server_t *server)
{
    server->watch_stop = false;
    server->watching = pthread_create(&server->watchdog, NULL, errata_mhd_watchdog, server) == 0;
    return server->watching;
}

void errata_mhd_watch_stop(errata_mhd_server_t *server)
{
    if (!server->watching)
        return;
    pthread_mutex_lock(&server->lock);
    server->watch_stop = true;
    pthread_cond_signal(&server->wake);
    pthread_mutex_unlock(&server->lock);
    pthread_join(server->watchdog, NULL);
    server->watching = false;
}

/* ---- draining ------------------------------------------------------------ */

/* Cuts the connections waiting for a request (no request of theirs has
 * begun: there is nothing to finish) and counts those with one under way:
 * its line seen, its body arriving, its route running or its answer being
 * sent. */
static unsigned errata_mhd_drain_once(errata_mhd_server_t *server)
{
    unsigned busy = 0;
    pthread_mutex_lock(&server->lock);
    for (unsigned i = 0; i < server->conn_count; i++) {
        errata_mhd_conn_t *c = &server->conns[i];
        if (__atomic_load_n(&c->claimed, __ATOMIC_ACQUIRE) == 0 || c->fd < 0)
            continue;
        if (__atomic_load_n(&c->state, __ATOMIC_ACQUIRE) == ERRATA_MHD_CONN_IDLE)
            errata_mhd_conn_cut(c);
        else if (!c->cut)
            busy++;
    }
    pthread_mutex_unlock(&server->lock);
    return busy;
}

bool errata_mhd_drain(errata_mhd_server_t *server)
{
    /* Answers from now on say Connection: close (send.c, problem.c). */
    __atomic_store_n(&server->draining, 1, __ATOMIC_RELEASE);
    server->listen_fd = MHD_quiesce_daemon(server->daemon);
    /* MHD no longer accepts, but the system still would, into the listen
     * backlog, where a client would wait for nothing until the socket is
     * closed after MHD_stop_daemon. Shut down, a listening socket refuses
     * new connections at once and resets those not yet accepted. */
    if (server->listen_fd != MHD_INVALID_SOCKET)
        (void)shutdown(server->listen_fd, SHUT_RDWR);
    uint64_t until = errata_mhd_now_us() + (uint64_t)server->config.drain_timeout * 1000000u;
    for (;;) {
        if (errata_mhd_drain_once(server) == 0)
            return true;
        if (errata_mhd_now_us() >= until)
            return false;
        nanosleep(&(struct timespec){ 0, 10000000 }, NULL); /* 10 ms between looks */
    }
}

void errata_mhd_drain_done(errata_mhd_server_t *server)
{
    /* After MHD_stop_daemon: MHD's threads may use the socket until then. */
    if (server->listen_fd != MHD_INVALID_SOCKET)
        (void)close(server->listen_fd);
    server->listen_fd = MHD_INVALID_SOCKET;
    __atomic_store_n(&server->draining, 0, __ATOMIC_RELEASE);
}
