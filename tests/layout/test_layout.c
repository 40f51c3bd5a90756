/* test_layout.c: the saved layout (kg_layout_*: store, JSON file round trip, refused files,
 * the fit check, the fingerprint) and time slices (kg_slices_*: parsing, period boundaries
 * across years, the dating rule, undated citations, empty periods, ranges). */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kgraph/layout.h"

#define ENT "id,label,type\na,A,t\nb,B,t\nc,C,t\nd,D,t\n"
#define REL "source,relation,target,date,doc\na,meets,b,2021-11-30,s1\nb,meets,c,,s1\nc,meets,d,,s2\n"
#define SRC "id,title,date\ns1,One,2022-01\ns2,Two,\n"

static void test_round_trip(void **state)
{
    (void)state;
    kg_layout *l = NULL, *back = NULL;
    assert_int_equal(kg_layout_new(&l), KG_OK);
    assert_int_equal(kg_layout_add(l, "a", NULL, 1.5, -2.25, 40, 20), KG_OK);
    assert_int_equal(kg_layout_add(l, "quote\"and\\back\xC3\xA9", NULL, 3, 4, 5, 6), KG_OK);
    assert_int_equal(kg_layout_add(l, NULL, "legend-type-t", 7, 8, 9, 10), KG_OK);
    assert_int_equal(kg_layout_add(l, "a", NULL, 0, 0, 0, 0), KG_EUSAGE); /* twice */
    assert_int_equal(kg_layout_add(l, NULL, "a", 0, 0, 0, 0), KG_OK);      /* another space */
    assert_int_equal(kg_layout_add(l, "x", "y", 0, 0, 0, 0), KG_EUSAGE);
    char *dir = strdup(tu_mkdtemp()), path[1024];
    snprintf(path, sizeof path, "%s/l.json", dir);
    assert_int_equal(kg_layout_write(l, path), KG_OK);
    assert_int_equal(kg_layout_read(&back, path), KG_OK);
    assert_int_equal(kg_layout_count(back), 4);
    const kg_layout_node *n = kg_layout_find(back, "quote\"and\\back\xC3\xA9", NULL);
    assert_non_null(n);
    assert_true(n->x == 3 && n->height == 6);
    n = kg_layout_find(back, "a", NULL);
    assert_true(n && n->x == 1.5 && n->y == -2.25);
    assert_non_null(kg_layout_find(back, NULL, "legend-type-t"));
    assert_null(kg_layout_find(back, "legend-type-t", NULL));
    /* the same layout, the same bytes */
    char path2[1024];
    snprintf(path2, sizeof path2, "%s/l2.json", dir);
    assert_int_equal(kg_layout_write(back, path2), KG_OK);
    size_t s1, s2;
    char *t1 = tu_read(path, &s1), *t2 = tu_read(path2, &s2);
    assert_int_equal(s1, s2);
    assert_memory_equal(t1, t2, s1);
    free(t1);
    free(t2);
    kg_layout_free(l);
    kg_layout_free(back);
    tu_rmtree(dir);
    free(dir);
}

/* Parses text; returns the status and leaves the message in kg_last_error(). */
static int parse(const char *text)
{
    kg_layout *l = NULL;
    int rc = kg_layout_parse(&l, text, strlen(text), "f.json");
    if (rc != KG_OK)
        assert_null(l);
    kg_layout_free(l);
    return rc;
}

static void test_refused_files(void **state)
{
    (void)state;
    assert_int_equal(parse("{\"format\":\"kgraph-layout\",\"version\":1,\"nodes\":[],\"later\":{\"x\":[1,true,null]}}"), KG_OK);
    assert_int_equal(parse("{\"format\":\"kgraph-layout\",\"version\":2,\"nodes\":[]}"), KG_EINVALID);
    assert_non_null(strstr(kg_last_error(), "f.json: layout format version 2 is newer"));
    assert_int_equal(parse("{\"format\":\"kgraph-layout\",\n\"version\":1,\n\"nodes\":[{\"x\":1}]}"), KG_EINVALID);
    assert_non_null(strstr(kg_last_error(), "f.json:3: not a kgraph layout file"));
    assert_int_equal(parse("{\"format\":\"other\",\"version\":1,\"nodes\":[]}"), KG_EINVALID);
    assert_int_equal(parse("{\"format\":\"kgraph-layout\",\"nodes\":[]}"), KG_EINVALID);
    assert_int_equal(parse("{\"format\":\"kgraph-layout\",\"version\":1.5,\"nodes\":[]}"), KG_EINVALID);
    assert_int_equal(parse("{\"format\":\"kgraph-layout\",\"version\":1,\"nodes\":[]} x"), KG_EINVALID);
    assert_int_equal(parse("{\"format\":\"kgraph-layout\",\"version\":1,\"nodes\":[{\"entity\":\"a\",\"x\":1e7,\"y\":0,\"width\":1,\"height\":1}]}"), KG_EINVALID);
    assert_int_equal(parse("{\"format\":\"kgraph-layout\",\"version\":1,\"nodes\":[{\"entity\":\"\\u0000\",\"x\":1,\"y\":0,\"width\":1,\"height\":1}]}"), KG_EINVALID);
    assert_int_equal(parse("{\"format\":\"kgraph-layout\",\"version\":1,\"nodes\":[{\"entity\":\"\\ud800\",\"x\":1,\"y\":0,\"width\":1,\"height\":1}]}"), KG_EINVALID);
    assert_int_equal(parse("{\"format\":\"kgraph-layout\",\"version\":1,\"units\":\"inches\",\"nodes\":[]}"), KG_EINVALID);
    assert_int_equal(parse(""), KG_EINVALID);
    assert_int_equal(parse("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["), KG_EINVALID);
    char deep[400];
    memset(deep, '[', sizeof deep - 1);
    deep[sizeof deep - 1] = '\0';
    char text[600];
    snprintf(text, sizeof text, "{\"later\":%s", deep);
    assert_int_equal(parse(text), KG_EINVALID);
    assert_non_null(strstr(kg_last_error(), "nested too deeply"));
    kg_layout *l = NULL;
    assert_int_equal(kg_layout_read(&l, "/nonexistent/l.json"), KG_EIO);
    assert_non_null(strstr(kg_last_error(), "/nonexistent/l.json: cannot read the layout"));
}

static void test_check_and_fingerprint(void **state)
{
    (void)state;
    kg_dataset *ds = NULL, *other = NULL;
    kg_diagnostics *d1 = NULL, *d2 = NULL;
    assert_int_equal(tu_load(&ds, &d1, ENT, REL, SRC), KG_OK);
    assert_int_equal(tu_load(&other, &d2, "id\nx\ny\nz\nw\n", "source,relation,target\nx,r,y\n", NULL), KG_OK);
    char fp1[25], fp2[25];
    kg_dataset_fingerprint(ds, fp1);
    kg_dataset_fingerprint(other, fp2);
    assert_int_equal(strncmp(fp1, "fnv1a64:", 8), 0);
    assert_string_not_equal(fp1, fp2);
    kg_layout *l = NULL;
    assert_int_equal(kg_layout_new(&l), KG_OK);
    assert_int_equal(kg_layout_set_dataset(l, "mine", ds), KG_OK);
    assert_string_equal(kg_layout_fingerprint(l), fp1);
    assert_int_equal(kg_layout_add(l, "a", NULL, 0, 0, 1, 1), KG_OK);
    assert_int_equal(kg_layout_add(l, "b", NULL, 0, 0, 1, 1), KG_OK);
    assert_int_equal(kg_layout_add(l, "gone", NULL, 0, 0, 1, 1), KG_OK);
    size_t shared = 0;
    assert_int_equal(kg_layout_check(l, "l.json", ds, NULL, &shared), KG_OK); /* changed data */
    assert_int_equal(shared, 2);
    unsigned char only_a[4] = {1, 0, 0, 0};
    assert_int_equal(kg_layout_check(l, "l.json", ds, only_a, &shared), KG_OK); /* a view */
    assert_int_equal(shared, 1);
    assert_int_equal(kg_layout_check(l, "l.json", other, NULL, &shared), KG_EINVALID);
    assert_non_null(strstr(kg_last_error(), "l.json: layout of another dataset ('mine'"));
    kg_layout_free(l);
    kg_dataset_free(ds);
    kg_dataset_free(other);
    kg_diagnostics_free(d1);
    kg_diagnostics_free(d2);
}

/* "label:entities/relations/citations+new" for every slice, space-separated. */
static void describe(const kg_slices *s, char *out, size_t cap)
{
    out[0] = '\0';
    for (size_t i = 0; i < kg_slices_count(s); i++) {
        const kg_slice *sl = kg_slices_get(s, i);
        size_t len = strlen(out);
        snprintf(out + len, cap - len, "%s%s:%zu/%zu/%zu+%zu", i ? " " : "", sl->label,
                 sl->entities, sl->relations, sl->citations, sl->new_citations);
    }
}

static void test_slices(void **state)
{
    (void)state;
    kg_dataset *ds = NULL;
    kg_diagnostics *d = NULL;
    assert_int_equal(tu_load(&ds, &d, ENT, REL, SRC), KG_OK);
    kg_slice_unit unit;
    char **dates = NULL, text[512];
    size_t n = 0;
    kg_slices *s = NULL;
    /* months across the year's end: a-b on 2021-11-30, b-c by its source in 2022-01, c-d
     * undated (its source has no date); December empty */
    assert_int_equal(kg_slices_parse("month", &unit, &dates, &n), KG_OK);
    assert_int_equal(unit, KG_SLICE_MONTH);
    assert_int_equal(kg_slices_make(&s, ds, NULL, NULL, unit, NULL, 0, 0), KG_OK);
    describe(s, text, sizeof text);
    assert_string_equal(text, "2021-11:2/1/1+1 2021-12:2/1/1+0 2022-01:3/2/2+1");
    assert_int_equal(kg_slices_undated(s), 1);
    assert_string_equal(kg_slices_get(s, 1)->end, "2022-01-01");
    const unsigned char *em = kg_slices_entity_mask(s, 0), *rm = kg_slices_relation_mask(s, 2);
    assert_true(em[0] && em[1] && !em[2] && !em[3]);
    assert_true(rm[0] && rm[1] && !rm[2]);
    assert_null(kg_slices_entity_mask(s, 3));
    kg_slices_free(s);
    assert_int_equal(kg_slices_make(&s, ds, NULL, NULL, KG_SLICE_QUARTER, NULL, 0, 1), KG_OK);
    describe(s, text, sizeof text);
    assert_string_equal(text, "2021-Q4:2/1/1+1 2022-Q1:2/1/1+1");
    kg_slices_free(s);
    assert_int_equal(kg_slices_make(&s, ds, NULL, NULL, KG_SLICE_MONTH, NULL, 0, 1), KG_OK);
    describe(s, text, sizeof text);
    assert_string_equal(text, "2021-11:2/1/1+1 2021-12:0/0/0+0 2022-01:2/1/1+1");
    kg_slices_free(s);
    /* cut dates: the first day belongs to the period it starts */
    assert_int_equal(kg_slices_parse("2021-11-30,2022-01-01", &unit, &dates, &n), KG_OK);
    assert_int_equal(unit, KG_SLICE_DATES);
    assert_int_equal(n, 2);
    assert_int_equal(kg_slices_make(&s, ds, NULL, NULL, unit, (const char *const *)dates, n, 1), KG_OK);
    describe(s, text, sizeof text);
    assert_string_equal(text, "2021-11-30:2/1/1+1 2022-01-01:2/1/1+1");
    kg_slices_free(s);
    for (size_t i = 0; i < n; i++)
        kg_free(dates[i]);
    kg_free(dates);
    /* a range: periods asked for, earlier citations counted */
    assert_int_equal(kg_slices_parse("month:2021-12..2022-02", &unit, &dates, &n), KG_OK);
    assert_int_equal(kg_slices_make(&s, ds, NULL, NULL, unit, (const char *const *)dates, n, 0), KG_OK);
    describe(s, text, sizeof text);
    assert_string_equal(text, "2021-12:2/1/1+0 2022-01:3/2/2+1 2022-02:3/2/2+0");
    kg_slices_free(s);
    for (size_t i = 0; i < n; i++)
        kg_free(dates[i]);
    kg_free(dates);
    /* refused */
    assert_int_equal(kg_slices_parse("week", &unit, &dates, &n), KG_EUSAGE);
    assert_int_equal(kg_slices_parse("2022-01-01,2022-01-01", &unit, &dates, &n), KG_EUSAGE);
    assert_int_equal(kg_slices_parse("2022-13-01", &unit, &dates, &n), KG_EUSAGE);
    assert_int_equal(kg_slices_parse("month:2022..2021", &unit, &dates, &n), KG_EUSAGE);
    assert_int_equal(kg_slices_parse("2022-01-01,", &unit, &dates, &n), KG_EUSAGE);
    assert_int_equal(kg_slices_parse("year:1..2", &unit, &dates, &n), KG_EUSAGE);
    assert_int_equal(kg_slices_parse("month:0001..9999-12", &unit, &dates, &n), KG_OK);
    assert_int_equal(kg_slices_make(&s, ds, NULL, NULL, unit, (const char *const *)dates, n, 0), KG_ELIMIT);
    for (size_t i = 0; i < n; i++)
        kg_free(dates[i]);
    kg_free(dates);
    kg_dataset_free(ds);
    kg_diagnostics_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_refused_files),
        cmocka_unit_test(test_check_and_fingerprint),
        cmocka_unit_test(test_slices),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
