/* Finds the standalone lines: a line holding nothing but whitespace and a tag
 * that prints nothing is dropped whole, so templates can put their tags on
 * lines of their own without leaving blank lines behind. Inheritance adds
 * pairs of tags that count as one (see mustache.h). Runs on a matched token
 * list, and records the indentation partials, parents and blocks need. */
#include <string.h>

#include "internal.h"

struct line {
    size_t first, last; /* token indexes, inclusive */
    size_t tags[2];
    size_t ntags; /* tags on the line, counted up to 3 */
    bool blank;   /* all its text is whitespace */
};

static const char *text_of(const struct parser *p, const struct token *t)
{
    return p->src->text + t->start;
}

static bool ends_line(const struct parser *p, const struct token *t)
{
    return t->type == TAG_TEXT && t->end > t->start && text_of(p, t)[t->end - t->start - 1] == '\n';
}

/* Length of a text token without its line ending. */
static size_t body_len(const struct parser *p, const struct token *t)
{
    const char *s = text_of(p, t);
    size_t n = t->end - t->start;
    if (n > 0 && s[n - 1] == '\n') {
        n--;
        if (n > 0 && s[n - 1] == '\r')
            n--;
    }
    return n;
}

static bool blank_text(const struct parser *p, const struct token *t)
{
    const char *s = text_of(p, t);
    size_t n = body_len(p, t);
    for (size_t i = 0; i < n; i++)
        if (!is_blank(s[i]))
            return false;
    return true;
}

static struct line next_line(const struct parser *p, size_t first)
{
    struct line l = { .first = first, .blank = true };
    size_t i = first;
    for (;; i++) {
        const struct token *t = &p->toks[i];
        if (t->type == TAG_TEXT) {
            l.blank = l.blank && blank_text(p, t);
        } else if (l.ntags < 3) {
            if (l.ntags < 2)
                l.tags[l.ntags] = i;
            l.ntags++;
        }
        if (ends_line(p, t) || i + 1 == p->count)
            break;
    }
    l.last = i;
    return l;
}

static bool prints_nothing(enum tag_type type)
{
    return type != TAG_TEXT && type != TAG_VAR && type != TAG_RAW;
}

static bool closes(const struct parser *p, size_t close, size_t open)
{
    return p->toks[close].type == TAG_CLOSE && p->toks[close].match == open;
}

/* The adjacent pairs the inheritance spec treats as standalone together. */
static enum standalone pair_kind(const struct parser *p, size_t a, size_t b)
{
    const struct token *t1 = &p->toks[a], *t2 = &p->toks[b];
    if (b != a + 1)
        return ST_NO;
    if (t1->type == TAG_PARENT && (closes(p, b, a) || (t2->type == TAG_BLOCK && t2->owner == a)))
        return ST_LINE;
    if (t1->type == TAG_BLOCK && closes(p, b, a))
        return ST_KEEP_NEWLINE;
    if (t1->type == TAG_CLOSE && t1->match != NO_INDEX && p->toks[t1->match].type == TAG_BLOCK) {
        size_t owner = p->toks[t1->match].owner;
        if (owner != NO_INDEX && p->toks[owner].type == TAG_PARENT && closes(p, b, owner))
            return ST_LINE;
    }
    return ST_NO;
}

static enum standalone line_kind(const struct parser *p, const struct line *l)
{
    if (!l->blank)
        return ST_NO;
    if (l->ntags == 1)
        return prints_nothing(p->toks[l->tags[0]].type) ? ST_LINE : ST_NO;
    if (l->ntags == 2)
        return pair_kind(p, l->tags[0], l->tags[1]);
    return ST_NO;
}

/* Where a standalone block's content lines start: the indentation of its
 * first line that holds anything, else that of the block's own line. */
static struct span block_indent(const struct parser *p, size_t start, size_t end,
                                struct span fallback)
{
    const char *s = p->src->text;
    while (start < end) {
        size_t q = start;
        while (q < end && is_blank(s[q]))
            q++;
        bool empty = q == end || s[q] == '\n' || (s[q] == '\r' && q + 1 < end && s[q + 1] == '\n');
        if (!empty)
            return (struct span){ s + start, q - start };
        const char *nl = q < end ? memchr(s + q, '\n', end - q) : NULL;
        if (nl == NULL)
            break;
        start = (size_t)(nl - s) + 1;
    }
    return fallback;
}

/* {{$b}}{{/b}} alone on a line: drop the whitespace around, keep the newline. */
static void trim_keep_newline(struct parser *p, const struct line *l)
{
    struct token *first = &p->toks[l->first], *last = &p->toks[l->last];
    if (first->type == TAG_TEXT)
        first->removed = true;
    if (last->type == TAG_TEXT && last != first)
        last->start = last->start + body_len(p, last);
    if (last->start == last->end)
        last->removed = true;
}

static void mark(struct parser *p, const struct line *l, enum standalone kind, struct span ws)
{
    for (size_t k = 0; k < l->ntags; k++) {
        struct token *t = &p->toks[l->tags[k]];
        t->standalone = kind;
        t->ws = ws;
        if (t->type == TAG_BLOCK && kind == ST_LINE && t->match != NO_INDEX)
            t->indent = block_indent(p, p->toks[l->last].end, p->toks[t->match].start, ws);
    }
    if (kind == ST_KEEP_NEWLINE) {
        trim_keep_newline(p, l);
        return;
    }
    for (size_t i = l->first; i <= l->last; i++)
        if (p->toks[i].type == TAG_TEXT)
            p->toks[i].removed = true;
}

/* The blank text starting a line, when a tag follows it directly. */
static struct span leading_ws(const struct parser *p, const struct line *l)
{
    const struct token *t = &p->toks[l->first];
    if (t->type != TAG_TEXT)
        return (struct span){ text_of(p, t), 0 };
    if (l->first + 1 <= l->last && p->toks[l->first + 1].type != TAG_TEXT && blank_text(p, t))
        return (struct span){ text_of(p, t), t->end - t->start };
    return (struct span){ NULL, 0 };
}

void mustache_standalone(struct parser *p)
{
    for (size_t i = 0; i < p->count;) {
        struct line l = next_line(p, i);
        struct span ws = leading_ws(p, &l);
        enum standalone kind = line_kind(p, &l);
        if (kind != ST_NO) {
            mark(p, &l, kind, ws);
        } else if (l.ntags > 0 && ws.ptr != NULL) {
            p->toks[l.tags[0]].ws = ws;
        }
        i = l.last + 1;
    }
}
