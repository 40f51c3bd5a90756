/* diff_rename.c: rename detection, one pass over the result store both methods fill.
 *
 * An entity removed and an entity added are one renamed entity when they share their label
 * and aliases (a pair unique among the removed and among the added entities) and the
 * relations removed with the old id are exactly those added with the new one, once every
 * candidate's old id is read as its new id (same verb, same other end, same polarity and
 * citations). Candidates whose relations do not match are dropped until none is dropped,
 * since a dropped candidate changes the mapping others were checked with. A citation of
 * another relation whose claimed_by only follows a rename is no change either. Only the
 * store is read, so the scan and the model method give the same result.
 */
#include <stdlib.h>
#include <string.h>

#include "base/base_internal.h"
#include "diff_internal.h"

/* A candidate: removed entity record ri, added entity record ai. */
typedef struct cand {
    const char *old_id, *new_id;
    size_t ri, ai;
    int alive;
} cand;

/* A relation change touching an entity id. */
typedef struct touch {
    const char *id;
    size_t rel;
} touch;

typedef struct renamer {
    kg_diff *d;
    cand *c;          /* sorted by old_id */
    size_t nc;
    touch *rt, *at;   /* removed / added relations by entity id (sorted by id) */
    size_t nrt, nat;
    unsigned char *used; /* per relation change: matched in the current check */
} renamer;

/* The value of field name in a record's field list ("" when absent): old_value of a
 * removal, new_value of an addition. */
static const char *field_value(const kg_record_change *r, const char *name)
{
    for (size_t i = 0; i < r->field_count; i++)
        if (strcmp(r->fields[i].name, name) == 0)
            return r->change == KG_CHANGE_REMOVED ? r->fields[i].old_value : r->fields[i].new_value;
    return "";
}

static int key_cmp_rec(const kg_record_change *x, const kg_record_change *y)
{
    int c = strcmp(field_value(x, "label"), field_value(y, "label"));
    return c ? c : strcmp(field_value(x, "aliases"), field_value(y, "aliases"));
}

/* A removed or added record and its index in the store. */
typedef struct rec_ref {
    const kg_record_change *r;
    size_t i;
} rec_ref;

/* qsort order of rec_refs: by (label, aliases), then id. */
static int key_cmp(const void *a, const void *b)
{
    const kg_record_change *x = ((const rec_ref *)a)->r, *y = ((const rec_ref *)b)->r;
    int c = key_cmp_rec(x, y);
    return c ? c : strcmp(x->id, y->id);
}

static int cand_cmp(const void *a, const void *b)
{
    return strcmp(((const cand *)a)->old_id, ((const cand *)b)->old_id);
}

static int touch_cmp(const void *a, const void *b)
{
    const touch *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c ? c : (x->rel > y->rel) - (x->rel < y->rel);
}

/* The new id of old id `id` under the living candidates; id itself when none. */
static const char *map_id(const renamer *m, const char *id)
{
    size_t lo = 0, hi = m->nc;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(m->c[mid].old_id, id);
        if (c == 0)
            return m->c[mid].alive ? m->c[mid].new_id : id;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return id;
}

/* The range [*b, *e) of t[0..n) touching id. */
static void touch_range(const touch *t, size_t n, const char *id, size_t *b, size_t *e)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(t[mid].id, id) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    *b = lo;
    while (lo < n && strcmp(t[lo].id, id) == 0)
        lo++;
    *e = lo;
}

/* Nonzero when field lists f (removed: old values) and g (added: new values) are equal,
 * claimed_by read through the mapping. */
static int fields_match(const renamer *m, const kg_field_change *f, size_t nf,
                        const kg_field_change *g, size_t ng)
{
    if (nf != ng)
        return 0;
    for (size_t i = 0; i < nf; i++) {
        if (strcmp(f[i].name, g[i].name) != 0)
            return 0;
        const char *o = f[i].old_value;
        if (strcmp(f[i].name, "claimed_by") == 0)
            o = map_id(m, o);
        if (strcmp(o, g[i].new_value) != 0)
            return 0;
    }
    return 1;
}

/* Nonzero when removed relation r, its ends mapped, is added relation a. */
static int relation_match(const renamer *m, const kg_relation_change *r, const kg_relation_change *a)
{
    if (strcmp(r->relation, a->relation) != 0 || strcmp(map_id(m, r->source), a->source) != 0 ||
        strcmp(map_id(m, r->target), a->target) != 0 || r->citation_count != a->citation_count ||
        !fields_match(m, r->fields, r->field_count, a->fields, a->field_count))
        return 0;
    for (size_t i = 0; i < r->citation_count; i++) {
        const kg_citation_change *x = &r->citations[i], *y = &a->citations[i];
        if (strcmp(x->doc, y->doc) != 0 ||
            !fields_match(m, x->fields, x->field_count, y->fields, y->field_count))
            return 0;
    }
    return 1;
}

/* Nonzero when candidate k's removed relations are its added ones under the mapping. */
static int relations_match(renamer *m, const cand *k)
{
    size_t rb, re, ab, ae;
    touch_range(m->rt, m->nrt, k->old_id, &rb, &re);
    touch_range(m->at, m->nat, k->new_id, &ab, &ae);
    if (re - rb != ae - ab)
        return 0;
    int ok = 1;
    for (size_t i = rb; i < re && ok; i++) {
        const kg_relation_change *r = &m->d->relations[m->rt[i].rel];
        ok = 0;
        for (size_t j = ab; j < ae; j++) {
            size_t a = m->at[j].rel;
            if (!m->used[a] && relation_match(m, r, &m->d->relations[a])) {
                m->used[a] = 1;
                ok = 1;
                break;
            }
        }
    }
    for (size_t j = ab; j < ae; j++)
        m->used[m->at[j].rel] = 0;
    return ok;
}

/* Nonzero when citation change c only says that its claimed_by moved from a renamed
 * entity's old id to its new one. */
static int claim_follows_rename(const renamer *m, const kg_citation_change *c)
{
    if (c->change != KG_CHANGE_CHANGED || c->field_count == 0)
        return 0;
    for (size_t i = 0; i < c->field_count; i++) {
        const kg_field_change *f = &c->fields[i];
        if (strcmp(f->name, "claimed_by") != 0 || !f->old_value[0] ||
            strcmp(map_id(m, f->old_value), f->new_value) != 0 ||
            strcmp(f->old_value, f->new_value) == 0)
            return 0;
    }
    return 1;
}

/* Drops from the changed relations the citation changes that only follow a rename
 * (claim_follows_rename), and the relations left with no change (drop[i] set). KG_OK or
 * KG_ENOMEM (nothing changed). */
static int drop_followed_claims(renamer *m, unsigned char *drop)
{
    kg_diff *d = m->d;
    for (size_t i = 0; i < d->n_relations; i++) {
        kg_relation_change *r = &d->relations[i];
        size_t follow = 0;
        if (drop[i] || r->change != KG_CHANGE_CHANGED)
            continue;
        for (size_t c = 0; c < r->citation_count; c++)
            follow += claim_follows_rename(m, &r->citations[c]) != 0;
        if (!follow)
            continue;
        if (follow == r->citation_count && r->field_count == 0) {
            drop[i] = 1;
            continue;
        }
        size_t left = r->citation_count - follow, k = 0;
        kg_citation_change *kept = left ? kg_arena__alloc(&d->arena, left * sizeof *kept) : NULL;
        if (left && !kept)
            return KG_ENOMEM;
        for (size_t c = 0; c < r->citation_count; c++)
            if (!claim_follows_rename(m, &r->citations[c]))
                kept[k++] = r->citations[c];
        r->citations = kept;
        r->citation_count = left;
    }
    return KG_OK;
}

/* Appends to t (at *n) the relation changes of kind `change`, once per distinct end. */
static void collect_touches(const kg_diff *d, kg_change change, touch *t, size_t *n)
{
    for (size_t i = 0; i < d->n_relations; i++) {
        const kg_relation_change *r = &d->relations[i];
        if (r->change != change)
            continue;
        t[(*n)++] = (touch){r->source, i};
        if (strcmp(r->source, r->target) != 0)
            t[(*n)++] = (touch){r->target, i};
    }
}

/* The renamed record of candidate k: fields that differ besides the id. KG_OK or
 * KG_ENOMEM. */
static int make_record(kg_diff *d, const cand *k, kg_record_change *out)
{
    const kg_record_change *o = &d->entities[k->ri], *n = &d->entities[k->ai];
    /* both lists in column order: known columns first, unknown ones by name */
    size_t cap = o->field_count + n->field_count, cnt = 0;
    kg_field_change *f = cap ? kg_arena__alloc(&d->arena, cap * sizeof *f) : NULL;
    if (cap && !f)
        return KG_ENOMEM;
    size_t i = 0, j = 0;
    while (i < o->field_count || j < n->field_count) {
        int c;
        if (i >= o->field_count)
            c = 1;
        else if (j >= n->field_count)
            c = -1;
        else {
            int ri = KGD_ENTITY_FIELDS, rj = KGD_ENTITY_FIELDS;
            for (int q = 0; q < KGD_ENTITY_FIELDS; q++) {
                if (strcmp(o->fields[i].name, kg_diff__entity_names[q]) == 0)
                    ri = q;
                if (strcmp(n->fields[j].name, kg_diff__entity_names[q]) == 0)
                    rj = q;
            }
            c = ri != rj ? (ri < rj ? -1 : 1)
                         : ri < KGD_ENTITY_FIELDS ? 0 : strcmp(o->fields[i].name, n->fields[j].name);
        }
        const char *name = c <= 0 ? o->fields[i].name : n->fields[j].name;
        const char *ov = c <= 0 ? o->fields[i].old_value : "";
        const char *nv = c >= 0 ? n->fields[j].new_value : "";
        if (strcmp(ov, nv) != 0)
            f[cnt++] = (kg_field_change){name, ov, nv};
        i += c <= 0;
        j += c >= 0;
    }
    *out = (kg_record_change){KG_CHANGE_RENAMED, n->id, cnt ? f : NULL, cnt, o->old_index,
                              n->new_index, o->id};
    return KG_OK;
}

int kg_diff__find_renames(kg_diff *d)
{
    if ((d->kinds & (KG_DIFF_ENTITIES | KG_DIFF_RELATIONS)) != (KG_DIFF_ENTITIES | KG_DIFF_RELATIONS))
        return KG_OK;
    size_t nrem = 0, nadd = 0;
    for (size_t i = 0; i < d->n_entities; i++) {
        nrem += d->entities[i].change == KG_CHANGE_REMOVED;
        nadd += d->entities[i].change == KG_CHANGE_ADDED;
    }
    if (!nrem || !nadd)
        return KG_OK;
    renamer m;
    memset(&m, 0, sizeof m);
    m.d = d;
    int rc = KG_ENOMEM;
    rec_ref *rem = kg__calloc(nrem, sizeof *rem), *add = kg__calloc(nadd, sizeof *add);
    unsigned char *drop_rel = NULL, *drop_ent = NULL;
    if (!rem || !add)
        goto done;
    nrem = nadd = 0;
    for (size_t i = 0; i < d->n_entities; i++) {
        if (d->entities[i].change == KG_CHANGE_REMOVED)
            rem[nrem++] = (rec_ref){&d->entities[i], i};
        else if (d->entities[i].change == KG_CHANGE_ADDED)
            add[nadd++] = (rec_ref){&d->entities[i], i};
    }
    qsort(rem, nrem, sizeof *rem, key_cmp);
    qsort(add, nadd, sizeof *add, key_cmp);
    /* candidates: keys unique on both sides */
    m.c = kg__calloc(nrem < nadd ? nrem : nadd, sizeof *m.c);
    if (!m.c)
        goto done;
    for (size_t i = 0, j = 0; i < nrem && j < nadd;) {
        const kg_record_change *x = rem[i].r, *y = add[j].r;
        int c = key_cmp_rec(x, y);
        size_t ie = i + 1, je = j + 1;
        while (ie < nrem && key_cmp_rec(rem[ie].r, x) == 0)
            ie++;
        while (je < nadd && key_cmp_rec(add[je].r, y) == 0)
            je++;
        if (c == 0 && ie == i + 1 && je == j + 1)
            m.c[m.nc++] = (cand){x->id, y->id, rem[i].i, add[j].i, 1};
        if (c <= 0)
            i = ie;
        if (c >= 0)
            j = je;
    }
    if (!m.nc) {
        rc = KG_OK;
        goto done;
    }
    qsort(m.c, m.nc, sizeof *m.c, cand_cmp);
    size_t nrel = d->n_relations;
    m.rt = kg__calloc(2 * nrel + 1, sizeof *m.rt);
    m.at = kg__calloc(2 * nrel + 1, sizeof *m.at);
    m.used = kg__calloc(nrel + 1, 1);
    drop_rel = kg__calloc(nrel + 1, 1);
    drop_ent = kg__calloc(d->n_entities + 1, 1);
    if (!m.rt || !m.at || !m.used || !drop_rel || !drop_ent)
        goto done;
    collect_touches(d, KG_CHANGE_REMOVED, m.rt, &m.nrt);
    collect_touches(d, KG_CHANGE_ADDED, m.at, &m.nat);
    qsort(m.rt, m.nrt, sizeof *m.rt, touch_cmp);
    qsort(m.at, m.nat, sizeof *m.at, touch_cmp);
    for (int again = 1; again;) {
        again = 0;
        for (size_t k = 0; k < m.nc; k++)
            if (m.c[k].alive && !relations_match(&m, &m.c[k])) {
                m.c[k].alive = 0;
                again = 1;
            }
    }
    /* the renamed records replace their two records; their relations go */
    size_t n_ren = 0;
    for (size_t k = 0; k < m.nc; k++) {
        if (!m.c[k].alive)
            continue;
        n_ren++;
        drop_ent[m.c[k].ri] = drop_ent[m.c[k].ai] = 1;
        size_t b, e;
        touch_range(m.rt, m.nrt, m.c[k].old_id, &b, &e);
        for (size_t i = b; i < e; i++)
            drop_rel[m.rt[i].rel] = 1;
        touch_range(m.at, m.nat, m.c[k].new_id, &b, &e);
        for (size_t i = b; i < e; i++)
            drop_rel[m.at[i].rel] = 1;
    }
    if (!n_ren) {
        rc = KG_OK;
        goto done;
    }
    kg_record_change *made = kg__calloc(n_ren, sizeof *made);
    if (!made)
        goto done;
    size_t nm = 0;
    rc = KG_OK;
    for (size_t k = 0; k < m.nc && rc == KG_OK; k++)
        if (m.c[k].alive)
            rc = make_record(d, &m.c[k], &made[nm++]);
    if (rc == KG_OK)
        rc = drop_followed_claims(&m, drop_rel);
    if (rc == KG_OK) {
        size_t kept = 0;
        for (size_t i = 0; i < d->n_entities; i++)
            if (!drop_ent[i])
                d->entities[kept++] = d->entities[i];
        /* 2 records out for each 1 in: the array has room */
        memcpy(d->entities + kept, made, nm * sizeof *made);
        d->n_entities = kept + nm;
        kept = 0;
        for (size_t i = 0; i < d->n_relations; i++)
            if (!drop_rel[i])
                d->relations[kept++] = d->relations[i];
        d->n_relations = kept;
    }
    kg_free(made);

done:
    kg_free(rem);
    kg_free(add);
    kg_free(m.c);
    kg_free(m.rt);
    kg_free(m.at);
    kg_free(m.used);
    kg_free(drop_rel);
    kg_free(drop_ent);
    return rc;
}
