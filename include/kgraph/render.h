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
#include "kgraph/layout.h"

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
KG_API int kg_format_parse(kg_format *out, const char *name);
/* Picks the format from a file name's extension (".svg", ".dot", ".gv" ...). Returns
 * KG_OK or KG_EUSAGE when the extension is missing or unknown. */
KG_API int kg_format_from_path(kg_format *out, const char *path);
/* "svg", "png", "pdf", "dot", "json". */
KG_API const char *kg_format_name(kg_format format);

/* Layout limits: the largest graphs (drawn nodes, drawn edges) each engine lays out in
 * seconds on a small machine, measured with kgraph's graphs (edge labels, legend). */
#define KG_DOT_MAX_NODES 150
#define KG_DOT_MAX_EDGES 300
#define KG_NEATO_MAX_NODES 1000
#define KG_NEATO_MAX_EDGES 2500
#define KG_FDP_MAX_NODES 1000 /* fdp, the one engine that draws clusters by type */
#define KG_FDP_MAX_EDGES 2500
#define KG_SFDP_MAX_NODES 20000
#define KG_SFDP_MAX_EDGES 40000
/* Past this many drawn edges kgraph's graphs carry no edge labels (graph.h): placing
 * them costs neato/sfdp minutes at 20,000 edges; the relation stays in the tooltip. */
#define KG_EDGE_LABELS_MAX KG_NEATO_MAX_EDGES
/* The default pixel budget of raster output (png): 50 megapixels (200 MB of image). */
#define KG_MAX_PIXELS_DEFAULT 50000000ULL
/* The longest side of a raster image: below cairo's 32767, past which Graphviz scales
 * the drawing down and says so on stderr, around kgraph's messages. */
#define KG_MAX_PIXELS_SIDE 32000

/* The layout engine kgraph uses by default for a graph of this size, without clusters:
 * kg_engine_choose(nodes, edges, 0, NULL, NULL, ...), or "sfdp" past its limits.
 * Static string. */
KG_API const char *kg_engine_for_size(size_t nodes, size_t edges);

/* The one choice of a layout engine, for every diagram kgraph draws. nodes and edges are
 * the drawn graph's; clusters the number of clusters it must draw (clusters by type;
 * the legend does not count). requested: an engine the user named (-K), or NULL/"auto".
 * prefer: an engine the caller prefers when the graph is within that engine's limits
 * (NULL for none; the report prefers dot for focused diagrams, fdp for its overview).
 * Rules: a requested engine is always used (*warning set to 1 when the graph is past
 * that engine's limits: it may take minutes); with clusters, fdp up to its limits;
 * otherwise the preferred engine within its limits, then dot, neato, sfdp, each within
 * its limits. Past the last limit (or fdp's, with clusters) the choice is refused:
 * KG_ELIMIT with a message naming the size, the limit and --focus, and *engine NULL.
 * Returns KG_OK with *engine a static string, KG_EUSAGE for an unknown engine name. */
KG_API int kg_engine_choose(size_t nodes, size_t edges, size_t clusters, const char *requested,
                     const char *prefer, const char **engine, int *warning);
/* Nonzero when name is a layout engine kgraph offers: dot neato fdp sfdp circo twopi. */
KG_API int kg_engine_valid(const char *name);

/* Where the legend (kg_graph_build's "cluster_legend") goes. It is laid out on its own
 * by dot and drawn outside the data's layout, so it looks the same under every engine. */
typedef enum kg_legend_place {
    KG_LEGEND_AUTO = 0, /* below, unless the drawing is over 1.4 times taller than wide */
    KG_LEGEND_RIGHT = 1,
    KG_LEGEND_BOTTOM = 2
} kg_legend_place;

/* Parses "auto", "right" or "bottom". Returns KG_OK or KG_EUSAGE naming the value. */
KG_API int kg_legend_place_parse(kg_legend_place *out, const char *name);

/* A PDF page the drawing is fitted to (scaled, keeping its proportions, within half an
 * inch margins; turned landscape when the drawing is wider than tall). */
typedef enum kg_page {
    KG_PAGE_NONE = 0, /* the drawing's own size */
    KG_PAGE_A4 = 1,
    KG_PAGE_LETTER = 2
} kg_page;

/* Parses "A4" or "letter" (any case). Returns KG_OK or KG_EUSAGE naming the value. */
KG_API int kg_page_parse(kg_page *out, const char *name);

typedef struct kg_render_options {
    kg_format format;
    const char *engine; /* NULL or "auto": chosen by kg_engine_choose() */
    const char *prefer; /* NULL, or an engine preferred within its limits (kg_engine_choose) */
    /* The largest raster image (png) in pixels, width times height; 0 means
     * KG_MAX_PIXELS_DEFAULT. A larger drawing is refused (KG_ELIMIT) after the layout
     * and before anything is drawn; either side past KG_MAX_PIXELS_SIDE too. */
    unsigned long long max_pixels;
    /* Saved layouts (kgraph/layout.h); NULL for none. Not for KG_FORMAT_DOT.
     * layout_from: lay the graph out on these positions (its nodes pinned, the others
     * placed near their neighbours; neato routes the edges; engine and prefer are then
     * not used). layout_save: an empty layout (kg_layout_new) that the render fills with
     * where every node was put (kept on failure too: check the return value). */
    const kg_layout *layout_from;
    kg_layout *layout_save;
    kg_legend_place legend; /* where a legend goes (KG_LEGEND_AUTO) */
    /* png: the image's width in pixels; svg: the root's width attribute in px (height in
     * proportion, the viewBox unchanged). 0: the drawing's own size. */
    unsigned width;
    double dpi;   /* png: pixels per inch (0: Graphviz's 96); not with width */
    kg_page page; /* pdf: the page to fit the drawing to */
} kg_render_options;

/* Lays out (except for DOT) and renders graph into stream. Returns KG_OK, KG_EUSAGE
 * (unknown engine), KG_EGRAPHVIZ (layout or render failed; Graphviz's messages are in
 * diags) or KG_EIO (write error, e.g. disk full or closed pipe). The layout is freed
 * before return. KG_ELIMIT: the graph is past every engine's limits, or the png
 * is past the pixel budget (kg_engine_choose, max_pixels); the message names the way
 * out. Graphviz's messages become diagnostics "graphviz: ..."; a warning that a
 * requested engine may take minutes is added to diags too. diags may be NULL. */
KG_API int kg_render_stream(Agraph_t *graph, const kg_render_options *opts, FILE *stream,
                     kg_diagnostics *diags);

/* Renders into a new buffer: *data (NUL-terminated for text formats; free with kg_free)
 * and *size. Same results as kg_render_stream; on failure *data is NULL. */
KG_API int kg_render_data(Agraph_t *graph, const kg_render_options *opts, char **data, size_t *size,
                   kg_diagnostics *diags);

/* Renders into path atomically (kg_output): on any failure the file at path is left as
 * it was. path "-" writes to stdout. Same results as kg_render_stream. */
KG_API int kg_render_file(Agraph_t *graph, const kg_render_options *opts, const char *path,
                   kg_diagnostics *diags);

/* Frees the process-wide Graphviz context, if one was created. Call once at exit. */
KG_API void kg_render_shutdown(void);

#ifdef __cplusplus
}
#endif
#endif
