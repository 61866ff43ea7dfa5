#include "rt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int rt_utf8_valid(const char *s, size_t n)
{
    const unsigned char *b = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        size_t len;
        if (b[i] < 0x80) {
            i++;
            continue;
        } else if ((b[i] & 0xE0) == 0xC0) {
            len = 2, cp = b[i] & 0x1F;
        } else if ((b[i] & 0xF0) == 0xE0) {
            len = 3, cp = b[i] & 0x0F;
        } else if ((b[i] & 0xF8) == 0xF0) {
            len = 4, cp = b[i] & 0x07;
        } else {
            return 0;
        }
        if (n - i < len)
            return 0;
        for (size_t k = 1; k < len; k++) {
            if ((b[i + k] & 0xC0) != 0x80)
                return 0;
            cp = (cp << 6) | (b[i + k] & 0x3F);
        }
        static const uint32_t min[5] = { 0, 0, 0x80, 0x800, 0x10000 };
        if (cp < min[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        i += len;
    }
    return 1;
}

char *rt_body(const errata_problem_t *p)
{
    size_t len = errata_problem_json(p, NULL, 0);
    char *buf = malloc(len + 1);
    assert_non_null(buf);
    memset(buf, 'X', len + 1);
    assert_int_equal(errata_problem_json(p, buf, len + 1), len);
    assert_int_equal(buf[len], '\0');
    assert_int_equal(strlen(buf), len);
    assert_true(rt_utf8_valid(buf, len));
    for (size_t i = 0; i < len; i++)
        assert_true((unsigned char)buf[i] >= 0x20);
    return buf;
}

json_t *rt_parse(const errata_problem_t *p)
{
    char *body = rt_body(p);
    json_error_t err;
    json_t *o = json_loads(body, JSON_REJECT_DUPLICATES, &err);
    if (o == NULL)
        fail_msg("jansson rejects the body: %s at %d\n%s", err.text, err.position, body);
    free(body);
    assert_true(json_is_object(o));
    return o;
}

static json_t *rt_member(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    if (v == NULL)
        fail_msg("member %s missing", key);
    return v;
}

void rt_expect_string(json_t *o, const char *key, const char *want)
{
    json_t *v = rt_member(o, key);
    assert_true(json_is_string(v));
    assert_int_equal(json_string_length(v), strlen(want));
    assert_memory_equal(json_string_value(v), want, strlen(want));
}

void rt_expect_int(json_t *o, const char *key, json_int_t want)
{
    json_t *v = rt_member(o, key);
    assert_true(json_is_integer(v));
    assert_true(json_integer_value(v) == want);
}

void rt_expect_real(json_t *o, const char *key, double want)
{
    json_t *v = rt_member(o, key);
    assert_true(json_is_number(v));
    assert_true(json_number_value(v) == want);
}

void rt_expect_bool(json_t *o, const char *key, int want)
{
    json_t *v = rt_member(o, key);
    assert_true(json_is_boolean(v));
    assert_int_equal(json_is_true(v), want != 0);
}

void rt_expect_absent(json_t *o, const char *key)
{
    if (json_object_get(o, key) != NULL)
        fail_msg("member %s should be absent", key);
}

void rt_expect_keys(json_t *o, ...)
{
    va_list ap;
    va_start(ap, o);
    void *it = json_object_iter(o);
    for (const char *want = va_arg(ap, const char *); want != NULL;
         want = va_arg(ap, const char *)) {
        if (it == NULL)
            fail_msg("member %s missing (body ends before)", want);
        assert_string_equal(json_object_iter_key(it), want);
        it = json_object_iter_next(o, it);
    }
    va_end(ap);
    if (it != NULL)
        fail_msg("unexpected member %s", json_object_iter_key(it));
}

void rt_expect_head(json_t *o, const errata_descriptor_t *desc)
{
    rt_expect_string(o, "type", desc->type_uri);
    rt_expect_string(o, "title", desc->title);
    rt_expect_int(o, "status", desc->status);
    rt_expect_string(o, "code", desc->code_name);
}

static void rt_copy(char *dst, size_t cap, const char *src)
{
    assert_non_null(src);
    snprintf(dst, cap, "%s", src);
}

void rt_observer(const errata_event_t *event, void *ctx)
{
    rt_events_t *events = ctx;
    assert_true(events->count < RT_COUNT(events->events));
    rt_event_t *e = &events->events[events->count++];
    memset(e, 0, sizeof *e);
    e->kind = event->kind;
    rt_copy(e->code_name, sizeof e->code_name, event->code_name);
    e->status = event->status;
    e->has_detail = event->detail != NULL;
    if (event->detail != NULL)
        rt_copy(e->detail, sizeof e->detail, event->detail);
    rt_copy(e->file, sizeof e->file, event->file);
    e->line = event->line;
    rt_copy(e->trace_id, sizeof e->trace_id, event->trace_id);
    e->has_header = event->header != NULL;
    if (event->header != NULL)
        rt_copy(e->header, sizeof e->header, event->header);
}
