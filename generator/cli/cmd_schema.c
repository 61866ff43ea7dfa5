#include <stdio.h>
#include <string.h>

#include "../model/model.h"
#include "../openapi/openapi.h"
#include "../openapi/registry.h"
#include "../output/output_set.h"
#include "../render/depfile.h"
#include "../render/generate.h"
#include "../support/arena.h"
#include "../support/diag.h"
#include "commands.h"

static const char schema_help[] =
    "Usage: errata schema [OPTIONS] CATALOG -o DIR\n"
    "\n"
    "Checks the catalog and writes into DIR what a service publishes under its\n"
    "base_uri beside the docs (errata docs writes SLUG.html and NAME_errors.html\n"
    "into the same folder):\n"
    "  SLUG.schema.json     one JSON Schema 2020-12 per error, $id base_uri + file\n"
    "                       name: type, status and code as const, every member\n"
    "                       typed, the runtime's example body in examples\n"
    "  problem.schema.json  the RFC 9457 problem object (Appendix A)\n"
    "  index.json           the registry: every type URI with its code, status,\n"
    "                       title, retryable, docs page and schema file\n"
    "Files are written atomically, only when changed; nothing is written when any\n"
    "error is found. See docs/openapi.md.\n"
    "\n"
    "Options:\n"
    "  -o, --output DIR       write the files into DIR (created if missing)\n"
    "      --depfile FILE     write a Make-style depfile: the files depend on the\n"
    "                         catalog and its includes\n"
    "  -I, --include-dir DIR  search DIR for included catalogs (repeatable)\n"
    "      --werror           treat warnings as errors\n"
    "  -h, --help             show this help\n"
    "\n"
    "Exit status: 0 written or up to date, 1 the catalog has errors (nothing\n"
    "written), 2 usage or I/O error.\n";

static const struct cli_option schema_options[] = {
    CATALOG_CLI_OPTIONS,
    { "output", 'o', true },
    { "depfile", 0, true },
    { NULL, 0, false },
};

static void add_depfile(const struct model *m, const char *dir, const char *path,
                        struct output_set *set)
{
    struct depfile df;
    depfile_init(&df);
    size_t outputs = set->count;
    for (size_t i = 0; i < outputs; i++)
        depfile_add_target(&df, dir, set->files[i].name);
    for (size_t i = 0; i < m->file_count; i++) {
        if (!m->files[i]->builtin)
            depfile_add_dep(&df, m->files[i]->path);
    }
    depfile_add_to(&df, path, set);
    depfile_release(&df);
}

static int schema(const struct cli_args *args)
{
    struct diag d;
    diag_init(&d, stderr, cli_flag(args, "werror"));
    struct arena a;
    arena_init(&a);
    struct model m;
    const char *dir = cli_value(args, "output");
    int status = cli_load_catalog(args, args->positional[0], &a, &d, &m);
    if (status == EXIT_OK) {
        struct output_set set;
        output_set_init(&set);
        if (!registry_build(&a, &d, &m, openapi_banner(&a, &m), &set)) {
            status = EXIT_INVALID;
        } else {
            if (cli_value(args, "depfile") != NULL)
                add_depfile(&m, dir, cli_value(args, "depfile"), &set);
            status = generate_commit(dir, &set, &d);
        }
        output_set_release(&set);
    }
    cli_summarize(&d);
    arena_finish(&a);
    return status;
}

static int run_schema(int argc, char **argv)
{
    return cli_run_writer("schema", schema_options, schema_help, schema, argc, argv);
}

const struct command command_schema = {
    "schema", "write a JSON Schema per error and the index.json registry", schema_help,
    run_schema,
};
