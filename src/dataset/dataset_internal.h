/* dataset/dataset_internal.h: dataset owns reading CSV (libcsv), loading and validating rows into the
 * model, the model itself, the vocabulary (vocabulary.csv), its string pool (over base's arena and hash), the URL allow-list, header
 * matching (synonyms), and kgraph.ini (libinih) with kgraph init. May call: base, libcsv, libinih. */
#ifndef KGRAPH_DATASET_INTERNAL_H
#define KGRAPH_DATASET_INTERNAL_H

#include "csvread.h"
#include "headers.h"
#include "model.h"
#include "strpool.h"
#include "url.h"
#include "validate.h"
#include "vocab.h"

#endif
