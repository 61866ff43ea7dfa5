/* Shared helpers for the cmocka unit tests: capturing diagnostics in memory
 * and asserting "FILE:LINE:COL: kind: fragment" lines in them. */
#ifndef ERRATA_TESTS_UNIT_H
#define ERRATA_TESTS_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "support/diag.h"
#include "support/strbuf.h"

/* Resources a test holds, released by unit_teardown after every test, also
 * when a failed assertion jumps out of the test before its own cleanup (so
 * sanitizer and valgrind runs report the code's leaks, not the tests'). */
typedef void (*unit_release_fn)(void *);

struct unit_held {
    unit_release_fn fn[256];
    void *p[256];
    size_t count;
};

static inline struct unit_held *unit_held(void)
{
    static struct unit_held held;
    return &held;
}

static inline void unit_hold(unit_release_fn fn, void *p)
{
    struct unit_held *h = unit_held();
    assert_true(h->count < 256);
    h->fn[h->count] = fn;
    h->p[h->count] = p;
    h->count++;
}

static inline int unit_teardown(void **state)
{
    (void)state;
    struct unit_held *h = unit_held();
    while (h->count > 0) {
        h->count--;
        h->fn[h->count](h->p[h->count]);
    }
    return 0;
}

#define UNIT_TEST(f) cmocka_unit_test_teardown(f, unit_teardown)

/* Heap memory released by unit_teardown. */
static inline void *unit_malloc(size_t n)
{
    void *p = malloc(n);
    assert_non_null(p);
    unit_hold(free, p);
    return p;
}

static inline char *unit_copy(const char *s)
{
    char *p = unit_malloc(strlen(s) + 1);
    memcpy(p, s, strlen(s) + 1);
    return p;
}

/* The text built in sb, as a copy released by unit_teardown; sb is released. */
static inline char *unit_text(struct strbuf *sb)
{
    char *p = unit_copy(strbuf_str(sb));
    strbuf_release(sb);
    return p;
}

/* A diagnostics sink writing into memory (open_memstream). */
struct capture {
    FILE *f;
    char *buf;
    size_t len;
    struct diag d;
};

static inline void capture_open(struct capture *c, bool werror)
{
    c->buf = NULL;
    c->len = 0;
    c->f = open_memstream(&c->buf, &c->len);
    assert_non_null(c->f);
    diag_init(&c->d, c->f, werror);
}

static inline const char *capture_text(struct capture *c)
{
    fflush(c->f);
    return c->buf ? c->buf : "";
}

static inline void capture_close(struct capture *c)
{
    fclose(c->f);
    free(c->buf);
    c->buf = NULL;
}

/* True when some line of `text` starts with `prefix` and contains
 * `fragment` after it. */
static inline bool has_line(const char *text, const char *prefix, const char *fragment)
{
    size_t plen = strlen(prefix);
    for (const char *line = text; *line;) {
        const char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        if (len >= plen && memcmp(line, prefix, plen) == 0) {
            const char *rest = line + plen;
            size_t rest_len = len - plen, flen = strlen(fragment);
            for (size_t i = 0; i + flen <= rest_len; i++) {
                if (memcmp(rest + i, fragment, flen) == 0)
                    return true;
            }
        }
        if (nl == NULL)
            break;
        line = nl + 1;
    }
    return false;
}

/* Asserts a diagnostic line and prints everything captured when it is
 * missing, so a failure shows what was reported instead. */
#define assert_diag(text, prefix, fragment)                                                      \
    do {                                                                                         \
        const char *text_ = (text);                                                              \
        if (!has_line(text_, (prefix), (fragment))) {                                            \
            print_error("expected a line starting '%s' containing '%s'; got:\n%s\n", (prefix),   \
                        (fragment), text_);                                                      \
            fail();                                                                              \
        }                                                                                        \
    } while (0)

#endif
