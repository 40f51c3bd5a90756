/* graph.c: builds the Graphviz cgraph graph from the model: nodes, edges, title, legend.
 *
 * Every value from data goes through escape.c for the attribute class it lands in; the
 * only other attribute values are constants here and validated style values (style.c).
 * Speed matters (a 1M-edge graph must build in seconds): attributes are declared once
 * and set with agxset, node pointers are cached by entity index, styles are resolved
 * once per type / verb / polarity, and one scratch buffer is reused for every value.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base_internal.h"
#include "cgraph/cgraph_internal.h"
#include "graph_common.h"
#include "escape.h"
#include "kgraph/graph.h"
#include "kgraph/render.h"

/* cgraph's API takes char * for strings it only reads (it copies them into its pool).
 * This is the one place where const is dropped for it. */
static char *cg(const char *s)
{
    return (char *)(uintptr_t)s;
}

void kg_graph_options_init(kg_graph_options *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->legend = 1;
}

/* The record kgraph binds to the root of every graph it builds: the arena holding the
 * values set with kg_cg__set, which must outlive the graph. */
typedef struct graph_record {
    Agrec_t header;
    kg_cg_strings *strings;
} graph_record;

static char graph_record_name[] = "kgraph";

void kg_graph_free(Agraph_t *graph)
{
    if (!graph)
        return;
    graph_record *rec = (graph_record *)aggetrec(graph, graph_record_name, 0);
    kg_cg_strings *strings = rec ? rec->strings : NULL;
    agclose(graph);
    kg_cg__strings_free(strings);
}

int kg_graph_larger_than(Agraph_t *graph, size_t limit)
{
    if (!graph)
        return 0;
    size_t nodes = (size_t)agnnodes(graph);
    return nodes > limit || kg_cg__edges_at_least(graph, limit - nodes + 1);
}

/* ---- constants -------------------------------------------------------------------- */

#define FONT KG_FONT
#define BASE_PENWIDTH 1.2
#define MAX_PENWIDTH 6.0

/* Attributes a style may set (style.c's allow-list), per object kind. */
static const char *const node_style_attrs[] = {"shape", "style", "color", "fillcolor",
                                               "fontcolor", "fontsize", "penwidth",
                                               "peripheries", "width", "height"};
static const char *const edge_style_attrs[] = {"style", "color", "fontcolor", "fontsize",
                                               "penwidth", "arrowhead", "arrowtail",
                                               "arrowsize", "dir"};
#define N_NODE_STYLE (sizeof node_style_attrs / sizeof node_style_attrs[0])
#define N_EDGE_STYLE (sizeof edge_style_attrs / sizeof edge_style_attrs[0])
#define EDGE_STYLE_DIR 8 /* "dir" in edge_style_attrs */

static const char *const polarity_names[4] = {"neutral", "positive", "negative", "mixed"};
/* Order of polarities in the legend. */
static const kg_polarity legend_polarities[4] = {KG_POLARITY_POSITIVE, KG_POLARITY_NEGATIVE,
                                                 KG_POLARITY_NEUTRAL, KG_POLARITY_MIXED};

/* ---- resolved styles -------------------------------------------------------------- */

/* One attribute to set: a declared symbol and a value owned by the style. */
typedef struct setting {
    Agsym_t *sym;
    const char *value;
} setting;

/* The settings of one selector (a type, a verb or a polarity), resolved to symbols. */
typedef struct look {
    const char *name;     /* borrowed from the dataset or a constant */
    setting *items;
    size_t count;
    const char *penwidth; /* edges: the selector's base pen width, or NULL */
    size_t used;          /* types: number of drawn entities; order of first use below */
    size_t first_use;
} look;

/* A string-keyed open-addressing table from names to looks. */
typedef struct look_table {
    look *looks;
    size_t count, capacity;   /* looks */
    size_t *slots;            /* index + 1 into looks, 0 = empty */
    size_t slot_count;        /* a power of two */
} look_table;

/* Everything kg_graph_build works with; freed by builder_free. */
typedef struct builder {
    Agraph_t *g;
    const kg_dataset *ds;
    const kg_style *style;
    kg_diagnostics *diags;
    kg_buf buf;                /* the one scratch buffer for every value */
    kg_buf text;               /* a label cut to its drawn size (drawn_text) */
    kg_buf wrap;               /* a label broken into lines (wrapped_text) */
    int edge_labels;           /* nonzero: edges carry their relation as a label */
    kg_cg_strings *strings;   /* values unique to one object (owned by the graph) */
    Agnode_t **nodes;          /* by entity index; NULL when not drawn */
    look_table types, verbs;
    look polarity[4];
    int polarity_used[4];
    int merged_used;           /* some drawn edge carries several relations */
    int counts_used;           /* some drawn edge is cited by more than one document */
    size_t types_used;
    size_t custom_types;       /* entity types given a style by custom_look so far */
    struct member *scratch;    /* the relations of one merged edge (add_merged) */
    size_t scratch_cap;
    Agsym_t *node_style[N_NODE_STYLE], *edge_style[N_EDGE_STYLE];
    Agsym_t *n_label, *n_id, *n_class, *n_tooltip, *n_url, *n_fontname, *n_fontsize;
    Agsym_t *e_label, *e_id, *e_class, *e_tooltip, *e_penwidth, *e_fontname, *e_fontsize;
    kg_graph_syms gs; /* the graph-level attributes (graph_common.h) */
    const char *link_prefix;   /* kg_graph_options.entity_link_prefix */
} builder;

static void look_table_free(look_table *t)
{
    for (size_t i = 0; i < t->count; i++)
        kg_free(t->looks[i].items);
    kg_free(t->looks);
    kg_free(t->slots);
    memset(t, 0, sizeof *t);
}

/* Doubles the slot array and re-inserts every look. Returns KG_OK or KG_ENOMEM. */
static int look_table_grow(look_table *t)
{
    size_t n = t->slot_count ? t->slot_count * 2 : 64;
    size_t *slots = kg__calloc(n, sizeof *slots);
    if (!slots)
        return KG_ENOMEM;
    for (size_t i = 0; i < t->count; i++) {
        size_t h = (size_t)kg_hash__str(t->looks[i].name) & (n - 1);
        while (slots[h])
            h = (h + 1) & (n - 1);
        slots[h] = i + 1;
    }
    kg_free(t->slots);
    t->slots = slots;
    t->slot_count = n;
    return KG_OK;
}

/* Resolves a style selector into *out: every attribute it sets, mapped to the declared
 * symbol (attrs / syms: the allow-listed names for the object kind). For edges the pen
 * width is kept apart. drop_defaults: leave out settings equal to the declared default. Returns KG_OK or KG_ENOMEM; out->items is freed by the caller. */
static int resolve_look(look *out, const kg_style *style, kg_style_kind kind, const char *name,
                        const char *const *attrs, Agsym_t *const *syms, size_t nattrs,
                        int is_edge, int drop_defaults)
{
    size_t count;
    const kg_style_attr *a = kg_style_get(style, kind, name, &count);
    memset(out, 0, sizeof *out);
    out->name = name;
    if (!count)
        return KG_OK;
    out->items = kg__calloc(count, sizeof *out->items);
    if (!out->items)
        return KG_ENOMEM;
    for (size_t i = 0; i < count; i++) {
        if (is_edge && strcmp(a[i].name, "penwidth") == 0) {
            out->penwidth = a[i].value;
            continue;
        }
        for (size_t j = 0; j < nattrs; j++) {
            if (strcmp(attrs[j], a[i].name) == 0) {
                out->items[out->count++] = (setting){syms[j], a[i].value};
                break;
            }
        }
    }
    /* Drop settings that repeat the declared default and are not overridden later in
     * the list: an agxset costs two string-pool lookups, and 1M edges add up. Only for
     * looks applied first to a fresh object (types, polarities): a relation look comes
     * after the polarity's and must be able to restore a default. */
    if (!drop_defaults)
        return KG_OK;
    size_t kept = 0;
    for (size_t i = 0; i < out->count; i++) {
        int later = 0;
        for (size_t k = i + 1; k < out->count; k++)
            later |= out->items[k].sym == out->items[i].sym;
        if (later || strcmp(out->items[i].value, out->items[i].sym->defval) != 0)
            out->items[kept++] = out->items[i];
    }
    out->count = kept;
    return KG_OK;
}

/* Replaces the look's values by their stored copies (kg_cg__intern), so applying it
 * is a few pointer stores. Returns KG_OK or KG_ENOMEM. */
static int intern_look(builder *b, look *l)
{
    for (size_t i = 0; i < l->count; i++)
        if (!(l->items[i].value = kg_cg__intern(b->strings, l->items[i].value)))
            return KG_ENOMEM;
    return KG_OK;
}

/* Gives l, the look of an entity type no style names, the next shape and colours of
 * the custom types (kg_style__custom_type), in order of first appearance: two such types
 * never look alike (up to 112 of them) and the same data looks the same on every run.
 * Returns KG_OK or KG_ENOMEM. */
static int custom_look(builder *b, look *l)
{
    const char *shape, *fill, *border;
    kg_style__custom_type(b->custom_types++, &shape, &fill, &border);
    l->items = kg__calloc(3, sizeof *l->items);
    if (!l->items)
        return KG_ENOMEM;
    l->items[0] = (setting){b->node_style[0], shape};
    l->items[1] = (setting){b->node_style[3], fill};
    l->items[2] = (setting){b->node_style[2], border};
    l->count = 3;
    return KG_OK;
}

/* The look for name in table t, resolving it from the style on first use. Returns NULL
 * on allocation failure. The pointer is valid until the next lookup. */
static look *look_get(builder *b, look_table *t, kg_style_kind kind, const char *name)
{
    if (t->slot_count) {
        size_t h = (size_t)kg_hash__str(name) & (t->slot_count - 1);
        while (t->slots[h]) {
            look *l = &t->looks[t->slots[h] - 1];
            if (strcmp(l->name, name) == 0)
                return l;
            h = (h + 1) & (t->slot_count - 1);
        }
    }
    if ((t->count + 1) * 2 > t->slot_count && look_table_grow(t) != KG_OK)
        return NULL;
    if (kg_array__grow(&t->looks, &t->capacity, t->count, sizeof *t->looks) != 0)
        return NULL;
    look *l = &t->looks[t->count];
    int rc = kind == KG_STYLE_TYPE
                 ? resolve_look(l, b->style, kind, name, node_style_attrs, b->node_style,
                                N_NODE_STYLE, 0, 1)
                 : resolve_look(l, b->style, kind, name, edge_style_attrs, b->edge_style,
                                N_EDGE_STYLE, 1, 0);
    if (rc == KG_OK && kind == KG_STYLE_TYPE && name[0] && !kg_style_has(b->style, kind, name))
        rc = custom_look(b, l);
    if (rc != KG_OK || intern_look(b, l) != KG_OK)
        return NULL;
    size_t h = (size_t)kg_hash__str(name) & (t->slot_count - 1);
    while (t->slots[h])
        h = (h + 1) & (t->slot_count - 1);
    t->slots[h] = ++t->count;
    return l;
}

static void apply_look(void *obj, const look *l)
{
    for (size_t i = 0; i < l->count; i++)
        kg_cg__put(obj, l->items[i].sym, l->items[i].value);
}

/* ---- declarations ----------------------------------------------------------------- */

Agsym_t *kg_graph__declare(Agraph_t *g, int kind, const char *name, const char *def)
{
    return agattr(g, kind, cg(name), cg(def));
}

static Agsym_t *declare(Agraph_t *g, int kind, const char *name, const char *def)
{
    return kg_graph__declare(g, kind, name, def);
}

int kg_graph__declare_common(Agraph_t *g, kg_graph_syms *out)
{
    static const struct {
        const char *name, *value;
    } graph_attrs[] = {
        {"rankdir", "LR"},        {"outputorder", "edgesfirst"}, {"pad", "0.3"},
        {"nodesep", "0.3"},       {"ranksep", "0.6"},            {"overlap", "false"},
        {"sep", "+6"},            {"esep", "+3"},                {"bgcolor", "white"},
        /* No splines=true: with neato/sfdp it costs seconds at 100 nodes (2.3 s against
         * 0.2 s for straight lines, 9 s with the legend cluster); dot draws splines anyway.
         * dot speed: bounded network simplex and crossing minimisation (a random 150-node
         * graph: 4.5 s with Graphviz's defaults, 1.6 s with these). */
        {"nslimit", "2"},         {"nslimit1", "2"},             {"mclimit", "0.2"},
        {"searchsize", "20"},     {"remincross", "false"},
    };
    for (size_t i = 0; i < sizeof graph_attrs / sizeof graph_attrs[0]; i++)
        if (!declare(g, AGRAPH, graph_attrs[i].name, graph_attrs[i].value))
            return KG_EGRAPHVIZ;
    out->label = declare(g, AGRAPH, "label", "");
    out->labelloc = declare(g, AGRAPH, "labelloc", "t");
    out->labeljust = declare(g, AGRAPH, "labeljust", "c");
    out->fontsize = declare(g, AGRAPH, "fontsize", "20");
    out->fontname = declare(g, AGRAPH, "fontname", KG_FONT);
    out->style = declare(g, AGRAPH, "style", "");
    out->color = declare(g, AGRAPH, "color", "");
    out->id = declare(g, AGRAPH, "id", "");
    if (!out->label || !out->labelloc || !out->labeljust || !out->fontsize || !out->fontname ||
        !out->style || !out->color || !out->id)
        return KG_EGRAPHVIZ;
    return KG_OK;
}

/* Declares every attribute kgraph sets, with defaults from the [node] and [edge] styles
 * and kgraph's constants. Returns KG_OK or KG_EGRAPHVIZ. */
static int declare_all(builder *b)
{
    Agraph_t *g = b->g;
    if (kg_graph__declare_common(g, &b->gs) != KG_OK)
        return KG_EGRAPHVIZ;

    /* Node and edge defaults: the [node] / [edge] style settings (later ones win). */
    const char *node_def[N_NODE_STYLE] = {0}, *edge_def[N_EDGE_STYLE] = {0};
    size_t count;
    const kg_style_attr *a = kg_style_get(b->style, KG_STYLE_NODE, "", &count);
    for (size_t i = 0; i < count; i++)
        for (size_t j = 0; j < N_NODE_STYLE; j++)
            if (strcmp(a[i].name, node_style_attrs[j]) == 0)
                node_def[j] = a[i].value;
    a = kg_style_get(b->style, KG_STYLE_EDGE, "", &count);
    for (size_t i = 0; i < count; i++)
        for (size_t j = 0; j < N_EDGE_STYLE; j++)
            if (strcmp(a[i].name, edge_style_attrs[j]) == 0)
                edge_def[j] = a[i].value;
    for (size_t j = 0; j < N_NODE_STYLE; j++) {
        const char *def = node_def[j];
        if (!def) /* Graphviz's own defaults, declared so the symbol exists */
            def = strcmp(node_style_attrs[j], "shape") == 0       ? "ellipse"
                  : strcmp(node_style_attrs[j], "fontsize") == 0    ? "11"
                  : strcmp(node_style_attrs[j], "penwidth") == 0    ? "1"
                  : strcmp(node_style_attrs[j], "peripheries") == 0 ? "1"
                  : strcmp(node_style_attrs[j], "width") == 0       ? "0.75"
                  : strcmp(node_style_attrs[j], "height") == 0      ? "0.5"
                  : strcmp(node_style_attrs[j], "color") == 0       ? "black"
                  : strcmp(node_style_attrs[j], "fontcolor") == 0   ? "black"
                                                                    : "";
        if (!(b->node_style[j] = declare(g, AGNODE, node_style_attrs[j], def)))
            return KG_EGRAPHVIZ;
    }
    for (size_t j = 0; j < N_EDGE_STYLE; j++) {
        const char *def = edge_def[j];
        if (!def)
            def = strcmp(edge_style_attrs[j], "fontsize") == 0    ? "9"
                  : strcmp(edge_style_attrs[j], "penwidth") == 0  ? "1.2"
                  : strcmp(edge_style_attrs[j], "arrowsize") == 0 ? "1"
                  : strcmp(edge_style_attrs[j], "arrowhead") == 0 ? "normal"
                  : strcmp(edge_style_attrs[j], "arrowtail") == 0 ? "normal"
                  : strcmp(edge_style_attrs[j], "dir") == 0       ? "forward"
                  : strcmp(edge_style_attrs[j], "color") == 0     ? "black"
                  : strcmp(edge_style_attrs[j], "fontcolor") == 0 ? "black"
                                                                  : "";
        if (!(b->edge_style[j] = declare(g, AGEDGE, edge_style_attrs[j], def)))
            return KG_EGRAPHVIZ;
    }
    b->n_fontsize = b->node_style[5];
    b->e_fontsize = b->edge_style[3];
    b->e_penwidth = b->edge_style[4];
    b->n_label = declare(g, AGNODE, "label", "\\N");
    b->n_id = declare(g, AGNODE, "id", "");
    b->n_class = declare(g, AGNODE, "class", "");
    b->n_tooltip = declare(g, AGNODE, "tooltip", "");
    b->n_url = declare(g, AGNODE, "URL", "");
    b->n_fontname = declare(g, AGNODE, "fontname", FONT);
    b->e_label = declare(g, AGEDGE, "label", "");
    b->e_id = declare(g, AGEDGE, "id", "");
    b->e_class = declare(g, AGEDGE, "class", "");
    b->e_tooltip = declare(g, AGEDGE, "tooltip", "");
    b->e_fontname = declare(g, AGEDGE, "fontname", FONT);
    if (!b->n_label || !b->n_id || !b->n_class || !b->n_tooltip || !b->n_url ||
        !b->n_fontname || !b->e_label || !b->e_id || !b->e_class || !b->e_tooltip ||
        !b->e_fontname)
        return KG_EGRAPHVIZ;
    return KG_OK;
}

/* ---- nodes ------------------------------------------------------------------------ */

/* Appends the entity's tooltip (escaped): label, type, description, aliases. */
static int entity_tooltip(kg_buf *out, const kg_entity *e)
{
    int rc = kg_escape__tooltip(out, e->label);
    if (rc == KG_OK && e->type[0]) {
        rc = kg_buf__puts(out, " (");
        if (rc == KG_OK)
            rc = kg_escape__tooltip(out, e->type);
        if (rc == KG_OK)
            rc = kg_buf__puts(out, ")");
    }
    if (rc == KG_OK && e->description[0]) {
        rc = kg_buf__puts(out, KG_TOOLTIP_NEWLINE);
        if (rc == KG_OK)
            rc = kg_escape__tooltip(out, e->description);
    }
    if (rc == KG_OK && e->aliases[0]) {
        rc = kg_buf__puts(out, KG_TOOLTIP_NEWLINE "Aliases: ");
        /* ';'-separated as written: shown as a comma-separated list. */
        const char *p = e->aliases;
        int first = 1;
        while (rc == KG_OK && *p) {
            size_t len = strcspn(p, ";");
            const char *start = p;
            const char *end = p + len;
            while (start < end && (*start == ' ' || *start == '\t'))
                start++;
            while (end > start && (end[-1] == ' ' || end[-1] == '\t'))
                end--;
            if (end > start) {
                char *piece = kg__strndup(start, (size_t)(end - start));
                if (!piece)
                    return KG_ENOMEM;
                if (!first)
                    rc = kg_buf__puts(out, ", ");
                if (rc == KG_OK)
                    rc = kg_escape__tooltip(out, piece);
                kg_free(piece);
                first = 0;
            }
            p += len;
            if (*p == ';')
                p++;
        }
    }
    return rc;
}

/* Sets the attribute sym of obj to the buffer's contents. */
static void set_buf(void *obj, Agsym_t *sym, kg_buf *buf)
{
    agxset(obj, sym, kg_buf__str(buf));
}

/* Sets a value many nodes or edges share (a class, a label, a pen width) to the stored
 * copy of the buffer's text. Returns KG_OK or KG_ENOMEM. */
static int set_shared(builder *b, void *obj, Agsym_t *sym)
{
    const char *stored = kg_cg__intern(b->strings, kg_buf__str(&b->buf));
    if (!stored)
        return KG_ENOMEM;
    kg_cg__put(obj, sym, stored);
    return KG_OK;
}

/* Sets a value unique to this node or edge (id, label, tooltip) without interning it
 * in cgraph's string dictionary where cgraph_internal.h can. Returns KG_OK or KG_ENOMEM. */
static int set_unique(builder *b, void *obj, Agsym_t *sym)
{
    return kg_cg__set(b->strings, obj, sym, kg_buf__str(&b->buf), b->buf.len);
}

/* The part of a label that is drawn: at most KG_LABEL_MAX_LINES lines of at most
 * KG_LABEL_MAX_LINE_CHARS characters each, a cut line or a cut-off last line ending in
 * U+2026. A longer label would make a drawing of any size (a label of 1,800 lines made
 * a 32767 x 20550 pixel PNG); its full text stays in the tooltip. Returns text itself
 * when it fits, else the cut copy in b->text; NULL when out of memory. Linear in text. */
static const char *drawn_text(builder *b, const char *text)
{
    size_t lines = 1, chars = 0;
    int cut = 0;
    for (const char *p = text; *p; p++) {
        if (*p == '\n') {
            chars = 0;
            if (++lines > KG_LABEL_MAX_LINES) {
                cut = 1;
                break;
            }
        } else if (((unsigned char)*p & 0xC0) != 0x80 && ++chars > KG_LABEL_MAX_LINE_CHARS) {
            cut = 1;
            break;
        }
    }
    if (!cut)
        return text;
    kg_buf__clear(&b->text);
    const char *p = text;
    lines = 1;
    while (*p) {
        const char *start = p;
        chars = 0;
        while (*p && *p != '\n') {
            if (((unsigned char)*p & 0xC0) != 0x80 && ++chars > KG_LABEL_MAX_LINE_CHARS)
                break;
            p++;
        }
        int line_cut = *p && *p != '\n';
        if (kg_buf__append(&b->text, start, (size_t)(p - start)))
            return NULL;
        if (line_cut || (*p == '\n' && lines == KG_LABEL_MAX_LINES)) {
            if (kg_buf__puts(&b->text, "\xE2\x80\xA6"))
                return NULL;
            break;
        }
        if (*p == '\n') {
            if (kg_buf__puts(&b->text, "\n"))
                return NULL;
            p++;
            lines++;
        }
    }
    return kg_buf__str(&b->text);
}

/* An entity label as drawn: a line longer than KG_LABEL_WRAP characters is broken at
 * spaces into lines of about that width (a word longer than that stays whole), so that
 * long names make tall, narrow nodes and the drawing stays readable at page width. Lines
 * the data breaks itself are kept. Returns text itself when nothing is broken, else the
 * copy in b->wrap; NULL when out of memory. Linear in text. */
static const char *wrapped_text(builder *b, const char *text)
{
    size_t chars = 0;
    int longer = 0;
    for (const char *p = text; *p && !longer; p++) {
        if (*p == '\n')
            chars = 0;
        else if (((unsigned char)*p & 0xC0) != 0x80)
            longer = ++chars > KG_LABEL_WRAP;
    }
    if (!longer)
        return text;
    kg_buf__clear(&b->wrap);
    const char *p = text;
    while (*p) {
        /* one line of the data: words appended while the line stays within the width */
        size_t line = 0;
        while (*p && *p != '\n') {
            const char *w = p;
            size_t wchars = 0;
            while (*p && *p != ' ' && *p != '\n') {
                if (((unsigned char)*p & 0xC0) != 0x80)
                    wchars++;
                p++;
            }
            if (line && line + 1 + wchars > KG_LABEL_WRAP) {
                if (kg_buf__putc(&b->wrap, '\n'))
                    return NULL;
                line = 0;
            } else if (line && kg_buf__putc(&b->wrap, ' ')) {
                return NULL;
            } else if (line) {
                line++;
            }
            if (kg_buf__append(&b->wrap, w, (size_t)(p - w)))
                return NULL;
            line += wchars;
            while (*p == ' ')
                p++;
        }
        if (*p == '\n') {
            if (kg_buf__putc(&b->wrap, '\n'))
                return NULL;
            p++;
        }
    }
    return kg_buf__str(&b->wrap);
}

/* Creates the node of entity i with all its attributes. Returns KG_OK, KG_ENOMEM or
 * KG_EGRAPHVIZ. */
static int add_entity(builder *b, size_t i)
{
    const kg_entity *e = kg_dataset_entity(b->ds, i);
    Agnode_t *n = agnode(b->g, cg(e->id), 1);
    if (!n)
        return kg_error__set(KG_EGRAPHVIZ, "Graphviz could not create node '%s'", e->id);
    b->nodes[i] = n;
    kg_buf *buf = &b->buf;

    kg_buf__clear(buf);
    if (kg_buf__puts(buf, "e-") || kg_escape__id(buf, e->id) || set_unique(b, n, b->n_id))
        return KG_ENOMEM;

    kg_buf__clear(buf);
    const char *drawn = wrapped_text(b, e->label);
    if (drawn)
        drawn = drawn_text(b, drawn);
    if (!drawn || kg_escape__label(buf, drawn) || set_unique(b, n, b->n_label))
        return KG_ENOMEM;

    kg_buf__clear(buf);
    if (kg_buf__puts(buf, "entity"))
        return KG_ENOMEM;
    if (e->type[0] && (kg_buf__puts(buf, " type-") || kg_escape__id(buf, e->type)))
        return KG_ENOMEM;
    if (set_shared(b, n, b->n_class))
        return KG_ENOMEM;

    kg_buf__clear(buf);
    if (entity_tooltip(buf, e) || set_unique(b, n, b->n_tooltip))
        return KG_ENOMEM;

    if (b->link_prefix) {
        kg_buf__clear(buf);
        if (kg_buf__puts(buf, b->link_prefix) || kg_escape__id(buf, e->id))
            return KG_ENOMEM;
        set_buf(n, b->n_url, buf);
    } else if (e->url[0]) {
        kg_buf__clear(buf);
        int rc = kg_escape__url(buf, e->url);
        if (rc == KG_ENOMEM)
            return rc;
        if (rc == KG_OK)
            set_buf(n, b->n_url, buf);
        else
            kg_diagnostics_add(b->diags, KG_SEVERITY_WARNING,
                               kg_dataset_file_name(b->ds, KG_FILE_ENTITIES), e->line,
                               "url of entity '%s' is not an http, https or relative URL: "
                               "drawn without a link",
                               e->id);
    }

    look *l = look_get(b, &b->types, KG_STYLE_TYPE, e->type);
    if (!l)
        return KG_ENOMEM;
    if (l->used++ == 0)
        l->first_use = b->types_used++;
    apply_look(n, l);
    return KG_OK;
}

/* ---- edges ------------------------------------------------------------------------ */

/* The documents (else citations) supporting relation r: its count drawn as "(n)". */
static size_t support_of(const kg_relation *r)
{
    return r->document_count ? r->document_count : r->citation_count;
}

/* The pen width for an edge supported total times, from the style's base width (NULL:
 * the declared default of edge e): base + 0.8 per supporting document past the first,
 * at most MAX_PENWIDTH. Sets it on e unless nothing changes. Returns KG_OK or KG_ENOMEM. */
static int set_penwidth(builder *b, Agedge_t *e, const char *base, size_t total)
{
    if (total <= 1 && !base)
        return KG_OK;
    double width = base ? strtod(base, NULL) : strtod(agxget(e, b->e_penwidth), NULL);
    width += 0.8 * (double)(total > 1 ? total - 1 : 0);
    if (width > MAX_PENWIDTH)
        width = MAX_PENWIDTH;
    kg_buf__clear(&b->buf);
    if (kg_buf__printf(&b->buf, "%.1f", width) || set_shared(b, e, b->e_penwidth))
        return KG_ENOMEM;
    return KG_OK;
}

/* Appends the relation's tooltip: "Source — verb → Target" ("↔" for a symmetric verb of
 * the vocabulary), then one line per citation:
 * "[title or doc, date] “quote” (claimed by X; confidence 0.80)". */
static int relation_tooltip(builder *b, const kg_relation *r)
{
    kg_buf *out = &b->buf;
    const kg_entity *s = kg_dataset_entity(b->ds, r->source);
    const kg_entity *t = kg_dataset_entity(b->ds, r->target);
    if (kg_escape__tooltip(out, s->label) || kg_buf__puts(out, " \xE2\x80\x94 ") ||
        kg_escape__tooltip(out, r->relation) ||
        kg_buf__puts(out, kg_dataset_relation_symmetric(b->ds, r) ? " \xE2\x86\x94 "
                                                                  : " \xE2\x86\x92 ") ||
        kg_escape__tooltip(out, t->label))
        return KG_ENOMEM;
    for (size_t c = r->first_citation; c != KG_NONE;) {
        const kg_citation *ci = kg_dataset_citation(b->ds, c);
        if (!ci)
            break;
        const kg_source *src = ci->source != KG_NONE ? kg_dataset_source(b->ds, ci->source) : NULL;
        const char *doc = src && src->title[0] ? src->title : ci->doc;
        const char *date = ci->date[0] ? ci->date : src ? src->date : "";
        const kg_entity *by = ci->claimed_by != KG_NONE ? kg_dataset_entity(b->ds, ci->claimed_by)
                                                        : NULL;
        c = ci->next;
        if (!doc[0] && !date[0] && !ci->quote[0] && !by && ci->confidence < 0)
            continue; /* nothing to say about this citation */
        int rc = kg_buf__puts(out, KG_TOOLTIP_NEWLINE);
        if (rc == KG_OK && (doc[0] || date[0])) {
            rc = kg_buf__putc(out, '[');
            if (rc == KG_OK)
                rc = kg_escape__tooltip(out, doc);
            if (rc == KG_OK && doc[0] && date[0])
                rc = kg_buf__puts(out, ", ");
            if (rc == KG_OK)
                rc = kg_escape__tooltip(out, date);
            if (rc == KG_OK)
                rc = kg_buf__puts(out, "] ");
        }
        if (rc == KG_OK && ci->quote[0]) {
            rc = kg_buf__puts(out, "\xE2\x80\x9C");
            if (rc == KG_OK)
                rc = kg_escape__tooltip(out, ci->quote);
            if (rc == KG_OK)
                rc = kg_buf__puts(out, "\xE2\x80\x9D");
        }
        if (rc == KG_OK && (by || ci->confidence >= 0)) {
            rc = kg_buf__puts(out, " (");
            if (rc == KG_OK && by) {
                rc = kg_buf__puts(out, "claimed by ");
                if (rc == KG_OK)
                    rc = kg_escape__tooltip(out, by->label);
            }
            if (rc == KG_OK && ci->confidence >= 0)
                rc = kg_buf__printf(out, "%sconfidence %.2f", by ? "; " : "", ci->confidence);
            if (rc == KG_OK)
                rc = kg_buf__putc(out, ')');
        }
        if (rc != KG_OK)
            return rc;
    }
    return KG_OK;
}

/* Creates the edge of relation i with all its attributes, when it is drawn. Returns
 * KG_OK, KG_ENOMEM or KG_EGRAPHVIZ. */
static int add_relation(builder *b, size_t i)
{
    const kg_relation *r = kg_dataset_relation(b->ds, i);
    Agnode_t *t = b->nodes[r->source], *h = b->nodes[r->target];
    if (!t || !h)
        return KG_OK;
    Agedge_t *e = agedge(b->g, t, h, NULL, 1);
    if (!e)
        return kg_error__set(KG_EGRAPHVIZ, "Graphviz could not create an edge");
    kg_buf *buf = &b->buf;
    const kg_entity *s = kg_dataset_entity(b->ds, r->source);
    const kg_entity *d = kg_dataset_entity(b->ds, r->target);
    unsigned p = (unsigned)r->polarity < 4 ? (unsigned)r->polarity : KG_POLARITY_NEUTRAL;
    b->polarity_used[p] = 1;

    kg_buf__clear(buf);
    if (kg_buf__puts(buf, "r-") || kg_escape__id(buf, s->id) || kg_buf__puts(buf, "--") ||
        kg_escape__id(buf, r->relation) || kg_buf__puts(buf, "--") || kg_escape__id(buf, d->id) ||
        set_unique(b, e, b->e_id))
        return KG_ENOMEM;

    size_t n = r->document_count ? r->document_count : r->citation_count;
    if (b->edge_labels) {
        kg_buf__clear(buf);
        const char *drawn = drawn_text(b, r->relation);
        if (!drawn || kg_escape__label(buf, drawn) ||
            (n > 1 && kg_buf__printf(buf, " (%zu)", n)))
            return KG_ENOMEM;
        if (set_shared(b, e, b->e_label))
            return KG_ENOMEM;
    }

    kg_buf__clear(buf);
    if (kg_buf__puts(buf, "relation rel-") || kg_escape__id(buf, r->relation) ||
        kg_buf__puts(buf, " polarity-") || kg_buf__puts(buf, polarity_names[p]))
        return KG_ENOMEM;
    if (set_shared(b, e, b->e_class))
        return KG_ENOMEM;

    kg_buf__clear(buf);
    int rc = relation_tooltip(b, r);
    if (rc == KG_OK)
        rc = set_unique(b, e, b->e_tooltip);
    if (rc != KG_OK)
        return rc;

    look *verb = look_get(b, &b->verbs, KG_STYLE_RELATION, r->relation);
    if (!verb)
        return KG_ENOMEM;
    apply_look(e, &b->polarity[p]);
    /* a symmetric verb of the vocabulary: no arrowheads (a [relation: NAME] style's dir
     * still wins) */
    if (kg_dataset_relation_symmetric(b->ds, r)) {
        kg_buf__clear(buf);
        if (kg_buf__puts(buf, "none") || set_shared(b, e, b->edge_style[EDGE_STYLE_DIR]))
            return KG_ENOMEM;
    }
    apply_look(e, verb);

    /* Pen width: the style's base (relation over polarity over edge) grown with support. */
    if (n > 1)
        b->counts_used = 1;
    return set_penwidth(b, e, verb->penwidth ? verb->penwidth : b->polarity[p].penwidth, n);
}

/* One relation of a merged edge, for ordering its label and classes. */
typedef struct member {
    const kg_relation *r;
    size_t support; /* support_of(r) */
    size_t index;   /* the relation's index: ties keep dataset order */
} member;

/* Label order: most supported first, then dataset order. */
static int member_by_support(const void *a, const void *b)
{
    const member *x = a, *y = b;
    if (x->support != y->support)
        return x->support > y->support ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* Class order: by verb, then dataset order (equal verbs end up side by side). */
static int member_by_verb(const void *a, const void *b)
{
    const member *x = a, *y = b;
    int c = strcmp(x->r->relation, y->r->relation);
    if (c)
        return c;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* Verbs listed in a merged edge's label before "+N more" (all of them up to one more). */
#define MERGED_LABEL_VERBS 3

/* Creates ONE edge for the n > 1 relations rels[0..n-1], all from one entity to another
 * (the default: merged parallel relations). Its id is "r-" ENC(source) "--" ENC(target);
 * its classes "relation merged", "rel-ENC(verb)" for every verb it carries (each once,
 * sorted) and "polarity-NAME", NAME the relations' common polarity or "mixed" when they
 * disagree; its label lists the most supported verbs with their counts, then "+N more";
 * its tooltip every relation with its citations; its pen width grows with the total
 * support. A relation style applies only when every relation has that verb. Returns
 * KG_OK, KG_ENOMEM or KG_EGRAPHVIZ. */
static int add_merged(builder *b, const size_t *rels, size_t n)
{
    const kg_relation *r0 = kg_dataset_relation(b->ds, rels[0]);
    Agnode_t *t = b->nodes[r0->source], *h = b->nodes[r0->target];
    if (!t || !h)
        return KG_OK;
    if (n > b->scratch_cap) {
        member *m = kg__reallocarray(b->scratch, n, sizeof *m);
        if (!m)
            return KG_ENOMEM;
        b->scratch = m;
        b->scratch_cap = n;
    }
    member *m = b->scratch;
    size_t total = 0;
    unsigned p = (unsigned)r0->polarity < 4 ? (unsigned)r0->polarity : KG_POLARITY_NEUTRAL;
    int one_verb = 1;
    for (size_t k = 0; k < n; k++) {
        const kg_relation *r = kg_dataset_relation(b->ds, rels[k]);
        m[k] = (member){r, support_of(r), rels[k]};
        total += m[k].support;
        unsigned q = (unsigned)r->polarity < 4 ? (unsigned)r->polarity : KG_POLARITY_NEUTRAL;
        if (q != p)
            p = KG_POLARITY_MIXED;
        one_verb &= strcmp(r->relation, r0->relation) == 0;
    }
    Agedge_t *e = agedge(b->g, t, h, NULL, 1);
    if (!e)
        return kg_error__set(KG_EGRAPHVIZ, "Graphviz could not create an edge");
    b->polarity_used[p] = 1;
    b->merged_used = 1;
    if (total > 1)
        b->counts_used = 1;
    kg_buf *buf = &b->buf;
    const kg_entity *s = kg_dataset_entity(b->ds, r0->source);
    const kg_entity *d = kg_dataset_entity(b->ds, r0->target);

    kg_buf__clear(buf);
    if (kg_buf__puts(buf, "r-") || kg_escape__id(buf, s->id) || kg_buf__puts(buf, "--") ||
        kg_escape__id(buf, d->id) || set_unique(b, e, b->e_id))
        return KG_ENOMEM;

    /* classes: every verb once, sorted */
    qsort(m, n, sizeof *m, member_by_verb);
    kg_buf__clear(buf);
    if (kg_buf__puts(buf, "relation merged"))
        return KG_ENOMEM;
    for (size_t k = 0; k < n; k++) {
        if (k && strcmp(m[k].r->relation, m[k - 1].r->relation) == 0)
            continue;
        if (kg_buf__puts(buf, " rel-") || kg_escape__id(buf, m[k].r->relation))
            return KG_ENOMEM;
    }
    if (kg_buf__puts(buf, " polarity-") || kg_buf__puts(buf, polarity_names[p]) ||
        set_unique(b, e, b->e_class))
        return KG_ENOMEM;

    /* label and tooltip: most supported first */
    qsort(m, n, sizeof *m, member_by_support);
    if (b->edge_labels) {
        size_t shown = n <= MERGED_LABEL_VERBS + 1 ? n : MERGED_LABEL_VERBS;
        kg_buf__clear(buf);
        for (size_t k = 0; k < shown; k++) {
            const char *drawn = drawn_text(b, m[k].r->relation);
            if (!drawn || (k && kg_buf__puts(buf, "\\n")) || kg_escape__label(buf, drawn) ||
                (m[k].support > 1 && kg_buf__printf(buf, " (%zu)", m[k].support)))
                return KG_ENOMEM;
        }
        if (shown < n && kg_buf__printf(buf, "\\n+%zu more", n - shown))
            return KG_ENOMEM;
        if (set_unique(b, e, b->e_label))
            return KG_ENOMEM;
    }
    kg_buf__clear(buf);
    if (kg_escape__tooltip(buf, s->label) || kg_buf__puts(buf, " \xE2\x86\x92 ") ||
        kg_escape__tooltip(buf, d->label) || kg_buf__printf(buf, ": %zu relations", n))
        return KG_ENOMEM;
    for (size_t k = 0; k < n; k++) {
        if (kg_buf__puts(buf, KG_TOOLTIP_NEWLINE) || relation_tooltip(b, m[k].r))
            return KG_ENOMEM;
    }
    if (set_unique(b, e, b->e_tooltip))
        return KG_ENOMEM;

    apply_look(e, &b->polarity[p]);
    /* every relation of a symmetric verb of the vocabulary: no arrowheads, as for one */
    int symmetric = 1;
    for (size_t k = 0; k < n && symmetric; k++)
        symmetric = kg_dataset_relation_symmetric(b->ds, m[k].r);
    if (symmetric) {
        kg_buf__clear(buf);
        if (kg_buf__puts(buf, "none") || set_shared(b, e, b->edge_style[EDGE_STYLE_DIR]))
            return KG_ENOMEM;
    }
    const char *base = b->polarity[p].penwidth;
    if (one_verb) {
        look *verb = look_get(b, &b->verbs, KG_STYLE_RELATION, r0->relation);
        if (!verb)
            return KG_ENOMEM;
        apply_look(e, verb);
        if (verb->penwidth)
            base = verb->penwidth;
    }
    return set_penwidth(b, e, base, total);
}

/* The drawn edges: relations grouped so that each group is one edge. */
typedef struct edge_groups {
    size_t *members; /* relation indices, each group's contiguous */
    size_t *first;   /* group g is members[first[g] .. first[g + 1]) */
    size_t count;    /* groups */
} edge_groups;

static void edge_groups_free(edge_groups *g)
{
    kg_free(g->members);
    kg_free(g->first);
    memset(g, 0, sizeof *g);
}

/* Groups the drawn relations by_tail[0..n) (grouped by source entity, as
 * kg_graph_build sorts them) into edges: with each_relation one group per relation,
 * else one group per (source, target) pair, groups numbered in order of first
 * appearance within each source and relations kept in their order. One linear pass
 * with a per-target stamp (no hashing, no sort). Takes over by_tail (freed or kept in
 * out->members). Returns KG_OK or KG_ENOMEM (by_tail freed, *out empty). */
static int group_relations(edge_groups *out, size_t *by_tail, size_t n, const kg_dataset *ds,
                           size_t n_entities, int each_relation)
{
    memset(out, 0, sizeof *out);
    out->first = kg__malloc((n + 1) * sizeof *out->first);
    if (!out->first) {
        kg_free(by_tail);
        return KG_ENOMEM;
    }
    if (each_relation) {
        for (size_t k = 0; k <= n; k++)
            out->first[k] = k;
        out->members = by_tail;
        out->count = n;
        return KG_OK;
    }
    size_t *group_of = kg__malloc((n ? n : 1) * sizeof *group_of);
    size_t *stamp = kg__calloc(n_entities ? n_entities : 1, sizeof *stamp);
    size_t *slot = kg__malloc((n_entities ? n_entities : 1) * sizeof *slot);
    size_t *members = kg__malloc((n ? n : 1) * sizeof *members);
    if (!group_of || !stamp || !slot || !members) {
        kg_free(group_of);
        kg_free(stamp);
        kg_free(slot);
        kg_free(members);
        kg_free(by_tail);
        edge_groups_free(out);
        return KG_ENOMEM;
    }
    size_t groups = 0;
    for (size_t k = 0; k < n; k++) {
        const kg_relation *r = kg_dataset_relation(ds, by_tail[k]);
        if (stamp[r->target] != r->source + 1) {
            stamp[r->target] = r->source + 1;
            slot[r->target] = groups;
            out->first[groups++] = 0;
        }
        group_of[k] = slot[r->target];
        out->first[group_of[k]]++;
    }
    /* sizes to starts, then place each relation (stable) */
    size_t at = 0;
    for (size_t g = 0; g < groups; g++) {
        size_t size = out->first[g];
        out->first[g] = at;
        at += size;
    }
    out->first[groups] = n;
    for (size_t k = 0; k < n; k++)
        members[out->first[group_of[k]]++] = by_tail[k];
    for (size_t g = groups; g > 0; g--) /* the increments moved each start to the next */
        out->first[g] = out->first[g - 1];
    out->first[0] = 0;
    kg_free(group_of);
    kg_free(stamp);
    kg_free(slot);
    kg_free(by_tail);
    out->members = members;
    out->count = groups;
    return KG_OK;
}

/* kg_cg_ends_fn over edge groups: group i's source and target entities. */
typedef struct group_ctx {
    const kg_dataset *ds;
    const edge_groups *groups;
} group_ctx;

static void group_ends(const void *ctx, size_t i, size_t *tail, size_t *head)
{
    const group_ctx *c = ctx;
    const kg_relation *r = kg_dataset_relation(c->ds, c->groups->members[c->groups->first[i]]);
    *tail = r->source;
    *head = r->target;
}


/* Relations are visited in block order, so their records, citations and strings are
 * scattered in memory: fetch what relation order[k + distance] will need ahead of time,
 * in three steps (each step's pointers were fetched by the previous one). */
#if defined(__GNUC__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)(p))
#endif

static void prefetch_relation(const builder *b, const size_t *order, size_t count, size_t k)
{
    const kg_dataset *ds = b->ds;
    if (k + 16 < count)
        PREFETCH(kg_dataset_relation(ds, order[k + 16]));
    if (k + 8 < count) {
        const kg_relation *r = kg_dataset_relation(ds, order[k + 8]);
        PREFETCH(kg_dataset_citation(ds, r->first_citation));
        PREFETCH(kg_dataset_entity(ds, r->target));
        PREFETCH(&b->nodes[r->target]);
    }
    if (k + 4 < count) {
        const kg_relation *r = kg_dataset_relation(ds, order[k + 4]);
        const kg_citation *ci = kg_dataset_citation(ds, r->first_citation);
        const kg_entity *t = kg_dataset_entity(ds, r->target);
        if (ci) {
            PREFETCH(ci->quote);
            if (ci->source != KG_NONE)
                PREFETCH(kg_dataset_source(ds, ci->source));
        }
        PREFETCH(t->id);
        PREFETCH(t->label);
        PREFETCH(b->nodes[r->target]);
    }
}

/* ---- legend ----------------------------------------------------------------------- */

/* Creates a legend node named after `base` in subgraph sub, avoiding names taken by
 * entities (ids are free text). Returns the node or NULL. */
static Agnode_t *legend_node(builder *b, Agraph_t *sub, const char *base)
{
    char name[96];
    snprintf(name, sizeof name, "%s", base);
    for (unsigned k = 2; agnode(b->g, name, 0); k++)
        snprintf(name, sizeof name, "%s~%u", base, k);
    return agnode(sub, name, 1);
}

/* Adds an invisible edge a -> b that keeps the legend compact. */
static int legend_chain(builder *b, Agraph_t *sub, Agnode_t *from, Agnode_t *to, size_t k)
{
    Agedge_t *e = agedge(sub, from, to, NULL, 1);
    if (!e)
        return KG_EGRAPHVIZ;
    char id[48];
    snprintf(id, sizeof id, "legend-chain-%zu", k);
    agxset(e, b->e_id, id);
    agxset(e, b->edge_style[0], cg("invis"));
    agxset(e, b->e_class, cg("legend"));
    return KG_OK;
}

/* Builds the legend cluster: one node per entity type drawn (in order of first use; past
 * KG_LEGEND_MAX_TYPES, one node "+N more types" for the rest) and one short edge per
 * polarity drawn. Returns KG_OK, KG_ENOMEM or KG_EGRAPHVIZ. */
static int add_legend(builder *b)
{
    if (!b->types_used)
        return KG_OK;
    Agraph_t *sub = agsubg(b->g, cg("cluster_legend"), 1);
    if (!sub)
        return KG_EGRAPHVIZ;
    agxset(sub, b->gs.id, cg("legend-frame"));
    agxset(sub, b->gs.label, cg("Legend"));
    agxset(sub, b->gs.fontsize, cg("12"));
    agxset(sub, b->gs.labeljust, cg("l"));
    agxset(sub, b->gs.style, cg("rounded"));
    agxset(sub, b->gs.color, cg("#9e9e9e"));

    const look **order = kg__calloc(b->types_used, sizeof *order);
    if (!order)
        return KG_ENOMEM;
    for (size_t i = 0; i < b->types.count; i++)
        if (b->types.looks[i].used)
            order[b->types.looks[i].first_use] = &b->types.looks[i];
    int rc = KG_OK;
    kg_buf *buf = &b->buf;
    Agnode_t *prev = NULL;
    size_t chain = 0;
    size_t shown = b->types_used < KG_LEGEND_MAX_TYPES ? b->types_used : KG_LEGEND_MAX_TYPES;
    for (size_t i = 0; i < shown && rc == KG_OK; i++) {
        const look *l = order[i];
        kg_buf__clear(buf);
        if (kg_buf__puts(buf, "legend:type:") || kg_buf__puts(buf, l->name[0] ? "" : "-") ||
            kg_escape__id(buf, l->name)) {
            rc = KG_ENOMEM;
            break;
        }
        buf->len = buf->len < 80 ? buf->len : 80;
        buf->data[buf->len] = '\0';
        Agnode_t *n = legend_node(b, sub, kg_buf__str(buf));
        if (!n) {
            rc = KG_EGRAPHVIZ;
            break;
        }
        kg_buf__clear(buf);
        if (l->name[0] ? kg_buf__puts(buf, "legend-type-") || kg_escape__id(buf, l->name)
                       : kg_buf__puts(buf, "legend-untyped")) {
            rc = KG_ENOMEM;
            break;
        }
        set_buf(n, b->n_id, buf);
        kg_buf__clear(buf);
        const char *drawn = l->name[0] ? drawn_text(b, l->name) : "(no type)";
        if (!drawn || kg_escape__label(buf, drawn)) {
            rc = KG_ENOMEM;
            break;
        }
        set_buf(n, b->n_label, buf);
        agxset(n, b->n_class, cg("legend"));
        agxset(n, b->n_fontsize, cg("10"));
        apply_look(n, l);
        if (prev)
            rc = legend_chain(b, sub, prev, n, chain++);
        prev = n;
    }
    kg_free(order);
    if (rc == KG_OK && shown < b->types_used) {
        /* the legend grows no further with the data: one node says what is left out */
        Agnode_t *n = legend_node(b, sub, "legend:type:more");
        char text[64];
        if (!n)
            return KG_EGRAPHVIZ;
        agxset(n, b->n_id, cg("legend-type-more"));
        snprintf(text, sizeof text, "+%zu more types", b->types_used - shown);
        agxset(n, b->n_label, text);
        agxset(n, b->n_class, cg("legend"));
        agxset(n, b->n_fontsize, cg("10"));
        agxset(n, b->node_style[0], cg("plaintext"));
        if (prev)
            rc = legend_chain(b, sub, prev, n, chain++);
        prev = n;
    }

    for (size_t i = 0; i < 4 && rc == KG_OK; i++) {
        kg_polarity p = legend_polarities[i];
        if (!b->polarity_used[p])
            continue;
        char name[64];
        snprintf(name, sizeof name, "legend:polarity:%s:from", polarity_names[p]);
        Agnode_t *from = legend_node(b, sub, name);
        snprintf(name, sizeof name, "legend:polarity:%s:to", polarity_names[p]);
        Agnode_t *to = legend_node(b, sub, name);
        Agedge_t *e = from && to ? agedge(sub, from, to, NULL, 1) : NULL;
        if (!e) {
            rc = KG_EGRAPHVIZ;
            break;
        }
        /* a short arrow from a point to the polarity's name: no edge label, so the
         * legend's own layout may keep the two on one rank (render/legend.c) */
        snprintf(name, sizeof name, "legend-polarity-%s-from", polarity_names[p]);
        agxset(from, b->n_id, name);
        agxset(from, b->n_label, cg(""));
        agxset(from, b->n_class, cg("legend"));
        agxset(from, b->node_style[0], cg("point"));
        agxset(from, b->node_style[8], cg("0.05"));
        agxset(from, b->node_style[9], cg("0.05"));
        agxset(from, b->node_style[2], cg("#9e9e9e"));
        snprintf(name, sizeof name, "legend-polarity-%s-to", polarity_names[p]);
        agxset(to, b->n_id, name);
        agxset(to, b->n_label, cg(polarity_names[p]));
        agxset(to, b->n_class, cg("legend"));
        agxset(to, b->n_fontsize, cg("10"));
        agxset(to, b->node_style[0], cg("plaintext"));
        agxset(to, b->node_style[1], cg("solid"));
        agxset(to, b->node_style[7], cg("0"));
        agxset(to, b->node_style[8], cg("0.3"));
        agxset(to, b->node_style[9], cg("0.3"));
        snprintf(name, sizeof name, "legend-polarity-%s", polarity_names[p]);
        agxset(e, b->e_id, name);
        snprintf(name, sizeof name, "legend polarity-%s", polarity_names[p]);
        agxset(e, b->e_class, name);
        apply_look(e, &b->polarity[p]);
        if (b->polarity[p].penwidth)
            agxset(e, b->e_penwidth, cg(b->polarity[p].penwidth));
        if (prev)
            rc = legend_chain(b, sub, prev, from, chain++);
        prev = to;
    }
    /* what the picture's conventions mean, only those it uses */
    static const struct {
        const char *id, *text;
    } notes[] = {
        {"legend-note-counts", "(n): documents citing\\nline width: citations"},
        {"legend-note-merged", "one line may carry\\nseveral relations (+N more)"},
    };
    for (size_t i = 0; i < 2 && rc == KG_OK; i++) {
        if (!(i == 0 ? b->counts_used : b->merged_used))
            continue;
        Agnode_t *n = legend_node(b, sub, notes[i].id);
        if (!n)
            return KG_EGRAPHVIZ;
        agxset(n, b->n_id, cg(notes[i].id));
        agxset(n, b->n_label, cg(notes[i].text));
        agxset(n, b->n_class, cg("legend"));
        agxset(n, b->n_fontsize, cg("10"));
        agxset(n, b->node_style[0], cg("plaintext"));
        agxset(n, b->node_style[1], cg("solid"));
        agxset(n, b->node_style[7], cg("0"));
        if (prev)
            rc = legend_chain(b, sub, prev, n, chain++);
        prev = n;
    }
    return rc;
}

/* ---- clusters by type ------------------------------------------------------------- */

/* Puts every drawn entity with a type into the cluster of its type (created in order of
 * first use). A type's cluster is found through its look (a hash table) and its first
 * use, so this is linear in the entities (a scan of the clusters made 60,000 entities of
 * as many types take 20 s). Returns KG_OK, KG_ENOMEM or KG_EGRAPHVIZ. */
static int add_type_clusters(builder *b)
{
    size_t n = kg_dataset_entity_count(b->ds), n_clusters = 0;
    Agraph_t **subs = kg__calloc(b->types_used ? b->types_used : 1, sizeof *subs);
    if (!subs)
        return KG_ENOMEM;
    int rc = KG_OK;
    kg_buf *buf = &b->buf;

    for (size_t i = 0; i < n && rc == KG_OK; i++) {
        const kg_entity *e = kg_dataset_entity(b->ds, i);
        if (!b->nodes[i] || !e->type[0])
            continue;
        look *l = look_get(b, &b->types, KG_STYLE_TYPE, e->type);
        if (!l || l->first_use >= b->types_used) {
            rc = KG_ENOMEM; /* every drawn type has a look already: cannot happen */
            break;
        }
        Agraph_t *sub = subs[l->first_use];
        if (!sub) {
            char name[48];
            snprintf(name, sizeof name, "cluster_type_%zu", n_clusters++);
            sub = subs[l->first_use] = agsubg(b->g, name, 1);
            if (!sub) {
                rc = KG_EGRAPHVIZ;
                break;
            }
            kg_buf__clear(buf);
            if (kg_buf__puts(buf, "cluster-type-") || kg_escape__id(buf, e->type)) {
                rc = KG_ENOMEM;
                break;
            }
            set_buf(sub, b->gs.id, buf);
            kg_buf__clear(buf);
            const char *drawn = drawn_text(b, e->type);
            if (!drawn || kg_escape__label(buf, drawn)) {
                rc = KG_ENOMEM;
                break;
            }
            set_buf(sub, b->gs.label, buf);
            agxset(sub, b->gs.fontsize, cg("12"));
            agxset(sub, b->gs.labeljust, cg("l"));
            agxset(sub, b->gs.style, cg("rounded,dashed"));
            agxset(sub, b->gs.color, cg("#bdbdbd"));
        }
        if (!agsubnode(sub, b->nodes[i], 1))
            rc = KG_EGRAPHVIZ;
    }
    kg_free(subs);
    return rc;
}

int kg_link_prefix_check(const char *prefix)
{
    int ok = prefix[0] && prefix[0] != '/' && !strstr(prefix, "..");
    for (const char *p = prefix[0] == '#' ? prefix + 1 : prefix; ok && *p; p++)
        ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
             *p == '-' || *p == '_' || *p == '.' || (*p == '/' && prefix[0] != '#');
    if (ok)
        return KG_OK;
    return kg_error__set(KG_EUSAGE, "link prefix '%s': only '#' followed by letters, digits, "
                        "'-', '_' and '.', or a relative path of those and '/'", prefix);
}

/* ---- the build -------------------------------------------------------------------- */

static void builder_free(builder *b)
{
    kg_buf__free(&b->buf);
    kg_buf__free(&b->text);
    kg_buf__free(&b->wrap);
    kg_free(b->nodes);
    kg_free(b->scratch);
    look_table_free(&b->types);
    look_table_free(&b->verbs);
    for (int p = 0; p < 4; p++)
        kg_free(b->polarity[p].items);
}

int kg_graph_build(Agraph_t **out, const kg_dataset *ds, const kg_graph_options *opts,
                   kg_diagnostics *diags)
{
    kg_graph_options defaults;
    kg_style *own_style = NULL;
    size_t *order = NULL, *starts = NULL, *firsts = NULL;
    edge_groups groups = {0};
    builder b;
    int rc = KG_OK;
    memset(&b, 0, sizeof b);
    *out = NULL;
    if (!ds)
        return kg_error__set(KG_EUSAGE, "no dataset to build a graph from");
    if (!opts) {
        kg_graph_options_init(&defaults);
        opts = &defaults;
    }
    if (opts->entity_link_prefix && (rc = kg_link_prefix_check(opts->entity_link_prefix)) != KG_OK)
        return rc;
    b.ds = ds;
    b.diags = diags;
    b.link_prefix = opts->entity_link_prefix;
    b.style = opts->style;
    if (!b.style) {
        if ((rc = kg_style_new(&own_style)) != KG_OK)
            goto cleanup;
        b.style = own_style;
    }
    size_t n_entities = kg_dataset_entity_count(ds);
    size_t n_relations = kg_dataset_relation_count(ds);
    b.nodes = kg__calloc(n_entities ? n_entities : 1, sizeof *b.nodes);
    if (!b.nodes) {
        rc = kg_error__set(KG_ENOMEM, "out of memory building the graph");
        goto cleanup;
    }

    const char *name = opts->name && opts->name[0] ? opts->name : "kgraph";
    b.g = agopen(cg(name), Agdirected, &kg_cg__disc);
    if (!b.g) {
        rc = kg_error__set(KG_EGRAPHVIZ, "Graphviz could not create the graph");
        goto cleanup;
    }
    if (kg_cg__strings_new(&b.strings, b.g) != KG_OK) {
        rc = kg_error__set(KG_ENOMEM, "out of memory building the graph");
        goto cleanup;
    }
    graph_record *rec =
        (graph_record *)agbindrec(b.g, graph_record_name, sizeof(graph_record), 0);
    if (!rec) {
        rc = kg_error__set(KG_EGRAPHVIZ, "Graphviz could not create the graph");
        goto cleanup;
    }
    rec->strings = b.strings; /* kg_graph_free frees it once b.g is handed out */
    if ((rc = declare_all(&b)) != KG_OK) {
        kg_error__set(rc, "Graphviz could not declare the graph's attributes");
        goto cleanup;
    }
    for (int p = 0; p < 4; p++) {
        if (resolve_look(&b.polarity[p], b.style, KG_STYLE_POLARITY, polarity_names[p],
                         edge_style_attrs, b.edge_style, N_EDGE_STYLE, 1, 1) != KG_OK ||
            intern_look(&b, &b.polarity[p]) != KG_OK) {
            rc = kg_error__set(KG_ENOMEM, "out of memory building the graph");
            goto cleanup;
        }
    }

    size_t drawn_nodes = 0;
    for (size_t i = 0; i < n_entities; i++) {
        if (opts->entity_mask && !opts->entity_mask[i])
            continue;
        if ((rc = add_entity(&b, i)) != KG_OK)
            goto fail;
        drawn_nodes++;
    }
    /* The drawn relations (in the relation mask, both ends drawn) are picked first with a
     * scan of the mask, so that a small view of a large dataset (a report's focused
     * diagram) sorts and walks only its own relations. They are created grouped by tail
     * (a stable counting sort by source entity), then in the order this Graphviz creates
     * them fastest (kg_cg__edge_order). cgraph keeps each node's out-edges ordered by head
     * and, between the same two nodes, by creation, so neither order shows in the graph,
     * its DOT or its layouts. */
    size_t drawn_edges = 0;
    order = kg__malloc((n_relations ? n_relations : 1) * sizeof *order);
    starts = kg__calloc(n_entities + 1, sizeof *starts);
    if (!order || !starts) {
        rc = KG_ENOMEM;
        goto fail;
    }
    for (size_t i = 0; i < n_relations; i++) {
        if (opts->relation_mask && !opts->relation_mask[i])
            continue;
        const kg_relation *r = kg_dataset_relation(ds, i);
        if (b.nodes[r->source] && b.nodes[r->target]) {
            starts[r->source + 1]++;
            order[drawn_edges++] = i; /* by index for now */
        }
    }
    for (size_t k = 0; k < n_entities; k++)
        starts[k + 1] += starts[k];
    {
        size_t *by_tail = kg__malloc((drawn_edges ? drawn_edges : 1) * sizeof *by_tail);
        if (!by_tail) {
            rc = KG_ENOMEM;
            goto fail;
        }
        for (size_t k = 0; k < drawn_edges; k++)
            by_tail[starts[kg_dataset_relation(ds, order[k])->source]++] = order[k];
        kg_free(order);
        order = NULL;
        if ((rc = group_relations(&groups, by_tail, drawn_edges, ds, n_entities,
                                  opts->each_relation)) != KG_OK)
            goto fail;
    }
    group_ctx gctx = {ds, &groups};
    order = kg__malloc((groups.count ? groups.count : 1) * sizeof *order);
    if (!order) {
        rc = KG_ENOMEM;
        goto fail;
    }
    for (size_t g = 0; g < groups.count; g++)
        order[g] = g;
    if ((rc = kg_cg__edge_order(&order, groups.count, n_entities, group_ends, &gctx)) != KG_OK)
        goto fail;
    /* Edge labels only up to KG_EDGE_LABELS_MAX drawn edges (render.h), unless asked for */
    b.edge_labels = opts->all_edge_labels || groups.count <= KG_EDGE_LABELS_MAX;
    if (!b.edge_labels)
        kg_diagnostics_add(diags, KG_SEVERITY_NOTE, NULL, 0,
                           "%zu edges drawn: edges carry no labels past %d (each "
                           "relation is in its edge's tooltip)", groups.count,
                           KG_EDGE_LABELS_MAX);
    if (opts->each_relation) {
        /* one relation per edge: order[] is a relation order for the prefetch */
        for (size_t k = 0; k < groups.count; k++)
            order[k] = groups.members[order[k]];
        for (size_t k = 0; k < groups.count; k++) {
            prefetch_relation(&b, order, groups.count, k);
            if ((rc = add_relation(&b, order[k])) != KG_OK)
                goto fail;
        }
    } else {
        /* each group's first relation, in creation order, for the prefetch */
        firsts = kg__malloc((groups.count ? groups.count : 1) * sizeof *firsts);
        if (!firsts) {
            rc = KG_ENOMEM;
            goto fail;
        }
        for (size_t k = 0; k < groups.count; k++)
            firsts[k] = groups.members[groups.first[order[k]]];
        for (size_t k = 0; k < groups.count; k++) {
            prefetch_relation(&b, firsts, groups.count, k);
            size_t g = order[k], size = groups.first[g + 1] - groups.first[g];
            const size_t *rels = groups.members + groups.first[g];
            if ((rc = size == 1 ? add_relation(&b, rels[0]) : add_merged(&b, rels, size)) != KG_OK)
                goto fail;
        }
    }
    if (opts->cluster_by_type && (rc = add_type_clusters(&b)) != KG_OK)
        goto fail;
    if (opts->legend && (rc = add_legend(&b)) != KG_OK)
        goto fail;

    /* Title and root id last: a root id set before subgraphs exist is copied to them.
     * A picture of no entity says so in the title's place rather than being blank. */
    int titled = opts->title && opts->title[0];
    if (titled || !drawn_nodes) {
        kg_buf__clear(&b.buf);
        if ((titled && kg_escape__label(&b.buf, opts->title)) ||
            (!drawn_nodes && kg_buf__puts(&b.buf, titled ? " (no entities)" : "no entities"))) {
            rc = KG_ENOMEM;
            goto fail;
        }
        set_buf(b.g, b.gs.label, &b.buf);
    }
    kg_buf__clear(&b.buf);
    if (kg_buf__puts(&b.buf, "graph-") || kg_escape__id(&b.buf, name)) {
        rc = KG_ENOMEM;
        goto fail;
    }
    set_buf(b.g, b.gs.id, &b.buf);
    *out = b.g;
    b.g = NULL;
    b.strings = NULL;
    goto cleanup;

fail:
    if (rc == KG_ENOMEM)
        kg_error__set(rc, "out of memory building the graph");
cleanup:
    if (b.g)
        agclose(b.g);
    kg_cg__strings_free(b.strings); /* after agclose: the graph's values live in it */
    builder_free(&b);
    kg_style_free(own_style);
    kg_free(order);
    kg_free(starts);
    kg_free(firsts);
    edge_groups_free(&groups);
    return rc;
}
