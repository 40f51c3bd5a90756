/* test_load.c: loading and validating datasets (src/dataset/load.c, csvread.c, src/base/utf8.c). */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "base/base_internal.h"

static const char *ENT = "id,label,type\nxi,Xi Jinping,person\nputin,Vladimir Putin,person\nchina,,country\n";

/* ---- good input ------------------------------------------------------------------- */

static void test_minimal_dataset_loads_with_label_defaulting_to_id(void **state)
{
    (void)state;
    kg_dataset *ds;
    kg_diagnostics *d;
    int rc = tu_load(&ds, &d, ENT, "source,relation,target\nxi,meets,putin\nxi,leads,china\n", NULL);
    assert_int_equal(rc, KG_OK);
    assert_int_equal(kg_dataset_entity_count(ds), 3);
    assert_int_equal(kg_dataset_relation_count(ds), 2);
    assert_int_equal(kg_dataset_citation_count(ds), 2);
    assert_int_equal(kg_dataset_source_count(ds), 0);
    assert_false(kg_dataset_has_sources(ds));
    const kg_entity *china = kg_dataset_entity(ds, kg_dataset_find_entity(ds, "china"));
    assert_string_equal(china->label, "china");
    assert_string_equal(china->type, "country");
    assert_string_equal(china->description, "");
    assert_int_equal(china->line, 4);
    assert_int_equal(kg_dataset_find_entity(ds, "nobody"), KG_NONE);
    kg_dataset_free(ds);
    kg_diagnostics_free(d);
}

static void test_columns_are_found_by_name_in_any_order_and_unknown_ones_are_kept(void **state)
{
    (void)state;
    kg_dataset *ds;
    kg_diagnostics *d;
    int rc = tu_load(&ds, &d, "note,type,id,fontname\nhello,person,xi,evil\nbye,person,putin,\n",
                     "target,color,relation,source\nputin,red,meets,xi\n", NULL);
    assert_int_equal(rc, KG_OK);
    const kg_entity *xi = kg_dataset_entity(ds, 0);
    assert_string_equal(xi->id, "xi");
    assert_string_equal(xi->type, "person");
    assert_int_equal(kg_dataset_column_count(ds, KG_FILE_ENTITIES), 4);
    assert_string_equal(kg_dataset_column_name(ds, KG_FILE_ENTITIES, 3), "fontname");
    assert_string_equal(kg_dataset_cell(ds, KG_FILE_ENTITIES, 0, 3), "evil");
    assert_string_equal(kg_dataset_cell(ds, KG_FILE_ENTITIES, 1, 0), "bye");
    assert_string_equal(kg_dataset_cell(ds, KG_FILE_RELATIONS, 0, 1), "red");
    assert_null(kg_dataset_cell(ds, KG_FILE_RELATIONS, 1, 0));
    const kg_relation *r = kg_dataset_relation(ds, 0);
    assert_string_equal(kg_dataset_entity(ds, r->source)->id, "xi");
    assert_string_equal(r->relation, "meets");
    kg_dataset_free(ds);
    kg_diagnostics_free(d);
}

static void test_rows_with_the_same_triple_are_one_relation_with_every_citation(void **state)
{
    (void)state;
    kg_dataset *ds;
    kg_diagnostics *d;
    const char *rel = "source,relation,target,polarity,doc,quote,confidence,claimed_by,date\n"
                      "xi,meets,putin,positive,a,first,0.9,,2022-02-04\n"
                      "xi,leads,china,,a,q,,,\n"
                      "xi,meets,putin,positive,b,second,1,china,2022\n"
                      "xi,meets,putin,negative,b,third,,,2022-02\n";
    assert_int_equal(tu_load(&ds, &d, ENT, rel, NULL), KG_OK);
    assert_int_equal(kg_dataset_relation_count(ds), 2);
    assert_int_equal(kg_dataset_citation_count(ds), 4);
    size_t ri = kg_dataset_find_relation(ds, "xi", "meets", "putin");
    assert_int_equal(ri, 0);
    const kg_relation *r = kg_dataset_relation(ds, ri);
    assert_int_equal(r->citation_count, 3);
    assert_int_equal(r->document_count, 2);
    assert_int_equal(r->polarity, KG_POLARITY_MIXED);
    assert_int_equal(r->line, 2);
    const char *quotes[] = {"first", "second", "third"};
    size_t n = 0;
    for (size_t c = r->first_citation; c != KG_NONE; c = kg_dataset_citation(ds, c)->next) {
        const kg_citation *cit = kg_dataset_citation(ds, c);
        assert_string_equal(cit->quote, quotes[n]);
        assert_int_equal(cit->relation, ri);
        n++;
    }
    assert_int_equal(n, 3);
    const kg_citation *first = kg_dataset_citation(ds, r->first_citation);
    assert_true(first->confidence > 0.89 && first->confidence < 0.91);
    assert_int_equal(first->claimed_by, KG_NONE);
    assert_string_equal(first->date, "2022-02-04");
    const kg_citation *second = kg_dataset_citation(ds, first->next);
    assert_int_equal(second->claimed_by, kg_dataset_find_entity(ds, "china"));
    assert_true(second->confidence > 0.99);
    assert_int_equal(kg_dataset_find_relation(ds, "putin", "meets", "xi"), KG_NONE);
    const kg_relation *leads = kg_dataset_relation(ds, 1);
    assert_int_equal(leads->polarity, KG_POLARITY_NEUTRAL);
    assert_true(kg_dataset_citation(ds, leads->first_citation)->confidence < 0);
    kg_dataset_free(ds);
    kg_diagnostics_free(d);
}

static void test_bom_and_crlf_are_read_transparently(void **state)
{
    (void)state;
    kg_dataset *ds;
    kg_diagnostics *d;
    const char *ent = "\xEF\xBB\xBFid,label\r\nxi,Xi\r\nputin,\"Vladimir\r\nPutin\"\r\n";
    const char *rel = "\xEF\xBB\xBF\"source\",relation,target\r\nxi,meets,putin\r\n";
    assert_int_equal(tu_load(&ds, &d, ent, rel, NULL), KG_OK);
    assert_string_equal(kg_dataset_entity(ds, 0)->id, "xi");
    assert_string_equal(kg_dataset_entity(ds, 1)->label, "Vladimir\nPutin");
    assert_string_equal(kg_dataset_column_name(ds, KG_FILE_ENTITIES, 0), "id");
    kg_dataset_free(ds);
    kg_diagnostics_free(d);
}

static void test_sources_are_indexed_and_docs_resolve_to_them(void **state)
{
    (void)state;
    kg_dataset *ds;
    kg_diagnostics *d;
    const char *src = "id,title,date,file\nnpr,NPR report,2022-02-04,000.txt\ncnbc,CNBC,,\n";
    assert_int_equal(tu_load(&ds, &d, ENT, "source,relation,target,doc\nxi,meets,putin,npr\nxi,leads,china,cnbc\n", src),
                     KG_OK);
    assert_true(kg_dataset_has_sources(ds));
    assert_int_equal(kg_dataset_source_count(ds), 2);
    size_t s = kg_dataset_find_source(ds, "npr");
    assert_string_equal(kg_dataset_source(ds, s)->title, "NPR report");
    assert_string_equal(kg_dataset_source(ds, s)->file, "000.txt");
    assert_int_equal(kg_dataset_citation(ds, 0)->source, s);
    kg_dataset_free(ds);
    kg_diagnostics_free(d);
}

/* ---- warnings ---------------------------------------------------------------------- */

static void test_warnings_do_not_fail_the_load(void **state)
{
    (void)state;
    kg_dataset *ds;
    kg_diagnostics *d;
    const char *src = "id\na\nunused\n";
    const char *rel = "source,relation,target,doc,quote\nxi,meets,putin,a,q\nxi,meets,putin,a,q\n";
    assert_int_equal(tu_load(&ds, &d, ENT, rel, src), KG_OK);
    assert_int_equal(kg_diagnostics_errors(d), 0);
    assert_true(tu_diag_has(d, "entities.csv:4: warning: entity 'china' takes part in no relation"));
    assert_true(tu_diag_has(d, "sources.csv:3: warning: source 'unused' is cited by no relation"));
    assert_true(tu_diag_has(d, "relations.csv:3: warning: duplicate citation"));
    kg_dataset_free(ds);
    kg_diagnostics_free(d);
}

/* Duplicate citations and document counts on relations cited many times (the loader
 * indexes a relation's citations past a few): every warning is the one a walk over the
 * earlier citations gives, at the same line, naming the first same (doc, quote) line. */
static void test_duplicate_citations_on_many_citations_match_a_walk(void **state)
{
    (void)state;
    enum { ROWS = 1500 };
    static const char *const pairs[3][2] = {{"xi", "putin"}, {"xi", "china"}, {"putin", "china"}};
    static const char *const docs[5] = {"", "d1", "d2",
                                        "a-doc-name-longer-than-the-interned-size-of-48-bytes-x",
                                        "a-doc-name-longer-than-the-interned-size-of-48-bytes-y"};
    static const char *const quotes[4] = {"", "q1", "q2", "Q2"};
    int rel_of[ROWS], doc_of[ROWS], quote_of[ROWS];
    size_t cap = 64 + ROWS * 128, len = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    len += (size_t)snprintf(text, cap, "source,relation,target,doc,quote\n");
    unsigned long seed = 12345;
    for (int i = 0; i < ROWS; i++) {
        seed = seed * 6364136223846793005ul + 1442695040888963407ul;
        rel_of[i] = (int)((seed >> 33) % 3);
        doc_of[i] = (int)((seed >> 40) % 5);
        quote_of[i] = (int)((seed >> 48) % 4);
        len += (size_t)snprintf(text + len, cap - len, "%s,meets,%s,%s,%s\n", pairs[rel_of[i]][0],
                                pairs[rel_of[i]][1], docs[doc_of[i]], quotes[quote_of[i]]);
    }
    kg_load_options opts;
    kg_load_options_init(&opts);
    opts.memory[KG_FILE_ENTITIES] = (kg_memory_file){"entities.csv", ENT, strlen(ENT)};
    opts.memory[KG_FILE_RELATIONS] = (kg_memory_file){"relations.csv", text, len};
    kg_diagnostics *d;
    kg_dataset *ds;
    assert_int_equal(kg_diagnostics_new(&d, 100000), KG_OK);
    assert_int_equal(kg_dataset_load(&ds, NULL, &opts, d), KG_OK);
    size_t expected = 0, seen = 0;
    for (int i = 0; i < ROWS; i++) {
        int first = -1;
        for (int j = 0; j < i && first < 0; j++)
            if (rel_of[j] == rel_of[i] && doc_of[j] == doc_of[i] && quote_of[j] == quote_of[i])
                first = j;
        if (first < 0)
            continue;
        expected++;
        char want[128];
        snprintf(want, sizeof want, "duplicate citation: same relation, doc and quote as line %d",
                 first + 2);
        int found = 0;
        for (size_t k = 0; k < kg_diagnostics_count(d); k++) {
            const kg_diag *g = kg_diagnostics_get(d, k);
            if (g->line == (unsigned long)(i + 2) && strcmp(g->message, want) == 0)
                found = 1;
        }
        if (!found)
            fail_msg("line %d: no warning '%s'", i + 2, want);
    }
    for (size_t k = 0; k < kg_diagnostics_count(d); k++)
        seen += strstr(kg_diagnostics_get(d, k)->message, "duplicate citation") != NULL;
    assert_int_equal(seen, expected);
    assert_true(expected > 1000);
    /* distinct non-empty docs per relation */
    for (size_t r = 0; r < kg_dataset_relation_count(ds); r++) {
        const kg_relation *rel = kg_dataset_relation(ds, r);
        const char *src = kg_dataset_entity(ds, rel->source)->id;
        const char *dst = kg_dataset_entity(ds, rel->target)->id;
        int p = strcmp(src, "xi") == 0 ? (strcmp(dst, "putin") == 0 ? 0 : 1) : 2;
        int used[5] = {0};
        size_t n = 0, cites = 0;
        for (int i = 0; i < ROWS; i++)
            if (rel_of[i] == p) {
                cites++;
                if (doc_of[i] && !used[doc_of[i]]++)
                    n++;
            }
        assert_int_equal(rel->document_count, n);
        assert_int_equal(rel->citation_count, cites);
    }
    kg_dataset_free(ds);
    kg_diagnostics_free(d);
    free(text);
}

/* ---- bad input: every class gives an error naming file, line, column and value -------- */

typedef struct bad_case {
    const char *name;
    const char *entities;
    const char *relations;
    const char *sources;
    const char *expected;
} bad_case;

static const char *REL = "source,relation,target\nxi,meets,putin\n";

static const bad_case bad_cases[] = {
    {"unknown target", NULL, "source,relation,target\nxi,meets,lavrov\n", NULL,
     "relations.csv:2: target 'lavrov' is not an entity id"},
    {"unknown source", NULL, "source,relation,target\n\nlavrov,meets,xi\n", NULL,
     "relations.csv:3: source 'lavrov' is not an entity id"},
    {"unknown claimant", NULL, "source,relation,target,claimed_by\nxi,meets,putin,nobody\n", NULL,
     "relations.csv:2: claimed_by 'nobody' is not an entity id"},
    {"unknown doc", NULL, "source,relation,target,doc\nxi,meets,putin,nyt\n", "id\nnpr\n",
     "relations.csv:2: doc 'nyt' is not a source id in sources.csv"},
    {"empty relation", NULL, "source,relation,target\nxi,,putin\n", NULL,
     "relations.csv:2: relation is empty"},
    {"empty source", NULL, "source,relation,target\n,meets,putin\n", NULL,
     "relations.csv:2: source is empty"},
    {"duplicate entity id", "id\nxi\nputin\nxi\n", NULL, NULL,
     "entities.csv:4: duplicate id 'xi' (first defined at line 2)"},
    {"empty entity id", "id,label\nxi,X\n,Nobody\nputin,P\n", NULL, NULL, "entities.csv:3: id is empty"},
    {"duplicate source id", NULL, NULL, "id\nnpr\nnpr\n",
     "sources.csv:3: duplicate id 'npr' (first defined at line 2)"},
    {"unterminated quote reports the row's first line", NULL,
     "source,relation,target,quote\nxi,meets,putin,\"never\nclosed\n", NULL,
     "relations.csv:2: unterminated quoted field"},
    {"malformed quote", NULL, "source,relation,target\nxi,m\"x\"y,putin\n", NULL,
     "relations.csv:2: malformed quoting"},
    {"missing required column", NULL, "source,relation\nxi,meets\n", NULL,
     "relations.csv:1: missing required column 'target'"},
    {"missing entity id column", "name,label\nxi,X\n", NULL, NULL,
     "entities.csv:1: missing required column 'id'"},
    {"more fields than the header", NULL, "source,relation,target\nxi,meets,putin,extra\n", NULL,
     "relations.csv:2: row has 4 fields, the header has 3"},
    {"empty file", NULL, "", NULL, "relations.csv:0: file is empty"},
    {"BOM only", NULL, "\xEF\xBB\xBF", NULL, "relations.csv:0: file is empty"},
    {"invalid UTF-8", "id,label\nxi,X\xFF\nputin,P\n", NULL, NULL,
     "entities.csv:2: invalid UTF-8 in column 'label': byte 0xFF at offset 1"},
    {"overlong UTF-8", "id,label\nxi,\xC0\x80\nputin,P\n", NULL, NULL,
     "entities.csv:2: invalid UTF-8 in column 'label'"},
    {"UTF-8 surrogate", "id,label\nxi,\xED\xA0\x80\nputin,P\n", NULL, NULL,
     "entities.csv:2: invalid UTF-8 in column 'label'"},
    {"NUL byte", NULL, "source,relation,target\nxi,me\0ets,putin\n", NULL,
     "relations.csv:2: NUL byte in column 'relation'"},
    {"escape character", NULL, "source,relation,target,quote\nxi,meets,putin,\"a\x1b[31m\"\n", NULL,
     "relations.csv:2: control character U+001B in column 'quote'"},
    {"lone carriage return", NULL, "source,relation,target,quote\nxi,meets,putin,\"a\rb\"\n", NULL,
     "relations.csv:2: control character U+000D in column 'quote'"},
    {"invalid polarity", NULL, "source,relation,target,polarity\nxi,meets,putin,good\n", NULL,
     "relations.csv:2: polarity 'good' is not positive, negative or neutral"},
    {"invalid status", NULL, "source,relation,target,status\nxi,meets,putin,disputed\n", NULL,
     "relations.csv:2: status 'disputed' is not asserted or contested (empty means asserted)"},
    {"status in capitals", NULL, "source,relation,target,status\nxi,meets,putin,\nxi,calls,putin,Contested\n",
     NULL, "relations.csv:3: status 'Contested' is not asserted or contested"},
    {"invalid month", NULL, "source,relation,target,date\nxi,meets,putin,2022-13\n", NULL,
     "relations.csv:2: date '2022-13' is not an ISO 8601 date"},
    {"invalid day", NULL, "source,relation,target,date\nxi,meets,putin,2022-02-30\n", NULL,
     "relations.csv:2: date '2022-02-30'"},
    {"two-digit year", NULL, "source,relation,target,date\nxi,meets,putin,22-01-01\n", NULL,
     "relations.csv:2: date '22-01-01'"},
    {"confidence above one", NULL, "source,relation,target,confidence\nxi,meets,putin,1.5\n", NULL,
     "relations.csv:2: confidence '1.5' is not a number in [0,1]"},
    {"negative confidence", NULL, "source,relation,target,confidence\nxi,meets,putin,-0.1\n", NULL,
     "confidence '-0.1'"},
    {"confidence not a number", NULL, "source,relation,target,confidence\nxi,meets,putin,nan\n", NULL,
     "confidence 'nan'"},
    {"hex confidence", NULL, "source,relation,target,confidence\nxi,meets,putin,0x1\n", NULL,
     "confidence '0x1'"},
    {"javascript url", "id,url\nxi,javascript:alert(1)\nputin,\n", NULL, NULL,
     "entities.csv:2: url 'javascript:alert(1)' has a scheme other than http or https"},
    {"network-path url", "id,url\nxi,//evil.example/\nputin,\n", NULL, NULL,
     "entities.csv:2: url '//evil.example/' starts with '//'"},
    {"url with a quote inside", "id,url\nxi,\"http://x/\"\" onload=\"\"y\"\nputin,\n", NULL, NULL,
     "entities.csv:2: url 'http://x/\" onload=\"y' contains whitespace"},
    {"duplicate header", NULL, "source,relation,target,quote,quote\nxi,meets,putin,a,b\n", NULL,
     "relations.csv:1: duplicate column 'quote' (columns 4 and 5)"},
    {"empty header", NULL, "source,relation,target,\nxi,meets,putin,\n", NULL,
     "relations.csv:1: column 4 has an empty header"},
    {"invalid source date", NULL, NULL, "id,date\nnpr,yesterday\n", "sources.csv:2: date 'yesterday'"},
};

static size_t case_length(const bad_case *c, const char *text)
{
    /* the NUL-byte case embeds a NUL in its relations: measure up to the final newline */
    if (text == c->relations && strstr(c->name, "NUL"))
        return strlen(text) + 1 + strlen(text + strlen(text) + 1);
    return strlen(text);
}

static void test_every_bad_input_class_is_an_error_with_file_and_line(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        const bad_case *c = &bad_cases[i];
        const char *ent = c->entities ? c->entities : ENT;
        const char *rel = c->relations ? c->relations : REL;
        kg_load_options opts;
        kg_load_options_init(&opts);
        opts.memory[KG_FILE_ENTITIES] = (kg_memory_file){"entities.csv", ent, case_length(c, ent)};
        opts.memory[KG_FILE_RELATIONS] = (kg_memory_file){"relations.csv", rel, case_length(c, rel)};
        if (c->sources)
            opts.memory[KG_FILE_SOURCES] = (kg_memory_file){"sources.csv", c->sources, strlen(c->sources)};
        kg_diagnostics *d;
        kg_dataset *ds = (kg_dataset *)&opts; /* must be reset to NULL */
        assert_int_equal(kg_diagnostics_new(&d, 0), KG_OK);
        int rc = kg_dataset_load(&ds, NULL, &opts, d);
        if (rc == KG_OK || !tu_diag_has(d, c->expected)) {
            print_error("case '%s': rc=%d, expected '%s' in:\n", c->name, rc, c->expected);
            kg_diagnostics_print(d, stderr, "  got", 1);
            fail();
        }
        assert_int_not_equal(rc, KG_OK);
        assert_null(ds);
        assert_true(kg_diagnostics_errors(d) > 0);
        kg_diagnostics_free(d);
    }
}

static void test_every_problem_of_a_run_is_reported(void **state)
{
    (void)state;
    kg_dataset *ds;
    kg_diagnostics *d;
    const char *rel = "source,relation,target,polarity\nxi,meets,a,good\nb,meets,putin,\nxi,meets,putin,bad\n";
    assert_int_equal(tu_load(&ds, &d, ENT, rel, NULL), KG_EINVALID);
    assert_int_equal(kg_diagnostics_errors(d), 4);
    assert_true(tu_diag_has(d, "relations.csv:2: target 'a'"));
    assert_true(tu_diag_has(d, "relations.csv:2: polarity 'good'"));
    assert_true(tu_diag_has(d, "relations.csv:3: source 'b'"));
    assert_true(tu_diag_has(d, "relations.csv:4: polarity 'bad'"));
    assert_string_equal(kg_last_error(), "4 errors in the dataset");
    kg_diagnostics_free(d);
}

static void test_errors_are_capped_and_counted(void **state)
{
    (void)state;
    char *rel = malloc(64 * 1000 + 64);
    strcpy(rel, "source,relation,target\n");
    for (int i = 0; i < 1000; i++)
        strcat(rel, "xi,meets,nobody\n");
    kg_dataset *ds;
    kg_diagnostics *d;
    assert_int_equal(tu_load(&ds, &d, ENT, rel, NULL), KG_EINVALID);
    assert_int_equal(kg_diagnostics_count(d), 100);
    assert_true(kg_diagnostics_errors(d) >= 100);
    free(rel);
    kg_diagnostics_free(d);
}

static void test_column_maps_read_renamed_headers(void **state)
{
    (void)state;
    kg_load_options opts;
    kg_load_options_init(&opts);
    const char *rel = "From,relation,To\nxi,meets,putin\n";
    opts.memory[KG_FILE_ENTITIES] = (kg_memory_file){"entities.csv", ENT, strlen(ENT)};
    opts.memory[KG_FILE_RELATIONS] = (kg_memory_file){"relations.csv", rel, strlen(rel)};
    assert_int_equal(kg_column_map_parse(&opts.maps[0], "relations.source=From"), KG_OK);
    assert_int_equal(kg_column_map_parse(&opts.maps[1], "relations.target=To"), KG_OK);
    opts.map_count = 2;
    kg_dataset *ds;
    kg_diagnostics *d;
    kg_diagnostics_new(&d, 0);
    assert_int_equal(kg_dataset_load(&ds, NULL, &opts, d), KG_OK);
    assert_int_not_equal(kg_dataset_find_relation(ds, "xi", "meets", "putin"), KG_NONE);
    kg_dataset_free(ds);
    kg_diagnostics_free(d);

    opts.map_count = 1;
    assert_int_equal(kg_column_map_parse(&opts.maps[0], "relations.target=Goal"), KG_OK);
    kg_diagnostics_new(&d, 0);
    assert_int_equal(kg_dataset_load(&ds, NULL, &opts, d), KG_EINVALID);
    assert_true(tu_diag_has(d, "missing required column 'target' (mapped to header 'Goal')"));
    kg_diagnostics_free(d);
}

static void test_column_map_specs_are_validated(void **state)
{
    (void)state;
    kg_column_map m;
    assert_int_equal(kg_column_map_parse(&m, "relations.source=From"), KG_OK);
    assert_int_equal(m.file, KG_FILE_RELATIONS);
    assert_string_equal(m.column, "source");
    assert_string_equal(m.header, "From");
    assert_int_equal(kg_column_map_parse(&m, "relations.source"), KG_EUSAGE);
    assert_int_equal(kg_column_map_parse(&m, "people.id=x"), KG_EUSAGE);
    assert_non_null(strstr(kg_last_error(), "unknown file 'people'"));
    assert_int_equal(kg_column_map_parse(&m, "relations.colour=x"), KG_EUSAGE);
    assert_non_null(strstr(kg_last_error(), "no column 'colour'"));
    assert_int_equal(kg_column_map_parse(&m, "entities.id="), KG_EUSAGE);
}

static void test_limits_stop_oversized_input_with_a_clear_error(void **state)
{
    (void)state;
    kg_load_options opts;
    kg_load_options_init(&opts);
    const char *rel = "source,relation,target,quote\nxi,meets,putin,0123456789012345678901234567890123456789\n";
    opts.memory[KG_FILE_ENTITIES] = (kg_memory_file){"entities.csv", ENT, strlen(ENT)};
    opts.memory[KG_FILE_RELATIONS] = (kg_memory_file){"relations.csv", rel, strlen(rel)};
    opts.max_field_bytes = 16;
    kg_dataset *ds;
    kg_diagnostics *d;
    kg_diagnostics_new(&d, 0);
    assert_int_equal(kg_dataset_load(&ds, NULL, &opts, d), KG_EINVALID);
    assert_true(tu_diag_has(d, "relations.csv:2: column 'quote' is longer than the limit of 16 bytes"));
    kg_diagnostics_free(d);

    opts.max_field_bytes = 0;
    opts.max_rows = 2;
    kg_diagnostics_new(&d, 0);
    assert_int_not_equal(kg_dataset_load(&ds, NULL, &opts, d), KG_OK);
    assert_true(tu_diag_has(d, "entities.csv:4: more than 2 rows"));
    kg_diagnostics_free(d);

    opts.max_rows = 0;
    opts.max_file_bytes = 10;
    kg_diagnostics_new(&d, 0);
    assert_int_not_equal(kg_dataset_load(&ds, NULL, &opts, d), KG_OK);
    assert_true(tu_diag_has(d, "over the limit of 10"));
    kg_diagnostics_free(d);
}

static void test_a_dataset_directory_is_read_from_disk(void **state)
{
    (void)state;
    char *dir = tu_mkdtemp();
    tu_write(dir, "entities.csv", ENT);
    tu_write(dir, "relations.csv", REL);
    kg_dataset *ds;
    kg_diagnostics *d;
    kg_diagnostics_new(&d, 0);
    assert_int_equal(kg_dataset_load(&ds, dir, NULL, d), KG_OK);
    assert_false(kg_dataset_has_sources(ds));
    assert_non_null(strstr(kg_dataset_file_name(ds, KG_FILE_RELATIONS), "/relations.csv"));
    kg_dataset_free(ds);
    kg_diagnostics_free(d);

    char missing[512];
    snprintf(missing, sizeof missing, "%s/nothing-here", dir);
    kg_diagnostics_new(&d, 0);
    assert_int_not_equal(kg_dataset_load(&ds, missing, NULL, d), KG_OK);
    assert_true(tu_diag_has(d, "nothing-here/entities.csv:0: cannot read"));
    kg_diagnostics_free(d);
    tu_rmtree(dir);
}

static int load_with_failure(unsigned long n, kg_dataset **ds)
{
    static const char *src = "id,title\na,A\n";
    static const char *rel = "source,relation,target,doc,quote\nxi,meets,putin,a,q\n"
                             "xi,meets,putin,a,\"long quote, long quote, long quote, long quote\"\n"
                             "xi,leads,china,a,x\n";
    kg_load_options opts;
    kg_load_options_init(&opts);
    opts.memory[KG_FILE_ENTITIES] = (kg_memory_file){"entities.csv", ENT, strlen(ENT)};
    opts.memory[KG_FILE_RELATIONS] = (kg_memory_file){"relations.csv", rel, strlen(rel)};
    opts.memory[KG_FILE_SOURCES] = (kg_memory_file){"sources.csv", src, strlen(src)};
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
    unsigned long failures = 0;
    for (unsigned long n = 1; n <= total; n++) {
        int rc = load_with_failure(n, &ds);
        kg_alloc__fail_after(0);
        if (rc == KG_OK) {
            /* the failure was absorbed (libcsv retries a smaller buffer): result intact */
            assert_int_equal(kg_dataset_relation_count(ds), 2);
            assert_int_equal(kg_dataset_citation_count(ds), 3);
            kg_dataset_free(ds);
            continue;
        }
        failures++;
        assert_int_equal(rc, KG_ENOMEM);
        assert_null(ds);
        assert_non_null(strstr(kg_last_error(), "out of memory"));
    }
    assert_true(failures > total / 2);
}

static void test_the_status_column_marks_citations_contested(void **state)
{
    (void)state;
    kg_dataset *ds;
    kg_diagnostics *diags;
    assert_int_equal(tu_load(&ds, &diags, "id\nxi\nputin\n",
                             "source,relation,target,quote,status\nxi,meets,putin,a,contested\n"
                             "xi,meets,putin,b,asserted\nxi,meets,putin,c,\nputin,meets,xi,d\n",
                             NULL),
                     KG_OK);
    assert_int_equal(kg_dataset_citation_count(ds), 4);
    assert_true(kg_dataset_citation(ds, 0)->contested);
    for (size_t i = 1; i < 4; i++)
        assert_false(kg_dataset_citation(ds, i)->contested);
    /* the column stays in the raw table, as an unknown column would */
    assert_string_equal(kg_dataset_column_name(ds, KG_FILE_RELATIONS, 4), "status");
    assert_string_equal(kg_dataset_cell(ds, KG_FILE_RELATIONS, 0, 4), "contested");
    kg_dataset_free(ds);
    kg_diagnostics_free(diags);
    /* without the column nothing is contested */
    assert_int_equal(tu_load(&ds, &diags, "id\nxi\n", "source,relation,target\nxi,meets,xi\n", NULL),
                     KG_OK);
    assert_false(kg_dataset_citation(ds, 0)->contested);
    kg_dataset_free(ds);
    kg_diagnostics_free(diags);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_minimal_dataset_loads_with_label_defaulting_to_id),
        cmocka_unit_test(test_columns_are_found_by_name_in_any_order_and_unknown_ones_are_kept),
        cmocka_unit_test(test_rows_with_the_same_triple_are_one_relation_with_every_citation),
        cmocka_unit_test(test_bom_and_crlf_are_read_transparently),
        cmocka_unit_test(test_sources_are_indexed_and_docs_resolve_to_them),
        cmocka_unit_test(test_warnings_do_not_fail_the_load),
        cmocka_unit_test(test_duplicate_citations_on_many_citations_match_a_walk),
        cmocka_unit_test(test_every_bad_input_class_is_an_error_with_file_and_line),
        cmocka_unit_test(test_every_problem_of_a_run_is_reported),
        cmocka_unit_test(test_errors_are_capped_and_counted),
        cmocka_unit_test(test_column_maps_read_renamed_headers),
        cmocka_unit_test(test_column_map_specs_are_validated),
        cmocka_unit_test(test_limits_stop_oversized_input_with_a_clear_error),
        cmocka_unit_test(test_a_dataset_directory_is_read_from_disk),
        cmocka_unit_test(test_the_status_column_marks_citations_contested),
        cmocka_unit_test(test_every_allocation_failure_ends_in_a_clean_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
