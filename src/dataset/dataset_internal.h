/* dataset/dataset_internal.h: dataset owns reading CSV (libcsv), loading and validating rows into the
 * model, the model itself, its string pool (over base's arena and hash), and the URL allow-list. May call: base, libcsv. */
#ifndef KGRAPH_DATASET_INTERNAL_H
#define KGRAPH_DATASET_INTERNAL_H

#include "model.h"
#include "strpool.h"
#include "url.h"
#include "validate.h"

/* csvread.h is not gathered here: its typedef kg_csv_field has the name of a function in
 * base/textout.h (issue 15 item 6), so its readers include "dataset/csvread.h" by name. */

#endif
