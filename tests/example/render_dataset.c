/* render_dataset.c: the libkgraph example: load a dataset, render it as SVG, export it as JSON. */
#include <stdio.h>

#include <kgraph.h>

int main(int argc, char **argv)
{
    kg_diagnostics *diags = NULL;
    kg_dataset *ds = NULL;
    Agraph_t *graph = NULL;
    int status = 1;

    if (argc != 3 && argc != 4) {
        fprintf(stderr, "usage: %s DATASET OUT.svg [OUT.json]\n", argv[0]);
        return 2;
    }
    if (kg_diagnostics_new(&diags, 0) != KG_OK)
        goto cleanup;
    if (kg_dataset_load(&ds, argv[1], NULL, diags) != KG_OK)
        goto cleanup; /* the reasons are in diags, printed below */
    printf("%s: %zu entities, %zu relations (%zu citations)\n", argv[1],
           kg_dataset_entity_count(ds), kg_dataset_relation_count(ds),
           kg_dataset_citation_count(ds));

    kg_graph_options gopts;
    kg_graph_options_init(&gopts);
    gopts.title = "rendered by libkgraph";
    if (kg_graph_build(&graph, ds, &gopts, diags) != KG_OK)
        goto cleanup;
    kg_render_options ropts = {.format = KG_FORMAT_SVG, .engine = NULL}; /* NULL engine: chosen by size */
    if (kg_render_file(graph, &ropts, argv[2], diags) != KG_OK)
        goto cleanup;
    if (argc == 4) {
        kg_export_options eopts = {.format = KG_EXPORT_JSON, .name = "example"};
        if (kg_export_file(ds, &eopts, argv[3]) != KG_OK)
            goto cleanup;
    }
    status = 0;

cleanup:
    if (status != 0 && kg_last_error()[0])
        fprintf(stderr, "render_dataset: %s\n", kg_last_error());
    kg_diagnostics_print(diags, stderr, "render_dataset", 0);
    kg_graph_free(graph);
    kg_dataset_free(ds);
    kg_diagnostics_free(diags);
    kg_render_shutdown();
    return status;
}
