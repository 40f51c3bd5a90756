/* args.h: a small option parser shared by the commands, and the dataset options they share. */
#ifndef KGRAPH_ARGS_H
#define KGRAPH_ARGS_H

#include "kgraph.h"

/* One option a command accepts. id 0 ends a table. */
typedef struct kg_option {
    const char *long_name; /* without "--" */
    char short_name;       /* 0 for none */
    int takes_value;
    int id;
} kg_option;

typedef struct kg_args {
    int argc;
    char **argv;
    int index;            /* next argv element */
    const char *command;  /* for messages */
    int only_positional;  /* after "--" */
    const char *pending;  /* rest of a short-option cluster */
} kg_args;

/* Starts parsing argv[1..] of a command (argv[0] is its name). */
void kg_args__init(kg_args *a, int argc, char **argv);

/* Reads the next argument. Returns 1 with *id and *value (NULL when the option takes
 * none) for an option, 0 with *value for a positional argument, -1 at the end, and
 * KG_EXIT_TROUBLE + 100 after printing a usage error (unknown option, missing value). */
int kg_args__next(kg_args *a, const kg_option *table, int *id, const char **value);

/* Option ids shared by the commands that read a dataset. */
enum {
    OPT_ENTITIES = 1000, OPT_RELATIONS, OPT_SOURCES, OPT_MAP, OPT_MAX_FIELD, OPT_MAX_FILE,
    OPT_MAX_ROWS, OPT_QUIET, OPT_HELP
};

/* The shared options, to be listed in each command's table via KG_DATASET_OPTIONS. */
#define KG_DATASET_OPTIONS                                   \
    {"entities", 0, 1, OPT_ENTITIES},                        \
    {"relations", 0, 1, OPT_RELATIONS},                      \
    {"sources", 0, 1, OPT_SOURCES},                          \
    {"map", 0, 1, OPT_MAP},                                  \
    {"max-field-size", 0, 1, OPT_MAX_FIELD},                 \
    {"max-file-size", 0, 1, OPT_MAX_FILE},                   \
    {"max-rows", 0, 1, OPT_MAX_ROWS},                        \
    {"quiet", 'q', 0, OPT_QUIET},                            \
    {"help", 'h', 0, OPT_HELP}

/* What the dataset options gathered. */
typedef struct kg_dataset_args {
    const char *dir;
    kg_load_options load;
    int quiet;
} kg_dataset_args;

void kg_dataset__args_init(kg_dataset_args *d);
/* Applies a shared option (id, value) to d; returns 0, 1 when id is not a shared option,
 * or KG_EXIT_TROUBLE after printing a usage error. OPT_HELP prints the command's help and
 * returns -1 (the caller exits 0). */
int kg_dataset__args_apply(kg_dataset_args *d, const char *command, int id, const char *value);
/* Takes the positional DATASET argument; a second one is a usage error (returns 2). */
int kg_dataset__args_positional(kg_dataset_args *d, const char *command, const char *value);

/* Loads the dataset; prints every diagnostic (warnings unless quiet) to stderr. Returns
 * the dataset or NULL (errors printed). */
kg_dataset *kg_dataset__args_load(kg_dataset_args *d);
/* The same, storing the number of warnings (printed or not) in *warnings when non-NULL. */
kg_dataset *kg_dataset__args_load_counted(kg_dataset_args *d, size_t *warnings);

/* The styles of a drawing: the built-in ones, overridden from the --style file path when
 * it is not NULL. The file's problems are printed as "kgraph: FILE:LINE: ..." (warnings
 * unless quiet). Returns a new style (kg_style_free), or NULL after printing why (a bad
 * file or no memory). */
kg_style *kg_style__args_load(const char *path, int quiet);

/* The dataset's name (default titles, graph names): the base name of the directory dir
 * (NULL: the current one), resolved with realpath when it exists; truncated to cap-1
 * bytes in out. */
void kg_dataset__name(const char *dir, char *out, size_t cap);

/* Parses a size with an optional K, M or G suffix (powers of 1024); -1 when invalid. */
int kg_parse__size(const char *s, uint64_t *out);

#endif
