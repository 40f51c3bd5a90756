/* kgraph.h: umbrella header of libkgraph, CSV relation sets to Graphviz diagrams.
 *
 * Data flows load -> model -> graph -> render:
 *   kgraph/common.h    status codes, last error, diagnostics list
 *   kgraph/dataset.h   loading and validating a relation set; the in-memory model
 *   kgraph/config.h    kgraph.ini, the settings a dataset carries; kgraph init
 *   kgraph/corpus.h    verifying quotes against the cited documents; entity coverage
 *   kgraph/style.h     how entity types, relations and polarities are drawn
 *   kgraph/graph.h     building a cgraph graph from the model
 *   kgraph/view.h      masks selecting part of the model (focus on entities)
 *   kgraph/render.h    laying out and rendering through libgvc
 *   kgraph/output.h    atomic output files
 *   kgraph/diff.h      what changed between two versions; diff text, CSV, JSON, diagram
 *   kgraph/stats.h     counts, components, degrees and betweenness centrality
 *   kgraph/conflicts.h pairs of entities about which citations disagree
 *   kgraph/duplicates.h entities that may name the same actor
 *   kgraph/export.h    the dataset as GraphML, JSON node-link or Neo4j import CSV
 *   kgraph/suggest.h   the nearest known name to a mistyped one ("did you mean ...?")
 */
#ifndef KGRAPH_H
#define KGRAPH_H

#include "kgraph/common.h"
#include "kgraph/dataset.h"
#include "kgraph/config.h"
#include "kgraph/corpus.h"
#include "kgraph/style.h"
#include "kgraph/graph.h"
#include "kgraph/view.h"
#include "kgraph/render.h"
#include "kgraph/output.h"
#include "kgraph/diff.h"
#include "kgraph/svg.h"
#include "kgraph/report.h"
#include "kgraph/stats.h"
#include "kgraph/conflicts.h"
#include "kgraph/duplicates.h"
#include "kgraph/export.h"
#include "kgraph/suggest.h"
#include "kgraph/names.h"

#endif
