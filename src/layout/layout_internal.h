/* layout/layout_internal.h: layout owns saved layouts (the kg_layout store, its JSON file, pinning a graph
 * to one, placing new nodes, capturing one after a layout) and time slices. May call: base, graph (kg_buf), cgraph. */
#ifndef KGRAPH_LAYOUT_INTERNAL_H
#define KGRAPH_LAYOUT_INTERNAL_H

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include "kgraph/layout.h"

/* The extent of a layout's nodes (llx, lly, urx, ury): the union of their boxes and of
 * the extent recorded in the file it was read from; all 0 when it has none. */
void kg_layout__extent(const kg_layout *layout, double ext[4]);
/* Sets what kg_layout_engine and kg_layout_bb return and the extent to keep (points).
 * Returns KG_OK or KG_ENOMEM. */
int kg_layout__set_drawing(kg_layout *layout, const char *engine, const double bb[4],
                          const double extent[4]);

/* Records into save (an empty layout) every drawn node of graph, just laid out by engine:
 * entity nodes (SVG id "e-...") by entity id, other nodes with an SVG id by that id;
 * the anchors kg_layout__pin adds count in the extent only. Returns KG_OK or KG_ENOMEM. */
int kg_layout__capture(kg_layout *save, Agraph_t *graph, const char *engine);

/* Prepares graph (a copy the caller owns, not yet laid out) to be laid out with "neato"
 * on the positions of from: pins the nodes from holds, places the others (a first
 * layout in gvc measures their sizes), adds two invisible anchors at the corners of
 * from's extent, and sets overlap=true, notranslate=true, inputscale=72. Returns KG_OK,
 * KG_ENOMEM or KG_EGRAPHVIZ (the measuring layout failed). */
int kg_layout__pin(Agraph_t *graph, const kg_layout *from, GVC_t *gvc);

/* The engine kg_layout__pin prepares a graph for. */
#define KG_LAYOUT_PIN_ENGINE "neato"

#endif
