/* A string-keyed hash map into the run's arena, for duplicate detection that
 * stays linear however many entries a catalog has. */
#ifndef ERRATA_SUPPORT_STRMAP_H
#define ERRATA_SUPPORT_STRMAP_H

#include <stdbool.h>
#include <stddef.h>

struct arena;

struct strmap_slot {
    const char *key;
    void *value;
};

struct strmap {
    struct arena *arena;
    struct strmap_slot *slots;
    size_t count, cap; /* cap is 0 or a power of two */
};

void strmap_init(struct strmap *m, struct arena *a);
/* The value stored under key, or NULL. */
void *strmap_get(const struct strmap *m, const char *key);
/* Stores value under key unless the key is present; returns the value that
 * ends up stored (the earlier one for a duplicate). The key is not copied. */
void *strmap_put_once(struct strmap *m, const char *key, void *value);

#endif
