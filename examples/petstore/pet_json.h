/* Pets as JSON: request bodies in (strictly parsed and validated), pets,
 * lists and 207 batch answers out. No heap allocation.
 *
 * Reading (pet_json_parse) goes in two steps, which map onto two problems:
 *  1. the body must be one valid JSON text (RFC 8259, liberrata's strict
 *     parser, errata/json.h): if not, PET_JSON_SYNTAX_ERROR with the
 *     parser's message and the byte offset of the error, for
 *     400 MALFORMED_JSON (its `offset` member);
 *  2. the JSON must describe a pet: every rule broken is collected as a
 *     (JSON Pointer, detail) pair, up to PET_JSON_MAX_ERRORS, for
 *     422 PET_VALIDATION_FAILED (its `errors` member).
 *
 * The rules (pointers are RFC 6901 JSON Pointers into the body):
 *   ""          the body must be a JSON object
 *   /id         optional; a string holding a decimal integer as pet_id_parse
 *               reads it ("42"), at most PET_ID_CREATE_MAX in a POST (the
 *               ids above are the store's); a JSON number is refused (ids
 *               are strings)
 *   /name       a string of 1..PET_NAME_MAX bytes without control characters
 *   /species    a string from PET_SPECIES_TABLE (exact, lower case)
 *   /age        an integer >= 0 (3, 3.0 or 3e0; not 3.5, not "3")
 *   /version    optional, read-only: an integer >= 1, accepted so that a pet
 *               read with GET can be sent back as it is; the store ignores it
 *               (updates are guarded by If-Match)
 *   /other      any other member is refused ("is not a pet member"): a
 *               misspelt field ("nmae") must not be silently dropped
 *   a member given twice is refused ("appears more than once")
 *   null is not a value of any member (a PATCH cannot remove a field)
 * Required members depend on the request: POST needs name and species (age
 * defaults to 0, id to one the store assigns); PUT needs name, species and
 * age; PATCH needs nothing. A missing member is reported at the pointer it
 * would have ("/name": "is required"), after the members that are present,
 * which are reported in body order.
 *
 * Writing has snprintf semantics: each call returns the full length of the
 * JSON (NUL not counted) whatever cap is, writes at most cap bytes
 * including a NUL when cap > 0, and cap 0 (buf may be NULL) only sizes. A
 * return value >= cap means the output was cut. Strings are escaped by
 * liberrata's rules, so the output is valid UTF-8 and valid JSON whatever
 * bytes a name holds: invalid UTF-8 becomes U+FFFD (one per maximal
 * subpart), control characters \u00XX or their short escapes. */
#ifndef PETSTORE_PET_JSON_H
#define PETSTORE_PET_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <errata/json_writer.h>

#include "pet.h"

#define PET_JSON_MAX_ERRORS 64  /* the catalog's max_items for PET_VALIDATION_FAILED */
#define PET_JSON_POINTER_SIZE 128 /* a longer pointer is cut at a character boundary */
#define PET_JSON_DETAIL_SIZE 96

typedef enum pet_json_mode {
    PET_JSON_CREATE,  /* POST /pets */
    PET_JSON_REPLACE, /* PUT /pets/{id} */
    PET_JSON_PATCH    /* PATCH /pets/{id} */
} pet_json_mode_t;

typedef enum pet_json_result {
    PET_JSON_OK,
    PET_JSON_SYNTAX_ERROR, /* report.syntax_error, report.offset */
    PET_JSON_INVALID       /* report.errors[0..error_count) */
} pet_json_result_t;

typedef struct pet_json_error {
    char pointer[PET_JSON_POINTER_SIZE]; /* "/name"; "" for the whole body */
    char detail[PET_JSON_DETAIL_SIZE];   /* "must not be empty" */
} pet_json_error_t;

typedef struct pet_json_report {
    const char *syntax_error; /* static message; NULL unless PET_JSON_SYNTAX_ERROR */
    size_t offset;            /* byte offset of the syntax error in the body */
    size_t error_count;
    bool errors_truncated; /* more than PET_JSON_MAX_ERRORS rules were broken */
    pet_json_error_t errors[PET_JSON_MAX_ERRORS];
} pet_json_report_t;

/* Reads a request body. On PET_JSON_OK, out->fields says which members were
 * given and out->pet holds them (the others are 0). On the other results
 * *out is unspecified and *report says why. */
pet_json_result_t pet_json_parse(const char *body, size_t len, pet_json_mode_t mode,
                                 pet_patch_t *out, pet_json_report_t *report);

/* {"id":"1","name":"Rex","species":"dog","age":3,"version":1}; a species
 * outside the table is written as null. */
size_t pet_json_write(const pet_t *pet, char *buf, size_t cap);

/* {"pets":[PET,PET,...]}: the answer to GET /pets. */
size_t pet_json_write_list(const pet_t *pets, size_t count, char *buf, size_t cap);

/* One item of a batch answer (GET /pets?id=1,2,3). */
typedef struct pet_json_batch_item {
    int64_t id;          /* the id asked for */
    int status;          /* 200 for a pet, the problem's status otherwise */
    const pet_t *pet;    /* the pet when status is 200, else NULL */
    const char *problem; /* otherwise: the problem+json body (errata_problem_json) */
    size_t problem_len;
} pet_json_batch_item_t;

/* The batch body of decode.h (errata_multi_init reads it):
 *   {"items":[{"id":"1","status":200,"value":PET},
 *             {"id":"2","status":404,"problem":{...}}]}
 * The problem is copied as it is once checked to be one valid JSON object;
 * one that is not (say, cut short by a small buffer) is left out rather
 * than allowed to break the whole body, so the item keeps only its id and
 * status. */
size_t pet_json_write_batch(const pet_json_batch_item_t *items, size_t count, char *buf,
                            size_t cap);

/* s[0..n) as a JSON string, quotes included, by liberrata's escaping rules
 * (the writers above use it; the client prints names with it too). */
size_t pet_json_write_string(const char *s, size_t n, char *buf, size_t cap);

/* The same three, into a writer already set up (errata_mhd_json_writer):
 * one whole value each. */
void pet_json_put(errata_json_writer_t *w, const pet_t *pet);
void pet_json_put_list(errata_json_writer_t *w, const pet_t *pets, size_t count);
void pet_json_put_batch(errata_json_writer_t *w, const pet_json_batch_item_t *items,
                        size_t count);

#endif
