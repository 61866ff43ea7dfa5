/* measure.h: medians, and instructions per operation from callgrind. */
#define _POSIX_C_SOURCE 200809L
#include "measure.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int bench_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double bench_median(double *v, size_t n)
{
    qsort(v, n, sizeof *v, bench_cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* The instructions callgrind counted inside `fn` for OPS operations; -1 on
 * failure. */
static double bench_callgrind(const char *self, const char *name, const char *fn, long ops)
{
    char out[256], cmd[1024];
    snprintf(out, sizeof out, "%s/errata-bench-%ld.callgrind",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (long)getpid());
    int n = snprintf(cmd, sizeof cmd,
                     "valgrind --tool=callgrind --collect-atstart=no --toggle-collect='%s' "
                     "--callgrind-out-file='%s' '%s' --only '%s' %ld >/dev/null 2>&1",
                     fn, out, self, name, ops);
    if (n < 0 || (size_t)n >= sizeof cmd || system(cmd) != 0)
        return -1;
    FILE *f = fopen(out, "r");
    if (f == NULL)
        return -1;
    char line[512];
    double total = -1;
    while (fgets(line, sizeof line, f) != NULL) {
        if (strncmp(line, "totals:", 7) == 0 || strncmp(line, "summary:", 8) == 0)
            total = strtod(strchr(line, ':') + 1, NULL);
    }
    fclose(f);
    remove(out);
    return total;
}

double bench_instr_per_op(const char *self, const char *name, const char *fn)
{
    enum { FEW = 20, MORE = 220 };
    double few = bench_callgrind(self, name, fn, FEW);
    double more = few < 0 ? -1 : bench_callgrind(self, name, fn, MORE);
    if (few < 0 || more < few)
        return -1;
    return (more - few) / (MORE - FEW);
}

/* A count of at least `min`, or -1. */
static long bench_count_arg(const char *text, long min)
{
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10);
    return errno == 0 && *end == '\0' && v >= min ? v : -1;
}

int bench_args(int argc, char **argv, const char *program, long *n, int *instr, const char **only,
               long *ops)
{
    *n = 200000;
    *instr = 1;
    *only = NULL;
    *ops = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--only") == 0 && i + 2 < argc) {
            *only = argv[i + 1];
            *ops = bench_count_arg(argv[i + 2], 1);
            i += 2;
        } else if (strcmp(argv[i], "--no-instr") == 0) {
            *instr = 0;
        } else {
            *n = bench_count_arg(argv[i], BENCH_ROUNDS);
        }
        if (*n < 0 || *ops < 0) {
            fprintf(stderr, "usage: %s [--no-instr] [N >= %d] | --only NAME OPS\n", program,
                    BENCH_ROUNDS);
            return 2;
        }
    }
    return 0;
}
