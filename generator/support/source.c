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
    out->name = arena_strdup(a, path);
    out->text = arena_strndup(a, sb.data ? sb.data : "", sb.len);
    out->len = sb.len;
    strbuf_release(&sb);
    return SOURCE_OK;
}

void source_from_memory(struct source *out, const char *name, const char *text, size_t len)
{
    out->name = name;
    out->text = text;
    out->len = len;
}

bool source_line(const struct source *src, uint32_t line, const char **start, size_t *len)
{
    if (src == NULL || line == 0)
        return false;
    const char *p = src->text, *end = src->text + src->len;
    for (uint32_t l = 1; l < line; l++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (nl == NULL)
            return false;
        p = nl + 1;
    }
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
    for (size_t i = 0; i < offset; i++) {
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
    const char *line;
    size_t len;
    if (!source_line(src, loc.line, &line, &len))
        return src->len;
    size_t off = (size_t)(line - src->text);
    uint32_t col = 1;
    while (off < src->len && col < loc.col) {
        off++;
        while (off < src->len && ((unsigned char)src->text[off] & 0xC0) == 0x80)
            off++;
        col++;
    }
    return off;
}
