/* /pets/{id}: read, replace, patch and delete one pet, each guarded by its
 * scope, and If-Match for the changes. */
#include <string.h>

#include "pet_json.h"
#include "server.h"

errata_status_t petstore_path_id(errata_mhd_request_t *req, int64_t *id, errata_problem_t *err)
{
    const char *text = errata_mhd_param(req, "id");
    if (text != NULL && pet_id_parse(text, strlen(text), id))
        return ERRATA_OK;
    static const pets_pet_validation_failed_errors_item_t bad[] = {
        { .pointer = "/id", .detail = "the pet id in the path must be a decimal integer" },
    };
    PETS_THROW_PET_VALIDATION_FAILED(err, .errors = { bad, 1 });
}

errata_status_t petstore_store_failed(errata_mhd_request_t *req, pet_store_status_t status,
                                      const char *pet_id, const pet_t *current,
                                      const pet_store_error_t *why, errata_problem_t *err)
{
    (void)req; /* the trace id comes from errata-mhd (the catalog's trace member) */
    char etag[PET_ETAG_SIZE];
    switch (status) {
    case PET_STORE_NOT_FOUND:
        PETS_THROW_PET_NOT_FOUND(err, .pet_id = pet_id);
    case PET_STORE_EXISTS:
        PETS_THROW_PET_ALREADY_EXISTS(err, .pet_id = pet_id);
    case PET_STORE_VERSION_MISMATCH:
        pet_etag_format(current->version, etag);
        PETS_THROW_VERSION_MISMATCH(err, .current_etag = etag);
    case PET_STORE_FULL: /* the SQLite message goes to the log only, as below */
        PETS_THROW_STORE_FULL(err, .retry_after = PETSTORE_RETRY_FULL, .detail = why->message);
    case PET_STORE_OK:
    case PET_STORE_DB_ERROR:
        break;
    }
    /* The SQLite message reaches the observer (the server's log) only: a
     * hidden 5xx sends a generic detail and the trace id. */
    PETS_THROW_INTERNAL_ERROR(err, .detail = why->message[0] ? why->message : "store failure");
}

errata_status_t petstore_send_pet(errata_mhd_response_t *res, const pet_t *pet, bool created)
{
    char body[512], etag[PET_ETAG_SIZE], id[PET_ID_TEXT_SIZE], location[64];
    size_t len = pet_json_write(pet, body, sizeof body);
    pet_etag_format(pet->version, etag);
    errata_mhd_append(res, body, len); /* a pet that did not fit fails the response: a 500 */
    errata_mhd_set_header(res, "ETag", etag);
    if (!created)
        return errata_mhd_ok(res);
    pet_id_format(pet->id, id);
    strcpy(location, "/pets/");
    strcat(location, id);
    return errata_mhd_created(res, location);
}

errata_status_t petstore_get_pet(errata_mhd_request_t *req, errata_mhd_response_t *res,
                                 errata_problem_t *err)
{
    struct petstore *app = errata_mhd_app(req);
    int64_t id;
    pet_t pet;
    pet_store_error_t why;
    ERRATA_TRY(petstore_require(req, PETSTORE_SCOPE_READ, err));
    ERRATA_TRY(petstore_path_id(req, &id, err));
    pet_store_status_t s = pet_store_get(app->store, id, &pet, &why);
    if (s != PET_STORE_OK)
        return petstore_store_failed(req, s, errata_mhd_param(req, "id"), NULL, &why, err);
    return petstore_send_pet(res, &pet, false);
}

/* PUT and PATCH: the body's id, when given, must be the path's. */
static errata_status_t same_id(const pet_patch_t *patch, int64_t id, errata_problem_t *err)
{
    if (!(patch->fields & PET_FIELD_ID) || patch->pet.id == id)
        return ERRATA_OK;
    static const pets_pet_validation_failed_errors_item_t bad[] = {
        { .pointer = "/id", .detail = "must be the id in the path, or left out" },
    };
    PETS_THROW_PET_VALIDATION_FAILED(err, .errors = { bad, 1 });
}

static errata_status_t change_pet(errata_mhd_request_t *req, errata_mhd_response_t *res,
                                  errata_problem_t *err, int mode)
{
    struct petstore *app = errata_mhd_app(req);
    int64_t id;
    pet_patch_t patch;
    pet_t pet;
    pet_store_error_t why;
    ERRATA_TRY(petstore_require(req, PETSTORE_SCOPE_WRITE, err));
    ERRATA_TRY(petstore_path_id(req, &id, err));
    ERRATA_TRY(petstore_read_pet(req, mode, &patch, err));
    ERRATA_TRY(same_id(&patch, id, err));
    int64_t expect = petstore_if_match(req);
    pet_store_status_t s = mode == PET_JSON_REPLACE
                               ? pet_store_replace(app->store, id, &patch.pet, expect, &pet, &why)
                               : pet_store_patch(app->store, id, &patch, expect, &pet, &why);
    if (s != PET_STORE_OK)
        return petstore_store_failed(req, s, errata_mhd_param(req, "id"), &pet, &why, err);
    return petstore_send_pet(res, &pet, false);
}

errata_status_t petstore_put_pet(errata_mhd_request_t *req, errata_mhd_response_t *res,
                                 errata_problem_t *err)
{
    return change_pet(req, res, err, PET_JSON_REPLACE);
}

errata_status_t petstore_patch_pet(errata_mhd_request_t *req, errata_mhd_response_t *res,
                                   errata_problem_t *err)
{
    return change_pet(req, res, err, PET_JSON_PATCH);
}

errata_status_t petstore_delete_pet(errata_mhd_request_t *req, errata_mhd_response_t *res,
                                    errata_problem_t *err)
{
    struct petstore *app = errata_mhd_app(req);
    int64_t id;
    pet_t current;
    pet_store_error_t why;
    ERRATA_TRY(petstore_require(req, PETSTORE_SCOPE_WRITE, err));
    ERRATA_TRY(petstore_path_id(req, &id, err));
    memset(&current, 0, sizeof current);
    pet_store_status_t s = pet_store_delete(app->store, id, petstore_if_match(req),
                                            &current.version, &why);
    if (s != PET_STORE_OK)
        return petstore_store_failed(req, s, errata_mhd_param(req, "id"), &current, &why, err);
    return errata_mhd_no_content(res);
}
