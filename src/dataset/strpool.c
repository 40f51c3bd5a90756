/* strpool.c: string storage (two arenas of base/arena.h) plus an open-addressing intern table. */
#include <stdint.h>
#include <string.h>

#include "base/base_internal.h"
#include "strpool.h"

#define CHUNK_SIZE (8u << 20) /* big enough for huge pages (alloc.c) */
#define ATOM_CHUNK_SIZE (1u << 20) /* interned strings: few, so smaller chunks */
#define ATOM_ALIGN 32         /* sizeof(kg_atom): an atom never straddles a cache line */

_Static_assert(sizeof(kg_atom) == ATOM_ALIGN, "kg_atom must be 32 bytes");

struct kg_strpool {
    kg_arena copies;    /* copied strings, in chunks of CHUNK_SIZE */
    kg_arena atom_text; /* interned strings (ATOM_CHUNK_SIZE), kept apart so that the few,
                         * often-read atom texts share cache lines and pages */
    kg_atom *atoms;     /* open addressing, capacity a power of two, ATOM_ALIGN-aligned */
    void *atoms_mem;    /* the block atoms lies in (what kg_free takes) */
    size_t capacity, count;
};

/* Allocates a zeroed table of capacity atoms aligned to ATOM_ALIGN (one kg__calloc, so
 * failure injection sees one allocation); *mem receives the block to kg_free. NULL on
 * failure. */
static kg_atom *new_table(size_t capacity, void **mem)
{
    char *block = kg__calloc(capacity + 1, sizeof(kg_atom));
    *mem = block;
    if (!block)
        return NULL;
    uintptr_t at = ((uintptr_t)block + ATOM_ALIGN - 1) & ~(uintptr_t)(ATOM_ALIGN - 1);
    return (kg_atom *)(void *)(block + (at - (uintptr_t)block));
}

kg_strpool *kg_strpool__new(void)
{
    kg_strpool *pool = kg__calloc(1, sizeof *pool);
    if (!pool)
        return NULL;
    pool->copies.chunk = CHUNK_SIZE;
    pool->atom_text.chunk = ATOM_CHUNK_SIZE;
    pool->capacity = 1024;
    pool->atoms = new_table(pool->capacity, &pool->atoms_mem);
    if (!pool->atoms) {
        kg_free(pool);
        return NULL;
    }
    return pool;
}

void kg_strpool__free(kg_strpool *pool)
{
    if (!pool)
        return;
    kg_arena__free(&pool->copies);
    kg_arena__free(&pool->atom_text);
    kg_free(pool->atoms_mem);
    kg_free(pool);
}

const char *kg_strpool__copy(kg_strpool *pool, const char *s, size_t len)
{
    return len ? kg_arena__strndup(&pool->copies, s, len) : "";
}

/* Nonzero when atom a holds s[0..len) (its tag and length already match): the inline
 * head first, the arena text (past the head) only when the string is longer. */
static int same_text(const kg_atom *a, const char *s, size_t len)
{
    if (len <= sizeof a->head)
        return memcmp(a->head, s, len) == 0;
    return memcmp(a->head, s, sizeof a->head) == 0 &&
           memcmp(a->str + sizeof a->head, s + sizeof a->head, len - sizeof a->head) == 0;
}

/* Returns the slot holding s (hash h) in the table, or the empty slot where it belongs.
 * The table must have an empty slot. */
static kg_atom *probe(kg_atom *atoms, size_t capacity, const char *s, size_t len, uint64_t h)
{
    size_t mask = capacity - 1;
    uint32_t tag = (uint32_t)(h >> 32);
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        kg_atom *a = &atoms[i];
        if (!a->str)
            return a;
        if (a->hash == tag && a->len == len && same_text(a, s, len))
            return a;
    }
}

/* Moves every atom to a new table of capacity slots (a power of two, more than twice the
 * count). Returns 0, or -1 on allocation failure (the pool is unchanged). */
static int grow(kg_strpool *pool, size_t capacity)
{
    void *mem;
    kg_atom *atoms = new_table(capacity, &mem);
    if (!atoms)
        return -1;
    for (size_t i = 0; i < pool->capacity; i++) {
        kg_atom *a = &pool->atoms[i];
        if (a->str) {
            uint64_t h = kg_hash__bytes(a->str, a->len, 0);
            *probe(atoms, capacity, a->str, a->len, h) = *a;
        }
    }
    kg_free(pool->atoms_mem);
    pool->atoms = atoms;
    pool->atoms_mem = mem;
    pool->capacity = capacity;
    return 0;
}

void kg_strpool__prefetch_hashed(const kg_strpool *pool, uint64_t hash)
{
    __builtin_prefetch(&pool->atoms[(size_t)hash & (pool->capacity - 1)]);
}

void kg_strpool__prefetch(const kg_strpool *pool, const char *s, size_t len)
{
    kg_strpool__prefetch_hashed(pool, kg_hash__bytes(s, len, 0));
}

kg_atom *kg_strpool__find_hashed(const kg_strpool *pool, const char *s, size_t len, uint64_t hash)
{
    kg_atom *a = probe(pool->atoms, pool->capacity, s, len, hash);
    return a->str ? a : NULL;
}

kg_atom *kg_strpool__find(const kg_strpool *pool, const char *s, size_t len)
{
    return kg_strpool__find_hashed(pool, s, len, kg_hash__bytes(s, len, 0));
}

int kg_strpool__reserve(kg_strpool *pool, size_t n)
{
    size_t capacity = pool->capacity;
    while ((pool->count + n) * 2 > capacity)
        capacity *= 2;
    return capacity == pool->capacity ? 0 : grow(pool, capacity);
}

kg_atom *kg_strpool__intern(kg_strpool *pool, const char *s, size_t len)
{
    return kg_strpool__intern_hashed(pool, s, len, kg_hash__bytes(s, len, 0));
}

kg_atom *kg_strpool__intern_hashed(kg_strpool *pool, const char *s, size_t len, uint64_t h)
{
    if (len > UINT32_MAX)
        return NULL;
    kg_atom *a = probe(pool->atoms, pool->capacity, s, len, h);
    if (a->str)
        return a;
    if ((pool->count + 1) * 2 > pool->capacity) {
        if (grow(pool, pool->capacity * 2) != 0)
            return NULL;
        a = probe(pool->atoms, pool->capacity, s, len, h);
    }
    const char *copy = len ? kg_arena__strndup(&pool->atom_text, s, len) : "";
    if (!copy)
        return NULL;
    a->str = copy;
    a->len = (uint32_t)len;
    a->hash = (uint32_t)(h >> 32);
    memcpy(a->head, s, len < sizeof a->head ? len : sizeof a->head);
    pool->count++;
    return a;
}
