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
    char *path = output_path_join(dir, name);
    add_escaped(&df->targets, path);
    free(path);
}

void depfile_add_dep(struct depfile *df, const char *path)
{
    char *clean = output_path_clean(path);
    for (size_t i = 0; i < df->seen_count; i++) {
        if (strcmp(df->seen[i], clean) == 0) {
            free(clean);
            return;
        }
    }
    char **grown = realloc(df->seen, (df->seen_count + 1) * sizeof *grown);
    if (grown == NULL)
        fatal_out_of_memory();
    df->seen = grown;
    df->seen[df->seen_count++] = clean;
    add_escaped(&df->deps, clean);
}

void depfile_add_to(const struct depfile *df, const char *path, struct output_set *set)
{
    struct strbuf text = STRBUF_INIT;
    strbuf_addf(&text, "%s: %s\n", strbuf_str((struct strbuf *)&df->targets),
                strbuf_str((struct strbuf *)&df->deps));
    output_set_add_path(set, path, text.data, text.len); /* the set owns text now */
}
