/* What a decoded problem offers besides its fields: the members the catalog
 * does not declare, raw, and a one-line description. */
#include "decode_internal.h"

#include <string.h>

static bool declared(const errata_decoded_t *d, const errata_json_parser_t *p)
{
    /* The RFC 9457 members, and "code", which errata's servers always send. */
    static const char *const standard[] = { "type",   "title",    "status",
                                            "detail", "instance", "code" };
    for (size_t i = 0; i < sizeof standard / sizeof standard[0]; i++) {
        if (errata_json_text_is(p, standard[i]))
            return true;
    }
    for (size_t i = 0; d->desc && i < d->desc->member_count; i++) {
        if (errata_json_text_is(p, d->desc->members[i].name))
            return true;
    }
    /* The trace member is part of the contract: it lands in d->trace_id. */
    return d->trace_key != NULL && errata_decode_is_trace_key(p, d->trace_key);
}

/* Walks the body from the start each time: listing unknown members is rare
 * and bodies are small, and it keeps the decoded value free of any cursor
 * state. *cursor counts the unknown members already returned. */
bool errata_decoded_next_unknown(const errata_decoded_t *d, size_t *cursor, char *name_buf,
                                 size_t name_cap, const char **raw, size_t *raw_len)
{
    if (d == NULL || d->body_kind != ERRATA_BODY_OBJECT || cursor == NULL)
        return false;
    /* Names are matched whole in a buffer of our own: the caller's may be
     * too small to tell "pet_id" from an unknown "pet_i...". */
    char names[256];
    errata_json_parser_t p;
    errata_json_init(&p, d->body, d->body_len, names, sizeof names);
    if (errata_json_next(&p) != ERRATA_JSON_OBJECT_BEGIN)
        return false;
    size_t seen = 0;
    while (errata_json_next(&p) == ERRATA_JSON_KEY) {
        bool unknown = !declared(d, &p) && seen++ == *cursor;
        if (unknown && name_cap > 0) {
            size_t n = errata_utf8_cut(p.text, p.text_len < name_cap ? p.text_len : name_cap - 1);
            memcpy(name_buf, p.text, n);
            name_buf[n] = '\0';
        }
        errata_json_token_t t = errata_json_next(&p);
        size_t start = p.offset;
        if (t == ERRATA_JSON_ERROR || !errata_json_skip(&p))
            return false;
        if (unknown) {
            *raw = d->body + start;
            *raw_len = p.pos - start;
            ++*cursor;
            return true;
        }
    }
    return false;
}

/* Text on one line: control characters become spaces. */
static void one_line(errata_out_t *o, const char *s)
{
    for (; *s; s++)
        errata_out_char(o, (unsigned char)*s < 0x20 || *s == 0x7F ? ' ' : *s);
}

size_t errata_decoded_describe(const errata_decoded_t *d, char *buf, size_t cap)
{
    errata_out_t o;
    errata_out_init(&o, buf, cap);
    char num[ERRATA_NUMBER_BUF];
    errata_format_int(num, d->status);
    errata_out_str(&o, num);
    errata_out_char(&o, ' ');
    one_line(&o, d->desc ? d->desc->code_name : d->type);
    if (d->title) {
        errata_out_str(&o, ": ");
        one_line(&o, d->title);
    }
    if (d->detail) {
        errata_out_str(&o, ": ");
        one_line(&o, d->detail);
    }
    if (d->retry_after >= 0) {
        errata_format_int(num, d->retry_after);
        errata_out_str(&o, " (retry after ");
        errata_out_str(&o, num);
        errata_out_str(&o, " s)");
    } else if (d->retryable) {
        errata_out_str(&o, " (retryable)");
    }
    if (d->trace_id[0] != '\0' && memchr(d->trace_id, '\0', sizeof d->trace_id) != NULL) {
        errata_out_str(&o, " (trace id ");
        one_line(&o, d->trace_id);
        errata_out_char(&o, ')');
    }
    return errata_out_finish(&o);
}
