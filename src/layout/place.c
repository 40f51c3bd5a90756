/* place.c: a layout and a graph: capturing where Graphviz put every node, pinning a graph to a saved layout and placing the nodes it lacks. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base_internal.h"
#include "cgraph/cgraph_internal.h"
#include "graph/graph_internal.h"
#include "layout_internal.h"

/* Space kept free around a placed node, points (kgraph's sep is +6 on each side). */
#define GAP 12.0
/* The SVG id prefix of the anchors kg_layout__pin adds, and their half size in points
 * (width and height 0.01 inch): an anchor's centre sits that far inside the frame, so
 * its box reaches the frame's edge and no further. */
#define ANCHOR_ID "layout-anchor-"
#define ANCHOR_HALF 0.36
/* The most rings tried around a spot before a node goes beside the frame. */
#define MAX_RINGS 400

/* Decodes ENC(text) (kgraph/graph.h) from enc into out. Returns 0, or -1 when enc is not
 * such an encoding. */
static int id_decode(const char *enc, kg_buf *out)
{
    kg_buf__clear(out);
    for (const char *p = enc; *p; p++) {
        if (*p != '.') {
            if (kg_buf__putc(out, *p) != KG_OK)
                return -1;
            continue;
        }
        unsigned v = 0;
        for (int i = 1; i <= 2; i++) {
            char c = p[i];
            int d = c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (d < 0)
                return -1;
            v = v * 16 + (unsigned)d;
        }
        if (kg_buf__putc(out, (char)v) != KG_OK)
            return -1;
        p += 2;
    }
    return 0;
}

/* What a node is in a layout: 1 an entity (its id in key), 2 another element (its SVG
 * id in key), 3 an anchor, 0 nothing (no id). -1 out of memory. */
static int node_key(Agnode_t *n, Agsym_t *idsym, kg_buf *key)
{
    const char *id = idsym ? agxget(n, idsym) : "";
    if (!id || !id[0])
        return 0;
    if (strncmp(id, ANCHOR_ID, strlen(ANCHOR_ID)) == 0)
        return 3;
    if (strncmp(id, "e-", 2) == 0 && id_decode(id + 2, key) == 0 && key->len)
        return 1;
    kg_buf__clear(key);
    return kg_buf__puts(key, id) == KG_OK ? 2 : -1;
}

static void grow_box(double ext[4], int *any, double x, double y, double w, double h)
{
    double b[4] = {x - w / 2, y - h / 2, x + w / 2, y + h / 2};
    if (!*any) {
        memcpy(ext, b, sizeof b);
        *any = 1;
        return;
    }
    ext[0] = fmin(ext[0], b[0]), ext[1] = fmin(ext[1], b[1]);
    ext[2] = fmax(ext[2], b[2]), ext[3] = fmax(ext[3], b[3]);
}

int kg_layout__capture(kg_layout *save, Agraph_t *graph, const char *engine)
{
    static char id_name[] = "id";
    Agsym_t *idsym = agattr(graph, AGNODE, id_name, NULL);
    kg_buf key = KG_BUF_INIT;
    double ext[4] = {0, 0, 0, 0}, bb[4];
    int any = 0, rc = KG_OK;
    /* Coordinates are kept with the drawing's lower left corner at (0, 0), as dot gives
     * them: neato moves a pinned drawing about, and saving its coordinates as they are
     * would round them differently from one generation to the next. */
    kg_gv__graph_bb(graph, bb);
    double dx = -bb[0], dy = -bb[1];
    for (Agnode_t *n = agfstnode(graph); n && rc == KG_OK; n = agnxtnode(graph, n)) {
        int kind = node_key(n, idsym, &key);
        if (kind < 0) {
            rc = kg_error__set(KG_ENOMEM, "out of memory saving the layout");
            break;
        }
        if (kind == 0)
            continue;
        double x, y, w, h;
        kg_gv__node_box(n, &x, &y, &w, &h);
        x += dx, y += dy;
        grow_box(ext, &any, x, y, w, h);
        if (kind == 3)
            continue;
        rc = kg_layout_add(save, kind == 1 ? kg_buf__str(&key) : NULL,
                           kind == 2 ? kg_buf__str(&key) : NULL, x, y, w, h);
        if (rc == KG_EUSAGE) /* two nodes with one id: the first one counts */
            kg_error_clear(), rc = KG_OK;
    }
    kg_buf__free(&key);
    if (rc != KG_OK)
        return rc;
    bb[0] += dx, bb[1] += dy, bb[2] += dx, bb[3] += dy;
    if (any) {
        /* the frame to keep: the nodes' extent widened to the drawing's box (edges and
         * labels beside the nodes), except at the top, where the title goes */
        ext[0] = fmin(ext[0], bb[0]), ext[1] = fmin(ext[1], bb[1]);
        ext[2] = fmax(ext[2], bb[2]);
    }
    return kg_layout__set_drawing(save, engine, bb, any ? ext : NULL);
}

/* ---- placing the nodes a layout lacks ------------------------------------------------ */

typedef struct pnode {
    Agnode_t *n;
    double x, y, w, h;
    int fixed;  /* from the saved layout */
    int placed; /* has its final position */
} pnode;

typedef struct by_ptr {
    Agnode_t *n;
    size_t i;
} by_ptr;

static int compare_ptr(const void *a, const void *b)
{
    const Agnode_t *x = ((const by_ptr *)a)->n, *y = ((const by_ptr *)b)->n;
    return x < y ? -1 : x > y;
}

/* The index of n among the nodes (by_ptr sorted by pointer), or (size_t)-1. */
static size_t index_of(const by_ptr *index, size_t count, Agnode_t *n)
{
    by_ptr probe = {n, 0};
    const by_ptr *hit = bsearch(&probe, index, count, sizeof *index, compare_ptr);
    return hit ? hit->i : (size_t)-1;
}

/* A uniform grid over the placed nodes, so that a collision test looks at the nodes
 * near the spot only: each placed node is entered in every cell its box (plus GAP)
 * touches; cells are found through a hash of their coordinates. */
#define CELL 64.0

typedef struct gentry {
    long cx, cy;
    size_t node;
    size_t next; /* index + 1 of the next entry of the slot, 0 at the end */
} gentry;

typedef struct grid {
    size_t *head; /* slot -> index + 1 of its first entry */
    size_t slot_mask;
    gentry *e;
    size_t count, cap;
} grid;

static size_t cell_slot(const grid *g, long cx, long cy)
{
    uint64_t h = (uint64_t)cx * 0x9E3779B97F4A7C15ull ^ (uint64_t)cy * 0xC2B2AE3D27D4EB4Full;
    return (size_t)(kg_hash__mix(h) & g->slot_mask);
}

static long cell_of(double v)
{
    double c = floor(v / CELL);
    return c < -1e15 ? -1000000000000000L : c > 1e15 ? 1000000000000000L : (long)c;
}

/* Creates the grid for about n nodes. Returns KG_OK or KG_ENOMEM. */
static int grid_init(grid *g, size_t n)
{
    size_t slots = 64;
    while (slots < 8 * n && slots < ((size_t)1 << 26))
        slots *= 2;
    memset(g, 0, sizeof *g);
    g->head = kg__calloc(slots, sizeof *g->head);
    g->slot_mask = slots - 1;
    return g->head ? KG_OK : kg_error__set(KG_ENOMEM, "out of memory placing new nodes");
}

static void grid_free(grid *g)
{
    kg_free(g->head);
    kg_free(g->e);
}

/* Enters node i (placed, box w x h at x, y) in the cells it touches. KG_OK or KG_ENOMEM. */
static int grid_add(grid *g, size_t i, double x, double y, double w, double h)
{
    long x0 = cell_of(x - w / 2 - GAP), x1 = cell_of(x + w / 2 + GAP);
    long y0 = cell_of(y - h / 2 - GAP), y1 = cell_of(y + h / 2 + GAP);
    if (x1 - x0 > 4096 || y1 - y0 > 4096) /* absurd sizes: clamp the cells entered */
        x1 = x0 + (x1 - x0 > 4096 ? 4096 : x1 - x0), y1 = y0 + (y1 - y0 > 4096 ? 4096 : y1 - y0);
    for (long cx = x0; cx <= x1; cx++)
        for (long cy = y0; cy <= y1; cy++) {
            if (g->count == g->cap && kg_array__grow(&g->e, &g->cap, g->count + 1, sizeof *g->e))
                return kg_error__set(KG_ENOMEM, "out of memory placing new nodes");
            size_t s = cell_slot(g, cx, cy);
            g->e[g->count] = (gentry){cx, cy, i, g->head[s]};
            g->head[s] = ++g->count;
        }
    return KG_OK;
}

/* Nonzero when a box of w x h centred on (x, y) comes within GAP of a placed node. */
static int collides(const grid *g, const pnode *nodes, double x, double y, double w, double h)
{
    long x0 = cell_of(x - w / 2), x1 = cell_of(x + w / 2);
    long y0 = cell_of(y - h / 2), y1 = cell_of(y + h / 2);
    for (long cx = x0; cx <= x1; cx++)
        for (long cy = y0; cy <= y1; cy++)
            for (size_t k = g->head[cell_slot(g, cx, cy)]; k; k = g->e[k - 1].next) {
                const gentry *en = &g->e[k - 1];
                if (en->cx != cx || en->cy != cy)
                    continue;
                const pnode *o = &nodes[en->node];
                if (fabs(x - o->x) < (w + o->w) / 2 + GAP && fabs(y - o->y) < (h + o->h) / 2 + GAP)
                    return 1;
            }
    return 0;
}

/* Places node v on the free spot nearest to (cx, cy) found on rings around it, trying
 * first the direction angle a0 (outwards). limit: the largest radius tried (and at most
 * MAX_RINGS rings); past it the node goes right of the extent ext, on free space. */
static void place_near(const grid *g, pnode *nodes, pnode *v, double cx, double cy, double a0,
                       double limit, const double ext[4])
{
    double step = fmax(v->h, 24.0) + GAP / 2;
    for (int k = 0; k * step <= limit && k <= MAX_RINGS; k++) {
        double r = k * step;
        int m = k == 0 ? 1 : (int)fmax(8.0, ceil(2 * M_PI * r / step));
        double delta = 2 * M_PI / m;
        for (int s = 0; s < m; s++) {
            /* a0, a0 + delta, a0 - delta, a0 + 2 delta ... */
            double a = a0 + (s % 2 ? 1 : -1) * ((s + 1) / 2) * delta;
            /* wider than high: stretch the ring sideways by the node's aspect */
            double x = cx + r * cos(a) * fmax(1.0, v->w / fmax(v->h, 1.0)) * 0.75;
            double y = cy + r * sin(a);
            if (!collides(g, nodes, x, y, v->w, v->h)) {
                v->x = x, v->y = y, v->placed = 1;
                return;
            }
        }
    }
    double x = ext[2] + GAP + v->w / 2, y = ext[3] - v->h / 2;
    while (collides(g, nodes, x, y, v->w, v->h))
        y -= v->h + GAP;
    v->x = x, v->y = y, v->placed = 1;
}

/* Places every node not fixed: in turns, the one with the most placed neighbours (the
 * first in graph order on ties) near the centre of its placed neighbours, else beside the
 * extent ext. */
static int place_new(Agraph_t *g, pnode *nodes, size_t count, const double ext[4])
{
    by_ptr *index = kg__malloc((count ? count : 1) * sizeof *index);
    size_t *score = kg__calloc(count ? count : 1, sizeof *score);
    grid g_ = {0}, *grd = &g_;
    int rc = index && score ? grid_init(grd, count) : KG_ENOMEM;
    for (size_t i = 0; rc == KG_OK && i < count; i++)
        if (nodes[i].placed)
            rc = grid_add(grd, i, nodes[i].x, nodes[i].y, nodes[i].w, nodes[i].h);
    if (rc != KG_OK) {
        kg_free(index);
        kg_free(score);
        grid_free(grd);
        return kg_error__set(KG_ENOMEM, "out of memory placing new nodes");
    }
    for (size_t i = 0; i < count; i++)
        index[i] = (by_ptr){nodes[i].n, i};
    qsort(index, count, sizeof *index, compare_ptr);
    double gx = 0, gy = 0;
    size_t nf = 0;
    for (size_t i = 0; i < count; i++)
        if (nodes[i].fixed)
            gx += nodes[i].x, gy += nodes[i].y, nf++;
    if (nf)
        gx /= (double)nf, gy /= (double)nf;
    double limit = hypot(ext[2] - ext[0], ext[3] - ext[1]) + 500;
    while (rc == KG_OK) {
        size_t best = (size_t)-1, best_score = 0;
        for (size_t i = 0; i < count; i++) {
            if (nodes[i].placed)
                continue;
            size_t s = 0;
            for (Agedge_t *e = agfstedge(g, nodes[i].n); e; e = agnxtedge(g, e, nodes[i].n)) {
                Agnode_t *o = aghead(e) == nodes[i].n ? agtail(e) : aghead(e);
                size_t j = index_of(index, count, o);
                s += j != (size_t)-1 && j != i && nodes[j].placed;
            }
            score[i] = s;
            if (best == (size_t)-1 || s > best_score)
                best = i, best_score = s;
        }
        if (best == (size_t)-1)
            break;
        pnode *v = &nodes[best];
        double cx = 0, cy = 0;
        size_t k = 0;
        for (Agedge_t *e = agfstedge(g, v->n); e; e = agnxtedge(g, e, v->n)) {
            Agnode_t *o = aghead(e) == v->n ? agtail(e) : aghead(e);
            size_t j = index_of(index, count, o);
            if (j != (size_t)-1 && j != best && nodes[j].placed)
                cx += nodes[j].x, cy += nodes[j].y, k++;
        }
        if (k) {
            cx /= (double)k, cy /= (double)k;
            double a0 = (cx == gx && cy == gy) ? 0 : atan2(cy - gy, cx - gx);
            place_near(grd, nodes, v, cx, cy, a0, limit, ext);
        } else {
            place_near(grd, nodes, v, ext[2] + GAP + v->w / 2, (ext[1] + ext[3]) / 2, 0,
                       limit, ext);
        }
        rc = grid_add(grd, best, v->x, v->y, v->w, v->h);
    }
    kg_free(index);
    kg_free(score);
    grid_free(grd);
    return rc;
}

/* Sets n's pos to "x,y!" (points, pinned). */
static void set_pos(Agnode_t *n, Agsym_t *pos, double x, double y)
{
    char text[80];
    snprintf(text, sizeof text, "%.2f,%.2f!", x, y);
    agxset(n, pos, text);
}

/* Adds an invisible anchor node at (x, y), into *out when not NULL. Returns KG_OK or
 * KG_EGRAPHVIZ. */
static int add_anchor(Agraph_t *g, Agsym_t *pos, int k, double x, double y, Agnode_t **out)
{
    char name[48], id[48];
    snprintf(name, sizeof name, "kgraph layout anchor %d", k);
    snprintf(id, sizeof id, ANCHOR_ID "%d", k);
    Agnode_t *n = agnode(g, name, 1);
    if (!n)
        return kg_error__set(KG_EGRAPHVIZ, "Graphviz could not add a layout anchor");
    static char style[] = "style", invis[] = "invis", shape[] = "shape", point[] = "point",
                width[] = "width", height[] = "height", tiny[] = "0.01", label[] = "label",
                idn[] = "id", cls[] = "class", anchor[] = "layout-anchor", empty[] = "",
                tooltip[] = "tooltip", url[] = "URL";
    agsafeset(n, style, invis, empty);
    agsafeset(n, shape, point, empty);
    agsafeset(n, width, tiny, empty);
    agsafeset(n, height, tiny, empty);
    agsafeset(n, label, empty, empty);
    agsafeset(n, idn, id, empty);
    agsafeset(n, cls, anchor, empty);
    if (agattr(g, AGNODE, tooltip, NULL))
        agsafeset(n, tooltip, empty, empty);
    if (agattr(g, AGNODE, url, NULL))
        agsafeset(n, url, empty, empty);
    set_pos(n, pos, x, y);
    if (out)
        *out = n;
    return KG_OK;
}

int kg_layout__pin(Agraph_t *g, const kg_layout *from, GVC_t *gvc)
{
    static char pos_name[] = "pos", id_name[] = "id", empty[] = "", overlap[] = "overlap",
                yes[] = "true", notranslate[] = "notranslate", inputscale[] = "inputscale",
                points[] = "72";
    agsafeset(g, overlap, yes, empty);
    agsafeset(g, notranslate, yes, empty);
    agsafeset(g, inputscale, points, empty);
    Agsym_t *pos = agattr(g, AGNODE, pos_name, NULL);
    if (!pos)
        pos = agattr(g, AGNODE, pos_name, empty);
    Agsym_t *idsym = agattr(g, AGNODE, id_name, NULL);
    if (!pos)
        return kg_error__set(KG_EGRAPHVIZ, "Graphviz could not declare node positions");
    size_t count = (size_t)agnnodes(g), i = 0, fresh = 0;
    pnode *nodes = kg__calloc(count ? count : 1, sizeof *nodes);
    kg_buf key = KG_BUF_INIT;
    int rc = nodes ? KG_OK : kg_error__set(KG_ENOMEM, "out of memory placing nodes");
    double ext[4];
    kg_layout__extent(from, ext);
    for (Agnode_t *n = agfstnode(g); rc == KG_OK && n && i < count; n = agnxtnode(g, n), i++) {
        pnode *p = &nodes[i];
        p->n = n;
        int kind = node_key(n, idsym, &key);
        if (kind < 0) {
            rc = kg_error__set(KG_ENOMEM, "out of memory placing nodes");
            break;
        }
        const kg_layout_node *saved =
            kind == 1 ? kg_layout_find(from, kg_buf__str(&key), NULL)
            : kind == 2 ? kg_layout_find(from, NULL, kg_buf__str(&key)) : NULL;
        if (saved) {
            p->x = saved->x, p->y = saved->y, p->w = saved->width, p->h = saved->height;
            p->fixed = p->placed = 1;
        } else {
            /* until placed: apart from each other beside the frame, on a grid of 400 pt
             * (nodes piled on one spot cost Graphviz's label placement minutes) */
            p->x = ext[2] + 400.0 * (double)(1 + fresh % 64);
            p->y = ext[3] - 400.0 * (double)(fresh / 64);
            fresh++;
        }
        set_pos(n, pos, p->x, p->y);
    }
    kg_buf__free(&key);
    /* anchors at the corners of the saved frame; the top one moves below */
    Agnode_t *top = NULL;
    int framed = ext[0] != ext[2] || ext[1] != ext[3];
    if (rc == KG_OK && framed) {
        rc = add_anchor(g, pos, 0, ext[0] + ANCHOR_HALF, ext[1] + ANCHOR_HALF, NULL);
        if (rc == KG_OK)
            rc = add_anchor(g, pos, 1, ext[2] - ANCHOR_HALF, ext[3] - ANCHOR_HALF, &top);
    }
    double saved_bb[4];
    kg_layout_bb(from, saved_bb);
    if (rc == KG_OK && (fresh || (top && saved_bb[3] > ext[3]))) {
        /* a first layout with every node pinned gives the new nodes' sizes and the
         * height of the title's band above the nodes */
        double bb[4], band = 0, node_top = -HUGE_VAL;
        agreseterrors();
        if (gvLayout(gvc, g, KG_LAYOUT_PIN_ENGINE) != 0 || agerrors() >= AGERR) {
            rc = kg_error__set(KG_EGRAPHVIZ, "Graphviz could not measure the new nodes");
        } else {
            for (i = 0; i < count; i++) {
                double x, y;
                kg_gv__node_box(nodes[i].n, &x, &y, &nodes[i].w, &nodes[i].h);
            }
            /* Graphviz's coordinates here may be shifted from the saved ones */
            for (Agnode_t *n = agfstnode(g); n; n = agnxtnode(g, n)) {
                double x, y, w, h;
                kg_gv__node_box(n, &x, &y, &w, &h);
                node_top = fmax(node_top, y + h / 2);
            }
            kg_gv__graph_bb(g, bb);
            band = bb[3] - node_top;
        }
        gvFreeLayout(gvc, g);
        if (rc == KG_OK && fresh)
            rc = place_new(g, nodes, count, ext);
        for (i = 0; rc == KG_OK && i < count; i++)
            if (!nodes[i].fixed)
                set_pos(nodes[i].n, pos, nodes[i].x, nodes[i].y);
        /* the top anchor where the saved drawing's top comes out the same */
        if (rc == KG_OK && top && saved_bb[3] - band > ext[3])
            set_pos(top, pos, ext[2] - ANCHOR_HALF, saved_bb[3] - band - ANCHOR_HALF);
    }
    kg_free(nodes);
    return rc;
}
