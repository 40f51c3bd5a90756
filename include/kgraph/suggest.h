/* kgraph/suggest.h: "did you mean ...?" - the nearest known name to a mistyped one. */
#ifndef KGRAPH_SUGGEST_H
#define KGRAPH_SUGGEST_H

#include <stddef.h>

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The edit distance between a and b (insertions, deletions, substitutions and swaps of
 * two adjacent bytes, each costing 1), comparing ASCII letters without case. Returns
 * limit + 1 as soon as the distance is known to exceed limit, so a long name costs
 * O(length x limit). a and b must be NUL-terminated; NULL counts as "". */
KG_API size_t kg_edit_distance(const char *a, const char *b, size_t limit);

/* A search for the nearest of a set of names to a query. Fill it with kg_suggest_begin,
 * offer every candidate with kg_suggest_offer, read the answer with kg_suggest_best.
 * It holds only the pointers it is given: the query and the best candidate must stay
 * valid until the answer is read. Nothing to free. */
typedef struct kg_suggestion {
    const char *query;
    size_t limit;         /* the largest distance accepted */
    const char *best;     /* the nearest candidate so far, or NULL */
    size_t best_distance;
} kg_suggestion;

/* Starts a search for names near query. The distance accepted grows with the query's
 * length: 1 up to 4 bytes, 2 up to 12, 3 beyond (docs/dataset.md, "Names and suggestions"). */
KG_API void kg_suggest_begin(kg_suggestion *s, const char *query);

/* Offers one candidate. The nearest wins; between equally near ones, the smaller in
 * byte order, so the answer does not depend on the order of offers. A candidate equal
 * to the query ignoring case, or equal to it with a plural "s"/"es" added or removed,
 * counts as distance 0 or 1. NULL and "" are ignored. */
KG_API void kg_suggest_offer(kg_suggestion *s, const char *candidate);

/* The nearest candidate offered within the limit, or NULL when none was. The pointer is
 * the one offered (not copied). */
KG_API const char *kg_suggest_best(const kg_suggestion *s);

/* One call for an array: the nearest of candidates[0..n) to query, or NULL. */
KG_API const char *kg_suggest(const char *query, const char *const *candidates, size_t n);

#ifdef __cplusplus
}
#endif

#endif
