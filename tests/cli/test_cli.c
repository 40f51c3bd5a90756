/* test_cli.c: end-to-end tests of the kgraph executable (run through tu_kgraph): bad input
 * of every class, error reporting and its cap, BOM/CRLF, determinism, output formats,
 * content of the SVG, column maps, usage errors and the input limits. */
#include "testutil.h"

#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- helpers ------------------------------------------------------------------------- */

#define ARGS(...) ((const char *const[]){__VA_ARGS__, NULL})

/* A temporary directory removed by the teardown even when the test fails midway. */
static char *made_dirs[16];
static size_t made_count;

static char *tmpdir(void)
{
    char *dir = tu_mkdtemp();
    if (made_count < sizeof made_dirs / sizeof made_dirs[0])
        made_dirs[made_count++] = strdup(dir);
    return dir;
}

static int remove_tmpdirs(void **state)
{
    (void)state;
    for (size_t i = 0; i < made_count; i++) {
        tu_rmtree(made_dirs[i]);
        free(made_dirs[i]);
    }
    made_count = 0;
    return 0;
}

/* Writes len bytes (binary-safe) to dir/name. */
static void put(const char *dir, const char *name, const char *data, size_t len)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    if (len)
        assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

/* dir/name in a static rotating buffer (a few may be live at once). */
static const char *in(const char *dir, const char *name)
{
    static char slots[8][1024];
    static unsigned next;
    char *buf = slots[next++ % 8];
    snprintf(buf, 1024, "%s/%s", dir, name);
    return buf;
}

static void make_dir(const char *path)
{
    assert_int_equal(mkdir(path, 0777), 0);
}

/* Fails showing the run's stderr when the exit status is not the expected one. */
#define assert_status(run, expected) assert_status_at((run), (expected), __FILE__, __LINE__)
static void assert_status_at(const tu_run *r, int expected, const char *file, int line)
{
    if (r->status != expected) {
        fflush(stdout);
        fprintf(stderr, "%s:%d: exit status %d, expected %d; stderr:\n%.3000s\n", file, line, r->status,
                    expected, r->err ? r->err : "");
        fail();
    }
}

/* The last 3000 bytes of text, for failure messages. */
static const char *tail_of(const char *text)
{
    if (!text)
        return "(null)";
    size_t n = strlen(text);
    return n > 3000 ? text + n - 3000 : text;
}

/* Fails with the text shown when needle is not in haystack. */
static void assert_contains(const char *haystack, const char *needle)
{
    if (!haystack || !strstr(haystack, needle)) {
        fflush(stdout);
        fprintf(stderr, "expected to find:\n  %s\nin (the last 3000 bytes at most):\n%s\n", needle, tail_of(haystack));
        fail();
    }
}

static void assert_not_contains(const char *haystack, const char *needle)
{
    if (haystack && strstr(haystack, needle)) {
        fflush(stdout);
        fprintf(stderr, "did not expect to find:\n  %s\nin (the last 3000 bytes at most):\n%s\n", needle, tail_of(haystack));
        fail();
    }
}

/* Number of lines of text containing needle. */
static size_t lines_with(const char *text, const char *needle)
{
    size_t n = 0;
    const char *line = text;
    while (line && *line) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        char *copy = strndup(line, len);
        if (strstr(copy, needle))
            n++;
        free(copy);
        line = end ? end + 1 : NULL;
    }
    return n;
}

/* The value of attribute attr at its first occurrence after marker in text (malloc'd);
 * fails when either is missing. */
static char *attr_after(const char *text, const char *marker, const char *attr)
{
    const char *m = strstr(text, marker);
    if (!m) {
        fflush(stdout);
        fprintf(stderr, "marker not found: %s\n", marker);
        fail();
    }
    char pattern[128];
    snprintf(pattern, sizeof pattern, "%s=\"", attr);
    const char *a = strstr(m, pattern);
    assert_non_null(a);
    a += strlen(pattern);
    const char *end = strchr(a, '"');
    assert_non_null(end);
    return strndup(a, (size_t)(end - a));
}

/* Number of lines in text. */
static size_t count_lines(const char *text)
{
    size_t n = 0;
    for (const char *p = text; *p; p++)
        n += *p == '\n';
    return n;
}

/* Nonzero when dir holds an entry starting with prefix. */
static int has_entry_with_prefix(const char *dir, const char *prefix)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    int found = 0;
    while ((e = readdir(d)) != NULL)
        if (strncmp(e->d_name, prefix, strlen(prefix)) == 0)
            found = 1;
    closedir(d);
    return found;
}

static int file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* Asserts both files exist and hold the same bytes. */
static void assert_same_file(const char *a, const char *b)
{
    size_t na = 0, nb = 0;
    char *da = tu_read(a, &na), *db = tu_read(b, &nb);
    assert_non_null(da);
    assert_non_null(db);
    assert_true(na > 0);
    if (na != nb || memcmp(da, db, na) != 0) {
        print_error("%s (%zu bytes) and %s (%zu bytes) differ\n", a, na, b, nb);
        fail();
    }
    free(da);
    free(db);
}

/* Asserts the file holds exactly text. */
static void assert_file_is(const char *path, const char *text)
{
    size_t n = 0;
    char *data = tu_read(path, &n);
    assert_non_null(data);
    assert_int_equal(n, strlen(text));
    assert_memory_equal(data, text, n);
    free(data);
}

/* Asserts a usage error: exit 2, nothing on stdout, and the one-line hint. */
static void assert_usage_error(const tu_run *r)
{
    assert_status(r, 2);
    assert_string_equal(r->out, "");
    assert_contains(r->err, "Try 'kgraph");
}

/* A small valid dataset: 3 entities, 2 relations (3 citations, "meets" cited by two
 * docs), 2 sources. */
static const char GOOD_ENTITIES[] =
    "id,label,type,description,url\n"
    "xi_jinping,Xi Jinping,person,\"Leader \"\"X\"\" & co\",https://example.org/xi\n"
    "putin,Vladimir Putin,person,,\n"
    "lavrov,Sergey Lavrov,person,,\n";
static const char GOOD_RELATIONS[] =
    "source,relation,target,doc,quote,date,polarity,confidence,claimed_by\n"
    "xi_jinping,meets,putin,d1,\"They met in Moscow\",2023-03-20,positive,0.9,lavrov\n"
    "xi_jinping,meets,putin,d2,\"A second\nmulti-line quote\",2023-03-21,positive,0.8,\n"
    "putin,appoints,lavrov,d1,Lavrov appointed,2004,neutral,,\n";
static const char GOOD_SOURCES[] =
    "id,title,date,url\n"
    "d1,Doc one,2023-03-20,https://example.org/1\n"
    "d2,Doc two,2023-03,\n";

static void write_good_dataset(const char *dir)
{
    tu_write(dir, "entities.csv", GOOD_ENTITIES);
    tu_write(dir, "relations.csv", GOOD_RELATIONS);
    tu_write(dir, "sources.csv", GOOD_SOURCES);
}

/* text with every LF turned into CRLF, with a UTF-8 BOM in front (malloc'd). */
static char *crlf_bom(const char *text)
{
    size_t n = strlen(text), lfs = 0;
    for (size_t i = 0; i < n; i++)
        lfs += text[i] == '\n';
    char *out = malloc(n + lfs + 4);
    assert_non_null(out);
    size_t o = 0;
    memcpy(out, "\xEF\xBB\xBF", 3);
    o = 3;
    for (size_t i = 0; i < n; i++) {
        if (text[i] == '\n')
            out[o++] = '\r';
        out[o++] = text[i];
    }
    out[o] = '\0';
    return out;
}

/* ---- 1. every class of bad input: exit 2, FILE:LINE: message, output untouched --------- */

#define ENT_OK "id,label\nxi_jinping,Xi Jinping\nputin,Vladimir Putin\n"
#define REL_HEAD "source,relation,target,doc,quote,date,polarity,confidence,claimed_by\n"
#define REL_ROW "xi_jinping,meets,putin,d1,They met,2023-03-20,positive,0.9,\n"
#define REL_OK REL_HEAD REL_ROW
#define SRC_OK "id,title,date\nd1,Doc one,2023-03-20\n"
#define NUL_RELATIONS REL_OK "xi_jinping,meets,putin,d1,a\0b\n"

typedef struct bad_case {
    const char *name;
    const char *entities;
    const char *relations;
    size_t relations_len; /* 0: strlen (set for texts holding a NUL) */
    const char *sources;  /* NULL: no sources.csv */
    const char *expected; /* "FILE:LINE: message" without the directory */
} bad_case;

static const bad_case bad_cases[] = {
    {"unknown_target", ENT_OK, REL_OK "putin,calls,lavrov,,,,,,\n", 0, NULL,
     "relations.csv:3: target 'lavrov' is not an entity id"},
    {"unknown_source", ENT_OK, REL_OK "lavrov,calls,putin,,,,,,\n", 0, NULL,
     "relations.csv:3: source 'lavrov' is not an entity id"},
    {"unknown_claimed_by", ENT_OK, REL_OK "putin,calls,xi_jinping,,,,,,lavrov\n", 0, NULL,
     "relations.csv:3: claimed_by 'lavrov' is not an entity id"},
    {"unknown_doc_with_sources", ENT_OK, REL_OK "putin,calls,xi_jinping,d2,,,,,\n", 0, SRC_OK,
     "relations.csv:3: doc 'd2' is not a source id in "},
    {"empty_source", ENT_OK, REL_OK ",calls,putin,,,,,,\n", 0, NULL, "relations.csv:3: source is empty"},
    {"empty_relation", ENT_OK, REL_OK "putin,,xi_jinping,,,,,,\n", 0, NULL,
     "relations.csv:3: relation is empty"},
    {"duplicate_entity_id", ENT_OK "xi_jinping,Again\n", REL_OK, 0, NULL,
     "entities.csv:4: duplicate id 'xi_jinping' (first defined at line 2)"},
    {"empty_entity_id", "id,label\nxi_jinping,Xi\n,Nobody\nputin,Putin\n", REL_OK, 0, NULL,
     "entities.csv:3: id is empty"},
    {"duplicate_source_id", ENT_OK, REL_OK, 0, "id,title\nd1,One\nd1,Again\n",
     "sources.csv:3: duplicate id 'd1' (first defined at line 2)"},
    {"empty_source_id", ENT_OK, REL_OK, 0, "id,title\nd1,One\n,Nameless\n", "sources.csv:3: id is empty"},
    {"unterminated_quote_multiline", ENT_OK, REL_OK "xi_jinping,meets,putin,d1,\"first\nsecond\nthird\n",
     0, NULL, "relations.csv:3: unterminated quoted field"},
    {"unterminated_quote_after_multiline_row", ENT_OK,
     REL_OK "xi_jinping,meets,putin,d1,\"one\ntwo\"\nputin,calls,xi_jinping,d1,\"open\nstill open\n", 0,
     NULL, "relations.csv:5: unterminated quoted field"},
    {"malformed_quote", ENT_OK, REL_OK "xi_jinping,meets,putin,d1,\"a\"b\n", 0, NULL,
     "relations.csv:3: malformed quoting"},
    {"quote_inside_unquoted_field", ENT_OK, REL_OK "xi_jinping,meets,putin,d1,a\"b\n", 0, NULL,
     "relations.csv:3: malformed quoting"},
    {"missing_entities_id", "name,label\nxi_jinping,Xi\n", REL_OK, 0, NULL,
     "entities.csv:1: missing required column 'id'"},
    {"missing_relations_source", ENT_OK, "relation,target\nmeets,putin\n", 0, NULL,
     "relations.csv:1: missing required column 'source'"},
    {"missing_relations_relation", ENT_OK, "source,target\nxi_jinping,putin\n", 0, NULL,
     "relations.csv:1: missing required column 'relation'"},
    {"missing_relations_target", ENT_OK, "source,relation\nxi_jinping,meets\n", 0, NULL,
     "relations.csv:1: missing required column 'target'"},
    {"missing_sources_id", ENT_OK, REL_OK, 0, "title\nDoc one\n", "sources.csv:1: missing required column 'id'"},
    {"row_with_more_fields_than_header", ENT_OK, REL_OK "xi_jinping,meets,putin,d1,q,,,,,extra\n", 0, NULL,
     "relations.csv:3: row has 10 fields, the header has 9"},
    {"empty_entities_file", "", REL_OK, 0, NULL, "entities.csv: file is empty: no header row"},
    {"bom_only_entities_file", "\xEF\xBB\xBF", REL_OK, 0, NULL, "entities.csv: file is empty: no header row"},
    {"empty_relations_file", ENT_OK, "", 0, NULL, "relations.csv: file is empty: no header row"},
    {"bom_only_relations_file", ENT_OK, "\xEF\xBB\xBF", 0, NULL,
     "relations.csv: file is empty: no header row"},
    {"empty_sources_file", ENT_OK, REL_OK, 0, "", "sources.csv: file is empty: no header row"},
    {"header_only_entities_file", "id,label\n", REL_OK, 0, NULL,
     "relations.csv:2: source 'xi_jinping' is not an entity id"},
    {"bom_and_header_only_entities_file", "\xEF\xBB\xBFid,label\n", REL_OK, 0, NULL,
     "relations.csv:2: source 'xi_jinping' is not an entity id"},
    {"invalid_utf8_byte_ff", ENT_OK, REL_OK "xi_jinping,meets,putin,d1,a\xFF" "b\n", 0, NULL,
     "relations.csv:3: invalid UTF-8 in column 'quote': byte 0xFF at offset 1"},
    {"invalid_utf8_overlong_c0_80", ENT_OK, REL_OK "xi_jinping,meets,putin,d1,a\xC0\x80" "b\n", 0, NULL,
     "relations.csv:3: invalid UTF-8 in column 'quote': byte 0xC0 at offset 1"},
    {"invalid_utf8_surrogate_ed_a0_80", ENT_OK, REL_OK "xi_jinping,meets,putin,d1,a\xED\xA0\x80" "b\n", 0,
     NULL, "relations.csv:3: invalid UTF-8 in column 'quote': byte 0xED at offset 1"},
    {"invalid_utf8_in_entity_id", "id,label\nxi_jinping,Xi\nput\xFFin,P\n", REL_OK, 0, NULL,
     "entities.csv:3: invalid UTF-8 in column 'id': byte 0xFF at offset 3"},
    {"invalid_utf8_in_header", ENT_OK, "source,relation,target,quo\xFF" "te\n", 0, NULL,
     "relations.csv:1: invalid UTF-8 in the header: byte 0xFF at offset 3"},
    {"nul_byte", ENT_OK, NUL_RELATIONS, sizeof(NUL_RELATIONS) - 1, NULL,
     "relations.csv:3: NUL byte in column 'quote' at offset 1"},
    {"control_byte_01", ENT_OK, REL_OK "xi_jinping,meets,putin,d1,a\x01" "b\n", 0, NULL,
     "relations.csv:3: control character U+0001 in column 'quote' at offset 1"},
    {"control_byte_esc", ENT_OK, REL_OK "xi_jinping,meets,putin,d1,a\x1B[31mred\n", 0, NULL,
     "relations.csv:3: control character U+001B in column 'quote' at offset 1"},
    {"lone_cr_in_quoted_field", ENT_OK, REL_OK "xi_jinping,meets,putin,d1,\"a\rb\"\n", 0, NULL,
     "relations.csv:3: control character U+000D in column 'quote' at offset 1"},
    {"invalid_polarity", ENT_OK, REL_OK "xi_jinping,meets,putin,d1,q,,good,,\n", 0, NULL,
     "relations.csv:3: polarity 'good' is not positive, negative or neutral"},
    {"invalid_polarity_near", ENT_OK, REL_OK "xi_jinping,meets,putin,d1,q,,Postive,,\n", 0, NULL,
     "relations.csv:3: polarity 'Postive' is not positive, negative or neutral; did you mean 'positive'?"},
    {"invalid_date_month_13", ENT_OK, REL_OK "xi_jinping,meets,putin,d1,q,2022-13,,,\n", 0, NULL,
     "relations.csv:3: date '2022-13' is not an ISO 8601 date"},
    {"invalid_date_feb_30", ENT_OK, REL_OK "xi_jinping,meets,putin,d1,q,2022-02-30,,,\n", 0, NULL,
     "relations.csv:3: date '2022-02-30' is not an ISO 8601 date"},
    {"invalid_date_feb_29_non_leap", ENT_OK, REL_OK "xi_jinping,meets,putin,d1,q,2023-02-29,,,\n", 0, NULL,
     "relations.csv:3: date '2023-02-29' is not an ISO 8601 date"},
    {"invalid_date_two_digit_year", ENT_OK, REL_OK "xi_jinping,meets,putin,d1,q,22-01-01,,,\n", 0, NULL,
     "relations.csv:3: date '22-01-01' is not an ISO 8601 date"},
    {"invalid_date_in_sources", ENT_OK, REL_OK, 0, "id,title,date\nd1,Doc one,2022-13\n",
     "sources.csv:2: date '2022-13' is not an ISO 8601 date"},
    {"invalid_confidence_above_one", ENT_OK, REL_OK "xi_jinping,meets,putin,d1,q,,,1.5,\n", 0, NULL,
     "relations.csv:3: confidence '1.5' is not a number in [0,1]"},
    {"invalid_confidence_negative", ENT_OK, REL_OK "xi_jinping,meets,putin,d1,q,,,-0.1,\n", 0, NULL,
     "relations.csv:3: confidence '-0.1' is not a number in [0,1]"},
    {"invalid_confidence_word", ENT_OK, REL_OK "xi_jinping,meets,putin,d1,q,,,abc,\n", 0, NULL,
     "relations.csv:3: confidence 'abc' is not a number in [0,1]"},
    {"invalid_confidence_nan", ENT_OK, REL_OK "xi_jinping,meets,putin,d1,q,,,nan,\n", 0, NULL,
     "relations.csv:3: confidence 'nan' is not a number in [0,1]"},
    {"invalid_confidence_inf", ENT_OK, REL_OK "xi_jinping,meets,putin,d1,q,,,inf,\n", 0, NULL,
     "relations.csv:3: confidence 'inf' is not a number in [0,1]"},
    {"invalid_confidence_hex", ENT_OK, REL_OK "xi_jinping,meets,putin,d1,q,,,0x1,\n", 0, NULL,
     "relations.csv:3: confidence '0x1' is not a number in [0,1]"},
    {"javascript_url_in_entities", "id,label,url\nxi_jinping,Xi,\nputin,Putin,javascript:alert(1)\n",
     REL_OK, 0, NULL,
     "entities.csv:3: url 'javascript:alert(1)' has a scheme other than http or https"},
    {"javascript_url_in_sources", ENT_OK, REL_OK, 0, "id,title,url\nd1,Doc,JavaScript:alert(1)\n",
     "sources.csv:2: url 'JavaScript:alert(1)' has a scheme other than http or https"},
    {"duplicate_column_header", "id,label,label\nxi_jinping,Xi,Xi\nputin,P,P\n", REL_OK, 0, NULL,
     "entities.csv:1: duplicate column 'label' (columns 2 and 3)"},
    {"empty_column_header", ENT_OK, "source,relation,target,,quote\nxi_jinping,meets,putin,,q\n", 0, NULL,
     "relations.csv:1: column 4 has an empty header"},
    {"crlf_file_counts_lines", ENT_OK,
     "source,relation,target\r\nxi_jinping,meets,putin\r\nputin,calls,lavrov\r\n", 0, NULL,
     "relations.csv:3: target 'lavrov' is not an entity id"},
};

#define BAD_CASE_COUNT (sizeof bad_cases / sizeof bad_cases[0])

/* Render and check of a bad dataset both exit 2 with the message; out.svg stays as it
 * was and no temporary file is left beside it. */
static void test_bad_input_is_rejected_and_output_left_untouched(void **state)
{
    const bad_case *c = *state;
    char *dir = tmpdir();
    tu_write(dir, "entities.csv", c->entities);
    put(dir, "relations.csv", c->relations, c->relations_len ? c->relations_len : strlen(c->relations));
    if (c->sources)
        tu_write(dir, "sources.csv", c->sources);
    tu_write(dir, "out.svg", "ORIGINAL");
    char needle[2048];
    snprintf(needle, sizeof needle, "kgraph: %s/%s", dir, c->expected);

    tu_run r = tu_kgraph(NULL, ARGS("render", dir, "-o", in(dir, "out.svg")));
    assert_status(&r, 2);
    assert_contains(r.err, needle);
    assert_string_equal(r.out, "");
    assert_file_is(in(dir, "out.svg"), "ORIGINAL");
    assert_false(has_entry_with_prefix(dir, ".out.svg."));
    tu_run_free(&r);

    r = tu_kgraph(NULL, ARGS("check", dir));
    assert_status(&r, 2);
    assert_contains(r.err, needle);
    assert_string_equal(r.out, "");
    tu_run_free(&r);
    tu_rmtree(dir);
}

/* An unquoted lone CR is neither a line break the line numbers count nor accepted text:
 * it must be reported like the other control characters, on the row's line. */
static void test_lone_cr_outside_quotes_is_rejected_as_a_control_character(void **state)
{
    (void)state;
    char *dir = tmpdir();
    tu_write(dir, "entities.csv", ENT_OK);
    tu_write(dir, "relations.csv", REL_OK "xi_jinping,meets,putin,d1,a\rb\n");
    tu_run r = tu_kgraph(NULL, ARGS("check", dir));
    assert_status(&r, 2);
    char needle[1024];
    snprintf(needle, sizeof needle, "%s/relations.csv:3: control character U+000D", dir);
    assert_contains(r.err, needle);
    tu_run_free(&r);
    tu_rmtree(dir);
}

/* ---- 2. several errors, and the cap ------------------------------------------------- */

static void test_every_error_of_a_run_is_reported_not_only_the_first(void **state)
{
    (void)state;
    char *dir = tmpdir();
    tu_write(dir, "entities.csv", ENT_OK "xi_jinping,Again\nlavrov,Lavrov,extra\n");
    tu_write(dir, "relations.csv", REL_OK
             "putin,calls,nobody,,,,,,\n"
             "xi_jinping,meets,putin,d1,q,2022-13,,7,\n");
    tu_write(dir, "sources.csv", "id,title,date\nd1,Doc,2022-02-30\n");
    tu_run r = tu_kgraph(NULL, ARGS("check", dir));
    assert_status(&r, 2);
    static const char *const expected[] = {
        "entities.csv:4: duplicate id 'xi_jinping' (first defined at line 2)",
        "entities.csv:5: row has 3 fields, the header has 2",
        "relations.csv:3: target 'nobody' is not an entity id",
        "relations.csv:4: date '2022-13' is not an ISO 8601 date",
        "relations.csv:4: confidence '7' is not a number in [0,1]",
        "sources.csv:2: date '2022-02-30' is not an ISO 8601 date",
    };
    char needle[1024];
    for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++) {
        snprintf(needle, sizeof needle, "kgraph: %s/%s", dir, expected[i]);
        assert_contains(r.err, needle);
    }
    assert_string_equal(r.out, "");
    tu_run_free(&r);
    tu_rmtree(dir);
}

static void test_five_hundred_bad_rows_report_one_hundred_and_count_the_rest(void **state)
{
    (void)state;
    char *dir = tmpdir();
    tu_write(dir, "entities.csv", ENT_OK);
    size_t cap = 64 * 1024;
    char *rel = malloc(cap);
    assert_non_null(rel);
    size_t len = (size_t)snprintf(rel, cap, "source,relation,target\n");
    for (int i = 0; i < 500; i++)
        len += (size_t)snprintf(rel + len, cap - len, "xi_jinping,meets,nobody%d\n", i);
    put(dir, "relations.csv", rel, len);
    free(rel);

    tu_run r = tu_kgraph(NULL, ARGS("check", dir));
    assert_status(&r, 2);
    assert_int_equal(lines_with(r.err, "is not an entity id"), 100);
    char needle[1024];
    snprintf(needle, sizeof needle, "kgraph: %s/relations.csv:101: target 'nobody99'", dir);
    assert_contains(r.err, needle);
    assert_not_contains(r.err, "nobody100'");
    assert_contains(r.err, "kgraph: 400 more errors not shown");
    tu_run_free(&r);
    tu_rmtree(dir);
}

/* ---- 3. BOM and CRLF -------------------------------------------------------------------- */

static void test_bom_and_crlf_read_like_plain_lf(void **state)
{
    (void)state;
    char *dir = tmpdir();
    /* same base name "ds" for both, so the default title is the same */
    make_dir(in(dir, "lf"));
    make_dir(in(dir, "crlf"));
    char lf[1024], crlf[1024];
    snprintf(lf, sizeof lf, "%s/lf/ds", dir);
    snprintf(crlf, sizeof crlf, "%s/crlf/ds", dir);
    make_dir(lf);
    make_dir(crlf);
    write_good_dataset(lf);
    const char *files[][2] = {{"entities.csv", GOOD_ENTITIES},
                              {"relations.csv", GOOD_RELATIONS},
                              {"sources.csv", GOOD_SOURCES}};
    for (size_t i = 0; i < 3; i++) {
        char *t = crlf_bom(files[i][1]);
        tu_write(crlf, files[i][0], t);
        free(t);
    }

    const char *formats[] = {"svg", "dot", "json"};
    for (size_t i = 0; i < 3; i++) {
        char a[1100], b[1100];
        snprintf(a, sizeof a, "%s/lf.%s", dir, formats[i]);
        snprintf(b, sizeof b, "%s/crlf.%s", dir, formats[i]);
        tu_run r = tu_kgraph(NULL, ARGS("render", lf, "-o", a));
        assert_status(&r, 0);
        tu_run_free(&r);
        r = tu_kgraph(NULL, ARGS("render", crlf, "-o", b));
        assert_status(&r, 0);
        tu_run_free(&r);
        assert_same_file(a, b);
    }

    char expected[1200];
    snprintf(expected, sizeof expected, "%s: 3 entities, 2 relations (3 citations), 2 sources\n", crlf);
    tu_run r = tu_kgraph(NULL, ARGS("check", crlf));
    assert_status(&r, 0);
    assert_string_equal(r.out, expected);
    assert_string_equal(r.err, "");
    tu_run_free(&r);
    tu_rmtree(dir);
}

static void test_check_prints_the_one_line_summary(void **state)
{
    (void)state;
    char *dir = tmpdir();
    write_good_dataset(dir);
    tu_run r = tu_kgraph(NULL, ARGS("check", dir));
    assert_status(&r, 0);
    char expected[1200];
    snprintf(expected, sizeof expected, "%s: 3 entities, 2 relations (3 citations), 2 sources\n", dir);
    assert_string_equal(r.out, expected);
    assert_string_equal(r.err, "");
    tu_run_free(&r);

    /* the default dataset is the current directory */
    r = tu_kgraph(dir, ARGS("check"));
    assert_status(&r, 0);
    assert_string_equal(r.out, ".: 3 entities, 2 relations (3 citations), 2 sources\n");
    tu_run_free(&r);
    tu_rmtree(dir);
}

static void test_header_only_files_are_a_valid_empty_dataset(void **state)
{
    (void)state;
    char *dir = tmpdir();
    tu_write(dir, "entities.csv", "\xEF\xBB\xBFid,label\r\n");
    tu_write(dir, "relations.csv", "source,relation,target\n");
    tu_run r = tu_kgraph(NULL, ARGS("check", dir));
    assert_status(&r, 0);
    assert_contains(r.out, ": 0 entities, 0 relations (0 citations), 0 sources\n");
    tu_run_free(&r);
    tu_rmtree(dir);
}

static void test_warnings_do_not_fail_and_quiet_hides_them(void **state)
{
    (void)state;
    char *dir = tmpdir();
    tu_write(dir, "entities.csv", ENT_OK "lavrov,Sergey Lavrov\n");
    tu_write(dir, "relations.csv", REL_OK);
    tu_run r = tu_kgraph(NULL, ARGS("check", dir));
    assert_status(&r, 0);
    char needle[1024];
    snprintf(needle, sizeof needle, "kgraph: %s/entities.csv:4: warning: entity 'lavrov' takes part in no relation", dir);
    assert_contains(r.err, needle);
    tu_run_free(&r);
    r = tu_kgraph(NULL, ARGS("check", "-q", dir));
    assert_status(&r, 0);
    assert_string_equal(r.err, "");
    tu_run_free(&r);
    tu_rmtree(dir);
}

/* ---- 4. determinism ----------------------------------------------------------------------- */

static void test_rendering_twice_gives_identical_bytes(void **state)
{
    (void)state;
    char *dir = tmpdir();
    write_good_dataset(dir);
    const char *exts[] = {"svg", "dot", "json"};
    for (size_t i = 0; i < 3; i++) {
        char a[1100], b[1100];
        snprintf(a, sizeof a, "%s/one.%s", dir, exts[i]);
        snprintf(b, sizeof b, "%s/two.%s", dir, exts[i]);
        tu_run r = tu_kgraph(NULL, ARGS("render", dir, "-o", a));
        assert_status(&r, 0);
        tu_run_free(&r);
        r = tu_kgraph(NULL, ARGS("render", dir, "-o", b));
        assert_status(&r, 0);
        tu_run_free(&r);
        assert_same_file(a, b);
    }
    /* stdout and -o give the same bytes */
    tu_run r = tu_kgraph(NULL, ARGS("render", dir, "-T", "svg"));
    assert_status(&r, 0);
    size_t n = 0;
    char *file = tu_read(in(dir, "one.svg"), &n);
    assert_non_null(file);
    assert_string_equal(r.out, file);
    free(file);
    tu_run_free(&r);
    tu_rmtree(dir);
}

/* ---- 5. formats ------------------------------------------------------------------------------ */

static void check_format_bytes(const char *data, size_t n, const char *format)
{
    if (strcmp(format, "svg") == 0) {
        assert_true(n > 5 && memcmp(data, "<?xml", 5) == 0);
        assert_non_null(strstr(data, "<svg"));
    } else if (strcmp(format, "png") == 0) {
        assert_true(n > 8 && memcmp(data, "\x89PNG\r\n\x1a\n", 8) == 0);
    } else if (strcmp(format, "pdf") == 0) {
        assert_true(n > 5 && memcmp(data, "%PDF-", 5) == 0);
    } else if (strcmp(format, "dot") == 0 || strcmp(format, "gv") == 0) {
        assert_true(n > 7 && memcmp(data, "digraph", 7) == 0);
        assert_null(strstr(data, "pos=")); /* the built graph, no layout */
        assert_non_null(strstr(data, "xi_jinping"));
    } else if (strcmp(format, "json") == 0) {
        assert_true(n > 1 && data[0] == '{');
        assert_non_null(strstr(data, "\"objects\""));
    } else {
        fail_msg("unknown format %s", format);
    }
}

static void test_every_format_is_written_with_t_and_from_the_extension(void **state)
{
    (void)state;
    char *dir = tmpdir();
    write_good_dataset(dir);
    const char *formats[] = {"svg", "png", "pdf", "dot", "json"};
    for (size_t i = 0; i < 5; i++) {
        char path[1100];
        snprintf(path, sizeof path, "%s/by-t-%s.out", dir, formats[i]);
        tu_run r = tu_kgraph(NULL, ARGS("render", dir, "-T", formats[i], "-o", path));
        assert_status(&r, 0);
        tu_run_free(&r);
        size_t n = 0;
        char *data = tu_read(path, &n);
        assert_non_null(data);
        check_format_bytes(data, n, formats[i]);
        free(data);
    }
    const char *exts[] = {"svg", "png", "pdf", "dot", "gv", "json", "SVG"};
    const char *fmt_of[] = {"svg", "png", "pdf", "dot", "dot", "json", "svg"};
    for (size_t i = 0; i < 7; i++) {
        char path[1100];
        snprintf(path, sizeof path, "%s/by-ext.%s", dir, exts[i]);
        tu_run r = tu_kgraph(NULL, ARGS("render", dir, "-o", path));
        assert_status(&r, 0);
        tu_run_free(&r);
        size_t n = 0;
        char *data = tu_read(path, &n);
        assert_non_null(data);
        check_format_bytes(data, n, fmt_of[i]);
        free(data);
    }
    /* -T wins over the extension */
    tu_run r = tu_kgraph(NULL, ARGS("render", dir, "-T", "dot", "-o", in(dir, "really-dot.svg")));
    assert_status(&r, 0);
    tu_run_free(&r);
    size_t n = 0;
    char *data = tu_read(in(dir, "really-dot.svg"), &n);
    assert_non_null(data);
    check_format_bytes(data, n, "dot");
    free(data);
    tu_rmtree(dir);
}

static void test_unknown_extension_or_format_is_a_usage_error(void **state)
{
    (void)state;
    char *dir = tmpdir();
    write_good_dataset(dir);
    tu_run r = tu_kgraph(NULL, ARGS("render", dir, "-o", in(dir, "out.xyz")));
    assert_usage_error(&r);
    assert_contains(r.err, "'.xyz'");
    assert_false(file_exists(in(dir, "out.xyz")));
    tu_run_free(&r);

    r = tu_kgraph(NULL, ARGS("render", dir, "-o", in(dir, "noextension")));
    assert_usage_error(&r);
    assert_false(file_exists(in(dir, "noextension")));
    tu_run_free(&r);

    r = tu_kgraph(NULL, ARGS("render", dir, "-T", "gif", "-o", in(dir, "out.gif")));
    assert_usage_error(&r);
    assert_contains(r.err, "unknown format 'gif'");
    assert_false(file_exists(in(dir, "out.gif")));
    tu_run_free(&r);

    r = tu_kgraph(NULL, ARGS("render", dir, "-K", "nosuchengine"));
    assert_usage_error(&r);
    assert_contains(r.err, "unknown layout engine 'nosuchengine'");
    tu_run_free(&r);
    /* with -T given, an unknown extension is fine */
    r = tu_kgraph(NULL, ARGS("render", dir, "-T", "svg", "-o", in(dir, "out.xyz")));
    assert_status(&r, 0);
    tu_run_free(&r);
    tu_rmtree(dir);
}

static void test_dash_output_writes_to_stdout(void **state)
{
    (void)state;
    char *dir = tmpdir();
    write_good_dataset(dir);
    tu_run r = tu_kgraph(NULL, ARGS("render", dir, "-o", "-"));
    assert_status(&r, 0);
    check_format_bytes(r.out, strlen(r.out), "svg");
    assert_false(file_exists(in(dir, "-")));
    tu_run_free(&r);

    r = tu_kgraph(dir, ARGS("render", "-o", "-", "-T", "png"));
    assert_status(&r, 0);
    check_format_bytes(r.out, 8 + 1, "png");
    assert_false(file_exists(in(dir, "-")));
    tu_run_free(&r);

    /* no -o: stdout, svg */
    r = tu_kgraph(NULL, ARGS("render", dir));
    assert_status(&r, 0);
    check_format_bytes(r.out, strlen(r.out), "svg");
    tu_run_free(&r);
    tu_rmtree(dir);
}

/* A message names the output path once. */
static void test_output_error_message_names_the_path_once(void **state)
{
    (void)state;
    char *dir = tmpdir();
    write_good_dataset(dir);
    char path[1100];
    snprintf(path, sizeof path, "%s/no-such-dir/out.svg", dir);
    tu_run r = tu_kgraph(NULL, ARGS("render", dir, "-q", "-o", path));
    assert_status(&r, 2);
    assert_contains(r.err, "cannot create");
    const char *first = strstr(r.err, path);
    assert_non_null(first);
    if (strstr(first + strlen(path), path)) {
        fflush(stdout);
        fprintf(stderr, "the output path is named twice in: %s\n", r.err);
        fail();
    }
    tu_run_free(&r);
    tu_rmtree(dir);
}

static void test_unknown_format_message_gives_the_remedy_once(void **state)
{
    (void)state;
    char *dir = tmpdir();
    write_good_dataset(dir);
    tu_run r = tu_kgraph(NULL, ARGS("render", dir, "-o", in(dir, "noextension")));
    assert_usage_error(&r);
    assert_contains(r.err, "cannot tell the format of");
    assert_int_equal(lines_with(r.err, "give the format"), 1);
    assert_not_contains(r.err, "give the format; give the format");
    tu_run_free(&r);
    tu_rmtree(dir);
}

/* ---- 6. content ------------------------------------------------------------------------------ */

static void test_svg_has_ids_quotes_and_citation_counts(void **state)
{
    (void)state;
    char *dir = tmpdir();
    write_good_dataset(dir);
    tu_run r = tu_kgraph(NULL, ARGS("render", dir, "-T", "svg"));
    assert_status(&r, 0);
    const char *svg = r.out;
    assert_contains(svg, "id=\"e&#45;xi_jinping\"");
    assert_contains(svg, "id=\"e&#45;putin\"");
    /* the edge's tooltip carries both quotes, its label the number of docs */
    char *tip = attr_after(svg, "id=\"a_r&#45;xi_jinping&#45;&#45;meets&#45;&#45;putin\"", "xlink:title");
    assert_contains(tip, "They met in Moscow");
    assert_contains(tip, "multi&#45;line quote");
    assert_contains(tip, "claimed by Sergey Lavrov");
    free(tip);
    assert_contains(svg, "meets (2)");
    assert_not_contains(svg, "appoints (");
    /* the description's quote and ampersand are escaped */
    assert_contains(svg, "Leader &quot;X&quot; &amp; co");
    tu_run_free(&r);
    tu_rmtree(dir);
}

/* Runs xmllint --noout on path; skips (with a message) when xmllint is absent. */
static void assert_well_formed_xml(const char *path)
{
    if (access("/usr/bin/xmllint", X_OK) != 0) {
        tu_skipped("/usr/bin/xmllint is absent; well-formedness of %s not checked", path);
        return;
    }
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "/usr/bin/xmllint --noout '%s'", path);
    int st = system(cmd);
    if (st != 0) {
        print_error("xmllint rejects %s (status %d)\n", path, st);
        fail();
    }
}

/* Unknown columns are data, never Graphviz attributes, even when named like one. */
static void test_columns_named_like_graphviz_attributes_never_reach_the_output(void **state)
{
    (void)state;
    char *dir = tmpdir();
    tu_write(dir, "entities.csv",
             "id,label,fontname,image,shape,style,href,stylesheet,shapefile\n"
             "xi_jinping,Xi,EVILFONT,/etc/passwd,record,EVILSTYLE,javascript:EVILURL,EVILSHEET,/etc/hostname\n"
             "putin,Putin,EVILFONT,/etc/passwd,Mrecord,EVILSTYLE,,EVILSHEET,\n");
    tu_write(dir, "relations.csv",
             "source,relation,target,color,penwidth,label,headURL,arrowhead\n"
             "xi_jinping,meets,putin,EVILCOLOR,99,EVILLABEL,javascript:EVILHEAD,EVILARROW\n");
    const char *formats[] = {"out.svg", "out.dot"};
    for (size_t i = 0; i < 2; i++) {
        tu_run r = tu_kgraph(NULL, ARGS("render", dir, "-o", in(dir, formats[i])));
        assert_status(&r, 0);
        tu_run_free(&r);
        char *text = tu_read(in(dir, formats[i]), NULL);
        assert_non_null(text);
        static const char *const never[] = {"EVIL", "/etc/passwd", "/etc/hostname", "record",
                                            "javascript:", "penwidth=99", "stroke-width=\"99\""};
        for (size_t k = 0; k < sizeof never / sizeof never[0]; k++)
            assert_not_contains(text, never[k]);
        free(text);
    }
    tu_rmtree(dir);
}

static void test_hostile_text_appears_literally_and_escaped(void **state)
{
    (void)state;
    char *dir = tmpdir();
    tu_write(dir, "entities.csv",
             "id,label,description,url\n"
             "xi_jinping,\"X \\N <script>alert(1)</script>\",\"say \"\"hi\"\" & <b>bye</b>\",\n"
             "putin,Putin & Co,,\"https://example.org/a?b=1&c=\"\"2\"\"\"\n");
    tu_write(dir, "relations.csv",
             "source,relation,target,quote\n"
             "xi_jinping,<b>meets</b>,putin,\"He said \"\"<script>\"\" & left\"\n");
    tu_run r = tu_kgraph(NULL, ARGS("render", dir, "-o", in(dir, "out.svg")));
    assert_status(&r, 0);
    tu_run_free(&r);
    char *svg = tu_read(in(dir, "out.svg"), NULL);
    assert_non_null(svg);
    /* \N stays literal (not replaced by the node name), <script> is text, not markup */
    assert_contains(svg, "X \\N &lt;script&gt;alert(1)&lt;/script&gt;");
    assert_not_contains(svg, "<script");
    assert_not_contains(svg, "<b>");
    assert_contains(svg, "say &quot;hi&quot; &amp; &lt;b&gt;bye&lt;/b&gt;");
    assert_contains(svg, "He said &quot;&lt;script&gt;&quot; &amp; left");
    assert_contains(svg, "Putin &amp; Co");
    assert_contains(svg, "href=\"https://example.org/a?b=1&amp;c=%222%22\"");
    assert_well_formed_xml(in(dir, "out.svg"));
    free(svg);
    tu_rmtree(dir);
}

static void test_rendered_svg_is_well_formed_xml(void **state)
{
    (void)state;
    char *dir = tmpdir();
    write_good_dataset(dir);
    tu_run r = tu_kgraph(NULL, ARGS("render", dir, "-o", in(dir, "out.svg"), "--title", "A & <B> \"C\""));
    assert_status(&r, 0);
    tu_run_free(&r);
    assert_well_formed_xml(in(dir, "out.svg"));
    char *svg = tu_read(in(dir, "out.svg"), NULL);
    assert_contains(svg, "A &amp; &lt;B&gt; &quot;C&quot;");
    free(svg);
    tu_rmtree(dir);
}

/* ---- 7. maps, single files, missing dataset ---------------------------------------------- */

static void test_map_reads_a_renamed_header(void **state)
{
    (void)state;
    char *dir = tmpdir();
    tu_write(dir, "entities.csv", ENT_OK);
    tu_write(dir, "relations.csv", "Von,relation,Nach,Zitat\nxi_jinping,meets,putin,hello\n");
    tu_run r = tu_kgraph(NULL, ARGS("check", dir, "--map", "relations.source=Von", "--map",
                                    "relations.target=Nach", "--map", "relations.quote=Zitat"));
    assert_status(&r, 0);
    assert_contains(r.out, ": 2 entities, 1 relations (1 citations), 0 sources");
    tu_run_free(&r);

    r = tu_kgraph(NULL, ARGS("render", dir, "--map=relations.source=Von", "--map",
                             "relations.target=Nach", "--map", "relations.quote=Zitat", "-T", "svg"));
    assert_status(&r, 0);
    assert_contains(r.out, "hello");
    tu_run_free(&r);

    /* without the map the header lacks 'source' (Von and Nach are no synonyms of it) */
    char needle[1024];
    snprintf(needle, sizeof needle, "%s/relations.csv:1: missing required column 'source'", dir);
    r = tu_kgraph(NULL, ARGS("check", dir));
    assert_status(&r, 2);
    assert_contains(r.err, needle);
    tu_run_free(&r);

    /* a map to a header the file lacks */
    r = tu_kgraph(NULL, ARGS("check", dir, "--map", "relations.source=Ab", "--map", "relations.target=Nach"));
    assert_status(&r, 2);
    assert_contains(r.err, "missing required column 'source' (mapped to header 'Ab')");
    tu_run_free(&r);
    r = tu_kgraph(NULL, ARGS("check", dir, "--map", "relations.source=Von", "--map",
                             "relations.target=Nach", "--map", "relations.date=Datum"));
    assert_status(&r, 2);
    assert_contains(r.err, "the header has no column 'Datum'");
    tu_run_free(&r);
    tu_rmtree(dir);
}

static void test_bad_map_spec_is_a_usage_error(void **state)
{
    (void)state;
    char *dir = tmpdir();
    write_good_dataset(dir);
    const char *specs[] = {"nonsense", "relations.source", "widgets.source=X", "relations.nosuch=X",
                           "relations.source=", "=X", "relations=X"};
    for (size_t i = 0; i < sizeof specs / sizeof specs[0]; i++) {
        tu_run r = tu_kgraph(NULL, ARGS("check", dir, "--map", specs[i]));
        assert_usage_error(&r);
        tu_run_free(&r);
        r = tu_kgraph(NULL, ARGS("render", dir, "--map", specs[i], "-o", in(dir, "out.svg")));
        assert_usage_error(&r);
        assert_false(file_exists(in(dir, "out.svg")));
        tu_run_free(&r);
    }
    tu_rmtree(dir);
}

static void test_single_files_can_be_named_one_by_one(void **state)
{
    (void)state;
    char *dir = tmpdir();
    tu_write(dir, "people.csv", GOOD_ENTITIES);
    tu_write(dir, "links.csv", GOOD_RELATIONS);
    tu_write(dir, "docs.csv", GOOD_SOURCES);
    char *empty = tmpdir(); /* the current directory: holds no dataset */
    tu_run r = tu_kgraph(empty, ARGS("check", "--entities", in(dir, "people.csv"), "--relations",
                                     in(dir, "links.csv"), "--sources", in(dir, "docs.csv")));
    assert_status(&r, 0);
    assert_string_equal(r.out, ".: 3 entities, 2 relations (3 citations), 2 sources\n");
    tu_run_free(&r);

    r = tu_kgraph(empty, ARGS("render", "--entities", in(dir, "people.csv"), "--relations",
                              in(dir, "links.csv"), "--sources", in(dir, "docs.csv"), "-o", "out.svg"));
    assert_status(&r, 0);
    tu_run_free(&r);
    char *svg = tu_read(in(empty, "out.svg"), NULL);
    assert_non_null(svg);
    assert_contains(svg, "They met in Moscow");
    free(svg);

    /* without --sources, docs are free text; an explicit --sources must exist */
    r = tu_kgraph(empty, ARGS("check", "--entities", in(dir, "people.csv"), "--relations",
                              in(dir, "links.csv")));
    assert_status(&r, 0);
    assert_string_equal(r.out, ".: 3 entities, 2 relations (3 citations), 0 sources\n");
    tu_run_free(&r);
    r = tu_kgraph(empty, ARGS("check", "--entities", in(dir, "people.csv"), "--relations",
                              in(dir, "links.csv"), "--sources", in(dir, "missing.csv")));
    assert_status(&r, 2);
    assert_contains(r.err, "missing.csv: cannot read");
    tu_run_free(&r);

    /* messages name the file as given */
    tu_write(dir, "bad-links.csv", REL_HEAD "xi_jinping,meets,nobody,,,,,,\n");
    r = tu_kgraph(empty, ARGS("check", "--entities", in(dir, "people.csv"), "--relations",
                              in(dir, "bad-links.csv")));
    assert_status(&r, 2);
    char needle[1100];
    snprintf(needle, sizeof needle, "kgraph: %s/bad-links.csv:2: target 'nobody' is not an entity id", dir);
    assert_contains(r.err, needle);
    tu_run_free(&r);
    tu_rmtree(empty);
    tu_rmtree(dir);
}

static void test_missing_dataset_directory_cannot_be_read(void **state)
{
    (void)state;
    char *dir = tmpdir();
    char missing[1100];
    snprintf(missing, sizeof missing, "%s/no-such-dataset", dir);
    tu_write(dir, "out.svg", "ORIGINAL");
    tu_run r = tu_kgraph(NULL, ARGS("check", missing));
    assert_status(&r, 2);
    assert_contains(r.err, "cannot read");
    assert_contains(r.err, "no-such-dataset/entities.csv");
    assert_string_equal(r.out, "");
    tu_run_free(&r);
    r = tu_kgraph(NULL, ARGS("render", missing, "-o", in(dir, "out.svg")));
    assert_status(&r, 2);
    assert_contains(r.err, "cannot read");
    assert_file_is(in(dir, "out.svg"), "ORIGINAL");
    tu_run_free(&r);
    /* a directory where a file is expected */
    make_dir(in(dir, "entities.csv"));
    tu_write(dir, "relations.csv", REL_OK);
    r = tu_kgraph(NULL, ARGS("check", dir));
    assert_status(&r, 2);
    assert_contains(r.err, "entities.csv: is a directory");
    tu_run_free(&r);
    tu_rmtree(dir);
}

/* ---- 8. usage ---------------------------------------------------------------------------------- */

static void test_usage_errors_exit_2_with_a_one_line_hint(void **state)
{
    (void)state;
    char *dir = tmpdir();
    write_good_dataset(dir);
    struct {
        const char *const *args;
        const char *message;
    } cases[] = {
        {ARGS("bogus"), "unknown command 'bogus'"},
        {ARGS("--bogus"), "unknown option '--bogus'"},
        {ARGS("render", "--bogus"), "unknown option '--bogus'"},
        {ARGS("render", "-Z"), "unknown option '-Z'"},
        {ARGS("check", "--bogus"), "unknown option '--bogus'"},
        {ARGS("render", dir, "-o"), "option '-o' needs a value"},
        {ARGS("render", dir, "--output"), "option '--output' needs a value"},
        {ARGS("render", dir, "-T"), "option '-T' needs a value"},
        {ARGS("check", dir, "--map"), "option '--map' needs a value"},
        {ARGS("check", dir, "--max-rows"), "option '--max-rows' needs a value"},
        {ARGS("check", dir, "--quiet=yes"), "takes no value"},
        {ARGS("check", dir, dir), "unexpected argument"},
        {ARGS("check", dir, "--max-rows", "0"), "invalid size '0'"},
        {ARGS("check", dir, "--max-rows", "-5"), "invalid size '-5'"},
        {ARGS("check", dir, "--max-field-size", "12Q"), "invalid size '12Q'"},
        {ARGS("help", "bogus"), "unknown command 'bogus'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        tu_run r = tu_kgraph(NULL, cases[i].args);
        assert_usage_error(&r);
        assert_contains(r.err, cases[i].message);
        assert_int_equal(lines_with(r.err, "Try 'kgraph"), 1);
        assert_int_equal(count_lines(r.err), 2); /* the message and the hint */
        tu_run_free(&r);
    }
    /* no command at all */
    const char *none[] = {NULL};
    tu_run r = tu_kgraph(NULL, none);
    assert_usage_error(&r);
    assert_contains(r.err, "Try 'kgraph --help'");
    tu_run_free(&r);
    tu_rmtree(dir);
}

static void test_help_and_version_exit_0_and_print_usage(void **state)
{
    (void)state;
    struct {
        const char *const *args;
        const char *text;
    } cases[] = {
        {ARGS("--help"), "Usage: kgraph COMMAND"},
        {ARGS("-h"), "Usage: kgraph COMMAND"},
        {ARGS("help"), "Usage: kgraph COMMAND"},
        {ARGS("help", "render"), "Usage: kgraph render"},
        {ARGS("help", "check"), "Usage: kgraph check"},
        {ARGS("render", "--help"), "Usage: kgraph render"},
        {ARGS("check", "-h"), "Usage: kgraph check"},
        {ARGS("--version"), "kgraph "},
        {ARGS("-V"), "kgraph "},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        tu_run r = tu_kgraph(NULL, cases[i].args);
        assert_status(&r, 0);
        assert_contains(r.out, cases[i].text);
        assert_string_equal(r.err, "");
        tu_run_free(&r);
    }
    tu_run r = tu_kgraph(NULL, ARGS("help", "render"));
    assert_contains(r.out, "--output");
    assert_contains(r.out, "--max-field-size");
    tu_run_free(&r);
}

/* ---- 10. limits ----------------------------------------------------------------------------------- */

static void test_exceeding_a_limit_fails_naming_it(void **state)
{
    (void)state;
    char *dir = tmpdir();
    tu_write(dir, "entities.csv", ENT_OK);
    tu_write(dir, "relations.csv",
             "source,relation,target,quote\n"
             "xi_jinping,meets,putin,This quote is rather longer than thirty-two bytes\n");
    tu_write(dir, "out.svg", "ORIGINAL");
    struct {
        const char *option, *value, *message;
    } cases[] = {
        {"--max-field-size", "32", "relations.csv:2: column 'quote' is longer than the limit of 32 bytes (see --max-field-size)"},
        {"--max-rows", "1", "entities.csv:3: more than 1 rows (the row limit; see --max-rows)"},
        {"--max-file-size", "40", "entities.csv: file is 52 bytes, over the limit of 40 (see --max-file-size)"},
    };
    char needle[1100];
    for (size_t i = 0; i < 3; i++) {
        snprintf(needle, sizeof needle, "kgraph: %s/%s", dir, cases[i].message);
        tu_run r = tu_kgraph(NULL, ARGS("check", dir, cases[i].option, cases[i].value));
        assert_status(&r, 2);
        assert_contains(r.err, needle);
        tu_run_free(&r);
        r = tu_kgraph(NULL, ARGS("render", dir, cases[i].option, cases[i].value, "-o", in(dir, "out.svg")));
        assert_status(&r, 2);
        assert_contains(r.err, needle);
        assert_file_is(in(dir, "out.svg"), "ORIGINAL");
        assert_false(has_entry_with_prefix(dir, ".out.svg."));
        tu_run_free(&r);
    }
    /* exactly at each limit is fine (the quote is 49 bytes, relations.csv 102 bytes,
     * entities.csv 2 rows); one below fails */
    tu_run r = tu_kgraph(NULL, ARGS("check", dir, "--max-field-size", "49", "--max-rows", "2",
                                    "--max-file-size", "102"));
    assert_status(&r, 0);
    tu_run_free(&r);
    r = tu_kgraph(NULL, ARGS("check", dir, "--max-field-size", "48"));
    assert_status(&r, 2);
    assert_contains(r.err, "limit of 48 bytes (see --max-field-size)");
    tu_run_free(&r);
    r = tu_kgraph(NULL, ARGS("check", dir, "--max-file-size", "101"));
    assert_status(&r, 2);
    assert_contains(r.err, "relations.csv: file is 102 bytes, over the limit of 101 (see --max-file-size)");
    tu_run_free(&r);
    tu_rmtree(dir);
}

static void test_limits_accept_size_suffixes(void **state)
{
    (void)state;
    char *dir = tmpdir();
    write_good_dataset(dir);
    tu_run r = tu_kgraph(NULL, ARGS("check", dir, "--max-field-size", "1K", "--max-file-size", "1M",
                                    "--max-rows", "1k"));
    assert_status(&r, 0);
    tu_run_free(&r);
    r = tu_kgraph(NULL, ARGS("check", dir, "--max-file-size", "100"));
    assert_status(&r, 2);
    assert_contains(r.err, "see --max-file-size");
    tu_run_free(&r);
    tu_rmtree(dir);
}

/* ---- main ------------------------------------------------------------------------------------------ */

int main(void)
{
    static const struct CMUnitTest fixed[] = {
        cmocka_unit_test_teardown(test_lone_cr_outside_quotes_is_rejected_as_a_control_character, remove_tmpdirs),
        cmocka_unit_test_teardown(test_every_error_of_a_run_is_reported_not_only_the_first, remove_tmpdirs),
        cmocka_unit_test_teardown(test_five_hundred_bad_rows_report_one_hundred_and_count_the_rest, remove_tmpdirs),
        cmocka_unit_test_teardown(test_bom_and_crlf_read_like_plain_lf, remove_tmpdirs),
        cmocka_unit_test_teardown(test_check_prints_the_one_line_summary, remove_tmpdirs),
        cmocka_unit_test_teardown(test_header_only_files_are_a_valid_empty_dataset, remove_tmpdirs),
        cmocka_unit_test_teardown(test_warnings_do_not_fail_and_quiet_hides_them, remove_tmpdirs),
        cmocka_unit_test_teardown(test_rendering_twice_gives_identical_bytes, remove_tmpdirs),
        cmocka_unit_test_teardown(test_every_format_is_written_with_t_and_from_the_extension, remove_tmpdirs),
        cmocka_unit_test_teardown(test_unknown_extension_or_format_is_a_usage_error, remove_tmpdirs),
        cmocka_unit_test_teardown(test_dash_output_writes_to_stdout, remove_tmpdirs),
        cmocka_unit_test_teardown(test_output_error_message_names_the_path_once, remove_tmpdirs),
        cmocka_unit_test_teardown(test_unknown_format_message_gives_the_remedy_once, remove_tmpdirs),
        cmocka_unit_test_teardown(test_svg_has_ids_quotes_and_citation_counts, remove_tmpdirs),
        cmocka_unit_test_teardown(test_hostile_text_appears_literally_and_escaped, remove_tmpdirs),
        cmocka_unit_test_teardown(test_columns_named_like_graphviz_attributes_never_reach_the_output, remove_tmpdirs),
        cmocka_unit_test_teardown(test_rendered_svg_is_well_formed_xml, remove_tmpdirs),
        cmocka_unit_test_teardown(test_map_reads_a_renamed_header, remove_tmpdirs),
        cmocka_unit_test_teardown(test_bad_map_spec_is_a_usage_error, remove_tmpdirs),
        cmocka_unit_test_teardown(test_single_files_can_be_named_one_by_one, remove_tmpdirs),
        cmocka_unit_test_teardown(test_missing_dataset_directory_cannot_be_read, remove_tmpdirs),
        cmocka_unit_test_teardown(test_usage_errors_exit_2_with_a_one_line_hint, remove_tmpdirs),
        cmocka_unit_test_teardown(test_help_and_version_exit_0_and_print_usage, remove_tmpdirs),
        cmocka_unit_test_teardown(test_exceeding_a_limit_fails_naming_it, remove_tmpdirs),
        cmocka_unit_test_teardown(test_limits_accept_size_suffixes, remove_tmpdirs),
    };
    enum { NFIXED = sizeof fixed / sizeof fixed[0] };
    static struct CMUnitTest tests[BAD_CASE_COUNT + NFIXED];
    static char names[BAD_CASE_COUNT][160];
    for (size_t i = 0; i < BAD_CASE_COUNT; i++) {
        snprintf(names[i], sizeof names[i], "bad_input_is_rejected_and_output_left_untouched: %s",
                 bad_cases[i].name);
        tests[i] = (struct CMUnitTest){names[i], test_bad_input_is_rejected_and_output_left_untouched,
                                       NULL, remove_tmpdirs, (void *)(uintptr_t)&bad_cases[i]};
    }
    for (size_t i = 0; i < NFIXED; i++)
        tests[BAD_CASE_COUNT + i] = fixed[i];
    return tu_exit_status(
        _cmocka_run_group_tests("test_cli", tests, BAD_CASE_COUNT + NFIXED, NULL, NULL));
}
