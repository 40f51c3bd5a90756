/* fuzz_render.c: libFuzzer harness for load -> view -> build -> render, SVG and DOT in memory.
 *
 * Each input (see fuzz_input.h, at most MAX_INPUT bytes) is loaded with tight limits
 * (MAX_ROWS rows a file, MAX_FIELD bytes a field) so a layout takes milliseconds; when
 * it loads, a view is drawn from the hash (everything, or a focus on one entity at depth
 * 0-2), the graph is built (title from the data, legend on or off) and laid out (dot for
 * half the inputs, else neato, fdp, sfdp, circo or twopi) and rendered:
 *   - SVG: must pass svg_check (well-formed XML; no script, image, event handler, style,
 *     foreign font or link scheme; see tests/svgcheck.h);
 *   - DOT: must read back with Graphviz's own parser without an error, with as many
 *     nodes and edges as the built graph (no DOT metacharacter broke out of a string).
 * Any violation aborts, so libFuzzer keeps the input. Graphviz itself is not
 * instrumented: a fault inside it shows as a crash, not as coverage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_input.h"
#include "kgraph.h"
#include "svgcheck.h"

#define MAX_INPUT 8192
#define MAX_ROWS 24
#define MAX_FIELD 512

static void die(const char *what, const char *detail)
{
    fprintf(stderr, "fuzz_render: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
    abort();
}

/* Renders SVG and checks it; renders DOT and reads it back. The layout engine is dot
 * for half the inputs (kgraph's choice for small graphs), else one of the others. */
static void render_and_check(Agraph_t *g, uint64_t *rng)
{
    static const char *const engines[] = {"neato", "fdp", "sfdp", "circo", "twopi"};
    char *data = NULL, why[512];
    size_t size = 0;
    uint64_t pick = fuzz_next(rng);
    kg_render_options ro = {.format = KG_FORMAT_SVG,
                           .engine = pick & 1 ? "dot" : engines[(pick >> 1) % 5]};
    int rc = kg_render_data(g, &ro, &data, &size, NULL);
    if ((rc == KG_OK) != (data != NULL))
        die("kg_render_data: status and buffer disagree", NULL);
    if (rc == KG_OK && svg_check(data, size, why, sizeof why) != 0) {
        fwrite(data, 1, size, stderr);
        die("unsafe SVG", why);
    }
    kg_free(data);
    data = NULL;
    if ((fuzz_next(rng) & 1) && !fuzz_replay_all)
        return;
    ro.format = KG_FORMAT_DOT;
    if (kg_render_data(g, &ro, &data, &size, NULL) != KG_OK)
        return;
    agreseterrors();
    Agraph_t *back = agmemread(data);
    if (!back || agerrors() >= AGERR) {
        fwrite(data, 1, size, stderr);
        die("the DOT output does not read back", NULL);
    }
    if (agnnodes(back) != agnnodes(g) || agnedges(back) != agnedges(g)) {
        fwrite(data, 1, size, stderr);
        die("the DOT output reads back as a different graph", NULL);
    }
    agclose(back);
    kg_free(data);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > MAX_INPUT)
        return 0;
    fuzz_input in;
    fuzz_split(&in, data, size);
    uint64_t rng = in.hash;
    kg_load_options opts;
    kg_load_options_init(&opts);
    fuzz_memory_files(&in, &opts);
    opts.max_rows = MAX_ROWS;
    opts.max_field_bytes = MAX_FIELD;

    kg_diagnostics *diags = NULL;
    kg_dataset *ds = NULL;
    Agraph_t *g = NULL;
    unsigned char *emask = NULL, *rmask = NULL;
    if (kg_diagnostics_new(&diags, 0) != KG_OK)
        return 0;
    if (kg_dataset_load(&ds, NULL, &opts, diags) != KG_OK)
        goto cleanup;

    kg_graph_options go;
    kg_graph_options_init(&go);
    uint64_t mode = fuzz_next(&rng);
    go.legend = (int)(mode & 1);
    size_t n = kg_dataset_entity_count(ds);
    if (n > 0) {
        const kg_entity *e = kg_dataset_entity(ds, (size_t)(fuzz_next(&rng) % n));
        go.title = e->label; /* a title from data, as the CLI's default (the directory name) */
        if (mode & 2) {
            const char *ids[] = {e->id};
            if (kg_view_focus(&emask, &rmask, ds, ids, 1, (unsigned)(mode >> 2 & 3) % 3) != KG_OK)
                die("kg_view_focus rejected an entity of the dataset", e->id);
            go.entity_mask = emask;
            go.relation_mask = rmask;
        }
    }
    if (kg_graph_build(&g, ds, &go, diags) != KG_OK)
        goto cleanup;
    render_and_check(g, &rng);

cleanup:
    kg_graph_free(g);
    kg_free(emask);
    kg_free(rmask);
    kg_dataset_free(ds);
    kg_diagnostics_free(diags);
    return 0;
}
