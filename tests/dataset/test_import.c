/* test_import.c: spreadsheets as users have them (issue 17): delimiters, synonyms and
 * typos in headers, dates in other forms; the diff scan reads them as the loader does. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "base/base_internal.h"
#include "dataset/dataset_internal.h"

/* Loads entities e and relations r from memory with delimiter d (0: detect); returns the
 * status and the diagnostics as one text ("FILE:LINE: message\n"..., free()). */
static int load(const char *e, const char *r, char d, kg_dataset **ds, char **messages)
{
    kg_load_options o;
    kg_diagnostics *diags;
    kg_load_options_init(&o);
    o.memory[KG_FILE_ENTITIES] = (kg_memory_file){"entities.csv", e, strlen(e)};
    o.memory[KG_FILE_RELATIONS] = (kg_memory_file){"relations.csv", r, strlen(r)};
    o.delimiter = d;
    assert_int_equal(kg_diagnostics_new(&diags, 0), KG_OK);
    int rc = kg_dataset_load(ds, "/dev/null", &o, diags);
    size_t size = 0;
    FILE *f = open_memstream(messages, &size);
    assert_non_null(f);
    kg_diagnostics_print(diags, f, "kgraph", 1);
    fclose(f);
    kg_diagnostics_free(diags);
    return rc;
}

static void the_delimiter_is_the_one_the_header_holds_most_outside_quotes(void **state)
{
    (void)state;
    assert_int_equal(kg_csv__detect_delimiter("id,label\n", 9), ',');
    assert_int_equal(kg_csv__detect_delimiter("\xEF\xBB\xBFid;label;type\r\na,b;c", 21), ';');
    assert_int_equal(kg_csv__detect_delimiter("id\tlabel\n", 9), '\t');
    assert_int_equal(kg_csv__detect_delimiter("id|label|x\n", 11), '|');
    assert_int_equal(kg_csv__detect_delimiter("\"a,b,c\";\"d\"\n", 12), ';');
    assert_int_equal(kg_csv__detect_delimiter("id\n1,2,3,4\n", 11), ',');     /* header only */
    assert_int_equal(kg_csv__detect_delimiter("a;b,c\n", 6), ',');            /* tie: comma */
    assert_int_equal(kg_csv__detect_delimiter("", 0), ',');
    assert_true(kg_csv__is_tsv("x/links.TSV"));
    assert_false(kg_csv__is_tsv("links.csv"));
}

static void semicolon_files_load_like_comma_files(void **state)
{
    (void)state;
    kg_dataset *ds;
    char *msg;
    assert_int_equal(load("\xEF\xBB\xBFID;Name\r\na;\"A; the first\"\r\nb;B\r\n",
                          "Source;Relationship;Target\r\na;knows;b\r\n", 0, &ds, &msg), KG_OK);
    assert_string_equal(msg, "");
    assert_string_equal(kg_dataset_entity(ds, 0)->label, "A; the first");
    assert_string_equal(kg_dataset_relation(ds, 0)->relation, "knows");
    kg_dataset_free(ds);
    free(msg);
    /* forced wrong: the error names the header's delimiter */
    assert_int_equal(load("id;label\na;A\n", "source;relation;target\na;r;a\n", ',', &ds, &msg),
                     KG_EINVALID);
    assert_non_null(strstr(msg, "entities.csv:1: missing required column 'id'; the headers "
                                "found are 'id;label'"));
    assert_non_null(strstr(msg, "use --delimiter ';'"));
    free(msg);
}

static void headers_match_ignoring_case_space_and_by_synonym(void **state)
{
    (void)state;
    kg_dataset *ds;
    char *msg;
    assert_int_equal(load(" ID ,NAME,Kind\na,A,person\nb,B,country\n",
                          "From,Verb,To,Type of thing\na,meets,b,x\n", 0, &ds, &msg), KG_OK);
    assert_string_equal(msg, "");
    const kg_entity *e = kg_dataset_entity(ds, 0);
    assert_string_equal(e->label, "A");
    assert_string_equal(e->type, "person");
    const kg_relation *r = kg_dataset_relation(ds, 0);
    assert_string_equal(r->relation, "meets");
    assert_string_equal(kg_dataset_entity(ds, r->target)->id, "b");
    kg_dataset_free(ds);
    free(msg);
    /* "Type" in relations.csv is the relation, in entities.csv the type */
    assert_int_equal(load("id,type\na,person\n", "source,type,target\na,self,a\n", 0, &ds, &msg),
                     KG_OK);
    assert_string_equal(kg_dataset_entity(ds, 0)->type, "person");
    assert_string_equal(kg_dataset_relation(ds, 0)->relation, "self");
    kg_dataset_free(ds);
    free(msg);
    /* the canonical name wins over a synonym: Name stays an extra column */
    assert_int_equal(load("id,label,name\na,A,Other\n", "source,relation,target\na,r,a\n", 0, &ds,
                          &msg), KG_OK);
    assert_string_equal(kg_dataset_entity(ds, 0)->label, "A");
    kg_dataset_free(ds);
    free(msg);
}

static void a_header_near_a_known_column_is_a_warning(void **state)
{
    (void)state;
    kg_dataset *ds;
    char *msg;
    assert_int_equal(load("id,labels\na,A\n", "source,relation,target,quotes,polarty\na,r,a,q,\n",
                          0, &ds, &msg), KG_OK);
    assert_non_null(strstr(msg, "entities.csv:1: warning: column 'labels' is not one kgraph "
                                "reads; did you mean 'label'?"));
    assert_non_null(strstr(msg, "relations.csv:1: warning: column 'quotes' is not one kgraph "
                                "reads; did you mean 'quote'?"));
    assert_non_null(strstr(msg, "column 'polarty' is not one kgraph reads; did you mean "
                                "'polarity'?"));
    kg_dataset_free(ds);
    free(msg);
    /* not when the column is there already */
    assert_int_equal(load("id,label,labels\na,A,x\n", "source,relation,target\na,r,a\n", 0, &ds,
                          &msg), KG_OK);
    assert_null(strstr(msg, "did you mean"));
    kg_dataset_free(ds);
    free(msg);
}

static void dates_written_otherwise_get_their_iso_form(void **state)
{
    (void)state;
    char hint[200];
    assert_true(kg_date__hint("2022/03/02", hint, sizeof hint));
    assert_string_equal(hint, "write 2022-03-02");
    assert_true(kg_date__hint("13/02/2022", hint, sizeof hint));
    assert_string_equal(hint, "write 2022-02-13");
    assert_true(kg_date__hint("02/13/2022", hint, sizeof hint));
    assert_string_equal(hint, "write 2022-02-13");
    assert_true(kg_date__hint("03/02/2022", hint, sizeof hint));
    assert_string_equal(hint, "write 2022-02-03 if it is day 3 of february, or 2022-03-02 if "
                              "it is march 2 (the day and month order is ambiguous)");
    assert_true(kg_date__hint("05.05.2022", hint, sizeof hint));
    assert_string_equal(hint, "write 2022-05-05");
    assert_true(kg_date__hint("March 2022", hint, sizeof hint));
    assert_string_equal(hint, "write 2022-03");
    assert_true(kg_date__hint("Sept. 2021", hint, sizeof hint));
    assert_string_equal(hint, "write 2021-09");
    assert_true(kg_date__hint("3 March 2022", hint, sizeof hint));
    assert_string_equal(hint, "write 2022-03-03");
    assert_true(kg_date__hint("March 3, 2022", hint, sizeof hint));
    assert_string_equal(hint, "write 2022-03-03");
    assert_true(kg_date__hint("2022-3", hint, sizeof hint));
    assert_string_equal(hint, "write 2022-03");
    assert_false(kg_date__hint("31/02/2022", hint, sizeof hint)); /* no such day either way */
    assert_false(kg_date__hint("soon", hint, sizeof hint));
    assert_false(kg_date__hint("Marchy 2022", hint, sizeof hint));
    assert_false(kg_date__hint("2022/13/01", hint, sizeof hint));
    assert_string_equal(hint, "");
}

/* The scan reads what the loader reads: semicolons, tabs, synonyms, case. */
static void the_diff_scan_reads_other_delimiters_and_headers(void **state)
{
    (void)state;
    static const char *const ent[] = {"id,label\na,A\nb,B\n", "ID;Label\r\na;A\r\nb;B\r\n",
                                      "Id\tName\na\tA\nb\tB\n", "id|label\na|A\nb|B\n"};
    static const char *const rel[] = {"source,relation,target\na,knows,b\n",
                                      "From;Verb;To\r\na;knows;b\r\n",
                                      "Subject\tPredicate\tObject\na\tknows\tb\n",
                                      "source|relation|target\na|knows|b\n"};
    for (size_t i = 0; i < 4; i++)
        for (size_t j = 0; j < 4; j++) {
            kg_load_options lo, ln;
            kg_load_options_init(&lo);
            kg_load_options_init(&ln);
            lo.memory[KG_FILE_ENTITIES] = (kg_memory_file){"entities.csv", ent[i], strlen(ent[i])};
            lo.memory[KG_FILE_RELATIONS] = (kg_memory_file){"relations.csv", rel[i], strlen(rel[i])};
            ln.memory[KG_FILE_ENTITIES] = (kg_memory_file){"entities.csv", ent[j], strlen(ent[j])};
            ln.memory[KG_FILE_RELATIONS] = (kg_memory_file){"relations.csv", rel[j], strlen(rel[j])};
            kg_diff_input io = {"/dev/null", &lo, NULL}, in = {"/dev/null", &ln, NULL};
            kg_diff_options opts;
            kg_diff_options_init(&opts);
            opts.method = KG_DIFF_SCAN;
            kg_diff *d = NULL;
            assert_int_equal(kg_diff_load(&d, &io, &in, &opts), KG_OK);
            assert_int_equal(kg_diff_method_used(d), KG_DIFF_SCAN);
            assert_int_equal(kg_diff_relation_count(d), 0);
            assert_int_equal(kg_diff_entity_count(d), 0);
            kg_diff_free(d);
        }
}

/* Loads an edge list (relations only) with the n-th allocation failing. */
static int edge_list_with_failure(unsigned long n, kg_dataset **ds)
{
    static const char rel[] = "From;To;Verb\na;b;knows\nb;c;likes\nc;a;knows\n";
    kg_load_options o;
    kg_load_options_init(&o);
    o.memory[KG_FILE_RELATIONS] = (kg_memory_file){"links.csv", rel, strlen(rel)};
    kg_alloc__fail_after(n);
    return kg_dataset_load(ds, "/dev/null", &o, NULL);
}

static void an_edge_list_makes_its_entities_and_survives_allocation_failures(void **state)
{
    (void)state;
    kg_dataset *ds;
    assert_int_equal(edge_list_with_failure(0, &ds), KG_OK);
    unsigned long total = kg_alloc__fail_after(0);
    assert_int_equal(kg_dataset_entity_count(ds), 3);
    assert_int_equal(kg_dataset_created_entity_count(ds), 3);
    assert_string_equal(kg_dataset_entity(ds, 2)->label, "c");
    assert_string_equal(kg_dataset_column_name(ds, KG_FILE_ENTITIES, 0), "id");
    assert_string_equal(kg_dataset_cell(ds, KG_FILE_ENTITIES, 1, 1), "b");
    kg_dataset_free(ds);
    for (unsigned long n = 1; n <= total; n++) {
        int rc = edge_list_with_failure(n, &ds);
        kg_alloc__fail_after(0);
        if (rc == KG_OK) {
            assert_int_equal(kg_dataset_entity_count(ds), 3);
            kg_dataset_free(ds);
        } else {
            assert_int_equal(rc, KG_ENOMEM);
            assert_null(ds);
        }
    }
}

static void kgraph_ini_and_init_survive_allocation_failures(void **state)
{
    (void)state;
    char *dir = tu_mkdtemp();
    char path[4096];
    tu_write(dir, "people.csv", "Name|Kind\na|x\n");
    tu_write(dir, "links.csv", "Actor|Verb|Counterpart\na|r|a\n");
    snprintf(path, sizeof path, "%s/kgraph.ini", dir);
    assert_int_equal(kg_config_init(dir, 0, NULL), KG_OK);
    kg_config *cfg;
    kg_alloc__fail_after(0);
    assert_int_equal(kg_config_load(&cfg, path, NULL), KG_OK);
    unsigned long total = kg_alloc__fail_after(0);
    kg_load_options o;
    kg_load_options_init(&o);
    assert_int_equal(kg_config_apply(cfg, &o), KG_OK);
    assert_int_equal(o.delimiter, '|');
    assert_non_null(o.paths[KG_FILE_RELATIONS]);
    assert_non_null(strstr(o.paths[KG_FILE_RELATIONS], "links.csv"));
    kg_config_free(cfg);
    for (unsigned long n = 1; n <= total; n++) {
        kg_alloc__fail_after(n);
        int rc = kg_config_load(&cfg, path, NULL);
        kg_alloc__fail_after(0);
        assert_true(rc == KG_OK || rc == KG_ENOMEM);
        kg_config_free(cfg);
    }
    for (unsigned long n = 1; n <= 200; n++) {
        kg_alloc__fail_after(n);
        int rc = kg_config_init(dir, 1, NULL);
        kg_alloc__fail_after(0);
        assert_true(rc == KG_OK || rc == KG_ENOMEM);
    }
    tu_rmtree(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_delimiter_is_the_one_the_header_holds_most_outside_quotes),
        cmocka_unit_test(semicolon_files_load_like_comma_files),
        cmocka_unit_test(headers_match_ignoring_case_space_and_by_synonym),
        cmocka_unit_test(a_header_near_a_known_column_is_a_warning),
        cmocka_unit_test(dates_written_otherwise_get_their_iso_form),
        cmocka_unit_test(the_diff_scan_reads_other_delimiters_and_headers),
        cmocka_unit_test(an_edge_list_makes_its_entities_and_survives_allocation_failures),
        cmocka_unit_test(kgraph_ini_and_init_survive_allocation_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
