/* test_style.c: built-in styles, the attribute allow-list and the style file parser. */
#include "testutil.h"

#include <stdio.h>
#include <string.h>

/* The value the selector's settings give attribute (the last one wins), or NULL. */
static const char *style_value(const kg_style *style, kg_style_kind kind, const char *name,
                               const char *attribute)
{
    size_t count;
    const kg_style_attr *a = kg_style_get(style, kind, name, &count);
    const char *value = NULL;
    for (size_t i = 0; i < count; i++)
        if (strcmp(a[i].name, attribute) == 0)
            value = a[i].value;
    return value;
}

static int setup_style(void **state)
{
    kg_style *style;
    if (kg_style_new(&style) != KG_OK)
        return -1;
    *state = style;
    return 0;
}

static int teardown_style(void **state)
{
    kg_style_free(*state);
    return 0;
}

static void test_builtin_styles_cover_the_known_types(void **state)
{
    const kg_style *s = *state;
    static const char *const types[] = {"person", "country", "organization", "alliance",
                                        "agreement", "event", "place"};
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        assert_true(kg_style_has(s, KG_STYLE_TYPE, types[i]));
        assert_non_null(style_value(s, KG_STYLE_TYPE, types[i], "shape"));
        assert_non_null(style_value(s, KG_STYLE_TYPE, types[i], "fillcolor"));
    }
    assert_string_equal(style_value(s, KG_STYLE_TYPE, "person", "shape"), "ellipse");
    assert_string_equal(style_value(s, KG_STYLE_TYPE, "country", "shape"), "box");
    assert_string_equal(style_value(s, KG_STYLE_TYPE, "organization", "style"), "filled,rounded");
    assert_string_equal(style_value(s, KG_STYLE_TYPE, "alliance", "shape"), "hexagon");
    assert_string_equal(style_value(s, KG_STYLE_TYPE, "agreement", "shape"), "note");
    assert_string_equal(style_value(s, KG_STYLE_NODE, "", "style"), "filled");
    assert_false(kg_style_has(s, KG_STYLE_TYPE, "spaceship"));
    size_t count = 99;
    assert_null(kg_style_get(s, KG_STYLE_TYPE, "spaceship", &count));
    assert_int_equal(count, 0);
}

static void test_builtin_polarities_have_their_colours(void **state)
{
    const kg_style *s = *state;
    assert_string_equal(style_value(s, KG_STYLE_POLARITY, "positive", "color"), "#009e73");
    assert_string_equal(style_value(s, KG_STYLE_POLARITY, "negative", "color"), "#d55e00");
    assert_string_equal(style_value(s, KG_STYLE_POLARITY, "neutral", "color"), "#616161");
    assert_string_equal(style_value(s, KG_STYLE_POLARITY, "mixed", "style"), "dashed");
}

static void test_set_accepts_allowed_values_and_later_ones_win(void **state)
{
    kg_style *s = *state;
    assert_int_equal(kg_style_set(s, KG_STYLE_TYPE, "person", "fillcolor", "#ABCDEF"), KG_OK);
    assert_int_equal(kg_style_set(s, KG_STYLE_TYPE, "person", "fillcolor", "lightblue"), KG_OK);
    assert_string_equal(style_value(s, KG_STYLE_TYPE, "person", "fillcolor"), "lightblue");
    assert_int_equal(kg_style_set(s, KG_STYLE_RELATION, "sanctions", "style", " bold , dashed"),
                     KG_OK);
    assert_string_equal(style_value(s, KG_STYLE_RELATION, "sanctions", "style"), "bold,dashed");
    assert_int_equal(kg_style_set(s, KG_STYLE_EDGE, "", "penwidth", "2.5"), KG_OK);
    assert_int_equal(kg_style_set(s, KG_STYLE_EDGE, "", "arrowhead", "vee"), KG_OK);
    assert_int_equal(kg_style_set(s, KG_STYLE_TYPE, "ship", "peripheries", "2"), KG_OK);
    assert_int_equal(kg_style_set(s, KG_STYLE_TYPE, "ship", "color", "#11223344"), KG_OK);
    assert_true(kg_style_has(s, KG_STYLE_TYPE, "ship"));
}

static void test_set_rejects_unsafe_attributes_and_values(void **state)
{
    kg_style *s = *state;
    static const struct {
        kg_style_kind kind;
        const char *name, *attr, *value, *message;
    } bad[] = {
        {KG_STYLE_TYPE, "person", "image", "/etc/passwd", "attribute 'image' is not allowed"},
        {KG_STYLE_TYPE, "person", "fontname", "x", "attribute 'fontname'"},
        {KG_STYLE_TYPE, "person", "shapefile", "x", "'shapefile'"},
        {KG_STYLE_TYPE, "person", "URL", "x", "'URL'"},
        {KG_STYLE_TYPE, "person", "label", "\\N", "'label'"},
        {KG_STYLE_TYPE, "person", "shape", "record", "invalid shape 'record'"},
        {KG_STYLE_TYPE, "person", "shape", "Mrecord", "invalid shape"},
        {KG_STYLE_TYPE, "person", "shape", "epsf", "invalid shape"},
        {KG_STYLE_TYPE, "person", "shape", "custom", "invalid shape"},
        {KG_STYLE_TYPE, "person", "fillcolor", "javascript:x",
         "invalid colour 'javascript:x' for fillcolor"},
        {KG_STYLE_TYPE, "person", "fillcolor", "notacolourname", "invalid colour"},
        {KG_STYLE_TYPE, "person", "fillcolor", "#12345", "invalid colour"},
        {KG_STYLE_TYPE, "person", "color", "red;x", "invalid colour"},
        {KG_STYLE_TYPE, "person", "style", "filled,rounded,dashed,bold,dotted", "invalid style"},
        {KG_STYLE_TYPE, "person", "style", "invis", "invalid style"},
        {KG_STYLE_TYPE, "person", "style", "setlinewidth(9)", "invalid style"},
        {KG_STYLE_TYPE, "person", "style", "filled,", "invalid style"},
        {KG_STYLE_TYPE, "person", "penwidth", "100", "invalid value '100' for penwidth"},
        {KG_STYLE_TYPE, "person", "penwidth", "-1", "invalid value"},
        {KG_STYLE_TYPE, "person", "penwidth", "1e3", "invalid value"},
        {KG_STYLE_TYPE, "person", "peripheries", "1.5", "invalid value"},
        {KG_STYLE_EDGE, "", "shape", "box", "not allowed for relations"},
        {KG_STYLE_NODE, "", "arrowhead", "vee", "not allowed for entities"},
        {KG_STYLE_EDGE, "", "arrowhead", "fancy", "invalid value 'fancy'"},
        {KG_STYLE_TYPE, "", "shape", "box", "invalid name"},
        {KG_STYLE_NODE, "x", "shape", "box", "invalid name"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        kg_error_clear();
        assert_int_equal(kg_style_set(s, bad[i].kind, bad[i].name, bad[i].attr, bad[i].value),
                         KG_EUSAGE);
        if (!strstr(kg_last_error(), bad[i].message))
            fail_msg("'%s' does not contain '%s'", kg_last_error(), bad[i].message);
    }
    assert_string_equal(style_value(s, KG_STYLE_TYPE, "person", "shape"), "ellipse");
}

static void test_style_file_overrides_builtins(void **state)
{
    kg_style *s = *state;
    char *dir = tu_mkdtemp();
    tu_write(dir, "style.txt",
             "\xEF\xBB\xBF# comment\n"
             "; another comment\n"
             "\n"
             "[type: person]\n"
             "  shape = box  \r\n"
             "fillcolor = \"#dbeafe\"\n"
             "[relation: sanctions]\n"
             "style = bold\n"
             "[polarity: negative]\n"
             "color = #b91c1c\n"
             "[node]\n"
             "fontsize=12\n"
             "[edge]\n"
             "arrowsize = 1.5\n");
    char path[512];
    snprintf(path, sizeof path, "%s/style.txt", dir);
    kg_diagnostics *d;
    assert_int_equal(kg_diagnostics_new(&d, 0), KG_OK);
    assert_int_equal(kg_style_load(s, path, d), KG_OK);
    assert_int_equal(kg_diagnostics_count(d), 0);
    assert_string_equal(style_value(s, KG_STYLE_TYPE, "person", "shape"), "box");
    assert_string_equal(style_value(s, KG_STYLE_TYPE, "person", "fillcolor"), "#dbeafe");
    assert_string_equal(style_value(s, KG_STYLE_RELATION, "sanctions", "style"), "bold");
    assert_string_equal(style_value(s, KG_STYLE_POLARITY, "negative", "color"), "#b91c1c");
    assert_string_equal(style_value(s, KG_STYLE_NODE, "", "fontsize"), "12");
    assert_string_equal(style_value(s, KG_STYLE_EDGE, "", "arrowsize"), "1.5");
    kg_diagnostics_free(d);
    tu_rmtree(dir);
}

static void test_style_file_reports_every_problem_with_file_and_line(void **state)
{
    kg_style *s = *state;
    char *dir = tu_mkdtemp();
    tu_write(dir, "bad.style",
             "shape = box\n"                       /* 1: before any section */
             "[type: person]\n"
             "image = /etc/passwd\n"               /* 3 */
             "fillcolor = javascript:x\n"          /* 4 */
             "just words\n"                        /* 5 */
             "[colour: red]\n"                     /* 6 */
             "shape = box\n"                       /* 7: skipped, bad section */
             "[polarity: angry]\n"                 /* 8 */
             "[type: ]\n"                          /* 9 */
             "[type: place\n"                      /* 10 */
             "[type: place]\n"
             "shape = record\n"                    /* 12 */
             "style = filled,rounded,bold,dashed,dotted\n" /* 13 */
             "color = green\n");
    char path[512];
    snprintf(path, sizeof path, "%s/bad.style", dir);
    kg_diagnostics *d;
    assert_int_equal(kg_diagnostics_new(&d, 0), KG_OK);
    assert_int_equal(kg_style_load(s, path, d), KG_EINVALID);
    assert_true(tu_diag_has(d, "bad.style:1: setting 'shape' before any [section]"));
    assert_true(tu_diag_has(d, "bad.style:3: attribute 'image' is not allowed in a style file"));
    assert_true(tu_diag_has(d, "bad.style:4: invalid colour 'javascript:x' for fillcolor"));
    assert_true(tu_diag_has(d, "bad.style:5: expected 'attribute = value'"));
    assert_true(tu_diag_has(d, "bad.style:6: unknown section '[colour]'"));
    assert_true(tu_diag_has(d, "bad.style:8: unknown polarity 'angry'"));
    assert_true(tu_diag_has(d, "bad.style:9: section [type] needs a name"));
    assert_true(tu_diag_has(d, "bad.style:10: section header without a closing ']'"));
    assert_true(tu_diag_has(d, "bad.style:12: invalid shape 'record' for shape"));
    assert_true(tu_diag_has(d, "bad.style:13: invalid style"));
    assert_int_equal(kg_diagnostics_errors(d), 10);
    /* The good line after the errors still applies. */
    assert_string_equal(style_value(s, KG_STYLE_TYPE, "place", "color"), "green");
    kg_diagnostics_free(d);
    tu_rmtree(dir);
}

static void test_missing_style_file_is_an_io_error(void **state)
{
    kg_style *s = *state;
    kg_diagnostics *d;
    assert_int_equal(kg_diagnostics_new(&d, 0), KG_OK);
    assert_int_equal(kg_style_load(s, "/nonexistent/kgraph.style", d), KG_EIO);
    assert_non_null(strstr(kg_last_error(), "/nonexistent/kgraph.style"));
    kg_diagnostics_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_builtin_styles_cover_the_known_types, setup_style,
                                        teardown_style),
        cmocka_unit_test_setup_teardown(test_builtin_polarities_have_their_colours, setup_style,
                                        teardown_style),
        cmocka_unit_test_setup_teardown(test_set_accepts_allowed_values_and_later_ones_win,
                                        setup_style, teardown_style),
        cmocka_unit_test_setup_teardown(test_set_rejects_unsafe_attributes_and_values,
                                        setup_style, teardown_style),
        cmocka_unit_test_setup_teardown(test_style_file_overrides_builtins, setup_style,
                                        teardown_style),
        cmocka_unit_test_setup_teardown(test_style_file_reports_every_problem_with_file_and_line,
                                        setup_style, teardown_style),
        cmocka_unit_test_setup_teardown(test_missing_style_file_is_an_io_error, setup_style,
                                        teardown_style),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
