#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <errata/decode.h>
#include <errata/json.h>

#include "../decode/model_catalog.h"
#include "../model/json_write.h"
#include "../model/model.h"
#include "../model/value.h"
#include "../support/arena.h"
#include "../support/diag.h"
#include "../support/strbuf.h"
#include "commands.h"

enum { EXIT_NOT_OBJECT = 3 };
#define BODY_MAX_SIZE (64u * 1024 * 1024)

static const char decode_help[] =
    "Usage: errata decode --catalog CATALOG [OPTIONS] [FILE|-]\n"
    "\n"
    "Decodes an HTTP error response body (FILE, or standard input) the way a\n"
    "generated client does, with the same runtime decoder, and prints the result\n"
    "as JSON: code (null for a type the catalog does not know), status, type,\n"
    "title, detail, instance, trace_id (the catalog's trace member, null when\n"
    "absent), the typed extensions, the members the catalog does not declare\n"
    "(raw), retryable and retry_after.\n"
    "\n"
    "A body that is empty, not JSON or not an object is no problem document;\n"
    "with an error status (--status 400-599) the result is still printed, as a\n"
    "generated client decodes it: a problem from the status alone (the code of\n"
    "the catalog's about:blank entry for that status, or null, and the status's\n"
    "title), while the exit status and the message on standard error say what\n"
    "the body was.\n"
    "\n"
    "Options:\n"
    "      --catalog CATALOG  the catalog the response comes from (required)\n"
    "      --status N         the HTTP status (default: the body's \"status\")\n"
    "      --header 'Name: value'\n"
    "                         a response header (repeatable): Content-Type and\n"
    "                         Retry-After are read\n"
    "      --legacy           read a 2xx body in the catalog's legacy shape (its\n"
    "                         'migration:'), {\"success\": false, \"error\": {...}}, as\n"
    "                         the problem its legacy code names; the result then\n"
    "                         says \"legacy\": true and \"legacy_code\" (use with\n"
    "                         --status 200; docs/migration.md)\n"
    "  -I, --include-dir DIR  search DIR for included catalogs (repeatable)\n"
    "      --werror           treat catalog warnings as errors\n"
    "  -h, --help             show this help\n"
    "\n"
    "Exit status: 0 the body is a problem document (any JSON object is one),\n"
    "1 it is empty or not valid JSON (the message gives the byte offset), 3 it\n"
    "is valid JSON but not an object, 2 usage or I/O error (or a catalog with\n"
    "errors).\n";

static const struct cli_option decode_options[] = {
    CATALOG_CLI_OPTIONS,
    { "catalog", 0, true },
    { "status", 0, true },
    { "header", 0, true },
    { "legacy", 0, false },
    { NULL, 0, false },
};

struct header_list {
    const char *const *lines; /* "Name: value" */
    size_t count;
    char value[1024];
};

/* The last header of that name, its value trimmed; NULL when none. */
static const char *find_header(const char *name, void *ctx)
{
    struct header_list *h = ctx;
    size_t len = strlen(name);
    for (size_t i = h->count; i-- > 0;) {
        const char *line = h->lines[i];
        if (strncasecmp(line, name, len) != 0 || line[len] != ':')
            continue;
        line += len + 1;
        line += strspn(line, " \t");
        snprintf(h->value, sizeof h->value, "%s", line);
        size_t end = strlen(h->value);
        while (end > 0 && (h->value[end - 1] == ' ' || h->value[end - 1] == '\t'))
            h->value[--end] = '\0';
        return h->value;
    }
    return NULL;
}

static struct value *value_of(struct arena *a, const errata_member_desc_t *m,
                              const errata_value_t *v);

static struct value *scalar_of(struct arena *a, const errata_value_t *v)
{
    switch (v->kind) {
    case ERRATA_KIND_STRING: return value_string(a, v->u.string);
    case ERRATA_KIND_INTEGER: return value_int(a, v->u.integer);
    case ERRATA_KIND_NUMBER: return isfinite(v->u.number) ? value_number(a, v->u.number)
                                                          : value_null(a);
    case ERRATA_KIND_BOOLEAN: return value_bool(a, v->u.boolean);
    default: return value_null(a);
    }
}

static struct value *array_of(struct arena *a, const errata_member_desc_t *m,
                              const errata_value_t *v)
{
    struct value *list = value_list(a);
    size_t width = m->item_kind == ERRATA_KIND_OBJECT ? m->property_count : 1;
    for (size_t i = 0; i < v->u.array.count; i++) {
        const errata_value_t *row = &v->u.array.items[i * width];
        if (m->item_kind != ERRATA_KIND_OBJECT) {
            value_list_push(a, list, scalar_of(a, row));
            continue;
        }
        struct value *obj = value_map(a);
        for (size_t k = 0; k < m->property_count; k++) {
            if (row[k].present)
                value_map_put(a, obj, m->properties[k].name, value_of(a, &m->properties[k], &row[k]));
        }
        value_list_push(a, list, obj);
    }
    return list;
}

static struct value *value_of(struct arena *a, const errata_member_desc_t *m,
                              const errata_value_t *v)
{
    return m->kind == ERRATA_KIND_ARRAY ? array_of(a, m, v) : scalar_of(a, v);
}

static bool is_declared(const errata_decoded_t *d, const char *name, size_t len)
{
    static const char *const standard[] = { "type", "title", "status", "detail", "instance",
                                            "code" };
    for (size_t i = 0; i < sizeof standard / sizeof standard[0]; i++) {
        if (strlen(standard[i]) == len && memcmp(standard[i], name, len) == 0)
            return true;
    }
    for (size_t i = 0; d->desc && i < d->desc->member_count; i++) {
        const char *m = d->desc->members[i].name;
        if (strlen(m) == len && memcmp(m, name, len) == 0)
            return true;
    }
    /* The trace member ("\"trace_id\":" as a key): printed as trace_id. */
    size_t key = d->trace_key ? strlen(d->trace_key) : 0;
    return key > 3 && key - 3 == len && memcmp(d->trace_key + 1, name, len) == 0;
}

/* The members the catalog does not declare, each as its raw JSON text. The
 * runtime's iterator compares names in a fixed buffer; here the arena holds
 * any name whole, and a name given twice keeps its last value, as members
 * do. */
static struct value *unknown_members(struct arena *a, const errata_decoded_t *d)
{
    struct value *map = value_map(a);
    char *scratch = arena_alloc(a, d->body_len + 1);
    errata_json_parser_t p;
    errata_json_init(&p, d->body, d->body_len, scratch, d->body_len + 1);
    if (errata_json_next(&p) != ERRATA_JSON_OBJECT_BEGIN)
        return map;
    while (errata_json_next(&p) == ERRATA_JSON_KEY) {
        const char *name = p.text;
        size_t len = p.text_len;
        bool unknown = !is_declared(d, name, len);
        if (unknown)
            name = arena_strndup(a, name, len);
        errata_json_token_t t = errata_json_next(&p);
        size_t start = p.offset;
        if (t == ERRATA_JSON_ERROR || !errata_json_skip(&p))
            break;
        if (!unknown)
            continue;
        struct value *raw = value_stringn(a, d->body + start, p.pos - start);
        struct value *earlier = value_map_get(map, name, len);
        if (earlier != NULL)
            *earlier = *raw;
        else
            value_map_putn(a, map, name, len, raw);
    }
    return map;
}

static struct value *result_of(struct arena *a, const errata_decoded_t *d)
{
    struct value *v = value_map(a);
    value_map_put_str(a, v, "code", d->desc ? d->desc->code_name : NULL);
    value_map_put(a, v, "status", d->status ? value_int(a, d->status) : value_null(a));
    value_map_put_str(a, v, "type", d->type);
    value_map_put_str(a, v, "title", d->title);
    value_map_put_str(a, v, "detail", d->detail);
    value_map_put_str(a, v, "instance", d->instance);
    value_map_put_str(a, v, "trace_id", d->trace_id[0] != '\0' ? d->trace_id : NULL);
    struct value *ext = value_map(a);
    for (size_t i = 0; d->desc && i < d->desc->member_count; i++) {
        if (d->members[i].present)
            value_map_put(a, ext, d->desc->members[i].name,
                          value_of(a, &d->desc->members[i], &d->members[i]));
    }
    value_map_put(a, v, "extensions", ext);
    value_map_put(a, v, "unknown", unknown_members(a, d));
    value_map_put_bool(a, v, "retryable", d->retryable);
    value_map_put(a, v, "retry_after", d->retry_after >= 0 ? value_int(a, d->retry_after)
                                                          : value_null(a));
    value_map_put_bool(a, v, "problem_json", d->problem_json);
    value_map_put_bool(a, v, "truncated", (d->flags & ERRATA_PROBLEM_TRUNCATED) != 0);
    if (d->legacy) { /* only then: the result of other bodies is unchanged */
        value_map_put_bool(a, v, "legacy", true);
        value_map_put_str(a, v, "legacy_code", d->legacy_code);
    }
    return v;
}

static int parse_status(const char *text, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (errno || *end || end == text || v < 100 || v > 599)
        return cli_usage_error("decode", "--status takes an HTTP status (100-599), not '%s'",
                               text);
    *out = (int)v;
    return EXIT_OK;
}

static int print(struct arena *a, const errata_decoded_t *d)
{
    struct strbuf out = STRBUF_INIT;
    json_write_value(&out, result_of(a, d));
    strbuf_addc(&out, '\n');
    size_t len = out.len;
    bool failed = fwrite(out.data, 1, len, stdout) != len || fflush(stdout) != 0;
    strbuf_release(&out);
    if (failed) {
        perror("errata decode: writing standard output");
        return EXIT_USAGE;
    }
    return EXIT_OK;
}

static int decode_body(const struct cli_args *args, struct arena *a, const struct model *m,
                       const struct source *body, const char *name)
{
    int status = 0;
    if (cli_value(args, "status") && parse_status(cli_value(args, "status"), &status) != EXIT_OK)
        return EXIT_USAGE;
    struct header_list headers = { cli_values(args, "header"), cli_count(args, "header"), "" };
    errata_decode_options_t opt = { .header = find_header, .header_ctx = &headers };
    if (cli_flag(args, "legacy") && m->migration == NULL)
        return cli_usage_error("decode", "--legacy reads the catalog's legacy shape, and this "
                                         "catalog has no 'migration:'");
    if (cli_flag(args, "legacy"))
        opt.legacy = model_catalog_migration(a, m->migration);
    errata_catalog_t catalog;
    model_catalog_build(a, m, &catalog);
    errata_decoded_t *d = arena_alloc(a, sizeof *d);
    const char *content_type = find_header("Content-Type", &headers);
    char ct[1024];
    snprintf(ct, sizeof ct, "%s", content_type ? content_type : "");
    errata_decode(&catalog, status, content_type ? ct : NULL, &opt, body->text, body->len, d, NULL);
    if (status == 0 && d->body_status != 0) /* no --status: the body's own */
        errata_decode(&catalog, d->body_status, content_type ? ct : NULL, &opt, body->text,
                      body->len, d, NULL);
    if (d->body_kind == ERRATA_BODY_OBJECT)
        return print(a, d);
    if (d->body_kind == ERRATA_BODY_NOT_OBJECT)
        fprintf(stderr, "errata decode: %s: valid JSON, but not an object: no problem document\n",
                name);
    else
        fprintf(stderr, "errata decode: %s: not valid JSON: %s at byte %zu\n", name,
                d->json_error ? d->json_error : "empty body", d->json_error_offset);
    /* With an error status, a client still gets a problem from the status
     * alone (decode.h): print it as one would read it. The exit status
     * keeps saying what the body was (DESIGN.md). */
    if (status >= 400 && status <= 599 && print(a, d) != EXIT_OK)
        return EXIT_USAGE;
    return d->body_kind == ERRATA_BODY_NOT_OBJECT ? EXIT_NOT_OBJECT : EXIT_INVALID;
}

static int decode(const struct cli_args *args)
{
    const char *path = args->positional_count ? args->positional[0] : "-";
    const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
    struct diag d;
    diag_init(&d, stderr, cli_flag(args, "werror"));
    struct arena a;
    arena_init(&a);
    struct model m;
    int status = cli_load_catalog(args, cli_value(args, "catalog"), &a, &d, &m);
    cli_summarize(&d);
    if (status != EXIT_OK) {
        arena_finish(&a);
        return EXIT_USAGE; /* 1 means "not JSON" here */
    }
    struct source body;
    switch (source_read_file(&a, strcmp(path, "-") == 0 ? "/dev/stdin" : path, BODY_MAX_SIZE,
                             &body)) {
    case SOURCE_OK:
        status = decode_body(args, &a, &m, &body, name);
        break;
    case SOURCE_TOO_LARGE:
        fprintf(stderr, "errata decode: %s: larger than %u bytes\n", name, BODY_MAX_SIZE);
        status = EXIT_USAGE;
        break;
    case SOURCE_IO_ERROR:
        fprintf(stderr, "errata decode: cannot read '%s': %s\n", name, strerror(errno));
        status = EXIT_USAGE;
        break;
    }
    arena_finish(&a);
    return status;
}

static int run_decode(int argc, char **argv)
{
    struct cli_args args;
    if (!cli_parse(&args, "decode", decode_options, argc, argv))
        return EXIT_USAGE;
    int status;
    if (cli_flag(&args, "help")) {
        fputs(decode_help, stdout);
        status = EXIT_OK;
    } else if (cli_value(&args, "catalog") == NULL) {
        status = cli_usage_error("decode", "no catalog given (--catalog CATALOG)");
    } else if (args.positional_count > 1) {
        status = cli_usage_error("decode", "give at most one body file");
    } else {
        status = decode(&args);
    }
    cli_args_free(&args);
    return status;
}

const struct command command_decode = {
    "decode", "decode an HTTP error response as a client would", decode_help, run_decode,
};
