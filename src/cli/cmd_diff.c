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
#include "layoutopts.h"
#include "tool.h"
#include "viewopts.h"

extern char **environ;

/* argv strings for posix_spawn, which takes char *const[] but does not write to them. */
static char *arg(const char *s)
{
    return (char *)(uintptr_t)s;
}

static const kg_option diff_options[] = {
    KG_TEXT("Usage: kgraph diff OLD NEW [options]\n"
            "       kgraph diff --git PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE\n"
            "\n"
            "Compares two versions of a dataset semantically: entities and sources by id,\n"
            "relations by (source, relation, target). Reports entities and sources added,\n"
            "removed and changed (label, type, aliases, ...), relations added and removed, and\n"
            "relations changed: polarity, and citations added, removed or changed (doc, quote,\n"
            "date, polarity, confidence, claimed_by). Row order, quoting, line endings, a BOM\n"
            "and column order never count as changes.\n"
            "\n"
            "OLD and NEW are each one of:\n"),
    {NULL, 0, "DIR", KG_OPT_POSITIONAL, "a dataset directory"},
    {NULL, 0, "FILE", KG_OPT_POSITIONAL,
     "one file of a dataset, named ...entities.csv,\n"
     "...relations.csv or ...sources.csv: only that file is\n"
     "compared (its references to other files are not checked)"},
    {NULL, 0, "REV:PATH", KG_OPT_POSITIONAL,
     "a directory or file in a git revision, e.g. HEAD~1:data\n"
     "(read with git cat-file; a path that exists on disk is\n"
     "always taken as a path, even with ':' in it)"},
    {NULL, 0, "/dev/null", KG_OPT_POSITIONAL,
     "nothing: everything on the other side is added or removed"},
    KG_TEXT("\nOutput options:\n"),
    {"format", 'T', "FORMAT", OPT_FORMAT, "text (default), csv, json, or a diff diagram: svg, png,\n"
                                          "pdf or dot (default: from the extension of -o FILE)"},
    KG_OPT_OUTPUT_ROW,
    {"color", 0, "WHEN", OPT_COLOR, "colour the text: auto (default: on a terminal, unless\n"
                                    "NO_COLOR is set), always or never"},
    KG_OPT_CSV_RAW_ROW,
    KG_TEXT("\nDiagram options (svg, png, pdf, dot): the union of both versions, added in blue,\n"
            "removed in orange and dashed, changed in black, the rest in grey, with a legend;\n"
            "a changed edge's label says what changed, a renamed entity shows both ids.\n"),
    {"context", 0, "N", OPT_CONTEXT, "draw only what changed and the entities within N hops of\n"
                                     "it, with the relations among them"},
    {"each-relation", 0, NULL, OPT_EACH_RELATION, "one edge per relation (default: the relations from one\n"
                                                   "entity to another are one edge)"},
    {"engine", 'K', "ENGINE", OPT_ENGINE, "layout engine, as for render"},
    {"title", 0, "TEXT", OPT_TITLE, "title drawn on top, as for render"},
    {"no-title", 0, NULL, OPT_NO_TITLE, "draw no title, as for render"},
    {"no-legend", 0, NULL, OPT_NO_LEGEND, "leave the legend out, as for render"},
    {"style", 0, "FILE", OPT_STYLE, "override styles, as for render"},
    KG_LAYOUT_OPTION_ROWS,
    {"side-by-side", 0, NULL, OPT_SIDE_BY_SIDE,
     "svg: draw the old and the new version as two panels of one\n"
     "drawing, both on one layout of their union (on\n"
     "--layout-from's positions when given)"},
    KG_TEXT("\n"),
    KG_VIEW_OPTION_TABLE,
    KG_TEXT("  In diff, a view restricts what is compared and drawn, the same on both sides: it\n"
            "  is selected in each version, and an entity or relation change is shown when the\n"
            "  entity or relation is in the view of either version (source changes are always\n"
            "  shown). A name must exist in at least one version. --focus ID with --depth N\n"
            "  keeps what changed within N hops of ID in either version. View options need\n"
            "  whole datasets and use --method model; --cluster does not apply.\n"
            "\n"
            "Tuning:\n"),
    {"method", 0, "METHOD", OPT_METHOD,
     "auto (default), scan or model: scan compares the files\n"
     "directly (fast on big datasets, falls back to model on\n"
     "anything unusual); model loads both datasets first"},
    KG_TEXT("\ngit integration:\n"),
    {"git", 0, NULL, OPT_GIT,
     "run as git's external diff driver (scripts/git-setup sets\n"
     "it up): takes git's 7 arguments, compares the one file,\n"
     "prints a header and the text diff, exits 0 on differences"},
    KG_DATASET_OPTIONS,
    KG_TEXT("  The dataset options apply to both versions; --entities, --relations and\n"
            "  --sources name a file both versions share.\n"
            "\n"
            "Exit status: 0 no differences, 1 differences, 2 trouble (invalid data on either\n"
            "side, reported as render reports it; unreadable files; bad usage). With --git, 0\n"
            "for differences too.\n"),
    KG_OPT_END};

typedef struct settings {
    const char *output, *format_name, *engine, *title, *style_path;
    int no_title, legend, context, color; /* color: -1 auto, 0 never, 1 always */
    kg_diff_method method;
    int git;
    int csv_raw; /* --csv-raw: CSV fields as they are, formula-like or not */
    int each_relation; /* --each-relation: one edge per relation */
    const kg_view_args *view; /* the view options, applied to both sides */
    const char *save_layout, *layout_from; /* --save-layout, --layout-from (layoutopts.h) */
    int side_by_side;
    const char *names[2]; /* OLD and NEW as given */
} settings;

/* kg_text__write's writer of a diff: ctx is a diff_text. */
typedef struct diff_text {
    const kg_diff *diff;
    kg_diff_write_options wo;
} diff_text;

static int write_text(FILE *stream, const void *ctx)
{
    const diff_text *t = ctx;
    return kg_diff_write(t->diff, &t->wo, stream);
}

/* Writes the diff as text, CSV or JSON to output, atomically; text in colour by --color,
 * else on a terminal unless NO_COLOR is set. Returns a kg_exit. */
static int write_diff(const kg_diff *diff, kg_diff_format format, const settings *st,
                      const char *header)
{
    const char *nc = getenv("NO_COLOR");
    int color = st->color >= 0 ? st->color : !(nc && nc[0]) && strcmp(st->output, "-") == 0 &&
                                                 isatty(STDOUT_FILENO);
    diff_text t = {diff, {format, format == KG_DIFF_TEXT && color, header}};
    if (format == KG_DIFF_CSV && st->csv_raw)
        t.wo.format = KG_DIFF_CSV_RAW; /* --csv-raw: formula-like fields as they are */
    if (kg_text__write(st->output, write_text, &t) != 0)
        return KG_EXIT_TROUBLE;
    return kg_diff_is_empty(diff) ? KG_EXIT_OK : KG_EXIT_DIFFERENCES;
}

/* Prints the error of resolving the sides: a usage error for two versions that cannot be
 * compared. Returns KG_EXIT_TROUBLE. */
static int sides_error(int rc)
{
    return rc == KG_EUSAGE ? kg_usage__error("diff", "%s", kg_last_error()) : kg_print__error(rc);
}

/* Prints both sides' messages (old first), and the summary when failed (rc) without one.
 * Returns rc. */
static int print_sides(kg_diff_input *in, int quiet, int rc)
{
    kg_diagnostics_print(in[0].diags, stderr, "kgraph", !quiet);
    kg_diagnostics_print(in[1].diags, stderr, "kgraph", !quiet);
    if (rc != KG_OK && kg_diagnostics_errors(in[0].diags) + kg_diagnostics_errors(in[1].diags) == 0)
        kg_print__error(rc);
    return rc;
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

    if (!(style = kg_style__args_load(st->style_path, quiet)))
        return KG_EXIT_TROUBLE;
    int ro = kg_dataset_load(&od, in[0].dir, in[0].load, in[0].diags);
    int rn = kg_dataset_load(&nd, in[1].dir, in[1].load, in[1].diags);
    if (print_sides(in, quiet, ro != KG_OK ? ro : rn) != KG_OK)
        goto cleanup;
    if (kg_diagnostics_new(&diags, 0) != KG_OK || kg_diff_compute(&diff, od, nd, NULL) != KG_OK) {
        kg_print__error(KG_ENOMEM);
        goto cleanup;
    }
    if (kg_view_options_active(&st->view->opts)) {
        if ((rc = kg_view_select_both(masks, od, nd, &st->view->opts)) != KG_OK) {
            kg_view__args_error("diff", rc);
            goto cleanup;
        }
        size_t selected = kg_view_count(masks[0], kg_dataset_entity_count(od)) +
                          kg_view_count(masks[2], kg_dataset_entity_count(nd));
        if (kg_view__args_check_empty(st->view, selected, quiet))
            goto cleanup; /* --strict */
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
    go.all_edge_labels = format == KG_FORMAT_DOT; /* no layout: labels cost nothing */
    go.each_relation = st->each_relation;
    rc = kg_diff_graph_build(&graph, diff, od, nd, &go, diags);
    if (rc == KG_OK) {
        kg_render_options ropts = {.format = format, .engine = st->engine};
        kg_graph_options panel;
        kg_graph_options_init(&panel);
        panel.legend = st->legend;
        panel.style = style;
        if (st->save_layout || st->layout_from || st->side_by_side)
            rc = kg_layoutargs__diff(graph, od, nd, masks, &panel,
                                     st->no_title ? NULL : st->names[0],
                                     st->no_title ? NULL : st->names[1], &ropts, st->output,
                                     st->layout_from, st->save_layout, st->side_by_side, diags);
        else
            rc = kg_render_file(graph, &ropts, st->output, diags);
    }
    kg_diagnostics_print(diags, stderr, "kgraph", !quiet);
    status = rc != KG_OK ? kg_print__error(rc) : kg_diff_is_empty(diff) ? KG_EXIT_OK
                                                                        : KG_EXIT_DIFFERENCES;
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
    int status = KG_EXIT_TROUBLE, ok = 1;
    kg_diff_options_init(&opts);
    opts.method = st->method;
    kg_diff_sides_inputs(sides, &in[0], &in[1], &opts);
    for (int i = 0; i < 2; i++)
        ok = ok && kg_diagnostics_new(&in[i].diags, 0) == KG_OK &&
             kg_output_add_dataset_inputs(in[i].dir, in[i].load,
                                          opts.single_file ? opts.kinds : 0) == KG_OK;
    if (!ok)
        kg_print__error(KG_ENOMEM);
    else if (diagram || kg_view_options_active(&st->view->opts))
        status = draw_diff(in, st, gformat, quiet, diagram, format, title);
    else if (print_sides(in, quiet, kg_diff_load(&diff, &in[0], &in[1], &opts)) == KG_OK)
        status = write_diff(diff, format, st, header);
    kg_diff_free(diff);
    kg_diagnostics_free(in[0].diags);
    kg_diagnostics_free(in[1].diags);
    kg_diff_sides_free(sides);
    return status;
}

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
        return kg_usage__error("diff", "--git takes the 7 arguments git gives an external diff "
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

/* `kgraph diff`: checks the options, resolves both sides (or runs as git's driver) and
 * compares them. */
static int run_diff(kg_cli *c)
{
    settings st = {c->opt[OPT_OUTPUT], c->opt[OPT_FORMAT], c->opt[OPT_ENGINE], c->opt[OPT_TITLE],
                   c->opt[OPT_STYLE], c->opt[OPT_NO_TITLE] != NULL, !c->opt[OPT_NO_LEGEND],
                   -1, -1, KG_DIFF_AUTO, c->opt[OPT_GIT] != NULL, c->opt[OPT_CSV_RAW] != NULL,
                   c->opt[OPT_EACH_RELATION] != NULL, &c->view, NULL, NULL, 0, {NULL, NULL}};
    const char *const *pos = c->pos, *value;
    size_t npos = c->npos;
    st.save_layout = c->opt[OPT_SAVE_LAYOUT];
    st.layout_from = c->opt[OPT_LAYOUT_FROM];
    st.side_by_side = c->opt[OPT_SIDE_BY_SIDE] != NULL;
    st.names[0] = npos > 0 ? pos[0] : NULL;
    st.names[1] = npos > 1 ? pos[1] : NULL;
    int context_given = (value = c->opt[OPT_CONTEXT]) != NULL, diagram = 0, t;
    static const char *const colors[] = {"never", "always", "auto"};
    static const char *const methods[] = {"auto", "model", "scan"}; /* kg_diff_method order */
    static const char *const texts[] = {"text", "csv", "json", "txt"}; /* kg_diff_format's */
    unsigned long long n;
    if (value && kg_parse__count(value, 1000000, &n) != 0)
        return kg_usage__error("diff", "invalid --context '%s' (a number of hops, 0 or more)", value);
    st.context = value ? (int)n : -1;
    if ((value = c->opt[OPT_COLOR]) && (st.color = kg__pick(value, colors, 3)) < 0)
        return kg_usage__error("diff", "invalid --color '%s' (auto, always or never)", value);
    st.color = st.color == 2 ? -1 : st.color;
    if ((value = c->opt[OPT_METHOD]) && (t = kg__pick(value, methods, 3)) < 0)
        return kg_usage__error("diff", "invalid --method '%s' (auto, scan or model)", value);
    st.method = value ? (kg_diff_method)t : KG_DIFF_AUTO;
    int viewed = kg_view_options_active(&c->view.opts);
    if (c->view.cluster_by_type)
        return kg_usage__error("diff", "--cluster does not apply to diff diagrams");
    if (st.git && viewed)
        return kg_usage__error("diff", "view options do not apply with --git");
    if (st.git)
        return git_mode(pos, npos, &st, &c->d);
    if (npos != 2)
        return kg_usage__error("diff", npos < 2 ? "diff needs two versions: OLD and NEW"
                                               : "unexpected argument '%s'", pos[npos - 1]);

    /* the format: text unless -T or the extension of -o says otherwise */
    kg_format gformat = KG_FORMAT_SVG;
    const char *fname = st.format_name, *dot = st.output ? strrchr(st.output, '.') : NULL;
    if (!fname && dot && strcmp(st.output, "-") != 0 &&
        (kg__pick(dot + 1, texts, 4) >= 0 || kg_format_from_path(&gformat, st.output) == KG_OK))
        fname = dot + 1;
    if ((t = fname ? kg__pick(fname, texts, 4) : 0) < 0 &&
        !(diagram = kg_format_parse(&gformat, fname) == KG_OK && gformat != KG_FORMAT_JSON))
        return kg_usage__error("diff", "unknown format '%s' (text, csv, json, svg, png, pdf or dot)",
                              fname);
    kg_diff_format format = t == 3 || t < 0 ? KG_DIFF_TEXT : (kg_diff_format)t;
    if (context_given && !diagram)
        return kg_usage__error("diff", "--context applies to diagrams (-T svg, png, pdf or dot)");
    if ((st.save_layout || st.layout_from || st.side_by_side) && !diagram)
        return kg_usage__error("diff", "--save-layout, --layout-from and --side-by-side apply to "
                              "diagrams (-T svg, png, pdf)");
    if (st.side_by_side && gformat != KG_FORMAT_SVG)
        return kg_usage__error("diff", "--side-by-side draws svg only, not %s",
                              kg_format_name(gformat));
    if (kg_layoutargs__check("diff", st.save_layout, st.layout_from, gformat))
        return KG_EXIT_TROUBLE;
    if (!st.output)
        st.output = "-";
    if (kg_engine__check("diff", st.engine) ||
        (diagram && kg_terminal__check("diff", st.output, gformat)))
        return KG_EXIT_TROUBLE;

    kg_diff_sides *sides = NULL;
    kg_diff_options probe;
    kg_diff_input pi[2];
    int rc = kg_diff_sides_open(&sides, pos[0], pos[1], &c->d.load);
    if (rc != KG_OK)
        return sides_error(rc);
    kg_diff_sides_inputs(sides, &pi[0], &pi[1], &probe);
    const char *whole = NULL;
    if (viewed && kg_diff_sides_kind(sides) != KG_DIFF_ALL)
        whole = "view options need";
    else if (diagram && probe.single_file)
        whole = "a diagram needs";
    if (whole) {
        kg_diff_sides_free(sides);
        return kg_usage__error("diff", "%s whole datasets (directories, or the other files given "
                              "with --entities / --sources)", whole);
    }
    char title[512];
    snprintf(title, sizeof title, "%s \xE2\x86\x92 %s", pos[0], pos[1]);
    return compare(sides, &st, gformat, diagram, format, c->d.quiet, NULL, title);
}

const kg_command kg_cmd__diff = {"diff", "show what changed between two versions of a dataset",
                                diff_options, 9, run_diff};
