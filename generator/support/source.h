/* A file's bytes kept for the whole run, so diagnostics can quote the line they
 * point at. Positions are 1-based; columns count characters (UTF-8 code points),
 * as libyaml's marks do. */
#ifndef ERRATA_SUPPORT_SOURCE_H
#define ERRATA_SUPPORT_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;

struct source {
    const char *name; /* as shown in diagnostics */
    const char *text; /* NUL-terminated copy of the bytes */
    size_t len;
    /* Offsets of line starts, once source_index ran: positions are then
     * found in log time, so locating every node of a big file stays linear. */
    const size_t *lines;
    size_t line_count;
};

struct loc {
    const struct source *src; /* NULL: no file at all */
    uint32_t line;            /* 0: the whole file, no position */
    uint32_t col;
};

enum source_status {
    SOURCE_OK,
    SOURCE_IO_ERROR,  /* errno is set */
    SOURCE_TOO_LARGE, /* more than max_size bytes */
};

/* Reads a whole file into the arena, refusing more than max_size bytes
 * without reading past that (works for pipes and devices too). */
enum source_status source_read_file(struct arena *a, const char *path, size_t max_size,
                                    struct source *out);
void source_from_memory(struct source *out, const char *name, const char *text, size_t len);

/* Builds the line index (into the arena). */
/* 3 when the text starts with a UTF-8 BOM (skipped: line 1 starts after it), else 0. */
size_t source_bom_len(const struct source *src);

void source_index(struct arena *a, struct source *src);

/* The bytes of line number `line` (1-based), without its newline. */
bool source_line(const struct source *src, uint32_t line, const char **start, size_t *len);

/* Location of the byte at `offset`, counting lines and characters. */
struct loc source_loc_at(const struct source *src, size_t offset);

/* Byte offset of a location (the inverse of source_loc_at). */
size_t source_offset(const struct source *src, struct loc loc);

#endif
