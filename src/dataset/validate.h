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

/* The polarity s[0..n) names, ignoring the case of ASCII letters ("Positive"):
 * KG_POLARITY_NEUTRAL for "" or "neutral", KG_POLARITY_POSITIVE, KG_POLARITY_NEGATIVE;
 * -1 for anything else. */
int kg_polarity__parse(const char *s, size_t n);

/* The polarity name nearest to the unknown s (kg_suggest), or NULL; static storage. */
const char *kg_polarity__nearest(const char *s);

/* ---- "did you mean": computed only when an error is reported --------------------------- */

struct kg_dataset;

/* Sets *budget to what the suggestions of one load may cost in all (candidate offers);
 * each function below takes its cost from it and answers NULL once it is spent, so a
 * file of errors over a big model stays near linear. budget NULL: no limit. */
void kg_suggest__budget_init(size_t *budget);

/* The entity id of ds nearest to the unknown reference value: the id of an entity whose
 * label equals value ignoring ASCII case (*label set to that label), else the nearest id
 * (kg_suggest's rule), else the id of the entity with the nearest label (*label set);
 * NULL when none is near. Strings are the model's. O(entities). */
const char *kg_entity__nearest(const struct kg_dataset *ds, const char *value, const char **label,
                               size_t *budget);

/* The source id of ds nearest to value (kg_suggest), or NULL. O(sources). */
const char *kg_source__nearest(const struct kg_dataset *ds, const char *value, size_t *budget);

/* For a date s that kg_date__valid refuses but that reads as a date written another way
 * (D/M/YYYY or M/D/YYYY with '/', '.' or '-', YYYY/MM/DD, "March 2022", "3 March 2022",
 * "March 3, 2022"): writes "write YYYY-MM-DD" into out (cap bytes; both readings when
 * the day and month order is ambiguous) and returns 1; else returns 0 with out "". */
int kg_date__hint(const char *s, char *out, size_t cap);

#endif
