/* arena.h: the one bump allocator of libkgraph: many small blocks, freed all at once. */
#ifndef KGRAPH_ARENA_H
#define KGRAPH_ARENA_H

#include <stddef.h>

/* One chunk: size bytes of data, the first used of them handed out. */
typedef struct kg_arena_chunk {
    struct kg_arena_chunk *next;
    size_t used, size;
    _Alignas(16) unsigned char data[];
} kg_arena_chunk;

/* An arena. Zero-initialise it ({0}) for one that allocates with kg__malloc; set plain
 * to 1 before the first allocation for one that calls malloc directly, for use off the
 * calling thread (kg__malloc's failure injection is not thread-safe). Chunks start at
 * 64 KiB and double up to 1 MiB, so small inputs stay small; a request bigger than a
 * quarter of the current chunk size gets a chunk of its own, kept behind the current one
 * so that the current one's free space stays in use. Not thread-safe: one arena per
 * thread. Everything it hands out is freed by kg_arena__free (or kg_arena__reset). */
typedef struct kg_arena {
    kg_arena_chunk *head; /* the chunk allocations come from; NULL before the first */
    size_t next_size;     /* the size of the next regular chunk; 0 before the first */
    int plain;            /* 1: malloc/free instead of kg__malloc/kg_free */
    size_t chunk;         /* set before the first allocation: every regular chunk this
                           * size (a caller keeping below malloc's mmap threshold);
                           * 0: 64 KiB doubling to 1 MiB */
} kg_arena;

/* Returns size bytes (size 0 counts as 1), aligned to 16 bytes (enough for any object of
 * the library), owned by the arena; NULL out of memory or when size cannot be rounded. */
void *kg_arena__alloc(kg_arena *a, size_t size);
/* Copies s[0..len) plus a NUL into the arena, packed after the previous string (no
 * alignment); NULL out of memory. */
char *kg_arena__strndup(kg_arena *a, const char *s, size_t len);
/* Empties the arena: everything it handed out is gone, its current chunk is kept for
 * reuse and the others are freed. */
void kg_arena__reset(kg_arena *a);
/* Frees every chunk; the arena is empty and may be used again (plain and chunk are kept). */
void kg_arena__free(kg_arena *a);

#endif
