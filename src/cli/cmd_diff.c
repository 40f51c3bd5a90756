/* cmd_diff.c: `kgraph diff`: what changed between two versions of a dataset, from directories,
 * single files or git revisions (REV:PATH), as text, CSV, JSON or a diff diagram; and the
 * `--git` mode git runs as an external diff driver. */
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

#include "args.h"
#include "tool.h"
#include "viewopts.h"
#include "base/base_internal.h"

extern char **environ;

enum {
    OPT_OUTPUT = 1, OPT_FORMAT, OPT_ENGINE, OPT_TITLE, OPT_NO_TITLE, OPT_NO_LEGEND, OPT_STYLE,
    OPT_CONTEXT, OPT_COLOR, OPT_METHOD, OPT_GIT, OPT_CSV_RAW
};

static const kg_option diff_options[] = {
    {"output", 'o', 1, OPT_OUTPUT},
    {"format", 'T', 1, OPT_FORMAT},
    {"engine", 'K', 1, OPT_ENGINE},
    {"title", 0, 1, OPT_TITLE},
    {"no-title", 0, 0, OPT_NO_TITLE},
    {"no-legend", 0, 0, OPT_NO_LEGEND},
    {"style", 0, 1, OPT_STYLE},
    {"context", 0, 1, OPT_CONTEXT},
    {"color", 0, 1, OPT_COLOR},
    {"method", 0, 1, OPT_METHOD},
    {"git", 0, 0, OPT_GIT},
    {"csv-raw", 0, 0, OPT_CSV_RAW},
    KG_VIEW_OPTION_TABLE,
    KG_DATASET_OPTIONS,
    {NULL, 0, 0, 0}};

static const char *const file_names[KG_FILE_COUNT] = {"entities.csv", "relations.csv",
                                                       "sources.csv"};

/* The "directory" of a version read from git: one that holds no file, so that a revision
 * without sources.csv has none (the loader looks for DIR/sources.csv). */
#define NO_DIR "/dev/null"

/* argv strings for posix_spawn, which takes char *const[] but does not write to them. */
static char *arg(const char *s)
{
    return (char *)(uintptr_t)s;
}

/* ---- running git ------------------------------------------------------------------------- */

/* The loader's limit on one file when --max-file-size is not given (kgraph/dataset.h). */
#define DEFAULT_MAX_FILE (4ull << 30)

/* run_git's result when the output passed its max bytes. */
#define GIT_TOO_BIG (-2)

/* Runs git with argv (argv[0] is "git"; posix_spawnp, no shell; stdin /dev/null), its
 * stdout captured into a new buffer *out (NUL-terminated, *len bytes; free with kg_free;
 * out NULL discards it), its stderr into the same buffer when merge_stderr, else
 * discarded. At most max bytes are kept: past them reading stops (git then gets EPIPE)
 * and the result is GIT_TOO_BIG with *out NULL, so memory stays within about twice max.
 * Returns git's exit status (128 when killed), GIT_TOO_BIG, or -1 when it could not be
 * run or out of memory. */
static int run_git(char *const argv[], char **out, size_t *len, int merge_stderr, size_t max)
{
    int pipefd[2] = {-1, -1}, status = -1, over = 0;
    posix_spawn_file_actions_t fa;
    pid_t pid;
    char *buf = NULL;
    size_t n = 0, cap = 0;
    int fa_ready = 0;
    if (out)
        *out = NULL;
    if (len)
        *len = 0;
    if (pipe(pipefd) != 0)
        goto cleanup;
    if (posix_spawn_file_actions_init(&fa) != 0)
        goto cleanup;
    fa_ready = 1;
    if (posix_spawn_file_actions_addclose(&fa, pipefd[0]) != 0 ||
        posix_spawn_file_actions_adddup2(&fa, pipefd[1], STDOUT_FILENO) != 0 ||
        (merge_stderr ? posix_spawn_file_actions_adddup2(&fa, pipefd[1], STDERR_FILENO)
                      : posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null",
                                                         O_WRONLY, 0)) != 0 ||
        posix_spawn_file_actions_addclose(&fa, pipefd[1]) != 0 ||
        posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0) != 0)
        goto cleanup;
    if (posix_spawnp(&pid, "git", &fa, NULL, argv, environ) != 0)
        goto cleanup;
    close(pipefd[1]);
    pipefd[1] = -1;
    for (;;) {
        if (n > max) {
            over = 1; /* stop here: git gets EPIPE when the pipe is closed */
            break;
        }
        if (n + 65536 + 1 > cap) {
            size_t ncap = cap ? cap * 2 : 1 << 16;
            char *nb = kg__realloc(buf, ncap);
            if (!nb)
                break; /* drain below by closing: git gets EPIPE */
            buf = nb;
            cap = ncap;
        }
        size_t want = cap - n - 1;
        if (max - n < want)
            want = max - n + 1; /* one byte past max tells that there is more */
        ssize_t r = read(pipefd[0], buf + n, want);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        n += (size_t)r;
    }
    close(pipefd[0]);
    pipefd[0] = -1;
    int ws;
    while (waitpid(pid, &ws, 0) < 0 && errno == EINTR)
        ;
    status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128;
    if (!buf)
        status = status == 0 ? -1 : status;
    if (over) {
        status = GIT_TOO_BIG;
        kg_free(buf);
        buf = NULL;
    }

cleanup:
    if (fa_ready)
        posix_spawn_file_actions_destroy(&fa);
    if (pipefd[0] >= 0)
        close(pipefd[0]);
    if (pipefd[1] >= 0)
        close(pipefd[1]);
    if (buf)
        buf[n] = '\0';
    if (out && buf) {
        *out = buf;
        if (len)
            *len = n;
    } else {
        kg_free(buf);
    }
    return status;
}

/* ---- the two sides ------------------------------------------------------------------------ */

typedef enum side_kind { SIDE_DIR, SIDE_FILE, SIDE_EMPTY } side_kind;

/* One version to compare, and the memory it owns. */
typedef struct side {
    const char *arg;            /* as given on the command line */
    side_kind kind;
    kg_file_kind file;          /* SIDE_FILE: which file it is */
    const char *dir;            /* SIDE_DIR on disk */
    kg_load_options load;
    char *mem[KG_FILE_COUNT];   /* contents read from git or made up (owned) */
    char *names[KG_FILE_COUNT]; /* their names in messages (owned) */
    kg_diagnostics *diags;
} side;

/* Frees what a side owns (not the side). */
static void side_free(side *s)
{
    for (int k = 0; k < KG_FILE_COUNT; k++) {
        kg_free(s->mem[k]);
        kg_free(s->names[k]);
    }
    kg_diagnostics_free(s->diags);
}

/* The kind of file a name ends in ("entities.csv", "x_relations.csv"); -1 if none. */
static int kind_of_name(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = strlen(base);
    for (int k = 0; k < KG_FILE_COUNT; k++) {
        size_t m = strlen(file_names[k]);
        if (n >= m && strcmp(base + n - m, file_names[k]) == 0)
            return k;
    }
    return -1;
}

/* The header row of an empty file of kind: its required columns (under their --map
 * headers). A new buffer (kg_free), or NULL. */
static char *empty_file(const kg_load_options *lo, kg_file_kind kind)
{
    static const char *const required[KG_FILE_COUNT][3] = {
        {"id", NULL, NULL}, {"source", "relation", "target"}, {"id", NULL, NULL}};
    const char *const *cols = required[kind];
    size_t count = kind == KG_FILE_RELATIONS ? 3 : 1;
    size_t len = 2;
    const char *names[3];
    for (size_t i = 0; i < count; i++) {
        names[i] = cols[i];
        for (size_t m = 0; m < lo->map_count; m++)
            if (lo->maps[m].file == kind && strcmp(lo->maps[m].column, cols[i]) == 0)
                names[i] = lo->maps[m].header;
        len += 2 * strlen(names[i]) + 4;
    }
    char *text = kg__malloc(len), *w = text;
    if (!text)
        return NULL;
    for (size_t i = 0; i < count; i++) {
        *w++ = i ? ',' : '"';
        if (i)
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

/* Gives file kind of s the contents text (owned from now on) named name (copied). */
static int side_memory(side *s, kg_file_kind kind, char *text, size_t len, const char *name)
{
    s->mem[kind] = text;
    s->names[kind] = kg__strdup(name);
    if (!s->names[kind])
        return -1;
    s->load.memory[kind] = (kg_memory_file){s->names[kind], text, len};
    return 0;
}

/* Makes s an empty version: every file (or, for a single-file comparison, the one of
 * kind) a header alone. Returns 0 or -1 out of memory. */
static int side_empty(side *s, int single, kg_file_kind kind)
{
    for (int k = 0; k < KG_FILE_COUNT; k++) {
        if (single && k != (int)kind)
            continue;
        char *text = empty_file(&s->load, (kg_file_kind)k);
        if (!text || side_memory(s, (kg_file_kind)k, text, strlen(text), "/dev/null") != 0) {
            kg_free(text);
            return -1;
        }
    }
    s->kind = single ? SIDE_FILE : SIDE_DIR;
    s->file = kind;
    return 0;
}

/* The largest file a side accepts: its --max-file-size, else the loader's default. */
static uint64_t max_file_bytes(const side *s)
{
    return s->load.max_file_bytes ? s->load.max_file_bytes : DEFAULT_MAX_FILE;
}

/* Prints the loader's message for a file over the size limit (size 0: unknown). */
static void too_big(const char *name, uint64_t size, uint64_t max)
{
    if (size)
        fprintf(stderr, "kgraph: %s: file is %llu bytes, over the limit of %llu (see --max-file-size)\n",
                name, (unsigned long long)size, (unsigned long long)max);
    else
        fprintf(stderr, "kgraph: %s: file is over the limit of %llu bytes (see --max-file-size)\n",
                name, (unsigned long long)max);
}

/* Reads REV:PATH/FILE of kind k (or REV:PATH itself when file is NULL) from git into s.
 * optional: a missing file is no error. The spec always follows --end-of-options (one
 * beginning with '-' is not an option to git), and the blob's size is asked first: a blob
 * over --max-file-size is refused unread, and reading stops at the limit should it grow.
 * Returns 0, 1 (missing, optional) or -1 (message printed). */
static int git_file(side *s, const char *spec, kg_file_kind k, int optional)
{
    char *argv_s[] = {arg("git"), arg("cat-file"), arg("-s"), arg("--end-of-options"), arg(spec), NULL};
    char *argv_b[] = {arg("git"), arg("cat-file"), arg("blob"), arg("--end-of-options"), arg(spec), NULL};
    char *data = NULL, *end;
    size_t len;
    uint64_t max = max_file_bytes(s);
    if (run_git(argv_s, &data, NULL, 0, 64) != 0 || !data) {
        kg_free(data);
        if (optional)
            return 1;
        fprintf(stderr, "kgraph: %s: cannot read: no such file in the git revision\n", spec);
        return -1;
    }
    errno = 0;
    unsigned long long size = strtoull(data, &end, 10);
    int bad = errno || end == data || (*end != '\n' && *end != '\0');
    kg_free(data);
    data = NULL;
    if (bad) {
        fprintf(stderr, "kgraph: %s: cannot read from git (git cat-file -s gave no size)\n", spec);
        return -1;
    }
    if (size > max) {
        too_big(spec, size, max);
        return -1;
    }
    int st = run_git(argv_b, &data, &len, 0, max > SIZE_MAX - 1 ? SIZE_MAX - 1 : (size_t)max);
    if (st == GIT_TOO_BIG) {
        too_big(spec, 0, max);
        return -1;
    }
    if (st != 0 || !data) {
        kg_free(data);
        fprintf(stderr, "kgraph: %s: cannot read from git (git cat-file failed)\n", spec);
        return -1;
    }
    if (side_memory(s, k, data, len, spec) != 0) {
        kg_free(data);
        fprintf(stderr, "kgraph: out of memory\n");
        return -1;
    }
    return 0;
}

/* Resolves REV:PATH: a tree is a dataset directory, a blob a single file. Returns 0, or
 * -1 with a message printed. */
static int side_git(side *s, const char *spec)
{
    char *type = NULL;
    char *argv_t[] = {arg("git"), arg("cat-file"), arg("-t"), arg("--end-of-options"), arg(spec), NULL};
    int st = run_git(argv_t, &type, NULL, 1, 64u << 10);
    int rc = -1;
    if (st != 0) {
        char *nl = type ? strchr(type, '\n') : NULL;
        if (nl)
            *nl = '\0';
        if (st == -1)
            fprintf(stderr, "kgraph: '%s' does not exist, and git could not be run to read it "
                            "as REV:PATH\n", spec);
        else
            fprintf(stderr, "kgraph: '%s' is neither a file or directory nor REV:PATH in git%s%s\n",
                    spec, type && type[0] ? ": " : "", type ? type : "");
        goto cleanup;
    }
    if (strncmp(type, "blob", 4) == 0) {
        int k = kind_of_name(spec);
        if (k < 0) {
            fprintf(stderr, "kgraph: cannot tell which file of a dataset '%s' is (its name "
                            "should end in entities.csv, relations.csv or sources.csv)\n", spec);
            goto cleanup;
        }
        s->kind = SIDE_FILE;
        s->file = (kg_file_kind)k;
        rc = s->load.paths[k] ? 0 : git_file(s, spec, (kg_file_kind)k, 0);
        goto cleanup;
    }
    if (strncmp(type, "tree", 4) != 0) {
        fprintf(stderr, "kgraph: '%s' is a git %s, not a directory or a file\n", spec, type);
        goto cleanup;
    }
    s->kind = SIDE_DIR;
    size_t len = strlen(spec);
    int slash = spec[len - 1] != ':' && spec[len - 1] != '/';
    rc = 0;
    for (int k = 0; k < KG_FILE_COUNT && rc == 0; k++) {
        if (s->load.paths[k])
            continue; /* given by --entities, --relations or --sources */
        char file[PATH_MAX + 64];
        snprintf(file, sizeof file, "%s%s%s", spec, slash ? "/" : "", file_names[k]);
        /* a revision without sources.csv has none (see NO_DIR) */
        rc = git_file(s, file, (kg_file_kind)k, k == KG_FILE_SOURCES) < 0 ? -1 : 0;
    }
    s->dir = NULL;

cleanup:
    kg_free(type);
    return rc;
}

/* Works out what a side argument is: an existing directory or file (a path with ':' in
 * it included), /dev/null (nothing), else REV:PATH in git. Returns 0 or -1 (message
 * printed). */
static int side_resolve(side *s, const char *path)
{
    struct stat st;
    s->arg = path;
    if (stat(path, &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            s->kind = SIDE_DIR;
            s->dir = path;
            return 0;
        }
        if (!S_ISREG(st.st_mode) || strcmp(path, "/dev/null") == 0) {
            s->kind = SIDE_EMPTY;
            return 0;
        }
        int k = kind_of_name(path);
        if (k < 0) {
            fprintf(stderr, "kgraph: cannot tell which file of a dataset '%s' is (its name "
                            "should end in entities.csv, relations.csv or sources.csv)\n", path);
            return -1;
        }
        s->kind = SIDE_FILE;
        s->file = (kg_file_kind)k;
        s->load.paths[k] = path;
        return 0;
    }
    if (strchr(path, ':'))
        return side_git(s, path);
    fprintf(stderr, "kgraph: cannot read '%s': %s\n", path, strerror(errno));
    return -1;
}

/* Fills in the kg_diff_input of a side. A dataset from git (or made up) has NO_DIR as
 * its directory; files named one by one take the others from the current directory, as
 * render does. */
static void side_input(side *s, kg_diff_input *in, int single)
{
    if (s->kind == SIDE_DIR)
        in->dir = s->dir ? s->dir : NO_DIR;
    else
        in->dir = single ? NULL : ".";
    in->load = &s->load;
    in->diags = s->diags;
}

/* ---- output ------------------------------------------------------------------------------- */

typedef struct settings {
    const char *output, *format_name, *engine, *title, *style_path;
    int no_title, legend, context, color; /* color: -1 auto, 0 never, 1 always */
    kg_diff_method method;
    int git;
    int csv_raw; /* --csv-raw: CSV fields as they are, formula-like or not */
    const kg_view_args *view; /* the view options, applied to both sides */
} settings;

/* Parses --context: a number of hops, 0 or more. */
static int parse_context(const char *s, int *out)
{
    char *end;
    if (s[0] < '0' || s[0] > '9')
        return -1;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end || v > 1000000)
        return -1;
    *out = (int)v;
    return 0;
}

/* Nonzero when colour is wanted on stdout: --color, else a terminal and no NO_COLOR. */
static int want_color(const settings *st, const char *output)
{
    if (st->color >= 0)
        return st->color;
    const char *nc = getenv("NO_COLOR");
    if (nc && nc[0])
        return 0;
    return strcmp(output, "-") == 0 && isatty(STDOUT_FILENO);
}

/* Writes the diff as text, CSV or JSON to output, atomically. Returns a kg_exit. */
static int write_diff(const kg_diff *diff, kg_diff_format format, const settings *st,
                      const char *header)
{
    kg_output *out;
    kg_diff_write_options wo = {format, 0, header};
    if (format == KG_DIFF_CSV && st->csv_raw)
        wo.format = KG_DIFF_CSV_RAW; /* --csv-raw: formula-like fields as they are */
    if (kg_output_open(&out, st->output) != KG_OK) {
        fprintf(stderr, "kgraph: %s\n", kg_last_error());
        return KG_EXIT_TROUBLE;
    }
    wo.color = format == KG_DIFF_TEXT && want_color(st, st->output);
    if (kg_diff_write(diff, &wo, kg_output_stream(out)) != KG_OK) {
        fprintf(stderr, "kgraph: %s\n", kg_last_error());
        kg_output_abort(out);
        return KG_EXIT_TROUBLE;
    }
    if (kg_output_commit(out) != KG_OK) {
        fprintf(stderr, "kgraph: %s\n", kg_last_error());
        return KG_EXIT_TROUBLE;
    }
    return kg_diff_is_empty(diff) ? KG_EXIT_OK : KG_EXIT_DIFFERENCES;
}

/* Prints both sides' messages (old first). */
static void print_sides(side *o, side *n, int quiet)
{
    kg_diagnostics_print(o->diags, stderr, "kgraph", !quiet);
    kg_diagnostics_print(n->diags, stderr, "kgraph", !quiet);
}

/* Selects the view in both versions: masks[0..1] entity and relation masks of the old
 * side, masks[2..3] of the new. A name must exist on at least one side: what one side
 * lacks selects nothing there. Returns 0, or KG_EXIT_TROUBLE after printing the error. */
static int view_both(const kg_view_args *v, const kg_dataset *od, const kg_dataset *nd,
                     unsigned char *masks[4])
{
    kg_view_options opts = v->opts;
    char first[1100];
    int ro = kg_view_select(&masks[0], &masks[1], od, &opts);
    snprintf(first, sizeof first, "%s", kg_last_error());
    int rn = kg_view_select(&masks[2], &masks[3], nd, &opts);
    if (ro == KG_ENOMEM || rn == KG_ENOMEM)
        return kg_view__args_error("diff", KG_ENOMEM);
    if (ro != KG_OK && rn != KG_OK) {
        /* the old side's message, as diff reports the old side first */
        fprintf(stderr, "kgraph: %s\nTry 'kgraph help diff' for more information.\n", first);
        return KG_EXIT_TROUBLE;
    }
    opts.lenient = 1;
    int rc = ro != KG_OK ? kg_view_select(&masks[0], &masks[1], od, &opts)
             : rn != KG_OK ? kg_view_select(&masks[2], &masks[3], nd, &opts)
                           : KG_OK;
    return rc == KG_OK ? 0 : kg_view__args_error("diff", rc);
}

/* Loads both versions whole and draws the diff diagram, or (diagram 0) writes the diff in
 * tformat; the view options restrict both. Returns a kg_exit. */
static int draw_diff(side *o, side *n, const settings *st, kg_format format, int quiet,
                     int diagram, kg_diff_format tformat)
{
    unsigned char *masks[4] = {NULL, NULL, NULL, NULL};
    kg_dataset *od = NULL, *nd = NULL;
    kg_diff *diff = NULL;
    kg_style *style = NULL;
    Agraph_t *graph = NULL;
    kg_diagnostics *diags = NULL;
    kg_diff_input oi, ni;
    int status = KG_EXIT_TROUBLE, rc;
    char title[512];

    side_input(o, &oi, 0);
    side_input(n, &ni, 0);
    if (!(style = kg_style__args_load(st->style_path, quiet)))
        goto cleanup;
    if (kg_diagnostics_new(&diags, 0) != KG_OK)
        goto oom;
    int ro = kg_dataset_load(&od, oi.dir, oi.load, o->diags);
    int rn = kg_dataset_load(&nd, ni.dir, ni.load, n->diags);
    print_sides(o, n, quiet);
    if (ro != KG_OK || rn != KG_OK) {
        if (kg_diagnostics_errors(o->diags) + kg_diagnostics_errors(n->diags) == 0)
            fprintf(stderr, "kgraph: %s\n", kg_last_error());
        goto cleanup;
    }
    if (kg_diff_compute(&diff, od, nd, NULL) != KG_OK)
        goto oom;
    if (kg_view__args_active(st->view)) {
        if (view_both(st->view, od, nd, masks) != 0)
            goto cleanup;
        kg_diff_restrict(diff, od, nd, masks[0], masks[1], masks[2], masks[3]);
    }
    if (!diagram) {
        status = write_diff(diff, tformat, st, NULL);
        goto cleanup;
    }
    kg_diff_graph_options go;
    kg_diff_graph_options_init(&go);
    snprintf(title, sizeof title, "%s \xE2\x86\x92 %s", o->arg, n->arg);
    go.title = st->no_title ? NULL : st->title ? st->title : title;
    go.legend = st->legend;
    go.style = style;
    go.context = st->context;
    go.old_entity_mask = masks[0];
    go.old_relation_mask = masks[1];
    go.new_entity_mask = masks[2];
    go.new_relation_mask = masks[3];
    go.all_edge_labels = format == KG_FORMAT_DOT; /* no layout: labels cost nothing */
    rc = kg_diff_graph_build(&graph, diff, od, nd, &go, diags);
    if (rc == KG_OK) {
        kg_render_options ropts = {.format = format, .engine = st->engine};
        rc = kg_render_file(graph, &ropts, st->output, diags);
    }
    kg_diagnostics_print(diags, stderr, "kgraph", !quiet);
    if (rc != KG_OK) {
        fprintf(stderr, "kgraph: %s\n", kg_last_error()[0] ? kg_last_error() : kg_strerror(rc));
        goto cleanup;
    }
    status = kg_diff_is_empty(diff) ? KG_EXIT_OK : KG_EXIT_DIFFERENCES;
    goto cleanup;

oom:
    fprintf(stderr, "kgraph: out of memory\n");
cleanup:
    kg_graph_free(graph);
    kg_diff_free(diff);
    kg_dataset_free(od);
    kg_dataset_free(nd);
    kg_style_free(style);
    kg_diagnostics_free(diags);
    for (int k = 0; k < 4; k++)
        kg_free(masks[k]);
    return status;
}

/* Compares the sides and writes text, CSV or JSON. Returns a kg_exit. */
static int compare(side *o, side *n, const settings *st, kg_diff_format format, int quiet,
                   const char *header)
{
    kg_diff_options opts;
    kg_diff_input oi, ni;
    kg_diff *diff = NULL;
    int single = o->kind == SIDE_FILE;
    kg_diff_options_init(&opts);
    opts.method = st->method;
    if (single) {
        /* other files named by options make it a whole-dataset comparison */
        int companions = 0;
        for (int k = 0; k < KG_FILE_COUNT; k++)
            companions |= k != (int)o->file && o->load.paths[k] != NULL;
        single = !companions;
    }
    if (single) {
        opts.single_file = 1;
        opts.kinds = o->file == KG_FILE_ENTITIES ? KG_DIFF_ENTITIES
                     : o->file == KG_FILE_SOURCES ? KG_DIFF_SOURCES
                                                  : KG_DIFF_RELATIONS;
    }
    side_input(o, &oi, single);
    side_input(n, &ni, single);
    int rc = kg_diff_load(&diff, &oi, &ni, &opts);
    print_sides(o, n, quiet);
    if (rc != KG_OK) {
        if (kg_diagnostics_errors(o->diags) + kg_diagnostics_errors(n->diags) == 0)
            fprintf(stderr, "kgraph: %s\n", kg_last_error());
        return KG_EXIT_TROUBLE;
    }
    int status = write_diff(diff, format, st, header);
    kg_diff_free(diff);
    return status;
}

/* ---- the command ---------------------------------------------------------------------------- */

/* git's external diff: PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE [NEW-PATH
 * INFO], or PATH alone for an unmerged path. Returns a kg_exit; differences are 0, as git
 * requires. */
static int git_mode(const char *const *pos, size_t npos, settings *st, const kg_dataset_args *d)
{
    side o, n;
    char header[PATH_MAX * 2 + 32];
    int status = KG_EXIT_TROUBLE;
    if (npos == 1) {
        printf("* Unmerged path %s\n", pos[0]);
        return KG_EXIT_OK;
    }
    if (npos != 7 && npos != 9)
        return kg_usage__error("diff", "--git takes the 7 arguments git gives an external diff "
                              "(PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE)");
    const char *path = pos[0], *new_path = npos == 9 ? pos[7] : pos[0];
    int k = kind_of_name(path);
    if (k < 0) {
        /* not a dataset file: an ordinary line diff */
        char *argv[] = {arg("git"), arg("diff"), arg("--no-index"), arg("--no-ext-diff"),
                        arg("--"), arg(pos[1]), arg(pos[4]), NULL};
        char *text = NULL;
        size_t len;
        int r = run_git(argv, &text, &len, 1, SIZE_MAX - 1);
        if (text)
            fwrite(text, 1, len, stdout);
        kg_free(text);
        return r == 0 || r == 1 ? KG_EXIT_OK : KG_EXIT_TROUBLE;
    }
    memset(&o, 0, sizeof o);
    memset(&n, 0, sizeof n);
    o.load = n.load = d->load;
    o.arg = pos[1];
    n.arg = pos[4];
    if (kg_diagnostics_new(&o.diags, 0) != KG_OK || kg_diagnostics_new(&n.diags, 0) != KG_OK)
        goto oom;
    side *sides[2] = {&o, &n};
    const char *files[2] = {pos[1], pos[4]};
    const char *names[2] = {path, new_path};
    for (int i = 0; i < 2; i++) {
        side *s = sides[i];
        char name[PATH_MAX + 8];
        snprintf(name, sizeof name, "%s/%s", i ? "b" : "a", names[i]);
        s->kind = SIDE_FILE;
        s->file = (kg_file_kind)k;
        for (int j = 0; j < KG_FILE_COUNT; j++)
            s->load.paths[j] = NULL;
        if (strcmp(files[i], "/dev/null") == 0) {
            if (side_empty(s, 1, (kg_file_kind)k) != 0)
                goto oom;
            continue;
        }
        /* read the file now: it is a temporary file of git's, named in messages as a/PATH;
         * one over --max-file-size is refused unread, and reading stops at the limit */
        FILE *f = fopen(files[i], "rb");
        char *data = NULL;
        size_t len = 0, cap = 0;
        uint64_t max = max_file_bytes(s);
        struct stat fst;
        if (!f) {
            fprintf(stderr, "kgraph: %s: cannot read: %s\n", files[i], strerror(errno));
            goto cleanup;
        }
        if (fstat(fileno(f), &fst) == 0 && S_ISREG(fst.st_mode) && (uint64_t)fst.st_size > max) {
            fclose(f);
            too_big(name, (uint64_t)fst.st_size, max);
            goto cleanup;
        }
        for (;;) {
            if (len > max) {
                kg_free(data);
                fclose(f);
                too_big(name, 0, max);
                goto cleanup;
            }
            if (len + 65536 + 1 > cap) {
                size_t ncap = cap ? cap * 2 : 1 << 16;
                char *nb = kg__realloc(data, ncap);
                if (!nb) {
                    kg_free(data);
                    fclose(f);
                    goto oom;
                }
                data = nb;
                cap = ncap;
            }
            size_t want = cap - len - 1;
            if (max - len < want)
                want = (size_t)(max - len) + 1; /* one byte past max tells that there is more */
            size_t r = fread(data + len, 1, want, f);
            len += r;
            if (r == 0)
                break;
        }
        int bad = ferror(f);
        fclose(f);
        if (bad) {
            kg_free(data);
            fprintf(stderr, "kgraph: %s: read error\n", files[i]);
            goto cleanup;
        }
        if (side_memory(s, (kg_file_kind)k, data, len, name) != 0) {
            kg_free(data);
            goto oom;
        }
    }
    snprintf(header, sizeof header, "kgraph diff a/%s b/%s", path, new_path);
    st->output = "-";
    status = compare(&o, &n, st, KG_DIFF_TEXT, d->quiet, header);
    if (status == KG_EXIT_DIFFERENCES)
        status = KG_EXIT_OK; /* git takes any other status for a failure */
    goto cleanup;

oom:
    fprintf(stderr, "kgraph: out of memory\n");
cleanup:
    side_free(&o);
    side_free(&n);
    fflush(stdout);
    return status;
}

int kg_cmd__diff(int argc, char **argv)
{
    kg_args args;
    kg_dataset_args d;
    settings st = {NULL, NULL, NULL, NULL, NULL, 0, 1, -1, -1, KG_DIFF_AUTO, 0, 0, NULL};
    kg_view_args view;
    const char *pos[9];
    size_t npos = 0;
    int id, r, context_given = 0;
    const char *value;
    side o, n;
    int status = KG_EXIT_TROUBLE;

    kg_args__init(&args, argc, argv);
    kg_dataset__args_init(&d);
    kg_view__args_init(&view);
    st.view = &view;
    memset(&o, 0, sizeof o);
    memset(&n, 0, sizeof n);
    while ((r = kg_args__next(&args, diff_options, &id, &value)) >= 0) {
        if (r >= 100)
            return r - 100;
        if (r == 0) {
            if (npos == 9)
                return kg_usage__error("diff", "unexpected argument '%s'", value);
            pos[npos++] = value;
            continue;
        }
        switch (id) {
        case OPT_OUTPUT: st.output = value; break;
        case OPT_FORMAT: st.format_name = value; break;
        case OPT_ENGINE: st.engine = value; break;
        case OPT_TITLE: st.title = value; break;
        case OPT_NO_TITLE: st.no_title = 1; break;
        case OPT_NO_LEGEND: st.legend = 0; break;
        case OPT_STYLE: st.style_path = value; break;
        case OPT_GIT: st.git = 1; break;
        case OPT_CSV_RAW: st.csv_raw = 1; break;
        case OPT_CONTEXT:
            if (parse_context(value, &st.context) != 0)
                return kg_usage__error("diff", "invalid --context '%s' (a number of hops, 0 or more)",
                                      value);
            context_given = 1;
            break;
        case OPT_COLOR:
            if (strcmp(value, "auto") == 0)
                st.color = -1;
            else if (strcmp(value, "always") == 0)
                st.color = 1;
            else if (strcmp(value, "never") == 0)
                st.color = 0;
            else
                return kg_usage__error("diff", "invalid --color '%s' (auto, always or never)", value);
            break;
        case OPT_METHOD:
            if (strcmp(value, "auto") == 0)
                st.method = KG_DIFF_AUTO;
            else if (strcmp(value, "scan") == 0)
                st.method = KG_DIFF_SCAN;
            else if (strcmp(value, "model") == 0)
                st.method = KG_DIFF_MODEL;
            else
                return kg_usage__error("diff", "invalid --method '%s' (auto, scan or model)", value);
            break;
        default: {
            int rc = kg_view__or_dataset_option(&view, &d, "diff", id, value);
            if (rc < 0)
                status = KG_EXIT_OK;
            if (rc)
                goto cleanup; /* status is KG_EXIT_TROUBLE unless help was shown */
        }
        }
    }
    if ((status = kg_view__args_finish(&view, "diff")) != 0)
        goto cleanup;
    status = KG_EXIT_TROUBLE;
    int viewed = kg_view__args_active(&view);
    if (view.cluster_by_type) {
        status = kg_usage__error("diff", "--cluster does not apply to diff diagrams");
        goto cleanup;
    }
    if (st.git) {
        if (viewed) {
            status = kg_usage__error("diff", "view options do not apply with --git");
            goto cleanup;
        }
        status = git_mode(pos, npos, &st, &d);
        goto cleanup;
    }
    if (npos != 2) {
        status = kg_usage__error("diff", npos < 2 ? "diff needs two versions: OLD and NEW"
                                                 : "unexpected argument '%s'", pos[npos - 1]);
        goto cleanup;
    }

    /* the format: text unless -T or the extension of -o says otherwise */
    int diagram = 0;
    kg_diff_format format = KG_DIFF_TEXT;
    kg_format gformat = KG_FORMAT_SVG;
    const char *fname = st.format_name;
    if (!fname && st.output && strcmp(st.output, "-") != 0) {
        const char *dot = strrchr(st.output, '.');
        if (dot && (strcmp(dot, ".csv") == 0 || strcmp(dot, ".json") == 0 ||
                    strcmp(dot, ".txt") == 0 || kg_format_from_path(&gformat, st.output) == KG_OK))
            fname = dot + 1;
    }
    if (!fname || strcmp(fname, "text") == 0 || strcmp(fname, "txt") == 0)
        format = KG_DIFF_TEXT;
    else if (strcmp(fname, "csv") == 0)
        format = KG_DIFF_CSV;
    else if (strcmp(fname, "json") == 0)
        format = KG_DIFF_JSON;
    else if (kg_format_parse(&gformat, fname) == KG_OK && gformat != KG_FORMAT_JSON)
        diagram = 1;
    else
        { status = kg_usage__error("diff", "unknown format '%s' (text, csv, json, svg, png, pdf or dot)",
                              fname); goto cleanup; }
    if (context_given && !diagram)
        { status = kg_usage__error("diff", "--context applies to diagrams (-T svg, png, pdf or dot)"); goto cleanup; }
    if (st.engine && strcmp(st.engine, "auto") != 0 && !kg_engine_valid(st.engine))
        { status = kg_usage__error("diff", "unknown layout engine '%s' (dot, neato, fdp, sfdp, circo, twopi)",
                              st.engine); goto cleanup; }
    if (!st.output)
        st.output = "-";
    if (diagram && strcmp(st.output, "-") == 0 && isatty(STDOUT_FILENO) &&
        (gformat == KG_FORMAT_PNG || gformat == KG_FORMAT_PDF))
        return kg_usage__error("diff", "refusing to write %s to a terminal; use -o FILE",
                              kg_format_name(gformat));

    o.load = n.load = d.load;
    if (kg_diagnostics_new(&o.diags, 0) != KG_OK || kg_diagnostics_new(&n.diags, 0) != KG_OK) {
        fprintf(stderr, "kgraph: out of memory\n");
        goto cleanup;
    }
    if (side_resolve(&o, pos[0]) != 0 || side_resolve(&n, pos[1]) != 0)
        goto cleanup;
    /* /dev/null on one side: an empty version of what the other side is */
    if (o.kind == SIDE_EMPTY && n.kind == SIDE_EMPTY) {
        status = kg_usage__error("diff", "both versions are empty");
        goto cleanup;
    }
    side *sides[2] = {&o, &n};
    for (int i = 0; i < 2; i++) {
        side *s = sides[i], *other = sides[1 - i];
        if (s->kind == SIDE_EMPTY && side_empty(s, other->kind == SIDE_FILE, other->file) != 0) {
            fprintf(stderr, "kgraph: out of memory\n");
            goto cleanup;
        }
    }
    if (o.kind != n.kind || (o.kind == SIDE_FILE && o.file != n.file)) {
        status = kg_usage__error("diff", "cannot compare %s with %s",
                                o.kind == SIDE_DIR ? "a dataset" : file_names[o.file],
                                n.kind == SIDE_DIR ? "a dataset" : file_names[n.file]);
        goto cleanup;
    }
    if (viewed && o.kind == SIDE_FILE) {
        status = kg_usage__error("diff", "view options need whole datasets (directories, or the "
                                "other files given with --entities / --sources)");
        goto cleanup;
    }
    if (diagram && o.kind == SIDE_FILE) {
        int companions = 0;
        for (int k = 0; k < KG_FILE_COUNT; k++)
            companions |= k != (int)o.file && d.load.paths[k] != NULL;
        if (!companions) {
            status = kg_usage__error("diff", "a diagram needs whole datasets (directories, or "
                                    "the other files given with --entities / --sources)");
            goto cleanup;
        }
    }
    status = diagram || viewed ? draw_diff(&o, &n, &st, gformat, d.quiet, diagram, format)
                               : compare(&o, &n, &st, format, d.quiet, NULL);

cleanup:
    side_free(&o);
    side_free(&n);
    kg_view__args_free(&view);
    return status;
}
