/* suggest.c: edit distance and the nearest-name search behind every "did you mean ...?". */
#include <stdlib.h>
#include <string.h>

#include "kgraph/suggest.h"

static unsigned char fold(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c - 'A' + 'a') : c;
}

/* Optimal string alignment distance with a band of width limit around the diagonal:
 * three rows of at most 64 + 1 cells; names longer than 64 bytes compare by their
 * first 64 bytes plus the difference in length beyond. */
size_t kg_edit_distance(const char *a, const char *b, size_t limit)
{
    enum { MAXLEN = 64 };
    if (!a)
        a = "";
    if (!b)
        b = "";
    size_t la = strlen(a), lb = strlen(b);
    size_t extra = 0;
    if (la > MAXLEN || lb > MAXLEN) {
        size_t ca = la > MAXLEN ? MAXLEN : la, cb = lb > MAXLEN ? MAXLEN : lb;
        extra = (la - ca) > (lb - cb) ? (la - ca) - (lb - cb) : (lb - cb) - (la - ca);
        la = ca;
        lb = cb;
    }
    size_t diff = la > lb ? la - lb : lb - la;
    if (diff + extra > limit)
        return limit + 1;
    size_t rows[3][MAXLEN + 1];
    size_t *prev2 = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t rowmin = cur[0] = i;
        unsigned char ca = fold((unsigned char)a[i - 1]);
        for (size_t j = 1; j <= lb; j++) {
            unsigned char cb = fold((unsigned char)b[j - 1]);
            size_t best = prev[j - 1] + (ca != cb);
            if (prev[j] + 1 < best)
                best = prev[j] + 1;
            if (cur[j - 1] + 1 < best)
                best = cur[j - 1] + 1;
            if (i > 1 && j > 1 && ca == fold((unsigned char)b[j - 2]) &&
                fold((unsigned char)a[i - 2]) == cb && prev2[j - 2] + 1 < best)
                best = prev2[j - 2] + 1;
            cur[j] = best;
            if (best < rowmin)
                rowmin = best;
        }
        if (rowmin + extra > limit)
            return limit + 1;
        size_t *t = prev2;
        prev2 = prev;
        prev = cur;
        cur = t;
    }
    size_t d = prev[lb] + extra;
    return d > limit ? limit + 1 : d;
}

void kg_suggest_begin(kg_suggestion *s, const char *query)
{
    size_t len = query ? strlen(query) : 0;
    s->query = query ? query : "";
    s->limit = len <= 4 ? 1 : len <= 12 ? 2 : 3;
    s->best = NULL;
    s->best_distance = (size_t)-1;
}

/* 1 when one of a, b is the other with "s" or "es" added (ignoring case). */
static int plural_of(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la < lb) {
        const char *t = a;
        a = b;
        b = t;
        size_t tl = la;
        la = lb;
        lb = tl;
    }
    for (size_t k = 1; k <= 2; k++) {
        if (la != lb + k || lb == 0)
            continue;
        const char *suffix = k == 1 ? "s" : "es";
        int same = 1;
        for (size_t i = 0; i < lb && same; i++)
            same = fold((unsigned char)a[i]) == fold((unsigned char)b[i]);
        for (size_t i = 0; i < k && same; i++)
            same = fold((unsigned char)a[lb + i]) == (unsigned char)suffix[i];
        if (same)
            return 1;
    }
    return 0;
}

void kg_suggest_offer(kg_suggestion *s, const char *candidate)
{
    if (!candidate || !*candidate)
        return;
    size_t d = kg_edit_distance(s->query, candidate, s->limit);
    if (d > 1 && plural_of(s->query, candidate))
        d = 1;
    if (d > s->limit)
        return;
    if (!s->best || d < s->best_distance ||
        (d == s->best_distance && strcmp(candidate, s->best) < 0)) {
        s->best = candidate;
        s->best_distance = d;
    }
}

const char *kg_suggest_best(const kg_suggestion *s)
{
    return s->best;
}

const char *kg_suggest(const char *query, const char *const *candidates, size_t n)
{
    kg_suggestion s;
    kg_suggest_begin(&s, query);
    for (size_t i = 0; i < n; i++)
        kg_suggest_offer(&s, candidates[i]);
    return kg_suggest_best(&s);
}
