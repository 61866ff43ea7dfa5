/* errata: one YAML error catalog in; C headers, a problem+json runtime, throw
 * macros, client decoders and docs out. This file only dispatches. */
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "errata_config.h"

static const struct command *const commands[] = {
    &command_lint,
    &command_decode,
    &command_docs,
    &command_generate,
    &command_model,
    &command_render,
    &command_diff,
    &command_lock,
    &command_conform,
    &command_openapi,
    &command_schema,
};

enum { COMMAND_COUNT = sizeof commands / sizeof commands[0] };

static void print_help(FILE *out)
{
    fputs("Usage: errata COMMAND [OPTIONS] [ARGS]\n"
          "\n"
          "errata turns one YAML error catalog into the error contract of an HTTP\n"
          "service and its clients (RFC 9457 problem+json).\n"
          "\n"
          "Commands:\n",
          out);
    for (size_t i = 0; i < COMMAND_COUNT; i++)
        fprintf(out, "  %-10s %s\n", commands[i]->name, commands[i]->summary);
    fputs("\n"
          "Run 'errata COMMAND --help' for a command's options.\n"
          "  --version  print errata's version\n"
          "  --help     show this help\n"
          "\n"
          "Exit status: 0 success, 1 the input is wrong (diagnostics printed),\n"
          "2 usage or I/O error.\n",
          out);
}

static const struct command *find_command(const char *name)
{
    for (size_t i = 0; i < COMMAND_COUNT; i++) {
        if (strcmp(commands[i]->name, name) == 0)
            return commands[i];
    }
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        print_help(stderr);
        return EXIT_USAGE;
    }
    const char *name = argv[1];
    if (!strcmp(name, "--help") || !strcmp(name, "-h")) {
        print_help(stdout);
        return EXIT_OK;
    }
    if (!strcmp(name, "--version")) {
        printf("errata %s\n", ERRATA_VERSION);
        return EXIT_OK;
    }
    if (!strcmp(name, "help") && argc == 3 && find_command(argv[2])) {
        fputs(find_command(argv[2])->help, stdout);
        return EXIT_OK;
    }
    const struct command *cmd = find_command(name);
    if (cmd == NULL) {
        fprintf(stderr, "errata: unknown command '%s'\nTry 'errata --help'.\n", name);
        return EXIT_USAGE;
    }
    return cmd->run(argc - 1, argv + 1);
}
