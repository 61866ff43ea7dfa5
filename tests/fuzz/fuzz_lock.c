/* Fuzz target for the lock file (generator/lock): reading and checking it,
 * applying it to a catalog, and writing the next one.
 *
 * Input: any bytes, as the text of a lock file, applied to a small catalog
 * held in memory (four codes, one of them included from http.yaml's built-in
 * copy, so about:blank is exercised too).
 *
 * What must hold whatever the bytes are:
 *  - no crash, leak or hang;
 *  - the reader says "invalid" exactly when errors were counted, and every
 *    counted error was printed (FILE:LINE:COL: error: ...);
 *  - when the lock applies without an error, every entry has a value in
 *    1..INT32_MAX-1 and no two share one or reuse a tombstone's;
 *  - the lock written from that model reads back without a diagnostic,
 *    gives every entry the same value, and is written the same way again
 *    (the round trip is stable).
 * Anything else aborts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog.h"
#include "fuzz_util.h"
#include "lock/lock.h"
#include "model/model.h"
#include "support/arena.h"
#include "support/diag.h"

static fuzz_ctx_t g_ctx = { "fuzz_lock", NULL, 0 };

#define FAIL(...) fuzz_fail(&g_ctx, __VA_ARGS__)

static const char catalog_text[] =
    "errata: 1\nname: shop\nversion: 2.0.0\nbase_uri: https://errors.shop.example/\n"
    "include: [{ file: http.yaml, only: [NOT_FOUND] }]\n"
    "errors:\n"
    "  - { code: ITEM_NOT_FOUND, status: 404, title: Item not found }\n"
    "  - { code: OUT_OF_STOCK, status: 409, title: Out of stock }\n"
    "  - { code: BAD_INPUT, status: 422, title: Bad input, type: invalid-input }\n"
    "removed:\n  ITEM_GONE: { use: ITEM_NOT_FOUND }\n";

static void load_catalog(struct arena *a, struct diag *d, struct model *m)
{
    struct catalog_options opt;
    catalog_options_init(&opt);
    opt.installed_dir = NULL;
    if (catalog_load_memory(a, d, "shop.yaml", catalog_text, sizeof catalog_text - 1, &opt, m) !=
        CATALOG_OK)
        FAIL("the fixed catalog does not load");
}

/* Values unique, in range, and none a tombstone's. */
static void check_values(const struct model *m, const struct lock *lock)
{
    for (size_t i = 0; i < m->entry_count; i++) {
        int64_t v = m->entries[i].id;
        if (v < 1 || v > INT32_MAX - 1)
            FAIL("'%s' got value %lld", m->entries[i].code, (long long)v);
        for (size_t k = 0; k < i; k++)
            if (m->entries[k].id == v)
                FAIL("'%s' and '%s' share value %lld", m->entries[k].code,
                     m->entries[i].code, (long long)v);
        for (size_t k = 0; k < lock->count; k++)
            if (lock->codes[k].removed && lock->codes[k].value == v)
                FAIL("'%s' took the value of tombstone '%s'", m->entries[i].code,
                     lock->codes[k].code);
    }
}

/* The lock the model makes reads back clean, pins the same values, and is
 * written the same way again. */
static void round_trip(struct arena *a, const struct model *m, const struct lock *lock)
{
    struct lock next, again;
    lock_build(a, m, lock, &next);
    size_t len, len2;
    char *text = lock_format(&next, "shop.yaml", &len);
    struct diag d;
    diag_init(&d, stderr, false);
    if (lock_read_memory(a, &d, "next.lock", text, len, &again) != LOCK_OK)
        FAIL("the lock errata writes does not read back:\n%s", text);
    struct arena a2;
    arena_init(&a2);
    struct model m2;
    struct diag quiet;
    FILE *null = fopen("/dev/null", "w");
    diag_init(&quiet, null, false);
    load_catalog(&a2, &quiet, &m2);
    struct lock_apply_options opt = { .warn_outdated = true };
    if (!lock_apply(&a2, &quiet, &again, &m2, &opt) || quiet.warnings != 0)
        FAIL("the lock errata writes does not apply cleanly:\n%s", text);
    for (size_t i = 0; i < m->entry_count; i++)
        if (m2.entries[i].id != m->entries[i].id)
            FAIL("'%s' moved from %lld to %lld through the written lock", m->entries[i].code,
                 (long long)m->entries[i].id, (long long)m2.entries[i].id);
    struct lock third;
    lock_build(&a2, &m2, &again, &third);
    char *text2 = lock_format(&third, "shop.yaml", &len2);
    if (len != len2 || memcmp(text, text2, len) != 0)
        FAIL("the written lock changes when written again:\n%s\n---\n%s", text, text2);
    free(text);
    free(text2);
    fclose(null);
    arena_finish(&a2);
}

int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    g_ctx.data = bytes;
    g_ctx.size = size;
    char *printed = NULL;
    size_t printed_len = 0;
    FILE *out = open_memstream(&printed, &printed_len);
    struct diag d;
    diag_init(&d, out, false);
    struct arena a;
    arena_init(&a);
    struct model m;
    load_catalog(&a, &d, &m);
    struct lock lock;
    enum lock_result r = lock_read_memory(&a, &d, "fuzz.lock", (const char *)bytes, size, &lock);
    if ((r == LOCK_OK) != (d.errors == 0) || r == LOCK_IO_ERROR || r == LOCK_ABSENT)
        FAIL("lock result %d with %u errors", (int)r, d.errors);
    struct lock_apply_options opt = { .warn_outdated = true };
    bool applied = r == LOCK_OK && lock_apply(&a, &d, &lock, &m, &opt);
    fflush(out);
    if (fuzz_count_diagnostics(printed, "error") < d.errors)
        FAIL("%u errors counted, fewer printed:\n%s", d.errors, printed);
    if (applied) {
        check_values(&m, &lock);
        round_trip(&a, &m, &lock);
    }
    fclose(out);
    free(printed);
    arena_finish(&a);
    return 0;
}
