/* export_neo4j.c: a dataset as a directory of neo4j-admin import CSV files, replaced as a whole. */
#define _GNU_SOURCE /* renameat2 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/base_internal.h"
#include "export_internal.h"
#include "dataset/dataset_internal.h"
#include "kgraph/output.h"

/* The files a Neo4j export directory may hold; an existing directory holding anything
 * else is never replaced. */
static const char *const export_files[] = {"entities.csv", "sources.csv", "relationships.csv"};
#define EXPORT_FILE_COUNT 3

/* Writes s as one CSV field, always quoted, quotes doubled. */
static void csv_quoted(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

/* Writes a header field "NAME:TYPE": ':' in NAME as '_' (Neo4j splits the field at
 * ':'), quoted when it holds a comma, quote or line break. */
static void header_field(FILE *f, const char *name, const char *type)
{
    int quote = strpbrk(name, ",\"\n") != NULL;
    if (quote)
        fputc('"', f);
    for (const char *p = name; *p; p++) {
        if (*p == ':')
            fputc('_', f);
        else if (*p == '"')
            fputs("\"\"", f);
        else
            fputc(*p, f);
    }
    if (type)
        fprintf(f, ":%s", type);
    if (quote)
        fputc('"', f);
}

/* Nonzero when s can be a Neo4j label on its own: a letter, then letters, digits, '_'. */
static int label_safe(const char *s)
{
    if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z')))
        return 0;
    for (; *s; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
              *s == '_'))
            return 0;
    return 1;
}

/* entities.csv or sources.csv: the id column as NAME:ID(SPACE), then :LABEL, then every
 * other column as a string property. */
static void write_nodes(const kg_dataset *ds, FILE *f, kg_file_kind kind, const char *space)
{
    const kg_table *t = &ds->tables[kind];
    size_t id_col = (size_t)t->known[0]; /* EC_ID and SC_ID are both 0 */
    char id_type[32];
    snprintf(id_type, sizeof id_type, "ID(%s)", space);

    for (size_t c = 0; c < t->ncols; c++) {
        if (c)
            fputc(',', f);
        header_field(f, kg_export__column_name(ds, kind, c), c == id_col ? id_type : "string");
    }
    fputs(",:LABEL\n", f);
    size_t n = kind == KG_FILE_ENTITIES ? kg_dataset_entity_count(ds) : kg_dataset_source_count(ds);
    for (size_t i = 0; i < n; i++) {
        size_t row = kind == KG_FILE_ENTITIES ? kg_dataset_entity(ds, i)->row
                                              : kg_dataset_source(ds, i)->row;
        for (size_t c = 0; c < t->ncols; c++) {
            if (c)
                fputc(',', f);
            csv_quoted(f, t->cells[row * t->ncols + c]);
        }
        fprintf(f, ",%s", space);
        if (kind == KG_FILE_ENTITIES) {
            const char *type = kg_dataset_entity(ds, i)->type;
            if (label_safe(type) && strcmp(type, space) != 0)
                fprintf(f, ";%s", type);
        }
        fputc('\n', f);
    }
}

static const char *const computed_names[] = {
    "kgraph_relation", "kgraph_citations", "kgraph_documents", "kgraph_polarity"};
static const char *const computed_types[] = {"long", "int", "int", "string"};

/* relationships.csv: :START_ID, :END_ID, :TYPE, then every column of relations.csv and
 * the computed fields. */
static int write_relationships(const kg_dataset *ds, FILE *f)
{
    size_t *cit = NULL;
    int computed[4];
    int rc = kg_export__row_citations(ds, &cit);
    if (rc != KG_OK)
        goto cleanup;
    const kg_table *t = &ds->tables[KG_FILE_RELATIONS];
    fputs(":START_ID(Entity),:END_ID(Entity),:TYPE", f);
    for (size_t c = 0; c < t->ncols; c++) {
        fputc(',', f);
        header_field(f, kg_export__column_name(ds, KG_FILE_RELATIONS, c),
                     kg_export__column_is_confidence(ds, c) ? "double" : "string");
    }
    for (int k = 0; k < 4; k++) {
        computed[k] = !kg_export__name_taken(ds, KG_FILE_RELATIONS, computed_names[k]);
        if (computed[k])
            fprintf(f, ",%s:%s", computed_names[k], computed_types[k]);
    }
    fputc('\n', f);
    for (size_t row = 0; row < t->rows; row++) {
        kg_export_edge e;
        kg_export__edge_get(ds, cit, row, &e);
        csv_quoted(f, e.source);
        fputc(',', f);
        csv_quoted(f, e.target);
        fputc(',', f);
        csv_quoted(f, e.verb);
        for (size_t c = 0; c < t->ncols; c++) {
            const char *v = t->cells[row * t->ncols + c];
            fputc(',', f);
            if (kg_export__column_is_confidence(ds, c))
                fputs(v, f); /* a validated number, or empty: no property */
            else
                csv_quoted(f, v);
        }
        size_t counts[3] = {e.relation, e.citations, e.documents};
        for (int k = 0; k < 3; k++) {
            if (!computed[k])
                continue;
            fputc(',', f);
            if (e.relation != KG_NONE)
                fprintf(f, "%zu", counts[k]);
        }
        if (computed[3]) {
            fputc(',', f);
            csv_quoted(f, e.polarity);
        }
        fputc('\n', f);
    }

cleanup:
    kg_free(cit);
    return rc;
}

/* Writes one file of the export into directory dir: created, written, flushed, synced
 * and closed. Returns KG_OK, KG_EIO or KG_ENOMEM. */
static int write_file(const kg_dataset *ds, const char *dir, int which)
{
    char *path = NULL;
    FILE *f = NULL;
    int rc = KG_OK;
    size_t len = strlen(dir) + strlen(export_files[which]) + 2;

    path = kg__malloc(len);
    if (!path) {
        rc = kg_error__set(KG_ENOMEM, "out of memory");
        goto cleanup;
    }
    snprintf(path, len, "%s/%s", dir, export_files[which]);
    f = fopen(path, "wx");
    if (!f) {
        rc = kg_error__set(KG_EIO, "cannot create '%s': %s", path, strerror(errno));
        goto cleanup;
    }
    if (which == 0)
        write_nodes(ds, f, KG_FILE_ENTITIES, "Entity");
    else if (which == 1)
        write_nodes(ds, f, KG_FILE_SOURCES, "Source");
    else if ((rc = write_relationships(ds, f)) != KG_OK)
        goto cleanup;
    if (fflush(f) != 0 || ferror(f) || fsync(fileno(f)) != 0) {
        rc = kg_error__set(KG_EIO, "cannot write '%s': %s", path,
                          strerror(errno ? errno : EIO));
        goto cleanup;
    }
    int closed = fclose(f);
    f = NULL;
    if (closed != 0)
        rc = kg_error__set(KG_EIO, "cannot write '%s': %s", path, strerror(errno));

cleanup:
    if (f)
        fclose(f);
    kg_free(path);
    return rc;
}

/* Removes dir and the export files in it (nothing else is there). Errors are ignored:
 * this only cleans up. */
static void remove_export_dir(const char *dir)
{
    char path[4096];
    for (int i = 0; i < EXPORT_FILE_COUNT; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, export_files[i]);
        unlink(path);
    }
    rmdir(dir);
}

/* Checks that the existing directory dir holds only export files. Returns KG_OK or
 * KG_EIO with the reason. */
static int replaceable(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *ent;
    int rc = KG_OK;
    if (!d)
        return kg_error__set(KG_EIO, "cannot read '%s': %s", dir, strerror(errno));
    while ((ent = readdir(d)) != NULL) {
        int known = strcmp(ent->d_name, ".") == 0 || strcmp(ent->d_name, "..") == 0;
        for (int i = 0; i < EXPORT_FILE_COUNT && !known; i++)
            known = strcmp(ent->d_name, export_files[i]) == 0;
        if (!known) {
            rc = kg_error__set(KG_EIO, "'%s' exists and holds '%s', which a neo4j export "
                              "does not write: refusing to replace it", dir, ent->d_name);
            break;
        }
    }
    closedir(d);
    return rc;
}

int kg_export__neo4j_dir(const kg_dataset *ds, const char *path)
{
    char *tmp = NULL;
    int rc = KG_OK, made = 0;
    struct stat st;
    size_t len = strlen(path);

    while (len > 1 && path[len - 1] == '/')
        len--;
    for (int i = 0; i < EXPORT_FILE_COUNT; i++) { /* the directory is replaced whole */
        char file[4096];
        snprintf(file, sizeof file, "%.*s/%s", (int)len, path, export_files[i]);
        if (kg_output_is_input(file))
            return kg_error__set(KG_EUSAGE, "%s: is one of this command's input files: refusing "
                                "to write over it (choose another output)", file);
    }
    tmp = kg__malloc(len + sizeof ".kgraph-tmp-XXXXXX");
    if (!tmp) {
        rc = kg_error__set(KG_ENOMEM, "out of memory");
        goto cleanup;
    }
    memcpy(tmp, path, len);
    strcpy(tmp + len, ".kgraph-tmp-XXXXXX");
    int exists = lstat(path, &st) == 0;
    if (exists && !S_ISDIR(st.st_mode)) {
        rc = kg_error__set(KG_EIO, "'%s' exists and is not a directory", path);
        goto cleanup;
    }
    if (exists && (rc = replaceable(path)) != KG_OK)
        goto cleanup;
    if (!mkdtemp(tmp)) {
        rc = kg_error__set(KG_EIO, "cannot create a directory beside '%s': %s", path,
                          strerror(errno));
        goto cleanup;
    }
    made = 1;
    mode_t mask = umask(0); /* mkdtemp makes 0700: let the umask decide, as mkdir(1) does */
    umask(mask);
    chmod(tmp, 0777 & ~mask);
    for (int i = 0; i < EXPORT_FILE_COUNT; i++) {
        if (i == 1 && !kg_dataset_has_sources(ds))
            continue;
        if ((rc = write_file(ds, tmp, i)) != KG_OK)
            goto cleanup;
    }
    int dfd = open(tmp, O_RDONLY | O_DIRECTORY);
    if (dfd < 0 || fsync(dfd) != 0) {
        rc = kg_error__set(KG_EIO, "cannot sync '%s': %s", tmp, strerror(errno));
        if (dfd >= 0)
            close(dfd);
        goto cleanup;
    }
    close(dfd);
    if (!exists) {
        if (rename(tmp, path) != 0) {
            rc = kg_error__set(KG_EIO, "cannot rename the export into '%s': %s", path,
                              strerror(errno));
            goto cleanup;
        }
        made = 0;
    } else {
        /* swap the new directory and the old one in one step; the old one is then at tmp */
        if (renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_EXCHANGE) != 0) {
            rc = kg_error__set(KG_EIO, "cannot replace '%s': %s", path, strerror(errno));
            goto cleanup;
        }
    }

cleanup:
    if (made)
        remove_export_dir(tmp);
    kg_free(tmp);
    return rc;
}
