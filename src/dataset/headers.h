/* headers.h: matching a file's headers to the known columns (shared by the loader and the diff scan). */
#ifndef KGRAPH_HEADERS_H
#define KGRAPH_HEADERS_H

#include <stddef.h>

#include "model.h"

/* Headers this long or longer are compared exactly (never a known column's name). */
#define KG_HEADER_NORM_MAX 64

/* Writes header h into out (cap bytes, NUL-terminated) without the spaces and tabs
 * around it, ASCII letters in lower case, ' ' and '-' as '_'. */
void kg_header__normalize(const char *h, char *out, size_t cap);

/* Nonzero when a and b are the same once normalised. */
int kg_header__same(const char *a, const char *b);

/* The known column (EC_*, RC_*, SC_*) that header is a synonym of in a file of kind, or -1. */
int kg_header__synonym(kg_file_kind kind, const char *header);

/* The i-th synonym (normalised) with its file and column; NULL past the last. */
const char *kg_header__synonym_at(size_t i, kg_file_kind *kind, int *column);

/* Finds the header of each known column of a file of kind: the header maps[] names for
 * it, else its own name, else (from headers no other column took) a synonym; names are
 * compared ignoring case and surrounding space, an exact match first; a column's
 * synonyms are tried in the order of headers.c's table. known[k] receives
 * the column index or -1; *status_col (when not NULL) that of relations.csv's "status". */
void kg_header__resolve(kg_file_kind kind, const char *const *headers, size_t n,
                        const kg_column_map *maps, size_t nmaps, int known[KNOWN_MAX],
                        int *status_col);

/* For a header no known column took: the name of a known column still without a header
 * (or "status") within the suggestion distance of it (kg_suggest: plurals too), or NULL. */
const char *kg_header__typo(kg_file_kind kind, const char *header, const int known[KNOWN_MAX],
                            int status_col);

#endif
