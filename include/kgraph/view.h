/* kgraph/view.h: views: selecting the part of a dataset a diagram shows.
 *
 * A view is a pair of masks over a dataset, in the form kg_graph_options takes them:
 * one byte per entity and one per relation (indices as in kg_dataset_entity and
 * kg_dataset_relation), 1 for selected and 0 for left out. Masks from this module hold
 * only 0 and 1 and are freed with kg_free().
 *
 * Filters compose by intersection: each filter yields its own masks, kg_view_intersect()
 * ANDs them, and kg_view_close() finally drops every relation with an end left out, so
 * the result stays a graph (the drawing drops such relations too, but counts and other
 * consumers of the masks should see the same picture).
 *
 * The model never changes: a view is cheap to make, and any number of them can exist
 * for one dataset at once.
 */
#ifndef KGRAPH_VIEW_H
#define KGRAPH_VIEW_H

#include <stddef.h>
#include "kgraph/common.h"
#include "kgraph/dataset.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The default of kg_view_focus's depth: direct neighbours. */
#define KG_VIEW_DEFAULT_DEPTH 1u

/* Focus (ego network): selects the entities within depth hops of any of the focus
 * entities ids[0..n_ids-1] (entity ids, or labels and aliases as kg_entity_resolve in
 * kgraph/names.h takes them; duplicates are allowed) and the
 * relations whose both ends are selected. A hop follows a relation in either direction;
 * the entity a citation is claimed_by is not a hop. depth 0 selects the focus entities
 * only (and the relations among them, self-relations included); a depth beyond the
 * graph's diameter selects the focus entities' connected components.
 * Runs in O(entities + relations + n_ids) time and space.
 * Returns KG_OK with new masks in *entity_mask (kg_dataset_entity_count(ds) bytes) and
 * *relation_mask (kg_dataset_relation_count(ds) bytes), both freed with kg_free(); or,
 * with both set to NULL:
 *   KG_EUSAGE  a name is not an entity's or is ambiguous (kg_entity_resolve's message in
 *              kg_last_error(), for the first such name), or n_ids is 0 ("no focus
 *              entity given");
 *   KG_ENOMEM  out of memory.
 * ds, ids and every ids[i] must be non-NULL (ids may be NULL when n_ids is 0). */
KG_API int kg_view_focus(unsigned char **entity_mask, unsigned char **relation_mask,
                  const kg_dataset *ds, const char *const *ids, size_t n_ids,
                  unsigned depth);

/* Intersects two masks of n bytes: dst[i] becomes 1 when both dst[i] and src[i] are
 * nonzero, 0 otherwise. src NULL means "everything" (dst is only normalised to 0/1). */
KG_API void kg_view_intersect(unsigned char *dst, const unsigned char *src, size_t n);

/* Clears relation_mask[i] for every relation i with an end that entity_mask leaves out
 * (entity_mask NULL means every entity is selected) and normalises the rest to 0/1.
 * relation_mask holds kg_dataset_relation_count(ds) bytes. Returns the number of
 * relations left selected. */
KG_API size_t kg_view_close(unsigned char *relation_mask, const unsigned char *entity_mask,
                     const kg_dataset *ds);

/* Number of nonzero bytes among mask[0..n-1]; n when mask is NULL. */
KG_API size_t kg_view_count(const unsigned char *mask, size_t n);


/* ---- filters: every view option at once ------------------------------------------------
 *
 * What kg_view_select() selects. Each list is of n_* names (NULL when n_* is 0); a field
 * left empty (0, NULL) does not filter. Types, relations and docs are matched exactly
 * (case-sensitive); focus names are resolved by kg_entity_resolve (an id, else a label
 * or alias, else any of them ignoring case; kgraph/names.h).
 *
 * Relation filters: a relation is kept when it passes every one given:
 *   relations    its verb (the relation column) is one of these;
 *   polarities   its polarity (KG_VIEW_POLARITY(p) bits; "mixed" for a relation whose
 *                citations disagree) is one of these;
 *   docs         one of its citations cites one of these docs;
 *   since/until  one of its citations is dated within [since, until] (either may be NULL).
 *                Dates are YYYY, YYYY-MM or YYYY-MM-DD; a partial date stands for the
 *                whole year or month, and a citation passes when its period overlaps the
 *                range: "2022" passes --since 2022-06 and --until 2022-01-15, and
 *                --since 2022 --until 2022 keeps everything dated within 2022.
 *                Undated citations never pass once since or until is given;
 *   min_sources  it is cited by at least this many distinct documents (non-empty docs).
 * Entity filter:
 *   types        only entities of these types ("" names the untyped entities).
 * Then relations with an end left out are dropped; when any relation filter was given,
 * entities are further limited to the ends of the relations kept (plus the focus
 * entities), so a diagram shows no unrelated entities.
 * Focus (last): focus[0..n_focus-1] and the entities within depth hops of them, hops
 * following only the relations the filters kept (see kg_view_focus).
 *
 * Unknown names are errors (KG_EUSAGE, naming the first one in kg_last_error()):
 *   "unknown entity id 'x'" or "ambiguous entity name 'x': ..." (kg_entity_resolve),
 *   "unknown entity type 'x'", "unknown relation 'x'", "unknown doc 'x'" (neither a
 *   sources.csv id nor cited by any relation), each followed by "; did you mean 'y'?"
 *   when a name of that kind in ds is near (kg_suggest's rule), and
 *   "invalid date 'x' (YYYY, YYYY-MM or YYYY-MM-DD)" for since/until;
 * unless lenient is nonzero: then unknown ids, types, relations and docs select nothing
 * (for comparing two versions, where a name may exist on one side only). */

/* The bit of polarity p in kg_view_options.polarities. */
#define KG_VIEW_POLARITY(p) (1u << (unsigned)(p))

typedef struct kg_view_options {
    const char *const *focus;
    size_t n_focus;
    unsigned depth; /* hops from the focus; KG_VIEW_DEFAULT_DEPTH by kg_view_options_init */
    const char *const *types;
    size_t n_types;
    const char *const *relations;
    size_t n_relations;
    unsigned polarities; /* KG_VIEW_POLARITY bits; 0: every polarity */
    const char *const *docs;
    size_t n_docs;
    const char *since, *until;
    size_t min_sources;
    int lenient;
} kg_view_options;

/* Fills *opts with "everything": no filter, no focus, depth KG_VIEW_DEFAULT_DEPTH. */
KG_API void kg_view_options_init(kg_view_options *opts);

/* Nonzero when opts selects less than everything (any filter or focus given). */
KG_API int kg_view_options_active(const kg_view_options *opts);

/* Selects what opts asks for (see above). Returns KG_OK with new masks in *entity_mask
 * and *relation_mask (sized as for kg_view_focus, freed with kg_free()); or, with both
 * NULL, KG_EUSAGE (an unknown name or a bad date, see above) or KG_ENOMEM. opts NULL
 * selects everything. */
KG_API int kg_view_select(unsigned char **entity_mask, unsigned char **relation_mask,
                   const kg_dataset *ds, const kg_view_options *opts);

/* Selects one view in two versions of a dataset (as `kgraph diff` restricts both): a
 * name (id, type, relation, doc) must exist in at least one version, and what one version
 * lacks selects nothing there (opts->lenient is set for that side only). Fills masks[0]
 * and masks[1] (old_ds's entity and relation masks) and masks[2] and masks[3] (new_ds's),
 * each to be freed with kg_free (NULL on failure). Returns KG_OK; KG_EUSAGE with the old
 * version's message when a name is in neither (or a bad date); KG_ENOMEM. */
KG_API int kg_view_select_both(unsigned char *masks[4], const kg_dataset *old_ds,
                        const kg_dataset *new_ds, const kg_view_options *opts);

/* The default title of a diagram focused by opts (opts->n_focus > 0, every focus id an
 * entity of ds, as after kg_view_select succeeded): "NAME: focus on LABEL[, LABEL...]
 * (depth N)", each focus entity once, in the order given. Returns a new string (kg_free),
 * or NULL out of memory. */
KG_API char *kg_view_focus_title(const char *name, const kg_dataset *ds, const kg_view_options *opts);

/* More entities than a diagram shows legibly at page width: `kgraph render` suggests
 * --focus or --top past this many. */
#define KG_VIEW_READABLE_MAX 150

/* Keeps, of the view *entity_mask / *relation_mask (NULL: everything; a NULL mask is
 * replaced by a new one, freed with kg_free()), the n_top entities with the highest
 * citation-weighted degree (the citations of the view's relations touching them; a
 * relation to itself counts once; equal weights keep the entity first in the dataset),
 * and the relations among them. A view of at most n_top entities is left as it is
 * (relations with an end left out dropped, as kg_view_close). Runs in
 * O(entities + relations + k log k) for k entities in the view. Returns KG_OK, or
 * KG_ENOMEM with both pointers as they were (the masks given may have been closed). */
KG_API int kg_view_top(unsigned char **entity_mask, unsigned char **relation_mask,
                const kg_dataset *ds, size_t n_top);

/* Parses a polarity name for kg_view_options.polarities: "positive", "negative",
 * "neutral" or "mixed", ignoring the case of ASCII letters ("Positive"). Returns the
 * KG_VIEW_POLARITY bit, or 0 for anything else. */
KG_API unsigned kg_view_polarity_parse(const char *name);

#ifdef __cplusplus
}
#endif
#endif
