#include "errata/errata.h"

const char *errata_runtime_version(void)
{
    return ERRATA_VERSION_STRING;
}
