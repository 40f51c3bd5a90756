/* graph_common.h: what every graph kgraph draws shares (internal): the font, the graph's
 * layout attributes and its title and frame attributes. Used by graph.c and diff_graph.c. */
#ifndef KGRAPH_GRAPH_COMMON_H
#define KGRAPH_GRAPH_COMMON_H

#include <stddef.h>
#include <graphviz/cgraph.h>

/* The one font; never taken from data (Graphviz 2.42 writes fontname unescaped). */
#define KG_FONT "Helvetica"

/* The palette every diagram draws with: Okabe and Ito's eight colour-blind-safe hues
 * ("Color Universal Design", 2008). Entity types use light tints of them as fills with the
 * hue as border (style.c); edges use the hues themselves. */
#define KG_PAL_ORANGE "#e69f00"
#define KG_PAL_SKY_BLUE "#56b4e9"
#define KG_PAL_BLUISH_GREEN "#009e73"
#define KG_PAL_YELLOW "#f0e442"
#define KG_PAL_BLUE "#0072b2"
#define KG_PAL_VERMILLION "#d55e00"
#define KG_PAL_REDDISH_PURPLE "#cc79a7"
#define KG_PAL_BLACK "#000000"

/* Polarities (edges, legend, the report's badges): "mixed" is one colour everywhere. */
#define KG_COLOUR_POSITIVE KG_PAL_BLUISH_GREEN
#define KG_COLOUR_NEGATIVE KG_PAL_VERMILLION
#define KG_COLOUR_NEUTRAL "#616161"
#define KG_COLOUR_MIXED KG_PAL_REDDISH_PURPLE
/* Diff states, for the diff diagram: no colour shared with a polarity. */
#define KG_COLOUR_ADDED KG_PAL_BLUE
#define KG_COLOUR_REMOVED KG_PAL_ORANGE
#define KG_COLOUR_CHANGED KG_PAL_BLACK
#define KG_COLOUR_UNCHANGED "#bdbdbd"

/* The graph-level attributes a builder sets later (title, legend frame, id). */
typedef struct kg_graph_syms {
    Agsym_t *label, *labelloc, *labeljust, *fontsize, *fontname, *style, *color, *id;
} kg_graph_syms;

/* The style of the k-th entity type (from 0, in order of first appearance) that no style
 * names: a shape and fill and border colours, static strings (style.c). */
void kg_style__custom_type(size_t k, const char **shape, const char **fill, const char **border);

/* Declares agattr(g, kind, name, def), dropping const for cgraph. Returns the symbol or
 * NULL on failure. */
Agsym_t *kg_graph__declare(Agraph_t *g, int kind, const char *name, const char *def);

/* Declares the layout attributes of every kgraph diagram (left to right, edges under
 * nodes, bounded dot effort, ...) and the title/frame attributes into *out. Returns KG_OK
 * or KG_EGRAPHVIZ. */
int kg_graph__declare_common(Agraph_t *g, kg_graph_syms *out);

#endif
