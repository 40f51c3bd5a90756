/* cmd_export.c: `kgraph export`: a dataset as GraphML, JSON node-link, Neo4j import CSV or RDF. */
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "tool.h"
#include "viewopts.h"

static const kg_option export_options[] = {
    KG_TEXT("Usage: kgraph export [DATASET] -T FORMAT [-o OUT] [options]\n"
            "\n"
            "Writes the dataset for other graph tools, every field of every row exactly as read\n"
            "(unknown columns, multi-line and quoted values included). In graphml, json and\n"
            "neo4j each row of relations.csv (a citation) is one edge; the citations of a\n"
            "relation share its number in kgraph_relation, with kgraph_citations,\n"
            "kgraph_documents and kgraph_polarity.\n"
            "\n"
            "Formats:\n"
            "  graphml                GraphML with a typed <key> per column (Gephi, yEd,\n"
            "                         Cytoscape, networkx); entities and sources are nodes\n"
            "                         (kgraph_kind), sources with ids 'source:ID'\n"
            "  json                   node-link JSON as networkx's node_link_data writes it and\n"
            "                         D3 reads it (Cytoscape.js with each item as its data):\n"
            "                         {\"directed\", \"multigraph\",\n"
            "                         \"graph\": {\"name\", \"sources\"}, \"nodes\": [{\"id\", ...}],\n"
            "                         \"links\": [{\"source\", \"target\", ...}]}\n"
            "  neo4j                  a directory for neo4j-admin import: entities.csv\n"
            "                         (:ID(Entity), :LABEL), sources.csv (:ID(Source)) and\n"
            "                         relationships.csv (:START_ID, :END_ID, :TYPE), then\n"
            "                           neo4j-admin database import full --nodes=OUT/entities.csv\n"
            "                             --nodes=OUT/sources.csv --relationships=OUT/relationships.csv\n"
            "                             --multiline-fields=true neo4j\n"
            "                         (Neo4j 4: neo4j-admin import --database=neo4j ...)\n"
            "  turtle, ntriples       RDF (docs/rdf.md): each entity an IRI under --base-iri\n"
            "                         with rdfs:label, skos:altLabel, rdf:type of its type's\n"
            "                         class; each relation one direct triple; each citation\n"
            "                         an rdf:Statement with kg:quote, prov:wasQuotedFrom the\n"
            "                         document, prov:wasAttributedTo the claimant; the view\n"
            "                         options select what is written\n"
            "\n"
            "Output options:\n"),
    {"format", 'T', "FORMAT", OPT_FORMAT, "graphml, json, neo4j, turtle or ntriples (default: from\n"
                                          "the extension of -o: .graphml or .xml, .json, .ttl,\n"
                                          ".nt)"},
    {"output", 'o', "OUT", OPT_OUTPUT,
     "write to OUT atomically (default and '-': standard\n"
     "output); for neo4j a directory, required, written beside\n"
     "OUT and renamed into place; an existing OUT is replaced\n"
     "only when it holds nothing but those files"},
    {"base-iri", 0, "IRI", OPT_BASE_IRI,
     "turtle, ntriples: the IRI every IRI kgraph makes starts\n"
     "with, ending with '/' or '#' (default\n"
     "https://kgraph.example/: the .example domain is reserved,\n"
     "so give your own to publish)"},
    KG_TEXT("\n"),
    KG_VIEW_FILTER_OPTION_TABLE,
    KG_TEXT("  (turtle and ntriples only)\n"),
    KG_VIEW_COMMON_HELP,
    KG_DATASET_OPTIONS,
    KG_TEXT("\nExit status: 0 written, 2 invalid data, write failure or bad usage; on failure an\n"
            "existing output is left untouched.\n"),
    KG_OPT_END};

/* `kgraph export`: checks the format, loads and writes the dataset for another tool. */
static int run_export(kg_cli *c)
{
    const char *output = c->opt[OPT_OUTPUT], *format_name = c->opt[OPT_FORMAT];
    const char *base_iri = c->opt[OPT_BASE_IRI];
    kg_export_options eopts = {.format = KG_EXPORT_GRAPHML};
    if (format_name) {
        if (kg_export_format_parse(&eopts.format, format_name) != KG_OK)
            return kg_usage__error("export", "%s", kg_last_error());
    } else if (output && strcmp(output, "-") != 0) {
        if (kg_export_format_from_path(&eopts.format, output) != KG_OK)
            return kg_usage__error("export", "%s", kg_last_error());
    } else {
        return kg_usage__error("export", "no format given: -T graphml, json, neo4j, turtle "
                              "or ntriples (or -o FILE.graphml, FILE.json, FILE.ttl, FILE.nt)");
    }
    int rdf = eopts.format == KG_EXPORT_TURTLE || eopts.format == KG_EXPORT_NTRIPLES;
    if (base_iri && !rdf)
        return kg_usage__error("export", "--base-iri applies to -T turtle and ntriples only");
    if (base_iri && kg_export_base_iri_check(base_iri) != KG_OK)
        return kg_usage__error("export", "%s", kg_last_error());
    if (!rdf && kg_view_options_active(&c->view.opts))
        return kg_usage__error("export", "the view options apply to -T turtle and ntriples "
                              "only, not %s", kg_export_format_name(eopts.format));
    eopts.base_iri = base_iri;
    if (!output) {
        if (eopts.format == KG_EXPORT_NEO4J)
            return kg_usage__error("export", "-T neo4j writes a directory: give -o DIR");
        output = "-";
    }
    if (eopts.format == KG_EXPORT_NEO4J && strcmp(output, "-") == 0)
        return kg_usage__error("export", "-T neo4j writes a directory (entities.csv, "
                              "sources.csv, relationships.csv), not standard output: "
                              "give -o DIR");

    if (!kg_cli__load(c, NULL))
        return KG_EXIT_TROUBLE;
    char name[256];
    kg_dataset__name(c->d.dir, name, sizeof name);
    eopts.name = name;
    eopts.entity_mask = c->entity_mask;
    eopts.relation_mask = c->relation_mask;
    return kg_export_file(c->ds, &eopts, output) == KG_OK ? KG_EXIT_OK : kg_print__error(KG_EIO);
}

const kg_command kg_cmd__export = {"export", "write a dataset as GraphML, JSON, Neo4j CSV, Turtle or N-Triples",
                                  export_options, 1, run_export};
