/* diff_scan_side.c: the scan's phase A: a side's entity and source tables and its relation rows as hashes. */
#define _DEFAULT_SOURCE /* MAP_POPULATE, MADV_HUGEPAGE, where there are */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "base/base_internal.h"
#include "dataset/dataset_internal.h"
#include "diff_internal.h"

/* ---- entities and sources ----------------------------------------------------------------------- */

/* Sizes the table for n ids. A table of 2 MiB or more sits on huge pages where the
 * system has them: its lookups are random, and with 4 KiB pages nearly every one would
 * also miss the TLB. */
static int idtable_init(kgd_idtable *t, size_t n)
{
    size_t cap = 16;
    while (cap < n + n / 4 + 2) /* at most 80% full: small, for the caches and the TLB */
        cap *= 2;
    size_t bytes = cap * sizeof *t->slots;
    t->mask = cap - 1;
    t->slots = NULL;
    if (bytes >= (2u << 20)) {
        void *p = NULL;
        if (posix_memalign(&p, 2u << 20, bytes) == 0) {
#ifdef MADV_HUGEPAGE
            madvise(p, bytes, MADV_HUGEPAGE);
#endif
            memset(p, 0, bytes);
            t->slots = p;
        }
    } else {
        t->slots = calloc(cap, sizeof *t->slots);
    }
    return t->slots ? 0 : KGD_NOMEM;
}

/* The probe key of an id: its hash, first 8 bytes and capped length. safe: 8 bytes can
 * be read at id (the id is followed by more of the file). */
static uint64_t id_key(const char *id, size_t len, int safe, uint64_t *head, uint16_t *clen)
{
    *head = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (safe) {
        memcpy(head, id, 8);
        if (len < 8)
            *head &= (1ull << (8 * len)) - 1;
    } else
#endif
    {
        (void)safe;
        memcpy(head, id, len < 8 ? len : 8);
    }
    *clen = len < 0xFFFF ? (uint16_t)len : 0xFFFF;
    return len <= 8 ? kg_hash__mix(*head ^ (len * 0x9E3779B97F4A7C15ull)) : kg_hash__bytes(id, len, 0x1D);
}

/* A lookup prepared ahead: the id, its probe key, and its first slot prefetched. An id
 * of more than 8 bytes is compared in full: its text is copied (up to sizeof text) so the
 * lookup can wait until the row it came from is gone. */
typedef struct idprobe {
    const char *id;
    size_t len;
    uint64_t h, head;
    uint16_t clen;
    char text[48];
} idprobe;

static void idprobe_prepare(idprobe *p, const kgd_idtable *t, const char *id, size_t len, int safe)
{
    p->id = id;
    p->len = len;
    p->h = id_key(id, len, safe, &p->head, &p->clen);
    if (t->slots)
        __builtin_prefetch(&t->slots[(size_t)p->h & t->mask]);
}

/* Index of the item with the probe's id in items, or KG_NONE. */
static size_t idtable_lookup(const kgd_idtable *t, const kgd_item *items, const idprobe *p)
{
    if (!t->slots)
        return KG_NONE;
    const char *id = p->id;
    size_t len = p->len;
    uint64_t h = p->h, head = p->head;
    uint16_t clen = p->clen;
    uint16_t tag = (uint16_t)(h >> 48);
    for (size_t i = (size_t)h & t->mask;; i = (i + 1) & t->mask) {
        const kgd_idslot *sl = &t->slots[i];
        if (!sl->index)
            return KG_NONE;
        if (sl->tag != tag || sl->len != clen || sl->head != head)
            continue;
        if (len <= 8 || (strncmp(items[sl->index - 1].id, id, len) == 0 &&
                         items[sl->index - 1].id[len] == '\0'))
            return sl->index - 1;
    }
}

/* Index of the item with this id in items, or KG_NONE. */
size_t kg_diff__idtable_find(const kgd_idtable *t, const kgd_item *items, const char *id, size_t len)
{
    idprobe p;
    idprobe_prepare(&p, t, id, len, 0);
    return idtable_lookup(t, items, &p);
}

/* Adds item index idx; returns -1 when its id is there already. */
static int idtable_add(kgd_idtable *t, const kgd_item *items, size_t idx)
{
    const char *id = items[idx].id;
    size_t len = strlen(id);
    if (kg_diff__idtable_find(t, items, id, len) != KG_NONE)
        return -1;
    uint64_t head;
    uint16_t clen;
    uint64_t h = id_key(id, len, 0, &head, &clen);
    size_t i = (size_t)h & t->mask;
    while (t->slots[i].index)
        i = (i + 1) & t->mask;
    t->slots[i] = (kgd_idslot){(uint32_t)(idx + 1), clen, (uint16_t)(h >> 48), head};
    return 0;
}

/* Reads entities.csv or sources.csv into canonical items and an id table. */
static int scan_records(kgd_side *s, kg_file_kind kind)
{
    const kgd_sfile *f = &s->files[kind];
    kgd_layout *l = &s->lay[kind];
    size_t pos = 0, raw_end, n = 0, cap = 0;
    kgd_item *items = NULL;
    int r;
    int ent = kind == KG_FILE_ENTITIES;
    size_t nknown = ent ? KGD_ENTITY_FIELDS : KGD_SOURCE_FIELDS;
    const char *const *names = ent ? kg_diff__entity_names : kg_diff__source_names;
    if ((r = kg_diff__read_header(s, kind, &pos)) != 0)
        return r;
    while (pos < f->size) {
        r = kg_diff__parse_row(&s->row, f->data, f->size, &pos, &raw_end);
        if (r == KGD_ROW_BLANK)
            continue;
        if (r != KGD_ROW_PARSED)
            goto fail;
        if (s->row.nf > l->ncols || n >= s->max_rows || n >= UINT32_MAX - 1) { /* idslot's index */
            r = KGD_UNUSUAL;
            goto fail;
        }
        if (kg_diff__scan_grow(&items, &cap, n + 1, sizeof *items) != 0) {
            r = KGD_NOMEM;
            goto fail;
        }
        size_t idlen, bom = 0;
        const char *id = kgd_known_field(s, l, 0, &idlen);
        /* load.c refuses an entity id of bytes EF, BB and BF only (U+FEFF, a BOM) */
        while (ent && bom < idlen && (id[bom] == '\xEF' || id[bom] == '\xBB' || id[bom] == '\xBF'))
            bom++;
        if (!idlen || (ent && bom == idlen)) {
            r = KGD_UNUSUAL;
            goto fail;
        }
        /* known columns in order (entities: label, type, aliases, description, url;
         * sources: title, publisher, author, date, url, file), then extras */
        kgd_field *fl = kg_arena__alloc(&s->mem, (nknown + l->n_extra) * sizeof *fl);
        char *idc = kg_arena__strndup(&s->mem, id, idlen);
        if (!fl || !idc) {
            r = KGD_NOMEM;
            goto fail;
        }
        size_t nf = 0;
        for (size_t k = 0; k < nknown; k++) {
            size_t len;
            const char *v = kgd_known_field(s, l, (int)k + 1, &len);
            if (ent && k == 0 && !len) {
                v = id; /* the label defaults to the id */
                len = idlen;
            }
            int is_url = k == 4; /* url in both */
            int is_date = !ent && k == 3;
            const char *copy = len ? kg_arena__strndup(&s->mem, v, len) : "";
            if (!copy) {
                r = KGD_NOMEM;
                goto fail;
            }
            if ((is_url && len && kg_url__problem(copy)) || (is_date && len && !kg_date__valid(copy, len))) {
                r = KGD_UNUSUAL;
                goto fail;
            }
            fl[nf++] = (kgd_field){names[k], copy};
        }
        for (size_t e = 0; e < l->n_extra; e++) {
            size_t c = l->extra[e];
            size_t len = kg_diff__rowp_len(&s->row, c);
            if (!len)
                continue;
            char *copy = kg_arena__strndup(&s->mem, kg_diff__rowp_field(&s->row, c), len);
            if (!copy) {
                r = KGD_NOMEM;
                goto fail;
            }
            fl[nf++] = (kgd_field){l->headers[c], copy};
        }
        items[n++] = (kgd_item){idc, fl, nf, nknown, KG_NONE};
    }
    kgd_idtable *t = ent ? &s->ent_ids : &s->src_ids;
    if (idtable_init(t, n) != 0) {
        r = KGD_NOMEM;
        goto fail;
    }
    for (size_t i = 0; i < n; i++)
        if (idtable_add(t, items, i) != 0) {
            r = KGD_UNUSUAL; /* a duplicate id */
            goto fail;
        }
    unsigned char **marks = ent ? &s->ent_used : &s->src_cited;
    *marks = calloc(n ? n : 1, 1);
    if (!*marks) {
        r = KGD_NOMEM;
        goto fail;
    }
    if (ent) {
        s->ents = items;
        s->n_ents = n;
    } else {
        s->srcs = items;
        s->n_srcs = n;
    }
    return 0;
fail:
    free(items);
    return r;
}

/* ---- relations ---------------------------------------------------------------------------------- */

/* Resolves an entity reference prepared in p (marks it used). 0, or KGD_UNUSUAL. */
static int entity_ref(kgd_side *s, const idprobe *p, int required)
{
    if (!p->len)
        return required ? KGD_UNUSUAL : 0;
    if (s->single)
        return 0; /* entities.csv is not read: references are taken as they are */
    size_t i = idtable_lookup(&s->ent_ids, s->ents, p);
    if (i == KG_NONE)
        return KGD_UNUSUAL;
    s->ent_used[i] = 1;
    return 0;
}

/* Hashes of the current row: *key over (source, relation, target), *content over the
 * canonical citation, *dq over (doc, quote). */
static void row_hashes(const kgd_side *s, const kgd_layout *l, int polarity, const double *conf,
                       uint64_t *key, uint64_t *content, uint32_t *dq)
{
    size_t len;
    const char *v;
    uint64_t h = 0x6B6579;
    for (int k = RC_SOURCE; k <= RC_TARGET; k++) {
        v = kgd_known_field(s, l, k, &len);
        h = kg_hash__bytes(v, len, h);
    }
    *key = h;
    uint64_t c = 0xC17E;
    static const int order[] = {RC_DOC, RC_QUOTE, RC_DATE, RC_CLAIMED_BY};
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        v = kgd_known_field(s, l, order[i], &len);
        c = kg_hash__bytes(v, len, c);
        if (order[i] == RC_QUOTE) /* the chain so far covers (doc, quote) */
            *dq = (uint32_t)kg_hash__mix(c ^ h);
    }
    uint64_t bits = 0xFFFFFFFFFFFFFFFFull;
    if (conf)
        memcpy(&bits, conf, sizeof bits);
    c = kg_hash__mix(c ^ bits) ^ (uint64_t)polarity;
    for (size_t e = 0; e < l->n_extra; e++) {
        size_t col = l->extra[e];
        len = kg_diff__rowp_len(&s->row, col);
        if (!len)
            continue;
        const char *name = l->headers[col];
        c = kg_hash__bytes(name, strlen(name), c);
        c = kg_hash__bytes(kg_diff__rowp_field(&s->row, col), len, c);
    }
    *content = kg_hash__mix(c);
}

/* Rows between prefetching an entity id's slot and looking it up. */
#define REF_DELAY 16

/* Scans relations.csv: every row checked, reduced to a srow. */
static int scan_relations(kgd_side *s)
{
    idprobe ring[REF_DELAY][3];
    const kgd_sfile *f = &s->files[KG_FILE_RELATIONS];
    kgd_layout *l = &s->lay[KG_FILE_RELATIONS];
    size_t pos = 0, raw_end;
    int r;
    if ((r = kg_diff__read_header(s, KG_FILE_RELATIONS, &pos)) != 0)
        return r;
    if (kg_diff__scan_grow(&s->rows, &s->rows_cap, f->size / 160 + 16, sizeof *s->rows) != 0)
        return KGD_NOMEM;
    int sources = s->files[KG_FILE_SOURCES].present && !s->single;
    while (pos < f->size) {
        size_t row_start = pos;
        r = kg_diff__parse_row(&s->row, f->data, f->size, &pos, &raw_end);
        if (r == KGD_ROW_BLANK)
            continue;
        if (r != KGD_ROW_PARSED)
            return r;
        /* the join numbers rows in 32 bits */
        if (s->row.nf > l->ncols || s->n_rows >= s->max_rows || s->n_rows >= UINT32_MAX - 1 ||
            raw_end - row_start > UINT32_MAX)
            return KGD_UNUSUAL;
        /* the entity lookups miss the cache: their slots are prefetched now and looked
         * at REF_DELAY rows later (a failing one fails the scan all the same) */
        size_t len;
        idprobe *refs = ring[s->n_rows % REF_DELAY];
        if (s->n_rows >= REF_DELAY)
            for (int k = 0; k < 3; k++)
                if (entity_ref(s, &refs[k], k < 2))
                    return KGD_UNUSUAL;
        static const int ref_cols[3] = {RC_SOURCE, RC_TARGET, RC_CLAIMED_BY};
        for (int k = 0; k < 3; k++) {
            const char *v = kgd_known_field(s, l, ref_cols[k], &len);
            uintptr_t at = (uintptr_t)v, base = (uintptr_t)f->data;
            int safe = at >= base && at - base + 8 <= f->size; /* in the file, not copied */
            if (len > 8) {
                if (len > sizeof refs[k].text)
                    return KGD_UNUSUAL; /* long ids: the model method */
                memcpy(refs[k].text, v, len);
                v = refs[k].text;
                safe = 0;
            }
            idprobe_prepare(&refs[k], &s->ent_ids, v, len, safe);
        }
        const char *v;
        kgd_known_field(s, l, RC_RELATION, &len);
        if (!len)
            return KGD_UNUSUAL;
        v = kgd_known_field(s, l, RC_POLARITY, &len);
        int polarity = kg_polarity__parse(v, len);
        if (polarity < 0)
            return KGD_UNUSUAL;
        v = kgd_known_field(s, l, RC_DATE, &len);
        if (len && !kg_date__valid(v, len))
            return KGD_UNUSUAL;
        v = kgd_known_field(s, l, RC_DOC, &len);
        if (len && sources) {
            size_t i = kg_diff__idtable_find(&s->src_ids, s->srcs, v, len);
            if (i == KG_NONE)
                return KGD_UNUSUAL;
            s->src_cited[i] = 1;
        }
        double conf;
        v = kgd_known_field(s, l, RC_CONFIDENCE, &len);
        int has_conf = len > 0;
        if (has_conf && kg_diff__parse_confidence_n(v, len, &conf) != 0)
            return KGD_UNUSUAL;
        if (s->n_rows == s->rows_cap && kg_diff__scan_grow(&s->rows, &s->rows_cap, s->n_rows + 1, sizeof *s->rows) != 0)
            return KGD_NOMEM;
        kgd_srow *row = &s->rows[s->n_rows++];
        row_hashes(s, l, polarity, has_conf ? &conf : NULL, &row->key, &row->content, &row->dq);
        row->off = row_start;
        row->len = (uint32_t)(raw_end - row_start);
    }
    for (size_t i = s->n_rows > REF_DELAY ? s->n_rows - REF_DELAY : 0; i < s->n_rows; i++)
        for (int k = 0; k < 3; k++)
            if (entity_ref(s, &ring[i % REF_DELAY][k], k < 2))
                return KGD_UNUSUAL;
    return 0;
}

/* Partitions the rows by the top bits of their key hash (bits of them). */
static int partition_rows(kgd_side *s, unsigned bits)
{
    size_t np = (size_t)1 << bits;
    s->part = calloc(np + 1, sizeof *s->part);
    kgd_srow *out = malloc((s->n_rows ? s->n_rows : 1) * sizeof *out);
    if (!s->part || !out) {
        free(out);
        return KGD_NOMEM;
    }
    unsigned shift = 64 - bits;
    for (size_t i = 0; i < s->n_rows; i++)
        s->part[(bits ? s->rows[i].key >> shift : 0) + 1]++;
    for (size_t p = 0; p < np; p++)
        s->part[p + 1] += s->part[p];
    size_t *fill = malloc(np * sizeof *fill);
    if (!fill) {
        free(out);
        return KGD_NOMEM;
    }
    memcpy(fill, s->part, np * sizeof *fill);
    for (size_t i = 0; i < s->n_rows; i++)
        out[fill[bits ? s->rows[i].key >> shift : 0]++] = s->rows[i];
    free(fill);
    free(s->rows);
    s->rows = out;
    return 0;
}

/* Scans a side whose files kg_diff__open_side() found (nothing when it failed). */
void kg_diff__scan_side(kgd_side *s, unsigned part_bits)
{
    int r = s->status;
    if (r != 0)
        return;
    if (r == 0 && s->files[KG_FILE_SOURCES].present)
        r = scan_records(s, KG_FILE_SOURCES);
    if (r == 0 && (!s->single || s->only == KG_FILE_ENTITIES))
        r = scan_records(s, KG_FILE_ENTITIES);
    if (r == 0 && (!s->single || s->only == KG_FILE_RELATIONS))
        r = scan_relations(s);
    if (r == 0 && !s->single) {
        /* what the loader would warn about: entities in no relation, sources uncited */
        for (size_t i = 0; i < s->n_ents && r == 0; i++)
            if (!s->ent_used[i])
                r = KGD_UNUSUAL;
        for (size_t i = 0; i < s->n_srcs && r == 0; i++)
            if (!s->src_cited[i])
                r = KGD_UNUSUAL;
    }
    if (r == 0)
        r = partition_rows(s, part_bits);
    s->status = r;
}

void *kg_diff__scan_thread(void *arg)
{
    kgd_scan_job *j = arg;
    kg_diff__scan_side(j->s, j->part_bits);
    return NULL;
}

