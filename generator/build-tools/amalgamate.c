/* Build-time tool: joins liberrata into two files, errata.h and errata.c, that
 * `errata generate --emit-runtime` writes beside the generated code, so a
 * service can build with no installed library.
 *
 *   amalgamate OUT.h OUT.c PUBLIC.h [INTERNAL.h...] -- SOURCE.c...
 *
 * errata.h is the public header as it is. errata.c includes it, then holds
 * the internal headers and the sources in order, each without its includes
 * of the public or internal headers (they are already there). */
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
    if (strncmp(p, "errata/errata.h\"", 16) == 0)
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
    if (argc < 5) {
        fputs("usage: amalgamate OUT.h OUT.c PUBLIC.h [INTERNAL.h...] -- SOURCE.c...\n", stderr);
        return 2;
    }
    int sep = 4;
    while (sep < argc && strcmp(argv[sep], "--") != 0)
        sep++;
    char **internal = argv + 4;
    int n_internal = sep - 4;
    FILE *h = fopen(argv[1], "w");
    FILE *c = fopen(argv[2], "w");
    if (h == NULL || c == NULL) {
        perror("amalgamate");
        return 2;
    }
    int rc = copy(h, argv[3], false, NULL, 0);
    fputs("/* liberrata as one file, for builds with no installed library; do not edit. */\n"
          "#include \"errata.h\"\n",
          c);
    for (int i = 0; i < n_internal && rc == 0; i++)
        rc = copy(c, internal[i], true, internal, n_internal);
    for (int i = sep + 1; i < argc && rc == 0; i++)
        rc = copy(c, argv[i], true, internal, n_internal);
    if (fclose(h) != 0 || fclose(c) != 0 || rc != 0) {
        remove(argv[1]);
        remove(argv[2]);
        return 2;
    }
    return 0;
}
