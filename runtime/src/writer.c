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
                                        const char *prefix, size_t prefix_len,
                                        const errata_type_base_t *base)
{
    const char *rest = errata_rebased_rest(desc->type_uri, base);
    if (rest == NULL || prefix == NULL)
        return false;
    errata_out_t measure;
    errata_out_init(&measure, NULL, 0);
    errata_out_json_string(&measure, desc->type_uri, strlen(desc->type_uri));
    size_t after = 8 + measure.len; /* {"type": and the quoted type */
    size_t n = prefix_len > 0 ? prefix_len : strlen(prefix);
    if (after > n || strncmp(prefix, "{\"type\":\"", 9) != 0)
        return false;
    errata_out_str(o, "{\"type\":");
    errata_write_type(o, desc->type_uri, rest, base);
    errata_out_bytes(o, prefix + after, n - after);
    return true;
}

/* {"type":...,"title":...,"status":N,"code":... : the generator's literal
 * (the translation's when there is one, rebased when asked), or, for a
 * hand-made descriptor without one, the same built here. */
static void errata_write_prefix(errata_out_t *o, const errata_descriptor_t *desc,
                                const errata_localized_t *loc, const errata_type_base_t *base)
{
    char num[ERRATA_NUMBER_BUF];
    const char *prefix = loc != NULL ? loc->body_prefix : desc->body_prefix;
    size_t prefix_len = loc != NULL ? loc->body_prefix_len : desc->body_prefix_len;
    if (errata_write_rebased_prefix(o, desc, prefix, prefix_len, base))
        return;
    if (prefix != NULL) {
        errata_out_bytes(o, prefix, prefix_len > 0 ? prefix_len : strlen(prefix));
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

/* The translation of desc that index locale names, or NULL: the catalog's
 * own language (index 0, an index past the list, an untranslated error). */
static const errata_localized_t *errata_localized(const errata_descriptor_t *desc, size_t locale)
{
    if (locale == 0 || desc->locales == NULL || locale > desc->locale_count)
        return NULL;
    const errata_localized_t *loc = &desc->locales[locale - 1];
    return loc->body_prefix != NULL ? loc : NULL;
}

/* True when every member a template names has a text form in p: the
 * throw filled the catalog's detail under the same condition. */
static bool errata_template_complete(const errata_problem_t *p, const errata_descriptor_t *desc,
                                     const errata_template_part_t *parts, size_t count)
{
    errata_out_t sizing;
    errata_out_init(&sizing, NULL, 0);
    for (size_t i = 0; i < count; i++) {
        const errata_template_part_t *part = &parts[i];
        if (part->text != NULL)
            continue;
        if (part->member < 0 || (size_t)part->member >= desc->member_count ||
            (size_t)part->member >= ERRATA_MAX_MEMBERS ||
            !errata_write_text(&sizing, &p->members[part->member]))
            return false;
    }
    return true;
}

/* ,"detail":"..." from a translation's template, escaped piece by piece
 * straight into the body (no copy in the arena, nothing to allocate). */
static bool errata_write_localized_detail(errata_out_t *o, const errata_problem_t *p,
                                          const errata_descriptor_t *desc,
                                          const errata_localized_t *loc)
{
    if (loc == NULL || loc->detail == NULL || p == NULL ||
        !p->detail_templated ||
        !errata_template_complete(p, desc, loc->detail, loc->detail_part_count))
        return false;
    errata_out_str(o, ",\"detail\":\"");
    for (size_t i = 0; i < loc->detail_part_count; i++) {
        const errata_template_part_t *part = &loc->detail[i];
        const errata_value_t *v = part->text == NULL ? &p->members[part->member] : NULL;
        if (v == NULL)
            errata_out_json_chars(o, part->text, strlen(part->text));
        else if (v->kind == ERRATA_KIND_STRING)
            errata_out_json_chars(o, v->u.string, strlen(v->u.string));
        else /* numbers and booleans: ASCII with nothing to escape */
            (void)errata_write_text(o, v);
    }
    errata_out_char(o, '"');
    return true;
}

/* The body: prefix, detail (or the generic one on a hidden 5xx), instance,
 * trace id (hidden 5xx only), members, '}'. A problem never thrown, or no
 * problem at all, is written from the built-in "not thrown" descriptor: a
 * generic 500 (about:blank, no code), so that a programming error cannot
 * produce an invalid or empty response (errata.h). */
size_t errata_problem_json(const errata_problem_t *p, char *buf, size_t cap)
{
    return errata_problem_json_with(p, NULL, buf, cap);
}

size_t errata_problem_json_rebased(const errata_problem_t *p, const errata_type_base_t *base,
                                   char *buf, size_t cap)
{
    return errata_problem_json_with(p, &(errata_json_options_t){ base, 0, NULL }, buf, cap);
}

size_t errata_problem_json_legacy(const errata_problem_t *p, const errata_type_base_t *base,
                                  const errata_migration_t *legacy, char *buf, size_t cap)
{
    return errata_problem_json_with(p, &(errata_json_options_t){ base, 0, legacy }, buf, cap);
}

size_t errata_problem_json_locale(const errata_problem_t *p, const errata_type_base_t *base,
                                  size_t locale, char *buf, size_t cap)
{
    return errata_problem_json_with(p, &(errata_json_options_t){ base, locale, NULL }, buf, cap);
}

size_t errata_problem_json_with(const errata_problem_t *p, const errata_json_options_t *options,
                                char *buf, size_t cap)
{
    static const errata_json_options_t defaults = { NULL, 0, NULL };
    const errata_json_options_t *opt = options != NULL ? options : &defaults;
    const errata_type_base_t *base = opt->base;
    const errata_descriptor_t *desc = errata_problem_desc(p);
    const errata_localized_t *loc = errata_localized(desc, opt->locale);
    const errata_migration_t *legacy = opt->legacy != NULL ? opt->legacy : desc->migration;
    bool hide = errata_hides_detail(desc);
    size_t trace_len = hide && p != NULL ? errata_sent_trace_len(p) : 0;
    errata_out_t o;
    errata_out_init(&o, buf, cap);
    errata_write_prefix(&o, desc, loc, base);
    const char *detail = !hide           ? (p != NULL ? p->detail : NULL)
                         : trace_len > 0 ? errata_generic_detail_traced
                                         : errata_generic_detail;
    if (detail != NULL && (hide || !errata_write_localized_detail(&o, p, desc, loc))) {
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
    if (legacy != NULL)
        errata_write_legacy(&o, p, desc, legacy, detail, base);
    errata_out_char(&o, '}');
    return errata_out_finish(&o);
}

const char *errata_problem_language(const errata_problem_t *p, size_t locale)
{
    const errata_descriptor_t *desc = errata_problem_desc(p);
    const errata_localized_t *loc = errata_localized(desc, locale);
    if (loc != NULL && loc->locale != NULL)
        return loc->locale;
    return desc->language != NULL ? desc->language : "en";
}
