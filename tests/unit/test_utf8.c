/* Strict UTF-8 decoding (support/utf8.h): every class of invalid input. */
#include "unit.h"

#include "support/utf8.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

struct seq {
    const char *name;
    const char *bytes;
    size_t len;
};

#define SEQ(name, lit) { name, lit, sizeof(lit) - 1 }

static void test_valid_boundaries(void **state)
{
    (void)state;
    static const struct {
        struct seq s;
        uint32_t cp;
    } cases[] = {
        { SEQ("NUL", "\x00"), 0x0 },
        { SEQ("ASCII A", "A"), 0x41 },
        { SEQ("last ASCII", "\x7F"), 0x7F },
        { SEQ("first 2-byte", "\xC2\x80"), 0x80 },
        { SEQ("e-acute", "\xC3\xA9"), 0xE9 },
        { SEQ("last 2-byte", "\xDF\xBF"), 0x7FF },
        { SEQ("first 3-byte", "\xE0\xA0\x80"), 0x800 },
        { SEQ("euro", "\xE2\x82\xAC"), 0x20AC },
        { SEQ("before surrogates", "\xED\x9F\xBF"), 0xD7FF },
        { SEQ("after surrogates", "\xEE\x80\x80"), 0xE000 },
        { SEQ("U+FFFD", "\xEF\xBF\xBD"), 0xFFFD },
        { SEQ("last 3-byte", "\xEF\xBF\xBF"), 0xFFFF },
        { SEQ("first 4-byte", "\xF0\x90\x80\x80"), 0x10000 },
        { SEQ("emoji", "\xF0\x9F\x98\x80"), 0x1F600 },
        { SEQ("last code point", "\xF4\x8F\xBF\xBF"), 0x10FFFF },
    };
    for (size_t i = 0; i < COUNT(cases); i++) {
        uint32_t cp = 0xDEADBEEF;
        size_t used = utf8_decode((const unsigned char *)cases[i].s.bytes, cases[i].s.len, &cp);
        if (used != cases[i].s.len || cp != cases[i].cp)
            fail_msg("%s: expected %zu bytes U+%04X, got %zu bytes U+%04X", cases[i].s.name,
                     cases[i].s.len, (unsigned)cases[i].cp, used, (unsigned)cp);
        assert_true(utf8_valid(cases[i].s.bytes, cases[i].s.len));
        assert_int_equal(utf8_length(cases[i].s.bytes, cases[i].s.len), 1);
    }
}

static void test_invalid_classes(void **state)
{
    (void)state;
    static const struct seq cases[] = {
        /* overlong forms */
        SEQ("overlong 2-byte NUL", "\xC0\x80"),
        SEQ("overlong 2-byte '/'", "\xC0\xAF"),
        SEQ("overlong 2-byte max", "\xC1\xBF"),
        SEQ("overlong 3-byte NUL", "\xE0\x80\x80"),
        SEQ("overlong 3-byte '/'", "\xE0\x80\xAF"),
        SEQ("overlong 3-byte max", "\xE0\x9F\xBF"),
        SEQ("overlong 4-byte NUL", "\xF0\x80\x80\x80"),
        SEQ("overlong 4-byte '/'", "\xF0\x80\x80\xAF"),
        SEQ("overlong 4-byte max", "\xF0\x8F\xBF\xBF"),
        /* UTF-16 surrogates */
        SEQ("surrogate D800", "\xED\xA0\x80"),
        SEQ("surrogate DBFF", "\xED\xAF\xBF"),
        SEQ("surrogate DC00", "\xED\xB0\x80"),
        SEQ("surrogate DFFF", "\xED\xBF\xBF"),
        SEQ("surrogate pair as CESU-8", "\xED\xA0\xBD\xED\xB8\x80"),
        /* beyond U+10FFFF */
        SEQ("U+110000", "\xF4\x90\x80\x80"),
        SEQ("U+13FFFF", "\xF4\xBF\xBF\xBF"),
        SEQ("F7 BF BF BF", "\xF7\xBF\xBF\xBF"),
        /* truncated */
        SEQ("truncated 2-byte", "\xC3"),
        SEQ("truncated 3-byte (1)", "\xE2"),
        SEQ("truncated 3-byte (2)", "\xE2\x82"),
        SEQ("truncated 4-byte (1)", "\xF0"),
        SEQ("truncated 4-byte (2)", "\xF0\x9F"),
        SEQ("truncated 4-byte (3)", "\xF0\x9F\x98"),
        /* a lead byte followed by something that is not a continuation */
        SEQ("2-byte then ASCII", "\xC3\x28"),
        SEQ("3-byte then ASCII", "\xE2\x28\xA1"),
        SEQ("3-byte then ASCII late", "\xE2\x82\x28"),
        SEQ("4-byte then ASCII late", "\xF0\x9F\x98\x28"),
        SEQ("2-byte then lead", "\xC3\xC3"),
        /* lone continuation bytes */
        SEQ("lone 80", "\x80"),
        SEQ("lone BF", "\xBF"),
        SEQ("two continuations", "\x80\x80"),
        /* bytes that never appear in UTF-8 */
        SEQ("F5", "\xF5\x80\x80\x80"),
        SEQ("F8", "\xF8\x88\x80\x80\x80"),
        SEQ("FC", "\xFC\x84\x80\x80\x80\x80"),
        SEQ("FE", "\xFE"),
        SEQ("FF", "\xFF"),
    };
    for (size_t i = 0; i < COUNT(cases); i++) {
        uint32_t cp = 0;
        size_t used = utf8_decode((const unsigned char *)cases[i].bytes, cases[i].len, &cp);
        if (used != 0)
            fail_msg("%s: accepted as %zu bytes U+%04X", cases[i].name, used, (unsigned)cp);
        if (utf8_valid(cases[i].bytes, cases[i].len))
            fail_msg("%s: utf8_valid accepted it", cases[i].name);
    }
    /* Every single byte from F5 to FF is invalid whatever follows. */
    for (unsigned b = 0xF5; b <= 0xFF; b++) {
        unsigned char s[4] = { (unsigned char)b, 0x80, 0x80, 0x80 };
        uint32_t cp;
        if (utf8_decode(s, sizeof s, &cp) != 0)
            fail_msg("lead byte 0x%02X accepted", b);
    }
    /* And every continuation byte on its own. */
    for (unsigned b = 0x80; b <= 0xBF; b++) {
        unsigned char s[1] = { (unsigned char)b };
        uint32_t cp;
        if (utf8_decode(s, 1, &cp) != 0)
            fail_msg("lone continuation 0x%02X accepted", b);
    }
}

static void test_exhaustive_two_byte(void **state)
{
    (void)state;
    /* Every two-byte pair: accepted exactly when it encodes U+0080..U+07FF. */
    for (unsigned a = 0x80; a <= 0xFF; a++) {
        for (unsigned b = 0; b <= 0xFF; b++) {
            unsigned char s[2] = { (unsigned char)a, (unsigned char)b };
            uint32_t cp = 0;
            size_t used = utf8_decode(s, 2, &cp);
            bool want = a >= 0xC2 && a <= 0xDF && b >= 0x80 && b <= 0xBF;
            if ((used == 2) != want)
                fail_msg("%02X %02X: used %zu", a, b, used);
            if (want && cp != (((a & 0x1Fu) << 6) | (b & 0x3Fu)))
                fail_msg("%02X %02X: wrong code point U+%04X", a, b, (unsigned)cp);
        }
    }
}

static void test_exhaustive_code_points(void **state)
{
    (void)state;
    /* Encode every scalar value and decode it back; surrogates must fail. */
    for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) {
        unsigned char s[4];
        size_t n;
        if (cp < 0x80) {
            s[0] = (unsigned char)cp;
            n = 1;
        } else if (cp < 0x800) {
            s[0] = (unsigned char)(0xC0 | (cp >> 6));
            s[1] = (unsigned char)(0x80 | (cp & 0x3F));
            n = 2;
        } else if (cp < 0x10000) {
            s[0] = (unsigned char)(0xE0 | (cp >> 12));
            s[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
            s[2] = (unsigned char)(0x80 | (cp & 0x3F));
            n = 3;
        } else {
            s[0] = (unsigned char)(0xF0 | (cp >> 18));
            s[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
            s[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
            s[3] = (unsigned char)(0x80 | (cp & 0x3F));
            n = 4;
        }
        uint32_t got = 0;
        size_t used = utf8_decode(s, n, &got);
        bool surrogate = cp >= 0xD800 && cp <= 0xDFFF;
        if (surrogate ? used != 0 : (used != n || got != cp))
            fail_msg("U+%04X: used %zu, got U+%04X", (unsigned)cp, used, (unsigned)got);
    }
}

static void test_decode_reads_within_len(void **state)
{
    (void)state;
    /* A valid 3-byte sequence offered with a shorter length is truncated. */
    const unsigned char euro[] = { 0xE2, 0x82, 0xAC };
    uint32_t cp;
    assert_int_equal(utf8_decode(euro, 0, &cp), 0);
    assert_int_equal(utf8_decode(euro, 1, &cp), 0);
    assert_int_equal(utf8_decode(euro, 2, &cp), 0);
    assert_int_equal(utf8_decode(euro, 3, &cp), 3);
    assert_int_equal(cp, 0x20AC);
}

static void test_length_and_valid(void **state)
{
    (void)state;
    assert_int_equal(utf8_length("", 0), 0);
    assert_int_equal(utf8_length("abc", 3), 3);
    assert_int_equal(utf8_length("caf\xC3\xA9", 5), 4);
    assert_int_equal(utf8_length("\xF0\x9F\x98\x80!", 5), 2);
    /* Each invalid byte counts as one character. */
    assert_int_equal(utf8_length("a\xFF\xFE" "b", 4), 4);
    assert_int_equal(utf8_length("\xE2\x82", 2), 2);
    assert_int_equal(utf8_length("\xC0\x80", 2), 2);
    assert_true(utf8_valid("", 0));
    assert_true(utf8_valid("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80", 14));
    assert_false(utf8_valid("caf\xC3\xA9 \xE2\x82", 8));
    assert_false(utf8_valid("ok\xED\xA0\x80", 5));
    /* NUL bytes are valid UTF-8. */
    assert_true(utf8_valid("a\0b", 3));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        UNIT_TEST(test_valid_boundaries),
        UNIT_TEST(test_invalid_classes),
        UNIT_TEST(test_exhaustive_two_byte),
        UNIT_TEST(test_exhaustive_code_points),
        UNIT_TEST(test_decode_reads_within_len),
        UNIT_TEST(test_length_and_valid),
    };
    return cmocka_run_group_tests_name("utf8", tests, NULL, NULL);
}
