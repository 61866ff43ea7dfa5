/* The pet's wire rules: the species table, ids and ETags. */
#include "pet.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static const char *const species_names[PET_SPECIES_COUNT] = {
#define PET_SPECIES_NAME_(sym, text) text,
    PET_SPECIES_TABLE(PET_SPECIES_NAME_)
#undef PET_SPECIES_NAME_
};

const char *pet_species_name(pet_species_t species)
{
    if ((int)species < 0 || species >= PET_SPECIES_COUNT)
        return NULL;
    return species_names[species];
}

bool pet_species_parse(const char *text, size_t len, pet_species_t *out)
{
    for (int i = 0; i < PET_SPECIES_COUNT; i++) {
        if (strlen(species_names[i]) == len && memcmp(species_names[i], text, len) == 0) {
            *out = (pet_species_t)i;
            return true;
        }
    }
    return false;
}

bool pet_id_parse(const char *text, size_t len, int64_t *out)
{
    if (text == NULL || len == 0 || len > 19 || text[0] == '0')
        return false;
    uint64_t v = 0;
    for (size_t i = 0; i < len; i++) {
        if (text[i] < '0' || text[i] > '9')
            return false;
        v = v * 10 + (uint64_t)(text[i] - '0'); /* 19 digits fit in uint64 */
    }
    if (v > (uint64_t)INT64_MAX)
        return false;
    *out = (int64_t)v;
    return true;
}

size_t pet_id_format(int64_t id, char buf[PET_ID_TEXT_SIZE])
{
    return (size_t)snprintf(buf, PET_ID_TEXT_SIZE, "%" PRId64, id);
}

size_t pet_etag_format(int64_t version, char buf[PET_ETAG_SIZE])
{
    return (size_t)snprintf(buf, PET_ETAG_SIZE, "\"%" PRId64 "\"", version);
}

bool pet_etag_parse(const char *text, size_t len, int64_t *version)
{
    if (text == NULL || len < 3 || text[0] != '"' || text[len - 1] != '"')
        return false;
    return pet_id_parse(text + 1, len - 2, version);
}
