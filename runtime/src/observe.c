/* The observer hook: logs and metrics see every problem sent, with its
 * real detail, and every header dropped. */
#include "internal.h"

errata_event_t errata_event_for(const errata_problem_t *p, errata_event_kind_t kind,
                                const char *header)
{
    const errata_descriptor_t *desc = errata_problem_desc(p);
    errata_event_t e;
    e.kind = kind;
    e.code_name = desc->code_name != NULL ? desc->code_name : "";
    e.status = desc->status;
    e.detail = p != NULL ? p->detail : NULL;
    e.file = p != NULL && p->file != NULL ? p->file : "";
    e.line = p != NULL ? p->line : 0;
    /* trace_id is a public array a caller may have filled to the brim
     * without a NUL; only a terminated one is passed on. */
    e.trace_id = p != NULL && errata_trace_id_len(p) < ERRATA_TRACE_ID_SIZE ? p->trace_id : "";
    e.header = header;
    return e;
}

void errata_problem_observe(const errata_problem_t *p, errata_observer_fn observer, void *ctx)
{
    if (observer == NULL)
        return;
    errata_event_t e = errata_event_for(p, ERRATA_EVENT_SENT, NULL);
    observer(&e, ctx);
}
