/* hash.h: the one hash of libkgraph, for every table of every module (strings, ids, rows). */
#ifndef KGRAPH_HASH_H
#define KGRAPH_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* kg_hash__bytes and kg_hash__bytes_padded: the 8-byte words of p[0..len), then the last
 * len % 8 bytes as one little-endian word, zero-padded; read byte by byte, or (padded)
 * as one word whose bytes past the end are known to be zero. Inline: the CSV reader and
 * the loader call it once per field. */
static inline uint64_t kg_hash__words(const unsigned char *p, size_t len, uint64_t seed,
                                      int padded)
{
    uint64_t h = seed ^ (len * 0x9E3779B97F4A7C15ull);
    for (; len >= 8; p += 8, len -= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
        w = __builtin_bswap64(w);
#endif
        h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
        h ^= h >> 31;
    }
    uint64_t tail = 0;
    if (padded) {
        memcpy(&tail, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
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

/* A fast 64-bit hash of data[0..len) chained from seed (hash a second field with the
 * first one's hash as seed). The same value on every platform. Not for security: every
 * table that uses it compares the text on a match and is resized as it fills. */
static inline uint64_t kg_hash__bytes(const void *data, size_t len, uint64_t seed)
{
    return kg_hash__words(data, len, seed, 0);
}

/* kg_hash__bytes for data followed by at least 8 zero bytes (data[len..len+8) readable and
 * zero): the same value, without a byte-by-byte tail. */
static inline uint64_t kg_hash__bytes_padded(const void *data, size_t len, uint64_t seed)
{
    return kg_hash__words(data, len, seed, 1);
}

/* Mixes the bits of h (a key made of indexes, pointers or earlier hashes) so that its
 * low bits depend on all of them: the finaliser of kg_hash__bytes's tables for such keys. */
static inline uint64_t kg_hash__mix(uint64_t h)
{
    h ^= h >> 32;
    h *= 0xD6E8FEB86659FD93ull;
    h ^= h >> 32;
    h *= 0xD6E8FEB86659FD93ull;
    h ^= h >> 32;
    return h;
}

/* kg_hash__bytes(s, strlen(s), 0) for a NUL-terminated s. */
uint64_t kg_hash__str(const char *s);

/* 64-bit FNV-1a of the NUL-terminated s. Not for tables (kg_hash__bytes is faster): its
 * values are printed (the report's cut-name suffixes, report.c), so it is part of the
 * output format and must never change. */
uint64_t kg_hash__fnv1a64(const char *s);

#endif
