/* `errata conform` runs the separate program errata-conform
 * (generator/conform/), which links libcurl; the generator itself never
 * does. It is looked for beside this executable, then in the build tree's
 * conform/ folder beside it, then in the libexec folder of the installed
 * tree this executable is in (wherever that tree was moved), then in the
 * configured libexec folder. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "errata_config.h"

static const char conform_help[] =
    "Usage: errata conform --catalog CATALOG --url BASE [OPTIONS] CASES...\n"
    "       errata conform --catalog CATALOG --har FILE [OPTIONS]\n"
    "\n"
    "Checks that a running service keeps the catalog's contract. Each case file\n"
    "(YAML, docs/conform.md) lists requests and the outcome the catalog promises\n"
    "(a code, or success); each request is sent to BASE + its path and the\n"
    "response is checked: the entry's status (a failure never 2xx, a 2xx body\n"
    "never \"success\": false nor an \"error\" member), Content-Type\n"
    "application/problem+json (or application/json when Accept asked for it),\n"
    "a JSON object whose type, status and code are the entry's, every required\n"
    "member of its declared type and bounds, no undeclared member, the catalog's\n"
    "headers present, well-formed and matching their members (an Allow's methods\n"
    "then accepted: one follow-up request each), Cache-Control as declared, and\n"
    "on a 5xx no detail beyond the generic one unless exposed, and a trace id.\n"
    "Each violation is reported at its case as FILE:LINE:COL with the check's\n"
    "name in brackets. The report goes to standard output; errors in the\n"
    "catalog or the case files go to standard error, and then nothing is sent.\n"
    "\n"
    "With --har, the responses recorded in a HAR 1.2 file are checked instead,\n"
    "nothing is sent, and each response's own type (or status) names the entry.\n"
    "\n"
    "Options:\n"
    "      --catalog CATALOG  the catalog the service keeps (required)\n"
    "      --url BASE         the service's base URL (http:// or https://); cases\n"
    "                         reach only paths under it, redirects are not followed\n"
    "      --har FILE         check the responses recorded in FILE instead\n"
    "      --format FORMAT    text (the default), json or junit (JUnit XML)\n"
    "      --type-base URI    where the service serves the catalog's type URIs: a\n"
    "                         type under the catalog's base_uri may be sent under\n"
    "                         URI instead\n"
    "      --resolve-types    also GET every type URI sent (under --url or\n"
    "                         --type-base only), expecting 200\n"
    "      --timeout SECONDS  per request (default 10)\n"
    "      --deadline SECONDS for the whole run (default 300); cases not sent by\n"
    "                         then fail\n"
    "  -I, --include-dir DIR  search DIR for included catalogs (repeatable)\n"
    "      --werror           treat catalog warnings as errors\n"
    "  -h, --help             show this help\n"
    "\n"
    "errata conform runs errata-conform, a separate program (it needs libcurl),\n"
    "from beside errata, or from " ERRATA_LIBEXECDIR "\n"
    "(or that folder of the tree errata is installed in, when the tree moved).\n"
    "\n"
    "Exit status: 0 every response keeps the contract, 1 a violation (or a\n"
    "malformed case file or catalog: diagnostics printed), 2 usage or I/O error.\n";

/* The folder of this executable, with a trailing '/'; "" when unknown. */
static void self_dir(char *buf, size_t cap)
{
    ssize_t n = readlink("/proc/self/exe", buf, cap - 1);
    buf[n > 0 ? n : 0] = '\0';
    char *slash = strrchr(buf, '/');
    if (slash != NULL)
        slash[1] = '\0';
    else
        buf[0] = '\0';
}

static int run_conform(int argc, char **argv)
{
    char dir[PATH_MAX];
    self_dir(dir, sizeof dir);
    enum { CANDIDATES = 4 };
    char candidates[CANDIDATES][PATH_MAX + 64];
    snprintf(candidates[0], sizeof candidates[0], "%serrata-conform", dir);
    snprintf(candidates[1], sizeof candidates[1], "%sconform/errata-conform", dir);
    snprintf(candidates[2], sizeof candidates[2], "%s%s/errata-conform", dir,
             ERRATA_LIBEXECDIR_FROM_BIN);
    snprintf(candidates[3], sizeof candidates[3], "%s/errata-conform", ERRATA_LIBEXECDIR);
    argv[0] = "errata-conform";
    fflush(stdout);
    for (size_t i = 0; i < CANDIDATES; i++) {
        if (dir[0] == '\0' && i < CANDIDATES - 1)
            continue;
        if (access(candidates[i], X_OK) == 0) {
            execv(candidates[i], argv);
            fprintf(stderr, "errata conform: cannot run '%s': %s\n", candidates[i],
                    strerror(errno));
            return EXIT_USAGE;
        }
    }
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(conform_help, stdout);
            break;
        }
    }
    fprintf(stderr, "errata conform: errata-conform is not installed (looked beside errata "
            "and in %s); it is built when libcurl is found\n", ERRATA_LIBEXECDIR);
    return EXIT_USAGE;
}

const struct command command_conform = {
    "conform", "check that a running service (or a HAR recording) keeps the catalog",
    conform_help, run_conform,
};
