/* The pet store over SQLite (store.h): a writer connection, its
 * statements prepared once at open, one mutex held for the whole of every
 * write; and, for a file database, a read connection per thread that
 * reads (up to STORE_READERS), each keeping its read transaction open
 * between calls so that a read takes no file lock (store.h: "Reads"). */
#include "store.h"

#include <inttypes.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define STORE_STR_(x) #x
#define STORE_STR(x) STORE_STR_(x)

/* Run once at open, in order. WAL with synchronous=NORMAL: readers and the
 * writer do not block each other, and a commit costs no fsync (only a
 * checkpoint does); a commit survives a crash of the server, and a power
 * loss may lose the last commits but never corrupts the file. (An in-memory
 * database ignores both.) AUTOINCREMENT so that an id is never given out
 * twice (a deleted pet's id does not come back as another pet); the CHECKs
 * keep the invariants of pet.h even against a caller that skipped
 * validation. */
static const char *const setup_sql[] = {
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = NORMAL",
    "CREATE TABLE IF NOT EXISTS pets ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT CHECK (id >= 1),"
    " name TEXT NOT NULL CHECK (length(CAST(name AS BLOB)) BETWEEN 1 AND "
    STORE_STR(PET_NAME_MAX) "),"
    " species TEXT NOT NULL,"
    " age INTEGER NOT NULL CHECK (age >= 0),"
    " version INTEGER NOT NULL CHECK (version >= 1))",
};

enum stmt_id {
    ST_BEGIN_READ,
    ST_BEGIN_WRITE,
    ST_COMMIT,
    ST_ROLLBACK,
    ST_INSERT,
    ST_GET,
    ST_LIST,
    ST_UPDATE,
    ST_DELETE,
    ST_COUNT_
};

#define PET_COLUMNS "id, name, species, age, version"

static const char *const stmt_sql[ST_COUNT_] = {
    [ST_BEGIN_READ] = "BEGIN",
    [ST_BEGIN_WRITE] = "BEGIN IMMEDIATE",
    [ST_COMMIT] = "COMMIT",
    [ST_ROLLBACK] = "ROLLBACK",
    [ST_INSERT] = "INSERT INTO pets (" PET_COLUMNS ") VALUES (?1, ?2, ?3, ?4, 1)",
    [ST_GET] = "SELECT " PET_COLUMNS " FROM pets WHERE id = ?1",
    [ST_LIST] = "SELECT " PET_COLUMNS " FROM pets WHERE id > ?1 ORDER BY id LIMIT ?2",
    /* A NULL parameter keeps the column: PATCH binds only what it sets. */
    [ST_UPDATE] = "UPDATE pets SET name = coalesce(?2, name), species = coalesce(?3, species),"
                  " age = coalesce(?4, age), version = version + 1 WHERE id = ?1",
    [ST_DELETE] = "DELETE FROM pets WHERE id = ?1",
};

/* Read connections: one per reading thread, claimed on its first read and
 * kept (a thread pool's threads read for the server's whole life). */
#define STORE_READERS 16
/* How old a kept snapshot may get before a read starts a new one: the
 * bound on how late a reader sees what another process committed. */
#define STORE_SNAPSHOT_US 100000

typedef struct store_reader {
    pthread_mutex_t lock; /* its owner's reads; the writer's retire pass */
    int claimed;          /* atomic: a thread owns it */
    sqlite3 *db;          /* opened on its first claim, kept until close */
    sqlite3_stmt *get, *list;
    bool in_txn;          /* a read transaction is kept open */
    uint64_t generation;  /* the store's write generation when it began */
    uint64_t since_us;    /* when it began (CLOCK_MONOTONIC) */
} store_reader_t;

struct pet_store {
    sqlite3 *db;
    pthread_mutex_t lock;
    sqlite3_stmt *st[ST_COUNT_];
    /* Reads on their own connections: file databases only (every
     * connection to ":memory:" is a database of its own). */
    bool readers_on;
    char *path;
    pthread_key_t key; /* the calling thread's reader */
    uint64_t generation; /* atomic: bumped after every write's commit */
    store_reader_t readers[STORE_READERS];
};

const char *pet_store_status_name(pet_store_status_t status)
{
    switch (status) {
    case PET_STORE_OK: return "OK";
    case PET_STORE_NOT_FOUND: return "NOT_FOUND";
    case PET_STORE_EXISTS: return "EXISTS";
    case PET_STORE_VERSION_MISMATCH: return "VERSION_MISMATCH";
    case PET_STORE_DB_ERROR: return "DB_ERROR";
    case PET_STORE_FULL: return "FULL";
    }
    return "?";
}

static void error_clear(pet_store_error_t *err)
{
    if (err != NULL) {
        err->sqlite_code = 0;
        err->message[0] = '\0';
    }
}

/* SQLITE_FULL (a full disk, or the page cap) is FULL; any other is DB_ERROR. */
static pet_store_status_t error_set(pet_store_error_t *err, int code, const char *message)
{
    if (err != NULL) {
        err->sqlite_code = code;
        snprintf(err->message, sizeof err->message, "%s", message ? message : "unknown error");
    }
    return (code & 0xff) == SQLITE_FULL ? PET_STORE_FULL : PET_STORE_DB_ERROR;
}

static bool failed(pet_store_status_t status)
{
    return status == PET_STORE_DB_ERROR || status == PET_STORE_FULL;
}

/* A SQLite failure: its message is read at once, before anything else runs
 * on the connection. */
static pet_store_status_t db_fail_on(sqlite3 *db, pet_store_error_t *err)
{
    return error_set(err, sqlite3_extended_errcode(db), sqlite3_errmsg(db));
}

static pet_store_status_t db_fail(pet_store_t *s, pet_store_error_t *err)
{
    return db_fail_on(s->db, err);
}

/* A statement ready to bind; done() releases it (a SELECT left unreset
 * would keep its read transaction open). */
static sqlite3_stmt *stmt_ready(sqlite3_stmt *st)
{
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return st;
}

static sqlite3_stmt *stmt(pet_store_t *s, enum stmt_id id)
{
    return stmt_ready(s->st[id]);
}

static void done(sqlite3_stmt *st)
{
    sqlite3_reset(st);
}

/* Runs a statement that returns no rows. */
static pet_store_status_t exec(pet_store_t *s, enum stmt_id id, pet_store_error_t *err)
{
    sqlite3_stmt *st = stmt(s, id);
    pet_store_status_t status = sqlite3_step(st) == SQLITE_DONE ? PET_STORE_OK : db_fail(s, err);
    done(st);
    return status;
}

/* Ends a transaction: ROLLBACK after a SQLite failure, else COMMIT (after a
 * mismatch or a missing pet nothing was written, so committing is the same
 * as rolling back). A failed COMMIT is rolled back and reported. */
static pet_store_status_t end(pet_store_t *s, pet_store_status_t status, pet_store_error_t *err)
{
    if (failed(status)) {
        exec(s, ST_ROLLBACK, NULL); /* the first error is the one to log */
        return status;
    }
    pet_store_status_t committed = exec(s, ST_COMMIT, err);
    if (committed != PET_STORE_OK)
        exec(s, ST_ROLLBACK, NULL);
    return committed != PET_STORE_OK ? committed : status;
}

/* The current row as a pet; a row breaking pet.h's rules (written by
 * something else) is a database error, never a half-read pet. */
static pet_store_status_t row_to_pet(sqlite3_stmt *st, pet_t *pet, pet_store_error_t *err)
{
    const unsigned char *name = sqlite3_column_text(st, 1);
    size_t name_len = (size_t)sqlite3_column_bytes(st, 1);
    const unsigned char *species = sqlite3_column_text(st, 2);
    size_t species_len = (size_t)sqlite3_column_bytes(st, 2);
    memset(pet, 0, sizeof *pet);
    pet->id = sqlite3_column_int64(st, 0);
    pet->age = sqlite3_column_int64(st, 3);
    pet->version = sqlite3_column_int64(st, 4);
    if (name == NULL || name_len == 0 || name_len > PET_NAME_MAX)
        return error_set(err, SQLITE_CORRUPT, "corrupt row: name missing or too long");
    if (species == NULL || !pet_species_parse((const char *)species, species_len, &pet->species))
        return error_set(err, SQLITE_CORRUPT, "corrupt row: unknown species");
    memcpy(pet->name, name, name_len);
    return PET_STORE_OK;
}

/* The name's length, within its array even when the caller left no NUL. */
static int name_len(const pet_t *pet)
{
    return (int)strnlen(pet->name, sizeof pet->name);
}

/* ---- read connections ------------------------------------------------------ */

static uint64_t store_now_us(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000u + (uint64_t)t.tv_nsec / 1000u;
}

/* Ends r's kept read transaction (r->lock held): the next read begins a
 * new one, on the database as it is then. */
static void reader_end(store_reader_t *r)
{
    if (!r->in_txn)
        return;
    if (sqlite3_exec(r->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        sqlite3_exec(r->db, "ROLLBACK", NULL, NULL, NULL);
    r->in_txn = false;
}

/* The key's destructor: the thread that owned r exits. */
static void reader_release(void *arg)
{
    store_reader_t *r = arg;
    pthread_mutex_lock(&r->lock);
    reader_end(r);
    pthread_mutex_unlock(&r->lock);
    __atomic_store_n(&r->claimed, 0, __ATOMIC_RELEASE);
}

/* Opens r's connection and statements (r claimed, r->lock held); false
 * leaves r as it was. A reader only reads, but opens read-write: a WAL
 * database needs its -shm writable to be read. */
static bool reader_open(const pet_store_t *s, store_reader_t *r)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *get = NULL, *list = NULL;
    bool ok = sqlite3_open_v2(s->path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                              NULL) == SQLITE_OK;
    if (ok) {
        sqlite3_extended_result_codes(db, 1);
        sqlite3_busy_timeout(db, 5000);
        ok = sqlite3_prepare_v3(db, stmt_sql[ST_GET], -1, SQLITE_PREPARE_PERSISTENT, &get,
                                NULL) == SQLITE_OK &&
             sqlite3_prepare_v3(db, stmt_sql[ST_LIST], -1, SQLITE_PREPARE_PERSISTENT, &list,
                                NULL) == SQLITE_OK;
    }
    if (!ok) {
        sqlite3_finalize(get);
        sqlite3_finalize(list);
        sqlite3_close(db);
        return false;
    }
    r->db = db;
    r->get = get;
    r->list = list;
    r->in_txn = false;
    return true;
}

/* The calling thread's reader, claimed on its first read; NULL when the
 * store has none to give (":memory:", more reading threads than
 * STORE_READERS, or a connection that cannot be opened). */
static store_reader_t *reader_for(pet_store_t *s)
{
    if (!s->readers_on)
        return NULL;
    store_reader_t *r = pthread_getspecific(s->key);
    if (r != NULL)
        return r;
    for (size_t i = 0; i < STORE_READERS; i++) {
        r = &s->readers[i];
        if (__atomic_load_n(&r->claimed, __ATOMIC_RELAXED) != 0 ||
            __atomic_exchange_n(&r->claimed, 1, __ATOMIC_ACQUIRE) != 0)
            continue;
        pthread_mutex_lock(&r->lock);
        bool ready = r->db != NULL || reader_open(s, r);
        pthread_mutex_unlock(&r->lock);
        if (ready && pthread_setspecific(s->key, r) == 0)
            return r;
        __atomic_store_n(&r->claimed, 0, __ATOMIC_RELEASE);
        return NULL;
    }
    return NULL;
}

/* The calling thread's reader, locked, in a read transaction that sees
 * every write this store committed before the call; NULL: read on the
 * writer connection instead. The kept transaction is renewed when the
 * store has written since it began (the write generation), and when it is
 * older than STORE_SNAPSHOT_US (other processes' writes). */
static store_reader_t *read_begin(pet_store_t *s)
{
    store_reader_t *r = reader_for(s);
    if (r == NULL)
        return NULL;
    pthread_mutex_lock(&r->lock);
    uint64_t generation = __atomic_load_n(&s->generation, __ATOMIC_ACQUIRE);
    uint64_t now = store_now_us();
    if (r->in_txn && (r->generation != generation || now - r->since_us > STORE_SNAPSHOT_US))
        reader_end(r);
    if (!r->in_txn) {
        /* Deferred: the snapshot is taken by the first read after it,
         * so after the generation above was read. */
        if (sqlite3_exec(r->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
            pthread_mutex_unlock(&r->lock);
            return NULL; /* the writer connection will say what is wrong */
        }
        r->in_txn = true;
        r->generation = generation;
        r->since_us = now;
    }
    return r;
}

/* Releases the reader; a failed read ends its transaction. */
static pet_store_status_t read_end(store_reader_t *r, pet_store_status_t status)
{
    if (failed(status))
        reader_end(r);
    pthread_mutex_unlock(&r->lock);
    return status;
}

/* After a write: readers begin a new snapshot at their next read, and
 * the idle ones let go of theirs now (a kept snapshot holds the WAL back
 * from being checkpointed past it). A reader busy reading keeps its lock
 * and its snapshot; the generation renews it at its next read. */
static void store_wrote(pet_store_t *s)
{
    if (!s->readers_on)
        return;
    __atomic_add_fetch(&s->generation, 1, __ATOMIC_RELEASE);
    for (size_t i = 0; i < STORE_READERS; i++) {
        store_reader_t *r = &s->readers[i];
        if (pthread_mutex_trylock(&r->lock) != 0)
            continue;
        reader_end(r);
        pthread_mutex_unlock(&r->lock);
    }
}

/* ---- open and close ------------------------------------------------------ */

/* Runs one statement of setup_sql to its end (a PRAGMA answers a row). */
static pet_store_status_t run_setup(pet_store_t *s, const char *sql, pet_store_error_t *err)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return db_fail(s, err);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        continue;
    pet_store_status_t status = rc == SQLITE_DONE ? PET_STORE_OK : db_fail(s, err);
    sqlite3_finalize(st);
    return status;
}

static pet_store_status_t prepare_all(pet_store_t *s, pet_store_error_t *err)
{
    for (size_t i = 0; i < sizeof setup_sql / sizeof setup_sql[0]; i++) {
        pet_store_status_t status = run_setup(s, setup_sql[i], err);
        if (status != PET_STORE_OK)
            return status;
    }
    for (int i = 0; i < ST_COUNT_; i++) {
        if (sqlite3_prepare_v3(s->db, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &s->st[i],
                               NULL) != SQLITE_OK)
            return db_fail(s, err);
    }
    return PET_STORE_OK;
}

/* The mutexes, and the readers' key for a file database. */
static bool sync_init(pet_store_t *s, const char *path)
{
    size_t made = 0;
    bool ok = pthread_mutex_init(&s->lock, NULL) == 0;
    for (; ok && made < STORE_READERS; made++)
        ok = pthread_mutex_init(&s->readers[made].lock, NULL) == 0;
    s->readers_on = ok && strcmp(path, ":memory:") != 0 && path[0] != '\0';
    if (s->readers_on) {
        s->path = malloc(strlen(path) + 1);
        ok = s->path != NULL && pthread_key_create(&s->key, reader_release) == 0;
        if (ok)
            strcpy(s->path, path);
        else
            s->readers_on = false;
    }
    if (!ok) {
        free(s->path);
        while (made > 0)
            pthread_mutex_destroy(&s->readers[--made].lock);
        pthread_mutex_destroy(&s->lock); /* made > 0: it was created */
    }
    return ok;
}

pet_store_status_t pet_store_open(const char *path, pet_store_t **out, pet_store_error_t *err)
{
    error_clear(err);
    *out = NULL;
    pet_store_t *s = calloc(1, sizeof *s);
    if (s == NULL)
        return error_set(err, SQLITE_NOMEM, "out of memory");
    if (!sync_init(s, path)) {
        free(s);
        return error_set(err, 0, "cannot create the store's mutexes");
    }
    /* NOMUTEX: s->lock already serialises every use of the connection. */
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    int rc = sqlite3_open_v2(path, &s->db, flags, NULL);
    pet_store_status_t status = PET_STORE_OK;
    if (s->db == NULL) {
        status = error_set(err, rc, sqlite3_errstr(rc));
    } else if (rc != SQLITE_OK) {
        status = db_fail(s, err);
    } else {
        sqlite3_extended_result_codes(s->db, 1);
        sqlite3_busy_timeout(s->db, 5000);
        status = prepare_all(s, err);
    }
    if (status != PET_STORE_OK) {
        pet_store_close(s);
        return status;
    }
    *out = s;
    return PET_STORE_OK;
}

void pet_store_close(pet_store_t *store)
{
    if (store == NULL)
        return;
    /* No thread's exit touches the readers once the key is gone. */
    if (store->readers_on)
        pthread_key_delete(store->key);
    for (size_t i = 0; i < STORE_READERS; i++) {
        store_reader_t *r = &store->readers[i];
        sqlite3_finalize(r->get);
        sqlite3_finalize(r->list);
        sqlite3_close(r->db); /* rolls a kept read transaction back; NULL is a no-op */
        pthread_mutex_destroy(&r->lock);
    }
    for (int i = 0; i < ST_COUNT_; i++)
        sqlite3_finalize(store->st[i]); /* NULL is a no-op */
    sqlite3_close(store->db);
    pthread_mutex_destroy(&store->lock);
    free(store->path);
    free(store);
}

/* ---- reading --------------------------------------------------------------- */

/* The pet with id, through db's ST_GET statement st. */
static pet_store_status_t get_on(sqlite3 *db, sqlite3_stmt *st, int64_t id, pet_t *out,
                                 pet_store_error_t *err)
{
    stmt_ready(st);
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    pet_store_status_t status;
    if (rc == SQLITE_ROW)
        status = row_to_pet(st, out, err);
    else if (rc == SQLITE_DONE)
        status = PET_STORE_NOT_FOUND;
    else
        status = db_fail_on(db, err);
    done(st);
    return status;
}

/* The pet with id, on the writer connection, the lock held. */
static pet_store_status_t get_locked(pet_store_t *s, int64_t id, pet_t *out,
                                     pet_store_error_t *err)
{
    return get_on(s->db, s->st[ST_GET], id, out, err);
}

pet_store_status_t pet_store_get(pet_store_t *store, int64_t id, pet_t *out,
                                 pet_store_error_t *err)
{
    error_clear(err);
    store_reader_t *r = read_begin(store);
    if (r != NULL)
        return read_end(r, get_on(r->db, r->get, id, out, err));
    pthread_mutex_lock(&store->lock);
    pet_store_status_t status = get_locked(store, id, out, err);
    pthread_mutex_unlock(&store->lock);
    return status;
}

static pet_store_status_t list_on(sqlite3 *db, sqlite3_stmt *st, int64_t after_id, pet_t *out,
                                  size_t cap, size_t *count, pet_store_error_t *err)
{
    stmt_ready(st);
    sqlite3_bind_int64(st, 1, after_id);
    sqlite3_bind_int64(st, 2, cap > (size_t)INT64_MAX ? INT64_MAX : (sqlite3_int64)cap);
    pet_store_status_t status = PET_STORE_OK;
    int rc = SQLITE_DONE;
    while (status == PET_STORE_OK && *count < cap && (rc = sqlite3_step(st)) == SQLITE_ROW)
        status = row_to_pet(st, &out[(*count)++], err);
    if (status == PET_STORE_OK && *count < cap && rc != SQLITE_DONE)
        status = db_fail_on(db, err);
    done(st);
    return status;
}

pet_store_status_t pet_store_list(pet_store_t *store, int64_t after_id, pet_t *out, size_t cap,
                                  size_t *count, pet_store_error_t *err)
{
    error_clear(err);
    *count = 0;
    if (cap == 0)
        return PET_STORE_OK;
    pet_store_status_t status;
    store_reader_t *r = read_begin(store);
    if (r != NULL) {
        status = read_end(r, list_on(r->db, r->list, after_id, out, cap, count, err));
    } else {
        pthread_mutex_lock(&store->lock);
        status = list_on(store->db, store->st[ST_LIST], after_id, out, cap, count, err);
        pthread_mutex_unlock(&store->lock);
    }
    if (status != PET_STORE_OK)
        *count = 0;
    return status;
}

/* Each of ids through db's ST_GET statement st, inside a transaction. */
static pet_store_status_t get_each(sqlite3 *db, sqlite3_stmt *st, const int64_t *ids, size_t n,
                                   pet_t *out, bool *found, size_t *found_count,
                                   pet_store_error_t *err)
{
    pet_store_status_t status = PET_STORE_OK;
    for (size_t i = 0; i < n && status == PET_STORE_OK; i++) {
        pet_store_status_t got = get_on(db, st, ids[i], &out[i], err);
        found[i] = got == PET_STORE_OK;
        *found_count += found[i];
        if (got == PET_STORE_NOT_FOUND)
            memset(&out[i], 0, sizeof out[i]);
        else
            status = got;
    }
    return status;
}

static pet_store_status_t get_many_locked(pet_store_t *s, const int64_t *ids, size_t n,
                                          pet_t *out, bool *found, size_t *found_count,
                                          pet_store_error_t *err)
{
    pet_store_status_t status = exec(s, ST_BEGIN_READ, err);
    if (status != PET_STORE_OK)
        return status;
    status = get_each(s->db, s->st[ST_GET], ids, n, out, found, found_count, err);
    return end(s, status, err);
}

pet_store_status_t pet_store_get_many(pet_store_t *store, const int64_t *ids, size_t n,
                                      pet_t *out, bool *found, size_t *found_count,
                                      pet_store_error_t *err)
{
    size_t count = 0;
    pet_store_status_t status;
    error_clear(err);
    store_reader_t *r = read_begin(store); /* its kept transaction: one snapshot */
    if (r != NULL) {
        status = read_end(r, get_each(r->db, r->get, ids, n, out, found, &count, err));
    } else {
        pthread_mutex_lock(&store->lock);
        status = get_many_locked(store, ids, n, out, found, &count, err);
        pthread_mutex_unlock(&store->lock);
    }
    if (found_count != NULL)
        *found_count = status == PET_STORE_OK ? count : 0;
    return status;
}

/* ---- writing --------------------------------------------------------------- */

static pet_store_status_t insert_locked(pet_store_t *s, pet_t *pet, pet_store_error_t *err)
{
    sqlite3_stmt *st = stmt(s, ST_INSERT);
    if (pet->id != 0)
        sqlite3_bind_int64(st, 1, pet->id); /* else NULL: the store assigns one */
    sqlite3_bind_text(st, 2, pet->name, name_len(pet), SQLITE_STATIC);
    const char *species = pet_species_name(pet->species);
    if (species != NULL)
        sqlite3_bind_text(st, 3, species, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, pet->age);
    int rc = sqlite3_step(st);
    pet_store_status_t status = PET_STORE_OK;
    if (rc == SQLITE_DONE) {
        pet->id = sqlite3_last_insert_rowid(s->db);
        pet->version = 1;
    } else if (sqlite3_extended_errcode(s->db) == SQLITE_CONSTRAINT_PRIMARYKEY) {
        status = PET_STORE_EXISTS;
    } else {
        status = db_fail(s, err);
    }
    done(st);
    return status;
}

pet_store_status_t pet_store_create(pet_store_t *store, pet_t *pet, pet_store_error_t *err)
{
    error_clear(err);
    if (pet->id > PET_ID_CREATE_MAX) /* the AUTOINCREMENT would run out (pet.h) */
        return error_set(err, SQLITE_CONSTRAINT, "id above PET_ID_CREATE_MAX");
    pthread_mutex_lock(&store->lock);
    pet_store_status_t status = insert_locked(store, pet, err);
    pthread_mutex_unlock(&store->lock);
    store_wrote(store);
    return status;
}

/* Reads pet `id` inside the current transaction and checks the
 * precondition: *current is the pet as it is. */
static pet_store_status_t check_locked(pet_store_t *s, int64_t id, int64_t expect,
                                       pet_t *current, pet_store_error_t *err)
{
    pet_store_status_t status = get_locked(s, id, current, err);
    if (status == PET_STORE_OK && expect != PET_STORE_ANY_VERSION && current->version != expect)
        status = PET_STORE_VERSION_MISMATCH;
    return status;
}

static pet_store_status_t update_row(pet_store_t *s, int64_t id, const pet_patch_t *patch,
                                     pet_store_error_t *err)
{
    sqlite3_stmt *st = stmt(s, ST_UPDATE);
    sqlite3_bind_int64(st, 1, id);
    if (patch->fields & PET_FIELD_NAME)
        sqlite3_bind_text(st, 2, patch->pet.name, name_len(&patch->pet), SQLITE_STATIC);
    if (patch->fields & PET_FIELD_SPECIES) {
        const char *species = pet_species_name(patch->pet.species);
        if (species == NULL) { /* coalesce would keep the old one: refuse instead */
            done(st);
            return error_set(err, SQLITE_CONSTRAINT, "species outside the table");
        }
        sqlite3_bind_text(st, 3, species, -1, SQLITE_STATIC);
    }
    if (patch->fields & PET_FIELD_AGE)
        sqlite3_bind_int64(st, 4, patch->pet.age);
    pet_store_status_t status = sqlite3_step(st) == SQLITE_DONE ? PET_STORE_OK : db_fail(s, err);
    done(st);
    return status;
}

static const unsigned patch_fields = PET_FIELD_NAME | PET_FIELD_SPECIES | PET_FIELD_AGE;

static pet_store_status_t patch_locked(pet_store_t *s, int64_t id, const pet_patch_t *patch,
                                       int64_t expect, pet_t *out, pet_store_error_t *err)
{
    pet_store_status_t status = exec(s, ST_BEGIN_WRITE, err);
    if (status != PET_STORE_OK)
        return status;
    status = check_locked(s, id, expect, out, err);
    if (status == PET_STORE_OK && (patch->fields & patch_fields) != 0) {
        status = update_row(s, id, patch, err);
        if (status == PET_STORE_OK)
            status = get_locked(s, id, out, err);
    }
    return end(s, status, err);
}

pet_store_status_t pet_store_patch(pet_store_t *store, int64_t id, const pet_patch_t *patch,
                                   int64_t expect, pet_t *out, pet_store_error_t *err)
{
    pet_t current;
    error_clear(err);
    pthread_mutex_lock(&store->lock);
    pet_store_status_t status = patch_locked(store, id, patch, expect, &current, err);
    pthread_mutex_unlock(&store->lock);
    store_wrote(store);
    if (out != NULL && (status == PET_STORE_OK || status == PET_STORE_VERSION_MISMATCH))
        *out = current;
    return status;
}

pet_store_status_t pet_store_replace(pet_store_t *store, int64_t id, const pet_t *values,
                                     int64_t expect, pet_t *out, pet_store_error_t *err)
{
    pet_patch_t patch = { .fields = patch_fields, .pet = *values };
    return pet_store_patch(store, id, &patch, expect, out, err);
}

static pet_store_status_t delete_locked(pet_store_t *s, int64_t id, int64_t expect,
                                        pet_t *current, pet_store_error_t *err)
{
    pet_store_status_t status = exec(s, ST_BEGIN_WRITE, err);
    if (status != PET_STORE_OK)
        return status;
    status = check_locked(s, id, expect, current, err);
    if (status == PET_STORE_OK) {
        sqlite3_stmt *st = stmt(s, ST_DELETE);
        sqlite3_bind_int64(st, 1, id);
        if (sqlite3_step(st) != SQLITE_DONE)
            status = db_fail(s, err);
        done(st);
    }
    return end(s, status, err);
}

pet_store_status_t pet_store_delete(pet_store_t *store, int64_t id, int64_t expect,
                                    int64_t *current_version, pet_store_error_t *err)
{
    pet_t current;
    error_clear(err);
    pthread_mutex_lock(&store->lock);
    pet_store_status_t status = delete_locked(store, id, expect, &current, err);
    pthread_mutex_unlock(&store->lock);
    store_wrote(store);
    if (current_version != NULL && status == PET_STORE_VERSION_MISMATCH)
        *current_version = current.version;
    return status;
}

pet_store_status_t pet_store_break(pet_store_t *store, pet_store_error_t *err)
{
    error_clear(err);
    pthread_mutex_lock(&store->lock);
    sqlite3_stmt *st;
    pet_store_status_t status = PET_STORE_OK;
    if (sqlite3_prepare_v2(store->db, "DROP TABLE pets", -1, &st, NULL) != SQLITE_OK) {
        status = db_fail(store, err);
    } else {
        if (sqlite3_step(st) != SQLITE_DONE)
            status = db_fail(store, err);
        sqlite3_finalize(st);
    }
    pthread_mutex_unlock(&store->lock);
    store_wrote(store);
    return status;
}

/* A PRAGMA takes no bound parameter: the number is formatted, never text
 * from a request. */
pet_store_status_t pet_store_limit_pages(pet_store_t *store, int64_t pages, int64_t *pages_out,
                                         pet_store_error_t *err)
{
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA max_page_count = %" PRId64, pages);
    error_clear(err);
    pthread_mutex_lock(&store->lock);
    sqlite3_stmt *st;
    pet_store_status_t status = PET_STORE_OK;
    if (sqlite3_prepare_v2(store->db, sql, -1, &st, NULL) != SQLITE_OK) {
        status = db_fail(store, err);
    } else {
        if (sqlite3_step(st) != SQLITE_ROW) /* it answers the cap in effect */
            status = db_fail(store, err);
        else if (pages_out != NULL)
            *pages_out = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    pthread_mutex_unlock(&store->lock);
    return status;
}
