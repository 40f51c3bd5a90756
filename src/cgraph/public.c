/* public.c: cgraph_internal.h through cgraph's public API only (agxset, agxget, agstrdup). */
#include <stdint.h>

#include "base/base_internal.h"
#include "cgraph/cgraph_internal.h"
#include "kgraph/common.h"

const char kg_cg__variant[] = "public";

/* The store only remembers its graph: shared values are interned in the graph's own
 * string dictionary, which agclose frees. */
struct kg_cg_strings {
    Agraph_t *g;
};

int kg_cg__strings_new(kg_cg_strings **out, Agraph_t *g)
{
    *out = kg__calloc(1, sizeof **out);
    if (!*out)
        return KG_ENOMEM;
    (*out)->g = g;
    return KG_OK;
}

void kg_cg__strings_free(kg_cg_strings *strings)
{
    kg_free(strings);
}

int kg_cg__set(kg_cg_strings *strings, void *obj, Agsym_t *sym, const char *value, size_t len)
{
    (void)strings;
    (void)len;
    return agxset(obj, sym, (char *)(uintptr_t)value) == 0 ? KG_OK : KG_ENOMEM;
}

const char *kg_cg__intern(kg_cg_strings *strings, const char *value)
{
    return agstrdup(strings->g, (char *)(uintptr_t)value);
}

void kg_cg__put(void *obj, Agsym_t *sym, const char *stored)
{
    agxset(obj, sym, (char *)(uintptr_t)stored);
}

char **kg_cg__values(void *obj)
{
    (void)obj;
    return NULL;
}

int kg_cg__edge_order(size_t **order, size_t n, size_t n_nodes, kg_cg_ends_fn *ends,
                     const void *ctx)
{
    (void)order;
    (void)n;
    (void)n_nodes;
    (void)ends;
    (void)ctx;
    return KG_OK;
}
