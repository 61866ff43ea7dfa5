/* petstore-client (examples/petstore/client.c) run as a process: its usage
 * errors and help, a refused connection, and its reading of answers served
 * by a canned HTTP peer on a local port: printed results, decoded typed
 * problems, the exit code of each class, --retry and --max-wait,
 * the 207 batch. (The client against the real server is the end-to-end
 * suite's job.)
 *
 * Usage: petstore-test_client PATH-TO-petstore-client */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *client_path;

/* ---- running the client ------------------------------------------------------ */

typedef struct run {
    int code;
    char out[16384];
    char err[16384];
    double seconds;
} run_t;

static run_t result; /* large: kept off the stack */

static void slurp(FILE *f, char *buf, size_t cap)
{
    rewind(f);
    size_t n = fread(buf, 1, cap - 1, f);
    buf[n] = '\0';
    fclose(f);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Runs the client with args (NULL-terminated); token: PETSTORE_TOKEN, or
 * NULL for none in its environment. */
static run_t *run_client(const char *token, const char *const *args)
{
    char *argv[32];
    int argc = 0;
    argv[argc++] = (char *)client_path;
    for (; *args && argc < 31; args++)
        argv[argc++] = (char *)*args;
    argv[argc] = NULL;
    FILE *out = tmpfile(), *err = tmpfile();
    assert_non_null(out);
    assert_non_null(err);
    double start = now();
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        dup2(fileno(out), 1);
        dup2(fileno(err), 2);
        if (token)
            setenv("PETSTORE_TOKEN", token, 1);
        else
            unsetenv("PETSTORE_TOKEN");
        execv(client_path, argv);
        _exit(127);
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    result.seconds = now() - start;
    assert_true(WIFEXITED(status));
    result.code = WEXITSTATUS(status);
    slurp(out, result.out, sizeof result.out);
    slurp(err, result.err, sizeof result.err);
    return &result;
}

#define RUN(...) run_client(NULL, (const char *const[]){ __VA_ARGS__, NULL })

static void assert_contains(const char *haystack, const char *needle)
{
    if (strstr(haystack, needle) == NULL)
        fail_msg("'%s' not found in:\n%s", needle, haystack);
}

static void assert_lacks(const char *haystack, const char *needle)
{
    if (strstr(haystack, needle) != NULL)
        fail_msg("'%s' found in:\n%s", needle, haystack);
}

static void assert_exit(const run_t *r, int code)
{
    if (r->code != code)
        fail_msg("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", r->code, code, r->out, r->err);
}

/* ---- a canned HTTP peer ------------------------------------------------------- */

#define MAX_EXCHANGES 4

typedef struct peer {
    int fd;
    int port;
    char responses[MAX_EXCHANGES][8192];
    size_t count;
    char requests[MAX_EXCHANGES][8192];
    size_t served;
    pthread_t thread;
} peer_t;

static peer_t peer;

static int listen_local(int *port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(fd, 8) != 0 ||
        getsockname(fd, (struct sockaddr *)&a, &len) != 0)
        return -1;
    *port = ntohs(a.sin_port);
    return fd;
}

/* One request: its head, then as many body bytes as Content-Length says. */
static void read_request(int c, char *buf, size_t cap)
{
    size_t len = 0;
    const char *head_end = NULL;
    size_t want = 0;
    while (len + 1 < cap) {
        ssize_t n = recv(c, buf + len, cap - 1 - len, 0);
        if (n <= 0)
            break;
        len += (size_t)n;
        buf[len] = '\0';
        if (head_end == NULL && (head_end = strstr(buf, "\r\n\r\n")) != NULL) {
            const char *cl = strstr(buf, "Content-Length: ");
            want = (size_t)(head_end + 4 - buf) + (cl ? strtoul(cl + 16, NULL, 10) : 0);
        }
        if (head_end != NULL && len >= want)
            break;
    }
    buf[len] = '\0';
}

static void *serve(void *arg)
{
    (void)arg;
    for (size_t i = 0; i < peer.count; i++) {
        int c = accept(peer.fd, NULL, NULL);
        if (c < 0)
            break;
        struct timeval tv = { .tv_sec = 5 };
        setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        read_request(c, peer.requests[i], sizeof peer.requests[i]);
        send(c, peer.responses[i], strlen(peer.responses[i]), MSG_NOSIGNAL);
        shutdown(c, SHUT_WR);
        close(c);
        peer.served = i + 1;
    }
    return NULL;
}

/* Queues an answer: a status line, extra header lines, a body. */
static void answer(const char *status, const char *headers, const char *body)
{
    assert_true(peer.count < MAX_EXCHANGES);
    snprintf(peer.responses[peer.count++], sizeof peer.responses[0],
             "HTTP/1.1 %s\r\nConnection: close\r\nContent-Length: %zu\r\n%s\r\n%s", status,
             strlen(body), headers, body);
}

#define PROBLEM "Content-Type: application/problem+json\r\n"
#define JSON "Content-Type: application/json\r\n"

static int peer_setup(void **state)
{
    (void)state;
    memset(&peer, 0, sizeof peer);
    peer.fd = listen_local(&peer.port);
    return peer.fd < 0 ? -1 : 0;
}

static int peer_teardown(void **state)
{
    (void)state;
    shutdown(peer.fd, SHUT_RDWR); /* wakes an accept() waiting for nobody */
    close(peer.fd);
    return 0;
}

static void peer_start(void)
{
    assert_int_equal(pthread_create(&peer.thread, NULL, serve, NULL), 0);
}

static char base_url[64];

static const char *peer_url(void)
{
    snprintf(base_url, sizeof base_url, "http://127.0.0.1:%d", peer.port);
    return base_url;
}

/* Waits for the peer's thread after the client is done. */
static void peer_join(void)
{
    shutdown(peer.fd, SHUT_RDWR);
    pthread_join(peer.thread, NULL);
}

/* ---- usage ------------------------------------------------------------------------ */

static void test_no_command_is_a_usage_error(void **state)
{
    (void)state;
    run_t *r = run_client(NULL, (const char *const[]){ NULL });
    assert_exit(r, 1);
    assert_contains(r->err, "no command");
    assert_contains(r->err, "usage: petstore-client");
    assert_string_equal(r->out, "");
}

static void test_help(void **state)
{
    (void)state;
    run_t *r = RUN("--help");
    assert_exit(r, 0);
    assert_contains(r->out, "usage: petstore-client");
    assert_contains(r->out, "batch ID,ID,...");
    assert_contains(r->out, "exit status:");
    assert_contains(r->out, "--retry N");
    assert_contains(r->out, "  2  transport");
    assert_contains(r->out, "  8  batch: 207");
    assert_string_equal(r->err, "");
    assert_exit(RUN("get", "1", "-h"), 0);
}

static void test_usage_errors(void **state)
{
    (void)state;
    static const struct {
        const char *args[4];
        const char *message;
    } cases[] = {
        { { "fetch" }, "unknown command: fetch" },
        { { "get" }, "missing argument for: get" },
        { { "get", "1", "2" }, "too many arguments for: get" },
        { { "list", "x" }, "too many arguments for: list" },
        { { "--bogus", "list" }, "unknown option: --bogus" },
        { { "list", "--url" }, "missing value for: --url" },
        { { "--max-wait", "x", "list" }, "--max-wait needs seconds" },
        { { "--max-wait", "-1", "list" }, "--max-wait needs seconds" },
        { { "--retry", "x", "list" }, "--retry needs a count from 0 to 100" },
        { { "--retry", "-1", "list" }, "--retry needs a count from 0 to 100" },
        { { "--retry", "101", "list" }, "--retry needs a count from 0 to 100" },
        { { "list", "--retry" }, "missing value for: --retry" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        run_t *r = run_client(NULL, cases[i].args);
        assert_exit(r, 1);
        assert_contains(r->err, cases[i].message);
        assert_contains(r->err, "usage:");
        assert_string_equal(r->out, "");
    }
}

static void test_connect_failed_is_a_transport_error(void **state)
{
    (void)state;
    int port, fd = listen_local(&port);
    assert_true(fd >= 0);
    close(fd); /* nobody listens there now */
    char url[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%d", port);
    run_t *r = RUN("--url", url, "get", "1");
    assert_exit(r, 2);
    char want[128];
    snprintf(want, sizeof want, "error: GET %s/pets/1: ", url);
    assert_contains(r->err, want);
    assert_string_equal(r->out, "");
}

/* ---- answers ----------------------------------------------------------------------- */

static void test_get_prints_the_pet(void **state)
{
    (void)state;
    answer("200 OK", JSON "ETag: \"2\"\r\n", "{\"id\":\"42\",\"name\":\"Rex\"}");
    peer_start();
    run_t *r = run_client("env-token", (const char *const[]){ "get", "--url", peer_url(), "42", NULL });
    peer_join();
    assert_exit(r, 0);
    assert_string_equal(r->out, "{\"id\":\"42\",\"name\":\"Rex\"}\n");
    assert_contains(peer.requests[0], "GET /pets/42 HTTP/1.1\r\n");
    assert_contains(peer.requests[0], "Authorization: Bearer env-token\r\n"); /* $PETSTORE_TOKEN */
}

static void test_not_found(void **state)
{
    (void)state;
    answer("404 Not Found", PROBLEM,
           "{\"type\":\"https://errors.petstore.example/pet-not-found\",\"title\":\"Pet not found\","
           "\"status\":404,\"code\":\"PET_NOT_FOUND\",\"detail\":\"Pet 42 does not exist\","
           "\"pet_id\":\"42\"}");
    peer_start();
    run_t *r = RUN("--url", peer_url(), "--token", "t0k", "get", "42");
    peer_join();
    assert_exit(r, 3);
    assert_string_equal(r->err, "error: 404 PET_NOT_FOUND: Pet not found: Pet 42 does not exist\n");
    assert_string_equal(r->out, "");
    assert_contains(peer.requests[0], "Authorization: Bearer t0k\r\n");
    assert_int_equal(peer.served, 1);
}

static void test_validation_errors_are_listed(void **state)
{
    (void)state;
    answer("422 Unprocessable Content", PROBLEM,
           "{\"type\":\"https://errors.petstore.example/pet-validation-failed\","
           "\"title\":\"Pet failed validation\",\"status\":422,\"errors\":["
           "{\"pointer\":\"/name\",\"detail\":\"must not be empty\"},"
           "{\"pointer\":\"/age\",\"detail\":\"must be zero or more\"}]}");
    peer_start();
    const char *body = "{\"name\":\"\",\"age\":-1}";
    run_t *r = RUN("--url", peer_url(), "create", body);
    peer_join();
    assert_exit(r, 4);
    assert_string_equal(r->err, "error: 422 PET_VALIDATION_FAILED: Pet failed validation\n"
                                "  /name: must not be empty\n"
                                "  /age: must be zero or more\n");
    assert_contains(peer.requests[0], "POST /pets HTTP/1.1\r\n");
    assert_contains(peer.requests[0], "Content-Type: application/json\r\n");
    assert_contains(peer.requests[0], "Authorization: Bearer writer-token\r\n"); /* the default */
    assert_contains(peer.requests[0], body);
}

static void test_created_and_deleted(void **state)
{
    (void)state;
    answer("201 Created", "Location: /pets/7\r\n" JSON, "{\"id\":\"7\"}");
    answer("204 No Content", "", "");
    peer_start();
    run_t *r = RUN("--url", peer_url(), "create", "{\"name\":\"Rex\",\"species\":\"dog\"}");
    assert_exit(r, 0);
    assert_string_equal(r->out, "created: /pets/7\n");
    r = RUN("--url", peer_url(), "delete", "7");
    peer_join();
    assert_exit(r, 0);
    assert_string_equal(r->out, "deleted\n");
    assert_contains(peer.requests[1], "DELETE /pets/7 HTTP/1.1\r\n");
}

static void test_exit_code_per_class(void **state)
{
    (void)state;
    answer("401 Unauthorized", PROBLEM "WWW-Authenticate: Bearer realm=\"petstore\"\r\n",
           "{\"type\":\"https://errors.petstore.example/token-missing-or-invalid\","
           "\"status\":401,\"auth_error\":\"invalid_token\"}");
    answer("412 Precondition Failed", PROBLEM,
           "{\"type\":\"https://errors.petstore.example/version-mismatch\",\"status\":412,"
           "\"current_etag\":\"\\\"7\\\"\"}");
    answer("500 Internal Server Error", PROBLEM,
           "{\"type\":\"https://errors.petstore.example/internal-error\",\"status\":500,"
           "\"trace_id\":\"4bf92f3577b34da6a3ce929d0e0e4736\"}");
    answer("502 Bad Gateway", "Content-Type: text/html\r\n", "<html>oops</html>");
    peer_start();
    run_t *r = RUN("--url", peer_url(), "list");
    assert_exit(r, 5);
    assert_contains(r->err, "error: 401 TOKEN_MISSING_OR_INVALID: Missing or invalid bearer token\n"
                            "  auth error: invalid_token\n");
    r = RUN("--url", peer_url(), "delete", "7");
    assert_exit(r, 4);
    assert_contains(r->err, "  current ETag: \"7\"\n");
    r = RUN("--url", peer_url(), "get", "1");
    assert_exit(r, 7);
    /* the trace id to quote, once, on the summary line */
    assert_contains(r->err, "error: 500 INTERNAL_ERROR: Internal server error"
                            " (trace id 4bf92f3577b34da6a3ce929d0e0e4736)\n");
    assert_lacks(r->err, "  trace id:");
    /* retryable, but --retry 0: not retried */
    r = RUN("--url", peer_url(), "--retry", "0", "get", "1");
    peer_join();
    assert_exit(r, 6);
    assert_contains(r->err, "not retrying: retries are off (--retry 0)");
    assert_contains(r->err, "error: 502 BAD_GATEWAY: Bad Gateway");
    assert_int_equal(peer.served, 4);
}

static void test_retry_after_once_then_success(void **state)
{
    (void)state;
    answer("429 Too Many Requests", PROBLEM "Retry-After: 1\r\n",
           "{\"type\":\"https://errors.petstore.example/rate-limited\",\"status\":429,"
           "\"retry_after\":1,\"limit\":60}");
    answer("200 OK", JSON, "{\"pets\":[]}");
    peer_start();
    run_t *r = RUN("--url", peer_url(), "list");
    peer_join();
    assert_exit(r, 0);
    assert_string_equal(r->out, "{\"pets\":[]}\n");
    assert_contains(r->err, "429 RATE_LIMITED");
    assert_contains(r->err, "waiting 1 s");
    assert_int_equal(peer.served, 2);
    assert_true(r->seconds >= 1.0); /* it did wait */
}

static void test_retry_only_once(void **state)
{
    (void)state;
    const char *body = "{\"type\":\"https://errors.petstore.example/store-unavailable\","
                       "\"status\":503,\"retry_after\":0}";
    answer("503 Service Unavailable", PROBLEM "Retry-After: 0\r\n", body);
    answer("503 Service Unavailable", PROBLEM "Retry-After: 0\r\n", body);
    answer("200 OK", JSON, "{}"); /* never asked for */
    peer_start();
    run_t *r = RUN("--url", peer_url(), "get", "1");
    peer_join();
    assert_exit(r, 6);
    assert_int_equal(peer.served, 2);
    assert_contains(r->err, "error: 503 STORE_UNAVAILABLE: Pet store is temporarily unavailable"
                            " (retry after 0 s)\n");
}

static void test_no_retry_beyond_max_wait(void **state)
{
    (void)state;
    answer("503 Service Unavailable", PROBLEM "Retry-After: 120\r\n",
           "{\"type\":\"https://errors.petstore.example/store-unavailable\",\"status\":503,"
           "\"retry_after\":120}");
    peer_start();
    run_t *r = RUN("--url", peer_url(), "--max-wait", "5", "get", "1");
    peer_join();
    assert_exit(r, 6);
    assert_int_equal(peer.served, 1);
    assert_contains(r->err, "not retrying: the server asks to wait 120 s, more than --max-wait 5");
    assert_true(r->seconds < 5.0);
}

#define UNAVAILABLE_503 "{\"type\":\"https://errors.petstore.example/store-unavailable\",\"status\":503}"

/* --retry 3: two 503s without Retry-After (backoff, capped at --max-wait 1:
 * at most 1 s each) and a 429 with Retry-After 0, then the pets. */
static void test_retry_n_times_then_success(void **state)
{
    (void)state;
    answer("503 Service Unavailable", PROBLEM, UNAVAILABLE_503);
    answer("503 Service Unavailable", PROBLEM, UNAVAILABLE_503);
    answer("429 Too Many Requests", PROBLEM "Retry-After: 0\r\n",
           "{\"type\":\"https://errors.petstore.example/rate-limited\",\"status\":429,"
           "\"retry_after\":0,\"limit\":60}");
    answer("200 OK", JSON, "{\"pets\":[]}");
    peer_start();
    run_t *r = RUN("--url", peer_url(), "--retry", "3", "--max-wait", "1", "list");
    peer_join();
    assert_exit(r, 0);
    assert_int_equal(peer.served, 4);
    assert_string_equal(r->out, "{\"pets\":[]}\n");
    assert_contains(r->err, "retry 1 of 3 after: 503 STORE_UNAVAILABLE");
    assert_contains(r->err, "retry 2 of 3 after: 503 STORE_UNAVAILABLE");
    assert_contains(r->err, "retry 3 of 3 after: 429 RATE_LIMITED");
    assert_contains(r->err, "waiting 0 s\n"); /* the Retry-After, exactly */
    assert_lacks(r->err, "error:");
    assert_true(r->seconds < 2.0 + 1.5); /* two backoffs of at most 1 s */
}

/* --retry 2 and a server that stays unavailable: 3 requests, then exit 6. */
static void test_retry_gives_up_after_n(void **state)
{
    (void)state;
    for (int i = 0; i < 3; i++)
        answer("503 Service Unavailable", PROBLEM "Retry-After: 0\r\n", UNAVAILABLE_503);
    answer("200 OK", JSON, "{}"); /* never asked for */
    peer_start();
    run_t *r = RUN("--url", peer_url(), "--retry", "2", "get", "1");
    peer_join();
    assert_exit(r, 6);
    assert_int_equal(peer.served, 3);
    assert_contains(r->err, "retry 2 of 2 after: 503");
    assert_contains(r->err, "not retrying: no retries left (--retry 2)\n"
                            "error: 503 STORE_UNAVAILABLE");
}

/* A 404 is not retried, whatever --retry says. */
static void test_no_retry_for_not_found(void **state)
{
    (void)state;
    answer("404 Not Found", PROBLEM,
           "{\"type\":\"https://errors.petstore.example/pet-not-found\",\"status\":404,"
           "\"pet_id\":\"1\"}");
    answer("200 OK", JSON, "{}"); /* never asked for */
    peer_start();
    run_t *r = RUN("--url", peer_url(), "--retry", "5", "get", "1");
    peer_join();
    assert_exit(r, 3);
    assert_int_equal(peer.served, 1);
    assert_lacks(r->err, "retry");
    assert_contains(r->err, "error: 404 PET_NOT_FOUND");
}

static void test_batch(void **state)
{
    (void)state;
    answer("207 Multi-Status", JSON,
           "{\"items\":[{\"id\":\"1\",\"status\":200,\"value\":{\"id\":\"1\",\"name\":\"Rex\"}},"
           "{\"id\":\"2\",\"status\":404,\"problem\":{\"type\":"
           "\"https://errors.petstore.example/pet-not-found\",\"title\":\"Pet not found\","
           "\"status\":404,\"detail\":\"Pet 2 does not exist\",\"pet_id\":\"2\"}}]}");
    answer("200 OK", JSON,
           "{\"items\":[{\"id\":\"1\",\"status\":200,\"value\":{\"id\":\"1\"}},"
           "{\"id\":\"3\",\"status\":200,\"value\":{\"id\":\"3\"}}]}");
    answer("200 OK", JSON, "{\"pets\":[]}");
    peer_start();
    run_t *r = RUN("--url", peer_url(), "batch", "1,2");
    assert_exit(r, 8);
    assert_string_equal(r->out, "1: 200 {\"id\":\"1\",\"name\":\"Rex\"}\n"
                                "2: 404 PET_NOT_FOUND: Pet not found: Pet 2 does not exist\n");
    assert_contains(peer.requests[0], "GET /pets?id=1,2 HTTP/1.1\r\n");
    r = RUN("--url", peer_url(), "batch", "1,3");
    assert_exit(r, 0);
    assert_string_equal(r->out, "1: 200 {\"id\":\"1\"}\n3: 200 {\"id\":\"3\"}\n");
    r = RUN("--url", peer_url(), "batch", "1 x,3"); /* escaped; not a batch answer */
    peer_join();
    assert_exit(r, 2);
    assert_contains(r->err, "not a batch");
    assert_contains(peer.requests[2], "GET /pets?id=1%20x,3 HTTP/1.1\r\n");
}

#define PEER_TEST(f) cmocka_unit_test_setup_teardown(f, peer_setup, peer_teardown)

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s PATH-TO-petstore-client\n", argv[0]);
        return 2;
    }
    client_path = argv[1];
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_command_is_a_usage_error),
        cmocka_unit_test(test_help),
        cmocka_unit_test(test_usage_errors),
        cmocka_unit_test(test_connect_failed_is_a_transport_error),
        PEER_TEST(test_get_prints_the_pet),
        PEER_TEST(test_not_found),
        PEER_TEST(test_validation_errors_are_listed),
        PEER_TEST(test_created_and_deleted),
        PEER_TEST(test_exit_code_per_class),
        PEER_TEST(test_retry_after_once_then_success),
        PEER_TEST(test_retry_only_once),
        PEER_TEST(test_no_retry_beyond_max_wait),
        PEER_TEST(test_retry_n_times_then_success),
        PEER_TEST(test_retry_gives_up_after_n),
        PEER_TEST(test_no_retry_for_not_found),
        PEER_TEST(test_batch),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
