/* alloc.h: the one place libkgraph allocates memory, so failures can be injected in tests. */
#ifndef KGRAPH_ALLOC_H
#define KGRAPH_ALLOC_H

#include <stddef.h>

#include "kgraph/common.h"

/* malloc/calloc/realloc/free wrappers. They return NULL on failure (or on an injected
 * failure) and never abort. Memory from them is freed with kg_free(). */
void *kg__malloc(size_t size);
void *kg__calloc(size_t count, size_t size);
void *kg__realloc(void *ptr, size_t size);
/* Grows an array: returns a block for count*size bytes or NULL on overflow/failure. */
void *kg__reallocarray(void *ptr, size_t count, size_t size);
/* Makes room for one more element in a growable array: when count == *capacity, the
 * block *array is reallocated to twice the capacity (at least 16 elements) and *array and
 * *capacity are updated. Returns 0, or -1 on overflow or allocation failure (the array
 * is left as it was, still owned by the caller). */
int kg_array__grow(void *array, size_t *capacity, size_t count, size_t elem_size);
/* Copies a NUL-terminated string / the first len bytes plus a NUL. NULL on failure. */
char *kg__strdup(const char *s);
char *kg__strndup(const char *s, size_t len);

/* Test hook: the n-th allocation from now fails (1 = the next one); 0 disables.
 * Returns the number of allocations made since the last call. */
unsigned long kg_alloc__fail_after(unsigned long n);

#endif
