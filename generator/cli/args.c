#include "args.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../support/fatal.h"

int cli_usage_error(const char *command, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "errata %s: ", command);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'errata %s --help'.\n", command);
    return 2;
}

static void push(const char ***items, size_t *count, const char *s)
{
    const char **grown = realloc(*items, (*count + 1) * sizeof **items);
    if (grown == NULL)
        fatal_out_of_memory();
    grown[(*count)++] = s;
    *items = grown;
}

static const struct cli_option *find_long(const struct cli_option *opts, const char *name,
                                          size_t len, size_t *index)
{
    for (size_t i = 0; opts[i].long_name; i++) {
        if (strlen(opts[i].long_name) == len && strncmp(opts[i].long_name, name, len) == 0) {
            *index = i;
            return &opts[i];
        }
    }
    return NULL;
}

static const struct cli_option *find_short(const struct cli_option *opts, char c, size_t *index)
{
    for (size_t i = 0; opts[i].long_name; i++) {
        if (opts[i].short_name == c) {
            *index = i;
            return &opts[i];
        }
    }
    return NULL;
}

/* Handles one option word; *i advances past a separate value. */
static bool parse_option(struct cli_args *out, int argc, char **argv, int *i)
{
    const char *arg = argv[*i];
    const struct cli_option *opt;
    const char *value = NULL;
    size_t index;
    if (arg[1] == '-') {
        const char *name = arg + 2;
        const char *eq = strchr(name, '=');
        opt = find_long(out->options, name, eq ? (size_t)(eq - name) : strlen(name), &index);
        if (opt == NULL) {
            cli_usage_error(out->command, "unknown option '%s'", arg);
            return false;
        }
        if (eq && !opt->takes_value) {
            cli_usage_error(out->command, "option '--%s' takes no value", opt->long_name);
            return false;
        }
        value = eq ? eq + 1 : NULL;
    } else {
        opt = find_short(out->options, arg[1], &index);
        if (opt == NULL || (!opt->takes_value && arg[2])) {
            cli_usage_error(out->command, "unknown option '%s'", arg);
            return false;
        }
        value = arg[2] ? arg + 2 : NULL;
    }
    if (opt->takes_value && value == NULL) {
        if (*i + 1 >= argc) {
            cli_usage_error(out->command, "option '%s' needs a value", arg);
            return false;
        }
        value = argv[++*i];
    }
    push(&out->values[index], &out->counts[index], value ? value : "");
    return true;
}

bool cli_parse(struct cli_args *out, const char *command, const struct cli_option *options,
               int argc, char **argv)
{
    memset(out, 0, sizeof *out);
    out->command = command;
    out->options = options;
    bool options_done = false;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (!options_done && strcmp(arg, "--") == 0) {
            options_done = true;
        } else if (!options_done && arg[0] == '-' && arg[1] != '\0') {
            if (!parse_option(out, argc, argv, &i)) {
                cli_args_free(out);
                return false;
            }
        } else {
            push(&out->positional, &out->positional_count, arg);
        }
    }
    return true;
}

void cli_args_free(struct cli_args *args)
{
    for (size_t i = 0; i < CLI_MAX_OPTIONS; i++)
        free(args->values[i]);
    free(args->positional);
    memset(args->values, 0, sizeof args->values);
    args->positional = NULL;
}

size_t cli_index(const struct cli_args *args, const char *long_name)
{
    for (size_t i = 0; args->options[i].long_name; i++) {
        if (strcmp(args->options[i].long_name, long_name) == 0)
            return i;
    }
    abort(); /* a command asked for an option it does not declare: a bug */
}

bool cli_flag(const struct cli_args *args, const char *long_name)
{
    return args->counts[cli_index(args, long_name)] > 0;
}

const char *cli_value(const struct cli_args *args, const char *long_name)
{
    size_t i = cli_index(args, long_name);
    return args->counts[i] ? args->values[i][args->counts[i] - 1] : NULL;
}

size_t cli_count(const struct cli_args *args, const char *long_name)
{
    return args->counts[cli_index(args, long_name)];
}

const char *const *cli_values(const struct cli_args *args, const char *long_name)
{
    return args->values[cli_index(args, long_name)];
}
