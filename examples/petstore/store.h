/* The Pet Store's pets, kept in SQLite.
 *
 * Every query is a prepared statement with bound parameters, prepared once
 * when the store opens; no SQL is ever built from request data.
 *
 * Threads: one store may be used from any number of threads at once (the
 * server runs its handlers on libmicrohttpd's threads). Writes go through
 * one SQLite connection and one mutex, held from start to end of each
 * call, so the cached statements are never shared between two calls and a
 * read-then-write (an update checking the version) is atomic; writes run
 * inside BEGIN IMMEDIATE ... COMMIT, so the database file stays consistent
 * even when another process opens it too. A file database runs in WAL
 * mode with synchronous=NORMAL (store.c says why), so PATH-wal and
 * PATH-shm appear beside it.
 *
 * Reads: on a file database, each thread that reads gets a connection of
 * its own (up to 16 threads; more, and ":memory:", read on the writer's
 * connection under its mutex), with its own prepared statements, and
 * keeps its read transaction open between calls: a read then takes no
 * lock, no file lock (fcntl) and no mutex another thread holds. What a
 * read sees: every write of this store that returned before the read
 * began, in any thread (the store counts its writes; a reader whose
 * snapshot is older begins a new one), and what another process committed
 * at most 100 ms before (a kept snapshot is renewed once that old). After
 * each write, the readers idle at that moment let their snapshots go, so
 * that none holds the WAL back from its checkpoint for long.
 *
 * Statuses: every call returns a pet_store_status_t. PET_STORE_DB_ERROR
 * means SQLite failed (corrupt or read-only file, a missing table...); the
 * server answers it with 500 INTERNAL_ERROR and logs the message the call
 * left in its pet_store_error_t (every `err` may be NULL). PET_STORE_FULL
 * is the one SQLite failure that is not a bug and passes by itself: the
 * disk (or the database's page limit, pet_store_limit_pages) is full
 * (SQLITE_FULL); the change was rolled back, reads still work, and the
 * server answers 507 STORE_FULL with a Retry-After.
 *
 * Versions: a pet is created with version 1 and every change adds 1. The
 * `expect` argument of the updating calls is the version an If-Match gave,
 * or PET_STORE_ANY_VERSION (no precondition); a pet whose version differs
 * is left as it is and the call reports PET_STORE_VERSION_MISMATCH with the
 * current pet (and so its current version) in *out.
 *
 * Making SQLite fail on purpose (for tests, and for the server's test
 * flag): pet_store_break() drops the pets table, so every later call fails
 * in SQLite with "no such table: pets" and returns PET_STORE_DB_ERROR.
 * Opening a file that is not a database ("file is not a database") or a
 * path in a folder that does not exist fails the same way. */
#ifndef PETSTORE_STORE_H
#define PETSTORE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pet.h"

typedef struct pet_store pet_store_t;

typedef enum pet_store_status {
    PET_STORE_OK = 0,
    PET_STORE_NOT_FOUND,        /* no pet has the id */
    PET_STORE_EXISTS,           /* create: a pet already has the id */
    PET_STORE_VERSION_MISMATCH, /* expect differs from the pet's version */
    PET_STORE_DB_ERROR,         /* SQLite failed: see pet_store_error_t */
    PET_STORE_FULL              /* SQLITE_FULL: nothing written; see pet_store_error_t */
} pet_store_status_t;

#define PET_STORE_ANY_VERSION 0 /* expect: no If-Match */

/* Why a call failed with PET_STORE_DB_ERROR, for the log only: it may name
 * tables and file paths, so it never goes into a response. */
typedef struct pet_store_error {
    int sqlite_code;   /* the extended result code; 0 when none */
    char message[256]; /* "" when none */
} pet_store_error_t;

/* "OK", "NOT_FOUND", "EXISTS", "VERSION_MISMATCH", "DB_ERROR", "FULL". */
const char *pet_store_status_name(pet_store_status_t status);

/* Opens (creating when needed) the database at path, or an in-memory one
 * for ":memory:", and creates the schema. On failure *out is NULL. */
pet_store_status_t pet_store_open(const char *path, pet_store_t **out, pet_store_error_t *err);

/* Closes the store; NULL does nothing. No call may be running. */
void pet_store_close(pet_store_t *store);

/* Adds a pet: its name, species and age, with pet->id as given (1 to
 * PET_ID_CREATE_MAX; above is DB_ERROR, pet.h says why) or, when pet->id is
 * 0, one the store assigns (ids are never reused, even after a delete). On
 * OK, pet->id and pet->version (1) are set. EXISTS when the id is taken
 * (the existing pet is left unchanged). */
pet_store_status_t pet_store_create(pet_store_t *store, pet_t *pet, pet_store_error_t *err);

/* The pet with id into *out; NOT_FOUND when there is none. */
pet_store_status_t pet_store_get(pet_store_t *store, int64_t id, pet_t *out,
                                 pet_store_error_t *err);

/* Up to cap pets whose id is above after_id (0: from the first), by
 * increasing id, into out[0..*count). A listing of more than cap pets is
 * read page by page, passing the last id seen as after_id. */
pet_store_status_t pet_store_list(pet_store_t *store, int64_t after_id, pet_t *out, size_t cap,
                                  size_t *count, pet_store_error_t *err);

/* The pets with ids[0..n), read in one transaction (one consistent
 * snapshot): out[i] and found[i] answer ids[i], in the order asked (an id
 * asked twice is answered twice). *found_count (may be NULL) counts the
 * ids found. OK unless SQLite failed: missing ids are not an error here,
 * the caller decides between 200, 207 and 404. */
pet_store_status_t pet_store_get_many(pet_store_t *store, const int64_t *ids, size_t n,
                                      pet_t *out, bool *found, size_t *found_count,
                                      pet_store_error_t *err);

/* PUT: sets the name, species and age of pet `id` from *values (their id
 * and version are ignored) and bumps its version. On OK *out is the stored
 * pet; on VERSION_MISMATCH the current one (out may be NULL). */
pet_store_status_t pet_store_replace(pet_store_t *store, int64_t id, const pet_t *values,
                                     int64_t expect, pet_t *out, pet_store_error_t *err);

/* PATCH: sets only the fields patch->fields names among PET_FIELD_NAME,
 * PET_FIELD_SPECIES and PET_FIELD_AGE, and bumps the version. A patch
 * naming none of them changes nothing and keeps the version (the
 * precondition is still checked). *out as for pet_store_replace. */
pet_store_status_t pet_store_patch(pet_store_t *store, int64_t id, const pet_patch_t *patch,
                                   int64_t expect, pet_t *out, pet_store_error_t *err);

/* Deletes pet `id`. On VERSION_MISMATCH *current_version (may be NULL) is
 * the pet's version. */
pet_store_status_t pet_store_delete(pet_store_t *store, int64_t id, int64_t expect,
                                    int64_t *current_version, pet_store_error_t *err);

/* For tests: drops the pets table, so that every later call fails inside
 * SQLite and returns PET_STORE_DB_ERROR (as a lost or corrupt database
 * would). Returns the status of the drop itself. */
pet_store_status_t pet_store_break(pet_store_t *store, pet_store_error_t *err);

/* Caps the database at `pages` pages (SQLite's max_page_count; a page is
 * 4 KiB), so that a write needing more fails with PET_STORE_FULL as on a
 * full disk; for tests, and for a size quota. The cap lasts while the store
 * is open, and is never below the database's current size: *pages_out
 * (may be NULL) is the cap in effect. */
pet_store_status_t pet_store_limit_pages(pet_store_t *store, int64_t pages, int64_t *pages_out,
                                         pet_store_error_t *err);

#endif
