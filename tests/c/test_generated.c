/* The generated petstore code against the real runtime: every descriptor
 * writes a body an independent parser (jansson) reads back with the right
 * type, title, status and code; the lookups agree with each other; the throw
 * macros fill members, details and headers as the catalog says. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "pets_errors.h"

static json_t *body_of(const errata_problem_t *p)
{
    char buf[8192];
    size_t len = errata_problem_json(p, buf, sizeof buf);
    assert_true(len < sizeof buf);
    assert_int_equal(errata_problem_json(p, NULL, 0), len);
    json_error_t error;
    json_t *o = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &error);
    if (o == NULL)
        fail_msg("body is not JSON (%s): %s", error.text, buf);
    return o;
}

static const char *string_member(json_t *o, const char *name)
{
    json_t *v = json_object_get(o, name);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static void test_every_descriptor(void **state)
{
    (void)state;
    for (size_t i = 0; i < PETS_ERROR_COUNT; i++) {
        const errata_descriptor_t *d = &pets_descriptors[i];
        errata_problem_t p;
        errata_throw(&p, d, __FILE__, __LINE__, NULL, NULL, NULL);
        json_t *o = body_of(&p);
        assert_string_equal(string_member(o, "type"), d->type_uri);
        assert_string_equal(string_member(o, "title"), d->title);
        assert_string_equal(string_member(o, "code"), d->code_name);
        assert_int_equal(json_integer_value(json_object_get(o, "status")), d->status);
        json_decref(o);

        enum pets_code code = (enum pets_code)d->code;
        assert_ptr_equal(pets_descriptor(code), d);
        assert_string_equal(pets_type(code), d->type_uri);
        assert_string_equal(pets_code_name(code), d->code_name);
        assert_int_equal(pets_code_from_type(d->type_uri, d->status), code);
        assert_true(d->status >= 400 && d->status <= 599);
    }
}

static void test_lookups_outside_the_catalog(void **state)
{
    (void)state;
    assert_null(pets_descriptor(PETS_OK));
    assert_null(pets_descriptor(PETS_UNKNOWN));
    assert_null(pets_descriptor(PETS__COUNT));
    assert_string_equal(pets_code_name(PETS_OK), "OK");
    assert_string_equal(pets_code_name(PETS_UNKNOWN), "UNKNOWN");
    assert_int_equal(pets_code_from_type("https://elsewhere.example/x", 404), PETS_UNKNOWN);
    assert_int_equal(pets_code_from_type("about:blank", 404), PETS_NOT_FOUND);
    assert_int_equal(pets_code_from_type(NULL, 404), PETS_NOT_FOUND); /* absent means about:blank */
    assert_int_equal(pets_code_from_type("about:blank", 418), PETS_UNKNOWN);
    assert_int_equal(pets_code_from_type("https://errors.petstore.example/pet-not-found", 0),
                     PETS_PET_NOT_FOUND);
}

static errata_status_t find_pet(errata_problem_t *err, const char *id)
{
    if (strcmp(id, "7") != 0)
        PETS_THROW_PET_NOT_FOUND(err, .pet_id = id);
    return ERRATA_OK;
}

static errata_status_t get_pet(errata_problem_t *err, const char *id)
{
    ERRATA_TRY(find_pet(err, id));
    return ERRATA_OK;
}

static void test_throw_from_depth(void **state)
{
    (void)state;
    errata_problem_t p;
    errata_problem_init(&p);
    assert_int_equal(get_pet(&p, "7"), ERRATA_OK);
    char id[] = "42";
    assert_int_equal(get_pet(&p, id), ERRATA_FAILED);
    id[0] = 'X'; /* the problem holds its own copy */
    assert_ptr_equal(p.desc, &pets_descriptors[PETS_PET_NOT_FOUND - 1]);
    json_t *o = body_of(&p);
    assert_string_equal(string_member(o, "pet_id"), "42");
    assert_string_equal(string_member(o, "detail"), "Pet 42 does not exist");
    json_decref(o);
    assert_non_null(strstr(p.file, "test_generated.c"));
}

struct headers {
    char names[8][64];
    char values[8][256];
    size_t count;
};

static void collect(const char *name, const char *value, void *ctx)
{
    struct headers *h = ctx;
    snprintf(h->names[h->count], sizeof h->names[0], "%s", name);
    snprintf(h->values[h->count], sizeof h->values[0], "%s", value);
    h->count++;
}

static errata_status_t limited(errata_problem_t *err)
{
    PETS_THROW(err, RATE_LIMITED, .retry_after = 30, .limit = 60);
}

static void test_headers_from_the_catalog(void **state)
{
    (void)state;
    errata_problem_t p;
    struct headers h = { .count = 0 };
    char scratch[256];
    assert_int_equal(limited(&p), ERRATA_FAILED);
    assert_int_equal(errata_problem_headers(&p, collect, &h, scratch, sizeof scratch, NULL, NULL),
                     4);
    assert_string_equal(h.names[0], "Content-Type");
    assert_string_equal(h.values[0], "application/problem+json");
    assert_string_equal(h.names[1], "Cache-Control");
    assert_string_equal(h.values[1], "no-store");
    assert_string_equal(h.names[2], "Retry-After");
    assert_string_equal(h.values[2], "30");
    assert_string_equal(h.names[3], "X-RateLimit-Limit");
    assert_string_equal(h.values[3], "60");
    assert_true(p.desc->retryable);
}

static errata_status_t crash(errata_problem_t *err)
{
    PETS_THROW_INTERNAL_ERROR(err, .detail = "sqlite3_step: database disk image is malformed");
}

static void test_server_errors_are_redacted(void **state)
{
    (void)state;
    errata_problem_t p;
    crash(&p);
    errata_problem_set_trace_id(&p, "4bf92f3577b34da6a3ce929d0e0e4736");
    json_t *o = body_of(&p);
    assert_int_equal(json_integer_value(json_object_get(o, "status")), 500);
    assert_null(strstr(string_member(o, "detail"), "sqlite"));
    assert_string_equal(string_member(o, "trace_id"), "4bf92f3577b34da6a3ce929d0e0e4736");
    json_decref(o);
    assert_non_null(strstr(p.detail, "sqlite3_step")); /* kept for the observer */
}

static errata_status_t invalid(errata_problem_t *err)
{
    static const pets_pet_validation_failed_errors_item_t why[] = {
        { .pointer = "/name", .detail = "must not be empty" },
        { .pointer = "/age", .detail = "must be zero or more" },
    };
    PETS_THROW_PET_VALIDATION_FAILED(err, .errors = { why, 2 });
}

static void test_array_of_objects(void **state)
{
    (void)state;
    errata_problem_t p;
    invalid(&p);
    json_t *o = body_of(&p);
    json_t *errors = json_object_get(o, "errors");
    assert_int_equal(json_array_size(errors), 2);
    assert_string_equal(string_member(json_array_get(errors, 1), "pointer"), "/age");
    assert_string_equal(string_member(json_array_get(errors, 0), "detail"), "must not be empty");
    json_decref(o);
}

/* The operations table: what catalog/petstore.yaml's `operations:` says,
 * `all:` first, and lookups that match the template exactly. */
static void test_operation_errors(void **state)
{
    (void)state;
    assert_int_equal(PETS_OPERATION_COUNT, 6);
    const pets_operation_errors_t *op = pets_operation_errors_find("GET", "/pets/{id}");
    assert_non_null(op);
    assert_ptr_equal(op, &pets_operation_errors[2]);
    assert_int_equal(op->code_count, 7);
    assert_int_equal(op->codes[0], PETS_TOKEN_MISSING_OR_INVALID);
    assert_int_equal(op->codes[6], PETS_PET_NOT_FOUND);
    assert_true(pets_operation_may_answer(op, PETS_PET_NOT_FOUND));
    assert_true(pets_operation_may_answer(op, PETS_RATE_LIMITED));
    assert_false(pets_operation_may_answer(op, PETS_PET_ALREADY_EXISTS));
    assert_false(pets_operation_may_answer(op, PETS_METHOD_NOT_ALLOWED));
    assert_true(pets_operation_may_answer(pets_operation_errors_find("POST", "/pets"),
                                          PETS_PET_ALREADY_EXISTS));
    assert_null(pets_operation_errors_find("get", "/pets/{id}"));
    assert_null(pets_operation_errors_find("GET", "/pets/42"));
    assert_null(pets_operation_errors_find(NULL, "/pets"));
    assert_false(pets_operation_may_answer(NULL, PETS_PET_NOT_FOUND));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_descriptor),
        cmocka_unit_test(test_lookups_outside_the_catalog),
        cmocka_unit_test(test_throw_from_depth),
        cmocka_unit_test(test_headers_from_the_catalog),
        cmocka_unit_test(test_server_errors_are_redacted),
        cmocka_unit_test(test_array_of_objects),
        cmocka_unit_test(test_operation_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
