/* cgid.h: a cgraph id discipline numbering objects in creation order (internal), so that
 * layouts never depend on heap addresses. */
#ifndef KGRAPH_CGID_H
#define KGRAPH_CGID_H

#include <graphviz/cgraph.h>

/* The discipline to pass to agopen(): cgraph's memory and I/O disciplines with kgraph's
 * id discipline. cgraph's own gives a named object the address of its interned name as
 * its id, and dot orders nodes and edges by id in places: two graphs built alike in one
 * process (after others were freed, with a loader thread's memory reused) could be laid
 * out differently from run to run. This one gives the n-th distinct name the id 2n and
 * anonymous objects odd ids from a counter per graph, so equal graphs get equal ids. */
extern Agdisc_t kg_cgraph_disc;

#endif
