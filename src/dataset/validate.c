/* validate.c: the checks of cell values shared by the loader and the diff scan, so that
 * both accept exactly the same dates, confidences and polarities. */
#include "validate.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kgraph/dataset.h"

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

int kg_polarity__parse(const char *s, size_t n)
{
    if (!n || (n == 7 && memcmp(s, "neutral", 7) == 0))
        return KG_POLARITY_NEUTRAL;
    if (n == 8 && memcmp(s, "positive", 8) == 0)
        return KG_POLARITY_POSITIVE;
    if (n == 8 && memcmp(s, "negative", 8) == 0)
        return KG_POLARITY_NEGATIVE;
    return -1;
}
