/* The complete example response the docs show for each error: built from
 * the members' `example` values by liberrata itself (errata_throw,
 * errata_problem_json, errata_problem_headers), so the docs show byte for
 * byte what a service sends, hidden 5xx details included. */
#ifndef ERRATA_DOCS_EXAMPLE_RESPONSE_H
#define ERRATA_DOCS_EXAMPLE_RESPONSE_H

#include <errata/errata.h>
#include <stdbool.h>
#include <stddef.h>

struct arena;
struct entry;
struct value;

/* The trace id 5xx examples carry (W3C Trace Context's own example). */
#define EXAMPLE_TRACE_ID "4bf92f3577b34da6a3ce929d0e0e4736"

struct example_header {
    const char *name;
    const char *value;
};

struct example_response {
    const char *status_line; /* "HTTP/1.1 404 Not Found" */
    struct example_header *headers;
    size_t header_count;
    const char *body;        /* compact, as the runtime writes it */
    const char *body_pretty; /* the same JSON, indented two spaces */
    bool truncated;          /* an example did not fit the problem's arena */
};

/* desc is the entry's descriptor in the generic slot layout
 * (decode/model_catalog.h). Everything lands in the arena. */
void example_response_build(struct arena *a, const errata_descriptor_t *desc,
                            const struct entry *e, struct example_response *out);

/* The member struct of e in the generic slot layout, from values[i] for
 * member i (NULL: not given), as example_response_build fills it from the
 * examples; tests/ts/ throws arbitrary values through it. */
unsigned char *example_members_from(struct arena *a, const errata_descriptor_t *desc,
                                    const struct entry *e, const struct value *const *values);

/* Indents compact JSON for reading; strings are copied untouched. */
const char *example_json_pretty(struct arena *a, const char *json);

#endif
