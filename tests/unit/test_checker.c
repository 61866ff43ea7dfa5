/* The catalog loader and checker (catalog/catalog.h) on small catalogs held
 * in memory: the model a valid catalog produces, one located error per rule,
 * warnings and --werror, includes, and deterministic model JSON. */
#include "unit.h"

#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include "catalog/catalog.h"
#include "catalog/rules.h"
#include "model/json_write.h"
#include "model/model.h"
#include "model/model_value.h"
#include "model/value.h"
#include "support/arena.h"
#include "support/embedded.h"
#include "support/strbuf.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* One load: arena, options, captured diagnostics and the model. */
struct load {
    struct arena a;
    struct capture cap;
    struct catalog_options opt;
    struct model m;
    enum catalog_result r;
    bool active;
};

static void load_release(struct load *l)
{
    if (l->active) {
        capture_close(&l->cap);
        arena_finish(&l->a);
        l->active = false;
    }
}

static void load_delete(void *p)
{
    load_release(p);
    free(p);
}

/* A load slot owned by the test: released by unit_teardown. */
static struct load *load_new(void)
{
    struct load *l = calloc(1, sizeof *l);
    assert_non_null(l);
    unit_hold(load_delete, l);
    return l;
}

static void load_init(struct load *l, bool werror)
{
    load_release(l);
    l->active = true;
    arena_init(&l->a);
    capture_open(&l->cap, werror);
    catalog_options_init(&l->opt);
    /* Only the built-in catalogs: nothing installed on this machine counts. */
    l->opt.installed_dir = NULL;
    l->opt.use_builtin = true;
}

static void load_run(struct load *l, const char *text)
{
    l->r = catalog_load_memory(&l->a, &l->cap.d, "mem.yaml", text, strlen(text), &l->opt,
                               &l->m);
}

static void load_text(struct load *l, const char *text, bool werror)
{
    load_init(l, werror);
    load_run(l, text);
}

static void load_free(struct load *l)
{
    load_release(l);
}

/* Loads text that must be valid with no diagnostic at all. */
static void load_ok(struct load *l, const char *text)
{
    load_text(l, text, false);
    if (l->r != CATALOG_OK || l->cap.d.errors || l->cap.d.warnings || l->cap.len) {
        print_error("expected a clean load, got result %d:\n%s\n", (int)l->r,
                    capture_text(&l->cap));
        fail();
    }
}

static const struct entry *find_entry(const struct model *m, const char *code)
{
    for (size_t i = 0; i < m->entry_count; i++) {
        if (strcmp(m->entries[i].code, code) == 0)
            return &m->entries[i];
    }
    fail_msg("no entry '%s' in the model", code);
    return NULL;
}

static bool has_entry(const struct model *m, const char *code)
{
    for (size_t i = 0; i < m->entry_count; i++)
        if (strcmp(m->entries[i].code, code) == 0)
            return true;
    return false;
}

#define HEAD                                                                                     \
    "errata: 1\n"                                                                                \
    "name: pets\n"                                                                               \
    "base_uri: https://errors.example/\n"                                                        \
    "errors:\n"

/* ---------------------------------------------------------------------- */
/* The model of a valid catalog                                            */

static const char minimal[] = HEAD
    "  - code: PET_NOT_FOUND\n"                                          /* 5 */
    "    status: 404\n"
    "    title: Pet not found\n"
    "  - code: RATE_LIMITED\n"                                           /* 8 */
    "    status: 429\n"
    "    title: Too many requests\n"
    "    headers: { Retry-After: \"{retry_after}\" }\n"
    "    extensions: { retry_after: { type: integer, minimum: 0, required: true } }\n"
    "  - code: INTERNAL_ERROR\n"                                         /* 13 */
    "    status: 500\n"
    "    title: Internal error\n"
    "  - code: UPSTREAM_FAILED\n"
    "    status: 502\n"
    "    title: Upstream failed\n"
    "  - code: STORE_UNAVAILABLE\n"
    "    status: 503\n"
    "    title: Store unavailable\n"
    "    headers: { Retry-After: { value: \"{retry_after}\", fallback: \"60\" } }\n"
    "    extensions: { retry_after: { type: integer, minimum: 0 } }\n"
    "  - code: UPSTREAM_TIMEOUT\n"
    "    status: 504\n"
    "    title: Upstream timed out\n"
    "  - code: CUSTOM_TYPE\n"
    "    status: 400\n"
    "    title: Custom\n"
    "    type: https://other.example/custom\n"
    "  - code: NESTED_SLUG\n"
    "    status: 409\n"
    "    title: Nested\n"
    "    type: pets/conflict\n"
    "  - code: OVERRIDDEN\n"
    "    status: 503\n"
    "    title: Overridden\n"
    "    retryable: false\n"
    "    expose_detail: false\n"
    "    cache_control: \"max-age=60\"\n"
    "    deprecated: use STORE_UNAVAILABLE\n"
    "    description: Some *Markdown*.\n"
    "    headers: { Retry-After: \"120\" }\n"
    "  - code: RETRY_TEAPOT\n"
    "    status: 409\n"
    "    title: Retry me\n"
    "    retryable: true\n";

static void test_minimal_model(void **state)
{
    (void)state;
    struct load *l = load_new();
    load_ok(l, minimal);
    const struct model *m = &l->m;
    assert_int_equal(m->entry_count, 10);
    assert_int_equal(m->file_count, 1);
    assert_ptr_equal(m->files[0], m->main);
    assert_string_equal(m->main->name, "pets");
    assert_string_equal(m->main->base_uri, "https://errors.example/");
    assert_false(m->main->builtin);

    static const struct {
        const char *code;
        int status;
        const char *slug;
        const char *type_uri;
        bool retryable, expose_detail;
    } want[] = {
        { "PET_NOT_FOUND", 404, "pet-not-found", "https://errors.example/pet-not-found", false,
          true },
        { "RATE_LIMITED", 429, "rate-limited", "https://errors.example/rate-limited", true,
          true },
        { "INTERNAL_ERROR", 500, "internal-error", "https://errors.example/internal-error",
          false, false },
        { "UPSTREAM_FAILED", 502, "upstream-failed", "https://errors.example/upstream-failed",
          true, false },
        { "STORE_UNAVAILABLE", 503, "store-unavailable",
          "https://errors.example/store-unavailable", true, false },
        { "UPSTREAM_TIMEOUT", 504, "upstream-timeout",
          "https://errors.example/upstream-timeout", true, false },
        /* An absolute type is no slug: docs anchors use the code's. */
        { "CUSTOM_TYPE", 400, "custom-type", "https://other.example/custom", false, true },
        { "NESTED_SLUG", 409, "pets/conflict", "https://errors.example/pets/conflict", false,
          true },
        { "OVERRIDDEN", 503, "overridden", "https://errors.example/overridden", false, false },
        { "RETRY_TEAPOT", 409, "retry-teapot", "https://errors.example/retry-teapot", true,
          true },
    };
    for (size_t i = 0; i < COUNT(want); i++) {
        const struct entry *e = &m->entries[i];
        assert_string_equal(e->code, want[i].code);
        assert_int_equal(e->status, want[i].status);
        assert_string_equal(e->slug, want[i].slug);
        assert_string_equal(e->type_uri, want[i].type_uri);
        if (e->retryable != want[i].retryable || e->expose_detail != want[i].expose_detail)
            fail_msg("%s: retryable %d expose_detail %d", e->code, e->retryable,
                     e->expose_detail);
        assert_false(e->about_blank);
        assert_int_equal(e->id, (int64_t)i + 1); /* assigned in order from 1 */
        assert_false(e->explicit_id);
        assert_ptr_equal(e->origin, m->main);
        if (strcmp(e->code, "OVERRIDDEN") != 0) {
            assert_string_equal(e->cache_control, "no-store");
            assert_null(e->deprecated);
            assert_null(e->description);
        }
        assert_null(e->detail.source);
    }
    const struct entry *o = find_entry(m, "OVERRIDDEN");
    assert_string_equal(o->cache_control, "max-age=60");
    assert_string_equal(o->deprecated, "use STORE_UNAVAILABLE");
    assert_string_equal(o->description, "Some *Markdown*.");

    /* Locations point at the entry and its code. */
    const struct entry *r = find_entry(m, "RATE_LIMITED");
    assert_int_equal(r->loc.line, 8);
    assert_int_equal(r->loc.col, 5);
    assert_int_equal(r->code_loc.line, 8);
    assert_int_equal(r->code_loc.col, 11);
    /* Members and headers. */
    assert_int_equal(r->member_count, 1);
    assert_string_equal(r->members[0].name, "retry_after");
    assert_int_equal(r->members[0].type, MEMBER_INTEGER);
    assert_true(r->members[0].required);
    assert_true(r->members[0].has_minimum);
    assert_true(r->members[0].minimum == 0.0);
    assert_false(r->members[0].has_maximum);
    assert_int_equal(r->header_count, 1);
    assert_string_equal(r->headers[0].name, "Retry-After");
    assert_int_equal(r->headers[0].value.part_count, 1);
    assert_ptr_equal(r->headers[0].value.parts[0].member, &r->members[0]);
    const struct entry *s = find_entry(m, "STORE_UNAVAILABLE");
    assert_int_equal(s->members[0].type, MEMBER_INTEGER);
    assert_false(s->members[0].required);
    load_free(l);
}

static void test_explicit_ids(void **state)
{
    (void)state;
    struct load *l = load_new();
    load_ok(l, HEAD
            "  - { code: A, status: 400, title: A, id: 10 }\n"
            "  - { code: B, status: 400, title: B, id: 3 }\n"
            "  - { code: C, status: 400, title: C, id: 7 }\n");
    assert_int_equal(find_entry(&l->m, "A")->id, 10);
    assert_int_equal(find_entry(&l->m, "B")->id, 3);
    assert_int_equal(find_entry(&l->m, "C")->id, 7);
    assert_true(find_entry(&l->m, "A")->explicit_id);
    load_free(l);

    /* Entries without ids (here: the included ones) follow the largest. */
    load_ok(l, "errata: 1\n"
                "name: pets\n"
                "base_uri: https://errors.example/\n"
                "include: [http.yaml]\n"
                "errors:\n"
                "  - { code: A, status: 400, title: A, id: 10 }\n"
                "  - { code: B, status: 400, title: B, id: 3 }\n");
    assert_int_equal(l->m.entries[0].id, 10);
    assert_int_equal(l->m.entries[1].id, 3);
    assert_true(l->m.entry_count > 2);
    for (size_t i = 2; i < l->m.entry_count; i++) {
        assert_false(l->m.entries[i].explicit_id);
        assert_int_equal(l->m.entries[i].id, (int64_t)i + 9);
    }
    load_free(l);

    /* The largest id there is. */
    load_ok(l, HEAD "  - { code: A, status: 400, title: A, id: 2147483646 }\n");
    assert_int_equal(l->m.entries[0].id, INT32_MAX - 1);
    load_free(l);
    /* INT32_MAX itself would make PREFIX__COUNT overflow int. */
    load_text(l, HEAD "  - { code: A, status: 400, title: A, id: 2147483647 }\n", false);
    assert_int_equal(l->r, CATALOG_INVALID);
    assert_diag(capture_text(&l->cap), "mem.yaml:5:43: error: ",
                "id 2147483647 is out of range; ids are 1 to 2147483646");
    load_free(l);
}

static void test_include_builtin_http(void **state)
{
    (void)state;
    struct load *l = load_new();
    load_ok(l, "errata: 1\n"
                "name: pets\n"
                "base_uri: https://errors.example/\n"
                "include: [http.yaml]\n"
                "errors:\n"
                "  - code: PET_NOT_FOUND\n"
                "    status: 404\n"
                "    title: Pet not found\n");
    const struct model *m = &l->m;
    /* Every 4xx/5xx of RFC 9110 plus 428, 429, 431 and 451. */
    static const int statuses[] = {
        400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415,
        416, 417, 421, 422, 426, 428, 429, 431, 451, 500, 501, 502, 503, 504, 505,
    };
    assert_int_equal(m->entry_count, 1 + COUNT(statuses));
    assert_int_equal(m->file_count, 2);
    assert_true(m->files[1]->builtin);
    assert_string_equal(m->files[1]->name, "http");
    assert_string_equal(m->entries[0].code, "PET_NOT_FOUND");
    for (size_t i = 0; i < COUNT(statuses); i++) {
        const struct entry *e = NULL;
        for (size_t j = 1; j < m->entry_count && e == NULL; j++) {
            if (m->entries[j].status == statuses[i])
                e = &m->entries[j];
        }
        if (e == NULL)
            fail_msg("http.yaml has no entry for %d", statuses[i]);
        assert_true(e->about_blank);
        assert_string_equal(e->type_uri, "about:blank");
        assert_ptr_equal(e->origin, m->files[1]);
        if (strcmp(e->title, rules_reason_phrase(statuses[i])) != 0)
            fail_msg("%d: title '%s'", statuses[i], e->title);
    }
    const struct entry *nf = find_entry(m, "NOT_FOUND");
    assert_int_equal(nf->status, 404);
    assert_true(nf->about_blank);
    assert_string_equal(nf->title, "Not Found");
    assert_string_equal(nf->type_uri, "about:blank");
    assert_false(nf->retryable);
    assert_true(nf->expose_detail);
    /* The includer's base_uri applies to its own entries only. */
    assert_string_equal(m->entries[0].type_uri, "https://errors.example/pet-not-found");
    /* Required headers come with the standard entries. */
    const struct entry *un = find_entry(m, "UNAUTHORIZED");
    assert_int_equal(un->header_count, 1);
    assert_string_equal(un->headers[0].name, "WWW-Authenticate");
    assert_true(find_entry(m, "SERVICE_UNAVAILABLE")->retryable);
    assert_false(find_entry(m, "INTERNAL_SERVER_ERROR")->expose_detail);
    load_free(l);

    /* Included twice (directly and again): read once. */
    load_ok(l, "errata: 1\n"
                "name: pets\n"
                "include: [http.yaml, http.yaml]\n");
    assert_int_equal(l->m.entry_count, COUNT(statuses));
    assert_int_equal(l->m.file_count, 2);
    load_free(l);

    /* only: brings the codes listed, except: all but those. */
    load_ok(l, "errata: 1\n"
                "name: pets\n"
                "include: [{ file: http.yaml, only: [NOT_FOUND, CONFLICT] }]\n");
    assert_int_equal(l->m.entry_count, 2);
    assert_non_null(find_entry(&l->m, "NOT_FOUND"));
    assert_non_null(find_entry(&l->m, "CONFLICT"));
    assert_false(has_entry(&l->m, "BAD_REQUEST"));
    load_free(l);
    load_ok(l, "errata: 1\n"
                "name: pets\n"
                "include: [{ file: http.yaml, except: NOT_FOUND }]\n");
    assert_int_equal(l->m.entry_count, COUNT(statuses) - 1);
    assert_false(has_entry(&l->m, "NOT_FOUND"));
    assert_non_null(find_entry(&l->m, "CONFLICT"));
    load_free(l);
    /* An entry left out joins no cross-entry check: the catalog may define
     * its own NOT_FOUND. */
    load_ok(l, "errata: 1\n"
                "name: pets\n"
                "base_uri: https://e.example/\n"
                "include: [{ file: http.yaml, except: [NOT_FOUND] }]\n"
                "errors:\n"
                "  - { code: NOT_FOUND, status: 404, title: Nothing here }\n");
    assert_int_equal(l->m.entry_count, COUNT(statuses));
    assert_string_equal(find_entry(&l->m, "NOT_FOUND")->title, "Nothing here");
    load_free(l);

    /* A scalar include works too, and a catalog of includes only is fine. */
    load_ok(l, "errata: 1\nname: only\ninclude: http.yaml\n");
    assert_int_equal(l->m.entry_count, COUNT(statuses));
    load_free(l);

    /* Without the built-ins, the include is not found. */
    load_init(l, false);
    l->opt.use_builtin = false;
    load_run(l, "errata: 1\nname: pets\ninclude: [http.yaml]\n");
    assert_int_equal(l->r, CATALOG_INVALID);
    assert_int_equal(l->cap.d.errors, 1);
    assert_diag(capture_text(&l->cap), "mem.yaml:3:11: error: ",
                "cannot find included catalog 'http.yaml'");
    load_free(l);
}

/* A code the includer repeats from an included catalog: the error belongs to
 * the including file (the one the user can change; here the other one is
 * built in), the note points into the included one. */
static void test_duplicate_code_across_include(void **state)
{
    (void)state;
    const struct embedded_file *http = embedded_find(embedded_catalogs, "http.yaml");
    assert_non_null(http);
    const char *at = strstr(http->data, "\n  - code: NOT_FOUND\n");
    assert_non_null(at);
    unsigned line = 2;
    for (const char *p = http->data; p < at; p++)
        line += *p == '\n';
    char note[96];
    snprintf(note, sizeof note, "<builtin>/http.yaml:%u:11: note: ", line);

    struct load *l = load_new();
    load_text(l, "errata: 1\n"
                  "name: pets\n"
                  "base_uri: https://errors.example/\n"
                  "include: [http.yaml]\n"
                  "errors:\n"
                  "  - code: NOT_FOUND\n"
                  "    status: 404\n"
                  "    title: Pet not found\n",
              false);
    assert_int_equal(l->r, CATALOG_INVALID);
    assert_int_equal(l->cap.d.errors, 1);
    assert_diag(capture_text(&l->cap), "mem.yaml:6:11: error: ", "duplicate code 'NOT_FOUND'");
    assert_diag(capture_text(&l->cap), note, "'NOT_FOUND'");
    load_free(l);
}

/* Checks across entries (duplicates) run even when another entry is broken:
 * a problem in one entry must not hide one in others. */
static void test_cross_entry_checks_despite_entry_errors(void **state)
{
    (void)state;
    struct load *l = load_new();
    load_text(l, HEAD "  - code: A\n    status: 200\n    title: T\n"      /* 5 */
                  "  - code: B\n    status: 410\n    title: U\n"         /* 8 */
                  "  - code: B\n    status: 410\n    title: V\n"         /* 11 */
                  "    type: b-again\n",
              false);
    assert_int_equal(l->r, CATALOG_INVALID);
    const char *out = capture_text(&l->cap);
    assert_diag(out, "mem.yaml:6:13: error: ", "status 200 is a success code");
    assert_diag(out, "mem.yaml:11:11: error: ", "duplicate code 'B'");
    assert_diag(out, "mem.yaml:8:11: note: ", "'B' first defined here");
    assert_int_equal(l->cap.d.errors, 2);
    load_free(l);
}

static void test_placeholders(void **state)
{
    (void)state;
    struct load *l = load_new();
    load_ok(l, HEAD
            "  - code: PET_GONE\n"
            "    status: 410\n"
            "    title: Pet gone\n"
            "    detail: \"Pet {pet_id} gone\"\n"
            "    headers:\n"
            "      X-Literal: \"{{literal}}\"\n"
            "      X-Mixed: \"}}{pet_id}{{{count}}}x\"\n"
            "      X-Two: \"{pet_id}{count}\"\n"
            "      X-Plain: plain\n"
            "    extensions:\n"
            "      pet_id: { type: string, required: true, max_length: 16 }\n"
            "      count: integer\n");
    const struct entry *e = &l->m.entries[0];
    const struct member *pet = &e->members[0], *count = &e->members[1];
    assert_string_equal(pet->name, "pet_id");
    assert_string_equal(count->name, "count");

    const struct text_template *t = &e->detail;
    assert_string_equal(t->source, "Pet {pet_id} gone");
    assert_int_equal(t->part_count, 3);
    assert_string_equal(t->parts[0].text, "Pet ");
    assert_null(t->parts[0].member);
    assert_null(t->parts[1].text);
    assert_ptr_equal(t->parts[1].member, pet);
    assert_string_equal(t->parts[2].text, " gone");
    assert_null(t->parts[2].member);

    assert_int_equal(e->header_count, 4);
    t = &e->headers[0].value;
    assert_string_equal(t->source, "{{literal}}");
    assert_int_equal(t->part_count, 1);
    assert_string_equal(t->parts[0].text, "{literal}");
    assert_null(t->parts[0].member);

    t = &e->headers[1].value;
    assert_int_equal(t->part_count, 5);
    assert_string_equal(t->parts[0].text, "}");
    assert_ptr_equal(t->parts[1].member, pet);
    assert_string_equal(t->parts[2].text, "{");
    assert_ptr_equal(t->parts[3].member, count);
    assert_string_equal(t->parts[4].text, "}x");

    t = &e->headers[2].value;
    assert_int_equal(t->part_count, 2);
    assert_ptr_equal(t->parts[0].member, pet);
    assert_ptr_equal(t->parts[1].member, count);

    t = &e->headers[3].value;
    assert_int_equal(t->part_count, 1);
    assert_string_equal(t->parts[0].text, "plain");
    load_free(l);
}

static void test_members(void **state)
{
    (void)state;
    struct load *l = load_new();
    load_ok(l, HEAD
            "  - code: VALIDATION_FAILED\n"
            "    status: 422\n"
            "    title: Validation failed\n"
            "    extensions:\n"
            "      errors:\n"
            "        type: array\n"
            "        max_items: 64\n"
            "        items:\n"
            "          type: object\n"
            "          properties: { pointer: string, detail: { type: string, required: true } }\n"
            "        example: [ { pointer: /a, detail: bad } ]\n"
            "      tags: { type: array, items: { type: string, format: uri } }\n"
            "      ratio: { type: number, minimum: 0.5, maximum: 1e3, example: 2 }\n"
            "      when: { type: string, format: date-time, max_length: 40 }\n"
            "      flag: { type: boolean, description: A flag., example: false }\n"
            "      ids: { type: array, items: integer, example: [1, 2] }\n");
    const struct entry *e = &l->m.entries[0];
    assert_int_equal(e->member_count, 6);
    const struct member *errs = &e->members[0];
    assert_int_equal(errs->type, MEMBER_ARRAY);
    assert_int_equal(errs->item_type, MEMBER_OBJECT);
    assert_true(errs->has_max_items);
    assert_int_equal(errs->max_items, 64);
    assert_int_equal(errs->property_count, 2);
    assert_string_equal(errs->properties[0].name, "pointer");
    assert_int_equal(errs->properties[0].type, MEMBER_STRING);
    assert_false(errs->properties[0].required);
    assert_true(errs->properties[1].required);
    assert_non_null(errs->example);
    const struct member *tags = &e->members[1];
    assert_int_equal(tags->item_type, MEMBER_STRING);
    assert_int_equal(tags->item_format, FORMAT_URI);
    const struct member *ratio = &e->members[2];
    assert_true(ratio->minimum == 0.5);
    assert_true(ratio->maximum == 1000.0);
    assert_int_equal(e->members[3].format, FORMAT_DATE_TIME);
    assert_int_equal(e->members[3].max_length, 40);
    assert_string_equal(e->members[4].description, "A flag.");
    assert_int_equal(e->members[5].item_type, MEMBER_INTEGER);
    load_free(l);
}

/* ---------------------------------------------------------------------- */
/* Deterministic model JSON                                                 */

static char *model_json(const char *text)
{
    struct load *l = load_new();
    load_ok(l, text);
    struct strbuf sb = STRBUF_INIT;
    json_write_value(&sb, model_to_value(&l->a, &l->m));
    load_free(l);
    return unit_text(&sb);
}

static void test_model_json_deterministic(void **state)
{
    (void)state;
    static const char text[] = "errata: 1\n"
                               "name: pets\n"
                               "title: Pets\n"
                               "version: 1.4.0\n"
                               "base_uri: https://errors.example/\n"
                               "include: [http.yaml]\n"
                               "errors:\n"
                               "  - code: PET_NOT_FOUND\n"
                               "    status: 404\n"
                               "    title: Pet not found\n"
                               "    detail: \"Pet {pet_id} gone\"\n"
                               "    extensions:\n"
                               "      pet_id: { type: string, example: \"42\" }\n"
                               "      score: { type: number, minimum: 0.25, example: 1.5 }\n";
    char *first = model_json(text);
    /* Disturb the heap between the runs so addresses differ. */
    void *noise = malloc(12345);
    char *second = model_json(text);
    free(noise);
    assert_string_equal(first, second);
    /* Spot checks of the derived names. */
    assert_non_null(strstr(first, "\"enum\": \"PETS_PET_NOT_FOUND\""));
    assert_non_null(strstr(first, "\"struct\": \"pets_pet_not_found_t\""));
    assert_non_null(strstr(first, "\"throw_macro\": \"PETS_THROW_PET_NOT_FOUND\""));
    assert_non_null(strstr(first, "\"type_uri\": \"https://errors.example/pet-not-found\""));
    assert_non_null(strstr(first, "\"enum\": \"PETS_NOT_FOUND\""));
    assert_non_null(strstr(first, "\"header\": \"pets_errors.h\""));
    assert_non_null(strstr(first, "\"minimum\": 0.25"));
    assert_non_null(strstr(first, "\"example\": 1.5"));
}

/* ---------------------------------------------------------------------- */
/* One error per rule, at its place                                         */

struct bad_case {
    const char *name;
    const char *text;
    const char *at;       /* "LINE:COL" in mem.yaml */
    const char *fragment; /* in the error message */
};

static const struct bad_case bad_cases[] = {
    /* status */
    { "status_2xx", HEAD "  - code: A\n    status: 200\n    title: T\n", "6:13",
      "status 200 is a success code; an error must use 4xx or 5xx" },
    { "status_3xx", HEAD "  - code: A\n    status: 302\n    title: T\n", "6:13",
      "status 302 is a redirection code" },
    { "status_1xx", HEAD "  - code: A\n    status: 100\n    title: T\n", "6:13",
      "status 100 is an informational code" },
    { "status_600", HEAD "  - code: A\n    status: 600\n    title: T\n", "6:13",
      "status 600 is not an HTTP error status" },
    { "status_399", HEAD "  - code: A\n    status: 399\n    title: T\n", "6:13",
      "redirection" },
    { "status_negative", HEAD "  - code: A\n    status: -404\n    title: T\n", "6:13",
      "not an HTTP error status" },
    { "status_string", HEAD "  - code: A\n    status: \"404\"\n    title: T\n", "6:13",
      "'status' must be an integer, not a string" },
    { "status_float", HEAD "  - code: A\n    status: 404.5\n    title: T\n", "6:13",
      "'status' must be an integer, not a number" },
    { "status_huge", HEAD "  - code: A\n    status: 99999999999999999999\n    title: T\n",
      "6:13", "'status' is out of range" },
    { "status_empty", HEAD "  - code: A\n    status:\n    title: T\n", "6:12",
      "'status' is empty" },
    { "status_missing", HEAD "  - code: A\n    title: T\n", "5:5", "has no 'status'" },
    /* code */
    { "code_missing", HEAD "  - status: 404\n    title: T\n", "5:5", "has no 'code'" },
    { "code_empty", HEAD "  - code: \"\"\n    status: 404\n    title: T\n", "5:11",
      "'code' is empty" },
    { "code_null", HEAD "  - code:\n    status: 404\n    title: T\n", "5:10",
      "'code' must be a string, not null" },
    { "code_camel", HEAD "  - code: petNotFound\n    status: 404\n    title: T\n", "5:11",
      "code 'petNotFound' is not UPPER_SNAKE" },
    { "code_double_underscore", HEAD "  - code: PET__X\n    status: 404\n    title: T\n", "5:11",
      "is not UPPER_SNAKE" },
    { "code_reserved_ok", HEAD "  - code: OK\n    status: 404\n    title: T\n", "5:11",
      "code 'OK' is reserved" },
    { "code_reserved_unknown", HEAD "  - code: UNKNOWN\n    status: 404\n    title: T\n",
      "5:11", "code 'UNKNOWN' is reserved" },
    { "code_list", HEAD "  - code: [A]\n    status: 404\n    title: T\n", "5:11",
      "'code' must be a string, not a list" },
    /* title */
    { "title_missing", HEAD "  - code: A\n    status: 404\n", "5:5", "has no 'title'" },
    { "title_empty", HEAD "  - code: A\n    status: 404\n    title: ''\n", "7:12",
      "'title' is empty" },
    { "title_null", HEAD "  - code: A\n    status: 404\n    title: ~\n", "7:12",
      "'title' must be a string, not null" },
    { "title_nul", HEAD "  - code: A\n    status: 404\n    title: \"a\\0b\"\n", "7:12",
      "'title' contains a NUL byte" },
    /* file level */
    { "errata_version_2", "errata: 2\nname: pets\nerrors:\n  - { code: A, status: 404, "
                          "title: Not Found, type: about:blank }\n",
      "1:9", "unsupported catalog format version 2" },
    { "errata_missing", "name: pets\nbase_uri: https://e.example/\nerrors:\n"
                        "  - { code: A, status: 400, title: T }\n",
      "1:1", "missing 'errata: 1'" },
    { "errata_string", "errata: one\nname: pets\nbase_uri: https://e.example/\nerrors:\n"
                       "  - { code: A, status: 400, title: T }\n",
      "1:9", "'errata' must be an integer" },
    { "name_missing", "errata: 1\nbase_uri: https://e.example/\nerrors:\n"
                      "  - { code: A, status: 400, title: T }\n",
      "1:1", "missing 'name'" },
    { "name_not_identifier", "errata: 1\nname: 9pets\nbase_uri: https://e.example/\nerrors:\n"
                             "  - { code: A, status: 400, title: T }\n",
      "2:7", "name '9pets' is not a C identifier" },
    { "name_dash", "errata: 1\nname: my-pets\nbase_uri: https://e.example/\nerrors:\n"
                   "  - { code: A, status: 400, title: T }\n",
      "2:7", "is not a C identifier" },
    { "name_keyword", "errata: 1\nname: class\nbase_uri: https://e.example/\nerrors:\n"
                      "  - { code: A, status: 400, title: T }\n",
      "2:7", "name 'class' is a C or C++ keyword" },
    { "base_uri_relative", "errata: 1\nname: pets\nbase_uri: errors.example/\nerrors:\n"
                           "  - { code: A, status: 400, title: T }\n",
      "3:11", "base_uri 'errors.example/' is not an absolute URI" },
    { "no_base_uri_relative_type", "errata: 1\nname: pets\nerrors:\n"
                                   "  - code: A\n    status: 400\n    title: T\n",
      "4:11", "type 'a' is relative and the catalog has no base_uri" },
    { "no_errors", "errata: 1\nname: pets\n", "1:1", "defines no errors" },
    { "errors_empty_list", "errata: 1\nname: pets\nerrors: []\n", "1:1", "defines no errors" },
    { "errors_mapping", "errata: 1\nname: pets\nerrors: {a: 1}\n", "3:9",
      "'errors' must be a list of error entries, not a mapping" },
    { "entry_not_mapping", HEAD "  - just a string\n", "5:5",
      "an error entry must be a mapping" },
    { "root_not_mapping", "- a\n- b\n", "1:1", "a catalog is a mapping" },
    { "root_null", "---\n", "2:1", "a catalog is a mapping" },
    { "include_missing", "errata: 1\nname: pets\nbase_uri: https://e.example/\n"
                         "include: [nothere.yaml]\nerrors:\n"
                         "  - { code: A, status: 400, title: T }\n",
      "4:11", "cannot find included catalog 'nothere.yaml'" },
    { "include_mapping", "errata: 1\nname: pets\nbase_uri: https://e.example/\n"
                         "include: {a: b}\nerrors:\n  - { code: A, status: 400, title: T }\n",
      "4:10", "'include' must be a file name or a list of them" },
    { "include_empty_name", "errata: 1\nname: pets\nbase_uri: https://e.example/\n"
                            "include: ['']\nerrors:\n  - { code: A, status: 400, title: T }\n",
      "4:11", "'include' names an empty file name" },
    /* unknown keys */
    { "entry_key_misspelt", HEAD "  - code: A\n    stauts: 404\n    title: T\n", "6:5",
      "unknown key 'stauts' in an error entry; did you mean 'status'?" },
    { "entry_key_titel", HEAD "  - code: A\n    status: 404\n    titel: T\n", "7:5",
      "did you mean 'title'?" },
    { "entry_key_unknown", HEAD "  - code: A\n    status: 404\n    title: T\n    colour: red\n",
      "8:5", "unknown key 'colour' in an error entry; known keys are: code, status" },
    { "file_key_misspelt", "errata: 1\nnmae: pets\nbase_uri: https://e.example/\nerrors:\n"
                           "  - { code: A, status: 400, title: T }\n",
      "2:1", "unknown key 'nmae' in the catalog; did you mean 'name'?" },
    { "file_key_unknown", "errata: 1\nname: pets\nbase_uri: https://e.example/\nauthor: me\n"
                          "errors:\n  - { code: A, status: 400, title: T }\n",
      "4:1", "unknown key 'author' in the catalog; known keys are" },
    { "member_key_misspelt", HEAD "  - code: A\n    status: 400\n    title: T\n"
                                  "    extensions: { pet_id: { tpye: string } }\n",
      "8:29", "did you mean 'type'?" },
    /* type URIs */
    { "type_space", HEAD "  - code: A\n    status: 404\n    title: T\n    type: pet not found\n",
      "8:11", "type 'pet not found' is not a valid URI reference: it contains a space" },
    { "type_bad_percent", HEAD "  - code: A\n    status: 404\n    title: T\n    type: a%zz\n",
      "8:11", "is not a valid URI reference" },
    { "type_bad_scheme", HEAD "  - code: A\n    status: 404\n    title: T\n"
                              "    type: 1http://x\n",
      "8:11", "not a valid scheme" },
    { "type_two_hashes", HEAD "  - code: A\n    status: 404\n    title: T\n    type: a#b#c\n",
      "8:11", "it has two '#'" },
    { "about_blank_wrong_title", HEAD "  - code: A\n    status: 404\n    title: Missing\n"
                                      "    type: about:blank\n",
      "8:11", "type about:blank with status 404 must have the title 'Not Found'" },
    { "about_blank_unregistered", HEAD "  - code: A\n    status: 499\n    title: Whatever\n"
                                       "    type: about:blank\n",
      "8:11", "type about:blank needs a registered status; 499" },
    { "about_blank_twice", HEAD "  - { code: A, status: 404, title: Not Found, type: about:blank }\n"
                                "  - { code: B, status: 404, title: Not Found, type: about:blank }\n",
      "6:53", "about:blank may appear once per status" },
    /* duplicates across entries */
    { "duplicate_code", HEAD "  - code: A\n    status: 404\n    title: T\n"
                             "  - code: A\n    status: 409\n    title: U\n",
      "8:11", "duplicate code 'A'" },
    { "duplicate_type_explicit", HEAD "  - { code: A, status: 404, title: T, type: x }\n"
                                      "  - { code: B, status: 409, title: U, type: x }\n",
      "6:45", "duplicate type URI 'https://errors.example/x' (of 'A' and 'B')" },
    { "duplicate_type_derived", HEAD "  - { code: A, status: 404, title: T, type: b }\n"
                                     "  - { code: B, status: 409, title: U }\n",
      "6:13", "duplicate type URI 'https://errors.example/b'" },
    { "duplicate_id", HEAD "  - { code: A, status: 404, title: T, id: 1 }\n"
                           "  - { code: B, status: 409, title: U, id: 1 }\n",
      "6:43", "duplicate id 1 (of 'A' and 'B')" },
    { "ids_incomplete", HEAD "  - { code: A, status: 404, title: T, id: 1 }\n"
                             "  - { code: B, status: 409, title: U }\n",
      "6:13", "entry 'B' has no 'id'; when one entry of a catalog has an id, all must" },
    { "id_zero", HEAD "  - { code: A, status: 404, title: T, id: 0 }\n", "5:43",
      "id 0 is out of range" },
    { "id_too_big", HEAD "  - { code: A, status: 404, title: T, id: 2147483648 }\n", "5:43",
      "id 2147483648 is out of range" },
    { "id_string", HEAD "  - { code: A, status: 404, title: T, id: one }\n", "5:43",
      "'id' must be an integer, not a string" },
    /* required headers */
    { "401_without_www_authenticate", HEAD "  - code: A\n    status: 401\n    title: T\n",
      "6:13", "status 401 without a 'WWW-Authenticate' header" },
    { "405_without_allow", HEAD "  - code: A\n    status: 405\n    title: T\n", "6:13",
      "status 405 without a 'Allow' header" },
    { "407_without_proxy_authenticate", HEAD "  - code: A\n    status: 407\n    title: T\n",
      "6:13", "status 407 without a 'Proxy-Authenticate' header" },
    /* headers */
    { "header_not_token", HEAD "  - code: A\n    status: 400\n    title: T\n"
                               "    headers: { \"Bad Header\": x }\n",
      "8:16", "header name 'Bad Header' is not an HTTP token" },
    { "header_colon", HEAD "  - code: A\n    status: 400\n    title: T\n"
                           "    headers: { \"X:Y\": x }\n",
      "8:16", "is not an HTTP token" },
    { "header_twice", HEAD "  - code: A\n    status: 400\n    title: T\n"
                           "    headers: { X-A: a, x-a: b }\n",
      "8:24", "header 'x-a' is given twice" },
    { "header_value_lf", HEAD "  - code: A\n    status: 400\n    title: T\n"
                              "    headers: { X-A: \"a\\nb\" }\n",
      "8:21", "header value contains LF" },
    { "header_value_cr", HEAD "  - code: A\n    status: 400\n    title: T\n"
                              "    headers: { X-A: \"a\\rb\" }\n",
      "8:21", "header value contains CR" },
    { "header_value_nul", HEAD "  - code: A\n    status: 400\n    title: T\n"
                               "    headers: { X-A: \"a\\0b\" }\n",
      "8:21", "header value contains a NUL byte" },
    { "header_value_null", HEAD "  - code: A\n    status: 400\n    title: T\n"
                                "    headers: { X-A: }\n",
      "8:21", "header value must be a string, not null" },
    { "header_placeholder_unknown", HEAD "  - code: A\n    status: 400\n    title: T\n"
                                         "    headers: { X-A: \"v={val}\" }\n",
      "8:24", "placeholder '{val}' in header value names no member" },
    { "headers_list", HEAD "  - code: A\n    status: 400\n    title: T\n"
                           "    headers: [X-A]\n",
      "8:14", "'headers' must be a mapping, not a list" },
    /* templates */
    { "detail_placeholder_unknown", HEAD "  - code: A\n    status: 404\n    title: T\n"
                                         "    detail: \"Pet {pet_id} gone\"\n",
      "8:18", "placeholder '{pet_id}' in detail names no member" },
    { "detail_placeholder_misspelt", HEAD "  - code: A\n    status: 404\n    title: T\n"
                                          "    detail: \"Pet {pet_di} gone\"\n"
                                          "    extensions: { pet_id: string }\n",
      "8:18", "did you mean '{pet_id}'?" },
    { "detail_lf", HEAD "  - code: A\n    status: 404\n    title: T\n"
                        "    detail: \"a\\nb\"\n",
      "8:13", "detail contains LF" },
    { "detail_block_lf", HEAD "  - code: A\n    status: 404\n    title: T\n"
                              "    detail: |\n      one line\n",
      "8:13", "detail contains LF" },
    { "detail_cr", HEAD "  - code: A\n    status: 404\n    title: T\n"
                        "    detail: \"a\\rb\"\n",
      "8:13", "detail contains CR" },
    { "detail_nul", HEAD "  - code: A\n    status: 404\n    title: T\n"
                         "    detail: \"a\\0b\"\n",
      "8:13", "detail contains a NUL byte" },
    { "detail_unclosed", HEAD "  - code: A\n    status: 404\n    title: T\n"
                              "    detail: \"a {b\"\n",
      "8:16", "unclosed '{' in detail" },
    { "detail_lone_close", HEAD "  - code: A\n    status: 404\n    title: T\n"
                                "    detail: \"a } b\"\n",
      "8:16", "'}' without a matching '{' in detail" },
    { "detail_empty_placeholder", HEAD "  - code: A\n    status: 404\n    title: T\n"
                                       "    detail: \"a {} b\"\n",
      "8:16", "empty placeholder '{}' in detail" },
    { "detail_placeholder_not_name", HEAD "  - code: A\n    status: 404\n    title: T\n"
                                          "    detail: \"a {b c} d\"\n",
      "8:16", "placeholder '{b c}' in detail is not a member name" },
    { "detail_array_member", HEAD "  - code: A\n    status: 404\n    title: T\n"
                                  "    detail: \"{tags}\"\n"
                                  "    extensions: { tags: { type: array, items: string } }\n",
      "8:14", "placeholder '{tags}' in detail names an array member" },
    { "detail_list", HEAD "  - code: A\n    status: 404\n    title: T\n"
                          "    detail: [a]\n",
      "8:13", "detail must be a string, not a list" },
    /* members */
    { "member_standard_status", HEAD "  - code: A\n    status: 400\n    title: T\n"
                                     "    extensions: { status: string }\n",
      "8:19", "extension 'status' clashes with the standard problem member 'status'" },
    { "member_standard_type", HEAD "  - code: A\n    status: 400\n    title: T\n"
                                   "    extensions: { type: string }\n",
      "8:19", "clashes with the standard problem member 'type'" },
    { "member_standard_instance", HEAD "  - code: A\n    status: 400\n    title: T\n"
                                       "    extensions: { instance: string }\n",
      "8:19", "clashes with the standard problem member 'instance'" },
    { "member_standard_code", HEAD "  - code: A\n    status: 400\n    title: T\n"
                                   "    extensions: { code: string }\n",
      "8:19", "clashes with the standard problem member 'code'" },
    { "member_standard_title", HEAD "  - code: A\n    status: 400\n    title: T\n"
                                    "    extensions: { title: string }\n",
      "8:19", "clashes with the standard problem member 'title'" },
    { "member_standard_detail", HEAD "  - code: A\n    status: 400\n    title: T\n"
                                     "    extensions: { detail: string }\n",
      "8:19", "clashes with the standard problem member 'detail'" },
    { "member_not_identifier", HEAD "  - code: A\n    status: 400\n    title: T\n"
                                    "    extensions: { pet.id: string }\n",
      "8:19", "member name 'pet.id' is not a C identifier nor one with '-'" },
    { "member_keyword", HEAD "  - code: A\n    status: 400\n    title: T\n"
                             "    extensions: { default: string }\n",
      "8:19", "member name 'default' is a C or C++ keyword" },
    { "member_name_with_nul", HEAD "  - code: A\n    status: 400\n    title: T\n"
                                   "    extensions: { \"pet\\0id\": string }\n",
      "8:19", "" },
    { "header_name_with_nul", HEAD "  - code: A\n    status: 400\n    title: T\n"
                                   "    headers: { \"X-A\\0B\": v }\n",
      "8:16", "" },
    { "member_type_unknown", HEAD "  - code: A\n    status: 400\n    title: T\n"
                                  "    extensions: { pet_id: { type: strng } }\n",
      "8:35", "unknown member type 'strng'; did you mean 'string'?" },
    { "member_type_missing", HEAD "  - code: A\n    status: 400\n    title: T\n"
                                  "    extensions: { pet_id: { required: true } }\n",
      "8:27", "member 'pet_id' has no 'type'" },
    { "member_shorthand_array", HEAD "  - code: A\n    status: 400\n    title: T\n"
                                     "    extensions: { pet_id: array }\n",
      "8:27", "type 'array' is not allowed here" },
    { "member_array_no_items", HEAD "  - code: A\n    status: 400\n    title: T\n"
                                    "    extensions: { pet_ids: { type: array } }\n",
      "8:36", "array member 'pet_ids' needs 'items'" },
    { "member_items_not_array", HEAD "  - code: A\n    status: 400\n    title: T\n"
                                     "    extensions: { pet_id: { type: string, items: string } }\n",
      "8:43", "'items' applies to array members only" },
    { "member_object_items_no_properties",
      HEAD "  - code: A\n    status: 400\n    title: T\n"
           "    extensions: { errs: { type: array, items: { type: object } } }\n",
      "8:47", "object items need 'properties'" },
    { "member_items_object_scalar", HEAD "  - code: A\n    status: 400\n    title: T\n"
                                         "    extensions: { errs: { type: array, items: object } }\n",
      "8:47", "object items need 'properties'" },
    { "member_property_array", HEAD "  - code: A\n    status: 400\n    title: T\n"
                                    "    extensions:\n"
                                    "      errs:\n"
                                    "        type: array\n"
                                    "        items: { type: object, properties: { p: array } }\n",
      "11:49", "type 'array' is not allowed here" },
    { "member_format_on_integer", HEAD "  - code: A\n    status: 400\n    title: T\n"
                                       "    extensions: { count: { type: integer, format: uuid } }\n",
      "8:51", "'format' applies to strings only" },
    { "member_format_unknown", HEAD "  - code: A\n    status: 400\n    title: T\n"
                                    "    extensions: { when: { type: string, format: datetime } }\n",
      "8:49", "unknown string format 'datetime'; did you mean 'date-time'?" },
    { "member_min_over_max", HEAD "  - code: A\n    status: 400\n    title: T\n"
                                  "    extensions: { count: { type: integer, minimum: 5, maximum: 1 } }\n",
      "8:64", "maximum is below minimum" },
    { "member_minimum_on_string", HEAD "  - code: A\n    status: 400\n    title: T\n"
                                       "    extensions: { name_x: { type: string, minimum: 1 } }\n",
      "8:52", "'minimum' applies to integer and number members only" },
    { "member_minimum_inf", HEAD "  - code: A\n    status: 400\n    title: T\n"
                                 "    extensions: { ratio: { type: number, minimum: .inf } }\n",
      "8:51", "'minimum' must be a finite number" },
    { "member_max_length_negative", HEAD "  - code: A\n    status: 400\n    title: T\n"
                                         "    extensions: { name_x: { type: string, max_length: -1 } }\n",
      "8:55", "'max_length' must be zero or more" },
    { "member_max_items_on_string", HEAD "  - code: A\n    status: 400\n    title: T\n"
                                         "    extensions: { name_x: { type: string, max_items: 3 } }\n",
      "8:54", "'max_items' applies to arrays only" },
    { "member_required_yes", HEAD "  - code: A\n    status: 400\n    title: T\n"
                                  "    extensions: { pet_id: { type: string, required: yes } }\n",
      "8:53", "'required' must be true or false; 'yes' is a string in YAML 1.2" },
    { "extensions_list", HEAD "  - code: A\n    status: 400\n    title: T\n"
                              "    extensions: [pet_id]\n",
      "8:17", "'extensions' must be a mapping, not a list" },
    /* examples */
    { "example_string_not_string", HEAD "  - code: A\n    status: 400\n    title: T\n"
                                        "    extensions: { pet_id: { type: string, example: 42 } }\n",
      "8:52", "example for 'pet_id' must be a string, not an integer; quote it: \"42\"" },
    { "example_integer_float", HEAD "  - code: A\n    status: 400\n    title: T\n"
                                    "    extensions: { count: { type: integer, example: 1.5 } }\n",
      "8:52", "example for 'count' must be an integer, not a number" },
    { "example_below_minimum", HEAD "  - code: A\n    status: 400\n    title: T\n"
                                    "    extensions: { count: { type: integer, minimum: 0, example: -1 } }\n",
      "8:64", "example -1 for 'count' is below its minimum 0" },
    { "example_too_long", HEAD "  - code: A\n    status: 400\n    title: T\n"
                               "    extensions: { name_x: { type: string, max_length: 2, example: abc } }\n",
      "8:67", "example for 'name_x' is longer than its max_length 2" },
    { "example_too_many_items", HEAD "  - code: A\n    status: 400\n    title: T\n"
                                     "    extensions: { ids: { type: array, items: integer, max_items: 1, example: [1, 2] } }\n",
      "8:78", "example for 'ids' has 2 items; max_items is 1" },
    { "example_item_wrong_type", HEAD "  - code: A\n    status: 400\n    title: T\n"
                                      "    extensions: { ids: { type: array, items: integer, example: [1, x] } }\n",
      "8:68", "example for 'ids' must be an integer, not a string" },
    { "example_object_unknown_property",
      HEAD "  - code: A\n    status: 400\n    title: T\n"
           "    extensions:\n"
           "      errs:\n"
           "        type: array\n"
           "        items: { type: object, properties: { p: string } }\n"
           "        example: [ { q: x } ]\n",
      "12:22", "example item has 'q', which is not a property of 'errs'" },
    { "example_object_missing_required",
      HEAD "  - code: A\n    status: 400\n    title: T\n"
           "    extensions:\n"
           "      errs:\n"
           "        type: array\n"
           "        items: { type: object, properties: { p: { type: string, required: true } } }\n"
           "        example: [ {} ]\n",
      "12:20", "example item lacks the required property 'p'" },
    { "example_number_nan", HEAD "  - code: A\n    status: 400\n    title: T\n"
                                 "    extensions: { ratio: { type: number, example: .nan } }\n",
      "8:51", "example for 'ratio' must be finite" },
    /* flags */
    { "retryable_integer", HEAD "  - code: A\n    status: 400\n    title: T\n    retryable: 1\n",
      "8:16", "'retryable' must be true or false, not an integer" },
    { "expose_detail_yes", HEAD "  - code: A\n    status: 400\n    title: T\n"
                                "    expose_detail: yes\n",
      "8:20", "'yes' is a string in YAML 1.2" },
    { "cache_control_empty", HEAD "  - code: A\n    status: 400\n    title: T\n"
                                  "    cache_control: \"\"\n",
      "8:20", "cache_control is empty" },
    { "cache_control_lf", HEAD "  - code: A\n    status: 400\n    title: T\n"
                               "    cache_control: \"no-store\\nX: y\"\n",
      "8:20", "cache_control must not contain CR or LF" },
    { "deprecated_list", HEAD "  - code: A\n    status: 400\n    title: T\n"
                              "    deprecated: [a]\n",
      "8:17", "'deprecated' must be a string, not a list" },
    /* YAML the reader rejects */
    { "yaml_syntax", HEAD "  - code: A\n    status: 404\n    title: T: x\n", "7:13",
      "invalid YAML: mapping values are not allowed" },
    { "yaml_duplicate_key", HEAD "  - code: A\n    status: 404\n    status: 405\n    title: T\n",
      "7:5", "duplicate key 'status' in mapping" },
    { "yaml_tab", HEAD "  - code: A\n\tstatus: 404\n", "6:1", "invalid YAML" },
    { "yaml_invalid_utf8", HEAD "  - code: A\n    status: 404\n    title: caf\xFF\n", "7:15",
      "invalid YAML: invalid leading UTF-8 octet (byte 0xff); catalogs must be UTF-8" },
    { "yaml_truncated_utf8", HEAD "  - code: A\n    status: 404\n    title: caf\xE9\n", "7:15",
      "invalid YAML: incomplete UTF-8 octet sequence" },
    { "yaml_empty", "", "1:1", "the file is empty" },
    { "yaml_unsupported_tag", HEAD "  - code: !!binary QQ==\n", "5:11",
      "unsupported YAML tag" },
    { "yaml_undefined_alias", HEAD "  - code: *nothing\n", "5:11", "refers to no anchor" },
    { "yaml_two_documents", HEAD "  - { code: A, status: 400, title: T }\n---\nx: 1\n", "6:1",
      "a catalog is a single YAML document" },
};

static void run_bad_case(void **state)
{
    const struct bad_case *c = *state;
    struct load *l = load_new();
    load_text(l, c->text, false);
    char prefix[64];
    snprintf(prefix, sizeof prefix, "mem.yaml:%s: error: ", c->at);
    const char *out = capture_text(&l->cap);
    if (l->r != CATALOG_INVALID || l->cap.d.errors != 1) {
        print_error("%s: expected one error, got result %d with %u errors:\n%s\n", c->name,
                    (int)l->r, l->cap.d.errors, out);
        load_free(l);
        fail();
    }
    if (!has_line(out, prefix, c->fragment)) {
        print_error("%s: expected '%s%s', got:\n%s\n", c->name, prefix, c->fragment, out);
        load_free(l);
        fail();
    }
    load_free(l);
}

/* ---------------------------------------------------------------------- */
/* Warnings, and --werror                                                   */

struct warn_case {
    const char *name;
    const char *text;
    const char *at;
    const char *fragment;
};

static const struct warn_case warn_cases[] = {
    { "429_without_retry_after", HEAD "  - code: A\n    status: 429\n    title: T\n", "6:13",
      "status 429 without a 'Retry-After' header" },
    { "503_without_retry_after", HEAD "  - code: A\n    status: 503\n    title: T\n", "6:13",
      "status 503 without a 'Retry-After' header" },
    { "member_name_short", HEAD "  - code: A\n    status: 400\n    title: T\n"
                                "    extensions: { ab: string }\n",
      "8:19", "extension name 'ab' goes against RFC 9457 §3.2" },
    { "member_name_underscore", HEAD "  - code: A\n    status: 400\n    title: T\n"
                                     "    extensions: { _abc: string }\n",
      "8:19", "extension name '_abc' goes against RFC 9457" },
    { "member_named_error", HEAD "  - code: A\n    status: 400\n    title: T\n"
                                 "    extensions: { error: string }\n",
      "8:19", "a member named 'error' repeats what the status code already says" },
    { "member_named_success", HEAD "  - code: A\n    status: 400\n    title: T\n"
                                   "    extensions: { success: boolean }\n",
      "8:19", "a member named 'success'" },
    { "expose_detail_5xx", HEAD "  - code: A\n    status: 500\n    title: T\n"
                                "    expose_detail: true\n",
      "8:20", "expose_detail: true on a 500 sends server internals to clients" },
    { "title_multiline", HEAD "  - code: A\n    status: 400\n    title: \"a\\nb\"\n", "7:12",
      "title spans several lines" },
    { "title_block", HEAD "  - code: A\n    status: 400\n    title: |\n      two\n      lines\n",
      "7:12", "title spans several lines" },
    { "title_81_chars", HEAD "  - code: A\n    status: 400\n    title: "
                             "123456789012345678901234567890123456789012345678901234567890"
                             "123456789012345678901\n",
      "7:12", "title is 81 characters long; keep titles to 80" },
};

static void run_warn_case(void **state)
{
    const struct warn_case *c = *state;
    char prefix[64];

    /* Without --werror: a warning, and the catalog loads. */
    struct load *l = load_new();
    load_text(l, c->text, false);
    snprintf(prefix, sizeof prefix, "mem.yaml:%s: warning: ", c->at);
    const char *out = capture_text(&l->cap);
    if (l->r != CATALOG_OK || l->cap.d.errors != 0 || l->cap.d.warnings != 1 ||
        !has_line(out, prefix, c->fragment)) {
        print_error("%s: expected one warning '%s%s', got result %d, %u errors, %u warnings:\n"
                    "%s\n",
                    c->name, prefix, c->fragment, (int)l->r, l->cap.d.errors, l->cap.d.warnings,
                    out);
        load_free(l);
        fail();
    }
    assert_int_equal(l->m.entry_count, 1);
    load_free(l);

    /* With --werror: the same diagnostic as an error, and the load fails. */
    load_text(l, c->text, true);
    snprintf(prefix, sizeof prefix, "mem.yaml:%s: error: ", c->at);
    out = capture_text(&l->cap);
    if (l->r != CATALOG_INVALID || l->cap.d.errors != 1 || l->cap.d.warnings != 1 ||
        !has_line(out, prefix, c->fragment) || !has_line(out, prefix, "[-Werror=")) {
        print_error("%s (--werror): expected one error '%s%s ... [-Werror=NAME]', got result %d, "
                    "%u errors, %u warnings:\n%s\n",
                    c->name, prefix, c->fragment, (int)l->r, l->cap.d.errors, l->cap.d.warnings,
                    out);
        load_free(l);
        fail();
    }
    load_free(l);
}

static void test_warnings_accumulate(void **state)
{
    (void)state;
    /* Several warnings in one run are all counted. */
    struct load *l = load_new();
    load_text(l, HEAD "  - code: A\n    status: 429\n    title: T\n"
                  "    extensions: { ok: boolean }\n"
                  "  - code: B\n    status: 503\n    title: U\n",
              false);
    assert_int_equal(l->r, CATALOG_OK);
    assert_int_equal(l->cap.d.errors, 0);
    assert_int_equal(l->cap.d.warnings, 3);
    assert_diag(capture_text(&l->cap), "mem.yaml:6:13: warning: ", "Retry-After");
    assert_diag(capture_text(&l->cap), "mem.yaml:8:19: warning: ", "a member named 'ok'");
    assert_diag(capture_text(&l->cap), "mem.yaml:10:13: warning: ", "Retry-After");
    load_free(l);
}

static void test_title_lengths(void **state)
{
    (void)state;
    /* 80 characters is fine, counted as characters: 80 two-byte letters too. */
    struct load *l = load_new();
    load_ok(l, HEAD "  - code: A\n    status: 400\n    title: "
                     "12345678901234567890123456789012345678901234567890"
                     "123456789012345678901234567890\n");
    load_free(l);
    struct strbuf sb = STRBUF_INIT;
    strbuf_adds(&sb, HEAD "  - code: A\n    status: 400\n    title: ");
    for (int i = 0; i < 80; i++)
        strbuf_adds(&sb, "\xC3\xA9");
    strbuf_adds(&sb, "\n");
    load_ok(l, unit_text(&sb));
    load_free(l);
}

/* ---------------------------------------------------------------------- */
/* Keep going: several independent problems, all reported                   */

static void test_all_errors_in_one_run(void **state)
{
    (void)state;
    struct load *l = load_new();
    load_text(l, HEAD "  - code: A\n    status: 200\n    title: T\n"       /* 5 */
                  "  - code: bad\n    status: 404\n    title: T\n"          /* 8 */
                  "  - code: C\n    status: 401\n    title: T\n"            /* 11 */
                  "  - code: D\n    status: 404\n    title: T\n    tyep: x\n", /* 14 */
              false);
    assert_int_equal(l->r, CATALOG_INVALID);
    assert_int_equal(l->cap.d.errors, 4);
    const char *out = capture_text(&l->cap);
    assert_diag(out, "mem.yaml:6:13: error: ", "success code");
    assert_diag(out, "mem.yaml:8:11: error: ", "not UPPER_SNAKE");
    assert_diag(out, "mem.yaml:12:13: error: ", "WWW-Authenticate");
    assert_diag(out, "mem.yaml:17:5: error: ", "did you mean 'type'?");
    /* Each diagnostic quotes its line with a caret. */
    char excerpt[64];
    snprintf(excerpt, sizeof excerpt, "    6 |     status: 200\n      | %12s^\n", "");
    assert_non_null(strstr(out, excerpt));
    load_free(l);
}

/* ---------------------------------------------------------------------- */
/* Limits                                                                   */

static void test_entry_limit(void **state)
{
    (void)state;
    struct load *l = load_new();
    load_init(l, false);
    l->opt.limits.max_entries = 2;
    load_run(l, HEAD "  - { code: A, status: 400, title: T }\n"
                      "  - { code: B, status: 400, title: T }\n"
                      "  - { code: C, status: 400, title: T }\n"
                      "  - { code: D, status: 400, title: T }\n");
    assert_int_equal(l->r, CATALOG_INVALID);
    assert_int_equal(l->cap.d.errors, 1);
    assert_diag(capture_text(&l->cap), "mem.yaml:7:5: error: ",
                "more than 2 error entries; refusing to read further");
    load_free(l);

    /* Includes count too. */
    load_init(l, false);
    l->opt.limits.max_entries = 10;
    load_run(l, "errata: 1\nname: pets\ninclude: [http.yaml]\n");
    assert_int_equal(l->r, CATALOG_INVALID);
    assert_int_equal(l->cap.d.errors, 1);
    assert_diag(capture_text(&l->cap), "<builtin>/http.yaml:", "more than 10 error entries");
    load_free(l);
}

static void test_include_depth_limit(void **state)
{
    (void)state;
    struct load *l = load_new();
    load_init(l, false);
    l->opt.limits.max_include_depth = 1;
    load_run(l, "errata: 1\nname: pets\ninclude: [http.yaml]\n");
    assert_int_equal(l->r, CATALOG_INVALID);
    assert_int_equal(l->cap.d.errors, 1);
    assert_diag(capture_text(&l->cap), "mem.yaml:3:11: error: ", "includes nest deeper than 1");
    load_free(l);
}

static void test_alias_bomb_in_catalog(void **state)
{
    (void)state;
    struct strbuf sb = STRBUF_INIT;
    strbuf_adds(&sb, "errata: 1\nname: pets\nx0: &x0 [a,a,a,a,a,a,a,a,a,a]\n");
    for (int i = 1; i < 12; i++)
        strbuf_addf(&sb, "x%d: &x%d [*x%d,*x%d,*x%d,*x%d,*x%d,*x%d,*x%d,*x%d,*x%d,*x%d]\n", i, i,
                    i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1);
    struct load *l = load_new();
    load_text(l, unit_text(&sb), false);
    assert_int_equal(l->r, CATALOG_INVALID);
    assert_int_equal(l->cap.d.errors, 1);
    assert_diag(capture_text(&l->cap), "mem.yaml:7:", "alias bomb");
    load_free(l);
}

/* A code longer than any fixed buffer still gets its whole slug. */
static void test_long_code_slug(void **state)
{
    (void)state;
    /* 250 characters: SLUG.html is 255 bytes, the most a file name takes. */
    char code[301], slug[301];
    for (int i = 0; i < 300; i++) {
        code[i] = i % 10 == 9 ? '_' : 'A';
        slug[i] = i % 10 == 9 ? '-' : 'a';
    }
    code[249] = 'B';
    slug[249] = 'b';
    code[250] = slug[250] = '\0';
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, HEAD "  - code: %s\n    status: 400\n    title: T\n", code);
    struct load *l = load_new();
    load_ok(l, unit_text(&sb));
    assert_string_equal(l->m.entries[0].code, code);
    assert_string_equal(l->m.entries[0].slug, slug);
    char uri[400];
    snprintf(uri, sizeof uri, "https://errors.example/%s", slug);
    assert_string_equal(l->m.entries[0].type_uri, uri);
    load_free(l);

    /* One more, and lint refuses it, located, rather than docs failing to
     * write the page later. */
    code[249] = 'A';
    code[250] = 'B';
    code[251] = '\0';
    strbuf_addf(&sb, HEAD "  - code: %s\n    status: 400\n    title: T\n", code);
    load_text(l, unit_text(&sb), false);
    assert_int_equal(l->r, CATALOG_INVALID);
    assert_int_equal(l->cap.d.errors, 1);
    assert_diag(capture_text(&l->cap), "mem.yaml:5:11: error: ",
                "would be named aaaaaaaaa-aaaaaaaaa-....html, 256 bytes");
    load_free(l);
}

/* ---------------------------------------------------------------------- */
/* Catalogs on disk: includes beside the file, -I, cycles, file size        */

struct tmpdir {
    char path[64];
};

static void write_file(const struct tmpdir *t, const char *name, const char *text)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", t->path, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void tmpdir_make(struct tmpdir *t)
{
    strcpy(t->path, "/tmp/errata-unit-XXXXXX");
    assert_non_null(mkdtemp(t->path));
    char sub[128];
    snprintf(sub, sizeof sub, "%s/inc", t->path);
    assert_int_equal(mkdir(sub, 0700), 0);
}

static void tmpdir_remove(struct tmpdir *t)
{
    static const char *const files[] = { "a.yaml", "b.yaml", "main.yaml", "big.yaml",
                                         "inc/lib.yaml", "inc" };
    for (size_t i = 0; i < COUNT(files); i++) {
        char path[256];
        snprintf(path, sizeof path, "%s/%s", t->path, files[i]);
        remove(path);
    }
    rmdir(t->path);
}

static void test_disk_includes(void **state)
{
    (void)state;
    struct tmpdir t;
    tmpdir_make(&t);
    write_file(&t, "main.yaml", "errata: 1\nname: main\nbase_uri: https://m.example/\n"
                                "include: [a.yaml, lib.yaml]\n"
                                "errors:\n  - { code: M, status: 400, title: M }\n");
    write_file(&t, "a.yaml", "errata: 1\nname: a\nbase_uri: https://a.example/\n"
                             "errors:\n  - { code: A, status: 400, title: A }\n");
    write_file(&t, "inc/lib.yaml", "errata: 1\nname: lib\nbase_uri: https://lib.example/\n"
                                   "errors:\n  - { code: L, status: 400, title: L }\n");
    char main_path[128], inc_dir[128];
    snprintf(main_path, sizeof main_path, "%s/main.yaml", t.path);
    snprintf(inc_dir, sizeof inc_dir, "%s/inc", t.path);

    /* lib.yaml is only found through -I. */
    struct load *l = load_new();
    load_init(l, false);
    l->r = catalog_load(&l->a, &l->cap.d, main_path, &l->opt, &l->m);
    assert_int_equal(l->r, CATALOG_INVALID);
    assert_int_equal(l->cap.d.errors, 1);
    char prefix[256];
    snprintf(prefix, sizeof prefix, "%s:4:19: error: ", main_path);
    assert_diag(capture_text(&l->cap), prefix, "cannot find included catalog 'lib.yaml'");
    load_free(l);

    const char *dirs[] = { inc_dir };
    load_init(l, false);
    l->opt.include_dirs = dirs;
    l->opt.include_dir_count = 1;
    l->r = catalog_load(&l->a, &l->cap.d, main_path, &l->opt, &l->m);
    if (l->r != CATALOG_OK)
        fail_msg("load failed:\n%s", capture_text(&l->cap));
    assert_int_equal(l->m.entry_count, 3);
    assert_string_equal(l->m.entries[0].type_uri, "https://m.example/m");
    assert_string_equal(l->m.entries[1].type_uri, "https://a.example/a");
    assert_string_equal(l->m.entries[2].type_uri, "https://lib.example/l");
    assert_int_equal(l->m.file_count, 3);
    load_free(l);

    /* A cycle: a includes b includes a. */
    write_file(&t, "a.yaml", "errata: 1\nname: a\nbase_uri: https://a.example/\n"
                             "include: [b.yaml]\n"
                             "errors:\n  - { code: A, status: 400, title: A }\n");
    write_file(&t, "b.yaml", "errata: 1\nname: b\nbase_uri: https://b.example/\n"
                             "include: [a.yaml]\n"
                             "errors:\n  - { code: B, status: 400, title: B }\n");
    char a_path[128], b_path[128];
    snprintf(a_path, sizeof a_path, "%s/a.yaml", t.path);
    snprintf(b_path, sizeof b_path, "%s/b.yaml", t.path);
    load_init(l, false);
    l->r = catalog_load(&l->a, &l->cap.d, a_path, &l->opt, &l->m);
    assert_int_equal(l->r, CATALOG_INVALID);
    assert_int_equal(l->cap.d.errors, 1);
    snprintf(prefix, sizeof prefix, "%s:4:11: error: ", b_path);
    assert_diag(capture_text(&l->cap), prefix, "include cycle");
    load_free(l);

    /* A file over the size limit. */
    write_file(&t, "big.yaml", "errata: 1\nname: big\n# padding padding padding padding\n");
    char big_path[128];
    snprintf(big_path, sizeof big_path, "%s/big.yaml", t.path);
    load_init(l, false);
    l->opt.limits.max_file_size = 16;
    l->r = catalog_load(&l->a, &l->cap.d, big_path, &l->opt, &l->m);
    assert_int_equal(l->r, CATALOG_INVALID);
    snprintf(prefix, sizeof prefix, "%s:1:1: error: ", big_path);
    assert_diag(capture_text(&l->cap), prefix, "larger than 16 bytes");
    load_free(l);

    /* A missing file is an I/O error, not a catalog error. */
    load_init(l, false);
    snprintf(prefix, sizeof prefix, "%s/none.yaml", t.path);
    l->r = catalog_load(&l->a, &l->cap.d, prefix, &l->opt, &l->m);
    assert_int_equal(l->r, CATALOG_IO_ERROR);
    assert_non_null(strstr(capture_text(&l->cap), "cannot read"));
    load_free(l);

    tmpdir_remove(&t);
}

/* ---------------------------------------------------------------------- */

static int run_table_groups(void)
{
    int failures = 0;
    struct CMUnitTest bad[COUNT(bad_cases)];
    for (size_t i = 0; i < COUNT(bad_cases); i++) {
        bad[i] = (struct CMUnitTest){ bad_cases[i].name, run_bad_case, NULL, unit_teardown,
                                      (void *)&bad_cases[i] };
    }
    failures += _cmocka_run_group_tests("checker_errors", bad, COUNT(bad), NULL, NULL);
    struct CMUnitTest warn[COUNT(warn_cases)];
    for (size_t i = 0; i < COUNT(warn_cases); i++) {
        warn[i] = (struct CMUnitTest){ warn_cases[i].name, run_warn_case, NULL, unit_teardown,
                                       (void *)&warn_cases[i] };
    }
    failures += _cmocka_run_group_tests("checker_warnings", warn, COUNT(warn), NULL, NULL);
    return failures;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        UNIT_TEST(test_minimal_model),
        UNIT_TEST(test_explicit_ids),
        UNIT_TEST(test_include_builtin_http),
        UNIT_TEST(test_duplicate_code_across_include),
        UNIT_TEST(test_cross_entry_checks_despite_entry_errors),
        UNIT_TEST(test_placeholders),
        UNIT_TEST(test_members),
        UNIT_TEST(test_model_json_deterministic),
        UNIT_TEST(test_warnings_accumulate),
        UNIT_TEST(test_title_lengths),
        UNIT_TEST(test_all_errors_in_one_run),
        UNIT_TEST(test_entry_limit),
        UNIT_TEST(test_include_depth_limit),
        UNIT_TEST(test_alias_bomb_in_catalog),
        UNIT_TEST(test_long_code_slug),
        UNIT_TEST(test_disk_includes),
    };
    int failures = cmocka_run_group_tests_name("checker", tests, NULL, NULL);
    failures += run_table_groups();
    return failures;
}
