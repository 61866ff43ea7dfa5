/* JSON Schema 2020-12 for problem bodies: RFC 9457 Appendix A's Problem,
 * and one schema per error that pins its type, status and code with
 * `const` and types its members as the runtime sends them. Shared by
 * `errata schema` (one file per error) and `errata openapi` (components). */
#ifndef ERRATA_OPENAPI_SCHEMA_H
#define ERRATA_OPENAPI_SCHEMA_H

#include <stdbool.h>

struct arena;
struct entry;
struct model;
struct value;

struct schema_style {
    /* OpenAPI 3.0's Schema Object is not JSON Schema 2020-12: `const`
     * becomes a one-value `enum`, `examples` a single `example`. */
    bool openapi30;
};

/* The RFC 9457 problem object, as its Appendix A gives it. */
struct value *schema_problem(struct arena *a, const struct schema_style *style);

/* One error's body: allOf the schema at problem_ref, then type, status and
 * code as `const`, the title, the trace member of a hidden 5xx, and every
 * member that is sent, with its JSON type, format, bounds, description and
 * `required`. example (the body the runtime writes, or NULL) goes in
 * `examples`. */
struct value *schema_error(struct arena *a, const struct model *m, const struct entry *e,
                           const char *problem_ref, const struct value *example,
                           const struct schema_style *style);

#endif
