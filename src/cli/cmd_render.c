/* cmd_render.c: `kgraph render`: dataset -> cgraph -> SVG/PNG/PDF/DOT/JSON, written atomically. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "tool.h"
#include "../alloc.h"

enum {
    OPT_OUTPUT = 1, OPT_FORMAT, OPT_ENGINE, OPT_TITLE, OPT_NO_TITLE, OPT_NO_LEGEND, OPT_STYLE,
    OPT_FOCUS, OPT_DEPTH
};

static const kg_option render_options[] = {
    {"output", 'o', 1, OPT_OUTPUT},
    {"format", 'T', 1, OPT_FORMAT},
    {"engine", 'K', 1, OPT_ENGINE},
    {"title", 0, 1, OPT_TITLE},
    {"no-title", 0, 0, OPT_NO_TITLE},
    {"no-legend", 0, 0, OPT_NO_LEGEND},
    {"style", 0, 1, OPT_STYLE},
    {"focus", 0, 1, OPT_FOCUS},
    {"depth", 0, 1, OPT_DEPTH},
    KG_DATASET_OPTIONS,
    {NULL, 0, 0, 0}};

/* Closing a cgraph graph costs about as much as building it (cdt tears its trees down
 * object by object: 6 s for a million edges). The command exits right after rendering,
 * so a graph this large is left to the operating system instead; the pointer below keeps
 * it reachable, so leak checkers do not count it. */
#define CLOSE_AT_EXIT_LIMIT 100000
static Agraph_t *left_for_exit;

/* --focus may be given this many times (each a comma-separated list of any length). */
#define MAX_FOCUS_OPTIONS 64

/* The entity ids of the --focus options: one copy of the values, split at commas. */
typedef struct focus_ids {
    char *text;             /* the values joined with ',' and split in place */
    const char **ids;       /* n pointers into text */
    size_t n;
} focus_ids;

/* Checks one --focus value: a comma-separated list of non-empty ids. Returns 0, or -1. */
static int focus_value_valid(const char *value)
{
    if (!value[0])
        return -1;
    for (const char *p = value; *p; p++)
        if (*p == ',' && (p == value || p[1] == ',' || p[1] == '\0'))
            return -1;
    return 0;
}

/* Splits the n_values (valid, see focus_value_valid) --focus values into f, in order.
 * Returns 0, or -1 out of memory (f empty; free it with focus_ids_free either way). */
static int focus_ids_split(focus_ids *f, const char *const *values, size_t n_values)
{
    int rc = 0;
    size_t len = 0, count = n_values;

    memset(f, 0, sizeof *f);
    for (size_t i = 0; i < n_values; i++) {
        len += strlen(values[i]) + 1;
        for (const char *p = values[i]; *p; p++)
            count += *p == ',';
    }
    f->text = kg_malloc(len ? len : 1);
    f->ids = kg_reallocarray(NULL, count ? count : 1, sizeof *f->ids);
    if (!f->text || !f->ids) {
        rc = -1;
        goto cleanup;
    }
    char *w = f->text;
    for (size_t i = 0; i < n_values; i++) {
        f->ids[f->n++] = w;
        for (const char *p = values[i]; *p; p++) {
            if (*p == ',') {
                *w++ = '\0';
                f->ids[f->n++] = w;
            } else {
                *w++ = *p;
            }
        }
        *w++ = '\0';
    }

cleanup:
    if (rc) {
        kg_free(f->text);
        kg_free(f->ids);
        memset(f, 0, sizeof *f);
    }
    return rc;
}

static void focus_ids_free(focus_ids *f)
{
    kg_free(f->text);
    kg_free(f->ids);
    memset(f, 0, sizeof *f);
}

/* Parses --depth: a decimal number 0..UINT_MAX, nothing else. Returns 0, or -1. */
static int parse_depth(const char *s, unsigned *out)
{
    char *end;
    if (s[0] < '0' || s[0] > '9')
        return -1;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (errno || *end || v > UINT_MAX)
        return -1;
    *out = (unsigned)v;
    return 0;
}

/* The default title of a focused diagram: "NAME: focus on LABEL[, LABEL...] (depth N)",
 * each focus entity once, in the order given. Every id must be an entity's (the focus
 * was selected already). Returns a new string (kg_free), or NULL out of memory. */
static char *focus_title(const char *name, const kg_dataset *ds, const focus_ids *f,
                         unsigned depth)
{
    char *title = NULL, tail[48];
    size_t len = strlen(name) + sizeof ": focus on ";
    int tail_len = snprintf(tail, sizeof tail, " (depth %u)", depth);

    for (size_t i = 0; i < f->n; i++)
        len += strlen(kg_dataset_entity(ds, kg_dataset_find_entity(ds, f->ids[i]))->label) + 2;
    title = kg_malloc(len + (size_t)tail_len);
    if (!title)
        goto cleanup;
    char *w = title;
    const char *sep = "";
    w += sprintf(w, "%s: focus on ", name);
    for (size_t i = 0; i < f->n; i++) {
        size_t e = kg_dataset_find_entity(ds, f->ids[i]), j = 0;
        while (j < i && kg_dataset_find_entity(ds, f->ids[j]) != e)
            j++;
        if (j < i)
            continue; /* named twice */
        w += sprintf(w, "%s%s", sep, kg_dataset_entity(ds, e)->label);
        sep = ", ";
    }
    strcpy(w, tail);

cleanup:
    return title;
}

int kg_cmd_render(int argc, char **argv)
{
    kg_args args;
    kg_dataset_args d;
    int id, r, status = KG_EXIT_TROUBLE;
    const char *value, *output = NULL, *format_name = NULL, *engine = NULL, *title = NULL;
    const char *style_path = NULL;
    int no_title = 0, legend = 1, depth_given = 0;
    const char *focus_values[MAX_FOCUS_OPTIONS];
    size_t n_focus_values = 0;
    unsigned depth = KG_VIEW_DEFAULT_DEPTH;
    focus_ids focus = {NULL, NULL, 0};
    unsigned char *entity_mask = NULL, *relation_mask = NULL;
    char *focused_title = NULL;
    kg_dataset *ds = NULL;
    kg_style *style = NULL;
    kg_diagnostics *diags = NULL;
    Agraph_t *graph = NULL;

    kg_args_init(&args, argc, argv);
    kg_dataset_args_init(&d);
    while ((r = kg_args_next(&args, render_options, &id, &value)) >= 0) {
        if (r >= 100)
            return r - 100;
        if (r == 0) {
            if (kg_dataset_args_positional(&d, "render", value))
                return KG_EXIT_TROUBLE;
            continue;
        }
        switch (id) {
        case OPT_OUTPUT: output = value; break;
        case OPT_FORMAT: format_name = value; break;
        case OPT_ENGINE: engine = value; break;
        case OPT_TITLE: title = value; break;
        case OPT_NO_TITLE: no_title = 1; break;
        case OPT_NO_LEGEND: legend = 0; break;
        case OPT_STYLE: style_path = value; break;
        case OPT_FOCUS:
            if (n_focus_values == MAX_FOCUS_OPTIONS)
                return kg_usage_error("render", "too many --focus options (at most %d; "
                                      "give several ids as ID,ID...)", MAX_FOCUS_OPTIONS);
            if (focus_value_valid(value) != 0)
                return kg_usage_error("render", "invalid --focus '%s' (entity ids separated "
                                      "by commas, none empty)", value);
            focus_values[n_focus_values++] = value;
            break;
        case OPT_DEPTH:
            if (parse_depth(value, &depth) != 0)
                return kg_usage_error("render", "invalid depth '%s' (a number of hops, 0 or more)",
                                      value);
            depth_given = 1;
            break;
        default: {
            int rc = kg_dataset_args_apply(&d, "render", id, value);
            if (rc < 0)
                return KG_EXIT_OK;
            if (rc)
                return KG_EXIT_TROUBLE;
        }
        }
    }

    kg_render_options ropts = {KG_FORMAT_SVG, NULL};
    if (format_name) {
        if (kg_format_parse(&ropts.format, format_name) != KG_OK)
            return kg_usage_error("render", "%s", kg_last_error());
    } else if (output && strcmp(output, "-") != 0) {
        if (kg_format_from_path(&ropts.format, output) != KG_OK)
            return kg_usage_error("render", "%s", kg_last_error());
    }
    if (engine && strcmp(engine, "auto") != 0 && !kg_engine_valid(engine))
        return kg_usage_error("render", "unknown layout engine '%s' (dot, neato, fdp, sfdp, circo, twopi)",
                              engine);
    ropts.engine = engine;
    if (depth_given && n_focus_values == 0)
        return kg_usage_error("render", "--depth needs --focus");
    if (!output)
        output = "-";
    if (strcmp(output, "-") == 0 && isatty(STDOUT_FILENO) &&
        (ropts.format == KG_FORMAT_PNG || ropts.format == KG_FORMAT_PDF))
        return kg_usage_error("render", "refusing to write %s to a terminal; use -o FILE",
                              kg_format_name(ropts.format));

    if (kg_diagnostics_new(&diags, 0) != KG_OK)
        goto oom;
    if (kg_style_new(&style) != KG_OK)
        goto oom;
    if (style_path) {
        int rc = kg_style_load(style, style_path, diags);
        kg_diagnostics_print(diags, stderr, "kgraph", !d.quiet);
        if (rc != KG_OK) {
            if (kg_diagnostics_errors(diags) == 0)
                fprintf(stderr, "kgraph: %s\n", kg_last_error());
            goto cleanup;
        }
        kg_diagnostics_free(diags);
        if (kg_diagnostics_new(&diags, 0) != KG_OK)
            goto oom;
    }

    ds = kg_dataset_args_load(&d);
    if (!ds)
        goto cleanup;

    char name[256];
    kg_dataset_name(d.dir, name, sizeof name);
    kg_graph_options gopts;
    kg_graph_options_init(&gopts);
    gopts.title = no_title ? NULL : title ? title : name;
    if (n_focus_values > 0) {
        if (focus_ids_split(&focus, focus_values, n_focus_values) != 0)
            goto oom;
        int vrc = kg_view_focus(&entity_mask, &relation_mask, ds, focus.ids, focus.n, depth);
        if (vrc == KG_ENOMEM)
            goto oom;
        if (vrc != KG_OK) {
            status = kg_usage_error("render", "--focus: %s", kg_last_error());
            goto cleanup;
        }
        gopts.entity_mask = entity_mask;
        gopts.relation_mask = relation_mask;
        if (!no_title && !title) {
            if (!(focused_title = focus_title(name, ds, &focus, depth)))
                goto oom;
            gopts.title = focused_title;
        }
    }
    gopts.legend = legend;
    gopts.style = style;
    int rc = kg_graph_build(&graph, ds, &gopts, diags);
    kg_dataset_free(ds);
    ds = NULL;
    if (rc == KG_OK)
        rc = kg_render_file(graph, &ropts, output, diags);
    kg_diagnostics_print(diags, stderr, "kgraph", !d.quiet);
    if (rc != KG_OK) {
        /* the library's messages name the file already */
        fprintf(stderr, "kgraph: %s\n", kg_last_error()[0] ? kg_last_error() : kg_strerror(rc));
        goto cleanup;
    }
    status = KG_EXIT_OK;
    goto cleanup;

oom:
    fprintf(stderr, "kgraph: out of memory\n");
cleanup:
    if (graph && status == KG_EXIT_OK && agnedges(graph) + agnnodes(graph) > CLOSE_AT_EXIT_LIMIT)
        left_for_exit = graph;
    else
        kg_graph_free(graph);
    kg_dataset_free(ds);
    kg_style_free(style);
    kg_diagnostics_free(diags);
    focus_ids_free(&focus);
    kg_free(entity_mask);
    kg_free(relation_mask);
    kg_free(focused_title);
    return status;
}
