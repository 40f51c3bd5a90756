/* cmd_export.c: `kgraph export`: a dataset as GraphML, JSON node-link or Neo4j import CSV. */
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "tool.h"

static const kg_option export_options[] = {
    KG_TEXT("Usage: kgraph export [DATASET] -T FORMAT [-o OUT] [options]\n"
            "\n"
            "Writes the dataset for other graph tools, every field of every row exactly as read\n"
            "(unknown columns, multi-line and quoted values included). Each row of relations.csv\n"
            "(a citation) is one edge; the citations of a relation share its number in\n"
            "kgraph_relation, with kgraph_citations, kgraph_documents and kgraph_polarity.\n"
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
            "\n"
            "Output options:\n"),
    {"format", 'T', "FORMAT", OPT_FORMAT, "graphml, json or neo4j (default: from the extension of\n"
                                          "-o: .graphml or .xml, .json)"},
    {"output", 'o', "OUT", OPT_OUTPUT,
     "write to OUT atomically (default and '-': standard\n"
     "output); for neo4j a directory, required, written beside\n"
     "OUT and renamed into place; an existing OUT is replaced\n"
     "only when it holds nothing but those files"},
    KG_DATASET_OPTIONS,
    KG_TEXT("\nExit status: 0 written, 2 invalid data, write failure or bad usage; on failure an\n"
            "existing output is left untouched.\n"),
    KG_OPT_END};

/* `kgraph export`: checks the format, loads and writes the dataset for another tool. */
static int run_export(kg_cli *c)
{
    const char *output = c->opt[OPT_OUTPUT], *format_name = c->opt[OPT_FORMAT];
    kg_export_options eopts = {KG_EXPORT_GRAPHML, NULL};
    if (format_name) {
        if (kg_export_format_parse(&eopts.format, format_name) != KG_OK)
            return kg_usage__error("export", "%s", kg_last_error());
    } else if (output && strcmp(output, "-") != 0) {
        if (kg_export_format_from_path(&eopts.format, output) != KG_OK)
            return kg_usage__error("export", "%s", kg_last_error());
    } else {
        return kg_usage__error("export", "no format given: -T graphml, json or neo4j "
                              "(or -o FILE.graphml, FILE.json)");
    }
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
    return kg_export_file(c->ds, &eopts, output) == KG_OK ? KG_EXIT_OK : kg_print__error(KG_EIO);
}

const kg_command kg_cmd__export = {"export", "write a dataset as GraphML, JSON node-link or Neo4j CSV",
                                  export_options, 1, run_export};
