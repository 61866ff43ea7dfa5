/* Clients moving first (errata_decode_options_t.legacy): legacy 2xx bodies
 * in the catalog's shape (pets_migration) or a hand-made one decoded as the
 * catalog's problems, flagged legacy; what is not a legacy failure left as
 * it was; and bodies a server sends in step 1 (the right status, the old
 * members beside the problem's) decoded by their status and type. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "pets_errors.h"

static const char *header_of(const char *name, void *ctx)
{
    return strcmp(name, "Retry-After") == 0 ? (const char *)ctx : NULL;
}

static void decode(pets_problem_t *out, int status, const char *body,
                   const errata_migration_t *legacy, const char *retry_after)
{
    errata_decode_options_t opt = { .header = header_of, .header_ctx = (void *)retry_after,
                                    .now = 1700000000, .legacy = legacy };
    pets_decode(status, "application/json", &opt, body, strlen(body), out);
}

static void test_known_code(void **state)
{
    (void)state;
    static pets_problem_t p;
    decode(&p,
           200, "{\"success\":false,\"error\":{\"code\":\"PET_NOT_FOUND\",\"message\":"
                "\"Pet 7 \\\"Rex\\\" does not exist\"},\"data\":null}",
           &pets_migration, NULL);
    assert_int_equal(p.code, PETS_PET_NOT_FOUND);
    assert_true(p.base.legacy);
    assert_int_equal(p.base.status, 404);
    assert_int_equal(p.base.body_status, 200);
    assert_ptr_equal(p.base.desc, pets_descriptor(PETS_PET_NOT_FOUND));
    assert_string_equal(p.base.type, pets_type(PETS_PET_NOT_FOUND));
    assert_string_equal(p.base.title, "Pet not found");
    assert_string_equal(p.base.detail, "Pet 7 \"Rex\" does not exist");
    assert_string_equal(p.base.legacy_code, "PET_NOT_FOUND");
    assert_false(p.base.retryable);
    assert_int_equal(p.base.body_kind, ERRATA_BODY_OBJECT);
    assert_null(p.as.pet_not_found.pet_id); /* a legacy body has no typed members */
}

/* Without the option the same body is what it says: a 200 and no problem
 * type errata knows. */
static void test_option_off(void **state)
{
    (void)state;
    static pets_problem_t p;
    decode(&p, 200, "{\"success\":false,\"error\":{\"code\":\"PET_NOT_FOUND\"}}", NULL, NULL);
    assert_int_equal(p.code, PETS_UNKNOWN);
    assert_false(p.base.legacy);
    assert_null(p.base.legacy_code);
    assert_int_equal(p.base.status, 200);
}

/* A retryable entry keeps its Retry-After. */
static void test_retryable(void **state)
{
    (void)state;
    static pets_problem_t p;
    decode(&p, 200, "{\"error\":{\"code\":\"RATE_LIMITED\"},\"success\":false}", &pets_migration,
           "30");
    assert_int_equal(p.code, PETS_RATE_LIMITED);
    assert_int_equal(p.base.status, 429);
    assert_true(p.base.retryable);
    assert_int_equal(p.base.retry_after, 30);
    assert_null(p.base.detail);
}

/* An unknown code: a generic 500 (the server failed and did not say how),
 * about:blank, its reason phrase, the code kept. */
static void test_unknown_code(void **state)
{
    (void)state;
    static pets_problem_t p;
    decode(&p, 200, "{\"success\":false,\"error\":{\"code\":\"E_WHATEVER\",\"message\":\"boom\"}}",
           &pets_migration, NULL);
    assert_int_equal(p.code, PETS_UNKNOWN);
    assert_null(p.base.desc);
    assert_true(p.base.legacy);
    assert_int_equal(p.base.status, 500);
    assert_string_equal(p.base.type, "about:blank");
    assert_string_equal(p.base.title, "Internal Server Error");
    assert_string_equal(p.base.detail, "boom");
    assert_string_equal(p.base.legacy_code, "E_WHATEVER");
    assert_false(p.base.retryable);
    /* No error object, or a code of another JSON type: no code at all. */
    decode(&p, 200, "{\"success\":false}", &pets_migration, NULL);
    assert_true(p.base.legacy);
    assert_int_equal(p.base.status, 500);
    assert_null(p.base.legacy_code);
    decode(&p, 200, "{\"success\":false,\"error\":{\"code\":42,\"message\":[]}}", &pets_migration,
           NULL);
    assert_true(p.base.legacy);
    assert_null(p.base.legacy_code);
    assert_null(p.base.detail);
    /* The last of duplicated names wins, as for problem members: a later
     * code of another type, or a later error that is no object, leaves no
     * code; a code with a NUL in it names no entry. */
    decode(&p, 200, "{\"success\":false,\"error\":{\"code\":\"PET_NOT_FOUND\",\"code\":5}}",
           &pets_migration, NULL);
    assert_true(p.base.legacy);
    assert_null(p.base.desc);
    assert_null(p.base.legacy_code);
    decode(&p, 200, "{\"success\":false,\"error\":{\"code\":\"PET_NOT_FOUND\"},\"error\":5}",
           &pets_migration, NULL);
    assert_true(p.base.legacy);
    assert_null(p.base.desc);
    assert_null(p.base.legacy_code);
    decode(&p, 200, "{\"success\":false,\"error\":{\"code\":\"PET_NOT_FOUND\\u0000x\"}}",
           &pets_migration, NULL);
    assert_true(p.base.legacy);
    assert_null(p.base.desc);
    assert_int_equal(p.base.status, 500);
}

/* Not a legacy failure: success true, a flag that is not the JSON false, a
 * non-2xx status, a body that is not an object or not JSON. */
static void test_not_legacy(void **state)
{
    (void)state;
    static pets_problem_t p;
    static const char *const bodies[] = {
        "{\"success\":true,\"data\":{\"id\":\"1\"}}",
        "{\"success\":\"false\",\"error\":{\"code\":\"PET_NOT_FOUND\"}}",
        "{\"success\":0,\"error\":{\"code\":\"PET_NOT_FOUND\"}}",
        /* the last of duplicated names wins */
        "{\"success\":false,\"success\":true,\"error\":{\"code\":\"PET_NOT_FOUND\"}}",
        "{\"error\":{\"code\":\"PET_NOT_FOUND\"}}",
        "[{\"success\":false}]",
        "{\"success\":false,\"error\":{\"code\":\"PET_NOT_FOUND\"}",
        "",
    };
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
        decode(&p, 200, bodies[i], &pets_migration, NULL);
        assert_false(p.base.legacy);
        assert_int_equal(p.base.status, 200);
        assert_int_equal(p.code, PETS_UNKNOWN);
    }
    /* A 3xx or 4xx is never read as legacy: its status already speaks. */
    decode(&p, 302, "{\"success\":false,\"error\":{\"code\":\"PET_NOT_FOUND\"}}",
           &pets_migration, NULL);
    assert_false(p.base.legacy);
    /* Duplicated: the later false wins. */
    decode(&p, 200, "{\"success\":true,\"success\":false,\"error\":{\"code\":\"PET_NOT_FOUND\"}}",
           &pets_migration, NULL);
    assert_true(p.base.legacy);
    assert_int_equal(p.code, PETS_PET_NOT_FOUND);
}

/* Step 1 of the migration: the server sends the right status and keeps the
 * old members; a client with the option still decodes it by its status and
 * type, members and all. */
static void test_step_one_body(void **state)
{
    (void)state;
    errata_problem_t err;
    errata_problem_init(&err);
    (void)pets_throw_pet_not_found_(
        &(const pets_pet_not_found_throw_t){ .err = &err, .pet_id = "42" }, __FILE__, __LINE__);
    char body[1024];
    size_t n = errata_problem_json_legacy(&err, NULL, &pets_migration, body, sizeof body);
    assert_true(n < sizeof body);
    assert_non_null(strstr(body, ",\"success\":false,\"error\":{\"code\":\"PET_NOT_FOUND\","
                                 "\"message\":\"Pet 42 does not exist\"}}"));
    static pets_problem_t p;
    decode(&p, 404, body, &pets_migration, NULL);
    assert_false(p.base.legacy);
    assert_int_equal(p.code, PETS_PET_NOT_FOUND);
    assert_int_equal(p.base.status, 404);
    assert_string_equal(p.as.pet_not_found.pet_id, "42");
    assert_string_equal(p.base.detail, "Pet 42 does not exist");
    /* The legacy members are no problem members: listed as unknown ones. */
    size_t cursor = 0;
    char name[32];
    const char *raw;
    size_t raw_len;
    int seen = 0;
    while (errata_decoded_next_unknown(&p.base, &cursor, name, sizeof name, &raw, &raw_len))
        seen += strcmp(name, "success") == 0 || strcmp(name, "error") == 0;
    assert_int_equal(seen, 2);
}

/* A shape of one's own: no success flag (the error object says it failed),
 * other names, the status carried in the body. */
static void test_hand_made_shape(void **state)
{
    (void)state;
    static const errata_legacy_field_t fields[] = {
        { "errcode", ERRATA_LEGACY_CODE },
        { "msg", ERRATA_LEGACY_DETAIL },
        { "http", ERRATA_LEGACY_STATUS },
        { "what", ERRATA_LEGACY_TITLE },
    };
    static const errata_migration_t shape = { NULL, "failure", fields, 4 };
    static pets_problem_t p;
    decode(&p, 200, "{\"failure\":{\"errcode\":\"E1\",\"msg\":\"no\",\"http\":409,\"what\":\"Clash\"}}",
           &shape, NULL);
    assert_true(p.base.legacy);
    assert_int_equal(p.code, PETS_UNKNOWN);
    assert_int_equal(p.base.status, 409); /* an unknown code: the body's status */
    assert_string_equal(p.base.title, "Clash");
    assert_string_equal(p.base.detail, "no");
    decode(&p, 200, "{\"failure\":{\"errcode\":\"E1\",\"http\":200}}", &shape, NULL);
    assert_int_equal(p.base.status, 500); /* a success status is no error status */
    decode(&p, 201, "{\"failure\":{\"errcode\":\"PET_NOT_FOUND\",\"http\":500}}", &shape, NULL);
    assert_int_equal(p.code, PETS_PET_NOT_FOUND);
    assert_int_equal(p.base.status, 404); /* a known code: the catalog's status */
    assert_int_equal(p.base.body_status, 201);
    decode(&p, 200, "{\"failure\":null}", &shape, NULL);
    assert_false(p.base.legacy);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_code),      cmocka_unit_test(test_option_off),
        cmocka_unit_test(test_retryable),       cmocka_unit_test(test_unknown_code),
        cmocka_unit_test(test_not_legacy),      cmocka_unit_test(test_step_one_body),
        cmocka_unit_test(test_hand_made_shape),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
