/* kgraph/layout.h: saved layouts (where every node was drawn) and time slices, so that
 * diagrams of successive versions of a dataset keep their nodes in place.
 *
 * A kg_layout is the position of every drawn node of one diagram: entity nodes by entity
 * id, other drawn nodes (the legend's) by their SVG id, plus the drawing's bounding box,
 * the engine that made it and the dataset it was made from. It is written and read as
 * JSON, format "kgraph-layout" version 1 (docs/layouts.md). Coordinates are Graphviz
 * points, y upwards, node centres.
 *
 * Saving: give an empty layout (kg_layout_new) as kg_render_options.layout_save; the
 * render fills it after the layout; write it with kg_layout_write.
 * Reusing: give a layout read with kg_layout_read as kg_render_options.layout_from: the
 * nodes it holds keep their positions exactly; nodes it does not hold are placed near
 * their drawn neighbours, on free space (no overlap with any node), without moving any
 * other; nodes it holds that the graph lacks are left out; edges are routed afresh
 * (neato with every node pinned); the drawing covers at least the saved nodes' extent, so
 * the same node stands on the same spot of the page.
 *
 * Errors: every function returns KG_OK or a kg_status with the message in
 * kg_last_error(). Messages about a file start with its path ("FILE: ..." or
 * "FILE:LINE: ..."). Not thread-safe (the error record and Graphviz are process-wide).
 */
#ifndef KGRAPH_LAYOUT_H
#define KGRAPH_LAYOUT_H

#include <stddef.h>
#include "kgraph/common.h"
#include "kgraph/dataset.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The format name and the newest version this library reads and writes. */
#define KG_LAYOUT_FORMAT "kgraph-layout"
#define KG_LAYOUT_VERSION 1
/* A layout file shares too few entities with a dataset when fewer than this share of the
 * smaller of the two entity sets is in common (kg_layout_check). */
#define KG_LAYOUT_MIN_SHARED 0.5
/* The largest layout file read (bytes) and the most nodes it may hold. */
#define KG_LAYOUT_MAX_BYTES (256u << 20)
#define KG_LAYOUT_MAX_NODES 1000000u
/* The largest coordinate (either sign) and node size a layout file may hold, in points:
 * far beyond any drawing kgraph makes, and within what Graphviz's label placement
 * handles (larger values fail an assertion inside it). */
#define KG_LAYOUT_MAX_COORD 1e6
#define KG_LAYOUT_MAX_SIZE 1e5

typedef struct kg_layout kg_layout;

/* One node of a layout. entity: the entity id for an entity's node, else NULL; element:
 * the SVG id of another drawn node (e.g. "legend-type-person"), else NULL. x, y: centre;
 * width, height: the node's size; all in points. Strings owned by the layout. */
typedef struct kg_layout_node {
    const char *entity;
    const char *element;
    double x, y, width, height;
} kg_layout_node;

/* A new, empty layout (to be filled by a render, or by kg_layout_add). Returns KG_OK and
 * *out (free with kg_layout_free), or KG_ENOMEM. */
KG_API int kg_layout_new(kg_layout **out);
/* Frees a layout. NULL does nothing. */
KG_API void kg_layout_free(kg_layout *layout);

/* Records the dataset a layout is made from: its name (any text, e.g. the directory's
 * base name; NULL for none) and ds's fingerprint (kg_dataset_fingerprint). Returns KG_OK
 * or KG_ENOMEM. */
KG_API int kg_layout_set_dataset(kg_layout *layout, const char *name, const kg_dataset *ds);

/* The fingerprint of a dataset: "fnv1a64:" and 16 hex digits, a hash of its sorted entity
 * ids and sorted relation keys (source, relation, target). Equal fingerprints mean the
 * same entities and relations (quotes, labels, dates may differ); it identifies a
 * version, it does not decide whether a layout fits (kg_layout_check does). Writes it
 * into out (at least 25 bytes). */
KG_API void kg_dataset_fingerprint(const kg_dataset *ds, char out[25]);

/* Adds a node (entity or element non-NULL, not both; copied). Returns KG_OK, KG_EUSAGE
 * (neither or both, or a key already present) or KG_ENOMEM. */
KG_API int kg_layout_add(kg_layout *layout, const char *entity, const char *element, double x,
                         double y, double width, double height);
/* Number of nodes, and node i (0 <= i < count, in the order added or read). */
KG_API size_t kg_layout_count(const kg_layout *layout);
KG_API const kg_layout_node *kg_layout_get(const kg_layout *layout, size_t i);
/* The node of an entity id (element NULL) or of an SVG id (entity NULL), or NULL. */
KG_API const kg_layout_node *kg_layout_find(const kg_layout *layout, const char *entity,
                                            const char *element);
/* The engine that made the layout ("dot", "neato" ...; "" when unknown), the dataset's
 * name and fingerprint as recorded ("" when none). Owned by the layout. */
KG_API const char *kg_layout_engine(const kg_layout *layout);
KG_API const char *kg_layout_dataset_name(const kg_layout *layout);
KG_API const char *kg_layout_fingerprint(const kg_layout *layout);
/* The drawing's bounding box (llx, lly, urx, ury, points) as Graphviz gave it; all 0
 * for a layout never filled. */
KG_API void kg_layout_bb(const kg_layout *layout, double bb[4]);

/* Reads a layout file. path "-" is not accepted. Returns KG_OK and *out (kg_layout_free);
 * KG_EIO (cannot read: "FILE: ..."); KG_EINVALID for a file that is not a layout:
 * malformed JSON, invalid UTF-8, a missing or mistyped member, another format name
 * ("FILE:LINE: ..."), a version newer than KG_LAYOUT_VERSION ("FILE: layout format
 * version N is newer than this kgraph reads (1): ..."), more than the limits above;
 * KG_ENOMEM. *out is NULL on failure. */
KG_API int kg_layout_read(kg_layout **out, const char *path);
/* The same for text in memory (len bytes); name is used in messages in place of FILE. */
KG_API int kg_layout_parse(kg_layout **out, const char *text, size_t len, const char *name);

/* Writes the layout as JSON into path atomically (kg_output: an existing file is left
 * as it was on failure; "-" is stdout). The same layout gives the same bytes. Returns
 * KG_OK, KG_EIO ("FILE: ...") or KG_EUSAGE (path is an input of the command). */
KG_API int kg_layout_write(const kg_layout *layout, const char *path);

/* Checks that a layout read from file (its path, for messages) fits ds: entity_mask
 * NULL or one byte per entity (the view drawn). Counts the entities the layout holds
 * that ds has (drawn ones), against the smaller of the layout's entity count and the
 * drawn entity count: below KG_LAYOUT_MIN_SHARED it is another dataset's layout, and
 * the result is KG_EINVALID with "FILE: layout of another dataset ('NAME', fingerprint
 * F): only N of its M entities ...". A layout with no entity nodes fits anything.
 * *shared (may be NULL) receives the count in common. Returns KG_OK or KG_EINVALID. */
KG_API int kg_layout_check(const kg_layout *layout, const char *file, const kg_dataset *ds,
                           const unsigned char *entity_mask, size_t *shared);

/* ---- time slices --------------------------------------------------------------------
 *
 * Periods: year, quarter, month, or explicit dates (cut points). The date of a citation
 * is its own date (relations.csv), else its source's date (sources.csv, by doc), else it
 * has none; a partial date stands for its first day ("2022" is 2022-01-01, "2022-02" is
 * 2022-02-01). Undated citations are in no slice (they are counted apart).
 * The periods run from the earliest dated citation's period to the latest's; with
 * explicit dates D1 < D2 < ... < Dn the periods are [D1, D2), [D2, D3), ... [Dn, ...),
 * dates before D1 falling in no period but cumulative frames counting them. A slice
 * holds the relations with a citation dated within it (window) or on or before its end
 * (cumulative), and the ends of those relations.
 */

typedef enum kg_slice_unit {
    KG_SLICE_YEAR = 0,
    KG_SLICE_QUARTER = 1,
    KG_SLICE_MONTH = 2,
    KG_SLICE_DATES = 3 /* explicit cut dates */
} kg_slice_unit;

typedef struct kg_slice {
    char label[32];        /* "2022", "2022-Q1", "2022-02", or "2022-02-24" (its first day) */
    char start[11];        /* first day, YYYY-MM-DD */
    char end[11];          /* first day of the next period, YYYY-MM-DD ("9999-12-31" for none) */
    size_t entities;       /* drawn entities */
    size_t relations;      /* drawn relations */
    size_t citations;      /* citations counted (in the period, or up to its end) */
    size_t new_citations;  /* citations dated within the period */
} kg_slice;

typedef struct kg_slices kg_slices;

/* Parses a --slices value: "year", "quarter", "month"; one of those with a range,
 * "month:FROM..TO" (dates YYYY, YYYY-MM or YYYY-MM-DD: the periods from FROM's to TO's,
 * whatever the data's dates); or a comma-separated list of YYYY-MM-DD dates (at least
 * one, strictly increasing). Returns KG_OK with *unit, and the dates copied into *dates
 * (n of them; each and the array freed with kg_free): the cut dates for KG_SLICE_DATES,
 * the range's first days (n = 2) for a range, else *dates NULL and *n 0; KG_EUSAGE
 * naming the bad part; KG_ENOMEM. */
KG_API int kg_slices_parse(const char *spec, kg_slice_unit *unit, char ***dates, size_t *n);

/* Cuts ds into slices. entity_mask, relation_mask: the view (NULL: everything); only
 * its relations are sliced. window: nonzero for only each period's citations, 0 for
 * cumulative. dates/n_dates: as kg_slices_parse gives them (the cut dates for
 * KG_SLICE_DATES; a range FROM, TO for another unit: citations before FROM count in
 * cumulative frames, those after TO's period in none). Returns KG_OK and *out
 * (kg_slices_free); KG_EUSAGE ("no dated citation to slice"), KG_ELIMIT (more than
 * 1000 periods), KG_ENOMEM. */
KG_API int kg_slices_make(kg_slices **out, const kg_dataset *ds, const unsigned char *entity_mask,
                          const unsigned char *relation_mask, kg_slice_unit unit,
                          const char *const *dates, size_t n_dates, int window);
KG_API void kg_slices_free(kg_slices *slices);
/* Number of slices, and slice i's description (owned by slices). */
KG_API size_t kg_slices_count(const kg_slices *slices);
KG_API const kg_slice *kg_slices_get(const kg_slices *slices, size_t i);
/* Slice i's masks: one byte per entity / relation of ds (owned by slices), for
 * kg_graph_options. The union of all slices is *_mask of i = (size_t)-1. */
KG_API const unsigned char *kg_slices_entity_mask(const kg_slices *slices, size_t i);
KG_API const unsigned char *kg_slices_relation_mask(const kg_slices *slices, size_t i);
/* Citations of the view with no date at all (neither their own nor their source's). */
KG_API size_t kg_slices_undated(const kg_slices *slices);

/* Writes the slice page to path atomically: a self-contained HTML page (no external
 * request: style and script inline) holding every frame inline, fragments[i] the SVG of
 * slice i as kg_svg_embed writes it with fragment set and a distinct id prefix per frame
 * (inserted as it is: it must come from kgraph). The page steps through the slices with
 * a slider and the arrow keys (Home, End too) and shows each period's label and counts;
 * each frame is a <figure class="slice" id="slice-N" data-label="LABEL">. title: the
 * heading (escaped). window: as given to kg_slices_make (said on the page). Returns
 * KG_OK, KG_EIO ("FILE: ..."), KG_EUSAGE (path is an input) or KG_ENOMEM. */
KG_API int kg_slices_write_index(const kg_slices *slices, const char *path, const char *title,
                                 const char *const *fragments, int window);

#ifdef __cplusplus
}
#endif
#endif
