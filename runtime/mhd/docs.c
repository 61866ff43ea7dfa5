/* The docs folder behind the type URIs (errata_mhd_docs_serve): the pages
 * `errata docs` writes and the schemas `errata schema` writes, served
 * straight from the folder with MHD_create_response_from_fd.
 *
 * What keeps it inside the folder: the folder is opened once
 * (errata_mhd_docs_open) and every file is opened relative to it with
 * openat, by a name of one component from a small alphabet (letters,
 * digits, "-", "_", ".", "~", not starting with "."), so no "/", no "..",
 * no hidden file and no NUL can be named (MHD has decoded %2e and %2f by
 * then: they are refused as the characters they stand for). O_NOFOLLOW
 * refuses a symlink, any symlink, wherever it points: the folder holds
 * generated files, and realpath checks would race against a swapped link.
 * O_NONBLOCK keeps a FIFO from blocking the open, and fstat accepts only a
 * regular file; only the extensions of the table below are served. A name
 * refused is a file that is not there: the router's 404.
 *
 * Validators: a weak ETag from the file's inode, size and modification
 * time (nanoseconds), and Last-Modified. Weak because those three do not
 * guarantee identical bytes (a rewrite within a coarse timestamp's tick
 * keeps all three), which a strong tag promises; If-None-Match compares
 * weakly anyway (RFC 9110 section 13.1.2), and nothing here needs a strong
 * one (no ranges, no If-Match). The inode tells two representations of
 * one URI (the page and the schema) apart even with equal size and time. */
#include "mhd_internal.h"

#include "errata/decode.h" /* errata_parse_http_date */

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define ERRATA_MHD_DOCS_CACHE_SIZE 128 /* the Cache-Control value */
#define ERRATA_MHD_DOCS_ETAG_SIZE 80   /* W/"ino-size-mtime", in hex */

struct errata_mhd_docs {
    int dir; /* the folder, opened once: every name is opened relative to it */
    char index_html[ERRATA_MHD_DOCS_NAME_MAX + 1];
    char index_json[ERRATA_MHD_DOCS_NAME_MAX + 1];
    char cache_control[ERRATA_MHD_DOCS_CACHE_SIZE];
};

/* The served extensions; the first whose suffix ends the name decides. */
static const struct {
    const char *suffix;
    const char *type;
} errata_mhd_docs_types[] = {
    { ".schema.json", "application/schema+json" },
    { ".html", "text/html; charset=utf-8" },
    { ".json", "application/json" },
    { ".md", "text/markdown; charset=utf-8" },
    { ".css", "text/css; charset=utf-8" },
    { ".txt", "text/plain; charset=utf-8" },
};

/* A type URI's representations, and the base's: the first is the default. */
static const char *const errata_mhd_page_types[] = { "text/html", "application/schema+json" };
static const char *const errata_mhd_index_types[] = { "text/html", "application/json" };

static const char *errata_mhd_docs_type(const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < sizeof errata_mhd_docs_types / sizeof errata_mhd_docs_types[0]; i++) {
        size_t m = strlen(errata_mhd_docs_types[i].suffix);
        if (n > m && strcmp(name + n - m, errata_mhd_docs_types[i].suffix) == 0)
            return errata_mhd_docs_types[i].type;
    }
    return NULL;
}

/* One path segment of the slug alphabet (the generator's page names). */
static bool errata_mhd_docs_name_ok(const char *s)
{
    size_t n = 0;
    if (s == NULL || s[0] == '\0' || s[0] == '.')
        return false;
    for (; s[n] != '\0'; n++) {
        char c = s[n];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.' || c == '~'))
            return false;
    }
    return n <= ERRATA_MHD_DOCS_NAME_MAX;
}

static const char *errata_mhd_docs_check(const errata_mhd_docs_config_t *c)
{
    if (c == NULL || c->dir == NULL)
        return "no docs folder";
    if (c->index_html != NULL &&
        (!errata_mhd_docs_name_ok(c->index_html) || errata_mhd_docs_type(c->index_html) == NULL))
        return "index_html is not a plain file name with a served extension";
    if (c->index_json != NULL &&
        (!errata_mhd_docs_name_ok(c->index_json) || errata_mhd_docs_type(c->index_json) == NULL))
        return "index_json is not a plain file name with a served extension";
    if (c->cache_control != NULL &&
        (!errata_mhd_value_ok(c->cache_control) ||
         strlen(c->cache_control) >= ERRATA_MHD_DOCS_CACHE_SIZE))
        return "cache_control holds a control byte or is too long";
    return NULL;
}

errata_mhd_docs_t *errata_mhd_docs_open(const errata_mhd_docs_config_t *config,
                                        const char **error)
{
    const char *why = errata_mhd_docs_check(config);
    errata_mhd_docs_t *docs = NULL;
    int dir = -1;
    if (why == NULL && (dir = open(config->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
        why = "cannot open the docs folder";
    if (why == NULL && (docs = malloc(sizeof *docs)) == NULL)
        why = "out of memory";
    if (why != NULL) {
        if (dir >= 0)
            close(dir);
        if (error != NULL)
            *error = why;
        return NULL;
    }
    docs->dir = dir;
    errata_mhd_copy(docs->index_html, sizeof docs->index_html,
                    config->index_html ? config->index_html : "index.html");
    errata_mhd_copy(docs->index_json, sizeof docs->index_json,
                    config->index_json ? config->index_json : "index.json");
    errata_mhd_copy(docs->cache_control, sizeof docs->cache_control,
                    config->cache_control ? config->cache_control : "no-cache");
    return docs;
}

void errata_mhd_docs_close(errata_mhd_docs_t *docs)
{
    if (docs == NULL)
        return;
    close(docs->dir);
    free(docs);
}

/* The regular file name in the folder, opened; -1 for anything else. */
static int errata_mhd_docs_file(const errata_mhd_docs_t *docs, const char *name,
                                struct stat *st)
{
    int fd = openat(docs->dir, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode)) {
        close(fd);
        return -1;
    }
    return fd;
}

/* The file for the rest of the path after the base: "" is the index
 * (HTML, or JSON when Accept prefers it); a slug is SLUG.html (or
 * SLUG.schema.json when Accept prefers application/schema+json); failing
 * that, a name with a served extension is that file. name receives the
 * file's name; -1 when there is none. */
static int errata_mhd_docs_pick(const errata_mhd_docs_t *docs, struct MHD_Connection *c,
                                const char *rest, char name[ERRATA_MHD_DOCS_NAME_MAX + 1],
                                struct stat *st)
{
    if (rest[0] == '\0') {
        size_t i = errata_mhd_accept_pick(c, errata_mhd_index_types, 2);
        errata_mhd_copy(name, ERRATA_MHD_DOCS_NAME_MAX + 1,
                        i == 0 ? docs->index_html : docs->index_json);
        return errata_mhd_docs_file(docs, name, st);
    }
    if (!errata_mhd_docs_name_ok(rest))
        return -1;
    size_t i = errata_mhd_accept_pick(c, errata_mhd_page_types, 2);
    int n = snprintf(name, ERRATA_MHD_DOCS_NAME_MAX + 1, "%s%s", rest,
                     i == 0 ? ".html" : ".schema.json");
    int fd = n > 0 && n <= ERRATA_MHD_DOCS_NAME_MAX ? errata_mhd_docs_file(docs, name, st) : -1;
    if (fd >= 0 || errata_mhd_docs_type(rest) == NULL)
        return fd;
    errata_mhd_copy(name, ERRATA_MHD_DOCS_NAME_MAX + 1, rest);
    return errata_mhd_docs_file(docs, name, st);
}

/* ---- conditional requests ---------------------------------------------- */

/* Whether an If-None-Match value lists our tag (its opaque part, compared
 * weakly) or is "*"; a malformed list matches nothing past the flaw. */
static bool errata_mhd_etag_listed(const char *s, const char *opaque, size_t n)
{
    for (;;) {
        while (*s == ' ' || *s == '\t' || *s == ',')
            s++;
        if (*s == '*')
            return true;
        if (s[0] == 'W' && s[1] == '/')
            s += 2;
        const char *end = *s == '"' ? strchr(s + 1, '"') : NULL;
        if (end == NULL)
            return false;
        if ((size_t)(end + 1 - s) == n && memcmp(s, opaque, n) == 0)
            return true;
        s = end + 1;
    }
}

typedef struct errata_mhd_conditions {
    const char *opaque; /* our ETag without W/ */
    size_t opaque_len;
    bool none_match_seen, none_match;
    size_t since_count;
    const char *since;
} errata_mhd_conditions_t;

static enum MHD_Result errata_mhd_condition_field(void *cls, enum MHD_ValueKind kind,
                                                  const char *key, const char *value)
{
    errata_mhd_conditions_t *c = cls;
    (void)kind;
    if (key == NULL || value == NULL)
        return MHD_YES;
    if (errata_mhd_caseeq(key, "If-None-Match")) {
        c->none_match_seen = true;
        c->none_match = c->none_match || errata_mhd_etag_listed(value, c->opaque, c->opaque_len);
    } else if (errata_mhd_caseeq(key, "If-Modified-Since")) {
        c->since_count++;
        c->since = value;
    }
    return MHD_YES;
}

/* RFC 9110 section 13.2.2: If-None-Match decides when present (every
 * field of it); else one valid If-Modified-Since not older than the
 * file's time means the client's copy is current. */
static bool errata_mhd_docs_fresh(struct MHD_Connection *connection, const char *etag,
                                  int64_t mtime)
{
    errata_mhd_conditions_t c = { etag + 2, strlen(etag + 2), false, false, 0, NULL };
    int64_t since;
    MHD_get_connection_values(connection, MHD_HEADER_KIND, errata_mhd_condition_field, &c);
    if (c.none_match_seen)
        return c.none_match;
    return c.since_count == 1 && errata_parse_http_date(c.since, &since) && mtime <= since;
}

/* ---- the answer ------------------------------------------------------------ */

static errata_status_t errata_mhd_docs_answer(const errata_mhd_docs_t *docs,
                                              errata_mhd_request_t *req,
                                              errata_mhd_response_t *res, int fd,
                                              const struct stat *st, const char *type)
{
    char etag[ERRATA_MHD_DOCS_ETAG_SIZE], date[ERRATA_MHD_HTTP_DATE_SIZE];
    snprintf(etag, sizeof etag, "W/\"%jx-%jx-%jx.%lx\"", (uintmax_t)st->st_ino,
             (uintmax_t)st->st_size, (uintmax_t)st->st_mtim.tv_sec,
             (unsigned long)st->st_mtim.tv_nsec);
    errata_mhd_http_date((int64_t)st->st_mtim.tv_sec, date);
    /* The headers a 304 repeats (RFC 9110 section 15.4.5), then the 200's. */
    errata_mhd_set_header(res, "ETag", etag);
    errata_mhd_set_header(res, "Last-Modified", date);
    errata_mhd_set_header(res, "Cache-Control", docs->cache_control);
    errata_mhd_set_header(res, "Vary", "Accept");
    errata_mhd_file_body(res, fd, (uint64_t)st->st_size);
    if (errata_mhd_docs_fresh(req->connection, etag, (int64_t)st->st_mtim.tv_sec))
        return errata_mhd_not_modified(res);
    errata_mhd_set_header(res, "Content-Type", type);
    errata_mhd_set_header(res, "X-Content-Type-Options", "nosniff");
    return errata_mhd_ok(res);
}

errata_status_t errata_mhd_docs_serve(const errata_mhd_docs_t *docs, errata_mhd_request_t *req,
                                      errata_mhd_response_t *res, errata_problem_t *err)
{
    char name[ERRATA_MHD_DOCS_NAME_MAX + 1];
    struct stat st;
    if (req == NULL || res == NULL || err == NULL)
        return ERRATA_FAILED;
    if (strcmp(req->method, "GET") != 0 && strcmp(req->method, "HEAD") != 0)
        return errata_mhd_throw_not_allowed(req, "GET, HEAD", err);
    const char *rest = errata_mhd_param(req, "*");
    int fd = docs != NULL ? errata_mhd_docs_pick(docs, req->connection, rest ? rest : "", name,
                                                 &st)
                          : -1;
    if (fd < 0)
        return errata_mhd_throw_not_found(req, err);
    return errata_mhd_docs_answer(docs, req, res, fd, &st, errata_mhd_docs_type(name));
}
