/* The problem's inline arena: everything errata_throw copies lives here,
 * so a problem owns its strings and can travel up the stack after the
 * caller's buffers are gone. Allocation only moves arena_used forward; a
 * throw starts again from zero. */
#include "internal.h"

#include <string.h>

/* Padding that brings the arena's next byte to a multiple of align,
 * computed on the address itself (the arena is aligned for double, which
 * is not a promise about every errata_value_t member on every ABI). */
static size_t errata_arena_pad(const errata_problem_t *p, size_t align)
{
    uintptr_t at = (uintptr_t)(p->arena.bytes + p->arena_used);
    return (size_t)((align - at % align) % align);
}

size_t errata_arena_room(const errata_problem_t *p, size_t align)
{
    size_t pad = errata_arena_pad(p, align);
    size_t left = ERRATA_PROBLEM_ARENA_SIZE - p->arena_used;
    return pad < left ? left - pad : 0;
}

void *errata_arena_take(errata_problem_t *p, size_t size, size_t align)
{
    if (size > errata_arena_room(p, align))
        return NULL;
    p->arena_used += errata_arena_pad(p, align);
    void *at = p->arena.bytes + p->arena_used;
    p->arena_used += size;
    return at;
}

const char *errata_arena_string(errata_problem_t *p, const char *s)
{
    bool cut;
    return errata_arena_string_cut(p, s, &cut);
}

const char *errata_arena_string_cut(errata_problem_t *p, const char *s, bool *cut)
{
    return errata_arena_string_n(p, s, strlen(s), cut);
}

const char *errata_arena_string_n(errata_problem_t *p, const char *s, size_t n, bool *cut)
{
    *cut = false;
    if (n == 0)
        return ""; /* static storage travels as well as the arena */
    /* Bytes need no alignment: the room is what is left, and the copy
     * goes at arena_used. */
    size_t room = ERRATA_PROBLEM_ARENA_SIZE - p->arena_used;
    if (n >= room) { /* the string and its NUL do not both fit */
        p->flags |= ERRATA_PROBLEM_TRUNCATED;
        *cut = true;
        n = room > 0 ? errata_utf8_cut(s, room - 1) : 0;
        if (n == 0)
            return NULL;
    }
    char *copy = (char *)p->arena.bytes + p->arena_used;
    p->arena_used += n + 1;
    memcpy(copy, s, n);
    copy[n] = '\0';
    return copy;
}
