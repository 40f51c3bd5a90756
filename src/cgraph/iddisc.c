/* iddisc.c: cgraph ids in creation order (kg_cg__disc in cgraph_internal.h): a name table per
 * root graph. The discipline's shape follows the Graphviz version: 2.x has a memory
 * discipline (AgMemDisc) and an id `alloc` method, Graphviz 3 and later have neither. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/base_internal.h"
#include "cgraph/cgraph_internal.h"

/* Memory here is allocated as cgraph allocates its own, with malloc directly and not
 * through kg__malloc's failure injection: cgraph does not check what the discipline's open
 * returns. A NULL state (out of memory) makes every lookup fail, so graph building
 * reports that Graphviz could not create the graph or a node. */

/* The state of one root graph: names by id (names[k] has id 2(k+1)) and an open
 * addressing table from name to k+1 (0: empty slot). Names are interned in the graph's
 * own string pool (agstrdup), which agclose frees. */
typedef struct id_state {
    Agraph_t *g;
    char **names;
    size_t count, cap;
    size_t *slots;
    size_t n_slots;
    IDTYPE anonymous; /* the next odd id */
} id_state;

static void *id_open(Agraph_t *g, Agdisc_t *disc)
{
    (void)disc;
    id_state *st = calloc(1, sizeof *st);
    if (st) {
        st->g = g;
        st->anonymous = 1;
    }
    return st;
}

/* The slot of name: where it is, or the empty slot where it would go. */
static size_t *find_slot(id_state *st, const char *name)
{
    size_t mask = st->n_slots - 1;
    for (size_t i = (size_t)kg_hash__str(name) & mask;; i = (i + 1) & mask) {
        size_t k = st->slots[i];
        if (k == 0 || strcmp(st->names[k - 1], name) == 0)
            return &st->slots[i];
    }
}

/* Doubles the table (it is kept at most half full). Returns 0, or -1 out of memory. */
static int grow(id_state *st)
{
    size_t n = st->n_slots ? st->n_slots * 2 : 64;
    size_t *slots = calloc(n, sizeof *slots);
    if (!slots)
        return -1;
    free(st->slots);
    st->slots = slots;
    st->n_slots = n;
    for (size_t k = 0; k < st->count; k++)
        *find_slot(st, st->names[k]) = k + 1;
    return 0;
}

static long id_map(void *state, int objtype, char *str, IDTYPE *id, int createflag)
{
    id_state *st = state;
    (void)objtype;
    if (!st)
        return 0;
    if (!str) {
        *id = st->anonymous;
        st->anonymous += 2;
        return 1;
    }
    if (st->n_slots) {
        size_t k = *find_slot(st, str);
        if (k) {
            *id = (IDTYPE)k * 2;
            return 1;
        }
    }
    if (!createflag)
        return 0;
    if ((st->count + 1) * 2 > st->n_slots && grow(st) != 0)
        return 0;
    if (st->count == st->cap) {
        size_t cap = st->cap ? st->cap * 2 : 64;
        char **names = realloc(st->names, cap * sizeof *names);
        if (!names)
            return 0;
        st->names = names;
        st->cap = cap;
    }
    char *name = agstrdup(st->g, str);
    if (!name)
        return 0;
    st->names[st->count++] = name;
    *find_slot(st, name) = st->count;
    *id = (IDTYPE)st->count * 2;
    return 1;
}

#if KG_GRAPHVIZ_MAJOR < 3
static long id_alloc(void *state, int objtype, IDTYPE request)
{
    (void)state;
    (void)objtype;
    (void)request;
    return 0; /* ids are only handed out by id_map */
}
#endif

static void id_free(void *state, int objtype, IDTYPE id)
{
    (void)state;
    (void)objtype;
    (void)id; /* names stay until the graph is closed (a deleted node's name may return) */
}

static char *id_print(void *state, int objtype, IDTYPE id)
{
    id_state *st = state;
    (void)objtype;
    if (!st || id % 2 != 0 || id == 0 || id / 2 > st->count)
        return NULL;
    return st->names[id / 2 - 1];
}

static void id_close(void *state)
{
    id_state *st = state;
    if (!st)
        return;
    free(st->names);
    free(st->slots);
    free(st);
}

static void id_register(void *state, int objtype, void *obj)
{
    (void)state;
    (void)objtype;
    (void)obj;
}

#if KG_GRAPHVIZ_MAJOR < 3
static Agiddisc_t kg_id_disc = {id_open, id_map, id_alloc, id_free, id_print, id_close,
                                id_register};

Agdisc_t kg_cg__disc = {&AgMemDisc, &kg_id_disc, &AgIoDisc};
#else
static Agiddisc_t kg_id_disc = {id_open, id_map, id_free, id_print, id_close, id_register};

Agdisc_t kg_cg__disc = {&kg_id_disc, &AgIoDisc};
#endif
