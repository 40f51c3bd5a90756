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
        return kg__strdup(".");
    if (slash == path)
        return kg__strdup("/");
    return kg__strndup(path, (size_t)(slash - path));
}

/* ---- the command's inputs, never written over ------------------------------------------- */

/* One registered input: its file identity when it existed, and its canonical path. */
typedef struct input_file {
    dev_t dev;
    ino_t ino;
    int exists;
    char *canon;
} input_file;

static input_file *inputs;
static size_t input_count, input_cap;

static int is_input(const char *path);
static int follow_links(const char *path, char **out);

/* The canonical form of path, newly allocated (plain malloc: realpath's): realpath of the
 * path itself when it exists, else realpath of its directory joined with its last name,
 * else NULL (the directory does not exist either). */
static char *canonical(const char *path)
{
    char *full = realpath(path, NULL);
    if (full)
        return full;
    char *dir = dir_of(path);
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    char *real_dir = dir ? realpath(dir, NULL) : NULL;
    kg_free(dir);
    if (!real_dir || !base[0]) {
        free(real_dir);
        return NULL;
    }
    full = malloc(strlen(real_dir) + strlen(base) + 2);
    if (full)
        sprintf(full, "%s/%s", strcmp(real_dir, "/") == 0 ? "" : real_dir, base);
    free(real_dir);
    return full;
}

int kg_output_add_input(const char *path)
{
    if (!path || !path[0] || strcmp(path, "-") == 0)
        return KG_OK;
    if (kg_array__grow(&inputs, &input_cap, input_count, sizeof *inputs))
        return kg_error__set(KG_ENOMEM, "out of memory");
    input_file *in = &inputs[input_count];
    struct stat st;
    memset(in, 0, sizeof *in);
    if (stat(path, &st) == 0) {
        in->exists = 1;
        in->dev = st.st_dev;
        in->ino = st.st_ino;
    }
    in->canon = canonical(path);
    if (in->exists || in->canon)
        input_count++;
    return KG_OK;
}

int kg_output_add_dataset_inputs(const char *dir, const kg_load_options *opts, unsigned files)
{
    static const char *const names[KG_FILE_COUNT] = {"entities.csv", "relations.csv",
                                                      "sources.csv"};
    for (int k = 0; k < KG_FILE_COUNT; k++) {
        char joined[4096];
        const char *path = opts ? opts->paths[k] : NULL;
        if ((files && !(files & (1u << k))) || (opts && !path && opts->memory[k].data))
            continue;
        if (!path) {
            snprintf(joined, sizeof joined, "%s/%s", dir ? dir : ".", names[k]);
            path = joined;
        }
        if (kg_output_add_input(path) != KG_OK)
            return KG_ENOMEM;
    }
    return KG_OK;
}

void kg_output_clear_inputs(void)
{
    for (size_t i = 0; i < input_count; i++)
        free(inputs[i].canon);
    kg_free(inputs);
    inputs = NULL;
    input_count = input_cap = 0;
}

int kg_output_is_input(const char *path)
{
    char *resolved;
    if (!path || strcmp(path, "-") == 0 || follow_links(path, &resolved) != KG_OK)
        return 0;
    int found = is_input(resolved);
    kg_free(resolved);
    return found;
}

/* Nonzero when writing path would replace a registered input: the same file (device and
 * inode) when it exists, else the same canonical path. */
static int is_input(const char *path)
{
    struct stat st;
    int exists = stat(path, &st) == 0;
    if (!input_count || (exists && !S_ISREG(st.st_mode)))
        return 0; /* a device or FIFO is written in place, never replaced */
    char *canon = canonical(path);
    int found = 0;
    for (size_t i = 0; i < input_count && !found; i++)
        found = (exists && inputs[i].exists && inputs[i].dev == st.st_dev &&
                 inputs[i].ino == st.st_ino) ||
                (canon && inputs[i].canon && strcmp(canon, inputs[i].canon) == 0);
    free(canon);
    return found;
}

/* Follows the symbolic links at path, at most 40 of them as the kernel does: sets *out to
 * the first path of the chain that is not a link (it may not exist: the target of a
 * dangling link), newly allocated (kg_free). A relative link is taken from the link's
 * directory. Returns KG_OK, or KG_EIO (a loop, an unreadable link) or KG_ENOMEM with *out
 * NULL and the reason in kg_last_error(). */
static int follow_links(const char *path, char **out)
{
    char *cur = kg__strdup(path);
    *out = NULL;
    for (int hops = 0; cur && hops <= 40; hops++) {
        struct stat st;
        if (lstat(cur, &st) != 0 || !S_ISLNK(st.st_mode)) {
            *out = cur;
            return KG_OK;
        }
        char target[4096];
        ssize_t n = readlink(cur, target, sizeof target - 1);
        if (n <= 0) {
            int rc = kg_error__set(KG_EIO, "%s: cannot read the symbolic link: %s", cur,
                                  strerror(n < 0 ? errno : EINVAL));
            kg_free(cur);
            return rc;
        }
        target[n] = '\0';
        char *next;
        if (target[0] == '/') {
            next = kg__strdup(target);
        } else {
            char *dir = dir_of(cur);
            next = dir ? kg__malloc(strlen(dir) + (size_t)n + 2) : NULL;
            if (next)
                sprintf(next, "%s/%s", dir, target);
            kg_free(dir);
        }
        kg_free(cur);
        cur = next;
    }
    if (!cur)
        return kg_error__set(KG_ENOMEM, "out of memory");
    kg_free(cur);
    return kg_error__set(KG_EIO, "%s: too many levels of symbolic links", path);
}

int kg_output_open(kg_output **out, const char *path)
{
    kg_output *o = kg__calloc(1, sizeof *o);
    char *dir = NULL, *resolved = NULL;
    int fd = -1, rc = KG_OK;
    *out = NULL;
    if (!o)
        return kg_error__set(KG_ENOMEM, "out of memory");
    if (strcmp(path, "-") == 0) {
        o->stream = stdout;
        *out = o;
        return KG_OK;
    }
    struct stat st;
    const char *given = path;
    /* a link (even a dangling one) is written through: its target is replaced or created,
     * the link itself stays, as a shell redirection does */
    if ((rc = follow_links(path, &resolved)) != KG_OK)
        goto cleanup;
    path = resolved;
    if (is_input(path)) {
        rc = kg_error__set(KG_EUSAGE, "%s: is one of this command's input files: refusing to "
                          "write over it (choose another output)", given);
        goto cleanup;
    }
    o->path = kg__strdup(path);
    dir = dir_of(path);
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    if (!o->path || !dir) {
        rc = kg_error__set(KG_ENOMEM, "out of memory");
        goto cleanup;
    }
    if (!base[0]) {
        rc = kg_error__set(KG_EIO, "%s: is a directory, not a file name", path);
        goto cleanup;
    }
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        rc = kg_error__set(KG_EIO, "%s: is a directory", path);
        goto cleanup;
    }
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        /* a device or FIFO (-o /dev/null, a named pipe): written in place, since renaming
         * a file over it would replace the device itself */
        if (!(o->stream = fopen(path, "wb"))) {
            rc = kg_error__set(KG_EIO, "%s: %s", path, strerror(errno));
            goto cleanup;
        }
        *out = o;
        o = NULL;
        goto cleanup;
    }
    o->tmp_path = kg__malloc(strlen(dir) + strlen(base) + 16);
    if (!o->tmp_path) {
        rc = kg_error__set(KG_ENOMEM, "out of memory");
        goto cleanup;
    }
    sprintf(o->tmp_path, "%s/.%s.XXXXXX", dir, base);
    fd = mkstemp(o->tmp_path);
    if (fd < 0) {
        rc = kg_error__set(KG_EIO, "%s: cannot create a file in '%s': %s", path, dir, strerror(errno));
        kg_free(o->tmp_path);
        o->tmp_path = NULL;
        goto cleanup;
    }
    /* mkstemp makes 0600; give the file the mode a plain fopen would (0666 & ~umask) */
    mode_t mask = umask(0);
    umask(mask);
    if (fchmod(fd, 0666 & ~mask) != 0 || !(o->stream = fdopen(fd, "wb"))) {
        rc = kg_error__set(KG_EIO, "%s: %s", o->tmp_path, strerror(errno));
        close(fd);
        goto cleanup;
    }
    *out = o;
    o = NULL;

cleanup:
    kg_free(dir);
    kg_free(resolved);
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
            rc = kg_error__set(KG_EIO, "cannot write to standard output: %s",
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
        rc = kg_error__set(KG_EIO, "%s: write failed: %s", o->path, strerror(err ? err : EIO));
        if (o->tmp_path)
            unlink(o->tmp_path);
    } else if (o->tmp_path && rename(o->tmp_path, o->path) != 0) {
        rc = kg_error__set(KG_EIO, "%s: cannot replace: %s", o->path, strerror(errno));
        unlink(o->tmp_path);
    }
    release(o);
    return rc;
}

int kg_output_sync(kg_output *o)
{
    FILE *f = o->path ? o->stream : stdout;
    errno = 0;
    if (fflush(f) != 0 || ferror(f))
        return kg_error__set(KG_EIO, "%s: write failed: %s", o->path ? o->path : "standard output",
                            strerror(errno ? errno : EIO));
    if (o->tmp_path && fsync(fileno(f)) != 0 && errno != EINVAL && errno != EROFS)
        return kg_error__set(KG_EIO, "%s: write failed: %s", o->path, strerror(errno));
    return KG_OK;
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
        return kg_error__set(KG_EIO, "%s: write failed: %s", path, strerror(err));
    }
    return kg_output_commit(o);
}
