/* A Make-style depfile ("out1 out2: in1 in2"), the form meson and ninja read
 * to know what a custom_target's outputs depend on. */
#ifndef ERRATA_RENDER_DEPFILE_H
#define ERRATA_RENDER_DEPFILE_H

#include <stdbool.h>
#include <stdio.h>

#include "../support/strbuf.h"

struct depfile {
    struct strbuf targets;
    struct strbuf deps;
    char **seen; /* deps already listed */
    size_t seen_count;
};

void depfile_init(struct depfile *df);
void depfile_release(struct depfile *df);
void depfile_add_target(struct depfile *df, const char *dir, const char *name);
/* Adds a dependency once, however often it is given. */
void depfile_add_dep(struct depfile *df, const char *path);
/* Writes the depfile atomically; false after printing why on err. */
bool depfile_write(const struct depfile *df, const char *path, FILE *err);

#endif
