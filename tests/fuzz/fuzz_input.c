/* fuzz_input.c: splitting a fuzzer's byte string into the CSV files of a dataset. */
#include "fuzz_input.h"

#include <string.h>

int fuzz_replay_all;

void fuzz_split(fuzz_input *in, const uint8_t *data, size_t size)
{
    static const char empty[1];
    memset(in, 0, sizeof *in);
    for (int k = 0; k < KG_FILE_COUNT; k++)
        in->part[k] = empty;
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < size; i++)
        h = (h ^ data[i]) * 1099511628211ull;
    in->hash = h;
    in->vocabulary = empty;
    const uint8_t *p = data, *end = data + size;
    for (int k = 0; k <= KG_FILE_COUNT; k++) {
        const uint8_t *sep = p < end ? memchr(p, FUZZ_SEPARATOR, (size_t)(end - p)) : NULL;
        const uint8_t *stop = sep ? sep : end;
        if (k == KG_FILE_COUNT) { /* the vocabulary */
            in->vocabulary = (const char *)p;
            in->vocabulary_size = (size_t)(stop - p);
            in->has_vocabulary = 1;
            break;
        }
        in->part[k] = (const char *)p;
        in->size[k] = (size_t)(stop - p);
        if (k == KG_FILE_SOURCES)
            in->has_sources = 1;
        if (!sep) {
            break;
        }
        p = sep + 1;
    }
}

void fuzz_memory_files(const fuzz_input *in, kg_load_options *opts)
{
    static const char *const names[] = {"entities.csv", "relations.csv", "sources.csv"};
    for (int k = 0; k < KG_FILE_COUNT; k++) {
        if (k == KG_FILE_SOURCES && !in->has_sources)
            break;
        opts->memory[k] = (kg_memory_file){names[k], in->part[k], in->size[k]};
    }
    if (in->has_vocabulary)
        opts->vocabulary_memory = (kg_memory_file){"vocabulary.csv", in->vocabulary,
                                                   in->vocabulary_size};
}

uint64_t fuzz_next(uint64_t *state)
{
    /* splitmix64 */
    uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}
