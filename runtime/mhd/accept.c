/* Which media type a response is sent as, from the request's Accept
 * (RFC 9110 section 12.5.1), for two callers: a problem (below) and the
 * docs handler's representations (docs.c, errata_mhd_accept_pick).
 *
 * A problem goes out as application/problem+json when the client accepts
 * it, else application/json when it accepts that, else
 * application/problem+json all the same: an error must get through, and a
 * 406 in place of a 404 would hide the real answer.
 *
 * For each candidate type, the most specific media range that matches
 * gives its q (application/json before application/star before star/star);
 * among equally specific ranges the highest q wins. Parameters other than q are read
 * past but not matched: errata sends no candidate with parameters. A
 * malformed element is skipped, the rest still counts. */
#include "mhd_internal.h"

#include <string.h>

#define ERRATA_MHD_PROBLEM_JSON "application/problem+json"
#define ERRATA_MHD_JSON "application/json"

typedef struct errata_mhd_pref {
    int specificity; /* 0: no range matched; 1: star/star; 2: type/star; 3: exact */
    int q;           /* thousandths */
} errata_mhd_pref_t;

/* The candidates ("type/subtype", lowercase) and what Accept gives each. */
typedef struct errata_mhd_accept {
    const char *const *types;
    size_t count;
    errata_mhd_pref_t prefs[ERRATA_MHD_ACCEPT_MAX];
} errata_mhd_accept_t;

/* A piece of the header being read. */
typedef struct errata_mhd_span {
    const char *s;
    size_t n;
} errata_mhd_span_t;

/* Whether a span equals the n bytes of lit (lowercase), in any case. */
static bool errata_mhd_span_eq(errata_mhd_span_t a, const char *lit, size_t n)
{
    if (a.n != n)
        return false;
    for (size_t i = 0; i < n; i++) {
        char x = a.s[i];
        if (x >= 'A' && x <= 'Z')
            x = (char)(x - 'A' + 'a');
        if (x != lit[i])
            return false;
    }
    return true;
}

/* The same for a whole literal (lowercase). */
static bool errata_mhd_span_is(errata_mhd_span_t a, const char *lit)
{
    return errata_mhd_span_eq(a, lit, strlen(lit));
}

static const char *errata_mhd_ows(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

static errata_mhd_span_t errata_mhd_token(const char **s)
{
    errata_mhd_span_t t = { *s, 0 };
    while ((unsigned char)t.s[t.n] > 0x20 && (unsigned char)t.s[t.n] < 0x7F &&
           strchr("\"(),/:;<=>?@[\\]{}", t.s[t.n]) == NULL)
        t.n++;
    *s += t.n;
    return t;
}

/* A quoted-string, quotes included; false when it is not closed. */
static bool errata_mhd_quoted(const char **s, errata_mhd_span_t *out)
{
    const char *p = *s + 1;
    while (*p != '\0' && *p != '"') {
        if (*p == '\\' && p[1] != '\0')
            p++;
        p++;
    }
    if (*p != '"')
        return false;
    out->s = *s;
    out->n = (size_t)(p + 1 - *s);
    *s = p + 1;
    return true;
}

int errata_mhd_qvalue(const char *s, size_t n)
{
    if (n == 0 || (s[0] != '0' && s[0] != '1') || n > 5 || (n > 1 && s[1] != '.'))
        return -1;
    int q = (s[0] - '0') * 1000, scale = 100;
    for (size_t i = 2; i < n; i++, scale /= 10) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        q += (s[i] - '0') * scale;
    }
    return q > 1000 ? -1 : q;
}

/* The parameters after a media range; the q among them, or -1 when they
 * are malformed. */
static int errata_mhd_params(const char **s)
{
    int q = 1000;
    for (;;) {
        const char *p = errata_mhd_ows(*s);
        if (*p != ';')
            return q;
        p = errata_mhd_ows(p + 1);
        errata_mhd_span_t name = errata_mhd_token(&p), value;
        if (name.n == 0 || *p != '=')
            return -1;
        p++;
        if (*p == '"') {
            if (!errata_mhd_quoted(&p, &value))
                return -1;
        } else {
            value = errata_mhd_token(&p);
        }
        if (errata_mhd_span_is(name, "q") && (q = errata_mhd_qvalue(value.s, value.n)) < 0)
            return -1;
        *s = p;
    }
}

static void errata_mhd_prefer(errata_mhd_pref_t *pref, int specificity, int q)
{
    if (specificity > pref->specificity) {
        pref->specificity = specificity;
        pref->q = q;
    } else if (specificity == pref->specificity && q > pref->q) {
        pref->q = q;
    }
}

static void errata_mhd_apply(errata_mhd_accept_t *a, errata_mhd_span_t type,
                             errata_mhd_span_t sub, int q)
{
    bool any_type = errata_mhd_span_is(type, "*"), any_sub = errata_mhd_span_is(sub, "*");
    if (any_type && !any_sub)
        return; /* star/json is no media range */
    for (size_t i = 0; i < a->count; i++) {
        const char *t = a->types[i], *slash = strchr(t, '/');
        if (any_type)
            errata_mhd_prefer(&a->prefs[i], 1, q);
        else if (errata_mhd_span_eq(type, t, (size_t)(slash - t)) && any_sub)
            errata_mhd_prefer(&a->prefs[i], 2, q);
        else if (errata_mhd_span_eq(type, t, (size_t)(slash - t)) &&
                 errata_mhd_span_eq(sub, slash + 1, strlen(slash + 1)))
            errata_mhd_prefer(&a->prefs[i], 3, q);
    }
}

/* Past the rest of a malformed element, to its comma (or the end). */
static const char *errata_mhd_skip_element(const char *s)
{
    while (*s != '\0' && *s != ',') {
        errata_mhd_span_t ignored;
        if (*s != '"' || !errata_mhd_quoted(&s, &ignored))
            s++;
    }
    return s;
}

/* One element: media-range *( OWS ";" OWS parameter ). */
static const char *errata_mhd_element(errata_mhd_accept_t *a, const char *s)
{
    errata_mhd_span_t type = errata_mhd_token(&s), sub = { s, 0 };
    int q = -1;
    if (type.n > 0 && *s == '/') {
        s++;
        sub = errata_mhd_token(&s);
        if (sub.n > 0)
            q = errata_mhd_params(&s);
    }
    s = errata_mhd_ows(s);
    if (q < 0 || (*s != ',' && *s != '\0'))
        return errata_mhd_skip_element(s);
    errata_mhd_apply(a, type, sub, q);
    return s;
}

static void errata_mhd_accept_feed(errata_mhd_accept_t *a, const char *value)
{
    const char *s = value;
    while (*s != '\0') {
        s = errata_mhd_ows(s);
        if (*s == ',') {
            s++;
            continue;
        }
        if (*s == '\0')
            break;
        s = errata_mhd_element(a, s);
        if (*s == ',')
            s++;
    }
}

static const char *const errata_mhd_problem_types[] = { ERRATA_MHD_PROBLEM_JSON,
                                                         ERRATA_MHD_JSON };

static void errata_mhd_accept_init(errata_mhd_accept_t *a, const char *const *types, size_t n)
{
    a->types = types;
    a->count = n < ERRATA_MHD_ACCEPT_MAX ? n : ERRATA_MHD_ACCEPT_MAX;
    for (size_t i = 0; i < ERRATA_MHD_ACCEPT_MAX; i++)
        a->prefs[i] = (errata_mhd_pref_t){ 0, 0 };
}

static bool errata_mhd_acceptable(const errata_mhd_accept_t *a, size_t i)
{
    return a->prefs[i].specificity > 0 && a->prefs[i].q > 0;
}

static const char *errata_mhd_accept_choice(const errata_mhd_accept_t *a)
{
    if (errata_mhd_acceptable(a, 0))
        return ERRATA_MHD_PROBLEM_JSON;
    if (errata_mhd_acceptable(a, 1))
        return ERRATA_MHD_JSON;
    return ERRATA_MHD_PROBLEM_JSON;
}

const char *errata_mhd_problem_content_type(const char *accept)
{
    errata_mhd_accept_t a;
    errata_mhd_accept_init(&a, errata_mhd_problem_types, 2);
    if (accept == NULL)
        return ERRATA_MHD_PROBLEM_JSON;
    errata_mhd_accept_feed(&a, accept);
    return errata_mhd_accept_choice(&a);
}

static enum MHD_Result errata_mhd_accept_field(void *cls, enum MHD_ValueKind kind,
                                               const char *key, const char *value)
{
    (void)kind;
    if (key != NULL && value != NULL && errata_mhd_caseeq(key, "Accept"))
        errata_mhd_accept_feed(cls, value);
    return MHD_YES;
}

static void errata_mhd_accept_read(errata_mhd_accept_t *a, struct MHD_Connection *connection)
{
    MHD_get_connection_values(connection, MHD_HEADER_KIND, errata_mhd_accept_field, a);
}

const char *errata_mhd_connection_problem_type(struct MHD_Connection *connection)
{
    errata_mhd_accept_t a;
    errata_mhd_accept_init(&a, errata_mhd_problem_types, 2);
    errata_mhd_accept_read(&a, connection);
    return errata_mhd_accept_choice(&a);
}

size_t errata_mhd_accept_pick(struct MHD_Connection *connection, const char *const *types,
                              size_t n)
{
    errata_mhd_accept_t a;
    size_t best = 0;
    errata_mhd_accept_init(&a, types, n);
    errata_mhd_accept_read(&a, connection);
    for (size_t i = 1; i < a.count; i++)
        if (errata_mhd_acceptable(&a, i) && a.prefs[i].q > a.prefs[best].q)
            best = i;
    return best;
}
