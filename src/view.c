/* view.c: entity and relation masks over a dataset: focus (ego networks) and combining masks. */
#include <string.h>

#include "kgraph/view.h"
#include "alloc.h"
#include "error.h"

/* The undirected adjacency of a dataset in compressed sparse row form: the neighbours
 * of entity e are next[first[e] .. first[e+1]-1] (relation order; a relation appears at
 * both ends, a self-relation twice at its one end). */
typedef struct adjacency {
    size_t *first; /* n_entities + 1 offsets */
    size_t *next;  /* 2 * n_relations entity indices */
} adjacency;

static void adjacency_free(adjacency *adj)
{
    kg_free(adj->first);
    kg_free(adj->next);
    adj->first = adj->next = NULL;
}

/* Builds *adj for ds (counting sort of both ends of every relation). Returns KG_OK, or
 * KG_ENOMEM with *adj empty. */
static int adjacency_build(adjacency *adj, const kg_dataset *ds)
{
    int rc = KG_OK;
    size_t n = kg_dataset_entity_count(ds), m = kg_dataset_relation_count(ds);
    size_t *fill = NULL;

    adj->first = kg_calloc(n + 1, sizeof *adj->first);
    adj->next = m > (size_t)-1 / 2 ? NULL : kg_reallocarray(NULL, m ? 2 * m : 1, sizeof *adj->next);
    fill = kg_reallocarray(NULL, n ? n : 1, sizeof *fill);
    if (!adj->first || !adj->next || !fill) {
        rc = KG_ENOMEM;
        goto cleanup;
    }
    /* degrees into first[e+1], then prefix sums: first[e] is where e's list starts */
    for (size_t i = 0; i < m; i++) {
        const kg_relation *r = kg_dataset_relation(ds, i);
        adj->first[r->source + 1]++;
        adj->first[r->target + 1]++;
    }
    for (size_t e = 0; e < n; e++)
        adj->first[e + 1] += adj->first[e];
    memcpy(fill, adj->first, n * sizeof *fill);
    for (size_t i = 0; i < m; i++) {
        const kg_relation *r = kg_dataset_relation(ds, i);
        adj->next[fill[r->source]++] = r->target;
        adj->next[fill[r->target]++] = r->source;
    }

cleanup:
    kg_free(fill);
    if (rc != KG_OK)
        adjacency_free(adj);
    return rc;
}

int kg_view_focus(unsigned char **entity_mask, unsigned char **relation_mask,
                  const kg_dataset *ds, const char *const *ids, size_t n_ids,
                  unsigned depth)
{
    int rc = KG_OK;
    size_t n = kg_dataset_entity_count(ds), m = kg_dataset_relation_count(ds);
    unsigned char *emask = NULL, *rmask = NULL;
    size_t *queue = NULL, head = 0, tail = 0;
    adjacency adj = {NULL, NULL};

    *entity_mask = NULL;
    *relation_mask = NULL;
    if (n_ids == 0) {
        rc = kg_error_set(KG_EUSAGE, "no focus entity given");
        goto cleanup;
    }
    emask = kg_calloc(n ? n : 1, 1);
    rmask = kg_calloc(m ? m : 1, 1);
    queue = kg_reallocarray(NULL, n ? n : 1, sizeof *queue);
    if (!emask || !rmask || !queue) {
        rc = kg_error_set(KG_ENOMEM, "out of memory selecting the focus");
        goto cleanup;
    }

    /* level 0: the focus entities, each once */
    for (size_t i = 0; i < n_ids; i++) {
        size_t e = kg_dataset_find_entity(ds, ids[i]);
        if (e == KG_NONE) {
            rc = kg_error_set(KG_EUSAGE, "unknown entity id '%s'", ids[i]);
            goto cleanup;
        }
        if (!emask[e]) {
            emask[e] = 1;
            queue[tail++] = e;
        }
    }

    /* breadth-first, one level per hop: queue[head..level_end) is the current level */
    if (depth > 0 && tail < n) {
        if (adjacency_build(&adj, ds) != KG_OK) {
            rc = kg_error_set(KG_ENOMEM, "out of memory selecting the focus");
            goto cleanup;
        }
        for (unsigned level = 0; level < depth && head < tail; level++) {
            size_t level_end = tail;
            for (; head < level_end; head++) {
                size_t e = queue[head];
                for (size_t k = adj.first[e]; k < adj.first[e + 1]; k++) {
                    size_t nb = adj.next[k];
                    if (!emask[nb]) {
                        emask[nb] = 1;
                        queue[tail++] = nb;
                    }
                }
            }
        }
    }

    memset(rmask, 1, m);
    kg_view_close(rmask, emask, ds);
    *entity_mask = emask;
    *relation_mask = rmask;
    emask = rmask = NULL;

cleanup:
    adjacency_free(&adj);
    kg_free(queue);
    kg_free(emask);
    kg_free(rmask);
    return rc;
}

void kg_view_intersect(unsigned char *dst, const unsigned char *src, size_t n)
{
    for (size_t i = 0; i < n; i++)
        dst[i] = dst[i] && (!src || src[i]);
}

size_t kg_view_close(unsigned char *relation_mask, const unsigned char *entity_mask,
                     const kg_dataset *ds)
{
    size_t m = kg_dataset_relation_count(ds), kept = 0;
    for (size_t i = 0; i < m; i++) {
        const kg_relation *r = kg_dataset_relation(ds, i);
        relation_mask[i] = relation_mask[i] &&
                           (!entity_mask || (entity_mask[r->source] && entity_mask[r->target]));
        kept += relation_mask[i];
    }
    return kept;
}

size_t kg_view_count(const unsigned char *mask, size_t n)
{
    if (!mask)
        return n;
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        count += mask[i] != 0;
    return count;
}
