/* dotwrite.h: writing a cgraph graph as DOT source, in linear time (internal). */
#ifndef KGRAPH_DOTWRITE_H
#define KGRAPH_DOTWRITE_H

#include <stdio.h>
#include <graphviz/cgraph.h>

/* Writes graph as DOT to out: the root's graph attributes and node and edge defaults,
 * then every node with each attribute that differs from the root's default, then the
 * edges of no subgraph, then each subgraph as a block (its own attribute values and
 * defaults where they differ from its parent's, then its members and its own edges,
 * depth first). One statement a line;
 * the same graph always gives the same bytes. Reading the text back (agread) gives a
 * graph with the same nodes, edges, subgraph membership and attribute values.
 *
 * Why not agwrite: Graphviz 2.42's writer checks, for every edge, every subgraph's
 * membership and walks the in-edges of the head node, which makes it quadratic in the
 * degree; on a 1M-edge graph it takes longer than building the graph.
 *
 * Limits shared with agwrite: a value ending in an odd number of backslashes is written
 * with one more (DOT cannot quote a final lone backslash); a backslash right before a
 * newline joins the lines when read back (DOT's line continuation). An edge in two
 * sibling subgraphs is written once, in the first.
 *
 * Uses the objects' attribute-written flags (AGATTRWF) as marks, as agwrite does.
 * Returns KG_OK, KG_ENOMEM or KG_EIO (a write to out failed; out's error flag is set).
 * The caller flushes and closes out. */
int kg_dot__write(Agraph_t *graph, FILE *out);

/* kg_dot__write with the writing thread chosen: threaded 1 always hands the buffers to a
 * second thread, 0 never, -1 for big graphs only (what kg_dot__write does). The bytes are
 * the same either way (the tests run both paths on small graphs). */
int kg_dot__write_threaded(Agraph_t *graph, FILE *out, int threaded);

#endif
