/* cgstr.h: attribute strings handed to cgraph without its string dictionary (internal). */
#ifndef KGRAPH_CGSTR_H
#define KGRAPH_CGSTR_H

#include <stddef.h>
#include <graphviz/cgraph.h>

/* Why: cgraph keeps every attribute value in a reference-counted string dictionary, a
 * splay tree (Graphviz 2.42). Values that are unique to one object (ids, tooltips,
 * labels) make it grow to millions of entries; at 1M edges setting them with agxset
 * takes longer than creating the edges. These functions store such a value in a
 * kgraph arena instead, laid out as cgraph lays out its own strings (a header with a
 * reference count of one, not HTML), and put it straight into the object's attribute
 * record. cgraph reads it like any other value; when it later releases the value
 * (agxset, agclose) it looks the string up in its dictionary, does not find it there,
 * and leaves it alone. The arena must therefore outlive the graph.
 *
 * kg_cgstr_supported() checks once, on a throwaway graph, that the installed Graphviz
 * has exactly that layout; where it does not, kg_cgstr_set falls back to agxset and the
 * output is the same. */

typedef struct kg_cgstr_arena kg_cgstr_arena;

/* Nonzero when values can be stored directly (checked once per process; not
 * thread-safe on the first call). Setting the environment variable
 * KGRAPH_CGRAPH_STRINGS=pool disables it (tests compare both paths). */
int kg_cgstr_supported(void);

/* Creates an empty arena. Returns KG_OK and *out (free with kg_cgstr_arena_free after
 * the graphs using it are closed) or KG_ENOMEM. */
int kg_cgstr_arena_new(kg_cgstr_arena **out);

/* Frees the arena and every string in it. NULL does nothing. */
void kg_cgstr_arena_free(kg_cgstr_arena *arena);

/* Sets attribute sym of obj (a node or an edge, never a graph) to a copy of the
 * NUL-terminated string value of length len, kept in arena. Returns KG_OK or KG_ENOMEM
 * (obj unchanged). The value replaced keeps its reference in cgraph's dictionary (cgraph
 * frees the whole dictionary when the graph closes). */
int kg_cgstr_set(kg_cgstr_arena *arena, void *obj, Agsym_t *sym, const char *value,
                 size_t len);

/* The arena's one stored copy of value, for values shared by many objects (classes,
 * colours, labels): the first call copies it, later calls find it. NULL when out of
 * memory. Valid as long as the arena. */
const char *kg_cgstr_intern(kg_cgstr_arena *arena, const char *value);

/* Sets attribute sym of obj (a node or an edge) to stored, a string from
 * kg_cgstr_intern on the same arena. Cannot fail. */
void kg_cgstr_put(void *obj, Agsym_t *sym, const char *stored);

#endif
