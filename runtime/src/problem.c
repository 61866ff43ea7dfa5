/* The problem object: clearing, throwing, the trace id. */
#include "internal.h"

#include <string.h>

/* What a problem that was never thrown (desc NULL) is sent as: a 500 with
 * the RFC 9457 about:blank type, no code, no members, and the generic
 * detail of a hidden 5xx. Const, so it is no global mutable state. */
static const errata_descriptor_t errata_not_thrown = {
    0,
    "",
    500,
    "Internal Server Error",
    "about:blank",
    false,
    false,
    "no-store",
    "{\"type\":\"about:blank\",\"title\":\"Internal Server Error\",\"status\":500",
    sizeof "{\"type\":\"about:blank\",\"title\":\"Internal Server Error\",\"status\":500" - 1,
    NULL,
    0,
    NULL,
    0,
    NULL,
    0,
    NULL, /* trace_key: the default, "trace_id" */
    NULL, /* migration: none */
    NULL, /* language: "en" */
    NULL,
    0,
};

const errata_descriptor_t *errata_problem_desc(const errata_problem_t *p)
{
    return p != NULL && p->desc != NULL ? p->desc : &errata_not_thrown;
}

void errata_problem_init(errata_problem_t *p)
{
    if (p == NULL)
        return;
    /* The header and the values only: the arena is not read past
     * arena_used, so clearing its 4 KiB on every throw would be waste. */
    memset(p, 0, offsetof(errata_problem_t, arena));
    memset(p->faults, 0, sizeof p->faults);
    p->text_faults = 0;
    p->detail_templated = false;
}

/* Fills the detail from the catalog's template over the copied members.
 * A template naming an absent member cannot be honoured: no detail then,
 * rather than half a sentence. Rendered in place at the end of the arena
 * and cut at a character boundary when it does not fit. */
static void errata_fill_detail(errata_problem_t *p)
{
    const errata_descriptor_t *desc = p->desc;
    size_t room = errata_arena_room(p, 1);
    char *at = p->arena.bytes + p->arena_used;
    errata_out_t o;
    errata_out_init(&o, at, room);
    if (!errata_render(&o, p, desc->detail, desc->detail_part_count))
        return;
    p->detail_templated = true;
    size_t n = errata_out_finish(&o);
    if (n >= room) {
        p->flags |= ERRATA_PROBLEM_TRUNCATED;
        n = room > 0 ? errata_utf8_cut(at, room - 1) : 0;
        p->text_faults |= n == 0 ? ERRATA_TEXT_DETAIL_DROPPED : ERRATA_TEXT_DETAIL_CUT;
        if (n == 0)
            return;
        at[n] = '\0';
    }
    p->detail = errata_arena_take(p, n + 1, 1);
}

/* The throw proper, reading through src. Members go into the arena first:
 * they are the machine-readable part and feed the headers; the instance
 * and the human-readable detail take what room is left. */
static void errata_throw_from(errata_problem_t *p, const errata_source_t *src,
                              const errata_descriptor_t *desc, const char *file, int line,
                              const char *detail, const char *instance, const void *members)
{
    errata_problem_init(p);
    p->desc = desc;
    p->file = file;
    p->line = line;
    if (desc == NULL)
        return; /* sent as the not-thrown 500 */
    errata_members_copy(p, src, members);
    bool cut;
    instance = errata_source_ptr(src, instance);
    if (instance != NULL) {
        p->instance = errata_arena_string_cut(p, instance, &cut);
        p->text_faults |= p->instance == NULL ? ERRATA_TEXT_INSTANCE_DROPPED
                                              : cut ? ERRATA_TEXT_INSTANCE_CUT : 0;
    }
    detail = errata_source_ptr(src, detail);
    if (detail != NULL) {
        p->detail = errata_arena_string_cut(p, detail, &cut);
        p->text_faults |= p->detail == NULL ? ERRATA_TEXT_DETAIL_DROPPED
                                            : cut ? ERRATA_TEXT_DETAIL_CUT : 0;
    } else if (desc->detail != NULL && desc->detail_part_count > 0) {
        errata_fill_detail(p);
    }
}

/* A rethrow reading from p itself: copy p first (rare, so the copy is not
 * on the usual path's stack frame). */
static void errata_throw_saved(errata_problem_t *p, const errata_descriptor_t *desc,
                               const char *file, int line, const char *detail,
                               const char *instance, const void *members)
{
    errata_problem_t saved;
    memcpy(&saved, p, sizeof saved);
    errata_source_t src = { (const char *)p, (const char *)&saved };
    errata_throw_from(p, &src, desc, file, line, detail, instance, members);
}

errata_status_t errata_throw(errata_problem_t *p, const errata_descriptor_t *desc,
                             const char *file, int line, const char *detail,
                             const char *instance, const void *members)
{
    if (p == NULL)
        return ERRATA_FAILED;
    if (errata_source_aliases(p, desc, detail, instance, members)) {
        errata_throw_saved(p, desc, file, line, detail, instance, members);
    } else {
        errata_source_t src = { NULL, NULL };
        errata_throw_from(p, &src, desc, file, line, detail, instance, members);
    }
    return ERRATA_FAILED;
}

void errata_problem_set_trace_id(errata_problem_t *p, const char *trace_id)
{
    if (p == NULL)
        return;
    size_t n = 0;
    /* Printable ASCII only (a W3C trace id is hex): the id ends up in a
     * body and in logs, and anything else ends it. */
    while (trace_id != NULL && n < ERRATA_TRACE_ID_SIZE - 1 && (unsigned char)trace_id[n] >= 0x21 &&
           (unsigned char)trace_id[n] <= 0x7E) {
        p->trace_id[n] = trace_id[n];
        n++;
    }
    p->trace_id[n] = '\0';
}

size_t errata_trace_id_len(const errata_problem_t *p)
{
    size_t n = 0;
    while (n < ERRATA_TRACE_ID_SIZE && p->trace_id[n] != '\0')
        n++;
    return n;
}
