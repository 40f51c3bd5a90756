/* fuzz_diff.c: libFuzzer harness for diff: both methods (scan and model) on two generated
 * versions of a dataset must agree.
 *
 * The input holds both versions: the old one, the byte 0x1D (ASCII group separator, a
 * control byte the loader rejects anyway), then the new one, each split into its files as
 * fuzz_input.h describes. Without a 0x1D the new version is made from the old one by an
 * edit drawn from the input's hash: the same bytes, the rows of each file in reverse
 * order (no difference by definition), one line left out, one byte changed, or CRLF line
 * ends. Other choices (small limits, one kind of file, single-file mode) come from the hash
 * too, so a saved input replays exactly.
 *
 * Each pair is compared by kg_diff_load() twice, with KG_DIFF_SCAN and KG_DIFF_MODEL, from
 * memory. Both must succeed or both fail with the same status; each side's diagnostics
 * must be the same message for message (the scan falls back to the model whenever a side
 * is not plainly valid, so its messages are always the model's); on success the text, CSV
 * and JSON outputs must be byte for byte the same. A difference aborts, so libFuzzer keeps
 * the input. Memory is held by scripts/fuzz (-rss_limit_mb, -malloc_limit_mb). One pair
 * in 16 (every one in the replay) also goes through kg_diff_compute() and the diff diagram
 * (kg_diff_graph_build, no layout) with a --context drawn from the hash.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_input.h"
#include "kgraph.h"

#define FUZZ_SIDE_SEPARATOR 0x1D
#define MAX_INPUT 16384 /* longer inputs are ignored (scripts/fuzz's -max_len) */

/* Aborts with a message: libFuzzer reports it as a crash and keeps the input. */
static void die(const char *what)
{
    fprintf(stderr, "fuzz_diff: %s\n", what);
    abort();
}

/* One version: its bytes (owned) split into files. */
typedef struct version {
    uint8_t *bytes;
    size_t size;
    fuzz_input in;
} version;

/* Copies data[0..size) into v and splits it. 0, or -1 out of memory. */
static int version_set(version *v, const uint8_t *data, size_t size)
{
    v->bytes = malloc(size ? size : 1);
    if (!v->bytes)
        return -1;
    if (size)
        memcpy(v->bytes, data, size);
    v->size = size;
    fuzz_split(&v->in, v->bytes, size);
    return 0;
}

/* Appends n bytes to buf (cap bytes allocated by the caller, always enough). */
static void put(uint8_t *buf, size_t *len, const void *p, size_t n)
{
    memcpy(buf + *len, p, n);
    *len += n;
}

/* The new version made from the old bytes by edit (see the top). 0, or -1 out of memory. */
static int derive(version *nv, const uint8_t *old, size_t size, unsigned edit, uint64_t *rng)
{
    uint8_t *buf = malloc(2 * size + 1);
    size_t len = 0;
    if (!buf)
        return -1;
    switch (edit) {
    case 1: { /* each file's rows after its first line in reverse order */
        const uint8_t *p = old, *end = old + size;
        while (p <= end) {
            const uint8_t *sep = p < end ? memchr(p, FUZZ_SEPARATOR, (size_t)(end - p)) : NULL;
            const uint8_t *stop = sep ? sep : end;
            const uint8_t *nl = p < stop ? memchr(p, '\n', (size_t)(stop - p)) : NULL;
            const uint8_t *body = nl ? nl + 1 : stop;
            put(buf, &len, p, (size_t)(body - p));
            /* the lines of body..stop, last first; a last line without '\n' gets one */
            const uint8_t *e = stop;
            while (e > body) {
                const uint8_t *s = e;
                if (s[-1] == '\n')
                    s--; /* the line's own end */
                while (s > body && s[-1] != '\n')
                    s--;
                put(buf, &len, s, (size_t)(e - s));
                if (e[-1] != '\n')
                    put(buf, &len, "\n", 1);
                e = s;
            }
            if (!sep)
                break;
            put(buf, &len, sep, 1);
            p = sep + 1;
        }
        break;
    }
    case 2: { /* one line left out */
        size_t lines = 1;
        for (size_t i = 0; i < size; i++)
            lines += old[i] == '\n';
        size_t skip = (size_t)(fuzz_next(rng) % lines), line = 0;
        for (size_t i = 0; i < size; i++) {
            if (line != skip)
                buf[len++] = old[i];
            if (old[i] == '\n')
                line++;
        }
        break;
    }
    case 3: /* one byte changed */
        put(buf, &len, old, size);
        if (size)
            buf[fuzz_next(rng) % size] ^= (uint8_t)(1 + fuzz_next(rng) % 255);
        break;
    case 4: /* CRLF line ends */
        for (size_t i = 0; i < size; i++) {
            if (old[i] == '\n' && (i == 0 || old[i - 1] != '\r'))
                buf[len++] = '\r';
            buf[len++] = old[i];
        }
        break;
    default: /* the same bytes */
        put(buf, &len, old, size);
        break;
    }
    int rc = version_set(nv, buf, len);
    free(buf);
    return rc;
}

/* Load options of one side: its files from memory, the shared limits. */
static void side_options(kg_load_options *lo, const version *v, const kg_load_options *limits)
{
    *lo = *limits;
    fuzz_memory_files(&v->in, lo);
}

/* What one method gave: status, each side's messages and the outputs. */
typedef struct result {
    int rc;
    kg_diff_method used;
    char *messages[2];
    size_t messages_len[2];
    char *out[3];
    size_t out_len[3];
} result;

static void result_free(result *r)
{
    for (int i = 0; i < 2; i++)
        free(r->messages[i]);
    for (int i = 0; i < 3; i++)
        free(r->out[i]);
}

/* Every stored message of diags, one a line, with its severity and place. */
static void messages(const kg_diagnostics *diags, char **text, size_t *len)
{
    FILE *f = open_memstream(text, len);
    if (!f)
        die("out of memory");
    for (size_t i = 0; i < kg_diagnostics_count(diags); i++) {
        const kg_diag *g = kg_diagnostics_get(diags, i);
        fprintf(f, "%d %s:%lu: %s\n", (int)g->severity, g->file ? g->file : "", g->line, g->message);
    }
    fprintf(f, "errors %zu warnings %zu\n", kg_diagnostics_errors(diags), kg_diagnostics_warnings(diags));
    fclose(f);
}

/* Compares the versions with method into *r. */
static void run(result *r, kg_diff_method method, const version *ov, const version *nv,
                const kg_load_options *limits, unsigned kinds, int single)
{
    kg_load_options lo, ln;
    kg_diagnostics *dold = NULL, *dnew = NULL;
    memset(r, 0, sizeof *r);
    side_options(&lo, ov, limits);
    side_options(&ln, nv, limits);
    if (kg_diagnostics_new(&dold, 0) != KG_OK || kg_diagnostics_new(&dnew, 0) != KG_OK)
        die("out of memory");
    /* a directory with no files: sources.csv is absent unless the input has one */
    kg_diff_input oi = {"/dev/null", &lo, dold}, ni = {"/dev/null", &ln, dnew};
    kg_diff_options opts;
    kg_diff_options_init(&opts);
    opts.method = method;
    opts.kinds = kinds;
    opts.single_file = single;
    kg_diff *diff = NULL;
    r->rc = kg_diff_load(&diff, &oi, &ni, &opts);
    if (r->rc == KG_ENOMEM)
        die("out of memory in kg_diff_load on an input of at most 32 KB");
    if ((r->rc == KG_OK) != (diff != NULL))
        die("kg_diff_load's status and its diff disagree");
    messages(dold, &r->messages[0], &r->messages_len[0]);
    messages(dnew, &r->messages[1], &r->messages_len[1]);
    if (diff) {
        r->used = kg_diff_method_used(diff);
        for (int f = 0; f < 3; f++) {
            FILE *m = open_memstream(&r->out[f], &r->out_len[f]);
            kg_diff_write_options wo = {(kg_diff_format)f, f == 0, f == 0 ? "kgraph diff a b" : NULL};
            if (!m)
                die("out of memory");
            if (kg_diff_write(diff, &wo, m) != KG_OK)
                die("kg_diff_write failed");
            fclose(m);
        }
        char summary[16];
        size_t need = kg_diff_summary(diff, summary, sizeof summary);
        if (strlen(summary) != (need < sizeof summary ? need : sizeof summary - 1))
            die("kg_diff_summary's length is wrong");
    }
    kg_diff_free(diff);
    kg_diagnostics_free(dold);
    kg_diagnostics_free(dnew);
}

static int same(const char *a, size_t na, const char *b, size_t nb)
{
    return na == nb && (na == 0 || memcmp(a, b, na) == 0);
}

/* The diff diagram of both versions loaded whole (if both load), with a context. */
static void diagram(const version *ov, const version *nv, const kg_load_options *limits, int context)
{
    kg_load_options lo, ln;
    kg_dataset *od = NULL, *nd = NULL;
    kg_diagnostics *dg = NULL;
    side_options(&lo, ov, limits);
    side_options(&ln, nv, limits);
    if (kg_diagnostics_new(&dg, 0) != KG_OK)
        die("out of memory");
    if (kg_dataset_load(&od, "/dev/null", &lo, dg) == KG_OK &&
        kg_dataset_load(&nd, "/dev/null", &ln, dg) == KG_OK) {
        kg_diff *diff = NULL;
        if (kg_diff_compute(&diff, od, nd, NULL) != KG_OK)
            die("kg_diff_compute failed");
        kg_diff_graph_options go;
        kg_diff_graph_options_init(&go);
        go.context = context;
        go.title = "old \xE2\x86\x92 new";
        Agraph_t *g = NULL;
        int rc = kg_diff_graph_build(&g, diff, od, nd, &go, dg);
        if (rc != KG_OK && rc != KG_EGRAPHVIZ)
            die("kg_diff_graph_build failed");
        kg_graph_free(g);
        kg_diff_free(diff);
    }
    kg_dataset_free(od);
    kg_dataset_free(nd);
    kg_diagnostics_free(dg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > MAX_INPUT)
        return 0;
    version ov, nv;
    memset(&ov, 0, sizeof ov);
    memset(&nv, 0, sizeof nv);
    const uint8_t *gs = memchr(data, FUZZ_SIDE_SEPARATOR, size);
    uint64_t rng = 1469598103934665603ull;
    for (size_t i = 0; i < size; i++)
        rng = (rng ^ data[i]) * 1099511628211ull;
    uint64_t mode = fuzz_next(&rng);
    if (gs) {
        if (version_set(&ov, data, (size_t)(gs - data)) != 0 ||
            version_set(&nv, gs + 1, size - (size_t)(gs - data) - 1) != 0)
            die("out of memory");
    } else if (version_set(&ov, data, size) != 0 ||
               derive(&nv, data, size, (unsigned)(fuzz_next(&rng) % 5), &rng) != 0) {
        die("out of memory");
    }

    kg_load_options limits;
    kg_load_options_init(&limits);
    if ((mode & 7) == 0)
        limits.max_field_bytes = 1 + (size_t)(fuzz_next(&rng) % 48);
    if ((mode & 56) == 0)
        limits.max_rows = 1 + (size_t)(fuzz_next(&rng) % 8);
    if ((mode & 448) == 0)
        limits.max_file_bytes = 1 + fuzz_next(&rng) % 256;
    /* kinds: all (half the time), or one kind, whole datasets or that file alone */
    static const unsigned one[3] = {KG_DIFF_ENTITIES, KG_DIFF_RELATIONS, KG_DIFF_SOURCES};
    unsigned kinds = KG_DIFF_ALL;
    int single = 0;
    if (mode >> 9 & 1) {
        kinds = one[fuzz_next(&rng) % 3];
        single = (int)(mode >> 10 & 1);
    }

    result scan, model;
    run(&scan, KG_DIFF_SCAN, &ov, &nv, &limits, kinds, single);
    run(&model, KG_DIFF_MODEL, &ov, &nv, &limits, kinds, single);
    int differ = scan.rc != model.rc;
    for (int i = 0; i < 2; i++)
        differ |= !same(scan.messages[i], scan.messages_len[i], model.messages[i], model.messages_len[i]);
    if (differ) {
        fprintf(stderr, "kinds %u single %d; scan: status %d, old side:\n%s new side:\n%s"
                        "model: status %d, old side:\n%s new side:\n%s",
                kinds, single, scan.rc, scan.messages[0], scan.messages[1], model.rc,
                model.messages[0], model.messages[1]);
        die("scan and model end with different statuses or messages");
    }
    if (scan.rc == KG_OK) {
        if (model.used != KG_DIFF_MODEL || (scan.used != KG_DIFF_SCAN && scan.used != KG_DIFF_MODEL))
            die("kg_diff_method_used is wrong");
        for (int f = 0; f < 3; f++)
            if (!same(scan.out[f], scan.out_len[f], model.out[f], model.out_len[f])) {
                fprintf(stderr, "--- scan (%s) ---\n%.*s--- model ---\n%.*s",
                        scan.used == KG_DIFF_SCAN ? "scanned" : "fell back", (int)scan.out_len[f],
                        scan.out[f], (int)model.out_len[f], model.out[f]);
                die("scan and model write different diffs");
            }
    }
    result_free(&scan);
    result_free(&model);

    if (!single && (fuzz_replay_all || (mode >> 11 & 15) == 0))
        diagram(&ov, &nv, &limits, (int)(fuzz_next(&rng) % 4) - 1);
    free(ov.bytes);
    free(nv.bytes);
    return 0;
}
