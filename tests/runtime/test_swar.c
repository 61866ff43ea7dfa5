/* The strings' fast paths (8 bytes at a time, json_string.c and
 * json_out.c) at every edge of a block: each special byte (the quote, the
 * backslash, every control byte, the first byte of a multibyte character,
 * an invalid byte) put at every offset of two 16-byte blocks, characters
 * straddling a block boundary, and inputs ending mid-block. The expected
 * results are built here byte by byte, apart from the code under test. */
#include <stdio.h>
#include <string.h>

#include "errata/json.h"
#include "errata/json_writer.h"
#include "rt.h"

enum { SPAN = 33 }; /* offsets 0..32: two blocks of 16 and one past */

/* Parses data[0..n) as one JSON string with ample scratch. */
static errata_json_token_t parse(const char *data, size_t n, errata_json_parser_t *p,
                                 char *scratch, size_t cap)
{
    errata_json_init(p, data, n, scratch, cap);
    return errata_json_next(p);
}

/* "a..a" PIECE "b..b" with `at` a's before PIECE and `after` b's after it,
 * quoted when `close` (the opening quote always). Returns the length. */
static size_t build(char *buf, size_t at, const char *piece, size_t piece_len, size_t after,
                    bool close)
{
    size_t n = 0;
    buf[n++] = '"';
    memset(buf + n, 'a', at);
    n += at;
    memcpy(buf + n, piece, piece_len);
    n += piece_len;
    memset(buf + n, 'b', after);
    n += after;
    if (close)
        buf[n++] = '"';
    return n;
}

/* The text the parser must give for build(at, piece, after) when piece
 * reads as `text`. */
static size_t expected_text(char *buf, size_t at, const char *text, size_t text_len, size_t after)
{
    memset(buf, 'a', at);
    memcpy(buf + at, text, text_len);
    memset(buf + at + text_len, 'b', after);
    return at + text_len + after;
}

static void expect_text(const char *piece, size_t piece_len, const char *text, size_t text_len)
{
    for (size_t at = 0; at < SPAN; at++) {
        for (size_t after = 0; after < 20; after++) {
            char in[128], want[128], scratch[128];
            size_t n = build(in, at, piece, piece_len, after, true);
            size_t w = expected_text(want, at, text, text_len, after);
            errata_json_parser_t p;
            assert_int_equal(parse(in, n, &p, scratch, sizeof scratch), ERRATA_JSON_STRING);
            assert_int_equal(p.text_len, w);
            assert_memory_equal(p.text, want, w);
            assert_false(p.truncated);
            /* Nothing read past the closing quote. */
            assert_int_equal(errata_json_next(&p), ERRATA_JSON_END);
        }
    }
}

static void expect_error(const char *piece, size_t piece_len, const char *message,
                         size_t offset_in_piece)
{
    for (size_t at = 0; at < SPAN; at++) {
        for (size_t after = 0; after < 20; after++) {
            char in[128], scratch[128];
            size_t n = build(in, at, piece, piece_len, after, true);
            errata_json_parser_t p;
            assert_int_equal(parse(in, n, &p, scratch, sizeof scratch), ERRATA_JSON_ERROR);
            assert_string_equal(p.error, message);
            assert_int_equal(p.error_offset, 1 + at + offset_in_piece);
            /* The same without any scratch (the validating scan). */
            assert_int_equal(parse(in, n, &p, NULL, 0), ERRATA_JSON_ERROR);
            assert_string_equal(p.error, message);
        }
    }
}

static void test_quote_and_backslash_at_every_offset(void **state)
{
    (void)state;
    expect_text("", 0, "", 0);            /* plain runs of every length */
    expect_text("\\\"", 2, "\"", 1);      /* an escaped quote */
    expect_text("\\\\", 2, "\\", 1);      /* an escaped backslash */
    expect_text("\\/\\n", 4, "/\n", 2);   /* escapes back to back */
    expect_text("\\u0041", 6, "A", 1);    /* \u escape */
    expect_text("\x7F", 1, "\x7F", 1);    /* DEL is plain */
    expect_text(" !#[]~", 6, " !#[]~", 6); /* neighbours of the special bytes */

    /* An unescaped quote at each offset ends the string there. */
    for (size_t at = 0; at < SPAN; at++) {
        char in[64], scratch[64];
        size_t n = build(in, at, "\"", 1, 0, false);
        errata_json_parser_t p;
        assert_int_equal(parse(in, n, &p, scratch, sizeof scratch), ERRATA_JSON_STRING);
        assert_int_equal(p.text_len, at);
    }
}

static void test_control_bytes_at_every_offset(void **state)
{
    (void)state;
    for (unsigned c = 0; c < 0x20; c++) {
        char piece[1] = { (char)c };
        expect_error(piece, 1, "control character in string", 0);
    }
    expect_error("\\x", 2, "invalid escape", 0);
}

static void test_multibyte_straddling_blocks(void **state)
{
    (void)state;
    static const char *const chars[] = { "\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80",
                                         "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80" };
    for (size_t i = 0; i < RT_COUNT(chars); i++)
        expect_text(chars[i], strlen(chars[i]), chars[i], strlen(chars[i]));
    /* Ill-formed bytes: the error names the first byte of the sequence. */
    expect_error("\x80", 1, "invalid UTF-8", 0);
    expect_error("\xC3\x28", 2, "invalid UTF-8", 0);
    expect_error("\xE0\x80\x80", 3, "invalid UTF-8", 0);
    expect_error("\xFF", 1, "invalid UTF-8", 0);
}

/* Input that ends inside the string, at every offset: unterminated, at
 * the opening quote, even when the last bytes are half a character. */
static void test_input_ending_mid_block(void **state)
{
    (void)state;
    static const char *const tails[] = { "", "\\", "\\u00", "\xC3", "\xF0\x9F\x98" };
    for (size_t i = 0; i < RT_COUNT(tails); i++) {
        for (size_t at = 0; at < SPAN; at++) {
            char in[64], scratch[64];
            size_t n = build(in, at, tails[i], strlen(tails[i]), 0, false);
            errata_json_parser_t p;
            assert_int_equal(parse(in, n, &p, scratch, sizeof scratch), ERRATA_JSON_ERROR);
            assert_string_equal(p.error, "unterminated string");
            assert_int_equal(p.error_offset, 0);
        }
    }
}

/* The writer's escaping, byte by byte: the reference for errata_jw_stringn. */
static size_t reference_escape(char *out, const unsigned char *s, size_t n)
{
    size_t w = 0;
    out[w++] = '"';
    for (size_t i = 0; i < n; i++) {
        unsigned char c = s[i];
        if (c == '"' || c == '\\') {
            out[w++] = '\\';
            out[w++] = (char)c;
        } else if (c == '\n' || c == '\t' || c == '\r' || c == '\b' || c == '\f') {
            out[w++] = '\\';
            out[w++] = c == '\n' ? 'n' : c == '\t' ? 't' : c == '\r' ? 'r' : c == '\b' ? 'b' : 'f';
        } else if (c < 0x20) {
            w += (size_t)sprintf(out + w, "\\u%04x", c);
        } else {
            out[w++] = (char)c; /* the inputs below hold valid UTF-8 only */
        }
    }
    out[w++] = '"';
    return w;
}

static void test_writer_escapes_at_every_offset(void **state)
{
    (void)state;
    static const char *const pieces[] = { "\"", "\\", "\n", "\x01", "\x1F", "\x7F",
                                           "\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80", "" };
    for (size_t i = 0; i < RT_COUNT(pieces); i++) {
        for (size_t at = 0; at < SPAN; at++) {
            for (size_t after = 0; after < 20; after++) {
                char in[128], want[256], out[1024];
                /* build() quotes; the writer gets the bytes between. */
                size_t n = build(in, at, pieces[i], strlen(pieces[i]), after, false) - 1;
                size_t w = reference_escape(want, (const unsigned char *)in + 1, n);
                /* Ample room takes the writer's direct path (room for the
                 * worst case), room for exactly the output the bounded
                 * one; both must write the same bytes. */
                const size_t caps[] = { sizeof out, w + 1 };
                for (size_t c = 0; c < RT_COUNT(caps); c++) {
                    errata_json_writer_t jw;
                    size_t len;
                    memset(out, '#', sizeof out);
                    errata_jw_init(&jw, out, caps[c]);
                    errata_jw_stringn(&jw, in + 1, n);
                    assert_int_equal(errata_jw_finish(&jw, &len), ERRATA_JW_OK);
                    assert_int_equal(len, w);
                    assert_memory_equal(out, want, w);
                    assert_int_equal(out[w], '\0');
                }
            }
        }
    }
    /* An invalid byte at every offset becomes U+FFFD, the rest unchanged. */
    for (size_t at = 0; at < SPAN; at++) {
        char in[64], out[128], want[128];
        size_t n = build(in, at, "\xFF", 1, 3, false) - 1;
        errata_json_writer_t jw;
        size_t len;
        errata_jw_init(&jw, out, sizeof out);
        errata_jw_stringn(&jw, in + 1, n);
        assert_int_equal(errata_jw_finish(&jw, &len), ERRATA_JW_OK);
        size_t w = 0;
        want[w++] = '"';
        memset(want + w, 'a', at);
        w += at;
        memcpy(want + w, "\xEF\xBF\xBD" "bbb\"", 7);
        w += 7;
        assert_int_equal(len, w);
        assert_memory_equal(out, want, w);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quote_and_backslash_at_every_offset),
        cmocka_unit_test(test_control_bytes_at_every_offset),
        cmocka_unit_test(test_multibyte_straddling_blocks),
        cmocka_unit_test(test_input_ending_mid_block),
        cmocka_unit_test(test_writer_escapes_at_every_offset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
