#include <string.h>

#include "../support/arena.h"
#include "../support/diag.h"
#include "../support/strbuf.h"
#include "check.h"
#include "rules.h"

/* Points at the placeholder itself when its text can be found in the source
 * after the scalar's start (quoted and block scalars may differ from the raw
 * bytes, then the scalar's start is the best place). */
static struct loc placeholder_loc(const struct ynode *n, const char *raw, size_t raw_len,
                                  size_t *cursor)
{
    const struct source *src = n->loc.src;
    if (src == NULL)
        return n->loc;
    size_t start = source_offset(src, n->loc);
    if (*cursor < start)
        *cursor = start;
    size_t window = n->u.scalar.len * 2 + 64;
    const char *from = src->text + *cursor;
    size_t avail = src->len - *cursor < window ? src->len - *cursor : window;
    for (size_t i = 0; i + raw_len <= avail; i++) {
        if (memcmp(from + i, raw, raw_len) == 0) {
            *cursor += i + raw_len;
            return source_loc_at(src, (size_t)(from - src->text) + i);
        }
    }
    return n->loc;
}

static const struct member *find_member(const struct member *members, size_t count,
                                        const char *name)
{
    for (size_t i = 0; i < count; i++) {
        if (strcmp(members[i].name, name) == 0)
            return &members[i];
    }
    return NULL;
}

static void add_part(struct checker *c, struct text_template *t, size_t *cap, const char *text,
                     const struct member *m)
{
    t->parts = arena_grow(c->a, t->parts, cap, t->part_count + 1, sizeof *t->parts);
    t->parts[t->part_count].text = text;
    t->parts[t->part_count].member = m;
    t->part_count++;
}

static void report_unknown(struct checker *c, struct loc at, const char *what, const char *name,
                           const struct member *members, size_t count)
{
    const char *names[65];
    size_t n = 0;
    for (size_t i = 0; i < count && n < 64; i++)
        names[n++] = members[i].name;
    names[n] = NULL;
    const char *hint = rules_suggest(name, names);
    if (hint)
        diag_error(c->d, at, "placeholder '{%s}' in %s names no member; did you mean '{%s}'?",
                   name, what, hint);
    else if (count == 0)
        diag_error(c->d, at,
                   "placeholder '{%s}' in %s names no member; this error declares no "
                   "extensions (write '{{' for a literal brace)",
                   name, what);
    else
        diag_error(c->d, at, "placeholder '{%s}' in %s names no member of this error", name,
                   what);
}

/* Parses the placeholder starting at s[i] == '{'; returns the index after it,
 * or 0 after reporting an error. */
static size_t placeholder(struct checker *c, const struct ynode *n, const char *what,
                          const struct entry *e, size_t i, size_t *cursor,
                          const struct member **out)
{
    const char *s = n->u.scalar.text;
    const char *close = strchr(s + i, '}');
    if (close == NULL) {
        struct loc at = placeholder_loc(n, s + i, strlen(s + i), cursor);
        diag_error(c->d, at, "unclosed '{' in %s; write '{{' for a literal brace", what);
        return 0;
    }
    size_t len = (size_t)(close - (s + i)) + 1;
    struct loc at = placeholder_loc(n, s + i, len, cursor);
    char *name = arena_strndup(c->a, s + i + 1, len - 2);
    if (*name == '\0') {
        diag_error(c->d, at, "empty placeholder '{}' in %s; write '{{}}' for literal braces",
                   what);
        return 0;
    }
    if (!rules_is_member_name(name)) {
        diag_error(c->d, at, "placeholder '{%s}' in %s is not a member name", name, what);
        return 0;
    }
    const struct member *m = find_member(e->members, e->member_count, name);
    if (m == NULL) {
        /* A member that failed its own check is already reported. */
        if (!e->members_incomplete)
            report_unknown(c, at, what, name, e->members, e->member_count);
        return 0;
    }
    if (m->type == MEMBER_ARRAY) {
        diag_error(c->d, at,
                   "placeholder '{%s}' in %s names an array member; only strings, numbers and "
                   "booleans can be placed in text",
                   name, what);
        return 0;
    }
    *out = m;
    return i + len;
}

static bool check_line_breaks(struct checker *c, const struct ynode *n, const char *what)
{
    const char *s = n->u.scalar.text;
    size_t len = n->u.scalar.len;
    const char *bad = memchr(s, '\r', len);
    if (bad == NULL)
        bad = memchr(s, '\n', len);
    if (bad == NULL)
        bad = strlen(s) != len ? s + strlen(s) : NULL;
    if (bad == NULL && strcmp(what, "header value") == 0) {
        /* RFC 9110 §5.5: no control characters in field values but HTAB. */
        for (size_t i = 0; i < len && bad == NULL; i++) {
            unsigned char ch = (unsigned char)s[i];
            if ((ch < 0x20 && ch != '\t') || ch == 0x7F)
                bad = s + i;
        }
        if (bad != NULL) {
            diag_error(c->d, n->loc,
                       "header value contains the control character 0x%02x; RFC 9110 §5.5 allows "
                       "none in header values but tab",
                       (unsigned)(unsigned char)*bad);
            return false;
        }
    }
    if (bad == NULL)
        return true;
    const char *which = *bad == '\r' ? "CR" : *bad == '\n' ? "LF (a line break)" : "a NUL byte";
    diag_error(c->d, n->loc,
               "%s contains %s; templates must be one line without CR, LF or NUL, since they "
               "end up in HTTP headers and one-line details",
               what, which);
    return false;
}

bool check_template(struct checker *c, const struct ynode *n, const char *what,
                    const struct entry *e, struct text_template *out)
{
    memset(out, 0, sizeof *out);
    if (n->kind != YNODE_SCALAR || n->u.scalar.type == YTYPE_NULL) {
        diag_error(c->d, n->loc, "%s must be a string, not %s", what, ynode_describe(n));
        return false;
    }
    if (!check_line_breaks(c, n, what))
        return false;
    const char *s = n->u.scalar.text;
    out->source = s;
    struct strbuf lit = STRBUF_INIT;
    size_t cap = 0, cursor = 0, i = 0;
    bool ok = true;
    while (s[i] && ok) {
        if ((s[i] == '{' && s[i + 1] == '{') || (s[i] == '}' && s[i + 1] == '}')) {
            placeholder_loc(n, s + i, 2, &cursor); /* keeps later locations right */
            strbuf_addc(&lit, s[i]);
            i += 2;
        } else if (s[i] == '}') {
            struct loc at = placeholder_loc(n, "}", 1, &cursor);
            diag_error(c->d, at, "'}' without a matching '{' in %s; write '}}' for a literal brace",
                       what);
            ok = false;
        } else if (s[i] == '{') {
            const struct member *m = NULL;
            size_t next = placeholder(c, n, what, e, i, &cursor, &m);
            if (next == 0) {
                ok = false;
                break;
            }
            if (lit.len)
                add_part(c, out, &cap, arena_strndup(c->a, lit.data, lit.len), NULL);
            strbuf_reset(&lit);
            add_part(c, out, &cap, NULL, m);
            i = next;
        } else {
            strbuf_addc(&lit, s[i++]);
        }
    }
    if (ok && lit.len)
        add_part(c, out, &cap, arena_strndup(c->a, lit.data, lit.len), NULL);
    strbuf_release(&lit);
    return ok;
}
