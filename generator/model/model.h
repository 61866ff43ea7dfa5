/* The checked catalog: what the checker produces once every rule holds, with
 * includes resolved and every derived name computed. Templates see it as a
 * value tree (model_value.h); `errata decode` reads it directly. */
#ifndef ERRATA_MODEL_MODEL_H
#define ERRATA_MODEL_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../support/source.h"

struct arena;
struct value;

enum member_type {
    MEMBER_STRING,
    MEMBER_INTEGER, /* int64 */
    MEMBER_NUMBER,  /* double */
    MEMBER_BOOLEAN,
    MEMBER_ARRAY,
    MEMBER_OBJECT, /* only as the item type of an array */
};

enum string_format {
    FORMAT_NONE,
    FORMAT_URI,
    FORMAT_UUID,
    FORMAT_DATE_TIME,
    FORMAT_EMAIL,
};

struct member {
    const char *name;   /* the JSON member name, sent as it is */
    const char *c_name; /* name with each '-' as '_': struct member, macro argument */
    enum member_type type;
    enum string_format format;
    bool required;
    /* `expose:` as given; a member is hidden (logged, never sent) when it
     * says false, or by default when only a hidden 5xx detail uses it. */
    bool expose, expose_given;
    struct loc expose_loc;
    bool hidden; /* the outcome, set by the checker once the entry is read */
    const char *description; /* NULL when absent */
    const struct value *example; /* NULL when absent; checked against the type */
    bool has_minimum, has_maximum, has_max_length, has_max_items;
    double minimum, maximum;
    uint64_t max_length, max_items;
    /* arrays */
    enum member_type item_type;     /* a scalar type or MEMBER_OBJECT */
    enum string_format item_format; /* scalar string items */
    struct member *properties;      /* MEMBER_OBJECT items: flat scalar members */
    size_t property_count;
    struct loc loc;
};

/* A header value or detail template split at its {member} placeholders. */
struct template_part {
    const char *text; /* literal text (braces unescaped), or NULL for a member */
    const struct member *member;
};

struct text_template {
    const char *source; /* as written in the catalog */
    struct template_part *parts;
    size_t part_count;
};

struct header {
    const char *name;
    struct text_template value;
    const char *fallback; /* a literal sent when the value cannot be; NULL: none */
    struct loc loc;
};

/* `migration:` (dual signalling, docs/migration.md): the legacy members
 * sent beside the problem's while clients move to the status. */
enum legacy_source {
    LEGACY_CODE,
    LEGACY_TITLE,
    LEGACY_DETAIL,
    LEGACY_TYPE,
    LEGACY_STATUS,
    LEGACY_INSTANCE,
};

struct legacy_field {
    const char *name;          /* the member inside the legacy error object */
    enum legacy_source source; /* the problem field its value comes from */
    struct loc loc;
};

struct migration {
    bool enabled;               /* `enabled:`, default true: the descriptors carry it */
    const char *success_member; /* NULL: no success flag */
    const char *error_member;   /* NULL: no legacy error object */
    struct legacy_field *fields;
    size_t field_count;
    const char *deprecated; /* when the legacy members go; NULL when not said */
    struct loc loc;         /* the `migration` key */
};

const char *legacy_source_name(enum legacy_source s);

struct catalog_file;

/* An entry's text in one translation (model.translations, same order). */
struct entry_translation {
    const char *title;           /* NULL: not translated there; the catalog's text is sent */
    struct text_template detail; /* source NULL: the catalog's detail template */
    /* Parallel to the entry's headers, NULL when none is translated; a
     * template with source NULL: that header's catalog text is sent. */
    struct text_template *headers;
};

struct entry {
    const char *code;
    int status;
    const char *title;
    const char *slug;     /* a relative type as written, else derived from the code */
    const char *type_uri; /* absolute, or about:blank */
    bool about_blank;
    struct text_template detail; /* source NULL when absent */
    const char *description;
    const char *deprecated;
    struct member *members;
    size_t member_count;
    struct header *headers;
    size_t header_count;
    int64_t id; /* the enum value, explicit or assigned */
    bool explicit_id;
    bool retryable;
    const char *cache_control;
    bool expose_detail;
    const struct catalog_file *origin;
    struct loc loc; /* the entry's mapping */
    struct loc code_loc;
    struct loc id_loc;
    struct loc type_loc;
    /* Set while checking when a member was unusable or `extensions` was
     * misspelt: placeholders naming it are then not reported again. */
    bool members_incomplete;
    /* The entry's own `migration:`, in place of the catalog's; NULL: the
     * catalog's (model.migration) applies. */
    const struct migration *migration;
    /* The warnings the entry and its file allow (1 << enum catalog_warning):
     * checks that run after the entries (translations) honour them too. */
    unsigned allowed;
    /* One per model.translations, NULL when the catalog has none. */
    struct entry_translation *translations;
};

/* One YAML file of the catalog: the main one or an include. */
struct catalog_file {
    const char *path;    /* as opened */
    const char *name;    /* its `name:` */
    const char *title;
    const char *version;
    const char *base_uri;
    bool base_uri_present; /* given, even if invalid: no cascade of errors */
    const char *description;
    bool builtin; /* compiled into errata, not read from disk */
    size_t index; /* in model.files: 0 is the main catalog */
    struct source src;
    const char *trace_member; /* its `trace_member:`, NULL when absent or invalid */
    bool selected;            /* included with only: or except: */
    struct loc base_uri_loc;  /* its `base_uri:` value; line 0 when absent */
    const struct migration *migration; /* its `migration:`, NULL when absent or invalid */
};

/* A code the main catalog says it removed (`removed:`), for the lock's
 * tombstone and the docs: "removed in VERSION, use USE". */
struct removal {
    const char *code;
    const char *use; /* the code that replaces it, NULL: none */
    struct loc loc, use_loc;
};

/* A code the catalog's lock keeps as removed (lock/lock.h): shown in the
 * docs so that readers of old responses still learn what it meant. */
struct tombstone {
    const char *code;
    int64_t value;
    const char *type_uri;
    int status;
    const char *removed_in; /* NULL: unknown */
    const char *use;        /* NULL: no replacement */
};

/* One operation of the main catalog's `operations:` ("GET /pets/{id}"): the
 * errors it can answer, the `all:` ones first, then its own, each once. */
struct operation {
    const char *method; /* an RFC 9110 token, as written (methods are case-sensitive) */
    const char *path;   /* a path template: '/' segments, {name} a whole segment */
    const struct entry **errors;
    size_t error_count;
    struct loc loc; /* the operation's key */
};

/* One file of the main catalog's `translations:`: a locale's titles and
 * details (each entry's own in entry.translations). */
struct translation {
    const char *locale; /* a BCP 47 tag, as written */
    const char *path;   /* as opened: a dependency of the outputs */
    struct source src;
    struct loc loc;     /* its `locale:` value */
};

struct model {
    const struct catalog_file *main;
    struct entry *entries; /* main catalog's entries, then each include's, depth first */
    size_t entry_count;
    const struct catalog_file **files; /* every file read, main first */
    size_t file_count;
    /* The member the trace id is sent and decoded under, for every entry
     * (included ones too): the main catalog's `trace_member`, else
     * "trace_id". */
    const char *trace_member;
    struct removal *removals; /* the main catalog's `removed:` */
    size_t removal_count;
    /* Set when a lock was applied: its path (a dependency of the outputs)
     * and its tombstones. */
    const char *lock_path;
    struct tombstone *tombstones;
    size_t tombstone_count;
    /* The main catalog's `operations:`, in catalog order; `all` is not one
     * of them (its errors are in every operation's list). */
    bool has_operations;
    struct operation *operations;
    size_t operation_count;
    const struct entry **all_errors; /* `all:` */
    size_t all_error_count;
    /* The main catalog's `migration:`, for every entry (included ones too)
     * without one of its own; NULL: none. */
    const struct migration *migration;
    /* The main catalog's `language:` (a BCP 47 tag, "en" when absent) and
     * its `translations:`, in catalog order: locale index i + 1 is
     * translations[i] at run time, 0 the language. */
    const char *language;
    struct translation *translations;
    size_t translation_count;
};

/* The migration that applies to an entry: its own, else the catalog's. */
static inline const struct migration *entry_migration(const struct model *m,
                                                      const struct entry *e)
{
    return e->migration != NULL ? e->migration : m->migration;
}

/* model_removed.c: the removed codes for templates, tombstones of the lock
 * first, then codes of `removed:` the lock does not have yet. */
struct value *model_removed_value(struct arena *a, const struct model *m);

/* model_localize.c: m in locale `locale` (0: the catalog's language, i:
 * translations[i - 1]): a copy whose entries have that translation's
 * titles and details where it gives them; m itself for 0. */
const struct model *model_localized(struct arena *a, const struct model *m, size_t locale);
/* The locale index of a tag (any case), or (size_t)-1 when m has none. */
size_t model_locale_named(const struct model *m, const char *tag);

const char *member_type_name(enum member_type t);
/* The C name of member name NAME: each '-' as '_' (NAME itself when it has none). */
const char *member_c_name(struct arena *a, const char *name);
const char *string_format_name(enum string_format f);

/* A member's bounds as the runtime enforces them (errata_member_desc_t):
 * only those that apply to its type; integer bounds whole, within int64. */
struct member_bounds {
    bool min, max, length, items;
    int64_t int_min, int_max;
    double num_min, num_max;
    uint64_t max_length, max_items;
};
void member_bounds(const struct member *m, struct member_bounds *out);

#endif
