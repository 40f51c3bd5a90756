/* test_view_filters.c: kg_view_select: every view filter (type, relation, polarity, doc,
 * since/until with partial dates, min-sources), their combination with focus, unknown
 * names, and the cluster-by-type graph option. One table row per case. */
#include "testutil.h"
#include "svgcheck.h"

#include <stdlib.h>
#include <string.h>

/* people p1..p3, countries c1..c2, an untyped u:
 *   p1 -meets-> p2     positive, docs d1 (2022-02-04) and d2 (2022)   two sources
 *   p1 -criticises-> c1 negative, d1 (2021-12)
 *   p2 -meets-> c2     neutral, d3 (undated)
 *   c1 -trades_with-> c2 positive d2 (2022-03-01) + negative d3 (2021): mixed, two sources
 *   p3 -meets-> u      neutral, d2 (2020-05-05)                                        */
#define ENTITIES "id,label,type\np1,P1,person\np2,P2,person\np3,P3,person\n" \
                 "c1,C1,country\nc2,C2,country\nu,U,\n"
#define RELATIONS                                                                   \
    "source,relation,target,polarity,date,doc,quote\n"                             \
    "p1,meets,p2,positive,2022-02-04,d1,q1\n"                                       \
    "p1,meets,p2,positive,2022,d2,q2\n"                                             \
    "p1,criticises,c1,negative,2021-12,d1,q3\n"                                     \
    "p2,meets,c2,neutral,,d3,q4\n"                                                  \
    "c1,trades_with,c2,positive,2022-03-01,d2,q5\n"                                 \
    "c1,trades_with,c2,negative,2021,d3,q6\n"                                       \
    "p3,meets,u,neutral,2020-05-05,d2,q7\n"
#define SOURCES "id,title\nd1,One\nd2,Two\nd3,Three\nd4,Unused\n"

typedef tu_fixture fixture;

static int setup(void **state)
{
    return tu_fixture_setup(state, ENTITIES, RELATIONS, SOURCES);
}

static int teardown(void **state)
{
    return tu_fixture_teardown(state);
}

/* One case: options as text (lists space-separated), and the expected selection. */
typedef struct view_case {
    const char *what;
    const char *focus, *types, *relations, *polarities, *docs, *since, *until;
    unsigned depth;
    size_t min_sources;
    const char *entities;  /* expected, space-separated ids */
    const char *relations_expected; /* "SRC>VERB>TGT ..." */
} view_case;

static const view_case cases[] = {
    {"no option selects everything", 0, 0, 0, 0, 0, 0, 0, 1, 0, "p1 p2 p3 c1 c2 u",
     "p1>meets>p2 p1>criticises>c1 p2>meets>c2 c1>trades_with>c2 p3>meets>u"},
    {"type keeps the entities of that type and the relations among them", 0, "person", 0, 0,
     0, 0, 0, 1, 0, "p1 p2 p3", "p1>meets>p2"},
    {"several types add up", 0, "person country", 0, 0, 0, 0, 0, 1, 0, "p1 p2 p3 c1 c2",
     "p1>meets>p2 p1>criticises>c1 p2>meets>c2 c1>trades_with>c2"},
    {"the empty type names the untyped entities", 0, "", 0, 0, 0, 0, 0, 1, 0, "u", ""},
    {"relation keeps those verbs and only their ends", 0, 0, "meets", 0, 0, 0, 0, 1, 0,
     "p1 p2 p3 c2 u", "p1>meets>p2 p2>meets>c2 p3>meets>u"},
    {"polarity matches the relation's polarity", 0, 0, 0, "negative", 0, 0, 0, 1, 0, "p1 c1",
     "p1>criticises>c1"},
    {"mixed is a polarity of its own", 0, 0, 0, "mixed", 0, 0, 0, 1, 0, "c1 c2",
     "c1>trades_with>c2"},
    {"several polarities add up", 0, 0, 0, "negative mixed", 0, 0, 0, 1, 0, "p1 c1 c2",
     "p1>criticises>c1 c1>trades_with>c2"},
    {"doc keeps relations with a citation of it", 0, 0, 0, 0, "d1", 0, 0, 1, 0, "p1 p2 c1",
     "p1>meets>p2 p1>criticises>c1"},
    {"a source no relation cites selects nothing", 0, 0, 0, 0, "d4", 0, 0, 1, 0, "", ""},
    {"since compares whole days", 0, 0, 0, 0, 0, "2022-02-05", 0, 1, 0, "p1 p2 c1 c2",
     "p1>meets>p2 c1>trades_with>c2"},
    {"a year passes a since inside it (the periods overlap)", 0, 0, 0, 0, 0, "2022-12-31", 0,
     1, 0, "p1 p2", "p1>meets>p2"},
    {"until takes the whole month of a partial date", 0, 0, 0, 0, 0, 0, "2021-12", 1, 0,
     "p1 p3 c1 c2 u", "p1>criticises>c1 c1>trades_with>c2 p3>meets>u"},
    {"until before a month excludes it", 0, 0, 0, 0, 0, 0, "2021-11-30", 1, 0, "p3 c1 c2 u",
     "c1>trades_with>c2 p3>meets>u"},
    {"since and until of one year keep what is dated in it", 0, 0, 0, 0, 0, "2021", "2021",
     1, 0, "p1 c1 c2", "p1>criticises>c1 c1>trades_with>c2"},
    {"undated citations never pass a date filter", 0, 0, 0, 0, 0, "1900", 0, 1, 0,
     "p1 p2 p3 c1 c2 u", "p1>meets>p2 p1>criticises>c1 c1>trades_with>c2 p3>meets>u"},
    {"min-sources counts distinct documents", 0, 0, 0, 0, 0, 0, 0, 1, 2, "p1 p2 c1 c2",
     "p1>meets>p2 c1>trades_with>c2"},
    {"focus hops only along the relations kept", "p1", 0, "meets", 0, 0, 0, 0, 1, 0, "p1 p2",
     "p1>meets>p2"},
    {"focus at depth 2 over the relations kept", "p1", 0, "meets", 0, 0, 0, 0, 2, 0,
     "p1 p2 c2", "p1>meets>p2 p2>meets>c2"},
    {"focus with a type filter", "c1", "country", 0, 0, 0, 0, 0, 3, 0, "c1 c2",
     "c1>trades_with>c2"},
    {"filters combine: each relation passes all", 0, "person country", "meets trades_with",
     "positive mixed", 0, "2022", 0, 1, 0, "p1 p2 c1 c2", "p1>meets>p2 c1>trades_with>c2"},
};

/* Splits the space-separated words of text into list (at most 8); text is copied into buf. */
static size_t split(char *buf, size_t cap, const char *text, const char **list)
{
    size_t n = 0;
    if (!text)
        return 0;
    if (!text[0]) {
        list[0] = "";
        return 1;
    }
    snprintf(buf, cap, "%s", text);
    for (char *tok = strtok(buf, " "); tok && n < 8; tok = strtok(NULL, " "))
        list[n++] = tok;
    return n;
}

/* Nonzero when word occurs in the space-separated list. */
static int listed(const char *list, const char *word)
{
    size_t len = strlen(word);
    for (const char *p = list; *p;) {
        size_t n = strcspn(p, " ");
        if (n == len && strncmp(p, word, len) == 0)
            return 1;
        p += n;
        p += strspn(p, " ");
    }
    return 0;
}

static void test_each_view_option_selects_what_it_documents(void **state)
{
    fixture *f = *state;
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        const view_case *vc = &cases[c];
        char b1[64], b2[64], b3[64], b4[64], b5[64];
        const char *focus[8], *types[8], *rels[8], *pols[8], *docs[8];
        kg_view_options o;
        kg_view_options_init(&o);
        o.n_focus = split(b1, sizeof b1, vc->focus, focus);
        o.focus = focus;
        o.n_types = split(b2, sizeof b2, vc->types, types);
        o.types = types;
        o.n_relations = split(b3, sizeof b3, vc->relations, rels);
        o.relations = rels;
        size_t np = split(b4, sizeof b4, vc->polarities, pols);
        for (size_t i = 0; i < np; i++) {
            unsigned bit = kg_view_polarity_parse(pols[i]);
            assert_int_not_equal(bit, 0);
            o.polarities |= bit;
        }
        o.n_docs = split(b5, sizeof b5, vc->docs, docs);
        o.docs = docs;
        o.since = vc->since;
        o.until = vc->until;
        o.depth = vc->depth;
        o.min_sources = vc->min_sources;
        unsigned char *em, *rm;
        if (kg_view_select(&em, &rm, f->ds, &o) != KG_OK)
            fail_msg("%s: %s", vc->what, kg_last_error());
        for (size_t i = 0; i < kg_dataset_entity_count(f->ds); i++) {
            const char *id = kg_dataset_entity(f->ds, i)->id;
            if (em[i] != listed(vc->entities, id))
                fail_msg("%s: entity %s is %sselected", vc->what, id, em[i] ? "" : "not ");
        }
        for (size_t i = 0; i < kg_dataset_relation_count(f->ds); i++) {
            const kg_relation *r = kg_dataset_relation(f->ds, i);
            char key[64];
            snprintf(key, sizeof key, "%s>%s>%s", kg_dataset_entity(f->ds, r->source)->id,
                     r->relation, kg_dataset_entity(f->ds, r->target)->id);
            if (rm[i] != listed(vc->relations_expected, key))
                fail_msg("%s: relation %s is %sselected", vc->what, key, rm[i] ? "" : "not ");
        }
        kg_free(em);
        kg_free(rm);
    }
}

static void test_unknown_names_are_errors_naming_them(void **state)
{
    fixture *f = *state;
    static const struct {
        int field; /* 0 focus, 1 type, 2 relation, 3 doc, 4 since, 5 until */
        const char *value, *message;
    } rows[] = {
        {0, "nobody", "unknown entity id 'nobody'"},
        {1, "planet", "unknown entity type 'planet'"},
        {2, "loves", "unknown relation 'loves'"},
        {3, "d9", "unknown doc 'd9'"},
        {4, "2022-02-30", "invalid date '2022-02-30'"},
        {5, "22", "invalid date '22'"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        kg_view_options o;
        const char *list[1] = {rows[i].value};
        kg_view_options_init(&o);
        switch (rows[i].field) {
        case 0: o.focus = list; o.n_focus = 1; break;
        case 1: o.types = list; o.n_types = 1; break;
        case 2: o.relations = list; o.n_relations = 1; break;
        case 3: o.docs = list; o.n_docs = 1; break;
        case 4: o.since = rows[i].value; break;
        default: o.until = rows[i].value; break;
        }
        static unsigned char junk[2];
        unsigned char *em = junk, *rm = junk + 1;
        assert_int_equal(kg_view_select(&em, &rm, f->ds, &o), KG_EUSAGE);
        assert_null(em);
        assert_null(rm);
        assert_string_equal(strstr(kg_last_error(), rows[i].message) ? rows[i].message
                                                                     : kg_last_error(),
                            rows[i].message);
        /* lenient (for diff): unknown names select nothing instead; dates stay errors */
        o.lenient = 1;
        int rc = kg_view_select(&em, &rm, f->ds, &o);
        assert_int_equal(rc, rows[i].field >= 4 ? KG_EUSAGE : KG_OK);
        if (rc == KG_OK) {
            assert_int_equal(kg_view_count(em, kg_dataset_entity_count(f->ds)), 0);
            kg_free(em);
            kg_free(rm);
        }
    }
}

static void test_polarity_names_parse(void **state)
{
    (void)state;
    assert_int_equal(kg_view_polarity_parse("positive"), KG_VIEW_POLARITY(KG_POLARITY_POSITIVE));
    assert_int_equal(kg_view_polarity_parse("mixed"), KG_VIEW_POLARITY(KG_POLARITY_MIXED));
    assert_int_equal(kg_view_polarity_parse("neutral"), KG_VIEW_POLARITY(KG_POLARITY_NEUTRAL));
    assert_int_equal(kg_view_polarity_parse("negative"), KG_VIEW_POLARITY(KG_POLARITY_NEGATIVE));
    assert_int_equal(kg_view_polarity_parse("Positive"), KG_VIEW_POLARITY(KG_POLARITY_POSITIVE));
    assert_int_equal(kg_view_polarity_parse("MIXED"), KG_VIEW_POLARITY(KG_POLARITY_MIXED));
    assert_int_equal(kg_view_polarity_parse("positiv"), 0);
    assert_int_equal(kg_view_polarity_parse(""), 0);
}

static void test_options_are_active_only_when_they_narrow(void **state)
{
    (void)state;
    kg_view_options o;
    kg_view_options_init(&o);
    assert_false(kg_view_options_active(&o));
    o.min_sources = 1; /* every relation has at least one citation */
    assert_false(kg_view_options_active(&o));
    o.min_sources = 2;
    assert_true(kg_view_options_active(&o));
}

/* Renders the dataset as SVG with opts; returns the text (free). */
static char *render_svg(fixture *f, const kg_graph_options *opts)
{
    Agraph_t *g = NULL;
    char *svg = NULL;
    size_t size = 0;
    /* clusters by type are laid out with fdp (dot 2.42 crashes on them, graph.h) */
    kg_render_options ro = {.format = KG_FORMAT_SVG,
                            .engine = opts->cluster_by_type ? "fdp" : "dot"};
    assert_int_equal(kg_graph_build(&g, f->ds, opts, NULL), KG_OK);
    assert_int_equal(kg_render_data(g, &ro, &svg, &size, NULL), KG_OK);
    kg_graph_free(g);
    return svg;
}

static void test_cluster_by_type_frames_each_type(void **state)
{
    fixture *f = *state;
    kg_graph_options o;
    kg_graph_options_init(&o);
    char *plain = render_svg(f, &o);
    assert_null(strstr(plain, "cluster&#45;type"));
    kg_free(plain);
    o.cluster_by_type = 1;
    char *svg = render_svg(f, &o);
    assert_non_null(strstr(svg, "id=\"cluster&#45;type&#45;person\""));
    assert_non_null(strstr(svg, "id=\"cluster&#45;type&#45;country\""));
    /* the untyped entity is in no cluster: exactly two type clusters */
    size_t n = 0;
    for (const char *p = svg; (p = strstr(p, "id=\"cluster&#45;type")); p++)
        n++;
    assert_int_equal(n, 2);
    char why[256];
    if (svg_check(svg, strlen(svg), why, sizeof why) != 0)
        fail_msg("%s", why);
    kg_free(svg);
}

static void test_entity_links_point_to_report_sections(void **state)
{
    fixture *f = *state;
    kg_graph_options o;
    kg_graph_options_init(&o);
    o.entity_link_prefix = "#entity-";
    char *svg = render_svg(f, &o);
    assert_non_null(strstr(svg, "xlink:href=\"#entity-p1\""));
    assert_non_null(strstr(svg, "xlink:href=\"#entity-u\""));
    kg_free(svg);
    Agraph_t *g = NULL;
    o.entity_link_prefix = "javascript:x\"";
    assert_int_equal(kg_graph_build(&g, f->ds, &o, NULL), KG_EUSAGE);
    assert_null(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_each_view_option_selects_what_it_documents, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_unknown_names_are_errors_naming_them, setup, teardown),
        cmocka_unit_test(test_polarity_names_parse),
        cmocka_unit_test(test_options_are_active_only_when_they_narrow),
        cmocka_unit_test_setup_teardown(test_cluster_by_type_frames_each_type, setup, teardown),
        cmocka_unit_test_setup_teardown(test_entity_links_point_to_report_sections, setup,
                                        teardown),
    };
    int failures = cmocka_run_group_tests(tests, NULL, NULL);
    kg_render_shutdown();
    return failures;
}
