/* test_side.c: the two sides of a diff as a command line names them (kg_diff_sides_*):
 * directories, single files, /dev/null, mismatches, git's external-diff files, size limits,
 * and the inputs they register (kg_output_add_dataset_inputs). */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ENT "id,label\na,A\nb,B\n"
#define REL "source,relation,target\na,meets,b\n"

/* A temporary dataset directory with entities.csv and relations.csv; caller tu_rmtree's. */
static char *dataset(void)
{
    char *dir = strdup(tu_mkdtemp());
    tu_write(dir, "entities.csv", ENT);
    tu_write(dir, "relations.csv", REL);
    return dir;
}

static void test_directories_files_and_dev_null(void **state)
{
    (void)state;
    char *dir = dataset(), path[1024];
    kg_diff_sides *s = NULL;
    kg_diff_input oi = {0}, ni = {0};
    kg_diff_options o;
    kg_diff *diff = NULL;

    assert_int_equal(kg_diff_sides_open(&s, dir, dir, NULL), KG_OK);
    assert_int_equal(kg_diff_sides_kind(s), KG_DIFF_ALL);
    kg_diff_options_init(&o);
    kg_diff_sides_inputs(s, &oi, &ni, &o);
    assert_string_equal(oi.dir, dir);
    assert_int_equal(o.single_file, 0);
    assert_int_equal(kg_diff_load(&diff, &oi, &ni, &o), KG_OK);
    assert_true(kg_diff_is_empty(diff));
    kg_diff_free(diff);
    kg_diff_sides_free(s);

    /* /dev/null against a dataset: everything added */
    assert_int_equal(kg_diff_sides_open(&s, "/dev/null", dir, NULL), KG_OK);
    kg_diff_sides_inputs(s, &oi, &ni, &o);
    assert_int_equal(kg_diff_load(&diff, &oi, &ni, &o), KG_OK);
    kg_diff_totals t;
    kg_diff_totals_get(diff, &t);
    assert_int_equal(t.entities[KG_CHANGE_ADDED], 2);
    assert_int_equal(t.relations[KG_CHANGE_ADDED], 1);
    kg_diff_free(diff);
    kg_diff_sides_free(s);

    /* one file against /dev/null: only that file, compared alone */
    snprintf(path, sizeof path, "%s/relations.csv", dir);
    assert_int_equal(kg_diff_sides_open(&s, path, "/dev/null", NULL), KG_OK);
    assert_int_equal(kg_diff_sides_kind(s), KG_DIFF_RELATIONS);
    kg_diff_sides_inputs(s, &oi, &ni, &o);
    assert_int_equal(o.single_file, 1);
    assert_int_equal(o.kinds, KG_DIFF_RELATIONS);
    assert_int_equal(kg_diff_load(&diff, &oi, &ni, &o), KG_OK);
    kg_diff_totals_get(diff, &t);
    assert_int_equal(t.relations[KG_CHANGE_REMOVED], 1);
    kg_diff_free(diff);
    kg_diff_sides_free(s);

    /* what cannot be compared, or read */
    assert_int_equal(kg_diff_sides_open(&s, path, dir, NULL), KG_EUSAGE);
    assert_null(s);
    assert_non_null(strstr(kg_last_error(), "cannot compare relations.csv with a dataset"));
    assert_int_equal(kg_diff_sides_open(&s, "/dev/null", "/dev/null", NULL), KG_EUSAGE);
    snprintf(path, sizeof path, "%s/no-such-dir", dir);
    assert_int_equal(kg_diff_sides_open(&s, dir, path, NULL), KG_EIO);
    tu_write(dir, "notes.txt", "x\n");
    snprintf(path, sizeof path, "%s/notes.txt", dir);
    assert_int_equal(kg_diff_sides_open(&s, path, path, NULL), KG_EINVALID);
    assert_null(s);
    tu_rmtree(dir);
    free(dir);
}

static void test_git_files_are_read_now_and_named(void **state)
{
    (void)state;
    char *dir = dataset(), path[1024];
    kg_diff_sides *s = NULL;
    kg_diff_input oi = {0}, ni = {0};
    kg_diff_options o;
    kg_diff *diff = NULL;
    kg_load_options lo;
    snprintf(path, sizeof path, "%s/relations.csv", dir);
    assert_int_equal(kg_diff_file_kind("data/x_relations.csv"), KG_FILE_RELATIONS);
    assert_int_equal(kg_diff_file_kind("notes.txt"), -1);
    assert_int_equal(kg_diff_sides_open_files(&s, "/dev/null", "a/data/relations.csv", path,
                                              "b/data/relations.csv", NULL), KG_OK);
    kg_diff_options_init(&o);
    kg_diff_sides_inputs(s, &oi, &ni, &o);
    assert_int_equal(o.single_file, 1);
    assert_non_null(ni.load->memory[KG_FILE_RELATIONS].data); /* read already */
    assert_string_equal(ni.load->memory[KG_FILE_RELATIONS].name, "b/data/relations.csv");
    assert_int_equal(kg_diff_load(&diff, &oi, &ni, &o), KG_OK);
    assert_false(kg_diff_is_empty(diff));
    kg_diff_free(diff);
    kg_diff_sides_free(s);

    /* over the size limit: refused unread, naming the file as git's path */
    kg_load_options_init(&lo);
    lo.max_file_bytes = 8;
    assert_int_equal(kg_diff_sides_open_files(&s, path, "a/r_relations.csv", path,
                                              "b/r_relations.csv", &lo), KG_ELIMIT);
    assert_non_null(strstr(kg_last_error(), "a/r_relations.csv"));
    assert_int_equal(kg_diff_sides_open_files(&s, path, "a/notes.txt", path, "b/notes.txt", NULL),
                     KG_EUSAGE);
    tu_rmtree(dir);
    free(dir);
}

static void test_inputs_of_both_sides_are_refused_as_outputs(void **state)
{
    (void)state;
    char *old = dataset(), *new = dataset(), path[1024];
    kg_diff_sides *s = NULL;
    kg_diff_input oi = {0}, ni = {0};
    kg_diff_options o;
    kg_output *out = NULL;
    kg_output_clear_inputs();
    assert_int_equal(kg_diff_sides_open(&s, old, new, NULL), KG_OK);
    kg_diff_options_init(&o);
    kg_diff_sides_inputs(s, &oi, &ni, &o);
    assert_int_equal(kg_output_add_dataset_inputs(oi.dir, oi.load, 0), KG_OK);
    assert_int_equal(kg_output_add_dataset_inputs(ni.dir, ni.load, 0), KG_OK);
    const char *dirs[2] = {old, new};
    for (int i = 0; i < 2; i++) {
        snprintf(path, sizeof path, "%s/entities.csv", dirs[i]);
        assert_int_equal(kg_output_open(&out, path), KG_EUSAGE);
        snprintf(path, sizeof path, "%s/sources.csv", dirs[i]); /* absent, but read if made */
        assert_int_equal(kg_output_open(&out, path), KG_EUSAGE);
    }
    snprintf(path, sizeof path, "%s/diff.txt", old);
    assert_int_equal(kg_output_open(&out, path), KG_OK);
    kg_output_abort(out);
    kg_output_clear_inputs();
    kg_diff_sides_free(s);
    tu_rmtree(old);
    tu_rmtree(new);
    free(old);
    free(new);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_directories_files_and_dev_null),
        cmocka_unit_test(test_git_files_are_read_now_and_named),
        cmocka_unit_test(test_inputs_of_both_sides_are_refused_as_outputs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
