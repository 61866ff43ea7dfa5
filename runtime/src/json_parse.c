/* The JSON parser's state machine (errata/json.h): one token per call, no
 * recursion, no allocation. The parser struct holds everything: where the
 * input stands, the open containers (one byte each) and what may come next.
 *
 * Errors carry a fixed message and the byte offset of the offending byte;
 * when the input simply ran out, the message is "unexpected end of input"
 * at offset len, except for a string, which is reported as "unterminated
 * string" at its opening quote (json_string.c). The messages:
 *
 *   unexpected end of input        input ended where more was needed
 *   value expected                 a byte that cannot start a value
 *   invalid literal                the first wrong byte of true/false/null
 *   leading zero                   the 0 of 01 or -01
 *   digit expected                 after '-', '.', 'e' or 'e+'
 *   member name expected           not a string where a name must come
 *   expected ':'                   after a member name
 *   expected ',' or '}'            after a member's value
 *   expected ',' or ']'            after an array item
 *   nesting too deep               the '[' or '{' opening level 65
 *   trailing data after the value  the first non-space byte after it
 *   (strings: see json_string.c)
 *
 * Bytes outside strings are ASCII by the grammar, so an invalid UTF-8 byte
 * there gets the grammar's message for its place. */
#include "internal.h"

/* What may come next (p->expect). */
enum {
    ERRATA_JP_VALUE,          /* a value: the start, after ':' or an array's ',' */
    ERRATA_JP_VALUE_OR_CLOSE, /* just after '[' */
    ERRATA_JP_KEY_OR_CLOSE,   /* just after '{' */
    ERRATA_JP_KEY,            /* after an object's ',' */
    ERRATA_JP_COLON,          /* after a member name */
    ERRATA_JP_AFTER_VALUE     /* ',' or the close, or the end at the top */
};

/* What a token reports, cleared before the next one. */
static void errata_jp_clear_token(errata_json_parser_t *p)
{
    p->text = NULL;
    p->text_len = 0;
    p->truncated = false;
    p->raw = NULL;
    p->raw_len = 0;
}

void errata_json_init(errata_json_parser_t *p, const char *data, size_t len, char *scratch,
                      size_t scratch_cap)
{
    /* Field by field: in_object is written before it is read, and a
     * decode sets up several parsers. */
    p->pos = 0;
    p->kept = 0;
    p->offset = 0;
    errata_jp_clear_token(p);
    p->error = NULL;
    p->error_offset = 0;
    p->depth = 0;
    p->done = false;
    p->data = data;
    p->len = data != NULL ? len : 0;
    /* No buffer means no room, whatever cap says. */
    p->scratch = scratch_cap > 0 ? scratch : NULL;
    p->scratch_cap = p->scratch != NULL ? scratch_cap : 0;
    /* No token yet: END with done unset harms no caller (keep returns NULL,
     * skip does nothing, the number readers return false). */
    p->token = ERRATA_JSON_END;
    p->expect = ERRATA_JP_VALUE;
}

errata_json_token_t errata_json_fail(errata_json_parser_t *p, const char *message, size_t offset)
{
    p->token = ERRATA_JSON_ERROR;
    p->error = message;
    p->error_offset = offset;
    p->offset = offset;
    p->done = true;
    return ERRATA_JSON_ERROR;
}

/* message at offset at, or the end of input when at is there. */
static errata_json_token_t errata_jp_expected(errata_json_parser_t *p, size_t at,
                                              const char *message)
{
    if (at >= p->len)
        return errata_json_fail(p, "unexpected end of input", p->len);
    return errata_json_fail(p, message, at);
}

static void errata_jp_skip_spaces(errata_json_parser_t *p)
{
    while (p->pos < p->len) {
        char c = p->data[p->pos];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            break;
        p->pos++;
    }
}

/* Compact JSON has no space at all: one test for the common case. */
static inline void errata_jp_skip_space(errata_json_parser_t *p)
{
    if (p->pos < p->len && (unsigned char)p->data[p->pos] <= ' ')
        errata_jp_skip_spaces(p);
}

static bool errata_jp_digit_at(const errata_json_parser_t *p, size_t i)
{
    return i < p->len && p->data[i] >= '0' && p->data[i] <= '9';
}

/* One or more digits from *i on (after '.', 'e' or a sign). */
static bool errata_jp_digits(errata_json_parser_t *p, size_t *i)
{
    if (!errata_jp_digit_at(p, *i)) {
        errata_jp_expected(p, *i, "digit expected");
        return false;
    }
    while (errata_jp_digit_at(p, *i))
        (*i)++;
    return true;
}

/* A number by RFC 8259's grammar; whatever follows it is the next state's
 * business ("1x" in an array: expected ',' or ']'). */
static errata_json_token_t errata_jp_number(errata_json_parser_t *p)
{
    size_t i = p->pos;
    if (p->data[i] == '-')
        i++;
    if (i < p->len && p->data[i] == '0') {
        i++;
        if (errata_jp_digit_at(p, i))
            return errata_json_fail(p, "leading zero", i - 1);
    } else if (!errata_jp_digits(p, &i)) {
        return ERRATA_JSON_ERROR;
    }
    if (i < p->len && p->data[i] == '.') {
        i++;
        if (!errata_jp_digits(p, &i))
            return ERRATA_JSON_ERROR;
    }
    if (i < p->len && (p->data[i] == 'e' || p->data[i] == 'E')) {
        i++;
        if (i < p->len && (p->data[i] == '+' || p->data[i] == '-'))
            i++;
        if (!errata_jp_digits(p, &i))
            return ERRATA_JSON_ERROR;
    }
    p->raw = p->data + p->pos;
    p->raw_len = i - p->pos;
    p->pos = i;
    return p->token = ERRATA_JSON_NUMBER;
}

/* true, false or null, spelled exactly. */
static errata_json_token_t errata_jp_literal(errata_json_parser_t *p, const char *word,
                                             errata_json_token_t token)
{
    for (size_t k = 0; word[k] != '\0'; k++) {
        size_t i = p->pos + k;
        if (i >= p->len || p->data[i] != word[k])
            return errata_jp_expected(p, i, "invalid literal");
    }
    p->pos += strlen(word);
    return p->token = token;
}

static errata_json_token_t errata_jp_open(errata_json_parser_t *p, bool object)
{
    if (p->depth >= ERRATA_JSON_MAX_DEPTH)
        return errata_json_fail(p, "nesting too deep", p->pos);
    p->in_object[p->depth++] = object;
    p->pos++;
    p->expect = object ? ERRATA_JP_KEY_OR_CLOSE : ERRATA_JP_VALUE_OR_CLOSE;
    return p->token = object ? ERRATA_JSON_OBJECT_BEGIN : ERRATA_JSON_ARRAY_BEGIN;
}

/* The ']' or '}' at p->pos closes the innermost container. */
static errata_json_token_t errata_jp_close(errata_json_parser_t *p)
{
    p->depth--;
    p->pos++;
    p->expect = ERRATA_JP_AFTER_VALUE;
    return p->token = p->in_object[p->depth] ? ERRATA_JSON_OBJECT_END : ERRATA_JSON_ARRAY_END;
}

static errata_json_token_t errata_jp_value(errata_json_parser_t *p)
{
    if (p->pos >= p->len)
        return errata_json_fail(p, "unexpected end of input", p->len);
    p->expect = ERRATA_JP_AFTER_VALUE; /* for scalars; containers set their own */
    switch (p->data[p->pos]) {
    case '{':
        return errata_jp_open(p, true);
    case '[':
        return errata_jp_open(p, false);
    case '"':
        return errata_json_string(p) ? (p->token = ERRATA_JSON_STRING) : ERRATA_JSON_ERROR;
    case 't':
        return errata_jp_literal(p, "true", ERRATA_JSON_TRUE);
    case 'f':
        return errata_jp_literal(p, "false", ERRATA_JSON_FALSE);
    case 'n':
        return errata_jp_literal(p, "null", ERRATA_JSON_NULL);
    default:
        if (p->data[p->pos] == '-' || (p->data[p->pos] >= '0' && p->data[p->pos] <= '9'))
            return errata_jp_number(p);
        return errata_json_fail(p, "value expected", p->pos);
    }
}

static errata_json_token_t errata_jp_key(errata_json_parser_t *p)
{
    if (p->pos >= p->len || p->data[p->pos] != '"')
        return errata_jp_expected(p, p->pos, "member name expected");
    if (!errata_json_string(p))
        return ERRATA_JSON_ERROR;
    p->expect = ERRATA_JP_COLON;
    return p->token = ERRATA_JSON_KEY;
}

static errata_json_token_t errata_jp_colon(errata_json_parser_t *p)
{
    if (p->pos >= p->len || p->data[p->pos] != ':')
        return errata_jp_expected(p, p->pos, "expected ':'");
    p->pos++;
    errata_jp_skip_space(p);
    p->offset = p->pos;
    return errata_jp_value(p);
}

/* After a value: the end of the document at the top, else ',' and the next
 * item or member, or the container's close. */
static errata_json_token_t errata_jp_after_value(errata_json_parser_t *p)
{
    if (p->depth == 0) {
        if (p->pos < p->len)
            return errata_json_fail(p, "trailing data after the value", p->pos);
        p->done = true;
        return p->token = ERRATA_JSON_END;
    }
    bool object = p->in_object[p->depth - 1];
    char close = object ? '}' : ']';
    if (p->pos < p->len && p->data[p->pos] == close)
        return errata_jp_close(p);
    if (p->pos >= p->len || p->data[p->pos] != ',')
        return errata_jp_expected(p, p->pos, object ? "expected ',' or '}'" : "expected ',' or ']'");
    p->pos++;
    errata_jp_skip_space(p);
    p->offset = p->pos;
    return object ? errata_jp_key(p) : errata_jp_value(p);
}

errata_json_token_t errata_json_next(errata_json_parser_t *p)
{
    if (p->done)
        return p->token;
    errata_jp_clear_token(p);
    errata_jp_skip_space(p);
    p->offset = p->pos;
    switch (p->expect) {
    case ERRATA_JP_AFTER_VALUE:
        return errata_jp_after_value(p);
    case ERRATA_JP_COLON:
        return errata_jp_colon(p);
    case ERRATA_JP_KEY_OR_CLOSE:
        return p->pos < p->len && p->data[p->pos] == '}' ? errata_jp_close(p) : errata_jp_key(p);
    case ERRATA_JP_KEY:
        return errata_jp_key(p);
    case ERRATA_JP_VALUE_OR_CLOSE:
        return p->pos < p->len && p->data[p->pos] == ']' ? errata_jp_close(p) : errata_jp_value(p);
    default:
        return errata_jp_value(p);
    }
}

const char *errata_json_keep(errata_json_parser_t *p)
{
    if (p->token != ERRATA_JSON_KEY && p->token != ERRATA_JSON_STRING)
        return NULL;
    /* Only text just written at the free end of scratch moves the mark: a
     * second keep of the same token, or the shared "" used when scratch
     * is full, keeps nothing more. The NUL is kept too. */
    if (p->scratch != NULL && p->text == p->scratch + p->kept)
        p->kept += p->text_len + 1;
    return p->text;
}

bool errata_json_expects_colon(const errata_json_parser_t *p)
{
    return !p->done && p->expect == ERRATA_JP_COLON;
}

void errata_json_value_skipped(errata_json_parser_t *p, size_t start, size_t end)
{
    errata_jp_clear_token(p);
    p->offset = start;
    p->pos = end;
    p->expect = ERRATA_JP_AFTER_VALUE;
    p->token = ERRATA_JSON_NULL; /* a scalar's place: nothing to keep or skip */
}

bool errata_json_skip(errata_json_parser_t *p)
{
    if (p->token == ERRATA_JSON_ERROR)
        return false;
    if (p->token != ERRATA_JSON_OBJECT_BEGIN && p->token != ERRATA_JSON_ARRAY_BEGIN)
        return true;
    unsigned target = p->depth - 1;
    /* With no free scratch the skipped strings are checked, never copied. */
    size_t cap = p->scratch_cap;
    p->scratch_cap = p->kept;
    errata_json_token_t t;
    do {
        t = errata_json_next(p);
    } while (t != ERRATA_JSON_ERROR &&
             !((t == ERRATA_JSON_OBJECT_END || t == ERRATA_JSON_ARRAY_END) && p->depth == target));
    p->scratch_cap = cap;
    return t != ERRATA_JSON_ERROR;
}

unsigned errata_json_depth(const errata_json_parser_t *p)
{
    /* A container's own BEGIN sits one level above what it opened. */
    if (p->token == ERRATA_JSON_OBJECT_BEGIN || p->token == ERRATA_JSON_ARRAY_BEGIN)
        return p->depth - 1;
    return p->depth;
}

bool errata_json_validate(const char *data, size_t len, const char **error, size_t *offset,
                          bool *is_object)
{
    /* No scratch at all: strings are still checked in full, only their
     * (unused) text is cut, so no input is too big. */
    errata_json_parser_t p;
    errata_json_init(&p, data, len, NULL, 0);
    errata_json_token_t t = errata_json_next(&p);
    if (is_object != NULL)
        *is_object = t == ERRATA_JSON_OBJECT_BEGIN;
    while (t != ERRATA_JSON_END && t != ERRATA_JSON_ERROR)
        t = errata_json_next(&p);
    if (error != NULL)
        *error = p.error;
    if (offset != NULL)
        *offset = t == ERRATA_JSON_ERROR ? p.error_offset : 0;
    return t == ERRATA_JSON_END;
}
