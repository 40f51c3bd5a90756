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

/* Deletes the nodes of g listed in nodes[0..n). */
static void delete_nodes(Agraph_t *g, Agnode_t **nodes, size_t n)
{
    for (size_t i = 0; i < n; i++)
        agdelnode(g, nodes[i]);
}

int kg_legend__split(kg_legend_split *out, const char *dot)
{
    memset(out, 0, sizeof *out);
    agreseterrors();
    out->data = agmemread(dot);
    out->legend = out->data ? agmemread(dot) : NULL;
    if (!out->data || !out->legend || agerrors() >= AGERR) {
        kg_legend__split_free(out);
        return kg_error__set(KG_EGRAPHVIZ, "Graphviz could not copy the graph");
    }
    Agraph_t *dsub = kg_legend__find(out->data), *lsub = kg_legend__find(out->legend);
    if (!dsub || !lsub) {
        kg_legend__split_free(out);
        return kg_error__set(KG_EGRAPHVIZ, "the graph has no legend to place");
    }
    size_t n_all = (size_t)agnnodes(out->legend);
    Agnode_t **doomed = kg__malloc((n_all ? n_all : 1) * sizeof *doomed);
    if (!doomed) {
        kg_legend__split_free(out);
        return kg_error__set(KG_ENOMEM, "out of memory placing the legend");
    }
    /* the data copy: without the legend's nodes and cluster */
    size_t n = 0;
    for (Agnode_t *v = agfstnode(dsub); v; v = agnxtnode(dsub, v))
        doomed[n++] = agnode(out->data, agnameof(v), 0);
    delete_nodes(out->data, doomed, n);
    agdelsubg(out->data, dsub);
    /* the legend copy: the legend's nodes only, at the root, no title, no clusters */
    n = 0;
    for (Agnode_t *v = agfstnode(out->legend); v; v = agnxtnode(out->legend, v))
        if (!agsubnode(lsub, v, 0))
            doomed[n++] = v;
    delete_nodes(out->legend, doomed, n);
    kg_free(doomed);
    Agsym_t *sym = NULL;
    int rc = KG_OK;
    while ((sym = agnxtattr(out->legend, AGRAPH, sym)) && rc == KG_OK) {
        if (out->n_frame == sizeof out->frame / sizeof out->frame[0])
            break;
        const char *v = agxget(lsub, sym);
        if (!v || strcmp(v, sym->defval) == 0)
            continue;
        kg_legend_attr *a = &out->frame[out->n_frame++];
        a->name = kg__strdup(sym->name);
        a->value = kg__strdup(v);
        if (!a->name || !a->value)
            rc = KG_ENOMEM;
    }
    for (;;) { /* every subgraph: the legend's (its nodes stay at the root), clusters by type */
        Agraph_t *sub = agfstsubg(out->legend);
        if (!sub)
            break;
        agdelsubg(out->legend, sub);
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
