/* legend.h: placing the legend outside the data's layout (legend.c; internal to render/). */
#ifndef KGRAPH_RENDER_LEGEND_H
#define KGRAPH_RENDER_LEGEND_H

#include <stddef.h>
#include <graphviz/cgraph.h>

/* A bounding box in points, Graphviz's coordinates (y up). */
typedef struct kg_box {
    double llx, lly, urx, ury;
} kg_box;

/* One attribute of the legend's cluster, kept while the legend is laid out alone. */
typedef struct kg_legend_attr {
    char *name, *value; /* owned */
} kg_legend_attr;

/* The two copies a graph with a legend is split into (kg_legend__split). */
typedef struct kg_legend_split {
    Agraph_t *data;   /* the graph without the legend (owned; agclose) */
    Agraph_t *legend; /* the legend's nodes and edges alone, no title (owned) */
    kg_legend_attr frame[16]; /* the attributes of "cluster_legend" (label, id, style ...) */
    size_t n_frame;
} kg_legend_split;

/* The subgraph "cluster_legend" of graph (kg_graph_build's legend), or NULL. */
Agraph_t *kg_legend__find(Agraph_t *graph);

/* Copies graph (a graph with a legend) into *out twice: the data without the legend, and
 * the legend alone (no title). Returns KG_OK, or KG_EGRAPHVIZ / KG_ENOMEM with *out
 * empty. Free with kg_legend__split_free. */
int kg_legend__split(kg_legend_split *out, Agraph_t *graph);

/* Copies graph (every node, edge, subgraph and value, in graph's order) into *out
 * (agclose). Returns KG_OK, or KG_ENOMEM / KG_EGRAPHVIZ with *out NULL. */
int kg_legend__copy(Agraph_t *graph, Agraph_t **out);

/* Closes both copies and frees the kept attributes; *s is left empty. */
void kg_legend__split_free(kg_legend_split *s);

/* Reads the laid-out bounding box ("bb") of g into *box. Returns KG_OK or KG_EGRAPHVIZ. */
int kg_legend__bb(Agraph_t *g, kg_box *box);

/* Prepares the legend copy for dot: a column (column nonzero: top to bottom, each
 * polarity's sample arrow level) or a block of two rows (the entity types, then the
 * polarities and notes). Returns KG_OK, KG_ENOMEM or KG_EGRAPHVIZ. */
int kg_legend__arrange(Agraph_t *legend, int column);

/* Moves the laid-out legend (s->legend, bounding box *legend, positions in attributes
 * after attach_attrs) beside (right nonzero) or below the laid-out data (bounding box
 * *data) and adds it to s->data as the cluster "cluster_legend" with its frame (bb, lp)
 * and its old attributes; the title keeps its position over the data.
 * Returns KG_OK, KG_ENOMEM or KG_EGRAPHVIZ. */
int kg_legend__place(kg_legend_split *s, const kg_box *data, const kg_box *legend, int right);

#endif

/* svg.c, for render.c. Both write a new buffer into *out (kg_free) and its length into
 * *out_len, leaving svg as it was; return KG_OK, KG_ENOMEM or KG_EGRAPHVIZ (not the SVG
 * Graphviz writes). */

/* Moves every element of the graph's group whose id starts with "legend" (the legend's
 * frame, items and chains; with the comment before each) into one group
 * <g id="legend" class="legend"> at the end of the graph's group. */
int kg_svg__gather_legend(char **out, size_t *out_len, const char *svg, size_t len);

/* Sets the root's width to width px and its height in proportion (viewBox kept). */
int kg_svg__set_width(char **out, size_t *out_len, const char *svg, size_t len, unsigned width);
