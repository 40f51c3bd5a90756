/* cmd_render.c: `kgraph render`: dataset -> cgraph -> SVG/PNG/PDF/DOT/JSON, written atomically. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "tool.h"
#include "viewopts.h"
#include "base/base_internal.h"

enum {
    OPT_OUTPUT = 1, OPT_FORMAT, OPT_ENGINE, OPT_TITLE, OPT_NO_TITLE, OPT_NO_LEGEND, OPT_STYLE,
    OPT_FRAGMENT, OPT_ID_PREFIX, OPT_LINK_PREFIX, OPT_MAX_PIXELS
};

static const kg_option render_options[] = {
    {"output", 'o', 1, OPT_OUTPUT},
    {"format", 'T', 1, OPT_FORMAT},
    {"engine", 'K', 1, OPT_ENGINE},
    {"title", 0, 1, OPT_TITLE},
    {"no-title", 0, 0, OPT_NO_TITLE},
    {"no-legend", 0, 0, OPT_NO_LEGEND},
    {"style", 0, 1, OPT_STYLE},
    {"fragment", 0, 0, OPT_FRAGMENT},
    {"id-prefix", 0, 1, OPT_ID_PREFIX},
    {"link-prefix", 0, 1, OPT_LINK_PREFIX},
    {"max-pixels", 0, 1, OPT_MAX_PIXELS},
    KG_VIEW_OPTION_TABLE,
    KG_DATASET_OPTIONS,
    {NULL, 0, 0, 0}};

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


/* The default title of a focused diagram: "NAME: focus on LABEL[, LABEL...] (depth N)",
 * each focus entity once, in the order given. Every id must be an entity's (the focus
 * was selected already). Returns a new string (kg_free), or NULL out of memory. */
static char *focus_title(const char *name, const kg_dataset *ds, const char *const *ids,
                         size_t n_ids, unsigned depth)
{
    char *title = NULL, tail[48];
    size_t len = strlen(name) + sizeof ": focus on ";
    int tail_len = snprintf(tail, sizeof tail, " (depth %u)", depth);

    for (size_t i = 0; i < n_ids; i++)
        len += strlen(kg_dataset_entity(ds, kg_dataset_find_entity(ds, ids[i]))->label) + 2;
    title = kg_malloc(len + (size_t)tail_len);
    if (!title)
        goto cleanup;
    char *w = title;
    const char *sep = "";
    w += sprintf(w, "%s: focus on ", name);
    for (size_t i = 0; i < n_ids; i++) {
        size_t e = kg_dataset_find_entity(ds, ids[i]), j = 0;
        while (j < i && kg_dataset_find_entity(ds, ids[j]) != e)
            j++;
        if (j < i)
            continue; /* named twice */
        w += sprintf(w, "%s%s", sep, kg_dataset_entity(ds, e)->label);
        sep = ", ";
    }
    strcpy(w, tail);

cleanup:
    return title;
}

int kg_cmd_render(int argc, char **argv)
{
    kg_args args;
    kg_dataset_args d;
    int id, r, status = KG_EXIT_TROUBLE;
    const char *value, *output = NULL, *format_name = NULL, *engine = NULL, *title = NULL;
    const char *style_path = NULL, *max_pixels = NULL;
    int no_title = 0, legend = 1;
    kg_view_args view;
    unsigned char *entity_mask = NULL, *relation_mask = NULL;
    char *focused_title = NULL;
    kg_svg_options svg_opts = {0, NULL, NULL};
    const char *link_prefix = NULL;
    kg_dataset *ds = NULL;
    kg_style *style = NULL;
    kg_diagnostics *diags = NULL;
    Agraph_t *graph = NULL;

    kg_args_init(&args, argc, argv);
    kg_dataset_args_init(&d);
    kg_view_args_init(&view);
    while ((r = kg_args_next(&args, render_options, &id, &value)) >= 0) {
        if (r >= 100)
            return r - 100;
        if (r == 0) {
            if (kg_dataset_args_positional(&d, "render", value))
                return KG_EXIT_TROUBLE;
            continue;
        }
        switch (id) {
        case OPT_OUTPUT: output = value; break;
        case OPT_FORMAT: format_name = value; break;
        case OPT_ENGINE: engine = value; break;
        case OPT_TITLE: title = value; break;
        case OPT_NO_TITLE: no_title = 1; break;
        case OPT_NO_LEGEND: legend = 0; break;
        case OPT_STYLE: style_path = value; break;
        case OPT_FRAGMENT: svg_opts.fragment = 1; break;
        case OPT_ID_PREFIX: svg_opts.id_prefix = value; break;
        case OPT_LINK_PREFIX: link_prefix = value; break;
        case OPT_MAX_PIXELS: max_pixels = value; break;
        default: {
            int rc = kg_view_or_dataset_option(&view, &d, "render", id, value);
            if (rc < 0)
                status = KG_EXIT_OK;
            if (rc)
                goto cleanup; /* status is KG_EXIT_TROUBLE unless help was shown */
        }
        }
    }

    kg_render_options ropts = {.format = KG_FORMAT_SVG};
    if (max_pixels) {
        char *end;
        errno = 0;
        ropts.max_pixels = strtoull(max_pixels, &end, 10);
        if (max_pixels[0] < '0' || max_pixels[0] > '9' || *end || errno || !ropts.max_pixels)
            return kg_usage_error("render", "invalid --max-pixels '%s' (a number of pixels "
                                  "from 1)", max_pixels);
    }
    if (format_name) {
        if (kg_format_parse(&ropts.format, format_name) != KG_OK)
            return kg_usage_error("render", "%s", kg_last_error());
    } else if (output && strcmp(output, "-") != 0) {
        if (kg_format_from_path(&ropts.format, output) != KG_OK)
            return kg_usage_error("render", "%s", kg_last_error());
    }
    if (engine && strcmp(engine, "auto") != 0 && !kg_engine_valid(engine))
        return kg_usage_error("render", "unknown layout engine '%s' (dot, neato, fdp, sfdp, circo, twopi)",
                              engine);
    ropts.engine = engine;
    int embed = svg_opts.fragment || (svg_opts.id_prefix && svg_opts.id_prefix[0]);
    if ((embed || link_prefix) && ropts.format != KG_FORMAT_SVG)
        return kg_usage_error("render", "--fragment, --id-prefix and --link-prefix apply to svg "
                              "output only, not %s", kg_format_name(ropts.format));
    if (embed && svg_prefix_invalid(&svg_opts))
        return kg_usage_error("render", "%s", kg_last_error());
    if (link_prefix && kg_link_prefix_check(link_prefix) != KG_OK)
        return kg_usage_error("render", "%s", kg_last_error());
    if ((status = kg_view_args_finish(&view, "render")) != 0)
        goto cleanup;
    if (view.cluster_by_type) {
        /* Graphviz 2.42's dot frees memory twice on these clusters (kgraph/graph.h) */
        if (engine && strcmp(engine, "dot") == 0) {
            status = kg_usage_error("render", "--cluster type cannot be laid out with dot "
                                    "(Graphviz 2.42 crashes on it); use -K fdp, the default");
            goto cleanup;
        }
        /* the engine: fdp, chosen by kg_engine_choose for the clusters */
    }
    status = KG_EXIT_TROUBLE;
    if (!output)
        output = "-";
    if (strcmp(output, "-") == 0 && isatty(STDOUT_FILENO) &&
        (ropts.format == KG_FORMAT_PNG || ropts.format == KG_FORMAT_PDF))
        return kg_usage_error("render", "refusing to write %s to a terminal; use -o FILE",
                              kg_format_name(ropts.format));

    if (!(style = kg_style_args_load(style_path, d.quiet)))
        goto cleanup;
    if (kg_diagnostics_new(&diags, 0) != KG_OK)
        goto oom;

    ds = kg_dataset_args_load(&d);
    if (!ds)
        goto cleanup;

    char name[256];
    kg_dataset_name(d.dir, name, sizeof name);
    kg_graph_options gopts;
    kg_graph_options_init(&gopts);
    gopts.title = no_title ? NULL : title ? title : name;
    if (kg_view_args_active(&view)) {
        if (kg_view_args_select(&view, "render", ds, &entity_mask, &relation_mask) != 0)
            goto cleanup;
        gopts.entity_mask = entity_mask;
        gopts.relation_mask = relation_mask;
        if (!no_title && !title && view.opts.n_focus) {
            if (!(focused_title = focus_title(name, ds, view.opts.focus, view.opts.n_focus,
                                              view.opts.depth)))
                goto oom;
            gopts.title = focused_title;
        }
    }
    gopts.cluster_by_type = view.cluster_by_type;
    gopts.entity_link_prefix = link_prefix;
    gopts.legend = legend;
    gopts.style = style;
    gopts.all_edge_labels = ropts.format == KG_FORMAT_DOT; /* no layout: labels cost nothing */
    int rc = kg_graph_build(&graph, ds, &gopts, diags);
    kg_dataset_free(ds);
    ds = NULL;
    if (rc == KG_OK && embed)
        rc = render_embedded(graph, &ropts, &svg_opts, output, diags);
    else if (rc == KG_OK)
        rc = kg_render_file(graph, &ropts, output, diags);
    kg_diagnostics_print(diags, stderr, "kgraph", !d.quiet);
    if (rc != KG_OK) {
        /* the library's messages name the file already */
        fprintf(stderr, "kgraph: %s\n", kg_last_error()[0] ? kg_last_error() : kg_strerror(rc));
        goto cleanup;
    }
    status = KG_EXIT_OK;
    goto cleanup;

oom:
    fprintf(stderr, "kgraph: out of memory\n");
cleanup:
    if (graph && status == KG_EXIT_OK && agnedges(graph) + agnnodes(graph) > CLOSE_AT_EXIT_LIMIT)
        left_for_exit = graph;
    else
        kg_graph_free(graph);
    kg_dataset_free(ds);
    kg_style_free(style);
    kg_diagnostics_free(diags);
    kg_view_args_free(&view);
    kg_free(entity_mask);
    kg_free(relation_mask);
    kg_free(focused_title);
    return status;
}
