/* dotwrite.c: writes a cgraph graph as DOT source in one pass over its objects.
 *
 * The output is built in 1 MiB buffers and handed to the stream in whole chunks. Every
 * object is visited once, in cgraph's iteration order: the root's nodes, the edges of no
 * subgraph, then each subgraph block depth first with its members and edges, so the bytes
 * depend only on the graph. Objects already written are marked with their attribute-written flag.
 *
 * Big outputs are written by a second thread: while it hands one buffer to the kernel
 * (on a 445 MB file the copy into the page cache is a tenth of the whole render), this
 * thread fills the next. The bytes and their order are the same either way.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/base_internal.h"
#include "cgraph/cgraph_internal.h"
#include "dotwrite.h"
#include "kgraph/common.h"

#define CHUNK (1u << 20)
/* Buffers in flight between the formatting thread and the writing thread. */
#define NBUF 4u
/* Graphs with fewer edges write a few MB at most: no thread (kg_dot__write_threaded overrides). */
#define ASYNC_MIN_EDGES 20000

/* The writing thread and the queue of filled buffers it writes in order: buffers
 * [head, tail) (indices modulo NBUF) are filled and waiting; the rest are free. */
typedef struct async_out {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t cond; /* signalled when head, tail or done change */
    FILE *out;
    char *bufs[NBUF];
    size_t lens[NBUF];
    unsigned head, tail;
    int done;   /* no more buffers will come */
    int failed; /* a write failed; later buffers are dropped */
} async_out;

typedef struct writer {
    FILE *out;
    async_out *async; /* NULL: buf goes to out directly */
    char *buf;
    size_t len;
    int failed; /* a write to out failed */
    unsigned long flushes; /* buffers handed on so far: tells whether buf moved */
    /* Each node's id as written (quoted as needed), by AGSEQ: text[start[seq]..+size[seq]);
     * size UINT32_MAX when not cached. Edges then copy their ends' ids. */
    char *id_text;
    size_t id_len, id_cap;
    uint32_t *id_start, *id_size;
    size_t id_slots;
    /* The root's attribute symbols of each kind, in dictionary order. */
    Agsym_t **syms[3];
    size_t nsyms[3];
} writer;

enum { KIND_GRAPH = 0, KIND_NODE = 1, KIND_EDGE = 2 };
static const int agkinds[3] = {AGRAPH, AGNODE, AGEDGE};

/* The writing thread: writes each filled buffer in order until told it is done. */
static void *async_run(void *arg)
{
    async_out *a = arg;
    pthread_mutex_lock(&a->lock);
    for (;;) {
        while (a->head == a->tail && !a->done)
            pthread_cond_wait(&a->cond, &a->lock);
        if (a->head == a->tail)
            break;
        unsigned i = a->head % NBUF;
        int skip = a->failed;
        pthread_mutex_unlock(&a->lock);
        int bad = !skip && fwrite(a->bufs[i], 1, a->lens[i], a->out) != a->lens[i];
        pthread_mutex_lock(&a->lock);
        if (bad)
            a->failed = 1;
        a->head++;
        pthread_cond_broadcast(&a->cond);
    }
    pthread_mutex_unlock(&a->lock);
    return NULL;
}

/* Starts the writing thread for w, which then writes through it; on any failure w stays
 * synchronous (the same bytes, only slower). */
static void async_start(writer *w)
{
    async_out *a = kg__calloc(1, sizeof *a);
    if (!a)
        return;
    a->out = w->out;
    a->bufs[0] = w->buf;
    for (unsigned i = 1; i < NBUF; i++)
        if (!(a->bufs[i] = kg__malloc(CHUNK)))
            goto fail;
    if (pthread_mutex_init(&a->lock, NULL) != 0)
        goto fail;
    if (pthread_cond_init(&a->cond, NULL) != 0) {
        pthread_mutex_destroy(&a->lock);
        goto fail;
    }
    if (pthread_create(&a->thread, NULL, async_run, a) != 0) {
        pthread_cond_destroy(&a->cond);
        pthread_mutex_destroy(&a->lock);
        goto fail;
    }
    w->async = a;
    return;
fail:
    for (unsigned i = 1; i < NBUF; i++)
        kg_free(a->bufs[i]);
    kg_free(a);
}

/* Waits for the writing thread to write everything queued, stops it and frees its
 * buffers; w->buf is freed too. Sets w->failed when a write failed. */
static void async_finish(writer *w)
{
    async_out *a = w->async;
    pthread_mutex_lock(&a->lock);
    a->done = 1;
    pthread_cond_broadcast(&a->cond);
    pthread_mutex_unlock(&a->lock);
    pthread_join(a->thread, NULL);
    if (a->failed)
        w->failed = 1;
    pthread_cond_destroy(&a->cond);
    pthread_mutex_destroy(&a->lock);
    for (unsigned i = 0; i < NBUF; i++)
        kg_free(a->bufs[i]);
    kg_free(a);
    w->async = NULL;
    w->buf = NULL;
}

/* Whether to write root's DOT through the writing thread: as `threaded` says when it is 0
 * (never) or 1 (always), else for ASYNC_MIN_EDGES edges or more. */
static int async_wanted(Agraph_t *root, int threaded)
{
    if (threaded == 0 || threaded == 1)
        return threaded;
    return kg_cg__edges_at_least(root, ASYNC_MIN_EDGES);
}

/* Hands the buffered bytes to the stream, or queues them for the writing thread and
 * continues in a free buffer. */
static void flush(writer *w)
{
    if (!w->len)
        return;
    w->flushes++;
    async_out *a = w->async;
    if (!a) {
        if (!w->failed && fwrite(w->buf, 1, w->len, w->out) != w->len)
            w->failed = 1;
        w->len = 0;
        return;
    }
    pthread_mutex_lock(&a->lock);
    a->lens[a->tail % NBUF] = w->len;
    a->tail++;
    pthread_cond_broadcast(&a->cond);
    while (a->tail - a->head == NBUF)
        pthread_cond_wait(&a->cond, &a->lock);
    w->buf = a->bufs[a->tail % NBUF];
    if (a->failed)
        w->failed = 1;
    pthread_mutex_unlock(&a->lock);
    w->len = 0;
}

static void put(writer *w, const char *s, size_t n)
{
    while (n) {
        if (w->len == CHUNK)
            flush(w);
        size_t room = CHUNK - w->len, k = n < room ? n : room;
        memcpy(w->buf + w->len, s, k);
        w->len += k;
        s += k;
        n -= k;
    }
}

static void puts_(writer *w, const char *s)
{
    put(w, s, strlen(s));
}

static void indent(writer *w, int depth)
{
    while (depth-- > 0)
        put(w, "\t", 1);
}

/* ---- quoting ---------------------------------------------------------------------- */

static int is_letter(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c >= 0x80;
}

static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/* Nonzero when s can be written without quotes: a DOT name that is not a keyword, or a
 * DOT numeral ("-1", "0.5", ".5", "2."). */
static int is_bare(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    if (is_letter(*p)) {
        while (is_letter(*p) || is_digit(*p))
            p++;
        if (*p)
            return 0;
        size_t len = (size_t)(p - (const unsigned char *)s);
        if (len < 4 || len > 8 || !strchr("nNeEgGdDsS", s[0]))
            return 1; /* cannot be a keyword */
        static const char *const keywords[] = {"node", "edge", "graph", "digraph", "subgraph",
                                               "strict"};
        for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++)
            if (strcasecmp(s, keywords[i]) == 0)
                return 0;
        return 1;
    }
    if (*p == '-')
        p++;
    int digits = 0;
    while (is_digit(*p))
        p++, digits++;
    if (*p == '.') {
        p++;
        while (is_digit(*p))
            p++, digits++;
    }
    return digits > 0 && *p == '\0';
}

/* Writes s as a DOT ID: bare when possible, <...> for an HTML-like string made by
 * Graphviz, else quoted with '"' escaped. */
static void put_id(writer *w, const char *s, int may_be_html)
{
    if (!s || !*s) {
        put(w, "\"\"", 2);
        return;
    }
    if (may_be_html && aghtmlstr((char *)(uintptr_t)s)) {
        put(w, "<", 1);
        puts_(w, s);
        put(w, ">", 1);
        return;
    }
    if (is_bare(s)) {
        puts_(w, s);
        return;
    }
    /* the same bytes as escaping quote by quote, in runs found by strcspn (vectorised in
     * libc): tooltips and labels are long and rarely hold a quote */
    put(w, "\"", 1);
    const char *p = s;
    for (;;) {
        size_t n = strcspn(p, "\"");
        put(w, p, n);
        p += n;
        if (!*p)
            break;
        put(w, "\\\"", 2);
        p++;
    }
    size_t backslashes = 0;
    while (p - backslashes > s && p[-1 - (ptrdiff_t)backslashes] == '\\')
        backslashes++;
    if (backslashes % 2) /* a final lone backslash would escape the closing quote */
        put(w, "\\", 1);
    put(w, "\"", 1);
}

/* ---- attributes ------------------------------------------------------------------- */

/* The default of the i-th symbol of kind in graph g (inherited through subgraphs). */
static const char *default_in(writer *w, Agraph_t *g, int kind, size_t i)
{
    Agsym_t *sym = w->syms[kind][i];
    if (g == agroot(g))
        return sym->defval;
    Agsym_t *local = agattr(g, agkinds[kind], sym->name, NULL);
    return local ? local->defval : sym->defval;
}

static int same(const char *a, const char *b)
{
    return a == b || strcmp(a ? a : "", b ? b : "") == 0;
}

/* Starts or continues an attribute list. */
static void attr_sep(writer *w, int *count)
{
    put(w, *count ? ", " : " [", 2);
    (*count)++;
}

static void put_attr(writer *w, int *count, const char *name, const char *value)
{
    attr_sep(w, count);
    put_id(w, name, 0);
    put(w, "=", 1);
    put_id(w, value, 1);
}

/* Writes "node [...]" / "edge [...]" / "graph [...]" for block g: at the root every
 * non-empty default (graph: value), in a subgraph the ones that differ from parent's. */
static void write_defaults(writer *w, Agraph_t *g, Agraph_t *parent, int depth)
{
    static const char *const words[3] = {"graph", "node", "edge"};
    for (int kind = 0; kind < 3; kind++) {
        int count = 0;
        for (size_t i = 0; i < w->nsyms[kind]; i++) {
            Agsym_t *sym = w->syms[kind][i];
            const char *mine, *theirs;
            if (kind == KIND_GRAPH) {
                mine = agxget(g, sym);
                theirs = parent ? agxget(parent, sym) : "";
            } else {
                mine = default_in(w, g, kind, i);
                theirs = parent ? default_in(w, parent, kind, i) : "";
            }
            if (same(mine, theirs))
                continue;
            if (count == 0) {
                indent(w, depth);
                puts_(w, words[kind]);
            }
            put_attr(w, &count, sym->name, mine);
        }
        if (count)
            put(w, "];\n", 3);
    }
}

/* Writes obj's attributes (of kind) that differ from the defaults in defs. */
static void write_object_attrs(writer *w, void *obj, int kind, const char *const *defs,
                               int *count)
{
    /* The object's values in one look-up where cgraph_internal.h allows, not one a value. */
    char **values = kg_cg__values(obj);
    for (size_t i = 0; i < w->nsyms[kind]; i++) {
        Agsym_t *sym = w->syms[kind][i];
        const char *v = values ? values[sym->id] : agxget(obj, sym);
        if (!same(v, defs[i]))
            put_attr(w, count, w->syms[kind][i]->name, v);
    }
}

/* ---- blocks ----------------------------------------------------------------------- */

/* The defaults of block g for every symbol of kind, into a new array (kg_free). */
static const char **block_defaults(writer *w, Agraph_t *g, int kind)
{
    const char **defs = kg__calloc(w->nsyms[kind] ? w->nsyms[kind] : 1, sizeof(char *));
    if (defs)
        for (size_t i = 0; i < w->nsyms[kind]; i++)
            defs[i] = default_in(w, g, kind, i);
    return defs;
}

/* Writes node n's id, from the cache when it holds it. */
static void put_node_id(writer *w, Agnode_t *n)
{
    size_t seq = (size_t)AGSEQ(n);
    if (seq < w->id_slots && w->id_size[seq] != UINT32_MAX)
        put(w, w->id_text + w->id_start[seq], w->id_size[seq]);
    else
        put_id(w, agnameof(n), 1);
}

/* Sizes the id cache for root's nodes (all slots empty). Without memory there is no cache:
 * ids are then written from the names each time, as before. */
static void id_cache_init(writer *w, Agraph_t *root)
{
    size_t slots = 0;
    for (Agnode_t *n = agfstnode(root); n; n = agnxtnode(root, n))
        if ((size_t)AGSEQ(n) + 1 > slots)
            slots = (size_t)AGSEQ(n) + 1;
    w->id_start = kg__malloc((slots ? slots : 1) * sizeof *w->id_start);
    w->id_size = kg__malloc((slots ? slots : 1) * sizeof *w->id_size);
    if (!w->id_start || !w->id_size)
        return;
    memset(w->id_size, 0xff, slots * sizeof *w->id_size);
    w->id_slots = slots;
}

/* Writes node n's id and keeps a copy of the bytes in the cache (when they did not span a
 * buffer hand-over and memory allows). */
static void put_and_cache_node_id(writer *w, Agnode_t *n)
{
    size_t before = w->len;
    unsigned long flushes = w->flushes;
    put_id(w, agnameof(n), 1);
    size_t seq = (size_t)AGSEQ(n), size = w->len - before;
    if (seq >= w->id_slots || w->flushes != flushes || size >= UINT32_MAX ||
        w->id_len + size > UINT32_MAX)
        return;
    if (w->id_len + size > w->id_cap) {
        size_t cap = w->id_cap ? w->id_cap * 2 : 65536;
        while (cap < w->id_len + size)
            cap *= 2;
        char *text = kg__realloc(w->id_text, cap);
        if (!text)
            return;
        w->id_text = text;
        w->id_cap = cap;
    }
    memcpy(w->id_text + w->id_len, w->buf + before, size);
    w->id_start[seq] = (uint32_t)w->id_len;
    w->id_size[seq] = (uint32_t)size;
    w->id_len += size;
}

static void write_edge(writer *w, Agedge_t *e, const char *op, const char *const *defs,
                       int depth)
{
    indent(w, depth);
    put_node_id(w, agtail(e));
    puts_(w, op);
    put_node_id(w, aghead(e));
    int count = 0;
    const char *key = agnameof(e);
    if (key && key[0])
        put_attr(w, &count, "key", key);
    write_object_attrs(w, e, KIND_EDGE, defs, &count);
    if (count)
        put(w, "]", 1);
    put(w, ";\n", 2);
}

/* Writes subgraph g of parent: its attribute values and defaults, its subgraphs, a
 * mention of each member node (nodes are all declared at the root) and the member edges
 * still marked (those of no deeper subgraph), clearing their marks. */
static int write_subgraph(writer *w, Agraph_t *g, Agraph_t *parent, int depth)
{
    const char *name = agnameof(g);
    indent(w, depth - 1);
    puts_(w, "subgraph ");
    if (name && name[0] && name[0] != '%') { /* '%': an anonymous subgraph */
        put_id(w, name, 1);
        put(w, " ", 1);
    }
    put(w, "{\n", 2);
    write_defaults(w, g, parent, depth);
    for (Agraph_t *sub = agfstsubg(g); sub; sub = agnxtsubg(sub)) {
        int rc = write_subgraph(w, sub, g, depth + 1);
        if (rc != KG_OK)
            return rc;
    }
    for (Agnode_t *n = agfstnode(g); n; n = agnxtnode(g, n)) {
        indent(w, depth);
        put_id(w, agnameof(n), 1);
        put(w, ";\n", 2);
    }
    const char **defs = block_defaults(w, g, KIND_EDGE);
    if (!defs)
        return KG_ENOMEM;
    const char *op = agisdirected(g) ? " -> " : " -- ";
    for (Agnode_t *n = agfstnode(g); n; n = agnxtnode(g, n))
        for (Agedge_t *e = agfstout(g, n); e; e = agnxtout(g, e))
            if (AGATTRWF(e)) {
                AGATTRWF(e) = 0;
                write_edge(w, e, op, defs, depth);
            }
    kg_free(defs);
    indent(w, depth - 1);
    put(w, "}\n", 2);
    return KG_OK;
}

/* Marks every edge of g's subgraphs (at any depth). */
static void mark_subgraph_edges(Agraph_t *g)
{
    for (Agraph_t *sub = agfstsubg(g); sub; sub = agnxtsubg(sub)) {
        for (Agnode_t *n = agfstnode(sub); n; n = agnxtnode(sub, n))
            for (Agedge_t *e = agfstout(sub, n); e; e = agnxtout(sub, e))
                AGATTRWF(e) = 1;
        mark_subgraph_edges(sub);
    }
}

/* Writes the root's body: its defaults; every node, in the graph's order, with the
 * attributes that differ from the root's defaults; the edges of no subgraph; then the
 * subgraphs, so that the graph read back creates nodes and edges in the same order as
 * far as DOT allows (edges of subgraphs come last). */
static int write_root(writer *w, Agraph_t *g)
{
    int rc = KG_ENOMEM;
    const char **node_defs = NULL, **edge_defs = NULL;
    write_defaults(w, g, NULL, 1);
    for (Agnode_t *n = agfstnode(g); n; n = agnxtnode(g, n)) {
        AGATTRWF(n) = 0;
        for (Agedge_t *e = agfstout(g, n); e; e = agnxtout(g, e))
            AGATTRWF(e) = 0;
    }
    mark_subgraph_edges(g);
    node_defs = block_defaults(w, g, KIND_NODE);
    edge_defs = block_defaults(w, g, KIND_EDGE);
    if (!node_defs || !edge_defs)
        goto cleanup;
    id_cache_init(w, g);
    for (Agnode_t *n = agfstnode(g); n; n = agnxtnode(g, n)) {
        put(w, "\t", 1);
        put_and_cache_node_id(w, n);
        int count = 0;
        write_object_attrs(w, n, KIND_NODE, node_defs, &count);
        if (count)
            put(w, "]", 1);
        put(w, ";\n", 2);
    }
    const char *op = agisdirected(g) ? " -> " : " -- ";
    for (Agnode_t *n = agfstnode(g); n; n = agnxtnode(g, n))
        for (Agedge_t *e = agfstout(g, n); e; e = agnxtout(g, e))
            if (!AGATTRWF(e))
                write_edge(w, e, op, edge_defs, 1);
    rc = KG_OK;
    for (Agraph_t *sub = agfstsubg(g); sub && rc == KG_OK; sub = agnxtsubg(sub))
        rc = write_subgraph(w, sub, g, 2);
cleanup:
    kg_free(node_defs);
    kg_free(edge_defs);
    return rc;
}

int kg_dot__write(Agraph_t *graph, FILE *out)
{
    return kg_dot__write_threaded(graph, out, -1);
}

int kg_dot__write_threaded(Agraph_t *graph, FILE *out, int threaded)
{
    writer w;
    int rc = KG_OK;
    memset(&w, 0, sizeof w);
    w.out = out;
    Agraph_t *root = agroot(graph);
    w.buf = kg__malloc(CHUNK);
    if (!w.buf) {
        rc = KG_ENOMEM;
        goto cleanup;
    }
    if (async_wanted(root, threaded))
        async_start(&w);
    for (int kind = 0; kind < 3; kind++) {
        size_t n = 0;
        for (Agsym_t *s = agnxtattr(root, agkinds[kind], NULL); s;
             s = agnxtattr(root, agkinds[kind], s))
            n++;
        w.syms[kind] = kg__calloc(n ? n : 1, sizeof(Agsym_t *));
        if (!w.syms[kind]) {
            rc = KG_ENOMEM;
            goto cleanup;
        }
        for (Agsym_t *s = agnxtattr(root, agkinds[kind], NULL); s;
             s = agnxtattr(root, agkinds[kind], s))
            w.syms[kind][w.nsyms[kind]++] = s;
    }

    if (agisstrict(graph))
        puts_(&w, "strict ");
    puts_(&w, agisdirected(graph) ? "digraph " : "graph ");
    const char *name = agnameof(graph);
    if (name && name[0] && name[0] != '%') {
        put_id(&w, name, 1);
        put(&w, " ", 1);
    }
    put(&w, "{\n", 2);
    if ((rc = write_root(&w, graph)) != KG_OK)
        goto cleanup;
    put(&w, "}\n", 2);
    flush(&w);

cleanup:
    if (w.async)
        async_finish(&w);
    if (rc == KG_OK && w.failed)
        rc = KG_EIO;
    for (int kind = 0; kind < 3; kind++)
        kg_free(w.syms[kind]);
    kg_free(w.buf);
    kg_free(w.id_text);
    kg_free(w.id_start);
    kg_free(w.id_size);
    return rc;
}
