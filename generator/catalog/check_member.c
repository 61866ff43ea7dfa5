#include <ctype.h>
#include <math.h>
#include <string.h>

#include "../model/value.h"
#include "../model/value_yaml.h"
#include "../support/arena.h"
#include "../support/diag.h"
#include "check.h"
#include "rules.h"

static const char *const member_keys[] = {
    "type", "format", "required", "description", "example", "minimum", "maximum",
    "max_length", "max_items", "items", "expose", NULL,
};
static const char *const item_keys[] = {
    "type", "format", "properties", "description", NULL,
};
static const char *const type_names[] = {
    "string", "integer", "number", "boolean", "array", NULL,
};
static const char *const format_names[] = {
    "uri", "uuid", "date-time", "email", NULL,
};
static const char *const standard_members[] = {
    "type", "title", "status", "detail", "instance", "code", NULL,
};

static bool in_list(const char *s, const char *const *list)
{
    for (; *list; list++) {
        if (strcmp(s, *list) == 0)
            return true;
    }
    return false;
}

/* Names the C around a member already means: macros of the headers a
 * generated header includes (or that a service commonly does), and the
 * fields the generated throw structs hold besides the members. */
static const char *const c_macros[] = {
    "bool", "true", "false", "offsetof", "errno", "assert", "static_assert", "alignas",
    "alignof", "noreturn", "thread_local", "complex", "imaginary", "stdin", "stdout", "stderr",
    "setjmp", "va_arg", "va_start", "va_end", "va_copy", NULL,
};

static const char *reserved_why(const char *name, bool nested)
{
    if (!nested && (strcmp(name, "err") == 0 || strcmp(name, "errata_end_") == 0))
        return "the generated throw struct has a field of that name";
    if (strstr(name, "__") != NULL || (name[0] == '_' && isupper((unsigned char)name[1])))
        return "identifiers with '__', or '_' and a capital first, are reserved to the C "
               "implementation";
    bool lower = false;
    for (const char *p = name; *p; p++)
        lower = lower || islower((unsigned char)*p);
    if (!lower)
        return "a name without a lower-case letter is a macro's by convention (NULL, "
               "INT64_MAX, SIZE_MAX), and a macro would replace the member";
    if (in_list(name, c_macros))
        return "a standard header defines it as a macro";
    return NULL;
}

/* A member name is the JSON member name as it is, and, with each '-' as
 * '_', a C struct member and macro argument (out->c_name): the C name is
 * the one held to C's rules. */
static bool check_member_name(struct checker *c, const struct ynode *key, bool nested,
                              struct member *out)
{
    const char *name = key->u.scalar.text;
    if (!nested && in_list(name, standard_members)) {
        diag_error(c->d, key->loc,
                   "extension '%s' clashes with the standard problem member '%s' (RFC 9457 §3.1); "
                   "choose another name",
                   name, name);
        return false;
    }
    if (!rules_is_member_name(name)) {
        diag_error(c->d, key->loc,
                   "member name '%s' is not a C identifier nor one with '-'; it becomes a struct "
                   "member, so use letters, digits, '_' and '-', starting with a letter",
                   name);
        return false;
    }
    out->c_name = member_c_name(c->a, name);
    name = out->c_name; /* the C rules below judge the C name */
    const char *why = reserved_why(name, nested);
    if (why != NULL) {
        diag_error(c->d, key->loc, "member name '%s' cannot be a C struct member: %s",
                   key->u.scalar.text, why);
        return false;
    }
    if (rules_is_keyword(name)) {
        diag_error(c->d, key->loc, "member name '%s' is a C or C++ keyword",
                   key->u.scalar.text);
        return false;
    }
    if (nested)
        return true;
    name = key->u.scalar.text;
    if (migration_names(c->migration, name))
        ; /* an error once every entry is read (check_migration_collisions) */
    else if (!strcmp(name, "success") || !strcmp(name, "ok") || !strcmp(name, "error"))
        check_warning(c, key->loc, WARN_MEMBER_RESTATES_STATUS,
                     "a member named '%s' repeats what the status code already says; drop it",
                     name);
    else if (!rules_is_rfc9457_member_name(name))
        check_warning(c, key->loc, WARN_MEMBER_NAME_RFC9457,
                     "extension name '%s' goes against RFC 9457 §3.2: start with a letter, use "
                     "letters, digits and '_', at least three characters",
                     name);
    return true;
}

static bool parse_type(struct checker *c, const struct ynode *n, bool scalar_only,
                       enum member_type *out)
{
    const char *name = check_string(c, n, "type");
    if (name == NULL)
        return false;
    static const enum member_type types[] = {
        MEMBER_STRING, MEMBER_INTEGER, MEMBER_NUMBER, MEMBER_BOOLEAN, MEMBER_ARRAY,
    };
    for (size_t i = 0; type_names[i]; i++) {
        if (strcmp(name, type_names[i]) == 0 && !(scalar_only && types[i] == MEMBER_ARRAY)) {
            *out = types[i];
            return true;
        }
    }
    const char *hint = rules_suggest(name, type_names);
    if (scalar_only && !strcmp(name, "array"))
        diag_error(c->d, n->loc, "type 'array' is not allowed here; use string, integer, "
                                 "number or boolean");
    else if (hint)
        diag_error(c->d, n->loc, "unknown member type '%s'; did you mean '%s'?", name, hint);
    else
        diag_error(c->d, n->loc,
                   "unknown member type '%s'; use string, integer, number, boolean or array",
                   name);
    return false;
}

static bool parse_format(struct checker *c, const struct ynode *n, enum member_type type,
                         enum string_format *out)
{
    const char *name = check_string(c, n, "format");
    if (name == NULL)
        return false;
    if (type != MEMBER_STRING) {
        diag_error(c->d, n->loc, "'format' applies to strings only");
        return false;
    }
    for (size_t i = 0; format_names[i]; i++) {
        if (strcmp(name, format_names[i]) == 0) {
            *out = (enum string_format)(FORMAT_URI + i);
            return true;
        }
    }
    const char *hint = rules_suggest(name, format_names);
    if (hint)
        diag_error(c->d, n->loc, "unknown string format '%s'; did you mean '%s'?", name, hint);
    else
        diag_error(c->d, n->loc, "unknown string format '%s'; use uri, uuid, date-time or email",
                   name);
    return false;
}

static bool parse_count(struct checker *c, const struct ynode *n, const char *what,
                        uint64_t *out)
{
    int64_t v;
    if (!check_int(c, n, what, &v))
        return false;
    if (v < 0) {
        diag_error(c->d, n->loc, "'%s' must be zero or more", what);
        return false;
    }
    *out = (uint64_t)v;
    return true;
}

static bool parse_bound(struct checker *c, const struct ynode *n, const char *what,
                        enum member_type type, double *out)
{
    if (type != MEMBER_INTEGER && type != MEMBER_NUMBER) {
        diag_error(c->d, n->loc, "'%s' applies to integer and number members only", what);
        return false;
    }
    if (type == MEMBER_INTEGER) {
        int64_t v;
        if (!check_int(c, n, what, &v))
            return false;
        *out = (double)v;
        return true;
    }
    if (!ynode_number(n, out) || !isfinite(*out)) {
        diag_error(c->d, n->loc, "'%s' must be a finite number, not %s", what,
                   ynode_describe(n));
        return false;
    }
    return true;
}

/* The constraints shared by members and array items. */
static bool parse_constraints(struct checker *c, const struct ynode *map, struct member *m)
{
    const struct ynode *n;
    bool ok = true;
    if ((n = ynode_get(map, "format")) != NULL)
        ok &= parse_format(c, n, m->type, &m->format);
    if ((n = ynode_get(map, "minimum")) != NULL)
        ok &= (m->has_minimum = parse_bound(c, n, "minimum", m->type, &m->minimum));
    if ((n = ynode_get(map, "maximum")) != NULL)
        ok &= (m->has_maximum = parse_bound(c, n, "maximum", m->type, &m->maximum));
    if (m->has_minimum && m->has_maximum && m->minimum > m->maximum) {
        diag_error(c->d, ynode_get(map, "maximum")->loc, "maximum is below minimum");
        ok = false;
    }
    if ((n = ynode_get(map, "max_length")) != NULL) {
        if (m->type != MEMBER_STRING) {
            diag_error(c->d, n->loc, "'max_length' applies to strings only");
            ok = false;
        } else {
            ok &= (m->has_max_length = parse_count(c, n, "max_length", &m->max_length));
        }
    }
    if ((n = ynode_get(map, "description")) != NULL)
        ok &= (m->description = check_string(c, n, "description")) != NULL;
    return ok;
}

/* A property of an object item: a scalar type name, or a small mapping. */
static bool check_property(struct checker *c, const struct ypair *p, struct member *out)
{
    memset(out, 0, sizeof *out);
    out->name = p->key->u.scalar.text;
    out->loc = p->key->loc;
    if (!check_member_name(c, p->key, true, out))
        return false;
    const struct ynode *spec = p->value;
    if (spec->kind == YNODE_SCALAR)
        return parse_type(c, spec, true, &out->type);
    if (!check_mapping(c, spec, "property"))
        return false;
    static const char *const property_keys[] = {
        "type", "required", "description", "format", "minimum", "maximum", "max_length", NULL,
    };
    check_known_keys(c, spec, property_keys, "an object property");
    const struct ynode *type = ynode_get(spec, "type");
    if (type == NULL && check_key_misspelt(spec, "type", property_keys))
        return false;
    if (type == NULL) {
        diag_error(c->d, spec->loc, "property '%s' has no 'type'", out->name);
        return false;
    }
    if (!parse_type(c, type, true, &out->type))
        return false;
    const struct ynode *req = ynode_get(spec, "required");
    if (req && !check_bool(c, req, "required", &out->required))
        return false;
    return parse_constraints(c, spec, out);
}

static bool check_object_items(struct checker *c, const struct ynode *items, struct member *m)
{
    const struct ynode *props = ynode_get(items, "properties");
    if (props == NULL && check_key_misspelt(items, "properties", item_keys))
        return false;
    if (props == NULL) {
        diag_error(c->d, items->loc, "object items need 'properties' (name: type, ...)");
        return false;
    }
    if (!check_mapping(c, props, "properties"))
        return false;
    if (props->u.map.count == 0) {
        diag_error(c->d, props->loc, "'properties' is empty; an object item needs members");
        return false;
    }
    m->properties = arena_alloc_array(c->a, props->u.map.count, sizeof *m->properties);
    bool ok = true;
    for (size_t i = 0; i < props->u.map.count; i++) {
        struct member *p = &m->properties[m->property_count];
        if (check_property(c, &props->u.map.pairs[i], p) &&
            check_member_c_name_free(c, m->properties, m->property_count, p))
            m->property_count++;
        else
            ok = false;
    }
    return ok;
}

static bool check_items(struct checker *c, const struct ynode *items, struct member *m)
{
    if (items->kind == YNODE_SCALAR) {
        if (ynode_is_scalar(items, YTYPE_STRING) && !strcmp(items->u.scalar.text, "object")) {
            diag_error(c->d, items->loc, "object items need 'properties' (name: type, ...)");
            return false;
        }
        return parse_type(c, items, true, &m->item_type);
    }
    if (!check_mapping(c, items, "items"))
        return false;
    check_known_keys(c, items, item_keys, "array items");
    const struct ynode *type = ynode_get(items, "type");
    if (type == NULL && check_key_misspelt(items, "type", item_keys))
        return false;
    if (type == NULL) {
        diag_error(c->d, items->loc, "'items' has no 'type'");
        return false;
    }
    if (ynode_is_scalar(type, YTYPE_STRING) && !strcmp(type->u.scalar.text, "object")) {
        m->item_type = MEMBER_OBJECT;
        return check_object_items(c, items, m);
    }
    if (!parse_type(c, type, true, &m->item_type))
        return false;
    if (ynode_get(items, "properties")) {
        diag_error(c->d, ynode_pair(items, "properties")->key->loc,
                   "'properties' applies to object items only");
        return false;
    }
    const struct ynode *fmt = ynode_get(items, "format");
    return fmt == NULL || parse_format(c, fmt, m->item_type, &m->item_format);
}

static bool check_spec(struct checker *c, const struct ynode *spec, struct member *m)
{
    check_known_keys(c, spec, member_keys, "a member");
    const struct ynode *type = ynode_get(spec, "type");
    if (type == NULL && check_key_misspelt(spec, "type", member_keys))
        return false;
    if (type == NULL) {
        diag_error(c->d, spec->loc, "member '%s' has no 'type' (string, integer, number, "
                                    "boolean or array)", m->name);
        return false;
    }
    if (!parse_type(c, type, false, &m->type))
        return false;
    bool ok = parse_constraints(c, spec, m);
    const struct ynode *n;
    if ((n = ynode_get(spec, "required")) != NULL)
        ok &= check_bool(c, n, "required", &m->required);
    if ((n = ynode_get(spec, "expose")) != NULL) {
        ok &= check_bool(c, n, "expose", &m->expose);
        m->expose_given = true;
        m->expose_loc = n->loc;
    }
    if ((n = ynode_get(spec, "max_items")) != NULL) {
        if (m->type != MEMBER_ARRAY) {
            diag_error(c->d, n->loc, "'max_items' applies to arrays only");
            ok = false;
        } else {
            ok &= (m->has_max_items = parse_count(c, n, "max_items", &m->max_items));
        }
    }
    const struct ynode *items = ynode_get(spec, "items");
    if (m->type == MEMBER_ARRAY && items == NULL) {
        diag_error(c->d, type->loc, "array member '%s' needs 'items' (its element type)",
                   m->name);
        ok = false;
    } else if (m->type != MEMBER_ARRAY && items != NULL) {
        diag_error(c->d, ynode_pair(spec, "items")->key->loc,
                   "'items' applies to array members only");
        ok = false;
    } else if (items != NULL) {
        ok &= check_items(c, items, m);
    }
    if (ok && (n = ynode_get(spec, "example")) != NULL) {
        ok &= check_member_example(c, n, m);
        m->example = value_from_ynode(c->a, n);
    }
    return ok;
}

bool check_member(struct checker *c, const struct ynode *key, const struct ynode *spec,
                  struct member *out)
{
    memset(out, 0, sizeof *out);
    out->name = key->u.scalar.text;
    out->loc = key->loc;
    if (!check_member_name(c, key, false, out))
        return false;
    if (spec->kind == YNODE_SCALAR) /* shorthand: `limit: integer` */
        return parse_type(c, spec, true, &out->type);
    if (!check_mapping(c, spec, "member"))
        return false;
    return check_spec(c, spec, out);
}

bool check_member_c_name_free(struct checker *c, const struct member *earlier, size_t count,
                              const struct member *m)
{
    for (size_t i = 0; i < count; i++) {
        if (strcmp(earlier[i].c_name, m->c_name) == 0 && strcmp(earlier[i].name, m->name) != 0) {
            diag_error(c->d, m->loc,
                       "member name '%s' has the C name '%s', as member '%s' (line %d) has; "
                       "rename one",
                       m->name, m->c_name, earlier[i].name, earlier[i].loc.line);
            return false;
        }
    }
    return true;
}
