/* test_vocabulary.c: vocabulary.csv through the public API (src/dataset/vocab.c and its
 * hooks in load.c): the verbs and their accessors, symmetric relations as one relation in
 * id order, the warnings and errors at their lines, a directory's vocabulary.csv, and
 * allocation failures. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "base/base_internal.h"

static const char *ENT = "id,label,type\nxi,Xi Jinping,person\nputin,Vladimir Putin,person\n"
                         "china,China,country\nrussia,Russia,country\nnato,NATO,alliance\n";
static const char *VOCAB =
    "verb,meaning,source_types,target_types,symmetric,polarity,inverse,note\n"
    "meets,meets in person,person,person,yes,neutral,,x\n"
    "allies_with,is allied with,country,country,yes,positive,,\n"
    "leads,is head of,person,country|alliance,no,neutral,led_by,\n"
    "led_by,is headed by,country,person,,,leads,\n"
    "opposes,opposes,,,no,negative,,\n"
    "debates,argues with,,,no,mixed,,\n";

/* Loads ENT, relations and the vocabulary text vocab (NULL: none) from memory. */
static int load(kg_dataset **ds, kg_diagnostics **d, const char *relations, const char *vocab)
{
    kg_load_options opts;
    kg_load_options_init(&opts);
    opts.memory[KG_FILE_ENTITIES] = (kg_memory_file){"entities.csv", ENT, strlen(ENT)};
    opts.memory[KG_FILE_RELATIONS] = (kg_memory_file){"relations.csv", relations, strlen(relations)};
    if (vocab)
        opts.vocabulary_memory = (kg_memory_file){"vocabulary.csv", vocab, strlen(vocab)};
    assert_int_equal(kg_diagnostics_new(d, 0), KG_OK);
    return kg_dataset_load(ds, NULL, &opts, *d);
}

static void test_the_verbs_are_read_with_every_column(void **state)
{
    (void)state;
    kg_dataset *ds;
    kg_diagnostics *d;
    assert_int_equal(load(&ds, &d, "source,relation,target\nxi,leads,china\n", VOCAB), KG_OK);
    assert_true(kg_dataset_has_vocabulary(ds));
    assert_string_equal(kg_dataset_vocabulary_name(ds), "vocabulary.csv");
    assert_int_equal(kg_dataset_verb_count(ds), 6);
    size_t leads = kg_dataset_find_verb(ds, "leads"), led_by = kg_dataset_find_verb(ds, "led_by");
    assert_int_equal(leads, 2);
    assert_int_equal(led_by, 3);
    const kg_verb *v = kg_dataset_verb(ds, leads);
    assert_string_equal(v->verb, "leads");
    assert_string_equal(v->meaning, "is head of");
    assert_string_equal(v->source_types, "person");
    assert_string_equal(v->target_types, "country|alliance");
    assert_false(v->symmetric);
    assert_int_equal(v->polarity, KG_POLARITY_NEUTRAL);
    assert_int_equal(v->inverse, led_by);
    assert_int_equal(v->line, 4);
    assert_int_equal(kg_dataset_verb(ds, led_by)->inverse, leads);
    assert_int_equal(kg_dataset_verb(ds, led_by)->polarity, -1);
    assert_true(kg_dataset_verb(ds, 0)->symmetric);
    assert_int_equal(kg_dataset_verb(ds, 0)->inverse, KG_NONE);
    assert_int_equal(kg_dataset_verb(ds, 5)->polarity, KG_POLARITY_MIXED);
    assert_null(kg_dataset_verb(ds, 6));
    assert_null(kg_dataset_verb(ds, KG_NONE));
    assert_int_equal(kg_dataset_find_verb(ds, "Leads"), KG_NONE);
    assert_int_equal(kg_dataset_find_verb(ds, "xi"), KG_NONE); /* an entity id, not a verb */
    const kg_relation *r = kg_dataset_relation(ds, 0);
    assert_int_equal(kg_dataset_relation_verb(ds, r), leads);
    assert_false(kg_dataset_relation_symmetric(ds, r));
    assert_false(tu_diag_has(d, "relations.csv")); /* warnings: only entities in no relation */
    kg_dataset_free(ds);
    kg_diagnostics_free(d);
}

static void test_without_a_vocabulary_nothing_changes(void **state)
{
    (void)state;
    kg_dataset *ds;
    kg_diagnostics *d;
    assert_int_equal(load(&ds, &d, "source,relation,target\nxi,meets,putin\nputin,meets,xi\n"
                                   "xi,whatever,china\n", NULL),
                     KG_OK);
    assert_false(kg_dataset_has_vocabulary(ds));
    assert_string_equal(kg_dataset_vocabulary_name(ds), "");
    assert_int_equal(kg_dataset_verb_count(ds), 0);
    assert_int_equal(kg_dataset_relation_count(ds), 3);
    assert_int_equal(kg_dataset_relation_verb(ds, kg_dataset_relation(ds, 0)), KG_NONE);
    assert_false(kg_dataset_relation_symmetric(ds, kg_dataset_relation(ds, 0)));
    assert_int_equal(kg_dataset_find_relation(ds, "xi", "meets", "putin"), 0);
    assert_int_equal(kg_dataset_find_relation(ds, "putin", "meets", "xi"), 1);
    kg_dataset_free(ds);
    kg_diagnostics_free(d);
}

static void test_a_symmetric_relation_is_one_relation_in_id_order(void **state)
{
    (void)state;
    kg_dataset *ds;
    kg_diagnostics *d;
    const char *rel = "source,relation,target,doc,quote\n"
                      "xi,meets,putin,a,Xi met Putin\n"     /* line 2: reversed (putin < xi) */
                      "putin,meets,xi,b,Putin met Xi\n"     /* line 3: the other direction */
                      "xi,meets,putin,c,again\n"            /* line 4: no second warning */
                      "xi,leads,china,a,q\n"
                      "china,leads,xi,a,q\n";               /* a directional verb: two */
    assert_int_equal(load(&ds, &d, rel, VOCAB), KG_OK);
    assert_int_equal(kg_dataset_relation_count(ds), 3);
    const kg_relation *r = kg_dataset_relation(ds, 0);
    assert_string_equal(kg_dataset_entity(ds, r->source)->id, "putin");
    assert_string_equal(kg_dataset_entity(ds, r->target)->id, "xi");
    assert_int_equal(r->citation_count, 3);
    assert_int_equal(r->document_count, 3);
    assert_int_equal(r->line, 2);
    assert_true(kg_dataset_relation_symmetric(ds, r));
    /* citations in file order, whatever their direction */
    size_t c = r->first_citation;
    assert_int_equal(kg_dataset_citation(ds, c)->line, 2);
    c = kg_dataset_citation(ds, c)->next;
    assert_int_equal(kg_dataset_citation(ds, c)->line, 3);
    /* found either way round; a directional verb only as stored */
    assert_int_equal(kg_dataset_find_relation(ds, "xi", "meets", "putin"), 0);
    assert_int_equal(kg_dataset_find_relation(ds, "putin", "meets", "xi"), 0);
    assert_int_equal(kg_dataset_find_relation(ds, "xi", "leads", "china"), 1);
    assert_int_equal(kg_dataset_find_relation(ds, "china", "leads", "xi"), 2);
    assert_int_equal(kg_diagnostics_errors(d), 0);
    assert_true(tu_diag_has(d, "relations.csv:3: warning: relation 'meets' is symmetric "
                               "(vocabulary.csv) and stored in both directions: 'putin' -> "
                               "'xi' here, 'xi' -> 'putin' at line 2"));
    assert_false(tu_diag_has(d, "relations.csv:4:"));
    kg_dataset_free(ds);
    kg_diagnostics_free(d);
}

static void test_one_direction_only_is_no_warning(void **state)
{
    (void)state;
    kg_dataset *ds;
    kg_diagnostics *d;
    assert_int_equal(load(&ds, &d, "source,relation,target\nrussia,allies_with,china\n"
                                   "russia,allies_with,china\nxi,meets,xi\n",
                          VOCAB),
                     KG_OK);
    assert_int_equal(kg_dataset_relation_count(ds), 2);
    assert_string_equal(kg_dataset_entity(ds, kg_dataset_relation(ds, 0)->source)->id, "china");
    assert_false(tu_diag_has(d, "both directions"));
    kg_dataset_free(ds);
    kg_diagnostics_free(d);
}

static void test_an_unknown_verb_is_an_error_with_a_suggestion(void **state)
{
    (void)state;
    kg_dataset *ds;
    kg_diagnostics *d;
    assert_int_equal(load(&ds, &d, "source,relation,target\nxi,meet,putin\nxi,leads,china\n"
                                   "china,sanctions,russia\n",
                          VOCAB),
                     KG_EINVALID);
    assert_null(ds);
    assert_int_equal(kg_diagnostics_errors(d), 2);
    assert_true(tu_diag_has(d, "relations.csv:2: relation 'meet' is not in vocabulary.csv; "
                               "did you mean 'meets'?"));
    assert_true(tu_diag_has(d, "relations.csv:4: relation 'sanctions' is not in vocabulary.csv"));
    assert_false(tu_diag_has(d, "'sanctions' is not in vocabulary.csv;"));
    kg_diagnostics_free(d);
}

static void test_polarity_and_types_are_warnings(void **state)
{
    (void)state;
    kg_dataset *ds;
    kg_diagnostics *d;
    const char *rel = "source,relation,target,polarity,quote\n"
                      "china,allies_with,russia,neutral,a\n" /* 2: positive verb */
                      "china,opposes,nato,,b\n"              /* 3: empty is neutral */
                      "china,opposes,nato,negative,c\n"      /* 4: fine */
                      "china,debates,russia,positive,d\n"    /* 5: mixed fixes nothing */
                      "xi,leads,nato,neutral,e\n"            /* 6: alliance allowed */
                      "china,leads,xi,neutral,f\n"           /* 7: both ends wrong */
                      "xi,allies_with,russia,positive,g\n";  /* 8: symmetric, one end wrong */
    assert_int_equal(load(&ds, &d, rel, VOCAB), KG_OK);
    assert_int_equal(kg_diagnostics_errors(d), 0);
    assert_true(tu_diag_has(d, "relations.csv:2: warning: polarity 'neutral' contradicts "
                               "relation 'allies_with', which is positive in vocabulary.csv"));
    assert_true(tu_diag_has(d, "relations.csv:3: warning: polarity 'neutral' contradicts "
                               "relation 'opposes', which is negative"));
    assert_false(tu_diag_has(d, "relations.csv:4:"));
    assert_false(tu_diag_has(d, "relations.csv:5:"));
    assert_false(tu_diag_has(d, "relations.csv:6:"));
    assert_true(tu_diag_has(d, "relations.csv:7: warning: source 'china' has type 'country', "
                               "which relation 'leads' does not allow (source types in "
                               "vocabulary.csv: person)"));
    assert_true(tu_diag_has(d, "relations.csv:7: warning: target 'xi' has type 'person', "
                               "which relation 'leads' does not allow (target types in "
                               "vocabulary.csv: country|alliance)"));
    /* stored russia -> xi (id order): xi is not a country */
    assert_true(tu_diag_has(d, "relations.csv:8: warning: target 'xi' has type 'person', which "
                               "relation 'allies_with' does not allow"));
    assert_false(tu_diag_has(d, "relations.csv:8: warning: source"));
    kg_dataset_free(ds);
    kg_diagnostics_free(d);
}

/* Loads relations "xi,leads,china" with vocabulary text vocab; checks the load fails with
 * an error containing want. */
static void expect_vocab_error(const char *vocab, const char *want)
{
    kg_dataset *ds;
    kg_diagnostics *d;
    assert_int_equal(load(&ds, &d, "source,relation,target\nxi,leads,china\n", vocab),
                     KG_EINVALID);
    assert_null(ds);
    if (!tu_diag_has(d, want)) {
        for (size_t i = 0; i < kg_diagnostics_count(d); i++)
            print_error("got: %s\n", kg_diagnostics_get(d, i)->message);
        fail_msg("expected: %s", want);
    }
    kg_diagnostics_free(d);
}

static void test_errors_in_the_vocabulary_are_at_its_lines(void **state)
{
    (void)state;
    expect_vocab_error("verb\nleads\nleads\n", "vocabulary.csv:3: duplicate verb 'leads' (first "
                                               "defined at line 2)");
    expect_vocab_error("verb,symmetric\nleads,true\n", "vocabulary.csv:2: symmetric 'true' is "
                                                       "not yes or no");
    /* polarity without case, as in relations.csv (docs/dataset.md), but only those four */
    expect_vocab_error("verb,polarity\nleads,good\n", "vocabulary.csv:2: polarity "
                                                      "'good' is not positive, negative, "
                                                      "neutral or mixed");
    expect_vocab_error("verb,inverse\nleads,lead_by\nled_by,\n",
                       "vocabulary.csv:2: inverse 'lead_by' is not a verb of the vocabulary; "
                       "did you mean 'led_by'?");
    expect_vocab_error("meaning\nx\n", "vocabulary.csv:1: missing required column 'verb'");
    expect_vocab_error("verb,verb\nleads,leads\n", "vocabulary.csv:1: duplicate column 'verb'");
    expect_vocab_error("verb\n\"leads\n", "vocabulary.csv:2:");
    expect_vocab_error("", "vocabulary.csv");
    expect_vocab_error("verb\nle\x01" "ads\n", "vocabulary.csv:2:");
}

static void test_a_directory_s_vocabulary_csv_is_read(void **state)
{
    (void)state;
    char *dir = tu_mkdtemp();
    tu_write(dir, "entities.csv", ENT);
    tu_write(dir, "relations.csv", "source,relation,target\nxi,meets,putin\nputin,meets,xi\n");
    kg_dataset *ds;
    kg_diagnostics *d;
    assert_int_equal(kg_diagnostics_new(&d, 0), KG_OK);
    assert_int_equal(kg_dataset_load(&ds, dir, NULL, d), KG_OK);
    assert_false(kg_dataset_has_vocabulary(ds));
    assert_int_equal(kg_dataset_relation_count(ds), 2);
    kg_dataset_free(ds);
    tu_write(dir, "vocabulary.csv", VOCAB);
    assert_int_equal(kg_dataset_load(&ds, dir, NULL, d), KG_OK);
    assert_true(kg_dataset_has_vocabulary(ds));
    assert_non_null(strstr(kg_dataset_vocabulary_name(ds), "vocabulary.csv"));
    assert_int_equal(kg_dataset_relation_count(ds), 1);
    kg_dataset_free(ds);
    /* a vocabulary named explicitly wins over the directory's */
    tu_write(dir, "other.csv", "verb\nmeets\n");
    kg_load_options opts;
    kg_load_options_init(&opts);
    char path[4096];
    snprintf(path, sizeof path, "%s/other.csv", dir);
    opts.vocabulary_path = path;
    assert_int_equal(kg_dataset_load(&ds, dir, &opts, d), KG_OK);
    assert_int_equal(kg_dataset_verb_count(ds), 1);
    assert_int_equal(kg_dataset_relation_count(ds), 2); /* not symmetric there */
    kg_dataset_free(ds);
    /* a named vocabulary that does not exist is an error */
    snprintf(path, sizeof path, "%s/missing.csv", dir);
    assert_int_not_equal(kg_dataset_load(&ds, dir, &opts, d), KG_OK);
    assert_null(ds);
    kg_diagnostics_free(d);
    tu_rmtree(dir);
}

/* A diff of two in-memory versions (ENT, rel_o / rel_n, both with VOCAB) by method; its
 * JSON in *json (free()). Returns the diff (kg_diff_free). */
static kg_diff *diff_versions(const char *rel_o, const char *rel_n, kg_diff_method method,
                              char **json)
{
    kg_load_options lo[2];
    const char *rel[2] = {rel_o, rel_n};
    kg_diff_input in[2];
    for (int i = 0; i < 2; i++) {
        kg_load_options_init(&lo[i]);
        lo[i].memory[KG_FILE_ENTITIES] = (kg_memory_file){"entities.csv", ENT, strlen(ENT)};
        lo[i].memory[KG_FILE_RELATIONS] = (kg_memory_file){"relations.csv", rel[i], strlen(rel[i])};
        lo[i].vocabulary_memory = (kg_memory_file){"vocabulary.csv", VOCAB, strlen(VOCAB)};
        in[i] = (kg_diff_input){NULL, &lo[i], NULL};
    }
    kg_diff_options opts;
    kg_diff_options_init(&opts);
    opts.method = method;
    kg_diff *d = NULL;
    assert_int_equal(kg_diff_load(&d, &in[0], &in[1], &opts), KG_OK);
    size_t len = 0;
    FILE *f = open_memstream(json, &len);
    assert_non_null(f);
    kg_diff_write_options wo = {KG_DIFF_JSON, 0, NULL};
    assert_int_equal(kg_diff_write(d, &wo, f), KG_OK);
    fclose(f);
    return d;
}

static void test_both_diff_methods_agree_with_a_vocabulary(void **state)
{
    (void)state;
    const char *rel_o = "source,relation,target,doc,quote\nxi,meets,putin,a,met\n"
                        "xi,leads,china,a,q\n";
    /* the same meeting written the other way round, and a second citation reversed */
    const char *rel_n = "source,relation,target,doc,quote\nputin,meets,xi,a,met\n"
                        "xi,leads,china,a,q\nxi,meets,putin,b,again\n";
    char *js = NULL, *jm = NULL;
    kg_diff *ds = diff_versions(rel_o, rel_n, KG_DIFF_SCAN, &js);
    kg_diff *dm = diff_versions(rel_o, rel_n, KG_DIFF_MODEL, &jm);
    assert_string_equal(js, jm);
    assert_int_equal(kg_diff_method_used(ds), KG_DIFF_MODEL); /* the scan gave way */
    assert_int_equal(kg_diff_relation_count(dm), 1);
    const kg_relation_change *c = kg_diff_relation(dm, 0);
    assert_int_equal(c->change, KG_CHANGE_CHANGED);
    assert_string_equal(c->source, "putin");
    assert_string_equal(c->target, "xi");
    assert_int_equal(c->citation_count, 1); /* only the new citation */
    kg_diff_free(ds);
    kg_diff_free(dm);
    free(js);
    free(jm);
}

/* One load with the n-th allocation failing (0: none). */
static int load_with_failure(unsigned long n, kg_dataset **ds)
{
    kg_load_options opts;
    const char *rel = "source,relation,target\nxi,meets,putin\nputin,meets,xi\nxi,leads,china\n";
    kg_load_options_init(&opts);
    opts.memory[KG_FILE_ENTITIES] = (kg_memory_file){"entities.csv", ENT, strlen(ENT)};
    opts.memory[KG_FILE_RELATIONS] = (kg_memory_file){"relations.csv", rel, strlen(rel)};
    opts.vocabulary_memory = (kg_memory_file){"vocabulary.csv", VOCAB, strlen(VOCAB)};
    kg_alloc__fail_after(0);
    kg_alloc__fail_after(n);
    return kg_dataset_load(ds, NULL, &opts, NULL);
}

static void test_every_allocation_failure_ends_in_a_clean_error(void **state)
{
    (void)state;
    kg_dataset *ds;
    assert_int_equal(load_with_failure(0, &ds), KG_OK);
    unsigned long total = kg_alloc__fail_after(0);
    kg_dataset_free(ds);
    assert_true(total > 10);
    for (unsigned long n = 1; n <= total; n++) {
        int rc = load_with_failure(n, &ds);
        kg_alloc__fail_after(0);
        if (rc == KG_OK) {
            assert_int_equal(kg_dataset_relation_count(ds), 2);
            assert_int_equal(kg_dataset_citation_count(ds), 3);
            kg_dataset_free(ds);
            continue;
        }
        assert_int_equal(rc, KG_ENOMEM);
        assert_null(ds);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_verbs_are_read_with_every_column),
        cmocka_unit_test(test_without_a_vocabulary_nothing_changes),
        cmocka_unit_test(test_a_symmetric_relation_is_one_relation_in_id_order),
        cmocka_unit_test(test_one_direction_only_is_no_warning),
        cmocka_unit_test(test_an_unknown_verb_is_an_error_with_a_suggestion),
        cmocka_unit_test(test_polarity_and_types_are_warnings),
        cmocka_unit_test(test_errors_in_the_vocabulary_are_at_its_lines),
        cmocka_unit_test(test_a_directory_s_vocabulary_csv_is_read),
        cmocka_unit_test(test_both_diff_methods_agree_with_a_vocabulary),
        cmocka_unit_test(test_every_allocation_failure_ends_in_a_clean_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
