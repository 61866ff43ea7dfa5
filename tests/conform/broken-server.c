/* A deliberately broken Pet Store on loopback: each path answers one way a
 * real service breaks the catalog's contract (catalog/petstore.yaml), so
 * that the conform tests can prove `errata conform` catches each one.
 * Plain libmicrohttpd, no errata: the double must not be able to get the
 * contract right by accident. Prints "listening on http://127.0.0.1:PORT/"
 * once ready; stops on SIGTERM. */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define PET "https://errors.petstore.example/"

struct answer {
    const char *method; /* NULL: any */
    const char *path;
    unsigned status;
    const char *content_type; /* NULL: none */
    const char *headers;      /* "Name: value\n" lines */
    const char *body;
    unsigned delay_s;
};

static const struct answer answers[] = {
    /* the anti-pattern itself */
    { NULL, "/success-false", 200, "application/json", "",
      "{\"success\": false, \"message\": \"pet not found\"}", 0 },
    { NULL, "/error-member", 200, "application/json", "",
      "{\"error\": {\"code\": 404, \"message\": \"pet not found\"}}", 0 },
    /* a problem sent as a web page, and as plain JSON to a client that did
     * not ask for it */
    { NULL, "/html", 404, "text/html", "Cache-Control: no-store\n",
      "<h1>Not found</h1>", 0 },
    { NULL, "/json", 404, "application/json", "Cache-Control: no-store\n",
      "{\"type\": \"" PET "pet-not-found\", \"status\": 404, \"code\": \"PET_NOT_FOUND\", "
      "\"title\": \"Pet not found\", \"pet_id\": \"7\"}", 0 },
    /* a 429 without Retry-After */
    { NULL, "/no-retry-after", 429, "application/problem+json",
      "Cache-Control: no-store\nX-RateLimit-Limit: 60\n",
      "{\"type\": \"" PET "rate-limited\", \"status\": 429, \"code\": \"RATE_LIMITED\", "
      "\"title\": \"Too many requests\", \"retry_after\": 30, \"limit\": 60}", 0 },
    /* a 500 leaking its internals (and a terminal escape), without a
     * trace id */
    { NULL, "/leak", 500, "application/problem+json", "Cache-Control: no-store\n",
      "{\"type\": \"" PET "internal-error\", \"status\": 500, \"code\": \"INTERNAL_ERROR\", "
      "\"title\": \"Internal server error\", "
      "\"detail\": \"sqlite3_step: no such table: pets (store.c:212)\\u001b[2J\"}", 0 },
    /* the wrong status for the type it sends */
    { NULL, "/wrong-status", 400, "application/problem+json", "Cache-Control: no-store\n",
      "{\"type\": \"" PET "pet-not-found\", \"status\": 400, \"code\": \"PET_NOT_FOUND\", "
      "\"title\": \"Pet not found\", \"pet_id\": \"7\"}", 0 },
    /* members: a wrong code and body status, pet_id a number, `details`
     * for `detail` (an undeclared member) */
    { NULL, "/members", 404, "application/problem+json", "Cache-Control: no-store\n",
      "{\"type\": \"" PET "pet-not-found\", \"status\": 400, \"code\": \"NOT_FOUND\", "
      "\"title\": \"Pet not found\", \"pet_id\": 7, \"details\": \"no pet 7\"}", 0 },
    /* a 422 without its required errors */
    { NULL, "/no-errors", 422, "application/problem+json", "Cache-Control: no-store\n",
      "{\"type\": \"" PET "pet-validation-failed\", \"status\": 422, "
      "\"code\": \"PET_VALIDATION_FAILED\", \"title\": \"Pet failed validation\"}", 0 },
    /* a 429 out of bounds, its headers malformed or disagreeing */
    { NULL, "/bounds", 429, "application/problem+json",
      "Cache-Control: no-store\nRetry-After: soon\nX-RateLimit-Limit: 100\n",
      "{\"type\": \"" PET "rate-limited\", \"status\": 429, \"code\": \"RATE_LIMITED\", "
      "\"title\": \"Too many requests\", \"retry_after\": -5, \"limit\": 60}", 0 },
    /* a cacheable 404 */
    { NULL, "/cached", 404, "application/problem+json", "Cache-Control: max-age=3600\n",
      "{\"type\": \"" PET "pet-not-found\", \"status\": 404, \"code\": \"PET_NOT_FOUND\", "
      "\"title\": \"Pet not found\", \"pet_id\": \"7\"}", 0 },
    /* a 405 whose Allow lists a method that is then refused too */
    { NULL, "/allow", 405, "application/problem+json",
      "Cache-Control: no-store\nAllow: DELETE\n",
      "{\"type\": \"about:blank\", \"status\": 405, \"code\": \"METHOD_NOT_ALLOWED\", "
      "\"title\": \"Method Not Allowed\", \"allow\": \"DELETE\"}", 0 },
    /* a problem+json that is not JSON */
    { NULL, "/not-json", 404, "application/problem+json", "Cache-Control: no-store\n",
      "Pet not found", 0 },
    /* a 401 without its challenge */
    { NULL, "/no-challenge", 401, "application/problem+json", "Cache-Control: no-store\n",
      "{\"type\": \"" PET "token-missing-or-invalid\", \"status\": 401, "
      "\"code\": \"TOKEN_MISSING_OR_INVALID\", \"title\": \"Missing or invalid bearer token\", "
      "\"auth_error\": \"invalid_token\"}", 0 },
    /* a type URI under the service that does not resolve */
    { NULL, "/unresolved", 404, "application/problem+json", "Cache-Control: no-store\n",
      "{\"type\": \"TYPE_BASE/pet-not-found\", \"status\": 404, \"code\": \"PET_NOT_FOUND\", "
      "\"title\": \"Pet not found\", \"pet_id\": \"7\"}", 0 },
    /* a redirect elsewhere (never followed) and a response too slow */
    { NULL, "/redirect", 302, NULL, "Location: http://example.com/\n", "", 0 },
    { NULL, "/slow", 200, "application/json", "", "{}", 3 },
    /* a correct 404, so that a test can see a clean pass too */
    { NULL, "/good", 404, "application/problem+json", "Cache-Control: no-store\n",
      "{\"type\": \"" PET "pet-not-found\", \"status\": 404, \"code\": \"PET_NOT_FOUND\", "
      "\"title\": \"Pet not found\", \"pet_id\": \"7\"}", 0 },
};

static char type_base[128];

static void add_headers(struct MHD_Response *r, const char *lines)
{
    char name[128], value[256];
    while (*lines) {
        const char *colon = strchr(lines, ':'), *end = strchr(lines, '\n');
        snprintf(name, sizeof name, "%.*s", (int)(colon - lines), lines);
        snprintf(value, sizeof value, "%.*s", (int)(end - colon - 2), colon + 2);
        MHD_add_response_header(r, name, value);
        lines = end + 1;
    }
}

static enum MHD_Result answer(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *upload,
                              size_t *upload_size, void **state)
{
    (void)cls, (void)version, (void)upload;
    if (*state == NULL) {
        *state = c; /* the headers: wait for the body */
        return MHD_YES;
    }
    if (*upload_size != 0) {
        *upload_size = 0; /* the body is ignored */
        return MHD_YES;
    }
    char body[1024];
    const struct answer *a = NULL;
    for (size_t i = 0; i < sizeof answers / sizeof answers[0] && a == NULL; i++) {
        if (strcmp(answers[i].path, url) == 0)
            a = &answers[i];
    }
    if (a == NULL) {
        struct MHD_Response *r = MHD_create_response_from_buffer(0, "", MHD_RESPMEM_PERSISTENT);
        enum MHD_Result ret = MHD_queue_response(c, 404, r);
        MHD_destroy_response(r);
        return ret;
    }
    (void)method;
    sleep(a->delay_s);
    const char *tb = strstr(a->body, "TYPE_BASE");
    if (tb != NULL)
        snprintf(body, sizeof body, "%.*s%s%s", (int)(tb - a->body), a->body, type_base,
                 tb + strlen("TYPE_BASE"));
    else
        snprintf(body, sizeof body, "%s", a->body);
    struct MHD_Response *r = MHD_create_response_from_buffer(strlen(body), body,
                                                             MHD_RESPMEM_MUST_COPY);
    if (a->content_type)
        MHD_add_response_header(r, "Content-Type", a->content_type);
    add_headers(r, a->headers);
    enum MHD_Result ret = MHD_queue_response(c, a->status, r);
    MHD_destroy_response(r);
    return ret;
}

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
    (void)sig;
    stop = 1;
}

int main(void)
{
    struct sockaddr_in addr = { 0 };
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK); /* loopback only */
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION, 0, NULL, NULL, answer,
        NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr, MHD_OPTION_END);
    if (d == NULL) {
        fprintf(stderr, "broken-server: cannot start\n");
        return 1;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    snprintf(type_base, sizeof type_base, "http://127.0.0.1:%u/errors", info->port);
    signal(SIGTERM, on_signal);
    signal(SIGINT, on_signal);
    printf("listening on http://127.0.0.1:%u/\n", info->port);
    fflush(stdout);
    while (!stop)
        pause();
    MHD_stop_daemon(d);
    return 0;
}
