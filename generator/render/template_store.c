#include "template_store.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "../support/arena.h"
#include "../support/diag.h"
#include "../support/embedded.h"
#include "../template/mustache.h"

/* Template files are small; a bigger one is a mistake, not a template. */
enum { TEMPLATE_MAX_SIZE = 4 * 1024 * 1024 };

static const char BUILTIN_PREFIX[] = "builtin/";

void template_store_init(struct template_store *s, struct arena *a, struct diag *d,
                         const char *dir, bool use_builtin)
{
    memset(s, 0, sizeof *s);
    s->a = a;
    s->d = d;
    s->dir = dir;
    s->use_builtin = use_builtin;
}

static bool safe_name(const char *name, size_t len)
{
    if (len == 0 || name[0] == '/' || memchr(name, '\0', len))
        return false;
    for (size_t i = 0; i + 1 < len; i++) {
        if (name[i] == '.' && name[i + 1] == '.')
            return false;
    }
    return true;
}

static bool from_builtin(struct template_store *s, const char *name, struct source *out)
{
    const char *file = arena_printf(s->a, "%s.mustache", name);
    const struct embedded_file *e = embedded_find(embedded_templates, file);
    if (e == NULL)
        return false;
    source_from_memory(out, arena_printf(s->a, "<builtin>/%s", file), e->data, e->len);
    return true;
}

static bool from_dir(struct template_store *s, const char *name, struct source *out)
{
    const char *path = arena_printf(s->a, "%s/%s.mustache", s->dir, name);
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return false;
    switch (source_read_file(s->a, path, TEMPLATE_MAX_SIZE, out)) {
    case SOURCE_OK:
        break;
    case SOURCE_TOO_LARGE:
        diag_error(s->d, (struct loc){ NULL, 0, 0 }, "template '%s' is larger than %d bytes",
                   path, TEMPLATE_MAX_SIZE);
        s->errors++;
        return false;
    case SOURCE_IO_ERROR:
        diag_error(s->d, (struct loc){ NULL, 0, 0 }, "cannot read template '%s': %s", path,
                   strerror(errno));
        s->errors++;
        return false;
    }
    s->read = arena_grow(s->a, s->read, &s->read_cap, s->read_count + 1, sizeof *s->read);
    s->read[s->read_count++] = out->name;
    return true;
}

bool template_store_find(struct template_store *s, const char *name, size_t len,
                         struct source *out)
{
    if (!safe_name(name, len))
        return false;
    const char *n = arena_strndup(s->a, name, len);
    size_t prefix = sizeof BUILTIN_PREFIX - 1;
    if (len > prefix && strncmp(n, BUILTIN_PREFIX, prefix) == 0)
        return from_builtin(s, n + prefix, out);
    if (s->dir && from_dir(s, n, out))
        return true;
    return s->use_builtin && from_builtin(s, n, out);
}

static bool load(void *ctx, const char *name, size_t len, struct source *out)
{
    return template_store_find(ctx, name, len, out);
}

struct mustache_loader template_store_loader(struct template_store *s)
{
    struct mustache_loader l = { load, s };
    return l;
}
