/* graph_common.h: what every graph kgraph draws shares (internal): the font, the graph's
 * layout attributes and its title and frame attributes. Used by graph.c and diff_graph.c. */
#ifndef KGRAPH_GRAPH_COMMON_H
#define KGRAPH_GRAPH_COMMON_H

#include <graphviz/cgraph.h>

/* The one font; never taken from data (Graphviz 2.42 writes fontname unescaped). */
#define KG_FONT "Helvetica"

/* The graph-level attributes a builder sets later (title, legend frame, id). */
typedef struct kg_graph_syms {
    Agsym_t *label, *labelloc, *labeljust, *fontsize, *fontname, *style, *color, *id;
} kg_graph_syms;

/* Declares agattr(g, kind, name, def), dropping const for cgraph. Returns the symbol or
 * NULL on failure. */
Agsym_t *kg_graph__declare(Agraph_t *g, int kind, const char *name, const char *def);

/* Declares the layout attributes of every kgraph diagram (left to right, edges under
 * nodes, bounded dot effort, ...) and the title/frame attributes into *out. Returns KG_OK
 * or KG_EGRAPHVIZ. */
int kg_graph__declare_common(Agraph_t *g, kg_graph_syms *out);

#endif
