/* stats.c: statistics of a dataset: counts, components, degrees, Brandes betweenness. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/base_internal.h"
#include "kgraph/stats.h"

/* Sampled or exact runs with at least this many sources use two threads. The split is
 * fixed (even and odd pivots, summed in that order), so results never depend on the
 * machine. */
#define THREAD_MIN_SOURCES 64
#define THREADS 2

struct kg_stats {
    kg_stats_totals totals;
    kg_entity_stats *ents;      /* the view's entities, file order */
    size_t *pos;                /* per dataset entity: index in ents, or KG_NONE */
    size_t ds_entities;
    size_t *rank[3];            /* per kg_stats_order: indices into ents */
    size_t *comp_size;          /* [1..components] */
    kg_stats_count *tally[4];
    size_t tally_n[4];
};

void kg_stats_options_init(kg_stats_options *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->betweenness = KG_BETWEENNESS_AUTO;
    opts->samples = KG_STATS_DEFAULT_SAMPLES;
    opts->seed = KG_STATS_DEFAULT_SEED;
    opts->exact_work = KG_STATS_DEFAULT_EXACT_WORK;
}

void kg_stats_free(kg_stats *st)
{
    if (!st)
        return;
    kg_free(st->ents);
    kg_free(st->pos);
    for (int i = 0; i < 3; i++)
        kg_free(st->rank[i]);
    kg_free(st->comp_size);
    for (int i = 0; i < 4; i++)
        kg_free(st->tally[i]);
    kg_free(st);
}

/* ---- the undirected simple graph (CSR) ------------------------------------------------ */

typedef struct csr {
    size_t n;
    size_t *off;     /* n + 1 */
    uint32_t *adj;   /* off[n] entries, each list sorted, no duplicates, no self */
} csr;

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* Sorts adj[0..n) (insertion sort for short lists) and removes duplicates; returns the
 * new length. */
static size_t sort_unique(uint32_t *adj, size_t n)
{
    if (n < 2)
        return n;
    if (n <= 16) {
        for (size_t i = 1; i < n; i++) {
            uint32_t x = adj[i];
            size_t j = i;
            while (j > 0 && adj[j - 1] > x) {
                adj[j] = adj[j - 1];
                j--;
            }
            adj[j] = x;
        }
    } else {
        qsort(adj, n, sizeof *adj, cmp_u32);
    }
    size_t k = 1;
    for (size_t i = 1; i < n; i++)
        if (adj[i] != adj[k - 1])
            adj[k++] = adj[i];
    return k;
}

/* Builds the graph from the view's relations ((src, tgt) view indices in pairs[], m of
 * them, self pairs already left out). Returns KG_OK or KG_ENOMEM. */
static int csr_build(csr *g, size_t n, const uint32_t *pairs, size_t m)
{
    g->n = n;
    g->off = kg__calloc(n + 1, sizeof *g->off);
    g->adj = kg__malloc((m ? 2 * m : 1) * sizeof *g->adj);
    size_t *fill = kg__calloc(n + 1, sizeof *fill);
    int rc = KG_ENOMEM;
    if (!g->off || !g->adj || !fill)
        goto cleanup;
    for (size_t i = 0; i < m; i++) {
        g->off[pairs[2 * i] + 1]++;
        g->off[pairs[2 * i + 1] + 1]++;
    }
    for (size_t v = 0; v < n; v++)
        g->off[v + 1] += g->off[v];
    memcpy(fill, g->off, (n + 1) * sizeof *fill);
    for (size_t i = 0; i < m; i++) {
        uint32_t a = pairs[2 * i], b = pairs[2 * i + 1];
        g->adj[fill[a]++] = b;
        g->adj[fill[b]++] = a;
    }
    /* sort and dedupe each list, compacting in place */
    size_t w = 0;
    for (size_t v = 0; v < n; v++) {
        size_t start = g->off[v], len = g->off[v + 1] - start;
        size_t k = sort_unique(g->adj + start, len);
        memmove(g->adj + w, g->adj + start, k * sizeof *g->adj);
        g->off[v] = w;
        w += k;
    }
    g->off[n] = w;
    rc = KG_OK;
cleanup:
    kg_free(fill);
    return rc;
}

static void csr_free(csr *g)
{
    kg_free(g->off);
    kg_free(g->adj);
}

/* ---- components --------------------------------------------------------------------- */

typedef struct comp_order {
    size_t size, first, id;
} comp_order;

static int cmp_comp(const void *a, const void *b)
{
    const comp_order *x = a, *y = b;
    if (x->size != y->size)
        return x->size > y->size ? -1 : 1;
    return (x->first > y->first) - (x->first < y->first);
}

/* Labels the components: BFS from each unlabelled entity in file order, then renumbered
 * by size (largest first), ties by first entity. Returns KG_OK or KG_ENOMEM. */
static int components(kg_stats *st, const csr *g)
{
    size_t n = g->n, count = 0;
    uint32_t *queue = kg__malloc((n ? n : 1) * sizeof *queue);
    comp_order *comps = NULL;
    size_t ccap = 0;
    size_t *renum = NULL;
    int rc = KG_ENOMEM;
    if (!queue)
        goto cleanup;
    for (size_t s = 0; s < n; s++) {
        if (st->ents[s].component)
            continue;
        if (kg_array__grow(&comps, &ccap, count, sizeof *comps))
            goto cleanup;
        size_t id = ++count, head = 0, tail = 0;
        st->ents[s].component = id;
        queue[tail++] = (uint32_t)s;
        while (head < tail) {
            uint32_t v = queue[head++];
            for (size_t i = g->off[v]; i < g->off[v + 1]; i++) {
                uint32_t w = g->adj[i];
                if (!st->ents[w].component) {
                    st->ents[w].component = id;
                    queue[tail++] = w;
                }
            }
        }
        comps[count - 1] = (comp_order){tail, s, id};
    }
    if (count)
        qsort(comps, count, sizeof *comps, cmp_comp);
    renum = kg__malloc((count + 1) * sizeof *renum);
    st->comp_size = kg__calloc(count + 1, sizeof *st->comp_size);
    if (!renum || !st->comp_size)
        goto cleanup;
    for (size_t c = 0; c < count; c++) {
        renum[comps[c].id] = c + 1;
        st->comp_size[c + 1] = comps[c].size;
    }
    for (size_t v = 0; v < n; v++)
        st->ents[v].component = renum[st->ents[v].component];
    st->totals.components = count;
    rc = KG_OK;
cleanup:
    kg_free(queue);
    kg_free(comps);
    kg_free(renum);
    return rc;
}

/* ---- betweenness (Brandes) ------------------------------------------------------------ */

typedef struct brandes_job {
    const csr *g;
    const uint32_t *pivots;
    size_t npivots, first, step; /* sources pivots[first], pivots[first+step], ... */
    double *bc;                  /* n, zeroed: the unnormalised sums */
    int rc;
} brandes_job;

/* The per-vertex state of one Brandes pass, kept together so that a neighbour costs one
 * cache line, not three. */
typedef struct vstate {
    double sigma;  /* shortest paths from the source */
    double delta;  /* dependency of the source on the vertex */
    int64_t dist;  /* hops from the source, -1 when not reached */
} vstate;

/* Accumulates, for every source of the job, the dependencies of all other vertices
 * (Brandes 2001). The forward BFS records each shortest-path DAG edge (v, w) as it finds
 * it; walking those records backwards visits every w's edges to its successors before
 * its edges from its predecessors, so delta[w] is final when it is passed on. */
static void *brandes_run(void *arg)
{
    brandes_job *job = arg;
    const csr *g = job->g;
    const size_t *off = g->off;
    const uint32_t *adj = g->adj;
    size_t n = g->n;
    vstate *vs = kg__malloc(n * sizeof *vs);
    uint32_t *order = kg__malloc(n * sizeof *order);
    uint32_t *dag = kg__malloc((off[n] ? off[n] : 1) * 2 * sizeof *dag); /* (v, w) pairs */
    job->rc = KG_ENOMEM;
    if (!vs || !order || !dag)
        goto cleanup;
    for (size_t v = 0; v < n; v++)
        vs[v] = (vstate){0.0, 0.0, -1};
    for (size_t p = job->first; p < job->npivots; p += job->step) {
        uint32_t s = job->pivots[p];
        size_t head = 0, tail = 0, edges = 0;
        order[tail++] = s;
        vs[s].dist = 0;
        vs[s].sigma = 1.0;
        while (head < tail) {
            uint32_t v = order[head++];
            int64_t dv = vs[v].dist + 1;
            double sv = vs[v].sigma;
            for (size_t i = off[v]; i < off[v + 1]; i++) {
                uint32_t wi = adj[i];
                vstate *w = &vs[wi];
                if (w->dist < 0) {
                    w->dist = dv;
                    order[tail++] = wi;
                }
                if (w->dist == dv) {
                    w->sigma += sv;
                    dag[2 * edges] = v;
                    dag[2 * edges + 1] = wi;
                    edges++;
                }
            }
        }
        for (size_t k = edges; k-- > 0;) {
            vstate *v = &vs[dag[2 * k]];
            const vstate *w = &vs[dag[2 * k + 1]];
            v->delta += v->sigma / w->sigma * (1.0 + w->delta);
        }
        for (size_t k = 1; k < tail; k++)
            job->bc[order[k]] += vs[order[k]].delta;
        for (size_t k = 0; k < tail; k++)
            vs[order[k]] = (vstate){0.0, 0.0, -1};
    }
    job->rc = KG_OK;
cleanup:
    kg_free(vs);
    kg_free(order);
    kg_free(dag);
    return NULL;
}

/* splitmix64 */
static uint64_t next_random(uint64_t *state)
{
    uint64_t z = (*state += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

static int betweenness(kg_stats *st, const csr *g, const kg_stats_options *o)
{
    size_t n = g->n;
    kg_stats_totals *t = &st->totals;
    uint32_t *pivots = NULL;
    double *sums[THREADS] = {NULL, NULL};
    int rc = KG_ENOMEM;
    kg_betweenness_mode mode = o->betweenness;
    size_t k = o->samples ? o->samples : KG_STATS_DEFAULT_SAMPLES;
    t->seed = o->seed;
    if (mode == KG_BETWEENNESS_NONE) {
        t->betweenness = KG_BETWEENNESS_NONE;
        t->samples = 0;
        return KG_OK;
    }
    if (mode == KG_BETWEENNESS_AUTO) {
        uint64_t limit = o->exact_work ? o->exact_work : KG_STATS_DEFAULT_EXACT_WORK;
        uint64_t work = (uint64_t)n * ((uint64_t)n + (uint64_t)g->off[n]);
        mode = work <= limit ? KG_BETWEENNESS_EXACT : KG_BETWEENNESS_SAMPLED;
    }
    if (mode == KG_BETWEENNESS_EXACT || k >= n) {
        mode = KG_BETWEENNESS_EXACT;
        k = n;
    }
    /* Brandes costs one breadth-first search per pivot: k * (n + 2m) steps. Past the
     * limit (minutes of work) it is refused rather than left to run for hours. */
    uint64_t max_work = o->max_work ? o->max_work : KG_STATS_DEFAULT_MAX_WORK;
    uint64_t work = (uint64_t)k * ((uint64_t)n + (uint64_t)g->off[n]);
    if (work > max_work)
        return kg_error__set(KG_ELIMIT,
                            "betweenness from %zu pivot entities would take %llu steps "
                            "(%zu entities, %zu edges), past the limit of %llu: estimate it "
                            "with --samples K (K * (entities + 2 * edges) within the limit) "
                            "or leave it out with --no-betweenness",
                            k, (unsigned long long)work, n, g->off[n] / 2,
                            (unsigned long long)max_work);
    t->betweenness = mode;
    t->samples = k;
    if (n == 0)
        return KG_OK;
    pivots = kg__malloc(n * sizeof *pivots);
    if (!pivots)
        goto cleanup;
    for (size_t v = 0; v < n; v++)
        pivots[v] = (uint32_t)v;
    if (mode == KG_BETWEENNESS_SAMPLED) {
        uint64_t state = o->seed;
        for (size_t i = 0; i < k; i++) { /* partial Fisher-Yates */
            size_t j = i + (size_t)(next_random(&state) % (uint64_t)(n - i));
            uint32_t x = pivots[i];
            pivots[i] = pivots[j];
            pivots[j] = x;
        }
    }
    int threads = k >= THREAD_MIN_SOURCES ? THREADS : 1;
    brandes_job jobs[THREADS];
    for (int i = 0; i < threads; i++) {
        if (!(sums[i] = kg__calloc(n, sizeof *sums[i])))
            goto cleanup;
        jobs[i] = (brandes_job){g, pivots, k, (size_t)i, (size_t)threads, sums[i], KG_ENOMEM};
    }
    pthread_t tid;
    int spawned = threads > 1 && pthread_create(&tid, NULL, brandes_run, &jobs[1]) == 0;
    brandes_run(&jobs[0]);
    if (spawned)
        pthread_join(tid, NULL);
    else if (threads > 1)
        brandes_run(&jobs[1]);
    for (int i = 0; i < threads; i++)
        if (jobs[i].rc != KG_OK)
            goto cleanup;
    double scale = n > 2 ? 1.0 / ((double)(n - 1) * (double)(n - 2)) : 1.0;
    if (mode == KG_BETWEENNESS_SAMPLED)
        scale *= (double)n / (double)k;
    for (size_t v = 0; v < n; v++) {
        double sum = sums[0][v];
        if (threads > 1)
            sum += sums[1][v];
        st->ents[v].betweenness = n > 2 ? sum * scale : 0.0;
    }
    rc = KG_OK;
cleanup:
    kg_free(pivots);
    for (int i = 0; i < THREADS; i++)
        kg_free(sums[i]);
    return rc;
}

/* ---- rankings ----------------------------------------------------------------------- */

static const kg_entity_stats *sort_base;

static int cmp_tail(const kg_entity_stats *a, const kg_entity_stats *b)
{
    if (a->degree != b->degree)
        return a->degree > b->degree ? -1 : 1;
    if (a->weighted_degree != b->weighted_degree)
        return a->weighted_degree > b->weighted_degree ? -1 : 1;
    return (a->entity > b->entity) - (a->entity < b->entity);
}

static int cmp_by_degree(const void *x, const void *y)
{
    return cmp_tail(&sort_base[*(const size_t *)x], &sort_base[*(const size_t *)y]);
}

static int cmp_by_weighted(const void *x, const void *y)
{
    const kg_entity_stats *a = &sort_base[*(const size_t *)x], *b = &sort_base[*(const size_t *)y];
    if (a->weighted_degree != b->weighted_degree)
        return a->weighted_degree > b->weighted_degree ? -1 : 1;
    return cmp_tail(a, b);
}

static int cmp_by_betweenness(const void *x, const void *y)
{
    const kg_entity_stats *a = &sort_base[*(const size_t *)x], *b = &sort_base[*(const size_t *)y];
    if (a->betweenness != b->betweenness)
        return a->betweenness > b->betweenness ? -1 : 1;
    return cmp_tail(a, b);
}

static int rankings(kg_stats *st)
{
    size_t n = st->totals.entities;
    int (*const cmps[3])(const void *, const void *) = {cmp_by_degree, cmp_by_weighted,
                                                         cmp_by_betweenness};
    for (int r = 0; r < 3; r++) {
        if (!(st->rank[r] = kg__malloc((n ? n : 1) * sizeof *st->rank[r])))
            return KG_ENOMEM;
        for (size_t i = 0; i < n; i++)
            st->rank[r][i] = i;
        sort_base = st->ents;
        if (n)
            qsort(st->rank[r], n, sizeof *st->rank[r], cmps[r]);
    }
    return KG_OK;
}

/* ---- tallies ---------------------------------------------------------------------- */

static int cmp_count_name(const void *x, const void *y)
{
    const kg_stats_count *a = x, *b = y;
    return strcmp(a->name, b->name);
}

static int cmp_count(const void *x, const void *y)
{
    const kg_stats_count *a = x, *b = y;
    if (a->count != b->count)
        return a->count > b->count ? -1 : 1;
    return strcmp(a->name, b->name);
}

/* Turns items[0..n) (one per occurrence, count 1) into the tally: grouped by name and
 * sorted by count. Stores it in st->tally[which]. */
static void tally(kg_stats *st, int which, kg_stats_count *items, size_t n)
{
    size_t k = 0;
    if (n)
        qsort(items, n, sizeof *items, cmp_count_name);
    for (size_t i = 0; i < n; i++) {
        if (k && strcmp(items[k - 1].name, items[i].name) == 0)
            items[k - 1].count++;
        else
            items[k++] = items[i];
    }
    if (k)
        qsort(items, k, sizeof *items, cmp_count);
    st->tally[which] = items;
    st->tally_n[which] = k;
}

static int tallies(kg_stats *st, const kg_dataset *ds, const unsigned char *rsel)
{
    const kg_stats_totals *t = &st->totals;
    size_t nrel = kg_dataset_relation_count(ds);
    kg_stats_count *types = kg__malloc((t->entities ? t->entities : 1) * sizeof *types);
    kg_stats_count *verbs = kg__malloc((t->relations ? t->relations : 1) * sizeof *verbs);
    kg_stats_count *pols = kg__malloc((t->relations ? t->relations : 1) * sizeof *pols);
    kg_stats_count *docs = kg__malloc((t->citations ? t->citations : 1) * sizeof *docs);
    if (!types || !verbs || !pols || !docs) {
        kg_free(types);
        kg_free(verbs);
        kg_free(pols);
        kg_free(docs);
        return KG_ENOMEM;
    }
    for (size_t i = 0; i < t->entities; i++)
        types[i] = (kg_stats_count){kg_dataset_entity(ds, st->ents[i].entity)->type, "", 1};
    size_t nr = 0, nc = 0;
    for (size_t r = 0; r < nrel; r++) {
        if (!rsel[r])
            continue;
        const kg_relation *rel = kg_dataset_relation(ds, r);
        verbs[nr] = (kg_stats_count){rel->relation, "", 1};
        pols[nr++] = (kg_stats_count){kg_polarity_name(rel->polarity), "", 1};
        for (size_t c = rel->first_citation; c != KG_NONE; c = kg_dataset_citation(ds, c)->next) {
            const kg_citation *ci = kg_dataset_citation(ds, c);
            const char *title = ci->source != KG_NONE ? kg_dataset_source(ds, ci->source)->title : "";
            docs[nc++] = (kg_stats_count){ci->doc, title, 1};
        }
    }
    tally(st, KG_STATS_TYPES, types, t->entities);
    tally(st, KG_STATS_VERBS, verbs, nr);
    tally(st, KG_STATS_POLARITIES, pols, nr);
    tally(st, KG_STATS_DOCUMENTS, docs, nc);
    return KG_OK;
}

/* ---- compute ------------------------------------------------------------------------ */

int kg_stats_compute(kg_stats **out, const kg_dataset *ds, const kg_stats_options *opts)
{
    kg_stats_options defaults;
    kg_stats *st = NULL;
    unsigned char *rsel = NULL;
    uint32_t *pairs = NULL;
    csr g = {0, NULL, NULL};
    int rc = KG_ENOMEM;
    *out = NULL;
    if (!opts) {
        kg_stats_options_init(&defaults);
        opts = &defaults;
    }
    if (opts->betweenness > KG_BETWEENNESS_NONE)
        return kg_error__set(KG_EUSAGE, "unknown betweenness mode %d", (int)opts->betweenness);
    size_t ne = kg_dataset_entity_count(ds), nrel = kg_dataset_relation_count(ds);
    if (ne >= UINT32_MAX)
        return kg_error__set(KG_ELIMIT, "too many entities for statistics (%zu)", ne);
    st = kg__calloc(1, sizeof *st);
    if (!st)
        goto cleanup;
    st->ds_entities = ne;
    st->pos = kg__malloc((ne ? ne : 1) * sizeof *st->pos);
    st->ents = kg__calloc(ne ? ne : 1, sizeof *st->ents);
    rsel = kg__calloc(nrel ? nrel : 1, 1);
    if (!st->pos || !st->ents || !rsel)
        goto cleanup;
    size_t n = 0;
    for (size_t e = 0; e < ne; e++) {
        if (opts->entity_mask && !opts->entity_mask[e]) {
            st->pos[e] = KG_NONE;
            continue;
        }
        st->pos[e] = n;
        st->ents[n++].entity = e;
    }
    st->totals.entities = n;
    size_t m = 0;
    for (size_t r = 0; r < nrel; r++) {
        const kg_relation *rel = kg_dataset_relation(ds, r);
        if ((opts->relation_mask && !opts->relation_mask[r]) || st->pos[rel->source] == KG_NONE ||
            st->pos[rel->target] == KG_NONE)
            continue;
        rsel[r] = 1;
        m += rel->source != rel->target;
    }
    pairs = kg__malloc((m ? 2 * m : 1) * sizeof *pairs);
    if (!pairs)
        goto cleanup;
    m = 0;
    for (size_t r = 0; r < nrel; r++) {
        if (!rsel[r])
            continue;
        const kg_relation *rel = kg_dataset_relation(ds, r);
        kg_entity_stats *a = &st->ents[st->pos[rel->source]], *b = &st->ents[st->pos[rel->target]];
        st->totals.relations++;
        st->totals.citations += rel->citation_count;
        a->out_degree++;
        b->in_degree++;
        a->weighted_degree += rel->citation_count;
        if (a == b) {
            st->totals.self_relations++;
            continue;
        }
        b->weighted_degree += rel->citation_count;
        pairs[2 * m] = (uint32_t)st->pos[rel->source];
        pairs[2 * m + 1] = (uint32_t)st->pos[rel->target];
        m++;
    }
    if ((rc = csr_build(&g, n, pairs, m)) != KG_OK)
        goto cleanup;
    kg_free(pairs);
    pairs = NULL;
    rc = KG_ENOMEM;
    for (size_t v = 0; v < n; v++) {
        st->ents[v].degree = g.off[v + 1] - g.off[v];
        st->totals.isolated += st->ents[v].degree == 0;
    }
    st->totals.edges = g.off[n] / 2;
    if (components(st, &g) != KG_OK || (rc = betweenness(st, &g, opts)) != KG_OK)
        goto cleanup;
    rc = KG_ENOMEM;
    if (rankings(st) != KG_OK || tallies(st, ds, rsel) != KG_OK)
        goto cleanup;
    *out = st;
    st = NULL;
    rc = KG_OK;
cleanup:
    if (rc == KG_ENOMEM)
        kg_error__set(KG_ENOMEM, "out of memory while computing statistics");
    csr_free(&g);
    kg_free(pairs);
    kg_free(rsel);
    kg_stats_free(st);
    return rc;
}

/* ---- accessors --------------------------------------------------------------------- */

const kg_stats_totals *kg_stats_get_totals(const kg_stats *st)
{
    return &st->totals;
}

const kg_entity_stats *kg_stats_entity(const kg_stats *st, size_t i)
{
    return i < st->totals.entities ? &st->ents[i] : NULL;
}

const kg_entity_stats *kg_stats_find(const kg_stats *st, size_t e)
{
    return e < st->ds_entities && st->pos[e] != KG_NONE ? &st->ents[st->pos[e]] : NULL;
}

const kg_entity_stats *kg_stats_ranked(const kg_stats *st, kg_stats_order order, size_t i)
{
    if ((unsigned)order > KG_STATS_BY_BETWEENNESS || i >= st->totals.entities)
        return NULL;
    return &st->ents[st->rank[order][i]];
}

size_t kg_stats_component_size(const kg_stats *st, size_t c)
{
    return c >= 1 && c <= st->totals.components ? st->comp_size[c] : 0;
}

const kg_stats_count *kg_stats_counts(const kg_stats *st, kg_stats_tally which, size_t *count)
{
    if ((unsigned)which > KG_STATS_DOCUMENTS) {
        *count = 0;
        return NULL;
    }
    *count = st->tally_n[which];
    return st->tally[which];
}
