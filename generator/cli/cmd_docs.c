#include <stdio.h>
#include <string.h>

#include "../render/targets.h"
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
    "Options:\n"
    "  -o, --output DIR       write the files into DIR (created if missing)\n"
    "      --format FORMATS   md, html, pages or all (the default), or several\n"
    "                         joined by commas\n"
    "      --templates DIR    templates in DIR replace built-in ones of the same\n"
    "                         name (DIR/docs/errors.html.mustache)\n"
    "      --depfile FILE     write a Make-style depfile (as errata generate)\n"
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

static int run_docs(int argc, char **argv)
{
    return cli_run_writer("docs", docs_options, docs_help, docs, argc, argv);
}

const struct command command_docs = {
    "docs", "write a catalog's documentation (Markdown, HTML) into a folder", docs_help,
    run_docs,
};
