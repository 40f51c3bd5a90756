/* csvread.c: libcsv in strict mode, fed one physical line at a time to track line numbers. */
#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "csvread.h"
#include "error.h"
#include "utf8.h"

#define READ_CHUNK (1u << 20)
#define MAX_FIELDS 4096
#define DEFAULT_MAX_FIELD (1u << 20)
#define DEFAULT_MAX_FILE (4ull << 30)
#define DEFAULT_MAX_ROWS 50000000u

typedef struct reader {
    struct csv_parser parser;
    const kg_csv_input *in;
    kg_diagnostics *diags;
    kg_csv_row_fn fn;
    void *ctx;
    unsigned long lf_total;    /* line feeds seen so far (terminators and inside fields) */
    unsigned long row_start_lf;/* line feeds before the current row began */
    unsigned long row_line;    /* line the current row began on */
    size_t rows;
    /* the current row: field texts packed in buf, each NUL-terminated */
    char *buf;
    size_t len, cap;
    size_t *offsets, *lengths;
    size_t nfields, fields_cap;
    /* header names, for messages */
    char **header;
    size_t header_count;
    int status; /* first fatal status */
    int pending_cr;                /* the last row ended at a CR: an LF must follow */
    unsigned long pending_cr_line; /* that row's line */
    int text_errors;
} reader;

static const char *column_name(const reader *r, size_t col, char *tmp, size_t cap)
{
    if (r->rows == 0)
        return "the header";
    if (col < r->header_count) {
        snprintf(tmp, cap, "column '%s'", r->header[col]);
    } else {
        snprintf(tmp, cap, "column %zu", col + 1);
    }
    return tmp;
}

static void fail(reader *r, int status)
{
    if (r->status == KG_OK)
        r->status = status;
}

static int reserve(reader *r, size_t extra)
{
    if (r->cap - r->len >= extra)
        return 0;
    size_t cap = r->cap ? r->cap : 4096;
    while (cap - r->len < extra)
        cap *= 2;
    char *buf = kg_realloc(r->buf, cap);
    if (!buf)
        return -1;
    r->buf = buf;
    r->cap = cap;
    return 0;
}

static void report_text(reader *r, kg_text_problem problem, const char *s, size_t len,
                        size_t off)
{
    char tmp[300];
    const char *col = column_name(r, r->nfields, tmp, sizeof tmp);
    unsigned char c = (unsigned char)s[off];
    r->text_errors = 1;
    switch (problem) {
    case KG_TEXT_BAD_UTF8:
        kg_diagnostics_add(r->diags, KG_SEVERITY_ERROR, r->in->name, r->row_line,
                           "invalid UTF-8 in %s: byte 0x%02X at offset %zu", col, c, off);
        break;
    case KG_TEXT_NUL:
        kg_diagnostics_add(r->diags, KG_SEVERITY_ERROR, r->in->name, r->row_line,
                           "NUL byte in %s at offset %zu", col, off);
        break;
    case KG_TEXT_CONTROL:
    case KG_TEXT_LONE_CR:
        kg_diagnostics_add(r->diags, KG_SEVERITY_ERROR, r->in->name, r->row_line,
                           "control character U+%04X in %s at offset %zu", c, col, off);
        break;
    case KG_TEXT_OK:
        break;
    }
    (void)len;
}

/* A CR that ended a row without an LF after it: reported once per occurrence. */
static void lone_cr(reader *r)
{
    r->pending_cr = 0;
    kg_diagnostics_add(r->diags, KG_SEVERITY_ERROR, r->in->name, r->pending_cr_line,
                       "control character U+000D (a carriage return not followed by a line feed)");
}

static void on_field(void *data, size_t len, void *ctx)
{
    reader *r = ctx;
    const char *s = data ? data : "";
    if (r->pending_cr)
        lone_cr(r);
    if (r->status != KG_OK)
        return;
    if (r->nfields >= MAX_FIELDS) {
        kg_diagnostics_add(r->diags, KG_SEVERITY_ERROR, r->in->name, r->row_line,
                           "row has more than %d fields", MAX_FIELDS);
        fail(r, KG_ELIMIT);
        return;
    }
    if (r->nfields == 0)
        r->row_line = r->row_start_lf + 1;
    if (len > r->in->max_field_bytes) {
        char tmp[300];
        kg_diagnostics_add(r->diags, KG_SEVERITY_ERROR, r->in->name, r->row_line,
                           "%s is longer than the limit of %zu bytes (see --max-field-size)",
                           column_name(r, r->nfields, tmp, sizeof tmp), r->in->max_field_bytes);
        fail(r, KG_ELIMIT);
        return;
    }
    size_t off;
    kg_text_problem problem = kg_text_check(s, len, &off);
    for (const char *nl = len ? memchr(s, '\n', len) : NULL; nl;
         nl = memchr(nl + 1, '\n', len - (size_t)(nl + 1 - s)))
        r->lf_total++;
    if (problem != KG_TEXT_OK)
        report_text(r, problem, s, len, off);
    if (r->nfields == r->fields_cap) {
        size_t cap = r->fields_cap ? r->fields_cap * 2 : 16;
        size_t *o = kg_reallocarray(r->offsets, cap, sizeof *o);
        if (!o) {
            fail(r, KG_ENOMEM);
            return;
        }
        r->offsets = o;
        size_t *l = kg_reallocarray(r->lengths, cap, sizeof *l);
        if (!l) {
            fail(r, KG_ENOMEM);
            return;
        }
        r->lengths = l;
        r->fields_cap = cap;
    }
    if (reserve(r, len + 1) != 0) {
        fail(r, KG_ENOMEM);
        return;
    }
    char *dst = r->buf + r->len;
    size_t out = len;
    if (len && memchr(s, '\r', len)) {
        out = 0;
        for (size_t i = 0; i < len; i++)
            if (!(s[i] == '\r' && i + 1 < len && s[i + 1] == '\n'))
                dst[out++] = s[i];
    } else if (len) {
        memcpy(dst, s, len);
    }
    dst[out] = '\0';
    r->offsets[r->nfields] = r->len;
    r->lengths[r->nfields] = out;
    r->nfields++;
    r->len += out + 1;
}

static int save_header(reader *r, const kg_csv_field *fields, size_t count)
{
    r->header = kg_calloc(count, sizeof *r->header);
    if (!r->header)
        return KG_ENOMEM;
    for (size_t i = 0; i < count; i++) {
        r->header[i] = kg_strndup(fields[i].data, fields[i].len);
        if (!r->header[i])
            return KG_ENOMEM;
        r->header_count = i + 1;
    }
    return KG_OK;
}

static void on_row(int terminator, void *ctx)
{
    reader *r = ctx;
    /* CSV_REPALL_NL reports every unquoted CR and LF: count lines, skip blank "rows" */
    int blank = r->nfields == 0;
    if (r->pending_cr && !(blank && terminator == '\n'))
        lone_cr(r);
    r->pending_cr = 0;
    if (terminator == '\n')
        r->lf_total++;
    if (terminator == '\r') {
        r->pending_cr = 1;
        r->pending_cr_line = blank ? r->row_start_lf + 1 : r->row_line;
    }
    r->row_start_lf = r->lf_total;
    if (blank)
        return;
    if (r->status != KG_OK) {
        r->nfields = r->len = 0;
        return;
    }
    kg_csv_field stack[32];
    kg_csv_field *fields = stack;
    if (r->nfields > 32) {
        fields = kg_calloc(r->nfields, sizeof *fields);
        if (!fields) {
            fail(r, KG_ENOMEM);
            return;
        }
    }
    for (size_t i = 0; i < r->nfields; i++)
        fields[i] = (kg_csv_field){r->buf + r->offsets[i], r->lengths[i]};
    int rc = KG_OK;
    if (r->rows == 0)
        rc = save_header(r, fields, r->nfields);
    if (rc == KG_OK && r->rows >= r->in->max_rows) {
        kg_diagnostics_add(r->diags, KG_SEVERITY_ERROR, r->in->name, r->row_line,
                           "more than %zu rows (the row limit; see --max-rows)",
                           r->in->max_rows - 1);
        rc = KG_ELIMIT;
    }
    if (rc == KG_OK)
        rc = r->fn(r->ctx, r->row_line, fields, r->nfields);
    r->rows++;
    if (fields != stack)
        kg_free(fields);
    if (rc != KG_OK)
        fail(r, rc);
    r->nfields = r->len = 0;
}

/* Feeds a chunk to libcsv; returns 0, or -1 after a fatal error (status set). */
static int feed_chunk(reader *r, const char *data, size_t n)
{
    size_t done = csv_parse(&r->parser, data, n, on_field, on_row, r);
    if (done < n && r->status == KG_OK) {
        int err = csv_error(&r->parser);
        if (err == CSV_ENOMEM || err == CSV_ETOOBIG) {
            fail(r, KG_ENOMEM);
        } else {
            if (r->parser.pstate == 0 || r->nfields == 0)
                r->row_line = r->row_start_lf + 1;
            kg_diagnostics_add(r->diags, KG_SEVERITY_ERROR, r->in->name, r->row_line,
                               "malformed quoting: a '\"' inside an unquoted field, or text "
                               "after a closing quote");
            fail(r, KG_EINVALID);
        }
    }
    if (r->status == KG_OK && r->parser.entry_pos > r->in->max_field_bytes) {
        char tmp[300];
        if (r->nfields == 0)
            r->row_line = r->row_start_lf + 1;
        kg_diagnostics_add(r->diags, KG_SEVERITY_ERROR, r->in->name, r->row_line,
                           "%s is longer than the limit of %zu bytes (see --max-field-size)",
                           column_name(r, r->nfields, tmp, sizeof tmp), r->in->max_field_bytes);
        fail(r, KG_ELIMIT);
    }
    return r->status == KG_OK ? 0 : -1;
}

static void show_progress(const reader *r, uint64_t done, uint64_t total, int *last)
{
    int pct = (int)(done * 100 / total);
    if (pct != *last) {
        fprintf(stderr, "\rkgraph: reading %s: %3d%%", r->in->name, pct);
        *last = pct;
    }
}

int kg_csv_read(const kg_csv_input *in_arg, kg_diagnostics *diags, kg_csv_row_fn fn, void *ctx,
                size_t *rows)
{
    kg_csv_input in = *in_arg;
    if (!in.max_field_bytes)
        in.max_field_bytes = DEFAULT_MAX_FIELD;
    if (!in.max_file_bytes)
        in.max_file_bytes = DEFAULT_MAX_FILE;
    if (!in.max_rows)
        in.max_rows = DEFAULT_MAX_ROWS;
    in.max_rows++; /* the header is a row too */

    reader r = {0};
    r.in = &in;
    r.diags = diags;
    r.fn = fn;
    r.ctx = ctx;
    r.row_line = 1;
    FILE *file = NULL;
    char *chunk = NULL;
    int rc = KG_OK;
    uint64_t total = in.size;
    int parser_ready = 0;

    if (csv_init(&r.parser, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL) != 0) {
        rc = kg_error_set(KG_ENOMEM, "out of memory");
        goto cleanup;
    }
    parser_ready = 1;
    csv_set_realloc_func(&r.parser, kg_realloc);
    csv_set_free_func(&r.parser, kg_free);

    if (in.path) {
        file = fopen(in.path, "rb");
        struct stat st;
        if (!file || fstat(fileno(file), &st) != 0) {
            kg_diagnostics_add(diags, KG_SEVERITY_ERROR, in.name, 0, "cannot read: %s",
                               strerror(errno));
            rc = kg_error_set(KG_EIO, "%s: cannot read: %s", in.name, strerror(errno));
            goto cleanup;
        }
        if (S_ISDIR(st.st_mode)) {
            kg_diagnostics_add(diags, KG_SEVERITY_ERROR, in.name, 0, "is a directory, not a CSV file");
            rc = kg_error_set(KG_EIO, "%s: is a directory", in.name);
            goto cleanup;
        }
        total = (uint64_t)st.st_size;
    }
    if (total > in.max_file_bytes) {
        kg_diagnostics_add(diags, KG_SEVERITY_ERROR, in.name, 0,
                           "file is %llu bytes, over the limit of %llu (see --max-file-size)",
                           (unsigned long long)total, (unsigned long long)in.max_file_bytes);
        rc = KG_ELIMIT;
        goto cleanup;
    }

    int first = 1, last_pct = -1;
    int progress = in.progress && total >= (16u << 20);
    uint64_t done = 0;
    if (file) {
        chunk = kg_malloc(READ_CHUNK);
        if (!chunk) {
            rc = KG_ENOMEM;
            goto cleanup;
        }
    }
    for (;;) {
        const char *data;
        size_t n;
        if (file) {
            n = fread(chunk, 1, READ_CHUNK, file);
            if (n == 0) {
                if (ferror(file)) {
                    kg_diagnostics_add(diags, KG_SEVERITY_ERROR, in.name, 0, "read error: %s",
                                       strerror(errno));
                    rc = KG_EIO;
                    goto cleanup;
                }
                break;
            }
            data = chunk;
            if (done + n > in.max_file_bytes) {
                kg_diagnostics_add(diags, KG_SEVERITY_ERROR, in.name, 0,
                                   "file is over the limit of %llu bytes (see --max-file-size)",
                                   (unsigned long long)in.max_file_bytes);
                rc = KG_ELIMIT;
                goto cleanup;
            }
        } else {
            if (!first)
                break;
            data = in.data;
            n = in.size;
        }
        if (first) {
            first = 0;
            if (n >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
                data += 3;
                n -= 3;
                done += 3;
            }
        }
        if (feed_chunk(&r, data, n) != 0)
            break;
        done += n;
        if (progress)
            show_progress(&r, done, total, &last_pct);
    }
    if (progress)
        fprintf(stderr, "\r%*s\r", (int)strlen(in.name) + 24, "");
    if (r.status == KG_OK) {
        if (r.parser.pstate != 0 && r.nfields == 0)
            r.row_line = r.row_start_lf + 1;
        if (csv_fini(&r.parser, on_field, on_row, &r) != 0 && r.status == KG_OK) {
            kg_diagnostics_add(diags, KG_SEVERITY_ERROR, in.name, r.row_line,
                               "unterminated quoted field (the '\"' opened here is never closed)");
            fail(&r, KG_EINVALID);
        }
    }
    if (r.pending_cr)
        lone_cr(&r);
    rc = r.status;
    if (rc == KG_OK && r.rows == 0) {
        kg_diagnostics_add(diags, KG_SEVERITY_ERROR, in.name, 0, "file is empty: no header row");
        rc = KG_EINVALID;
    }

cleanup:
    if (rows)
        *rows = r.rows;
    if (parser_ready)
        csv_free(&r.parser);
    if (file)
        fclose(file);
    kg_free(chunk);
    kg_free(r.buf);
    kg_free(r.offsets);
    kg_free(r.lengths);
    for (size_t i = 0; i < r.header_count; i++)
        kg_free(r.header[i]);
    kg_free(r.header);
    return rc;
}
