/* The escaped forms of text the model offers templates, so that a template
 * for C never depends on Mustache's HTML escaping (docs/templates.md says
 * which form goes where). Each appends to out. */
#ifndef ERRATA_MODEL_ESCAPE_H
#define ERRATA_MODEL_ESCAPE_H

#include <stddef.h>

struct strbuf;

/* The inside of a C string literal: pure ASCII, with \" \\ \n \t and octal
 * escapes for every other byte outside printable ASCII, and '?' escaped where
 * a trigraph could form. Invalid UTF-8 is passed through byte for byte (the
 * runtime decides about validity), so the literal holds exactly the text. */
void escape_c_body(struct strbuf *out, const char *s, size_t len);

/* Text safe inside a C block comment: a star followed by a slash is broken
 * up, control bytes become spaces. UTF-8 stays as it is. */
void escape_c_comment(struct strbuf *out, const char *s, size_t len);

/* The inside of a JSON string (RFC 8259), invalid UTF-8 as U+FFFD. */
void escape_json_body(struct strbuf *out, const char *s, size_t len);

/* Text that Markdown shows literally, on one line, safe in a table cell:
 * punctuation Markdown gives meaning to is backslash-escaped, '|' too, and
 * line breaks become spaces. */
void escape_markdown(struct strbuf *out, const char *s, size_t len);

/* Text for HTML element content and quoted attributes: & < > " ' escaped. */
void escape_html(struct strbuf *out, const char *s, size_t len);

#endif
