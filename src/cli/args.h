/* args.h: the option tables (each option with its help), the parser, the generated help,
 * and what every command gathers from its arguments (kg_cli). */
#ifndef KGRAPH_ARGS_H
#define KGRAPH_ARGS_H

#include <stdio.h>

#include "kgraph.h"

/* One row of a command's table, in the order its help shows them: an option (id > 0,
 * long and/or short name), a positional argument (KG_OPT_POSITIONAL, arg its name) or
 * help text printed as it is (KG_OPT_TEXT). id 0 ends a table. */
typedef struct kg_option {
    const char *long_name; /* without "--"; NULL for none */
    char short_name;       /* 0 for none */
    const char *arg;       /* the value's name in the help ("FILE"); NULL: takes none */
    int id;
    const char *help;      /* the help lines, separated by '\n', without the last one */
} kg_option;

enum { KG_OPT_TEXT = -1, KG_OPT_POSITIONAL = -2 };
#define KG_TEXT(text) {NULL, 0, NULL, KG_OPT_TEXT, text}
#define KG_OPT_END {NULL, 0, NULL, 0, NULL}

/* Prints a table's rows as help: an option as "  -o, --output FILE" with its help lines
 * from column 26 (on the next line when the names are longer than 20 characters). */
void kg_options__help(const kg_option *table, FILE *stream);

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

/* The ids of the options of the commands (the dataset's and views' are below and in
 * viewopts.h). */
enum {
    OPT_OUTPUT = 1, OPT_FORMAT, OPT_ENGINE, OPT_TITLE, OPT_NO_TITLE, OPT_NO_LEGEND, OPT_STYLE,
    OPT_FRAGMENT, OPT_ID_PREFIX, OPT_LINK_PREFIX, OPT_MAX_PIXELS, OPT_TOP, OPT_CONTEXT,
    OPT_COLOR, OPT_METHOD, OPT_GIT, OPT_CSV_RAW, OPT_SAMPLES, OPT_EXACT, OPT_SEED,
    OPT_NO_BETWEENNESS, OPT_CORPUS, OPT_COVERAGE, OPT_STRICT, OPT_DIAGRAM_BUDGET, OPT_BASE_IRI,
    OPT_EACH_RELATION, OPT_LEGEND, OPT_WIDTH, OPT_DPI, OPT_PAGE,
    OPT_SAVE_LAYOUT, OPT_LAYOUT_FROM, OPT_SLICES, OPT_WINDOW, OPT_SIDE_BY_SIDE, /* layoutopts.h */
    OPT_COUNT
};

/* Option ids shared by the commands that read a dataset. */
enum {
    OPT_ENTITIES = 1000, OPT_RELATIONS, OPT_SOURCES, OPT_MAP, OPT_MAX_FIELD, OPT_MAX_FILE,
    OPT_MAX_ROWS, OPT_QUIET, OPT_HELP, OPT_DELIMITER
};

/* The shared options, last in each command's table. */
#define KG_DATASET_OPTIONS                                                                  \
    KG_TEXT("\nDataset options:\n"),                                                        \
    {NULL, 0, "DATASET", KG_OPT_POSITIONAL,                                                 \
     "a directory with entities.csv, relations.csv and an optional\n"                       \
     "sources.csv (default: the current directory); without\n"                            \
     "entities.csv, or a relations file alone, the entities are\n"                        \
     "made from the relations; DATASET/kgraph.ini is read"},                               \
    {"entities", 0, "FILE", OPT_ENTITIES, "read entities from FILE instead of DATASET/entities.csv"}, \
    {"relations", 0, "FILE", OPT_RELATIONS, "read relations from FILE"},                    \
    {"sources", 0, "FILE", OPT_SOURCES, "read sources from FILE"},                          \
    {"map", 0, "FILE.COLUMN=HEADER", OPT_MAP,                                               \
     "read COLUMN from the column headed HEADER, e.g.\n"                                    \
     "--map relations.source=From (repeatable)"},                                          \
    {"delimiter", 0, "C", OPT_DELIMITER,                                                    \
     "the field delimiter of every file: , ; | or tab (default:\n"                         \
     "tab for .tsv, else the one the header line holds most)"},                            \
    {"max-field-size", 0, "N", OPT_MAX_FIELD, "longest field accepted (default 1M; K, M, G suffixes)"}, \
    {"max-file-size", 0, "N", OPT_MAX_FILE, "largest file accepted (default 4G)"},          \
    {"max-rows", 0, "N", OPT_MAX_ROWS, "most rows per file (default 10M)"},                 \
    {"quiet", 'q', NULL, OPT_QUIET, "do not print warnings"},                               \
    {"help", 'h', NULL, OPT_HELP, "show this help"}

/* The rows of options several commands share, with their help. */
#define KG_OPT_OUTPUT_ROW \
    {"output", 'o', "FILE", OPT_OUTPUT, "write to FILE, atomically (default: standard output)"}
#define KG_OPT_CSV_RAW_ROW                                                                  \
    {"csv-raw", 0, NULL, OPT_CSV_RAW,                                                       \
     "csv: write every field as it is. By default a field a\n"                              \
     "spreadsheet would run as a formula (first character =,\n"                            \
     "+, -, @, tab or CR, and not a plain number such as -0.5)\n"                          \
     "is written as '=... (quoted, a single quote first)"}

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

/* Loads the dataset, its files registered as inputs first (no -o may replace them);
 * prints every diagnostic (warnings unless quiet) to stderr and stores the number of
 * warnings in *warnings when non-NULL. Returns the dataset or NULL (errors printed). */
kg_dataset *kg_dataset__args_load(kg_dataset_args *d, size_t *warnings);

/* The styles of a drawing: the built-in ones, overridden from the --style file path when
 * it is not NULL (registered as an input). The file's problems are printed as
 * "kgraph: FILE:LINE: ..." (warnings unless quiet). Returns a new style (kg_style_free),
 * or NULL after printing why (a bad file or no memory). */
kg_style *kg_style__args_load(const char *path, int quiet);

/* The dataset's name (default titles, graph names): the base name of the directory dir
 * (NULL: the current one), resolved with realpath when it exists; truncated to cap-1
 * bytes in out. */
void kg_dataset__name(const char *dir, char *out, size_t cap);

/* Parses a size with an optional K, M or G suffix (powers of 1024); -1 when invalid. */
int kg_parse__size(const char *s, uint64_t *out);
/* Parses a count: decimal digits only, at most max. Returns 0, or -1. */
int kg_parse__count(const char *s, unsigned long long max, unsigned long long *out);

/* Prints "kgraph: MESSAGE" (the last error, or kg_strerror(rc) when there is none) to
 * stderr; returns KG_EXIT_TROUBLE. */
int kg_print__error(int rc);

#endif
