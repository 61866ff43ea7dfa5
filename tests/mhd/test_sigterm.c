/* petstore-server on SIGTERM drains (errata_mhd_stop): a request whose body
 * is still arriving when the signal comes is finished and answered, new
 * connections are refused meanwhile, and the server then exits 0. Raw
 * sockets on loopback; every wait is bounded, none is asserted on.
 * Usage: mhd-test_sigterm PETSTORE_SERVER */
#include "mt.h"

#include <curl/curl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define WAIT_MS 5000 /* a bound on each wait, never an expected time */

extern char **environ;

static const char *server_path;

static uint64_t now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000u + (uint64_t)t.tv_nsec / 1000000u;
}

/* Starts the server on a free port; its port from the line it prints. */
static pid_t spawn_server(uint16_t *port)
{
    int out[2];
    assert_int_equal(pipe(out), 0);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    posix_spawn_file_actions_addclose(&fa, out[0]);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", 0, 0); /* the access log */
    char *argv[] = { (char *)server_path, "--port", "0", "--threads", "2", NULL };
    pid_t pid;
    assert_int_equal(posix_spawn(&pid, server_path, &fa, NULL, argv, environ), 0);
    posix_spawn_file_actions_destroy(&fa);
    close(out[1]);
    FILE *f = fdopen(out[0], "r");
    char line[256];
    unsigned p = 0;
    if (f == NULL || fgets(line, sizeof line, f) == NULL ||
        sscanf(line, "listening on http://127.0.0.1:%u/", &p) != 1 || p == 0 || p > 65535)
        fail_msg("petstore-server did not start");
    fclose(f);
    *port = (uint16_t)p;
    return pid;
}

static bool refused_soon(uint16_t port)
{
    for (uint64_t until = now_ms() + WAIT_MS; now_ms() < until;) {
        int fd = mt_raw_try_connect(port);
        if (fd < 0)
            return true;
        close(fd);
        nanosleep(&(struct timespec){ 0, 10000000 }, NULL);
    }
    return false;
}

/* The exit status, or -1 when the process has not ended within the bound
 * (it is then killed). */
static int exit_status(pid_t pid)
{
    int st;
    for (uint64_t until = now_ms() + WAIT_MS; now_ms() < until;) {
        if (waitpid(pid, &st, WNOHANG) == pid)
            return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
        nanosleep(&(struct timespec){ 0, 10000000 }, NULL);
    }
    kill(pid, SIGKILL);
    waitpid(pid, &st, 0);
    return -1;
}

static void test_sigterm_finishes_upload(void **state)
{
    (void)state;
    static const char body[] = "{\"name\":\"Rex\",\"species\":\"dog\"}";
    char head[512];
    int n = snprintf(head, sizeof head,
                     "POST /pets HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer writer-token\r\n"
                     "Content-Type: application/json\r\nContent-Length: %zu\r\n"
                     "Expect: 100-continue\r\n\r\n",
                     sizeof body - 1);
    uint16_t port;
    pid_t pid = spawn_server(&port);
    int fd = mt_raw_connect(port);
    mt_response_t r;
    assert_true(mt_raw_send(fd, head, (size_t)n));
    assert_true(mt_raw_response(fd, &r, WAIT_MS));
    assert_int_equal(r.status, 100); /* the request is under way, its body to come */

    assert_int_equal(kill(pid, SIGTERM), 0);
    assert_true(refused_soon(port));
    assert_true(mt_raw_send(fd, body, sizeof body - 1));
    bool answered = mt_raw_response(fd, &r, WAIT_MS);
    close(fd);
    int status = exit_status(pid);
    if (!answered)
        fail_msg("the upload under way was cut by SIGTERM");
    char buf[64];
    assert_int_equal(r.status, 201);
    assert_string_equal(mt_header(&r, "Connection", 0, buf, sizeof buf), "close");
    assert_int_equal(status, 0);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s PETSTORE_SERVER\n", argv[0]);
        return 2;
    }
    server_path = argv[1];
    signal(SIGPIPE, SIG_IGN);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sigterm_finishes_upload),
    };
    curl_global_init(CURL_GLOBAL_DEFAULT);
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    curl_global_cleanup();
    return failed;
}
