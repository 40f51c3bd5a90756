/* cmd_export.c: `kgraph export`: a dataset as GraphML, JSON node-link or Neo4j import CSV. */
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "tool.h"

enum { OPT_OUTPUT = 1, OPT_FORMAT };

static const kg_option export_options[] = {
    {"output", 'o', 1, OPT_OUTPUT},
    {"format", 'T', 1, OPT_FORMAT},
    KG_DATASET_OPTIONS,
    {NULL, 0, 0, 0}};

int kg_cmd__export(int argc, char **argv)
{
    kg_args args;
    kg_dataset_args d;
    int id, r, status = KG_EXIT_TROUBLE;
    const char *value, *output = NULL, *format_name = NULL;
    kg_dataset *ds = NULL;

    kg_args__init(&args, argc, argv);
    kg_dataset__args_init(&d);
    while ((r = kg_args__next(&args, export_options, &id, &value)) >= 0) {
        if (r >= 100)
            return r - 100;
        if (r == 0) {
            if (kg_dataset__args_positional(&d, "export", value))
                return KG_EXIT_TROUBLE;
            continue;
        }
        switch (id) {
        case OPT_OUTPUT: output = value; break;
        case OPT_FORMAT: format_name = value; break;
        default: {
            int rc = kg_dataset__args_apply(&d, "export", id, value);
            if (rc < 0)
                return KG_EXIT_OK;
            if (rc)
                return KG_EXIT_TROUBLE;
        }
        }
    }

    kg_export_options eopts = {KG_EXPORT_GRAPHML, NULL};
    if (format_name) {
        if (kg_export_format_parse(&eopts.format, format_name) != KG_OK)
            return kg_usage__error("export", "%s", kg_last_error());
    } else if (output && strcmp(output, "-") != 0) {
        if (kg_export_format_from_path(&eopts.format, output) != KG_OK)
            return kg_usage__error("export", "%s", kg_last_error());
    } else {
        return kg_usage__error("export", "no format given: -T graphml, json or neo4j "
                              "(or -o FILE.graphml, FILE.json)");
    }
    if (!output) {
        if (eopts.format == KG_EXPORT_NEO4J)
            return kg_usage__error("export", "-T neo4j writes a directory: give -o DIR");
        output = "-";
    }
    if (eopts.format == KG_EXPORT_NEO4J && strcmp(output, "-") == 0)
        return kg_usage__error("export", "-T neo4j writes a directory (entities.csv, "
                              "sources.csv, relationships.csv), not standard output: "
                              "give -o DIR");

    ds = kg_dataset__args_load(&d);
    if (!ds)
        goto cleanup;
    if (eopts.format == KG_EXPORT_NEO4J) { /* the directory is replaced whole */
        static const char *const written[] = {"entities.csv", "sources.csv", "relationships.csv"};
        for (int k = 0; k < 3; k++) {
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", output, written[k]);
            if (kg_output_is_input(path)) {
                fprintf(stderr, "kgraph: %s: is one of this command's input files: refusing to "
                        "write over it (choose another output)\n", path);
                goto cleanup;
            }
        }
    }
    char name[256];
    kg_dataset__name(d.dir, name, sizeof name);
    eopts.name = name;
    if (kg_export_file(ds, &eopts, output) != KG_OK) {
        fprintf(stderr, "kgraph: %s\n", kg_last_error());
        goto cleanup;
    }
    status = KG_EXIT_OK;

cleanup:
    kg_dataset_free(ds);
    return status;
}
