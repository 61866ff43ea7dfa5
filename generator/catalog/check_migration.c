/* `migration:` (dual signalling): while an API leaves `200 {"success":
 * false}`, every body also carries the old members. Checked here: the
 * keys, the legacy member names (which must not shadow a problem member),
 * the problem fields the legacy values come from, and the note saying when
 * the old members go. */
#include <string.h>

#include "../support/arena.h"
#include "../support/diag.h"
#include "check.h"
#include "rules.h"

static const char *const migration_keys[] = {
    "success_flag", "success_member", "legacy_error", "error_member", "enabled", "deprecated",
    NULL,
};

/* The problem fields a legacy member may take its value from, by
 * enum legacy_source. */
static const char *const sources[] = {
    "code", "title", "detail", "type", "status", "instance", NULL,
};

/* The standard members (RFC 9457 §3.1 and errata's code): a legacy member
 * of the same name would be written twice into one object. */
static const char *const standard[] = {
    "type", "title", "status", "detail", "instance", "code", NULL,
};

const char *legacy_source_name(enum legacy_source s)
{
    return (size_t)s < sizeof sources / sizeof sources[0] - 1 ? sources[s] : "?";
}

static bool in_list(const char *name, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(*list, name) == 0)
            return true;
    return false;
}

/* A member name the runtime writes and decoders compare as is: letters,
 * digits and '_' (nothing to escape), not a standard member. */
static const char *check_legacy_name(struct checker *c, const struct ynode *n, const char *what)
{
    const char *name = check_string(c, n, what);
    if (name == NULL)
        return NULL;
    if (!rules_is_c_identifier(name)) {
        diag_error(c->d, n->loc,
                   "%s '%s' is not a plain member name; use letters, digits and '_', not "
                   "starting with a digit",
                   what, name);
        return NULL;
    }
    if (in_list(name, standard)) {
        diag_error(c->d, n->loc,
                   "%s '%s' is a standard problem member (RFC 9457 §3.1); the legacy members "
                   "are sent beside it, so they need names of their own",
                   what, name);
        return NULL;
    }
    return name;
}

static bool check_fields(struct checker *c, const struct ynode *n, struct migration *m)
{
    if (!check_mapping(c, n, "legacy_error"))
        return false;
    if (n->u.map.count == 0) {
        diag_error(c->d, n->loc,
                   "'legacy_error' is empty; name its members and the problem fields they "
                   "carry, e.g. { code: code, message: detail }");
        return false;
    }
    m->fields = arena_alloc_array(c->a, n->u.map.count, sizeof *m->fields);
    bool ok = true;
    for (size_t i = 0; i < n->u.map.count; i++) {
        const struct ypair *p = &n->u.map.pairs[i];
        if (p->key->kind != YNODE_SCALAR)
            continue; /* reported by the YAML reader */
        const char *name = p->key->u.scalar.text;
        if (!rules_is_c_identifier(name)) {
            diag_error(c->d, p->key->loc,
                       "legacy error member '%s' is not a plain member name; use letters, "
                       "digits and '_', not starting with a digit",
                       name);
            ok = false;
            continue;
        }
        const char *from = check_string(c, p->value, "legacy_error");
        if (from == NULL) {
            ok = false;
            continue;
        }
        size_t s = 0;
        while (sources[s] != NULL && strcmp(sources[s], from) != 0)
            s++;
        if (sources[s] == NULL) {
            const char *hint = rules_suggest(from, sources);
            if (hint)
                diag_error(c->d, p->value->loc,
                           "'%s' is no problem field; did you mean '%s'?", from, hint);
            else
                diag_error(c->d, p->value->loc,
                           "'%s' is no problem field; a legacy member takes its value from one "
                           "of: code, title, detail, type, status, instance",
                           from);
            ok = false;
            continue;
        }
        m->fields[m->field_count++] =
            (struct legacy_field){ name, (enum legacy_source)s, p->key->loc };
    }
    return ok;
}

/* "deprecated" says when the legacy members go: a date or a version, so
 * at least one digit; anything else is a migration with no end. */
static bool says_when(const char *note)
{
    return note != NULL && strpbrk(note, "0123456789") != NULL;
}

const struct migration *check_migration(struct checker *c, const struct ynode *map)
{
    const struct ypair *pair = ynode_pair(map, "migration");
    if (pair == NULL)
        return NULL;
    const struct ynode *n = pair->value;
    if (!check_mapping(c, n, "migration"))
        return NULL;
    unsigned errors = c->d->errors;
    check_known_keys(c, n, migration_keys, "'migration'");
    struct migration *m = arena_alloc(c->a, sizeof *m);
    memset(m, 0, sizeof *m);
    m->loc = pair->key->loc;
    m->enabled = true;
    const struct ynode *v;
    bool flag = false;
    if ((v = ynode_get(n, "enabled")) != NULL)
        (void)check_bool(c, v, "enabled", &m->enabled);
    if ((v = ynode_get(n, "success_flag")) != NULL)
        (void)check_bool(c, v, "success_flag", &flag);
    if (flag) {
        m->success_member = "success";
        if ((v = ynode_get(n, "success_member")) != NULL)
            m->success_member = check_legacy_name(c, v, "success_member");
    } else if ((v = ynode_get(n, "success_member")) != NULL) {
        diag_error(c->d, ynode_pair(n, "success_member")->key->loc,
                   "'success_member' names the success flag, but 'success_flag' is not true");
    }
    const struct ynode *legacy = ynode_get(n, "legacy_error");
    if (legacy != NULL) {
        bool fields = check_fields(c, legacy, m);
        const char *name = "error";
        if ((v = ynode_get(n, "error_member")) != NULL)
            name = check_legacy_name(c, v, "error_member");
        m->error_member = fields ? name : NULL;
    } else if (legacy == NULL && (v = ynode_get(n, "error_member")) != NULL) {
        diag_error(c->d, ynode_pair(n, "error_member")->key->loc,
                   "'error_member' names the legacy error object, but there is no "
                   "'legacy_error' saying what it holds");
    }
    if (m->success_member && m->error_member && !strcmp(m->success_member, m->error_member))
        diag_error(c->d, ynode_pair(n, "error_member") ? ynode_pair(n, "error_member")->key->loc
                                                       : m->loc,
                   "the success flag and the legacy error object are both named '%s'",
                   m->error_member);
    if ((v = ynode_get(n, "deprecated")) != NULL)
        m->deprecated = check_string(c, v, "deprecated");
    if (c->d->errors != errors)
        return NULL;
    if (ynode_get(n, "success_flag") == NULL && legacy == NULL &&
        !check_key_misspelt(n, "success_flag", migration_keys) &&
        !check_key_misspelt(n, "legacy_error", migration_keys)) {
        diag_error(c->d, m->loc,
                   "'migration' sends nothing: give 'success_flag: true', 'legacy_error', or "
                   "both");
        return NULL;
    }
    if (m->success_member == NULL && m->error_member == NULL)
        return NULL; /* success_flag: false and no legacy_error: nothing to send */
    if (!says_when(m->deprecated))
        check_warning(c, m->loc, WARN_MIGRATION_WITHOUT_END,
                      "'migration' does not say when the legacy members go: add "
                      "'deprecated: \"sent until 2027-06-30\"' (a date or a version), so that "
                      "clients know when to move to the status");
    return m;
}

bool migration_names(const struct migration *m, const char *name)
{
    return m != NULL && ((m->success_member && !strcmp(m->success_member, name)) ||
                         (m->error_member && !strcmp(m->error_member, name)));
}

/* Every entry's members against the legacy members in force for it (the
 * entry's own migration, else the main catalog's, even when not enabled:
 * a server may switch it on at run time), and the trace member too. */
void check_migration_collisions(struct checker *c)
{
    const struct model *md = c->model;
    if (md->migration && migration_names(md->migration, md->trace_member))
        diag_error(c->d, md->migration->loc,
                   "a legacy member of 'migration' is named like the catalog's trace member "
                   "'%s'",
                   md->trace_member);
    for (size_t i = 0; i < md->entry_count; i++) {
        const struct entry *e = &md->entries[i];
        const struct migration *m = entry_migration(md, e);
        if (m == NULL)
            continue;
        if (e->migration && migration_names(e->migration, md->trace_member))
            diag_error(c->d, e->migration->loc,
                       "a legacy member of 'migration' is named like the catalog's trace "
                       "member '%s'",
                       md->trace_member);
        for (size_t k = 0; k < e->member_count; k++) {
            if (!migration_names(m, e->members[k].name))
                continue;
            diag_error(c->d, e->members[k].loc,
                       "member '%s' of '%s' collides with a legacy member of 'migration', which "
                       "every body of it carries while the migration lasts; rename the member",
                       e->members[k].name, e->code);
            diag_note(c->d, m->loc, "the migration is here");
        }
    }
}
