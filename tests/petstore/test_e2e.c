/* petstore-server end to end, over real loopback HTTP: the server started as
 * a process on a free port (--port 0), libcurl as the client. Every route
 * and every outcome of issue 7: status, the headers each one requires,
 * Content-Type, the body's status equal to the HTTP status, typed members
 * read back by the generated decoder (with the server's type base), no body
 * on 204, Location on 201, the docs behind every type URI (the page, or
 * the JSON Schema by Accept; the JSON index; validators, 304, HEAD; no
 * way out of the folder), and one access-log line per request.
 *
 * Usage: petstore-test_e2e PETSTORE_SERVER DOCS_FIXTURES
 * (DOCS_FIXTURES: tests/petstore/docs, stand-ins for `errata schema`.) */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mt.h"
#include "pets_errors.h"

static const char *server_path;
static const char *docs_fixtures;

/* ---- the server process ------------------------------------------------ */

typedef struct server {
    pid_t pid;
    uint16_t port;
    char log_path[64]; /* its standard error: the access log */
    char base[64];     /* http://localhost:PORT/errors/ */
    errata_type_base_t type_base;
} server_t;

/* Starts argv[0] (petstore-server, or a command that ends by exec'ing it)
 * and reads the server's "listening on" line. */
static void server_spawn(server_t *s, char *const *argv)
{
    int out[2];
    assert_int_equal(pipe(out), 0);
    strcpy(s->log_path, "/tmp/petstore-e2e-XXXXXX");
    int log = mkstemp(s->log_path);
    assert_true(log >= 0);
    s->pid = fork();
    assert_true(s->pid >= 0);
    if (s->pid == 0) {
        dup2(out[1], 1);
        dup2(log, 2);
        close(out[0]);
        execvp(argv[0], argv);
        _exit(127);
    }
    close(out[1]);
    close(log);
    FILE *f = fdopen(out[0], "r");
    char line[128] = "";
    unsigned port = 0;
    assert_non_null(fgets(line, sizeof line, f));
    assert_int_equal(sscanf(line, "listening on http://127.0.0.1:%u/", &port), 1);
    fclose(f);
    s->port = (uint16_t)port;
    snprintf(s->base, sizeof s->base, "http://localhost:%u/errors/", port);
    s->type_base = (errata_type_base_t){ PETS_BASE_URI, s->base };
}

/* Starts petstore-server with extra arguments (NULL-terminated). */
static void server_start(server_t *s, ...)
{
    char *argv[32] = { (char *)server_path, "--port", "0" };
    int argc = 3;
    va_list ap;
    va_start(ap, s);
    for (char *a; (a = va_arg(ap, char *)) != NULL && argc < 30;)
        argv[argc++] = a;
    va_end(ap);
    server_spawn(s, argv);
}

/* Stops it with SIGTERM: a clean exit, status 0. */
static void server_stop(server_t *s)
{
    int status;
    assert_int_equal(kill(s->pid, SIGTERM), 0);
    assert_int_equal(waitpid(s->pid, &status, 0), s->pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    unlink(s->log_path);
}

/* The access log: every line, read after the requests were answered. */
static size_t log_lines(const server_t *s, const char *needle)
{
    FILE *f = fopen(s->log_path, "r");
    char line[1024];
    size_t n = 0;
    assert_non_null(f);
    while (fgets(line, sizeof line, f))
        n += strstr(line, needle) != NULL;
    fclose(f);
    return n;
}

/* ---- requests ----------------------------------------------------------------- */

static const char *const reader[] = { "Authorization: Bearer reader-token", NULL };
static const char *const writer[] = { "Authorization: Bearer writer-token", NULL };

static void fetch(const server_t *s, const char *method, const char *path,
                  const char *const *headers, const char *body, mt_response_t *r)
{
    mt_request_t rq = { method, path, headers, body, body ? strlen(body) : 0, false };
    mt_fetch(s->port, &rq, r);
    assert_false(r->body_cut);
}

/* A JSON body sent by the writer. */
static void send_json(const server_t *s, const char *method, const char *path,
                      const char *if_match, const char *body, mt_response_t *r)
{
    char match[64];
    const char *headers[4] = { writer[0], "Content-Type: application/json", NULL, NULL };
    if (if_match != NULL) {
        snprintf(match, sizeof match, "If-Match: %s", if_match);
        headers[2] = match;
    }
    fetch(s, method, path, headers, body, r);
}

static const char *header(const mt_response_t *r, const char *name)
{
    static char buf[1024];
    return mt_header(r, name, 0, buf, sizeof buf);
}

/* A response header for the decoder (Retry-After). */
static const char *response_header(const char *name, void *ctx)
{
    static char buf[1024]; /* the tests run one request at a time */
    return mt_header(ctx, name, 0, buf, sizeof buf);
}

/* A problem answer, checked (status, Content-Type, Vary, body status and
 * code) and decoded by the generated decoder with the server's base. */
static void problem(const server_t *s, const mt_response_t *r, long status, const char *code,
                    enum pets_code want, pets_problem_t *out)
{
    json_decref(mt_expect_problem(r, status, code));
    assert_true(mt_is_trace_id(header(r, "X-Request-Id")));
    char type[128];
    snprintf(type, sizeof type, "%s", header(r, "Content-Type"));
    errata_decode_options_t opt = { .header = response_header,
                                    .header_ctx = (void *)r,
                                    .type_base = &s->type_base };
    pets_decode((int)r->status, type, &opt, r->body, r->body_len, out);
    assert_int_equal(out->code, want);
    assert_int_equal(out->base.body_status, status);
}

static int64_t create(const server_t *s, const char *body)
{
    mt_response_t r;
    send_json(s, "POST", "/pets", NULL, body, &r);
    assert_int_equal(r.status, 201);
    json_t *pet = mt_json(&r);
    int64_t id = strtoll(json_string_value(json_object_get(pet, "id")), NULL, 10);
    json_decref(pet);
    return id;
}

/* ---- tests ---------------------------------------------------------------------- */

static void test_create_read_update_delete(void **state)
{
    (void)state;
    server_t s;
    mt_response_t r;
    server_start(&s, NULL);

    send_json(&s, "POST", "/pets", NULL, "{\"name\":\"Rex\",\"species\":\"dog\",\"age\":3}", &r);
    assert_int_equal(r.status, 201);
    assert_string_equal(header(&r, "Location"), "/pets/1");
    assert_string_equal(header(&r, "ETag"), "\"1\"");
    assert_string_equal(header(&r, "Content-Type"), "application/json");
    json_t *pet = mt_json(&r);
    mt_expect_string(pet, "id", "1");
    mt_expect_string(pet, "name", "Rex");
    json_decref(pet);

    fetch(&s, "GET", "/pets/1", reader, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(header(&r, "ETag"), "\"1\"");

    send_json(&s, "PUT", "/pets/1", "\"1\"", "{\"name\":\"Rex\",\"species\":\"dog\",\"age\":4}",
              &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(header(&r, "ETag"), "\"2\"");
    send_json(&s, "PATCH", "/pets/1", "\"2\"", "{\"age\":5}", &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(header(&r, "ETag"), "\"3\"");
    pet = mt_json(&r);
    mt_expect_int(pet, "age", 5);
    json_decref(pet);

    fetch(&s, "DELETE", "/pets/1", writer, NULL, &r);
    assert_int_equal(r.status, 204);
    assert_int_equal(r.body_len, 0);
    assert_null(header(&r, "Content-Type"));

    pets_problem_t p;
    fetch(&s, "GET", "/pets/1", reader, NULL, &r);
    problem(&s, &r, 404, "PET_NOT_FOUND", PETS_PET_NOT_FOUND, &p);
    assert_string_equal(p.as.pet_not_found.pet_id, "1");
    server_stop(&s);
}

static void test_bad_bodies(void **state)
{
    (void)state;
    server_t s;
    mt_response_t r;
    pets_problem_t p;
    server_start(&s, NULL);

    const char *text[] = { writer[0], "Content-Type: text/plain", NULL };
    fetch(&s, "POST", "/pets", text, "Rex", &r);
    problem(&s, &r, 415, "UNSUPPORTED_CONTENT_TYPE", PETS_UNSUPPORTED_CONTENT_TYPE, &p);
    assert_int_equal(p.as.unsupported_content_type.supported.count, 1);
    assert_string_equal(p.as.unsupported_content_type.supported.items[0], "application/json");
    assert_string_equal(p.as.unsupported_content_type.received, "text/plain");
    const char *none[] = { writer[0], "Content-Type:", NULL }; /* curl sends none */
    fetch(&s, "POST", "/pets", none, "{}", &r);
    problem(&s, &r, 415, "UNSUPPORTED_CONTENT_TYPE", PETS_UNSUPPORTED_CONTENT_TYPE, &p);
    assert_null(p.as.unsupported_content_type.received);

    send_json(&s, "POST", "/pets", NULL, "{\"name\": \"Rex\",}", &r);
    problem(&s, &r, 400, "MALFORMED_JSON", PETS_MALFORMED_JSON, &p);
    assert_non_null(p.as.malformed_json.offset);
    assert_int_equal(*p.as.malformed_json.offset, 15);

    send_json(&s, "POST", "/pets", NULL, "{\"name\":\"\",\"species\":\"unicorn\",\"age\":-1}", &r);
    problem(&s, &r, 422, "PET_VALIDATION_FAILED", PETS_PET_VALIDATION_FAILED, &p);
    assert_int_equal(p.as.pet_validation_failed.errors.count, 3);
    assert_string_equal(p.as.pet_validation_failed.errors.items[0].pointer, "/name");
    assert_string_equal(p.as.pet_validation_failed.errors.items[1].pointer, "/species");
    assert_string_equal(p.as.pet_validation_failed.errors.items[2].pointer, "/age");

    fetch(&s, "GET", "/pets/abc", reader, NULL, &r);
    problem(&s, &r, 422, "PET_VALIDATION_FAILED", PETS_PET_VALIDATION_FAILED, &p);

    create(&s, "{\"id\":\"7\",\"name\":\"Tom\",\"species\":\"cat\"}");
    send_json(&s, "POST", "/pets", NULL, "{\"id\":\"7\",\"name\":\"Tim\",\"species\":\"cat\"}", &r);
    problem(&s, &r, 409, "PET_ALREADY_EXISTS", PETS_PET_ALREADY_EXISTS, &p);
    assert_string_equal(p.as.pet_already_exists.pet_id, "7");

    send_json(&s, "PUT", "/pets/7", "\"9\"", "{\"name\":\"Tom\",\"species\":\"cat\",\"age\":1}", &r);
    problem(&s, &r, 412, "VERSION_MISMATCH", PETS_VERSION_MISMATCH, &p);
    assert_string_equal(p.as.version_mismatch.current_etag, "\"1\"");
    fetch(&s, "GET", "/pets/7", reader, NULL, &r);
    json_t *pet = mt_json(&r);
    mt_expect_int(pet, "version", 1); /* the stale update changed nothing */
    json_decref(pet);
    server_stop(&s);
}

static void test_auth_and_scopes(void **state)
{
    (void)state;
    server_t s;
    mt_response_t r;
    pets_problem_t p;
    server_start(&s, "--token", "robot:read:pets", NULL);

    fetch(&s, "GET", "/pets", NULL, NULL, &r);
    problem(&s, &r, 401, "TOKEN_MISSING_OR_INVALID", PETS_TOKEN_MISSING_OR_INVALID, &p);
    assert_true(strncmp(header(&r, "WWW-Authenticate"), "Bearer realm=\"petstore\"", 23) == 0);
    assert_string_equal(p.as.token_missing_or_invalid.auth_error, "invalid_request");
    const char *bad[] = { "Authorization: Bearer nope", NULL };
    fetch(&s, "DELETE", "/pets/1", bad, NULL, &r);
    problem(&s, &r, 401, "TOKEN_MISSING_OR_INVALID", PETS_TOKEN_MISSING_OR_INVALID, &p);
    assert_string_equal(header(&r, "WWW-Authenticate"),
                        "Bearer realm=\"petstore\", error=\"invalid_token\"");

    const char *robot[] = { "Authorization: Bearer robot", NULL };
    fetch(&s, "GET", "/pets", robot, NULL, &r);
    assert_int_equal(r.status, 200); /* --token adds a token */
    fetch(&s, "DELETE", "/pets/1", reader, NULL, &r);
    problem(&s, &r, 403, "SCOPE_REQUIRED", PETS_SCOPE_REQUIRED, &p);
    assert_string_equal(p.as.scope_required.required_scope, "write:pets");
    server_stop(&s);
}

static void test_method_not_allowed_and_unknown_path(void **state)
{
    (void)state;
    server_t s;
    mt_response_t r;
    pets_problem_t p;
    server_start(&s, NULL);
    fetch(&s, "DELETE", "/pets", writer, NULL, &r);
    problem(&s, &r, 405, "METHOD_NOT_ALLOWED", PETS_METHOD_NOT_ALLOWED, &p);
    assert_string_equal(header(&r, "Allow"), "GET, HEAD, POST");
    fetch(&s, "POST", "/pets/1", writer, NULL, &r);
    problem(&s, &r, 405, "METHOD_NOT_ALLOWED", PETS_METHOD_NOT_ALLOWED, &p);
    assert_string_equal(header(&r, "Allow"), "GET, HEAD, PUT, PATCH, DELETE");
    fetch(&s, "GET", "/nothing/here", NULL, NULL, &r);
    problem(&s, &r, 404, "NOT_FOUND", PETS_NOT_FOUND, &p);
    json_t *body = mt_json(&r);
    mt_expect_string(body, "type", "about:blank");
    json_decref(body);
    server_stop(&s);
}

static void test_batch(void **state)
{
    (void)state;
    server_t s;
    mt_response_t r;
    pets_problem_t p;
    server_start(&s, NULL);
    create(&s, "{\"name\":\"A\",\"species\":\"cat\"}");
    create(&s, "{\"name\":\"B\",\"species\":\"dog\"}");

    fetch(&s, "GET", "/pets?id=1,2", reader, NULL, &r);
    assert_int_equal(r.status, 200);
    json_t *body = mt_json(&r);
    assert_int_equal(json_array_size(json_object_get(body, "items")), 2);
    json_decref(body);

    fetch(&s, "GET", "/pets?id=1,3,2,4", reader, NULL, &r);
    assert_int_equal(r.status, 207);
    errata_multi_t m;
    errata_multi_item_t item;
    int statuses[8], n = 0;
    assert_true(errata_multi_init(&m, r.body, r.body_len));
    while (errata_multi_next(&m, &item) && n < 8) {
        statuses[n++] = item.status;
        if (item.status == 404) {
            errata_decode_options_t opt = { .type_base = &s.type_base };
            pets_decode(item.status, "application/problem+json", &opt, item.problem,
                        item.problem_len, &p);
            assert_int_equal(p.code, PETS_PET_NOT_FOUND);
            assert_true(!strcmp(p.as.pet_not_found.pet_id, "3") ||
                        !strcmp(p.as.pet_not_found.pet_id, "4"));
        } else {
            assert_non_null(item.value);
        }
    }
    assert_int_equal(n, 4); /* every id answered: never fewer pets */
    assert_int_equal(statuses[0], 200);
    assert_int_equal(statuses[1], 404);
    assert_int_equal(statuses[2], 200);
    assert_int_equal(statuses[3], 404);

    fetch(&s, "GET", "/pets?id=8,9", reader, NULL, &r);
    problem(&s, &r, 404, "PET_NOT_FOUND", PETS_PET_NOT_FOUND, &p);
    fetch(&s, "GET", "/pets?id=1,x", reader, NULL, &r);
    problem(&s, &r, 422, "PET_VALIDATION_FAILED", PETS_PET_VALIDATION_FAILED, &p);
    server_stop(&s);
}

static void test_rate_limit(void **state)
{
    (void)state;
    server_t s;
    mt_response_t r;
    pets_problem_t p;
    server_start(&s, "--rate-limit", "3", NULL);
    for (int i = 0; i < 3; i++) {
        fetch(&s, "GET", "/pets", reader, NULL, &r);
        assert_int_equal(r.status, 200);
        /* The limiter's state on every answer (docs/ratelimit.md). */
        assert_string_equal(header(&r, "RateLimit-Policy"), "\"per-token\";q=3;w=60");
        errata_ratelimit_t rl;
        assert_true(errata_parse_ratelimit(NULL, header(&r, "RateLimit"), &rl));
        assert_string_equal(rl.policies[0].name, "per-token");
        assert_true(rl.policies[0].remaining >= 0 && rl.policies[0].remaining <= 2 - i);
        assert_true(rl.policies[0].reset >= 1 && rl.policies[0].reset <= 60);
    }
    fetch(&s, "GET", "/pets", reader, NULL, &r);
    /* The minute may turn between the requests: then this one is allowed. */
    for (int i = 0; i < 3 && r.status == 200; i++)
        fetch(&s, "GET", "/pets", reader, NULL, &r);
    problem(&s, &r, 429, "RATE_LIMITED", PETS_RATE_LIMITED, &p);
    long wait = strtol(header(&r, "Retry-After"), NULL, 10);
    assert_true(wait >= 1 && wait <= 60);
    assert_string_equal(header(&r, "X-RateLimit-Limit"), "3");
    assert_int_equal(p.as.rate_limited.limit, 3);
    assert_int_equal(p.as.rate_limited.retry_after, wait);
    assert_int_equal(p.base.retry_after, wait);
    assert_true(p.base.retryable);
    /* The 429 carries the fields too, decoded: none left until the window
     * ends, which is when Retry-After says to come back. */
    assert_int_equal(p.base.ratelimit.count, 1);
    assert_string_equal(p.base.ratelimit.policies[0].name, "per-token");
    assert_int_equal(p.base.ratelimit.policies[0].quota, 3);
    assert_int_equal(p.base.ratelimit.policies[0].window, 60);
    assert_int_equal(p.base.ratelimit.policies[0].remaining, 0);
    assert_int_equal(p.base.ratelimit.policies[0].reset, wait);
    fetch(&s, "GET", "/pets", writer, NULL, &r);
    assert_int_equal(r.status, 200); /* per token: the writer is not limited */
    server_stop(&s);
}

static void test_maintenance(void **state)
{
    (void)state;
    server_t s;
    mt_response_t r;
    pets_problem_t p;
    server_start(&s, "--maintenance", NULL);
    static const char *const paths[] = { "/pets", "/pets/1", "/errors/", "/nothing" };
    for (size_t i = 0; i < MT_COUNT(paths); i++) {
        fetch(&s, "GET", paths[i], reader, NULL, &r);
        problem(&s, &r, 503, "STORE_UNAVAILABLE", PETS_STORE_UNAVAILABLE, &p);
        assert_string_equal(header(&r, "Retry-After"), "300");
        assert_int_equal(p.base.retry_after, 300);
    }
    server_stop(&s);
}

static void test_database_failure_is_a_500(void **state)
{
    (void)state;
    server_t s;
    mt_response_t r;
    pets_problem_t p;
    char db[] = "/tmp/petstore-e2e-db-XXXXXX", cmd[256];
    int fd = mkstemp(db);
    assert_true(fd >= 0);
    close(fd);
    unlink(db); /* SQLite creates it */
    server_start(&s, "--db", db, NULL);
    create(&s, "{\"name\":\"A\",\"species\":\"cat\"}");
    snprintf(cmd, sizeof cmd, "sqlite3 '%s' 'DROP TABLE pets'", db);
    assert_int_equal(system(cmd), 0);
    fetch(&s, "GET", "/pets/1", reader, NULL, &r);
    problem(&s, &r, 500, "INTERNAL_ERROR", PETS_INTERNAL_ERROR, &p);
    assert_string_equal(p.base.trace_id, header(&r, "X-Request-Id"));
    assert_null(strstr(r.body, "table"));  /* no internals in the body */
    assert_null(strstr(r.body, "SQLite")); /* ... */
    assert_int_equal(log_lines(&s, "no such table"), 1); /* only in the server's log */
    server_stop(&s);
    snprintf(cmd, sizeof cmd, "rm -f '%s' '%s-wal' '%s-shm'", db, db, db);
    assert_int_equal(system(cmd), 0);
}

/* A client-given id above PET_ID_CREATE_MAX (2^53 - 1) is refused: one pet
 * at INT64_MAX used to leave the store no id to assign, and every later
 * POST failed with 500 until the database was deleted. */
static void test_create_id_bound(void **state)
{
    (void)state;
    server_t s;
    mt_response_t r;
    pets_problem_t p;
    server_start(&s, NULL);
    static const char *const above[] = { "9223372036854775807", "9007199254740992" };
    for (size_t i = 0; i < MT_COUNT(above); i++) {
        char body[128];
        snprintf(body, sizeof body, "{\"id\":\"%s\",\"name\":\"Max\",\"species\":\"dog\"}",
                 above[i]);
        send_json(&s, "POST", "/pets", NULL, body, &r);
        problem(&s, &r, 422, "PET_VALIDATION_FAILED", PETS_PET_VALIDATION_FAILED, &p);
        assert_int_equal(p.as.pet_validation_failed.errors.count, 1);
        assert_string_equal(p.as.pet_validation_failed.errors.items[0].pointer, "/id");
        assert_string_equal(p.as.pet_validation_failed.errors.items[0].detail,
                            "must be a decimal integer from 1 to 9007199254740991");
    }
    assert_int_equal(create(&s, "{\"name\":\"A\",\"species\":\"cat\"}"), 1);
    assert_int_equal(create(&s, "{\"id\":\"9007199254740991\",\"name\":\"B\",\"species\":\"cat\"}"),
                     INT64_C(9007199254740991));
    for (int i = 1; i <= 3; i++) /* the store still has ids to give */
        assert_int_equal(create(&s, "{\"name\":\"C\",\"species\":\"cat\"}"),
                         INT64_C(9007199254740991) + i);
    /* reading any id is still a lookup: a 404, not a 422 */
    fetch(&s, "GET", "/pets/9223372036854775807", reader, NULL, &r);
    problem(&s, &r, 404, "PET_NOT_FOUND", PETS_PET_NOT_FOUND, &p);
    server_stop(&s);
}

/* A full disk, for real: the server's database on a tmpfs of 128 KiB in a
 * mount namespace of its own (unshare -rm; skipped where that is not
 * allowed), a filler file taking part of it. Pets are created until the
 * disk is full: 507 STORE_FULL with Retry-After (not a 500), nothing in the
 * body about SQLite, reads still answered. Once the filler is removed, the
 * same POST succeeds: nothing had to be deleted. */
static void test_full_disk_is_a_507(void **state)
{
    (void)state;
    if (system("unshare -rm true >/dev/null 2>&1") != 0)
        skip();
    char dir[] = "/tmp/petstore-e2e-full-XXXXXX", filler[128];
    assert_non_null(mkdtemp(dir));
    static const char script[] =
        "mount -t tmpfs -o size=128k tmpfs \"$1\" && "
        "dd if=/dev/zero of=\"$1/filler\" bs=4k count=4 2>/dev/null && "
        "exec \"$2\" --port 0 --db \"$1/pets.db\"";
    char *argv[] = { "unshare", "-rm", "sh", "-c", (char *)script, "sh", dir,
                     (char *)server_path, NULL };
    server_t s;
    mt_response_t r;
    pets_problem_t p;
    server_spawn(&s, argv);
    char body[256], name[91]; /* 90 bytes: a page fills fast */
    memset(name, 'n', sizeof name - 1);
    name[sizeof name - 1] = '\0';
    snprintf(body, sizeof body, "{\"name\":\"%s\",\"species\":\"dog\"}", name);
    int created = 0;
    for (; created < 200; created++) {
        send_json(&s, "POST", "/pets", NULL, body, &r);
        if (r.status != 201)
            break;
    }
    assert_true(created > 0);
    problem(&s, &r, 507, "STORE_FULL", PETS_STORE_FULL, &p);
    assert_string_equal(header(&r, "Retry-After"), "60");
    assert_int_equal(p.base.retry_after, 60);
    assert_true(p.base.retryable);
    assert_int_equal(p.as.store_full.retry_after, 60);
    assert_null(strstr(r.body, "disk")); /* the SQLite message stays in the log */
    assert_int_equal(log_lines(&s, "database or disk is full"), 1);

    fetch(&s, "GET", "/pets/1", reader, NULL, &r);
    assert_int_equal(r.status, 200);

    snprintf(filler, sizeof filler, "/proc/%d/root%s/filler", (int)s.pid, dir);
    assert_int_equal(unlink(filler), 0);
    send_json(&s, "POST", "/pets", NULL, body, &r);
    assert_int_equal(r.status, 201);
    json_t *pet = mt_json(&r);
    char id[16];
    snprintf(id, sizeof id, "%d", created + 1);
    mt_expect_string(pet, "id", id); /* the failed POST took no id */
    json_decref(pet);
    server_stop(&s);
    rmdir(dir); /* the tmpfs went with the server's namespace */
}

static void test_accept_json_only(void **state)
{
    (void)state;
    server_t s;
    mt_response_t r;
    server_start(&s, NULL);
    const char *json[] = { reader[0], "Accept: application/json", NULL };
    fetch(&s, "GET", "/pets/5", json, NULL, &r);
    assert_int_equal(r.status, 404);
    assert_string_equal(header(&r, "Content-Type"), "application/json");
    /* the petstore is translated (catalog/petstore.de.yaml): its problems
     * vary by language too */
    assert_string_equal(header(&r, "Vary"), "Accept, Accept-Language");
    server_stop(&s);
}

/* One GET /pets/5 with an Accept-Language field (NULL: none). */
static void fetch_in(const server_t *s, const char *accept_language, mt_response_t *r)
{
    char field[256];
    const char *headers[3] = { reader[0], NULL, NULL };
    if (accept_language != NULL) {
        snprintf(field, sizeof field, "Accept-Language: %s", accept_language);
        headers[1] = field;
    }
    fetch(s, "GET", "/pets/5", headers, NULL, r);
}

static void expect_pet_not_found(const server_t *s, const mt_response_t *r, const char *language,
                                 const char *title, const char *detail)
{
    char want[512];
    snprintf(want, sizeof want,
             "{\"type\":\"%spet-not-found\",\"title\":\"%s\",\"status\":404,"
             "\"code\":\"PET_NOT_FOUND\",\"detail\":\"%s\",\"pet_id\":\"5\"}",
             s->base, title, detail);
    assert_int_equal(r->status, 404);
    assert_string_equal(header(r, "Content-Language"), language);
    assert_string_equal(header(r, "Vary"), "Accept, Accept-Language");
    assert_int_equal(r->body_len, strlen(want));
    assert_memory_equal(r->body, want, r->body_len);
}

/* The petstore ships German titles and details (catalog/petstore.de.yaml):
 * Accept-Language picks them (RFC 9110 section 12.5.4), Content-Language
 * says which language the body is in, and the generated decoder reads a
 * German body as it reads an English one. */
static void test_german(void **state)
{
    (void)state;
    server_t s;
    mt_response_t r;
    pets_problem_t p;
    server_start(&s, NULL);
    static const char *const de[] = { "de", "de-AT, en;q=0.5", "fr, de;q=0.8", "DE-ch", "*" };
    for (size_t i = 0; i < sizeof de / sizeof de[0] - 1; i++) {
        fetch_in(&s, de[i], &r);
        expect_pet_not_found(&s, &r, "de", "Haustier nicht gefunden",
                             "Das Haustier 5 gibt es nicht");
        problem(&s, &r, 404, "PET_NOT_FOUND", PETS_PET_NOT_FOUND, &p);
        assert_string_equal(p.as.pet_not_found.pet_id, "5");
    }
    /* the catalog's own language: no field, "*", no match, q=0, malformed */
    static const char *const en[] = { "en", "*", "fr", "de;q=0, fr", ";;;=", "de;q=2" };
    fetch_in(&s, NULL, &r);
    expect_pet_not_found(&s, &r, "en", "Pet not found", "Pet 5 does not exist");
    for (size_t i = 0; i < sizeof en / sizeof en[0]; i++) {
        fetch_in(&s, en[i], &r);
        expect_pet_not_found(&s, &r, "en", "Pet not found", "Pet 5 does not exist");
    }
    /* http.yaml's about:blank entries carry the German reason phrase
     * (RFC 9457 section 4.2.1); the route's own detail stays as given */
    const char *unknown[] = { "Accept-Language: de", NULL };
    fetch(&s, "GET", "/no-such-path", unknown, NULL, &r);
    assert_int_equal(r.status, 404);
    assert_string_equal(header(&r, "Content-Language"), "de");
    json_t *o = mt_expect_problem(&r, 404, "NOT_FOUND");
    assert_string_equal(json_string_value(json_object_get(o, "title")), "Nicht gefunden");
    assert_string_equal(json_string_value(json_object_get(o, "type")), "about:blank");
    json_decref(o);
    server_stop(&s);
}

/* Every type URI the server sends resolves to its page under /errors/. */
static void test_type_uris_resolve_to_docs(void **state)
{
    (void)state;
    server_t s;
    mt_response_t r;
    server_start(&s, NULL);
    fetch(&s, "HEAD", "/errors/", NULL, NULL, &r); /* the index is bigger than r.body */
    assert_int_equal(r.status, 200);
    assert_true(strncmp(header(&r, "Content-Type"), "text/html", 9) == 0);
    assert_true(strtol(header(&r, "Content-Length"), NULL, 10) > 65536);
    for (size_t i = 0; i < PETS_ERROR_COUNT; i++) {
        const errata_descriptor_t *d = &pets_descriptors[i];
        if (strcmp(d->type_uri, "about:blank") == 0)
            continue;
        const char *slug = d->type_uri + strlen(PETS_BASE_URI);
        char path[256], anchor[256];
        snprintf(path, sizeof path, "/errors/%s", slug);
        snprintf(anchor, sizeof anchor, "id=\"%s\"", slug);
        fetch(&s, "GET", path, NULL, NULL, &r);
        assert_int_equal(r.status, 200);
        assert_non_null(strstr(r.body, anchor));
    }
    fetch(&s, "GET", "/errors/no-such-error", NULL, NULL, &r);
    assert_int_equal(r.status, 404);
    server_stop(&s);
}

/* The server's folder of docs for the tests below: the generated pages
 * (beside the server, where meson builds them) and the schema stand-ins. */
static void docs_folder(char *dir, size_t cap)
{
    char cmd[1024];
    snprintf(dir, cap, "/tmp/petstore-e2e-docs-XXXXXX");
    assert_non_null(mkdtemp(dir));
    snprintf(cmd, sizeof cmd, "cp \"$(dirname '%s')\"/*.html '%s'/*.json '%s'", server_path,
             docs_fixtures, dir);
    assert_int_equal(system(cmd), 0);
}

static void remove_folder(const char *dir)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

/* The whole of a file of the folder, and its length. */
static size_t slurp(const char *dir, const char *name, char *buf, size_t cap)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    size_t n = fread(buf, 1, cap - 1, f);
    fclose(f);
    buf[n] = '\0';
    return n;
}

static void expect_body(const mt_response_t *r, const char *dir, const char *name,
                        const char *type)
{
    static char want[65536];
    size_t n = slurp(dir, name, want, sizeof want);
    assert_int_equal(r->status, 200);
    assert_string_equal(header(r, "Content-Type"), type);
    assert_string_equal(header(r, "Vary"), "Accept");
    assert_string_equal(header(r, "X-Content-Type-Options"), "nosniff");
    assert_int_equal(r->body_len, n);
    assert_memory_equal(r->body, want, n);
}

/* A type URI answers with its JSON Schema to a client that asks for one
 * (q-values count), the base with the JSON index. */
static void test_docs_negotiation(void **state)
{
    (void)state;
    server_t s;
    mt_response_t r;
    char dir[64];
    docs_folder(dir, sizeof dir);
    server_start(&s, "--docs", dir, NULL);
    static const char *const want_schema[] = { "Accept: application/schema+json", NULL };
    static const char *const refuse_schema[] = { "Accept: application/schema+json;q=0", NULL };
    static const char *const prefer_html[] = {
        "Accept: text/html, application/schema+json;q=0.5", NULL
    };
    static const char *const want_json[] = { "Accept: application/json", NULL };
    fetch(&s, "GET", "/errors/pet-not-found", want_schema, NULL, &r);
    expect_body(&r, dir, "pet-not-found.schema.json", "application/schema+json");
    json_t *schema = mt_json(&r);
    mt_expect_string(schema, "$id", PETS_BASE_URI "pet-not-found.schema.json");
    json_decref(schema);
    fetch(&s, "GET", "/errors/pet-not-found", refuse_schema, NULL, &r);
    expect_body(&r, dir, "pet-not-found.html", "text/html; charset=utf-8");
    fetch(&s, "GET", "/errors/pet-not-found", prefer_html, NULL, &r);
    expect_body(&r, dir, "pet-not-found.html", "text/html; charset=utf-8");
    fetch(&s, "GET", "/errors/", want_json, NULL, &r);
    expect_body(&r, dir, "index.json", "application/json");
    json_t *index = mt_json(&r);
    assert_true(json_is_array(json_object_get(index, "errors")));
    json_decref(index);
    fetch(&s, "GET", "/errors/problem.schema.json", NULL, NULL, &r);
    expect_body(&r, dir, "problem.schema.json", "application/schema+json");
    /* A type with no schema in the folder: a problem, not the page. */
    pets_problem_t p;
    fetch(&s, "GET", "/errors/rate-limited", want_schema, NULL, &r);
    problem(&s, &r, 404, "NOT_FOUND", PETS_NOT_FOUND, &p);
    server_stop(&s);
    remove_folder(dir);
}

/* Validators: an ETag and a Last-Modified that give 304s; HEAD. */
static void test_docs_validators(void **state)
{
    (void)state;
    server_t s;
    mt_response_t r;
    char etag[128], modified[64], length[32], inm[200], ims[200];
    server_start(&s, NULL);
    fetch(&s, "GET", "/errors/pet-not-found", NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(header(&r, "Cache-Control"), "public, max-age=300");
    snprintf(etag, sizeof etag, "%s", header(&r, "ETag"));
    snprintf(modified, sizeof modified, "%s", header(&r, "Last-Modified"));
    snprintf(length, sizeof length, "%zu", r.body_len);
    assert_true(strncmp(etag, "W/\"", 3) == 0);
    snprintf(inm, sizeof inm, "If-None-Match: %s", etag);
    snprintf(ims, sizeof ims, "If-Modified-Since: %s", modified);
    const char *by_tag[] = { inm, NULL }, *by_date[] = { ims, NULL };
    const char *stale[] = { "If-None-Match: \"other\"", ims, NULL };
    fetch(&s, "GET", "/errors/pet-not-found", by_tag, NULL, &r);
    assert_int_equal(r.status, 304);
    assert_int_equal(r.body_len, 0);
    assert_string_equal(header(&r, "ETag"), etag);
    assert_null(header(&r, "Content-Type"));
    fetch(&s, "GET", "/errors/pet-not-found", by_date, NULL, &r);
    assert_int_equal(r.status, 304);
    fetch(&s, "GET", "/errors/pet-not-found", stale, NULL, &r);
    assert_int_equal(r.status, 200); /* If-None-Match decides */
    fetch(&s, "HEAD", "/errors/pet-not-found", NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_int_equal(r.body_len, 0);
    assert_string_equal(header(&r, "Content-Length"), length);
    assert_string_equal(header(&r, "ETag"), etag);
    server_stop(&s);
}

/* Nothing outside the generated docs: the folder is the server's build
 * folder, which also holds its sources' objects and pets_errors.c. */
static void test_docs_traversal(void **state)
{
    (void)state;
    server_t s;
    mt_response_t r;
    pets_problem_t p;
    server_start(&s, NULL);
    static const char *const paths[] = {
        "/errors/../pets", "/errors/%2e%2e/pets", "/errors/..%2fpets_errors.c",
        "/errors/%2E%2E%2F%2E%2E%2Fmeson.build", "/errors/pets_errors.c",
        "/errors/pets_errors.h", "/errors/petstore-server", "/errors/%2fetc%2fpasswd",
        "/errors/.", "/errors/petstore-server.p/server_main.c.o",
    };
    for (size_t i = 0; i < MT_COUNT(paths); i++) {
        fetch(&s, "GET", paths[i], NULL, NULL, &r);
        if (r.status != 404)
            fail_msg("%s: %ld, not 404", paths[i], r.status);
        problem(&s, &r, 404, "NOT_FOUND", PETS_NOT_FOUND, &p);
    }
    fetch(&s, "GET", "/errors/pet-not-found%00.html", NULL, NULL, &r);
    json_decref(mt_expect_problem(&r, 400, "BAD_REQUEST"));
    fetch(&s, "POST", "/errors/pet-not-found", NULL, "{}", &r);
    problem(&s, &r, 405, "METHOD_NOT_ALLOWED", PETS_METHOD_NOT_ALLOWED, &p);
    assert_string_equal(header(&r, "Allow"), "GET, HEAD");
    server_stop(&s);
}


static void test_access_log(void **state)
{
    (void)state;
    server_t s;
    mt_response_t r;
    server_start(&s, NULL);
    fetch(&s, "GET", "/pets/42", reader, NULL, &r);
    fetch(&s, "GET", "/pets", NULL, NULL, &r);
    fetch(&s, "GET", "/pets", reader, NULL, &r);
    int status; /* stopped by hand: the log is read after the server has gone */
    kill(s.pid, SIGTERM);
    waitpid(s.pid, &status, 0);
    assert_int_equal(log_lines(&s, "GET /pets/42 404 PET_NOT_FOUND "), 1);
    assert_int_equal(log_lines(&s, "GET /pets 401 TOKEN_MISSING_OR_INVALID "), 1);
    assert_int_equal(log_lines(&s, "GET /pets 200 - "), 1);
    assert_int_equal(log_lines(&s, "ms trace="), 3);
    unlink(s.log_path);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: petstore-test_e2e PETSTORE_SERVER DOCS_FIXTURES\n");
        return 2;
    }
    server_path = argv[1];
    docs_fixtures = argv[2];
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_create_read_update_delete),
        cmocka_unit_test(test_bad_bodies),
        cmocka_unit_test(test_auth_and_scopes),
        cmocka_unit_test(test_method_not_allowed_and_unknown_path),
        cmocka_unit_test(test_batch),
        cmocka_unit_test(test_rate_limit),
        cmocka_unit_test(test_maintenance),
        cmocka_unit_test(test_database_failure_is_a_500),
        cmocka_unit_test(test_create_id_bound),
        cmocka_unit_test(test_full_disk_is_a_507),
        cmocka_unit_test(test_accept_json_only),
        cmocka_unit_test(test_german),
        cmocka_unit_test(test_type_uris_resolve_to_docs),
        cmocka_unit_test(test_docs_negotiation),
        cmocka_unit_test(test_docs_validators),
        cmocka_unit_test(test_docs_traversal),
        cmocka_unit_test(test_access_log),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
