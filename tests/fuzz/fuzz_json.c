/* Differential fuzz target for the runtime's JSON parser (errata/json.h).
 *
 * For each input it checks what must hold whatever the bytes are:
 *  - the token walk with a scratch that always suffices (every string
 *    kept), the same walk with a 7-byte scratch, a walk that skips every
 *    nested container, and errata_json_validate all end the same way, with
 *    the same message at the same offset; the small scratch sees the same
 *    tokens at the same offsets and holds a prefix of whole characters of
 *    each string;
 *  - a number that reads as an int64 reads as the same double;
 *  - jansson (json_loadb, JSON_DECODE_ANY | JSON_ALLOW_NUL) accepts exactly
 *    what errata accepts, and then yields the same value: the walk builds a
 *    jansson tree (duplicate names: last wins, as in jansson) and
 *    json_equal compares the two, strings byte for byte, integers and reals
 *    by value.
 *
 * jansson differs from RFC 8259 (and from errata) on purpose in three
 * places, excluded here and only where jansson's own error code says so:
 *  - it rejects integers outside its json_int_t (long long) and reals that
 *    overflow a double ("too big integer", "real number overflow"); errata
 *    accepts them as RFC 8259 numbers (int64/double then return false);
 *  - it rejects \u0000 in member names ("NUL byte in object key");
 *  - it nests up to 2048 levels, errata up to ERRATA_JSON_MAX_DEPTH (64);
 * and it has one quirk: its lexer loses a NUL byte that directly follows a
 * number or true/false/null (the byte it reads ahead is put back in a
 * NUL-terminated buffer, so a NUL put back reads as "buffer empty"): "1\0"
 * and "[true\0]" are accepted, "[1\0 2]" is rejected as "[1 2]" is. So
 * errata's verdict and value are compared on the input with each such NUL
 * (outside strings, after a letter or digit that is not itself lost)
 * turned into a space, which is how jansson reads it; errata rejects the
 * input as it is, which the walks check like any other.
 * Anything else aborts, which libFuzzer and the standalone runner report.
 *
 * The entry point is the standard LLVMFuzzerTestOneInput, so libFuzzer,
 * AFL++ and main_standalone.c (regression files, any compiler) all run it. */
#include <errata/json.h>

#include <jansson.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SMALL_SCRATCH 7

/* What jansson may legitimately refuse in a document errata accepts. */
typedef struct findings {
    bool nul_key;
    bool big_integer; /* integer syntax, outside int64 */
    bool big_real;    /* fraction or exponent, beyond double's range */
} findings_t;

static void mismatch(const char *data, size_t size, const char *what)
{
    fprintf(stderr, "fuzz_json: %s\ninput (%zu bytes): ", what, size);
    fwrite(data, 1, size < 200 ? size : 200, stderr);
    fputc('\n', stderr);
    abort();
}

static bool is_string(errata_json_token_t t)
{
    return t == ERRATA_JSON_KEY || t == ERRATA_JSON_STRING;
}

/* Well-formed UTF-8 of whole characters: what a cut text must still be
 * (the parser checked the whole string, so lead and continuation bytes are
 * all that is left to check). */
static bool whole_utf8(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned char c = s[i];
        size_t len = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3
                   : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
        if (len == 0 || len > n - i)
            return false;
        for (size_t k = 1; k < len; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return false;
        }
        i += len;
    }
    return true;
}

static bool integer_syntax(const errata_json_parser_t *p)
{
    return memchr(p->raw, '.', p->raw_len) == NULL && memchr(p->raw, 'e', p->raw_len) == NULL &&
           memchr(p->raw, 'E', p->raw_len) == NULL;
}

/* The jansson value of the current NUMBER, as jansson would type it; NULL
 * when jansson could not hold it (recorded in f). */
static json_t *number_value(const errata_json_parser_t *p, findings_t *f, const char *data,
                            size_t size)
{
    int64_t i;
    double d;
    bool is_int = errata_json_int64(p, &i);
    bool is_double = errata_json_double(p, &d);
    if (is_int && (!is_double || d != (double)i))
        mismatch(data, size, "a number reads as an int64 but not as the same double");
    if (integer_syntax(p)) {
        if (is_int)
            return json_integer((json_int_t)i);
        f->big_integer = true;
        return NULL;
    }
    if (is_double)
        return json_real(d);
    f->big_real = true;
    return NULL;
}

/* The value a scalar token stands for, in jansson's terms. */
static json_t *scalar_value(const errata_json_parser_t *p, findings_t *f, const char *data,
                            size_t size)
{
    switch (p->token) {
    case ERRATA_JSON_STRING:
        return json_stringn_nocheck(p->text, p->text_len);
    case ERRATA_JSON_NUMBER:
        return number_value(p, f, data, size);
    case ERRATA_JSON_TRUE:
        return json_true();
    case ERRATA_JSON_FALSE:
        return json_false();
    default:
        return json_null();
    }
}

/* Builds the document as a jansson tree from the token stream. */
typedef struct builder {
    json_t *stack[ERRATA_JSON_MAX_DEPTH + 1];
    size_t depth;
    const char *key; /* kept in scratch */
    size_t key_len;
    json_t *root;
} builder_t;

/* Places v (a new reference, or NULL for a number jansson cannot hold). */
static void builder_add(builder_t *b, json_t *v)
{
    if (v == NULL)
        v = json_null(); /* the tree is not compared then */
    if (b->depth == 0) {
        b->root = v;
    } else if (json_is_object(b->stack[b->depth - 1])) {
        json_object_setn_new_nocheck(b->stack[b->depth - 1], b->key, b->key_len, v);
    } else {
        json_array_append_new(b->stack[b->depth - 1], v);
    }
}

static void builder_token(builder_t *b, const errata_json_parser_t *p, findings_t *f,
                          const char *data, size_t size)
{
    switch (p->token) {
    case ERRATA_JSON_OBJECT_BEGIN:
    case ERRATA_JSON_ARRAY_BEGIN: {
        json_t *c = p->token == ERRATA_JSON_OBJECT_BEGIN ? json_object() : json_array();
        builder_add(b, json_incref(c));
        b->stack[b->depth++] = c;
        break;
    }
    case ERRATA_JSON_OBJECT_END:
    case ERRATA_JSON_ARRAY_END:
        json_decref(b->stack[--b->depth]);
        break;
    case ERRATA_JSON_KEY:
        b->key = p->text;
        b->key_len = p->text_len;
        if (memchr(p->text, '\0', p->text_len) != NULL)
            f->nul_key = true;
        break;
    default:
        builder_add(b, scalar_value(p, f, data, size));
        break;
    }
}

static void builder_free(builder_t *b)
{
    while (b->depth > 0)
        json_decref(b->stack[--b->depth]);
    json_decref(b->root);
}

/* The small-scratch parser must see what the big one sees. */
static void compare_small(const errata_json_parser_t *big, const errata_json_parser_t *small,
                          const char *data, size_t size)
{
    if (big->token != small->token || big->offset != small->offset ||
        errata_json_depth(big) != errata_json_depth(small))
        mismatch(data, size, "small scratch: another token");
    if (big->token == ERRATA_JSON_ERROR &&
        (big->error != small->error || big->error_offset != small->error_offset))
        mismatch(data, size, "small scratch: another error");
    if (big->token == ERRATA_JSON_NUMBER &&
        (big->raw != small->raw || big->raw_len != small->raw_len))
        mismatch(data, size, "small scratch: another number");
    if (!is_string(big->token))
        return;
    if (big->truncated)
        mismatch(data, size, "a scratch of size + 1 bytes was too small");
    if (small->text_len > big->text_len || small->text_len >= SMALL_SCRATCH ||
        memcmp(small->text, big->text, small->text_len) != 0 ||
        small->text[small->text_len] != '\0' ||
        small->truncated != (small->text_len < big->text_len) ||
        !whole_utf8((const unsigned char *)small->text, small->text_len))
        mismatch(data, size, "small scratch: not a prefix of whole characters");
}

typedef struct result {
    errata_json_token_t token; /* END or ERROR */
    const char *error;
    size_t offset;
    bool is_object;
    json_t *tree; /* on END */
    findings_t found;
} result_t;

static void walk(const char *data, size_t size, result_t *r)
{
    char *big_scratch = malloc(size + 1);
    char small_scratch[SMALL_SCRATCH];
    errata_json_parser_t big, small;
    errata_json_init(&big, data, size, big_scratch, size + 1);
    errata_json_init(&small, data, size, small_scratch, sizeof small_scratch);
    builder_t b = { { NULL }, 0, NULL, 0, NULL };
    memset(r, 0, sizeof *r);
    errata_json_token_t t;
    do {
        t = errata_json_next(&big);
        errata_json_next(&small);
        compare_small(&big, &small, data, size);
        if (is_string(t) && errata_json_keep(&big) != big.text)
            mismatch(data, size, "errata_json_keep returned another text");
        if (t == ERRATA_JSON_OBJECT_BEGIN && big.depth == 1)
            r->is_object = true;
        if (t != ERRATA_JSON_END && t != ERRATA_JSON_ERROR)
            builder_token(&b, &big, &r->found, data, size);
    } while (t != ERRATA_JSON_END && t != ERRATA_JSON_ERROR);
    r->token = t;
    r->error = big.error;
    r->offset = big.error_offset;
    if (t == ERRATA_JSON_END && b.depth == 0) {
        r->tree = b.root;
        b.root = NULL;
    }
    builder_free(&b);
    free(big_scratch);
}

/* Skipping every nested container ends the same way as walking it. */
static void check_skip(const char *data, size_t size, const result_t *r)
{
    char scratch[SMALL_SCRATCH];
    errata_json_parser_t p;
    errata_json_init(&p, data, size, scratch, sizeof scratch);
    errata_json_token_t t;
    do {
        t = errata_json_next(&p);
        if ((t == ERRATA_JSON_OBJECT_BEGIN || t == ERRATA_JSON_ARRAY_BEGIN) && p.depth > 1) {
            unsigned depth = errata_json_depth(&p);
            if (!errata_json_skip(&p))
                t = ERRATA_JSON_ERROR;
            else if (errata_json_depth(&p) != depth || p.scratch_cap != sizeof scratch)
                mismatch(data, size, "skip ended at another depth");
        }
    } while (t != ERRATA_JSON_END && t != ERRATA_JSON_ERROR);
    if (t != r->token || p.error != r->error || p.error_offset != r->offset)
        mismatch(data, size, "skipping ended another way than walking");
}

static void check_validate(const char *data, size_t size, const result_t *r)
{
    const char *error;
    size_t offset;
    bool is_object;
    bool ok = errata_json_validate(data, size, &error, &offset, &is_object);
    if (ok != (r->token == ERRATA_JSON_END) || error != r->error ||
        (!ok && offset != r->offset) || is_object != r->is_object)
        mismatch(data, size, "errata_json_validate disagrees with the walk");
}

/* The input as jansson's lexer reads it: each NUL byte that directly
 * follows a letter or digit outside strings is a token boundary, a space.
 * Returns whether there was any. */
static bool jansson_view(const char *data, size_t size, char *out)
{
    bool in_string = false, changed = false;
    for (size_t i = 0; i < size; i++) {
        char c = data[i];
        /* only the byte read ahead is lost: of "1\0\0", the first NUL */
        char before = i > 0 ? data[i - 1] : ' ';
        bool alnum = (before >= '0' && before <= '9') || (before >= 'a' && before <= 'z') ||
                     (before >= 'A' && before <= 'Z');
        out[i] = c;
        if (!in_string && c == '\0' && alnum) {
            out[i] = ' ';
            changed = true;
        } else if (in_string && c == '\\' && i + 1 < size) {
            i++;
            out[i] = data[i];
        } else if (c == '"') {
            in_string = !in_string;
        }
    }
    return changed;
}

/* Both verdicts and, when both accept, both values. */
static void check_jansson(const char *data, size_t size, const result_t *r)
{
    json_error_t err;
    json_t *theirs = json_loadb(data, size, JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);
    bool ours = r->token == ERRATA_JSON_END;
    if (ours && theirs == NULL) {
        enum json_error_code code = json_error_code(&err);
        bool excused = (code == json_error_null_byte_in_key && r->found.nul_key) ||
                       (code == json_error_numeric_overflow &&
                        (r->found.big_integer || r->found.big_real));
        if (!excused) {
            fprintf(stderr, "jansson: %s at %d\n", err.text, err.position);
            mismatch(data, size, "errata accepts what jansson rejects");
        }
    } else if (!ours && theirs != NULL) {
        if (strcmp(r->error, "nesting too deep") != 0) {
            fprintf(stderr, "errata: %s at %zu\n", r->error, r->offset);
            mismatch(data, size, "errata rejects what jansson accepts");
        }
    } else if (ours && !r->found.big_integer && !r->found.big_real &&
               !json_equal(r->tree, theirs)) {
        mismatch(data, size, "errata and jansson read different values");
    }
    json_decref(theirs);
}

/* errata alone: the walks and errata_json_validate agree. */
static void check_errata(const char *data, size_t size, result_t *r)
{
    walk(data, size, r);
    check_validate(data, size, r);
    check_skip(data, size, r);
}

int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    /* An exact-size copy: a read past the end is a sanitizer error even
     * where the fuzzer's own buffer has slack. */
    char *data = calloc(size > 0 ? size : 1, 1); /* zeroed for size 0, to quiet gcc */
    if (size > 0)
        memcpy(data, bytes, size);
    result_t r;
    check_errata(data, size, &r);
    char *view = malloc(size > 0 ? size : 1);
    if (jansson_view(data, size, view)) {
        if (r.token != ERRATA_JSON_ERROR)
            mismatch(data, size, "errata accepts a NUL byte outside strings");
        json_decref(r.tree);
        check_errata(view, size, &r);
    }
    check_jansson(data, size, &r); /* jansson reads the input itself */
    json_decref(r.tree);
    free(view);
    free(data);
    return 0;
}
