#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../support/arena.h"
#include "../support/diag.h"
#include "../support/embedded.h"
#include "../support/strbuf.h"
#include "check.h"
#include "rules.h"
#include "errata_config.h"

void catalog_options_init(struct catalog_options *opt)
{
    static const struct catalog_limits defaults = CATALOG_DEFAULT_LIMITS;
    memset(opt, 0, sizeof *opt);
    opt->installed_dir = ERRATA_CATALOGDIR;
    opt->use_builtin = true;
    opt->limits = defaults;
}

static struct catalog_file *new_file(struct checker *c)
{
    struct catalog_file *f = arena_alloc(c->a, sizeof *f);
    struct model *m = c->model;
    m->files = arena_grow(c->a, m->files, &c->file_cap, m->file_count + 1, sizeof *m->files);
    f->index = m->file_count;
    m->files[m->file_count++] = f;
    return f;
}

static void check_source(struct checker *c, struct catalog_file *f, const char *identity)
{
    strmap_put_once(&c->loaded, identity, f);
    source_index(c->a, &f->src);
    const struct ynode *root = yaml_tree_parse(c->a, c->d, &f->src, &c->opt->limits);
    if (root == NULL)
        return;
    c->stack = arena_grow(c->a, c->stack, &c->stack_cap, c->depth + 1, sizeof *c->stack);
    c->stack[c->depth].identity = identity;
    c->stack[c->depth].file = f;
    c->depth++;
    check_file(c, f, root);
    c->depth--;
}

static bool is_readable_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, R_OK) == 0;
}

static char *identity_of(struct checker *c, const char *path)
{
    char *real = realpath(path, NULL);
    if (real == NULL)
        return arena_strdup(c->a, path);
    char *copy = arena_strdup(c->a, real);
    free(real);
    return copy;
}

static char *dir_of(struct checker *c, const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? arena_strndup(c->a, path, (size_t)(slash - path) + 1) : arena_strdup(c->a, "");
}

/* Finds an include beside the including file, then in each -I folder, then in
 * the installed catalog folder; *builtin is set when only errata's own copy has it. */
static const char *resolve(struct checker *c, const struct catalog_file *from, const char *name,
                           const struct embedded_file **builtin)
{
    *builtin = NULL;
    if (name[0] == '/')
        return is_readable_file(name) ? name : NULL;
    if (!from->builtin) {
        const char *p = arena_printf(c->a, "%s%s", dir_of(c, from->path), name);
        if (is_readable_file(p))
            return p;
    }
    for (size_t i = 0; i < c->opt->include_dir_count; i++) {
        const char *p = arena_printf(c->a, "%s/%s", c->opt->include_dirs[i], name);
        if (is_readable_file(p))
            return p;
    }
    if (c->opt->installed_dir) {
        const char *p = arena_printf(c->a, "%s/%s", c->opt->installed_dir, name);
        if (is_readable_file(p))
            return p;
    }
    if (c->opt->use_builtin)
        *builtin = embedded_find(embedded_catalogs, name);
    return NULL;
}

static void report_cycle(struct checker *c, const struct ynode *at, size_t from)
{
    struct strbuf chain = STRBUF_INIT;
    for (size_t i = from; i < c->depth; i++)
        strbuf_addf(&chain, "%s includes ", c->stack[i].file->src.name);
    strbuf_adds(&chain, c->stack[from].file->src.name);
    diag_error(c->d, at->loc, "include cycle: %s", strbuf_str(&chain));
    strbuf_release(&chain);
}

static void report_not_found(struct checker *c, const struct catalog_file *from,
                             const struct ynode *at, const char *name)
{
    struct strbuf dirs = STRBUF_INIT;
    if (!from->builtin)
        strbuf_addf(&dirs, "'%s'", *dir_of(c, from->path) ? dir_of(c, from->path) : "./");
    for (size_t i = 0; i < c->opt->include_dir_count; i++)
        strbuf_addf(&dirs, "%s'%s'", dirs.len ? ", " : "", c->opt->include_dirs[i]);
    if (c->opt->installed_dir)
        strbuf_addf(&dirs, "%s'%s'", dirs.len ? ", " : "", c->opt->installed_dir);
    if (c->opt->use_builtin)
        strbuf_addf(&dirs, "%serrata's built-in catalogs", dirs.len ? ", " : "");
    diag_error(c->d, at->loc, "cannot find included catalog '%s' (looked in %s; add -I DIR)",
               name, strbuf_str(&dirs));
    strbuf_release(&dirs);
}

static bool read_include(struct checker *c, const struct ynode *at, const char *path,
                         struct catalog_file *f)
{
    switch (source_read_file(c->a, path, c->opt->limits.max_file_size, &f->src)) {
    case SOURCE_OK:
        return true;
    case SOURCE_TOO_LARGE:
        diag_error(c->d, at->loc, "included catalog '%s' is larger than %zu bytes", path,
                   c->opt->limits.max_file_size);
        return false;
    case SOURCE_IO_ERROR:
        break;
    }
    diag_error(c->d, at->loc, "cannot read included catalog '%s': %s", path, strerror(errno));
    return false;
}

bool load_selected(struct checker *c, const char *code)
{
    bool joins = true;
    for (struct include_select *s = c->select; s != NULL;
         s = s->outer) {
        s->defined = arena_grow(c->a, s->defined, &s->defined_cap, s->defined_count + 1,
                                sizeof *s->defined);
        s->defined[s->defined_count++] = code;
        bool listed = false;
        for (size_t i = 0; i < s->count; i++) {
            if (strcmp(s->codes[i]->u.scalar.text, code) == 0) {
                s->seen[i] = true;
                listed = true;
            }
        }
        if (listed != s->only)
            joins = false;
    }
    return joins;
}

static const char *const include_keys[] = { "file", "only", "except", NULL };

/* { file: F, only: [CODE...] } or except:; NULL after reporting. */
static const char *read_selection(struct checker *c, const struct ynode *n,
                                  struct include_select *sel)
{
    check_known_keys(c, n, include_keys, "an include");
    const struct ynode *file = ynode_get(n, "file");
    const struct ynode *only = ynode_get(n, "only");
    const struct ynode *except = ynode_get(n, "except");
    if (file == NULL && check_key_misspelt(n, "file", include_keys))
        return NULL;
    if (file == NULL) {
        diag_error(c->d, n->loc, "an include mapping needs 'file': { file: http.yaml, only: "
                                 "[NOT_FOUND] }");
        return NULL;
    }
    const char *name = check_string(c, file, "file");
    if (name == NULL)
        return NULL;
    if (only != NULL && except != NULL) {
        diag_error(c->d, except->loc, "an include takes 'only' or 'except', not both");
        return NULL;
    }
    const struct ynode *list = only != NULL ? only : except;
    if (list == NULL)
        return name; /* the whole file, written as a mapping */
    const char *key = only != NULL ? "only" : "except";
    sel->only = only != NULL;
    size_t count = list->kind == YNODE_SEQUENCE ? list->u.seq.count : 1;
    const struct ynode **codes = arena_alloc_array(c->a, count ? count : 1, sizeof *codes);
    for (size_t i = 0; i < count; i++) {
        const struct ynode *item = list->kind == YNODE_SEQUENCE ? list->u.seq.items[i] : list;
        if (check_string(c, item, key) == NULL)
            return NULL;
        codes[sel->count++] = item;
    }
    if (sel->count == 0) {
        diag_error(c->d, list->loc, "'%s' lists no code; %s", key,
                   sel->only ? "an include that selects nothing is no include"
                             : "leave 'except' out to include the whole file");
        return NULL;
    }
    sel->codes = codes;
    sel->seen = arena_alloc_array(c->a, sel->count, sizeof *sel->seen);
    return name;
}

/* Every code an only:/except: names must be one the file defines: a typo
 * would silently bring the wrong entries. */
static void check_selection_used(struct checker *c, const struct include_select *sel,
                                 const char *file)
{
    const char **names = arena_alloc_array(c->a, sel->defined_count + 1, sizeof *names);
    memcpy(names, sel->defined, sel->defined_count * sizeof *names);
    for (size_t i = 0; i < sel->count; i++) {
        if (sel->seen[i])
            continue;
        const char *code = sel->codes[i]->u.scalar.text;
        const char *hint = rules_suggest(code, names);
        if (hint)
            diag_error(c->d, sel->codes[i]->loc,
                       "'%s' names '%s', which '%s' does not define; did you mean '%s'?",
                       sel->only ? "only" : "except", code, file, hint);
        else
            diag_error(c->d, sel->codes[i]->loc, "'%s' names '%s', which '%s' does not define",
                       sel->only ? "only" : "except", code, file);
    }
}

void load_include(struct checker *c, const struct catalog_file *from, const struct ynode *n)
{
    struct include_select sel = { .only = false };
    const char *name = n->kind == YNODE_MAPPING ? read_selection(c, n, &sel)
                                                : check_string(c, n, "include");
    if (name == NULL)
        return;
    if (*name == '\0') {
        diag_error(c->d, n->loc, "'include' names an empty file name");
        return;
    }
    const struct embedded_file *builtin;
    const char *path = resolve(c, from, name, &builtin);
    if (path == NULL && builtin == NULL) {
        report_not_found(c, from, n, name);
        return;
    }
    const char *identity = path ? identity_of(c, path) : arena_printf(c->a, "<builtin>/%s", name);
    for (size_t i = 0; i < c->depth; i++) {
        if (strcmp(c->stack[i].identity, identity) == 0) {
            report_cycle(c, n, i);
            return;
        }
    }
    struct catalog_file *seen = strmap_get(&c->loaded, identity);
    if (seen != NULL) {
        /* Already joined through another include; a selection could not
         * say which of the two wins. */
        if (sel.count > 0 || seen->selected)
            diag_error(c->d, n->loc,
                       "'%s' is included more than once and with only:/except: at least once; "
                       "include it once, with the selection that holds for the whole catalog",
                       name);
        return;
    }
    if (c->depth >= c->opt->limits.max_include_depth) {
        diag_error(c->d, n->loc, "includes nest deeper than %zu files",
                   c->opt->limits.max_include_depth);
        return;
    }
    struct catalog_file *f = new_file(c);
    if (path) {
        f->path = path;
        if (!read_include(c, n, path, f))
            return;
    } else {
        f->path = identity;
        f->builtin = true;
        source_from_memory(&f->src, identity, builtin->data, builtin->len);
    }
    if (sel.count == 0) {
        check_source(c, f, identity);
        return;
    }
    f->selected = true;
    sel.outer = c->select;
    c->select = &sel;
    unsigned errors_before = c->d->errors;
    check_source(c, f, identity);
    c->select = sel.outer;
    if (c->d->errors == errors_before)
        check_selection_used(c, &sel, name);
}

static enum catalog_result finish(struct checker *c, unsigned errors_before)
{
    if (c->d->errors == errors_before && c->model->entry_count == 0)
        diag_error(c->d, (struct loc){ &c->model->main->src, 1, 1 },
                   "the catalog defines no errors (directly or through include)");
    /* The entries that passed their own checks are checked together even
     * when others failed: all diagnostics in one run. */
    check_model(c);
    check_operations(c);
    check_translations(c);
    return c->d->errors == errors_before ? CATALOG_OK : CATALOG_INVALID;
}

static void checker_init(struct checker *c, struct arena *a, struct diag *d,
                         const struct catalog_options *opt, struct model *out)
{
    memset(c, 0, sizeof *c);
    memset(out, 0, sizeof *out);
    c->a = a;
    c->d = d;
    c->opt = opt;
    c->model = out;
    strmap_init(&c->loaded, a);
    strmap_init(&c->broken_codes, a);
}

enum catalog_result catalog_load(struct arena *a, struct diag *d, const char *path,
                                 const struct catalog_options *opt, struct model *out)
{
    struct checker c;
    checker_init(&c, a, d, opt, out);
    unsigned errors_before = d->errors;
    struct catalog_file *f = new_file(&c);
    f->path = path;
    out->main = f;
    switch (source_read_file(a, path, opt->limits.max_file_size, &f->src)) {
    case SOURCE_OK:
        break;
    case SOURCE_TOO_LARGE:
        source_from_memory(&f->src, path, "", 0);
        diag_error(d, (struct loc){ &f->src, 1, 1 },
                   "file is larger than %zu bytes, the limit for a catalog",
                   opt->limits.max_file_size);
        return CATALOG_INVALID;
    case SOURCE_IO_ERROR:
        fprintf(d->out, "errata: cannot read '%s': %s\n", path, strerror(errno));
        return CATALOG_IO_ERROR;
    }
    check_source(&c, f, identity_of(&c, path));
    return finish(&c, errors_before);
}

enum catalog_result catalog_load_memory(struct arena *a, struct diag *d, const char *name,
                                        const char *text, size_t len,
                                        const struct catalog_options *opt, struct model *out)
{
    struct checker c;
    checker_init(&c, a, d, opt, out);
    unsigned errors_before = d->errors;
    struct catalog_file *f = new_file(&c);
    f->path = name;
    out->main = f;
    source_from_memory(&f->src, name, arena_strndup(a, text, len), len);
    check_source(&c, f, arena_printf(a, "<memory>/%s", name));
    return finish(&c, errors_before);
}
