#include "output_set.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../support/fatal.h"
#include "../support/strbuf.h"

static int posix_open_temp(char *path_template)
{
    int fd = mkstemp(path_template);
    if (fd >= 0) {
        /* mkstemp makes 0600 files; generated files get the usual mode. */
        mode_t mask = umask(0);
        umask(mask);
        fchmod(fd, 0666 & ~mask);
    }
    return fd;
}

static size_t posix_write(int fd, const void *data, size_t len)
{
    const char *p = data;
    size_t done = 0;
    while (done < len) {
        ssize_t n = write(fd, p + done, len - done);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        done += (size_t)n;
    }
    return done;
}

const struct output_ops output_posix_ops = {
    posix_open_temp, posix_write, close, rename, unlink,
};

void output_set_init(struct output_set *set)
{
    memset(set, 0, sizeof *set);
}

void output_set_release(struct output_set *set)
{
    for (size_t i = 0; i < set->count; i++) {
        free(set->files[i].dir);
        free(set->files[i].name);
        free(set->files[i].data);
    }
    free(set->files);
    output_set_init(set);
}

/* Takes ownership of dir (may be NULL) and data; copies name. */
static void add_file(struct output_set *set, char *dir, const char *name, char *data, size_t len)
{
    if (set->count == set->cap) {
        size_t cap = set->cap ? set->cap * 2 : 8;
        struct output_file *files = realloc(set->files, cap * sizeof *files);
        if (files == NULL)
            fatal_out_of_memory();
        set->files = files;
        set->cap = cap;
    }
    char *copy = strdup(name);
    if (copy == NULL)
        fatal_out_of_memory();
    set->files[set->count++] = (struct output_file){ dir, copy, data, len };
}

void output_set_add(struct output_set *set, const char *name, char *data, size_t len)
{
    add_file(set, NULL, name, data, len);
}

void output_set_add_path(struct output_set *set, const char *path, char *data, size_t len)
{
    char *dir = output_path_clean(path);
    char *slash = strrchr(dir, '/');
    if (slash == NULL) {
        char *here = strdup(".");
        if (here == NULL)
            fatal_out_of_memory();
        add_file(set, here, dir, data, len);
        free(dir);
        return;
    }
    char *name = strdup(slash + 1);
    if (name == NULL)
        fatal_out_of_memory();
    if (slash == dir)
        slash[1] = '\0'; /* "/x" is x in "/" */
    else
        *slash = '\0';
    add_file(set, dir, name, data, len);
    free(name);
}

char *output_path_clean(const char *path)
{
    struct strbuf sb = STRBUF_INIT;
    if (path[0] == '/')
        strbuf_addc(&sb, '/');
    for (const char *p = path; *p;) {
        while (*p == '/')
            p++;
        size_t n = strcspn(p, "/");
        if (n > 0 && !(n == 1 && p[0] == '.')) {
            if (sb.len > 0 && sb.data[sb.len - 1] != '/')
                strbuf_addc(&sb, '/');
            strbuf_add(&sb, p, n);
        }
        p += n;
    }
    if (sb.len == 0)
        strbuf_addc(&sb, '.');
    return sb.data;
}

char *output_path_join(const char *dir, const char *name)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "%s/%s", dir, name);
    char *clean = output_path_clean(sb.data);
    strbuf_release(&sb);
    return clean;
}

/* True when path holds exactly these bytes. */
static bool same_content(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return false;
    char buf[65536];
    size_t off = 0, n;
    bool same = true;
    while (same && (n = fread(buf, 1, sizeof buf, f)) > 0) {
        same = off + n <= len && memcmp(buf, data + off, n) == 0;
        off += n;
    }
    same = same && !ferror(f) && off == len;
    fclose(f);
    return same;
}

/* A folder where a file should go would make its rename fail after the
 * others were done: refuse it before anything is written. */
static bool is_folder(const char *path, FILE *err)
{
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
        return false;
    fprintf(err, "errata: cannot write '%s': it is a folder\n", path);
    return true;
}

struct pending {
    char *temp;  /* heap; NULL when the file is unchanged */
    char *final; /* heap */
};

static void remove_temps(struct pending *p, size_t count, const struct output_ops *ops)
{
    for (size_t i = 0; i < count; i++) {
        if (p[i].temp)
            ops->unlink(p[i].temp);
    }
}

static bool write_temp(const char *dir, const struct output_file *f, struct pending *p,
                       const struct output_ops *ops, FILE *err)
{
    struct strbuf temp = STRBUF_INIT;
    strbuf_addf(&temp, ".%s.XXXXXX", f->name);
    char *path = output_path_join(dir, temp.data);
    strbuf_release(&temp);
    int fd = ops->open_temp(path);
    if (fd < 0) {
        fprintf(err, "errata: cannot create a file in '%s': %s\n", dir, strerror(errno));
        free(path);
        return false;
    }
    p->temp = path; /* ownership moves to p */
    size_t n = ops->write(fd, f->data, f->len);
    int saved = errno;
    int closed = ops->close(fd);
    if (n != f->len || closed != 0) {
        fprintf(err, "errata: cannot write '%s': %s\n", p->final,
                strerror(n != f->len ? (saved ? saved : EIO) : errno));
        return false;
    }
    return true;
}

bool output_set_commit(const struct output_set *set, const char *dir, const struct output_ops *ops,
                       FILE *err, struct output_result *result)
{
    struct pending *p = calloc(set->count ? set->count : 1, sizeof *p);
    if (p == NULL)
        fatal_out_of_memory();
    bool ok = true;
    memset(result, 0, sizeof *result);
    for (size_t i = 0; i < set->count && ok; i++) {
        const struct output_file *f = &set->files[i];
        const char *in = f->dir ? f->dir : dir;
        p[i].final = output_path_join(in, f->name);
        if (same_content(p[i].final, f->data, f->len)) {
            result->unchanged++;
            continue;
        }
        ok = !is_folder(p[i].final, err) && write_temp(in, f, &p[i], ops, err);
    }
    for (size_t i = 0; i < set->count && ok; i++) {
        if (p[i].temp == NULL)
            continue;
        if (ops->rename(p[i].temp, p[i].final) != 0) {
            fprintf(err, "errata: cannot rename '%s' to '%s': %s\n", p[i].temp, p[i].final,
                    strerror(errno));
            ok = false;
            break;
        }
        free(p[i].temp);
        p[i].temp = NULL;
        result->written++;
    }
    if (!ok)
        remove_temps(p, set->count, ops);
    for (size_t i = 0; i < set->count; i++) {
        free(p[i].temp);
        free(p[i].final);
    }
    free(p);
    return ok;
}
