/* report/report_internal.h: report owns the HTML and Markdown report of a dataset. May call: base,
 * graph (escaping), and analysis, graph and render through their public headers only. */
#ifndef KGRAPH_REPORT_INTERNAL_H
#define KGRAPH_REPORT_INTERNAL_H

/* Nothing is shared inside the folder yet: report.c serves kgraph/report.h. */

#endif
