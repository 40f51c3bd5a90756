/* export.c: a dataset as GraphML or JSON node-link, every field exactly as read. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "base/base_internal.h"
#include "export_internal.h"
#include "kgraph/output.h"
#include "dataset/dataset_internal.h"

/* ---- shared with export_neo4j.c ---------------------------------------------------- */

const char *kg_export__column_name(const kg_dataset *ds, kg_file_kind kind, size_t col)
{
    size_t nknown;
    const char *const *known = kg_known__columns(kind, &nknown);
    const kg_table *t = &ds->tables[kind];
    for (size_t k = 0; k < nknown; k++)
        if (t->known[k] >= 0 && (size_t)t->known[k] == col)
            return known[k];
    return t->headers[col];
}

int kg_export__column_is_confidence(const kg_dataset *ds, size_t col)
{
    int c = ds->tables[KG_FILE_RELATIONS].known[RC_CONFIDENCE];
    return c >= 0 && (size_t)c == col;
}

int kg_export__name_taken(const kg_dataset *ds, kg_file_kind kind, const char *name)
{
    size_t n = kg_dataset_column_count(ds, kind);
    for (size_t c = 0; c < n; c++)
        if (strcmp(kg_export__column_name(ds, kind, c), name) == 0)
            return 1;
    return 0;
}

int kg_export__row_citations(const kg_dataset *ds, size_t **out)
{
    size_t rows = kg_dataset_row_count(ds, KG_FILE_RELATIONS);
    size_t *map = NULL;
    *out = NULL;
    if (rows == 0)
        return KG_OK;
    map = kg__reallocarray(NULL, rows, sizeof *map);
    if (!map)
        return kg_error__set(KG_ENOMEM, "out of memory");
    for (size_t r = 0; r < rows; r++)
        map[r] = KG_NONE;
    size_t n = kg_dataset_citation_count(ds);
    for (size_t i = 0; i < n; i++) {
        const kg_citation *c = kg_dataset_citation(ds, i);
        if (c->row < rows)
            map[c->row] = i;
    }
    *out = map;
    return KG_OK;
}

void kg_export__edge_get(const kg_dataset *ds, const size_t *citation_of_row, size_t row,
                        kg_export_edge *e)
{
    size_t ci = citation_of_row[row];
    memset(e, 0, sizeof *e);
    e->relation = KG_NONE;
    if (ci == KG_NONE) { /* not expected: every loaded row is a citation */
        const kg_table *t = &ds->tables[KG_FILE_RELATIONS];
        e->source = t->cells[row * t->ncols + (size_t)t->known[RC_SOURCE]];
        e->target = t->cells[row * t->ncols + (size_t)t->known[RC_TARGET]];
        e->verb = t->cells[row * t->ncols + (size_t)t->known[RC_RELATION]];
        e->polarity = "";
        return;
    }
    const kg_citation *c = kg_dataset_citation(ds, ci);
    const kg_relation *r = kg_dataset_relation(ds, c->relation);
    e->source = kg_dataset_entity(ds, r->source)->id;
    e->target = kg_dataset_entity(ds, r->target)->id;
    e->verb = r->relation;
    e->relation = c->relation;
    e->citations = r->citation_count;
    e->documents = r->document_count;
    e->polarity = kg_polarity_name(r->polarity);
}

/* ---- formats ------------------------------------------------------------------------ */

static const char *const format_names[] = {"graphml", "json", "neo4j", "turtle", "ntriples"};
#define FORMAT_COUNT 5

const char *kg_export_format_name(kg_export_format format)
{
    return (unsigned)format < FORMAT_COUNT ? format_names[format] : NULL;
}

int kg_export_format_parse(kg_export_format *out, const char *name)
{
    for (unsigned i = 0; i < FORMAT_COUNT; i++)
        if (strcmp(name, format_names[i]) == 0) {
            *out = (kg_export_format)i;
            return KG_OK;
        }
    return kg_error__set(KG_EUSAGE, "unknown export format '%s' (graphml, json, neo4j, turtle, "
                        "ntriples)", name);
}

int kg_export_format_from_path(kg_export_format *out, const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(slash ? slash : path, '.');
    if (dot && (strcmp(dot, ".graphml") == 0 || strcmp(dot, ".xml") == 0)) {
        *out = KG_EXPORT_GRAPHML;
        return KG_OK;
    }
    if (dot && strcmp(dot, ".json") == 0) {
        *out = KG_EXPORT_JSON;
        return KG_OK;
    }
    if (dot && strcmp(dot, ".ttl") == 0) {
        *out = KG_EXPORT_TURTLE;
        return KG_OK;
    }
    if (dot && strcmp(dot, ".nt") == 0) {
        *out = KG_EXPORT_NTRIPLES;
        return KG_OK;
    }
    return kg_error__set(KG_EUSAGE, "cannot tell the export format from '%s' (.graphml, "
                        ".json, .ttl, .nt; give -T graphml, json, neo4j, turtle or ntriples)",
                        path);
}

/* ---- GraphML ------------------------------------------------------------------------ */

/* Writes s as XML character data (attribute values too: tab, LF and CR as references).
 * Characters XML 1.0 cannot hold become U+FFFD (U+FFFE, U+FFFF) or a space (C0 controls
 * that did not come through the loader, e.g. in a caller's graph name). */
static void xml_text(FILE *f, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&apos;", f); break;
        case '\t': fputs("&#9;", f); break;
        case '\n': fputs("&#10;", f); break;
        case '\r': fputs("&#13;", f); break;
        default:
            if (*p < 0x20) {
                fputc(' ', f);
            } else if (p[0] == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF)) {
                fputs("\xEF\xBF\xBD", f);
                p += 2;
            } else {
                fputc(*p, f);
            }
        }
    }
}

/* The source nodes' id prefix: "source:", lengthened ("source:source:") until no entity
 * id starts with it and continues with a source id. Returns its repeat count. */
static unsigned source_prefix_repeats(const kg_dataset *ds)
{
    static const char prefix[] = "source:";
    const size_t plen = sizeof prefix - 1;
    unsigned repeats = 1;
    size_t ne = kg_dataset_entity_count(ds);
    for (size_t i = 0; i < ne; i++) {
        const char *id = kg_dataset_entity(ds, i)->id;
        unsigned k = 0;
        while (strncmp(id + (size_t)k * plen, prefix, plen) == 0)
            k++;
        if (k >= repeats && kg_dataset_find_source(ds, id + (size_t)k * plen) != KG_NONE)
            repeats = k + 1;
    }
    return repeats;
}

/* The computed edge fields. */
enum { CF_RELATION, CF_CITATIONS, CF_DOCUMENTS, CF_POLARITY, CF_COUNT };
static const char *const computed_names[CF_COUNT] = {
    "kgraph_relation", "kgraph_citations", "kgraph_documents", "kgraph_polarity"};
static const char *const computed_types[CF_COUNT] = {"long", "int", "int", "string"};

static void graphml_keys(const kg_dataset *ds, FILE *f, const int *computed, int kind_key)
{
    size_t n = kg_dataset_column_count(ds, KG_FILE_ENTITIES);
    for (size_t c = 0; c < n; c++) {
        fprintf(f, "  <key id=\"n%zu\" for=\"node\" attr.name=\"", c);
        xml_text(f, kg_export__column_name(ds, KG_FILE_ENTITIES, c));
        fputs("\" attr.type=\"string\"/>\n", f);
    }
    if (kind_key)
        fputs("  <key id=\"kind\" for=\"node\" attr.name=\"kgraph_kind\" attr.type=\"string\"/>\n", f);
    n = kg_dataset_column_count(ds, KG_FILE_SOURCES);
    for (size_t c = 0; c < n; c++) {
        fprintf(f, "  <key id=\"s%zu\" for=\"node\" attr.name=\"source.", c);
        xml_text(f, kg_export__column_name(ds, KG_FILE_SOURCES, c));
        fputs("\" attr.type=\"string\"/>\n", f);
    }
    n = kg_dataset_column_count(ds, KG_FILE_RELATIONS);
    for (size_t c = 0; c < n; c++) {
        fprintf(f, "  <key id=\"e%zu\" for=\"edge\" attr.name=\"", c);
        xml_text(f, kg_export__column_name(ds, KG_FILE_RELATIONS, c));
        fprintf(f, "\" attr.type=\"%s\"/>\n",
                kg_export__column_is_confidence(ds, c) ? "double" : "string");
    }
    for (int k = 0; k < CF_COUNT; k++)
        if (computed[k])
            fprintf(f, "  <key id=\"k%d\" for=\"edge\" attr.name=\"%s\" attr.type=\"%s\"/>\n",
                    k, computed_names[k], computed_types[k]);
    fputs("  <key id=\"name\" for=\"graph\" attr.name=\"name\" attr.type=\"string\"/>\n", f);
}

/* The <data> elements of one row: key prefix letter + column number; empty cells none. */
static void graphml_row(const kg_dataset *ds, FILE *f, kg_file_kind kind, char key, size_t row)
{
    size_t n = kg_dataset_column_count(ds, kind);
    for (size_t c = 0; c < n; c++) {
        const char *v = kg_dataset_cell(ds, kind, row, c);
        if (!v[0])
            continue;
        fprintf(f, "      <data key=\"%c%zu\">", key, c);
        xml_text(f, v);
        fputs("</data>\n", f);
    }
}

/* What the GraphML and JSON writers need before their edges: each relations.csv row's
 * citation (kg_export__row_citations; *cit freed by the caller with kg_free), and which
 * computed fields are written (computed[k]: no column of relations.csv has that name).
 * Returns KG_OK or KG_ENOMEM. */
static int prepare_edges(const kg_dataset *ds, size_t **cit, int computed[CF_COUNT])
{
    for (int k = 0; k < CF_COUNT; k++)
        computed[k] = !kg_export__name_taken(ds, KG_FILE_RELATIONS, computed_names[k]);
    return kg_export__row_citations(ds, cit);
}

static int graphml_write(const kg_dataset *ds, const kg_export_options *opts, FILE *f)
{
    size_t *cit = NULL;
    int computed[CF_COUNT];
    int rc = prepare_edges(ds, &cit, computed);
    if (rc != KG_OK)
        goto cleanup;
    int kind_key = !kg_export__name_taken(ds, KG_FILE_ENTITIES, "kgraph_kind");

    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"\n"
          "    xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
          "    xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
          "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n", f);
    graphml_keys(ds, f, computed, kind_key);
    fputs("  <graph id=\"G\" edgedefault=\"directed\">\n", f);
    if (opts->name) {
        fputs("    <data key=\"name\">", f);
        xml_text(f, opts->name);
        fputs("</data>\n", f);
    }
    size_t n = kg_dataset_entity_count(ds);
    for (size_t i = 0; i < n; i++) {
        const kg_entity *e = kg_dataset_entity(ds, i);
        fputs("    <node id=\"", f);
        xml_text(f, e->id);
        fputs("\">\n", f);
        if (kind_key)
            fputs("      <data key=\"kind\">entity</data>\n", f);
        graphml_row(ds, f, KG_FILE_ENTITIES, 'n', e->row);
        fputs("    </node>\n", f);
    }
    unsigned repeats = source_prefix_repeats(ds);
    n = kg_dataset_source_count(ds);
    for (size_t i = 0; i < n; i++) {
        const kg_source *s = kg_dataset_source(ds, i);
        fputs("    <node id=\"", f);
        for (unsigned k = 0; k < repeats; k++)
            fputs("source:", f);
        xml_text(f, s->id);
        fputs("\">\n", f);
        if (kind_key)
            fputs("      <data key=\"kind\">source</data>\n", f);
        graphml_row(ds, f, KG_FILE_SOURCES, 's', s->row);
        fputs("    </node>\n", f);
    }
    n = kg_dataset_row_count(ds, KG_FILE_RELATIONS);
    for (size_t row = 0; row < n; row++) {
        kg_export_edge e;
        kg_export__edge_get(ds, cit, row, &e);
        fprintf(f, "    <edge id=\"c%zu\" source=\"", row);
        xml_text(f, e.source);
        fputs("\" target=\"", f);
        xml_text(f, e.target);
        fputs("\">\n", f);
        graphml_row(ds, f, KG_FILE_RELATIONS, 'e', row);
        if (e.relation != KG_NONE) {
            if (computed[CF_RELATION])
                fprintf(f, "      <data key=\"k%d\">%zu</data>\n", CF_RELATION, e.relation);
            if (computed[CF_CITATIONS])
                fprintf(f, "      <data key=\"k%d\">%zu</data>\n", CF_CITATIONS, e.citations);
            if (computed[CF_DOCUMENTS])
                fprintf(f, "      <data key=\"k%d\">%zu</data>\n", CF_DOCUMENTS, e.documents);
            if (computed[CF_POLARITY])
                fprintf(f, "      <data key=\"k%d\">%s</data>\n", CF_POLARITY, e.polarity);
        }
        fputs("    </edge>\n", f);
    }
    fputs("  </graph>\n</graphml>\n", f);

cleanup:
    kg_free(cit);
    return rc;
}

/* ---- JSON node-link ------------------------------------------------------------------ */


/* Writes the fields of one row as "NAME": "VALUE" pairs, each preceded by sep after the
 * first (first_sep for the first). edge: for a relations.csv row, its edge, whose ends
 * are written as "source" and "target" (the relation's: a symmetric relation's rows
 * written the other way round are one link direction, kgraph/dataset.h); else NULL. */
static void json_row(const kg_dataset *ds, FILE *f, kg_file_kind kind, size_t row,
                     const char *first_sep, const kg_export_edge *edge)
{
    size_t n = kg_dataset_column_count(ds, kind);
    const kg_table *t = &ds->tables[kind];
    for (size_t c = 0; c < n; c++) {
        fputs(c ? ", " : first_sep, f);
        kg_json__string(f, kg_export__column_name(ds, kind, c));
        fputs(": ", f);
        const char *v = kg_dataset_cell(ds, kind, row, c);
        if (edge && edge->relation != KG_NONE && t->known[RC_SOURCE] == (int)c)
            v = edge->source;
        else if (edge && edge->relation != KG_NONE && t->known[RC_TARGET] == (int)c)
            v = edge->target;
        kg_json__string(f, v);
    }
}

static int json_write(const kg_dataset *ds, const kg_export_options *opts, FILE *f)
{
    size_t *cit = NULL;
    int computed[CF_COUNT];
    int rc = prepare_edges(ds, &cit, computed);
    if (rc != KG_OK)
        goto cleanup;

    fputs("{\"directed\": true, \"multigraph\": true,\n\"graph\": {", f);
    if (opts->name) {
        fputs("\"name\": ", f);
        kg_json__string(f, opts->name);
        fputs(", ", f);
    }
    fputs("\"sources\": [", f);
    size_t n = kg_dataset_source_count(ds);
    for (size_t i = 0; i < n; i++) {
        fputs(i ? ",\n  {" : "\n  {", f);
        json_row(ds, f, KG_FILE_SOURCES, kg_dataset_source(ds, i)->row, "", NULL);
        fputc('}', f);
    }
    fputs("]},\n\"nodes\": [", f);
    n = kg_dataset_entity_count(ds);
    for (size_t i = 0; i < n; i++) {
        fputs(i ? ",\n  {" : "\n  {", f);
        json_row(ds, f, KG_FILE_ENTITIES, kg_dataset_entity(ds, i)->row, "", NULL);
        fputc('}', f);
    }
    fputs("],\n\"links\": [", f);
    n = kg_dataset_row_count(ds, KG_FILE_RELATIONS);
    for (size_t row = 0; row < n; row++) {
        kg_export_edge e;
        kg_export__edge_get(ds, cit, row, &e);
        fputs(row ? ",\n  {" : "\n  {", f);
        /* "source" and "target" are columns of relations.csv, holding the ends' ids */
        json_row(ds, f, KG_FILE_RELATIONS, row, "", &e);
        if (e.relation != KG_NONE) {
            if (computed[CF_RELATION])
                fprintf(f, ", \"%s\": %zu", computed_names[CF_RELATION], e.relation);
            if (computed[CF_CITATIONS])
                fprintf(f, ", \"%s\": %zu", computed_names[CF_CITATIONS], e.citations);
            if (computed[CF_DOCUMENTS])
                fprintf(f, ", \"%s\": %zu", computed_names[CF_DOCUMENTS], e.documents);
            if (computed[CF_POLARITY])
                fprintf(f, ", \"%s\": \"%s\"", computed_names[CF_POLARITY], e.polarity);
        }
        fputc('}', f);
    }
    fputs("]}\n", f);

cleanup:
    kg_free(cit);
    return rc;
}

/* ---- entry points --------------------------------------------------------------------- */

int kg_export_stream(const kg_dataset *ds, const kg_export_options *opts, FILE *stream)
{
    int rc;
    int rdf = opts->format == KG_EXPORT_TURTLE || opts->format == KG_EXPORT_NTRIPLES;
    if (!rdf && (opts->entity_mask || opts->relation_mask))
        return kg_error__set(KG_EUSAGE, "a view applies to the turtle and ntriples exports "
                            "only, not %s", kg_export_format_name(opts->format) ?
                            kg_export_format_name(opts->format) : "this format");
    switch (opts->format) {
    case KG_EXPORT_GRAPHML: rc = graphml_write(ds, opts, stream); break;
    case KG_EXPORT_JSON: rc = json_write(ds, opts, stream); break;
    case KG_EXPORT_TURTLE:
    case KG_EXPORT_NTRIPLES: rc = kg_export__rdf(ds, opts, stream); break;
    case KG_EXPORT_NEO4J:
        return kg_error__set(KG_EUSAGE, "a neo4j export is a directory of CSV files, not one "
                            "stream: give -o DIR");
    default:
        return kg_error__set(KG_EUSAGE, "unknown export format %d", (int)opts->format);
    }
    if (rc == KG_OK && ferror(stream))
        rc = kg_error__set(KG_EIO, "write error: %s", strerror(errno ? errno : EIO));
    return rc;
}

int kg_export_file(const kg_dataset *ds, const kg_export_options *opts, const char *path)
{
    kg_output *out = NULL;
    int rc;
    if (opts->format == KG_EXPORT_NEO4J) {
        if (opts->entity_mask || opts->relation_mask)
            return kg_error__set(KG_EUSAGE, "a view applies to the turtle and ntriples exports "
                                "only, not neo4j");
        if (strcmp(path, "-") == 0)
            return kg_error__set(KG_EUSAGE, "a neo4j export is a directory (entities.csv, "
                                "sources.csv, relationships.csv) and cannot go to standard "
                                "output: give -o DIR");
        return kg_export__neo4j_dir(ds, path);
    }
    if ((opts->format == KG_EXPORT_TURTLE || opts->format == KG_EXPORT_NTRIPLES) &&
        opts->base_iri && (rc = kg_export_base_iri_check(opts->base_iri)) != KG_OK)
        return rc; /* before any file is made */
    rc = kg_output_open(&out, path);
    if (rc != KG_OK)
        goto cleanup;
    rc = kg_export_stream(ds, opts, kg_output_stream(out));
    if (rc != KG_OK)
        goto cleanup;
    rc = kg_output_commit(out);
    out = NULL; /* commit frees it either way */

cleanup:
    kg_output_abort(out);
    return rc;
}
