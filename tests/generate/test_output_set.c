/* The all-or-nothing commit of generated files (output/output_set.c): with
 * file-system calls that fail on demand, a failed commit leaves no temporary
 * file and no new or modified output behind and says why; a good one writes
 * every file, rewrites only what changed (mtime kept otherwise) and gives the
 * files the usual mode. A file with a folder of its own (the depfile) is part
 * of the same all or nothing, and paths are joined without "//". Every test
 * works in its own real folder. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "output/output_set.h"

/* --- fake file-system calls: the real ones, except the Nth call of one */

enum op { OP_NONE, OP_OPEN_TEMP, OP_WRITE, OP_CLOSE, OP_RENAME, OP_COUNT };

static struct {
    enum op fail_op; /* which call fails */
    int fail_at;     /* on its Nth call (1-based) */
    int calls[OP_COUNT];
} fake;

static void fake_reset(enum op fail_op, int fail_at)
{
    memset(&fake, 0, sizeof fake);
    fake.fail_op = fail_op;
    fake.fail_at = fail_at;
}

/* Counts the call; true when this one must fail. */
static bool fake_fails(enum op op)
{
    return ++fake.calls[op] == fake.fail_at && fake.fail_op == op;
}

static int fake_open_temp(char *path_template)
{
    if (fake_fails(OP_OPEN_TEMP)) {
        errno = ENOSPC;
        return -1;
    }
    return output_posix_ops.open_temp(path_template);
}

/* A failing write is a short one: half the bytes really land in the file. */
static size_t fake_write(int fd, const void *data, size_t len)
{
    if (fake_fails(OP_WRITE)) {
        size_t half = output_posix_ops.write(fd, data, len / 2);
        errno = ENOSPC;
        return half;
    }
    return output_posix_ops.write(fd, data, len);
}

/* A failing close still releases the descriptor, as close(2) does on EIO. */
static int fake_close(int fd)
{
    int r = output_posix_ops.close(fd);
    if (fake_fails(OP_CLOSE)) {
        errno = EIO;
        return -1;
    }
    return r;
}

static int fake_rename(const char *from, const char *to)
{
    if (fake_fails(OP_RENAME)) {
        errno = EXDEV;
        return -1;
    }
    return output_posix_ops.rename(from, to);
}

static const struct output_ops fake_ops = {
    fake_open_temp, fake_write, fake_close, fake_rename, unlink,
};

/* --- a scratch folder per test */

struct fixture {
    char dir[64];
    char *err_buf;
    size_t err_len;
    FILE *err;
};

static int setup(void **state)
{
    struct fixture *fx = calloc(1, sizeof *fx);
    if (fx == NULL)
        return -1;
    strcpy(fx->dir, "/tmp/errata-output-set-XXXXXX");
    if (mkdtemp(fx->dir) == NULL)
        return -1;
    fx->err = open_memstream(&fx->err_buf, &fx->err_len);
    *state = fx;
    fake_reset(OP_NONE, 0);
    return fx->err ? 0 : -1;
}

/* Removes dir and everything in it. */
static void remove_tree(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    while (d && (de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) {
            char path[512];
            snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
            struct stat st;
            if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
                remove_tree(path);
            else
                unlink(path);
        }
    }
    if (d)
        closedir(d);
    rmdir(dir);
}

static int teardown(void **state)
{
    struct fixture *fx = *state;
    remove_tree(fx->dir);
    fclose(fx->err);
    free(fx->err_buf);
    free(fx);
    return 0;
}

static const char *messages(struct fixture *fx)
{
    fflush(fx->err);
    return fx->err_buf ? fx->err_buf : "";
}

static char *path_in(struct fixture *fx, const char *name)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", fx->dir, name);
    return path;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The folder's entries, sorted, joined by spaces: "a.h b.h". */
static char *listing_of(const char *dir)
{
    char *names[64];
    size_t n = 0;
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..") && n < 64)
            names[n++] = strdup(de->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof names[0], cmp_str);
    static char out[2048];
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (i)
            strcat(out, " ");
        strncat(out, names[i], sizeof out - strlen(out) - 2);
        free(names[i]);
    }
    return out;
}

static char *listing(struct fixture *fx)
{
    return listing_of(fx->dir);
}

static void write_file(struct fixture *fx, const char *name, const char *text)
{
    FILE *f = fopen(path_in(fx, name), "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
    assert_int_equal(fclose(f), 0);
}

/* The file's bytes, NUL-terminated; NULL when it does not exist. */
static char *read_file(struct fixture *fx, const char *name, size_t *len)
{
    FILE *f = fopen(path_in(fx, name), "rb");
    if (f == NULL)
        return NULL;
    size_t cap = 1 << 20, n = 0;
    char *buf = malloc(cap + 1);
    assert_non_null(buf);
    n = fread(buf, 1, cap, f);
    fclose(f);
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

static void assert_file(struct fixture *fx, const char *name, const char *text)
{
    char *got = read_file(fx, name, NULL);
    assert_non_null(got);
    assert_string_equal(got, text);
    free(got);
}

/* Backdates a file so that a rewrite would show in its mtime. */
static const time_t OLD = 1000000000; /* 2001-09-09 */

static void backdate(struct fixture *fx, const char *name)
{
    struct timespec ts[2] = { { OLD, 0 }, { OLD, 0 } };
    assert_int_equal(utimensat(AT_FDCWD, path_in(fx, name), ts, 0), 0);
}

static time_t mtime_of(struct fixture *fx, const char *name)
{
    struct stat st;
    assert_int_equal(stat(path_in(fx, name), &st), 0);
    return st.st_mtime;
}

static void add(struct output_set *set, const char *name, const char *text)
{
    output_set_add(set, name, strdup(text), strlen(text));
}

static void add_path(struct output_set *set, const char *path, const char *text)
{
    output_set_add_path(set, path, strdup(text), strlen(text));
}

/* The set every failure test commits: the first file exists beforehand with
 * other content, the other two are new. */
static void three_files(struct fixture *fx, struct output_set *set)
{
    output_set_init(set);
    add(set, "a.h", "new a\n");
    add(set, "b.c", "new b\n");
    add(set, "c.md", "new c\n");
    write_file(fx, "a.h", "old a\n");
    backdate(fx, "a.h");
    write_file(fx, "keep.txt", "unrelated\n");
}

/* After a failure before the renames: as if nothing had been tried. */
static void assert_untouched(struct fixture *fx)
{
    assert_string_equal(listing(fx), "a.h keep.txt");
    assert_file(fx, "a.h", "old a\n");
    assert_int_equal(mtime_of(fx, "a.h"), OLD);
    assert_file(fx, "keep.txt", "unrelated\n");
}

static void fail_and_check(void **state, enum op op, int at, const char *message)
{
    struct fixture *fx = *state;
    struct output_set set;
    three_files(fx, &set);
    fake_reset(op, at);
    struct output_result result;
    assert_false(output_set_commit(&set, fx->dir, &fake_ops, fx->err, &result));
    assert_non_null(strstr(messages(fx), "errata: "));
    assert_non_null(strstr(messages(fx), message));
    assert_untouched(fx);
    assert_int_equal(fake.calls[OP_RENAME], 0);
    output_set_release(&set);
}

static void test_open_temp_fails_first(void **state)
{
    fail_and_check(state, OP_OPEN_TEMP, 1, "cannot create a file in");
}

static void test_open_temp_fails_later(void **state)
{
    fail_and_check(state, OP_OPEN_TEMP, 3, "No space left on device");
}

static void test_write_short_first(void **state)
{
    fail_and_check(state, OP_WRITE, 1, "cannot write '");
}

static void test_write_short_later(void **state)
{
    fail_and_check(state, OP_WRITE, 2, "b.c': No space left on device");
}

static void test_close_fails(void **state)
{
    fail_and_check(state, OP_CLOSE, 1, "a.h': Input/output error");
}

static void test_close_fails_last(void **state)
{
    fail_and_check(state, OP_CLOSE, 3, "c.md': Input/output error");
}

static void test_rename_fails_first(void **state)
{
    struct fixture *fx = *state;
    struct output_set set;
    three_files(fx, &set);
    fake_reset(OP_RENAME, 1);
    struct output_result result;
    assert_false(output_set_commit(&set, fx->dir, &fake_ops, fx->err, &result));
    assert_non_null(strstr(messages(fx), "errata: cannot rename '"));
    assert_non_null(strstr(messages(fx), "Invalid cross-device link"));
    assert_untouched(fx);
    output_set_release(&set);
}

/* A rename that fails after others succeeded cannot undo them (the header
 * says so); what it must still do is remove every temporary and leave the
 * files it did not reach alone. */
static void test_rename_fails_later(void **state)
{
    struct fixture *fx = *state;
    struct output_set set;
    three_files(fx, &set);
    fake_reset(OP_RENAME, 2);
    struct output_result result;
    assert_false(output_set_commit(&set, fx->dir, &fake_ops, fx->err, &result));
    assert_non_null(strstr(messages(fx), "errata: cannot rename '"));
    assert_string_equal(listing(fx), "a.h keep.txt");
    assert_file(fx, "a.h", "new a\n");
    output_set_release(&set);
}

/* No file at all is opened for a folder that does not exist. */
static void test_missing_folder(void **state)
{
    struct fixture *fx = *state;
    struct output_set set;
    output_set_init(&set);
    add(&set, "a.h", "x");
    struct output_result result;
    assert_false(output_set_commit(&set, path_in(fx, "nope"), &output_posix_ops, fx->err,
                                   &result));
    assert_non_null(strstr(messages(fx), "errata: cannot create a file in '"));
    assert_non_null(strstr(messages(fx), "No such file or directory"));
    assert_string_equal(listing(fx), "");
    output_set_release(&set);
}

/* --- success */

static void test_writes_every_file(void **state)
{
    struct fixture *fx = *state;
    struct output_set set;
    output_set_init(&set);
    add(&set, "x.h", "#pragma once\n");
    add(&set, "x.c", "int x;\n");
    output_set_add(&set, "empty.txt", calloc(1, 1), 0);
    struct output_result result;
    assert_true(output_set_commit(&set, fx->dir, &fake_ops, fx->err, &result));
    assert_int_equal(result.written, 3);
    assert_int_equal(result.unchanged, 0);
    assert_int_equal(fake.calls[OP_RENAME], 3);
    assert_string_equal(listing(fx), "empty.txt x.c x.h");
    assert_file(fx, "x.h", "#pragma once\n");
    assert_file(fx, "x.c", "int x;\n");
    assert_file(fx, "empty.txt", "");
    assert_string_equal(messages(fx), "");
    output_set_release(&set);
}

static void test_empty_set(void **state)
{
    struct fixture *fx = *state;
    struct output_set set;
    output_set_init(&set);
    struct output_result result;
    assert_true(output_set_commit(&set, fx->dir, &fake_ops, fx->err, &result));
    assert_int_equal(result.written + result.unchanged, 0);
    assert_string_equal(listing(fx), "");
    output_set_release(&set);
}

static void commit_ok(struct fixture *fx, struct output_set *set, struct output_result *result)
{
    fake_reset(OP_NONE, 0);
    assert_true(output_set_commit(set, fx->dir, &fake_ops, fx->err, result));
}

static void test_unchanged_not_rewritten(void **state)
{
    struct fixture *fx = *state;
    struct output_set set;
    output_set_init(&set);
    add(&set, "a.h", "same a\n");
    add(&set, "b.c", "same b\n");
    struct output_result result;
    commit_ok(fx, &set, &result);
    assert_int_equal(result.written, 2);
    backdate(fx, "a.h");
    backdate(fx, "b.c");
    commit_ok(fx, &set, &result);
    assert_int_equal(result.written, 0);
    assert_int_equal(result.unchanged, 2);
    assert_int_equal(fake.calls[OP_OPEN_TEMP], 0);
    assert_int_equal(fake.calls[OP_RENAME], 0);
    assert_int_equal(mtime_of(fx, "a.h"), OLD);
    assert_int_equal(mtime_of(fx, "b.c"), OLD);
    assert_string_equal(listing(fx), "a.h b.c");
    output_set_release(&set);
}

/* Only the file whose bytes differ is replaced; content that is a prefix or
 * an extension of the old one counts as different. */
static void test_only_changed_rewritten(void **state)
{
    struct fixture *fx = *state;
    write_file(fx, "a.h", "same\n");
    write_file(fx, "longer.h", "abc");
    write_file(fx, "shorter.h", "abcdef");
    write_file(fx, "to-empty.h", "x");
    const char *names[] = { "a.h", "longer.h", "shorter.h", "to-empty.h" };
    for (size_t i = 0; i < 4; i++)
        backdate(fx, names[i]);
    struct output_set set;
    output_set_init(&set);
    add(&set, "a.h", "same\n");
    add(&set, "longer.h", "abcdef");
    add(&set, "shorter.h", "abc");
    output_set_add(&set, "to-empty.h", calloc(1, 1), 0);
    struct output_result result;
    commit_ok(fx, &set, &result);
    assert_int_equal(result.unchanged, 1);
    assert_int_equal(result.written, 3);
    assert_int_equal(fake.calls[OP_RENAME], 3);
    assert_int_equal(mtime_of(fx, "a.h"), OLD);
    assert_true(mtime_of(fx, "longer.h") != OLD);
    assert_file(fx, "longer.h", "abcdef");
    assert_file(fx, "shorter.h", "abc");
    assert_file(fx, "to-empty.h", "");
    output_set_release(&set);
}

/* Content longer than the comparison buffer: equal is equal, and a change in
 * the very last byte is still seen. */
static void test_large_file_compare(void **state)
{
    struct fixture *fx = *state;
    size_t len = 200001;
    char *big = malloc(len);
    assert_non_null(big);
    for (size_t i = 0; i < len; i++)
        big[i] = (char)('a' + i % 26);
    struct output_set set;
    output_set_init(&set);
    output_set_add(&set, "big.txt", big, len);
    struct output_result result;
    commit_ok(fx, &set, &result);
    backdate(fx, "big.txt");
    commit_ok(fx, &set, &result);
    assert_int_equal(result.unchanged, 1);
    assert_int_equal(mtime_of(fx, "big.txt"), OLD);
    big[len - 1] = '!';
    commit_ok(fx, &set, &result);
    assert_int_equal(result.written, 1);
    size_t got_len;
    char *got = read_file(fx, "big.txt", &got_len);
    assert_int_equal(got_len, len);
    assert_memory_equal(got, big, len);
    free(got);
    output_set_release(&set);
}

static mode_t mode_with_umask(struct fixture *fx, mode_t mask, const char *name)
{
    mode_t saved = umask(mask);
    struct output_set set;
    output_set_init(&set);
    add(&set, name, "mode\n");
    struct output_result result;
    bool ok = output_set_commit(&set, fx->dir, &output_posix_ops, fx->err, &result);
    umask(saved);
    assert_true(ok);
    output_set_release(&set);
    struct stat st;
    assert_int_equal(stat(path_in(fx, name), &st), 0);
    return st.st_mode & 07777;
}

/* mkstemp makes 0600 files; generated files are 0666 less the umask. */
static void test_file_mode(void **state)
{
    struct fixture *fx = *state;
    assert_int_equal(mode_with_umask(fx, 022, "m022"), 0644);
    assert_int_equal(mode_with_umask(fx, 002, "m002"), 0664);
    assert_int_equal(mode_with_umask(fx, 077, "m077"), 0600);
}

/* --- a file in a folder of its own (the depfile): one all or nothing */

/* The set of three_files plus "deps/NAME" (its folder made when make_deps). */
static void with_depfile(struct fixture *fx, struct output_set *set, const char *name,
                         bool make_deps)
{
    three_files(fx, set);
    if (make_deps)
        assert_int_equal(mkdir(path_in(fx, "deps"), 0777), 0);
    char path[512];
    snprintf(path, sizeof path, "%s/deps/%s", fx->dir, name);
    add_path(set, path, "out: in\n");
}

static void test_other_folder_written(void **state)
{
    struct fixture *fx = *state;
    struct output_set set;
    with_depfile(fx, &set, "x.d", true);
    struct output_result result;
    commit_ok(fx, &set, &result);
    assert_int_equal(result.written, 4);
    assert_string_equal(listing(fx), "a.h b.c c.md deps keep.txt");
    assert_string_equal(listing_of(path_in(fx, "deps")), "x.d");
    assert_file(fx, "deps/x.d", "out: in\n");
    assert_file(fx, "a.h", "new a\n");
    output_set_release(&set);
}

/* The bug this guards: a depfile whose folder does not exist used to fail
 * after the outputs were in place. */
static void test_other_folder_missing(void **state)
{
    struct fixture *fx = *state;
    struct output_set set;
    with_depfile(fx, &set, "x.d", false);
    fake_reset(OP_NONE, 0);
    struct output_result result;
    assert_false(output_set_commit(&set, fx->dir, &fake_ops, fx->err, &result));
    assert_non_null(strstr(messages(fx), "errata: cannot create a file in '"));
    assert_non_null(strstr(messages(fx), "/deps': No such file or directory"));
    assert_int_equal(fake.calls[OP_RENAME], 0);
    assert_untouched(fx);
    output_set_release(&set);
}

static void test_other_folder_write_fails(void **state)
{
    struct fixture *fx = *state;
    struct output_set set;
    with_depfile(fx, &set, "x.d", true);
    fake_reset(OP_WRITE, 4);
    struct output_result result;
    assert_false(output_set_commit(&set, fx->dir, &fake_ops, fx->err, &result));
    assert_non_null(strstr(messages(fx), "deps/x.d': No space left on device"));
    assert_int_equal(fake.calls[OP_RENAME], 0);
    assert_string_equal(listing(fx), "a.h deps keep.txt");
    assert_string_equal(listing_of(path_in(fx, "deps")), "");
    assert_file(fx, "a.h", "old a\n");
    output_set_release(&set);
}

/* A folder where the file should go is refused before any rename. */
static void test_target_is_folder(void **state)
{
    struct fixture *fx = *state;
    struct output_set set;
    with_depfile(fx, &set, "x.d", true);
    assert_int_equal(mkdir(path_in(fx, "deps/x.d"), 0777), 0);
    fake_reset(OP_NONE, 0);
    struct output_result result;
    assert_false(output_set_commit(&set, fx->dir, &fake_ops, fx->err, &result));
    assert_non_null(strstr(messages(fx), "/deps/x.d': it is a folder"));
    assert_int_equal(fake.calls[OP_RENAME], 0);
    assert_string_equal(listing(fx), "a.h deps keep.txt");
    assert_string_equal(listing_of(path_in(fx, "deps")), "x.d");
    assert_file(fx, "a.h", "old a\n");
    output_set_release(&set);
}

/* The last file's rename fails: the depfile goes last, so when it cannot be
 * renamed every other output is already in place, never the reverse (a
 * depfile naming outputs that were not written). */
static void test_renames_in_order(void **state)
{
    struct fixture *fx = *state;
    struct output_set set;
    with_depfile(fx, &set, "x.d", true);
    fake_reset(OP_RENAME, 4);
    struct output_result result;
    assert_false(output_set_commit(&set, fx->dir, &fake_ops, fx->err, &result));
    assert_string_equal(listing_of(path_in(fx, "deps")), "");
    assert_file(fx, "c.md", "new c\n");
    output_set_release(&set);
}

/* Joined and cleaned paths: no "//", no "." segment, no trailing '/'. */
static void test_path_clean(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        { "out/pets_errors.c", "out/pets_errors.c" },
        { "out//pets_errors.c", "out/pets_errors.c" },
        { "out///x//y", "out/x/y" },
        { "out/", "out" },
        { "./out/./x", "out/x" },
        { "./x", "x" },
        { ".", "." },
        { "./", "." },
        { "", "." },
        { "/", "/" },
        { "//", "/" },
        { "//usr//x", "/usr/x" },
        { "/./x/.", "/x" },
        { "../x/../y", "../x/../y" },
        { "a.d", "a.d" },
        { ".hidden/.x.d", ".hidden/.x.d" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = output_path_clean(cases[i][0]);
        assert_string_equal(got, cases[i][1]);
        free(got);
    }
    static const char *const joins[][3] = {
        { "out/", "pets_errors.c", "out/pets_errors.c" },
        { "out", "pets_errors.c", "out/pets_errors.c" },
        { "out//", "pets_errors.c", "out/pets_errors.c" },
        { ".", "pets_errors.c", "pets_errors.c" },
        { "/", "x", "/x" },
        { "/tmp/a/", ".x.XXXXXX", "/tmp/a/.x.XXXXXX" },
    };
    for (size_t i = 0; i < sizeof joins / sizeof joins[0]; i++) {
        char *got = output_path_join(joins[i][0], joins[i][1]);
        assert_string_equal(got, joins[i][2]);
        free(got);
    }
}

/* add_path splits a path into its folder and name. */
static void test_add_path_split(void **state)
{
    (void)state;
    static const char *const cases[][3] = {
        { "deps/x.d", "deps", "x.d" },
        { "deps//x.d", "deps", "x.d" },
        { "x.d", ".", "x.d" },
        { "./x.d", ".", "x.d" },
        { "/x.d", "/", "x.d" },
        { "/a/b/x.d", "/a/b", "x.d" },
    };
    struct output_set set;
    output_set_init(&set);
    size_t n = sizeof cases / sizeof cases[0];
    for (size_t i = 0; i < n; i++)
        add_path(&set, cases[i][0], "");
    assert_int_equal(set.count, n);
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(set.files[i].dir, cases[i][1]);
        assert_string_equal(set.files[i].name, cases[i][2]);
    }
    output_set_release(&set);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_open_temp_fails_first),
        T(test_open_temp_fails_later),
        T(test_write_short_first),
        T(test_write_short_later),
        T(test_close_fails),
        T(test_close_fails_last),
        T(test_rename_fails_first),
        T(test_rename_fails_later),
        T(test_missing_folder),
        T(test_writes_every_file),
        T(test_empty_set),
        T(test_unchanged_not_rewritten),
        T(test_only_changed_rewritten),
        T(test_large_file_compare),
        T(test_file_mode),
        T(test_other_folder_written),
        T(test_other_folder_missing),
        T(test_other_folder_write_fails),
        T(test_target_is_folder),
        T(test_renames_in_order),
        cmocka_unit_test(test_path_clean),
        cmocka_unit_test(test_add_path_split),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
