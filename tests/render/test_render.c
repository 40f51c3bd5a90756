/* test_render.c: layout and rendering through libgvc: SVG content and safety, formats,
 * determinism, atomic files and captured Graphviz messages. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/base_internal.h"

#define ENTITIES                                                                        \
    "id,label,type,description,url\n"                                                   \
    "xi_jinping,Xi Jinping,person,President of China,\"https://example.org/a?b=1&c=\"\"2\"\"\"\n" \
    "vladimir_putin,Vladimir Putin,person,,\n"                                          \
    "china,China,country,,\n"                                                           \
    "odd,\\N<script>,,,\n"
#define RELATIONS                                                                       \
    "source,relation,target,polarity,doc,quote\n"                                       \
    "xi_jinping,meets,vladimir_putin,positive,d1,\"They met in Beijing.\"\n"            \
    "xi_jinping,meets,vladimir_putin,positive,d2,Second quote\n"                        \
    "xi_jinping,leads,china,neutral,d1,q\n"                                             \
    "odd,leads,china,negative,d3,\"a \\G quote\"\n"

typedef struct fixture {
    kg_dataset *ds;
    kg_diagnostics *diags;
    Agraph_t *g;
    char *data;
    size_t size;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f || tu_load(&f->ds, &f->diags, ENTITIES, RELATIONS, NULL) != KG_OK)
        return -1;
    kg_graph_options opts;
    kg_graph_options_init(&opts);
    opts.title = "Test & title";
    if (kg_graph_build(&f->g, f->ds, &opts, f->diags) != KG_OK)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    kg_free(f->data);
    kg_graph_free(f->g);
    kg_dataset_free(f->ds);
    kg_diagnostics_free(f->diags);
    free(f);
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    kg_render_shutdown();
    return 0;
}

/* Renders the fixture's graph into f->data. */
static void render(fixture *f, kg_format format, const char *engine)
{
    kg_render_options opts = {.format = format, .engine = engine};
    kg_free(f->data);
    f->data = NULL;
    assert_int_equal(kg_render_data(f->g, &opts, &f->data, &f->size, f->diags), KG_OK);
    assert_non_null(f->data);
    assert_true(f->size > 0);
}

static void assert_contains(const char *haystack, const char *needle)
{
    if (!strstr(haystack, needle))
        fail_msg("output does not contain '%s'", needle);
}

/* Writes data to a temporary file and runs xmllint --noout on it, when installed. */
static void assert_well_formed_xml(const char *data, size_t size)
{
    if (access("/usr/bin/xmllint", X_OK) != 0) {
        tu_skipped("/usr/bin/xmllint is absent (scripts/install-deps installs it): SVGs "
                   "not checked with it");
        return;
    }
    char *dir = tu_mkdtemp();
    tu_write(dir, "out.svg", data);
    assert_int_equal(strlen(data), size);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "/usr/bin/xmllint --noout --nonet '%s/out.svg'", dir);
    int status = system(cmd);
    tu_rmtree(dir);
    assert_int_equal(status, 0);
}

static void test_svg_has_stable_ids_and_classes(void **state)
{
    fixture *f = *state;
    render(f, KG_FORMAT_SVG, NULL);
    /* Graphviz writes '-' as "&#45;" in attribute values. */
    assert_contains(f->data, "<g id=\"e&#45;xi_jinping\" class=\"node entity type&#45;person\"");
    assert_contains(f->data, "<g id=\"r&#45;xi_jinping&#45;&#45;meets&#45;&#45;vladimir_putin\" "
                             "class=\"edge relation rel&#45;meets polarity&#45;positive\"");
    /* the legend: one group, its frame and items inside */
    assert_contains(f->data, "<g id=\"legend\" class=\"legend\">\n"
                             "<g id=\"legend&#45;frame\" class=\"cluster\"");
    assert_contains(f->data, "font-family=\"Helvetica,sans-Serif\"");
    assert_contains(f->data, ">meets (2)</text>");
    assert_contains(f->data, ">Test &amp; title</text>");
}

static void test_svg_edge_tooltip_carries_the_quotes(void **state)
{
    fixture *f = *state;
    render(f, KG_FORMAT_SVG, "dot");
    assert_contains(f->data, "xlink:title=\"Xi Jinping \xE2\x80\x94 meets \xE2\x86\x92 "
                             "Vladimir Putin&#10;[d1] \xE2\x80\x9CThey met in Beijing.\xE2\x80\x9D");
    assert_contains(f->data, "\xE2\x80\x9C" "a \\G quote" "\xE2\x80\x9D");
}

static void test_svg_shows_backslash_sequences_and_markup_literally(void **state)
{
    fixture *f = *state;
    render(f, KG_FORMAT_SVG, NULL);
    assert_contains(f->data, ">\\N&lt;script&gt;</text>");
    assert_contains(f->data, "xlink:title=\"\\N&lt;script&gt;\"");
    assert_null(strstr(f->data, "<script"));
}

static void test_svg_link_with_ampersand_and_quote_is_well_formed(void **state)
{
    fixture *f = *state;
    render(f, KG_FORMAT_SVG, NULL);
    assert_contains(f->data, "xlink:href=\"https://example.org/a?b=1&amp;c=%222%22\"");
    assert_well_formed_xml(f->data, f->size);
}

static void test_rendering_twice_gives_identical_bytes(void **state)
{
    fixture *f = *state;
    static const kg_format formats[] = {KG_FORMAT_SVG, KG_FORMAT_DOT, KG_FORMAT_JSON};
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
        render(f, formats[i], NULL);
        char *first = f->data;
        size_t first_size = f->size;
        f->data = NULL;
        render(f, formats[i], NULL);
        assert_int_equal(first_size, f->size);
        assert_memory_equal(first, f->data, f->size);
        kg_free(first);
    }
}

static void test_dot_output_has_no_layout(void **state)
{
    fixture *f = *state;
    render(f, KG_FORMAT_SVG, NULL); /* earlier layouts leave nothing behind */
    render(f, KG_FORMAT_JSON, NULL);
    render(f, KG_FORMAT_DOT, NULL);
    assert_contains(f->data, "digraph kgraph {");
    assert_contains(f->data, "xi_jinping");
    assert_null(strstr(f->data, "pos="));
    assert_null(strstr(f->data, "bb="));
}

static void test_png_and_pdf_have_their_signatures(void **state)
{
    fixture *f = *state;
    render(f, KG_FORMAT_PNG, NULL);
    assert_true(f->size > 8);
    assert_memory_equal(f->data, "\x89PNG\r\n\x1a\n", 8);
    render(f, KG_FORMAT_PDF, NULL);
    assert_memory_equal(f->data, "%PDF", 4);
    /* SVG after a cairo render still comes from the font-independent context. */
    render(f, KG_FORMAT_SVG, NULL);
    assert_contains(f->data, "<svg");
}

static void test_json_output_is_laid_out(void **state)
{
    fixture *f = *state;
    render(f, KG_FORMAT_JSON, "neato");
    assert_contains(f->data, "\"name\": \"kgraph\"");
    assert_contains(f->data, "\"bb\"");
}

static void test_every_engine_renders(void **state)
{
    fixture *f = *state;
    static const char *const engines[] = {"dot", "neato", "fdp", "sfdp", "circo", "twopi"};
    for (size_t i = 0; i < sizeof engines / sizeof engines[0]; i++) {
        render(f, KG_FORMAT_SVG, engines[i]);
        assert_contains(f->data, "</svg>");
    }
}

static void test_unknown_engine_is_a_usage_error(void **state)
{
    fixture *f = *state;
    kg_render_options opts = {.format = KG_FORMAT_SVG, .engine = "bogus"};
    static char sentinel[] = "x";
    char *data = sentinel;
    size_t size = 1;
    assert_int_equal(kg_render_data(f->g, &opts, &data, &size, f->diags), KG_EUSAGE);
    assert_null(data);
    assert_contains(kg_last_error(), "bogus");
}

static void test_write_error_is_reported_as_io(void **state)
{
    fixture *f = *state;
    FILE *full = fopen("/dev/full", "w");
    if (!full)
        TU_SKIP("cannot open /dev/full: a write error is not tested");
    kg_render_options opts = {.format = KG_FORMAT_SVG, .engine = NULL};
    assert_int_equal(kg_render_stream(f->g, &opts, full, f->diags), KG_EIO);
    fclose(full);
    opts.format = KG_FORMAT_DOT;
    full = fopen("/dev/full", "w");
    assert_non_null(full);
    int rc = kg_render_stream(f->g, &opts, full, f->diags);
    assert_true(rc == KG_EIO || rc == KG_EGRAPHVIZ);
    fclose(full);
}

static void test_render_file_is_atomic(void **state)
{
    fixture *f = *state;
    char *dir = tu_mkdtemp();
    char path[512];
    snprintf(path, sizeof path, "%s/out.svg", dir);
    kg_render_options opts = {.format = KG_FORMAT_SVG, .engine = NULL};
    assert_int_equal(kg_render_file(f->g, &opts, path, f->diags), KG_OK);
    size_t size;
    char *text = tu_read(path, &size);
    assert_non_null(text);
    assert_contains(text, "</svg>");
    free(text);
    /* A failing render leaves the existing file untouched. */
    opts.engine = "bogus";
    assert_int_equal(kg_render_file(f->g, &opts, path, f->diags), KG_EUSAGE);
    text = tu_read(path, &size);
    assert_non_null(text);
    assert_contains(text, "</svg>");
    free(text);
    tu_rmtree(dir);
}

static void test_graphviz_messages_become_diagnostics(void **state)
{
    fixture *f = *state;
    /* An unknown colour name set behind the style's back makes Graphviz warn. */
    static char china_name[] = "china";
    Agnode_t *n = agnode(f->g, china_name, 0);
    assert_non_null(n);
    static char attr_name[] = "fillcolor", bad_colour[] = "nosuchcolour";
    agset(n, attr_name, bad_colour);
    size_t before = kg_diagnostics_warnings(f->diags);
    render(f, KG_FORMAT_SVG, NULL);
    assert_true(kg_diagnostics_warnings(f->diags) > before);
    assert_true(tu_diag_has(f->diags, "graphviz: nosuchcolour is not a known color"));
}

static void test_formats_and_engines_parse(void **state)
{
    (void)state;
    kg_format fmt;
    assert_int_equal(kg_format_parse(&fmt, "gv"), KG_OK);
    assert_int_equal(fmt, KG_FORMAT_DOT);
    assert_int_equal(kg_format_parse(&fmt, "jpeg"), KG_EUSAGE);
    assert_contains(kg_last_error(), "jpeg");
    assert_int_equal(kg_format_from_path(&fmt, "a/b.c/out.PNG"), KG_OK);
    assert_int_equal(fmt, KG_FORMAT_PNG);
    assert_int_equal(kg_format_from_path(&fmt, "out.json"), KG_OK);
    assert_int_equal(fmt, KG_FORMAT_JSON);
    assert_int_equal(kg_format_from_path(&fmt, "dir.svg/out"), KG_EUSAGE);
    assert_int_equal(kg_format_from_path(&fmt, ".svg"), KG_EUSAGE);
    assert_int_equal(kg_format_from_path(&fmt, "x.tiff"), KG_EUSAGE);
    assert_string_equal(kg_format_name(KG_FORMAT_PDF), "pdf");
    assert_true(kg_engine_valid("sfdp"));
    assert_false(kg_engine_valid("osage"));
    assert_false(kg_engine_valid(NULL));
    assert_string_equal(kg_engine_for_size(10, 20), "dot");
    assert_string_equal(kg_engine_for_size(100000, 1000000), "sfdp");
}

/* The one engine choice: by nodes, edges and clusters, a preference only within its
 * limits, a requested engine always (flagged past its limits), refusals naming --focus. */
static void test_engine_choice_by_size(void **state)
{
    (void)state;
    const char *e = NULL;
    int warn = -1;
    assert_int_equal(kg_engine_choose(10, 20, 0, NULL, NULL, &e, &warn), KG_OK);
    assert_string_equal(e, "dot");
    assert_int_equal(warn, 0);
    /* 30 fully connected entities: 435 edges, past dot's limit even when preferred */
    assert_int_equal(kg_engine_choose(30, 435, 0, NULL, "dot", &e, NULL), KG_OK);
    assert_string_equal(e, "neato");
    assert_int_equal(kg_engine_choose(30, 100, 0, "auto", "fdp", &e, NULL), KG_OK);
    assert_string_equal(e, "fdp");
    assert_int_equal(kg_engine_choose(10000, 20000, 0, NULL, NULL, &e, NULL), KG_OK);
    assert_string_equal(e, "sfdp");
    assert_int_equal(kg_engine_choose(KG_SFDP_MAX_NODES + 1, 10, 0, NULL, NULL, &e, NULL),
                     KG_ELIMIT);
    assert_null(e);
    assert_non_null(strstr(kg_last_error(), "--focus"));
    /* clusters: fdp within its limits, else refused */
    assert_int_equal(kg_engine_choose(500, 1500, 12, NULL, "dot", &e, NULL), KG_OK);
    assert_string_equal(e, "fdp");
    assert_int_equal(kg_engine_choose(2000, 8000, 12, NULL, NULL, &e, NULL), KG_ELIMIT);
    assert_non_null(strstr(kg_last_error(), "--cluster"));
    /* requested: always used, flagged past its limits */
    assert_int_equal(kg_engine_choose(40, 780, 0, "dot", NULL, &e, &warn), KG_OK);
    assert_string_equal(e, "dot");
    assert_int_equal(warn, 1);
    assert_int_equal(kg_engine_choose(2000, 8000, 12, "fdp", NULL, &e, &warn), KG_OK);
    assert_int_equal(warn, 1);
    assert_int_equal(kg_engine_choose(1, 0, 0, "osage", NULL, &e, &warn), KG_EUSAGE);
}

/* Load -> build -> render SVG into memory, every allocation through kg__malloc & co.
 * Returns the status of the first failing step; *svg (kg_free) on success. */
static int load_build_render(char **svg, size_t *size)
{
    static const char *sources = "id,title,url\nd1,One,https://example.org/1\nd2,Two,\nd3,Three,\n";
    kg_diagnostics *diags = NULL;
    kg_dataset *ds = NULL;
    Agraph_t *g = NULL;
    kg_load_options lo;
    kg_load_options_init(&lo);
    lo.memory[KG_FILE_ENTITIES] = (kg_memory_file){"entities.csv", ENTITIES, strlen(ENTITIES)};
    lo.memory[KG_FILE_RELATIONS] = (kg_memory_file){"relations.csv", RELATIONS, strlen(RELATIONS)};
    lo.memory[KG_FILE_SOURCES] = (kg_memory_file){"sources.csv", sources, strlen(sources)};
    kg_graph_options go;
    kg_graph_options_init(&go);
    go.title = "Allocation & failure";
    kg_render_options ro = {.format = KG_FORMAT_SVG, .engine = "dot"};
    *svg = NULL;
    int rc = kg_diagnostics_new(&diags, 0);
    if (rc == KG_OK)
        rc = kg_dataset_load(&ds, NULL, &lo, diags);
    if (rc == KG_OK)
        rc = kg_graph_build(&g, ds, &go, diags);
    if (rc == KG_OK)
        rc = kg_render_data(g, &ro, svg, size, diags);
    kg_graph_free(g);
    kg_dataset_free(ds);
    kg_diagnostics_free(diags);
    return rc;
}

/* SQLite-style fault injection: the Nth allocation fails, for N = 1, 2, ... until the
 * whole pipeline no longer reaches it. Each run ends in KG_ENOMEM with "out of memory"
 * and no buffer, or (a failure absorbed, such as a lost warning) in the very bytes of the
 * run without failure. Leaks of a failed run are caught by LeakSanitizer in the ASan
 * build. Graphviz's own allocations (cgraph, gvc, the layouts) and libc's open_memstream
 * do not go through kg__malloc and are outside this loop. */
static void test_every_allocation_failure_from_load_to_svg_ends_cleanly(void **state)
{
    (void)state;
    char *expected, *svg;
    size_t expected_size, size;
    kg_alloc__fail_after(0);
    assert_int_equal(load_build_render(&expected, &expected_size), KG_OK);
    unsigned long total = kg_alloc__fail_after(0);
    assert_true(total > 50);
    unsigned long n, failures = 0;
    for (n = 1;; n++) {
        kg_alloc__fail_after(n);
        int rc = load_build_render(&svg, &size);
        unsigned long made = kg_alloc__fail_after(0);
        if (rc == KG_OK) {
            assert_int_equal(size, expected_size);
            assert_memory_equal(svg, expected, size);
            kg_free(svg);
            if (made < n)
                break; /* the pipeline made fewer than n allocations: all were tried */
            continue;
        }
        failures++;
        if (rc != KG_ENOMEM)
            fail_msg("allocation %lu of %lu failed with %d (%s), not KG_ENOMEM", n, total, rc,
                     kg_last_error());
        assert_null(svg);
        if (!strstr(kg_last_error(), "out of memory"))
            fail_msg("allocation %lu of %lu: last error \"%s\"", n, total, kg_last_error());
    }
    print_message("%lu allocations, %lu failures injected, %lu absorbed\n", total, failures,
                  n - 1 - failures);
    assert_true(n > total);
    assert_true(failures > total / 2);
    kg_free(expected);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_svg_has_stable_ids_and_classes),
        T(test_svg_edge_tooltip_carries_the_quotes),
        T(test_svg_shows_backslash_sequences_and_markup_literally),
        T(test_svg_link_with_ampersand_and_quote_is_well_formed),
        T(test_rendering_twice_gives_identical_bytes),
        T(test_dot_output_has_no_layout),
        T(test_png_and_pdf_have_their_signatures),
        T(test_json_output_is_laid_out),
        T(test_every_engine_renders),
        T(test_unknown_engine_is_a_usage_error),
        T(test_write_error_is_reported_as_io),
        T(test_render_file_is_atomic),
        T(test_graphviz_messages_become_diagnostics),
        cmocka_unit_test(test_formats_and_engines_parse),
        cmocka_unit_test(test_engine_choice_by_size),
        cmocka_unit_test(test_every_allocation_failure_from_load_to_svg_ends_cleanly),
    };
    return tu_exit_status(cmocka_run_group_tests(tests, NULL, group_teardown));
}
