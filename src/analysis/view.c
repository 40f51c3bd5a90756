/* view.c: entity and relation masks over a dataset: filters, focus (ego networks) and combining masks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kgraph/view.h"
#include "kgraph/names.h"
#include "kgraph/suggest.h"
#include "base/base_internal.h"
#include "dataset/dataset_internal.h"

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

/* Builds *adj for ds (counting sort of both ends of every relation that allowed, when
 * not NULL, leaves in). Returns KG_OK, or
 * KG_ENOMEM with *adj empty. */
static int adjacency_build(adjacency *adj, const kg_dataset *ds, const unsigned char *allowed)
{
    int rc = KG_OK;
    size_t n = kg_dataset_entity_count(ds), m = kg_dataset_relation_count(ds);
    size_t *fill = NULL;

    adj->first = kg__calloc(n + 1, sizeof *adj->first);
    adj->next = m > (size_t)-1 / 2 ? NULL : kg__reallocarray(NULL, m ? 2 * m : 1, sizeof *adj->next);
    fill = kg__reallocarray(NULL, n ? n : 1, sizeof *fill);
    if (!adj->first || !adj->next || !fill) {
        rc = KG_ENOMEM;
        goto cleanup;
    }
    /* degrees into first[e+1], then prefix sums: first[e] is where e's list starts */
    for (size_t i = 0; i < m; i++) {
        const kg_relation *r = kg_dataset_relation(ds, i);
        if (allowed && !allowed[i])
            continue;
        adj->first[r->source + 1]++;
        adj->first[r->target + 1]++;
    }
    for (size_t e = 0; e < n; e++)
        adj->first[e + 1] += adj->first[e];
    memcpy(fill, adj->first, n * sizeof *fill);
    for (size_t i = 0; i < m; i++) {
        const kg_relation *r = kg_dataset_relation(ds, i);
        if (allowed && !allowed[i])
            continue;
        adj->next[fill[r->source]++] = r->target;
        adj->next[fill[r->target]++] = r->source;
    }

cleanup:
    kg_free(fill);
    if (rc != KG_OK)
        adjacency_free(adj);
    return rc;
}

/* kg_view_focus over the relations `allowed` leaves in (NULL: all): hops follow only
 * those, and only those are selected. lenient: unknown ids select nothing. */
static int focus_within(unsigned char **entity_mask, unsigned char **relation_mask,
                        const kg_dataset *ds, const unsigned char *allowed,
                        const char *const *ids, size_t n_ids, unsigned depth, int lenient)
{
    int rc = KG_OK;
    size_t n = kg_dataset_entity_count(ds), m = kg_dataset_relation_count(ds);
    unsigned char *emask = NULL, *rmask = NULL;
    size_t *queue = NULL, head = 0, tail = 0;
    adjacency adj = {NULL, NULL};

    *entity_mask = NULL;
    *relation_mask = NULL;
    if (n_ids == 0) {
        rc = kg_error__set(KG_EUSAGE, "no focus entity given");
        goto cleanup;
    }
    emask = kg__calloc(n ? n : 1, 1);
    rmask = kg__calloc(m ? m : 1, 1);
    queue = kg__reallocarray(NULL, n ? n : 1, sizeof *queue);
    if (!emask || !rmask || !queue) {
        rc = kg_error__set(KG_ENOMEM, "out of memory selecting the focus");
        goto cleanup;
    }

    /* level 0: the focus entities, each once */
    for (size_t i = 0; i < n_ids; i++) {
        size_t e;
        int found = kg_entity_resolve(ds, ids[i], &e); /* an id, label or alias */
        if (found != KG_OK && lenient && found != KG_ENOMEM)
            continue;
        if (found != KG_OK) {
            rc = found; /* the message is kg_entity_resolve's */
            goto cleanup;
        }
        if (!emask[e]) {
            emask[e] = 1;
            queue[tail++] = e;
        }
    }

    /* breadth-first, one level per hop: queue[head..level_end) is the current level */
    if (depth > 0 && tail < n) {
        if (adjacency_build(&adj, ds, allowed) != KG_OK) {
            rc = kg_error__set(KG_ENOMEM, "out of memory selecting the focus");
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

    if (allowed)
        memcpy(rmask, allowed, m);
    else
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

int kg_view_focus(unsigned char **entity_mask, unsigned char **relation_mask,
                  const kg_dataset *ds, const char *const *ids, size_t n_ids,
                  unsigned depth)
{
    return focus_within(entity_mask, relation_mask, ds, NULL, ids, n_ids, depth, 0);
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

/* ---- filters ------------------------------------------------------------------------ */

void kg_view_options_init(kg_view_options *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->depth = KG_VIEW_DEFAULT_DEPTH;
}

int kg_view_options_active(const kg_view_options *opts)
{
    return opts && (opts->n_focus || opts->n_types || opts->n_relations || opts->polarities ||
                    opts->n_docs || opts->since || opts->until || opts->min_sources > 1);
}

unsigned kg_view_polarity_parse(const char *name)
{
    static const kg_polarity all[] = {KG_POLARITY_NEUTRAL, KG_POLARITY_POSITIVE,
                                      KG_POLARITY_NEGATIVE, KG_POLARITY_MIXED};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        const char *want = kg_polarity_name(all[i]), *p = name;
        while (*p && *want && (*p == *want || (*p >= 'A' && *p <= 'Z' && *p - 'A' + 'a' == *want)))
            p++, want++;
        if (!*p && !*want) /* equal ignoring ASCII case: "Positive" */
            return KG_VIEW_POLARITY(all[i]);
    }
    return 0;
}

/* The period a date stands for, as [*lo, *hi] in YYYYMMDD numbers: "2022" is
 * [20220101, 20221231], "2022-03" [20220301, 20220331] (day 31 bounds every month).
 * Returns 0, or -1 when s is not a valid date. */
static int date_period(const char *s, long *lo, long *hi)
{
    size_t n = strlen(s);
    if (!kg_date__valid(s, n))
        return -1;
    long y = strtol(s, NULL, 10);
    long m_lo = 1, m_hi = 12, d_lo = 1, d_hi = 31;
    if (n >= 7)
        m_lo = m_hi = strtol(s + 5, NULL, 10);
    if (n == 10)
        d_lo = d_hi = strtol(s + 8, NULL, 10);
    *lo = y * 10000 + m_lo * 100 + d_lo;
    *hi = y * 10000 + m_hi * 100 + d_hi;
    return 0;
}

/* A list of names from the options, sorted for lookups: a filter of K names over N
 * values costs O((K + N) log K), not O(K * N) (--doc with every source id of a big set). */
typedef struct name_set {
    const char **sorted; /* NULL when n == 0 */
    size_t n;
    unsigned char *seen; /* per sorted name: met in the data (check_known) */
} name_set;

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Fills *set from list[0..n). KG_OK or KG_ENOMEM (*set then empty). */
static int name_set_init(name_set *set, const char *const *list, size_t n)
{
    *set = (name_set){NULL, 0, NULL};
    if (!n)
        return KG_OK;
    set->sorted = kg__reallocarray(NULL, n, sizeof *set->sorted);
    set->seen = kg__calloc(n, 1);
    if (!set->sorted || !set->seen) {
        kg_free(set->sorted);
        kg_free(set->seen);
        set->sorted = NULL;
        set->seen = NULL;
        return KG_ENOMEM;
    }
    memcpy(set->sorted, list, n * sizeof *list);
    qsort(set->sorted, n, sizeof *set->sorted, cmp_name);
    set->n = n;
    return KG_OK;
}

static void name_set_free(name_set *set)
{
    kg_free(set->sorted);
    kg_free(set->seen);
}

/* The index of name in set->sorted, or KG_NONE. */
static size_t name_set_find(const name_set *set, const char *name)
{
    if (!set->n)
        return KG_NONE;
    const char **hit = bsearch(&name, set->sorted, set->n, sizeof *set->sorted, cmp_name);
    return hit ? (size_t)(hit - set->sorted) : KG_NONE;
}

/* Nonzero when name is in set. */
static int in_set(const name_set *set, const char *name)
{
    return name_set_find(set, name) != KG_NONE;
}

/* Marks name as met in the data when it is in set. */
static void name_set_mark(name_set *set, const char *name)
{
    size_t i = name_set_find(set, name);
    if (i != KG_NONE)
        set->seen[i] = 1;
}

/* What check_known looks names up among, for its "did you mean". */
enum { KNOWN_TYPES, KNOWN_VERBS, KNOWN_DOCS };

/* The value of ds nearest to name (kg_suggest's rule) among the entity types (kind
 * KNOWN_TYPES), the relation verbs or the docs (sources.csv ids and cited docs); NULL
 * when none is near. Costs one pass over the entities, relations or citations: called
 * only for an error. */
static const char *nearest_value(const kg_dataset *ds, int kind, const char *name)
{
    kg_suggestion s;
    kg_suggest_begin(&s, name);
    if (kind == KNOWN_TYPES)
        for (size_t i = 0; i < kg_dataset_entity_count(ds); i++)
            kg_suggest_offer(&s, kg_dataset_entity(ds, i)->type);
    else if (kind == KNOWN_VERBS)
        for (size_t i = 0; i < kg_dataset_relation_count(ds); i++)
            kg_suggest_offer(&s, kg_dataset_relation(ds, i)->relation);
    else {
        for (size_t i = 0; i < kg_dataset_source_count(ds); i++)
            kg_suggest_offer(&s, kg_dataset_source(ds, i)->id);
        for (size_t i = 0; i < kg_dataset_citation_count(ds); i++)
            kg_suggest_offer(&s, kg_dataset_citation(ds, i)->doc);
    }
    return kg_suggest_best(&s);
}

/* After every value of the data was marked: sets the error "unknown WHAT 'name'" (with
 * "; did you mean 'x'?" when a value of ds of that kind is near) for the first name of
 * list[0..n) (as given) that was not met. Returns KG_OK or KG_EUSAGE. */
static int check_known(const kg_dataset *ds, int kind, const name_set *set,
                       const char *const *list, size_t n, const char *what)
{
    for (size_t i = 0; i < n; i++)
        if (!set->seen[name_set_find(set, list[i])]) {
            const char *near = nearest_value(ds, kind, list[i]);
            if (near)
                return kg_error__set(KG_EUSAGE, "unknown %s '%s'; did you mean '%s'?", what,
                                     list[i], near);
            return kg_error__set(KG_EUSAGE, "unknown %s '%s'", what, list[i]);
        }
    return KG_OK;
}

/* Checks that every --type, --relation and --doc name is known to ds: types and verbs
 * from entities and relations, docs from sources or citations. One pass over each. */
static int check_all_known(const kg_dataset *ds, const kg_view_options *o, name_set *types,
                           name_set *verbs, name_set *docs)
{
    if (types->n)
        for (size_t i = 0; i < kg_dataset_entity_count(ds); i++)
            name_set_mark(types, kg_dataset_entity(ds, i)->type);
    if (verbs->n)
        for (size_t i = 0; i < kg_dataset_relation_count(ds); i++)
            name_set_mark(verbs, kg_dataset_relation(ds, i)->relation);
    if (docs->n) {
        for (size_t i = 0; i < docs->n; i++)
            if (kg_dataset_find_source(ds, docs->sorted[i]) != KG_NONE)
                docs->seen[i] = 1;
        for (size_t i = 0; i < kg_dataset_citation_count(ds); i++)
            name_set_mark(docs, kg_dataset_citation(ds, i)->doc);
    }
    int rc;
    if ((rc = check_known(ds, KNOWN_TYPES, types, o->types, o->n_types, "entity type")) ||
        (rc = check_known(ds, KNOWN_VERBS, verbs, o->relations, o->n_relations, "relation")) ||
        (rc = check_known(ds, KNOWN_DOCS, docs, o->docs, o->n_docs, "doc")))
        return rc;
    return KG_OK;
}

/* Nonzero when relation r passes the citation filters (docs, since/until). */
static int citations_pass(const kg_dataset *ds, const kg_relation *r, const name_set *docs,
                          int dated, long since, long until)
{
    for (size_t c = r->first_citation; c != KG_NONE;) {
        const kg_citation *ci = kg_dataset_citation(ds, c);
        c = ci->next;
        if (docs->n && !in_set(docs, ci->doc))
            continue;
        if (dated) {
            long lo, hi;
            if (!ci->date[0] || date_period(ci->date, &lo, &hi) != 0)
                continue;
            if (hi < since || lo > until)
                continue;
        }
        return 1;
    }
    return 0;
}

int kg_view_select(unsigned char **entity_mask, unsigned char **relation_mask,
                   const kg_dataset *ds, const kg_view_options *opts)
{
    int rc = KG_OK;
    size_t n = kg_dataset_entity_count(ds), m = kg_dataset_relation_count(ds);
    unsigned char *emask = NULL, *rmask = NULL, *fe = NULL, *fr = NULL;
    kg_view_options all;
    long since = 0, until = 99999999, lo, hi;
    name_set types = {NULL, 0, NULL}, verbs = {NULL, 0, NULL}, docs = {NULL, 0, NULL};

    *entity_mask = NULL;
    *relation_mask = NULL;
    if (!opts) {
        kg_view_options_init(&all);
        opts = &all;
    }
    if (opts->since && date_period(opts->since, &since, &hi) != 0) {
        rc = kg_error__set(KG_EUSAGE, "invalid date '%s' (YYYY, YYYY-MM or YYYY-MM-DD)",
                          opts->since);
        goto cleanup;
    }
    if (opts->until && date_period(opts->until, &lo, &until) != 0) {
        rc = kg_error__set(KG_EUSAGE, "invalid date '%s' (YYYY, YYYY-MM or YYYY-MM-DD)",
                          opts->until);
        goto cleanup;
    }
    if (name_set_init(&types, opts->types, opts->n_types) != KG_OK ||
        name_set_init(&verbs, opts->relations, opts->n_relations) != KG_OK ||
        name_set_init(&docs, opts->docs, opts->n_docs) != KG_OK) {
        rc = kg_error__set(KG_ENOMEM, "out of memory selecting the view");
        goto cleanup;
    }
    if (!opts->lenient) {
        size_t e;
        for (size_t i = 0; i < opts->n_focus; i++)
            if ((rc = kg_entity_resolve(ds, opts->focus[i], &e)) != KG_OK)
                goto cleanup; /* unknown or ambiguous: kg_entity_resolve's message */
        if ((rc = check_all_known(ds, opts, &types, &verbs, &docs)) != KG_OK)
            goto cleanup;
    }

    emask = kg__calloc(n ? n : 1, 1);
    rmask = kg__calloc(m ? m : 1, 1);
    if (!emask || !rmask) {
        rc = kg_error__set(KG_ENOMEM, "out of memory selecting the view");
        goto cleanup;
    }
    for (size_t i = 0; i < n; i++)
        emask[i] = !types.n || in_set(&types, kg_dataset_entity(ds, i)->type);
    int dated = opts->since || opts->until;
    int relation_filter = opts->n_relations || opts->polarities || opts->n_docs || dated ||
                          opts->min_sources > 1;
    for (size_t i = 0; i < m; i++) {
        const kg_relation *r = kg_dataset_relation(ds, i);
        rmask[i] = (!verbs.n || in_set(&verbs, r->relation)) &&
                   (!opts->polarities || (opts->polarities & KG_VIEW_POLARITY(r->polarity))) &&
                   r->document_count >= opts->min_sources &&
                   ((!docs.n && !dated) || citations_pass(ds, r, &docs, dated, since, until));
    }
    kg_view_close(rmask, emask, ds);
    if (relation_filter) {
        /* only the ends of the relations kept (and the focus entities, below) */
        unsigned char *ends = kg__calloc(n ? n : 1, 1);
        if (!ends) {
            rc = kg_error__set(KG_ENOMEM, "out of memory selecting the view");
            goto cleanup;
        }
        for (size_t i = 0; i < m; i++)
            if (rmask[i]) {
                const kg_relation *r = kg_dataset_relation(ds, i);
                ends[r->source] = ends[r->target] = 1;
            }
        for (size_t i = 0; i < opts->n_focus; i++) {
            size_t e;
            if (kg_entity_resolve(ds, opts->focus[i], &e) == KG_OK)
                ends[e] = emask[e];
        }
        kg_view_intersect(emask, ends, n);
        kg_free(ends);
    }
    if (opts->n_focus) {
        rc = focus_within(&fe, &fr, ds, rmask, opts->focus, opts->n_focus, opts->depth,
                          opts->lenient);
        if (rc != KG_OK)
            goto cleanup;
        kg_view_intersect(emask, fe, n);
        kg_view_close(rmask, emask, ds);
    }
    *entity_mask = emask;
    *relation_mask = rmask;
    emask = rmask = NULL;

cleanup:
    name_set_free(&types);
    name_set_free(&verbs);
    name_set_free(&docs);
    kg_free(emask);
    kg_free(rmask);
    kg_free(fe);
    kg_free(fr);
    return rc;
}

int kg_view_select_both(unsigned char *masks[4], const kg_dataset *old_ds,
                        const kg_dataset *new_ds, const kg_view_options *opts)
{
    kg_view_options lenient = *opts;
    char first[1100];
    for (int k = 0; k < 4; k++)
        masks[k] = NULL;
    int ro = kg_view_select(&masks[0], &masks[1], old_ds, opts);
    snprintf(first, sizeof first, "%s", kg_last_error());
    int rn = kg_view_select(&masks[2], &masks[3], new_ds, opts), rc = KG_OK;
    if (ro == KG_ENOMEM || rn == KG_ENOMEM)
        rc = kg_error__set(KG_ENOMEM, "out of memory");
    else if (ro != KG_OK && rn != KG_OK)
        rc = kg_error__set(ro, "%s", first); /* the old side's message, as diff reports it first */
    lenient.lenient = 1;
    if (rc == KG_OK && ro != KG_OK)
        rc = kg_view_select(&masks[0], &masks[1], old_ds, &lenient);
    else if (rc == KG_OK && rn != KG_OK)
        rc = kg_view_select(&masks[2], &masks[3], new_ds, &lenient);
    if (rc != KG_OK)
        for (int k = 0; k < 4; k++) {
            kg_free(masks[k]);
            masks[k] = NULL;
        }
    return rc;
}

/* The entity a focus name resolves to (kg_entity_resolve), or KG_NONE. */
static size_t focus_entity(const kg_dataset *ds, const char *name)
{
    size_t e;
    return kg_entity_resolve(ds, name, &e) == KG_OK ? e : KG_NONE;
}

char *kg_view_focus_title(const char *name, const kg_dataset *ds, const kg_view_options *opts)
{
    char tail[48];
    size_t len = strlen(name) + sizeof ": focus on ";
    int tail_len = snprintf(tail, sizeof tail, " (depth %u)", opts->depth);
    for (size_t i = 0; i < opts->n_focus; i++)
        len += strlen(kg_dataset_entity(ds, focus_entity(ds, opts->focus[i]))->label) + 2;
    char *title = kg__malloc(len + (size_t)tail_len), *w = title;
    if (!title)
        return NULL;
    const char *sep = "";
    w += sprintf(w, "%s: focus on ", name);
    for (size_t i = 0; i < opts->n_focus; i++) {
        size_t e = focus_entity(ds, opts->focus[i]), j = 0;
        while (j < i && focus_entity(ds, opts->focus[j]) != e)
            j++;
        if (j < i)
            continue; /* named twice */
        w += sprintf(w, "%s%s", sep, kg_dataset_entity(ds, e)->label);
        sep = ", ";
    }
    strcpy(w, tail);
    return title;
}

/* ---- the most connected entities (--top) ----------------------------------------------- */

/* An entity and its citation-weighted degree, for kg_view_top's ranking. */
typedef struct ranked {
    size_t entity;
    unsigned long long weight;
} ranked;

/* Heaviest first; equal weights in dataset order, so the choice is the same every run. */
static int by_weight(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->weight != y->weight)
        return x->weight > y->weight ? -1 : 1;
    return x->entity < y->entity ? -1 : x->entity > y->entity;
}

int kg_view_top(unsigned char **entity_mask, unsigned char **relation_mask, const kg_dataset *ds,
                size_t n_top)
{
    size_t n = kg_dataset_entity_count(ds), m = kg_dataset_relation_count(ds);
    unsigned char *emask = *entity_mask, *rmask = *relation_mask;
    unsigned long long *weight = kg__calloc(n ? n : 1, sizeof *weight);
    ranked *rank = NULL;
    int rc = KG_OK;
    if (!weight)
        return kg_error__set(KG_ENOMEM, "out of memory selecting the view");
    if (!emask && (emask = kg__malloc(n ? n : 1)) != NULL)
        memset(emask, 1, n);
    if (!rmask && (rmask = kg__malloc(m ? m : 1)) != NULL)
        memset(rmask, 1, m);
    if (!emask || !rmask) {
        rc = kg_error__set(KG_ENOMEM, "out of memory selecting the view");
        goto cleanup;
    }
    kg_view_close(rmask, emask, ds);
    for (size_t i = 0; i < m; i++) {
        if (!rmask[i])
            continue;
        const kg_relation *r = kg_dataset_relation(ds, i);
        weight[r->source] += r->citation_count;
        if (r->target != r->source)
            weight[r->target] += r->citation_count;
    }
    size_t selected = kg_view_count(emask, n);
    if (selected > n_top) {
        if (!(rank = kg__malloc(selected * sizeof *rank))) {
            rc = kg_error__set(KG_ENOMEM, "out of memory selecting the view");
            goto cleanup;
        }
        size_t k = 0;
        for (size_t e = 0; e < n; e++)
            if (emask[e])
                rank[k++] = (ranked){e, weight[e]};
        qsort(rank, selected, sizeof *rank, by_weight);
        for (size_t j = n_top; j < selected; j++)
            emask[rank[j].entity] = 0;
        kg_view_close(rmask, emask, ds);
    }
    *entity_mask = emask;
    *relation_mask = rmask;
    emask = rmask = NULL;
cleanup:
    if (emask != *entity_mask)
        kg_free(emask);
    if (rmask != *relation_mask)
        kg_free(rmask);
    kg_free(weight);
    kg_free(rank);
    return rc;
}
