#include "rules.h"

#include <errata/errata.h>

#include <ctype.h>
#include <string.h>
#include <strings.h>

static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

bool rules_is_c_identifier(const char *s)
{
    if (!is_alpha(*s) && *s != '_')
        return false;
    for (s++; *s; s++) {
        if (!is_alpha(*s) && !is_digit(*s) && *s != '_')
            return false;
    }
    return true;
}

bool rules_is_member_name(const char *s)
{
    if (!is_alpha(*s) && *s != '_')
        return false;
    for (s++; *s; s++) {
        if (!is_alpha(*s) && !is_digit(*s) && *s != '_' && *s != '-')
            return false;
    }
    return true;
}

bool rules_is_keyword(const char *s)
{
    static const char *const keywords[] = {
        /* C99 and C11 */
        "auto", "break", "case", "char", "const", "continue", "default", "do", "double",
        "else", "enum", "extern", "float", "for", "goto", "if", "inline", "int", "long",
        "register", "restrict", "return", "short", "signed", "sizeof", "static", "struct",
        "switch", "typedef", "union", "unsigned", "void", "volatile", "while", "_Alignas",
        "_Alignof", "_Atomic", "_Bool", "_Complex", "_Generic", "_Imaginary", "_Noreturn",
        "_Static_assert", "_Thread_local",
        /* C++, since generated headers are includable from C++ */
        "alignas", "alignof", "and", "and_eq", "asm", "bitand", "bitor", "bool", "catch",
        "char16_t", "char32_t", "char8_t", "class", "compl", "concept", "consteval",
        "constexpr", "constinit", "const_cast", "co_await", "co_return", "co_yield",
        "decltype", "delete", "dynamic_cast", "explicit", "export", "false", "friend",
        "mutable", "namespace", "new", "noexcept", "not", "not_eq", "nullptr", "operator",
        "or", "or_eq", "private", "protected", "public", "reinterpret_cast", "requires",
        "static_assert", "static_cast", "template", "this", "thread_local", "throw", "true",
        "try", "typeid", "typename", "using", "virtual", "wchar_t", "xor", "xor_eq",
    };
    for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++) {
        if (strcmp(s, keywords[i]) == 0)
            return true;
    }
    return false;
}

bool rules_is_upper_snake(const char *s)
{
    if (!(*s >= 'A' && *s <= 'Z'))
        return false;
    for (const char *p = s + 1; *p; p++) {
        if (*p == '_') {
            if (p[-1] == '_' || p[1] == '\0')
                return false;
        } else if (!(*p >= 'A' && *p <= 'Z') && !is_digit(*p)) {
            return false;
        }
    }
    return true;
}

bool rules_is_token(const char *s)
{
    if (*s == '\0')
        return false;
    for (; *s; s++) {
        if (!is_alpha(*s) && !is_digit(*s) && !strchr("!#$%&'*+-.^_`|~", *s))
            return false;
    }
    return true;
}

bool rules_is_rfc9457_member_name(const char *s)
{
    if (!is_alpha(*s) || strlen(s) < 3)
        return false;
    for (; *s; s++) {
        if (!is_alpha(*s) && !is_digit(*s) && *s != '_')
            return false;
    }
    return true;
}

static bool is_hex(char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* The scheme, when the reference has one: letters first, up to the first ':'
 * that comes before any '/', '?' or '#'. */
static size_t scheme_length(const char *s)
{
    size_t n = strcspn(s, ":/?#");
    if (s[n] != ':' || n == 0 || !is_alpha(s[0]))
        return 0;
    for (size_t i = 1; i < n; i++) {
        if (!is_alpha(s[i]) && !is_digit(s[i]) && !strchr("+-.", s[i]))
            return 0;
    }
    return n;
}

bool rules_is_uri_reference(const char *s, const char **why)
{
    const char *dummy;
    if (why == NULL)
        why = &dummy;
    if (*s == '\0') {
        *why = "it is empty";
        return false;
    }
    size_t colon = strcspn(s, ":/?#");
    if (s[colon] == ':' && scheme_length(s) == 0) {
        *why = "the part before ':' is not a valid scheme";
        return false;
    }
    bool in_fragment = false;
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '%') {
            if (!is_hex(p[1]) || !is_hex(p[2])) {
                *why = "'%' must start a percent-encoding like %20";
                return false;
            }
            p += 2;
        } else if (c == '#') {
            if (in_fragment) {
                *why = "it has two '#'";
                return false;
            }
            in_fragment = true;
        } else if (!is_alpha((char)c) && !is_digit((char)c) && !strchr("-._~:/?[]@!$&'()*+,;=", c)) {
            *why = c == ' ' ? "it contains a space" : "it contains a character URIs do not allow";
            return false;
        }
    }
    return true;
}

bool rules_is_absolute_uri(const char *s)
{
    return rules_is_uri_reference(s, NULL) && scheme_length(s) > 0 && s[scheme_length(s) + 1];
}

const char *rules_reason_phrase(int status)
{
    return errata_reason_phrase(status); /* liberrata's registry: one table */
}

void rules_slug(const char *code, char *out, size_t cap)
{
    size_t n = 0;
    for (; *code && n + 1 < cap; code++)
        out[n++] = *code == '_' ? '-' : (char)tolower((unsigned char)*code);
    if (cap)
        out[n] = '\0';
}

/* Optimal string alignment distance: a swapped pair of letters counts as one
 * edit, which is the commonest typo ("stauts"). Words here are short. */
static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 63 || lb > 63)
        return (size_t)-1;
    size_t d[64][64];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= la; i++) {
        for (size_t j = 1; j <= lb; j++) {
            size_t cost = tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]);
            size_t best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + cost < best)
                best = d[i - 1][j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    }
    return d[la][lb];
}

const char *rules_suggest(const char *word, const char *const *candidates)
{
    const char *best = NULL;
    size_t best_distance = (size_t)-1;
    size_t len = strlen(word);
    size_t limit = len <= 3 ? 1 : len <= 6 ? 2 : 3;
    for (; *candidates; candidates++) {
        size_t dist = edit_distance(word, *candidates);
        if (dist <= limit && dist < best_distance) {
            best = *candidates;
            best_distance = dist;
        }
    }
    return best;
}

/* ---- BCP 47 (RFC 5646 §2.1) -------------------------------------------- */

/* The irregular and regular grandfathered tags, which the langtag
 * production does not cover (RFC 5646 §2.2.8). */
static const char *const bcp47_grandfathered[] = {
    "en-GB-oed", "i-ami", "i-bnn", "i-default", "i-enochian", "i-hak", "i-klingon",
    "i-lux", "i-mingo", "i-navajo", "i-pwn", "i-tao", "i-tay", "i-tsu", "sgn-BE-FR",
    "sgn-BE-NL", "sgn-CH-DE", "art-lojban", "cel-gaulish", "no-bok", "no-nyn",
    "zh-guoyu", "zh-hakka", "zh-min", "zh-min-nan", "zh-xiang", NULL,
};

/* The subtags of a tag, split at '-'. */
struct bcp47_subtags {
    const char *s[64];
    size_t len[64];
    size_t n;
};

static bool bcp47_split(const char *s, struct bcp47_subtags *t)
{
    t->n = 0;
    for (;;) {
        const char *dash = strchr(s, '-');
        size_t len = dash ? (size_t)(dash - s) : strlen(s);
        if (len == 0 || len > 8 || t->n == 64)
            return false;
        for (size_t i = 0; i < len; i++)
            if (!isalnum((unsigned char)s[i]) || (unsigned char)s[i] > 0x7F)
                return false;
        t->s[t->n] = s;
        t->len[t->n++] = len;
        if (dash == NULL)
            return true;
        s = dash + 1;
    }
}

static bool bcp47_all(const struct bcp47_subtags *t, size_t i, int (*cls)(int))
{
    for (size_t k = 0; k < t->len[i]; k++)
        if (!cls((unsigned char)t->s[i][k]))
            return false;
    return true;
}

/* privateuse = "x" 1*("-" (1*8alphanum)), from subtag i. */
static bool bcp47_privateuse(const struct bcp47_subtags *t, size_t i)
{
    return t->len[i] == 1 && tolower((unsigned char)t->s[i][0]) == 'x' && i + 1 < t->n;
}

/* variant = 5*8alphanum / (DIGIT 3alphanum) */
static bool bcp47_variant(const struct bcp47_subtags *t, size_t i)
{
    return t->len[i] >= 5 || (t->len[i] == 4 && isdigit((unsigned char)t->s[i][0]));
}

/* extension = singleton 1*("-" (2*8alphanum)); the rest after privateuse. */
static bool bcp47_tail(const struct bcp47_subtags *t, size_t i)
{
    char seen[36] = { 0 };
    while (i < t->n) {
        if (bcp47_privateuse(t, i))
            return true; /* 1*8alphanum each: bcp47_split checked them */
        if (t->len[i] != 1)
            return false;
        int c = tolower((unsigned char)t->s[i][0]);
        int slot = isdigit(c) ? c - '0' : c - 'a' + 10;
        if (seen[slot]++) /* each singleton once (§2.2.6) */
            return false;
        size_t k = i + 1;
        while (k < t->n && t->len[k] >= 2)
            k++;
        if (k == i + 1)
            return false;
        i = k;
    }
    return true;
}

bool rules_is_bcp47(const char *s)
{
    struct bcp47_subtags t;
    for (size_t i = 0; bcp47_grandfathered[i]; i++)
        if (strcasecmp(s, bcp47_grandfathered[i]) == 0)
            return true;
    if (!bcp47_split(s, &t))
        return false;
    if (bcp47_privateuse(&t, 0))
        return true;
    /* language = 2*3ALPHA ["-" extlang] / 4ALPHA / 5*8ALPHA */
    if (t.len[0] < 2 || !bcp47_all(&t, 0, isalpha))
        return false;
    size_t i = 1;
    if (t.len[0] <= 3) /* extlang = 3ALPHA *2("-" 3ALPHA) */
        for (int k = 0; k < 3 && i < t.n && t.len[i] == 3 && bcp47_all(&t, i, isalpha); k++)
            i++;
    if (i < t.n && t.len[i] == 4 && bcp47_all(&t, i, isalpha)) /* script */
        i++;
    if (i < t.n && ((t.len[i] == 2 && bcp47_all(&t, i, isalpha)) ||
                    (t.len[i] == 3 && bcp47_all(&t, i, isdigit)))) /* region */
        i++;
    while (i < t.n && bcp47_variant(&t, i))
        i++;
    return bcp47_tail(&t, i);
}
