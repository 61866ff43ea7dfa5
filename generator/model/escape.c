#include "escape.h"

#include <stdbool.h>
#include <string.h>

#include "../support/strbuf.h"
#include "json_write.h"

void escape_c_body(struct strbuf *out, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"': strbuf_adds(out, "\\\""); break;
        case '\\': strbuf_adds(out, "\\\\"); break;
        case '\n': strbuf_adds(out, "\\n"); break;
        case '\t': strbuf_adds(out, "\\t"); break;
        case '?':
            /* "??=" is a trigraph in C99; "\?" never is. */
            strbuf_adds(out, i + 1 < len && s[i + 1] == '?' ? "\\?" : "?");
            break;
        default:
            if (c < 0x20 || c >= 0x7F)
                strbuf_addf(out, "\\%03o", c); /* always 3 digits: never absorbs a digit */
            else
                strbuf_addc(out, (char)c);
        }
    }
}

void escape_c_comment(struct strbuf *out, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '*' && i + 1 < len && s[i + 1] == '/')
            strbuf_adds(out, "* ");
        else
            strbuf_addc(out, c < 0x20 || c == 0x7F ? ' ' : (char)c);
    }
}

void escape_json_body(struct strbuf *out, const char *s, size_t len)
{
    json_write_string_body(out, s, len);
}

void escape_markdown(struct strbuf *out, const char *s, size_t len)
{
    /* CommonMark lets any ASCII punctuation be backslash-escaped; escape what
     * can start markup anywhere, and what starts a block only at the start. */
    size_t digits = strspn(s, "0123456789");
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        bool block_start = i == 0 && c != '\0' && strchr("#+-=", c);
        bool ordered = i == digits && digits > 0 && (c == '.' || c == ')') &&
                       (i + 1 == len || s[i + 1] == ' ');
        if (c == '\r' || c == '\n') {
            strbuf_addc(out, ' ');
            continue;
        }
        if ((c != '\0' && strchr("\\`*_[]<>|~&!", c)) || block_start || ordered)
            strbuf_addc(out, '\\');
        strbuf_addc(out, c);
    }
}

void escape_html(struct strbuf *out, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        switch (s[i]) {
        case '&': strbuf_adds(out, "&amp;"); break;
        case '<': strbuf_adds(out, "&lt;"); break;
        case '>': strbuf_adds(out, "&gt;"); break;
        case '"': strbuf_adds(out, "&quot;"); break;
        case '\'': strbuf_adds(out, "&#39;"); break;
        default: strbuf_addc(out, s[i]);
        }
    }
}
