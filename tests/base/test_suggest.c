/* test_suggest.c: the edit distance and the nearest-name search behind "did you mean". */
#include <string.h>

#include "testutil.h"
#include "kgraph/suggest.h"

static void test_distance(void **state)
{
    (void)state;
    assert_int_equal(kg_edit_distance("russia", "russia", 3), 0);
    assert_int_equal(kg_edit_distance("rusia", "russia", 3), 1);
    assert_int_equal(kg_edit_distance("Russia", "russia", 3), 0);   /* ASCII case folds */
    assert_int_equal(kg_edit_distance("foucs", "focus", 3), 1);     /* a swap costs 1 */
    assert_int_equal(kg_edit_distance("kitten", "sitting", 5), 3);
    assert_int_equal(kg_edit_distance("", "abc", 5), 3);
    assert_int_equal(kg_edit_distance(NULL, "", 5), 0);
    assert_int_equal(kg_edit_distance("abcdef", "uvwxyz", 2), 3);   /* limit + 1 */
    assert_int_equal(kg_edit_distance("a", "abcdefgh", 2), 3);      /* length alone */
}

static void test_distance_long_names(void **state)
{
    (void)state;
    char a[200], b[200];
    memset(a, 'x', sizeof a - 1);
    a[sizeof a - 1] = '\0';
    memcpy(b, a, sizeof b);
    assert_int_equal(kg_edit_distance(a, b, 3), 0);
    b[150] = '\0';
    assert_int_equal(kg_edit_distance(a, b, 3), 4);
    memcpy(b, a, sizeof b);
    b[198] = '\0';
    assert_int_equal(kg_edit_distance(a, b, 3), 1);
}

static void test_suggest(void **state)
{
    (void)state;
    const char *columns[] = {"source", "target", "relation", "quote", "doc_id", "polarity"};
    assert_string_equal(kg_suggest("quotes", columns, 6), "quote");   /* plural */
    assert_string_equal(kg_suggest("polarty", columns, 6), "polarity");
    assert_string_equal(kg_suggest("Targte", columns, 6), "target");
    assert_null(kg_suggest("confidence", columns, 6));
    assert_null(kg_suggest("", columns, 6));
    const char *ids[] = {"russia", "china", "ukraine", "us"};
    assert_string_equal(kg_suggest("rusia", ids, 4), "russia");
    assert_null(kg_suggest("xi", ids, 4));        /* 2 letters: 1 edit at most */
    assert_string_equal(kg_suggest("uss", ids, 4), "us");
}

static void test_suggest_order_independent(void **state)
{
    (void)state;
    const char *ab[] = {"cab", "bab"}, *ba[] = {"bab", "cab"};
    assert_string_equal(kg_suggest("aab", ab, 2), "bab");
    assert_string_equal(kg_suggest("aab", ba, 2), "bab");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_distance),
        cmocka_unit_test(test_distance_long_names),
        cmocka_unit_test(test_suggest),
        cmocka_unit_test(test_suggest_order_independent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
