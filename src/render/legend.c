/* legend.c: the legend outside the layout: the data laid out by its engine, the legend by dot on its own, both drawn together with nop2.
 *
 * A graph built by kgraph may hold its legend as the subgraph "cluster_legend". Laid out
 * with the data, its items scatter among the data under every engine but dot. So the
 * render splits the graph in two copies (kg_legend__split): the data without the legend,
 * laid out by the chosen engine, and the legend alone, laid out by dot as a column (right)
 * or a row (bottom). Both layouts are kept as attributes (attach_attrs: pos, bb, lp), the
 * legend's moved beside or below the data's bounding box and added back as the cluster
 * "cluster_legend" (kg_legend__place), and the result drawn by Graphviz's nop2 layout
 * (neato -n2: positions and splines kept). So the legend looks the same under every
 * engine and in every format. Graphviz is not thread-safe: neither is this.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <graphviz/gvc.h>

#include "base/base_internal.h"
#include "graph/graph_internal.h"
#include "legend.h"

#define LEGEND_GAP 24.0    /* points between the data's bounding box and the frame */
#define LEGEND_MARGIN 8.0  /* points between the frame and the legend's items */
#define LEGEND_TITLE 18.0  /* room above the items for the word "Legend" */

static char *cg(const char *s)
{
    return (char *)(uintptr_t)s;
}

Agraph_t *kg_legend__find(Agraph_t *graph)
{
    return agsubg(graph, cg("cluster_legend"), 0);
}

void kg_legend__split_free(kg_legend_split *s)
{
    if (s->data)
        agclose(s->data);
    if (s->legend)
        agclose(s->legend);
    for (size_t i = 0; i < s->n_frame; i++) {
        kg_free(s->frame[i].name);
        kg_free(s->frame[i].value);
    }
    memset(s, 0, sizeof *s);
}

/* What copy_graph copies of a graph with a legend. */
enum { COPY_ALL, COPY_DATA, COPY_LEGEND };

/* The symbols of dst by the id of src's symbol of the same name, per kind. */
typedef struct sym_map {
    Agsym_t **map[3]; /* AGRAPH, AGNODE, AGEDGE (0, 1, 2 in cgraph.h) */
    size_t count[3];
} sym_map;

static void sym_map_free(sym_map *m)
{
    for (int k = 0; k < 3; k++)
        kg_free(m->map[k]);
}

/* Declares in dst every attribute src declares, with src's defaults (for the root's own
 * attributes: its values), and maps src's symbols to dst's. Returns KG_OK, KG_ENOMEM or
 * KG_EGRAPHVIZ. */
static int copy_decls(Agraph_t *src, Agraph_t *dst, sym_map *m)
{
    static const int kinds[3] = {AGRAPH, AGNODE, AGEDGE};
    memset(m, 0, sizeof *m);
    for (int k = 0; k < 3; k++) {
        size_t n = 0;
        for (Agsym_t *sym = agnxtattr(src, kinds[k], NULL); sym; sym = agnxtattr(src, kinds[k], sym))
            if ((size_t)sym->id + 1 > n)
                n = (size_t)sym->id + 1;
        m->map[k] = kg__calloc(n ? n : 1, sizeof *m->map[k]);
        if (!m->map[k])
            return KG_ENOMEM;
        m->count[k] = n;
        for (Agsym_t *sym = agnxtattr(src, kinds[k], NULL); sym; sym = agnxtattr(src, kinds[k], sym))
            if (!(m->map[k][sym->id] = agattr(dst, kinds[k], sym->name, sym->defval)))
                return KG_EGRAPHVIZ;
    }
    return KG_OK;
}

/* Sets on to (in dst) every value of from (in src) that is not the default. */
static void copy_values(Agraph_t *src, void *from, void *to, int kind, const sym_map *m)
{
    for (Agsym_t *sym = agnxtattr(src, kind, NULL); sym; sym = agnxtattr(src, kind, sym)) {
        const char *v = agxget(from, sym);
        if (v && strcmp(v, sym->defval) != 0 && (size_t)sym->id < m->count[kind] &&
            m->map[kind][sym->id])
            agxset(to, m->map[kind][sym->id], cg(v));
    }
}

/* Copies the nodes of src's subgraph sub (and its subgraphs, recursively) into a subgraph
 * of the same name and values under parent (in dst). Returns KG_OK or KG_EGRAPHVIZ. */
static int copy_subgraph(Agraph_t *src, Agraph_t *sub, Agraph_t *dst, Agraph_t *parent,
                         const sym_map *m)
{
    Agraph_t *copy = agsubg(parent, agnameof(sub), 1);
    if (!copy)
        return KG_EGRAPHVIZ;
    copy_values(src, sub, copy, AGRAPH, m);
    for (Agnode_t *v = agfstnode(sub); v; v = agnxtnode(sub, v)) {
        Agnode_t *w = agnode(dst, agnameof(v), 0);
        if (w && !agsubnode(copy, w, 1))
            return KG_EGRAPHVIZ;
    }
    for (Agraph_t *s = agfstsubg(sub); s; s = agnxtsubg(s))
        if (copy_subgraph(src, s, dst, copy, m) != KG_OK)
            return KG_EGRAPHVIZ;
    return KG_OK;
}

/* A new graph holding what of src `what` asks for: everything; the data (without the
 * legend's nodes and cluster); or the legend's nodes and edges alone at the root (no
 * other subgraph). Nodes and edges are created in src's order, so layouts are those of
 * src; values are copied, not parsed (Graphviz 2.42 reads long quoted strings in time
 * quadratic in their length). Subgraphs get their nodes, not their edges (kgraph's
 * clusters by type hold none). Returns KG_OK with the graph in *out (agclose), or
 * KG_ENOMEM / KG_EGRAPHVIZ with the message in kg_last_error() and *out NULL. */
static int copy_graph(Agraph_t *src, int what, Agraph_t **out)
{
    Agraph_t *legend = kg_legend__find(src);
    Agraph_t *dst = agopen(agnameof(src), Agdirected, NULL);
    *out = NULL;
    sym_map m;
    int rc = dst ? copy_decls(src, dst, &m) : KG_EGRAPHVIZ;
    for (Agnode_t *v = agfstnode(src); v && rc == KG_OK; v = agnxtnode(src, v)) {
        int in_legend = legend && agsubnode(legend, v, 0) != NULL;
        if ((what == COPY_DATA && in_legend) || (what == COPY_LEGEND && !in_legend))
            continue;
        Agnode_t *w = agnode(dst, agnameof(v), 1);
        if (!w)
            rc = KG_EGRAPHVIZ;
        else
            copy_values(src, v, w, AGNODE, &m);
    }
    for (Agnode_t *v = agfstnode(src); v && rc == KG_OK; v = agnxtnode(src, v)) {
        Agnode_t *t = agnode(dst, agnameof(v), 0);
        if (!t)
            continue;
        for (Agedge_t *e = agfstout(src, v); e && rc == KG_OK; e = agnxtout(src, e)) {
            Agnode_t *h = agnode(dst, agnameof(aghead(e)), 0);
            if (!h)
                continue;
            Agedge_t *f = agedge(dst, t, h, NULL, 1);
            if (!f)
                rc = KG_EGRAPHVIZ;
            else
                copy_values(src, e, f, AGEDGE, &m);
        }
    }
    for (Agraph_t *sub = agfstsubg(src); sub && rc == KG_OK && what != COPY_LEGEND;
         sub = agnxtsubg(sub))
        if (sub != legend)
            rc = copy_subgraph(src, sub, dst, dst, &m);
    if (dst)
        sym_map_free(&m);
    if (rc != KG_OK) {
        if (dst)
            agclose(dst);
        return rc == KG_ENOMEM ? kg_error__set(rc, "out of memory copying the graph")
                               : kg_error__set(rc, "Graphviz could not copy the graph");
    }
    *out = dst;
    return KG_OK;
}

int kg_legend__copy(Agraph_t *graph, Agraph_t **out)
{
    return copy_graph(graph, COPY_ALL, out);
}

int kg_legend__split(kg_legend_split *out, Agraph_t *graph)
{
    memset(out, 0, sizeof *out);
    Agraph_t *lsub = kg_legend__find(graph);
    if (!lsub)
        return kg_error__set(KG_EGRAPHVIZ, "the graph has no legend to place");
    int rc = copy_graph(graph, COPY_DATA, &out->data);
    if (rc == KG_OK)
        rc = copy_graph(graph, COPY_LEGEND, &out->legend);
    if (rc != KG_OK) {
        kg_legend__split_free(out);
        return rc;
    }
    for (Agsym_t *sym = agnxtattr(graph, AGRAPH, NULL); sym && rc == KG_OK;
         sym = agnxtattr(graph, AGRAPH, sym)) {
        if (out->n_frame == sizeof out->frame / sizeof out->frame[0])
            break;
        const char *v = agxget(lsub, sym);
        if (!v || strcmp(v, sym->defval) == 0)
            continue;
        /* the SVG group gathering the legend is "legend" (svg.c): a frame of that id
         * (the diff diagram's) becomes "legend-frame", as kg_graph_build names its own */
        if (strcmp(sym->name, "id") == 0 && strcmp(v, "legend") == 0)
            v = "legend-frame";
        kg_legend_attr *a = &out->frame[out->n_frame++];
        a->name = kg__strdup(sym->name);
        a->value = kg__strdup(v);
        if (!a->name || !a->value)
            rc = KG_ENOMEM;
    }
    static char label[] = "label", empty[] = "";
    Agsym_t *title = agattr(out->legend, AGRAPH, label, NULL);
    if (title)
        agxset(out->legend, title, empty);
    if (rc != KG_OK) {
        kg_legend__split_free(out);
        return kg_error__set(KG_ENOMEM, "out of memory placing the legend");
    }
    return KG_OK;
}

int kg_legend__bb(Agraph_t *g, kg_box *box)
{
    static char bb_name[] = "bb";
    const char *bb = agget(g, bb_name);
    if (!bb || (sscanf(bb, "%lf,%lf,%lf,%lf", &box->llx, &box->lly, &box->urx, &box->ury) != 4 &&
                sscanf(bb, "%lf %lf %lf %lf", &box->llx, &box->lly, &box->urx, &box->ury) != 4))
        return kg_error__set(KG_EGRAPHVIZ, "Graphviz gave the layout no bounding box");
    return KG_OK;
}

/* Puts nodes[0..n) of legend on one rank (a new subgraph name, rank=same). Returns
 * KG_OK or KG_EGRAPHVIZ. */
static int same_rank(Agraph_t *legend, const char *name, Agnode_t **nodes, size_t n)
{
    static char rank[] = "rank", same[] = "same", empty[] = "";
    if (!n)
        return KG_OK;
    Agraph_t *sub = agsubg(legend, cg(name), 1);
    if (!sub)
        return kg_error__set(KG_EGRAPHVIZ, "Graphviz could not arrange the legend");
    agsafeset(sub, rank, same, empty);
    for (size_t i = 0; i < n; i++)
        agsubnode(sub, nodes[i], 1);
    return KG_OK;
}

int kg_legend__arrange(Agraph_t *legend, int column)
{
    static char rankdir[] = "rankdir", ranksep[] = "ranksep", empty[] = "", id[] = "id";
    agsafeset(legend, rankdir, cg("TB"), empty);
    agsafeset(legend, ranksep, cg("0.2"), empty);
    size_t n = (size_t)agnnodes(legend), k = 0, n_types = 0, n_rest = 0;
    Agnode_t **types = kg__malloc((n ? n : 1) * sizeof *types);
    Agnode_t **rest = kg__malloc((n ? n : 1) * sizeof *rest);
    int rc = types && rest ? KG_OK : kg_error__set(KG_ENOMEM, "out of memory placing the legend");
    for (Agnode_t *v = agfstnode(legend); v && rc == KG_OK; v = agnxtnode(legend, v)) {
        const char *vid = agget(v, id);
        if (vid && (strncmp(vid, "legend-type-", 12) == 0 || strcmp(vid, "legend-untyped") == 0))
            types[n_types++] = v;
        else
            rest[n_rest++] = v;
        if (!column)
            continue;
        /* a column: each polarity's sample arrow stays level (its two ends on one rank) */
        for (Agedge_t *e = agfstout(legend, v); e && rc == KG_OK; e = agnxtout(legend, e)) {
            const char *eid = agget(e, id);
            if (!eid || strncmp(eid, "legend-polarity-", 16) != 0)
                continue;
            char name[48];
            Agnode_t *ends[2] = {agtail(e), aghead(e)};
            snprintf(name, sizeof name, "legend_rank_%zu", k++);
            rc = same_rank(legend, name, ends, 2);
        }
    }
    /* a block below the drawing: the types on one row, the edges and notes on another,
     * both starting on the left (the chain between them goes from the first to the first) */
    if (rc == KG_OK && !column && n_types && n_rest) {
        static char style[] = "style", invis[] = "invis";
        Agnode_t *last_type = types[n_types - 1];
        for (Agedge_t *e = agfstout(legend, last_type), *next; e; e = next) {
            next = agnxtout(legend, e);
            const char *eid = agget(e, id);
            if (eid && strncmp(eid, "legend-chain-", 13) == 0)
                agdeledge(legend, e);
        }
        Agedge_t *link = agedge(legend, types[0], rest[0], NULL, 1);
        if (!link)
            rc = kg_error__set(KG_EGRAPHVIZ, "Graphviz could not arrange the legend");
        else
            agsafeset(link, style, invis, empty);
    }
    if (rc == KG_OK && !column && (rc = same_rank(legend, "legend_types", types, n_types)) == KG_OK)
        rc = same_rank(legend, "legend_edges", rest, n_rest);
    kg_free(types);
    kg_free(rest);
    return rc;
}

/* Appends value with every point "x,y" in it moved by (dx, dy): a node's "x,y", an
 * edge's "e,x,y s,x,y x,y ...", a label's "x,y". Returns KG_OK or KG_ENOMEM. */
static int moved_points(kg_buf *out, const char *value, double dx, double dy)
{
    const char *p = value;
    while (*p) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        if (out->len && kg_buf__putc(out, ' '))
            return KG_ENOMEM;
        if ((p[0] == 'e' || p[0] == 's') && p[1] == ',') {
            if (kg_buf__append(out, p, 2))
                return KG_ENOMEM;
            p += 2;
        }
        char *end;
        double x = strtod(p, &end);
        if (end == p || *end != ',')
            return kg_buf__puts(out, p); /* not a point: kept as it is */
        p = end + 1;
        double y = strtod(p, &end);
        if (end == p)
            return kg_buf__puts(out, p - 1);
        p = end;
        if (kg_buf__printf(out, "%.2f,%.2f", x + dx, y + dy))
            return KG_ENOMEM;
        while (*p && *p != ' ') /* a "!" (pinned) or anything else after the point */
            if (kg_buf__putc(out, *p++))
                return KG_ENOMEM;
    }
    return KG_OK;
}

/* Copies every attribute of from (in graph src) to to (in graph dst), declaring in dst
 * what it lacks, with positions ("pos", "lp") moved by (dx, dy). Returns KG_OK,
 * KG_ENOMEM or KG_EGRAPHVIZ. */
static int copy_attrs(Agraph_t *src, void *from, Agraph_t *dst, void *to, int kind, double dx,
                      double dy, kg_buf *buf)
{
    static char empty[] = "";
    for (Agsym_t *sym = agnxtattr(src, kind, NULL); sym; sym = agnxtattr(src, kind, sym)) {
        const char *value = agxget(from, sym);
        Agsym_t *target = agattr(dst, kind, sym->name, NULL);
        if (!target && !(target = agattr(dst, kind, sym->name, empty)))
            return KG_EGRAPHVIZ;
        if ((strcmp(sym->name, "pos") == 0 || strcmp(sym->name, "lp") == 0) && value[0]) {
            kg_buf__clear(buf);
            if (moved_points(buf, value, dx, dy))
                return KG_ENOMEM;
            value = kg_buf__str(buf);
        }
        if (strcmp(value, agxget(to, target)) != 0)
            agxset(to, target, cg(value));
    }
    return KG_OK;
}

/* Sets graph attribute name of g (declared with "" when missing) to value. */
static void set_graph_attr(Agraph_t *g, Agraph_t *root, const char *name, const char *value)
{
    static char empty[] = "";
    Agsym_t *sym = agattr(root, AGRAPH, cg(name), NULL);
    if (!sym)
        sym = agattr(root, AGRAPH, cg(name), empty);
    if (sym)
        agxset(g, sym, cg(value));
}

int kg_legend__place(kg_legend_split *s, const kg_box *data, const kg_box *legend, int right)
{
    /* the frame: the legend's items with a margin, and room for its title on top */
    kg_box frame = {legend->llx - LEGEND_MARGIN, legend->lly - LEGEND_MARGIN,
                    legend->urx + LEGEND_MARGIN, legend->ury + LEGEND_MARGIN + LEGEND_TITLE};
    double dx, dy;
    if (right) {
        dx = data->urx + LEGEND_GAP - frame.llx;
        dy = data->ury - frame.ury;
    } else {
        dx = data->llx - frame.llx;
        dy = data->lly - LEGEND_GAP - frame.ury;
    }
    Agraph_t *d = s->data, *l = s->legend;
    Agraph_t *sub = agsubg(d, cg("cluster_legend"), 1);
    if (!sub)
        return kg_error__set(KG_EGRAPHVIZ, "Graphviz could not place the legend");
    kg_buf buf = KG_BUF_INIT;
    int rc = KG_OK;
    for (size_t i = 0; i < s->n_frame; i++)
        set_graph_attr(sub, d, s->frame[i].name, s->frame[i].value);
    char text[160];
    snprintf(text, sizeof text, "%.2f,%.2f,%.2f,%.2f", frame.llx + dx, frame.lly + dy,
             frame.urx + dx, frame.ury + dy);
    set_graph_attr(sub, d, "bb", text);
    /* the word "Legend" (12 pt, about 40 pt wide) at the frame's top left */
    snprintf(text, sizeof text, "%.2f,%.2f", frame.llx + dx + LEGEND_MARGIN + 20,
             frame.ury + dy - LEGEND_TITLE / 2 - 2);
    set_graph_attr(sub, d, "lp", text);
    /* the title, if any, stays where the engine put it: over the data, which the engine
     * made wide enough for it (cleared, nop2 centres it without widening the drawing) */

    for (Agnode_t *v = agfstnode(l); v && rc == KG_OK; v = agnxtnode(l, v)) {
        Agnode_t *w = agnode(sub, agnameof(v), 1);
        if (!w)
            rc = KG_EGRAPHVIZ;
        else
            rc = copy_attrs(l, v, d, w, AGNODE, dx, dy, &buf);
    }
    for (Agnode_t *v = agfstnode(l); v && rc == KG_OK; v = agnxtnode(l, v)) {
        for (Agedge_t *e = agfstout(l, v); e && rc == KG_OK; e = agnxtout(l, e)) {
            Agnode_t *t = agnode(d, agnameof(agtail(e)), 0), *h = agnode(d, agnameof(aghead(e)), 0);
            Agedge_t *f = t && h ? agedge(d, t, h, NULL, 1) : NULL;
            if (!f || !agsubedge(sub, f, 1))
                rc = KG_EGRAPHVIZ;
            else
                rc = copy_attrs(l, e, d, f, AGEDGE, dx, dy, &buf);
        }
    }
    kg_buf__free(&buf);
    if (rc == KG_ENOMEM)
        return kg_error__set(rc, "out of memory placing the legend");
    if (rc != KG_OK)
        return kg_error__set(rc, "Graphviz could not place the legend");
    return KG_OK;
}
