/* diff_scan.c: the scan method: two versions compared from their files, without a model.
 *
 * Built for big datasets (a million relations a side in well under a second):
 *   A. each side is scanned in its own thread (both in the calling thread for inputs under
 *      1 MiB, where starting threads costs more than it saves): a plain RFC 4180 row parser that accepts
 *      only the common, unambiguous forms (anything else - spaces around a field, a lone
 *      CR, a quote in an unquoted field - and the side is "unusual"), every check the
 *      loader makes (UTF-8 and control bytes, limits, headers, ids, references, values,
 *      and the conditions of its warnings), entities and sources kept as canonical items,
 *      every relation row reduced to hashes: of its key (source, relation, target), of its
 *      canonical content, of (doc, quote); the rows are then partitioned by key hash.
 *   B. two threads join the partitions: a row of one side matches a row of the other with
 *      the same hashes whose bytes are the same (or, for files of different layout or
 *      quoting, whose canonical fields are); keys with an unmatched row are "touched".
 *   C. the main thread materialises the rows of touched keys as canonical citations and
 *      hands them, and the entities and sources, to the comparisons in diff.c.
 * Hashes only pick candidates: every match is verified on the text, so a collision costs
 * time, never a wrong answer. Whenever a side is invalid or unusual the scan gives up
 * (returns 1) and kg_diff_load falls back to the model method, which reports exactly what
 * the loader reports; so the scan never reports anything itself.
 *
 * Threads allocate with plain malloc (alloc.c's failure injection is not thread-safe);
 * everything they allocate is freed here. Only the main thread touches the kg_diff.
 */
#define _DEFAULT_SOURCE /* MAP_POPULATE, where there is one */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/base_internal.h"
#include "diff_internal.h"
#include "dataset/dataset_internal.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* Results inside the scan. UNUSUAL and NOMEM are negative so that no function's "done"
 * or "a row" value can be mistaken for them (UNUSUAL was once 1, parse_row's "a row":
 * an unterminated quote then read as a row again and again without moving on, 15 GB
 * for a 12-byte file). kg_diff__scan turns them into its own results. */
#define UNUSUAL (-1)  /* give up: fall back to the model method */
#define NOMEM (-2)
#define ROW_BLANK 0   /* parse_row: a blank line, skipped */
#define ROW_PARSED 1  /* parse_row: a row */

/* The loader's limits (csvread.c), so that a side the loader would refuse is never
 * compared by the scan (it was 50 million rows, five times the documented limit). */
#define DEFAULT_MAX_FIELD (1u << 20)
#define DEFAULT_MAX_FILE (4ull << 30)
#define DEFAULT_MAX_ROWS 10000000u
#define MAX_FIELDS 4096
#define SCAN_THREAD_MIN_BYTES (1u << 20) /* smaller inputs are scanned in the calling thread */

static const char *const file_names[KG_FILE_COUNT] = {"entities.csv", "relations.csv",
                                                       "sources.csv"};

/* ---- hashing --------------------------------------------------------------------------- */

static uint64_t mix64(uint64_t h)
{
    h ^= h >> 32;
    h *= 0xD6E8FEB86659FD93ull;
    h ^= h >> 32;
    h *= 0xD6E8FEB86659FD93ull;
    h ^= h >> 32;
    return h;
}

/* A 64-bit hash of n bytes chained from seed (distinct lengths hash apart); two lanes
 * so that long texts are not one long chain of multiplications. Not for security: the
 * scan verifies every match on the text. */
static uint64_t hash_bytes(const char *p, size_t n, uint64_t seed)
{
    uint64_t a = seed ^ (n * 0x9E3779B97F4A7C15ull), b = seed + 0x632BE59BD9B4E019ull;
    while (n >= 16) {
        uint64_t w0, w1;
        memcpy(&w0, p, 8);
        memcpy(&w1, p + 8, 8);
        a = (a ^ w0) * 0xBF58476D1CE4E5B9ull;
        b = (b ^ w1) * 0x94D049BB133111EBull;
        a ^= a >> 29;
        b ^= b >> 31;
        p += 16;
        n -= 16;
    }
    if (n >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        a = (a ^ w) * 0xBF58476D1CE4E5B9ull;
        a ^= a >> 29;
        p += 8;
        n -= 8;
    }
    uint64_t t = 0;
    for (size_t i = 0; i < n; i++)
        t |= (uint64_t)(unsigned char)p[i] << (8 * i);
    return mix64(a ^ (b * 0xD6E8FEB86659FD93ull) ^ t);
}

/* ---- plain allocation for the threads --------------------------------------------------- */

/* A bump allocator over malloc'd blocks. */
typedef struct block {
    struct block *next;
    size_t used, size;
    _Alignas(16) char data[];
} block;

typedef struct parena {
    block *head;
} parena;

static void *parena_alloc(parena *a, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    if (!a->head || a->head->size - a->head->used < n) {
        /* blocks from 64 KiB, doubling up to 1 MiB: small inputs stay small */
        size_t grow = a->head ? (a->head->size < (1u << 20) ? 2 * a->head->size : (1u << 20)) : (64u << 10);
        size_t size = n > grow ? n : grow;
        block *b = malloc(sizeof *b + size);
        if (!b)
            return NULL;
        b->used = 0;
        b->size = size;
        b->next = a->head;
        a->head = b;
    }
    void *p = a->head->data + a->head->used;
    a->head->used += n;
    return p;
}

static char *parena_strdup(parena *a, const char *s, size_t n)
{
    char *p = parena_alloc(a, n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

/* Empties the arena, keeping its newest block for reuse. */
static void parena_reset(parena *a)
{
    if (!a->head)
        return;
    for (block *b = a->head->next, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    a->head->next = NULL;
    a->head->used = 0;
}

static void parena_free(parena *a)
{
    for (block *b = a->head, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    a->head = NULL;
}

/* Grows *arr (plain realloc) to hold at least need elements. 0, or -1 out of memory. */
static int vgrow(void *arr, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    size_t n = *cap ? *cap : 64;
    while (n < need)
        n *= 2;
    if (n > SIZE_MAX / size)
        return -1;
    void **slot = arr;
    void *p = realloc(*slot, n * size);
    if (!p)
        return -1;
    *slot = p;
    *cap = n;
    return 0;
}

/* ---- the row parser ---------------------------------------------------------------------- */

/* One row: its fields' canonical text (unquoted, doubled quotes undone, CRLF inside a
 * quoted field as LF) as pointers into the input, or into buf for the fields that needed
 * undoing. Not NUL-terminated: use the lengths. */
typedef struct rowp {
    char *buf;
    size_t len, cap;
    const char **ptr;
    size_t *flen, *boff; /* boff: offset in buf of a copied field, SIZE_MAX otherwise */
    size_t nf, fcap;
    size_t max_field;
} rowp;

static void rowp_free(rowp *r)
{
    free(r->buf);
    free(r->ptr);
    free(r->flen);
    free(r->boff);
}

static const char *rowp_field(const rowp *r, size_t i)
{
    return i < r->nf ? r->ptr[i] : "";
}

static size_t rowp_len(const rowp *r, size_t i)
{
    return i < r->nf ? r->flen[i] : 0;
}

/* Makes room for one more field. 0, UNUSUAL (too many) or NOMEM. */
static int rowp_room(rowp *r)
{
    if (r->nf >= MAX_FIELDS)
        return UNUSUAL;
    if (r->nf < r->fcap)
        return 0;
    size_t n = r->fcap ? 2 * r->fcap : 32;
    const char **p = realloc(r->ptr, n * sizeof *p);
    if (!p)
        return NOMEM;
    r->ptr = p;
    size_t *a = realloc(r->flen, n * sizeof *a);
    if (!a)
        return NOMEM;
    r->flen = a;
    a = realloc(r->boff, n * sizeof *a);
    if (!a)
        return NOMEM;
    r->boff = a;
    r->fcap = n;
    return 0;
}

/* Copies a quoted field's inside s[0..n) into buf with doubled quotes undone and CRLF as
 * LF, as field nf. 0 or NOMEM. */
static int rowp_unescape(rowp *r, const char *s, size_t n)
{
    if (vgrow(&r->buf, &r->cap, r->len + n + 1, 1) != 0)
        return NOMEM;
    size_t start = r->len;
    for (size_t i = 0; i < n; i++) {
        if ((s[i] == '"' && i + 1 < n && s[i + 1] == '"') || (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n'))
            i++;
        r->buf[r->len++] = s[i];
    }
    r->boff[r->nf] = start;
    r->flen[r->nf] = r->len - start;
    return 0;
}

#define ONES 0x0101010101010101ull
#define HIGHS 0x8080808080808080ull

/* Bytes of w equal to c (their high bits). The lowest flagged byte is always right. */
static uint64_t bytes_eq(uint64_t w, unsigned char c)
{
    uint64_t x = w ^ (ONES * c);
    return (x - ONES) & ~x & HIGHS;
}

/* Bytes of w below 0x20 or from 0x7F up: control bytes, DEL and non-ASCII. */
static uint64_t bytes_odd(uint64_t w)
{
    return (((w - ONES * 0x20) & ~w) | w | (w + ONES)) & HIGHS;
}

/* Offset of the first byte of data[p..size) that a fast loop cannot skip (a quote, and in
 * unquoted fields a comma, CR or LF; control bytes and non-ASCII in both): 16 bytes at a
 * time with SSE2, else 8 with plain 64-bit arithmetic. */
static size_t skip_plain(const char *data, size_t p, size_t size, int quoted)
{
#ifdef __SSE2__
    const __m128i quote = _mm_set1_epi8('"'), comma = _mm_set1_epi8(quoted ? '"' : ',');
    const __m128i space = _mm_set1_epi8(0x1F), del = _mm_set1_epi8(0x7E);
    while (p + 16 <= size) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(data + p));
        /* signed compares: bytes >= 0x80 are negative, so "< 0x20" catches them too */
        __m128i odd = _mm_or_si128(_mm_cmpgt_epi8(v, del), _mm_cmplt_epi8(v, _mm_add_epi8(space, _mm_set1_epi8(1))));
        __m128i hit = _mm_or_si128(odd, _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, comma)));
        unsigned m = (unsigned)_mm_movemask_epi8(hit);
        if (m)
            return p + (size_t)__builtin_ctz(m);
        p += 16;
    }
#endif
    while (p + 8 <= size) {
        uint64_t w;
        memcpy(&w, data + p, 8);
        uint64_t m = bytes_eq(w, '"') | bytes_odd(w);
        if (!quoted)
            m |= bytes_eq(w, ',');
        if (m)
            return p + ((size_t)__builtin_ctzll(m) >> 3);
        p += 8;
    }
    return p;
}

/* Length of the character at data[p] (a byte of 0x80 or more) when the loader takes it:
 * well-formed UTF-8 that the shared text check (utf8.c, the loader's) accepts; 0 when
 * not (the side is then unusual and the model method reports it). The scan checks ASCII
 * bytes itself, as that check does, but never judges a non-ASCII character on its own. */
static size_t text_char(const char *data, size_t p, size_t size)
{
    size_t n = kg_utf8__sequence((const unsigned char *)data + p, size - p), off;
    return n && kg_text__check(data + p, n, &off) == KG_TEXT_OK ? n : 0;
}

/* Parses the row at *pos of data[0..size). Returns ROW_PARSED (*pos after its line end,
 * *raw_end after its last field), ROW_BLANK (a blank line, skipped; *pos after it),
 * UNUSUAL or NOMEM (*pos unchanged). Only
 * plainly valid rows are accepted: fields unquoted without quotes, spaces or tabs at
 * either end, or quoted with nothing but a comma or line end after the closing quote;
 * lines ended by LF or CRLF; text valid UTF-8 with no control byte but tab (and LF or
 * CRLF inside quotes), as kg_text__check wants it; no field longer than the limit. */
static int parse_row(rowp *r, const char *data, size_t size, size_t *pos, size_t *raw_end)
{
    size_t p = *pos;
    r->len = r->nf = 0;
    if (p < size && data[p] == '\n') {
        *pos = p + 1;
        return ROW_BLANK;
    }
    if (p + 1 < size && data[p] == '\r' && data[p + 1] == '\n') {
        *pos = p + 2;
        return ROW_BLANK;
    }
    for (;;) {
        int rc = rowp_room(r);
        if (rc)
            return rc;
        if (p < size && data[p] == '"') {
            size_t begin = ++p;
            int undo = 0;
            for (;;) {
                p = skip_plain(data, p, size, 1);
                if (p >= size)
                    return UNUSUAL; /* unterminated */
                unsigned char c = (unsigned char)data[p];
                if (c == '"') {
                    if (p + 1 < size && data[p + 1] == '"') {
                        undo = 1;
                        p += 2;
                        continue;
                    }
                    break;
                }
                if (c >= 0x80) {
                    size_t n = text_char(data, p, size);
                    if (!n)
                        return UNUSUAL;
                    p += n;
                } else if (c == '\r' && p + 1 < size && data[p + 1] == '\n') {
                    undo = 1;
                    p += 2;
                } else if ((c >= 0x20 && c < 0x7F) || c == '\t' || c == '\n') {
                    p++;
                } else {
                    return UNUSUAL; /* a control byte, DEL or a lone CR */
                }
            }
            size_t n = p - begin;
            if (n > r->max_field)
                return UNUSUAL;
            if (undo) {
                if ((rc = rowp_unescape(r, data + begin, n)) != 0)
                    return rc;
            } else {
                r->ptr[r->nf] = data + begin;
                r->flen[r->nf] = n;
                r->boff[r->nf] = SIZE_MAX;
            }
            p++;
        } else {
            size_t s = p;
            for (;;) {
                p = skip_plain(data, p, size, 0);
                if (p >= size)
                    break;
                unsigned char c = (unsigned char)data[p];
                if (c == ',' || c == '\n' || c == '\r')
                    break;
                if (c >= 0x80) {
                    size_t n = text_char(data, p, size);
                    if (!n)
                        return UNUSUAL;
                    p += n;
                } else if ((c >= 0x20 && c < 0x7F && c != '"') || c == '\t') {
                    p++;
                } else {
                    return UNUSUAL; /* a quote inside, a control byte or DEL */
                }
            }
            size_t n = p - s;
            if (n && (data[s] == ' ' || data[s] == '\t' || data[p - 1] == ' ' || data[p - 1] == '\t'))
                return UNUSUAL; /* libcsv trims these */
            if (n > r->max_field)
                return UNUSUAL;
            r->ptr[r->nf] = data + s;
            r->flen[r->nf] = n;
            r->boff[r->nf] = SIZE_MAX;
        }
        r->nf++;
        *raw_end = p;
        int end = 1;
        if (p >= size)
            *pos = p;
        else if (data[p] == ',')
            end = 0, p++;
        else if (data[p] == '\n')
            *pos = p + 1;
        else if (data[p] == '\r' && p + 1 < size && data[p + 1] == '\n')
            *pos = p + 2;
        else
            return UNUSUAL; /* text after a closing quote, or a lone CR */
        if (end) {
            for (size_t i = 0; i < r->nf; i++) /* buf may have moved */
                if (r->boff[i] != SIZE_MAX)
                    r->ptr[i] = r->buf + r->boff[i];
            return ROW_PARSED;
        }
    }
}

/* ---- value checks (as load.c makes them) -------------------------------------------------- */

/* kg_confidence__parse on s[0..n) (not NUL-terminated); -1 also for texts of 64 bytes or more
 * (the model method decides those). */
static int parse_confidence_n(const char *s, size_t n, double *out)
{
    char tmp[64];
    if (n >= sizeof tmp)
        return -1;
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    return kg_confidence__parse(tmp, out);
}

/* ---- a side -------------------------------------------------------------------------------- */

/* A file of a side as bytes: memory given, a private read-only map of the file, or a
 * copy read into owned. */
typedef struct sfile {
    const char *data;
    size_t size;
    char *owned;
    void *map;
    size_t map_size;
    int present;
} sfile;

/* A file's header: which column holds each known column, and the unknown ones by name. */
typedef struct layout {
    size_t ncols;
    char **headers;
    int known[KNOWN_MAX];
    size_t *extra; /* unknown columns, sorted by header */
    size_t n_extra;
} layout;

/* An id table: open addressing over items' ids. A slot holds the id's first 8 bytes and
 * its length, so a lookup of an id of up to 8 bytes touches one slot and nothing else. */
typedef struct idslot {
    uint32_t index; /* item index + 1; 0 = empty */
    uint16_t len;   /* id length, 0xFFFF for 65535 or more */
    uint16_t tag;   /* hash bits */
    uint64_t head;  /* the first 8 bytes, zero-padded */
} idslot;

typedef struct idtable {
    idslot *slots;
    size_t mask;
} idtable;

/* A relation row reduced to hashes; off/len locate its text (first to last field). */
typedef struct srow {
    uint64_t key;
    uint64_t content;
    uint64_t off;
    uint32_t len;
    uint32_t dq;
} srow;

typedef struct sside {
    const kg_diff_input *in;
    int single;
    kg_file_kind only;          /* single: the one file */
    sfile files[KG_FILE_COUNT];
    layout lay[KG_FILE_COUNT];
    parena mem;
    rowp row;
    kgd_item *ents, *srcs;
    size_t n_ents, n_srcs;
    idtable ent_ids, src_ids;
    unsigned char *ent_used, *src_cited;
    srow *rows;
    size_t n_rows, rows_cap;
    size_t *part;               /* partition p holds rows[part[p] .. part[p+1]) */
    size_t max_rows;
    uint64_t max_file;
    int status;                 /* 0, UNUSUAL or NOMEM */
} sside;

static void layout_free(layout *l)
{
    for (size_t i = 0; l->headers && i < l->ncols; i++)
        free(l->headers[i]);
    free(l->headers);
    free(l->extra);
}

static void sside_free(sside *s)
{
    for (int k = 0; k < KG_FILE_COUNT; k++) {
        free(s->files[k].owned);
        if (s->files[k].map)
            munmap(s->files[k].map, s->files[k].map_size);
        layout_free(&s->lay[k]);
    }
    parena_free(&s->mem);
    rowp_free(&s->row);
    free(s->ents);
    free(s->srcs);
    free(s->ent_ids.slots);
    free(s->src_ids.slots);
    free(s->ent_used);
    free(s->src_cited);
    free(s->rows);
    free(s->part);
}

/* Reads a whole file into memory. 0, UNUSUAL (missing, unreadable, too big) or NOMEM. */
static int read_file(sfile *f, const char *path, uint64_t max)
{
    int fd = open(path, O_RDONLY);
    struct stat st;
    int rc = UNUSUAL;
    if (fd < 0)
        return UNUSUAL;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (uint64_t)st.st_size > max)
        goto done;
    size_t size = (size_t)st.st_size, got = 0;
    if (size > 0) {
#ifdef MAP_POPULATE
        int flags = MAP_PRIVATE | MAP_POPULATE; /* no fault per page later */
#else
        int flags = MAP_PRIVATE;
#endif
        void *map = mmap(NULL, size, PROT_READ, flags, fd, 0);
        if (map != MAP_FAILED) {
            f->map = map;
            f->map_size = size;
            f->data = map;
            f->size = size;
            f->present = 1;
            rc = 0;
            goto done;
        }
    }
    f->owned = malloc(size + 1);
    if (!f->owned) {
        rc = NOMEM;
        goto done;
    }
    while (got < size) {
        ssize_t r = read(fd, f->owned + got, size - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            goto done;
        got += (size_t)r;
    }
    char extra;
    if (read(fd, &extra, 1) != 0)
        goto done; /* the file grew: leave it to the loader */
    f->data = f->owned;
    f->size = size;
    f->present = 1;
    rc = 0;
done:
    close(fd);
    return rc;
}

/* Finds a side's file of kind: memory, an explicit path, or DIR/NAME (sources.csv may be
 * absent, unless it is the one file of a single-file diff). 0, UNUSUAL or NOMEM. */
static int side_file(sside *s, kg_file_kind k)
{
    const kg_load_options *o = s->in->load;
    sfile *f = &s->files[k];
    if (o && o->memory[k].data) {
        f->data = o->memory[k].data;
        f->size = o->memory[k].size;
        f->present = 1;
        return f->size > s->max_file ? UNUSUAL : 0;
    }
    if (o && o->paths[k])
        return read_file(f, o->paths[k], s->max_file);
    const char *dir = s->in->dir && s->in->dir[0] ? s->in->dir : ".";
    size_t n = strlen(dir) + strlen(file_names[k]) + 2;
    char *path = malloc(n);
    if (!path)
        return NOMEM;
    snprintf(path, n, "%s/%s", dir, file_names[k]);
    int rc = 0;
    if (k == KG_FILE_SOURCES && !s->single && access(path, F_OK) != 0)
        f->present = 0; /* optional, but not as the one file of a single-file diff */
    else
        rc = read_file(f, path, s->max_file);
    free(path);
    return rc;
}

/* The header a known column is read from (the user's --map, else its name). */
static const char *expected_header(const kg_load_options *o, kg_file_kind kind, const char *col)
{
    for (size_t i = 0; o && i < o->map_count; i++)
        if (o->maps[i].file == kind && strcmp(o->maps[i].column, col) == 0)
            return o->maps[i].header;
    return col;
}

/* Reads the header row of file kind; *pos moves past it. 0, UNUSUAL or NOMEM. */
static int read_header(sside *s, kg_file_kind kind, size_t *pos)
{
    const sfile *f = &s->files[kind];
    layout *l = &s->lay[kind];
    size_t raw_end;
    int r;
    if (f->size >= 3 && memcmp(f->data, "\xEF\xBB\xBF", 3) == 0)
        *pos = 3;
    while ((r = parse_row(&s->row, f->data, f->size, pos, &raw_end)) == ROW_BLANK)
        ;
    if (r != ROW_PARSED)
        return r == NOMEM ? NOMEM : UNUSUAL; /* an empty file, or unusual */
    l->ncols = s->row.nf;
    l->headers = calloc(l->ncols, sizeof *l->headers);
    l->extra = calloc(l->ncols, sizeof *l->extra);
    if (!l->headers || !l->extra)
        return NOMEM;
    for (size_t i = 0; i < l->ncols; i++) {
        l->headers[i] = strndup(rowp_field(&s->row, i), rowp_len(&s->row, i));
        if (!l->headers[i])
            return NOMEM;
        if (!l->headers[i][0])
            return UNUSUAL;
        for (size_t j = 0; j < i; j++)
            if (strcmp(l->headers[i], l->headers[j]) == 0)
                return UNUSUAL;
        if (kind == KG_FILE_RELATIONS && strcmp(l->headers[i], KG_STATUS_COLUMN) == 0)
            return UNUSUAL; /* its values are checked by the loader only */
    }
    size_t nknown;
    const char *const *known = kg_known__columns(kind, &nknown);
    const kg_load_options *o = s->in->load;
    for (size_t k = 0; k < KNOWN_MAX; k++)
        l->known[k] = -1;
    for (size_t k = 0; k < nknown; k++) {
        const char *want = expected_header(o, kind, known[k]);
        for (size_t i = 0; i < l->ncols && l->known[k] < 0; i++)
            if (strcmp(l->headers[i], want) == 0)
                l->known[k] = (int)i;
        int required = kind == KG_FILE_RELATIONS ? k <= RC_TARGET : k == 0;
        if (l->known[k] < 0 && (required || want != known[k]))
            return UNUSUAL; /* missing, or a --map naming an absent header */
        for (size_t j = 0; j < k; j++)
            if (l->known[k] >= 0 && l->known[j] == l->known[k])
                return UNUSUAL; /* two known columns on one header (--map): the loader's call */
    }
    for (size_t i = 0; i < l->ncols; i++) {
        int is_known = 0;
        for (size_t k = 0; k < nknown; k++)
            is_known |= l->known[k] == (int)i;
        if (!is_known)
            l->extra[l->n_extra++] = i;
    }
    for (size_t a = 1; a < l->n_extra; a++) /* by name */
        for (size_t b = a; b > 0 && strcmp(l->headers[l->extra[b - 1]], l->headers[l->extra[b]]) > 0; b--) {
            size_t t = l->extra[b];
            l->extra[b] = l->extra[b - 1];
            l->extra[b - 1] = t;
        }
    return 0;
}

/* The text of known column k in the current row ("" when absent). */
static const char *known_field(const sside *s, const layout *l, int k, size_t *len)
{
    int c = l->known[k];
    if (len)
        *len = c >= 0 ? rowp_len(&s->row, (size_t)c) : 0;
    return c >= 0 ? rowp_field(&s->row, (size_t)c) : "";
}

/* ---- entities and sources ----------------------------------------------------------------------- */

/* Sizes the table for n ids. A table of 2 MiB or more sits on huge pages where the
 * system has them: its lookups are random, and with 4 KiB pages nearly every one would
 * also miss the TLB. */
static int idtable_init(idtable *t, size_t n)
{
    size_t cap = 16;
    while (cap < n + n / 4 + 2) /* at most 80% full: small, for the caches and the TLB */
        cap *= 2;
    size_t bytes = cap * sizeof *t->slots;
    t->mask = cap - 1;
    t->slots = NULL;
    if (bytes >= (2u << 20)) {
        void *p = NULL;
        if (posix_memalign(&p, 2u << 20, bytes) == 0) {
#ifdef MADV_HUGEPAGE
            madvise(p, bytes, MADV_HUGEPAGE);
#endif
            memset(p, 0, bytes);
            t->slots = p;
        }
    } else {
        t->slots = calloc(cap, sizeof *t->slots);
    }
    return t->slots ? 0 : NOMEM;
}

/* The probe key of an id: its hash, first 8 bytes and capped length. safe: 8 bytes can
 * be read at id (the id is followed by more of the file). */
static uint64_t id_key(const char *id, size_t len, int safe, uint64_t *head, uint16_t *clen)
{
    *head = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (safe) {
        memcpy(head, id, 8);
        if (len < 8)
            *head &= (1ull << (8 * len)) - 1;
    } else
#endif
    {
        (void)safe;
        memcpy(head, id, len < 8 ? len : 8);
    }
    *clen = len < 0xFFFF ? (uint16_t)len : 0xFFFF;
    return len <= 8 ? mix64(*head ^ (len * 0x9E3779B97F4A7C15ull)) : hash_bytes(id, len, 0x1D);
}

/* A lookup prepared ahead: the id, its probe key, and its first slot prefetched. An id
 * of more than 8 bytes is compared in full: its text is copied (up to sizeof text) so the
 * lookup can wait until the row it came from is gone. */
typedef struct idprobe {
    const char *id;
    size_t len;
    uint64_t h, head;
    uint16_t clen;
    char text[48];
} idprobe;

static void idprobe_prepare(idprobe *p, const idtable *t, const char *id, size_t len, int safe)
{
    p->id = id;
    p->len = len;
    p->h = id_key(id, len, safe, &p->head, &p->clen);
    if (t->slots)
        __builtin_prefetch(&t->slots[(size_t)p->h & t->mask]);
}

/* Index of the item with the probe's id in items, or KG_NONE. */
static size_t idtable_lookup(const idtable *t, const kgd_item *items, const idprobe *p)
{
    if (!t->slots)
        return KG_NONE;
    const char *id = p->id;
    size_t len = p->len;
    uint64_t h = p->h, head = p->head;
    uint16_t clen = p->clen;
    uint16_t tag = (uint16_t)(h >> 48);
    for (size_t i = (size_t)h & t->mask;; i = (i + 1) & t->mask) {
        const idslot *sl = &t->slots[i];
        if (!sl->index)
            return KG_NONE;
        if (sl->tag != tag || sl->len != clen || sl->head != head)
            continue;
        if (len <= 8 || (strncmp(items[sl->index - 1].id, id, len) == 0 &&
                         items[sl->index - 1].id[len] == '\0'))
            return sl->index - 1;
    }
}

/* Index of the item with this id in items, or KG_NONE. */
static size_t idtable_find(const idtable *t, const kgd_item *items, const char *id, size_t len)
{
    idprobe p;
    idprobe_prepare(&p, t, id, len, 0);
    return idtable_lookup(t, items, &p);
}

/* Adds item index idx; returns -1 when its id is there already. */
static int idtable_add(idtable *t, const kgd_item *items, size_t idx)
{
    const char *id = items[idx].id;
    size_t len = strlen(id);
    if (idtable_find(t, items, id, len) != KG_NONE)
        return -1;
    uint64_t head;
    uint16_t clen;
    uint64_t h = id_key(id, len, 0, &head, &clen);
    size_t i = (size_t)h & t->mask;
    while (t->slots[i].index)
        i = (i + 1) & t->mask;
    t->slots[i] = (idslot){(uint32_t)(idx + 1), clen, (uint16_t)(h >> 48), head};
    return 0;
}

/* Reads entities.csv or sources.csv into canonical items and an id table. */
static int scan_records(sside *s, kg_file_kind kind)
{
    const sfile *f = &s->files[kind];
    layout *l = &s->lay[kind];
    size_t pos = 0, raw_end, n = 0, cap = 0;
    kgd_item *items = NULL;
    int r;
    int ent = kind == KG_FILE_ENTITIES;
    size_t nknown = ent ? KGD_ENTITY_FIELDS : KGD_SOURCE_FIELDS;
    const char *const *names = ent ? kg_diff__entity_names : kg_diff__source_names;
    if ((r = read_header(s, kind, &pos)) != 0)
        return r;
    while (pos < f->size) {
        r = parse_row(&s->row, f->data, f->size, &pos, &raw_end);
        if (r == ROW_BLANK)
            continue;
        if (r != ROW_PARSED)
            goto fail;
        if (s->row.nf > l->ncols || n >= s->max_rows || n >= UINT32_MAX - 1) { /* idslot's index */
            r = UNUSUAL;
            goto fail;
        }
        if (vgrow(&items, &cap, n + 1, sizeof *items) != 0) {
            r = NOMEM;
            goto fail;
        }
        size_t idlen, bom = 0;
        const char *id = known_field(s, l, 0, &idlen);
        /* load.c refuses an entity id of bytes EF, BB and BF only (U+FEFF, a BOM) */
        while (ent && bom < idlen && (id[bom] == '\xEF' || id[bom] == '\xBB' || id[bom] == '\xBF'))
            bom++;
        if (!idlen || (ent && bom == idlen)) {
            r = UNUSUAL;
            goto fail;
        }
        /* known columns in order (entities: label, type, aliases, description, url;
         * sources: title, publisher, author, date, url, file), then extras */
        kgd_field *fl = parena_alloc(&s->mem, (nknown + l->n_extra) * sizeof *fl);
        char *idc = parena_strdup(&s->mem, id, idlen);
        if (!fl || !idc) {
            r = NOMEM;
            goto fail;
        }
        size_t nf = 0;
        for (size_t k = 0; k < nknown; k++) {
            size_t len;
            const char *v = known_field(s, l, (int)k + 1, &len);
            if (ent && k == 0 && !len) {
                v = id; /* the label defaults to the id */
                len = idlen;
            }
            int is_url = k == 4; /* url in both */
            int is_date = !ent && k == 3;
            const char *copy = len ? parena_strdup(&s->mem, v, len) : "";
            if (!copy) {
                r = NOMEM;
                goto fail;
            }
            if ((is_url && len && kg_url__problem(copy)) || (is_date && len && !kg_date__valid(copy, len))) {
                r = UNUSUAL;
                goto fail;
            }
            fl[nf++] = (kgd_field){names[k], copy};
        }
        for (size_t e = 0; e < l->n_extra; e++) {
            size_t c = l->extra[e];
            size_t len = rowp_len(&s->row, c);
            if (!len)
                continue;
            char *copy = parena_strdup(&s->mem, rowp_field(&s->row, c), len);
            if (!copy) {
                r = NOMEM;
                goto fail;
            }
            fl[nf++] = (kgd_field){l->headers[c], copy};
        }
        items[n++] = (kgd_item){idc, fl, nf, nknown, KG_NONE};
    }
    idtable *t = ent ? &s->ent_ids : &s->src_ids;
    if (idtable_init(t, n) != 0) {
        r = NOMEM;
        goto fail;
    }
    for (size_t i = 0; i < n; i++)
        if (idtable_add(t, items, i) != 0) {
            r = UNUSUAL; /* a duplicate id */
            goto fail;
        }
    unsigned char **marks = ent ? &s->ent_used : &s->src_cited;
    *marks = calloc(n ? n : 1, 1);
    if (!*marks) {
        r = NOMEM;
        goto fail;
    }
    if (ent) {
        s->ents = items;
        s->n_ents = n;
    } else {
        s->srcs = items;
        s->n_srcs = n;
    }
    return 0;
fail:
    free(items);
    return r;
}

/* ---- relations ---------------------------------------------------------------------------------- */

/* Resolves an entity reference prepared in p (marks it used). 0, or UNUSUAL. */
static int entity_ref(sside *s, const idprobe *p, int required)
{
    if (!p->len)
        return required ? UNUSUAL : 0;
    if (s->single)
        return 0; /* entities.csv is not read: references are taken as they are */
    size_t i = idtable_lookup(&s->ent_ids, s->ents, p);
    if (i == KG_NONE)
        return UNUSUAL;
    s->ent_used[i] = 1;
    return 0;
}

/* Hashes of the current row: *key over (source, relation, target), *content over the
 * canonical citation, *dq over (doc, quote). */
static void row_hashes(const sside *s, const layout *l, int polarity, const double *conf,
                       uint64_t *key, uint64_t *content, uint32_t *dq)
{
    size_t len;
    const char *v;
    uint64_t h = 0x6B6579;
    for (int k = RC_SOURCE; k <= RC_TARGET; k++) {
        v = known_field(s, l, k, &len);
        h = hash_bytes(v, len, h);
    }
    *key = h;
    uint64_t c = 0xC17E;
    static const int order[] = {RC_DOC, RC_QUOTE, RC_DATE, RC_CLAIMED_BY};
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        v = known_field(s, l, order[i], &len);
        c = hash_bytes(v, len, c);
        if (order[i] == RC_QUOTE) /* the chain so far covers (doc, quote) */
            *dq = (uint32_t)mix64(c ^ h);
    }
    uint64_t bits = 0xFFFFFFFFFFFFFFFFull;
    if (conf)
        memcpy(&bits, conf, sizeof bits);
    c = mix64(c ^ bits) ^ (uint64_t)polarity;
    for (size_t e = 0; e < l->n_extra; e++) {
        size_t col = l->extra[e];
        len = rowp_len(&s->row, col);
        if (!len)
            continue;
        const char *name = l->headers[col];
        c = hash_bytes(name, strlen(name), c);
        c = hash_bytes(rowp_field(&s->row, col), len, c);
    }
    *content = mix64(c);
}

/* Rows between prefetching an entity id's slot and looking it up. */
#define REF_DELAY 16

/* Scans relations.csv: every row checked, reduced to a srow. */
static int scan_relations(sside *s)
{
    idprobe ring[REF_DELAY][3];
    const sfile *f = &s->files[KG_FILE_RELATIONS];
    layout *l = &s->lay[KG_FILE_RELATIONS];
    size_t pos = 0, raw_end;
    int r;
    if ((r = read_header(s, KG_FILE_RELATIONS, &pos)) != 0)
        return r;
    if (vgrow(&s->rows, &s->rows_cap, f->size / 160 + 16, sizeof *s->rows) != 0)
        return NOMEM;
    int sources = s->files[KG_FILE_SOURCES].present && !s->single;
    while (pos < f->size) {
        size_t row_start = pos;
        r = parse_row(&s->row, f->data, f->size, &pos, &raw_end);
        if (r == ROW_BLANK)
            continue;
        if (r != ROW_PARSED)
            return r;
        /* the join numbers rows in 32 bits */
        if (s->row.nf > l->ncols || s->n_rows >= s->max_rows || s->n_rows >= UINT32_MAX - 1 ||
            raw_end - row_start > UINT32_MAX)
            return UNUSUAL;
        /* the entity lookups miss the cache: their slots are prefetched now and looked
         * at REF_DELAY rows later (a failing one fails the scan all the same) */
        size_t len;
        idprobe *refs = ring[s->n_rows % REF_DELAY];
        if (s->n_rows >= REF_DELAY)
            for (int k = 0; k < 3; k++)
                if (entity_ref(s, &refs[k], k < 2))
                    return UNUSUAL;
        static const int ref_cols[3] = {RC_SOURCE, RC_TARGET, RC_CLAIMED_BY};
        for (int k = 0; k < 3; k++) {
            const char *v = known_field(s, l, ref_cols[k], &len);
            uintptr_t at = (uintptr_t)v, base = (uintptr_t)f->data;
            int safe = at >= base && at - base + 8 <= f->size; /* in the file, not copied */
            if (len > 8) {
                if (len > sizeof refs[k].text)
                    return UNUSUAL; /* long ids: the model method */
                memcpy(refs[k].text, v, len);
                v = refs[k].text;
                safe = 0;
            }
            idprobe_prepare(&refs[k], &s->ent_ids, v, len, safe);
        }
        const char *v;
        known_field(s, l, RC_RELATION, &len);
        if (!len)
            return UNUSUAL;
        v = known_field(s, l, RC_POLARITY, &len);
        int polarity = kg_polarity__parse(v, len);
        if (polarity < 0)
            return UNUSUAL;
        v = known_field(s, l, RC_DATE, &len);
        if (len && !kg_date__valid(v, len))
            return UNUSUAL;
        v = known_field(s, l, RC_DOC, &len);
        if (len && sources) {
            size_t i = idtable_find(&s->src_ids, s->srcs, v, len);
            if (i == KG_NONE)
                return UNUSUAL;
            s->src_cited[i] = 1;
        }
        double conf;
        v = known_field(s, l, RC_CONFIDENCE, &len);
        int has_conf = len > 0;
        if (has_conf && parse_confidence_n(v, len, &conf) != 0)
            return UNUSUAL;
        if (s->n_rows == s->rows_cap && vgrow(&s->rows, &s->rows_cap, s->n_rows + 1, sizeof *s->rows) != 0)
            return NOMEM;
        srow *row = &s->rows[s->n_rows++];
        row_hashes(s, l, polarity, has_conf ? &conf : NULL, &row->key, &row->content, &row->dq);
        row->off = row_start;
        row->len = (uint32_t)(raw_end - row_start);
    }
    for (size_t i = s->n_rows > REF_DELAY ? s->n_rows - REF_DELAY : 0; i < s->n_rows; i++)
        for (int k = 0; k < 3; k++)
            if (entity_ref(s, &ring[i % REF_DELAY][k], k < 2))
                return UNUSUAL;
    return 0;
}

/* Partitions the rows by the top bits of their key hash (bits of them). */
static int partition_rows(sside *s, unsigned bits)
{
    size_t np = (size_t)1 << bits;
    s->part = calloc(np + 1, sizeof *s->part);
    srow *out = malloc((s->n_rows ? s->n_rows : 1) * sizeof *out);
    if (!s->part || !out) {
        free(out);
        return NOMEM;
    }
    unsigned shift = 64 - bits;
    for (size_t i = 0; i < s->n_rows; i++)
        s->part[(bits ? s->rows[i].key >> shift : 0) + 1]++;
    for (size_t p = 0; p < np; p++)
        s->part[p + 1] += s->part[p];
    size_t *fill = malloc(np * sizeof *fill);
    if (!fill) {
        free(out);
        return NOMEM;
    }
    memcpy(fill, s->part, np * sizeof *fill);
    for (size_t i = 0; i < s->n_rows; i++)
        out[fill[bits ? s->rows[i].key >> shift : 0]++] = s->rows[i];
    free(fill);
    free(s->rows);
    s->rows = out;
    return 0;
}

/* Phase A for one side. */
typedef struct scan_job {
    sside *s;
    unsigned part_bits;
} scan_job;

/* Sets a side's limits and finds (maps or reads) its files; s->status is the result. */
static void open_side(sside *s)
{
    int r = 0;
    const kg_load_options *o = s->in->load;
    s->row.max_field = o && o->max_field_bytes ? o->max_field_bytes : DEFAULT_MAX_FIELD;
    s->max_rows = o && o->max_rows ? o->max_rows : DEFAULT_MAX_ROWS;
    s->max_file = o && o->max_file_bytes ? o->max_file_bytes : DEFAULT_MAX_FILE;
    for (int k = 0; k < KG_FILE_COUNT && r == 0; k++)
        if (!s->single || k == (int)s->only)
            r = side_file(s, (kg_file_kind)k);
    s->status = r;
}

/* The bytes of a side's files. */
static uint64_t side_bytes(const sside *s)
{
    uint64_t n = 0;
    for (int k = 0; k < KG_FILE_COUNT; k++)
        n += s->files[k].size;
    return n;
}

/* Scans a side whose files open_side() found (nothing when it failed). */
static void scan_side(sside *s, unsigned part_bits)
{
    int r = s->status;
    if (r != 0)
        return;
    if (r == 0 && s->files[KG_FILE_SOURCES].present)
        r = scan_records(s, KG_FILE_SOURCES);
    if (r == 0 && (!s->single || s->only == KG_FILE_ENTITIES))
        r = scan_records(s, KG_FILE_ENTITIES);
    if (r == 0 && (!s->single || s->only == KG_FILE_RELATIONS))
        r = scan_relations(s);
    if (r == 0 && !s->single) {
        /* what the loader would warn about: entities in no relation, sources uncited */
        for (size_t i = 0; i < s->n_ents && r == 0; i++)
            if (!s->ent_used[i])
                r = UNUSUAL;
        for (size_t i = 0; i < s->n_srcs && r == 0; i++)
            if (!s->src_cited[i])
                r = UNUSUAL;
    }
    if (r == 0)
        r = partition_rows(s, part_bits);
    s->status = r;
}

static void *scan_thread(void *arg)
{
    scan_job *j = arg;
    scan_side(j->s, j->part_bits);
    return NULL;
}

/* ---- materialising rows --------------------------------------------------------------------------- */

/* Parses relation row `row` of side s again, with the caller's parser rp, into a
 * canonical citation *out (strings in mem) and its source, relation and target in key.
 * Safe in several threads at once: s is only read. 0 or NOMEM. */
static int materialize(const sside *s, const srow *row, rowp *rp, parena *mem, kgd_item *out,
                       const char *key[3])
{
    const layout *l = &s->lay[KG_FILE_RELATIONS];
    const sfile *f = &s->files[KG_FILE_RELATIONS];
    size_t pos = (size_t)row->off, raw_end;
    if (parse_row(rp, f->data, f->size, &pos, &raw_end) != ROW_PARSED)
        return NOMEM; /* it parsed before: only memory can fail now */
    kgd_field *fl = parena_alloc(mem, (KGD_CITATION_FIELDS + l->n_extra) * sizeof *fl);
    char *conf = parena_alloc(mem, 32);
    if (!fl || !conf)
        return NOMEM;
#define FIELD(k) (l->known[k] >= 0 ? rowp_field(rp, (size_t)l->known[k]) : "")
#define FLEN(k) (l->known[k] >= 0 ? rowp_len(rp, (size_t)l->known[k]) : 0)
    for (int k = 0; k < 3; k++)
        if (!(key[k] = parena_strdup(mem, FIELD(k), FLEN(k))))
            return NOMEM;
    static const int cols[KGD_CITATION_FIELDS] = {RC_DOC, RC_QUOTE, RC_DATE, RC_POLARITY,
                                                  RC_CONFIDENCE, RC_CLAIMED_BY};
    size_t nf = 0;
    for (int i = 0; i < KGD_CITATION_FIELDS; i++) {
        const char *v;
        if (cols[i] == RC_POLARITY) {
            v = kg_polarity_name((kg_polarity)kg_polarity__parse(FIELD(RC_POLARITY), FLEN(RC_POLARITY)));
        } else if (cols[i] == RC_CONFIDENCE) {
            double c = -1;
            if (FLEN(RC_CONFIDENCE))
                parse_confidence_n(FIELD(RC_CONFIDENCE), FLEN(RC_CONFIDENCE), &c);
            kg_diff__format_confidence(conf, c);
            v = conf;
        } else {
            v = FLEN(cols[i]) ? parena_strdup(mem, FIELD(cols[i]), FLEN(cols[i])) : "";
            if (!v)
                return NOMEM;
        }
        fl[nf++] = (kgd_field){kg_diff__citation_names[i], v};
    }
#undef FIELD
#undef FLEN
    for (size_t e = 0; e < l->n_extra; e++) {
        size_t c = l->extra[e];
        size_t len = rowp_len(rp, c);
        if (!len)
            continue;
        const char *v = parena_strdup(mem, rowp_field(rp, c), len);
        if (!v)
            return NOMEM;
        fl[nf++] = (kgd_field){l->headers[c], v};
    }
    *out = (kgd_item){NULL, fl, nf, KGD_CITATION_FIELDS, KG_NONE};
    return 0;
}

/* ---- phase B: joining the partitions ------------------------------------------------------------- */

/* A row of a touched key, to be materialised. */
typedef struct touched {
    uint64_t key;
    const srow *row;
    int side; /* 0 old, 1 new */
} touched;

typedef struct join_job {
    sside *o, *n;
    size_t p_begin, p_end;
    int same_layout;
    /* results */
    touched *out;
    size_t n_out, cap_out;
    int status;
    /* scratch */
    uint32_t *head, *next;
    size_t head_cap, next_cap;
    unsigned char *matched;
    size_t matched_cap;
    uint64_t *keys;
    size_t keys_cap;
    uint32_t *cand;
    size_t cand_cap;
    rowp rp_o, rp_n;
    parena mem;
} join_job;

/* Nonzero when rows a (old side) and b (new side) hold the same citation. */
static int rows_equal(join_job *j, const srow *a, const srow *b, int *err)
{
    const char *da = j->o->files[KG_FILE_RELATIONS].data + a->off;
    const char *db = j->n->files[KG_FILE_RELATIONS].data + b->off;
    if (j->same_layout && a->len == b->len && memcmp(da, db, a->len) == 0)
        return 1;
    kgd_item x, y;
    const char *kx[3], *ky[3];
    int eq = 0;
    if (materialize(j->o, a, &j->rp_o, &j->mem, &x, kx) != 0 ||
        materialize(j->n, b, &j->rp_n, &j->mem, &y, ky) != 0) {
        *err = NOMEM;
    } else {
        eq = strcmp(kx[0], ky[0]) == 0 && strcmp(kx[1], ky[1]) == 0 && strcmp(kx[2], ky[2]) == 0 &&
             kg_diff__item_cmp(&x, &y) == 0;
    }
    parena_reset(&j->mem);
    return eq;
}

static int key_cmp(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Nonzero when some two rows of rows[0..n) share their key and (doc, quote) hashes: a
 * possible duplicate citation, which the loader warns about. */
static int has_duplicate(join_job *j, const srow *rows, size_t n)
{
    size_t cap = 16;
    while (cap < 2 * n)
        cap *= 2;
    if (vgrow(&j->keys, &j->keys_cap, cap, sizeof *j->keys) != 0) {
        j->status = NOMEM;
        return 1;
    }
    uint64_t *slots = j->keys;
    memset(slots, 0, cap * sizeof *slots);
    for (size_t i = 0; i < n; i++) {
        uint64_t h = mix64(rows[i].key ^ ((uint64_t)rows[i].dq << 17)) | 1;
        for (size_t k = (size_t)h & (cap - 1);; k = (k + 1) & (cap - 1)) {
            if (!slots[k]) {
                slots[k] = h;
                break;
            }
            if (slots[k] == h)
                return 1;
        }
    }
    return 0;
}

/* Joins one partition. */
static int join_partition(join_job *j, size_t p)
{
    const srow *O = j->o->rows + j->o->part[p], *N = j->n->rows + j->n->part[p];
    size_t no = j->o->part[p + 1] - j->o->part[p], nn = j->n->part[p + 1] - j->n->part[p];
    if (!no && !nn)
        return 0;
    if (has_duplicate(j, O, no) || has_duplicate(j, N, nn))
        return j->status ? j->status : UNUSUAL;
    size_t cap = 16;
    while (cap < 2 * no)
        cap *= 2;
    if (vgrow(&j->head, &j->head_cap, cap, sizeof *j->head) != 0 ||
        vgrow(&j->next, &j->next_cap, no + 1, sizeof *j->next) != 0 ||
        vgrow(&j->matched, &j->matched_cap, no + nn + 1, 1) != 0)
        return NOMEM;
    memset(j->head, 0, cap * sizeof *j->head);
    memset(j->matched, 0, no + nn);
    for (size_t i = 0; i < no; i++) {
        size_t h = (size_t)mix64(O[i].key ^ O[i].content) & (cap - 1);
        j->next[i] = j->head[h];
        j->head[h] = (uint32_t)(i + 1);
    }
    unsigned char *mo = j->matched, *mn = j->matched + no;
    int err = 0;
    /* first the likely partner of every new row, its text and the partner's prefetched
     * (they lie anywhere in the files), then the checks */
    if (vgrow(&j->cand, &j->cand_cap, nn + 1, sizeof *j->cand) != 0)
        return NOMEM;
    const char *od = j->o->files[KG_FILE_RELATIONS].data, *nd = j->n->files[KG_FILE_RELATIONS].data;
    for (size_t i = 0; i < nn; i++) {
        size_t h = (size_t)mix64(N[i].key ^ N[i].content) & (cap - 1);
        uint32_t e = j->head[h];
        while (e && (O[e - 1].key != N[i].key || O[e - 1].content != N[i].content))
            e = j->next[e - 1];
        j->cand[i] = e;
        if (e) {
            __builtin_prefetch(nd + N[i].off);
            __builtin_prefetch(od + O[e - 1].off);
        }
    }
    for (size_t i = 0; i < nn; i++) {
        uint32_t c = j->cand[i];
        if (c && !mo[c - 1] && rows_equal(j, &O[c - 1], &N[i], &err)) {
            mo[c - 1] = mn[i] = 1;
            continue;
        }
        if (err)
            return err;
        if (!c)
            continue;
        size_t h = (size_t)mix64(N[i].key ^ N[i].content) & (cap - 1);
        for (uint32_t e = j->head[h]; e; e = j->next[e - 1]) {
            const srow *a = &O[e - 1];
            if (mo[e - 1] || a->key != N[i].key || a->content != N[i].content)
                continue;
            if (rows_equal(j, a, &N[i], &err)) {
                mo[e - 1] = mn[i] = 1;
                break;
            }
            if (err)
                return err;
        }
    }
    /* the keys with an unmatched row, then every row of those keys */
    size_t nk = 0;
    for (size_t i = 0; i < no + nn; i++) {
        if (j->matched[i])
            continue;
        if (vgrow(&j->keys, &j->keys_cap, nk + 1, sizeof *j->keys) != 0)
            return NOMEM;
        j->keys[nk++] = i < no ? O[i].key : N[i - no].key;
    }
    if (!nk)
        return 0;
    qsort(j->keys, nk, sizeof *j->keys, key_cmp);
    for (int side = 0; side < 2; side++) {
        const srow *rows = side ? N : O;
        size_t n = side ? nn : no;
        for (size_t i = 0; i < n; i++) {
            if (!bsearch(&rows[i].key, j->keys, nk, sizeof *j->keys, key_cmp))
                continue;
            if (vgrow(&j->out, &j->cap_out, j->n_out + 1, sizeof *j->out) != 0)
                return NOMEM;
            j->out[j->n_out++] = (touched){rows[i].key, &rows[i], side};
        }
    }
    return 0;
}

static void *join_thread(void *arg)
{
    join_job *j = arg;
    for (size_t p = j->p_begin; p < j->p_end && j->status == 0; p++)
        j->status = join_partition(j, p);
    return NULL;
}

static void join_job_free(join_job *j)
{
    free(j->out);
    free(j->head);
    free(j->next);
    free(j->matched);
    free(j->keys);
    free(j->cand);
    rowp_free(&j->rp_o);
    rowp_free(&j->rp_n);
    parena_free(&j->mem);
}

/* ---- phase C: the comparisons ----------------------------------------------------------------- */

static int touched_cmp(const void *a, const void *b)
{
    const touched *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->side - y->side;
}

/* A materialised row of a touched key. */
typedef struct mrow {
    const char *key[3];
    kgd_item item;
    int side;
} mrow;

static int mrow_key_cmp(const mrow *x, const mrow *y)
{
    for (int k = 0; k < 3; k++) {
        int c = strcmp(x->key[k], y->key[k]);
        if (c)
            return c;
    }
    return 0;
}

static int mrow_cmp(const void *a, const void *b)
{
    const mrow *x = a, *y = b;
    int c = mrow_key_cmp(x, y);
    return c ? c : x->side - y->side;
}

/* Compares the rows of one key hash (t[0..n)): split by their real keys. */
static int compare_group(kg_diff *d, const sside *so, const sside *sn, const touched *t, size_t n,
                         rowp *rp, parena *mem, mrow **buf, size_t *buf_cap, kgd_item **items,
                         size_t *items_cap)
{
    if (vgrow(buf, buf_cap, n, sizeof **buf) != 0 || vgrow(items, items_cap, n, sizeof **items) != 0)
        return NOMEM;
    mrow *m = *buf;
    for (size_t i = 0; i < n; i++) {
        m[i].side = t[i].side;
        if (materialize(t[i].side ? sn : so, t[i].row, rp, mem, &m[i].item, m[i].key) != 0)
            return NOMEM;
    }
    if (n > 1)
        qsort(m, n, sizeof *m, mrow_cmp);
    for (size_t a = 0; a < n;) {
        size_t b = a;
        while (b < n && mrow_key_cmp(&m[a], &m[b]) == 0)
            b++;
        size_t split = a;
        while (split < b && m[split].side == 0)
            split++;
        kgd_item *it = *items;
        for (size_t i = a; i < b; i++)
            it[i - a] = m[i].item;
        int rc = kg_diff__relation_diff(d, m[a].key[0], m[a].key[1], m[a].key[2], it, split - a,
                                   KG_NONE, it + (split - a), b - split, KG_NONE);
        if (rc != KG_OK)
            return NOMEM;
        a = b;
    }
    return 0;
}

/* Compares the entities or sources of both sides (items kept by the scan). */
static int compare_records(kg_diff *d, const sside *so, const sside *sn, int ent)
{
    const kgd_item *io = ent ? so->ents : so->srcs, *in = ent ? sn->ents : sn->srcs;
    size_t no = ent ? so->n_ents : so->n_srcs, nn = ent ? sn->n_ents : sn->n_srcs;
    const idtable *to = ent ? &so->ent_ids : &so->src_ids, *tn = ent ? &sn->ent_ids : &sn->src_ids;
    unsigned bit = ent ? KG_DIFF_ENTITIES : KG_DIFF_SOURCES;
    for (size_t i = 0; i < nn; i++) {
        size_t j = idtable_find(to, io, in[i].id, strlen(in[i].id));
        if (kg_diff__record_diff(d, bit, j != KG_NONE ? &io[j] : NULL, &in[i]) != KG_OK)
            return NOMEM;
    }
    for (size_t i = 0; i < no; i++)
        if (idtable_find(tn, in, io[i].id, strlen(io[i].id)) == KG_NONE &&
            kg_diff__record_diff(d, bit, &io[i], NULL) != KG_OK)
            return NOMEM;
    return 0;
}

/* Nonzero when both files have the same header, column for column. */
static int same_layout(const layout *a, const layout *b)
{
    if (a->ncols != b->ncols)
        return 0;
    for (size_t i = 0; i < a->ncols; i++)
        if (strcmp(a->headers[i], b->headers[i]) != 0)
            return 0;
    return 1;
}

int kg_diff__scan(kg_diff **out, const kg_diff_input *old_in, const kg_diff_input *new_in,
             unsigned kinds, int single)
{
    sside so, sn;
    join_job jobs[2];
    kg_diff *d = NULL;
    pthread_t thread;
    int rc = 0, started = 0;
    touched *all = NULL;
    mrow *mbuf = NULL;
    kgd_item *ibuf = NULL;
    size_t mcap = 0, icap = 0;
    rowp rp;
    parena mem = {NULL};

    *out = NULL;
    memset(&so, 0, sizeof so);
    memset(&sn, 0, sizeof sn);
    memset(jobs, 0, sizeof jobs);
    memset(&rp, 0, sizeof rp);
    so.in = old_in;
    sn.in = new_in;
    so.single = sn.single = single;
    kinds = kinds ? kinds : KG_DIFF_ALL;
    so.only = sn.only = kinds == KG_DIFF_ENTITIES ? KG_FILE_ENTITIES
                        : kinds == KG_DIFF_SOURCES ? KG_FILE_SOURCES
                                                   : KG_FILE_RELATIONS;

    /* A: both sides at once; 4096 partitions (about 250 rows each for a million). Small
     * inputs stay in this thread, in 64 partitions: starting threads and walking
     * thousands of empty partitions would cost more than it saves. */
    open_side(&so);
    open_side(&sn);
    int threads = side_bytes(&so) + side_bytes(&sn) >= SCAN_THREAD_MIN_BYTES;
    unsigned bits = threads ? 12 : 6;
    scan_job ja = {&so, bits};
    started = threads && pthread_create(&thread, NULL, scan_thread, &ja) == 0;
    if (!started)
        scan_side(&so, bits);
    scan_side(&sn, bits);
    if (started)
        pthread_join(thread, NULL);
    rc = so.status ? so.status : sn.status;
    if (rc)
        goto done;

    /* B: the partitions, half each */
    size_t np = (size_t)1 << bits;
    for (int i = 0; i < 2; i++) {
        jobs[i].o = &so;
        jobs[i].n = &sn;
        jobs[i].same_layout = same_layout(&so.lay[KG_FILE_RELATIONS], &sn.lay[KG_FILE_RELATIONS]);
        jobs[i].p_begin = i ? np / 2 : 0;
        jobs[i].p_end = i ? np : np / 2;
        jobs[i].rp_o.max_field = jobs[i].rp_n.max_field = SIZE_MAX;
    }
    started = threads && pthread_create(&thread, NULL, join_thread, &jobs[1]) == 0;
    if (!started)
        join_thread(&jobs[1]);
    join_thread(&jobs[0]);
    if (started)
        pthread_join(thread, NULL);
    rc = jobs[0].status ? jobs[0].status : jobs[1].status;
    if (rc)
        goto done;

    /* C: the comparisons, in the calling thread */
    d = kg_diff__new(kinds, KG_DIFF_SCAN);
    if (!d) {
        rc = NOMEM;
        goto done;
    }
    if ((d->kinds & KG_DIFF_ENTITIES) && (rc = compare_records(d, &so, &sn, 1)) != 0)
        goto done;
    if ((d->kinds & KG_DIFF_SOURCES) && (rc = compare_records(d, &so, &sn, 0)) != 0)
        goto done;
    if (d->kinds & KG_DIFF_RELATIONS) {
        size_t total = jobs[0].n_out + jobs[1].n_out;
        all = malloc((total ? total : 1) * sizeof *all);
        if (!all) {
            rc = NOMEM;
            goto done;
        }
        if (jobs[0].n_out)
            memcpy(all, jobs[0].out, jobs[0].n_out * sizeof *all);
        if (jobs[1].n_out)
            memcpy(all + jobs[0].n_out, jobs[1].out, jobs[1].n_out * sizeof *all);
        if (total > 1)
            qsort(all, total, sizeof *all, touched_cmp);
        rp.max_field = SIZE_MAX;
        for (size_t a = 0; a < total && rc == 0;) {
            size_t b = a;
            while (b < total && all[b].key == all[a].key)
                b++;
            rc = compare_group(d, &so, &sn, all + a, b - a, &rp, &mem, &mbuf, &mcap, &ibuf, &icap);
            parena_reset(&mem);
            a = b;
        }
        if (rc)
            goto done;
    }
    kg_diff__finish(d);
    *out = d;
    d = NULL;

done:
    kg_diff_free(d);
    free(all);
    free(mbuf);
    free(ibuf);
    rowp_free(&rp);
    parena_free(&mem);
    join_job_free(&jobs[0]);
    join_job_free(&jobs[1]);
    sside_free(&so);
    sside_free(&sn);
    return rc == 0 ? KG_OK : rc == NOMEM ? KG_ENOMEM : 1;
}
