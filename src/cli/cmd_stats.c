/* cmd_stats.c: `kgraph stats`: counts, components, degrees and betweenness of a dataset. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "tool.h"
#include "viewopts.h"

static const kg_option stats_options[] = {
    KG_TEXT("Usage: kgraph stats [DATASET] [options]\n"
            "\n"
            "Counts entities per type, relations per verb and polarity, citations per document;\n"
            "numbers the connected components (direction ignored; largest first, equal sizes by\n"
            "their first entity in entities.csv); and gives per entity its degree (distinct\n"
            "neighbours, direction ignored, itself not counted), in- and out-degree (relations\n"
            "ending or starting there), weighted degree (citations of its relations) and\n"
            "betweenness centrality on the undirected simple graph (Brandes; normalised as\n"
            "networkx's betweenness_centrality does for undirected graphs).\n"
            "\n"
            "Output options:\n"),
    KG_OPT_OUTPUT_ROW,
    {"format", 'T', "FORMAT", OPT_FORMAT,
     "text (default), csv (one row per entity: id, label, type,\n"
     "degree, in_degree, out_degree, weighted_degree,\n"
     "betweenness, component) or json (default: from the\n"
     "extension of FILE)"},
    {"top", 0, "N", OPT_TOP, "text: entities listed per ranking (default 20; 0: all)"},
    KG_OPT_CSV_RAW_ROW,
    KG_TEXT("\nBetweenness options:\n"),
    {"exact", 0, NULL, OPT_EXACT, "always compute it exactly (O(entities x edges) time)"},
    {"samples", 0, "K", OPT_SAMPLES,
     "estimate it from K pivot entities, scaled by n/K as\n"
     "networkx's betweenness_centrality(G, k=K) does (default:\n"
     "exact up to n*(n+2*edges) = 4e9, else 256 pivots)"},
    {"seed", 0, "N", OPT_SEED, "the seed of the pivot choice (default fixed: the same\n"
                               "input gives the same output)"},
    {"no-betweenness", 0, NULL, OPT_NO_BETWEENNESS, "do not compute it (every value 0)"},
    KG_TEXT("\n"),
    KG_VIEW_FILTER_OPTION_TABLE,
    KG_VIEW_COMMON_HELP,
    KG_TEXT("  In stats, a view restricts the graph measured: the counts, components, degrees\n"
            "  and betweenness are those of the entities and relations the view keeps.\n"),
    KG_DATASET_OPTIONS,
    KG_TEXT("\nExit status: 0 written, 2 invalid data, write failure or bad usage.\n"),
    KG_OPT_END};

/* What kg_text__write passes to write_stats. */
typedef struct stats_report {
    const kg_stats *st;
    const kg_dataset *ds;
    kg_stats_format format;
    size_t top;
} stats_report;

static int write_stats(FILE *stream, const void *ctx)
{
    const stats_report *r = ctx;
    return kg_stats_write(stream, r->st, r->ds, r->format, r->top);
}

/* `kgraph stats`: checks the options, loads, selects the view, computes and writes. */
static int run_stats(kg_cli *c)
{
    kg_stats_options so;
    int exact = c->opt[OPT_EXACT] != NULL, samples_given = c->opt[OPT_SAMPLES] != NULL, format;
    unsigned long long v, top = 20;
    const char *value;
    kg_stats *st = NULL;
    kg_stats_options_init(&so);
    if (c->opt[OPT_NO_BETWEENNESS])
        so.betweenness = KG_BETWEENNESS_NONE;
    if ((value = c->opt[OPT_SAMPLES])) {
        if (kg_parse__count(value, (size_t)-1 / 2, &v) != 0 || v == 0)
            return kg_usage__error("stats", "invalid --samples '%s' (a positive number)", value);
        so.samples = (size_t)v;
    }
    if ((value = c->opt[OPT_SEED])) {
        if (kg_parse__count(value, ~0ull, &v) != 0)
            return kg_usage__error("stats", "invalid --seed '%s' (a number)", value);
        so.seed = (uint64_t)v;
    }
    if ((value = c->opt[OPT_TOP]) && kg_parse__count(value, (size_t)-1 / 2, &top) != 0)
        return kg_usage__error("stats", "invalid --top '%s' (a number; 0 for all)", value);
    if (exact && samples_given)
        return kg_usage__error("stats", "--exact and --samples exclude each other");
    if ((exact || samples_given) && so.betweenness == KG_BETWEENNESS_NONE)
        return kg_usage__error("stats", "--no-betweenness excludes --exact and --samples");
    if ((format = kg_cli__text_format(c)) < 0)
        return KG_EXIT_TROUBLE;
    if (so.betweenness != KG_BETWEENNESS_NONE)
        so.betweenness = exact ? KG_BETWEENNESS_EXACT
                       : samples_given ? KG_BETWEENNESS_SAMPLED : KG_BETWEENNESS_AUTO;
    if (!kg_cli__load(c, NULL))
        return KG_EXIT_TROUBLE;
    so.entity_mask = c->entity_mask;
    so.relation_mask = c->relation_mask;
    if (kg_stats_compute(&st, c->ds, &so) != KG_OK)
        return kg_print__error(KG_ENOMEM);
    stats_report report = {st, c->ds, (kg_stats_format)format, (size_t)top};
    int status = kg_text__write(c->opt[OPT_OUTPUT], write_stats, &report) == 0 ? KG_EXIT_OK
                                                                              : KG_EXIT_TROUBLE;
    kg_stats_free(st);
    return status;
}

const kg_command kg_cmd__stats = {"stats", "counts, components, degrees and betweenness centrality",
                                 stats_options, 1, run_stats};
