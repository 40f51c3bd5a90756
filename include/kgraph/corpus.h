/* kgraph/corpus.h: checking a dataset's quotes against the documents they cite, and coverage. */
#ifndef KGRAPH_CORPUS_H
#define KGRAPH_CORPUS_H

#include <stddef.h>
#include <stdio.h>
#include "kgraph/common.h"
#include "kgraph/dataset.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- normalisation ------------------------------------------------------------------
 *
 * Quotes and documents are compared after normalising both:
 *   - spelled-out UTF-8 bytes are decoded: a run of "x" + two hex digits (either case)
 *     forming one well-formed UTF-8 sequence, e.g. "xe2x80x99", stands for its character
 *     (U+2019); runs that do not form a valid sequence are kept as written;
 *   - U+2018 U+2019 U+201A U+201B U+2032 become ', U+201C U+201D U+201E U+2033 become ";
 *   - U+2010..U+2015 and U+2212 become -, U+2026 becomes "...";
 *   - every run of white space (ASCII, NBSP U+00A0, U+2000..U+200A, U+2028, U+2029,
 *     U+202F, U+205F, U+3000) becomes one space; leading and trailing space is removed;
 *   - U+00AD (soft hyphen), U+200B..U+200D and U+FEFF are dropped;
 *   - everything else, malformed UTF-8 included, is kept byte for byte.
 * Quote matching is case-sensitive (quotes are copied verbatim); coverage matching folds
 * ASCII letters to lower case (KG_NORMALIZE_FOLD_CASE). */

#define KG_NORMALIZE_FOLD_CASE 1u

/* Normalises text[0..len) as described above into a new NUL-terminated string in *out
 * (free with kg_free) of *out_len bytes (never longer than len). out_len may be NULL.
 * Returns KG_OK, or KG_ENOMEM (then *out is NULL). */
KG_API int kg_corpus_normalize(char **out, size_t *out_len, const char *text, size_t len,
                        unsigned flags);

/* ---- checking a dataset against its corpus -------------------------------------------- */

/* What kg_corpus_check() does. */
#define KG_CORPUS_QUOTES 1u   /* verify every quote against its source's document */
#define KG_CORPUS_COVERAGE 2u /* find, per entity, the documents mentioning it */

/* The outcome for one citation. */
typedef enum kg_quote_status {
    KG_QUOTE_UNCHECKED = 0, /* not checked: empty quote, no doc, unreadable document, or
                             * KG_CORPUS_QUOTES not asked for */
    KG_QUOTE_VERIFIED = 1,  /* the normalised quote occurs in the normalised document */
    KG_QUOTE_NOT_FOUND = 2  /* it does not: an error with the closest passage was reported */
} kg_quote_status;

typedef struct kg_corpus_report kg_corpus_report;

/* Checks ds against the documents in corpus_dir: each source's `file` (sources.csv) names
 * a UTF-8 text file directly inside corpus_dir. Each document is read and normalised once.
 *
 * Findings go to diags (may be NULL: then they are only counted), each as FILE:LINE:
 *   - error at relations.csv:LINE: quote not found in PATH: "QUOTE", followed by a note
 *     at the same line: closest passage: "..." (the most similar window of the document,
 *     as written in it; long quotes and passages are shortened with "...");
 *     Only the findings the diagnostics will keep (the first errors; see
 *     kg_diagnostics_new) get the closest passage, which costs a pass over the document;
 *     the others are counted as "quote not found" without it. Text shown from a document
 *     has C0/C1 controls, bidirectional controls (U+061C, U+200E, U+200F, U+202A..U+202E,
 *     U+2066..U+2069) and malformed UTF-8 escaped (\uXXXX, \xNN), never raw;
 *   - error at sources.csv:LINE for a source whose file is empty, is not a plain file name
 *     ('/' or a "." / ".." name: a sources.csv must not reach outside corpus_dir), cannot
 *     be read, is a symbolic link (never followed, whether it points inside corpus_dir or
 *     out of it), is not a regular file (a device, FIFO or socket: opened without blocking
 *     and refused) or is larger than 64 MiB;
 *   - error (no line) when the dataset has no sources.csv or it has no file column;
 *   - warning at relations.csv:LINE for an empty quote or a quote without a doc.
 * Quotes citing a source whose document is unusable are left UNCHECKED (the source's error
 * covers them).
 *
 * flags: KG_CORPUS_QUOTES and/or KG_CORPUS_COVERAGE (0 means both).
 * Returns KG_OK with the report in *out (free with kg_corpus_report_free) whenever the
 * check ran, findings or not: see kg_corpus_report_totals(). Otherwise *out is NULL and
 * the result is KG_EUSAGE (NULL ds or corpus_dir), KG_EIO (corpus_dir is not a readable
 * directory) or KG_ENOMEM, with the reason in kg_last_error(). ds must outlive the report. */
KG_API int kg_corpus_check(kg_corpus_report **out, const kg_dataset *ds, const char *corpus_dir,
                    unsigned flags, kg_diagnostics *diags);

/* Frees a report. NULL does nothing. */
KG_API void kg_corpus_report_free(kg_corpus_report *report);

typedef struct kg_corpus_totals {
    size_t quotes;      /* citations with a non-empty quote */
    size_t verified;    /* ... found in their document */
    size_t not_found;   /* ... not found */
    size_t unchecked;   /* ... not checked (no doc, unusable document, quotes not asked) */
    size_t documents;   /* distinct documents read successfully */
    size_t bad_sources; /* sources whose file is empty, unsafe or unreadable */
    size_t errors;      /* errors this check reported (0: every checked thing is fine) */
    size_t warnings;    /* warnings this check reported */
} kg_corpus_totals;

/* Fills *totals from the report. */
KG_API void kg_corpus_report_totals(const kg_corpus_report *report, kg_corpus_totals *totals);

/* The outcome for citation i (index as in kg_dataset_citation); UNCHECKED when out of range. */
KG_API kg_quote_status kg_corpus_report_quote(const kg_corpus_report *report, size_t citation);

/* Coverage of entity i (index as in kg_dataset_entity): returns how many sources' documents
 * mention its label or one of its aliases (normalised, ASCII case folded, whole words;
 * found in one pass per document for all the names, so the cost is near-linear in the
 * corpus size: times the number of distinct word counts among the names, plus one search
 * per name that starts or ends with punctuation),
 * and in *sources (may be NULL) their indexes in sources.csv order; the array is owned by
 * the report. 0 when out of range or KG_CORPUS_COVERAGE was not asked for. */
KG_API size_t kg_corpus_report_mentions(const kg_corpus_report *report, size_t entity,
                                 const size_t **sources);

/* Nonzero when entity i takes part in no relation (as source, target or claimed_by), though
 * the corpus mentions it. */
KG_API int kg_corpus_report_unrelated(const kg_corpus_report *report, size_t entity);

/* Writes the report as `kgraph check --corpus` prints it: with KG_CORPUS_QUOTES in flags
 * the line "quotes: V verified in D documents" (or "quotes: V of Q verified in D documents
 * (N not found, U unchecked)"), then the coverage table: "coverage: ID (LABEL): SOURCE,
 * ..." (or "none") per entity in file order, and "mentioned but in no relation: ID, ..."
 * (or "none"). ds is the dataset the report was made from. Returns KG_OK, or KG_EIO when
 * the stream reports a write error. */
KG_API int kg_corpus_report_write(FILE *stream, const kg_corpus_report *report, const kg_dataset *ds,
                           unsigned flags);

#ifdef __cplusplus
}
#endif
#endif
