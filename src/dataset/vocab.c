/* vocab.c: the optional vocabulary.csv of a dataset: reading and checking it, the verb
 * index the loader enforces relations.csv against, and its public accessors. */
#include <string.h>
#include <unistd.h>

#include "base/base_internal.h"
#include "csvread.h"
#include "kgraph/suggest.h"
#include "model.h"
#include "validate.h"
#include "vocab.h"

/* The vocabulary's columns, in the documented order. */
enum { VC_VERB, VC_MEANING, VC_SOURCE_TYPES, VC_TARGET_TYPES, VC_SYMMETRIC, VC_POLARITY,
       VC_INVERSE, VC_COUNT };
static const char *const vocab_columns[VC_COUNT] = {"verb", "meaning", "source_types",
                                                     "target_types", "symmetric", "polarity",
                                                     "inverse"};

typedef struct vreader {
    kg_dataset *ds;
    kg_diagnostics *diags;
    const char *name;
    int header_done;
    size_t ncols;              /* columns in the header */
    int col[VC_COUNT];         /* column of each known column, or -1 */
    const char **inverse;      /* per verb: the inverse cell as written ("" none) */
    size_t inverse_cap;
    int bad;                   /* an error was reported */
} vreader;

/* The slot of verb string pointer str (interned) in the verb index. */
static size_t verb_slot(const char *str, size_t cap)
{
    return (size_t)kg_hash__mix((uint64_t)(uintptr_t)str) & (cap - 1);
}

size_t kg_vocab__find(const kg_dataset *ds, const char *str)
{
    if (!ds->verb_index_cap)
        return KG_NONE;
    size_t mask = ds->verb_index_cap - 1;
    for (size_t i = verb_slot(str, ds->verb_index_cap);; i = (i + 1) & mask) {
        uint32_t v = ds->verb_index[i];
        if (!v)
            return KG_NONE;
        if (ds->verbs[v - 1].verb == str)
            return v - 1;
    }
}

/* Puts verb v (already in ds->verbs) into the verb index, growing it (rebuilt from
 * ds->verbs) to keep it at most half full. 0 or -1 (no memory, index unchanged). */
static int index_verb(kg_dataset *ds, size_t v)
{
    if (2 * (v + 1) > ds->verb_index_cap) {
        size_t cap = ds->verb_index_cap ? 2 * ds->verb_index_cap : 64;
        uint32_t *index = kg__calloc(cap, sizeof *index);
        if (!index)
            return -1;
        kg_free(ds->verb_index);
        ds->verb_index = index;
        ds->verb_index_cap = cap;
        for (size_t u = 0; u < v; u++) {
            size_t i = verb_slot(ds->verbs[u].verb, cap);
            while (index[i])
                i = (i + 1) & (cap - 1);
            index[i] = (uint32_t)(u + 1);
        }
    }
    size_t i = verb_slot(ds->verbs[v].verb, ds->verb_index_cap);
    while (ds->verb_index[i])
        i = (i + 1) & (ds->verb_index_cap - 1);
    ds->verb_index[i] = (uint32_t)(v + 1);
    return 0;
}

#define VERROR(...) \
    (kg_diagnostics_add(r->diags, KG_SEVERITY_ERROR, r->name, line, __VA_ARGS__), r->bad = 1)

/* Reads the header: finds the known columns by name; verb is required, duplicate and
 * empty headers are errors, unknown columns are allowed (and ignored). */
static int vocab_header(vreader *r, unsigned long line, const kg_csv_field *f, size_t n)
{
    for (int k = 0; k < VC_COUNT; k++)
        r->col[k] = -1;
    r->ncols = n;
    for (size_t i = 0; i < n; i++) {
        if (!f[i].len)
            VERROR("column %zu has an empty header", i + 1);
        for (size_t j = 0; j < i; j++)
            if (f[i].len && f[i].len == f[j].len && memcmp(f[i].data, f[j].data, f[i].len) == 0)
                VERROR("duplicate column '%s' (columns %zu and %zu)", f[i].data, j + 1, i + 1);
        for (int k = 0; k < VC_COUNT; k++)
            if (r->col[k] < 0 && strcmp(f[i].data, vocab_columns[k]) == 0)
                r->col[k] = (int)i;
    }
    if (r->col[VC_VERB] < 0)
        VERROR("missing required column 'verb'");
    return r->bad ? KG_EINVALID : KG_OK;
}

/* The field of known column k in the row, or an empty one. */
static kg_csv_field vfield(const vreader *r, const kg_csv_field *f, size_t n, int k)
{
    int i = r->col[k];
    if (i < 0 || (size_t)i >= n)
        return (kg_csv_field){"", 0, 0};
    return f[i];
}

/* One row of vocabulary.csv: a verb, checked and appended to ds->verbs. */
static int vocab_row(void *ctx, unsigned long line, const kg_csv_field *f, size_t n)
{
    vreader *r = ctx;
    kg_dataset *ds = r->ds;
    if (!r->header_done) {
        r->header_done = 1;
        return vocab_header(r, line, f, n);
    }
    if (n > r->ncols) { /* as in the other files (load.c) */
        VERROR("row has %zu fields, the header has %zu", n, r->ncols);
        return KG_OK;
    }
    kg_csv_field verb = vfield(r, f, n, VC_VERB), sym = vfield(r, f, n, VC_SYMMETRIC),
                 pol = vfield(r, f, n, VC_POLARITY);
    if (!verb.len) {
        VERROR("verb is empty");
        return KG_OK;
    }
    kg_atom *atom = kg_strpool__intern(ds->pool, verb.data, verb.len);
    if (!atom)
        return KG_ENOMEM;
    const char *str = atom->str;
    size_t first = kg_vocab__find(ds, str);
    if (first != KG_NONE) {
        VERROR("duplicate verb '%s' (first defined at line %lu)", str, ds->verbs[first].line);
        return KG_OK;
    }
    if (ds->verb_count >= UINT32_MAX - 1) {
        VERROR("more than %u verbs", (unsigned)(UINT32_MAX - 2));
        return KG_OK;
    }
    int symmetric = 0;
    if (sym.len && strcmp(sym.data, "yes") == 0)
        symmetric = 1;
    else if (sym.len && strcmp(sym.data, "no") != 0)
        VERROR("symmetric '%s' is not yes or no (empty means no)", sym.data);
    int polarity = -1;
    if (pol.len && strcmp(pol.data, "mixed") == 0)
        polarity = KG_POLARITY_MIXED;
    else if (pol.len && (polarity = kg_polarity__parse(pol.data, pol.len)) < 0)
        VERROR("polarity '%s' is not positive, negative, neutral or mixed (empty: it varies)",
               pol.data);
    const char *text[VC_COUNT];
    for (int k = VC_MEANING; k < VC_COUNT; k++) {
        kg_csv_field c = vfield(r, f, n, k);
        text[k] = c.len ? kg_strpool__copy(ds->pool, c.data, c.len) : "";
        if (!text[k])
            return KG_ENOMEM;
    }
    if (kg_array__grow(&ds->verbs, &ds->verb_cap, ds->verb_count, sizeof *ds->verbs) ||
        kg_array__grow(&r->inverse, &r->inverse_cap, ds->verb_count, sizeof *r->inverse))
        return KG_ENOMEM;
    r->inverse[ds->verb_count] = text[VC_INVERSE];
    ds->verbs[ds->verb_count++] = (kg_verb){
        .verb = str, .meaning = text[VC_MEANING], .source_types = text[VC_SOURCE_TYPES],
        .target_types = text[VC_TARGET_TYPES], .symmetric = symmetric,
        .polarity = polarity < 0 ? -1 : polarity, .inverse = KG_NONE, .line = line};
    return index_verb(ds, ds->verb_count - 1) == 0 ? KG_OK : KG_ENOMEM;
}

const char *kg_vocab__suggest(const kg_dataset *ds, const char *verb)
{
    kg_suggestion s;
    kg_suggest_begin(&s, verb);
    for (size_t v = 0; v < ds->verb_count; v++)
        kg_suggest_offer(&s, ds->verbs[v].verb);
    return kg_suggest_best(&s);
}

/* Resolves each verb's inverse once every verb is read: an unknown one is an error (with
 * the nearest verb), as are a symmetric verb whose inverse is another verb and two verbs
 * that do not name each other back. */
static void resolve_inverses(vreader *r)
{
    kg_dataset *ds = r->ds;
    for (size_t v = 0; v < ds->verb_count; v++) {
        const char *inv = r->inverse[v];
        unsigned long line = ds->verbs[v].line;
        if (!inv[0])
            continue;
        kg_atom *a = kg_strpool__find(ds->pool, inv, strlen(inv));
        size_t w = a ? kg_vocab__find(ds, a->str) : KG_NONE;
        if (w == KG_NONE) {
            const char *near = kg_diagnostics_full(r->diags) ? NULL : kg_vocab__suggest(ds, inv);
            if (near)
                VERROR("inverse '%s' is not a verb of the vocabulary; did you mean '%s'?", inv,
                       near);
            else
                VERROR("inverse '%s' is not a verb of the vocabulary", inv);
            continue;
        }
        if (ds->verbs[v].symmetric && w != v) {
            VERROR("verb '%s' is symmetric: its inverse can only be itself, not '%s'",
                   ds->verbs[v].verb, inv);
            continue;
        }
        ds->verbs[v].inverse = w;
    }
    for (size_t v = 0; v < ds->verb_count; v++) {
        size_t w = ds->verbs[v].inverse;
        if (w == KG_NONE || w == v || !r->inverse[w][0] || ds->verbs[w].inverse == KG_NONE)
            continue;
        if (ds->verbs[w].inverse != v) {
            unsigned long line = ds->verbs[v].line;
            VERROR("inverse '%s' names '%s' as its inverse (line %lu), not '%s'",
                   ds->verbs[w].verb, r->inverse[w], ds->verbs[w].line, ds->verbs[v].verb);
        }
    }
}

/* Joins dir and file as load.c does ("file" alone for no dir or "."). NULL: no memory. */
static char *vocab_path(const char *dir)
{
    if (!dir || !dir[0] || strcmp(dir, ".") == 0)
        return kg__strdup("vocabulary.csv");
    size_t n = strlen(dir);
    char *p = kg__malloc(n + sizeof "/vocabulary.csv");
    if (p) {
        memcpy(p, dir, n);
        strcpy(p + n, dir[n - 1] == '/' ? "vocabulary.csv" : "/vocabulary.csv");
    }
    return p;
}

int kg_vocab__load(kg_dataset *ds, const char *dir, const kg_load_options *o,
                  kg_diagnostics *diags)
{
    kg_csv_input in = {.max_field_bytes = o->max_field_bytes, .max_file_bytes = o->max_file_bytes,
                       .max_rows = o->max_rows};
    char *path = NULL;
    if (o->vocabulary_memory.data) {
        ds->vocab_name = kg__strdup(o->vocabulary_memory.name ? o->vocabulary_memory.name
                                                              : "vocabulary.csv");
        in.data = o->vocabulary_memory.data;
        in.size = o->vocabulary_memory.size;
    } else {
        if (o->vocabulary_path)
            path = kg__strdup(o->vocabulary_path);
        else if (dir)
            path = vocab_path(dir);
        else
            return KG_OK; /* files named one by one: no vocabulary unless named too */
        if (!path)
            return KG_ENOMEM;
        if (!o->vocabulary_path && access(path, F_OK) != 0) {
            kg_free(path);
            return KG_OK; /* the vocabulary is optional */
        }
        ds->vocab_name = kg__strdup(path);
        in.path = path;
    }
    if (!ds->vocab_name) {
        kg_free(path);
        return KG_ENOMEM;
    }
    ds->has_vocab = 1;
    in.name = ds->vocab_name;
    vreader r = {.ds = ds, .diags = diags, .name = ds->vocab_name};
    size_t errors = kg_diagnostics_errors(diags);
    int rc = kg_csv__read(&in, diags, vocab_row, &r, NULL);
    kg_free(path);
    if (rc == KG_OK)
        resolve_inverses(&r);
    kg_free(r.inverse);
    if (rc == KG_ENOMEM)
        return KG_ENOMEM;
    /* a vocabulary with errors is not enforced (its own errors fail the load) */
    ds->vocab_ok = rc == KG_OK && kg_diagnostics_errors(diags) == errors;
    return KG_OK;
}

int kg_vocab__type_allowed(const char *types, const char *type)
{
    if (!types[0])
        return 1;
    size_t n = strlen(type);
    for (const char *p = types;;) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        const char *q = p;
        while (len && *q == ' ') /* spaces around a type are not part of it */
            q++, len--;
        while (len && q[len - 1] == ' ')
            len--;
        if (len == n && memcmp(q, type, n) == 0)
            return 1;
        if (!bar)
            return 0;
        p = bar + 1;
    }
}

/* ---- public accessors ------------------------------------------------------------------ */

int kg_dataset_has_vocabulary(const kg_dataset *ds)
{
    return ds->has_vocab;
}

size_t kg_dataset_verb_count(const kg_dataset *ds)
{
    return ds->verb_count;
}

const kg_verb *kg_dataset_verb(const kg_dataset *ds, size_t i)
{
    return i < ds->verb_count ? &ds->verbs[i] : NULL;
}

size_t kg_dataset_find_verb(const kg_dataset *ds, const char *verb)
{
    kg_atom *a = kg_strpool__find(ds->pool, verb, strlen(verb));
    return a ? kg_vocab__find(ds, a->str) : KG_NONE;
}

size_t kg_dataset_relation_verb(const kg_dataset *ds, const kg_relation *r)
{
    /* a relation's verb is the interned string its rows' verbs share */
    return r && ds->verb_count ? kg_vocab__find(ds, r->relation) : KG_NONE;
}

int kg_dataset_relation_symmetric(const kg_dataset *ds, const kg_relation *r)
{
    size_t v = kg_dataset_relation_verb(ds, r);
    return v != KG_NONE && ds->verbs[v].symmetric;
}

const char *kg_dataset_vocabulary_name(const kg_dataset *ds)
{
    return ds->vocab_name ? ds->vocab_name : "";
}
