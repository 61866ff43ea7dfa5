#include "escape.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>

#include "../support/strbuf.h"
#include "json_write.h"

/* Printable ASCII that none of the escapes below changes, except for those
 * in `special`: copied in runs, one strbuf_add per run instead of per byte
 * (the escapes are most of what rendering C does). */
static size_t plain_run(const char *s, size_t len, const char *special)
{
    size_t n = 0;
    for (; n < len; n++) {
        unsigned char c = (unsigned char)s[n];
        if (c < 0x20 || c >= 0x7F)
            return n;
        for (const char *p = special; *p; p++)
            if (*p == (char)c)
                return n;
    }
    return n;
}

void escape_c_body(struct strbuf *out, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        size_t run = plain_run(s + i, len - i, "\"\\?");
        if (run > 0) {
            strbuf_add(out, s + i, run);
            i += run - 1;
            continue;
        }
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"': strbuf_adds(out, "\\\""); break;
        case '\\': strbuf_adds(out, "\\\\"); break;
        case '\n': strbuf_adds(out, "\\n"); break;
        case '\t': strbuf_adds(out, "\\t"); break;
        case '?':
            /* "??/" is a trigraph in C99 (a backslash); "\?" never is. Each
             * '?' beside another is escaped, so no two stay side by side
             * ("??/" gives "\?\?/", not "\??/"). */
            strbuf_adds(out, (i + 1 < len && s[i + 1] == '?') || (i > 0 && s[i - 1] == '?')
                                 ? "\\?"
                                 : "?");
            break;
        default:
            if (c < 0x20 || c >= 0x7F)
                strbuf_addf(out, "\\%03o", c); /* always 3 digits: never absorbs a digit */
            else
                strbuf_addc(out, (char)c);
        }
    }
}

/* The Unicode bidirectional controls gcc's -Wbidi-chars reports (U+202A
 * to U+202E, U+2066 to U+2069, and the marks U+200E, U+200F, U+061C):
 * in a comment they can make code read differently from how it compiles. */
static size_t bidi_control_len(const unsigned char *s, size_t left)
{
    if (left >= 3 && s[0] == 0xE2 && s[1] == 0x80 && (s[2] >= 0xAA && s[2] <= 0xAE))
        return 3;
    if (left >= 3 && s[0] == 0xE2 && s[1] == 0x81 && (s[2] >= 0xA6 && s[2] <= 0xA9))
        return 3;
    if (left >= 3 && s[0] == 0xE2 && s[1] == 0x80 && (s[2] == 0x8E || s[2] == 0x8F))
        return 3;
    if (left >= 2 && s[0] == 0xD8 && s[1] == 0x9C)
        return 2;
    return 0;
}

void escape_c_comment(struct strbuf *out, const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < len; i++) {
        size_t run = plain_run(s + i, len - i, "*/?");
        if (run > 0) {
            strbuf_add(out, s + i, run);
            i += run - 1;
            continue;
        }
        unsigned char c = u[i];
        size_t bidi = bidi_control_len(u + i, len - i);
        if (bidi > 0) {
            strbuf_addc(out, ' ');
            i += bidi - 1;
        } else if ((c == '*' && i + 1 < len && s[i + 1] == '/') ||
                   (c == '/' && i + 1 < len && s[i + 1] == '*') ||
                   (c == '?' && i + 1 < len && s[i + 1] == '?')) {
            /* No comment end, no nested start (-Wcomment), no trigraph
             * ("??/" then a newline would splice lines). */
            strbuf_addc(out, (char)c);
            strbuf_addc(out, ' ');
        } else {
            strbuf_addc(out, c < 0x20 || c == 0x7F ? ' ' : (char)c);
        }
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
        /* Letters, digits and spaces are never escaped: copied in runs. */
        size_t run = 0;
        while (i + run < len && (isalnum((unsigned char)s[i + run]) || s[i + run] == ' '))
            run++;
        if (run > 0) {
            strbuf_add(out, s + i, run);
            i += run - 1;
            continue;
        }
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
        size_t run = plain_run(s + i, len - i, "&<>\"'");
        if (run > 0) {
            strbuf_add(out, s + i, run);
            i += run - 1;
            continue;
        }
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
