#include "depfile.h"

#include <stdlib.h>
#include <string.h>

#include "../output/output_set.h"
#include "../support/fatal.h"

void depfile_init(struct depfile *df)
{
    memset(df, 0, sizeof *df);
}

void depfile_release(struct depfile *df)
{
    strbuf_release(&df->targets);
    strbuf_release(&df->deps);
    for (size_t i = 0; i < df->seen_count; i++)
        free(df->seen[i]);
    free(df->seen);
}

/* Make's quoting, which ninja's depfile reader shares: a space or '#' gets a
 * backslash, '$' doubles. */
static void add_escaped(struct strbuf *sb, const char *path)
{
    if (sb->len)
        strbuf_addc(sb, ' ');
    for (; *path; path++) {
        if (*path == ' ' || *path == '#' || *path == '\\')
            strbuf_addc(sb, '\\');
        if (*path == '$')
            strbuf_addc(sb, '$');
        strbuf_addc(sb, *path);
    }
}

void depfile_add_target(struct depfile *df, const char *dir, const char *name)
{
    struct strbuf path = STRBUF_INIT;
    strbuf_addf(&path, "%s/%s", dir, name);
    add_escaped(&df->targets, path.data);
    strbuf_release(&path);
}

void depfile_add_dep(struct depfile *df, const char *path)
{
    for (size_t i = 0; i < df->seen_count; i++) {
        if (strcmp(df->seen[i], path) == 0)
            return;
    }
    char **grown = realloc(df->seen, (df->seen_count + 1) * sizeof *grown);
    char *copy = strdup(path);
    if (grown == NULL || copy == NULL)
        fatal_out_of_memory();
    df->seen = grown;
    df->seen[df->seen_count++] = copy;
    add_escaped(&df->deps, path);
}

bool depfile_write(const struct depfile *df, const char *path, FILE *err)
{
    struct strbuf text = STRBUF_INIT;
    strbuf_addf(&text, "%s: %s\n", strbuf_str((struct strbuf *)&df->targets),
                strbuf_str((struct strbuf *)&df->deps));
    char *dir = strdup(path);
    if (dir == NULL)
        fatal_out_of_memory();
    char *slash = strrchr(dir, '/');
    const char *name = path;
    if (slash) {
        *slash = '\0';
        name = path + (slash - dir) + 1;
    }
    struct output_set set;
    output_set_init(&set);
    output_set_add(&set, name, text.data, text.len); /* the set owns text now */
    struct output_result result;
    bool ok = output_set_commit(&set, slash ? (*dir ? dir : "/") : ".", &output_posix_ops, err,
                                &result);
    output_set_release(&set);
    free(dir);
    return ok;
}
