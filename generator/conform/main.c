/* errata-conform: `errata conform` runs this program (cmd_conform.c), so
 * that libcurl stays out of the generator. It links the generator's catalog
 * loader and model and liberrata's decoder, as `errata decode` does. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../cli/commands.h"
#include "../decode/model_catalog.h"
#include "../model/model.h"
#include "../support/arena.h"
#include "../support/diag.h"
#include "check.h"
#include "conform.h"
#include "http.h"
#include "report.h"

#define CASE_FILE_MAX (16u * 1024 * 1024)
#define HAR_FILE_MAX (256u * 1024 * 1024)

static const struct cli_option conform_options[] = {
    CATALOG_CLI_OPTIONS,
    { "catalog", 0, true },
    { "url", 0, true },
    { "har", 0, true },
    { "format", 0, true },
    { "timeout", 0, true },
    { "deadline", 0, true },
    { "type-base", 0, true },
    { "resolve-types", 0, false },
    { NULL, 0, false },
};

struct settings {
    enum conform_format format;
    long timeout_ms, deadline_ms;
};

static bool seconds(const char *text, long max, long *ms)
{
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (errno || end == text || *end || v < 1 || v > max)
        return false;
    *ms = v * 1000;
    return true;
}

static bool is_http_url(const char *url)
{
    return (strncmp(url, "http://", 7) == 0 && url[7]) ||
           (strncmp(url, "https://", 8) == 0 && url[8]);
}

static int check_usage(const struct cli_args *args, struct settings *s)
{
    const char *url = cli_value(args, "url"), *har = cli_value(args, "har");
    const char *format = cli_value(args, "format"), *base = cli_value(args, "type-base");
    if (cli_value(args, "catalog") == NULL)
        return cli_usage_error("conform", "no catalog given (--catalog CATALOG)");
    if ((url == NULL) == (har == NULL))
        return cli_usage_error("conform", "give either --url BASE and case files, or --har FILE");
    if (url && args->positional_count == 0)
        return cli_usage_error("conform", "no case files given");
    if (har && args->positional_count > 0)
        return cli_usage_error("conform", "--har takes no case files");
    if (url && !is_http_url(url))
        return cli_usage_error("conform", "--url must be an http:// or https:// URL, not '%s'",
                               url);
    if (base && !is_http_url(base))
        return cli_usage_error("conform", "--type-base must be an http:// or https:// URL");
    if (har && cli_flag(args, "resolve-types"))
        return cli_usage_error("conform", "--resolve-types needs --url: a recording sends "
                               "nothing");
    s->format = FORMAT_TEXT;
    if (format && strcmp(format, "json") == 0)
        s->format = FORMAT_JSON;
    else if (format && strcmp(format, "junit") == 0)
        s->format = FORMAT_JUNIT;
    else if (format && strcmp(format, "text") != 0)
        return cli_usage_error("conform", "unknown format '%s'; use text, json or junit",
                               format);
    s->timeout_ms = 10000;
    s->deadline_ms = 300000;
    if (cli_value(args, "timeout") && !seconds(cli_value(args, "timeout"), 3600, &s->timeout_ms))
        return cli_usage_error("conform", "--timeout takes whole seconds (1-3600)");
    if (cli_value(args, "deadline") &&
        !seconds(cli_value(args, "deadline"), 86400, &s->deadline_ms))
        return cli_usage_error("conform", "--deadline takes whole seconds (1-86400)");
    return EXIT_OK;
}

/* Reads every case file (or the HAR); diagnostics on stderr. */
static int load_cases(const struct cli_args *args, struct arena *a, struct diag *d,
                      const struct model *m, struct conform_cases *out)
{
    const char *har = cli_value(args, "har");
    size_t count = har ? 1 : args->positional_count;
    for (size_t i = 0; i < count; i++) {
        const char *path = har ? har : args->positional[i];
        struct source *src = arena_alloc(a, sizeof *src);
        enum source_status st = source_read_file(a, path, har ? HAR_FILE_MAX : CASE_FILE_MAX,
                                                 src);
        if (st != SOURCE_OK) {
            fprintf(stderr, "errata conform: cannot read '%s': %s\n", path,
                    st == SOURCE_TOO_LARGE ? "too large" : strerror(errno));
            return EXIT_USAGE;
        }
        source_index(a, src);
        if (har)
            conform_har_load(a, d, src, out);
        else
            conform_cases_load(a, d, m, src, out);
    }
    return diag_failed(d) ? EXIT_INVALID : EXIT_OK;
}

static int run(const struct cli_args *args, const struct settings *s, struct arena *a,
               const struct model *m, struct conform_cases *cases)
{
    struct conform_checker k = { .a = a, .m = m, .resolve_types = cli_flag(args, "resolve-types"),
                                 .base_url = cli_value(args, "url") };
    model_catalog_build(a, m, &k.catalog);
    if (cli_value(args, "type-base") && m->main->base_uri) {
        k.type_base.catalog = m->main->base_uri;
        k.type_base.served = cli_value(args, "type-base");
        k.rebased = true;
    }
    if (k.base_url != NULL &&
        (k.http = conform_http_open(k.base_url, s->timeout_ms, s->deadline_ms)) == NULL)
        return EXIT_USAGE;
    struct conform_result *results = arena_alloc_array(a, cases->count + 1, sizeof *results);
    bool failed = false;
    for (size_t i = 0; i < cases->count; i++) {
        struct conform_case *c = &cases->items[i];
        if (k.http)
            conform_http_send(k.http, a, &c->req, &c->resp);
        results[i] = (struct conform_result){ .c = c };
        conform_check(&k, c, &results[i]);
        failed |= results[i].count > 0;
    }
    conform_http_close(k.http);
    if (!conform_write_report(stdout, s->format, results, cases->count)) {
        perror("errata conform: writing standard output");
        return EXIT_USAGE;
    }
    return failed ? EXIT_INVALID : EXIT_OK;
}

static int conform(const struct cli_args *args, const struct settings *s)
{
    struct diag d;
    diag_init(&d, stderr, cli_flag(args, "werror"));
    struct arena a;
    arena_init(&a);
    struct model m;
    struct conform_cases cases = { 0 };
    int status = cli_load_catalog(args, cli_value(args, "catalog"), &a, &d, &m);
    if (status == EXIT_OK)
        status = load_cases(args, &a, &d, &m, &cases);
    cli_summarize(&d);
    if (status == EXIT_OK)
        status = run(args, s, &a, &m, &cases);
    arena_finish(&a);
    return status;
}

int main(int argc, char **argv)
{
    struct cli_args args;
    /* argv[0] is this program; the command line reads as `errata conform`. */
    if (!cli_parse(&args, "conform", conform_options, argc, argv))
        return EXIT_USAGE;
    struct settings s;
    int status;
    if (cli_flag(&args, "help")) {
        fputs(command_conform.help, stdout);
        status = EXIT_OK;
    } else if ((status = check_usage(&args, &s)) == EXIT_OK) {
        status = conform(&args, &s);
    }
    cli_args_free(&args);
    return status;
}
