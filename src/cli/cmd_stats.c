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

/* What kg_text_write passes to write_stats. */
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
    int status = KG_EXIT_TROUBLE, exact = c->opt[OPT_EXACT] != NULL;
    int samples_given = c->opt[OPT_SAMPLES] != NULL;
    unsigned long long v, top = 20;
    const char *output = c->opt[OPT_OUTPUT] ? c->opt[OPT_OUTPUT] : "-";
    const char *format_name = c->opt[OPT_FORMAT], *value;
    unsigned char *entity_mask = NULL, *relation_mask = NULL;
    kg_dataset *ds = NULL;
    kg_stats *st = NULL;
    kg_stats_options_init(&so);
    if (c->opt[OPT_NO_BETWEENNESS])
        so.betweenness = KG_BETWEENNESS_NONE;
    if ((value = c->opt[OPT_SAMPLES])) {
        if (kg_parse_count(value, (size_t)-1 / 2, &v) != 0 || v == 0)
            return kg_usage_error("stats", "invalid --samples '%s' (a positive number)", value);
        so.samples = (size_t)v;
    }
    if ((value = c->opt[OPT_SEED])) {
        if (kg_parse_count(value, ~0ull, &v) != 0)
            return kg_usage_error("stats", "invalid --seed '%s' (a number)", value);
        so.seed = (uint64_t)v;
    }
    if ((value = c->opt[OPT_TOP]) && kg_parse_count(value, (size_t)-1 / 2, &top) != 0)
        return kg_usage_error("stats", "invalid --top '%s' (a number; 0 for all)", value);
    if (exact && samples_given) {
        status = kg_usage_error("stats", "--exact and --samples exclude each other");
        goto done;
    }
    if ((exact || samples_given) && so.betweenness == KG_BETWEENNESS_NONE) {
        status = kg_usage_error("stats", "--no-betweenness excludes --exact and --samples");
        goto done;
    }
    if (!output[0]) {
        status = kg_usage_error("stats", "-o needs a file name ('-' for standard output)");
        goto done;
    }
    int format = kg_text_format(format_name, output);
    if (format < 0) {
        status = kg_usage_error("stats", "unknown format '%s' (text, csv or json)", format_name);
        goto done;
    }
    if (format == KG_STATS_CSV && c->opt[OPT_CSV_RAW])
        format = KG_STATS_CSV_RAW; /* formula-like fields as they are */
    if (so.betweenness != KG_BETWEENNESS_NONE)
        so.betweenness = exact ? KG_BETWEENNESS_EXACT
                       : samples_given ? KG_BETWEENNESS_SAMPLED : KG_BETWEENNESS_AUTO;

    ds = kg_dataset_args_load(&c->d, NULL);
    if (!ds)
        goto done;
    if (kg_view_args_active(&c->view)) {
        if (kg_view_args_select(&c->view, "stats", ds, &entity_mask, &relation_mask) != 0)
            goto done;
        so.entity_mask = entity_mask;
        so.relation_mask = relation_mask;
    }
    if (kg_stats_compute(&st, ds, &so) != KG_OK) {
        fprintf(stderr, "kgraph: %s\n", kg_last_error());
        goto done;
    }
    stats_report report = {st, ds, (kg_stats_format)format, (size_t)top};
    if (kg_text_write(output, write_stats, &report) == 0)
        status = KG_EXIT_OK;
done:
    kg_stats_free(st);
    kg_dataset_free(ds);
    kg_free(entity_mask);
    kg_free(relation_mask);
    return status;
}

const kg_command kg_cmd_stats = {"stats", "counts, components, degrees and betweenness centrality",
                                 stats_options, 1, run_stats};
