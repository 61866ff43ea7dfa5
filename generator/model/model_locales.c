/* The catalog's `language:` and `translations:` in the model
 * (docs/templates.md, "Translations"): root.language, root.locales (the
 * catalog's language first, then each translation, with the C names of
 * their indexes) and, on each of root.errors, its translations with their
 * precomputed body starts and detail templates. */
#include <ctype.h>
#include <string.h>

#include "../support/arena.h"
#include "../support/strbuf.h"
#include "model.h"
#include "model_value.h"
#include "value.h"
#include "wire.h"

/* "de-AT" -> "DE_AT" (upper) or "de_at": tags are letters, digits and
 * '-', so this is a C identifier, and case-insensitively unique tags
 * (the checker's rule) give unique names. */
static const char *tag_name(struct arena *a, const char *tag, bool up)
{
    char *s = arena_strdup(a, tag);
    for (char *p = s; *p; p++)
        *p = *p == '-' ? '_' : (char)(up ? toupper((unsigned char)*p) : tolower((unsigned char)*p));
    return s;
}

static struct value *locale_value(struct arena *a, const char *prefix, const char *tag,
                                  size_t index)
{
    struct value *v = value_map(a);
    model_put_text(a, v, "tag", tag);
    value_map_put_str(a, v, "suffix", tag_name(a, tag, false));
    value_map_put_str(a, v, "enum",
                      arena_printf(a, "%s_LOCALE_%s", tag_name(a, prefix, true),
                                   tag_name(a, tag, true)));
    value_map_put_int(a, v, "locale_index", (int64_t)index);
    return v;
}

static struct value *translation_value(struct arena *a, const struct model *m,
                                       const struct entry *e, size_t i)
{
    const struct entry_translation *t = &e->translations[i];
    struct value *v = locale_value(a, m->main->name, m->translations[i].locale, i + 1);
    value_map_put_bool(a, v, "translated", t->title != NULL);
    model_put_text(a, v, "title", t->title);
    struct strbuf sb = STRBUF_INIT;
    if (t->title != NULL)
        wire_body_prefix_titled(&sb, e, t->title);
    model_put_text(a, v, "body_prefix", t->title != NULL ? strbuf_str(&sb) : NULL);
    strbuf_release(&sb);
    model_put_text(a, v, "detail", t->detail.source);
    value_map_put(a, v, "detail_parts", model_detail_parts(a, &t->detail, e));
    value_map_put_bool(a, v, "has_detail_parts", t->detail.part_count > 0);
    /* The whole header list in this language, parallel to the entry's:
     * the runtime swaps one list for the other, so an untranslated header
     * repeats the catalog's parts. */
    struct value *headers = value_list(a);
    for (size_t k = 0; t->headers != NULL && k < e->header_count; k++) {
        const struct header *h = &e->headers[k];
        struct value *hv = value_map(a);
        model_put_text(a, hv, "name", h->name);
        value_map_put_bool(a, hv, "has_fallback", h->fallback != NULL);
        model_put_text(a, hv, "fallback", h->fallback);
        value_map_put_bool(a, hv, "translated", t->headers[k].source != NULL);
        value_map_put(a, hv, "parts", model_header_parts(a, &t->headers[k], e));
        value_list_push(a, headers, hv);
    }
    model_mark_last(a, headers);
    value_map_put(a, v, "headers", headers);
    value_map_put_bool(a, v, "has_headers", t->headers != NULL);
    return v;
}

void model_put_locales(struct arena *a, struct value *root, const struct model *m)
{
    const char *language = m->language != NULL ? m->language : "en";
    model_put_text(a, root, "language", language);
    struct value *locales = value_list(a);
    value_list_push(a, locales, locale_value(a, m->main->name, language, 0));
    for (size_t i = 0; i < m->translation_count; i++)
        value_list_push(a, locales, locale_value(a, m->main->name, m->translations[i].locale,
                                                 i + 1));
    model_mark_last(a, locales);
    value_map_put(a, root, "locales", locales);
    value_map_put_int(a, root, "locale_count", (int64_t)m->translation_count + 1);
    value_map_put_bool(a, root, "has_locales", m->translation_count > 0);
    if (m->translation_count == 0)
        return; /* errors without translations carry no empty lists */
    struct value *errors = value_map_get(root, "errors", 6);
    for (size_t k = 0; k < m->entry_count; k++) {
        struct value *list = value_list(a);
        for (size_t i = 0; i < m->translation_count; i++)
            value_list_push(a, list, translation_value(a, m, &m->entries[k], i));
        model_mark_last(a, list);
        value_map_put(a, errors->u.list.items[k], "translations", list);
    }
}
