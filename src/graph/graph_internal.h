/* graph/graph_internal.h: graph owns escaping data for Graphviz (kg_buf), styles and building the cgraph
 * graph from model and view masks. May call: base, dataset, the cgraph helpers in src/cg* (Graphviz internals). */
#ifndef KGRAPH_GRAPH_INTERNAL_H
#define KGRAPH_GRAPH_INTERNAL_H

#include "escape.h"
#include "graph_common.h"

#endif
