#include "alloc_count.h"

static size_t allocs; /* bench state, single-threaded */

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *ptr, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *ptr, size_t n);

void *__wrap_malloc(size_t n)
{
    allocs++;
    return __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t size)
{
    allocs++;
    return __real_calloc(n, size);
}

void *__wrap_realloc(void *ptr, size_t n)
{
    allocs++;
    return __real_realloc(ptr, n);
}

size_t bench_alloc_count(void)
{
    return allocs;
}
