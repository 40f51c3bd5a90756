/* export_rdf.c: a dataset as RDF, Turtle or N-Triples: entities, one direct triple per relation, citations as reified statements with PROV-O provenance. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/base_internal.h"
#include "export_internal.h"
#include "dataset/dataset_internal.h"

/* ---- namespaces --------------------------------------------------------------------- */

/* The namespaces of the output: standard vocabularies (absolute) and kgraph's own, under
 * the base IRI (relative). NS_ABS is an absolute IRI taken from the data (a url). */
enum {
    NS_RDF, NS_RDFS, NS_XSD, NS_SKOS, NS_PROV, NS_DCT,
    NS_KG, NS_ENT, NS_TYPE, NS_REL, NS_DOC, NS_CIT, NS_COL,
    NS_COUNT, NS_ABS = NS_COUNT
};
static const struct {
    const char *prefix, *iri;
    int relative; /* iri is relative to the base */
} ns_tab[NS_COUNT] = {
    {"rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#", 0},
    {"rdfs", "http://www.w3.org/2000/01/rdf-schema#", 0},
    {"xsd", "http://www.w3.org/2001/XMLSchema#", 0},
    {"skos", "http://www.w3.org/2004/02/skos/core#", 0},
    {"prov", "http://www.w3.org/ns/prov#", 0},
    {"dct", "http://purl.org/dc/terms/", 0},
    {"kg", "vocab/", 1},
    {"ent", "entity/", 1},
    {"type", "type/", 1},
    {"rel", "relation/", 1},
    {"doc", "document/", 1},
    {"cit", "citation/", 1},
    {"col", "column/", 1},
};

int kg_export_base_iri_check(const char *iri)
{
    const unsigned char *s = (const unsigned char *)iri;
    size_t i = 0;
    if (!iri || !((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z')))
        return kg_error__set(KG_EUSAGE, "invalid base IRI '%s': it must start with a scheme "
                            "such as https:", iri ? iri : "");
    while ((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z') ||
           (s[i] >= '0' && s[i] <= '9') || s[i] == '+' || s[i] == '-' || s[i] == '.')
        i++;
    if (s[i] != ':' || !s[i + 1])
        return kg_error__set(KG_EUSAGE, "invalid base IRI '%s': it must start with a scheme "
                            "such as https:", iri);
    for (const unsigned char *p = s; *p; p++)
        if (*p <= 0x20 || *p >= 0x7F || strchr("<>\"{}|^`\\", *p))
            return kg_error__set(KG_EUSAGE, "invalid base IRI '%s': it may hold only printable "
                                "ASCII without spaces or <>\"{}|^`\\ (percent-encode the "
                                "rest)", iri);
    size_t len = strlen(iri);
    if (iri[len - 1] != '/' && iri[len - 1] != '#')
        return kg_error__set(KG_EUSAGE, "invalid base IRI '%s': it must end with '/' or '#' "
                            "(e.g. '%s/')", iri, iri);
    return KG_OK;
}

/* ---- the writer ----------------------------------------------------------------------- */

#define OUT_CAP 65536

/* The writer: its output buffer and the subject being written. */
typedef struct rdf_w {
    FILE *f;
    int nt;                  /* N-Triples: full IRIs, one whole triple a line */
    const char *base;
    size_t base_len;
    /* the current subject: Turtle keeps it open (" ;" between its predicates), N-Triples
     * repeats it on every line */
    int subj_ns;
    const char *subj;
    size_t subj_len;
    int open;                /* Turtle: a subject is open, no predicate written yet: 1; */
    int preds;               /* ... predicates written after it */
    int last_ns;             /* Turtle: the last predicate (a repeat is written as ", ") */
    const char *last_pred;
    size_t len;
    char buf[OUT_CAP];
} rdf_w;

/* Writes the buffered output to the stream (errors stay in its error flag). */
static void flush_out(rdf_w *w)
{
    if (w->len)
        fwrite(w->buf, 1, w->len, w->f);
    w->len = 0;
}

/* Appends s[0..n) to the output. */
static void put(rdf_w *w, const char *s, size_t n)
{
    if (w->len + n > OUT_CAP) {
        flush_out(w);
        if (n > OUT_CAP) {
            fwrite(s, 1, n, w->f);
            return;
        }
    }
    memcpy(w->buf + w->len, s, n);
    w->len += n;
}

/* Appends the string s to the output. */
static void puts_w(rdf_w *w, const char *s)
{
    put(w, s, strlen(s));
}

/* Appends the byte c to the output. */
static void putc_w(rdf_w *w, char c)
{
    if (w->len == OUT_CAP)
        flush_out(w);
    w->buf[w->len++] = c;
}

/* Nonzero when byte c may stand in an IRI built from data as it is: RFC 3986's unreserved
 * characters. Everything else is percent-encoded (UTF-8 bytes included). */
static int unreserved(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '.' || c == '_' || c == '~';
}

/* Nonzero when s[0..n) can be written as the local part of a Turtle prefixed name as it is
 * (the same IRI as percent-encoding gives): [A-Za-z0-9_] then also '-'. */
static int simple_local(const char *s, size_t n)
{
    if (n == 0 || s[0] == '-')
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-'))
            return 0;
    }
    return 1;
}

/* Writes s[0..n) percent-encoded: unreserved bytes as they are, others as %XX. */
static void pct(rdf_w *w, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (unreserved(c))
            continue;
        put(w, s + run, i - run);
        char e[3] = {'%', hex[c >> 4], hex[c & 15]};
        put(w, e, 3);
        run = i + 1;
    }
    put(w, s + run, n - run);
}

/* Nonzero when c is a hexadecimal digit. */
static int is_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
}

/* Writes an http(s) URL from the data as an IRI: bytes an IRI cannot hold (controls,
 * space, <>"{}|^`\, non-ASCII) and a '%' that starts no %XX are percent-encoded; the rest,
 * existing %XX escapes included, is kept. */
static void url_iri(rdf_w *w, const char *url)
{
    static const char hex[] = "0123456789ABCDEF";
    putc_w(w, '<');
    for (const char *p = url; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c <= 0x20 || c >= 0x7F || strchr("<>\"{}|^`\\", c) ||
            (c == '%' && !(is_hex(p[1]) && is_hex(p[2])))) {
            char e[3] = {'%', hex[c >> 4], hex[c & 15]};
            put(w, e, 3);
        } else {
            putc_w(w, (char)c);
        }
    }
    putc_w(w, '>');
}

/* Writes the IRI of ns + local[0..n): a prefixed name in Turtle when local is simple (and
 * always for the fixed vocabulary, whose locals are), else <full IRI, local
 * percent-encoded>. */
static void iri(rdf_w *w, int ns, const char *local, size_t n, int vocab)
{
    if (ns == NS_ABS) {
        url_iri(w, local);
        return;
    }
    if (!w->nt && (vocab || simple_local(local, n))) {
        puts_w(w, ns_tab[ns].prefix);
        putc_w(w, ':');
        put(w, local, n);
        return;
    }
    putc_w(w, '<');
    if (ns_tab[ns].relative)
        put(w, w->base, w->base_len);
    puts_w(w, ns_tab[ns].iri);
    if (vocab)
        put(w, local, n);
    else
        pct(w, local, n);
    putc_w(w, '>');
}

/* Writes s[0..n) as a quoted literal's content: \" \\ \n \r \t as ECHARs, other C0
 * controls and DEL as \u00XX, UTF-8 as it is (valid: the loader checked it). */
static void lit_text(rdf_w *w, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7F)
            continue;
        put(w, s + run, i - run);
        run = i + 1;
        switch (c) {
        case '"': put(w, "\\\"", 2); break;
        case '\\': put(w, "\\\\", 2); break;
        case '\n': put(w, "\\n", 2); break;
        case '\r': put(w, "\\r", 2); break;
        case '\t': put(w, "\\t", 2); break;
        default: {
            char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            put(w, e, 6);
        }
        }
    }
    put(w, s + run, n - run);
}

/* Closes the open Turtle subject (" ."). */
static void end_subject(rdf_w *w)
{
    if (!w->nt && w->open)
        put(w, " .\n", 3);
    w->open = 0;
}

/* Starts the triples about ns + local (borrowed until the next subject). */
static void subject(rdf_w *w, int ns, const char *local, size_t n)
{
    end_subject(w);
    w->subj_ns = ns;
    w->subj = local;
    w->subj_len = n;
    w->preds = 0;
    w->open = 1;
    if (!w->nt)
        iri(w, ns, local, n, ns < NS_KG);
}

/* Writes the subject (N-Triples) or the separator (Turtle), then predicate ns:local (a
 * vocabulary term, or a column name when ns is NS_COL or NS_REL). */
static void pred(rdf_w *w, int ns, const char *local)
{
    int vocab = ns < NS_ENT;
    if (w->nt) {
        iri(w, w->subj_ns, w->subj, w->subj_len, w->subj_ns < NS_KG);
        putc_w(w, ' ');
    } else if (w->preds && w->last_ns == ns && strcmp(w->last_pred, local) == 0) {
        put(w, ", ", 2); /* the same predicate again: an object list */
        w->preds++;
        return;
    } else {
        puts_w(w, w->preds ? " ;\n    " : " ");
        w->last_ns = ns;
        w->last_pred = local;
    }
    w->preds++;
    if (!w->nt && ns == NS_RDF && strcmp(local, "type") == 0)
        putc_w(w, 'a');
    else
        iri(w, ns, local, strlen(local), vocab);
    putc_w(w, ' ');
}

/* Ends a triple (N-Triples: " ." and a new line). */
static void end_triple(rdf_w *w)
{
    if (w->nt)
        put(w, " .\n", 3);
}

/* The triple (subject, ns:p, o_ns:o[0..on)) where o is a vocabulary term when vocab. */
static void po_iri(rdf_w *w, int pns, const char *p, int ons, const char *o, size_t on, int vocab)
{
    pred(w, pns, p);
    iri(w, ons, o, on, vocab);
    end_triple(w);
}

/* The triple (subject, ns:p, "s[0..n)"[^^xsd:dt]). */
static void po_lit(rdf_w *w, int pns, const char *p, const char *s, size_t n, const char *dt)
{
    pred(w, pns, p);
    putc_w(w, '"');
    lit_text(w, s, n);
    putc_w(w, '"');
    if (dt) {
        put(w, "^^", 2);
        iri(w, NS_XSD, dt, strlen(dt), 1);
    }
    end_triple(w);
}

/* The triple (subject, ns:p, "s"), a plain string. */
static void po_str(rdf_w *w, int pns, const char *p, const char *s)
{
    po_lit(w, pns, p, s, strlen(s), NULL);
}

/* ---- values ------------------------------------------------------------------------------ */

/* The XML Schema type of a validated ISO date: gYear, gYearMonth or date by its length. */
static const char *date_type(const char *d)
{
    size_t n = strlen(d);
    return n == 4 ? "gYear" : n == 7 ? "gYearMonth" : n == 10 ? "date" : NULL;
}

/* The XML Schema type of a validated confidence: decimal for d[.d] forms, else double (an
 * exponent). */
static const char *number_type(const char *s)
{
    for (const char *p = s; *p; p++)
        if (*p != '.' && (*p < '0' || *p > '9'))
            return "double";
    return "decimal";
}

/* A url: an http(s) one as rdfs:seeAlso <IRI>, any other (relative) as kg:url "text". */
static void po_url(rdf_w *w, const char *url)
{
    if (!url[0])
        return;
    if (strncasecmp(url, "http:", 5) == 0 || strncasecmp(url, "https:", 6) == 0)
        po_iri(w, NS_RDFS, "seeAlso", NS_ABS, url, strlen(url), 0);
    else
        po_str(w, NS_KG, "url", url);
}

/* Every other column of a row, non-empty cells only, as col:NAME "value" (NAME as
 * kg_export__column_name gives it): the unknown columns, and a known column this writer
 * does not map to a property of its own (none today: a column kgraph learns later is
 * still written). Relations' status column is mapped (kg:status). */
static void other_columns(rdf_w *w, const kg_dataset *ds, kg_file_kind kind, size_t row)
{
    /* the known columns mapped above: entities id..url, relations source..claimed_by,
     * sources id..file */
    static const size_t mapped[KG_FILE_COUNT] = {EC_URL + 1, RC_CLAIMED_BY + 1, SC_FILE + 1};
    const kg_table *t = &ds->tables[kind];
    for (size_t c = 0; c < t->ncols; c++) {
        int skip = kind == KG_FILE_RELATIONS && t->status_col >= 0 && (size_t)t->status_col == c;
        for (size_t k = 0; k < mapped[kind] && !skip; k++)
            skip = t->known[k] >= 0 && (size_t)t->known[k] == c;
        const char *v = t->cells[row * t->ncols + c];
        if (skip || !v[0])
            continue;
        pred(w, NS_COL, kg_export__column_name(ds, kind, c));
        putc_w(w, '"');
        lit_text(w, v, strlen(v));
        putc_w(w, '"');
        end_triple(w);
    }
}

/* ---- a set of strings (types, verbs, free-text docs written once) ----------------------- */

/* An open-addressing set of borrowed strings (zero-initialise; free slot with kg_free). */
typedef struct strset {
    const char **slot;
    size_t cap, n;
} strset;

/* Adds s (borrowed); returns 1 when it was new, 0 when present, -1 out of memory. */
static int strset_add(strset *set, const char *s)
{
    if (2 * (set->n + 1) > set->cap) {
        size_t cap = set->cap ? 2 * set->cap : 64;
        const char **slot = kg__calloc(cap, sizeof *slot);
        if (!slot)
            return -1;
        for (size_t i = 0; i < set->cap; i++) {
            if (!set->slot[i])
                continue;
            size_t j = (size_t)kg_hash__str(set->slot[i]) & (cap - 1);
            while (slot[j])
                j = (j + 1) & (cap - 1);
            slot[j] = set->slot[i];
        }
        kg_free(set->slot);
        set->slot = slot;
        set->cap = cap;
    }
    size_t j = (size_t)kg_hash__str(s) & (set->cap - 1);
    for (; set->slot[j]; j = (j + 1) & (set->cap - 1))
        if (strcmp(set->slot[j], s) == 0)
            return 0;
    set->slot[j] = s;
    set->n++;
    return 1;
}

/* ---- the document --------------------------------------------------------------------- */

/* Turtle: the @prefix lines of every namespace, then a blank line. */
static void prefixes(rdf_w *w)
{
    if (w->nt)
        return;
    for (int i = 0; i < NS_COUNT; i++) {
        puts_w(w, "@prefix ");
        puts_w(w, ns_tab[i].prefix);
        puts_w(w, ": <");
        if (ns_tab[i].relative)
            put(w, w->base, w->base_len);
        puts_w(w, ns_tab[i].iri);
        puts_w(w, "> .\n");
    }
    putc_w(w, '\n');
}

/* The classes (one per entity type, then kg:Entity, kg:Citation) and properties (one
 * per verb) of the selected part, each with its rdfs:label, in first-appearance order. */
static int vocabulary(rdf_w *w, const kg_dataset *ds, const kg_export_options *o)
{
    strset seen = {0};
    int rc = KG_OK;
    size_t n = kg_dataset_entity_count(ds);
    for (size_t i = 0; i < n; i++) {
        const kg_entity *e = kg_dataset_entity(ds, i);
        if ((o->entity_mask && !o->entity_mask[i]) || !e->type[0])
            continue;
        int added = strset_add(&seen, e->type);
        if (added < 0)
            goto nomem;
        if (!added)
            continue;
        subject(w, NS_TYPE, e->type, strlen(e->type));
        po_iri(w, NS_RDF, "type", NS_RDFS, "Class", 5, 1);
        po_iri(w, NS_RDFS, "subClassOf", NS_KG, "Entity", 6, 1);
        po_str(w, NS_RDFS, "label", e->type);
    }
    kg_free(seen.slot);
    memset(&seen, 0, sizeof seen);
    n = kg_dataset_relation_count(ds);
    for (size_t i = 0; i < n; i++) {
        const kg_relation *r = kg_dataset_relation(ds, i);
        if (o->relation_mask && !o->relation_mask[i])
            continue;
        int added = strset_add(&seen, r->relation);
        if (added < 0)
            goto nomem;
        if (!added)
            continue;
        subject(w, NS_REL, r->relation, strlen(r->relation));
        po_iri(w, NS_RDF, "type", NS_RDF, "Property", 8, 1);
        po_str(w, NS_RDFS, "label", r->relation);
    }
    goto done;
nomem:
    rc = kg_error__set(KG_ENOMEM, "out of memory");
done:
    kg_free(seen.slot);
    return rc;
}

/* The triples of an entity (see kgraph/export.h). */
static void entity(rdf_w *w, const kg_dataset *ds, const kg_entity *e)
{
    subject(w, NS_ENT, e->id, strlen(e->id));
    po_iri(w, NS_RDF, "type", NS_KG, "Entity", 6, 1);
    if (e->type[0])
        po_iri(w, NS_RDF, "type", NS_TYPE, e->type, strlen(e->type), 0);
    po_str(w, NS_DCT, "identifier", e->id);
    po_str(w, NS_RDFS, "label", e->label);
    for (const char *p = e->aliases; *p;) { /* ';'-separated, each trimmed */
        size_t len = strcspn(p, ";");
        const char *a = p, *end = p + len;
        while (a < end && (*a == ' ' || *a == '\t'))
            a++;
        while (end > a && (end[-1] == ' ' || end[-1] == '\t'))
            end--;
        if (end > a)
            po_lit(w, NS_SKOS, "altLabel", a, (size_t)(end - a), NULL);
        p += len + (p[len] == ';');
    }
    if (e->description[0])
        po_str(w, NS_DCT, "description", e->description);
    po_url(w, e->url);
    other_columns(w, ds, KG_FILE_ENTITIES, e->row);
}

/* The triples of a document, a row of sources.csv. */
static void document(rdf_w *w, const kg_dataset *ds, const kg_source *s)
{
    subject(w, NS_DOC, s->id, strlen(s->id));
    po_iri(w, NS_RDF, "type", NS_DCT, "BibliographicResource", 21, 1);
    po_iri(w, NS_RDF, "type", NS_PROV, "Entity", 6, 1);
    po_str(w, NS_DCT, "identifier", s->id);
    if (s->title[0])
        po_str(w, NS_DCT, "title", s->title);
    if (s->publisher[0])
        po_str(w, NS_DCT, "publisher", s->publisher);
    if (s->author[0])
        po_str(w, NS_DCT, "creator", s->author);
    if (s->date[0])
        po_lit(w, NS_DCT, "date", s->date, strlen(s->date), date_type(s->date));
    po_url(w, s->url);
    if (s->file[0])
        po_str(w, NS_KG, "file", s->file);
    other_columns(w, ds, KG_FILE_SOURCES, s->row);
}

/* The triples of a citation: the rdf:Statement of its relation's triple, its fields. */
static void citation(rdf_w *w, const kg_dataset *ds, const kg_citation *c)
{
    const kg_table *t = &ds->tables[KG_FILE_RELATIONS];
    const kg_relation *r = kg_dataset_relation(ds, c->relation);
    const char *src = kg_dataset_entity(ds, r->source)->id;
    const char *tgt = kg_dataset_entity(ds, r->target)->id;
    char num[32];
    int nlen = snprintf(num, sizeof num, "%zu", c->row + 1);
    subject(w, NS_CIT, num, (size_t)nlen);
    po_iri(w, NS_RDF, "type", NS_RDF, "Statement", 9, 1);
    po_iri(w, NS_RDF, "type", NS_KG, "Citation", 8, 1);
    po_iri(w, NS_RDF, "subject", NS_ENT, src, strlen(src), 0);
    po_iri(w, NS_RDF, "predicate", NS_REL, r->relation, strlen(r->relation), 0);
    po_iri(w, NS_RDF, "object", NS_ENT, tgt, strlen(tgt), 0);
    if (c->quote[0])
        po_str(w, NS_KG, "quote", c->quote);
    if (c->doc[0])
        po_iri(w, NS_PROV, "wasQuotedFrom", NS_DOC, c->doc, strlen(c->doc), 0);
    if (c->date[0])
        po_lit(w, NS_DCT, "date", c->date, strlen(c->date), date_type(c->date));
    int conf_col = t->known[RC_CONFIDENCE];
    const char *conf = conf_col >= 0 ? t->cells[c->row * t->ncols + (size_t)conf_col] : "";
    if (conf[0])
        po_lit(w, NS_KG, "confidence", conf, strlen(conf), number_type(conf));
    int claim_col = t->known[RC_CLAIMED_BY];
    const char *claim = claim_col >= 0 ? t->cells[c->row * t->ncols + (size_t)claim_col] : "";
    if (c->claimed_by != KG_NONE)
        claim = kg_dataset_entity(ds, c->claimed_by)->id;
    if (claim[0])
        po_iri(w, NS_PROV, "wasAttributedTo", NS_ENT, claim, strlen(claim), 0);
    po_str(w, NS_KG, "polarity", kg_polarity_name(c->polarity));
    po_str(w, NS_KG, "status", c->contested ? "contested" : "asserted");
    other_columns(w, ds, KG_FILE_RELATIONS, c->row);
}

/* The citations of the selected relations in file order, each preceded by the document it
 * cites when that is free text (no sources.csv row), written once. */
static int citations(rdf_w *w, const kg_dataset *ds, const kg_export_options *o)
{
    strset docs = {0};
    int rc = KG_OK;
    size_t n = kg_dataset_citation_count(ds);
    for (size_t i = 0; i < n; i++) {
        const kg_citation *c = kg_dataset_citation(ds, i);
        if (o->relation_mask && !o->relation_mask[c->relation])
            continue;
        if (c->doc[0] && c->source == KG_NONE) {
            int added = strset_add(&docs, c->doc);
            if (added < 0) {
                rc = kg_error__set(KG_ENOMEM, "out of memory");
                break;
            }
            if (added) {
                subject(w, NS_DOC, c->doc, strlen(c->doc));
                po_iri(w, NS_RDF, "type", NS_DCT, "BibliographicResource", 21, 1);
                po_iri(w, NS_RDF, "type", NS_PROV, "Entity", 6, 1);
                po_str(w, NS_DCT, "identifier", c->doc);
            }
        }
        citation(w, ds, c);
    }
    kg_free(docs.slot);
    return rc;
}

int kg_export__rdf(const kg_dataset *ds, const kg_export_options *o, FILE *f)
{
    const char *base = o->base_iri ? o->base_iri : KG_EXPORT_DEFAULT_BASE_IRI;
    unsigned char *docs_used = NULL;
    int rc = kg_export_base_iri_check(base);
    if (rc != KG_OK)
        return rc;
    rdf_w *w = kg__calloc(1, sizeof *w);
    if (!w)
        return kg_error__set(KG_ENOMEM, "out of memory");
    w->f = f;
    w->nt = o->format == KG_EXPORT_NTRIPLES;
    w->base = base;
    w->base_len = strlen(base);

    size_t nsrc = kg_dataset_source_count(ds);
    if (o->relation_mask && nsrc) { /* a view: only the documents its citations cite */
        docs_used = kg__calloc(nsrc, 1);
        if (!docs_used) {
            rc = kg_error__set(KG_ENOMEM, "out of memory");
            goto cleanup;
        }
        size_t nc = kg_dataset_citation_count(ds);
        for (size_t i = 0; i < nc; i++) {
            const kg_citation *c = kg_dataset_citation(ds, i);
            if (o->relation_mask[c->relation] && c->source != KG_NONE)
                docs_used[c->source] = 1;
        }
    }

    prefixes(w);
    if ((rc = vocabulary(w, ds, o)) != KG_OK)
        goto cleanup;
    size_t n = kg_dataset_entity_count(ds);
    for (size_t i = 0; i < n; i++)
        if (!o->entity_mask || o->entity_mask[i])
            entity(w, ds, kg_dataset_entity(ds, i));
    end_subject(w);
    n = kg_dataset_relation_count(ds);
    for (size_t i = 0; i < n; i++) { /* each relation once, as a direct triple */
        if (o->relation_mask && !o->relation_mask[i])
            continue;
        const kg_relation *r = kg_dataset_relation(ds, i);
        const char *src = kg_dataset_entity(ds, r->source)->id;
        const char *tgt = kg_dataset_entity(ds, r->target)->id;
        subject(w, NS_ENT, src, strlen(src));
        po_iri(w, NS_REL, r->relation, NS_ENT, tgt, strlen(tgt), 0);
    }
    end_subject(w);
    for (size_t i = 0; i < nsrc; i++)
        if (!docs_used || docs_used[i])
            document(w, ds, kg_dataset_source(ds, i));
    rc = citations(w, ds, o);
    end_subject(w);

cleanup:
    flush_out(w);
    kg_free(docs_used);
    kg_free(w);
    return rc;
}
