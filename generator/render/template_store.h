/* Where templates come from: the built-in ones compiled into errata, files in
 * a user's --templates folder that replace or extend them, and, for `errata
 * render`, a plain partials folder. It is the Mustache engine's loader and
 * remembers every file it read from disk, for depfiles.
 *
 * A name maps to NAME.mustache (`c/errors.h` -> c/errors.h.mustache). The
 * prefix `builtin/` always means errata's own copy, so a user's c/errors.h
 * can inherit the built-in one: {{<builtin/c/errors.h}}...{{/builtin/c/errors.h}}.
 * Names with "..", a leading '/' or a NUL are never looked up. */
#ifndef ERRATA_RENDER_TEMPLATE_STORE_H
#define ERRATA_RENDER_TEMPLATE_STORE_H

#include <stdbool.h>
#include <stddef.h>

#include "../support/source.h"

struct arena;
struct diag;
struct mustache_loader;

struct template_store {
    struct arena *a;
    struct diag *d;
    unsigned errors;      /* templates found but unreadable */
    const char *dir;      /* searched first; NULL for none */
    bool use_builtin;     /* then the built-in templates */
    const char **read;    /* paths read from disk, in order */
    size_t read_count, read_cap;
};

void template_store_init(struct template_store *s, struct arena *a, struct diag *d,
                         const char *dir, bool use_builtin);
struct mustache_loader template_store_loader(struct template_store *s);

/* Finds a template by name; false when there is none. */
bool template_store_find(struct template_store *s, const char *name, size_t len,
                         struct source *out);

#endif
