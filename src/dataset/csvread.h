/* csvread.h: reading one CSV file with libcsv (strict), row by row, with line numbers.
 * Files of 8 MiB or more are parsed by a reader thread while the caller's thread runs the
 * callback; the results are the same as for the same bytes given in memory. */
#ifndef KGRAPH_CSVREAD_H
#define KGRAPH_CSVREAD_H

#include <stddef.h>
#include <stdint.h>
#include "kgraph/common.h"

/* One field of a row: bytes (NUL-terminated, CRLF inside quotes turned into LF). */
typedef struct kg_csv_field {
    const char *data;
    size_t len;
    uint64_t hash; /* kg_hash__bytes(data, len, 0) when len <= the input's hash_max, else 0 */
} kg_csv_field;

/* Called once per row, header included (line = the line the row starts on; fields
 * valid only during the call). Return 0 to go on, nonzero (a kg_status) to stop. It is
 * always called in the thread that called kg_csv__read(). */
typedef int (*kg_csv_row_fn)(void *ctx, unsigned long line, const kg_csv_field *fields,
                             size_t count);

/* Called with a row that the callback will get a few rows later (only when a reader thread
 * parses ahead), so that the callback can prefetch what that row will touch: stage 0
 * about 16 rows ahead, stage 1 about 8. It must not change anything the callback
 * relies on; it may be skipped for any row. */
typedef void (*kg_csv_ahead_fn)(void *ctx, const kg_csv_field *fields, size_t count,
                                int stage);

typedef struct kg_csv_input {
    const char *name;   /* used in messages */
    const char *path;   /* file to read, or NULL when data is given */
    const void *data;   /* in-memory input */
    size_t size;
    size_t max_field_bytes;
    uint64_t max_file_bytes;
    size_t max_rows;
    int progress;       /* show a percentage on stderr for big files */
    kg_csv_ahead_fn ahead; /* optional; gets the callback's ctx */
    size_t hash_max;    /* fields of up to this many bytes come with their hash (0: none);
                         * a reader thread computes it, sparing the callback's thread */
    char delimiter;     /* ',', ';', '\t' or '|'; 0: tab for a path (else name) ending in
                         * ".tsv", otherwise kg_csv__detect_delimiter on the header line */
    char *delimiter_used; /* when not NULL, receives the delimiter the file was read with */
} kg_csv_input;

/* The delimiter of a file whose first bytes are data[0..n) (a UTF-8 BOM is skipped): the
 * one of ',', ';', '\t' and '|' found most often outside double quotes in the first line
 * (the header), ties going to the earlier in that list; ',' when none is found. Only the
 * header's first KG_CSV_DETECT_BYTES bytes are looked at, so a file read in chunks (the
 * first always at least that long) and the same bytes in memory get the same answer. */
#define KG_CSV_DETECT_BYTES 65536
char kg_csv__detect_delimiter(const char *data, size_t n);

/* Nonzero when name ends in ".tsv" (any case). */
int kg_csv__is_tsv(const char *name);

/* Reads the input, checking that every field is valid UTF-8 without NUL or control bytes
 * (tab and line breaks inside quoted fields aside); a UTF-8 BOM is skipped. Problems go
 * to diags as "NAME:LINE: message" naming the column (by its header) and value; rows
 * with such problems are still passed on. Returns KG_OK when the whole file was read
 * (text problems are only reported to diags: the caller counts errors), KG_EINVALID after
 * a fatal CSV error such as an unterminated quote or an empty file (reading stopped), KG_EIO, KG_ELIMIT, KG_ENOMEM, or the callback's
 * nonzero result. *rows receives the number of rows read (header included). */
int kg_csv__read(const kg_csv_input *in, kg_diagnostics *diags, kg_csv_row_fn fn, void *ctx,
                size_t *rows);

/* Test hook: files of at least bytes bytes are read by a reader thread (default 8 MiB;
 * UINT64_MAX: never). Returns the previous value. Not thread-safe. */
uint64_t kg_csv__thread_threshold(uint64_t bytes);

#endif
