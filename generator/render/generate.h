/* The generate pipeline: a checked model, rendered through every output of
 * the chosen targets, committed all or nothing, with an optional depfile. */
#ifndef ERRATA_RENDER_GENERATE_H
#define ERRATA_RENDER_GENERATE_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct diag;
struct model;
struct target;

struct generate_request {
    const struct model *model;
    const struct target *const *targets;
    size_t target_count;
    const char *out_dir;
    const char *templates_dir; /* --templates, or NULL */
    const char *depfile;       /* --depfile, or NULL */
    bool emit_runtime;         /* also write errata.h and errata.c */
};

/* Returns an exit status: 0 written (or up to date), 1 a template failed
 * (diagnostics printed, nothing written), 2 an I/O error. */
int generate_run(struct arena *a, struct diag *d, const struct generate_request *req);

struct output_set;
/* Writes set into out_dir (created when missing, and removed again when
 * nothing could be written): 0 done, 2 an I/O error (printed). */
int generate_commit(const char *out_dir, const struct output_set *set, struct diag *d);

#endif
