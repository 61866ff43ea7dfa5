/* Which media type a problem is sent as, from the request's Accept
 * (RFC 9110 section 12.5.1): application/problem+json when the client
 * accepts it, else application/json when it accepts that, else
 * application/problem+json all the same: an error must get through, and a
 * 406 in place of a 404 would hide the real answer.
 *
 * For each of the two types, the most specific media range that matches
 * gives its q (application/json before application/star before star/star);
 * among equally specific ranges the highest q wins. Parameters other than q are read
 * past but not matched: errata sends neither type with parameters. A
 * malformed element is skipped, the rest still counts. */
#include "mhd_internal.h"

#include <string.h>

#define ERRATA_MHD_PROBLEM_JSON "application/problem+json"
#define ERRATA_MHD_JSON "application/json"

typedef struct errata_mhd_pref {
    int specificity; /* 0: no range matched; 1: star/star; 2: type/star; 3: exact */
    int q;           /* thousandths */
} errata_mhd_pref_t;

typedef struct errata_mhd_accept {
    errata_mhd_pref_t problem; /* application/problem+json */
    errata_mhd_pref_t json;    /* application/json */
} errata_mhd_accept_t;

/* A piece of the header being read. */
typedef struct errata_mhd_span {
    const char *s;
    size_t n;
} errata_mhd_span_t;

static bool errata_mhd_span_is(errata_mhd_span_t a, const char *lit)
{
    size_t i = 0;
    for (; i < a.n && lit[i] != '\0'; i++) {
        char x = a.s[i], y = lit[i];
        if (x >= 'A' && x <= 'Z')
            x = (char)(x - 'A' + 'a');
        if (x != y)
            return false;
    }
    return i == a.n && lit[i] == '\0';
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

/* qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ), in
 * thousandths; -1 when malformed. */
static int errata_mhd_qvalue(errata_mhd_span_t v)
{
    if (v.n == 0 || (v.s[0] != '0' && v.s[0] != '1') || v.n > 5 || (v.n > 1 && v.s[1] != '.'))
        return -1;
    int q = (v.s[0] - '0') * 1000, scale = 100;
    for (size_t i = 2; i < v.n; i++, scale /= 10) {
        if (v.s[i] < '0' || v.s[i] > '9')
            return -1;
        q += (v.s[i] - '0') * scale;
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
        if (errata_mhd_span_is(name, "q") && (q = errata_mhd_qvalue(value)) < 0)
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
    if (errata_mhd_span_is(type, "*")) {
        if (errata_mhd_span_is(sub, "*")) {
            errata_mhd_prefer(&a->problem, 1, q);
            errata_mhd_prefer(&a->json, 1, q);
        }
        return;
    }
    if (!errata_mhd_span_is(type, "application"))
        return;
    if (errata_mhd_span_is(sub, "*")) {
        errata_mhd_prefer(&a->problem, 2, q);
        errata_mhd_prefer(&a->json, 2, q);
    } else if (errata_mhd_span_is(sub, "problem+json")) {
        errata_mhd_prefer(&a->problem, 3, q);
    } else if (errata_mhd_span_is(sub, "json")) {
        errata_mhd_prefer(&a->json, 3, q);
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

static const char *errata_mhd_accept_choice(const errata_mhd_accept_t *a)
{
    if (a->problem.specificity > 0 && a->problem.q > 0)
        return ERRATA_MHD_PROBLEM_JSON;
    if (a->json.specificity > 0 && a->json.q > 0)
        return ERRATA_MHD_JSON;
    return ERRATA_MHD_PROBLEM_JSON;
}

const char *errata_mhd_problem_content_type(const char *accept)
{
    errata_mhd_accept_t a = { { 0, 0 }, { 0, 0 } };
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

const char *errata_mhd_connection_problem_type(struct MHD_Connection *connection)
{
    errata_mhd_accept_t a = { { 0, 0 }, { 0, 0 } };
    MHD_get_connection_values(connection, MHD_HEADER_KIND, errata_mhd_accept_field, &a);
    return errata_mhd_accept_choice(&a);
}
