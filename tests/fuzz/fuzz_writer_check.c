/* What a thrown problem, its body and its headers must be, worked out from
 * the values given and errata.h's rules, apart from the runtime's code. */
#include <ctype.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fuzz_writer.h"

static const char generic_detail[] =
    "The server could not complete the request. Quote the trace id when you report this.";
static const char generic_plain[] = "The server could not complete the request.";

static bool hides_detail(const errata_descriptor_t *desc)
{
    return desc->status >= 500 && !desc->expose_detail;
}

/* ---- the problem ------------------------------------------------------------- */

static bool in_arena(const errata_problem_t *p, const char *s)
{
    return s[0] == '\0' || (s >= p->arena.bytes && s < p->arena.bytes + ERRATA_PROBLEM_ARENA_SIZE);
}

/* A string copied into the arena: all of it, or (flagged) a prefix of
 * whole characters, or nothing at all when not one character fitted. */
static void check_copy(const errata_problem_t *p, const char *what, const char *stored,
                       const char *given, bool bounded)
{
    bool cut = (p->flags & ERRATA_PROBLEM_TRUNCATED) != 0 || bounded;
    if (stored == NULL) {
        if (!cut)
            FAIL("%s was given but not kept, and no cut is flagged", what);
        return;
    }
    size_t n = strlen(stored), full = strlen(given);
    if (!in_arena(p, stored))
        FAIL("%s was not copied into the problem", what);
    if (n > full || memcmp(stored, given, n) != 0 ||
        (n < full && (!cut || !fuzz_utf8_cut_ok(given, n, full))))
        FAIL("%s \"%s\" is not the value given, or a flagged cut of it", what, stored);
}

/* Characters as lead bytes: never more than the runtime's count. */
static size_t lead_bytes(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* A number the member's bounds refuse. */
static bool out_of_bounds(const errata_member_desc_t *m, const errata_value_t *v)
{
    if (m == NULL || !v->present)
        return false;
    if (v->kind == ERRATA_KIND_INTEGER)
        return ((m->bounds & ERRATA_BOUND_MIN) && v->u.integer < m->int_min) ||
               ((m->bounds & ERRATA_BOUND_MAX) && v->u.integer > m->int_max);
    if (v->kind == ERRATA_KIND_NUMBER)
        return ((m->bounds & ERRATA_BOUND_MIN) && !(v->u.number >= m->num_min)) ||
               ((m->bounds & ERRATA_BOUND_MAX) && !(v->u.number <= m->num_max));
    return false;
}

/* A kept string within the member's max_length. */
static void check_length(const errata_member_desc_t *m, const char *what, const char *stored)
{
    if (m != NULL && (m->bounds & ERRATA_BOUND_LENGTH) && stored != NULL &&
        lead_bytes(stored) > m->max_length)
        FAIL("%s keeps more than its max_length of %zu characters", what, m->max_length);
}

static bool same_scalar(const errata_value_t *a, const errata_value_t *b)
{
    if (a->present != b->present || (a->present && a->kind != b->kind))
        return false;
    if (!a->present)
        return true;
    switch (a->kind) {
    case ERRATA_KIND_STRING: return strcmp(a->u.string, b->u.string) == 0;
    case ERRATA_KIND_INTEGER: return a->u.integer == b->u.integer;
    case ERRATA_KIND_NUMBER: return memcmp(&a->u.number, &b->u.number, sizeof(double)) == 0;
    default: return a->u.boolean == b->u.boolean;
    }
}

/* Arrays keep whole items: the first ones, all of them unless flagged. */
static void check_stored_array(const errata_problem_t *p, const errata_member_desc_t *m,
                               const errata_value_t *v, const errata_value_t *want)
{
    if (v->present != want->present || (v->present && v->kind != ERRATA_KIND_ARRAY))
        FAIL("array '%s' is %s, it was %s", m->name, v->present ? "there" : "absent",
             want->present ? "given" : "not given");
    if (!v->present)
        return;
    size_t width = m->item_kind == ERRATA_KIND_OBJECT ? m->property_count : 1;
    size_t most = want->u.array.count;
    if ((m->bounds & ERRATA_BOUND_ITEMS) && most > m->max_items)
        most = m->max_items; /* the catalog's bound, flagged */
    if (v->u.array.count > most ||
        (v->u.array.count < most && !(p->flags & ERRATA_PROBLEM_TRUNCATED)))
        FAIL("array '%s' kept %zu of %zu items", m->name, v->u.array.count, want->u.array.count);
    if (v->u.array.count < want->u.array.count &&
        !(p->flags & (ERRATA_PROBLEM_TRUNCATED | ERRATA_PROBLEM_INVALID)))
        FAIL("array '%s' lost items, unflagged", m->name);
    for (size_t i = 0; i < v->u.array.count * width; i++) {
        const errata_value_t *item = &v->u.array.items[i];
        const errata_member_desc_t *prop =
            m->item_kind == ERRATA_KIND_OBJECT ? &m->properties[i % width] : NULL;
        const errata_value_t *given = &want->u.array.items[i];
        if (out_of_bounds(prop, given)) {
            if (item->present)
                FAIL("array '%s': item value %zu is out of its bounds yet kept", m->name, i);
            continue;
        }
        if (item->present && item->kind == ERRATA_KIND_STRING && given->present &&
            prop != NULL && (prop->bounds & ERRATA_BOUND_LENGTH)) {
            check_copy(p, m->name, item->u.string, given->u.string, true);
            check_length(prop, m->name, item->u.string);
        } else if (!same_scalar(item, given)) {
            FAIL("array '%s': item value %zu differs from the one given", m->name, i);
        }
        if (item->present && item->kind == ERRATA_KIND_STRING && !in_arena(p, item->u.string))
            FAIL("array '%s': a string item was not copied", m->name);
    }
}

static void check_stored_member(const errata_problem_t *p, const errata_member_desc_t *m,
                                const errata_value_t *v, const errata_value_t *want)
{
    if (m->kind == ERRATA_KIND_ARRAY) {
        check_stored_array(p, m, v, want);
    } else if (m->kind == ERRATA_KIND_STRING && want->present) {
        check_copy(p, m->name, v->present ? v->u.string : NULL, want->u.string,
                   (m->bounds & ERRATA_BOUND_LENGTH) != 0);
        check_length(m, m->name, v->present ? v->u.string : NULL);
    } else if (out_of_bounds(m, want)) {
        if (v->present || p->faults[m - p->desc->members] != ERRATA_FAULT_OUT_OF_RANGE ||
            !(p->flags & ERRATA_PROBLEM_INVALID))
            FAIL("member '%s' is out of its bounds, yet not refused and flagged", m->name);
    } else if (!same_scalar(v, want)) {
        FAIL("member '%s' is not the value given", m->name);
    }
}

/* ---- templates, rendered here ----------------------------------------------------- */

typedef struct text {
    char *s;
    size_t len, cap;
} text_t;

static void text_add(text_t *t, const char *s, size_t n)
{
    if (t->len + n + 1 > t->cap) {
        t->cap = 2 * (t->len + n + 1);
        t->s = realloc(t->s, t->cap);
        if (t->s == NULL)
            abort();
    }
    memcpy(t->s + t->len, s, n);
    t->len += n;
    t->s[t->len] = '\0';
}

typedef enum rendered { RENDER_ABSENT, RENDER_UNKNOWN, RENDER_TEXT } rendered_t;

/* A detail or header template over the stored members (errata.h): text as
 * written, strings as they are (quoted-pairs for '"' and '\' inside a
 * quoted-string), integers in decimal, booleans as true/false. ABSENT when
 * a part names an absent member or one with no text form (an array, a
 * non-finite number); UNKNOWN when it holds a number, whose shortest
 * form is not modelled here. */
static rendered_t render(const errata_problem_t *p, const errata_template_part_t *parts,
                         size_t count, text_t *out)
{
    bool unknown = false;
    for (size_t i = 0; i < count; i++) {
        const errata_template_part_t *part = &parts[i];
        if (part->text != NULL) {
            text_add(out, part->text, strlen(part->text));
            continue;
        }
        if (part->member < 0 || (size_t)part->member >= p->desc->member_count)
            return RENDER_ABSENT;
        const errata_value_t *v = &p->members[part->member];
        char num[32];
        if (!v->present || v->kind == ERRATA_KIND_ARRAY ||
            (v->kind == ERRATA_KIND_NUMBER && !isfinite(v->u.number)))
            return RENDER_ABSENT;
        if (v->kind == ERRATA_KIND_NUMBER) {
            unknown = true;
        } else if (v->kind == ERRATA_KIND_INTEGER) {
            text_add(out, num, (size_t)snprintf(num, sizeof num, "%" PRId64, v->u.integer));
        } else if (v->kind == ERRATA_KIND_BOOLEAN) {
            text_add(out, v->u.boolean ? "true" : "false", v->u.boolean ? 4 : 5);
        } else {
            for (const char *s = v->u.string; *s; s++) {
                if (part->quoted && (*s == '"' || *s == '\\'))
                    text_add(out, "\\", 1);
                text_add(out, s, 1);
            }
        }
    }
    return unknown ? RENDER_UNKNOWN : RENDER_TEXT;
}

/* Without a detail given, the catalog's template fills it: all of it, a
 * flagged cut of it, or nothing when it cannot be honoured. */
static void check_template_detail(const errata_problem_t *p)
{
    const errata_descriptor_t *desc = p->desc;
    if (desc->detail == NULL || desc->detail_part_count == 0) {
        if (p->detail != NULL)
            FAIL("a detail without a template or a detail given");
        return;
    }
    text_t t = { NULL, 0, 0 };
    rendered_t r = render(p, desc->detail, desc->detail_part_count, &t);
    if (r == RENDER_ABSENT && p->detail != NULL)
        FAIL("a detail \"%s\" from a template that cannot be honoured", p->detail);
    if (r == RENDER_TEXT)
        check_copy(p, "the template's detail", p->detail, t.s ? t.s : "", false);
    free(t.s);
}

/* The trace id keeps printable ASCII, up to 32 characters. */
static void check_trace(const errata_problem_t *p, const char *given)
{
    size_t n = 0;
    while (given && n < ERRATA_TRACE_ID_SIZE - 1 && given[n] > 0x20 && given[n] < 0x7F)
        n++;
    if (strlen(p->trace_id) != n || (n > 0 && memcmp(p->trace_id, given, n) != 0))
        FAIL("trace id \"%s\" is not the printable start of the one given", p->trace_id);
}

void check_stored(const errata_problem_t *p, const gen_t *g)
{
    if (p->desc != g->desc || strcmp(p->file, "fuzz_writer.c") != 0 || p->line != 7)
        FAIL("the problem does not record its descriptor and origin");
    for (size_t i = 0; i < g->desc->member_count; i++)
        check_stored_member(p, &g->desc->members[i], &p->members[i], &g->want[i]);
    if (g->instance != NULL)
        check_copy(p, "instance", p->instance, g->instance, false);
    else if (p->instance != NULL)
        FAIL("an instance nobody gave");
    if (g->detail != NULL)
        check_copy(p, "detail", p->detail, g->detail, false);
    else
        check_template_detail(p);
    check_trace(p, g->trace);
}

/* ---- the body --------------------------------------------------------------------- */

static json_t *scalar_json(const errata_value_t *v)
{
    if (!v->present)
        return NULL;
    switch (v->kind) {
    case ERRATA_KIND_STRING: return fuzz_json_text(v->u.string, strlen(v->u.string));
    case ERRATA_KIND_INTEGER: return json_integer(v->u.integer);
    case ERRATA_KIND_NUMBER: return isfinite(v->u.number) ? json_real(v->u.number) : NULL;
    case ERRATA_KIND_BOOLEAN: return json_boolean(v->u.boolean);
    default: return NULL;
    }
}

/* A member as the body must hold it; NULL when JSON cannot (absent, a
 * non-finite number). Array items without a JSON form are left out, and
 * so are such properties of object items. */
static json_t *member_json(const errata_member_desc_t *m, const errata_value_t *v)
{
    if (m->kind != ERRATA_KIND_ARRAY)
        return v->kind == m->kind ? scalar_json(v) : NULL;
    if (!v->present)
        return NULL;
    json_t *a = json_array();
    bool object = m->item_kind == ERRATA_KIND_OBJECT;
    size_t width = object ? m->property_count : 1;
    for (size_t i = 0; i < v->u.array.count; i++) {
        const errata_value_t *row = &v->u.array.items[i * width];
        if (!object) {
            json_t *item = scalar_json(row);
            if (item != NULL)
                json_array_append_new(a, item);
            continue;
        }
        json_t *o = json_object();
        for (size_t k = 0; k < width; k++) {
            json_t *prop = scalar_json(&row[k]);
            if (prop != NULL)
                json_object_set_new(o, m->properties[k].name, prop);
        }
        json_array_append_new(a, o);
    }
    return a;
}

static void put_text(json_t *o, const char *key, const char *s)
{
    json_object_set_new(o, key, fuzz_json_text(s, strlen(s)));
}

/* The legacy members of a migration (errata.h, errata_migration_t): the
 * success flag false, and the error object's fields from what the body
 * already holds (its type and detail as sent), a field the body lacks
 * left out. */
static void put_legacy(json_t *o, const errata_migration_t *m)
{
    if (m->success_member != NULL)
        json_object_set_new(o, m->success_member, json_false());
    if (m->error_member == NULL)
        return;
    json_t *e = json_object();
    for (size_t i = 0; m->fields != NULL && i < m->field_count; i++) {
        const char *from = NULL;
        switch (m->fields[i].source) {
        case ERRATA_LEGACY_CODE: from = "code"; break;
        case ERRATA_LEGACY_TITLE: from = "title"; break;
        case ERRATA_LEGACY_DETAIL: from = "detail"; break;
        case ERRATA_LEGACY_TYPE: from = "type"; break;
        case ERRATA_LEGACY_STATUS: from = "status"; break;
        case ERRATA_LEGACY_INSTANCE: from = "instance"; break;
        }
        json_t *v = from != NULL ? json_object_get(o, from) : NULL;
        if (v != NULL)
            json_object_set(e, m->fields[i].name, v);
    }

    json_object_set_new(o, m->error_member, e);
}

/* The whole document errata.h describes for p. */
static json_t *expected_body(const errata_problem_t *p, const errata_type_base_t *base)
{
    const errata_descriptor_t *desc = p->desc;
    json_t *o = json_object();
    size_t n = base ? strlen(base->catalog) : 0;
    if (n > 0 && strncmp(desc->type_uri, base->catalog, n) == 0) {
        size_t served = strlen(base->served), rest = strlen(desc->type_uri + n);
        char *t = malloc(served + rest + 1);
        if (t == NULL)
            abort();
        memcpy(t, base->served, served);
        memcpy(t + served, desc->type_uri + n, rest + 1);
        put_text(o, "type", t);
        free(t);
    } else {
        put_text(o, "type", desc->type_uri);
    }
    put_text(o, "title", desc->title);
    json_object_set_new(o, "status", json_integer(desc->status));
    if (desc->code_name[0] != '\0')
        put_text(o, "code", desc->code_name);
    bool hide = hides_detail(desc);
    /* The trace id sent: its printable ASCII start, 32 characters at most,
     * under the descriptor's trace member name. */
    size_t trace_len = 0;
    while (hide && trace_len < ERRATA_TRACE_ID_SIZE - 1 && p->trace_id[trace_len] >= 0x21 &&
           p->trace_id[trace_len] <= 0x7E)
        trace_len++;
    if (hide || p->detail != NULL)
        put_text(o, "detail", !hide ? p->detail : trace_len > 0 ? generic_detail : generic_plain);
    if (p->instance != NULL)
        put_text(o, "instance", p->instance);
    if (trace_len > 0) {
        char name[128] = "trace_id";
        if (desc->trace_key != NULL) { /* "\"NAME\":" */
            size_t n = strlen(desc->trace_key);
            if (n < 4 || n - 3 >= sizeof name)
                FAIL("trace_key '%s' is not a key", desc->trace_key);
            memcpy(name, desc->trace_key + 1, n - 3);
            name[n - 3] = '\0';
        }
        json_object_set_new(o, name, fuzz_json_text(p->trace_id, trace_len));
    }
    for (size_t i = 0; i < desc->member_count; i++) {
        const errata_member_desc_t *m = &desc->members[i];
        json_t *v = member_json(m, &p->members[i]);
        if (v != NULL)
            json_object_set_new(o, m->name, v);
    }
    if (desc->migration != NULL)
        put_legacy(o, desc->migration);
    return o;
}

/* snprintf semantics: the full length whatever the cap, a NUL-terminated
 * prefix within it. Buffers are exact, so a byte past them is an ASan
 * error; cap 0 must touch nothing. */
static void check_caps(const errata_problem_t *p, const errata_type_base_t *base,
                       const char *full, size_t len, size_t cap)
{
    size_t caps[] = { 0, 1, 2, cap % (len + 2), len, len + 1 };
    for (size_t k = 0; k < sizeof caps / sizeof caps[0]; k++) {
        size_t c = caps[k];
        char *buf = malloc(c > 0 ? c : 1);
        buf[0] = 'x';
        size_t got = errata_problem_json_rebased(p, base, buf, c);
        size_t kept = c == 0 ? 0 : c - 1 < len ? c - 1 : len;
        if (got != len || (c == 0 && buf[0] != 'x') ||
            (c > 0 && (buf[kept] != '\0' || memcmp(buf, full, kept) != 0)))
            FAIL("cap %zu: not the prefix of the body (length %zu for %zu)", c, got, len);
        free(buf);
    }
}

json_t *check_body(const errata_problem_t *p, const errata_type_base_t *base, size_t cap,
                   char **text, size_t *len_out)
{
    size_t len = errata_problem_json_rebased(p, base, NULL, 0);
    char *full = malloc(len + 1);
    if (errata_problem_json_rebased(p, base, full, len + 1) != len || strlen(full) != len)
        FAIL("the body's length changes with room, or it holds a NUL");
    check_caps(p, base, full, len, cap);
    const char *error = NULL;
    size_t offset = 0;
    bool object = false;
    if (!errata_json_validate(full, len, &error, &offset, &object) || !object)
        FAIL("the body is not a JSON object: %s at %zu\n%s", error ? error : "not an object",
             offset, full);
    if (!fuzz_utf8_valid(full, len))
        FAIL("the body is not valid UTF-8:\n%s", full);
    json_error_t jerr;
    json_t *doc = json_loadb(full, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!json_is_object(doc))
        FAIL("jansson rejects the body (%s):\n%s", jerr.text, full);
    json_t *want = expected_body(p, base);
    if (!fuzz_json_same(want, doc)) {
        char *w = json_dumps(want, JSON_SORT_KEYS);
        FAIL("the body\n%s\nis not the expected\n%s", full, w);
    }
    json_decref(want);
    *text = full;
    *len_out = len;
    return doc;
}

/* ---- the headers ------------------------------------------------------------------ */

typedef struct seen {
    const char *names[64];
    char *values[64];
    size_t count;
    const char *dropped[64]; /* headers reported, in order */
    errata_event_kind_t kinds[64];
    size_t dropped_count;
    size_t events;
} seen_t;

static void on_header(const char *name, const char *value, void *ctx)
{
    seen_t *s = ctx;
    if (s->count == 64)
        FAIL("more headers than the catalog has");
    s->names[s->count] = name;
    s->values[s->count++] = strdup(value);
}

static void on_event(const errata_event_t *e, void *ctx)
{
    seen_t *s = ctx;
    if ((e->kind != ERRATA_EVENT_HEADER_DROPPED && e->kind != ERRATA_EVENT_HEADER_FALLBACK) ||
        s->dropped_count == 64)
        FAIL("an unexpected event while writing headers");
    s->kinds[s->dropped_count] = e->kind;
    s->dropped[s->dropped_count++] = e->header;
}

static bool has_control(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7F)
            return true;
    return false;
}

static bool is_tchar(char c)
{
    return c != '\0' && (isalnum((unsigned char)c) || strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

/* The field grammars the runtime enforces, written again from RFC 9110 for
 * the values the fuzzed catalogs can produce (no HTTP-dates there). */
static bool grammar_ok(const char *name, const char *v)
{
    if (has_control(v))
        return false;
    if (strcasecmp(name, "Retry-After") == 0)
        return v[0] != '\0' && strspn(v, "0123456789") == strlen(v);
    if (strcasecmp(name, "WWW-Authenticate") == 0 || strcasecmp(name, "Proxy-Authenticate") == 0) {
        size_t n = 0;
        while (is_tchar(v[n]))
            n++;
        return n > 0 && (v[n] == '\0' || v[n] == ' ');
    }
    if (strcasecmp(name, "Allow") == 0) {
        bool want_token = true, any = false;
        for (const char *c = v; *c; c++) {
            if (*c == ' ' || *c == '\t')
                continue;
            if (*c == ',') {
                if (want_token)
                    return false;
                want_token = true;
                continue;
            }
            if (!is_tchar(*c) || (!want_token && !is_tchar(c[-1])))
                return false;
            while (is_tchar(c[1]))
                c++;
            want_token = false;
            any = true;
        }
        return !any || !want_token;
    }
    return true;
}

static void expect_emitted(const seen_t *s, size_t *at, const char *name, const char *value)
{
    if (*at >= s->count || strcmp(s->names[*at], name) != 0 ||
        (value != NULL && strcmp(s->values[*at], value) != 0))
        FAIL("header %s: expected \"%s\", got %s \"%s\"", name, value ? value : "(a number)",
             *at < s->count ? s->names[*at] : "nothing", *at < s->count ? s->values[*at] : "");
    ++*at;
}

static void expect_reported(const seen_t *s, size_t *at, const char *name,
                            errata_event_kind_t kind)
{
    if (*at >= s->dropped_count || strcmp(s->dropped[*at], name) != 0 || s->kinds[*at] != kind)
        FAIL("header %s should have been reported (%s)", name,
             kind == ERRATA_EVENT_HEADER_FALLBACK ? "fallback sent" : "dropped");
    ++*at;
}

typedef enum usable { USABLE, OPTIONAL_ABSENT, BROKEN } usable_t;

/* What the members alone decide: a required one absent or a cut one breaks
 * the header; an optional one absent means it does not apply. */
static usable_t members_state(const errata_problem_t *p, const errata_header_desc_t *h)
{
    usable_t state = USABLE;
    for (size_t i = 0; i < h->part_count; i++) {
        const errata_template_part_t *part = &h->parts[i];
        if (part->text != NULL)
            continue;
        if (part->member < 0 || (size_t)part->member >= p->desc->member_count)
            return BROKEN;
        const errata_value_t *v = &p->members[part->member];
        if (v->present && v->cut)
            return BROKEN;
        if (!v->present) {
            if (p->desc->members[part->member].required)
                return BROKEN;
            state = OPTIONAL_ABSENT;
        }
    }
    return state;
}

/* One run with a scratch of cap bytes, against the model: the constant
 * headers always; each catalog header sent whole and valid, or else its
 * fallback (or nothing), reported unless an optional member's absence is
 * all that stopped it. Returns the Retry-After value, or NULL. */
static char *headers_with(const errata_problem_t *p, size_t cap)
{
    seen_t s;
    memset(&s, 0, sizeof s);
    char *scratch = cap > 0 ? malloc(cap) : NULL;
    size_t sent = errata_problem_headers(p, on_header, &s, scratch, cap, on_event, &s);
    const errata_descriptor_t *desc = p->desc;
    size_t at = 0, dropped_at = 0;
    expect_emitted(&s, &at, "Content-Type", "application/problem+json");
    const char *cache = desc->cache_control ? desc->cache_control : "no-store";
    expect_emitted(&s, &at, "Cache-Control", cache);
    char *retry_after = NULL;
    for (size_t i = 0; i < desc->header_count; i++) {
        const errata_header_desc_t *h = &desc->headers[i];
        text_t t = { NULL, 0, 0 };
        usable_t state = members_state(p, h);
        rendered_t r = RENDER_ABSENT;
        if (state == USABLE) {
            r = render(p, h->parts, h->part_count, &t);
            bool reported = dropped_at < s.dropped_count &&
                            strcmp(s.dropped[dropped_at], h->name) == 0;
            if (r == RENDER_ABSENT)
                state = BROKEN; /* a number with no text form */
            else if (r == RENDER_TEXT && (t.len >= cap || !grammar_ok(h->name, t.s ? t.s : "")))
                state = BROKEN;
            else if (r == RENDER_UNKNOWN && reported)
                state = BROKEN; /* a number: its text did not fit */
        }
        if (state == USABLE) {
            expect_emitted(&s, &at, h->name, r == RENDER_TEXT ? (t.s ? t.s : "") : NULL);
        } else {
            bool fallback = h->fallback != NULL && grammar_ok(h->name, h->fallback);
            if (state == BROKEN)
                expect_reported(&s, &dropped_at, h->name,
                                fallback ? ERRATA_EVENT_HEADER_FALLBACK
                                         : ERRATA_EVENT_HEADER_DROPPED);
            if (fallback)
                expect_emitted(&s, &at, h->name, h->fallback);
        }
        if (at > 0 && strcmp(s.names[at - 1], "Retry-After") == 0 &&
            strcmp(h->name, "Retry-After") == 0 && retry_after == NULL)
            retry_after = strdup(s.values[at - 1]);
        free(t.s);
    }
    if (at != s.count || dropped_at != s.dropped_count || sent != s.count)
        FAIL("%zu headers sent, %zu expected; %zu dropped, %zu expected", s.count, at,
             s.dropped_count, dropped_at);
    for (size_t i = 0; i < s.count; i++) {
        if (has_control(s.values[i]))
            FAIL("header %s carries a control byte", s.names[i]);
        free(s.values[i]);
    }
    free(scratch);
    return retry_after;
}

char *check_headers(const errata_problem_t *p, size_t small_cap)
{
    free(headers_with(p, small_cap));
    return headers_with(p, 2048);
}

/* ---- the observer ------------------------------------------------------------------ */

typedef struct observed {
    const errata_problem_t *p;
    size_t events;
    size_t next_member; /* the next member index a fault event may name */
    unsigned texts;     /* ERRATA_TEXT_* bits reported */
} observed_t;

static void on_sent(const errata_event_t *e, void *ctx)
{
    observed_t *o = ctx;
    const errata_problem_t *p = o->p;
    const char *detail = e->detail ? e->detail : "(none)";
    if ((o->events++ == 0) != (e->kind == ERRATA_EVENT_SENT))
        FAIL("the observer hears ERRATA_EVENT_SENT first, and once");
    if (strcmp(e->code_name, p->desc->code_name) != 0 || e->status != p->desc->status ||
        strcmp(e->file, p->file) != 0 || e->line != p->line ||
        strcmp(e->trace_id, p->trace_id) != 0 ||
        strcmp(detail, p->detail ? p->detail : "(none)") != 0)
        FAIL("the observer does not see the problem as thrown");
    if (e->kind == ERRATA_EVENT_MEMBER_FAULT) {
        size_t i = o->next_member;
        while (i < p->desc->member_count && p->faults[i] == ERRATA_FAULT_NONE)
            i++;
        if (i == p->desc->member_count || strcmp(e->member, p->desc->members[i].name) != 0 ||
            e->fault != (errata_fault_t)p->faults[i])
            FAIL("a member fault reported that was not recorded, or out of order");
        o->next_member = i + 1;
    } else if (e->kind == ERRATA_EVENT_TEXT_CUT) {
        unsigned bit = strcmp(e->member, "detail") == 0
                           ? (e->fault == ERRATA_FAULT_CUT ? ERRATA_TEXT_DETAIL_CUT
                                                           : ERRATA_TEXT_DETAIL_DROPPED)
                           : (e->fault == ERRATA_FAULT_CUT ? ERRATA_TEXT_INSTANCE_CUT
                                                           : ERRATA_TEXT_INSTANCE_DROPPED);
        if (!(p->text_faults & bit) || (o->texts & bit))
            FAIL("a cut text reported that was not recorded, or twice");
        o->texts |= bit;
    } else if (e->kind != ERRATA_EVENT_SENT) {
        FAIL("an unexpected event kind while observing");
    }
}

void check_observed(const errata_problem_t *p)
{
    /* What was recorded at throw, against the values kept: a required
     * member absent is a fault; a fault-free member is present or optional. */
    for (size_t i = 0; i < p->desc->member_count; i++) {
        const errata_value_t *v = &p->members[i];
        errata_fault_t f = (errata_fault_t)p->faults[i];
        if (p->desc->members[i].required && !v->present && f != ERRATA_FAULT_MISSING &&
            f != ERRATA_FAULT_OUT_OF_RANGE)
            FAIL("required member %s absent without a fault", p->desc->members[i].name);
        if (f != ERRATA_FAULT_NONE && !(p->flags & (ERRATA_PROBLEM_INVALID |
                                                    ERRATA_PROBLEM_TRUNCATED)))
            FAIL("member %s has a fault but the problem is not flagged",
                 p->desc->members[i].name);
        if (v->present && v->cut && f == ERRATA_FAULT_NONE)
            FAIL("member %s was cut without a fault", p->desc->members[i].name);
    }
    observed_t o = { p, 0, 0, 0 };
    errata_problem_observe(p, on_sent, &o);
    size_t i = o.next_member;
    while (i < p->desc->member_count && p->faults[i] == ERRATA_FAULT_NONE)
        i++;
    if (i < p->desc->member_count || o.texts != p->text_faults)
        FAIL("a fault recorded at throw was not reported to the observer");
}
