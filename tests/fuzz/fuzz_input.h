/* fuzz_input.h: how a fuzzer's byte string becomes a dataset (shared by the harnesses).
 *
 * Input format: entities.csv, then relations.csv, then (optionally) sources.csv, separated
 * by the byte 0x1E (ASCII record separator, a control byte the loader rejects anyway):
 *
 *     id,label\nxi,Xi\n <RS> source,relation,target\nxi,meets,xi\n [<RS> id,title\n...]
 *
 * After a third separator comes vocabulary.csv (when that part is there the dataset has a
 * vocabulary); anything after a fourth is ignored. Without a separator the whole input is
 * entities.csv and relations.csv is empty (an error). The harnesses draw their other
 * choices (limits, modes) from a hash of the whole input, so a saved crash input replays
 * exactly. */
#ifndef KGRAPH_FUZZ_INPUT_H
#define KGRAPH_FUZZ_INPUT_H

#include <stddef.h>
#include <stdint.h>

#include "kgraph.h"

#define FUZZ_SEPARATOR 0x1E

typedef struct fuzz_input {
    const char *part[KG_FILE_COUNT]; /* borrowed from the input; never NULL */
    size_t size[KG_FILE_COUNT];
    int has_sources;
    const char *vocabulary; /* borrowed; never NULL */
    size_t vocabulary_size;
    int has_vocabulary;
    uint64_t hash; /* FNV-1a of the whole input */
} fuzz_input;

/* Nonzero in the replay driver (replay.c): the harnesses then run every check on every
 * input instead of sampling the costly ones, so a saved regression input is checked in
 * full even after the sampling changes. */
extern int fuzz_replay_all;

/* Splits data[0..size) as described above. */
void fuzz_split(fuzz_input *in, const uint8_t *data, size_t size);

/* Points opts->memory at the parts (names "entities.csv" ...; sources only when present)
 * and opts->vocabulary_memory at the vocabulary when present. */
void fuzz_memory_files(const fuzz_input *in, kg_load_options *opts);

/* A small deterministic generator seeded from the input hash: returns the next value. */
uint64_t fuzz_next(uint64_t *state);

#endif
