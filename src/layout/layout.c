/* layout.c: the saved layout: its store, its JSON file (format "kgraph-layout"), the dataset fingerprint and the fit check. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base_internal.h"
#include "graph/graph_internal.h"
#include "kgraph/output.h"
#include "layout_internal.h"

struct kg_layout {
    kg_layout_node *nodes;
    size_t count, cap;
    size_t *slots; /* open addressing: index + 1 into nodes, 0 for empty */
    size_t slot_count;
    char *engine, *name, *fingerprint;
    double bb[4], extent[4];
    int has_extent;
};

/* ---- the store ---------------------------------------------------------------------- */

int kg_layout_new(kg_layout **out)
{
    *out = kg__calloc(1, sizeof **out);
    return *out ? KG_OK : kg_error__set(KG_ENOMEM, "out of memory for a layout");
}

/* Frees a string the layout owns, held through a const pointer. */
static void free_text(const char *text)
{
    void *p;
    memcpy(&p, &text, sizeof p);
    kg_free(p);
}

void kg_layout_free(kg_layout *layout)
{
    if (!layout)
        return;
    for (size_t i = 0; i < layout->count; i++) {
        free_text(layout->nodes[i].entity);
        free_text(layout->nodes[i].element);
    }
    kg_free(layout->nodes);
    kg_free(layout->slots);
    kg_free(layout->engine);
    kg_free(layout->name);
    kg_free(layout->fingerprint);
    kg_free(layout);
}

/* The hash of a key: entity ids and element ids live in separate name spaces. */
static size_t key_hash(const char *entity, const char *element)
{
    uint64_t h = kg_hash__fnv1a64(entity ? entity : element);
    return (size_t)(entity ? h : kg_hash__mix(h));
}

static int node_is(const kg_layout_node *n, const char *entity, const char *element)
{
    return entity ? n->entity && strcmp(n->entity, entity) == 0
                  : n->element && strcmp(n->element, element) == 0;
}

/* Rebuilds the slot table for at least 2 * count slots. Returns KG_OK or KG_ENOMEM. */
static int rehash(kg_layout *l, size_t want)
{
    size_t n = 16;
    while (n < 2 * want)
        n *= 2;
    size_t *slots = kg__calloc(n, sizeof *slots);
    if (!slots)
        return kg_error__set(KG_ENOMEM, "out of memory for a layout");
    for (size_t i = 0; i < l->count; i++) {
        size_t h = key_hash(l->nodes[i].entity, l->nodes[i].element) & (n - 1);
        while (slots[h])
            h = (h + 1) & (n - 1);
        slots[h] = i + 1;
    }
    kg_free(l->slots);
    l->slots = slots;
    l->slot_count = n;
    return KG_OK;
}

const kg_layout_node *kg_layout_find(const kg_layout *layout, const char *entity,
                                     const char *element)
{
    if (!layout || !layout->slot_count || (!entity && !element))
        return NULL;
    size_t mask = layout->slot_count - 1, h = key_hash(entity, element) & mask;
    for (; layout->slots[h]; h = (h + 1) & mask)
        if (node_is(&layout->nodes[layout->slots[h] - 1], entity, element))
            return &layout->nodes[layout->slots[h] - 1];
    return NULL;
}

int kg_layout_add(kg_layout *layout, const char *entity, const char *element, double x, double y,
                  double width, double height)
{
    if (!entity == !element)
        return kg_error__set(KG_EUSAGE, "a layout node has an entity id or an element id");
    if (kg_layout_find(layout, entity, element))
        return kg_error__set(KG_EUSAGE, "%s '%s' is in the layout twice",
                            entity ? "entity" : "element", entity ? entity : element);
    if (layout->count >= KG_LAYOUT_MAX_NODES)
        return kg_error__set(KG_ELIMIT, "more than %u nodes in a layout", KG_LAYOUT_MAX_NODES);
    if (layout->count == layout->cap &&
        kg_array__grow(&layout->nodes, &layout->cap, layout->count + 1, sizeof *layout->nodes))
        return kg_error__set(KG_ENOMEM, "out of memory for a layout");
    kg_layout_node *n = &layout->nodes[layout->count];
    memset(n, 0, sizeof *n);
    char *key = kg__strdup(entity ? entity : element);
    if (!key)
        return kg_error__set(KG_ENOMEM, "out of memory for a layout");
    if (entity)
        n->entity = key;
    else
        n->element = key;
    n->x = x, n->y = y, n->width = width, n->height = height;
    layout->count++;
    if (2 * layout->count > layout->slot_count) {
        if (rehash(layout, layout->count) != KG_OK) {
            layout->count--;
            kg_free(key);
            return KG_ENOMEM;
        }
    } else {
        size_t mask = layout->slot_count - 1, h = key_hash(entity, element) & mask;
        while (layout->slots[h])
            h = (h + 1) & mask;
        layout->slots[h] = layout->count;
    }
    return KG_OK;
}

size_t kg_layout_count(const kg_layout *layout) { return layout ? layout->count : 0; }

const kg_layout_node *kg_layout_get(const kg_layout *layout, size_t i)
{
    return layout && i < layout->count ? &layout->nodes[i] : NULL;
}

const char *kg_layout_engine(const kg_layout *layout)
{
    return layout && layout->engine ? layout->engine : "";
}
const char *kg_layout_dataset_name(const kg_layout *layout)
{
    return layout && layout->name ? layout->name : "";
}
const char *kg_layout_fingerprint(const kg_layout *layout)
{
    return layout && layout->fingerprint ? layout->fingerprint : "";
}

void kg_layout_bb(const kg_layout *layout, double bb[4])
{
    for (int i = 0; i < 4; i++)
        bb[i] = layout ? layout->bb[i] : 0;
}

void kg_layout__extent(const kg_layout *layout, double ext[4])
{
    int any = layout->has_extent;
    for (int i = 0; i < 4; i++)
        ext[i] = any ? layout->extent[i] : 0;
    for (size_t i = 0; i < layout->count; i++) {
        const kg_layout_node *n = &layout->nodes[i];
        double b[4] = {n->x - n->width / 2, n->y - n->height / 2, n->x + n->width / 2,
                       n->y + n->height / 2};
        if (!any) {
            memcpy(ext, b, sizeof b);
            any = 1;
            continue;
        }
        ext[0] = fmin(ext[0], b[0]), ext[1] = fmin(ext[1], b[1]);
        ext[2] = fmax(ext[2], b[2]), ext[3] = fmax(ext[3], b[3]);
    }
}

/* Replaces *slot with a copy of text. Returns KG_OK or KG_ENOMEM. */
static int set_text(char **slot, const char *text)
{
    char *copy = kg__strdup(text ? text : "");
    if (!copy)
        return kg_error__set(KG_ENOMEM, "out of memory for a layout");
    kg_free(*slot);
    *slot = copy;
    return KG_OK;
}

int kg_layout__set_drawing(kg_layout *layout, const char *engine, const double bb[4],
                          const double extent[4])
{
    memcpy(layout->bb, bb, sizeof layout->bb);
    if (extent) {
        memcpy(layout->extent, extent, sizeof layout->extent);
        layout->has_extent = 1;
    }
    return set_text(&layout->engine, engine);
}

/* ---- the fingerprint ------------------------------------------------------------------ */

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* FNV-1a 64 over bytes, continuing from h. */
static uint64_t fnv(uint64_t h, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

void kg_dataset_fingerprint(const kg_dataset *ds, char out[25])
{
    uint64_t h = 0xcbf29ce484222325ull;
    size_t ne = kg_dataset_entity_count(ds), nr = kg_dataset_relation_count(ds);
    size_t n = ne > nr ? ne : nr;
    char **keys = kg__calloc(n ? n : 1, sizeof *keys);
    const char **ids = kg__calloc(ne ? ne : 1, sizeof *ids);
    int ok = keys != NULL && ids != NULL;
    /* entity ids, sorted, each ended by a newline; then a blank line */
    for (size_t i = 0; ok && i < ne; i++)
        ids[i] = kg_dataset_entity(ds, i)->id;
    if (ok) {
        qsort(ids, ne, sizeof *ids, compare_strings);
        for (size_t i = 0; i < ne; i++) {
            h = fnv(h, ids[i], strlen(ids[i]));
            h = fnv(h, "\n", 1);
        }
        h = fnv(h, "\n", 1);
    }
    /* relation keys "source\trelation\ttarget", sorted */
    size_t made = 0;
    for (size_t i = 0; ok && i < nr; i++) {
        const kg_relation *r = kg_dataset_relation(ds, i);
        const char *s = kg_dataset_entity(ds, r->source)->id;
        const char *t = kg_dataset_entity(ds, r->target)->id;
        size_t len = strlen(s) + strlen(r->relation) + strlen(t) + 3;
        if (!(keys[i] = kg__malloc(len))) {
            ok = 0;
            break;
        }
        snprintf(keys[i], len, "%s\t%s\t%s", s, r->relation, t);
        made++;
    }
    if (ok) {
        qsort(keys, nr, sizeof *keys, compare_strings);
        for (size_t i = 0; i < nr; i++) {
            h = fnv(h, keys[i], strlen(keys[i]));
            h = fnv(h, "\n", 1);
        }
    }
    for (size_t i = 0; keys && i < made; i++)
        kg_free(keys[i]);
    kg_free(keys);
    kg_free(ids);
    /* out of memory: a fingerprint that matches nothing real */
    snprintf(out, 25, "fnv1a64:%016llx", ok ? (unsigned long long)h : 0ull);
}

int kg_layout_set_dataset(kg_layout *layout, const char *name, const kg_dataset *ds)
{
    char fp[25];
    kg_dataset_fingerprint(ds, fp);
    int rc = set_text(&layout->name, name);
    return rc == KG_OK ? set_text(&layout->fingerprint, fp) : rc;
}

int kg_layout_check(const kg_layout *layout, const char *file, const kg_dataset *ds,
                    const unsigned char *entity_mask, size_t *shared)
{
    size_t held = 0, common = 0, drawn = 0, ne = kg_dataset_entity_count(ds);
    for (size_t i = 0; i < ne; i++)
        drawn += !entity_mask || entity_mask[i];
    for (size_t i = 0; i < layout->count; i++) {
        const char *id = layout->nodes[i].entity;
        if (!id)
            continue;
        held++;
        size_t e = kg_dataset_find_entity(ds, id);
        if (e != KG_NONE && (!entity_mask || entity_mask[e]))
            common++;
    }
    if (shared)
        *shared = common;
    size_t smaller = held < drawn ? held : drawn;
    if (held == 0 || drawn == 0 || (double)common >= KG_LAYOUT_MIN_SHARED * (double)smaller)
        return KG_OK;
    return kg_error__set(KG_EINVALID,
                        "%s: layout of another dataset ('%s', fingerprint %s): only %zu of "
                        "its %zu entities are among the %zu drawn (at least half of the "
                        "smaller set must be): give the layout file of this dataset, or "
                        "leave out --layout-from",
                        file, kg_layout_dataset_name(layout),
                        layout->fingerprint ? layout->fingerprint : "none", common, held, drawn);
}

/* ---- writing ------------------------------------------------------------------------ */

/* A number as the file holds it: two decimals, no "-0.00". */
static void put_number(FILE *f, double v)
{
    if (!isfinite(v))
        v = 0;
    char text[64];
    snprintf(text, sizeof text, "%.2f", v);
    fputs(strcmp(text, "-0.00") == 0 ? "0.00" : text, f);
}

int kg_layout_write(const kg_layout *layout, const char *path)
{
    kg_output *output;
    int rc = kg_output_open(&output, path);
    if (rc != KG_OK)
        return rc;
    FILE *f = kg_output_stream(output);
    double ext[4];
    kg_layout__extent(layout, ext);
    fprintf(f, "{\n  \"format\": \"%s\",\n  \"version\": %d,\n  \"dataset\": {\"name\": ",
            KG_LAYOUT_FORMAT, KG_LAYOUT_VERSION);
    kg_json__string(f, kg_layout_dataset_name(layout));
    fputs(", \"fingerprint\": ", f);
    kg_json__string(f, kg_layout_fingerprint(layout));
    fputs("},\n  \"engine\": ", f);
    kg_json__string(f, kg_layout_engine(layout));
    fputs(",\n  \"units\": \"points\",\n  \"bb\": [", f);
    for (int i = 0; i < 4; i++) {
        if (i)
            fputs(", ", f);
        put_number(f, layout->bb[i]);
    }
    fputs("],\n  \"extent\": [", f);
    for (int i = 0; i < 4; i++) {
        if (i)
            fputs(", ", f);
        put_number(f, ext[i]);
    }
    fputs("],\n  \"nodes\": [", f);
    for (size_t i = 0; i < layout->count; i++) {
        const kg_layout_node *n = &layout->nodes[i];
        fputs(i ? ",\n    {" : "\n    {", f);
        fputs(n->entity ? "\"entity\": " : "\"element\": ", f);
        kg_json__string(f, n->entity ? n->entity : n->element);
        fputs(", \"x\": ", f);
        put_number(f, n->x);
        fputs(", \"y\": ", f);
        put_number(f, n->y);
        fputs(", \"width\": ", f);
        put_number(f, n->width);
        fputs(", \"height\": ", f);
        put_number(f, n->height);
        fputc('}', f);
    }
    fputs(layout->count ? "\n  ]\n}\n" : "]\n}\n", f);
    /* kg_output_commit's errors name the file already */
    return kg_output_commit(output);
}

/* ---- reading: a small strict JSON reader -------------------------------------------- */

typedef struct reader {
    const char *p, *end, *start;
    const char *name;
    int depth;
} reader;

/* The line of the reader's position, for messages. */
static unsigned long line_at(const reader *r, const char *at)
{
    unsigned long line = 1;
    for (const char *q = r->start; q < at; q++)
        line += *q == '\n';
    return line;
}

/* Sets a "NAME:LINE: message" error and returns KG_EINVALID. */
static int fail(const reader *r, const char *what)
{
    return kg_error__set(KG_EINVALID, "%s:%lu: not a kgraph layout file: %s", r->name,
                        line_at(r, r->p), what);
}

static void skip_space(reader *r)
{
    while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
        r->p++;
}

/* Appends code point cp as UTF-8 to buf. */
static int put_utf8(kg_buf *buf, unsigned long cp)
{
    char s[4];
    size_t n;
    if (cp < 0x80)
        s[0] = (char)cp, n = 1;
    else if (cp < 0x800)
        s[0] = (char)(0xC0 | (cp >> 6)), s[1] = (char)(0x80 | (cp & 0x3F)), n = 2;
    else if (cp < 0x10000)
        s[0] = (char)(0xE0 | (cp >> 12)), s[1] = (char)(0x80 | ((cp >> 6) & 0x3F)),
        s[2] = (char)(0x80 | (cp & 0x3F)), n = 3;
    else
        s[0] = (char)(0xF0 | (cp >> 18)), s[1] = (char)(0x80 | ((cp >> 12) & 0x3F)),
        s[2] = (char)(0x80 | ((cp >> 6) & 0x3F)), s[3] = (char)(0x80 | (cp & 0x3F)), n = 4;
    return kg_buf__append(buf, s, n);
}

static int hex4(const char *p, unsigned long *out)
{
    unsigned long v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0)
            return -1;
        v = v * 16 + (unsigned long)d;
    }
    *out = v;
    return 0;
}

/* Reads a string at r->p (the opening quote) into buf (cleared first). A NUL (\u0000)
 * is refused. Returns KG_OK, KG_EINVALID or KG_ENOMEM. */
static int read_string(reader *r, kg_buf *buf)
{
    kg_buf__clear(buf);
    if (r->p >= r->end || *r->p != '"')
        return fail(r, "expected a string");
    r->p++;
    while (r->p < r->end && *r->p != '"') {
        unsigned char c = (unsigned char)*r->p;
        if (c < 0x20)
            return fail(r, "a control character in a string");
        if (c != '\\') {
            if (kg_buf__putc(buf, (char)c) != KG_OK)
                return KG_ENOMEM;
            r->p++;
            continue;
        }
        if (r->end - r->p < 2)
            return fail(r, "an unfinished escape");
        char e = r->p[1];
        r->p += 2;
        const char *simple = strchr("\"\\/bfnrt", e);
        if (simple && e) {
            static const char to[] = "\"\\/\b\f\n\r\t";
            if (kg_buf__putc(buf, to[simple - "\"\\/bfnrt"]) != KG_OK)
                return KG_ENOMEM;
            continue;
        }
        unsigned long cp, lo;
        if (e != 'u' || r->end - r->p < 4 || hex4(r->p, &cp) != 0)
            return fail(r, "an invalid escape in a string");
        r->p += 4;
        if (cp >= 0xD800 && cp < 0xDC00) {
            if (r->end - r->p < 6 || r->p[0] != '\\' || r->p[1] != 'u' ||
                hex4(r->p + 2, &lo) != 0 || lo < 0xDC00 || lo > 0xDFFF)
                return fail(r, "an unpaired surrogate in a string");
            r->p += 6;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        } else if ((cp >= 0xDC00 && cp <= 0xDFFF) || cp == 0) {
            return fail(r, "an invalid \\u escape in a string");
        }
        if (put_utf8(buf, cp) != KG_OK)
            return KG_ENOMEM;
    }
    if (r->p >= r->end)
        return fail(r, "an unterminated string");
    r->p++;
    return KG_OK;
}

/* Reads a number (JSON syntax). Returns KG_OK or KG_EINVALID. */
static int read_number(reader *r, double *out)
{
    const char *s = r->p;
    if (s < r->end && *s == '-')
        s++;
    if (s >= r->end || *s < '0' || *s > '9')
        return fail(r, "expected a number");
    if (*s == '0')
        s++;
    else
        while (s < r->end && *s >= '0' && *s <= '9')
            s++;
    if (s < r->end && *s == '.') {
        s++;
        if (s >= r->end || *s < '0' || *s > '9')
            return fail(r, "a malformed number");
        while (s < r->end && *s >= '0' && *s <= '9')
            s++;
    }
    if (s < r->end && (*s == 'e' || *s == 'E')) {
        s++;
        if (s < r->end && (*s == '+' || *s == '-'))
            s++;
        if (s >= r->end || *s < '0' || *s > '9')
            return fail(r, "a malformed number");
        while (s < r->end && *s >= '0' && *s <= '9')
            s++;
    }
    char text[64];
    if ((size_t)(s - r->p) >= sizeof text)
        return fail(r, "a number too long");
    memcpy(text, r->p, (size_t)(s - r->p));
    text[s - r->p] = '\0';
    *out = strtod(text, NULL);
    if (!isfinite(*out) || fabs(*out) > KG_LAYOUT_MAX_COORD)
        return fail(r, "a number out of range (at most 1000000 points either way)");
    r->p = s;
    return KG_OK;
}

/* Skips any JSON value (members this version does not know). */
static int skip_value(reader *r)
{
    skip_space(r);
    if (r->p >= r->end)
        return fail(r, "unexpected end of file");
    if (++r->depth > 64)
        return fail(r, "nested too deeply");
    int rc = KG_OK;
    char c = *r->p;
    if (c == '"') {
        kg_buf b = KG_BUF_INIT;
        rc = read_string(r, &b);
        kg_buf__free(&b);
    } else if (c == '{' || c == '[') {
        char close = c == '{' ? '}' : ']';
        r->p++;
        skip_space(r);
        if (r->p < r->end && *r->p == close) {
            r->p++;
        } else {
            for (;;) {
                if (c == '{') {
                    kg_buf b = KG_BUF_INIT;
                    skip_space(r);
                    rc = read_string(r, &b);
                    kg_buf__free(&b);
                    skip_space(r);
                    if (rc == KG_OK && (r->p >= r->end || *r->p++ != ':'))
                        rc = fail(r, "expected ':'");
                }
                if (rc == KG_OK)
                    rc = skip_value(r);
                if (rc != KG_OK)
                    break;
                skip_space(r);
                if (r->p < r->end && *r->p == ',') {
                    r->p++;
                    continue;
                }
                if (r->p < r->end && *r->p == close) {
                    r->p++;
                    break;
                }
                rc = fail(r, "expected ',' or the end of a list");
                break;
            }
        }
    } else if (r->end - r->p >= 4 && memcmp(r->p, "true", 4) == 0) {
        r->p += 4;
    } else if (r->end - r->p >= 5 && memcmp(r->p, "false", 5) == 0) {
        r->p += 5;
    } else if (r->end - r->p >= 4 && memcmp(r->p, "null", 4) == 0) {
        r->p += 4;
    } else {
        double d;
        rc = read_number(r, &d);
    }
    r->depth--;
    return rc;
}

/* Iterates over the members of an object: call with *first set; returns 1 with the key
 * in key (the reader after the ':'), 0 at the closing brace, or a negative status. */
static int next_member(reader *r, kg_buf *key, int *first)
{
    skip_space(r);
    if (*first) {
        if (r->p >= r->end || *r->p != '{')
            return fail(r, "expected an object");
        r->p++;
        skip_space(r);
        if (r->p < r->end && *r->p == '}') {
            r->p++;
            return 0;
        }
        *first = 0;
    } else {
        if (r->p < r->end && *r->p == '}') {
            r->p++;
            return 0;
        }
        if (r->p >= r->end || *r->p != ',')
            return fail(r, "expected ',' or '}'");
        r->p++;
        skip_space(r);
    }
    int rc = read_string(r, key);
    if (rc != KG_OK)
        return rc;
    skip_space(r);
    if (r->p >= r->end || *r->p != ':')
        return fail(r, "expected ':'");
    r->p++;
    skip_space(r);
    return 1;
}

/* Reads an array of four numbers. */
static int read_box(reader *r, double box[4])
{
    skip_space(r);
    if (r->p >= r->end || *r->p != '[')
        return fail(r, "expected [llx, lly, urx, ury]");
    r->p++;
    for (int i = 0; i < 4; i++) {
        skip_space(r);
        int rc = read_number(r, &box[i]);
        if (rc != KG_OK)
            return rc;
        skip_space(r);
        if (r->p >= r->end || *r->p != (i < 3 ? ',' : ']'))
            return fail(r, "expected [llx, lly, urx, ury]");
        r->p++;
    }
    return KG_OK;
}

/* Reads one node object into the layout. */
static int read_node(reader *r, kg_layout *l, kg_buf *key, kg_buf *text)
{
    int first = 1, m, rc = KG_OK, kind = 0; /* 1 entity, 2 element */
    double v[4] = {0, 0, 0, 0};
    unsigned seen = 0;
    char *id = NULL;
    const char *at = r->p;
    while ((m = next_member(r, key, &first)) == 1) {
        const char *k = kg_buf__str(key);
        static const char *const nums[] = {"x", "y", "width", "height"};
        int num = -1;
        for (int i = 0; i < 4; i++)
            if (strcmp(k, nums[i]) == 0)
                num = i;
        if (num >= 0) {
            if ((rc = read_number(r, &v[num])) != KG_OK)
                break;
            if (num >= 2 && (v[num] < 0 || v[num] > KG_LAYOUT_MAX_SIZE)) {
                rc = fail(r, "a node size below 0 or above 100000 points");
                break;
            }
            seen |= 1u << num;
        } else if (strcmp(k, "entity") == 0 || strcmp(k, "element") == 0) {
            if (kind) {
                rc = fail(r, "a node with two ids");
                break;
            }
            kind = k[1] == 'n' ? 1 : 2;
            if ((rc = read_string(r, text)) != KG_OK)
                break;
            size_t off;
            if (text->len == 0 || kg_text__check(kg_buf__str(text), text->len, &off) != KG_TEXT_OK) {
                rc = fail(r, "an empty or invalid node id");
                break;
            }
            if (!(id = kg__strdup(kg_buf__str(text)))) {
                rc = kg_error__set(KG_ENOMEM, "out of memory reading %s", r->name);
                break;
            }
        } else if ((rc = skip_value(r)) != KG_OK) {
            break;
        }
    }
    if (m < 0)
        rc = m;
    if (rc == KG_OK && (!kind || seen != 15)) {
        r->p = at;
        rc = fail(r, "a node needs \"entity\" or \"element\", \"x\", \"y\", \"width\" and \"height\"");
    }
    if (rc == KG_OK) {
        rc = kg_layout_add(l, kind == 1 ? id : NULL, kind == 2 ? id : NULL, v[0], v[1], v[2], v[3]);
        if (rc == KG_EUSAGE || rc == KG_ELIMIT) {
            char message[512];
            snprintf(message, sizeof message, "%s", kg_last_error());
            r->p = at;
            rc = fail(r, message);
        }
    }
    kg_free(id);
    return rc;
}

/* Reads the "dataset" object. */
static int read_dataset(reader *r, kg_layout *l, kg_buf *key, kg_buf *text)
{
    int first = 1, m, rc = KG_OK;
    while ((m = next_member(r, key, &first)) == 1) {
        const char *k = kg_buf__str(key);
        int name = strcmp(k, "name") == 0, fp = strcmp(k, "fingerprint") == 0;
        if (name || fp) {
            size_t off;
            if ((rc = read_string(r, text)) != KG_OK)
                return rc;
            if (kg_text__check(kg_buf__str(text), text->len, &off) != KG_TEXT_OK)
                return fail(r, "invalid text in the dataset's name");
            if ((rc = set_text(name ? &l->name : &l->fingerprint, kg_buf__str(text))) != KG_OK)
                return rc;
        } else if ((rc = skip_value(r)) != KG_OK) {
            return rc;
        }
    }
    return m < 0 ? m : KG_OK;
}

int kg_layout_parse(kg_layout **out, const char *text, size_t len, const char *name)
{
    *out = NULL;
    reader r = {text, text + len, text, name ? name : "layout", 0};
    size_t off;
    kg_text_problem problem = kg_text__check(text, len, &off);
    if (problem == KG_TEXT_BAD_UTF8 || problem == KG_TEXT_NUL) {
        r.p = text + off;
        return fail(&r, "invalid UTF-8 or a NUL byte");
    }
    kg_layout *l;
    int rc = kg_layout_new(&l);
    if (rc != KG_OK)
        return rc;
    kg_buf key = KG_BUF_INIT, str = KG_BUF_INIT;
    int first = 1, m, have_format = 0, have_nodes = 0;
    double version = -1;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        r.p += 3;
    while ((m = next_member(&r, &key, &first)) == 1) {
        const char *k = kg_buf__str(&key);
        if (strcmp(k, "format") == 0) {
            if ((rc = read_string(&r, &str)) != KG_OK)
                break;
            if (strcmp(kg_buf__str(&str), KG_LAYOUT_FORMAT) != 0) {
                rc = fail(&r, "its format is not \"" KG_LAYOUT_FORMAT "\"");
                break;
            }
            have_format = 1;
        } else if (strcmp(k, "version") == 0) {
            if ((rc = read_number(&r, &version)) != KG_OK)
                break;
            if (version != floor(version) || version < 1) {
                rc = fail(&r, "its version is not a whole number from 1");
                break;
            }
            if (version > KG_LAYOUT_VERSION) {
                rc = kg_error__set(KG_EINVALID, "%s: layout format version %.0f is newer than "
                                  "this kgraph reads (%d): update kgraph, or save the layout "
                                  "again with this one", r.name, version, KG_LAYOUT_VERSION);
                break;
            }
        } else if (strcmp(k, "dataset") == 0) {
            if ((rc = read_dataset(&r, l, &key, &str)) != KG_OK)
                break;
        } else if (strcmp(k, "engine") == 0) {
            if ((rc = read_string(&r, &str)) != KG_OK)
                break;
            if (kg_text__check(kg_buf__str(&str), str.len, &off) != KG_TEXT_OK) {
                rc = fail(&r, "invalid text in the engine's name");
                break;
            }
            if ((rc = set_text(&l->engine, kg_buf__str(&str))) != KG_OK)
                break;
        } else if (strcmp(k, "units") == 0) {
            if ((rc = read_string(&r, &str)) != KG_OK)
                break;
            if (strcmp(kg_buf__str(&str), "points") != 0) {
                rc = fail(&r, "its units are not \"points\"");
                break;
            }
        } else if (strcmp(k, "bb") == 0) {
            if ((rc = read_box(&r, l->bb)) != KG_OK)
                break;
        } else if (strcmp(k, "extent") == 0) {
            if ((rc = read_box(&r, l->extent)) != KG_OK)
                break;
            l->has_extent = 1;
        } else if (strcmp(k, "nodes") == 0) {
            skip_space(&r);
            if (r.p >= r.end || *r.p != '[') {
                rc = fail(&r, "\"nodes\" is not a list");
                break;
            }
            r.p++;
            skip_space(&r);
            if (r.p < r.end && *r.p == ']') {
                r.p++;
            } else {
                for (;;) {
                    if ((rc = read_node(&r, l, &key, &str)) != KG_OK)
                        break;
                    skip_space(&r);
                    if (r.p < r.end && *r.p == ',') {
                        r.p++;
                        continue;
                    }
                    if (r.p < r.end && *r.p == ']') {
                        r.p++;
                        break;
                    }
                    rc = fail(&r, "expected ',' or ']' in \"nodes\"");
                    break;
                }
                if (rc != KG_OK)
                    break;
            }
            have_nodes = 1;
        } else if ((rc = skip_value(&r)) != KG_OK) {
            break;
        }
    }
    if (rc == KG_OK && m < 0)
        rc = m;
    if (rc == KG_OK) {
        skip_space(&r);
        if (r.p != r.end)
            rc = fail(&r, "text after the end of the layout");
        else if (!have_format || version < 0 || !have_nodes)
            rc = fail(&r, "it lacks \"format\", \"version\" or \"nodes\"");
    }
    kg_buf__free(&key);
    kg_buf__free(&str);
    if (rc != KG_OK) {
        kg_layout_free(l);
        return rc;
    }
    *out = l;
    return KG_OK;
}

int kg_layout_read(kg_layout **out, const char *path)
{
    *out = NULL;
    if (!path || strcmp(path, "-") == 0)
        return kg_error__set(KG_EUSAGE, "a layout is read from a file, not standard input");
    FILE *f = fopen(path, "rb");
    if (!f)
        return kg_error__set(KG_EIO, "%s: cannot read the layout: %s", path, strerror(errno));
    kg_buf buf = KG_BUF_INIT;
    char chunk[65536];
    size_t n;
    int rc = KG_OK;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (buf.len + n > KG_LAYOUT_MAX_BYTES) {
            rc = kg_error__set(KG_EINVALID, "%s: larger than a layout file may be (%u MB)", path,
                              KG_LAYOUT_MAX_BYTES >> 20);
            break;
        }
        if (kg_buf__append(&buf, chunk, n) != KG_OK) {
            rc = kg_error__set(KG_ENOMEM, "out of memory reading %s", path);
            break;
        }
    }
    if (rc == KG_OK && ferror(f))
        rc = kg_error__set(KG_EIO, "%s: cannot read the layout: %s", path, strerror(errno));
    fclose(f);
    if (rc == KG_OK)
        rc = kg_layout_parse(out, buf.data ? buf.data : "", buf.len, path);
    kg_buf__free(&buf);
    return rc;
}
