/* `errata diff`: two checked catalogs compared for what their clients see.
 * Every change is classified as breaking (a client built from the old
 * catalog may misbehave against a server built from the new one) or
 * compatible, and located compiler-style: in the new catalog, or in the old
 * one for what was removed. docs/evolution.md explains each rule. */
#ifndef ERRATA_DIFF_DIFF_H
#define ERRATA_DIFF_DIFF_H

#include <stdbool.h>
#include <stddef.h>

#include <stdio.h>

#include "../support/source.h"

struct arena;
struct lock;
struct model;
struct member;

enum change_kind {
    CHANGE_BREAKING,
    CHANGE_COMPATIBLE,
};

struct change {
    enum change_kind kind;
    const char *rule; /* its name: "status-changed", printed as [status-changed] */
    const char *code; /* the error it concerns; NULL for the catalog itself */
    struct loc loc;
    const char *message;
};

struct diff_result {
    struct change *changes;
    size_t count, cap;
    size_t breaking, compatible;
};

/* One side: the model (ids as its lock gives them) and that lock, if any
 * (NULL or path NULL: none). */
struct diff_side {
    const struct model *model;
    const struct lock *lock;
    const char *name; /* as given on the command line, for the report */
};

void diff_models(struct arena *a, const struct diff_side *old, const struct diff_side *new_,
                 struct diff_result *out);

/* diff.c, for diff_members.c */
void diff_add(struct arena *a, struct diff_result *r, enum change_kind kind, const char *rule,
              const char *code, struct loc loc, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

/* diff_members.c: the members of one error (matched by code). */
void diff_members(struct arena *a, struct diff_result *r, const char *code,
                  const struct member *old, size_t old_count, const struct member *new_,
                  size_t new_count, const char *prefix);

/* diff_print.c */
enum diff_format {
    DIFF_TEXT,
    DIFF_JSON,
    DIFF_MARKDOWN,
};
bool diff_format_named(const char *name, enum diff_format *out);
void diff_print(FILE *out, enum diff_format format, const struct diff_side *old,
                const struct diff_side *new_, const struct diff_result *r);

#endif
