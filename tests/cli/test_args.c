/* test_args.c: command-line parsing of the kgraph tool (src/cli/args.c). */
#include <string.h>

#include "testutil.h"
#include "cli/cli_internal.h"

enum { T_OUT = 1, T_FORMAT, T_FLAG };
static const kg_option table[] = {
    KG_TEXT("Usage: test\n"),
    {"output", 'o', "FILE", T_OUT, "write to FILE"},
    {"format", 'T', "FORMAT", T_FORMAT, "the format"},
    {"flag", 'f', NULL, T_FLAG, "a flag"},
    KG_DATASET_OPTIONS,
    KG_OPT_END};

typedef struct parsed {
    int ids[16];
    const char *values[16];
    int count;
    int result; /* last kg_args__next result */
} parsed;

static parsed parse(int argc, const char **argv)
{
    kg_args a;
    parsed p = {0};
    kg_args__init(&a, argc, (char **)(uintptr_t)argv);
    int id = 0, r;
    const char *value;
    while ((r = kg_args__next(&a, table, &id, &value)) >= 0 && r < 100 && p.count < 16) {
        p.ids[p.count] = r == 0 ? 0 : id;
        p.values[p.count++] = value;
    }
    p.result = r;
    return p;
}

static void test_long_short_and_attached_values_are_parsed(void **state)
{
    (void)state;
    const char *argv[] = {"render", "data", "--output=a.svg", "-T", "png", "-Tdot", "--format",
                          "pdf", "-fo", "b.svg", "-q", "--", "-notanoption"};
    parsed p = parse(13, argv);
    assert_int_equal(p.result, -1);
    assert_int_equal(p.count, 9);
    assert_int_equal(p.ids[0], 0);
    assert_string_equal(p.values[0], "data");
    assert_int_equal(p.ids[1], T_OUT);
    assert_string_equal(p.values[1], "a.svg");
    assert_int_equal(p.ids[2], T_FORMAT);
    assert_string_equal(p.values[2], "png");
    assert_string_equal(p.values[3], "dot");
    assert_string_equal(p.values[4], "pdf");
    assert_int_equal(p.ids[5], T_FLAG);
    assert_null(p.values[5]);
    assert_int_equal(p.ids[6], T_OUT);
    assert_string_equal(p.values[6], "b.svg");
    assert_int_equal(p.ids[7], OPT_QUIET);
    assert_int_equal(p.ids[8], 0);
    assert_string_equal(p.values[8], "-notanoption");
}

static void test_a_lone_dash_is_a_positional_argument(void **state)
{
    (void)state;
    const char *argv[] = {"render", "-o", "-", "-"};
    parsed p = parse(4, argv);
    assert_int_equal(p.count, 2);
    assert_string_equal(p.values[0], "-");
    assert_int_equal(p.ids[1], 0);
}

static void test_unknown_options_and_missing_values_are_usage_errors(void **state)
{
    (void)state;
    const char *unknown[] = {"render", "--colour"};
    assert_int_equal(parse(2, unknown).result, 100 + KG_EXIT_TROUBLE);
    const char *missing[] = {"render", "--output"};
    assert_int_equal(parse(2, missing).result, 100 + KG_EXIT_TROUBLE);
    const char *short_missing[] = {"render", "-o"};
    assert_int_equal(parse(2, short_missing).result, 100 + KG_EXIT_TROUBLE);
    const char *value_on_flag[] = {"render", "--flag=yes"};
    assert_int_equal(parse(2, value_on_flag).result, 100 + KG_EXIT_TROUBLE);
    const char *unknown_short[] = {"render", "-x"};
    assert_int_equal(parse(2, unknown_short).result, 100 + KG_EXIT_TROUBLE);
}

static void test_sizes_accept_suffixes_and_reject_nonsense(void **state)
{
    (void)state;
    static const struct { const char *text; int ok; uint64_t value; } cases[] = {
        {"10", 1, 10}, {"4K", 1, 4096}, {"2m", 1, 2u << 20}, {"1G", 1, 1ull << 30},
        {"0", 0, 0}, {"-5", 0, 0}, {"", 0, 0}, {"12x", 0, 0}, {"K", 0, 0},
        {"99999999999999999999", 0, 0}, {"17179869184G", 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint64_t v = 0;
        int rc = kg_parse__size(cases[i].text, &v);
        if ((rc == 0) != cases[i].ok)
            fail_msg("size '%s': rc %d", cases[i].text, rc);
        if (cases[i].ok)
            assert_int_equal(v, cases[i].value);
    }
}

static void test_dataset_options_fill_the_load_options(void **state)
{
    (void)state;
    kg_dataset_args d;
    kg_dataset__args_init(&d);
    assert_int_equal(kg_dataset__args_apply(&d, "check", OPT_ENTITIES, "e.csv"), 0);
    assert_int_equal(kg_dataset__args_apply(&d, "check", OPT_MAP, "relations.source=From"), 0);
    assert_int_equal(kg_dataset__args_apply(&d, "check", OPT_MAX_FIELD, "2K"), 0);
    assert_int_equal(kg_dataset__args_apply(&d, "check", OPT_MAX_ROWS, "10"), 0);
    assert_int_equal(kg_dataset__args_apply(&d, "check", OPT_QUIET, NULL), 0);
    assert_int_equal(kg_dataset__args_positional(&d, "check", "data"), 0);
    assert_string_equal(d.load.paths[KG_FILE_ENTITIES], "e.csv");
    assert_int_equal(d.load.map_count, 1);
    assert_string_equal(d.load.maps[0].header, "From");
    assert_int_equal(d.load.max_field_bytes, 2048);
    assert_int_equal(d.load.max_rows, 10);
    assert_true(d.quiet);
    assert_string_equal(d.dir, "data");
    assert_int_equal(kg_dataset__args_positional(&d, "check", "other"), KG_EXIT_TROUBLE);
    assert_int_equal(kg_dataset__args_apply(&d, "check", OPT_MAP, "relations.nope=x"), KG_EXIT_TROUBLE);
    assert_int_equal(kg_dataset__args_apply(&d, "check", OPT_MAX_FILE, "lots"), KG_EXIT_TROUBLE);
    assert_int_equal(kg_dataset__args_apply(&d, "check", T_OUT, "x"), 1);
}

static void test_help_exists_for_every_command(void **state)
{
    (void)state;
    FILE *sink = tmpfile();
    assert_int_equal(kg_tool__help(NULL, sink), 0);
    assert_int_equal(kg_tool__help("check", sink), 0);
    assert_int_equal(kg_tool__help("render", sink), 0);
    assert_int_equal(kg_tool__help("frobnicate", sink), -1);
    fclose(sink);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_long_short_and_attached_values_are_parsed),
        cmocka_unit_test(test_a_lone_dash_is_a_positional_argument),
        cmocka_unit_test(test_unknown_options_and_missing_values_are_usage_errors),
        cmocka_unit_test(test_sizes_accept_suffixes_and_reject_nonsense),
        cmocka_unit_test(test_dataset_options_fill_the_load_options),
        cmocka_unit_test(test_help_exists_for_every_command),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
