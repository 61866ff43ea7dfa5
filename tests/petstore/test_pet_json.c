/* The pet JSON codec (examples/petstore/pet_json.h): request bodies with
 * every validation rule and its pointer, syntax errors with their offsets,
 * and the writers: exact output, snprintf-style truncation, escaping that
 * matches liberrata's and always parses with its strict parser. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <errata/decode.h>
#include <errata/errata.h>
#include <errata/json.h>

#include "pet_json.h"

/* ---- helpers ------------------------------------------------------------- */

static pet_json_report_t report; /* large: kept off the stack */

static pet_json_result_t parse(const char *body, pet_json_mode_t mode, pet_patch_t *out)
{
    return pet_json_parse(body, strlen(body), mode, out, &report);
}

static void assert_error(size_t i, const char *pointer, const char *detail)
{
    assert_true(i < report.error_count);
    assert_string_equal(report.errors[i].pointer, pointer);
    assert_string_equal(report.errors[i].detail, detail);
}

/* body (in PATCH mode, where nothing is required) breaks exactly one rule. */
static void assert_one_error(const char *body, const char *pointer, const char *detail)
{
    pet_patch_t patch;
    pet_json_result_t r = parse(body, PET_JSON_PATCH, &patch);
    if (r != PET_JSON_INVALID || report.error_count != 1)
        fail_msg("%s: result %d with %zu errors, want one: %s %s", body, (int)r,
                 report.error_count, pointer, detail);
    assert_error(0, pointer, detail);
    assert_false(report.errors_truncated);
}

static pet_t make_pet(int64_t id, const char *name, pet_species_t species, int64_t age,
                      int64_t version)
{
    pet_t p;
    memset(&p, 0, sizeof p);
    p.id = id;
    snprintf(p.name, sizeof p.name, "%s", name);
    p.species = species;
    p.age = age;
    p.version = version;
    return p;
}

/* ---- valid bodies ----------------------------------------------------------- */

static void test_create_minimal(void **state)
{
    (void)state;
    pet_patch_t patch;
    assert_int_equal(parse("{\"name\":\"Rex\",\"species\":\"dog\"}", PET_JSON_CREATE, &patch),
                     PET_JSON_OK);
    assert_int_equal(patch.fields, PET_FIELD_NAME | PET_FIELD_SPECIES);
    assert_string_equal(patch.pet.name, "Rex");
    assert_int_equal(patch.pet.species, PET_SPECIES_DOG);
    assert_int_equal(patch.pet.age, 0);
    assert_int_equal(patch.pet.id, 0);
    assert_int_equal(report.error_count, 0);
    assert_null(report.syntax_error);
}

static void test_create_full(void **state)
{
    (void)state;
    pet_patch_t patch;
    const char *body = " {\"id\":\"9007199254740991\", \"name\":\"Zo\\u00e9 \\ud83d\\ude00\","
                       " \"species\":\"reptile\", \"age\":3e0, \"version\":4} ";
    assert_int_equal(parse(body, PET_JSON_CREATE, &patch), PET_JSON_OK);
    assert_int_equal(patch.fields, PET_FIELD_ID | PET_FIELD_NAME | PET_FIELD_SPECIES |
                                       PET_FIELD_AGE | PET_FIELD_VERSION);
    assert_true(patch.pet.id == PET_ID_CREATE_MAX);
    assert_string_equal(patch.pet.name, "Zo\xc3\xa9 \xf0\x9f\x98\x80");
    assert_int_equal(patch.pet.species, PET_SPECIES_REPTILE);
    assert_int_equal(patch.pet.age, 3);
    assert_int_equal(patch.pet.version, 4);
}

static void test_every_species(void **state)
{
    (void)state;
    const char *names[] = { "dog", "cat", "bird", "fish", "rabbit", "reptile" };
    assert_int_equal(PET_SPECIES_COUNT, 6);
    for (int i = 0; i < 6; i++) {
        char body[64];
        pet_patch_t patch;
        snprintf(body, sizeof body, "{\"species\":\"%s\"}", names[i]);
        assert_int_equal(parse(body, PET_JSON_PATCH, &patch), PET_JSON_OK);
        assert_int_equal(patch.pet.species, i);
        assert_string_equal(pet_species_name((pet_species_t)i), names[i]);
    }
    assert_null(pet_species_name(PET_SPECIES_COUNT));
    assert_null(pet_species_name((pet_species_t)-1));
}

static void test_name_of_exactly_100_bytes(void **state)
{
    (void)state;
    char body[256];
    char name[101];
    memset(name, 'x', 98);
    memcpy(name + 98, "\xc3\xa9", 2); /* 100 bytes, 99 characters */
    name[100] = '\0';
    snprintf(body, sizeof body, "{\"name\":\"%s\"}", name);
    pet_patch_t patch;
    assert_int_equal(parse(body, PET_JSON_PATCH, &patch), PET_JSON_OK);
    assert_string_equal(patch.pet.name, name);
}

static void test_replace_and_patch_requirements(void **state)
{
    (void)state;
    pet_patch_t patch;
    assert_int_equal(parse("{}", PET_JSON_PATCH, &patch), PET_JSON_OK);
    assert_int_equal(patch.fields, 0);
    assert_int_equal(parse("{\"age\":0}", PET_JSON_PATCH, &patch), PET_JSON_OK);
    assert_int_equal(patch.fields, PET_FIELD_AGE);

    assert_int_equal(parse("{\"name\":\"Rex\",\"species\":\"dog\",\"age\":2}", PET_JSON_REPLACE,
                           &patch),
                     PET_JSON_OK);
    assert_int_equal(parse("{\"name\":\"Rex\",\"species\":\"dog\"}", PET_JSON_REPLACE, &patch),
                     PET_JSON_INVALID);
    assert_int_equal(report.error_count, 1);
    assert_error(0, "/age", "is required");

    assert_int_equal(parse("{}", PET_JSON_REPLACE, &patch), PET_JSON_INVALID);
    assert_int_equal(report.error_count, 3);
    assert_error(0, "/name", "is required");
    assert_error(1, "/species", "is required");
    assert_error(2, "/age", "is required");

    assert_int_equal(parse("{\"age\":1}", PET_JSON_CREATE, &patch), PET_JSON_INVALID);
    assert_int_equal(report.error_count, 2);
    assert_error(0, "/name", "is required");
    assert_error(1, "/species", "is required");
}

/* ---- each rule ---------------------------------------------------------------- */

static void test_each_rule_with_its_pointer(void **state)
{
    (void)state;
    static const char *const species = "must be one of dog, cat, bird, fish, rabbit, reptile";
    static const char *const bad_id = "must be a decimal integer from 1 to 9223372036854775807";
    static const struct {
        const char *body, *pointer, *detail;
    } cases[] = {
        { "{\"name\":\"\"}", "/name", "must not be empty" },
        { "{\"name\":42}", "/name", "must be a string" },
        { "{\"name\":null}", "/name", "must be a string" },
        { "{\"name\":{\"a\":[1,{\"b\":2}]},\"age\":1}", "/name", "must be a string" },
        { "{\"name\":\"a\\u0001b\"}", "/name", "must not contain control characters" },
        { "{\"name\":\"a\\u0000b\"}", "/name", "must not contain control characters" },
        { "{\"name\":\"tab\\there\"}", "/name", "must not contain control characters" },
        { "{\"name\":\"del\\u007f\"}", "/name", "must not contain control characters" },
        { "{\"name\":\"c1\\u0085\"}", "/name", "must not contain control characters" },
        { "{\"species\":\"dragon\"}", "/species", species },
        { "{\"species\":\"Dog\"}", "/species", species },
        { "{\"species\":\"\"}", "/species", species },
        { "{\"species\":1}", "/species", species },
        { "{\"age\":-1}", "/age", "must be zero or more" },
        { "{\"age\":1.5}", "/age", "must be a whole number" },
        { "{\"age\":1e-400}", "/age", "must be a whole number" },
        { "{\"age\":\"3\"}", "/age", "must be an integer" },
        { "{\"age\":true}", "/age", "must be an integer" },
        { "{\"age\":null}", "/age", "must be an integer" },
        { "{\"age\":1e30}", "/age", "is out of range" },
        { "{\"age\":9223372036854775808}", "/age", "is out of range" },
        { "{\"age\":1e400}", "/age", "is out of range" },
        { "{\"id\":42}", "/id", "must be a string: ids are sent as \"42\"" },
        { "{\"id\":\"abc\"}", "/id", bad_id },
        { "{\"id\":\"\"}", "/id", bad_id },
        { "{\"id\":\"0\"}", "/id", bad_id },
        { "{\"id\":\"007\"}", "/id", bad_id },
        { "{\"id\":\"-1\"}", "/id", bad_id },
        { "{\"id\":\"+1\"}", "/id", bad_id },
        { "{\"id\":\" 1\"}", "/id", bad_id },
        { "{\"id\":\"1.0\"}", "/id", bad_id },
        { "{\"id\":\"9223372036854775808\"}", "/id", bad_id },
        { "{\"id\":\"12345678901234567890\"}", "/id", bad_id },
        { "{\"id\":[\"1\"]}", "/id", bad_id },
        { "{\"version\":0}", "/version", "must be 1 or more" },
        { "{\"version\":\"1\"}", "/version", "must be an integer" },
        { "{\"color\":\"red\"}", "/color", "is not a pet member" },
        { "{\"Name\":\"Rex\"}", "/Name", "is not a pet member" },
        { "{\"a/b~c\":1}", "/a~1b~0c", "is not a pet member" },
        { "{\"\":1}", "/", "is not a pet member" },
        { "{\"name\":\"x\",\"name\":\"y\"}", "/name", "appears more than once" },
        { "{\"age\":1,\"age\":-1}", "/age", "appears more than once" },
        { "[]", "", "must be a JSON object" },
        { "[{\"name\":\"Rex\"}]", "", "must be a JSON object" },
        { "\"Rex\"", "", "must be a JSON object" },
        { "null", "", "must be a JSON object" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_one_error(cases[i].body, cases[i].pointer, cases[i].detail);
}

/* A POST may give an id up to PET_ID_CREATE_MAX only (the store must keep
 * ids to assign); PUT and PATCH name an existing pet, of any id. */
static void test_create_id_bound(void **state)
{
    (void)state;
    static const char *const create_id = "must be a decimal integer from 1 to 9007199254740991";
    static const char *const above[] = {
        "{\"id\":\"9007199254740992\",\"name\":\"Rex\",\"species\":\"dog\"}",
        "{\"id\":\"9223372036854775807\",\"name\":\"Rex\",\"species\":\"dog\"}",
        "{\"id\":\"9223372036854775808\",\"name\":\"Rex\",\"species\":\"dog\"}",
        "{\"id\":\"0\",\"name\":\"Rex\",\"species\":\"dog\"}",
    };
    pet_patch_t patch;
    for (size_t i = 0; i < sizeof above / sizeof above[0]; i++) {
        assert_int_equal(parse(above[i], PET_JSON_CREATE, &patch), PET_JSON_INVALID);
        assert_int_equal(report.error_count, 1);
        assert_error(0, "/id", create_id);
        assert_false(patch.fields & PET_FIELD_ID);
        assert_int_equal(patch.pet.id, 0);
    }
    /* in body order among the other errors */
    assert_int_equal(parse("{\"name\":\"\",\"id\":\"9223372036854775807\",\"species\":\"x\"}",
                           PET_JSON_CREATE, &patch),
                     PET_JSON_INVALID);
    assert_int_equal(report.error_count, 3);
    assert_error(1, "/id", create_id);
    const char *max = "{\"id\":\"9223372036854775807\",\"name\":\"Rex\",\"species\":\"dog\","
                      "\"age\":1}";
    assert_int_equal(parse(max, PET_JSON_REPLACE, &patch), PET_JSON_OK);
    assert_true(patch.pet.id == INT64_MAX);
    assert_int_equal(parse("{\"id\":\"9223372036854775807\"}", PET_JSON_PATCH, &patch),
                     PET_JSON_OK);
    assert_true(patch.pet.id == INT64_MAX);
}

static void test_long_names(void **state)
{
    (void)state;
    char body[1024], name[600];
    for (size_t len = 101; len < sizeof name; len += 150) { /* beyond the scratch too */
        memset(name, 'n', len);
        name[len] = '\0';
        snprintf(body, sizeof body, "{\"name\":\"%s\"}", name);
        assert_one_error(body, "/name", "must be at most 100 bytes long");
    }
    /* An unknown member with a long name: its pointer is cut at a character
     * boundary, never in the middle of one. */
    memset(name, 0, sizeof name);
    for (size_t i = 0; i < 100; i++)
        memcpy(name + 2 * i, "\xc3\xa9", 2); /* 200 bytes of é */
    snprintf(body, sizeof body, "{\"%s\":1}", name);
    pet_patch_t patch;
    assert_int_equal(parse(body, PET_JSON_PATCH, &patch), PET_JSON_INVALID);
    const char *ptr = report.errors[0].pointer;
    assert_int_equal(ptr[0], '/');
    assert_int_equal(strlen(ptr), 1 + 126); /* 63 é: the 64th would need byte 128 */
    assert_memory_equal(ptr + 1, name, 126);
}

/* ---- several at once ---------------------------------------------------------- */

static void test_every_failure_in_one_report(void **state)
{
    (void)state;
    pet_patch_t patch;
    const char *body = "{\"id\":\"x\",\"name\":\"\",\"extra\":true,\"species\":\"dragon\","
                       "\"age\":-2}";
    assert_int_equal(parse(body, PET_JSON_CREATE, &patch), PET_JSON_INVALID);
    assert_int_equal(report.error_count, 5);
    assert_error(0, "/id", "must be a decimal integer from 1 to 9007199254740991");
    assert_error(1, "/name", "must not be empty");
    assert_error(2, "/extra", "is not a pet member");
    assert_error(3, "/species", "must be one of dog, cat, bird, fish, rabbit, reptile");
    assert_error(4, "/age", "must be zero or more");

    /* present ones in body order, then the missing ones */
    assert_int_equal(parse("{\"age\":-1,\"x\":0}", PET_JSON_REPLACE, &patch), PET_JSON_INVALID);
    assert_int_equal(report.error_count, 4);
    assert_error(0, "/age", "must be zero or more");
    assert_error(1, "/x", "is not a pet member");
    assert_error(2, "/name", "is required");
    assert_error(3, "/species", "is required");
}

static void test_errors_capped_at_64(void **state)
{
    (void)state;
    char body[4096];
    size_t len = 0;
    body[len++] = '{';
    for (int i = 0; i < 70; i++)
        len += (size_t)snprintf(body + len, sizeof body - len, "%s\"m%d\":%d", i ? "," : "", i, i);
    snprintf(body + len, sizeof body - len, "}");
    pet_patch_t patch;
    assert_int_equal(parse(body, PET_JSON_CREATE, &patch), PET_JSON_INVALID);
    assert_int_equal(report.error_count, PET_JSON_MAX_ERRORS);
    assert_true(report.errors_truncated);
    assert_error(0, "/m0", "is not a pet member");
    assert_error(63, "/m63", "is not a pet member");
}

/* ---- syntax errors --------------------------------------------------------------- */

static void assert_syntax(const char *body, size_t len, size_t offset)
{
    pet_patch_t patch;
    pet_json_result_t r = pet_json_parse(body, len, PET_JSON_CREATE, &patch, &report);
    if (r != PET_JSON_SYNTAX_ERROR)
        fail_msg("%.*s: result %d, want a syntax error", (int)len, body, (int)r);
    assert_non_null(report.syntax_error);
    if (report.offset != offset)
        fail_msg("%.*s: offset %zu (%s), want %zu", (int)len, body, report.offset,
                 report.syntax_error, offset);
    assert_int_equal(report.error_count, 0);
}

static void test_syntax_errors_with_offsets(void **state)
{
    (void)state;
    assert_syntax("", 0, 0);
    assert_syntax(NULL, 0, 0);
    assert_syntax("   ", 3, 3);
    assert_syntax("{\"name\":\"Rex\",}", 15, 14);          /* trailing comma */
    assert_syntax("{\"name\":\"Rex\"", 13, 13);            /* cut short */
    assert_syntax("{\"name\":'Rex'}", 14, 8);              /* single quotes */
    assert_syntax("{\"name\":\"R\xff\"}", 12, 10);         /* invalid UTF-8 */
    assert_syntax("{\"age\":01}", 10, 7);                  /* leading zero */
    assert_syntax("{\"name\":\"Rex\"} x", 16, 15);         /* trailing garbage */
    assert_syntax("{\"name\":\"a\nb\"}", 14, 10);          /* raw control character */
    /* a syntax error wins over rules broken before it */
    assert_syntax("{\"age\":-1,\"name\":\"\",]", 21, 20);
    /* a NUL byte inside the given length is not the end */
    assert_syntax("{\"name\":\"Rex\"}\0", 15, 14);
}

/* ---- writing ------------------------------------------------------------------------ */

static void test_write_pet(void **state)
{
    (void)state;
    pet_t p = make_pet(42, "Rex", PET_SPECIES_DOG, 3, 7);
    char buf[256];
    const char *want = "{\"id\":\"42\",\"name\":\"Rex\",\"species\":\"dog\",\"age\":3,\"version\":7}";
    assert_int_equal(pet_json_write(&p, buf, sizeof buf), strlen(want));
    assert_string_equal(buf, want);
    assert_int_equal(pet_json_write(&p, NULL, 0), strlen(want));

    p.species = PET_SPECIES_COUNT; /* outside the table: still valid JSON */
    pet_json_write(&p, buf, sizeof buf);
    assert_string_equal(buf, "{\"id\":\"42\",\"name\":\"Rex\",\"species\":null,\"age\":3,"
                             "\"version\":7}");

    /* what a parse reads back */
    p = make_pet(9223372036854775807, "Max", PET_SPECIES_FISH, 0, 1);
    pet_json_write(&p, buf, sizeof buf);
    pet_patch_t patch;
    assert_int_equal(parse(buf, PET_JSON_REPLACE, &patch), PET_JSON_OK);
    assert_true(patch.pet.id == p.id);
    assert_string_equal(patch.pet.name, "Max");
    assert_int_equal(patch.pet.species, PET_SPECIES_FISH);
    assert_int_equal(patch.pet.version, 1);
}

static void test_truncation_is_reported(void **state)
{
    (void)state;
    pet_t pets[3] = { make_pet(1, "A", PET_SPECIES_CAT, 1, 1),
                      make_pet(2, "B", PET_SPECIES_BIRD, 2, 1),
                      make_pet(3, "C", PET_SPECIES_RABBIT, 3, 2) };
    char full[1024], small[40];
    size_t n = pet_json_write_list(pets, 3, full, sizeof full);
    assert_int_equal(n, strlen(full));
    assert_int_equal(pet_json_write_list(pets, 3, NULL, 0), n);
    for (size_t cap = 1; cap <= sizeof small; cap++) {
        memset(small, '#', sizeof small);
        assert_int_equal(pet_json_write_list(pets, 3, small, cap), n); /* the full length */
        assert_int_equal(small[cap - 1], '\0');
        assert_memory_equal(small, full, cap - 1); /* a prefix of the same output */
        if (cap < sizeof small)
            assert_int_equal(small[cap], '#'); /* nothing past cap */
    }
    /* exactly fitting: n + 1 bytes */
    char exact[512];
    assert_true(n + 1 <= sizeof exact);
    memset(exact, '#', sizeof exact);
    assert_int_equal(pet_json_write_list(pets, 3, exact, n + 1), n);
    assert_string_equal(exact, full);
    assert_int_equal(pet_json_write_list(pets, 3, exact, n), n); /* one short: cut */
    assert_int_equal(strlen(exact), n - 1);
}

static void test_write_list(void **state)
{
    (void)state;
    char buf[512];
    pet_json_write_list(NULL, 0, buf, sizeof buf);
    assert_string_equal(buf, "{\"pets\":[]}");
    pet_t pets[2] = { make_pet(1, "A", PET_SPECIES_CAT, 1, 1),
                      make_pet(5, "B", PET_SPECIES_BIRD, 2, 3) };
    pet_json_write_list(pets, 2, buf, sizeof buf);
    assert_string_equal(buf, "{\"pets\":[{\"id\":\"1\",\"name\":\"A\",\"species\":\"cat\",\"age\":1,"
                             "\"version\":1},{\"id\":\"5\",\"name\":\"B\",\"species\":\"bird\","
                             "\"age\":2,\"version\":3}]}");
    assert_true(errata_json_validate(buf, strlen(buf), NULL, NULL, NULL));
}

static void test_write_batch(void **state)
{
    (void)state;
    pet_t rex = make_pet(1, "Rex", PET_SPECIES_DOG, 3, 2);
    const char *problem = "{\"type\":\"https://errors.petstore.example/pet-not-found\","
                          "\"title\":\"Pet not found\",\"status\":404,\"code\":\"PET_NOT_FOUND\","
                          "\"detail\":\"Pet 2 does not exist\",\"pet_id\":\"2\"}";
    const char *cut = "{\"type\":\"https://errors.petstore.exa"; /* a problem cut short */
    pet_json_batch_item_t items[3] = {
        { .id = 1, .status = 200, .pet = &rex },
        { .id = 2, .status = 404, .problem = problem, .problem_len = strlen(problem) },
        { .id = 3, .status = 500, .problem = cut, .problem_len = strlen(cut) },
    };
    char buf[1024];
    size_t n = pet_json_write_batch(items, 3, buf, sizeof buf);
    assert_int_equal(n, strlen(buf));
    char want[1024];
    snprintf(want, sizeof want,
             "{\"items\":[{\"id\":\"1\",\"status\":200,\"value\":{\"id\":\"1\",\"name\":\"Rex\","
             "\"species\":\"dog\",\"age\":3,\"version\":2}},{\"id\":\"2\",\"status\":404,"
             "\"problem\":%s},{\"id\":\"3\",\"status\":500}]}",
             problem);
    assert_string_equal(buf, want);

    /* and decode.h's reader reads it back */
    errata_multi_t m;
    errata_multi_item_t item;
    assert_true(errata_multi_init(&m, buf, n));
    assert_true(errata_multi_next(&m, &item));
    assert_int_equal(item.status, 200);
    assert_memory_equal(item.id, "\"1\"", 3);
    assert_non_null(item.value);
    assert_null(item.problem);
    assert_true(errata_multi_next(&m, &item));
    assert_int_equal(item.status, 404);
    assert_int_equal(item.problem_len, strlen(problem));
    assert_memory_equal(item.problem, problem, item.problem_len);
    assert_true(errata_multi_next(&m, &item));
    assert_int_equal(item.status, 500);
    assert_null(item.problem);
    assert_false(errata_multi_next(&m, &item));

    pet_json_write_batch(NULL, 0, buf, sizeof buf);
    assert_string_equal(buf, "{\"items\":[]}");
}

/* ---- escaping ----------------------------------------------------------------------- */

/* The pet's name as the strict parser reads it back from the written JSON. */
static void read_back_name(const char *json, char *name, size_t cap)
{
    char scratch[1024];
    errata_json_parser_t p;
    const char *error = NULL;
    size_t offset = 0;
    if (!errata_json_validate(json, strlen(json), &error, &offset, NULL))
        fail_msg("not JSON (%s at %zu): %s", error, offset, json);
    errata_json_init(&p, json, strlen(json), scratch, sizeof scratch);
    assert_int_equal(errata_json_next(&p), ERRATA_JSON_OBJECT_BEGIN);
    while (errata_json_next(&p) == ERRATA_JSON_KEY) {
        bool is_name = p.text_len == 4 && memcmp(p.text, "name", 4) == 0;
        errata_json_token_t t = errata_json_next(&p);
        if (is_name) {
            assert_int_equal(t, ERRATA_JSON_STRING);
            assert_true(p.text_len < cap);
            memcpy(name, p.text, p.text_len + 1);
            return;
        }
        errata_json_skip(&p);
    }
    fail_msg("no name in %s", json);
}

/* What liberrata's own writer makes of s: the detail of a problem. */
static void runtime_escape(const char *s, char *out, size_t cap)
{
    static const errata_descriptor_t desc = {
        .code = 1, .code_name = "X", .status = 400, .title = "x", .type_uri = "about:blank",
        .body_prefix = "{\"x\":0", .body_prefix_len = 6,
    };
    static errata_problem_t p;
    char body[1024];
    errata_throw(&p, &desc, __FILE__, __LINE__, s, NULL, NULL);
    size_t n = errata_problem_json(&p, body, sizeof body);
    assert_true(n < sizeof body);
    const char *start = "{\"x\":0,\"detail\":";
    assert_memory_equal(body, start, strlen(start));
    assert_int_equal(body[n - 1], '}');
    snprintf(out, cap, "%.*s", (int)(n - 1 - strlen(start)), body + strlen(start));
}

static void test_escaping_odd_names(void **state)
{
    (void)state;
    static const struct {
        const char *name;    /* the bytes in the pet */
        const char *escaped; /* how they are written */
        const char *text;    /* what a parser reads back */
    } cases[] = {
        { "plain", "\"plain\"", "plain" },
        { "q\"b\\s/", "\"q\\\"b\\\\s/\"", "q\"b\\s/" },
        { "\b\f\n\r\t", "\"\\b\\f\\n\\r\\t\"", "\b\f\n\r\t" },
        { "a\x01\x1f\x7f", "\"a\\u0001\\u001f\x7f\"", "a\x01\x1f\x7f" },
        { "\xc3\xa9\xf0\x9f\x98\x80", "\"\xc3\xa9\xf0\x9f\x98\x80\"", "\xc3\xa9\xf0\x9f\x98\x80" },
        { "x\xffy", "\"x\xef\xbf\xbdy\"", "x\xef\xbf\xbdy" },
        { "\xc0\xaf", "\"\xef\xbf\xbd\xef\xbf\xbd\"", "\xef\xbf\xbd\xef\xbf\xbd" }, /* overlong */
        { "\xe0\x80", "\"\xef\xbf\xbd\xef\xbf\xbd\"", "\xef\xbf\xbd\xef\xbf\xbd" },
        { "\xed\xa0\x80", "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"",
          "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" }, /* a surrogate */
        { "\xf0\x9f\x98" "A", "\"\xef\xbf\xbd" "A\"", "\xef\xbf\xbd" "A" }, /* cut short */
        { "end\xf0\x9f", "\"end\xef\xbf\xbd\"", "end\xef\xbf\xbd" },
        { "\xf4\x90\x80\x80", "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"",
          "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" }, /* above U+10FFFF */
        { "\x80\xbf", "\"\xef\xbf\xbd\xef\xbf\xbd\"", "\xef\xbf\xbd\xef\xbf\xbd" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[512], mine[512], theirs[512], name[256];
        size_t n = pet_json_write_string(cases[i].name, strlen(cases[i].name), mine, sizeof mine);
        assert_int_equal(n, strlen(mine));
        assert_string_equal(mine, cases[i].escaped);
        runtime_escape(cases[i].name, theirs, sizeof theirs);
        assert_string_equal(mine, theirs); /* liberrata's rules, byte for byte */

        pet_t p = make_pet(1, cases[i].name, PET_SPECIES_DOG, 1, 1);
        pet_json_write(&p, buf, sizeof buf);
        read_back_name(buf, name, sizeof name);
        assert_string_equal(name, cases[i].text);
    }
}

static void test_escaping_every_byte(void **state)
{
    (void)state;
    /* Every byte value, alone and after a lead byte: always strict JSON, and
     * always what liberrata writes. */
    for (int a = 1; a < 256; a++) {
        for (int b = 0; b < 256; b += (a >= 0xC0 ? 1 : 255)) {
            char s[3] = { (char)a, (char)b, 0 };
            char mine[64], theirs[64];
            size_t n = pet_json_write_string(s, strlen(s), mine, sizeof mine);
            assert_true(errata_json_validate(mine, n, NULL, NULL, NULL));
            runtime_escape(s, theirs, sizeof theirs);
            if (strcmp(mine, theirs) != 0)
                fail_msg("%02x %02x: %s vs %s", a, b, mine, theirs);
        }
    }
    /* a name without its NUL (a caller's bug) stays within the array */
    pet_t p = make_pet(1, "", PET_SPECIES_DOG, 1, 1);
    memset(p.name, 'z', sizeof p.name);
    char buf[512];
    size_t n = pet_json_write(&p, buf, sizeof buf);
    assert_true(n < sizeof buf);
    assert_true(errata_json_validate(buf, n, NULL, NULL, NULL));
    assert_non_null(strstr(buf, "\"name\":\"zzzz"));
}

/* ---- ids and ETags ----------------------------------------------------------------- */

static void test_ids_and_etags(void **state)
{
    (void)state;
    int64_t v = 0;
    char buf[PET_ETAG_SIZE];
    assert_true(pet_id_parse("42", 2, &v));
    assert_int_equal(v, 42);
    assert_false(pet_id_parse("42", 0, &v));
    assert_false(pet_id_parse("4a", 2, &v));
    assert_int_equal(pet_etag_format(7, buf), 3);
    assert_string_equal(buf, "\"7\"");
    assert_true(pet_etag_parse("\"7\"", 3, &v));
    assert_int_equal(v, 7);
    assert_false(pet_etag_parse("W/\"7\"", 5, &v));
    assert_false(pet_etag_parse("*", 1, &v));
    assert_false(pet_etag_parse("\"\"", 2, &v));
    assert_false(pet_etag_parse("7", 1, &v));
    assert_int_equal(pet_id_format(INT64_MIN, buf), 20); /* any int64 fits */
    assert_string_equal(buf, "-9223372036854775808");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_create_minimal),
        cmocka_unit_test(test_create_full),
        cmocka_unit_test(test_every_species),
        cmocka_unit_test(test_name_of_exactly_100_bytes),
        cmocka_unit_test(test_replace_and_patch_requirements),
        cmocka_unit_test(test_each_rule_with_its_pointer),
        cmocka_unit_test(test_create_id_bound),
        cmocka_unit_test(test_long_names),
        cmocka_unit_test(test_every_failure_in_one_report),
        cmocka_unit_test(test_errors_capped_at_64),
        cmocka_unit_test(test_syntax_errors_with_offsets),
        cmocka_unit_test(test_write_pet),
        cmocka_unit_test(test_truncation_is_reported),
        cmocka_unit_test(test_write_list),
        cmocka_unit_test(test_write_batch),
        cmocka_unit_test(test_escaping_odd_names),
        cmocka_unit_test(test_escaping_every_byte),
        cmocka_unit_test(test_ids_and_etags),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
