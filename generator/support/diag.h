/* The one sink every diagnostic goes to: compiler-style lines
 * (FILE:LINE:COL: error|warning|note: message), the quoted source line and a
 * caret, and counts, so a run reports every problem and then decides. */
#ifndef ERRATA_SUPPORT_DIAG_H
#define ERRATA_SUPPORT_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

#include "source.h"

struct diag {
    FILE *out;
    unsigned errors;
    unsigned warnings;
    bool werror; /* warnings are reported and counted as errors */
};

void diag_init(struct diag *d, FILE *out, bool werror);

void diag_error(struct diag *d, struct loc loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A warning has a name, printed as gcc does: "... [-Wname]", or with
 * --werror "error: ... [-Werror=name]". */
void diag_warning(struct diag *d, struct loc loc, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void diag_vwarning(struct diag *d, struct loc loc, const char *name, const char *fmt,
                   va_list ap) __attribute__((format(printf, 4, 0)));
/* Attached to the diagnostic just reported (e.g. "first defined here"). */
void diag_note(struct diag *d, struct loc loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* One report in the same form with a kind of the caller's ("breaking"),
 * counted nowhere: for tools whose findings are not diagnostics (errata diff). */
void diag_show(FILE *out, struct loc loc, const char *kind, const char *message,
               const char *suffix);

static inline bool diag_failed(const struct diag *d)
{
    return d->errors > 0;
}

#endif
