/* Fuzz target for the strict RFC 9651 List parser (runtime/src/sf_list.c)
 * and the RateLimit fields read and written over it (errata/decode.h,
 * errata/errata.h).
 *
 * The input is one field value (a NUL in it ends the C string the
 * RateLimit functions see; the List parser gets every byte). Checked:
 *  - the parser is a function of its bytes: two inits agree, and on a valid
 *    List the walk ends, every item, inner list and parameter text lies
 *    inside the input, and String copies hold printable ASCII only (the
 *    escapes removed: the copy is the text less one byte per '\');
 *  - RFC 9651 §4.2: spaces around a valid List keep it valid; a trailing
 *    comma after a non-empty valid List makes it invalid;
 *  - Byte Sequences decode to 6 bits a base64 character, whole bytes;
 *  - errata_parse_ratelimit on the input (as either field) keeps at most
 *    ERRATA_RATELIMIT_POLICIES named policies with -1 or non-negative
 *    values; what it kept, written again by errata_ratelimit_policy_field
 *    and errata_ratelimit_field, is accepted by errata_header_value_valid
 *    and reads back as the same policies (a unit outside the registry is
 *    not written: it reads back unset).
 * Anything else aborts. */
#include <errata/decode.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "sf_list.h"

static void check_inside(const fuzz_ctx_t *c, const char *s, size_t len, const char *p,
                         size_t n, const char *what)
{
    if (n > 0 && (p < s || p + n > s + len))
        fuzz_fail(c, "%s outside the input", what);
}

static void check_string(const fuzz_ctx_t *c, const errata_sf_bare_t *v)
{
    char buf[4096];
    size_t escapes = 0;
    for (size_t i = 0; i < v->len; i++)
        if (v->text[i] == '\\') {
            escapes++;
            i++;
        }
    if (v->len - escapes >= sizeof buf)
        return;
    if (!errata_sf_string_copy(v, buf, sizeof buf))
        fuzz_fail(c, "a String that fits was not copied");
    if (strlen(buf) != v->len - escapes)
        fuzz_fail(c, "String copy of %zu bytes, want %zu", strlen(buf), v->len - escapes);
    for (const char *b = buf; *b; b++)
        if ((unsigned char)*b < 0x20 || (unsigned char)*b > 0x7E)
            fuzz_fail(c, "String copy holds byte 0x%02x", (unsigned char)*b);
}

static void check_bytes(const fuzz_ctx_t *c, const errata_sf_bare_t *v)
{
    unsigned char buf[4096];
    size_t n, chars = 0;
    while (chars < v->len && v->text[chars] != '=')
        chars++;
    if (!errata_sf_bytes_decode(v, buf, sizeof buf, &n))
        fuzz_fail(c, "a valid Byte Sequence did not decode");
    if (n != chars * 6 / 8)
        fuzz_fail(c, "%zu base64 characters decoded to %zu bytes", chars, n);
}

/* Walks a valid List; returns its member count. */
static size_t walk(const fuzz_ctx_t *c, const char *s, size_t len)
{
    errata_sf_cursor_t cur;
    errata_sf_member_t m;
    size_t count = 0;
    if (!errata_sf_list_init(&cur, s, len))
        fuzz_fail(c, "valid once, invalid the second time");
    while (errata_sf_list_next(&cur, &m)) {
        if (++count > len)
            fuzz_fail(c, "more members than bytes");
        check_inside(c, s, len, m.item.text, m.item.len, "item");
        check_inside(c, s, len, m.params, m.params_len, "parameters");
        if (m.item.type == ERRATA_SF_STRING)
            check_string(c, &m.item);
        if (m.item.type == ERRATA_SF_BYTES)
            check_bytes(c, &m.item);
        errata_sf_bare_t v;
        static const char *const keys[] = { "q", "r", "t", "w", "qu", "pk", "a" };
        for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
            if (!errata_sf_param(&m, keys[k], &v))
                continue;
            check_inside(c, s, len, v.text, v.len, "parameter value");
            if (v.type == ERRATA_SF_STRING)
                check_string(c, &v);
            if (v.type == ERRATA_SF_BYTES)
                check_bytes(c, &v);
        }
    }
    return count;
}

static void check_affixes(const fuzz_ctx_t *c, const char *s, size_t len, size_t members)
{
    char *buf = malloc(len + 3);
    errata_sf_cursor_t cur;
    buf[0] = ' ';
    memcpy(buf + 1, s, len);
    buf[len + 1] = ' ';
    if (!errata_sf_list_init(&cur, buf, len + 2))
        fuzz_fail(c, "valid List invalid between spaces");
    memcpy(buf, s, len);
    buf[len] = ',';
    if (members > 0 && errata_sf_list_init(&cur, buf, len + 1))
        fuzz_fail(c, "valid List still valid with a trailing comma");
    free(buf);
}

static void check_policy_values(const fuzz_ctx_t *c, const errata_ratelimit_t *rl)
{
    if (rl->count > ERRATA_RATELIMIT_POLICIES)
        fuzz_fail(c, "%zu policies kept", rl->count);
    for (size_t i = 0; i < rl->count; i++) {
        const errata_ratelimit_policy_t *p = &rl->policies[i];
        if (p->name[0] == '\0' || memchr(p->name, '\0', sizeof p->name) == NULL)
            fuzz_fail(c, "policy %zu has no name", i);
        if (p->quota < -1 || p->window < -1 || p->remaining < -1 || p->reset < -1)
            fuzz_fail(c, "policy %zu holds a negative value other than -1", i);
        if (p->quota < 0 && p->remaining < 0)
            fuzz_fail(c, "policy %zu kept from no item", i);
    }
}

/* What was parsed, written and parsed again, is the same. */
static void check_round_trip(const fuzz_ctx_t *c, errata_ratelimit_t *rl)
{
    char policy[ERRATA_RATELIMIT_FIELD_MAX * 2], limit[ERRATA_RATELIMIT_FIELD_MAX * 2];
    errata_ratelimit_t back;
    for (size_t i = 0; i < rl->count; i++)
        if (rl->policies[i].unit == ERRATA_QUOTA_UNIT_OTHER)
            rl->policies[i].unit = ERRATA_QUOTA_UNIT_UNSET;
    size_t np = errata_ratelimit_policy_field(rl, policy, sizeof policy);
    size_t nl = errata_ratelimit_field(rl, limit, sizeof limit);
    if (np >= sizeof policy || nl >= sizeof limit)
        fuzz_fail(c, "a parsed policy does not fit twice the field maximum");
    if (np > 0 && !errata_header_value_valid("RateLimit-Policy", policy))
        fuzz_fail(c, "written RateLimit-Policy refused: %s", policy);
    if (nl > 0 && !errata_header_value_valid("RateLimit", limit))
        fuzz_fail(c, "written RateLimit refused: %s", limit);
    errata_parse_ratelimit(np > 0 ? policy : NULL, nl > 0 ? limit : NULL, &back);
    /* A policy with neither q nor r is not written: none is kept. */
    if (back.count != rl->count)
        fuzz_fail(c, "%zu policies read back, %zu written", back.count, rl->count);
    for (size_t i = 0; i < rl->count; i++) {
        if (memcmp(&back.policies[i], &rl->policies[i], sizeof back.policies[i]) != 0)
            fuzz_fail(c, "policy %zu reads back otherwise (%s / %s)", i, policy, limit);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_ctx_t c = { "sf_list", data, size };
    const char *s = (const char *)data;
    errata_sf_cursor_t cur;
    bool valid = errata_sf_list_init(&cur, s, size);
    if (valid) {
        size_t members = walk(&c, s, size);
        check_affixes(&c, s, size, members);
    }
    char *text = malloc(size + 1);
    memcpy(text, data, size);
    text[size] = '\0';
    errata_ratelimit_t rl;
    errata_parse_ratelimit(text, NULL, &rl);
    check_policy_values(&c, &rl);
    check_round_trip(&c, &rl);
    errata_parse_ratelimit(NULL, text, &rl);
    check_policy_values(&c, &rl);
    check_round_trip(&c, &rl);
    errata_parse_ratelimit(text, text, &rl);
    check_policy_values(&c, &rl);
    free(text);
    return 0;
}
