#include "source.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "arena.h"
#include "strbuf.h"

enum source_status source_read_file(struct arena *a, const char *path, size_t max_size,
                                    struct source *out)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return SOURCE_IO_ERROR;
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(f);
        errno = EISDIR;
        return SOURCE_IO_ERROR;
    }
    if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && (uintmax_t)st.st_size > max_size) {
        fclose(f);
        return SOURCE_TOO_LARGE;
    }
    struct strbuf sb = STRBUF_INIT;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (sb.len + n > max_size) {
            strbuf_release(&sb);
            fclose(f);
            return SOURCE_TOO_LARGE;
        }
        strbuf_add(&sb, chunk, n);
    }
    int failed = ferror(f);
    int saved = errno;
    fclose(f);
    if (failed) {
        strbuf_release(&sb);
        errno = saved ? saved : EIO;
        return SOURCE_IO_ERROR;
    }
    source_from_memory(out, arena_strdup(a, path), arena_strndup(a, sb.data ? sb.data : "", sb.len),
                       sb.len);
    strbuf_release(&sb);
    return SOURCE_OK;
}

void source_from_memory(struct source *out, const char *name, const char *text, size_t len)
{
    out->name = name;
    out->text = text;
    out->len = len;
    out->lines = NULL;
    out->line_count = 0;
}

void source_index(struct arena *a, struct source *src)
{
    size_t count = 1;
    for (const char *p = src->text; (p = memchr(p, '\n', (size_t)(src->text + src->len - p)));
         p++)
        count++;
    size_t *lines = arena_alloc_array(a, count, sizeof *lines);
    size_t n = 0;
    lines[n++] = source_bom_len(src);
    for (size_t i = 0; i < src->len; i++) {
        if (src->text[i] == '\n')
            lines[n++] = i + 1;
    }
    src->lines = lines;
    src->line_count = count;
}

size_t source_bom_len(const struct source *src)
{
    return src->len >= 3 && memcmp(src->text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

/* The offset where line `line` starts, or (size_t)-1 when there is none.
 * Line 1 starts after a BOM: it is no character of the text. */
static size_t line_start(const struct source *src, uint32_t line)
{
    if (line == 0)
        return (size_t)-1;
    if (line == 1)
        return source_bom_len(src);
    if (src->lines)
        return line <= src->line_count ? src->lines[line - 1] : (size_t)-1;
    const char *p = src->text, *end = src->text + src->len;
    for (uint32_t l = 1; l < line; l++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (nl == NULL)
            return (size_t)-1;
        p = nl + 1;
    }
    return (size_t)(p - src->text);
}

bool source_line(const struct source *src, uint32_t line, const char **start, size_t *len)
{
    if (src == NULL)
        return false;
    size_t first = line_start(src, line);
    if (first == (size_t)-1)
        return false;
    const char *p = src->text + first, *end = src->text + src->len;
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *stop = nl ? nl : end;
    if (stop > p && stop[-1] == '\r')
        stop--;
    *start = p;
    *len = (size_t)(stop - p);
    return true;
}

struct loc source_loc_at(const struct source *src, size_t offset)
{
    struct loc loc = { src, 1, 1 };
    if (offset > src->len)
        offset = src->len;
    size_t i = source_bom_len(src);
    if (offset < i)
        return loc;
    if (src->lines) { /* binary search for the last line starting at or before offset */
        size_t lo = 0, hi = src->line_count;
        while (hi - lo > 1) {
            size_t mid = lo + (hi - lo) / 2;
            if (src->lines[mid] <= offset)
                lo = mid;
            else
                hi = mid;
        }
        loc.line = (uint32_t)lo + 1;
        i = src->lines[lo];
    }
    for (; i < offset; i++) {
        unsigned char c = (unsigned char)src->text[i];
        if (c == '\n') {
            loc.line++;
            loc.col = 1;
        } else if ((c & 0xC0) != 0x80) {
            loc.col++;
        }
    }
    return loc;
}

size_t source_offset(const struct source *src, struct loc loc)
{
    size_t off = line_start(src, loc.line);
    if (off == (size_t)-1)
        return src->len;
    uint32_t col = 1;
    while (off < src->len && col < loc.col) {
        off++;
        while (off < src->len && ((unsigned char)src->text[off] & 0xC0) == 0x80)
            off++;
        col++;
    }
    return off;
}
