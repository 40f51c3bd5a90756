/* kgraph/report.h: a report of a dataset in one file: HTML (self-contained) or Markdown.
 *
 * A report holds a title, the overview diagram with its legend, summary statistics
 * computed by kgraph/stats.h on the view (counts, connected components, tallies, and the
 * most connected entities by degree with their citations and betweenness centrality), a
 * section per entity (its focused diagram: the entity and its direct neighbours, within
 * the diagram budget (kg_report_options.diagram_budget); and a table of its relations
 * with their quotes and sources), the list of sources, and an evidence appendix listing every citation of every
 * relation. Everything is limited to a view (entity and relation masks, see
 * kgraph/view.h).
 *
 * HTML: one file with inline CSS and inline SVG (kg_svg_embed fragments, ids prefixed
 * per diagram); it loads nothing: the only links are to its own sections and, as plain
 * outbound links, the http/https/relative urls of entities and sources. Nodes link to
 * their entity's section ("#entity-ENC(id)", ENC as in kgraph/graph.h: injective, and an
 * HTML id has no length limit).
 * Markdown (GitHub-flavoured): the same structure; the diagrams are SVG files in the
 * directory NAME_files beside NAME.md (overview.svg, entity-NAME(id).svg), linked
 * relatively; nodes link to their entity's url.
 *
 * NAME(id), the one name every file name, link and element id derived from an entity id
 * uses (the SVG file and its link, the HTML zoom toggle "zoom-entity-NAME(id).svg", the
 * diagram id prefix "f-NAME(id)-"): ENC(id) when that has at most KG_REPORT_NAME_MAX
 * bytes; else a readable prefix (whole characters, ENC'd) cut so that the whole name has
 * at most KG_REPORT_NAME_MAX bytes, then '-' and 16 hex digits of a 64-bit FNV-1a hash of
 * the id ('-' never occurs in ENC, so a cut name never equals a whole one); equal cut
 * names (a hash collision) get "-2", "-3"... in entity order. File names thus stay far
 * below NAME_MAX (255 bytes) and the link always matches the file. Text from data is escaped (Markdown
 * metacharacters with backslashes, '|' in tables; line breaks become spaces).
 *
 * Output is deterministic: the same dataset and options give the same bytes.
 */
#ifndef KGRAPH_REPORT_H
#define KGRAPH_REPORT_H

#include "kgraph/common.h"
#include "kgraph/layout.h"
#include "kgraph/dataset.h"
#include "kgraph/style.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The default budget of drawn nodes and edges over all focused diagrams
 * (kg_report_options.diagram_budget). */
#define KG_REPORT_DIAGRAM_BUDGET 40000

/* The longest name derived from an entity id, in bytes (see above). */
#define KG_REPORT_NAME_MAX 120

typedef enum kg_report_format {
    KG_REPORT_HTML = 0,
    KG_REPORT_MARKDOWN = 1
} kg_report_format;

/* Parses "html" or "md" / "markdown". Returns KG_OK or KG_EUSAGE naming the value. */
KG_API int kg_report_format_parse(kg_report_format *out, const char *name);
/* From a path's extension: .html / .htm, .md / .markdown. KG_OK or KG_EUSAGE. */
KG_API int kg_report_format_from_path(kg_report_format *out, const char *path);

typedef struct kg_report_options {
    kg_report_format format;
    const char *title;      /* NULL or "": "Report" */
    const kg_style *style;  /* NULL: built-in styles */
    const char *engine;     /* the overview's layout engine; NULL: fdp up to 300 nodes
                             * (and with clusters), then by size (kg_engine_choose).
                             * Focused diagrams prefer dot within its limits */
    int cluster_by_type;    /* frame the entities of each type in the overview */
    /* The view: NULL means everything (see kg_graph_options). */
    const unsigned char *entity_mask;
    const unsigned char *relation_mask;
    size_t top;             /* how many "most connected" entities to list (by degree, as
                             * kg_stats_ranked's KG_STATS_BY_DEGREE; entities of degree 0
                             * never); 0: 10 */
    /* The budget of the focused diagrams: drawn nodes plus drawn edges summed over all of
     * them (their layouts cost about that much); KG_REPORT_DIAGRAM_BUDGET by default,
     * 0: no focused diagram, SIZE_MAX: no limit. Entities get their diagram in report order (entity order) while it fits
     * in what is left; a section whose diagram does not fit keeps its text and evidence,
     * with a note in place of the diagram, and one warning in diags counts them. The
     * overview is not counted. */
    size_t diagram_budget;
    /* Saved layouts of the overview (kgraph/layout.h, kg_render_options); NULL: none. */
    const kg_layout *overview_layout_from;
    kg_layout *overview_layout_save;
    /* Every diagram: one edge per relation (kg_graph_options.each_relation) instead of
     * one edge for all the relations from one entity to another (0, the default). */
    int each_relation;
} kg_report_options;

/* Fills *opts with the defaults: HTML, no title, built-in style, everything, the default
 * diagram budget. */
KG_API void kg_report_options_init(kg_report_options *opts);

/* Writes the report of ds to path, atomically: every diagram is rendered in memory
 * first. Markdown, all or nothing: the SVG files are written into a new directory beside
 * NAME_files, with hard links to every file of the old NAME_files the report does not own
 * (anything but overview.svg and entity-*.svg: kept; a subdirectory or special file there
 * is refused with an error, nothing replaced), and the report into a temporary file; only
 * when all of it is written and synced is the new directory swapped with the old one
 * (atomically: renameat2 RENAME_EXCHANGE) and the report renamed into place, the old
 * directory then removed. The directory thus holds exactly the report's images and the
 * files kept. On any failure the old report and the old NAME_files stay as they were.
 * A NAME_files that is a symbolic link to a directory is replaced at its target. path "-" writes
 * HTML to stdout; Markdown needs a file (KG_EUSAGE). Returns KG_OK, KG_EUSAGE,
 * KG_EGRAPHVIZ (layout failed; Graphviz's messages in diags), KG_EIO or KG_ENOMEM, with
 * the reason in kg_last_error(). diags may be NULL. */
KG_API int kg_report_write(const kg_dataset *ds, const kg_report_options *opts, const char *path,
                    kg_diagnostics *diags);

#ifdef __cplusplus
}
#endif
#endif
