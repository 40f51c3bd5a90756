/* config.c: kgraph.ini (read with libinih, lines counted here) and `kgraph init`, which writes one. */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/base_internal.h"
#include "csvread.h"
#include "headers.h"
#include "kgraph/config.h"
#include "kgraph/suggest.h"
#include "model.h"

/* libinih's line limit in Debian's build (INI_MAX_LINE 200, the NUL included). */
#define LINE_MAX_BYTES 199
/* A kgraph.ini holds a few dozen settings: these bound the cost of a hostile one (each
 * setting is compared with the earlier ones). */
#define MAX_SETTINGS 1000
#define MAX_FILE_BYTES (1u << 20)

typedef struct config_item {
    char *section, *key, *value;
    unsigned long line;
} config_item;

struct kg_config {
    char *path;  /* as given, for messages */
    char *dir;   /* its directory, "" for the current one */
    config_item *items;
    size_t count, cap;
    char *joined[KG_FILE_COUNT + 1]; /* file paths and the style, joined to dir */
    kg_column_map maps[KG_MAX_COLUMN_MAPS];
    size_t map_count;
    char delimiter;
};

static const char *const sections[] = {"dataset", "entities", "relations", "sources", "view"};
static const char *const dataset_keys[] = {"entities", "relations", "sources", "delimiter",
                                           "title", "style"};
static const char *const view_keys[] = {"focus", "depth", "type", "relation", "polarity",
                                        "doc", "since", "until", "min-sources", "cluster"};
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* What the reader and the handler share while one file is parsed. */
typedef struct parse_state {
    kg_config *cfg;
    kg_diagnostics *diags;
    FILE *file;
    unsigned long line;  /* the line the reader handed over last */
    int errors;
    int nomem;
    int full;            /* MAX_SETTINGS reached: the rest is ignored */
} parse_state;

#define CONFIG_ERROR(st, ...)                                                                 \
    (kg_diagnostics_add((st)->diags, KG_SEVERITY_ERROR, (st)->cfg->path, (st)->line,        \
                        __VA_ARGS__),                                                        \
     (st)->errors++)

/* The name among names[0..n) equal to s, its index; -1 when none. */
static int find_name(const char *s, const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(s, names[i]) == 0)
            return (int)i;
    return -1;
}

/* ", did you mean 'X'?" for s among names, or "". Returns buf. */
static const char *mean(char *buf, size_t cap, const char *s, const char *const *names, size_t n)
{
    const char *near = kg_suggest(s, names, n);
    if (near)
        snprintf(buf, cap, "; did you mean '%s'?", near);
    else
        buf[0] = '\0';
    return buf;
}

/* When line is a section header "[NAME]", reports an unknown NAME at its own line (the
 * handler only sees a section through its settings, and none for an empty one). */
static void check_section(parse_state *st, const char *line)
{
    char hint[160], name[64];
    while (*line == ' ' || *line == '\t')
        line++;
    const char *end = line[0] == '[' ? strchr(line, ']') : NULL;
    if (!end)
        return; /* not a section line (libinih reports a '[' without ']') */
    snprintf(name, sizeof name, "%.*s", (int)(end - line - 1), line + 1);
    if (find_name(name, sections, COUNT(sections)) < 0)
        CONFIG_ERROR(st, "unknown section [%s]%s", name,
                     mean(hint, sizeof hint, name, sections, COUNT(sections)));
}

/* ini_reader for ini_parse_stream: one line per call, counted; a line over the limit is
 * reported and handed over as a comment (so it cannot be half-read). */
static char *read_line(char *str, int num, void *stream)
{
    parse_state *st = stream;
    if (!fgets(str, num, st->file))
        return NULL;
    st->line++;
    check_section(st, str);
    size_t n = strlen(str);
    if (n > 0 && str[n - 1] != '\n' && !feof(st->file)) {
        int c;
        while ((c = getc(st->file)) != EOF && c != '\n')
            ;
        CONFIG_ERROR(st, "line longer than %d bytes", LINE_MAX_BYTES);
        snprintf(str, (size_t)num, ";\n");
    }
    return str;
}

/* The delimiter a [dataset] delimiter value names, or 0. */
static char delimiter_named(const char *v)
{
    static const char *const words[] = {"comma", ",", "semicolon", "tab", "\\t", "pipe", "|"};
    static const char chars[] = {',', ',', ';', '\t', '\t', '|', '|'};
    for (size_t i = 0; i < COUNT(words); i++)
        if (strcmp(v, words[i]) == 0)
            return chars[i];
    return 0;
}

/* Checks one setting and keeps it. */
static int on_setting(void *user, const char *section, const char *name, const char *value)
{
    parse_state *st = user;
    kg_config *cfg = st->cfg;
    char hint[160], key[64];
    if (st->full)
        return 1;
    if (cfg->count == MAX_SETTINGS) {
        CONFIG_ERROR(st, "more than %d settings", MAX_SETTINGS);
        st->full = 1;
        return 1;
    }
    snprintf(key, sizeof key, "%s", name);
    for (char *p = key; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    if (!section[0]) {
        CONFIG_ERROR(st, "'%s' is outside a section (put it under [dataset], [entities], "
                         "[relations], [sources] or [view])", name);
        return 1;
    }
    int sec = find_name(section, sections, COUNT(sections));
    if (sec < 0) {
        return 1; /* reported at its line (check_section) */
    } else if (sec == 0) {
        if (find_name(key, dataset_keys, COUNT(dataset_keys)) < 0)
            CONFIG_ERROR(st, "unknown key '%s' in [dataset]%s", name,
                         mean(hint, sizeof hint, key, dataset_keys, COUNT(dataset_keys)));
        else if (!value[0])
            CONFIG_ERROR(st, "'%s' has no value%s", name,
                         strcmp(key, "delimiter") == 0 ? " (write comma, semicolon, tab or "
                                                         "pipe: ' ;' starts a comment)" : "");
        else if (strcmp(key, "delimiter") == 0 && !(cfg->delimiter = delimiter_named(value)))
            CONFIG_ERROR(st, "delimiter '%s' is not comma, semicolon, tab or pipe", value);
    } else if (sec == 4) {
        if (find_name(key, view_keys, COUNT(view_keys)) < 0)
            CONFIG_ERROR(st, "unknown key '%s' in [view]%s", name,
                         mean(hint, sizeof hint, key, view_keys, COUNT(view_keys)));
    } else {
        kg_file_kind kind = (kg_file_kind)(sec - 1);
        size_t n;
        const char *const *cols = kg_known__columns(kind, &n);
        if (find_name(key, cols, n) < 0)
            CONFIG_ERROR(st, "%s has no column '%s'%s", kind == KG_FILE_ENTITIES ? "entities.csv"
                                 : kind == KG_FILE_RELATIONS ? "relations.csv" : "sources.csv",
                         name, mean(hint, sizeof hint, key, cols, n));
        else if (!value[0])
            CONFIG_ERROR(st, "'%s' has no value (the header to read %s from)", name, key);
    }
    for (size_t i = 0; i < cfg->count; i++)
        if (strcmp(cfg->items[i].section, section) == 0 && strcmp(cfg->items[i].key, key) == 0) {
            CONFIG_ERROR(st, "'%s' is set twice in [%s] (first at line %lu)", name, section,
                         cfg->items[i].line);
            return 1;
        }
    if (kg_array__grow(&cfg->items, &cfg->cap, cfg->count, sizeof *cfg->items)) {
        st->nomem = 1;
        return 1;
    }
    config_item *it = &cfg->items[cfg->count];
    it->section = kg__strdup(section);
    it->key = kg__strdup(key);
    it->value = kg__strdup(value);
    it->line = st->line;
    if (!it->section || !it->key || !it->value) {
        kg_free(it->section);
        kg_free(it->key);
        kg_free(it->value);
        st->nomem = 1;
        return 1;
    }
    cfg->count++;
    return 1;
}

void kg_config_free(kg_config *cfg)
{
    if (!cfg)
        return;
    for (size_t i = 0; i < cfg->count; i++) {
        kg_free(cfg->items[i].section);
        kg_free(cfg->items[i].key);
        kg_free(cfg->items[i].value);
    }
    for (size_t i = 0; i <= KG_FILE_COUNT; i++)
        kg_free(cfg->joined[i]);
    kg_free(cfg->items);
    kg_free(cfg->path);
    kg_free(cfg->dir);
    kg_free(cfg);
}

/* dir/name ("name" alone for an empty dir or an absolute name); NULL out of memory. */
static char *join(const char *dir, const char *name)
{
    if (!dir[0] || name[0] == '/')
        return kg__strdup(name);
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = kg__malloc(n);
    if (p)
        snprintf(p, n, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", name);
    return p;
}

const char *kg_config_get(const kg_config *cfg, const char *section, const char *key)
{
    for (size_t i = 0; cfg && i < cfg->count; i++)
        if (strcmp(cfg->items[i].section, section) == 0 && strcmp(cfg->items[i].key, key) == 0) {
            if (strcmp(section, "dataset") == 0 && strcmp(key, "style") == 0)
                return cfg->joined[KG_FILE_COUNT];
            return cfg->items[i].value;
        }
    return NULL;
}

int kg_config_item(const kg_config *cfg, const char *section, size_t i, const char **key,
                   const char **value, unsigned long *line)
{
    for (size_t k = 0; cfg && k < cfg->count; k++) {
        const config_item *it = &cfg->items[k];
        if (strcmp(it->section, section) != 0 || i-- > 0)
            continue;
        *key = it->key;
        *value = it->value;
        *line = it->line;
        return 1;
    }
    return 0;
}

const char *kg_config_path(const kg_config *cfg)
{
    return cfg->path;
}

/* Joins the file names and the style to the file's directory and gathers the mappings.
 * KG_OK or KG_ENOMEM. */
static int prepare(kg_config *cfg)
{
    static const char *const keys[] = {"entities", "relations", "sources", "style"};
    for (size_t k = 0; k <= KG_FILE_COUNT; k++) {
        const char *v = kg_config_get(cfg, "dataset", keys[k]);
        if (k == KG_FILE_COUNT) /* kg_config_get gives the joined style: find the raw one */
            for (size_t i = 0; i < cfg->count; i++)
                if (strcmp(cfg->items[i].section, "dataset") == 0 &&
                    strcmp(cfg->items[i].key, "style") == 0)
                    v = cfg->items[i].value;
        if (v && !(cfg->joined[k] = join(cfg->dir, v)))
            return KG_ENOMEM;
    }
    for (size_t i = 0; i < cfg->count; i++) {
        const config_item *it = &cfg->items[i];
        int sec = find_name(it->section, sections, COUNT(sections));
        if (sec < 1 || sec > 3 || cfg->map_count == KG_MAX_COLUMN_MAPS)
            continue;
        kg_column_map *m = &cfg->maps[cfg->map_count++];
        m->file = (kg_file_kind)(sec - 1);
        snprintf(m->column, sizeof m->column, "%s", it->key);
        m->header = it->value;
    }
    return KG_OK;
}

int kg_config_load(kg_config **out, const char *path, kg_diagnostics *diags)
{
    *out = NULL;
    kg_config *cfg = kg__calloc(1, sizeof *cfg);
    if (!cfg || !(cfg->path = kg__strdup(path)) || !(cfg->dir = kg__strdup(path))) {
        kg_config_free(cfg);
        return kg_error__set(KG_ENOMEM, "out of memory");
    }
    char *slash = strrchr(cfg->dir, '/');
    if (slash)
        slash[1] = '\0';
    else
        cfg->dir[0] = '\0';
    parse_state st = {.cfg = cfg, .diags = diags};
    st.file = fopen(path, "r");
    if (!st.file) {
        int e = errno;
        kg_diagnostics_add(diags, KG_SEVERITY_ERROR, path, 0, "cannot read: %s", strerror(e));
        kg_config_free(cfg);
        return kg_error__set(KG_EIO, "%s: cannot read: %s", path, strerror(e));
    }
    struct stat sb;
    if (fstat(fileno(st.file), &sb) == 0 && sb.st_size > (off_t)MAX_FILE_BYTES) {
        fclose(st.file);
        kg_diagnostics_add(diags, KG_SEVERITY_ERROR, path, 0, "over the limit of %u bytes",
                           MAX_FILE_BYTES);
        kg_config_free(cfg);
        return kg_error__set(KG_EINVALID, "%s: too big", path);
    }
    int r = ini_parse_stream(read_line, &st, on_setting, &st);
    fclose(st.file);
    if (r > 0) {
        /* libinih names the first line it could not parse (its handler never fails) */
        kg_diagnostics_add(diags, KG_SEVERITY_ERROR, path, (unsigned long)r,
                           "expected '[SECTION]', 'KEY = VALUE' or a comment");
        st.errors++;
    }
    if (r == -2 || st.nomem || prepare(cfg) != KG_OK) {
        kg_config_free(cfg);
        return kg_error__set(KG_ENOMEM, "out of memory");
    }
    if (st.errors) {
        kg_config_free(cfg);
        return kg_error__set(KG_EINVALID, "%s: %d error%s", path, st.errors,
                             st.errors == 1 ? "" : "s");
    }
    *out = cfg;
    return KG_OK;
}

int kg_config_find(kg_config **out, const char *dataset, kg_diagnostics *diags)
{
    struct stat st;
    *out = NULL;
    if (!dataset)
        dataset = ".";
    if (stat(dataset, &st) != 0 || !S_ISDIR(st.st_mode))
        return KG_OK;
    char *path = join(strcmp(dataset, ".") == 0 ? "" : dataset, KG_CONFIG_FILE);
    if (!path)
        return kg_error__set(KG_ENOMEM, "out of memory");
    int rc = KG_OK;
    if (access(path, F_OK) == 0)
        rc = kg_config_load(out, path, diags);
    kg_free(path);
    return rc;
}

int kg_config_apply(const kg_config *cfg, kg_load_options *opts)
{
    if (!cfg)
        return KG_OK;
    for (size_t k = 0; k < KG_FILE_COUNT; k++)
        if (cfg->joined[k] && !opts->paths[k] && !opts->memory[k].data)
            opts->paths[k] = cfg->joined[k];
    if (!opts->delimiter)
        opts->delimiter = cfg->delimiter;
    for (size_t i = 0; i < cfg->map_count; i++) {
        const kg_column_map *m = &cfg->maps[i];
        int given = 0;
        for (size_t j = 0; j < opts->map_count; j++)
            given |= opts->maps[j].file == m->file && strcmp(opts->maps[j].column, m->column) == 0;
        if (given)
            continue;
        if (opts->map_count == KG_MAX_COLUMN_MAPS)
            return kg_error__set(KG_ELIMIT, "more than %d column mappings", KG_MAX_COLUMN_MAPS);
        opts->maps[opts->map_count++] = *m;
    }
    return KG_OK;
}

/* ---- kgraph init ------------------------------------------------------------------------ */

/* One spreadsheet of the folder: its name and header. */
typedef struct sheet {
    char *name;
    char **headers;
    size_t n;
    char delim;
} sheet;

static void sheet_free(sheet *s)
{
    for (size_t i = 0; i < s->n; i++)
        kg_free(s->headers[i]);
    kg_free(s->headers);
    kg_free(s->name);
}

/* kg_csv_row_fn keeping the header row and stopping there. */
static int keep_header(void *ctx, unsigned long line, const kg_csv_field *fields, size_t count)
{
    sheet *s = ctx;
    (void)line;
    s->headers = kg__calloc(count ? count : 1, sizeof *s->headers);
    if (!s->headers)
        return KG_ENOMEM;
    for (size_t i = 0; i < count; i++) {
        if (!(s->headers[i] = kg__strndup(fields[i].data, fields[i].len)))
            return KG_ENOMEM;
        s->n = i + 1;
    }
    return KG_ELIMIT; /* enough */
}

/* Number of the known columns of kind that the sheet's headers give, and whether the
 * required ones (id; source, relation, target) are among them. */
static size_t fits(const sheet *s, kg_file_kind kind, int *required, int known[KNOWN_MAX])
{
    size_t n, got = 0;
    kg_known__columns(kind, &n);
    kg_header__resolve(kind, (const char *const *)s->headers, s->n, NULL, 0, known, NULL);
    for (size_t k = 0; k < n; k++)
        got += known[k] >= 0;
    *required = kind == KG_FILE_RELATIONS
                    ? known[RC_SOURCE] >= 0 && known[RC_RELATION] >= 0 && known[RC_TARGET] >= 0
                    : known[0] >= 0;
    return got;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const sheet *)a)->name, ((const sheet *)b)->name);
}

/* Reads the header of every .csv and .tsv file in dir into *out (sorted by name). */
static int read_sheets(const char *dir, sheet **out, size_t *count)
{
    DIR *d = opendir(dir);
    size_t n = 0, cap = 0;
    sheet *list = NULL;
    *out = NULL;
    *count = 0;
    if (!d)
        return kg_error__set(KG_EIO, "%s: cannot read the directory: %s", dir, strerror(errno));
    struct dirent *e;
    int rc = KG_OK;
    while ((e = readdir(d)) && rc == KG_OK) {
        size_t len = strlen(e->d_name);
        if (len < 5 || e->d_name[0] == '.' ||
            !(kg_csv__is_tsv(e->d_name) || strcmp(e->d_name + len - 4, ".csv") == 0))
            continue;
        if (kg_array__grow(&list, &cap, n, sizeof *list)) {
            rc = KG_ENOMEM;
            break;
        }
        sheet *s = &list[n];
        memset(s, 0, sizeof *s);
        char *path = join(strcmp(dir, ".") == 0 ? "" : dir, e->d_name);
        if (!path || !(s->name = kg__strdup(e->d_name))) {
            kg_free(path);
            rc = KG_ENOMEM;
            break;
        }
        n++;
        kg_diagnostics *ignored = NULL;
        if (kg_diagnostics_new(&ignored, 1) != KG_OK) {
            kg_free(path);
            rc = KG_ENOMEM;
            break;
        }
        kg_csv_input in = {.name = path, .path = path, .delimiter_used = &s->delim};
        if (kg_csv__read(&in, ignored, keep_header, s, NULL) == KG_ENOMEM)
            rc = KG_ENOMEM;
        kg_diagnostics_free(ignored);
        kg_free(path);
    }
    closedir(d);
    if (list)
        qsort(list, n, sizeof *list, by_name);
    *out = list;
    *count = n;
    return rc;
}

/* Appends text to the growing string *buf. 0, or -1 out of memory. */
static int add(char **buf, size_t *len, size_t *cap, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int add(char **buf, size_t *len, size_t *cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return -1;
    if (*len + (size_t)n + 1 > *cap) {
        size_t ncap = (*len + (size_t)n + 1) * 2;
        char *p = kg__realloc(*buf, ncap);
        if (!p)
            return -1;
        *buf = p;
        *cap = ncap;
    }
    va_start(ap, fmt);
    vsnprintf(*buf + *len, *cap - *len, fmt, ap);
    va_end(ap);
    *len += (size_t)n;
    return 0;
}

/* Writes text to path through a temporary file in the same directory: renamed over path
 * when force, else linked to it (failing when path exists). KG_OK, KG_EINVALID (exists)
 * or KG_EIO. */
static int write_atomic(const char *path, const char *text, size_t len, int force)
{
    size_t n = strlen(path) + 16;
    char *tmp = kg__malloc(n);
    if (!tmp)
        return kg_error__set(KG_ENOMEM, "out of memory");
    snprintf(tmp, n, "%s.XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        int e = errno;
        kg_free(tmp);
        return kg_error__set(KG_EIO, "%s: cannot write: %s", path, strerror(e));
    }
    /* mkstemp makes 0600; give the file the mode a plain fopen would (0666 & ~umask) */
    mode_t mask = umask(0);
    umask(mask);
    FILE *f = fchmod(fd, 0666 & ~mask) == 0 ? fdopen(fd, "w") : NULL;
    int ok = f && fwrite(text, 1, len, f) == len;
    ok = (f ? fclose(f) == 0 : (close(fd), 0)) && ok;
    int rc = KG_OK, moved = 0;
    if (!ok) {
        rc = kg_error__set(KG_EIO, "%s: cannot write: %s", path, strerror(errno));
    } else if (force) {
        moved = rename(tmp, path) == 0;
    } else if (link(tmp, path) != 0) {
        /* EEXIST: there is one; other failures: no hard links on this file system, so
         * check, then rename (not atomic against another writer, but never clobbering
         * a file that was there) */
        if (errno == EEXIST || access(path, F_OK) == 0)
            rc = kg_error__set(KG_EINVALID, "%s exists already (use --force to replace it)", path);
        else
            moved = rename(tmp, path) == 0;
    } else {
        moved = -1; /* linked: the temporary name goes */
    }
    if (rc == KG_OK && !moved)
        rc = kg_error__set(KG_EIO, "%s: cannot write: %s", path, strerror(errno));
    if (moved != 1)
        unlink(tmp);
    kg_free(tmp);
    return rc;
}

/* Writes the settings of one file (section name) into the ini text and the report. */
static int describe(char **buf, size_t *len, size_t *cap, FILE *report, const sheet *s,
                    kg_file_kind kind, const int known[KNOWN_MAX])
{
    size_t n;
    const char *const *cols = kg_known__columns(kind, &n);
    const char *kname = kg_file_kind_name(kind);
    if (report)
        fprintf(report, "%s: %s\n", kname, s->name);
    if (add(buf, len, cap, "\n[%s]\n", kname))
        return -1;
    for (size_t k = 0; k < n; k++) {
        int required = kind == KG_FILE_RELATIONS ? k <= RC_TARGET : k == 0;
        if (known[k] < 0) {
            if (required && report)
                fprintf(report, "  %-11s no header found: set it in [%s]\n", cols[k], kname);
            if (required && add(buf, len, cap, "; %s = HEADER\n", cols[k]))
                return -1;
            continue;
        }
        const char *h = s->headers[known[k]];
        if (report)
            fprintf(report, "  %-11s <- '%s'\n", cols[k], h);
        if (add(buf, len, cap, "%s = %s\n", cols[k], h))
            return -1;
    }
    for (size_t i = 0; i < s->n && report; i++) {
        int used = 0;
        for (size_t k = 0; k < n; k++)
            used |= known[k] == (int)i;
        if (!used)
            fprintf(report, "  %-11s '%s' (kept as an extra column)\n", "not read:", s->headers[i]);
    }
    return 0;
}

int kg_config_init(const char *dir, int force, FILE *report)
{
    sheet *sheets = NULL;
    size_t n = 0;
    char *text = NULL, *path = NULL;
    size_t len = 0, cap = 0;
    int rc;
    if (!dir)
        dir = ".";
    if (!(path = join(strcmp(dir, ".") == 0 ? "" : dir, KG_CONFIG_FILE)))
        goto nomem;
    if (!force && access(path, F_OK) == 0) {
        rc = kg_error__set(KG_EINVALID, "%s exists already (use --force to replace it)", path);
        goto done;
    }
    if ((rc = read_sheets(dir, &sheets, &n)) != KG_OK)
        goto done;
    /* the relations: the sheet giving most of source, relation and target (two at
     * least; a name with "relation", "link" or "edge" counts one more), the first of
     * equals; the entities: the first other one giving an id or a label (the label is
     * then the id too), its name not starting with "source" or "doc"; the sources: the
     * first other one giving an id whose name does */
    int pick[KG_FILE_COUNT] = {-1, -1, -1};
    int known[KG_FILE_COUNT][KNOWN_MAX], k_tmp[KNOWN_MAX], req, best = 1;
    for (size_t i = 0; i < n; i++) {
        fits(&sheets[i], KG_FILE_RELATIONS, &req, k_tmp);
        const char *nm = sheets[i].name;
        int score = (k_tmp[RC_SOURCE] >= 0) + (k_tmp[RC_RELATION] >= 0) + (k_tmp[RC_TARGET] >= 0);
        if (score >= 2 && (strstr(nm, "relation") || strstr(nm, "link") || strstr(nm, "edge")))
            score++;
        if (score > best) {
            best = score;
            pick[1] = (int)i;
            memcpy(known[1], k_tmp, sizeof k_tmp);
        }
    }
    for (size_t i = 0; i < n; i++) {
        if ((int)i == pick[1])
            continue;
        int src = strncmp(sheets[i].name, "source", 6) == 0 || strncmp(sheets[i].name, "doc", 3) == 0;
        kg_file_kind kind = src ? KG_FILE_SOURCES : KG_FILE_ENTITIES;
        fits(&sheets[i], kind, &req, k_tmp);
        if (kind == KG_FILE_ENTITIES && k_tmp[EC_ID] < 0 && k_tmp[EC_LABEL] >= 0)
            k_tmp[EC_ID] = k_tmp[EC_LABEL];
        if (pick[kind] < 0 && k_tmp[0] >= 0) {
            pick[kind] = (int)i;
            memcpy(known[kind], k_tmp, sizeof k_tmp);
        }
    }
    if (pick[1] < 0) {
        rc = kg_error__set(KG_EINVALID,
                           "%s: no .csv or .tsv file with headers for two of source, relation "
                           "and target (see docs/dataset.md, \"Headers and synonyms\")", dir);
        goto done;
    }
    static const char *const names[] = {"entities.csv", "relations.csv", "sources.csv"};
    if (add(&text, &len, &cap, "; kgraph.ini: written by kgraph init from the headers found;"
                               " edit freely (docs/dataset.md, \"kgraph.ini\")\n[dataset]\n"))
        goto nomem;
    for (int k = 0; k < KG_FILE_COUNT; k++) {
        if (pick[k] >= 0 && strcmp(sheets[pick[k]].name, names[k]) != 0 &&
            add(&text, &len, &cap, "%s = %s\n", kg_file_kind_name((kg_file_kind)k),
                sheets[pick[k]].name))
            goto nomem;
    }
    /* the delimiter, when every file found has the same one (else each keeps its own) */
    char d = sheets[pick[1]].delim;
    for (int k = 0; k < KG_FILE_COUNT; k++)
        if (pick[k] >= 0 && sheets[pick[k]].delim != d)
            d = 0;
    if (d && d != ',' && add(&text, &len, &cap, "delimiter = %s\n",
                             d == ';' ? "semicolon" : d == '\t' ? "tab" : "pipe"))
        goto nomem;
    if (report && pick[KG_FILE_ENTITIES] < 0)
        fprintf(report, "entities: no file with an id column: the entities will be made from "
                        "the relations\n");
    for (int k = 0; k < KG_FILE_COUNT; k++)
        if (pick[k] >= 0 && describe(&text, &len, &cap, report, &sheets[pick[k]],
                                     (kg_file_kind)k, known[k]))
            goto nomem;
    rc = write_atomic(path, text, len, force);
    if (rc == KG_OK && report)
        fprintf(report, "wrote %s\n", path);
    goto done;
nomem:
    rc = kg_error__set(KG_ENOMEM, "out of memory");
done:
    for (size_t i = 0; i < n; i++)
        sheet_free(&sheets[i]);
    kg_free(sheets);
    kg_free(text);
    kg_free(path);
    return rc;
}
