/* strpool.h: string arena with optional interning; the storage behind the model's text. */
#ifndef KGRAPH_STRPOOL_H
#define KGRAPH_STRPOOL_H

#include <stddef.h>
#include <stdint.h>

#include "base/hash.h" /* the hash the *_hashed functions take */

/* One interned string. entity and source are payload slots the caller may use (the model
 * keeps an entity and a source index there, so an id lookup is a single hash probe).
 * An atom is 32 bytes and the table is 32-byte aligned, so an atom never straddles a
 * cache line: a lookup and the payload read that follows it touch one line. */
typedef struct kg_atom {
    const char *str;
    uint32_t len;
    uint32_t entity; /* entity index + 1, 0 = none */
    uint32_t source; /* source index + 1, 0 = none */
    uint32_t hash;   /* high bits of the hash, compared before the text */
    char head[8];    /* the first bytes of str (zero-padded): strings of up to 8 bytes
                      * compare without touching str */
} kg_atom;

typedef struct kg_strpool kg_strpool;

/* Creates an empty pool; NULL on allocation failure. Free with kg_strpool__free(). */
kg_strpool *kg_strpool__new(void);
/* Frees the pool and every string it handed out. NULL does nothing. */
void kg_strpool__free(kg_strpool *pool);

/* Copies len bytes (plus a NUL) into the arena; returns the copy (owned by the pool,
 * valid until it is freed) or NULL on allocation failure. */
const char *kg_strpool__copy(kg_strpool *pool, const char *s, size_t len);

/* Returns the atom for s[0..len), creating it (and copying the text) if new; NULL on
 * allocation failure or when len exceeds UINT32_MAX. The atom is owned by the pool; its
 * address may change when the pool grows, so keep atom->str, not the atom. */
kg_atom *kg_strpool__intern(kg_strpool *pool, const char *s, size_t len);
/* Makes room for n more atoms, so that the next n interns cannot move existing atoms
 * (pointers from them stay valid). Returns 0, or -1 on allocation failure. */
int kg_strpool__reserve(kg_strpool *pool, size_t n);
/* Hints the processor to fetch the table slot where s would be: an intern or find of s
 * shortly after then finds it in the cache. Changes nothing. */
void kg_strpool__prefetch(const kg_strpool *pool, const char *s, size_t len);
/* Looks s up without creating it; NULL when absent. */
kg_atom *kg_strpool__find(const kg_strpool *pool, const char *s, size_t len);

/* kg_strpool__intern, _find and _prefetch for a caller that already has the string's hash
 * (hash must be kg_hash__bytes(s, len, 0) of base/hash.h: the csv reader's thread computes it). */
kg_atom *kg_strpool__intern_hashed(kg_strpool *pool, const char *s, size_t len, uint64_t hash);
kg_atom *kg_strpool__find_hashed(const kg_strpool *pool, const char *s, size_t len, uint64_t hash);
void kg_strpool__prefetch_hashed(const kg_strpool *pool, uint64_t hash);

#endif
