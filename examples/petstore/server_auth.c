/* Who may do what: bearer tokens (RFC 6750) with scopes, a fixed-window
 * rate limit per token, and maintenance mode, all decided before routing so
 * that no route runs for a request that must be refused. */
#include <string.h>
#include <strings.h>
#include <time.h>

#include "server.h"

static const struct {
    const char *name;
    unsigned bit;
} scope_names[] = {
    { "read:pets", PETSTORE_SCOPE_READ },
    { "write:pets", PETSTORE_SCOPE_WRITE },
};

static bool scope_bit(const char *name, size_t len, unsigned *bit)
{
    for (size_t i = 0; i < sizeof scope_names / sizeof scope_names[0]; i++) {
        if (strlen(scope_names[i].name) == len && !strncmp(scope_names[i].name, name, len)) {
            *bit = scope_names[i].bit;
            return true;
        }
    }
    return false;
}

bool petstore_add_token(struct petstore *app, const char *name, const char *scopes,
                        const char **why)
{
    if (app->token_count == PETSTORE_MAX_TOKENS) {
        *why = "too many tokens";
        return false;
    }
    if (name[0] == '\0' || strlen(name) >= PETSTORE_TOKEN_SIZE || strpbrk(name, " \t,")) {
        *why = "a token is 1 to 63 characters, no spaces or commas";
        return false;
    }
    struct petstore_token *t = &app->tokens[app->token_count];
    memset(t, 0, sizeof *t);
    strcpy(t->name, name);
    for (const char *p = scopes; *p;) {
        size_t n = strcspn(p, ",");
        unsigned bit;
        if (!scope_bit(p, n, &bit)) {
            *why = "unknown scope (read:pets, write:pets)";
            return false;
        }
        t->scopes |= bit;
        p += n + (p[n] == ',');
    }
    app->token_count++;
    return true;
}

/* The token of "Authorization: Bearer TOKEN" (scheme in any case, RFC 9110
 * §11.1), or NULL; *malformed tells a missing header from a bad one. */
static struct petstore_token *find_token(struct petstore *app, const char *auth, bool *malformed)
{
    *malformed = auth != NULL;
    if (auth == NULL || strncasecmp(auth, "Bearer ", 7) != 0)
        return NULL;
    const char *token = auth + 7;
    while (*token == ' ')
        token++;
    if (*token == '\0')
        return NULL;
    *malformed = false;
    for (size_t i = 0; i < app->token_count; i++) {
        if (strcmp(app->tokens[i].name, token) == 0)
            return &app->tokens[i];
    }
    return NULL;
}

/* Counts the request against the token's minute; the seconds to wait when
 * it is over the limit, else 0. *remaining and *reset get the window's
 * state after this request, for the RateLimit fields. */
static int64_t rate_wait(struct petstore *app, struct petstore_token *t, int64_t *remaining,
                         int64_t *reset)
{
    int64_t now = (int64_t)time(NULL);
    int64_t wait = 0;
    pthread_mutex_lock(&app->rate_lock);
    if (t->window != now / 60) {
        t->window = now / 60;
        t->requests = 0;
    }
    if (++t->requests > app->rate_limit)
        wait = 60 - now % 60;
    *remaining = t->requests >= app->rate_limit ? 0 : app->rate_limit - t->requests;
    pthread_mutex_unlock(&app->rate_lock);
    *reset = 60 - now % 60;
    return wait;
}

/* The limiter's state on every answer to the request, the 429 included:
 * RateLimit-Policy: "per-token";q=LIMIT;w=60 and RateLimit:
 * "per-token";r=LEFT;t=SECONDS (draft-ietf-httpapi-ratelimit-headers-11). */
static void rate_fields(errata_mhd_request_t *req, int64_t limit, int64_t remaining,
                        int64_t reset)
{
    errata_ratelimit_t rl;
    errata_ratelimit_init(&rl);
    errata_ratelimit_policy_t *p = errata_ratelimit_add(&rl, "per-token", limit);
    if (p == NULL)
        return;
    p->window = 60;
    p->remaining = remaining;
    p->reset = reset;
    errata_mhd_set_ratelimit(req, &rl);
}

static bool is_pets_path(const char *path)
{
    return strncmp(path, "/pets", 5) == 0 && (path[5] == '\0' || path[5] == '/');
}

errata_status_t petstore_before(errata_mhd_request_t *req, errata_problem_t *err)
{
    struct petstore *app = errata_mhd_app(req);
    if (app->maintenance)
        PETS_THROW_STORE_UNAVAILABLE(err, .retry_after = PETSTORE_RETRY_MAINTENANCE,
                                     .detail = "The pet store is in maintenance");
    /* --maintenance-for: waiting the Retry-After (whole seconds left, by the
     * same clock) always lands after the end. */
    int64_t left = app->maintenance_until - (int64_t)time(NULL);
    if (app->maintenance_until > 0 && left > 0)
        PETS_THROW_STORE_UNAVAILABLE(err, .retry_after = left,
                                     .detail = "The pet store is in maintenance");
    if (!is_pets_path(errata_mhd_path(req)))
        return ERRATA_OK; /* the docs and unknown paths need no token */
    bool malformed;
    struct petstore_token *t = find_token(app, errata_mhd_header(req, "Authorization"),
                                          &malformed);
    if (t == NULL && errata_mhd_header(req, "Authorization") == NULL)
        PETS_THROW_TOKEN_MISSING_OR_INVALID(err, .auth_error = "invalid_request",
                                            .detail = "The request has no bearer token");
    if (t == NULL && malformed)
        PETS_THROW_TOKEN_MISSING_OR_INVALID(
            err, .auth_error = "invalid_request",
            .detail = "The Authorization header is not 'Bearer TOKEN'");
    if (t == NULL)
        PETS_THROW_TOKEN_MISSING_OR_INVALID(err, .auth_error = "invalid_token",
                                            .detail = "The bearer token is not valid");
    if (app->rate_limit <= 0)
        return ERRATA_OK;
    int64_t remaining, reset;
    int64_t wait = rate_wait(app, t, &remaining, &reset);
    rate_fields(req, app->rate_limit, remaining, reset);
    if (wait > 0)
        PETS_THROW_RATE_LIMITED(err, .retry_after = wait, .limit = app->rate_limit);
    return ERRATA_OK;
}

errata_status_t petstore_require(errata_mhd_request_t *req, unsigned scope,
                                 errata_problem_t *err)
{
    struct petstore *app = errata_mhd_app(req);
    bool malformed;
    const struct petstore_token *t = find_token(app, errata_mhd_header(req, "Authorization"),
                                                &malformed);
    if (t != NULL && (t->scopes & scope) == scope)
        return ERRATA_OK;
    PETS_THROW_SCOPE_REQUIRED(err, .required_scope = scope & PETSTORE_SCOPE_WRITE ? "write:pets"
                                                                                  : "read:pets");
}
