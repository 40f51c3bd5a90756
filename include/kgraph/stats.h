/* kgraph/stats.h: statistics of a dataset: counts, connected components, degrees and
 * betweenness centrality per entity; written as text, CSV or JSON.
 *
 * The graph measured is the view given by the options (everything by default): the
 * entities selected and the relations selected whose both ends are selected.
 *
 * Definitions (per entity):
 *   degree           distinct neighbours, direction ignored; an entity is not its own
 *                    neighbour (self-relations do not count)
 *   in_degree        relations whose target it is (each relation once, however many
 *                    citations; a self-relation counts in both in and out)
 *   out_degree       relations whose source it is
 *   weighted_degree  citations of the relations it takes part in (a self-relation's once)
 *   betweenness      Brandes' betweenness centrality on the undirected simple graph
 *                    (direction ignored, self-relations dropped, parallel and antiparallel
 *                    relations one edge, isolated entities included), normalised as
 *                    networkx's betweenness_centrality(G) is by default for undirected
 *                    graphs: the sum over unordered pairs {s,t} (s,t != v) of the share of
 *                    shortest s-t paths through v, divided by (n-1)(n-2)/2; 0 when n <= 2
 *   component        connected component (direction ignored), numbered from 1 by size,
 *                    largest first; equal sizes by their first entity in file order
 *
 * Sampled betweenness: Brandes from k pivot entities instead of all n, chosen by a
 * partial Fisher-Yates shuffle of the view's entities (file order) driven by splitmix64
 * from a fixed seed, scaled by n/k on top of the normalisation above, which is networkx's
 * betweenness_centrality(G, k) estimate (networkx 2.8, Debian 12). The same input, k and
 * seed give the same bytes.
 */
#ifndef KGRAPH_STATS_H
#define KGRAPH_STATS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "kgraph/common.h"
#include "kgraph/dataset.h"

#ifdef __cplusplus
extern "C" {
#endif

/* How betweenness is computed. */
typedef enum kg_betweenness_mode {
    KG_BETWEENNESS_AUTO = 0,    /* exact when n*(n+edges) <= exact_work, else sampled */
    KG_BETWEENNESS_EXACT = 1,   /* always exact: O(n * edges) time */
    KG_BETWEENNESS_SAMPLED = 2, /* k pivots (all n when k >= n: then exact) */
    KG_BETWEENNESS_NONE = 3     /* not computed: every value 0 */
} kg_betweenness_mode;

/* Defaults: pivots of the sampled estimate, the seed, the auto threshold. */
#define KG_STATS_DEFAULT_SAMPLES 256u
#define KG_STATS_DEFAULT_SEED UINT64_C(0x6b67726170680001)
#define KG_STATS_DEFAULT_EXACT_WORK UINT64_C(4000000000)
/* The most work betweenness may take, in steps of pivots * (entities + 2 * edges)
 * (minutes of work); past it kg_stats_compute fails with KG_ELIMIT naming --samples. */
#define KG_STATS_DEFAULT_MAX_WORK UINT64_C(10000000000)

typedef struct kg_stats_options {
    /* Views: NULL means everything, else one byte per entity / relation as in
     * kg_graph_options; relations with an end left out are left out. */
    const unsigned char *entity_mask;
    const unsigned char *relation_mask;
    kg_betweenness_mode betweenness;
    size_t samples;      /* pivots for a sampled estimate; 0: KG_STATS_DEFAULT_SAMPLES */
    uint64_t seed;       /* pivot choice; set by kg_stats_options_init */
    uint64_t exact_work; /* the AUTO threshold; 0: KG_STATS_DEFAULT_EXACT_WORK */
    uint64_t max_work;   /* the betweenness work limit; 0: KG_STATS_DEFAULT_MAX_WORK */
} kg_stats_options;

/* Fills *opts with the defaults: no masks, AUTO, default samples, seed and threshold. */
KG_API void kg_stats_options_init(kg_stats_options *opts);

typedef struct kg_stats kg_stats;

/* The figures of one entity. */
typedef struct kg_entity_stats {
    size_t entity;          /* index in the dataset (kg_dataset_entity) */
    size_t degree, in_degree, out_degree, weighted_degree;
    double betweenness;
    size_t component;       /* 1-based */
} kg_entity_stats;

/* Whole-graph figures. */
typedef struct kg_stats_totals {
    size_t entities;     /* in the view */
    size_t relations;    /* in the view */
    size_t citations;    /* of those relations */
    size_t edges;        /* of the undirected simple graph */
    size_t self_relations;
    size_t isolated;     /* entities of degree 0 */
    size_t components;
    kg_betweenness_mode betweenness; /* EXACT, SAMPLED or NONE: what was computed */
    size_t samples;      /* pivots used (n when exact) */
    uint64_t seed;
} kg_stats_totals;

/* A name and how often it occurs. */
typedef struct kg_stats_count {
    const char *name;   /* the type, verb, polarity name or doc id ("" for none) */
    const char *title;  /* documents: the source's title, else "" */
    size_t count;
} kg_stats_count;

/* The tallies kg_stats_counts returns, each sorted by count (largest first), then name. */
typedef enum kg_stats_tally {
    KG_STATS_TYPES = 0,      /* entities per type */
    KG_STATS_VERBS = 1,      /* relations per relation verb */
    KG_STATS_POLARITIES = 2, /* relations per polarity (mixed included) */
    KG_STATS_DOCUMENTS = 3   /* citations per doc */
} kg_stats_tally;

/* Orders of kg_stats_ranked. Ties are broken by degree, then weighted degree, then file
 * order. */
typedef enum kg_stats_order {
    KG_STATS_BY_DEGREE = 0,
    KG_STATS_BY_WEIGHTED_DEGREE = 1,
    KG_STATS_BY_BETWEENNESS = 2
} kg_stats_order;

/* Computes the statistics of ds (opts NULL: defaults). Returns KG_OK and *out (free with
 * kg_stats_free), or KG_EUSAGE (a bad mode) / KG_ENOMEM with *out NULL and the message in
 * kg_last_error(). *out keeps pointers to ds's strings: free it before ds. */
KG_API int kg_stats_compute(kg_stats **out, const kg_dataset *ds, const kg_stats_options *opts);

/* Frees the statistics. NULL does nothing. */
KG_API void kg_stats_free(kg_stats *st);

/* The whole-graph figures. */
KG_API const kg_stats_totals *kg_stats_get_totals(const kg_stats *st);

/* The i-th entity of the view in file order; NULL when i >= totals->entities. */
KG_API const kg_entity_stats *kg_stats_entity(const kg_stats *st, size_t i);
/* The figures of dataset entity index e; NULL when e is outside the view. */
KG_API const kg_entity_stats *kg_stats_find(const kg_stats *st, size_t e);
/* The i-th entity of the view in the given order (largest first): kg_stats_ranked(st,
 * KG_STATS_BY_DEGREE, 0) is the most connected entity. NULL when i is out of range. */
KG_API const kg_entity_stats *kg_stats_ranked(const kg_stats *st, kg_stats_order order, size_t i);
/* Size of component c (1-based), 0 when out of range. */
KG_API size_t kg_stats_component_size(const kg_stats *st, size_t c);
/* A tally: *count entries, owned by st. NULL with *count 0 for an unknown tally. */
KG_API const kg_stats_count *kg_stats_counts(const kg_stats *st, kg_stats_tally tally, size_t *count);

typedef enum kg_stats_format {
    KG_STATS_TEXT = 0, /* counts, components, the top entities by degree and betweenness */
    KG_STATS_CSV = 1,  /* one row per entity, file order: id,label,type,degree,in_degree,
                        * out_degree,weighted_degree,betweenness,component */
    KG_STATS_JSON = 2, /* {"totals":..,"betweenness":..,"types":[..],"relations":[..],
                        * "polarities":[..],"documents":[..],"components":[..],
                        * "entities":[..]} */
    KG_STATS_CSV_RAW = 3 /* KG_STATS_CSV with every field as it is (--csv-raw): the CSV
                          * format neutralises fields a spreadsheet would take for a
                          * formula (see KG_STATS_CSV below) */
} kg_stats_format;

/* Parses "text", "csv", "json"; returns KG_OK or KG_EUSAGE. */
KG_API int kg_stats_format_parse(kg_stats_format *out, const char *name);

/* Writes st (computed from ds) to stream. In KG_STATS_CSV, a text field beginning with
 * '=', '+', '-', '@', a tab or a carriage return that is not a plain number is written
 * quoted with a single quote before it ("'=HYPERLINK(..)"), as OWASP recommends against
 * formula injection; numbers kgraph computes are written as they are. top: how many entities the text format lists
 * per ranking (0: all); ignored by CSV and JSON, which list every entity. Betweenness is
 * written with 10 significant digits. Returns KG_OK, or KG_EIO when writing failed. */
KG_API int kg_stats_write(FILE *stream, const kg_stats *st, const kg_dataset *ds,
                   kg_stats_format format, size_t top);

#ifdef __cplusplus
}
#endif
#endif
