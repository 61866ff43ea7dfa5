/* Pets, lists and batch answers as JSON (pet_json.h), written with
 * liberrata's JSON writer (errata/json_writer.h): caller buffers with
 * snprintf semantics, every string escaped and valid UTF-8, as in the
 * problem bodies. */
#include "pet_json.h"

#include <errata/json.h>
#include <errata/json_writer.h>
#include <string.h>

static size_t finish(errata_json_writer_t *w)
{
    size_t len;
    errata_jw_finish(w, &len); /* truncation shows as len >= cap */
    return len;
}

size_t pet_json_write_string(const char *s, size_t n, char *buf, size_t cap)
{
    errata_json_writer_t w;
    errata_jw_init(&w, buf, cap);
    errata_jw_stringn(&w, s, n);
    return finish(&w);
}

/* ---- pets --------------------------------------------------------------- */

static void put_id(errata_json_writer_t *w, int64_t id)
{
    char text[PET_ID_TEXT_SIZE];
    errata_jw_stringn(w, text, pet_id_format(id, text));
}

void pet_json_put(errata_json_writer_t *w, const pet_t *pet)
{
    errata_jw_begin_object(w);
    errata_jw_key(w, "id");
    put_id(w, pet->id);
    errata_jw_key(w, "name");
    errata_jw_stringn(w, pet->name, strnlen(pet->name, sizeof pet->name));
    errata_jw_key(w, "species");
    errata_jw_string(w, pet_species_name(pet->species)); /* NULL: null */
    errata_jw_key(w, "age");
    errata_jw_int(w, pet->age);
    errata_jw_key(w, "version");
    errata_jw_int(w, pet->version);
    errata_jw_end_object(w);
}

size_t pet_json_write(const pet_t *pet, char *buf, size_t cap)
{
    errata_json_writer_t w;
    errata_jw_init(&w, buf, cap);
    pet_json_put(&w, pet);
    return finish(&w);
}

void pet_json_put_list(errata_json_writer_t *w, const pet_t *pets, size_t count)
{
    errata_jw_begin_object(w);
    errata_jw_key(w, "pets");
    errata_jw_begin_array(w);
    for (size_t i = 0; i < count; i++)
        pet_json_put(w, &pets[i]);
    errata_jw_end_array(w);
    errata_jw_end_object(w);
}

size_t pet_json_write_list(const pet_t *pets, size_t count, char *buf, size_t cap)
{
    errata_json_writer_t w;
    errata_jw_init(&w, buf, cap);
    pet_json_put_list(&w, pets, count);
    return finish(&w);
}

/* A problem body fit to be copied into a batch: one JSON object. */
static bool is_json_object(const char *s, size_t n)
{
    bool object = false;
    return s != NULL && errata_json_validate(s, n, NULL, NULL, &object) && object;
}

static void put_batch_item(errata_json_writer_t *w, const pet_json_batch_item_t *item)
{
    errata_jw_begin_object(w);
    errata_jw_key(w, "id");
    put_id(w, item->id);
    errata_jw_key(w, "status");
    errata_jw_int(w, item->status);
    if (item->pet != NULL) {
        errata_jw_key(w, "value");
        pet_json_put(w, item->pet);
    } else if (is_json_object(item->problem, item->problem_len)) {
        errata_jw_key(w, "problem");
        errata_jw_raw(w, item->problem, item->problem_len);
    }
    errata_jw_end_object(w);
}

void pet_json_put_batch(errata_json_writer_t *w, const pet_json_batch_item_t *items,
                        size_t count)
{
    errata_jw_begin_object(w);
    errata_jw_key(w, "items");
    errata_jw_begin_array(w);
    for (size_t i = 0; i < count; i++)
        put_batch_item(w, &items[i]);
    errata_jw_end_array(w);
    errata_jw_end_object(w);
}

size_t pet_json_write_batch(const pet_json_batch_item_t *items, size_t count, char *buf,
                            size_t cap)
{
    errata_json_writer_t w;
    errata_jw_init(&w, buf, cap);
    pet_json_put_batch(&w, items, count);
    return finish(&w);
}
