/* Heap allocations counted for the benchmarks' "allocs/op" column: the
 * programs link with -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc, so
 * every allocation in the process (errata's, cJSON's, jansson's) passes
 * through alloc_count.c on its way to the real allocator. */
#ifndef ERRATA_BENCH_ALLOC_COUNT_H
#define ERRATA_BENCH_ALLOC_COUNT_H

#include <stddef.h>

/* Allocations since the program started; single-threaded benchmarks only. */
size_t bench_alloc_count(void);

#endif
