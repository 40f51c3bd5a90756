/* test_hostile.c: hostile datasets, one table row each, rendered to SVG and DOT: each SVG is
 * parsed with expat and walked (tests/svgcheck.h) and checked with xmllint, each DOT read
 * back by Graphviz, and the text that must or must never appear is asserted; rows the
 * loader must refuse are asserted to fail with their FILE:LINE message. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "svgcheck.h"

#define MAX_CHECKS 8

typedef struct hostile_case {
    const char *name;
    const char *entities;
    const char *relations;
    /* NULL: the dataset loads and renders. Otherwise the load must fail with a
     * diagnostic containing this text ("entities.csv:2: ..."). */
    const char *rejected;
    const char *svg_must[MAX_CHECKS];  /* texts the SVG must contain (as written in it) */
    const char *never[MAX_CHECKS];     /* texts the SVG must not contain */
    const char *dot_never[MAX_CHECKS]; /* texts the DOT must not contain */
} hostile_case;

#define TITLE "Title <script>\\N & \"q\" \xef\xbf\xbf"
#define TITLE_SVG "Title &lt;script&gt;\\N &amp; &quot;q&quot; \xef\xbf\xbd"

#define REL_AB "source,relation,target\na,links,b\n"

static const hostile_case cases[] = {
    {"script tags and event handlers in every text column",
     "id,label,type,description\n"
     "a,<script>alert(1)</script>,<svg onload=alert(2)>,<img src=x onerror=alert(3)>\n"
     "b,\"<a href=\"\"javascript:alert(4)\"\">x</a>\",,\n",
     "source,relation,target,quote\na,<script>,b,</title><script>alert(5)</script>\n",
     NULL,
     {"&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(3)&gt;",
      "&lt;/title&gt;&lt;script&gt;alert(5)&lt;/script&gt;"},
     {"<script", "<img", "<svg onload", "<a href=\"javascript"}, {NULL}},

    {"javascript: URL is refused at load",
     "id,label,url\na,A,javascript:alert(1)\nb,B,\n", REL_AB,
     "entities.csv:2: url 'javascript:alert(1)' has a scheme other than http or https", {NULL}, {NULL}, {NULL}},
    {"upper-case JaVaScRiPt: URL is refused at load",
     "id,label,url\na,A,JaVaScRiPt:alert(1)\nb,B,\n", REL_AB,
     "entities.csv:2: url 'JaVaScRiPt:alert(1)' has a scheme other than http or https", {NULL}, {NULL}, {NULL}},
    {"data: URL is refused at load",
     "id,label,url\na,A,\"data:text/html;base64,PHNjcmlwdD4=\"\nb,B,\n", REL_AB,
     "entities.csv:2: url 'data:text/html;base64,PHNjcmlwdD4=' has a scheme other than http", {NULL}, {NULL}, {NULL}},
    {"network-path URL is refused at load",
     "id,label,url\na,A,//evil.example/x\nb,B,\n", REL_AB,
     "entities.csv:2: url '//evil.example/x' starts with '//'", {NULL}, {NULL}, {NULL}},
    {"URL hiding a scheme behind a tab is refused at load",
     "id,label,url\na,A,\"java\tscript:alert(1)\"\nb,B,\n", REL_AB,
     "contains whitespace or a control character", {NULL}, {NULL}, {NULL}},

    {"quote-breaking URLs are percent-encoded inside href",
     "id,label,url\n"
     "a,A,\"https://e.example/x\"\"onmouseover=\"\"alert(1)\"\n"
     "b,B,\"/rel/'x'<y>`z`{|}^?a=1&b=2\"\n",
     REL_AB, NULL,
     {"href=\"https://e.example/x%22onmouseover=%22alert(1)\"",
      "href=\"/rel/%27x%27%3Cy%3E%60z%60%7B%7C%7D%5E?a=1&amp;b=2\""},
     {"onmouseover=\"", "\"alert(1)"}, {"onmouseover=\"", "\"alert(1)"}},

    {"backslash escapes stay literal in labels, tooltips, verbs and quotes",
     "id,label,description\n"
     "a,\"\\N \\G \\E \\T \\H \\L \\n \\l \\r\",\"desc \\N\"\n"
     "b,\\\\N,\n",
     "source,relation,target,quote\na,\\E,b,\"quoted \\G and \\N\"\n", NULL,
     {"\\N \\G \\E \\T \\H \\L \\n \\l \\r", "\\\\N", "desc \\N", "quoted \\G and \\N"},
     {"e&#45;a \\G", "kgraph \\E"}, {NULL}},

    {"DOT metacharacters cannot end a string or open a graph",
     "id,label\n"
     "a,\"x\"\"; } digraph evil { n [label=\"\"pwn\"\" URL=\"\"javascript:1\"\"]; // \"\n"
     "\"b\"\"]\",\"-> -- [ ] { } ; = /* */ # \"\n",
     "source,relation,target\na,\"\"\"] [URL=\"\"javascript:2\"\"\",\"b\"\"]\"\n", NULL,
     {"x&quot;; } digraph evil { n [label=&quot;pwn&quot;", "&#45;&gt; &#45;&#45; [ ] { } ; = /* */ #"},
     {"href=\"javascript", "<a xlink:href"}, {"URL=\"javascript"}},

    {"HTML-like labels are text, never markup",
     "id,label\na,<<b>bold</b>>\nb,\"<<TABLE><TR><TD>x</TD></TR></TABLE>>\"\n",
     "source,relation,target\na,<<i>verb</i>>,b\n", NULL,
     {"&lt;&lt;b&gt;bold&lt;/b&gt;&gt;", "&lt;&lt;TABLE&gt;&lt;TR&gt;",
      "&lt;&lt;i&gt;verb&lt;/i&gt;&gt;"},
     {"font-weight=\"bold\"", "<b>", "<TABLE", "font-style=\"italic\""}, {"=<<", "label=<"}},

    {"record-shape syntax is text, never fields",
     "id,label\na,\"{a|b}|<p> c\"\nb,\"{{|}}\"\n", REL_AB, NULL,
     {"{a|b}|&lt;p&gt; c", "{{|}}"},
     {"record"}, {"record"}},

    {"XML syntax in data is escaped text",
     "id,label\na,\"]]> <!-- --> <![CDATA[x]]> <?xml-stylesheet href='e.css'?>\"\nb,&amp; &#0; &#x1; &lt;\n",
     REL_AB, NULL,
     {"]]&gt; &lt;!&#45;&#45; &#45;&#45;&gt; &lt;![CDATA[x]]&gt;", "&amp;amp; &amp;#0; &amp;#x1; &amp;lt;"},
     {"<?xml-stylesheet", "<![CDATA[", "--> <"}, {"stylesheet="}},

    {"columns named like Graphviz attributes are data, never attributes",
     "id,label,fontname,image,shape,style,stylesheet,shapefile,imagepath,fontpath,tooltip,href,peripheries\n"
     "a,A,EVILFONT,/etc/passwd,record,\"filled,filled,filled,filled,filled,filled,filled,filled,filled,filled,filled,filled\",evil.css,/etc/hostname,/etc,/etc,javascript:1,javascript:2,9\n"
     "b,B,,,,,,,,,,,\n",
     "source,relation,target,color,penwidth,labelfontname,headURL,tailURL,arrowhead,style\n"
     "a,links,b,#ff0000,99,EVILFONT,javascript:3,javascript:4,inv,invis\n",
     NULL, {"e&#45;a"},
     {"EVILFONT", "/etc/passwd", "/etc/hostname", "evil.css", "javascript:", "stroke-width=\"99\"",
      "#ff0000", "<image"},
     {"EVILFONT", "/etc/passwd", "/etc/hostname", "evil.css", "javascript:", "penwidth=99",
      "#ff0000", "peripheries=9"}},

    {"C0 control byte is refused with FILE:LINE and column",
     "id,label\na,A\x01x\nb,B\n", REL_AB,
     "entities.csv:2: control character U+0001 in column 'label' at offset 1", {NULL}, {NULL}, {NULL}},
    {"DEL is refused with FILE:LINE and column",
     "id,label\na,A\nb,B\x7f\n", REL_AB,
     "entities.csv:3: control character U+007F in column 'label' at offset 1", {NULL}, {NULL}, {NULL}},
    {"invalid UTF-8 is refused, not re-read as Latin-1",
     "id,label\na,caf\xe9\nb,B\n", REL_AB,
     "entities.csv:2: invalid UTF-8 in column 'label': byte 0xE9 at offset 3", {NULL}, {NULL}, {NULL}},
    {"overlong UTF-8 slash is refused",
     "id,label\na,A\nb,\xc0\xaf\n", REL_AB,
     "entities.csv:3: invalid UTF-8 in column 'label': byte 0xC0 at offset 0", {NULL}, {NULL}, {NULL}},
    {"encoded surrogate is refused",
     "id,label\na,A\nb,B\n", "source,relation,target\na,\xed\xa0\x80,b\n",
     "relations.csv:2: invalid UTF-8 in column 'relation': byte 0xED at offset 0", {NULL}, {NULL}, {NULL}},

    {"XML-forbidden noncharacters are neutralised",
     "id,label\na,\"x\xef\xbf\xbe" "y\xef\xbf\xbf" "z\"\nb,\"evil \xe2\x80\x8f\"\n", REL_AB, NULL,
     {"x\xef\xbf\xbd" "y\xef\xbf\xbd" "z", "evil \xe2\x80\x8f"},
     {"\xef\xbf\xbe", "\xef\xbf\xbf"}, {"\xef\xbf\xbe", "\xef\xbf\xbf"}},
    {"bidi controls are refused at load (issue 14 item 9)",
     "id,label\na,A\nb,\"\xe2\x80\xae" "evil\xe2\x80\xac\"\n", REL_AB,
     "entities.csv:3: bidirectional control U+202E in column 'label' at offset 0", {NULL}, {NULL}, {NULL}},
    {"C1 controls are refused at load (issue 14 item 9)",
     "id,label\na,A\nb,\"evil \xc2\x85\"\n", REL_AB,
     "entities.csv:3: control character U+0085 in column 'label' at offset 5", {NULL}, {NULL}, {NULL}},

    {"ids beginning with '%' (cgraph's local names) stay distinct nodes",
     "id,label\n%1,One\n%a,A\n%%,Percent\n%3,Three\n", "source,relation,target\n%1,links,%a\n%%,links,%3\n%3,links,%1\n",
     NULL, {"id=\"e&#45;.251\"", "id=\"e&#45;.25a\"", "id=\"e&#45;.25.25\"", ">Percent<"}, {NULL}, {NULL}},

    {"a label of byte order marks alone still gives DOT that reads back",
     "id,label\na,\xef\xbb\xbf\nb,\xef\xbb\xbf\xef\xbb\xbf\n", "source,relation,target\na,\xef\xbb\xbf,b\n", NULL,
     {"\xe2\x81\xa0"}, {"\xef\xbb\xbf"}, {"\xef\xbb\xbf"}},
    {"an id of byte order marks alone is refused",
     "id,label\na,A\n\xef\xbb\xbf,B\n", "source,relation,target\na,links,a\n",
     "entities.csv:3: id holds only U+FEFF (byte order marks)", {NULL}, {NULL}, {NULL}},

    {"ids full of markup become ENC-encoded element ids",
     "id,label\n\"a\"\" onload=\"\"x\",A\n<b>,B\n", "source,relation,target\n\"a\"\" onload=\"\"x\",<i>,<b>\n", NULL,
     {"id=\"e&#45;a.22.20onload.3D.22x\"", "id=\"e&#45;.3Cb.3E\"", "id=\"r&#45;a.22.20onload.3D.22x&#45;&#45;.3Ci.3E&#45;&#45;.3Cb.3E\""},
     {"onload=\"x", "<b>", "<i>"}, {NULL}},
};

/* Fails the test unless xmllint (when installed) accepts the SVG. */
static void xmllint_accepts(const char *svg, size_t size)
{
    if (access("/usr/bin/xmllint", X_OK) != 0) {
        tu_skipped("/usr/bin/xmllint is absent (scripts/install-deps installs it): SVGs "
                   "not checked with it");
        return;
    }
    char *dir = tu_mkdtemp(), path[600], cmd[1400];
    snprintf(path, sizeof path, "%s/out.svg", dir);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(svg, 1, size, f), size);
    assert_int_equal(fclose(f), 0);
    snprintf(cmd, sizeof cmd, "/usr/bin/xmllint --noout --nonet '%s'", path);
    int st = system(cmd);
    tu_rmtree(dir);
    assert_int_equal(st, 0);
}

/* Renders g as format into a new NUL-terminated buffer (kg_free). */
static char *render(Agraph_t *g, kg_format format, size_t *size)
{
    kg_render_options ro = {.format = format, .engine = "dot"};
    char *data = NULL;
    assert_int_equal(kg_render_data(g, &ro, &data, size, NULL), KG_OK);
    assert_non_null(data);
    return data;
}

static void check_case(const hostile_case *c)
{
    print_message("case: %s\n", c->name);
    kg_dataset *ds;
    kg_diagnostics *diags;
    int rc = tu_load(&ds, &diags, c->entities, c->relations, NULL);
    if (c->rejected) {
        assert_int_not_equal(rc, KG_OK);
        assert_null(ds);
        if (!tu_diag_has(diags, c->rejected)) {
            kg_diagnostics_print(diags, stderr, "diagnostics", 1);
            fail_msg("%s: no diagnostic contains \"%s\"", c->name, c->rejected);
        }
        kg_diagnostics_free(diags);
        return;
    }
    if (rc != KG_OK) {
        kg_diagnostics_print(diags, stderr, "diagnostics", 1);
        fail_msg("%s: the dataset does not load", c->name);
    }
    kg_graph_options go;
    kg_graph_options_init(&go);
    go.title = TITLE; /* a hostile title too (the CLI's default is the directory name) */
    Agraph_t *g;
    assert_int_equal(kg_graph_build(&g, ds, &go, diags), KG_OK);

    size_t svg_size, dot_size;
    char *svg = render(g, KG_FORMAT_SVG, &svg_size);
    char why[512];
    if (svg_check(svg, svg_size, why, sizeof why) != 0)
        fail_msg("%s: unsafe SVG: %s", c->name, why);
    xmllint_accepts(svg, svg_size);
    if (!strstr(svg, TITLE_SVG))
        fail_msg("%s: the SVG lacks the title \"%s\"", c->name, TITLE_SVG);
    for (size_t i = 0; i < MAX_CHECKS && c->svg_must[i]; i++)
        if (!strstr(svg, c->svg_must[i]))
            fail_msg("%s: the SVG lacks \"%s\"", c->name, c->svg_must[i]);

    char *dot = render(g, KG_FORMAT_DOT, &dot_size);
    agreseterrors();
    Agraph_t *back = agmemread(dot);
    assert_non_null(back);
    assert_true(agerrors() < AGERR);
    assert_int_equal(agnnodes(back), agnnodes(g));
    assert_int_equal(agnedges(back), agnedges(g));
    agclose(back);
    for (size_t i = 0; i < MAX_CHECKS && c->never[i]; i++)
        if (strstr(svg, c->never[i]))
            fail_msg("%s: the SVG contains \"%s\"", c->name, c->never[i]);
    for (size_t i = 0; i < MAX_CHECKS && c->dot_never[i]; i++)
        if (strstr(dot, c->dot_never[i]))
            fail_msg("%s: the DOT contains \"%s\"", c->name, c->dot_never[i]);
    kg_free(svg);
    kg_free(dot);
    kg_graph_free(g);
    kg_dataset_free(ds);
    kg_diagnostics_free(diags);
}

static void test_every_hostile_dataset_is_refused_or_rendered_inert(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check_case(&cases[i]);
}

/* The checker itself must catch what it is there to catch: a test that cannot fail is
 * no test. */
static void test_svg_check_catches_each_kind_of_breakout(void **state)
{
    (void)state;
    static const struct {
        const char *svg, *why;
    } bad[] = {
        {"<svg><g></svg>", "not well-formed"},
        {"<svg><text>\x01</text></svg>", "not well-formed"},
        {"<svg><script>alert(1)</script></svg>", "element <script>"},
        {"<svg><image href=\"/etc/passwd\"/></svg>", "element <image>"},
        {"<svg><g onload=\"alert(1)\"/></svg>", "event handler"},
        {"<svg><a xlink:href=\"javascript:alert(1)\"/></svg>", "a scheme other than http"},
        {"<svg><a xlink:href=\" http://x\"/></svg>", "whitespace"},
        {"<svg><a xlink:href=\"//evil/x\"/></svg>", "network-path"},
        {"<svg><text font-family=\"EVIL\">x</text></svg>", "font-family"},
        {"<svg><g style=\"x\"/></svg>", "style attribute"},
        {"<?xml-stylesheet href=\"e.css\"?><svg/>", "processing instruction"},
        {"", "not well-formed"},
    };
    char why[512];
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(svg_check(bad[i].svg, strlen(bad[i].svg), why, sizeof why), -1);
        if (!strstr(why, bad[i].why))
            fail_msg("svg_check(\"%s\") says \"%s\", expected \"%s\"", bad[i].svg, why, bad[i].why);
    }
    const char *good = "<?xml version=\"1.0\"?><svg><g id=\"e-a\"><a xlink:href=\"https://x/?a=1&amp;b\" "
                       "xlink:title=\"t\"><text font-family=\"Helvetica,sans-Serif\">x</text></a>"
                       "<a xlink:href=\"rel/x\"/></g></svg>";
    assert_int_equal(svg_check(good, strlen(good), why, sizeof why), 0);
}

static int group_teardown(void **state)
{
    (void)state;
    kg_render_shutdown();
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_svg_check_catches_each_kind_of_breakout),
        cmocka_unit_test(test_every_hostile_dataset_is_refused_or_rendered_inert),
    };
    return tu_exit_status(cmocka_run_group_tests(tests, NULL, group_teardown));
}
