/* A request body becomes a pet or one of three problems, in this order:
 * not JSON by its Content-Type (415), not JSON by its bytes (400, with the
 * offset), a pet that breaks the rules (422, every broken rule at once). */
#include <string.h>
#include <strings.h>

#include "pet_json.h"
#include "server.h"

/* application/json, any case, parameters (charset) allowed. */
static bool is_json(const char *content_type)
{
    static const char json[] = "application/json";
    if (content_type == NULL || strncasecmp(content_type, json, sizeof json - 1) != 0)
        return false;
    char next = content_type[sizeof json - 1];
    return next == '\0' || next == ';' || next == ' ' || next == '\t';
}

static errata_status_t check_media_type(errata_mhd_request_t *req, errata_problem_t *err)
{
    static const char *const supported[] = { "application/json" };
    const char *type = errata_mhd_header(req, "Content-Type");
    if (is_json(type))
        return ERRATA_OK;
    PETS_THROW_UNSUPPORTED_CONTENT_TYPE(err, .supported = { supported, 1 }, .received = type);
}

/* The report's failures as the catalog's errors member. The problem's arena
 * holds as many as fit; the runtime flags the rest as cut. */
static errata_status_t invalid(const pet_json_report_t *report, errata_problem_t *err)
{
    pets_pet_validation_failed_errors_item_t items[PET_JSON_MAX_ERRORS];
    size_t n = report->error_count < PET_JSON_MAX_ERRORS ? report->error_count
                                                         : PET_JSON_MAX_ERRORS;
    for (size_t i = 0; i < n; i++) {
        items[i].pointer = report->errors[i].pointer;
        items[i].detail = report->errors[i].detail;
    }
    PETS_THROW_PET_VALIDATION_FAILED(err, .errors = { items, n });
}

errata_status_t petstore_read_pet(errata_mhd_request_t *req, int mode, pet_patch_t *out,
                                  errata_problem_t *err)
{
    pet_json_report_t report;
    size_t len;
    memset(&report, 0, sizeof report);
    const char *body = errata_mhd_body(req, &len);
    ERRATA_TRY(check_media_type(req, err));
    switch (pet_json_parse(body, len, (pet_json_mode_t)mode, out, &report)) {
    case PET_JSON_OK:
        return ERRATA_OK;
    case PET_JSON_SYNTAX_ERROR:
        PETS_THROW_MALFORMED_JSON(err, .offset = ERRATA_INT((int64_t)report.offset),
                                  .detail = report.syntax_error);
    case PET_JSON_INVALID:
        break;
    }
    return invalid(&report, err);
}

int64_t petstore_if_match(errata_mhd_request_t *req)
{
    const char *value = errata_mhd_header(req, "If-Match");
    int64_t version;
    if (value == NULL || strcmp(value, "*") == 0)
        return PET_STORE_ANY_VERSION;
    if (pet_etag_parse(value, strlen(value), &version) && version != PET_STORE_ANY_VERSION)
        return version;
    return -1; /* a weak, foreign or malformed tag matches no pet */
}
