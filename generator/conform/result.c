/* Header lists and findings: the small data every part of conform shares. */
#include <stdarg.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "../model/model.h"
#include "../support/arena.h"
#include "../support/strbuf.h"
#include "../support/utf8.h"
#include "conform.h"

/* Reports quote what a server sent (header values, details) and what case
 * files name: control characters, invalid UTF-8 and the two noncharacters
 * XML refuses become \xNN, so that no report can carry terminal escapes and
 * every JSON and JUnit report stays valid. */
static void add_printable(struct strbuf *out, const char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        uint32_t cp = 0;
        size_t n = utf8_decode((const unsigned char *)s + i, len - i, &cp);
        if (n == 0 || cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp == 0xfffe || cp == 0xffff) {
            for (size_t k = 0; k < (n ? n : 1); k++)
                strbuf_addf(out, "\\x%02x", (unsigned char)s[i + k]);
            i += n ? n : 1;
            continue;
        }
        strbuf_add(out, s + i, n);
        i += n;
    }
}

const char *conform_printable(struct arena *a, const char *s)
{
    struct strbuf b = STRBUF_INIT;
    add_printable(&b, s, strlen(s));
    const char *out = arena_strndup(a, b.data ? b.data : "", b.len);
    strbuf_release(&b);
    return out;
}

const char *conform_header_get(const struct conform_headers *h, const char *name)
{
    for (size_t i = h->count; i-- > 0;) {
        if (strcasecmp(h->items[i].name, name) == 0)
            return h->items[i].value;
    }
    return NULL;
}

void conform_header_add(struct arena *a, struct conform_headers *h, const char *name,
                        const char *value)
{
    h->items = arena_grow(a, h->items, &h->cap, h->count + 1, sizeof *h->items);
    h->items[h->count].name = name;
    h->items[h->count].value = value;
    h->count++;
}

void conform_report(struct arena *a, struct conform_result *r, const char *check,
                    const char *fmt, ...)
{
    struct strbuf msg = STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    strbuf_vaddf(&msg, fmt, ap);
    va_end(ap);
    r->findings = arena_grow(a, r->findings, &r->cap, r->count + 1, sizeof *r->findings);
    r->findings[r->count].check = check;
    struct strbuf clean = STRBUF_INIT;
    add_printable(&clean, msg.data ? msg.data : "", msg.len);
    r->findings[r->count].message = arena_strndup(a, clean.data ? clean.data : "", clean.len);
    r->count++;
    strbuf_release(&msg);
    strbuf_release(&clean);
}

const struct entry *conform_entry(const struct model *m, const char *code)
{
    for (size_t i = 0; i < m->entry_count; i++) {
        if (strcmp(m->entries[i].code, code) == 0)
            return &m->entries[i];
    }
    return NULL;
}
