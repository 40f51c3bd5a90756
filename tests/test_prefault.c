/* test_prefault.c: the page-mapping helper thread never changes what the program computes. */
#include "testutil.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/render_internal.h"
#include "../src/prefault.h"

/* Many small blocks, each filled with a pattern of its own while the helper runs, then
 * checked: the helper may map pages in, but must never alter a byte. */
static void test_memory_written_while_the_helper_runs_keeps_its_contents(void **state)
{
    (void)state;
    assert_int_equal(setenv("KGRAPH_PREFAULT", "1", 1), 0);
    kg_prefault *pf = kg_prefault_start(0);
    unsetenv("KGRAPH_PREFAULT");
    enum { BLOCKS = 200000, SIZE = 200 }; /* 40 MB in allocations the main heap serves */
    unsigned char **blocks = calloc(BLOCKS, sizeof *blocks);
    assert_non_null(blocks);
    for (size_t i = 0; i < BLOCKS; i++) {
        blocks[i] = malloc(SIZE);
        assert_non_null(blocks[i]);
        memset(blocks[i], (int)(i * 131 % 251), SIZE);
    }
    kg_prefault_stop(pf);
    for (size_t i = 0; i < BLOCKS; i++) {
        for (size_t k = 0; k < SIZE; k++)
            if (blocks[i][k] != (unsigned char)(i * 131 % 251))
                fail_msg("block %zu byte %zu changed", i, k);
        free(blocks[i]);
    }
    free(blocks);
}

static void test_the_helper_is_off_for_small_graphs_and_when_turned_off(void **state)
{
    (void)state;
    unsetenv("KGRAPH_PREFAULT");
    assert_null(kg_prefault_start(KG_PREFAULT_MIN_RELATIONS - 1));
    assert_int_equal(setenv("KGRAPH_PREFAULT", "0", 1), 0);
    assert_null(kg_prefault_start(10u * KG_PREFAULT_MIN_RELATIONS));
    unsetenv("KGRAPH_PREFAULT");
    kg_prefault_stop(NULL); /* does nothing */
}

/* The DOT of the bundled dataset, built with the helper forced on or off (free()). */
static char *bundled_dot(const char *prefault)
{
    assert_int_equal(setenv("KGRAPH_PREFAULT", prefault, 1), 0);
    kg_dataset *ds = NULL;
    assert_int_equal(kg_dataset_load(&ds, KGRAPH_SOURCE_DIR "/data", NULL, NULL), KG_OK);
    Agraph_t *g = NULL;
    assert_int_equal(kg_graph_build(&g, ds, NULL, NULL), KG_OK);
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    assert_non_null(mem);
    assert_int_equal(kg_dot_write(g, mem), KG_OK);
    assert_int_equal(fclose(mem), 0);
    kg_graph_free(g);
    kg_dataset_free(ds);
    unsetenv("KGRAPH_PREFAULT");
    return text;
}

static void test_a_graph_built_with_the_helper_is_written_as_the_same_bytes(void **state)
{
    (void)state;
    char *with = bundled_dot("1"), *without = bundled_dot("0");
    assert_string_equal(with, without);
    free(with);
    free(without);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_memory_written_while_the_helper_runs_keeps_its_contents),
        cmocka_unit_test(test_the_helper_is_off_for_small_graphs_and_when_turned_off),
        cmocka_unit_test(test_a_graph_built_with_the_helper_is_written_as_the_same_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
