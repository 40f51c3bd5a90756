/* vocab.h: the vocabulary (vocabulary.csv) as the loader reads and enforces it (internal). */
#ifndef KGRAPH_VOCAB_H
#define KGRAPH_VOCAB_H

#include "kgraph/dataset.h"

struct kg_dataset;

/* Reads the vocabulary named by o (kgraph/dataset.h, kg_load_options) into ds, if there
 * is one: ds->has_vocab and the verbs; its problems go to diags as
 * "vocabulary.csv:LINE: message". ds->vocab_ok is set when it was read without error
 * (only then is it enforced). Returns KG_OK (problems are only in diags) or KG_ENOMEM. */
int kg_vocab__load(struct kg_dataset *ds, const char *dir, const kg_load_options *o,
                  kg_diagnostics *diags);

/* Index of the verb whose interned string is str (pointer identity), or KG_NONE. */
size_t kg_vocab__find(const struct kg_dataset *ds, const char *str);

/* Nonzero when type is one of the '|'-separated types, spaces around each ignored ("" allows
 * every type). */
int kg_vocab__type_allowed(const char *types, const char *type);

/* The verb of the vocabulary nearest to verb (kg_suggest), or NULL. */
const char *kg_vocab__suggest(const struct kg_dataset *ds, const char *verb);

#endif
