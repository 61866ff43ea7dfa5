#include "wire.h"

#include <string.h>

#include "../support/strbuf.h"
#include "json_write.h"
#include "model.h"

void wire_body_prefix(struct strbuf *out, const struct entry *e)
{
    wire_body_prefix_titled(out, e, e->title);
}

void wire_body_prefix_titled(struct strbuf *out, const struct entry *e, const char *title)
{
    strbuf_adds(out, "{\"type\":\"");
    json_write_string_body(out, e->type_uri, strlen(e->type_uri));
    strbuf_adds(out, "\",\"title\":\"");
    json_write_string_body(out, title, strlen(title));
    strbuf_addf(out, "\",\"status\":%d,\"code\":\"%s\"", e->status, e->code);
}

bool wire_quotes_open(const char *text, bool open)
{
    for (; *text; text++) {
        if (open && *text == '\\' && text[1])
            text++;
        else if (*text == '"')
            open = !open;
    }
    return open;
}
