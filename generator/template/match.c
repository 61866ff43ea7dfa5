/* Pairs every section, parent and block with its closing tag, and reports
 * what does not pair: unclosed sections, closing tags of the wrong name, and
 * nesting deeper than the renderer would follow. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../support/fatal.h"
#include "internal.h"

/* Room for a closing tag as shown: two delimiters, '/', '*' and a name. */
enum { SHOWN_TAG = 2 * MUSTACHE_MAX_DELIM + SHOW_MAX + 8 };

static bool is_opener(enum tag_type type)
{
    return type == TAG_SECTION || type == TAG_INVERTED || type == TAG_PARENT || type == TAG_BLOCK;
}

static const char *kind_name(enum tag_type type)
{
    switch (type) {
    case TAG_PARENT:
        return "parent";
    case TAG_BLOCK:
        return "block";
    default:
        return "section";
    }
}

static bool same_key(const struct token *a, const struct token *b)
{
    return a->dynamic == b->dynamic && a->key.len == b->key.len &&
           memcmp(a->key.ptr, b->key.ptr, a->key.len) == 0;
}

/* The name as written, '*' included, made printable. */
static void show_key(char out[SHOW_MAX + 8], const struct token *t)
{
    char shown[SHOW_MAX + 4];
    mustache_show(shown, t->key.ptr, t->key.len);
    snprintf(out, SHOW_MAX + 8, "%s%s", t->dynamic ? "*" : "", shown);
}

/* How the closing tag was written, with the delimiters then in force. */
static void show_close(char out[SHOWN_TAG], const struct token *t)
{
    char key[SHOW_MAX + 8];
    show_key(key, t);
    snprintf(out, SHOWN_TAG, "%.*s/%s%.*s", (int)t->open.len, t->open.ptr, key, (int)t->close.len,
             t->close.ptr);
}

static void report_mismatch(struct parser *p, const struct token *open, const struct token *close)
{
    char key[SHOW_MAX + 8], tag[SHOWN_TAG];
    show_key(key, open);
    show_close(tag, close);
    mustache_parse_error(p, close->start, "%s '%s' closed by '%s'", kind_name(open->type), key,
                         tag);
    mustache_parse_note(p, open->start, "%s '%s' opened here", kind_name(open->type), key);
}

struct stack {
    size_t *items;
    size_t count;
};

/* Closes the innermost opener, or recovers from a wrong name by closing up to
 * an outer opener of that name (ignoring the tag when there is none), so one
 * typo does not cascade into an error per enclosing section. */
static void close_tag(struct parser *p, struct stack *st, size_t i)
{
    struct token *t = &p->toks[i];
    if (st->count == 0) {
        char tag[SHOWN_TAG];
        show_close(tag, t);
        mustache_parse_error(p, t->start, "'%s' closes no section", tag);
        return;
    }
    size_t top = st->items[st->count - 1];
    if (!same_key(&p->toks[top], t))
        report_mismatch(p, &p->toks[top], t);
    size_t k = st->count;
    while (k > 0 && !same_key(&p->toks[st->items[k - 1]], t))
        k--;
    if (k == 0)
        return;
    size_t open = st->items[k - 1];
    st->count = k - 1;
    t->match = open;
    t->owner = p->toks[open].owner;
    p->toks[open].match = i;
}

static bool open_tag(struct parser *p, struct stack *st, size_t i)
{
    if (st->count >= MUSTACHE_MAX_DEPTH)
        return mustache_parse_error(p, p->toks[i].start, "sections nested deeper than %d levels",
                                    MUSTACHE_MAX_DEPTH);
    st->items[st->count++] = i;
    return true;
}

static void report_unclosed(struct parser *p, const struct stack *st)
{
    for (size_t k = 0; k < st->count && p->errors < MUSTACHE_MAX_ERRORS; k++) {
        const struct token *t = &p->toks[st->items[k]];
        char key[SHOW_MAX + 8];
        show_key(key, t);
        mustache_parse_error(p, t->start, "unclosed %s '%s'", kind_name(t->type), key);
    }
}

void mustache_match(struct parser *p)
{
    struct stack st = { malloc(MUSTACHE_MAX_DEPTH * sizeof(size_t)), 0 };
    if (st.items == NULL)
        fatal_out_of_memory();
    bool ok = true;
    for (size_t i = 0; i < p->count && ok && p->errors < MUSTACHE_MAX_ERRORS; i++) {
        struct token *t = &p->toks[i];
        if (t->type == TAG_CLOSE) {
            close_tag(p, &st, i);
            continue;
        }
        t->owner = st.count ? st.items[st.count - 1] : NO_INDEX;
        if (is_opener(t->type))
            ok = open_tag(p, &st, i);
    }
    if (ok)
        report_unclosed(p, &st);
    free(st.items);
}
