/* render/render_internal.h: render owns layout and rendering through libgvc, the DOT writer, SVG
 * post-processing and atomic output files. May call: base, graph (kg_buf, escaping), libgvc. */
#ifndef KGRAPH_RENDER_INTERNAL_H
#define KGRAPH_RENDER_INTERNAL_H

#include "dotwrite.h"

#endif
