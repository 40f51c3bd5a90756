/* kgraph/names.h: entities named as people name them (id, label or alias), and the "did you mean" of an unknown name.
 *
 * Wherever a caller takes an entity id from a person (the CLI's --focus), an exact label
 * or alias also names the entity. The rule, in order (docs/dataset.md, "Names and
 * suggestions"):
 *   1. an entity id, exactly;
 *   2. else an exact label or alias (aliases split at ';', white space around them
 *      dropped) of exactly one entity;
 *   3. else an id, label or alias equal to the name ignoring the case of ASCII letters, of
 *      exactly one entity.
 * Two or more entities at the first step that finds any make the name ambiguous; an
 * entity found through several of its names counts once.
 */
#ifndef KGRAPH_NAMES_H
#define KGRAPH_NAMES_H

#include <stddef.h>
#include "kgraph/common.h"
#include "kgraph/dataset.h"

#ifdef __cplusplus
extern "C" {
#endif

/* At most this many candidates are listed in the message of an ambiguous name. */
#define KG_NAMES_MAX_LISTED 10

/* Resolves name to the index of an entity of ds by the rule above. Returns KG_OK with
 * *index; otherwise *index is KG_NONE and the result is
 *   KG_EUSAGE  with kg_last_error() "unknown entity id 'x'" followed, when a near name
 *              exists, by "; did you mean 'y'?" (see kg_entity_suggest), or
 *              "ambiguous entity name 'x': ID (LABEL), ID (LABEL)" listing the
 *              candidates in file order (at most KG_NAMES_MAX_LISTED, then "and N more");
 *   KG_ENOMEM  out of memory.
 * ds, name and index must be non-NULL. Costs O(total length of the names) when name is
 * not an id (a hash look-up when it is). */
KG_API int kg_entity_resolve(const kg_dataset *ds, const char *name, size_t *index);

/* The entity name nearest to an unknown name, for "did you mean ...?": among every id,
 * label and alias of ds, first one whose normalised form (kg_duplicates_normalize: case,
 * punctuation and leading titles dropped) equals name's, else the nearest by
 * kg_suggest's rule (edit distance 1 up to 4 bytes, 2 up to 12, 3 beyond; plurals);
 * between names as near, an id before a label or alias, then the shorter, then the
 * smaller in byte order.
 * Returns a new string (free with kg_free): "'russia'" for an id, "'Xi Jinping' (xi)" for
 * a label or alias with the entity's id; NULL when no name is near (or out of memory).
 * Costs O(total length of the names): call it when reporting an error, not per row. */
KG_API char *kg_entity_suggest(const kg_dataset *ds, const char *name);

#ifdef __cplusplus
}
#endif
#endif
