#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fatal.h"

void strbuf_release(struct strbuf *sb)
{
    free(sb->data);
    sb->data = NULL;
    sb->len = 0;
    sb->cap = 0;
}

void strbuf_reset(struct strbuf *sb)
{
    sb->len = 0;
    if (sb->data)
        sb->data[0] = '\0';
}

static void reserve(struct strbuf *sb, size_t extra)
{
    if (extra > (size_t)-1 - sb->len - 1)
        fatal_out_of_memory();
    size_t need = sb->len + extra + 1;
    if (need <= sb->cap)
        return;
    size_t cap = sb->cap ? sb->cap : 64;
    while (cap < need)
        cap = cap > (size_t)-1 / 2 ? need : cap * 2;
    char *p = realloc(sb->data, cap);
    if (p == NULL)
        fatal_out_of_memory();
    sb->data = p;
    sb->cap = cap;
}

void strbuf_add(struct strbuf *sb, const void *data, size_t len)
{
    reserve(sb, len);
    if (len)
        memcpy(sb->data + sb->len, data, len);
    sb->len += len;
    sb->data[sb->len] = '\0';
}

void strbuf_adds(struct strbuf *sb, const char *s)
{
    strbuf_add(sb, s, strlen(s));
}

void strbuf_addc(struct strbuf *sb, char c)
{
    strbuf_add(sb, &c, 1);
}

void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
    /* Format straight into the spare room; grow and redo only when short. */
    reserve(sb, 64);
    va_list copy;
    va_copy(copy, ap);
    size_t room = sb->cap - sb->len;
    int n = vsnprintf(sb->data + sb->len, room, fmt, copy);
    va_end(copy);
    if (n < 0)
        fatal_out_of_memory();
    if ((size_t)n >= room) {
        reserve(sb, (size_t)n);
        vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
    }
    sb->len += (size_t)n;
}

void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    strbuf_vaddf(sb, fmt, ap);
    va_end(ap);
}

const char *strbuf_str(struct strbuf *sb)
{
    return sb->data ? sb->data : "";
}
