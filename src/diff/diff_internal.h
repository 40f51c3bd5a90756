/* diff/diff_internal.h: diff owns comparing two versions: the result store, the scan and model methods,
 * the text/CSV/JSON formats and the diff diagram. May call: base, dataset, graph, the cgraph helpers. */
/* diff_internal.h: the diff's result store and the comparisons shared by its two methods
 * (diff.c compares loaded models, diff_scan*.c scanned files); both describe each side's
 * items as canonical field lists (kgd_item) and leave the judging to the functions here. */
#ifndef KGRAPH_DIFF_INTERNAL_H
#define KGRAPH_DIFF_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "base/arena.h"
#include "dataset/dataset_internal.h" /* kg_file_kind, KNOWN_MAX */
#include "kgraph/diff.h"

/* One field of an item as compared: name (a known column's canonical name or an unknown
 * column's header) and value ("" when empty). Both borrowed from the side's storage. */
typedef struct kgd_field {
    const char *name;
    const char *value;
} kgd_field;

/* An entity, a source or a citation in canonical form: the known fields in their fixed
 * order (all of them, empty or not), then the unknown columns with a value, sorted by
 * name. Two items are equal exactly when their field lists are. */
typedef struct kgd_item {
    const char *id;        /* entities and sources; NULL for citations */
    const kgd_field *fields;
    size_t count;
    size_t known;          /* the first `known` fields are the known columns */
    size_t index;          /* index in a dataset, or KG_NONE */
} kgd_item;

/* The known fields compared, in order (the id excluded). */
#define KGD_ENTITY_FIELDS 5   /* label type aliases description url */
#define KGD_SOURCE_FIELDS 6   /* title publisher author date url file */
#define KGD_CITATION_FIELDS 6 /* doc quote date polarity confidence claimed_by */
extern const char *const kg_diff__entity_names[KGD_ENTITY_FIELDS];
extern const char *const kg_diff__source_names[KGD_SOURCE_FIELDS];
extern const char *const kg_diff__citation_names[KGD_CITATION_FIELDS];
#define KGD_CITATION_DOC 0
#define KGD_CITATION_QUOTE 1
#define KGD_CITATION_POLARITY 3

struct kg_diff {
    kg_arena arena;
    kg_record_change *entities, *sources;
    size_t n_entities, cap_entities, n_sources, cap_sources;
    kg_relation_change *relations;
    size_t n_relations, cap_relations;
    kg_diff_method method;
    unsigned kinds;
    /* set by kg_diff_compute: the shape of the datasets it compared */
    int from_datasets;
    size_t old_entities, new_entities, old_relations, new_relations;
    /* scratch for kg_diff__relation_diff (kg__malloc'd, freed with the diff) */
    void *scratch;
    size_t scratch_cap;
};

/* A new, empty diff of the given kinds (KG_DIFF_* bits); NULL out of memory. */
kg_diff *kg_diff__new(unsigned kinds, kg_diff_method method);

/* Canonical ordering and equality of items' field lists (ids not compared). */
int kg_diff__item_cmp(const kgd_item *a, const kgd_item *b);

/* Compares an entity (kind KG_DIFF_ENTITIES) or a source (KG_DIFF_SOURCES) of the old
 * side with the one of the new side sharing its id; either may be NULL (added, removed).
 * Appends a record to the diff when they differ. Returns KG_OK or KG_ENOMEM. */
int kg_diff__record_diff(kg_diff *d, unsigned kind, const kgd_item *old_item,
                    const kgd_item *new_item);

/* Compares one relation's citations on both sides (either count may be 0: added,
 * removed). The arrays are reordered (sorted canonically). Appends a relation change when
 * they differ. Returns KG_OK or KG_ENOMEM. */
int kg_diff__relation_diff(kg_diff *d, const char *source, const char *relation, const char *target,
                      kgd_item *old_cits, size_t n_old, size_t old_index, kgd_item *new_cits,
                      size_t n_new, size_t new_index);

/* Finds renamed entities (kg_diff__find_renames) and sorts the changes into their
 * documented order. Call once, when complete. KG_OK or KG_ENOMEM. */
int kg_diff__finish(kg_diff *d);

/* diff_rename.c: replaces each removed and added entity pair that is one entity under a
 * new id (kgraph/diff.h) by a KG_CHANGE_RENAMED record, and drops the relation changes
 * that only followed the id. Reads only the store (both methods give the same result);
 * does nothing unless both entities and relations were compared. Citations of other
 * relations whose claimed_by only follows a rename are dropped too. KG_OK or KG_ENOMEM
 * (the diff is then only fit to be freed). */
int kg_diff__find_renames(kg_diff *d);

/* Formats a confidence in [0,1] as the shortest text that reads back as the same number
 * ("" for a negative value: none given) into buf (at least 32 bytes). */
void kg_diff__format_confidence(char *buf, double value);

/* Forgets the datasets a model diff came from: indices become KG_NONE, as the scan
 * method leaves them (kg_diff_load frees its datasets). */
void kg_diff__forget_datasets(kg_diff *d);

/* The scan method (diff_scan.c): compares the sides' files directly. kinds and single as
 * in kg_diff_options. Returns KG_OK and *out, KG_ENOMEM, or 1 when a side is not plainly
 * valid or cannot be read that way: the caller then falls back to loading both datasets
 * (nothing was reported). */
int kg_diff__scan(kg_diff **out, const kg_diff_input *old_in, const kg_diff_input *new_in,
             unsigned kinds, int single);


/* ---- the scan method's parts (diff_scan*.c only; diff_scan.c has the overview) ---- */

/* Results inside the scan. KGD_UNUSUAL and KGD_NOMEM are negative so that no function's "done"
 * or "a row" value can be mistaken for them (KGD_UNUSUAL was once 1, kg_diff__parse_row's "a row":
 * an unterminated quote then read as a row again and again without moving on, 15 GB
 * for a 12-byte file). kg_diff__scan turns them into its own results. */
#define KGD_UNUSUAL (-1)  /* give up: fall back to the model method */
#define KGD_NOMEM (-2)
#define KGD_ROW_BLANK 0   /* kg_diff__parse_row: a blank line, skipped */
#define KGD_ROW_PARSED 1  /* kg_diff__parse_row: a row */

/* The loader's limits (csvread.c), so that a side the loader would refuse is never
 * compared by the scan (it was 50 million rows, five times the documented limit). */
#define KGD_DEFAULT_MAX_FIELD (1u << 20)
#define KGD_DEFAULT_MAX_FILE (4ull << 30)
#define KGD_DEFAULT_MAX_ROWS 10000000u
#define KGD_MAX_FIELDS 4096

/* ---- the row parser ---------------------------------------------------------------------- */

/* One row: its fields' canonical text (unquoted, doubled quotes undone, CRLF inside a
 * quoted field as LF) as pointers into the input, or into buf for the fields that needed
 * undoing. Not NUL-terminated: use the lengths. */
typedef struct kgd_rowp {
    char *buf;
    size_t len, cap;
    const char **ptr;
    size_t *flen, *boff; /* boff: offset in buf of a copied field, SIZE_MAX otherwise */
    size_t nf, fcap;
    size_t max_field;
    char delim; /* the file's delimiter (kg_diff__read_header sets it); 0 means ',' */
} kgd_rowp;

/* A file of a side as bytes: memory given, a private read-only map of the file, or a
 * copy read into owned. */
typedef struct kgd_sfile {
    const char *data;
    size_t size;
    char *owned;
    void *map;
    size_t map_size;
    int present;
} kgd_sfile;

/* A file's header: which column holds each known column, and the unknown ones by name. */
typedef struct kgd_layout {
    size_t ncols;
    char **headers;
    int known[KNOWN_MAX];
    size_t *extra; /* unknown columns, sorted by header */
    size_t n_extra;
    char delim;    /* the file's delimiter */
} kgd_layout;

/* An id table: open addressing over items' ids. A slot holds the id's first 8 bytes and
 * its length, so a lookup of an id of up to 8 bytes touches one slot and nothing else. */
typedef struct kgd_idslot {
    uint32_t index; /* item index + 1; 0 = empty */
    uint16_t len;   /* id length, 0xFFFF for 65535 or more */
    uint16_t tag;   /* hash bits */
    uint64_t head;  /* the first 8 bytes, zero-padded */
} kgd_idslot;

typedef struct kgd_idtable {
    kgd_idslot *slots;
    size_t mask;
} kgd_idtable;

/* A relation row reduced to hashes; off/len locate its text (first to last field). */
typedef struct kgd_srow {
    uint64_t key;
    uint64_t content;
    uint64_t off;
    uint32_t len;
    uint32_t dq;
} kgd_srow;

typedef struct kgd_side {
    const kg_diff_input *in;
    int single;
    kg_file_kind only;          /* single: the one file */
    kgd_sfile files[KG_FILE_COUNT];
    kgd_layout lay[KG_FILE_COUNT];
    kg_arena mem;
    kgd_rowp row;
    kgd_item *ents, *srcs;
    size_t n_ents, n_srcs;
    kgd_idtable ent_ids, src_ids;
    unsigned char *ent_used, *src_cited;
    kgd_srow *rows;
    size_t n_rows, rows_cap;
    size_t *part;               /* partition p holds rows[part[p] .. part[p+1]) */
    size_t max_rows;
    uint64_t max_file;
    int status;                 /* 0, KGD_UNUSUAL or KGD_NOMEM */
} kgd_side;

/* Phase A for one side. */
typedef struct kgd_scan_job {
    kgd_side *s;
    unsigned part_bits;
} kgd_scan_job;

/* A row of a touched key, to be materialised. */
typedef struct kgd_touched {
    uint64_t key;
    const kgd_srow *row;
    int side; /* 0 old, 1 new */
} kgd_touched;

typedef struct kgd_join_job {
    kgd_side *o, *n;
    size_t p_begin, p_end;
    int same_layout;
    /* results */
    kgd_touched *out;
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
    kgd_rowp rp_o, rp_n;
    kg_arena mem;
} kgd_join_job;

/* A materialised row of a touched key. */
typedef struct kgd_mrow {
    const char *key[3];
    kgd_item item;
    int side;
} kgd_mrow;

/* Grows *arr (plain realloc) to hold at least need elements. 0, or -1 out of memory. */
static inline int kg_diff__scan_grow(void *arr, size_t *cap, size_t need, size_t size)
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

static inline const char *kg_diff__rowp_field(const kgd_rowp *r, size_t i)
{
    return i < r->nf ? r->ptr[i] : "";
}

static inline size_t kg_diff__rowp_len(const kgd_rowp *r, size_t i)
{
    return i < r->nf ? r->flen[i] : 0;
}

/* The text of known column k in the current row ("" when absent). */
static inline const char *kgd_known_field(const kgd_side *s, const kgd_layout *l, int k, size_t *len)
{
    int c = l->known[k];
    if (len)
        *len = c >= 0 ? kg_diff__rowp_len(&s->row, (size_t)c) : 0;
    return c >= 0 ? kg_diff__rowp_field(&s->row, (size_t)c) : "";
}

/* diff_scan_row.c */
/* Frees a parser's buffers (not r itself). */
void kg_diff__rowp_free(kgd_rowp *r);

/* Parses the row at *pos of data[0..size). Returns KGD_ROW_PARSED (*pos after its line end,
 * *raw_end after its last field), KGD_ROW_BLANK (a blank line, skipped; *pos after it),
 * KGD_UNUSUAL or KGD_NOMEM (*pos unchanged). Only
 * plainly valid rows are accepted: fields unquoted without quotes, spaces or tabs at
 * either end, or quoted with nothing but a comma or line end after the closing quote;
 * lines ended by LF or CRLF; text valid UTF-8 with no control byte but tab (and LF or
 * CRLF inside quotes), as kg_text__check wants it; no field longer than the limit. */
int kg_diff__parse_row(kgd_rowp *r, const char *data, size_t size, size_t *pos, size_t *raw_end);

/* kg_confidence__parse on s[0..n) (not NUL-terminated); -1 also for texts of 64 bytes or more
 * (the model method decides those). */
int kg_diff__parse_confidence_n(const char *s, size_t n, double *out);

/* diff_scan_read.c */
/* Frees everything a side holds (not s itself): files, layouts, items, tables, rows. */
void kg_diff__side_free(kgd_side *s);

/* Reads the header row of file kind; *pos moves past it. 0, KGD_UNUSUAL or KGD_NOMEM. */
int kg_diff__read_header(kgd_side *s, kg_file_kind kind, size_t *pos);

/* Sets a side's limits and finds (maps or reads) its files; s->status is the result. */
void kg_diff__open_side(kgd_side *s);

/* The bytes of a side's files. */
uint64_t kg_diff__side_bytes(const kgd_side *s);

/* diff_scan_side.c */
/* Index of the item with this id in items, or KG_NONE. */
size_t kg_diff__idtable_find(const kgd_idtable *t, const kgd_item *items, const char *id, size_t len);

/* Scans a side whose files kg_diff__open_side() found (nothing when it failed). */
void kg_diff__scan_side(kgd_side *s, unsigned part_bits);

/* pthread entry: kg_diff__scan_side on a kgd_scan_job; returns NULL. */
void *kg_diff__scan_thread(void *arg);

/* diff_scan_join.c */
/* Parses relation row `row` of side s again, with the caller's parser rp, into a
 * canonical citation *out (strings in mem) and its source, relation and target in key.
 * Safe in several threads at once: s is only read. 0 or KGD_NOMEM. */
int kg_diff__materialize(const kgd_side *s, const kgd_srow *row, kgd_rowp *rp, kg_arena *mem, kgd_item *out,
                    const char *key[3]);

/* pthread entry: joins the partitions [p_begin, p_end) of a kgd_join_job into its
 * touched rows (out) and status; returns NULL. */
void *kg_diff__join_thread(void *arg);

/* Frees a join job's results and scratch (not j itself). */
void kg_diff__join_job_free(kgd_join_job *j);

/* diff_scan_compare.c */
/* qsort order of touched rows: by key hash, then side (old first). */
int kg_diff__touched_cmp(const void *a, const void *b);

/* Compares the rows of one key hash (t[0..n)): split by their real keys. */
int kg_diff__compare_group(kg_diff *d, const kgd_side *so, const kgd_side *sn, const kgd_touched *t, size_t n,
                      kgd_rowp *rp, kg_arena *mem, kgd_mrow **buf, size_t *buf_cap,
                      kgd_item **items, size_t *items_cap);

/* Compares the entities or sources of both sides (items kept by the scan). */
int kg_diff__compare_records(kg_diff *d, const kgd_side *so, const kgd_side *sn, int ent);

#endif
