/* analysis/analysis_internal.h: analysis owns views (filters, focus), statistics, conflicts, duplicates
 * and the corpus check. May call: base, dataset; it is called only through its public headers. */
#ifndef KGRAPH_ANALYSIS_INTERNAL_H
#define KGRAPH_ANALYSIS_INTERNAL_H

/* Nothing is shared inside the folder yet: each file serves its public header
 * (kgraph/view.h, stats.h, conflicts.h, duplicates.h, corpus.h). */

#endif
