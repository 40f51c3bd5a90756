/* diff_scan_compare.c: the scan's phase C: the touched rows, entities and sources handed to diff.c's comparisons. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/base_internal.h"
#include "dataset/dataset_internal.h"
#include "diff_internal.h"

/* ---- phase C: the comparisons ----------------------------------------------------------------- */

int kg_diff__touched_cmp(const void *a, const void *b)
{
    const kgd_touched *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->side - y->side;
}

static int mrow_key_cmp(const kgd_mrow *x, const kgd_mrow *y)
{
    for (int k = 0; k < 3; k++) {
        int c = strcmp(x->key[k], y->key[k]);
        if (c)
            return c;
    }
    return 0;
}

static int mrow_cmp(const void *a, const void *b)
{
    const kgd_mrow *x = a, *y = b;
    int c = mrow_key_cmp(x, y);
    return c ? c : x->side - y->side;
}

/* Compares the rows of one key hash (t[0..n)): split by their real keys. */
int kg_diff__compare_group(kg_diff *d, const kgd_side *so, const kgd_side *sn, const kgd_touched *t, size_t n,
                      kgd_rowp *rp, kg_arena *mem, kgd_mrow **buf, size_t *buf_cap,
                      kgd_item **items, size_t *items_cap)
{
    if (kg_diff__scan_grow(buf, buf_cap, n, sizeof **buf) != 0 || kg_diff__scan_grow(items, items_cap, n, sizeof **items) != 0)
        return KGD_NOMEM;
    kgd_mrow *m = *buf;
    for (size_t i = 0; i < n; i++) {
        m[i].side = t[i].side;
        if (kg_diff__materialize(t[i].side ? sn : so, t[i].row, rp, mem, &m[i].item, m[i].key) != 0)
            return KGD_NOMEM;
    }
    if (n > 1)
        qsort(m, n, sizeof *m, mrow_cmp);
    for (size_t a = 0; a < n;) {
        size_t b = a;
        while (b < n && mrow_key_cmp(&m[a], &m[b]) == 0)
            b++;
        size_t split = a;
        while (split < b && m[split].side == 0)
            split++;
        kgd_item *it = *items;
        for (size_t i = a; i < b; i++)
            it[i - a] = m[i].item;
        int rc = kg_diff__relation_diff(d, m[a].key[0], m[a].key[1], m[a].key[2], it, split - a,
                                   KG_NONE, it + (split - a), b - split, KG_NONE);
        if (rc != KG_OK)
            return KGD_NOMEM;
        a = b;
    }
    return 0;
}

/* Compares the entities or sources of both sides (items kept by the scan). */
int kg_diff__compare_records(kg_diff *d, const kgd_side *so, const kgd_side *sn, int ent)
{
    const kgd_item *io = ent ? so->ents : so->srcs, *in = ent ? sn->ents : sn->srcs;
    size_t no = ent ? so->n_ents : so->n_srcs, nn = ent ? sn->n_ents : sn->n_srcs;
    const kgd_idtable *to = ent ? &so->ent_ids : &so->src_ids, *tn = ent ? &sn->ent_ids : &sn->src_ids;
    unsigned bit = ent ? KG_DIFF_ENTITIES : KG_DIFF_SOURCES;
    for (size_t i = 0; i < nn; i++) {
        size_t j = kg_diff__idtable_find(to, io, in[i].id, strlen(in[i].id));
        if (kg_diff__record_diff(d, bit, j != KG_NONE ? &io[j] : NULL, &in[i]) != KG_OK)
            return KGD_NOMEM;
    }
    for (size_t i = 0; i < no; i++)
        if (kg_diff__idtable_find(tn, in, io[i].id, strlen(io[i].id)) == KG_NONE &&
            kg_diff__record_diff(d, bit, &io[i], NULL) != KG_OK)
            return KGD_NOMEM;
    return 0;
}

