#include "yaml_write.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <yaml.h>

#include "../catalog/yaml_tree.h"
#include "../model/json_write.h"
#include "../model/value.h"
#include "../support/strbuf.h"

static int to_strbuf(void *data, unsigned char *buffer, size_t size)
{
    strbuf_add(data, buffer, size);
    return 1;
}

static bool emit(yaml_emitter_t *e, yaml_event_t *ev)
{
    return yaml_emitter_emit(e, ev) != 0;
}

/* Plain when it reads back as the same string, else double-quoted (libyaml
 * itself falls back to quotes where plain is not allowed: "a: b", "#x"). */
static bool scalar(yaml_emitter_t *e, const char *s, size_t len, bool is_string)
{
    yaml_event_t ev;
    yaml_scalar_style_t style = YAML_PLAIN_SCALAR_STYLE;
    if (is_string && (len == 0 || yaml_plain_type(s, len) != YTYPE_STRING))
        style = YAML_DOUBLE_QUOTED_SCALAR_STYLE;
    else if (is_string && memchr(s, '\n', len) != NULL)
        style = YAML_LITERAL_SCALAR_STYLE; /* Markdown descriptions stay readable */
    yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s, (int)len, 1, 1, style);
    return emit(e, &ev);
}

static bool node(yaml_emitter_t *e, const struct value *v)
{
    yaml_event_t ev;
    char buf[32];
    switch (v->kind) {
    case VALUE_NULL:
        return scalar(e, "null", 4, false);
    case VALUE_BOOL:
        return v->u.boolean ? scalar(e, "true", 4, false) : scalar(e, "false", 5, false);
    case VALUE_INT:
        snprintf(buf, sizeof buf, "%" PRId64, v->u.integer);
        return scalar(e, buf, strlen(buf), false);
    case VALUE_NUMBER:
        json_format_number(buf, v->u.number);
        return scalar(e, buf, strlen(buf), false);
    case VALUE_STRING:
        return scalar(e, v->u.string.ptr, v->u.string.len, true);
    case VALUE_TEXT: {
        struct strbuf text = STRBUF_INIT;
        value_text_write(&text, v);
        bool ok = scalar(e, strbuf_str(&text), text.len, true);
        strbuf_release(&text);
        return ok;
    }
    case VALUE_LIST:
        yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_SEQUENCE_STYLE);
        if (!emit(e, &ev))
            return false;
        for (size_t i = 0; i < v->u.list.count; i++) {
            if (!node(e, v->u.list.items[i]))
                return false;
        }
        yaml_sequence_end_event_initialize(&ev);
        return emit(e, &ev);
    case VALUE_MAP:
        yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE);
        if (!emit(e, &ev))
            return false;
        for (size_t i = 0; i < v->u.map.count; i++) {
            const struct value_member *m = &v->u.map.members[i];
            if (!scalar(e, m->key, m->key_len, true) || !node(e, m->value))
                return false;
        }
        yaml_mapping_end_event_initialize(&ev);
        return emit(e, &ev);
    }
    return false;
}

bool yaml_write_value(struct strbuf *out, const struct value *v)
{
    yaml_emitter_t e;
    yaml_event_t ev;
    if (!yaml_emitter_initialize(&e))
        return false;
    yaml_emitter_set_output(&e, to_strbuf, out);
    yaml_emitter_set_unicode(&e, 1);
    yaml_emitter_set_width(&e, -1);
    yaml_emitter_set_indent(&e, 2);
    yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING);
    bool ok = emit(&e, &ev);
    yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1);
    ok = ok && emit(&e, &ev) && node(&e, v);
    yaml_document_end_event_initialize(&ev, 1);
    ok = ok && emit(&e, &ev);
    yaml_stream_end_event_initialize(&ev);
    ok = ok && emit(&e, &ev) && yaml_emitter_flush(&e);
    yaml_emitter_delete(&e);
    return ok;
}

