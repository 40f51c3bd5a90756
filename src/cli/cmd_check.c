/* cmd_check.c: `kgraph check`: validate a dataset, print a summary, verify quotes against a corpus. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "tool.h"

static const kg_option check_options[] = {
    KG_TEXT("Usage: kgraph check [DATASET] [options]\n"
            "\n"
            "Loads and validates a dataset: every problem is reported as FILE:LINE: message,\n"
            "errors first-class (exit 2), warnings informative (exit 0). On success prints one\n"
            "line: entities, relations, citations and sources.\n"
            "\n"
            "Duplicate entities are warned about, at the later one's line naming the earlier:\n"
            "two entities whose id, label or aliases are equal (a shared alias, an alias equal\n"
            "to another's label, ...), or equal once case, punctuation, white space and leading\n"
            "titles (President, Prime Minister, Foreign Minister, Minister, General, Dr., Mr.,\n"
            "Ms., The, ...: man kgraph) are ignored.\n"
            "\n"
            "A vocabulary.csv in the dataset is enforced: a verb it lacks is an error; a\n"
            "symmetric relation stored both ways, a polarity contradicting the verb's and an\n"
            "entity type the verb does not allow are warnings (docs/dataset.md).\n"),
    {"strict", 0, NULL, OPT_STRICT, "treat every warning as an error: exit 2 when there is one\n"
                                    "(warnings are then shown even with -q); entities made\n"
                                    "from the relations (no entities.csv) are refused too"},
    KG_TEXT("\nCorpus options:\n"),
    {"corpus", 0, "DIR", OPT_CORPUS,
     "verify every quote against the text file DIR/FILE named by\n"
     "the `file` column of its source in sources.csv. Matching\n"
     "ignores white space and line breaks, straight vs curly\n"
     "quotes and dashes, and decodes spelled-out UTF-8 bytes\n"
     "(xe2x80x99); it is case-sensitive. Each quote not found is\n"
     "an error at relations.csv:LINE with a note giving the\n"
     "closest passage of the document. Then prints a 'quotes:'\n"
     "line and the coverage table: per entity, the sources whose\n"
     "document mentions its label or an alias (whole words, any\n"
     "case), and the entities mentioned but in no relation"},
    {"coverage", 0, NULL, OPT_COVERAGE, "with --corpus: print only the coverage table, do not\n"
                                        "verify quotes"},
    KG_DATASET_OPTIONS,
    KG_TEXT("\nExit status: 0 valid (and every quote verified), 2 invalid data, a quote not found,\n"
            "a source file missing or unsafe, unreadable files or bad usage.\n"),
    KG_OPT_END};

/* Prints the corpus findings to stderr as kg_diagnostics_print does, except that with
 * quiet only warnings are left out: the notes giving closest passages belong to errors. */
static void print_findings(const kg_diagnostics *diags, int quiet)
{
    kg_diagnostics *shown = NULL;
    if (!quiet || kg_diagnostics_new(&shown, 0) != KG_OK) {
        kg_diagnostics_print(diags, stderr, "kgraph", !quiet);
        return;
    }
    for (size_t i = 0; i < kg_diagnostics_count(diags); i++) {
        const kg_diag *g = kg_diagnostics_get(diags, i);
        if (g->severity != KG_SEVERITY_WARNING)
            kg_diagnostics_add(shown, g->severity, g->file, g->line, "%s", g->message);
    }
    kg_diagnostics_print(shown, stderr, "kgraph", 1);
    if (kg_diagnostics_errors(diags) > kg_diagnostics_errors(shown))
        fprintf(stderr, "kgraph: %zu more errors not shown\n",
                kg_diagnostics_errors(diags) - kg_diagnostics_errors(shown));
    kg_diagnostics_free(shown);
}

/* Runs the corpus check of ds against dir and prints its findings (stderr) and results
 * (stdout, after the summary line). Returns a kg_exit status. */
static int check_corpus(const kg_dataset *ds, const char *dir, int coverage_only, int quiet)
{
    kg_diagnostics *diags = NULL;
    kg_corpus_report *rep = NULL;
    kg_corpus_totals t = {0};
    unsigned flags = coverage_only ? KG_CORPUS_COVERAGE : KG_CORPUS_QUOTES | KG_CORPUS_COVERAGE;
    int rc = kg_diagnostics_new(&diags, 0);
    if (rc == KG_OK) {
        rc = kg_corpus_check(&rep, ds, dir, flags, diags);
        print_findings(diags, quiet);
    }
    kg_diagnostics_free(diags);
    if (rc == KG_OK) {
        kg_corpus_report_totals(rep, &t);
        kg_corpus_report_write(stdout, rep, ds, flags); /* a write error is caught by run_check */
    }
    kg_corpus_report_free(rep);
    return rc != KG_OK ? kg_print__error(rc) : t.errors ? KG_EXIT_TROUBLE : KG_EXIT_OK;
}

/* Warns about entities that may be duplicates (stderr, unless quiet). Returns KG_OK with
 * their number in *found, or KG_ENOMEM after printing the error. */
static int check_duplicates(const kg_dataset *ds, int quiet, size_t *found)
{
    kg_diagnostics *diags = NULL;
    int rc = kg_diagnostics_new(&diags, 0);
    if (rc == KG_OK && (rc = kg_duplicates_check(ds, diags, found)) == KG_OK)
        kg_diagnostics_print(diags, stderr, "kgraph", !quiet);
    kg_diagnostics_free(diags);
    if (rc != KG_OK)
        kg_print__error(rc);
    return rc;
}

/* `kgraph check`: loads, warns about duplicates, prints the summary line, and checks the
 * corpus when asked. */
static int run_check(kg_cli *c)
{
    const char *corpus = c->opt[OPT_CORPUS];
    int coverage = c->opt[OPT_COVERAGE] != NULL, strict = c->opt[OPT_STRICT] != NULL;
    int status = KG_EXIT_OK;
    kg_dataset_args *d = &c->d;
    if (coverage && !corpus)
        return kg_usage__error("check", "--coverage needs --corpus DIR");
    if (corpus && !corpus[0])
        return kg_usage__error("check", "--corpus needs a directory");
    if (strict)
        d->quiet = 0; /* warnings are errors: they are shown */
    size_t warnings = 0, duplicates = 0;
    const kg_dataset *ds = kg_cli__load(c, &warnings);
    if (!ds || check_duplicates(ds, d->quiet, &duplicates) != KG_OK)
        return KG_EXIT_TROUBLE;
    warnings += duplicates;
    printf("%s: %zu entities, %zu relations (%zu citations), %zu sources\n",
           d->dir ? d->dir : ".", kg_dataset_entity_count(ds), kg_dataset_relation_count(ds),
           kg_dataset_citation_count(ds), kg_dataset_source_count(ds));
    if (corpus) {
        fflush(stdout); /* the summary line before any finding on stderr */
        status = check_corpus(ds, corpus, coverage, d->quiet);
    }
    size_t created = kg_dataset_created_entity_count(ds);
    if (strict && created) {
        fflush(stdout);
        fprintf(stderr, "kgraph: no entities.csv: %zu entit%s made from the relations refused "
                        "(--strict)\n", created, created == 1 ? "y" : "ies");
        status = KG_EXIT_TROUBLE;
    }
    if (strict && warnings) {
        fflush(stdout);
        fprintf(stderr, "kgraph: %zu warning%s treated as error%s (--strict)\n", warnings,
                warnings == 1 ? "" : "s", warnings == 1 ? "" : "s");
        status = KG_EXIT_TROUBLE;
    }
    errno = 0;
    if (fflush(stdout) != 0 || ferror(stdout)) { /* a full disk: a closed pipe ends by SIGPIPE */
        fprintf(stderr, "kgraph: cannot write to standard output: %s\n",
                strerror(errno ? errno : EIO));
        return KG_EXIT_TROUBLE;
    }
    return status;
}

const kg_command kg_cmd__check = {"check", "validate a dataset and print a summary", check_options,
                                 1, run_check};
