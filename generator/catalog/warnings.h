/* The checker's warnings, each with the name that `allow:` and the
 * "[-Wname]" suffix use. A warning flags a catalog that works but goes
 * against advice; an entry (or a whole catalog file) that means it allows
 * the warning by name instead of turning --werror off. */
#ifndef ERRATA_CATALOG_WARNINGS_H
#define ERRATA_CATALOG_WARNINGS_H

enum catalog_warning {
    WARN_TITLE_MULTI_LINE,
    WARN_TITLE_TOO_LONG,
    WARN_EXPOSE_DETAIL_5XX,
    WARN_RETRY_AFTER_MISSING,
    WARN_MEMBER_RESTATES_STATUS,
    WARN_MEMBER_NAME_RFC9457,
    WARN_MIGRATION_WITHOUT_END,
    WARN_MISSING_TRANSLATION,
    WARN_COUNT
};

/* "expose-detail-5xx" and so on. */
const char *catalog_warning_name(enum catalog_warning w);

/* The warning called `name`, or WARN_COUNT when there is none. */
enum catalog_warning catalog_warning_named(const char *name);

/* NULL-terminated list of every name, for suggestions and docs. */
const char *const *catalog_warning_names(void);

#endif
