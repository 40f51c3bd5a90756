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

/* For a date s that kg_date__valid refuses but that reads as a date written another way
 * (D/M/YYYY or M/D/YYYY with '/', '.' or '-', YYYY/MM/DD, "March 2022", "3 March 2022",
 * "March 3, 2022"): writes "write YYYY-MM-DD" into out (cap bytes; both readings when
 * the day and month order is ambiguous) and returns 1; else returns 0 with out "". */
int kg_date__hint(const char *s, char *out, size_t cap);

#endif
