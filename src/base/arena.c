/* arena.c: the bump allocator of arena.h (chunks of malloc'd memory, freed all at once). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "arena.h"

#define ARENA_FIRST ((size_t)64 << 10)
#define ARENA_MAX ((size_t)1 << 20)
#define ARENA_ALIGN ((size_t)16)

_Static_assert(_Alignof(max_align_t) <= ARENA_ALIGN, "arena alignment below max_align_t");

static void *chunk_malloc(const kg_arena *a, size_t size)
{
    return a->plain ? malloc(size) : kg__malloc(size);
}

static void chunk_free(const kg_arena *a, void *p)
{
    if (a->plain)
        free(p);
    else
        kg_free(p);
}

/* size bytes (size > 0) aligned to align (a power of two, at most ARENA_ALIGN) from a. */
static void *bump(kg_arena *a, size_t size, size_t align)
{
    if (size > SIZE_MAX / 2 - sizeof(kg_arena_chunk) - ARENA_ALIGN)
        return NULL;
    kg_arena_chunk *c = a->head;
    size_t at = c ? (c->used + align - 1) & ~(align - 1) : 0;
    if (!c || at > c->size || c->size - at < size) {
        if (!a->next_size)
            a->next_size = a->chunk ? a->chunk : ARENA_FIRST;
        int own = size > a->next_size / 4; /* a big block: a chunk of its own */
        size_t cap = own ? size : a->next_size;
        c = chunk_malloc(a, sizeof *c + cap);
        if (!c)
            return NULL;
        c->used = 0;
        c->size = cap;
        if (own && a->head) {
            c->next = a->head->next;
            a->head->next = c;
        } else {
            c->next = a->head;
            a->head = c;
            if (!own && !a->chunk && a->next_size < ARENA_MAX)
                a->next_size *= 2;
        }
        at = 0;
    }
    c->used = at + size;
    return c->data + at;
}

void *kg_arena__alloc(kg_arena *a, size_t size)
{
    if (size > SIZE_MAX - ARENA_ALIGN)
        return NULL;
    return bump(a, size ? (size + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1) : ARENA_ALIGN,
                ARENA_ALIGN);
}

char *kg_arena__strndup(kg_arena *a, const char *s, size_t len)
{
    if (len == SIZE_MAX)
        return NULL;
    char *p = bump(a, len + 1, 1);
    if (p) {
        if (len)
            memcpy(p, s, len);
        p[len] = '\0';
    }
    return p;
}

void kg_arena__reset(kg_arena *a)
{
    if (!a->head)
        return;
    for (kg_arena_chunk *c = a->head->next, *next; c; c = next) {
        next = c->next;
        chunk_free(a, c);
    }
    a->head->next = NULL;
    a->head->used = 0;
}

void kg_arena__free(kg_arena *a)
{
    for (kg_arena_chunk *c = a->head, *next; c; c = next) {
        next = c->next;
        chunk_free(a, c);
    }
    a->head = NULL;
    a->next_size = 0;
}
