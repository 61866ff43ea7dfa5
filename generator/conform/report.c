#include "report.h"

#include <string.h>

#include "../model/escape.h"
#include "../model/json_write.h"
#include "../support/diag.h"
#include "../support/strbuf.h"

static const char *file_of(const struct conform_case *c)
{
    return c->loc.src ? c->loc.src->name : "-";
}

/* A line longer than this (a minified HAR holds a whole recording on one)
 * is not quoted under each report. */
#define QUOTE_MAX 240

static bool quotable(struct loc loc)
{
    const char *line;
    size_t len;
    return loc.src != NULL && source_line(loc.src, loc.line, &line, &len) && len <= QUOTE_MAX;
}

/* FILE:LINE:COL: error: CASE: expected X: MESSAGE [check], with the case's
 * line and a caret, through the same sink as catalog diagnostics. */
static void write_text(FILE *out, const struct conform_result *results, size_t count)
{
    struct diag d;
    diag_init(&d, out, false);
    size_t failed = 0, violations = 0;
    for (size_t i = 0; i < count; i++) {
        const struct conform_result *r = &results[i];
        failed += r->count > 0;
        violations += r->count;
        for (size_t j = 0; j < r->count; j++) {
            if (quotable(r->c->loc))
                diag_error(&d, r->c->loc, "%s: expected %s: %s [%s]", r->c->name, r->expected,
                           r->findings[j].message, r->findings[j].check);
            else
                fprintf(out, "%s:%u:%u: error: %s: expected %s: %s [%s]\n", file_of(r->c),
                        (unsigned)r->c->loc.line, (unsigned)r->c->loc.col, r->c->name,
                        r->expected, r->findings[j].message, r->findings[j].check);
        }
    }
    fprintf(out, "errata conform: %zu case%s, %zu failed, %zu violation%s\n", count,
            count == 1 ? "" : "s", failed, violations, violations == 1 ? "" : "s");
}

static void json_string(struct strbuf *b, const char *s)
{
    strbuf_addc(b, '"');
    json_write_string_body(b, s, strlen(s));
    strbuf_addc(b, '"');
}

static void write_json(struct strbuf *b, const struct conform_result *results, size_t count)
{
    size_t failed = 0;
    strbuf_adds(b, "{\n  \"cases\": [");
    for (size_t i = 0; i < count; i++) {
        const struct conform_result *r = &results[i];
        const struct conform_case *c = r->c;
        failed += r->count > 0;
        strbuf_adds(b, i ? ",\n    {" : "\n    {");
        strbuf_adds(b, "\"file\": ");
        json_string(b, file_of(c));
        strbuf_addf(b, ", \"line\": %u, \"column\": %u, \"name\": ", (unsigned)c->loc.line,
                    (unsigned)c->loc.col);
        json_string(b, c->name);
        strbuf_adds(b, ", \"method\": ");
        json_string(b, c->req.method);
        strbuf_adds(b, ", \"path\": ");
        json_string(b, c->req.path);
        strbuf_adds(b, ", \"expected\": ");
        json_string(b, r->expected);
        if (c->resp.received)
            strbuf_addf(b, ", \"status\": %ld", c->resp.status);
        else
            strbuf_adds(b, ", \"status\": null");
        strbuf_addf(b, ", \"passed\": %s, \"violations\": [", r->count ? "false" : "true");
        for (size_t j = 0; j < r->count; j++) {
            strbuf_adds(b, j ? ", {\"check\": " : "{\"check\": ");
            json_string(b, r->findings[j].check);
            strbuf_adds(b, ", \"message\": ");
            json_string(b, r->findings[j].message);
            strbuf_addc(b, '}');
        }
        strbuf_adds(b, "]}");
    }
    strbuf_addf(b, "%s],\n  \"summary\": {\"cases\": %zu, \"failed\": %zu}\n}\n",
                count ? "\n  " : "", count, failed);
}

static void xml(struct strbuf *b, const char *s)
{
    escape_html(b, s, strlen(s));
}

/* One testsuite per case file, one testcase per case, one failure element
 * per failing case listing every violation (the format allows one). */
static void write_junit(struct strbuf *b, const struct conform_result *results, size_t count)
{
    size_t failed = 0;
    for (size_t i = 0; i < count; i++)
        failed += results[i].count > 0;
    strbuf_addf(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"errata "
                "conform\" tests=\"%zu\" failures=\"%zu\">\n", count, failed);
    for (size_t i = 0; i < count;) {
        const char *file = file_of(results[i].c);
        size_t end = i, suite_failed = 0;
        while (end < count && strcmp(file_of(results[end].c), file) == 0)
            suite_failed += results[end++].count > 0;
        strbuf_adds(b, "  <testsuite name=\"");
        xml(b, file);
        strbuf_addf(b, "\" tests=\"%zu\" failures=\"%zu\">\n", end - i, suite_failed);
        for (; i < end; i++) {
            const struct conform_result *r = &results[i];
            strbuf_adds(b, "    <testcase classname=\"");
            xml(b, file);
            strbuf_adds(b, "\" name=\"");
            xml(b, r->c->name);
            strbuf_addf(b, "\"%s>\n", r->count ? "" : "/");
            if (r->count == 0)
                continue;
            strbuf_adds(b, "      <failure type=\"");
            xml(b, r->findings[0].check);
            strbuf_adds(b, "\" message=\"");
            xml(b, r->findings[0].message);
            strbuf_adds(b, "\">");
            for (size_t j = 0; j < r->count; j++) {
                xml(b, file);
                strbuf_addf(b, ":%u:%u: ", (unsigned)r->c->loc.line, (unsigned)r->c->loc.col);
                xml(b, r->findings[j].message);
                strbuf_adds(b, " [");
                xml(b, r->findings[j].check);
                strbuf_adds(b, "]\n");
            }
            strbuf_adds(b, "</failure>\n    </testcase>\n");
        }
        strbuf_adds(b, "  </testsuite>\n");
    }
    strbuf_adds(b, "</testsuites>\n");
}

bool conform_write_report(FILE *out, enum conform_format format,
                          const struct conform_result *results, size_t count)
{
    if (format == FORMAT_TEXT) {
        write_text(out, results, count);
        return fflush(out) == 0 && !ferror(out);
    }
    struct strbuf b = STRBUF_INIT;
    if (format == FORMAT_JSON)
        write_json(&b, results, count);
    else
        write_junit(&b, results, count);
    bool ok = fwrite(b.data, 1, b.len, out) == b.len && fflush(out) == 0;
    strbuf_release(&b);
    return ok;
}
