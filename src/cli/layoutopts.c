/* layoutopts.c: the saved-layout options (--save-layout, --layout-from) and `kgraph render --slices`. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "args.h"
#include "layoutopts.h"
#include "tool.h"

/* A copy of text[0..len) (free()), or NULL. */
static char *dup_n(const char *text, size_t len)
{
    char *copy = malloc(len + 1);
    if (copy) {
        memcpy(copy, text, len);
        copy[len] = '\0';
    }
    return copy;
}

int kg_layoutargs__check(const char *command, const char *save, const char *from, kg_format format)
{
    if ((save || from) && format == KG_FORMAT_DOT)
        return kg_usage__error(command, "--save-layout and --layout-from need a laid-out format "
                               "(svg, png, pdf, json), not dot");
    if (save && strcmp(save, "-") == 0)
        return kg_usage__error(command, "--save-layout needs a file, not standard output");
    if (save && from && strcmp(save, from) == 0)
        return 0; /* reading it first, replacing it after: allowed */
    return 0;
}

int kg_layoutargs__open(const char *from_path, const char *save_path, const char *name,
                        const kg_dataset *ds, const unsigned char *entity_mask,
                        kg_layout **from, kg_layout **save)
{
    *from = *save = NULL;
    int rc = KG_OK;
    if (from_path) {
        rc = kg_layout_read(from, from_path);
        if (rc == KG_OK)
            rc = kg_layout_check(*from, from_path, ds, entity_mask, NULL);
    }
    if (rc == KG_OK && save_path) {
        rc = kg_layout_new(save);
        if (rc == KG_OK)
            rc = kg_layout_set_dataset(*save, name, ds);
    }
    if (rc != KG_OK) {
        kg_layout_free(*from);
        kg_layout_free(*save);
        *from = *save = NULL;
        return kg_print__error(rc);
    }
    return 0;
}

int kg_layoutargs__save(const kg_layout *save, const char *path)
{
    if (!save || !path)
        return 0;
    int rc = kg_layout_write(save, path);
    return rc == KG_OK ? 0 : kg_print__error(rc);
}

/* Inserts attrs right after the "<svg" that opens fragment (from kg_svg_embed) and
 * writes the result to f. */
static void put_panel(FILE *f, const char *fragment, const char *attrs)
{
    const char *open = strstr(fragment, "<svg");
    if (!open) {
        fputs(fragment, f);
        return;
    }
    fwrite(fragment, 1, (size_t)(open - fragment) + 4, f);
    fputs(attrs, f);
    fputs(open + 4, f);
}

/* Writes the two panels (whole SVGs) side by side into one SVG at path, atomically. */
static int write_side_by_side(const char *path, char *const svg[2], const size_t len[2])
{
    char *frag[2] = {NULL, NULL};
    double w[2] = {0, 0}, h[2] = {0, 0};
    int rc = KG_OK;
    static const char *const prefixes[2] = {"old-", "new-"};
    for (int k = 0; rc == KG_OK && k < 2; k++) {
        kg_svg_options embed = {1, prefixes[k], k ? "panel panel-new" : "panel panel-old"};
        rc = kg_svg_viewbox_size(svg[k], len[k], &w[k], &h[k]);
        if (rc == KG_OK)
            rc = kg_svg_embed(&frag[k], NULL, svg[k], len[k], &embed);
    }
    kg_output *out = NULL;
    if (rc == KG_OK)
        rc = kg_output_open(&out, path);
    if (rc == KG_OK) {
        FILE *f = kg_output_stream(out);
        double gap = 24, width = w[0] + gap + w[1], height = h[0] > h[1] ? h[0] : h[1];
        fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n"
                   "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                   "xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"%.0fpt\" "
                   "height=\"%.0fpt\" viewBox=\"0 0 %.2f %.2f\">\n"
                   "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n",
                width, height, width, height);
        char attrs[160];
        snprintf(attrs, sizeof attrs, " id=\"panel-old\" x=\"0\" y=\"0\" width=\"%.2f\" height=\"%.2f\"",
                 w[0], h[0]);
        put_panel(f, frag[0], attrs);
        fprintf(f, "\n<line x1=\"%.2f\" y1=\"0\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"#9ca3af\"/>\n",
                w[0] + gap / 2, w[0] + gap / 2, height);
        snprintf(attrs, sizeof attrs, " id=\"panel-new\" x=\"%.2f\" y=\"0\" width=\"%.2f\" height=\"%.2f\"",
                 w[0] + gap, w[1], h[1]);
        put_panel(f, frag[1], attrs);
        fputs("\n</svg>\n", f);
        rc = kg_output_commit(out);
    }
    kg_free(frag[0]);
    kg_free(frag[1]);
    return rc;
}

int kg_layoutargs__diff(Agraph_t *graph, const kg_dataset *old_ds, const kg_dataset *new_ds,
                        unsigned char *const masks[4], const kg_graph_options *panel,
                        const char *old_title, const char *new_title,
                        const kg_render_options *ropts_in, const char *output,
                        const char *from_path, const char *save_path, int side_by_side,
                        kg_diagnostics *diags)
{
    kg_layout *from = NULL, *save = NULL, *joint = NULL;
    kg_render_options ropts = *ropts_in;
    int rc = KG_OK;
    if (from_path) {
        if ((rc = kg_layout_read(&from, from_path)) != KG_OK)
            return rc;
        if (kg_layout_check(from, from_path, new_ds, masks[2], NULL) != KG_OK &&
            (rc = kg_layout_check(from, from_path, old_ds, masks[0], NULL)) != KG_OK) {
            kg_layout_free(from);
            return rc;
        }
    }
    if (save_path && ((rc = kg_layout_new(&save)) != KG_OK ||
                      (rc = kg_layout_set_dataset(save, kg_layout_dataset_name(from), new_ds)) != KG_OK))
        goto cleanup;
    ropts.layout_from = from;
    ropts.layout_save = save;
    if (!side_by_side) {
        rc = kg_render_file(graph, &ropts, output, diags);
    } else {
        /* the union, laid out once; each version drawn on it */
        char *svg[2] = {NULL, NULL}, *u = NULL;
        size_t len[2] = {0, 0}, ulen = 0;
        if ((rc = kg_layout_new(&joint)) != KG_OK)
            goto cleanup;
        ropts.layout_save = joint;
        ropts.format = KG_FORMAT_SVG;
        rc = kg_render_data(graph, &ropts, &u, &ulen, diags);
        kg_free(u);
        ropts.layout_from = joint;
        ropts.layout_save = NULL;
        for (int k = 0; rc == KG_OK && k < 2; k++) {
            kg_graph_options go = *panel;
            Agraph_t *g = NULL;
            go.title = k ? new_title : old_title;
            go.entity_mask = masks[2 * k];
            go.relation_mask = masks[2 * k + 1];
            rc = kg_graph_build(&g, k ? new_ds : old_ds, &go, diags);
            if (rc == KG_OK)
                rc = kg_render_data(g, &ropts, &svg[k], &len[k], diags);
            kg_graph_free(g);
        }
        if (rc == KG_OK)
            rc = write_side_by_side(output, svg, len);
        kg_free(svg[0]);
        kg_free(svg[1]);
        if (rc == KG_OK && save) { /* the union's layout */
            kg_layout_free(save);
            save = joint;
            joint = NULL;
            rc = kg_layout_set_dataset(save, kg_layout_dataset_name(from), new_ds);
        }
    }
    if (rc == KG_OK && save_path)
        rc = kg_layout_write(save, save_path);
cleanup:
    kg_layout_free(from);
    kg_layout_free(save);
    kg_layout_free(joint);
    return rc;
}

/* The slice directory's path without trailing slashes, created when missing (one level).
 * Returns a new string, or NULL after printing why. */
static char *slice_dir(const char *output)
{
    size_t len = strlen(output);
    while (len > 1 && output[len - 1] == '/')
        len--;
    char *dir = dup_n(output, len);
    if (!dir) {
        kg_print__error(KG_ENOMEM);
        return NULL;
    }
    struct stat st;
    if (stat(dir, &st) == 0 ? !S_ISDIR(st.st_mode) : mkdir(dir, 0777) != 0) {
        fprintf(stderr, "kgraph: %s: cannot write the slices there: %s\n", dir,
                errno ? strerror(errno) : "not a directory");
        free(dir);
        return NULL;
    }
    return dir;
}

int kg_slices__render(struct kg_cli *c, const kg_graph_options *gopts_in,
                      const kg_render_options *ropts_in, const char *name)
{
    int status = KG_EXIT_TROUBLE, rc;
    kg_slice_unit unit;
    char **dates = NULL, *dir = NULL, **fragments = NULL, *path = NULL, *title = NULL;
    size_t n_dates = 0, n = 0;
    kg_slices *slices = NULL;
    kg_layout *from = NULL, *save = NULL, *joint = NULL;
    kg_diagnostics *diags = NULL;
    Agraph_t *graph = NULL;
    const char *base_title = gopts_in->title;

    if (kg_slices_parse(c->opt[OPT_SLICES], &unit, &dates, &n_dates) != KG_OK)
        return kg_usage__error("render", "%s", kg_last_error());
    rc = kg_slices_make(&slices, c->ds, c->entity_mask, c->relation_mask, unit,
                        (const char *const *)dates, n_dates, c->opt[OPT_WINDOW] != NULL);
    if (rc != KG_OK) {
        kg_print__error(rc);
        goto cleanup;
    }
    if (!(dir = slice_dir(c->opt[OPT_OUTPUT])))
        goto cleanup;
    if (kg_layoutargs__open(c->opt[OPT_LAYOUT_FROM], c->opt[OPT_SAVE_LAYOUT], name, c->ds,
                            c->entity_mask, &from, &save))
        goto cleanup;
    if (kg_diagnostics_new(&diags, 0) != KG_OK || kg_layout_new(&joint) != KG_OK) {
        kg_print__error(KG_ENOMEM);
        goto cleanup;
    }
    n = kg_slices_count(slices);
    fragments = calloc(n + 1, sizeof *fragments);
    path = malloc(strlen(dir) + 64);
    title = malloc((base_title ? strlen(base_title) : 0) + 64);
    if (!fragments || !path || !title) {
        kg_print__error(KG_ENOMEM);
        goto cleanup;
    }

    /* one layout of the union of every slice (on --layout-from's positions if given) */
    kg_graph_options gopts = *gopts_in;
    kg_render_options ropts = *ropts_in;
    gopts.entity_mask = kg_slices_entity_mask(slices, (size_t)-1);
    gopts.relation_mask = kg_slices_relation_mask(slices, (size_t)-1);
    ropts.layout_from = from;
    ropts.layout_save = joint;
    char *svg = NULL;
    size_t len = 0;
    rc = kg_graph_build(&graph, c->ds, &gopts, diags);
    if (rc == KG_OK)
        rc = kg_render_data(graph, &ropts, &svg, &len, diags);
    kg_free(svg);
    kg_graph_free(graph);
    graph = NULL;

    /* each slice on it */
    ropts.layout_from = joint;
    ropts.layout_save = NULL;
    for (size_t i = 0; rc == KG_OK && i < n; i++) {
        const kg_slice *s = kg_slices_get(slices, i);
        sprintf(title, "%s%s%s", base_title ? base_title : "", base_title ? " \xE2\x80\x94 " : "",
                s->label);
        gopts.title = title;
        gopts.entity_mask = kg_slices_entity_mask(slices, i);
        gopts.relation_mask = kg_slices_relation_mask(slices, i);
        svg = NULL;
        rc = kg_graph_build(&graph, c->ds, &gopts, diags);
        if (rc == KG_OK)
            rc = kg_render_data(graph, &ropts, &svg, &len, diags);
        kg_graph_free(graph);
        graph = NULL;
        sprintf(path, "%s/slice-%s.svg", dir, s->label);
        if (rc == KG_OK)
            rc = kg_output_write_file(path, svg, len);
        char prefix[32];
        snprintf(prefix, sizeof prefix, "s%zu-", i);
        kg_svg_options embed = {1, prefix, "slice-svg"};
        if (rc == KG_OK)
            rc = kg_svg_embed(&fragments[i], NULL, svg, len, &embed);
        kg_free(svg);
    }
    sprintf(path, "%s/index.html", dir);
    if (rc == KG_OK)
        rc = kg_slices_write_index(slices, path, base_title ? base_title : name,
                                   (const char *const *)fragments, c->opt[OPT_WINDOW] != NULL);
    kg_diagnostics_print(diags, stderr, "kgraph", !c->d.quiet);
    if (rc != KG_OK) {
        kg_print__error(rc);
        goto cleanup;
    }
    if (save) { /* the union's layout, as drawn */
        kg_layout_free(save);
        save = joint;
        joint = NULL;
        if (kg_layout_set_dataset(save, name, c->ds) != KG_OK ||
            kg_layoutargs__save(save, c->opt[OPT_SAVE_LAYOUT])) {
            goto cleanup;
        }
    }
    status = KG_EXIT_OK;

cleanup:
    for (size_t i = 0; fragments && i < n; i++)
        kg_free(fragments[i]);
    free(fragments);
    for (size_t i = 0; i < n_dates; i++)
        kg_free(dates[i]);
    kg_free(dates);
    free(dir);
    free(path);
    free(title);
    kg_slices_free(slices);
    kg_layout_free(from);
    kg_layout_free(save);
    kg_layout_free(joint);
    kg_diagnostics_free(diags);
    return status;
}
