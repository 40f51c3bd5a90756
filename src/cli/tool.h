/* tool.h: the kgraph command-line tool, built as a library so tests can call into it. */
#ifndef KGRAPH_TOOL_H
#define KGRAPH_TOOL_H

#include "kgraph.h"

/* Exit statuses of every command, as diff(1) has them. */
typedef enum kg_exit {
    KG_EXIT_OK = 0,          /* success, no differences */
    KG_EXIT_DIFFERENCES = 1, /* differences or conflicts found (diff, conflicts) */
    KG_EXIT_TROUBLE = 2      /* bad input, bad usage, I/O failure */
} kg_exit;

/* Runs the tool with argv as main() gets it; returns a kg_exit. Writes to stdout/stderr. */
int kg_tool__main(int argc, char **argv);

/* The commands; argv[0] is the command name. */
int kg_cmd__check(int argc, char **argv);
int kg_cmd__render(int argc, char **argv);
int kg_cmd__diff(int argc, char **argv);
int kg_cmd__report(int argc, char **argv);
int kg_cmd__stats(int argc, char **argv);
int kg_cmd__conflicts(int argc, char **argv);
int kg_cmd__export(int argc, char **argv);

/* Prints the help of a command (NULL: the overview) to stream; returns 0, or -1 for an
 * unknown command. */
int kg_tool__help(const char *command, FILE *stream);

/* Prints "kgraph: MESSAGE" and the one-line hint "Try 'kgraph help COMMAND'." to stderr
 * and returns KG_EXIT_TROUBLE. */
int kg_usage__error(const char *command, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

#endif
