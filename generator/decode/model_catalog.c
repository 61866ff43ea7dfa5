#include "model_catalog.h"

#include <stdio.h>
#include <string.h>

#include "../model/model.h"
#include "../model/wire.h"
#include "../support/arena.h"
#include "../support/strbuf.h"
#include "../support/strmap.h"

struct lookup_index {
    struct strmap types;  /* type URI -> index + 1 */
    struct strmap blanks; /* "about:blank STATUS" -> index + 1 */
    struct arena *a;
};

static errata_kind_t kind_of(enum member_type t)
{
    switch (t) {
    case MEMBER_STRING: return ERRATA_KIND_STRING;
    case MEMBER_INTEGER: return ERRATA_KIND_INTEGER;
    case MEMBER_NUMBER: return ERRATA_KIND_NUMBER;
    case MEMBER_BOOLEAN: return ERRATA_KIND_BOOLEAN;
    case MEMBER_ARRAY: return ERRATA_KIND_ARRAY;
    case MEMBER_OBJECT: return ERRATA_KIND_OBJECT;
    }
    return ERRATA_KIND_STRING;
}

_Static_assert(sizeof(void *) <= MODEL_CATALOG_COUNT_AT &&
                   sizeof(int64_t) <= MODEL_CATALOG_COUNT_AT &&
                   sizeof(double) <= MODEL_CATALOG_COUNT_AT &&
                   sizeof(size_t) <= MODEL_CATALOG_SLOT - MODEL_CATALOG_COUNT_AT,
               "a member slot holds a pointer and a count");

/* Member `index` in the generic slot layout (model_catalog.h); `errata
 * decode` reads the generic values and ignores it. */
static void fill_member(struct arena *a, const struct member *m, size_t index,
                        errata_member_desc_t *d)
{
    d->name = m->name;
    d->kind = kind_of(m->type);
    d->required = m->required;
    d->hidden = m->hidden; /* the docs' example responses leave it out as a service does */
    struct member_bounds b; /* the generated descriptors' bounds, enforced the same way */
    member_bounds(m, &b);
    d->bounds = (b.min ? ERRATA_BOUND_MIN : 0u) | (b.max ? ERRATA_BOUND_MAX : 0u) |
                (b.length ? ERRATA_BOUND_LENGTH : 0u) | (b.items ? ERRATA_BOUND_ITEMS : 0u);
    d->int_min = b.int_min;
    d->int_max = b.int_max;
    d->num_min = b.num_min;
    d->num_max = b.num_max;
    d->max_length = (size_t)b.max_length;
    d->max_items = (size_t)b.max_items;
    d->by_pointer = !m->required && m->type != MEMBER_STRING && m->type != MEMBER_ARRAY;
    d->offset = index * MODEL_CATALOG_SLOT;
    d->count_offset = d->offset + MODEL_CATALOG_COUNT_AT;
    d->decode_offset = d->offset;
    d->decode_count_offset = d->count_offset;
    d->item_kind = kind_of(m->item_type);
    d->item_size = MODEL_CATALOG_SLOT;
    if (m->property_count > 0) {
        errata_member_desc_t *props = arena_alloc_array(a, m->property_count, sizeof *props);
        for (size_t i = 0; i < m->property_count; i++)
            fill_member(a, &m->properties[i], i, &props[i]);
        d->properties = props;
        d->property_count = m->property_count;
        d->item_size = m->property_count * MODEL_CATALOG_SLOT;
    }
}

static const errata_template_part_t *fill_parts(struct arena *a, const struct text_template *t,
                                                const struct entry *e, bool header)
{
    errata_template_part_t *parts = arena_alloc_array(a, t->part_count + 1, sizeof *parts);
    bool in_quotes = false;
    for (size_t i = 0; i < t->part_count; i++) {
        const struct member *m = t->parts[i].member;
        if (header && t->parts[i].text)
            in_quotes = wire_quotes_open(t->parts[i].text, in_quotes);
        parts[i].text = t->parts[i].text;
        parts[i].member = m ? (int)(m - e->members) : -1;
        parts[i].quoted = header && m != NULL && in_quotes;
    }
    return parts;
}

static void fill_templates(struct arena *a, const struct entry *e, errata_descriptor_t *d)
{
    d->detail = fill_parts(a, &e->detail, e, false);
    d->detail_part_count = e->detail.part_count;
    errata_header_desc_t *headers = arena_alloc_array(a, e->header_count + 1, sizeof *headers);
    for (size_t i = 0; i < e->header_count; i++) {
        headers[i].name = e->headers[i].name;
        headers[i].parts = fill_parts(a, &e->headers[i].value, e, true);
        headers[i].part_count = e->headers[i].value.part_count;
        headers[i].fallback = e->headers[i].fallback;
    }
    d->headers = headers;
    d->header_count = e->header_count;
}

static void fill_body_prefix(struct arena *a, const struct entry *e, errata_descriptor_t *d)
{
    struct strbuf sb = STRBUF_INIT;
    wire_body_prefix(&sb, e);
    d->body_prefix = arena_strndup(a, strbuf_str(&sb), sb.len);
    d->body_prefix_len = sb.len;
    strbuf_release(&sb);
}

/* The checked `migration:` as liberrata's table (errors.c.mustache writes
 * the same one into generated code). */
const errata_migration_t *model_catalog_migration(struct arena *a, const struct migration *mg)
{
    static const errata_legacy_source_t sources[] = {
        [LEGACY_CODE] = ERRATA_LEGACY_CODE,     [LEGACY_TITLE] = ERRATA_LEGACY_TITLE,
        [LEGACY_DETAIL] = ERRATA_LEGACY_DETAIL, [LEGACY_TYPE] = ERRATA_LEGACY_TYPE,
        [LEGACY_STATUS] = ERRATA_LEGACY_STATUS, [LEGACY_INSTANCE] = ERRATA_LEGACY_INSTANCE,
    };
    errata_migration_t *t = arena_alloc(a, sizeof *t);
    errata_legacy_field_t *fields = arena_alloc_array(a, mg->field_count + 1, sizeof *fields);
    for (size_t i = 0; i < mg->field_count; i++)
        fields[i] = (errata_legacy_field_t){ mg->fields[i].name, sources[mg->fields[i].source] };
    *t = (errata_migration_t){ mg->success_member, mg->error_member, fields, mg->field_count };
    return t;
}

static void fill_descriptor(struct arena *a, const struct model *m, const struct entry *e,
                            errata_descriptor_t *d)
{
    const struct migration *mg = entry_migration(m, e);
    d->migration = mg != NULL && mg->enabled ? model_catalog_migration(a, mg) : NULL;
    d->trace_key = arena_printf(a, "\"%s\":", m->trace_member ? m->trace_member : "trace_id");
    d->code = (int)e->id;
    d->code_name = e->code;
    d->status = e->status;
    d->title = e->title;
    d->type_uri = e->type_uri;
    d->retryable = e->retryable;
    d->expose_detail = e->expose_detail;
    d->cache_control = e->cache_control;
    errata_member_desc_t *members = arena_alloc_array(a, e->member_count + 1, sizeof *members);
    for (size_t i = 0; i < e->member_count; i++)
        fill_member(a, &e->members[i], i, &members[i]);
    d->members = members;
    d->member_count = e->member_count;
    fill_templates(a, e, d);
    fill_body_prefix(a, e, d);
}

static int lookup(const errata_catalog_t *catalog, const char *type_uri, int status)
{
    struct lookup_index *ix = (struct lookup_index *)catalog->ctx;
    void *hit;
    if (type_uri == NULL || strcmp(type_uri, "about:blank") == 0) {
        char key[32];
        snprintf(key, sizeof key, "about:blank %d", status);
        hit = strmap_get(&ix->blanks, key);
    } else {
        hit = strmap_get(&ix->types, type_uri);
    }
    return hit ? (int)((size_t)hit - 1) : -1;
}

void model_catalog_build(struct arena *a, const struct model *m, errata_catalog_t *out)
{
    errata_descriptor_t *descs = arena_alloc_array(a, m->entry_count + 1, sizeof *descs);
    struct lookup_index *ix = arena_alloc(a, sizeof *ix);
    strmap_init(&ix->types, a);
    strmap_init(&ix->blanks, a);
    for (size_t i = 0; i < m->entry_count; i++) {
        const struct entry *e = &m->entries[i];
        fill_descriptor(a, m, e, &descs[i]);
        void *value = (void *)(i + 1); /* the index, never NULL */
        if (e->about_blank)
            strmap_put_once(&ix->blanks, arena_printf(a, "about:blank %d", e->status), value);
        else
            strmap_put_once(&ix->types, e->type_uri, value);
    }
    out->descriptors = descs;
    out->count = m->entry_count;
    out->lookup = lookup;
    out->ctx = ix;
}
