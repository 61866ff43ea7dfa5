/* The catalog's descriptions are CommonMark; the HTML docs show them
 * rendered. cmark (the CommonMark reference implementation) does the
 * rendering, in its safe mode: raw HTML and javascript:/data: links are
 * dropped, so a catalog cannot put script into the docs. */
#ifndef ERRATA_DOCS_MARKDOWN_H
#define ERRATA_DOCS_MARKDOWN_H

struct arena;

/* Block HTML for a description (paragraphs, lists, code blocks), in the
 * arena; NULL for NULL. */
const char *markdown_block_html(struct arena *a, const char *markdown);

/* The same for text shown inline (a table cell): a single paragraph is
 * unwrapped from its <p>; several keep theirs. */
const char *markdown_inline_html(struct arena *a, const char *markdown);

/* The Markdown source without trailing line breaks (YAML's `|` keeps one),
 * so templates place the blank lines; NULL for NULL. */
const char *markdown_trimmed(struct arena *a, const char *markdown);

/* Markdown source made safe for one GitHub table cell: line breaks become
 * spaces and '|' is escaped; the rest stays Markdown. */
const char *markdown_table_cell(struct arena *a, const char *markdown);

#endif
