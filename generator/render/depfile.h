/* A Make-style depfile ("out1 out2: in1 in2"), the form meson and ninja read
 * to know what a custom_target's outputs depend on. */
#ifndef ERRATA_RENDER_DEPFILE_H
#define ERRATA_RENDER_DEPFILE_H

#include "../support/strbuf.h"

struct depfile {
    struct strbuf targets;
    struct strbuf deps;
    char **seen; /* deps already listed */
    size_t seen_count;
};

void depfile_init(struct depfile *df);
void depfile_release(struct depfile *df);
struct output_set;

/* Paths are cleaned (output_path_clean): "out/" and "x.c" give "out/x.c". */
void depfile_add_target(struct depfile *df, const char *dir, const char *name);
/* Adds a dependency once, however often (or however spelt) it is given. */
void depfile_add_dep(struct depfile *df, const char *path);
/* Adds the depfile to set as the file at path, so that it is written with
 * the outputs it describes, all or nothing. */
void depfile_add_to(const struct depfile *df, const char *path, struct output_set *set);

#endif
