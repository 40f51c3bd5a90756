/* diff_scan_read.c: opening a side for the scan: its limits, its files mapped or read, their headers. */
#define _DEFAULT_SOURCE /* MAP_POPULATE, MADV_HUGEPAGE, where there are */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/base_internal.h"
#include "dataset/dataset_internal.h"
#include "diff_internal.h"

static const char *const file_names[KG_FILE_COUNT] = {"entities.csv", "relations.csv",
                                                       "sources.csv"};

/* Frees a layout's headers and column lists (not l itself). */
static void layout_free(kgd_layout *l)
{
    for (size_t i = 0; l->headers && i < l->ncols; i++)
        free(l->headers[i]);
    free(l->headers);
    free(l->extra);
}

void kg_diff__side_free(kgd_side *s)
{
    for (int k = 0; k < KG_FILE_COUNT; k++) {
        free(s->files[k].owned);
        if (s->files[k].map)
            munmap(s->files[k].map, s->files[k].map_size);
        layout_free(&s->lay[k]);
    }
    kg_arena__free(&s->mem);
    kg_diff__rowp_free(&s->row);
    free(s->ents);
    free(s->srcs);
    free(s->ent_ids.slots);
    free(s->src_ids.slots);
    free(s->ent_used);
    free(s->src_cited);
    free(s->rows);
    free(s->part);
}

/* Reads a whole file into memory. 0, KGD_UNUSUAL (missing, unreadable, too big) or KGD_NOMEM. */
static int read_file(kgd_sfile *f, const char *path, uint64_t max)
{
    int fd = open(path, O_RDONLY);
    struct stat st;
    int rc = KGD_UNUSUAL;
    if (fd < 0)
        return KGD_UNUSUAL;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (uint64_t)st.st_size > max)
        goto done;
    size_t size = (size_t)st.st_size, got = 0;
    if (size > 0) {
#ifdef MAP_POPULATE
        int flags = MAP_PRIVATE | MAP_POPULATE; /* no fault per page later */
#else
        int flags = MAP_PRIVATE;
#endif
        void *map = mmap(NULL, size, PROT_READ, flags, fd, 0);
        if (map != MAP_FAILED) {
            f->map = map;
            f->map_size = size;
            f->data = map;
            f->size = size;
            f->present = 1;
            rc = 0;
            goto done;
        }
    }
    f->owned = malloc(size + 1);
    if (!f->owned) {
        rc = KGD_NOMEM;
        goto done;
    }
    while (got < size) {
        ssize_t r = read(fd, f->owned + got, size - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            goto done;
        got += (size_t)r;
    }
    char extra;
    if (read(fd, &extra, 1) != 0)
        goto done; /* the file grew: leave it to the loader */
    f->data = f->owned;
    f->size = size;
    f->present = 1;
    rc = 0;
done:
    close(fd);
    return rc;
}

/* Finds a side's file of kind: memory, an explicit path, or DIR/NAME (sources.csv may be
 * absent, unless it is the one file of a single-file diff). 0, KGD_UNUSUAL or KGD_NOMEM. */
static int side_file(kgd_side *s, kg_file_kind k)
{
    const kg_load_options *o = s->in->load;
    kgd_sfile *f = &s->files[k];
    if (o && o->memory[k].data) {
        f->data = o->memory[k].data;
        f->size = o->memory[k].size;
        f->present = 1;
        return f->size > s->max_file ? KGD_UNUSUAL : 0;
    }
    if (o && o->paths[k])
        return read_file(f, o->paths[k], s->max_file);
    const char *dir = s->in->dir && s->in->dir[0] ? s->in->dir : ".";
    size_t n = strlen(dir) + strlen(file_names[k]) + 2;
    char *path = malloc(n);
    if (!path)
        return KGD_NOMEM;
    snprintf(path, n, "%s/%s", dir, file_names[k]);
    int rc = 0;
    if (k == KG_FILE_SOURCES && !s->single && access(path, F_OK) != 0)
        f->present = 0; /* optional, but not as the one file of a single-file diff */
    else
        rc = read_file(f, path, s->max_file);
    free(path);
    return rc;
}

/* Reads the header row of file kind; *pos moves past it. 0, KGD_UNUSUAL or KGD_NOMEM. */
int kg_diff__read_header(kgd_side *s, kg_file_kind kind, size_t *pos)
{
    const kgd_sfile *f = &s->files[kind];
    kgd_layout *l = &s->lay[kind];
    size_t raw_end;
    int r;
    const kg_load_options *o = s->in->load;
    /* the delimiter as the loader chooses it (csvread.c) */
    const char *name = o && o->memory[kind].data ? o->memory[kind].name
                     : o && o->paths[kind] ? o->paths[kind] : file_names[kind];
    l->delim = o && o->delimiter ? o->delimiter
             : kg_csv__is_tsv(name) ? '\t' : kg_csv__detect_delimiter(f->data, f->size);
    s->row.delim = l->delim;
    if (f->size >= 3 && memcmp(f->data, "\xEF\xBB\xBF", 3) == 0)
        *pos = 3;
    while ((r = kg_diff__parse_row(&s->row, f->data, f->size, pos, &raw_end)) == KGD_ROW_BLANK)
        ;
    if (r != KGD_ROW_PARSED)
        return r == KGD_NOMEM ? KGD_NOMEM : KGD_UNUSUAL; /* an empty file, or unusual */
    l->ncols = s->row.nf;
    l->headers = calloc(l->ncols, sizeof *l->headers);
    l->extra = calloc(l->ncols, sizeof *l->extra);
    if (!l->headers || !l->extra)
        return KGD_NOMEM;
    for (size_t i = 0; i < l->ncols; i++) {
        l->headers[i] = strndup(kg_diff__rowp_field(&s->row, i), kg_diff__rowp_len(&s->row, i));
        if (!l->headers[i])
            return KGD_NOMEM;
        if (!l->headers[i][0])
            return KGD_UNUSUAL;
        for (size_t j = 0; j < i; j++)
            if (strcmp(l->headers[i], l->headers[j]) == 0)
                return KGD_UNUSUAL;
    }
    size_t nknown;
    const char *const *known = kg_known__columns(kind, &nknown);
    int status_col;
    kg_header__resolve(kind, (const char *const *)l->headers, l->ncols, o ? o->maps : NULL,
                       o ? o->map_count : 0, l->known, &status_col);
    if (status_col >= 0)
        return KGD_UNUSUAL; /* its values are checked by the loader only */
    for (size_t k = 0; k < nknown; k++) {
        int is_mapped = 0;
        for (size_t i = 0; o && i < o->map_count; i++)
            is_mapped |= o->maps[i].file == kind && strcmp(o->maps[i].column, known[k]) == 0;
        int required = kind == KG_FILE_RELATIONS ? k <= RC_TARGET : k == 0;
        if (l->known[k] < 0 && (required || is_mapped))
            return KGD_UNUSUAL; /* missing, or a --map naming an absent header */
        for (size_t j = 0; j < k; j++)
            if (l->known[k] >= 0 && l->known[j] == l->known[k])
                return KGD_UNUSUAL; /* two known columns on one header (--map): the loader's call */
    }
    for (size_t i = 0; i < l->ncols; i++) {
        int is_known = 0;
        for (size_t k = 0; k < nknown; k++)
            is_known |= l->known[k] == (int)i;
        if (is_known)
            continue;
        if (kg_header__typo(kind, l->headers[i], l->known, status_col))
            return KGD_UNUSUAL; /* the loader warns about it */
        l->extra[l->n_extra++] = i;
    }
    for (size_t a = 1; a < l->n_extra; a++) /* by name */
        for (size_t b = a; b > 0 && strcmp(l->headers[l->extra[b - 1]], l->headers[l->extra[b]]) > 0; b--) {
            size_t t = l->extra[b];
            l->extra[b] = l->extra[b - 1];
            l->extra[b - 1] = t;
        }
    return 0;
}

/* Sets a side's limits and finds (maps or reads) its files; s->status is the result. */
void kg_diff__open_side(kgd_side *s)
{
    int r = 0;
    const kg_load_options *o = s->in->load;
    s->row.max_field = o && o->max_field_bytes ? o->max_field_bytes : KGD_DEFAULT_MAX_FIELD;
    s->max_rows = o && o->max_rows ? o->max_rows : KGD_DEFAULT_MAX_ROWS;
    s->max_file = o && o->max_file_bytes ? o->max_file_bytes : KGD_DEFAULT_MAX_FILE;
    for (int k = 0; k < KG_FILE_COUNT && r == 0; k++)
        if (!s->single || k == (int)s->only)
            r = side_file(s, (kg_file_kind)k);
    s->status = r;
}

/* The bytes of a side's files. */
uint64_t kg_diff__side_bytes(const kgd_side *s)
{
    uint64_t n = 0;
    for (int k = 0; k < KG_FILE_COUNT; k++)
        n += s->files[k].size;
    return n;
}

