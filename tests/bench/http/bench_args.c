/* bench_args.h: the benchmark servers' command line. */
#include "bench_args.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A decimal in [min, max], or -1. */
static long bench_number(const char *s, long min, long max)
{
    char *end;
    errno = 0;
    long v = s != NULL ? strtol(s, &end, 10) : -1;
    if (s == NULL || errno != 0 || end == s || *end != '\0' || v < min || v > max)
        return -1;
    return v;
}

bool bench_server_args(const char *name, int argc, char **argv, long *port, long *threads)
{
    *port = -1;
    *threads = 4;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--port") == 0)
            *port = bench_number(argv[++i], 1, 65535);
        else if (strcmp(argv[i], "--threads") == 0)
            *threads = bench_number(argv[++i], 1, 256);
        else if (strncmp(argv[i], "--", 2) == 0 && i + 1 < argc &&
                 strncmp(argv[i + 1], "--", 2) != 0)
            i++; /* someone else's option and its value */
    }
    if (*port < 0 || *threads < 1) {
        fprintf(stderr, "usage: %s --port N [--threads N]\n", name);
        return false;
    }
    return true;
}
