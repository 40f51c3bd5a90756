/* svg.c: post-processing rendered SVG for embedding: fragments, id prefixes, a root class. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kgraph/svg.h"
#include "base/base_internal.h"
#include "graph/graph_internal.h"
#include "legend.h"

/* The ids of one SVG, decoded (character references resolved), sorted for lookup. */
typedef struct id_set {
    char **ids;
    size_t count, cap;
} id_set;

static void id_set_free(id_set *s)
{
    for (size_t i = 0; i < s->count; i++)
        kg_free(s->ids[i]);
    kg_free(s->ids);
    memset(s, 0, sizeof *s);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Appends the UTF-8 encoding of code point cp. Returns KG_OK or KG_ENOMEM. */
static int put_utf8(kg_buf *b, unsigned long cp)
{
    char u[4];
    size_t n;
    if (cp < 0x80) {
        u[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        u[0] = (char)(0xF0 | (cp >> 18));
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    return kg_buf__append(b, u, n);
}

/* Decodes an attribute value's character references (&#45; &#x2d; &amp; &lt; &gt; &quot;
 * &apos;) into b (cleared first), for comparing ids with references to them. Unknown
 * references are kept as written. Returns KG_OK or KG_ENOMEM. */
static int decode_value(kg_buf *b, const char *v, size_t n)
{
    static const struct {
        const char *name;
        char c;
    } named[] = {{"amp;", '&'}, {"lt;", '<'}, {"gt;", '>'}, {"quot;", '"'}, {"apos;", '\''}};
    kg_buf__clear(b);
    for (size_t i = 0; i < n;) {
        if (v[i] == '&') {
            size_t end = i + 1;
            while (end < n && end - i < 12 && v[end] != ';')
                end++;
            if (end < n && v[end] == ';') {
                if (v[i + 1] == '#') {
                    int hex = v[i + 2] == 'x' || v[i + 2] == 'X';
                    char *stop;
                    unsigned long cp = strtoul(v + i + 2 + hex, &stop, hex ? 16 : 10);
                    if (stop == v + end && cp > 0 && cp <= 0x10FFFF) {
                        if (put_utf8(b, cp))
                            return KG_ENOMEM;
                        i = end + 1;
                        continue;
                    }
                } else {
                    size_t k = 0;
                    while (k < sizeof named / sizeof named[0] &&
                           !(strlen(named[k].name) == end - i &&
                             strncmp(named[k].name, v + i + 1, end - i) == 0))
                        k++;
                    if (k < sizeof named / sizeof named[0]) {
                        if (kg_buf__putc(b, named[k].c))
                            return KG_ENOMEM;
                        i = end + 1;
                        continue;
                    }
                }
            }
        }
        if (kg_buf__putc(b, v[i++]))
            return KG_ENOMEM;
    }
    return KG_OK;
}

/* The state of one pass over the SVG. */
typedef struct pass {
    const char *s;
    size_t len;
    const kg_svg_options *opts;
    int collect;       /* pass 1: gather ids into ids; pass 2: write out */
    id_set *ids;
    kg_buf *out;
    kg_buf scratch;
    int seen_root;
} pass;

/* Nonzero when the decoded value v is an id of the SVG. */
static int is_id(pass *p, const char *v, size_t n)
{
    if (decode_value(&p->scratch, v, n))
        return -1;
    const char *key = kg_buf__str(&p->scratch);
    return bsearch(&key, p->ids->ids, p->ids->count, sizeof *p->ids->ids, cmp_str) != NULL;
}

/* Writes an attribute value (raw, as in the input) with the references to ids prefixed.
 * is_href: the whole value is a link. Returns KG_OK or KG_ENOMEM. */
static int write_value(pass *p, const char *v, size_t n, int is_href)
{
    const char *prefix = p->opts->id_prefix;
    if (is_href && n > 1 && v[0] == '#') {
        int known = is_id(p, v + 1, n - 1);
        if (known < 0)
            return KG_ENOMEM;
        if (known)
            return kg_buf__putc(p->out, '#') || kg_buf__puts(p->out, prefix) ||
                           kg_buf__append(p->out, v + 1, n - 1)
                       ? KG_ENOMEM
                       : KG_OK;
        return kg_buf__append(p->out, v, n);
    }
    /* url(#X) anywhere in the value */
    size_t i = 0;
    while (i < n) {
        const char *u = NULL;
        for (size_t k = i; k + 5 <= n; k++)
            if (memcmp(v + k, "url(#", 5) == 0) {
                u = v + k;
                break;
            }
        if (!u)
            break;
        size_t start = (size_t)(u - v) + 5, end = start;
        while (end < n && v[end] != ')')
            end++;
        if (kg_buf__append(p->out, v + i, start - i))
            return KG_ENOMEM;
        int known = end < n ? is_id(p, v + start, end - start) : 0;
        if (known < 0 || (known && kg_buf__puts(p->out, prefix)))
            return KG_ENOMEM;
        i = start;
    }
    return kg_buf__append(p->out, v + i, n - i);
}

/* Handles one start tag s[at..] (at points at '<'); returns the index after it, 0 when
 * it is not a well-formed tag, or (size_t)-1 out of memory. */
static size_t start_tag(pass *p, size_t at)
{
    const char *s = p->s;
    size_t i = at + 1, n = p->len;
    while (i < n && !strchr(" \t\r\n/>", s[i]))
        i++;
    int root = !p->seen_root && i - at - 1 == 3 && memcmp(s + at + 1, "svg", 3) == 0;
    if (root)
        p->seen_root = 1;
    if (!p->collect && kg_buf__append(p->out, s + at, i - at))
        return (size_t)-1;
    if (root && !p->collect && p->opts->root_class && p->opts->root_class[0] &&
        (kg_buf__puts(p->out, " class=\"") || kg_buf__puts(p->out, p->opts->root_class) ||
         kg_buf__putc(p->out, '"')))
        return (size_t)-1;
    for (;;) {
        size_t ws = i;
        while (i < n && strchr(" \t\r\n", s[i]))
            i++;
        if (i >= n)
            return 0;
        if (s[i] == '>' || (s[i] == '/' && i + 1 < n && s[i + 1] == '>')) {
            size_t end = i + (s[i] == '/' ? 2 : 1);
            if (!p->collect && kg_buf__append(p->out, s + ws, end - ws))
                return (size_t)-1;
            return end;
        }
        size_t name = i;
        while (i < n && s[i] != '=' && !strchr(" \t\r\n>", s[i]))
            i++;
        size_t name_len = i - name;
        if (i >= n || s[i] != '=' || i + 1 >= n || (s[i + 1] != '"' && s[i + 1] != '\''))
            return 0;
        char quote = s[i + 1];
        size_t value = i + 2, end = value;
        while (end < n && s[end] != quote)
            end++;
        if (end >= n)
            return 0;
        i = end + 1;
        const char *nm = s + name;
#define NAME_IS(lit) (name_len == sizeof(lit) - 1 && memcmp(nm, lit, name_len) == 0)
        int is_id_attr = NAME_IS("id");
        if (p->collect) {
            if (is_id_attr) {
                if (decode_value(&p->scratch, s + value, end - value) ||
                    kg_array__grow(&p->ids->ids, &p->ids->cap, p->ids->count, sizeof(char *)) ||
                    !(p->ids->ids[p->ids->count] = kg__strdup(kg_buf__str(&p->scratch))))
                    return (size_t)-1;
                p->ids->count++;
            }
            continue;
        }
        if (root && p->opts->fragment && (NAME_IS("width") || NAME_IS("height")))
            continue; /* the attribute and the white space before it go */
        if (root && p->opts->root_class && p->opts->root_class[0] && NAME_IS("class"))
            continue; /* replaced by ours */
        if (kg_buf__append(p->out, s + ws, value - ws))
            return (size_t)-1;
        int rc;
        if (!p->opts->id_prefix || !p->opts->id_prefix[0])
            rc = kg_buf__append(p->out, s + value, end - value);
        else if (is_id_attr)
            rc = kg_buf__puts(p->out, p->opts->id_prefix) ||
                 kg_buf__append(p->out, s + value, end - value);
        else
            rc = write_value(p, s + value, end - value, NAME_IS("href") || NAME_IS("xlink:href"));
#undef NAME_IS
        if (rc || kg_buf__putc(p->out, quote))
            return (size_t)-1;
    }
}

/* Finds lit in s[from..n); returns its index or n. */
static size_t find(const char *s, size_t n, size_t from, const char *lit)
{
    size_t l = strlen(lit);
    for (size_t i = from; i + l <= n; i++)
        if (memcmp(s + i, lit, l) == 0)
            return i;
    return n;
}

/* One pass over the SVG. Returns KG_OK, KG_ENOMEM, or KG_EUSAGE for input it cannot read. */
static int run_pass(pass *p)
{
    const char *s = p->s;
    size_t n = p->len, i = 0;
    while (i < n) {
        size_t skip_to = 0, keep = 0;
        if (s[i] != '<') {
            size_t next = i;
            while (next < n && s[next] != '<')
                next++;
            /* text before the root (white space between prolog items) goes in a fragment */
            if (!p->collect && !(p->opts->fragment && !p->seen_root) &&
                kg_buf__append(p->out, s + i, next - i))
                return KG_ENOMEM;
            i = next;
            continue;
        }
        if (i + 4 <= n && memcmp(s + i, "<!--", 4) == 0) {
            skip_to = find(s, n, i + 4, "-->") + 3;
            keep = !p->opts->fragment;
        } else if (i + 2 <= n && memcmp(s + i, "<?", 2) == 0) {
            skip_to = find(s, n, i + 2, "?>") + 2;
            keep = !p->opts->fragment;
        } else if (i + 2 <= n && memcmp(s + i, "<!", 2) == 0) {
            skip_to = find(s, n, i + 2, ">") + 1; /* DOCTYPE: no internal subset from Graphviz */
            keep = !p->opts->fragment;
        } else if (i + 1 < n && s[i + 1] == '/') {
            skip_to = find(s, n, i + 2, ">") + 1;
            keep = 1;
        }
        if (skip_to) {
            if (skip_to > n)
                return kg_error__set(KG_EUSAGE, "the SVG ends inside markup");
            if (!p->collect && keep && kg_buf__append(p->out, s + i, skip_to - i))
                return KG_ENOMEM;
            if (!keep && p->opts->fragment && skip_to < n && s[skip_to] == '\n')
                skip_to++; /* the line the comment was on */
            i = skip_to;
            continue;
        }
        size_t end = start_tag(p, i);
        if (end == (size_t)-1)
            return KG_ENOMEM;
        if (end == 0)
            return kg_error__set(KG_EUSAGE, "the SVG has a tag kgraph cannot read");
        i = end;
    }
    if (!p->seen_root)
        return kg_error__set(KG_EUSAGE, "no <svg> element in the input");
    return KG_OK;
}

/* Nonzero when text is a valid prefix (words allowed when spaces is set). */
static int name_valid(const char *text, int spaces)
{
    if (!((text[0] >= 'a' && text[0] <= 'z') || (text[0] >= 'A' && text[0] <= 'Z')))
        return 0;
    for (const char *c = text; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
              *c == '-' || *c == '_' || *c == '.' || (spaces && *c == ' ')))
            return 0;
    return 1;
}

int kg_svg_embed(char **out, size_t *out_len, const char *svg, size_t len,
                 const kg_svg_options *opts)
{
    int rc = KG_OK;
    kg_svg_options none = {0, NULL, NULL};
    kg_buf result = KG_BUF_INIT;
    id_set ids = {NULL, 0, 0};
    pass p;

    *out = NULL;
    if (out_len)
        *out_len = 0;
    if (!opts)
        opts = &none;
    if (opts->id_prefix && opts->id_prefix[0] && !name_valid(opts->id_prefix, 0))
        return kg_error__set(KG_EUSAGE, "invalid id prefix '%s' (a letter, then letters, "
                            "digits, '-', '_' or '.')", opts->id_prefix);
    if (opts->root_class && opts->root_class[0] && !name_valid(opts->root_class, 1))
        return kg_error__set(KG_EUSAGE, "invalid class '%s'", opts->root_class);

    memset(&p, 0, sizeof p);
    p.s = svg;
    p.len = len;
    p.opts = opts;
    p.ids = &ids;
    p.out = &result;
    if (opts->id_prefix && opts->id_prefix[0]) {
        p.collect = 1;
        if ((rc = run_pass(&p)) != KG_OK)
            goto cleanup;
        if (ids.count)
            qsort(ids.ids, ids.count, sizeof *ids.ids, cmp_str);
        p.collect = 0;
        p.seen_root = 0;
    }
    if ((rc = kg_buf__reserve(&result, len)) != KG_OK || (rc = run_pass(&p)) != KG_OK)
        goto cleanup;
    if (out_len)
        *out_len = result.len;
    *out = result.data ? result.data : kg__strdup("");
    result.data = NULL;
    if (!*out)
        rc = KG_ENOMEM;

cleanup:
    if (rc == KG_ENOMEM)
        kg_error__set(rc, "out of memory preparing the SVG");
    kg_buf__free(&result);
    kg_buf__free(&p.scratch);
    id_set_free(&ids);
    return rc;
}

int kg_svg_viewbox_size(const char *svg, size_t len, double *width, double *height)
{
    size_t at = find(svg, len, 0, "<svg");
    size_t end = find(svg, len, at, ">");
    size_t vb = find(svg, end, at, "viewBox=\"");
    if (vb >= end)
        return kg_error__set(KG_EUSAGE, "the SVG has no viewBox");
    const char *p = svg + vb + 9;
    char *stop;
    double v[4];
    for (int k = 0; k < 4; k++) {
        v[k] = strtod(p, &stop);
        if (stop == p)
            return kg_error__set(KG_EUSAGE, "the SVG's viewBox is not four numbers");
        p = stop;
        while (*p == ' ' || *p == ',')
            p++;
    }
    *width = v[2];
    *height = v[3];
    return KG_OK;
}

/* ---- the legend as one group, the width asked for (render.c) ---------------------- */

/* Nonzero when the start tag at s (a "<g ...>") has an id starting with "legend". */
static int legend_group(const char *s, const char *end)
{
    const char *close = memchr(s, '>', (size_t)(end - s));
    const char *id = close ? strstr(s, " id=\"") : NULL;
    return id && id < close && strncmp(id + 5, "legend", 6) == 0;
}

int kg_svg__gather_legend(char **out, size_t *out_len, const char *svg, size_t len)
{
    kg_buf body = KG_BUF_INIT, legend = KG_BUF_INIT;
    const char *s = svg, *end = svg + len, *copied = svg;
    int depth = 0, rc = KG_OK;
    const char *closing = NULL; /* the "</g>" that closes the graph's group */
    *out = NULL;
    *out_len = 0;
    while (s < end && rc == KG_OK) {
        const char *lt = memchr(s, '<', (size_t)(end - s));
        if (!lt)
            break;
        if (end - lt >= 4 && memcmp(lt, "</g>", 4) == 0) {
            if (--depth == 0)
                closing = lt;
            s = lt + 4;
            continue;
        }
        if (end - lt >= 3 && memcmp(lt, "<g ", 3) == 0) {
            if (depth == 1 && legend_group(lt, end)) {
                /* the element, with the comment Graphviz writes just before it */
                const char *from = lt;
                if (from - copied >= 4 && memcmp(from - 4, "-->\n", 4) == 0) {
                    const char *c = from - 4;
                    while (c > copied && !(c[0] == '<' && c[1] == '!'))
                        c--;
                    if (c[0] == '<' && c[1] == '!')
                        from = c;
                }
                int d = 0;
                const char *p = lt;
                while (p < end) {
                    const char *q = memchr(p, '<', (size_t)(end - p));
                    if (!q)
                        break;
                    if (end - q >= 3 && memcmp(q, "<g ", 3) == 0)
                        d++;
                    else if (end - q >= 4 && memcmp(q, "</g>", 4) == 0 && --d == 0) {
                        p = q + 4;
                        break;
                    }
                    p = q + 1;
                }
                if (p < end && *p == '\n')
                    p++;
                if (kg_buf__append(&body, copied, (size_t)(from - copied)) ||
                    kg_buf__append(&legend, from, (size_t)(p - from)))
                    rc = KG_ENOMEM;
                copied = s = p;
                continue;
            }
            depth++;
            s = lt + 3;
            continue;
        }
        s = lt + 1;
    }
    if (rc == KG_OK && (!closing || closing < copied))
        rc = kg_error__set(KG_EGRAPHVIZ, "unexpected SVG from Graphviz: no graph group");
    if (rc == KG_OK &&
        (kg_buf__append(&body, copied, (size_t)(closing - copied)) ||
         (legend.len && (kg_buf__puts(&body, "<g id=\"legend\" class=\"legend\">\n") ||
                         kg_buf__append(&body, legend.data, legend.len) ||
                         kg_buf__puts(&body, "</g>\n"))) ||
         kg_buf__append(&body, closing, (size_t)(end - closing))))
        rc = KG_ENOMEM;
    kg_buf__free(&legend);
    if (rc != KG_OK) {
        kg_buf__free(&body);
        return rc == KG_ENOMEM ? kg_error__set(rc, "out of memory preparing the SVG") : rc;
    }
    *out_len = body.len;
    *out = body.data;
    return KG_OK;
}

int kg_svg__set_width(char **out, size_t *out_len, const char *svg, size_t len, unsigned width)
{
    size_t at = find(svg, len, 0, "<svg");
    size_t end = find(svg, len, at, ">");
    size_t w = find(svg, end, at, " width=\""), h = find(svg, end, at, " height=\"");
    double vw = 0, vh = 0;
    *out = NULL;
    *out_len = 0;
    if (w >= end || h >= end || kg_svg_viewbox_size(svg, len, &vw, &vh) != KG_OK || vw <= 0)
        return kg_error__set(KG_EGRAPHVIZ, "unexpected SVG from Graphviz: no size");
    size_t w_end = find(svg, end, w + 8, "\"") + 1, h_end = find(svg, end, h + 9, "\"") + 1;
    kg_buf b = KG_BUF_INIT;
    size_t first = w < h ? w : h, first_end = w < h ? w_end : h_end;
    size_t second = w < h ? h : w, second_end = w < h ? h_end : w_end;
    char wtext[48], htext[48];
    snprintf(wtext, sizeof wtext, " width=\"%upx\"", width);
    snprintf(htext, sizeof htext, " height=\"%.0fpx\"", vh * width / vw);
    if (kg_buf__append(&b, svg, first) || kg_buf__puts(&b, w < h ? wtext : htext) ||
        kg_buf__append(&b, svg + first_end, second - first_end) ||
        kg_buf__puts(&b, w < h ? htext : wtext) ||
        kg_buf__append(&b, svg + second_end, len - second_end)) {
        kg_buf__free(&b);
        return kg_error__set(KG_ENOMEM, "out of memory preparing the SVG");
    }
    *out = b.data;
    *out_len = b.len;
    return KG_OK;
}
