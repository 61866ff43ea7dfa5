#include "json_write.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../support/strbuf.h"
#include "../support/utf8.h"
#include "value.h"

void json_format_number(char buf[32], double d)
{
    /* Whole numbers print as integers: %g would give 1e+01 for 10. */
    if (d == floor(d) && fabs(d) < 1e15) {
        snprintf(buf, 32, "%.0f", d);
        return;
    }
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, 32, "%.*g", prec, d);
        if (strtod(buf, NULL) == d)
            break;
    }
    /* "1e+20" is valid JSON, but "inf"/"nan" never reach here (values are finite). */
}

void json_write_string_body(struct strbuf *out, const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        unsigned char c = p[i];
        if (c >= 0x80) {
            uint32_t cp;
            size_t used = utf8_decode(p + i, len - i, &cp);
            if (used == 0) {
                strbuf_adds(out, "\xEF\xBF\xBD");
                i++;
            } else {
                strbuf_add(out, p + i, used);
                i += used;
            }
            continue;
        }
        switch (c) {
        case '"': strbuf_adds(out, "\\\""); break;
        case '\\': strbuf_adds(out, "\\\\"); break;
        case '\b': strbuf_adds(out, "\\b"); break;
        case '\f': strbuf_adds(out, "\\f"); break;
        case '\n': strbuf_adds(out, "\\n"); break;
        case '\r': strbuf_adds(out, "\\r"); break;
        case '\t': strbuf_adds(out, "\\t"); break;
        default:
            if (c < 0x20 || c == 0x7F)
                strbuf_addf(out, "\\u%04x", c);
            else
                strbuf_addc(out, (char)c);
        }
        i++;
    }
}

static void indent(struct strbuf *out, int depth)
{
    if (depth < 0)
        return; /* compact */
    strbuf_addc(out, '\n');
    for (int i = 0; i < depth; i++)
        strbuf_adds(out, "  ");
}

static void write_value(struct strbuf *out, const struct value *v, int depth);

/* "KEY": value, or "KEY_SUFFIX": value for the forms of a text. */
static void write_member(struct strbuf *out, const char *key, size_t key_len,
                         const char *suffix, const struct value *v, int inner)
{
    indent(out, inner);
    strbuf_addc(out, '"');
    json_write_string_body(out, key, key_len);
    if (suffix[0] != '\0') {
        strbuf_addc(out, '_');
        strbuf_adds(out, suffix);
    }
    strbuf_adds(out, inner < 0 ? "\":" : "\": ");
    write_value(out, v, inner);
}

/* depth < 0 writes compact JSON; otherwise indented at that depth. */
static void write_value(struct strbuf *out, const struct value *v, int depth)
{
    int inner = depth < 0 ? -1 : depth + 1;
    char num[32];
    switch (v->kind) {
    case VALUE_NULL:
        strbuf_adds(out, "null");
        break;
    case VALUE_BOOL:
        strbuf_adds(out, v->u.boolean ? "true" : "false");
        break;
    case VALUE_INT:
        strbuf_addf(out, "%" PRId64, v->u.integer);
        break;
    case VALUE_NUMBER:
        json_format_number(num, v->u.number);
        strbuf_adds(out, num);
        break;
    case VALUE_STRING:
        strbuf_addc(out, '"');
        json_write_string_body(out, v->u.string.ptr, v->u.string.len);
        strbuf_addc(out, '"');
        break;
    case VALUE_TEXT: { /* forced here: `errata model` prints every field */
        struct strbuf text = STRBUF_INIT;
        value_text_write(&text, v);
        strbuf_addc(out, '"');
        json_write_string_body(out, strbuf_str(&text), text.len);
        strbuf_addc(out, '"');
        strbuf_release(&text);
        break;
    }
    case VALUE_LIST:
        if (v->u.list.count == 0) {
            strbuf_adds(out, "[]");
            break;
        }
        strbuf_addc(out, '[');
        for (size_t i = 0; i < v->u.list.count; i++) {
            if (i)
                strbuf_addc(out, ',');
            indent(out, inner);
            write_value(out, v->u.list.items[i], inner);
        }
        indent(out, depth);
        strbuf_addc(out, ']');
        break;
    case VALUE_MAP:
        if (v->u.map.count == 0) {
            strbuf_adds(out, "{}");
            break;
        }
        strbuf_addc(out, '{');
        for (size_t i = 0; i < v->u.map.count; i++) {
            const struct value_member *m = &v->u.map.members[i];
            if (i)
                strbuf_addc(out, ',');
            write_member(out, m->key, m->key_len, "", m->value, inner);
            for (size_t f = 0; m->value->has_forms && f < VALUE_FORMS; f++) {
                strbuf_addc(out, ',');
                write_member(out, m->key, m->key_len, value_form_suffixes[f],
                             value_form(m->value, f), inner);
            }
        }
        indent(out, depth);
        strbuf_addc(out, '}');
        break;
    }
}

void json_write_value(struct strbuf *out, const struct value *v)
{
    write_value(out, v, 0);
}

void json_write_compact(struct strbuf *out, const struct value *v)
{
    write_value(out, v, -1);
}
