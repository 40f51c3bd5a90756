/* test_dotwrite.c: kgraph's DOT writer: read back by Graphviz, every graph comes out with
 * the same nodes, edges, subgraphs and attribute values; same bytes every time; write
 * errors reported. Also: values set through src/cgraph/ (cgraph_internal.h) read back like
 * any other, in the variant this build compiled. */
#include "testutil.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base_internal.h"
#include "cgraph/cgraph_internal.h"
#include "render/render_internal.h"
#include "graph/graph_internal.h"

static char *cs(const char *s)
{
    return (char *)(uintptr_t)s;
}

/* ---- a canonical dump, to compare two graphs ------------------------------------- */

static void dump_attrs(kg_buf *out, Agraph_t *root, void *obj, int kind)
{
    for (Agsym_t *s = agnxtattr(root, kind, NULL); s; s = agnxtattr(root, kind, s)) {
        const char *v = agxget(obj, s);
        if (!v[0])
            continue; /* an attribute never declared reads as "" too */
        assert_int_equal(kg_buf__printf(out, " %s=[%s]%s", s->name, v,
                                       aghtmlstr(cs(v)) ? "(html)" : ""),
                         KG_OK);
    }
}

static int compare_lines(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every node with its attributes, every edge with its ends, key and attributes, every
 * subgraph with its attribute values and members; one line each, sorted. */
static char *dump_graph(Agraph_t *g)
{
    Agraph_t *root = agroot(g);
    kg_buf all = KG_BUF_INIT;
    size_t cap = 64, count = 0;
    char **lines = malloc(cap * sizeof *lines);
    assert_non_null(lines);
#define ADD_LINE(buf)                                                                   \
    do {                                                                                \
        if (count == cap)                                                               \
            assert_non_null(lines = realloc(lines, (cap *= 2) * sizeof *lines));        \
        assert_non_null(lines[count++] = strdup(kg_buf__str(&(buf))));                   \
    } while (0)
    kg_buf line = KG_BUF_INIT;
    kg_buf__clear(&line);
    assert_int_equal(kg_buf__printf(&line, "graph %s %s%s", agnameof(g),
                                   agisdirected(g) ? "directed" : "undirected",
                                   agisstrict(g) ? " strict" : ""),
                     KG_OK);
    dump_attrs(&line, root, g, AGRAPH);
    ADD_LINE(line);
    for (Agnode_t *n = agfstnode(g); n; n = agnxtnode(g, n)) {
        kg_buf__clear(&line);
        assert_int_equal(kg_buf__printf(&line, "node %s", agnameof(n)), KG_OK);
        dump_attrs(&line, root, n, AGNODE);
        ADD_LINE(line);
        for (Agedge_t *e = agfstout(g, n); e; e = agnxtout(g, e)) {
            const char *key = agnameof(e);
            kg_buf__clear(&line);
            assert_int_equal(kg_buf__printf(&line, "edge %s -> %s key=[%s]",
                                           agnameof(agtail(e)), agnameof(aghead(e)),
                                           key ? key : ""),
                             KG_OK);
            dump_attrs(&line, root, e, AGEDGE);
            ADD_LINE(line);
        }
    }
    /* Subgraphs, depth first, with their members. */
    Agraph_t *stack[32];
    size_t depth = 0;
    for (Agraph_t *s = agfstsubg(g); s; s = agnxtsubg(s))
        stack[depth++] = s;
    while (depth) {
        Agraph_t *s = stack[--depth];
        kg_buf__clear(&line);
        const char *name = agnameof(s), *parent = agnameof(agparent(s));
        assert_int_equal(kg_buf__printf(&line, "subgraph %s in %s:",
                                       name[0] == '%' ? "(anonymous)" : name,
                                       parent[0] == '%' ? "(anonymous)" : parent),
                         KG_OK);
        dump_attrs(&line, root, s, AGRAPH);
        for (Agnode_t *n = agfstnode(s); n; n = agnxtnode(s, n)) {
            assert_int_equal(kg_buf__printf(&line, " n:%s", agnameof(n)), KG_OK);
            for (Agedge_t *e = agfstout(s, n); e; e = agnxtout(s, e))
                assert_int_equal(kg_buf__printf(&line, " e:%s->%s", agnameof(agtail(e)),
                                               agnameof(aghead(e))),
                                 KG_OK);
        }
        ADD_LINE(line);
        for (Agraph_t *c = agfstsubg(s); c; c = agnxtsubg(c)) {
            assert_true(depth < 32);
            stack[depth++] = c;
        }
    }
    qsort(lines, count, sizeof *lines, compare_lines);
    /* The order of nodes matters to layouts: it must survive too. */
    kg_buf__clear(&line);
    assert_int_equal(kg_buf__puts(&line, "node order:"), KG_OK);
    for (Agnode_t *n = agfstnode(g); n; n = agnxtnode(g, n))
        assert_int_equal(kg_buf__printf(&line, " %s", agnameof(n)), KG_OK);
    ADD_LINE(line);
    kg_buf__clear(&all);
    for (size_t i = 0; i < count; i++) {
        assert_int_equal(kg_buf__puts(&all, lines[i]), KG_OK);
        assert_int_equal(kg_buf__putc(&all, '\n'), KG_OK);
        free(lines[i]);
    }
    free(lines);
    kg_buf__free(&line);
    char *text = strdup(kg_buf__str(&all));
    kg_buf__free(&all);
    assert_non_null(text);
    return text;
#undef ADD_LINE
}

/* kg_dot__write's text for g (free()). */
/* g's DOT written with the writing thread as `threaded` says (see kg_dot__write_threaded). */
static char *dot_text_threaded(Agraph_t *g, int threaded)
{
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    assert_non_null(mem);
    assert_int_equal(kg_dot__write_threaded(g, mem, threaded), KG_OK);
    assert_int_equal(fclose(mem), 0);
    return text;
}

static char *dot_text(Agraph_t *g)
{
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    assert_non_null(mem);
    assert_int_equal(kg_dot__write(g, mem), KG_OK);
    assert_int_equal(fclose(mem), 0);
    return text;
}

/* Writes g, reads the text back with Graphviz's reader and asserts both graphs dump the
 * same. Returns the DOT text (free()). */
static char *assert_round_trip(Agraph_t *g)
{
    char *text = dot_text(g);
    agreseterrors();
    Agraph_t *back = agmemread(text);
    if (!back)
        fail_msg("Graphviz could not read back:\n%s", text);
    assert_int_equal(agerrors(), 0);
    char *before = dump_graph(g), *after = dump_graph(back);
    if (strcmp(before, after) != 0)
        fail_msg("graph changed on the way through DOT:\n--- written\n%s--- read back\n%s"
                 "--- text\n%s",
                 before, after, text);
    free(before);
    free(after);
    agclose(back);
    return text;
}

/* ---- tests --------------------------------------------------------------------------- */

static void test_the_bundled_dataset_survives_a_round_trip_through_dot(void **state)
{
    (void)state;
    kg_dataset *ds = NULL;
    assert_int_equal(kg_dataset_load(&ds, KGRAPH_SOURCE_DIR "/data", NULL, NULL), KG_OK);
    Agraph_t *g = NULL;
    kg_graph_options opts;
    kg_graph_options_init(&opts);
    opts.title = "China \\N \"Russia\" & <friends>";
    assert_int_equal(kg_graph_build(&g, ds, &opts, NULL), KG_OK);
    char *text = assert_round_trip(g);
    assert_non_null(strstr(text, "subgraph cluster_legend {\n"));
    assert_non_null(strstr(text, "\txi_jinping [class=\"entity type-person\""));
    free(text);
    kg_graph_free(g);
    kg_dataset_free(ds);
}

static void test_the_same_graph_is_written_as_the_same_bytes(void **state)
{
    (void)state;
    kg_dataset *ds = NULL;
    assert_int_equal(kg_dataset_load(&ds, KGRAPH_SOURCE_DIR "/data", NULL, NULL), KG_OK);
    Agraph_t *g1 = NULL, *g2 = NULL;
    assert_int_equal(kg_graph_build(&g1, ds, NULL, NULL), KG_OK);
    assert_int_equal(kg_graph_build(&g2, ds, NULL, NULL), KG_OK);
    char *a = dot_text(g1), *b = dot_text(g1), *c = dot_text(g2);
    assert_string_equal(a, b);
    assert_string_equal(a, c);
    free(a);
    free(b);
    free(c);
    kg_graph_free(g1);
    kg_graph_free(g2);
    kg_dataset_free(ds);
}

/* Names and values that need quoting, escaping or care, as a table. */
static const char *const awkward[] = {
    "plain",       "node",         "Graph",      "subgraph2",   "-1.5",      ".5",
    "2.",          "1.2.3",        "12abc",      "a b",         "a\"b",      "\"",
    "back\\slash", "trailing\\\\", "x->y",       "{braces}",    "semi;colon", "tab\there",
    "new\nline",   "Zürich",       "日本",        "=",           "-",         "",
    "edge",        "STRICT",       "_under",     "a,b",         "[x]",       "<not html>",
};
#define N_AWKWARD (sizeof awkward / sizeof awkward[0])

static void test_awkward_names_and_values_survive_a_round_trip(void **state)
{
    (void)state;
    Agraph_t *g = agopen(cs("awkward graph"), Agdirected, NULL);
    Agsym_t *nlabel = agattr(g, AGNODE, cs("label"), cs("\\N"));
    Agsym_t *etip = agattr(g, AGEDGE, cs("tooltip"), cs(""));
    Agsym_t *gx = agattr(g, AGRAPH, cs("comment"), cs("top \"level\""));
    assert_non_null(gx);
    Agnode_t *prev = NULL;
    for (size_t i = 0; i < N_AWKWARD; i++) {
        if (!awkward[i][0])
            continue; /* a node needs a name */
        Agnode_t *n = agnode(g, cs(awkward[i]), 1);
        assert_non_null(n);
        agxset(n, nlabel, cs(awkward[(i + 7) % N_AWKWARD]));
        if (prev) {
            Agedge_t *e = agedge(g, prev, n, NULL, 1);
            agxset(e, etip, cs(awkward[(i + 3) % N_AWKWARD]));
        }
        prev = n;
    }
    char *text = assert_round_trip(g);
    free(text);
    agclose(g);
}

static void test_subgraphs_keys_html_and_undirected_strict_graphs_survive(void **state)
{
    (void)state;
    Agraph_t *g = agopen(cs("G"), Agstrictundirected, NULL);
    agattr(g, AGNODE, cs("color"), cs("black"));
    agattr(g, AGEDGE, cs("style"), cs(""));
    Agsym_t *label = agattr(g, AGNODE, cs("label"), cs("\\N"));
    Agnode_t *a = agnode(g, cs("a"), 1), *b = agnode(g, cs("b"), 1),
             *c = agnode(g, cs("c"), 1), *d = agnode(g, cs("d"), 1);
    agedge(g, a, b, NULL, 1);
    agedge(g, c, d, cs("named edge"), 1);
    char *html = agstrdup_html(g, cs("<b>bold</b>"));
    agxset(d, label, html);
    /* html keeps its reference until agclose frees the graph's whole string dictionary
     * (agstrfree takes a third argument from Graphviz 3 on). */

    Agraph_t *outer = agsubg(g, cs("cluster_outer"), 1);
    agattr(outer, AGNODE, cs("color"), cs("red")); /* a subgraph default */
    agsafeset(outer, cs("label"), cs("Outer"), cs(""));
    Agraph_t *inner = agsubg(outer, cs("inner"), 1);
    agsubnode(inner, b, 1);
    agsubnode(inner, c, 1);
    agsubedge(outer, agedge(g, a, b, NULL, 0), 1);
    Agnode_t *e = agnode(outer, cs("e"), 1); /* created in the subgraph: red */
    agxset(e, agattr(g, AGNODE, cs("color"), NULL), cs("black"));
    Agraph_t *anonymous = agsubg(g, NULL, 1);
    if (anonymous)
        agsubnode(anonymous, d, 1);

    char *text = assert_round_trip(g);
    assert_true(strncmp(text, "strict graph G {", 16) == 0);
    assert_non_null(strstr(text, "<<b>bold</b>>"));
    assert_non_null(strstr(text, "key=\"named edge\""));
    assert_non_null(strstr(text, " -- "));
    free(text);
    agclose(g);
}

static void test_a_failed_write_is_reported(void **state)
{
    (void)state;
    FILE *full = fopen("/dev/full", "w");
    if (!full)
        TU_SKIP("cannot open /dev/full: a failed write is not tested");
    kg_dataset *ds = NULL;
    assert_int_equal(kg_dataset_load(&ds, KGRAPH_SOURCE_DIR "/data", NULL, NULL), KG_OK);
    Agraph_t *g = NULL;
    assert_int_equal(kg_graph_build(&g, ds, NULL, NULL), KG_OK);
    setvbuf(full, NULL, _IONBF, 0);
    assert_int_equal(kg_dot__write(g, full), KG_EIO);
    fclose(full);
    kg_graph_free(g);
    kg_dataset_free(ds);
}

/* A graph whose DOT spans many of the writer's 1 MiB buffers: n nodes in a ring, each
 * edge with a 1000-byte tooltip unique to it. */
static Agraph_t *big_ring(int n)
{
    Agraph_t *g = agopen(cs("ring"), Agdirected, NULL);
    Agsym_t *tip = agattr(g, AGEDGE, cs("tooltip"), cs(""));
    char name[32], value[1100];
    Agnode_t *first = NULL, *prev = NULL;
    for (int i = 0; i < n; i++) {
        snprintf(name, sizeof name, "n%d", i);
        Agnode_t *v = agnode(g, name, 1);
        if (prev) {
            Agedge_t *e = agedge(g, prev, v, NULL, 1);
            int k = snprintf(value, sizeof value, "edge %d ", i);
            memset(value + k, 'a' + i % 26, 1000);
            value[k + 1000] = '\0';
            agxset(e, tip, value);
        }
        prev = v;
        if (!first)
            first = v;
    }
    agedge(g, prev, first, NULL, 1);
    return g;
}

static void test_the_writing_thread_writes_the_same_bytes_as_the_direct_path(void **state)
{
    (void)state;
    Agraph_t *g = big_ring(5000); /* about 5 MB of DOT */
    char *direct = dot_text_threaded(g, 0);
    char *threaded = dot_text_threaded(g, 1);
    assert_true(strlen(direct) > 5u * 1000 * 1000);
    assert_string_equal(direct, threaded);
    free(direct);
    free(threaded);
    agclose(g);
}

static void test_a_failed_write_in_the_writing_thread_is_reported(void **state)
{
    (void)state;
    FILE *full = fopen("/dev/full", "w");
    if (!full)
        TU_SKIP("cannot open /dev/full: a failed write in the writing thread is not tested");
    Agraph_t *g = big_ring(5000);
    setvbuf(full, NULL, _IONBF, 0);
    assert_int_equal(kg_dot__write_threaded(g, full, 1), KG_EIO);
    fclose(full);
    agclose(g);
}

static void test_values_set_through_the_cgraph_boundary_read_back_like_any_other(void **state)
{
    (void)state;
    Agraph_t *g = agopen(cs("g"), Agdirected, &kg_cg__disc);
    kg_cg_strings *strings = NULL;
    assert_int_equal(kg_cg__strings_new(&strings, g), KG_OK);
    Agsym_t *tip = agattr(g, AGNODE, cs("tooltip"), cs(""));
    Agsym_t *cls = agattr(g, AGNODE, cs("class"), cs(""));
    Agnode_t *n = agnode(g, cs("n"), 1), *m = agnode(g, cs("m"), 1);
    /* The private variant must really read values directly, or its speed-up silently
     * disappears (its probe found another layout); the public variant never does. */
    if (strncmp(kg_cg__variant, "private", 7) == 0)
        assert_non_null(kg_cg__values(n));
    else
        assert_null(kg_cg__values(n));
    static char big[3 << 20]; /* larger than an arena chunk */
    memset(big, 'x', sizeof big - 1);
    assert_int_equal(kg_cg__set(strings, n, tip, "first", 5), KG_OK);
    assert_int_equal(kg_cg__set(strings, n, tip, "second", 6), KG_OK);
    assert_int_equal(kg_cg__set(strings, m, tip, big, sizeof big - 1), KG_OK);
    const char *shared = kg_cg__intern(strings, "kind-a");
    assert_non_null(shared);
    assert_ptr_equal(kg_cg__intern(strings, "kind-a"), shared);
    kg_cg__put(n, cls, shared);
    kg_cg__put(m, cls, shared);
    assert_string_equal(agxget(n, tip), "second");
    assert_false(aghtmlstr(agxget(n, tip)));
    assert_int_equal(strlen(agxget(m, tip)), sizeof big - 1);
    assert_string_equal(agxget(m, cls), "kind-a");
    /* Graphviz may still replace such a value the usual way. */
    agxset(n, tip, cs("third"));
    assert_string_equal(agxget(n, tip), "third");
    char *text = assert_round_trip(g);
    free(text);
    agclose(g);
    kg_cg__strings_free(strings);
    kg_cg__strings_free(NULL);
}

/* The private variant's edge order is a stable permutation grouped by blocks of ends; the
 * public one keeps the order. Either way every edge appears once and edges between the
 * same two nodes keep their relative order. */
static void ends_of(const void *ctx, size_t i, size_t *tail, size_t *head)
{
    const size_t *pairs = ctx;
    *tail = pairs[2 * i];
    *head = pairs[2 * i + 1];
}

static void test_the_edge_order_is_a_stable_permutation(void **state)
{
    (void)state;
    enum { NODES = 5000, EDGES = 40000 };
    size_t *pairs = malloc(2 * EDGES * sizeof *pairs), *order = kg__malloc(EDGES * sizeof *order);
    assert_non_null(pairs);
    assert_non_null(order);
    uint64_t x = 88172645463325252u;
    for (size_t i = 0; i < EDGES; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        pairs[2 * i] = (size_t)(x % NODES);
        pairs[2 * i + 1] = (size_t)((x >> 20) % NODES);
        order[i] = i;
    }
    assert_int_equal(kg_cg__edge_order(&order, EDGES, NODES, ends_of, pairs), KG_OK);
    unsigned char *seen = calloc(EDGES, 1);
    assert_non_null(seen);
    size_t moved = 0;
    for (size_t k = 0; k < EDGES; k++) {
        assert_true(order[k] < EDGES);
        assert_false(seen[order[k]]);
        seen[order[k]] = 1;
        moved += order[k] != k;
        for (size_t j = k + 1; j < EDGES && j < k + 64; j++) /* a window suffices for a check */
            if (pairs[2 * order[j]] == pairs[2 * order[k]] &&
                pairs[2 * order[j] + 1] == pairs[2 * order[k] + 1])
                assert_true(order[j] > order[k]);
    }
    if (strcmp(kg_cg__variant, "private-2.42") != 0)
        assert_int_equal(moved, 0); /* blocks pay only for 2.42's splay trees */
    else
        assert_true(moved > 0);
    free(seen);
    free(pairs);
    kg_free(order);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_bundled_dataset_survives_a_round_trip_through_dot),
        cmocka_unit_test(test_the_same_graph_is_written_as_the_same_bytes),
        cmocka_unit_test(test_awkward_names_and_values_survive_a_round_trip),
        cmocka_unit_test(test_subgraphs_keys_html_and_undirected_strict_graphs_survive),
        cmocka_unit_test(test_a_failed_write_is_reported),
        cmocka_unit_test(test_the_writing_thread_writes_the_same_bytes_as_the_direct_path),
        cmocka_unit_test(test_a_failed_write_in_the_writing_thread_is_reported),
        cmocka_unit_test(test_values_set_through_the_cgraph_boundary_read_back_like_any_other),
        cmocka_unit_test(test_the_edge_order_is_a_stable_permutation),
    };
    return tu_exit_status(cmocka_run_group_tests(tests, NULL, NULL));
}
