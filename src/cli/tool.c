/* tool.c: the kgraph command dispatcher, help texts and usage errors. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "kgraph/version.h"
#include "tool.h"
#include "viewopts.h"

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
    const char *help;
} command;

#define DATASET_OPTIONS_HELP \
"Dataset options:\n" \
"  DATASET                a directory with entities.csv, relations.csv and an optional\n" \
"                         sources.csv (default: the current directory)\n" \
"  --entities FILE        read entities from FILE instead of DATASET/entities.csv\n" \
"  --relations FILE       read relations from FILE\n" \
"  --sources FILE         read sources from FILE\n" \
"  --map FILE.COLUMN=HEADER\n" \
"                         read COLUMN from the column headed HEADER, e.g.\n" \
"                         --map relations.source=From (repeatable)\n" \
"  --max-field-size N     longest field accepted (default 1M; K, M, G suffixes)\n" \
"  --max-file-size N      largest file accepted (default 4G)\n" \
"  --max-rows N           most rows per file (default 10M)\n" \
"  -q, --quiet            do not print warnings\n" \
"  -h, --help             show this help\n"

static const command commands[] = {
    {"check", kg_cmd__check, "validate a dataset and print a summary",
     "Usage: kgraph check [DATASET] [options]\n"
     "\n"
     "Loads and validates a dataset: every problem is reported as FILE:LINE: message,\n"
     "errors first-class (exit 2), warnings informative (exit 0). On success prints one\n"
     "line: entities, relations, citations and sources.\n"
     "\n"
     "Duplicate entities are warned about, at the later one's line naming the earlier:\n"
     "two entities whose id, label or aliases are equal (a shared alias, an alias equal\n"
     "to another's label, ...), or equal once case, punctuation, white space and leading\n"
     "titles (President, Prime Minister, Foreign Minister, Minister, General, Dr., Mr.,\n"
     "Ms., The, ... see README) are ignored.\n"
     "  --strict               treat every warning as an error: exit 2 when there is one\n"
     "                         (warnings are then shown even with -q)\n"
     "\n"
     "Corpus options:\n"
     "  --corpus DIR           verify every quote against the text file DIR/FILE named by\n"
     "                         the `file` column of its source in sources.csv. Matching\n"
     "                         ignores white space and line breaks, straight vs curly\n"
     "                         quotes and dashes, and decodes spelled-out UTF-8 bytes\n"
     "                         (xe2x80x99); it is case-sensitive. Each quote not found is\n"
     "                         an error at relations.csv:LINE with a note giving the\n"
     "                         closest passage of the document. Then prints a 'quotes:'\n"
     "                         line and the coverage table: per entity, the sources whose\n"
     "                         document mentions its label or an alias (whole words, any\n"
     "                         case), and the entities mentioned but in no relation\n"
     "  --coverage             with --corpus: print only the coverage table, do not\n"
     "                         verify quotes\n"
     "\n" DATASET_OPTIONS_HELP
     "\n"
     "Exit status: 0 valid (and every quote verified), 2 invalid data, a quote not found,\n"
     "a source file missing or unsafe, unreadable files or bad usage.\n"},
    {"render", kg_cmd__render, "draw a dataset as SVG, PNG, PDF, DOT or JSON",
     "Usage: kgraph render [DATASET] [options]\n"
     "\n"
     "Builds the relationship diagram of a dataset: a node per entity (shape and colour by\n"
     "type), an edge per relation (colour by polarity, width by the number of documents\n"
     "citing it, tooltip with every quote), a legend and a title.\n"
     "\n"
     "Output options:\n"
     "  -o, --output FILE      write to FILE, atomically (default: standard output;\n"
     "                         '-' is standard output too)\n"
     "  -T, --format FORMAT    svg, png, pdf, dot or json (default: from the extension of\n"
     "                         FILE, else svg); dot is the built graph without layout\n"
     "  -K, --engine ENGINE    dot, neato, fdp, sfdp, circo or twopi (default: chosen by\n"
     "                         the graph's size so that layout finishes in seconds: dot,\n"
     "                         neato, then sfdp; fdp for --cluster; past 20000 nodes or\n"
     "                         40000 edges refused); an engine given is used, with a\n"
     "                         warning past the size it lays out in seconds\n"
     "  --max-pixels N         refuse a png larger than N pixels, width times height\n"
     "                         (default 50000000; never more than 32000 a side)\n"
     "  --title TEXT           title drawn on top (default: the dataset's name)\n"
     "  --no-title             draw no title\n"
     "  --no-legend            leave the legend out\n"
     "  --style FILE           override styles from FILE (see README: Styles)\n"
     "  --fragment             svg for inline use in a page: no XML declaration, DOCTYPE\n"
     "                         or comments; a viewBox and no fixed width or height\n"
     "  --id-prefix PREFIX     prefix every id in the svg (and every reference to one)\n"
     "                         so that several diagrams can share one page\n"
     "  --link-prefix PREFIX   link each node to PREFIX + its entity id (e.g.\n"
     "                         '#entity-') instead of the entity's url\n"
     "\n"
     KG_VIEW_OPTIONS_HELP
     "\n" DATASET_OPTIONS_HELP
     "\n"
     "Exit status: 0 written, 2 invalid data, layout or write failure, bad usage; on\n"
     "failure an existing output file is left untouched.\n"},
    {"report", kg_cmd__report, "write an HTML or Markdown report with diagrams and evidence",
     "Usage: kgraph report [DATASET] -o FILE.html|FILE.md [options]\n"
     "\n"
     "Writes a report of the dataset: a title, the overview diagram with its legend,\n"
     "summary statistics (counts, the most connected entities), a section per entity\n"
     "(its focused diagram and a table of its relations with quotes and sources), the\n"
     "sources, and an evidence appendix listing every citation of every relation.\n"
     "HTML is one self-contained file (inline SVG and CSS, nothing loaded from anywhere;\n"
     "nodes link to their entity's section). Markdown (GitHub-flavoured) has its SVG\n"
     "files in the directory NAME_files beside NAME.md, linked relatively.\n"
     "\n"
     "Output options:\n"
     "  -o, --output FILE      write to FILE atomically (HTML may be '-': standard output)\n"
     "  -T, --format FORMAT    html or md (default: from the extension of FILE)\n"
     "  --title TEXT           the report's title (default: Report on NAME)\n"
     "  -K, --engine ENGINE    the overview's layout engine (default: fdp up to 300\n"
     "                         nodes, then by size as for render); focused diagrams use\n"
     "                         dot within its limits (150 nodes, 300 edges), then by size\n"
     "  --style FILE           override styles, as for render\n"
     "  --top N                how many most connected entities to list (default 10)\n"
     "  --diagram-budget N     drawn nodes plus edges over all entity diagrams (default\n"
     "                         40000; 0: none); sections past it keep their text and\n"
     "                         evidence, without a diagram\n"
     "\n" KG_VIEW_OPTIONS_HELP
     "  Views apply to the whole report: diagrams, sections, statistics and evidence.\n"
     "\n" DATASET_OPTIONS_HELP
     "\n"
     "Exit status: 0 written, 2 invalid data, an unknown name in a view option, layout\n"
     "or write failure, bad usage; on failure an existing report is left untouched.\n"},
    {"diff", kg_cmd__diff, "show what changed between two versions of a dataset",
     "Usage: kgraph diff OLD NEW [options]\n"
     "       kgraph diff --git PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE\n"
     "\n"
     "Compares two versions of a dataset semantically: entities and sources by id,\n"
     "relations by (source, relation, target). Reports entities and sources added,\n"
     "removed and changed (label, type, aliases, ...), relations added and removed, and\n"
     "relations changed: polarity, and citations added, removed or changed (doc, quote,\n"
     "date, polarity, confidence, claimed_by). Row order, quoting, line endings, a BOM\n"
     "and column order never count as changes.\n"
     "\n"
     "OLD and NEW are each one of:\n"
     "  DIR                    a dataset directory\n"
     "  FILE                   one file of a dataset, named ...entities.csv,\n"
     "                         ...relations.csv or ...sources.csv: only that file is\n"
     "                         compared (its references to other files are not checked)\n"
     "  REV:PATH               a directory or file in a git revision, e.g. HEAD~1:data\n"
     "                         (read with git cat-file; a path that exists on disk is\n"
     "                         always taken as a path, even with ':' in it)\n"
     "  /dev/null              nothing: everything on the other side is added or removed\n"
     "\n"
     "Output options:\n"
     "  -T, --format FORMAT    text (default), csv, json, or a diff diagram: svg, png,\n"
     "                         pdf or dot (default: from the extension of -o FILE)\n"
     "  -o, --output FILE      write to FILE, atomically (default: standard output)\n"
     "  --color WHEN           colour the text: auto (default: on a terminal, unless\n"
     "                         NO_COLOR is set), always or never\n"
     "  --csv-raw              csv: write every field as it is. By default a field a\n"
     "                         spreadsheet would run as a formula (first character =,\n"
     "                         +, -, @, tab or CR, and not a plain number such as -0.5)\n"
     "                         is written as '=... (quoted, a single quote first)\n"
     "\n"
     "Diagram options (svg, png, pdf, dot): the union of both versions, added in green,\n"
     "removed in red and dashed, changed in orange, the rest in grey, with a legend.\n"
     "  --context N            draw only what changed and the entities within N hops of\n"
     "                         it, with the relations among them\n"
     "  -K, --engine ENGINE    layout engine, as for render\n"
     "  --title TEXT, --no-title, --no-legend, --style FILE   as for render\n"
     "\n"
     "\n" KG_VIEW_OPTIONS_HELP
     "  In diff, a view restricts what is compared and drawn, the same on both sides: it\n"
     "  is selected in each version, and an entity or relation change is shown when the\n"
     "  entity or relation is in the view of either version (source changes are always\n"
     "  shown). A name must exist in at least one version. --focus ID with --depth N\n"
     "  keeps what changed within N hops of ID in either version. View options need\n"
     "  whole datasets and use --method model; --cluster does not apply.\n"
     "\n"
     "Tuning:\n"
     "  --method METHOD        auto (default), scan or model: scan compares the files\n"
     "                         directly (fast on big datasets, falls back to model on\n"
     "                         anything unusual); model loads both datasets first\n"
     "\n"
     "git integration:\n"
     "  --git                  run as git's external diff driver (scripts/git-setup sets\n"
     "                         it up): takes git's 7 arguments, compares the one file,\n"
     "                         prints a header and the text diff, exits 0 on differences\n"
     "\n" DATASET_OPTIONS_HELP
     "  The dataset options apply to both versions; --entities, --relations and\n"
     "  --sources name a file both versions share.\n"
     "\n"
     "Exit status: 0 no differences, 1 differences, 2 trouble (invalid data on either\n"
     "side, reported as render reports it; unreadable files; bad usage). With --git, 0\n"
     "for differences too.\n"},
    {"stats", kg_cmd__stats, "counts, components, degrees and betweenness centrality",
     "Usage: kgraph stats [DATASET] [options]\n"
     "\n"
     "Counts entities per type, relations per verb and polarity, citations per document;\n"
     "numbers the connected components (direction ignored; largest first, equal sizes by\n"
     "their first entity in entities.csv); and gives per entity its degree (distinct\n"
     "neighbours, direction ignored, itself not counted), in- and out-degree (relations\n"
     "ending or starting there), weighted degree (citations of its relations) and\n"
     "betweenness centrality on the undirected simple graph (Brandes; normalised as\n"
     "networkx's betweenness_centrality does for undirected graphs).\n"
     "\n"
     "Output options:\n"
     "  -o, --output FILE      write to FILE, atomically (default: standard output)\n"
     "  -T, --format FORMAT    text (default), csv (one row per entity: id, label, type,\n"
     "                         degree, in_degree, out_degree, weighted_degree,\n"
     "                         betweenness, component) or json (default: from the\n"
     "                         extension of FILE)\n"
     "  --top N                text: entities listed per ranking (default 20; 0: all)\n"
     "  --csv-raw              csv: write every field as it is. By default a field a\n"
     "                         spreadsheet would run as a formula (first character =,\n"
     "                         +, -, @, tab or CR, and not a plain number such as -0.5)\n"
     "                         is written as '=... (quoted, a single quote first)\n"
     "\n"
     "Betweenness options:\n"
     "  --exact                always compute it exactly (O(entities x edges) time)\n"
     "  --samples K            estimate it from K pivot entities, scaled by n/K as\n"
     "                         networkx's betweenness_centrality(G, k=K) does (default:\n"
     "                         exact up to n*(n+2*edges) = 4e9, else 256 pivots)\n"
     "  --seed N               the seed of the pivot choice (default fixed: the same\n"
     "                         input gives the same output)\n"
     "  --no-betweenness       do not compute it (every value 0)\n"
     "\n" KG_VIEW_FILTER_OPTIONS_HELP
     "  In stats, a view restricts the graph measured: the counts, components, degrees\n"
     "  and betweenness are those of the entities and relations the view keeps.\n"
     "\n" DATASET_OPTIONS_HELP
     "\n"
     "Exit status: 0 written, 2 invalid data, write failure or bad usage.\n"},
    {"conflicts", kg_cmd__conflicts, "list the pairs of entities about which citations disagree",
     "Usage: kgraph conflicts [DATASET] [options]\n"
     "\n"
     "Groups citations by the pair of entities their relation joins (either direction,\n"
     "any relation) and lists each pair where\n"
     "  - one citation is positive and another negative, from different documents or\n"
     "    claimed by different entities (no claimed_by: the document's own voice), or\n"
     "  - a citation is marked contested (relations.csv column 'status': asserted, the\n"
     "    default, or contested).\n"
     "Each conflict shows the pair's positive (+), negative (-) and contested citations:\n"
     "relation, quote, relations.csv line, doc and source title, claimant. Pairs are\n"
     "ordered by their entities' order in entities.csv.\n"
     "\n"
     "Output options:\n"
     "  -o, --output FILE      write to FILE, atomically (default: standard output)\n"
     "  -T, --format FORMAT    text (default), csv (a row per citation: conflict,\n"
     "                         entity_a, entity_b, kinds, side, source, relation, target,\n"
     "                         polarity, status, doc, title, claimed_by, quote, line) or\n"
     "                         json (default: from the extension of FILE)\n"
     "  --csv-raw              csv: write every field as it is. By default a field a\n"
     "                         spreadsheet would run as a formula (first character =,\n"
     "                         +, -, @, tab or CR, and not a plain number such as -0.5)\n"
     "                         is written as '=... (quoted, a single quote first)\n"
     "\n" KG_VIEW_FILTER_OPTIONS_HELP
     "  In conflicts, only citations of the relations the view keeps are compared.\n"
     "\n" DATASET_OPTIONS_HELP
     "\n"
     "Exit status: 0 no conflicts, 1 conflicts found, 2 invalid data, write failure or\n"
     "bad usage.\n"},
    {"export", kg_cmd__export, "write a dataset as GraphML, JSON node-link or Neo4j CSV",
     "Usage: kgraph export [DATASET] -T FORMAT [-o OUT] [options]\n"
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
     "Output options:\n"
     "  -T, --format FORMAT    graphml, json or neo4j (default: from the extension of\n"
     "                         -o: .graphml or .xml, .json)\n"
     "  -o, --output OUT       write to OUT atomically (default and '-': standard\n"
     "                         output); for neo4j a directory, required, written beside\n"
     "                         OUT and renamed into place; an existing OUT is replaced\n"
     "                         only when it holds nothing but those files\n"
     "\n" DATASET_OPTIONS_HELP
     "\n"
     "Exit status: 0 written, 2 invalid data, write failure or bad usage; on failure an\n"
     "existing output is left untouched.\n"},
};

#define COMMAND_COUNT (sizeof commands / sizeof commands[0])

int kg_usage__error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fputs("kgraph: ", stderr);
    if (cmd && strcmp(cmd, "kgraph") != 0)
        fprintf(stderr, "%s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    if (cmd && strcmp(cmd, "kgraph") != 0)
        fprintf(stderr, "Try 'kgraph help %s' for more information.\n", cmd);
    else
        fputs("Try 'kgraph --help' for more information.\n", stderr);
    return KG_EXIT_TROUBLE;
}

int kg_tool__help(const char *name, FILE *stream)
{
    if (!name || strcmp(name, "kgraph") == 0) {
        fputs("Usage: kgraph COMMAND [ARGS]\n"
              "\n"
              "kgraph turns a relation set kept in CSV (entities, relations citing the document\n"
              "and quote they come from, sources) into relationship diagrams.\n"
              "\n"
              "Commands:\n", stream);
        for (size_t i = 0; i < COMMAND_COUNT; i++)
            fprintf(stream, "  %-10s %s\n", commands[i].name, commands[i].summary);
        fputs("  help       show the help of a command\n"
              "\n"
              "Options:\n"
              "  -h, --help     show this help\n"
              "  -V, --version  show the version\n"
              "\n"
              "Run 'kgraph help COMMAND' for a command's options.\n"
              "Exit status: 0 success, 1 differences found, 2 trouble.\n", stream);
        return 0;
    }
    for (size_t i = 0; i < COMMAND_COUNT; i++)
        if (strcmp(commands[i].name, name) == 0) {
            fputs(commands[i].help, stream);
            return 0;
        }
    return -1;
}

int kg_tool__main(int argc, char **argv)
{
    if (argc < 2)
        return kg_usage__error("kgraph", "no command given");
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
        kg_tool__help(NULL, stdout);
        return KG_EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
        printf("kgraph %s (Graphviz cgraph/gvc, libcsv)\n", kg_version());
        return KG_EXIT_OK;
    }
    if (strcmp(cmd, "help") == 0) {
        if (argc > 3)
            return kg_usage__error("kgraph", "'help' takes one command name");
        if (kg_tool__help(argc == 3 ? argv[2] : NULL, stdout) != 0)
            return kg_usage__error("kgraph", "unknown command '%s'", argv[2]);
        return KG_EXIT_OK;
    }
    for (size_t i = 0; i < COMMAND_COUNT; i++)
        if (strcmp(commands[i].name, cmd) == 0) {
            kg_output_clear_inputs(); /* the files this command reads are registered anew */
            int status = commands[i].run(argc - 1, argv + 1);
            kg_output_clear_inputs();
            return status;
        }
    if (cmd[0] == '-')
        return kg_usage__error("kgraph", "unknown option '%s'", cmd);
    return kg_usage__error("kgraph", "unknown command '%s'", cmd);
}
