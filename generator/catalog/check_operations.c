/* `operations:`: which errors each operation of the API can answer. Checked
 * once every entry is known (codes may come from includes), and only
 * against the entries that passed their own checks. */
#include <string.h>

#include "../support/arena.h"
#include "../support/diag.h"
#include "check.h"
#include "rules.h"

/* The key of the errors every operation can answer. */
#define ALL_KEY "all"

struct op_checker {
    struct checker *c;
    struct strmap codes;       /* code -> entry */
    const char **code_names;   /* for "did you mean", NULL-terminated */
    struct strmap all_listed;  /* code -> its ynode in `all:` */
};

static bool pchar(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           (ch != '\0' && strchr("-._~!$&'()*+,;=:@", ch) != NULL);
}

static bool hex(char ch)
{
    return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F');
}

/* One "{name}" at p, a whole segment (as errata-mhd's routes have them):
 * its length, 0 when malformed. */
static size_t param_length(const char *p)
{
    size_t n = 1;
    while ((p[n] >= 'a' && p[n] <= 'z') || (p[n] >= 'A' && p[n] <= 'Z') ||
           (p[n] >= '0' && p[n] <= '9') || p[n] == '_')
        n++;
    if (n == 1 || p[n] != '}' || (p[n + 1] != '/' && p[n + 1] != '\0'))
        return 0;
    return n + 1;
}

/* Why path is not a path template, or NULL. *normal gets the path with
 * every parameter as "{}": two templates that differ only in parameter
 * names are one operation. */
static const char *path_problem(struct arena *a, const char *path, const char **normal)
{
    size_t len = strlen(path);
    char *out = arena_alloc(a, len + 1), *o = out;
    struct strmap names;
    strmap_init(&names, a);
    if (path[0] != '/')
        return "the path must start with '/'";
    for (const char *p = path; *p; p++) {
        if (*p == '/') {
            if (p[1] == '/')
                return "the path has an empty segment ('//')";
            *o++ = '/';
        } else if (*p == '{') {
            size_t n = p[-1] == '/' ? param_length(p) : 0;
            if (n == 0)
                return "a path parameter must be a whole segment '{name}' with a name of "
                       "letters, digits and '_'";
            char *name = arena_strndup(a, p + 1, n - 2);
            if (strmap_put_once(&names, name, name) != name)
                return "the path names the same parameter twice";
            memcpy(o, "{}", 2);
            o += 2;
            p += n - 1;
        } else if (*p == '%') {
            if (!hex(p[1]) || !hex(p[2]))
                return "'%' in the path is not followed by two hexadecimal digits";
            *o++ = *p;
        } else if (*p == '?' || *p == '#') {
            return "a path template has no query or fragment ('?', '#')";
        } else if (!pchar(*p)) {
            return "the path holds a character a URI path cannot (RFC 3986 §3.3): a space, "
                   "a control character, a stray '}' or a non-ASCII byte; percent-encode it";
        } else {
            *o++ = *p;
        }
    }
    *o = '\0';
    *normal = out;
    return NULL;
}

/* Splits "METHOD /path"; false (reported) when the key is not one. */
static bool parse_key(struct op_checker *oc, const struct ynode *key, struct operation *op,
                      const char **normal)
{
    struct checker *c = oc->c;
    const char *text = check_string(c, key, "operations");
    if (text == NULL)
        return false;
    const char *space = strchr(text, ' ');
    if (space == NULL) {
        static const char *const all[] = { ALL_KEY, NULL };
        const char *hint = rules_suggest(text, all);
        diag_error(c->d, key->loc,
                   "operation '%s' is not 'METHOD /path' (e.g. \"GET /pets/{id}\")%s%s%s", text,
                   hint ? "; did you mean '" : "", hint ? hint : "", hint ? "'?" : "");
        return false;
    }
    op->method = arena_strndup(c->a, text, (size_t)(space - text));
    op->path = space + 1;
    op->loc = key->loc;
    if (!rules_is_token(op->method)) {
        diag_error(c->d, key->loc,
                   "method '%s' of operation '%s' is not an HTTP method token (RFC 9110 §9.1: "
                   "letters, digits and !#$%%&'*+-.^_`|~, e.g. GET)",
                   op->method, text);
        return false;
    }
    const char *why = path_problem(c->a, op->path, normal);
    if (why) {
        diag_error(c->d, key->loc, "path '%s' of operation '%s' is not a path template: %s",
                   op->path, text, why);
        return false;
    }
    *normal = arena_printf(c->a, "%s %s", op->method, *normal);
    return true;
}

static const char *const *code_names(struct checker *c)
{
    const char **names = arena_alloc_array(c->a, c->model->entry_count + 1, sizeof *names);
    for (size_t i = 0; i < c->model->entry_count; i++)
        names[i] = c->model->entries[i].code;
    return names;
}

/* One listed code: its entry, or NULL (reported unless its entry was
 * reported already). */
static const struct entry *listed_entry(struct op_checker *oc, const struct ynode *n,
                                        const char *where)
{
    struct checker *c = oc->c;
    const char *code = check_string(c, n, "operations");
    if (code == NULL)
        return NULL;
    const struct entry *e = strmap_get(&oc->codes, code);
    if (e == NULL) {
        if (strmap_get(&c->broken_codes, code) != NULL)
            return NULL; /* its own error is reported: one cause, one report */
        const char *hint = rules_suggest(code, oc->code_names);
        diag_error(c->d, n->loc, "unknown code '%s' in %s%s%s%s", code, where,
                   hint ? "; did you mean '" : "", hint ? hint : "", hint ? "'?" : "");
        return NULL;
    }
    if (e->status == 405) {
        diag_error(c->d, n->loc,
                   "%s lists '%s', a 405: an operation is a method the path has, so it never "
                   "answers 405 Method Not Allowed; the router answers it for the methods no "
                   "operation has, with an Allow header from its route table",
                   where, code);
        return NULL;
    }
    return e;
}

/* A list of codes: `all:` or one operation's. Each code once, and not
 * again in an operation when `all:` has it. */
static void code_list(struct op_checker *oc, const struct ynode *list, const char *where,
                      bool is_all, const struct entry ***out, size_t *count)
{
    struct checker *c = oc->c;
    *out = NULL;
    *count = 0;
    if (list == NULL || ynode_is_scalar(list, YTYPE_NULL))
        return;
    if (list->kind != YNODE_SEQUENCE) {
        diag_error(c->d, list->loc, "%s must be a list of error codes, not %s", where,
                   ynode_describe(list));
        return;
    }
    *out = arena_alloc_array(c->a, list->u.seq.count + 1, sizeof **out);
    struct strmap seen;
    strmap_init(&seen, c->a);
    for (size_t i = 0; i < list->u.seq.count; i++) {
        const struct ynode *n = list->u.seq.items[i];
        const struct entry *e = listed_entry(oc, n, where);
        if (e == NULL)
            continue;
        const struct ynode *first = strmap_put_once(&seen, e->code, (void *)n);
        const struct ynode *in_all = is_all ? NULL : strmap_get(&oc->all_listed, e->code);
        if (first != n) {
            diag_error(c->d, n->loc, "%s lists '%s' twice", where, e->code);
            diag_note(c->d, first->loc, "first listed here");
        } else if (in_all != NULL) {
            diag_error(c->d, n->loc,
                       "%s lists '%s', which 'all' lists already for every operation", where,
                       e->code);
            diag_note(c->d, in_all->loc, "listed in 'all' here");
        } else {
            (*out)[(*count)++] = e;
            if (is_all)
                strmap_put_once(&oc->all_listed, e->code, (void *)n);
        }
    }
}

/* The operation's errors: `all:` first, then its own. */
static void join_all(struct arena *a, const struct model *m, struct operation *op)
{
    const struct entry **own = op->errors;
    size_t own_count = op->error_count;
    op->errors = arena_alloc_array(a, m->all_error_count + own_count + 1, sizeof *op->errors);
    if (m->all_error_count > 0) /* no `all:` leaves all_errors NULL */
        memcpy(op->errors, m->all_errors, m->all_error_count * sizeof *op->errors);
    if (own_count > 0)
        memcpy(op->errors + m->all_error_count, own, own_count * sizeof *op->errors);
    op->error_count = m->all_error_count + own_count;
}

static void check_operation(struct op_checker *oc, const struct ypair *p, struct strmap *ops)
{
    struct checker *c = oc->c;
    struct model *m = c->model;
    struct operation op = { 0 };
    const char *normal;
    if (!parse_key(oc, p->key, &op, &normal))
        return;
    const struct ynode *first = strmap_put_once(ops, normal, p->key);
    if (first != p->key) {
        diag_error(c->d, p->key->loc,
                   "duplicate operation '%s %s': paths that differ only in parameter names are "
                   "the same operation",
                   op.method, op.path);
        diag_note(c->d, first->loc, "first defined here");
        return;
    }
    const char *where = arena_printf(c->a, "operation '%s %s'", op.method, op.path);
    code_list(oc, p->value, where, false, &op.errors, &op.error_count);
    m->operations[m->operation_count++] = op;
}

void check_operations(struct checker *c)
{
    const struct ynode *n = c->operations;
    struct model *m = c->model;
    if (n == NULL)
        return;
    m->has_operations = true;
    if (ynode_is_scalar(n, YTYPE_NULL))
        return;
    if (!check_mapping(c, n, "operations"))
        return;
    struct op_checker oc = { .c = c };
    strmap_init(&oc.codes, c->a);
    strmap_init(&oc.all_listed, c->a);
    for (size_t i = 0; i < m->entry_count; i++)
        strmap_put_once(&oc.codes, m->entries[i].code, &m->entries[i]);
    oc.code_names = (const char **)code_names(c);
    const struct ynode *all = ynode_get(n, ALL_KEY);
    code_list(&oc, all, "'all'", true, &m->all_errors, &m->all_error_count);
    m->operations = arena_alloc_array(c->a, n->u.map.count + 1, sizeof *m->operations);
    struct strmap ops;
    strmap_init(&ops, c->a);
    for (size_t i = 0; i < n->u.map.count; i++) {
        const struct ypair *p = &n->u.map.pairs[i];
        if (p->key->kind == YNODE_SCALAR && strcmp(p->key->u.scalar.text, ALL_KEY) == 0)
            continue;
        check_operation(&oc, p, &ops);
    }
    for (size_t i = 0; i < m->operation_count; i++)
        join_all(c->a, m, &m->operations[i]);
}
