/* Request bodies into pets (pet_json.h): the whole body is checked by the
 * strict parser first, so a syntax error is always reported as one (with
 * its offset) even when it comes after members that broke the rules; then
 * one pull-parse pass reads the members, collecting every broken rule. */
#include "pet_json.h"

#include <errata/json.h>
#include <stdio.h>
#include <string.h>

/* Unescaped member names and string values: PET_JSON_POINTER_SIZE holds
 * the longest pointer kept, and a name longer than PET_NAME_MAX is refused
 * whatever its full length, so a string cut here loses nothing needed. */
#define READER_SCRATCH 256

typedef struct reader {
    errata_json_parser_t p;
    char scratch[READER_SCRATCH];
    pet_patch_t *out;
    pet_json_report_t *report;
    pet_json_mode_t mode;
    unsigned seen;
} reader_t;

static void add_error(pet_json_report_t *rep, const char *pointer, const char *detail)
{
    if (rep->error_count == PET_JSON_MAX_ERRORS) {
        rep->errors_truncated = true;
        return;
    }
    pet_json_error_t *e = &rep->errors[rep->error_count++];
    snprintf(e->pointer, sizeof e->pointer, "%s", pointer);
    snprintf(e->detail, sizeof e->detail, "%s", detail);
}

/* The text of the KEY or STRING just read is exactly `s`. */
static bool text_is(const errata_json_parser_t *p, const char *s)
{
    size_t n = strlen(s);
    return !p->truncated && p->text_len == n && memcmp(p->text, s, n) == 0;
}

/* ---- the members ----------------------------------------------------------- */

/* A creation may choose the pet's id, within PET_ID_CREATE_MAX (pet.h says
 * why); PUT and PATCH name an existing pet, whose id may be any. */
static void read_id(reader_t *r, errata_json_token_t t)
{
    bool create = r->mode == PET_JSON_CREATE;
    int64_t id;
    if (t == ERRATA_JSON_STRING && !r->p.truncated &&
        pet_id_parse(r->p.text, r->p.text_len, &id) && (!create || id <= PET_ID_CREATE_MAX)) {
        r->out->pet.id = id;
        r->out->fields |= PET_FIELD_ID;
    } else if (t == ERRATA_JSON_NUMBER) {
        add_error(r->report, "/id", "must be a string: ids are sent as \"42\"");
    } else if (create) {
        add_error(r->report, "/id", "must be a decimal integer from 1 to " PET_ID_CREATE_MAX_TEXT);
    } else {
        add_error(r->report, "/id", "must be a decimal integer from 1 to 9223372036854775807");
    }
}

/* A control character (C0, DEL or C1) in valid UTF-8 text. */
static bool has_control(const char *s, size_t n)
{
    const unsigned char *b = (const unsigned char *)s;
    for (size_t i = 0; i < n; i++) {
        if (b[i] < 0x20 || b[i] == 0x7F)
            return true;
        if (b[i] == 0xC2 && i + 1 < n && b[i + 1] >= 0x80 && b[i + 1] <= 0x9F)
            return true; /* U+0080..U+009F */
    }
    return false;
}

static void read_name(reader_t *r, errata_json_token_t t)
{
    const errata_json_parser_t *p = &r->p;
    if (t != ERRATA_JSON_STRING)
        add_error(r->report, "/name", "must be a string");
    else if (p->text_len == 0)
        add_error(r->report, "/name", "must not be empty");
    else if (p->truncated || p->text_len > PET_NAME_MAX)
        add_error(r->report, "/name", "must be at most 100 bytes long");
    else if (has_control(p->text, p->text_len))
        add_error(r->report, "/name", "must not contain control characters");
    else {
        memcpy(r->out->pet.name, p->text, p->text_len);
        r->out->pet.name[p->text_len] = '\0';
        r->out->fields |= PET_FIELD_NAME;
    }
}

static void read_species(reader_t *r, errata_json_token_t t)
{
    if (t == ERRATA_JSON_STRING && !r->p.truncated &&
        pet_species_parse(r->p.text, r->p.text_len, &r->out->pet.species)) {
        r->out->fields |= PET_FIELD_SPECIES;
        return;
    }
    char detail[PET_JSON_DETAIL_SIZE] = "must be one of";
    for (int i = 0; i < PET_SPECIES_COUNT; i++) {
        size_t used = strlen(detail);
        snprintf(detail + used, sizeof detail - used, "%s %s", i ? "," : "",
                 pet_species_name((pet_species_t)i));
    }
    add_error(r->report, "/species", detail);
}

/* An integer member: false, with the error added, when the value is not a
 * whole number within int64's range. */
static bool read_integer(reader_t *r, errata_json_token_t t, const char *pointer, int64_t *v)
{
    double d;
    if (t != ERRATA_JSON_NUMBER)
        add_error(r->report, pointer, "must be an integer");
    else if (errata_json_int64(&r->p, v))
        return true;
    else if (!errata_json_double(&r->p, &d) || d >= 9.2e18 || d <= -9.2e18)
        add_error(r->report, pointer, "is out of range");
    else
        add_error(r->report, pointer, "must be a whole number");
    return false;
}

static void read_age(reader_t *r, errata_json_token_t t)
{
    int64_t v;
    if (!read_integer(r, t, "/age", &v))
        return;
    if (v < 0) {
        add_error(r->report, "/age", "must be zero or more");
        return;
    }
    r->out->pet.age = v;
    r->out->fields |= PET_FIELD_AGE;
}

static void read_version(reader_t *r, errata_json_token_t t)
{
    int64_t v;
    if (!read_integer(r, t, "/version", &v))
        return;
    if (v < 1) {
        add_error(r->report, "/version", "must be 1 or more");
        return;
    }
    r->out->pet.version = v;
    r->out->fields |= PET_FIELD_VERSION;
}

typedef struct member {
    const char *name; /* its pointer is "/" + name: no name here needs escaping */
    unsigned field;
    void (*read)(reader_t *r, errata_json_token_t t);
} member_t;

static const member_t members[] = {
    { "id", PET_FIELD_ID, read_id },
    { "name", PET_FIELD_NAME, read_name },
    { "species", PET_FIELD_SPECIES, read_species },
    { "age", PET_FIELD_AGE, read_age },
    { "version", PET_FIELD_VERSION, read_version },
};

#define MEMBER_COUNT (sizeof members / sizeof members[0])

/* ---- the object ------------------------------------------------------------ */

/* The JSON Pointer of a member named text[0..n) (valid UTF-8): "/" then the
 * name with '~' as "~0" and '/' as "~1" (RFC 6901), cut before the first
 * character that does not fit. */
static void member_pointer(char *buf, size_t cap, const char *text, size_t n)
{
    size_t len = 0;
    buf[len++] = '/';
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)text[i];
        size_t unit = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        const char *out = c == '~' ? "~0" : c == '/' ? "~1" : text + i;
        size_t out_len = c == '~' || c == '/' ? 2 : unit;
        if (c == '\0' || len + out_len >= cap)
            break; /* a NUL ends the C string anyway */
        memcpy(buf + len, out, out_len);
        len += out_len;
        i += unit;
    }
    buf[len] = '\0';
}

static const member_t *find_member(const errata_json_parser_t *p)
{
    for (size_t i = 0; i < MEMBER_COUNT; i++) {
        if (text_is(p, members[i].name))
            return &members[i];
    }
    return NULL;
}

/* One member: its name was just read. */
static void read_member(reader_t *r)
{
    const member_t *m = find_member(&r->p);
    char pointer[PET_JSON_POINTER_SIZE];
    if (m == NULL)
        member_pointer(pointer, sizeof pointer, r->p.text, r->p.text_len);
    else
        snprintf(pointer, sizeof pointer, "/%s", m->name);
    errata_json_token_t t = errata_json_next(&r->p);
    if (m == NULL) {
        add_error(r->report, pointer, "is not a pet member");
    } else if (r->seen & m->field) {
        add_error(r->report, pointer, "appears more than once");
    } else {
        r->seen |= m->field;
        m->read(r, t);
    }
    errata_json_skip(&r->p); /* the rest of an object or array given as a value */
}

static unsigned required_fields(pet_json_mode_t mode)
{
    switch (mode) {
    case PET_JSON_CREATE: return PET_FIELD_NAME | PET_FIELD_SPECIES;
    case PET_JSON_REPLACE: return PET_FIELD_NAME | PET_FIELD_SPECIES | PET_FIELD_AGE;
    case PET_JSON_PATCH: break;
    }
    return 0;
}

pet_json_result_t pet_json_parse(const char *body, size_t len, pet_json_mode_t mode,
                                 pet_patch_t *out, pet_json_report_t *report)
{
    memset(out, 0, sizeof *out);
    report->syntax_error = NULL;
    report->offset = 0;
    report->error_count = 0;
    report->errors_truncated = false;
    bool object = false;
    if (!errata_json_validate(body ? body : "", body ? len : 0, &report->syntax_error,
                              &report->offset, &object))
        return PET_JSON_SYNTAX_ERROR;
    if (!object) {
        add_error(report, "", "must be a JSON object");
        return PET_JSON_INVALID;
    }
    reader_t r;
    memset(&r, 0, sizeof r);
    r.out = out;
    r.report = report;
    r.mode = mode;
    errata_json_init(&r.p, body, len, r.scratch, sizeof r.scratch);
    errata_json_next(&r.p); /* the object's start: validated above */
    while (errata_json_next(&r.p) == ERRATA_JSON_KEY)
        read_member(&r);
    unsigned missing = required_fields(mode) & ~r.seen;
    for (size_t i = 0; i < MEMBER_COUNT; i++) {
        if (missing & members[i].field) {
            char pointer[PET_JSON_POINTER_SIZE];
            snprintf(pointer, sizeof pointer, "/%s", members[i].name);
            add_error(report, pointer, "is required");
        }
    }
    return report->error_count > 0 || report->errors_truncated ? PET_JSON_INVALID : PET_JSON_OK;
}
