/* The catalog's bounds hold at run time: minimum/maximum, max_length and
 * max_items are enforced at throw, and every member that breaks the
 * contract (out of range, cut, missing, a NULL item) is flagged on the
 * problem and reported to the observer after the SENT event. */
#include "rt.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* fx_every_type with bounds on its members, as a catalog would declare:
 * text max_length 5, count 0..10, ratio minimum 0, texts max_items 2. */
static errata_member_desc_t members[16];
static errata_descriptor_t bounded;

static int setup(void **state)
{
    (void)state;
    bounded = fx_every_type;
    memcpy(members, fx_every_type.members, fx_every_type.member_count * sizeof members[0]);
    members[0].bounds = ERRATA_BOUND_LENGTH;
    members[0].max_length = 5;
    members[1].bounds = ERRATA_BOUND_MIN | ERRATA_BOUND_MAX;
    members[1].int_min = 0;
    members[1].int_max = 10;
    members[2].bounds = ERRATA_BOUND_MIN;
    members[2].num_min = 0;
    members[4].bounds = ERRATA_BOUND_ITEMS;
    members[4].max_items = 2;
    bounded.members = members;
    return 0;
}

static void throw_it(errata_problem_t *p, const fx_every_type_t *m)
{
    errata_throw(p, &bounded, __FILE__, __LINE__, "d", NULL, m);
}

static json_t *body(const errata_problem_t *p)
{
    return rt_parse(p); /* the body as an independent parser reads it */
}

static void test_within_bounds_untouched(void **state)
{
    (void)state;
    static const char *const texts[] = { "a", "b" };
    errata_problem_t p;
    throw_it(&p, &(const fx_every_type_t){ .text = "hello", .count = 10, .ratio = 0.0,
                                           .texts = { texts, 2 } });
    assert_int_equal(p.flags, 0);
    for (size_t i = 0; i < bounded.member_count; i++)
        assert_int_equal(p.faults[i], ERRATA_FAULT_NONE);
    rt_events_t events = { 0 };
    errata_problem_observe(&p, rt_observer, &events);
    assert_int_equal(events.count, 1); /* SENT only */
}

static void test_numbers_out_of_range_refused(void **state)
{
    (void)state;
    const int64_t counts[] = { -1, 11, INT64_MIN, INT64_MAX };
    for (size_t i = 0; i < RT_COUNT(counts); i++) {
        errata_problem_t p;
        throw_it(&p, &(const fx_every_type_t){ .text = "x", .count = counts[i], .ratio = 1 });
        assert_false(p.members[1].present);
        assert_int_equal(p.faults[1], ERRATA_FAULT_OUT_OF_RANGE);
        assert_true(p.flags & ERRATA_PROBLEM_INVALID);
        json_t *o = body(&p);
        assert_null(json_object_get(o, "count")); /* never sent */
        json_decref(o);
        rt_events_t events = { 0 };
        errata_problem_observe(&p, rt_observer, &events);
        assert_int_equal(events.count, 2);
        assert_int_equal(events.events[0].kind, ERRATA_EVENT_SENT);
        assert_int_equal(events.events[1].kind, ERRATA_EVENT_MEMBER_FAULT);
    }
    /* A negative ratio and a NaN are outside minimum: 0. */
    const double ratios[] = { -0.5, NAN };
    for (size_t i = 0; i < RT_COUNT(ratios); i++) {
        errata_problem_t p;
        throw_it(&p, &(const fx_every_type_t){ .text = "x", .count = 1, .ratio = ratios[i] });
        assert_false(p.members[2].present);
        assert_int_equal(p.faults[2], ERRATA_FAULT_OUT_OF_RANGE);
    }
}

static void test_string_cut_to_max_length(void **state)
{
    (void)state;
    errata_problem_t p;
    /* 7 characters, two of them 2-byte: the first five are kept whole. */
    throw_it(&p, &(const fx_every_type_t){ .text = "h\xC3\xA9llo\xC3\xA9!", .count = 1 });
    assert_string_equal(p.members[0].u.string, "h\xC3\xA9llo");
    assert_true(p.members[0].cut);
    assert_int_equal(p.faults[0], ERRATA_FAULT_CUT);
    assert_true(p.flags & ERRATA_PROBLEM_INVALID);
    assert_false(p.flags & ERRATA_PROBLEM_TRUNCATED); /* the bound, not the arena */
    rt_events_t events = { 0 };
    errata_problem_observe(&p, rt_observer, &events);
    assert_int_equal(events.count, 2);
    assert_int_equal(events.events[1].kind, ERRATA_EVENT_MEMBER_FAULT);
}

static void test_array_cut_to_max_items(void **state)
{
    (void)state;
    static const char *const texts[] = { "a", "b", "c" };
    errata_problem_t p;
    throw_it(&p, &(const fx_every_type_t){ .text = "x", .count = 1, .texts = { texts, 3 } });
    assert_int_equal(p.members[4].u.array.count, 2);
    assert_int_equal(p.faults[4], ERRATA_FAULT_CUT);
    assert_true(p.flags & ERRATA_PROBLEM_INVALID);
}

static void test_null_item_and_missing_reported(void **state)
{
    (void)state;
    static const char *const texts[] = { "a", NULL };
    errata_problem_t p;
    throw_it(&p, &(const fx_every_type_t){ .text = NULL, .count = 1, .texts = { texts, 2 } });
    assert_int_equal(p.faults[0], ERRATA_FAULT_MISSING); /* required text, NULL */
    assert_int_equal(p.faults[4], ERRATA_FAULT_NULL_ITEM);
    assert_true(p.flags & ERRATA_PROBLEM_INVALID);
    rt_events_t events = { 0 };
    errata_problem_observe(&p, rt_observer, &events);
    assert_int_equal(events.count, 3);
    assert_int_equal(events.events[1].kind, ERRATA_EVENT_MEMBER_FAULT);
    assert_int_equal(events.events[2].kind, ERRATA_EVENT_MEMBER_FAULT);
    /* No member struct at all: every required member missing. */
    errata_throw(&p, &bounded, __FILE__, __LINE__, NULL, NULL, NULL);
    assert_int_equal(p.faults[0], ERRATA_FAULT_MISSING);
    assert_int_equal(p.faults[1], ERRATA_FAULT_MISSING);
}

/* A detail or instance that does not fit is flagged and reported too. */
static void test_texts_cut_reported(void **state)
{
    (void)state;
    static char huge[6000];
    memset(huge, 'd', sizeof huge - 1);
    errata_problem_t p;
    errata_throw(&p, &fx_bad_request, __FILE__, __LINE__, huge, huge, NULL);
    assert_true(p.flags & ERRATA_PROBLEM_TRUNCATED);
    assert_int_equal(p.text_faults, ERRATA_TEXT_INSTANCE_CUT | ERRATA_TEXT_DETAIL_DROPPED);
    rt_events_t events = { 0 };
    errata_problem_observe(&p, rt_observer, &events);
    assert_int_equal(events.count, 3);
    assert_int_equal(events.events[1].kind, ERRATA_EVENT_TEXT_CUT);
    assert_int_equal(events.events[2].kind, ERRATA_EVENT_TEXT_CUT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_within_bounds_untouched, setup),
        cmocka_unit_test_setup(test_numbers_out_of_range_refused, setup),
        cmocka_unit_test_setup(test_string_cut_to_max_length, setup),
        cmocka_unit_test_setup(test_array_cut_to_max_items, setup),
        cmocka_unit_test_setup(test_null_item_and_missing_reported, setup),
        cmocka_unit_test_setup(test_texts_cut_reported, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
