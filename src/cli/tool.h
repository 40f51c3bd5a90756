/* tool.h: the kgraph command-line tool, built as a library so tests can call into it. */
#ifndef KGRAPH_TOOL_H
#define KGRAPH_TOOL_H

#include "kgraph.h"
#include "args.h"
#include "viewopts.h"

/* Exit statuses of every command, as diff(1) has them. */
typedef enum kg_exit {
    KG_EXIT_OK = 0,          /* success, no differences */
    KG_EXIT_DIFFERENCES = 1, /* differences or conflicts found (diff, conflicts) */
    KG_EXIT_TROUBLE = 2      /* bad input, bad usage, I/O failure */
} kg_exit;

/* What a command's arguments gathered (kg_cli__parse); values borrowed from argv. */
typedef struct kg_cli {
    const char *command;
    const char *opt[OPT_COUNT]; /* the last value of each option given; a flag's is "" */
    const char *pos[9];         /* positional arguments (diff; the others take DATASET) */
    size_t npos;
    kg_dataset_args d;
    kg_view_args view;          /* finished (kg_view__args_finish) */
    kg_config *config;          /* DATASET/kgraph.ini, applied (kg_config__cli); owned */
    kg_dataset *ds;             /* kg_cli__load: the dataset and its view's masks (NULL: */
    unsigned char *entity_mask, *relation_mask; /* everything); owned, kg_cli__free */
} kg_cli;

/* A command: its table (options, positional arguments and help text in help order) and
 * what runs it once the arguments are parsed. */
typedef struct kg_command {
    const char *name;
    const char *summary;        /* its line in `kgraph --help` */
    const kg_option *options;
    size_t positional;          /* how many positional arguments it takes (1: DATASET) */
    int (*run)(kg_cli *cli);    /* returns a kg_exit */
} kg_command;

extern const kg_command kg_cmd__check, kg_cmd__render, kg_cmd__report, kg_cmd__diff,
    kg_cmd__stats, kg_cmd__conflicts, kg_cmd__export, kg_cmd__init;

/* Reads DATASET/kgraph.ini for a command that takes a DATASET (not init) and applies what
 * the command line (argv, argc) does not set: files, delimiter, mappings, [dataset]
 * title and style, [view] options the command has. Returns 0, or KG_EXIT_TROUBLE after
 * printing the file's errors. */
int kg_config__cli(kg_cli *cli, const kg_command *cmd, int argc, char **argv);

/* Parses argv (argv[0] the command's name) by cmd's table into *cli. Returns -1 when the
 * command should run, or the exit status after printing its help (0) or a usage error
 * (2). Free with kg_cli__free either way. */
int kg_cli__parse(kg_cli *cli, const kg_command *cmd, int argc, char **argv);
/* Frees what cli owns (the view's lists, the dataset and masks). */
void kg_cli__free(kg_cli *cli);

/* Loads the dataset (kg_dataset__args_load) into cli->ds and selects the view into
 * cli->entity_mask and cli->relation_mask when a view option was given. Returns cli->ds,
 * or NULL after printing why. */
kg_dataset *kg_cli__load(kg_cli *cli, size_t *warnings);

/* The report format of stats and conflicts: -T text, csv or json, else from the extension
 * of -o (".csv", ".json"), else text; 3 (their CSV_RAW) for csv with --csv-raw; -o defaults
 * to "-". Returns it, or -1 after printing a usage error. */
int kg_cli__text_format(kg_cli *cli);

/* Runs the tool with argv as main() gets it; returns a kg_exit. Writes to stdout/stderr. */
int kg_tool__main(int argc, char **argv);

/* Prints the help of a command (NULL: the overview) to stream, generated from its table;
 * returns 0, or -1 for an unknown command. */
int kg_tool__help(const char *command, FILE *stream);

/* Prints "kgraph: COMMAND: MESSAGE" and the hint "Try 'kgraph help COMMAND'." to stderr
 * and returns KG_EXIT_TROUBLE. */
int kg_usage__error(const char *command, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* The index of value among the n names, or -1. */
int kg__pick(const char *value, const char *const *names, int n);

/* Usage checks render, report and diff share: an engine given must be auto or a known
 * one; PNG and PDF are not written to a terminal (output "-"). Each returns 0, or
 * KG_EXIT_TROUBLE after printing a usage error naming command. */
int kg_engine__check(const char *command, const char *engine);
int kg_terminal__check(const char *command, const char *output, kg_format format);

/* Writes a report to path atomically (kg_output_open, write, commit; "-" is stdout):
 * write(stream, ctx) returns KG_OK or an error with its message in kg_last_error(). On
 * any failure prints "kgraph: MESSAGE", leaves an existing file untouched and returns
 * -1; returns 0 when written. */
int kg_text__write(const char *path, int (*write)(FILE *stream, const void *ctx), const void *ctx);

#endif
