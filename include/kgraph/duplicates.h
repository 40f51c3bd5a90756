/* kgraph/duplicates.h: finding entities that may name the same actor.
 *
 * Each entity has names: its id, its label and each of its aliases (split at ';', white
 * space around them dropped). Two entities are reported when
 *   - a name of one equals a name of the other exactly (two ids never do: ids are unique),
 *     e.g. a shared alias, or an alias of one equal to the other's label; or
 *   - a name of one equals a name of the other after normalisation: ASCII and Latin-1
 *     letters lower-cased; punctuation, white space and symbols (ASCII, U+0080-U+00BF,
 *     U+2000-U+206F) dropped; and leading titles removed (see KG_DUPLICATE_TITLES), so
 *     "President Xi Jinping", "xi_jinping" and "Xi  Jinping." all become "xijinping".
 * A name that normalises to nothing but titles keeps them. Each pair is reported once,
 * with the first reason found (exact before normalised), as a warning at the later
 * entity's line in entities.csv naming the earlier one. When many entities share a name,
 * each is paired with the first of them only, so the work stays near linear: the
 * normalised names are sorted by hash (a stable radix sort), O(total length of the names).
 */
#ifndef KGRAPH_DUPLICATES_H
#define KGRAPH_DUPLICATES_H

#include <stddef.h>
#include "kgraph/common.h"
#include "kgraph/dataset.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The titles removed from the front of a name before comparing, as lower-case words
 * separated by single spaces; longer ones are tried first. */
#define KG_DUPLICATE_TITLES                                                                 \
    "president", "vice president", "prime minister", "foreign minister", "defence minister", \
    "defense minister", "minister", "deputy", "general", "gen", "admiral", "colonel",       \
    "dr", "mr", "mrs", "ms", "miss", "prof", "professor", "sir", "dame", "lord", "king",    \
    "queen", "prince", "princess", "chancellor", "premier", "senator", "ambassador",        \
    "secretary", "secretary general", "secretary of state", "chairman", "governor",         \
    "mayor", "the"

/* Adds a warning to diags for each pair of entities of ds that may be duplicates (see
 * above) and stores their number in *found (may be NULL). Returns KG_OK, or KG_ENOMEM
 * (the warnings added so far stay). */
KG_API int kg_duplicates_check(const kg_dataset *ds, kg_diagnostics *diags, size_t *found);

/* Writes the normalised form of name (see above) to out (cap bytes, NUL-terminated,
 * truncated as snprintf does) and returns the length the full form needs. */
KG_API size_t kg_duplicates_normalize(char *out, size_t cap, const char *name, size_t len);

#ifdef __cplusplus
}
#endif
#endif
