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

/* Pass two of errata_decode: the entry's members into d->members. */
void errata_decode_members(errata_decoded_t *d);
/* The members, again, in the generated member struct's layout. */
void errata_decode_typed(errata_decoded_t *d, void *typed);
/* Room at the top of the decode arena (arrays are built downwards); NULL
 * when it would reach below `floor`, where strings grow upwards. */
void *errata_decoded_take_top(errata_decoded_t *d, size_t floor, size_t size, size_t align);

/* decode_status.c: the reason phrase of a 4xx or 5xx (the class's name for
 * an unregistered one); NULL for other statuses. */
const char *errata_decode_reason_phrase(int status);

/* The trace member's name as a precomputed key ("\"trace_id\":") matches the
 * KEY just read. */
bool errata_decode_is_trace_key(const errata_json_parser_t *p, const char *key);

#endif
