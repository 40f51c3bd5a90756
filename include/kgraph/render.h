/* kgraph/render.h: laying out and rendering a graph through libgvc, in-process.
 *
 * Graphviz plugins are linked into libkgraph and preloaded; SVG, DOT and JSON use the
 * core renderer with Graphviz's built-in font metrics (output independent of installed
 * fonts), PNG and PDF use cairo/pango. All Graphviz messages are captured into the
 * diagnostics. The same graph gives the same bytes on every run.
 */
#ifndef KGRAPH_RENDER_H
#define KGRAPH_RENDER_H

#include <stdio.h>
#include <graphviz/cgraph.h>
#include "kgraph/common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum kg_format {
    KG_FORMAT_SVG = 0,
    KG_FORMAT_PNG = 1,
    KG_FORMAT_PDF = 2,
    KG_FORMAT_DOT = 3, /* the built graph as DOT source, no layout */
    KG_FORMAT_JSON = 4 /* Graphviz's json output, after layout */
} kg_format;

/* Parses a format name ("svg", "png", "pdf", "dot", "gv", "json"). Returns KG_OK or
 * KG_EUSAGE naming the value in kg_last_error(). */
int kg_format_parse(kg_format *out, const char *name);
/* Picks the format from a file name's extension (".svg", ".dot", ".gv" ...). Returns
 * KG_OK or KG_EUSAGE when the extension is missing or unknown. */
int kg_format_from_path(kg_format *out, const char *path);
/* "svg", "png", "pdf", "dot", "json". */
const char *kg_format_name(kg_format format);

/* The layout engine kgraph uses by default for a graph of this size: one that finishes
 * in seconds ("dot" for small graphs, then "neato", "sfdp"). Static string. */
const char *kg_engine_for_size(size_t nodes, size_t edges);
/* Nonzero when name is a layout engine kgraph offers: dot neato fdp sfdp circo twopi. */
int kg_engine_valid(const char *name);

typedef struct kg_render_options {
    kg_format format;
    const char *engine; /* NULL or "auto": kg_engine_for_size() */
} kg_render_options;

/* Lays out (except for DOT) and renders graph into stream. Returns KG_OK, KG_EUSAGE
 * (unknown engine), KG_EGRAPHVIZ (layout or render failed; Graphviz's messages are in
 * diags) or KG_EIO (write error, e.g. disk full or closed pipe). The layout is freed
 * before return. diags may be NULL. */
int kg_render_stream(Agraph_t *graph, const kg_render_options *opts, FILE *stream,
                     kg_diagnostics *diags);

/* Renders into a new buffer: *data (NUL-terminated for text formats; free with kg_free)
 * and *size. Same results as kg_render_stream; on failure *data is NULL. */
int kg_render_data(Agraph_t *graph, const kg_render_options *opts, char **data, size_t *size,
                   kg_diagnostics *diags);

/* Renders into path atomically (kg_output): on any failure the file at path is left as
 * it was. path "-" writes to stdout. Same results as kg_render_stream. */
int kg_render_file(Agraph_t *graph, const kg_render_options *opts, const char *path,
                   kg_diagnostics *diags);

/* Frees the process-wide Graphviz context, if one was created. Call once at exit. */
void kg_render_shutdown(void);

#ifdef __cplusplus
}
#endif
#endif
