/* cgstr.c: attribute strings handed to cgraph without its string dictionary. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "cgstr.h"
#include "kgraph/common.h"

/* The header cgraph 2.42 puts before every string of its dictionary (refstr_t): a cdt
 * link (two pointers), the reference count (its top bit marks HTML-like strings), a
 * pointer to the text, then the text itself. */
typedef struct string_header {
    void *link_right;
    void *link_hash_or_left;
    unsigned long refcount;
    char *text;
} string_header;

/* The name under which cgraph binds an object's attribute record. */
static char data_record_name[] = "_AG_strdata";

#define CHUNK_SIZE ((size_t)1 << 20)

typedef struct chunk {
    struct chunk *next;
    size_t used, size;
    max_align_t data[];
} chunk;

struct kg_cgstr_arena {
    chunk *chunks;
};

/* The values array of obj's attribute record, or NULL when obj has none. */
static char **values_of(void *obj)
{
    Agattr_t *record = (Agattr_t *)aggetrec(obj, data_record_name, 0);
    return record ? record->str : NULL;
}

/* Writes a header and value into memory (sizeof(string_header) + len + 1 bytes, aligned
 * for pointers) and returns the text. */
static char *place(void *memory, const char *value, size_t len)
{
    string_header *h = memory;
    char *text = (char *)(h + 1);
    h->link_right = NULL;
    h->link_hash_or_left = NULL;
    h->refcount = 1;
    h->text = text;
    memcpy(text, value, len);
    text[len] = '\0';
    return text;
}

/* Checks, on a throwaway graph, that a value set with agxset sits in the record we find
 * and behind the header we expect, and that a value placed by us reads back unchanged
 * and is not taken for HTML. */
static int probe(void)
{
    int ok = 0;
    char graph_name[] = "kgraph-probe", attr[] = "kgraph_probe", empty[] = "";
    char node_name[] = "n", value[] = "kgraph probe value";
    Agraph_t *g = agopen(graph_name, Agdirected, NULL);
    if (!g)
        return 0;
    Agsym_t *sym = agattr(g, AGNODE, attr, empty);
    Agnode_t *n = agnode(g, node_name, 1);
    if (!sym || !n || agxset(n, sym, value) != 0)
        goto done;
    char *set = agxget(n, sym);
    char **values = values_of(n);
    if (!values || values[sym->id] != set || strcmp(set, value) != 0 || aghtmlstr(set))
        goto done;
    const string_header *h = (const string_header *)(const void *)set - 1;
    if (h->text != set || h->refcount != 1)
        goto done;
    union {
        string_header h;
        char bytes[sizeof(string_header) + sizeof value];
    } mine;
    char *placed = place(&mine, value, strlen(value));
    char *old = values[sym->id];
    values[sym->id] = placed;
    agstrfree(g, old);
    ok = agxget(n, sym) == placed && !aghtmlstr(placed);
    agxset(n, sym, empty); /* releases `placed`: a look-up that finds nothing */
    ok = ok && agxget(n, sym)[0] == '\0';
done:
    agclose(g);
    return ok;
}

int kg_cgstr_supported(void)
{
    static int state = -1;
    if (state < 0) {
        const char *mode = getenv("KGRAPH_CGRAPH_STRINGS");
        state = mode && strcmp(mode, "pool") == 0 ? 0 : probe();
    }
    return state;
}

int kg_cgstr_arena_new(kg_cgstr_arena **out)
{
    *out = kg_calloc(1, sizeof **out);
    return *out ? KG_OK : KG_ENOMEM;
}

void kg_cgstr_arena_free(kg_cgstr_arena *arena)
{
    if (!arena)
        return;
    for (chunk *c = arena->chunks, *next; c; c = next) {
        next = c->next;
        kg_free(c);
    }
    kg_free(arena);
}

/* size bytes, aligned for any object, from the arena; NULL when out of memory. */
static void *arena_alloc(kg_cgstr_arena *arena, size_t size)
{
    size = (size + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
    chunk *c = arena->chunks;
    if (!c || c->size - c->used < size) {
        size_t want = size > CHUNK_SIZE ? size : CHUNK_SIZE;
        if (want > SIZE_MAX - sizeof(chunk))
            return NULL;
        c = kg_malloc(sizeof(chunk) + want);
        if (!c)
            return NULL;
        c->size = want;
        c->used = 0;
        /* A chunk made for one big string goes second, so the current chunk's free
         * space stays in use. */
        if (size > CHUNK_SIZE && arena->chunks) {
            c->next = arena->chunks->next;
            arena->chunks->next = c;
        } else {
            c->next = arena->chunks;
            arena->chunks = c;
        }
    }
    void *p = (char *)c->data + c->used;
    c->used += size;
    return p;
}

int kg_cgstr_set(kg_cgstr_arena *arena, void *obj, Agsym_t *sym, const char *value,
                 size_t len)
{
    char **values = kg_cgstr_supported() ? values_of(obj) : NULL;
    if (!values) {
        agxset(obj, sym, (char *)(uintptr_t)value);
        return KG_OK;
    }
    if (len > SIZE_MAX - sizeof(string_header) - sizeof(max_align_t))
        return KG_ENOMEM;
    void *memory = arena_alloc(arena, sizeof(string_header) + len + 1);
    if (!memory)
        return KG_ENOMEM;
    char *old = values[sym->id];
    values[sym->id] = place(memory, value, len);
    agstrfree(agraphof(obj), old);
    return KG_OK;
}
