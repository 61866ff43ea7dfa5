/* The adapter's own answers, for when the application has no hook for one
 * (or its hook throws nothing): the standard problems of catalog/http.yaml,
 * type about:blank with the status's reason phrase as title (RFC 9457
 * section 4.2), with the same codes, members and headers, so that a 404 is
 * a "Not Found" and not a generic 500, and a client decoding with a catalog
 * that includes http.yaml reads them as that catalog's own entries.
 *
 * They are written here by hand, not generated: errata-mhd builds without
 * the generator. Their trace member is the runtime's default (trace_id), as
 * for liberrata's generic 500; an application that names it otherwise sets
 * the hooks and throws its own catalog's codes. */
#include "mhd_internal.h"

#include <stddef.h>

/* The member structs errata_throw reads, laid out as a generated throw
 * struct would be: one per descriptor that has members. */
typedef struct errata_mhd_allow_members {
    const char *allow;
} errata_mhd_allow_members_t;

typedef struct errata_mhd_retry_members {
    int64_t retry_after;
} errata_mhd_retry_members_t;

static const errata_member_desc_t errata_mhd_allow_member[] = {
    { .name = "allow", .json_key = "\"allow\":", .kind = ERRATA_KIND_STRING, .required = true,
      .offset = offsetof(errata_mhd_allow_members_t, allow) },
};

static const errata_member_desc_t errata_mhd_retry_member[] = {
    { .name = "retry_after", .json_key = "\"retry_after\":", .kind = ERRATA_KIND_INTEGER,
      .required = true, .offset = offsetof(errata_mhd_retry_members_t, retry_after) },
};

/* "{member 0}": the whole header value is the first member. */
static const errata_template_part_t errata_mhd_member0[] = { { NULL, 0, false } };

static const errata_header_desc_t errata_mhd_allow_header[] = {
    { .name = "Allow", .parts = errata_mhd_member0, .part_count = 1 },
};

static const errata_header_desc_t errata_mhd_retry_header[] = {
    { .name = "Retry-After", .parts = errata_mhd_member0, .part_count = 1 },
};

/* Hand-made descriptors have no body_prefix: liberrata's writer builds the
 * start of the body from type, title, status and code. */
#define ERRATA_MHD_STD(status_, title_, code_, retryable_)                                     \
    .code = (status_), .code_name = (code_), .status = (status_), .title = (title_),           \
    .type_uri = "about:blank", .retryable = (retryable_), .expose_detail = (status_) < 500,    \
    .cache_control = "no-store"

static const errata_descriptor_t errata_mhd_standards[] = {
    [ERRATA_MHD_STD_BAD_REQUEST] = { ERRATA_MHD_STD(400, "Bad Request", "BAD_REQUEST", false) },
    [ERRATA_MHD_STD_NOT_FOUND] = { ERRATA_MHD_STD(404, "Not Found", "NOT_FOUND", false) },
    [ERRATA_MHD_STD_METHOD_NOT_ALLOWED] = {
        ERRATA_MHD_STD(405, "Method Not Allowed", "METHOD_NOT_ALLOWED", false),
        .members = errata_mhd_allow_member, .member_count = 1,
        .headers = errata_mhd_allow_header, .header_count = 1 },
    [ERRATA_MHD_STD_CONTENT_TOO_LARGE] = {
        ERRATA_MHD_STD(413, "Content Too Large", "CONTENT_TOO_LARGE", false) },
    [ERRATA_MHD_STD_NOT_IMPLEMENTED] = {
        ERRATA_MHD_STD(501, "Not Implemented", "NOT_IMPLEMENTED", false) },
    [ERRATA_MHD_STD_SERVICE_UNAVAILABLE] = {
        ERRATA_MHD_STD(503, "Service Unavailable", "SERVICE_UNAVAILABLE", true),
        .members = errata_mhd_retry_member, .member_count = 1,
        .headers = errata_mhd_retry_header, .header_count = 1 },
};

void errata_mhd_throw_standard(errata_problem_t *p, errata_mhd_standard_t which,
                               const char *detail, const char *allow)
{
    const errata_descriptor_t *d = &errata_mhd_standards[which];
    errata_mhd_allow_members_t a = { allow != NULL ? allow : "" };
    /* A slot frees as soon as any request ends: a second is a fair wait. */
    errata_mhd_retry_members_t r = { 1 };
    const void *members = which == ERRATA_MHD_STD_METHOD_NOT_ALLOWED     ? (const void *)&a
                          : which == ERRATA_MHD_STD_SERVICE_UNAVAILABLE ? (const void *)&r
                                                                         : NULL;
    (void)errata_throw(p, d, __FILE__, __LINE__, detail, NULL, members);
}
