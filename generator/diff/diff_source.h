/* What `errata diff` compares: a catalog file, or `git:REV:PATH`, a
 * catalog as it was at a revision of the repository the command runs in.
 * A revision's catalog is read with its includes and its lock at that
 * revision: every .yaml, .yml and .lock file of the revision's tree is
 * written to a temporary folder (git cat-file), so include resolution sees
 * the revision's files exactly as the working tree's would be seen. */
#ifndef ERRATA_DIFF_DIFF_SOURCE_H
#define ERRATA_DIFF_DIFF_SOURCE_H

#include <stdbool.h>
#include <stdio.h>

struct arena;
struct lock;
struct model;

struct diff_source {
    const char *spec; /* as given */
    const char *path; /* the catalog file to load */
    const char *rev;  /* the revision; NULL for a plain file */
    char *tmpdir;     /* heap; NULL for a plain file */
    const char *cwd;  /* the revision's copy of the current folder: relative -I
                       * folders are read there; NULL for a plain file */
};

/* Resolves spec; on failure prints "errata diff: ..." to err and returns
 * false (a usage or I/O error: exit 2). */
bool diff_source_open(struct arena *a, const char *spec, struct diff_source *out, FILE *err);

/* Names the revision's files "REV:path" (the repository's own notation)
 * instead of their temporary paths, in every later diagnostic and report. */
void diff_source_rename(struct arena *a, const struct diff_source *s, struct model *m,
                        struct lock *lock);

/* Removes the temporary folder. */
void diff_source_close(struct diff_source *s);

#endif
