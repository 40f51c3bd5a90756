/* kgraph/graph.h: building the Graphviz cgraph graph from the model.
 *
 * One node per entity, one edge per pair of entities (all the relations from one entity
 * to another merged, each with its citations folded in; or one edge per relation with
 * kg_graph_options.each_relation), a legend and a title. This is the ONE place where data reaches Graphviz: only allow-listed
 * attributes are set, and every value from data is escaped for the attribute it goes
 * into (see src/graph/escape.h), so backslash sequences (\N, \G, \E ...) stay literal, no
 * HTML-like label or record shape is ever built from data, and only http, https and
 * relative URLs become links.
 *
 * Element ids (the SVG id attribute) are stable and derived from the data:
 *   node  "e-" ENC(entity id)
 *   edge  "r-" ENC(source id) "--" ENC(relation) "--" ENC(target id) for an edge of one
 *         relation; "r-" ENC(source id) "--" ENC(target id) for an edge merging several
 *   legend items "legend-..."
 * where ENC keeps ASCII letters, digits and '_' and writes every other byte as ".XX"
 * (two upper-case hex digits), so ids are valid XML/HTML ids and distinct data gives
 * distinct ids. Classes: nodes "entity type-ENC(type)", edges
 * "relation rel-ENC(relation) polarity-NAME"; a merged edge "relation merged" then
 * "rel-ENC(relation)" for every verb it carries (each once, sorted) and "polarity-NAME",
 * NAME the polarity its relations share or "mixed". A merged edge's label lists its
 * three most cited verbs (all of them when there are four), then "+N more"; its pen width
 * grows with the documents citing all of them; its tooltip lists every relation with
 * its citations.
 */
#ifndef KGRAPH_GRAPH_H
#define KGRAPH_GRAPH_H

#include <graphviz/cgraph.h>
#include "kgraph/common.h"
#include "kgraph/dataset.h"
#include "kgraph/style.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct kg_graph_options {
    const char *name;        /* graph name; NULL means "kgraph" */
    const char *title;       /* title drawn on top; NULL or "" for none */
    int legend;              /* nonzero (the default): add a legend of the styles used */
    const kg_style *style;   /* NULL: built-in styles */
    /* Views: NULL means everything. Otherwise one byte per entity / relation; only
     * entities with a nonzero byte are drawn, and relations with a nonzero byte whose
     * both ends are drawn. */
    const unsigned char *entity_mask;
    const unsigned char *relation_mask;
    /* Nonzero: one cluster per entity type, framed and labelled with the type (ids
     * "cluster-type-ENC(type)"); untyped entities stay
     * outside. Lay such a graph out with fdp: Graphviz 2.42's dot frees memory twice
     * (flat_edges, labelled edges between nodes of one rank) on such clusters. */
    int cluster_by_type;
    /* NULL: a node links to its entity's url, if any. Otherwise every node links to
     * entity_link_prefix ENC(id) instead, e.g. "#entity-" for a section of a report.
     * The prefix is written unescaped, so it must pass kg_link_prefix_check() (KG_EUSAGE
     * otherwise). */
    const char *entity_link_prefix;
    /* Nonzero: every edge carries its relation as a label. 0 (the default): edges carry
     * labels only when at most KG_EDGE_LABELS_MAX (render.h) are drawn, as placing more
     * costs neato and sfdp minutes; the relation is always in the edge's tooltip. */
    int all_edge_labels;
    /* Nonzero: one edge per relation (`--each-relation`). 0 (the default): the relations
     * from one entity to another are one edge (see the top of this file). */
    int each_relation;
} kg_graph_options;

/* Drawn labels (entity labels, relation names) are cut to this many lines of this many
 * characters, ending in U+2026; the full text stays in the tooltip. */
#define KG_LABEL_MAX_LINES 8
/* Entity labels longer than this many characters a line are broken at spaces into lines
 * of about this width (the full label stays in the tooltip). */
#define KG_LABEL_WRAP 22
#define KG_LABEL_MAX_LINE_CHARS 120
/* The legend shows at most this many entity types, then "+N more types". */
#define KG_LEGEND_MAX_TYPES 40

/* Fills *opts with the defaults (legend on, built-in style, no title, no mask). */
KG_API void kg_graph_options_init(kg_graph_options *opts);

/* Builds a directed cgraph graph from ds. opts NULL means defaults. Returns KG_OK and
 * the graph in *out (free with kg_graph_free), or KG_ENOMEM / KG_EGRAPHVIZ with *out
 * NULL. Messages go to diags (may be NULL). The graph does not reference ds after
 * return: ds may be freed first. */
KG_API int kg_graph_build(Agraph_t **out, const kg_dataset *ds, const kg_graph_options *opts,
                   kg_diagnostics *diags);

/* Checks a link prefix (kg_graph_options.entity_link_prefix, `kgraph render
 * --link-prefix`): '#' followed by ASCII letters, digits, '-', '_' and '.', or a relative
 * path of those and '/' (not empty, not starting with '/', no ".."). Returns KG_OK, or
 * KG_EUSAGE with the reason in kg_last_error(). The one rule kg_graph_build applies. */
KG_API int kg_link_prefix_check(const char *prefix);

/* Closes the graph (agclose). NULL does nothing. */
KG_API void kg_graph_free(Agraph_t *graph);

/* 1 when graph has more than limit nodes and edges together, else 0 (NULL: 0). Counts
 * node by node and stops once past limit, so it costs O(limit) where agnedges() walks
 * every edge on Graphviz 14. */
KG_API int kg_graph_larger_than(Agraph_t *graph, size_t limit);

/* Writes ENC(text) (see above) into out, NUL-terminated, truncating to cap-1 bytes.
 * Returns the length the full encoding needs (excluding the NUL), as snprintf does. */
KG_API size_t kg_id_encode(char *out, size_t cap, const char *text);

#ifdef __cplusplus
}
#endif
#endif
