#include <inttypes.h>
#include <string.h>
#include <strings.h>

#include "../support/arena.h"
#include "../support/diag.h"
#include "../support/utf8.h"
#include "check.h"
#include "rules.h"

enum { TITLE_MAX_CHARS = 80, MAX_MEMBERS = 16 };

static const char *const entry_keys[] = {
    "code",        "status",     "title",    "type",          "detail",
    "description", "extensions", "headers",  "id",            "retryable",
    "cache_control", "expose_detail", "deprecated", "allow", "ratelimit", "migration", NULL,
};

static struct loc missing_at(const struct ynode *entry)
{
    return entry->loc;
}

static void check_code(struct checker *c, const struct ynode *map, struct entry *e)
{
    const struct ynode *n = ynode_get(map, "code");
    if (n == NULL && check_key_misspelt(map, "code", entry_keys))
        return;
    if (n == NULL) {
        diag_error(c->d, missing_at(map), "error entry has no 'code' (an UPPER_SNAKE name)");
        return;
    }
    e->code_loc = n->loc;
    const char *code = check_string(c, n, "code");
    if (code == NULL)
        return;
    if (*code == '\0') {
        diag_error(c->d, n->loc, "'code' is empty; give an UPPER_SNAKE name like PET_NOT_FOUND");
    } else if (!rules_is_upper_snake(code)) {
        diag_error(c->d, n->loc,
                   "code '%s' is not UPPER_SNAKE (A-Z and digits, words joined by single '_', "
                   "starting with a letter)",
                   code);
    } else if (!strcmp(code, "OK") || !strcmp(code, "UNKNOWN")) {
        diag_error(c->d, n->loc,
                   "code '%s' is reserved: the generated enum uses PREFIX_%s for itself", code,
                   code);
    } else {
        e->code = code;
    }
}

/* The message teaches: a status outside 4xx/5xx is the very anti-pattern
 * errata exists to stop, so say what goes wrong with it. */
static void report_bad_status(struct checker *c, const struct ynode *n, int64_t status)
{
    const char *text = n->u.scalar.text;
    if (status >= 200 && status <= 299)
        diag_error(c->d, n->loc,
                   "status %s is a success code; an error must use 4xx or 5xx: clients, caches, "
                   "retries and monitoring take a 2xx as success, so a failure sent with it is "
                   "cached, never retried and never counted",
                   text);
    else if (status >= 300 && status <= 399)
        diag_error(c->d, n->loc,
                   "status %s is a redirection code; an error must use 4xx or 5xx: clients "
                   "follow and cache 3xx responses as if the request had worked",
                   text);
    else if (status >= 100 && status <= 199)
        diag_error(c->d, n->loc,
                   "status %s is an informational code; an error must use 4xx or 5xx", text);
    else
        diag_error(c->d, n->loc,
                   "status %s is not an HTTP error status; use 400-499 for client errors or "
                   "500-599 for server errors",
                   text);
}

static void check_status(struct checker *c, const struct ynode *map, struct entry *e)
{
    const struct ynode *n = ynode_get(map, "status");
    if (n == NULL && check_key_misspelt(map, "status", entry_keys))
        return;
    if (n == NULL) {
        diag_error(c->d, missing_at(map), "error entry has no 'status' (an HTTP status, 400-599)");
        return;
    }
    int64_t status;
    if (ynode_is_scalar(n, YTYPE_NULL)) {
        diag_error(c->d, n->loc, "'status' is empty; give an HTTP status, 400-599");
        return;
    }
    if (!check_int(c, n, "status", &status))
        return;
    if (status < 400 || status > 599) {
        report_bad_status(c, n, status);
        return;
    }
    e->status = (int)status;
}

static void check_title(struct checker *c, const struct ynode *map, struct entry *e)
{
    const struct ynode *n = ynode_get(map, "title");
    if (n == NULL && check_key_misspelt(map, "title", entry_keys))
        return;
    if (n == NULL) {
        diag_error(c->d, missing_at(map),
                   "error entry has no 'title' (a short summary, the same for every occurrence)");
        return;
    }
    const char *title = check_string(c, n, "title");
    if (title == NULL)
        return;
    if (*title == '\0') {
        diag_error(c->d, n->loc, "'title' is empty");
        return;
    }
    e->title = title;
    if (strpbrk(title, "\r\n"))
        check_warning(c, n->loc, WARN_TITLE_MULTI_LINE,
                     "title spans several lines; a title is one line (put details in "
                     "'description')");
    else if (utf8_length(title, strlen(title)) > TITLE_MAX_CHARS)
        check_warning(c, n->loc, WARN_TITLE_TOO_LONG,
                     "title is %zu characters long; keep titles to %d (put details in "
                     "'description')",
                     utf8_length(title, strlen(title)), TITLE_MAX_CHARS);
}

static void check_about_blank(struct checker *c, const struct ynode *n, struct entry *e)
{
    e->about_blank = true;
    if (e->status == 0 || e->title == NULL)
        return;
    const char *phrase = rules_reason_phrase(e->status);
    if (phrase == NULL)
        diag_error(c->d, n->loc,
                   "type about:blank needs a registered status; %d has no reason phrase to "
                   "use as title",
                   e->status);
    else if (strcmp(phrase, e->title) != 0)
        diag_error(c->d, n->loc,
                   "type about:blank with status %d must have the title '%s' (RFC 9457 §4.2: "
                   "the reason phrase)",
                   e->status, phrase);
}

static const char *slug_of(struct checker *c, const char *code)
{
    size_t cap = strlen(code) + 1;
    char *slug = arena_alloc(c->a, cap);
    rules_slug(code, slug, cap);
    return slug;
}

static void check_type(struct checker *c, const struct ynode *map, const struct catalog_file *f,
                       struct entry *e)
{
    const struct ynode *n = ynode_get(map, "type");
    const char *slug;
    if (n != NULL) {
        e->type_loc = n->loc;
        const char *why;
        slug = check_string(c, n, "type");
        if (slug == NULL)
            return;
        if (!rules_is_uri_reference(slug, &why)) {
            diag_error(c->d, n->loc, "type '%s' is not a valid URI reference: %s", slug, why);
            return;
        }
        if (!strcmp(slug, "about:blank")) {
            check_about_blank(c, n, e);
        }
    } else {
        if (e->code == NULL)
            return;
        e->type_loc = e->code_loc;
        slug = slug_of(c, e->code);
    }
    e->slug = slug;
    if (rules_is_absolute_uri(slug)) {
        /* An absolute type (about:blank included) is no slug: docs anchors
         * and file names use the code's. */
        e->type_uri = slug;
        if (e->code)
            e->slug = slug_of(c, e->code);
    } else if (f->base_uri) {
        e->type_uri = arena_printf(c->a, "%s%s", f->base_uri, slug);
    } else if (!f->base_uri_present && c->missing_base_reported != f) {
        c->missing_base_reported = f;
        diag_error(c->d, n ? n->loc : e->code_loc,
                   "type '%s' is relative and the catalog has no base_uri to resolve it against; "
                   "add 'base_uri: https://...' to the catalog or give an absolute type "
                   "(reported once per file)",
                   slug);
    }
}

/* The slug names the error's docs page, SLUG.html: refused here, at lint,
 * when no file system could hold that name, rather than when docs are
 * written. */
static void check_slug_length(struct checker *c, const struct entry *e)
{
    size_t len = e->slug != NULL ? strlen(e->slug) + strlen(".html") : 0;
    if (len <= FILE_NAME_MAX)
        return;
    diag_error(c->d, e->type_loc,
               "the docs page of '%s' would be named %.20s....html, %zu bytes, more than the "
               "%d a file name may have; shorten its slug (the code, or a relative type)",
               e->code, e->slug, len, FILE_NAME_MAX);
}

static void check_id(struct checker *c, const struct ynode *map, struct entry *e)
{
    const struct ynode *n = ynode_get(map, "id");
    if (n == NULL)
        return;
    e->id_loc = n->loc;
    int64_t id;
    if (!check_int(c, n, "id", &id))
        return;
    if (id < 1 || id > ERRATA_ID_MAX) {
        diag_error(c->d, n->loc,
                   "id %" PRId64 " is out of range; ids are 1 to %d (0 is PREFIX_OK, and "
                   "PREFIX__COUNT, one past the largest, must still be an int)",
                   id, ERRATA_ID_MAX);
        return;
    }
    e->id = id;
    e->explicit_id = true;
}

static void check_flags(struct checker *c, const struct ynode *map, struct entry *e)
{
    const struct ynode *n;
    e->retryable = e->status == 429 || e->status == 502 || e->status == 503 || e->status == 504;
    e->expose_detail = e->status < 500;
    e->cache_control = "no-store";
    if ((n = ynode_get(map, "retryable")) != NULL)
        check_bool(c, n, "retryable", &e->retryable);
    if ((n = ynode_get(map, "expose_detail")) != NULL && check_bool(c, n, "expose_detail",
                                                                     &e->expose_detail) &&
        e->expose_detail && e->status >= 500)
        check_warning(c, n->loc, WARN_EXPOSE_DETAIL_5XX,
                     "expose_detail: true on a %d sends server internals to clients; 5xx "
                     "details belong in logs (the client gets a trace id)",
                     e->status);
    if ((n = ynode_get(map, "cache_control")) != NULL) {
        const char *cc = check_string(c, n, "cache_control");
        if (cc && strpbrk(cc, "\r\n"))
            diag_error(c->d, n->loc, "cache_control must not contain CR or LF");
        else if (cc && *cc == '\0')
            diag_error(c->d, n->loc, "cache_control is empty; leave it out for 'no-store'");
        else if (cc)
            e->cache_control = cc;
    }
    if ((n = ynode_get(map, "description")) != NULL)
        e->description = check_string(c, n, "description");
    if ((n = ynode_get(map, "deprecated")) != NULL)
        e->deprecated = check_string(c, n, "deprecated");
}

static void check_members(struct checker *c, const struct ynode *map, struct entry *e)
{
    const struct ynode *n = ynode_get(map, "extensions");
    if (n == NULL) {
        e->members_incomplete = check_key_misspelt(map, "extensions", entry_keys);
        return;
    }
    if (ynode_is_scalar(n, YTYPE_NULL))
        return;
    if (!check_mapping(c, n, "extensions")) {
        e->members_incomplete = true;
        return;
    }
    if (n->u.map.count > MAX_MEMBERS) {
        /* The runtime keeps members in a fixed array (ERRATA_MAX_MEMBERS). */
        diag_error(c->d, n->u.map.pairs[MAX_MEMBERS].key->loc,
                   "more than %d members; an error carries at most %d extensions", MAX_MEMBERS,
                   MAX_MEMBERS);
        e->members_incomplete = true;
        return;
    }
    e->members = arena_alloc_array(c->a, n->u.map.count, sizeof *e->members);
    for (size_t i = 0; i < n->u.map.count; i++) {
        const struct ypair *p = &n->u.map.pairs[i];
        struct member *m = &e->members[e->member_count];
        if (check_member(c, p->key, p->value, m) &&
            check_member_c_name_free(c, e->members, e->member_count, m))
            e->member_count++;
        else
            e->members_incomplete = true;
    }
}

static void check_detail(struct checker *c, const struct ynode *map, struct entry *e)
{
    const struct ynode *n = ynode_get(map, "detail");
    if (n != NULL)
        check_template(c, n, "detail", e, &e->detail);
}

static bool template_names(const struct text_template *t, const struct member *m)
{
    for (size_t i = 0; i < t->part_count; i++)
        if (t->parts[i].member == m)
            return true;
    return false;
}

/* Which members are never sent: those marked `expose: false`, and by
 * default those only a hidden 5xx detail uses (a template such as "disk
 * full on {volume}" would otherwise send the volume beside the generic
 * detail). They still reach the observer. */
static void check_exposure(struct checker *c, struct entry *e)
{
    bool detail_hidden = e->status >= 500 && !e->expose_detail;
    for (size_t i = 0; i < e->member_count; i++) {
        struct member *m = &e->members[i];
        const struct header *in_header = NULL;
        for (size_t h = 0; h < e->header_count && in_header == NULL; h++)
            if (template_names(&e->headers[h].value, m))
                in_header = &e->headers[h];
        if (m->expose_given && !m->expose) {
            m->hidden = true;
            if (in_header != NULL) {
                diag_error(c->d, m->expose_loc,
                           "member '%s' is 'expose: false', but header '%s' places it, so it "
                           "would be sent all the same",
                           m->name, in_header->name);
                diag_note(c->d, in_header->loc, "'%s' is here", in_header->name);
            }
        } else if (!m->expose_given && detail_hidden && in_header == NULL &&
                   template_names(&e->detail, m)) {
            m->hidden = true;
        }
    }
}

static struct entry *new_entry(struct checker *c, const struct ynode *n)
{
    struct model *m = c->model;
    if (m->entry_count >= c->opt->limits.max_entries) {
        diag_error(c->d, n->loc, "more than %zu error entries; refusing to read further",
                   c->opt->limits.max_entries);
        c->too_many_entries = true;
        return NULL;
    }
    m->entries = arena_grow(c->a, m->entries, &c->entry_cap, m->entry_count + 1,
                            sizeof *m->entries);
    struct entry *e = &m->entries[m->entry_count];
    memset(e, 0, sizeof *e);
    return e;
}

void check_entry(struct checker *c, const struct catalog_file *f, const struct ynode *n)
{
    if (n->kind != YNODE_MAPPING) {
        diag_error(c->d, n->loc, "an error entry must be a mapping with code, status and title, "
                                 "not %s", ynode_describe(n));
        return;
    }
    struct entry *e = new_entry(c, n);
    if (e == NULL)
        return;
    unsigned errors_before = c->d->errors;
    e->origin = f;
    e->loc = n->loc;
    check_known_keys(c, n, entry_keys, "an error entry");
    unsigned file_allowed = c->allowed;
    c->allowed |= check_allow(c, n);
    check_code(c, n, e);
    check_status(c, n, e);
    check_title(c, n, e);
    check_type(c, n, f, e);
    check_slug_length(c, e);
    check_id(c, n, e);
    check_flags(c, n, e);
    e->migration = check_migration(c, n);
    const struct migration *catalog_migration = c->migration;
    if (e->migration != NULL)
        c->migration = e->migration;
    check_members(c, n, e);
    c->migration = catalog_migration;
    check_detail(c, n, e);
    c->entry_rate_limited = check_ratelimit_applies(n, e, c->file_ratelimit);
    check_headers(c, n, e, check_key_misspelt(n, "headers", entry_keys));
    check_ratelimit(c, n, e, c->file_ratelimit);
    c->entry_rate_limited = false;
    check_exposure(c, e);
    e->allowed = c->allowed;
    c->allowed = file_allowed;
    /* A broken entry joins no cross-entry check: one cause, one report. An
     * entry an include leaves out was checked all the same, and is no more. */
    if (c->d->errors == errors_before && load_selected(c, e->code))
        c->model->entry_count++;
    else if (c->d->errors != errors_before && e->code != NULL)
        strmap_put_once(&c->broken_codes, e->code, e);
}
