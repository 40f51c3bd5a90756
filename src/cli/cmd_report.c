/* cmd_report.c: `kgraph report`: a dataset as one self-contained HTML report or a Markdown one. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "layoutopts.h"
#include "tool.h"
#include "viewopts.h"

static const kg_option report_options[] = {
    KG_TEXT("Usage: kgraph report [DATASET] -o FILE.html|FILE.md [options]\n"
            "\n"
            "Writes a report of the dataset: a title, the overview diagram with its legend,\n"
            "summary statistics (counts, the most connected entities), a section per entity\n"
            "(its focused diagram and a table of its relations with quotes and sources), the\n"
            "sources, and an evidence appendix listing every citation of every relation.\n"
            "HTML is one self-contained file (inline SVG and CSS, nothing loaded from anywhere;\n"
            "nodes link to their entity's section). Markdown (GitHub-flavoured) has its SVG\n"
            "files in the directory NAME_files beside NAME.md, linked relatively.\n"
            "\n"
            "Output options:\n"),
    {"output", 'o', "FILE", OPT_OUTPUT, "write to FILE atomically (HTML may be '-': standard output)"},
    {"format", 'T', "FORMAT", OPT_FORMAT, "html or md (default: from the extension of FILE)"},
    {"title", 0, "TEXT", OPT_TITLE, "the report's title (default: Report on NAME)"},
    {"engine", 'K', "ENGINE", OPT_ENGINE,
     "the overview's layout engine (default: fdp up to 300\n"
     "nodes, then by size as for render); focused diagrams use\n"
     "dot within its limits (150 nodes, 300 edges), then by size"},
    {"style", 0, "FILE", OPT_STYLE, "override styles, as for render"},
    {"top", 0, "N", OPT_TOP, "how many most connected entities to list (default 10)"},
    {"diagram-budget", 0, "N", OPT_DIAGRAM_BUDGET, "drawn nodes plus edges over all entity diagrams (default\n"
     "40000; 0: none); sections past it have no diagram"},
    {"each-relation", 0, NULL, OPT_EACH_RELATION,
     "every diagram: one edge per relation, instead of one per\n"
     "pair of entities carrying all the relations between them"},
    KG_LAYOUT_OPTION_ROWS,
    KG_TEXT("  In report, --save-layout and --layout-from apply to the overview.\n"),
    KG_TEXT("\n"),
    KG_VIEW_OPTION_TABLE,
    KG_TEXT("  Views apply to the whole report: diagrams, sections, statistics and evidence.\n"),
    KG_DATASET_OPTIONS,
    KG_TEXT("\nExit status: 0 written, 2 invalid data, an unknown name in a view option, layout\n"
            "or write failure, bad usage; on failure an existing report is left untouched.\n"),
    KG_OPT_END};

/* `kgraph report`: checks the options, loads, selects the view and writes the report. */
static int run_report(kg_cli *c)
{
    int status = KG_EXIT_TROUBLE;
    const char *output = c->opt[OPT_OUTPUT], *format_name = c->opt[OPT_FORMAT];
    const char *engine = c->opt[OPT_ENGINE], *title = c->opt[OPT_TITLE];
    const char *budget = c->opt[OPT_DIAGRAM_BUDGET]; /* "0", or a positive size (K, M) */
    unsigned long long top = 0;
    uint64_t n = 0;
    kg_style *style = NULL;
    kg_diagnostics *diags = NULL;
    kg_layout *from = NULL, *save = NULL;
    if (c->opt[OPT_TOP] && (kg_parse__count(c->opt[OPT_TOP], 100000, &top) != 0 || top == 0))
        return kg_usage__error("report", "invalid --top '%s' (a number from 1)", c->opt[OPT_TOP]);
    kg_report_options ro;
    kg_report_options_init(&ro);
    if (budget && strcmp(budget, "0") && (kg_parse__size(budget, &n) || !n || n > SIZE_MAX))
        return kg_usage__error("report", "invalid --diagram-budget '%s' (a number, K/M allowed)", budget);
    ro.diagram_budget = budget ? (size_t)n : ro.diagram_budget;
    ro.each_relation = c->opt[OPT_EACH_RELATION] != NULL;
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
    if (kg_engine__check("report", engine) ||
        kg_layoutargs__check("report", c->opt[OPT_SAVE_LAYOUT], c->opt[OPT_LAYOUT_FROM], KG_FORMAT_SVG))
        return KG_EXIT_TROUBLE;
    if (!(style = kg_style__args_load(c->opt[OPT_STYLE], c->d.quiet)) || !kg_cli__load(c, NULL))
        goto cleanup;
    if (kg_diagnostics_new(&diags, 0) != KG_OK) {
        kg_print__error(KG_ENOMEM);
        goto cleanup;
    }
    char name[256], default_title[300];
    kg_dataset__name(c->d.dir, name, sizeof name);
    snprintf(default_title, sizeof default_title, "Report on %s", name);
    ro.title = title ? title : default_title; /* "Report on NAME", the directory's name */
    ro.style = style;
    ro.engine = engine && strcmp(engine, "auto") != 0 ? engine : NULL;
    ro.cluster_by_type = c->view.cluster_by_type;
    ro.entity_mask = c->entity_mask;
    ro.relation_mask = c->relation_mask;
    ro.top = (size_t)top;
    if (kg_layoutargs__open(c->opt[OPT_LAYOUT_FROM], c->opt[OPT_SAVE_LAYOUT], name, c->ds,
                            c->entity_mask, &from, &save))
        goto cleanup;
    ro.overview_layout_from = from;
    ro.overview_layout_save = save;
    int rc = kg_report_write(c->ds, &ro, output, diags);
    kg_diagnostics_print(diags, stderr, "kgraph", !c->d.quiet);
    status = rc == KG_OK ? KG_EXIT_OK : kg_print__error(rc);
    if (status == KG_EXIT_OK && kg_layoutargs__save(save, c->opt[OPT_SAVE_LAYOUT]))
        status = KG_EXIT_TROUBLE;
cleanup:
    kg_layout_free(from);
    kg_layout_free(save);
    kg_style_free(style);
    kg_diagnostics_free(diags);
    return status;
}

const kg_command kg_cmd__report = {"report", "write an HTML or Markdown report with diagrams and evidence",
                                  report_options, 1, run_report};
