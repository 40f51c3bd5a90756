/* test_escape.c: what data may reach Graphviz: label, tooltip, URL and id escaping tables. */
#include "testutil.h"

#include <string.h>

#include "base/base_internal.h"
#include "graph/graph_internal.h"

typedef struct pair {
    const char *in, *out;
} pair;

/* Runs fn over every pair and compares the buffer with the expected text. */
static void check_table(int (*fn)(kg_buf *, const char *), const pair *rows, size_t n)
{
    kg_buf buf = KG_BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        kg_buf__clear(&buf);
        assert_int_equal(fn(&buf, rows[i].in), KG_OK);
        assert_string_equal(kg_buf__str(&buf), rows[i].out);
        assert_int_equal(buf.len, strlen(rows[i].out));
    }
    kg_buf__free(&buf);
}

static void test_label_keeps_backslash_sequences_literal(void **state)
{
    (void)state;
    static const pair rows[] = {
        {"plain text", "plain text"},
        {"", ""},
        {"\\N", "\\\\N"},
        {"a\\G\\E\\T\\H\\L\\l\\r", "a\\\\G\\\\E\\\\T\\\\H\\\\L\\\\l\\\\r"},
        {"\\\\", "\\\\\\\\"},
        {"AT&T &lt;", "AT&amp;T &amp;lt;"},
        {"two\nlines", "two\\nlines"},
        {"tab\there\x01", "tab here "},
        {"caf\xC3\xA9 \xE2\x80\x94 \xF0\x9F\x98\x80", "caf\xC3\xA9 \xE2\x80\x94 \xF0\x9F\x98\x80"},
        {"bad \xFF utf8 \xC3", "bad \xEF\xBF\xBD utf8 \xEF\xBF\xBD"},
        {"overlong \xC0\xAF", "overlong \xEF\xBF\xBD\xEF\xBF\xBD"},
        {"not XML \xEF\xBF\xBE\xEF\xBF\xBF but \xEF\xBF\xBD\xEF\xBF\xBC ok",
         "not XML \xEF\xBF\xBD\xEF\xBF\xBD but \xEF\xBF\xBD\xEF\xBF\xBC ok"},
        {"\xEF\xBB\xBF", "\xE2\x81\xA0"},
        {"a\xEF\xBB\xBF" "b", "a\xE2\x81\xA0" "b"},
        {"<script>\"'", "<script>\"'"},
    };
    check_table(kg_escape__label, rows, sizeof rows / sizeof rows[0]);
}

static void test_label_treats_null_as_empty(void **state)
{
    (void)state;
    kg_buf buf = KG_BUF_INIT;
    assert_int_equal(kg_escape__label(&buf, NULL), KG_OK);
    assert_string_equal(kg_buf__str(&buf), "");
    kg_buf__free(&buf);
}

static void test_tooltip_quadruples_backslashes(void **state)
{
    (void)state;
    static const pair rows[] = {
        {"quote", "quote"},
        {"\\N", "\\\\\\\\N"},
        {"a\\b", "a\\\\\\\\b"},
        {"line\nbreak", "line\nbreak"},
        {"x & y", "x &amp; y"},
        {"nul\x7f", "nul "},
    };
    check_table(kg_escape__tooltip, rows, sizeof rows / sizeof rows[0]);
}

static void test_url_allows_http_https_and_relative_links(void **state)
{
    (void)state;
    static const pair rows[] = {
        {"https://example.org/a", "https://example.org/a"},
        {"HTTP://Example.org", "HTTP://Example.org"},
        {"HtTpS://x.y/?q=1&r=2", "HtTpS://x.y/?q=1&amp;r=2"},
        {"http://x/\" onload=\"y", NULL},
        {"http://x/\"onload=\"y", "http://x/%22onload=%22y"},
        {"docs/page.html#part", "docs/page.html#part"},
        {"../a", "../a"},
        {"/abs/path", "/abs/path"},
        {"?q=a'b", "?q=a%27b"},
        {"a<b>c`e{f}g|h^i", "a%3Cb%3Ec%60e%7Bf%7Dg%7Ch%5Ei"},
        {"http:\\\\evil.example\\x", NULL}, /* browsers read '\\' as '/' */
        {"a\\b", NULL},
        {"caf\xC3\xA9", "caf%C3%A9"},
        {"100%", "100%25"},
        {"a%20b%zz", "a%20b%25zz"},
    };
    kg_buf buf = KG_BUF_INIT;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        kg_buf__clear(&buf);
        int rc = kg_escape__url(&buf, rows[i].in);
        if (!rows[i].out) {
            assert_int_equal(rc, KG_EINVALID);
            continue;
        }
        assert_int_equal(rc, KG_OK);
        assert_string_equal(kg_buf__str(&buf), rows[i].out);
    }
    kg_buf__free(&buf);
}

static void test_url_rejects_hostile_and_foreign_schemes(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "javascript:alert(1)", " JAVASCRIPT:x", "JavaScript:x", "java\tscript:x",
        "http://x/\" onload=\"y", "//evil.com", "//evil.com/a", "data:text/html,x",
        "vbscript:x", "file:///etc/passwd", "mailto:a@b", "ftp://x", "../a b", "a\nb",
        "http:x", "http://", "http:///x", "", "x:y", "1http://x", "https:", "a\x01",
    };
    kg_buf buf = KG_BUF_INIT;
    assert_int_equal(kg_buf__puts(&buf, "keep"), KG_OK);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(kg_escape__url(&buf, bad[i]), KG_EINVALID);
        assert_false(kg_url__allowed(bad[i]));
        assert_string_equal(kg_buf__str(&buf), "keep"); /* nothing appended */
    }
    assert_false(kg_url__allowed(NULL));
    kg_buf__free(&buf);
}

static void test_id_encoding_keeps_letters_digits_underscore(void **state)
{
    (void)state;
    static const pair rows[] = {
        {"xi_jinping", "xi_jinping"},
        {"a-b", "a.2Db"},
        {"a.b", "a.2Eb"},
        {"a b\\N", "a.20b.5CN"},
        {"\xC3\xA9", ".C3.A9"},
        {"", ""},
    };
    char out[64];
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        size_t n = kg_id_encode(out, sizeof out, rows[i].in);
        assert_string_equal(out, rows[i].out);
        assert_int_equal(n, strlen(rows[i].out));
    }
    check_table(kg_escape__id, rows, sizeof rows / sizeof rows[0]);
}

static void test_id_encoding_truncates_like_snprintf(void **state)
{
    (void)state;
    char out[5];
    assert_int_equal(kg_id_encode(out, sizeof out, "a-bcd"), 7);
    assert_string_equal(out, "a.2D");
    assert_int_equal(kg_id_encode(NULL, 0, "a b"), 5);
    char one[1] = {'x'};
    assert_int_equal(kg_id_encode(one, 1, "abc"), 3);
    assert_int_equal(one[0], '\0');
}

static void test_distinct_ids_encode_distinctly(void **state)
{
    (void)state;
    char a[32], b[32];
    kg_id_encode(a, sizeof a, "a.2D");
    kg_id_encode(b, sizeof b, "a-");
    assert_string_not_equal(a, b);
}

static void test_buffer_grows_and_formats(void **state)
{
    (void)state;
    kg_buf buf = KG_BUF_INIT;
    assert_string_equal(kg_buf__str(&buf), "");
    for (int i = 0; i < 1000; i++)
        assert_int_equal(kg_buf__printf(&buf, "%d,", i % 10), KG_OK);
    assert_int_equal(buf.len, 2000);
    assert_memory_equal(buf.data, "0,1,2,", 6);
    kg_buf__clear(&buf);
    assert_string_equal(kg_buf__str(&buf), "");
    assert_int_equal(kg_buf__putc(&buf, 'x'), KG_OK);
    assert_string_equal(kg_buf__str(&buf), "x");
    kg_buf__free(&buf);
    kg_buf__free(NULL);
}

static void test_buffer_reports_allocation_failure(void **state)
{
    (void)state;
    kg_buf buf = KG_BUF_INIT;
    kg_alloc__fail_after(1);
    assert_int_equal(kg_escape__label(&buf, "abc"), KG_ENOMEM);
    kg_alloc__fail_after(0);
    assert_int_equal(kg_escape__label(&buf, "abc"), KG_OK);
    assert_string_equal(kg_buf__str(&buf), "abc");
    kg_buf__free(&buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_label_keeps_backslash_sequences_literal),
        cmocka_unit_test(test_label_treats_null_as_empty),
        cmocka_unit_test(test_tooltip_quadruples_backslashes),
        cmocka_unit_test(test_url_allows_http_https_and_relative_links),
        cmocka_unit_test(test_url_rejects_hostile_and_foreign_schemes),
        cmocka_unit_test(test_id_encoding_keeps_letters_digits_underscore),
        cmocka_unit_test(test_id_encoding_truncates_like_snprintf),
        cmocka_unit_test(test_distinct_ids_encode_distinctly),
        cmocka_unit_test(test_buffer_grows_and_formats),
        cmocka_unit_test(test_buffer_reports_allocation_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
