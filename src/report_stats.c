/* report_stats.c: counts and the most connected entities of a view, for kgraph report. */
#include <stdlib.h>
#include <string.h>

#include "report_stats.h"
#include "alloc.h"

void kg_report_stats_free(kg_report_stats *st)
{
    kg_free(st->types);
    kg_free(st->verbs);
    kg_free(st->degree);
    kg_free(st->ranked);
    memset(st, 0, sizeof *st);
}

/* Counts name in *list (linear: types and verbs are few). Returns 0, or -1 out of memory. */
static int count_name(kg_report_count **list, size_t *n, size_t *cap, const char *name)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*list)[i].name, name) == 0) {
            (*list)[i].count++;
            return 0;
        }
    if (kg_array_grow(list, cap, *n, sizeof **list) != 0)
        return -1;
    (*list)[(*n)++] = (kg_report_count){name, 1};
    return 0;
}

/* qsort context: qsort has none, so the degrees are reached through this pointer. */
static const size_t *rank_degree;

static int by_degree(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    if (rank_degree[x] != rank_degree[y])
        return rank_degree[x] > rank_degree[y] ? -1 : 1;
    return x < y ? -1 : x > y;
}

int kg_report_stats_compute(kg_report_stats *st, const kg_dataset *ds,
                            const unsigned char *entity_mask, const unsigned char *relation_mask)
{
    size_t n = kg_dataset_entity_count(ds), m = kg_dataset_relation_count(ds);
    size_t cap_types = 0, cap_verbs = 0, cap_docs = 0, n_docs = 0;
    const char **docs = NULL;
    int rc = KG_OK;

    memset(st, 0, sizeof *st);
    st->degree = kg_calloc(n ? n : 1, sizeof *st->degree);
    st->ranked = kg_calloc(n ? n : 1, sizeof *st->ranked);
    if (!st->degree || !st->ranked)
        goto oom;
    for (size_t i = 0; i < n; i++) {
        if (entity_mask && !entity_mask[i])
            continue;
        st->entities++;
        st->ranked[st->n_ranked++] = i;
        if (count_name(&st->types, &st->n_types, &cap_types, kg_dataset_entity(ds, i)->type))
            goto oom;
    }
    for (size_t i = 0; i < m; i++) {
        const kg_relation *r = kg_dataset_relation(ds, i);
        if ((relation_mask && !relation_mask[i]) ||
            (entity_mask && (!entity_mask[r->source] || !entity_mask[r->target])))
            continue;
        st->relations++;
        st->citations += r->citation_count;
        st->polarity[(unsigned)r->polarity & 3u]++;
        st->degree[r->source]++;
        if (r->target != r->source)
            st->degree[r->target]++;
        if (count_name(&st->verbs, &st->n_verbs, &cap_verbs, r->relation))
            goto oom;
        for (size_t c = r->first_citation; c != KG_NONE;) {
            const kg_citation *ci = kg_dataset_citation(ds, c);
            c = ci->next;
            if (!ci->doc[0])
                continue;
            size_t k = 0;
            while (k < n_docs && strcmp(docs[k], ci->doc) != 0)
                k++;
            if (k == n_docs) {
                if (kg_array_grow(&docs, &cap_docs, n_docs, sizeof *docs) != 0)
                    goto oom;
                docs[n_docs++] = ci->doc;
            }
        }
    }
    st->documents = n_docs;
    rank_degree = st->degree;
    if (st->n_ranked)
        qsort(st->ranked, st->n_ranked, sizeof *st->ranked, by_degree);
    goto cleanup;

oom:
    rc = KG_ENOMEM;
    kg_report_stats_free(st);
cleanup:
    kg_free(docs);
    return rc;
}
