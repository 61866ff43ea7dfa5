/* /errors/: the HTML docs errata generated from the catalog, so that every
 * type URI the server sends (base + slug) resolves to its own page. The
 * pages are read once at start; requests are served from memory. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "server.h"

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    *len = 0;
    if (f == NULL)
        return NULL;
    char *data = NULL;
    long size = -1;
    if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0)
        data = malloc((size_t)size + 1);
    if (data != NULL && fread(data, 1, (size_t)size, f) != (size_t)size) {
        free(data);
        data = NULL;
    }
    fclose(f);
    *len = data ? (size_t)size : 0;
    return data;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n > m && strcmp(s + n - m, suffix) == 0;
}

static bool add_page(struct petstore *app, const char *dir, const char *file, bool index)
{
    char path[4096];
    size_t len;
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, file) >= sizeof path)
        return false;
    char *data = read_file(path, &len);
    struct petstore_page *pages = realloc(app->pages, (app->page_count + 1) * sizeof *pages);
    char *name = index ? strdup("") : strndup(file, strlen(file) - 5);
    if (data == NULL || pages == NULL || name == NULL) {
        free(data);
        free(name);
        if (pages != NULL)
            app->pages = pages;
        return false;
    }
    app->pages = pages;
    app->pages[app->page_count++] = (struct petstore_page){ name, data, len };
    return true;
}

bool petstore_load_docs(struct petstore *app, const char *dir, const char *index_name)
{
    DIR *d = opendir(dir);
    if (d == NULL) {
        fprintf(stderr, "petstore-server: no docs in '%s': /errors/ will answer 404\n", dir);
        return false;
    }
    bool ok = true;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        if (!ends_with(e->d_name, ".html") || e->d_name[0] == '.')
            continue;
        bool index = strcmp(e->d_name, index_name) == 0;
        ok &= add_page(app, dir, e->d_name, false);
        if (index)
            ok &= add_page(app, dir, e->d_name, true); /* also as /errors/ itself */
    }
    closedir(d);
    if (!ok)
        fprintf(stderr, "petstore-server: could not read every page of '%s'\n", dir);
    return ok;
}

void petstore_free_docs(struct petstore *app)
{
    for (size_t i = 0; i < app->page_count; i++) {
        free(app->pages[i].name);
        free(app->pages[i].data);
    }
    free(app->pages);
    app->pages = NULL;
    app->page_count = 0;
}

/* The page for the rest of the path after /errors/: "" is the index,
 * "pet-not-found" and "pet-not-found.html" the error's page. */
static const struct petstore_page *find_page(const struct petstore *app, const char *rest)
{
    size_t n = strlen(rest);
    if (ends_with(rest, ".html"))
        n -= 5;
    for (size_t i = 0; i < app->page_count; i++) {
        if (strlen(app->pages[i].name) == n && strncmp(app->pages[i].name, rest, n) == 0)
            return &app->pages[i];
    }
    return NULL;
}

errata_status_t petstore_get_docs(errata_mhd_request_t *req, errata_mhd_response_t *res,
                                  errata_problem_t *err)
{
    const char *rest = errata_mhd_param(req, "*");
    const struct petstore_page *page = find_page(errata_mhd_app(req), rest ? rest : "");
    if (page == NULL)
        PETS_THROW_NOT_FOUND(err, .detail = "No such error page");
    errata_mhd_static_body(res, page->data, page->len);
    errata_mhd_set_header(res, "Content-Type", "text/html; charset=utf-8");
    errata_mhd_set_header(res, "Cache-Control", "public, max-age=300");
    return errata_mhd_ok(res);
}
