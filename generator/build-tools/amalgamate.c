/* Build-time tool: joins liberrata into two files, errata.h and errata.c, that
 * `errata generate --emit-runtime` writes beside the generated code, so a
 * service can build with no installed library.
 *
 *   amalgamate OUT.h OUT.c PUBLIC.h... -- INTERNAL.h... -- SOURCE.c...
 *
 * errata.h is the public headers one after the other (errata.h first). errata.c
 * includes it, then holds the internal headers and the sources in order. Every
 * include of a public or internal header is dropped on the way: its text is
 * already there. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* True for `#include "x"` where x is the public header or an internal one. */
static bool is_own_include(const char *line, char **internal, int n_internal)
{
    const char *p = line;
    while (*p == ' ' || *p == '\t')
        p++;
    if (strncmp(p, "#include \"", 10) != 0)
        return false;
    p += 10;
    if (strncmp(p, "errata/", 7) == 0 || strncmp(p, "errata.h\"", 9) == 0)
        return true;
    for (int i = 0; i < n_internal; i++) {
        const char *b = base_name(internal[i]);
        size_t len = strlen(b);
        if (strncmp(p, b, len) == 0 && p[len] == '"')
            return true;
    }
    return false;
}

static int copy(FILE *out, const char *path, bool filter, char **internal, int n_internal)
{
    FILE *in = fopen(path, "r");
    if (in == NULL) {
        perror(path);
        return -1;
    }
    if (filter)
        fprintf(out, "\n/* ---- %s ---- */\n", base_name(path));
    char line[4096];
    while (fgets(line, sizeof line, in)) {
        if (!filter || !is_own_include(line, internal, n_internal))
            fputs(line, out);
    }
    int failed = ferror(in);
    fclose(in);
    return failed ? -1 : 0;
}

int main(int argc, char **argv)
{
    int first_sep = 3, second_sep;
    while (first_sep < argc && strcmp(argv[first_sep], "--") != 0)
        first_sep++;
    second_sep = first_sep + 1;
    while (second_sep < argc && strcmp(argv[second_sep], "--") != 0)
        second_sep++;
    if (first_sep == 3 || second_sep >= argc) {
        fputs("usage: amalgamate OUT.h OUT.c PUBLIC.h... -- INTERNAL.h... -- SOURCE.c...\n",
              stderr);
        return 2;
    }
    char **internal = argv + first_sep + 1;
    int n_internal = second_sep - first_sep - 1;
    /* Includes of any public or internal header are dropped: argv[3] up to
     * second_sep holds both lists (and the "--" between, which matches
     * nothing). */
    char **own = argv + 3;
    int n_own = second_sep - 3;
    FILE *h = fopen(argv[1], "w");
    FILE *c = fopen(argv[2], "w");
    if (h == NULL || c == NULL) {
        perror("amalgamate");
        return 2;
    }
    int rc = 0;
    for (int i = 3; i < first_sep && rc == 0; i++)
        rc = copy(h, argv[i], i > 3, own, n_own);
    fputs("/* liberrata as one file, for builds with no installed library; do not edit. */\n"
          "#include \"errata.h\"\n",
          c);
    for (int i = 0; i < n_internal && rc == 0; i++)
        rc = copy(c, internal[i], true, own, n_own);
    for (int i = second_sep + 1; i < argc && rc == 0; i++)
        rc = copy(c, argv[i], true, own, n_own);
    if (fclose(h) != 0 || fclose(c) != 0 || rc != 0) {
        remove(argv[1]);
        remove(argv[2]);
        return 2;
    }
    return 0;
}
