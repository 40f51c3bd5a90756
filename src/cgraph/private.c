/* private.c: cgraph_internal.h for Graphviz 2.x and 14: values placed outside cgraph's string
 * dictionary, read straight from the attribute record; on 2.x, edges created in blocks.
 *
 * Why: cgraph keeps every attribute value in a reference-counted string dictionary (a
 * splay tree in 2.42, a hash table in 14). Values that are unique to one object (ids,
 * tooltips, labels) make it grow to millions of entries; at 1M edges setting them with
 * agxset takes longer than creating the edges. Such values are stored in a kgraph arena
 * instead, laid out as cgraph lays out its own strings (a header with a reference count of
 * one, not HTML), and put straight into the object's attribute record. cgraph reads them
 * like any other value; when it later releases one (agxset, agclose) it looks the string up
 * in its dictionary, does not find it there (or finds another copy of the same text), and
 * leaves it alone. The arena must therefore outlive the graph.
 *
 * probe() checks once per process, on a throwaway graph, that the Graphviz in use has
 * exactly that layout; where it does not, values are set with agxset (as in public.c) and
 * the output is the same. */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/base_internal.h"
#include "cgraph/cgraph_internal.h"
#include "kgraph/common.h"

#if KG_GRAPHVIZ_MAJOR < 3
const char kg_cg__variant[] = "private-2.42";

/* The header cgraph 2.42 puts before every string of its dictionary (refstr_t): a cdt
 * link (two pointers), the reference count (its top bit marks HTML-like strings), a
 * pointer to the text, then the text itself. */
typedef struct string_header {
    void *link_right;
    void *link_hash_or_left;
    unsigned long refcount;
    char *text;
} string_header;

/* Fills h as cgraph's own header of text with one reference, not HTML. */
static void header_init(string_header *h, char *text)
{
    h->link_right = NULL;
    h->link_hash_or_left = NULL;
    h->refcount = 1;
    h->text = text;
}

/* Whether h is what header_init makes for text. */
static int header_is_plain_single(const string_header *h, const char *text)
{
    return h->text == text && h->refcount == 1;
}
#else
const char kg_cg__variant[] = "private-14";

/* The header cgraph 14 puts before every string of its dictionary (refstr_t): one 64-bit
 * word holding a 63-bit reference count (low bits) and the HTML flag (top bit), then the
 * text itself. */
typedef struct string_header {
    uint64_t refcount_and_html;
} string_header;

static void header_init(string_header *h, char *text)
{
    (void)text;
    h->refcount_and_html = 1; /* one reference, not HTML */
}

static int header_is_plain_single(const string_header *h, const char *text)
{
    (void)text;
    return h->refcount_and_html == 1;
}
#endif

/* The name under which cgraph binds an object's attribute record. */
static char data_record_name[] = "_AG_strdata";

/* Below glibc's smallest mmap threshold (128 KiB), so chunks come from the main heap,
 * the cheapest place to grow. */
#define CHUNK_SIZE ((size_t)120 << 10)

struct kg_cg_strings {
    kg_arena mem; /* the values, each behind its string header */
    /* kg_cg__intern's table: open addressing, a power of two slots, half full at most */
    const char **slots;
    size_t slot_count, used;
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
    header_init(h, text);
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
    if (!header_is_plain_single(h, set))
        goto done;
    union {
        string_header h;
        char bytes[sizeof(string_header) + sizeof value];
    } mine;
    char *placed = place(&mine, value, strlen(value));
    char *old = values[sym->id];
    values[sym->id] = placed;
#if KG_GRAPHVIZ_MAJOR < 3
    agstrfree(g, old);
#else
    agstrfree(g, old, false);
#endif
    ok = agxget(n, sym) == placed && !aghtmlstr(placed);
    agxset(n, sym, empty); /* releases `placed`: a look-up that finds nothing */
    ok = ok && agxget(n, sym)[0] == '\0';
done:
    agclose(g);
    return ok;
}

static int layout_ok;
static pthread_once_t layout_once = PTHREAD_ONCE_INIT;

static void run_probe(void)
{
    layout_ok = probe();
}

/* Nonzero when values can be placed directly: the probe's answer, found once per process
 * (a fact about the Graphviz library loaded, not a setting). */
static int supported(void)
{
    pthread_once(&layout_once, run_probe);
    return layout_ok;
}

int kg_cg__strings_new(kg_cg_strings **out, Agraph_t *g)
{
    (void)g;
    (void)supported(); /* the probe's throwaway graph comes before the caller's objects */
    *out = kg__calloc(1, sizeof **out);
    if (!*out)
        return KG_ENOMEM;
    (*out)->mem.chunk = CHUNK_SIZE;
    return KG_OK;
}

void kg_cg__strings_free(kg_cg_strings *arena)
{
    if (!arena)
        return;
    kg_arena__free(&arena->mem);
    kg_free(arena->slots);
    kg_free(arena);
}

/* A copy of value (len bytes) behind a string header, in the arena; NULL when out of
 * memory. */
static char *store(kg_cg_strings *arena, const char *value, size_t len)
{
    if (len > SIZE_MAX - sizeof(string_header) - sizeof(max_align_t))
        return NULL;
    void *memory = kg_arena__alloc(&arena->mem, sizeof(string_header) + len + 1);
    return memory ? place(memory, value, len) : NULL;
}

int kg_cg__set(kg_cg_strings *arena, void *obj, Agsym_t *sym, const char *value, size_t len)
{
    char **values = kg_cg__values(obj);
    if (!values) {
        agxset(obj, sym, (char *)(uintptr_t)value);
        return KG_OK;
    }
    char *copy = store(arena, value, len);
    if (!copy)
        return KG_ENOMEM;
    values[sym->id] = copy;
    return KG_OK;
}

/* Doubles the intern table. Returns KG_OK or KG_ENOMEM (table unchanged). */
static int grow_slots(kg_cg_strings *arena)
{
    size_t count = arena->slot_count ? arena->slot_count * 2 : 256;
    const char **slots = kg__calloc(count, sizeof *slots);
    if (!slots)
        return KG_ENOMEM;
    for (size_t i = 0; i < arena->slot_count; i++) {
        const char *s = arena->slots[i];
        if (!s)
            continue;
        size_t h = (size_t)kg_hash__str(s) & (count - 1);
        while (slots[h])
            h = (h + 1) & (count - 1);
        slots[h] = s;
    }
    kg_free(arena->slots);
    arena->slots = slots;
    arena->slot_count = count;
    return KG_OK;
}

const char *kg_cg__intern(kg_cg_strings *arena, const char *value)
{
    if ((arena->used + 1) * 2 > arena->slot_count && grow_slots(arena) != KG_OK)
        return NULL;
    size_t mask = arena->slot_count - 1, h = (size_t)kg_hash__str(value) & mask;
    for (; arena->slots[h]; h = (h + 1) & mask)
        if (strcmp(arena->slots[h], value) == 0)
            return arena->slots[h];
    char *copy = store(arena, value, strlen(value));
    if (!copy)
        return NULL;
    arena->slots[h] = copy;
    arena->used++;
    return copy;
}

void kg_cg__put(void *obj, Agsym_t *sym, const char *stored)
{
    char **values = kg_cg__values(obj);
    if (values)
        values[sym->id] = (char *)(uintptr_t)stored;
    else
        agxset(obj, sym, (char *)(uintptr_t)stored);
}

char **kg_cg__values(void *obj)
{
    return supported() ? values_of(obj) : NULL;
}

/* Entities per block side in kg_cg__edge_order: 1024 nodes' worth of cgraph structures stay
 * in the processor's caches; at most 256 blocks a side bound the counters to 64K. */
#define EDGE_BLOCK_MIN 1024u
#define EDGE_BLOCKS_MAX 256u

int kg_cg__edge_order(size_t **order, size_t n, size_t n_nodes, kg_cg_ends_fn *ends,
                     const void *ctx)
{
#if KG_GRAPHVIZ_MAJOR >= 3
    /* Graphviz 14 finds a graph's nodes in a hash table: any order is as fast. */
    (void)order, (void)n, (void)n_nodes, (void)ends, (void)ctx;
    return KG_OK;
#else
    size_t side = n_nodes / EDGE_BLOCKS_MAX + 1;
    if (side < EDGE_BLOCK_MIN)
        side = EDGE_BLOCK_MIN;
    size_t blocks = n_nodes / side + 1;
    if (blocks == 1)
        return KG_OK; /* one block: the order stays */
    size_t *count = kg__calloc(blocks * blocks + 1, sizeof *count);
    size_t *blocked = kg__malloc((n ? n : 1) * sizeof *blocked);
    if (!count || !blocked) {
        kg_free(count);
        kg_free(blocked);
        return KG_ENOMEM;
    }
    const size_t *in = *order;
    size_t tail, head;
    for (size_t k = 0; k < n; k++) {
        ends(ctx, in[k], &tail, &head);
        count[(tail / side) * blocks + head / side + 1]++;
    }
    for (size_t k = 0; k < blocks * blocks; k++)
        count[k + 1] += count[k];
    for (size_t k = 0; k < n; k++) {
        ends(ctx, in[k], &tail, &head);
        blocked[count[(tail / side) * blocks + head / side]++] = in[k];
    }
    kg_free(count);
    kg_free(*order);
    *order = blocked;
    return KG_OK;
#endif
}
