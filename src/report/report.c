/* report.c: kgraph report: a dataset as one self-contained HTML file or GitHub Markdown. */
#define _GNU_SOURCE /* renameat2 */
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kgraph/graph.h"
#include "kgraph/output.h"
#include "kgraph/render.h"
#include "kgraph/report.h"
#include "kgraph/stats.h"
#include "kgraph/svg.h"
#include "kgraph/view.h"
#include "base/base_internal.h"
#include "graph/graph_internal.h"

/* The overview prefers fdp up to this many nodes: it fills a page more evenly than dot's
 * long ranks (69 entities: 2080 x 1746 pt against dot's 3000 x 3011); focused diagrams
 * prefer dot. Either only within that engine's limits: kg_engine_choose decides. */
#define OVERVIEW_FDP_MAX_NODES 300

void kg_report_options_init(kg_report_options *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->format = KG_REPORT_HTML;
    opts->diagram_budget = KG_REPORT_DIAGRAM_BUDGET;
}

int kg_report_format_parse(kg_report_format *out, const char *name)
{
    if (name && (strcmp(name, "html") == 0 || strcmp(name, "htm") == 0)) {
        *out = KG_REPORT_HTML;
        return KG_OK;
    }
    if (name && (strcmp(name, "md") == 0 || strcmp(name, "markdown") == 0)) {
        *out = KG_REPORT_MARKDOWN;
        return KG_OK;
    }
    return kg_error__set(KG_EUSAGE, "unknown report format '%s' (html or md)", name ? name : "");
}

int kg_report_format_from_path(kg_report_format *out, const char *path)
{
    const char *slash = strrchr(path, '/'), *dot = strrchr(path, '.');
    if (!dot || (slash && dot < slash))
        return kg_error__set(KG_EUSAGE, "cannot tell the report format of '%s' (name it .html "
                            "or .md, or give -T)", path);
    if (kg_report_format_parse(out, dot + 1) != KG_OK)
        return kg_error__set(KG_EUSAGE, "unknown report format '%s' of '%s' (.html or .md)",
                            dot + 1, path);
    return KG_OK;
}

/* ---- text escaping ------------------------------------------------------------------ */

/* Appends text to b: each well-formed multi-byte UTF-8 sequence as it is, each invalid
 * byte as U+FFFD, and each ASCII byte through put_ascii (the escaping of one format).
 * Returns KG_OK or KG_ENOMEM. */
static int put_escaped(kg_buf *b, const char *text, int (*put_ascii)(kg_buf *, unsigned char))
{
    const unsigned char *s = (const unsigned char *)text;
    size_t n = strlen(text);
    for (size_t i = 0; i < n;) {
        int rc;
        if (s[i] >= 0x80) {
            size_t len = kg_utf8__sequence(s + i, n - i);
            rc = len ? kg_buf__append(b, text + i, len) : kg_buf__puts(b, "\xEF\xBF\xBD");
            i += len ? len : 1;
        } else {
            rc = put_ascii(b, s[i++]);
        }
        if (rc)
            return KG_ENOMEM;
    }
    return KG_OK;
}

/* A Markdown paragraph or table cell: every ASCII punctuation character that Markdown or
 * GFM gives a meaning (\ ` * _ { } [ ] < > ( ) # + - . ! | ~ &; : and quotes are fine)
 * backslash-escaped, line breaks and other control characters as spaces. */
static int put_md_ascii(kg_buf *b, unsigned char c)
{
    if (c < 0x20 || c == 0x7F)
        return kg_buf__putc(b, ' ');
    if (strchr("\\`*_{}[]<>()#+-.!|~&", c) && kg_buf__putc(b, '\\'))
        return KG_ENOMEM;
    return kg_buf__putc(b, (char)c);
}

/* Appends text escaped for HTML (kg_escape__html) / for Markdown (put_md_ascii), invalid
 * UTF-8 as U+FFFD. */
static int put_html(kg_buf *b, const char *text)
{
    return kg_escape__html(b, text);
}

static int put_md(kg_buf *b, const char *text)
{
    return put_escaped(b, text, put_md_ascii);
}

/* ---- the report being written --------------------------------------------------------- */

typedef struct report {
    const kg_dataset *ds;
    const kg_report_options *opts;
    int md;
    kg_buf out;                 /* the whole document */
    kg_buf tmp;
    kg_diagnostics *diags;
    unsigned char *emask, *rmask; /* the view, closed */
    kg_stats *stats;            /* of the view (kgraph/stats.h) */
    size_t documents;           /* distinct non-empty docs cited in the view */
    char *overview;             /* diagrams: overview, and per entity (NULL: none) */
    char **focus;
    char **names;               /* per entity: its bounded, unique name (make_names) */
    /* per entity, the view's relations it takes part in (inc), and those of them it owns
     * (own: the end of lower rank by degree, then index, owns a relation), each list in
     * relation order: CSR, entity i's from *_start[i] to *_start[i + 1] (build_incidence) */
    size_t *inc_start, *inc, *own_start, *own;
    /* focused diagrams: their masks (all zero between diagrams), what was marked in them,
     * the budget of drawn nodes and edges, and which entities got no diagram by it */
    unsigned char *fe, *fr;
    size_t *f_nodes, *f_rels, f_n, f_m; /* marked: f_n entities, f_m relations */
    size_t budget, budget_used, left_out;
    unsigned char *no_diagram;
    const char *files_dir;      /* Markdown: the directory name as linked ("r_files") */
    const char **slugs;         /* Markdown: heading anchors per entity (in headings) */
    char **headings;            /* every slug handed out, for duplicates */
    size_t n_headings, cap_headings;
} report;

#define PUT(s) do { if (kg_buf__puts(&r->out, (s))) goto oom; } while (0)
#define PRINTF(...) do { if (kg_buf__printf(&r->out, __VA_ARGS__)) goto oom; } while (0)
#define TEXT(s) do { if ((r->md ? put_md : put_html)(&r->out, (s))) goto oom; } while (0)
#define ID(s) do { if (kg_escape__id(&r->out, (s))) goto oom; } while (0)

/* Nonzero when relation i is in the view. */
static int in_view(const report *r, size_t i)
{
    return r->rmask[i] != 0;
}

/* ---- Markdown heading anchors (as GitHub makes them) ------------------------------------ */

/* Makes the anchor GitHub gives a heading of text: lower case, ASCII punctuation and the
 * Unicode punctuation of U+00A1..U+00BF, U+00D7, U+00F7 and U+2010..U+206F removed,
 * spaces as '-', and "-1", "-2"... for repeats. Returns the slug (owned by r), NULL out
 * of memory. */
static const char *slug_register(report *r, const char *text)
{
    kg_buf b = KG_BUF_INIT;
    const unsigned char *s = (const unsigned char *)text;
    size_t n = strlen(text);
    for (size_t i = 0; i < n;) {
        unsigned char c = s[i];
        int rc = KG_OK;
        if (c >= 0x80) {
            size_t len = kg_utf8__sequence(s + i, n - i);
            if (!len) {
                i++;
                continue;
            }
            unsigned cp = len == 2   ? ((c & 0x1Fu) << 6) | (s[i + 1] & 0x3Fu)
                          : len == 3 ? ((c & 0x0Fu) << 12) | ((s[i + 1] & 0x3Fu) << 6) |
                                           (s[i + 2] & 0x3Fu)
                                     : 0x10000;
            int punct = (cp >= 0xA1 && cp <= 0xBF) || cp == 0xD7 || cp == 0xF7 ||
                        (cp >= 0x2010 && cp <= 0x206F);
            if (!punct)
                rc = kg_buf__append(&b, text + i, len);
            i += len;
        } else {
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')
                rc = kg_buf__putc(&b, (char)c);
            else if (c >= 'A' && c <= 'Z')
                rc = kg_buf__putc(&b, (char)(c - 'A' + 'a'));
            else if (c == ' ')
                rc = kg_buf__putc(&b, '-');
            i++;
        }
        if (rc) {
            kg_buf__free(&b);
            return NULL;
        }
    }
    size_t base = b.len;
    for (unsigned k = 1;; k++) {
        size_t j = 0;
        const char *cand = kg_buf__str(&b);
        while (j < r->n_headings && strcmp(r->headings[j], cand) != 0)
            j++;
        if (j == r->n_headings)
            break;
        b.len = base;
        if (kg_buf__printf(&b, "-%u", k)) {
            kg_buf__free(&b);
            return NULL;
        }
    }
    char *slug = kg__strdup(kg_buf__str(&b));
    kg_buf__free(&b);
    if (!slug || kg_array__grow(&r->headings, &r->cap_headings, r->n_headings, sizeof *r->headings)) {
        kg_free(slug);
        return NULL;
    }
    r->headings[r->n_headings++] = slug;
    return slug;
}

/* ---- names derived from ids (file names, links, element ids) ----------------------------- */

/* A name and its entity, for sorting. */
typedef struct named_entity {
    char *name; /* r->names[entity], until renamed */
    size_t entity;
} named_entity;

/* Orders by name, then entity index. */
static int compare_named_entities(const void *a, const void *b)
{
    const named_entity *x = a, *y = b;
    int cmp = strcmp(x->name, y->name);
    if (cmp)
        return cmp;
    return x->entity < y->entity ? -1 : x->entity > y->entity;
}

/* Makes r->names: for each entity, the one name every file name, link and element id
 * derived from its id uses (entity-NAME.svg and its Markdown link, the HTML zoom toggle,
 * the diagram's id prefix). NAME is ENC(id) (kgraph/graph.h) when that has at most
 * KG_REPORT_NAME_MAX bytes; else the longest prefix of whole characters of the id whose
 * ENC fits in KG_REPORT_NAME_MAX - 17 bytes, then '-' and the 16 hex digits of a 64-bit
 * FNV-1a hash of the whole id. ENC never holds '-', so a cut name never equals a whole one;
 * should two cut names still be equal, the later ones (entity order) get "-2", "-3"...
 * Returns KG_OK or KG_ENOMEM. */
static int make_names(report *r)
{
    size_t n = kg_dataset_entity_count(r->ds), n_cut = 0;
    size_t *cut = NULL;
    kg_buf b = KG_BUF_INIT;
    if (!(r->names = kg__calloc(n ? n : 1, sizeof *r->names)) ||
        !(cut = kg__malloc((n ? n : 1) * sizeof *cut)))
        goto oom;
    for (size_t i = 0; i < n; i++) {
        const char *id = kg_dataset_entity(r->ds, i)->id;
        kg_buf__clear(&b);
        if (kg_id_encode(NULL, 0, id) <= KG_REPORT_NAME_MAX) {
            if (kg_escape__id(&b, id))
                goto oom;
        } else {
            const unsigned char *u = (const unsigned char *)id;
            size_t len = strlen(id), used = 0, at = 0;
            while (at < len) {
                size_t unit = u[at] < 0x80 ? 1 : kg_utf8__sequence(u + at, len - at);
                if (!unit)
                    unit = 1;
                size_t cost = unit == 1 && ((u[at] >= '0' && u[at] <= '9') || u[at] == '_' ||
                                            (unsigned)((u[at] | 0x20) - 'a') < 26u)
                                  ? 1
                                  : 3 * unit;
                if (used + cost > KG_REPORT_NAME_MAX - 17)
                    break;
                used += cost;
                at += unit;
            }
            char *prefix = kg__strndup(id, at);
            int failed = !prefix || kg_escape__id(&b, prefix) ||
                         kg_buf__printf(&b, "-%016llx", (unsigned long long)kg_hash__fnv1a64(id));
            kg_free(prefix);
            if (failed)
                goto oom;
            cut[n_cut++] = i;
        }
        if (!(r->names[i] = kg__strdup(kg_buf__str(&b))))
            goto oom;
    }
    /* equal cut names (a 64-bit hash collision): number the later ones, in entity order */
    if (n_cut > 1) {
        named_entity *order = kg__malloc(n_cut * sizeof *order);
        if (!order)
            goto oom;
        for (size_t k = 0; k < n_cut; k++)
            order[k] = (named_entity){r->names[cut[k]], cut[k]};
        qsort(order, n_cut, sizeof *order, compare_named_entities);
        for (size_t k = 1, run = 1; k < n_cut; k++) {
            run = strcmp(order[k].name, order[k - 1].name) == 0 ? run + 1 : 1;
            if (run == 1)
                continue;
            kg_buf__clear(&b);
            char *renamed = kg_buf__printf(&b, "%s-%zu", order[k].name, run) ? NULL
                                                                            : kg__strdup(kg_buf__str(&b));
            if (!renamed) {
                kg_free(order);
                goto oom;
            }
            r->names[order[k].entity] = renamed; /* the old string stays in order[k] */
            kg_free(order[k].name);
            order[k].name = order[k - 1].name; /* the run goes on comparing the original */
        }
        kg_free(order);
    }
    kg_buf__free(&b);
    kg_free(cut);
    return KG_OK;
oom:
    kg_buf__free(&b);
    kg_free(cut);
    return KG_ENOMEM;
}

/* ---- diagrams -------------------------------------------------------------------------- */

/* Renders the view given by the masks as SVG into *svg (kg_free), embedded as the format
 * needs: HTML a fragment with ids prefixed by prefix and nodes linking to sections;
 * Markdown a whole SVG file. Returns a kg_status. */
static int diagram(report *r, const unsigned char *emask, const unsigned char *rmask,
                   int overview, const char *prefix, char **svg)
{
    Agraph_t *g = NULL;
    char *raw = NULL;
    size_t size = 0;
    kg_graph_options go;
    int rc;

    *svg = NULL;
    if (overview && r->opts->cluster_by_type && r->opts->engine &&
        strcmp(r->opts->engine, "dot") == 0)
        return kg_error__set(KG_EUSAGE, "clusters by type cannot be laid out with dot "
                            "(Graphviz 2.42 crashes on them); use fdp, the default");
    kg_graph_options_init(&go);
    go.style = r->opts->style;
    go.entity_mask = emask;
    go.relation_mask = rmask;
    go.legend = overview;
    go.each_relation = r->opts->each_relation;
    go.cluster_by_type = overview && r->opts->cluster_by_type;
    go.entity_link_prefix = r->md ? NULL : "#entity-";
    go.name = overview ? "overview" : "focus";
    if ((rc = kg_graph_build(&g, r->ds, &go, r->diags)) != KG_OK)
        goto cleanup;
    kg_render_options ro = {.format = KG_FORMAT_SVG};
    size_t nodes = (size_t)agnnodes(g);
    ro.engine = overview ? r->opts->engine : NULL;
    ro.prefer = !overview ? "dot" : nodes <= OVERVIEW_FDP_MAX_NODES ? "fdp" : NULL;
    if (overview) { /* --layout-from, --save-layout */
        ro.layout_from = r->opts->overview_layout_from;
        ro.layout_save = r->opts->overview_layout_save;
    }
    if ((rc = kg_render_data(g, &ro, &raw, &size, r->diags)) != KG_OK)
        goto cleanup;
    kg_svg_options so = {!r->md, r->md ? NULL : prefix, "kg-diagram"};
    rc = kg_svg_embed(svg, NULL, raw, size, &so);

cleanup:
    kg_graph_free(g);
    kg_free(raw);
    return rc;
}

/* Fills r->inc and r->own (see struct report) from the view's relations, in O(entities +
 * relations). Returns KG_OK or KG_ENOMEM. */
static int build_incidence(report *r)
{
    size_t n = kg_dataset_entity_count(r->ds), m = kg_dataset_relation_count(r->ds);
    size_t *deg = NULL, incs = 0, outs = 0;
    if (!(r->inc_start = kg__calloc(n + 2, sizeof *r->inc_start)) ||
        !(r->own_start = kg__calloc(n + 2, sizeof *r->own_start)) ||
        !(deg = kg__calloc(n ? n : 1, sizeof *deg)))
        goto oom;
    for (size_t k = 0; k < m; k++) {
        const kg_relation *rel = kg_dataset_relation(r->ds, k);
        if (!in_view(r, k))
            continue;
        deg[rel->source]++;
        if (rel->target != rel->source)
            deg[rel->target]++;
    }
    /* counts in *_start[i + 2], prefix sums into *_start[i + 1], filled by *_start[i + 1]++ */
    for (size_t k = 0; k < m; k++) {
        const kg_relation *rel = kg_dataset_relation(r->ds, k);
        if (!in_view(r, k))
            continue;
        size_t s = rel->source, t = rel->target;
        r->inc_start[s + 2]++;
        if (t != s)
            r->inc_start[t + 2]++;
        int s_owns = deg[s] < deg[t] || (deg[s] == deg[t] && s <= t);
        r->own_start[(s_owns ? s : t) + 2]++;
    }
    for (size_t i = 0; i < n; i++) {
        r->inc_start[i + 2] += r->inc_start[i + 1];
        r->own_start[i + 2] += r->own_start[i + 1];
    }
    incs = r->inc_start[n + 1];
    outs = r->own_start[n + 1];
    if (!(r->inc = kg__malloc((incs ? incs : 1) * sizeof *r->inc)) ||
        !(r->own = kg__malloc((outs ? outs : 1) * sizeof *r->own)))
        goto oom;
    for (size_t k = 0; k < m; k++) {
        const kg_relation *rel = kg_dataset_relation(r->ds, k);
        if (!in_view(r, k))
            continue;
        size_t s = rel->source, t = rel->target;
        r->inc[r->inc_start[s + 1]++] = k;
        if (t != s)
            r->inc[r->inc_start[t + 1]++] = k;
        int s_owns = deg[s] < deg[t] || (deg[s] == deg[t] && s <= t);
        r->own[r->own_start[(s_owns ? s : t) + 1]++] = k;
    }
    kg_free(deg);
    return KG_OK;
oom:
    kg_free(deg);
    return KG_ENOMEM;
}

/* The other end of relation k from entity v (v itself for a loop). */
static size_t other_end(const report *r, size_t k, size_t v)
{
    const kg_relation *rel = kg_dataset_relation(r->ds, k);
    return rel->source == v ? rel->target : rel->source;
}

/* Clears what focus_select marked in r->fe and r->fr. */
static void focus_clear(report *r)
{
    for (size_t j = 0; j < r->f_n; j++)
        r->fe[r->f_nodes[j]] = 0;
    for (size_t j = 0; j < r->f_m; j++)
        r->fr[r->f_rels[j]] = 0;
    r->f_n = r->f_m = 0;
}

/* Marks in r->fe and r->fr the focused view of entity e inside the report's view: e, its
 * neighbours along the relations in view, and the relations among them, when the drawn
 * nodes and edges number at most room; *size is then their number and the result 1.
 * Otherwise nothing stays marked and the result is 0. Each relation among the
 * neighbourhood is found once, from the end that owns it (build_incidence): the work is
 * e's relations plus the relations its neighbours own, never a pass over the dataset,
 * and it stops as soon as room is exceeded. */
static int focus_select(report *r, size_t e, size_t room, size_t *size)
{
    size_t nodes = 0, rels = 0;
    r->fe[e] = 1;
    r->f_nodes[nodes++] = e;
    for (size_t j = r->inc_start[e]; j < r->inc_start[e + 1]; j++) {
        size_t o = other_end(r, r->inc[j], e);
        if (!r->fe[o]) {
            r->fe[o] = 1;
            r->f_nodes[nodes++] = o;
        }
    }
    /* every relation of e is drawn: a lower bound before the neighbours' relations */
    if (nodes + (r->inc_start[e + 1] - r->inc_start[e]) > room)
        goto too_big;
    for (size_t a = 0; a < nodes; a++) {
        size_t v = r->f_nodes[a];
        for (size_t j = r->own_start[v]; j < r->own_start[v + 1]; j++) {
            size_t k = r->own[j];
            if (!r->fe[other_end(r, k, v)])
                continue;
            r->fr[k] = 1;
            r->f_rels[rels++] = k;
            if (nodes + rels > room)
                goto too_big;
        }
    }
    r->f_n = nodes;
    r->f_m = rels;
    *size = nodes + rels;
    return 1;
too_big:
    r->f_n = nodes;
    r->f_m = rels;
    focus_clear(r);
    return 0;
}

/* Writes an embedded diagram: HTML inline in a figure as wide as its drawing (at most
 * the page), Markdown an image linking the SVG file written beside the report. */
static int put_figure(report *r, const char *svg, const char *file, const char *alt)
{
    if (r->md) {
        if (kg_buf__puts(&r->out, "![") || put_md(&r->out, alt) || kg_buf__puts(&r->out, "](") ||
            kg_buf__puts(&r->out, r->files_dir) || kg_buf__printf(&r->out, "/%s)\n\n", file))
            return KG_ENOMEM;
        return KG_OK;
    }
    double w = 0, h = 0;
    if (kg_svg_viewbox_size(svg, strlen(svg), &w, &h) != KG_OK)
        w = 800;
    double px = w * 4.0 / 3.0;
    /* wider than the page: shown fitted, with a toggle (a checkbox and CSS, no script)
     * to see it at full size, scrolling */
    if (px > 1040 &&
        (kg_buf__printf(&r->out, "<input type=\"checkbox\" class=\"zoom\" id=\"zoom-%s\">"
                                "<label class=\"zoom\" for=\"zoom-%s\">Full size</label>\n",
                       file, file)))
        return KG_ENOMEM;
    if (kg_buf__printf(&r->out, "<figure class=\"diagram\"><div style=\"max-width:%.0fpx;"
                               "--w:%.0fpx\">",
                      px, px) ||
        kg_buf__puts(&r->out, svg) || kg_buf__puts(&r->out, "</div><figcaption>") ||
        put_html(&r->out, alt) || kg_buf__puts(&r->out, "</figcaption></figure>\n"))
        return KG_ENOMEM;
    return KG_OK;
}

/* ---- pieces of text ------------------------------------------------------------------- */

/* A link to entity i's section (or, in Markdown, its heading) with its label as text. */
static int put_entity_link(report *r, size_t i)
{
    const kg_entity *e = kg_dataset_entity(r->ds, i);
    if (r->emask[i] == 0) /* not in the view: no section */
        return (r->md ? put_md : put_html)(&r->out, e->label);
    if (r->md)
        return kg_buf__putc(&r->out, '[') || put_md(&r->out, e->label) ||
                       kg_buf__printf(&r->out, "](#%s)", r->slugs[i])
                   ? KG_ENOMEM
                   : KG_OK;
    return kg_buf__puts(&r->out, "<a href=\"#entity-") || kg_escape__id(&r->out, e->id) ||
                   kg_buf__puts(&r->out, "\">") || put_html(&r->out, e->label) ||
                   kg_buf__puts(&r->out, "</a>")
               ? KG_ENOMEM
               : KG_OK;
}

/* An outbound link to url (already validated by the loader), shown as its text. */
static int put_url(report *r, const char *url)
{
    kg_buf__clear(&r->tmp);
    int rc = kg_escape__url(&r->tmp, url);
    if (rc == KG_ENOMEM)
        return rc;
    if (rc != KG_OK) /* not a link: shown as text */
        return (r->md ? put_md : put_html)(&r->out, url);
    if (r->md)
        return kg_buf__putc(&r->out, '[') || put_md(&r->out, url) || kg_buf__puts(&r->out, "](<") ||
                       kg_buf__puts(&r->out, kg_buf__str(&r->tmp)) || kg_buf__puts(&r->out, ">)")
                   ? KG_ENOMEM
                   : KG_OK;
    return kg_buf__puts(&r->out, "<a class=\"out\" rel=\"noopener noreferrer\" href=\"") ||
                   kg_buf__puts(&r->out, kg_buf__str(&r->tmp)) || kg_buf__puts(&r->out, "\">") ||
                   put_html(&r->out, url) || kg_buf__puts(&r->out, "</a>")
               ? KG_ENOMEM
               : KG_OK;
}

/* The polarity as a badge (HTML) or a word (Markdown). */
static int put_polarity(report *r, kg_polarity p)
{
    if (r->md)
        return kg_buf__puts(&r->out, kg_polarity_name(p));
    return kg_buf__printf(&r->out, "<span class=\"pol pol-%s\">%s</span>", kg_polarity_name(p),
                         kg_polarity_name(p));
}

/* One citation: the quote, then its document (linked to the sources list), date,
 * polarity, confidence and claimant. */
static int put_citation(report *r, const kg_citation *ci, int with_polarity)
{
    kg_buf *o = &r->out;
    int (*text)(kg_buf *, const char *) = r->md ? put_md : put_html;
    if (ci->quote[0]) {
        if (kg_buf__puts(o, r->md ? "\xE2\x80\x9C" : "<q>") || text(o, ci->quote) ||
            kg_buf__puts(o, r->md ? "\xE2\x80\x9D" : "</q>"))
            return KG_ENOMEM;
    } else if (kg_buf__puts(o, r->md ? "*(no quote)*" : "<em>(no quote)</em>")) {
        return KG_ENOMEM;
    }
    if (ci->doc[0]) {
        const kg_source *src = ci->source != KG_NONE ? kg_dataset_source(r->ds, ci->source) : NULL;
        const char *name = src && src->title[0] ? src->title : ci->doc;
        if (kg_buf__puts(o, " \xE2\x80\x94 "))
            return KG_ENOMEM;
        if (r->md) {
            if (kg_buf__putc(o, '[') || put_md(o, name) ||
                kg_buf__printf(o, "](#%s)", r->headings[r->n_headings - 2]))
                return KG_ENOMEM;
        } else if (kg_buf__puts(o, "<a href=\"#source-") || kg_escape__id(o, ci->doc) ||
                   kg_buf__puts(o, "\">") || put_html(o, name) || kg_buf__puts(o, "</a>")) {
            return KG_ENOMEM;
        }
    }
    if (ci->date[0] && (kg_buf__puts(o, ", ") || text(o, ci->date)))
        return KG_ENOMEM;
    if (with_polarity && (kg_buf__puts(o, ", ") || put_polarity(r, ci->polarity)))
        return KG_ENOMEM;
    if (ci->confidence >= 0 && kg_buf__printf(o, ", confidence %.2g", ci->confidence))
        return KG_ENOMEM;
    if (ci->claimed_by != KG_NONE &&
        (kg_buf__puts(o, ", claimed by ") || put_entity_link(r, ci->claimed_by)))
        return KG_ENOMEM;
    return KG_OK;
}

/* "Source — verb → Target" ("↔" for a symmetric verb of the vocabulary), the ends linked. */
static int put_relation_name(report *r, const kg_relation *rel)
{
    const char *arrow = kg_dataset_relation_symmetric(r->ds, rel) ? " \xE2\x86\x94 "
                                                                   : " \xE2\x86\x92 ";
    return put_entity_link(r, rel->source) || kg_buf__puts(&r->out, " \xE2\x80\x94 ") ||
                   (r->md ? put_md : put_html)(&r->out, rel->relation) ||
                   kg_buf__puts(&r->out, arrow) || put_entity_link(r, rel->target)
               ? KG_ENOMEM
               : KG_OK;
}

/* ---- the document --------------------------------------------------------------------- */

static const char css[] =
    ":root{--fg:#1f2937;--muted:#6b7280;--line:#e5e7eb;--bg:#ffffff;--soft:#f8fafc;"
    "--accent:#1d4ed8}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;font:15px/1.55 system-ui,-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;"
    "color:var(--fg);background:var(--bg)}\n"
    "main{max-width:1100px;margin:0 auto;padding:24px 28px 64px}\n"
    "h1{font-size:1.9em;margin:.2em 0 .1em}h2{font-size:1.45em;margin:2em 0 .6em;"
    "padding-bottom:.25em;border-bottom:2px solid var(--line)}\n"
    "h3{font-size:1.15em;margin:1.6em 0 .4em}\n"
    "a{color:var(--accent);text-decoration:none}a:hover{text-decoration:underline}\n"
    ".meta{color:var(--muted);margin:0 0 1em}\n"
    "nav.toc{background:var(--soft);border:1px solid var(--line);border-radius:8px;"
    "padding:10px 18px;margin:1em 0}\n"
    "nav.toc ul{margin:.2em 0;padding-left:1.2em;columns:2}\n"
    "figure.diagram{margin:1em 0;padding:8px;border:1px solid var(--line);border-radius:8px;"
    "background:#fff;overflow:auto}\n"
    "figure.diagram svg{display:block;width:100%;height:auto}\n"
    "figcaption{color:var(--muted);font-size:.9em;margin-top:4px}\n"
    "input.zoom{position:absolute;opacity:0;pointer-events:none}\n"
    "label.zoom{display:table;margin:0 0 -6px auto;font-size:.85em;cursor:pointer;user-select:none;color:var(--accent);"
    "border:1px solid var(--line);border-radius:6px;padding:1px 8px}\n"
    "label.zoom::before{content:'\\2922  '}\n"
    "input.zoom:checked+label.zoom{background:#eff6ff}\n"
    "input.zoom:checked+label+figure{max-height:88vh}\n"
    "input.zoom:checked+label+figure>div{width:var(--w);max-width:none!important}\n"
    "input.zoom:focus-visible+label.zoom{outline:2px solid var(--accent)}\n"
    "svg.kg-diagram a:hover polygon,svg.kg-diagram a:hover ellipse,"
    "svg.kg-diagram a:hover path{stroke-width:2.5}\n"
    "table{border-collapse:collapse;width:100%;margin:.6em 0 1.2em;font-size:.93em}\n"
    "th,td{border:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}\n"
    "th{background:var(--soft)}tbody tr:nth-child(even){background:#fbfcfe}\n"
    "td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}\n"
    "table.counts{width:auto;min-width:280px}\n"
    "section.entity{border-top:1px solid var(--line);padding-top:.4em;scroll-margin-top:12px}\n"
    "section.entity:target,li:target,article:target{background:#fffbeb;outline:2px solid #fbbf24;"
    "outline-offset:4px;border-radius:4px}\n"
    ".type{display:inline-block;font-size:.75em;font-weight:500;color:#374151;"
    "background:#eef2ff;border:1px solid #c7d2fe;border-radius:10px;padding:0 8px;"
    "vertical-align:middle;margin-left:6px}\n"
    ".pol{display:inline-block;font-size:.8em;border-radius:10px;padding:0 7px;"
    "border:1px solid}\n"
    /* the diagrams' polarity colours (graph_common.h): mixed is reddish purple everywhere */
    ".pol-positive{color:#006b4f;background:#eaf7f3;border-color:#009e73}\n"
    ".pol-negative{color:#a84a00;background:#fcefe5;border-color:#d55e00}\n"
    ".pol-neutral{color:#374151;background:#f9fafb;border-color:#616161}\n"
    ".pol-mixed{color:#8c3d68;background:#f9eef4;border-color:#cc79a7}\n"
    "q{font-style:italic}q::before{content:'\\201C'}q::after{content:'\\201D'}\n"
    "ul.cites{margin:0;padding-left:1.1em}ul.cites li{margin:.15em 0}\n"
    "ul.aliases{margin:.2em 0 0;padding-left:1.4em}ul.aliases li{margin:.1em 0}\n"
    "article.relation{margin:.8em 0;padding:.2em .6em}\n"
    "article.relation h3{font-size:1em;margin:.3em 0}\n"
    ".stats{display:grid;grid-template-columns:repeat(auto-fit,minmax(250px,1fr));gap:0 28px}\n"
    "footer{color:var(--muted);font-size:.85em;margin-top:3em;border-top:1px solid var(--line);"
    "padding-top:.6em}\n"
    "@media print{figure.diagram{break-inside:avoid}nav.toc{display:none}}\n";

/* Opens a section with a heading: HTML <section id><h2>, Markdown "## ". */
static int put_h2(report *r, const char *id, const char *title)
{
    if (r->md)
        return kg_buf__printf(&r->out, "## %s\n\n", title);
    return kg_buf__printf(&r->out, "<section id=\"%s\">\n<h2>%s</h2>\n", id, title);
}

static int put_h2_end(report *r)
{
    return r->md ? KG_OK : kg_buf__puts(&r->out, "</section>\n");
}

/* The polarity named name (a kg_stats_count of KG_STATS_POLARITIES). */
static kg_polarity polarity_named(const char *name)
{
    for (int p = 0; p < 4; p++)
        if (strcmp(kg_polarity_name((kg_polarity)p), name) == 0)
            return (kg_polarity)p;
    return KG_POLARITY_NEUTRAL;
}

/* How betweenness was computed, for the note under the ranking. */
static int put_betweenness_method(report *r, const kg_stats_totals *t)
{
    if (t->betweenness == KG_BETWEENNESS_SAMPLED)
        return kg_buf__printf(&r->out, "estimated from %zu of %zu entities", t->samples,
                             t->entities);
    if (t->betweenness == KG_BETWEENNESS_NONE)
        return kg_buf__puts(&r->out, "not computed");
    return kg_buf__puts(&r->out, "exact");
}

/* Summary statistics, from kgraph/stats.h: counts, components, the most connected
 * entities (degree, citations, betweenness) and the tallies. */
static int write_stats(report *r)
{
    const kg_stats *st = r->stats;
    const kg_stats_totals *t = kg_stats_get_totals(st);
    size_t top = r->opts->top ? r->opts->top : 10;
    size_t n_types, n_verbs, n_pols;
    const kg_stats_count *types = kg_stats_counts(st, KG_STATS_TYPES, &n_types);
    const kg_stats_count *verbs = kg_stats_counts(st, KG_STATS_VERBS, &n_verbs);
    const kg_stats_count *pols = kg_stats_counts(st, KG_STATS_POLARITIES, &n_pols);
    if (put_h2(r, "statistics", "Summary statistics"))
        goto oom;
    const struct {
        const char *name;
        size_t value;
    } counts[] = {{"Entities", t->entities},
                  {"Relations", t->relations},
                  {"Citations", t->citations},
                  {"Documents cited", r->documents},
                  {"Sources listed", kg_dataset_source_count(r->ds)},
                  {"Connected components", t->components},
                  {"Entities in no relation", t->isolated}};
    size_t n_counts = sizeof counts / sizeof counts[0];
    if (r->md) {
        PUT("| Measure | Count |\n| --- | ---: |\n");
        for (size_t i = 0; i < n_counts; i++)
            PRINTF("| %s | %zu |\n", counts[i].name, counts[i].value);
        PUT("\n### Most connected entities\n\n"
            "| # | Entity | Degree | Citations | Betweenness |\n"
            "| ---: | --- | ---: | ---: | ---: |\n");
    } else {
        PUT("<div class=\"stats\">\n<div>\n<h3>Counts</h3>\n<table class=\"counts\"><tbody>\n");
        for (size_t i = 0; i < n_counts; i++)
            PRINTF("<tr><th>%s</th><td class=\"num\">%zu</td></tr>\n", counts[i].name,
                   counts[i].value);
        PUT("</tbody></table>\n</div>\n<div>\n<h3>Relations by polarity</h3>\n"
            "<table class=\"counts\"><tbody>\n");
        for (size_t i = 0; i < n_pols; i++) {
            PUT("<tr><th>");
            if (put_polarity(r, polarity_named(pols[i].name)))
                goto oom;
            PRINTF("</th><td class=\"num\">%zu</td></tr>\n", pols[i].count);
        }
        PUT("</tbody></table>\n</div>\n<div>\n<h3>Entities by type</h3>\n"
            "<table class=\"counts\"><tbody>\n");
        for (size_t i = 0; i < n_types; i++) {
            PUT("<tr><th>");
            TEXT(types[i].name[0] ? types[i].name : "(none)");
            PRINTF("</th><td class=\"num\">%zu</td></tr>\n", types[i].count);
        }
        PUT("</tbody></table>\n</div>\n<div>\n<h3>Relations by verb</h3>\n"
            "<table class=\"counts\"><tbody>\n");
        for (size_t i = 0; i < n_verbs; i++) {
            PUT("<tr><th>");
            TEXT(verbs[i].name);
            PRINTF("</th><td class=\"num\">%zu</td></tr>\n", verbs[i].count);
        }
        PUT("</tbody></table>\n</div>\n</div>\n<h3>Most connected entities</h3>\n"
            "<table id=\"most-connected\"><thead><tr><th class=\"num\">#</th><th>Entity</th>"
            "<th class=\"num\">Degree</th><th class=\"num\">Citations</th>"
            "<th class=\"num\">Betweenness</th></tr></thead><tbody>\n");
    }
    /* entities by degree, largest first (ties: citations, then file order); those in no
     * relation with another entity are not "connected" and not listed */
    size_t listed = 0;
    for (const kg_entity_stats *e; listed < top &&
                                   (e = kg_stats_ranked(st, KG_STATS_BY_DEGREE, listed)) &&
                                   e->degree > 0;
         listed++) {
        PRINTF(r->md ? "| %zu | " : "<tr><td class=\"num\">%zu</td><td>", listed + 1);
        if (put_entity_link(r, e->entity))
            goto oom;
        PRINTF(r->md ? " | %zu | %zu | %.4f |\n"
                     : "</td><td class=\"num\">%zu</td><td class=\"num\">%zu</td>"
                       "<td class=\"num\">%.4f</td></tr>\n",
               e->degree, e->weighted_degree, e->betweenness);
    }
    PUT(r->md ? "\n" : "</tbody></table>\n<p class=\"meta\">");
    PRINTF("The first %zu of %zu entities by degree: distinct neighbours, direction "
           "ignored. Citations: of the relations the entity takes part in. Betweenness: "
           "centrality on the undirected graph, ",
           listed, t->entities);
    if (put_betweenness_method(r, t))
        goto oom;
    PUT(r->md ? ". As `kgraph stats` computes them.\n\n"
              : ". As <code>kgraph stats</code> computes them.</p>\n");
    if (!r->md)
        return put_h2_end(r);
    PUT("### Entities by type\n\n| Type | Entities |\n| --- | ---: |\n");
    for (size_t i = 0; i < n_types; i++) {
        PUT("| ");
        TEXT(types[i].name[0] ? types[i].name : "(none)");
        PRINTF(" | %zu |\n", types[i].count);
    }
    PUT("\n### Relations by polarity\n\n| Polarity | Relations |\n| --- | ---: |\n");
    for (size_t i = 0; i < n_pols; i++)
        PRINTF("| %s | %zu |\n", pols[i].name, pols[i].count);
    PUT("\n### Relations by verb\n\n| Relation | Count |\n| --- | ---: |\n");
    for (size_t i = 0; i < n_verbs; i++) {
        PUT("| ");
        TEXT(verbs[i].name);
        PRINTF(" | %zu |\n", verbs[i].count);
    }
    PUT("\n");
    return KG_OK;
oom:
    return KG_ENOMEM;
}

/* The aliases (separated by ';', each trimmed, empty ones skipped) as a list: HTML
 * <ul class="aliases">, Markdown a bullet list, after "Also known as:". KG_OK or
 * KG_ENOMEM. */
static int put_aliases(report *r, const char *aliases)
{
    int any = 0;
    for (const char *p = aliases; *p;) {
        const char *end = strchr(p, ';');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        const char *a = p, *z = p + len;
        p = end ? end + 1 : p + len;
        while (a < z && (*a == ' ' || *a == '\t'))
            a++;
        while (z > a && (z[-1] == ' ' || z[-1] == '\t'))
            z--;
        if (a == z)
            continue;
        if (!any)
            PUT(r->md ? "*Also known as:*\n\n" : "<div class=\"meta aliases\">Also known as:<ul class=\"aliases\">");
        any = 1;
        kg_buf__clear(&r->tmp);
        if (kg_buf__append(&r->tmp, a, (size_t)(z - a)))
            goto oom;
        PUT(r->md ? "- " : "<li>");
        TEXT(kg_buf__str(&r->tmp));
        PUT(r->md ? "\n" : "</li>");
    }
    if (any)
        PUT(r->md ? "\n" : "</ul></div>\n");
    return KG_OK;
oom:
    return KG_ENOMEM;
}

/* The section of entity i. */
static int write_entity(report *r, size_t i)
{
    const kg_entity *e = kg_dataset_entity(r->ds, i);
    if (r->md) {
        PUT("### ");
        TEXT(e->label);
        PUT("\n\n");
        if (e->type[0]) {
            PUT("*Type:* ");
            TEXT(e->type);
            PUT(" \xC2\xB7 ");
        }
        PUT("*Id:* `");
        /* ids in a code span: backticks cannot occur in ENC form */
        ID(e->id);
        PUT("`\n\n");
    } else {
        PUT("<section class=\"entity\" id=\"entity-");
        ID(e->id);
        PUT("\">\n<h3>");
        TEXT(e->label);
        if (e->type[0]) {
            PUT("<span class=\"type\">");
            TEXT(e->type);
            PUT("</span>");
        }
        PUT("</h3>\n");
    }
    if (e->description[0]) {
        PUT(r->md ? "" : "<p>");
        TEXT(e->description);
        PUT(r->md ? "\n\n" : "</p>\n");
    }
    if (e->aliases[0] && put_aliases(r, e->aliases))
        goto oom;
    if (e->url[0]) {
        PUT(r->md ? "" : "<p>");
        if (put_url(r, e->url))
            goto oom;
        PUT(r->md ? "\n\n" : "</p>\n");
    }
    size_t count = r->inc_start[i + 1] - r->inc_start[i];
    if (r->focus[i]) {
        char file[KG_REPORT_NAME_MAX + 64], alt[160];
        /* the same name as the file written (write_companion_files): never cut here */
        snprintf(file, sizeof file, "entity-%s.svg", r->names[i]);
        snprintf(alt, sizeof alt, "%s and its direct neighbours", e->label);
        if (put_figure(r, r->focus[i], file, alt))
            goto oom;
    } else if (r->no_diagram[i]) {
        PRINTF(r->md ? "*No diagram: it did not fit in what was left of the report's budget "
                       "of %zu drawn nodes and edges for entity diagrams "
                       "(`--diagram-budget`).*\n\n"
                     : "<p class=\"meta no-diagram\">No diagram: it did not fit in what was "
                       "left of the report's budget of %zu drawn nodes and edges for entity "
                       "diagrams (<code>--diagram-budget</code>).</p>\n",
               r->budget);
    }
    if (!count) {
        PUT(r->md ? "*No relations in this view.*\n\n" : "<p class=\"meta\">No relations in this view.</p>\n");
        return r->md ? KG_OK : kg_buf__puts(&r->out, "</section>\n");
    }
    PUT(r->md ? "| Relation | Polarity | Evidence |\n| --- | --- | --- |\n"
              : "<table class=\"relations\"><thead><tr><th>Relation</th><th>Polarity</th>"
                "<th>Evidence</th></tr></thead><tbody>\n");
    for (size_t j = r->inc_start[i]; j < r->inc_start[i + 1]; j++) {
        const kg_relation *rel = kg_dataset_relation(r->ds, r->inc[j]);
        PUT(r->md ? "| " : "<tr><td>");
        if (put_relation_name(r, rel))
            goto oom;
        PUT(r->md ? " | " : "</td><td>");
        if (put_polarity(r, rel->polarity))
            goto oom;
        PUT(r->md ? " | " : "</td><td><ul class=\"cites\">");
        int first = 1;
        for (size_t c = rel->first_citation; c != KG_NONE;) {
            const kg_citation *ci = kg_dataset_citation(r->ds, c);
            c = ci->next;
            PUT(r->md ? (first ? "" : "<br>") : "<li>");
            if (put_citation(r, ci, rel->polarity == KG_POLARITY_MIXED))
                goto oom;
            PUT(r->md ? "" : "</li>");
            first = 0;
        }
        PUT(r->md ? " |\n" : "</ul></td></tr>\n");
    }
    PUT(r->md ? "\n" : "</tbody></table>\n</section>\n");
    return KG_OK;
oom:
    return KG_ENOMEM;
}

/* The sources: sources.csv in file order, or the docs cited when there is none. */
static int write_sources(report *r)
{
    size_t ns = kg_dataset_source_count(r->ds);
    size_t *cited_by = NULL; /* per source: its citations in the view */
    if (put_h2(r, "sources", "Sources"))
        goto oom;
    if (!ns) {
        PUT(r->md ? "The dataset has no sources.csv; the citations name their documents "
                    "directly.\n\n"
                  : "<p class=\"meta\">The dataset has no sources.csv; the citations name "
                    "their documents directly.</p>\n");
        return put_h2_end(r);
    }
    /* citations per source, in one pass over the view's relations (each is owned by
     * one entity: build_incidence), not a pass over every citation per source */
    cited_by = kg__calloc(ns, sizeof *cited_by);
    if (!cited_by)
        goto oom;
    size_t n_own = r->own_start[kg_dataset_entity_count(r->ds)];
    for (size_t j = 0; j < n_own; j++)
        for (size_t c = kg_dataset_relation(r->ds, r->own[j])->first_citation; c != KG_NONE;) {
            const kg_citation *ci = kg_dataset_citation(r->ds, c);
            if (ci->source < ns)
                cited_by[ci->source]++;
            c = ci->next;
        }
    PUT(r->md ? "" : "<ol class=\"sources\">\n");
    for (size_t s = 0; s < ns; s++) {
        const kg_source *src = kg_dataset_source(r->ds, s);
        size_t cited = cited_by[s];
        if (r->md) {
            PRINTF("%zu. **", s + 1);
            TEXT(src->title[0] ? src->title : src->id);
            PUT("**");
        } else {
            PUT("<li id=\"source-");
            ID(src->id);
            PUT("\"><strong>");
            TEXT(src->title[0] ? src->title : src->id);
            PUT("</strong>");
        }
        const char *parts[] = {src->publisher, src->author, src->date};
        for (size_t k = 0; k < 3; k++)
            if (parts[k][0]) {
                PUT(", ");
                TEXT(parts[k]);
            }
        PUT(". ");
        if (src->url[0]) {
            if (put_url(r, src->url))
                goto oom;
            PUT(". ");
        }
        PUT(r->md ? "Id `" : "<span class=\"meta\">Id <code>");
        if (r->md)
            ID(src->id);
        else
            TEXT(src->id);
        PRINTF(r->md ? "`; %zu citation%s in this view.\n" : "</code>; %zu citation%s in this "
                                                            "view.</span></li>\n",
               cited, cited == 1 ? "" : "s");
    }
    kg_free(cited_by);
    cited_by = NULL;
    PUT(r->md ? "\n" : "</ol>\n");
    return put_h2_end(r);
oom:
    kg_free(cited_by);
    return KG_ENOMEM;
}

/* The evidence appendix: every relation in the view with every citation. */
static int write_evidence(report *r)
{
    size_t m = kg_dataset_relation_count(r->ds);
    if (put_h2(r, "evidence", "Evidence appendix"))
        goto oom;
    PUT(r->md ? "Every relation in this report with every citation supporting it "
                "(relations.csv line in brackets).\n\n"
              : "<p class=\"meta\">Every relation in this report with every citation "
                "supporting it (relations.csv line in brackets).</p>\n");
    for (size_t k = 0; k < m; k++) {
        const kg_relation *rel = kg_dataset_relation(r->ds, k);
        if (!in_view(r, k))
            continue;
        if (r->md) {
            PUT("**");
        } else {
            const kg_entity *s = kg_dataset_entity(r->ds, rel->source);
            const kg_entity *t = kg_dataset_entity(r->ds, rel->target);
            PUT("<article class=\"relation\" id=\"relation-");
            ID(s->id);
            PUT("--");
            ID(rel->relation);
            PUT("--");
            ID(t->id);
            PUT("\"><h3>");
        }
        if (put_relation_name(r, rel))
            goto oom;
        PUT(r->md ? "** (" : " ");
        if (put_polarity(r, rel->polarity))
            goto oom;
        PUT(r->md ? ")\n\n" : "</h3>\n<ol>\n");
        size_t n = 0;
        for (size_t c = rel->first_citation; c != KG_NONE;) {
            const kg_citation *ci = kg_dataset_citation(r->ds, c);
            c = ci->next;
            if (r->md)
                PRINTF("%zu. ", ++n);
            else
                PUT("<li>");
            if (put_citation(r, ci, 1))
                goto oom;
            PRINTF(r->md ? " \\[line %lu\\]\n" : " <span class=\"meta\">[line %lu]</span></li>\n",
                   ci->line);
        }
        PUT(r->md ? "\n" : "</ol>\n</article>\n");
    }
    return put_h2_end(r);
oom:
    return KG_ENOMEM;
}

static int write_document(report *r)
{
    const char *title = r->opts->title && r->opts->title[0] ? r->opts->title : "Report";
    size_t n = kg_dataset_entity_count(r->ds);
    const kg_stats_totals *st = kg_stats_get_totals(r->stats);
    if (r->md) {
        PUT("# ");
        TEXT(title);
        PUT("\n\n");
    } else {
        PUT("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            "<meta name=\"generator\" content=\"kgraph\">\n<title>");
        TEXT(title);
        PUT("</title>\n<style>\n");
        PUT(css);
        PUT("</style>\n</head>\n<body>\n<main>\n<header>\n<h1>");
        TEXT(title);
        PUT("</h1>\n");
    }
    PRINTF(r->md ? "%zu entities, %zu relations, %zu citations from %zu documents.\n\n"
                 : "<p class=\"meta\">%zu entities, %zu relations, %zu citations from %zu "
                   "documents.</p>\n</header>\n",
           st->entities, st->relations, st->citations, r->documents);
    if (r->md)
        PRINTF("**Contents:** [Overview](#%s) \xC2\xB7 [Summary statistics](#%s)"
               " \xC2\xB7 [Entities](#%s) \xC2\xB7 [Sources](#%s) \xC2\xB7 "
               "[Evidence appendix](#%s)\n\n",
               r->headings[1], r->headings[2], r->headings[7], r->headings[r->n_headings - 2],
               r->headings[r->n_headings - 1]);
    else
        PUT("<nav class=\"toc\"><strong>Contents</strong><ul>"
            "<li><a href=\"#overview\">Overview</a></li>"
            "<li><a href=\"#statistics\">Summary statistics</a></li>"
            "<li><a href=\"#entities\">Entities</a></li>"
            "<li><a href=\"#sources\">Sources</a></li>"
            "<li><a href=\"#evidence\">Evidence appendix</a></li></ul></nav>\n");

    if (put_h2(r, "overview", "Overview"))
        goto oom;
    if (r->overview && put_figure(r, r->overview, "overview.svg",
                                  r->md ? "Overview diagram with legend"
                                        : "Overview with legend: node shape and colour by "
                                          "entity type, edge colour by polarity, width by "
                                          "the number of documents. Click a node for its "
                                          "section."))
        goto oom;
    if (!r->overview) /* an empty view: say so rather than leave the section blank */
        PRINTF("%s", r->md ? "No entities in this view.\n\n"
                           : "<p class=\"empty\">No entities in this view.</p>\n");
    if (put_h2_end(r) || write_stats(r) || put_h2(r, "entities", "Entities"))
        goto oom;
    for (size_t i = 0; i < n; i++)
        if (r->emask[i] && write_entity(r, i))
            goto oom;
    if (put_h2_end(r) || write_sources(r) || write_evidence(r))
        goto oom;
    if (r->md)
        PRINTF("---\n\n*Generated by kgraph %s.*\n", kg_version());
    else
        PRINTF("<footer>Generated by kgraph %s from the dataset's CSV files.</footer>\n"
               "</main>\n</body>\n</html>\n", kg_version());
    return KG_OK;
oom:
    return kg_error__set(KG_ENOMEM, "out of memory writing the report");
}

/* ---- writing it ------------------------------------------------------------------------ */

/* Markdown: the slugs of every heading, registered in document order. */
static int register_headings(report *r)
{
    const char *title = r->opts->title && r->opts->title[0] ? r->opts->title : "Report";
    static const char *const before[] = {"Overview", "Summary statistics",
                                         "Most connected entities", "Entities by type",
                                         "Relations by polarity", "Relations by verb",
                                         "Entities"};
    size_t n = kg_dataset_entity_count(r->ds);
    r->slugs = kg__calloc(n ? n : 1, sizeof *r->slugs);
    if (!r->slugs || !slug_register(r, title))
        return KG_ENOMEM;
    for (size_t k = 0; k < sizeof before / sizeof before[0]; k++)
        if (!slug_register(r, before[k]))
            return KG_ENOMEM;
    for (size_t i = 0; i < n; i++)
        if (r->emask[i] && !(r->slugs[i] = slug_register(r, kg_dataset_entity(r->ds, i)->label)))
            return KG_ENOMEM;
    if (!slug_register(r, "Sources") || !slug_register(r, "Evidence appendix"))
        return KG_ENOMEM;
    return KG_OK;
}

/* Markdown: the directory beside path for the SVG files: "DIR/NAME_files" for
 * "DIR/NAME.md", and the name as linked from the report ("NAME_files"). */
static int files_dir(const char *path, char **full, char **linked)
{
    const char *slash = strrchr(path, '/'), *base = slash ? slash + 1 : path;
    const char *dot = strrchr(base, '.');
    size_t stem = dot && dot > base ? (size_t)(dot - base) : strlen(base);
    size_t dir_len = (size_t)(base - path);
    *full = kg__malloc(dir_len + stem + sizeof "_files");
    *linked = kg__malloc(stem + sizeof "_files");
    if (!*full || !*linked)
        return KG_ENOMEM;
    sprintf(*full, "%.*s%.*s_files", (int)dir_len, path, (int)stem, base);
    sprintf(*linked, "%.*s_files", (int)stem, base);
    return KG_OK;
}

/* Nonzero for a file name the report owns in its companion directory: overview.svg and
 * entity-*.svg. Everything else there belongs to someone else and is kept. */
static int report_file(const char *name)
{
    size_t len = strlen(name);
    return strcmp(name, "overview.svg") == 0 ||
           (len >= sizeof "entity-.svg" && strncmp(name, "entity-", 7) == 0 &&
            strcmp(name + len - 4, ".svg") == 0);
}

/* dir + "/" + name, newly allocated (kg_free); NULL out of memory. */
static char *join(const char *dir, const char *name)
{
    char *p = kg__malloc(strlen(dir) + strlen(name) + 2);
    if (p)
        sprintf(p, "%s/%s", dir, name);
    return p;
}

/* Writes data[0..len) to the new file dir/name (it must not exist), synced. Returns KG_OK
 * or KG_EIO / KG_ENOMEM with the reason. */
static int write_new_file(const char *dir, const char *name, const char *data, size_t len)
{
    char *path = join(dir, name);
    if (!path)
        return kg_error__set(KG_ENOMEM, "out of memory writing the report");
    int rc = KG_OK, fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0) {
        rc = kg_error__set(KG_EIO, "cannot create '%s': %s", path, strerror(errno));
        goto done;
    }
    for (size_t off = 0; off < len;) {
        ssize_t put = write(fd, data + off, len - off);
        if (put < 0 && errno == EINTR)
            continue;
        if (put <= 0) {
            rc = kg_error__set(KG_EIO, "cannot write '%s': %s", path, strerror(put < 0 ? errno : EIO));
            break;
        }
        off += (size_t)put;
    }
    if (rc == KG_OK && fsync(fd) != 0 && errno != EINVAL && errno != EROFS)
        rc = kg_error__set(KG_EIO, "cannot write '%s': %s", path, strerror(errno));
    if (close(fd) != 0 && rc == KG_OK)
        rc = kg_error__set(KG_EIO, "cannot write '%s': %s", path, strerror(errno));
done:
    kg_free(path);
    return rc;
}

/* Removes dir and the files in it (no subdirectory is ever there). Cleanup only: errors
 * are ignored. */
static void remove_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        for (struct dirent *e; (e = readdir(d)) != NULL;) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char *p = join(dir, e->d_name);
            if (p)
                unlink(p);
            kg_free(p);
        }
        closedir(d);
    }
    rmdir(dir);
}

/* Links into tmp every entry of the existing companion directory dir that the report does
 * not own (report_file), so that they survive its replacement: files and symbolic links as
 * hard links (the same files, not copies). A subdirectory or anything else that cannot be
 * linked is refused: nothing has been replaced then. Returns KG_OK, KG_EIO or KG_ENOMEM. */
static int carry_over(const char *dir, const char *tmp)
{
    DIR *d = opendir(dir);
    int rc = KG_OK;
    if (!d)
        return kg_error__set(KG_EIO, "cannot list directory '%s': %s", dir, strerror(errno));
    for (struct dirent *e; rc == KG_OK && (e = readdir(d)) != NULL;) {
        const char *name = e->d_name;
        if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0 || report_file(name))
            continue;
        char *from = join(dir, name), *to = join(tmp, name);
        struct stat st;
        if (!from || !to)
            rc = kg_error__set(KG_ENOMEM, "out of memory writing the report");
        else if (lstat(from, &st) != 0)
            rc = kg_error__set(KG_EIO, "cannot read '%s': %s", from, strerror(errno));
        else if (!S_ISREG(st.st_mode) && !S_ISLNK(st.st_mode))
            rc = kg_error__set(KG_EIO, "'%s' holds '%s', which is not a file the report can "
                              "keep (a directory or a special file): refusing to replace "
                              "the directory; move it elsewhere", dir, name);
        else if (linkat(AT_FDCWD, from, AT_FDCWD, to, 0) != 0)
            rc = kg_error__set(KG_EIO, "cannot keep '%s' in the new '%s': %s", from, dir,
                              strerror(errno));
        kg_free(from);
        kg_free(to);
    }
    closedir(d);
    return rc;
}

/* Markdown: writes the report file and its companion directory dir (NAME_files) all or
 * nothing. Every SVG is written into a new directory beside dir (with hard links to the
 * files of the old one the report does not own), the report into a temporary file, both
 * synced; only then is the new directory swapped with the old one (renameat2
 * RENAME_EXCHANGE, atomic; or renamed into place when there was none) and the report file
 * renamed into place. Should that last rename fail, the old directory is swapped back.
 * On any failure the old report and directory are left as they were. A symbolic link dir
 * to a directory is replaced at its target. Returns a kg_status. */
static int write_markdown(report *r, const char *path, const char *dir_given)
{
    size_t n = kg_dataset_entity_count(r->ds);
    char *dir = NULL, *tmp = NULL, *old = NULL;
    kg_output *out = NULL;
    int rc = KG_OK, made = 0, exists = 0, swapped = 0;
    struct stat st;
    mode_t mode;

    dir = kg__strdup(dir_given);
    if (!dir)
        goto oom;
    if (lstat(dir, &st) == 0) {
        if (S_ISLNK(st.st_mode) && stat(dir, &st) == 0 && S_ISDIR(st.st_mode)) {
            char *real = realpath(dir_given, NULL);
            kg_free(dir);
            dir = real ? kg__strdup(real) : NULL;
            free(real); /* realpath's: the C library's malloc */
            if (!dir)
                goto oom;
        } else if (!S_ISDIR(st.st_mode)) {
            rc = kg_error__set(KG_EIO, "'%s' exists and is not a directory: the report's SVG "
                              "files go there", dir_given);
            goto cleanup;
        }
        exists = 1;
        mode = st.st_mode & 07777;
    } else {
        mode_t mask = umask(0);
        umask(mask);
        mode = 0777 & ~mask;
    }
    /* the new directory: DIR/.NAME_files.XXXXXX, beside the old one (same file system) */
    const char *slash = strrchr(dir, '/');
    size_t parent = slash ? (size_t)(slash - dir) + 1 : 0;
    if (!(tmp = kg__malloc(strlen(dir) + 16)))
        goto oom;
    sprintf(tmp, "%.*s.%s.XXXXXX", (int)parent, dir, dir + parent);
    if (!mkdtemp(tmp)) {
        rc = kg_error__set(KG_EIO, "cannot create a directory beside '%s': %s", dir, strerror(errno));
        goto cleanup;
    }
    made = 1;
    chmod(tmp, mode); /* mkdtemp makes 0700 */
    for (size_t i = 0; i <= n; i++) {
        const char *svg = i == n ? r->overview : r->focus[i];
        char file[KG_REPORT_NAME_MAX + 64];
        if (!svg)
            continue;
        if (i == n)
            snprintf(file, sizeof file, "overview.svg");
        else
            snprintf(file, sizeof file, "entity-%s.svg", r->names[i]); /* as linked */
        if ((rc = write_new_file(tmp, file, svg, strlen(svg))) != KG_OK)
            goto cleanup;
    }
    if (exists && (rc = carry_over(dir, tmp)) != KG_OK)
        goto cleanup;
    int dfd = open(tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0 || fsync(dfd) != 0) {
        rc = kg_error__set(KG_EIO, "cannot sync '%s': %s", tmp, strerror(errno));
        if (dfd >= 0)
            close(dfd);
        goto cleanup;
    }
    close(dfd);
    /* the report, written and synced but not yet renamed */
    if ((rc = kg_output_open(&out, path)) != KG_OK)
        goto cleanup;
    if (r->out.len && fwrite(r->out.data, 1, r->out.len, kg_output_stream(out)) != r->out.len) {
        rc = kg_error__set(KG_EIO, "%s: write failed: %s", path, strerror(errno));
        goto cleanup;
    }
    if ((rc = kg_output_sync(out)) != KG_OK)
        goto cleanup;
    /* the swap: from here on only renames */
    if (!exists) {
        if (rename(tmp, dir) != 0) {
            rc = kg_error__set(KG_EIO, "cannot rename '%s' to '%s': %s", tmp, dir, strerror(errno));
            goto cleanup;
        }
        made = 0;
    } else if (renameat2(AT_FDCWD, tmp, AT_FDCWD, dir, RENAME_EXCHANGE) == 0) {
        swapped = 1; /* the old directory is at tmp now */
    } else if (errno == EINVAL || errno == ENOSYS) {
        /* no RENAME_EXCHANGE on this file system: two renames, the old one kept aside */
        if (!(old = kg__malloc(strlen(tmp) + 8)))
            goto oom;
        sprintf(old, "%s.old", tmp);
        if (rename(dir, old) != 0) {
            rc = kg_error__set(KG_EIO, "cannot replace '%s': %s", dir, strerror(errno));
            goto cleanup;
        }
        if (rename(tmp, dir) != 0) {
            rc = kg_error__set(KG_EIO, "cannot replace '%s': %s", dir, strerror(errno));
            rename(old, dir);
            goto cleanup;
        }
        made = 0;
        swapped = 2; /* the old directory is at old */
    } else {
        rc = kg_error__set(KG_EIO, "cannot replace '%s': %s", dir, strerror(errno));
        goto cleanup;
    }
    rc = kg_output_commit(out);
    out = NULL;
    if (rc != KG_OK) { /* the report stayed as it was: so does its directory */
        if (swapped == 1) {
            renameat2(AT_FDCWD, tmp, AT_FDCWD, dir, RENAME_EXCHANGE);
        } else if (swapped == 2) {
            if (rename(dir, tmp) == 0)
                made = 1;
            rename(old, dir);
        } else if (rename(dir, tmp) == 0) {
            made = 1; /* there was none: the new one goes */
        }
        goto cleanup;
    }
    if (swapped == 2)
        remove_dir(old); /* the old directory, its kept files linked into the new one */
    goto cleanup;
oom:
    rc = kg_error__set(KG_ENOMEM, "out of memory writing the report");
cleanup:
    kg_output_abort(out);
    if (made || swapped == 1)
        remove_dir(tmp); /* the new directory after a failure, or the old one after a swap */
    kg_free(old);
    kg_free(tmp);
    kg_free(dir);
    return rc;
}

int kg_report_write(const kg_dataset *ds, const kg_report_options *opts, const char *path,
                    kg_diagnostics *diags)
{
    kg_report_options defaults;
    report r;
    int rc = KG_OK;
    size_t n = ds ? kg_dataset_entity_count(ds) : 0, m = ds ? kg_dataset_relation_count(ds) : 0;
    char *dir = NULL, *linked = NULL;

    memset(&r, 0, sizeof r);
    if (!ds || !path)
        return kg_error__set(KG_EUSAGE, "no dataset or no output path for the report");
    if (!opts) {
        kg_report_options_init(&defaults);
        opts = &defaults;
    }
    r.ds = ds;
    r.opts = opts;
    r.md = opts->format == KG_REPORT_MARKDOWN;
    r.diags = diags;
    if (r.md && strcmp(path, "-") == 0)
        return kg_error__set(KG_EUSAGE, "a Markdown report needs a file name (its SVG files "
                            "go beside it), not standard output");

    r.emask = kg__malloc(n ? n : 1);
    r.rmask = kg__malloc(m ? m : 1);
    r.focus = kg__calloc(n ? n : 1, sizeof *r.focus);
    if (!r.emask || !r.rmask || !r.focus)
        goto oom;
    for (size_t i = 0; i < n; i++)
        r.emask[i] = !opts->entity_mask || opts->entity_mask[i];
    for (size_t i = 0; i < m; i++)
        r.rmask[i] = !opts->relation_mask || opts->relation_mask[i];
    kg_view_close(r.rmask, r.emask, ds);
    kg_stats_options so;
    kg_stats_options_init(&so);
    so.entity_mask = r.emask;
    so.relation_mask = r.rmask;
    if ((rc = kg_stats_compute(&r.stats, ds, &so)) != KG_OK)
        goto cleanup;
    size_t n_docs;
    const kg_stats_count *docs = kg_stats_counts(r.stats, KG_STATS_DOCUMENTS, &n_docs);
    for (size_t i = 0; i < n_docs; i++)
        r.documents += docs[i].name[0] != '\0';

    if (make_names(&r) != KG_OK)
        goto oom;
    /* every diagram first, in memory: a layout failure writes nothing */
    if (kg_stats_get_totals(r.stats)->entities &&
        (rc = diagram(&r, r.emask, r.rmask, 1, "ov-", &r.overview)) != KG_OK)
        goto cleanup;
    /* the focused diagrams, in report order, each while it fits in what is left of the
     * budget of drawn nodes and edges: their layouts cost about their size */
    if (build_incidence(&r) != KG_OK ||
        !(r.fe = kg__calloc(n ? n : 1, 1)) || !(r.fr = kg__calloc(m ? m : 1, 1)) ||
        !(r.f_nodes = kg__malloc((n ? n : 1) * sizeof *r.f_nodes)) ||
        !(r.f_rels = kg__malloc((m ? m : 1) * sizeof *r.f_rels)) ||
        !(r.no_diagram = kg__calloc(n ? n : 1, 1)))
        goto oom;
    r.budget = opts->diagram_budget;
    size_t with_relations = 0;
    for (size_t i = 0; i < n; i++) {
        size_t size;
        if (!r.emask[i] || r.inc_start[i] == r.inc_start[i + 1]) /* in no relation of the view */
            continue;
        with_relations++;
        if (!focus_select(&r, i, r.budget - r.budget_used, &size)) {
            r.no_diagram[i] = 1;
            r.left_out++;
            continue;
        }
        r.budget_used += size;
        kg_buf__clear(&r.tmp);
        char *prefix = kg_buf__printf(&r.tmp, "f-%s-", r.names[i]) ? NULL
                                                                  : kg__strdup(kg_buf__str(&r.tmp));
        rc = prefix ? diagram(&r, r.fe, r.fr, 0, prefix, &r.focus[i]) : KG_ENOMEM;
        kg_free(prefix);
        focus_clear(&r);
        if (rc == KG_ENOMEM)
            goto oom;
        if (rc != KG_OK)
            goto cleanup;
    }
    if (r.left_out)
        kg_diagnostics_add(diags, KG_SEVERITY_WARNING, NULL, 0,
                           "%zu of %zu entity sections have no diagram: the focused "
                           "diagrams' budget of %zu drawn nodes and edges was spent "
                           "(raise it with --diagram-budget)", r.left_out, with_relations,
                           r.budget);

    if (r.md) {
        if (files_dir(path, &dir, &linked) != KG_OK || register_headings(&r) != KG_OK)
            goto oom;
        r.files_dir = linked;
    }
    if ((rc = write_document(&r)) != KG_OK)
        goto cleanup;

    if (r.md)
        rc = write_markdown(&r, path, dir);
    else
        rc = kg_output_write_file(path, r.out.data ? r.out.data : "", r.out.len);
    goto cleanup;

oom:
    rc = kg_error__set(KG_ENOMEM, "out of memory writing the report");
cleanup:
    for (size_t i = 0; r.focus && i < n; i++)
        kg_free(r.focus[i]);
    kg_free(r.focus);
    for (size_t i = 0; r.names && i < n; i++)
        kg_free(r.names[i]);
    kg_free(r.names);
    kg_free(r.inc_start);
    kg_free(r.inc);
    kg_free(r.own_start);
    kg_free(r.own);
    kg_free(r.fe);
    kg_free(r.fr);
    kg_free(r.f_nodes);
    kg_free(r.f_rels);
    kg_free(r.no_diagram);
    kg_free(r.overview);
    kg_free(r.emask);
    kg_free(r.rmask);
    kg_stats_free(r.stats);
    kg_buf__free(&r.out);
    kg_buf__free(&r.tmp);
    for (size_t i = 0; i < r.n_headings; i++)
        kg_free(r.headings[i]);
    kg_free(r.headings);
    kg_free(r.slugs);
    kg_free(dir);
    kg_free(linked);
    return rc;
}
