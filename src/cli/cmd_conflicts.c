/* cmd_conflicts.c: `kgraph conflicts`: pairs of entities about which citations disagree. */
#include <stdio.h>

#include "args.h"
#include "textcmd.h"
#include "tool.h"
#include "viewopts.h"

enum { OPT_OUTPUT = 1, OPT_FORMAT, OPT_CSV_RAW };

static const kg_option conflicts_options[] = {
    {"output", 'o', 1, OPT_OUTPUT},
    {"format", 'T', 1, OPT_FORMAT},
    {"csv-raw", 0, 0, OPT_CSV_RAW},
    KG_VIEW_FILTER_OPTION_TABLE,
    KG_DATASET_OPTIONS,
    {NULL, 0, 0, 0}};

/* What kg_textcmd__write passes to write_conflicts. */
typedef struct conflicts_report {
    const kg_conflicts *found;
    const kg_dataset *ds;
    kg_conflicts_format format;
} conflicts_report;

static int write_conflicts(FILE *stream, const void *ctx)
{
    const conflicts_report *r = ctx;
    return kg_conflicts_write(stream, r->found, r->ds, r->format);
}

int kg_cmd__conflicts(int argc, char **argv)
{
    kg_args args;
    kg_dataset_args d;
    kg_view_args view;
    int id, r, status = KG_EXIT_TROUBLE, csv_raw = 0;
    const char *value, *output = "-", *format_name = NULL;
    unsigned char *entity_mask = NULL, *relation_mask = NULL;
    kg_dataset *ds = NULL;
    kg_conflicts *found = NULL;
    kg_conflicts_options co = {NULL, NULL};
    kg_args__init(&args, argc, argv);
    kg_dataset__args_init(&d);
    kg_view__args_init(&view);
    while ((r = kg_args__next(&args, conflicts_options, &id, &value)) >= 0) {
        if (r >= 100) {
            status = r - 100;
            goto done;
        }
        if (r == 0) {
            if (kg_dataset__args_positional(&d, "conflicts", value))
                goto done;
            continue;
        }
        if (id == OPT_OUTPUT) {
            output = value;
            continue;
        }
        if (id == OPT_FORMAT) {
            format_name = value;
            continue;
        }
        if (id == OPT_CSV_RAW) {
            csv_raw = 1;
            continue;
        }
        int rc = kg_view__or_dataset_option(&view, &d, "conflicts", id, value);
        if (rc < 0)
            status = KG_EXIT_OK;
        if (rc)
            goto done; /* status is KG_EXIT_TROUBLE unless help was shown */
    }
    if (!output[0]) {
        status = kg_usage__error("conflicts", "-o needs a file name ('-' for standard output)");
        goto done;
    }
    int format = kg_textcmd__format(format_name, output);
    if (format < 0) {
        status = kg_usage__error("conflicts", "unknown format '%s' (text, csv or json)", format_name);
        goto done;
    }
    if (format == KG_TEXTCMD_CSV && csv_raw)
        format = KG_CONFLICTS_CSV_RAW; /* formula-like fields as they are */
    if ((status = kg_view__args_finish(&view, "conflicts")) != 0)
        goto done;
    status = KG_EXIT_TROUBLE;

    ds = kg_dataset__args_load(&d);
    if (!ds)
        goto done;
    if (kg_view__args_active(&view)) {
        if (kg_view__args_select(&view, "conflicts", ds, &entity_mask, &relation_mask) != 0)
            goto done;
        co.entity_mask = entity_mask;
        co.relation_mask = relation_mask;
    }
    if (kg_conflicts_find(&found, ds, &co) != KG_OK) {
        fprintf(stderr, "kgraph: %s\n", kg_last_error());
        goto done;
    }
    conflicts_report report = {found, ds, (kg_conflicts_format)format};
    if (kg_textcmd__write(output, write_conflicts, &report) == 0)
        status = kg_conflicts_count(found) ? KG_EXIT_DIFFERENCES : KG_EXIT_OK;
done:
    kg_conflicts_free(found);
    kg_dataset_free(ds);
    kg_free(entity_mask);
    kg_free(relation_mask);
    kg_view__args_free(&view);
    return status;
}
