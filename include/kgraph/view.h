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
 * entities ids[0..n_ids-1] (entity ids, not labels; duplicates are allowed) and the
 * relations whose both ends are selected. A hop follows a relation in either direction;
 * the entity a citation is claimed_by is not a hop. depth 0 selects the focus entities
 * only (and the relations among them, self-relations included); a depth beyond the
 * graph's diameter selects the focus entities' connected components.
 * Runs in O(entities + relations + n_ids) time and space.
 * Returns KG_OK with new masks in *entity_mask (kg_dataset_entity_count(ds) bytes) and
 * *relation_mask (kg_dataset_relation_count(ds) bytes), both freed with kg_free(); or,
 * with both set to NULL:
 *   KG_EUSAGE  an id is not an entity's ("unknown entity id 'x'" in kg_last_error(),
 *              naming the first such id), or n_ids is 0 ("no focus entity given");
 *   KG_ENOMEM  out of memory.
 * ds, ids and every ids[i] must be non-NULL (ids may be NULL when n_ids is 0). */
int kg_view_focus(unsigned char **entity_mask, unsigned char **relation_mask,
                  const kg_dataset *ds, const char *const *ids, size_t n_ids,
                  unsigned depth);

/* Intersects two masks of n bytes: dst[i] becomes 1 when both dst[i] and src[i] are
 * nonzero, 0 otherwise. src NULL means "everything" (dst is only normalised to 0/1). */
void kg_view_intersect(unsigned char *dst, const unsigned char *src, size_t n);

/* Clears relation_mask[i] for every relation i with an end that entity_mask leaves out
 * (entity_mask NULL means every entity is selected) and normalises the rest to 0/1.
 * relation_mask holds kg_dataset_relation_count(ds) bytes. Returns the number of
 * relations left selected. */
size_t kg_view_close(unsigned char *relation_mask, const unsigned char *entity_mask,
                     const kg_dataset *ds);

/* Number of nonzero bytes among mask[0..n-1]; n when mask is NULL. */
size_t kg_view_count(const unsigned char *mask, size_t n);

#ifdef __cplusplus
}
#endif
#endif
