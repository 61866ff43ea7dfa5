#include "schema.h"

#include <string.h>

#include "../model/model.h"
#include "../model/value.h"
#include "../support/arena.h"

static struct value *typed(struct arena *a, const char *type, const char *description)
{
    struct value *v = value_map(a);
    value_map_put_str(a, v, "type", type);
    if (description != NULL)
        value_map_put_str(a, v, "description", description);
    return v;
}

static void put_const(struct arena *a, struct value *v, struct value *c,
                      const struct schema_style *style)
{
    if (style->openapi30) {
        struct value *list = value_list(a);
        value_list_push(a, list, c);
        value_map_put(a, v, "enum", list);
    } else {
        value_map_put(a, v, "const", c);
    }
}

struct value *schema_problem(struct arena *a, const struct schema_style *style)
{
    (void)style;
    struct value *v = typed(a, "object", "A problem details object (RFC 9457): an HTTP API's "
                                         "machine-readable error.");
    value_map_put_str(a, v, "title", "Problem");
    struct value *props = value_map(a);
    struct value *type = typed(a, "string", "A URI reference that identifies the problem type.");
    value_map_put_str(a, type, "format", "uri-reference");
    value_map_put_str(a, type, "default", "about:blank");
    value_map_put(a, props, "type", type);
    struct value *status = typed(a, "integer", "The HTTP status code of this occurrence.");
    value_map_put_int(a, status, "minimum", 100);
    value_map_put_int(a, status, "maximum", 599);
    value_map_put(a, props, "status", status);
    value_map_put(a, props, "title",
                  typed(a, "string", "A short, human-readable summary of the problem type."));
    value_map_put(a, props, "detail",
                  typed(a, "string", "A human-readable explanation of this occurrence."));
    struct value *instance = typed(a, "string", "A URI reference that identifies this "
                                                "occurrence.");
    value_map_put_str(a, instance, "format", "uri-reference");
    value_map_put(a, props, "instance", instance);
    value_map_put(a, v, "properties", props);
    return v;
}

/* A scalar's schema: type, format and bounds as the runtime enforces them
 * (member_bounds), so a body the runtime writes always validates. */
static struct value *scalar_schema(struct arena *a, enum member_type type,
                                   enum string_format format, const struct member *bounds_of)
{
    struct value *v = typed(a, member_type_name(type), NULL);
    if (type == MEMBER_STRING && string_format_name(format) != NULL)
        value_map_put_str(a, v, "format", string_format_name(format));
    if (type == MEMBER_INTEGER)
        value_map_put_str(a, v, "format", "int64");
    if (type == MEMBER_NUMBER)
        value_map_put_str(a, v, "format", "double");
    if (bounds_of == NULL)
        return v;
    struct member_bounds b;
    member_bounds(bounds_of, &b);
    if (b.min)
        value_map_put(a, v, "minimum", type == MEMBER_INTEGER ? value_int(a, b.int_min)
                                                              : value_number(a, b.num_min));
    if (b.max)
        value_map_put(a, v, "maximum", type == MEMBER_INTEGER ? value_int(a, b.int_max)
                                                              : value_number(a, b.num_max));
    if (b.length)
        value_map_put_int(a, v, "maxLength", (int64_t)b.max_length);
    return v;
}

static struct value *member_schema(struct arena *a, const struct member *m);

/* The flat object an array of objects holds: its properties, required
 * ones listed. */
static struct value *object_schema(struct arena *a, const struct member *m)
{
    struct value *v = typed(a, "object", NULL);
    struct value *props = value_map(a), *required = value_list(a);
    for (size_t i = 0; i < m->property_count; i++) {
        value_map_put(a, props, m->properties[i].name, member_schema(a, &m->properties[i]));
        if (m->properties[i].required)
            value_list_push(a, required, value_string(a, m->properties[i].name));
    }
    value_map_put(a, v, "properties", props);
    if (required->u.list.count > 0)
        value_map_put(a, v, "required", required);
    return v;
}

static struct value *member_schema(struct arena *a, const struct member *m)
{
    struct value *v;
    if (m->type == MEMBER_ARRAY) {
        v = typed(a, "array", NULL);
        value_map_put(a, v, "items", m->item_type == MEMBER_OBJECT
                                         ? object_schema(a, m)
                                         : scalar_schema(a, m->item_type, m->item_format, NULL));
        struct member_bounds b;
        member_bounds(m, &b);
        if (b.items)
            value_map_put_int(a, v, "maxItems", (int64_t)b.max_items);
    } else {
        v = scalar_schema(a, m->type, m->format, m);
    }
    if (m->description != NULL)
        value_map_put_str(a, v, "description", m->description);
    return v;
}

/* The runtime sends the trace id under the trace member on a 5xx whose
 * detail it hides (with a generic detail instead). */
static bool sends_trace(const struct entry *e)
{
    return e->status >= 500 && !e->expose_detail;
}

/* The legacy members of the migration in force (docs/migration.md), even
 * when a server has to switch them on: deprecated, never required. */
static void put_legacy(struct arena *a, const struct migration *mg, struct value *props,
                       const struct schema_style *style)
{
    if (mg->success_member != NULL) {
        struct value *flag = typed(a, "boolean", "Legacy: always false on an error; read the "
                                                 "status instead.");
        put_const(a, flag, value_bool(a, false), style);
        value_map_put_bool(a, flag, "deprecated", true);
        value_map_put(a, props, mg->success_member, flag);
    }
    if (mg->error_member == NULL)
        return;
    struct value *obj = typed(a, "object", "Legacy: the old error shape, sent while clients "
                                           "move to the problem members.");
    struct value *fields = value_map(a);
    for (size_t i = 0; i < mg->field_count; i++)
        value_map_put(a, fields, mg->fields[i].name,
                      typed(a, mg->fields[i].source == LEGACY_STATUS ? "integer" : "string",
                            arena_printf(a, "The problem's %s.",
                                         legacy_source_name(mg->fields[i].source))));
    value_map_put(a, obj, "properties", fields);
    value_map_put_bool(a, obj, "deprecated", true);
    value_map_put(a, props, mg->error_member, obj);
}

static void put_members(struct arena *a, const struct model *m, const struct entry *e,
                        struct value *props, struct value *required)
{
    for (size_t i = 0; i < e->member_count; i++) {
        const struct member *mb = &e->members[i];
        if (mb->hidden)
            continue; /* logged, never sent */
        value_map_put(a, props, mb->name, member_schema(a, mb));
        if (mb->required)
            value_list_push(a, required, value_string(a, mb->name));
    }
    if (sends_trace(e))
        value_map_put(a, props, m->trace_member ? m->trace_member : "trace_id",
                      typed(a, "string", "The trace id of the failed request, for support: "
                                         "the details are in the server's log."));
}

struct value *schema_error(struct arena *a, const struct model *m, const struct entry *e,
                           const char *problem_ref, const struct value *example,
                           const struct schema_style *style)
{
    struct value *v = value_map(a);
    value_map_put_str(a, v, "title", e->title);
    if (e->description != NULL)
        value_map_put_str(a, v, "description", e->description);
    if (e->deprecated != NULL)
        value_map_put_bool(a, v, "deprecated", true);
    struct value *ref = value_map(a), *all_of = value_list(a);
    value_map_put_str(a, ref, "$ref", problem_ref);
    value_list_push(a, all_of, ref);
    value_map_put(a, v, "allOf", all_of);
    value_map_put_str(a, v, "type", "object");
    struct value *props = value_map(a), *required = value_list(a);
    struct value *type = typed(a, "string", NULL), *status = typed(a, "integer", NULL);
    struct value *code = typed(a, "string", "The error's stable machine-readable code.");
    put_const(a, type, value_string(a, e->type_uri), style);
    put_const(a, status, value_int(a, e->status), style);
    put_const(a, code, value_string(a, e->code), style);
    value_map_put(a, props, "type", type);
    value_map_put(a, props, "status", status);
    value_map_put(a, props, "title", typed(a, "string", NULL));
    value_map_put(a, props, "code", code);
    static const char *const always[] = { "type", "status", "title", "code", NULL };
    for (const char *const *k = always; *k; k++)
        value_list_push(a, required, value_string(a, *k));
    put_members(a, m, e, props, required);
    if (entry_migration(m, e) != NULL)
        put_legacy(a, entry_migration(m, e), props, style);
    value_map_put(a, v, "properties", props);
    value_map_put(a, v, "required", required);
    if (example != NULL && style->openapi30) {
        value_map_put(a, v, "example", (struct value *)example);
    } else if (example != NULL) {
        struct value *list = value_list(a);
        value_list_push(a, list, (struct value *)example);
        value_map_put(a, v, "examples", list);
    }
    return v;
}
