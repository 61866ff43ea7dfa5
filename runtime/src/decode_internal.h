/* Shared by the decoder's files (decode.c, decode_members.c, decode_typed.c);
 * internal to liberrata like internal.h. */
#ifndef ERRATA_DECODE_INTERNAL_H
#define ERRATA_DECODE_INTERNAL_H

#include "errata/decode.h"
#include "errata/json.h"
#include "internal.h"

/* True when the KEY or STRING just read is exactly `name`: a name cut short
 * by a small scratch, or holding a NUL, is never taken for another. */
bool errata_json_text_is(const errata_json_parser_t *p, const char *name);

/* Reads and skips the next value without copying its strings anywhere (the
 * parser still checks them): the passes skip most of a body. */
bool errata_decode_skip_value(errata_json_parser_t *p);

/* Arena bytes every pass holds back from values (strings, array slots,
 * typed arrays), so that a member name of up to 63 bytes can always be
 * read whole and matched, however much the values before it took: without
 * it, a long string member left no room to recognise the names after it,
 * and members that need no room at all (integers, booleans, the texts read
 * last) silently went missing (a fuzz find). */
#define ERRATA_DECODE_NAME_ROOM 64

/* The next token, read as a value: strings get the parser's free scratch
 * less ERRATA_DECODE_NAME_ROOM. */
errata_json_token_t errata_decode_next_value(errata_json_parser_t *p);

/* A value's or a member name's bytes in the body: [start, end). */
typedef struct errata_decode_span {
    size_t start, end;
} errata_decode_span_t;

/* A member of the body's object that is not a standard one. `plain` names
 * hold no escape: their text is the span without its quotes. */
typedef struct errata_decode_other {
    errata_decode_span_t name, value;
    bool plain;
} errata_decode_other_t;

/* How many other members one scan records; a body with more is read in
 * rounds, each resuming the scan where the last one stopped. */
#define ERRATA_DECODE_OTHERS 32

/* The one validating pass over the body (decode.c) and the other members it
 * found, recorded as spans so that the entry's members are read from there
 * without a second walk over the body. */
typedef struct errata_decode_scan {
    errata_json_parser_t p;      /* the walk over the top-level object */
    errata_json_parser_t resume; /* where the next round starts (when `more`) */
    char name[ERRATA_DECODE_NAME_ROOM];
    errata_decode_other_t others[ERRATA_DECODE_OTHERS];
    size_t count;
    bool more;         /* other members follow the last one recorded */
    const char *trace; /* the trace member's name (not NUL-terminated) */
    size_t trace_len;
} errata_decode_scan_t;

/* The next round of other members into scan->others; false when there are
 * none left. */
bool errata_decode_scan_more(errata_decode_scan_t *scan);

/* The entry's members into d->members, from the scan's spans. */
void errata_decode_members(errata_decoded_t *d, errata_decode_scan_t *scan);
/* The members, again, in the generated member struct's layout. */
void errata_decode_typed(errata_decoded_t *d, void *typed);
/* Room at the top of the decode arena (arrays are built downwards); NULL
 * when it would reach below `floor`, where strings grow upwards. */
void *errata_decoded_take_top(errata_decoded_t *d, size_t floor, size_t size, size_t align);

/* decode_legacy.c: reads a 2xx object body in the legacy shape m; true
 * (and out turned into the problem its code names, flagged legacy) when
 * it says the request failed. */
bool errata_decode_legacy(const errata_catalog_t *catalog, const errata_migration_t *m,
                          errata_decoded_t *out);

/* decode_status.c: the reason phrase of a 4xx or 5xx (the class's name for
 * an unregistered one); NULL for other statuses. */
const char *errata_decode_reason_phrase(int status);

/* The trace member's name as a precomputed key ("\"trace_id\":") matches the
 * KEY just read. */
bool errata_decode_is_trace_key(const errata_json_parser_t *p, const char *key);

#endif
