/* Fuzz target for the server side: errata_throw, errata_problem_json and
 * errata_problem_headers through the generated petstore (pets_) and
 * every-feature (shop_) descriptors, with any member values.
 *
 * Input, read front to back (fuzz_util.h; missing bytes read as 0): a
 * byte of options (catalog, rebased body, the typed throw macros, a
 * rethrow, a trace id, a problem never thrown), the entry, the detail and
 * instance, the trace id, then each member of the entry in descriptor
 * order: strings of any bytes (long ones repeated past the 4 KiB arena,
 * or NULL), integers, doubles of any bit pattern (NaN, infinities, -0),
 * booleans as any byte, arrays of any length (or a NULL items pointer)
 * with items and object properties of the same kinds; last, two caps.
 *
 * What must hold (fuzz_writer_check.c has the details):
 *  - the problem holds a copy of every value, strings and arrays cut only
 *    when the arena is full (flagged, at a character boundary, arrays by
 *    whole items), and set_trace_id keeps printable ASCII only;
 *  - the body has snprintf semantics at every cap, is valid JSON for
 *    errata_json_validate and for jansson (duplicate names refused), valid
 *    UTF-8, and is exactly the expected document: the descriptor's
 *    constants, the detail (the generic one on a hidden 5xx, with the trace
 *    id), instance and members as given, strings with ill-formed UTF-8
 *    replaced per maximal subpart, values JSON cannot hold left out;
 *  - decoding the body with pets_decode/shop_decode (rebased like the
 *    body) gives the same entry and the same values (prefixes only when
 *    the decoder flags a cut), and a typed view that agrees;
 *  - the headers are exactly the model's: constant ones always, catalog
 *    ones rendered from the members, dropped and reported when a value
 *    holds a control byte or does not fit the scratch, never CR, LF or NUL;
 *    Retry-After decodes back;
 *  - the typed throw macros (PETS_THROW_*) write the same body as the
 *    descriptor with a hand-laid struct, and a rethrow from the problem's
 *    own strings (errata_throw's aliasing case) the same body again. */
#include <float.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fuzz_writer.h"
#include "pets_errors.h"
#include "shop_errors.h"

#define NOW 1700000000

fuzz_ctx_t writer_ctx = { "fuzz_writer", NULL, 0 };

enum {
    OPT_SHOP = 1,
    OPT_REBASE = 2,
    OPT_TYPED = 4,
    OPT_RETHROW = 8,
    OPT_TRACE = 16,
    OPT_NOT_THROWN = 32,
};

static const errata_type_base_t bases[2] = {
    { "https://errors.petstore.example/", "http://localhost:8080/errors/" },
    { "https://errors.shop.example/", "http://127.0.0.1/\"q\"\\/" }, /* escaped in the body */
};

/* ---- the pool ------------------------------------------------------------------ */

void *pool_calloc(pool_t *pool, size_t count, size_t size)
{
    if (pool->count == pool->cap) {
        pool->cap = pool->cap ? 2 * pool->cap : 64;
        pool->blocks = realloc(pool->blocks, pool->cap * sizeof *pool->blocks);
        if (pool->blocks == NULL)
            abort();
    }
    void *p = calloc(count > 0 ? count : 1, size > 0 ? size : 1);
    if (p == NULL)
        abort();
    return pool->blocks[pool->count++] = p;
}

void pool_free(pool_t *pool)
{
    for (size_t i = 0; i < pool->count; i++)
        free(pool->blocks[i]);
    free(pool->blocks);
}

/* ---- values from bytes ------------------------------------------------------- */

/* NULL one time in eight; else up to 255 bytes, repeated up to 256 times
 * when the mode's top bit is set (strings past any arena). */
static const char *gen_string(fuzz_in_t *in, pool_t *pool)
{
    uint8_t mode = fuzz_u8(in);
    if (mode < 32)
        return NULL;
    size_t n;
    char *once = fuzz_bytes(in, 255, &n);
    size_t times = mode & 0x80 ? (size_t)fuzz_u8(in) + 1 : 1;
    char *s = pool_calloc(pool, n * times + 1, 1);
    for (size_t i = 0; i < times; i++)
        memcpy(s + i * n, once, n);
    free(once);
    return s;
}

static int64_t gen_int(fuzz_in_t *in)
{
    switch (fuzz_u8(in) % 8) {
    case 0: return INT64_MIN;
    case 1: return INT64_MAX;
    case 2: return 0;
    case 3: return -1;
    default: return (int64_t)fuzz_u64(in);
    }
}

static double gen_double(fuzz_in_t *in)
{
    static const double special[] = { 0.0, -0.0, 1.0, 0.1, 1e308, DBL_MAX, 5e-324, DBL_MIN };
    uint8_t mode = fuzz_u8(in);
    if (mode < 16)
        return special[mode % 8] * (mode & 8 ? -1 : 1);
    if (mode < 24) { /* NaN and the infinities, whatever the sign */
        uint64_t bits = mode < 20 ? 0x7FF8000000000001u : 0x7FF0000000000000u;
        bits |= (uint64_t)(mode & 1) << 63;
        double d;
        memcpy(&d, &bits, sizeof d);
        return d;
    }
    return fuzz_double(in);
}

static size_t scalar_size(errata_kind_t kind)
{
    return kind == ERRATA_KIND_BOOLEAN ? sizeof(bool)
         : kind == ERRATA_KIND_STRING  ? sizeof(const char *)
                                       : 8;
}

/* One scalar slot at `at`, as generated code lays it out: a string
 * pointer, a pointer to the value (by_pointer: store holds it; absent one
 * time in four), or the value itself (a boolean as the raw byte). The
 * value as given goes to *want. */
static void gen_scalar(fuzz_in_t *in, pool_t *pool, errata_kind_t kind, bool by_pointer,
                       unsigned char *at, unsigned char *store, errata_value_t *want)
{
    want->kind = kind;
    want->present = true;
    if (kind == ERRATA_KIND_STRING) {
        want->u.string = gen_string(in, pool);
        want->present = want->u.string != NULL;
        memcpy(at, &want->u.string, sizeof want->u.string);
        return;
    }
    unsigned char *value = by_pointer ? store : at;
    if (by_pointer) {
        want->present = fuzz_u8(in) % 4 != 0;
        const void *ptr = want->present ? store : NULL;
        memcpy(at, &ptr, sizeof ptr);
    }
    if (kind == ERRATA_KIND_INTEGER) {
        want->u.integer = gen_int(in);
        memcpy(value, &want->u.integer, sizeof want->u.integer);
    } else if (kind == ERRATA_KIND_NUMBER) {
        want->u.number = gen_double(in);
        memcpy(value, &want->u.number, sizeof want->u.number);
    } else {
        *value = fuzz_u8(in); /* any byte: 2 is as true as 1 */
        want->u.boolean = *value != 0;
    }
}

/* An array member: items in the generated layout at `at` (its items
 * pointer) and count_offset; NULL items one time in sixteen, with any
 * count; long arrays one time in sixteen. */
static void gen_array(fuzz_in_t *in, gen_t *g, const errata_member_desc_t *m, errata_value_t *want)
{
    uint8_t mode = fuzz_u8(in);
    bool object = m->item_kind == ERRATA_KIND_OBJECT;
    size_t width = object ? m->property_count : 1;
    size_t size = object ? m->item_size : scalar_size(m->item_kind);
    size_t count = mode >= 240 ? 100 + 2 * (size_t)fuzz_u8(in) : mode % 40;
    unsigned char *items = mode < 16 ? NULL : pool_calloc(&g->pool, count, size);
    want->kind = ERRATA_KIND_ARRAY;
    want->present = items != NULL;
    memcpy(g->members + m->offset, &items, sizeof items);
    memcpy(g->members + m->count_offset, &count, sizeof count);
    if (items == NULL)
        return;
    errata_value_t *rows = pool_calloc(&g->pool, count * width, sizeof *rows);
    unsigned char *store = pool_calloc(&g->pool, count * width, 8);
    for (size_t i = 0; i < count; i++) {
        if (!object) {
            gen_scalar(in, &g->pool, m->item_kind, false, items + i * size, NULL, &rows[i]);
            continue;
        }
        for (size_t k = 0; k < width; k++) {
            const errata_member_desc_t *prop = &m->properties[k];
            gen_scalar(in, &g->pool, prop->kind, prop->by_pointer, items + i * size + prop->offset,
                       store + (i * width + k) * 8, &rows[i * width + k]);
        }
    }
    want->u.array.items = rows;
    want->u.array.count = count;
}

/* The throw struct's size: past the last byte any member occupies. */
static size_t struct_size(const errata_descriptor_t *desc)
{
    size_t end = 1;
    for (size_t i = 0; i < desc->member_count; i++) {
        const errata_member_desc_t *m = &desc->members[i];
        size_t at = m->offset + (m->kind == ERRATA_KIND_STRING || m->by_pointer ||
                                         m->kind == ERRATA_KIND_ARRAY
                                     ? sizeof(void *)
                                     : scalar_size(m->kind));
        if (m->kind == ERRATA_KIND_ARRAY && m->count_offset + sizeof(size_t) > at)
            at = m->count_offset + sizeof(size_t);
        end = at > end ? at : end;
    }
    return end;
}

static void gen_members(fuzz_in_t *in, gen_t *g)
{
    const errata_descriptor_t *desc = g->desc;
    g->members = pool_calloc(&g->pool, 1, struct_size(desc));
    for (size_t i = 0; i < desc->member_count; i++) {
        const errata_member_desc_t *m = &desc->members[i];
        if (m->kind == ERRATA_KIND_ARRAY) {
            gen_array(in, g, m, &g->want[i]);
            continue;
        }
        unsigned char *store = m->kind == ERRATA_KIND_INTEGER ? (unsigned char *)&g->ints[i]
                             : m->kind == ERRATA_KIND_NUMBER  ? (unsigned char *)&g->numbers[i]
                                                              : &g->bools[i];
        gen_scalar(in, &g->pool, m->kind, m->by_pointer, g->members + m->offset, store,
                   &g->want[i]);
    }
}

/* ---- the typed throw macros ------------------------------------------------- */

static const char *want_string(const gen_t *g, size_t i)
{
    return g->want[i].present ? g->want[i].u.string : NULL;
}

/* An array member's items pointer and count, as g laid them out. */
static void want_array(const gen_t *g, size_t i, const void **items, size_t *count)
{
    memcpy(items, g->members + g->desc->members[i].offset, sizeof *items);
    memcpy(count, g->members + g->desc->members[i].count_offset, sizeof *count);
}

static errata_status_t throw_pet_not_found(errata_problem_t *err, const gen_t *g)
{
    PETS_THROW_PET_NOT_FOUND(err, .detail = g->detail, .instance = g->instance,
                             .pet_id = want_string(g, 0));
}

static errata_status_t throw_malformed_json(errata_problem_t *err, const gen_t *g)
{
    PETS_THROW(err, MALFORMED_JSON, .detail = g->detail, .instance = g->instance,
               .offset = g->want[0].present ? &g->ints[0] : NULL);
}

static errata_status_t throw_rate_limited(errata_problem_t *err, const gen_t *g)
{
    PETS_THROW_RATE_LIMITED(err, .detail = g->detail, .instance = g->instance,
                            .retry_after = g->want[0].u.integer, .limit = g->want[1].u.integer);
}

static errata_status_t throw_unsupported_content_type(errata_problem_t *err, const gen_t *g)
{
    errata_strings_t supported;
    const void *items;
    want_array(g, 0, &items, &supported.count);
    supported.items = items;
    PETS_THROW_UNSUPPORTED_CONTENT_TYPE(err, .detail = g->detail, .instance = g->instance,
                                        .supported = supported, .received = want_string(g, 1));
}

static errata_status_t throw_pet_validation_failed(errata_problem_t *err, const gen_t *g)
{
    pets_pet_validation_failed_errors_array_t errors;
    const void *items;
    want_array(g, 0, &items, &errors.count);
    errors.items = items;
    PETS_THROW_PET_VALIDATION_FAILED(err, .detail = g->detail, .instance = g->instance,
                                     .errors = errors);
}

/* The generated macros over the values g holds, for the entries whose
 * members cover every kind of slot (string, optional and required
 * integers, string arrays, object arrays); NULL for the others. */
static errata_status_t (*typed_thrower(const errata_descriptor_t *desc))(errata_problem_t *,
                                                                          const gen_t *)
{
    switch ((enum pets_code)desc->code) {
    case PETS_PET_NOT_FOUND: return throw_pet_not_found;
    case PETS_MALFORMED_JSON: return throw_malformed_json;
    case PETS_RATE_LIMITED: return throw_rate_limited;
    case PETS_UNSUPPORTED_CONTENT_TYPE: return throw_unsupported_content_type;
    case PETS_PET_VALIDATION_FAILED: return throw_pet_validation_failed;
    default: return NULL;
    }
}

/* ---- one input ------------------------------------------------------------------ */

static char *body_of(const errata_problem_t *p, const errata_type_base_t *base)
{
    size_t len = errata_problem_json_rebased(p, base, NULL, 0);
    char *buf = malloc(len + 1);
    errata_problem_json_rebased(p, base, buf, len + 1);
    return buf;
}

static const char *header(const char *name, void *ctx)
{
    return strcasecmp(name, "Retry-After") == 0 ? ctx : NULL;
}

/* The body read back by the catalog's decoder, against jansson's reading
 * of the same body (which check_body proved is the expected document). */
static void check_decoded(const gen_t *g, json_t *doc, const char *text, size_t len,
                          const char *retry_after)
{
    union {
        pets_problem_t pets;
        shop_problem_t shop;
    } *u = malloc(sizeof *u);
    errata_decode_options_t opt = { header, (void *)retry_after, 0, NOW, g->base, NULL };
    const errata_decoded_t *d = g->shop ? &u->shop.base : &u->pets.base;
    const void *typed;
    if (g->shop) {
        shop_decode(g->desc->status, "application/problem+json", &opt, text, len, &u->shop);
        typed = &u->shop.as;
    } else {
        pets_decode(g->desc->status, "application/problem+json", &opt, text, len, &u->pets);
        typed = &u->pets.as;
    }
    if (d->body_kind != ERRATA_BODY_OBJECT || d->desc != g->desc ||
        d->body_status != g->desc->status)
        FAIL("the body decodes as %s", d->desc ? d->desc->code_name : "another entry");
    fuzz_check_text(&writer_ctx, "title", d->title, json_object_get(doc, "title"), d->flags);
    const char *texts[] = { d->detail, d->instance }, *names[] = { "detail", "instance" };
    for (int i = 0; i < 2; i++) {
        json_t *v = json_object_get(doc, names[i]);
        if ((texts[i] != NULL) != (v != NULL))
            FAIL("%s decodes as %s from\n%s", names[i], texts[i] ? "there" : "absent", text);
        if (v != NULL)
            fuzz_check_text(&writer_ctx, names[i], texts[i], v, d->flags);
    }
    for (size_t i = 0; i < g->desc->member_count; i++)
        fuzz_check_member(&writer_ctx, &g->desc->members[i],
                          json_object_get(doc, g->desc->members[i].name), &d->members[i],
                          d->flags);
    fuzz_check_typed(&writer_ctx, d, typed);
    if (retry_after != NULL && d->retry_after != errata_parse_retry_after(retry_after, NOW, 86400))
        FAIL("Retry-After \"%s\" decodes as %lld", retry_after, (long long)d->retry_after);
    free(u);
}

/* Throws again from the problem's own strings and values (errata_throw's
 * aliasing case): the body must not change. Arrays are passed as given. */
static void check_rethrow(errata_problem_t *p, gen_t *g, const char *before)
{
    unsigned char *members = pool_calloc(&g->pool, 1, struct_size(g->desc));
    memcpy(members, g->members, struct_size(g->desc));
    for (size_t i = 0; i < g->desc->member_count; i++) {
        const errata_member_desc_t *m = &g->desc->members[i];
        errata_value_t *v = &p->members[i];
        if (m->kind == ERRATA_KIND_STRING) {
            const char *s = v->present ? v->u.string : NULL;
            memcpy(members + m->offset, &s, sizeof s);
        } else if (m->by_pointer) {
            const void *ptr = !v->present ? NULL : (const void *)&v->u; /* inside p */
            memcpy(members + m->offset, &ptr, sizeof ptr);
        }
    }
    errata_throw(p, g->desc, "fuzz_writer.c", 7, p->detail, p->instance, members);
    if (g->trace)
        errata_problem_set_trace_id(p, g->trace);
    char *after = body_of(p, g->base);
    if (strcmp(before, after) != 0)
        FAIL("a rethrow from the problem's own values writes\n%s\nnot\n%s", after, before);
    free(after);
}

static void check_not_thrown(errata_problem_t *p)
{
    errata_throw(p, NULL, "fuzz_writer.c", 7, NULL, NULL, NULL);
    for (int k = 0; k < 2; k++) {
        char *body = body_of(k ? p : NULL, NULL);
        bool object;
        if (!errata_json_validate(body, strlen(body), NULL, NULL, &object) || !object ||
            strstr(body, "\"status\":500") == NULL)
            FAIL("a problem never thrown is not a generic 500: %s", body);
        free(body);
    }
}

static void run(fuzz_in_t *in, gen_t *g, errata_problem_t *p)
{
    uint8_t opts = fuzz_u8(in);
    g->shop = (opts & OPT_SHOP) != 0;
    const errata_descriptor_t *descs = g->shop ? shop_descriptors : pets_descriptors;
    size_t count = g->shop ? SHOP_ERROR_COUNT : PETS_ERROR_COUNT;
    g->desc = &descs[fuzz_u8(in) % count];
    g->base = opts & OPT_REBASE ? &bases[g->shop ? 1 : 0] : NULL;
    g->detail = gen_string(in, &g->pool);
    g->instance = gen_string(in, &g->pool);
    g->trace = opts & OPT_TRACE ? gen_string(in, &g->pool) : NULL;
    gen_members(in, g);
    size_t cap = (size_t)fuzz_u8(in) << 8; /* one read per statement: in order */
    cap |= fuzz_u8(in);
    size_t small_cap = fuzz_u8(in) % 96;

    memset(p, 0xA5, sizeof *p); /* errata_throw needs no initialised problem */
    if (errata_throw(p, g->desc, "fuzz_writer.c", 7, g->detail, g->instance, g->members) !=
        ERRATA_FAILED)
        FAIL("errata_throw did not return ERRATA_FAILED");
    if (g->trace)
        errata_problem_set_trace_id(p, g->trace);
    check_stored(p, g);
    char *text;
    size_t len;
    json_t *doc = check_body(p, g->base, cap, &text, &len);
    char *retry_after = check_headers(p, small_cap);
    check_decoded(g, doc, text, len, retry_after);
    check_observed(p);
    if ((opts & OPT_TYPED) && !g->shop && typed_thrower(g->desc) != NULL) {
        errata_problem_t *typed = malloc(sizeof *typed);
        errata_status_t status = typed_thrower(g->desc)(typed, g);
        if (g->trace)
            errata_problem_set_trace_id(typed, g->trace);
        char *again = body_of(typed, g->base);
        if (status != ERRATA_FAILED || strcmp(again, text) != 0)
            FAIL("the typed macro writes\n%s\nthe descriptor\n%s", again, text);
        free(again);
        free(typed);
    }
    if (opts & OPT_RETHROW)
        check_rethrow(p, g, text);
    if (opts & OPT_NOT_THROWN)
        check_not_thrown(p);
    free(retry_after);
    free(text);
    json_decref(doc);
}

int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    fuzz_in_t in = { bytes, size };
    gen_t *g = calloc(1, sizeof *g);
    errata_problem_t *p = malloc(sizeof *p);
    writer_ctx.data = bytes;
    writer_ctx.size = size;
    run(&in, g, p);
    pool_free(&g->pool);
    free(g);
    free(p);
    return 0;
}
