/* viewopts.c: parsing the view options render, report and diff share into kg_view_options. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "viewopts.h"
#include "tool.h"

static const char *const list_names[KG_VIEW_LISTS] = {"--focus", "--type", "--relation", "--doc"};
static const char *const list_what[KG_VIEW_LISTS] = {"entity ids", "entity types",
                                                    "relation names", "doc ids"};

void kg_view__args_init(kg_view_args *v)
{
    memset(v, 0, sizeof *v);
    kg_view_options_init(&v->opts);
}

void kg_view__args_free(kg_view_args *v)
{
    for (int k = 0; k < KG_VIEW_LISTS; k++) {
        free(v->text[k]);
        free((void *)v->list[k]);
    }
    kg_view__args_init(v);
}

/* Checks a list value: names separated by commas, none empty. Returns 0, or -1. */
static int list_valid(const char *value)
{
    if (!value[0])
        return -1;
    for (const char *p = value; *p; p++)
        if (*p == ',' && (p == value || p[1] == ',' || p[1] == '\0'))
            return -1;
    return 0;
}

int kg_view__args_apply(kg_view_args *v, const char *command, int id, const char *value)
{
    int k = -1;
    unsigned long long n;
    switch (id) {
    case OPT_VIEW_FOCUS: k = KG_VIEW_LIST_FOCUS; break;
    case OPT_VIEW_TYPE: k = KG_VIEW_LIST_TYPE; break;
    case OPT_VIEW_RELATION: k = KG_VIEW_LIST_RELATION; break;
    case OPT_VIEW_DOC: k = KG_VIEW_LIST_DOC; break;
    case OPT_VIEW_DEPTH:
        if (kg_parse__count(value, UINT_MAX, &n) != 0)
            return kg_usage__error(command, "invalid depth '%s' (a number of hops, 0 or more)",
                                  value);
        v->opts.depth = (unsigned)n;
        v->depth_given = 1;
        return 0;
    case OPT_VIEW_POLARITY: {
        /* a list of polarity names, checked here */
        if (list_valid(value) != 0)
            return kg_usage__error(command, "invalid --polarity '%s' (positive, negative, "
                                  "neutral or mixed, separated by commas)", value);
        for (const char *p = value; *p;) {
            size_t len = strcspn(p, ",");
            char name[16];
            snprintf(name, sizeof name, "%.*s", (int)len, p);
            unsigned bit = len < sizeof name ? kg_view_polarity_parse(name) : 0;
            if (!bit) {
                static const char *const names[] = {"positive", "negative", "neutral", "mixed"};
                const char *near = len < sizeof name ? kg_suggest(name, names, 4) : NULL;
                if (near)
                    return kg_usage__error(command, "unknown polarity '%.*s'; did you mean "
                                          "'%s'?", (int)len, p, near);
                return kg_usage__error(command, "unknown polarity '%.*s' (positive, negative, "
                                      "neutral or mixed)", (int)len, p);
            }
            v->opts.polarities |= bit;
            p += len + (p[len] == ',');
        }
        return 0;
    }
    case OPT_VIEW_SINCE:
    case OPT_VIEW_UNTIL: {
        /* validated by kg_view_select too; checked here for a usage error before loading */
        const char *d = value;
        size_t len = strlen(d);
        int ok = (len == 4 || len == 7 || len == 10);
        for (size_t i = 0; ok && i < len; i++)
            ok = (i == 4 || i == 7) ? d[i] == '-' : (d[i] >= '0' && d[i] <= '9');
        if (!ok)
            return kg_usage__error(command, "invalid %s '%s' (YYYY, YYYY-MM or YYYY-MM-DD)",
                                  id == OPT_VIEW_SINCE ? "--since" : "--until", value);
        if (id == OPT_VIEW_SINCE)
            v->opts.since = value;
        else
            v->opts.until = value;
        return 0;
    }
    case OPT_VIEW_MIN_SOURCES:
        if (kg_parse__count(value, 1000000000UL, &n) != 0)
            return kg_usage__error(command, "invalid --min-sources '%s' (a number of documents)",
                                  value);
        v->opts.min_sources = (size_t)n;
        return 0;
    case OPT_VIEW_CLUSTER:
        if (strcmp(value, "type") != 0)
            return kg_usage__error(command, "invalid --cluster '%s' (only 'type' is supported)",
                                  value);
        v->cluster_by_type = 1;
        return 0;
    default:
        return 1;
    }
    if (v->n_raw[k] == KG_VIEW_MAX_VALUES)
        return kg_usage__error(command, "too many %s options (at most %d; give several as "
                              "A,B,...)", list_names[k], KG_VIEW_MAX_VALUES);
    if (list_valid(value) != 0)
        return kg_usage__error(command, "invalid %s '%s' (%s separated by commas, none empty)",
                              list_names[k], value, list_what[k]);
    v->raw[k][v->n_raw[k]++] = value;
    return 0;
}

int kg_view__args_finish(kg_view_args *v, const char *command)
{
    const char *const **lists[KG_VIEW_LISTS] = {&v->opts.focus, &v->opts.types, &v->opts.relations,
                                                &v->opts.docs};
    size_t *counts[KG_VIEW_LISTS] = {&v->opts.n_focus, &v->opts.n_types, &v->opts.n_relations,
                                     &v->opts.n_docs};
    if (v->depth_given && v->n_raw[KG_VIEW_LIST_FOCUS] == 0)
        return kg_usage__error(command, "--depth needs --focus");
    for (int k = 0; k < KG_VIEW_LISTS; k++) {
        size_t len = 1, n = 0;
        for (size_t i = 0; i < v->n_raw[k]; i++)
            len += strlen(v->raw[k][i]) + 1; /* also more than the names they hold */
        char *w = v->text[k] = malloc(len), *save;
        const char **list = v->list[k] = calloc(len, sizeof *list);
        if (!w || !list)
            return kg_print__error(KG_ENOMEM);
        for (size_t i = 0; i < v->n_raw[k]; w += strlen(v->raw[k][i++]) + 1) {
            strcpy(w, v->raw[k][i]); /* split at commas; kg_view__args_apply refused empty names */
            for (char *t = strtok_r(w, ",", &save); t; t = strtok_r(NULL, ",", &save))
                list[n++] = t;
        }
        *lists[k] = list;
        *counts[k] = n;
    }
    return 0;
}

int kg_view__args_error(const char *command, int rc)
{
    kg_print__error(rc);
    if (rc != KG_ENOMEM)
        fprintf(stderr, "Try 'kgraph help %s' for more information.\n", command);
    return KG_EXIT_TROUBLE;
}

/* Appends text to out (cap bytes, holding len bytes) when it fits, else "..." once. */
static void append(char *out, size_t cap, size_t *len, const char *text)
{
    size_t n = strlen(text);
    if (*len + n + 4 < cap) {
        memcpy(out + *len, text, n + 1);
        *len += n;
    } else if (*len + 4 <= cap && (*len < 3 || strcmp(out + *len - 3, "...") != 0)) {
        memcpy(out + *len, "...", 4);
        *len += 3;
    }
}

void kg_view__args_describe(const kg_view_args *v, char *out, size_t cap)
{
    size_t len = 0;
    char num[64];
    if (!cap)
        return;
    out[0] = '\0';
    for (int k = 0; k < KG_VIEW_LISTS; k++)
        for (size_t i = 0; i < v->n_raw[k]; i++) {
            append(out, cap, &len, len ? " " : "");
            append(out, cap, &len, list_names[k]);
            append(out, cap, &len, " ");
            append(out, cap, &len, v->raw[k][i]);
            if (k == KG_VIEW_LIST_FOCUS && i + 1 == v->n_raw[k] && v->depth_given) {
                snprintf(num, sizeof num, " --depth %u", v->opts.depth);
                append(out, cap, &len, num);
            }
        }
    if (v->opts.polarities) {
        static const kg_polarity order[] = {KG_POLARITY_POSITIVE, KG_POLARITY_NEGATIVE,
                                            KG_POLARITY_NEUTRAL, KG_POLARITY_MIXED};
        const char *sep = " ";
        append(out, cap, &len, len ? " --polarity" : "--polarity");
        for (size_t i = 0; i < 4; i++)
            if (v->opts.polarities & KG_VIEW_POLARITY(order[i])) {
                append(out, cap, &len, sep);
                append(out, cap, &len, kg_polarity_name(order[i]));
                sep = ",";
            }
    }
    const char *dates[2] = {v->opts.since, v->opts.until};
    for (int d = 0; d < 2; d++)
        if (dates[d]) {
            append(out, cap, &len, len ? " " : "");
            append(out, cap, &len, d ? "--until " : "--since ");
            append(out, cap, &len, dates[d]);
        }
    if (v->opts.min_sources > 1) {
        snprintf(num, sizeof num, "%s--min-sources %zu", len ? " " : "", v->opts.min_sources);
        append(out, cap, &len, num);
    }
}

int kg_view__args_check_empty(const kg_view_args *v, size_t selected, int quiet)
{
    char options[512];
    if (selected)
        return 0;
    kg_view__args_describe(v, options, sizeof options);
    if (v->strict) {
        fprintf(stderr, "kgraph: the view selects no entity (%s); an error with --strict\n",
                options);
        return KG_EXIT_TROUBLE;
    }
    if (!quiet)
        fprintf(stderr, "kgraph: warning: the view selects no entity (%s)\n", options);
    return 0;
}
