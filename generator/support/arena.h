/* One arena per run: everything the generator builds lives until the run ends, so
 * nothing is freed piecemeal and nothing leaks (STYLE.md, practice 8). */
#ifndef ERRATA_SUPPORT_ARENA_H
#define ERRATA_SUPPORT_ARENA_H

#include <stddef.h>

struct arena_block;

/* Arrays arena_grow outgrew, by size, for the next arena_grow to take. */
enum { ARENA_SPARE_SIZES = 16 };
struct arena_spare {
    size_t bytes;
    void *head; /* a chain through each array's first pointer */
};

struct arena {
    struct arena_block *head;
    size_t used;     /* bytes used in head */
    size_t capacity; /* bytes available in head */
    struct arena_spare spare[ARENA_SPARE_SIZES];
};

void arena_init(struct arena *a);
void arena_finish(struct arena *a);

/* Never returns NULL: the generator cannot do anything useful without memory,
 * so exhaustion ends the process with a message. Memory is zeroed. */
void *arena_alloc(struct arena *a, size_t size);
void *arena_alloc_array(struct arena *a, size_t count, size_t size);
/* Copies len bytes and appends a NUL. */
char *arena_strndup(struct arena *a, const char *s, size_t len);
char *arena_strdup(struct arena *a, const char *s);
char *arena_printf(struct arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Grows an arena-allocated array to hold at least need elements (doubling);
 * the old storage stays in the arena until the run ends. */
void *arena_grow(struct arena *a, void *items, size_t *cap, size_t need, size_t size);
/* The same, but the old storage is taken back for the next
 * arena_grow_reusing of that size: a model's thousands of maps and lists all
 * grow through the same sizes, and the copies they outgrew were a third of
 * its memory. Only for arrays nothing points into: the old storage is
 * overwritten. */
void *arena_grow_reusing(struct arena *a, void *items, size_t *cap, size_t need, size_t size);

#endif
