/* hash.c: the out-of-line part of hash.h: the string hash and the printed FNV-1a. */
#include "hash.h"

uint64_t kg_hash__str(const char *s)
{
    return kg_hash__bytes(s, strlen(s), 0);
}

uint64_t kg_hash__fnv1a64(const char *s)
{
    uint64_t h = UINT64_C(14695981039346656037);
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * UINT64_C(1099511628211);
    return h;
}
