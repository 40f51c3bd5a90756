/* model.h: the dataset store's layout, shared by dataset.c (accessors) and load.c (filling). */
#ifndef KGRAPH_MODEL_H
#define KGRAPH_MODEL_H

#include "kgraph/dataset.h"
#include "strpool.h"

/* The columns kgraph knows, per file. */
enum { EC_ID, EC_LABEL, EC_TYPE, EC_ALIASES, EC_DESCRIPTION, EC_URL, EC_COUNT };
enum { RC_SOURCE, RC_RELATION, RC_TARGET, RC_POLARITY, RC_DATE, RC_DOC, RC_QUOTE,
       RC_CONFIDENCE, RC_CLAIMED_BY, RC_COUNT };
enum { SC_ID, SC_TITLE, SC_PUBLISHER, SC_AUTHOR, SC_DATE, SC_URL, SC_FILE, SC_COUNT };
#define KNOWN_MAX 9

/* The canonical column names of a file, and how many there are. */
const char *const *kg_known__columns(kg_file_kind kind, size_t *count);

/* One file as read: headers and every cell, row-major. */
typedef struct kg_table {
    char *name;          /* file name for messages (owned) */
    int present;         /* 0 for an absent sources.csv */
    size_t ncols;
    const char **headers;        /* ncols, in the pool */
    int known[KNOWN_MAX];        /* column index of each known column, or -1 */
    int status_col;              /* relations: the KG_STATUS_COLUMN column, or -1 */
    const char **cells;          /* rows * ncols, in the pool ("" for empty) */
    size_t rows, rows_cap;
} kg_table;

struct kg_dataset {
    kg_strpool *pool;
    kg_table tables[KG_FILE_COUNT];
    kg_entity *entities;
    size_t entity_count, entity_cap;
    kg_source *sources;
    size_t source_count, source_cap;
    kg_relation *relations;
    size_t relation_count, relation_cap;
    kg_citation *citations;
    size_t citation_count, citation_cap;
    size_t *last_citation;       /* per relation: tail of its citation chain */
    uint64_t *relation_index;    /* open addressing: hash tag << 32 | (relation index + 1) */
    size_t relation_index_cap;
    unsigned char *entity_used;  /* per entity: takes part in a relation */
    /* the vocabulary (vocab.c): verbs in file order and their index by interned string */
    int has_vocab, vocab_ok;     /* a vocabulary.csv was read; it had no error */
    char *vocab_name;            /* its name in messages (owned) */
    kg_verb *verbs;
    size_t verb_count, verb_cap;
    uint32_t *verb_index;        /* open addressing by string pointer: verb index + 1 */
    size_t verb_index_cap;
    size_t created_entities;     /* made from relation endpoints (no entities.csv) */
};

/* Index of relation (source, verb atom string, target) in ds, or KG_NONE. verb must be
 * the interned string (pointer identity). */
size_t kg_model__find_relation(const struct kg_dataset *ds, size_t source, const char *verb,
                              size_t target);
/* Hints the processor to fetch the index slot where kg_model__find_relation will start
 * looking for (source, verb, target). Changes nothing. */
void kg_model__prefetch_relation(const struct kg_dataset *ds, size_t source, const char *verb,
                                size_t target);
/* Adds an empty relation and indexes it; returns its index or KG_NONE (no memory). */
size_t kg_model__add_relation(struct kg_dataset *ds, size_t source, const char *verb,
                             size_t target, unsigned long line);

#endif
