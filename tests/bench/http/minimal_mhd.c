/* minimal-mhd: errata-mhd with nothing of an application in it, for the
 * HTTP benchmark. What it costs over bare-mhd (bare_mhd.c) is what
 * errata-mhd itself adds per request: the slot, the trace id, routing,
 * the throw, the problem writer, the headers and the negotiation.
 *
 *   GET /pets/{id}  id "1": 200, the same pet bytes as bare-mhd's, as a
 *                   static body with its ETag; any other id: 404, the
 *                   catalog's PET_NOT_FOUND thrown with the id as pet_id
 *                   (the same 165 bytes as bare-mhd's for /pets/999)
 *   POST /pets      201, the pet (so that http-bench.sh seeds it as it
 *                   seeds the others)
 *   anything else   errata-mhd's standard 404 or 405
 *
 * No token, no store, no access log, no observer: every hook is left to
 * errata-mhd's defaults. The problem goes out as the petstore's does,
 * through errata-mhd's problem path, with the same Content-Type,
 * Cache-Control, Vary and X-Request-Id as bare-mhd sends.
 *
 * Same thread model as bare-mhd and petstore-server: errata_mhd_start
 * (MHD's internal polling threads, a pool of --threads N, default 4),
 * errata-mhd's default 64 slots, listening on 127.0.0.1 only. Both it and
 * bare-mhd answer on MHD's second call for a request (the first brings
 * the headers, the second says the body, here none, is in).
 *
 * Usage: minimal-mhd --port N [--threads N] [anything else, ignored]
 * Like bare-mhd, other options (with their values) are ignored, so that
 * the benchmark scripts start it with the petstore's command line. It
 * runs until SIGINT or SIGTERM, then stops errata-mhd gracefully. */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include <errata/mhd.h>

#include "bench_args.h"
#include "pets_errors.h"

/* The pet bare-mhd answers, byte for byte. */
static const char pet_body[] =
    "{\"id\":\"1\",\"name\":\"Rex\",\"species\":\"dog\",\"age\":3,\"version\":1}";

static errata_status_t minimal_pet(errata_mhd_response_t *res)
{
    errata_mhd_static_body(res, pet_body, sizeof pet_body - 1);
    errata_mhd_set_header(res, "ETag", "\"1\"");
    return errata_mhd_ok(res);
}

static errata_status_t minimal_get(errata_mhd_request_t *req, errata_mhd_response_t *res,
                                   errata_problem_t *err)
{
    const char *id = errata_mhd_param(req, "id");
    if (strcmp(id, "1") == 0)
        return minimal_pet(res);
    PETS_THROW_PET_NOT_FOUND(err, .pet_id = id);
}

static errata_status_t minimal_create(errata_mhd_request_t *req, errata_mhd_response_t *res,
                                      errata_problem_t *err)
{
    (void)req;
    (void)err;
    errata_mhd_static_body(res, pet_body, sizeof pet_body - 1);
    return errata_mhd_created(res, "/pets/1");
}

static const errata_mhd_route_t routes[] = {
    { "GET", "/pets/{id}", minimal_get },
    { "POST", "/pets", minimal_create },
};

int main(int argc, char **argv)
{
    long port, threads;
    if (!bench_server_args("minimal-mhd", argc, argv, &port, &threads))
        return 2;

    /* SIGINT and SIGTERM wait in main alone: MHD's threads inherit the
     * mask set before they start. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);

    errata_mhd_config_t config = {
        .routes = routes,
        .route_count = sizeof routes / sizeof routes[0],
        .threads = (unsigned)threads,
        .loopback = true,
    };
    const char *why = NULL;
    errata_mhd_server_t *server = errata_mhd_server_create(&config, &why);
    if (server == NULL || !errata_mhd_start(server, (uint16_t)port, MHD_USE_ERROR_LOG)) {
        fprintf(stderr, "minimal-mhd: cannot listen on port %ld: %s\n", port,
                why != NULL ? why : "the port is taken");
        errata_mhd_server_destroy(server);
        return 1;
    }
    printf("minimal-mhd: listening on 127.0.0.1:%ld\n", port);
    fflush(stdout);
    int sig;
    sigwait(&stop, &sig);
    errata_mhd_server_destroy(server); /* stops it first */
    return 0;
}
