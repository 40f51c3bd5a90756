/* names.c: resolving an entity from its id, label or alias, and the nearest name to an unknown one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base_internal.h"
#include "kgraph/duplicates.h"
#include "kgraph/names.h"
#include "kgraph/suggest.h"

static unsigned char fold(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c - 'A' + 'a') : c;
}

/* Nonzero when a[0..la) equals b[0..lb), exactly (nocase 0) or ignoring ASCII case. */
static int same(const char *a, size_t la, const char *b, size_t lb, int nocase)
{
    if (la != lb)
        return 0;
    if (!nocase)
        return memcmp(a, b, la) == 0;
    for (size_t i = 0; i < la; i++)
        if (fold((unsigned char)a[i]) != fold((unsigned char)b[i]))
            return 0;
    return 1;
}

/* The next alias of an aliases cell: from *p, the span up to ';' with white space around
 * it dropped, in *start and *len; advances *p. Returns 0 at the end of the cell. Empty
 * aliases are skipped. */
static int next_alias(const char **p, const char **start, size_t *len)
{
    while (**p) {
        const char *s = *p, *e = s + strcspn(s, ";");
        *p = *e ? e + 1 : e;
        while (s < e && (*s == ' ' || *s == '\t'))
            s++;
        while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
            e--;
        if (e > s) {
            *start = s;
            *len = (size_t)(e - s);
            return 1;
        }
    }
    return 0;
}

/* Nonzero when entity e has a label or alias (and, when nocase, an id) equal to
 * name[0..len), exactly or (nocase) ignoring ASCII case. */
static int entity_named(const kg_entity *e, const char *name, size_t len, int nocase)
{
    if (nocase && same(e->id, strlen(e->id), name, len, 1))
        return 1;
    if (same(e->label, strlen(e->label), name, len, nocase))
        return 1;
    const char *p = e->aliases, *a;
    size_t alen;
    while (next_alias(&p, &a, &alen))
        if (same(a, alen, name, len, nocase))
            return 1;
    return 0;
}

/* Sets the "ambiguous" error for name, listing the entities of ds that entity_named
 * (nocase) finds, in file order (ids and labels cut to 60 bytes; the message is cut to
 * the last-error record's 1 KiB). Returns KG_EUSAGE. */
static int ambiguous(const kg_dataset *ds, const char *name, int nocase)
{
    char msg[1024];
    size_t n = kg_dataset_entity_count(ds), listed = 0, more = 0, len = strlen(name), used;
    snprintf(msg, sizeof msg, "ambiguous entity name '%.100s':", name);
    for (size_t i = 0; i < n; i++) {
        const kg_entity *e = kg_dataset_entity(ds, i);
        if (!entity_named(e, name, len, nocase))
            continue;
        if (listed == KG_NAMES_MAX_LISTED) {
            more++;
            continue;
        }
        used = strlen(msg);
        snprintf(msg + used, sizeof msg - used, "%s %.60s (%.60s)", listed ? "," : "", e->id,
                 e->label);
        listed++;
    }
    used = strlen(msg);
    if (more)
        snprintf(msg + used, sizeof msg - used, " and %zu more", more);
    return kg_error__set(KG_EUSAGE, "%s", msg);
}

int kg_entity_resolve(const kg_dataset *ds, const char *name, size_t *index)
{
    size_t n = kg_dataset_entity_count(ds), len = strlen(name);
    *index = kg_dataset_find_entity(ds, name);
    if (*index != KG_NONE)
        return KG_OK;
    for (int nocase = 0; nocase < 2; nocase++) {
        size_t hit = KG_NONE, hits = 0;
        for (size_t i = 0; i < n && hits < 2; i++)
            if (entity_named(kg_dataset_entity(ds, i), name, len, nocase)) {
                hit = i;
                hits++;
            }
        if (hits == 1) {
            *index = hit;
            return KG_OK;
        }
        if (hits > 1)
            return ambiguous(ds, name, nocase);
    }
    char *near = kg_entity_suggest(ds, name);
    int rc = near ? kg_error__set(KG_EUSAGE, "unknown entity id '%s'; did you mean %s?", name, near)
                  : kg_error__set(KG_EUSAGE, "unknown entity id '%s'", name);
    kg_free(near);
    return rc;
}

/* The best name so far of kg_entity_suggest. */
typedef struct nearest {
    const char *query;
    char *qkey;          /* name's normalised form */
    size_t entity;       /* KG_NONE: none yet */
    const char *text;    /* the name found, text[0..len) */
    size_t len;
    size_t distance;     /* 2 x (0 for an equal normalised form, else 1 + the edit
                          * distance), + 1 for a label or alias: ids first */
    char small[256];     /* a candidate copied to be NUL-terminated */
} nearest;

/* Offers the name text[0..len) of entity e (is_id: its id, preferred to a label or
 * alias as near). */
static void offer(nearest *nb, size_t e, const char *text, size_t len, int is_id)
{
    size_t d;
    char big_key[256], *key = big_key;
    /* the normalised forms: equal ones win */
    if (nb->qkey[0]) {
        size_t klen = kg_duplicates_normalize(key, sizeof big_key, text, len);
        if (klen < sizeof big_key && strcmp(key, nb->qkey) == 0) {
            d = 0;
            goto found;
        }
    }
    /* the edit distance, by kg_suggest's own rule (through a one-candidate search) */
    const char *cand = text;
    char *heap = NULL;
    if (text[len] != '\0') {
        if (len < sizeof nb->small) {
            memcpy(nb->small, text, len);
            nb->small[len] = '\0';
            cand = nb->small;
        } else if ((heap = kg__malloc(len + 1))) {
            memcpy(heap, text, len);
            heap[len] = '\0';
            cand = heap;
        } else {
            return;
        }
    }
    kg_suggestion s;
    kg_suggest_begin(&s, nb->query);
    kg_suggest_offer(&s, cand);
    kg_free(heap);
    if (!kg_suggest_best(&s))
        return;
    d = s.best_distance + 1; /* after every equal normalised form */
found:
    d = 2 * d + !is_id;
    if (nb->entity == KG_NONE || d < nb->distance ||
        (d == nb->distance && (len < nb->len || (len == nb->len && memcmp(text, nb->text, len) < 0)))) {
        nb->entity = e;
        nb->text = text;
        nb->len = len;
        nb->distance = d;
    }
}

char *kg_entity_suggest(const kg_dataset *ds, const char *name)
{
    nearest nb = {.query = name, .entity = KG_NONE};
    size_t n = kg_dataset_entity_count(ds), qlen = strlen(name);
    size_t need = kg_duplicates_normalize(NULL, 0, name, qlen);
    if (!(nb.qkey = kg__malloc(need + 1)))
        return NULL;
    kg_duplicates_normalize(nb.qkey, need + 1, name, qlen);
    for (size_t i = 0; i < n; i++) {
        const kg_entity *e = kg_dataset_entity(ds, i);
        offer(&nb, i, e->id, strlen(e->id), 1);
        if (e->label != e->id && strcmp(e->label, e->id) != 0)
            offer(&nb, i, e->label, strlen(e->label), 0);
        const char *p = e->aliases, *a;
        size_t alen;
        while (next_alias(&p, &a, &alen))
            offer(&nb, i, a, alen, 0);
    }
    kg_free(nb.qkey);
    if (nb.entity == KG_NONE)
        return NULL;
    const char *id = kg_dataset_entity(ds, nb.entity)->id;
    int is_id = nb.len == strlen(id) && memcmp(nb.text, id, nb.len) == 0;
    size_t size = nb.len + strlen(id) + 8;
    char *out = kg__malloc(size);
    if (!out)
        return NULL;
    if (is_id)
        snprintf(out, size, "'%s'", id);
    else
        snprintf(out, size, "'%.*s' (%s)", (int)nb.len, nb.text, id);
    return out;
}
