/* cmd_check.c: `kgraph check`: load and validate a dataset, print a one-line summary. */
#include <stdio.h>

#include "args.h"
#include "tool.h"

static const kg_option check_options[] = {
    KG_DATASET_OPTIONS,
    {NULL, 0, 0, 0}};

int kg_cmd_check(int argc, char **argv)
{
    kg_args args;
    kg_dataset_args d;
    int id, r;
    const char *value;
    kg_args_init(&args, argc, argv);
    kg_dataset_args_init(&d);
    while ((r = kg_args_next(&args, check_options, &id, &value)) >= 0) {
        if (r >= 100)
            return r - 100;
        int rc = r == 0 ? kg_dataset_args_positional(&d, "check", value)
                        : kg_dataset_args_apply(&d, "check", id, value);
        if (rc < 0)
            return KG_EXIT_OK;
        if (rc)
            return KG_EXIT_TROUBLE;
    }
    kg_dataset *ds = kg_dataset_args_load(&d);
    if (!ds)
        return KG_EXIT_TROUBLE;
    printf("%s: %zu entities, %zu relations (%zu citations), %zu sources\n",
           d.dir ? d.dir : ".", kg_dataset_entity_count(ds), kg_dataset_relation_count(ds),
           kg_dataset_citation_count(ds), kg_dataset_source_count(ds));
    kg_dataset_free(ds);
    if (fflush(stdout) != 0) {
        fprintf(stderr, "kgraph: cannot write to standard output\n");
        return KG_EXIT_TROUBLE;
    }
    return KG_EXIT_OK;
}
