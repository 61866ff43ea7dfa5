#include "ts_fields.h"

#include <ctype.h>
#include <string.h>

#include "../catalog/rules.h"
#include "../model/model.h"
#include "../model/value.h"
#include "../support/arena.h"
#include "../support/strbuf.h"
#include "../support/strmap.h"

/* "pets_v2" -> "PetsV2", "PET_NOT_FOUND" -> "PetNotFound": TypeScript type
 * names from the catalog's C-style names (letters, digits, underscores). */
static const char *pascal(struct arena *a, const char *s)
{
    struct strbuf sb = STRBUF_INIT;
    bool up = true;
    for (; *s; s++) {
        if (*s == '_') {
            up = true;
            continue;
        }
        strbuf_addc(&sb, (char)(up ? toupper((unsigned char)*s) : tolower((unsigned char)*s)));
        up = false;
    }
    const char *out = arena_strdup(a, strbuf_str(&sb));
    strbuf_release(&sb);
    return out;
}

/* "PetsV2" -> "petsV2": the prefix of function names. */
static const char *camel(struct arena *a, const char *pascal_name)
{
    char *out = arena_strdup(a, pascal_name);
    out[0] = (char)tolower((unsigned char)out[0]);
    return out;
}

static const char *scalar_type(enum member_type t)
{
    switch (t) {
    case MEMBER_STRING: return "string";
    case MEMBER_INTEGER:
    case MEMBER_NUMBER: return "number";
    case MEMBER_BOOLEAN: return "boolean";
    case MEMBER_ARRAY:
    case MEMBER_OBJECT: break;
    }
    return "never";
}

/* A member's property name in a TypeScript type: the JSON name itself, so
 * that the types describe the objects the runtime builds (keyed by JSON
 * name); quoted when it holds a '-' (the only character of a member name,
 * rules_is_member_name, that a TypeScript identifier cannot hold). */
static const char *ts_prop(struct arena *a, const struct member *m)
{
    return strchr(m->name, '-') ? arena_printf(a, "\"%s\"", m->name) : m->name;
}

/* The TypeScript type of a member: scalars as such, arrays readonly, object
 * items as readonly records of their (optional where not required)
 * properties. */
static const char *ts_type(struct arena *a, const struct member *m)
{
    if (m->type != MEMBER_ARRAY)
        return scalar_type(m->type);
    if (m->item_type != MEMBER_OBJECT)
        return arena_printf(a, "readonly %s[]", scalar_type(m->item_type));
    struct strbuf sb = STRBUF_INIT;
    strbuf_adds(&sb, "readonly {");
    for (size_t i = 0; i < m->property_count; i++) {
        const struct member *p = &m->properties[i];
        strbuf_addf(&sb, " readonly %s%s: %s;", ts_prop(a, p), p->required ? "" : "?",
                    scalar_type(p->type));
    }
    strbuf_adds(&sb, m->property_count ? " }[]" : "}[]");
    const char *out = arena_strdup(a, strbuf_str(&sb));
    strbuf_release(&sb);
    return out;
}

/* The bounds the thrower enforces, as the runtime's descriptor holds them
 * (member_bounds): ", min: 0, maxLength: 32", or "". Integer bounds are
 * written whole; doubles with 17 digits, which read back the same. */
static const char *ts_bounds(struct arena *a, const struct member *m)
{
    struct member_bounds b;
    member_bounds(m, &b);
    bool integer = m->type == MEMBER_INTEGER;
    struct strbuf sb = STRBUF_INIT;
    if (b.min && integer)
        strbuf_addf(&sb, ", min: %lld", (long long)b.int_min);
    else if (b.min)
        strbuf_addf(&sb, ", min: %.17g", b.num_min);
    if (b.max && integer)
        strbuf_addf(&sb, ", max: %lld", (long long)b.int_max);
    else if (b.max)
        strbuf_addf(&sb, ", max: %.17g", b.num_max);
    if (b.length)
        strbuf_addf(&sb, ", maxLength: %llu", (unsigned long long)b.max_length);
    if (b.items)
        strbuf_addf(&sb, ", maxItems: %llu", (unsigned long long)b.max_items);
    const char *out = arena_strdup(a, strbuf_str(&sb));
    strbuf_release(&sb);
    return out;
}

static void add_member_fields(struct arena *a, const struct member *m, struct value *v)
{
    value_map_put_str(a, v, "ts_type", ts_type(a, m));
    value_map_put_str(a, v, "ts_prop", ts_prop(a, m));
    value_map_put_str(a, v, "ts_bounds", ts_bounds(a, m));
    value_map_put_str(a, v, "ts_kind", member_type_name(m->type));
    value_map_put_str(a, v, "ts_item_kind",
                      m->type == MEMBER_ARRAY ? member_type_name(m->item_type) : "");
    struct value *items = value_map_get(v, "items", 5);
    struct value *props = items ? value_map_get(items, "properties", 10) : NULL;
    for (size_t i = 0; props != NULL && props->kind == VALUE_LIST && i < m->property_count; i++)
        add_member_fields(a, &m->properties[i], props->u.list.items[i]);
}

/* The reason phrases of liberrata's status registry: a decoded about:blank
 * problem of a status the catalog does not know takes its title from here,
 * as errata_decode does. */
static struct value *reason_phrases(struct arena *a)
{
    struct value *list = value_list(a);
    for (int status = 100; status <= 599; status++) {
        const char *phrase = rules_reason_phrase(status);
        if (phrase == NULL)
            continue;
        struct value *r = value_map(a);
        value_map_put_int(a, r, "status", status);
        value_map_put_str(a, r, "phrase", phrase);
        value_list_push(a, list, r);
    }
    return list;
}

void ts_fields_add(struct arena *a, const struct model *m, struct value *root)
{
    struct value *names = value_map_get(root, "names", 5);
    const char *type_prefix = pascal(a, m->main->name);
    value_map_put_str(a, names, "ts_type", type_prefix);
    value_map_put_str(a, names, "ts_fn", camel(a, type_prefix));
    value_map_put_str(a, names, "ts_module", arena_printf(a, "%s_errors", m->main->name));
    struct value *errors = value_map_get(root, "errors", 6);
    /* The Pascal names given so far: a hash, so that naming stays linear
     * (a scan of the earlier names made 10k entries take 50M compares). */
    struct strmap taken;
    strmap_init(&taken, a);
    for (size_t i = 0; i < m->entry_count; i++) {
        const struct entry *e = &m->entries[i];
        struct value *ev = errors->u.list.items[i];
        /* A_1 and A1 both read A1: the later is named CODE_ instead,
         * which no Pascal name (no underscore) and no other code can be. */
        const char *name = pascal(a, e->code);
        if (strmap_put_once(&taken, name, (void *)name) != name)
            name = arena_printf(a, "%s_", e->code);
        value_map_put_str(a, ev, "ts_name", name);
        struct value *members = value_map_get(ev, "members", 7);
        for (size_t j = 0; j < e->member_count; j++)
            add_member_fields(a, &e->members[j], members->u.list.items[j]);
    }
    value_map_put(a, root, "reason_phrases", reason_phrases(a));
}
