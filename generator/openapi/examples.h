/* Each error's example body as a value tree: the bytes liberrata writes
 * for it from the members' examples (docs/example_response.c, the same
 * the docs show), read back, so OpenAPI and the schemas cannot drift from
 * what a service sends. */
#ifndef ERRATA_OPENAPI_EXAMPLES_H
#define ERRATA_OPENAPI_EXAMPLES_H

struct arena;
struct model;
struct value;

/* One body per entry, in model order; NULL for an entry with a required
 * member that has no example (its example body would break its schema). */
struct value **openapi_example_bodies(struct arena *a, const struct model *m);

#endif
