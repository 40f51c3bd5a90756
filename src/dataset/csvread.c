/* csvread.c: libcsv in strict mode with line tracking; big files are parsed by a reader thread.
 *
 * The work is split in two halves that talk through records:
 *   - the scanner runs libcsv, counts lines, checks every field (UTF-8, control bytes,
 *     limits) and produces records: a row (its fields packed in a batch), a problem to
 *     report, the end of a chunk of input;
 *   - the consumer turns records into diagnostics and calls the row callback.
 * Memory inputs and small files run both halves in the calling thread: each record is
 * consumed the moment it is produced (the "direct" mode). Files of THREAD_MIN_BYTES or
 * more get a reader thread that runs the scanner and hands batches of records to the
 * calling thread through a ring of NBATCH buffers; the consumer replays them in order, so
 * diagnostics, line numbers, rows and results are the same as in direct mode.
 *
 * One subtlety: in direct mode a callback that stops the reading puts the scanner in its
 * failed state at once, and the rest of that 1 MiB chunk is still scanned, reporting only
 * lone carriage returns, with line numbers that no longer count line feeds inside quoted
 * fields. A reader thread learns of the stop too late, so every lone-CR record carries
 * the count of such line feeds (quoted) and every chunk ends with a record; the consumer
 * corrects the line numbers itself until the end of the chunk, then stops the reader. */
#include <csv.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/base_internal.h"
#include "csvread.h"
#include "strpool.h"

#define READ_CHUNK (1u << 20)
_Static_assert(READ_CHUNK >= KG_CSV_DETECT_BYTES + 3, "the first chunk holds what detection reads");
#define MAX_FIELDS 4096
#define DEFAULT_MAX_FIELD (1u << 20)
#define DEFAULT_MAX_FILE (4ull << 30)
#define DEFAULT_MAX_ROWS 10000000u /* ~120-290 bytes of model a row: at most ~3 GB */
#define THREAD_MIN_BYTES (8u << 20) /* smaller files (and memory inputs) stay single-threaded */
#define NBATCH 4                    /* batches in the ring */
#define BATCH_DATA (256u << 10)     /* a batch is handed over once it holds this much text, */
#define BATCH_FIELDS 16384u         /* this many fields */
#define BATCH_RECS 4096u            /* or this many records (checked at the end of a row) */

typedef enum rec_kind {
    REC_ROW,             /* a = first field in the batch, b = field count, quoted */
    REC_TEXT,            /* problem, byte, a = column, b = offset in the field */
    REC_LONE_CR,         /* line, quoted */
    REC_TOO_MANY_FIELDS, /* line */
    REC_FIELD_TOO_LONG,  /* line, a = column */
    REC_MALFORMED,       /* line */
    REC_UNTERMINATED,    /* line */
    REC_READ_ERROR,      /* problem = errno */
    REC_FILE_TOO_BIG,    /* nothing */
    REC_CHUNK_END,       /* a = bytes done, b = scanner still ok; problem = a CR is pending
                          * (its line, quoted) */
    REC_LOOP_END         /* the chunk loop ended (the progress line is cleared) */
} rec_kind;

/* One thing the scanner found, in input order. */
typedef struct record {
    rec_kind kind;
    int problem;
    unsigned long line;
    unsigned long quoted; /* line feeds inside fields counted in line (lone CR), or so far (row) */
    size_t a, b;
    unsigned char byte;
    unsigned long code_point; /* REC_TEXT: the refused character (C1, bidi) */
} record;

/* A field of a batch: its text is data[off..off+len), NUL-terminated; hash as in
 * kg_csv_field. */
typedef struct field_ref {
    size_t off, len;
    uint64_t hash;
} field_ref;

/* Records plus the text of the rows they name. Grown with the scanner's realloc. */
typedef struct batch {
    char *data;
    size_t len, cap;
    field_ref *fields;
    size_t nfields, fields_cap;
    record *recs;
    size_t nrecs, recs_cap;
    int last;   /* the final batch: status is the scanner's result */
    int status;
    int full;   /* (ring) handed to the consumer; guarded by the ring's lock */
} batch;

struct ring;
struct consumer;

typedef struct scanner {
    struct csv_parser parser;
    const kg_csv_input *in;
    batch *out;                /* the batch being filled */
    size_t row_first;          /* out->fields index of the current row's first field */
    size_t row_data;           /* out->len when the current row began */
    size_t nfields;            /* fields of the current row */
    unsigned long lf_total;    /* line feeds seen so far (terminators and inside fields) */
    unsigned long quoted_lf;   /* of which inside fields */
    unsigned long row_start_lf;/* line feeds before the current row began */
    unsigned long row_start_quoted;
    unsigned long row_line;    /* line the current row began on */
    int pending_cr;            /* the last row ended at a CR: an LF must follow */
    unsigned long pending_cr_line, pending_cr_quoted;
    int status;                /* first fatal status */
    int stopped;               /* (thread) the consumer asked to stop: produce nothing more */
    void *(*grow_fn)(void *, size_t);
    struct consumer *direct;   /* direct mode: records are consumed at once */
    struct ring *ring;         /* thread mode */
    size_t out_index;          /* thread mode: ring index of out */
} scanner;

typedef struct consumer {
    const kg_csv_input *in;
    kg_diagnostics *diags;
    kg_csv_row_fn fn;
    void *ctx;
    size_t rows;
    char **header; /* header names, for messages */
    size_t header_count;
    int status;         /* thread mode: first failure of a row (callback, limit, memory) */
    int failing;        /* thread mode: that failure happened; replaying the chunk's rest */
    unsigned long fail_quoted; /* quoted line feeds up to the failing row */
    int done;           /* thread mode: nothing more to consume */
    int progress;       /* show a percentage */
    int last_pct;
    int progress_cleared;
    uint64_t total;
} consumer;

typedef struct ring {
    pthread_mutex_t lock;
    pthread_cond_t cond; /* signalled whenever a batch changes hands or stop is set */
    batch batches[NBATCH];
    int stop;            /* guarded by lock */
    scanner *scan;
    FILE *file;
    char *chunk;
} ring;

/* ---- consumer ------------------------------------------------------------------------- */

/* "the header", "column 'NAME'" or "column N" for field col of the row being read (as
 * the consumer sees it: rows is the number of rows consumed). Returns tmp or a literal. */
static const char *column_name(const consumer *c, size_t col, char *tmp, size_t cap)
{
    if (c->rows == 0)
        return "the header";
    if (col < c->header_count) {
        snprintf(tmp, cap, "column '%s'", c->header[col]);
    } else {
        snprintf(tmp, cap, "column %zu", col + 1);
    }
    return tmp;
}

/* Reports a text problem record (an invalid byte in a field). */
static void report_text(consumer *c, const record *rec)
{
    char tmp[300];
    const char *col = column_name(c, rec->a, tmp, sizeof tmp);
    switch ((kg_text_problem)rec->problem) {
    case KG_TEXT_BAD_UTF8:
        kg_diagnostics_add(c->diags, KG_SEVERITY_ERROR, c->in->name, rec->line,
                           "invalid UTF-8 in %s: byte 0x%02X at offset %zu", col, rec->byte,
                           rec->b);
        break;
    case KG_TEXT_NUL:
        kg_diagnostics_add(c->diags, KG_SEVERITY_ERROR, c->in->name, rec->line,
                           "NUL byte in %s at offset %zu", col, rec->b);
        break;
    case KG_TEXT_CONTROL:
    case KG_TEXT_LONE_CR:
        kg_diagnostics_add(c->diags, KG_SEVERITY_ERROR, c->in->name, rec->line,
                           "control character U+%04X in %s at offset %zu", rec->byte, col,
                           rec->b);
        break;
    case KG_TEXT_C1:
        kg_diagnostics_add(c->diags, KG_SEVERITY_ERROR, c->in->name, rec->line,
                           "control character U+%04lX in %s at offset %zu (a C1 control: "
                           "terminals take some of them as commands)",
                           rec->code_point, col, rec->b);
        break;
    case KG_TEXT_BIDI:
        kg_diagnostics_add(c->diags, KG_SEVERITY_ERROR, c->in->name, rec->line,
                           "bidirectional control U+%04lX in %s at offset %zu (it would "
                           "reorder the text around it wherever it is shown)",
                           rec->code_point, col, rec->b);
        break;
    case KG_TEXT_OK:
        break;
    }
}

/* Reports a CR that ended a row without an LF after it, at line. */
static void report_lone_cr(consumer *c, unsigned long line)
{
    kg_diagnostics_add(c->diags, KG_SEVERITY_ERROR, c->in->name, line,
                       "control character U+000D (a carriage return not followed by a line feed)");
}

/* Copies the header names (for column names in messages). KG_OK or KG_ENOMEM. */
static int save_header(consumer *c, const kg_csv_field *fields, size_t count)
{
    c->header = kg__calloc(count, sizeof *c->header);
    if (!c->header)
        return KG_ENOMEM;
    for (size_t i = 0; i < count; i++) {
        c->header[i] = kg__strndup(fields[i].data, fields[i].len);
        if (!c->header[i])
            return KG_ENOMEM;
        c->header_count = i + 1;
    }
    return KG_OK;
}

/* Passes row record rec of batch b to the callback (the header is saved first, the row
 * limit checked). Returns KG_OK or the status that stops the reading. */
static int deliver_row(consumer *c, const record *rec, const batch *b)
{
    size_t count = rec->b;
    const field_ref *refs = b->fields + rec->a;
    kg_csv_field stack[32];
    kg_csv_field *fields = stack;
    int rc = KG_OK;
    if (count > 32) {
        fields = kg__calloc(count, sizeof *fields);
        if (!fields)
            return KG_ENOMEM;
    }
    for (size_t i = 0; i < count; i++)
        fields[i] = (kg_csv_field){b->data + refs[i].off, refs[i].len, refs[i].hash};
    if (c->rows == 0)
        rc = save_header(c, fields, count);
    if (rc == KG_OK && c->rows >= c->in->max_rows) {
        kg_diagnostics_add(c->diags, KG_SEVERITY_ERROR, c->in->name, rec->line,
                           "more than %zu rows (the row limit; see --max-rows)",
                           c->in->max_rows - 1);
        rc = KG_ELIMIT;
    }
    if (rc == KG_OK)
        rc = c->fn(c->ctx, rec->line, fields, count);
    c->rows++;
    if (fields != stack)
        kg_free(fields);
    return rc;
}

/* Rows ahead of the one being delivered at which the ahead hook sees a row (stages 0, 1). */
#define AHEAD_FAR 16u
#define AHEAD_NEAR 8u

/* Shows row record rec of batch b to the input's ahead hook (rows of up to 32 fields). */
static void show_ahead(const consumer *c, const record *rec, const batch *b, int stage)
{
    if (rec->kind != REC_ROW || rec->b > 32 || c->rows == 0)
        return;
    kg_csv_field fields[32];
    const field_ref *refs = b->fields + rec->a;
    for (size_t i = 0; i < rec->b; i++)
        fields[i] = (kg_csv_field){b->data + refs[i].off, refs[i].len, refs[i].hash};
    c->in->ahead(c->ctx, fields, rec->b, stage);
}

/* Clears the progress line, once. */
static void clear_progress(consumer *c)
{
    if (c->progress && !c->progress_cleared) {
        fprintf(stderr, "\r%*s\r", (int)strlen(c->in->name) + 24, "");
        c->progress_cleared = 1;
    }
}

/* The line a failed direct-mode scanner gives a lone CR found at line (counting quoted
 * line feeds): one whose row began after the failing row does not count the line feeds
 * inside fields since then. */
static unsigned long failed_line(const consumer *c, unsigned long line, unsigned long quoted)
{
    return quoted > c->fail_quoted ? line - (quoted - c->fail_quoted) : line;
}

/* Thread mode, after a row failed: only lone CRs up to the end of that chunk are
 * reported (as direct mode does), their lines corrected to the failed scanner's count. */
static void consume_failing(consumer *c, const record *rec)
{
    if (rec->kind == REC_LONE_CR) {
        report_lone_cr(c, failed_line(c, rec->line, rec->quoted));
    } else if (rec->kind == REC_CHUNK_END) {
        clear_progress(c);
        if (rec->problem)
            report_lone_cr(c, failed_line(c, rec->line, rec->quoted));
        c->done = 1;
    }
}

/* Acts on one record of batch b: reports it, or passes a row on. Returns KG_OK or the
 * status with which a row stopped the reading. */
static int consume(consumer *c, const record *rec, const batch *b)
{
    char tmp[300];
    if (c->failing) {
        consume_failing(c, rec);
        return KG_OK;
    }
    const char *name = c->in->name;
    switch (rec->kind) {
    case REC_ROW:
        return deliver_row(c, rec, b);
    case REC_TEXT:
        report_text(c, rec);
        break;
    case REC_LONE_CR:
        report_lone_cr(c, rec->line);
        break;
    case REC_TOO_MANY_FIELDS:
        kg_diagnostics_add(c->diags, KG_SEVERITY_ERROR, name, rec->line,
                           "row has more than %d fields", MAX_FIELDS);
        break;
    case REC_FIELD_TOO_LONG:
        kg_diagnostics_add(c->diags, KG_SEVERITY_ERROR, name, rec->line,
                           "%s is longer than the limit of %zu bytes (see --max-field-size)",
                           column_name(c, rec->a, tmp, sizeof tmp), c->in->max_field_bytes);
        break;
    case REC_MALFORMED:
        kg_diagnostics_add(c->diags, KG_SEVERITY_ERROR, name, rec->line,
                           "malformed quoting: a '\"' inside an unquoted field, or text "
                           "after a closing quote");
        break;
    case REC_UNTERMINATED:
        kg_diagnostics_add(c->diags, KG_SEVERITY_ERROR, name, rec->line,
                           "unterminated quoted field (the '\"' opened here is never closed)");
        break;
    case REC_READ_ERROR:
        kg_diagnostics_add(c->diags, KG_SEVERITY_ERROR, name, 0, "read error: %s",
                           strerror(rec->problem));
        break;
    case REC_FILE_TOO_BIG:
        kg_diagnostics_add(c->diags, KG_SEVERITY_ERROR, name, 0,
                           "file is over the limit of %llu bytes (see --max-file-size)",
                           (unsigned long long)c->in->max_file_bytes);
        break;
    case REC_CHUNK_END:
        if (c->progress && rec->b) {
            int pct = (int)((uint64_t)rec->a * 100 / c->total);
            if (pct != c->last_pct) {
                fprintf(stderr, "\rkgraph: reading %s: %3d%%", name, pct);
                c->last_pct = pct;
            }
        }
        break;
    case REC_LOOP_END:
        clear_progress(c);
        break;
    }
    return KG_OK;
}

/* ---- scanner -------------------------------------------------------------------------- */

static void fail(scanner *s, int status)
{
    if (s->status == KG_OK)
        s->status = status;
}

/* Makes room for n more elements of size bytes in *array (capacity *cap, count used),
 * doubling with the scanner's realloc. Returns 0, or -1 (status KG_ENOMEM). */
static int reserve(scanner *s, void **array, size_t *cap, size_t used, size_t n, size_t size)
{
    if (*cap - used >= n)
        return 0;
    size_t ncap = *cap ? *cap : 16;
    while (ncap - used < n) {
        if (ncap > SIZE_MAX / 2 / size) {
            fail(s, KG_ENOMEM);
            return -1;
        }
        ncap *= 2;
    }
    void *p = s->grow_fn(*array, ncap * size);
    if (!p) {
        fail(s, KG_ENOMEM);
        return -1;
    }
    *array = p;
    *cap = ncap;
    return 0;
}

/* Hands record rec on: consumed at once in direct mode (a failing row stops the scanner),
 * appended to the current batch in thread mode. Nothing happens once stopped. */
static void emit(scanner *s, const record *rec)
{
    if (s->direct) {
        int rc = consume(s->direct, rec, s->out);
        if (rc != KG_OK)
            fail(s, rc);
        return;
    }
    if (s->stopped)
        return;
    batch *b = s->out;
    if (reserve(s, (void **)&b->recs, &b->recs_cap, b->nrecs, 1, sizeof *b->recs) != 0)
        return;
    b->recs[b->nrecs++] = *rec;
}

/* Thread mode: gives the current batch to the consumer and waits for the next one to be
 * free. With last set, the batch ends the stream and nothing is awaited. Sets stopped
 * when the consumer asked to stop (the scanner must then touch no batch). */
static void flush(scanner *s, int last)
{
    ring *g = s->ring;
    if (s->stopped)
        return;
    s->out->last = last;
    s->out->status = s->status;
    pthread_mutex_lock(&g->lock);
    s->out->full = 1;
    pthread_cond_broadcast(&g->cond);
    if (!last) {
        s->out_index = (s->out_index + 1) % NBATCH;
        while (g->batches[s->out_index].full && !g->stop)
            pthread_cond_wait(&g->cond, &g->lock);
        if (g->stop)
            s->stopped = 1;
    }
    pthread_mutex_unlock(&g->lock);
    if (s->stopped) {
        fail(s, KG_EINVALID); /* nobody listens any more: skip the work */
        return;
    }
    if (!last) {
        s->out = &g->batches[s->out_index];
        s->row_first = s->row_data = 0;
    }
}

/* Thread mode: nonzero when the consumer asked the reader to stop. */
static int stop_requested(scanner *s)
{
    if (!s->ring)
        return 0;
    pthread_mutex_lock(&s->ring->lock);
    int stop = s->ring->stop;
    pthread_mutex_unlock(&s->ring->lock);
    if (stop)
        s->stopped = 1;
    return stop;
}

/* A CR that ended a row without an LF after it: reported once per occurrence. */
static void lone_cr(scanner *s)
{
    s->pending_cr = 0;
    emit(s, &(record){.kind = REC_LONE_CR, .line = s->pending_cr_line,
                      .quoted = s->pending_cr_quoted});
}

/* libcsv field callback: checks the field and appends it to the current row. */
static void on_field(void *data, size_t len, void *ctx)
{
    scanner *s = ctx;
    const char *text = data ? data : "";
    if (s->pending_cr)
        lone_cr(s);
    if (s->status != KG_OK)
        return;
    if (s->nfields >= MAX_FIELDS) {
        emit(s, &(record){.kind = REC_TOO_MANY_FIELDS, .line = s->row_line});
        fail(s, KG_ELIMIT);
        return;
    }
    if (s->nfields == 0)
        s->row_line = s->row_start_lf + 1;
    if (len > s->in->max_field_bytes) {
        emit(s, &(record){.kind = REC_FIELD_TOO_LONG, .line = s->row_line, .a = s->nfields});
        fail(s, KG_ELIMIT);
        return;
    }
    batch *b = s->out;
    if ((b->fields_cap == b->nfields &&
         reserve(s, (void **)&b->fields, &b->fields_cap, b->nfields, 1, sizeof *b->fields) != 0) ||
        (b->cap - b->len < len + KG_TEXT_PAD &&
         reserve(s, (void **)&b->data, &b->cap, b->len, len + KG_TEXT_PAD, 1) != 0))
        return;
    /* the copy is checked, with zeros after it: plain ASCII (most fields) 16 bytes at a
     * time with no tail, anything else by one pass that also counts the line breaks (and
     * past a problem, where that pass stops, the breaks are counted apart) */
    char *dst = b->data + b->len;
    if (len)
        memcpy(dst, text, len);
    memset(dst + len, 0, KG_TEXT_PAD);
    size_t out = len;
    if (!kg_text__plain_padded(dst, len)) {
        size_t off;
        kg_text_breaks breaks;
        kg_text_problem problem = kg_text__scan(dst, len, &off, &breaks);
        size_t lf = breaks.lf;
        int crlf = breaks.crlf != 0;
        if (problem != KG_TEXT_OK) {
            lf = 0;
            for (const char *nl = memchr(dst, '\n', len); nl;
                 nl = memchr(nl + 1, '\n', len - (size_t)(nl + 1 - dst)))
                lf++;
            crlf = memchr(dst, '\r', len) != NULL;
            emit(s, &(record){.kind = REC_TEXT, .problem = (int)problem, .line = s->row_line,
                              .a = s->nfields, .b = off, .byte = (unsigned char)dst[off],
                              .code_point = kg_utf8__code_point((const unsigned char *)dst + off,
                                                               len - off)});
        }
        s->lf_total += lf;
        s->quoted_lf += lf;
        if (crlf) { /* CRLF becomes LF, in place */
            out = 0;
            for (size_t i = 0; i < len; i++)
                if (!(dst[i] == '\r' && i + 1 < len && dst[i + 1] == '\n'))
                    dst[out++] = dst[i];
            memset(dst + out, 0, len - out);
        }
    }
    uint64_t hash = s->in->hash_max && out <= s->in->hash_max
                        ? kg_hash__bytes_padded(dst, out, 0) : 0;
    b->fields[b->nfields++] = (field_ref){b->len, out, hash};
    b->len += out + 1;
    s->nfields++;
}

/* libcsv row callback (every unquoted CR and LF, thanks to CSV_REPALL_NL): counts lines,
 * skips blank "rows" and emits the row. */
static void on_row(int terminator, void *ctx)
{
    scanner *s = ctx;
    int blank = s->nfields == 0;
    if (s->pending_cr && !(blank && terminator == '\n'))
        lone_cr(s);
    s->pending_cr = 0;
    if (terminator == '\n')
        s->lf_total++;
    if (terminator == '\r') {
        s->pending_cr = 1;
        s->pending_cr_line = blank ? s->row_start_lf + 1 : s->row_line;
        s->pending_cr_quoted = s->row_start_quoted;
    }
    s->row_start_lf = s->lf_total;
    s->row_start_quoted = s->quoted_lf;
    if (s->stopped)
        return; /* out belongs to the consumer now */
    if (!blank && s->status == KG_OK)
        emit(s, &(record){.kind = REC_ROW, .line = s->row_line, .quoted = s->quoted_lf,
                          .a = s->row_first, .b = s->nfields});
    s->nfields = 0;
    batch *b = s->out;
    if (s->direct || s->status != KG_OK) {
        b->nfields = s->row_first; /* consumed, or dropped */
        b->len = s->row_data;
        return;
    }
    s->row_first = b->nfields;
    s->row_data = b->len;
    if (b->len >= BATCH_DATA || b->nfields >= BATCH_FIELDS || b->nrecs >= BATCH_RECS)
        flush(s, 0);
}

/* Length of the field libcsv is still collecting, as it will hand it over: libcsv 3.0.3
 * keeps an unquoted field's trailing spaces (parser.spaces) and, after a closing quote
 * (pstate 3, "might have ended"), that quote in its buffer until the field ends. */
static size_t partial_field_len(const struct csv_parser *p)
{
    size_t n = p->entry_pos;
    n -= p->spaces < n ? p->spaces : n;
    if (p->pstate == 3 && n > 0)
        n--;
    return n;
}

/* Feeds a chunk to libcsv; returns 0, or -1 after a fatal error (status set).
 * The field being collected when the chunk ends (or when libcsv fails) is checked
 * against the field limit first, so the same bytes give the same error however they are
 * split into chunks (found by fuzzing: a long field with a stray quote was "too long"
 * from a file but "malformed" from memory, and trailing spaces counted at a boundary). */
static int feed_chunk(scanner *s, const char *data, size_t n)
{
    size_t done = csv_parse(&s->parser, data, n, on_field, on_row, s);
    int failed = done < n && s->status == KG_OK;
    if (failed && (csv_error(&s->parser) == CSV_ENOMEM || csv_error(&s->parser) == CSV_ETOOBIG)) {
        fail(s, KG_ENOMEM);
    } else if (s->status == KG_OK && partial_field_len(&s->parser) > s->in->max_field_bytes) {
        if (s->nfields == 0)
            s->row_line = s->row_start_lf + 1;
        emit(s, &(record){.kind = REC_FIELD_TOO_LONG, .line = s->row_line, .a = s->nfields});
        fail(s, KG_ELIMIT);
    } else if (failed) {
        if (s->parser.pstate == 0 || s->nfields == 0)
            s->row_line = s->row_start_lf + 1;
        emit(s, &(record){.kind = REC_MALFORMED, .line = s->row_line});
        fail(s, KG_EINVALID);
    }
    return s->status == KG_OK ? 0 : -1;
}

/* Emits the end of a chunk: bytes done, whether to show progress (the scanner is still
 * fine), and the CR pending at this point (what a failing consumer reports last) unless
 * cr_continues: its LF starts the next chunk. */
static void chunk_end(scanner *s, uint64_t done, int show, int cr_continues)
{
    emit(s, &(record){.kind = REC_CHUNK_END, .a = (size_t)done, .b = show && s->status == KG_OK,
                      .problem = s->pending_cr && !cr_continues, .line = s->pending_cr_line,
                      .quoted = s->pending_cr_quoted});
}

/* Nonzero when the next byte of file (NULL: none) is an LF; the byte stays unread. A CR
 * ending a chunk is followed by it when reading stops there (found by fuzzing: a CRLF
 * split by the 1 MiB read boundary after an error was reported as a lone CR). */
static int next_is_lf(FILE *file)
{
    if (!file)
        return 0;
    int c = getc(file);
    if (c != EOF)
        ungetc(c, file);
    return c == '\n';
}

/* The delimiter to read in with, set on the scanner's parser before the input's first
 * chunk p[0..n) is parsed: the one given, tab for a ".tsv" name, else the header's. */
static void choose_delimiter(scanner *s, const char *p, size_t n)
{
    const kg_csv_input *in = s->in;
    char delim = in->delimiter;
    if (!delim)
        delim = kg_csv__is_tsv(in->path ? in->path : in->name) ? '\t'
                                                               : kg_csv__detect_delimiter(p, n);
    csv_set_delim(&s->parser, (unsigned char)delim);
    if (in->delimiter_used)
        *in->delimiter_used = delim;
}

/* Scans the whole input: file in READ_CHUNK pieces through chunk, else data[0..size).
 * Everything found is emitted; s->status is the result. */
static void scan(scanner *s, FILE *file, char *chunk, const char *data, size_t size)
{
    const kg_csv_input *in = s->in;
    int first = 1;
    uint64_t done = 0;
    for (;;) {
        const char *p;
        size_t n;
        if (stop_requested(s))
            return;
        if (file) {
            n = fread(chunk, 1, READ_CHUNK, file);
            if (n == 0) {
                if (ferror(file)) {
                    emit(s, &(record){.kind = REC_READ_ERROR, .problem = errno});
                    fail(s, KG_EIO);
                    return;
                }
                break;
            }
            p = chunk;
            if (done + n > in->max_file_bytes) {
                emit(s, &(record){.kind = REC_FILE_TOO_BIG});
                fail(s, KG_ELIMIT);
                return;
            }
        } else {
            if (!first)
                break;
            p = data;
            n = size;
        }
        if (first) {
            first = 0;
            choose_delimiter(s, p, n);
            if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
                p += 3;
                n -= 3;
                done += 3;
            }
        }
        int ok = feed_chunk(s, p, n) == 0;
        done += n;
        int cr_continues = s->pending_cr && next_is_lf(file);
        chunk_end(s, done, 1, cr_continues);
        if (!ok) {
            if (cr_continues)
                s->pending_cr = 0;
            break;
        }
    }
    emit(s, &(record){.kind = REC_LOOP_END});
    if (s->status == KG_OK) {
        if (s->parser.pstate != 0 && s->nfields == 0)
            s->row_line = s->row_start_lf + 1;
        if (csv_fini(&s->parser, on_field, on_row, s) != 0 && s->status == KG_OK) {
            emit(s, &(record){.kind = REC_UNTERMINATED, .line = s->row_line});
            fail(s, KG_EINVALID);
        }
        chunk_end(s, done, 0, 0);
    }
    if (s->pending_cr)
        lone_cr(s);
}

/* ---- thread mode ---------------------------------------------------------------------- */

/* The reader thread: scans the file, then hands over the final batch. */
static void *reader_main(void *arg)
{
    ring *g = arg;
    scan(g->scan, g->file, g->chunk, NULL, 0);
    flush(g->scan, 1);
    return NULL;
}

/* Frees the ring's buffers (plain free: the reader thread grows them with realloc, as
 * alloc.c's failure counters are not thread-safe). NULL does nothing. */
static void ring_free(ring *g)
{
    if (!g)
        return;
    for (int i = 0; i < NBATCH; i++) {
        free(g->batches[i].data);
        free(g->batches[i].fields);
        free(g->batches[i].recs);
    }
    free(g->chunk);
    pthread_cond_destroy(&g->cond);
    pthread_mutex_destroy(&g->lock);
    free(g);
}

/* Allocates a ring with every batch at its working size; NULL on failure. */
static ring *ring_new(void)
{
    ring *g = calloc(1, sizeof *g);
    if (!g)
        return NULL;
    if (pthread_mutex_init(&g->lock, NULL) != 0) {
        free(g);
        return NULL;
    }
    if (pthread_cond_init(&g->cond, NULL) != 0) {
        pthread_mutex_destroy(&g->lock);
        free(g);
        return NULL;
    }
    int ok = (g->chunk = malloc(READ_CHUNK)) != NULL;
    for (int i = 0; i < NBATCH && ok; i++) {
        batch *b = &g->batches[i];
        b->cap = 2 * BATCH_DATA;
        b->fields_cap = 2 * BATCH_FIELDS;
        b->recs_cap = 2 * BATCH_RECS;
        b->data = malloc(b->cap);
        b->fields = malloc(b->fields_cap * sizeof *b->fields);
        b->recs = malloc(b->recs_cap * sizeof *b->recs);
        ok = b->data && b->fields && b->recs;
    }
    if (!ok) {
        ring_free(g);
        return NULL;
    }
    return g;
}

/* Runs the scanner in a reader thread and consumes its batches in order. Returns 1 and
 * the status in *rc, or 0 when no thread could be started (nothing was read). */
static int read_threaded(scanner *s, consumer *c, FILE *file, int *rc)
{
    ring *g = ring_new();
    pthread_t thread;
    if (!g)
        return 0;
    g->scan = s;
    g->file = file;
    s->ring = g;
    s->out = &g->batches[0];
    s->grow_fn = realloc;
    csv_set_realloc_func(&s->parser, realloc);
    csv_set_free_func(&s->parser, free);
    if (pthread_create(&thread, NULL, reader_main, g) != 0) {
        csv_set_realloc_func(&s->parser, kg__realloc);
        csv_set_free_func(&s->parser, kg_free);
        s->ring = NULL;
        s->out = NULL;
        s->grow_fn = kg__realloc;
        ring_free(g);
        return 0;
    }
    int status = KG_OK;
    for (size_t i = 0;; i = (i + 1) % NBATCH) {
        batch *b = &g->batches[i];
        pthread_mutex_lock(&g->lock);
        while (!b->full)
            pthread_cond_wait(&g->cond, &g->lock);
        pthread_mutex_unlock(&g->lock);
        for (size_t k = 0; k < b->nrecs && !c->done; k++) {
            if (c->in->ahead && !c->failing) {
                if (k + AHEAD_FAR < b->nrecs)
                    show_ahead(c, &b->recs[k + AHEAD_FAR], b, 0);
                if (k + AHEAD_NEAR < b->nrecs)
                    show_ahead(c, &b->recs[k + AHEAD_NEAR], b, 1);
            }
            int r = consume(c, &b->recs[k], b);
            if (r != KG_OK) {
                c->status = r;
                c->failing = 1;
                c->fail_quoted = b->recs[k].quoted;
            }
        }
        if (b->last) {
            status = b->status;
            break;
        }
        if (c->done)
            break;
        b->len = b->nfields = b->nrecs = 0;
        pthread_mutex_lock(&g->lock);
        b->full = 0;
        pthread_cond_broadcast(&g->cond);
        pthread_mutex_unlock(&g->lock);
    }
    pthread_mutex_lock(&g->lock);
    g->stop = 1;
    pthread_cond_broadcast(&g->cond);
    pthread_mutex_unlock(&g->lock);
    pthread_join(thread, NULL);
    s->ring = NULL;
    s->out = NULL;
    ring_free(g);
    *rc = c->failing ? c->status : status;
    return 1;
}

/* ---- delimiter (detection; choose_delimiter, used by the scanner, is above) ------------ */

char kg_csv__detect_delimiter(const char *data, size_t n)
{
    static const char cands[] = {',', ';', '\t', '|'};
    size_t counts[4] = {0};
    size_t i = n >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    if (n - i > KG_CSV_DETECT_BYTES)
        n = i + KG_CSV_DETECT_BYTES;
    int quoted = 0;
    for (; i < n; i++) {
        char ch = data[i];
        if (ch == '"') {
            quoted = !quoted;
        } else if (!quoted) {
            if (ch == '\n' || ch == '\r')
                break;
            for (int k = 0; k < 4; k++)
                counts[k] += ch == cands[k];
        }
    }
    int best = 0;
    for (int k = 1; k < 4; k++)
        if (counts[k] > counts[best])
            best = k;
    return cands[best];
}

int kg_csv__is_tsv(const char *name)
{
    size_t n = name ? strlen(name) : 0;
    return n >= 4 && name[n - 4] == '.' && (name[n - 3] | 0x20) == 't' &&
           (name[n - 2] | 0x20) == 's' && (name[n - 1] | 0x20) == 'v';
}

/* ---- entry point ---------------------------------------------------------------------- */

static uint64_t thread_min_bytes = THREAD_MIN_BYTES;

uint64_t kg_csv__thread_threshold(uint64_t bytes)
{
    uint64_t old = thread_min_bytes;
    thread_min_bytes = bytes;
    return old;
}

int kg_csv__read(const kg_csv_input *in_arg, kg_diagnostics *diags, kg_csv_row_fn fn, void *ctx,
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

    scanner s = {.in = &in, .row_line = 1, .grow_fn = kg__realloc};
    consumer c = {.in = &in, .diags = diags, .fn = fn, .ctx = ctx, .last_pct = -1};
    batch direct = {0};
    FILE *file = NULL;
    char *chunk = NULL;
    int rc = KG_OK;
    uint64_t total = in.size;
    int parser_ready = 0;

    if (csv_init(&s.parser, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL) != 0) {
        rc = kg_error__set(KG_ENOMEM, "out of memory");
        goto cleanup;
    }
    parser_ready = 1;
    /* libcsv grows a field's buffer by a fixed block (128 bytes by default): a 1 MiB field
     * took 8192 reallocations, quadratic copying where realloc cannot grow in place
     * (ASan, valgrind, other allocators; 18 s to refuse a 5 MB label under ASan). */
    csv_set_blk_size(&s.parser, 64u << 10);
    csv_set_realloc_func(&s.parser, kg__realloc);
    csv_set_free_func(&s.parser, kg_free);

    if (in.path) {
        file = fopen(in.path, "rb");
        struct stat st;
        if (!file || fstat(fileno(file), &st) != 0) {
            kg_diagnostics_add(diags, KG_SEVERITY_ERROR, in.name, 0, "cannot read: %s",
                               strerror(errno));
            rc = kg_error__set(KG_EIO, "%s: cannot read: %s", in.name, strerror(errno));
            goto cleanup;
        }
        if (S_ISDIR(st.st_mode)) {
            kg_diagnostics_add(diags, KG_SEVERITY_ERROR, in.name, 0, "is a directory, not a CSV file");
            rc = kg_error__set(KG_EIO, "%s: is a directory", in.name);
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
    c.total = total;
    c.progress = in.progress && total >= (16u << 20);

    if (!(file && total >= thread_min_bytes && read_threaded(&s, &c, file, &rc))) {
        s.direct = &c;
        s.out = &direct;
        if (file) {
            chunk = kg__malloc(READ_CHUNK);
            if (!chunk) {
                rc = KG_ENOMEM;
                goto cleanup;
            }
        }
        scan(&s, file, chunk, in.data, in.size);
        rc = s.status;
    }
    if (rc == KG_OK && c.rows == 0) {
        kg_diagnostics_add(diags, KG_SEVERITY_ERROR, in.name, 0, "file is empty: no header row");
        rc = KG_EINVALID;
    }

cleanup:
    if (rows)
        *rows = c.rows;
    if (parser_ready)
        csv_free(&s.parser);
    if (file)
        fclose(file);
    kg_free(chunk);
    kg_free(direct.data);
    kg_free(direct.fields);
    kg_free(direct.recs);
    for (size_t i = 0; i < c.header_count; i++)
        kg_free(c.header[i]);
    kg_free(c.header);
    return rc;
}
