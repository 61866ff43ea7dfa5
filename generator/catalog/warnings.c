#include "warnings.h"

#include <string.h>

static const char *const names[WARN_COUNT + 1] = {
    [WARN_TITLE_MULTI_LINE] = "title-multi-line",
    [WARN_TITLE_TOO_LONG] = "title-too-long",
    [WARN_EXPOSE_DETAIL_5XX] = "expose-detail-5xx",
    [WARN_RETRY_AFTER_MISSING] = "retry-after-missing",
    [WARN_MEMBER_RESTATES_STATUS] = "member-restates-status",
    [WARN_MEMBER_NAME_RFC9457] = "member-name-rfc9457",
    [WARN_MIGRATION_WITHOUT_END] = "migration-without-end",
    [WARN_MISSING_TRANSLATION] = "missing-translation",
    [WARN_COUNT] = NULL,
};

const char *catalog_warning_name(enum catalog_warning w)
{
    return w < WARN_COUNT ? names[w] : "unknown";
}

enum catalog_warning catalog_warning_named(const char *name)
{
    for (int w = 0; w < WARN_COUNT; w++)
        if (strcmp(names[w], name) == 0)
            return (enum catalog_warning)w;
    return WARN_COUNT;
}

const char *const *catalog_warning_names(void)
{
    return names;
}
