/* Header lists and findings: the small data every part of conform shares. */
#include <stdarg.h>
#include <strings.h>

#include "../support/arena.h"
#include "../support/strbuf.h"
#include "conform.h"

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
    r->findings[r->count].message = arena_strndup(a, msg.data ? msg.data : "", msg.len);
    r->count++;
    strbuf_release(&msg);
}
