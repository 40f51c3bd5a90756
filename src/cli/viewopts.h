/* viewopts.h: the view options shared by render, report and diff (--focus, --type, ...). */
#ifndef KGRAPH_VIEWOPTS_H
#define KGRAPH_VIEWOPTS_H

#include "kgraph.h"
#include "args.h"

/* Option ids of the view options (beside args.h's 1000s). */
enum {
    OPT_VIEW_FOCUS = 1100, OPT_VIEW_DEPTH, OPT_VIEW_TYPE, OPT_VIEW_RELATION, OPT_VIEW_POLARITY,
    OPT_VIEW_DOC, OPT_VIEW_SINCE, OPT_VIEW_UNTIL, OPT_VIEW_MIN_SOURCES, OPT_VIEW_CLUSTER
};

/* The view options that select (all but --cluster), with their help, for a command's
 * table: what commands that draw nothing take (stats, conflicts). */
#define KG_VIEW_FILTER_OPTION_TABLE                                                         \
    KG_TEXT("View options (all of them together; names are ids and values as in the CSV files):\n"), \
    {"focus", 0, "ID[,ID...]", OPT_VIEW_FOCUS,                                              \
     "only these entities and those within --depth hops of any of\n"                       \
     "them, with the relations among them; a hop follows a relation\n"                     \
     "either way, and only relations the other options keep; an\n"                         \
     "exact label or alias names an entity too (\"Xi Jinping\")"},                         \
    {"depth", 0, "N", OPT_VIEW_DEPTH, "hops from the focus (default 1; 0: the focus entities only)"}, \
    {"type", 0, "T[,T...]", OPT_VIEW_TYPE, "only entities of these types"},                 \
    {"relation", 0, "R[,R...]", OPT_VIEW_RELATION, "only relations with these verbs"},      \
    {"polarity", 0, "P[,P...]", OPT_VIEW_POLARITY,                                          \
     "only relations of these polarities: positive, negative,\n"                           \
     "neutral, mixed (citations that disagree)"},                                          \
    {"doc", 0, "D[,D...]", OPT_VIEW_DOC, "only relations with a citation of one of these docs"}, \
    {"since", 0, "DATE", OPT_VIEW_SINCE,                                                    \
     "only relations with a citation dated DATE or later (YYYY,\n"                         \
     "YYYY-MM or YYYY-MM-DD; a partial date is its whole year or\n"                        \
     "month, and counts when that period overlaps the range;\n"                            \
     "undated citations do not count)"},                                                   \
    {"until", 0, "DATE", OPT_VIEW_UNTIL,                                                    \
     "only relations with a citation dated DATE or earlier (as\n"                          \
     "--since)"},                                                                          \
    {"min-sources", 0, "N", OPT_VIEW_MIN_SOURCES,                                           \
     "only relations cited by at least N distinct documents"},                            \
    {"strict", 0, NULL, OPT_STRICT,                                                         \
     "a view that selects no entity is an error (exit 2, nothing\n"                        \
     "written); without it, a warning"}

/* What applies to every view option, after them in the help. */
#define KG_VIEW_COMMON_HELP                                                                 \
    KG_TEXT("  With a relation option (--relation ... --min-sources) only the entities at the ends\n" \
            "  of the relations kept are shown. An unknown id, type, relation or doc is an error\n" \
            "  naming the nearest known one; a name several entities share is an error listing\n" \
            "  them. Polarities ignore case.\n"                                                 \
            "  Each option may be repeated; the lists add up.\n")

/* Every view option, for the table of a command that draws. */
#define KG_VIEW_OPTION_TABLE                                                                \
    KG_VIEW_FILTER_OPTION_TABLE,                                                            \
    {"cluster", 0, "type", OPT_VIEW_CLUSTER,                                                \
     "frame the entities of each type together (laid out with\n"                           \
     "fdp: Graphviz 2.42's dot crashes on such clusters)"},                                \
    KG_VIEW_COMMON_HELP

/* --focus, --type, --relation, --doc may each be given this many times. */
#define KG_VIEW_MAX_VALUES 64

/* The list options, indexes of kg_view_args.raw / n_raw / list / n_list. */
enum { KG_VIEW_LIST_FOCUS, KG_VIEW_LIST_TYPE, KG_VIEW_LIST_RELATION, KG_VIEW_LIST_DOC,
       KG_VIEW_LISTS };

/* What the view options gathered (values borrowed from argv). */
typedef struct kg_view_args {
    const char *raw[KG_VIEW_LISTS][KG_VIEW_MAX_VALUES]; /* the option values as given */
    size_t n_raw[KG_VIEW_LISTS];
    char *text[KG_VIEW_LISTS];         /* kg_view__args_finish: the values split at commas */
    const char **list[KG_VIEW_LISTS];  /* ... the names, pointers into text (in opts) */
    kg_view_options opts;              /* filled by kg_view__args_finish */
    int depth_given;
    int cluster_by_type;
    int strict;                        /* --strict: an empty view is an error */
} kg_view_args;

void kg_view__args_init(kg_view_args *v);
void kg_view__args_free(kg_view_args *v);

/* Applies view option (id, value) to v. Returns 0, 1 when id is not a view option, or
 * KG_EXIT_TROUBLE after printing a usage error naming command. */
int kg_view__args_apply(kg_view_args *v, const char *command, int id, const char *value);

/* Checks the options together (--depth needs --focus) and fills v->opts. Returns 0, or
 * KG_EXIT_TROUBLE after printing a usage error. */
int kg_view__args_finish(kg_view_args *v, const char *command);

/* Writes the view options given, as a command line would name them ("--focus a,b
 * --depth 2 --since 2025"), to out (cap bytes, truncated with "..."). */
void kg_view__args_describe(const kg_view_args *v, char *out, size_t cap);

/* After a view was selected: when it selects no entity (selected 0), prints
 * "kgraph: warning: the view selects no entity (OPTIONS)" (unless quiet), or with
 * --strict "kgraph: the view selects no entity (OPTIONS); an error with --strict" and
 * returns KG_EXIT_TROUBLE. Returns 0 otherwise. */
int kg_view__args_check_empty(const kg_view_args *v, size_t selected, int quiet);

/* Prints a view error: "kgraph: unknown entity type 'x'" and the hint naming command, or
 * "kgraph: out of memory". Returns KG_EXIT_TROUBLE. */
int kg_view__args_error(const char *command, int rc);

#endif
