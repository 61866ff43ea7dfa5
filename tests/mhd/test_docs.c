/* errata-mhd's docs handler (errata_mhd_docs_serve), end to end: a server
 * on a loopback port whose /errors routes serve a temporary docs folder
 * made from the committed fixtures (tests/mhd/docs/) plus what cannot be
 * committed: symlinks out of and inside the folder, a FIFO, a directory, a
 * hidden file, a file of an unserved type, and a secret file beside the
 * folder that no request may read. libcurl sends paths as they are
 * (CURLOPT_PATH_AS_IS): no dot segment is removed on the client's side.
 *
 * Usage: mhd-test_docs FIXTURE_DIR */
#define _POSIX_C_SOURCE 200809L
#include "mt.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "errata/decode.h"
#include "mhd_internal.h" /* errata_mhd_http_date */
#include "mt_errors.h"

#define SECRET "SECRET-OUTSIDE-THE-DOCS"

static const char *fixtures;
static char root[64];      /* the temporary folder */
static char docs_dir[128]; /* root/docs: what is served */
static errata_mhd_docs_t *docs;
static errata_mhd_server_t *srv;
static uint16_t port;

/* ---- the server ------------------------------------------------------------ */

static errata_status_t serve(errata_mhd_request_t *req, errata_mhd_response_t *res,
                             errata_problem_t *err)
{
    return errata_mhd_docs_serve(docs, req, res, err);
}

static errata_status_t serve_nothing(errata_mhd_request_t *req, errata_mhd_response_t *res,
                                     errata_problem_t *err)
{
    return errata_mhd_docs_serve(NULL, req, res, err);
}

/* The application's hooks: their problems, not the standard ones, must
 * answer what the docs handler refuses. */
static errata_status_t not_found(errata_mhd_request_t *req, errata_problem_t *err)
{
    (void)req;
    MT_THROW_NOT_FOUND(err, .detail = "hooked 404");
}

static errata_status_t not_allowed(errata_mhd_request_t *req, const char *allow,
                                   errata_problem_t *err)
{
    (void)req;
    MT_THROW_METHOD_NOT_ALLOWED(err, .allow = allow, .detail = "hooked 405");
}

static const errata_mhd_route_t routes[] = {
    { "GET", "/errors", serve },
    { "GET", "/errors/*", serve },
    { "DELETE", "/errors/*", serve }, /* a route that should not be: the handler refuses */
    { "GET", "/nodocs/*", serve_nothing },
};

/* ---- the folder ------------------------------------------------------------ */

static void write_file(const char *path, const char *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

/* The whole file into buf (NUL-terminated); its length. */
static size_t read_file(const char *path, char *buf, size_t cap)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    size_t n = fread(buf, 1, cap - 1, f);
    assert_true(feof(f));
    fclose(f);
    buf[n] = '\0';
    return n;
}

static void in_docs(char *out, size_t cap, const char *name)
{
    snprintf(out, cap, "%s/%s", docs_dir, name);
}

static const char *const fixture_files[] = {
    "index.html", "index.json", "thing-not-found.html", "thing-not-found.schema.json",
    "slow-down.html", "problem.schema.json", "README.md",
};

static void make_folder(void)
{
    static char buf[65536];
    char from[512], to[512];
    strcpy(root, "/tmp/mhd-docs-XXXXXX");
    assert_non_null(mkdtemp(root));
    snprintf(docs_dir, sizeof docs_dir, "%s/docs", root);
    assert_int_equal(mkdir(docs_dir, 0700), 0);
    for (size_t i = 0; i < MT_COUNT(fixture_files); i++) {
        snprintf(from, sizeof from, "%s/%s", fixtures, fixture_files[i]);
        in_docs(to, sizeof to, fixture_files[i]);
        write_file(to, buf, read_file(from, buf, sizeof buf));
    }
    snprintf(to, sizeof to, "%s/secret.html", root);
    write_file(to, SECRET, strlen(SECRET));
    in_docs(to, sizeof to, "link-out.html"); /* a symlink out of the folder */
    assert_int_equal(symlink("../secret.html", to), 0);
    in_docs(to, sizeof to, "link-in.html"); /* one inside it: not followed either */
    assert_int_equal(symlink("thing-not-found.html", to), 0);
    in_docs(to, sizeof to, "pipe.html"); /* opening it for reading would block */
    assert_int_equal(mkfifo(to, 0600), 0);
    in_docs(to, sizeof to, "dir.html");
    assert_int_equal(mkdir(to, 0700), 0);
    in_docs(to, sizeof to, "sub");
    assert_int_equal(mkdir(to, 0700), 0);
    in_docs(to, sizeof to, "sub/inner.html");
    write_file(to, SECRET, strlen(SECRET));
    in_docs(to, sizeof to, ".hidden.html");
    write_file(to, SECRET, strlen(SECRET));
    in_docs(to, sizeof to, "program.sh");
    write_file(to, SECRET, strlen(SECRET));
    in_docs(to, sizeof to, "secret");
    write_file(to, SECRET, strlen(SECRET));
}

static int setup(void **state)
{
    (void)state;
    const char *why = NULL;
    make_folder();
    errata_mhd_docs_config_t dc = { docs_dir, NULL, NULL, "public, max-age=60" };
    docs = errata_mhd_docs_open(&dc, &why);
    assert_non_null(docs);
    errata_mhd_config_t config = {
        .routes = routes,
        .route_count = MT_COUNT(routes),
        .not_found = not_found,
        .method_not_allowed = not_allowed,
        .loopback = true,
        .threads = 2,
    };
    srv = errata_mhd_server_create(&config, NULL);
    assert_non_null(srv);
    assert_true(errata_mhd_start(srv, 0, 0));
    port = errata_mhd_port(srv);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    errata_mhd_server_destroy(srv);
    errata_mhd_docs_close(docs);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    assert_int_equal(system(cmd), 0);
    return 0;
}

/* ---- helpers ------------------------------------------------------------------ */

static const char *header(const mt_response_t *r, const char *name)
{
    static char buf[1024];
    return mt_header(r, name, 0, buf, sizeof buf);
}

/* The response is the named fixture, whole, as type. */
static void expect_file(const mt_response_t *r, const char *name, const char *type)
{
    static char want[65536];
    char path[512];
    in_docs(path, sizeof path, name);
    size_t n = read_file(path, want, sizeof want);
    assert_int_equal(r->status, 200);
    assert_int_equal(r->body_len, n);
    assert_memory_equal(r->body, want, n);
    assert_string_equal(header(r, "Content-Type"), type);
    assert_string_equal(header(r, "X-Content-Type-Options"), "nosniff");
    assert_string_equal(header(r, "Vary"), "Accept");
    assert_string_equal(header(r, "Cache-Control"), "public, max-age=60");
    assert_true(strncmp(header(r, "ETag"), "W/\"", 3) == 0);
    assert_non_null(header(r, "Last-Modified"));
}

/* A 404 from the application's not_found hook, nothing of the file. */
static void expect_not_found(const char *path)
{
    mt_response_t *r = malloc(sizeof *r);
    assert_non_null(r);
    mt_get(port, path, r, NULL);
    if (r->status != 404)
        fail_msg("%s: %ld, not 404", path, r->status);
    json_t *body = mt_expect_problem(r, 404, "NOT_FOUND");
    mt_expect_string(body, "detail", "hooked 404");
    json_decref(body);
    assert_null(strstr(r->body, SECRET));
    free(r);
}

#define HTML "text/html; charset=utf-8"
#define SCHEMA "application/schema+json"

/* ---- what is served ---------------------------------------------------------------- */

static void test_type_uri_is_the_page(void **state)
{
    (void)state;
    static mt_response_t r;
    mt_get(port, "/errors/thing-not-found", &r, NULL);
    expect_file(&r, "thing-not-found.html", HTML);
    /* The file's own name too: the pages link to each other by it. */
    mt_get(port, "/errors/thing-not-found.html", &r, NULL);
    expect_file(&r, "thing-not-found.html", HTML);
    mt_get(port, "/errors/README.md", &r, NULL);
    expect_file(&r, "README.md", "text/markdown; charset=utf-8");
    mt_get(port, "/errors/problem.schema.json", &r, NULL);
    expect_file(&r, "problem.schema.json", SCHEMA);
}

static void test_schema_by_accept(void **state)
{
    (void)state;
    static mt_response_t r;
    /* The schema when Accept prefers it. */
    static const char *const schema[] = {
        "Accept: application/schema+json",
        "Accept: APPLICATION/Schema+JSON",
        "Accept: text/html;q=0.5, application/schema+json",
        "Accept: application/*",
        "Accept: application/schema+json;q=0.2, */*;q=0.1",
        "Accept: application/schema+json; charset=utf-8",
    };
    /* The page otherwise: excluded by q=0, outweighed, a tie, no match,
     * near misses a substring match would take. */
    static const char *const page[] = {
        "Accept: application/schema+json;q=0",
        "Accept: application/schema+json;q=0.000",
        "Accept: text/html, application/schema+json;q=0.9",
        "Accept: text/html, application/schema+json",
        "Accept: */*",
        "Accept: application/json",
        "Accept: application/schema+jsonx",
        "Accept: application/schema",
        "Accept: text/plain; x=\"application/schema+json\"",
        "Accept: application/schema+json;q=2",
        "Accept: application/schema+json; q=\"0.9\"", /* a qvalue is no quoted-string */
        "Accept: text/html, application/*;q=0.5, application/schema+json;q=0",
    };
    for (size_t i = 0; i < MT_COUNT(schema); i++) {
        mt_get(port, "/errors/thing-not-found", &r, schema[i], NULL);
        if (r.status != 200 || strcmp(header(&r, "Content-Type"), SCHEMA) != 0)
            fail_msg("%s: not the schema", schema[i]);
        expect_file(&r, "thing-not-found.schema.json", SCHEMA);
    }
    for (size_t i = 0; i < MT_COUNT(page); i++) {
        mt_get(port, "/errors/thing-not-found", &r, page[i], NULL);
        if (r.status != 200 || strcmp(header(&r, "Content-Type"), HTML) != 0)
            fail_msg("%s: not the page", page[i]);
        expect_file(&r, "thing-not-found.html", HTML);
    }
    /* Two Accept fields are one list. */
    mt_get(port, "/errors/thing-not-found", &r, "Accept: text/html;q=0.1",
           "Accept: application/schema+json", NULL);
    expect_file(&r, "thing-not-found.schema.json", SCHEMA);
}

static void test_representations_have_their_own_etag(void **state)
{
    (void)state;
    static mt_response_t page, schema;
    char etag[256];
    mt_get(port, "/errors/thing-not-found", &page, NULL);
    mt_get(port, "/errors/thing-not-found", &schema, "Accept: application/schema+json", NULL);
    snprintf(etag, sizeof etag, "%s", header(&page, "ETag"));
    assert_string_not_equal(etag, header(&schema, "ETag"));
    /* The page's tag does not validate the schema. */
    char inm[300];
    snprintf(inm, sizeof inm, "If-None-Match: %s", etag);
    mt_get(port, "/errors/thing-not-found", &schema, "Accept: application/schema+json", inm,
           NULL);
    expect_file(&schema, "thing-not-found.schema.json", SCHEMA);
}

static void test_base_is_the_index(void **state)
{
    (void)state;
    static mt_response_t r;
    mt_get(port, "/errors/", &r, NULL);
    expect_file(&r, "index.html", HTML);
    mt_get(port, "/errors", &r, NULL);
    expect_file(&r, "index.html", HTML);
    mt_get(port, "/errors/", &r, "Accept: application/json", NULL);
    expect_file(&r, "index.json", "application/json");
    mt_get(port, "/errors/", &r, "Accept: text/html;q=0.9, application/json", NULL);
    expect_file(&r, "index.json", "application/json");
    mt_get(port, "/errors/", &r, "Accept: application/json;q=0", NULL);
    expect_file(&r, "index.html", HTML);
    mt_get(port, "/errors/", &r, "Accept: text/html, application/json", NULL);
    expect_file(&r, "index.html", HTML);
    mt_get(port, "/errors/index.json", &r, NULL);
    expect_file(&r, "index.json", "application/json");
    json_t *index = mt_json(&r); /* the fixture is the registry's shape */
    assert_true(json_is_array(json_object_get(index, "errors")));
    json_decref(index);
}

static void test_head(void **state)
{
    (void)state;
    static mt_response_t r;
    char path[512], length[32];
    struct stat st;
    in_docs(path, sizeof path, "thing-not-found.html");
    assert_int_equal(stat(path, &st), 0);
    snprintf(length, sizeof length, "%lld", (long long)st.st_size);
    mt_request_t rq = { "HEAD", "/errors/thing-not-found", NULL, NULL, 0, false };
    mt_fetch(port, &rq, &r);
    assert_int_equal(r.status, 200);
    assert_int_equal(r.body_len, 0);
    assert_string_equal(header(&r, "Content-Length"), length);
    assert_string_equal(header(&r, "Content-Type"), HTML);
    assert_non_null(header(&r, "ETag"));
    /* Over a raw socket: the headers, then the next response at once (no
     * body bytes in between). */
    static const char two[] = "HEAD /errors/thing-not-found HTTP/1.1\r\nHost: x\r\n\r\n"
                              "GET /errors/nothing-here HTTP/1.1\r\nHost: x\r\n"
                              "Connection: close\r\n\r\n";
    static char got[16384];
    size_t n = 0;
    int fd = mt_raw_connect(port);
    assert_true(mt_raw_send(fd, two, sizeof two - 1));
    struct timeval tv = { 5, 0 };
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    for (ssize_t k; n < sizeof got - 1 && (k = read(fd, got + n, sizeof got - 1 - n)) > 0;)
        n += (size_t)k;
    close(fd);
    got[n] = '\0';
    char *second = strstr(got, "\r\n\r\nHTTP/1.1 404 ");
    assert_true(strncmp(got, "HTTP/1.1 200 ", 13) == 0);
    assert_non_null(second);
    assert_null(strstr(got, "Thing {thing_id}")); /* no byte of the page */
}

/* ---- conditional requests ------------------------------------------------------------ */

static void expect_not_modified(const mt_response_t *r, const char *etag, const char *length)
{
    assert_int_equal(r->status, 304);
    assert_int_equal(r->body_len, 0);
    assert_string_equal(header(r, "ETag"), etag);
    assert_string_equal(header(r, "Vary"), "Accept");
    assert_string_equal(header(r, "Cache-Control"), "public, max-age=60");
    assert_non_null(header(r, "Last-Modified"));
    assert_null(header(r, "Content-Type"));
    /* None, or the 200's (RFC 9110 section 8.6): never a 0. */
    const char *cl = header(r, "Content-Length");
    if (cl != NULL)
        assert_string_equal(cl, length);
}

static void test_if_none_match(void **state)
{
    (void)state;
    static mt_response_t r;
    char etag[256], length[32], h[3][400];
    mt_get(port, "/errors/thing-not-found", &r, NULL);
    snprintf(etag, sizeof etag, "%s", header(&r, "ETag"));
    snprintf(length, sizeof length, "%s", header(&r, "Content-Length"));
    const char *opaque = etag + 2; /* without W/: compared weakly all the same */
    static const char *const forms[] = { "%s", "\"nope\", %s", "\"a\",%s , \"b\"" };
    for (size_t i = 0; i < MT_COUNT(forms); i++) {
        char list[300];
        snprintf(list, sizeof list, forms[i], etag);
        snprintf(h[0], sizeof h[0], "If-None-Match: %s", list);
        mt_get(port, "/errors/thing-not-found", &r, h[0], NULL);
        expect_not_modified(&r, etag, length);
    }
    snprintf(h[0], sizeof h[0], "If-None-Match: %s", opaque);
    mt_get(port, "/errors/thing-not-found", &r, h[0], NULL);
    expect_not_modified(&r, etag, length);
    mt_get(port, "/errors/thing-not-found", &r, "If-None-Match: *", NULL);
    expect_not_modified(&r, etag, length);
    /* In a second field of the header. */
    snprintf(h[1], sizeof h[1], "If-None-Match: %s", etag);
    mt_get(port, "/errors/thing-not-found", &r, "If-None-Match: \"other\"", h[1], NULL);
    expect_not_modified(&r, etag, length);
    /* HEAD too. */
    mt_request_t rq = { "HEAD", "/errors/thing-not-found", (const char *const[]){ h[1], NULL },
                        NULL, 0, false };
    mt_fetch(port, &rq, &r);
    expect_not_modified(&r, etag, length);
    /* Other tags, a prefix of ours, a malformed list: the file. */
    static const char *const misses[] = { "If-None-Match: \"other\"", "If-None-Match: W/\"\"",
                                          "If-None-Match: garbage" };
    for (size_t i = 0; i < MT_COUNT(misses); i++) {
        mt_get(port, "/errors/thing-not-found", &r, misses[i], NULL);
        expect_file(&r, "thing-not-found.html", HTML);
    }
    snprintf(h[2], sizeof h[2], "If-None-Match: %.*s\"", (int)strlen(etag) - 2, etag);
    mt_get(port, "/errors/thing-not-found", &r, h[2], NULL);
    expect_file(&r, "thing-not-found.html", HTML);
}

static void ims(char *out, size_t cap, const char *date)
{
    snprintf(out, cap, "If-Modified-Since: %s", date);
}

static void test_if_modified_since(void **state)
{
    (void)state;
    static mt_response_t r;
    char path[512], h[128], etag[256], length[32], date[ERRATA_MHD_HTTP_DATE_SIZE];
    struct stat st;
    /* A modification time with a known date, the three formats of it. */
    in_docs(path, sizeof path, "slow-down.html");
    struct timespec times[2] = { { 784111777, 0 }, { 784111777, 0 } }; /* 1994-11-06 08:49:37 */
    assert_int_equal(utimensat(AT_FDCWD, path, times, 0), 0);
    assert_int_equal(stat(path, &st), 0);
    mt_get(port, "/errors/slow-down", &r, NULL);
    assert_string_equal(header(&r, "Last-Modified"), "Sun, 06 Nov 1994 08:49:37 GMT");
    snprintf(etag, sizeof etag, "%s", header(&r, "ETag"));
    snprintf(length, sizeof length, "%s", header(&r, "Content-Length"));
    static const char *const fresh[] = {
        "Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT",
        "Sun Nov  6 08:49:37 1994", "Mon, 07 Nov 1994 00:00:00 GMT",
    };
    for (size_t i = 0; i < MT_COUNT(fresh); i++) {
        ims(h, sizeof h, fresh[i]);
        mt_get(port, "/errors/slow-down", &r, h, NULL);
        if (r.status != 304)
            fail_msg("%s: %ld, not 304", fresh[i], r.status);
        expect_not_modified(&r, etag, length);
    }
    /* Older than the file, not a date, or not decided by it. */
    static const char *const stale[] = {
        "Sun, 06 Nov 1994 08:49:36 GMT", "Sun, 06 Nov 1994 08:49:37", "yesterday",
        "Sun, 32 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 24:00:00 GMT", "784111777",
    };
    for (size_t i = 0; i < MT_COUNT(stale); i++) {
        ims(h, sizeof h, stale[i]);
        mt_get(port, "/errors/slow-down", &r, h, NULL);
        if (r.status != 200)
            fail_msg("%s: %ld, not 200", stale[i], r.status);
        expect_file(&r, "slow-down.html", HTML);
    }
    /* If-None-Match decides when present: a miss there is a 200 whatever
     * the date says. */
    ims(h, sizeof h, fresh[0]);
    mt_get(port, "/errors/slow-down", &r, "If-None-Match: \"other\"", h, NULL);
    expect_file(&r, "slow-down.html", HTML);
    /* A changed file: a new tag, the old one no longer validates. */
    write_file(path, "<p>changed</p>", 14);
    times[0].tv_sec = times[1].tv_sec = 784111800;
    assert_int_equal(utimensat(AT_FDCWD, path, times, 0), 0);
    char old[300];
    snprintf(old, sizeof old, "If-None-Match: %s", etag);
    mt_get(port, "/errors/slow-down", &r, old, NULL);
    expect_file(&r, "slow-down.html", HTML);
    assert_string_not_equal(header(&r, "ETag"), etag);
    ims(h, sizeof h, fresh[0]);
    mt_get(port, "/errors/slow-down", &r, h, NULL);
    expect_file(&r, "slow-down.html", HTML);
    errata_mhd_http_date(784111800, date);
    assert_string_equal(header(&r, "Last-Modified"), date);
}

/* ---- refusals ------------------------------------------------------------------------ */

static void test_traversal_and_unsafe_names(void **state)
{
    (void)state;
    static const char *const paths[] = {
        "/errors/../secret.html", "/errors/..", "/errors/.", "/errors/%2e%2e/secret.html",
        "/errors/%2E%2E%2Fsecret.html", "/errors/..%2fsecret.html", "/errors/..%2Fsecret",
        "/errors/%2fetc%2fpasswd", "/errors//etc/passwd", "/errors/sub/inner.html",
        "/errors/sub%2finner.html", "/errors/sub/inner", "/errors/a%5cb.html",
        "/errors/link-out.html", "/errors/link-out", "/errors/link-in.html", "/errors/link-in",
        "/errors/.hidden.html", "/errors/.hidden", "/errors/pipe.html", "/errors/pipe",
        "/errors/dir.html", "/errors/dir", "/errors/sub", "/errors/program.sh",
        "/errors/secret", "/errors/%20thing-not-found", "/errors/thing-not-found%20",
        "/errors/thing-not-found.html/", "/errors/thing%0anot-found",
        "/errors/index.html%3f", "/errors/th%C3%A9.html",
    };
    for (size_t i = 0; i < MT_COUNT(paths); i++)
        expect_not_found(paths[i]);
    /* A name longer than any file name. */
    char path[600] = "/errors/";
    memset(path + 8, 'a', 300);
    strcpy(path + 308, ".html");
    expect_not_found(path);
}

/* A %00 is refused before routing (the adapter's URI log sees it, which
 * errata_mhd_start installs): 400, never a file cut at the NUL. */
static void test_nul_refused(void **state)
{
    (void)state;
    static mt_response_t r;
    static const char *const paths[] = { "/errors/thing-not-found%00.html",
                                         "/errors/thing-not-found.html%00",
                                         "/errors/%00", "/errors/thing-not-found%00" };
    for (size_t i = 0; i < MT_COUNT(paths); i++) {
        mt_get(port, paths[i], &r, NULL);
        json_decref(mt_expect_problem(&r, 400, "BAD_REQUEST"));
    }
}

static void test_unknown_slug_and_no_folder(void **state)
{
    (void)state;
    expect_not_found("/errors/no-such-error");
    expect_not_found("/errors/no-such-error.html");
    expect_not_found("/errors/no-such-error.schema.json");
    /* A page without a schema: asking for the schema is a 404, not the page. */
    static mt_response_t r;
    mt_get(port, "/errors/slow-down", &r, "Accept: application/schema+json", NULL);
    json_decref(mt_expect_problem(&r, 404, "NOT_FOUND"));
    /* No docs at all (errata_mhd_docs_open failed): 404 everywhere. */
    expect_not_found("/nodocs/");
    expect_not_found("/nodocs/thing-not-found");
}

static void test_methods(void **state)
{
    (void)state;
    static mt_response_t r;
    char allow[64];
    static const char *const methods[] = { "POST", "PUT", "OPTIONS" };
    for (size_t i = 0; i < MT_COUNT(methods); i++) {
        mt_request_t rq = { methods[i], "/errors/thing-not-found", NULL, NULL, 0, false };
        mt_fetch(port, &rq, &r);
        json_t *body = mt_expect_problem(&r, 405, "METHOD_NOT_ALLOWED");
        json_decref(body);
        assert_non_null(mt_header(&r, "Allow", 0, allow, sizeof allow));
        assert_non_null(strstr(allow, "GET, HEAD"));
    }
    /* A route that hands the handler another method: the handler's own 405. */
    mt_request_t rq = { "DELETE", "/errors/thing-not-found", NULL, NULL, 0, false };
    mt_fetch(port, &rq, &r);
    json_t *body = mt_expect_problem(&r, 405, "METHOD_NOT_ALLOWED");
    mt_expect_string(body, "allow", "GET, HEAD");
    mt_expect_string(body, "detail", "hooked 405");
    json_decref(body);
    assert_string_equal(header(&r, "Allow"), "GET, HEAD");
    assert_non_null(docs); /* and the file is still there */
    char path[512];
    in_docs(path, sizeof path, "thing-not-found.html");
    assert_int_equal(access(path, F_OK), 0);
}

/* Without hooks: the standard answers, as for the router's own 404 and 405. */
static void test_standard_answers_without_hooks(void **state)
{
    (void)state;
    static mt_response_t r;
    errata_mhd_config_t config = { .routes = routes, .route_count = MT_COUNT(routes),
                                   .loopback = true };
    errata_mhd_server_t *plain = errata_mhd_server_create(&config, NULL);
    assert_non_null(plain);
    assert_true(errata_mhd_start(plain, 0, 0));
    uint16_t plain_port = errata_mhd_port(plain);
    mt_get(plain_port, "/errors/no-such-error", &r, NULL);
    json_t *body = mt_expect_problem(&r, 404, "NOT_FOUND");
    mt_expect_string(body, "type", "about:blank");
    mt_expect_string(body, "title", "Not Found");
    assert_null(json_object_get(body, "detail"));
    json_decref(body);
    mt_get(plain_port, "/errors/..%2fsecret.html", &r, NULL);
    json_decref(mt_expect_problem(&r, 404, "NOT_FOUND"));
    mt_request_t rq = { "DELETE", "/errors/thing-not-found", NULL, NULL, 0, false };
    mt_fetch(plain_port, &rq, &r);
    body = mt_expect_problem(&r, 405, "METHOD_NOT_ALLOWED");
    mt_expect_string(body, "type", "about:blank");
    mt_expect_string(body, "allow", "GET, HEAD");
    json_decref(body);
    assert_string_equal(header(&r, "Allow"), "GET, HEAD");
    mt_get(plain_port, "/errors/thing-not-found", &r, NULL);
    expect_file(&r, "thing-not-found.html", HTML);
    errata_mhd_server_destroy(plain);
}

/* ---- opening ----------------------------------------------------------------------------- */

static void test_open_refuses(void **state)
{
    (void)state;
    const char *why = NULL;
    char missing[160];
    snprintf(missing, sizeof missing, "%s/none", root);
    errata_mhd_docs_config_t bad[] = {
        { NULL, NULL, NULL, NULL },
        { missing, NULL, NULL, NULL },
        { docs_dir, "../index.html", NULL, NULL },
        { docs_dir, "sub/inner.html", NULL, NULL },
        { docs_dir, ".index.html", NULL, NULL },
        { docs_dir, "index.exe", NULL, NULL },
        { docs_dir, NULL, "index", NULL },
        { docs_dir, NULL, NULL, "no-cache\r\nSet-Cookie: x=1" },
    };
    for (size_t i = 0; i < MT_COUNT(bad); i++) {
        why = NULL;
        assert_null(errata_mhd_docs_open(&bad[i], &why));
        assert_non_null(why);
    }
    assert_null(errata_mhd_docs_open(NULL, NULL));
    char file[160];
    snprintf(file, sizeof file, "%s/secret.html", root); /* not a folder */
    errata_mhd_docs_config_t not_dir = { file, NULL, NULL, NULL };
    assert_null(errata_mhd_docs_open(&not_dir, &why));
    errata_mhd_docs_close(NULL);
    errata_mhd_docs_config_t good = { docs_dir, "thing-not-found.html", "problem.schema.json",
                                      NULL };
    errata_mhd_docs_t *d = errata_mhd_docs_open(&good, &why);
    assert_non_null(d);
    errata_mhd_docs_close(d);
}

/* ---- Last-Modified ------------------------------------------------------------------------- */

static void test_last_modified_dates(void **state)
{
    (void)state;
    char out[ERRATA_MHD_HTTP_DATE_SIZE];
    int64_t t = -1;
    static const struct {
        int64_t t;
        const char *text;
    } fixed[] = {
        { 0, "Thu, 01 Jan 1970 00:00:00 GMT" },
        { 784111777, "Sun, 06 Nov 1994 08:49:37 GMT" },
        { 951782400, "Tue, 29 Feb 2000 00:00:00 GMT" },
        { 4102444799, "Thu, 31 Dec 2099 23:59:59 GMT" },
        { 253402300799, "Fri, 31 Dec 9999 23:59:59 GMT" },
    };
    for (size_t i = 0; i < MT_COUNT(fixed); i++) {
        errata_mhd_http_date(fixed[i].t, out);
        assert_string_equal(out, fixed[i].text);
        assert_true(errata_parse_http_date(out, &t)); /* what a client reads back */
        assert_int_equal(t, fixed[i].t);
    }
    errata_mhd_http_date(-1, out);
    assert_string_equal(out, "Wed, 31 Dec 1969 23:59:59 GMT");
    /* No four-digit year: the epoch. */
    static const int64_t outside[] = { -62167219201, 253402300800, INT64_MAX, INT64_MIN };
    for (size_t i = 0; i < MT_COUNT(outside); i++) {
        errata_mhd_http_date(outside[i], out);
        assert_string_equal(out, "Thu, 01 Jan 1970 00:00:00 GMT");
    }
    errata_mhd_http_date(-62167219200, out);
    assert_string_equal(out, "Sat, 01 Jan 0000 00:00:00 GMT");
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: mhd-test_docs FIXTURE_DIR\n");
        return 2;
    }
    fixtures = argv[1];
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_type_uri_is_the_page),
        cmocka_unit_test(test_schema_by_accept),
        cmocka_unit_test(test_representations_have_their_own_etag),
        cmocka_unit_test(test_base_is_the_index),
        cmocka_unit_test(test_head),
        cmocka_unit_test(test_if_none_match),
        cmocka_unit_test(test_if_modified_since),
        cmocka_unit_test(test_traversal_and_unsafe_names),
        cmocka_unit_test(test_nul_refused),
        cmocka_unit_test(test_unknown_slug_and_no_folder),
        cmocka_unit_test(test_methods),
        cmocka_unit_test(test_standard_answers_without_hooks),
        cmocka_unit_test(test_open_refuses),
        cmocka_unit_test(test_last_modified_dates),
    };
    curl_global_init(CURL_GLOBAL_DEFAULT);
    int failed = cmocka_run_group_tests(tests, setup, teardown);
    curl_global_cleanup();
    return failed;
}
