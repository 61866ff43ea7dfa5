#include "fatal.h"

#include <stdio.h>
#include <stdlib.h>

_Noreturn void fatal_out_of_memory(void)
{
    fputs("errata: out of memory\n", stderr);
    exit(2);
}
