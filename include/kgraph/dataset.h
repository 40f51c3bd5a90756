/* kgraph/dataset.h: loading a relation set from CSV, validating it, and the in-memory model.
 *
 * A dataset is a directory holding entities.csv, relations.csv and optionally sources.csv
 * (or the same files named one by one; NAME.tsv where NAME.csv is absent). Without
 * entities.csv, or when the dataset named is a file (the relations), the entities are made
 * from the relation endpoints (an edge list). The model is kgraph's own compact store: strings
 * are kept in an arena (short ones interned), entities and sources are indexed by id, and
 * rows of relations.csv sharing (source, relation, target) form ONE relation with several
 * citations. The model never touches Graphviz: checking, diffing and statistics are cheap.
 */
#ifndef KGRAPH_DATASET_H
#define KGRAPH_DATASET_H

#include <stddef.h>
#include <stdint.h>
#include "kgraph/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The files of a dataset. */
typedef enum kg_file_kind {
    KG_FILE_ENTITIES = 0,
    KG_FILE_RELATIONS = 1,
    KG_FILE_SOURCES = 2,
    KG_FILE_COUNT = 3
} kg_file_kind;

/* "entities", "relations", "sources"; NULL for an invalid kind. */
KG_API const char *kg_file_kind_name(kg_file_kind kind);

/* "No index": end of a citation chain, entity not set, not found. */
#define KG_NONE ((size_t)-1)

/* Maps a column the loader expects to the header name the user's file has. */
typedef struct kg_column_map {
    kg_file_kind file;
    char column[32];    /* canonical column name, e.g. "source" */
    const char *header; /* header as written in the file; borrowed, must outlive the load */
} kg_column_map;

/* Parses "relations.source=From" into *out (header points into spec, which must outlive
 * *out). Returns KG_OK, or KG_EUSAGE with the reason in kg_last_error() for an unknown
 * file or column or a missing '='. */
KG_API int kg_column_map_parse(kg_column_map *out, const char *spec);

/* An input given in memory instead of a file (tests, fuzzing, embedding programs). */
typedef struct kg_memory_file {
    const char *name; /* used in messages, e.g. "relations.csv" */
    const void *data;
    size_t size;
} kg_memory_file;

#define KG_MAX_COLUMN_MAPS 64

typedef struct kg_load_options {
    /* Explicit paths; NULL means DIR/entities.csv etc. ("sources" is optional either way). */
    const char *paths[KG_FILE_COUNT];
    /* In-memory inputs; where memory[k].data is non-NULL it is used instead of a file. */
    kg_memory_file memory[KG_FILE_COUNT];
    kg_column_map maps[KG_MAX_COLUMN_MAPS];
    size_t map_count;
    /* Limits (0 = the default): bytes in one field (1 MiB), bytes in one file (4 GiB),
     * rows in one file (10 million). Exceeding one is an error naming the limit. */
    size_t max_field_bytes;
    uint64_t max_file_bytes;
    size_t max_rows;
    /* Nonzero: print progress of long loads on stderr (the CLI sets it on a terminal). */
    int progress;
    /* The vocabulary (see "the vocabulary" below): vocabulary_memory when its data is
     * non-NULL, else the file vocabulary_path when non-NULL, else DIR/vocabulary.csv when
     * dir is given and that file exists; otherwise the dataset has none. */
    const char *vocabulary_path;
    kg_memory_file vocabulary_memory;
    /* The field delimiter of every file: ',', ';', '\t' or '|'; 0 (the default): a file
     * named *.tsv is read with tabs, any other by the delimiter its header line holds
     * most often outside quotes (docs/dataset.md, "Delimiters"). */
    char delimiter;
} kg_load_options;

/* Fills *opts with the defaults: no explicit paths, no maps, default limits. */
KG_API void kg_load_options_init(kg_load_options *opts);

typedef struct kg_dataset kg_dataset;

/* Loads and validates a dataset.
 * dir: the dataset directory, or a relations file alone (an edge list); may be NULL when
 * every needed file is given in opts.
 * opts: NULL means defaults. diags: receives every error and warning (may be NULL, then
 * problems are only counted in the return value).
 * Returns KG_OK and the dataset in *out (free with kg_dataset_free) when there is no
 * error; warnings do not fail the load. Otherwise *out is NULL and the result is
 * KG_EINVALID (bad data, see diags), KG_EIO (unreadable file), KG_ELIMIT or KG_ENOMEM;
 * kg_last_error() holds a one-line summary. */
KG_API int kg_dataset_load(kg_dataset **out, const char *dir, const kg_load_options *opts,
                    kg_diagnostics *diags);

/* Frees the dataset and every string it handed out. NULL does nothing. */
KG_API void kg_dataset_free(kg_dataset *ds);

/* ---- the model: read-only views, owned by the dataset ----------------------------- */

typedef enum kg_polarity {
    KG_POLARITY_NEUTRAL = 0,
    KG_POLARITY_POSITIVE = 1,
    KG_POLARITY_NEGATIVE = 2,
    KG_POLARITY_MIXED = 3 /* only on relations whose citations disagree */
} kg_polarity;

/* "neutral", "positive", "negative", "mixed". */
KG_API const char *kg_polarity_name(kg_polarity p);

/* Every string below is non-NULL ("" when the cell was empty or the column absent) and
 * lives as long as the dataset. */
typedef struct kg_entity {
    const char *id;
    const char *label;       /* the label column, or id when empty */
    const char *type;
    const char *aliases;     /* as written: ';'-separated */
    const char *description;
    const char *url;         /* validated: http, https or relative */
    unsigned long line;      /* line of the row in entities.csv */
    size_t row;              /* row index in the entities table */
} kg_entity;

typedef struct kg_source {
    const char *id, *title, *publisher, *author, *date, *url, *file;
    unsigned long line;
    size_t row;
} kg_source;

typedef struct kg_citation {
    size_t relation;      /* index of the relation it supports */
    size_t next;          /* next citation of the same relation, or KG_NONE */
    const char *doc;      /* sources.csv id (or free text when there is no sources.csv) */
    size_t source;        /* index of doc in the sources, or KG_NONE */
    const char *quote;
    const char *date;     /* ISO 8601 YYYY, YYYY-MM or YYYY-MM-DD, or "" */
    kg_polarity polarity; /* never MIXED */
    double confidence;    /* in [0,1], or -1 when not given */
    size_t claimed_by;    /* entity index, or KG_NONE */
    unsigned long line;   /* line of the row in relations.csv */
    size_t row;           /* row index in the relations table */
    int contested;        /* nonzero when the row's status column says "contested" */
} kg_citation;

/* The optional relations.csv column marking a citation contested: "contested", or
 * "asserted" / empty (the default). It is read by this header name only (no --map) and
 * otherwise kept as an unknown column (diff compares it as one). */
#define KG_STATUS_COLUMN "status"

typedef struct kg_relation {
    size_t source;          /* entity index */
    size_t target;          /* entity index */
    const char *relation;   /* the verb, e.g. "meets" */
    kg_polarity polarity;   /* the citations' polarity, MIXED when they disagree */
    size_t first_citation;  /* chain through kg_citation.next, in file order */
    size_t citation_count;
    size_t document_count;  /* distinct non-empty docs among the citations */
    unsigned long line;     /* line of the first row */
} kg_relation;

/* Numbers of entities, distinct relations, citations (rows of relations.csv) and
 * sources in ds. Never fail. */
KG_API size_t kg_dataset_entity_count(const kg_dataset *ds);
KG_API size_t kg_dataset_relation_count(const kg_dataset *ds);
KG_API size_t kg_dataset_citation_count(const kg_dataset *ds);
KG_API size_t kg_dataset_source_count(const kg_dataset *ds);

/* The i-th item in file order (relations in the order their first row appears);
 * NULL when i is out of range. */
KG_API const kg_entity *kg_dataset_entity(const kg_dataset *ds, size_t i);
KG_API const kg_relation *kg_dataset_relation(const kg_dataset *ds, size_t i);
KG_API const kg_citation *kg_dataset_citation(const kg_dataset *ds, size_t i);
KG_API const kg_source *kg_dataset_source(const kg_dataset *ds, size_t i);

/* Index of the entity / source with this id, or KG_NONE. */
KG_API size_t kg_dataset_find_entity(const kg_dataset *ds, const char *id);
KG_API size_t kg_dataset_find_source(const kg_dataset *ds, const char *id);
/* Index of the relation (source id, relation, target id), or KG_NONE. A relation of a
 * symmetric verb (see the vocabulary below) is found with its endpoints either way round. */
KG_API size_t kg_dataset_find_relation(const kg_dataset *ds, const char *source, const char *relation,
                                const char *target);

/* Number of entities made from relation endpoints because the dataset has no
 * entities.csv (an edge list); 0 when entities.csv was read. */
KG_API size_t kg_dataset_created_entity_count(const kg_dataset *ds);

/* Nonzero when the dataset has a sources.csv. */
KG_API int kg_dataset_has_sources(const kg_dataset *ds);
/* The file name used in messages for a file of the dataset ("relations.csv"). */
KG_API const char *kg_dataset_file_name(const kg_dataset *ds, kg_file_kind kind);

/* ---- the vocabulary: vocabulary.csv, optional ---------------------------------------
 *
 * A dataset may come with a vocabulary of its relation verbs (docs/dataset.md,
 * "vocabulary.csv"): columns verb (required, unique), meaning, source_types and
 * target_types (entity types allowed, separated by '|'; empty: any), symmetric (yes or
 * no; empty: no), polarity (positive, negative, neutral or mixed: the verb's fixed
 * polarity; empty: it varies) and inverse (a verb of the vocabulary meaning the same with
 * source and target swapped). Errors in it are reported at vocabulary.csv:LINE and fail
 * the load. When a dataset has one, the loader enforces it on relations.csv:
 *   - a verb not in the vocabulary is an error (with the nearest verb suggested);
 *   - a relation of a symmetric verb is ONE relation whatever the direction its rows are
 *     written in: its source is the endpoint whose id is the smaller in byte order
 *     (strcmp), its target the other, and its citations are those of the rows of both
 *     directions. Rows in both directions are a warning (at the first row of the second
 *     direction); kg_dataset_find_relation finds it either way round;
 *   - a citation whose polarity differs from the verb's fixed polarity (not "mixed") is
 *     a warning; an empty polarity is neutral, as everywhere;
 *   - a relation whose source or target entity's type is not among the verb's source or
 *     target types is a warning (once per relation; for a symmetric verb either way
 *     round will do).
 * Without a vocabulary none of this applies and loading costs nothing more. */

/* One verb of the vocabulary. Strings as kg_entity's: non-NULL, live as long as the
 * dataset. */
typedef struct kg_verb {
    const char *verb;
    const char *meaning;
    const char *source_types; /* as written, '|'-separated; "" = any type */
    const char *target_types;
    int symmetric;            /* nonzero for "yes" */
    int polarity;             /* a kg_polarity (MIXED included), or -1 when it varies */
    size_t inverse;           /* index of the inverse verb, or KG_NONE */
    unsigned long line;       /* line of the row in vocabulary.csv */
} kg_verb;

/* Nonzero when the dataset has a vocabulary. */
KG_API int kg_dataset_has_vocabulary(const kg_dataset *ds);
/* Number of verbs in the vocabulary (0 without one). */
KG_API size_t kg_dataset_verb_count(const kg_dataset *ds);
/* The i-th verb in file order; NULL when i is out of range (KG_NONE included). */
KG_API const kg_verb *kg_dataset_verb(const kg_dataset *ds, size_t i);
/* Index of the verb spelled verb (exact bytes), or KG_NONE. */
KG_API size_t kg_dataset_find_verb(const kg_dataset *ds, const char *verb);
/* The index of relation r's verb in the vocabulary (r from kg_dataset_relation(ds, ...)),
 * or KG_NONE when the dataset has no vocabulary. One hash probe. */
KG_API size_t kg_dataset_relation_verb(const kg_dataset *ds, const kg_relation *r);
/* Nonzero when relation r of ds has a symmetric verb (drawn without arrowheads). */
KG_API int kg_dataset_relation_symmetric(const kg_dataset *ds, const kg_relation *r);
/* The vocabulary's file name used in messages ("" without one). */
KG_API const char *kg_dataset_vocabulary_name(const kg_dataset *ds);

/* ---- raw tables: every column as read, unknown ones included ----------------------- */

/* Number of columns and rows of a file's table (0 for an absent sources.csv). */
KG_API size_t kg_dataset_column_count(const kg_dataset *ds, kg_file_kind kind);
KG_API size_t kg_dataset_row_count(const kg_dataset *ds, kg_file_kind kind);
/* Header of column col as written in the file; NULL when out of range. */
KG_API const char *kg_dataset_column_name(const kg_dataset *ds, kg_file_kind kind, size_t col);
/* Cell text exactly as read (after CSV unquoting; CRLF inside quoted fields becomes LF);
 * "" for an empty cell; NULL when out of range. */
KG_API const char *kg_dataset_cell(const kg_dataset *ds, kg_file_kind kind, size_t row, size_t col);

#ifdef __cplusplus
}
#endif
#endif
