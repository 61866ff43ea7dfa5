/* What the pieces of the Mustache engine share: the token list the lexer
 * fills and the parse passes annotate, and the node tree a template compiles
 * to. Nothing here is visible outside generator/template/. */
#ifndef ERRATA_TEMPLATE_INTERNAL_H
#define ERRATA_TEMPLATE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mustache.h"

#define NO_INDEX SIZE_MAX

struct span {
    const char *ptr;
    size_t len;
};

/* ---- Tokens: what the lexer saw, annotated by the parse passes. ---- */

enum tag_type {
    TAG_TEXT, /* not a tag: at most one line of text, its newline included */
    TAG_VAR,
    TAG_RAW, /* {{{x}}} and {{&x}} */
    TAG_SECTION,
    TAG_INVERTED,
    TAG_CLOSE,
    TAG_COMMENT,
    TAG_PARTIAL,
    TAG_PARENT,
    TAG_BLOCK,
    TAG_DELIM,
};

enum standalone {
    ST_NO,
    ST_LINE,         /* the whole line goes: indentation and newline */
    ST_KEEP_NEWLINE, /* {{$b}}{{/b}} alone on a line: the indentation goes */
};

struct token {
    enum tag_type type;
    size_t start, end;       /* bytes of the source; a tag's include its delimiters */
    struct span key;         /* tag content, trimmed, without a leading '*' */
    bool dynamic;            /* the content started with '*' */
    struct span open, close; /* the delimiters in force, for messages */
    size_t match;            /* opener <-> closer; NO_INDEX when none */
    size_t owner;            /* innermost open section, parent or block */
    enum standalone standalone;
    bool removed;       /* text that is the whitespace of a standalone line */
    struct span ws;     /* whitespace before the tag when nothing else precedes it on its line */
    struct span indent; /* a standalone block's: where its content's lines start */
};

struct parser {
    struct mustache_engine *e;
    const struct source *src;
    struct token *toks;
    size_t count, cap;
    unsigned errors;
};

/* Each pass reports its own located errors, counted in p->errors. The lexer
 * returns false when it could not reach the end (an unclosed tag). */
bool mustache_lex(struct parser *p);
void mustache_match(struct parser *p);
void mustache_standalone(struct parser *p);

/* A located error in the parser's source, counted in p->errors. Always
 * returns false, so a check can `return mustache_parse_error(...)`. */
bool mustache_parse_error(struct parser *p, size_t offset, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void mustache_parse_note(struct parser *p, size_t offset, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Copies s into out as printable text for a message, shortened if long. */
enum { SHOW_MAX = 64 };
void mustache_show(char out[SHOW_MAX + 4], const char *s, size_t len);

static inline bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* ---- Nodes: the compiled, immutable template. ---- */

enum node_kind {
    NODE_TEXT,
    NODE_VAR,
    NODE_SECTION,
    NODE_INVERTED,
    NODE_PARTIAL,
    NODE_PARENT,
    NODE_BLOCK,
};

/* A dotted name split at its dots; no parts means `.`. */
struct name {
    const struct span *parts;
    size_t count;
};

struct node;

struct node_list {
    const struct node *items;
    size_t count;
};

/* How a block sits on its line, which decides how content re-indents there. */
enum block_mode {
    BLOCK_INLINE,     /* other output shares its line */
    BLOCK_STANDALONE, /* its opening line was dropped */
    BLOCK_KEEP_NEWLINE,
};

struct node {
    enum node_kind kind;
    size_t offset; /* where the tag starts in the template's source */
    union {
        struct {
            const char *ptr;
            size_t len;
            bool bol; /* starts a line of the source */
        } text;
        struct {
            struct name name;
            bool escape;
        } var;
        struct {
            struct name name;
            struct node_list body;
        } section;
        struct {
            struct span name; /* the partial's name, or the dynamic one's source */
            struct name dyn;  /* when dynamic: where the name comes from */
            bool dynamic;
            bool standalone;
            struct span ws;          /* its line's indentation, when standalone */
            struct node_list blocks; /* a parent's overriding blocks */
        } include;
        struct {
            struct span name;
            struct node_list body;
            enum block_mode mode;
            struct span indent; /* where its lines start, in source bytes */
        } block;
    } u;
};

struct mustache_template {
    const struct source *src;
    struct node_list root;
};

/* The source in the arena, NUL-terminated; templates point into it. */
const struct source *mustache_copy_source(struct arena *a, const struct source *src);
struct mustache_template *mustache_parse_copied(struct mustache_engine *e,
                                                const struct source *src);

/* ---- Engine internals the renderer uses. ---- */

enum partial_state {
    PARTIAL_MISSING,
    PARTIAL_OK,
    PARTIAL_BROKEN, /* its source does not parse */
};

/* Loads and parses a partial once, then answers from the cache. *fresh is
 * true when this call did the loading (so errors were just reported). */
enum partial_state mustache_engine_load(struct mustache_engine *e, const char *name, size_t len,
                                        const struct mustache_template **out, bool *fresh);
struct diag *mustache_engine_diag(struct mustache_engine *e);
size_t mustache_engine_max_steps(const struct mustache_engine *e);
size_t mustache_engine_max_output(const struct mustache_engine *e);
struct arena *mustache_engine_arena(struct mustache_engine *e);

#endif
