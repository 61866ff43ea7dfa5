#include <stdio.h>
#include <string.h>

#include "../model/json_write.h"
#include "../model/model.h"
#include "../model/value.h"
#include "../support/arena.h"
#include "../support/diag.h"
#include "../support/strbuf.h"
#include "diff.h"

bool diff_format_named(const char *name, enum diff_format *out)
{
    static const char *const names[] = { "text", "json", "markdown" };
    for (int i = 0; i < 3; i++)
        if (strcmp(name, names[i]) == 0) {
            *out = (enum diff_format)i;
            return true;
        }
    return false;
}

static const char *kind_name(enum change_kind k)
{
    return k == CHANGE_BREAKING ? "breaking" : "compatible";
}

static void print_summary(FILE *out, const struct diff_result *r)
{
    fprintf(out, "%zu breaking, %zu compatible\n", r->breaking, r->compatible);
}

static void print_text(FILE *out, const struct diff_result *r)
{
    for (size_t i = 0; i < r->count; i++) {
        const struct change *c = &r->changes[i];
        char suffix[80];
        snprintf(suffix, sizeof suffix, " [%s]", c->rule);
        diag_show(out, c->loc, kind_name(c->kind), c->message, suffix);
    }
    print_summary(out, r);
}

static const char *file_of(struct loc loc)
{
    return loc.src ? loc.src->name : "";
}

static void print_json(FILE *out, const struct diff_side *old, const struct diff_side *new_,
                       const struct diff_result *r)
{
    struct arena a;
    arena_init(&a);
    struct value *root = value_map(&a), *list = value_list(&a);
    value_map_put_str(&a, root, "old", old->name);
    value_map_put_str(&a, root, "new", new_->name);
    value_map_put_int(&a, root, "breaking", (int64_t)r->breaking);
    value_map_put_int(&a, root, "compatible", (int64_t)r->compatible);
    for (size_t i = 0; i < r->count; i++) {
        const struct change *c = &r->changes[i];
        struct value *v = value_map(&a);
        value_map_put_str(&a, v, "kind", kind_name(c->kind));
        value_map_put_str(&a, v, "rule", c->rule);
        value_map_put(&a, v, "code", c->code ? value_string(&a, c->code) : value_null(&a));
        value_map_put_str(&a, v, "file", file_of(c->loc));
        value_map_put_int(&a, v, "line", c->loc.line);
        value_map_put_int(&a, v, "column", c->loc.col);
        value_map_put_str(&a, v, "message", c->message);
        value_list_push(&a, list, v);
    }
    value_map_put(&a, root, "changes", list);
    struct strbuf sb = STRBUF_INIT;
    json_write_value(&sb, root);
    fprintf(out, "%s\n", strbuf_str(&sb));
    strbuf_release(&sb);
    arena_finish(&a);
}

/* Catalog text (titles, messages quoting them) as inert Markdown: every
 * character that could start markup or HTML is backslash-escaped, line
 * breaks become spaces. */
static void md_text(FILE *out, const char *s)
{
    for (; *s; s++) {
        if (*s == '\n' || *s == '\r')
            fputc(' ', out);
        else if (strchr("\\`*_[]<>|&~#!", *s))
            fprintf(out, "\\%c", *s);
        else
            fputc(*s, out);
    }
}

static const char *version_of(const struct diff_side *s)
{
    return s->model->main->version ? s->model->main->version : "unversioned";
}

static void md_section(FILE *out, const struct diff_result *r, enum change_kind kind,
                       const char *heading)
{
    bool any = false;
    for (size_t i = 0; i < r->count; i++) {
        const struct change *c = &r->changes[i];
        if (c->kind != kind)
            continue;
        if (!any)
            fprintf(out, "\n### %s\n\n", heading);
        any = true;
        fputs("- ", out);
        md_text(out, c->message);
        fputs(" (", out);
        md_text(out, file_of(c->loc));
        fprintf(out, ":%u, %s)\n", (unsigned)c->loc.line, c->rule);
    }
}

/* A section a changelog or a CI comment can take as is. */
static void print_markdown(FILE *out, const struct diff_side *old, const struct diff_side *new_,
                           const struct diff_result *r)
{
    const char *name = new_->model->main->name ? new_->model->main->name : "catalog";
    fputs("## Error catalog ", out);
    md_text(out, name);
    fputs(": ", out);
    md_text(out, version_of(old));
    fputs(" to ", out);
    md_text(out, version_of(new_));
    fprintf(out, "\n\n**%zu breaking, %zu compatible**\n", r->breaking, r->compatible);
    if (r->count == 0)
        fputs("\nNo change a client can see.\n", out);
    md_section(out, r, CHANGE_BREAKING, "Breaking changes");
    md_section(out, r, CHANGE_COMPATIBLE, "Compatible changes");
}

void diff_print(FILE *out, enum diff_format format, const struct diff_side *old,
                const struct diff_side *new_, const struct diff_result *r)
{
    switch (format) {
    case DIFF_TEXT:
        print_text(out, r);
        break;
    case DIFF_JSON:
        print_json(out, old, new_, r);
        break;
    case DIFF_MARKDOWN:
        print_markdown(out, old, new_, r);
        break;
    }
}
