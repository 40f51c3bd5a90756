/* strpool.c: a chunked string arena plus an open-addressing intern table. */
#include <stdint.h>
#include <string.h>

#include "base/base_internal.h"
#include "strpool.h"

#define CHUNK_SIZE (8u << 20) /* big enough for huge pages (alloc.c) */
#define ATOM_CHUNK_SIZE (1u << 20) /* interned strings: few, so smaller chunks */
#define ATOM_ALIGN 32         /* sizeof(kg_atom): an atom never straddles a cache line */

_Static_assert(sizeof(kg_atom) == ATOM_ALIGN, "kg_atom must be 32 bytes");

typedef struct chunk {
    struct chunk *next;
    size_t used, size;
    char data[];
} chunk;

struct kg_strpool {
    chunk *chunks;      /* newest first: copied strings */
    chunk *atom_chunks; /* the same for interned strings, kept apart so that the few,
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

/* kg_hash__bytes and kg_hash__bytes_padded: the 8-byte words of p[0..len), then the last
 * len % 8 bytes as one little-endian word, zero-padded; read byte by byte, or (padded)
 * as one word whose bytes past the end are known to be zero. */
static inline uint64_t hash_bytes(const unsigned char *p, size_t len, uint64_t seed, int padded)
{
    uint64_t h = seed ^ (len * 0x9E3779B97F4A7C15ull);
    for (; len >= 8; p += 8, len -= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
        h ^= h >> 31;
    }
    uint64_t tail = 0;
    if (padded) {
        memcpy(&tail, p, 8);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
        tail = __builtin_bswap64(tail);
#endif
    } else {
        for (size_t i = 0; i < len; i++)
            tail |= (uint64_t)p[i] << (8 * i);
    }
    h = (h ^ tail) * 0x94D049BB133111EBull;
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9ull;
    h ^= h >> 32;
    return h;
}

uint64_t kg_hash__bytes(const void *data, size_t len, uint64_t seed)
{
    return hash_bytes(data, len, seed, 0);
}

uint64_t kg_hash__bytes_padded(const void *data, size_t len, uint64_t seed)
{
    return hash_bytes(data, len, seed, 1);
}

kg_strpool *kg_strpool__new(void)
{
    kg_strpool *pool = kg__calloc(1, sizeof *pool);
    if (!pool)
        return NULL;
    pool->capacity = 1024;
    pool->atoms = new_table(pool->capacity, &pool->atoms_mem);
    if (!pool->atoms) {
        kg_free(pool);
        return NULL;
    }
    return pool;
}

/* Frees a list of chunks. */
static void free_chunks(chunk *c)
{
    while (c) {
        chunk *next = c->next;
        kg_free(c);
        c = next;
    }
}

void kg_strpool__free(kg_strpool *pool)
{
    if (!pool)
        return;
    free_chunks(pool->chunks);
    free_chunks(pool->atom_chunks);
    kg_free(pool->atoms_mem);
    kg_free(pool);
}

/* Copies s[0..len) plus a NUL into the arena *list (chunks of chunk_size bytes, newest
 * first; a string over a quarter of that gets a chunk of its own). Returns the copy, or
 * NULL on allocation failure. len > 0. */
static const char *arena_copy(chunk **list, size_t chunk_size, const char *s, size_t len)
{
    chunk *c = *list;
    if (!c || c->size - c->used < len + 1) {
        size_t size = len + 1 > chunk_size / 4 ? len + 1 : chunk_size;
        chunk *fresh = kg__malloc(sizeof *fresh + size);
        if (!fresh)
            return NULL;
        fresh->used = 0;
        fresh->size = size;
        if (c && size != chunk_size) {
            /* a big string gets its own chunk behind the current one */
            fresh->next = c->next;
            c->next = fresh;
        } else {
            fresh->next = c;
            *list = fresh;
        }
        c = fresh;
    }
    char *dst = c->data + c->used;
    memcpy(dst, s, len);
    dst[len] = '\0';
    c->used += len + 1;
    return dst;
}

const char *kg_strpool__copy(kg_strpool *pool, const char *s, size_t len)
{
    return len ? arena_copy(&pool->chunks, CHUNK_SIZE, s, len) : "";
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
    const char *copy = len ? arena_copy(&pool->atom_chunks, ATOM_CHUNK_SIZE, s, len) : "";
    if (!copy)
        return NULL;
    a->str = copy;
    a->len = (uint32_t)len;
    a->hash = (uint32_t)(h >> 32);
    memcpy(a->head, s, len < sizeof a->head ? len : sizeof a->head);
    pool->count++;
    return a;
}
