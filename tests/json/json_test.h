/* Shared by the JSON parser's cmocka tests. */
#ifndef JSON_TEST_H
#define JSON_TEST_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errata/json.h>

#include <string.h>

#define JT_COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Parses doc (a number alone) up to its NUMBER token. */
static inline void jt_number(errata_json_parser_t *p, const char *doc)
{
    errata_json_init(p, doc, strlen(doc), NULL, 0);
    if (errata_json_next(p) != ERRATA_JSON_NUMBER)
        fail_msg("%.40s is not a number: %s", doc, p->error ? p->error : "another token");
}

#endif
