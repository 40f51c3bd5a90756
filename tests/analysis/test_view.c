/* test_view.c: views: focus (ego networks) on a chain and a star, and combining masks. */
#include "testutil.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "base/base_internal.h"

/* Two components and a loner:
 *   chain  a -> b <- c -> d <- e      (directions alternate; c->d is claimed by f)
 *   star   h -> s1, s2 -> h, h -> s3, s4 -> h, s1 -> s2, s1 -> x, h -> h
 *   f      only ever the claimant of a citation: no hop reaches it */
#define ENTITIES                                                                        \
    "id,label,type\n"                                                                   \
    "a,Alpha,thing\nb,Beta,thing\nc,Gamma,thing\nd,Delta,thing\ne,Epsilon,thing\n"      \
    "f,Phi,thing\n"                                                                     \
    "h,Hub,thing\ns1,Spoke 1,thing\ns2,Spoke 2,thing\ns3,Spoke 3,thing\n"               \
    "s4,Spoke 4,thing\nx,Outer,thing\n"
#define RELATIONS                                                                       \
    "source,relation,target,claimed_by\n"                                               \
    "a,links,b,\nc,links,b,\nc,links,d,f\ne,links,d,\n"                                 \
    "h,links,s1,\ns2,links,h,\nh,links,s3,\ns4,links,h,\ns1,links,s2,\ns1,links,x,\n"   \
    "h,reviews,h,\n"

typedef struct fixture {
    kg_dataset *ds;
    kg_diagnostics *diags;
    unsigned char *emask, *rmask;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f || tu_load(&f->ds, &f->diags, ENTITIES, RELATIONS, NULL) != KG_OK)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    kg_free(f->emask);
    kg_free(f->rmask);
    kg_dataset_free(f->ds);
    kg_diagnostics_free(f->diags);
    free(f);
    return 0;
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

/* Checks that exactly the entities in ids (space-separated) are selected, each as 1. */
static void expect_entities(const kg_dataset *ds, const unsigned char *mask, const char *ids)
{
    assert_non_null(mask);
    for (size_t i = 0; i < kg_dataset_entity_count(ds); i++) {
        const char *id = kg_dataset_entity(ds, i)->id;
        if (mask[i] != (listed(ids, id) ? 1 : 0))
            fail_msg("entity %s: mask %d, expected the selection '%s'", id, mask[i], ids);
    }
}

/* Checks that exactly the relations in rels ("SRC>RELATION>TGT", space-separated) are
 * selected, each as 1. */
static void expect_relations(const kg_dataset *ds, const unsigned char *mask, const char *rels)
{
    assert_non_null(mask);
    for (size_t i = 0; i < kg_dataset_relation_count(ds); i++) {
        const kg_relation *r = kg_dataset_relation(ds, i);
        char key[64];
        snprintf(key, sizeof key, "%s>%s>%s", kg_dataset_entity(ds, r->source)->id, r->relation,
                 kg_dataset_entity(ds, r->target)->id);
        if (mask[i] != (listed(rels, key) ? 1 : 0))
            fail_msg("relation %s: mask %d, expected the selection '%s'", key, mask[i], rels);
    }
}

/* Runs kg_view_focus on the space-separated ids (at most 8), expecting KG_OK. */
static void focus(fixture *f, const char *ids, unsigned depth)
{
    char buf[128];
    const char *list[8];
    size_t n = 0;
    snprintf(buf, sizeof buf, "%s", ids);
    for (char *tok = strtok(buf, " "); tok && n < 8; tok = strtok(NULL, " "))
        list[n++] = tok;
    kg_free(f->emask);
    kg_free(f->rmask);
    assert_int_equal(kg_view_focus(&f->emask, &f->rmask, f->ds, list, n, depth), KG_OK);
}

static void test_depth_0(void **state)
{
    fixture *f = *state;
    focus(f, "c", 0);
    expect_entities(f->ds, f->emask, "c");
    expect_relations(f->ds, f->rmask, "");
    /* the relations among the focus entities stay, a self-relation included */
    focus(f, "c d", 0);
    expect_entities(f->ds, f->emask, "c d");
    expect_relations(f->ds, f->rmask, "c>links>d");
    focus(f, "h", 0);
    expect_entities(f->ds, f->emask, "h");
    expect_relations(f->ds, f->rmask, "h>reviews>h");
}

static void test_chain_both_directions(void **state)
{
    fixture *f = *state;
    /* c has an outgoing edge to b and to d; b is reached against b's incoming edges */
    focus(f, "c", 1);
    expect_entities(f->ds, f->emask, "b c d");
    expect_relations(f->ds, f->rmask, "c>links>b c>links>d");
    /* from b, c is reached against the direction of c -> b */
    focus(f, "b", 1);
    expect_entities(f->ds, f->emask, "a b c");
    expect_relations(f->ds, f->rmask, "a>links>b c>links>b");
    focus(f, "c", 2);
    expect_entities(f->ds, f->emask, "a b c d e");
    expect_relations(f->ds, f->rmask, "a>links>b c>links>b c>links>d e>links>d");
    focus(f, "a", 2);
    expect_entities(f->ds, f->emask, "a b c");
    expect_relations(f->ds, f->rmask, "a>links>b c>links>b");
}

static void test_claimed_by_is_no_hop(void **state)
{
    fixture *f = *state;
    focus(f, "f", 1);
    expect_entities(f->ds, f->emask, "f");
    expect_relations(f->ds, f->rmask, "");
    focus(f, "c", UINT_MAX);
    expect_entities(f->ds, f->emask, "a b c d e");
}

static void test_star(void **state)
{
    fixture *f = *state;
    /* depth 1: every spoke, in or out; s1 -> s2 joins two selected spokes, s1 -> x does not */
    focus(f, "h", 1);
    expect_entities(f->ds, f->emask, "h s1 s2 s3 s4");
    expect_relations(f->ds, f->rmask,
                     "h>links>s1 s2>links>h h>links>s3 s4>links>h s1>links>s2 h>reviews>h");
    focus(f, "h", 2);
    expect_entities(f->ds, f->emask, "h s1 s2 s3 s4 x");
    expect_relations(f->ds, f->rmask, "h>links>s1 s2>links>h h>links>s3 s4>links>h "
                                      "s1>links>s2 s1>links>x h>reviews>h");
    /* from a spoke: the hub and, against s1 -> s2, s1; then everything at depth 2 */
    focus(f, "s2", 1);
    expect_entities(f->ds, f->emask, "h s1 s2");
    expect_relations(f->ds, f->rmask, "h>links>s1 s2>links>h s1>links>s2 h>reviews>h");
    focus(f, "x", 3);
    expect_entities(f->ds, f->emask, "h s1 s2 s3 s4 x");
}

static void test_several_ids(void **state)
{
    fixture *f = *state;
    focus(f, "a e", 1);
    expect_entities(f->ds, f->emask, "a b d e");
    expect_relations(f->ds, f->rmask, "a>links>b e>links>d");
    /* components of both */
    focus(f, "a x", 1);
    expect_entities(f->ds, f->emask, "a b s1 x");
    expect_relations(f->ds, f->rmask, "a>links>b s1>links>x");
    /* overlapping neighbourhoods and a duplicate */
    focus(f, "b d b", 1);
    expect_entities(f->ds, f->emask, "a b c d e");
    focus(f, "c c", 0);
    expect_entities(f->ds, f->emask, "c");
}

static void test_unknown_id(void **state)
{
    fixture *f = *state;
    const char *ids[] = {"c", "nobody", "also_nobody"};
    unsigned char junk[2], *e = &junk[0], *r = &junk[1]; /* must be reset to NULL */
    kg_error_clear();
    assert_int_equal(kg_view_focus(&e, &r, f->ds, ids, 3, 1), KG_EUSAGE);
    assert_null(e);
    assert_null(r);
    assert_string_equal(kg_last_error(), "unknown entity id 'nobody'");
    /* a label names its entity too (kg_entity_resolve), and a near miss is suggested */
    const char *label[] = {"Gamma"}, *near[] = {"Gamm"};
    assert_int_equal(kg_view_focus(&e, &r, f->ds, label, 1, 0), KG_OK);
    assert_int_equal(e[2], 1);
    assert_int_equal(kg_view_count(e, kg_dataset_entity_count(f->ds)), 1);
    kg_free(e);
    kg_free(r);
    assert_int_equal(kg_view_focus(&e, &r, f->ds, near, 1, 1), KG_EUSAGE);
    assert_string_equal(kg_last_error(), "unknown entity id 'Gamm'; did you mean 'Gamma' (c)?");
    assert_int_equal(kg_view_focus(&e, &r, f->ds, NULL, 0, 1), KG_EUSAGE);
    assert_non_null(strstr(kg_last_error(), "no focus entity"));
    assert_null(e);
    assert_null(r);
}

static void test_out_of_memory(void **state)
{
    fixture *f = *state;
    const char *ids[] = {"h", "a"};
    int rc = KG_ENOMEM;
    for (unsigned long n = 1; rc == KG_ENOMEM && n < 100; n++) {
        unsigned char *e = NULL, *r = NULL;
        kg_alloc__fail_after(n);
        rc = kg_view_focus(&e, &r, f->ds, ids, 2, 2);
        kg_alloc__fail_after(0);
        if (rc == KG_ENOMEM) {
            assert_null(e);
            assert_null(r);
        } else {
            assert_int_equal(rc, KG_OK);
            expect_entities(f->ds, e, "a b c h s1 s2 s3 s4 x");
        }
        kg_free(e);
        kg_free(r);
    }
    assert_int_equal(rc, KG_OK);
}

static void test_combining(void **state)
{
    fixture *f = *state;
    unsigned char *e2 = NULL, *r2 = NULL;
    const char *ids[] = {"s2"};
    size_t n = kg_dataset_entity_count(f->ds), m = kg_dataset_relation_count(f->ds);

    focus(f, "h", 1); /* h s1 s2 s3 s4 */
    assert_int_equal(kg_view_focus(&e2, &r2, f->ds, ids, 1, 1), KG_OK); /* h s1 s2 */
    assert_int_equal(kg_view_count(f->emask, n), 5);
    assert_int_equal(kg_view_count(NULL, n), n);

    kg_view_intersect(f->emask, e2, n);
    expect_entities(f->ds, f->emask, "h s1 s2");
    /* an entity filter alone leaves relations to dropped entities; closing removes them */
    size_t kept = kg_view_close(f->rmask, f->emask, f->ds);
    expect_relations(f->ds, f->rmask, "h>links>s1 s2>links>h s1>links>s2 h>reviews>h");
    assert_int_equal(kept, 4);
    assert_int_equal(kg_view_count(f->rmask, m), 4);

    /* NULL src keeps everything and normalises to 0/1 */
    unsigned char bytes[3] = {0, 7, 255};
    kg_view_intersect(bytes, NULL, 3);
    assert_int_equal(bytes[0], 0);
    assert_int_equal(bytes[1], 1);
    assert_int_equal(bytes[2], 1);
    kg_free(e2);
    kg_free(r2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_depth_0, setup, teardown),
        cmocka_unit_test_setup_teardown(test_chain_both_directions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_claimed_by_is_no_hop, setup, teardown),
        cmocka_unit_test_setup_teardown(test_star, setup, teardown),
        cmocka_unit_test_setup_teardown(test_several_ids, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_id, setup, teardown),
        cmocka_unit_test_setup_teardown(test_out_of_memory, setup, teardown),
        cmocka_unit_test_setup_teardown(test_combining, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
