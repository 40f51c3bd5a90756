/* test_validate.c: the value checks the loader and the diff scan share, as tables. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dataset/dataset_internal.h"

static void test_dates_are_iso_8601_with_real_months_and_days(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int valid;
    } cases[] = {
        {"2022", 1},        {"2022-02", 1},     {"2022-02-28", 1}, {"2024-02-29", 1},
        {"2000-02-29", 1},  {"1900-02-29", 0},  {"2023-02-29", 0}, {"2022-13", 0},
        {"2022-00", 0},     {"2022-04-31", 0},  {"2022-12-31", 1}, {"2022-01-00", 0},
        {"22", 0},          {"2022-1", 0},      {"2022-01-1", 0},  {"2022/01/01", 0},
        {"20a2", 0},        {"2022-01-01T00", 0}, {"", 0},         {"-2022", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (kg_date__valid(cases[i].text, strlen(cases[i].text)) != cases[i].valid)
            fail_msg("date '%s': expected %s", cases[i].text,
                     cases[i].valid ? "valid" : "invalid");
}

static void test_confidences_are_plain_decimals_in_the_unit_interval(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int valid;
        double value;
    } cases[] = {
        {"0", 1, 0.0},     {"1", 1, 1.0},      {"0.58", 1, 0.58},  {".5", 1, 0.5},
        {"1.", 1, 1.0},    {"1.0000", 1, 1.0}, {"0.1", 1, 0.1},    {"1.01", 0, 0},
        {"2", 0, 0},       {"-0", 0, 0},       {"+0.5", 0, 0},     {"0x1", 0, 0},
        {"inf", 0, 0},     {"nan", 0, 0},      {"", 0, 0},         {".", 0, 0},
        {"0.5 ", 0, 0},    {"0,5", 0, 0},      {"1e-1", 1, 0.1},   {"0.5.1", 0, 0},
        {"0.12345678901234567890", 1, 0.12345678901234567890},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double v = -1;
        int ok = kg_confidence__parse(cases[i].text, &v) == 0;
        if (ok != cases[i].valid || (ok && v != cases[i].value))
            fail_msg("confidence '%s': got %s %.17g", cases[i].text, ok ? "valid" : "invalid",
                     v);
    }
}

static void test_the_fast_confidence_path_rounds_exactly_as_strtod(void **state)
{
    (void)state;
    char text[32];
    for (unsigned long k = 0; k <= 100000; k += 7) {
        for (int places = 1; places <= 15; places += 2) {
            snprintf(text, sizeof text, "0.%0*lu", places, k % 1000000000000000ul);
            if (strlen(text) > 2 + (size_t)places)
                continue;
            double v = -1;
            assert_int_equal(kg_confidence__parse(text, &v), 0);
            if (v != strtod(text, NULL))
                fail_msg("'%s': %.17g, strtod says %.17g", text, v, strtod(text, NULL));
        }
    }
}

static void test_polarities_are_three_words_or_empty(void **state)
{
    (void)state;
    assert_int_equal(kg_polarity__parse("", 0), KG_POLARITY_NEUTRAL);
    assert_int_equal(kg_polarity__parse("neutral", 7), KG_POLARITY_NEUTRAL);
    assert_int_equal(kg_polarity__parse("positive", 8), KG_POLARITY_POSITIVE);
    assert_int_equal(kg_polarity__parse("negative", 8), KG_POLARITY_NEGATIVE);
    /* case is ignored (issue 17): what a spreadsheet's autocorrect writes */
    assert_int_equal(kg_polarity__parse("Positive", 8), KG_POLARITY_POSITIVE);
    assert_int_equal(kg_polarity__parse("NEGATIVE", 8), KG_POLARITY_NEGATIVE);
    assert_int_equal(kg_polarity__parse("Neutral", 7), KG_POLARITY_NEUTRAL);
    assert_int_equal(kg_polarity__parse("Positiv", 7), -1);
    assert_string_equal(kg_polarity__nearest("postive"), "positive");
    assert_null(kg_polarity__nearest("hostile"));
    assert_int_equal(kg_polarity__parse("mixed", 5), -1);
    assert_int_equal(kg_polarity__parse("positivex", 8), KG_POLARITY_POSITIVE); /* by length */
    assert_int_equal(kg_polarity__parse("positive ", 9), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dates_are_iso_8601_with_real_months_and_days),
        cmocka_unit_test(test_confidences_are_plain_decimals_in_the_unit_interval),
        cmocka_unit_test(test_the_fast_confidence_path_rounds_exactly_as_strtod),
        cmocka_unit_test(test_polarities_are_three_words_or_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
