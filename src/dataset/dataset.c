/* dataset.c: the in-memory model: accessors, the relation index, freeing. */
#include <string.h>

#include "base/base_internal.h"
#include "model.h"
#include "vocab.h"

static const char *const entity_columns[] = {"id", "label", "type", "aliases", "description", "url"};
static const char *const relation_columns[] = {"source", "relation", "target", "polarity", "date",
                                               "doc", "quote", "confidence", "claimed_by"};
static const char *const source_columns[] = {"id", "title", "publisher", "author", "date", "url",
                                             "file"};

const char *const *kg_known__columns(kg_file_kind kind, size_t *count)
{
    switch (kind) {
    case KG_FILE_ENTITIES: *count = EC_COUNT; return entity_columns;
    case KG_FILE_RELATIONS: *count = RC_COUNT; return relation_columns;
    case KG_FILE_SOURCES: *count = SC_COUNT; return source_columns;
    default: *count = 0; return NULL;
    }
}

const char *kg_file_kind_name(kg_file_kind kind)
{
    switch (kind) {
    case KG_FILE_ENTITIES: return "entities";
    case KG_FILE_RELATIONS: return "relations";
    case KG_FILE_SOURCES: return "sources";
    default: return NULL;
    }
}

const char *kg_polarity_name(kg_polarity p)
{
    switch (p) {
    case KG_POLARITY_POSITIVE: return "positive";
    case KG_POLARITY_NEGATIVE: return "negative";
    case KG_POLARITY_MIXED: return "mixed";
    default: return "neutral";
    }
}

int kg_column_map_parse(kg_column_map *out, const char *spec)
{
    const char *dot = strchr(spec, '.');
    const char *eq = strchr(spec, '=');
    if (!dot || !eq || dot > eq)
        return kg_error__set(KG_EUSAGE, "column map '%s' is not FILE.COLUMN=HEADER", spec);
    size_t flen = (size_t)(dot - spec);
    kg_file_kind kind = KG_FILE_COUNT;
    for (int k = 0; k < KG_FILE_COUNT; k++) {
        const char *name = kg_file_kind_name((kg_file_kind)k);
        if (strlen(name) == flen && strncmp(spec, name, flen) == 0)
            kind = (kg_file_kind)k;
    }
    if (kind == KG_FILE_COUNT)
        return kg_error__set(KG_EUSAGE, "column map '%s': unknown file '%.*s' (entities, relations or sources)",
                            spec, (int)flen, spec);
    size_t clen = (size_t)(eq - dot - 1), count;
    const char *const *cols = kg_known__columns(kind, &count);
    int found = 0;
    for (size_t i = 0; i < count; i++)
        if (strlen(cols[i]) == clen && strncmp(dot + 1, cols[i], clen) == 0)
            found = 1;
    if (!found)
        return kg_error__set(KG_EUSAGE, "column map '%s': %s.csv has no column '%.*s'", spec,
                            kg_file_kind_name(kind), (int)clen, dot + 1);
    if (eq[1] == '\0')
        return kg_error__set(KG_EUSAGE, "column map '%s': the header name after '=' is empty", spec);
    out->file = kind;
    memcpy(out->column, dot + 1, clen);
    out->column[clen] = '\0';
    out->header = eq + 1;
    return KG_OK;
}

void kg_load_options_init(kg_load_options *opts)
{
    memset(opts, 0, sizeof *opts);
}

void kg_dataset_free(kg_dataset *ds)
{
    if (!ds)
        return;
    for (int k = 0; k < KG_FILE_COUNT; k++) {
        kg_free(ds->tables[k].name);
        kg_free(ds->tables[k].headers);
        kg_free(ds->tables[k].cells);
    }
    kg_free(ds->entities);
    kg_free(ds->sources);
    kg_free(ds->relations);
    kg_free(ds->citations);
    kg_free(ds->last_citation);
    kg_free(ds->relation_index);
    kg_free(ds->entity_used);
    kg_free(ds->vocab_name);
    kg_free(ds->verbs);
    kg_free(ds->verb_index);
    kg_strpool__free(ds->pool);
    kg_free(ds);
}

size_t kg_dataset_entity_count(const kg_dataset *ds) { return ds->entity_count; }
size_t kg_dataset_relation_count(const kg_dataset *ds) { return ds->relation_count; }
size_t kg_dataset_citation_count(const kg_dataset *ds) { return ds->citation_count; }
size_t kg_dataset_source_count(const kg_dataset *ds) { return ds->source_count; }

const kg_entity *kg_dataset_entity(const kg_dataset *ds, size_t i)
{
    return i < ds->entity_count ? &ds->entities[i] : NULL;
}

const kg_relation *kg_dataset_relation(const kg_dataset *ds, size_t i)
{
    return i < ds->relation_count ? &ds->relations[i] : NULL;
}

const kg_citation *kg_dataset_citation(const kg_dataset *ds, size_t i)
{
    return i < ds->citation_count ? &ds->citations[i] : NULL;
}

const kg_source *kg_dataset_source(const kg_dataset *ds, size_t i)
{
    return i < ds->source_count ? &ds->sources[i] : NULL;
}

size_t kg_dataset_find_entity(const kg_dataset *ds, const char *id)
{
    kg_atom *a = kg_strpool__find(ds->pool, id, strlen(id));
    return a && a->entity ? a->entity - 1 : KG_NONE;
}

size_t kg_dataset_find_source(const kg_dataset *ds, const char *id)
{
    kg_atom *a = kg_strpool__find(ds->pool, id, strlen(id));
    return a && a->source ? a->source - 1 : KG_NONE;
}

size_t kg_dataset_find_relation(const kg_dataset *ds, const char *source, const char *relation,
                                const char *target)
{
    size_t s = kg_dataset_find_entity(ds, source), t = kg_dataset_find_entity(ds, target);
    kg_atom *verb = kg_strpool__find(ds->pool, relation, strlen(relation));
    if (s == KG_NONE || t == KG_NONE || !verb)
        return KG_NONE;
    size_t v = kg_vocab__find(ds, verb->str);
    if (v != KG_NONE && ds->verbs[v].symmetric && strcmp(source, target) > 0)
        return kg_model__find_relation(ds, t, verb->str, s); /* stored in id order */
    return kg_model__find_relation(ds, s, verb->str, t);
}

size_t kg_dataset_created_entity_count(const kg_dataset *ds)
{
    return ds->created_entities;
}

int kg_dataset_has_sources(const kg_dataset *ds)
{
    return ds->tables[KG_FILE_SOURCES].present;
}

const char *kg_dataset_file_name(const kg_dataset *ds, kg_file_kind kind)
{
    return kind < KG_FILE_COUNT && ds->tables[kind].name ? ds->tables[kind].name : "";
}

size_t kg_dataset_column_count(const kg_dataset *ds, kg_file_kind kind)
{
    return kind < KG_FILE_COUNT ? ds->tables[kind].ncols : 0;
}

size_t kg_dataset_row_count(const kg_dataset *ds, kg_file_kind kind)
{
    return kind < KG_FILE_COUNT ? ds->tables[kind].rows : 0;
}

const char *kg_dataset_column_name(const kg_dataset *ds, kg_file_kind kind, size_t col)
{
    if (kind >= KG_FILE_COUNT || col >= ds->tables[kind].ncols)
        return NULL;
    return ds->tables[kind].headers[col];
}

const char *kg_dataset_cell(const kg_dataset *ds, kg_file_kind kind, size_t row, size_t col)
{
    if (kind >= KG_FILE_COUNT)
        return NULL;
    const kg_table *t = &ds->tables[kind];
    if (row >= t->rows || col >= t->ncols)
        return NULL;
    return t->cells[row * t->ncols + col];
}

/* ---- relation index: (source, verb pointer, target) -> relation ------------------ */

/* The index's 32-bit key of a relation: its slot is key & mask, and the entry keeps it,
 * so that growing the index moves entries without reading the relations. */
static uint32_t relation_key(size_t source, const char *verb, size_t target)
{
    return (uint32_t)kg_hash__mix((uint64_t)source * 0x9E3779B97F4A7C15ull ^
                                 (uint64_t)target * 0xC2B2AE3D27D4EB4Full ^
                                 (uint64_t)(uintptr_t)verb);
}

size_t kg_model__find_relation(const kg_dataset *ds, size_t source, const char *verb, size_t target)
{
    if (!ds->relation_index_cap)
        return KG_NONE;
    size_t mask = ds->relation_index_cap - 1;
    uint32_t key = relation_key(source, verb, target);
    for (size_t i = key & mask;; i = (i + 1) & mask) {
        uint64_t entry = ds->relation_index[i];
        uint32_t slot = (uint32_t)entry;
        if (!slot)
            return KG_NONE;
        if ((uint32_t)(entry >> 32) != key)
            continue;
        const kg_relation *r = &ds->relations[slot - 1];
        if (r->source == source && r->target == target && r->relation == verb)
            return slot - 1;
    }
}

void kg_model__prefetch_relation(const kg_dataset *ds, size_t source, const char *verb,
                                size_t target)
{
    if (ds->relation_index_cap)
        __builtin_prefetch(&ds->relation_index[relation_key(source, verb, target) &
                                                (ds->relation_index_cap - 1)]);
}

/* Puts entry (key << 32 | relation index + 1) into the first free slot from key & mask. */
static void index_put(uint64_t *index, size_t cap, uint64_t entry)
{
    size_t mask = cap - 1;
    size_t i = (size_t)(entry >> 32) & mask;
    while (index[i])
        i = (i + 1) & mask;
    index[i] = entry;
}

static int index_grow(kg_dataset *ds)
{
    size_t cap = ds->relation_index_cap ? ds->relation_index_cap * 2 : 1024;
    uint64_t *index = kg__calloc(cap, sizeof *index);
    if (!index)
        return -1;
    for (size_t i = 0; i < ds->relation_index_cap; i++)
        if (ds->relation_index[i])
            index_put(index, cap, ds->relation_index[i]);
    kg_free(ds->relation_index);
    ds->relation_index = index;
    ds->relation_index_cap = cap;
    return 0;
}

size_t kg_model__add_relation(kg_dataset *ds, size_t source, const char *verb, size_t target,
                             unsigned long line)
{
    if (ds->relation_count >= UINT32_MAX - 1)
        return KG_NONE;
    if ((ds->relation_count + 1) * 2 > ds->relation_index_cap && index_grow(ds) != 0)
        return KG_NONE;
    if (ds->relation_count == ds->relation_cap) {
        size_t cap = ds->relation_cap ? ds->relation_cap * 2 : 256;
        kg_relation *rels = kg__reallocarray(ds->relations, cap, sizeof *rels);
        if (!rels)
            return KG_NONE;
        ds->relations = rels;
        size_t *tails = kg__reallocarray(ds->last_citation, cap, sizeof *tails);
        if (!tails)
            return KG_NONE;
        ds->last_citation = tails;
        ds->relation_cap = cap;
    }
    size_t i = ds->relation_count++;
    ds->relations[i] = (kg_relation){.source = source, .target = target, .relation = verb,
                                     .polarity = KG_POLARITY_NEUTRAL,
                                     .first_citation = KG_NONE, .line = line};
    ds->last_citation[i] = KG_NONE;
    index_put(ds->relation_index, ds->relation_index_cap,
              (uint64_t)relation_key(source, verb, target) << 32 | (uint32_t)(i + 1));
    return i;
}
