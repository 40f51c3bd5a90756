/* diff_scan.c: the scan method (two versions compared from their files, without a model): its phases and threads.
 *
 * Built for big datasets (a million relations a side in well under a second):
 *   A. each side is scanned in its own thread (both in the calling thread for inputs under
 *      1 MiB, where starting threads costs more than it saves): a plain RFC 4180 row parser that accepts
 *      only the common, unambiguous forms (anything else - spaces around a field, a lone
 *      CR, a quote in an unquoted field - and the side is "unusual"), every check the
 *      loader makes (UTF-8 and control bytes, limits, headers, ids, references, values,
 *      and the conditions of its warnings), entities and sources kept as canonical items,
 *      every relation row reduced to hashes: of its key (source, relation, target), of its
 *      canonical content, of (doc, quote); the rows are then partitioned by key hash.
 *   B. two threads join the partitions: a row of one side matches a row of the other with
 *      the same hashes whose bytes are the same (or, for files of different layout or
 *      quoting, whose canonical fields are); keys with an unmatched row are "touched".
 *   C. the main thread materialises the rows of touched keys as canonical citations and
 *      hands them, and the entities and sources, to the comparisons in diff.c.
 * Hashes only pick candidates: every match is verified on the text, so a collision costs
 * time, never a wrong answer. Whenever a side is invalid or unusual the scan gives up
 * (returns 1) and kg_diff_load falls back to the model method (so it does for a side with
 * a vocabulary.csv, which shapes the model), which reports exactly what
 * the loader reports; so the scan never reports anything itself.
 *
 * Threads allocate with plain malloc (alloc.c's failure injection is not thread-safe);
 * everything they allocate is freed here. Only the main thread touches the kg_diff.
 *
 * The files, behind the scan's part of diff_internal.h: this one runs the phases and the
 * threads (kg_diff__scan); diff_scan_row.c parses rows, diff_scan_read.c opens a side (limits,
 * files, headers), diff_scan_side.c is phase A, diff_scan_join.c phase B (and rows
 * materialised as citations), diff_scan_compare.c phase C.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/base_internal.h"
#include "diff_internal.h"
#include "dataset/dataset_internal.h"

#define SCAN_THREAD_MIN_BYTES (1u << 20) /* smaller inputs are scanned in the calling thread */

/* Nonzero when both files have the same header, column for column. */
static int same_layout(const kgd_layout *a, const kgd_layout *b)
{
    if (a->ncols != b->ncols || a->delim != b->delim)
        return 0;
    for (size_t i = 0; i < a->ncols; i++)
        if (strcmp(a->headers[i], b->headers[i]) != 0)
            return 0;
    return 1;
}

/* Nonzero when the side in has a vocabulary (kgraph/dataset.h: named in its load options,
 * or DIR/vocabulary.csv exists). */
static int has_vocabulary(const kg_diff_input *in)
{
    const kg_load_options *o = in->load;
    if (o && (o->vocabulary_memory.data || o->vocabulary_path))
        return 1;
    if (!in->dir)
        return 0;
    size_t n = strlen(in->dir) + sizeof "/vocabulary.csv";
    char *path = malloc(n);
    if (!path)
        return 1; /* the model method will say */
    snprintf(path, n, "%s/vocabulary.csv", in->dir[0] ? in->dir : ".");
    int found = access(path, F_OK) == 0;
    free(path);
    return found;
}

int kg_diff__scan(kg_diff **out, const kg_diff_input *old_in, const kg_diff_input *new_in,
             unsigned kinds, int single)
{
    kgd_side so, sn;
    kgd_join_job jobs[2];
    kg_diff *d = NULL;
    pthread_t thread;
    int rc = 0, started = 0;
    kgd_touched *all = NULL;
    kgd_mrow *mbuf = NULL;
    kgd_item *ibuf = NULL;
    size_t mcap = 0, icap = 0;
    kgd_rowp rp;
    kg_arena mem = {.plain = 1};

    *out = NULL;
    /* a vocabulary shapes the model (a symmetric relation's rows are one relation, in id
     * order): such sides are compared by the model method */
    if (has_vocabulary(old_in) || has_vocabulary(new_in))
        return 1;
    memset(&so, 0, sizeof so);
    memset(&sn, 0, sizeof sn);
    memset(jobs, 0, sizeof jobs);
    /* the threads allocate with plain malloc (see the top of the file) */
    so.mem.plain = sn.mem.plain = jobs[0].mem.plain = jobs[1].mem.plain = 1;
    memset(&rp, 0, sizeof rp);
    so.in = old_in;
    sn.in = new_in;
    so.single = sn.single = single;
    kinds = kinds ? kinds : KG_DIFF_ALL;
    so.only = sn.only = kinds == KG_DIFF_ENTITIES ? KG_FILE_ENTITIES
                        : kinds == KG_DIFF_SOURCES ? KG_FILE_SOURCES
                                                   : KG_FILE_RELATIONS;

    /* A: both sides at once; 4096 partitions (about 250 rows each for a million). Small
     * inputs stay in this thread, in 64 partitions: starting threads and walking
     * thousands of empty partitions would cost more than it saves. */
    kg_diff__open_side(&so);
    kg_diff__open_side(&sn);
    int threads = kg_diff__side_bytes(&so) + kg_diff__side_bytes(&sn) >= SCAN_THREAD_MIN_BYTES;
    unsigned bits = threads ? 12 : 6;
    kgd_scan_job ja = {&so, bits};
    started = threads && pthread_create(&thread, NULL, kg_diff__scan_thread, &ja) == 0;
    if (!started)
        kg_diff__scan_side(&so, bits);
    kg_diff__scan_side(&sn, bits);
    if (started)
        pthread_join(thread, NULL);
    rc = so.status ? so.status : sn.status;
    if (rc)
        goto done;

    /* B: the partitions, half each */
    size_t np = (size_t)1 << bits;
    for (int i = 0; i < 2; i++) {
        jobs[i].o = &so;
        jobs[i].n = &sn;
        jobs[i].same_layout = same_layout(&so.lay[KG_FILE_RELATIONS], &sn.lay[KG_FILE_RELATIONS]);
        jobs[i].p_begin = i ? np / 2 : 0;
        jobs[i].p_end = i ? np : np / 2;
        jobs[i].rp_o.max_field = jobs[i].rp_n.max_field = SIZE_MAX;
    }
    started = threads && pthread_create(&thread, NULL, kg_diff__join_thread, &jobs[1]) == 0;
    if (!started)
        kg_diff__join_thread(&jobs[1]);
    kg_diff__join_thread(&jobs[0]);
    if (started)
        pthread_join(thread, NULL);
    rc = jobs[0].status ? jobs[0].status : jobs[1].status;
    if (rc)
        goto done;

    /* C: the comparisons, in the calling thread */
    d = kg_diff__new(kinds, KG_DIFF_SCAN);
    if (!d) {
        rc = KGD_NOMEM;
        goto done;
    }
    if ((d->kinds & KG_DIFF_ENTITIES) && (rc = kg_diff__compare_records(d, &so, &sn, 1)) != 0)
        goto done;
    if ((d->kinds & KG_DIFF_SOURCES) && (rc = kg_diff__compare_records(d, &so, &sn, 0)) != 0)
        goto done;
    if (d->kinds & KG_DIFF_RELATIONS) {
        size_t total = jobs[0].n_out + jobs[1].n_out;
        all = malloc((total ? total : 1) * sizeof *all);
        if (!all) {
            rc = KGD_NOMEM;
            goto done;
        }
        if (jobs[0].n_out)
            memcpy(all, jobs[0].out, jobs[0].n_out * sizeof *all);
        if (jobs[1].n_out)
            memcpy(all + jobs[0].n_out, jobs[1].out, jobs[1].n_out * sizeof *all);
        if (total > 1)
            qsort(all, total, sizeof *all, kg_diff__touched_cmp);
        rp.max_field = SIZE_MAX;
        for (size_t a = 0; a < total && rc == 0;) {
            size_t b = a;
            while (b < total && all[b].key == all[a].key)
                b++;
            rc = kg_diff__compare_group(d, &so, &sn, all + a, b - a, &rp, &mem, &mbuf, &mcap, &ibuf, &icap);
            kg_arena__reset(&mem);
            a = b;
        }
        if (rc)
            goto done;
    }
    if (kg_diff__finish(d) != KG_OK) {
        rc = KGD_NOMEM;
        goto done;
    }
    *out = d;
    d = NULL;

done:
    kg_diff_free(d);
    free(all);
    free(mbuf);
    free(ibuf);
    kg_diff__rowp_free(&rp);
    kg_arena__free(&mem);
    kg_diff__join_job_free(&jobs[0]);
    kg_diff__join_job_free(&jobs[1]);
    kg_diff__side_free(&so);
    kg_diff__side_free(&sn);
    return rc == 0 ? KG_OK : rc == KGD_NOMEM ? KG_ENOMEM : 1;
}

