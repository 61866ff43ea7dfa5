/* The files one `errata generate` run produces, kept in memory until every one
 * of them rendered without error, then committed all or nothing: each goes to
 * a temporary file in its own folder first (the output folder, or another one
 * for a file such as the depfile), and only when all temporaries are complete
 * are they renamed into place. A file whose content did not change is left
 * alone, so its mtime (and the build's incrementality) holds. */
#ifndef ERRATA_OUTPUT_OUTPUT_SET_H
#define ERRATA_OUTPUT_OUTPUT_SET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct output_file {
    char *dir;        /* its folder; NULL for the folder given to the commit; owned */
    char *name;       /* relative to its folder; no '/'; owned */
    char *data;       /* heap, owned by the set */
    size_t len;
};

struct output_set {
    struct output_file *files;
    size_t count, cap;
};

/* The file-system calls the commit makes, replaceable so tests can make any
 * of them fail and check that nothing partial is left behind. */
struct output_ops {
    int (*open_temp)(char *path_template);                  /* mkstemp */
    size_t (*write)(int fd, const void *data, size_t len); /* bytes written */
    int (*close)(int fd);
    int (*rename)(const char *from, const char *to);
    int (*unlink)(const char *path);
};

extern const struct output_ops output_posix_ops;

void output_set_init(struct output_set *set);
void output_set_release(struct output_set *set);
/* Copies name; takes ownership of data (heap). */
void output_set_add(struct output_set *set, const char *name, char *data, size_t len);
/* The same for a file given by its path, which may name another folder than
 * the commit's ("deps/pets.d"; "pets.d" is in "."). The folder must exist:
 * the commit creates none. */
void output_set_add_path(struct output_set *set, const char *path, char *data, size_t len);

/* path with runs of '/' made one, "." segments and a trailing '/' dropped:
 * "out//./x/" gives "out/x", "./x" gives "x", "" and "./" give ".", "//" gives
 * "/". ".." is kept (a symbolic link makes it mean what it says). Heap. */
char *output_path_clean(const char *path);
/* output_path_clean(dir + "/" + name): "out/" and "pets_errors.c" give
 * "out/pets_errors.c", never "out//pets_errors.c". Heap. */
char *output_path_join(const char *dir, const char *name);

struct output_result {
    size_t written;   /* files created or replaced */
    size_t unchanged; /* files already up to date */
};

/* Writes the set into dir (and each file with a folder of its own into that
 * one). On failure prints "errata: ..." to err, removes every temporary file,
 * and returns false; files already there are then untouched unless the
 * failure struck in the final renames, which go in the order files were
 * added. */
bool output_set_commit(const struct output_set *set, const char *dir, const struct output_ops *ops,
                       FILE *err, struct output_result *result);

#endif
