#ifndef ERRATA_SUPPORT_FATAL_H
#define ERRATA_SUPPORT_FATAL_H

/* Ends the process with exit status 2 after telling why; used only where
 * going on is impossible (memory exhaustion). */
_Noreturn void fatal_out_of_memory(void);

#endif
