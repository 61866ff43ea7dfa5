/* liberrata: the problem+json (RFC 9457) runtime shared by errata-generated
 * code.
 *
 * A service's generated header (pets_errors.h) describes each error of its
 * catalog with a const errata_descriptor_t; throwing fills an
 * errata_problem_t from such a descriptor and the typed member values; the
 * writer turns a problem into an exact JSON body and safe headers.
 *
 * Rules the runtime keeps whatever the caller passes:
 *  - no heap allocation: problems carry a fixed arena, writers fill caller
 *    buffers with snprintf semantics, nothing is global or mutable;
 *  - the JSON written is valid UTF-8 and escaped per RFC 8259: invalid UTF-8
 *    becomes U+FFFD, control characters \u00XX, non-finite numbers are left
 *    out;
 *  - no header value ever carries CR, LF, NUL or another control byte: such
 *    a header is dropped and the drop reported to the observer;
 *  - truncation is reported (ERRATA_PROBLEM_TRUNCATED), never an overflow.
 *
 * This header depends on nothing but the C99 standard library and is
 * includable from C++. */
#ifndef ERRATA_ERRATA_H
#define ERRATA_ERRATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ERRATA_VERSION_MAJOR 0
#define ERRATA_VERSION_MINOR 1
#define ERRATA_VERSION_PATCH 0
#define ERRATA_VERSION_STRING "0.1.0"

/* Bumped whenever generated code and the runtime stop being interchangeable;
 * generated headers refuse to compile against another value. */
#define ERRATA_RUNTIME_VERSION 3

#if defined(__GNUC__)
#define ERRATA_API __attribute__((visibility("default")))
#else
#define ERRATA_API
#endif

/* Sizes fixed at build time; changing one means rebuilding liberrata and
 * everything generated together (docs/limits.md). */
#define ERRATA_PROBLEM_ARENA_SIZE 4096 /* bytes of copied strings and arrays */
#define ERRATA_MAX_MEMBERS 16          /* extension members per error */
#define ERRATA_TRACE_ID_SIZE 33        /* 32 hex digits + NUL (W3C trace-id) */
/* Bytes of a catalog header's value, rendered over any member values the
 * catalog allows: the checker refuses a header whose largest expansion is
 * longer, so a scratch of ERRATA_HEADER_VALUE_MAX + 1 bytes never cuts one. */
#define ERRATA_HEADER_VALUE_MAX 1024

/* ---- status and propagation ------------------------------------------ */

/* What a function that can fail returns: ERRATA_OK, or ERRATA_FAILED with
 * the problem filled in. */
typedef enum errata_status {
    ERRATA_OK = 0,
    ERRATA_FAILED = 1
} errata_status_t;

/* Returns from the current function when `call` failed, passing the failure
 * (and the problem it filled) up unchanged. */
#define ERRATA_TRY(call)                                                        \
    do {                                                                        \
        errata_status_t errata_try_status_ = (call);                            \
        if (errata_try_status_ != ERRATA_OK)                                    \
            return errata_try_status_;                                          \
    } while (0)

/* ---- descriptors (generated, const) ---------------------------------- */

typedef enum errata_kind {
    ERRATA_KIND_STRING,  /* const char * */
    ERRATA_KIND_INTEGER, /* int64_t */
    ERRATA_KIND_NUMBER,  /* double */
    ERRATA_KIND_BOOLEAN, /* bool */
    ERRATA_KIND_ARRAY,   /* counted array of item_kind */
    ERRATA_KIND_OBJECT   /* only as item_kind: a struct of scalar properties */
} errata_kind_t;

typedef struct errata_member_desc errata_member_desc_t;

struct errata_member_desc {
    const char *name;     /* JSON member name */
    const char *json_key; /* precomputed "\"name\":" */
    errata_kind_t kind;
    bool required;
    /* Optional integer, number and boolean members are passed by pointer in
     * the generated throw structs (NULL: absent); strings are absent when
     * NULL; arrays when items is NULL. */
    bool by_pointer;
    size_t offset; /* of the value in the generated member struct; for
                      arrays, of the `items` pointer of its typed array */
    /* arrays: generated structs hold { const T *items; size_t count; } */
    size_t count_offset;
    errata_kind_t item_kind;
    size_t item_size;                       /* sizeof one item */
    const errata_member_desc_t *properties; /* ERRATA_KIND_OBJECT items */
    size_t property_count;
    /* offset and count_offset again, in the generated member struct
     * (pets_pet_not_found_t) that decoders fill. */
    size_t decode_offset;
    size_t decode_count_offset;
    /* The catalog's bounds, enforced at throw (ERRATA_BOUND_* in `bounds`):
     * an integer or number outside [min, max] is refused (left out), a
     * string longer than max_length characters is cut at a character
     * boundary, an array of more than max_items keeps the first ones. Each
     * is flagged (ERRATA_PROBLEM_INVALID) and reported to the observer. */
    unsigned bounds;
    int64_t int_min, int_max;
    double num_min, num_max;
    size_t max_length; /* characters: UTF-8 sequences (an ill-formed byte run counts one) */
    size_t max_items;
    /* Kept on the problem and seen by the observer, never written into a
     * body: the catalog's `expose: false`, or a member only a hidden 5xx
     * detail uses. */
    bool hidden;
};

enum {
    ERRATA_BOUND_MIN = 1u << 0,
    ERRATA_BOUND_MAX = 1u << 1,
    ERRATA_BOUND_LENGTH = 1u << 2,
    ERRATA_BOUND_ITEMS = 1u << 3
};

/* A piece of a detail or header template: literal text, or a member. */
typedef struct errata_template_part {
    const char *text; /* NULL for a member */
    int member;       /* index into the descriptor's members, or -1 */
    /* The member sits inside a quoted-string of a header value (RFC 9110
     * §5.6.4): its '"' and '\' are sent as quoted-pairs, so a value cannot
     * close the string and add parameters of its own. */
    bool quoted;
} errata_template_part_t;

typedef struct errata_header_desc {
    const char *name;
    const errata_template_part_t *parts;
    size_t part_count;
    /* Sent instead when the rendered value cannot be (a member absent, cut,
     * holding CR or LF, too long, or outside the field's grammar); NULL:
     * the header is left out then. A literal, checked by the generator. */
    const char *fallback;
} errata_header_desc_t;

/* Dual signalling while an API leaves `200 {"success": false}`
 * (docs/migration.md): besides the right status and the problem members,
 * every body written also carries the old shape,
 * "success":false,"error":{"code":...,"message":...}. */
typedef enum errata_legacy_source {
    ERRATA_LEGACY_CODE,     /* the code name ("PET_NOT_FOUND"), a string */
    ERRATA_LEGACY_TITLE,    /* the title, a string */
    ERRATA_LEGACY_DETAIL,   /* the detail as sent (a hidden 5xx's generic one), a string */
    ERRATA_LEGACY_TYPE,     /* the type URI as sent (rebased), a string */
    ERRATA_LEGACY_STATUS,   /* the status, a number */
    ERRATA_LEGACY_INSTANCE  /* the instance, a string */
} errata_legacy_source_t;

/* One member of the legacy error object: its name and the problem field
 * its value comes from. A field the problem lacks (no detail, no code) is
 * left out. */
typedef struct errata_legacy_field {
    const char *name;
    errata_legacy_source_t source;
} errata_legacy_field_t;

typedef struct errata_migration {
    const char *success_member; /* sent as "NAME":false; NULL: no flag */
    const char *error_member;   /* sent as "NAME":{fields}; NULL: no error object */
    const errata_legacy_field_t *fields;
    size_t field_count;
} errata_migration_t;
/* One translation of an error (the catalog's `translations:`): what of its
 * body changes with the language. type, status, code and members never do. */
typedef struct errata_localized {
    const char *locale; /* its BCP 47 tag, "de" */
    /* The constant start of the body in this language, as body_prefix;
     * NULL: the error has no translation here, the catalog's own language
     * is sent. */
    const char *body_prefix;
    size_t body_prefix_len;
    const char *title;
    const errata_template_part_t *detail; /* NULL: the catalog's detail template */
    size_t detail_part_count;
    /* The catalog's headers in this language, parallel to the
     * descriptor's (same names, order and fallbacks; a header without a
     * translation keeps the catalog's parts); NULL: none is translated.
     * Only free-text headers are ever translated (docs/catalog.md). */
    const errata_header_desc_t *headers;
    size_t header_count;
} errata_localized_t;

typedef struct errata_descriptor {
    int code;              /* the enum value */
    const char *code_name; /* "PET_NOT_FOUND" */
    int status;
    const char *title;
    const char *type_uri;
    bool retryable;
    bool expose_detail;
    const char *cache_control;
    /* The constant start of every body of this type, computed by the
     * generator: {"type":"...","title":"...","status":404,"code":"..." */
    const char *body_prefix;
    size_t body_prefix_len;
    const errata_template_part_t *detail; /* the catalog's detail template */
    size_t detail_part_count;
    const errata_member_desc_t *members;
    size_t member_count;
    const errata_header_desc_t *headers;
    size_t header_count;
    /* The member name the trace id goes under, as a precomputed key
     * ("\"trace_id\":"): the catalog's `trace_member`, the same for every
     * entry of a catalog. NULL (a hand-made descriptor): "trace_id". */
    const char *trace_key;
    /* The catalog's `migration:` when it is on for this entry: the legacy
     * members every body of it also carries; NULL: none. */
    const errata_migration_t *migration;
    /* The catalog's own language (its `language:`, "en" by default) and its
     * translations: locale index 0 is the language, index i the
     * translation locales[i - 1], the same list in every descriptor of a
     * catalog. NULL language: "en"; no locales: the catalog is not
     * translated. */
    const char *language;
    const errata_localized_t *locales;
    size_t locale_count;
} errata_descriptor_t;

/* The trace id's member name when a descriptor gives none. */
#define ERRATA_DEFAULT_TRACE_MEMBER "trace_id"

/* Optional integer, number and boolean members are passed by pointer, so
 * that absent and zero differ: PETS_THROW_MALFORMED_JSON(err, .offset =
 * ERRATA_INT(17)). */
#define ERRATA_INT(v) (&(const int64_t){ (v) })
#define ERRATA_NUMBER(v) (&(const double){ (v) })
#define ERRATA_BOOL(v) (&(const bool){ (v) })

/* Array members in generated throw structs: a pointer to count items.
 * PETS_THROW_UNSUPPORTED_CONTENT_TYPE(err, .supported = { types, 2 }).
 * Arrays of objects use a generated struct of the same shape. */
typedef struct errata_strings {
    const char *const *items;
    size_t count;
} errata_strings_t;

typedef struct errata_integers {
    const int64_t *items;
    size_t count;
} errata_integers_t;

typedef struct errata_numbers {
    const double *items;
    size_t count;
} errata_numbers_t;

typedef struct errata_booleans {
    const bool *items;
    size_t count;
} errata_booleans_t;

/* The generated throw macros split `err` from the member designators with
 * these, so that every initializer is designated (no
 * -Wmissing-field-initializers) and C99's "at least one argument" holds. */
#define ERRATA_THROW_END_ .errata_end_ = 0

/* ---- the problem ------------------------------------------------------ */

/* A member value as the problem keeps it: strings and arrays point into the
 * problem's own arena. */
typedef struct errata_value {
    bool present;
    /* The string was cut at throw (to fit the arena, or its max_length), or
     * the array lost items: a header never sends such a value. Beside
     * `present`, in what was padding, so a value stays 24 bytes on LP64. */
    bool cut;
    errata_kind_t kind;
    union {
        const char *string;
        int64_t integer;
        double number;
        bool boolean;
        struct {
            const struct errata_value *items; /* count * property_count for objects */
            size_t count;
        } array;
    } u;
} errata_value_t;

enum {
    ERRATA_PROBLEM_TRUNCATED = 1u << 0, /* a string or array did not fit the arena */
    /* A member broke the catalog's contract at throw: a required one was
     * missing, a number outside its bounds (refused), a string or array
     * past its bound (cut), an array item NULL. p->faults says which. */
    ERRATA_PROBLEM_INVALID = 1u << 1
};

/* What went wrong with one member at throw (errata_problem_t.faults). */
typedef enum errata_fault {
    ERRATA_FAULT_NONE = 0,
    ERRATA_FAULT_MISSING,      /* required, but absent (NULL, or refused below) */
    ERRATA_FAULT_OUT_OF_RANGE, /* a number outside minimum/maximum: left out */
    ERRATA_FAULT_CUT,          /* a string or array cut: to its bound, or to fit the arena */
    ERRATA_FAULT_NULL_ITEM     /* an array item (a string) was NULL */
} errata_fault_t;

/* errata_problem_t.text_faults: the detail or instance did not fit. */
enum {
    ERRATA_TEXT_DETAIL_CUT = 1u << 0,
    ERRATA_TEXT_DETAIL_DROPPED = 1u << 1,
    ERRATA_TEXT_INSTANCE_CUT = 1u << 2,
    ERRATA_TEXT_INSTANCE_DROPPED = 1u << 3
};

typedef struct errata_problem {
    const errata_descriptor_t *desc; /* NULL: nothing thrown */
    const char *detail;              /* in the arena; NULL: none */
    const char *instance;            /* in the arena; NULL: none */
    const char *file;                /* where it was thrown (__FILE__, static) */
    int line;
    unsigned flags;
    char trace_id[ERRATA_TRACE_ID_SIZE]; /* "" until set */
    errata_value_t members[ERRATA_MAX_MEMBERS];
    size_t arena_used;
    union {
        double align_;
        char bytes[ERRATA_PROBLEM_ARENA_SIZE];
    } arena;
    unsigned char faults[ERRATA_MAX_MEMBERS]; /* errata_fault_t of each member */
    unsigned char text_faults;                /* ERRATA_TEXT_* */
    /* The detail was filled from the catalog's template (none was given at
     * throw), so a translation's template may be written in its place. */
    bool detail_templated;
} errata_problem_t;

/* Clears a problem (desc NULL, no members, empty arena). */
ERRATA_API void errata_problem_init(errata_problem_t *p);

/* Fills p from a descriptor, a generated member struct and an optional
 * detail and instance; every string is copied into p's arena. When detail is
 * NULL the descriptor's detail template is filled from the members. Returns
 * ERRATA_FAILED, always: the generated throw macros return it. p need not
 * be initialised: all of it is reset, the trace id included (set that after
 * the throw), and the strings given may lie in p itself (a rethrow passing
 * err->detail on). */
ERRATA_API errata_status_t errata_throw(errata_problem_t *p, const errata_descriptor_t *desc,
                                        const char *file, int line, const char *detail,
                                        const char *instance, const void *members);

/* Sets the trace id (printable ASCII only; longer ids are cut). */
ERRATA_API void errata_problem_set_trace_id(errata_problem_t *p, const char *trace_id);

/* ---- writing ----------------------------------------------------------- */

/* Writes the problem+json body into buf with snprintf semantics: returns the
 * full length (without NUL) whatever cap is; writes at most cap bytes
 * including a NUL when cap > 0; cap 0 only sizes. A 5xx whose descriptor
 * does not expose details gets a generic detail and the trace id (under the
 * descriptor's trace_key), its real detail reaching only the observer; the
 * generic detail asks the client to quote the trace id only when one is
 * sent. The trace id sent is the leading printable ASCII of p->trace_id, at
 * most ERRATA_TRACE_ID_SIZE - 1 characters (what a decoder holds). A problem never thrown (desc NULL, or p
 * NULL) is a programming error still answered safely: it is written as a
 * generic 500, {"type":"about:blank","title":"Internal Server Error",
 * "status":500,"detail":...} (with the trace id), and the observer and
 * errata_problem_headers treat it the same way. */
ERRATA_API size_t errata_problem_json(const errata_problem_t *p, char *buf, size_t cap);

/* A catalog's type URIs are base_uri + slug, fixed when the code is
 * generated; a deployment may serve them elsewhere (a staging host, a local
 * port). A type URI that starts with `catalog` is sent, and recognised when
 * decoding, with `served` in its place: {"https://errors.petstore.example/",
 * "http://localhost:8080/errors/"}. Other type URIs (about:blank, another
 * catalog's) are left alone. */
typedef struct errata_type_base {
    const char *catalog;
    const char *served;
} errata_type_base_t;

/* errata_problem_json with the type URI rebased; base NULL (or a type not
 * under base->catalog) writes exactly what errata_problem_json writes. */
ERRATA_API size_t errata_problem_json_rebased(const errata_problem_t *p,
                                              const errata_type_base_t *base, char *buf,
                                              size_t cap);

/* errata_problem_json_rebased with the legacy members of `legacy` (a
 * service switching dual signalling on at run time, errata-mhd's
 * `migration`), whatever the descriptor says; legacy NULL: the
 * descriptor's own (the catalog's `migration:`), exactly as
 * errata_problem_json_rebased writes. */
ERRATA_API size_t errata_problem_json_legacy(const errata_problem_t *p,
                                             const errata_type_base_t *base,
                                             const errata_migration_t *legacy, char *buf,
                                             size_t cap);
/* errata_problem_json_rebased in a language: locale is an index into the
 * descriptor's locales (0: the catalog's own language, i: locales[i - 1];
 * the generated NAME_LOCALE_* constants). The translation's title and, for
 * a detail filled from the catalog's template, its detail template are
 * written; type, status, code, instance and members are the same in every
 * language. An index the descriptor does not have, or an error without a
 * translation in that locale, writes the catalog's language, exactly as
 * errata_problem_json_rebased does (errata_problem_language says which).
 * Costs what the catalog's language costs: the constant parts are
 * precomputed per locale, nothing is looked up by string. */
ERRATA_API size_t errata_problem_json_locale(const errata_problem_t *p,
                                             const errata_type_base_t *base, size_t locale,
                                             char *buf, size_t cap);

/* The BCP 47 tag of the language errata_problem_json_locale writes p in
 * for that index (for Content-Language): the translation's locale, or the
 * catalog's language ("en" when the descriptor names none, or p was never
 * thrown). Never NULL. */
ERRATA_API const char *errata_problem_language(const errata_problem_t *p, size_t locale);

/* Every choice the body writers take at once: errata_problem_json_rebased's
 * base, errata_problem_json_locale's locale and errata_problem_json_legacy's
 * legacy (NULL: the descriptor's own migration). errata-mhd writes with it. */
typedef struct errata_json_options {
    const errata_type_base_t *base;
    size_t locale;
    const errata_migration_t *legacy;
} errata_json_options_t;

/* The body with all three; options NULL: as errata_problem_json. */
ERRATA_API size_t errata_problem_json_with(const errata_problem_t *p,
                                           const errata_json_options_t *options, char *buf,
                                           size_t cap);

/* ---- observing ---------------------------------------------------------- */

typedef enum errata_event_kind {
    ERRATA_EVENT_SENT,           /* a problem was written */
    ERRATA_EVENT_HEADER_DROPPED, /* a header's value could not be sent (below); left out */
    ERRATA_EVENT_HEADER_FALLBACK, /* the same, and the header's fallback was sent instead */
    ERRATA_EVENT_MEMBER_FAULT,    /* after _SENT: a member broke the contract at throw */
    ERRATA_EVENT_TEXT_CUT         /* after _SENT: the detail or instance was cut or dropped */
} errata_event_kind_t;

typedef struct errata_event {
    errata_event_kind_t kind;
    const char *code_name;
    int status;
    const char *detail; /* the real detail, even when the body hides it */
    const char *file;
    int line;
    const char *trace_id;
    const char *header; /* ERRATA_EVENT_HEADER_DROPPED and _FALLBACK: its name */
    /* ERRATA_EVENT_MEMBER_FAULT: the member and what went wrong;
     * ERRATA_EVENT_TEXT_CUT: "detail" or "instance", and CUT or MISSING
     * (dropped whole). NULL and ERRATA_FAULT_NONE otherwise. */
    const char *member;
    errata_fault_t fault;
    /* The problem itself, for an observer that logs more (the members a
     * body hides: errata_member_desc_t.hidden). */
    const errata_problem_t *problem;
} errata_event_t;

typedef void (*errata_observer_fn)(const errata_event_t *event, void *ctx);

/* Tells the observer (if any) that p is being sent (ERRATA_EVENT_SENT),
 * then, one event each, every member fault and cut text recorded at throw,
 * so nothing the contract promised is lost without a word. */
ERRATA_API void errata_problem_observe(const errata_problem_t *p, errata_observer_fn observer,
                                       void *ctx);

/* ---- headers ------------------------------------------------------------ */

/* Called once per header to send: name and value are NUL-terminated and
 * valid only during the call. */
typedef void (*errata_header_fn)(const char *name, const char *value, void *ctx);

/* Emits Content-Type: application/problem+json, Cache-Control from the
 * descriptor, then each catalog header rendered over the member values.
 * A header is never sent cut or broken: when its template names an absent
 * member (an optional one left out, a required one passed as NULL), or its
 * value would be cut (a member cut at throw, a value longer than scratch),
 * hold CR, LF, NUL or another control byte, or break its field's grammar
 * (errata_header_value_valid), the header's fallback is sent instead, or,
 * without one, the header is left out. Each such value is reported to the
 * observer (ERRATA_EVENT_HEADER_FALLBACK or _DROPPED), except an optional
 * member's plain absence, which is how a header is made optional. scratch
 * (cap bytes) holds each value while it is emitted; ERRATA_HEADER_VALUE_MAX
 * + 1 bytes hold every header a checked catalog declares. Returns the
 * number of headers emitted. */
ERRATA_API size_t errata_problem_headers(const errata_problem_t *p, errata_header_fn emit,
                                         void *ctx, char *scratch, size_t cap,
                                         errata_observer_fn observer, void *observer_ctx);

/* errata_problem_headers in the language locale indexes (as
 * errata_problem_json_locale's: 0 is the catalog's own, i the
 * translation desc->locales[i - 1]): the catalog headers the translation
 * gives come out in it, every other header as errata_problem_headers
 * sends it. An index past the list, or an error not translated there,
 * sends the catalog's text. Nothing is looked up by string. */
ERRATA_API size_t errata_problem_headers_locale(const errata_problem_t *p, size_t locale,
                                                errata_header_fn emit, void *ctx, char *scratch,
                                                size_t cap, errata_observer_fn observer,
                                                void *observer_ctx);

/* True when value may be sent as the field `name`: no control byte (TAB
 * included) and, for the fields whose grammar errata knows (RFC 9110), that
 * grammar: Retry-After is delay-seconds or an HTTP-date; WWW-Authenticate
 * and Proxy-Authenticate start with an auth-scheme token; Allow is a
 * comma-separated list of method tokens (empty: no method allowed);
 * RateLimit-Policy and RateLimit are RFC 9651 Lists of Strings whose
 * parameters q (RateLimit-Policy) and r (RateLimit) are non-negative
 * Integers (errata_parse_ratelimit's rules). The generator checks catalog
 * literals and fallbacks with it too. */
ERRATA_API bool errata_header_value_valid(const char *name, const char *value);

/* ---- RateLimit fields (draft-ietf-httpapi-ratelimit-headers-11) ------ */

#define ERRATA_RATELIMIT_POLICIES 4  /* policies one errata_ratelimit_t holds */
#define ERRATA_RATELIMIT_NAME_SIZE 64 /* bytes of a policy name, NUL included */
#define ERRATA_RATELIMIT_KEY_SIZE 48  /* bytes of a partition key */
/* Bytes for either field with every policy at its largest (1,042 and
 * its NUL: four policies, each a name of 63 escaped characters, every
 * number of 15 digits, the longest unit, a 48-byte partition key). */
#define ERRATA_RATELIMIT_FIELD_MAX 1088

/* The quota unit (the draft's RateLimit Quota Units registry); UNSET: the
 * field leaves "qu" out, which means requests. */
typedef enum errata_quota_unit {
    ERRATA_QUOTA_UNIT_UNSET = 0,
    ERRATA_QUOTA_UNIT_REQUESTS,
    ERRATA_QUOTA_UNIT_CONTENT_BYTES,
    ERRATA_QUOTA_UNIT_CONCURRENT_REQUESTS,
    ERRATA_QUOTA_UNIT_OTHER /* read from a field: a unit the registry does not list */
} errata_quota_unit_t;

/* One policy: its RateLimit-Policy item (q, qu, w, pk) and its RateLimit
 * item (r, t, pk), joined by name. -1 stands for a parameter left out. */
typedef struct errata_ratelimit_policy {
    char name[ERRATA_RATELIMIT_NAME_SIZE]; /* an sf-string's text: printable ASCII */
    int64_t quota;     /* q; -1 when only a RateLimit item named the policy */
    int64_t window;    /* w, seconds */
    errata_quota_unit_t unit;
    int64_t remaining; /* r; -1: no RateLimit item for the policy */
    int64_t reset;     /* t, seconds until the window ends */
    unsigned char partition_key[ERRATA_RATELIMIT_KEY_SIZE];
    size_t partition_key_len; /* 0: no pk */
} errata_ratelimit_policy_t;

typedef struct errata_ratelimit {
    size_t count;
    errata_ratelimit_policy_t policies[ERRATA_RATELIMIT_POLICIES];
} errata_ratelimit_t;

/* Clears rl (no policies). */
ERRATA_API void errata_ratelimit_init(errata_ratelimit_t *rl);
/* Adds a policy with its quota (>= 0), every other parameter left out;
 * NULL when rl is full, the name is empty, longer than
 * ERRATA_RATELIMIT_NAME_SIZE - 1 bytes or not printable ASCII, or the
 * quota is negative. Set remaining, reset, window, unit and the partition
 * key on the policy returned. */
ERRATA_API errata_ratelimit_policy_t *errata_ratelimit_add(errata_ratelimit_t *rl,
                                                           const char *name, int64_t quota);
/* The RateLimit-Policy field ("default";q=100;w=60) and the RateLimit
 * field ("default";r=0;t=30; only the policies with remaining >= 0) as
 * RFC 9651 Lists, into buf with snprintf semantics: the length the field
 * needs is returned, and a return >= cap means it was cut (and must not be
 * sent). 0, with buf "", when there is nothing to send or a policy holds a
 * value no field can carry (a number outside 0..999999999999999, a name
 * errata_ratelimit_add would refuse): a wrong field is never written. */
ERRATA_API size_t errata_ratelimit_policy_field(const errata_ratelimit_t *rl, char *buf,
                                                size_t cap);
ERRATA_API size_t errata_ratelimit_field(const errata_ratelimit_t *rl, char *buf, size_t cap);
/* Emits both fields through emit (RateLimit-Policy first), each only when
 * it is non-empty and fits scratch; returns how many went out. For success
 * responses as for problems. */
ERRATA_API size_t errata_ratelimit_headers(const errata_ratelimit_t *rl, errata_header_fn emit,
                                           void *ctx, char *scratch, size_t cap);

/* The registered reason phrase of a 4xx or 5xx status ("Not Found"), the
 * title RFC 9457 §4.2 gives an about:blank problem; NULL for a status the
 * IANA registry does not list. */
ERRATA_API const char *errata_reason_phrase(int status);

/* The version of the runtime actually linked, as "MAJOR.MINOR.PATCH". */
ERRATA_API const char *errata_runtime_version(void);

#ifdef __cplusplus
}
#endif

#endif
