/* load.c: reading a dataset's CSV files into the model and validating every row. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/base_internal.h"
#include "csvread.h"
#include "headers.h"
#include "model.h"
#include "url.h"
#include "validate.h"
#include "vocab.h"

/* Values longer than this are copied, not interned (quotes, descriptions). */
#define INTERN_MAX 48

typedef struct loader {
    kg_dataset *ds;
    const kg_load_options *opts;
    kg_diagnostics *diags;
    kg_file_kind kind;
    kg_table *table;
    int header_done;
    int entities_ok; /* entities.csv was read whole: references to it can be checked */
    int sources_ok;
    size_t suggest_budget; /* what "did you mean" may still cost (validate.h) */
    int edge_list;   /* no entities.csv: entities are created from relation endpoints */
    int single_file; /* the dataset named is a relations file */
    size_t created;  /* entities so created */
    char delimiter;  /* the current file's */
    /* per column: 2 = always intern (ids, references, verbs: compared by
     * pointer), 1 = intern when short (enumerations), 0 = copy */
    unsigned char intern_col[4096]; /* csvread caps rows at 4096 fields */
    kg_atom *atoms[KNOWN_MAX]; /* the current row's atoms of known interned columns */
    /* citations of relations with CITE_INDEX_MIN or more citations, by (relation, doc) and
     * by (relation, doc, quote): the first of each key (see relation_row) */
    struct cite_index {
        struct cite_slot {
            uint64_t hash;
            size_t citation; /* KG_NONE: empty */
        } *slots;
        size_t cap, count; /* cap: 0 or a power of two */
    } by_doc, by_quote;
    /* per relation of a symmetric verb: the directions its rows were written in (bit 1:
     * as stored, bit 2: reversed); allocated when the first such relation is made */
    unsigned char *sym_dirs;
    size_t sym_dirs_cap;
} loader;

/* ---- citation index ------------------------------------------------------------------- */

/* A relation's earlier citations are walked while it has fewer than this many, then
 * looked up in the loader's hash indexes (a relation cited 200,000 times: linear). */
#define CITE_INDEX_MIN 16

/* The index key hash of citation fields: relation and doc, and quote when with_quote. */
static uint64_t cite_hash(size_t rel, const char *doc, const char *quote, int with_quote)
{
    uint64_t h = kg_hash__bytes(doc, strlen(doc), (uint64_t)rel * 0x9E3779B97F4A7C15u + 1);
    return with_quote ? kg_hash__bytes(quote, strlen(quote), h) : h;
}

/* The citation in ix whose relation and doc (and quote, when with_quote) are rel, doc
 * and quote, or KG_NONE. hash = cite_hash(rel, doc, quote, with_quote). */
static size_t cite_find(const struct cite_index *ix, const kg_dataset *ds, uint64_t hash,
                        size_t rel, const char *doc, const char *quote, int with_quote)
{
    if (!ix->cap)
        return KG_NONE;
    for (size_t i = (size_t)hash & (ix->cap - 1);; i = (i + 1) & (ix->cap - 1)) {
        const struct cite_slot *s = &ix->slots[i];
        if (s->citation == KG_NONE)
            return KG_NONE;
        const kg_citation *c = &ds->citations[s->citation];
        if (s->hash == hash && c->relation == rel && strcmp(c->doc, doc) == 0 &&
            (!with_quote || strcmp(c->quote, quote) == 0))
            return s->citation;
    }
}

/* Adds citation ci under hash to ix (the caller checked its key is absent); 0, or
 * KG_ENOMEM with ix unchanged. */
static int cite_add(struct cite_index *ix, uint64_t hash, size_t ci)
{
    if (2 * (ix->count + 1) > ix->cap) {
        size_t cap = ix->cap ? 2 * ix->cap : 1024;
        struct cite_slot *slots = kg__reallocarray(NULL, cap, sizeof *slots);
        if (!slots)
            return KG_ENOMEM;
        for (size_t i = 0; i < cap; i++)
            slots[i].citation = KG_NONE;
        for (size_t i = 0; i < ix->cap; i++)
            if (ix->slots[i].citation != KG_NONE) {
                size_t j = (size_t)ix->slots[i].hash & (cap - 1);
                while (slots[j].citation != KG_NONE)
                    j = (j + 1) & (cap - 1);
                slots[j] = ix->slots[i];
            }
        kg_free(ix->slots);
        ix->slots = slots;
        ix->cap = cap;
    }
    size_t j = (size_t)hash & (ix->cap - 1);
    while (ix->slots[j].citation != KG_NONE)
        j = (j + 1) & (ix->cap - 1);
    ix->slots[j] = (struct cite_slot){.hash = hash, .citation = ci};
    ix->count++;
    return KG_OK;
}

/* Adds citation ci (already in ds->citations) to both indexes unless an earlier
 * citation holds its key: the first stays. 0 or KG_ENOMEM. */
static int cite_index_add(loader *ld, size_t ci)
{
    const kg_citation *c = &ld->ds->citations[ci];
    uint64_t hd = cite_hash(c->relation, c->doc, c->quote, 0);
    if (cite_find(&ld->by_doc, ld->ds, hd, c->relation, c->doc, c->quote, 0) == KG_NONE &&
        cite_add(&ld->by_doc, hd, ci) != KG_OK)
        return KG_ENOMEM;
    uint64_t hq = kg_hash__bytes(c->quote, strlen(c->quote), hd);
    if (cite_find(&ld->by_quote, ld->ds, hq, c->relation, c->doc, c->quote, 1) == KG_NONE &&
        cite_add(&ld->by_quote, hq, ci) != KG_OK)
        return KG_ENOMEM;
    return KG_OK;
}

/* ---- value checks ------------------------------------------------------------------- */

/* ---- header --------------------------------------------------------------------------- */

/* The header a known column is read from: the user's --map, else the canonical name. */
static const char *expected_header(const loader *ld, const char *column)
{
    for (size_t i = 0; i < ld->opts->map_count; i++) {
        const kg_column_map *m = &ld->opts->maps[i];
        if (m->file == ld->kind && strcmp(m->column, column) == 0)
            return m->header;
    }
    return column;
}

static int required_column(kg_file_kind kind, size_t col)
{
    if (kind == KG_FILE_RELATIONS)
        return col == RC_SOURCE || col == RC_RELATION || col == RC_TARGET;
    return col == 0; /* id */
}

/* Writes "'h1', 'h2', ..." (the headers found, cut short past cap) into out. */
static void list_headers(const kg_table *t, char *out, size_t cap)
{
    size_t o = 0;
    out[0] = '\0';
    for (size_t i = 0; i < t->ncols && o + 8 < cap; i++) {
        int n = snprintf(out + o, cap - o, "%s'%.60s'", i ? ", " : "", t->headers[i]);
        if (n < 0 || (size_t)n >= cap - o) {
            snprintf(out + o, cap - o, ", ...");
            break;
        }
        o += (size_t)n;
    }
}

/* The delimiter other than the one read with that the header holds (the likely real
 * one when a required column is missing), or 0. */
static char other_delimiter(const kg_table *t, char used)
{
    static const char cands[] = {';', ',', '\t', '|'};
    for (size_t k = 0; k < sizeof cands; k++)
        for (size_t i = 0; i < t->ncols && cands[k] != used; i++)
            if (strchr(t->headers[i], cands[k]))
                return cands[k];
    return 0;
}

/* How a delimiter is written in messages and options: "\\t" for a tab. */
static const char *delim_text(char c)
{
    switch (c) {
    case ';': return ";";
    case '\t': return "\\t";
    case '|': return "|";
    default: return ",";
    }
}

static int read_header(loader *ld, unsigned long line, const kg_csv_field *fields, size_t count)
{
    kg_table *t = ld->table;
    const char *name = t->name;
    int bad = 0;
    t->headers = kg__calloc(count, sizeof *t->headers);
    if (!t->headers)
        return KG_ENOMEM;
    t->ncols = count;
    for (size_t i = 0; i < count; i++) {
        const char *h = kg_strpool__copy(ld->ds->pool, fields[i].data, fields[i].len);
        if (!h)
            return KG_ENOMEM;
        t->headers[i] = h;
        if (!h[0]) {
            kg_diagnostics_add(ld->diags, KG_SEVERITY_ERROR, name, line,
                               "column %zu has an empty header", i + 1);
            bad = 1;
        }
        for (size_t j = 0; j < i; j++)
            if (h[0] && strcmp(t->headers[j], h) == 0) {
                kg_diagnostics_add(ld->diags, KG_SEVERITY_ERROR, name, line,
                                   "duplicate column '%s' (columns %zu and %zu)", h, j + 1, i + 1);
                bad = 1;
            }
    }
    size_t nknown;
    const char *const *known = kg_known__columns(ld->kind, &nknown);
    kg_header__resolve(ld->kind, t->headers, count, ld->opts->maps, ld->opts->map_count,
                       t->known, &t->status_col);
    int missing = 0;
    for (size_t k = 0; k < nknown; k++) {
        const char *want = expected_header(ld, known[k]);
        if (t->known[k] >= 0 || !required_column(ld->kind, k))
            continue;
        char found[512], delim_hint[160] = "";
        list_headers(t, found, sizeof found);
        char other = missing++ ? 0 : other_delimiter(t, ld->delimiter);
        if (other)
            snprintf(delim_hint, sizeof delim_hint,
                     "; the header holds '%s': if it separates the columns, use --delimiter '%s'"
                     " (or delimiter in kgraph.ini)",
                     delim_text(other), delim_text(other));
        if (want != known[k])
            kg_diagnostics_add(ld->diags, KG_SEVERITY_ERROR, name, line,
                               "missing required column '%s' (mapped to header '%s'); the "
                               "headers found are %s%s",
                               known[k], want, found, delim_hint);
        else
            kg_diagnostics_add(ld->diags, KG_SEVERITY_ERROR, name, line,
                               "missing required column '%s'; the headers found are %s; name "
                               "the one to read with --map %s.%s=HEADER or in kgraph.ini's "
                               "[%s] section%s",
                               known[k], found, kg_file_kind_name(ld->kind), known[k],
                               kg_file_kind_name(ld->kind), delim_hint);
        bad = 1;
    }
    /* a --map naming a header the file lacks is reported even for optional columns */
    for (size_t i = 0; i < ld->opts->map_count; i++) {
        const kg_column_map *m = &ld->opts->maps[i];
        if (m->file != ld->kind)
            continue;
        size_t k = 0;
        while (k < nknown && strcmp(known[k], m->column) != 0)
            k++;
        if (k < nknown && t->known[k] < 0 && !required_column(ld->kind, k)) {
            kg_diagnostics_add(ld->diags, KG_SEVERITY_ERROR, name, line,
                               "--map %s.%s=%s: the header has no column '%s'",
                               kg_file_kind_name(m->file), m->column, m->header, m->header);
            bad = 1;
        }
    }
    /* a header no known column takes, close to one still without a header: a typo */
    for (size_t i = 0; i < count; i++) {
        int taken = t->status_col == (int)i;
        for (size_t k = 0; k < nknown; k++)
            taken |= t->known[k] == (int)i;
        const char *near = taken ? NULL : kg_header__typo(ld->kind, t->headers[i], t->known,
                                                          t->status_col);
        if (near)
            kg_diagnostics_add(ld->diags, KG_SEVERITY_WARNING, name, line,
                               "column '%s' is not one kgraph reads; did you mean '%s'?",
                               t->headers[i], near);
    }
    /* which columns to intern: ids, references and short enumerations */
    memset(ld->intern_col, 0, sizeof ld->intern_col);
    static const int ent_intern[EC_COUNT] = {[EC_ID] = 2, [EC_TYPE] = 1};
    static const int rel_intern[RC_COUNT] = {[RC_SOURCE] = 2, [RC_RELATION] = 2, [RC_TARGET] = 2,
                                             [RC_DOC] = 1, [RC_CLAIMED_BY] = 2};
    static const int src_intern[SC_COUNT] = {[SC_ID] = 2, [SC_DATE] = 1};
    const int *how = ld->kind == KG_FILE_ENTITIES ? ent_intern
                   : ld->kind == KG_FILE_RELATIONS ? rel_intern : src_intern;
    /* One header may feed several known columns (--map entities.label=id): the column
     * takes the strongest rule of any of them, so a later column never weakens an
     * earlier one's (the id must stay interned: rows look its atom up). */
    for (size_t k = 0; k < nknown; k++)
        if (t->known[k] >= 0 && t->known[k] < 4096 && ld->intern_col[t->known[k]] < how[k])
            ld->intern_col[t->known[k]] = (unsigned char)how[k];
    return bad ? KG_EINVALID : KG_OK;
}

/* ---- rows ----------------------------------------------------------------------------- */

static const char *cell(const loader *ld, const char **row, int col)
{
    int i = ld->table->known[col];
    return i >= 0 ? row[i] : "";
}

/* The header name of a known column, for messages. */
static const char *colname(const loader *ld, int col)
{
    size_t n;
    return kg_known__columns(ld->kind, &n)[col];
}

#define ROW_ERROR(...) \
    (kg_diagnostics_add(ld->diags, KG_SEVERITY_ERROR, ld->table->name, line, __VA_ARGS__), bad = 1)

static int check_url(loader *ld, unsigned long line, const char *url, int *bad_out)
{
    int bad = 0;
    const char *why = kg_url__problem(url);
    if (why)
        ROW_ERROR("url '%s' %s: only http, https and relative URLs are allowed", url, why);
    *bad_out |= bad;
    return bad;
}

/* Reports a date that is not ISO 8601, with the ISO form to write when it reads as a
 * date written another way. */
static void bad_date(loader *ld, unsigned long line, const char *date, int *bad_out)
{
    int bad = 0;
    char hint[200];
    if (kg_date__hint(date, hint, sizeof hint))
        ROW_ERROR("date '%s' is not an ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD): %s", date,
                  hint);
    else
        ROW_ERROR("date '%s' is not an ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD)", date);
    *bad_out |= bad;
}

static int entity_row(loader *ld, unsigned long line, const char **row, size_t index)
{
    kg_dataset *ds = ld->ds;
    int bad = 0;
    const char *id = cell(ld, row, EC_ID);
    if (!id[0]) {
        ROW_ERROR("id is empty");
        return KG_OK;
    }
    if (strspn(id, "\xEF\xBB\xBF") == strlen(id)) {
        /* Graphviz 2.42 writes such a node name unquoted in DOT and its reader drops a
         * lone BOM: the DOT output would not parse (found by fuzzing). */
        ROW_ERROR("id holds only U+FEFF (byte order marks)");
        return KG_OK;
    }
    kg_atom *atom = ld->atoms[EC_ID];
    if (atom->entity) {
        ROW_ERROR("duplicate id '%s' (first defined at line %lu)", id,
                  ds->entities[atom->entity - 1].line);
        return KG_OK;
    }
    const char *url = cell(ld, row, EC_URL);
    check_url(ld, line, url, &bad);
    if (kg_array__grow(&ds->entities, &ds->entity_cap, ds->entity_count, sizeof *ds->entities))
        return KG_ENOMEM;
    const char *label = cell(ld, row, EC_LABEL);
    size_t i = ds->entity_count++;
    ds->entities[i] = (kg_entity){
        .id = atom->str, .label = label[0] ? label : atom->str, .type = cell(ld, row, EC_TYPE),
        .aliases = cell(ld, row, EC_ALIASES), .description = cell(ld, row, EC_DESCRIPTION),
        .url = bad ? "" : url, .line = line, .row = index};
    atom->entity = (uint32_t)(i + 1);
    return KG_OK;
}

static int source_row(loader *ld, unsigned long line, const char **row, size_t index)
{
    kg_dataset *ds = ld->ds;
    int bad = 0;
    const char *id = cell(ld, row, SC_ID);
    if (!id[0]) {
        ROW_ERROR("id is empty");
        return KG_OK;
    }
    kg_atom *atom = ld->atoms[SC_ID];
    if (atom->source) {
        ROW_ERROR("duplicate id '%s' (first defined at line %lu)", id,
                  ds->sources[atom->source - 1].line);
        return KG_OK;
    }
    const char *date = cell(ld, row, SC_DATE);
    if (date[0] && !kg_date__valid(date, strlen(date)))
        bad_date(ld, line, date, &bad);
    const char *url = cell(ld, row, SC_URL);
    check_url(ld, line, url, &bad);
    if (kg_array__grow(&ds->sources, &ds->source_cap, ds->source_count, sizeof *ds->sources))
        return KG_ENOMEM;
    size_t i = ds->source_count++;
    ds->sources[i] = (kg_source){
        .id = atom->str, .title = cell(ld, row, SC_TITLE), .publisher = cell(ld, row, SC_PUBLISHER),
        .author = cell(ld, row, SC_AUTHOR), .date = date, .url = bad ? "" : url,
        .file = cell(ld, row, SC_FILE), .line = line, .row = index};
    atom->source = (uint32_t)(i + 1);
    return KG_OK;
}

/* ---- the vocabulary ------------------------------------------------------------------ */

/* Warns when relation rel's endpoints have types its verb v does not allow (once, when
 * the relation is made; a symmetric verb's types may match either way round). */
static void check_types(loader *ld, unsigned long line, size_t rel, const kg_verb *v)
{
    const kg_dataset *ds = ld->ds;
    const kg_relation *r = &ds->relations[rel];
    const kg_entity *e[2] = {&ds->entities[r->source], &ds->entities[r->target]};
    const char *types[2] = {v->source_types, v->target_types};
    int ok[2] = {kg_vocab__type_allowed(types[0], e[0]->type),
                 kg_vocab__type_allowed(types[1], e[1]->type)};
    if (ok[0] && ok[1])
        return;
    if (v->symmetric && kg_vocab__type_allowed(types[0], e[1]->type) &&
        kg_vocab__type_allowed(types[1], e[0]->type))
        return;
    static const char *const end[2] = {"source", "target"};
    for (int k = 0; k < 2; k++) {
        if (ok[k])
            continue;
        if (e[k]->type[0])
            kg_diagnostics_add(ld->diags, KG_SEVERITY_WARNING, ld->table->name, line,
                               "%s '%s' has type '%s', which relation '%s' does not allow "
                               "(%s types in %s: %s)", end[k], e[k]->id, e[k]->type, v->verb,
                               end[k], ds->vocab_name, types[k]);
        else
            kg_diagnostics_add(ld->diags, KG_SEVERITY_WARNING, ld->table->name, line,
                               "%s '%s' has no type, and relation '%s' allows only %s types %s "
                               "(%s)", end[k], e[k]->id, v->verb, end[k], types[k],
                               ds->vocab_name);
    }
}

/* Nonzero when entity id a comes after entity id b in byte order (strcmp). ea and eb are
 * the ids' atoms when the row kept them (NULL otherwise): their zero-padded first 8 bytes,
 * already in the cache, decide most comparisons without reading the strings. */
static int id_after(const char *a, const kg_atom *ea, const char *b, const kg_atom *eb)
{
    if (ea && eb) {
        int c = memcmp(ea->head, eb->head, sizeof ea->head);
        if (c != 0 || (ea->len <= sizeof ea->head && eb->len <= sizeof eb->head))
            return c > 0;
    }
    return strcmp(a, b) > 0;
}

/* Records that a row of symmetric relation rel was written reversed (or not); warns at
 * the first row of the second direction. Returns KG_OK or KG_ENOMEM. */
static int symmetric_row(loader *ld, unsigned long line, size_t rel, int reversed)
{
    kg_dataset *ds = ld->ds;
    if (rel >= ld->sym_dirs_cap) {
        size_t cap = ld->sym_dirs_cap ? ld->sym_dirs_cap : 256;
        while (cap <= rel)
            cap *= 2;
        unsigned char *d = kg__reallocarray(ld->sym_dirs, cap, 1);
        if (!d)
            return KG_ENOMEM;
        memset(d + ld->sym_dirs_cap, 0, cap - ld->sym_dirs_cap);
        ld->sym_dirs = d;
        ld->sym_dirs_cap = cap;
    }
    unsigned char bit = reversed ? 2 : 1, before = ld->sym_dirs[rel];
    ld->sym_dirs[rel] |= bit;
    if (before && !(before & bit)) {
        const kg_relation *r = &ds->relations[rel];
        const char *a = ds->entities[r->source].id, *b = ds->entities[r->target].id;
        if (reversed) {
            const char *t = a;
            a = b;
            b = t;
        }
        kg_diagnostics_add(ld->diags, KG_SEVERITY_WARNING, ld->table->name, line,
                           "relation '%s' is symmetric (%s) and stored in both directions: "
                           "'%s' -> '%s' here, '%s' -> '%s' at line %lu; they are one relation "
                           "(store it once)", r->relation, ds->vocab_name, a, b, b, a, r->line);
    }
    return KG_OK;
}

/* Edge-list mode: adds the entity atom names (id = label = the value, no type) as a row
 * of the made-up entities table; *out = its index. KG_OK or KG_ENOMEM. */
static int create_entity(loader *ld, unsigned long line, kg_atom *atom, size_t *out)
{
    kg_dataset *ds = ld->ds;
    kg_table *t = &ds->tables[KG_FILE_ENTITIES];
    if (kg_array__grow(&t->cells, &t->rows_cap, t->rows, t->ncols * sizeof *t->cells) ||
        kg_array__grow(&ds->entities, &ds->entity_cap, ds->entity_count, sizeof *ds->entities))
        return KG_ENOMEM;
    t->cells[t->rows * t->ncols] = atom->str;
    t->cells[t->rows * t->ncols + 1] = atom->str;
    size_t i = ds->entity_count++;
    ds->entities[i] = (kg_entity){.id = atom->str, .label = atom->str, .type = "", .aliases = "",
                                  .description = "", .url = "", .line = line, .row = t->rows++};
    atom->entity = (uint32_t)(i + 1);
    ld->created++;
    *out = i;
    return KG_OK;
}

/* Edge-list mode: the entities table made up of the columns id and label. */
static int edge_list_table(loader *ld)
{
    kg_table *t = &ld->ds->tables[KG_FILE_ENTITIES];
    t->name = kg__strdup("(entities made from the relations)");
    t->headers = kg__calloc(2, sizeof *t->headers);
    if (!t->name || !t->headers)
        return KG_ENOMEM;
    t->headers[0] = "id";
    t->headers[1] = "label";
    t->ncols = 2;
    t->present = 1;
    for (size_t k = 0; k < KNOWN_MAX; k++)
        t->known[k] = -1;
    t->known[EC_ID] = 0;
    t->known[EC_LABEL] = 1;
    t->status_col = -1;
    return KG_OK;
}

/* Resolves an entity reference in column col; *out = index or KG_NONE. */
static int entity_ref(loader *ld, unsigned long line, const char **row, int col, int required,
                      size_t *out, int *bad_out)
{
    int bad = 0;
    /* Reference columns are always interned, so a non-empty value has an atom: its
     * payload answers without reading the text (a cache miss on a big file). */
    kg_atom *atom = ld->atoms[col];
    *out = KG_NONE;
    if (atom && atom->entity) {
        *out = atom->entity - 1;
        return KG_OK;
    }
    const char *id = cell(ld, row, col);
    if (!atom && id[0] && (atom = kg_strpool__find(ld->ds->pool, id, strlen(id))) &&
        atom->entity) {
        *out = atom->entity - 1;
        return KG_OK;
    }
    if (!id[0]) {
        if (required)
            ROW_ERROR("%s is empty", colname(ld, col));
    } else if (ld->edge_list) {
        if (!atom && !(atom = kg_strpool__intern(ld->ds->pool, id, strlen(id))))
            return KG_ENOMEM;
        return create_entity(ld, line, atom, out);
    } else if (ld->entities_ok) {
        const char *label = NULL, *near = kg_diagnostics_full(ld->diags) ? NULL
                                         : kg_entity__nearest(ld->ds, id, &label, &ld->suggest_budget);
        if (near && label)
            ROW_ERROR("%s '%s' is not an entity id; did you mean '%s' (labelled '%s')?",
                      colname(ld, col), id, near, label);
        else if (near)
            ROW_ERROR("%s '%s' is not an entity id; did you mean '%s'?", colname(ld, col), id, near);
        else
            ROW_ERROR("%s '%s' is not an entity id", colname(ld, col), id);
    } else {
        bad = 1; /* entities.csv failed: its own errors say why */
    }
    *bad_out |= bad;
    return KG_OK;
}

static int relation_row(loader *ld, unsigned long line, const char **row, size_t index)
{
    kg_dataset *ds = ld->ds;
    int bad = 0;
    size_t source, target, claimed_by;
    if (entity_ref(ld, line, row, RC_SOURCE, 1, &source, &bad) != KG_OK)
        return KG_ENOMEM;
    const char *verb = cell(ld, row, RC_RELATION);
    if (!verb[0])
        ROW_ERROR("relation is empty");
    if (entity_ref(ld, line, row, RC_TARGET, 1, &target, &bad) != KG_OK)
        return KG_ENOMEM;
    const char *pol = cell(ld, row, RC_POLARITY);
    int polarity_code = kg_polarity__parse(pol, strlen(pol));
    kg_polarity polarity = polarity_code < 0 ? KG_POLARITY_NEUTRAL : (kg_polarity)polarity_code;
    if (polarity_code < 0 && kg_polarity__nearest(pol))
        ROW_ERROR("polarity '%s' is not positive, negative or neutral; did you mean '%s'?", pol,
                  kg_polarity__nearest(pol));
    else if (polarity_code < 0)
        ROW_ERROR("polarity '%s' is not positive, negative or neutral", pol);
    const char *date = cell(ld, row, RC_DATE);
    if (date[0] && !kg_date__valid(date, strlen(date)))
        bad_date(ld, line, date, &bad);
    const char *doc = cell(ld, row, RC_DOC);
    size_t source_index = KG_NONE;
    if (doc[0] && ds->tables[KG_FILE_SOURCES].present) {
        kg_atom *atom = ld->atoms[RC_DOC] ? ld->atoms[RC_DOC]
                                          : kg_strpool__find(ds->pool, doc, strlen(doc));
        const char *near = NULL;
        if (atom && atom->source)
            source_index = atom->source - 1;
        else if (!ld->sources_ok)
            bad = 1;
        else if (!kg_diagnostics_full(ld->diags) &&
                 (near = kg_source__nearest(ds, doc, &ld->suggest_budget)))
            ROW_ERROR("doc '%s' is not a source id in %s; did you mean '%s'?", doc,
                      ds->tables[KG_FILE_SOURCES].name, near);
        else
            ROW_ERROR("doc '%s' is not a source id in %s", doc, ds->tables[KG_FILE_SOURCES].name);
    }
    double confidence = -1.0;
    const char *conf = cell(ld, row, RC_CONFIDENCE);
    if (conf[0] && kg_confidence__parse(conf, &confidence) != 0)
        ROW_ERROR("confidence '%s' is not a number in [0,1]", conf);
    if (entity_ref(ld, line, row, RC_CLAIMED_BY, 0, &claimed_by, &bad) != KG_OK)
        return KG_ENOMEM;
    const char *status = ld->table->status_col >= 0 ? row[ld->table->status_col] : "";
    int contested = strcmp(status, "contested") == 0;
    if (!contested && status[0] && strcmp(status, "asserted") != 0)
        ROW_ERROR("status '%s' is not asserted or contested (empty means asserted)", status);
    size_t verb_index = KG_NONE;
    if (ds->vocab_ok && verb[0]) {
        /* the relation column is interned: its cell is the atom's string */
        verb_index = kg_vocab__find(ds, verb);
        if (verb_index == KG_NONE) {
            /* the nearest verb only while messages are stored: a million rows of one
             * unknown verb cost one search per stored message, not per row */
            const char *near = kg_diagnostics_full(ld->diags) ? NULL : kg_vocab__suggest(ds, verb);
            if (near)
                ROW_ERROR("relation '%s' is not in %s; did you mean '%s'?", verb, ds->vocab_name,
                          near);
            else
                ROW_ERROR("relation '%s' is not in %s", verb, ds->vocab_name);
        } else {
            int fixed = ds->verbs[verb_index].polarity;
            if (fixed >= 0 && fixed != KG_POLARITY_MIXED && polarity_code >= 0 &&
                (int)polarity != fixed)
                kg_diagnostics_add(ld->diags, KG_SEVERITY_WARNING, ld->table->name, line,
                                   "polarity '%s' contradicts relation '%s', which is %s in %s",
                                   kg_polarity_name(polarity), verb,
                                   kg_polarity_name((kg_polarity)fixed), ds->vocab_name);
        }
    }
    if (bad)
        return KG_OK;

    int symmetric = verb_index != KG_NONE && ds->verbs[verb_index].symmetric, reversed = 0;
    if (symmetric && id_after(ds->entities[source].id, ld->atoms[RC_SOURCE],
                              ds->entities[target].id, ld->atoms[RC_TARGET])) {
        size_t t = source; /* a symmetric relation is stored in id order (dataset.h) */
        source = target;
        target = t;
        reversed = 1;
    }
    size_t rel = kg_model__find_relation(ds, source, verb, target);
    if (rel == KG_NONE) {
        rel = kg_model__add_relation(ds, source, verb, target, line);
        if (rel == KG_NONE)
            return KG_ENOMEM;
        if (verb_index != KG_NONE)
            check_types(ld, line, rel, &ds->verbs[verb_index]);
    }
    if (symmetric && symmetric_row(ld, line, rel, reversed) != KG_OK)
        return KG_ENOMEM;
    kg_relation *r = &ds->relations[rel];
    const char *quote = cell(ld, row, RC_QUOTE);
    int new_doc = doc[0] != '\0';
    size_t duplicate = KG_NONE; /* the first earlier citation with this doc and quote */
    if (r->citation_count < CITE_INDEX_MIN) {
        for (size_t c = r->first_citation; c != KG_NONE; c = ds->citations[c].next) {
            const kg_citation *other = &ds->citations[c];
            if (strcmp(other->doc, doc) != 0)
                continue;
            new_doc = 0;
            if (strcmp(other->quote, quote) == 0) {
                duplicate = c;
                break;
            }
        }
    } else {
        if (r->citation_count == CITE_INDEX_MIN) /* index the relation's citations so far */
            for (size_t c = r->first_citation; c != KG_NONE; c = ds->citations[c].next)
                if (cite_index_add(ld, c) != KG_OK)
                    return KG_ENOMEM;
        uint64_t hd = cite_hash(rel, doc, quote, 0);
        if (doc[0] && cite_find(&ld->by_doc, ds, hd, rel, doc, quote, 0) != KG_NONE)
            new_doc = 0;
        duplicate = cite_find(&ld->by_quote, ds, kg_hash__bytes(quote, strlen(quote), hd), rel,
                              doc, quote, 1);
    }
    if (duplicate != KG_NONE)
        kg_diagnostics_add(ld->diags, KG_SEVERITY_WARNING, ld->table->name, line,
                           "duplicate citation: same relation, doc and quote as line %lu",
                           ds->citations[duplicate].line);
    if (kg_array__grow(&ds->citations, &ds->citation_cap, ds->citation_count, sizeof *ds->citations))
        return KG_ENOMEM;
    size_t ci = ds->citation_count++;
    ds->citations[ci] = (kg_citation){
        .relation = rel, .next = KG_NONE, .doc = doc, .source = source_index, .quote = quote,
        .date = date, .polarity = polarity, .confidence = confidence, .claimed_by = claimed_by,
        .line = line, .row = index, .contested = contested};
    if (r->first_citation == KG_NONE) {
        r->first_citation = ci;
        r->polarity = polarity;
    } else {
        ds->citations[ds->last_citation[rel]].next = ci;
        if (r->polarity != polarity)
            r->polarity = KG_POLARITY_MIXED;
    }
    ds->last_citation[rel] = ci;
    r->citation_count++;
    r->document_count += (size_t)new_doc;
    if (r->citation_count > CITE_INDEX_MIN && cite_index_add(ld, ci) != KG_OK)
        return KG_ENOMEM;
    return KG_OK;
}

/* The string-table hash of field f: the csv reader's (fields of up to INTERN_MAX bytes,
 * see load_file), else computed here. */
static uint64_t field_hash(const kg_csv_field *f)
{
    return f->len <= INTERN_MAX ? f->hash : kg_hash__bytes(f->data, f->len, 0);
}

static int on_row(void *ctx, unsigned long line, const kg_csv_field *fields, size_t count)
{
    loader *ld = ctx;
    kg_table *t = ld->table;
    if (!ld->header_done) {
        ld->header_done = 1;
        return read_header(ld, line, fields, count);
    }
    if (count > t->ncols) {
        kg_diagnostics_add(ld->diags, KG_SEVERITY_ERROR, t->name, line,
                           "row has %zu fields, the header has %zu", count, t->ncols);
        return KG_OK;
    }
    if (kg_array__grow(&t->cells, &t->rows_cap, t->rows, t->ncols * sizeof *t->cells))
        return KG_ENOMEM;
    const char **row = t->cells + t->rows * t->ncols;
    /* no intern below may move atoms: their pointers are kept for the row handler */
    if (kg_strpool__reserve(ld->ds->pool, KNOWN_MAX) != 0)
        return KG_ENOMEM;
    kg_atom *col_atoms[KNOWN_MAX] = {0};
    size_t natoms = 0;
    int atom_col[KNOWN_MAX];
    for (size_t i = 0; i < t->ncols; i++) {
        if (i >= count || fields[i].len == 0) {
            row[i] = "";
            continue;
        }
        int how = i < 4096 ? ld->intern_col[i] : 0;
        if (how == 2 || (how == 1 && fields[i].len <= INTERN_MAX)) {
            kg_atom *a = kg_strpool__intern_hashed(ld->ds->pool, fields[i].data, fields[i].len,
                                                  field_hash(&fields[i]));
            row[i] = a ? a->str : NULL;
            if (a && natoms < KNOWN_MAX) {
                atom_col[natoms] = (int)i;
                col_atoms[natoms++] = a;
            }
        } else {
            row[i] = kg_strpool__copy(ld->ds->pool, fields[i].data, fields[i].len);
        }
        if (!row[i])
            return KG_ENOMEM;
    }
    size_t nknown;
    kg_known__columns(ld->kind, &nknown);
    for (size_t k = 0; k < nknown; k++) {
        ld->atoms[k] = NULL;
        for (size_t j = 0; j < natoms; j++)
            if (atom_col[j] == t->known[k])
                ld->atoms[k] = col_atoms[j];
    }
    size_t index = t->rows++;
    switch (ld->kind) {
    case KG_FILE_ENTITIES: return entity_row(ld, line, row, index);
    case KG_FILE_RELATIONS: return relation_row(ld, line, row, index);
    default: return source_row(ld, line, row, index);
    }
}

/* ---- files ----------------------------------------------------------------------------- */

static char *join_path(const char *dir, const char *file)
{
    if (!dir || !dir[0] || strcmp(dir, ".") == 0)
        return kg__strdup(file);
    size_t n = strlen(dir);
    int slash = dir[n - 1] == '/';
    char *p = kg__malloc(n + strlen(file) + 2);
    if (p)
        sprintf(p, "%s%s%s", dir, slash ? "" : "/", file);
    return p;
}

/* The csv reader's look-ahead (kg_csv_ahead_fn) for relations.csv: 16 rows ahead, fetches
 * the string-table slots of the row's ids and verb; 8 rows ahead, when those are known
 * (their slots are in the cache by then), the relation index slot. On a big file the
 * loader otherwise waits on a cache miss at each of these look-ups. */
static void relation_ahead(void *ctx, const kg_csv_field *fields, size_t count, int stage)
{
    loader *ld = ctx;
    const int *known = ld->table->known;
    static const int cols[] = {RC_SOURCE, RC_RELATION, RC_TARGET};
    if (stage == 0) {
        for (size_t k = 0; k < sizeof cols / sizeof cols[0]; k++) {
            int i = known[cols[k]];
            if (i >= 0 && (size_t)i < count && fields[i].len)
                kg_strpool__prefetch_hashed(ld->ds->pool, field_hash(&fields[i]));
        }
        return;
    }
    const kg_atom *atoms[3];
    for (size_t k = 0; k < 3; k++) {
        int i = known[cols[k]];
        if (i < 0 || (size_t)i >= count || !fields[i].len)
            return;
        atoms[k] = kg_strpool__find_hashed(ld->ds->pool, fields[i].data, fields[i].len,
                                          field_hash(&fields[i]));
        if (!atoms[k])
            return;
    }
    if (!atoms[0]->entity || !atoms[2]->entity)
        return;
    size_t v = ld->ds->vocab_ok ? kg_vocab__find(ld->ds, atoms[1]->str) : KG_NONE;
    if (v != KG_NONE && ld->ds->verbs[v].symmetric &&
        id_after(atoms[0]->str, atoms[0], atoms[2]->str, atoms[2])) {
        const kg_atom *t = atoms[0]; /* stored in id order (relation_row) */
        atoms[0] = atoms[2];
        atoms[2] = t;
    }
    kg_model__prefetch_relation(ld->ds, atoms[0]->entity - 1u, atoms[1]->str,
                               atoms[2]->entity - 1u);
}

/* The path of a dataset file of kind in dir: NAME.csv, or NAME.tsv when only that
 * exists. NULL out of memory. */
static char *dataset_path(const char *dir, kg_file_kind kind)
{
    static const char *const csv[] = {"entities.csv", "relations.csv", "sources.csv"};
    static const char *const tsv[] = {"entities.tsv", "relations.tsv", "sources.tsv"};
    char *path = join_path(dir, csv[kind]);
    if (path && access(path, F_OK) != 0) {
        char *alt = join_path(dir, tsv[kind]);
        if (!alt || access(alt, F_OK) == 0) {
            kg_free(path);
            return alt; /* NULL out of memory */
        }
        kg_free(alt);
    }
    return path;
}

/* 1 when file kind of the dataset will be read from neither memory nor an explicit path
 * and is absent from dir, 0 when not, -1 out of memory. */
static int absent(const kg_load_options *o, const char *dir, kg_file_kind kind)
{
    if (o->memory[kind].data || o->paths[kind])
        return 0;
    char *path = dataset_path(dir, kind);
    if (!path)
        return -1;
    int gone = access(path, F_OK) != 0;
    kg_free(path);
    return gone;
}

static int load_file(loader *ld, kg_file_kind kind, const char *dir, int *read_whole)
{
    static const char *const files[] = {"entities.csv", "relations.csv", "sources.csv"};
    const kg_load_options *o = ld->opts;
    kg_table *t = &ld->ds->tables[kind];
    char *path = NULL;
    kg_csv_input in = {.max_field_bytes = o->max_field_bytes, .max_file_bytes = o->max_file_bytes,
                       .max_rows = o->max_rows, .progress = o->progress,
                       .hash_max = INTERN_MAX, .delimiter = o->delimiter,
                       .delimiter_used = &ld->delimiter};
    *read_whole = 0;
    if (o->memory[kind].data) {
        t->name = kg__strdup(o->memory[kind].name ? o->memory[kind].name : files[kind]);
        in.data = o->memory[kind].data;
        in.size = o->memory[kind].size;
    } else {
        if (o->paths[kind])
            path = kg__strdup(o->paths[kind]);
        else if (ld->single_file && kind == KG_FILE_RELATIONS)
            path = kg__strdup(dir);
        else if (ld->single_file) {
            *read_whole = 1;
            return kind == KG_FILE_ENTITIES ? edge_list_table(ld) : KG_OK;
        } else
            path = dataset_path(dir, kind);
        if (!path)
            return KG_ENOMEM;
        if (kind == KG_FILE_SOURCES && !o->paths[kind] && access(path, F_OK) != 0) {
            kg_free(path);
            *read_whole = 1;
            return KG_OK; /* sources.csv is optional */
        }
        t->name = kg__strdup(path);
        in.path = path;
    }
    if (!t->name) {
        kg_free(path);
        return KG_ENOMEM;
    }
    t->present = 1;
    in.name = t->name;
    if (kind == KG_FILE_RELATIONS)
        in.ahead = relation_ahead;
    ld->kind = kind;
    ld->table = t;
    ld->header_done = 0;
    ld->delimiter = ',';
    int rc = kg_csv__read(&in, ld->diags, on_row, ld, NULL);
    kg_free(path);
    *read_whole = rc == KG_OK;
    return rc == KG_ENOMEM ? KG_ENOMEM : KG_OK;
}

static void final_checks(loader *ld)
{
    kg_dataset *ds = ld->ds;
    if (ds->entity_count) {
        ds->entity_used = kg__calloc(ds->entity_count, 1);
        if (!ds->entity_used)
            return;
        for (size_t i = 0; i < ds->relation_count; i++) {
            ds->entity_used[ds->relations[i].source] = 1;
            ds->entity_used[ds->relations[i].target] = 1;
        }
        for (size_t i = 0; i < ds->citation_count; i++)
            if (ds->citations[i].claimed_by != KG_NONE)
                ds->entity_used[ds->citations[i].claimed_by] = 1;
        for (size_t i = 0; i < ds->entity_count; i++)
            if (!ds->entity_used[i])
                kg_diagnostics_add(ld->diags, KG_SEVERITY_WARNING, ds->tables[KG_FILE_ENTITIES].name,
                                   ds->entities[i].line, "entity '%s' takes part in no relation",
                                   ds->entities[i].id);
    }
    if (ds->source_count) {
        unsigned char *cited = kg__calloc(ds->source_count, 1);
        if (!cited)
            return;
        for (size_t i = 0; i < ds->citation_count; i++)
            if (ds->citations[i].source != KG_NONE)
                cited[ds->citations[i].source] = 1;
        for (size_t i = 0; i < ds->source_count; i++)
            if (!cited[i])
                kg_diagnostics_add(ld->diags, KG_SEVERITY_WARNING, ds->tables[KG_FILE_SOURCES].name,
                                   ds->sources[i].line, "source '%s' is cited by no relation",
                                   ds->sources[i].id);
        kg_free(cited);
    }
}

int kg_dataset_load(kg_dataset **out, const char *dir, const kg_load_options *opts_arg,
                    kg_diagnostics *diags_arg)
{
    kg_load_options defaults;
    kg_diagnostics *own_diags = NULL, *diags = diags_arg;
    kg_dataset *ds = NULL;
    int rc = KG_OK, whole;
    loader ld = {0};
    *out = NULL;
    if (!opts_arg)
        kg_load_options_init(&defaults);
    const kg_load_options *opts = opts_arg ? opts_arg : &defaults;
    if (!diags && kg_diagnostics_new(&own_diags, 0) != KG_OK)
        return kg_error__set(KG_ENOMEM, "out of memory");
    if (own_diags)
        diags = own_diags;
    size_t errors_before = kg_diagnostics_errors(diags);

    ds = kg__calloc(1, sizeof *ds);
    if (!ds || !(ds->pool = kg_strpool__new())) {
        rc = KG_ENOMEM;
        goto cleanup;
    }
    ld = (loader){.ds = ds, .opts = opts, .diags = diags};
    kg_suggest__budget_init(&ld.suggest_budget);
    if ((rc = kg_vocab__load(ds, dir, opts, diags)) != KG_OK)
        goto cleanup;
    struct stat st;
    /* an edge list: DATASET is the relations file itself, or a directory without
     * entities.csv (but with relations.csv) */
    ld.single_file = dir && !opts->memory[KG_FILE_RELATIONS].data &&
                     !opts->paths[KG_FILE_RELATIONS] && stat(dir, &st) == 0 && S_ISREG(st.st_mode);
    if (ld.single_file) {
        ld.edge_list = !opts->memory[KG_FILE_ENTITIES].data && !opts->paths[KG_FILE_ENTITIES];
    } else {
        int no_entities = absent(opts, dir, KG_FILE_ENTITIES);
        int no_relations = absent(opts, dir, KG_FILE_RELATIONS);
        if (no_entities < 0 || no_relations < 0) {
            rc = KG_ENOMEM;
            goto cleanup;
        }
        ld.edge_list = no_entities && !no_relations;
    }
    if ((rc = load_file(&ld, KG_FILE_SOURCES, dir, &whole)) != KG_OK)
        goto cleanup;
    ld.sources_ok = whole;
    if (ld.edge_list && !ld.single_file) {
        if ((rc = edge_list_table(&ld)) != KG_OK)
            goto cleanup;
        whole = 1;
    } else if ((rc = load_file(&ld, KG_FILE_ENTITIES, dir, &whole)) != KG_OK) {
        goto cleanup;
    }
    ld.entities_ok = whole;
    if ((rc = load_file(&ld, KG_FILE_RELATIONS, dir, &whole)) != KG_OK)
        goto cleanup;
    ds->created_entities = ld.created;
    if (ld.created)
        kg_diagnostics_add(diags, KG_SEVERITY_NOTE, ds->tables[KG_FILE_RELATIONS].name, 0,
                           "no entities.csv: %zu entit%s created from the relations (id and "
                           "label = the value, no type)",
                           ld.created, ld.created == 1 ? "y" : "ies");
    size_t errors = kg_diagnostics_errors(diags) - errors_before;
    if (errors == 0)
        final_checks(&ld);
    errors = kg_diagnostics_errors(diags) - errors_before;
    if (errors) {
        rc = kg_error__set(KG_EINVALID, "%zu error%s in the dataset", errors, errors == 1 ? "" : "s");
        goto cleanup;
    }
    *out = ds;
    ds = NULL;

cleanup:
    if (rc == KG_ENOMEM)
        kg_error__set(KG_ENOMEM, "out of memory while loading the dataset");
    kg_free(ld.by_doc.slots);
    kg_free(ld.by_quote.slots);
    kg_free(ld.sym_dirs);
    kg_dataset_free(ds);
    kg_diagnostics_free(own_diags);
    return rc;
}
