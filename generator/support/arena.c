#include "arena.h"

#include <stdalign.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fatal.h"

struct arena_block {
    struct arena_block *next;
    alignas(max_align_t) unsigned char data[];
};

enum { ARENA_BLOCK_SIZE = 64 * 1024 };

void arena_init(struct arena *a)
{
    a->head = NULL;
    a->used = 0;
    a->capacity = 0;
    memset(a->spare, 0, sizeof a->spare);
}

void arena_finish(struct arena *a)
{
    struct arena_block *b = a->head;
    while (b) {
        struct arena_block *next = b->next;
        free(b);
        b = next;
    }
    arena_init(a);
}

static size_t align_up(size_t n)
{
    size_t al = alignof(max_align_t);
    return (n + al - 1) & ~(al - 1);
}

static struct arena_block *new_block(size_t cap)
{
    struct arena_block *b = malloc(sizeof *b + cap);
    if (b == NULL)
        fatal_out_of_memory();
    return b;
}

/* Large requests get a block of their own, chained behind the head, so the
 * free space left in the head is not thrown away. */
static void *alloc_dedicated(struct arena *a, size_t size)
{
    struct arena_block *b = new_block(size);
    if (a->head != NULL) {
        b->next = a->head->next;
        a->head->next = b;
    } else {
        b->next = NULL;
        a->head = b;
        a->used = size;
        a->capacity = size;
    }
    memset(b->data, 0, size);
    return b->data;
}

void *arena_alloc(struct arena *a, size_t size)
{
    size = align_up(size ? size : 1);
    if (size > ARENA_BLOCK_SIZE / 4)
        return alloc_dedicated(a, size);
    if (a->head == NULL || a->capacity - a->used < size) {
        struct arena_block *b = new_block(ARENA_BLOCK_SIZE);
        b->next = a->head;
        a->head = b;
        a->used = 0;
        a->capacity = ARENA_BLOCK_SIZE;
    }
    void *p = a->head->data + a->used;
    a->used += size;
    memset(p, 0, size);
    return p;
}

void *arena_alloc_array(struct arena *a, size_t count, size_t size)
{
    if (size != 0 && count > SIZE_MAX / size)
        fatal_out_of_memory();
    return arena_alloc(a, count * size);
}

char *arena_strndup(struct arena *a, const char *s, size_t len)
{
    char *p = arena_alloc(a, len + 1);
    if (len)
        memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
    return arena_strndup(a, s, strlen(s));
}

/* Whether fmt's only conversions are %s: names are joined that way by the
 * thousand (arena_printf(a, "%s_%s_t", ...)), and vsnprintf took a tenth of
 * building a model for them. */
static bool only_strings(const char *fmt)
{
    for (const char *p = strchr(fmt, '%'); p != NULL; p = strchr(p + 2, '%'))
        if (p[1] != 's')
            return false;
    return true;
}

static char *join_strings(struct arena *a, const char *fmt, va_list ap)
{
    size_t len = 0;
    va_list count;
    va_copy(count, ap);
    for (const char *p = fmt; *p; p++) {
        if (*p == '%') {
            const char *arg = va_arg(count, const char *);
            len += strlen(arg ? arg : "(null)"); /* as glibc prints it */
            p++;
        } else {
            len++;
        }
    }
    va_end(count);
    char *out = arena_alloc(a, len + 1);
    char *w = out;
    for (const char *p = fmt; *p; p++) {
        if (*p == '%') {
            const char *arg = va_arg(ap, const char *);
            if (arg == NULL)
                arg = "(null)";
            size_t n = strlen(arg);
            memcpy(w, arg, n);
            w += n;
            p++;
        } else {
            *w++ = *p;
        }
    }
    return out;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
    if (only_strings(fmt)) {
        va_list ap;
        va_start(ap, fmt);
        char *out = join_strings(a, fmt, ap);
        va_end(ap);
        return out;
    }
    /* Most results are short: format once on the stack, and again into the
     * arena only when that was too small. */
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        fatal_out_of_memory();
    if ((size_t)n < sizeof small)
        return arena_strndup(a, small, (size_t)n);
    char *p = arena_alloc(a, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

/* The doubled capacity for need elements, from first when there is none. */
static size_t grown_cap(size_t cap, size_t need, size_t size, size_t first)
{
    size_t ncap = cap ? cap : first;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2)
            fatal_out_of_memory();
        ncap *= 2;
    }
    if (size != 0 && ncap > SIZE_MAX / size)
        fatal_out_of_memory();
    return ncap;
}

void *arena_grow(struct arena *a, void *items, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return items;
    size_t ncap = grown_cap(*cap, need, size, 8);
    void *fresh = arena_alloc_array(a, ncap, size);
    if (*cap)
        memcpy(fresh, items, *cap * size);
    *cap = ncap;
    return fresh;
}

static struct arena_spare *spare_of(struct arena *a, size_t bytes, bool add)
{
    for (size_t i = 0; i < ARENA_SPARE_SIZES; i++) {
        if (a->spare[i].bytes == bytes)
            return &a->spare[i];
        if (a->spare[i].bytes == 0) {
            if (!add)
                return NULL;
            a->spare[i].bytes = bytes;
            return &a->spare[i];
        }
    }
    return NULL; /* more sizes than slots: the array just stays unused */
}

void *arena_grow_reusing(struct arena *a, void *items, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return items;
    size_t ncap = grown_cap(*cap, need, size, 4);
    struct arena_spare *s = spare_of(a, ncap * size, false);
    void *fresh;
    if (s != NULL && s->head != NULL) {
        fresh = s->head;
        memcpy(&s->head, fresh, sizeof s->head);
        memset(fresh, 0, ncap * size);
    } else {
        fresh = arena_alloc_array(a, ncap, size);
    }
    if (*cap) {
        memcpy(fresh, items, *cap * size);
        /* An array of fewer bytes than a pointer cannot join a chain. Arrays
         * start at 4 elements: most maps and lists of a model are small, and
         * what they outgrow is reused. */
        struct arena_spare *old =
            *cap * size >= sizeof(void *) ? spare_of(a, *cap * size, true) : NULL;
        if (old != NULL) {
            memcpy(items, &old->head, sizeof old->head);
            old->head = items;
        }
    }
    *cap = ncap;
    return fresh;
}
