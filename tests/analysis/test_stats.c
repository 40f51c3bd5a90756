/* test_stats.c: statistics: degrees, components and betweenness on graphs computed by hand
 * (tests/data/stats/), Zachary's karate club against networkx's figures
 * (tests/golden/stats/karate.csv), views, sampling, tallies, rankings, writers. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base_internal.h"

/* Loads tests/data/NAME; fails the test on error. */
static kg_dataset *load_dir(const char *name)
{
    char path[4096];
    kg_dataset *ds = NULL;
    kg_diagnostics *diags;
    snprintf(path, sizeof path, "%s/data/%s", KGRAPH_TEST_DIR, name);
    assert_int_equal(kg_diagnostics_new(&diags, 0), KG_OK);
    if (kg_dataset_load(&ds, path, NULL, diags) != KG_OK)
        fail_msg("cannot load %s: %s", path, kg_last_error());
    kg_diagnostics_free(diags);
    return ds;
}

static kg_stats *compute(const kg_dataset *ds, const kg_stats_options *o)
{
    kg_stats *st = NULL;
    if (kg_stats_compute(&st, ds, o) != KG_OK)
        fail_msg("kg_stats_compute: %s", kg_last_error());
    return st;
}

/* ---- graphs computed by hand ---------------------------------------------------------- */

typedef struct expect_entity {
    const char *id;
    size_t degree, in_degree, out_degree, weighted_degree;
    double betweenness;
    size_t component;
} expect_entity;

typedef struct hand_graph {
    const char *dir;
    size_t edges, self_relations, isolated, components;
    expect_entity ents[8]; /* ends at id NULL */
} hand_graph;

/* Betweenness normalised by (n-1)(n-2)/2 unordered pairs not involving v. */
static const hand_graph hand_graphs[] = {
    /* a-b-c-d-e: b lies on 3 of the 6 pairs without it, c on 4 */
    {"stats/path", 4, 0, 0, 1, {{"a", 1, 0, 1, 1, 0.0, 1}, {"b", 2, 1, 1, 2, 3.0 / 6, 1},
                                {"c", 2, 1, 1, 2, 4.0 / 6, 1}, {"d", 2, 1, 1, 2, 3.0 / 6, 1},
                                {"e", 1, 1, 0, 1, 0.0, 1}, {NULL, 0, 0, 0, 0, 0, 0}}},
    /* the hub lies on every path between two spokes, whichever way the relations point */
    {"stats/star", 4, 0, 0, 1, {{"s1", 1, 1, 0, 1, 0.0, 1}, {"h", 4, 2, 2, 4, 1.0, 1},
                                {"s2", 1, 0, 1, 1, 0.0, 1}, {"s4", 1, 0, 1, 1, 0.0, 1},
                                {NULL, 0, 0, 0, 0, 0, 0}}},
    /* a 4-cycle: each vertex carries half of the paths of its two neighbours' pair */
    {"stats/cycle", 4, 0, 0, 1, {{"a", 2, 1, 1, 2, 0.5 / 3, 1}, {"b", 2, 1, 1, 2, 0.5 / 3, 1},
                                 {"c", 2, 1, 1, 2, 0.5 / 3, 1}, {"d", 2, 1, 1, 2, 0.5 / 3, 1},
                                 {NULL, 0, 0, 0, 0, 0, 0}}},
    /* x-y-z (component 1, though listed after p-q: larger first), p-q (2), i alone (3);
     * n = 6, so y's one pair is divided by 10 */
    {"stats/disconnected", 3, 0, 1, 3,
     {{"p", 1, 0, 1, 1, 0.0, 2}, {"q", 1, 1, 0, 1, 0.0, 2}, {"x", 1, 0, 1, 1, 0.0, 1},
      {"y", 2, 2, 0, 2, 0.1, 1}, {"z", 1, 0, 1, 1, 0.0, 1}, {"i", 0, 0, 0, 0, 0.0, 3},
      {NULL, 0, 0, 0, 0, 0, 0}}},
    /* a -> a is no neighbour and no edge, but a relation in and out (weighted once) */
    {"stats/selfloop", 2, 1, 0, 1, {{"a", 1, 1, 2, 2, 0.0, 1}, {"b", 2, 1, 1, 2, 1.0, 1},
                                    {"c", 1, 1, 0, 1, 0.0, 1}, {NULL, 0, 0, 0, 0, 0, 0}}},
    /* a meets b (2 citations), a calls b, b meets a: one edge a-b; weighted counts citations */
    {"stats/parallel", 2, 0, 0, 1, {{"a", 1, 1, 2, 4, 0.0, 1}, {"b", 2, 2, 2, 5, 1.0, 1},
                                    {"c", 1, 1, 0, 1, 0.0, 1}, {NULL, 0, 0, 0, 0, 0, 0}}},
};

static void test_hand_computed_graphs_give_their_degrees_components_and_betweenness(void **state)
{
    (void)state;
    for (size_t g = 0; g < sizeof hand_graphs / sizeof hand_graphs[0]; g++) {
        const hand_graph *h = &hand_graphs[g];
        kg_dataset *ds = load_dir(h->dir);
        kg_stats *st = compute(ds, NULL);
        const kg_stats_totals *t = kg_stats_get_totals(st);
        if (t->edges != h->edges || t->self_relations != h->self_relations ||
            t->isolated != h->isolated || t->components != h->components)
            fail_msg("%s: edges %zu self %zu isolated %zu components %zu", h->dir, t->edges,
                     t->self_relations, t->isolated, t->components);
        assert_int_equal(t->betweenness, KG_BETWEENNESS_EXACT);
        assert_int_equal(t->entities, kg_dataset_entity_count(ds));
        for (const expect_entity *x = h->ents; x->id; x++) {
            const kg_entity_stats *e = kg_stats_find(st, kg_dataset_find_entity(ds, x->id));
            assert_non_null(e);
            if (e->degree != x->degree || e->in_degree != x->in_degree ||
                e->out_degree != x->out_degree || e->weighted_degree != x->weighted_degree ||
                fabs(e->betweenness - x->betweenness) > 1e-12 || e->component != x->component)
                fail_msg("%s: %s: degree %zu in %zu out %zu weighted %zu betweenness %.12g "
                         "component %zu", h->dir, x->id, e->degree, e->in_degree, e->out_degree,
                         e->weighted_degree, e->betweenness, e->component);
        }
        kg_stats_free(st);
        kg_dataset_free(ds);
    }
}

/* ---- the karate club against networkx ----------------------------------------------- */

static void test_karate_club_agrees_with_networkx_to_1e_6(void **state)
{
    (void)state;
    char path[4096];
    snprintf(path, sizeof path, "%s/golden/stats/karate.csv", KGRAPH_TEST_DIR);
    char *golden = tu_read(path, NULL);
    assert_non_null(golden);
    kg_dataset *ds = load_dir("karate");
    kg_stats *st = compute(ds, NULL);
    size_t rows = 0;
    char *save = NULL;
    strtok_r(golden, "\n", &save); /* header */
    for (char *line = strtok_r(NULL, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char id[16], label[32], type[16];
        size_t deg, in, out, w, comp;
        double bc;
        assert_int_equal(sscanf(line, "%15[^,],%31[^,],%15[^,],%zu,%zu,%zu,%zu,%lf,%zu", id,
                                label, type, &deg, &in, &out, &w, &bc, &comp), 9);
        const kg_entity_stats *e = kg_stats_find(st, kg_dataset_find_entity(ds, id));
        assert_non_null(e);
        if (e->degree != deg || e->in_degree != in || e->out_degree != out ||
            e->weighted_degree != w || e->component != comp || fabs(e->betweenness - bc) > 1e-6)
            fail_msg("karate %s: kgraph %zu %zu %zu %zu %.10g %zu, networkx %s", id, e->degree,
                     e->in_degree, e->out_degree, e->weighted_degree, e->betweenness,
                     e->component, line);
        rows++;
    }
    assert_int_equal(rows, 34);
    /* the two leaders are the most central members */
    assert_string_equal(kg_dataset_entity(ds, kg_stats_ranked(st, KG_STATS_BY_BETWEENNESS, 0)->entity)->id, "m01");
    assert_string_equal(kg_dataset_entity(ds, kg_stats_ranked(st, KG_STATS_BY_DEGREE, 0)->entity)->id, "m34");
    kg_stats_free(st);
    kg_dataset_free(ds);
    free(golden);
}

/* ---- sampling ------------------------------------------------------------------------ */

static void test_sampling_every_entity_is_the_exact_computation(void **state)
{
    (void)state;
    kg_dataset *ds = load_dir("karate");
    kg_stats_options o;
    kg_stats_options_init(&o);
    kg_stats *exact = compute(ds, &o);
    o.betweenness = KG_BETWEENNESS_SAMPLED;
    o.samples = 1000;
    kg_stats *all = compute(ds, &o);
    assert_int_equal(kg_stats_get_totals(all)->betweenness, KG_BETWEENNESS_EXACT);
    assert_int_equal(kg_stats_get_totals(all)->samples, 34);
    for (size_t i = 0; i < 34; i++)
        assert_true(kg_stats_entity(all, i)->betweenness == kg_stats_entity(exact, i)->betweenness);
    kg_stats_free(exact);
    kg_stats_free(all);
    kg_dataset_free(ds);
}

static void test_a_sampled_estimate_is_scaled_by_n_over_k_and_repeatable(void **state)
{
    (void)state;
    kg_dataset *ds = load_dir("stats/star");
    kg_stats_options o;
    kg_stats_options_init(&o);
    o.betweenness = KG_BETWEENNESS_SAMPLED;
    o.samples = 1;
    int saw_spoke = 0, saw_hub = 0;
    for (uint64_t seed = 1; seed <= 40; seed++) {
        o.seed = seed;
        kg_stats *st = compute(ds, &o), *again = compute(ds, &o);
        const kg_stats_totals *t = kg_stats_get_totals(st);
        assert_int_equal(t->betweenness, KG_BETWEENNESS_SAMPLED);
        assert_int_equal(t->samples, 1);
        double hub = kg_stats_find(st, kg_dataset_find_entity(ds, "h"))->betweenness;
        /* from a spoke, the hub is on the paths to the 3 other spokes: 3 / (4*3) * 5/1 */
        if (fabs(hub - 1.25) < 1e-12)
            saw_spoke = 1;
        else if (hub == 0.0)
            saw_hub = 1;
        else
            fail_msg("seed %lu: hub %.12g, expected 1.25 or 0", (unsigned long)seed, hub);
        for (size_t i = 0; i < t->entities; i++)
            assert_true(kg_stats_entity(st, i)->betweenness == kg_stats_entity(again, i)->betweenness);
        kg_stats_free(st);
        kg_stats_free(again);
    }
    assert_true(saw_spoke && saw_hub);
    kg_dataset_free(ds);
}

static void test_auto_samples_above_the_work_threshold(void **state)
{
    (void)state;
    kg_dataset *ds = load_dir("karate");
    kg_stats_options o;
    kg_stats_options_init(&o);
    o.exact_work = 100; /* 34 * (34 + 156) is more */
    o.samples = 10;
    kg_stats *st = compute(ds, &o);
    assert_int_equal(kg_stats_get_totals(st)->betweenness, KG_BETWEENNESS_SAMPLED);
    assert_int_equal(kg_stats_get_totals(st)->samples, 10);
    kg_stats_free(st);
    o.betweenness = KG_BETWEENNESS_NONE;
    st = compute(ds, &o);
    assert_int_equal(kg_stats_get_totals(st)->betweenness, KG_BETWEENNESS_NONE);
    assert_true(kg_stats_ranked(st, KG_STATS_BY_BETWEENNESS, 0)->betweenness == 0.0);
    kg_stats_free(st);
    kg_dataset_free(ds);
}

/* ---- views, tallies, rankings --------------------------------------------------------- */

static void test_masks_restrict_the_graph_measured(void **state)
{
    (void)state;
    kg_dataset *ds = load_dir("stats/path");
    unsigned char emask[5] = {1, 1, 1, 0, 1}; /* d left out: e is cut off */
    kg_stats_options o;
    kg_stats_options_init(&o);
    o.entity_mask = emask;
    kg_stats *st = compute(ds, &o);
    const kg_stats_totals *t = kg_stats_get_totals(st);
    assert_int_equal(t->entities, 4);
    assert_int_equal(t->relations, 2);
    assert_int_equal(t->components, 2);
    assert_null(kg_stats_find(st, 3));
    assert_int_equal(kg_stats_find(st, 4)->degree, 0);
    assert_int_equal(kg_stats_find(st, 4)->component, 2);
    /* n = 4: b's one pair (a, c) over 3 pairs */
    assert_true(fabs(kg_stats_find(st, 1)->betweenness - 1.0 / 3) < 1e-12);
    assert_int_equal(kg_stats_component_size(st, 1), 3);
    assert_int_equal(kg_stats_component_size(st, 3), 0);
    kg_stats_free(st);
    unsigned char rmask[4] = {1, 0, 1, 1}; /* b-c dropped */
    o.entity_mask = NULL;
    o.relation_mask = rmask;
    st = compute(ds, &o);
    assert_int_equal(kg_stats_get_totals(st)->components, 2);
    assert_int_equal(kg_stats_get_totals(st)->relations, 3);
    assert_int_equal(kg_stats_find(st, 1)->degree, 1);
    kg_stats_free(st);
    kg_dataset_free(ds);
}

static void test_tallies_are_sorted_by_count_then_name(void **state)
{
    (void)state;
    kg_dataset *ds = load_dir("stats/parallel");
    kg_stats *st = compute(ds, NULL);
    size_t n;
    const kg_stats_count *c = kg_stats_counts(st, KG_STATS_VERBS, &n);
    assert_int_equal(n, 3);
    assert_string_equal(c[0].name, "meets");
    assert_int_equal(c[0].count, 2);
    assert_string_equal(c[1].name, "calls");
    assert_string_equal(c[2].name, "links");
    c = kg_stats_counts(st, KG_STATS_DOCUMENTS, &n);
    assert_int_equal(n, 2);
    assert_string_equal(c[0].name, "d1");
    assert_int_equal(c[0].count, 4);
    c = kg_stats_counts(st, KG_STATS_TYPES, &n);
    assert_int_equal(n, 1);
    assert_int_equal(c[0].count, 3);
    c = kg_stats_counts(st, KG_STATS_POLARITIES, &n);
    assert_int_equal(n, 1);
    assert_string_equal(c[0].name, "neutral");
    assert_null(kg_stats_counts(st, (kg_stats_tally)9, &n));
    assert_int_equal(n, 0);
    /* the most connected entity by weighted degree, then its ties by file order */
    assert_int_equal(kg_stats_ranked(st, KG_STATS_BY_WEIGHTED_DEGREE, 0)->entity, 1);
    assert_int_equal(kg_stats_ranked(st, KG_STATS_BY_WEIGHTED_DEGREE, 1)->entity, 0);
    assert_int_equal(kg_stats_ranked(st, KG_STATS_BY_DEGREE, 1)->entity, 0);
    assert_int_equal(kg_stats_ranked(st, KG_STATS_BY_DEGREE, 2)->entity, 2);
    assert_null(kg_stats_ranked(st, KG_STATS_BY_DEGREE, 3));
    kg_stats_free(st);
    kg_dataset_free(ds);
}

static void test_writers_state_the_method_and_list_every_entity(void **state)
{
    (void)state;
    kg_dataset *ds = load_dir("karate");
    kg_stats_options o;
    kg_stats_options_init(&o);
    o.betweenness = KG_BETWEENNESS_SAMPLED;
    o.samples = 5;
    o.seed = 7;
    kg_stats *st = compute(ds, &o);
    static const struct { kg_stats_format f; const char *needle; } cases[] = {
        {KG_STATS_TEXT, "betweenness: sampled estimate from 5 of 34 entities (seed 7)"},
        {KG_STATS_JSON, "\"betweenness\":{\"method\":\"sampled\",\"samples\":5,\"seed\":7}"},
        {KG_STATS_CSV, "\nm34,Member 34,officer,17,17,0,17,"},
    };
    for (size_t i = 0; i < 3; i++) {
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        assert_int_equal(kg_stats_write(f, st, ds, cases[i].f, 3), KG_OK);
        fclose(f);
        if (!strstr(buf, cases[i].needle))
            fail_msg("format %d lacks '%s':\n%s", (int)cases[i].f, cases[i].needle, buf);
        free(buf);
    }
    kg_stats_format fmt;
    assert_int_equal(kg_stats_format_parse(&fmt, "json"), KG_OK);
    assert_int_equal(fmt, KG_STATS_JSON);
    assert_int_equal(kg_stats_format_parse(&fmt, "svg"), KG_EUSAGE);
    kg_stats_free(st);
    kg_dataset_free(ds);
}

static void test_bad_mode_is_refused_and_free_of_null_does_nothing(void **state)
{
    (void)state;
    kg_dataset *ds = load_dir("stats/star");
    kg_stats_options o;
    kg_stats_options_init(&o);
    o.betweenness = (kg_betweenness_mode)42;
    kg_stats *st = (kg_stats *)&o;
    assert_int_equal(kg_stats_compute(&st, ds, &o), KG_EUSAGE);
    assert_null(st);
    kg_stats_free(NULL);
    kg_dataset_free(ds);
}

static void test_every_allocation_failure_ends_in_a_clean_error(void **state)
{
    (void)state;
    kg_dataset *ds = load_dir("karate");
    kg_stats_options o;
    kg_stats_options_init(&o);
    int done = 0;
    for (unsigned long n = 1; n < 1000 && !done; n++) {
        kg_stats *st = NULL;
        kg_alloc__fail_after(n);
        int rc = kg_stats_compute(&st, ds, &o);
        unsigned long made = kg_alloc__fail_after(0);
        if (rc == KG_OK) {
            assert_non_null(st);
            done = made < n;
        } else {
            assert_int_equal(rc, KG_ENOMEM);
            assert_null(st);
        }
        kg_stats_free(st);
    }
    assert_true(done);
    kg_dataset_free(ds);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_computed_graphs_give_their_degrees_components_and_betweenness),
        cmocka_unit_test(test_karate_club_agrees_with_networkx_to_1e_6),
        cmocka_unit_test(test_sampling_every_entity_is_the_exact_computation),
        cmocka_unit_test(test_a_sampled_estimate_is_scaled_by_n_over_k_and_repeatable),
        cmocka_unit_test(test_auto_samples_above_the_work_threshold),
        cmocka_unit_test(test_masks_restrict_the_graph_measured),
        cmocka_unit_test(test_tallies_are_sorted_by_count_then_name),
        cmocka_unit_test(test_writers_state_the_method_and_list_every_entity),
        cmocka_unit_test(test_bad_mode_is_refused_and_free_of_null_does_nothing),
        cmocka_unit_test(test_every_allocation_failure_ends_in_a_clean_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
