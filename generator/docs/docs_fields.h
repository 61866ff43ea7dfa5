/* The fields of the template model that only documentation needs: the
 * rendered Markdown, the example response of each error, why its status,
 * retry advice, member rows, the status-class groups and per-error page
 * names. docs/templates.md lists them with the rest of the model. */
#ifndef ERRATA_DOCS_DOCS_FIELDS_H
#define ERRATA_DOCS_DOCS_FIELDS_H

#include <stdbool.h>

struct arena;
struct model;
struct value;

/* Adds the docs fields to root, the value model_to_value(m) made. */
void docs_fields_add(struct arena *a, const struct model *m, struct value *root);

/* Whether a slug can name a page file of its own (SLUG.html beside the
 * index): one path segment of unreserved characters, not starting with a
 * dot. Other slugs (with '/', '%' and the like) get a section, no page. */
bool docs_slug_is_page_name(const char *slug);

#endif
