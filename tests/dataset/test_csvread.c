/* test_csvread.c: the CSV reader (src/dataset/csvread.c): a big file, read by a reader thread,
 * gives exactly what the same bytes give as a memory input (read in one thread), and
 * every short field comes with the string-table hash of its text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "dataset/csvread.h"
#include "dataset/dataset_internal.h"

#define BIG_ROWS 120000 /* about 9.5 MiB: over the reader thread's 8 MiB threshold */

/* A growing byte buffer. */
typedef struct text {
    char *data;
    size_t len, cap;
} text;

/* Appends n bytes to t (fails the test when out of memory). */
static void put(text *t, const char *s, size_t n)
{
    if (t->cap - t->len < n) {
        while (t->cap - t->len < n)
            t->cap = t->cap ? t->cap * 2 : 1 << 20;
        t->data = realloc(t->data, t->cap);
        assert_non_null(t->data);
    }
    memcpy(t->data + t->len, s, n);
    t->len += n;
}

static void puts_text(text *t, const char *s)
{
    put(t, s, strlen(s));
}

/* What a counting callback saw: rows, their lines, and a checksum of their fields. */
typedef struct seen {
    size_t rows;
    unsigned long *lines;
    size_t lines_cap;
    unsigned long long sum;
    size_t stop_at; /* return KG_EINVALID at this row (1 = the header); 0 = never */
} seen;

#define HASH_MAX 32 /* hash_max of every read_text: the multi-line fields of big_csv fit */

/* Row callback: records the row and checks each field's hash; stops at s->stop_at. */
static int count_row(void *ctx, unsigned long line, const kg_csv_field *fields, size_t count)
{
    seen *s = ctx;
    if (s->rows == s->lines_cap) {
        s->lines_cap = s->lines_cap ? s->lines_cap * 2 : 1024;
        s->lines = realloc(s->lines, s->lines_cap * sizeof *s->lines);
        assert_non_null(s->lines);
    }
    s->lines[s->rows++] = line;
    for (size_t i = 0; i < count; i++) {
        assert_int_equal(fields[i].data[fields[i].len], '\0');
        uint64_t want = fields[i].len <= HASH_MAX ? kg_hash__bytes(fields[i].data, fields[i].len, 0)
                                                  : 0;
        if (fields[i].hash != want)
            fail_msg("line %lu, field %zu (%zu bytes): hash %016llx, want %016llx", line, i,
                     fields[i].len, (unsigned long long)fields[i].hash,
                     (unsigned long long)want);
        for (size_t k = 0; k < fields[i].len; k++)
            s->sum = s->sum * 31 + (unsigned char)fields[i].data[k];
        s->sum += count;
    }
    return s->stop_at && s->rows == s->stop_at ? KG_EINVALID : KG_OK;
}

/* The result of one read. */
typedef struct outcome {
    int rc;
    size_t rows;
    seen seen;
    kg_diagnostics *diags;
} outcome;

enum { FROM_MEMORY, FROM_FILE, FROM_FILE_NO_THREAD };

#define READ_CHUNK (1u << 20) /* csvread.c reads files in pieces of this size */

static size_t field_limit; /* max_field_bytes of every read_text; 0 = the default */

/* Reads t from memory, a file (thread path) or a file without the reader thread; stop_at
 * as in seen. */
static outcome read_text(const text *t, int from, size_t stop_at, size_t max_rows)
{
    outcome o = {0};
    o.seen.stop_at = stop_at;
    assert_int_equal(kg_diagnostics_new(&o.diags, 1000000), KG_OK);
    kg_csv_input in = {.name = "t.csv", .max_rows = max_rows, .max_field_bytes = field_limit,
                       .hash_max = HASH_MAX};
    char path[512];
    char *dir = NULL;
    if (from != FROM_MEMORY) {
        dir = tu_mkdtemp();
        snprintf(path, sizeof path, "%s/t.csv", dir);
        FILE *f = fopen(path, "wb");
        assert_non_null(f);
        assert_int_equal(fwrite(t->data, 1, t->len, f), t->len);
        assert_int_equal(fclose(f), 0);
        in.path = path;
    } else {
        in.data = t->data;
        in.size = t->len;
    }
    uint64_t old = kg_csv__thread_threshold(from == FROM_FILE_NO_THREAD ? UINT64_MAX : 8u << 20);
    o.rc = kg_csv__read(&in, o.diags, count_row, &o.seen, &o.rows);
    kg_csv__thread_threshold(old);
    if (dir)
        tu_rmtree(dir);
    return o;
}

/* Fails unless both reads saw the same rows, lines, fields, diagnostics and result. */
static void assert_same(const outcome *a, const outcome *b)
{
    assert_int_equal(a->rc, b->rc);
    assert_int_equal(a->rows, b->rows);
    assert_int_equal(a->seen.rows, b->seen.rows);
    assert_true(a->seen.sum == b->seen.sum);
    for (size_t i = 0; i < a->seen.rows; i++)
        assert_int_equal(a->seen.lines[i], b->seen.lines[i]);
    size_t n = kg_diagnostics_count(a->diags);
    assert_int_equal(n, kg_diagnostics_count(b->diags));
    assert_int_equal(kg_diagnostics_errors(a->diags), kg_diagnostics_errors(b->diags));
    for (size_t i = 0; i < n; i++) {
        const kg_diag *x = kg_diagnostics_get(a->diags, i), *y = kg_diagnostics_get(b->diags, i);
        assert_int_equal(x->line, y->line);
        assert_string_equal(x->message, y->message);
    }
}

static void outcome_free(outcome *o)
{
    free(o->seen.lines);
    kg_diagnostics_free(o->diags);
}

/* Reads t from a file with and without the reader thread and compares; when the read
 * goes to the end (no stop), from memory too (a memory input is one chunk, so after a
 * stop it may report more lone CRs). Returns the thread-path outcome (caller frees). */
static outcome compare(const text *t, size_t stop_at, size_t max_rows)
{
    outcome plain = read_text(t, FROM_FILE_NO_THREAD, stop_at, max_rows);
    outcome file = read_text(t, FROM_FILE, stop_at, max_rows);
    assert_same(&plain, &file);
    outcome_free(&plain);
    if (!stop_at && !max_rows) {
        outcome mem = read_text(t, FROM_MEMORY, stop_at, max_rows);
        assert_same(&mem, &file);
        outcome_free(&mem);
    }
    return file;
}

/* A big CSV: multi-line quoted fields (LF and CRLF), text problems, lone CRs. */
static text big_csv(const char *header)
{
    text t = {0};
    char row[256];
    puts_text(&t, header);
    for (int i = 1; i <= BIG_ROWS; i++) {
        const char *end = i % 997 == 0 ? "\r" : i % 5 == 0 ? "\r\n" : "\n";
        if (i % 11 == 0)
            snprintf(row, sizeof row, "id%d,\"two\nlines, %d\r\nthree\",some value here%s", i, i, end);
        else if (i % 4999 == 0)
            snprintf(row, sizeof row, "id%d,bad \xff byte,ctl \x01 here%s", i, end);
        else
            snprintf(row, sizeof row, "id%d,plain text number %d,another field here%s", i, i, end);
        puts_text(&t, row);
    }
    return t;
}

static void test_big_file_reads_as_memory_does(void **state)
{
    (void)state;
    text t = big_csv("id,name,value\n");
    outcome o = compare(&t, 0, 0);
    assert_int_equal(o.rc, KG_OK);
    assert_int_equal(o.rows, BIG_ROWS + 1);
    /* row 12 (line 13) follows a field of 3 lines (row 11) */
    assert_int_equal(o.seen.lines[12], 12 + 1 + 2);
    assert_true(kg_diagnostics_errors(o.diags) > 0);
    assert_true(tu_diag_has(o.diags, "invalid UTF-8 in column 'name'"));
    assert_true(tu_diag_has(o.diags, "U+000D"));
    outcome_free(&o);
    free(t.data);
}

static void test_callback_stopping_early_stops_the_reader(void **state)
{
    (void)state;
    text t = big_csv("id,name,value\n");
    size_t stops[] = {1, 2, 5000, 60000, BIG_ROWS + 1};
    for (size_t i = 0; i < sizeof stops / sizeof *stops; i++) {
        outcome o = compare(&t, stops[i], 0);
        assert_int_equal(o.rc, KG_EINVALID);
        assert_int_equal(o.seen.rows, stops[i]);
        outcome_free(&o);
    }
    free(t.data);
}

static void test_stop_on_a_cr_only_file_reports_the_chunks_lone_crs(void **state)
{
    (void)state;
    text t = {0};
    char row[128];
    puts_text(&t, "a,b\r");
    for (int i = 1; i <= 900000; i++) {
        snprintf(row, sizeof row, i % 3 ? "x%d,\"q\nq\"\r" : "x%d,y\r\n", i);
        puts_text(&t, row);
    }
    outcome o = compare(&t, 1, 0);
    assert_int_equal(o.rc, KG_EINVALID);
    assert_true(tu_diag_has(o.diags, "U+000D"));
    outcome_free(&o);
    o = compare(&t, 3000, 0);
    outcome_free(&o);
    free(t.data);
}

static void test_unterminated_quote_at_the_end_of_a_big_file(void **state)
{
    (void)state;
    text t = big_csv("id,name,value\n");
    puts_text(&t, "last,\"never closed\nat all\n");
    outcome o = compare(&t, 0, 0);
    assert_int_equal(o.rc, KG_EINVALID);
    assert_true(tu_diag_has(o.diags, "unterminated quoted field"));
    outcome_free(&o);
    free(t.data);
}

static void test_malformed_quote_and_limits_in_a_big_file(void **state)
{
    (void)state;
    text t = big_csv("id,name,value\n");
    outcome o = compare(&t, 0, 1000);
    assert_int_equal(o.rc, KG_ELIMIT);
    assert_true(tu_diag_has(o.diags, "more than 1000 rows"));
    outcome_free(&o);
    puts_text(&t, "bad,x\"y,z\n");
    o = compare(&t, 0, 0);
    assert_int_equal(o.rc, KG_EINVALID);
    assert_true(tu_diag_has(o.diags, "malformed quoting"));
    outcome_free(&o);
    free(t.data);
}

/* Appends "x,y" rows to t, then "p," and as many 'z' as make byte offset `at` of t the
 * next one to be written. */
static void fill_to(text *t, size_t at)
{
    while (t->len + 16 < at)
        puts_text(t, "x,y\n");
    puts_text(t, "p,");
    while (t->len < at)
        puts_text(t, "z");
}

/* Found by fuzzing (tests/fuzz/regressions/load/crlf-split-by-read-chunk-after-a-stop):
 * after a row stops the reading, the rest of the chunk is still scanned for lone CRs; a
 * CR ending the chunk whose LF begins the next one was reported as lone. */
static void test_a_crlf_split_by_the_read_boundary_after_a_stop_is_no_lone_cr(void **state)
{
    (void)state;
    text t = {0};
    puts_text(&t, "a,b\n");
    fill_to(&t, READ_CHUNK - 1);
    puts_text(&t, "\r\nx,y\r\n");
    for (int from = FROM_FILE; from <= FROM_FILE_NO_THREAD; from++) {
        outcome o = read_text(&t, from, 1, 0);
        assert_int_equal(o.rc, KG_EINVALID);
        assert_false(tu_diag_has(o.diags, "U+000D"));
        outcome_free(&o);
    }
    /* a real lone CR at the same place is still reported */
    t.data[READ_CHUNK] = 'q';
    outcome o = read_text(&t, FROM_FILE_NO_THREAD, 1, 0);
    assert_true(tu_diag_has(o.diags, "control character U+000D (a carriage return not followed"));
    outcome_free(&o);
    free(t.data);
}

/* Found by fuzzing (tests/fuzz/regressions/load/long-*-split-by-read-chunk): a field
 * over the limit is judged by the length libcsv will hand over, however the input is
 * split, so a stray quote after the limit reads the same from a file and from memory,
 * and an unquoted field's trailing spaces (trimmed) never count. */
static void test_field_limit_errors_do_not_depend_on_the_read_boundary(void **state)
{
    (void)state;
    field_limit = 64;
    text t = {0};
    puts_text(&t, "a,b\n");
    fill_to(&t, READ_CHUNK - 43);
    puts_text(&t, "\nq,"); /* a field starting 40 bytes before the boundary ... */
    for (int i = 0; i < 100; i++)
        puts_text(&t, "w");
    puts_text(&t, "\"q\n"); /* ... and its stray quote comes after it */
    outcome o = compare(&t, 0, 0);
    assert_int_equal(o.rc, KG_ELIMIT);
    assert_true(tu_diag_has(o.diags, "is longer than the limit of 64 bytes"));
    assert_false(tu_diag_has(o.diags, "malformed quoting"));
    outcome_free(&o);
    free(t.data);

    t = (text){0};
    puts_text(&t, "a,b\n");
    fill_to(&t, READ_CHUNK - 8);
    for (int i = 0; i < 100; i++)
        puts_text(&t, " "); /* trailing spaces across the boundary: field "zz..." */
    puts_text(&t, "\nx,y\n");
    o = compare(&t, 0, 0);
    assert_int_equal(o.rc, KG_OK);
    assert_int_equal(kg_diagnostics_errors(o.diags), 0);
    outcome_free(&o);
    free(t.data);
    field_limit = 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_big_file_reads_as_memory_does),
        cmocka_unit_test(test_callback_stopping_early_stops_the_reader),
        cmocka_unit_test(test_stop_on_a_cr_only_file_reports_the_chunks_lone_crs),
        cmocka_unit_test(test_unterminated_quote_at_the_end_of_a_big_file),
        cmocka_unit_test(test_malformed_quote_and_limits_in_a_big_file),
        cmocka_unit_test(test_a_crlf_split_by_the_read_boundary_after_a_stop_is_no_lone_cr),
        cmocka_unit_test(test_field_limit_errors_do_not_depend_on_the_read_boundary),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
