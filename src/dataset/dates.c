/* dates.c: the ISO 8601 form to write for a date written another way (03/02/2022, 2022/03/02, March 2022). */
#include <stdio.h>
#include <string.h>

#include "validate.h"

static const char *const months[] = {"january", "february", "march", "april", "may", "june",
                                     "july", "august", "september", "october", "november",
                                     "december"};

/* Reads up to max digits at *p (at least one); returns the number or -1. */
static int number(const char **p, int max)
{
    int v = 0, n = 0;
    while (n < max && **p >= '0' && **p <= '9') {
        v = v * 10 + (**p - '0');
        (*p)++;
        n++;
    }
    return n ? v : -1;
}

/* The month (1-12) named by the letters at *p (in full or its first three letters, any
 * case; a '.' after an abbreviation is taken); -1 when none. */
static int month_name(const char **p)
{
    char word[16];
    size_t n = 0;
    while (n + 1 < sizeof word && (((**p | 0x20) >= 'a' && (**p | 0x20) <= 'z'))) {
        word[n++] = (char)(**p | 0x20);
        (*p)++;
    }
    word[n] = '\0';
    if (n < 3)
        return -1;
    for (int m = 0; m < 12; m++)
        if (strcmp(word, months[m]) == 0 || (n == 3 && strncmp(word, months[m], 3) == 0) ||
            (n == 4 && strcmp(word, "sept") == 0 && m == 8)) {
            if (**p == '.')
                (*p)++;
            return m + 1;
        }
    return -1;
}

static void skip_spaces(const char **p)
{
    while (**p == ' ' || **p == ',')
        (*p)++;
}

/* Nonzero when year-month-day is a real date (day 0: a month alone). */
static int real(int y, int m, int d)
{
    char iso[48];
    if (y < 0 || y > 9999 || m < 1 || m > 12 || d < 0 || d > 31)
        return 0;
    if (d == 0)
        return 1;
    snprintf(iso, sizeof iso, "%04d-%02d-%02d", y, m, d);
    return kg_date__valid(iso, 10);
}

static void iso(char *out, size_t cap, int y, int m, int d)
{
    if (d)
        snprintf(out, cap, "%04d-%02d-%02d", y, m, d);
    else
        snprintf(out, cap, "%04d-%02d", y, m);
}

int kg_date__hint(const char *s, char *out, size_t cap)
{
    const char *p = s;
    char a[48], b[48];
    int y, m, d = 0;
    out[0] = '\0';
    if (*p >= '0' && *p <= '9') {
        const char *start = p;
        int first = number(&p, 4);
        size_t len = (size_t)(p - start);
        char sep = *p;
        if (len == 4 && (sep == '/' || sep == '.' || sep == '-')) { /* YYYY/MM[/DD] */
            y = first;
            p++;
            m = number(&p, 2);
            if (*p == sep) {
                p++;
                d = number(&p, 2);
                if (d <= 0)
                    return 0;
            }
            if (*p || !real(y, m, d))
                return 0;
            iso(a, sizeof a, y, m, d);
            snprintf(out, cap, "write %s", a);
            return 1;
        }
        if (len <= 2 && (sep == '/' || sep == '.' || sep == '-')) { /* D/M/YYYY or M/D/YYYY */
            p++;
            int second = number(&p, 2);
            if (*p != sep)
                return 0;
            p++;
            const char *ys = p;
            y = number(&p, 4);
            if (*p || p - ys != 4)
                return 0;
            int dm = real(y, second, first), md = real(y, first, second);
            if (dm && md && first != second) {
                iso(a, sizeof a, y, second, first);
                iso(b, sizeof b, y, first, second);
                snprintf(out, cap,
                         "write %s if it is day %d of %s, or %s if it is %s %d (the day and "
                         "month order is ambiguous)",
                         a, first, months[second - 1], b, months[first - 1], second);
                return 1;
            }
            if (!dm && !md)
                return 0;
            iso(a, sizeof a, y, dm ? second : first, dm ? first : second);
            snprintf(out, cap, "write %s", a);
            return 1;
        }
        if (len <= 2 && sep == ' ') { /* D Month YYYY */
            d = first;
            skip_spaces(&p);
            if ((m = month_name(&p)) < 0)
                return 0;
            skip_spaces(&p);
            const char *ys = p;
            y = number(&p, 4);
            if (*p || p - ys != 4 || !real(y, m, d))
                return 0;
            iso(a, sizeof a, y, m, d);
            snprintf(out, cap, "write %s", a);
            return 1;
        }
        return 0;
    }
    if ((m = month_name(&p)) < 0) /* Month YYYY, Month D, YYYY */
        return 0;
    skip_spaces(&p);
    const char *ns = p;
    int n = number(&p, 4);
    if (n < 0)
        return 0;
    if (p - ns == 4) {
        y = n;
    } else {
        d = n;
        skip_spaces(&p);
        ns = p;
        y = number(&p, 4);
        if (p - ns != 4)
            return 0;
    }
    if (*p || !real(y, m, d))
        return 0;
    iso(a, sizeof a, y, m, d);
    snprintf(out, cap, "write %s", a);
    return 1;
}
