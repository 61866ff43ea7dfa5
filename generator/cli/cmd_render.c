#include <stdio.h>
#include <string.h>

#include "../catalog/limits.h"
#include "../catalog/yaml_tree.h"
#include "../model/value.h"
#include "../model/value_yaml.h"
#include "../render/template_store.h"
#include "../support/arena.h"
#include "../support/diag.h"
#include "../support/strbuf.h"
#include "../template/mustache.h"
#include "commands.h"

static const char render_help[] =
    "Usage: errata render [OPTIONS] TEMPLATE\n"
    "\n"
    "Renders one Mustache template against JSON or YAML data and writes exactly\n"
    "the rendered bytes to standard output (nothing added). The template authors'\n"
    "tool: try a template against `errata model` output before using it.\n"
    "\n"
    "Options:\n"
    "      --data FILE        the data (JSON or YAML); without it, no name resolves\n"
    "      --partials DIR     {{>name}} and {{<name}} load DIR/name.mustache (default:\n"
    "                         the template's folder); a missing partial renders as\n"
    "                         nothing; builtin/NAME names errata's built-in templates\n"
    "  -h, --help             show this help\n"
    "\n"
    "{{x}} is HTML-escaped, as Mustache specifies; {{{x}}} is not.\n"
    "\n"
    "Exit status: 0 rendered, 1 the template or data has errors (nothing\n"
    "printed), 2 usage or I/O error.\n";

static const struct cli_option render_options[] = {
    { "data", 0, true },
    { "partials", 0, true },
    { "help", 'h', false },
    { NULL, 0, false },
};

static int read_input(struct arena *a, const char *path, struct source *out)
{
    static const struct catalog_limits limits = CATALOG_DEFAULT_LIMITS;
    switch (source_read_file(a, path, limits.max_file_size, out)) {
    case SOURCE_OK:
        return EXIT_OK;
    case SOURCE_TOO_LARGE:
        fprintf(stderr, "errata render: '%s' is larger than %zu bytes\n", path,
                limits.max_file_size);
        return EXIT_USAGE;
    case SOURCE_IO_ERROR:
        break;
    }
    perror(path);
    return EXIT_USAGE;
}

static int load_data(struct arena *a, struct diag *d, const char *path, struct value **out)
{
    static const struct catalog_limits limits = CATALOG_DEFAULT_LIMITS;
    struct source src;
    *out = NULL;
    if (path == NULL)
        return EXIT_OK;
    int status = read_input(a, path, &src);
    if (status != EXIT_OK)
        return status;
    /* JSON is YAML's flow style, so one reader serves both. */
    const struct ynode *root = yaml_tree_parse(a, d, &src, &limits);
    if (root == NULL)
        return EXIT_INVALID;
    *out = value_from_ynode(a, root);
    return EXIT_OK;
}

static const char *folder_of(struct arena *a, const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? arena_strndup(a, path, (size_t)(slash - path)) : ".";
}

static int render(const struct cli_args *args, struct arena *a, struct diag *d)
{
    const char *path = args->positional[0];
    struct value *data;
    struct source src;
    int status = read_input(a, path, &src);
    if (status == EXIT_OK)
        status = load_data(a, d, cli_value(args, "data"), &data);
    if (status != EXIT_OK)
        return status;
    const char *dir = cli_value(args, "partials");
    struct template_store store;
    template_store_init(&store, a, d, dir ? dir : folder_of(a, path), false);
    struct mustache_loader loader = template_store_loader(&store);
    struct mustache_engine *e = mustache_engine_new(a, d, &loader);
    const struct mustache_template *t = mustache_parse(e, &src);
    struct strbuf out = STRBUF_INIT;
    if (t == NULL || !mustache_render(e, t, data, &out) || store.errors) {
        strbuf_release(&out);
        return EXIT_INVALID;
    }
    size_t written = fwrite(out.data ? out.data : "", 1, out.len, stdout);
    bool failed = written != out.len || fflush(stdout) != 0;
    strbuf_release(&out);
    if (failed) {
        perror("errata render: writing standard output");
        return EXIT_USAGE;
    }
    return EXIT_OK;
}

static int run_render(int argc, char **argv)
{
    struct cli_args args;
    if (!cli_parse(&args, "render", render_options, argc, argv))
        return EXIT_USAGE;
    int status;
    if (cli_flag(&args, "help")) {
        fputs(render_help, stdout);
        status = EXIT_OK;
    } else if (args.positional_count != 1) {
        status = cli_usage_error("render", args.positional_count ? "give exactly one template"
                                                                 : "no template given");
    } else {
        struct diag d;
        diag_init(&d, stderr, false);
        struct arena a;
        arena_init(&a);
        status = render(&args, &a, &d);
        arena_finish(&a);
    }
    cli_args_free(&args);
    return status;
}

const struct command command_render = {
    "render", "render one Mustache template against JSON or YAML data", render_help, run_render,
};
