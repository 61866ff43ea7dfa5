#include <stdio.h>

#include "../model/json_write.h"
#include "../model/model.h"
#include "../render/template_data.h"
#include "../support/arena.h"
#include "../support/diag.h"
#include "../support/strbuf.h"
#include "commands.h"

static const char model_help[] =
    "Usage: errata model [OPTIONS] CATALOG\n"
    "\n"
    "Checks the catalog and prints its resolved model as JSON on standard output:\n"
    "the data every template renders from, with includes merged and every derived\n"
    "name (C identifiers, slug, type URI, status class, retryable, cache policy).\n"
    "The output is deterministic. See docs/templates.md for every field.\n"
    "\n"
    "Options:\n"
    "  -I, --include-dir DIR  search DIR for included catalogs (repeatable)\n"
    "      --werror           treat warnings as errors\n"
    "  -h, --help             show this help\n"
    "\n"
    "Exit status: 0 printed, 1 the catalog has errors (nothing printed), 2 usage or\n"
    "I/O error.\n";

static const struct cli_option model_options[] = { CATALOG_CLI_OPTIONS, { NULL, 0, false } };

static int print_model(const struct model *m, struct arena *a)
{
    struct strbuf out = STRBUF_INIT;
    json_write_value(&out, template_data(a, m, TEMPLATE_FIELDS_ALL));
    strbuf_addc(&out, '\n');
    size_t len = out.len;
    size_t written = fwrite(out.data, 1, len, stdout);
    strbuf_release(&out);
    if (written != len || fflush(stdout) != 0) {
        perror("errata model: writing standard output");
        return EXIT_USAGE;
    }
    return EXIT_OK;
}

static int run_model(int argc, char **argv)
{
    struct cli_args args;
    if (!cli_parse(&args, "model", model_options, argc, argv))
        return EXIT_USAGE;
    int status;
    if (cli_flag(&args, "help")) {
        fputs(model_help, stdout);
        status = EXIT_OK;
    } else if (args.positional_count != 1) {
        status = cli_usage_error("model", args.positional_count ? "give exactly one catalog"
                                                                : "no catalog given");
    } else {
        struct diag d;
        diag_init(&d, stderr, cli_flag(&args, "werror"));
        struct arena a;
        arena_init(&a);
        struct model m;
        status = cli_load_catalog(&args, args.positional[0], &a, &d, &m);
        cli_summarize(&d);
        if (status == EXIT_OK)
            status = print_model(&m, &a);
        arena_finish(&a);
    }
    cli_args_free(&args);
    return status;
}

const struct command command_model = {
    "model", "print a catalog's resolved model as JSON", model_help, run_model,
};
