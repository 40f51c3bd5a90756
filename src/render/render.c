/* render.c: lays out and renders a built graph through libgvc, in-process, with
 * preloaded plugins and every Graphviz message captured into the diagnostics.
 *
 * Two process-wide contexts, each created on first use:
 *  - "plain" (core renderer + dot and neato layouts, NO pango) for svg, json and the
 *    layouts they need: without a text-layout plugin Graphviz estimates text sizes from
 *    its built-in metrics, so the output does not depend on the installed fonts;
 *  - "cairo" (the same plus pango) for png and pdf, which need real fonts to draw.
 * Both can live in one process (checked: an SVG from the plain context is byte-identical
 * before and after a cairo context renders a PNG), so tests and embedding programs can
 * render several formats in one run. Graphviz is not thread-safe: neither is this.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <graphviz/gvc.h>
#include <graphviz/gvplugin.h>

#include "base/base_internal.h"
#include "cgraph/cgraph_internal.h"
#include "dotwrite.h"
#include "graph/graph_internal.h"
#include "layout/layout_internal.h"
#include "legend.h"
#include "kgraph/output.h"
#include "kgraph/render.h"

extern gvplugin_library_t gvplugin_core_LTX_library, gvplugin_dot_layout_LTX_library,
    gvplugin_neato_layout_LTX_library, gvplugin_pango_LTX_library;

/* Preloaded plugin lists for gvContextPlugins (no config6a, no dlopen). */
static lt_symlist_t plain_plugins[] = {
    {"gvplugin_core_LTX_library", &gvplugin_core_LTX_library},
    {"gvplugin_dot_layout_LTX_library", &gvplugin_dot_layout_LTX_library},
    {"gvplugin_neato_layout_LTX_library", &gvplugin_neato_layout_LTX_library},
    {NULL, NULL}};
static lt_symlist_t cairo_plugins[] = {
    {"gvplugin_core_LTX_library", &gvplugin_core_LTX_library},
    {"gvplugin_dot_layout_LTX_library", &gvplugin_dot_layout_LTX_library},
    {"gvplugin_neato_layout_LTX_library", &gvplugin_neato_layout_LTX_library},
    {"gvplugin_pango_LTX_library", &gvplugin_pango_LTX_library},
    {NULL, NULL}};

static GVC_t *plain_context, *cairo_context;

/* ---- formats and engines ---------------------------------------------------------- */

static const struct {
    const char *name;
    kg_format format;
} format_names[] = {
    {"svg", KG_FORMAT_SVG}, {"png", KG_FORMAT_PNG}, {"pdf", KG_FORMAT_PDF},
    {"dot", KG_FORMAT_DOT}, {"gv", KG_FORMAT_DOT},  {"json", KG_FORMAT_JSON},
};

int kg_format_parse(kg_format *out, const char *name)
{
    for (size_t i = 0; name && i < sizeof format_names / sizeof format_names[0]; i++) {
        if (strcmp(name, format_names[i].name) == 0) {
            *out = format_names[i].format;
            return KG_OK;
        }
    }
    return kg_error__set(KG_EUSAGE, "unknown format '%s' (svg, png, pdf, dot, gv or json)",
                        name ? name : "");
}

int kg_format_from_path(kg_format *out, const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    const char *dot = strrchr(base, '.');
    if (!dot || dot == base || !dot[1])
        return kg_error__set(KG_EUSAGE,
                            "cannot tell the format of '%s' from its name: use .svg, .png, "
                            ".pdf, .dot, .gv or .json, or give the format",
                            path);
    char ext[8];
    size_t len = strlen(dot + 1);
    if (len >= sizeof ext)
        return kg_error__set(KG_EUSAGE, "unknown file extension '%s' in '%s'", dot, path);
    for (size_t i = 0; i <= len; i++) {
        char c = dot[1 + i];
        ext[i] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    if (kg_format_parse(out, ext) != KG_OK)
        return kg_error__set(KG_EUSAGE, "unknown file extension '%s' in '%s'", dot, path);
    return KG_OK;
}

const char *kg_format_name(kg_format format)
{
    switch (format) {
    case KG_FORMAT_SVG: return "svg";
    case KG_FORMAT_PNG: return "png";
    case KG_FORMAT_PDF: return "pdf";
    case KG_FORMAT_DOT: return "dot";
    case KG_FORMAT_JSON: return "json";
    }
    return "?";
}

/* Limits (render.h) measured on a 2-vCPU VM with graphs built by kg_graph_build (edge
 * labels, legend, kgraph's bounded dot settings), render to SVG:
 *   dot   100/200 0.5 s, 150/300 2.2 s, 200/400 4.0 s (Graphviz's defaults: 4.5 s at 150);
 *         30 entities fully connected (435 edges) took minutes, 40 (780) a quarter hour
 *   neato 300/600 0.3 s, 500/1500 1.4 s, 1000/2500 3.9 s; 40 fully connected 0.3 s
 *   fdp with clusters by type 500/1500 2.8 s, 1000/2500 5.3 s, 2000/8000 9 to 36 s
 *   sfdp  1000/2500 0.9 s; 10,000/20,000 40 s with edge labels and overlap=false, 6 s
 *         without edge labels and with overlap=prism0 (kgraph's settings past neato)
 * Real relation sets are sparser and more tree-like than random graphs: faster. */
static const struct engine_limit {
    const char *name;
    size_t nodes, edges;
} limits[] = {
    {"dot", KG_DOT_MAX_NODES, KG_DOT_MAX_EDGES},
    {"neato", KG_NEATO_MAX_NODES, KG_NEATO_MAX_EDGES},
    {"fdp", KG_FDP_MAX_NODES, KG_FDP_MAX_EDGES},
    {"sfdp", KG_SFDP_MAX_NODES, KG_SFDP_MAX_EDGES},
    /* circo and twopi: as neato (both place nodes on circles, cost similar or less) */
    {"circo", KG_NEATO_MAX_NODES, KG_NEATO_MAX_EDGES},
    {"twopi", KG_NEATO_MAX_NODES, KG_NEATO_MAX_EDGES},
};

/* The limits of the named engine, or NULL for a name kgraph does not offer. */
static const struct engine_limit *limit_of(const char *name)
{
    for (size_t i = 0; name && i < sizeof limits / sizeof limits[0]; i++)
        if (strcmp(name, limits[i].name) == 0)
            return &limits[i];
    return NULL;
}

/* Nonzero when a graph of this size is within the engine's limits. */
static int within(const struct engine_limit *l, size_t nodes, size_t edges)
{
    return l && nodes <= l->nodes && edges <= l->edges;
}

int kg_engine_choose(size_t nodes, size_t edges, size_t clusters, const char *requested,
                     const char *prefer, const char **engine, int *warning)
{
    *engine = NULL;
    if (warning)
        *warning = 0;
    if (requested && strcmp(requested, "auto") != 0) {
        const struct engine_limit *l = limit_of(requested);
        if (!l)
            return kg_error__set(KG_EUSAGE, "unknown layout engine '%s' (dot, neato, fdp, "
                                "sfdp, circo, twopi)", requested);
        *engine = l->name;
        if (warning)
            *warning = !within(l, nodes, edges);
        return KG_OK;
    }
    if (clusters) {
        const struct engine_limit *l = limit_of("fdp");
        if (within(l, nodes, edges)) {
            *engine = l->name;
            return KG_OK;
        }
        return kg_error__set(KG_ELIMIT, "a diagram of %zu nodes and %zu edges in clusters is "
                            "more than fdp lays out in seconds (at most %zu and %zu): draw "
                            "part of the data with --focus (or --type, --relation), leave "
                            "out --cluster, or give -K fdp to wait for it",
                            nodes, edges, (size_t)KG_FDP_MAX_NODES, (size_t)KG_FDP_MAX_EDGES);
    }
    const struct engine_limit *p = limit_of(prefer);
    if (p && within(p, nodes, edges)) {
        *engine = p->name;
        return KG_OK;
    }
    static const char *const order[] = {"dot", "neato", "sfdp"};
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        const struct engine_limit *l = limit_of(order[i]);
        if (within(l, nodes, edges)) {
            *engine = l->name;
            return KG_OK;
        }
    }
    return kg_error__set(KG_ELIMIT, "a diagram of %zu nodes and %zu edges is more than kgraph "
                        "lays out in seconds (at most %d and %d): draw part of the data "
                        "with --focus (or --type, --relation), or give -K sfdp to wait "
                        "for it",
                        nodes, edges, KG_SFDP_MAX_NODES, KG_SFDP_MAX_EDGES);
}

const char *kg_engine_for_size(size_t nodes, size_t edges)
{
    const char *engine = NULL;
    if (kg_engine_choose(nodes, edges, 0, NULL, NULL, &engine, NULL) != KG_OK)
        kg_error_clear();
    return engine ? engine : "sfdp";
}

int kg_engine_valid(const char *name)
{
    static const char *const engines[] = {"dot", "neato", "fdp", "sfdp", "circo", "twopi"};
    for (size_t i = 0; name && i < sizeof engines / sizeof engines[0]; i++)
        if (strcmp(name, engines[i]) == 0)
            return 1;
    return 0;
}

/* ---- Graphviz messages ------------------------------------------------------------ */

/* Where the error handler sends messages during one render call; pieces of a message
 * are gathered in `pending` until a newline. */
static kg_diagnostics *capture_diags;
static kg_buf pending;
static kg_severity pending_severity = KG_SEVERITY_WARNING;

/* Stores one complete line from Graphviz as a diagnostic "graphviz: ...". */
static void flush_line(const char *line, size_t len)
{
    kg_severity severity = pending_severity;
    if (len >= 7 && strncmp(line, "Error: ", 7) == 0) {
        severity = KG_SEVERITY_ERROR;
        line += 7, len -= 7;
    } else if (len >= 9 && strncmp(line, "Warning: ", 9) == 0) {
        severity = KG_SEVERITY_WARNING;
        line += 9, len -= 9;
    }
    pending_severity = severity; /* continuation lines keep the level */
    while (len && (line[len - 1] == ' ' || line[len - 1] == '\r'))
        len--;
    if (len)
        kg_diagnostics_add(capture_diags, severity, NULL, 0, "graphviz: %.*s", (int)len, line);
}

/* agseterrf handler: buffers pieces until a newline, then records the line. */
static int capture_error(char *piece)
{
    if (kg_buf__puts(&pending, piece) != KG_OK)
        return 0;
    char *start = kg_buf__str(&pending), *nl;
    while ((nl = strchr(start, '\n')) != NULL) {
        flush_line(start, (size_t)(nl - start));
        start = nl + 1;
    }
    size_t rest = strlen(start);
    memmove(kg_buf__str(&pending), start, rest + 1);
    pending.len = rest;
    return 0;
}

/* Starts capturing Graphviz messages into diags; returns the previous handler. */
static agusererrf capture_begin(kg_diagnostics *diags)
{
    capture_diags = diags;
    kg_buf__clear(&pending);
    pending_severity = KG_SEVERITY_WARNING;
    return agseterrf(capture_error);
}

/* Records a message left without its newline, and restores the previous handler. */
static void capture_end(agusererrf previous)
{
    if (pending.len)
        flush_line(kg_buf__str(&pending), pending.len);
    kg_buf__free(&pending);
    agseterrf(previous);
    capture_diags = NULL;
}

/* ---- rendering -------------------------------------------------------------------- */

/* The context for a format, created on first use; NULL when Graphviz could not make one. */
static GVC_t *context_for(kg_format format)
{
    int cairo = format == KG_FORMAT_PNG || format == KG_FORMAT_PDF;
    GVC_t **slot = cairo ? &cairo_context : &plain_context;
    if (!*slot)
        *slot = gvContextPlugins(cairo ? cairo_plugins : plain_plugins, 0);
    return *slot;
}

/* The Graphviz -T name for a laid-out format. */
static const char *graphviz_format(kg_format format)
{
    switch (format) {
    case KG_FORMAT_PNG: return "png:cairo";
    case KG_FORMAT_PDF: return "pdf:cairo";
    case KG_FORMAT_JSON: return "json";
    default: return "svg"; /* the core renderer: svg:cairo drops ids */
    }
}

/* Writes the graph as DOT into a new buffer (*text, free with free()). Returns KG_OK or
 * KG_ENOMEM. */
static int write_dot(Agraph_t *graph, char **text, size_t *len)
{
    *text = NULL;
    FILE *mem = open_memstream(text, len);
    if (!mem)
        return kg_error__set(KG_ENOMEM, "out of memory for the DOT text");
    int rc = kg_dot__write(graph, mem);
    if (fclose(mem) != 0 || rc != KG_OK) {
        free(*text);
        *text = NULL;
        return kg_error__set(KG_ENOMEM, "out of memory for the DOT text");
    }
    return KG_OK;
}

/* Number of clusters by type in graph (subgraphs "cluster_type_N", graph.c); the legend
 * cluster does not count. */
static size_t type_clusters(Agraph_t *graph)
{
    size_t n = 0;
    for (Agraph_t *sub = agfstsubg(graph); sub; sub = agnxtsubg(sub))
        if (strncmp(agnameof(sub), "cluster_type_", 13) == 0)
            n++;
    return n;
}

/* Sets the root attribute name to value for one layout, keeping a copy of the old value
 * in *saved (owned by the caller, given back and freed by restore_attr). Returns the
 * symbol, or NULL when the graph does not declare the attribute or the copy cannot be
 * made (nothing changed then). Plain copies, not cgraph string references: agstrfree's
 * signature differs between Graphviz versions, and only src/cgraph/ may know that. */
static Agsym_t *override_attr(Agraph_t *graph, char *name, char *value, char **saved)
{
    Agsym_t *sym = agattr(graph, AGRAPH, name, NULL);
    *saved = NULL;
    if (!sym || !(*saved = kg__strdup(agxget(graph, sym))))
        return NULL;
    agxset(graph, sym, value);
    return sym;
}

/* Puts back the value override_attr kept and frees the copy. */
static void restore_attr(Agraph_t *graph, Agsym_t *sym, char *saved)
{
    if (sym)
        agxset(graph, sym, saved);
    kg_free(saved);
}

/* Checks the laid-out drawing of graph against the pixel budget of a raster format:
 * its bounding box ("bb", points) plus the pad, at Graphviz's 96 dpi for bitmaps.
 * Returns KG_OK or KG_ELIMIT naming the size, the budget and --max-pixels. */
static int check_pixels(Agraph_t *graph, unsigned long long max_pixels, double dpi)
{
    if (dpi <= 0)
        dpi = 96.0;
    double llx = 0, lly = 0, urx = 0, ury = 0, pad = 4; /* Graphviz's default pad: 4 pt */
    static char bb_name[] = "bb", pad_name[] = "pad";
    const char *bb = agget(graph, bb_name);
    const char *pad_text = agget(graph, pad_name);
    /* gvLayout writes "llx lly urx ury" (2.42); the DOT renderer's form has commas */
    if (!bb || (sscanf(bb, "%lf %lf %lf %lf", &llx, &lly, &urx, &ury) != 4 &&
                sscanf(bb, "%lf,%lf,%lf,%lf", &llx, &lly, &urx, &ury) != 4))
        return kg_error__set(KG_EGRAPHVIZ, "Graphviz gave the layout no bounding box");
    if (pad_text && pad_text[0])
        pad = strtod(pad_text, NULL) * 72; /* inches */
    double w = ((urx - llx) + 2 * pad) * dpi / 72.0, h = ((ury - lly) + 2 * pad) * dpi / 72.0;
    double pixels = w * h;
    if (!max_pixels)
        max_pixels = KG_MAX_PIXELS_DEFAULT;
    if (w > KG_MAX_PIXELS_SIDE || h > KG_MAX_PIXELS_SIDE || pixels > (double)max_pixels)
        return kg_error__set(KG_ELIMIT, "the drawing would be %.0f x %.0f pixels, more than "
                            "the raster limit of %llu pixels (and %d a side): draw part "
                            "of the data with --focus, render svg or pdf, or raise "
                            "--max-pixels", w, h, max_pixels, KG_MAX_PIXELS_SIDE);
    return KG_OK;
}

/* Lays out graph with engine and renders it into a new buffer (*data, free with
 * gvFreeRenderData). Past the neato limits (sfdp), node overlaps are removed with
 * overlap=prism0 for this layout only (overlap=false costs sfdp seconds per thousand
 * nodes). Raster formats are checked against max_pixels between layout and rendering.
 * save: NULL, or a layout to fill with the node positions (kg_layout__capture).
 * Returns KG_OK, KG_ELIMIT or KG_EGRAPHVIZ; the layout is freed either way. */
static int layout_and_render(GVC_t *gvc, Agraph_t *graph, const char *engine,
                             kg_format format, unsigned long long max_pixels,
                             kg_layout *save, char **data, unsigned int *len)
{
    int rc = KG_OK;
    char *saved_overlap = NULL;
    Agsym_t *overlap = NULL;
    *data = NULL;
    *len = 0;
    if (strcmp(engine, "sfdp") == 0 && (size_t)agnnodes(graph) > KG_NEATO_MAX_NODES)
    {
        static char name[] = "overlap", value[] = "prism0";
        overlap = override_attr(graph, name, value, &saved_overlap);
    }
    agreseterrors();
    if (gvLayout(gvc, graph, engine) != 0 || agerrors() >= AGERR) {
        rc = kg_error__set(KG_EGRAPHVIZ, "Graphviz layout with %s failed", engine);
        goto cleanup;
    }
    if (save && (rc = kg_layout__capture(save, graph, engine)) != KG_OK)
        goto cleanup;
    if (format == KG_FORMAT_PNG && (rc = check_pixels(graph, max_pixels, 0)) != KG_OK)
        goto cleanup;
    agreseterrors();
    /* Into memory, never into the caller's FILE: 2.42 calls exit(1) on a write error. */
    if (kg_gv__render_data(gvc, graph, graphviz_format(format), data, len) != 0 ||
        agerrors() >= AGERR || !*data) {
        rc = kg_error__set(KG_EGRAPHVIZ, "Graphviz could not render %s", kg_format_name(format));
        goto cleanup;
    }
cleanup:
    gvFreeLayout(gvc, graph);
    restore_attr(graph, overlap, saved_overlap);
    /* gvLayout leaves the bounding box in the root's "bb": clear it, so a later DOT
     * output still holds no layout. (kgraph graphs have no "bb" of their own.) */
    static char bb_name[] = "bb", empty[] = "";
    Agsym_t *bb = agattr(graph, AGRAPH, bb_name, NULL);
    if (bb)
        agxset(graph, bb, empty);
    if (rc != KG_OK && *data) {
        gvFreeRenderData(*data);
        *data = NULL;
    }
    return rc;
}

/* ---- the engine for the graph's shape ----------------------------------------------- */

/* The engine a graph's shape asks for, or NULL for kgraph's usual choice: "fdp" for a
 * graph of at least HUB_MIN_NODES nodes with hubs (an entity related to at least a fifth
 * of the others), which dot draws as long arcs fanning across many ranks (the overview of
 * data/: 3188 pt wide under dot, 1558 under fdp, with the same 11 pt labels); the legend's
 * nodes do not count. One pass over the nodes. */
#define HUB_MIN_NODES 40
static const char *engine_for_shape(Agraph_t *graph)
{
    Agraph_t *legend = kg_legend__find(graph);
    size_t nodes = (size_t)agnnodes(graph) - (legend ? (size_t)agnnodes(legend) : 0);
    if (nodes < HUB_MIN_NODES || nodes > KG_FDP_MAX_NODES)
        return NULL;
    for (Agnode_t *v = agfstnode(graph); v; v = agnxtnode(graph, v))
        if ((size_t)agdegree(graph, v, 1, 1) * 5 >= nodes)
            return "fdp";
    return NULL;
}

/* ---- the legend outside the layout, sizes ------------------------------------------ */

int kg_legend_place_parse(kg_legend_place *out, const char *name)
{
    static const char *const names[] = {"auto", "right", "bottom"};
    for (int i = 0; name && i < 3; i++)
        if (strcmp(name, names[i]) == 0) {
            *out = (kg_legend_place)i;
            return KG_OK;
        }
    return kg_error__set(KG_EUSAGE, "unknown legend place '%s' (right, bottom or none)",
                        name ? name : "");
}

int kg_page_parse(kg_page *out, const char *name)
{
    if (name && strcasecmp(name, "a4") == 0)
        *out = KG_PAGE_A4;
    else if (name && strcasecmp(name, "letter") == 0)
        *out = KG_PAGE_LETTER;
    else
        return kg_error__set(KG_EUSAGE, "unknown page size '%s' (A4 or letter)", name ? name : "");
    return KG_OK;
}

/* Nonzero when rendering graph with opts takes the placed path (render_placed): it has a
 * legend to place outside the layout, or a size was asked for. */
static int needs_placing(Agraph_t *graph, const kg_render_options *opts)
{
    return kg_legend__find(graph) || opts->width || opts->dpi > 0 || opts->page;
}

/* Sets root attribute name of g to value (declared with "" first when missing). */
static void set_root(Agraph_t *g, const char *name, const char *value)
{
    static char empty[] = "";
    agsafeset(g, (char *)(uintptr_t)name, (char *)(uintptr_t)value, empty);
}

/* Lays out g with engine and keeps the result as attributes (pos, bb, lp: attach_attrs),
 * then frees the layout; *bb is the bounding box. Past the neato limits (sfdp) overlaps
 * are removed with overlap=prism0. save: NULL, or a layout to fill with the node
 * positions (kg_layout__capture). Returns KG_OK, KG_ENOMEM or KG_EGRAPHVIZ. */
static int layout_kept(GVC_t *gvc, Agraph_t *g, const char *engine, kg_layout *save,
                       kg_box *bb)
{
    if (strcmp(engine, "sfdp") == 0 && (size_t)agnnodes(g) > KG_NEATO_MAX_NODES)
        set_root(g, "overlap", "prism0");
    agreseterrors();
    if (gvLayout(gvc, g, engine) != 0 || agerrors() >= AGERR) {
        gvFreeLayout(gvc, g);
        return kg_error__set(KG_EGRAPHVIZ, "Graphviz layout with %s failed", engine);
    }
    int rc = save ? kg_layout__capture(save, g, engine) : KG_OK;
    if (rc != KG_OK) {
        gvFreeLayout(gvc, g);
        return rc;
    }
    attach_attrs(g);
    gvFreeLayout(gvc, g);
    return kg_legend__bb(g, bb);
}

/* The pad of g in points (its "pad" attribute in inches; Graphviz's 4 pt without). */
static double pad_points(Agraph_t *g)
{
    static char pad_name[] = "pad";
    const char *pad = agget(g, pad_name);
    return pad && pad[0] ? strtod(pad, NULL) * 72.0 : 4.0;
}

/* Lays out the placed graph g (positions in attributes) with nop2, first with the
 * size settings opts asks for: a png's dpi (from --dpi, or from --width and the drawing's
 * width), a pdf's size fitted to a page. Returns KG_OK or KG_EGRAPHVIZ; on KG_OK the
 * layout is to be freed by the caller. *dpi: the png's dpi (0: Graphviz's). */
static int layout_sized(GVC_t *gvc, Agraph_t *g, const kg_render_options *opts, double *dpi)
{
    *dpi = 0;
    for (int pass = 0; pass < 2; pass++) {
        agreseterrors();
        if (gvLayout(gvc, g, "nop2") != 0 || agerrors() >= AGERR) {
            gvFreeLayout(gvc, g);
            return kg_error__set(KG_EGRAPHVIZ, "Graphviz could not draw the placed layout");
        }
        int png_width = opts->format == KG_FORMAT_PNG && opts->width;
        int pdf_page = opts->format == KG_FORMAT_PDF && opts->page;
        if (pass == 1 || (!png_width && !pdf_page)) {
            if (pass == 0 && opts->format == KG_FORMAT_PNG && opts->dpi > 0) {
                /* dpi is read when laying out: once more with it */
                char text[32];
                snprintf(text, sizeof text, "%.4f", opts->dpi);
                gvFreeLayout(gvc, g);
                set_root(g, "dpi", text);
                *dpi = opts->dpi;
                continue;
            }
            return KG_OK;
        }
        kg_box bb;
        int rc = kg_legend__bb(g, &bb);
        gvFreeLayout(gvc, g);
        if (rc != KG_OK)
            return rc;
        double w = bb.urx - bb.llx, h = bb.ury - bb.lly, pad = pad_points(g);
        char text[64];
        if (png_width) {
            *dpi = (double)opts->width * 72.0 / (w + 2 * pad);
            snprintf(text, sizeof text, "%.6f", *dpi);
            set_root(g, "dpi", text);
        } else {
            double pw = opts->page == KG_PAGE_A4 ? 8.27 : 8.5;
            double ph = opts->page == KG_PAGE_A4 ? 11.69 : 11.0;
            if (w > h) { /* landscape */
                double t = pw;
                pw = ph;
                ph = t;
            }
            /* the page less half-inch margins, which the pad fills */
            snprintf(text, sizeof text, "%.3f,%.3f!", pw - 1.0, ph - 1.0);
            set_root(g, "size", text);
            set_root(g, "pad", "0.5");
        }
    }
    return KG_OK;
}

/* For graphs with hubs (engine_for_shape): fdp's spring length (its default is 0.3), a
 * smaller margin around nodes (kgraph's default "+6"), and overlaps removed by prism
 * scaled to the labels (overlap_scaling=-2) rather than by spreading the whole layout
 * (overlap=false). The overview of data/, same 11 pt labels: its labels 9.6 px high at
 * 1200 px on Graphviz 2.42 and 9.5 px on 14, against 6.1 px on 14 with fdp's defaults;
 * K=0.25 with sep=+6 gave 10.4 on 2.42 but 7.4 on 14. */
#define COMPACT_K "0.18"
#define COMPACT_SEP "+2"

/* The placed path: lays out a copy of graph without its legend with engine (pinned to
 * opts->layout_from's positions when given, its node positions saved into
 * opts->layout_save when given), the legend
 * alone with dot, puts the legend beside or below (opts->legend) and draws the whole with
 * nop2, sized as opts asks (layout_sized). The svg's legend is gathered into one group
 * and given the width asked for; compact: lay the data out with K=COMPACT_K. The output
 * goes into a new buffer (*out, kg_free).
 * Returns KG_OK, KG_ENOMEM, KG_ELIMIT (a png past max_pixels) or KG_EGRAPHVIZ. */
static int render_placed(GVC_t *gvc, Agraph_t *graph, const char *engine,
                         const kg_render_options *opts, int compact, char **out,
                         size_t *out_len)
{
    char *data = NULL;
    unsigned int len = 0;
    kg_legend_split s;
    int has_legend = kg_legend__find(graph) != NULL;
    int rc = KG_OK;
    *out = NULL;
    *out_len = 0;
    memset(&s, 0, sizeof s);
    if (has_legend)
        rc = kg_legend__split(&s, graph);
    else
        rc = kg_legend__copy(graph, &s.data);
    if (rc != KG_OK)
        goto cleanup;
    kg_box data_bb, legend_bb;
    if (opts->layout_from && (rc = kg_layout__pin(s.data, opts->layout_from, gvc)) != KG_OK)
        goto cleanup;
    if (compact) {
        set_root(s.data, "K", COMPACT_K);
        set_root(s.data, "overlap", "prism");
        set_root(s.data, "overlap_scaling", "-2");
        set_root(s.data, "sep", COMPACT_SEP);
    }
    if ((rc = layout_kept(gvc, s.data, engine, opts->layout_save, &data_bb)) != KG_OK)
        goto cleanup;
    if (has_legend) {
        /* auto: below, so the drawing stays as narrow as it can, unless it is much
         * taller than wide */
        int right = opts->legend == KG_LEGEND_RIGHT ||
                    (opts->legend == KG_LEGEND_AUTO &&
                     (data_bb.urx - data_bb.llx) * 1.4 < data_bb.ury - data_bb.lly);
        if ((rc = kg_legend__arrange(s.legend, right)) != KG_OK ||
            (rc = layout_kept(gvc, s.legend, "dot", NULL, &legend_bb)) != KG_OK ||
            (rc = kg_legend__place(&s, &data_bb, &legend_bb, right)) != KG_OK)
            goto cleanup;
    }
    double dpi = 0;
    if ((rc = layout_sized(gvc, s.data, opts, &dpi)) != KG_OK)
        goto cleanup;
    if (opts->format == KG_FORMAT_PNG && (rc = check_pixels(s.data, opts->max_pixels, dpi)) != KG_OK) {
        gvFreeLayout(gvc, s.data);
        goto cleanup;
    }
    agreseterrors();
    if (kg_gv__render_data(gvc, s.data, graphviz_format(opts->format), &data, &len) != 0 ||
        agerrors() >= AGERR || !data)
        rc = kg_error__set(KG_EGRAPHVIZ, "Graphviz could not render %s",
                           kg_format_name(opts->format));
    gvFreeLayout(gvc, s.data);
    if (rc != KG_OK)
        goto cleanup;
    if (opts->format == KG_FORMAT_SVG && has_legend) {
        rc = kg_svg__gather_legend(out, out_len, data, len);
    } else if (!(*out = kg__malloc((size_t)len + 1))) {
        rc = kg_error__set(KG_ENOMEM, "out of memory for the rendered output");
    } else {
        memcpy(*out, data, len);
        (*out)[len] = '\0';
        *out_len = len;
    }
    if (rc == KG_OK && opts->format == KG_FORMAT_SVG && opts->width) {
        char *sized = NULL;
        size_t sized_len = 0;
        rc = kg_svg__set_width(&sized, &sized_len, *out, *out_len, opts->width);
        kg_free(*out);
        *out = sized;
        *out_len = sized_len;
    }
cleanup:
    if (data)
        gvFreeRenderData(data);
    if (rc != KG_OK) {
        kg_free(*out);
        *out = NULL;
        *out_len = 0;
    }
    kg_legend__split_free(&s);
    return rc;
}

int kg_render_stream(Agraph_t *graph, const kg_render_options *opts, FILE *stream,
                     kg_diagnostics *diags)
{
    if (!graph || !opts || !stream)
        return kg_error__set(KG_EUSAGE, "kg_render_stream: missing graph, options or stream");
    if ((unsigned)opts->format > KG_FORMAT_JSON)
        return kg_error__set(KG_EUSAGE, "unknown output format %d", (int)opts->format);
    const char *engine = NULL, *shape_engine = NULL;
    int slow = 0;
    if (opts->format != KG_FORMAT_DOT && opts->layout_from) {
        engine = KG_LAYOUT_PIN_ENGINE; /* every node pinned: no engine limit applies */
    } else if (opts->format != KG_FORMAT_DOT) {
        size_t nodes = (size_t)agnnodes(graph), edges = (size_t)agnedges(graph);
        const char *prefer = opts->prefer;
        if (!prefer && (!opts->engine || strcmp(opts->engine, "auto") == 0))
            prefer = shape_engine = engine_for_shape(graph);
        int rc = kg_engine_choose(nodes, edges, type_clusters(graph), opts->engine,
                                  prefer, &engine, &slow);
        if (rc != KG_OK)
            return rc;
        const struct engine_limit *l = limit_of(engine);
        if (slow && diags && l)
            kg_diagnostics_add(diags, KG_SEVERITY_WARNING, NULL, 0,
                               "-K %s on %zu nodes and %zu edges may take minutes "
                               "(kgraph uses it up to %zu and %zu); leave out -K to let "
                               "kgraph choose", engine, nodes, edges, l->nodes, l->edges);
    } else if (opts->engine && strcmp(opts->engine, "auto") != 0 &&
               !kg_engine_valid(opts->engine)) {
        return kg_error__set(KG_EUSAGE,
                            "unknown layout engine '%s' (dot, neato, fdp, sfdp, circo, twopi)",
                            opts->engine);
    }

    int rc = KG_OK;
    char *dot = NULL, *data = NULL;
    size_t dot_len = 0;
    unsigned int len = 0;
    Agraph_t *copy = NULL;
    agusererrf previous = capture_begin(diags);
    if (opts->format == KG_FORMAT_DOT) {
        rc = kg_dot__write(graph, stream);
        if (rc == KG_ENOMEM)
            rc = kg_error__set(rc, "out of memory writing the dot output");
        else if (rc != KG_OK)
            rc = kg_error__set(KG_EIO, "cannot write the dot output");
    } else {
        GVC_t *gvc = context_for(opts->format);
        if (!gvc) {
            rc = kg_error__set(KG_EGRAPHVIZ, "Graphviz could not create a context");
            goto cleanup;
        }
        /* fdp chosen for the graph's shape: drawn more compactly than fdp's default */
        int compact = shape_engine && strcmp(engine, shape_engine) == 0;
        if (compact || needs_placing(graph, opts)) {
            char *placed = NULL;
            size_t placed_len = 0;
            if ((rc = render_placed(gvc, graph, engine, opts, compact, &placed, &placed_len)) !=
                KG_OK)
                goto cleanup;
            if (fwrite(placed, 1, placed_len, stream) != placed_len)
                rc = kg_error__set(KG_EIO, "cannot write the %s output",
                                   kg_format_name(opts->format));
            kg_free(placed);
            goto flush;
        }
        Agraph_t *target = graph;
        if (opts->format == KG_FORMAT_JSON || opts->layout_from) {
            /* The json renderer stores the layout (pos, _draw_ ...) as attributes of the
             * graph, which would change later renders and DOT output, and pinning sets
             * positions: work on a copy. */
            if ((rc = write_dot(graph, &dot, &dot_len)) != KG_OK)
                goto cleanup;
            agreseterrors();
            copy = agmemread(dot);
            if (!copy || agerrors() >= AGERR) {
                rc = kg_error__set(KG_EGRAPHVIZ, "Graphviz could not copy the graph");
                goto cleanup;
            }
            target = copy;
            if (opts->layout_from && (rc = kg_layout__pin(copy, opts->layout_from, gvc)) != KG_OK)
                goto cleanup;
        }
        if ((rc = layout_and_render(gvc, target, engine, opts->format, opts->max_pixels,
                                    opts->layout_save, &data, &len)) != KG_OK)
            goto cleanup;
        if (fwrite(data, 1, len, stream) != len)
            rc = kg_error__set(KG_EIO, "cannot write the %s output", kg_format_name(opts->format));
    }
flush:
    if (rc == KG_OK && (fflush(stream) != 0 || ferror(stream)))
        rc = kg_error__set(KG_EIO, "cannot write the %s output", kg_format_name(opts->format));
cleanup:
    if (data)
        gvFreeRenderData(data);
    if (copy)
        agclose(copy);
    free(dot); /* from open_memstream */
    capture_end(previous);
    return rc;
}

int kg_render_data(Agraph_t *graph, const kg_render_options *opts, char **data, size_t *size,
                   kg_diagnostics *diags)
{
    char *buf = NULL;
    size_t len = 0;
    *data = NULL;
    *size = 0;
    FILE *mem = open_memstream(&buf, &len);
    if (!mem)
        return kg_error__set(KG_ENOMEM, "out of memory for the rendered output");
    int rc = kg_render_stream(graph, opts, mem, diags);
    if (fclose(mem) != 0 && rc == KG_OK)
        rc = kg_error__set(KG_ENOMEM, "out of memory for the rendered output");
    if (rc != KG_OK) {
        free(buf); /* from open_memstream (libc's allocator, as kg_free) */
        return rc;
    }
    *data = buf;
    *size = len;
    return KG_OK;
}

int kg_render_file(Agraph_t *graph, const kg_render_options *opts, const char *path,
                   kg_diagnostics *diags)
{
    kg_output *output;
    int rc = kg_output_open(&output, path);
    if (rc != KG_OK)
        return rc;
    rc = kg_render_stream(graph, opts, kg_output_stream(output), diags);
    if (rc != KG_OK) {
        char message[1024];
        snprintf(message, sizeof message, "%s", kg_last_error());
        kg_output_abort(output);
        if (rc == KG_EIO) /* name the file: "out.svg: cannot write the svg output" */
            return kg_error__set(rc, "%s: %s", path, message);
        return kg_error__set(rc, "%s", message);
    }
    return kg_output_commit(output);
}

void kg_render_shutdown(void)
{
    if (plain_context)
        gvFreeContext(plain_context);
    if (cairo_context)
        gvFreeContext(cairo_context);
    plain_context = cairo_context = NULL;
}
