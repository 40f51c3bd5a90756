/* test_conflicts.c: conflicts: which disagreements count (a table of small datasets), their
 * order, views, the writers and allocation failures. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base_internal.h"

#define ENTITIES "id,label\nx,Ex\ny,Why\nz,Zed\nanalyst,An Analyst\nother,Another\n"
#define HEAD "source,relation,target,polarity,doc,quote,claimed_by,status\n"

/* Describes the conflicts as "A/B:KINDS:N ..." (KINDS p, c or pc; N citations). */
static void describe(const kg_dataset *ds, const kg_conflicts *c, char *out, size_t cap)
{
    size_t len = 0;
    out[0] = '\0';
    for (size_t i = 0; i < kg_conflicts_count(c); i++) {
        const kg_conflict *k = kg_conflicts_get(c, i);
        len += (size_t)snprintf(out + len, cap - len, "%s%s/%s:%s%s:%zu", i ? " " : "",
                                kg_dataset_entity(ds, k->a)->id, kg_dataset_entity(ds, k->b)->id,
                                k->kinds & KG_CONFLICT_POLARITY ? "p" : "",
                                k->kinds & KG_CONFLICT_CONTESTED ? "c" : "", k->citation_count);
    }
}

static const struct {
    const char *name, *relations, *expected;
} cases[] = {
    {"opposite polarity from two documents is a conflict",
     HEAD "x,supports,y,positive,d1,q1,,\nx,opposes,y,negative,d2,q2,,\n", "x/y:p:2"},
    {"opposite polarity from one document and one claimant is not",
     HEAD "x,supports,y,positive,d1,q1,analyst,\nx,opposes,y,negative,d1,q2,analyst,\n", ""},
    {"one document, two claimants is a conflict",
     HEAD "x,supports,y,positive,d1,q1,analyst,\nx,opposes,y,negative,d1,q2,other,\n", "x/y:p:2"},
    {"a claimant against the document's own voice is a conflict",
     HEAD "x,supports,y,positive,d1,q1,,\nx,opposes,y,negative,d1,q2,analyst,\n", "x/y:p:2"},
    {"either direction counts",
     HEAD "x,trusts,y,positive,d1,q1,,\ny,distrusts,x,negative,d2,q2,,\n", "x/y:p:2"},
    {"one relation with citations of both polarities is a conflict",
     HEAD "x,meets,y,positive,d1,q1,,\nx,meets,y,negative,d2,q2,,\n", "x/y:p:2"},
    {"neutral against positive is no conflict",
     HEAD "x,meets,y,neutral,d1,q1,,\nx,meets,y,positive,d2,q2,,\n", ""},
    {"opposite polarities about different pairs are no conflict",
     HEAD "x,supports,y,positive,d1,q1,,\nx,opposes,z,negative,d2,q2,,\n", ""},
    {"a contested citation is a conflict on its own, listed even when neutral",
     HEAD "x,meets,y,neutral,d1,q1,,contested\nx,meets,y,neutral,d2,q2,,\n", "x/y:c:1"},
    {"both kinds at once",
     HEAD "x,supports,y,positive,d1,q1,,contested\ny,opposes,x,negative,d2,q2,,asserted\n", "x/y:pc:2"},
    {"a third voice disagrees with the first two",
     HEAD "x,supports,y,positive,d1,q1,analyst,\nx,opposes,y,negative,d1,q2,analyst,\n"
          "x,praises,y,positive,d2,q3,,\n", "x/y:p:3"},
    {"pairs are ordered by their entities' file order",
     HEAD "z,supports,y,positive,d1,q1,,\nz,opposes,y,negative,d2,q2,,\n"
          "z,supports,x,positive,d1,q3,,\nx,opposes,z,negative,d2,q4,,\n", "x/z:p:2 y/z:p:2"},
    {"a self-relation can be contested",
     HEAD "x,doubts,x,negative,d1,q1,,contested\n", "x/x:c:1"},
};

static void test_each_kind_of_disagreement_is_found_and_nothing_else(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        kg_dataset *ds;
        kg_diagnostics *diags;
        kg_conflicts *c = NULL;
        char got[512];
        if (tu_load(&ds, &diags, ENTITIES, cases[i].relations, NULL) != KG_OK)
            fail_msg("%s: load failed: %s", cases[i].name, kg_last_error());
        assert_int_equal(kg_conflicts_find(&c, ds, NULL), KG_OK);
        describe(ds, c, got, sizeof got);
        if (strcmp(got, cases[i].expected) != 0)
            fail_msg("%s: got '%s', expected '%s'", cases[i].name, got, cases[i].expected);
        kg_conflicts_free(c);
        kg_dataset_free(ds);
        kg_diagnostics_free(diags);
    }
}

static void test_masks_leave_out_the_conflicts_of_hidden_entities(void **state)
{
    (void)state;
    kg_dataset *ds;
    kg_diagnostics *diags;
    kg_conflicts *c = NULL;
    char got[256];
    assert_int_equal(tu_load(&ds, &diags, ENTITIES,
                             HEAD "x,supports,y,positive,d1,q1,,\nx,opposes,y,negative,d2,q2,,\n"
                                  "x,supports,z,positive,d1,q3,,\nx,opposes,z,negative,d2,q4,,\n",
                             NULL),
                     KG_OK);
    unsigned char emask[5] = {1, 1, 0, 1, 1};
    kg_conflicts_options o = {emask, NULL};
    assert_int_equal(kg_conflicts_find(&c, ds, &o), KG_OK);
    describe(ds, c, got, sizeof got);
    assert_string_equal(got, "x/y:p:2");
    kg_conflicts_free(c);
    unsigned char rmask[4] = {1, 0, 1, 1}; /* x opposes y hidden */
    o = (kg_conflicts_options){NULL, rmask};
    assert_int_equal(kg_conflicts_find(&c, ds, &o), KG_OK);
    describe(ds, c, got, sizeof got);
    assert_string_equal(got, "x/z:p:2");
    assert_null(kg_conflicts_get(c, 1));
    kg_conflicts_free(c);
    kg_conflicts_free(NULL);
    kg_dataset_free(ds);
    kg_diagnostics_free(diags);
}

static void test_writers_show_both_sides_with_quotes_docs_and_claimants(void **state)
{
    (void)state;
    kg_dataset *ds;
    kg_diagnostics *diags;
    kg_conflicts *c = NULL;
    assert_int_equal(tu_load(&ds, &diags, ENTITIES,
                             HEAD "x,allies_with,y,positive,d1,\"an alliance, in all but name\",analyst,\n"
                                  "y,distrusts,x,negative,d2,no real trust,,contested\n",
                             "id,title\nd1,First Text\nd2,\"Second \"\"Text\"\"\"\n"),
                     KG_OK);
    assert_int_equal(kg_conflicts_find(&c, ds, NULL), KG_OK);
    static const struct { kg_conflicts_format f; const char *needles[4]; } formats[] = {
        {KG_CONFLICTS_TEXT,
         {"x (Ex) and y (Why): opposite polarity, contested\n",
          "  + x -[allies_with]-> y: \"an alliance, in all but name\"\n"
          "      relations.csv:2: d1 \"First Text\", claimed by analyst (An Analyst)\n",
          "  - y -[distrusts]-> x [contested]: \"no real trust\"\n",
          "1 conflict: 1 with opposite polarity, 1 contested\n"}},
        {KG_CONFLICTS_CSV,
         {"conflict,entity_a,entity_b,kinds,side,source,relation,target,polarity,status,doc,title,"
          "claimed_by,quote,line\n",
          "1,x,y,polarity+contested,positive,x,allies_with,y,positive,asserted,d1,First Text,"
          "analyst,\"an alliance, in all but name\",2\n",
          "1,x,y,polarity+contested,negative,y,distrusts,x,negative,contested,d2,"
          "\"Second \"\"Text\"\"\",,no real trust,3\n", ""}},
        {KG_CONFLICTS_JSON,
         {"{\"summary\":{\"conflicts\":1,\"polarity\":1,\"contested\":1},",
          "\"polarity\":true,\"contested\":true,",
          "\"title\":\"Second \\\"Text\\\"\"", "\"claimed_by\":\"analyst\""}},
    };
    for (size_t i = 0; i < 3; i++) {
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        assert_int_equal(kg_conflicts_write(f, c, ds, formats[i].f), KG_OK);
        fclose(f);
        for (int n = 0; n < 4; n++)
            if (!strstr(buf, formats[i].needles[n]))
                fail_msg("format %d lacks '%s':\n%s", (int)formats[i].f, formats[i].needles[n], buf);
        free(buf);
    }
    kg_conflicts_format fmt;
    assert_int_equal(kg_conflicts_format_parse(&fmt, "csv"), KG_OK);
    assert_int_equal(fmt, KG_CONFLICTS_CSV);
    assert_int_equal(kg_conflicts_format_parse(&fmt, "yaml"), KG_EUSAGE);
    kg_conflicts_free(c);
    kg_dataset_free(ds);
    kg_diagnostics_free(diags);
}

static void test_no_conflicts_says_so(void **state)
{
    (void)state;
    kg_dataset *ds;
    kg_diagnostics *diags;
    kg_conflicts *c = NULL;
    assert_int_equal(tu_load(&ds, &diags, ENTITIES, HEAD "x,meets,y,positive,d1,q1,,\n", NULL), KG_OK);
    assert_int_equal(kg_conflicts_find(&c, ds, NULL), KG_OK);
    assert_int_equal(kg_conflicts_count(c), 0);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_int_equal(kg_conflicts_write(f, c, ds, KG_CONFLICTS_TEXT), KG_OK);
    fclose(f);
    assert_string_equal(buf, "no conflicts\n");
    free(buf);
    kg_conflicts_free(c);
    kg_dataset_free(ds);
    kg_diagnostics_free(diags);
}

static void test_every_allocation_failure_ends_in_a_clean_error(void **state)
{
    (void)state;
    kg_dataset *ds;
    kg_diagnostics *diags;
    assert_int_equal(tu_load(&ds, &diags, ENTITIES, cases[11].relations, NULL), KG_OK);
    int done = 0;
    for (unsigned long n = 1; n < 1000 && !done; n++) {
        kg_conflicts *c = NULL;
        kg_alloc__fail_after(n);
        int rc = kg_conflicts_find(&c, ds, NULL);
        unsigned long made = kg_alloc__fail_after(0);
        if (rc == KG_OK) {
            assert_non_null(c);
            done = made < n;
        } else {
            assert_int_equal(rc, KG_ENOMEM);
            assert_null(c);
        }
        kg_conflicts_free(c);
    }
    assert_true(done);
    kg_dataset_free(ds);
    kg_diagnostics_free(diags);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_each_kind_of_disagreement_is_found_and_nothing_else),
        cmocka_unit_test(test_masks_leave_out_the_conflicts_of_hidden_entities),
        cmocka_unit_test(test_writers_show_both_sides_with_quotes_docs_and_claimants),
        cmocka_unit_test(test_no_conflicts_says_so),
        cmocka_unit_test(test_every_allocation_failure_ends_in_a_clean_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
