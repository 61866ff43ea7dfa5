/* errata_throw and the problem object: rethrowing, reading the member
 * struct, trace ids, the observer. */
#include "rt.h"

#include <stdlib.h>
#include <string.h>

#define TRACE "0af7651916cd43dd8448eb211c80319c"

/* A problem holds a thrown error; throwing again starts from scratch. */
static void test_throw_reinitialises(void **state)
{
    (void)state;
    static const char *const texts[] = { "x", "y" };
    char big[ERRATA_PROBLEM_ARENA_SIZE + 10];
    memset(big, 'z', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    errata_problem_t p;
    memset(&p, 0xA5, sizeof p); /* never initialised: throw needs no init */
    errata_throw(&p, &fx_every_type, "a.c", 1, NULL, "/i",
                 &(const fx_every_type_t){ .text = big, .texts = { texts, 2 } });
    errata_problem_set_trace_id(&p, TRACE);
    assert_true(p.flags & ERRATA_PROBLEM_TRUNCATED);
    errata_throw(&p, &fx_pet_not_found, "b.c", 2, NULL, NULL,
                 &(const fx_pet_not_found_t){ .pet_id = "9" });
    assert_ptr_equal(p.desc, &fx_pet_not_found);
    assert_string_equal(p.file, "b.c");
    assert_int_equal(p.line, 2);
    assert_int_equal(p.flags, 0);
    assert_null(p.instance);
    assert_string_equal(p.trace_id, ""); /* the trace id belongs to the throw */
    assert_string_equal(p.detail, "Pet 9 does not exist");
    for (size_t i = 1; i < ERRATA_MAX_MEMBERS; i++)
        assert_false(p.members[i].present);
    json_t *o = rt_parse(&p);
    rt_expect_keys(o, "type", "title", "status", "code", "detail", "pet_id", NULL);
    json_decref(o);
}

static void test_strings_are_copied(void **state)
{
    (void)state;
    char id[] = "abc";
    char detail[] = "mutable detail";
    char instance[] = "/pets/abc";
    errata_problem_t p;
    errata_throw(&p, &fx_pet_not_found, __FILE__, __LINE__, detail, instance,
                 &(const fx_pet_not_found_t){ .pet_id = id });
    memset(id, '#', 3);
    memset(detail, '#', 5);
    memset(instance, '#', 5);
    json_t *o = rt_parse(&p);
    rt_expect_string(o, "pet_id", "abc");
    rt_expect_string(o, "detail", "mutable detail");
    rt_expect_string(o, "instance", "/pets/abc");
    json_decref(o);
    uintptr_t lo = (uintptr_t)p.arena.bytes, hi = lo + sizeof p.arena.bytes;
    assert_true((uintptr_t)p.detail >= lo && (uintptr_t)p.detail < hi);
    assert_true((uintptr_t)p.members[0].u.string >= lo && (uintptr_t)p.members[0].u.string < hi);
}

/* Rethrowing with the old problem's own strings and values, which live in
 * the very arena the throw refills. */
static void test_rethrow_from_itself(void **state)
{
    (void)state;
    errata_problem_t p;
    errata_throw(&p, &fx_pet_not_found, __FILE__, __LINE__, NULL, "/pets/42",
                 &(const fx_pet_not_found_t){ .pet_id = "42" });
    errata_throw(&p, &fx_echo, __FILE__, __LINE__, p.detail, p.instance,
                 &(const fx_echo_t){ .text = p.members[0].u.string });
    json_t *o = rt_parse(&p);
    rt_expect_string(o, "detail", "Pet 42 does not exist");
    rt_expect_string(o, "instance", "/pets/42");
    rt_expect_string(o, "text", "42");
    json_decref(o);
    /* A pointer into the middle of an old string, and into p's values. */
    errata_throw(&p, &fx_rate_limited, __FILE__, __LINE__, p.detail, NULL,
                 &(const fx_rate_limited_t){ .retry_after = 5, .limit = ERRATA_INT(77) });
    errata_throw(&p, &fx_rate_limited, __FILE__, __LINE__, p.detail + 4, p.detail,
                 &(const fx_rate_limited_t){ .retry_after = 6,
                                             .limit = &p.members[1].u.integer });
    o = rt_parse(&p);
    rt_expect_string(o, "detail", "42 does not exist");
    rt_expect_string(o, "instance", "Pet 42 does not exist");
    rt_expect_int(o, "retry_after", 6);
    rt_expect_int(o, "limit", 77);
    json_decref(o);
    /* Array items and object properties pointing into the old arena. */
    const char *items[2];
    fx_validation_failed_error_t rows[1];
    errata_throw(&p, &fx_pet_not_found, __FILE__, __LINE__, "first", "second",
                 &(const fx_pet_not_found_t){ .pet_id = "third" });
    items[0] = p.detail;
    items[1] = p.instance;
    rows[0].pointer = p.members[0].u.string;
    rows[0].detail = p.detail;
    errata_throw(&p, &fx_every_type, __FILE__, __LINE__, NULL, NULL,
                 &(const fx_every_type_t){ .text = p.instance, .texts = { items, 2 } });
    o = rt_parse(&p);
    rt_expect_string(o, "text", "second");
    json_t *a = json_object_get(o, "texts");
    assert_string_equal(json_string_value(json_array_get(a, 0)), "first");
    assert_string_equal(json_string_value(json_array_get(a, 1)), "second");
    json_decref(o);
    errata_throw(&p, &fx_pet_not_found, __FILE__, __LINE__, "first", "second",
                 &(const fx_pet_not_found_t){ .pet_id = "third" });
    rows[0].pointer = p.members[0].u.string;
    rows[0].detail = p.detail;
    errata_throw(&p, &fx_validation_failed, __FILE__, __LINE__, p.trace_id, NULL,
                 &(const fx_validation_failed_t){ .errors = { rows, 1 } });
    o = rt_parse(&p);
    rt_expect_string(o, "detail", "");
    a = json_object_get(o, "errors");
    rt_expect_string(json_array_get(a, 0), "pointer", "third");
    rt_expect_string(json_array_get(a, 0), "detail", "first");
    json_decref(o);
}

/* Members declared required but not given are simply absent: the compiler
 * cannot check presence, the runtime must not crash on it. */
static void test_required_absent(void **state)
{
    (void)state;
    errata_problem_t p;
    errata_throw(&p, &fx_every_type, __FILE__, __LINE__, NULL, NULL,
                 &(const fx_every_type_t){ .count = 1 });
    assert_false(p.members[0].present);
    assert_null(p.detail); /* the template names text */
    json_t *o = rt_parse(&p);
    rt_expect_keys(o, "type", "title", "status", "code", "count", "ratio", "flag", NULL);
    json_decref(o);
}

/* A bool the caller filled with a stray byte reads as true, never as an
 * invalid bool. */
static void test_bool_bytes(void **state)
{
    (void)state;
    fx_every_type_t m = { .text = "t" };
    memset(&m.flag, 0x7E, sizeof m.flag);
    errata_problem_t p;
    errata_throw(&p, &fx_every_type, __FILE__, __LINE__, NULL, NULL, &m);
    assert_true(p.members[3].u.boolean);
    json_t *o = rt_parse(&p);
    rt_expect_bool(o, "flag", 1);
    json_decref(o);
}

/* More members than a problem holds (a descriptor the generator would
 * refuse): the rest are dropped and the truncation flagged. */
static void test_too_many_members(void **state)
{
    (void)state;
    enum { N = ERRATA_MAX_MEMBERS + 4 };
    errata_member_desc_t members[N];
    char names[N][8], keys[N][12];
    const char *values[N];
    for (size_t i = 0; i < N; i++) {
        members[i] = fx_echo.members[0];
        snprintf(names[i], sizeof names[i], "m%02u", (unsigned)i);
        snprintf(keys[i], sizeof keys[i], "\"m%02u\":", (unsigned)i);
        members[i].name = names[i];
        members[i].json_key = keys[i];
        members[i].offset = i * sizeof(const char *);
        values[i] = names[i];
    }
    errata_descriptor_t desc = fx_echo;
    desc.members = members;
    desc.member_count = N;
    errata_problem_t p;
    errata_throw(&p, &desc, __FILE__, __LINE__, NULL, NULL, values);
    assert_true(p.flags & ERRATA_PROBLEM_TRUNCATED);
    json_t *o = rt_parse(&p);
    assert_int_equal(json_object_size(o), 4 + ERRATA_MAX_MEMBERS);
    rt_expect_string(o, "m15", "m15");
    rt_expect_absent(o, "m16");
    json_decref(o);
}

static void test_set_trace_id(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } cases[] = {
        { TRACE, TRACE },
        { TRACE "ffff", TRACE },      /* cut at 32 */
        { "00-" TRACE "-01", "00-0af7651916cd43dd8448eb211c803" },
        { "abc def", "abc" },         /* space ends it */
        { "abc\r\nX-Evil: 1", "abc" },
        { "ab\x7F" "cd", "ab" },
        { "caf\xC3\xA9", "caf" },
        { "", "" },
        { "\"\\!~", "\"\\!~" },
    };
    errata_problem_t p;
    errata_problem_init(&p);
    for (size_t i = 0; i < RT_COUNT(cases); i++) {
        errata_problem_set_trace_id(&p, cases[i].in);
        assert_string_equal(p.trace_id, cases[i].out);
    }
    errata_problem_set_trace_id(&p, NULL);
    assert_string_equal(p.trace_id, "");
    errata_problem_set_trace_id(NULL, TRACE);
    errata_problem_init(NULL);
}

static void test_observe(void **state)
{
    (void)state;
    errata_problem_t p;
    rt_events_t events = { 0 };
    errata_throw(&p, &fx_pet_not_found, "pets.c", 77, NULL, NULL,
                 &(const fx_pet_not_found_t){ .pet_id = "5" });
    errata_problem_set_trace_id(&p, TRACE);
    errata_problem_observe(&p, rt_observer, &events);
    errata_problem_observe(&p, NULL, &events); /* no observer: nothing */
    assert_int_equal(events.count, 1);
    rt_event_t *e = &events.events[0];
    assert_int_equal(e->kind, ERRATA_EVENT_SENT);
    assert_string_equal(e->code_name, "PET_NOT_FOUND");
    assert_int_equal(e->status, 404);
    assert_string_equal(e->detail, "Pet 5 does not exist");
    assert_string_equal(e->file, "pets.c");
    assert_int_equal(e->line, 77);
    assert_string_equal(e->trace_id, TRACE);
    assert_false(e->has_header);
    /* Nothing thrown (or no problem at all): the generic 500, and no NULL
     * strings for the observer to trip on. */
    errata_problem_init(&p);
    errata_problem_observe(&p, rt_observer, &events);
    errata_problem_observe(NULL, rt_observer, &events);
    for (size_t i = 1; i < 3; i++) {
        e = &events.events[i];
        assert_int_equal(e->status, 500);
        assert_string_equal(e->code_name, "");
        assert_string_equal(e->file, "");
        assert_string_equal(e->trace_id, "");
        assert_false(e->has_detail);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_throw_reinitialises),
        cmocka_unit_test(test_strings_are_copied),
        cmocka_unit_test(test_rethrow_from_itself),
        cmocka_unit_test(test_required_absent),
        cmocka_unit_test(test_bool_bytes),
        cmocka_unit_test(test_too_many_members),
        cmocka_unit_test(test_set_trace_id),
        cmocka_unit_test(test_observe),
    };
    return cmocka_run_group_tests_name("problem", tests, NULL, NULL);
}
