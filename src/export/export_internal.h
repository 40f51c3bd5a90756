/* export/export_internal.h: export owns writing a dataset as GraphML, JSON node-link, Neo4j
 * import CSV and RDF (Turtle, N-Triples). May call: base (allocation, text output), dataset (the model). */
/* export_internal.h: what the export writers share (export.c, export_neo4j.c, export_rdf.c). */
#ifndef KGRAPH_EXPORT_INTERNAL_H
#define KGRAPH_EXPORT_INTERNAL_H

#include <stdio.h>

#include "kgraph/export.h"

/* The name a column is exported under: the canonical name of a column kgraph knows
 * (also when --map read it from another header), else its header as written. */
const char *kg_export__column_name(const kg_dataset *ds, kg_file_kind kind, size_t col);
/* Nonzero when column col of relations.csv is the confidence column (a number). */
int kg_export__column_is_confidence(const kg_dataset *ds, size_t col);
/* Nonzero when some column of the file is exported under name (computed fields of that
 * name are then left out). */
int kg_export__name_taken(const kg_dataset *ds, kg_file_kind kind, const char *name);

/* Per row of relations.csv, the citation it became (KG_NONE for none). Returns KG_OK
 * and a new array of kg_dataset_row_count(ds, KG_FILE_RELATIONS) entries in *out (free
 * with kg_free; NULL when there are no rows), or KG_ENOMEM. */
int kg_export__row_citations(const kg_dataset *ds, size_t **out);

/* The computed fields of a relation row's edge. */
typedef struct kg_export_edge {
    const char *source, *target; /* entity ids of the ends */
    const char *verb;
    size_t relation;             /* relation index, or KG_NONE when the row has no citation */
    size_t citations, documents;
    const char *polarity;
} kg_export_edge;
/* Fills *e for row (see kg_export__row_citations for citation_of_row). */
void kg_export__edge_get(const kg_dataset *ds, const size_t *citation_of_row, size_t row,
                        kg_export_edge *e);

/* Writes ds as Turtle or N-Triples (opts->format) to f, the view of opts' masks (see
 * kgraph/export.h). Returns KG_OK, KG_EUSAGE (an invalid base IRI) or KG_ENOMEM; write
 * errors are left in f's error flag. */
int kg_export__rdf(const kg_dataset *ds, const kg_export_options *opts, FILE *f);

/* Writes the Neo4j directory (see kg_export_file). */
int kg_export__neo4j_dir(const kg_dataset *ds, const char *path);

#endif
