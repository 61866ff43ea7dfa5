/* The descriptors of fixtures.h, as errata generate would write them. */
#include "fixtures.h"

#define FX_PREFIX(slug_, title_, status_, code_)                                                  \
    "{\"type\":\"https://errors.example/" slug_ "\",\"title\":\"" title_ "\",\"status\":" #status_ \
    ",\"code\":\"" code_ "\""

/* cache_control is left to each descriptor: BAD_REQUEST has none, to show
 * the runtime's no-store default. */
#define FX_BODY(slug_, title_, status_, code_)                                                    \
    .code_name = code_, .status = status_, .title = title_,                                       \
    .type_uri = "https://errors.example/" slug_,                                                  \
    .body_prefix = FX_PREFIX(slug_, title_, status_, code_),                                      \
    .body_prefix_len = sizeof FX_PREFIX(slug_, title_, status_, code_) - 1

#define FX_KEY(name_) .name = name_, .json_key = "\"" name_ "\":"
#define FX_COUNT(a) (sizeof(a) / sizeof((a)[0]))

#define FX_MEMBER(T, field, kind_, req, byptr)                                                    \
    { FX_KEY(#field), .kind = kind_, .required = req, .by_pointer = byptr,                        \
      .offset = offsetof(T, field) }

#define FX_ARRAY(T, field, item, size)                                                            \
    { FX_KEY(#field), .kind = ERRATA_KIND_ARRAY, .offset = offsetof(T, field.items),              \
      .count_offset = offsetof(T, field.count), .item_kind = item, .item_size = size }

/* ---- BAD_REQUEST ------------------------------------------------------- */

const errata_descriptor_t fx_bad_request = {
    .code = 1,
    FX_BODY("bad-request", "Bad request", 400, "BAD_REQUEST"),
};

/* ---- PET_NOT_FOUND ------------------------------------------------------ */

static const errata_member_desc_t fx_pet_not_found_members[] = {
    FX_MEMBER(fx_pet_not_found_t, pet_id, ERRATA_KIND_STRING, true, false),
};
static const errata_template_part_t fx_pet_not_found_detail[] = {
    { "Pet ", -1, false },
    { NULL, 0, false },
    { " does not exist", -1, false },
};
const errata_descriptor_t fx_pet_not_found = {
    .code = 2,
    FX_BODY("pet-not-found", "Pet not found", 404, "PET_NOT_FOUND"),
    .cache_control = "no-store",
    .detail = fx_pet_not_found_detail,
    .detail_part_count = FX_COUNT(fx_pet_not_found_detail),
    .members = fx_pet_not_found_members,
    .member_count = FX_COUNT(fx_pet_not_found_members),
};

/* ---- RATE_LIMITED ------------------------------------------------------- */

static const errata_member_desc_t fx_rate_limited_members[] = {
    FX_MEMBER(fx_rate_limited_t, retry_after, ERRATA_KIND_INTEGER, true, false),
    FX_MEMBER(fx_rate_limited_t, limit, ERRATA_KIND_INTEGER, false, true),
};
static const errata_template_part_t fx_retry_after_0[] = { { NULL, 0, false } };
static const errata_template_part_t fx_limit_1[] = { { NULL, 1, false } };
static const errata_header_desc_t fx_rate_limited_headers[] = {
    { .name = "Retry-After", .parts = fx_retry_after_0, .part_count = 1 },
    { .name = "X-RateLimit-Limit", .parts = fx_limit_1, .part_count = 1 },
};
static const errata_template_part_t fx_rate_limited_detail[] = {
    { "Retry in ", -1, false },
    { NULL, 0, false },
    { " seconds", -1, false },
};
const errata_descriptor_t fx_rate_limited = {
    .code = 3,
    FX_BODY("rate-limited", "Too many requests", 429, "RATE_LIMITED"),
    .cache_control = "no-store",
    .retryable = true,
    .detail = fx_rate_limited_detail,
    .detail_part_count = FX_COUNT(fx_rate_limited_detail),
    .members = fx_rate_limited_members,
    .member_count = FX_COUNT(fx_rate_limited_members),
    .headers = fx_rate_limited_headers,
    .header_count = FX_COUNT(fx_rate_limited_headers),
};

/* ---- VALIDATION_FAILED ------------------------------------------------- */

static const errata_member_desc_t fx_validation_error_props[] = {
    FX_MEMBER(fx_validation_failed_error_t, pointer, ERRATA_KIND_STRING, false, false),
    FX_MEMBER(fx_validation_failed_error_t, detail, ERRATA_KIND_STRING, false, false),
};
static const errata_member_desc_t fx_validation_failed_members[] = {
    { FX_KEY("errors"), .kind = ERRATA_KIND_ARRAY,
      .offset = offsetof(fx_validation_failed_t, errors.items),
      .count_offset = offsetof(fx_validation_failed_t, errors.count),
      .item_kind = ERRATA_KIND_OBJECT, .item_size = sizeof(fx_validation_failed_error_t),
      .properties = fx_validation_error_props,
      .property_count = FX_COUNT(fx_validation_error_props) },
};
const errata_descriptor_t fx_validation_failed = {
    .code = 4,
    FX_BODY("validation-failed", "Request body failed validation", 422, "VALIDATION_FAILED"),
    .cache_control = "no-store",
    .members = fx_validation_failed_members,
    .member_count = FX_COUNT(fx_validation_failed_members),
};

/* ---- EVERY_TYPE ------------------------------------------------------------ */

static const errata_member_desc_t fx_every_type_row_props[] = {
    FX_MEMBER(fx_every_type_row_t, name, ERRATA_KIND_STRING, true, false),
    FX_MEMBER(fx_every_type_row_t, size, ERRATA_KIND_INTEGER, true, false),
    FX_MEMBER(fx_every_type_row_t, weight, ERRATA_KIND_NUMBER, false, true),
    FX_MEMBER(fx_every_type_row_t, active, ERRATA_KIND_BOOLEAN, false, true),
};
static const errata_member_desc_t fx_every_type_members[] = {
    FX_MEMBER(fx_every_type_t, text, ERRATA_KIND_STRING, true, false),
    FX_MEMBER(fx_every_type_t, count, ERRATA_KIND_INTEGER, true, false),
    FX_MEMBER(fx_every_type_t, ratio, ERRATA_KIND_NUMBER, true, false),
    FX_MEMBER(fx_every_type_t, flag, ERRATA_KIND_BOOLEAN, true, false),
    FX_ARRAY(fx_every_type_t, texts, ERRATA_KIND_STRING, sizeof(const char *)),
    FX_ARRAY(fx_every_type_t, counts, ERRATA_KIND_INTEGER, sizeof(int64_t)),
    FX_ARRAY(fx_every_type_t, ratios, ERRATA_KIND_NUMBER, sizeof(double)),
    FX_ARRAY(fx_every_type_t, flags, ERRATA_KIND_BOOLEAN, sizeof(bool)),
    { FX_KEY("rows"), .kind = ERRATA_KIND_ARRAY, .offset = offsetof(fx_every_type_t, rows.items),
      .count_offset = offsetof(fx_every_type_t, rows.count), .item_kind = ERRATA_KIND_OBJECT,
      .item_size = sizeof(fx_every_type_row_t), .properties = fx_every_type_row_props,
      .property_count = FX_COUNT(fx_every_type_row_props) },
    FX_MEMBER(fx_every_type_t, opt_count, ERRATA_KIND_INTEGER, false, true),
    FX_MEMBER(fx_every_type_t, opt_ratio, ERRATA_KIND_NUMBER, false, true),
    FX_MEMBER(fx_every_type_t, opt_flag, ERRATA_KIND_BOOLEAN, false, true),
    FX_MEMBER(fx_every_type_t, opt_text, ERRATA_KIND_STRING, false, false),
};
static const errata_template_part_t fx_every_type_detail[] = {
    { "text=", -1, false }, { NULL, 0, false }, { " count=", -1, false }, { NULL, 1, false },
    { " ratio=", -1, false }, { NULL, 2, false }, { " flag=", -1, false }, { NULL, 3, false },
};
const errata_descriptor_t fx_every_type = {
    .code = 5,
    FX_BODY("every-type", "Every member type", 400, "EVERY_TYPE"),
    .cache_control = "no-store",
    .detail = fx_every_type_detail,
    .detail_part_count = FX_COUNT(fx_every_type_detail),
    .members = fx_every_type_members,
    .member_count = FX_COUNT(fx_every_type_members),
};

/* ---- ECHO ---------------------------------------------------------------- */

static const errata_member_desc_t fx_echo_members[] = {
    FX_MEMBER(fx_echo_t, text, ERRATA_KIND_STRING, true, false),
};
const errata_descriptor_t fx_echo = {
    .code = 6,
    FX_BODY("echo", "Echo", 400, "ECHO"),
    .cache_control = "no-store",
    .members = fx_echo_members,
    .member_count = FX_COUNT(fx_echo_members),
};

/* ---- INTERNAL_ERROR ------------------------------------------------------- */

static const errata_member_desc_t fx_internal_members[] = {
    FX_MEMBER(fx_internal_t, component, ERRATA_KIND_STRING, false, false),
};
static const errata_template_part_t fx_internal_detail[] = {
    { NULL, 0, false },
    { " failed", -1, false },
};
const errata_descriptor_t fx_internal = {
    .code = 7,
    FX_BODY("internal-error", "Internal error", 500, "INTERNAL_ERROR"),
    .cache_control = "no-store",
    .detail = fx_internal_detail,
    .detail_part_count = FX_COUNT(fx_internal_detail),
    .members = fx_internal_members,
    .member_count = FX_COUNT(fx_internal_members),
};

/* ---- UPSTREAM_FAILED ------------------------------------------------------- */

static const errata_member_desc_t fx_upstream_members[] = {
    FX_MEMBER(fx_upstream_t, upstream, ERRATA_KIND_STRING, false, false),
};
const errata_descriptor_t fx_upstream = {
    .code = 8,
    FX_BODY("upstream-failed", "Upstream failed", 502, "UPSTREAM_FAILED"),
    .cache_control = "no-store",
    .retryable = true,
    .members = fx_upstream_members,
    .member_count = FX_COUNT(fx_upstream_members),
    .trace_key = "\"request_ref\":",
};

/* ---- UNAVAILABLE ------------------------------------------------------------ */

static const errata_member_desc_t fx_unavailable_members[] = {
    FX_MEMBER(fx_unavailable_t, retry_after, ERRATA_KIND_INTEGER, true, false),
};
static const errata_header_desc_t fx_unavailable_headers[] = {
    { .name = "Retry-After", .parts = fx_retry_after_0, .part_count = 1 },
};
const errata_descriptor_t fx_unavailable = {
    .code = 9,
    FX_BODY("unavailable", "Service unavailable", 503, "UNAVAILABLE"),
    .cache_control = "no-store",
    .retryable = true,
    .expose_detail = true,
    .members = fx_unavailable_members,
    .member_count = FX_COUNT(fx_unavailable_members),
    .headers = fx_unavailable_headers,
    .header_count = FX_COUNT(fx_unavailable_headers),
};

/* ---- UNAUTHORIZED ------------------------------------------------------------ */

static const errata_member_desc_t fx_unauthorized_members[] = {
    FX_MEMBER(fx_unauthorized_t, auth_error, ERRATA_KIND_STRING, false, false),
};
static const errata_template_part_t fx_www_authenticate[] = {
    { "Bearer realm=\"x\", error=\"", -1, false },
    { NULL, 0, true }, /* inside the quoted-string */
    { "\"", -1, false },
};
static const errata_header_desc_t fx_unauthorized_headers[] = {
    { .name = "WWW-Authenticate", .parts = fx_www_authenticate,
      .part_count = FX_COUNT(fx_www_authenticate) },
};
const errata_descriptor_t fx_unauthorized = {
    .code = 10,
    FX_BODY("unauthorized", "Unauthorized", 401, "UNAUTHORIZED"),
    .cache_control = "no-store, private",
    .members = fx_unauthorized_members,
    .member_count = FX_COUNT(fx_unauthorized_members),
    .headers = fx_unauthorized_headers,
    .header_count = FX_COUNT(fx_unauthorized_headers),
};
