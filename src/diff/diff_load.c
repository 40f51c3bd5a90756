/* diff_load.c: kg_diff_load: loading both sides and choosing the method (scan or model),
 * including the single-file mode used by `git diff` on one file of a dataset. */
#include <string.h>
#include <sys/stat.h>

#include "base/base_internal.h"
#include "dataset/csvread.h"
#include "diff_internal.h"
#include "graph/graph_internal.h"
#include "dataset/dataset_internal.h"

/* AUTO scans inputs of this many bytes or more (both sides' files together). */
#define SCAN_MIN_BYTES (8u << 20)

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
    kg_buf out[2];       /* the made-up files: "id\n" then one value a row */
    int header_done;
    int rc;
} collector;

/* The header a column is read from (the user's --map, else its name). */
static const char *mapped(const kg_load_options *o, const char *column)
{
    for (size_t i = 0; o && i < o->map_count; i++)
        if (o->maps[i].file == KG_FILE_RELATIONS && strcmp(o->maps[i].column, column) == 0)
            return o->maps[i].header;
    return column;
}

/* Appends value as one CSV field and a newline. KG_OK or KG_ENOMEM. */
static int put_csv_row(kg_buf *b, const char *value, size_t len)
{
    int rc = kg_buf_putc(b, '"');
    for (size_t i = 0; i < len && rc == KG_OK; i++)
        rc = value[i] == '"' ? kg_buf_puts(b, "\"\"") : kg_buf_putc(b, value[i]);
    return rc == KG_OK ? kg_buf_puts(b, "\"\n") : rc;
}

static int collect_row(void *ctx, unsigned long line, const kg_csv_field *fields, size_t count)
{
    collector *c = ctx;
    (void)line;
    if (!c->header_done) {
        static const char *const cols[2][3] = {{"source", "target", "claimed_by"}, {"doc", NULL, NULL}};
        c->header_done = 1;
        for (int l = 0; l < 2; l++)
            for (int k = 0; k < 3; k++) {
                c->cols[l][k] = -1;
                if (!cols[l][k])
                    continue;
                const char *want = mapped(c->opts, cols[l][k]);
                for (size_t i = 0; i < count; i++)
                    if (strcmp(fields[i].data, want) == 0 && c->cols[l][k] < 0)
                        c->cols[l][k] = (int)i;
            }
        return KG_OK;
    }
    for (int l = 0; l < 2; l++)
        for (int k = 0; k < 3; k++) {
            int col = c->cols[l][k];
            if (col < 0 || (size_t)col >= count || !fields[col].len)
                continue;
            kg_atom *a = kg_strpool_intern(c->seen[l], fields[col].data, fields[col].len);
            if (!a)
                return c->rc = KG_ENOMEM;
            if (a->entity)
                continue;
            a->entity = 1;
            if (put_csv_row(&c->out[l], fields[col].data, fields[col].len) != KG_OK)
                return c->rc = KG_ENOMEM;
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
        kg_buf_free(&c->files[k]);
        kg_free(c->names[k]);
    }
}

/* Fills *lo with in's options where every file but the one of kind comes from memory:
 * for relations.csv, an entities.csv of every entity id it names and a sources.csv of
 * every doc; otherwise empty tables. KG_OK or KG_ENOMEM. */
static int make_companions(companions *c, kg_load_options *lo, const kg_diff_input *in,
                           kg_file_kind kind)
{
    static const char *const headers[KG_FILE_COUNT] = {"id\n", "source,relation,target\n", "id\n"};
    collector col;
    int rc = KG_OK;
    memset(c, 0, sizeof *c);
    memset(&col, 0, sizeof col);
    if (in->load)
        *lo = *in->load;
    else
        kg_load_options_init(lo);
    /* the file itself, by an explicit path when it came from the directory */
    if (!lo->memory[kind].data && !lo->paths[kind]) {
        size_t n = strlen(in->dir ? in->dir : ".") + strlen(file_names[kind]) + 2;
        if (!(c->names[kind] = kg_malloc(n)))
            return KG_ENOMEM;
        snprintf(c->names[kind], n, "%s/%s", in->dir ? in->dir : ".", file_names[kind]);
        lo->paths[kind] = c->names[kind];
    }
    for (int k = 0; k < KG_FILE_COUNT; k++)
        if (k != (int)kind && kg_buf_puts(&c->files[k], headers[k]) != KG_OK)
            return KG_ENOMEM;
    if (kind == KG_FILE_RELATIONS) {
        kg_diagnostics *ignored = NULL;
        kg_csv_input ci = {.name = file_names[kind], .path = lo->paths[kind],
                           .data = lo->memory[kind].data, .size = lo->memory[kind].size,
                           .max_field_bytes = lo->max_field_bytes,
                           .max_file_bytes = lo->max_file_bytes, .max_rows = lo->max_rows};
        col.opts = lo;
        col.seen[0] = kg_strpool_new();
        col.seen[1] = kg_strpool_new();
        col.out[0] = c->files[KG_FILE_ENTITIES];
        col.out[1] = c->files[KG_FILE_SOURCES];
        memset(&c->files[KG_FILE_ENTITIES], 0, sizeof(kg_buf));
        memset(&c->files[KG_FILE_SOURCES], 0, sizeof(kg_buf));
        if (!col.seen[0] || !col.seen[1] || kg_diagnostics_new(&ignored, 1) != KG_OK)
            rc = KG_ENOMEM;
        else /* problems with the file are reported by the real load that follows */
            kg_csv_read(&ci, ignored, collect_row, &col, NULL);
        if (col.rc == KG_ENOMEM)
            rc = KG_ENOMEM;
        c->files[KG_FILE_ENTITIES] = col.out[0];
        c->files[KG_FILE_SOURCES] = col.out[1];
        kg_strpool_free(col.seen[0]);
        kg_strpool_free(col.seen[1]);
        kg_diagnostics_free(ignored);
    }
    for (int k = 0; k < KG_FILE_COUNT && rc == KG_OK; k++) {
        if (k == (int)kind)
            continue;
        lo->paths[k] = NULL;
        lo->memory[k] = (kg_memory_file){file_names[k], kg_buf_str(&c->files[k]), c->files[k].len};
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
        kg_error_set(rc, "out of memory loading %s", file_names[kind]);
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
        return kg_error_set(KG_EUSAGE, "a single-file diff compares one kind of file");

    int scan = opts.method == KG_DIFF_SCAN;
    if (opts.method == KG_DIFF_AUTO) {
        uint64_t total = 0;
        for (int k = 0; k < KG_FILE_COUNT; k++)
            if (!opts.single_file || k == (int)kind)
                total += file_bytes(old_in, (kg_file_kind)k) + file_bytes(new_in, (kg_file_kind)k);
        scan = total >= SCAN_MIN_BYTES;
    }
    if (scan) {
        rc = kgd_scan(out, old_in, new_in, opts.kinds, opts.single_file);
        if (rc == KG_OK || rc == KG_ENOMEM)
            return rc == KG_ENOMEM ? kg_error_set(rc, "out of memory comparing the datasets") : rc;
    }

    /* the model method: both sides are always loaded, so both report their problems */
    int rc_old = load_side(&old_ds, old_in, opts.single_file, kind);
    int rc_new = load_side(&new_ds, new_in, opts.single_file, kind);
    rc = rc_old != KG_OK ? rc_old : rc_new;
    if (rc == KG_OK) {
        kg_diff_options copts = opts;
        rc = kg_diff_compute(out, old_ds, new_ds, &copts);
        if (rc == KG_OK)
            kgd_forget_datasets(*out);
    } else if (rc_old != KG_OK && rc_new != KG_OK) {
        kg_error_set(rc, "both versions have errors");
    }
    kg_dataset_free(old_ds);
    kg_dataset_free(new_ds);
    return rc;
}
