#include "fuzz_util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void fuzz_fail(const fuzz_ctx_t *c, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s: ", c->target);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\ninput (%zu bytes, the first 300 shown): ", c->size);
    fwrite(c->data, 1, c->size < 300 ? c->size : 300, stderr);
    fputc('\n', stderr);
    abort();
}

uint8_t fuzz_u8(fuzz_in_t *in)
{
    if (in->n == 0)
        return 0;
    in->n--;
    return *in->p++;
}

uint64_t fuzz_u64(fuzz_in_t *in)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = v << 8 | fuzz_u8(in);
    return v;
}

double fuzz_double(fuzz_in_t *in)
{
    uint64_t bits = fuzz_u64(in);
    double d;
    memcpy(&d, &bits, sizeof d);
    return d;
}

char *fuzz_bytes(fuzz_in_t *in, size_t max, size_t *len)
{
    size_t n = fuzz_u8(in);
    if (n > max)
        n = max;
    if (n > in->n)
        n = in->n;
    char *s = malloc(n + 1);
    if (s == NULL)
        abort();
    memcpy(s, in->p, n);
    s[n] = '\0';
    in->p += n;
    in->n -= n;
    if (len != NULL)
        *len = n;
    return s;
}

/* The bytes of the well-formed sequence or maximal ill-formed subpart at
 * s[0..n), n > 0; *valid says which. Table 3-7: the second byte's range
 * depends on the first, the others are 80..BF. */
static size_t unit_at(const unsigned char *s, size_t n, bool *valid)
{
    unsigned char c = s[0];
    size_t need;
    unsigned char lo = 0x80, hi = 0xBF;
    *valid = true;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        need = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 3;
        lo = c == 0xE0 ? 0xA0 : 0x80;
        hi = c == 0xED ? 0x9F : 0xBF;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4;
        lo = c == 0xF0 ? 0x90 : 0x80;
        hi = c == 0xF4 ? 0x8F : 0xBF;
    } else {
        *valid = false;
        return 1;
    }
    size_t k = 1;
    for (; k < need && k < n; k++) {
        unsigned char b = s[k];
        if (b < lo || b > hi)
            break;
        lo = 0x80;
        hi = 0xBF;
    }
    *valid = k == need;
    return k;
}

bool fuzz_utf8_valid(const char *s, size_t n)
{
    const unsigned char *b = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        bool valid;
        i += unit_at(b + i, n - i, &valid);
        if (!valid)
            return false;
    }
    return true;
}

size_t fuzz_utf8_replace(const char *s, size_t n, char *out)
{
    const unsigned char *b = (const unsigned char *)s;
    size_t len = 0;
    for (size_t i = 0; i < n;) {
        bool valid;
        size_t k = unit_at(b + i, n - i, &valid);
        if (valid) {
            memcpy(out + len, s + i, k);
            len += k;
        } else {
            memcpy(out + len, "\xEF\xBF\xBD", 3);
            len += 3;
        }
        i += k;
    }
    return len;
}

bool fuzz_utf8_cut_ok(const char *s, size_t cut, size_t n)
{
    const unsigned char *b = (const unsigned char *)s;
    size_t i = 0;
    while (i < cut) {
        bool valid;
        i += unit_at(b + i, n - i, &valid);
    }
    return i == cut;
}

/* ---- JSON values ---------------------------------------------------------- */

json_t *fuzz_json_text(const char *s, size_t n)
{
    char *fixed = malloc(3 * n + 1);
    if (fixed == NULL)
        abort();
    json_t *v = json_stringn(fixed, fuzz_utf8_replace(s, n, fixed));
    free(fixed);
    if (v == NULL)
        abort(); /* jansson found the replaced text ill-formed: the reference is wrong */
    return v;
}

static bool same_number(json_t *a, json_t *b)
{
    if (json_is_integer(a) && json_is_integer(b))
        return json_integer_value(a) == json_integer_value(b);
    return json_number_value(a) == json_number_value(b);
}

static bool same_object(json_t *a, json_t *b)
{
    const char *key;
    json_t *v;
    if (json_object_size(a) != json_object_size(b))
        return false;
    json_object_foreach(a, key, v) {
        if (!fuzz_json_same(v, json_object_get(b, key)))
            return false;
    }
    return true;
}

bool fuzz_json_same(json_t *a, json_t *b)
{
    if (a == NULL || b == NULL)
        return a == b;
    if (json_is_number(a) && json_is_number(b))
        return same_number(a, b);
    if (json_typeof(a) != json_typeof(b))
        return false;
    if (json_is_object(a))
        return same_object(a, b);
    if (json_is_array(a)) {
        if (json_array_size(a) != json_array_size(b))
            return false;
        for (size_t i = 0; i < json_array_size(a); i++)
            if (!fuzz_json_same(json_array_get(a, i), json_array_get(b, i)))
                return false;
        return true;
    }
    return json_equal(a, b) != 0;
}

/* ---- decoded values against jansson's ------------------------------------ */

void fuzz_check_text(const fuzz_ctx_t *c, const char *what, const char *ours, json_t *theirs,
                     unsigned flags)
{
    const char *s = json_string_value(theirs);
    size_t full = json_string_length(theirs), n = strlen(ours);
    if (strcmp(ours, s) == 0)
        return;
    if ((flags & ERRATA_PROBLEM_TRUNCATED) && n < full && memcmp(ours, s, n) == 0 &&
        fuzz_utf8_cut_ok(s, n, full))
        return;
    fuzz_fail(c, "%s \"%s\" is not jansson's \"%s\"", what, ours, s);
}

typedef enum verdict { NO, YES, MAYBE } verdict_t;

/* Whether jansson's value has the JSON type a scalar kind takes. A real
 * for an integer is MAYBE: errata takes 1e2 or 4.0 (whole numbers), not
 * 1.5, and jansson's double may have rounded 1.0000000000000000001. */
static verdict_t kind_fits(errata_kind_t kind, json_t *v)
{
    switch (kind) {
    case ERRATA_KIND_STRING: return json_is_string(v) ? YES : NO;
    case ERRATA_KIND_INTEGER: return json_is_integer(v) ? YES : json_is_real(v) ? MAYBE : NO;
    case ERRATA_KIND_NUMBER: return json_is_number(v) ? YES : NO;
    case ERRATA_KIND_BOOLEAN: return json_is_boolean(v) ? YES : NO;
    default: return NO;
    }
}

static void check_scalar(const fuzz_ctx_t *c, const char *name, errata_kind_t kind, json_t *jv,
                         const errata_value_t *v, unsigned flags)
{
    verdict_t fits = jv != NULL ? kind_fits(kind, jv) : NO;
    if (fits == NO || (fits == MAYBE && !v->present)) {
        if (v->present)
            fuzz_fail(c, "member '%s' is there, but jansson has no value of its type", name);
        return;
    }
    if (!v->present)
        fuzz_fail(c, "member '%s' is absent, but jansson has a value of its type", name);
    bool same = true;
    switch (kind) {
    case ERRATA_KIND_STRING: fuzz_check_text(c, name, v->u.string, jv, flags); break;
    case ERRATA_KIND_INTEGER:
        same = json_is_integer(jv) ? v->u.integer == json_integer_value(jv)
                                   : (double)v->u.integer == json_real_value(jv);
        break;
    case ERRATA_KIND_NUMBER: same = v->u.number == json_number_value(jv); break;
    default: same = v->u.boolean == json_is_true(jv); break;
    }
    if (!same)
        fuzz_fail(c, "member '%s' has another value than jansson's", name);
}

/* An array member: present when every item has the item type (objects:
 * every item is an object; their properties are checked like members). A
 * cut array keeps the items that fit, and may then have stopped before a
 * wrong one. */
static void check_array(const fuzz_ctx_t *c, const errata_member_desc_t *m, json_t *jv,
                        const errata_value_t *v, unsigned flags)
{
    bool cut = (flags & ERRATA_PROBLEM_TRUNCATED) != 0;
    verdict_t all = json_is_array(jv) ? YES : NO;
    for (size_t i = 0; all != NO && i < json_array_size(jv); i++) {
        json_t *item = json_array_get(jv, i);
        verdict_t fits = m->item_kind == ERRATA_KIND_OBJECT ? (json_is_object(item) ? YES : NO)
                                                            : kind_fits(m->item_kind, item);
        if (fits != YES)
            all = fits;
    }
    if (!v->present) {
        if (all == YES && !cut)
            fuzz_fail(c, "array '%s' is absent, but jansson has one of its type", m->name);
        return;
    }
    if (all == NO && !cut)
        fuzz_fail(c, "array '%s' is there, but jansson has an item of another type", m->name);
    size_t count = v->u.array.count;
    if (count > json_array_size(jv) || (count < json_array_size(jv) && !cut))
        fuzz_fail(c, "array '%s' has %zu items, jansson %zu", m->name, count, json_array_size(jv));
    size_t width = m->item_kind == ERRATA_KIND_OBJECT ? m->property_count : 1;
    for (size_t i = 0; i < count; i++) {
        const errata_value_t *row = &v->u.array.items[i * width];
        json_t *item = json_array_get(jv, i);
        if (m->item_kind != ERRATA_KIND_OBJECT) {
            check_scalar(c, m->name, m->item_kind, item, row, flags);
            continue;
        }
        for (size_t k = 0; k < m->property_count; k++)
            check_scalar(c, m->properties[k].name, m->properties[k].kind,
                         json_object_get(item, m->properties[k].name), &row[k], flags);
    }
}

void fuzz_check_member(const fuzz_ctx_t *c, const errata_member_desc_t *m, json_t *jv,
                       const errata_value_t *v, unsigned flags)
{
    if (m->kind == ERRATA_KIND_ARRAY)
        check_array(c, m, jv, v, flags);
    else
        check_scalar(c, m->name, m->kind, jv, v, flags);
}

/* ---- the typed view of a decoded problem ------------------------------ */

static const void *pointer_at(const unsigned char *at)
{
    const void *p;
    memcpy(&p, at, sizeof p);
    return p;
}

/* One scalar slot, as decode_typed.c's put_scalar must have written it. */
static void check_typed_scalar(const fuzz_ctx_t *c, const unsigned char *at,
                               const errata_member_desc_t *m, const errata_value_t *v)
{
    bool ok;
    if (m->kind == ERRATA_KIND_STRING) {
        ok = pointer_at(at) == (v->present ? (const void *)v->u.string : NULL);
    } else if (m->by_pointer) {
        const void *p = pointer_at(at);
        ok = (p != NULL) == v->present;
        if (ok && p != NULL)
            ok = m->kind == ERRATA_KIND_INTEGER ? *(const int64_t *)p == v->u.integer
               : m->kind == ERRATA_KIND_NUMBER  ? memcmp(p, &v->u.number, sizeof(double)) == 0
                                                : *(const bool *)p == v->u.boolean;
    } else if (m->kind == ERRATA_KIND_INTEGER) {
        int64_t i;
        memcpy(&i, at, sizeof i);
        ok = i == (v->present ? v->u.integer : 0);
    } else if (m->kind == ERRATA_KIND_NUMBER) {
        double d = v->present ? v->u.number : 0.0;
        ok = memcmp(at, &d, sizeof d) == 0;
    } else {
        bool b;
        memcpy(&b, at, sizeof b);
        ok = b == (v->present && v->u.boolean);
    }
    if (!ok)
        fuzz_fail(c, "typed member '%s' differs from the decoded value", m->name);
}

static size_t scalar_size(errata_kind_t kind)
{
    return kind == ERRATA_KIND_STRING    ? sizeof(const char *)
         : kind == ERRATA_KIND_INTEGER   ? sizeof(int64_t)
         : kind == ERRATA_KIND_NUMBER    ? sizeof(double)
                                         : sizeof(bool);
}

static void check_typed_array(const fuzz_ctx_t *c, const errata_decoded_t *d,
                              const unsigned char *typed, const errata_member_desc_t *m,
                              const errata_value_t *v)
{
    const unsigned char *items = pointer_at(typed + m->decode_offset);
    size_t count;
    memcpy(&count, typed + m->decode_count_offset, sizeof count);
    if (!v->present) {
        if (items != NULL || count != 0)
            fuzz_fail(c, "typed array '%s' is there, its value not", m->name);
        return;
    }
    /* No room for the typed copy: an empty array, and the flag says so. */
    bool dropped = items == NULL && count == 0 && (d->flags & ERRATA_PROBLEM_TRUNCATED);
    if (!dropped && (items == NULL || count != v->u.array.count))
        fuzz_fail(c, "typed array '%s' has %zu items, its value %zu", m->name, count,
                  v->u.array.count);
    bool object = m->item_kind == ERRATA_KIND_OBJECT;
    size_t width = object ? m->property_count : 1;
    size_t size = object ? m->item_size : scalar_size(m->item_kind);
    for (size_t i = 0; !dropped && i < count; i++) {
        const errata_value_t *row = &v->u.array.items[i * width];
        if (!object) {
            errata_member_desc_t item = { .name = m->name, .kind = m->item_kind };
            check_typed_scalar(c, items + i * size, &item, row);
            continue;
        }
        for (size_t k = 0; k < m->property_count; k++)
            check_typed_scalar(c, items + i * size + m->properties[k].offset, &m->properties[k],
                         &row[k]);
    }
}

void fuzz_check_typed(const fuzz_ctx_t *c, const errata_decoded_t *d, const void *typed)
{
    const unsigned char *base = typed;
    if (d->desc == NULL)
        return;
    for (size_t i = 0; i < d->desc->member_count && i < ERRATA_MAX_MEMBERS; i++) {
        const errata_member_desc_t *m = &d->desc->members[i];
        if (m->kind == ERRATA_KIND_ARRAY)
            check_typed_array(c, d, base, m, &d->members[i]);
        else
            check_typed_scalar(c, base + m->decode_offset, m, &d->members[i]);
    }
}

size_t fuzz_count_diagnostics(const char *text, const char *kind)
{
    char marker[16];
    size_t n = 0;
    snprintf(marker, sizeof marker, ": %s: ", kind);
    for (const char *line = text; line && *line;) {
        const char *end = strchr(line, '\n');
        const char *hit = strstr(line, marker);
        if (hit && (!end || hit < end) && memchr(line, ' ', (size_t)(hit - line)) == NULL)
            n++;
        line = end ? end + 1 : NULL;
    }
    return n;
}
