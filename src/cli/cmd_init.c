/* cmd_init.c: `kgraph init` (writes kgraph.ini from the headers found) and applying a dataset's kgraph.ini to a command. */
#include <stdio.h>
#include <string.h>

#include "tool.h"

enum { OPT_INIT_FORCE = 1 };

static const kg_option init_options[] = {
    KG_TEXT("Usage: kgraph init [DIR] [--force]\n"
            "\n"
            "Writes DIR/kgraph.ini for a folder of spreadsheets: looks at the header of each\n"
            ".csv and .tsv file, guesses which file holds the entities, the relations and the\n"
            "sources and which header holds each column (their names and the synonyms in\n"
            "docs/dataset.md), and prints what it guessed. Edit the file to correct it; every\n"
            "command reading DIR then uses it. An existing kgraph.ini is kept unless --force.\n"
            "\n"
            "Options:\n"),
    {NULL, 0, "DIR", KG_OPT_POSITIONAL, "the folder (default: the current directory)"},
    {"force", 'f', NULL, OPT_INIT_FORCE, "replace an existing kgraph.ini"},
    {"help", 'h', NULL, OPT_HELP, "show this help"},
    KG_OPT_END};

/* `kgraph init`: kg_config_init on DIR. */
static int run_init(kg_cli *c)
{
    if (kg_config_init(c->d.dir, c->opt[OPT_INIT_FORCE] != NULL, stdout) != KG_OK)
        return kg_print__error(KG_EINVALID);
    if (fflush(stdout) != 0) {
        fprintf(stderr, "kgraph: cannot write to standard output\n");
        return KG_EXIT_TROUBLE;
    }
    return KG_EXIT_OK;
}

const kg_command kg_cmd__init = {"init", "write kgraph.ini for a folder of spreadsheets",
                                 init_options, 1, run_init};

/* The row of cmd's table with this long name, or NULL. */
static const kg_option *option_named(const kg_command *cmd, const char *name)
{
    for (const kg_option *o = cmd->options; o->id; o++)
        if (o->id > 0 && o->long_name && strcmp(o->long_name, name) == 0)
            return o;
    return NULL;
}

/* Nonzero when argv[1..argc) gives the option of this row (--name, --name=V, -x). */
static int given(int argc, char **argv, const kg_option *o)
{
    size_t n = strlen(o->long_name);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0)
            break;
        if (a[0] == '-' && a[1] == '-' && strncmp(a + 2, o->long_name, n) == 0 &&
            (a[2 + n] == '\0' || a[2 + n] == '='))
            return 1;
        if (o->short_name && a[0] == '-' && a[1] != '-' && strchr(a + 1, o->short_name))
            return 1;
    }
    return 0;
}

int kg_config__cli(kg_cli *c, const kg_command *cmd, int argc, char **argv)
{
    if (cmd->positional != 1 || cmd == &kg_cmd__init)
        return 0;
    kg_diagnostics *diags = NULL;
    if (kg_diagnostics_new(&diags, 0) != KG_OK)
        return kg_print__error(KG_ENOMEM);
    int rc = kg_config_find(&c->config, c->d.dir, diags);
    kg_diagnostics_print(diags, stderr, "kgraph", 1);
    kg_diagnostics_free(diags);
    if (rc != KG_OK)
        return rc == KG_EINVALID ? KG_EXIT_TROUBLE : kg_print__error(rc);
    if (!c->config)
        return 0;
    if (kg_output_add_input(kg_config_path(c->config)) != KG_OK ||
        kg_config_apply(c->config, &c->d.load) != KG_OK)
        return kg_print__error(KG_ENOMEM);
    const char *title = kg_config_get(c->config, "dataset", "title");
    const char *style = kg_config_get(c->config, "dataset", "style");
    if (title && option_named(cmd, "title") && !c->opt[OPT_TITLE] && !c->opt[OPT_NO_TITLE])
        c->opt[OPT_TITLE] = title;
    if (style && option_named(cmd, "style") && !c->opt[OPT_STYLE])
        c->opt[OPT_STYLE] = style;
    const char *key, *value;
    unsigned long line;
    for (size_t i = 0; kg_config_item(c->config, "view", i, &key, &value, &line); i++) {
        const kg_option *o = option_named(cmd, key);
        if (!o || given(argc, argv, o))
            continue; /* not this command's, or the command line says otherwise */
        if (o->id < OPT_COUNT) {
            c->opt[o->id] = value;
        } else if (kg_view__args_apply(&c->view, cmd->name, o->id, value) != 0) {
            fprintf(stderr, "kgraph: %s:%lu: [view] %s = %s: refused (above)\n",
                    kg_config_path(c->config), line, key, value);
            return KG_EXIT_TROUBLE;
        }
    }
    return 0;
}
