/* style.c: how entity types, relations and polarities are drawn: built-in styles, the
 * attribute allow-list with value validation, and the style file parser. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <graphviz/color.h>

#include "base/base_internal.h"
#include "kgraph/style.h"
#include "graph_common.h"

/* Graphviz's colour name lookup (libgvc exports it; its header, colorprocs.h, is not
 * installed). Returns COLOR_OK, or COLOR_UNKNOWN for a name Graphviz does not know. */
extern int colorxlate(char *str, gvcolor_t *color, color_type_t target_type);

#define MAX_STYLE_WORDS 4    /* 2.42 overruns beyond 63 parts / 128 bytes; we allow 4 */
#define MAX_NAME_BYTES 256   /* selector names (types, verbs) */
#define MAX_LINE_BYTES 4096  /* style file lines */

/* One selector: its kind, its name and the settings made for it, in order. */
typedef struct selector {
    kg_style_kind kind;
    char *name;
    kg_style_attr *attrs; /* name and value strings are owned (kg__strdup) */
    size_t count, capacity;
} selector;

struct kg_style {
    selector *items;
    size_t count, capacity;
};

/* ---- validation ------------------------------------------------------------------- */

typedef enum value_kind {
    V_COLOUR,
    V_SHAPE,
    V_STYLE,
    V_ARROW,
    V_DIR,
    V_NUMBER,
    V_INTEGER
} value_kind;

/* An allow-listed attribute: for which objects it may be set, and its values. */
typedef struct attr_rule {
    const char *name;
    unsigned objects; /* ON_NODE | ON_EDGE */
    value_kind kind;
    double min, max;  /* for V_NUMBER and V_INTEGER */
} attr_rule;

#define ON_NODE 1u
#define ON_EDGE 2u

static const attr_rule rules[] = {
    {"shape", ON_NODE, V_SHAPE, 0, 0},
    {"style", ON_NODE | ON_EDGE, V_STYLE, 0, 0},
    {"color", ON_NODE | ON_EDGE, V_COLOUR, 0, 0},
    {"fillcolor", ON_NODE, V_COLOUR, 0, 0},
    {"fontcolor", ON_NODE | ON_EDGE, V_COLOUR, 0, 0},
    {"fontsize", ON_NODE | ON_EDGE, V_NUMBER, 4, 72},
    {"penwidth", ON_NODE | ON_EDGE, V_NUMBER, 0, 10},
    {"peripheries", ON_NODE, V_INTEGER, 0, 4},
    {"width", ON_NODE, V_NUMBER, 0.05, 10},
    {"height", ON_NODE, V_NUMBER, 0.05, 10},
    {"arrowhead", ON_EDGE, V_ARROW, 0, 0},
    {"arrowtail", ON_EDGE, V_ARROW, 0, 0},
    {"arrowsize", ON_EDGE, V_NUMBER, 0, 4},
    {"dir", ON_EDGE, V_DIR, 0, 0},
};

/* Polygon-based shapes of 2.42; record, Mrecord, epsf and custom are left out on purpose
 * (records parse their label as fields and crash on {}|<>; the others read files). */
static const char *const shapes[] = {
    "box", "polygon", "ellipse", "oval", "circle", "point", "egg", "triangle", "plaintext",
    "plain", "diamond", "trapezium", "parallelogram", "house", "pentagon", "hexagon",
    "septagon", "octagon", "doublecircle", "doubleoctagon", "tripleoctagon", "invtriangle",
    "invtrapezium", "invhouse", "Mdiamond", "Msquare", "Mcircle", "rect", "rectangle",
    "square", "star", "none", "underline", "cylinder", "note", "tab", "folder", "box3d",
    "component", "promoter", "cds", "terminator", "utr", "primersite", "restrictionsite",
    "fivepoverhang", "threepoverhang", "noverhang", "assembly", "signature", "insulator",
    "ribosite", "rnastab", "proteasesite", "proteinstab", "rpromoter", "rarrow", "larrow",
    "lpromoter", NULL};

static const char *const style_words[] = {
    "filled", "rounded", "dashed", "dotted", "bold", "solid", "diagonals", "striped", NULL};

static const char *const arrows[] = {
    "normal", "inv", "dot", "invdot", "odot", "invodot", "none", "tee", "empty", "invempty",
    "diamond", "odiamond", "ediamond", "crow", "box", "obox", "open", "halfopen", "vee", NULL};

static const char *const dirs[] = {"forward", "back", "both", "none", NULL};

static int in_list(const char *const *list, const char *word, size_t len)
{
    for (; *list; list++)
        if (strlen(*list) == len && memcmp(*list, word, len) == 0)
            return 1;
    return 0;
}

static const attr_rule *find_rule(const char *name)
{
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
        if (strcmp(rules[i].name, name) == 0)
            return &rules[i];
    return NULL;
}

/* Nonzero when value is #RRGGBB, #RRGGBBAA or a colour name Graphviz knows. */
static int valid_colour(const char *value)
{
    size_t len = strlen(value);
    if (value[0] == '#') {
        if (len != 7 && len != 9)
            return 0;
        for (size_t i = 1; i < len; i++)
            if (!strchr("0123456789abcdefABCDEF", value[i]))
                return 0;
        return 1;
    }
    if (len == 0 || len > 32)
        return 0;
    for (size_t i = 0; i < len; i++) {
        char c = value[i];
        int alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        if (!alpha && !(i > 0 && c >= '0' && c <= '9'))
            return 0;
    }
    char copy[40];
    memcpy(copy, value, len + 1);
    gvcolor_t colour;
    return colorxlate(copy, &colour, RGBA_BYTE) == COLOR_OK;
}

/* Nonzero when value is 1 to MAX_STYLE_WORDS allow-listed words separated by commas
 * (spaces around them allowed). The normalised form ("filled,rounded") goes to out,
 * which has room for out_cap bytes. */
static int valid_style(const char *value, char *out, size_t out_cap)
{
    size_t words = 0, used = 0;
    const char *p = value;
    for (;;) {
        while (*p == ' ' || *p == '\t')
            p++;
        const char *start = p;
        while (*p && *p != ',' && *p != ' ' && *p != '\t')
            p++;
        size_t len = (size_t)(p - start);
        while (*p == ' ' || *p == '\t')
            p++;
        if (!len || !in_list(style_words, start, len) || ++words > MAX_STYLE_WORDS)
            return 0;
        if (used + len + 2 > out_cap)
            return 0;
        if (used)
            out[used++] = ',';
        memcpy(out + used, start, len);
        used += len;
        out[used] = '\0';
        if (*p == '\0')
            return 1;
        if (*p != ',')
            return 0;
        p++;
    }
}

/* Parses a decimal number in [min, max] (integer when integral is nonzero). */
static int valid_number(const char *value, double min, double max, int integral)
{
    if (!value[0] || strspn(value, "0123456789.") != strlen(value))
        return 0;
    char *end;
    errno = 0;
    double d = strtod(value, &end);
    if (errno || *end || d < min || d > max)
        return 0;
    if (integral && strchr(value, '.'))
        return 0;
    return 1;
}

static const char *kind_word(kg_style_kind kind)
{
    switch (kind) {
    case KG_STYLE_NODE: return "node";
    case KG_STYLE_EDGE: return "edge";
    case KG_STYLE_TYPE: return "type";
    case KG_STYLE_RELATION: return "relation";
    case KG_STYLE_POLARITY: return "polarity";
    }
    return "?";
}

/* ---- storage ---------------------------------------------------------------------- */

/* The selector (kind, name), or NULL. name NULL is taken as "". */
static selector *find_selector(const kg_style *style, kg_style_kind kind, const char *name)
{
    if (!name)
        name = "";
    for (size_t i = 0; i < style->count; i++)
        if (style->items[i].kind == kind && strcmp(style->items[i].name, name) == 0)
            return &style->items[i];
    return NULL;
}

/* Appends (attribute, value) to the selector, creating the selector when needed.
 * Values were validated by the caller. Returns KG_OK or KG_ENOMEM. */
static int add_setting(kg_style *style, kg_style_kind kind, const char *name,
                       const char *attribute, const char *value)
{
    selector *sel = find_selector(style, kind, name);
    if (!sel) {
        if (kg_array__grow(&style->items, &style->capacity, style->count, sizeof *style->items))
            return KG_ENOMEM;
        char *copy = kg__strdup(name ? name : "");
        if (!copy)
            return KG_ENOMEM;
        sel = &style->items[style->count++];
        *sel = (selector){kind, copy, NULL, 0, 0};
    }
    if (sel->count == sel->capacity) {
        size_t cap = sel->capacity ? sel->capacity * 2 : 8;
        kg_style_attr *attrs = kg__reallocarray(sel->attrs, cap, sizeof *attrs);
        if (!attrs)
            return KG_ENOMEM;
        sel->attrs = attrs;
        sel->capacity = cap;
    }
    char *a = kg__strdup(attribute), *v = kg__strdup(value);
    if (!a || !v) {
        kg_free(a);
        kg_free(v);
        return KG_ENOMEM;
    }
    sel->attrs[sel->count++] = (kg_style_attr){a, v};
    return KG_OK;
}

/* kg_style_set with the wording of the "not allowed" message chosen by the caller
 * (`where` is e.g. "in a style file"). */
static int style_set(kg_style *style, kg_style_kind kind, const char *name,
                     const char *attribute, const char *value, const char *where)
{
    if (!style || !attribute || !value || (unsigned)kind > KG_STYLE_POLARITY)
        return kg_error__set(KG_EUSAGE, "invalid style setting");
    if (!name)
        name = "";
    if ((kind == KG_STYLE_NODE || kind == KG_STYLE_EDGE) ? name[0] != '\0' : name[0] == '\0')
        return kg_error__set(KG_EUSAGE, "invalid name '%s' for a %s section", name,
                            kind_word(kind));
    if (strlen(name) > MAX_NAME_BYTES)
        return kg_error__set(KG_EUSAGE, "%s name longer than %d bytes", kind_word(kind),
                            MAX_NAME_BYTES);
    const attr_rule *rule = find_rule(attribute);
    if (!rule)
        return kg_error__set(KG_EUSAGE, "attribute '%s' is not allowed %s", attribute, where);
    unsigned object = (kind == KG_STYLE_NODE || kind == KG_STYLE_TYPE) ? ON_NODE : ON_EDGE;
    if (!(rule->objects & object))
        return kg_error__set(KG_EUSAGE, "attribute '%s' is not allowed for %s", attribute,
                            object == ON_NODE ? "entities" : "relations");
    char normal[64];
    const char *stored = value;
    int ok = 0;
    switch (rule->kind) {
    case V_COLOUR: ok = valid_colour(value); break;
    case V_SHAPE: ok = in_list(shapes, value, strlen(value)); break;
    case V_STYLE:
        ok = valid_style(value, normal, sizeof normal);
        stored = normal;
        break;
    case V_ARROW: ok = in_list(arrows, value, strlen(value)); break;
    case V_DIR: ok = in_list(dirs, value, strlen(value)); break;
    case V_NUMBER: ok = valid_number(value, rule->min, rule->max, 0); break;
    case V_INTEGER: ok = valid_number(value, rule->min, rule->max, 1); break;
    }
    if (!ok) {
        const char *what = rule->kind == V_COLOUR ? "colour"
                           : rule->kind == V_SHAPE ? "shape"
                           : rule->kind == V_STYLE ? "style"
                                                   : "value";
        if (rule->kind == V_NUMBER || rule->kind == V_INTEGER)
            return kg_error__set(KG_EUSAGE, "invalid value '%s' for %s (a number from %g to %g)",
                                value, attribute, rule->min, rule->max);
        if (rule->kind == V_STYLE)
            return kg_error__set(KG_EUSAGE,
                                "invalid style '%s' (at most %d of filled, rounded, dashed, "
                                "dotted, bold, solid, diagonals, striped)",
                                value, MAX_STYLE_WORDS);
        return kg_error__set(KG_EUSAGE, "invalid %s '%s' for %s", what, value, attribute);
    }
    if (add_setting(style, kind, name, attribute, stored) != KG_OK)
        return kg_error__set(KG_ENOMEM, "out of memory");
    return KG_OK;
}

int kg_style_set(kg_style *style, kg_style_kind kind, const char *name, const char *attribute,
                 const char *value)
{
    return style_set(style, kind, name, attribute, value, "in a style");
}

/* ---- built-in styles -------------------------------------------------------------- */

typedef struct builtin {
    kg_style_kind kind;
    const char *name;
    const char *attribute, *value;
} builtin;

/* The palette of graph_common.h (Okabe-Ito): each built-in type a light tint of its own
 * hue as fill, the hue (darkened where it is too light to see) as border, and a shape of
 * its own; dark text on every fill (contrast > 7:1). Edge colours follow the polarity;
 * mixed is also dashed, so polarities stay apart without colour. */
static const builtin builtins[] = {
    {KG_STYLE_NODE, "", "shape", "ellipse"},
    {KG_STYLE_NODE, "", "style", "filled"},
    {KG_STYLE_NODE, "", "fillcolor", "#ffffff"},
    {KG_STYLE_NODE, "", "color", "#607d8b"},
    {KG_STYLE_NODE, "", "fontcolor", "#1f2937"},
    {KG_STYLE_TYPE, "person", "shape", "ellipse"},
    {KG_STYLE_TYPE, "person", "fillcolor", "#d5ecfa"},
    {KG_STYLE_TYPE, "person", "color", KG_PAL_SKY_BLUE},
    {KG_STYLE_TYPE, "country", "shape", "box"},
    {KG_STYLE_TYPE, "country", "fillcolor", "#fbe7b8"},
    {KG_STYLE_TYPE, "country", "color", KG_PAL_ORANGE},
    {KG_STYLE_TYPE, "organization", "shape", "box"},
    {KG_STYLE_TYPE, "organization", "style", "filled,rounded"},
    /* white with a strong blue border: a blue tint would be too near person's sky blue */
    {KG_STYLE_TYPE, "organization", "fillcolor", "#ffffff"},
    {KG_STYLE_TYPE, "organization", "color", KG_PAL_BLUE},
    {KG_STYLE_TYPE, "organization", "penwidth", "2"},
    {KG_STYLE_TYPE, "alliance", "shape", "hexagon"},
    {KG_STYLE_TYPE, "alliance", "fillcolor", "#f4dbe8"},
    {KG_STYLE_TYPE, "alliance", "color", KG_PAL_REDDISH_PURPLE},
    {KG_STYLE_TYPE, "agreement", "shape", "note"},
    {KG_STYLE_TYPE, "agreement", "fillcolor", "#eeeeee"},
    {KG_STYLE_TYPE, "agreement", "color", "#4d4d4d"},
    {KG_STYLE_TYPE, "event", "shape", "octagon"},
    {KG_STYLE_TYPE, "event", "fillcolor", "#faf6c2"},
    {KG_STYLE_TYPE, "event", "color", "#a89a00"}, /* yellow, darkened to show on white */
    {KG_STYLE_TYPE, "place", "shape", "house"},
    {KG_STYLE_TYPE, "place", "fillcolor", "#b8e3d6"},
    {KG_STYLE_TYPE, "place", "color", KG_PAL_BLUISH_GREEN},
    {KG_STYLE_EDGE, "", "color", KG_COLOUR_NEUTRAL},
    {KG_STYLE_EDGE, "", "fontcolor", "#424242"},
    {KG_STYLE_EDGE, "", "arrowsize", "0.8"},
    {KG_STYLE_POLARITY, "neutral", "color", KG_COLOUR_NEUTRAL},
    {KG_STYLE_POLARITY, "neutral", "fontcolor", "#424242"},
    {KG_STYLE_POLARITY, "positive", "color", KG_COLOUR_POSITIVE},
    {KG_STYLE_POLARITY, "positive", "fontcolor", "#006b4f"},
    {KG_STYLE_POLARITY, "negative", "color", KG_COLOUR_NEGATIVE},
    {KG_STYLE_POLARITY, "negative", "fontcolor", "#a84a00"},
    {KG_STYLE_POLARITY, "mixed", "color", KG_COLOUR_MIXED},
    {KG_STYLE_POLARITY, "mixed", "fontcolor", "#8c3d68"},
    {KG_STYLE_POLARITY, "mixed", "style", "dashed"},
};

/* Styles of entity types no style names, given in order of first appearance (graph.c):
 * the k-th such type gets shape k mod 16 and colour k mod 7, so 112 distinct pairs, none
 * a built-in type's (the shapes differ). */
static const char *const custom_shapes[] = {
    "diamond", "cylinder", "parallelogram", "tab", "component", "trapezium", "invhouse",
    "doubleoctagon", "folder", "box3d", "pentagon", "septagon", "egg", "invtrapezium",
    "Msquare", "cds"};
static const struct {
    const char *fill, *border;
} custom_colours[] = {
    {"#d5ecfa", KG_PAL_SKY_BLUE},  {"#fbe7b8", KG_PAL_ORANGE},
    {"#b8e3d6", KG_PAL_BLUISH_GREEN}, {"#f4dbe8", KG_PAL_REDDISH_PURPLE},
    {"#faf6c2", "#a89a00"},        {"#bcd9ee", KG_PAL_BLUE},
    {"#f7d5bd", KG_PAL_VERMILLION},
};

void kg_style__custom_type(size_t k, const char **shape, const char **fill, const char **border)
{
    size_t nc = sizeof custom_colours / sizeof custom_colours[0];
    *shape = custom_shapes[k % (sizeof custom_shapes / sizeof custom_shapes[0])];
    *fill = custom_colours[k % nc].fill;
    *border = custom_colours[k % nc].border;
}

int kg_style_new(kg_style **out)
{
    kg_style *style = kg__calloc(1, sizeof *style);
    *out = NULL;
    if (!style)
        return kg_error__set(KG_ENOMEM, "out of memory");
    for (size_t i = 0; i < sizeof builtins / sizeof builtins[0]; i++) {
        const builtin *b = &builtins[i];
        int rc = kg_style_set(style, b->kind, b->name, b->attribute, b->value);
        if (rc != KG_OK) {
            kg_style_free(style);
            return rc;
        }
    }
    *out = style;
    return KG_OK;
}

void kg_style_free(kg_style *style)
{
    if (!style)
        return;
    for (size_t i = 0; i < style->count; i++) {
        selector *sel = &style->items[i];
        for (size_t j = 0; j < sel->count; j++) {
            kg_free((char *)(uintptr_t)sel->attrs[j].name);
            kg_free((char *)(uintptr_t)sel->attrs[j].value);
        }
        kg_free(sel->attrs);
        kg_free(sel->name);
    }
    kg_free(style->items);
    kg_free(style);
}

const kg_style_attr *kg_style_get(const kg_style *style, kg_style_kind kind, const char *name,
                                  size_t *count)
{
    const selector *sel = style ? find_selector(style, kind, name) : NULL;
    *count = sel ? sel->count : 0;
    return sel && sel->count ? sel->attrs : NULL;
}

int kg_style_has(const kg_style *style, kg_style_kind kind, const char *name)
{
    const selector *sel = style ? find_selector(style, kind, name) : NULL;
    return sel && sel->count > 0;
}

/* ---- style files ------------------------------------------------------------------ */

/* Trims spaces and tabs from both ends of s in place; returns the trimmed start. */
static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t len = strlen(s);
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r'))
        s[--len] = '\0';
    return s;
}

/* Parses a section header's inside ("type: person", "node") into *kind and name (a
 * pointer into text). Returns 0 on success, -1 with a message in kg_last_error(). */
static int parse_section(char *text, kg_style_kind *kind, const char **name)
{
    static const struct {
        const char *word;
        kg_style_kind kind;
        int named;
    } sections[] = {
        {"node", KG_STYLE_NODE, 0},         {"edge", KG_STYLE_EDGE, 0},
        {"type", KG_STYLE_TYPE, 1},         {"relation", KG_STYLE_RELATION, 1},
        {"polarity", KG_STYLE_POLARITY, 1},
    };
    char *colon = strchr(text, ':');
    char *word = text, *arg = NULL;
    if (colon) {
        *colon = '\0';
        arg = trim(colon + 1);
    }
    word = trim(word);
    for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++) {
        if (strcmp(word, sections[i].word) != 0)
            continue;
        if (sections[i].named && (!arg || !arg[0])) {
            kg_error__set(KG_EINVALID, "section [%s] needs a name, e.g. [%s: NAME]", word, word);
            return -1;
        }
        if (!sections[i].named && arg) {
            kg_error__set(KG_EINVALID, "section [%s] takes no name", word);
            return -1;
        }
        if (sections[i].kind == KG_STYLE_POLARITY && strcmp(arg, "positive") != 0 &&
            strcmp(arg, "negative") != 0 && strcmp(arg, "neutral") != 0 &&
            strcmp(arg, "mixed") != 0) {
            kg_error__set(KG_EINVALID,
                         "unknown polarity '%s' (positive, negative, neutral or mixed)", arg);
            return -1;
        }
        *kind = sections[i].kind;
        *name = arg ? arg : "";
        return 0;
    }
    kg_error__set(KG_EINVALID,
                 "unknown section '[%s]' (node, edge, type: NAME, relation: NAME, "
                 "polarity: NAME)",
                 word);
    return -1;
}

int kg_style_load(kg_style *style, const char *path, kg_diagnostics *diags)
{
    int rc = KG_OK;
    char *line = NULL;
    size_t line_cap = 0;
    char *section_name = NULL;
    kg_style_kind kind = KG_STYLE_NODE;
    int have_section = 0;
    unsigned long lineno = 0;
    size_t errors = 0;
    FILE *f = fopen(path, "r");
    if (!f) {
        rc = kg_error__set(KG_EIO, "cannot open style file '%s': %s", path, strerror(errno));
        kg_diagnostics_add(diags, KG_SEVERITY_ERROR, path, 0, "cannot open: %s",
                           strerror(errno));
        goto cleanup;
    }
    ssize_t len;
    while ((len = getline(&line, &line_cap, f)) >= 0) {
        lineno++;
        if ((size_t)len > MAX_LINE_BYTES || memchr(line, '\0', (size_t)len)) {
            kg_diagnostics_add(diags, KG_SEVERITY_ERROR, path, lineno,
                               (size_t)len > MAX_LINE_BYTES ? "line longer than %d bytes"
                                                            : "NUL byte in line (limit %d)",
                               MAX_LINE_BYTES);
            errors++;
            continue;
        }
        if (len && line[len - 1] == '\n')
            line[--len] = '\0';
        char *text = trim(line);
        if (lineno == 1 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
            text = trim(text + 3);
        if (text[0] == '\0' || text[0] == '#' || text[0] == ';')
            continue;
        if (text[0] == '[') {
            size_t n = strlen(text);
            if (text[n - 1] != ']') {
                kg_diagnostics_add(diags, KG_SEVERITY_ERROR, path, lineno,
                                   "section header without a closing ']'");
                errors++;
                have_section = -1;
                continue;
            }
            text[n - 1] = '\0';
            const char *name;
            if (parse_section(text + 1, &kind, &name) != 0) {
                kg_diagnostics_add(diags, KG_SEVERITY_ERROR, path, lineno, "%s",
                                   kg_last_error());
                errors++;
                have_section = -1; /* settings below it are skipped silently */
                continue;
            }
            kg_free(section_name);
            section_name = kg__strdup(name);
            if (!section_name) {
                rc = kg_error__set(KG_ENOMEM, "out of memory");
                goto cleanup;
            }
            have_section = 1;
            continue;
        }
        char *eq = strchr(text, '=');
        if (!eq) {
            kg_diagnostics_add(diags, KG_SEVERITY_ERROR, path, lineno,
                               "expected 'attribute = value' or '[section]'");
            errors++;
            continue;
        }
        *eq = '\0';
        char *attribute = trim(text), *value = trim(eq + 1);
        size_t vlen = strlen(value);
        if (vlen >= 2 && value[0] == '"' && value[vlen - 1] == '"') {
            value[vlen - 1] = '\0';
            value++;
        }
        if (have_section == 0) {
            kg_diagnostics_add(diags, KG_SEVERITY_ERROR, path, lineno,
                               "setting '%s' before any [section]", attribute);
            errors++;
            continue;
        }
        if (have_section < 0)
            continue;
        int set = style_set(style, kind, section_name, attribute, value, "in a style file");
        if (set == KG_ENOMEM) {
            rc = set;
            goto cleanup;
        }
        if (set != KG_OK) {
            kg_diagnostics_add(diags, KG_SEVERITY_ERROR, path, lineno, "%s", kg_last_error());
            errors++;
        }
    }
    if (ferror(f)) {
        rc = kg_error__set(KG_EIO, "cannot read style file '%s': %s", path, strerror(errno));
        kg_diagnostics_add(diags, KG_SEVERITY_ERROR, path, lineno, "read error: %s",
                           strerror(errno));
        goto cleanup;
    }
    if (errors)
        rc = kg_error__set(KG_EINVALID, "%s: %zu error%s in style file", path, errors,
                          errors == 1 ? "" : "s");
cleanup:
    if (f)
        fclose(f);
    free(line); /* from getline: the C library's allocator */
    kg_free(section_name);
    return rc;
}
