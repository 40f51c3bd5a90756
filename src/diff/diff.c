/* diff.c: the diff's result store, the comparisons both methods share, and the model
 * method (kg_diff_compute): two loaded datasets compared through their indexes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base_internal.h"
#include "diff_internal.h"
#include "dataset/dataset_internal.h"

const char *const kg_diff__entity_names[KGD_ENTITY_FIELDS] = {"label", "type", "aliases",
                                                         "description", "url"};
const char *const kg_diff__source_names[KGD_SOURCE_FIELDS] = {"title", "publisher", "author",
                                                         "date", "url", "file"};
const char *const kg_diff__citation_names[KGD_CITATION_FIELDS] = {"doc", "quote", "date",
                                                             "polarity", "confidence",
                                                             "claimed_by"};

/* ---- the result ---------------------------------------------------------------------- */

const char *kg_change_name(kg_change change)
{
    switch (change) {
    case KG_CHANGE_ADDED: return "added";
    case KG_CHANGE_REMOVED: return "removed";
    case KG_CHANGE_CHANGED: return "changed";
    case KG_CHANGE_RENAMED: return "renamed";
    default: return NULL;
    }
}

void kg_diff_options_init(kg_diff_options *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->kinds = KG_DIFF_ALL;
}

kg_diff *kg_diff__new(unsigned kinds, kg_diff_method method)
{
    kg_diff *d = kg__calloc(1, sizeof *d);
    if (d) {
        d->kinds = kinds ? kinds & KG_DIFF_ALL : KG_DIFF_ALL;
        d->method = method;
    }
    return d;
}

void kg_diff_free(kg_diff *diff)
{
    if (!diff)
        return;
    kg_arena__free(&diff->arena);
    kg_free(diff->entities);
    kg_free(diff->sources);
    kg_free(diff->relations);
    kg_free(diff->scratch);
    kg_free(diff);
}

kg_diff_method kg_diff_method_used(const kg_diff *diff) { return diff->method; }
size_t kg_diff_entity_count(const kg_diff *diff) { return diff->n_entities; }
size_t kg_diff_relation_count(const kg_diff *diff) { return diff->n_relations; }
size_t kg_diff_source_count(const kg_diff *diff) { return diff->n_sources; }

const kg_record_change *kg_diff_entity(const kg_diff *diff, size_t i)
{
    return i < diff->n_entities ? &diff->entities[i] : NULL;
}

const kg_relation_change *kg_diff_relation(const kg_diff *diff, size_t i)
{
    return i < diff->n_relations ? &diff->relations[i] : NULL;
}

const kg_record_change *kg_diff_source(const kg_diff *diff, size_t i)
{
    return i < diff->n_sources ? &diff->sources[i] : NULL;
}

void kg_diff_totals_get(const kg_diff *diff, kg_diff_totals *out)
{
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < diff->n_entities; i++)
        out->entities[diff->entities[i].change]++;
    for (size_t i = 0; i < diff->n_relations; i++)
        out->relations[diff->relations[i].change]++;
    for (size_t i = 0; i < diff->n_sources; i++)
        out->sources[diff->sources[i].change]++;
}

int kg_diff_is_empty(const kg_diff *diff)
{
    return diff->n_entities == 0 && diff->n_relations == 0 && diff->n_sources == 0;
}

size_t kg_diff_summary(const kg_diff *diff, char *buf, size_t cap)
{
    kg_diff_totals t;
    kg_diff_totals_get(diff, &t);
    const size_t *counts[3] = {t.relations, t.entities, t.sources};
    static const char *const singular[3] = {"relation", "entity", "source"};
    static const char *const plural[3] = {"relations", "entities", "sources"};
    char line[512];
    size_t len = 0;
    line[0] = '\0';
    for (int k = 0; k < 3; k++) {
        int first = 1;
        for (int c = 0; c < 4; c++) {
            size_t n = counts[k][c];
            if (!n)
                continue;
            const char *sep = first ? (len ? "; " : "") : ", ";
            if (first)
                len += (size_t)snprintf(line + len, sizeof line - len, "%s%zu %s %s", sep, n,
                                        n == 1 ? singular[k] : plural[k],
                                        kg_change_name((kg_change)c));
            else
                len += (size_t)snprintf(line + len, sizeof line - len, "%s%zu %s", sep, n,
                                        kg_change_name((kg_change)c));
            first = 0;
        }
    }
    if (!len)
        len = (size_t)snprintf(line, sizeof line, "no differences");
    return (size_t)snprintf(buf, cap, "%s", line);
}

/* ---- comparing items ----------------------------------------------------------------- */

int kg_diff__item_cmp(const kgd_item *a, const kgd_item *b)
{
    size_t n = a->count < b->count ? a->count : b->count;
    for (size_t i = 0; i < n; i++) {
        int c;
        if (i >= a->known && (c = strcmp(a->fields[i].name, b->fields[i].name)) != 0)
            return c;
        if ((c = strcmp(a->fields[i].value, b->fields[i].value)) != 0)
            return c;
    }
    return a->count < b->count ? -1 : a->count > b->count;
}

/* Counts (out == NULL) or fills the fields that differ between a and b (either may be
 * NULL: every field with a value, those in always_mask always). Values are borrowed.
 * Returns the number. */
static size_t field_changes(const kgd_item *a, const kgd_item *b, unsigned always_mask,
                            kg_field_change *out)
{
    size_t n = 0;
    const kgd_item *any = a ? a : b;
    for (size_t i = 0; i < any->known; i++) {
        const char *o = a ? a->fields[i].value : "", *v = b ? b->fields[i].value : "";
        int differs = (a && b) ? strcmp(o, v) != 0 : (o[0] || v[0] || (always_mask >> i & 1));
        if (differs) {
            if (out)
                out[n] = (kg_field_change){any->fields[i].name, o, v};
            n++;
        }
    }
    size_t i = a ? a->known : 0, j = b ? b->known : 0;
    size_t na = a ? a->count : 0, nb = b ? b->count : 0;
    while (i < na || j < nb) {
        int c = i >= na ? 1 : j >= nb ? -1 : strcmp(a->fields[i].name, b->fields[j].name);
        const char *name = c <= 0 ? a->fields[i].name : b->fields[j].name;
        const char *o = c <= 0 ? a->fields[i].value : "";
        const char *v = c >= 0 ? b->fields[j].value : "";
        if (strcmp(o, v) != 0) {
            if (out)
                out[n] = (kg_field_change){name, o, v};
            n++;
        }
        i += c <= 0;
        j += c >= 0;
    }
    return n;
}

/* Copies a string into the diff's arena; NULL out of memory. */
static const char *own(kg_diff *d, const char *s)
{
    return kg_arena__strndup(&d->arena, s, strlen(s));
}

/* Builds the arena copy of the fields that differ between a and b (see field_changes).
 * Returns KG_OK or KG_ENOMEM. */
static int owned_fields(kg_diff *d, const kgd_item *a, const kgd_item *b, unsigned always_mask,
                        const kg_field_change **out, size_t *count)
{
    size_t n = field_changes(a, b, always_mask, NULL);
    kg_field_change *f = NULL;
    *out = NULL;
    *count = n;
    if (!n)
        return KG_OK;
    f = kg_arena__alloc(&d->arena, n * sizeof *f);
    if (!f)
        return KG_ENOMEM;
    field_changes(a, b, always_mask, f);
    for (size_t i = 0; i < n; i++) {
        f[i].name = own(d, f[i].name);
        f[i].old_value = f[i].old_value[0] ? own(d, f[i].old_value) : "";
        f[i].new_value = f[i].new_value[0] ? own(d, f[i].new_value) : "";
        if (!f[i].name || !f[i].old_value || !f[i].new_value)
            return KG_ENOMEM;
    }
    *out = f;
    return KG_OK;
}

int kg_diff__record_diff(kg_diff *d, unsigned kind, const kgd_item *old_item, const kgd_item *new_item)
{
    if (old_item && new_item && field_changes(old_item, new_item, 0, NULL) == 0)
        return KG_OK;
    kg_record_change **arr = kind == KG_DIFF_ENTITIES ? &d->entities : &d->sources;
    size_t *n = kind == KG_DIFF_ENTITIES ? &d->n_entities : &d->n_sources;
    size_t *cap = kind == KG_DIFF_ENTITIES ? &d->cap_entities : &d->cap_sources;
    if (kg_array__grow(arr, cap, *n, sizeof **arr) != 0)
        return KG_ENOMEM;
    kg_record_change *r = &(*arr)[*n];
    memset(r, 0, sizeof *r);
    const kgd_item *any = new_item ? new_item : old_item;
    if (!any)
        return KG_OK;
    r->change = !old_item ? KG_CHANGE_ADDED : !new_item ? KG_CHANGE_REMOVED : KG_CHANGE_CHANGED;
    r->id = own(d, any->id);
    r->old_index = old_item ? old_item->index : KG_NONE;
    r->new_index = new_item ? new_item->index : KG_NONE;
    /* an entity's label is always shown when it comes or goes */
    unsigned always = kind == KG_DIFF_ENTITIES ? 1u : 0u;
    if (!r->id || owned_fields(d, old_item, new_item, always, &r->fields, &r->field_count))
        return KG_ENOMEM;
    (*n)++;
    return KG_OK;
}

/* qsort comparators: items, item pointers, item pointers by doc or by quote first. */
static int item_cmp(const void *a, const void *b)
{
    return kg_diff__item_cmp(a, b);
}

static int item_ptr_cmp(const void *a, const void *b)
{
    return kg_diff__item_cmp(*(const kgd_item *const *)a, *(const kgd_item *const *)b);
}

static int item_by_field(const void *a, const void *b, size_t field)
{
    const kgd_item *x = *(const kgd_item *const *)a, *y = *(const kgd_item *const *)b;
    int c = strcmp(x->fields[field].value, y->fields[field].value);
    return c ? c : kg_diff__item_cmp(x, y);
}

static int item_doc_cmp(const void *a, const void *b)
{
    return item_by_field(a, b, KGD_CITATION_DOC);
}

static int item_quote_cmp(const void *a, const void *b)
{
    return item_by_field(a, b, KGD_CITATION_QUOTE);
}

/* A changed citation: the old and the new version. */
typedef struct cit_pair {
    const kgd_item *o, *n;
} cit_pair;

static int pair_cmp(const void *a, const void *b)
{
    return kg_diff__item_cmp(((const cit_pair *)a)->n, ((const cit_pair *)b)->n);
}

/* The polarity of a relation from its citations: theirs when they agree, "mixed" when
 * not, "" without citations. */
static const char *aggregate_polarity(const kgd_item *cits, size_t n)
{
    if (!n)
        return "";
    const char *p = cits[0].fields[KGD_CITATION_POLARITY].value;
    for (size_t i = 1; i < n; i++)
        if (strcmp(cits[i].fields[KGD_CITATION_POLARITY].value, p) != 0)
            return "mixed";
    return p;
}

/* Pairs the unpaired citations of uo[0..*no) and un[0..*nn) that share the value of
 * field (KGD_CITATION_DOC, or KGD_CITATION_QUOTE: then only non-empty ones), appending
 * the pairs to pairs (*np of them), and compacts both lists to what is left. */
static void pair_by(const kgd_item **uo, size_t *no, const kgd_item **un, size_t *nn,
                    size_t field, cit_pair *pairs, size_t *np)
{
    int (*cmp)(const void *, const void *) = field == KGD_CITATION_DOC ? item_doc_cmp : item_quote_cmp;
    if (*no > 1)
        qsort(uo, *no, sizeof *uo, cmp);
    if (*nn > 1)
        qsort(un, *nn, sizeof *un, cmp);
    size_t i = 0, j = 0, ko = 0, kn = 0;
    while (i < *no && j < *nn) {
        const char *a = uo[i]->fields[field].value, *b = un[j]->fields[field].value;
        int c = strcmp(a, b);
        if (c == 0 && (field == KGD_CITATION_DOC || a[0])) {
            pairs[(*np)++] = (cit_pair){uo[i++], un[j++]};
        } else if (c <= 0) {
            uo[ko++] = uo[i++];
        } else {
            un[kn++] = un[j++];
        }
    }
    while (i < *no)
        uo[ko++] = uo[i++];
    while (j < *nn)
        un[kn++] = un[j++];
    *no = ko;
    *nn = kn;
}

int kg_diff__relation_diff(kg_diff *d, const char *source, const char *relation, const char *target,
                      kgd_item *old_cits, size_t n_old, size_t old_index, kgd_item *new_cits,
                      size_t n_new, size_t new_index)
{
    int rc = KG_OK;
    /* identical multisets of citations: nothing changed (the polarity follows them) */
    if (n_old == n_new) {
        size_t same = 0;
        if (n_old == 1)
            same = kg_diff__item_cmp(&old_cits[0], &new_cits[0]) == 0;
        if (!same && n_old > 1) {
            qsort(old_cits, n_old, sizeof *old_cits, item_cmp);
            qsort(new_cits, n_new, sizeof *new_cits, item_cmp);
            size_t i = 0;
            while (i < n_old && kg_diff__item_cmp(&old_cits[i], &new_cits[i]) == 0)
                i++;
            same = i == n_old;
        }
        if (same || n_old == 0)
            return KG_OK;
    } else {
        if (n_old > 1)
            qsort(old_cits, n_old, sizeof *old_cits, item_cmp);
        if (n_new > 1)
            qsort(new_cits, n_new, sizeof *new_cits, item_cmp);
    }

    /* scratch: unmatched old and new pointers, then the pairs */
    size_t need = (n_old + n_new) * (sizeof(const kgd_item *) + sizeof(cit_pair));
    if (need > d->scratch_cap) {
        void *s = kg__realloc(d->scratch, need);
        if (!s)
            return KG_ENOMEM;
        d->scratch = s;
        d->scratch_cap = need;
    }
    cit_pair *pairs = d->scratch;
    const kgd_item **uo = (const kgd_item **)(void *)(pairs + n_old + n_new);
    const kgd_item **un = uo + n_old;
    size_t no = 0, nn = 0, np = 0, i = 0, j = 0;
    while (i < n_old || j < n_new) { /* both sorted: drop the identical ones */
        int c = i >= n_old ? 1 : j >= n_new ? -1 : kg_diff__item_cmp(&old_cits[i], &new_cits[j]);
        if (c == 0) {
            i++;
            j++;
        } else if (c < 0) {
            uo[no++] = &old_cits[i++];
        } else {
            un[nn++] = &new_cits[j++];
        }
    }
    pair_by(uo, &no, un, &nn, KGD_CITATION_DOC, pairs, &np);
    pair_by(uo, &no, un, &nn, KGD_CITATION_QUOTE, pairs, &np);
    if (no > 1)
        qsort(uo, no, sizeof *uo, item_ptr_cmp);
    if (nn > 1)
        qsort(un, nn, sizeof *un, item_ptr_cmp);
    if (np > 1)
        qsort(pairs, np, sizeof *pairs, pair_cmp);

    if (kg_array__grow(&d->relations, &d->cap_relations, d->n_relations, sizeof *d->relations))
        return KG_ENOMEM;
    kg_relation_change *r = &d->relations[d->n_relations];
    memset(r, 0, sizeof *r);
    r->change = !n_old ? KG_CHANGE_ADDED : !n_new ? KG_CHANGE_REMOVED : KG_CHANGE_CHANGED;
    r->source = own(d, source);
    r->relation = own(d, relation);
    r->target = own(d, target);
    r->old_citations = n_old;
    r->new_citations = n_new;
    r->old_index = n_old ? old_index : KG_NONE;
    r->new_index = n_new ? new_index : KG_NONE;
    if (!r->source || !r->relation || !r->target)
        return KG_ENOMEM;
    const char *op = aggregate_polarity(old_cits, n_old), *npol = aggregate_polarity(new_cits, n_new);
    if (strcmp(op, npol) != 0) {
        kg_field_change *f = kg_arena__alloc(&d->arena, sizeof *f);
        if (!f)
            return KG_ENOMEM;
        *f = (kg_field_change){"polarity", op[0] ? own(d, op) : "", npol[0] ? own(d, npol) : ""};
        if (!f->old_value || !f->new_value)
            return KG_ENOMEM;
        r->fields = f;
        r->field_count = 1;
    }
    size_t total = np + no + nn;
    kg_citation_change *cits = total ? kg_arena__alloc(&d->arena, total * sizeof *cits) : NULL;
    if (total && !cits)
        return KG_ENOMEM;
    const unsigned always = 1u << KGD_CITATION_POLARITY;
    size_t k = 0;
    for (size_t a = 0; a < np && rc == KG_OK; a++, k++) {
        const kgd_item *po = pairs[a].o, *pn = pairs[a].n;
        cits[k] = (kg_citation_change){KG_CHANGE_CHANGED, own(d, pn->fields[KGD_CITATION_DOC].value),
                                     NULL, 0};
        rc = owned_fields(d, po, pn, 0, &cits[k].fields, &cits[k].field_count);
    }
    for (size_t a = 0; a < no && rc == KG_OK; a++, k++) {
        cits[k] = (kg_citation_change){KG_CHANGE_REMOVED, own(d, uo[a]->fields[KGD_CITATION_DOC].value),
                                     NULL, 0};
        rc = owned_fields(d, uo[a], NULL, always, &cits[k].fields, &cits[k].field_count);
    }
    for (size_t a = 0; a < nn && rc == KG_OK; a++, k++) {
        cits[k] = (kg_citation_change){KG_CHANGE_ADDED, own(d, un[a]->fields[KGD_CITATION_DOC].value),
                                     NULL, 0};
        rc = owned_fields(d, NULL, un[a], always, &cits[k].fields, &cits[k].field_count);
    }
    for (size_t a = 0; a < k && rc == KG_OK; a++)
        if (!cits[a].doc)
            rc = KG_ENOMEM;
    if (rc != KG_OK)
        return rc;
    r->citations = cits;
    r->citation_count = total;
    if (r->change != KG_CHANGE_CHANGED || r->field_count || total)
        d->n_relations++;
    return KG_OK;
}

static int record_cmp(const void *a, const void *b)
{
    return strcmp(((const kg_record_change *)a)->id, ((const kg_record_change *)b)->id);
}

static int relation_cmp(const void *a, const void *b)
{
    const kg_relation_change *x = a, *y = b;
    int c = strcmp(x->source, y->source);
    if (!c)
        c = strcmp(x->relation, y->relation);
    return c ? c : strcmp(x->target, y->target);
}

int kg_diff__finish(kg_diff *d)
{
    if (kg_diff__find_renames(d) != KG_OK)
        return KG_ENOMEM;
    if (d->n_entities > 1)
        qsort(d->entities, d->n_entities, sizeof *d->entities, record_cmp);
    if (d->n_sources > 1)
        qsort(d->sources, d->n_sources, sizeof *d->sources, record_cmp);
    if (d->n_relations > 1)
        qsort(d->relations, d->n_relations, sizeof *d->relations, relation_cmp);
    return KG_OK;
}

void kg_diff__forget_datasets(kg_diff *d)
{
    d->from_datasets = 0;
    for (size_t i = 0; i < d->n_entities; i++)
        d->entities[i].old_index = d->entities[i].new_index = KG_NONE;
    for (size_t i = 0; i < d->n_sources; i++)
        d->sources[i].old_index = d->sources[i].new_index = KG_NONE;
    for (size_t i = 0; i < d->n_relations; i++)
        d->relations[i].old_index = d->relations[i].new_index = KG_NONE;
}

void kg_diff__format_confidence(char *buf, double value)
{
    buf[0] = '\0';
    if (value < 0)
        return;
    for (int digits = 1; digits <= 17; digits++) {
        snprintf(buf, 32, "%.*g", digits, value);
        if (strtod(buf, NULL) == value)
            return;
    }
}

/* ---- the model method ---------------------------------------------------------------- */

/* One side's view for building items: its unknown columns per file, sorted by header. */
typedef struct side {
    const kg_dataset *ds;
    size_t *extra[KG_FILE_COUNT]; /* column indices */
    size_t n_extra[KG_FILE_COUNT];
    /* scratch for one relation's citations */
    kgd_item *items;
    size_t items_cap;
    kgd_field *fields;
    size_t fields_cap;
    char (*conf)[32];
    size_t conf_cap;
} side;

static void side_free(side *s)
{
    for (int k = 0; k < KG_FILE_COUNT; k++)
        kg_free(s->extra[k]);
    kg_free(s->items);
    kg_free(s->fields);
    kg_free(s->conf);
}

/* Finds the unknown columns of every file of ds. Returns KG_OK or KG_ENOMEM. */
static int side_init(side *s, const kg_dataset *ds)
{
    memset(s, 0, sizeof *s);
    s->ds = ds;
    for (int k = 0; k < KG_FILE_COUNT; k++) {
        const kg_table *t = &ds->tables[k];
        size_t nknown;
        kg_known__columns((kg_file_kind)k, &nknown);
        s->extra[k] = kg__calloc(t->ncols ? t->ncols : 1, sizeof *s->extra[k]);
        if (!s->extra[k])
            return KG_ENOMEM;
        for (size_t c = 0; c < t->ncols; c++) {
            int known = 0;
            for (size_t j = 0; j < nknown; j++)
                known |= t->known[j] == (int)c;
            if (!known)
                s->extra[k][s->n_extra[k]++] = c;
        }
        /* by header name (insertion sort: a few columns) */
        size_t *x = s->extra[k];
        for (size_t a = 1; a < s->n_extra[k]; a++)
            for (size_t b = a; b > 0 && strcmp(t->headers[x[b - 1]], t->headers[x[b]]) > 0; b--) {
                size_t tmp = x[b];
                x[b] = x[b - 1];
                x[b - 1] = tmp;
            }
    }
    return KG_OK;
}

/* Makes room in the scratch for n items of up to per fields each. KG_OK or KG_ENOMEM. */
static int side_reserve(side *s, size_t n, size_t per)
{
    if (n > s->items_cap) {
        kgd_item *it = kg__reallocarray(s->items, n, sizeof *it);
        char(*cf)[32] = it ? kg__reallocarray(s->conf, n, sizeof *cf) : NULL;
        if (it)
            s->items = it;
        if (cf)
            s->conf = cf;
        if (!it || !cf)
            return KG_ENOMEM;
        s->items_cap = s->conf_cap = n;
    }
    if (n * per > s->fields_cap) {
        kgd_field *f = kg__reallocarray(s->fields, n * per, sizeof *f);
        if (!f)
            return KG_ENOMEM;
        s->fields = f;
        s->fields_cap = n * per;
    }
    return KG_OK;
}

/* Appends the row's unknown columns with a value to f (at *n). */
static void add_extras(const side *s, kg_file_kind kind, size_t row, kgd_field *f, size_t *n)
{
    const kg_table *t = &s->ds->tables[kind];
    for (size_t i = 0; i < s->n_extra[kind]; i++) {
        size_t c = s->extra[kind][i];
        const char *v = t->cells[row * t->ncols + c];
        if (v[0])
            f[(*n)++] = (kgd_field){t->headers[c], v};
    }
}

/* Fills the scratch item 0 with entity or source i of the side. */
static void record_item(side *s, kg_file_kind kind, size_t i, kgd_item *out)
{
    kgd_field *f = s->fields;
    size_t n = 0, row;
    if (kind == KG_FILE_ENTITIES) {
        const kg_entity *e = &s->ds->entities[i];
        const char *v[KGD_ENTITY_FIELDS] = {e->label, e->type, e->aliases, e->description, e->url};
        for (size_t k = 0; k < KGD_ENTITY_FIELDS; k++)
            f[n++] = (kgd_field){kg_diff__entity_names[k], v[k]};
        *out = (kgd_item){e->id, f, 0, KGD_ENTITY_FIELDS, i};
        row = e->row;
    } else {
        const kg_source *o = &s->ds->sources[i];
        const char *v[KGD_SOURCE_FIELDS] = {o->title, o->publisher, o->author, o->date, o->url,
                                            o->file};
        for (size_t k = 0; k < KGD_SOURCE_FIELDS; k++)
            f[n++] = (kgd_field){kg_diff__source_names[k], v[k]};
        *out = (kgd_item){o->id, f, 0, KGD_SOURCE_FIELDS, i};
        row = o->row;
    }
    add_extras(s, kind, row, f, &n);
    out->count = n;
}

/* Fills the side's scratch items with the citations of relation r; returns their number
 * in *n. KG_OK or KG_ENOMEM. */
static int citation_items(side *s, const kg_relation *r, size_t *n)
{
    const kg_dataset *ds = s->ds;
    size_t per = KGD_CITATION_FIELDS + s->n_extra[KG_FILE_RELATIONS];
    if (side_reserve(s, r->citation_count, per) != KG_OK)
        return KG_ENOMEM;
    size_t k = 0;
    for (size_t c = r->first_citation; c != KG_NONE; c = ds->citations[c].next, k++) {
        const kg_citation *ci = &ds->citations[c];
        kgd_field *f = s->fields + k * per;
        kg_diff__format_confidence(s->conf[k], ci->confidence);
        const char *by = ci->claimed_by != KG_NONE ? ds->entities[ci->claimed_by].id : "";
        const char *v[KGD_CITATION_FIELDS] = {ci->doc, ci->quote, ci->date,
                                              kg_polarity_name(ci->polarity), s->conf[k], by};
        size_t nf = 0;
        for (size_t j = 0; j < KGD_CITATION_FIELDS; j++)
            f[nf++] = (kgd_field){kg_diff__citation_names[j], v[j]};
        add_extras(s, KG_FILE_RELATIONS, ci->row, f, &nf);
        s->items[k] = (kgd_item){NULL, f, nf, KGD_CITATION_FIELDS, c};
    }
    *n = k;
    return KG_OK;
}

/* Compares the entities (kind KG_FILE_ENTITIES) or sources of both sides. */
static int diff_records(kg_diff *d, side *so, side *sn, kg_file_kind kind)
{
    unsigned bit = kind == KG_FILE_ENTITIES ? KG_DIFF_ENTITIES : KG_DIFF_SOURCES;
    size_t no = kind == KG_FILE_ENTITIES ? so->ds->entity_count : so->ds->source_count;
    size_t nn = kind == KG_FILE_ENTITIES ? sn->ds->entity_count : sn->ds->source_count;
    int rc = KG_OK;
    /* each side builds its item in its own scratch: the two are compared side by side */
    size_t per_o = (kind == KG_FILE_ENTITIES ? KGD_ENTITY_FIELDS : KGD_SOURCE_FIELDS) + so->n_extra[kind];
    size_t per_n = (kind == KG_FILE_ENTITIES ? KGD_ENTITY_FIELDS : KGD_SOURCE_FIELDS) + sn->n_extra[kind];
    if (side_reserve(so, 1, per_o) != KG_OK || side_reserve(sn, 1, per_n) != KG_OK)
        return KG_ENOMEM;
    for (size_t i = 0; i < nn && rc == KG_OK; i++) {
        kgd_item a, b;
        record_item(sn, kind, i, &b);
        size_t j = kind == KG_FILE_ENTITIES ? kg_dataset_find_entity(so->ds, b.id)
                                            : kg_dataset_find_source(so->ds, b.id);
        if (j != KG_NONE)
            record_item(so, kind, j, &a);
        rc = kg_diff__record_diff(d, bit, j != KG_NONE ? &a : NULL, &b);
    }
    for (size_t i = 0; i < no && rc == KG_OK; i++) {
        const char *id = kind == KG_FILE_ENTITIES ? so->ds->entities[i].id : so->ds->sources[i].id;
        size_t j = kind == KG_FILE_ENTITIES ? kg_dataset_find_entity(sn->ds, id)
                                            : kg_dataset_find_source(sn->ds, id);
        if (j == KG_NONE) {
            kgd_item a;
            record_item(so, kind, i, &a);
            rc = kg_diff__record_diff(d, bit, &a, NULL);
        }
    }
    return rc;
}

/* Compares the relations of both sides. */
static int diff_relations(kg_diff *d, side *so, side *sn)
{
    const kg_dataset *o = so->ds, *n = sn->ds;
    int rc = KG_OK;
    for (size_t i = 0; i < n->relation_count && rc == KG_OK; i++) {
        const kg_relation *r = &n->relations[i];
        const char *src = n->entities[r->source].id, *dst = n->entities[r->target].id;
        size_t j = kg_dataset_find_relation(o, src, r->relation, dst);
        size_t cn, co = 0;
        if ((rc = citation_items(sn, r, &cn)) != KG_OK)
            break;
        if (j != KG_NONE && (rc = citation_items(so, &o->relations[j], &co)) != KG_OK)
            break;
        rc = kg_diff__relation_diff(d, src, r->relation, dst, so->items, co, j, sn->items, cn, i);
    }
    for (size_t i = 0; i < o->relation_count && rc == KG_OK; i++) {
        const kg_relation *r = &o->relations[i];
        const char *src = o->entities[r->source].id, *dst = o->entities[r->target].id;
        if (kg_dataset_find_relation(n, src, r->relation, dst) != KG_NONE)
            continue;
        size_t co;
        if ((rc = citation_items(so, r, &co)) != KG_OK)
            break;
        rc = kg_diff__relation_diff(d, src, r->relation, dst, so->items, co, i, NULL, 0, KG_NONE);
    }
    return rc;
}

int kg_diff_compute(kg_diff **out, const kg_dataset *old_ds, const kg_dataset *new_ds,
                    const kg_diff_options *opts)
{
    side so, sn;
    int rc = KG_OK;
    kg_diff *d = kg_diff__new(opts ? opts->kinds : KG_DIFF_ALL, KG_DIFF_MODEL);
    *out = NULL;
    memset(&so, 0, sizeof so);
    memset(&sn, 0, sizeof sn);
    if (!d || side_init(&so, old_ds) != KG_OK || side_init(&sn, new_ds) != KG_OK) {
        rc = KG_ENOMEM;
        goto cleanup;
    }
    d->from_datasets = 1;
    d->old_entities = old_ds->entity_count;
    d->new_entities = new_ds->entity_count;
    d->old_relations = old_ds->relation_count;
    d->new_relations = new_ds->relation_count;
    if (rc == KG_OK && (d->kinds & KG_DIFF_ENTITIES))
        rc = diff_records(d, &so, &sn, KG_FILE_ENTITIES);
    if (rc == KG_OK && (d->kinds & KG_DIFF_SOURCES))
        rc = diff_records(d, &so, &sn, KG_FILE_SOURCES);
    if (rc == KG_OK && (d->kinds & KG_DIFF_RELATIONS))
        rc = diff_relations(d, &so, &sn);
    if (rc == KG_OK)
        rc = kg_diff__finish(d);
    if (rc == KG_OK) {
        *out = d;
        d = NULL;
    }

cleanup:
    if (rc == KG_ENOMEM)
        kg_error__set(rc, "out of memory comparing the datasets");
    side_free(&so);
    side_free(&sn);
    kg_diff_free(d);
    return rc;
}

int kg_diff_restrict(kg_diff *diff, const kg_dataset *old_ds, const kg_dataset *new_ds,
                     const unsigned char *old_entity_mask, const unsigned char *old_relation_mask,
                     const unsigned char *new_entity_mask, const unsigned char *new_relation_mask)
{
    if (!diff || !diff->from_datasets || !old_ds || !new_ds ||
        diff->old_entities != kg_dataset_entity_count(old_ds) ||
        diff->new_entities != kg_dataset_entity_count(new_ds) ||
        diff->old_relations != kg_dataset_relation_count(old_ds) ||
        diff->new_relations != kg_dataset_relation_count(new_ds))
        return kg_error__set(KG_EUSAGE, "the diff was not computed from these datasets");
    size_t kept = 0;
    for (size_t i = 0; i < diff->n_entities; i++) {
        const kg_record_change *c = &diff->entities[i];
        int in = (c->old_index != KG_NONE && (!old_entity_mask || old_entity_mask[c->old_index])) ||
                 (c->new_index != KG_NONE && (!new_entity_mask || new_entity_mask[c->new_index]));
        if (in)
            diff->entities[kept++] = *c;
    }
    diff->n_entities = kept;
    kept = 0;
    for (size_t i = 0; i < diff->n_relations; i++) {
        const kg_relation_change *c = &diff->relations[i];
        int in = (c->old_index != KG_NONE && (!old_relation_mask || old_relation_mask[c->old_index])) ||
                 (c->new_index != KG_NONE && (!new_relation_mask || new_relation_mask[c->new_index]));
        if (in)
            diff->relations[kept++] = *c;
    }
    diff->n_relations = kept;
    return KG_OK;
}
