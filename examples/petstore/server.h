/* petstore-server: the Pet Store API over errata-mhd. What its parts share:
 * the application state every route reaches through errata_mhd_app(), and
 * the routes and hooks each file provides.
 *
 *   server_main.c   options, start, stop, signals
 *   server_auth.c   bearer tokens, scopes, the rate limit, maintenance
 *   server_pets.c   /pets/{id}: GET, PUT, PATCH, DELETE
 *   server_list.c   /pets: GET (a list, or a batch with ?id=), POST
 *   server_body.c   request bodies: Content-Type, JSON, validation
 *   server_docs.c   /errors/: the generated docs (pages, schemas)
 *   server_hooks.c  404, 405, 413, 500, the observer and the access log
 *
 * Every answer that is not a success is a problem of catalog/petstore.yaml,
 * thrown with the generated PETS_THROW_* macros. */
#ifndef PETSTORE_SERVER_H
#define PETSTORE_SERVER_H

#include <errata/mhd.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "pets_errors.h"
#include "store.h"

#define PETSTORE_MAX_TOKENS 16
#define PETSTORE_TOKEN_SIZE 64
#define PETSTORE_MAX_BATCH 64     /* ids in one GET /pets?id=... */
#define PETSTORE_LIST_MAX 100     /* pets in one GET /pets */
#define PETSTORE_RETRY_MAINTENANCE 300
#define PETSTORE_RETRY_FULL 60 /* Retry-After of 507 STORE_FULL: a disk full */

enum petstore_scope {
    PETSTORE_SCOPE_READ = 1u << 0,  /* read:pets */
    PETSTORE_SCOPE_WRITE = 1u << 1, /* write:pets */
};

struct petstore_token {
    char name[PETSTORE_TOKEN_SIZE];
    unsigned scopes;
    int64_t window;   /* the minute of the current rate window (Unix time / 60) */
    int64_t requests; /* requests in that window */
};

struct petstore {
    pet_store_t *store;
    struct petstore_token tokens[PETSTORE_MAX_TOKENS];
    size_t token_count;
    pthread_mutex_t rate_lock; /* tokens[].window and .requests */
    int64_t rate_limit;        /* requests a minute per token; 0: no limit */
    bool maintenance;
    int64_t maintenance_until; /* --maintenance-for: Unix time it ends; 0: none */
    errata_type_base_t type_base; /* the catalog's base_uri -> served_base */
    char served_base[512];
    errata_mhd_docs_t *docs; /* /errors/; NULL: 404 there */
    FILE *log;
};

/* ---- server_auth.c */
/* Adds a token ("reader-token", "read:pets"); false when the table is full or
 * a scope is unknown (*why says which). */
bool petstore_add_token(struct petstore *app, const char *name, const char *scopes,
                        const char **why);
/* errata-mhd's `before` hook: maintenance, then for /pets a valid bearer
 * token (401) within its rate (429). */
errata_status_t petstore_before(errata_mhd_request_t *req, errata_problem_t *err);
/* The scopes of the request's token (0 when none); routes check theirs. */
errata_status_t petstore_require(errata_mhd_request_t *req, unsigned scope,
                                 errata_problem_t *err);

/* ---- server_pets.c and server_list.c: routes */
errata_status_t petstore_get_pet(errata_mhd_request_t *req, errata_mhd_response_t *res,
                                 errata_problem_t *err);
errata_status_t petstore_put_pet(errata_mhd_request_t *req, errata_mhd_response_t *res,
                                 errata_problem_t *err);
errata_status_t petstore_patch_pet(errata_mhd_request_t *req, errata_mhd_response_t *res,
                                   errata_problem_t *err);
errata_status_t petstore_delete_pet(errata_mhd_request_t *req, errata_mhd_response_t *res,
                                    errata_problem_t *err);
errata_status_t petstore_list_pets(errata_mhd_request_t *req, errata_mhd_response_t *res,
                                   errata_problem_t *err);
errata_status_t petstore_create_pet(errata_mhd_request_t *req, errata_mhd_response_t *res,
                                    errata_problem_t *err);

/* ---- server_pets.c: helpers the routes share */
/* The {id} of the path as an id, or a 422 naming it. */
errata_status_t petstore_path_id(errata_mhd_request_t *req, int64_t *id, errata_problem_t *err);
/* A store failure as its problem: 404, 409, 412, 507 (a full disk, with
 * Retry-After) or (any other SQLite failure) 500. */
errata_status_t petstore_store_failed(errata_mhd_request_t *req, pet_store_status_t status,
                                      const char *pet_id, const pet_t *current,
                                      const pet_store_error_t *why, errata_problem_t *err);
/* A pet as the whole body, with its ETag; 200 or 201 (with Location). */
errata_status_t petstore_send_pet(errata_mhd_response_t *res, const pet_t *pet, bool created);

/* ---- server_body.c */
/* The request's pet: a JSON body (415, 400, 422 otherwise). */
errata_status_t petstore_read_pet(errata_mhd_request_t *req, int mode, pet_patch_t *out,
                                  errata_problem_t *err);
/* If-Match as the version it expects: PET_STORE_ANY_VERSION when absent or
 * "*"; -1 (matching no pet) when it is no strong entity tag of ours. */
int64_t petstore_if_match(errata_mhd_request_t *req);

/* ---- server_docs.c */
/* Opens the docs folder dir (index_name its HTML index); false after
 * printing why (the server runs on, answering 404 under /errors/). */
bool petstore_open_docs(struct petstore *app, const char *dir, const char *index_name);
void petstore_close_docs(struct petstore *app);
errata_status_t petstore_get_docs(errata_mhd_request_t *req, errata_mhd_response_t *res,
                                  errata_problem_t *err);

/* ---- server_hooks.c */
errata_status_t petstore_not_found(errata_mhd_request_t *req, errata_problem_t *err);
errata_status_t petstore_not_allowed(errata_mhd_request_t *req, const char *allow,
                                     errata_problem_t *err);
errata_status_t petstore_too_large(errata_mhd_request_t *req, errata_problem_t *err);
errata_status_t petstore_internal(errata_mhd_request_t *req, const char *why,
                                  errata_problem_t *err);
void petstore_observe(const errata_event_t *event, void *ctx);
void petstore_access_log(const errata_mhd_access_t *entry, void *ctx);

#endif
