/* Fuzz target for the client side: the generated petstore decoder,
 * pets_decode(), on any response, checked against jansson.
 *
 * Input: byte 0 picks the HTTP status (from a list of the catalog's and
 * some it lacks), byte 1 the Content-Type (bits 0-1), whether the decoder
 * rebases type URIs (bit 2), whether a Retry-After header is sent (bit 3:
 * its value is what follows, up to the first newline) and whether the body
 * is also read as a 207 batch (bit 4), whether the decoder reads legacy
 * 2xx bodies in the catalog's migration shape (bit 5: pets_migration,
 * "success" and "error": {"code", "message"}); the rest is the body.
 *
 * What must hold whatever the bytes are:
 *  - the body's kind is what errata_json_validate says of it (empty,
 *    invalid with the same message and offset, an object or not), and
 *    jansson (JSON_DECODE_ANY | JSON_ALLOW_NUL, the closest to RFC 8259)
 *    reads an object exactly when errata does, but for jansson's documented
 *    differences: it nests 2048 levels deep where errata stops at
 *    ERRATA_JSON_MAX_DEPTH, it refuses numbers beyond long long and double
 *    and "\u0000" in member names, and it loses a NUL byte right after a
 *    number or literal (fuzz_json.c explains); jansson, like errata,
 *    refuses invalid UTF-8 and lets the last of duplicated names win;
 *  - the entry is the one whose type URI equals the body's "type" byte for
 *    byte (after rebasing), or the status's about:blank entry when "type"
 *    is absent, not a string or about:blank; nothing else;
 *  - title, detail, instance, the body's status and every typed member are
 *    jansson's value when jansson has one of the right JSON type there, and
 *    absent when it has another (a string cut short is a prefix of whole
 *    characters, and then ERRATA_PROBLEM_TRUNCATED is set); arrays are
 *    absent when an item has the wrong type;
 *  - the typed view (pets_problem_t.as) says what the generic members say;
 *  - with the legacy option, a 2xx body is flagged legacy exactly when
 *    jansson's "success" is false, and then decodes as the entry whose
 *    code name is all of jansson's "error"."code" (an unknown one: no
 *    entry, 500, about:blank), the message as detail, nothing else;
 *  - retryable, retry_after, describe() (snprintf semantics, one line),
 *    the unknown members (valid JSON, not declared), and the batch items
 *    (each problem decodes) hold their contracts.
 * Anything else aborts. Decoding allocates nothing, so leaks can only come
 * from this file. */
#include <jansson.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fuzz_util.h"
#include "pets_errors.h"

#define TARGET "fuzz_decode"
#define NOW 1700000000 /* the decoder's clock, fixed so a run repeats */

static fuzz_ctx_t g_ctx = { TARGET, NULL, 0 }; /* the input, for messages */

#define FAIL(...) fuzz_fail(&g_ctx, __VA_ARGS__)

static const int statuses[] = { 404, 400, 401, 403, 409, 412, 415, 422, 429,
                                500, 503, 405, 418, 200, 207, 0,   599, 600 };

static const char *const content_types[] = {
    "application/problem+json",
    "application/json",
    "Application/Problem+JSON; charset=utf-8",
    NULL,
};

static const errata_type_base_t type_base = {
    "https://errors.petstore.example/",
    "http://localhost:8080/errors/",
};

typedef struct header_ctx {
    const char *retry_after; /* NULL: not sent */
} header_ctx_t;

static const char *header(const char *name, void *ctx)
{
    const header_ctx_t *h = ctx;
    return strcasecmp(name, "Retry-After") == 0 ? h->retry_after : NULL;
}

/* ---- what the decoder read, against jansson ------------------------------ */

/* The entry a body's type names, computed here from the descriptors: the
 * type (all of its bytes) mapped from the served base to the catalog's,
 * then compared whole; about:blank goes by status. */
static const errata_descriptor_t *expected_entry(json_t *type, int status, bool rebase)
{
    const char *t = "about:blank";
    size_t n = 11;
    char mapped[ERRATA_DECODE_TYPE_MAX];
    if (json_is_string(type)) {
        t = json_string_value(type);
        n = json_string_length(type);
    }
    size_t served = strlen(type_base.served), base = strlen(type_base.catalog);
    if (rebase && n > served && memcmp(t, type_base.served, served) == 0 &&
        base + (n - served) < sizeof mapped) {
        memcpy(mapped, type_base.catalog, base);
        memcpy(mapped + base, t + served, n - served);
        n = base + (n - served);
        t = mapped;
    }
    bool blank = n == 11 && memcmp(t, "about:blank", 11) == 0;
    for (size_t i = 0; i < PETS_ERROR_COUNT; i++) {
        const errata_descriptor_t *d = &pets_descriptors[i];
        if (strlen(d->type_uri) != n || memcmp(d->type_uri, t, n) != 0)
            continue;
        if (!blank || d->status == status)
            return d;
    }
    return NULL;
}

static void check_object(const pets_problem_t *out, json_t *j, bool rebase)
{
    const errata_decoded_t *d = &out->base;
    json_t *type = json_object_get(j, "type");
    if (json_is_string(type))
        fuzz_check_text(&g_ctx, "type", d->type, type, d->flags);
    else if (strcmp(d->type, "about:blank") != 0)
        FAIL("type is \"%s\" where the body has none", d->type);
    if (d->desc != expected_entry(type, d->status, rebase))
        FAIL("type \"%s\" decoded as %s", d->type, d->desc ? d->desc->code_name : "unknown");
    /* A known entry's title is its descriptor's when the body's is absent,
     * not a string or cut (flagged); about:blank with no entry takes the
     * status's reason phrase, which every 4xx and 5xx has. */
    json_t *title = json_object_get(j, "title");
    bool entry_title = d->desc != NULL && d->title == d->desc->title;
    if (json_is_string(title) && entry_title) {
        size_t n = strlen(d->desc->title);
        if ((json_string_length(title) != n || memcmp(json_string_value(title), d->title, n) != 0) &&
            !(d->flags & ERRATA_PROBLEM_TRUNCATED))
            FAIL("title is the entry's, the body's \"%s\" was not cut", json_string_value(title));
    } else if (json_is_string(title)) {
        fuzz_check_text(&g_ctx, "title", d->title, title, d->flags);
    } else if (d->desc != NULL ? d->title != d->desc->title
               : strcmp(d->type, "about:blank") == 0
                   ? (d->title != NULL) != (d->status >= 400 && d->status <= 599)
                   : d->title != NULL) {
        FAIL("title is not the entry's or the status's");
    }
    /* The trace member (the petstore's is trace_id): its printable ASCII
     * start, 32 characters at most; anything more cut and flagged. */
    json_t *trace = json_object_get(j, "trace_id");
    const char *tv = json_is_string(trace) ? json_string_value(trace) : "";
    size_t tlen = json_is_string(trace) ? json_string_length(trace) : 0, keep = 0;
    while (keep < tlen && keep < ERRATA_TRACE_ID_SIZE - 1 && tv[keep] >= 0x21 && tv[keep] <= 0x7E)
        keep++;
    /* (A body that fills the arena may leave the trace id less room: then
     * a flagged prefix.) */
    size_t got = strlen(d->trace_id);
    if (got > keep || memcmp(d->trace_id, tv, got) != 0 ||
        (got < keep && !(d->flags & ERRATA_PROBLEM_TRUNCATED)))
        FAIL("trace id \"%s\" is not the body's printable start", d->trace_id);
    if (keep < tlen && !(d->flags & ERRATA_PROBLEM_TRUNCATED))
        FAIL("trace id cut without the flag");
    const char *names[] = { "detail", "instance" };
    const char *texts[] = { d->detail, d->instance };
    for (int i = 0; i < 2; i++) {
        json_t *v = json_object_get(j, names[i]);
        if (json_is_string(v) != (texts[i] != NULL))
            FAIL("%s is %s, jansson's is %s", names[i], texts[i] ? "there" : "absent",
                 json_is_string(v) ? "a string" : "not");
        if (texts[i] != NULL)
            fuzz_check_text(&g_ctx, names[i], texts[i], v, d->flags);
    }
    json_t *status = json_object_get(j, "status");
    bool in_range = json_is_integer(status) && json_integer_value(status) >= 100 &&
                    json_integer_value(status) <= 599;
    bool whole = json_is_real(status) && d->body_status != 0 &&
                 (double)d->body_status == json_real_value(status);
    if (d->body_status != (in_range ? (int)json_integer_value(status) : 0) && !whole)
        FAIL("the body's status %d is not jansson's", d->body_status);
    for (size_t i = 0; d->desc && i < d->desc->member_count; i++) {
        const errata_member_desc_t *m = &d->desc->members[i];
        fuzz_check_member(&g_ctx, m, json_object_get(j, m->name), &d->members[i], d->flags);
    }
}

/* ---- what the decoder read, on its own -------------------------------------- */

/* The body's kind from errata_json_validate; with jansson's verdict when
 * the two differ only where they are documented to. */
static void check_kind(const errata_decoded_t *d, const char *body, size_t len, json_t *j,
                       const json_error_t *jerr)
{
    const char *error = NULL;
    size_t offset = 0;
    bool object = false;
    bool valid = len > 0 && errata_json_validate(body, len, &error, &offset, &object);
    errata_body_kind_t want = len == 0 ? ERRATA_BODY_EMPTY
                            : !valid   ? ERRATA_BODY_INVALID
                            : object   ? ERRATA_BODY_OBJECT
                                       : ERRATA_BODY_NOT_OBJECT;
    if (d->body_kind != want)
        FAIL("body kind %d, errata_json_validate says %d", (int)d->body_kind, (int)want);
    if (want == ERRATA_BODY_INVALID &&
        (d->json_error != error || d->json_error_offset != offset))
        FAIL("json_error \"%s\" at %zu, validate says \"%s\" at %zu", d->json_error,
             d->json_error_offset, error, offset);
    if (want == ERRATA_BODY_INVALID && j != NULL) {
        bool deep = strcmp(error, "nesting too deep") == 0;
        bool lost_nul = offset < len && body[offset] == '\0';
        if (!deep && !lost_nul)
            FAIL("errata rejects (%s at %zu) what jansson reads", error, offset);
    } else if (valid && j == NULL) {
        enum json_error_code code = json_error_code(jerr);
        if (code != json_error_numeric_overflow && code != json_error_null_byte_in_key)
            FAIL("errata reads what jansson rejects (%s)", jerr->text);
    } else if (valid && json_is_object(j) != object) {
        FAIL("errata and jansson disagree on whether the body is an object");
    }
}

/* Delta-seconds read independently: digits only, capped (saturating). */
static int64_t expected_retry_after(const char *value, int64_t max)
{
    int64_t v = 0;
    if (*value == '\0')
        return -2; /* not delta-seconds: the date forms are not modelled */
    for (const char *s = value; *s; s++) {
        if (*s < '0' || *s > '9')
            return -2;
        v = v > max ? max + 1 : v * 10 + (*s - '0');
    }
    return v > max ? max : v;
}

static void check_retry(const errata_decoded_t *d, const char *retry_after)
{
    int64_t got = d->retry_after;
    if (retry_after == NULL) {
        if (got != -1)
            FAIL("retry_after %lld without a Retry-After header", (long long)got);
        return;
    }
    if (got < -1 || got > 86400 || got != errata_parse_retry_after(retry_after, NOW, 86400))
        FAIL("retry_after %lld for \"%s\"", (long long)got, retry_after);
    int64_t want = expected_retry_after(retry_after, 86400);
    if (want != -2 && got != want)
        FAIL("retry_after %lld for delta-seconds \"%s\"", (long long)got, retry_after);
}

/* snprintf semantics at every cap, and one line. */
static void check_describe(const pets_problem_t *out)
{
    size_t len = pets_problem_describe(out, NULL, 0);
    char *full = malloc(len + 1);
    if (pets_problem_describe(out, full, len + 1) != len || strlen(full) != len)
        FAIL("describe: another length with room");
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)full[i] < 0x20 || full[i] == 0x7F)
            FAIL("describe: a control byte in \"%s\"", full);
    size_t caps[] = { 1, 2, len / 2 + 1, len };
    for (size_t k = 0; k < sizeof caps / sizeof caps[0]; k++) {
        char *buf = malloc(caps[k]); /* exact: a write past it is an ASan error */
        if (pets_problem_describe(out, buf, caps[k]) != len ||
            strlen(buf) != (caps[k] - 1 < len ? caps[k] - 1 : len) ||
            memcmp(buf, full, strlen(buf)) != 0)
            FAIL("describe: cap %zu is not a prefix", caps[k]);
        free(buf);
    }
    free(full);
}

static bool declared(const errata_descriptor_t *desc, const char *name)
{
    static const char *const standard[] = { "type", "title", "status", "detail", "instance",
                                            "code", "trace_id" };
    for (size_t i = 0; i < sizeof standard / sizeof standard[0]; i++)
        if (strcmp(name, standard[i]) == 0)
            return true;
    for (size_t i = 0; desc && i < desc->member_count; i++)
        if (strcmp(name, desc->members[i].name) == 0)
            return true;
    return false;
}

/* Each unknown member's raw value is JSON inside the body, and its name
 * is no declared one. Names are compared only when jansson read the body,
 * which proves no name holds "\u0000" (a C string would hide the rest) and
 * only when not cut to the buffer. */
static void check_unknown(const errata_decoded_t *d, size_t len, bool names_plain)
{
    char name[64];
    const char *raw;
    size_t raw_len, cursor = 0, seen = 0;
    while (errata_decoded_next_unknown(d, &cursor, name, sizeof name, &raw, &raw_len)) {
        if (++seen > len)
            FAIL("more unknown members than bytes");
        if (raw < d->body || raw + raw_len > d->body + d->body_len ||
            !errata_json_validate(raw, raw_len, NULL, NULL, NULL))
            FAIL("unknown member '%s': its raw value is not JSON", name);
        if (names_plain && strlen(name) < sizeof name - 4 && declared(d->desc, name))
            FAIL("declared member '%s' listed as unknown", name);
    }
}

/* The body as a 207 batch: every item's problem is an object and decodes. */
static void check_multi(const char *body, size_t len)
{
    errata_multi_t m;
    errata_multi_item_t item;
    if (!errata_multi_init(&m, body, len))
        return;
    size_t n = 0;
    while (errata_multi_next(&m, &item)) {
        if (++n > len)
            FAIL("more batch items than bytes");
        bool object;
        if (item.problem != NULL &&
            (!errata_json_validate(item.problem, item.problem_len, NULL, NULL, &object) ||
             !object))
            FAIL("a batch item's problem is not a JSON object");
        if ((item.id && !errata_json_validate(item.id, item.id_len, NULL, NULL, NULL)) ||
            (item.value && !errata_json_validate(item.value, item.value_len, NULL, NULL, NULL)))
            FAIL("a batch item's id or value is not JSON");
        if (item.problem != NULL) {
            pets_problem_t p;
            pets_decode(item.status, "application/problem+json", NULL, item.problem,
                        item.problem_len, &p);
            if (p.base.body_kind != ERRATA_BODY_OBJECT)
                FAIL("a batch item's problem does not decode as an object");
        }
    }
}

/* ---- legacy bodies (docs/migration.md) ------------------------------------- */

/* The entry whose code name is all n bytes of code. */
static const errata_descriptor_t *entry_by_code(const char *code, size_t n)
{
    for (size_t i = 0; code != NULL && i < PETS_ERROR_COUNT; i++) {
        const char *name = pets_descriptors[i].code_name;
        if (strlen(name) == n && memcmp(name, code, n) == 0)
            return &pets_descriptors[i];
    }
    return NULL;
}

/* A legacy body against jansson's reading of it (j an object). What the
 * legacy reader keeps of the error object is jansson's last value of each
 * name, as for problem members. */
static void check_legacy(const errata_decoded_t *d, json_t *j, int status)
{
    bool failed = json_is_false(json_object_get(j, "success"));
    if (d->legacy != failed)
        FAIL("legacy is %d where jansson's success is%s false", d->legacy, failed ? "" : " not");
    if (!failed)
        return;
    json_t *error = json_object_get(j, "error");
    json_t *code = json_is_object(error) ? json_object_get(error, "code") : NULL;
    json_t *message = json_is_object(error) ? json_object_get(error, "message") : NULL;
    if (!json_is_string(code))
        code = NULL;
    const errata_descriptor_t *desc =
        code ? entry_by_code(json_string_value(code), json_string_length(code)) : NULL;
    if (desc != NULL && (d->flags & ERRATA_PROBLEM_TRUNCATED))
        desc = d->desc; /* a code cut short names another entry or none: not judged */
    if (d->desc != desc)
        FAIL("legacy code decoded as %s", d->desc ? d->desc->code_name : "unknown");
    if (code == NULL && d->legacy_code != NULL)
        FAIL("legacy_code \"%s\" where jansson has no string code", d->legacy_code);
    if (code != NULL && d->legacy_code == NULL)
        FAIL("no legacy_code where jansson has \"%s\"", json_string_value(code));
    if (code != NULL)
        fuzz_check_text(&g_ctx, "legacy code", d->legacy_code, code, d->flags);
    if (json_is_string(message))
        fuzz_check_text(&g_ctx, "legacy message", d->detail ? d->detail : "", message, d->flags);
    else if (d->detail != NULL)
        FAIL("detail \"%s\" where the legacy body has no message", d->detail);
    if (d->body_status != status || d->status != (desc ? desc->status : 500) ||
        strcmp(d->type, desc ? desc->type_uri : "about:blank") != 0 || d->instance != NULL)
        FAIL("legacy status %d (body %d) or type %s not the entry's", d->status, d->body_status,
             d->type);
    for (size_t i = 0; i < sizeof d->members / sizeof d->members[0]; i++)
        if (d->members[i].present)
            FAIL("a legacy body's member %zu decoded", i);
}

int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    if (size < 2)
        return 0;
    int status = statuses[bytes[0] % (sizeof statuses / sizeof statuses[0])];
    unsigned flags = bytes[1];
    const char *ct = content_types[flags & 3];
    bool rebase = (flags & 4) != 0;
    /* Exact-size copies: a read past the end is a sanitizer error. */
    size_t rest = size - 2, header_len = 0;
    char *retry_after = NULL;
    if (flags & 8) {
        const char *nl = memchr(bytes + 2, '\n', rest);
        header_len = nl ? (size_t)(nl - (const char *)(bytes + 2)) : rest;
        retry_after = malloc(header_len + 1);
        memcpy(retry_after, bytes + 2, header_len);
        retry_after[header_len] = '\0';
        rest -= nl ? header_len + 1 : header_len;
    }
    char *body = malloc(rest > 0 ? rest : 1);
    memcpy(body, bytes + (size - rest), rest);
    g_ctx.data = bytes;
    g_ctx.size = size;

    header_ctx_t hctx = { retry_after };
    bool legacy = (flags & 32) != 0;
    errata_decode_options_t opt = { header, &hctx, 0, NOW, rebase ? &type_base : NULL,
                                    legacy ? &pets_migration : NULL };
    pets_problem_t *out = malloc(sizeof *out);
    pets_decode(status, ct, &opt, body, rest, out);
    const errata_decoded_t *d = &out->base;

    json_error_t jerr;
    json_t *j = json_loadb(body, rest, JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
    if ((d->status != status && !d->legacy) || d->problem_json != (ct != NULL && (flags & 3) != 1))
        FAIL("status or problem_json not as given");
    check_kind(d, body, rest, j, &jerr);
    bool legacy_candidate = legacy && status >= 200 && status <= 299 &&
                            d->body_kind == ERRATA_BODY_OBJECT;
    if (legacy_candidate && json_is_object(j)) /* else jansson refused a number or a name */
        check_legacy(d, j, status);
    else if (d->legacy && !legacy_candidate)
        FAIL("legacy without the option, a 2xx status and an object");
    if (d->legacy) {
        /* the checks of a problem document below do not apply */
    } else if (d->body_kind == ERRATA_BODY_OBJECT) {
        if (json_is_object(j)) /* else jansson refused a number or a name */
            check_object(out, j, rebase);
    } else if (d->desc != expected_entry(NULL, status, false) || d->detail || d->instance ||
               d->body_status != 0 || strcmp(d->type, "about:blank") != 0) {
        FAIL("no problem document, yet not the status's bare entry");
    }
    if (out->code != (d->desc ? (enum pets_code)d->desc->code : PETS_UNKNOWN))
        FAIL("code does not match the descriptor");
    bool retryable = d->desc ? d->desc->retryable
                             : status == 429 || status == 502 || status == 503 || status == 504;
    if (d->retryable != retryable)
        FAIL("retryable is not the entry's or the status's");
    fuzz_check_typed(&g_ctx, d, &out->as);
    check_retry(d, retry_after);
    check_describe(out);
    check_unknown(d, rest, j != NULL);
    if (flags & 16)
        check_multi(body, rest);

    json_decref(j);
    free(out);
    free(body);
    free(retry_after);
    return 0;
}
