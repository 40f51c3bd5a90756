/* diff/diff_internal.h: diff owns comparing two versions: the result store, the scan and model methods,
 * the text/CSV/JSON formats and the diff diagram. May call: base, dataset, graph, the cgraph helpers. */
/* diff_internal.h: the diff's result store and the comparisons shared by its two methods
 * (diff.c compares loaded models, diff_scan.c scanned files); both describe each side's
 * items as canonical field lists (kgd_item) and leave the judging to the functions here. */
#ifndef KGRAPH_DIFF_INTERNAL_H
#define KGRAPH_DIFF_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "kgraph/diff.h"

/* A small bump allocator for the strings and arrays a diff hands out. */
typedef struct kgd_chunk kgd_chunk;
typedef struct kgd_arena {
    kgd_chunk *chunks;
} kgd_arena;

/* Returns size bytes (16-byte aligned) owned by the arena, or NULL out of memory. */
void *kg_diff__arena_alloc(kgd_arena *a, size_t size);
/* Copies len bytes plus a NUL into the arena; NULL out of memory. */
char *kg_diff__arena_strndup(kgd_arena *a, const char *s, size_t len);
/* Frees every chunk. */
void kg_diff__arena_free(kgd_arena *a);

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
    kgd_arena arena;
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

/* Sorts the changes into their documented order. Call once, when complete. */
void kg_diff__finish(kg_diff *d);

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

#endif
