/* Detail and header templates: literal text and member values, rendered
 * through an output cursor (the arena for a detail, the caller's scratch
 * buffer for a header). */
#include "internal.h"

/* Inside a quoted-string a bare '"' would end it and '\' would escape what
 * follows: both go in as quoted-pairs. */
static bool write_quoted(errata_out_t *o, const errata_value_t *v)
{
    if (!v->present || v->kind != ERRATA_KIND_STRING)
        return errata_write_text(o, v);
    for (const char *s = v->u.string; *s; s++) {
        if (*s == '"' || *s == '\\')
            errata_out_char(o, '\\');
        errata_out_char(o, *s);
    }
    return true;
}

bool errata_render(errata_out_t *o, const errata_problem_t *p, const errata_template_part_t *parts,
                   size_t count)
{
    const errata_descriptor_t *desc = p->desc;
    for (size_t i = 0; i < count; i++) {
        const errata_template_part_t *part = &parts[i];
        if (part->text != NULL) {
            errata_out_str(o, part->text);
            continue;
        }
        /* A member index the descriptor does not have counts as absent,
         * like a member that was not given. */
        if (desc == NULL || part->member < 0 || (size_t)part->member >= desc->member_count ||
            (size_t)part->member >= ERRATA_MAX_MEMBERS)
            return false;
        const errata_value_t *v = &p->members[part->member];
        if (!(part->quoted ? write_quoted(o, v) : errata_write_text(o, v)))
            return false;
    }
    return true;
}
