/* How values become text: the spec's interpolation forms and its HTML
 * escaping. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "../model/json_write.h"
#include "../model/value.h"
#include "render.h"

struct span mustache_value_text(const struct value *v, char buf[32], struct strbuf *scratch)
{
    if (v == NULL)
        return (struct span){ "", 0 };
    switch (v->kind) {
    case VALUE_STRING:
        return (struct span){ v->u.string.ptr, v->u.string.len };
    case VALUE_TEXT:
        strbuf_reset(scratch);
        value_text_write(scratch, v);
        return (struct span){ strbuf_str(scratch), scratch->len };
    case VALUE_INT:
        snprintf(buf, 32, "%" PRId64, v->u.integer);
        return (struct span){ buf, strlen(buf) };
    case VALUE_NUMBER:
        json_format_number(buf, v->u.number);
        return (struct span){ buf, strlen(buf) };
    case VALUE_BOOL:
        return v->u.boolean ? (struct span){ "true", 4 } : (struct span){ "false", 5 };
    default:
        /* null, lists and maps have no text form. */
        return (struct span){ "", 0 };
    }
}

/* Exactly the spec's set: & " < >. */
static const char *entity(char c)
{
    switch (c) {
    case '&':
        return "&amp;";
    case '"':
        return "&quot;";
    case '<':
        return "&lt;";
    case '>':
        return "&gt;";
    default:
        return NULL;
    }
}

void mustache_escape_html(struct strbuf *out, const char *s, size_t len)
{
    size_t run = 0;
    for (size_t i = 0; i < len; i++) {
        const char *e = entity(s[i]);
        if (e == NULL)
            continue;
        strbuf_add(out, s + run, i - run);
        strbuf_adds(out, e);
        run = i + 1;
    }
    strbuf_add(out, s + run, len - run);
}
