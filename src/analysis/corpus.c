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
        char *p = kg_realloc(t->text, n + 1);
        if (!p)
            return -1;
        t->text = p;
        t->cap = n + 1;
    }
    if (with_offsets && n + 1 > t->off_cap) {
        uint32_t *o = kg_reallocarray(t->off, n + 1, sizeof *o);
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
        return kg_error_set(KG_ENOMEM, "out of memory");
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
    int err;            /* why unusable: an errno value, or -1 not a regular file */
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
        if (!(message = kg_malloc((size_t)len + 1)))
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

/* A copy of s[0..n) fit for a one-line message: control characters and white space runs
 * become one space, the ends are trimmed, and beyond SHOWN_BYTES it is cut at a character
 * boundary and ends with "...". NULL when out of memory; free with kg_free. */
static char *shown(const char *s, size_t n)
{
    char *out = kg_malloc(SHOWN_BYTES + 4);
    size_t len = 0;
    int space = 0;
    if (!out)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch <= ' ' || ch == 0x7F) {
            space = len > 0;
            continue;
        }
        if (len + space + 1 > SHOWN_BYTES) {
            if ((ch & 0xC0) == 0x80) { /* inside a character: drop its first bytes too */
                while (len > 0 && ((unsigned char)out[len - 1] & 0xC0) == 0x80)
                    len--;
                if (len > 0 && (unsigned char)out[len - 1] >= 0xC0)
                    len--;
            }
            memcpy(out + len, "...", 3);
            len += 3;
            break;
        }
        if (space)
            out[len++] = ' ';
        space = 0;
        out[len++] = (char)ch;
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
    fd = open(d->path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        d->err = errno;
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
    if (!(d->raw = kg_malloc(cap))) {
        rc = -1;
        goto done;
    }
    for (;;) {
        if (d->raw_len == cap) { /* the file grew while being read */
            if (cap > MAX_DOCUMENT_BYTES) {
                d->err = EFBIG;
                goto done;
            }
            char *p = kg_realloc(d->raw, cap * 2);
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
        return "not a regular file";
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
    if (!(order = kg_calloc(count, sizeof *order)) ||
        !(c->docs = kg_calloc(count, sizeof *c->docs)))
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
            if (!(d->path = kg_malloc(dl + (size_t)slash + fl + 1)))
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

/* Adds the documents mentioning entity e to the report. hit: one flag per document.
 * Returns 0, or -1 when out of memory. */
static int cover_entity(checker *c, size_t e, unsigned char *hit)
{
    const kg_entity *ent = kg_dataset_entity(c->ds, e);
    kg_corpus_report *r = c->r;
    const char *names = ent->aliases;
    size_t sources = kg_dataset_source_count(c->ds);
    finder *f = NULL;
    int rc = -1;
    memset(hit, 0, c->doc_count ? c->doc_count : 1);
    if (!(f = kg_malloc(sizeof *f)))
        goto done;
    /* the label first, then each ';'-separated alias */
    for (const char *name = ent->label, *stop = name + strlen(name);;) {
        char *norm;
        size_t len;
        if (kg_corpus_normalize(&norm, &len, name, (size_t)(stop - name), KG_NORMALIZE_FOLD_CASE))
            goto done;
        if (len) {
            finder_init(f, norm, len);
            for (size_t d = 0; d < c->doc_count; d++) {
                document *doc = &c->docs[d];
                if (doc->state != 1 || hit[d])
                    continue;
                if (!doc->folded.text &&
                    normalize_into(&doc->folded, doc->raw, doc->raw_len, KG_NORMALIZE_FOLD_CASE, 0)) {
                    kg_free(norm);
                    goto done;
                }
                hit[d] = (unsigned char)finder_has_word(f, doc->folded.text, doc->folded.len);
            }
        }
        kg_free(norm);
        if (!*names)
            break;
        name = names;
        stop = strchr(names, ';');
        if (!stop)
            stop = names + strlen(names);
        names = *stop ? stop + 1 : stop;
    }
    r->mention_start[e] = r->mention_count;
    for (size_t s = 0; s < sources; s++) {
        if (c->source_doc[s] == KG_NONE || !hit[c->source_doc[s]])
            continue;
        if (kg_array_grow(&r->mentions, &r->mention_cap, r->mention_count, sizeof *r->mentions))
            goto done;
        r->mentions[r->mention_count++] = s;
    }
    rc = 0;
done:
    kg_free(f);
    return rc;
}

/* Fills the coverage part of the report. Returns 0, or -1 when out of memory. */
static int cover(checker *c)
{
    const kg_dataset *ds = c->ds;
    kg_corpus_report *r = c->r;
    size_t n = kg_dataset_entity_count(ds);
    unsigned char *hit = NULL, *related = NULL;
    int rc = -1;
    if (!(hit = kg_malloc(c->doc_count ? c->doc_count : 1)) || !(related = kg_calloc(n, 1)))
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
    for (size_t e = 0; e < n; e++) {
        if (cover_entity(c, e, hit) != 0)
            goto done;
        r->unrelated[e] = !related[e] && r->mention_count > r->mention_start[e];
    }
    r->mention_start[n] = r->mention_count;
    rc = 0;
done:
    kg_free(hit);
    kg_free(related);
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
        return kg_error_set(KG_EUSAGE, "kg_corpus_check: no dataset or no corpus directory");
    if (stat(corpus_dir, &st) != 0) {
        rc = kg_error_set(KG_EIO, "cannot read corpus directory '%s': %s", corpus_dir, strerror(errno));
        goto done;
    }
    if (!S_ISDIR(st.st_mode)) {
        rc = kg_error_set(KG_EIO, "corpus '%s' is not a directory", corpus_dir);
        goto done;
    }
    if (!flags)
        flags = KG_CORPUS_QUOTES | KG_CORPUS_COVERAGE;
    size_t citations = kg_dataset_citation_count(ds), entities = kg_dataset_entity_count(ds);
    size_t sources = kg_dataset_source_count(ds);
    if (!(r = kg_calloc(1, sizeof *r)) ||
        !(r->quote_status = kg_calloc(citations, 1)) ||
        !(r->mention_start = kg_calloc(entities + 1, sizeof *r->mention_start)) ||
        !(r->unrelated = kg_calloc(entities, 1)) ||
        !(c.qgram = kg_calloc(GRAM_BUCKETS, sizeof *c.qgram)) ||
        !(c.wgram = kg_calloc(GRAM_BUCKETS, sizeof *c.wgram)) ||
        !(c.source_doc = kg_calloc(sources, sizeof *c.source_doc)))
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
        kg_error_set(KG_ENOMEM, "out of memory");
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
