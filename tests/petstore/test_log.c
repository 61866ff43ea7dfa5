/* The petstore server's buffered log (examples/petstore/log.h): lines are
 * held back (nothing written while the buffer has room and the interval
 * has not passed), arrive on their own within the interval, arrive whole
 * and in order from many threads through many buffer swaps, a line
 * written "now" is on disk with every line before it when the call
 * returns, a long line is cut with its newline kept, and closing writes
 * everything still buffered. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <fcntl.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

#define HOUR_MS 3600000u /* an interval no test waits for */

typedef struct fixture {
    petstore_log_t log; /* 128 KiB: on the heap */
    char path[64];
    int fd;
} fixture_t;

static int setup(void **state)
{
    fixture_t *f = calloc(1, sizeof *f);
    if (f == NULL)
        return -1;
    strcpy(f->path, "/tmp/petstore-log-XXXXXX");
    f->fd = mkstemp(f->path);
    if (f->fd < 0) {
        free(f);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture_t *f = *state;
    close(f->fd);
    unlink(f->path);
    free(f);
    return 0;
}

/* The file's whole content (malloc'd, NUL-terminated); *len its size. */
static char *slurp(const fixture_t *f, size_t *len)
{
    FILE *in = fopen(f->path, "rb");
    assert_non_null(in);
    fseek(in, 0, SEEK_END);
    long n = ftell(in);
    fseek(in, 0, SEEK_SET);
    char *text = malloc((size_t)n + 1);
    assert_non_null(text);
    assert_int_equal(fread(text, 1, (size_t)n, in), (size_t)n);
    text[n] = '\0';
    fclose(in);
    if (len != NULL)
        *len = (size_t)n;
    return text;
}

static void expect_content(const fixture_t *f, const char *want)
{
    char *text = slurp(f, NULL);
    assert_string_equal(text, want);
    free(text);
}

static void test_held_back_then_written_at_close(void **state)
{
    fixture_t *f = *state;
    char want[4096] = "";
    assert_true(petstore_log_open(&f->log, f->fd, HOUR_MS));
    for (int i = 0; i < 100; i++) {
        petstore_log_line(&f->log, "GET /pets/%d 404", i);
        snprintf(want + strlen(want), sizeof want - strlen(want), "GET /pets/%d 404\n", i);
    }
    expect_content(f, ""); /* buffered: no write per line */
    petstore_log_close(&f->log);
    expect_content(f, want);
}

static void test_lines_arrive_within_the_interval(void **state)
{
    fixture_t *f = *state;
    assert_true(petstore_log_open(&f->log, f->fd, 20));
    petstore_log_line(&f->log, "one");
    petstore_log_line(&f->log, "two");
    /* No speed is asserted: the lines must come without a close, however
     * slowly a loaded machine runs the thread (up to 60 s). */
    size_t len = 0;
    for (int i = 0; i < 6000; i++) {
        free(slurp(f, &len));
        if (len == strlen("one\ntwo\n"))
            break;
        nanosleep(&(struct timespec){ 0, 10000000L }, NULL);
    }
    expect_content(f, "one\ntwo\n");
    petstore_log_close(&f->log);
    expect_content(f, "one\ntwo\n");
}

static void test_line_now_writes_what_came_before(void **state)
{
    fixture_t *f = *state;
    assert_true(petstore_log_open(&f->log, f->fd, HOUR_MS));
    petstore_log_line(&f->log, "a");
    petstore_log_line(&f->log, "b");
    petstore_log_line_now(&f->log, "500 %s", "INTERNAL_ERROR");
    expect_content(f, "a\nb\n500 INTERNAL_ERROR\n");
    petstore_log_line(&f->log, "d");
    expect_content(f, "a\nb\n500 INTERNAL_ERROR\n");
    petstore_log_close(&f->log);
    expect_content(f, "a\nb\n500 INTERNAL_ERROR\nd\n");
}

static void test_long_line_cut_with_its_newline(void **state)
{
    fixture_t *f = *state;
    static char big[5000];
    memset(big, 'x', sizeof big - 1);
    assert_true(petstore_log_open(&f->log, f->fd, HOUR_MS));
    petstore_log_line(&f->log, "%s", big);
    petstore_log_line(&f->log, "after");
    petstore_log_close(&f->log);
    size_t len;
    char *text = slurp(f, &len);
    assert_int_equal(len, PETSTORE_LOG_LINE_MAX + strlen("after\n"));
    assert_int_equal(text[PETSTORE_LOG_LINE_MAX - 1], '\n');
    assert_int_equal(strspn(text, "x"), PETSTORE_LOG_LINE_MAX - 1);
    assert_string_equal(text + PETSTORE_LOG_LINE_MAX, "after\n");
    free(text);
}

static void test_text_lines(void **state)
{
    fixture_t *f = *state;
    static char big[3000];
    memset(big, 'y', sizeof big);
    assert_true(petstore_log_open(&f->log, f->fd, HOUR_MS));
    petstore_log_text(&f->log, "GET /pets 200 - 0.012ms trace=abc", 33);
    petstore_log_text(&f->log, big, sizeof big); /* cut, its newline kept */
    petstore_log_close(&f->log);
    size_t len;
    char *text = slurp(f, &len);
    assert_int_equal(len, 34 + PETSTORE_LOG_LINE_MAX);
    assert_memory_equal(text, "GET /pets 200 - 0.012ms trace=abc\n", 34);
    assert_int_equal(strspn(text + 34, "y"), PETSTORE_LOG_LINE_MAX - 1);
    assert_int_equal(text[len - 1], '\n');
    free(text);
}

#define THREADS 4
#define PER_THREAD 20000 /* ~30 bytes a line: some 2.4 MB, dozens of buffer swaps */

typedef struct writer {
    petstore_log_t *log;
    int id;
} writer_t;

static void *write_lines(void *arg)
{
    writer_t *w = arg;
    for (int i = 0; i < PER_THREAD; i++)
        petstore_log_line(w->log, "thread %d line %d end", w->id, i);
    return NULL;
}

static void test_many_threads_lose_nothing(void **state)
{
    fixture_t *f = *state;
    pthread_t threads[THREADS];
    writer_t writers[THREADS];
    assert_true(petstore_log_open(&f->log, f->fd, HOUR_MS));
    for (int i = 0; i < THREADS; i++) {
        writers[i] = (writer_t){ &f->log, i };
        assert_int_equal(pthread_create(&threads[i], NULL, write_lines, &writers[i]), 0);
    }
    for (int i = 0; i < THREADS; i++)
        pthread_join(threads[i], NULL);
    petstore_log_close(&f->log);

    /* Every line whole, each thread's lines all there and in order. */
    int next[THREADS] = { 0 };
    size_t lines = 0;
    char *text = slurp(f, NULL);
    for (char *line = strtok(text, "\n"); line != NULL; line = strtok(NULL, "\n")) {
        int id, n, end = 0;
        if (sscanf(line, "thread %d line %d end%n", &id, &n, &end) != 2 ||
            line[end] != '\0' || id < 0 || id >= THREADS)
            fail_msg("malformed line: '%s'", line);
        if (n != next[id])
            fail_msg("thread %d: line %d where %d was due", id, n, next[id]);
        next[id]++;
        lines++;
    }
    free(text);
    assert_int_equal(lines, THREADS * PER_THREAD);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_held_back_then_written_at_close, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lines_arrive_within_the_interval, setup, teardown),
        cmocka_unit_test_setup_teardown(test_line_now_writes_what_came_before, setup, teardown),
        cmocka_unit_test_setup_teardown(test_long_line_cut_with_its_newline, setup, teardown),
        cmocka_unit_test_setup_teardown(test_text_lines, setup, teardown),
        cmocka_unit_test_setup_teardown(test_many_threads_lose_nothing, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
