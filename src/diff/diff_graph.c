/* diff_graph.c: the diff diagram: both versions' union as a cgraph graph, coloured by change.
 *
 * Nodes are the new version's entities plus the removed ones, edges the new version's
 * relations plus the removed ones. Colours, line styles and pen widths are constants of
 * this file; node shapes come from the style (validated by style.c); every value taken
 * from data (labels, ids, tooltips) goes through escape.c for its attribute class, as in
 * graph.c. With a context depth only what changed and its neighbourhood is drawn.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/base_internal.h"
#include "cgraph/cgraph_internal.h"
#include "diff_internal.h"
#include "graph/graph_internal.h"
#include "kgraph/graph.h"
#include "kgraph/render.h"

#define FONT KG_FONT

/* cgraph takes char * for strings it only reads (and copies). */
static char *cg(const char *s)
{
    return (char *)(uintptr_t)s;
}

/* How an element is drawn, per status. */
enum { ST_UNCHANGED = 0, ST_ADDED, ST_REMOVED, ST_CHANGED, ST_COUNT };

static const struct look {
    const char *name;      /* class suffix and legend text */
    const char *color, *fill, *font, *width;
    const char *node_style, *edge_style;
} looks[ST_COUNT] = {
    /* The diff states of graph_common.h, no hue of a polarity (bluish green positive,
     * vermillion negative, grey neutral, reddish purple mixed): added blue, removed orange
     * and dashed, changed black; unchanged a light grey, lighter than the neutral
     * polarity. Fills are light tints, fonts darker shades of the same hue. */
    {"unchanged", KG_COLOUR_UNCHANGED, "#f5f5f5", "#9e9e9e", "1", "filled", "solid"},
    {"added", KG_COLOUR_ADDED, "#e1f0fa", "#005080", "2.5", "filled", "bold"},
    {"removed", KG_COLOUR_REMOVED, "#fff4d6", "#8a5a00", "2.5", "filled,dashed", "dashed"},
    {"changed", KG_COLOUR_CHANGED, "#eeeeee", "#000000", "2.5", "filled", "bold"},
};

/* Legend order. */
static const int legend_order[ST_COUNT] = {ST_ADDED, ST_REMOVED, ST_CHANGED, ST_UNCHANGED};

/* A renamed entity is drawn as changed. */
static int status_of(kg_change c)
{
    return c == KG_CHANGE_ADDED ? ST_ADDED : c == KG_CHANGE_REMOVED ? ST_REMOVED : ST_CHANGED;
}

void kg_diff_graph_options_init(kg_diff_graph_options *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->legend = 1;
    opts->context = -1;
}

/* Everything the build works with; freed by builder_free. */
typedef struct builder {
    Agraph_t *g;
    const kg_diff *diff;
    const kg_dataset *o, *n;
    const kg_style *style;
    kg_buf buf, raw;
    /* the union's entities: the new ones (0..nn-1), then the removed old ones */
    size_t nn, nu;
    size_t *removed_entity;       /* union index - nn -> old entity index */
    size_t *old_to_union;         /* old entity index -> union index */
    unsigned char *ent_status;    /* per union entity */
    const kg_record_change **ent_change;
    /* the union's relations: the new ones, then the removed old ones */
    size_t nr, nru;
    size_t *removed_relation;     /* union relation - nr -> old relation index */
    unsigned char *rel_status;
    const kg_relation_change **rel_change;
    unsigned char *drawn;         /* per union entity: selected by the context */
    Agnode_t **nodes;             /* per union entity */
    const kg_diff_graph_options *opts; /* the views of both sides */
    int edge_labels;              /* edges carry their relation as a label */
    int used[ST_COUNT];
    Agsym_t *n_label, *n_id, *n_class, *n_tooltip, *n_shape, *n_style, *n_color, *n_fill,
        *n_fontcolor, *n_penwidth, *n_fontname, *n_fontsize;
    Agsym_t *e_label, *e_id, *e_class, *e_tooltip, *e_style, *e_color, *e_fontcolor,
        *e_penwidth, *e_fontname, *e_fontsize;
    Agsym_t *e_dir; /* declared at the first symmetric relation (a vocabulary's), else NULL */
    kg_graph_syms gs; /* the graph-level attributes (graph_common.h) */
} builder;

static void builder_free(builder *b)
{
    kg_buf__free(&b->buf);
    kg_buf__free(&b->raw);
    kg_free(b->removed_entity);
    kg_free(b->old_to_union);
    kg_free(b->ent_status);
    kg_free(b->ent_change);
    kg_free(b->removed_relation);
    kg_free(b->rel_status);
    kg_free(b->rel_change);
    kg_free(b->drawn);
    kg_free(b->nodes);
}

/* The entity of union index u. */
static const kg_entity *union_entity(const builder *b, size_t u)
{
    return u < b->nn ? kg_dataset_entity(b->n, u)
                     : kg_dataset_entity(b->o, b->removed_entity[u - b->nn]);
}

/* The union indices of the ends of union relation r. */
static void relation_ends(const builder *b, size_t r, size_t *s, size_t *t)
{
    if (r < b->nr) {
        const kg_relation *rel = kg_dataset_relation(b->n, r);
        *s = rel->source;
        *t = rel->target;
    } else {
        const kg_relation *rel = kg_dataset_relation(b->o, b->removed_relation[r - b->nr]);
        *s = b->old_to_union[rel->source];
        *t = b->old_to_union[rel->target];
    }
}

static const kg_relation *union_relation(const builder *b, size_t r, const kg_dataset **ds)
{
    *ds = r < b->nr ? b->n : b->o;
    return r < b->nr ? kg_dataset_relation(b->n, r)
                     : kg_dataset_relation(b->o, b->removed_relation[r - b->nr]);
}

/* Nonzero when union entity u is selected by the view of a side it exists on. */
static int entity_in_view(const builder *b, size_t u)
{
    const kg_diff_graph_options *o = b->opts;
    if (u >= b->nn)
        return !o->old_entity_mask || o->old_entity_mask[b->removed_entity[u - b->nn]];
    if (!o->new_entity_mask || o->new_entity_mask[u])
        return 1;
    size_t old = kg_dataset_find_entity(b->o, kg_dataset_entity(b->n, u)->id);
    return old != KG_NONE && (!o->old_entity_mask || o->old_entity_mask[old]);
}

/* Nonzero when union relation r is selected by the view of a side it exists on. */
static int relation_in_view(const builder *b, size_t r)
{
    const kg_diff_graph_options *o = b->opts;
    if (r >= b->nr)
        return !o->old_relation_mask || o->old_relation_mask[b->removed_relation[r - b->nr]];
    if (!o->new_relation_mask || o->new_relation_mask[r])
        return 1;
    const kg_relation *rel = kg_dataset_relation(b->n, r);
    size_t old = kg_dataset_find_relation(b->o, kg_dataset_entity(b->n, rel->source)->id,
                                          rel->relation, kg_dataset_entity(b->n, rel->target)->id);
    return old != KG_NONE && (!o->old_relation_mask || o->old_relation_mask[old]);
}

/* Builds the union and each element's status from the diff. KG_OK or KG_ENOMEM. */
static int build_union(builder *b)
{
    const kg_diff *d = b->diff;
    size_t no = kg_dataset_entity_count(b->o), nro = kg_dataset_relation_count(b->o);
    b->nn = kg_dataset_entity_count(b->n);
    b->nr = kg_dataset_relation_count(b->n);
    b->old_to_union = kg__calloc(no ? no : 1, sizeof *b->old_to_union);
    b->removed_entity = kg__calloc(no ? no : 1, sizeof *b->removed_entity);
    b->removed_relation = kg__calloc(nro ? nro : 1, sizeof *b->removed_relation);
    if (!b->old_to_union || !b->removed_entity || !b->removed_relation)
        return KG_ENOMEM;
    b->nu = b->nn;
    /* a renamed entity is one node: its old index maps to its new one */
    for (size_t i = 0; i < no; i++)
        b->old_to_union[i] = KG_NONE;
    for (size_t i = 0; i < d->n_entities; i++)
        if (d->entities[i].change == KG_CHANGE_RENAMED && d->entities[i].old_index != KG_NONE)
            b->old_to_union[d->entities[i].old_index] = d->entities[i].new_index;
    for (size_t i = 0; i < no; i++) {
        if (b->old_to_union[i] != KG_NONE)
            continue;
        size_t j = kg_dataset_find_entity(b->n, kg_dataset_entity(b->o, i)->id);
        if (j == KG_NONE) {
            b->removed_entity[b->nu - b->nn] = i;
            j = b->nu++;
        }
        b->old_to_union[i] = j;
    }
    b->nru = b->nr;
    for (size_t i = 0; i < d->n_relations; i++)
        if (d->relations[i].change == KG_CHANGE_REMOVED)
            b->removed_relation[b->nru++ - b->nr] = d->relations[i].old_index;
    b->ent_status = kg__calloc(b->nu ? b->nu : 1, 1);
    b->ent_change = kg__calloc(b->nu ? b->nu : 1, sizeof *b->ent_change);
    b->rel_status = kg__calloc(b->nru ? b->nru : 1, 1);
    b->rel_change = kg__calloc(b->nru ? b->nru : 1, sizeof *b->rel_change);
    b->drawn = kg__calloc(b->nu ? b->nu : 1, 1);
    b->nodes = kg__calloc(b->nu ? b->nu : 1, sizeof *b->nodes);
    if (!b->ent_status || !b->ent_change || !b->rel_status || !b->rel_change || !b->drawn ||
        !b->nodes)
        return KG_ENOMEM;
    for (size_t i = 0; i < d->n_entities; i++) {
        const kg_record_change *r = &d->entities[i];
        size_t u = r->new_index != KG_NONE ? r->new_index : b->old_to_union[r->old_index];
        b->ent_status[u] = (unsigned char)status_of(r->change);
        b->ent_change[u] = r;
    }
    size_t removed = 0;
    for (size_t i = 0; i < d->n_relations; i++) {
        const kg_relation_change *r = &d->relations[i];
        size_t u = r->change == KG_CHANGE_REMOVED ? b->nr + removed++ : r->new_index;
        b->rel_status[u] = (unsigned char)status_of(r->change);
        b->rel_change[u] = r;
    }
    return KG_OK;
}

/* Marks in b->drawn the entities to draw: all of them, or (depth >= 0) the changed ones,
 * the ends of changed relations and everything within depth hops of them. */
static int select_context(builder *b, int depth)
{
    if (depth < 0) {
        memset(b->drawn, 1, b->nu);
        return KG_OK;
    }
    size_t *deg = kg__calloc(b->nu + 1, sizeof *deg);
    size_t *adj = kg__calloc(2 * b->nru + 1, sizeof *adj);
    size_t *queue = kg__calloc(b->nu + 1, sizeof *queue);
    size_t *dist = kg__calloc(b->nu + 1, sizeof *dist);
    int rc = KG_OK;
    if (!deg || !adj || !queue || !dist) {
        rc = KG_ENOMEM;
        goto cleanup;
    }
    /* adjacency in compressed rows: deg[u] .. deg[u+1] */
    for (size_t r = 0; r < b->nru; r++) {
        size_t s, t;
        relation_ends(b, r, &s, &t);
        deg[s]++;
        deg[t]++;
    }
    for (size_t u = 0, sum = 0; u <= b->nu; u++) {
        size_t c = u < b->nu ? deg[u] : 0;
        deg[u] = sum;
        sum += c;
    }
    size_t *fill = queue; /* borrowed as the fill cursor before the search */
    memcpy(fill, deg, b->nu * sizeof *fill);
    for (size_t r = 0; r < b->nru; r++) {
        size_t s, t;
        relation_ends(b, r, &s, &t);
        adj[fill[s]++] = t;
        adj[fill[t]++] = s;
    }
    size_t head = 0, tail = 0;
    for (size_t u = 0; u < b->nu; u++)
        if (b->ent_status[u] != ST_UNCHANGED && !b->drawn[u]) {
            b->drawn[u] = 1;
            queue[tail++] = u;
        }
    for (size_t r = 0; r < b->nru; r++) {
        if (b->rel_status[r] == ST_UNCHANGED)
            continue;
        size_t ends[2];
        relation_ends(b, r, &ends[0], &ends[1]);
        for (int k = 0; k < 2; k++)
            if (!b->drawn[ends[k]]) {
                b->drawn[ends[k]] = 1;
                queue[tail++] = ends[k];
            }
    }
    for (size_t i = 0; i < tail; i++)
        dist[queue[i]] = 0;
    while (head < tail) {
        size_t u = queue[head++];
        if (dist[u] >= (size_t)depth)
            continue;
        for (size_t k = deg[u]; k < deg[u + 1]; k++) {
            size_t v = adj[k];
            if (!b->drawn[v]) {
                b->drawn[v] = 1;
                dist[v] = dist[u] + 1;
                queue[tail++] = v;
            }
        }
    }

cleanup:
    kg_free(deg);
    kg_free(adj);
    kg_free(queue);
    kg_free(dist);
    return rc;
}

static Agsym_t *declare(Agraph_t *g, int kind, const char *name, const char *def)
{
    return kg_graph__declare(g, kind, name, def);
}

/* Declares every attribute the diagram sets. KG_OK or KG_EGRAPHVIZ. */
static int declare_all(builder *b)
{
    Agraph_t *g = b->g;
    if (kg_graph__declare_common(g, &b->gs) != KG_OK)
        return KG_EGRAPHVIZ;
    const struct look *u = &looks[ST_UNCHANGED];
    b->n_label = declare(g, AGNODE, "label", "\\N");
    b->n_id = declare(g, AGNODE, "id", "");
    b->n_class = declare(g, AGNODE, "class", "");
    b->n_tooltip = declare(g, AGNODE, "tooltip", "");
    b->n_shape = declare(g, AGNODE, "shape", "ellipse");
    b->n_style = declare(g, AGNODE, "style", u->node_style);
    b->n_color = declare(g, AGNODE, "color", u->color);
    b->n_fill = declare(g, AGNODE, "fillcolor", u->fill);
    b->n_fontcolor = declare(g, AGNODE, "fontcolor", u->font);
    b->n_penwidth = declare(g, AGNODE, "penwidth", u->width);
    b->n_fontname = declare(g, AGNODE, "fontname", FONT);
    b->n_fontsize = declare(g, AGNODE, "fontsize", "11");
    b->e_label = declare(g, AGEDGE, "label", "");
    b->e_id = declare(g, AGEDGE, "id", "");
    b->e_class = declare(g, AGEDGE, "class", "");
    b->e_tooltip = declare(g, AGEDGE, "tooltip", "");
    b->e_style = declare(g, AGEDGE, "style", u->edge_style);
    b->e_color = declare(g, AGEDGE, "color", u->color);
    b->e_fontcolor = declare(g, AGEDGE, "fontcolor", u->font);
    b->e_penwidth = declare(g, AGEDGE, "penwidth", u->width);
    b->e_fontname = declare(g, AGEDGE, "fontname", FONT);
    b->e_fontsize = declare(g, AGEDGE, "fontsize", "9");
    if (!b->n_label || !b->n_id || !b->n_class ||
        !b->n_tooltip || !b->n_shape || !b->n_style || !b->n_color || !b->n_fill ||
        !b->n_fontcolor || !b->n_penwidth || !b->n_fontname || !b->n_fontsize || !b->e_label ||
        !b->e_id || !b->e_class || !b->e_tooltip || !b->e_style || !b->e_color ||
        !b->e_fontcolor || !b->e_penwidth || !b->e_fontname || !b->e_fontsize)
        return KG_EGRAPHVIZ;
    return KG_OK;
}

/* Sets an object's colours to those of status st (nodes: with fill). */
static void apply_look(builder *b, void *obj, int is_node, int st)
{
    const struct look *l = &looks[st];
    b->used[st] = 1;
    if (st == ST_UNCHANGED)
        return; /* the declared defaults */
    if (is_node) {
        agxset(obj, b->n_style, cg(l->node_style));
        agxset(obj, b->n_color, cg(l->color));
        agxset(obj, b->n_fill, cg(l->fill));
        agxset(obj, b->n_fontcolor, cg(l->font));
        agxset(obj, b->n_penwidth, cg(l->width));
    } else {
        agxset(obj, b->e_style, cg(l->edge_style));
        agxset(obj, b->e_color, cg(l->color));
        agxset(obj, b->e_fontcolor, cg(l->font));
        agxset(obj, b->e_penwidth, cg(l->width));
    }
}

/* Appends to b->buf, escaped for a tooltip, one line per field change ("name: old → new",
 * or "name: value" for an addition or removal), each prefixed by indent. */
static int tooltip_fields(builder *b, kg_change change, const kg_field_change *f, size_t n,
                          const char *indent)
{
    kg_buf *out = &b->buf;
    for (size_t i = 0; i < n; i++) {
        int rc = kg_buf__puts(out, KG_TOOLTIP_NEWLINE);
        if (rc == KG_OK)
            rc = kg_escape__tooltip(out, indent);
        if (rc == KG_OK)
            rc = kg_escape__tooltip(out, f[i].name);
        if (rc == KG_OK)
            rc = kg_buf__puts(out, ": ");
        if (rc == KG_OK && change != KG_CHANGE_ADDED)
            rc = kg_escape__tooltip(out, f[i].old_value);
        if (rc == KG_OK && change == KG_CHANGE_CHANGED)
            rc = kg_buf__puts(out, " \xE2\x86\x92 ");
        if (rc == KG_OK && change != KG_CHANGE_REMOVED)
            rc = kg_escape__tooltip(out, f[i].new_value);
        if (rc != KG_OK)
            return rc;
    }
    return KG_OK;
}

/* The shape the style gives entities of this type (validated by style.c), or NULL. */
static const char *type_shape(const builder *b, const char *type)
{
    size_t count;
    const char *shape = NULL;
    const kg_style_attr *a = kg_style_get(b->style, KG_STYLE_NODE, "", &count);
    for (size_t i = 0; i < count; i++)
        if (strcmp(a[i].name, "shape") == 0)
            shape = a[i].value;
    a = kg_style_get(b->style, KG_STYLE_TYPE, type, &count);
    for (size_t i = 0; i < count; i++)
        if (strcmp(a[i].name, "shape") == 0)
            shape = a[i].value;
    return shape;
}

static int add_entity(builder *b, size_t u)
{
    const kg_entity *e = union_entity(b, u);
    Agnode_t *n = agnode(b->g, cg(e->id), 1);
    kg_buf *buf = &b->buf;
    int st = b->ent_status[u];
    if (!n)
        return kg_error__set(KG_EGRAPHVIZ, "Graphviz could not create node '%s'", e->id);
    b->nodes[u] = n;
    kg_buf__clear(buf);
    if (kg_buf__puts(buf, "e-") || kg_escape__id(buf, e->id))
        return KG_ENOMEM;
    agxset(n, b->n_id, kg_buf__str(buf));
    const kg_record_change *r = b->ent_change[u];
    int renamed = r && r->change == KG_CHANGE_RENAMED && r->old_id;
    kg_buf__clear(buf);
    if (kg_escape__label(buf, e->label))
        return KG_ENOMEM;
    if (renamed) { /* one node showing both ids */
        kg_buf__clear(&b->raw);
        if (kg_buf__printf(&b->raw, "\n%s \xE2\x86\x92 %s", r->old_id, r->id) ||
            kg_escape__label(buf, kg_buf__str(&b->raw)))
            return KG_ENOMEM;
    }
    agxset(n, b->n_label, kg_buf__str(buf));
    kg_buf__clear(buf);
    if (kg_buf__printf(buf, "entity diff-%s%s", looks[st].name, renamed ? " diff-renamed" : ""))
        return KG_ENOMEM;
    agxset(n, b->n_class, kg_buf__str(buf));
    kg_buf__clear(buf);
    if (kg_escape__tooltip(buf, e->label) ||
        kg_buf__printf(buf, " (%s)", renamed ? "renamed" : looks[st].name))
        return KG_ENOMEM;
    if (renamed && (kg_buf__puts(buf, KG_TOOLTIP_NEWLINE "renamed: ") ||
                    kg_escape__tooltip(buf, r->old_id) || kg_buf__puts(buf, " \xE2\x86\x92 ") ||
                    kg_escape__tooltip(buf, r->id)))
        return KG_ENOMEM;
    if (r && tooltip_fields(b, r->change, r->fields, r->field_count, ""))
        return KG_ENOMEM;
    agxset(n, b->n_tooltip, kg_buf__str(buf));
    const char *shape = type_shape(b, e->type);
    if (shape)
        agxset(n, b->n_shape, cg(shape));
    apply_look(b, n, 1, st);
    return KG_OK;
}

/* Nonzero when union relation r is drawn: both its ends are, and a view selects it. */
static int relation_drawn(const builder *b, size_t r)
{
    size_t s, t;
    relation_ends(b, r, &s, &t);
    return b->drawn[s] && b->drawn[t] && relation_in_view(b, r);
}

/* Appends to raw (plain text, escaped later) what changed in relation change c, as an edge
 * label shows it: the polarity ("negative → neutral"), the citation count ("+2 citations",
 * "-1 citation") or, when neither moved, how many citations changed ("1 citation
 * changed"), joined by ", ". Nothing for an addition or a removal. */
static int change_text(kg_buf *raw, const kg_relation_change *c)
{
    int rc = KG_OK, any = 0;
    if (!c || c->change != KG_CHANGE_CHANGED)
        return KG_OK;
    for (size_t i = 0; i < c->field_count && rc == KG_OK; i++)
        if (strcmp(c->fields[i].name, "polarity") == 0) {
            rc = kg_buf__printf(raw, "%s \xE2\x86\x92 %s", c->fields[i].old_value[0] ? c->fields[i].old_value : "none",
                                c->fields[i].new_value[0] ? c->fields[i].new_value : "none");
            any = 1;
        }
    if (c->new_citations != c->old_citations && rc == KG_OK) {
        size_t n = c->new_citations > c->old_citations ? c->new_citations - c->old_citations
                                                       : c->old_citations - c->new_citations;
        rc = kg_buf__printf(raw, "%s%c%zu citation%s", any ? ", " : "",
                            c->new_citations > c->old_citations ? '+' : '-', n, n == 1 ? "" : "s");
        any = 1;
    }
    if (!any && c->citation_count && rc == KG_OK)
        rc = kg_buf__printf(raw, "%zu citation%s changed", c->citation_count,
                            c->citation_count == 1 ? "" : "s");
    return rc;
}

/* Appends to b->buf union relation r's tooltip: "Source — verb → Target (status)" and its
 * changes, one a line. */
static int relation_tooltip(builder *b, size_t r)
{
    const kg_dataset *ds;
    const kg_relation *rel = union_relation(b, r, &ds);
    size_t s, t;
    relation_ends(b, r, &s, &t);
    const kg_entity *se = union_entity(b, s), *te = union_entity(b, t);
    kg_buf *buf = &b->buf;
    int st = b->rel_status[r];
    int symmetric = kg_dataset_relation_symmetric(ds, rel);
    if (kg_escape__tooltip(buf, se->label) || kg_buf__puts(buf, " \xE2\x80\x94 ") ||
        kg_escape__tooltip(buf, rel->relation) ||
        kg_buf__puts(buf, symmetric ? " \xE2\x86\x94 " : " \xE2\x86\x92 ") ||
        kg_escape__tooltip(buf, te->label) || kg_buf__printf(buf, " (%s)", looks[st].name))
        return KG_ENOMEM;
    const kg_relation_change *c = b->rel_change[r];
    if (c) {
        if (tooltip_fields(b, c->change, c->fields, c->field_count, ""))
            return KG_ENOMEM;
        for (size_t i = 0; i < c->citation_count; i++) {
            const kg_citation_change *ci = &c->citations[i];
            if (kg_buf__puts(buf, KG_TOOLTIP_NEWLINE) ||
                kg_buf__printf(buf, "%s citation ", ci->change == KG_CHANGE_ADDED     ? "+"
                                                   : ci->change == KG_CHANGE_REMOVED ? "-"
                                                                                     : "~") ||
                kg_escape__tooltip(buf, ci->doc[0] ? ci->doc : "(no doc)") ||
                tooltip_fields(b, ci->change, ci->fields, ci->field_count, "  "))
                return KG_ENOMEM;
        }
    }
    return KG_OK;
}

/* Draws the union relations rs[0..n) (all drawn, all between the same two entities, in
 * order) as one edge: one relation keeps its id "r-S--R--T", several share "r-S--T"; the
 * class names every verb (rel-VERB) and the edge's status (all the relations' when they
 * agree, else changed); the label has a line per relation, its verb and, for a changed
 * one, what changed ("opposes (negative → neutral)"), an addition or removal among
 * relations of other statuses marked "(added)" / "(removed)"; the tooltip lists every
 * relation with its changes. Changed edges are labelled even past the label limit. */
static int add_edge(builder *b, const size_t *rs, size_t n)
{
    size_t s, t;
    relation_ends(b, rs[0], &s, &t);
    Agedge_t *e = agedge(b->g, b->nodes[s], b->nodes[t], NULL, 1);
    kg_buf *buf = &b->buf, *raw = &b->raw;
    const kg_entity *se = union_entity(b, s), *te = union_entity(b, t);
    const kg_dataset *ds;
    if (!e)
        return kg_error__set(KG_EGRAPHVIZ, "Graphviz could not create an edge");
    int st = b->rel_status[rs[0]];
    for (size_t i = 1; i < n; i++)
        if (b->rel_status[rs[i]] != st)
            st = ST_CHANGED;
    kg_buf__clear(buf);
    if (kg_buf__puts(buf, "r-") || kg_escape__id(buf, se->id) || kg_buf__puts(buf, "--"))
        return KG_ENOMEM;
    if (n == 1 && (kg_escape__id(buf, union_relation(b, rs[0], &ds)->relation) ||
                   kg_buf__puts(buf, "--")))
        return KG_ENOMEM;
    if (kg_escape__id(buf, te->id))
        return KG_ENOMEM;
    agxset(e, b->e_id, kg_buf__str(buf));
    if (b->edge_labels || st == ST_CHANGED) {
        kg_buf__clear(raw);
        for (size_t i = 0; i < n; i++) {
            size_t r = rs[i];
            int rst = b->rel_status[r];
            if ((i && kg_buf__putc(raw, '\n')) || kg_buf__puts(raw, union_relation(b, r, &ds)->relation))
                return KG_ENOMEM;
            size_t before = raw->len;
            if (kg_buf__puts(raw, " (") || change_text(raw, b->rel_change[r]))
                return KG_ENOMEM;
            if (raw->len == before + 2 && rst != st && rst != ST_UNCHANGED &&
                kg_buf__puts(raw, looks[rst].name))
                return KG_ENOMEM;
            if (raw->len == before + 2) {
                raw->len = before; /* nothing to say: no parentheses */
                raw->data[before] = '\0';
            } else if (kg_buf__putc(raw, ')')) {
                return KG_ENOMEM;
            }
        }
        kg_buf__clear(buf);
        if (kg_escape__label(buf, kg_buf__str(raw)))
            return KG_ENOMEM;
        agxset(e, b->e_label, kg_buf__str(buf));
    }
    kg_buf__clear(buf);
    if (kg_buf__puts(buf, "relation"))
        return KG_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        const char *verb = union_relation(b, rs[i], &ds)->relation;
        int dup = 0;
        for (size_t j = 0; j < i && !dup; j++)
            dup = strcmp(union_relation(b, rs[j], &ds)->relation, verb) == 0;
        if (!dup && (kg_buf__puts(buf, " rel-") || kg_escape__id(buf, verb)))
            return KG_ENOMEM;
    }
    if (kg_buf__printf(buf, " diff-%s", looks[st].name))
        return KG_ENOMEM;
    agxset(e, b->e_class, kg_buf__str(buf));
    kg_buf__clear(buf);
    for (size_t i = 0; i < n; i++)
        if ((i && kg_buf__puts(buf, KG_TOOLTIP_NEWLINE)) || relation_tooltip(b, rs[i]))
            return KG_ENOMEM;
    agxset(e, b->e_tooltip, kg_buf__str(buf));
    /* symmetric verbs of their side's vocabulary only: no arrowheads, as in render */
    int symmetric = 1;
    for (size_t i = 0; i < n && symmetric; i++) {
        const kg_relation *rel = union_relation(b, rs[i], &ds);
        symmetric = kg_dataset_relation_symmetric(ds, rel);
    }
    if (symmetric) {
        if (!b->e_dir && !(b->e_dir = declare(b->g, AGEDGE, "dir", "forward")))
            return kg_error__set(KG_EGRAPHVIZ, "Graphviz could not declare an attribute");
        agxset(e, b->e_dir, cg("none"));
    }
    apply_look(b, e, 0, st);
    return KG_OK;
}

/* Order of drawn union relations: by source, then target (union indices), then verb and
 * index, so that the relations of one pair of entities are adjacent. */
typedef struct edge_key {
    size_t s, t, r;
    const char *verb;
} edge_key;

static int edge_key_cmp(const void *a, const void *b)
{
    const edge_key *x = a, *y = b;
    if (x->s != y->s)
        return x->s < y->s ? -1 : 1;
    if (x->t != y->t)
        return x->t < y->t ? -1 : 1;
    int c = strcmp(x->verb, y->verb);
    return c ? c : (x->r > y->r) - (x->r < y->r);
}

/* Draws every drawn relation: those between the same two entities (same direction) as one
 * edge, unless each_relation (one edge each). Edges come in union order of their first
 * relation, so the output does not depend on the sort. KG_OK, KG_ENOMEM or KG_EGRAPHVIZ. */
static int add_edges(builder *b, int each_relation, size_t *n_edges)
{
    size_t n = 0;
    edge_key *k = kg__calloc(b->nru ? b->nru : 1, sizeof *k);
    size_t *first = kg__calloc(b->nru ? b->nru : 1, sizeof *first);
    size_t *rs = kg__calloc(b->nru ? b->nru : 1, sizeof *rs);
    int rc = KG_OK;
    const kg_dataset *ds;
    if (!k || !first || !rs) {
        rc = KG_ENOMEM;
        goto done;
    }
    for (size_t r = 0; r < b->nru; r++)
        if (relation_drawn(b, r)) {
            relation_ends(b, r, &k[n].s, &k[n].t);
            k[n].r = r;
            k[n].verb = union_relation(b, r, &ds)->relation;
            n++;
        }
    if (n > 1)
        qsort(k, n, sizeof *k, edge_key_cmp);
    /* groups [first[g], first[g+1]); ordered by their smallest union relation index */
    size_t ng = 0;
    for (size_t i = 0; i < n; i++)
        if (i == 0 || each_relation || k[i].s != k[i - 1].s || k[i].t != k[i - 1].t)
            first[ng++] = i;
    *n_edges = ng;
    b->edge_labels = b->edge_labels || ng <= KG_EDGE_LABELS_MAX;
    /* the smallest relation of each group, to draw the groups in union order */
    for (size_t g = 0; g < ng; g++) {
        size_t end = g + 1 < ng ? first[g + 1] : n, min = k[first[g]].r;
        for (size_t i = first[g]; i < end; i++)
            min = k[i].r < min ? k[i].r : min;
        rs[g] = min;
    }
    /* walk relations in union order; draw a group at its smallest relation */
    size_t *group_of = kg__calloc(b->nru ? b->nru : 1, sizeof *group_of);
    if (!group_of) {
        rc = KG_ENOMEM;
        goto done;
    }
    for (size_t r = 0; r < b->nru; r++)
        group_of[r] = SIZE_MAX;
    for (size_t g = 0; g < ng; g++)
        group_of[rs[g]] = g;
    size_t *members = rs; /* rs is free again once group_of holds the order */
    for (size_t r = 0; r < b->nru && rc == KG_OK; r++) {
        size_t g = group_of[r];
        if (g == SIZE_MAX)
            continue;
        size_t end = g + 1 < ng ? first[g + 1] : n, m = 0;
        for (size_t i = first[g]; i < end; i++)
            members[m++] = k[i].r;
        rc = add_edge(b, members, m);
    }
    kg_free(group_of);
done:
    kg_free(k);
    kg_free(first);
    kg_free(rs);
    return rc;
}

/* Creates a legend node named after base in sub, avoiding names taken by entities. */
static Agnode_t *legend_node(builder *b, Agraph_t *sub, const char *base)
{
    char name[96];
    snprintf(name, sizeof name, "%s", base);
    for (unsigned k = 2; agnode(b->g, name, 0); k++)
        snprintf(name, sizeof name, "%s~%u", base, k);
    return agnode(sub, name, 1);
}

/* The legend: one box per status drawn, in a fixed order, chained invisibly. */
static int add_legend(builder *b)
{
    Agraph_t *sub = agsubg(b->g, cg("cluster_legend"), 1);
    Agnode_t *prev = NULL;
    if (!sub)
        return KG_EGRAPHVIZ;
    agxset(sub, b->gs.id, cg("legend"));
    agxset(sub, b->gs.label, cg("Changes"));
    agxset(sub, b->gs.fontsize, cg("12"));
    agxset(sub, b->gs.labeljust, cg("l"));
    agxset(sub, b->gs.style, cg("rounded"));
    agxset(sub, b->gs.color, cg("#9e9e9e"));
    for (int i = 0; i < ST_COUNT; i++) {
        int st = legend_order[i];
        char name[64];
        if (!b->used[st])
            continue;
        snprintf(name, sizeof name, "legend:diff:%s", looks[st].name);
        Agnode_t *n = legend_node(b, sub, name);
        if (!n)
            return KG_EGRAPHVIZ;
        snprintf(name, sizeof name, "legend-diff-%s", looks[st].name);
        agxset(n, b->n_id, name);
        agxset(n, b->n_label, cg(looks[st].name));
        snprintf(name, sizeof name, "legend diff-%s", looks[st].name);
        agxset(n, b->n_class, name);
        agxset(n, b->n_shape, cg("box"));
        agxset(n, b->n_fontsize, cg("10"));
        apply_look(b, n, 1, st);
        if (prev) {
            Agedge_t *e = agedge(sub, prev, n, NULL, 1);
            if (!e)
                return KG_EGRAPHVIZ;
            snprintf(name, sizeof name, "legend-diff-chain-%d", i);
            agxset(e, b->e_id, name);
            agxset(e, b->e_style, cg("invis"));
            agxset(e, b->e_class, cg("legend"));
        }
        prev = n;
    }
    return KG_OK;
}

int kg_diff_graph_build(Agraph_t **out, const kg_diff *diff, const kg_dataset *old_ds,
                        const kg_dataset *new_ds, const kg_diff_graph_options *opts_arg,
                        kg_diagnostics *diags)
{
    kg_diff_graph_options opts;
    kg_style *own_style = NULL;
    builder b;
    int rc = KG_OK;
    *out = NULL;
    memset(&b, 0, sizeof b);
    if (opts_arg)
        opts = *opts_arg;
    else
        kg_diff_graph_options_init(&opts);
    if (!diff->from_datasets || diff->kinds != KG_DIFF_ALL ||
        diff->old_entities != kg_dataset_entity_count(old_ds) ||
        diff->new_entities != kg_dataset_entity_count(new_ds) ||
        diff->old_relations != kg_dataset_relation_count(old_ds) ||
        diff->new_relations != kg_dataset_relation_count(new_ds))
        return kg_error__set(KG_EUSAGE, "the diff was not computed from these datasets");
    b.diff = diff;
    b.o = old_ds;
    b.n = new_ds;
    b.style = opts.style;
    if (!b.style) {
        if ((rc = kg_style_new(&own_style)) != KG_OK)
            goto cleanup;
        b.style = own_style;
    }
    if ((rc = build_union(&b)) != KG_OK || (rc = select_context(&b, opts.context)) != KG_OK)
        goto cleanup;
    b.opts = &opts;
    for (size_t u = 0; u < b.nu; u++)
        b.drawn[u] = b.drawn[u] && entity_in_view(&b, u);
    const char *name = opts.name && opts.name[0] ? opts.name : "kgraph_diff";
    b.g = agopen(cg(name), Agdirected, &kg_cg__disc);
    if (!b.g) {
        rc = kg_error__set(KG_EGRAPHVIZ, "Graphviz could not create the graph");
        goto cleanup;
    }
    if ((rc = declare_all(&b)) != KG_OK) {
        kg_error__set(rc, "Graphviz could not declare the graph's attributes");
        goto cleanup;
    }
    for (size_t u = 0; u < b.nu && rc == KG_OK; u++)
        if (b.drawn[u])
            rc = add_entity(&b, u);
    /* Edge labels only up to KG_EDGE_LABELS_MAX drawn edges (render.h), unless asked
     * for: the same rule as kg_graph_build's (changed edges keep theirs) */
    size_t drawn_edges = 0;
    b.edge_labels = opts.all_edge_labels;
    if (rc == KG_OK)
        rc = add_edges(&b, opts.each_relation, &drawn_edges);
    if (rc == KG_OK && !b.edge_labels)
        kg_diagnostics_add(diags, KG_SEVERITY_NOTE, NULL, 0,
                           "%zu edges drawn: only changed edges carry labels past %d (each "
                           "relation is in its edge's tooltip)", drawn_edges,
                           KG_EDGE_LABELS_MAX);
    if (rc == KG_OK && opts.legend)
        rc = add_legend(&b);
    /* a picture of no entity says so in the title's place rather than being blank */
    size_t drawn_nodes = 0;
    for (size_t u = 0; u < b.nu; u++)
        drawn_nodes += b.drawn[u] != 0;
    int titled = opts.title && opts.title[0];
    if (rc == KG_OK && (titled || !drawn_nodes)) {
        kg_buf__clear(&b.buf);
        if ((titled && kg_escape__label(&b.buf, opts.title)) ||
            (!drawn_nodes && kg_buf__puts(&b.buf, titled ? " (no entities)" : "no entities")))
            rc = KG_ENOMEM;
        else
            agxset(b.g, b.gs.label, kg_buf__str(&b.buf));
    }
    if (rc == KG_OK) {
        kg_buf__clear(&b.buf);
        if (kg_buf__puts(&b.buf, "graph-") || kg_escape__id(&b.buf, name))
            rc = KG_ENOMEM;
        else
            agxset(b.g, b.gs.id, kg_buf__str(&b.buf));
    }
    if (rc == KG_OK) {
        *out = b.g;
        b.g = NULL;
    }

cleanup:
    if (rc == KG_ENOMEM)
        kg_error__set(rc, "out of memory building the diff diagram");
    if (b.g)
        agclose(b.g);
    builder_free(&b);
    kg_style_free(own_style);
    return rc;
}
