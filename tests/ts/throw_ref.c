/* The C side of the TypeScript thrower's byte-for-byte test: throws the
 * values it is given through liberrata (errata_throw, errata_problem_json
 * and errata_problem_headers, with the catalog as the generator builds it
 * for the docs' examples) and prints the body and headers.
 *
 * Usage: ts-throw-ref CATALOG < CASES
 * CASES, one command a line, strings as hex of their UTF-8 ("-": empty):
 *   case CODE | detail HEX | instance HEX | trace HEX | base CATALOG SERVED
 *   m I s HEX | m I i INT | m I n DOUBLE | m I b 0|1 | m I z   (member I)
 *   m I a, then e KIND VALUE (an item) or o (an object item) and
 *   p NAME KIND VALUE (its property)
 *   go: throw, and print "H NAME: VALUE" per header, "B BODY", "."  */
#include <errata/errata.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog.h"
#include "decode/model_catalog.h"
#include "docs/example_response.h"
#include "model/model.h"
#include "model/value.h"
#include "support/arena.h"
#include "support/diag.h"

static char *unhex(struct arena *a, const char *s)
{
    size_t n = strcmp(s, "-") == 0 ? 0 : strlen(s) / 2;
    char *out = arena_alloc(a, n + 1);
    for (size_t i = 0; i < n; i++) {
        unsigned b;
        if (sscanf(s + 2 * i, "%2x", &b) != 1)
            b = 0;
        out[i] = (char)b;
    }
    out[n] = '\0';
    return out;
}

static struct value *scalar(struct arena *a, const char *kind, const char *text)
{
    switch (kind[0]) {
    case 's': return value_string(a, unhex(a, text));
    case 'i': return value_int(a, strtoll(text, NULL, 10));
    case 'n': return value_number(a, strtod(text, NULL));
    case 'b': return value_bool(a, strcmp(text, "1") == 0);
    default: return value_null(a);
    }
}

static void emit(const char *name, const char *value, void *ctx)
{
    (void)ctx;
    printf("H %s: %s\n", name, value);
}

struct one_case {
    const struct entry *entry;
    const errata_descriptor_t *desc;
    const struct value *values[ERRATA_MAX_MEMBERS];
    const char *detail, *instance, *trace;
    errata_type_base_t base;
    bool rebased;
};

static void run(struct arena *a, struct one_case *c)
{
    static errata_problem_t p;
    errata_throw(&p, c->desc, NULL, 0, c->detail, c->instance,
                 example_members_from(a, c->desc, c->entry, c->values));
    if (c->trace != NULL)
        errata_problem_set_trace_id(&p, c->trace);
    size_t len = errata_problem_json_rebased(&p, c->rebased ? &c->base : NULL, NULL, 0);
    char *body = arena_alloc(a, len + 1);
    errata_problem_json_rebased(&p, c->rebased ? &c->base : NULL, body, len + 1);
    char scratch[ERRATA_HEADER_VALUE_MAX + 1];
    errata_problem_headers(&p, emit, NULL, scratch, sizeof scratch, NULL, NULL);
    printf("B %s\n.\n", body);
    fflush(stdout);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fputs("usage: ts-throw-ref CATALOG < CASES\n", stderr);
        return 2;
    }
    struct arena a;
    arena_init(&a);
    struct diag d;
    diag_init(&d, stderr, false);
    struct catalog_options opt;
    catalog_options_init(&opt);
    struct model m;
    if (catalog_load(&a, &d, argv[1], &opt, &m) != CATALOG_OK)
        return 1;
    errata_catalog_t catalog;
    model_catalog_build(&a, &m, &catalog);
    static char line[1 << 20];
    struct one_case c;
    memset(&c, 0, sizeof c);
    struct value *list = NULL, *map = NULL;
    while (fgets(line, sizeof line, stdin) != NULL) {
        line[strcspn(line, "\n")] = '\0';
        char *w[5] = { NULL };
        size_t n = 0;
        for (char *t = strtok(line, " "); t != NULL && n < 5; t = strtok(NULL, " "))
            w[n++] = t;
        if (n == 0)
            continue;
        if (strcmp(w[0], "case") == 0 && n == 2) {
            memset(&c, 0, sizeof c);
            for (size_t i = 0; i < m.entry_count; i++)
                if (strcmp(m.entries[i].code, w[1]) == 0) {
                    c.entry = &m.entries[i];
                    c.desc = &catalog.descriptors[i];
                }
        } else if (strcmp(w[0], "detail") == 0 && n == 2) {
            c.detail = unhex(&a, w[1]);
        } else if (strcmp(w[0], "instance") == 0 && n == 2) {
            c.instance = unhex(&a, w[1]);
        } else if (strcmp(w[0], "trace") == 0 && n == 2) {
            c.trace = unhex(&a, w[1]);
        } else if (strcmp(w[0], "base") == 0 && n == 3) {
            c.base.catalog = unhex(&a, w[1]);
            c.base.served = unhex(&a, w[2]);
            c.rebased = true;
        } else if (strcmp(w[0], "m") == 0 && n >= 3 && atoi(w[1]) < ERRATA_MAX_MEMBERS) {
            size_t i = (size_t)atoi(w[1]);
            if (strcmp(w[2], "a") == 0)
                c.values[i] = list = value_list(&a);
            else
                c.values[i] = scalar(&a, w[2], n > 3 ? w[3] : "");
        } else if (strcmp(w[0], "e") == 0 && n >= 2 && list != NULL) {
            value_list_push(&a, list, scalar(&a, w[1], n > 2 ? w[2] : ""));
        } else if (strcmp(w[0], "o") == 0 && list != NULL) {
            value_list_push(&a, list, map = value_map(&a));
        } else if (strcmp(w[0], "p") == 0 && n >= 3 && map != NULL) {
            value_map_put(&a, map, w[1], scalar(&a, w[2], n > 3 ? w[3] : ""));
        } else if (strcmp(w[0], "go") == 0 && c.entry != NULL) {
            run(&a, &c);
        } else {
            fprintf(stderr, "ts-throw-ref: bad line '%s'\n", w[0]);
            return 2;
        }
    }
    arena_finish(&a);
    return 0;
}
