/* /pets: the list, a batch of ids (200 when all exist, 207 with a problem
 * per missing pet, 404 when none exists: never a bare 200 with fewer
 * pets), and creation. */
#include <string.h>

#include "pet_json.h"
#include "server.h"

static errata_status_t list_all(struct petstore *app, errata_mhd_request_t *req,
                                errata_mhd_response_t *res, errata_problem_t *err)
{
    pet_t pets[PETSTORE_LIST_MAX];
    size_t count;
    pet_store_error_t why;
    pet_store_status_t s = pet_store_list(app->store, 0, pets, PETSTORE_LIST_MAX, &count, &why);
    if (s != PET_STORE_OK)
        return petstore_store_failed(req, s, NULL, NULL, &why, err);
    errata_json_writer_t w;
    errata_mhd_json_writer(res, &w);
    pet_json_put_list(&w, pets, count);
    errata_mhd_json_done(res, &w); /* one that did not fit fails the response: a 500 */
    return errata_mhd_ok(res);
}

struct batch {
    int64_t ids[PETSTORE_MAX_BATCH];
    char text[PETSTORE_MAX_BATCH][PET_ID_TEXT_SIZE];
    size_t count;
    pet_t pets[PETSTORE_MAX_BATCH];
    bool found[PETSTORE_MAX_BATCH];
    size_t found_count;
};

static errata_status_t bad_ids(const char *detail, errata_problem_t *err)
{
    const pets_pet_validation_failed_errors_item_t bad[] = { { .pointer = "", .detail = detail } };
    PETS_THROW_PET_VALIDATION_FAILED(err, .errors = { bad, 1 },
                                     .detail = "The id query parameter is not a list of pet ids");
}

/* "1,2,3" into b; a 422 when an id is not a decimal integer or there are
 * too many. */
static errata_status_t parse_ids(const char *list, struct batch *b, errata_problem_t *err)
{
    b->count = 0;
    for (const char *p = list;; p++) {
        size_t n = strcspn(p, ",");
        if (b->count == PETSTORE_MAX_BATCH)
            return bad_ids("at most 64 ids in one request", err);
        if (!pet_id_parse(p, n, &b->ids[b->count]))
            return bad_ids("every id must be a decimal integer, the ids separated by commas",
                           err);
        pet_id_format(b->ids[b->count], b->text[b->count]);
        b->count++;
        p += n;
        if (*p == '\0')
            return ERRATA_OK;
    }
}

static errata_status_t missing(errata_problem_t *p, const char *id)
{
    PETS_THROW_PET_NOT_FOUND(p, .pet_id = id);
}

/* 207: each pet, or a PET_NOT_FOUND problem for it. */
static errata_status_t multi_status(struct batch *b, errata_mhd_response_t *res)
{
    if (!errata_mhd_multi_begin(res))
        return errata_mhd_multi_status(res); /* failed: the adapter answers 500 */
    for (size_t i = 0; i < b->count; i++) {
        if (b->found[i]) {
            char one[512];
            pet_json_write(&b->pets[i], one, sizeof one);
            errata_mhd_multi_value(res, b->text[i], one);
        } else {
            errata_problem_t p;
            (void)missing(&p, b->text[i]);
            errata_mhd_multi_problem(res, b->text[i], &p);
        }
    }
    return errata_mhd_multi_status(res);
}

static errata_status_t batch(struct petstore *app, const char *list, errata_mhd_request_t *req,
                             errata_mhd_response_t *res, errata_problem_t *err)
{
    struct batch b;
    pet_store_error_t why;
    memset(&b, 0, sizeof b);
    ERRATA_TRY(parse_ids(list, &b, err));
    pet_store_status_t s = pet_store_get_many(app->store, b.ids, b.count, b.pets, b.found,
                                              &b.found_count, &why);
    if (s != PET_STORE_OK)
        return petstore_store_failed(req, s, NULL, NULL, &why, err);
    if (b.found_count == 0)
        PETS_THROW_PET_NOT_FOUND(err, .pet_id = list, .detail = "None of the pets exists");
    if (b.found_count < b.count)
        return multi_status(&b, res);
    pet_json_batch_item_t items[PETSTORE_MAX_BATCH];
    for (size_t i = 0; i < b.count; i++)
        items[i] = (pet_json_batch_item_t){ b.ids[i], 200, &b.pets[i], NULL, 0 };
    errata_json_writer_t w;
    errata_mhd_json_writer(res, &w);
    pet_json_put_batch(&w, items, b.count);
    errata_mhd_json_done(res, &w);
    return errata_mhd_ok(res);
}

errata_status_t petstore_list_pets(errata_mhd_request_t *req, errata_mhd_response_t *res,
                                   errata_problem_t *err)
{
    struct petstore *app = errata_mhd_app(req);
    ERRATA_TRY(petstore_require(req, PETSTORE_SCOPE_READ, err));
    const char *ids = errata_mhd_query(req, "id");
    return ids != NULL ? batch(app, ids, req, res, err) : list_all(app, req, res, err);
}

errata_status_t petstore_create_pet(errata_mhd_request_t *req, errata_mhd_response_t *res,
                                    errata_problem_t *err)
{
    struct petstore *app = errata_mhd_app(req);
    pet_patch_t patch;
    pet_store_error_t why;
    char id[PET_ID_TEXT_SIZE];
    ERRATA_TRY(petstore_require(req, PETSTORE_SCOPE_WRITE, err));
    ERRATA_TRY(petstore_read_pet(req, PET_JSON_CREATE, &patch, err));
    pet_store_status_t s = pet_store_create(app->store, &patch.pet, &why);
    if (s != PET_STORE_OK) {
        pet_id_format(patch.pet.id, id);
        return petstore_store_failed(req, s, id, NULL, &why, err);
    }
    return petstore_send_pet(res, &patch.pet, true);
}
