#include <stdio.h>

#include "../catalog/catalog.h"
#include "../support/diag.h"
#include "commands.h"

int cli_load_unlocked(const struct cli_args *args, const char *path, struct arena *a,
                      struct diag *d, struct model *out)
{
    struct catalog_options opt;
    catalog_options_init(&opt);
    opt.include_dirs = cli_values(args, "include-dir");
    opt.include_dir_count = cli_count(args, "include-dir");
    switch (catalog_load(a, d, path, &opt, out)) {
    case CATALOG_OK:
        return EXIT_OK;
    case CATALOG_INVALID:
        return EXIT_INVALID;
    case CATALOG_IO_ERROR:
        break;
    }
    return EXIT_USAGE;
}

int cli_load_catalog(const struct cli_args *args, const char *path, struct arena *a,
                     struct diag *d, struct model *out)
{
    int status = cli_load_unlocked(args, path, a, d, out);
    if (status != EXIT_OK)
        return status;
    /* The lock beside the catalog (or --lock) pins every enum value;
     * generate --update-lock rewrites it, so has nothing to warn about. */
    bool named;
    const char *lock = cli_lock_path(args, a, path, &named);
    bool updating = cli_declares(args, "update-lock") && cli_flag(args, "update-lock");
    return cli_apply_lock(lock, named, !updating, a, d, out, NULL);
}

void cli_summarize(const struct diag *d)
{
    if (d->errors == 0 && d->warnings == 0)
        return;
    unsigned warnings = d->werror ? 0 : d->warnings;
    fprintf(d->out, "errata: %u error%s, %u warning%s\n", d->errors, d->errors == 1 ? "" : "s",
            warnings, warnings == 1 ? "" : "s");
}
