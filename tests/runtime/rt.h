/* Helpers shared by liberrata's tests: writing a body and checking it with
 * an independent parser (jansson), and an event recorder for the observer. */
#ifndef ERRATA_TEST_RT_H
#define ERRATA_TEST_RT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <jansson.h>

#include "errata/errata.h"
#include "fixtures.h"

#define RT_COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* The body of p, written twice (sized with cap 0, then into an exact
 * buffer), checked for: matching lengths, a NUL at the end, valid UTF-8,
 * no raw control byte; returned malloc'ed (free() it). */
char *rt_body(const errata_problem_t *p);

/* rt_body parsed by jansson, which must accept it and find an object. */
json_t *rt_parse(const errata_problem_t *p);

/* True when s[0..n) is well-formed UTF-8 (written apart from liberrata's
 * decoder, so that one does not grade its own work). */
int rt_utf8_valid(const char *s, size_t n);

/* Member checks on a parsed body. */
void rt_expect_string(json_t *o, const char *key, const char *want);
void rt_expect_int(json_t *o, const char *key, json_int_t want);
void rt_expect_real(json_t *o, const char *key, double want);
void rt_expect_bool(json_t *o, const char *key, int want);
void rt_expect_absent(json_t *o, const char *key);
/* The object's keys, in order, are exactly the NULL-terminated list. */
void rt_expect_keys(json_t *o, ...);

/* The standard members every body starts with. */
void rt_expect_head(json_t *o, const errata_descriptor_t *desc);

/* Records observer events (strings copied, so they outlive the problem). */
typedef struct rt_event {
    errata_event_kind_t kind;
    char code_name[64];
    int status;
    int has_detail;
    char detail[512];
    char file[128];
    int line;
    char trace_id[64];
    int has_header;
    char header[64];
} rt_event_t;

typedef struct rt_events {
    size_t count;
    rt_event_t events[16];
} rt_events_t;

void rt_observer(const errata_event_t *event, void *ctx);

#endif
