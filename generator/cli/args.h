/* Command-line parsing shared by every command: options may come before or
 * after positional arguments, `--` ends options, `-I DIR`, `-IDIR`,
 * `--opt value` and `--opt=value` all work. */
#ifndef ERRATA_CLI_ARGS_H
#define ERRATA_CLI_ARGS_H

#include <stdbool.h>
#include <stddef.h>

enum { CLI_MAX_OPTIONS = 16 };

struct cli_option {
    const char *long_name; /* without "--" */
    char short_name;       /* 0 for none */
    bool takes_value;
};

struct cli_args {
    const char *command;
    const struct cli_option *options; /* terminated by a NULL long_name */
    const char **values[CLI_MAX_OPTIONS];
    size_t counts[CLI_MAX_OPTIONS];
    const char **positional;
    size_t positional_count;
};

/* Parses argv (argv[0] is the command's name). On a usage error prints a
 * message naming the command and returns false. Arrays are heap-allocated:
 * release with cli_args_free. */
bool cli_parse(struct cli_args *out, const char *command, const struct cli_option *options,
               int argc, char **argv);
void cli_args_free(struct cli_args *args);

/* Index of an option by long name in the table given to cli_parse. */
size_t cli_index(const struct cli_args *args, const char *long_name);
bool cli_flag(const struct cli_args *args, const char *long_name);
/* The last value of an option, or NULL. */
const char *cli_value(const struct cli_args *args, const char *long_name);
size_t cli_count(const struct cli_args *args, const char *long_name);
const char *const *cli_values(const struct cli_args *args, const char *long_name);

/* "errata CMD: message" + "Try 'errata CMD --help'." on stderr; returns 2. */
int cli_usage_error(const char *command, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
