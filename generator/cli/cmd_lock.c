#include <stdio.h>

#include "../lock/lock.h"
#include "../model/model.h"
#include "../support/arena.h"
#include "../support/diag.h"
#include "commands.h"

static const char lock_help[] =
    "Usage: errata lock [OPTIONS] CATALOG\n"
    "\n"
    "Writes NAME.lock beside the catalog (petstore.yaml -> petstore.lock): every\n"
    "code of the resolved catalog, included ones too, with its enum value, type\n"
    "URI and status. Once it exists, lint, generate, docs and diff take every enum\n"
    "value from it, so values never shift when entries are added, moved or\n"
    "removed. A code the lock does not have yet gets the next value no code ever\n"
    "had. A locked code that left the catalog stays as a tombstone, with the\n"
    "catalog version it left in and, when the catalog's 'removed:' names one, the\n"
    "code that replaces it; a type URI a code no longer has stays in its 'was:'.\n"
    "Values and type URIs are never given to another code.\n"
    "\n"
    "The catalog is checked against the existing lock first: a tombstoned code\n"
    "back, an 'id:' that differs from its locked value, or a value or type URI\n"
    "that belonged to another code is an error, and nothing is written. The file\n"
    "is written atomically and only when its content changed. See\n"
    "docs/evolution.md.\n"
    "\n"
    "Options:\n"
    "      --lock FILE        read and write FILE instead of NAME.lock\n"
    "  -I, --include-dir DIR  search DIR for included catalogs (repeatable)\n"
    "      --werror           treat warnings as errors\n"
    "  -h, --help             show this help\n"
    "\n"
    "Exit status: 0 written or up to date, 1 the catalog or the lock has errors,\n"
    "2 usage or I/O error.\n";

static const struct cli_option lock_options[] = {
    CATALOG_CLI_OPTIONS,
    { "lock", 0, true },
    { NULL, 0, false },
};

static int lock_catalog(const struct cli_args *args, const char *catalog)
{
    struct diag d;
    diag_init(&d, stderr, cli_flag(args, "werror"));
    struct arena a;
    arena_init(&a);
    struct model m;
    int status = cli_load_unlocked(args, catalog, &a, &d, &m);
    bool named;
    const char *path = cli_lock_path(args, &a, catalog, &named);
    struct lock old;
    if (status == EXIT_OK)
        status = cli_apply_lock(path, false, false, &a, &d, &m, &old);
    if (status == EXIT_OK)
        status = cli_write_lock(&a, &d, path, catalog, &old, &m);
    cli_summarize(&d);
    arena_finish(&a);
    return status;
}

static int run_lock(int argc, char **argv)
{
    struct cli_args args;
    if (!cli_parse(&args, "lock", lock_options, argc, argv))
        return EXIT_USAGE;
    int status;
    if (cli_flag(&args, "help")) {
        fputs(lock_help, stdout);
        status = EXIT_OK;
    } else if (args.positional_count != 1) {
        status = cli_usage_error("lock", args.positional_count ? "give exactly one catalog"
                                                               : "no catalog given");
    } else {
        status = lock_catalog(&args, args.positional[0]);
    }
    cli_args_free(&args);
    return status;
}

const struct command command_lock = {
    "lock", "write NAME.lock: pinned enum values and tombstones", lock_help, run_lock,
};
