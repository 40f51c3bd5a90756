/* test_duplicates.c: duplicate entities: the normal form of names (table), which pairs are
 * reported and why (table), the messages, many entities sharing one name, allocation
 * failures. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base_internal.h"

static const struct {
    const char *name, *normal;
} normal_forms[] = {
    {"Xi Jinping", "xijinping"},
    {"xi_jinping", "xijinping"},
    {"  XI  JINPING. ", "xijinping"},
    {"President Xi Jinping", "xijinping"},
    {"Foreign Minister Wang Yi", "wangyi"},
    {"Prime Minister Fumio Kishida", "fumiokishida"},
    {"Dr. Mr. Smith", "smith"},
    {"The West", "west"},
    {"President", "president"},              /* a title alone is kept */
    {"Presidential Palace", "presidentialpalace"}, /* titles are whole words */
    {"Ministry of Foreign Affairs", "ministryofforeignaffairs"},
    {"China\xE2\x80\x99s foreign ministry", "chinasforeignministry"}, /* U+2019 */
    {"China\xE2\x80\x93Russia", "chinarussia"},                        /* U+2013 */
    {"\xC3\x89mile Zola", "\xC3\xA9milezola"},                         /* Latin-1 capital */
    {"\xC5\x81ukasz", "\xC5\x81ukasz"},                                /* other letters kept */
    {"\xC2\xABNATO\xC2\xBB", "nato"},                                  /* guillemets */
    {"---", ""},
};

static void test_names_are_normalised_by_case_punctuation_and_titles(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof normal_forms / sizeof normal_forms[0]; i++) {
        char out[128];
        size_t n = kg_duplicates_normalize(out, sizeof out, normal_forms[i].name,
                                           strlen(normal_forms[i].name));
        if (strcmp(out, normal_forms[i].normal) != 0 || n != strlen(normal_forms[i].normal))
            fail_msg("'%s' became '%s', expected '%s'", normal_forms[i].name, out,
                     normal_forms[i].normal);
    }
    char tiny[4];
    assert_int_equal(kg_duplicates_normalize(tiny, sizeof tiny, "Xi Jinping", 10), 9);
    assert_string_equal(tiny, "xij");
}

#define RELATIONS "source,relation,target\n"

static const struct {
    const char *what, *entities;
    size_t count;
    const char *message; /* a stored warning contains it ("" when none is expected) */
} cases[] = {
    {"a shared alias", "id,label,aliases\nputin,Vladimir Putin,Putin\nvlad,Vlad,Putin;V\n", 1,
     "entities.csv:3: warning: entity 'vlad' may be a duplicate of 'putin' (line 2): its alias equals the "
     "alias of 'putin': 'Putin'"},
    {"an alias equal to another's label", "id,label,aliases\nxi,Xi Jinping,\nxj,XJ,Xi Jinping\n", 1,
     "its alias equals the label of 'xi': 'Xi Jinping'"},
    {"a label equal to another's id", "id,label\nchina,China\nprc,china\n", 1,
     "entities.csv:3: warning: entity 'prc' may be a duplicate of 'china' (line 2): its label equals the id "
     "of 'china': 'china'"},
    {"equal labels", "id,label\na,NATO\nb,NATO\n", 1, "its label equals the label of 'a': 'NATO'"},
    {"ids differing by case and punctuation", "id,label\nxi_jinping,X\nXi-Jinping,Y\n", 1,
     "its id 'Xi-Jinping' and the id 'xi_jinping' of 'xi_jinping' differ only by case, "
     "punctuation or a title"},
    {"a title", "id,label,aliases\nwang_yi,Wang Yi,\nfm,Minister,Foreign Minister Wang Yi\n", 1,
     "entity 'fm' may be a duplicate of 'wang_yi' (line 2): its alias 'Foreign Minister Wang Yi' "
     "and the id 'wang_yi' of 'wang_yi' differ only by case, punctuation or a title"},
    {"one entity's own names never", "id,label,aliases\nxi_jinping,Xi Jinping,Xi Jinping;XI JINPING\n",
     0, ""},
    {"different names", "id,label,aliases\nchina,China,PRC\nrussia,Russia,Russian Federation\n"
                        "chinese_foreign_ministry,Chinese Foreign Ministry,\n"
                        "presidential_palace,Presidential Palace,\npresident,President,\n", 0, ""},
    {"a pair once, with the exact reason first", "id,label,aliases\nx,Alpha,alpha\ny,ALPHA,Alpha\n", 1,
     "entities.csv:3: warning: entity 'y' may be a duplicate of 'x' (line 2): its alias equals the label of "
     "'x': 'Alpha'"},
    {"names of punctuation alone are not compared", "id,label\na,--\nb,--\n", 0, ""},
};

static void test_each_rule_reports_the_pair_once_naming_both_lines(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        kg_dataset *ds;
        kg_diagnostics *diags, *found;
        size_t n = 99;
        if (tu_load(&ds, &diags, cases[i].entities, RELATIONS, NULL) != KG_OK)
            fail_msg("%s: load failed", cases[i].what);
        assert_int_equal(kg_diagnostics_new(&found, 0), KG_OK);
        assert_int_equal(kg_duplicates_check(ds, found, &n), KG_OK);
        if (n != cases[i].count || kg_diagnostics_warnings(found) != n)
            fail_msg("%s: %zu found, expected %zu", cases[i].what, n, cases[i].count);
        if (cases[i].message[0] && !tu_diag_has(found, cases[i].message)) {
            const kg_diag *g = kg_diagnostics_get(found, 0);
            fail_msg("%s: no warning with '%s'; first: %s", cases[i].what, cases[i].message,
                     g ? g->message : "(none)");
        }
        kg_diagnostics_free(found);
        kg_diagnostics_free(diags);
        kg_dataset_free(ds);
    }
}

static void test_many_entities_sharing_a_name_are_each_paired_with_the_first(void **state)
{
    (void)state;
    enum { N = 12000 }; /* 24,000 names: normalised in two threads */
    size_t cap = 64 + N * 32;
    char *text = malloc(cap);
    assert_non_null(text);
    size_t len = (size_t)snprintf(text, cap, "id,aliases\n");
    for (int i = 0; i < N; i++)
        len += (size_t)snprintf(text + len, cap - len, "e%d,Sanctions\n", i);
    kg_dataset *ds;
    kg_diagnostics *diags, *found;
    assert_int_equal(tu_load(&ds, &diags, text, RELATIONS, NULL), KG_OK);
    assert_int_equal(kg_diagnostics_new(&found, 0), KG_OK);
    size_t n;
    assert_int_equal(kg_duplicates_check(ds, found, &n), KG_OK);
    assert_int_equal(n, N - 1);
    assert_true(tu_diag_has(found, "entity 'e100' may be a duplicate of 'e0' (line 2)"));
    kg_diagnostics_free(found);
    kg_diagnostics_free(diags);
    kg_dataset_free(ds);
    free(text);
}

/* Entities with many names of one key each (runs of their own names, which the search
 * skips in one step): every entity after the first is still paired with the first, as
 * an exact match when written the same way, and no entity with itself. */
static void test_entities_with_many_names_of_one_key_are_paired_once(void **state)
{
    (void)state;
    enum { N = 5, ALIASES = 3000 };
    size_t cap = 64 + N * (ALIASES * 12 + 32);
    char *text = malloc(cap);
    assert_non_null(text);
    size_t len = (size_t)snprintf(text, cap, "id,label,aliases\n");
    for (int i = 0; i < N; i++) {
        len += (size_t)snprintf(text + len, cap - len, "e%d,E%d,", i, i);
        for (int a = 0; a < ALIASES; a++)
            len += (size_t)snprintf(text + len, cap - len, "%s%s", a ? ";" : "",
                                    i == 2 ? "S.anctions" : a % 2 ? "sanctions" : "Sanctions");
        len += (size_t)snprintf(text + len, cap - len, "\n");
    }
    kg_dataset *ds;
    kg_diagnostics *diags, *found;
    assert_int_equal(tu_load(&ds, &diags, text, RELATIONS, NULL), KG_OK);
    assert_int_equal(kg_diagnostics_new(&found, 0), KG_OK);
    size_t n;
    assert_int_equal(kg_duplicates_check(ds, found, &n), KG_OK);
    assert_int_equal(n, N - 1);
    assert_true(tu_diag_has(found, "entity 'e1' may be a duplicate of 'e0' (line 2): its alias "
                                   "equals the alias of 'e0': 'Sanctions'"));
    assert_true(tu_diag_has(found, "entity 'e2' may be a duplicate of 'e0' (line 2): its alias "
                                   "'S.anctions' and the alias 'Sanctions' of 'e0' differ only"));
    assert_true(tu_diag_has(found, "entity 'e4' may be a duplicate of 'e0'"));
    assert_false(tu_diag_has(found, "of 'e1'"));
    kg_diagnostics_free(found);
    kg_diagnostics_free(diags);
    kg_dataset_free(ds);
    free(text);
}

static void test_every_allocation_failure_ends_in_a_clean_error(void **state)
{
    (void)state;
    kg_dataset *ds;
    kg_diagnostics *diags;
    assert_int_equal(tu_load(&ds, &diags, cases[0].entities, RELATIONS, NULL), KG_OK);
    int done = 0;
    for (unsigned long n = 1; n < 1000 && !done; n++) {
        kg_diagnostics *found;
        assert_int_equal(kg_diagnostics_new(&found, 0), KG_OK);
        size_t count;
        kg_alloc__fail_after(n);
        int rc = kg_duplicates_check(ds, found, &count);
        unsigned long made = kg_alloc__fail_after(0);
        if (rc == KG_OK)
            done = made < n;
        else
            assert_int_equal(rc, KG_ENOMEM);
        kg_diagnostics_free(found);
    }
    assert_true(done);
    kg_diagnostics_free(diags);
    kg_dataset_free(ds);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names_are_normalised_by_case_punctuation_and_titles),
        cmocka_unit_test(test_each_rule_reports_the_pair_once_naming_both_lines),
        cmocka_unit_test(test_many_entities_sharing_a_name_are_each_paired_with_the_first),
        cmocka_unit_test(test_entities_with_many_names_of_one_key_are_paired_once),
        cmocka_unit_test(test_every_allocation_failure_ends_in_a_clean_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
