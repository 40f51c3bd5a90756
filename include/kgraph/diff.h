/* kgraph/diff.h: what changed between two versions of a relation set.
 *
 * A diff compares two datasets semantically: an entity or a source is identified by its
 * id, a relation by (source id, relation, target id). Row order, quoting, line endings,
 * a BOM and the order of columns never count as changes; values are compared as the
 * model holds them (an empty label is the id, an empty polarity is neutral, confidence
 * "0.5" equals "0.50"). Columns kgraph does not know are compared by header name.
 *
 * What a diff reports, in a fixed order (entities and sources by id, relations by
 * source id, relation and target id, bytewise), independent of the order of the rows:
 *   - entities and sources added, removed and changed, with each field that differs;
 *   - entities renamed: an entity of the old version whose id is gone and one of the new
 *     version whose id is new, with the same label and aliases, and whose relations match
 *     once the old id is read as the new one (the same verbs, other ends and citations;
 *     other renamed entities mapped too). Each label-and-aliases pair must be unique
 *     among the removed and among the added entities. Such a pair is one change,
 *     KG_CHANGE_RENAMED (old_id set, fields: the other fields that differ), and its
 *     relations are not reported as removed and added. Only when both entities and
 *     relations are compared;
 *   - relations added, removed and changed: the relation's polarity (its citations'
 *     polarity, "mixed" when they disagree) and its citations added, removed and changed.
 * Citations of one relation are paired before they are compared: identical ones first,
 * then those citing the same doc, then those with the same quote; a changed citation
 * lists the fields that differ (doc, quote, date, polarity, confidence, claimed_by and
 * unknown columns).
 *
 * The result is an opaque handle read through the accessors below; every pointer it
 * hands out is owned by it and valid until kg_diff_free(). Writers for text, CSV and
 * JSON and the diff diagram (a cgraph graph for kgraph/render.h) are declared at the end.
 */
#ifndef KGRAPH_DIFF_H
#define KGRAPH_DIFF_H

#include <stddef.h>
#include <stdio.h>
#include <graphviz/cgraph.h>
#include "kgraph/common.h"
#include "kgraph/dataset.h"
#include "kgraph/style.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum kg_change {
    KG_CHANGE_ADDED = 0,
    KG_CHANGE_REMOVED = 1,
    KG_CHANGE_CHANGED = 2,
    KG_CHANGE_RENAMED = 3 /* entities only: the same entity under a new id (see below) */
} kg_change;

/* "added", "removed", "changed", "renamed"; NULL for an invalid value. */
KG_API const char *kg_change_name(kg_change change);

/* Which files a diff compares (bits). 0 in kg_diff_options means all of them. */
#define KG_DIFF_ENTITIES 1u
#define KG_DIFF_RELATIONS 2u
#define KG_DIFF_SOURCES 4u
#define KG_DIFF_ALL 7u

/* How kg_diff_load() computes a diff. */
typedef enum kg_diff_method {
    KG_DIFF_AUTO = 0,  /* SCAN for inputs of 8 MiB or more, MODEL otherwise */
    KG_DIFF_MODEL = 1, /* load both datasets (kg_dataset_load) and compare the models */
    KG_DIFF_SCAN = 2   /* compare the files directly: both sides are scanned in parallel,
                        * every row is validated as the loader validates it and hashed, and
                        * only relations whose rows differ are looked at closely. Whenever
                        * a side is not plainly valid (any error or warning, unusual CSV
                        * such as spaces around a field, a lone CR) or has a vocabulary
                        * (kgraph/dataset.h), the diff falls back to MODEL, so results and
                        * messages are always MODEL's. */
} kg_diff_method;

typedef struct kg_diff_options {
    unsigned kinds;        /* KG_DIFF_* bits; 0 = KG_DIFF_ALL */
    kg_diff_method method; /* kg_diff_load() only */
    /* kg_diff_load() only. Nonzero: each side's load options name only the one file of
     * kinds (a single bit): the other files of the dataset are not read, and the file's
     * references to them (relations.csv's entity ids and docs) are taken as they are.
     * For `git diff` on one file of a dataset. */
    int single_file;
} kg_diff_options;

/* Fills *opts with the defaults: every kind, method AUTO, whole datasets. */
KG_API void kg_diff_options_init(kg_diff_options *opts);

typedef struct kg_diff kg_diff;

/* Compares two loaded datasets (neither is changed or kept: both may be freed after the
 * call, but kg_diff_graph_build() needs them again). opts may be NULL (defaults; the
 * method is ignored). Returns KG_OK and the diff in *out (free with kg_diff_free), or
 * KG_ENOMEM with *out NULL. */
KG_API int kg_diff_compute(kg_diff **out, const kg_dataset *old_ds, const kg_dataset *new_ds,
                    const kg_diff_options *opts);

/* One side of kg_diff_load(). */
typedef struct kg_diff_input {
    const char *dir;              /* dataset directory, or NULL when opts names the files */
    const kg_load_options *load;  /* NULL: defaults */
    kg_diagnostics *diags;        /* receives this side's errors and warnings; may be NULL */
} kg_diff_input;

/* Loads two datasets and compares them, by opts->method. Each side's problems go to its
 * own diags exactly as kg_dataset_load() reports them. Returns KG_OK and the diff in
 * *out (free with kg_diff_free); otherwise *out is NULL and the result is the first
 * failing side's (KG_EINVALID, KG_EIO, KG_ELIMIT) or KG_ENOMEM; both sides are always
 * loaded, so the messages of both are in their diags. */
KG_API int kg_diff_load(kg_diff **out, const kg_diff_input *old_in, const kg_diff_input *new_in,
                 const kg_diff_options *opts);

/* ---- the two versions as a command line names them ----------------------------------- */

/* Two versions ready for kg_diff_load() or kg_dataset_load(), resolved from what a user
 * names: kg_diff_sides_open() or kg_diff_sides_open_files(). Opaque; it owns whatever it
 * read or made up, and borrows the caller's strings (the specs, load's paths and map
 * headers), which must outlive it. Free with kg_diff_sides_free(). */
typedef struct kg_diff_sides kg_diff_sides;

/* The file of a dataset that name ends in ("entities.csv", "old_relations.csv", also
 * "relations.tsv" and the like), as a kg_file_kind; -1 when none. */
KG_API int kg_diff_file_kind(const char *name);

/* Resolves each spec, as `kgraph diff OLD NEW` does: an existing directory is a dataset;
 * an existing regular file is the one file of a dataset its name ends in
 * (kg_diff_file_kind), a relations file when its name is another *.csv or *.tsv (an
 * edge list); a directory's kgraph.ini gives that side's files, delimiter and mappings
 * where load sets none (kg_config_apply; its first error is the result);
 * /dev/null (or another non-regular file) is nothing: an empty
 * version of what the other side is (header-only files); anything else holding ':' is
 * REV:PATH, read now with `git cat-file` run from PATH (a tree is a dataset, without a
 * sources.csv when it has none; a blob one file; a blob over load->max_file_bytes is
 * refused unread). A path that exists is never taken as REV:PATH. load: both sides' load
 * options, copied (NULL: defaults); its paths[] name files both versions share, which
 * git does not read. Returns KG_OK and *out; otherwise *out is NULL, the message is in
 * kg_last_error() and the status is KG_EUSAGE when the two cannot be compared (both
 * empty, a dataset and a file, two kinds of file), KG_EINVALID (a name of no dataset
 * file, a git object neither tree nor blob), KG_EIO (missing, unreadable, not in git,
 * git not runnable), KG_ELIMIT (over the size limit) or KG_ENOMEM. */
KG_API int kg_diff_sides_open(kg_diff_sides **out, const char *old_spec, const char *new_spec,
                       const kg_load_options *load);

/* The two files git hands an external diff driver (its temporary files, or /dev/null
 * for a side that lacks the file): both are read whole now (one over
 * load->max_file_bytes refused unread), are the file of a dataset old_name ends in, and
 * are named old_name and new_name in messages (e.g. "a/data/relations.csv"); load's
 * paths are ignored. Returns KG_OK and *out, or KG_EUSAGE (old_name is no dataset file),
 * KG_EIO, KG_ELIMIT or KG_ENOMEM with *out NULL and the message in kg_last_error(). */
KG_API int kg_diff_sides_open_files(kg_diff_sides **out, const char *old_file, const char *old_name,
                             const char *new_file, const char *new_name,
                             const kg_load_options *load);

/* What the sides are: KG_DIFF_ALL for datasets, else the KG_DIFF_* bit of the one file
 * both sides are (even when load's paths name the other files). */
KG_API unsigned kg_diff_sides_kind(const kg_diff_sides *sides);

/* Fills dir and load of both inputs (diags is left to the caller), and opts->kinds and
 * opts->single_file: a file side with no other file named by load's paths is compared
 * alone (single_file), a dataset or a file with those other files as a whole dataset.
 * The inputs point into sides: valid until kg_diff_sides_free(). */
KG_API void kg_diff_sides_inputs(const kg_diff_sides *sides, kg_diff_input *old_in,
                          kg_diff_input *new_in, kg_diff_options *opts);

/* Frees the sides and what they read. NULL does nothing. */
KG_API void kg_diff_sides_free(kg_diff_sides *sides);

/* Frees the diff and everything it handed out. NULL does nothing. */
KG_API void kg_diff_free(kg_diff *diff);

/* Restricts a diff to a view (kgraph/view.h) of each side: an entity change is kept when
 * the entity is selected on either side (old_entity_mask[old_index] or
 * new_entity_mask[new_index]), a relation change when the relation is selected on either
 * side; source changes are all kept. A NULL mask selects everything on its side. diff must
 * come from kg_diff_compute(old_ds, new_ds) (KG_EUSAGE otherwise); returns KG_OK. */
KG_API int kg_diff_restrict(kg_diff *diff, const kg_dataset *old_ds, const kg_dataset *new_ds,
                     const unsigned char *old_entity_mask, const unsigned char *old_relation_mask,
                     const unsigned char *new_entity_mask, const unsigned char *new_relation_mask);

/* The method that produced the diff: KG_DIFF_MODEL or KG_DIFF_SCAN. */
KG_API kg_diff_method kg_diff_method_used(const kg_diff *diff);

/* ---- the changes: read-only views owned by the diff --------------------------------- */

/* One field that differs. name is the column ("label", "polarity", or an unknown column's
 * header); old_value / new_value are "" on the side that lacks the item or the value. */
typedef struct kg_field_change {
    const char *name;
    const char *old_value;
    const char *new_value;
} kg_field_change;

/* An entity or a source added, removed or changed. fields: for a change, the fields
 * that differ; for an addition or removal, every field with a value (label for an
 * entity always), in column order (known columns first, then unknown ones by name). */
typedef struct kg_record_change {
    kg_change change;
    const char *id;
    const kg_field_change *fields;
    size_t field_count;
    size_t old_index; /* index in the old dataset (kg_dataset_entity / _source), or KG_NONE
                       * (absent there, or the diff was not computed from datasets) */
    size_t new_index; /* the same in the new dataset */
    const char *old_id; /* KG_CHANGE_RENAMED: the id in the old version (id is the new
                         * one); NULL otherwise */
} kg_record_change;

/* A citation added, removed or changed inside a relation. fields: as for records, over
 * doc, quote, date, polarity (always given for additions and removals), confidence,
 * claimed_by and unknown columns. doc is the citation's doc on the new side (the old
 * one when removed), "" when it has none. */
typedef struct kg_citation_change {
    kg_change change;
    const char *doc;
    const kg_field_change *fields;
    size_t field_count;
} kg_citation_change;

/* A relation added, removed or changed. fields holds "polarity" when it differs (and, for
 * an addition or removal, always). A changed relation has at least one differing
 * citation or a different polarity. */
typedef struct kg_relation_change {
    kg_change change;
    const char *source, *relation, *target; /* ids and verb */
    const kg_field_change *fields;
    size_t field_count;
    const kg_citation_change *citations;
    size_t citation_count;
    size_t old_citations, new_citations; /* its number of citations on each side */
    size_t old_index, new_index;         /* as in kg_record_change */
} kg_relation_change;

/* Numbers of entity, relation and source changes in diff. Never fail. */
KG_API size_t kg_diff_entity_count(const kg_diff *diff);
KG_API size_t kg_diff_relation_count(const kg_diff *diff);
KG_API size_t kg_diff_source_count(const kg_diff *diff);
/* The i-th change of each kind, in the order described at the top; NULL when out of
 * range. */
KG_API const kg_record_change *kg_diff_entity(const kg_diff *diff, size_t i);
KG_API const kg_relation_change *kg_diff_relation(const kg_diff *diff, size_t i);
KG_API const kg_record_change *kg_diff_source(const kg_diff *diff, size_t i);

/* Counts per kind, indexed by kg_change (only entities are ever renamed). */
typedef struct kg_diff_totals {
    size_t entities[4];
    size_t relations[4];
    size_t sources[4];
} kg_diff_totals;

/* Fills *out with the counts of diff's changes by kind (added, removed, changed,
 * renamed). */
KG_API void kg_diff_totals_get(const kg_diff *diff, kg_diff_totals *out);
/* Nonzero when nothing differs. */
KG_API int kg_diff_is_empty(const kg_diff *diff);

/* Writes the summary line, without a newline, into buf (cap bytes, NUL-terminated,
 * truncated as snprintf does): "3 relations added, 1 removed, 2 changed; 1 entity added,
 * 1 renamed",
 * kinds in the order relations, entities, sources, each with only its nonzero counts;
 * "no differences" when empty. Returns the length the full line needs. */
KG_API size_t kg_diff_summary(const kg_diff *diff, char *buf, size_t cap);

/* ---- writers ------------------------------------------------------------------------- */

typedef enum kg_diff_format {
    KG_DIFF_TEXT = 0, /* +, - and ~ lines for people, a summary line at the end */
    KG_DIFF_CSV = 1,  /* one row per field change: change,kind,id,source,relation,target,
                       * citation,field,old,new */
    KG_DIFF_JSON = 2, /* one object: summary and every change with old and new values */
    KG_DIFF_CSV_RAW = 3 /* KG_DIFF_CSV with every field as it is (--csv-raw): KG_DIFF_CSV
                         * writes a field beginning with '=', '+', '-', '@', a tab or a
                         * carriage return that is not a plain number quoted with a single
                         * quote before it, as OWASP recommends against formula injection */
} kg_diff_format;

typedef struct kg_diff_write_options {
    kg_diff_format format;
    int color;            /* text: nonzero colours the lines with ANSI escapes */
    const char *header;   /* text: a first line to print (e.g. "kgraph diff a b"), or NULL */
} kg_diff_write_options;

/* Writes the diff to stream in the given format (see the README for each layout). Text
 * from data is written as it is, except that control characters are shown as \n, \t
 * or \xNN in text output, C1 controls (U+0080-U+009F) and bidirectional controls
 * (U+202A-U+202E, U+2066-U+2069) as \uXXXX, and escaped as each format requires in CSV
 * and JSON.
 * Returns KG_OK, KG_EUSAGE (unknown format) or KG_EIO (a write failed). */
KG_API int kg_diff_write(const kg_diff *diff, const kg_diff_write_options *opts, FILE *stream);

/* ---- the diff diagram ----------------------------------------------------------------- */

typedef struct kg_diff_graph_options {
    const char *name;      /* graph name; NULL means "kgraph_diff" */
    const char *title;     /* title drawn on top; NULL or "" for none */
    int legend;            /* nonzero (the default): draw the legend of the colours */
    const kg_style *style; /* NULL: built-in styles; only node shapes are taken from it */
    /* Negative (the default): the whole union of both versions. N >= 0: only what
     * changed (added, removed and changed entities, the ends of changed relations) and
     * the entities within N hops of it in either version, with the relations among them. */
    int context;
    /* Views of each side (NULL: everything): an entity is drawn only when it is selected
     * on a side it exists on, a relation likewise (see kg_diff_restrict). */
    const unsigned char *old_entity_mask, *old_relation_mask;
    const unsigned char *new_entity_mask, *new_relation_mask;
    /* Nonzero: every edge carries its relation as a label. 0 (the default): edges carry
     * labels only when at most KG_EDGE_LABELS_MAX (render.h) are drawn, as for
     * kg_graph_options (a note in diags says so); the relation stays in the tooltip. */
    int all_edge_labels;
    /* 0 (the default): the relations from one entity to another are one drawn edge, as in
     * kg_graph_build. Nonzero: one edge per relation (--each-relation). */
    int each_relation;
} kg_diff_graph_options;

/* Fills *opts with the defaults (legend on, no title, the whole union). */
KG_API void kg_diff_graph_options_init(kg_diff_graph_options *opts);

/* Builds the diff diagram: the union of both versions, with what was added in blue,
 * removed in magenta and dashed, changed in amber and the rest in light grey (no colour
 * of a polarity), and a legend of these colours. A renamed entity is one node, changed,
 * labelled with its label and "OLD → NEW", class "entity diff-changed diff-renamed".
 * Relations from one entity to another are one edge (each_relation: one each), whose
 * label has a line per relation: its verb and, when changed, what changed
 * ("opposes (negative → neutral)", "partners_with (+2 citations)", "meets (1 citation
 * changed)"); an edge of changed relations is labelled even past KG_EDGE_LABELS_MAX.
 * Element ids are those of kgraph/graph.h ("e-ID", "r-S--R--T" for an edge of one
 * relation, "r-S--T" for several), classes "entity diff-STATUS" and "relation rel-VERB...
 * diff-STATUS" (STATUS: added, removed, changed, unchanged; an edge whose relations differ
 * in status is changed). Every value from data goes through the same escaping as kg_graph_build.
 * diff must come from kg_diff_compute(old_ds, new_ds) (KG_EUSAGE otherwise). Returns
 * KG_OK and the graph in *out (free with kg_graph_free), KG_ENOMEM or KG_EGRAPHVIZ. */
KG_API int kg_diff_graph_build(Agraph_t **out, const kg_diff *diff, const kg_dataset *old_ds,
                        const kg_dataset *new_ds, const kg_diff_graph_options *opts,
                        kg_diagnostics *diags);

#ifdef __cplusplus
}
#endif
#endif
