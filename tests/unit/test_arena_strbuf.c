/* The run's memory: arena, growable string buffer, string map, and the
 * source/diagnostics helpers built on them. */
#include "unit.h"

#include <stdalign.h>

#include "support/arena.h"
#include "support/source.h"
#include "support/strbuf.h"
#include "support/strmap.h"

static void test_arena_alignment_and_zeroing(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a);
    for (size_t size = 0; size < 300; size++) {
        unsigned char *p = arena_alloc(&a, size);
        assert_non_null(p);
        assert_int_equal((uintptr_t)p % alignof(max_align_t), 0);
        for (size_t i = 0; i < size; i++)
            assert_int_equal(p[i], 0);
        memset(p, 0xAB, size); /* writable, and the next block must not see it */
    }
    /* Zero-size allocations still return distinct pointers. */
    void *z1 = arena_alloc(&a, 0), *z2 = arena_alloc(&a, 0);
    assert_ptr_not_equal(z1, z2);
    /* Arrays of doubles and long doubles are usable at any count. */
    long double *ld = arena_alloc_array(&a, 7, sizeof *ld);
    assert_int_equal((uintptr_t)ld % alignof(long double), 0);
    for (int i = 0; i < 7; i++)
        ld[i] = i * 0.5L;
    assert_true(ld[6] == 3.0L);
    arena_finish(&a);
    /* finish leaves the arena ready for reuse. */
    assert_null(a.head);
    assert_non_null(arena_alloc(&a, 8));
    arena_finish(&a);
}

static void test_arena_many_blocks(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a);
    /* 10 MiB in small pieces spans many blocks; every piece keeps its bytes. */
    enum { N = 40000, SIZE = 250 };
    unsigned char **ptrs = malloc(N * sizeof *ptrs);
    for (size_t i = 0; i < N; i++) {
        ptrs[i] = arena_alloc(&a, SIZE);
        memset(ptrs[i], (int)(i & 0xFF), SIZE);
    }
    for (size_t i = 0; i < N; i++) {
        assert_int_equal(ptrs[i][0], i & 0xFF);
        assert_int_equal(ptrs[i][SIZE - 1], i & 0xFF);
    }
    free(ptrs);
    arena_finish(&a);
}

static void test_arena_large(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a);
    /* A large request as the very first allocation. */
    unsigned char *big0 = arena_alloc(&a, 100000);
    assert_int_equal((uintptr_t)big0 % alignof(max_align_t), 0);
    assert_int_equal(big0[99999], 0);
    memset(big0, 1, 100000);
    /* Then small ones, a large one in between, and small ones again: the
     * head's free space is not thrown away by the large one. */
    char *s1 = arena_alloc(&a, 16);
    unsigned char *big = arena_alloc(&a, 5u * 1024 * 1024);
    for (size_t i = 0; i < 5u * 1024 * 1024; i += 4096)
        assert_int_equal(big[i], 0);
    memset(big, 2, 5u * 1024 * 1024);
    char *s2 = arena_alloc(&a, 16);
    assert_ptr_equal(s2, s1 + 16);
    /* Exactly at the dedicated-block threshold and just above it. */
    unsigned char *t1 = arena_alloc(&a, 16384), *t2 = arena_alloc(&a, 16385);
    memset(t1, 3, 16384);
    memset(t2, 4, 16385);
    assert_int_equal(big0[0], 1);
    assert_int_equal(big[5u * 1024 * 1024 - 1], 2);
    /* 64 MiB in one piece. */
    unsigned char *huge = arena_alloc(&a, 64u * 1024 * 1024);
    huge[64u * 1024 * 1024 - 1] = 9;
    arena_finish(&a);
}

static void test_arena_strings(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a);
    char *s = arena_strdup(&a, "hello");
    assert_string_equal(s, "hello");
    char *n = arena_strndup(&a, "abc\0def", 7);
    assert_memory_equal(n, "abc\0def", 8);
    assert_string_equal(arena_strndup(&a, "xyz", 0), "");
    assert_string_equal(arena_strndup(&a, "xyz", 2), "xy");
    assert_string_equal(arena_printf(&a, "%s-%d-%c", "a", 42, 'z'), "a-42-z");
    assert_string_equal(arena_printf(&a, "%s", ""), "");
    /* A formatted string longer than any block. */
    char *long_s = arena_printf(&a, "%100000d", 7);
    assert_int_equal(strlen(long_s), 100000);
    assert_int_equal(long_s[99999], '7');
    arena_finish(&a);
}

static void test_arena_grow(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a);
    int *items = NULL;
    size_t cap = 0, count = 0;
    for (int i = 0; i < 100000; i++) {
        items = arena_grow(&a, items, &cap, count + 1, sizeof *items);
        assert_true(cap >= count + 1);
        items[count++] = i;
    }
    for (int i = 0; i < 100000; i++)
        assert_int_equal(items[i], i);
    /* Doubling: never more than twice what was asked for. */
    assert_true(cap >= 100000 && cap < 200000);
    /* Enough room: the same storage comes back. */
    size_t before = cap;
    int *same = arena_grow(&a, items, &cap, 50, sizeof *items);
    assert_ptr_equal(same, items);
    assert_int_equal(cap, before);

    size_t cap2 = 0;
    int *first = arena_grow(&a, NULL, &cap2, 1, sizeof(int));
    assert_non_null(first);
    assert_true(cap2 >= 1);
    first[cap2 - 1] = 1;
    size_t cap3 = 0;
    char *jump = arena_grow(&a, NULL, &cap3, 1000, 1);
    assert_true(cap3 >= 1000 && cap3 < 2000);
    memset(jump, 'x', cap3);
    arena_finish(&a);
}

/* arena_grow_reusing: what an array outgrows is handed to the next array
 * growing to that size, zeroed, with the first array's items intact. */
static void test_arena_grow_reusing(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a);
    long *first = NULL, *outgrown = NULL;
    size_t cap1 = 0;
    for (long i = 0; i < 5; i++) {
        first = arena_grow_reusing(&a, first, &cap1, (size_t)i + 1, sizeof *first);
        if (i == 0)
            outgrown = first;
        first[i] = i + 100;
    }
    assert_int_equal(cap1, 8); /* 4, then 8: the 4 went spare */
    for (long i = 0; i < 5; i++)
        assert_int_equal(first[i], i + 100);
    long *second = NULL;
    size_t cap2 = 0;
    second = arena_grow_reusing(&a, second, &cap2, 1, sizeof *second);
    assert_int_equal(cap2, 4);
    assert_ptr_equal(second, outgrown);
    for (size_t i = 0; i < cap2; i++)
        assert_int_equal(second[i], 0); /* the spare, zeroed */
    second[0] = 7;
    /* Growing the second to 8 takes fresh room: first still holds its 8. */
    for (long i = 1; i < 6; i++) {
        second = arena_grow_reusing(&a, second, &cap2, (size_t)i + 1, sizeof *second);
        second[i] = 7 + i;
    }
    assert_ptr_not_equal(second, first);
    for (long i = 0; i < 5; i++)
        assert_int_equal(first[i], i + 100);
    for (long i = 0; i < 6; i++)
        assert_int_equal(second[i], 7 + i);
    /* Many arrays grown together keep their own items. */
    enum { ARRAYS = 200, ITEMS = 70 };
    long *arrays[ARRAYS] = { NULL };
    size_t caps[ARRAYS] = { 0 };
    for (long n = 0; n < ITEMS; n++)
        for (long k = 0; k < ARRAYS; k++) {
            arrays[k] = arena_grow_reusing(&a, arrays[k], &caps[k], (size_t)n + 1,
                                           sizeof *arrays[k]);
            arrays[k][n] = k * 1000 + n;
        }
    for (long k = 0; k < ARRAYS; k++)
        for (long n = 0; n < ITEMS; n++)
            assert_int_equal(arrays[k][n], k * 1000 + n);
    arena_finish(&a);
}

/* arena_printf joins %s-only formats itself: the same text as printf's. */
static void test_arena_printf_strings(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a);
    assert_string_equal(arena_printf(&a, "%s_%s_t", "pets", "not_found"), "pets_not_found_t");
    assert_string_equal(arena_printf(&a, "%s", ""), "");
    assert_string_equal(arena_printf(&a, "plain"), "plain");
    assert_string_equal(arena_printf(&a, "%s%s%s.", "a", "", "c"), "ac.");
    /* Anything else still goes through printf. */
    assert_string_equal(arena_printf(&a, "%s=%d%%", "x", 5), "x=5%");
    assert_string_equal(arena_printf(&a, "%5s|", "ab"), "   ab|");
    arena_finish(&a);
}

static void test_strbuf_growth(void **state)
{
    (void)state;
    struct strbuf sb = STRBUF_INIT;
    assert_string_equal(strbuf_str(&sb), "");
    for (int i = 0; i < 1000000; i++)
        strbuf_addc(&sb, (char)('a' + i % 26));
    assert_int_equal(sb.len, 1000000);
    assert_true(sb.cap > sb.len);
    assert_int_equal(sb.data[sb.len], '\0');
    assert_int_equal(sb.data[999999], 'a' + 999999 % 26);
    strbuf_reset(&sb);
    assert_int_equal(sb.len, 0);
    assert_string_equal(strbuf_str(&sb), "");
    strbuf_adds(&sb, "x=");
    strbuf_addf(&sb, "%d,%s", 12, "y");
    strbuf_add(&sb, "\0z", 2);
    assert_int_equal(sb.len, 8);
    assert_memory_equal(sb.data, "x=12,y\0z", 9);
    strbuf_add(&sb, NULL, 0);
    assert_int_equal(sb.len, 8);
    strbuf_release(&sb);
    assert_null(sb.data);
    assert_int_equal(sb.len, 0);
    strbuf_release(&sb); /* twice is harmless */

    /* A format bigger than the current capacity, and an empty one. */
    strbuf_addf(&sb, "%s", "");
    assert_string_equal(strbuf_str(&sb), "");
    strbuf_addf(&sb, "%5000d|", 1);
    assert_int_equal(sb.len, 5001);
    assert_int_equal(sb.data[4999], '1');
    assert_int_equal(sb.data[5000], '|');
    strbuf_release(&sb);

    /* One big add. */
    char *blob = malloc(3 * 1024 * 1024);
    memset(blob, 'q', 3 * 1024 * 1024);
    strbuf_add(&sb, "<", 1);
    strbuf_add(&sb, blob, 3 * 1024 * 1024);
    strbuf_add(&sb, ">", 1);
    assert_int_equal(sb.len, 3 * 1024 * 1024 + 2);
    assert_int_equal(sb.data[0], '<');
    assert_int_equal(sb.data[sb.len - 1], '>');
    free(blob);
    strbuf_release(&sb);
}

static void test_strmap_100k(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a);
    struct strmap m;
    strmap_init(&m, &a);
    assert_null(strmap_get(&m, "nothing")); /* empty map */
    enum { N = 100000 };
    char **keys = malloc(N * sizeof *keys);
    for (int i = 0; i < N; i++) {
        keys[i] = arena_printf(&a, "key-%d", i);
        void *v = (void *)(uintptr_t)(i + 1);
        assert_ptr_equal(strmap_put_once(&m, keys[i], v), v);
    }
    assert_int_equal(m.count, N);
    assert_true(m.cap > (size_t)N);
    assert_int_equal(m.cap & (m.cap - 1), 0); /* a power of two, as strmap.h says */
    for (int i = 0; i < N; i++) {
        /* Looked up with a different pointer to equal text. */
        char probe[32];
        snprintf(probe, sizeof probe, "key-%d", i);
        assert_ptr_equal(strmap_get(&m, probe), (void *)(uintptr_t)(i + 1));
    }
    /* A duplicate keeps the first value and does not grow the map. */
    for (int i = 0; i < N; i += 7) {
        char *dup = arena_printf(&a, "key-%d", i);
        assert_ptr_equal(strmap_put_once(&m, dup, (void *)(uintptr_t)999999),
                         (void *)(uintptr_t)(i + 1));
    }
    assert_int_equal(m.count, N);
    assert_null(strmap_get(&m, "key-100000"));
    assert_null(strmap_get(&m, "key-"));
    assert_null(strmap_get(&m, ""));
    /* The empty string is a key like any other. */
    assert_ptr_equal(strmap_put_once(&m, "", keys), keys);
    assert_ptr_equal(strmap_get(&m, ""), keys);
    free(keys);
    arena_finish(&a);
}

static void test_source_lines_and_locations(void **state)
{
    (void)state;
    struct source src;
    const char *text = "ab\r\nc\xC3\xA9" "d\n\nlast";
    source_from_memory(&src, "s.yaml", text, strlen(text));
    const char *line;
    size_t len;
    assert_true(source_line(&src, 1, &line, &len));
    assert_int_equal(len, 2); /* CR dropped */
    assert_memory_equal(line, "ab", 2);
    assert_true(source_line(&src, 2, &line, &len));
    assert_int_equal(len, 4);
    assert_true(source_line(&src, 3, &line, &len));
    assert_int_equal(len, 0);
    assert_true(source_line(&src, 4, &line, &len));
    assert_memory_equal(line, "last", 4);
    assert_false(source_line(&src, 5, &line, &len));
    assert_false(source_line(&src, 0, &line, &len));

    /* Offsets and locations are inverse; columns count characters. */
    struct loc l = source_loc_at(&src, 7); /* 'd' after "cé" */
    assert_int_equal(l.line, 2);
    assert_int_equal(l.col, 3);
    assert_int_equal(source_offset(&src, l), 7);
    l = source_loc_at(&src, 0);
    assert_int_equal(l.line, 1);
    assert_int_equal(l.col, 1);
    l = source_loc_at(&src, 10);
    assert_int_equal(l.line, 4);
    assert_int_equal(l.col, 1);
    assert_int_equal(source_offset(&src, l), 10);
    l = source_loc_at(&src, 1000); /* clamped to the end */
    assert_int_equal(l.line, 4);
    assert_int_equal(l.col, 5);
}

static void test_diag_format(void **state)
{
    (void)state;
    struct source src;
    const char *text = "errors:\n\t- code: x\xC3\xA9y\n";
    source_from_memory(&src, "c.yaml", text, strlen(text));
    struct capture cap;
    capture_open(&cap, false);
    diag_error(&cap.d, (struct loc){ &src, 2, 12 }, "bad %s", "code");
    diag_note(&cap.d, (struct loc){ &src, 1, 1 }, "here");
    diag_warning(&cap.d, (struct loc){ &src, 0, 0 }, "test-name", "whole file");
    diag_error(&cap.d, (struct loc){ NULL, 0, 0 }, "no file");
    assert_int_equal(cap.d.errors, 2);
    assert_int_equal(cap.d.warnings, 1);
    assert_string_equal(capture_text(&cap), "c.yaml:2:12: error: bad code\n"
                                            "    2 | \t- code: x\xC3\xA9y\n"
                                            "      | \t          ^\n"
                                            "c.yaml:1:1: note: here\n"
                                            "    1 | errors:\n"
                                            "      | ^\n"
                                            "c.yaml: warning: whole file [-Wtest-name]\n"
                                            "errata: error: no file\n");
    capture_close(&cap);

    capture_open(&cap, true);
    diag_warning(&cap.d, (struct loc){ &src, 1, 3 }, "test-name", "strict");
    assert_int_equal(cap.d.errors, 1);
    assert_int_equal(cap.d.warnings, 1);
    assert_true(diag_failed(&cap.d));
    assert_diag(capture_text(&cap), "c.yaml:1:3: error: ", "strict [-Werror=test-name]");
    capture_close(&cap);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        UNIT_TEST(test_arena_alignment_and_zeroing),
        UNIT_TEST(test_arena_many_blocks),
        UNIT_TEST(test_arena_large),
        UNIT_TEST(test_arena_strings),
        UNIT_TEST(test_arena_grow),
        UNIT_TEST(test_arena_grow_reusing),
        UNIT_TEST(test_arena_printf_strings),
        UNIT_TEST(test_strbuf_growth),
        UNIT_TEST(test_strmap_100k),
        UNIT_TEST(test_source_lines_and_locations),
        UNIT_TEST(test_diag_format),
    };
    return cmocka_run_group_tests_name("arena_strbuf", tests, NULL, NULL);
}
