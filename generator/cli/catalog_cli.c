#include <stdio.h>

#include "../catalog/catalog.h"
#include "../support/diag.h"
#include "commands.h"

int cli_load_catalog(const struct cli_args *args, const char *path, struct arena *a,
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

void cli_summarize(const struct diag *d)
{
    if (d->errors == 0 && d->warnings == 0)
        return;
    unsigned warnings = d->werror ? 0 : d->warnings;
    fprintf(d->out, "errata: %u error%s, %u warning%s\n", d->errors, d->errors == 1 ? "" : "s",
            warnings, warnings == 1 ? "" : "s");
}
