/* petstore-server: options, start, and a clean stop on SIGINT or SIGTERM:
 * the requests under way are finished first (errata_mhd_stop drains), and
 * every resource is released (so that valgrind and the tests see it). */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "server.h"

#ifndef PETSTORE_DOCS_DIR
#define PETSTORE_DOCS_DIR "docs"
#endif

static const char usage[] =
    "Usage: petstore-server [OPTIONS]\n"
    "\n"
    "The Pet Store API of errata's worked example: every error it answers is one\n"
    "of catalog/petstore.yaml, with the status, headers and body the catalog\n"
    "prescribes, and its type URI resolves to the generated docs at /errors/.\n"
    "\n"
    "Options:\n"
    "  --port N          listen on port N (default 8080; 0 picks a free one)\n"
    "  --db PATH         SQLite database (default :memory:)\n"
    "  --rate-limit N    requests a minute per token before 429 (default 600;\n"
    "                    0 for none)\n"
    "  --maintenance     answer 503 with Retry-After on every route\n"
    "  --maintenance-for S\n"
    "                    the same for the first S seconds, with Retry-After the\n"
    "                    seconds left; then serve (a client's retries to watch)\n"
    "  --token NAME:SCOPE,SCOPE\n"
    "                    accept another bearer token (scopes read:pets,\n"
    "                    write:pets); reader-token and writer-token always work\n"
    "  --base-uri URI    where the type URIs point (default\n"
    "                    http://localhost:PORT/errors/)\n"
    "  --docs DIR        the generated docs (HTML pages, JSON Schemas) to serve\n"
    "                    at /errors/\n"
    "                    (default: the ones built with the server)\n"
    "  --threads N       worker threads (default 4)\n"
    "  --public          listen on every interface, not only on loopback\n"
    "  -h, --help        show this help\n"
    "\n"
    "Prints 'listening on http://127.0.0.1:PORT/' on standard output once ready;\n"
    "one access-log line per request goes to standard error. On SIGINT or SIGTERM\n"
    "it stops accepting, finishes the requests under way, then exits.\n"
    "Exit status: 0 stopped by SIGINT or SIGTERM, 1 could not start, 2 usage.\n";

struct options {
    long port;
    const char *db;
    long rate_limit;
    bool maintenance;
    long maintenance_for;
    const char *base_uri;
    const char *docs;
    long threads;
    bool public_;
};

static bool number(const char *text, long max, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || v < 0 || v > max)
        return false;
    *out = v;
    return true;
}

static int bad_usage(const char *what, const char *arg)
{
    fprintf(stderr, "petstore-server: %s%s%s\nTry 'petstore-server --help'.\n", what,
            arg ? ": " : "", arg ? arg : "");
    return 2;
}

static int add_token(struct petstore *app, const char *spec)
{
    char name[PETSTORE_TOKEN_SIZE];
    const char *colon = strchr(spec, ':');
    const char *why = "expected NAME:SCOPE,SCOPE";
    if (colon != NULL && (size_t)(colon - spec) < sizeof name) {
        memcpy(name, spec, (size_t)(colon - spec));
        name[colon - spec] = '\0';
        if (petstore_add_token(app, name, colon + 1, &why))
            return 0;
    }
    return bad_usage(why, spec);
}

/* 0 parsed, 1 --help shown, 2 a usage error (printed). */
static int parse(int argc, char **argv, struct options *o, struct petstore *app)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        bool takes = strcmp(a, "--port") == 0 || strcmp(a, "--db") == 0 ||
                     strcmp(a, "--rate-limit") == 0 || strcmp(a, "--token") == 0 ||
                     strcmp(a, "--base-uri") == 0 || strcmp(a, "--docs") == 0 ||
                     strcmp(a, "--threads") == 0 || strcmp(a, "--maintenance-for") == 0;
        if (takes && v == NULL)
            return bad_usage("missing value for", a);
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(usage, stdout);
            return 1;
        } else if (!strcmp(a, "--maintenance")) {
            o->maintenance = true;
        } else if (!strcmp(a, "--public")) {
            o->public_ = true;
        } else if (!strcmp(a, "--port")) {
            if (!number(v, 65535, &o->port))
                return bad_usage("--port needs 0 to 65535", v);
        } else if (!strcmp(a, "--rate-limit")) {
            if (!number(v, 1000000000L, &o->rate_limit))
                return bad_usage("--rate-limit needs a count", v);
        } else if (!strcmp(a, "--maintenance-for")) {
            if (!number(v, 86400, &o->maintenance_for))
                return bad_usage("--maintenance-for needs 0 to 86400 seconds", v);
        } else if (!strcmp(a, "--threads")) {
            if (!number(v, 64, &o->threads) || o->threads == 0)
                return bad_usage("--threads needs 1 to 64", v);
        } else if (!strcmp(a, "--db")) {
            o->db = v;
        } else if (!strcmp(a, "--base-uri")) {
            o->base_uri = v;
        } else if (!strcmp(a, "--docs")) {
            o->docs = v;
        } else if (!strcmp(a, "--token")) {
            if (add_token(app, v) != 0)
                return 2;
        } else {
            return bad_usage("unknown option", a);
        }
        i += takes;
    }
    return 0;
}

static const errata_mhd_route_t routes[] = {
    { "GET", "/pets", petstore_list_pets },
    { "POST", "/pets", petstore_create_pet },
    { "GET", "/pets/{id}", petstore_get_pet },
    { "PUT", "/pets/{id}", petstore_put_pet },
    { "PATCH", "/pets/{id}", petstore_patch_pet },
    { "DELETE", "/pets/{id}", petstore_delete_pet },
    { "GET", "/errors", petstore_get_docs },
    { "GET", "/errors/*", petstore_get_docs },
};

/* Blocks until SIGINT or SIGTERM (blocked in every thread beforehand). */
static void wait_for_stop(void)
{
    sigset_t set;
    int sig;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigwait(&set, &sig);
}

static int serve(struct petstore *app, const struct options *o)
{
    errata_mhd_config_t config = {
        .routes = routes,
        .route_count = sizeof routes / sizeof routes[0],
        .before = petstore_before,
        .not_found = petstore_not_found,
        .method_not_allowed = petstore_not_allowed,
        .too_large = petstore_too_large,
        .internal = petstore_internal,
        .type_base = &app->type_base,
        .observer = petstore_observe,
        .observer_ctx = app,
        .access_log = petstore_access_log,
        .access_log_ctx = app,
        .app = app,
        .threads = (unsigned)o->threads,
        .loopback = !o->public_,
    };
    const char *why = NULL;
    errata_mhd_server_t *server = errata_mhd_server_create(&config, &why);
    if (server == NULL || !errata_mhd_start(server, (uint16_t)o->port, MHD_USE_ERROR_LOG)) {
        fprintf(stderr, "petstore-server: cannot start on port %ld: %s\n", o->port,
                why ? why : "the port is taken, or not allowed");
        errata_mhd_server_destroy(server);
        return 1;
    }
    unsigned port = errata_mhd_port(server);
    if (o->base_uri == NULL)
        snprintf(app->served_base, sizeof app->served_base, "http://localhost:%u/errors/", port);
    printf("listening on http://127.0.0.1:%u/\n", port);
    fflush(stdout);
    wait_for_stop();
    /* A graceful stop: new connections refused, requests under way
     * answered (up to errata-mhd's drain timeout), then MHD stopped. */
    if (!errata_mhd_stop(server))
        fprintf(stderr, "petstore-server: stopped with requests still under way\n");
    errata_mhd_server_destroy(server);
    return 0;
}

int main(int argc, char **argv)
{
    static struct petstore app; /* reached by every thread through errata_mhd_app */
    struct options o = { .port = 8080, .db = ":memory:", .rate_limit = 600, .threads = 4 };
    const char *why;
    app.log = stderr;
    pthread_mutex_init(&app.rate_lock, NULL);
    petstore_add_token(&app, "reader-token", "read:pets", &why);
    petstore_add_token(&app, "writer-token", "read:pets,write:pets", &why);
    int status = parse(argc, argv, &o, &app);
    if (status != 0)
        return status == 1 ? 0 : 2;
    app.rate_limit = o.rate_limit;
    app.maintenance = o.maintenance;
    if (o.maintenance_for > 0)
        app.maintenance_until = (int64_t)time(NULL) + o.maintenance_for;
    if (o.base_uri != NULL)
        snprintf(app.served_base, sizeof app.served_base, "%s", o.base_uri);
    app.type_base = (errata_type_base_t){ PETS_BASE_URI, app.served_base };

    /* Signals wait in main alone: MHD's threads start with them blocked. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);

    pet_store_error_t err;
    if (pet_store_open(o.db, &app.store, &err) != PET_STORE_OK) {
        fprintf(stderr, "petstore-server: cannot open the database '%s': %s\n", o.db,
                err.message);
        return 1;
    }
    petstore_open_docs(&app, o.docs ? o.docs : PETSTORE_DOCS_DIR, "pets_errors.html");
    status = serve(&app, &o);
    petstore_close_docs(&app);
    pet_store_close(app.store);
    pthread_mutex_destroy(&app.rate_lock);
    return status;
}
