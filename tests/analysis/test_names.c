/* test_names.c: kg_entity_resolve (id, label, alias, case; ambiguity) and kg_entity_suggest. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ENTITIES                                                                        \
    "id,label,type,aliases\n"                                                           \
    "russia,Russia,country, Russian Federation ;RF\n"                                  \
    "xi,Xi Jinping,person,President Xi\n"                                               \
    "kim1,Kim Jong Un,person,Kim\n"                                                     \
    "kim2,Kim Yo Jong,person,Kim\n"                                                     \
    "abc,ABC,org,\n"                                                                    \
    "Abc2,abc,org,\n"                                                                   \
    "Xi Jinping,Somebody Else,person,\n"
#define RELATIONS                                                                       \
    "source,relation,target\n"                                                          \
    "russia,meets,xi\nkim1,meets,kim2\nabc,meets,Abc2\nXi Jinping,meets,xi\n"

static int setup(void **state)
{
    return tu_fixture_setup(state, ENTITIES, RELATIONS, NULL);
}

/* The id name resolves to, or "" with the error in kg_last_error(). */
static const char *resolve(void **state, const char *name)
{
    const kg_dataset *ds = ((tu_fixture *)*state)->ds;
    size_t e = 12345;
    if (kg_entity_resolve(ds, name, &e) != KG_OK) {
        assert_int_equal(e, KG_NONE);
        return "";
    }
    return kg_dataset_entity(ds, e)->id;
}

static void test_ids_labels_and_aliases(void **state)
{
    assert_string_equal(resolve(state, "russia"), "russia");
    assert_string_equal(resolve(state, "Russia"), "russia");                  /* label */
    assert_string_equal(resolve(state, "Russian Federation"), "russia");      /* alias, trimmed */
    assert_string_equal(resolve(state, "RF"), "russia");
    assert_string_equal(resolve(state, "President Xi"), "xi");
    /* an id wins over another entity's label */
    assert_string_equal(resolve(state, "Xi Jinping"), "Xi Jinping");
    /* exact before ignoring case: "abc" is abc's id, and Abc2's label */
    assert_string_equal(resolve(state, "abc"), "abc");
    assert_string_equal(resolve(state, "ABC"), "abc");                        /* label */
}

static void test_ignoring_case(void **state)
{
    assert_string_equal(resolve(state, "RUSSIA"), "russia");
    assert_string_equal(resolve(state, "kim yo jong"), "kim2");
    assert_string_equal(resolve(state, "president xi"), "xi");
    /* "aBC" ignoring case: abc's id and label, and Abc2's label: two entities */
    assert_string_equal(resolve(state, "aBC"), "");
    assert_string_equal(kg_last_error(), "ambiguous entity name 'aBC': abc (ABC), Abc2 (abc)");
}

static void test_ambiguous_and_unknown(void **state)
{
    assert_string_equal(resolve(state, "Kim"), "");
    assert_string_equal(kg_last_error(),
                        "ambiguous entity name 'Kim': kim1 (Kim Jong Un), kim2 (Kim Yo Jong)");
    assert_string_equal(resolve(state, "rusia"), "");
    assert_string_equal(kg_last_error(), "unknown entity id 'rusia'; did you mean 'russia'?");
    assert_string_equal(resolve(state, "Kim Jong Um"), "");
    assert_string_equal(kg_last_error(),
                        "unknown entity id 'Kim Jong Um'; did you mean 'Kim Jong Un' (kim1)?");
    assert_string_equal(resolve(state, "qqqqqqqq"), "");
    assert_string_equal(kg_last_error(), "unknown entity id 'qqqqqqqq'");
}

static void test_suggest(void **state)
{
    const kg_dataset *ds = ((tu_fixture *)*state)->ds;
    char *s = kg_entity_suggest(ds, "President Kim Yo-Jong.");
    assert_non_null(s); /* normalised, as the duplicate check does */
    assert_string_equal(s, "'Kim Yo Jong' (kim2)");
    kg_free(s);
    s = kg_entity_suggest(ds, "Russian Federatio");
    assert_non_null(s);
    assert_string_equal(s, "'Russian Federation' (russia)");
    kg_free(s);
    assert_null(kg_entity_suggest(ds, "zzzzzzzzzzzz"));
}

static void test_many_candidates_are_cut(void **state)
{
    (void)state;
    char ents[4096] = "id,label,aliases\n", rels[4096] = "source,relation,target\n";
    for (int i = 0; i < 15; i++) {
        size_t n = strlen(ents), m = strlen(rels);
        snprintf(ents + n, sizeof ents - n, "e%d,Entity %d,Same\n", i, i);
        snprintf(rels + m, sizeof rels - m, "e%d,r,e%d\n", i, (i + 1) % 15);
    }
    kg_dataset *ds = NULL;
    kg_diagnostics *d = NULL;
    assert_int_equal(tu_load(&ds, &d, ents, rels, NULL), KG_OK);
    size_t e;
    assert_int_equal(kg_entity_resolve(ds, "Same", &e), KG_EUSAGE);
    assert_non_null(strstr(kg_last_error(), "e9 (Entity 9) and 5 more"));
    assert_null(strstr(kg_last_error(), "e10"));
    kg_dataset_free(ds);
    kg_diagnostics_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_ids_labels_and_aliases, setup, tu_fixture_teardown),
        cmocka_unit_test_setup_teardown(test_ignoring_case, setup, tu_fixture_teardown),
        cmocka_unit_test_setup_teardown(test_ambiguous_and_unknown, setup, tu_fixture_teardown),
        cmocka_unit_test_setup_teardown(test_suggest, setup, tu_fixture_teardown),
        cmocka_unit_test(test_many_candidates_are_cut),
    };
    return tu_exit_status(cmocka_run_group_tests(tests, NULL, NULL));
}
