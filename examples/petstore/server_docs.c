/* /errors/: the docs errata generated from the catalog (the HTML pages of
 * `errata docs`, and the JSON Schemas and index.json of `errata schema`
 * once they are there), so that every type URI the server sends (base +
 * slug) resolves: to the error's page, or to its schema for a client that
 * asks for application/schema+json. errata-mhd's docs handler does the
 * serving (errata_mhd_docs_serve: no traversal, validators, HEAD, 304). */
#include "server.h"

bool petstore_open_docs(struct petstore *app, const char *dir, const char *index_name)
{
    const char *why = NULL;
    errata_mhd_docs_config_t config = {
        .dir = dir,
        .index_html = index_name,
        .cache_control = "public, max-age=300",
    };
    app->docs = errata_mhd_docs_open(&config, &why);
    if (app->docs == NULL)
        fprintf(stderr, "petstore-server: no docs in '%s' (%s): /errors/ will answer 404\n", dir,
                why);
    return app->docs != NULL;
}

void petstore_close_docs(struct petstore *app)
{
    errata_mhd_docs_close(app->docs);
    app->docs = NULL;
}

errata_status_t petstore_get_docs(errata_mhd_request_t *req, errata_mhd_response_t *res,
                                  errata_problem_t *err)
{
    const struct petstore *app = errata_mhd_app(req);
    return errata_mhd_docs_serve(app->docs, req, res, err);
}
