/* Which language a problem is sent in, from the request's Accept-Language
 * (RFC 9110 section 12.5.4): the catalog's own language (locale index 0)
 * or one of its translations (errata_descriptor_t.locales).
 *
 * Each language-range (RFC 4647: 1*8ALPHA *("-" 1*8alphanum), or "*")
 * matches a locale, in any case, when it names it exactly, when it is a
 * prefix of it ("de" matches "de-AT": basic filtering), when the locale is
 * a prefix of it ("de-AT" matches "de": lookup falls back to the shorter
 * tag), or when it is "*". For each locale the most specific matching
 * range gives its q (exact before the prefix matches, longer shared
 * prefixes first, before "*"); among equally specific ranges the highest
 * q. The locale with the highest q > 0 wins; a tie goes to the more
 * specific match, then to the range that came first in the header, then
 * to the catalog's language and the catalog's order. q=0 excludes. A
 * malformed element is skipped, the rest still counts; when nothing is
 * left, or nothing matches, the catalog's language is sent: an error is
 * answered in some language rather than not at all (no 406). Nothing is
 * allocated: the state lives on the caller's stack. */
#include "mhd_internal.h"

#include <string.h>

typedef struct errata_mhd_lang_pref {
    int specificity; /* errata_mhd_lang_match: 0 when no range matched */
    int q;           /* thousandths */
    size_t order;    /* the deciding range's position in the header */
} errata_mhd_lang_pref_t;

typedef struct errata_mhd_lang {
    const errata_descriptor_t *desc;
    size_t count; /* locales considered: the language and the translations */
    size_t ranges;
    errata_mhd_lang_pref_t prefs[ERRATA_MHD_LANGUAGE_MAX];
} errata_mhd_lang_t;

static char errata_mhd_lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool errata_mhd_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* language-range; "*" alone is one: subtags of 1 to 8 letters and
 * digits, the first letters only. */
static bool errata_mhd_range_ok(const char *s, size_t n)
{
    if (n == 1 && s[0] == '*')
        return true;
    size_t run = 0, subtags = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i == n || s[i] == '-') {
            if (run == 0)
                return false;
            run = 0;
            subtags++;
        } else if (!errata_mhd_alnum(s[i]) || ++run > 8 ||
                   (subtags == 0 && s[i] >= '0' && s[i] <= '9')) {
            return false;
        }
    }
    return true;
}

/* How specifically range s[0..n) names tag: 0 when it does not, 1 for
 * "*", 1000 + the characters the two share for a prefix match (de-AT-1996
 * names de-AT more closely than de), ERRATA_MHD_LANG_EXACT for the tag. */
#define ERRATA_MHD_LANG_EXACT 100000
static int errata_mhd_lang_match(const char *s, size_t n, const char *tag)
{
    if (n == 1 && s[0] == '*')
        return 1;
    size_t i = 0;
    while (i < n && tag[i] != '\0' && errata_mhd_lower(s[i]) == errata_mhd_lower(tag[i]))
        i++;
    if (i == n && tag[i] == '\0')
        return ERRATA_MHD_LANG_EXACT;
    if ((i == n && tag[i] == '-') || (tag[i] == '\0' && i < n && s[i] == '-'))
        return 1000 + (int)i; /* i <= the tag's length */
    return 0;
}

static const char *errata_mhd_lang_tag(const errata_mhd_lang_t *l, size_t i)
{
    if (i == 0)
        return l->desc->language != NULL ? l->desc->language : "en";
    const char *tag = l->desc->locales[i - 1].locale;
    return tag != NULL ? tag : "";
}

static void errata_mhd_lang_apply(errata_mhd_lang_t *l, const char *s, size_t n, int q)
{
    size_t order = l->ranges++;
    for (size_t i = 0; i < l->count; i++) {
        int spec = errata_mhd_lang_match(s, n, errata_mhd_lang_tag(l, i));
        errata_mhd_lang_pref_t *pref = &l->prefs[i];
        if (spec == 0 || spec < pref->specificity ||
            (spec == pref->specificity && q <= pref->q))
            continue;
        pref->specificity = spec;
        pref->q = q;
        pref->order = order;
    }
}

/* OWS ";" OWS "q=" qvalue, or nothing: the q, 1000 when absent, -1 when
 * malformed (another parameter, a bad qvalue). *s moves past it. */
static int errata_mhd_lang_weight(const char **s)
{
    const char *p = *s;
    while (*p == ' ' || *p == '\t')
        p++;
    if (*p != ';')
        return 1000;
    p++;
    while (*p == ' ' || *p == '\t')
        p++;
    if ((*p != 'q' && *p != 'Q') || p[1] != '=')
        return -1;
    p += 2;
    size_t n = 0;
    while (p[n] != '\0' && p[n] != ',' && p[n] != ' ' && p[n] != '\t')
        n++;
    *s = p + n;
    return errata_mhd_qvalue(p, n);
}

/* One field value: comma-separated elements, empty ones allowed. */
static void errata_mhd_lang_feed(errata_mhd_lang_t *l, const char *value)
{
    const char *s = value;
    while (*s != '\0') {
        while (*s == ' ' || *s == '\t' || *s == ',')
            s++;
        const char *range = s;
        while (*s != '\0' && *s != ',' && *s != ';' && *s != ' ' && *s != '\t')
            s++;
        size_t n = (size_t)(s - range);
        int q = errata_mhd_lang_weight(&s);
        while (*s == ' ' || *s == '\t')
            s++;
        if (*s != '\0' && *s != ',') { /* junk after the element: skip it */
            q = -1;
            while (*s != '\0' && *s != ',')
                s++;
        }
        if (n > 0 && q >= 0 && errata_mhd_range_ok(range, n))
            errata_mhd_lang_apply(l, range, n, q);
    }
}

static void errata_mhd_lang_init(errata_mhd_lang_t *l, const errata_descriptor_t *desc)
{
    memset(l, 0, sizeof *l);
    l->desc = desc;
    size_t n = desc != NULL && desc->locales != NULL ? desc->locale_count + 1 : 1;
    l->count = n < ERRATA_MHD_LANGUAGE_MAX ? n : ERRATA_MHD_LANGUAGE_MAX;
}

static size_t errata_mhd_lang_choice(const errata_mhd_lang_t *l)
{
    size_t best = 0;
    bool found = false;
    for (size_t i = 0; i < l->count; i++) {
        const errata_mhd_lang_pref_t *p = &l->prefs[i];
        if (p->specificity == 0 || p->q == 0)
            continue;
        const errata_mhd_lang_pref_t *b = &l->prefs[best];
        bool closer = p->specificity > b->specificity ||
                      (p->specificity == b->specificity && p->order < b->order);
        if (!found || p->q > b->q || (p->q == b->q && closer)) {
            best = i;
            found = true;
        }
    }
    return found ? best : 0;
}

size_t errata_mhd_pick_language(const char *accept_language, const errata_descriptor_t *desc)
{
    if (accept_language == NULL || desc == NULL || desc->locales == NULL)
        return 0;
    errata_mhd_lang_t l;
    errata_mhd_lang_init(&l, desc);
    errata_mhd_lang_feed(&l, accept_language);
    return errata_mhd_lang_choice(&l);
}

static enum MHD_Result errata_mhd_lang_field(void *cls, enum MHD_ValueKind kind, const char *key,
                                             const char *value)
{
    (void)kind;
    if (key != NULL && value != NULL && errata_mhd_caseeq(key, "Accept-Language"))
        errata_mhd_lang_feed(cls, value);
    return MHD_YES;
}

size_t errata_mhd_connection_language(struct MHD_Connection *connection,
                                      const errata_descriptor_t *desc)
{
    if (connection == NULL || desc == NULL || desc->locales == NULL)
        return 0;
    errata_mhd_lang_t l;
    errata_mhd_lang_init(&l, desc);
    MHD_get_connection_values(connection, MHD_HEADER_KIND, errata_mhd_lang_field, &l);
    return errata_mhd_lang_choice(&l);
}
