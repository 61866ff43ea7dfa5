/* The checked model as a data tree: the JSON `errata model` prints and the
 * data every template renders from. docs/templates.md documents each field. */
#ifndef ERRATA_MODEL_MODEL_VALUE_H
#define ERRATA_MODEL_MODEL_VALUE_H

struct arena;
struct model;
struct value;

struct value *model_to_value(struct arena *a, const struct model *m);

/* Gives each map of list "index", "first" and "last". */
void model_mark_last(struct arena *a, struct value *list);

/* model_operations.c: root.operations (each with its errors) and, on each
 * of root.errors, the operations that can answer it. */
void model_put_operations(struct arena *a, struct value *root, const struct model *m);

/* model_migration.c: root.migration and, on each of root.errors,
 * own_migration and migration_c (the catalog's `migration:`). */
void model_put_migration(struct arena *a, struct value *root, const struct model *m);
/* A detail template's parts (`detail_parts`), for an entry's own detail
 * and its translations' alike. */
struct entry;
struct text_template;
struct value *model_detail_parts(struct arena *a, const struct text_template *t,
                                 const struct entry *e);
/* A header template's parts, with their quoted flags, for translations. */
struct value *model_header_parts(struct arena *a, const struct text_template *t,
                                 const struct entry *e);

/* model_locales.c: root.language, root.locales and, on each of
 * root.errors, its translations (when the catalog has any). */
void model_put_locales(struct arena *a, struct value *root, const struct model *m);

/* Puts a text field and its escaped forms: KEY, KEY_c, KEY_comment,
 * KEY_json, KEY_md, KEY_html; all null when s is NULL. */
void model_put_text(struct arena *a, struct value *map, const char *key, const char *s);

#endif
