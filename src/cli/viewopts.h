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

/* The view options that select (all but --cluster), for a command's kg_option table:
 * what commands that draw nothing take (stats, conflicts). */
#define KG_VIEW_FILTER_OPTION_TABLE                   \
    {"focus", 0, 1, OPT_VIEW_FOCUS},                  \
    {"depth", 0, 1, OPT_VIEW_DEPTH},                  \
    {"type", 0, 1, OPT_VIEW_TYPE},                    \
    {"relation", 0, 1, OPT_VIEW_RELATION},            \
    {"polarity", 0, 1, OPT_VIEW_POLARITY},            \
    {"doc", 0, 1, OPT_VIEW_DOC},                      \
    {"since", 0, 1, OPT_VIEW_SINCE},                  \
    {"until", 0, 1, OPT_VIEW_UNTIL},                  \
    {"min-sources", 0, 1, OPT_VIEW_MIN_SOURCES}

/* Every view option, for the kg_option table of a command that draws. */
#define KG_VIEW_OPTION_TABLE                          \
    KG_VIEW_FILTER_OPTION_TABLE,                      \
    {"cluster", 0, 1, OPT_VIEW_CLUSTER}

/* The help of the view options, in pieces: the selecting ones, --cluster, and what
 * applies to all of them. */
#define KG_VIEW_FILTERS_HELP \
"View options (all of them together; names are ids and values as in the CSV files):\n" \
"  --focus ID[,ID...]     only these entities and those within --depth hops of any of\n" \
"                         them, with the relations among them; a hop follows a relation\n" \
"                         either way, and only relations the other options keep\n" \
"  --depth N              hops from the focus (default 1; 0: the focus entities only)\n" \
"  --type T[,T...]        only entities of these types\n" \
"  --relation R[,R...]    only relations with these verbs\n" \
"  --polarity P[,P...]    only relations of these polarities: positive, negative,\n" \
"                         neutral, mixed (citations that disagree)\n" \
"  --doc D[,D...]         only relations with a citation of one of these docs\n" \
"  --since DATE, --until DATE\n" \
"                         only relations with a citation dated in the range (YYYY,\n" \
"                         YYYY-MM or YYYY-MM-DD; a partial date is its whole year or\n" \
"                         month, and counts when that period overlaps the range;\n" \
"                         undated citations do not count)\n" \
"  --min-sources N        only relations cited by at least N distinct documents\n"
#define KG_VIEW_CLUSTER_HELP \
"  --cluster type         frame the entities of each type together (laid out with\n" \
"                         fdp: Graphviz 2.42's dot crashes on such clusters)\n"
#define KG_VIEW_COMMON_HELP \
"  With a relation option (--relation ... --min-sources) only the entities at the ends\n" \
"  of the relations kept are shown. An unknown id, type, relation or doc is an error.\n" \
"  Each option may be repeated; the lists add up.\n"

/* The help of every view option, and of the selecting ones only. */
#define KG_VIEW_OPTIONS_HELP KG_VIEW_FILTERS_HELP KG_VIEW_CLUSTER_HELP KG_VIEW_COMMON_HELP
#define KG_VIEW_FILTER_OPTIONS_HELP KG_VIEW_FILTERS_HELP KG_VIEW_COMMON_HELP

/* --focus, --type, --relation, --doc may each be given this many times. */
#define KG_VIEW_MAX_VALUES 64

/* The list options, indexes of kg_view_args.raw / n_raw / list / n_list. */
enum { KG_VIEW_LIST_FOCUS, KG_VIEW_LIST_TYPE, KG_VIEW_LIST_RELATION, KG_VIEW_LIST_DOC,
       KG_VIEW_LISTS };

/* What the view options gathered (values borrowed from argv). */
typedef struct kg_view_args {
    const char *raw[KG_VIEW_LISTS][KG_VIEW_MAX_VALUES]; /* the option values as given */
    size_t n_raw[KG_VIEW_LISTS];
    char *text;                        /* kg_view__args_finish: the values split at commas */
    const char **list[KG_VIEW_LISTS];  /* ... pointers into text */
    size_t n_list[KG_VIEW_LISTS];
    kg_view_options opts;              /* filled by kg_view__args_finish */
    int depth_given;
    int cluster_by_type;
} kg_view_args;

void kg_view__args_init(kg_view_args *v);
void kg_view__args_free(kg_view_args *v);

/* Applies view option (id, value) to v. Returns 0, 1 when id is not a view option, or
 * KG_EXIT_TROUBLE after printing a usage error naming command. */
int kg_view__args_apply(kg_view_args *v, const char *command, int id, const char *value);

/* Applies (id, value) as a view option or else as a shared dataset option (args.h), the
 * default case of every command that takes both. Returns 0 when applied, -1 when the
 * command's help was printed (the caller exits 0), or nonzero otherwise after printing a
 * usage error (the caller exits KG_EXIT_TROUBLE). */
int kg_view__or_dataset_option(kg_view_args *v, kg_dataset_args *d, const char *command, int id,
                              const char *value);

/* Checks the options together (--depth needs --focus) and fills v->opts. Returns 0, or
 * KG_EXIT_TROUBLE after printing a usage error. */
int kg_view__args_finish(kg_view_args *v, const char *command);

/* Nonzero when any view option narrows the selection. */
int kg_view__args_active(const kg_view_args *v);

/* Selects the view in ds (kg_view_select). Returns 0 with the masks (kg_free them), or
 * KG_EXIT_TROUBLE after printing "kgraph: unknown entity type 'x'" (and the hint naming
 * command) or "kgraph: out of memory". */
int kg_view__args_select(const kg_view_args *v, const char *command, const kg_dataset *ds,
                        unsigned char **entity_mask, unsigned char **relation_mask);

/* Prints a view error the way kg_view__args_select does and returns KG_EXIT_TROUBLE. */
int kg_view__args_error(const char *command, int rc);

#endif
