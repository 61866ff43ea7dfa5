/* 207 Multi-Status bodies, one item at a time (decode.h). The whole body is
 * checked first, so an item is never handed out from a body that turns out
 * to be broken further on. */
#include "decode_internal.h"

#include <string.h>

/* Finds the items list: the top-level array, or the "items" member of a
 * top-level object. */
static bool multi_find_items(errata_multi_t *m)
{
    errata_json_token_t t = errata_json_next(&m->p);
    if (t == ERRATA_JSON_ARRAY_BEGIN) {
        m->items_depth = errata_json_depth(&m->p);
        return true;
    }
    if (t != ERRATA_JSON_OBJECT_BEGIN)
        return false;
    while (errata_json_next(&m->p) == ERRATA_JSON_KEY) {
        bool items = errata_json_text_is(&m->p, "items");
        t = errata_json_next(&m->p);
        if (items && t == ERRATA_JSON_ARRAY_BEGIN) {
            m->items_depth = errata_json_depth(&m->p);
            return true;
        }
        if (t == ERRATA_JSON_ERROR || !errata_json_skip(&m->p))
            return false;
    }
    return false;
}

bool errata_multi_init(errata_multi_t *m, const char *body, size_t len)
{
    memset(m, 0, sizeof *m);
    if (body == NULL || !errata_json_validate(body, len, NULL, NULL, NULL)) {
        m->done = true;
        return false;
    }
    errata_json_init(&m->p, body, len, m->scratch, sizeof m->scratch);
    m->done = !multi_find_items(m);
    return !m->done;
}

/* The raw text of the value whose first token was just read. */
static bool multi_raw_value(errata_multi_t *m, const char **raw, size_t *len)
{
    size_t start = m->p.offset;
    if (!errata_json_skip(&m->p))
        return false;
    *raw = m->p.data + start;
    *len = m->p.pos - start;
    return true;
}

static bool multi_read_item(errata_multi_t *m, errata_multi_item_t *item)
{
    errata_json_token_t t;
    while ((t = errata_json_next(&m->p)) == ERRATA_JSON_KEY) {
        /* The name's text is gone after the next call: classify it now. */
        const errata_json_parser_t *p = &m->p;
        int which = errata_json_text_is(p, "status") ? 1 : errata_json_text_is(p, "id") ? 2
                    : errata_json_text_is(p, "value") ? 3 : errata_json_text_is(p, "problem") ? 4
                                                                                          : 0;
        t = errata_json_next(&m->p);
        int64_t status;
        bool ok;
        /* A name given twice: the last wins, even with the wrong type. */
        if (which == 1) {
            bool valid = t == ERRATA_JSON_NUMBER && errata_json_int64(&m->p, &status) &&
                         status >= 100 && status <= 599;
            item->status = valid ? (int)status : 0;
            ok = t != ERRATA_JSON_ERROR && errata_json_skip(&m->p);
        } else if (which == 2) {
            ok = multi_raw_value(m, &item->id, &item->id_len);
        } else if (which == 3) {
            ok = multi_raw_value(m, &item->value, &item->value_len);
        } else if (which == 4 && t == ERRATA_JSON_OBJECT_BEGIN) {
            ok = multi_raw_value(m, &item->problem, &item->problem_len);
        } else {
            if (which == 4) {
                item->problem = NULL;
                item->problem_len = 0;
            }
            ok = t != ERRATA_JSON_ERROR && errata_json_skip(&m->p);
        }
        if (!ok)
            return false;
    }
    return t == ERRATA_JSON_OBJECT_END;
}

bool errata_multi_next(errata_multi_t *m, errata_multi_item_t *item)
{
    memset(item, 0, sizeof *item);
    while (!m->done) {
        errata_json_token_t t = errata_json_next(&m->p);
        if (t == ERRATA_JSON_ARRAY_END && errata_json_depth(&m->p) == m->items_depth)
            break;
        if (t == ERRATA_JSON_OBJECT_BEGIN) {
            if (multi_read_item(m, item))
                return true;
            break;
        }
        if (t == ERRATA_JSON_ERROR || !errata_json_skip(&m->p))
            break; /* an item that is no object is passed over */
    }
    m->done = true;
    return false;
}
