/* test_report.c: kg_report_write: HTML and Markdown content (every quote, sections, links),
 * hostile values escaped, no external resource, views, determinism, and failures. */
#include "testutil.h"
#include "svgcheck.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define ENTITIES                                                                          \
    "id,label,type,description,url\n"                                                    \
    "xi,Xi Jinping,person,President of China,https://example.org/xi?a=1&b=2\n"            \
    "putin,Vladimir Putin,person,\"Pipe | star * under_score [x](javascript:alert(1)) "   \
    "`tick` <b>bold</b> &amp;\",\n"                                                       \
    "evil,<script>alert('e')</script>,\"ty\"\"pe\",\"line one\nline two\",\n"             \
    "lonely,Lonely,place,,\n"
#define RELATIONS                                                                         \
    "source,relation,target,polarity,date,doc,quote,confidence,claimed_by\n"             \
    "xi,meets,putin,positive,2022-02-04,s1,\"Xi met Putin | in Beijing\",0.9,\n"          \
    "xi,meets,putin,positive,2022,s2,A second quote about the meeting,,evil\n"            \
    "putin,praises,evil,negative,,s1,\"</q><script>alert(2)</script>\",,\n"              \
    "evil,threatens,xi,neutral,2021-03,s2,\"# heading? - list? **bold**\",1,\n"
#define SOURCES                                                                           \
    "id,title,publisher,author,date,url\n"                                                \
    "s1,First <source>,Pub,Auth,2022,https://news.example/1\n"                            \
    "s2,Second source,,,,\n"

typedef struct fixture {
    kg_dataset *ds;
    kg_diagnostics *diags;
    char *dir;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f || tu_load(&f->ds, &f->diags, ENTITIES, RELATIONS, SOURCES) != KG_OK)
        return -1;
    f->dir = tu_mkdtemp();
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    tu_rmtree(f->dir);
    kg_dataset_free(f->ds);
    kg_diagnostics_free(f->diags);
    free(f);
    return 0;
}

/* Writes the report with opts into dir/name and returns its text (free()). */
static char *write_report(fixture *f, const kg_report_options *opts, const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", f->dir, name);
    if (kg_report_write(f->ds, opts, path, NULL) != KG_OK)
        fail_msg("kg_report_write: %s", kg_last_error());
    char *text = tu_read(path, NULL);
    assert_non_null(text);
    return text;
}

static void expect(const char *text, const char *needle)
{
    if (!strstr(text, needle))
        fail_msg("missing: %s", needle);
}

static void expect_not(const char *text, const char *needle)
{
    if (strstr(text, needle))
        fail_msg("present: %s", needle);
}

static void test_html_holds_every_section_quote_and_link(void **state)
{
    fixture *f = *state;
    kg_report_options o;
    kg_report_options_init(&o);
    o.title = "Alignment & <friends>";
    char *html = write_report(f, &o, "r.html");
    static const char *const present[] = {
        "<!DOCTYPE html>", "<title>Alignment &amp; &lt;friends&gt;</title>",
        "<section id=\"overview\">", "<section id=\"statistics\">", "<section id=\"entities\">",
        "<section id=\"sources\">", "<section id=\"evidence\">",
        "<section class=\"entity\" id=\"entity-xi\">", "<section class=\"entity\" id=\"entity-lonely\">",
        /* every quote, escaped */
        "<q>Xi met Putin | in Beijing</q>", "<q>A second quote about the meeting</q>",
        "<q>&lt;/q&gt;&lt;script&gt;alert(2)&lt;/script&gt;</q>",
        "<q># heading? - list? **bold**</q>",
        /* links: nodes to sections, citations to sources, urls outbound */
        "xlink:href=\"#entity-putin\"", "<a href=\"#source-s1\">First &lt;source&gt;</a>",
        "<li id=\"source-s1\">", "href=\"https://example.org/xi?a=1&amp;b=2\"",
        "href=\"https://news.example/1\"",
        /* statistics */
        "<tr><th>Entities</th><td class=\"num\">4</td></tr>",
        "<tr><th>Relations</th><td class=\"num\">3</td></tr>",
        "<tr><th>Citations</th><td class=\"num\">4</td></tr>",
        "<tr><th>Connected components</th><td class=\"num\">2</td></tr>",
        "<tr><th>Entities in no relation</th><td class=\"num\">1</td></tr>",
        /* most connected, from kgraph/stats.h: degree 2 each (a triangle), ties by
         * citations (xi 3, putin 3, evil 2), then file order; no betweenness in a
         * triangle; lonely (degree 0) not listed */
        "<tr><td class=\"num\">1</td><td><a href=\"#entity-xi\">Xi Jinping</a></td>"
        "<td class=\"num\">2</td><td class=\"num\">3</td><td class=\"num\">0.0000</td></tr>\n"
        "<tr><td class=\"num\">2</td><td><a href=\"#entity-putin\">",
        "The first 3 of 4 entities by degree",
        "No relations in this view.", "claimed by <a href=\"#entity-evil\">",
        "id=\"relation-xi--meets--putin\""};
    for (size_t i = 0; i < sizeof present / sizeof present[0]; i++)
        expect(html, present[i]);
    /* hostile values are text, never markup */
    expect(html, "&lt;script&gt;alert(&#39;e&#39;)&lt;/script&gt;");
    expect(html, "ty&quot;pe");
    expect_not(html, "<script");
    expect_not(html, "javascript:alert(1))\"");
    /* no external resource: nothing is loaded from anywhere */
    static const char *const loads[] = {"<link", "<img", "<iframe", "<object", "<embed",
                                        "src=", "@import", "url(http", "url(//"};
    for (size_t i = 0; i < sizeof loads / sizeof loads[0]; i++)
        expect_not(html, loads[i]);
    free(html);
}

static void test_html_diagrams_are_safe_fragments_with_distinct_ids(void **state)
{
    fixture *f = *state;
    char *html = write_report(f, NULL, "r.html");
    size_t count = 0;
    for (const char *p = html; (p = strstr(p, "<svg")); count++) {
        const char *end = strstr(p, "</svg>");
        assert_non_null(end);
        end += 6;
        char why[256];
        if (svg_check(p, (size_t)(end - p), why, sizeof why) != 0)
            fail_msg("diagram %zu: %s", count, why);
        assert_null(strstr(p, "<?xml") && strstr(p, "<?xml") < end ? "prolog" : NULL);
        p = end;
    }
    assert_int_equal(count, 4); /* the overview and three entities with relations */
    expect(html, "id=\"ov-e&#45;xi\"");
    expect(html, "id=\"f-xi-e&#45;xi\"");
    expect_not(html, "<!DOCTYPE svg");
    /* ids are unique over the page */
    for (const char *p = html; (p = strstr(p, " id=\"")); p++) {
        const char *end = strchr(p + 5, '"');
        char id[300];
        snprintf(id, sizeof id, " id=\"%.*s\"", (int)(end - p - 5), p + 5);
        const char *again = strstr(end, id);
        if (again)
            fail_msg("id used twice: %s", id);
    }
    free(html);
}

static void test_reports_are_deterministic(void **state)
{
    fixture *f = *state;
    char *a = write_report(f, NULL, "a.html"), *b = write_report(f, NULL, "b.html");
    assert_string_equal(a, b);
    free(a);
    free(b);
}

static void test_markdown_escapes_cells_and_links_svg_files_beside_it(void **state)
{
    fixture *f = *state;
    kg_report_options o;
    kg_report_options_init(&o);
    o.format = KG_REPORT_MARKDOWN;
    char *md = write_report(f, &o, "brief.md");
    static const char *const present[] = {
        "# Report\n", "![Overview diagram with legend](brief_files/overview.svg)",
        "![Xi Jinping and its direct neighbours](brief_files/entity-xi.svg)",
        "| Relation | Polarity | Evidence |",
        /* quotes as escaped text: a | cannot end a cell, markup stays literal */
        "\xE2\x80\x9CXi met Putin \\| in Beijing\xE2\x80\x9D",
        "\xE2\x80\x9C\\</q\\>\\<script\\>alert\\(2\\)\\</script\\>\xE2\x80\x9D",
        "\xE2\x80\x9C\\# heading? \\- list? \\*\\*bold\\*\\*\xE2\x80\x9D",
        "Pipe \\| star \\* under\\_score \\[x\\]\\(javascript:alert\\(1\\)\\) \\`tick\\` "
        "\\<b\\>bold\\</b\\> \\&amp;",
        "line one line two", "[Vladimir Putin](#vladimir-putin)",
        "[xi\\-example](<https://example.org/xi?a=1&amp;b=2>)" + 0};
    for (size_t i = 0; i < sizeof present / sizeof present[0] - 1; i++)
        expect(md, present[i]);
    expect(md, "(<https://example.org/xi?a=1&amp;b=2>)");
    expect_not(md, "<script>");
    expect_not(md, "<q>");
    expect(md, "| # | Entity | Degree | Citations | Betweenness |\n"
               "| ---: | --- | ---: | ---: | ---: |\n"
               "| 1 | [Xi Jinping](#xi-jinping) | 2 | 3 | 0.0000 |\n");
    expect(md, "| Connected components | 2 |\n");
    /* every table row has as many unescaped | as its table's header */
    size_t header_bars = 0;
    for (const char *line = md; *line;) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        if (len > 0 && line[0] == '|') {
            size_t bars = 0;
            for (size_t k = 0; k < len; k++)
                bars += line[k] == '|' && (k == 0 || line[k - 1] != '\\');
            if (!header_bars)
                header_bars = bars;
            else if (bars != header_bars)
                fail_msg("table row with %zu cells, header %zu: %.*s", bars - 1,
                         header_bars - 1, (int)len, line);
        } else {
            header_bars = 0;
        }
        line += len + (end != NULL);
    }
    char path[512];
    static const char *const files[] = {"overview.svg", "entity-xi.svg", "entity-putin.svg",
                                        "entity-evil.svg"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(path, sizeof path, "%s/brief_files/%s", f->dir, files[i]);
        size_t size;
        char *svg = tu_read(path, &size), why[256];
        if (!svg)
            fail_msg("missing %s", path);
        if (svg_check(svg, size, why, sizeof why) != 0)
            fail_msg("%s: %s", files[i], why);
        free(svg);
    }
    snprintf(path, sizeof path, "%s/brief_files/entity-lonely.svg", f->dir);
    assert_null(tu_read(path, NULL)); /* no relations: no diagram */
    free(md);
}

static void test_views_limit_the_whole_report(void **state)
{
    fixture *f = *state;
    const char *types[] = {"person"};
    kg_view_options v;
    unsigned char *em, *rm;
    kg_view_options_init(&v);
    v.types = types;
    v.n_types = 1;
    assert_int_equal(kg_view_select(&em, &rm, f->ds, &v), KG_OK);
    kg_report_options o;
    kg_report_options_init(&o);
    o.entity_mask = em;
    o.relation_mask = rm;
    char *html = write_report(f, &o, "view.html");
    expect(html, "id=\"entity-xi\"");
    expect(html, "id=\"entity-putin\"");
    expect_not(html, "id=\"entity-evil\"");
    expect_not(html, "id=\"entity-lonely\"");
    expect_not(html, "alert(2)"); /* the quote of a relation outside the view */
    expect(html, "<tr><th>Relations</th><td class=\"num\">1</td></tr>");
    free(html);
    kg_free(em);
    kg_free(rm);
}

static void test_bad_requests_write_nothing(void **state)
{
    fixture *f = *state;
    kg_report_options o;
    kg_report_options_init(&o);
    o.format = KG_REPORT_MARKDOWN;
    assert_int_equal(kg_report_write(f->ds, &o, "-", NULL), KG_EUSAGE);
    char path[512];
    snprintf(path, sizeof path, "%s/missing/dir/r.html", f->dir);
    o.format = KG_REPORT_HTML;
    assert_int_equal(kg_report_write(f->ds, &o, path, NULL), KG_EIO);
    o.engine = "nosuch";
    snprintf(path, sizeof path, "%s/r.html", f->dir);
    assert_int_not_equal(kg_report_write(f->ds, &o, path, NULL), KG_OK);
    assert_null(tu_read(path, NULL));
    kg_report_format fmt;
    assert_int_equal(kg_report_format_from_path(&fmt, "a/b.md"), KG_OK);
    assert_int_equal(fmt, KG_REPORT_MARKDOWN);
    assert_int_equal(kg_report_format_from_path(&fmt, "b.HTML"), KG_EUSAGE);
    assert_int_equal(kg_report_format_from_path(&fmt, "x.d/noext"), KG_EUSAGE);
    assert_int_equal(kg_report_format_parse(&fmt, "html"), KG_OK);
    assert_int_equal(fmt, KG_REPORT_HTML);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_html_holds_every_section_quote_and_link, setup, teardown),
        cmocka_unit_test_setup_teardown(test_html_diagrams_are_safe_fragments_with_distinct_ids,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_reports_are_deterministic, setup, teardown),
        cmocka_unit_test_setup_teardown(test_markdown_escapes_cells_and_links_svg_files_beside_it,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_views_limit_the_whole_report, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_requests_write_nothing, setup, teardown),
    };
    int failures = cmocka_run_group_tests(tests, NULL, NULL);
    kg_render_shutdown();
    return failures;
}
