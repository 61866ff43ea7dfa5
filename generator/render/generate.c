#include "generate.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../model/model.h"
#include "../model/value.h"
#include "../output/output_set.h"
#include "../support/arena.h"
#include "../support/diag.h"
#include "../support/embedded.h"
#include "../support/fatal.h"
#include "../support/strbuf.h"
#include "../template/mustache.h"
#include "depfile.h"
#include "targets.h"
#include "template_data.h"
#include "template_store.h"

static char *file_name(const char *pattern, const char *name)
{
    struct strbuf sb = STRBUF_INIT;
    const char *hit;
    while ((hit = strstr(pattern, "NAME")) != NULL) {
        strbuf_add(&sb, pattern, (size_t)(hit - pattern));
        strbuf_adds(&sb, name);
        pattern = hit + 4;
    }
    strbuf_adds(&sb, pattern);
    return sb.data;
}

/* The template of that name, parsed; NULL after reporting why. */
static const struct mustache_template *load_template(struct mustache_engine *e,
                                                     struct template_store *store,
                                                     struct diag *d, const char *template_name)
{
    struct source src;
    if (!template_store_find(store, template_name, strlen(template_name), &src)) {
        diag_error(d, (struct loc){ NULL, 0, 0 }, "no template '%s.mustache'", template_name);
        return NULL;
    }
    return mustache_parse(e, &src);
}

/* Renders t over data into the set as file `name`; false after reporting
 * why. */
static bool render_file(struct mustache_engine *e, const struct mustache_template *t,
                        const struct value *data, char *name, struct output_set *set)
{
    struct strbuf out = STRBUF_INIT;
    if (t == NULL || !mustache_render(e, t, data, &out)) {
        strbuf_release(&out);
        free(name);
        return false;
    }
    /* The set keeps every file until the commit: without the half of the
     * buffer doubling left unused, which for the C of a large catalog was
     * its largest allocation. */
    char *text = out.data ? realloc(out.data, out.len + 1) : calloc(1, 1);
    if (text == NULL)
        fatal_out_of_memory();
    output_set_add(set, name, text, out.len);
    free(name);
    return true;
}

/* The model with one more field, `error`: what a per-error page sees. The
 * copy is shallow, so every page shares the model's values. */
static struct value *page_data(struct arena *a, const struct value *data, struct value *error)
{
    struct value *page = value_map(a);
    for (size_t i = 0; i < data->u.map.count; i++) {
        const struct value_member *m = &data->u.map.members[i];
        value_map_putn(a, page, m->key, m->key_len, m->value);
    }
    value_map_put(a, page, "error", error);
    return page;
}

static bool render_output(struct arena *a, struct mustache_engine *e,
                          struct template_store *store, struct diag *d,
                          const struct target_output *o, struct value *data,
                          const char *catalog_name, struct output_set *set)
{
    if (!o->per_error)
        return render_file(e, load_template(e, store, d, o->template_name), data,
                           file_name(o->file_pattern, catalog_name), set);
    const struct value *errors = value_map_get(data, "errors", 6);
    /* Parsed once for all the pages (it was once per page). */
    const struct mustache_template *t = NULL;
    bool ok = true;
    for (size_t i = 0; i < errors->u.list.count; i++) {
        struct value *error = errors->u.list.items[i];
        const struct value *page = value_map_get(error, "page", 4);
        if (page == NULL || page->kind != VALUE_STRING)
            continue;
        char *name = strdup(page->u.string.ptr);
        if (name == NULL)
            fatal_out_of_memory();
        if (t == NULL)
            t = load_template(e, store, d, o->template_name);
        if (t == NULL) {
            free(name);
            return false;
        }
        ok &= render_file(e, t, page_data(a, data, error), name, set);
    }
    return ok;
}

static bool render_all(struct arena *a, struct diag *d, const struct generate_request *req,
                       struct template_store *store, struct output_set *set)
{
    struct mustache_loader loader = template_store_loader(store);
    struct mustache_engine *e = mustache_engine_new(a, d, &loader);
    /* Templates from a folder may read any field. */
    unsigned fields = req->templates_dir ? TEMPLATE_FIELDS_ALL : 0;
    for (size_t i = 0; i < req->target_count; i++)
        fields |= req->targets[i]->fields;
    struct value *data = template_data(a, req->model, fields);
    /* Generated code includes "errata.h" beside it when the runtime is
     * emitted with it, <errata/errata.h> otherwise. */
    value_map_put_bool(a, data, "emit_runtime", req->emit_runtime);
    bool ok = true;
    for (size_t i = 0; i < req->target_count; i++) {
        for (const struct target_output *o = req->targets[i]->outputs; o->template_name; o++)
            ok &= render_output(a, e, store, d, o, data, req->model->main->name, set);
    }
    return ok && store->errors == 0;
}

/* The runtime goes out as it was amalgamated at build time, byte for byte. */
static void add_runtime(struct output_set *set)
{
    for (const struct embedded_file *f = embedded_runtime; f->name; f++) {
        char *copy = malloc(f->len + 1);
        if (copy == NULL)
            fatal_out_of_memory();
        memcpy(copy, f->data, f->len + 1);
        output_set_add(set, f->name, copy, f->len);
    }
}

/* Creates dir when missing; *created says whether it did, so that a failed
 * commit can take the folder away again. */
static bool ensure_dir(const char *dir, struct diag *d, bool *created)
{
    struct stat st;
    *created = false;
    if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
        return true;
    if (mkdir(dir, 0777) == 0) {
        *created = true;
        return true;
    }
    fprintf(d->out, "errata: cannot create output folder '%s': %s\n", dir, strerror(errno));
    return false;
}

/* The depfile joins the set as its last file: it is written with the outputs
 * or, when any of them (itself included) cannot be, none is. */
static void add_depfile(const struct generate_request *req, struct output_set *set,
                        const struct template_store *store)
{
    struct depfile df;
    depfile_init(&df);
    for (size_t i = 0; i < set->count; i++)
        depfile_add_target(&df, req->out_dir, set->files[i].name);
    for (size_t i = 0; i < req->model->file_count; i++) {
        if (!req->model->files[i]->builtin)
            depfile_add_dep(&df, req->model->files[i]->path);
    }
    if (req->model->lock_path) /* the enum values come from it */
        depfile_add_dep(&df, req->model->lock_path);
    for (size_t i = 0; i < req->model->translation_count; i++) /* titles, details */
        depfile_add_dep(&df, req->model->translations[i].path);
    for (size_t i = 0; i < store->read_count; i++)
        depfile_add_dep(&df, store->read[i]);
    depfile_add_to(&df, req->depfile, set);
    depfile_release(&df);
}

int generate_commit(const char *out_dir, const struct output_set *set, struct diag *d)
{
    bool created;
    if (!ensure_dir(out_dir, d, &created))
        return 2;
    struct output_result result;
    if (output_set_commit(set, out_dir, &output_posix_ops, d->out, &result))
        return 0;
    if (created)
        rmdir(out_dir); /* nothing written: not even the folder */
    return 2;
}

int generate_run(struct arena *a, struct diag *d, const struct generate_request *req)
{
    struct stat st;
    if (req->templates_dir && (stat(req->templates_dir, &st) != 0 || !S_ISDIR(st.st_mode))) {
        /* A mistyped folder would silently leave the built-ins in place. */
        fprintf(d->out, "errata: templates folder '%s' not found\n", req->templates_dir);
        return 2;
    }
    struct template_store store;
    template_store_init(&store, a, d, req->templates_dir, true);
    struct output_set set;
    output_set_init(&set);
    int status = 1;
    if (render_all(a, d, req, &store, &set)) {
        if (req->emit_runtime)
            add_runtime(&set);
        if (req->depfile)
            add_depfile(req, &set, &store);
        status = generate_commit(req->out_dir, &set, d);
    }
    output_set_release(&set);
    return status;
}
