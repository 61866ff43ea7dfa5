/* The checks of one response against the catalog: check.c runs them in
 * order, check_members.c reads the body's members against their
 * declarations, check_headers.c the catalog's headers. */
#ifndef ERRATA_CONFORM_CHECK_H
#define ERRATA_CONFORM_CHECK_H

#include <stdbool.h>

#include <errata/decode.h>

#include "conform.h"

struct conform_http;
struct entry;
struct member;
struct value;

struct conform_checker {
    struct arena *a;
    const struct model *m;
    errata_catalog_t catalog;     /* the model as liberrata's decoder sees it */
    errata_type_base_t type_base; /* catalog: the main base_uri; served: --type-base */
    bool rebased;                 /* --type-base given */
    struct conform_http *http;    /* NULL for recorded traffic: nothing is sent */
    bool resolve_types;
    const char *base_url;
    const char **resolved; /* type URIs already fetched with a 200 */
    size_t resolved_count, resolved_cap;
};

/* Checks c's response; every violation goes into r. */
void conform_check(struct conform_checker *k, const struct conform_case *c,
                   struct conform_result *r);

/* check_members.c: every declared member of e in the body object, present
 * when required, of its type, within its bounds; hidden members absent;
 * every member the catalog does not declare reported. */
void conform_check_members(struct conform_checker *k, const struct entry *e,
                           const struct value *body, struct conform_result *r);
/* The text a scalar member is sent as in a header ("30", "abc"); NULL for
 * other kinds. */
const char *conform_scalar_text(struct arena *a, const struct value *v);

/* check_headers.c: the entry's catalog headers present, well-formed and
 * equal to the members they are made of; Cache-Control; an Allow's methods
 * accepted (one follow-up request each, when live). */
void conform_check_headers(struct conform_checker *k, const struct conform_case *c,
                           const struct entry *e, const struct value *body,
                           struct conform_result *r);

#endif
