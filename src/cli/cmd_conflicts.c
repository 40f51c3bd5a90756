/* cmd_conflicts.c: `kgraph conflicts`: pairs of entities about which citations disagree. */
#include <stdio.h>

#include "args.h"
#include "tool.h"
#include "viewopts.h"

static const kg_option conflicts_options[] = {
    KG_TEXT("Usage: kgraph conflicts [DATASET] [options]\n"
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
            "Output options:\n"),
    KG_OPT_OUTPUT_ROW,
    {"format", 'T', "FORMAT", OPT_FORMAT,
     "text (default), csv (a row per citation: conflict,\n"
     "entity_a, entity_b, kinds, side, source, relation, target,\n"
     "polarity, status, doc, title, claimed_by, quote, line) or\n"
     "json (default: from the extension of FILE)"},
    KG_OPT_CSV_RAW_ROW,
    KG_TEXT("\n"),
    KG_VIEW_FILTER_OPTION_TABLE,
    KG_VIEW_COMMON_HELP,
    KG_TEXT("  In conflicts, only citations of the relations the view keeps are compared.\n"),
    KG_DATASET_OPTIONS,
    KG_TEXT("\nExit status: 0 no conflicts, 1 conflicts found, 2 invalid data, write failure or\n"
            "bad usage.\n"),
    KG_OPT_END};

/* What kg_text__write passes to write_conflicts. */
typedef struct conflicts_report {
    const kg_conflicts *found;
    const kg_dataset *ds;
    kg_conflicts_format format;
} conflicts_report;

static int write_conflicts(FILE *stream, const void *ctx)
{
    const conflicts_report *r = ctx;
    return kg_conflicts_write(stream, r->found, r->ds, r->format);
}

/* `kgraph conflicts`: checks the options, loads, selects the view, finds and writes. */
static int run_conflicts(kg_cli *c)
{
    int status = KG_EXIT_TROUBLE, format = kg_cli__text_format(c);
    kg_conflicts *found = NULL;
    if (format < 0 || !kg_cli__load(c, NULL))
        return KG_EXIT_TROUBLE;
    kg_conflicts_options co = {c->entity_mask, c->relation_mask};
    if (kg_conflicts_find(&found, c->ds, &co) != KG_OK)
        return kg_print__error(KG_ENOMEM);
    conflicts_report report = {found, c->ds, (kg_conflicts_format)format};
    if (kg_text__write(c->opt[OPT_OUTPUT], write_conflicts, &report) == 0)
        status = kg_conflicts_count(found) ? KG_EXIT_DIFFERENCES : KG_EXIT_OK;
    kg_conflicts_free(found);
    return status;
}

const kg_command kg_cmd__conflicts = {"conflicts",
                                     "list the pairs of entities about which citations disagree",
                                     conflicts_options, 1, run_conflicts};
