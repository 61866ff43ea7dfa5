/* The subcommands of `errata`. Each takes argv with argv[0] = its name and
 * returns the process exit status: 0 success, 1 bad input, 2 usage or I/O. */
#ifndef ERRATA_CLI_COMMANDS_H
#define ERRATA_CLI_COMMANDS_H

#include "args.h"

struct arena;
struct diag;
struct model;

enum {
    EXIT_OK = 0,
    EXIT_INVALID = 1,
    EXIT_USAGE = 2,
};

struct command {
    const char *name;
    const char *summary;
    const char *help; /* full --help text */
    int (*run)(int argc, char **argv);
};

extern const struct command command_lint;
extern const struct command command_model;
extern const struct command command_generate;
extern const struct command command_render;
extern const struct command command_decode;
extern const struct command command_docs;
extern const struct command command_diff;
extern const struct command command_lock;
extern const struct command command_conform;
extern const struct command command_openapi;
extern const struct command command_schema;

/* The options every catalog-reading command shares. */
#define CATALOG_CLI_OPTIONS                                                                      \
    { "include-dir", 'I', true }, { "werror", 0, false }, { "help", 'h', false }

/* Loads and checks one catalog with the -I and --werror of args. Returns an
 * exit status (0, 1 or 2); diagnostics go to stderr through d. */
int cli_load_catalog(const struct cli_args *args, const char *path, struct arena *a,
                     struct diag *d, struct model *out);
/* The same without applying the catalog's lock (errata lock reads it itself). */
int cli_load_unlocked(const struct cli_args *args, const char *path, struct arena *a,
                      struct diag *d, struct model *out);

struct target;

/* Loads the catalog args name and renders the targets into the -o folder,
 * with args' --templates, --depfile, -I and --werror: the body of `errata
 * generate` and `errata docs`. */
int cli_generate(const struct cli_args *args, const struct target *const *targets,
                 size_t target_count, bool emit_runtime);
/* cmd_docs.c: req rendered in the language --locale names (the catalog's
 * into req->out_dir, a translation's into req->out_dir/TAG), or in every
 * language with --locale all; as generate_run without --locale. */
struct arena;
struct diag;
struct generate_request;
int cli_generate_locales(const struct cli_args *args, struct arena *a, struct diag *d,
                         const struct generate_request *req);

/* The command line of a command that reads one catalog and writes into
 * `-o DIR` (generate, docs): --help, then exactly one catalog and -o, then
 * body; returns the exit status. */
int cli_run_writer(const char *command, const struct cli_option *options, const char *help,
                   int (*body)(const struct cli_args *args), int argc, char **argv);

struct lock;

/* True when the command's option table has --long_name. */
bool cli_declares(const struct cli_args *args, const char *long_name);
/* The lock of a catalog: --lock FILE (*named) when the command has that
 * option and it was given, else NAME.lock beside the catalog. */
const char *cli_lock_path(const struct cli_args *args, struct arena *a, const char *catalog,
                          bool *named);
/* Reads the lock (missing is fine unless `required`) and applies it to the
 * model (lock/lock.h); out, when not NULL, receives it (path NULL: none).
 * Returns an exit status. */
int cli_apply_lock(const char *lock_path, bool required, bool warn_outdated, struct arena *a,
                   struct diag *d, struct model *m, struct lock *out);
/* Writes the lock the model makes (with old's tombstones) to lock_path,
 * atomically. Returns an exit status. */
int cli_write_lock(struct arena *a, struct diag *d, const char *lock_path, const char *catalog,
                   const struct lock *old, const struct model *m);

/* generate --update-lock: rewrites the catalog's lock from the model. */
int cli_update_lock(const struct cli_args *args, struct arena *a, struct diag *d,
                    const char *catalog, const struct model *m);

/* Prints "errata: N errors, M warnings" when anything was reported. */
void cli_summarize(const struct diag *d);

#endif
