/* cmd_conflicts.c: `kgraph conflicts`: pairs of entities about which citations disagree. */
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "tool.h"

enum { OPT_OUTPUT = 1, OPT_FORMAT };

static const kg_option conflicts_options[] = {
    {"output", 'o', 1, OPT_OUTPUT},
    {"format", 'T', 1, OPT_FORMAT},
    KG_DATASET_OPTIONS,
    {NULL, 0, 0, 0}};

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
    kg_conflicts_format format = KG_CONFLICTS_TEXT;
    const char *dot = strrchr(output, '.');
    if (format_name) {
        if (kg_conflicts_format_parse(&format, format_name) != KG_OK)
            return kg_usage_error("conflicts", "%s", kg_last_error());
    } else if (dot && strcmp(dot, ".csv") == 0) {
        format = KG_CONFLICTS_CSV;
    } else if (dot && strcmp(dot, ".json") == 0) {
        format = KG_CONFLICTS_JSON;
    }

    kg_dataset *ds = kg_dataset_args_load(&d);
    kg_conflicts *found = NULL;
    kg_output *out = NULL;
    if (!ds)
        goto done;
    if (kg_conflicts_find(&found, ds, NULL) != KG_OK) {
        fprintf(stderr, "kgraph: %s\n", kg_last_error());
        goto done;
    }
    if (kg_output_open(&out, output) != KG_OK) {
        fprintf(stderr, "kgraph: %s\n", kg_last_error());
        goto done;
    }
    if (kg_conflicts_write(kg_output_stream(out), found, ds, format) != KG_OK) {
        fprintf(stderr, "kgraph: %s\n", kg_last_error());
        kg_output_abort(out);
        goto done;
    }
    if (kg_output_commit(out) != KG_OK) {
        fprintf(stderr, "kgraph: %s\n", kg_last_error());
        goto done;
    }
    status = kg_conflicts_count(found) ? KG_EXIT_DIFFERENCES : KG_EXIT_OK;
done:
    kg_conflicts_free(found);
    kg_dataset_free(ds);
    return status;
}
