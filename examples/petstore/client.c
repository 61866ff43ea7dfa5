/* petstore-client: the Pet Store API from the command line, with errors
 * decoded into the catalog's typed problems (pets_decode, generated from
 * catalog/petstore.yaml at build time).
 *
 *   petstore-client [--url BASE] [--token T] [--retry N] [--max-wait S] COMMAND [ARG]
 *
 * Results go to stdout, errors to stderr as
 *   error: 404 PET_NOT_FOUND: Pet not found: Pet 42 does not exist
 * followed by the problem's typed members where they help (each validation
 * error's pointer and detail, the current ETag...); a hidden 5xx's trace id
 * ends the summary line.
 *
 * A retryable error (the catalog's `retryable`: 429, 503, ...) is retried up
 * to --retry times (default once), each wait chosen by liberrata's
 * errata_retry_delay (docs/retry.md): the Retry-After the server sent as
 * long as it is at most --max-wait seconds (the client never comes back
 * earlier than the server asked), else exponential backoff with full jitter
 * from 1 s, capped at --max-wait. Other errors are never retried.
 *
 * Exit codes (EXIT_CODES below; --help prints them): one per class of
 * outcome, so that scripts can branch on them. A 207 batch answer where some
 * items failed exits 8, not 0: every item is printed, but a script asking
 * for several pets must be able to tell that it did not get them all. */
#include <curl/curl.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "pets_errors.h"

#define EXIT_CODES(X)                                                                         \
    X(OK, 0, "success")                                                                       \
    X(USAGE, 1, "usage: unknown option or command, missing or extra argument")                \
    X(TRANSPORT, 2, "transport: cannot connect, timeout, or an answer that is not a result")  \
    X(NOT_FOUND, 3, "not found (404, 410)")                                                   \
    X(CLIENT, 4, "request refused (other 4xx: 400, 405, 409, 412, 415, 422...)")             \
    X(AUTH, 5, "authentication or permission (401, 403)")                                    \
    X(UNAVAILABLE, 6, "rate limited or unavailable, still after the retries (429, 503...)")   \
    X(SERVER, 7, "server error (other 5xx)")                                                  \
    X(PARTIAL, 8, "batch: 207 Multi-Status with at least one failed item")

enum exit_code {
#define EXIT_ENUM_(name, value, text) EXIT_##name = value,
    EXIT_CODES(EXIT_ENUM_)
#undef EXIT_ENUM_
};

#define DEFAULT_URL "http://localhost:8080"
#define DEFAULT_TOKEN "writer-token"
#define DEFAULT_MAX_WAIT 30
#define DEFAULT_RETRY 1
#define MAX_RETRY 100
#define BACKOFF_BASE_MS 1000 /* the first backoff window: up to 1 s */
#define MAX_BODY (16u << 20) /* a larger answer is refused, not buffered */

typedef struct options {
    const char *url;
    const char *errors_base; /* where the server's type URIs point; NULL: URL/errors/ */
    const char *token;
    long max_wait;
    long retry;
    const char *command;
    const char *arg;
} options_t;

typedef struct response {
    char *body;
    size_t len, cap;
    bool too_big;
    char retry_after[64];
    char location[1024];
} response_t;

typedef struct client {
    options_t opt;
    char served[1024];          /* the server's type base */
    errata_type_base_t type_base; /* PETS_BASE_URI -> served */
    CURL *curl;
    response_t r;
    pets_problem_t *problem; /* large: on the heap */
} client_t;

/* What a command sends, and how its success is printed. */
typedef struct request {
    const char *method;
    char *url;
    const char *body; /* POST only */
    int (*on_success)(client_t *c, long status);
} request_t;

/* ---- usage ------------------------------------------------------------------ */

static void usage(FILE *f)
{
    fputs("usage: petstore-client [--url BASE] [--token T] [--retry N] [--max-wait S]\n"
          "                       COMMAND [ARG]\n"
          "\n"
          "commands:\n"
          "  get ID            print the pet\n"
          "  list              print every pet\n"
          "  create JSON       add a pet ('{\"name\":\"Rex\",\"species\":\"dog\"}'); prints\n"
          "                    created: LOCATION\n"
          "  delete ID         delete the pet; prints deleted\n"
          "  batch ID,ID,...   fetch several pets; one line per id: ID: STATUS PET-or-ERROR\n"
          "\n"
          "options:\n"
          "  --url BASE        the API (default " DEFAULT_URL ")\n"
          "  --errors-base URI where the server's error type URIs point, to read them\n"
          "                    as the catalog's (default: BASE/errors/, as\n"
          "                    petstore-server serves them)\n"
          "  --token T         bearer token (default: $PETSTORE_TOKEN, else " DEFAULT_TOKEN ")\n"
          "  --retry N         retry a retryable error (429, 503, ...) up to N times\n"
          "                    (default 1, at most 100; 0: never); other errors never\n"
          "  --max-wait S      the longest wait before a retry: a longer Retry-After\n"
          "                    stops the retries, and the backoff (up to 1 s, doubling\n"
          "                    each retry, random within) is capped at it (default 30)\n"
          "  -h, --help        this help\n"
          "\n"
          "exit status:\n", f);
#define EXIT_HELP_(name, value, text) fprintf(f, "  %d  %s\n", value, text);
    EXIT_CODES(EXIT_HELP_)
#undef EXIT_HELP_
}

static int usage_error(const char *what, const char *arg)
{
    fprintf(stderr, "petstore-client: %s%s%s\n", what, arg ? ": " : "", arg ? arg : "");
    fputs("usage: petstore-client [--url BASE] [--token T] [--retry N] [--max-wait S]\n"
          "                       COMMAND [ARG]\n"
          "try 'petstore-client --help'\n", stderr);
    return EXIT_USAGE;
}

static bool command_takes_arg(const char *command)
{
    return strcmp(command, "list") != 0;
}

static bool known_command(const char *command)
{
    static const char *const names[] = { "get", "list", "create", "delete", "batch" };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(command, names[i]) == 0)
            return true;
    return false;
}

/* Options may come before or after the command; "--" ends them. Returns -1
 * to go on, else the exit code. */
static int parse_args(int argc, char **argv, options_t *o)
{
    const char *positional[3] = { NULL, NULL, NULL };
    int npos = 0;
    bool options_done = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool takes_value = !strcmp(a, "--url") || !strcmp(a, "--token") ||
                           !strcmp(a, "--max-wait") || !strcmp(a, "--errors-base") ||
                           !strcmp(a, "--retry");
        if (options_done || a[0] != '-' || a[1] == '\0') {
            if (npos == 3)
                return usage_error("too many arguments", a);
            positional[npos++] = a;
        } else if (!strcmp(a, "--")) {
            options_done = true;
        } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            return EXIT_OK;
        } else if (!takes_value) {
            return usage_error("unknown option", a);
        } else if (i + 1 == argc) {
            return usage_error("missing value for", a);
        } else if (!strcmp(a, "--url")) {
            o->url = argv[++i];
        } else if (!strcmp(a, "--errors-base")) {
            o->errors_base = argv[++i];
        } else if (!strcmp(a, "--token")) {
            o->token = argv[++i];
        } else if (!strcmp(a, "--retry")) {
            char *end;
            o->retry = strtol(argv[++i], &end, 10);
            if (*argv[i] == '\0' || *end != '\0' || o->retry < 0 || o->retry > MAX_RETRY)
                return usage_error("--retry needs a count from 0 to 100", argv[i]);
        } else {
            char *end;
            o->max_wait = strtol(argv[++i], &end, 10);
            if (*argv[i] == '\0' || *end != '\0' || o->max_wait < 0 || o->max_wait > 86400)
                return usage_error("--max-wait needs seconds from 0 to 86400", argv[i]);
        }
    }
    if (npos == 0)
        return usage_error("no command", NULL);
    o->command = positional[0];
    if (!known_command(o->command))
        return usage_error("unknown command", o->command);
    int want = command_takes_arg(o->command) ? 2 : 1;
    if (npos < want)
        return usage_error("missing argument for", o->command);
    if (npos > want)
        return usage_error("too many arguments for", o->command);
    o->arg = positional[1];
    return -1;
}

/* ---- printing what the server sent ------------------------------------------ */

/* Server text on a terminal: control characters become spaces. */
static void put_clean(FILE *f, const char *s)
{
    for (; s && *s; s++)
        fputc((unsigned char)*s < 0x20 || *s == 0x7F ? ' ' : *s, f);
}

static void put_member(FILE *f, const char *indent, const char *label, const char *value)
{
    if (value == NULL)
        return;
    fprintf(f, "%s%s: ", indent, label);
    put_clean(f, value);
    fputc('\n', f);
}

/* The typed members worth a line, for the errors that have them. */
static void print_members(FILE *f, const pets_problem_t *p, const char *indent)
{
    switch (p->code) {
    case PETS_MALFORMED_JSON:
        if (p->as.malformed_json.offset)
            fprintf(f, "%sat byte: %" PRId64 "\n", indent, *p->as.malformed_json.offset);
        break;
    case PETS_TOKEN_MISSING_OR_INVALID:
        put_member(f, indent, "auth error", p->as.token_missing_or_invalid.auth_error);
        break;
    case PETS_SCOPE_REQUIRED:
        put_member(f, indent, "required scope", p->as.scope_required.required_scope);
        break;
    case PETS_VERSION_MISMATCH:
        put_member(f, indent, "current ETag", p->as.version_mismatch.current_etag);
        break;
    case PETS_UNSUPPORTED_CONTENT_TYPE:
        for (size_t i = 0; i < p->as.unsupported_content_type.supported.count; i++)
            put_member(f, indent, "supported", p->as.unsupported_content_type.supported.items[i]);
        break;
    case PETS_PET_VALIDATION_FAILED:
        for (size_t i = 0; i < p->as.pet_validation_failed.errors.count; i++) {
            const pets_pet_validation_failed_errors_item_t *e =
                &p->as.pet_validation_failed.errors.items[i];
            put_member(f, indent, e->pointer && e->pointer[0] ? e->pointer : "(body)",
                       e->detail ? e->detail : "invalid");
        }
        break;
    case PETS_RATE_LIMITED:
        fprintf(f, "%slimit: %" PRId64 " requests per minute\n", indent,
                p->as.rate_limited.limit);
        break;
    default:
        break;
    }
    /* The trace id (a hidden 5xx's, the id to quote to support) is already on
     * the summary line that pets_problem_describe() writes. */
    put_member(f, indent, "instance", p->base.instance);
}

static void print_problem(FILE *f, const char *prefix, const pets_problem_t *p,
                          const char *indent)
{
    char line[1024];
    pets_problem_describe(p, line, sizeof line);
    fputs(prefix, f);
    put_clean(f, line);
    fputc('\n', f);
    print_members(f, p, indent);
}

static int exit_for(const pets_problem_t *p)
{
    int status = p->base.status;
    if (status == 404 || status == 410)
        return EXIT_NOT_FOUND;
    if (status == 401 || status == 403 || status == 407)
        return EXIT_AUTH;
    if (p->base.retryable)
        return EXIT_UNAVAILABLE;
    return status < 500 ? EXIT_CLIENT : EXIT_SERVER;
}

/* ---- HTTP ------------------------------------------------------------------- */

static size_t on_body(char *data, size_t size, size_t n, void *ctx)
{
    response_t *r = ctx;
    size_t add = size * n;
    if (r->len + add > MAX_BODY) {
        r->too_big = true;
        return 0; /* curl stops the transfer */
    }
    if (r->len + add + 1 > r->cap) {
        size_t cap = r->cap ? r->cap : 4096;
        while (cap < r->len + add + 1)
            cap *= 2;
        char *body = realloc(r->body, cap);
        if (body == NULL)
            return 0;
        r->body = body;
        r->cap = cap;
    }
    memcpy(r->body + r->len, data, add);
    r->len += add;
    r->body[r->len] = '\0';
    return add;
}

/* Keeps the value of header `name` from a header line, trimmed. */
static void keep_header(const char *line, size_t n, const char *name, char *out, size_t cap)
{
    size_t nl = strlen(name);
    if (n <= nl || strncasecmp(line, name, nl) != 0 || line[nl] != ':')
        return;
    const char *v = line + nl + 1, *e = line + n;
    while (v < e && (*v == ' ' || *v == '\t'))
        v++;
    while (e > v && (e[-1] == '\r' || e[-1] == '\n' || e[-1] == ' ' || e[-1] == '\t'))
        e--;
    snprintf(out, cap, "%.*s", (int)(e - v), v);
}

static size_t on_header(char *line, size_t size, size_t n, void *ctx)
{
    response_t *r = ctx;
    if (n * size >= 5 && strncmp(line, "HTTP/", 5) == 0) /* a new response (after a 100) */
        r->retry_after[0] = r->location[0] = '\0';
    keep_header(line, size * n, "Retry-After", r->retry_after, sizeof r->retry_after);
    keep_header(line, size * n, "Location", r->location, sizeof r->location);
    return size * n;
}

static const char *header_of(const char *name, void *ctx)
{
    const response_t *r = ctx;
    return strcasecmp(name, "Retry-After") == 0 && r->retry_after[0] ? r->retry_after : NULL;
}

/* One exchange; false (message printed) when there was no HTTP answer. */
static bool perform(client_t *c, const request_t *req, long *status)
{
    CURL *curl = c->curl;
    char errbuf[CURL_ERROR_SIZE] = "";
    char auth[1024];
    struct curl_slist *headers = NULL;
    c->r.len = 0;
    c->r.too_big = false;
    c->r.retry_after[0] = c->r.location[0] = '\0';
    headers = curl_slist_append(headers, "Accept: application/json, application/problem+json");
    if (c->opt.token[0] != '\0') {
        snprintf(auth, sizeof auth, "Authorization: Bearer %s", c->opt.token);
        headers = curl_slist_append(headers, auth);
    }
    if (req->body != NULL) {
        headers = curl_slist_append(headers, "Content-Type: application/json");
        headers = curl_slist_append(headers, "Expect:"); /* no 100-continue round trip */
    }
    curl_easy_reset(curl);
    curl_easy_setopt(curl, CURLOPT_URL, req->url);
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, req->method);
    if (req->body != NULL) {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, req->body);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, (long)strlen(req->body));
    }
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &c->r);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &c->r);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
    CURLcode rc = curl_easy_perform(curl);
    curl_slist_free_all(headers);
    if (rc != CURLE_OK) {
        fprintf(stderr, "error: %s %s: %s\n", req->method, req->url,
                c->r.too_big ? "the answer is larger than 16 MiB"
                : errbuf[0] ? errbuf : curl_easy_strerror(rc));
        return false;
    }
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, status);
    return true;
}

static void decode(client_t *c, long status, pets_problem_t *out)
{
    char *content_type = NULL;
    curl_easy_getinfo(c->curl, CURLINFO_CONTENT_TYPE, &content_type);
    errata_decode_options_t headers = { .header = header_of, .header_ctx = &c->r,
                                        .type_base = &c->type_base };
    pets_decode((int)status, content_type, &headers, c->r.body, c->r.len, out);
}

/* The jitter's random number: the kernel's, else (no /dev/urandom) the
 * clock's, which only spreads clients less. */
static uint64_t random_u64(void)
{
    uint64_t r = 0;
    FILE *f = fopen("/dev/urandom", "rb");
    if (f == NULL || fread(&r, sizeof r, 1, f) != 1) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        r = (uint64_t)ts.tv_nsec * UINT64_C(0x9E3779B97F4A7C15) ^ (uint64_t)getpid();
    }
    if (f != NULL)
        fclose(f);
    return r;
}

static void sleep_ms(int64_t ms)
{
    struct timespec ts = { (time_t)(ms / 1000), (long)(ms % 1000) * 1000000L };
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        continue;
}

/* The wait before retry number attempt + 1 (errata_retry_delay), or -1 with
 * why not said when a retryable error is not retried. */
static int64_t retry_wait(const client_t *c, const pets_problem_t *p, unsigned attempt,
                          const errata_retry_policy_t *policy)
{
    int64_t wait = errata_retry_delay(&p->base, attempt, policy, random_u64());
    if (wait >= 0 || !p->base.retryable)
        return wait;
    if (attempt >= policy->max_retries)
        fprintf(stderr, "not retrying: %s (--retry %ld)\n",
                attempt == 0 ? "retries are off" : "no retries left", c->opt.retry);
    else /* the budget is unlimited: only the Retry-After can be too long */
        fprintf(stderr, "not retrying: the server asks to wait %" PRId64
                " s, more than --max-wait %ld\n", p->base.retry_after, c->opt.max_wait);
    return -1;
}

/* Sends a request, retries a retryable error up to --retry times, prints the
 * result. */
static int run(client_t *c, const request_t *req)
{
    /* No total budget: --retry and --max-wait bound the waits already. */
    errata_retry_policy_t policy = {
        .max_retries = (unsigned)c->opt.retry,
        .base_ms = BACKOFF_BASE_MS,
        .max_backoff_ms = (int64_t)c->opt.max_wait * 1000,
        .max_retry_after_ms = (int64_t)c->opt.max_wait * 1000,
    };
    for (unsigned attempt = 0;; attempt++) {
        long status = 0;
        if (!perform(c, req, &status))
            return EXIT_TRANSPORT;
        if (status >= 200 && status < 300)
            return req->on_success(c, status);
        if (status < 400 || status > 599) {
            fprintf(stderr, "error: %s %s: unexpected HTTP status %ld\n", req->method, req->url,
                    status);
            return EXIT_TRANSPORT;
        }
        decode(c, status, c->problem);
        int64_t wait = retry_wait(c, c->problem, attempt, &policy);
        if (wait < 0) {
            print_problem(stderr, "error: ", c->problem, "  ");
            return exit_for(c->problem);
        }
        char prefix[64];
        snprintf(prefix, sizeof prefix, "retry %u of %ld after: ", attempt + 1, c->opt.retry);
        print_problem(stderr, prefix, c->problem, "  ");
        if (wait % 1000 == 0)
            fprintf(stderr, "waiting %" PRId64 " s\n", wait / 1000);
        else
            fprintf(stderr, "waiting %" PRId64 " ms\n", wait);
        sleep_ms(wait);
        policy.spent_ms += wait;
    }
}

/* ---- the commands ------------------------------------------------------------ */

static int print_body(client_t *c, long status)
{
    (void)status;
    fwrite(c->r.body ? c->r.body : "", 1, c->r.len, stdout);
    if (c->r.len == 0 || c->r.body[c->r.len - 1] != '\n')
        fputc('\n', stdout);
    return EXIT_OK;
}

static int print_created(client_t *c, long status)
{
    if (c->r.location[0] == '\0') {
        printf("created (HTTP %ld, no Location)\n", status);
        return print_body(c, status);
    }
    fputs("created: ", stdout);
    put_clean(stdout, c->r.location);
    fputc('\n', stdout);
    return EXIT_OK;
}

static int print_deleted(client_t *c, long status)
{
    (void)c;
    (void)status;
    puts("deleted");
    return EXIT_OK;
}

/* An item's id: the text of a JSON string, else the raw JSON. */
static void print_item_id(const errata_multi_item_t *item)
{
    char scratch[128];
    errata_json_parser_t p;
    if (item->id == NULL) {
        fputs("?", stdout);
        return;
    }
    errata_json_init(&p, item->id, item->id_len, scratch, sizeof scratch);
    if (errata_json_next(&p) == ERRATA_JSON_STRING)
        put_clean(stdout, p.text);
    else
        printf("%.*s", (int)item->id_len, item->id);
}

static int print_batch(client_t *c, long status)
{
    errata_multi_t batch;
    errata_multi_item_t item;
    if (!errata_multi_init(&batch, c->r.body, c->r.len)) {
        fprintf(stderr, "error: HTTP %ld: the answer is not a batch of items\n", status);
        return EXIT_TRANSPORT;
    }
    int failed = 0;
    while (errata_multi_next(&batch, &item)) {
        print_item_id(&item);
        if (item.status >= 200 && item.status < 300) {
            printf(": %d %.*s\n", item.status, (int)item.value_len, item.value ? item.value : "");
            continue;
        }
        failed++;
        pets_decode(item.status, "application/problem+json", NULL, item.problem,
                    item.problem_len, c->problem);
        print_problem(stdout, ": ", c->problem, "    ");
    }
    return failed > 0 ? EXIT_PARTIAL : EXIT_OK;
}

/* base + path + the escaped id (NULL: none); malloc'd. */
static char *make_url(CURL *curl, const char *base, const char *path, const char *id)
{
    size_t base_len = strlen(base);
    while (base_len > 0 && base[base_len - 1] == '/')
        base_len--;
    char *esc = id ? curl_easy_escape(curl, id, 0) : NULL;
    if (id != NULL && esc == NULL)
        return NULL;
    size_t n = base_len + strlen(path) + (esc ? strlen(esc) : 0) + 1;
    char *url = malloc(n);
    if (url != NULL)
        snprintf(url, n, "%.*s%s%s", (int)base_len, base, path, esc ? esc : "");
    curl_free(esc);
    return url;
}

/* The ids of `batch`, each escaped, joined by commas: ?id=1,2,3. */
static char *batch_url(CURL *curl, const char *base, const char *ids)
{
    size_t n = strlen(ids) * 3 + 1; /* every byte escaped at worst */
    char *query = malloc(n), *url = NULL;
    if (query == NULL)
        return NULL;
    query[0] = '\0';
    for (const char *s = ids;;) {
        size_t len = strcspn(s, ",");
        char *esc = curl_easy_escape(curl, s, (int)len);
        if (esc == NULL)
            goto out;
        strcat(query, esc);
        curl_free(esc);
        if (s[len] == '\0')
            break;
        strcat(query, ",");
        s += len + 1;
    }
    url = make_url(curl, base, "/pets?id=", NULL);
    if (url != NULL) {
        char *full = realloc(url, strlen(url) + strlen(query) + 1);
        if (full == NULL) {
            free(url);
            url = NULL;
        } else {
            url = strcat(full, query);
        }
    }
out:
    free(query);
    return url;
}

static bool build_request(client_t *c, request_t *req)
{
    const char *cmd = c->opt.command, *arg = c->opt.arg, *base = c->opt.url;
    memset(req, 0, sizeof *req);
    req->method = "GET";
    req->on_success = print_body;
    if (!strcmp(cmd, "get")) {
        req->url = make_url(c->curl, base, "/pets/", arg);
    } else if (!strcmp(cmd, "list")) {
        req->url = make_url(c->curl, base, "/pets", NULL);
    } else if (!strcmp(cmd, "create")) {
        req->method = "POST";
        req->body = arg;
        req->on_success = print_created;
        req->url = make_url(c->curl, base, "/pets", NULL);
    } else if (!strcmp(cmd, "delete")) {
        req->method = "DELETE";
        req->on_success = print_deleted;
        req->url = make_url(c->curl, base, "/pets/", arg);
    } else {
        req->on_success = print_batch;
        req->url = batch_url(c->curl, base, arg);
    }
    return req->url != NULL;
}

int main(int argc, char **argv)
{
    const char *env_token = getenv("PETSTORE_TOKEN");
    client_t c = { .opt = { .url = DEFAULT_URL, .max_wait = DEFAULT_MAX_WAIT,
                            .retry = DEFAULT_RETRY,
                            .token = env_token ? env_token : DEFAULT_TOKEN } };
    int code = parse_args(argc, argv, &c.opt);
    if (code >= 0)
        return code;
    size_t n = strlen(c.opt.url);
    while (n > 0 && c.opt.url[n - 1] == '/')
        n--;
    if (c.opt.errors_base != NULL)
        snprintf(c.served, sizeof c.served, "%s", c.opt.errors_base);
    else
        snprintf(c.served, sizeof c.served, "%.*s/errors/", (int)n, c.opt.url);
    c.type_base = (errata_type_base_t){ PETS_BASE_URI, c.served };
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        fputs("error: cannot initialise libcurl\n", stderr);
        return EXIT_TRANSPORT;
    }
    c.curl = curl_easy_init();
    c.problem = malloc(sizeof *c.problem);
    request_t req = { 0 };
    if (c.curl == NULL || c.problem == NULL || !build_request(&c, &req)) {
        fputs("error: out of memory\n", stderr);
        code = EXIT_TRANSPORT;
    } else {
        code = run(&c, &req);
    }
    free(req.url);
    free(c.problem);
    free(c.r.body);
    curl_easy_cleanup(c.curl);
    curl_global_cleanup();
    return code;
}
