/* alloc.c: allocation wrappers with a failure-injection hook for tests. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "kgraph/common.h"

static unsigned long fail_at;   /* allocation number that fails; 0 = never */
static unsigned long alloc_seq; /* allocations since the hook was last set */

static int should_fail(void)
{
    alloc_seq++;
    return fail_at != 0 && alloc_seq == fail_at;
}

unsigned long kg_alloc__fail_after(unsigned long n)
{
    unsigned long made = alloc_seq;
    fail_at = n;
    alloc_seq = 0;
    return made;
}

void *kg__malloc(size_t size)
{
    if (should_fail())
        return NULL;
    return malloc(size ? size : 1);
}

void *kg__calloc(size_t count, size_t size)
{
    if (should_fail())
        return NULL;
    if (count == 0 || size == 0)
        count = size = 1;
    return calloc(count, size);
}

void *kg__realloc(void *ptr, size_t size)
{
    if (should_fail())
        return NULL;
    return realloc(ptr, size ? size : 1);
}

void *kg__reallocarray(void *ptr, size_t count, size_t size)
{
    if (size != 0 && count > SIZE_MAX / size)
        return NULL;
    return kg__realloc(ptr, count * size);
}

int kg_array__grow(void *array, size_t *capacity, size_t count, size_t elem_size)
{
    if (count < *capacity)
        return 0;
    size_t cap = *capacity ? *capacity * 2 : 16;
    if (cap < *capacity)
        return -1;
    void **slot = array;
    void *grown = kg__reallocarray(*slot, cap, elem_size);
    if (!grown)
        return -1;
    *slot = grown;
    *capacity = cap;
    return 0;
}

char *kg__strndup(const char *s, size_t len)
{
    char *copy = kg__malloc(len + 1);
    if (copy) {
        memcpy(copy, s, len);
        copy[len] = '\0';
    }
    return copy;
}

char *kg__strdup(const char *s)
{
    return kg__strndup(s, strlen(s));
}

void kg_free(void *ptr)
{
    free(ptr);
}
