#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "../model/model.h"
#include "../render/generate.h"
#include "../render/targets.h"
#include "../support/arena.h"
#include "../support/diag.h"
#include "../support/strbuf.h"
#include "commands.h"

static const char docs_help[] =
    "Usage: errata docs [OPTIONS] CATALOG -o DIR\n"
    "\n"
    "Checks the catalog and writes its documentation into DIR, one section per\n"
    "error whose anchor is the error's type slug (so base_uri + slug can point\n"
    "at it): when it happens, its status and why, headers, members, a complete\n"
    "example response (written by liberrata from the members' examples), retry\n"
    "advice and deprecation.\n"
    "\n"
    "  md     NAME_errors.md: one GitHub-renderable Markdown page\n"
    "  html   NAME_errors.html: one self-contained page (no external resources,\n"
    "         light and dark, a filter that needs no JavaScript to show all)\n"
    "  pages  SLUG.html: one small page per error with a type URI of its own,\n"
    "         for servers that serve each type URI as a page\n"
    "  all    all three (the default)\n"
    "\n"
    "Formats combine with commas (--format md,html): a build rule whose outputs\n"
    "must be listed in advance leaves out the pages, whose names depend on the\n"
    "catalog.\n"
    "\n"
    "Files are written as by errata generate: atomically, only when changed,\n"
    "deterministically, and not at all when any error is found.\n"
    "\n"
    "Languages (a catalog with translations:, docs/catalog.md): by default the\n"
    "docs are in the catalog's own language, in DIR. --locale TAG writes them in\n"
    "that language instead: the catalog's own into DIR, a translation's into\n"
    "DIR/TAG/ (the tag as its translation file writes it: DIR/de/pets_errors.md,\n"
    "DIR/de/pet-not-found.html), with its titles, details and example responses;\n"
    "descriptions stay as the catalog writes them. --locale all writes every\n"
    "language, each into its folder.\n"
    "\n"
    "Options:\n"
    "  -o, --output DIR       write the files into DIR (created if missing)\n"
    "      --format FORMATS   md, html, pages or all (the default), or several\n"
    "                         joined by commas\n"
    "      --templates DIR    templates in DIR replace built-in ones of the same\n"
    "                         name (DIR/docs/errors.html.mustache)\n"
    "      --depfile FILE     write a Make-style depfile (as errata generate)\n"
    "      --locale TAG|all   the docs in one of the catalog's languages, or in\n"
    "                         all of them (translations go into DIR/TAG/); a\n"
    "                         depfile takes one language\n"
    "  -I, --include-dir DIR  search DIR for included catalogs (repeatable)\n"
    "      --werror           treat warnings as errors\n"
    "  -h, --help             show this help\n"
    "\n"
    "Exit status: 0 written or up to date, 1 the catalog or a template has errors\n"
    "(nothing written), 2 usage or I/O error.\n";

static const struct cli_option docs_options[] = {
    CATALOG_CLI_OPTIONS,
    { "output", 'o', true },
    { "format", 0, true },
    { "templates", 0, true },
    { "depfile", 0, true },
    { "locale", 0, true },
    { NULL, 0, false },
};

static const char *const formats[] = { "md", "html", "pages" };
enum { FORMAT_COUNT = sizeof formats / sizeof formats[0] };

/* Reads "md,html" into chosen[]; false after a usage message. */
static bool parse_formats(const char *list, bool chosen[FORMAT_COUNT])
{
    for (const char *p = list;; p++) {
        size_t n = strcspn(p, ",");
        bool all = n == 3 && !strncmp(p, "all", 3), known = all;
        for (size_t i = 0; i < FORMAT_COUNT; i++) {
            bool hit = all || (n == strlen(formats[i]) && !strncmp(p, formats[i], n));
            chosen[i] |= hit;
            known |= hit;
        }
        if (!known) {
            cli_usage_error("docs", "unknown format '%.*s'; use md, html, pages or all", (int)n, p);
            return false;
        }
        p += n;
        if (*p == '\0')
            return true;
    }
}

static int docs(const struct cli_args *args)
{
    const char *list = cli_value(args, "format");
    bool chosen[FORMAT_COUNT] = { false };
    if (!parse_formats(list ? list : "all", chosen))
        return EXIT_USAGE;
    const struct target *targets[FORMAT_COUNT];
    size_t count = 0;
    for (size_t i = 0; i < FORMAT_COUNT; i++) {
        char name[16];
        snprintf(name, sizeof name, "docs-%s", formats[i]);
        if (chosen[i])
            targets[count++] = target_find(name);
    }
    return cli_generate(args, targets, count, false);
}

/* The catalog's languages, for a usage message: "en, de, fr-CA". */
static void list_locales(const struct model *m, struct strbuf *out)
{
    strbuf_adds(out, m->language != NULL ? m->language : "en");
    for (size_t i = 0; i < m->translation_count; i++)
        strbuf_addf(out, ", %s", m->translations[i].locale);
}

static int render_locale(struct arena *a, struct diag *d, const struct generate_request *req,
                         size_t locale)
{
    struct generate_request r = *req;
    const struct model *m = req->model;
    r.model = model_localized(a, m, locale);
    if (locale > 0) {
        if (mkdir(req->out_dir, 0777) != 0 && errno != EEXIST) { /* DIR/TAG needs DIR */
            fprintf(d->out, "errata: cannot create output folder '%s': %s\n", req->out_dir,
                    strerror(errno));
            return 2;
        }
        r.out_dir = arena_printf(a, "%s/%s", req->out_dir, m->translations[locale - 1].locale);
    }
    return generate_run(a, d, &r);
}

int cli_generate_locales(const struct cli_args *args, struct arena *a, struct diag *d,
                         const struct generate_request *req)
{
    const char *tag = cli_value(args, "locale");
    const struct model *m = req->model;
    if (tag == NULL)
        return generate_run(a, d, req);
    bool all = strcmp(tag, "all") == 0;
    size_t first = all ? 0 : model_locale_named(m, tag);
    size_t last = all ? m->translation_count : first;
    if (first == (size_t)-1 || (all && req->depfile != NULL && m->translation_count > 0)) {
        struct strbuf list = STRBUF_INIT;
        list_locales(m, &list);
        int status =
            first == (size_t)-1
                ? cli_usage_error(args->command, "the catalog has no locale '%s' (it has %s)",
                                  tag, strbuf_str(&list))
                : cli_usage_error(args->command,
                                  "--depfile takes one language; run once per --locale (%s)",
                                  strbuf_str(&list));
        strbuf_release(&list);
        return status;
    }
    int status = 0;
    for (size_t i = first; status == 0 && i <= last; i++)
        status = render_locale(a, d, req, i);
    return status;
}

static int run_docs(int argc, char **argv)
{
    return cli_run_writer("docs", docs_options, docs_help, docs, argc, argv);
}

const struct command command_docs = {
    "docs", "write a catalog's documentation (Markdown, HTML) into a folder", docs_help,
    run_docs,
};
