#define _XOPEN_SOURCE 700
#include "diff_source.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../lock/lock.h"
#include "../model/model.h"
#include "../support/arena.h"
#include "../support/strbuf.h"

/* Runs git with stdout into fd (or captured into *captured when fd < 0);
 * true when it exited 0. git's own messages go to our stderr. */
static bool run_git(const char *const *argv, int fd, struct strbuf *captured)
{
    int pipefd[2] = { -1, -1 };
    if (fd < 0 && pipe(pipefd) != 0)
        return false;
    pid_t pid = fork();
    if (pid < 0) {
        if (fd < 0) {
            close(pipefd[0]);
            close(pipefd[1]);
        }
        return false;
    }
    if (pid == 0) {
        dup2(fd < 0 ? pipefd[1] : fd, STDOUT_FILENO);
        if (fd < 0) {
            close(pipefd[0]);
            close(pipefd[1]);
        }
        execvp("git", (char *const *)argv);
        _exit(127);
    }
    if (fd < 0) {
        close(pipefd[1]);
        char buf[4096];
        ssize_t n;
        while ((n = read(pipefd[0], buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR))
            if (n > 0)
                strbuf_add(captured, buf, (size_t)n);
        close(pipefd[0]);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return false;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static bool wanted(const char *path)
{
    static const char *const ends[] = { ".yaml", ".yml", ".lock" };
    size_t len = strlen(path);
    for (size_t i = 0; i < 3; i++) {
        size_t n = strlen(ends[i]);
        if (len > n && strcmp(path + len - n, ends[i]) == 0)
            return true;
    }
    return false;
}

/* Creates the folders of a file's path below root. */
static bool make_parents(char *path)
{
    for (char *p = strchr(path + 1, '/'); p; p = strchr(p + 1, '/')) {
        *p = '\0';
        bool ok = mkdir(path, 0700) == 0 || errno == EEXIST;
        *p = '/';
        if (!ok)
            return false;
    }
    return true;
}

static bool extract(struct arena *a, const char *commit, const char *root, const char *file)
{
    char *dest = arena_printf(a, "%s/%s", root, file);
    if (!make_parents(dest))
        return false;
    int fd = open(dest, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0)
        return false;
    const char *argv[] = { "git", "cat-file", "blob", arena_printf(a, "%s:%s", commit, file),
                           NULL };
    bool ok = run_git(argv, fd, NULL);
    return close(fd) == 0 && ok;
}

/* PATH is relative to the current folder, as in `git show REV:./PATH`:
 * the repository prefix is put in front and "." and ".." segments folded. */
static char *repo_path(struct arena *a, const char *prefix, const char *path)
{
    char *joined = arena_printf(a, "%s%s", path[0] == '/' ? "" : prefix, path);
    char *out = arena_alloc(a, strlen(joined) + 1);
    size_t len = 0;
    for (char *seg = strtok(joined, "/"); seg; seg = strtok(NULL, "/")) {
        if (strcmp(seg, ".") == 0)
            continue;
        if (strcmp(seg, "..") == 0) {
            while (len > 0 && out[len - 1] != '/')
                len--;
            if (len > 0)
                len--;
            continue;
        }
        len += (size_t)sprintf(out + len, "%s%s", len ? "/" : "", seg);
    }
    out[len] = '\0';
    return out;
}

static bool trimmed(struct strbuf *sb)
{
    while (sb->len && (sb->data[sb->len - 1] == '\n' || sb->data[sb->len - 1] == '\r'))
        sb->data[--sb->len] = '\0';
    return true;
}

static bool open_revision(struct arena *a, const char *rev, const char *path,
                          struct diff_source *out, FILE *err)
{
    struct strbuf prefix = STRBUF_INIT, commit = STRBUF_INIT, files = STRBUF_INIT;
    const char *prefix_argv[] = { "git", "rev-parse", "--show-prefix", NULL };
    const char *verify_argv[] = { "git", "rev-parse", "--verify", "--quiet", "--end-of-options",
                                  arena_printf(a, "%s^{commit}", rev), NULL };
    bool ok = false;
    if (!run_git(prefix_argv, -1, &prefix)) {
        fprintf(err, "errata diff: '%s': not inside a git repository\n", out->spec);
    } else if (!run_git(verify_argv, -1, &commit) || !trimmed(&commit) || commit.len == 0) {
        fprintf(err, "errata diff: '%s': no revision '%s' in this repository\n", out->spec, rev);
    } else {
        trimmed(&prefix);
        const char *c = arena_strdup(a, strbuf_str(&commit));
        const char *ls_argv[] = { "git", "ls-tree", "-r", "-z", "--full-tree", "--name-only", c,
                                  NULL };
        char tmpl[] = "/tmp/errata-diff-XXXXXX";
        const char *tmp = getenv("TMPDIR");
        char *dir = tmp && *tmp ? arena_printf(a, "%s/errata-diff-XXXXXX", tmp) : tmpl;
        if (!run_git(ls_argv, -1, &files) || mkdtemp(dir) == NULL) {
            fprintf(err, "errata diff: '%s': cannot list or copy the revision's files\n",
                    out->spec);
        } else {
            out->tmpdir = strdup(dir);
            ok = true;
            for (size_t at = 0; ok && at < files.len; at += strlen(files.data + at) + 1)
                if (wanted(files.data + at))
                    ok = extract(a, c, dir, files.data + at);
            if (!ok)
                fprintf(err, "errata diff: '%s': cannot copy the revision's catalogs into %s\n",
                        out->spec, dir);
            const char *inside = repo_path(a, strbuf_str(&prefix), path);
            out->cwd = arena_printf(a, "%s/%s", dir, strbuf_str(&prefix));
            out->path = arena_printf(a, "%s/%s", dir, inside);
            struct stat st;
            if (ok && (stat(out->path, &st) != 0 || !S_ISREG(st.st_mode))) {
                fprintf(err, "errata diff: '%s': no catalog '%s' at %s\n", out->spec, inside,
                        rev);
                ok = false;
            }
        }
    }
    strbuf_release(&prefix);
    strbuf_release(&commit);
    strbuf_release(&files);
    return ok;
}

bool diff_source_open(struct arena *a, const char *spec, struct diff_source *out, FILE *err)
{
    memset(out, 0, sizeof *out);
    out->spec = spec;
    out->path = spec;
    if (strncmp(spec, "git:", 4) != 0)
        return true;
    const char *colon = strchr(spec + 4, ':');
    if (colon == NULL || colon == spec + 4 || colon[1] == '\0' || spec[4] == '-') {
        fprintf(err, "errata diff: '%s' is not git:REV:PATH\n", spec);
        return false;
    }
    out->rev = arena_strndup(a, spec + 4, (size_t)(colon - spec - 4));
    return open_revision(a, out->rev, colon + 1, out, err);
}

static const char *renamed(struct arena *a, const struct diff_source *s, const char *name)
{
    size_t n = strlen(s->tmpdir);
    if (name && strncmp(name, s->tmpdir, n) == 0 && name[n] == '/')
        return arena_printf(a, "%s:%s", s->rev, name + n + 1);
    return name;
}

void diff_source_rename(struct arena *a, const struct diff_source *s, struct model *m,
                        struct lock *lock)
{
    if (s->tmpdir == NULL)
        return;
    for (size_t i = 0; i < m->file_count; i++) {
        struct catalog_file *f = (struct catalog_file *)m->files[i];
        f->src.name = renamed(a, s, f->src.name);
    }
    if (lock && lock->path) {
        lock->path = renamed(a, s, lock->path);
        lock->src.name = lock->path;
    }
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

void diff_source_close(struct diff_source *s)
{
    if (s->tmpdir)
        nftw(s->tmpdir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
    free(s->tmpdir);
    s->tmpdir = NULL;
}
