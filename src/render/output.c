/* output.c: atomic output files (temp file beside the destination, then rename) and stdout. */
#define _XOPEN_SOURCE 700 /* realpath */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/base_internal.h"
#include "kgraph/output.h"

struct kg_output {
    FILE *stream;
    char *path;     /* destination; NULL for stdout */
    char *tmp_path; /* temporary file beside it; NULL when path is a device or FIFO */
};

/* Directory part of path ("." when none), newly allocated. */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return kg_strdup(".");
    if (slash == path)
        return kg_strdup("/");
    return kg_strndup(path, (size_t)(slash - path));
}

int kg_output_open(kg_output **out, const char *path)
{
    kg_output *o = kg_calloc(1, sizeof *o);
    char *dir = NULL, *resolved = NULL;
    int fd = -1, rc = KG_OK;
    *out = NULL;
    if (!o)
        return kg_error_set(KG_ENOMEM, "out of memory");
    if (strcmp(path, "-") == 0) {
        o->stream = stdout;
        *out = o;
        return KG_OK;
    }
    struct stat st;
    if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode) && (resolved = realpath(path, NULL)) &&
        stat(resolved, &st) == 0 && S_ISREG(st.st_mode))
        path = resolved; /* a link to a file: the file is replaced, the link stays */
    o->path = kg_strdup(path);
    dir = dir_of(path);
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    if (!o->path || !dir) {
        rc = kg_error_set(KG_ENOMEM, "out of memory");
        goto cleanup;
    }
    if (!base[0]) {
        rc = kg_error_set(KG_EIO, "%s: is a directory, not a file name", path);
        goto cleanup;
    }
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        rc = kg_error_set(KG_EIO, "%s: is a directory", path);
        goto cleanup;
    }
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        /* a device or FIFO (-o /dev/null, a named pipe): written in place, since renaming
         * a file over it would replace the device itself */
        if (!(o->stream = fopen(path, "wb"))) {
            rc = kg_error_set(KG_EIO, "%s: %s", path, strerror(errno));
            goto cleanup;
        }
        *out = o;
        o = NULL;
        goto cleanup;
    }
    o->tmp_path = kg_malloc(strlen(dir) + strlen(base) + 16);
    if (!o->tmp_path) {
        rc = kg_error_set(KG_ENOMEM, "out of memory");
        goto cleanup;
    }
    sprintf(o->tmp_path, "%s/.%s.XXXXXX", dir, base);
    fd = mkstemp(o->tmp_path);
    if (fd < 0) {
        rc = kg_error_set(KG_EIO, "%s: cannot create a file in '%s': %s", path, dir, strerror(errno));
        kg_free(o->tmp_path);
        o->tmp_path = NULL;
        goto cleanup;
    }
    /* mkstemp makes 0600; give the file the mode a plain fopen would (0666 & ~umask) */
    mode_t mask = umask(0);
    umask(mask);
    if (fchmod(fd, 0666 & ~mask) != 0 || !(o->stream = fdopen(fd, "wb"))) {
        rc = kg_error_set(KG_EIO, "%s: %s", o->tmp_path, strerror(errno));
        close(fd);
        goto cleanup;
    }
    *out = o;
    o = NULL;

cleanup:
    kg_free(dir);
    free(resolved); /* from realpath: the C library's malloc */
    if (o) {
        if (o->tmp_path)
            unlink(o->tmp_path);
        kg_free(o->tmp_path);
        kg_free(o->path);
        kg_free(o);
    }
    return rc;
}

FILE *kg_output_stream(kg_output *o)
{
    return o->stream;
}

static void release(kg_output *o)
{
    kg_free(o->path);
    kg_free(o->tmp_path);
    kg_free(o);
}

int kg_output_commit(kg_output *o)
{
    int rc = KG_OK;
    if (!o->path) {
        /* stdout: report write errors such as EPIPE or ENOSPC */
        errno = 0;
        if (fflush(stdout) != 0 || ferror(stdout))
            rc = kg_error_set(KG_EIO, "cannot write to standard output: %s",
                              strerror(errno ? errno : EIO));
        release(o);
        return rc;
    }
    errno = 0;
    int failed = fflush(o->stream) != 0 || ferror(o->stream);
    int err = errno;
    if (!failed && o->tmp_path && fsync(fileno(o->stream)) != 0 && errno != EINVAL &&
        errno != EROFS) {
        failed = 1;
        err = errno;
    }
    if (fclose(o->stream) != 0 && !failed) {
        failed = 1;
        err = errno;
    }
    if (failed) {
        rc = kg_error_set(KG_EIO, "%s: write failed: %s", o->path, strerror(err ? err : EIO));
        if (o->tmp_path)
            unlink(o->tmp_path);
    } else if (o->tmp_path && rename(o->tmp_path, o->path) != 0) {
        rc = kg_error_set(KG_EIO, "%s: cannot replace: %s", o->path, strerror(errno));
        unlink(o->tmp_path);
    }
    release(o);
    return rc;
}

void kg_output_abort(kg_output *o)
{
    if (!o)
        return;
    if (o->path) {
        fclose(o->stream);
        if (o->tmp_path)
            unlink(o->tmp_path);
    } else {
        fflush(stdout);
    }
    release(o);
}

int kg_output_write_file(const char *path, const void *data, size_t size)
{
    kg_output *o;
    int rc = kg_output_open(&o, path);
    if (rc != KG_OK)
        return rc;
    if (size && fwrite(data, 1, size, kg_output_stream(o)) != size) {
        int err = errno;
        kg_output_abort(o);
        return kg_error_set(KG_EIO, "%s: write failed: %s", path, strerror(err));
    }
    return kg_output_commit(o);
}
