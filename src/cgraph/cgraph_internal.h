/* cgraph_internal.h: the one boundary between kgraph and Graphviz's cgraph internals (internal).
 *
 * Owns: everything that depends on cgraph's private structures or on one Graphviz version's
 * behaviour. May call: cgraph and base (base/base_internal.h). Nothing outside src/cgraph/ names cgraph's
 * private structures (its string header, its attribute records, its disciplines' shapes).
 *
 * Two variants implement the string and edge-order functions; CMake compiles one, chosen
 * from the Graphviz version (as curl's lib/vtls/ picks a TLS backend):
 *   private.c     Graphviz 2.x (Debian 12's 2.42) and 14: values are placed behind a copy
 *                 of cgraph's private string header (each version's own layout), read
 *                 back straight from the attribute record; on 2.x edges are created in
 *                 blocks for 2.42's splay trees.
 *   public.c      the public API only (agxset, agxget, agstrdup), in creation order: the
 *                 variant for Graphviz 3 to 13, and on any version when configured with
 *                 -DKGRAPH_CGRAPH_PRIVATE=OFF. Both give the same graphs and the same bytes.
 * iddisc.c (both variants) numbers objects in creation order; only the shape of the
 * discipline structures differs between Graphviz versions.
 */
#ifndef KGRAPH_CGRAPH_INTERNAL_H
#define KGRAPH_CGRAPH_INTERNAL_H

#include <stddef.h>
#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#ifndef KG_GRAPHVIZ_MAJOR
#error "KG_GRAPHVIZ_MAJOR (the Graphviz major version) comes from cmake/GraphvizVersion.cmake"
/* After gvLayout: node n's centre (*x, *y) and size (*w, *h), in points. */
void kg_gv__node_box(Agnode_t *n, double *x, double *y, double *w, double *h);
/* After gvLayout: the drawing's bounding box (llx, lly, urx, ury), in points. */
void kg_gv__graph_bb(Agraph_t *g, double bb[4]);

#endif

/* The variant compiled in: "private-2.42", "private-14" or "public" (for messages and tests). */
extern const char kg_cg__variant[];

/* ---- ids ------------------------------------------------------------------------------ */

/* The discipline to pass to agopen(): cgraph's I/O discipline with kgraph's id discipline.
 * cgraph's own gives a named object the address of its interned name as its id, and dot
 * orders nodes and edges by id in places: two graphs built alike in one process (after
 * others were freed) could be laid out differently from run to run. This one gives the
 * n-th distinct name the id 2n and anonymous objects odd ids from a counter per graph, so
 * equal graphs get equal ids. */
extern Agdisc_t kg_cg__disc;

/* ---- attribute values ------------------------------------------------------------------- */

/* Values a graph's nodes and edges are given, kept for as long as the graph. */
typedef struct kg_cg_strings kg_cg_strings;

/* Creates an empty store for the values of graph g (an open root graph). Returns KG_OK
 * and *out, or KG_ENOMEM. Free it with kg_cg__strings_free after agclose(g): in the
 * private variant the graph's values live in it. */
int kg_cg__strings_new(kg_cg_strings **out, Agraph_t *g);

/* Frees the store. NULL does nothing. */
void kg_cg__strings_free(kg_cg_strings *strings);

/* Sets attribute sym of obj (a node or an edge, never a graph) to value (len bytes,
 * NUL-terminated): a value unique to obj (an id, a tooltip). Returns KG_OK or KG_ENOMEM
 * (obj unchanged). */
int kg_cg__set(kg_cg_strings *strings, void *obj, Agsym_t *sym, const char *value, size_t len);

/* The store's one copy of value, for values many objects share (classes, colours): the
 * first call copies it, later calls find it. NULL when out of memory. Valid as long as
 * the store and its graph. */
const char *kg_cg__intern(kg_cg_strings *strings, const char *value);

/* Sets attribute sym of obj (a node or an edge) to stored, a string from kg_cg__intern on
 * the same store. Cannot fail. */
void kg_cg__put(void *obj, Agsym_t *sym, const char *stored);

/* The array of obj's attribute values indexed by Agsym_t.id, for reading many values of
 * one object in a row; NULL when this variant does not read them directly (use agxget). */
char **kg_cg__values(void *obj);

/* ---- edge creation order ---------------------------------------------------------------- */

/* The ends of edge i, for kg_cg__edge_order: its tail's and head's node numbers. */
typedef void kg_cg_ends_fn(const void *ctx, size_t i, size_t *tail, size_t *head);

/* Reorders order[0..n) (edge numbers) into the order in which this Graphviz creates
 * edges fastest, among nodes numbered below n_nodes. The private variant groups them by
 * blocks of (tail, head) with a stable counting sort: Graphviz 2.42 finds both ends of
 * every new edge in a splay tree of all nodes, and edges created among a few thousand
 * nodes find them near its root. The public variant keeps the order. cgraph keeps each
 * node's out-edges in its own order, so the order shows neither in the graph nor in its
 * DOT. Replaces *order with a new array (kg_free) on success; returns KG_OK or KG_ENOMEM
 * (*order unchanged). */
int kg_cg__edge_order(size_t **order, size_t n, size_t n_nodes, kg_cg_ends_fn *ends,
                     const void *ctx);

/* ---- gvc ---------------------------------------------------------------------------- */

/* gvRenderData(gvc, g, format, data, len) with the length as 2.42 gives it (Graphviz 3
 * and later give a size_t): 0 on success, else nonzero (also when the output is larger
 * than an unsigned int can count); *data as gvRenderData leaves it (gvFreeRenderData). */
/* Whether root has at least `least` edges, counted node by node and stopping as soon as
 * it does: agnedges() walks every edge tree on Graphviz 14 (dtsize is a tree walk), which
 * costs a measurable share of a million-edge render when all that is asked is "big?". */
int kg_cg__edges_at_least(Agraph_t *root, size_t least);

int kg_gv__render_data(GVC_t *gvc, Agraph_t *g, const char *format, char **data,
                      unsigned int *len);

/* After gvLayout: node n's centre (*x, *y) and size (*w, *h), in points. */
void kg_gv__node_box(Agnode_t *n, double *x, double *y, double *w, double *h);
/* After gvLayout: the drawing's bounding box (llx, lly, urx, ury), in points. */
void kg_gv__graph_bb(Agraph_t *g, double bb[4]);

#endif
