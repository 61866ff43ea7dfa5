#include <string.h>
#include <strings.h>

#include "../support/diag.h"
#include "check.h"
#include "rules.h"

enum { CATALOG_FORMAT = 1 };

static const char *const file_keys[] = {
    "errata", "name", "title", "version", "base_uri", "include", "description", "errors",
    "trace_member", "allow", "operations",
    "removed", "ratelimit", "migration", "language", "translations", NULL,
};

static void check_format_version(struct checker *c, const struct ynode *root)
{
    const struct ynode *n = ynode_get(root, "errata");
    int64_t version;
    if (n == NULL && check_key_misspelt(root, "errata", file_keys))
        return;
    if (n == NULL) {
        diag_error(c->d, root->loc,
                   "missing 'errata: %d': the catalog format version comes first in every catalog",
                   CATALOG_FORMAT);
    } else if (check_int(c, n, "errata", &version) && version != CATALOG_FORMAT) {
        diag_error(c->d, n->loc,
                   "unsupported catalog format version %s; this errata reads format %d",
                   n->u.scalar.text, CATALOG_FORMAT);
    }
}

static const char *check_name(struct checker *c, const struct ynode *root)
{
    const struct ynode *n = ynode_get(root, "name");
    if (n == NULL && check_key_misspelt(root, "name", file_keys))
        return NULL;
    if (n == NULL) {
        diag_error(c->d, root->loc,
                   "missing 'name': it is the C prefix and file stem (name: pets gives "
                   "pets_errors.h and PETS_*)");
        return NULL;
    }
    const char *name = check_string(c, n, "name");
    if (name == NULL)
        return NULL;
    if (!rules_is_c_identifier(name)) {
        diag_error(c->d, n->loc,
                   "name '%s' is not a C identifier; it becomes the C prefix and file stem, so "
                   "use letters, digits and '_', not starting with a digit",
                   name);
        return NULL;
    }
    if (rules_is_keyword(name)) {
        diag_error(c->d, n->loc, "name '%s' is a C or C++ keyword", name);
        return NULL;
    }
    if (strncasecmp(name, "errata", 6) == 0 && (name[6] == '\0' || name[6] == '_')) {
        diag_error(c->d, n->loc,
                   "name '%s' would give C names starting errata_ and ERRATA_, which are "
                   "liberrata's own; choose another prefix",
                   name);
        return NULL;
    }
    if (strstr(name, "__") != NULL || name[0] == '_') {
        diag_error(c->d, n->loc,
                   "name '%s' starts with '_' or holds '__': the C names made from it would "
                   "be reserved to the C implementation",
                   name);
        return NULL;
    }
    if (strlen(name) + strlen("_errors.html") > FILE_NAME_MAX) {
        diag_error(c->d, n->loc,
                   "name is %zu bytes long; its files (NAME_errors.html) would be longer than "
                   "the %d bytes a file name may have",
                   strlen(name), FILE_NAME_MAX);
        return NULL;
    }
    return name;
}

static const char *optional_string(struct checker *c, const struct ynode *map, const char *key)
{
    const struct ynode *n = ynode_get(map, key);
    return n ? check_string(c, n, key) : NULL;
}

static const char *check_base_uri(struct checker *c, const struct ynode *root)
{
    const struct ynode *n = ynode_get(root, "base_uri");
    if (n == NULL)
        return NULL;
    const char *uri = check_string(c, n, "base_uri");
    if (uri && !rules_is_absolute_uri(uri)) {
        diag_error(c->d, n->loc,
                   "base_uri '%s' is not an absolute URI; type URIs are base_uri + slug, so it "
                   "needs a scheme, e.g. https://errors.example.com/",
                   uri);
        return NULL;
    }
    return uri;
}

/* The member name the trace id goes under: it is sent as an RFC 9457
 * extension member and read into a C field, so it must be both. */
static const char *check_trace_member(struct checker *c, const struct ynode *root)
{
    static const char *const standard[] = { "type", "title", "status", "detail", "instance",
                                            "code", NULL };
    const struct ynode *n = ynode_get(root, "trace_member");
    if (n == NULL)
        return NULL;
    const char *name = check_string(c, n, "trace_member");
    if (name == NULL)
        return NULL;
    if (!rules_is_c_identifier(name) || !rules_is_rfc9457_member_name(name)) {
        diag_error(c->d, n->loc,
                   "trace_member '%s' is not a valid member name; the trace id is sent under it "
                   "and decoded by generated clients, so use a letter first, then letters, digits "
                   "or '_', three characters or more (RFC 9457 §3.2)",
                   name);
        return NULL;
    }
    for (size_t i = 0; standard[i]; i++) {
        if (strcmp(name, standard[i]) == 0) {
            diag_error(c->d, n->loc,
                       "trace_member '%s' is a standard problem member (RFC 9457 §3.1); the "
                       "trace id needs a member of its own, e.g. trace_id",
                       name);
            return NULL;
        }
    }
    return name;
}

static void check_errors_list(struct checker *c, const struct catalog_file *f,
                              const struct ynode *root)
{
    const struct ynode *n = ynode_get(root, "errors");
    if (n == NULL || ynode_is_scalar(n, YTYPE_NULL))
        return;
    if (n->kind != YNODE_SEQUENCE) {
        diag_error(c->d, n->loc, "'errors' must be a list of error entries, not %s",
                   ynode_describe(n));
        return;
    }
    for (size_t i = 0; i < n->u.seq.count && !c->too_many_entries; i++)
        check_entry(c, f, n->u.seq.items[i]);
}

static void check_includes(struct checker *c, const struct catalog_file *f,
                           const struct ynode *root)
{
    const struct ynode *n = ynode_get(root, "include");
    if (n == NULL || ynode_is_scalar(n, YTYPE_NULL))
        return;
    if (n->kind == YNODE_SCALAR) {
        load_include(c, f, n);
        return;
    }
    if (n->kind != YNODE_SEQUENCE) {
        diag_error(c->d, n->loc, "'include' must be a file name or a list of them, not %s",
                   ynode_describe(n));
        return;
    }
    for (size_t i = 0; i < n->u.seq.count; i++)
        load_include(c, f, n->u.seq.items[i]);
}

/* Operations describe the API the main catalog is the contract of; a
 * catalog included as a library of errors has no API of its own. */
static void note_operations(struct checker *c, const struct catalog_file *f,
                            const struct ynode *root)
{
    const struct ypair *p = ynode_pair(root, "operations");
    if (p == NULL)
        return;
    if (f->index == 0)
        c->operations = p->value;
    else
        diag_error(c->d, p->key->loc,
                   "'operations' belongs in the main catalog: an included catalog is a "
                   "library of errors and has no operations of its own");
}

void check_file(struct checker *c, struct catalog_file *f, const struct ynode *root)
{
    if (root->kind != YNODE_MAPPING) {
        diag_error(c->d, root->loc,
                   "a catalog is a mapping with 'errata:', 'name:' and 'errors:', not %s",
                   ynode_describe(root));
        return;
    }
    check_known_keys(c, root, file_keys, "the catalog");
    check_format_version(c, root);
    f->name = check_name(c, root);
    f->title = optional_string(c, root, "title");
    f->description = optional_string(c, root, "description");
    const struct ynode *version = ynode_get(root, "version");
    if (version) /* 1.4.0 is a string but 2 or 1.5 are numbers in YAML: take the text */
        f->version = version->kind == YNODE_SCALAR ? version->u.scalar.text
                                                   : check_string(c, version, "version");
    f->base_uri = check_base_uri(c, root);
    if (ynode_get(root, "base_uri"))
        f->base_uri_loc = ynode_get(root, "base_uri")->loc;
    check_removed(c, f, root);
    f->base_uri_present = ynode_get(root, "base_uri") != NULL ||
                          check_key_misspelt(root, "base_uri", file_keys);
    f->trace_member = check_trace_member(c, root);
    /* Like trace_member, the main catalog's migration is every entry's. */
    f->migration = check_migration(c, root);
    if (f->index == 0)
        c->model->migration = c->migration = f->migration;
    /* The file's allow list covers its own entries, not its includes'. */
    unsigned outer = c->allowed;
    c->allowed = check_allow(c, root);
    if (f->index == 0)
        c->main_allowed = c->allowed;
    check_language(c, f, root);
    const void *outer_ratelimit = c->file_ratelimit; /* the includer's is not the include's */
    c->file_ratelimit = check_ratelimit_file(c, root);
    check_errors_list(c, f, root);
    c->file_ratelimit = outer_ratelimit;
    c->allowed = outer;
    note_operations(c, f, root);
    check_includes(c, f, root);
}

