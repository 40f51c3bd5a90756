/* validate.h: the checks of cell values shared by the loader and the diff scan (internal). */
#ifndef KGRAPH_VALIDATE_H
#define KGRAPH_VALIDATE_H

#include <stddef.h>

/* Nonzero when s[0..n) is ISO 8601 YYYY, YYYY-MM or YYYY-MM-DD with a real month and day
 * (leap years counted). */
int kg_date__valid(const char *s, size_t n);

/* Parses the NUL-terminated s as a confidence: a plain decimal number (no sign, "inf",
 * "nan" or hex) in [0,1]. Returns 0 and *out, or -1 when invalid (*out untouched). */
int kg_confidence__parse(const char *s, double *out);

/* The polarity s[0..n) names: KG_POLARITY_NEUTRAL for "" or "neutral",
 * KG_POLARITY_POSITIVE, KG_POLARITY_NEGATIVE; -1 for anything else. */
int kg_polarity__parse(const char *s, size_t n);

#endif
