/* fuzz_load.c: libFuzzer harness for the dataset loader (CSV parsing, checks, the model).
 *
 * Each input (see fuzz_input.h) is loaded from memory with limits drawn from its hash
 * (defaults, or small field and row limits so the limit paths run too); then the model
 * is walked end to end, so ASan sees every string and index the loader handed out, and
 * the loader's contract is asserted (KG_OK exactly when there is a dataset and no error).
 *
 * Chunks: the public loader takes a memory input in one piece and reads files in 1 MiB
 * pieces (csvread.c's READ_CHUNK); it has no entry point for feeding arbitrary chunks.
 * So one input in 32 (every one in the replay) is also written to files, each padded at its start with spaces
 * (which libcsv skips before a field: the data reads the same) so that the 1 MiB read
 * boundary falls at an offset into the data drawn from the hash, and read through the
 * file path, in the calling thread and by the reader thread (kg_csv__thread_threshold).
 * The two file loads must agree exactly (status, every diagnostic, the model's counts),
 * and with the same padded bytes loaded from memory in one piece up to the documented
 * exception for lone CRs after a stop (see compare). Any difference aborts, so libFuzzer
 * saves the input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dataset/csvread.h"
#include "fuzz_input.h"
#include "kgraph.h"

#define READ_CHUNK (1u << 20) /* csvread.c's file read size */

/* Aborts with a message: libFuzzer reports it as a crash and keeps the input. */
static void die(const char *what)
{
    fprintf(stderr, "fuzz_load: %s\n", what);
    abort();
}

/* Touches every string and index of the model; checks the documented invariants. */
static void walk_model(const kg_dataset *ds)
{
    size_t n_ent = kg_dataset_entity_count(ds), n_rel = kg_dataset_relation_count(ds);
    size_t n_cit = kg_dataset_citation_count(ds), n_src = kg_dataset_source_count(ds);
    volatile size_t sink = 0;
    for (size_t i = 0; i < n_ent; i++) {
        const kg_entity *e = kg_dataset_entity(ds, i);
        sink += strlen(e->id) + strlen(e->label) + strlen(e->type) + strlen(e->aliases) +
                strlen(e->description) + strlen(e->url);
        if (!e->id[0] || kg_dataset_find_entity(ds, e->id) != i)
            die("an entity id is empty or does not find its entity");
    }
    for (size_t i = 0; i < n_src; i++) {
        const kg_source *s = kg_dataset_source(ds, i);
        sink += strlen(s->id) + strlen(s->title) + strlen(s->publisher) + strlen(s->author) +
                strlen(s->date) + strlen(s->url) + strlen(s->file);
        if (kg_dataset_find_source(ds, s->id) != i)
            die("a source id does not find its source");
    }
    size_t cited = 0;
    for (size_t i = 0; i < n_rel; i++) {
        const kg_relation *r = kg_dataset_relation(ds, i);
        if (r->source >= n_ent || r->target >= n_ent)
            die("a relation end is out of range");
        sink += strlen(r->relation);
        size_t steps = 0;
        for (size_t c = r->first_citation; c != KG_NONE; c = kg_dataset_citation(ds, c)->next) {
            const kg_citation *ct = kg_dataset_citation(ds, c);
            if (c >= n_cit || ct->relation != i || ++steps > n_cit)
                die("a citation chain is broken");
            if (ct->claimed_by != KG_NONE && ct->claimed_by >= n_ent)
                die("claimed_by is out of range");
            if (ct->source != KG_NONE && ct->source >= n_src)
                die("a citation's source is out of range");
            sink += strlen(ct->doc) + strlen(ct->quote) + strlen(ct->date);
        }
        if (steps != r->citation_count || r->document_count > steps)
            die("citation_count or document_count disagrees with the chain");
        cited += steps;
        const kg_entity *s = kg_dataset_entity(ds, r->source), *t = kg_dataset_entity(ds, r->target);
        if (kg_dataset_find_relation(ds, s->id, r->relation, t->id) != i)
            die("a relation does not find itself");
        /* the vocabulary: every verb known, a symmetric relation in id order, found
         * either way round */
        size_t verb = kg_dataset_relation_verb(ds, r);
        if (kg_dataset_has_vocabulary(ds) != (verb != KG_NONE))
            die("a relation's verb index disagrees with the vocabulary's presence");
        if (verb != KG_NONE && strcmp(kg_dataset_verb(ds, verb)->verb, r->relation) != 0)
            die("a relation's verb index names another verb");
        if (kg_dataset_relation_symmetric(ds, r) &&
            (strcmp(s->id, t->id) > 0 || kg_dataset_find_relation(ds, t->id, r->relation, s->id) != i))
            die("a symmetric relation is not in id order or not found reversed");
    }
    size_t n_verbs = kg_dataset_verb_count(ds);
    for (size_t v = 0; v < n_verbs; v++) {
        const kg_verb *vb = kg_dataset_verb(ds, v);
        sink += strlen(vb->meaning) + strlen(vb->source_types) + strlen(vb->target_types);
        if (kg_dataset_find_verb(ds, vb->verb) != v)
            die("a verb does not find itself");
        if (vb->inverse != KG_NONE && vb->inverse >= n_verbs)
            die("a verb's inverse is out of range");
    }
    if (cited != n_cit)
        die("citations are not all in a chain");
    for (int k = 0; k < KG_FILE_COUNT; k++) {
        size_t cols = kg_dataset_column_count(ds, (kg_file_kind)k);
        size_t rows = kg_dataset_row_count(ds, (kg_file_kind)k);
        for (size_t c = 0; c < cols; c++)
            sink += strlen(kg_dataset_column_name(ds, (kg_file_kind)k, c));
        for (size_t r = 0; r < rows; r++)
            for (size_t c = 0; c < cols; c++)
                sink += strlen(kg_dataset_cell(ds, (kg_file_kind)k, r, c));
        if (kg_dataset_cell(ds, (kg_file_kind)k, rows, 0) || kg_dataset_column_name(ds, (kg_file_kind)k, cols))
            die("out-of-range cells are not NULL");
    }
    (void)sink;
}

/* Runs the analyses on a loaded dataset (statistics, conflicts, duplicate entities) and
 * writes each in every format, checking what must hold whatever the data: degrees sum to
 * twice the edges, components partition the entities, exact betweenness lies in [0, 1]. */
static void analyse(const kg_dataset *ds)
{
    kg_stats_options so;
    kg_stats_options_init(&so);
    so.betweenness = kg_dataset_entity_count(ds) <= 300 ? KG_BETWEENNESS_EXACT : KG_BETWEENNESS_SAMPLED;
    so.samples = 8;
    kg_stats *st = NULL;
    kg_conflicts *cf = NULL;
    kg_diagnostics *dd = NULL;
    if (kg_stats_compute(&st, ds, &so) != KG_OK || kg_conflicts_find(&cf, ds, NULL) != KG_OK ||
        kg_diagnostics_new(&dd, 0) != KG_OK || kg_duplicates_check(ds, dd, NULL) != KG_OK)
        die("an analysis failed on a valid dataset");
    const kg_stats_totals *t = kg_stats_get_totals(st);
    size_t degrees = 0, sizes = 0;
    for (size_t i = 0; i < t->entities; i++) {
        const kg_entity_stats *e = kg_stats_entity(st, i);
        degrees += e->degree;
        if (e->component < 1 || e->component > t->components)
            die("a component number is out of range");
        if (t->betweenness == KG_BETWEENNESS_EXACT && !(e->betweenness >= 0.0 && e->betweenness <= 1.0 + 1e-9))
            die("an exact betweenness is outside [0, 1]");
    }
    for (size_t c = 1; c <= t->components; c++)
        sizes += kg_stats_component_size(st, c);
    if (degrees != 2 * t->edges || sizes != t->entities)
        die("degrees or component sizes do not add up");
    FILE *sink = fopen("/dev/null", "w");
    if (sink) {
        for (int f = 0; f < 3; f++) {
            kg_stats_write(sink, st, ds, (kg_stats_format)f, 5);
            kg_conflicts_write(sink, cf, ds, (kg_conflicts_format)f);
        }
        fclose(sink);
    }
    kg_stats_free(st);
    kg_conflicts_free(cf);
    kg_diagnostics_free(dd);
}

/* Loads with dir and opts and checks the contract; returns the status, *out the dataset. */
static int load(kg_dataset **out, const char *dir, const kg_load_options *opts,
                kg_diagnostics *diags)
{
    *out = (kg_dataset *)1;
    int rc = kg_dataset_load(out, dir, opts, diags);
    if ((rc == KG_OK) != (*out != NULL))
        die("the status and the dataset pointer disagree");
    if (rc == KG_OK && kg_diagnostics_errors(diags) != 0)
        die("KG_OK with errors");
    if (rc == KG_EINVALID && kg_diagnostics_errors(diags) == 0)
        die("KG_EINVALID without an error");
    if (rc != KG_OK && !kg_last_error()[0])
        die("a failure without a last-error message");
    for (size_t i = 0; i < kg_diagnostics_count(diags); i++)
        if (!kg_diagnostics_get(diags, i)->message[0])
            die("an empty diagnostic");
    return rc;
}

static char work_dir_path[512];

/* Removes the (by then empty) work directory at exit. */
static void remove_work_dir(void)
{
    rmdir(work_dir_path);
}

/* The directory for the padded files: $TMPDIR (else /dev/shm, else /tmp), made once and
 * removed at exit. */
static const char *work_dir(void)
{
    char *dir = work_dir_path;
    if (!dir[0]) {
        const char *base = getenv("TMPDIR");
        if (!base || !base[0])
            base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
        snprintf(dir, sizeof work_dir_path, "%s/kgraph-fuzz-load-XXXXXX", base);
        if (!mkdtemp(dir))
            die("cannot create a temporary directory");
        atexit(remove_work_dir);
    }
    return dir;
}

/* Builds the padded form of part: [BOM] spaces data, the spaces sized so the byte at
 * offset cut of the data (after any BOM) is the first of the second read chunk. */
static char *pad(const char *part, size_t size, size_t cut, size_t *out_size)
{
    size_t bom = size >= 3 && memcmp(part, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    size_t spaces = READ_CHUNK - bom - cut;
    char *p = malloc(size + spaces);
    if (!p)
        die("out of memory");
    memcpy(p, part, bom);
    memset(p + bom, ' ', spaces);
    memcpy(p + bom + spaces, part + bom, size - bom);
    *out_size = size + spaces;
    return p;
}

/* Prints every stored diagnostic of d (what a failed comparison shows). */
static void dump(const char *which, const kg_diagnostics *d)
{
    fprintf(stderr, "fuzz_load: %s: %zu errors, %zu warnings\n", which, kg_diagnostics_errors(d),
            kg_diagnostics_warnings(d));
    for (size_t i = 0; i < kg_diagnostics_count(d); i++) {
        const kg_diag *x = kg_diagnostics_get(d, i);
        fprintf(stderr, "  %s:%lu: %s\n", x->file, x->line, x->message);
    }
}

#define LONE_CR "control character U+000D (a carriage return not followed by a line feed)"

/* Nonzero when d is a lone-CR error (see compare). */
static int lone_cr(const kg_diag *d)
{
    return strcmp(d->message, LONE_CR) == 0;
}

/* Nonzero when list holds a diagnostic equal to d. */
static int has_diag(const kg_diagnostics *list, const kg_diag *d)
{
    for (size_t i = 0; i < kg_diagnostics_count(list); i++) {
        const kg_diag *x = kg_diagnostics_get(list, i);
        if (x->severity == d->severity && x->line == d->line && strcmp(x->file, d->file) == 0 &&
            strcmp(x->message, d->message) == 0)
            return 1;
    }
    return 0;
}

/* Compares two loads of the same bytes; aborts on any difference. With exact 0, lone-CR
 * errors are compared as a subset: after a row stops the reading, csvread.c still scans
 * the rest of the current chunk for lone CRs only, so a file read in 1 MiB chunks may
 * report fewer of them than the same bytes in memory (one chunk), never others. */
static void compare(const char *what, int exact, int rc_a, const kg_dataset *a,
                    const kg_diagnostics *da, int rc_b, const kg_dataset *b,
                    const kg_diagnostics *db)
{
    const char *problem = NULL;
    size_t i = 0, k = 0, na = kg_diagnostics_count(da), nb = kg_diagnostics_count(db);
    if (rc_a != rc_b)
        problem = "status";
    while (!problem && (i < na || k < nb)) {
        const kg_diag *x = i < na ? kg_diagnostics_get(da, i) : NULL;
        const kg_diag *y = k < nb ? kg_diagnostics_get(db, k) : NULL;
        if (!exact && x && lone_cr(x)) {
            i++;
            continue;
        }
        if (!exact && y && lone_cr(y)) {
            if (!has_diag(da, y))
                problem = "a lone CR only the second load reports";
            k++;
            continue;
        }
        if (!x || !y || x->severity != y->severity || x->line != y->line ||
            strcmp(x->file, y->file) != 0 || strcmp(x->message, y->message) != 0)
            problem = "diagnostics";
        i++;
        k++;
    }
    if (!problem && exact &&
        (kg_diagnostics_errors(da) != kg_diagnostics_errors(db) ||
         kg_diagnostics_warnings(da) != kg_diagnostics_warnings(db)))
        problem = "error or warning totals";
    if (!problem && a &&
        (kg_dataset_entity_count(a) != kg_dataset_entity_count(b) ||
         kg_dataset_relation_count(a) != kg_dataset_relation_count(b) ||
         kg_dataset_citation_count(a) != kg_dataset_citation_count(b) ||
         kg_dataset_source_count(a) != kg_dataset_source_count(b)))
        problem = "the model";
    if (problem) {
        fprintf(stderr, "fuzz_load: %s: status %d vs %d\n", what, rc_a, rc_b);
        dump("first", da);
        dump("second", db);
        fprintf(stderr, "fuzz_load: %s differ in %s\n", what, problem);
        abort();
    }
}

/* Loads the padded parts from memory (one piece) and from files (1 MiB pieces) in the
 * calling thread and by the reader thread, and compares the three. */
static void chunk_boundaries(const fuzz_input *in, const kg_load_options *base, uint64_t *rng)
{
    static const char *const names[] = {"entities.csv", "relations.csv", "sources.csv"};
    char paths[KG_FILE_COUNT][600];
    char *padded[KG_FILE_COUNT] = {NULL};
    size_t sizes[KG_FILE_COUNT] = {0};
    kg_load_options mem = *base, file = *base;
    mem.max_file_bytes = file.max_file_bytes = 0;
    for (int k = 0; k < KG_FILE_COUNT; k++) {
        if (!base->memory[k].data)
            continue;
        size_t body = in->size[k] >= 3 && memcmp(in->part[k], "\xEF\xBB\xBF", 3) == 0 ? in->size[k] - 3 : in->size[k];
        padded[k] = pad(in->part[k], in->size[k], (size_t)(fuzz_next(rng) % (body + 1)), &sizes[k]);
        snprintf(paths[k], sizeof paths[k], "%s/%s", work_dir(), names[k]);
        FILE *f = fopen(paths[k], "wb");
        if (!f || fwrite(padded[k], 1, sizes[k], f) != sizes[k] || fclose(f) != 0)
            die("cannot write a padded file");
        mem.memory[k] = (kg_memory_file){paths[k], padded[k], sizes[k]};
        file.memory[k] = (kg_memory_file){NULL, NULL, 0};
        file.paths[k] = paths[k];
    }
    /* no error cap: a cap would turn a difference in lone CRs into different stored errors */
    kg_diagnostics *dm = NULL, *dd = NULL, *dt = NULL;
    kg_dataset *m = NULL, *d = NULL, *t = NULL;
    if (kg_diagnostics_new(&dm, 1000000) == KG_OK && kg_diagnostics_new(&dd, 1000000) == KG_OK &&
        kg_diagnostics_new(&dt, 1000000) == KG_OK) {
        int rc_m = load(&m, NULL, &mem, dm);
        /* work_dir() holds no sources.csv unless the input has one */
        uint64_t old = kg_csv__thread_threshold(UINT64_MAX);
        int rc_d = load(&d, work_dir(), &file, dd);
        kg_csv__thread_threshold(0);
        int rc_t = load(&t, work_dir(), &file, dt);
        kg_csv__thread_threshold(old);
        compare("file loads in the calling thread and by the reader thread", 1, rc_d, d, dd, rc_t, t, dt);
        compare("memory (one piece) and file (1 MiB pieces) loads", 0, rc_m, m, dm, rc_d, d, dd);
    }
    kg_dataset_free(m);
    kg_dataset_free(d);
    kg_dataset_free(t);
    kg_diagnostics_free(dm);
    kg_diagnostics_free(dd);
    kg_diagnostics_free(dt);
    for (int k = 0; k < KG_FILE_COUNT; k++) {
        if (padded[k])
            unlink(paths[k]);
        free(padded[k]);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_input in;
    fuzz_split(&in, data, size);
    uint64_t rng = in.hash;
    kg_load_options opts;
    kg_load_options_init(&opts);
    fuzz_memory_files(&in, &opts);
    uint64_t mode = fuzz_next(&rng);
    if ((mode & 3) == 0)
        opts.max_field_bytes = 1 + (size_t)(fuzz_next(&rng) % 48);
    if ((mode & 12) == 0)
        opts.max_rows = 1 + (size_t)(fuzz_next(&rng) % 8);
    if ((mode & 48) == 0)
        opts.max_file_bytes = 1 + fuzz_next(&rng) % 256;

    kg_diagnostics *diags;
    if (kg_diagnostics_new(&diags, 1 + (size_t)(fuzz_next(&rng) % 100)) != KG_OK)
        return 0;
    kg_dataset *ds;
    if (load(&ds, NULL, &opts, diags) == KG_OK) {
        walk_model(ds);
        analyse(ds);
    }
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    if (mem) {
        kg_diagnostics_print(diags, mem, NULL, (int)(mode >> 8 & 1));
        fclose(mem);
    }
    free(text);
    kg_dataset_free(ds);
    kg_diagnostics_free(diags);

    if (fuzz_replay_all || (mode >> 12 & 31) == 0)
        chunk_boundaries(&in, &opts, &rng);
    return 0;
}
