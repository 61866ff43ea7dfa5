/* The server: its one allocation, the slot pool, and MHD's start and stop.
 *
 * errata_mhd_start runs MHD with its own polling thread (epoll or poll,
 * MHD_USE_AUTO), or a pool of them when config.threads > 1: the number of
 * threads stays fixed whatever the number of connections, as the slot pool
 * does, where thread-per-connection would add a thread (and its stack) per
 * client. MHD's connection limit is the slot count plus a few spare
 * connections: a request arriving while every slot is taken is accepted
 * and answered 503 at once, rather than left waiting in the listen
 * backlog; the deadline (watch.c) keeps slow clients from holding either
 * for long. */
#include "mhd_internal.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

static const char *errata_mhd_config_check(const errata_mhd_config_t *config)
{
    if (config == NULL)
        return "no configuration";
    if (config->routes == NULL && config->route_count > 0)
        return "route_count without routes";
    for (size_t i = 0; i < config->route_count; i++) {
        const char *why = errata_mhd_route_check(&config->routes[i]);
        if (why != NULL)
            return why;
    }
    return NULL;
}

static errata_mhd_config_t errata_mhd_config_defaults(const errata_mhd_config_t *config)
{
    errata_mhd_config_t c = *config;
    if (c.max_body == 0)
        c.max_body = ERRATA_MHD_DEFAULT_MAX_BODY;
    if (c.max_response == 0)
        c.max_response = ERRATA_MHD_DEFAULT_MAX_RESPONSE;
    if (c.connections == 0)
        c.connections = ERRATA_MHD_DEFAULT_CONNECTIONS;
    if (c.timeout == 0)
        c.timeout = ERRATA_MHD_DEFAULT_TIMEOUT;
    if (c.deadline == 0)
        c.deadline = ERRATA_MHD_DEFAULT_DEADLINE;
    if (c.spare_connections == 0)
        c.spare_connections = ERRATA_MHD_DEFAULT_SPARE;
    if (c.drain_timeout == 0)
        c.drain_timeout = ERRATA_MHD_DEFAULT_DRAIN;
    return c;
}

/* The bytes of the whole block (the server, its slots, an entry per
 * connection MHD may hold, then each slot's two buffers with room for a
 * NUL), 0 when that overflows a size_t or MHD's unsigned limit. */
static size_t errata_mhd_block_size(const errata_mhd_config_t *c)
{
    if (c->max_body >= SIZE_MAX / 4 || c->max_response >= SIZE_MAX / 4 ||
        c->spare_connections > UINT32_MAX - c->connections)
        return 0;
    size_t per = sizeof(errata_mhd_slot_t) + sizeof(errata_mhd_conn_t) + c->max_body + 1 +
                 c->max_response + 1;
    size_t spares = (size_t)c->spare_connections * sizeof(errata_mhd_conn_t);
    if (c->connections > (SIZE_MAX - sizeof(errata_mhd_server_t) - spares) / per)
        return 0;
    return sizeof(errata_mhd_server_t) + spares + c->connections * per;
}

/* The lock and the watchdog's condition, on CLOCK_MONOTONIC (a clock
 * change must not move a deadline). */
static bool errata_mhd_sync_init(errata_mhd_server_t *server)
{
    pthread_condattr_t attr;
    if (pthread_condattr_init(&attr) != 0)
        return false;
    bool ok = pthread_condattr_setclock(&attr, CLOCK_MONOTONIC) == 0 &&
              pthread_cond_init(&server->wake, &attr) == 0;
    pthread_condattr_destroy(&attr);
    if (ok && pthread_mutex_init(&server->lock, NULL) != 0) {
        pthread_cond_destroy(&server->wake);
        ok = false;
    }
    return ok;
}

static errata_mhd_server_t *errata_mhd_refuse(const char **error, const char *why)
{
    if (error != NULL)
        *error = why;
    return NULL;
}

errata_mhd_server_t *errata_mhd_server_create(const errata_mhd_config_t *config,
                                              const char **error)
{
    const char *why = errata_mhd_config_check(config);
    if (why != NULL)
        return errata_mhd_refuse(error, why);
    errata_mhd_config_t c = errata_mhd_config_defaults(config);
    size_t size = errata_mhd_block_size(&c);
    if (size == 0)
        return errata_mhd_refuse(error, "buffer sizes overflow");
    /* The one allocation: nothing is allocated per request. */
    errata_mhd_server_t *server = calloc(1, size);
    if (server == NULL)
        return errata_mhd_refuse(error, "out of memory");
    if (!errata_mhd_sync_init(server)) {
        free(server);
        return errata_mhd_refuse(error, "cannot create the server's lock");
    }
    if (error != NULL)
        *error = NULL;
    server->config = c;
    server->listen_fd = MHD_INVALID_SOCKET;
    server->slot_count = c.connections;
    /* The entries are aligned like the slots before them (both hold a
     * uint64_t), and the buffers need no alignment. */
    server->conns = (errata_mhd_conn_t *)(void *)&server->slots[c.connections];
    server->conn_count = c.connections + c.spare_connections;
    for (unsigned i = 0; i < server->conn_count; i++)
        server->conns[i].fd = -1;
    char *buffers = (char *)&server->conns[server->conn_count];
    for (unsigned i = 0; i < c.connections; i++) {
        server->slots[i].req.body = buffers;
        buffers += c.max_body + 1;
        server->slots[i].res.buf = buffers;
        server->slots[i].res.cap = c.max_response;
        buffers += c.max_response + 1;
    }
    errata_mhd_trace_seed(server);
    server->nul_trace = errata_mhd_nul_trace();
    return server;
}

void errata_mhd_server_destroy(errata_mhd_server_t *server)
{
    if (server == NULL)
        return;
    errata_mhd_stop(server);
    pthread_mutex_destroy(&server->lock);
    pthread_cond_destroy(&server->wake);
    free(server);
}

bool errata_mhd_start(errata_mhd_server_t *server, uint16_t port, unsigned extra_flags)
{
    if (server == NULL || server->daemon != NULL)
        return false;
    struct sockaddr_in loopback;
    memset(&loopback, 0, sizeof loopback);
    loopback.sin_family = AF_INET;
    loopback.sin_port = htons(port);
    loopback.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    struct MHD_OptionItem optional[3];
    size_t n = 0;
    if (server->config.loopback)
        optional[n++] = (struct MHD_OptionItem){ MHD_OPTION_SOCK_ADDR, 0, &loopback };
    if (server->config.threads > 1)
        optional[n++] = (struct MHD_OptionItem){ MHD_OPTION_THREAD_POOL_SIZE,
                                                 (intptr_t)server->config.threads, NULL };
    optional[n] = (struct MHD_OptionItem){ MHD_OPTION_END, 0, NULL };
    /* MHD_USE_ITC: errata_mhd_stop's MHD_quiesce_daemon needs it. */
    server->daemon = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_ITC | extra_flags, port, NULL,
        NULL, errata_mhd_access_handler, server,
        MHD_OPTION_NOTIFY_COMPLETED, errata_mhd_request_completed, server,
        MHD_OPTION_NOTIFY_CONNECTION, errata_mhd_notify_connection, server,
        MHD_OPTION_URI_LOG_CALLBACK, errata_mhd_uri_log, server,
        MHD_OPTION_CONNECTION_LIMIT, server->conn_count,
        MHD_OPTION_CONNECTION_TIMEOUT, server->config.timeout,
        MHD_OPTION_ARRAY, optional,
        MHD_OPTION_END);
    if (server->daemon == NULL)
        return false;
    if (!errata_mhd_watch_start(server)) {
        MHD_stop_daemon(server->daemon);
        server->daemon = NULL;
        return false;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(server->daemon,
                                                           MHD_DAEMON_INFO_BIND_PORT);
    server->port = info != NULL ? info->port : port;
    return true;
}

/* A graceful stop: in-flight requests are finished (within the drain
 * timeout) before MHD closes what is left (watch.c, errata_mhd_drain). */
bool errata_mhd_stop(errata_mhd_server_t *server)
{
    if (server == NULL || server->daemon == NULL)
        return true;
    bool drained = errata_mhd_drain(server);
    MHD_stop_daemon(server->daemon);
    errata_mhd_drain_done(server);
    errata_mhd_watch_stop(server); /* after MHD: its close notifications take the lock */
    server->daemon = NULL;
    server->port = 0;
    return drained;
}

bool errata_mhd_draining(const errata_mhd_server_t *server)
{
    return __atomic_load_n(&server->draining, __ATOMIC_ACQUIRE) != 0;
}

uint16_t errata_mhd_port(const errata_mhd_server_t *server)
{
    return server != NULL ? server->port : 0;
}

unsigned errata_mhd_slot_count(const errata_mhd_server_t *server)
{
    return server != NULL ? server->slot_count : 0;
}

/* A load before the exchange keeps busy slots' cache lines shared. */
errata_mhd_slot_t *errata_mhd_slot_acquire(errata_mhd_server_t *server)
{
    for (unsigned i = 0; i < server->slot_count; i++) {
        errata_mhd_slot_t *slot = &server->slots[i];
        if (__atomic_load_n(&slot->busy, __ATOMIC_RELAXED) == 0 &&
            __atomic_exchange_n(&slot->busy, 1, __ATOMIC_ACQUIRE) == 0)
            return slot;
    }
    return NULL;
}

void errata_mhd_slot_release(errata_mhd_slot_t *slot)
{
    __atomic_store_n(&slot->busy, 0, __ATOMIC_RELEASE);
}

uint64_t errata_mhd_now_us(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000u + (uint64_t)t.tv_nsec / 1000u;
}
