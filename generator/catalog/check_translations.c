/* The main catalog's `language:` and `translations:` (docs/catalog.md,
 * "Translations"). A translation file is read through the same located
 * YAML tree as a catalog, from beside the main catalog, once every entry
 * is known: it may translate any of them, included ones too. What it may
 * change is what RFC 9457 §3.1.3 lets change with the language, the title
 * and the detail, and the headers that carry prose (check_headers.c
 * decides which); each keeps the original's placeholders, so a
 * translation can always be filled when the original can. */
#include <errno.h>
#include <string.h>
#include <strings.h>

#include "../support/arena.h"
#include "../support/diag.h"
#include "check.h"
#include "rules.h"

static const char *const translation_keys[] = { "errata", "locale", "errors", "allow", NULL };
static const char *const text_keys[] = { "title", "detail", "headers", NULL };

/* `language:` and `translations:` belong to the main catalog; the files
 * are read by check_translations once every entry is known. */
void check_language(struct checker *c, const struct catalog_file *f, const struct ynode *root)
{
    static const char *const keys[] = { "language", "translations" };
    const struct ypair *lang = ynode_pair(root, "language");
    const struct ypair *list = ynode_pair(root, "translations");
    if (f->index != 0) {
        for (size_t i = 0; i < 2; i++) {
            const struct ypair *p = ynode_pair(root, keys[i]);
            if (p != NULL)
                diag_error(c->d, p->key->loc,
                           "'%s' belongs in the main catalog: an included catalog's entries are "
                           "translated by the including one",
                           keys[i]);
        }
        return;
    }
    c->model->language = "en";
    c->translations = list != NULL ? list->value : NULL;
    if (lang == NULL)
        return;
    const char *tag = check_string(c, lang->value, "language");
    if (tag == NULL)
        return;
    if (!rules_is_bcp47(tag)) {
        diag_error(c->d, lang->value->loc,
                   "language '%s' is not a BCP 47 language tag (RFC 5646), e.g. en, en-GB, "
                   "pt-BR",
                   tag);
        return;
    }
    c->model->language = tag;
    c->language_loc = lang->value->loc;
}

/* errata: 1, as in a catalog. */
static void check_translation_format(struct checker *c, const struct ynode *root)
{
    const struct ynode *n = ynode_get(root, "errata");
    int64_t version;
    if (n == NULL && check_key_misspelt(root, "errata", translation_keys))
        return;
    if (n == NULL)
        diag_error(c->d, root->loc,
                   "missing 'errata: 1': the format version comes first in a translation file too");
    else if (check_int(c, n, "errata", &version) && version != 1)
        diag_error(c->d, n->loc,
                   "unsupported translation format version %s; this errata reads format 1",
                   n->u.scalar.text);
}

/* locale: a BCP 47 tag, neither the catalog's language nor an earlier
 * file's locale (in any case: tags are case-insensitive). */
static const char *check_locale(struct checker *c, const struct ynode *root, size_t index)
{
    const struct ynode *n = ynode_get(root, "locale");
    if (n == NULL && check_key_misspelt(root, "locale", translation_keys))
        return NULL;
    if (n == NULL) {
        diag_error(c->d, root->loc, "a translation file needs 'locale:', its BCP 47 language "
                                    "tag (locale: de)");
        return NULL;
    }
    const char *tag = check_string(c, n, "locale");
    if (tag == NULL)
        return NULL;
    if (!rules_is_bcp47(tag)) {
        diag_error(c->d, n->loc,
                   "locale '%s' is not a BCP 47 language tag (RFC 5646): subtags joined by '-', "
                   "e.g. de, de-AT, zh-Hant",
                   tag);
        return NULL;
    }
    if (strcasecmp(tag, c->model->language) == 0) {
        diag_error(c->d, n->loc,
                   "locale '%s' is the catalog's own language: its titles and details are the "
                   "catalog's (set 'language:' in the catalog when it is not %s)",
                   tag, c->model->language);
        if (c->language_loc.line > 0)
            diag_note(c->d, c->language_loc, "the catalog's language is declared here");
        return NULL;
    }
    for (size_t i = 0; i < index; i++) {
        const struct translation *t = &c->model->translations[i];
        if (t->locale != NULL && strcasecmp(t->locale, tag) == 0) {
            diag_error(c->d, n->loc, "locale '%s' is translated twice", tag);
            diag_note(c->d, t->loc, "'%s' is first translated here", t->locale);
            return NULL;
        }
    }
    c->model->translations[index].loc = n->loc;
    return tag;
}

static bool template_has(const struct text_template *t, const struct member *m)
{
    for (size_t i = 0; i < t->part_count; i++)
        if (t->parts[i].member == m)
            return true;
    return false;
}

/* The same placeholders as the original's, each difference located; what
 * names the text ("detail", "header 'X-Error-Hint'"). */
static bool same_placeholders(struct checker *c, const struct ynode *n, const struct entry *e,
                              const char *what, const struct text_template *orig,
                              const struct text_template *t)
{
    bool same = true;
    for (size_t i = 0; i < orig->part_count; i++) {
        const struct member *m = orig->parts[i].member;
        if (m != NULL && !template_has(t, m) && (same = false, true))
            diag_error(c->d, n->loc,
                       "the translated %s of %s leaves out '{%s}', which the catalog's "
                       "%s has; a translation keeps every placeholder",
                       what, e->code, m->name, what);
    }
    for (size_t i = 0; i < t->part_count; i++) {
        const struct member *m = t->parts[i].member;
        if (m != NULL && !template_has(orig, m) && (same = false, true))
            diag_error(c->d, n->loc,
                       "the translated %s of %s uses '{%s}', which the catalog's %s "
                       "does not; a translation adds no placeholder",
                       what, e->code, m->name, what);
    }
    return same;
}

/* headers: { NAME: TEMPLATE }, the free-text headers of the entry. */
static struct text_template *check_translated_headers(struct checker *c, const struct ynode *n,
                                                      const struct entry *e)
{
    if (n == NULL || ynode_is_scalar(n, YTYPE_NULL) || !check_mapping(c, n, "headers"))
        return NULL;
    struct text_template *out = arena_alloc_array(c->a, e->header_count + 1, sizeof *out);
    bool any = false;
    for (size_t i = 0; i < n->u.map.count; i++) {
        const struct ypair *p = &n->u.map.pairs[i];
        if (p->key->kind != YNODE_SCALAR)
            continue; /* reported by the YAML reader */
        struct text_template t;
        if (!check_translated_header(c, p, e, &t))
            continue;
        size_t k = 0;
        while (strcasecmp(e->headers[k].name, p->key->u.scalar.text) != 0)
            k++; /* check_translated_header found it */
        if (out[k].source != NULL) {
            diag_error(c->d, p->key->loc, "header '%s' is translated twice (header names "
                                          "ignore case)", e->headers[k].name);
            for (size_t j = 0; j < i; j++)
                if (n->u.map.pairs[j].key->kind == YNODE_SCALAR &&
                    strcasecmp(n->u.map.pairs[j].key->u.scalar.text, e->headers[k].name) == 0) {
                    diag_note(c->d, n->u.map.pairs[j].key->loc, "first translated here");
                    break;
                }
            continue;
        }
        const char *what = arena_printf(c->a, "header '%s'", e->headers[k].name);
        if (same_placeholders(c, p->value, e, what, &e->headers[k].value, &t)) {
            out[k] = t;
            any = true;
        }
    }
    return any ? out : NULL;
}

static const char *check_translated_title(struct checker *c, const struct ynode *map,
                                          const struct entry *e)
{
    const struct ynode *n = ynode_get(map, "title");
    if (n == NULL && check_key_misspelt(map, "title", text_keys))
        return NULL;
    if (n == NULL) {
        diag_error(c->d, map->loc, "the translation of %s has no 'title'", e->code);
        return NULL;
    }
    const char *title = check_string(c, n, "title");
    if (title != NULL && *title == '\0') {
        diag_error(c->d, n->loc, "'title' is empty");
        return NULL;
    }
    if (title != NULL && strpbrk(title, "\r\n") != NULL) {
        diag_error(c->d, n->loc, "the translated title of %s spans several lines; a title is "
                                 "one line", e->code);
        return NULL;
    }
    return title;
}

/* One code's title, detail and prose headers in this locale. */
static void check_translated_entry(struct checker *c, const struct ynode *map, struct entry *e,
                                   size_t index, const char *locale)
{
    if (!check_mapping(c, map, e->code))
        return;
    check_known_keys(c, map, text_keys, "a translated error");
    struct entry_translation *out = &e->translations[index];
    out->title = check_translated_title(c, map, e);
    const struct ynode *detail = ynode_get(map, "detail");
    if (detail != NULL && e->detail.source == NULL) {
        diag_error(c->d, detail->loc,
                   "%s has no detail in the catalog, so there is none to translate", e->code);
    } else if (detail != NULL) {
        struct text_template t = { NULL, NULL, 0 };
        if (check_string(c, detail, "detail") != NULL &&
            check_template(c, detail, "detail", e, &t) &&
            same_placeholders(c, detail, e, "detail", &e->detail, &t))
            out->detail = t;
    } else if (e->detail.source != NULL && !check_key_misspelt(map, "detail", text_keys)) {
        check_warning(c, map->loc, WARN_MISSING_TRANSLATION,
                      "the '%s' translation of %s has no 'detail'; the catalog's detail is sent",
                      locale, e->code);
    }
    out->headers = check_translated_headers(c, ynode_get(map, "headers"), e);
}

static struct entry *find_entry(const struct model *m, const char *code)
{
    for (size_t i = 0; i < m->entry_count; i++)
        if (strcmp(m->entries[i].code, code) == 0)
            return &m->entries[i];
    return NULL;
}

static void report_unknown_code(struct checker *c, const struct ynode *key)
{
    const struct model *m = c->model;
    const char **codes = arena_alloc_array(c->a, m->entry_count + 1, sizeof *codes);
    for (size_t i = 0; i < m->entry_count; i++)
        codes[i] = m->entries[i].code;
    const char *hint = rules_suggest(key->u.scalar.text, codes);
    if (hint != NULL)
        diag_error(c->d, key->loc, "'%s' is no code of the catalog; did you mean '%s'?",
                   key->u.scalar.text, hint);
    else
        diag_error(c->d, key->loc, "'%s' is no code of the catalog", key->u.scalar.text);
}

/* errors: { CODE: { title, detail } }, then a warning for each entry the
 * file leaves out. */
static void check_translated_errors(struct checker *c, const struct ynode *root, size_t index,
                                    const char *locale, const char *file)
{
    const struct ynode *n = ynode_get(root, "errors");
    if (n == NULL && check_key_misspelt(root, "errors", translation_keys))
        return;
    if (n != NULL && !ynode_is_scalar(n, YTYPE_NULL) && !check_mapping(c, n, "errors"))
        return;
    bool *seen = arena_alloc_array(c->a, c->model->entry_count + 1, sizeof *seen);
    for (size_t i = 0; n != NULL && n->kind == YNODE_MAPPING && i < n->u.map.count; i++) {
        const struct ynode *key = n->u.map.pairs[i].key;
        if (key->kind != YNODE_SCALAR)
            continue; /* reported by the YAML reader */
        struct entry *e = find_entry(c->model, key->u.scalar.text);
        if (e == NULL) {
            if (strmap_get(&c->broken_codes, key->u.scalar.text) == NULL)
                report_unknown_code(c, key);
            continue;
        }
        seen[e - c->model->entries] = true;
        check_translated_entry(c, n->u.map.pairs[i].value, e, index, locale);
    }
    const struct ypair *key = ynode_pair(root, "errors");
    struct loc at = key != NULL ? key->key->loc : root->loc;
    for (size_t i = 0; i < c->model->entry_count; i++) {
        if (seen[i])
            continue;
        c->allowed |= c->model->entries[i].allowed;
        check_warning(c, at, WARN_MISSING_TRANSLATION,
                      "%s has no '%s' translation in %s; the catalog's title and detail are sent",
                      c->model->entries[i].code, locale, file);
        c->allowed = c->main_allowed;
    }
}

static const char *translation_path(struct checker *c, const char *name)
{
    if (name[0] == '/')
        return name;
    const char *main = c->model->main->path;
    const char *slash = strrchr(main, '/');
    if (slash == NULL)
        return name;
    return arena_printf(c->a, "%.*s%s", (int)(slash - main + 1), main, name);
}

/* Reads one listed file into t; false after reporting. */
static bool read_translation(struct checker *c, const struct ynode *item, struct translation *t)
{
    const char *name = check_string(c, item, "translations");
    if (name == NULL)
        return false;
    if (*name == '\0') {
        diag_error(c->d, item->loc, "'translations' names an empty file name");
        return false;
    }
    t->path = translation_path(c, name);
    switch (source_read_file(c->a, t->path, c->opt->limits.max_file_size, &t->src)) {
    case SOURCE_OK:
        source_index(c->a, &t->src);
        return true;
    case SOURCE_TOO_LARGE:
        diag_error(c->d, item->loc, "translation file '%s' is larger than %zu bytes", t->path,
                   c->opt->limits.max_file_size);
        return false;
    case SOURCE_IO_ERROR:
        break;
    }
    diag_error(c->d, item->loc, "cannot read translation file '%s': %s", t->path,
               strerror(errno));
    return false;
}

static void check_translation_file(struct checker *c, const struct ynode *item, size_t index)
{
    struct translation *t = &c->model->translations[index];
    if (!read_translation(c, item, t))
        return;
    const struct ynode *root = yaml_tree_parse(c->a, c->d, &t->src, &c->opt->limits);
    if (root == NULL)
        return;
    if (root->kind != YNODE_MAPPING) {
        diag_error(c->d, root->loc,
                   "a translation file is a mapping with 'errata:', 'locale:' and 'errors:', "
                   "not %s",
                   ynode_describe(root));
        return;
    }
    check_known_keys(c, root, translation_keys, "a translation file");
    check_translation_format(c, root);
    t->locale = check_locale(c, root, index);
    c->allowed = c->main_allowed | check_allow(c, root);
    c->main_allowed = c->allowed; /* the file's allow: covers its own warnings */
    check_translated_errors(c, root, index, t->locale ? t->locale : "?", item->u.scalar.text);
}

void check_translations(struct checker *c)
{
    struct model *m = c->model;
    const struct ynode *list = c->translations;
    if (list == NULL || ynode_is_scalar(list, YTYPE_NULL))
        return;
    if (list->kind != YNODE_SEQUENCE && list->kind != YNODE_SCALAR) {
        diag_error(c->d, list->loc,
                   "'translations' must be a file name or a list of them (pets.de.yaml), not %s",
                   ynode_describe(list));
        return;
    }
    size_t count = list->kind == YNODE_SEQUENCE ? list->u.seq.count : 1;
    if (count == 0)
        return;
    m->translations = arena_alloc_array(c->a, count + 1, sizeof *m->translations);
    m->translation_count = count;
    for (size_t i = 0; i < m->entry_count; i++)
        m->entries[i].translations =
            arena_alloc_array(c->a, count, sizeof *m->entries[i].translations);
    unsigned main_allowed = c->main_allowed;
    for (size_t i = 0; i < count; i++) {
        check_translation_file(c, list->kind == YNODE_SEQUENCE ? list->u.seq.items[i] : list, i);
        c->main_allowed = main_allowed;
    }
    c->allowed = main_allowed;
}
