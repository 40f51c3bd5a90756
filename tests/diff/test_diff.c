/* test_diff.c: diffs of datasets: each kind of change, what never counts as one, both methods
 * agreeing, the writers, and the diagram's colours. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "base/base_internal.h"

/* A small valid dataset: every entity in a relation, every source cited, no duplicate
 * citation (so the scan method does not fall back). */
#define ENT "id,label,type,aliases,description,url\n" \
            "a,Alpha,person,Al;A.,The first,https://example.org/a\n" \
            "b,Beta,country,,,\n" \
            "c,Gamma,organization,,\"Gamma, Inc.\",\n" \
            "d,Delta,person,,,\n"
#define REL "source,relation,target,polarity,date,doc,quote,confidence,claimed_by\n" \
            "a,meets,b,positive,2022-02-04,s1,\"They met, \"\"warmly\"\".\",0.8,\n" \
            "a,meets,b,positive,2022-02-05,s2,Second meeting.,,\n" \
            "b,sanctions,c,negative,2022,s1,Sanctions announced.,1,d\n" \
            "c,funds,d,,,s2,\"Funding,\nsecond line\",0.5,\n"
#define SRC "id,title,publisher,author,date,url,file\n" \
            "s1,First report,Daily,Ann,2022-02,https://example.org/s1,\n" \
            "s2,Second report,Weekly,Bob,2022,,\n"

typedef struct texts {
    const char *e, *r, *s;
} texts;

static const texts BASE = {ENT, REL, SRC};

/* Runs kg_diff_load on two in-memory datasets with a method; returns the status, the diff
 * in *out and the diagnostics of both sides (caller frees). */
static int load_diff(kg_diff **out, const texts *o, const texts *n, kg_diff_method method,
                     kg_diagnostics **dold, kg_diagnostics **dnew)
{
    kg_load_options lo, ln;
    kg_load_options_init(&lo);
    kg_load_options_init(&ln);
    lo.memory[KG_FILE_ENTITIES] = (kg_memory_file){"old/entities.csv", o->e, strlen(o->e)};
    lo.memory[KG_FILE_RELATIONS] = (kg_memory_file){"old/relations.csv", o->r, strlen(o->r)};
    if (o->s)
        lo.memory[KG_FILE_SOURCES] = (kg_memory_file){"old/sources.csv", o->s, strlen(o->s)};
    ln.memory[KG_FILE_ENTITIES] = (kg_memory_file){"new/entities.csv", n->e, strlen(n->e)};
    ln.memory[KG_FILE_RELATIONS] = (kg_memory_file){"new/relations.csv", n->r, strlen(n->r)};
    if (n->s)
        ln.memory[KG_FILE_SOURCES] = (kg_memory_file){"new/sources.csv", n->s, strlen(n->s)};
    assert_int_equal(kg_diagnostics_new(dold, 0), KG_OK);
    assert_int_equal(kg_diagnostics_new(dnew, 0), KG_OK);
    /* no sources.csv must mean none, not one in the current directory */
    kg_diff_input io = {"/dev/null", &lo, *dold}, in = {"/dev/null", &ln, *dnew};
    kg_diff_options opts;
    kg_diff_options_init(&opts);
    opts.method = method;
    return kg_diff_load(out, &io, &in, &opts);
}

/* Writes the diff in a format into a new string (free()). */
static char *write_diff(const kg_diff *d, kg_diff_format format)
{
    char *text = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&text, &size);
    assert_non_null(f);
    kg_diff_write_options wo = {format, 0, NULL};
    assert_int_equal(kg_diff_write(d, &wo, f), KG_OK);
    fclose(f);
    return text;
}

/* Diffs o and n with both methods, checks they agree byte for byte in every format and
 * that the scan method was used (expect_scan) or fell back; returns the scan's diff. */
static kg_diff *diff_both(const texts *o, const texts *n, int expect_scan)
{
    kg_diff *dm, *ds;
    kg_diagnostics *a, *b;
    assert_int_equal(load_diff(&dm, o, n, KG_DIFF_MODEL, &a, &b), KG_OK);
    kg_diagnostics_free(a);
    kg_diagnostics_free(b);
    assert_int_equal(load_diff(&ds, o, n, KG_DIFF_SCAN, &a, &b), KG_OK);
    kg_diagnostics_free(a);
    kg_diagnostics_free(b);
    assert_int_equal(kg_diff_method_used(dm), KG_DIFF_MODEL);
    assert_int_equal(kg_diff_method_used(ds), expect_scan ? KG_DIFF_SCAN : KG_DIFF_MODEL);
    for (int f = KG_DIFF_TEXT; f <= KG_DIFF_JSON; f++) {
        char *x = write_diff(dm, (kg_diff_format)f), *y = write_diff(ds, (kg_diff_format)f);
        assert_string_equal(x, y);
        free(x);
        free(y);
    }
    kg_diff_free(dm);
    return ds;
}

/* The text of a diff (free()). */
static char *text_of(const kg_diff *d)
{
    return write_diff(d, KG_DIFF_TEXT);
}

/* Returns a copy of s with the first occurrence of from replaced by to (free()). */
static char *replace(const char *s, const char *from, const char *to)
{
    const char *at = strstr(s, from);
    assert_non_null(at);
    size_t n = strlen(s) - strlen(from) + strlen(to);
    char *out = malloc(n + 1);
    assert_non_null(out);
    size_t pre = (size_t)(at - s);
    memcpy(out, s, pre);
    strcpy(out + pre, to);
    strcat(out, at + strlen(from));
    return out;
}

static void assert_contains(const char *hay, const char *needle)
{
    if (!strstr(hay, needle))
        fail_msg("expected to find \"%s\" in:\n%s", needle, hay);
}

/* ---- no change -------------------------------------------------------------------------- */

static void identical_datasets_have_no_differences(void **state)
{
    (void)state;
    kg_diff *d = diff_both(&BASE, &BASE, 1);
    assert_true(kg_diff_is_empty(d));
    char line[128];
    kg_diff_summary(d, line, sizeof line);
    assert_string_equal(line, "no differences");
    kg_diff_free(d);
}

static void reordered_requoted_crlf_bom_and_column_order_are_no_differences(void **state)
{
    (void)state;
    /* rows reversed, every field quoted, CRLF, a BOM, columns in another order, an
     * empty unknown column, "" for neutral polarity written out, 0.5 as 0.50, label =
     * id written out */
    texts n = {
        "\xEF\xBB\xBF\"url\",\"id\",\"type\",\"label\",\"description\",\"aliases\",\"note\"\r\n"
        "\"\",\"d\",\"person\",\"Delta\",\"\",\"\",\"\"\r\n"
        "\"\",\"c\",\"organization\",\"Gamma\",\"Gamma, Inc.\",\"\",\"\"\r\n"
        "\"\",\"b\",\"country\",\"Beta\",\"\",\"\",\"\"\r\n"
        "\"https://example.org/a\",\"a\",\"person\",\"Alpha\",\"The first\",\"Al;A.\",\"\"\r\n",
        "\xEF\xBB\xBFquote,target,source,relation,doc,date,polarity,claimed_by,confidence\r\n"
        "\"Funding,\r\nsecond line\",d,c,funds,s2,,neutral,,0.50\r\n"
        "Sanctions announced.,c,b,sanctions,s1,2022,negative,d,1.0\r\n"
        "Second meeting.,b,a,meets,s2,2022-02-05,positive,,\r\n"
        "\"They met, \"\"warmly\"\".\",b,a,meets,s1,2022-02-04,positive,,.8\r\n",
        "id,title,publisher,author,date,url,file\r\n"
        "s2,Second report,Weekly,Bob,2022,,\r\n"
        "s1,First report,Daily,Ann,2022-02,https://example.org/s1,\r\n"};
    kg_diff *d = diff_both(&BASE, &n, 1);
    if (!kg_diff_is_empty(d)) {
        char *t = text_of(d);
        fail_msg("expected no differences, got:\n%s", t);
    }
    kg_diff_free(d);
}

/* ---- entities and sources ----------------------------------------------------------------- */

static void an_entity_whose_id_changed_is_renamed_by_both_methods(void **state)
{
    (void)state;
    /* d becomes dd: same label and aliases, its relation follows; its description changed */
    char *e1 = replace(ENT, "d,Delta,person,,,\n", "dd,Delta,person,,Renamed,\n");
    char *r1 = replace(REL, ",funds,d,", ",funds,dd,");
    char *r2 = replace(r1, ",1,d\n", ",1,dd\n");
    texts n = {e1, r2, SRC};
    kg_diff *d = diff_both(&BASE, &n, 1);
    kg_diff_totals t;
    kg_diff_totals_get(d, &t);
    assert_int_equal(t.entities[KG_CHANGE_RENAMED], 1);
    assert_int_equal(t.entities[KG_CHANGE_ADDED] + t.entities[KG_CHANGE_REMOVED], 0);
    assert_int_equal(t.relations[KG_CHANGE_ADDED] + t.relations[KG_CHANGE_REMOVED], 0);
    const kg_record_change *c = kg_diff_entity(d, 0);
    assert_int_equal(c->change, KG_CHANGE_RENAMED);
    assert_string_equal(c->id, "dd");
    assert_string_equal(c->old_id, "d");
    assert_int_equal(c->field_count, 1);
    assert_string_equal(c->fields[0].name, "description");
    assert_string_equal(c->fields[0].new_value, "Renamed");
    assert_string_equal(kg_change_name(KG_CHANGE_RENAMED), "renamed");
    /* the claim by d of another relation follows the rename: no change */
    assert_int_equal(kg_diff_relation_count(d), 0);
    char *text = text_of(d);
    assert_contains(text, "~ entity dd\n    renamed: d \xE2\x86\x92 dd\n    description: \"\" \xE2\x86\x92 Renamed\n");
    assert_contains(text, "1 entity renamed");
    free(text);
    kg_diff_free(d);
    free(e1);
    free(r1);
    free(r2);
}

static void an_entity_added_removed_and_changed_is_reported_field_by_field(void **state)
{
    (void)state;
    char *e1 = replace(ENT, "b,Beta,country,,,", "b,Beta,alliance,Be,,");
    char *e2 = replace(e1, "d,Delta,person,,,\n", "");
    char *e3 = replace(e2, "c,Gamma", "e,Epsilon,event,,,\nc,Gamma");
    char *r1 = replace(REL, ",d\n", ",e\n");
    char *r2 = replace(r1, ",funds,d,", ",funds,e,");
    texts n = {e3, r2, SRC};
    kg_diff *d = diff_both(&BASE, &n, 1);
    kg_diff_totals t;
    kg_diff_totals_get(d, &t);
    assert_int_equal(t.entities[KG_CHANGE_ADDED], 1);
    assert_int_equal(t.entities[KG_CHANGE_REMOVED], 1);
    assert_int_equal(t.entities[KG_CHANGE_CHANGED], 1);
    const kg_record_change *b = kg_diff_entity(d, 0);
    assert_string_equal(b->id, "b");
    assert_int_equal(b->change, KG_CHANGE_CHANGED);
    assert_int_equal(b->field_count, 2);
    assert_string_equal(b->fields[0].name, "type");
    assert_string_equal(b->fields[0].old_value, "country");
    assert_string_equal(b->fields[0].new_value, "alliance");
    assert_string_equal(b->fields[1].name, "aliases");
    assert_string_equal(b->fields[1].old_value, "");
    assert_string_equal(b->fields[1].new_value, "Be");
    assert_string_equal(kg_diff_entity(d, 1)->id, "d");
    assert_int_equal(kg_diff_entity(d, 1)->change, KG_CHANGE_REMOVED);
    assert_string_equal(kg_diff_entity(d, 2)->id, "e");
    assert_int_equal(kg_diff_entity(d, 2)->change, KG_CHANGE_ADDED);
    char *text = text_of(d);
    assert_contains(text, "~ entity b\n    type: country \xE2\x86\x92 alliance\n    aliases: \"\" \xE2\x86\x92 Be\n");
    assert_contains(text, "- entity d\n    label: Delta\n    type: person\n");
    assert_contains(text, "+ entity e\n    label: Epsilon\n    type: event\n");
    assert_contains(text, "1 entity added, 1 removed, 1 changed");
    free(text);
    kg_diff_free(d);
    free(e1);
    free(e2);
    free(e3);
    free(r1);
    free(r2);
}

static void unknown_columns_are_compared_by_header(void **state)
{
    (void)state;
    texts o = {"id,label,wiki\na,Alpha,A1\nb,Beta,\nc,Gamma,\nd,Delta,\n", REL, SRC};
    texts n = {"wiki,id,label\nA2,a,Alpha\n,b,Beta\nG,c,Gamma\n,d,Delta\n", REL, SRC};
    kg_diff *d = diff_both(&o, &n, 1);
    assert_int_equal(kg_diff_entity_count(d), 2);
    const kg_record_change *a = kg_diff_entity(d, 0);
    assert_string_equal(a->fields[0].name, "wiki");
    assert_string_equal(a->fields[0].old_value, "A1");
    assert_string_equal(a->fields[0].new_value, "A2");
    assert_string_equal(kg_diff_entity(d, 1)->fields[0].new_value, "G");
    kg_diff_free(d);
}

static void a_source_change_is_reported(void **state)
{
    (void)state;
    char *s = replace(SRC, "Second report,Weekly", "Second report (revised),Weekly");
    texts n = {ENT, REL, s};
    kg_diff *d = diff_both(&BASE, &n, 1);
    assert_int_equal(kg_diff_source_count(d), 1);
    assert_string_equal(kg_diff_source(d, 0)->id, "s2");
    assert_string_equal(kg_diff_source(d, 0)->fields[0].name, "title");
    char line[128];
    kg_diff_summary(d, line, sizeof line);
    assert_string_equal(line, "1 source changed");
    kg_diff_free(d);
    free(s);
}

/* ---- relations ------------------------------------------------------------------------------ */

static void relations_added_and_removed_are_reported_with_their_citations(void **state)
{
    (void)state;
    char *r1 = replace(REL, "b,sanctions,c,negative,2022,s1,Sanctions announced.,1,d\n", "");
    char *r2 = replace(r1, "c,funds", "d,visits,a,positive,,s1,A visit.,,\nc,funds");
    char *r3 = replace(r2, "c,funds", "d,visits,a,neutral,,s2,Another visit.,,\nc,funds");
    texts n = {ENT, r3, SRC};
    kg_diff *d = diff_both(&BASE, &n, 1);
    assert_int_equal(kg_diff_relation_count(d), 2);
    const kg_relation_change *rm = kg_diff_relation(d, 0), *add = kg_diff_relation(d, 1);
    assert_int_equal(rm->change, KG_CHANGE_REMOVED);
    assert_string_equal(rm->source, "b");
    assert_string_equal(rm->relation, "sanctions");
    assert_int_equal(add->change, KG_CHANGE_ADDED);
    assert_int_equal(add->new_citations, 2);
    assert_int_equal(add->citation_count, 2);
    assert_string_equal(add->fields[0].new_value, "mixed");
    char *text = text_of(d);
    /* one citation: shown as the relation's own fields */
    assert_contains(text, "- relation b -[sanctions]-> c\n    polarity: negative\n"
                          "    doc: s1\n    quote: \"Sanctions announced.\"\n    date: 2022\n"
                          "    confidence: 1\n    claimed_by: d\n");
    assert_contains(text, "+ relation d -[visits]-> a\n    polarity: mixed\n"
                          "    + citation s1\n        quote: \"A visit.\"\n");
    assert_contains(text, "1 relation added, 1 removed\n");
    free(text);
    kg_diff_free(d);
    free(r1);
    free(r2);
    free(r3);
}

static void polarity_date_confidence_and_claimed_by_changes_are_fields(void **state)
{
    (void)state;
    char *r = replace(REL, "b,sanctions,c,negative,2022,s1,Sanctions announced.,1,d",
                      "b,sanctions,c,positive,2023-01,s1,Sanctions announced.,0.25,a");
    texts n = {ENT, r, SRC};
    kg_diff *d = diff_both(&BASE, &n, 1);
    assert_int_equal(kg_diff_relation_count(d), 1);
    const kg_relation_change *c = kg_diff_relation(d, 0);
    assert_int_equal(c->change, KG_CHANGE_CHANGED);
    assert_string_equal(c->fields[0].name, "polarity");
    assert_string_equal(c->fields[0].old_value, "negative");
    assert_string_equal(c->fields[0].new_value, "positive");
    assert_int_equal(c->citation_count, 1);
    const kg_citation_change *ci = &c->citations[0];
    assert_int_equal(ci->change, KG_CHANGE_CHANGED);
    assert_int_equal(ci->field_count, 4);
    assert_string_equal(ci->fields[0].name, "date");
    assert_string_equal(ci->fields[1].name, "polarity");
    assert_string_equal(ci->fields[2].name, "confidence");
    assert_string_equal(ci->fields[2].old_value, "1");
    assert_string_equal(ci->fields[2].new_value, "0.25");
    assert_string_equal(ci->fields[3].name, "claimed_by");
    assert_string_equal(ci->fields[3].old_value, "d");
    assert_string_equal(ci->fields[3].new_value, "a");
    char *text = text_of(d);
    assert_string_equal(text, "~ relation b -[sanctions]-> c\n"
                              "    polarity: negative \xE2\x86\x92 positive\n"
                              "    date: 2022 \xE2\x86\x92 2023-01\n"
                              "    confidence: 1 \xE2\x86\x92 0.25\n"
                              "    claimed_by: d \xE2\x86\x92 a\n"
                              "1 relation changed\n");
    free(text);
    kg_diff_free(d);
    free(r);
}

static void citations_added_removed_and_quote_edited_are_told_apart(void **state)
{
    (void)state;
    /* a -meets-> b: s1's quote edited, s2's citation removed, an s3-less citation added */
    char *r1 = replace(REL, "\"They met, \"\"warmly\"\".\"", "They met warmly.");
    char *r2 = replace(r1, "a,meets,b,positive,2022-02-05,s2,Second meeting.,,\n",
                       "a,meets,b,positive,2022-03,,Third meeting.,,\n");
    texts n = {ENT, r2, SRC};
    kg_diff *d = diff_both(&BASE, &n, 1);
    assert_int_equal(kg_diff_relation_count(d), 1);
    const kg_relation_change *c = kg_diff_relation(d, 0);
    assert_int_equal(c->field_count, 0); /* still positive */
    assert_int_equal(c->citation_count, 3);
    assert_int_equal(c->citations[0].change, KG_CHANGE_CHANGED);
    assert_string_equal(c->citations[0].doc, "s1");
    assert_string_equal(c->citations[0].fields[0].name, "quote");
    assert_string_equal(c->citations[0].fields[0].old_value, "They met, \"warmly\".");
    assert_string_equal(c->citations[0].fields[0].new_value, "They met warmly.");
    assert_int_equal(c->citations[1].change, KG_CHANGE_REMOVED);
    assert_string_equal(c->citations[1].doc, "s2");
    assert_int_equal(c->citations[2].change, KG_CHANGE_ADDED);
    assert_string_equal(c->citations[2].doc, "");
    char *text = text_of(d);
    assert_contains(text, "    ~ citation s1\n        quote: \"They met, \"warmly\".\" \xE2\x86\x92 "
                          "\"They met warmly.\"\n");
    assert_contains(text, "    - citation s2\n");
    assert_contains(text, "    + citation (no doc)\n        quote: \"Third meeting.\"\n");
    free(text);
    kg_diff_free(d);
    free(r1);
    free(r2);
}

static void a_doc_change_with_the_same_quote_pairs_the_citations(void **state)
{
    (void)state;
    char *r = replace(REL, "b,sanctions,c,negative,2022,s1,", "b,sanctions,c,negative,2022,s2,");
    texts n = {ENT, r, SRC};
    kg_diff *d = diff_both(&BASE, &n, 1);
    const kg_relation_change *c = kg_diff_relation(d, 0);
    assert_int_equal(c->citation_count, 1);
    assert_int_equal(c->citations[0].change, KG_CHANGE_CHANGED);
    assert_string_equal(c->citations[0].fields[0].name, "doc");
    assert_string_equal(c->citations[0].fields[0].old_value, "s1");
    assert_string_equal(c->citations[0].fields[0].new_value, "s2");
    kg_diff_free(d);
    free(r);
}

/* ---- the scan method's fallback ------------------------------------------------------------ */

static void invalid_input_is_reported_as_the_loader_reports_it(void **state)
{
    (void)state;
    char *r = replace(REL, "c,funds,d,,", "c,funds,zz,,");
    texts n = {ENT, r, SRC};
    for (int m = KG_DIFF_MODEL; m <= KG_DIFF_SCAN; m++) {
        kg_diff *d = NULL;
        kg_diagnostics *a, *b;
        assert_int_equal(load_diff(&d, &BASE, &n, (kg_diff_method)m, &a, &b), KG_EINVALID);
        assert_null(d);
        assert_int_equal(kg_diagnostics_errors(a), 0);
        assert_true(tu_diag_has(b, "new/relations.csv:5: target 'zz' is not an entity id"));
        kg_diagnostics_free(a);
        kg_diagnostics_free(b);
    }
    free(r);
}

static void warnings_and_unusual_csv_make_the_scan_fall_back(void **state)
{
    (void)state;
    /* an entity in no relation (a warning), a field with a space after it (libcsv trims
     * it), a duplicated citation (a warning), a lone CR in a quote: the model decides */
    char *e = replace(ENT, "d,Delta,person,,,\n", "d,Delta,person,,,\nz,Zeta,,,,\n");
    char *r1 = replace(REL, "c,funds,d,", "c,funds ,d,");
    char *r2 = replace(REL, "c,funds", "b,sanctions,c,positive,,s1,Sanctions announced.,,\nc,funds");
    texts cases[] = {{e, REL, SRC}, {ENT, r1, SRC}, {ENT, r2, SRC}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        kg_diff *d = diff_both(&BASE, &cases[i], 0);
        kg_diff_free(d);
    }
    free(e);
    free(r1);
    free(r2);
}

static void a_single_file_diff_takes_references_as_they_are(void **state)
{
    (void)state;
    const char *o = "source,relation,target,doc\nx,likes,y,d1\n";
    const char *n = "target,relation,source,doc\r\ny,likes,x,d1\r\ny,likes,w,d2\r\n";
    for (int m = KG_DIFF_MODEL; m <= KG_DIFF_SCAN; m++) {
        kg_load_options lo, ln;
        kg_load_options_init(&lo);
        kg_load_options_init(&ln);
        lo.memory[KG_FILE_RELATIONS] = (kg_memory_file){"a/relations.csv", o, strlen(o)};
        ln.memory[KG_FILE_RELATIONS] = (kg_memory_file){"b/relations.csv", n, strlen(n)};
        kg_diff_input io = {NULL, &lo, NULL}, in = {NULL, &ln, NULL};
        kg_diff_options opts;
        kg_diff_options_init(&opts);
        opts.kinds = KG_DIFF_RELATIONS;
        opts.single_file = 1;
        opts.method = (kg_diff_method)m;
        kg_diff *d;
        assert_int_equal(kg_diff_load(&d, &io, &in, &opts), KG_OK);
        assert_int_equal(kg_diff_method_used(d), (kg_diff_method)m);
        assert_int_equal(kg_diff_entity_count(d), 0);
        assert_int_equal(kg_diff_relation_count(d), 1);
        assert_string_equal(kg_diff_relation(d, 0)->source, "w");
        assert_int_equal(kg_diff_relation(d, 0)->change, KG_CHANGE_ADDED);
        kg_diff_free(d);
    }
}

/* ---- writers ------------------------------------------------------------------------------------ */

static void csv_and_json_give_old_and_new_values_per_field(void **state)
{
    (void)state;
    char *r = replace(REL, "c,funds,d,,,s2,", "c,funds,d,negative,,s2,");
    texts n = {ENT, r, SRC};
    kg_diff *d = diff_both(&BASE, &n, 1);
    char *csv = write_diff(d, KG_DIFF_CSV);
    assert_string_equal(csv, "change,kind,id,source,relation,target,citation,field,old,new\n"
                             "changed,relation,,c,funds,d,,polarity,neutral,negative\n"
                             "changed,citation,,c,funds,d,s2,polarity,neutral,negative\n");
    char *json = write_diff(d, KG_DIFF_JSON);
    assert_contains(json, "\"relations\": {\"added\": 0, \"removed\": 0, \"changed\": 1}");
    assert_contains(json, "{\"change\":\"changed\",\"source\":\"c\",\"relation\":\"funds\","
                          "\"target\":\"d\",\"old_citations\":1,\"new_citations\":1,"
                          "\"fields\":[{\"field\":\"polarity\",\"old\":\"neutral\",\"new\":\"negative\"}]");
    assert_contains(json, "\"text\": \"1 relation changed\"");
    free(csv);
    free(json);
    kg_diff_free(d);
    free(r);
}

static void text_shows_line_breaks_and_colours_on_request(void **state)
{
    (void)state;
    char *r = replace(REL, "\"Funding,\nsecond line\"", "\"Funding,\nthird line\"");
    texts n = {ENT, r, SRC};
    kg_diff *d = diff_both(&BASE, &n, 1);
    char *text = text_of(d);
    assert_contains(text, "quote: \"Funding,\\nsecond line\" \xE2\x86\x92 \"Funding,\\nthird line\"");
    free(text);
    char *col = NULL;
    size_t size;
    FILE *f = open_memstream(&col, &size);
    kg_diff_write_options wo = {KG_DIFF_TEXT, 1, "kgraph diff a b"};
    assert_int_equal(kg_diff_write(d, &wo, f), KG_OK);
    fclose(f);
    assert_contains(col, "\033[1mkgraph diff a b\033[0m\n");
    assert_contains(col, "\033[33m~ relation c -[funds]-> d\033[0m\n");
    assert_contains(col, "\033[31m\"Funding,\\nsecond line\"\033[0m");
    assert_contains(col, "\033[32m\"Funding,\\nthird line\"\033[0m");
    free(col);
    kg_diff_free(d);
    free(r);
}

/* ---- the diagram -------------------------------------------------------------------------------- */

/* Renders the diff diagram of two in-memory datasets to SVG (free with kg_free). */
static char *diagram(const texts *o, const texts *n, int context)
{
    kg_dataset *od, *nd;
    kg_diagnostics *da, *db;
    int ro = tu_load(&od, &da, o->e, o->r, o->s), rn = tu_load(&nd, &db, n->e, n->r, n->s);
    if (ro != KG_OK || rn != KG_OK) {
        kg_diagnostics_print(da, stderr, "old", 1);
        kg_diagnostics_print(db, stderr, "new", 1);
    }
    assert_int_equal(ro, KG_OK);
    assert_int_equal(rn, KG_OK);
    kg_diff *d;
    assert_int_equal(kg_diff_compute(&d, od, nd, NULL), KG_OK);
    kg_diff_graph_options go;
    kg_diff_graph_options_init(&go);
    go.context = context;
    go.title = "old \xE2\x86\x92 new";
    Agraph_t *g;
    assert_int_equal(kg_diff_graph_build(&g, d, od, nd, &go, NULL), KG_OK);
    kg_render_options ropts = {.format = KG_FORMAT_SVG, .engine = "dot"};
    char *svg;
    size_t size;
    assert_int_equal(kg_render_data(g, &ropts, &svg, &size, NULL), KG_OK);
    kg_graph_free(g);
    kg_diff_free(d);
    kg_dataset_free(od);
    kg_dataset_free(nd);
    kg_diagnostics_free(da);
    kg_diagnostics_free(db);
    return svg;
}

/* Counts the edges of g whose label is not empty. */
static size_t labelled_edges(Agraph_t *g)
{
    size_t count = 0;
    for (Agnode_t *v = agfstnode(g); v; v = agnxtnode(g, v))
        for (Agedge_t *e = agfstout(g, v); e; e = agnxtout(g, e)) {
            static char name[] = "label";
            const char *label = agget(e, name);
            count += label && label[0];
        }
    return count;
}

/* The diff diagram follows kg_graph_build's rule: past KG_EDGE_LABELS_MAX drawn edges no
 * edge carries a label (placing them costs minutes) and a note says so, unless
 * all_edge_labels asks for them; at the limit every edge keeps its label. */
static void diagram_edge_labels_stop_past_the_limit(void **state)
{
    (void)state;
    size_t counts[2] = {KG_EDGE_LABELS_MAX, KG_EDGE_LABELS_MAX + 1};
    for (int k = 0; k < 2; k++) {
        size_t m = counts[k];
        char *ents = malloc(32 * (m + 2)), *rels = malloc(48 * (m + 2));
        size_t el = (size_t)sprintf(ents, "id,label\n"), rl = (size_t)sprintf(rels, "source,relation,target\n");
        for (size_t i = 0; i <= m; i++)
            el += (size_t)sprintf(ents + el, "e%zu,E%zu\n", i, i);
        for (size_t i = 0; i < m; i++)
            rl += (size_t)sprintf(rels + rl, "e%zu,next,e%zu\n", i, i + 1);
        kg_dataset *od, *nd;
        kg_diagnostics *da, *db, *dg;
        assert_int_equal(tu_load(&od, &da, "id,label\ne0,E0\n", "source,relation,target\n", NULL), KG_OK);
        assert_int_equal(tu_load(&nd, &db, ents, rels, NULL), KG_OK);
        assert_int_equal(kg_diagnostics_new(&dg, 0), KG_OK);
        kg_diff *d;
        assert_int_equal(kg_diff_compute(&d, od, nd, NULL), KG_OK);
        kg_diff_graph_options go;
        kg_diff_graph_options_init(&go);
        go.legend = 0;
        Agraph_t *g;
        assert_int_equal(kg_diff_graph_build(&g, d, od, nd, &go, dg), KG_OK);
        assert_int_equal(agnedges(g), m);
        assert_int_equal(labelled_edges(g), k == 0 ? m : 0);
        assert_int_equal(tu_diag_has(dg, "only changed edges carry labels past 2500"), k == 1);
        kg_graph_free(g);
        go.all_edge_labels = 1;
        assert_int_equal(kg_diff_graph_build(&g, d, od, nd, &go, NULL), KG_OK);
        assert_int_equal(labelled_edges(g), m);
        kg_graph_free(g);
        kg_diff_free(d);
        kg_dataset_free(od);
        kg_dataset_free(nd);
        kg_diagnostics_free(da);
        kg_diagnostics_free(db);
        kg_diagnostics_free(dg);
        free(ents);
        free(rels);
    }
}

/* The SVG text of the element with this id, up to its closing </g>. */
static char *element(const char *svg, const char *id)
{
    char pat[256];
    snprintf(pat, sizeof pat, "id=\"%s\"", id);
    const char *at = strstr(svg, pat);
    if (!at)
        return NULL;
    const char *end = strstr(at, "</g>\n</g>");
    size_t n = end ? (size_t)(end - at) : strlen(at);
    char *out = malloc(n + 1);
    memcpy(out, at, n);
    out[n] = '\0';
    return out;
}

static void assert_element(const char *svg, const char *id, const char *needle)
{
    char *el = element(svg, id);
    if (!el)
        fail_msg("no element %s in the SVG", id);
    if (!strstr(el, needle))
        fail_msg("element %s lacks %s:\n%s", id, needle, el);
    free(el);
}

static void the_diagram_colours_added_removed_changed_and_unchanged(void **state)
{
    (void)state;
    /* b changed (label), d removed with its relation, e added with one, a -meets-> b
     * changed (quote), b -sanctions-> c unchanged */
    char *e1 = replace(ENT, "b,Beta,", "b,Beta Republic,");
    char *e2 = replace(e1, "d,Delta,person,,,\n", "e,Epsilon,person,,,\n");
    char *r1 = replace(REL, "Second meeting.", "\"Second meeting, in Rome.\"");
    char *r2 = replace(r1, "c,funds,d,", "c,funds,e,");
    char *r3 = replace(r2, ",1,d\n", ",1,e\n");
    texts n = {e2, r3, SRC};
    char *svg = diagram(&BASE, &n, -1);
    assert_element(svg, "e&#45;b", "class=\"node entity diff&#45;changed\"");
    assert_element(svg, "e&#45;b", "stroke=\"#000000\"");
    assert_element(svg, "e&#45;e", "class=\"node entity diff&#45;added\"");
    assert_element(svg, "e&#45;e", "stroke=\"#0072b2\"");
    assert_element(svg, "e&#45;d", "class=\"node entity diff&#45;removed\"");
    assert_element(svg, "e&#45;d", "stroke=\"#e69f00\"");
    assert_element(svg, "e&#45;d", "stroke-dasharray");
    assert_element(svg, "e&#45;c", "class=\"node entity diff&#45;unchanged\"");
    assert_element(svg, "e&#45;c", "stroke=\"#bdbdbd\"");
    assert_element(svg, "r&#45;a&#45;&#45;meets&#45;&#45;b", "diff&#45;changed");
    assert_element(svg, "r&#45;a&#45;&#45;meets&#45;&#45;b", "stroke=\"#000000\"");
    assert_element(svg, "r&#45;c&#45;&#45;funds&#45;&#45;d", "diff&#45;removed");
    assert_element(svg, "r&#45;c&#45;&#45;funds&#45;&#45;d", "stroke=\"#e69f00\"");
    assert_element(svg, "r&#45;c&#45;&#45;funds&#45;&#45;d", "stroke-dasharray");
    assert_element(svg, "r&#45;c&#45;&#45;funds&#45;&#45;e", "stroke=\"#0072b2\"");
    assert_element(svg, "r&#45;b&#45;&#45;sanctions&#45;&#45;c", "stroke=\"#bdbdbd\"");
    /* the legend names every colour used */
    assert_element(svg, "legend&#45;diff&#45;added", "stroke=\"#0072b2\"");
    assert_element(svg, "legend&#45;diff&#45;removed", "stroke=\"#e69f00\"");
    assert_element(svg, "legend&#45;diff&#45;changed", "stroke=\"#000000\"");
    assert_element(svg, "legend&#45;diff&#45;unchanged", "stroke=\"#bdbdbd\"");
    /* the tooltip of the changed relation says what changed */
    assert_element(svg, "a_r&#45;a&#45;&#45;meets&#45;&#45;b", "quote: Second meeting. \xE2\x86\x92 Second meeting, in Rome.");
    kg_free(svg);
    free(e1);
    free(e2);
    free(r1);
    free(r2);
    free(r3);
}

static void context_keeps_what_changed_and_its_neighbourhood(void **state)
{
    (void)state;
    /* a chain a - b - c - d - e; only d -> e changes */
    const char *ent = "id\na\nb\nc\nd\ne\n";
    const char *ro = "source,relation,target,polarity\na,x,b,\nb,x,c,\nc,x,d,\nd,x,e,\n";
    const char *rn = "source,relation,target,polarity\na,x,b,\nb,x,c,\nc,x,d,\nd,x,e,negative\n";
    texts o = {ent, ro, NULL}, n = {ent, rn, NULL};
    char *svg0 = diagram(&o, &n, 0), *svg1 = diagram(&o, &n, 1), *all = diagram(&o, &n, -1);
    assert_non_null(strstr(svg0, "id=\"e&#45;d\""));
    assert_non_null(strstr(svg0, "id=\"e&#45;e\""));
    assert_null(strstr(svg0, "id=\"e&#45;c\""));
    assert_non_null(strstr(svg1, "id=\"e&#45;c\""));
    assert_non_null(strstr(svg1, "id=\"r&#45;c&#45;&#45;x&#45;&#45;d\""));
    assert_null(strstr(svg1, "id=\"e&#45;b\""));
    assert_non_null(strstr(all, "id=\"e&#45;a\""));
    kg_free(svg0);
    kg_free(svg1);
    kg_free(all);
}

static void the_diagram_needs_the_datasets_the_diff_came_from(void **state)
{
    (void)state;
    kg_diff *d;
    kg_diagnostics *a, *b;
    assert_int_equal(load_diff(&d, &BASE, &BASE, KG_DIFF_MODEL, &a, &b), KG_OK);
    kg_dataset *ds;
    kg_diagnostics *dd;
    assert_int_equal(tu_load(&ds, &dd, ENT, REL, SRC), KG_OK);
    Agraph_t *g = NULL;
    assert_int_equal(kg_diff_graph_build(&g, d, ds, ds, NULL, NULL), KG_EUSAGE);
    assert_null(g);
    kg_diff_free(d);
    kg_dataset_free(ds);
    kg_diagnostics_free(a);
    kg_diagnostics_free(b);
    kg_diagnostics_free(dd);
}

/* ---- memory --------------------------------------------------------------------------------------- */

static void allocation_failures_are_reported_and_leak_nothing(void **state)
{
    (void)state;
    kg_dataset *od, *nd;
    kg_diagnostics *da, *db;
    char *r = replace(REL, "Second meeting.", "Another meeting.");
    assert_int_equal(tu_load(&od, &da, ENT, REL, SRC), KG_OK);
    assert_int_equal(tu_load(&nd, &db, ENT, r, SRC), KG_OK);
    int done = 0;
    for (unsigned long n = 1; !done && n < 10000; n++) {
        kg_diff *d = NULL;
        kg_alloc__fail_after(n);
        int rc = kg_diff_compute(&d, od, nd, NULL);
        char *text = NULL;
        if (rc == KG_OK) {
            Agraph_t *g = NULL;
            int grc = kg_diff_graph_build(&g, d, od, nd, NULL, NULL);
            assert_true(grc == KG_OK || grc == KG_ENOMEM);
            kg_graph_free(g);
            done = grc == KG_OK;
            text = NULL;
        } else {
            assert_int_equal(rc, KG_ENOMEM);
            assert_null(d);
        }
        kg_alloc__fail_after(0);
        free(text);
        kg_diff_free(d);
    }
    assert_true(done);
    kg_dataset_free(od);
    kg_dataset_free(nd);
    kg_diagnostics_free(da);
    kg_diagnostics_free(db);
    free(r);
}

/* A dataset of n entities in a chain (every entity in a relation), as texts of buffers
 * the caller frees; every 97th relation's quote gets suffix. */
static texts chain(size_t n, const char *suffix, char **ebuf, char **rbuf)
{
    size_t cap = 64 * (n + 1);
    *ebuf = malloc(cap);
    *rbuf = malloc(2 * cap);
    assert_non_null(*ebuf);
    assert_non_null(*rbuf);
    size_t el = (size_t)sprintf(*ebuf, "id,label\n"), rl = (size_t)sprintf(*rbuf, "source,relation,target,quote\n");
    for (size_t i = 0; i < n; i++) {
        el += (size_t)sprintf(*ebuf + el, "entity%zu,Entity number %zu\n", i, i);
        rl += (size_t)sprintf(*rbuf + rl, "entity%zu,precedes,entity%zu,\"Quote %zu%s\"\n", i, (i + 1) % n, i,
                              i % 97 == 0 ? suffix : "");
    }
    return (texts){*ebuf, *rbuf, NULL};
}

/* Inputs of 1 MiB or more are scanned by two threads a phase; smaller ones in the calling
 * thread. Both ways agree with the model. */
static void the_scan_agrees_with_the_model_with_and_without_threads(void **state)
{
    (void)state;
    static const size_t sizes[] = {300, 12000};
    for (size_t k = 0; k < 2; k++) {
        char *e1, *r1, *e2, *r2;
        texts o = chain(sizes[k], "", &e1, &r1), n = chain(sizes[k], " (edited)", &e2, &r2);
        if (k == 1)
            assert_true(strlen(e1) + strlen(r1) + strlen(e2) + strlen(r2) >= (1u << 20));
        kg_diff *d = diff_both(&o, &n, 1);
        kg_diff_totals t;
        kg_diff_totals_get(d, &t);
        assert_int_equal(t.relations[KG_CHANGE_CHANGED], (sizes[k] + 96) / 97);
        kg_diff_free(d);
        free(e1);
        free(r1);
        free(e2);
        free(r2);
    }
}

/* C1 controls and bidirectional controls never reach a terminal raw: the text output shows
 * them as \uXXXX (the header is the git driver's, with paths from the repository). */
static void text_escapes_c1_and_bidi_controls(void **state)
{
    (void)state;
    kg_diff *d = diff_both(&BASE, &BASE, 1);
    char *out = NULL;
    size_t size;
    FILE *f = open_memstream(&out, &size);
    kg_diff_write_options wo = {KG_DIFF_TEXT, 0,
                                "kgraph diff a/x\xC2\x9B" "2J\xE2\x80\xAE" "evil\xE2\x81\xA9 "
                                "\xC2\xA0\xE2\x80\xA9\xC2\x85\xE2\x81\xA6."};
    assert_int_equal(kg_diff_write(d, &wo, f), KG_OK);
    fclose(f);
    assert_contains(out, "kgraph diff a/x\\u009B2J\\u202Eevil\\u2069 \xC2\xA0\xE2\x80\xA9\\u0085\\u2066.\n");
    free(out);
    kg_diff_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(identical_datasets_have_no_differences),
        cmocka_unit_test(reordered_requoted_crlf_bom_and_column_order_are_no_differences),
        cmocka_unit_test(an_entity_added_removed_and_changed_is_reported_field_by_field),
        cmocka_unit_test(an_entity_whose_id_changed_is_renamed_by_both_methods),
        cmocka_unit_test(unknown_columns_are_compared_by_header),
        cmocka_unit_test(a_source_change_is_reported),
        cmocka_unit_test(relations_added_and_removed_are_reported_with_their_citations),
        cmocka_unit_test(polarity_date_confidence_and_claimed_by_changes_are_fields),
        cmocka_unit_test(citations_added_removed_and_quote_edited_are_told_apart),
        cmocka_unit_test(a_doc_change_with_the_same_quote_pairs_the_citations),
        cmocka_unit_test(invalid_input_is_reported_as_the_loader_reports_it),
        cmocka_unit_test(warnings_and_unusual_csv_make_the_scan_fall_back),
        cmocka_unit_test(a_single_file_diff_takes_references_as_they_are),
        cmocka_unit_test(csv_and_json_give_old_and_new_values_per_field),
        cmocka_unit_test(text_shows_line_breaks_and_colours_on_request),
        cmocka_unit_test(the_diagram_colours_added_removed_changed_and_unchanged),
        cmocka_unit_test(context_keeps_what_changed_and_its_neighbourhood),
        cmocka_unit_test(the_diagram_needs_the_datasets_the_diff_came_from),
        cmocka_unit_test(diagram_edge_labels_stop_past_the_limit),
        cmocka_unit_test(allocation_failures_are_reported_and_leak_nothing),
        cmocka_unit_test(the_scan_agrees_with_the_model_with_and_without_threads),
        cmocka_unit_test(text_escapes_c1_and_bidi_controls),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    kg_render_shutdown();
    return failed;
}
