/* The catalog's and each entry's `migration:` for templates: root.migration
 * (the catalog's, when it has one) and, on each of root.errors,
 * own_migration (the entry's own) and migration_c (the C table its
 * descriptor points at, only while the migration in force is enabled).
 * The keys differ from the root's so that an entry without them does not
 * find the root's through the Mustache context stack. */
#include <string.h>

#include "../support/arena.h"
#include "model.h"
#include "model_value.h"
#include "value.h"

static const char *const source_c[] = {
    [LEGACY_CODE] = "ERRATA_LEGACY_CODE",         [LEGACY_TITLE] = "ERRATA_LEGACY_TITLE",
    [LEGACY_DETAIL] = "ERRATA_LEGACY_DETAIL",     [LEGACY_TYPE] = "ERRATA_LEGACY_TYPE",
    [LEGACY_STATUS] = "ERRATA_LEGACY_STATUS",     [LEGACY_INSTANCE] = "ERRATA_LEGACY_INSTANCE",
};

/* Member names are checked C identifiers: they need no escaping. */
static const char *quoted_or_null(struct arena *a, const char *name)
{
    return name ? arena_printf(a, "\"%s\"", name) : "NULL";
}

static struct value *migration_value(struct arena *a, const struct migration *mg,
                                     const char *table, const char *fields_table)
{
    struct value *v = value_map(a);
    value_map_put_bool(a, v, "enabled", mg->enabled);
    value_map_put(a, v, "success_member",
                  mg->success_member ? value_string(a, mg->success_member) : value_null(a));
    value_map_put(a, v, "error_member",
                  mg->error_member ? value_string(a, mg->error_member) : value_null(a));
    value_map_put_str(a, v, "success_c", quoted_or_null(a, mg->success_member));
    value_map_put_str(a, v, "error_c", quoted_or_null(a, mg->error_member));
    struct value *fields = value_list(a);
    for (size_t i = 0; i < mg->field_count; i++) {
        struct value *f = value_map(a);
        value_map_put_str(a, f, "name", mg->fields[i].name);
        value_map_put_str(a, f, "source", legacy_source_name(mg->fields[i].source));
        value_map_put_str(a, f, "source_c", source_c[mg->fields[i].source]);
        value_map_put_bool(a, f, "is_status", mg->fields[i].source == LEGACY_STATUS);
        value_list_push(a, fields, f);
    }
    model_mark_last(a, fields);
    value_map_put_bool(a, v, "has_fields", mg->field_count > 0);
    value_map_put(a, v, "fields", fields);
    model_put_text(a, v, "deprecated", mg->deprecated);
    value_map_put_str(a, v, "table_c", table);
    value_map_put_str(a, v, "fields_c", fields_table);
    return v;
}

static const char *lowered(struct arena *a, const char *s)
{
    char *l = arena_strdup(a, s);
    for (char *p = l; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    return l;
}

void model_put_migration(struct arena *a, struct value *root, const struct model *m)
{
    if (m->migration != NULL)
        value_map_put(a, root, "migration",
                      migration_value(a, m->migration,
                                      arena_printf(a, "%s_migration", m->main->name),
                                      "legacy_fields"));
    struct value *errors = value_map_get(root, "errors", strlen("errors"));
    for (size_t i = 0; errors != NULL && i < m->entry_count && i < errors->u.list.count; i++) {
        const struct entry *e = &m->entries[i];
        struct value *ev = errors->u.list.items[i];
        const char *l = lowered(a, e->code);
        if (e->migration != NULL)
            value_map_put(a, ev, "own_migration",
                          migration_value(a, e->migration, arena_printf(a, "migration_%s", l),
                                          arena_printf(a, "legacy_fields_%s", l)));
        const struct migration *in_force = entry_migration(m, e);
        if (in_force != NULL) /* for the docs, even when a server has to switch it on */
            value_map_put(a, ev, "legacy",
                          migration_value(a, in_force, "", ""));
        if (in_force != NULL && in_force->enabled)
            value_map_put_str(a, ev, "migration_c",
                              e->migration != NULL
                                  ? arena_printf(a, "migration_%s", l)
                                  : arena_printf(a, "%s_migration", m->main->name));
    }
}
