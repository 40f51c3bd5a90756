/* cmd_stats.c: `kgraph stats`: counts, components, degrees and betweenness of a dataset. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "textcmd.h"
#include "tool.h"
#include "viewopts.h"

enum {
    OPT_OUTPUT = 1, OPT_FORMAT, OPT_SAMPLES, OPT_EXACT, OPT_SEED, OPT_TOP, OPT_NO_BETWEENNESS,
    OPT_CSV_RAW
};

static const kg_option stats_options[] = {
    {"output", 'o', 1, OPT_OUTPUT},
    {"format", 'T', 1, OPT_FORMAT},
    {"samples", 0, 1, OPT_SAMPLES},
    {"exact", 0, 0, OPT_EXACT},
    {"seed", 0, 1, OPT_SEED},
    {"top", 0, 1, OPT_TOP},
    {"no-betweenness", 0, 0, OPT_NO_BETWEENNESS},
    {"csv-raw", 0, 0, OPT_CSV_RAW},
    KG_VIEW_FILTER_OPTION_TABLE,
    KG_DATASET_OPTIONS,
    {NULL, 0, 0, 0}};

/* Parses a decimal number (0 allowed when zero_ok) into *out; returns 0 or -1. */
static int parse_count(const char *s, int zero_ok, unsigned long long *out)
{
    char *end;
    errno = 0;
    if (s[0] < '0' || s[0] > '9')
        return -1;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end || (!zero_ok && v == 0))
        return -1;
    *out = v;
    return 0;
}

/* What kg_textcmd__write passes to write_stats. */
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

int kg_cmd__stats(int argc, char **argv)
{
    kg_args args;
    kg_dataset_args d;
    kg_stats_options so;
    kg_view_args view;
    int id, r, status = KG_EXIT_TROUBLE, exact = 0, samples_given = 0, csv_raw = 0;
    unsigned long long v, top = 20;
    const char *value, *output = "-", *format_name = NULL;
    unsigned char *entity_mask = NULL, *relation_mask = NULL;
    kg_dataset *ds = NULL;
    kg_stats *st = NULL;
    kg_args__init(&args, argc, argv);
    kg_dataset__args_init(&d);
    kg_stats_options_init(&so);
    kg_view__args_init(&view);
    while ((r = kg_args__next(&args, stats_options, &id, &value)) >= 0) {
        if (r >= 100) {
            status = r - 100;
            goto done;
        }
        if (r == 0) {
            if (kg_dataset__args_positional(&d, "stats", value))
                goto done;
            continue;
        }
        switch (id) {
        case OPT_OUTPUT: output = value; break;
        case OPT_FORMAT: format_name = value; break;
        case OPT_EXACT: exact = 1; break;
        case OPT_CSV_RAW: csv_raw = 1; break;
        case OPT_NO_BETWEENNESS: so.betweenness = KG_BETWEENNESS_NONE; break;
        case OPT_SAMPLES:
            if (parse_count(value, 0, &v) != 0 || v > (size_t)-1 / 2) {
                status = kg_usage__error("stats", "invalid --samples '%s' (a positive number)", value);
                goto done;
            }
            so.samples = (size_t)v;
            samples_given = 1;
            break;
        case OPT_SEED:
            if (parse_count(value, 1, &v) != 0) {
                status = kg_usage__error("stats", "invalid --seed '%s' (a number)", value);
                goto done;
            }
            so.seed = (uint64_t)v;
            break;
        case OPT_TOP:
            if (parse_count(value, 1, &v) != 0 || v > (size_t)-1 / 2) {
                status = kg_usage__error("stats", "invalid --top '%s' (a number; 0 for all)", value);
                goto done;
            }
            top = v;
            break;
        default: {
            int rc = kg_view__or_dataset_option(&view, &d, "stats", id, value);
            if (rc < 0)
                status = KG_EXIT_OK;
            if (rc)
                goto done; /* status is KG_EXIT_TROUBLE unless help was shown */
        }
        }
    }
    if (exact && samples_given) {
        status = kg_usage__error("stats", "--exact and --samples exclude each other");
        goto done;
    }
    if ((exact || samples_given) && so.betweenness == KG_BETWEENNESS_NONE) {
        status = kg_usage__error("stats", "--no-betweenness excludes --exact and --samples");
        goto done;
    }
    if (!output[0]) {
        status = kg_usage__error("stats", "-o needs a file name ('-' for standard output)");
        goto done;
    }
    int format = kg_textcmd__format(format_name, output);
    if (format < 0) {
        status = kg_usage__error("stats", "unknown format '%s' (text, csv or json)", format_name);
        goto done;
    }
    if (format == KG_TEXTCMD_CSV && csv_raw)
        format = KG_STATS_CSV_RAW; /* formula-like fields as they are */
    if ((status = kg_view__args_finish(&view, "stats")) != 0)
        goto done;
    status = KG_EXIT_TROUBLE;
    if (so.betweenness != KG_BETWEENNESS_NONE)
        so.betweenness = exact ? KG_BETWEENNESS_EXACT
                       : samples_given ? KG_BETWEENNESS_SAMPLED : KG_BETWEENNESS_AUTO;

    ds = kg_dataset__args_load(&d);
    if (!ds)
        goto done;
    if (kg_view__args_active(&view)) {
        if (kg_view__args_select(&view, "stats", ds, &entity_mask, &relation_mask) != 0)
            goto done;
        so.entity_mask = entity_mask;
        so.relation_mask = relation_mask;
    }
    if (kg_stats_compute(&st, ds, &so) != KG_OK) {
        fprintf(stderr, "kgraph: %s\n", kg_last_error());
        goto done;
    }
    stats_report report = {st, ds, (kg_stats_format)format, (size_t)top};
    if (kg_textcmd__write(output, write_stats, &report) == 0)
        status = KG_EXIT_OK;
done:
    kg_stats_free(st);
    kg_dataset_free(ds);
    kg_free(entity_mask);
    kg_free(relation_mask);
    kg_view__args_free(&view);
    return status;
}
