#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../catalog/limits.h"
#include "../catalog/yaml_tree.h"
#include "../model/json_write.h"
#include "../model/model.h"
#include "../openapi/merge.h"
#include "../openapi/openapi.h"
#include "../openapi/yaml_write.h"
#include "../output/output_set.h"
#include "../render/depfile.h"
#include "../render/generate.h"
#include "../support/arena.h"
#include "../support/diag.h"
#include "../support/source.h"
#include "../support/strbuf.h"
#include "commands.h"

static const char openapi_help[] =
    "Usage: errata openapi [OPTIONS] CATALOG [-o FILE]\n"
    "\n"
    "Checks the catalog and writes its error contract as an OpenAPI 3.1 document:\n"
    "components.schemas (Problem, RFC 9457, and one JSON Schema 2020-12 per error\n"
    "pinning its type, status and code with const), components.responses (one per\n"
    "status, oneOf its errors with a discriminator on type, their examples: the\n"
    "bodies the runtime writes), components.headers (the catalog's headers), and,\n"
    "with operations: in the catalog, paths holding each operation's error\n"
    "responses by $ref. See docs/openapi.md.\n"
    "\n"
    "With --into SPEC, reads an existing OpenAPI 3.0 or 3.1 document (YAML or\n"
    "JSON) and writes it back with errata's components added or replaced by name\n"
    "and each catalog operation's error responses set, everything else as it was;\n"
    "it warns (located) about the catalog's operations the spec lacks\n"
    "[-Wopenapi-missing-operation] and the spec's operations the catalog does not\n"
    "list [-Wopenapi-unlisted-operation].\n"
    "\n"
    "Options:\n"
    "  -o, --output FILE      write FILE (atomically, only when changed) instead of\n"
    "                         standard output\n"
    "      --format FORMAT    yaml or json; default json for -o NAME.json, else\n"
    "                         yaml, or with --into the format of SPEC\n"
    "      --into SPEC        merge into the OpenAPI document SPEC\n"
    "      --depfile FILE     write a Make-style depfile (needs -o): FILE depends on\n"
    "                         the catalog, its includes and SPEC\n"
    "  -I, --include-dir DIR  search DIR for included catalogs (repeatable)\n"
    "      --werror           treat warnings as errors\n"
    "  -h, --help             show this help\n"
    "\n"
    "Exit status: 0 written, 1 the catalog or SPEC has errors (nothing written),\n"
    "2 usage or I/O error.\n";

static const struct cli_option openapi_options[] = {
    CATALOG_CLI_OPTIONS,
    { "output", 'o', true },
    { "format", 0, true },
    { "into", 0, true },
    { "depfile", 0, true },
    { NULL, 0, false },
};

struct run {
    const struct cli_args *args;
    struct arena a;
    struct diag d;
    struct model m;
    const struct ynode *spec; /* --into's document, or NULL */
    bool json;
};

/* JSON when its first character (past a BOM and blanks) opens an object. */
static bool looks_like_json(const struct source *src)
{
    const char *p = src->text + source_bom_len(src);
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
        p++;
    return *p == '{';
}

static int read_spec(struct run *r, const char *path)
{
    static const struct catalog_limits limits = CATALOG_DEFAULT_LIMITS;
    struct source *src = arena_alloc(&r->a, sizeof *src);
    switch (source_read_file(&r->a, path, limits.max_file_size, src)) {
    case SOURCE_OK:
        break;
    case SOURCE_TOO_LARGE:
        fprintf(stderr, "errata openapi: '%s' is larger than %zu bytes\n", path,
                limits.max_file_size);
        return EXIT_USAGE;
    case SOURCE_IO_ERROR:
        perror(path);
        return EXIT_USAGE;
    }
    if (cli_value(r->args, "format") == NULL)
        r->json = looks_like_json(src);
    r->spec = yaml_tree_parse(&r->a, &r->d, src, &limits);
    return r->spec ? EXIT_OK : EXIT_INVALID;
}

static bool serialize(struct run *r, const struct value *doc, struct strbuf *out)
{
    if (r->json) {
        json_write_value(out, doc);
        strbuf_addc(out, '\n');
        return true;
    }
    if (r->spec == NULL) /* a document of errata's own: say so */
        strbuf_addf(out, "# %s\n", openapi_banner(&r->a, &r->m));
    return yaml_write_value(out, doc);
}

static int write_stdout(struct strbuf *text)
{
    size_t written = fwrite(text->data, 1, text->len, stdout);
    if (written != text->len || fflush(stdout) != 0) {
        perror("errata openapi: writing standard output");
        return EXIT_USAGE;
    }
    return EXIT_OK;
}

static int write_file(struct run *r, struct strbuf *text, const char *path)
{
    struct output_set set;
    output_set_init(&set);
    output_set_add_path(&set, path, text->data, text->len); /* the set owns it */
    *text = (struct strbuf)STRBUF_INIT;
    const char *depfile = cli_value(r->args, "depfile");
    if (depfile != NULL) {
        struct depfile df;
        depfile_init(&df);
        const char *slash = strrchr(path, '/');
        if (slash == NULL)
            depfile_add_target(&df, ".", path);
        else if (slash == path) /* "/x" is in "/", not in "" */
            depfile_add_target(&df, "/", slash + 1);
        else
            depfile_add_target(&df, arena_strndup(&r->a, path, (size_t)(slash - path)),
                               slash + 1);
        for (size_t i = 0; i < r->m.file_count; i++) {
            if (!r->m.files[i]->builtin)
                depfile_add_dep(&df, r->m.files[i]->path);
        }
        if (cli_value(r->args, "into") != NULL)
            depfile_add_dep(&df, cli_value(r->args, "into"));
        depfile_add_to(&df, depfile, &set);
        depfile_release(&df);
    }
    int status = generate_commit(".", &set, &r->d);
    output_set_release(&set);
    return status;
}

static int build_and_write(struct run *r)
{
    struct schema_style style = { false };
    const char *into = cli_value(r->args, "into");
    if (r->spec != NULL && !merge_spec_version(&r->d, r->spec, &style))
        return EXIT_INVALID;
    struct openapi_parts parts;
    if (!openapi_parts_build(&r->a, &r->d, &r->m, &style, &parts))
        return EXIT_INVALID;
    const char *banner = openapi_banner(&r->a, &r->m);
    struct value *doc = r->spec ? merge_into(&r->a, &r->d, &r->m, &parts, r->spec, into)
                                : openapi_document(&r->a, &r->m, &parts, r->json ? banner : NULL);
    if (doc == NULL || diag_failed(&r->d))
        return EXIT_INVALID; /* or --werror and a mismatch: nothing written */
    struct strbuf text = STRBUF_INIT;
    int status;
    if (!serialize(r, doc, &text)) {
        fprintf(stderr, "errata openapi: the YAML emitter refused the document\n");
        status = EXIT_USAGE;
    } else if (cli_value(r->args, "output") != NULL) {
        status = write_file(r, &text, cli_value(r->args, "output"));
    } else {
        status = write_stdout(&text);
    }
    strbuf_release(&text);
    return status;
}

static int check_usage(const struct cli_args *args)
{
    const char *format = cli_value(args, "format");
    if (args->positional_count != 1)
        return cli_usage_error("openapi", args->positional_count ? "give exactly one catalog"
                                                                 : "no catalog given");
    if (format != NULL && strcmp(format, "yaml") != 0 && strcmp(format, "json") != 0)
        return cli_usage_error("openapi", "unknown format '%s'; use yaml or json", format);
    if (cli_value(args, "depfile") != NULL && cli_value(args, "output") == NULL)
        return cli_usage_error("openapi", "--depfile needs -o FILE");
    return EXIT_OK;
}

static int openapi(const struct cli_args *args)
{
    struct run r = { .args = args };
    const char *format = cli_value(args, "format");
    const char *output = cli_value(args, "output");
    size_t len = output ? strlen(output) : 0;
    /* Without --format: JSON for -o NAME.json, else YAML (--into: SPEC's). */
    r.json = format != NULL ? strcmp(format, "json") == 0
                            : len > 5 && strcmp(output + len - 5, ".json") == 0;
    diag_init(&r.d, stderr, cli_flag(args, "werror"));
    arena_init(&r.a);
    int status = cli_load_catalog(args, args->positional[0], &r.a, &r.d, &r.m);
    if (status == EXIT_OK && cli_value(args, "into") != NULL)
        status = read_spec(&r, cli_value(args, "into"));
    if (status == EXIT_OK)
        status = build_and_write(&r);
    cli_summarize(&r.d);
    arena_finish(&r.a);
    return status;
}

static int run_openapi(int argc, char **argv)
{
    struct cli_args args;
    if (!cli_parse(&args, "openapi", openapi_options, argc, argv))
        return EXIT_USAGE;
    int status;
    if (cli_flag(&args, "help")) {
        fputs(openapi_help, stdout);
        status = EXIT_OK;
    } else {
        status = check_usage(&args);
        if (status == EXIT_OK)
            status = openapi(&args);
    }
    cli_args_free(&args);
    return status;
}

const struct command command_openapi = {
    "openapi", "write the catalog's errors as an OpenAPI 3.1 document", openapi_help,
    run_openapi,
};
