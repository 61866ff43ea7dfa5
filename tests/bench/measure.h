/* What bench-encode and bench-decode share besides allocation counting:
 * medians over rounds (a loaded machine moves single timings, rarely the
 * median of ratios taken within one round), and instructions per operation
 * counted by callgrind, which load does not move at all. */
#ifndef ERRATA_BENCH_MEASURE_H
#define ERRATA_BENCH_MEASURE_H

#include <stddef.h>

/* Rounds every implementation is timed in, interleaved. */
enum { BENCH_ROUNDS = 7 };

/* The median of v[0..n) (sorts v). */
double bench_median(double *v, size_t n);

/* Instructions per call of the function `fn` (a callgrind --toggle-collect
 * pattern) when the program `self` runs `self --only NAME OPS`: callgrind is
 * run twice, with few and with more operations, and the difference is
 * divided, so one-time costs (first calls, lazy binding) drop out. Returns
 * -1 when valgrind is not there or the run fails. */
double bench_instr_per_op(const char *self, const char *name, const char *fn);

/* The command line both benchmarks take: [--no-instr] [N] (operations per
 * implementation, default 200000; *instr is 0 with --no-instr), or --only
 * NAME OPS (*only set, else NULL). Returns 0, or 2 after a usage message
 * naming `program`. */
int bench_args(int argc, char **argv, const char *program, long *n, int *instr, const char **only,
               long *ops);

#endif
