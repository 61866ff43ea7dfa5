/* Internal to the checker: the state one catalog load shares between the
 * files that check the file, entry, member and template levels. */
#ifndef ERRATA_CATALOG_CHECK_H
#define ERRATA_CATALOG_CHECK_H

#include <stdbool.h>
#include <stdint.h>

#include "../model/model.h"
#include "../support/strmap.h"
#include "catalog.h"
#include "warnings.h"
#include "yaml_tree.h"

struct arena;
struct diag;

/* Bytes of a file name on the file systems errata writes to (NAME_MAX). */
#define FILE_NAME_MAX 255

/* The largest enum value: PREFIX__COUNT, one past it, must fit an int. */
#define ERRATA_ID_MAX (INT32_MAX - 1)

struct include_frame {
    const char *identity; /* real path, or "<builtin>/NAME" */
    const struct catalog_file *file;
};

/* An include's `only:` or `except:`: which of the file's entries join.
 * Selections nest: an entry joins when every active one lets it. */
struct include_select {
    bool only;                      /* else except */
    const struct ynode *const *codes; /* the listed code scalars */
    size_t count;
    bool *seen;                     /* codes[i] matched an entry */
    const char **defined;           /* every code the file brought, for suggestions */
    size_t defined_count, defined_cap;
    struct include_select *outer;
};

struct checker {
    struct arena *a;
    struct diag *d;
    const struct catalog_options *opt;
    struct model *model;
    size_t entry_cap, file_cap;
    struct include_frame *stack; /* files being checked, for cycles */
    size_t depth, stack_cap;
    struct strmap loaded; /* identities already read: a diamond reads a file once */
    bool too_many_entries;
    const struct catalog_file *missing_base_reported; /* one report per file */
    /* Warnings allowed where the checker is: the file's `allow:`, and while
     * an entry is checked, the entry's too (bit 1 << enum catalog_warning). */
    unsigned allowed;
    struct include_select *select; /* innermost active selection, or NULL */
    const struct ynode *operations; /* the main catalog's `operations:`, checked last */
    /* Codes of entries that failed their own checks: an operation naming
     * one is not reported again as naming an unknown code. */
    struct strmap broken_codes;
    /* The main catalog's `translations:` (checked last) and the warnings
     * its `allow:` names. */
    const struct ynode *translations;
    unsigned main_allowed;
    struct loc language_loc; /* the main catalog's `language:`; line 0: the default */
    /* The `ratelimit:` of the file whose entries are checked (an opaque
     * spec of check_ratelimit.c), NULL when it has none or it is broken;
     * and whether one applies to the entry being checked. */
    const void *file_ratelimit;
    bool entry_rate_limited;
    /* The migration in force while an entry is checked (its own, else the
     * main catalog's): a member named like its legacy members is an error
     * (check_model), not also the member-restates-status warning. */
    const struct migration *migration;
};

/* check_file.c: one catalog file, then its includes (load.c resolves them). */
void check_file(struct checker *c, struct catalog_file *f, const struct ynode *root);
/* load.c */
void load_include(struct checker *c, const struct catalog_file *from, const struct ynode *name);
/* False when an include's only:/except: leaves the entry with this code out. */
bool load_selected(struct checker *c, const char *code);

/* check_entry.c */
void check_entry(struct checker *c, const struct catalog_file *f, const struct ynode *n);
/* check_member.c: fills *out; false when the member is unusable. */
bool check_member(struct checker *c, const struct ynode *key, const struct ynode *spec,
                  struct member *out);
/* check_member.c: false, with an error, when m's C name is that of one of
 * the count members before it (`a-b` after `a_b`). */
bool check_member_c_name_free(struct checker *c, const struct member *earlier, size_t count,
                              const struct member *m);
/* check_headers.c: the headers mapping, and the headers a status requires. */
void check_headers(struct checker *c, const struct ynode *entry_map, struct entry *e,
                   bool headers_misspelt);
/* A translation file's `headers: { NAME: TEMPLATE }` for entry e: only its
 * free-text headers, each checked as the original is; out gets e's header
 * count of templates (source NULL: not translated); the placeholders are
 * compared with the original's by check_translations.c. */
bool check_translated_header(struct checker *c, const struct ypair *p, const struct entry *e,
                             struct text_template *out);
/* check_ratelimit.c: the catalog's `ratelimit:` (read once per file), and
 * an entry's own or the catalog's policy turned into the RateLimit-Policy
 * and RateLimit headers (after check_headers); check_ratelimit_applies
 * tells, before the headers, whether one will. */
const void *check_ratelimit_file(struct checker *c, const struct ynode *root);
bool check_ratelimit_applies(const struct ynode *map, const struct entry *e,
                             const void *file_spec);
bool check_ratelimit(struct checker *c, const struct ynode *map, struct entry *e,
                     const void *file_spec);
/* check_example.c: an `example:` against the member's declared type. */
bool check_member_example(struct checker *c, const struct ynode *n, const struct member *m);
/* check_template.c: parses `{member}` placeholders of a detail or header value. */
bool check_template(struct checker *c, const struct ynode *n, const char *what,
                    const struct entry *e, struct text_template *out);
/* check_removed.c: the main catalog's `removed:` (codes it removed, and
 * what replaces them); the cross-checks run once every file is read. */
void check_removed(struct checker *c, const struct catalog_file *f, const struct ynode *root);
void check_removed_codes(struct checker *c);
/* check_migration.c: a `migration:` key of a catalog or entry (NULL when
 * absent or broken), and the members that collide with the legacy ones. */
const struct migration *check_migration(struct checker *c, const struct ynode *map);
bool migration_names(const struct migration *m, const char *name);
void check_migration_collisions(struct checker *c);
/* check_model.c: rules across all entries once every file is read. */
void check_model(struct checker *c);
/* check_operations.c: `operations:` against the entries (after check_model). */
void check_operations(struct checker *c);
/* check_translations.c: the main catalog's `language:`, then (once every
 * entry is read) its `translations:` files against the entries. */
void check_language(struct checker *c, const struct catalog_file *f, const struct ynode *root);
void check_translations(struct checker *c);

/* check_util.c: typed access with located errors. `what` names the key. */
void check_known_keys(struct checker *c, const struct ynode *map, const char *const *known,
                      const char *where);
/* True when an unknown key of map is a likely misspelling of `key`: the
 * "did you mean" already covers the missing key, so it is not reported twice. */
bool check_key_misspelt(const struct ynode *map, const char *key, const char *const *known);
const char *check_string(struct checker *c, const struct ynode *n, const char *what);
bool check_int(struct checker *c, const struct ynode *n, const char *what, int64_t *out);
bool check_bool(struct checker *c, const struct ynode *n, const char *what, bool *out);
bool check_mapping(struct checker *c, const struct ynode *n, const char *what);
/* A named warning, unless allowed here. */
void check_warning(struct checker *c, struct loc loc, enum catalog_warning w, const char *fmt,
                   ...) __attribute__((format(printf, 4, 5)));
/* An `allow:` list of warning names (a name or a list); returns their bits. */
unsigned check_allow(struct checker *c, const struct ynode *map);

#endif
