/* The runtime's JSON parser against JSONTestSuite (../shared/conformance/
 * JSONTestSuite/test_parsing, third-party data, unmodified), the way cmark
 * runs its spec: every y_ file must be accepted, every n_ file rejected
 * with a message and an offset inside the file, every i_ file may go
 * either way (sanitizer and valgrind runs cover "no crash, no leak").
 *
 * Each file is walked twice in lockstep, with a scratch buffer that is
 * always big enough and with a 16-byte one: both must see the same tokens
 * at the same offsets and end the same way, the small one holding a prefix
 * of each string. errata_json_validate must agree with the walk.
 *
 *   test_json_suite DIR
 *
 * Fails, never skips, when DIR is missing or holds fewer than 318 files. */
#include <errata/json.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SUITE_MIN_FILES 318
#define SMALL_SCRATCH 16

typedef struct outcome {
    bool accepted;
    const char *error;
    size_t offset;
    size_t tokens;
    char why[200]; /* a disagreement found on the way, "" when none */
} outcome_t;

static int failures;

static void fail(const char *name, const char *what)
{
    printf("FAIL %s: %s\n", name, what);
    failures++;
}

static bool is_string(errata_json_token_t t)
{
    return t == ERRATA_JSON_KEY || t == ERRATA_JSON_STRING;
}

/* The small parser's view of one token must match the big one's. */
static bool tokens_agree(const errata_json_parser_t *big, const errata_json_parser_t *small,
                         outcome_t *o)
{
    if (big->token != small->token || big->offset != small->offset) {
        snprintf(o->why, sizeof o->why, "small scratch: token %d at %zu, not %d at %zu",
                 (int)small->token, small->offset, (int)big->token, big->offset);
        return false;
    }
    if (is_string(big->token)) {
        bool prefix = small->text_len <= big->text_len &&
                      memcmp(small->text, big->text, small->text_len) == 0 &&
                      small->text[small->text_len] == '\0';
        if (big->truncated || !prefix || small->truncated != (small->text_len < big->text_len) ||
            small->text_len >= SMALL_SCRATCH) {
            snprintf(o->why, sizeof o->why, "string at %zu: bad text or truncation", big->offset);
            return false;
        }
    }
    if (big->token == ERRATA_JSON_ERROR &&
        (big->error != small->error || big->error_offset != small->error_offset)) {
        snprintf(o->why, sizeof o->why, "small scratch: another error");
        return false;
    }
    return true;
}

/* Reads numbers both ways, so that every number of the suite goes through
 * the converters (the sanitizers watch them; their values are tested in
 * test_json_parser.c). */
static void touch_number(const errata_json_parser_t *p)
{
    int64_t i;
    double d;
    (void)errata_json_int64(p, &i);
    (void)errata_json_double(p, &d);
}

static void walk(const char *data, size_t len, outcome_t *o)
{
    /* len + 1 bytes hold every string of the document even when all are
     * kept: a string's text and NUL never outgrow its quoted form. */
    char *big_scratch = malloc(len + 1);
    char small_scratch[SMALL_SCRATCH];
    errata_json_parser_t big, small;
    errata_json_init(&big, data, len, big_scratch, len + 1);
    errata_json_init(&small, data, len, small_scratch, sizeof small_scratch);
    memset(o, 0, sizeof *o);
    for (;;) {
        errata_json_token_t t = errata_json_next(&big);
        errata_json_next(&small);
        o->tokens++;
        if (!tokens_agree(&big, &small, o))
            break;
        if (is_string(t))
            errata_json_keep(&big);
        if (t == ERRATA_JSON_NUMBER)
            touch_number(&big);
        if (t == ERRATA_JSON_END || t == ERRATA_JSON_ERROR)
            break;
    }
    o->accepted = big.token == ERRATA_JSON_END;
    o->error = big.error;
    o->offset = big.error_offset;
    free(big_scratch);
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    rewind(f);
    /* Exactly len bytes, no NUL after them: a read past the end is a
     * sanitizer error, as it should be. */
    char *data = malloc(size > 0 ? (size_t)size : 1);
    *len = fread(data, 1, (size_t)size, f);
    fclose(f);
    return data;
}

typedef struct tally {
    int y, y_ok, n, n_ok, i, i_accepted, i_rejected;
} tally_t;

static void check_file(const char *dir, const char *name, tally_t *t)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    size_t len;
    char *data = read_file(path, &len);
    if (data == NULL) {
        fail(name, "cannot read");
        return;
    }
    outcome_t o;
    walk(data, len, &o);
    const char *verror;
    size_t voffset;
    bool vok = errata_json_validate(data, len, &verror, &voffset, NULL);
    char what[300];
    if (o.why[0] != '\0')
        fail(name, o.why);
    if (vok != o.accepted || (!vok && (verror != o.error || voffset != o.offset))) {
        snprintf(what, sizeof what, "errata_json_validate disagrees with the walk");
        fail(name, what);
    }
    if (!o.accepted && (o.error == NULL || o.offset > len))
        fail(name, "rejected without a message or with an offset outside the file");
    if (name[0] == 'y') {
        t->y++;
        if (o.accepted)
            t->y_ok++;
        else {
            snprintf(what, sizeof what, "rejected: %s at %zu", o.error, o.offset);
            fail(name, what);
        }
    } else if (name[0] == 'n') {
        t->n++;
        if (!o.accepted) {
            t->n_ok++;
            printf("n_ rejected  %s: %s at %zu\n", name, o.error, o.offset);
        } else
            fail(name, "accepted");
    } else {
        t->i++;
        /* The choices errata makes, pinned so that a change shows: numbers
         * are whatever the grammar allows (int64/double then say whether
         * they fit); lone surrogates, invalid UTF-8, other encodings, a byte
         * order mark and nesting beyond 64 are errors. */
        bool want = strncmp(name, "i_number_", 9) == 0;
        if (o.accepted != want) {
            snprintf(what, sizeof what, "errata's choice for this i_ file changed: now %s",
                     o.accepted ? "accepted" : "rejected");
            fail(name, what);
        }
        if (o.accepted) {
            t->i_accepted++;
            printf("i_ accepted  %s\n", name);
        } else {
            t->i_rejected++;
            printf("i_ rejected  %s: %s at %zu\n", name, o.error, o.offset);
        }
    }
    free(data);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : getenv("JSON_TEST_SUITE");
    DIR *d = dir != NULL ? opendir(dir) : NULL;
    if (d == NULL) {
        printf("FAIL: JSONTestSuite folder %s is missing\n", dir ? dir : "(not given)");
        printf("0 passed, 1 failed\n");
        return 1;
    }
    char *names[1024];
    size_t count = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && count < 1024) {
        if (strstr(e->d_name, ".json") != NULL && strchr("yni", e->d_name[0]) && e->d_name[1] == '_')
            names[count++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, count, sizeof names[0], by_name);
    tally_t t = { 0 };
    int files_failed = 0;
    for (size_t k = 0; k < count; k++) {
        int before = failures;
        check_file(dir, names[k], &t);
        files_failed += failures != before;
        free(names[k]);
    }
    if (count < SUITE_MIN_FILES) {
        printf("FAIL: %s holds %zu test files, expected at least %d\n", dir, count,
               SUITE_MIN_FILES);
        failures++;
    }
    printf("y_: %d/%d accepted; n_: %d/%d rejected; i_: %d (%d accepted, %d rejected)\n", t.y_ok,
           t.y, t.n_ok, t.n, t.i, t.i_accepted, t.i_rejected);
    /* files that failed, plus the folder itself when it is short */
    printf("%d passed, %d failed\n", (int)count - files_failed,
           files_failed + (count < SUITE_MIN_FILES));
    return failures == 0 ? 0 : 1;
}
