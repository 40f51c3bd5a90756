/* args.c: option parsing and the generated help for the commands, and the dataset options
 * they share. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "tool.h"

void kg_args__init(kg_args *a, int argc, char **argv)
{
    memset(a, 0, sizeof *a);
    a->argc = argc;
    a->argv = argv;
    a->index = 1;
    a->command = argc > 0 ? argv[0] : "kgraph";
}

void kg_options__help(const kg_option *t, FILE *stream)
{
    for (; t->id; t++) {
        if (t->id == KG_OPT_TEXT) {
            fputs(t->help, stream);
            continue;
        }
        char left[80];
        int n = 0;
        if (t->short_name)
            n += snprintf(left + n, sizeof left - (size_t)n, "-%c%s", t->short_name,
                          t->long_name ? ", " : "");
        if (t->long_name)
            n += snprintf(left + n, sizeof left - (size_t)n, "--%s%s", t->long_name,
                          t->arg ? " " : "");
        if (t->arg)
            n += snprintf(left + n, sizeof left - (size_t)n, "%s", t->arg);
        if (n <= 20)
            fprintf(stream, "  %-23s", left);
        else
            fprintf(stream, "  %s\n%25s", left, "");
        for (const char *p = t->help; *p;) {
            size_t len = strcspn(p, "\n");
            fprintf(stream, "%.*s\n", (int)len, p);
            p += len;
            if (*p && *++p)
                fprintf(stream, "%25s", "");
        }
    }
}

static const kg_option *find_long(const kg_option *t, const char *name, size_t len)
{
    for (; t->id; t++)
        if (t->id > 0 && t->long_name && strlen(t->long_name) == len && strncmp(t->long_name, name, len) == 0)
            return t;
    return NULL;
}

/* Prints the usage error of an unknown long option name[0..len), with "did you mean
 * '--x'?" when an option of table t is near (kg_suggest). Returns KG_EXIT_TROUBLE. */
static int unknown_long(const char *command, const kg_option *t, const char *name, size_t len)
{
    char query[64];
    kg_suggestion s;
    snprintf(query, sizeof query, "%.*s", (int)(len < sizeof query ? len : sizeof query - 1), name);
    kg_suggest_begin(&s, query);
    for (; t->id; t++)
        if (t->id > 0 && t->long_name)
            kg_suggest_offer(&s, t->long_name);
    if (len < sizeof query && kg_suggest_best(&s))
        return kg_usage__error(command, "unknown option '--%.*s'; did you mean '--%s'?", (int)len,
                              name, kg_suggest_best(&s));
    return kg_usage__error(command, "unknown option '--%.*s'", (int)len, name);
}

static const kg_option *find_short(const kg_option *t, char c)
{
    for (; t->id; t++)
        if (t->id > 0 && t->short_name == c)
            return t;
    return NULL;
}

int kg_args__next(kg_args *a, const kg_option *table, int *id, const char **value)
{
    const kg_option *o;
    const char *arg = NULL, *eq = NULL;
    *value = NULL;
    if (a->pending && *a->pending) { /* the rest of a cluster of short options, "-qo FILE" */
        if (!(o = find_short(table, *a->pending)))
            return 100 + kg_usage__error(a->command, "unknown option '-%c'", *a->pending);
        eq = ++a->pending;
        if (o->arg)
            a->pending = NULL;
    } else {
        a->pending = NULL;
        if (a->index >= a->argc)
            return -1;
        arg = a->argv[a->index++];
        if (a->only_positional || arg[0] != '-' || strcmp(arg, "-") == 0) {
            *value = arg;
            return 0;
        }
        if (strcmp(arg, "--") == 0)
            a->only_positional = 1;
        if (arg[1] != '-' || a->only_positional) {
            a->pending = a->only_positional ? NULL : arg + 1;
            return kg_args__next(a, table, id, value);
        }
        size_t len = (eq = strchr(arg + 2, '=')) ? (size_t)(eq - arg - 2) : strlen(arg + 2);
        if (!(o = find_long(table, arg + 2, len)))
            return 100 + unknown_long(a->command, table, arg + 2, len);
        if (eq && !o->arg)
            return 100 + kg_usage__error(a->command, "option '--%s' takes no value", o->long_name);
        *value = eq ? eq + 1 : NULL; /* "--output=" is the empty value */
        eq = "";
    }
    *id = o->id;
    if (*value || !o->arg)
        return 1;
    if (*eq)
        *value = eq;
    else if (a->index < a->argc)
        *value = a->argv[a->index++];
    else if (arg)
        return 100 + kg_usage__error(a->command, "option '--%s' needs a value", o->long_name);
    else
        return 100 + kg_usage__error(a->command, "option '-%c' needs a value", o->short_name);
    return 1;
}

void kg_dataset__args_init(kg_dataset_args *d)
{
    memset(d, 0, sizeof *d);
    kg_load_options_init(&d->load);
    d->load.progress = isatty(STDERR_FILENO);
}

int kg_parse__size(const char *s, uint64_t *out)
{
    char *end;
    errno = 0;
    if (!s[0] || s[0] == '-')
        return -1;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s)
        return -1;
    unsigned shift = 0;
    if (*end == 'K' || *end == 'k')
        shift = 10;
    else if (*end == 'M' || *end == 'm')
        shift = 20;
    else if (*end == 'G' || *end == 'g')
        shift = 30;
    if (shift)
        end++;
    if (*end || v == 0 || v > (~0ull >> shift))
        return -1;
    *out = (uint64_t)v << shift;
    return 0;
}

int kg_dataset__args_apply(kg_dataset_args *d, const char *command, int id, const char *value)
{
    uint64_t n;
    switch (id) {
    case OPT_ENTITIES: d->load.paths[KG_FILE_ENTITIES] = value; return 0;
    case OPT_RELATIONS: d->load.paths[KG_FILE_RELATIONS] = value; return 0;
    case OPT_SOURCES: d->load.paths[KG_FILE_SOURCES] = value; return 0;
    case OPT_QUIET: d->quiet = 1; return 0;
    case OPT_DELIMITER:
        if (strcmp(value, "tab") == 0 || strcmp(value, "\\t") == 0 || strcmp(value, "\t") == 0)
            d->load.delimiter = '\t';
        else if (strlen(value) == 1 && strchr(",;|", value[0]))
            d->load.delimiter = value[0];
        else
            return kg_usage__error(command, "invalid --delimiter '%s' (',', ';', '|' or tab)", value);
        return 0;
    case OPT_HELP: kg_tool__help(command, stdout); return -1;
    case OPT_MAP:
        if (d->load.map_count == KG_MAX_COLUMN_MAPS)
            return kg_usage__error(command, "too many --map options (at most %d)", KG_MAX_COLUMN_MAPS);
        if (kg_column_map_parse(&d->load.maps[d->load.map_count], value) != KG_OK)
            return kg_usage__error(command, "%s", kg_last_error());
        d->load.map_count++;
        return 0;
    case OPT_MAX_FIELD:
    case OPT_MAX_FILE:
    case OPT_MAX_ROWS:
        if (kg_parse__size(value, &n) != 0 || (id != OPT_MAX_FILE && n > (size_t)-1 / 2))
            return kg_usage__error(command, "invalid size '%s' (a positive number, K/M/G allowed)", value);
        if (id == OPT_MAX_FIELD)
            d->load.max_field_bytes = (size_t)n;
        else if (id == OPT_MAX_FILE)
            d->load.max_file_bytes = n;
        else
            d->load.max_rows = (size_t)n;
        return 0;
    default:
        return 1;
    }
}

int kg_dataset__args_positional(kg_dataset_args *d, const char *command, const char *value)
{
    if (d->dir)
        return kg_usage__error(command, "unexpected argument '%s' (the dataset is '%s')", value, d->dir);
    d->dir = value;
    return 0;
}

int kg_parse__count(const char *s, unsigned long long max, unsigned long long *out)
{
    char *end;
    if (s[0] < '0' || s[0] > '9')
        return -1;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end || v > max)
        return -1;
    *out = v;
    return 0;
}

int kg_print__error(int rc)
{
    fprintf(stderr, "kgraph: %s\n", kg_last_error()[0] ? kg_last_error() : kg_strerror(rc));
    return KG_EXIT_TROUBLE;
}

/* Prints diags (warnings unless quiet), and the summary of a failure (rc) that left no
 * error in them; frees diags. Returns rc. */
static int print_diags(kg_diagnostics *diags, int quiet, int rc)
{
    kg_diagnostics_print(diags, stderr, "kgraph", !quiet);
    if (rc != KG_OK && kg_diagnostics_errors(diags) == 0)
        kg_print__error(rc);
    kg_diagnostics_free(diags);
    return rc;
}

kg_dataset *kg_dataset__args_load(kg_dataset_args *d, size_t *warnings)
{
    kg_diagnostics *diags;
    kg_dataset *ds = NULL;
    /* the files read, present or not: no -o may replace them */
    if (kg_diagnostics_new(&diags, 0) != KG_OK || kg_output_add_dataset_inputs(d->dir, &d->load, 0)) {
        kg_diagnostics_free(diags);
        kg_print__error(KG_ENOMEM);
        return NULL;
    }
    int rc = kg_dataset_load(&ds, d->dir ? d->dir : ".", &d->load, diags);
    if (warnings)
        *warnings = kg_diagnostics_warnings(diags);
    print_diags(diags, d->quiet, rc);
    return ds;
}

void kg_dataset__name(const char *dir, char *out, size_t cap)
{
    char resolved[PATH_MAX];
    const char *path = dir ? dir : ".";
    if (realpath(path, resolved))
        path = resolved;
    size_t len = strlen(path);
    while (len > 1 && path[len - 1] == '/')
        len--;
    const char *base = path + len;
    while (base > path && base[-1] != '/')
        base--;
    snprintf(out, cap, "%.*s", (int)(len - (size_t)(base - path)), base);
}

kg_style *kg_style__args_load(const char *path, int quiet)
{
    kg_style *style = NULL;
    kg_diagnostics *diags = NULL;
    if (kg_style_new(&style) != KG_OK || (path && (kg_diagnostics_new(&diags, 0) != KG_OK ||
                                                   kg_output_add_input(path) != KG_OK))) {
        kg_diagnostics_free(diags);
        kg_style_free(style);
        kg_print__error(KG_ENOMEM);
        return NULL;
    }
    if (path && print_diags(diags, quiet, kg_style_load(style, path, diags)) != KG_OK) {
        kg_style_free(style);
        return NULL;
    }
    return style;
}
