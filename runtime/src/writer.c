/* errata_problem_json: the body. Constant start from the generator, then
 * detail, instance, trace id and members, all through json_out.c. */
#include "internal.h"

#include <string.h>

/* What a hidden 5xx says instead of its detail: it asks to quote a trace id
 * only when the body carries one. */
static const char errata_generic_detail_traced[] =
    "The server could not complete the request. Quote the trace id when you report this.";
static const char errata_generic_detail[] = "The server could not complete the request.";

static bool errata_hides_detail(const errata_descriptor_t *desc)
{
    return desc->status >= 500 && !desc->expose_detail;
}

/* Bytes of the trace id that are sent: its leading printable ASCII, at
 * most ERRATA_TRACE_ID_SIZE - 1, the most a decoder holds (decode.h). A
 * caller may have filled p->trace_id directly, with anything. */
static size_t errata_sent_trace_len(const errata_problem_t *p)
{
    size_t n = 0;
    while (n < ERRATA_TRACE_ID_SIZE - 1 && (unsigned char)p->trace_id[n] >= 0x21 &&
           (unsigned char)p->trace_id[n] <= 0x7E)
        n++;
    return n;
}

/* The rest of the type URI after base->catalog when it starts with it. */
static const char *errata_rebased_rest(const char *type, const errata_type_base_t *base)
{
    if (base == NULL || base->catalog == NULL || base->served == NULL || type == NULL)
        return NULL;
    size_t n = strlen(base->catalog);
    return n > 0 && strncmp(type, base->catalog, n) == 0 ? type + n : NULL;
}

/* "SERVED+REST" when rest is not NULL, else "TYPE": one JSON string. */
static void errata_write_type(errata_out_t *o, const char *type, const char *rest,
                              const errata_type_base_t *base)
{
    errata_out_char(o, '"');
    if (rest != NULL) {
        errata_out_json_chars(o, base->served, strlen(base->served));
        errata_out_json_chars(o, rest, strlen(rest));
    } else {
        errata_out_json_chars(o, type, strlen(type));
    }
    errata_out_char(o, '"');
}

/* {"type":"SERVED+REST", then what the generator's prefix holds after its
 * type string (found by measuring the type as the prefix holds it). False,
 * writing nothing, when the type is not under base->catalog or the prefix
 * is not the generator's shape. */
static bool errata_write_rebased_prefix(errata_out_t *o, const errata_descriptor_t *desc,
                                        const errata_type_base_t *base)
{
    const char *rest = errata_rebased_rest(desc->type_uri, base);
    if (rest == NULL || desc->body_prefix == NULL)
        return false;
    errata_out_t measure;
    errata_out_init(&measure, NULL, 0);
    errata_out_json_string(&measure, desc->type_uri, strlen(desc->type_uri));
    size_t after = 8 + measure.len; /* {"type": and the quoted type */
    size_t n = desc->body_prefix_len > 0 ? desc->body_prefix_len : strlen(desc->body_prefix);
    if (after > n || strncmp(desc->body_prefix, "{\"type\":\"", 9) != 0)
        return false;
    errata_out_str(o, "{\"type\":");
    errata_write_type(o, desc->type_uri, rest, base);
    errata_out_bytes(o, desc->body_prefix + after, n - after);
    return true;
}

/* {"type":...,"title":...,"status":N,"code":... : the generator's literal
 * (rebased when asked), or, for a hand-made descriptor without one, the
 * same built here. */
static void errata_write_prefix(errata_out_t *o, const errata_descriptor_t *desc,
                                const errata_type_base_t *base)
{
    char num[ERRATA_NUMBER_BUF];
    if (errata_write_rebased_prefix(o, desc, base))
        return;
    if (desc->body_prefix != NULL) {
        size_t n = desc->body_prefix_len;
        errata_out_bytes(o, desc->body_prefix, n > 0 ? n : strlen(desc->body_prefix));
        return;
    }
    const char *type = desc->type_uri != NULL ? desc->type_uri : "about:blank";
    errata_out_str(o, "{\"type\":");
    errata_write_type(o, type, errata_rebased_rest(type, base), base);
    if (desc->title != NULL) {
        errata_out_str(o, ",\"title\":");
        errata_out_json_string(o, desc->title, strlen(desc->title));
    }
    errata_out_str(o, ",\"status\":");
    errata_out_bytes(o, num, errata_format_int(num, desc->status));
    if (desc->code_name != NULL && desc->code_name[0] != '\0') {
        errata_out_str(o, ",\"code\":");
        errata_out_json_string(o, desc->code_name, strlen(desc->code_name));
    }
}

/* ,"NAME":"ID" under the catalog's trace member name. */
static void errata_write_trace_id(errata_out_t *o, const errata_problem_t *p,
                                  const errata_descriptor_t *desc, size_t len)
{
    errata_out_char(o, ',');
    if (desc->trace_key != NULL)
        errata_out_str(o, desc->trace_key);
    else
        errata_out_str(o, "\"" ERRATA_DEFAULT_TRACE_MEMBER "\":");
    errata_out_json_string(o, p->trace_id, len);
}

/* The members in descriptor order (the checker refuses a member named
 * like the trace member, so the trace id is never written twice). */
static void errata_write_members(errata_out_t *o, const errata_problem_t *p,
                                 const errata_descriptor_t *desc)
{
    size_t n = desc->member_count < ERRATA_MAX_MEMBERS ? desc->member_count : ERRATA_MAX_MEMBERS;
    for (size_t i = 0; desc->members != NULL && i < n; i++)
        if (!desc->members[i].hidden) /* logged through the observer only */
            (void)errata_write_value(o, &desc->members[i], &p->members[i]);
}

/* One legacy field's value, or nothing when the problem lacks it. The
 * type and detail are the ones the body sends. */
static void errata_write_legacy_field(errata_out_t *o, const errata_problem_t *p,
                                      const errata_descriptor_t *desc,
                                      const errata_legacy_field_t *f, const char *detail,
                                      const errata_type_base_t *base, bool *first)
{
    char num[ERRATA_NUMBER_BUF];
    const char *text = NULL;
    switch (f->source) {
    case ERRATA_LEGACY_CODE:
        text = desc->code_name != NULL && desc->code_name[0] != '\0' ? desc->code_name : NULL;
        break;
    case ERRATA_LEGACY_TITLE: text = desc->title; break;
    case ERRATA_LEGACY_DETAIL: text = detail; break;
    case ERRATA_LEGACY_INSTANCE: text = p != NULL ? p->instance : NULL; break;
    case ERRATA_LEGACY_TYPE: text = desc->type_uri != NULL ? desc->type_uri : "about:blank"; break;
    case ERRATA_LEGACY_STATUS: break;
    default: return; /* a hand-made table with a source this runtime does not know */
    }
    if (f->name == NULL || (text == NULL && f->source != ERRATA_LEGACY_STATUS))
        return;
    if (!*first)
        errata_out_char(o, ',');
    *first = false;
    errata_out_json_string(o, f->name, strlen(f->name));
    errata_out_char(o, ':');
    if (f->source == ERRATA_LEGACY_STATUS)
        errata_out_bytes(o, num, errata_format_int(num, desc->status));
    else if (f->source == ERRATA_LEGACY_TYPE)
        errata_write_type(o, text, errata_rebased_rest(text, base), base);
    else
        errata_out_json_string(o, text, strlen(text));
}

/* ,"success":false,"error":{...}: the old shape beside the problem's, so
 * that clients reading it keep working while they move to the status. */
static void errata_write_legacy(errata_out_t *o, const errata_problem_t *p,
                                const errata_descriptor_t *desc, const errata_migration_t *m,
                                const char *detail, const errata_type_base_t *base)
{
    if (m->success_member != NULL) {
        errata_out_char(o, ',');
        errata_out_json_string(o, m->success_member, strlen(m->success_member));
        errata_out_str(o, ":false");
    }
    if (m->error_member == NULL)
        return;
    errata_out_char(o, ',');
    errata_out_json_string(o, m->error_member, strlen(m->error_member));
    errata_out_str(o, ":{");
    bool first = true;
    for (size_t i = 0; m->fields != NULL && i < m->field_count; i++)
        errata_write_legacy_field(o, p, desc, &m->fields[i], detail, base, &first);
    errata_out_char(o, '}');
}

/* The body: prefix, detail (or the generic one on a hidden 5xx), instance,
 * trace id (hidden 5xx only), members, '}'. A problem never thrown, or no
 * problem at all, is written from the built-in "not thrown" descriptor: a
 * generic 500 (about:blank, no code), so that a programming error cannot
 * produce an invalid or empty response (errata.h). */
size_t errata_problem_json(const errata_problem_t *p, char *buf, size_t cap)
{
    return errata_problem_json_rebased(p, NULL, buf, cap);
}

size_t errata_problem_json_rebased(const errata_problem_t *p, const errata_type_base_t *base,
                                   char *buf, size_t cap)
{
    return errata_problem_json_legacy(p, base, NULL, buf, cap);
}

size_t errata_problem_json_legacy(const errata_problem_t *p, const errata_type_base_t *base,
                                  const errata_migration_t *legacy, char *buf, size_t cap)
{
    const errata_descriptor_t *desc = errata_problem_desc(p);
    bool hide = errata_hides_detail(desc);
    size_t trace_len = hide && p != NULL ? errata_sent_trace_len(p) : 0;
    errata_out_t o;
    errata_out_init(&o, buf, cap);
    errata_write_prefix(&o, desc, base);
    const char *detail = !hide           ? (p != NULL ? p->detail : NULL)
                         : trace_len > 0 ? errata_generic_detail_traced
                                         : errata_generic_detail;
    if (detail != NULL) {
        errata_out_str(&o, ",\"detail\":");
        errata_out_json_string(&o, detail, strlen(detail));
    }
    if (p != NULL && p->instance != NULL) {
        errata_out_str(&o, ",\"instance\":");
        errata_out_json_string(&o, p->instance, strlen(p->instance));
    }
    if (trace_len > 0)
        errata_write_trace_id(&o, p, desc, trace_len);
    if (p != NULL)
        errata_write_members(&o, p, desc);
    if (legacy == NULL)
        legacy = desc->migration;
    if (legacy != NULL)
        errata_write_legacy(&o, p, desc, legacy, detail, base);
    errata_out_char(&o, '}');
    return errata_out_finish(&o);
}
