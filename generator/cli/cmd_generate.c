#include <stdio.h>
#include <string.h>

#include "../model/model.h"
#include "../render/generate.h"
#include "../render/targets.h"
#include "../support/arena.h"
#include "../support/diag.h"
#include "commands.h"

static const char generate_help[] =
    "Usage: errata generate [OPTIONS] CATALOG -o DIR\n"
    "\n"
    "Checks the catalog, renders every output of the selected targets from the\n"
    "templates, and writes them into DIR: each file atomically (a temporary file\n"
    "in DIR, then a rename), only when its content changed (so its mtime and\n"
    "incremental builds hold), byte for byte the same on every run. When any\n"
    "error is found, or any file (the depfile included) cannot be written,\n"
    "nothing at all is written.\n"
    "\n"
    "Options:\n"
    "  -o, --output DIR       write the files into DIR (created if missing)\n"
    "      --lang LANGS       generate code for LANGS, comma-separated: 'c' (the\n"
    "                         default: NAME_errors.h, NAME_errors.c), 'ts'\n"
    "                         (NAME_errors.ts, TypeScript), 'js' (NAME_errors.js\n"
    "                         and NAME_errors.d.ts, plain JavaScript), e.g. 'c,ts'\n"
    "      --docs             also generate the documentation, every file errata\n"
    "                         docs writes by default (NAME_errors.md,\n"
    "                         NAME_errors.html, SLUG.html); alone, without\n"
    "                         --lang, only the documentation\n"
    "      --tests            also write NAME_errors_test.c: a program (C99, no test\n"
    "                         framework) that round-trips every error through the\n"
    "                         generated code, its examples and the edges of its\n"
    "                         bounds, and exits 1 on any mismatch\n"
    "      --emit-runtime     also write the runtime as errata.h and errata.c, so\n"
    "                         the code builds with no installed liberrata\n"
    "      --templates DIR    templates in DIR replace built-in ones of the same\n"
    "                         name (DIR/docs/errors.md.mustache); a template may\n"
    "                         inherit a built-in one as {{<builtin/NAME}}\n"
    "      --depfile FILE     write a Make-style depfile: the outputs depend on\n"
    "                         the catalog, its includes and every template read\n"
    "                         from disk; FILE's folder must exist\n"
    "      --lock FILE        the lock pinning enum values (default: NAME.lock\n"
    "                         beside the catalog, when present)\n"
    "      --update-lock      after writing, rewrite the lock: new codes pinned,\n"
    "                         removed ones kept as tombstones (see errata lock)\n"
    "  -I, --include-dir DIR  search DIR for included catalogs (repeatable)\n"
    "      --werror           treat warnings as errors\n"
    "  -h, --help             show this help\n"
    "\n"
    "Exit status: 0 written or up to date, 1 the catalog or a template has errors\n"
    "(nothing written), 2 usage or I/O error.\n";

static const struct cli_option generate_options[] = {
    CATALOG_CLI_OPTIONS,
    { "output", 'o', true },
    { "lang", 0, true },
    { "docs", 0, false },
    { "templates", 0, true },
    { "depfile", 0, true },
    { "emit-runtime", 0, false },
    { "lock", 0, true },
    { "update-lock", 0, false },
    { "tests", 0, false },
    { NULL, 0, false },
};

/* The languages --lang names, comma-separated ("c,ts"), each once. */
static int select_languages(const char *lang, const struct target **out, size_t *count)
{
    static const char *const known[] = { "c", "ts", "js" };
    const char *at = lang;
    bool seen[sizeof known / sizeof known[0]] = { false };
    for (;;) {
        size_t n = strcspn(at, ",");
        size_t k = 0;
        while (k < sizeof known / sizeof known[0] &&
               !(strlen(known[k]) == n && strncmp(known[k], at, n) == 0))
            k++;
        if (k == sizeof known / sizeof known[0])
            return cli_usage_error("generate",
                                   "unknown language '%.*s' in --lang '%s'; errata generates "
                                   "'c', 'ts' and 'js'",
                                   (int)n, at, lang);
        if (!seen[k]) {
            const struct target *t = target_find(known[k]);
            if (t == NULL) {
                fprintf(stderr, "errata generate: this build of errata has no '%s' templates\n",
                        known[k]);
                return EXIT_USAGE;
            }
            out[(*count)++] = t;
            seen[k] = true;
        }
        if (at[n] == '\0')
            return EXIT_OK;
        at += n + 1;
    }
}

/* The targets the options select: the languages (C unless told
 * otherwise), then the docs when asked. */
static int select_targets(const struct cli_args *args, const struct target **out, size_t *count)
{
    const char *lang = cli_value(args, "lang");
    *count = 0;
    if (cli_flag(args, "docs")) {
        out[(*count)++] = target_find("docs-md");
        out[(*count)++] = target_find("docs-html");
        out[(*count)++] = target_find("docs-pages");
    }
    if (lang == NULL && *count > 0)
        return EXIT_OK; /* --docs alone: just the docs */
    int status = select_languages(lang != NULL ? lang : "c", out, count);
    if (status != EXIT_OK || !cli_flag(args, "tests"))
        return status;
    /* The round-trip test program is C: it goes with the C code. */
    for (size_t i = 0; i < *count; i++)
        if (out[i] == target_find("c")) {
            out[(*count)++] = target_find("c-tests");
            return EXIT_OK;
        }
    return cli_usage_error("generate", "--tests writes a C test program; add 'c' to --lang '%s'",
                           lang != NULL ? lang : "c");
}

int cli_generate(const struct cli_args *args, const struct target *const *targets,
                 size_t target_count, bool emit_runtime)
{
    const char *depfile = cli_value(args, "depfile");
    size_t depfile_len = depfile ? strlen(depfile) : 0;
    if (depfile && (depfile_len == 0 || depfile[depfile_len - 1] == '/'))
        return cli_usage_error(args->command, "--depfile names a file, not a folder ('%s')",
                               depfile);
    struct generate_request req = { 0 };
    req.target_count = target_count;
    int status;
    struct diag d;
    diag_init(&d, stderr, cli_flag(args, "werror"));
    struct arena a;
    arena_init(&a);
    struct model m;
    status = cli_load_catalog(args, args->positional[0], &a, &d, &m);
    if (status == EXIT_OK) {
        req.model = &m;
        req.targets = targets;
        req.out_dir = cli_value(args, "output");
        req.templates_dir = cli_value(args, "templates");
        req.depfile = depfile;
        req.emit_runtime = emit_runtime;
        status = cli_declares(args, "locale") ? cli_generate_locales(args, &a, &d, &req)
                                              : generate_run(&a, &d, &req);
    }
    if (status == EXIT_OK && cli_declares(args, "update-lock") && cli_flag(args, "update-lock"))
        status = cli_update_lock(args, &a, &d, args->positional[0], &m);
    cli_summarize(&d);
    arena_finish(&a);
    return status;
}

static int generate(const struct cli_args *args)
{
    const struct target *targets[8];
    size_t count;
    int status = select_targets(args, targets, &count);
    return status == EXIT_OK ? cli_generate(args, targets, count, cli_flag(args, "emit-runtime"))
                             : status;
}

int cli_run_writer(const char *command, const struct cli_option *options, const char *help,
                   int (*body)(const struct cli_args *args), int argc, char **argv)
{
    struct cli_args args;
    if (!cli_parse(&args, command, options, argc, argv))
        return EXIT_USAGE;
    int status;
    if (cli_flag(&args, "help")) {
        fputs(help, stdout);
        status = EXIT_OK;
    } else if (args.positional_count != 1) {
        status = cli_usage_error(command, args.positional_count ? "give exactly one catalog"
                                                                : "no catalog given");
    } else if (cli_value(&args, "output") == NULL) {
        status = cli_usage_error(command, "no output folder given (-o DIR)");
    } else {
        status = body(&args);
    }
    cli_args_free(&args);
    return status;
}

static int run_generate(int argc, char **argv)
{
    return cli_run_writer("generate", generate_options, generate_help, generate, argc, argv);
}

const struct command command_generate = {
    "generate", "render the catalog's C, TypeScript or JavaScript code (and docs) into a folder", generate_help,
    run_generate,
};
