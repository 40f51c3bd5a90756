/* cmd_render.c: `kgraph render`: dataset -> cgraph -> SVG/PNG/PDF/DOT/JSON, written atomically. */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "layoutopts.h"
#include "tool.h"
#include "viewopts.h"

static const kg_option render_options[] = {
    KG_TEXT("Usage: kgraph render [DATASET] [options]\n"
            "\n"
            "Builds the relationship diagram of a dataset: a node per entity (shape and colour by\n"
            "type), an edge per pair of entities carrying every relation from one to the other\n"
            "(its verbs in the label, colour by polarity, width by the number of documents\n"
            "citing them, tooltip with every quote), a legend beside the drawing and a title.\n"
            "\n"
            "Output options:\n"),
    {"output", 'o', "FILE", OPT_OUTPUT, "write to FILE, atomically (default: standard output;\n"
                                        "'-' is standard output too)"},
    {"format", 'T', "FORMAT", OPT_FORMAT,
     "svg, png, pdf, dot or json (default: from the extension of\n"
     "FILE, else svg); dot is the built graph without layout"},
    {"engine", 'K', "ENGINE", OPT_ENGINE,
     "dot, neato, fdp, sfdp, circo or twopi (default: chosen by\n"
     "the graph's size so that layout finishes in seconds: dot,\n"
     "neato, then sfdp; fdp for --cluster; past 20000 nodes or\n"
     "40000 edges refused); an engine given is used, with a\n"
     "warning past the size it lays out in seconds"},
    {"max-pixels", 0, "N", OPT_MAX_PIXELS,
     "refuse a png larger than N pixels, width times height\n"
     "(default 50000000; never more than 32000 a side)"},
    {"title", 0, "TEXT", OPT_TITLE, "title drawn on top (default: the dataset's name)"},
    {"no-title", 0, NULL, OPT_NO_TITLE, "draw no title"},
    {"no-legend", 0, NULL, OPT_NO_LEGEND, "leave the legend out (as --legend none)"},
    {"legend", 0, "WHERE", OPT_LEGEND,
     "right, bottom or none: where the legend goes, outside the\n"
     "drawing (default: below it, or to its right when it is\n"
     "much taller than wide)"},
    {"each-relation", 0, NULL, OPT_EACH_RELATION,
     "one edge per relation, instead of one per pair of entities\n"
     "carrying all the relations between them"},
    {"width", 0, "PX", OPT_WIDTH,
     "png: the image's width in pixels; svg: its width attribute\n"
     "in px (the height in proportion)"},
    {"dpi", 0, "N", OPT_DPI, "png: pixels per inch (default 96); not with --width"},
    {"page", 0, "SIZE", OPT_PAGE,
     "pdf: fit the drawing to an A4 or letter page (landscape\n"
     "for a drawing wider than tall)"},
    {"style", 0, "FILE", OPT_STYLE, "override styles from FILE (format: docs/dataset.md)"},
    {"fragment", 0, NULL, OPT_FRAGMENT,
     "svg for inline use in a page: no XML declaration, DOCTYPE\n"
     "or comments; a viewBox and no fixed width or height"},
    {"id-prefix", 0, "PREFIX", OPT_ID_PREFIX,
     "prefix every id in the svg (and every reference to one)\n"
     "so that several diagrams can share one page"},
    {"link-prefix", 0, "PREFIX", OPT_LINK_PREFIX,
     "link each node to PREFIX + its entity id (e.g.\n"
     "'#entity-') instead of the entity's url"},
    {"top", 0, "N", OPT_TOP,
     "draw only the N most connected entities of the view (by\n"
     "the citations of their relations) and the relations among\n"
     "them"},
    KG_TEXT("\nLayout options (docs/layouts.md):\n"),
    KG_LAYOUT_OPTION_ROWS,
    {"slices", 0, "PERIOD", OPT_SLICES,
     "write one svg per period into the directory -o DIR/ and\n"
     "DIR/index.html stepping through them, all on one layout\n"
     "of their union: year, quarter, month (each with a range,\n"
     "e.g. month:2021-11..2022-04), or cut dates\n"
     "YYYY-MM-DD,YYYY-MM-DD,...; a citation without a date\n"
     "takes its source's; each frame holds everything up to\n"
     "its period's end"},
    {"window", 0, NULL, OPT_WINDOW, "with --slices: each frame holds only its period's citations"},
    KG_TEXT("\n"),
    KG_VIEW_OPTION_TABLE,
    KG_DATASET_OPTIONS,
    KG_TEXT("\nExit status: 0 written, 2 invalid data, layout or write failure, bad usage; on\n"
            "failure an existing output file is left untouched.\n"),
    KG_OPT_END};

/* Closing a cgraph graph costs about as much as building it (cdt tears its trees down
 * object by object: 6 s for a million edges). The command exits right after rendering,
 * so a graph this large is left to the operating system instead; the pointer below keeps
 * it reachable, so leak checkers do not count it. */
#define CLOSE_AT_EXIT_LIMIT 100000
static Agraph_t *left_for_exit;

/* Nonzero (the message in kg_last_error()) when opts' id prefix is not one kg_svg_embed
 * accepts: tried on an empty SVG before any work is done. */
static int svg_prefix_invalid(const kg_svg_options *opts)
{
    static const char probe[] = "<svg viewBox=\"0 0 1 1\"></svg>";
    char *out = NULL;
    int rc = kg_svg_embed(&out, NULL, probe, sizeof probe - 1, opts);
    kg_free(out);
    return rc != KG_OK;
}

/* Renders graph as SVG in memory, rewrites it for embedding (kg_svg_embed) and writes it
 * to output atomically. Returns a kg_status with the message in kg_last_error(). */
static int render_embedded(Agraph_t *graph, const kg_render_options *ropts,
                           const kg_svg_options *svg_opts, const char *output,
                           kg_diagnostics *diags)
{
    char *svg = NULL, *embedded = NULL;
    size_t len = 0, embedded_len = 0;
    int rc = kg_render_data(graph, ropts, &svg, &len, diags);
    if (rc == KG_OK)
        rc = kg_svg_embed(&embedded, &embedded_len, svg, len, svg_opts);
    if (rc == KG_OK)
        rc = kg_output_write_file(output, embedded, embedded_len);
    kg_free(svg);
    kg_free(embedded);
    return rc;
}

/* Nonzero when --fragment or --id-prefix was given. */
static int embed_asked(const kg_cli *c)
{
    return c->opt[OPT_FRAGMENT] || c->opt[OPT_ID_PREFIX];
}

/* `kgraph render`: checks the options, loads, selects the view, builds and renders. */
static int run_render(kg_cli *c)
{
    int status = KG_EXIT_TROUBLE;
    const char *output = c->opt[OPT_OUTPUT], *format_name = c->opt[OPT_FORMAT];
    const char *engine = c->opt[OPT_ENGINE], *title = c->opt[OPT_TITLE];
    const char *max_pixels = c->opt[OPT_MAX_PIXELS], *link_prefix = c->opt[OPT_LINK_PREFIX];
    int no_title = c->opt[OPT_NO_TITLE] != NULL;
    kg_view_args *v = &c->view;
    char *focused_title = NULL;
    kg_svg_options svg_opts = {c->opt[OPT_FRAGMENT] != NULL, c->opt[OPT_ID_PREFIX], NULL};
    kg_style *style = NULL;
    kg_diagnostics *diags = NULL;
    Agraph_t *graph = NULL;
    kg_layout *from = NULL, *save = NULL;

    kg_render_options ropts = {.format = KG_FORMAT_SVG};
    if (max_pixels) {
        char *end;
        errno = 0;
        ropts.max_pixels = strtoull(max_pixels, &end, 10);
        if (max_pixels[0] < '0' || max_pixels[0] > '9' || *end || errno || !ropts.max_pixels)
            return kg_usage__error("render", "invalid --max-pixels '%s' (a number of pixels "
                                  "from 1)", max_pixels);
    }
    if (format_name) {
        if (kg_format_parse(&ropts.format, format_name) != KG_OK)
            return kg_usage__error("render", "%s", kg_last_error());
    } else if (output && strcmp(output, "-") != 0 && !c->opt[OPT_SLICES]) {
        if (kg_format_from_path(&ropts.format, output) != KG_OK)
            return kg_usage__error("render", "%s", kg_last_error());
    }
    const char *legend = c->opt[OPT_LEGEND], *width = c->opt[OPT_WIDTH], *dpi = c->opt[OPT_DPI];
    const char *page = c->opt[OPT_PAGE];
    int no_legend = c->opt[OPT_NO_LEGEND] != NULL || (legend && strcmp(legend, "none") == 0);
    if (legend && !no_legend && kg_legend_place_parse(&ropts.legend, legend) != KG_OK)
        return kg_usage__error("render", "%s", kg_last_error());
    if (width) {
        char *end;
        errno = 0;
        unsigned long w = strtoul(width, &end, 10);
        if (width[0] < '0' || width[0] > '9' || *end || errno || !w || w > KG_MAX_PIXELS_SIDE)
            return kg_usage__error("render", "invalid --width '%s' (pixels, from 1 to %d)", width,
                                  KG_MAX_PIXELS_SIDE);
        ropts.width = (unsigned)w;
    }
    if (dpi) {
        char *end;
        errno = 0;
        ropts.dpi = strtod(dpi, &end);
        if (dpi[0] < '0' || dpi[0] > '9' || *end || errno || ropts.dpi < 1 || ropts.dpi > 2400)
            return kg_usage__error("render", "invalid --dpi '%s' (from 1 to 2400)", dpi);
    }
    if (page && kg_page_parse(&ropts.page, page) != KG_OK)
        return kg_usage__error("render", "%s", kg_last_error());
    const char *top = c->opt[OPT_TOP];
    size_t top_n = 0;
    if (top) {
        char *end;
        errno = 0;
        unsigned long long t = strtoull(top, &end, 10);
        if (top[0] < '0' || top[0] > '9' || *end || errno || !t || t > SIZE_MAX)
            return kg_usage__error("render", "invalid --top '%s' (a number of entities from 1)",
                                  top);
        top_n = (size_t)t;
    }
    if (kg_engine__check("render", engine))
        return KG_EXIT_TROUBLE;
    const char *save_layout = c->opt[OPT_SAVE_LAYOUT], *layout_from = c->opt[OPT_LAYOUT_FROM];
    const char *slices = c->opt[OPT_SLICES];
    if (kg_layoutargs__check("render", save_layout, layout_from, ropts.format))
        return KG_EXIT_TROUBLE;
    if (c->opt[OPT_WINDOW] && !slices)
        return kg_usage__error("render", "--window applies to --slices only");
    if (slices && (!output || strcmp(output, "-") == 0 || ropts.format != KG_FORMAT_SVG || embed_asked(c)))
        return kg_usage__error("render", "--slices writes svg files into a directory: give -o DIR/ "
                              "(and no -T other than svg, --fragment or --id-prefix)");
    ropts.engine = engine;
    int embed = svg_opts.fragment || (svg_opts.id_prefix && svg_opts.id_prefix[0]);
    if ((embed || link_prefix) && ropts.format != KG_FORMAT_SVG)
        return kg_usage__error("render", "--fragment, --id-prefix and --link-prefix apply to svg "
                              "output only, not %s", kg_format_name(ropts.format));
    if (width && ropts.format != KG_FORMAT_PNG && ropts.format != KG_FORMAT_SVG)
        return kg_usage__error("render", "--width applies to png and svg output, not %s",
                              kg_format_name(ropts.format));
    if (dpi && ropts.format != KG_FORMAT_PNG)
        return kg_usage__error("render", "--dpi applies to png output, not %s",
                              kg_format_name(ropts.format));
    if (dpi && width)
        return kg_usage__error("render", "give --width or --dpi, not both");
    if (page && ropts.format != KG_FORMAT_PDF)
        return kg_usage__error("render", "--page applies to pdf output, not %s",
                              kg_format_name(ropts.format));
    if (embed && svg_prefix_invalid(&svg_opts))
        return kg_usage__error("render", "%s", kg_last_error());
    if (link_prefix && kg_link_prefix_check(link_prefix) != KG_OK)
        return kg_usage__error("render", "%s", kg_last_error());
    if (v->cluster_by_type) {
        /* Graphviz 2.42's dot frees memory twice on these clusters (kgraph/graph.h) */
        if (engine && strcmp(engine, "dot") == 0)
            return kg_usage__error("render", "--cluster type cannot be laid out with dot "
                                  "(Graphviz 2.42 crashes on it); use -K fdp, the default");
        /* the engine: fdp, chosen by kg_engine_choose for the clusters */
    }
    if (!output)
        output = "-";
    if (!slices && kg_terminal__check("render", output, ropts.format))
        return KG_EXIT_TROUBLE;

    char name[256];
    kg_dataset__name(c->d.dir, name, sizeof name);
    kg_graph_options gopts;
    kg_graph_options_init(&gopts);
    gopts.title = no_title ? NULL : title ? title : name;
    if (!(style = kg_style__args_load(c->opt[OPT_STYLE], c->d.quiet)) || !kg_cli__load(c, NULL))
        goto cleanup;
    if (kg_diagnostics_new(&diags, 0) != KG_OK ||
        (!no_title && !title && v->opts.n_focus &&
         !(gopts.title = focused_title = kg_view_focus_title(name, c->ds, &v->opts)))) {
        kg_print__error(KG_ENOMEM);
        goto cleanup;
    }
    if (top && kg_view_top(&c->entity_mask, &c->relation_mask, c->ds, top_n) != KG_OK) {
        kg_print__error(KG_ENOMEM);
        goto cleanup;
    }
    size_t drawn = kg_view_count(c->entity_mask, kg_dataset_entity_count(c->ds));
    if (drawn > KG_VIEW_READABLE_MAX && !top && ropts.format != KG_FORMAT_DOT)
        kg_diagnostics_add(diags, KG_SEVERITY_NOTE, NULL, 0,
                           "%zu entities drawn: more than a page shows legibly (about %d); "
                           "draw part of them with --focus ID or the most connected with "
                           "--top N", drawn, KG_VIEW_READABLE_MAX);
    gopts.entity_mask = c->entity_mask;
    gopts.relation_mask = c->relation_mask;
    gopts.cluster_by_type = v->cluster_by_type;
    gopts.entity_link_prefix = link_prefix;
    gopts.legend = !no_legend;
    gopts.each_relation = c->opt[OPT_EACH_RELATION] != NULL;
    gopts.style = style;
    gopts.all_edge_labels = ropts.format == KG_FORMAT_DOT; /* no layout: labels cost nothing */
    if (slices) {
        status = kg_slices__render(c, &gopts, &ropts, name);
        goto cleanup;
    }
    if (kg_layoutargs__open(layout_from, save_layout, name, c->ds, c->entity_mask, &from, &save))
        goto cleanup;
    ropts.layout_from = from;
    ropts.layout_save = save;
    int rc = kg_graph_build(&graph, c->ds, &gopts, diags);
    kg_dataset_free(c->ds); /* the graph no longer needs it: free it before the layout */
    c->ds = NULL;
    if (rc == KG_OK && embed)
        rc = render_embedded(graph, &ropts, &svg_opts, output, diags);
    else if (rc == KG_OK)
        rc = kg_render_file(graph, &ropts, output, diags);
    kg_diagnostics_print(diags, stderr, "kgraph", !c->d.quiet);
    status = rc == KG_OK ? KG_EXIT_OK : kg_print__error(rc); /* messages name the file already */
    if (status == KG_EXIT_OK && kg_layoutargs__save(save, save_layout))
        status = KG_EXIT_TROUBLE;

cleanup:
    if (graph && status == KG_EXIT_OK && kg_graph_larger_than(graph, CLOSE_AT_EXIT_LIMIT))
        left_for_exit = graph;
    else
        kg_graph_free(graph);
    kg_style_free(style);
    kg_diagnostics_free(diags);
    kg_free(focused_title);
    kg_layout_free(from);
    kg_layout_free(save);
    return status;
}

const kg_command kg_cmd__render = {"render", "draw a dataset as SVG, PNG, PDF, DOT or JSON",
                                  render_options, 1, run_render};
