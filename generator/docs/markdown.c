#include "markdown.h"

#include <cmark.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "../support/arena.h"
#include "../support/fatal.h"
#include "../support/strbuf.h"

/* CMARK_OPT_DEFAULT is safe mode since cmark 0.29; saying it keeps older
 * builds safe too. */
#define RENDER_OPTIONS (CMARK_OPT_SAFE | CMARK_OPT_NOBREAKS)

static const char *render(struct arena *a, const char *markdown, size_t *len)
{
    char *html = cmark_markdown_to_html(markdown, strlen(markdown), RENDER_OPTIONS);
    if (html == NULL)
        fatal_out_of_memory();
    *len = strlen(html);
    while (*len > 0 && html[*len - 1] == '\n')
        (*len)--; /* templates place the line breaks */
    const char *copy = arena_strndup(a, html, *len);
    free(html);
    return copy;
}

const char *markdown_block_html(struct arena *a, const char *markdown)
{
    size_t len;
    return markdown ? render(a, markdown, &len) : NULL;
}

static bool starts_with(const char *s, size_t len, const char *prefix)
{
    size_t n = strlen(prefix);
    return len >= n && memcmp(s, prefix, n) == 0;
}

const char *markdown_inline_html(struct arena *a, const char *markdown)
{
    if (markdown == NULL)
        return NULL;
    size_t len;
    const char *html = render(a, markdown, &len);
    /* One paragraph: exactly one <p> at the start and its </p> at the end. */
    if (starts_with(html, len, "<p>") && len >= 7 && memcmp(html + len - 4, "</p>", 4) == 0 &&
        strstr(html + 3, "<p>") == NULL)
        return arena_strndup(a, html + 3, len - 7);
    return html;
}

const char *markdown_table_cell(struct arena *a, const char *markdown)
{
    if (markdown == NULL)
        return NULL;
    struct strbuf sb = STRBUF_INIT;
    for (const char *p = markdown; *p; p++) {
        if (*p == '\n' || *p == '\r')
            strbuf_addc(&sb, ' ');
        else if (*p == '|')
            strbuf_adds(&sb, "\\|");
        else
            strbuf_addc(&sb, *p);
    }
    size_t len = sb.len;
    while (len > 0 && sb.data[len - 1] == ' ')
        len--;
    const char *cell = arena_strndup(a, strbuf_str(&sb), len);
    strbuf_release(&sb);
    return cell;
}

const char *markdown_trimmed(struct arena *a, const char *markdown)
{
    if (markdown == NULL)
        return NULL;
    size_t len = strlen(markdown);
    while (len > 0 && (markdown[len - 1] == '\n' || markdown[len - 1] == '\r' ||
                       markdown[len - 1] == ' '))
        len--;
    return arena_strndup(a, markdown, len);
}
