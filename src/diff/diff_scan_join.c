/* diff_scan_join.c: the scan's phase B: joining the two sides' partitions, and rows materialised as citations. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base_internal.h"
#include "dataset/dataset_internal.h"
#include "diff_internal.h"

/* ---- materialising rows --------------------------------------------------------------------------- */

/* Parses relation row `row` of side s again, with the caller's parser rp, into a
 * canonical citation *out (strings in mem) and its source, relation and target in key.
 * Safe in several threads at once: s is only read. 0 or KGD_NOMEM. */
int kg_diff__materialize(const kgd_side *s, const kgd_srow *row, kgd_rowp *rp, kg_arena *mem, kgd_item *out,
                    const char *key[3])
{
    const kgd_layout *l = &s->lay[KG_FILE_RELATIONS];
    const kgd_sfile *f = &s->files[KG_FILE_RELATIONS];
    size_t pos = (size_t)row->off, raw_end;
    rp->delim = l->delim;
    if (kg_diff__parse_row(rp, f->data, f->size, &pos, &raw_end) != KGD_ROW_PARSED)
        return KGD_NOMEM; /* it parsed before: only memory can fail now */
    kgd_field *fl = kg_arena__alloc(mem, (KGD_CITATION_FIELDS + l->n_extra) * sizeof *fl);
    char *conf = kg_arena__alloc(mem, 32);
    if (!fl || !conf)
        return KGD_NOMEM;
#define FIELD(k) (l->known[k] >= 0 ? kg_diff__rowp_field(rp, (size_t)l->known[k]) : "")
#define FLEN(k) (l->known[k] >= 0 ? kg_diff__rowp_len(rp, (size_t)l->known[k]) : 0)
    for (int k = 0; k < 3; k++)
        if (!(key[k] = kg_arena__strndup(mem, FIELD(k), FLEN(k))))
            return KGD_NOMEM;
    static const int cols[KGD_CITATION_FIELDS] = {RC_DOC, RC_QUOTE, RC_DATE, RC_POLARITY,
                                                  RC_CONFIDENCE, RC_CLAIMED_BY};
    size_t nf = 0;
    for (int i = 0; i < KGD_CITATION_FIELDS; i++) {
        const char *v;
        if (cols[i] == RC_POLARITY) {
            v = kg_polarity_name((kg_polarity)kg_polarity__parse(FIELD(RC_POLARITY), FLEN(RC_POLARITY)));
        } else if (cols[i] == RC_CONFIDENCE) {
            double c = -1;
            if (FLEN(RC_CONFIDENCE))
                kg_diff__parse_confidence_n(FIELD(RC_CONFIDENCE), FLEN(RC_CONFIDENCE), &c);
            kg_diff__format_confidence(conf, c);
            v = conf;
        } else {
            v = FLEN(cols[i]) ? kg_arena__strndup(mem, FIELD(cols[i]), FLEN(cols[i])) : "";
            if (!v)
                return KGD_NOMEM;
        }
        fl[nf++] = (kgd_field){kg_diff__citation_names[i], v};
    }
#undef FIELD
#undef FLEN
    for (size_t e = 0; e < l->n_extra; e++) {
        size_t c = l->extra[e];
        size_t len = kg_diff__rowp_len(rp, c);
        if (!len)
            continue;
        const char *v = kg_arena__strndup(mem, kg_diff__rowp_field(rp, c), len);
        if (!v)
            return KGD_NOMEM;
        fl[nf++] = (kgd_field){l->headers[c], v};
    }
    *out = (kgd_item){NULL, fl, nf, KGD_CITATION_FIELDS, KG_NONE};
    return 0;
}

/* ---- phase B: joining the partitions ------------------------------------------------------------- */

/* Nonzero when rows a (old side) and b (new side) hold the same citation. */
static int rows_equal(kgd_join_job *j, const kgd_srow *a, const kgd_srow *b, int *err)
{
    const char *da = j->o->files[KG_FILE_RELATIONS].data + a->off;
    const char *db = j->n->files[KG_FILE_RELATIONS].data + b->off;
    if (j->same_layout && a->len == b->len && memcmp(da, db, a->len) == 0)
        return 1;
    kgd_item x, y;
    const char *kx[3], *ky[3];
    int eq = 0;
    if (kg_diff__materialize(j->o, a, &j->rp_o, &j->mem, &x, kx) != 0 ||
        kg_diff__materialize(j->n, b, &j->rp_n, &j->mem, &y, ky) != 0) {
        *err = KGD_NOMEM;
    } else {
        eq = strcmp(kx[0], ky[0]) == 0 && strcmp(kx[1], ky[1]) == 0 && strcmp(kx[2], ky[2]) == 0 &&
             kg_diff__item_cmp(&x, &y) == 0;
    }
    kg_arena__reset(&j->mem);
    return eq;
}

static int key_cmp(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Nonzero when some two rows of rows[0..n) share their key and (doc, quote) hashes: a
 * possible duplicate citation, which the loader warns about. */
static int has_duplicate(kgd_join_job *j, const kgd_srow *rows, size_t n)
{
    size_t cap = 16;
    while (cap < 2 * n)
        cap *= 2;
    if (kg_diff__scan_grow(&j->keys, &j->keys_cap, cap, sizeof *j->keys) != 0) {
        j->status = KGD_NOMEM;
        return 1;
    }
    uint64_t *slots = j->keys;
    memset(slots, 0, cap * sizeof *slots);
    for (size_t i = 0; i < n; i++) {
        uint64_t h = kg_hash__mix(rows[i].key ^ ((uint64_t)rows[i].dq << 17)) | 1;
        for (size_t k = (size_t)h & (cap - 1);; k = (k + 1) & (cap - 1)) {
            if (!slots[k]) {
                slots[k] = h;
                break;
            }
            if (slots[k] == h)
                return 1;
        }
    }
    return 0;
}

/* Joins one partition. */
static int join_partition(kgd_join_job *j, size_t p)
{
    const kgd_srow *O = j->o->rows + j->o->part[p], *N = j->n->rows + j->n->part[p];
    size_t no = j->o->part[p + 1] - j->o->part[p], nn = j->n->part[p + 1] - j->n->part[p];
    if (!no && !nn)
        return 0;
    if (has_duplicate(j, O, no) || has_duplicate(j, N, nn))
        return j->status ? j->status : KGD_UNUSUAL;
    size_t cap = 16;
    while (cap < 2 * no)
        cap *= 2;
    if (kg_diff__scan_grow(&j->head, &j->head_cap, cap, sizeof *j->head) != 0 ||
        kg_diff__scan_grow(&j->next, &j->next_cap, no + 1, sizeof *j->next) != 0 ||
        kg_diff__scan_grow(&j->matched, &j->matched_cap, no + nn + 1, 1) != 0)
        return KGD_NOMEM;
    memset(j->head, 0, cap * sizeof *j->head);
    memset(j->matched, 0, no + nn);
    for (size_t i = 0; i < no; i++) {
        size_t h = (size_t)kg_hash__mix(O[i].key ^ O[i].content) & (cap - 1);
        j->next[i] = j->head[h];
        j->head[h] = (uint32_t)(i + 1);
    }
    unsigned char *mo = j->matched, *mn = j->matched + no;
    int err = 0;
    /* first the likely partner of every new row, its text and the partner's prefetched
     * (they lie anywhere in the files), then the checks */
    if (kg_diff__scan_grow(&j->cand, &j->cand_cap, nn + 1, sizeof *j->cand) != 0)
        return KGD_NOMEM;
    const char *od = j->o->files[KG_FILE_RELATIONS].data, *nd = j->n->files[KG_FILE_RELATIONS].data;
    for (size_t i = 0; i < nn; i++) {
        size_t h = (size_t)kg_hash__mix(N[i].key ^ N[i].content) & (cap - 1);
        uint32_t e = j->head[h];
        while (e && (O[e - 1].key != N[i].key || O[e - 1].content != N[i].content))
            e = j->next[e - 1];
        j->cand[i] = e;
        if (e) {
            __builtin_prefetch(nd + N[i].off);
            __builtin_prefetch(od + O[e - 1].off);
        }
    }
    for (size_t i = 0; i < nn; i++) {
        uint32_t c = j->cand[i];
        if (c && !mo[c - 1] && rows_equal(j, &O[c - 1], &N[i], &err)) {
            mo[c - 1] = mn[i] = 1;
            continue;
        }
        if (err)
            return err;
        if (!c)
            continue;
        size_t h = (size_t)kg_hash__mix(N[i].key ^ N[i].content) & (cap - 1);
        for (uint32_t e = j->head[h]; e; e = j->next[e - 1]) {
            const kgd_srow *a = &O[e - 1];
            if (mo[e - 1] || a->key != N[i].key || a->content != N[i].content)
                continue;
            if (rows_equal(j, a, &N[i], &err)) {
                mo[e - 1] = mn[i] = 1;
                break;
            }
            if (err)
                return err;
        }
    }
    /* the keys with an unmatched row, then every row of those keys */
    size_t nk = 0;
    for (size_t i = 0; i < no + nn; i++) {
        if (j->matched[i])
            continue;
        if (kg_diff__scan_grow(&j->keys, &j->keys_cap, nk + 1, sizeof *j->keys) != 0)
            return KGD_NOMEM;
        j->keys[nk++] = i < no ? O[i].key : N[i - no].key;
    }
    if (!nk)
        return 0;
    qsort(j->keys, nk, sizeof *j->keys, key_cmp);
    for (int side = 0; side < 2; side++) {
        const kgd_srow *rows = side ? N : O;
        size_t n = side ? nn : no;
        for (size_t i = 0; i < n; i++) {
            if (!bsearch(&rows[i].key, j->keys, nk, sizeof *j->keys, key_cmp))
                continue;
            if (kg_diff__scan_grow(&j->out, &j->cap_out, j->n_out + 1, sizeof *j->out) != 0)
                return KGD_NOMEM;
            j->out[j->n_out++] = (kgd_touched){rows[i].key, &rows[i], side};
        }
    }
    return 0;
}

void *kg_diff__join_thread(void *arg)
{
    kgd_join_job *j = arg;
    for (size_t p = j->p_begin; p < j->p_end && j->status == 0; p++)
        j->status = join_partition(j, p);
    return NULL;
}

void kg_diff__join_job_free(kgd_join_job *j)
{
    free(j->out);
    free(j->head);
    free(j->next);
    free(j->matched);
    free(j->keys);
    free(j->cand);
    kg_diff__rowp_free(&j->rp_o);
    kg_diff__rowp_free(&j->rp_n);
    kg_arena__free(&j->mem);
}

