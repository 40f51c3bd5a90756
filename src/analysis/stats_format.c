/* stats_format.c: writing statistics as text, CSV or JSON. */
#include <inttypes.h>
#include <string.h>

#include "base/base_internal.h"
#include "kgraph/stats.h"

/* Components listed by the text format before "... and N more". */
#define TEXT_COMPONENTS 10

int kg_stats_format_parse(kg_stats_format *out, const char *name)
{
    static const char *const names[] = {"text", "csv", "json"};
    for (int i = 0; i < 3; i++)
        if (strcmp(name, names[i]) == 0) {
            *out = (kg_stats_format)i;
            return KG_OK;
        }
    return kg_error__set(KG_EUSAGE, "unknown format '%s' (text, csv or json)", name);
}

static const char *mode_name(kg_betweenness_mode m)
{
    return m == KG_BETWEENNESS_EXACT ? "exact" : m == KG_BETWEENNESS_SAMPLED ? "sampled" : "none";
}

/* ---- text --------------------------------------------------------------------------- */

static void text_tally(FILE *f, const kg_stats *st, kg_stats_tally which, const char *heading)
{
    size_t n;
    const kg_stats_count *c = kg_stats_counts(st, which, &n);
    fprintf(f, "\n%s:\n", heading);
    if (!n)
        fputs("  none\n", f);
    for (size_t i = 0; i < n; i++) {
        fprintf(f, "  %8zu  ", c[i].count);
        kg_text__value(f, c[i].name[0] ? c[i].name : "(none)");
        if (c[i].title[0]) {
            fputs("  ", f);
            kg_text__value(f, c[i].title);
        }
        fputc('\n', f);
    }
}

static void text_ranking(FILE *f, const kg_stats *st, const kg_dataset *ds, kg_stats_order order,
                         const char *heading, size_t top)
{
    size_t n = kg_stats_get_totals(st)->entities;
    size_t shown = top && top < n ? top : n;
    fprintf(f, "\n%s (%zu of %zu):\n", heading, shown, n);
    fputs("  degree      in     out  weighted   betweenness  component  entity\n", f);
    for (size_t i = 0; i < shown; i++) {
        const kg_entity_stats *e = kg_stats_ranked(st, order, i);
        const kg_entity *ent = kg_dataset_entity(ds, e->entity);
        fprintf(f, "  %6zu  %6zu  %6zu  %8zu  %12.10f  %9zu  ", e->degree, e->in_degree,
                e->out_degree, e->weighted_degree, e->betweenness, e->component);
        kg_text__value(f, ent->id);
        if (strcmp(ent->label, ent->id) != 0) {
            fputs(" (", f);
            kg_text__value(f, ent->label);
            fputc(')', f);
        }
        fputc('\n', f);
    }
}

static void write_text(FILE *f, const kg_stats *st, const kg_dataset *ds, size_t top)
{
    const kg_stats_totals *t = kg_stats_get_totals(st);
    size_t ndocs;
    kg_stats_counts(st, KG_STATS_DOCUMENTS, &ndocs);
    fprintf(f, "entities: %zu\nrelations: %zu (%zu citations, %zu documents cited)\n", t->entities,
            t->relations, t->citations, ndocs);
    fprintf(f, "graph: %zu edges (undirected, simple), %zu self-relations, %zu isolated entities\n",
            t->edges, t->self_relations, t->isolated);
    fprintf(f, "components: %zu", t->components);
    for (size_t c = 1; c <= t->components && c <= TEXT_COMPONENTS; c++)
        fprintf(f, "%s#%zu: %zu", c == 1 ? " (" : ", ", c, kg_stats_component_size(st, c));
    if (t->components > TEXT_COMPONENTS)
        fprintf(f, ", ... and %zu more", t->components - TEXT_COMPONENTS);
    fputs(t->components ? " entities)\n" : "\n", f);
    if (t->betweenness == KG_BETWEENNESS_SAMPLED)
        fprintf(f, "betweenness: sampled estimate from %zu of %zu entities (seed %" PRIu64 ")\n",
                t->samples, t->entities, t->seed);
    else if (t->betweenness == KG_BETWEENNESS_EXACT)
        fprintf(f, "betweenness: exact (Brandes, all %zu entities as sources)\n", t->entities);
    else
        fputs("betweenness: not computed\n", f);
    text_tally(f, st, KG_STATS_TYPES, "entity types");
    text_tally(f, st, KG_STATS_VERBS, "relations");
    text_tally(f, st, KG_STATS_POLARITIES, "polarities");
    text_tally(f, st, KG_STATS_DOCUMENTS, "citations per document");
    text_ranking(f, st, ds, KG_STATS_BY_DEGREE, "most connected", top);
    if (t->betweenness != KG_BETWEENNESS_NONE)
        text_ranking(f, st, ds, KG_STATS_BY_BETWEENNESS, "most central (betweenness)", top);
}

/* ---- CSV ---------------------------------------------------------------------------- */

static void write_csv(FILE *f, const kg_stats *st, const kg_dataset *ds, int raw)
{
    const kg_stats_totals *t = kg_stats_get_totals(st);
    fputs("id,label,type,degree,in_degree,out_degree,weighted_degree,betweenness,component\n", f);
    for (size_t i = 0; i < t->entities; i++) {
        const kg_entity_stats *e = kg_stats_entity(st, i);
        const kg_entity *ent = kg_dataset_entity(ds, e->entity);
        kg_csv__write_field(f, ent->id, 0, raw);
        kg_csv__write_field(f, ent->label, 0, raw);
        kg_csv__write_field(f, ent->type, 0, raw);
        fprintf(f, "%zu,%zu,%zu,%zu,%.10g,%zu\n", e->degree, e->in_degree, e->out_degree,
                e->weighted_degree, e->betweenness, e->component);
    }
}

/* ---- JSON --------------------------------------------------------------------------- */

static void json_tally(FILE *f, const kg_stats *st, kg_stats_tally which, const char *name,
                       const char *key)
{
    size_t n;
    const kg_stats_count *c = kg_stats_counts(st, which, &n);
    fprintf(f, ",\n\"%s\":[", name);
    for (size_t i = 0; i < n; i++) {
        fprintf(f, "%s{\"%s\":", i ? ",\n  " : "\n  ", key);
        kg_json__string(f, c[i].name);
        if (which == KG_STATS_DOCUMENTS) {
            fputs(",\"title\":", f);
            kg_json__string(f, c[i].title);
        }
        fprintf(f, ",\"count\":%zu}", c[i].count);
    }
    fputs("]", f);
}

static void write_json(FILE *f, const kg_stats *st, const kg_dataset *ds)
{
    const kg_stats_totals *t = kg_stats_get_totals(st);
    fprintf(f, "{\"totals\":{\"entities\":%zu,\"relations\":%zu,\"citations\":%zu,\"edges\":%zu,"
               "\"self_relations\":%zu,\"isolated\":%zu,\"components\":%zu},\n",
            t->entities, t->relations, t->citations, t->edges, t->self_relations, t->isolated,
            t->components);
    fprintf(f, "\"betweenness\":{\"method\":\"%s\",\"samples\":%zu,\"seed\":%" PRIu64 "}",
            mode_name(t->betweenness), t->samples, t->seed);
    json_tally(f, st, KG_STATS_TYPES, "types", "type");
    json_tally(f, st, KG_STATS_VERBS, "relations", "relation");
    json_tally(f, st, KG_STATS_POLARITIES, "polarities", "polarity");
    json_tally(f, st, KG_STATS_DOCUMENTS, "documents", "doc");
    fputs(",\n\"components\":[", f);
    for (size_t c = 1; c <= t->components; c++)
        fprintf(f, "%s%zu", c > 1 ? "," : "", kg_stats_component_size(st, c));
    fputs("],\n\"entities\":[", f);
    for (size_t i = 0; i < t->entities; i++) {
        const kg_entity_stats *e = kg_stats_entity(st, i);
        const kg_entity *ent = kg_dataset_entity(ds, e->entity);
        fputs(i ? ",\n  {\"id\":" : "\n  {\"id\":", f);
        kg_json__string(f, ent->id);
        fputs(",\"label\":", f);
        kg_json__string(f, ent->label);
        fputs(",\"type\":", f);
        kg_json__string(f, ent->type);
        fprintf(f, ",\"degree\":%zu,\"in_degree\":%zu,\"out_degree\":%zu,\"weighted_degree\":%zu,"
                   "\"betweenness\":%.10g,\"component\":%zu}",
                e->degree, e->in_degree, e->out_degree, e->weighted_degree, e->betweenness,
                e->component);
    }
    fputs("]}\n", f);
}

int kg_stats_write(FILE *stream, const kg_stats *st, const kg_dataset *ds,
                   kg_stats_format format, size_t top)
{
    switch (format) {
    case KG_STATS_CSV: write_csv(stream, st, ds, 0); break;
    case KG_STATS_CSV_RAW: write_csv(stream, st, ds, 1); break;
    case KG_STATS_JSON: write_json(stream, st, ds); break;
    default: write_text(stream, st, ds, top); break;
    }
    if (ferror(stream))
        return kg_error__set(KG_EIO, "cannot write the statistics");
    return KG_OK;
}
