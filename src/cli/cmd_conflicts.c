/* cmd_conflicts.c: `kgraph conflicts`: pairs of entities about which citations disagree. */
#include <stdio.h>

#include "args.h"
#include "textcmd.h"
#include "tool.h"

enum { OPT_OUTPUT = 1, OPT_FORMAT };

static const kg_option conflicts_options[] = {
    {"output", 'o', 1, OPT_OUTPUT},
    {"format", 'T', 1, OPT_FORMAT},
    KG_DATASET_OPTIONS,
    {NULL, 0, 0, 0}};

/* What kg_textcmd_write passes to write_conflicts. */
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

int kg_cmd_conflicts(int argc, char **argv)
{
    kg_args args;
    kg_dataset_args d;
    int id, r, status = KG_EXIT_TROUBLE;
    const char *value, *output = "-", *format_name = NULL;
    kg_args_init(&args, argc, argv);
    kg_dataset_args_init(&d);
    while ((r = kg_args_next(&args, conflicts_options, &id, &value)) >= 0) {
        if (r >= 100)
            return r - 100;
        if (r == 1 && id == OPT_OUTPUT) {
            output = value;
            continue;
        }
        if (r == 1 && id == OPT_FORMAT) {
            format_name = value;
            continue;
        }
        int rc = r == 0 ? kg_dataset_args_positional(&d, "conflicts", value)
                        : kg_dataset_args_apply(&d, "conflicts", id, value);
        if (rc < 0)
            return KG_EXIT_OK;
        if (rc)
            return KG_EXIT_TROUBLE;
    }
    if (!output[0])
        return kg_usage_error("conflicts", "-o needs a file name ('-' for standard output)");
    int format = kg_textcmd_format(format_name, output);
    if (format < 0)
        return kg_usage_error("conflicts", "unknown format '%s' (text, csv or json)", format_name);

    kg_dataset *ds = kg_dataset_args_load(&d);
    kg_conflicts *found = NULL;
    if (!ds)
        goto done;
    if (kg_conflicts_find(&found, ds, NULL) != KG_OK) {
        fprintf(stderr, "kgraph: %s\n", kg_last_error());
        goto done;
    }
    conflicts_report report = {found, ds, (kg_conflicts_format)format};
    if (kg_textcmd_write(output, write_conflicts, &report) == 0)
        status = kg_conflicts_count(found) ? KG_EXIT_DIFFERENCES : KG_EXIT_OK;
done:
    kg_conflicts_free(found);
    kg_dataset_free(ds);
    return status;
}
