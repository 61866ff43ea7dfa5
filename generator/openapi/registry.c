#include "registry.h"

#include <stdlib.h>
#include <string.h>

#include "../catalog/rules.h"
#include "../docs/docs_fields.h"
#include "../model/json_write.h"
#include "../model/model.h"
#include "../model/value.h"
#include "../output/output_set.h"
#include "../support/arena.h"
#include "../support/diag.h"
#include "../support/strbuf.h"
#include "../support/strmap.h"
#include "examples.h"
#include "schema.h"

#define DIALECT "https://json-schema.org/draft/2020-12/schema"
#define PROBLEM_FILE "problem.schema.json"

const char *registry_schema_file(struct arena *a, const struct model *m, size_t entry)
{
    const struct entry *e = &m->entries[entry];
    if (docs_slug_is_page_name(e->slug))
        return arena_printf(a, "%s.schema.json", e->slug);
    char slug[256];
    rules_slug(e->code, slug, sizeof slug);
    return arena_printf(a, "%s.schema.json", slug);
}

/* $schema, $id (when the catalog has a base_uri), $comment first: the
 * order readers expect. */
static struct value *schema_file(struct arena *a, const struct model *m, const char *file,
                                 const char *banner)
{
    struct value *v = value_map(a);
    value_map_put_str(a, v, "$schema", DIALECT);
    if (m->main->base_uri != NULL)
        value_map_put_str(a, v, "$id", arena_printf(a, "%s%s", m->main->base_uri, file));
    value_map_put_str(a, v, "$comment", banner);
    return v;
}

static void append(struct arena *a, struct value *to, const struct value *from)
{
    for (size_t i = 0; i < from->u.map.count; i++)
        value_map_put(a, to, from->u.map.members[i].key, from->u.map.members[i].value);
}

static void add_json(struct output_set *set, const char *name, const struct value *v)
{
    struct strbuf out = STRBUF_INIT;
    json_write_value(&out, v);
    strbuf_addc(&out, '\n');
    output_set_add(set, name, out.data, out.len); /* the set owns it */
}

/* Where an error is documented: its own page, else its section of the
 * index page. */
static const char *docs_page(struct arena *a, const struct model *m, const struct entry *e)
{
    const char *page = arena_printf(a, "%s.html", e->slug);
    const char *index = arena_printf(a, "%s_errors.html", m->main->name);
    if (!e->about_blank && docs_slug_is_page_name(e->slug) && strcmp(page, index) != 0)
        return page;
    return arena_printf(a, "%s#%s", index, e->slug);
}

static struct value *index_entry(struct arena *a, const struct model *m, size_t i,
                                 const char *file)
{
    const struct entry *e = &m->entries[i];
    struct value *v = value_map(a);
    value_map_put_str(a, v, "type", e->type_uri);
    value_map_put_str(a, v, "code", e->code);
    value_map_put_int(a, v, "status", e->status);
    value_map_put_str(a, v, "title", e->title);
    value_map_put_bool(a, v, "retryable", e->retryable);
    value_map_put_bool(a, v, "deprecated", e->deprecated != NULL);
    value_map_put_str(a, v, "page", docs_page(a, m, e));
    value_map_put_str(a, v, "schema", file);
    return v;
}

static struct value *index_file(struct arena *a, const struct model *m, const char *banner,
                                struct value *errors)
{
    const struct catalog_file *f = m->main;
    struct value *v = value_map(a);
    value_map_put_str(a, v, "$comment", banner);
    value_map_put_str(a, v, "name", f->name);
    value_map_put_str(a, v, "title", f->title);
    value_map_put_str(a, v, "version", f->version);
    value_map_put_str(a, v, "base_uri", f->base_uri);
    value_map_put_str(a, v, "docs", arena_printf(a, "%s_errors.html", f->name));
    value_map_put_str(a, v, "problem_schema", PROBLEM_FILE);
    value_map_put(a, v, "errors", errors);
    return v;
}

bool registry_build(struct arena *a, struct diag *d, const struct model *m, const char *banner,
                    struct output_set *set)
{
    static const struct schema_style style = { false };
    struct value **bodies = openapi_example_bodies(a, m);
    struct value *problem = schema_file(a, m, PROBLEM_FILE, banner);
    append(a, problem, schema_problem(a, &style));
    add_json(set, PROBLEM_FILE, problem);
    struct strmap files;
    strmap_init(&files, a);
    struct value *errors = value_list(a);
    bool ok = true;
    for (size_t i = 0; i < m->entry_count; i++) {
        const struct entry *e = &m->entries[i];
        const char *file = registry_schema_file(a, m, i);
        const struct entry *first = strmap_put_once(&files, file, (void *)e);
        if (first != e || strcmp(file, PROBLEM_FILE) == 0) {
            diag_error(d, e->code_loc, "the schema file of '%s' would be '%s', which %s", e->code,
                       file, first != e ? "another error's schema takes" : "the Problem takes");
            ok = false;
            continue;
        }
        struct value *v = schema_file(a, m, file, banner);
        append(a, v, schema_error(a, m, e, "#/$defs/Problem", bodies[i], &style));
        struct value *defs = value_map(a);
        value_map_put(a, defs, "Problem", schema_problem(a, &style));
        value_map_put(a, v, "$defs", defs);
        add_json(set, file, v);
        value_list_push(a, errors, index_entry(a, m, i, file));
    }
    add_json(set, "index.json", index_file(a, m, banner, errors));
    return ok;
}
