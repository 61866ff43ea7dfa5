/* The SQLite pet store (examples/petstore/store.h): every operation and
 * status, versions, many ids, persistence, DB_ERROR when SQLite fails (a
 * dropped table, a file that is no database, a row something else wrote),
 * FULL when the database is full (its page cap, as a full disk), the bound
 * on given ids, many threads on one store, and reads on kept snapshots:
 * a thread sees what another wrote before its read, and what another
 * connection committed once its snapshot has aged. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <dirent.h>
#include <pthread.h>
#include <sqlite3.h>
#include <time.h>
#include <unistd.h>

#include "store.h"

/* ---- helpers ------------------------------------------------------------- */

static pet_t make_pet(int64_t id, const char *name, pet_species_t species, int64_t age)
{
    pet_t p;
    memset(&p, 0, sizeof p);
    p.id = id;
    snprintf(p.name, sizeof p.name, "%s", name);
    p.species = species;
    p.age = age;
    return p;
}

static int64_t add(pet_store_t *s, int64_t id, const char *name)
{
    pet_t p = make_pet(id, name, PET_SPECIES_CAT, 2);
    pet_store_error_t err;
    pet_store_status_t status = pet_store_create(s, &p, &err);
    if (status != PET_STORE_OK)
        fail_msg("create %s: %s (%s)", name, pet_store_status_name(status), err.message);
    return p.id;
}

static int setup(void **state)
{
    pet_store_t *s;
    pet_store_error_t err;
    if (pet_store_open(":memory:", &s, &err) != PET_STORE_OK) {
        fprintf(stderr, "open: %s\n", err.message);
        return -1;
    }
    *state = s;
    return 0;
}

static int teardown(void **state)
{
    pet_store_close(*state);
    return 0;
}

/* A fresh folder for database files, removed with its files at the end. */
static char tmpdir[64];

static int make_tmpdir(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/petstore-test-XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static void tmp_path(char *buf, size_t cap, const char *name)
{
    snprintf(buf, cap, "%s/%s", tmpdir, name);
}

static int remove_tmpdir(void **state)
{
    (void)state;
    DIR *d = opendir(tmpdir);
    struct dirent *e;
    while (d != NULL && (e = readdir(d)) != NULL) {
        char path[512];
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
            snprintf(path, sizeof path, "%s/%s", tmpdir, e->d_name);
            unlink(path);
        }
    }
    if (d != NULL)
        closedir(d);
    rmdir(tmpdir);
    return 0;
}

/* ---- create and get ---------------------------------------------------------- */

static void test_create_assigns_ids_and_version_1(void **state)
{
    pet_store_t *s = *state;
    pet_t p = make_pet(0, "Rex", PET_SPECIES_DOG, 3), got;
    assert_int_equal(pet_store_create(s, &p, NULL), PET_STORE_OK);
    assert_int_equal(p.id, 1);
    assert_int_equal(p.version, 1);
    assert_int_equal(add(s, 0, "Tom"), 2);

    assert_int_equal(pet_store_get(s, 1, &got, NULL), PET_STORE_OK);
    assert_int_equal(got.id, 1);
    assert_string_equal(got.name, "Rex");
    assert_int_equal(got.species, PET_SPECIES_DOG);
    assert_int_equal(got.age, 3);
    assert_int_equal(got.version, 1);
}

static void test_create_with_given_id_and_exists(void **state)
{
    pet_store_t *s = *state;
    pet_store_error_t err;
    assert_int_equal(add(s, 42, "Rex"), 42);
    pet_t dup = make_pet(42, "Impostor", PET_SPECIES_FISH, 9), got;
    assert_int_equal(pet_store_create(s, &dup, &err), PET_STORE_EXISTS);
    assert_string_equal(err.message, ""); /* not a database error */
    assert_int_equal(pet_store_get(s, 42, &got, NULL), PET_STORE_OK);
    assert_string_equal(got.name, "Rex"); /* left unchanged */
    assert_int_equal(add(s, 0, "Next"), 43); /* assigned ids go on after given ones */
}

/* A given id may be PET_ID_CREATE_MAX at most: with one above, the store
 * could run out of ids to assign (test_ids_run_out shows how). */
static void test_given_id_bound(void **state)
{
    pet_store_t *s = *state;
    pet_store_error_t err;
    pet_t got;
    const int64_t above[] = { PET_ID_CREATE_MAX + 1, INT64_MAX - 1, INT64_MAX };
    for (size_t i = 0; i < sizeof above / sizeof above[0]; i++) {
        pet_t p = make_pet(above[i], "Too far", PET_SPECIES_DOG, 1);
        assert_int_equal(pet_store_create(s, &p, &err), PET_STORE_DB_ERROR);
        assert_string_equal(err.message, "id above PET_ID_CREATE_MAX");
        assert_int_equal(pet_store_get(s, above[i], &got, NULL), PET_STORE_NOT_FOUND);
    }
    assert_int_equal(add(s, 0, "Assigned"), 1); /* the refused ones left no trace */
    assert_int_equal(add(s, PET_ID_CREATE_MAX, "Last given"), PET_ID_CREATE_MAX);
    assert_int_equal(add(s, 0, "Next"), PET_ID_CREATE_MAX + 1);
    assert_int_equal(add(s, 0, "And on"), PET_ID_CREATE_MAX + 2);
}

/* Why the bound: once a row has id INT64_MAX (here written past the store),
 * SQLite has no id left to assign, and says so as a full database. */
static void test_ids_run_out(void **state)
{
    (void)state;
    char path[128];
    tmp_path(path, sizeof path, "maxid.db");
    pet_store_t *s;
    assert_int_equal(pet_store_open(path, &s, NULL), PET_STORE_OK);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "INSERT INTO pets VALUES (9223372036854775807, 'Max', 'dog', 1, 1)",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    pet_t p = make_pet(0, "Next", PET_SPECIES_CAT, 1);
    pet_store_error_t err;
    assert_int_equal(pet_store_create(s, &p, &err), PET_STORE_FULL);
    assert_int_equal(err.sqlite_code & 0xff, SQLITE_FULL);
    pet_store_close(s);
}

static void test_ids_are_never_reused(void **state)
{
    pet_store_t *s = *state;
    add(s, 0, "A");
    int64_t b = add(s, 0, "B");
    assert_int_equal(pet_store_delete(s, b, PET_STORE_ANY_VERSION, NULL, NULL), PET_STORE_OK);
    assert_int_equal(add(s, 0, "C"), b + 1);
}

static void test_get_not_found(void **state)
{
    pet_store_t *s = *state;
    pet_t got;
    pet_store_error_t err;
    assert_int_equal(pet_store_get(s, 7, &got, &err), PET_STORE_NOT_FOUND);
    assert_int_equal(err.sqlite_code, 0);
    add(s, 7, "Seven");
    assert_int_equal(pet_store_get(s, 7, &got, &err), PET_STORE_OK);
    assert_int_equal(pet_store_get(s, 8, &got, &err), PET_STORE_NOT_FOUND);
    assert_int_equal(pet_store_get(s, -1, &got, &err), PET_STORE_NOT_FOUND);
}

/* ---- list and many --------------------------------------------------------------- */

static void test_list_by_id_with_limit(void **state)
{
    pet_store_t *s = *state;
    pet_t out[8];
    size_t n = 99;
    assert_int_equal(pet_store_list(s, 0, out, 8, &n, NULL), PET_STORE_OK);
    assert_int_equal(n, 0);
    add(s, 5, "Five");
    add(s, 1, "One");
    add(s, 3, "Three");
    assert_int_equal(pet_store_list(s, 0, out, 8, &n, NULL), PET_STORE_OK);
    assert_int_equal(n, 3);
    assert_int_equal(out[0].id, 1);
    assert_int_equal(out[1].id, 3);
    assert_int_equal(out[2].id, 5);
    assert_string_equal(out[2].name, "Five");

    assert_int_equal(pet_store_list(s, 0, out, 2, &n, NULL), PET_STORE_OK);
    assert_int_equal(n, 2);
    assert_int_equal(out[1].id, 3);
    assert_int_equal(pet_store_list(s, 3, out, 2, &n, NULL), PET_STORE_OK); /* the next page */
    assert_int_equal(n, 1);
    assert_int_equal(out[0].id, 5);
    assert_int_equal(pet_store_list(s, 5, out, 2, &n, NULL), PET_STORE_OK);
    assert_int_equal(n, 0);
    assert_int_equal(pet_store_list(s, 0, out, 0, &n, NULL), PET_STORE_OK);
    assert_int_equal(n, 0);
}

static void test_get_many(void **state)
{
    pet_store_t *s = *state;
    add(s, 1, "One");
    add(s, 3, "Three");
    const int64_t ids[] = { 3, 99, 1, 3 };
    pet_t out[4];
    bool found[4];
    size_t count = 0;
    assert_int_equal(pet_store_get_many(s, ids, 4, out, found, &count, NULL), PET_STORE_OK);
    assert_int_equal(count, 3);
    assert_true(found[0]);
    assert_false(found[1]);
    assert_true(found[2]);
    assert_true(found[3]);
    assert_string_equal(out[0].name, "Three");
    assert_int_equal(out[1].id, 0); /* cleared */
    assert_string_equal(out[2].name, "One");
    assert_string_equal(out[3].name, "Three");

    const int64_t none[] = { 7, 8 };
    assert_int_equal(pet_store_get_many(s, none, 2, out, found, &count, NULL), PET_STORE_OK);
    assert_int_equal(count, 0);
    assert_false(found[0] || found[1]);
    assert_int_equal(pet_store_get_many(s, ids, 0, out, found, &count, NULL), PET_STORE_OK);
    assert_int_equal(count, 0);
}

/* ---- updates and versions ----------------------------------------------------------- */

static void test_replace_bumps_version(void **state)
{
    pet_store_t *s = *state;
    int64_t id = add(s, 0, "Rex");
    pet_t values = make_pet(999, "Max", PET_SPECIES_BIRD, 7), out;
    values.version = 55; /* ignored, as the id is */
    assert_int_equal(pet_store_replace(s, id, &values, PET_STORE_ANY_VERSION, &out, NULL),
                     PET_STORE_OK);
    assert_int_equal(out.id, id);
    assert_string_equal(out.name, "Max");
    assert_int_equal(out.species, PET_SPECIES_BIRD);
    assert_int_equal(out.age, 7);
    assert_int_equal(out.version, 2);

    values.age = 8;
    assert_int_equal(pet_store_replace(s, id, &values, 2, &out, NULL), PET_STORE_OK); /* If-Match "2" */
    assert_int_equal(out.version, 3);
    assert_int_equal(out.age, 8);

    values.age = 100;
    memset(&out, 0, sizeof out);
    assert_int_equal(pet_store_replace(s, id, &values, 2, &out, NULL), PET_STORE_VERSION_MISMATCH);
    assert_int_equal(out.version, 3); /* the current one, for the 412's current_etag */
    assert_int_equal(out.age, 8);
    pet_t got;
    pet_store_get(s, id, &got, NULL);
    assert_int_equal(got.age, 8); /* not applied */
    assert_int_equal(got.version, 3);

    assert_int_equal(pet_store_replace(s, 404, &values, PET_STORE_ANY_VERSION, &out, NULL),
                     PET_STORE_NOT_FOUND);
    assert_int_equal(pet_store_replace(s, 404, &values, 1, NULL, NULL), PET_STORE_NOT_FOUND);
}

static void test_patch_sets_only_given_fields(void **state)
{
    pet_store_t *s = *state;
    pet_t p = make_pet(0, "Rex", PET_SPECIES_DOG, 3), out;
    pet_store_create(s, &p, NULL);

    pet_patch_t patch;
    memset(&patch, 0, sizeof patch);
    patch.fields = PET_FIELD_NAME;
    snprintf(patch.pet.name, sizeof patch.pet.name, "Rexy");
    patch.pet.age = 99; /* not named in fields: ignored */
    assert_int_equal(pet_store_patch(s, p.id, &patch, 1, &out, NULL), PET_STORE_OK);
    assert_string_equal(out.name, "Rexy");
    assert_int_equal(out.species, PET_SPECIES_DOG);
    assert_int_equal(out.age, 3);
    assert_int_equal(out.version, 2);

    patch.fields = PET_FIELD_AGE | PET_FIELD_SPECIES;
    patch.pet.age = 0;
    patch.pet.species = PET_SPECIES_REPTILE;
    assert_int_equal(pet_store_patch(s, p.id, &patch, PET_STORE_ANY_VERSION, &out, NULL),
                     PET_STORE_OK);
    assert_string_equal(out.name, "Rexy");
    assert_int_equal(out.species, PET_SPECIES_REPTILE);
    assert_int_equal(out.age, 0);
    assert_int_equal(out.version, 3);

    /* nothing to change: nothing changes, the version stays */
    patch.fields = PET_FIELD_ID | PET_FIELD_VERSION;
    assert_int_equal(pet_store_patch(s, p.id, &patch, 3, &out, NULL), PET_STORE_OK);
    assert_int_equal(out.version, 3);
    assert_int_equal(pet_store_patch(s, p.id, &patch, 2, &out, NULL), PET_STORE_VERSION_MISMATCH);
    assert_int_equal(out.version, 3);

    patch.fields = PET_FIELD_NAME;
    assert_int_equal(pet_store_patch(s, 12345, &patch, PET_STORE_ANY_VERSION, &out, NULL),
                     PET_STORE_NOT_FOUND);
}

static void test_delete(void **state)
{
    pet_store_t *s = *state;
    int64_t id = add(s, 0, "Rex");
    pet_t values = make_pet(0, "Rex", PET_SPECIES_DOG, 4);
    pet_store_replace(s, id, &values, PET_STORE_ANY_VERSION, NULL, NULL); /* version 2 */

    int64_t current = 0;
    assert_int_equal(pet_store_delete(s, id, 1, &current, NULL), PET_STORE_VERSION_MISMATCH);
    assert_int_equal(current, 2);
    pet_t got;
    assert_int_equal(pet_store_get(s, id, &got, NULL), PET_STORE_OK); /* still there */
    assert_int_equal(pet_store_delete(s, id, 2, &current, NULL), PET_STORE_OK);
    assert_int_equal(pet_store_get(s, id, &got, NULL), PET_STORE_NOT_FOUND);
    assert_int_equal(pet_store_delete(s, id, PET_STORE_ANY_VERSION, NULL, NULL),
                     PET_STORE_NOT_FOUND);
    assert_int_equal(pet_store_delete(s, id, 2, NULL, NULL), PET_STORE_NOT_FOUND);
}

static void test_store_refuses_broken_pets(void **state)
{
    pet_store_t *s = *state;
    pet_store_error_t err;
    pet_t empty = make_pet(0, "", PET_SPECIES_DOG, 1);
    assert_int_equal(pet_store_create(s, &empty, &err), PET_STORE_DB_ERROR);
    assert_non_null(strstr(err.message, "CHECK constraint failed"));
    pet_t negative = make_pet(0, "Neg", PET_SPECIES_DOG, -1);
    assert_int_equal(pet_store_create(s, &negative, &err), PET_STORE_DB_ERROR);
    pet_t alien = make_pet(0, "Alien", PET_SPECIES_COUNT, 1);
    assert_int_equal(pet_store_create(s, &alien, &err), PET_STORE_DB_ERROR);
    assert_non_null(strstr(err.message, "NOT NULL"));
    size_t n;
    pet_t out[4];
    pet_store_list(s, 0, out, 4, &n, NULL);
    assert_int_equal(n, 0);

    int64_t id = add(s, 0, "Ok");
    pet_patch_t patch;
    memset(&patch, 0, sizeof patch);
    patch.fields = PET_FIELD_SPECIES;
    patch.pet.species = (pet_species_t)77;
    assert_int_equal(pet_store_patch(s, id, &patch, PET_STORE_ANY_VERSION, NULL, &err),
                     PET_STORE_DB_ERROR);
    pet_t got;
    pet_store_get(s, id, &got, NULL);
    assert_int_equal(got.version, 1); /* rolled back */
}

/* ---- SQLite failing --------------------------------------------------------------------- */

static void assert_db_error(pet_store_status_t status, const pet_store_error_t *err,
                            const char *what)
{
    if (status != PET_STORE_DB_ERROR)
        fail_msg("%s: %s, want DB_ERROR", what, pet_store_status_name(status));
    if (strstr(err->message, "no such table: pets") == NULL)
        fail_msg("%s: message '%s'", what, err->message);
    assert_int_not_equal(err->sqlite_code, 0);
}

static void test_db_error_once_broken(void **state)
{
    pet_store_t *s = *state;
    pet_store_error_t err;
    int64_t id = add(s, 0, "Rex");
    assert_int_equal(pet_store_break(s, &err), PET_STORE_OK);

    pet_t p = make_pet(0, "New", PET_SPECIES_DOG, 1), out[2];
    pet_patch_t patch = { .fields = PET_FIELD_AGE, .pet = p };
    size_t n = 5, found_count = 5;
    bool found[2];
    const int64_t ids[] = { id, 2 };
    assert_db_error(pet_store_create(s, &p, &err), &err, "create");
    assert_db_error(pet_store_get(s, id, out, &err), &err, "get");
    assert_db_error(pet_store_list(s, 0, out, 2, &n, &err), &err, "list");
    assert_int_equal(n, 0);
    assert_db_error(pet_store_get_many(s, ids, 2, out, found, &found_count, &err), &err, "many");
    assert_int_equal(found_count, 0);
    assert_db_error(pet_store_replace(s, id, &p, PET_STORE_ANY_VERSION, out, &err), &err,
                    "replace");
    assert_db_error(pet_store_patch(s, id, &patch, 1, out, &err), &err, "patch");
    assert_db_error(pet_store_delete(s, id, PET_STORE_ANY_VERSION, NULL, &err), &err, "delete");
    /* err may be NULL */
    assert_int_equal(pet_store_get(s, id, out, NULL), PET_STORE_DB_ERROR);
    /* breaking twice fails in SQLite too */
    assert_int_equal(pet_store_break(s, &err), PET_STORE_DB_ERROR);
}

static void test_open_failures(void **state)
{
    (void)state;
    pet_store_t *s = (pet_store_t *)&s; /* anything but NULL */
    pet_store_error_t err;
    char path[128];

    tmp_path(path, sizeof path, "garbage.db");
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    for (int i = 0; i < 512; i++)
        fputs("not a database ", f);
    fclose(f);
    assert_int_equal(pet_store_open(path, &s, &err), PET_STORE_DB_ERROR);
    assert_null(s);
    assert_string_equal(err.message, "file is not a database");
    assert_int_equal(err.sqlite_code, SQLITE_NOTADB);

    assert_int_equal(pet_store_open("/nonexistent-folder/pets.db", &s, &err), PET_STORE_DB_ERROR);
    assert_null(s);
    assert_non_null(strstr(err.message, "unable to open"));
    pet_store_close(NULL); /* does nothing */
}

static void test_persists_across_opens(void **state)
{
    (void)state;
    char path[128];
    tmp_path(path, sizeof path, "pets.db");
    pet_store_t *s;
    assert_int_equal(pet_store_open(path, &s, NULL), PET_STORE_OK);
    add(s, 0, "Rex");
    int64_t b = add(s, 0, "Tom");
    pet_store_delete(s, b, PET_STORE_ANY_VERSION, NULL, NULL);
    pet_store_close(s);

    assert_int_equal(pet_store_open(path, &s, NULL), PET_STORE_OK);
    pet_t got;
    assert_int_equal(pet_store_get(s, 1, &got, NULL), PET_STORE_OK);
    assert_string_equal(got.name, "Rex");
    assert_int_equal(add(s, 0, "Kit"), 3); /* the deleted 2 is not given again */
    pet_store_close(s);
}

static void test_rows_written_by_others(void **state)
{
    (void)state;
    char path[128];
    tmp_path(path, sizeof path, "rows.db");
    pet_store_t *s;
    assert_int_equal(pet_store_open(path, &s, NULL), PET_STORE_OK);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
                                  "INSERT INTO pets VALUES (1, 'Nessie', 'dragon', 3, 1);"
                                  "INSERT INTO pets VALUES (2, 'Ok', 'dog', 3, 1);",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    pet_store_error_t err;
    pet_t out[4];
    size_t n;
    assert_int_equal(pet_store_get(s, 1, out, &err), PET_STORE_DB_ERROR);
    assert_string_equal(err.message, "corrupt row: unknown species");
    assert_int_equal(pet_store_list(s, 0, out, 4, &n, &err), PET_STORE_DB_ERROR);
    assert_int_equal(n, 0);
    assert_int_equal(pet_store_get(s, 2, out, &err), PET_STORE_OK);
    assert_string_equal(err.message, "");
    pet_store_close(s);
}

/* ---- threads ------------------------------------------------------------------------------ */

#define THREADS 8
#define PER_THREAD 150

typedef struct worker {
    pet_store_t *s;
    int64_t shared_id;
    int failures;
} worker_t;

static void *work(void *arg)
{
    worker_t *w = arg;
    for (int i = 0; i < PER_THREAD; i++) {
        pet_t p = make_pet(0, "Worker", PET_SPECIES_FISH, i), got;
        pet_patch_t patch = { .fields = PET_FIELD_AGE };
        patch.pet.age = i;
        size_t n;
        pet_t page[4];
        if (pet_store_create(w->s, &p, NULL) != PET_STORE_OK ||
            pet_store_get(w->s, p.id, &got, NULL) != PET_STORE_OK || got.age != i ||
            pet_store_patch(w->s, w->shared_id, &patch, PET_STORE_ANY_VERSION, NULL, NULL) !=
                PET_STORE_OK ||
            pet_store_list(w->s, 0, page, 4, &n, NULL) != PET_STORE_OK)
            w->failures++;
    }
    return NULL;
}

static void test_many_threads_one_store(void **state)
{
    (void)state;
    char path[128];
    tmp_path(path, sizeof path, "threads.db");
    pet_store_t *s;
    assert_int_equal(pet_store_open(path, &s, NULL), PET_STORE_OK);
    int64_t shared = add(s, 0, "Shared");
    pthread_t threads[THREADS];
    worker_t workers[THREADS];
    for (int i = 0; i < THREADS; i++) {
        workers[i] = (worker_t){ .s = s, .shared_id = shared };
        assert_int_equal(pthread_create(&threads[i], NULL, work, &workers[i]), 0);
    }
    for (int i = 0; i < THREADS; i++) {
        pthread_join(threads[i], NULL);
        assert_int_equal(workers[i].failures, 0);
    }
    pet_t got;
    assert_int_equal(pet_store_get(s, shared, &got, NULL), PET_STORE_OK);
    assert_int_equal(got.version, 1 + THREADS * PER_THREAD); /* no update lost */

    static pet_t all[THREADS * PER_THREAD + 10];
    size_t n;
    assert_int_equal(pet_store_list(s, 0, all, sizeof all / sizeof all[0], &n, NULL),
                     PET_STORE_OK);
    assert_int_equal(n, 1 + THREADS * PER_THREAD);
    for (size_t i = 1; i < n; i++)
        assert_true(all[i].id > all[i - 1].id); /* unique, ordered */
    pet_store_close(s);
}

/* ---- reads on kept snapshots (a file database) ---------------------------------------- */

/* A thread that read (and so keeps a read transaction) sees, at its next
 * read, what another thread wrote before it. */
typedef struct visibility {
    pet_store_t *s;
    int64_t id;
    pet_store_status_t first, second;
    pthread_mutex_t lock;
    pthread_cond_t turn;
    int step; /* 0: reader's first read, 1: writer's write, 2: reader's second read */
} visibility_t;

static void *read_twice(void *arg)
{
    visibility_t *v = arg;
    pet_t got;
    v->first = pet_store_get(v->s, v->id, &got, NULL);
    pthread_mutex_lock(&v->lock);
    v->step = 1;
    pthread_cond_broadcast(&v->turn);
    while (v->step != 2)
        pthread_cond_wait(&v->turn, &v->lock);
    pthread_mutex_unlock(&v->lock);
    v->second = pet_store_get(v->s, v->id, &got, NULL);
    return NULL;
}

static void test_read_after_write_across_threads(void **state)
{
    (void)state;
    char path[128];
    tmp_path(path, sizeof path, "visible.db");
    visibility_t v = { .id = 7 };
    assert_int_equal(pet_store_open(path, &v.s, NULL), PET_STORE_OK);
    pthread_mutex_init(&v.lock, NULL);
    pthread_cond_init(&v.turn, NULL);
    pthread_t reader;
    assert_int_equal(pthread_create(&reader, NULL, read_twice, &v), 0);
    pthread_mutex_lock(&v.lock);
    while (v.step != 1)
        pthread_cond_wait(&v.turn, &v.lock);
    pthread_mutex_unlock(&v.lock);
    add(v.s, 7, "Late");
    pthread_mutex_lock(&v.lock);
    v.step = 2;
    pthread_cond_broadcast(&v.turn);
    pthread_mutex_unlock(&v.lock);
    pthread_join(reader, NULL);
    assert_int_equal(v.first, PET_STORE_NOT_FOUND);
    assert_int_equal(v.second, PET_STORE_OK);
    pthread_mutex_destroy(&v.lock);
    pthread_cond_destroy(&v.turn);
    pet_store_close(v.s);
}

/* Readers reading all the time while a writer patches: once a patch has
 * returned, no read begun after it sees an older version, whether the
 * reader was idle when it was written or busy reading. */
#define VERSION_READERS 4
#define PATCHES 300

typedef struct race {
    pet_store_t *s;
    int64_t id;
    int64_t committed; /* atomic: the version the last returned patch wrote */
    int done;          /* atomic */
    int stale, failures;
    long reads;
} race_t;

static void *read_versions(void *arg)
{
    race_t *r = arg;
    race_t mine = { 0 };
    while (!__atomic_load_n(&r->done, __ATOMIC_ACQUIRE)) {
        int64_t at_least = __atomic_load_n(&r->committed, __ATOMIC_ACQUIRE);
        pet_t got;
        if (pet_store_get(r->s, r->id, &got, NULL) != PET_STORE_OK)
            mine.failures++;
        else if (got.version < at_least)
            mine.stale++;
        mine.reads++;
    }
    __atomic_add_fetch(&r->stale, mine.stale, __ATOMIC_RELAXED);
    __atomic_add_fetch(&r->failures, mine.failures, __ATOMIC_RELAXED);
    __atomic_add_fetch(&r->reads, mine.reads, __ATOMIC_RELAXED);
    return NULL;
}

static void test_readers_see_every_returned_write(void **state)
{
    (void)state;
    char path[128];
    tmp_path(path, sizeof path, "race.db");
    race_t r = { .committed = 1 };
    assert_int_equal(pet_store_open(path, &r.s, NULL), PET_STORE_OK);
    r.id = add(r.s, 0, "Racer");
    pthread_t readers[VERSION_READERS];
    for (int i = 0; i < VERSION_READERS; i++)
        assert_int_equal(pthread_create(&readers[i], NULL, read_versions, &r), 0);
    for (int i = 0; i < PATCHES; i++) {
        pet_patch_t patch = { .fields = PET_FIELD_AGE };
        pet_t out;
        patch.pet.age = i;
        assert_int_equal(pet_store_patch(r.s, r.id, &patch, PET_STORE_ANY_VERSION, &out, NULL),
                         PET_STORE_OK);
        __atomic_store_n(&r.committed, out.version, __ATOMIC_RELEASE);
    }
    __atomic_store_n(&r.done, 1, __ATOMIC_RELEASE);
    for (int i = 0; i < VERSION_READERS; i++)
        pthread_join(readers[i], NULL);
    assert_int_equal(r.failures, 0);
    assert_int_equal(r.stale, 0);
    assert_true(r.reads > 0);
    pet_t got;
    assert_int_equal(pet_store_get(r.s, r.id, &got, NULL), PET_STORE_OK);
    assert_int_equal(got.version, 1 + PATCHES);
    pet_store_close(r.s);
}

/* Another process's (here: connection's) commit reaches a reader that
 * keeps a snapshot once the snapshot has aged (store.c's
 * STORE_SNAPSHOT_US), without any write of the store's own. */
static void test_others_writes_seen_once_the_snapshot_ages(void **state)
{
    (void)state;
    char path[128];
    tmp_path(path, sizeof path, "others.db");
    pet_store_t *s;
    pet_t got;
    assert_int_equal(pet_store_open(path, &s, NULL), PET_STORE_OK);
    assert_int_equal(pet_store_get(s, 5, &got, NULL), PET_STORE_NOT_FOUND); /* a snapshot kept */
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "INSERT INTO pets VALUES (5, 'Other', 'cat', 1, 1)", NULL,
                                  NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    /* No speed asserted: polled for up to 30 s on a loaded machine. */
    pet_store_status_t status = PET_STORE_NOT_FOUND;
    for (int i = 0; i < 3000 && status == PET_STORE_NOT_FOUND; i++) {
        status = pet_store_get(s, 5, &got, NULL);
        if (status == PET_STORE_NOT_FOUND)
            nanosleep(&(struct timespec){ 0, 10000000L }, NULL);
    }
    assert_int_equal(status, PET_STORE_OK);
    assert_string_equal(got.name, "Other");
    pet_store_close(s);
}

/* ---- a full database ----------------------------------------------------------------------- */

/* Fills the store with pets until a creation fails; returns that status and
 * counts the pets created. */
static pet_store_status_t fill(pet_store_t *s, int64_t *created, pet_store_error_t *err)
{
    char name[PET_NAME_MAX + 1];
    memset(name, 'n', PET_NAME_MAX);
    name[PET_NAME_MAX] = '\0';
    pet_store_status_t status = PET_STORE_OK;
    for (*created = 0; *created < 100000 && status == PET_STORE_OK; (*created)++) {
        pet_t p = make_pet(0, name, PET_SPECIES_BIRD, 1);
        status = pet_store_create(s, &p, err);
    }
    (*created)--;
    return status;
}

static size_t count_pets(pet_store_t *s)
{
    static pet_t all[100000];
    size_t n;
    assert_int_equal(pet_store_list(s, 0, all, sizeof all / sizeof all[0], &n, NULL),
                     PET_STORE_OK);
    return n;
}

/* The page cap stands for a full disk, as SQLite reports both (SQLITE_FULL):
 * a creation, a replace, a patch that needs room fails with FULL and writes
 * nothing; reads still work; with room again (a higher cap, a disk freed),
 * the same creation succeeds, with the next id. */
static void test_full_database(void **state)
{
    (void)state;
    char path[128];
    tmp_path(path, sizeof path, "full.db");
    pet_store_t *s;
    pet_store_error_t err;
    assert_int_equal(pet_store_open(path, &s, NULL), PET_STORE_OK);
    int64_t first = add(s, 0, "First"), cap = 0, created;
    assert_int_equal(pet_store_limit_pages(s, 1, &cap, &err), PET_STORE_OK);
    assert_true(cap >= 2); /* never below the database's size */
    assert_int_equal(pet_store_limit_pages(s, cap + 3, &cap, &err), PET_STORE_OK);

    assert_int_equal(fill(s, &created, &err), PET_STORE_FULL);
    assert_true(created > 0);
    assert_int_equal(err.sqlite_code & 0xff, SQLITE_FULL);
    assert_string_equal(err.message, "database or disk is full");
    assert_string_equal(pet_store_status_name(PET_STORE_FULL), "FULL");
    assert_int_equal(count_pets(s), (size_t)(1 + created)); /* nothing half-written */

    pet_t got;
    assert_int_equal(pet_store_get(s, first, &got, &err), PET_STORE_OK); /* reads work */
    assert_string_equal(got.name, "First");

    assert_int_equal(pet_store_limit_pages(s, cap + 100, &cap, &err), PET_STORE_OK);
    assert_int_equal(add(s, 0, "After"), first + created + 1);
    pet_store_close(s);
}

static void test_status_names(void **state)
{
    (void)state;
    assert_string_equal(pet_store_status_name(PET_STORE_OK), "OK");
    assert_string_equal(pet_store_status_name(PET_STORE_NOT_FOUND), "NOT_FOUND");
    assert_string_equal(pet_store_status_name(PET_STORE_EXISTS), "EXISTS");
    assert_string_equal(pet_store_status_name(PET_STORE_VERSION_MISMATCH), "VERSION_MISMATCH");
    assert_string_equal(pet_store_status_name(PET_STORE_DB_ERROR), "DB_ERROR");
}

#define STORE_TEST(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        STORE_TEST(test_create_assigns_ids_and_version_1),
        STORE_TEST(test_create_with_given_id_and_exists),
        STORE_TEST(test_given_id_bound),
        STORE_TEST(test_ids_are_never_reused),
        STORE_TEST(test_get_not_found),
        STORE_TEST(test_list_by_id_with_limit),
        STORE_TEST(test_get_many),
        STORE_TEST(test_replace_bumps_version),
        STORE_TEST(test_patch_sets_only_given_fields),
        STORE_TEST(test_delete),
        STORE_TEST(test_store_refuses_broken_pets),
        STORE_TEST(test_db_error_once_broken),
        cmocka_unit_test(test_open_failures),
        cmocka_unit_test(test_persists_across_opens),
        cmocka_unit_test(test_rows_written_by_others),
        cmocka_unit_test(test_many_threads_one_store),
        cmocka_unit_test(test_read_after_write_across_threads),
        cmocka_unit_test(test_readers_see_every_returned_write),
        cmocka_unit_test(test_others_writes_seen_once_the_snapshot_ages),
        cmocka_unit_test(test_ids_run_out),
        cmocka_unit_test(test_full_database),
        cmocka_unit_test(test_status_names),
    };
    return cmocka_run_group_tests(tests, make_tmpdir, remove_tmpdir);
}
