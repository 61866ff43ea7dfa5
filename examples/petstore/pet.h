/* The pet: the one record the Pet Store keeps, and the wire rules shared by
 * the store (store.h), the JSON codec (pet_json.h) and the HTTP layer.
 *
 *   id       int64 >= 1; on the wire a decimal string ("42"), never a number,
 *            so that JavaScript clients do not lose digits past 2^53. A
 *            client creating a pet may choose its id, up to
 *            PET_ID_CREATE_MAX; the ids above are the store's to assign
 *   name     1..PET_NAME_MAX bytes of UTF-8, no control characters
 *   species  one of PET_SPECIES_TABLE
 *   age      int64 >= 0
 *   version  int64 >= 1, bumped by every change; the ETag is "version" in
 *            quotes (a strong entity tag) */
#ifndef PETSTORE_PET_H
#define PETSTORE_PET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PET_NAME_MAX 100  /* bytes, the NUL not counted */
#define PET_ID_TEXT_SIZE 21 /* any int64 in decimal (a sign, 19 digits) and a NUL */
#define PET_ETAG_SIZE 23    /* the same in quotes */

/* The largest id a client may give when it creates a pet: 2^53 - 1. The
 * store assigns the next id above the largest one in use (SQLite's
 * AUTOINCREMENT), and cannot go past INT64_MAX: one pet created with id
 * INT64_MAX would make every later creation fail. Below this bound the
 * store keeps 2^63 - 2^53 ids to give out, and a client that (wrongly)
 * reads ids as JSON numbers still gets its own ids back exactly. */
#define PET_ID_CREATE_MAX INT64_C(9007199254740991)
#define PET_ID_CREATE_MAX_TEXT "9007199254740991"

/* The species, defined once: X(ENUM_SUFFIX, "wire name"). The order is the
 * enum's and the one error messages list them in. */
#define PET_SPECIES_TABLE(X) \
    X(DOG, "dog")            \
    X(CAT, "cat")            \
    X(BIRD, "bird")          \
    X(FISH, "fish")          \
    X(RABBIT, "rabbit")      \
    X(REPTILE, "reptile")

typedef enum pet_species {
#define PET_SPECIES_ENUM_(sym, text) PET_SPECIES_##sym,
    PET_SPECIES_TABLE(PET_SPECIES_ENUM_)
#undef PET_SPECIES_ENUM_
    PET_SPECIES_COUNT
} pet_species_t;

typedef struct pet {
    int64_t id;
    char name[PET_NAME_MAX + 1];
    pet_species_t species;
    int64_t age;
    int64_t version;
} pet_t;

/* The fields a request gave (pet_patch_t.fields). */
enum {
    PET_FIELD_ID = 1u << 0,
    PET_FIELD_NAME = 1u << 1,
    PET_FIELD_SPECIES = 1u << 2,
    PET_FIELD_AGE = 1u << 3,
    PET_FIELD_VERSION = 1u << 4 /* read-only: given back from a GET; the store ignores it */
};

/* A request body: the fields given and their values (the others are 0). */
typedef struct pet_patch {
    unsigned fields;
    pet_t pet;
} pet_patch_t;

/* "dog" for PET_SPECIES_DOG; NULL for a value outside the table. */
const char *pet_species_name(pet_species_t species);

/* The species named exactly (case matters) by text[0..len); false when none. */
bool pet_species_parse(const char *text, size_t len, pet_species_t *out);

/* A pet id as sent on the wire and in paths: 1 to 19 ASCII digits, no sign,
 * no leading zero, at most INT64_MAX. Anything else (" 7", "007", "-1",
 * "0", "1e3") is no id, so that one pet has exactly one spelling. */
bool pet_id_parse(const char *text, size_t len, int64_t *out);

/* The decimal form of id into buf; returns its length. */
size_t pet_id_format(int64_t id, char buf[PET_ID_TEXT_SIZE]);

/* The ETag of a version: "7" with the quotes; returns its length. */
size_t pet_etag_format(int64_t version, char buf[PET_ETAG_SIZE]);

/* The version a strong entity tag stands for: exactly "N" with the quotes,
 * N as pet_id_parse reads it. False for a weak tag (W/"7", which If-Match
 * never matches, RFC 9110 §13.1.1), "*" or a list: the caller handles those. */
bool pet_etag_parse(const char *text, size_t len, int64_t *version);

#endif
