/* kgraph/conflicts.h: finding the pairs of entities about which citations disagree.
 *
 * Citations are grouped by the unordered pair of entities their relation joins (either
 * direction, any verb). A pair is in conflict when
 *   - polarity: one of its citations is positive and another negative, and the two come
 *     from different documents or are claimed by different entities (no claimant counts
 *     as one claimant: the document's own voice); or
 *   - contested: one of its citations has status "contested" (KG_STATUS_COLUMN).
 * Each conflict lists the pair's positive and negative citations and its contested ones
 * (neutral citations only when contested), in file order. Conflicts are ordered by the
 * pair's first entity in entities.csv order, then its second.
 */
#ifndef KGRAPH_CONFLICTS_H
#define KGRAPH_CONFLICTS_H

#include <stddef.h>
#include <stdio.h>
#include "kgraph/common.h"
#include "kgraph/dataset.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Kinds of disagreement, OR-ed in kg_conflict.kinds. */
#define KG_CONFLICT_POLARITY 1u
#define KG_CONFLICT_CONTESTED 2u

typedef struct kg_conflicts_options {
    /* Views as in kg_graph_options: NULL means everything; relations with an end left
     * out are left out. */
    const unsigned char *entity_mask;
    const unsigned char *relation_mask;
} kg_conflicts_options;

/* One pair of entities and the citations about it. */
typedef struct kg_conflict {
    size_t a, b;               /* entity indices, a <= b (a == b: a self-relation) */
    unsigned kinds;            /* KG_CONFLICT_POLARITY | KG_CONFLICT_CONTESTED */
    const size_t *citations;   /* citation indices (kg_dataset_citation), file order */
    size_t citation_count;
} kg_conflict;

typedef struct kg_conflicts kg_conflicts;

/* Finds the conflicts of ds (opts NULL: the whole dataset). Returns KG_OK and *out (free
 * with kg_conflicts_free; it holds indices into ds, which must outlive its use), or
 * KG_ENOMEM with *out NULL. Runs in O(C log C) for C citations. */
KG_API int kg_conflicts_find(kg_conflicts **out, const kg_dataset *ds, const kg_conflicts_options *opts);

/* Frees the result. NULL does nothing. */
KG_API void kg_conflicts_free(kg_conflicts *c);

/* Number of conflicts, and the i-th (NULL when out of range); owned by c. */
KG_API size_t kg_conflicts_count(const kg_conflicts *c);
KG_API const kg_conflict *kg_conflicts_get(const kg_conflicts *c, size_t i);

typedef enum kg_conflicts_format {
    KG_CONFLICTS_TEXT = 0, /* a block per conflict, then a summary line */
    KG_CONFLICTS_CSV = 1,  /* a row per citation: conflict,entity_a,entity_b,kinds,side,
                            * source,relation,target,polarity,status,doc,title,claimed_by,
                            * quote,line */
    KG_CONFLICTS_JSON = 2, /* {"summary":{..},"conflicts":[{..,"citations":[..]}]} */
    KG_CONFLICTS_CSV_RAW = 3 /* KG_CONFLICTS_CSV with every field as it is (--csv-raw) */
} kg_conflicts_format;

/* Parses "text", "csv", "json"; returns KG_OK or KG_EUSAGE. */
KG_API int kg_conflicts_format_parse(kg_conflicts_format *out, const char *name);

/* Writes the conflicts of ds to stream. In KG_CONFLICTS_CSV, a field beginning with '=',
 * '+', '-', '@', a tab or a carriage return that is not a plain number is written quoted
 * with a single quote before it, as OWASP recommends against formula injection. Returns KG_OK, or KG_EIO when writing failed. */
KG_API int kg_conflicts_write(FILE *stream, const kg_conflicts *c, const kg_dataset *ds,
                       kg_conflicts_format format);

#ifdef __cplusplus
}
#endif
#endif
