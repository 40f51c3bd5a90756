/* tool.c: the kgraph command dispatcher, argument gathering, help and usage errors. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tool.h"

static const kg_command *const commands[] = {&kg_cmd__check, &kg_cmd__render, &kg_cmd__report,
                                             &kg_cmd__diff, &kg_cmd__stats, &kg_cmd__conflicts,
                                             &kg_cmd__export, &kg_cmd__init};
#define COMMAND_COUNT (sizeof commands / sizeof commands[0])

/* The command nearest to an unknown name (kg_suggest; "help" included), or NULL. */
static const char *nearest_command(const char *name)
{
    kg_suggestion s;
    kg_suggest_begin(&s, name);
    for (size_t i = 0; i < COMMAND_COUNT; i++)
        kg_suggest_offer(&s, commands[i]->name);
    kg_suggest_offer(&s, "help");
    return kg_suggest_best(&s);
}

/* Prints the usage error of an unknown command name, with "did you mean" when one is
 * near. Returns KG_EXIT_TROUBLE. */
static int unknown_command(const char *name)
{
    const char *near = nearest_command(name);
    if (near)
        return kg_usage__error("kgraph", "unknown command '%s'; did you mean '%s'?", name, near);
    return kg_usage__error("kgraph", "unknown command '%s'", name);
}

int kg_usage__error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    int named = cmd && strcmp(cmd, "kgraph") != 0;
    fputs("kgraph: ", stderr);
    if (named)
        fprintf(stderr, "%s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    if (named)
        fprintf(stderr, "Try 'kgraph help %s' for more information.\n", cmd);
    else
        fputs("Try 'kgraph --help' for more information.\n", stderr);
    return KG_EXIT_TROUBLE;
}

int kg_tool__help(const char *name, FILE *stream)
{
    if (!name || strcmp(name, "kgraph") == 0) {
        fputs("Usage: kgraph COMMAND [ARGS]\n"
              "\n"
              "kgraph turns a relation set kept in CSV (entities, relations citing the document\n"
              "and quote they come from, sources) into relationship diagrams.\n"
              "\n"
              "Commands:\n", stream);
        for (size_t i = 0; i < COMMAND_COUNT; i++)
            fprintf(stream, "  %-10s %s\n", commands[i]->name, commands[i]->summary);
        fputs("  help       show the help of a command\n"
              "\n"
              "Options:\n"
              "  -h, --help     show this help\n"
              "  -V, --version  show the version\n"
              "\n"
              "Run 'kgraph help COMMAND' for a command's options.\n"
              "Exit status: 0 success, 1 differences found, 2 trouble.\n", stream);
        return 0;
    }
    for (size_t i = 0; i < COMMAND_COUNT; i++)
        if (strcmp(commands[i]->name, name) == 0) {
            kg_options__help(commands[i]->options, stream);
            return 0;
        }
    return -1;
}

int kg_cli__parse(kg_cli *c, const kg_command *cmd, int argc, char **argv)
{
    kg_args args;
    int id, r;
    const char *value;
    memset(c, 0, sizeof *c);
    c->command = cmd->name;
    kg_dataset__args_init(&c->d);
    kg_view__args_init(&c->view);
    kg_args__init(&args, argc, argv);
    while ((r = kg_args__next(&args, cmd->options, &id, &value)) >= 0) {
        if (r >= 100)
            return r - 100;
        if (r == 0 && cmd->positional == 1) {
            if (kg_dataset__args_positional(&c->d, cmd->name, value))
                return KG_EXIT_TROUBLE;
        } else if (r == 0) {
            if (c->npos == cmd->positional)
                return kg_usage__error(cmd->name, "unexpected argument '%s'", value);
            c->pos[c->npos++] = value;
        } else if (id < OPT_COUNT) {
            c->opt[id] = value ? value : "";
        } else if ((r = kg_view__args_apply(&c->view, cmd->name, id, value)) == 1) {
            r = kg_dataset__args_apply(&c->d, cmd->name, id, value);
            if (r)
                return r < 0 ? KG_EXIT_OK : KG_EXIT_TROUBLE; /* help shown, or a usage error */
        } else if (r) {
            return KG_EXIT_TROUBLE;
        }
    }
    c->view.strict = c->opt[OPT_STRICT] != NULL; /* check's --strict: no view to be empty */
    if (kg_config__cli(c, cmd, argc, argv))
        return KG_EXIT_TROUBLE;
    return kg_view__args_finish(&c->view, cmd->name) ? KG_EXIT_TROUBLE : -1;
}

void kg_cli__free(kg_cli *c)
{
    kg_view__args_free(&c->view);
    kg_config_free(c->config);
    kg_dataset_free(c->ds);
    kg_free(c->entity_mask);
    kg_free(c->relation_mask);
}

kg_dataset *kg_cli__load(kg_cli *c, size_t *warnings)
{
    int rc;
    c->ds = kg_dataset__args_load(&c->d, warnings);
    if (c->ds && kg_view_options_active(&c->view.opts) &&
        (rc = kg_view_select(&c->entity_mask, &c->relation_mask, c->ds, &c->view.opts))) {
        kg_view__args_error(c->command, rc);
        kg_dataset_free(c->ds);
        c->ds = NULL;
    } else if (c->ds && kg_view_options_active(&c->view.opts) &&
               kg_view__args_check_empty(&c->view, kg_view_count(c->entity_mask,
                                                                 kg_dataset_entity_count(c->ds)),
                                         c->d.quiet)) {
        kg_dataset_free(c->ds); /* --strict: an empty view is an error, nothing is written */
        c->ds = NULL;
    }
    return c->ds;
}

int kg_cli__text_format(kg_cli *c)
{
    const char *output = c->opt[OPT_OUTPUT] ? c->opt[OPT_OUTPUT] : "-";
    c->opt[OPT_OUTPUT] = output;
    if (!output[0])
        return kg_usage__error(c->command, "-o needs a file name ('-' for standard output)") - 3;
    static const char *const names[] = {"text", "csv", "json"};
    const char *dot = strrchr(output, '.'), *name = c->opt[OPT_FORMAT];
    int format = name ? kg__pick(name, names, 3) : dot && strcmp(dot, ".csv") == 0 ? 1
                                                : dot && strcmp(dot, ".json") == 0 ? 2 : 0;
    if (format < 0)
        return kg_usage__error(c->command, "unknown format '%s' (text, csv or json)",
                              c->opt[OPT_FORMAT]) - 3;
    return format == 1 && c->opt[OPT_CSV_RAW] ? 3 : format; /* csv: formula-like fields as they are */
}

int kg__pick(const char *value, const char *const *names, int n)
{
    for (int i = 0; i < n; i++)
        if (strcmp(value, names[i]) == 0)
            return i;
    return -1;
}

int kg_engine__check(const char *command, const char *engine)
{
    if (engine && strcmp(engine, "auto") != 0 && !kg_engine_valid(engine))
        return kg_usage__error(command, "unknown layout engine '%s' (dot, neato, fdp, sfdp, "
                              "circo, twopi)", engine);
    return 0;
}

int kg_terminal__check(const char *command, const char *output, kg_format format)
{
    if (strcmp(output, "-") == 0 && isatty(STDOUT_FILENO) &&
        (format == KG_FORMAT_PNG || format == KG_FORMAT_PDF))
        return kg_usage__error(command, "refusing to write %s to a terminal; use -o FILE",
                              kg_format_name(format));
    return 0;
}

int kg_text__write(const char *path, int (*write)(FILE *stream, const void *ctx), const void *ctx)
{
    kg_output *out = NULL;
    int rc = kg_output_open(&out, path);
    if (rc == KG_OK && (rc = write(kg_output_stream(out), ctx)) != KG_OK)
        kg_output_abort(out);
    else if (rc == KG_OK)
        rc = kg_output_commit(out);
    if (rc != KG_OK)
        kg_print__error(rc);
    return rc == KG_OK ? 0 : -1;
}

int kg_tool__main(int argc, char **argv)
{
    if (argc < 2)
        return kg_usage__error("kgraph", "no command given");
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
        kg_tool__help(NULL, stdout);
        return KG_EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
        printf("kgraph %s (Graphviz cgraph/gvc, libcsv)\n", kg_version());
        return KG_EXIT_OK;
    }
    if (strcmp(cmd, "help") == 0) {
        if (argc > 3)
            return kg_usage__error("kgraph", "'help' takes one command name");
        if (kg_tool__help(argc == 3 ? argv[2] : NULL, stdout) != 0)
            return unknown_command(argv[2]);
        return KG_EXIT_OK;
    }
    for (size_t i = 0; i < COMMAND_COUNT; i++)
        if (strcmp(commands[i]->name, cmd) == 0) {
            kg_cli cli;
            kg_output_clear_inputs(); /* the files this command reads are registered anew */
            int status = kg_cli__parse(&cli, commands[i], argc - 1, argv + 1);
            if (status < 0)
                status = commands[i]->run(&cli);
            kg_cli__free(&cli);
            kg_output_clear_inputs();
            return status;
        }
    if (cmd[0] == '-')
        return kg_usage__error("kgraph", "unknown option '%s'", cmd);
    return unknown_command(cmd);
}
