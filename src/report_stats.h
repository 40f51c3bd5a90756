/* report_stats.h: the summary statistics of a report (internal; to be replaced by
 * kgraph/stats.h's kg_stats_* when that module lands). */
#ifndef KGRAPH_REPORT_STATS_H
#define KGRAPH_REPORT_STATS_H

#include <stddef.h>
#include "kgraph/dataset.h"

/* A name and how often it occurs (types, relation verbs), in order of first occurrence. */
typedef struct kg_report_count {
    const char *name; /* owned by the dataset */
    size_t count;
} kg_report_count;

typedef struct kg_report_stats {
    size_t entities, relations, citations, documents; /* in the view; documents: distinct
                                                       * non-empty docs cited */
    size_t polarity[4];            /* relations by kg_polarity */
    kg_report_count *types;        /* entities by type */
    size_t n_types;
    kg_report_count *verbs;        /* relations by verb */
    size_t n_verbs;
    size_t *degree;                /* per entity index: relations in the view it is an end of */
    size_t *ranked;                /* entity indexes in the view, most connected first (ties
                                    * by file order) */
    size_t n_ranked;
} kg_report_stats;

/* Computes the statistics of the view (masks NULL: everything; relations are counted
 * only when both ends are in the entity mask). Returns KG_OK, or KG_ENOMEM with *st
 * empty. Free with kg_report_stats_free (also after a failure). */
int kg_report_stats_compute(kg_report_stats *st, const kg_dataset *ds,
                            const unsigned char *entity_mask, const unsigned char *relation_mask);
void kg_report_stats_free(kg_report_stats *st);

#endif
