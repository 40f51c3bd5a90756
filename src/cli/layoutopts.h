/* layoutopts.h: the saved-layout and time-slice options render, report and diff share (--save-layout, --layout-from, --slices). */
#ifndef KGRAPH_LAYOUTOPTS_H
#define KGRAPH_LAYOUTOPTS_H

#include "kgraph.h"
#include "kgraph/layout.h"

/* The option rows (their help), for a command's table. */
#define KG_LAYOUT_OPTION_ROWS                                                               \
    {"save-layout", 0, "FILE", OPT_SAVE_LAYOUT,                                             \
     "also write where every node was drawn to FILE (JSON,\n"                               \
     "docs/layouts.md), atomically, to reuse with --layout-from"},                         \
    {"layout-from", 0, "FILE", OPT_LAYOUT_FROM,                                             \
     "draw the nodes saved in FILE where they were; place new\n"                            \
     "ones near their neighbours, moving no other; route edges\n"                           \
     "afresh (neato with every node pinned; -K is not used)"}

/* Checks the layout options of command against the output format: neither applies to
 * dot (no layout). Returns 0, or KG_EXIT_TROUBLE after a usage error. */
int kg_layoutargs__check(const char *command, const char *save, const char *from, kg_format format);

/* Reads the --layout-from file (path NULL: *from NULL) and checks it against the
 * dataset drawn (ds and its entity_mask); creates the layout to save (save_path NULL:
 * *save NULL), recording name and ds. Returns 0, or KG_EXIT_TROUBLE after printing
 * "kgraph: FILE: ..." (both NULL then). */
int kg_layoutargs__open(const char *from_path, const char *save_path, const char *name,
                        const kg_dataset *ds, const unsigned char *entity_mask,
                        kg_layout **from, kg_layout **save);

/* Writes save to path (both may be NULL: nothing to do). Returns 0, or KG_EXIT_TROUBLE
 * after printing the error. */
int kg_layoutargs__save(const kg_layout *save, const char *path);

/* The diff diagram with the layout options: renders graph (the union, from
 * kg_diff_graph_build) into output, on the positions of the --layout-from file from_path
 * (checked against new_ds, else old_ds), saving its layout to save_path. side_by_side:
 * instead, draws old_ds and new_ds (views masks[0..1] and masks[2..3], graph options
 * panel: legend, style; titles old_title and new_title) as two panels of one SVG, each
 * on the union's layout. Returns a kg_status with the message in kg_last_error(), or
 * KG_EXIT_TROUBLE + 100 after printing an error itself. */
int kg_layoutargs__diff(Agraph_t *graph, const kg_dataset *old_ds, const kg_dataset *new_ds,
                        unsigned char *const masks[4], const kg_graph_options *panel,
                        const char *old_title, const char *new_title,
                        const kg_render_options *ropts, const char *output,
                        const char *from_path, const char *save_path, int side_by_side,
                        kg_diagnostics *diags);

/* `kgraph render --slices`: renders the slices of c's dataset (loaded, its view selected)
 * into the directory c->opt[OPT_OUTPUT], one SVG per period and index.html, all on one
 * layout of their union. gopts: the graph options (title, style ...); ropts: the render
 * options. Returns a kg_exit. */
struct kg_cli;
int kg_slices__render(struct kg_cli *c, const kg_graph_options *gopts,
                      const kg_render_options *ropts, const char *name);

#endif
