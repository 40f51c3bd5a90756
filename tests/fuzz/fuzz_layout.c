/* fuzz_layout.c: libFuzzer harness for the layout file reader and for drawing on a layout.
 *
 * Each input (at most MAX_INPUT bytes) is parsed as a layout file (kg_layout_parse). When
 * it parses, it is checked against a small fixed dataset (kg_layout_check) and, at most
 * MAX_NODES nodes, the dataset is drawn on it (kg_render_data with layout_from, so the
 * pinning, the placing of the entities it lacks and the anchors run) and saved again
 * (layout_save); the SVG must pass svg_check. A parse failure must leave a message naming
 * the input. Any violation aborts, so libFuzzer keeps the input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kgraph.h"
#include "kgraph/layout.h"
#include "svgcheck.h"

#define MAX_INPUT 16384
#define MAX_NODES 64

static const char entities[] = "id,label,type\na,Alpha,person\nb,Beta,person\nc,Gamma,place\n"
                               "d,Delta,place\n";
static const char relations[] = "source,relation,target\na,meets,b\nb,visits,c\nc,borders,d\n";

static void die(const char *what, const char *detail)
{
    fprintf(stderr, "fuzz_layout: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
    abort();
}

/* The fixed dataset, loaded once. */
static kg_dataset *dataset(void)
{
    static kg_dataset *ds;
    if (!ds) {
        kg_load_options opts;
        kg_load_options_init(&opts);
        opts.memory[KG_FILE_ENTITIES] = (kg_memory_file){"entities.csv", entities, sizeof entities - 1};
        opts.memory[KG_FILE_RELATIONS] = (kg_memory_file){"relations.csv", relations, sizeof relations - 1};
        if (kg_dataset_load(&ds, NULL, &opts, NULL) != KG_OK)
            die("the fixed dataset does not load", kg_last_error());
    }
    return ds;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > MAX_INPUT)
        return 0;
    kg_layout *layout = NULL;
    int rc = kg_layout_parse(&layout, (const char *)data, size, "input.json");
    if (rc != KG_OK) {
        if (layout || !strstr(kg_last_error(), "input.json"))
            die("a failed parse without a message naming the input", kg_last_error());
        return 0;
    }
    kg_dataset *ds = dataset();
    (void)kg_layout_check(layout, "input.json", ds, NULL, NULL);
    if (kg_layout_count(layout) <= MAX_NODES) {
        Agraph_t *g = NULL;
        kg_layout *saved = NULL;
        char *svg = NULL, why[512];
        size_t len = 0;
        if (kg_layout_new(&saved) != KG_OK || kg_graph_build(&g, ds, NULL, NULL) != KG_OK)
            die("cannot build the graph", kg_last_error());
        kg_render_options ro = {.format = KG_FORMAT_SVG, .layout_from = layout,
                                .layout_save = saved};
        if (kg_render_data(g, &ro, &svg, &len, NULL) == KG_OK &&
            svg_check(svg, len, why, sizeof why) != 0)
            die("unsafe svg", why);
        kg_free(svg);
        kg_graph_free(g);
        kg_layout_free(saved);
    }
    kg_layout_free(layout);
    return 0;
}
