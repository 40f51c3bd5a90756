/* corpus.c: verifying quotes against the corpus documents they cite, and entity coverage. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/base_internal.h"
#include "dataset/dataset_internal.h"
#include "kgraph/corpus.h"

#define MAX_DOCUMENT_BYTES ((size_t)64 << 20) /* offsets are kept in 32 bits */
#define SHOWN_BYTES 200                        /* longest quote or passage shown in a message */
#define GRAM 3                                 /* closest passages compare trigrams */
#define GRAM_BITS 16
#define GRAM_BUCKETS ((size_t)1 << GRAM_BITS)

/* ---- normalisation ---------------------------------------------------------------------- */

/* A normalised text; off[k] is the byte offset in the original of the unit that produced
 * byte k (off has len + 1 entries, off[len] = original length) when off is wanted. */
typedef struct normtext {
    char *text;
    uint32_t *off;
    size_t len, cap, off_cap;
} normtext;

/* What a code point becomes. */
enum { CP_KEEP, CP_SPACE, CP_DROP, CP_REPLACE };

/* Decodes the well-formed UTF-8 sequence at s[0..n): returns its length and the code
 * point in *cp, or 0 when malformed (overlong, surrogate, beyond U+10FFFF, truncated). */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned char c = s[0];
    size_t len;
    uint32_t v;
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        v = c & 0x1Fu;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        v = c & 0x0Fu;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        v = c & 0x07u;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = v << 6 | (s[i] & 0x3Fu);
    }
    if ((len == 3 && v < 0x800) || (len == 4 && (v < 0x10000 || v > 0x10FFFF)) ||
        (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return len;
}

/* Value of a hex digit, or -1. */
static int hex_value(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decodes a spelled-out UTF-8 sequence ("xe2x80x99") at s[0..n): returns the number of
 * characters it spans and its code point in *cp, or 0 when there is none. */
static size_t spelled_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned char bytes[4];
    size_t count = 0;
    while (count < 4 && 3 * count + 3 <= n) {
        const unsigned char *g = s + 3 * count;
        int hi, lo;
        if ((g[0] != 'x' && g[0] != 'X') || (hi = hex_value(g[1])) < 0 || (lo = hex_value(g[2])) < 0)
            break;
        bytes[count++] = (unsigned char)(hi << 4 | lo);
    }
    if (count < 2 || bytes[0] < 0x80)
        return 0; /* a lone "xHH" is ordinary text ("x86"); so is ASCII ("x41") */
    size_t len = utf8_decode(bytes, count, cp);
    return len ? 3 * len : 0;
}

/* Classifies code point cp; for CP_REPLACE, *repl is its ASCII replacement. */
static int classify(uint32_t cp, const char **repl)
{
    switch (cp) {
    case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032:
        *repl = "'";
        return CP_REPLACE;
    case 0x201C: case 0x201D: case 0x201E: case 0x2033:
        *repl = "\"";
        return CP_REPLACE;
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015: case 0x2212:
        *repl = "-";
        return CP_REPLACE;
    case 0x2026:
        *repl = "...";
        return CP_REPLACE;
    case ' ': case '\t': case '\n': case '\r': case '\v': case '\f':
    case 0xA0: case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000:
        return CP_SPACE;
    case 0xAD: case 0x200B: case 0x200C: case 0x200D: case 0xFEFF:
        return CP_DROP;
    default:
        return cp >= 0x2000 && cp <= 0x200A ? CP_SPACE : CP_KEEP;
    }
}

/* Appends byte c produced by the unit at original offset at. Room was reserved. */
static void put(normtext *t, char c, size_t at, unsigned flags)
{
    if ((flags & KG_NORMALIZE_FOLD_CASE) && c >= 'A' && c <= 'Z')
        c = (char)(c - 'A' + 'a');
    if (t->off)
        t->off[t->len] = (uint32_t)at;
    t->text[t->len++] = c;
}

/* Normalises s[0..n) into t, reusing its buffers; with_offsets also fills t->off (n must
 * then be below 4 GiB). Returns 0, or -1 when out of memory (t keeps valid buffers). */
static int normalize_into(normtext *t, const char *s, size_t n, unsigned flags, int with_offsets)
{
    const unsigned char *u = (const unsigned char *)s;
    int pending_space = 0;
    size_t space_at = 0;
    if (n + 1 > t->cap) {
        char *p = kg__realloc(t->text, n + 1);
        if (!p)
            return -1;
        t->text = p;
        t->cap = n + 1;
    }
    if (with_offsets && n + 1 > t->off_cap) {
        uint32_t *o = kg__reallocarray(t->off, n + 1, sizeof *o);
        if (!o)
            return -1;
        t->off = o;
        t->off_cap = n + 1;
    }
    if (!with_offsets) {
        kg_free(t->off);
        t->off = NULL;
        t->off_cap = 0;
    }
    t->len = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t span = 0;
        if (u[i] == 'x' || u[i] == 'X')
            span = spelled_decode(u + i, n - i, &cp);
        if (!span)
            span = utf8_decode(u + i, n - i, &cp);
        if (!span) { /* a malformed byte: kept as is */
            if (pending_space)
                put(t, ' ', space_at, flags);
            pending_space = 0;
            put(t, (char)u[i], i, flags);
            i++;
            continue;
        }
        const char *repl = NULL;
        int kind = classify(cp, &repl);
        if (kind == CP_SPACE) {
            if (!pending_space && t->len > 0) {
                pending_space = 1;
                space_at = i;
            }
        } else if (kind != CP_DROP) {
            if (pending_space)
                put(t, ' ', space_at, flags);
            pending_space = 0;
            if (kind == CP_REPLACE) {
                for (; *repl; repl++)
                    put(t, *repl, i, flags);
            } else if (cp < 0x80) {
                put(t, (char)cp, i, flags);
            } else { /* re-encode: the unit may have been spelled out */
                unsigned char enc[4];
                size_t k = cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
                enc[0] = (unsigned char)(k == 2 ? 0xC0 | cp >> 6 : k == 3 ? 0xE0 | cp >> 12 : 0xF0 | cp >> 18);
                for (size_t j = 1; j < k; j++)
                    enc[j] = (unsigned char)(0x80 | ((cp >> (6 * (k - 1 - j))) & 0x3F));
                for (size_t j = 0; j < k; j++)
                    put(t, (char)enc[j], i, flags);
            }
        }
        i += span;
    }
    if (t->off)
        t->off[t->len] = (uint32_t)n;
    t->text[t->len] = '\0';
    return 0;
}

static void normtext_free(normtext *t)
{
    kg_free(t->text);
    kg_free(t->off);
    memset(t, 0, sizeof *t);
}

int kg_corpus_normalize(char **out, size_t *out_len, const char *text, size_t len, unsigned flags)
{
    normtext t = {0};
    *out = NULL;
    if (normalize_into(&t, text ? text : "", text ? len : 0, flags, 0) != 0) {
        normtext_free(&t);
        return kg_error__set(KG_ENOMEM, "out of memory");
    }
    *out = t.text;
    if (out_len)
        *out_len = t.len;
    return KG_OK;
}

/* ---- searching -------------------------------------------------------------------------- */

/* A needle prepared for Boyer-Moore-Horspool search. */
typedef struct finder {
    const char *needle;
    size_t len;
    size_t skip[256];
} finder;

/* Prepares f to search for needle[0..len), len > 0; needle must outlive f. */
static void finder_init(finder *f, const char *needle, size_t len)
{
    f->needle = needle;
    f->len = len;
    for (size_t i = 0; i < 256; i++)
        f->skip[i] = len;
    for (size_t i = 0; i + 1 < len; i++)
        f->skip[(unsigned char)needle[i]] = len - 1 - i;
}

/* Position of the first occurrence of f's needle in hay[from..n), or KG_NONE. */
static size_t finder_find(const finder *f, const char *hay, size_t n, size_t from)
{
    size_t m = f->len;
    if (m > n)
        return KG_NONE;
    for (size_t pos = from; pos <= n - m;) {
        unsigned char last = (unsigned char)hay[pos + m - 1];
        if (last == (unsigned char)f->needle[m - 1] && memcmp(hay + pos, f->needle, m - 1) == 0)
            return pos;
        pos += f->skip[last];
    }
    return KG_NONE;
}

/* Nonzero for a byte that belongs to a word: ASCII letters and digits, and any byte of a
 * non-ASCII character. */
static int word_byte(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

/* Nonzero when f's needle occurs in hay[0..n) as whole words: not preceded or followed by
 * a word byte where the needle itself starts or ends with one. */
static int finder_has_word(const finder *f, const char *hay, size_t n)
{
    int word_start = word_byte((unsigned char)f->needle[0]);
    int word_end = word_byte((unsigned char)f->needle[f->len - 1]);
    for (size_t pos = finder_find(f, hay, n, 0); pos != KG_NONE;
         pos = finder_find(f, hay, n, pos + 1)) {
        size_t end = pos + f->len;
        if (word_start && pos > 0 && word_byte((unsigned char)hay[pos - 1]))
            continue;
        if (word_end && end < n && word_byte((unsigned char)hay[end]))
            continue;
        return 1;
    }
    return 0;
}

/* ---- the check ---------------------------------------------------------------------------- */

struct kg_corpus_report {
    kg_corpus_totals totals;
    size_t citation_count, entity_count;
    unsigned char *quote_status;  /* per citation: a kg_quote_status */
    size_t *mention_start;        /* per entity + 1: start of its run in mentions */
    size_t *mentions;             /* source indexes, entity by entity */
    size_t mention_count, mention_cap;
    unsigned char *unrelated;     /* per entity */
};

/* One distinct file of the corpus, shared by the sources naming it. */
typedef struct document {
    const char *file;   /* as in sources.csv (owned by the dataset) */
    char *path;         /* corpus_dir/file */
    char *raw;          /* the text as read */
    size_t raw_len;
    normtext exact;     /* normalised with offsets, for quotes */
    normtext folded;    /* normalised and case folded, for coverage (made on first use) */
    int state;          /* 0 not read yet, 1 read, -1 unusable */
    int err;            /* why unusable: an errno value, -1 not a regular file, -2 a link */
} document;

typedef struct checker {
    const kg_dataset *ds;
    const char *dir;
    unsigned flags;
    kg_diagnostics *diags;
    kg_corpus_report *r;
    document *docs;
    size_t doc_count;
    size_t *source_doc;      /* per source: its document, or KG_NONE */
    normtext quote;          /* scratch: the normalised quote */
    uint32_t *qgram, *wgram; /* trigram counters for closest passages, all 0 between uses */
} checker;

/* Adds a diagnostic and counts it in the report. Returns 0, or -1 when out of memory. */
static int report_diag(checker *c, kg_severity severity, const char *file, unsigned long line,
                       const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

static int report_diag(checker *c, kg_severity severity, const char *file, unsigned long line,
                       const char *fmt, ...)
{
    va_list ap;
    char small[512], *message = small;
    int rc = -1;
    va_start(ap, fmt);
    int len = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (len < 0)
        goto done;
    if ((size_t)len >= sizeof small) {
        if (!(message = kg__malloc((size_t)len + 1)))
            goto done;
        va_start(ap, fmt);
        vsnprintf(message, (size_t)len + 1, fmt, ap);
        va_end(ap);
    }
    if (severity == KG_SEVERITY_ERROR)
        c->r->totals.errors++;
    else if (severity == KG_SEVERITY_WARNING)
        c->r->totals.warnings++;
    rc = kg_diagnostics_add(c->diags, severity, file, line, "%s", message) == KG_OK ? 0 : -1;
done:
    if (message != small)
        kg_free(message);
    return rc;
}

/* Nonzero for a code point that may change how a terminal shows the text around it: C1
 * controls (U+0080..U+009F, e.g. U+009B, an 8-bit CSI) and the bidirectional controls
 * (U+061C, U+200E, U+200F, U+202A..U+202E, U+2066..U+2069). */
static int unsafe_to_show(uint32_t cp)
{
    return (cp >= 0x80 && cp <= 0x9F) || cp == 0x61C || cp == 0x200E || cp == 0x200F ||
           (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

/* A copy of s[0..n) fit for a one-line message on a terminal: C0 controls, DEL and white
 * space runs become one space, the ends are trimmed; C1 and bidirectional controls are
 * shown as \uXXXX and bytes that are not well-formed UTF-8 as \xNN (documents are not
 * checked as CSV data is, and a raw U+009B or U+202E would steer the terminal); beyond
 * SHOWN_BYTES it is cut at a character boundary and ends with "...". NULL when out of
 * memory; free with kg_free. */
static char *shown(const char *s, size_t n)
{
    char *out = kg__malloc(SHOWN_BYTES + 4);
    const unsigned char *u = (const unsigned char *)s;
    size_t len = 0;
    int space = 0;
    if (!out)
        return NULL;
    for (size_t i = 0; i < n;) {
        unsigned char ch = u[i];
        if (ch <= ' ' || ch == 0x7F) {
            space = len > 0;
            i++;
            continue;
        }
        char esc[8];
        const char *unit = s + i;
        size_t unit_len = 1;
        uint32_t cp = ch;
        if (ch >= 0x80) {
            unit_len = utf8_decode(u + i, n - i, &cp);
            if (!unit_len) {
                snprintf(esc, sizeof esc, "\\x%02X", ch);
                unit = esc;
                unit_len = 4;
            } else if (unsafe_to_show(cp)) {
                i += unit_len - 1; /* the escape replaces the whole character */
                snprintf(esc, sizeof esc, "\\u%04X", (unsigned)cp);
                unit = esc;
                unit_len = 6;
            } else {
                i += unit_len - 1;
            }
        }
        i++;
        if (len + (size_t)space + unit_len > SHOWN_BYTES) { /* whole characters only */
            memcpy(out + len, "...", 3);
            len += 3;
            break;
        }
        if (space)
            out[len++] = ' ';
        space = 0;
        memcpy(out + len, unit, unit_len);
        len += unit_len;
    }
    out[len] = '\0';
    return out;
}

/* Bucket (of GRAM_BUCKETS) of the case-folded GRAM bytes at t[p]. */
static unsigned gram(const char *t, size_t p)
{
    uint32_t h = 0;
    for (size_t k = 0; k < GRAM; k++) {
        unsigned ch = (unsigned char)t[p + k];
        if (ch >= 'A' && ch <= 'Z')
            ch += 'a' - 'A';
        h = h << 8 | ch;
    }
    return (unsigned)((h * 2654435761u) >> (32 - GRAM_BITS));
}

/* Finds the passage of doc most like the quote q[0..qn): the window, a quarter longer than
 * the quote, sharing the most trigrams with it (case-insensitively; the first on ties),
 * trimmed to its first and last shared trigram (but kept as long as the quote) and widened
 * to whole words. Sets
 * [*start, *end) to that passage in the ORIGINAL text. O(doc + quote). */
static void closest_passage(checker *c, const normtext *doc, const char *q, size_t qn,
                            size_t *start, size_t *end)
{
    size_t n = doc->len, w = qn + qn / 4 + 2, s = 0, e;
    if (w > n)
        w = n;
    e = qn < n ? qn : n;
    if (qn >= GRAM && w >= GRAM) {
        size_t overlap = 0, best = 0, best_at = 0;
        for (size_t p = 0; p + GRAM <= qn; p++)
            c->qgram[gram(q, p)]++;
        for (size_t p = 0; p + GRAM <= w; p++) {
            unsigned g = gram(doc->text, p);
            if (c->wgram[g]++ < c->qgram[g])
                overlap++;
        }
        best = overlap;
        for (size_t a = 1; a + w <= n; a++) {
            unsigned out = gram(doc->text, a - 1), in = gram(doc->text, a + w - GRAM);
            if (--c->wgram[out] < c->qgram[out])
                overlap--;
            if (c->wgram[in]++ < c->qgram[in])
                overlap++;
            if (overlap > best) {
                best = overlap;
                best_at = a;
            }
        }
        s = best_at;
        e = best_at + (qn < w ? qn : w);
        if (best) { /* trim to the shared trigrams */
            size_t first = best_at, last = best_at + w - GRAM;
            while (!c->qgram[gram(doc->text, first)])
                first++;
            while (!c->qgram[gram(doc->text, last)])
                last--;
            s = first;
            e = last + GRAM;
            if (e < s + qn) /* show at least as much as the quote */
                e = s + qn < n ? s + qn : n;
        }
        for (size_t p = n - w; p + GRAM <= n; p++) /* only the last window's counts are left */
            c->wgram[gram(doc->text, p)] = 0;
        for (size_t p = 0; p + GRAM <= qn; p++)
            c->qgram[gram(q, p)] = 0;
    }
    for (int k = 0; k < 40 && s > 0 && doc->text[s - 1] != ' '; k++)
        s--;
    if (e > s && doc->text[e - 1] != ' ') /* ends inside a word: finish it */
        for (int k = 0; k < 40 && e < n && doc->text[e] != ' '; k++)
            e++;
    *start = doc->off[s];
    *end = doc->off[e];
}

/* Nonzero when a sources.csv file name stays inside the corpus directory. */
static int plain_file_name(const char *name)
{
    return name[0] && !strchr(name, '/') && strcmp(name, ".") != 0 && strcmp(name, "..") != 0;
}

/* Reads and normalises document d. Returns 0 (d->state is 1, or -1 with d->err set when
 * the file is unusable), or -1 when out of memory. */
static int read_document(document *d)
{
    struct stat st;
    int fd = -1, rc = 0;
    size_t cap = 0;
    d->state = -1;
    /* O_NOFOLLOW: a symbolic link is refused, wherever it points (inside the corpus or
     * out of it); O_NONBLOCK: opening a FIFO does not wait for a writer */
    fd = open(d->path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        d->err = errno == ELOOP ? -2 : errno;
        goto done;
    }
    if (fstat(fd, &st) != 0) {
        d->err = errno;
        goto done;
    }
    if (!S_ISREG(st.st_mode)) {
        d->err = S_ISDIR(st.st_mode) ? EISDIR : -1;
        goto done;
    }
    if ((uintmax_t)st.st_size > MAX_DOCUMENT_BYTES) {
        d->err = EFBIG;
        goto done;
    }
    cap = (size_t)st.st_size + 1;
    if (!(d->raw = kg__malloc(cap))) {
        rc = -1;
        goto done;
    }
    for (;;) {
        if (d->raw_len == cap) { /* the file grew while being read */
            if (cap > MAX_DOCUMENT_BYTES) {
                d->err = EFBIG;
                goto done;
            }
            char *p = kg__realloc(d->raw, cap * 2);
            if (!p) {
                rc = -1;
                goto done;
            }
            d->raw = p;
            cap *= 2;
        }
        ssize_t got = read(fd, d->raw + d->raw_len, cap - d->raw_len);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            d->err = errno;
            goto done;
        }
        if (got == 0)
            break;
        d->raw_len += (size_t)got;
    }
    if (d->raw_len > MAX_DOCUMENT_BYTES) {
        d->err = EFBIG;
        goto done;
    }
    if (normalize_into(&d->exact, d->raw, d->raw_len, 0, 1) != 0) {
        rc = -1;
        goto done;
    }
    d->state = 1;
done:
    if (fd >= 0)
        close(fd);
    return rc;
}

/* Why document d is unusable, for a message. */
static const char *document_problem(const document *d)
{
    if (d->err == -1)
        return "not a regular file (devices, FIFOs and sockets are not read)";
    if (d->err == -2)
        return "a symbolic link (the corpus reader opens only regular files inside the corpus "
               "directory, never through a link)";
    if (d->err == EFBIG)
        return "larger than 64 MiB";
    return strerror(d->err);
}

/* Orders (file, source) pairs by file name, then source index. */
typedef struct named_source {
    const char *file;
    size_t source;
} named_source;

static int compare_named(const void *a, const void *b)
{
    const named_source *x = a, *y = b;
    int cmp = strcmp(x->file, y->file);
    if (cmp)
        return cmp;
    return x->source < y->source ? -1 : x->source > y->source;
}

/* Maps every source with a safe file name to a document (one per distinct name; on entry
 * c->source_doc holds KG_NONE for every source), reads the documents and reports the
 * sources whose file is empty, unsafe or unusable. Returns 0, or -1 when out of memory. */
static int open_documents(checker *c)
{
    const kg_dataset *ds = c->ds;
    const char *sources_csv = kg_dataset_file_name(ds, KG_FILE_SOURCES);
    size_t count = kg_dataset_source_count(ds), named = 0;
    named_source *order = NULL;
    int rc = -1;
    if (!(order = kg__calloc(count, sizeof *order)) ||
        !(c->docs = kg__calloc(count, sizeof *c->docs)))
        goto done;
    for (size_t i = 0; i < count; i++) {
        const kg_source *s = kg_dataset_source(ds, i);
        if (!s->file[0]) {
            c->r->totals.bad_sources++;
            if (report_diag(c, KG_SEVERITY_ERROR, sources_csv, s->line,
                            "source '%s' names no file: its quotes cannot be checked", s->id))
                goto done;
        } else if (!plain_file_name(s->file)) {
            c->r->totals.bad_sources++;
            if (report_diag(c, KG_SEVERITY_ERROR, sources_csv, s->line,
                            "source '%s': file '%s' is not a plain file name in the corpus "
                            "directory (no '/', '.' or '..')", s->id, s->file))
                goto done;
        } else {
            order[named++] = (named_source){s->file, i};
        }
    }
    qsort(order, named, sizeof *order, compare_named);
    for (size_t k = 0; k < named; k++) {
        if (k == 0 || strcmp(order[k].file, order[k - 1].file) != 0) {
            document *d = &c->docs[c->doc_count++];
            size_t dl = strlen(c->dir), fl = strlen(order[k].file);
            int slash = dl > 0 && c->dir[dl - 1] != '/';
            d->file = order[k].file;
            if (!(d->path = kg__malloc(dl + (size_t)slash + fl + 1)))
                goto done;
            memcpy(d->path, c->dir, dl);
            if (slash)
                d->path[dl] = '/';
            memcpy(d->path + dl + (size_t)slash, order[k].file, fl + 1);
        }
        c->source_doc[order[k].source] = c->doc_count - 1;
    }
    for (size_t i = 0; i < count; i++) { /* in sources.csv order, so messages are too */
        if (c->source_doc[i] == KG_NONE)
            continue;
        document *d = &c->docs[c->source_doc[i]];
        if (d->state == 0) {
            if (read_document(d) != 0)
                goto done;
            if (d->state == 1)
                c->r->totals.documents++;
        }
        if (d->state < 0) {
            const kg_source *s = kg_dataset_source(ds, i);
            c->r->totals.bad_sources++;
            if (report_diag(c, KG_SEVERITY_ERROR, sources_csv, s->line,
                            "source '%s': cannot read '%s': %s", s->id, d->path,
                            document_problem(d)))
                goto done;
        }
    }
    rc = 0;
done:
    kg_free(order);
    return rc;
}

/* Checks citation i's quote. Returns 0, or -1 when out of memory. */
static int check_quote(checker *c, size_t i)
{
    const kg_dataset *ds = c->ds;
    const kg_citation *cit = kg_dataset_citation(ds, i);
    const char *relations_csv = kg_dataset_file_name(ds, KG_FILE_RELATIONS);
    char *quote = NULL, *passage = NULL;
    int rc = -1;
    finder f;
    if (!cit->quote[0])
        return report_diag(c, KG_SEVERITY_WARNING, relations_csv, cit->line,
                           "empty quote: nothing to verify in the corpus");
    c->r->totals.quotes++;
    c->r->totals.unchecked++; /* until verified or not found */
    if (!(c->flags & KG_CORPUS_QUOTES))
        return 0;
    if (cit->source == KG_NONE) {
        if (!cit->doc[0])
            return report_diag(c, KG_SEVERITY_WARNING, relations_csv, cit->line,
                               "quote has no doc: it cannot be verified");
        return 0; /* no sources.csv: reported once for the whole dataset */
    }
    if (c->source_doc[cit->source] == KG_NONE)
        return 0; /* the source's file was reported */
    const document *d = &c->docs[c->source_doc[cit->source]];
    if (d->state != 1)
        return 0;
    if (normalize_into(&c->quote, cit->quote, strlen(cit->quote), 0, 0) != 0)
        goto done;
    c->r->totals.unchecked--;
    if (c->quote.len == 0) {
        c->r->totals.quotes--;
        rc = report_diag(c, KG_SEVERITY_WARNING, relations_csv, cit->line,
                         "empty quote: nothing to verify in the corpus");
        goto done;
    }
    finder_init(&f, c->quote.text, c->quote.len);
    if (finder_find(&f, d->exact.text, d->exact.len, 0) != KG_NONE) {
        c->r->quote_status[i] = KG_QUOTE_VERIFIED;
        c->r->totals.verified++;
        rc = 0;
        goto done;
    }
    c->r->quote_status[i] = KG_QUOTE_NOT_FOUND;
    c->r->totals.not_found++;
    size_t start = 0, end = 0;
    /* the closest passage costs a pass over the document: it is found only for a finding
     * that will be shown (the diagnostics keep the first errors, the rest are counted) */
    if (!c->diags || kg_diagnostics_full(c->diags)) {
        rc = report_diag(c, KG_SEVERITY_ERROR, relations_csv, cit->line, "quote not found");
        goto done;
    }
    if (d->exact.len)
        closest_passage(c, &d->exact, c->quote.text, c->quote.len, &start, &end);
    if (!(quote = shown(cit->quote, strlen(cit->quote))) ||
        !(passage = shown(d->raw + start, end - start)))
        goto done;
    if (report_diag(c, KG_SEVERITY_ERROR, relations_csv, cit->line, "quote not found in %s: \"%s\"",
                    d->path, quote))
        goto done;
    if (d->exact.len)
        rc = report_diag(c, KG_SEVERITY_NOTE, relations_csv, cit->line, "closest passage: \"%s\"",
                         passage);
    else
        rc = report_diag(c, KG_SEVERITY_NOTE, relations_csv, cit->line, "the document is empty");
done:
    kg_free(quote);
    kg_free(passage);
    return rc;
}

/* ---- coverage: every name against every document in one pass per document ------------- */

/* One name (a label or an alias) of an entity, normalised and case folded. */
typedef struct cname {
    char *text;
    size_t len;
    size_t entity;
    uint64_t hash;     /* span_hash of text */
    size_t tokens;     /* runs of word bytes in text */
    size_t hit_doc;    /* 1 + the document it was last found in (0: none yet) */
    size_t next;       /* next name in the same hash bucket, or KG_NONE */
} cname;

/* An (entity, document) mention. */
typedef struct mention {
    size_t entity, doc;
} mention;

/* The polynomial span hash: sum of (t[i] + 1) * SPAN_BASE^i over the span, modulo 2^64.
 * SPAN_BASE is odd, hence invertible, so the hash of any span of a document follows in
 * O(1) from running prefix sums (see scan_document). */
#define SPAN_BASE UINT64_C(0x100000001B3)

static uint64_t span_hash(const char *t, size_t n)
{
    uint64_t h = 0, power = 1;
    for (size_t i = 0; i < n; i++) {
        h += ((uint64_t)(unsigned char)t[i] + 1) * power;
        power *= SPAN_BASE;
    }
    return h;
}

/* The inverse of SPAN_BASE modulo 2^64 (Newton's iteration doubles the good bits). */
static uint64_t span_base_inverse(void)
{
    uint64_t inv = SPAN_BASE; /* right in its low 3 bits: b * b = 1 mod 8 for odd b */
    for (int k = 0; k < 6; k++)
        inv *= 2 - SPAN_BASE * inv;
    return inv;
}

/* Where the names are kept for coverage. */
typedef struct coverage {
    cname *names;
    size_t count, cap;
    size_t *buckets;      /* heads of the hash chains (KG_NONE: empty) */
    size_t mask;          /* buckets - 1 */
    size_t *ks;           /* the distinct token counts of the names in the table, ascending */
    size_t n_ks, max_tokens;
    size_t *special;      /* names starting or ending with a non-word byte: searched alone */
    size_t n_special;
    mention *hits;
    size_t n_hits, cap_hits;
} coverage;

/* Records that entity e is mentioned in document d. Returns 0, or -1 out of memory. */
static int add_hit(coverage *cv, size_t e, size_t d)
{
    if (kg_array__grow(&cv->hits, &cv->cap_hits, cv->n_hits, sizeof *cv->hits))
        return -1;
    cv->hits[cv->n_hits++] = (mention){e, d};
    return 0;
}

/* Adds name[0..len) of entity e (normalised and folded here). Returns 0, or -1. */
static int add_name(coverage *cv, size_t e, const char *name, size_t len)
{
    char *norm;
    size_t n;
    if (kg_corpus_normalize(&norm, &n, name, len, KG_NORMALIZE_FOLD_CASE) != KG_OK)
        return -1;
    if (!n) {
        kg_free(norm);
        return 0;
    }
    if (kg_array__grow(&cv->names, &cv->cap, cv->count, sizeof *cv->names)) {
        kg_free(norm);
        return -1;
    }
    cname *nm = &cv->names[cv->count++];
    memset(nm, 0, sizeof *nm);
    nm->text = norm;
    nm->len = n;
    nm->entity = e;
    nm->next = KG_NONE;
    for (size_t i = 0; i < n; i++)
        nm->tokens += word_byte((unsigned char)norm[i]) &&
                      (i == 0 || !word_byte((unsigned char)norm[i - 1]));
    return 0;
}

/* Gathers every entity's names and indexes them: names that start and end with a word
 * byte by (span hash, token count), the others in the special list. Returns 0, or -1. */
static int build_names(coverage *cv, const kg_dataset *ds)
{
    size_t n = kg_dataset_entity_count(ds);
    for (size_t e = 0; e < n; e++) {
        const kg_entity *ent = kg_dataset_entity(ds, e);
        if (add_name(cv, e, ent->label, strlen(ent->label)))
            return -1;
        for (const char *a = ent->aliases; *a;) { /* ';'-separated */
            const char *stop = strchr(a, ';');
            size_t len = stop ? (size_t)(stop - a) : strlen(a);
            if (add_name(cv, e, a, len))
                return -1;
            a += len + (stop != NULL);
        }
    }
    size_t buckets = 16;
    while (buckets < 2 * cv->count)
        buckets *= 2;
    if (!(cv->buckets = kg__malloc(buckets * sizeof *cv->buckets)) ||
        !(cv->special = kg__calloc(cv->count ? cv->count : 1, sizeof *cv->special)) ||
        !(cv->ks = kg__calloc(cv->count ? cv->count : 1, sizeof *cv->ks)))
        return -1;
    cv->mask = buckets - 1;
    for (size_t b = 0; b < buckets; b++)
        cv->buckets[b] = KG_NONE;
    for (size_t i = cv->count; i-- > 0;) { /* chains in name order */
        cname *nm = &cv->names[i];
        if (!word_byte((unsigned char)nm->text[0]) ||
            !word_byte((unsigned char)nm->text[nm->len - 1]))
            continue;
        nm->hash = span_hash(nm->text, nm->len);
        size_t b = (size_t)(nm->hash ^ nm->hash >> 29) & cv->mask;
        nm->next = cv->buckets[b];
        cv->buckets[b] = i;
        if (nm->tokens > cv->max_tokens)
            cv->max_tokens = nm->tokens;
    }
    for (size_t i = 0; i < cv->count; i++) {
        const cname *nm = &cv->names[i];
        if (!word_byte((unsigned char)nm->text[0]) ||
            !word_byte((unsigned char)nm->text[nm->len - 1])) {
            cv->special[cv->n_special++] = i;
            continue;
        }
        size_t k = 0; /* insert nm->tokens into the sorted set ks */
        while (k < cv->n_ks && cv->ks[k] < nm->tokens)
            k++;
        if (k < cv->n_ks && cv->ks[k] == nm->tokens)
            continue;
        memmove(cv->ks + k + 1, cv->ks + k, (cv->n_ks - k) * sizeof *cv->ks);
        cv->ks[k] = nm->tokens;
        cv->n_ks++;
    }
    return 0;
}

/* A token start remembered while scanning: its offset and the prefix sums there. */
typedef struct token_mark {
    size_t at;
    uint64_t prefix;  /* sum of (t[i] + 1) * SPAN_BASE^i for i < at */
    uint64_t inverse; /* SPAN_BASE^-at */
} token_mark;

/* Finds which names occur, as whole words, in document d's folded text t[0..n): one pass
 * over the text for all the indexed names (at each token end, one hash lookup per distinct
 * token count), then one search per special name. ring: max_tokens marks (scratch).
 * Returns 0, or -1 out of memory. */
static int scan_document(coverage *cv, size_t d, const char *t, size_t n, token_mark *ring)
{
    const uint64_t inverse_base = span_base_inverse();
    uint64_t prefix = 0, power = 1, inverse = 1;
    size_t seen = 0; /* tokens started so far */
    size_t cap = cv->max_tokens;
    int in_word = 0;
    for (size_t p = 0; p <= n; p++) {
        int word = p < n && word_byte((unsigned char)t[p]);
        if (word && !in_word && cap)
            ring[seen++ % cap] = (token_mark){p, prefix, inverse};
        else if (word && !in_word)
            seen++;
        if (!word && in_word) { /* a token ends at p: try every span of k tokens ending here */
            for (size_t j = 0; j < cv->n_ks && cv->ks[j] <= seen; j++) {
                const token_mark *m = &ring[(seen - cv->ks[j]) % cap];
                uint64_t h = (prefix - m->prefix) * m->inverse;
                for (size_t i = cv->buckets[(size_t)(h ^ h >> 29) & cv->mask]; i != KG_NONE;
                     i = cv->names[i].next) {
                    cname *nm = &cv->names[i];
                    if (nm->hash != h || nm->tokens != cv->ks[j] || nm->hit_doc == d + 1 ||
                        nm->len != p - m->at || memcmp(nm->text, t + m->at, nm->len) != 0)
                        continue;
                    nm->hit_doc = d + 1;
                    if (add_hit(cv, nm->entity, d))
                        return -1;
                }
            }
        }
        in_word = word;
        if (p < n) {
            prefix += ((uint64_t)(unsigned char)t[p] + 1) * power;
            power *= SPAN_BASE;
            inverse *= inverse_base;
        }
    }
    finder f;
    for (size_t s = 0; s < cv->n_special; s++) {
        cname *nm = &cv->names[cv->special[s]];
        finder_init(&f, nm->text, nm->len);
        if (finder_has_word(&f, t, n) && add_hit(cv, nm->entity, d))
            return -1;
    }
    return 0;
}

/* Orders mentions by entity, then document. */
static int compare_mentions(const void *a, const void *b)
{
    const mention *x = a, *y = b;
    if (x->entity != y->entity)
        return x->entity < y->entity ? -1 : 1;
    return x->doc < y->doc ? -1 : x->doc > y->doc;
}

static int compare_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

/* Fills the coverage part of the report: each document is normalised, folded and scanned
 * once for every name (see scan_document), so the cost is near-linear in the corpus size
 * (times the number of distinct word counts of the names) plus the mentions found.
 * Returns 0, or -1 when out of memory. */
static int cover(checker *c)
{
    const kg_dataset *ds = c->ds;
    kg_corpus_report *r = c->r;
    size_t n = kg_dataset_entity_count(ds), sources = kg_dataset_source_count(ds);
    unsigned char *related = NULL;
    size_t *doc_start = NULL, *doc_sources = NULL, *gathered = NULL;
    token_mark *ring = NULL;
    coverage cv;
    int rc = -1;
    memset(&cv, 0, sizeof cv);
    if (!(related = kg__calloc(n ? n : 1, 1)) || build_names(&cv, ds) ||
        !(ring = kg__calloc(cv.max_tokens ? cv.max_tokens : 1, sizeof *ring)))
        goto done;
    for (size_t i = 0; i < kg_dataset_relation_count(ds); i++) {
        const kg_relation *rel = kg_dataset_relation(ds, i);
        related[rel->source] = related[rel->target] = 1;
    }
    for (size_t i = 0; i < kg_dataset_citation_count(ds); i++) {
        const kg_citation *cit = kg_dataset_citation(ds, i);
        if (cit->claimed_by != KG_NONE)
            related[cit->claimed_by] = 1;
    }
    for (size_t d = 0; d < c->doc_count; d++) {
        document *doc = &c->docs[d];
        if (doc->state != 1)
            continue;
        if (normalize_into(&doc->folded, doc->raw, doc->raw_len, KG_NORMALIZE_FOLD_CASE, 0) ||
            scan_document(&cv, d, doc->folded.text, doc->folded.len, ring))
            goto done;
        normtext_free(&doc->folded); /* one document's folded text at a time */
    }
    if (cv.n_hits)
        qsort(cv.hits, cv.n_hits, sizeof *cv.hits, compare_mentions);
    /* the sources of each document, in sources.csv order */
    if (!(doc_start = kg__calloc(c->doc_count + 1, sizeof *doc_start)) ||
        !(doc_sources = kg__calloc(sources ? sources : 1, sizeof *doc_sources)) ||
        !(gathered = kg__calloc(sources ? sources : 1, sizeof *gathered)))
        goto done;
    for (size_t s = 0; s < sources; s++)
        if (c->source_doc[s] != KG_NONE)
            doc_start[c->source_doc[s] + 1]++;
    for (size_t d = 0; d < c->doc_count; d++)
        doc_start[d + 1] += doc_start[d];
    for (size_t s = 0, *fill = gathered; s < sources; s++) /* gathered: a fill cursor here */
        if (c->source_doc[s] != KG_NONE)
            doc_sources[doc_start[c->source_doc[s]] + fill[c->source_doc[s]]++] = s;
    size_t h = 0;
    for (size_t e = 0; e < n; e++) {
        size_t g = 0;
        for (; h < cv.n_hits && cv.hits[h].entity == e; h++) {
            size_t d = cv.hits[h].doc;
            if (h > 0 && cv.hits[h - 1].entity == e && cv.hits[h - 1].doc == d)
                continue; /* found by two of its names */
            for (size_t k = doc_start[d]; k < doc_start[d + 1]; k++)
                gathered[g++] = doc_sources[k];
        }
        qsort(gathered, g, sizeof *gathered, compare_size);
        r->mention_start[e] = r->mention_count;
        for (size_t k = 0; k < g; k++) {
            if (kg_array__grow(&r->mentions, &r->mention_cap, r->mention_count, sizeof *r->mentions))
                goto done;
            r->mentions[r->mention_count++] = gathered[k];
        }
        r->unrelated[e] = !related[e] && g > 0;
    }
    r->mention_start[n] = r->mention_count;
    rc = 0;
done:
    for (size_t i = 0; i < cv.count; i++)
        kg_free(cv.names[i].text);
    kg_free(cv.names);
    kg_free(cv.buckets);
    kg_free(cv.ks);
    kg_free(cv.special);
    kg_free(cv.hits);
    kg_free(ring);
    kg_free(related);
    kg_free(doc_start);
    kg_free(doc_sources);
    kg_free(gathered);
    return rc;
}

int kg_corpus_check(kg_corpus_report **out, const kg_dataset *ds, const char *corpus_dir,
                    unsigned flags, kg_diagnostics *diags)
{
    checker c = {0};
    kg_corpus_report *r = NULL;
    struct stat st;
    int rc = KG_ENOMEM;
    *out = NULL;
    if (!ds || !corpus_dir || !corpus_dir[0])
        return kg_error__set(KG_EUSAGE, "kg_corpus_check: no dataset or no corpus directory");
    if (stat(corpus_dir, &st) != 0) {
        rc = kg_error__set(KG_EIO, "cannot read corpus directory '%s': %s", corpus_dir, strerror(errno));
        goto done;
    }
    if (!S_ISDIR(st.st_mode)) {
        rc = kg_error__set(KG_EIO, "corpus '%s' is not a directory", corpus_dir);
        goto done;
    }
    if (!flags)
        flags = KG_CORPUS_QUOTES | KG_CORPUS_COVERAGE;
    size_t citations = kg_dataset_citation_count(ds), entities = kg_dataset_entity_count(ds);
    size_t sources = kg_dataset_source_count(ds);
    if (!(r = kg__calloc(1, sizeof *r)) ||
        !(r->quote_status = kg__calloc(citations, 1)) ||
        !(r->mention_start = kg__calloc(entities + 1, sizeof *r->mention_start)) ||
        !(r->unrelated = kg__calloc(entities, 1)) ||
        !(c.qgram = kg__calloc(GRAM_BUCKETS, sizeof *c.qgram)) ||
        !(c.wgram = kg__calloc(GRAM_BUCKETS, sizeof *c.wgram)) ||
        !(c.source_doc = kg__calloc(sources, sizeof *c.source_doc)))
        goto done;
    for (size_t s = 0; s < sources; s++)
        c.source_doc[s] = KG_NONE; /* until open_documents() finds its document */
    r->citation_count = citations;
    r->entity_count = entities;
    c.ds = ds;
    c.dir = corpus_dir;
    c.flags = flags;
    c.diags = diags;
    c.r = r;
    if (!kg_dataset_has_sources(ds)) {
        if (report_diag(&c, KG_SEVERITY_ERROR, NULL, 0,
                        "the dataset has no sources.csv: its quotes cannot be checked against a corpus"))
            goto done;
    } else if (ds->tables[KG_FILE_SOURCES].known[SC_FILE] < 0) {
        if (report_diag(&c, KG_SEVERITY_ERROR, kg_dataset_file_name(ds, KG_FILE_SOURCES), 0,
                        "no 'file' column: the corpus document of each source is unknown"))
            goto done;
    } else if (open_documents(&c) != 0) {
        goto done;
    }
    for (size_t i = 0; i < citations; i++)
        if (check_quote(&c, i) != 0)
            goto done;
    if ((flags & KG_CORPUS_COVERAGE) && cover(&c) != 0)
        goto done;
    *out = r;
    r = NULL;
    rc = KG_OK;
done:
    if (rc == KG_ENOMEM)
        kg_error__set(KG_ENOMEM, "out of memory");
    for (size_t d = 0; d < c.doc_count; d++) {
        kg_free(c.docs[d].path);
        kg_free(c.docs[d].raw);
        normtext_free(&c.docs[d].exact);
        normtext_free(&c.docs[d].folded);
    }
    kg_free(c.docs);
    kg_free(c.source_doc);
    normtext_free(&c.quote);
    kg_free(c.qgram);
    kg_free(c.wgram);
    kg_corpus_report_free(r);
    return rc;
}

void kg_corpus_report_free(kg_corpus_report *r)
{
    if (!r)
        return;
    kg_free(r->quote_status);
    kg_free(r->mention_start);
    kg_free(r->mentions);
    kg_free(r->unrelated);
    kg_free(r);
}

void kg_corpus_report_totals(const kg_corpus_report *r, kg_corpus_totals *totals)
{
    if (r)
        *totals = r->totals;
    else
        memset(totals, 0, sizeof *totals);
}

kg_quote_status kg_corpus_report_quote(const kg_corpus_report *r, size_t citation)
{
    if (!r || citation >= r->citation_count)
        return KG_QUOTE_UNCHECKED;
    return (kg_quote_status)r->quote_status[citation];
}

size_t kg_corpus_report_mentions(const kg_corpus_report *r, size_t entity, const size_t **sources)
{
    if (sources)
        *sources = NULL;
    if (!r || entity >= r->entity_count)
        return 0;
    size_t n = r->mention_start[entity + 1] - r->mention_start[entity];
    if (sources && n)
        *sources = r->mentions + r->mention_start[entity];
    return n;
}

int kg_corpus_report_unrelated(const kg_corpus_report *r, size_t entity)
{
    return r && entity < r->entity_count && r->unrelated[entity];
}

int kg_corpus_report_write(FILE *f, const kg_corpus_report *rep, const kg_dataset *ds,
                           unsigned flags)
{
    kg_corpus_totals t;
    size_t n = kg_dataset_entity_count(ds), unrelated = 0;
    kg_corpus_report_totals(rep, &t);
    if ((flags & KG_CORPUS_QUOTES) && t.verified == t.quotes)
        fprintf(f, "quotes: %zu verified in %zu documents\n", t.verified, t.documents);
    else if (flags & KG_CORPUS_QUOTES)
        fprintf(f, "quotes: %zu of %zu verified in %zu documents (%zu not found, %zu unchecked)\n",
                t.verified, t.quotes, t.documents, t.not_found, t.unchecked);
    for (size_t e = 0; e < n; e++) {
        const kg_entity *ent = kg_dataset_entity(ds, e);
        const size_t *src;
        size_t count = kg_corpus_report_mentions(rep, e, &src);
        fprintf(f, "coverage: %s (%s): %s", ent->id, ent->label, count ? "" : "none");
        for (size_t k = 0; k < count; k++)
            fprintf(f, "%s%s", k ? ", " : "", kg_dataset_source(ds, src[k])->id);
        fputc('\n', f);
    }
    fputs("mentioned but in no relation:", f);
    for (size_t e = 0; e < n; e++)
        if (kg_corpus_report_unrelated(rep, e))
            fprintf(f, "%s %s", unrelated++ ? "," : "", kg_dataset_entity(ds, e)->id);
    fputs(unrelated ? "\n" : " none\n", f);
    return ferror(f) ? kg_error__set(KG_EIO, "cannot write the corpus report") : KG_OK;
}
