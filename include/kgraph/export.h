/* kgraph/export.h: a dataset as GraphML, JSON node-link, Neo4j admin-import CSV or RDF.
 *
 * Exports carry every field of every row exactly as read (kg_dataset_cell: after CSV
 * unquoting, CRLF inside quoted fields as LF), unknown columns too, in file order, so
 * the same dataset always gives the same bytes. A column kgraph knows is named by its
 * canonical name ("source", also when --map read it from another header); an unknown
 * column by its header as written. Each row of relations.csv is one citation and becomes
 * one edge (GraphML, JSON) or relationship (Neo4j); the citations of one relation share
 * its number in the computed field kgraph_relation, alongside kgraph_citations,
 * kgraph_documents and kgraph_polarity (mixed when the citations disagree). A computed
 * field is left out when a column of the file has the same name.
 *
 *   GraphML   typed <key>s (string; confidence double; the computed counts int/long);
 *             entities are nodes (id = entity id, kgraph_kind "entity"), sources are
 *             nodes too (kgraph_kind "source", id "source:ID", fields named "source.COL";
 *             a longer "source:" prefix when an entity id is taken), relation rows are
 *             edges c0, c1, ... in file order. An empty cell has no <data>. XML 1.0
 *             cannot hold U+FFFE or U+FFFF: they are written as U+FFFD (the one loss).
 *   JSON      networkx's node_link_data shape, as D3 reads it (Cytoscape.js takes each
 *             node and link as the data of an element):
 *             {"directed": true, "multigraph": true,
 *              "graph": {"name": NAME, "sources": [{COL: VALUE, ...}, ...]},
 *              "nodes": [{"id": ID, COL: VALUE, ...}, ...],
 *              "links": [{"source": ID, "target": ID, COL: VALUE, ...,
 *                         "kgraph_relation": N, ...}, ...]}
 *             every CSV value a JSON string (empty ones included).
 *   Neo4j     a directory: entities.csv (id:ID(Entity), :LABEL = Entity, plus the type
 *             when it is an identifier), sources.csv (id:ID(Source), :LABEL = Source;
 *             only when the dataset has sources) and relationships.csv
 *             (:START_ID(Entity), :END_ID(Entity), :TYPE = the relation), every other
 *             column a property NAME:string (confidence:double; ':' in a name as '_').
 *             Every string is quoted; multi-line values need neo4j-admin's
 *             --multiline-fields=true.
 *   Turtle, N-Triples  RDF 1.1 (docs/rdf.md has the model, an example and SPARQL queries).
 *             Every IRI kgraph makes is under a base IRI (base_iri, by default
 *             KG_EXPORT_DEFAULT_BASE_IRI), its data part percent-encoded (bytes other than
 *             A-Z a-z 0-9 - . _ ~): BASE entity/ID, type/TYPE (an rdfs:Class, subclass of
 *             BASE vocab/Entity), relation/VERB (an rdf:Property), document/DOC,
 *             citation/N (N: the row of relations.csv, 1 for the first after the header),
 *             column/NAME (a column kgraph does not know), vocab/TERM (kgraph's terms).
 *             An entity has rdf:type kg:Entity and its type's class, dct:identifier,
 *             rdfs:label, one skos:altLabel per alias, dct:description, and its url as
 *             rdfs:seeAlso <IRI> (http, https) or kg:url "TEXT" (relative). Each relation
 *             is ONE direct triple ent:SOURCE rel:VERB ent:TARGET. Each citation is an
 *             rdf:Statement (RDF reification: rdf:subject, rdf:predicate, rdf:object name
 *             the relation's triple) and a kg:Citation, with kg:quote,
 *             prov:wasQuotedFrom its document, dct:date (xsd:gYear, gYearMonth or date),
 *             kg:confidence (xsd:decimal; xsd:double with an exponent),
 *             prov:wasAttributedTo the claimed_by entity, kg:polarity and kg:status
 *             ("asserted" or "contested"). A document is a dct:BibliographicResource and
 *             prov:Entity with dct:identifier, dct:title, dct:publisher, dct:creator (the
 *             author), dct:date, its url and kg:file. Every other non-empty cell, unknown
 *             columns included, is col:NAME "VALUE". Empty cells give no triple. Literals
 *             are xsd:string unless said; UTF-8 is written as it is, \ " and line breaks
 *             escaped, other controls as \u00XX. Turtle uses prefixed names where the
 *             local part is [A-Za-z0-9_-] (not starting with '-'), N-Triples full IRIs;
 *             both hold the same triples.
 *             With masks (a view, kg_view_select) only the selected entities, relations,
 *             their citations and the documents those cite are written.
 */
#ifndef KGRAPH_EXPORT_H
#define KGRAPH_EXPORT_H

#include <stdio.h>
#include "kgraph/common.h"
#include "kgraph/dataset.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum kg_export_format {
    KG_EXPORT_GRAPHML = 0,
    KG_EXPORT_JSON = 1,
    KG_EXPORT_NEO4J = 2,
    KG_EXPORT_TURTLE = 3,
    KG_EXPORT_NTRIPLES = 4
} kg_export_format;

/* The base IRI of RDF exports when none is given. */
#define KG_EXPORT_DEFAULT_BASE_IRI "https://kgraph.example/"

/* Parses "graphml", "json", "neo4j", "turtle" or "ntriples" into *out. Returns KG_OK, or
 * KG_EUSAGE naming the value in kg_last_error(). */
KG_API int kg_export_format_parse(kg_export_format *out, const char *name);
/* The format from path's extension: .graphml or .xml (GraphML), .json, .ttl (Turtle), .nt
 * (N-Triples). Returns KG_OK, or KG_EUSAGE (no or another extension; a Neo4j export must
 * be asked for by name). */
KG_API int kg_export_format_from_path(kg_export_format *out, const char *path);
/* "graphml", "json", "neo4j", "turtle", "ntriples"; NULL for an invalid value. */
KG_API const char *kg_export_format_name(kg_export_format format);

/* Checks a base IRI for RDF exports: a scheme (letters, digits, + - .) and ':', then
 * printable ASCII other than space and <>"{}|^`\, ending with '/' or '#'. Returns KG_OK,
 * or KG_EUSAGE with the reason in kg_last_error(). */
KG_API int kg_export_base_iri_check(const char *iri);

/* Zero-initialise, then set format (the rest is optional). */
typedef struct kg_export_options {
    kg_export_format format;
    const char *name;     /* the graph's name (GraphML and JSON); NULL: none. Borrowed. */
    const char *base_iri; /* Turtle and N-Triples; NULL: KG_EXPORT_DEFAULT_BASE_IRI */
    /* A view (Turtle and N-Triples only; NULL: everything): masks as kg_view_select makes
     * them, kg_dataset_entity_count and kg_dataset_relation_count bytes. Borrowed. */
    const unsigned char *entity_mask, *relation_mask;
} kg_export_options;

/* Writes ds as opts->format (GraphML, JSON, Turtle or N-Triples) to stream, which the
 * caller owns. Returns KG_OK; KG_EUSAGE for KG_EXPORT_NEO4J (a directory: use
 * kg_export_file), for masks with a format other than Turtle and N-Triples, and for an
 * invalid base_iri;
 * KG_EIO when the stream reports a write error; KG_ENOMEM. On failure part of the
 * output may have been written; the message is in kg_last_error(). */
KG_API int kg_export_stream(const kg_dataset *ds, const kg_export_options *opts, FILE *stream);

/* Writes ds to path atomically: for GraphML, JSON, Turtle and N-Triples a file through
 * kg_output ("-" is stdout); for Neo4j a directory holding entities.csv, relationships.csv and, when the
 * dataset has sources, sources.csv. The directory is written beside path under a
 * temporary name and renamed into place when complete; an existing directory at path is
 * replaced as a whole, but only when it holds nothing but those files (anything else is
 * KG_EIO and it is left alone), and never when one of those files is a registered input
 * (kg_output_add_input: KG_EUSAGE), as kg_output_open refuses one. "-" is KG_EUSAGE for
 * Neo4j. Returns KG_OK, KG_EUSAGE,
 * KG_EIO or KG_ENOMEM, with the message in kg_last_error(); on failure nothing at path
 * has changed and no temporary file is left. */
KG_API int kg_export_file(const kg_dataset *ds, const kg_export_options *opts, const char *path);

#ifdef __cplusplus
}
#endif
#endif
