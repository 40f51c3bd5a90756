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

extern char **environ;

/* argv strings for posix_spawn, which takes char *const[] but does not write to them. */
static char *arg(const char *s)
{
    return (char *)(uintptr_t)s;
}

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
static void print_sides(kg_diff_input *in, int quiet)
{
    kg_diagnostics_print(in[0].diags, stderr, "kgraph", !quiet);
    kg_diagnostics_print(in[1].diags, stderr, "kgraph", !quiet);
}

/* Prints the error of a side: a usage error for two versions that cannot be compared.
 * Returns KG_EXIT_TROUBLE. */
static int sides_error(int rc)
{
    if (rc == KG_EUSAGE)
        return kg_usage_error("diff", "%s", kg_last_error());
    fprintf(stderr, "kgraph: %s\n", kg_last_error());
    return KG_EXIT_TROUBLE;
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
        return kg_view_args_error("diff", KG_ENOMEM);
    if (ro != KG_OK && rn != KG_OK) {
        /* the old side's message, as diff reports the old side first */
        fprintf(stderr, "kgraph: %s\nTry 'kgraph help diff' for more information.\n", first);
        return KG_EXIT_TROUBLE;
    }
    opts.lenient = 1;
    int rc = ro != KG_OK ? kg_view_select(&masks[0], &masks[1], od, &opts)
             : rn != KG_OK ? kg_view_select(&masks[2], &masks[3], nd, &opts)
                           : KG_OK;
    return rc == KG_OK ? 0 : kg_view_args_error("diff", rc);
}

/* Loads both versions whole and draws the diff diagram, or (diagram 0) writes the diff in
 * tformat; the view options restrict both. Returns a kg_exit. */
static int draw_diff(kg_diff_input *in, const settings *st, kg_format format, int quiet,
                     int diagram, kg_diff_format tformat, const char *default_title)
{
    unsigned char *masks[4] = {NULL, NULL, NULL, NULL};
    kg_dataset *od = NULL, *nd = NULL;
    kg_diff *diff = NULL;
    kg_style *style = NULL;
    Agraph_t *graph = NULL;
    kg_diagnostics *diags = NULL;
    int status = KG_EXIT_TROUBLE, rc;

    if (!(style = kg_style_args_load(st->style_path, quiet)))
        goto cleanup;
    if (kg_diagnostics_new(&diags, 0) != KG_OK)
        goto oom;
    int ro = kg_dataset_load(&od, in[0].dir, in[0].load, in[0].diags);
    int rn = kg_dataset_load(&nd, in[1].dir, in[1].load, in[1].diags);
    print_sides(in, quiet);
    if (ro != KG_OK || rn != KG_OK) {
        if (kg_diagnostics_errors(in[0].diags) + kg_diagnostics_errors(in[1].diags) == 0)
            fprintf(stderr, "kgraph: %s\n", kg_last_error());
        goto cleanup;
    }
    if (kg_diff_compute(&diff, od, nd, NULL) != KG_OK)
        goto oom;
    if (kg_view_args_active(st->view)) {
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
    go.title = st->no_title ? NULL : st->title ? st->title : default_title;
    go.legend = st->legend;
    go.style = style;
    go.context = st->context;
    go.old_entity_mask = masks[0];
    go.old_relation_mask = masks[1];
    go.new_entity_mask = masks[2];
    go.new_relation_mask = masks[3];
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

/* Compares the sides (freed here) and writes the diff: text, CSV or JSON (diagram 0 and
 * no view), else through draw_diff. Every file either side reads is registered as an
 * input first, so no -o replaces one. Returns a kg_exit. */
static int compare(kg_diff_sides *sides, const settings *st, kg_format gformat, int diagram,
                   kg_diff_format format, int quiet, const char *header, const char *title)
{
    kg_diff_options opts;
    kg_diff_input in[2] = {{0}, {0}};
    kg_diff *diff = NULL;
    int status = KG_EXIT_TROUBLE;
    kg_diff_options_init(&opts);
    opts.method = st->method;
    kg_diff_sides_inputs(sides, &in[0], &in[1], &opts);
    for (int i = 0; i < 2; i++)
        if (kg_output_add_dataset_inputs(in[i].dir, in[i].load, opts.single_file ? opts.kinds : 0)
                != KG_OK || kg_diagnostics_new(&in[i].diags, 0) != KG_OK) {
            fprintf(stderr, "kgraph: out of memory\n");
            goto done;
        }
    if (diagram || kg_view_args_active(st->view)) {
        status = draw_diff(in, st, gformat, quiet, diagram, format, title);
        goto done;
    }
    int rc = kg_diff_load(&diff, &in[0], &in[1], &opts);
    print_sides(in, quiet);
    if (rc != KG_OK) {
        if (kg_diagnostics_errors(in[0].diags) + kg_diagnostics_errors(in[1].diags) == 0)
            fprintf(stderr, "kgraph: %s\n", kg_last_error());
        goto done;
    }
    status = write_diff(diff, format, st, header);
done:
    kg_diff_free(diff);
    kg_diagnostics_free(in[0].diags);
    kg_diagnostics_free(in[1].diags);
    kg_diff_sides_free(sides);
    return status;
}

/* ---- the command ---------------------------------------------------------------------------- */

/* git's external diff: PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE [NEW-PATH
 * INFO], or PATH alone for an unmerged path. A file that is no dataset's gets git's own
 * line diff. Returns a kg_exit; differences are 0, as git requires. */
static int git_mode(const char *const *pos, size_t npos, settings *st, const kg_dataset_args *d)
{
    char header[PATH_MAX * 2 + 32], names[2][PATH_MAX + 8];
    kg_diff_sides *sides = NULL;
    if (npos == 1) {
        printf("* Unmerged path %s\n", pos[0]);
        return KG_EXIT_OK;
    }
    if (npos != 7 && npos != 9)
        return kg_usage_error("diff", "--git takes the 7 arguments git gives an external diff "
                              "(PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE)");
    const char *path = pos[0], *new_path = npos == 9 ? pos[7] : pos[0];
    if (kg_diff_file_kind(path) < 0) {
        /* not a dataset file: git's line diff, its output and messages on stdout */
        char *argv[] = {arg("git"), arg("diff"), arg("--no-index"), arg("--no-ext-diff"),
                        arg("--"), arg(pos[1]), arg(pos[4]), NULL};
        posix_spawn_file_actions_t fa;
        pid_t pid;
        int ws, ran = 0;
        fflush(stdout);
        if (posix_spawn_file_actions_init(&fa) != 0)
            return KG_EXIT_TROUBLE;
        if (posix_spawn_file_actions_adddup2(&fa, STDOUT_FILENO, STDERR_FILENO) == 0 &&
            posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0) == 0 &&
            posix_spawnp(&pid, "git", &fa, NULL, argv, environ) == 0) {
            while (waitpid(pid, &ws, 0) < 0 && errno == EINTR)
                ;
            ran = WIFEXITED(ws) && WEXITSTATUS(ws) <= 1;
        }
        posix_spawn_file_actions_destroy(&fa);
        return ran ? KG_EXIT_OK : KG_EXIT_TROUBLE;
    }
    snprintf(names[0], sizeof names[0], "a/%s", path);
    snprintf(names[1], sizeof names[1], "b/%s", new_path);
    int rc = kg_diff_sides_open_files(&sides, pos[1], names[0], pos[4], names[1], &d->load);
    if (rc != KG_OK)
        return sides_error(rc);
    snprintf(header, sizeof header, "kgraph diff a/%s b/%s", path, new_path);
    st->output = "-";
    int status = compare(sides, st, KG_FORMAT_SVG, 0, KG_DIFF_TEXT, d->quiet, header, NULL);
    fflush(stdout);
    return status == KG_EXIT_DIFFERENCES ? KG_EXIT_OK : status; /* git takes 1 for a failure */
}

int kg_cmd_diff(int argc, char **argv)
{
    kg_args args;
    kg_dataset_args d;
    settings st = {NULL, NULL, NULL, NULL, NULL, 0, 1, -1, -1, KG_DIFF_AUTO, 0, 0, NULL};
    kg_view_args view;
    const char *pos[9];
    size_t npos = 0;
    int id, r, context_given = 0;
    const char *value;
    int status = KG_EXIT_TROUBLE;

    kg_args_init(&args, argc, argv);
    kg_dataset_args_init(&d);
    kg_view_args_init(&view);
    st.view = &view;
    while ((r = kg_args_next(&args, diff_options, &id, &value)) >= 0) {
        if (r >= 100)
            return r - 100;
        if (r == 0) {
            if (npos == 9)
                return kg_usage_error("diff", "unexpected argument '%s'", value);
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
                return kg_usage_error("diff", "invalid --context '%s' (a number of hops, 0 or more)",
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
                return kg_usage_error("diff", "invalid --color '%s' (auto, always or never)", value);
            break;
        case OPT_METHOD:
            if (strcmp(value, "auto") == 0)
                st.method = KG_DIFF_AUTO;
            else if (strcmp(value, "scan") == 0)
                st.method = KG_DIFF_SCAN;
            else if (strcmp(value, "model") == 0)
                st.method = KG_DIFF_MODEL;
            else
                return kg_usage_error("diff", "invalid --method '%s' (auto, scan or model)", value);
            break;
        default: {
            int rc = kg_view_or_dataset_option(&view, &d, "diff", id, value);
            if (rc < 0)
                status = KG_EXIT_OK;
            if (rc)
                goto cleanup; /* status is KG_EXIT_TROUBLE unless help was shown */
        }
        }
    }
    if ((status = kg_view_args_finish(&view, "diff")) != 0)
        goto cleanup;
    status = KG_EXIT_TROUBLE;
    int viewed = kg_view_args_active(&view);
    if (view.cluster_by_type) {
        status = kg_usage_error("diff", "--cluster does not apply to diff diagrams");
        goto cleanup;
    }
    if (st.git) {
        if (viewed) {
            status = kg_usage_error("diff", "view options do not apply with --git");
            goto cleanup;
        }
        status = git_mode(pos, npos, &st, &d);
        goto cleanup;
    }
    if (npos != 2) {
        status = kg_usage_error("diff", npos < 2 ? "diff needs two versions: OLD and NEW"
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
        { status = kg_usage_error("diff", "unknown format '%s' (text, csv, json, svg, png, pdf or dot)",
                              fname); goto cleanup; }
    if (context_given && !diagram)
        { status = kg_usage_error("diff", "--context applies to diagrams (-T svg, png, pdf or dot)"); goto cleanup; }
    if (st.engine && strcmp(st.engine, "auto") != 0 && !kg_engine_valid(st.engine))
        { status = kg_usage_error("diff", "unknown layout engine '%s' (dot, neato, fdp, sfdp, circo, twopi)",
                              st.engine); goto cleanup; }
    if (!st.output)
        st.output = "-";
    if (diagram && strcmp(st.output, "-") == 0 && isatty(STDOUT_FILENO) &&
        (gformat == KG_FORMAT_PNG || gformat == KG_FORMAT_PDF))
        return kg_usage_error("diff", "refusing to write %s to a terminal; use -o FILE",
                              kg_format_name(gformat));

    kg_diff_sides *sides = NULL;
    int rc = kg_diff_sides_open(&sides, pos[0], pos[1], &d.load);
    if (rc != KG_OK) {
        status = sides_error(rc);
        goto cleanup;
    }
    unsigned kind = kg_diff_sides_kind(sides);
    kg_diff_options probe;
    kg_diff_input pi[2];
    kg_diff_sides_inputs(sides, &pi[0], &pi[1], &probe);
    if (viewed && kind != KG_DIFF_ALL) {
        kg_diff_sides_free(sides);
        status = kg_usage_error("diff", "view options need whole datasets (directories, or the "
                                "other files given with --entities / --sources)");
        goto cleanup;
    }
    if (diagram && probe.single_file) {
        kg_diff_sides_free(sides);
        status = kg_usage_error("diff", "a diagram needs whole datasets (directories, or "
                                "the other files given with --entities / --sources)");
        goto cleanup;
    }
    char title[512];
    snprintf(title, sizeof title, "%s \xE2\x86\x92 %s", pos[0], pos[1]);
    status = compare(sides, &st, gformat, diagram, format, d.quiet, NULL, title);

cleanup:
    kg_view_args_free(&view);
    return status;
}
