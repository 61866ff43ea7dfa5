#include <stdio.h>

#include "../model/model.h"
#include "../support/arena.h"
#include "../support/diag.h"
#include "commands.h"

static const char lint_help[] =
    "Usage: errata lint [OPTIONS] CATALOG...\n"
    "\n"
    "Checks each catalog (and everything it includes) against the catalog format\n"
    "and HTTP's rules, and prints every problem found as FILE:LINE:COL: error|warning:\n"
    "with the source line and a caret. Writes no files. Each warning ends with its\n"
    "name ([-Wexpose-detail-5xx]); an entry or a whole catalog file that means it\n"
    "allows it by name (allow: [expose-detail-5xx]), so --werror can stay on.\n"
    "\n"
    "When NAME.lock is beside a catalog (or --lock FILE names one), its enum values\n"
    "apply and the catalog is checked against it: a tombstoned code back, an id or a\n"
    "type URI another code had are errors; a code not locked yet is a warning\n"
    "[-Wlock-outdated] saying to run 'errata lock' (docs/evolution.md).\n"
    "\n"
    "Options:\n"
    "      --lock FILE        the lock to check against (one catalog only)\n"
    "  -I, --include-dir DIR  search DIR for included catalogs (repeatable), after\n"
    "                         the including file's folder\n"
    "      --werror           treat warnings as errors\n"
    "  -h, --help             show this help\n"
    "\n"
    "Exit status: 0 no errors (warnings allowed), 1 errors found, 2 usage or I/O error.\n";

static const struct cli_option lint_options[] = { CATALOG_CLI_OPTIONS, { "lock", 0, true },
                                                  { NULL, 0, false } };

static int run_lint(int argc, char **argv)
{
    struct cli_args args;
    if (!cli_parse(&args, "lint", lint_options, argc, argv))
        return EXIT_USAGE;
    if (cli_flag(&args, "help")) {
        fputs(lint_help, stdout);
        cli_args_free(&args);
        return EXIT_OK;
    }
    if (args.positional_count == 0) {
        cli_args_free(&args);
        return cli_usage_error("lint", "no catalog given");
    }
    if (cli_value(&args, "lock") && args.positional_count > 1) {
        cli_args_free(&args);
        return cli_usage_error("lint", "--lock names the lock of one catalog; give one");
    }
    struct diag d;
    diag_init(&d, stderr, cli_flag(&args, "werror"));
    int status = EXIT_OK;
    for (size_t i = 0; i < args.positional_count; i++) {
        struct arena a;
        arena_init(&a);
        struct model m;
        int one = cli_load_catalog(&args, args.positional[i], &a, &d, &m);
        if (one > status)
            status = one;
        arena_finish(&a);
    }
    cli_summarize(&d);
    cli_args_free(&args);
    return status;
}

const struct command command_lint = {
    "lint", "check catalogs and report every problem", lint_help, run_lint,
};
