/* The results of a run as text (compiler-style, on the case files' lines),
 * JSON, or JUnit XML for CI. */
#ifndef ERRATA_CONFORM_REPORT_H
#define ERRATA_CONFORM_REPORT_H

#include <stdio.h>

#include "conform.h"

enum conform_format { FORMAT_TEXT, FORMAT_JSON, FORMAT_JUNIT };

/* Writes every result to out; false on a write error. */
bool conform_write_report(FILE *out, enum conform_format format,
                          const struct conform_result *results, size_t count);

#endif
