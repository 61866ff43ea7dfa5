/* errata-conform: does a running service (or recorded traffic) keep the
 * catalog's contract? Cases (requests and the outcome the catalog promises)
 * come from YAML files or a HAR recording; each response is checked and
 * every violation is reported located at its case, with a check name. */
#ifndef ERRATA_CONFORM_CONFORM_H
#define ERRATA_CONFORM_CONFORM_H

#include <stdbool.h>
#include <stddef.h>

#include "../support/source.h"

struct arena;
struct diag;
struct entry;
struct model;

struct conform_header {
    const char *name;
    const char *value;
};

struct conform_headers {
    struct conform_header *items;
    size_t count, cap;
};

struct conform_request {
    const char *method;
    const char *path; /* starts with '/': always under --url */
    struct conform_headers headers;
    const char *body; /* NULL: none */
    size_t body_len;
};

struct conform_response {
    bool received;         /* false: transport error (or not sent), see error */
    const char *error;     /* why nothing was received */
    long status;
    struct conform_headers headers;
    const char *body;
    size_t body_len;
};

enum conform_expect {
    EXPECT_SUCCESS, /* any 2xx, or exactly success_status */
    EXPECT_ENTRY,   /* the catalog entry `entry` */
    EXPECT_INFER,   /* recorded traffic: the response says which */
};

struct conform_case {
    const char *name;
    struct loc loc;
    struct conform_request req;
    enum conform_expect expect;
    const struct entry *entry; /* EXPECT_ENTRY */
    long success_status;       /* EXPECT_SUCCESS: 0 for any 2xx */
    struct conform_response resp; /* filled by the transport, or read from a HAR */
};

struct conform_cases {
    struct conform_case *items;
    size_t count, cap;
};

struct conform_finding {
    const char *check; /* the check's name, as printed in [brackets] */
    const char *message;
};

struct conform_result {
    const struct conform_case *c;
    const char *expected; /* "PET_NOT_FOUND", "success", "2xx", ... */
    struct conform_finding *findings;
    size_t count, cap;
};

/* cases.c: appends the cases of one YAML case file; malformed cases are
 * reported through d, located, and left out. */
void conform_cases_load(struct arena *a, struct diag *d, const struct model *m,
                        const struct source *src, struct conform_cases *out);

/* har.c: appends every entry of a HAR 1.2 recording as a case with its
 * response already filled and the outcome inferred. */
void conform_har_load(struct arena *a, struct diag *d, const struct source *src,
                      struct conform_cases *out);

/* Lookups in a header list: the last one of that name, any case; NULL. */
const char *conform_header_get(const struct conform_headers *h, const char *name);
void conform_header_add(struct arena *a, struct conform_headers *h, const char *name,
                        const char *value);

/* The entry of a code (included ones too), or NULL. */
const struct entry *conform_entry(const struct model *m, const char *code);

/* s with control characters and invalid UTF-8 as \xNN (in the arena). */
const char *conform_printable(struct arena *a, const char *s);

/* Adds a finding to r, its message printf-formatted into the arena. */
void conform_report(struct arena *a, struct conform_result *r, const char *check,
                    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#endif
