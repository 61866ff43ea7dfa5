/* bare-mhd: the floor for the HTTP benchmark. A libmicrohttpd server with
 * nothing of errata in it that answers the petstore's two benchmarked
 * routes with fixed bytes of the same size and shape as the petstore's:
 *
 *   GET /pets/1    200, the pet as JSON, ETag, X-Request-Id
 *   GET /pets/999  404, the PET_NOT_FOUND problem+json body, Cache-Control,
 *                  Vary, X-Request-Id
 *   POST /pets     201, the pet (so that http-bench.sh can seed it the same
 *                  way it seeds the petstore, and run against this server
 *                  alone while the petstore is not built)
 *   anything else  404, empty
 *
 * It checks no token, looks nothing up and writes no JSON: what remains is
 * MHD parsing the request, matching two strings, building a response over a
 * constant body and sending it. The petstore's figures over these are what
 * errata-mhd, routing, authentication, SQLite and the JSON writers cost.
 *
 * Same thread model as petstore-server over errata_mhd_start
 * (runtime/mhd/server.c): MHD's internal polling threads
 * (MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO), a pool of --threads N
 * (default 4, as petstore-server's), a connection limit of 64 and a 30 s
 * idle timeout (errata-mhd's defaults). It listens on 127.0.0.1 only.
 *
 * Usage: bare-mhd --port N [--threads N] [anything else, ignored]
 * Other options are ignored (with their values, when they take one) so that
 * the benchmark scripts can start it as they start the petstore server. It
 * runs until SIGINT or SIGTERM. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <microhttpd.h>

#include "bench_args.h"

/* The petstore's pet 1 as http-bench.sh seeds it, and its 404 for pet 999
 * (catalog/petstore.yaml: PET_NOT_FOUND with pet_id and the detail from
 * its template), as petstore-server sends them with the catalog's base
 * URI (--base-uri https://errors.petstore.example/). */
static const char pet_body[] =
    "{\"id\":\"1\",\"name\":\"Rex\",\"species\":\"dog\",\"age\":3,\"version\":1}";
static const char not_found_body[] =
    "{\"type\":\"https://errors.petstore.example/pet-not-found\",\"title\":\"Pet not found\","
    "\"status\":404,\"code\":\"PET_NOT_FOUND\",\"detail\":\"Pet 999 does not exist\","
    "\"pet_id\":\"999\"}";

/* A trace id of the length errata-mhd sends (32 hex digits), fixed. */
#define BARE_TRACE_ID "4bf92f3577b34da6a3ce929d0e0e4736"

enum { BARE_CONNECTIONS = 64, BARE_TIMEOUT = 30 };

/* The response is built per request, as a real handler would (the trace id
 * would differ each time), over a body used in place. */
static enum MHD_Result bare_send(struct MHD_Connection *c, unsigned status, const char *body,
                                 size_t len, int problem)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(len, (void *)body,
                                                             MHD_RESPMEM_PERSISTENT);
    if (r == NULL)
        return MHD_NO;
    int ok = MHD_add_response_header(r, "X-Request-Id", BARE_TRACE_ID) == MHD_YES;
    if (problem) {
        ok = ok && MHD_add_response_header(r, "Content-Type", "application/problem+json");
        ok = ok && MHD_add_response_header(r, "Cache-Control", "no-store");
        ok = ok && MHD_add_response_header(r, "Vary", "Accept");
    } else if (len > 0) {
        ok = ok && MHD_add_response_header(r, "Content-Type", "application/json");
        ok = ok && MHD_add_response_header(r, "ETag", "\"1\"");
    }
    enum MHD_Result queued = ok ? MHD_queue_response(c, status, r) : MHD_NO;
    MHD_destroy_response(r);
    return queued;
}

static enum MHD_Result bare_handler(void *cls, struct MHD_Connection *c, const char *url,
                                    const char *method, const char *version,
                                    const char *upload_data, size_t *upload_data_size,
                                    void **con_cls)
{
    static int started; /* only its address is used: a marker, never written */
    (void)cls;
    (void)version;
    (void)upload_data;
    /* MHD calls once with the headers, then with each piece of a body, then
     * once more with none: answer on the last call. */
    if (*con_cls == NULL) {
        *con_cls = &started;
        return MHD_YES;
    }
    if (*upload_data_size != 0) {
        *upload_data_size = 0; /* the body is not read */
        return MHD_YES;
    }
    if (strcmp(method, "GET") == 0 && strcmp(url, "/pets/1") == 0)
        return bare_send(c, MHD_HTTP_OK, pet_body, sizeof pet_body - 1, 0);
    if (strcmp(method, "GET") == 0 && strcmp(url, "/pets/999") == 0)
        return bare_send(c, MHD_HTTP_NOT_FOUND, not_found_body, sizeof not_found_body - 1, 1);
    if (strcmp(method, "POST") == 0 && strcmp(url, "/pets") == 0)
        return bare_send(c, MHD_HTTP_CREATED, pet_body, sizeof pet_body - 1, 0);
    return bare_send(c, MHD_HTTP_NOT_FOUND, "", 0, 0);
}

int main(int argc, char **argv)
{
    long port, threads;
    if (!bench_server_args("bare-mhd", argc, argv, &port, &threads))
        return 2;

    /* SIGINT and SIGTERM are blocked before MHD starts its threads (which
     * inherit the mask), so that only sigwait below receives them. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);

    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    struct MHD_OptionItem pool[2] = {
        { threads > 1 ? MHD_OPTION_THREAD_POOL_SIZE : MHD_OPTION_END, threads, NULL },
        { MHD_OPTION_END, 0, NULL },
    };
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_ERROR_LOG, (uint16_t)port,
        NULL, NULL, bare_handler, NULL,
        MHD_OPTION_SOCK_ADDR, &addr,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)BARE_CONNECTIONS,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)BARE_TIMEOUT,
        MHD_OPTION_ARRAY, pool,
        MHD_OPTION_END);
    if (d == NULL) {
        fprintf(stderr, "bare-mhd: cannot listen on port %ld\n", port);
        return 1;
    }
    printf("bare-mhd: listening on 127.0.0.1:%ld\n", port);
    fflush(stdout);
    int sig;
    sigwait(&stop, &sig);
    MHD_stop_daemon(d);
    return 0;
}
