/* side.c: the two versions `kgraph diff` compares, named as on its command line: dataset
 * directories, single files, /dev/null, REV:PATH read with git cat-file, and the two files
 * git hands an external diff driver (kg_diff_sides in kgraph/diff.h). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/base_internal.h"
#include "diff_internal.h"
#include "kgraph/config.h"

extern char **environ;

static const char *const tsv_names[KG_FILE_COUNT] = {"entities.tsv", "relations.tsv",
                                                      "sources.tsv"};
static const char *const file_names[KG_FILE_COUNT] = {"entities.csv", "relations.csv",
                                                       "sources.csv"};

/* The "directory" of a version read from git or made up: one that holds no file, so that
 * a revision without sources.csv has none (the loader looks for DIR/sources.csv). */
#define NO_DIR "/dev/null"

/* The loader's limit on one file when max_file_bytes is 0 (kgraph/dataset.h). */
#define DEFAULT_MAX_FILE (4ull << 30)

/* read_limited's result, and run_git's, when the data passed its max bytes. */
#define READ_OVER 1
#define GIT_TOO_BIG (-3)

typedef enum side_kind { SIDE_DIR, SIDE_FILE, SIDE_EMPTY } side_kind;

/* The files a side may hold: the dataset's, then its vocabulary.csv (read from a git tree
 * like the others, into load.vocabulary_memory). */
#define SIDE_VOCABULARY KG_FILE_COUNT
#define SIDE_FILES (KG_FILE_COUNT + 1)

/* One version to compare, and the memory it owns. */
typedef struct side {
    side_kind kind;
    kg_file_kind file;          /* SIDE_FILE: which file it is */
    const char *dir;            /* SIDE_DIR on disk (the caller's string), else NULL */
    kg_load_options load;
    char *mem[SIDE_FILES];      /* contents read from git or made up (owned) */
    char *names[SIDE_FILES];    /* their names in messages (owned) */
    kg_config *config;          /* SIDE_DIR: its kgraph.ini, applied to load (owned) */
} side;

struct kg_diff_sides {
    side s[2]; /* old, new */
};

/* argv strings for posix_spawn, which takes char *const[] but does not write to them. */
static char *arg(const char *s)
{
    return (char *)(uintptr_t)s;
}

int kg_diff_file_kind(const char *name)
{
    const char *base = strrchr(name, '/');
    base = base ? base + 1 : name;
    size_t n = strlen(base);
    for (int k = 0; k < KG_FILE_COUNT; k++) {
        size_t m = strlen(file_names[k]);
        if (n >= m && (strcmp(base + n - m, file_names[k]) == 0 ||
                       strcmp(base + n - m, tsv_names[k]) == 0))
            return k;
    }
    return -1;
}

/* Reads fd to its end into a new NUL-terminated buffer *out (*len bytes; kg_free), at
 * most max bytes: one more is READ_OVER (*out NULL; memory stays within about twice max).
 * Returns 0, READ_OVER, -1 (read error) or KG_ENOMEM. */
static int read_limited(int fd, uint64_t max, char **out, size_t *len)
{
    char *buf = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    *out = NULL;
    *len = 0;
    if (max > SIZE_MAX - 65536 - 2)
        max = SIZE_MAX - 65536 - 2;
    for (;;) {
        if (n > max) {
            rc = READ_OVER;
            break;
        }
        if (n + 65536 + 1 > cap) {
            size_t ncap = cap ? cap * 2 : 1 << 16;
            char *nb = kg__realloc(buf, ncap);
            if (!nb) {
                rc = KG_ENOMEM;
                break;
            }
            buf = nb;
            cap = ncap;
        }
        size_t want = cap - n - 1;
        if (max - n < want)
            want = (size_t)(max - n) + 1; /* one byte past max tells that there is more */
        ssize_t r = read(fd, buf + n, want);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            rc = -1;
        if (r <= 0)
            break;
        n += (size_t)r;
    }
    if (rc != 0 || !buf) {
        kg_free(buf);
        return rc ? rc : (*out = kg__strdup("")) ? 0 : KG_ENOMEM;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return 0;
}

/* Runs git with argv (argv[0] is "git"; posix_spawnp, no shell; stdin /dev/null), its
 * stdout (and its stderr when merge_stderr, else discarded) read into *out as
 * read_limited does (*len bytes; at most max, past them git gets EPIPE). Returns git's
 * exit status (128 when killed), GIT_TOO_BIG, or -1 when it could not be run or out of
 * memory (*out NULL unless the status is 0 or git's own). */
static int run_git(char *const argv[], char **out, size_t *len, int merge_stderr, uint64_t max)
{
    int pipefd[2] = {-1, -1}, status = -1, ws;
    posix_spawn_file_actions_t fa;
    pid_t pid;
    *out = NULL;
    *len = 0;
    if (pipe(pipefd) != 0)
        return -1;
    if (posix_spawn_file_actions_init(&fa) != 0)
        goto cleanup;
    int spawned =
        posix_spawn_file_actions_addclose(&fa, pipefd[0]) == 0 &&
        posix_spawn_file_actions_adddup2(&fa, pipefd[1], STDOUT_FILENO) == 0 &&
        (merge_stderr ? posix_spawn_file_actions_adddup2(&fa, pipefd[1], STDERR_FILENO)
                      : posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null",
                                                         O_WRONLY, 0)) == 0 &&
        posix_spawn_file_actions_addclose(&fa, pipefd[1]) == 0 &&
        posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0) == 0 &&
        posix_spawnp(&pid, "git", &fa, NULL, argv, environ) == 0;
    posix_spawn_file_actions_destroy(&fa);
    if (!spawned)
        goto cleanup;
    close(pipefd[1]);
    pipefd[1] = -1;
    int rr = read_limited(pipefd[0], max, out, len);
    close(pipefd[0]); /* git gets EPIPE if it had more to write */
    pipefd[0] = -1;
    while (waitpid(pid, &ws, 0) < 0 && errno == EINTR)
        ;
    status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128;
    if (rr == READ_OVER)
        status = GIT_TOO_BIG;
    else if (rr != 0 && status == 0)
        status = -1;

cleanup:
    if (pipefd[0] >= 0)
        close(pipefd[0]);
    if (pipefd[1] >= 0)
        close(pipefd[1]);
    return status;
}

/* Frees what a side owns (not the side). */
static void side_free(side *s)
{
    for (int k = 0; k < SIDE_FILES; k++) {
        kg_free(s->mem[k]);
        kg_free(s->names[k]);
    }
    kg_config_free(s->config);
}

/* Gives file kind of s (or its vocabulary: SIDE_VOCABULARY) the contents text (owned from
 * now on, freed on failure too) named name (copied). Returns KG_OK or KG_ENOMEM. */
static int side_memory(side *s, int kind, char *text, size_t len, const char *name)
{
    s->mem[kind] = text;
    s->names[kind] = kg__strdup(name);
    if (!text || !s->names[kind])
        return kg_error__set(KG_ENOMEM, "out of memory");
    kg_memory_file m = {s->names[kind], text, len};
    if (kind == SIDE_VOCABULARY)
        s->load.vocabulary_memory = m;
    else
        s->load.memory[kind] = m;
    return KG_OK;
}

/* The header row of an empty file of kind: its required columns (under their --map
 * headers). A new buffer (kg_free), or NULL. */
static char *empty_file(const kg_load_options *lo, kg_file_kind kind)
{
    static const char *const required[KG_FILE_COUNT][3] = {
        {"id", NULL, NULL}, {"source", "relation", "target"}, {"id", NULL, NULL}};
    size_t count = kind == KG_FILE_RELATIONS ? 3 : 1, len = 2;
    const char *names[3];
    for (size_t i = 0; i < count; i++) {
        names[i] = required[kind][i];
        for (size_t m = 0; m < lo->map_count; m++)
            if (lo->maps[m].file == kind && strcmp(lo->maps[m].column, required[kind][i]) == 0)
                names[i] = lo->maps[m].header;
        len += 2 * strlen(names[i]) + 4;
    }
    char *text = kg__malloc(len), *w = text;
    if (!text)
        return NULL;
    for (size_t i = 0; i < count; i++) {
        if (i)
            *w++ = ',';
        *w++ = '"';
        for (const char *p = names[i]; *p; p++) {
            if (*p == '"')
                *w++ = '"';
            *w++ = *p;
        }
        *w++ = '"';
    }
    *w++ = '\n';
    *w = '\0';
    return text;
}

/* Makes s an empty version: every file (or, for a single-file comparison, the one of
 * kind) a header alone. Returns KG_OK or KG_ENOMEM. */
static int side_empty(side *s, int single, kg_file_kind kind)
{
    for (int k = 0; k < KG_FILE_COUNT; k++) {
        if (single && k != (int)kind)
            continue;
        char *text = empty_file(&s->load, (kg_file_kind)k);
        if (side_memory(s, (kg_file_kind)k, text, text ? strlen(text) : 0, "/dev/null") != KG_OK)
            return KG_ENOMEM;
    }
    s->kind = single ? SIDE_FILE : SIDE_DIR;
    s->file = kind;
    return KG_OK;
}

/* The largest file a side accepts: its max_file_bytes, else the loader's default. */
static uint64_t max_file_bytes(const side *s)
{
    return s->load.max_file_bytes ? s->load.max_file_bytes : DEFAULT_MAX_FILE;
}

/* The loader's message for a file over the size limit (size 0: unknown); KG_ELIMIT. */
static int too_big(const char *name, uint64_t size, uint64_t max)
{
    if (size)
        return kg_error__set(KG_ELIMIT, "%s: file is %llu bytes, over the limit of %llu (see "
                            "--max-file-size)", name, (unsigned long long)size,
                            (unsigned long long)max);
    return kg_error__set(KG_ELIMIT, "%s: file is over the limit of %llu bytes (see "
                        "--max-file-size)", name, (unsigned long long)max);
}

/* Reads REV:PATH spec, file kind k, from git into s. optional: a missing file is no error.
 * The spec always follows --end-of-options (one beginning with '-' is not an option to
 * git), and the blob's size is asked first: a blob over the limit is refused unread, and
 * reading stops at the limit should it grow. Returns KG_OK, 1 (missing, optional) or an
 * error status. */
static int git_file(side *s, const char *spec, int k, int optional)
{
    char *argv_s[] = {arg("git"), arg("cat-file"), arg("-s"), arg("--end-of-options"), arg(spec), NULL};
    char *argv_b[] = {arg("git"), arg("cat-file"), arg("blob"), arg("--end-of-options"), arg(spec), NULL};
    char *data = NULL, *end;
    size_t len;
    uint64_t max = max_file_bytes(s);
    if (run_git(argv_s, &data, &len, 0, 64) != 0 || !data) {
        kg_free(data);
        if (optional)
            return 1;
        return kg_error__set(KG_EIO, "%s: cannot read: no such file in the git revision", spec);
    }
    errno = 0;
    unsigned long long size = strtoull(data, &end, 10);
    int bad = errno || end == data || (*end != '\n' && *end != '\0');
    kg_free(data);
    if (bad)
        return kg_error__set(KG_EIO, "%s: cannot read from git (git cat-file -s gave no size)", spec);
    if (size > max)
        return too_big(spec, size, max);
    int st = run_git(argv_b, &data, &len, 0, max);
    if (st == GIT_TOO_BIG)
        return too_big(spec, 0, max);
    if (st != 0 || !data) {
        kg_free(data);
        return kg_error__set(KG_EIO, "%s: cannot read from git (git cat-file failed)", spec);
    }
    return side_memory(s, k, data, len, spec);
}

/* Resolves REV:PATH: a tree is a dataset directory, a blob a single file. Returns KG_OK
 * or an error status. */
static int side_git(side *s, const char *spec)
{
    char *type = NULL;
    size_t len;
    char *argv_t[] = {arg("git"), arg("cat-file"), arg("-t"), arg("--end-of-options"), arg(spec), NULL};
    int st = run_git(argv_t, &type, &len, 1, 64u << 10), rc = KG_OK;
    char *nl = type ? strchr(type, '\n') : NULL;
    if (nl)
        *nl = '\0';
    if (st == -1)
        rc = kg_error__set(KG_EIO, "'%s' does not exist, and git could not be run to read it "
                          "as REV:PATH", spec);
    else if (st != 0)
        rc = kg_error__set(KG_EIO, "'%s' is neither a file or directory nor REV:PATH in git%s%s",
                          spec, type && type[0] ? ": " : "", type ? type : "");
    else if (strcmp(type, "blob") == 0) {
        int k = kg_diff_file_kind(spec);
        if (k < 0)
            rc = kg_error__set(KG_EINVALID, "cannot tell which file of a dataset '%s' is (its "
                              "name should end in entities.csv, relations.csv or sources.csv)",
                              spec);
        else {
            s->kind = SIDE_FILE;
            s->file = (kg_file_kind)k;
            rc = s->load.paths[k] ? KG_OK : git_file(s, spec, (kg_file_kind)k, 0);
        }
    } else if (strcmp(type, "tree") != 0) {
        rc = kg_error__set(KG_EINVALID, "'%s' is a git %s, not a directory or a file", spec, type);
    } else {
        len = strlen(spec);
        int slash = spec[len - 1] != ':' && spec[len - 1] != '/';
        s->kind = SIDE_DIR;
        for (int k = 0; k < KG_FILE_COUNT && rc == KG_OK; k++) {
            if (s->load.paths[k])
                continue; /* named by the load options: both versions share it */
            char file[PATH_MAX + 64];
            snprintf(file, sizeof file, "%s%s%s", spec, slash ? "/" : "", file_names[k]);
            /* a revision without sources.csv has none (see NO_DIR) */
            rc = git_file(s, file, (kg_file_kind)k, k == KG_FILE_SOURCES);
            rc = rc == 1 ? KG_OK : rc;
        }
        if (rc == KG_OK && !s->load.vocabulary_path && !s->load.vocabulary_memory.data) {
            /* the revision's vocabulary.csv, if it has one (kgraph/dataset.h) */
            char file[PATH_MAX + 64];
            snprintf(file, sizeof file, "%s%svocabulary.csv", spec, slash ? "/" : "");
            rc = git_file(s, file, SIDE_VOCABULARY, 1);
            rc = rc == 1 ? KG_OK : rc;
        }
    }
    kg_free(type);
    return rc;
}

/* Reads the kgraph.ini of directory dir, if any, into s->config and applies its files,
 * delimiter and mappings to s->load where the caller's options set none. KG_OK, or an
 * error whose message is the file's first problem ("DIR/kgraph.ini:LINE: ..."). */
static int side_config(side *s, const char *dir)
{
    kg_diagnostics *diags = NULL;
    if (kg_diagnostics_new(&diags, 1) != KG_OK)
        return kg_error__set(KG_ENOMEM, "out of memory");
    int rc = kg_config_find(&s->config, dir, diags);
    const kg_diag *d = kg_diagnostics_count(diags) ? kg_diagnostics_get(diags, 0) : NULL;
    if (rc != KG_OK && d)
        rc = kg_error__set(rc, "%s:%lu: %s", d->file, d->line, d->message);
    kg_diagnostics_free(diags);
    if (rc == KG_OK && kg_config_apply(s->config, &s->load) != KG_OK)
        rc = KG_ELIMIT;
    return rc;
}

/* Works out what a side argument is: an existing directory or file (a path with ':' in it
 * included), /dev/null (nothing), else REV:PATH in git. Returns KG_OK or an error. */
static int side_resolve(side *s, const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            s->kind = SIDE_DIR;
            s->dir = path;
            return side_config(s, path);
        }
        if (!S_ISREG(st.st_mode) || strcmp(path, "/dev/null") == 0) {
            s->kind = SIDE_EMPTY;
            return KG_OK;
        }
        int k = kg_diff_file_kind(path);
        size_t n = strlen(path);
        if (k < 0 && n > 4 && (strcmp(path + n - 4, ".csv") == 0 || strcmp(path + n - 4, ".tsv") == 0))
            k = KG_FILE_RELATIONS; /* another .csv or .tsv: a relations file (an edge list) */
        if (k < 0)
            return kg_error__set(KG_EINVALID, "cannot tell which file of a dataset '%s' is (its "
                                "name should end in entities.csv, relations.csv or "
                                "sources.csv, or .csv or .tsv for a relations file)", path);
        s->kind = SIDE_FILE;
        s->file = (kg_file_kind)k;
        s->load.paths[k] = path;
        return KG_OK;
    }
    if (strchr(path, ':'))
        return side_git(s, path);
    return kg_error__set(KG_EIO, "cannot read '%s': %s", path, strerror(errno));
}

/* A new pair of sides with load options load (NULL: defaults) on both. */
static kg_diff_sides *sides_new(const kg_load_options *load)
{
    kg_diff_sides *ds = kg__calloc(1, sizeof *ds);
    if (!ds)
        return NULL;
    for (int i = 0; i < 2; i++) {
        if (load)
            ds->s[i].load = *load;
        else
            kg_load_options_init(&ds->s[i].load);
    }
    return ds;
}

int kg_diff_sides_open(kg_diff_sides **out, const char *old_spec, const char *new_spec,
                       const kg_load_options *load)
{
    kg_diff_sides *ds = sides_new(load);
    side *o, *n;
    int rc;
    *out = NULL;
    if (!ds)
        return kg_error__set(KG_ENOMEM, "out of memory");
    o = &ds->s[0];
    n = &ds->s[1];
    if ((rc = side_resolve(o, old_spec)) != KG_OK || (rc = side_resolve(n, new_spec)) != KG_OK)
        goto fail;
    /* /dev/null on one side: an empty version of what the other side is */
    if (o->kind == SIDE_EMPTY && n->kind == SIDE_EMPTY) {
        rc = kg_error__set(KG_EUSAGE, "both versions are empty");
        goto fail;
    }
    for (int i = 0; i < 2; i++) {
        side *s = &ds->s[i], *other = &ds->s[1 - i];
        if (s->kind == SIDE_EMPTY &&
            (rc = side_empty(s, other->kind == SIDE_FILE, other->file)) != KG_OK)
            goto fail;
    }
    if (o->kind != n->kind || (o->kind == SIDE_FILE && o->file != n->file)) {
        rc = kg_error__set(KG_EUSAGE, "cannot compare %s with %s",
                          o->kind == SIDE_DIR ? "a dataset" : file_names[o->file],
                          n->kind == SIDE_DIR ? "a dataset" : file_names[n->file]);
        goto fail;
    }
    *out = ds;
    return KG_OK;
fail:
    kg_diff_sides_free(ds);
    return rc;
}

/* Reads the file path whole into file kind of s, named name in messages; one over the
 * size limit is refused unread, and reading stops at the limit. */
static int side_read_file(side *s, kg_file_kind kind, const char *path, const char *name)
{
    uint64_t max = max_file_bytes(s);
    struct stat st;
    char *data;
    size_t len;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return kg_error__set(KG_EIO, "%s: cannot read: %s", path, strerror(errno));
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (uint64_t)st.st_size > max) {
        close(fd);
        return too_big(name, (uint64_t)st.st_size, max);
    }
    int rc = read_limited(fd, max, &data, &len);
    close(fd);
    if (rc == READ_OVER)
        return too_big(name, 0, max);
    if (rc == KG_ENOMEM)
        return kg_error__set(KG_ENOMEM, "out of memory");
    if (rc != 0)
        return kg_error__set(KG_EIO, "%s: read error", path);
    return side_memory(s, kind, data, len, name);
}

int kg_diff_sides_open_files(kg_diff_sides **out, const char *old_file, const char *old_name,
                             const char *new_file, const char *new_name,
                             const kg_load_options *load)
{
    int k = kg_diff_file_kind(old_name), rc = KG_OK;
    const char *files[2] = {old_file, new_file}, *names[2] = {old_name, new_name};
    *out = NULL;
    if (k < 0)
        return kg_error__set(KG_EUSAGE, "cannot tell which file of a dataset '%s' is", old_name);
    kg_diff_sides *ds = sides_new(load);
    if (!ds)
        return kg_error__set(KG_ENOMEM, "out of memory");
    for (int i = 0; i < 2 && rc == KG_OK; i++) {
        side *s = &ds->s[i];
        s->kind = SIDE_FILE;
        s->file = (kg_file_kind)k;
        for (int j = 0; j < KG_FILE_COUNT; j++)
            s->load.paths[j] = NULL;
        rc = strcmp(files[i], "/dev/null") == 0 ? side_empty(s, 1, (kg_file_kind)k)
                                                : side_read_file(s, (kg_file_kind)k, files[i], names[i]);
    }
    if (rc != KG_OK) {
        kg_diff_sides_free(ds);
        return rc;
    }
    *out = ds;
    return KG_OK;
}

unsigned kg_diff_sides_kind(const kg_diff_sides *sides)
{
    const side *o = &sides->s[0];
    return o->kind == SIDE_FILE ? 1u << o->file : KG_DIFF_ALL;
}

void kg_diff_sides_inputs(const kg_diff_sides *sides, kg_diff_input *old_in,
                          kg_diff_input *new_in, kg_diff_options *opts)
{
    const side *o = &sides->s[0];
    int single = o->kind == SIDE_FILE;
    /* other files named by the load options make it a whole-dataset comparison */
    for (int k = 0; single && k < KG_FILE_COUNT; k++)
        single = k == (int)o->file || !o->load.paths[k];
    opts->single_file = single;
    opts->kinds = single ? 1u << o->file : KG_DIFF_ALL;
    kg_diff_input *in[2] = {old_in, new_in};
    for (int i = 0; i < 2; i++) {
        const side *s = &sides->s[i];
        /* from git or made up: NO_DIR; files named one by one take the others from the
         * current directory, as render does */
        in[i]->dir = s->kind == SIDE_DIR ? (s->dir ? s->dir : NO_DIR) : single ? NULL : ".";
        in[i]->load = &s->load;
    }
}

void kg_diff_sides_free(kg_diff_sides *sides)
{
    if (!sides)
        return;
    side_free(&sides->s[0]);
    side_free(&sides->s[1]);
    kg_free(sides);
}
