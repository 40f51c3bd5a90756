/* diff_load.c: kg_diff_load: loading both sides and choosing the method (scan or model),
 * including the single-file mode used by `git diff` on one file of a dataset. */
#include <string.h>
#include <sys/stat.h>

#include "base/base_internal.h"
#include "diff_internal.h"
#include "graph/graph_internal.h"
#include "dataset/dataset_internal.h"

/* AUTO scans inputs of this many bytes or more (both sides' files together). */
#define SCAN_MIN_BYTES (8u << 20)

/* The loader's limits when kg_load_options leaves them 0 (kgraph/dataset.h). */
#define DEFAULT_MAX_FIELD (1u << 20)
#define DEFAULT_MAX_FILE (4ull << 30)
#define DEFAULT_MAX_ROWS 10000000u

static const char *const file_names[KG_FILE_COUNT] = {"entities.csv", "relations.csv",
                                                       "sources.csv"};

/* The kind of the single file of a single-file diff (kinds has one bit). */
static kg_file_kind single_kind(unsigned kinds)
{
    return kinds == KG_DIFF_ENTITIES ? KG_FILE_ENTITIES
           : kinds == KG_DIFF_SOURCES ? KG_FILE_SOURCES
                                      : KG_FILE_RELATIONS;
}

/* The size of one file of a side, 0 when unknown. */
static uint64_t file_bytes(const kg_diff_input *in, kg_file_kind k)
{
    const kg_load_options *o = in->load;
    if (o && o->memory[k].data)
        return o->memory[k].size;
    char path[4096];
    if (o && o->paths[k])
        snprintf(path, sizeof path, "%s", o->paths[k]);
    else
        snprintf(path, sizeof path, "%s/%s", in->dir ? in->dir : ".", file_names[k]);
    struct stat st;
    return stat(path, &st) == 0 ? (uint64_t)st.st_size : 0;
}

/* ---- single-file mode: the other files of each side are made up ---------------------- */

/* Collects the distinct values of some columns of a relations file. */
typedef struct collector {
    const kg_load_options *opts;
    int cols[2][3];      /* [0]: entity columns (source target claimed_by), [1]: doc */
    kg_strpool *seen[2]; /* values met, per list */
    kg_buf out[2];       /* the made-up files: their header, then one value a row */
    size_t rows[2];      /* rows of each (header excluded) */
    size_t longest;      /* the longest value */
    int header_done;
    int rc;
} collector;

/* Appends value as one quoted CSV field. KG_OK or KG_ENOMEM. */
static int put_csv_field(kg_buf *b, const char *value, size_t len)
{
    int rc = kg_buf__putc(b, '"');
    for (size_t i = 0; i < len && rc == KG_OK; i++)
        rc = value[i] == '"' ? kg_buf__puts(b, "\"\"") : kg_buf__putc(b, value[i]);
    return rc == KG_OK ? kg_buf__putc(b, '"') : rc;
}

/* Appends value as one CSV field and a newline. KG_OK or KG_ENOMEM. */
static int put_csv_row(kg_buf *b, const char *value, size_t len)
{
    int rc = put_csv_field(b, value, len);
    return rc == KG_OK ? kg_buf__putc(b, '\n') : rc;
}

static int collect_row(void *ctx, unsigned long line, const kg_csv_field *fields, size_t count)
{
    collector *c = ctx;
    (void)line;
    if (!c->header_done) {
        /* the columns as the loader finds them (headers.c: maps, case, synonyms) */
        const char **headers = kg__calloc(count ? count : 1, sizeof *headers);
        int known[KNOWN_MAX];
        if (!headers)
            return c->rc = KG_ENOMEM;
        for (size_t i = 0; i < count; i++)
            headers[i] = fields[i].data;
        kg_header__resolve(KG_FILE_RELATIONS, headers, count, c->opts->maps, c->opts->map_count,
                           known, NULL);
        kg_free(headers);
        c->header_done = 1;
        c->cols[0][0] = known[RC_SOURCE];
        c->cols[0][1] = known[RC_TARGET];
        c->cols[0][2] = known[RC_CLAIMED_BY];
        c->cols[1][0] = known[RC_DOC];
        c->cols[1][1] = c->cols[1][2] = -1;
        return KG_OK;
    }
    for (int l = 0; l < 2; l++)
        for (int k = 0; k < 3; k++) {
            int col = c->cols[l][k];
            if (col < 0 || (size_t)col >= count || !fields[col].len)
                continue;
            kg_atom *a = kg_strpool__intern(c->seen[l], fields[col].data, fields[col].len);
            if (!a)
                return c->rc = KG_ENOMEM;
            if (a->entity)
                continue;
            a->entity = 1;
            if (put_csv_row(&c->out[l], fields[col].data, fields[col].len) != KG_OK)
                return c->rc = KG_ENOMEM;
            c->rows[l]++;
            if (fields[col].len > c->longest)
                c->longest = fields[col].len;
        }
    return KG_OK;
}

/* Made-up companions of a single file, owned by the caller (free with companions_free). */
typedef struct companions {
    kg_buf files[KG_FILE_COUNT];
    char *names[KG_FILE_COUNT];
} companions;

static void companions_free(companions *c)
{
    for (int k = 0; k < KG_FILE_COUNT; k++) {
        kg_buf__free(&c->files[k]);
        kg_free(c->names[k]);
    }
}

/* Appends the header of a made-up file of kind: its required columns, then every other
 * column a --map names for that file, each under its mapped header (the loader refuses a
 * --map naming a header a file lacks). Sets *longest to the longest name if longer.
 * KG_OK or KG_ENOMEM. */
static int companion_header(kg_buf *b, const kg_load_options *lo, kg_file_kind kind, size_t *longest)
{
    static const char *const required[KG_FILE_COUNT][3] = {
        {"id", NULL, NULL}, {"source", "relation", "target"}, {"id", NULL, NULL}};
    const char *names[3 + KG_MAX_COLUMN_MAPS];
    size_t n = 0;
    for (int i = 0; i < 3 && required[kind][i]; i++) {
        const char *name = required[kind][i];
        for (size_t m = 0; m < lo->map_count; m++)
            if (lo->maps[m].file == kind && strcmp(lo->maps[m].column, required[kind][i]) == 0)
                name = lo->maps[m].header;
        names[n++] = name;
    }
    for (size_t m = 0; m < lo->map_count; m++) {
        if (lo->maps[m].file != kind)
            continue;
        int req = 0;
        for (int i = 0; i < 3 && required[kind][i]; i++)
            req |= strcmp(lo->maps[m].column, required[kind][i]) == 0;
        if (!req)
            names[n++] = lo->maps[m].header;
    }
    int rc = KG_OK;
    for (size_t i = 0; i < n && rc == KG_OK; i++) {
        size_t len = strlen(names[i]);
        if (len > *longest)
            *longest = len;
        if (i) /* the made-up files are read with the user's delimiter, if one is forced */
            rc = kg_buf__putc(b, lo->delimiter ? lo->delimiter : ',');
        if (rc == KG_OK)
            rc = put_csv_field(b, names[i], len);
    }
    return rc == KG_OK ? kg_buf__putc(b, '\n') : rc;
}

static int count_row(void *ctx, unsigned long line, const kg_csv_field *fields, size_t count)
{
    (void)ctx;
    (void)line;
    (void)fields;
    (void)count;
    return KG_OK;
}

/* Nonzero when file kind of lo (its path or memory) reads without a single error under
 * lo's limits (KG_ENOMEM in *rc when out of memory). */
static int reads_cleanly(const kg_load_options *lo, kg_file_kind kind, int *rc)
{
    kg_diagnostics *diags = NULL;
    if (kg_diagnostics_new(&diags, 1) != KG_OK) {
        *rc = KG_ENOMEM;
        return 0;
    }
    kg_csv_input ci = {.name = file_names[kind], .path = lo->paths[kind],
                       .data = lo->memory[kind].data, .size = lo->memory[kind].size,
                       .max_field_bytes = lo->max_field_bytes,
                       .max_file_bytes = lo->max_file_bytes, .max_rows = lo->max_rows,
                       .delimiter = lo->delimiter};
    int r = kg_csv__read(&ci, diags, count_row, NULL, NULL);
    int clean = r == KG_OK && kg_diagnostics_errors(diags) == 0;
    if (r == KG_ENOMEM)
        *rc = KG_ENOMEM;
    kg_diagnostics_free(diags);
    return clean;
}

/* Fills *lo with in's options where every file but the one of kind comes from memory:
 * for relations.csv, an entities.csv of every entity id it names and a sources.csv of
 * every doc; otherwise tables of a header alone. The made-up files are not the user's:
 * when one would pass a limit (--max-field-size below a header's length, more made-up
 * entities than --max-rows) while the file compared reads cleanly within the limits, the
 * limits are raised to what the made-up files need, which changes nothing for that file.
 * KG_OK or KG_ENOMEM. */
static int make_companions(companions *c, kg_load_options *lo, const kg_diff_input *in,
                           kg_file_kind kind)
{
    collector col;
    int rc = KG_OK, real_clean = -1; /* -1: not known yet */
    size_t longest = 0;
    memset(c, 0, sizeof *c);
    memset(&col, 0, sizeof col);
    if (in->load)
        *lo = *in->load;
    else
        kg_load_options_init(lo);
    /* the file itself, by an explicit path when it came from the directory */
    if (!lo->memory[kind].data && !lo->paths[kind]) {
        size_t n = strlen(in->dir ? in->dir : ".") + strlen(file_names[kind]) + 2;
        if (!(c->names[kind] = kg__malloc(n)))
            return KG_ENOMEM;
        snprintf(c->names[kind], n, "%s/%s", in->dir ? in->dir : ".", file_names[kind]);
        lo->paths[kind] = c->names[kind];
    }
    for (int k = 0; k < KG_FILE_COUNT; k++)
        if (k != (int)kind && companion_header(&c->files[k], lo, (kg_file_kind)k, &longest) != KG_OK)
            return KG_ENOMEM;
    if (kind == KG_FILE_RELATIONS) {
        kg_diagnostics *ignored = NULL;
        kg_csv_input ci = {.name = file_names[kind], .path = lo->paths[kind],
                           .data = lo->memory[kind].data, .size = lo->memory[kind].size,
                           .max_field_bytes = lo->max_field_bytes,
                           .max_file_bytes = lo->max_file_bytes, .max_rows = lo->max_rows,
                           .delimiter = lo->delimiter};
        col.opts = lo;
        col.seen[0] = kg_strpool__new();
        col.seen[1] = kg_strpool__new();
        col.out[0] = c->files[KG_FILE_ENTITIES];
        col.out[1] = c->files[KG_FILE_SOURCES];
        memset(&c->files[KG_FILE_ENTITIES], 0, sizeof(kg_buf));
        memset(&c->files[KG_FILE_SOURCES], 0, sizeof(kg_buf));
        if (!col.seen[0] || !col.seen[1] || kg_diagnostics_new(&ignored, 1) != KG_OK) {
            rc = KG_ENOMEM;
        } else { /* problems with the file are reported by the real load that follows */
            int r = kg_csv__read(&ci, ignored, collect_row, &col, NULL);
            real_clean = r == KG_OK && kg_diagnostics_errors(ignored) == 0;
        }
        if (col.rc == KG_ENOMEM)
            rc = KG_ENOMEM;
        c->files[KG_FILE_ENTITIES] = col.out[0];
        c->files[KG_FILE_SOURCES] = col.out[1];
        if (col.longest > longest)
            longest = col.longest;
        kg_strpool__free(col.seen[0]);
        kg_strpool__free(col.seen[1]);
        kg_diagnostics_free(ignored);
    }
    /* the limits the made-up files need */
    size_t max_field = lo->max_field_bytes ? lo->max_field_bytes : DEFAULT_MAX_FIELD;
    size_t max_rows = lo->max_rows ? lo->max_rows : DEFAULT_MAX_ROWS;
    uint64_t max_file = lo->max_file_bytes ? lo->max_file_bytes : DEFAULT_MAX_FILE;
    size_t rows = col.rows[0] > col.rows[1] ? col.rows[0] : col.rows[1], bytes = 0;
    for (int k = 0; k < KG_FILE_COUNT; k++)
        if (k != (int)kind && c->files[k].len > bytes)
            bytes = c->files[k].len;
    if (rc == KG_OK && (longest > max_field || rows > max_rows || bytes > max_file)) {
        if (real_clean < 0)
            real_clean = reads_cleanly(lo, kind, &rc);
        if (rc == KG_OK && real_clean) {
            lo->max_field_bytes = longest > max_field ? longest : max_field;
            lo->max_rows = rows > max_rows ? rows : max_rows;
            lo->max_file_bytes = bytes > max_file ? bytes : max_file;
        }
    }
    for (int k = 0; k < KG_FILE_COUNT && rc == KG_OK; k++) {
        if (k == (int)kind)
            continue;
        lo->paths[k] = NULL;
        lo->memory[k] = (kg_memory_file){file_names[k], kg_buf__str(&c->files[k]), c->files[k].len};
    }
    return rc;
}

/* Loads one side whole, or (single) its one file of kind with made-up companions. The
 * side's problems go to in->diags; with a made-up entities or relations table only the
 * errors and notes (the warnings would be about the made-up tables). */
static int load_side(kg_dataset **out, const kg_diff_input *in, int single, kg_file_kind kind)
{
    companions comp;
    kg_load_options lo;
    kg_diagnostics *own = NULL;
    int rc;
    *out = NULL;
    if (!single)
        return kg_dataset_load(out, in->dir, in->load, in->diags);
    rc = make_companions(&comp, &lo, in, kind);
    if (rc == KG_OK && kind != KG_FILE_RELATIONS && kg_diagnostics_new(&own, 0) != KG_OK)
        rc = KG_ENOMEM;
    if (rc == KG_OK)
        rc = kg_dataset_load(out, NULL, &lo, own ? own : in->diags);
    for (size_t i = 0; own && i < kg_diagnostics_count(own); i++) {
        const kg_diag *g = kg_diagnostics_get(own, i);
        if (g->severity != KG_SEVERITY_WARNING)
            kg_diagnostics_add(in->diags, g->severity, g->file, g->line, "%s", g->message);
    }
    kg_diagnostics_free(own);
    companions_free(&comp);
    if (rc == KG_ENOMEM)
        kg_error__set(rc, "out of memory loading %s", file_names[kind]);
    return rc;
}

int kg_diff_load(kg_diff **out, const kg_diff_input *old_in, const kg_diff_input *new_in,
                 const kg_diff_options *opts_arg)
{
    kg_diff_options opts;
    kg_dataset *old_ds = NULL, *new_ds = NULL;
    int rc;
    *out = NULL;
    if (opts_arg)
        opts = *opts_arg;
    else
        kg_diff_options_init(&opts);
    if (!opts.kinds)
        opts.kinds = KG_DIFF_ALL;
    kg_file_kind kind = single_kind(opts.kinds);
    if (opts.single_file && opts.kinds != KG_DIFF_ENTITIES && opts.kinds != KG_DIFF_RELATIONS &&
        opts.kinds != KG_DIFF_SOURCES)
        return kg_error__set(KG_EUSAGE, "a single-file diff compares one kind of file");

    int scan = opts.method == KG_DIFF_SCAN;
    if (opts.method == KG_DIFF_AUTO) {
        uint64_t total = 0;
        for (int k = 0; k < KG_FILE_COUNT; k++)
            if (!opts.single_file || k == (int)kind)
                total += file_bytes(old_in, (kg_file_kind)k) + file_bytes(new_in, (kg_file_kind)k);
        scan = total >= SCAN_MIN_BYTES;
    }
    if (scan) {
        rc = kg_diff__scan(out, old_in, new_in, opts.kinds, opts.single_file);
        if (rc == KG_OK || rc == KG_ENOMEM)
            return rc == KG_ENOMEM ? kg_error__set(rc, "out of memory comparing the datasets") : rc;
    }

    /* the model method: both sides are always loaded, so both report their problems */
    int rc_old = load_side(&old_ds, old_in, opts.single_file, kind);
    int rc_new = load_side(&new_ds, new_in, opts.single_file, kind);
    rc = rc_old != KG_OK ? rc_old : rc_new;
    if (rc == KG_OK) {
        kg_diff_options copts = opts;
        rc = kg_diff_compute(out, old_ds, new_ds, &copts);
        if (rc == KG_OK)
            kg_diff__forget_datasets(*out);
    } else if (rc_old != KG_OK && rc_new != KG_OK) {
        kg_error__set(rc, "both versions have errors");
    }
    kg_dataset_free(old_ds);
    kg_dataset_free(new_ds);
    return rc;
}
