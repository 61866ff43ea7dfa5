#include <stdio.h>
#include <string.h>

#include "../catalog/catalog.h"
#include "../diff/diff.h"
#include "../diff/diff_source.h"
#include "../lock/lock.h"
#include "../model/model.h"
#include "../support/arena.h"
#include "../support/diag.h"
#include "commands.h"

static const char diff_help[] =
    "Usage: errata diff [OPTIONS] OLD NEW\n"
    "\n"
    "Compares two versions of a catalog as their clients see them and classifies\n"
    "every change. OLD and NEW are catalog files, or git:REV:PATH for the catalog at\n"
    "a revision of the repository errata runs in (PATH relative to the current\n"
    "folder; its includes and its lock are read at that revision too). Each side's\n"
    "lock (NAME.lock beside it) gives its enum values.\n"
    "\n"
    "Breaking: an error removed without a tombstone; its type URI, status or code\n"
    "changed; a member removed, renamed, retyped, made required, added as required,\n"
    "no longer sent, or its bounds narrowed (minimum, maximum, max_length, max_items,\n"
    "format); a header removed or its template changed; retryable turned off; an\n"
    "enum value changed or reused; base_uri changed.\n"
    "Compatible: an error added, or removed with a tombstone; an optional member\n"
    "added; bounds widened; title, detail, description or deprecation changed;\n"
    "retryable turned on; a header added. docs/evolution.md gives the reasons.\n"
    "\n"
    "Each change is printed compiler-style, located in NEW (in OLD for a removal),\n"
    "then a summary line 'N breaking, M compatible'.\n"
    "\n"
    "Options:\n"
    "      --format FORMAT    text (the default), json (for tools) or markdown (a\n"
    "                         changelog section, or a comment for a CI review)\n"
    "      --fail-on KIND     'breaking' (the default) or 'compatible': exit 1 on any\n"
    "                         change at all, so that every change gets reviewed\n"
    "      --lock FILE        NEW's lock instead of NAME.lock beside it\n"
    "  -I, --include-dir DIR  search DIR for included catalogs (repeatable); for a\n"
    "                         git:REV:PATH side, a relative DIR is read at REV\n"
    "      --werror           treat the catalogs' warnings as errors\n"
    "  -h, --help             show this help\n"
    "\n"
    "Exit status: 0 no breaking change, 1 a breaking change (or any change with\n"
    "--fail-on compatible, or a catalog with errors), 2 usage or I/O error.\n";

static const struct cli_option diff_options[] = {
    CATALOG_CLI_OPTIONS,
    { "format", 0, true },
    { "fail-on", 0, true },
    { "lock", 0, true },
    { NULL, 0, false },
};

/* Loads one side: the catalog (relative -I folders read at the revision for
 * git:REV:PATH), then its lock. */
static int load_side(const struct cli_args *args, struct arena *a, struct diag *d,
                     const struct diff_source *src, const char *lock_path, struct model *m,
                     struct lock *lock)
{
    struct catalog_options opt;
    catalog_options_init(&opt);
    size_t count = cli_count(args, "include-dir");
    const char *const *dirs = cli_values(args, "include-dir");
    const char **mapped = arena_alloc_array(a, count ? count : 1, sizeof *mapped);
    for (size_t i = 0; i < count; i++)
        mapped[i] = src->cwd && dirs[i][0] != '/' ? arena_printf(a, "%s%s", src->cwd, dirs[i])
                                                  : dirs[i];
    opt.include_dirs = mapped;
    opt.include_dir_count = count;
    switch (catalog_load(a, d, src->path, &opt, m)) {
    case CATALOG_OK:
        break;
    case CATALOG_INVALID:
        return EXIT_INVALID;
    case CATALOG_IO_ERROR:
        return EXIT_USAGE;
    }
    bool named = lock_path != NULL;
    int status = cli_apply_lock(named ? lock_path : lock_path_for(a, src->path), named, false, a,
                                d, m, lock);
    diff_source_rename(a, src, m, lock);
    return status;
}

static int run_diff_on(const struct cli_args *args, enum diff_format format, bool fail_any)
{
    struct arena a;
    arena_init(&a);
    struct diag d;
    diag_init(&d, stderr, cli_flag(args, "werror"));
    struct diff_source src[2] = { { 0 }, { 0 } };
    struct model m[2];
    struct lock lock[2];
    int status = EXIT_OK;
    for (int i = 0; i < 2 && status == EXIT_OK; i++) {
        if (!diff_source_open(&a, args->positional[i], &src[i], stderr)) {
            status = EXIT_USAGE;
            break;
        }
        int one = load_side(args, &a, &d, &src[i], i == 1 ? cli_value(args, "lock") : NULL,
                            &m[i], &lock[i]);
        status = one > status ? one : status;
    }
    if (status == EXIT_OK) {
        struct diff_side old = { &m[0], &lock[0], args->positional[0] };
        struct diff_side new_ = { &m[1], &lock[1], args->positional[1] };
        struct diff_result r;
        diff_models(&a, &old, &new_, &r);
        diff_print(stdout, format, &old, &new_, &r);
        status = r.breaking || (fail_any && r.count) ? EXIT_INVALID : EXIT_OK;
    } else {
        cli_summarize(&d);
    }
    diff_source_close(&src[0]);
    diff_source_close(&src[1]);
    arena_finish(&a);
    return status;
}

static int run_diff(int argc, char **argv)
{
    struct cli_args args;
    if (!cli_parse(&args, "diff", diff_options, argc, argv))
        return EXIT_USAGE;
    int status;
    enum diff_format format = DIFF_TEXT;
    const char *fmt = cli_value(&args, "format"), *fail = cli_value(&args, "fail-on");
    if (cli_flag(&args, "help")) {
        fputs(diff_help, stdout);
        status = EXIT_OK;
    } else if (args.positional_count != 2) {
        status = cli_usage_error("diff", "give two catalogs, OLD and NEW (a file or "
                                         "git:REV:PATH each)");
    } else if (fmt && !diff_format_named(fmt, &format)) {
        status = cli_usage_error("diff", "unknown format '%s'; use text, json or markdown", fmt);
    } else if (fail && strcmp(fail, "breaking") != 0 && strcmp(fail, "compatible") != 0) {
        status = cli_usage_error("diff", "--fail-on takes 'breaking' or 'compatible', not '%s'",
                                 fail);
    } else {
        status = run_diff_on(&args, format, fail && strcmp(fail, "compatible") == 0);
    }
    cli_args_free(&args);
    return status;
}

const struct command command_diff = {
    "diff", "classify the changes between two catalogs (breaking or compatible)", diff_help,
    run_diff,
};
