/* A model in one of the catalog's languages (errata docs --locale): a copy
 * whose entries carry a translation's titles, details and prose headers
 * where it has them, so that everything read from the model (the docs, the example
 * responses liberrata writes for them) is in that language. Type URIs,
 * codes, members and descriptions are the catalog's. */
#include <string.h>
#include <strings.h>

#include "../support/arena.h"
#include "model.h"

/* The copy's entry for one of m's. */
static const struct entry *moved(const struct model *m, const struct entry *entries,
                                 const struct entry *e)
{
    return &entries[e - m->entries];
}

static const struct entry **moved_list(struct arena *a, const struct model *m,
                                       const struct entry *entries, const struct entry **list,
                                       size_t count)
{
    const struct entry **out = arena_alloc_array(a, count + 1, sizeof *out);
    for (size_t i = 0; i < count; i++)
        out[i] = moved(m, entries, list[i]);
    return out;
}

const struct model *model_localized(struct arena *a, const struct model *m, size_t locale)
{
    if (locale == 0 || locale > m->translation_count)
        return m;
    struct model *copy = arena_alloc(a, sizeof *copy);
    *copy = *m;
    copy->language = m->translations[locale - 1].locale;
    struct entry *entries = arena_alloc_array(a, m->entry_count + 1, sizeof *entries);
    memcpy(entries, m->entries, m->entry_count * sizeof *entries);
    for (size_t i = 0; i < m->entry_count; i++) {
        const struct entry_translation *t = &m->entries[i].translations[locale - 1];
        if (t->title != NULL)
            entries[i].title = t->title;
        if (t->detail.source != NULL)
            entries[i].detail = t->detail;
        if (t->headers != NULL) {
            struct header *h = arena_alloc_array(a, entries[i].header_count + 1, sizeof *h);
            for (size_t k = 0; k < entries[i].header_count; k++) {
                h[k] = m->entries[i].headers[k];
                if (t->headers[k].source != NULL)
                    h[k].value = t->headers[k];
            }
            entries[i].headers = h;
        }
    }
    copy->entries = entries;
    struct operation *ops = arena_alloc_array(a, m->operation_count + 1, sizeof *ops);
    for (size_t i = 0; i < m->operation_count; i++) {
        ops[i] = m->operations[i];
        ops[i].errors = moved_list(a, m, entries, m->operations[i].errors, ops[i].error_count);
    }
    copy->operations = ops;
    copy->all_errors = moved_list(a, m, entries, m->all_errors, m->all_error_count);
    return copy;
}

size_t model_locale_named(const struct model *m, const char *tag)
{
    for (size_t i = 0; i < m->translation_count; i++)
        if (m->translations[i].locale != NULL && strcasecmp(m->translations[i].locale, tag) == 0)
            return i + 1;
    return strcasecmp(m->language != NULL ? m->language : "en", tag) == 0 ? 0 : (size_t)-1;
}
