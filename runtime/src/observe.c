/* The observer hook: logs and metrics see every problem sent, with its
 * real detail, every header dropped, and every member that broke the
 * catalog's contract at throw. */
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
    e.member = NULL;
    e.fault = ERRATA_FAULT_NONE;
    e.problem = p;
    return e;
}

/* The faults recorded at throw, one event each. */
static void errata_observe_faults(const errata_problem_t *p, errata_observer_fn observer,
                                  void *ctx)
{
    const errata_descriptor_t *desc = p->desc;
    size_t n = desc->member_count < ERRATA_MAX_MEMBERS ? desc->member_count : ERRATA_MAX_MEMBERS;
    for (size_t i = 0; desc->members != NULL && i < n; i++) {
        if (p->faults[i] == ERRATA_FAULT_NONE)
            continue;
        errata_event_t e = errata_event_for(p, ERRATA_EVENT_MEMBER_FAULT, NULL);
        e.member = desc->members[i].name;
        e.fault = (errata_fault_t)p->faults[i];
        observer(&e, ctx);
    }
    static const struct {
        unsigned bit;
        const char *text;
        errata_fault_t fault;
    } texts[] = {
        { ERRATA_TEXT_DETAIL_CUT, "detail", ERRATA_FAULT_CUT },
        { ERRATA_TEXT_DETAIL_DROPPED, "detail", ERRATA_FAULT_MISSING },
        { ERRATA_TEXT_INSTANCE_CUT, "instance", ERRATA_FAULT_CUT },
        { ERRATA_TEXT_INSTANCE_DROPPED, "instance", ERRATA_FAULT_MISSING },
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        if (!(p->text_faults & texts[i].bit))
            continue;
        errata_event_t e = errata_event_for(p, ERRATA_EVENT_TEXT_CUT, NULL);
        e.member = texts[i].text;
        e.fault = texts[i].fault;
        observer(&e, ctx);
    }
}

void errata_problem_observe(const errata_problem_t *p, errata_observer_fn observer, void *ctx)
{
    if (observer == NULL)
        return;
    errata_event_t e = errata_event_for(p, ERRATA_EVENT_SENT, NULL);
    observer(&e, ctx);
    if (p != NULL && p->desc != NULL)
        errata_observe_faults(p, observer, ctx);
}
