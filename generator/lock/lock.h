/* NAME.lock: the values a catalog's codes are pinned to, kept beside the
 * catalog (petstore.yaml -> petstore.lock). Every code of the resolved catalog
 * (included ones too) has its enum value, type URI and status; a code that
 * left the catalog stays as a tombstone, so its value and its type URI are
 * never given to another code. When a lock is present it is the one source of
 * enum values: `id:` in the catalog must agree with it, and a new code takes
 * the next value no code ever had. */
#ifndef ERRATA_LOCK_LOCK_H
#define ERRATA_LOCK_LOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../support/source.h"

struct arena;
struct diag;
struct model;

/* The lock file's format version (`errata_lock: 1`). */
#define LOCK_FORMAT 1

struct lock_code {
    const char *code;
    int64_t value;
    const char *type_uri;
    int status;
    bool removed;          /* a tombstone */
    const char *removed_in; /* tombstones: the catalog version it left in; NULL: unknown */
    const char *use;        /* tombstones: the code that replaces it; NULL: none */
    struct loc loc;         /* the code's key in the lock; line 0 for a lock built in memory */
    struct loc value_loc, type_loc;
    /* Type URIs the code had before (changes `errata lock` accepted): they
     * stay retired with it and are never given to another code. */
    const char **was;
    struct loc *was_locs;
    size_t was_count;
};

struct lock {
    const char *path; /* NULL for a lock built in memory */
    struct source src;
    struct lock_code *codes; /* live codes, then tombstones */
    size_t count, cap;
};

enum lock_result {
    LOCK_OK,
    LOCK_ABSENT,   /* no such file (only when it was not asked for by name) */
    LOCK_INVALID,  /* located diagnostics were printed */
    LOCK_IO_ERROR, /* a message was printed */
};

/* The lock beside a catalog: its path with the extension replaced by
 * ".lock" (catalog/petstore.yaml -> catalog/petstore.lock). In the arena. */
const char *lock_path_for(struct arena *a, const char *catalog_path);

/* Reads and checks a lock file. `required`: a missing file is an I/O error
 * (a lock named with --lock), else LOCK_ABSENT. */
enum lock_result lock_read(struct arena *a, struct diag *d, const char *path, bool required,
                           struct lock *out);

/* The same from memory (tests, and git revisions). */
enum lock_result lock_read_memory(struct arena *a, struct diag *d, const char *name,
                                  const char *text, size_t len, struct lock *out);

struct lock_apply_options {
    /* Warn about codes the lock does not have yet and about locked codes
     * the catalog changed or dropped ([-Wlock-outdated]): lint and generate
     * do, `errata lock` and `generate --update-lock` (which rewrite it) do not. */
    bool warn_outdated;
};

/* Gives every entry of the model its value from the lock, or the next free
 * one, and reports (located in the catalog, with notes in the lock) a
 * tombstoned code back, an `id:` that differs from the lock, and a value or
 * type URI that belonged to another code. Returns false when it reported
 * an error. */
bool lock_apply(struct arena *a, struct diag *d, const struct lock *lock, struct model *m,
                const struct lock_apply_options *opt);

/* The lock the model (after lock_apply) makes: its codes by value, then every
 * tombstone of `old` (may be NULL) and a new tombstone for each code of `old`
 * the model no longer has, recording the catalog's version and, when the
 * catalog names one in `removed:`, the code that replaces it. */
void lock_build(struct arena *a, const struct model *m, const struct lock *old, struct lock *out);

/* The lock as YAML text, banner first (heap, NUL-terminated). `catalog` is
 * the file name shown in the banner. */
char *lock_format(const struct lock *lock, const char *catalog, size_t *len);

/* The code in the lock, or NULL. */
const struct lock_code *lock_find(const struct lock *lock, const char *code);

#endif
