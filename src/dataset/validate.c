/* validate.c: the checks of cell values shared by the loader and the diff scan, so that
 * both accept exactly the same dates, confidences and polarities. */
#include "validate.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kgraph/dataset.h"
#include "kgraph/suggest.h"
#include "model.h"

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int digits(const char *s, int n)
{
    for (int i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

int kg_date__valid(const char *s, size_t n)
{
    if (!(n == 4 || n == 7 || n == 10) || !digits(s, 4))
        return 0;
    if (n == 4)
        return 1;
    if (s[4] != '-' || !digits(s + 5, 2))
        return 0;
    int month = (s[5] - '0') * 10 + (s[6] - '0');
    if (month < 1 || month > 12)
        return 0;
    if (n == 7)
        return 1;
    if (s[7] != '-' || !digits(s + 8, 2))
        return 0;
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int day = (s[8] - '0') * 10 + (s[9] - '0');
    return day >= 1 && day <= days[month - 1] + (month == 2 && is_leap(year));
}

int kg_confidence__parse(const char *s, double *out)
{
    if (!s[0] || (s[0] != '.' && (s[0] < '0' || s[0] > '9')) || strpbrk(s, "xXpP"))
        return -1;
    /* The common form d[.ddd] with at most 15 digits: an integer over a power of ten,
     * both exact, so the division rounds exactly as strtod does. */
    uint64_t m = 0;
    int nd = 0, frac = -1, i = 0;
    for (; s[i]; i++) {
        if (s[i] >= '0' && s[i] <= '9') {
            m = m * 10 + (uint64_t)(s[i] - '0');
            nd++;
            if (frac >= 0)
                frac++;
        } else if (s[i] == '.' && frac < 0) {
            frac = 0;
        } else {
            break;
        }
    }
    if (!s[i] && nd > 0 && nd <= 15) {
        static const double p10[16] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7,
                                       1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
        double v = (double)m / p10[frac > 0 ? frac : 0];
        if (v > 1.0)
            return -1;
        *out = v;
        return 0;
    }
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || *end || end == s || isnan(v) || v < 0.0 || v > 1.0)
        return -1;
    *out = v;
    return 0;
}

/* Nonzero when s[0..n) is word (lower-case ASCII) ignoring the case of ASCII letters. */
static int word_nocase(const char *s, size_t n, const char *word)
{
    size_t i = 0;
    for (; i < n && word[i]; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c - 'A' + 'a');
        if (c != (unsigned char)word[i])
            return 0;
    }
    return i == n && !word[i];
}

int kg_polarity__parse(const char *s, size_t n)
{
    if (!n || word_nocase(s, n, "neutral"))
        return KG_POLARITY_NEUTRAL;
    if (word_nocase(s, n, "positive"))
        return KG_POLARITY_POSITIVE;
    if (word_nocase(s, n, "negative"))
        return KG_POLARITY_NEGATIVE;
    return -1;
}

const char *kg_polarity__nearest(const char *s)
{
    static const char *const names[] = {"positive", "negative", "neutral"};
    return kg_suggest(s, names, 3);
}

/* ---- did you mean: the nearest id of the model to an unknown reference --------------------- */

/* Nonzero when the NUL-terminated a and b are equal ignoring the case of ASCII letters. */
static int equal_nocase(const char *a, const char *b)
{
    for (;; a++, b++) {
        unsigned char x = (unsigned char)*a, y = (unsigned char)*b;
        if (x >= 'A' && x <= 'Z')
            x = (unsigned char)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z')
            y = (unsigned char)(y - 'A' + 'a');
        if (x != y)
            return 0;
        if (!x)
            return 1;
    }
}

/* Suggestions of one load cost at most this many offers in all (a million entities and
 * a hundred errors must not cost minutes); later errors go without. */
#define SUGGEST_BUDGET 20000000u

/* Takes n offers from *budget; 0 when it does not hold them (then nothing is taken). */
static int afford(size_t *budget, size_t n)
{
    if (!budget)
        return 1;
    if (n > *budget)
        return 0;
    *budget -= n;
    return 1;
}

void kg_suggest__budget_init(size_t *budget)
{
    *budget = SUGGEST_BUDGET;
}

const char *kg_entity__nearest(const kg_dataset *ds, const char *value, const char **label,
                               size_t *budget)
{
    size_t n = ds->entity_count;
    *label = NULL;
    if (!n || !afford(budget, 2 * n))
        return NULL;
    /* the value is some entity's label (ignoring case): its id is meant */
    size_t len = strlen(value);
    for (size_t i = 0; i < n; i++) {
        const kg_entity *e = &ds->entities[i];
        if (e->label != e->id && strlen(e->label) == len && equal_nocase(e->label, value)) {
            *label = e->label;
            return e->id;
        }
    }
    kg_suggestion s;
    kg_suggest_begin(&s, value);
    for (size_t i = 0; i < n; i++)
        kg_suggest_offer(&s, ds->entities[i].id);
    if (kg_suggest_best(&s))
        return kg_suggest_best(&s);
    /* else a label near it: that entity's id */
    for (size_t i = 0; i < n; i++)
        if (ds->entities[i].label != ds->entities[i].id)
            kg_suggest_offer(&s, ds->entities[i].label);
    for (size_t i = 0; s.best && i < n; i++)
        if (ds->entities[i].label == s.best) {
            *label = s.best;
            return ds->entities[i].id;
        }
    return NULL;
}

const char *kg_source__nearest(const kg_dataset *ds, const char *value, size_t *budget)
{
    if (!ds->source_count || !afford(budget, ds->source_count))
        return NULL;
    kg_suggestion s;
    kg_suggest_begin(&s, value);
    for (size_t i = 0; i < ds->source_count; i++)
        kg_suggest_offer(&s, ds->sources[i].id);
    return kg_suggest_best(&s);
}
