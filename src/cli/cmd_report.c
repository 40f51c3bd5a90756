/* cmd_report.c: `kgraph report`: a dataset as one self-contained HTML report or a Markdown one. */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "tool.h"
#include "viewopts.h"

enum { OPT_OUTPUT = 1, OPT_FORMAT, OPT_ENGINE, OPT_TITLE, OPT_STYLE, OPT_TOP, OPT_DIAGRAM_BUDGET };

static const kg_option report_options[] = {
    {"output", 'o', 1, OPT_OUTPUT},
    {"format", 'T', 1, OPT_FORMAT},
    {"engine", 'K', 1, OPT_ENGINE},
    {"title", 0, 1, OPT_TITLE},
    {"style", 0, 1, OPT_STYLE},
    {"top", 0, 1, OPT_TOP},
    {"diagram-budget", 0, 1, OPT_DIAGRAM_BUDGET},
    KG_VIEW_OPTION_TABLE,
    KG_DATASET_OPTIONS,
    {NULL, 0, 0, 0}};

/* The default title: "Report on NAME", NAME the dataset directory's base name. */
static void default_title(const char *dir, char *out, size_t cap)
{
    char name[256];
    kg_dataset__name(dir, name, sizeof name);
    snprintf(out, cap, "Report on %s", name);
}

int kg_cmd__report(int argc, char **argv)
{
    kg_args args;
    kg_dataset_args d;
    kg_view_args view;
    int id, r, status = KG_EXIT_TROUBLE;
    const char *value, *output = NULL, *format_name = NULL, *engine = NULL, *title = NULL;
    const char *style_path = NULL;
    unsigned long top = 0;
    uint64_t budget = KG_REPORT_DIAGRAM_BUDGET;
    unsigned char *entity_mask = NULL, *relation_mask = NULL;
    kg_dataset *ds = NULL;
    kg_style *style = NULL;
    kg_diagnostics *diags = NULL;

    kg_args__init(&args, argc, argv);
    kg_dataset__args_init(&d);
    kg_view__args_init(&view);
    while ((r = kg_args__next(&args, report_options, &id, &value)) >= 0) {
        if (r >= 100)
            return r - 100;
        if (r == 0) {
            if (kg_dataset__args_positional(&d, "report", value))
                return KG_EXIT_TROUBLE;
            continue;
        }
        switch (id) {
        case OPT_OUTPUT: output = value; break;
        case OPT_FORMAT: format_name = value; break;
        case OPT_ENGINE: engine = value; break;
        case OPT_TITLE: title = value; break;
        case OPT_STYLE: style_path = value; break;
        case OPT_TOP: {
            char *end;
            top = strtoul(value, &end, 10);
            if (value[0] < '0' || value[0] > '9' || *end || top == 0 || top > 100000)
                return kg_usage__error("report", "invalid --top '%s' (a number from 1)", value);
            break;
        }
        case OPT_DIAGRAM_BUDGET:
            if (strcmp(value, "0") == 0)
                budget = 0;
            else if (kg_parse__size(value, &budget) != 0 || budget > SIZE_MAX)
                return kg_usage__error("report", "invalid --diagram-budget '%s' (a number of "
                                      "drawn nodes and edges, K and M allowed)", value);
            break;
        default: {
            int rc = kg_view__or_dataset_option(&view, &d, "report", id, value);
            if (rc < 0)
                status = KG_EXIT_OK;
            if (rc)
                goto cleanup; /* status is KG_EXIT_TROUBLE unless help was shown */
        }
        }
    }

    kg_report_options ro;
    kg_report_options_init(&ro);
    if (!output)
        return kg_usage__error("report", "no output file given (-o report.html or -o report.md)");
    if (format_name) {
        if (kg_report_format_parse(&ro.format, format_name) != KG_OK)
            return kg_usage__error("report", "%s", kg_last_error());
    } else if (strcmp(output, "-") != 0) {
        if (kg_report_format_from_path(&ro.format, output) != KG_OK)
            return kg_usage__error("report", "%s", kg_last_error());
    }
    if (ro.format == KG_REPORT_MARKDOWN && strcmp(output, "-") == 0)
        return kg_usage__error("report", "a Markdown report needs -o FILE.md (its SVG files go "
                              "beside it)");
    if (engine && strcmp(engine, "auto") != 0 && !kg_engine_valid(engine))
        return kg_usage__error("report", "unknown layout engine '%s' (dot, neato, fdp, sfdp, "
                              "circo, twopi)", engine);
    if ((status = kg_view__args_finish(&view, "report")) != 0)
        goto cleanup;
    status = KG_EXIT_TROUBLE;

    if (!(style = kg_style__args_load(style_path, d.quiet)))
        goto cleanup;
    if (kg_diagnostics_new(&diags, 0) != KG_OK)
        goto oom;
    ds = kg_dataset__args_load(&d);
    if (!ds)
        goto cleanup;
    if (kg_view__args_active(&view) &&
        kg_view__args_select(&view, "report", ds, &entity_mask, &relation_mask) != 0)
        goto cleanup;

    char name[300];
    default_title(d.dir, name, sizeof name);
    ro.title = title ? title : name;
    ro.style = style;
    ro.engine = engine && strcmp(engine, "auto") != 0 ? engine : NULL;
    ro.cluster_by_type = view.cluster_by_type;
    ro.entity_mask = entity_mask;
    ro.relation_mask = relation_mask;
    ro.top = (size_t)top;
    ro.diagram_budget = (size_t)budget;
    int rc = kg_report_write(ds, &ro, output, diags);
    kg_diagnostics_print(diags, stderr, "kgraph", !d.quiet);
    if (rc != KG_OK) {
        fprintf(stderr, "kgraph: %s\n", kg_last_error()[0] ? kg_last_error() : kg_strerror(rc));
        goto cleanup;
    }
    status = KG_EXIT_OK;
    goto cleanup;

oom:
    fprintf(stderr, "kgraph: out of memory\n");
cleanup:
    kg_dataset_free(ds);
    kg_style_free(style);
    kg_diagnostics_free(diags);
    kg_view__args_free(&view);
    kg_free(entity_mask);
    kg_free(relation_mask);
    return status;
}
