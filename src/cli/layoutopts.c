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
