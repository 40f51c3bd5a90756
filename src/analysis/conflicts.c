/* conflicts.c: pairs of entities about which citations disagree, and their text, CSV and JSON. */
#include <stdlib.h>
#include <string.h>

#include "base/base_internal.h"
#include "kgraph/conflicts.h"

struct kg_conflicts {
    kg_conflict *items;
    size_t count;
    size_t *citations; /* every listed citation; items point into it */
};

typedef struct entry {
    size_t a, b, citation;
} entry;

static int cmp_entry(const void *x, const void *y)
{
    const entry *p = x, *q = y;
    if (p->a != q->a)
        return p->a < q->a ? -1 : 1;
    if (p->b != q->b)
        return p->b < q->b ? -1 : 1;
    return (p->citation > q->citation) - (p->citation < q->citation);
}

/* The kinds of disagreement among the citations of one pair (e[0..n)). Opposite
 * polarities disagree unless every polar citation has the same doc and claimant. */
static unsigned kinds_of(const kg_dataset *ds, const entry *e, size_t n)
{
    unsigned kinds = 0;
    int pos = 0, neg = 0, one_voice = 1;
    const kg_citation *first = NULL;
    for (size_t i = 0; i < n; i++) {
        const kg_citation *c = kg_dataset_citation(ds, e[i].citation);
        if (c->contested)
            kinds |= KG_CONFLICT_CONTESTED;
        if (c->polarity == KG_POLARITY_NEUTRAL)
            continue;
        pos |= c->polarity == KG_POLARITY_POSITIVE;
        neg |= c->polarity == KG_POLARITY_NEGATIVE;
        if (!first)
            first = c;
        else if (c->claimed_by != first->claimed_by || strcmp(c->doc, first->doc) != 0)
            one_voice = 0;
    }
    if (pos && neg && !one_voice)
        kinds |= KG_CONFLICT_POLARITY;
    return kinds;
}

void kg_conflicts_free(kg_conflicts *c)
{
    if (!c)
        return;
    kg_free(c->items);
    kg_free(c->citations);
    kg_free(c);
}

int kg_conflicts_find(kg_conflicts **out, const kg_dataset *ds, const kg_conflicts_options *opts)
{
    kg_conflicts *res = NULL;
    entry *entries = NULL;
    size_t n = 0, cap = 0, item_cap = 0;
    int rc = KG_ENOMEM;
    *out = NULL;
    const unsigned char *emask = opts ? opts->entity_mask : NULL;
    const unsigned char *rmask = opts ? opts->relation_mask : NULL;
    res = kg__calloc(1, sizeof *res);
    if (!res)
        goto cleanup;
    for (size_t r = 0; r < kg_dataset_relation_count(ds); r++) {
        const kg_relation *rel = kg_dataset_relation(ds, r);
        if ((rmask && !rmask[r]) || (emask && (!emask[rel->source] || !emask[rel->target])))
            continue;
        size_t a = rel->source < rel->target ? rel->source : rel->target;
        size_t b = rel->source < rel->target ? rel->target : rel->source;
        for (size_t ci = rel->first_citation; ci != KG_NONE; ci = kg_dataset_citation(ds, ci)->next) {
            const kg_citation *c = kg_dataset_citation(ds, ci);
            if (c->polarity == KG_POLARITY_NEUTRAL && !c->contested)
                continue;
            if (kg_array__grow(&entries, &cap, n, sizeof *entries))
                goto cleanup;
            entries[n++] = (entry){a, b, ci};
        }
    }
    if (n)
        qsort(entries, n, sizeof *entries, cmp_entry);
    res->citations = kg__malloc((n ? n : 1) * sizeof *res->citations);
    if (!res->citations)
        goto cleanup;
    size_t used = 0;
    for (size_t i = 0, j; i < n; i = j) {
        for (j = i + 1; j < n && entries[j].a == entries[i].a && entries[j].b == entries[i].b; j++)
            ;
        unsigned kinds = kinds_of(ds, entries + i, j - i);
        if (!kinds)
            continue;
        if (kg_array__grow(&res->items, &item_cap, res->count, sizeof *res->items))
            goto cleanup;
        for (size_t k = i; k < j; k++)
            res->citations[used + k - i] = entries[k].citation;
        res->items[res->count++] = (kg_conflict){entries[i].a, entries[i].b, kinds, NULL, j - i};
        used += j - i;
    }
    for (size_t i = 0, at = 0; i < res->count; i++) { /* the array no longer moves */
        res->items[i].citations = res->citations + at;
        at += res->items[i].citation_count;
    }
    *out = res;
    res = NULL;
    rc = KG_OK;
cleanup:
    if (rc == KG_ENOMEM)
        kg_error__set(KG_ENOMEM, "out of memory while looking for conflicts");
    kg_free(entries);
    kg_conflicts_free(res);
    return rc;
}

size_t kg_conflicts_count(const kg_conflicts *c)
{
    return c->count;
}

const kg_conflict *kg_conflicts_get(const kg_conflicts *c, size_t i)
{
    return i < c->count ? &c->items[i] : NULL;
}

/* ---- writing ------------------------------------------------------------------------ */

int kg_conflicts_format_parse(kg_conflicts_format *out, const char *name)
{
    static const char *const names[] = {"text", "csv", "json"};
    for (int i = 0; i < 3; i++)
        if (strcmp(name, names[i]) == 0) {
            *out = (kg_conflicts_format)i;
            return KG_OK;
        }
    return kg_error__set(KG_EUSAGE, "unknown format '%s' (text, csv or json)", name);
}

static const char *kinds_name(unsigned kinds)
{
    switch (kinds) {
    case KG_CONFLICT_POLARITY: return "polarity";
    case KG_CONFLICT_CONTESTED: return "contested";
    default: return "polarity+contested";
    }
}

/* The side a citation is on: its polarity. */
static const char *side_name(const kg_citation *c)
{
    return kg_polarity_name(c->polarity);
}

static const char *title_of(const kg_dataset *ds, const kg_citation *c)
{
    return c->source != KG_NONE ? kg_dataset_source(ds, c->source)->title : "";
}

static const char *claimant_id(const kg_dataset *ds, const kg_citation *c)
{
    return c->claimed_by != KG_NONE ? kg_dataset_entity(ds, c->claimed_by)->id : "";
}

static void text_entity(FILE *f, const kg_entity *e)
{
    kg_text__value(f, e->id);
    if (strcmp(e->label, e->id) != 0) {
        fputs(" (", f);
        kg_text__value(f, e->label);
        fputc(')', f);
    }
}

static void write_text(FILE *f, const kg_conflicts *cs, const kg_dataset *ds)
{
    const char *file = kg_dataset_file_name(ds, KG_FILE_RELATIONS);
    size_t polar = 0, contested = 0;
    for (size_t i = 0; i < cs->count; i++) {
        const kg_conflict *k = &cs->items[i];
        polar += (k->kinds & KG_CONFLICT_POLARITY) != 0;
        contested += (k->kinds & KG_CONFLICT_CONTESTED) != 0;
        text_entity(f, kg_dataset_entity(ds, k->a));
        fputs(" and ", f);
        text_entity(f, kg_dataset_entity(ds, k->b));
        fprintf(f, ": %s%s%s\n", k->kinds & KG_CONFLICT_POLARITY ? "opposite polarity" : "",
                k->kinds == (KG_CONFLICT_POLARITY | KG_CONFLICT_CONTESTED) ? ", " : "",
                k->kinds & KG_CONFLICT_CONTESTED ? "contested" : "");
        for (size_t j = 0; j < k->citation_count; j++) {
            const kg_citation *c = kg_dataset_citation(ds, k->citations[j]);
            const kg_relation *r = kg_dataset_relation(ds, c->relation);
            char mark = c->polarity == KG_POLARITY_POSITIVE ? '+'
                      : c->polarity == KG_POLARITY_NEGATIVE ? '-' : '~';
            fprintf(f, "  %c ", mark);
            kg_text__value(f, kg_dataset_entity(ds, r->source)->id);
            fputs(" -[", f);
            kg_text__value(f, r->relation);
            fputs("]-> ", f);
            kg_text__value(f, kg_dataset_entity(ds, r->target)->id);
            fprintf(f, "%s: \"", c->contested ? " [contested]" : "");
            kg_text__value(f, c->quote);
            fprintf(f, "\"\n      %s:%lu: ", file, c->line);
            kg_text__value(f, c->doc[0] ? c->doc : "(no doc)");
            if (title_of(ds, c)[0]) {
                fputs(" \"", f);
                kg_text__value(f, title_of(ds, c));
                fputc('"', f);
            }
            if (c->claimed_by != KG_NONE) {
                fputs(", claimed by ", f);
                text_entity(f, kg_dataset_entity(ds, c->claimed_by));
            }
            fputc('\n', f);
        }
        fputc('\n', f);
    }
    if (!cs->count)
        fputs("no conflicts\n", f);
    else
        fprintf(f, "%zu conflict%s: %zu with opposite polarity, %zu contested\n", cs->count,
                cs->count == 1 ? "" : "s", polar, contested);
}

static void write_csv(FILE *f, const kg_conflicts *cs, const kg_dataset *ds, int raw)
{
    fputs("conflict,entity_a,entity_b,kinds,side,source,relation,target,polarity,status,doc,title,"
          "claimed_by,quote,line\n", f);
    for (size_t i = 0; i < cs->count; i++) {
        const kg_conflict *k = &cs->items[i];
        for (size_t j = 0; j < k->citation_count; j++) {
            const kg_citation *c = kg_dataset_citation(ds, k->citations[j]);
            const kg_relation *r = kg_dataset_relation(ds, c->relation);
            fprintf(f, "%zu,", i + 1);
            kg_csv__write_field(f, kg_dataset_entity(ds, k->a)->id, 0, raw);
            kg_csv__write_field(f, kg_dataset_entity(ds, k->b)->id, 0, raw);
            kg_csv__write_field(f, kinds_name(k->kinds), 0, raw);
            kg_csv__write_field(f, side_name(c), 0, raw);
            kg_csv__write_field(f, kg_dataset_entity(ds, r->source)->id, 0, raw);
            kg_csv__write_field(f, r->relation, 0, raw);
            kg_csv__write_field(f, kg_dataset_entity(ds, r->target)->id, 0, raw);
            kg_csv__write_field(f, kg_polarity_name(c->polarity), 0, raw);
            kg_csv__write_field(f, c->contested ? "contested" : "asserted", 0, raw);
            kg_csv__write_field(f, c->doc, 0, raw);
            kg_csv__write_field(f, title_of(ds, c), 0, raw);
            kg_csv__write_field(f, claimant_id(ds, c), 0, raw);
            kg_csv__write_field(f, c->quote, 0, raw);
            fprintf(f, "%lu\n", c->line);
        }
    }
}

static void json_member(FILE *f, const char *name, const char *value, int first)
{
    fprintf(f, "%s\"%s\":", first ? "" : ",", name);
    kg_json__string(f, value);
}

static void write_json(FILE *f, const kg_conflicts *cs, const kg_dataset *ds)
{
    size_t polar = 0, contested = 0;
    for (size_t i = 0; i < cs->count; i++) {
        polar += (cs->items[i].kinds & KG_CONFLICT_POLARITY) != 0;
        contested += (cs->items[i].kinds & KG_CONFLICT_CONTESTED) != 0;
    }
    fprintf(f, "{\"summary\":{\"conflicts\":%zu,\"polarity\":%zu,\"contested\":%zu},\n\"conflicts\":[",
            cs->count, polar, contested);
    for (size_t i = 0; i < cs->count; i++) {
        const kg_conflict *k = &cs->items[i];
        fputs(i ? ",\n {" : "\n {", f);
        json_member(f, "a", kg_dataset_entity(ds, k->a)->id, 1);
        json_member(f, "a_label", kg_dataset_entity(ds, k->a)->label, 0);
        json_member(f, "b", kg_dataset_entity(ds, k->b)->id, 0);
        json_member(f, "b_label", kg_dataset_entity(ds, k->b)->label, 0);
        fprintf(f, ",\"polarity\":%s,\"contested\":%s,\"citations\":[",
                k->kinds & KG_CONFLICT_POLARITY ? "true" : "false",
                k->kinds & KG_CONFLICT_CONTESTED ? "true" : "false");
        for (size_t j = 0; j < k->citation_count; j++) {
            const kg_citation *c = kg_dataset_citation(ds, k->citations[j]);
            const kg_relation *r = kg_dataset_relation(ds, c->relation);
            fputs(j ? ",\n   {" : "\n   {", f);
            json_member(f, "side", side_name(c), 1);
            json_member(f, "source", kg_dataset_entity(ds, r->source)->id, 0);
            json_member(f, "relation", r->relation, 0);
            json_member(f, "target", kg_dataset_entity(ds, r->target)->id, 0);
            json_member(f, "status", c->contested ? "contested" : "asserted", 0);
            json_member(f, "doc", c->doc, 0);
            json_member(f, "title", title_of(ds, c), 0);
            json_member(f, "claimed_by", claimant_id(ds, c), 0);
            json_member(f, "quote", c->quote, 0);
            fprintf(f, ",\"line\":%lu}", c->line);
        }
        fputs("]}", f);
    }
    fputs("]}\n", f);
}

int kg_conflicts_write(FILE *stream, const kg_conflicts *c, const kg_dataset *ds,
                       kg_conflicts_format format)
{
    switch (format) {
    case KG_CONFLICTS_CSV: write_csv(stream, c, ds, 0); break;
    case KG_CONFLICTS_CSV_RAW: write_csv(stream, c, ds, 1); break;
    case KG_CONFLICTS_JSON: write_json(stream, c, ds); break;
    default: write_text(stream, c, ds); break;
    }
    if (ferror(stream))
        return kg_error__set(KG_EIO, "cannot write the conflicts");
    return KG_OK;
}
