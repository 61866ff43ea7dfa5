#include "diag.h"

#include <stdarg.h>
#include <string.h>

void diag_init(struct diag *d, FILE *out, bool werror)
{
    d->out = out;
    d->errors = 0;
    d->warnings = 0;
    d->werror = werror;
}

static void print_location(FILE *out, struct loc loc)
{
    if (loc.src == NULL) {
        fputs("errata: ", out);
    } else if (loc.line == 0) {
        fprintf(out, "%s: ", loc.src->name);
    } else {
        fprintf(out, "%s:%u:%u: ", loc.src->name, (unsigned)loc.line, (unsigned)loc.col);
    }
}

/* Quotes the line and puts a caret under the column. Tabs are copied into the
 * caret line so the caret stays under the character whatever the tab width. */
static void print_excerpt(FILE *out, struct loc loc)
{
    const char *line;
    size_t len;
    if (loc.src == NULL || !source_line(loc.src, loc.line, &line, &len))
        return;
    fprintf(out, "%5u | ", (unsigned)loc.line);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)line[i];
        /* Control bytes would garble the terminal; show them as '?'. */
        fputc(c < 0x20 && c != '\t' ? '?' : c, out);
    }
    fputs("\n      | ", out);
    uint32_t col = 1;
    for (size_t i = 0; i < len && col < loc.col; i++) {
        unsigned char c = (unsigned char)line[i];
        if ((c & 0xC0) == 0x80)
            continue;
        fputc(c == '\t' ? '\t' : ' ', out);
        col++;
    }
    fputs("^\n", out);
}

static void report(struct diag *d, struct loc loc, const char *kind, const char *suffix,
                   const char *fmt, va_list ap)
{
    print_location(d->out, loc);
    fprintf(d->out, "%s: ", kind);
    vfprintf(d->out, fmt, ap);
    fprintf(d->out, "%s\n", suffix);
    print_excerpt(d->out, loc);
}

void diag_error(struct diag *d, struct loc loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(d, loc, "error", "", fmt, ap);
    va_end(ap);
    d->errors++;
}

void diag_vwarning(struct diag *d, struct loc loc, const char *name, const char *fmt,
                   va_list ap)
{
    char suffix[96];
    snprintf(suffix, sizeof suffix, d->werror ? " [-Werror=%s]" : " [-W%s]", name);
    report(d, loc, d->werror ? "error" : "warning", suffix, fmt, ap);
    if (d->werror)
        d->errors++;
    d->warnings++;
}

void diag_warning(struct diag *d, struct loc loc, const char *name, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vwarning(d, loc, name, fmt, ap);
    va_end(ap);
}

void diag_note(struct diag *d, struct loc loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(d, loc, "note", "", fmt, ap);
    va_end(ap);
}

void diag_show(FILE *out, struct loc loc, const char *kind, const char *message,
               const char *suffix)
{
    print_location(out, loc);
    fprintf(out, "%s: %s%s\n", kind, message, suffix);
    print_excerpt(out, loc);
}
