/* The command line bare-mhd and minimal-mhd share: --port N (required)
 * and --threads N (default 4), and anything else ignored with its value,
 * so that the benchmark scripts start them with the petstore's command
 * line (tests/bench/http/lib.sh, bench_start). */
#ifndef BENCH_ARGS_H
#define BENCH_ARGS_H

#include <stdbool.h>

/* False (after printing the usage, with name) when --port is missing or
 * either number is out of range. */
bool bench_server_args(const char *name, int argc, char **argv, long *port, long *threads);

#endif
