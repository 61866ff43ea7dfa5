#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lock/lock.h"
#include "../model/model.h"
#include "../output/output_set.h"
#include "../support/diag.h"
#include "commands.h"

bool cli_declares(const struct cli_args *args, const char *long_name)
{
    for (size_t i = 0; args->options[i].long_name; i++)
        if (strcmp(args->options[i].long_name, long_name) == 0)
            return true;
    return false;
}

const char *cli_lock_path(const struct cli_args *args, struct arena *a, const char *catalog,
                          bool *named)
{
    const char *given = cli_declares(args, "lock") ? cli_value(args, "lock") : NULL;
    *named = given != NULL;
    return given ? given : lock_path_for(a, catalog);
}

int cli_apply_lock(const char *lock_path, bool required, bool warn_outdated, struct arena *a,
                   struct diag *d, struct model *m, struct lock *out)
{
    struct lock scratch;
    struct lock *lock = out ? out : &scratch;
    switch (lock_read(a, d, lock_path, required, lock)) {
    case LOCK_ABSENT:
        lock->path = NULL;
        return EXIT_OK;
    case LOCK_IO_ERROR:
        return EXIT_USAGE;
    case LOCK_INVALID:
        return EXIT_INVALID;
    case LOCK_OK:
        break;
    }
    struct lock_apply_options opt = { .warn_outdated = warn_outdated };
    return lock_apply(a, d, lock, m, &opt) && !diag_failed(d) ? EXIT_OK : EXIT_INVALID;
}

int cli_write_lock(struct arena *a, struct diag *d, const char *lock_path, const char *catalog,
                   const struct lock *old, const struct model *m)
{
    struct lock fresh;
    lock_build(a, m, old && old->path ? old : NULL, &fresh);
    size_t len;
    char *text = lock_format(&fresh, catalog, &len);
    struct output_set set;
    output_set_init(&set);
    output_set_add_path(&set, lock_path, text, len);
    struct output_result result;
    bool ok = output_set_commit(&set, ".", &output_posix_ops, d->out, &result);
    output_set_release(&set);
    return ok ? EXIT_OK : EXIT_USAGE;
}

int cli_update_lock(const struct cli_args *args, struct arena *a, struct diag *d,
                    const char *catalog, const struct model *m)
{
    bool named;
    const char *path = cli_lock_path(args, a, catalog, &named);
    struct lock old;
    /* Read and checked once already by cli_load_catalog: only its tombstones
     * are wanted here. */
    enum lock_result r = lock_read(a, d, path, false, &old);
    if (r == LOCK_IO_ERROR)
        return EXIT_USAGE;
    if (r == LOCK_INVALID)
        return EXIT_INVALID;
    return cli_write_lock(a, d, path, catalog, r == LOCK_OK ? &old : NULL, m);
}
