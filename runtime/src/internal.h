/* liberrata internals shared between the runtime's source files. Nothing
 * here is installed or exported: the library is built with hidden
 * visibility, so these names stay inside liberrata.
 *
 * Names are prefixed errata_ even when internal, and file-local (static)
 * names are unique across runtime/src/, so that the runtime can be
 * concatenated into one errata.c (--emit-runtime) without clashes. */
#ifndef ERRATA_INTERNAL_H
#define ERRATA_INTERNAL_H

#include "errata/errata.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* ---- utf8.c ------------------------------------------------------------ */

/* One unit of a byte string: a well-formed UTF-8 sequence or one maximal
 * subpart of an ill-formed one (Unicode 15, section 3.9, "U+FFFD
 * substitution of maximal subparts"; the WHATWG decoder does the same). */
typedef struct errata_utf8_unit {
    size_t len;      /* bytes in the unit, >= 1 */
    bool valid;      /* a well-formed sequence */
    bool incomplete; /* ill-formed only because the input ended */
} errata_utf8_unit_t;

errata_utf8_unit_t errata_utf8_next(const unsigned char *s, size_t n);

/* The longest prefix of s[0..n) that does not split a sequence, given that
 * the string goes on after n (a sequence cut by n is left out whole). */
size_t errata_utf8_cut(const char *s, size_t n);

/* ---- json_out.c: a bounded output cursor with snprintf semantics ------- */

typedef struct errata_out {
    char *buf;  /* NULL when only sizing */
    size_t cap; /* bytes of buf, the NUL included */
    size_t len; /* bytes the full output takes so far */
} errata_out_t;

void errata_out_init(errata_out_t *o, char *buf, size_t cap);

/* Appends n bytes; every byte of output goes through here, hence inline. */
static inline void errata_out_bytes(errata_out_t *o, const char *s, size_t n)
{
    if (o->len + n < o->cap) {
        memcpy(o->buf + o->len, s, n); /* the usual case: it fits */
    } else if (o->len + 1 < o->cap) {
        memcpy(o->buf + o->len, s, o->cap - 1 - o->len); /* one byte stays for the NUL */
    }
    o->len += n;
}

static inline void errata_out_str(errata_out_t *o, const char *s)
{
    errata_out_bytes(o, s, strlen(s));
}

static inline void errata_out_char(errata_out_t *o, char c)
{
    if (o->len + 1 < o->cap)
        o->buf[o->len] = c;
    o->len++;
}

/* NUL-terminates what was written (when cap > 0); returns the full length. */
size_t errata_out_finish(errata_out_t *o);

/* Writes s[0..n) as a JSON string, quotes included: RFC 8259 escaping,
 * invalid UTF-8 replaced by U+FFFD per maximal subpart. */
void errata_out_json_string(errata_out_t *o, const char *s, size_t n);
/* The same without the quotes, for a string written in pieces. */
void errata_out_json_chars(errata_out_t *o, const char *s, size_t n);
/* header_grammar.c: the classes of every byte in header names and values. */
enum { ERRATA_HEADER_TCHAR = 1, ERRATA_HEADER_VCHAR = 2 };
extern const unsigned char errata_header_class[256];

/* A slow path kept out of its fast caller's frame. */
#if defined(__GNUC__)
#define ERRATA_NOINLINE __attribute__((noinline))
#else
#define ERRATA_NOINLINE
#endif

/* The decoder's and the writer's common fast path: runs of bytes that
 * stand for themselves in a JSON string, looked at eight at a time. Inline:
 * strings in problems are short, and a call costs as much as a block. */
/* Bytes that stand for themselves in a JSON string: printable ASCII (DEL
 * included, which JSON allows) but the quote and the backslash. */
static inline bool errata_json_plain(unsigned char c)
{
    return c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
}

/* Eight bytes at once (SWAR, portable C99): 0 when all eight are plain,
 * else the high bit set in the bytes that may be special: below 0x20, the
 * quote, the backslash, or 0x80 and above. A borrow can mark a plain byte
 * next to a special one, never a block of plain bytes, so a mark only
 * sends the block to a closer look. */
static inline uint64_t errata_json_special_word(uint64_t x)
{
    const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
    uint64_t quote = x ^ (ones * '"'), backslash = x ^ (ones * '\\');
    uint64_t special = (x - ones * 0x20) | (quote - ones) | (backslash - ones);
    /* x - k only borrows into bytes below k; ~x keeps the high bits of
     * bytes that had none (ASCII), x itself marks the non-ASCII ones. */
    return ((special & ~x) | x) & high;
}

static inline uint64_t errata_json_special8(const unsigned char *b)
{
    uint64_t x;
    memcpy(&x, b, sizeof x);
    return errata_json_special_word(x);
}

/* The end of the run of plain bytes from `from` on: blocks of eight, then
 * bytes. Where the compiler can count trailing zeros of a little-endian
 * word, the block holding the end gives its place at once: its lowest
 * marked byte is the first special one (a borrow only moves upwards, to
 * later bytes). */
static inline size_t errata_json_plain_end(const unsigned char *s, size_t from, size_t len)
{
    size_t end = from;
    while (len - end >= 8) {
        uint64_t mark = errata_json_special8(s + end);
        if (mark != 0) {
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
            return end + (size_t)__builtin_ctzll(mark) / 8;
#else
            break;
#endif
        }
        end += 8;
    }
    while (end < len && errata_json_plain(s[end]))
        end++;
    return end;
}


/* ---- number.c ------------------------------------------------------------ */

#define ERRATA_NUMBER_BUF 64

/* Decimal form of v; returns its length. */
size_t errata_format_int(char buf[ERRATA_NUMBER_BUF], int64_t v);

/* Shortest "%.Ng" form of a finite v that reads back as v, with '.' as the
 * decimal point whatever the locale; returns its length, 0 when v is not
 * finite (JSON has no NaN or infinity). */
size_t errata_format_double(char buf[ERRATA_NUMBER_BUF], double v);

/* ---- value.c: member values as JSON and as text -------------------------- */

/* Writes a present member value as JSON; false (nothing written) when it has
 * no JSON form (absent, or a non-finite number). */
bool errata_write_value(errata_out_t *o, const errata_member_desc_t *m, const errata_value_t *v);

/* Writes a template part's value as text (strings as they are, numbers as
 * in JSON, booleans true/false); false when the value is absent or has no
 * text form (arrays, non-finite numbers). */
bool errata_write_text(errata_out_t *o, const errata_value_t *v);

/* ---- template.c ----------------------------------------------------------- */

/* Renders a detail or header template over p's member values; false as soon
 * as a part names a member that is absent (the template cannot be honoured). */
bool errata_render(errata_out_t *o, const errata_problem_t *p, const errata_template_part_t *parts,
                   size_t count);

/* ---- arena.c ---------------------------------------------------------------- */

/* Bytes left in p's arena once aligned for align. */
size_t errata_arena_room(const errata_problem_t *p, size_t align);
/* Takes size bytes aligned for align; NULL (nothing taken) when they do not fit. */
void *errata_arena_take(errata_problem_t *p, size_t size, size_t align);
/* Copies s into the arena, cut at a character boundary when it does not fit
 * (p->flags records it); NULL when not one character fits. */
const char *errata_arena_string(errata_problem_t *p, const char *s);
/* The same, telling whether s was cut to fit. */
const char *errata_arena_string_cut(errata_problem_t *p, const char *s, bool *cut);
/* The same for the first n bytes of s (n at most strlen(s), on a character
 * boundary). */
const char *errata_arena_string_n(errata_problem_t *p, const char *s, size_t n, bool *cut);

/* The alignment errata_value_t arrays need in the arena (C99 has no
 * alignof). */
struct errata_value_align {
    char c;
    errata_value_t v;
};
#define ERRATA_VALUE_ALIGN offsetof(struct errata_value_align, v)

/* ---- source.c: where errata_throw reads from ---------------------------- */

/* The caller's memory, except what lies inside p itself (a rethrow that
 * passes err->detail or one of err's members along): throwing clears p
 * first, so such data is read from a copy of p taken before. */
typedef struct errata_source {
    const char *problem; /* p, or NULL when nothing read lies inside it */
    const char *saved;   /* a copy of *p */
} errata_source_t;

/* ptr itself, or where it points in the copy. Inline: throw reads every
 * member through it. Address arithmetic on uintptr_t: relational
 * comparison of pointers into different objects is undefined in C, their
 * integer values are not. */
static inline const void *errata_source_ptr(const errata_source_t *src, const void *ptr)
{
    if (src->problem == NULL || ptr == NULL)
        return ptr;
    uintptr_t lo = (uintptr_t)(const void *)src->problem;
    uintptr_t at = (uintptr_t)ptr;
    if (at < lo || at - lo >= sizeof(errata_problem_t))
        return ptr;
    return src->saved + (at - lo);
}

/* True when a string, scalar or array errata_throw would read lies in p. */
bool errata_source_aliases(const errata_problem_t *p, const errata_descriptor_t *desc,
                           const char *detail, const char *instance, const void *members);

/* ---- members.c: reading the generated member struct ---------------------- */

/* The pointer a member slot holds (a string, a by-pointer scalar, an
 * array's items), NULL for a slot held by value. Inline, as the two below:
 * throw and its alias scan call them for every slot. */
static inline const void *errata_slot_pointer(errata_kind_t kind, bool by_pointer,
                                              const unsigned char *at)
{
    if (kind == ERRATA_KIND_STRING) {
        const char *s;
        memcpy(&s, at, sizeof s);
        return s;
    }
    if (!by_pointer)
        return NULL;
    if (kind == ERRATA_KIND_INTEGER) {
        const int64_t *i;
        memcpy(&i, at, sizeof i);
        return i;
    }
    if (kind == ERRATA_KIND_NUMBER) {
        const double *d;
        memcpy(&d, at, sizeof d);
        return d;
    }
    if (kind == ERRATA_KIND_BOOLEAN) {
        const bool *b;
        memcpy(&b, at, sizeof b);
        return b;
    }
    return NULL;
}

/* Values one array item takes: 1, or an object's property count. */
static inline size_t errata_item_slots(const errata_member_desc_t *m)
{
    if (m->item_kind != ERRATA_KIND_OBJECT)
        return 1;
    return m->properties != NULL ? m->property_count : 0;
}

/* How many items of an array errata_throw reads at most: no more than the
 * arena could hold values for, so a wild count cannot run far. */
size_t errata_items_bound(const errata_member_desc_t *m, size_t count);

/* Copies every member of desc out of the generated struct into p's
 * members and arena. */
void errata_members_copy(errata_problem_t *p, const errata_source_t *src, const void *members);

/* ---- problem.c / observe.c -------------------------------------------------- */

/* p's descriptor, or the built-in one for "nothing was thrown" (a 500 with
 * no code), so that a programming error still yields a valid response. */
const errata_descriptor_t *errata_problem_desc(const errata_problem_t *p);

/* Length of p->trace_id, which callers may have written to directly. */
size_t errata_trace_id_len(const errata_problem_t *p);

/* Builds an event about p; code_name, file and trace_id are never NULL. */
errata_event_t errata_event_for(const errata_problem_t *p, errata_event_kind_t kind,
                                const char *header);

/* ---- json_parse.c, json_string.c, json_number.c: the JSON parser -------- */
/* (The parser's public half is errata/json.h; this is what its files share.) */

#include "errata/json.h"

/* Ends parsing with an error: sets the ERROR token, the static message and
 * its byte offset, and makes every later call return ERROR again. */
errata_json_token_t errata_json_fail(errata_json_parser_t *p, const char *message, size_t offset);

/* The string whose opening quote is at p->pos: checks it, unescapes it into
 * scratch (text, text_len, truncated) and moves past the closing quote.
 * False, with the error recorded, when it is not a valid JSON string. */
bool errata_json_string(errata_json_parser_t *p);

/* json_parse.c, for json_skip.c: whether a member name was just read (its
 * ':' and value come next), and the parser put after a value that was
 * checked elsewhere, spanning data[start, end). */
bool errata_json_expects_colon(const errata_json_parser_t *p);
void errata_json_value_skipped(errata_json_parser_t *p, size_t start, size_t end);

/* json_skip.c: after a member name, its value checked and skipped without
 * a token per piece; *start and *end span it. False on a parse error (the
 * parser then holds it, as errata_json_next would report it). */
bool errata_json_skip_member_value(errata_json_parser_t *p, size_t *start, size_t *end);

#endif
