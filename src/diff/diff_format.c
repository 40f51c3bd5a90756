/* diff_format.c: writing a diff as text for people, or as CSV or JSON for scripts.
 *
 * Text (one change a block, then the summary line):
 *   + entity eu                                  an addition, its fields indented
 *       label: European Union
 *   ~ entity china                               a change: old → new per field
 *       label: China → People's Republic of China
 *   ~ entity prc                                 a renamed entity (kgraph/diff.h): the
 *       renamed: china → prc                     old and the new id, then the other
 *                                                fields that differ
 *   ~ relation china -[partners_with]-> russia
 *       polarity: positive → mixed
 *       + citation d003                          citations of a relation, when it has
 *           quote: "..."                         several: one block each
 *   3 relations added, 1 removed, 2 changed; 1 entity added
 * A relation with one citation on each side shows that citation's fields as its own.
 * Values are written as they are, except that quotes are shown in double quotes, an
 * empty value as "", a line break, a tab and any other control byte as \n, \t, \xNN, and
 * a C1 control or a bidirectional control (U+202A-U+202E, U+2066-U+2069) as \uXXXX.
 */
#include <stdio.h>
#include <string.h>

#include "diff_internal.h"
#include "base/base_internal.h"

#define ARROW " \xE2\x86\x92 " /* → */

/* ANSI colours of the text format. */
#define C_ADD "\033[32m"
#define C_DEL "\033[31m"
#define C_CHG "\033[33m"
#define C_BOLD "\033[1m"
#define C_OFF "\033[0m"

typedef struct writer {
    FILE *f;
    int color;
} writer;

static const char *change_sign(kg_change c)
{
    return c == KG_CHANGE_ADDED ? "+" : c == KG_CHANGE_REMOVED ? "-" : "~";
}

static const char *change_color(kg_change c)
{
    return c == KG_CHANGE_ADDED ? C_ADD : c == KG_CHANGE_REMOVED ? C_DEL : C_CHG;
}

/* ---- text ------------------------------------------------------------------------------ */

/* The code point of a C1 control (U+0080-U+009F, bytes C2 80-9F) or a bidirectional
 * control (U+202A-U+202E, U+2066-U+2069) at s, with its length in *len; 0 for anything
 * else. A terminal takes U+009B for CSI, and the bidi controls reorder the line. */
static unsigned hidden_control(const unsigned char *s, size_t *len)
{
    if (s[0] == 0xC2 && s[1] >= 0x80 && s[1] <= 0x9F) {
        *len = 2;
        return s[1];
    }
    if (s[0] == 0xE2 && ((s[1] == 0x80 && s[2] >= 0xAA && s[2] <= 0xAE) ||
                         (s[1] == 0x81 && s[2] >= 0xA6 && s[2] <= 0xA9))) {
        *len = 3;
        return 0x2000u | (unsigned)(s[1] & 0x3F) << 6 | (unsigned)(s[2] & 0x3F);
    }
    return 0;
}

/* Writes s with control bytes shown as \n, \t or \xNN, C1 and bidi controls as \uXXXX;
 * runs of other bytes at once. */
static void text_value(writer *w, const char *s)
{
    for (;;) {
        const char *run = s;
        for (;;) {
            unsigned char b = (unsigned char)*s;
            size_t len;
            if (b < 0x20 || b == 0x7F || ((b == 0xC2 || b == 0xE2) && hidden_control((const unsigned char *)s, &len)))
                break;
            s++;
        }
        if (s > run)
            fwrite(run, 1, (size_t)(s - run), w->f);
        unsigned char c = (unsigned char)*s;
        size_t len = 1;
        unsigned cp;
        if (!c)
            return;
        if (c == '\n')
            fputs("\\n", w->f);
        else if (c == '\t')
            fputs("\\t", w->f);
        else if (c >= 0x80 && (cp = hidden_control((const unsigned char *)s, &len)) != 0)
            fprintf(w->f, "\\u%04X", cp);
        else
            fprintf(w->f, "\\x%02X", c);
        s += len;
    }
}

/* Writes a field's value: quotes and empty values in double quotes. */
static void text_field_value(writer *w, const char *name, const char *value, const char *color)
{
    int quoted = !value[0] || strcmp(name, "quote") == 0;
    if (color && w->color)
        fputs(color, w->f);
    if (quoted)
        fputc('"', w->f);
    text_value(w, value);
    if (quoted)
        fputc('"', w->f);
    if (color && w->color)
        fputs(C_OFF, w->f);
}

/* Writes one field line at indent: "name: value" for an addition or removal, "name: old →
 * new" for a change. skip names a field to leave out (or NULL). */
static void text_fields(writer *w, kg_change change, const kg_field_change *f, size_t n,
                        int indent, const char *skip)
{
    for (size_t i = 0; i < n; i++) {
        if (skip && strcmp(f[i].name, skip) == 0)
            continue;
        fprintf(w->f, "%*s", indent, "");
        text_value(w, f[i].name);
        fputs(": ", w->f);
        if (change == KG_CHANGE_ADDED) {
            text_field_value(w, f[i].name, f[i].new_value, NULL);
        } else if (change == KG_CHANGE_REMOVED) {
            text_field_value(w, f[i].name, f[i].old_value, NULL);
        } else {
            text_field_value(w, f[i].name, f[i].old_value, C_DEL);
            fputs(ARROW, w->f);
            text_field_value(w, f[i].name, f[i].new_value, C_ADD);
        }
        fputc('\n', w->f);
    }
}

/* Writes the first line of a change: sign, kind, name, coloured as a whole. */
static void text_head(writer *w, kg_change change, const char *kind)
{
    if (w->color)
        fputs(change_color(change), w->f);
    fprintf(w->f, "%s %s ", change_sign(change), kind);
}

static void text_head_end(writer *w)
{
    if (w->color)
        fputs(C_OFF, w->f);
    fputc('\n', w->f);
}

static void text_record(writer *w, const kg_record_change *r, const char *kind)
{
    text_head(w, r->change, kind);
    text_value(w, r->id);
    text_head_end(w);
    if (r->change == KG_CHANGE_RENAMED && r->old_id) {
        fputs("    renamed: ", w->f);
        text_field_value(w, "id", r->old_id, C_DEL);
        fputs(ARROW, w->f);
        text_field_value(w, "id", r->id, C_ADD);
        fputc('\n', w->f);
    }
    text_fields(w, r->change, r->fields, r->field_count, 4, NULL);
}

/* Nonzero when the relation's one citation is shown as the relation itself: it has one
 * citation on each side that has it, and that citation is the one change listed. */
static int folds(const kg_relation_change *r)
{
    if (r->citation_count != 1)
        return 0;
    switch (r->change) {
    case KG_CHANGE_ADDED: return r->new_citations == 1;
    case KG_CHANGE_REMOVED: return r->old_citations == 1;
    default:
        return r->old_citations == 1 && r->new_citations == 1 &&
               r->citations[0].change == KG_CHANGE_CHANGED;
    }
}

static void text_relation(writer *w, const kg_relation_change *r)
{
    text_head(w, r->change, "relation");
    text_value(w, r->source);
    fputs(" -[", w->f);
    text_value(w, r->relation);
    fputs("]-> ", w->f);
    text_value(w, r->target);
    text_head_end(w);
    text_fields(w, r->change, r->fields, r->field_count, 4, NULL);
    if (folds(r)) {
        /* the relation's polarity is this citation's: listed once, above */
        text_fields(w, r->citations[0].change, r->citations[0].fields,
                    r->citations[0].field_count, 4, "polarity");
        return;
    }
    for (size_t i = 0; i < r->citation_count; i++) {
        const kg_citation_change *c = &r->citations[i];
        fputs("    ", w->f);
        text_head(w, c->change, "citation");
        if (c->doc[0])
            text_value(w, c->doc);
        else
            fputs("(no doc)", w->f);
        text_head_end(w);
        /* the doc is in the citation's first line, unless it changed */
        text_fields(w, c->change, c->fields, c->field_count, 8,
                    c->change == KG_CHANGE_CHANGED ? NULL : "doc");
    }
}

static void write_text(const kg_diff *d, const kg_diff_write_options *o, writer *w)
{
    if (o->header) {
        if (w->color)
            fputs(C_BOLD, w->f);
        text_value(w, o->header);
        if (w->color)
            fputs(C_OFF, w->f);
        fputc('\n', w->f);
    }
    for (size_t i = 0; i < d->n_entities; i++)
        text_record(w, &d->entities[i], "entity");
    for (size_t i = 0; i < d->n_sources; i++)
        text_record(w, &d->sources[i], "source");
    for (size_t i = 0; i < d->n_relations; i++)
        text_relation(w, &d->relations[i]);
    char line[512];
    kg_diff_summary(d, line, sizeof line);
    fprintf(w->f, "%s\n", line);
}

/* ---- CSV ------------------------------------------------------------------------------- */

/* Writes the rows of one item: one per field, or one with empty field columns when it
 * has none. cols: change, kind, id, source, relation, target, citation. */
static void csv_rows(FILE *f, const char *const cols[7], const kg_field_change *fields, size_t n,
                     int raw)
{
    for (size_t i = 0; i < (n ? n : 1); i++) {
        for (int c = 0; c < 7; c++)
            kg_csv__write_field(f, cols[c], 0, raw);
        kg_csv__write_field(f, n ? fields[i].name : "", 0, raw);
        kg_csv__write_field(f, n ? fields[i].old_value : "", 0, raw);
        kg_csv__write_field(f, n ? fields[i].new_value : "", 1, raw);
    }
}

static void write_csv(const kg_diff *d, FILE *f, int raw)
{
    fputs("change,kind,id,source,relation,target,citation,field,old,new\n", f);
    for (int k = 0; k < 2; k++) {
        const kg_record_change *recs = k ? d->sources : d->entities;
        size_t n = k ? d->n_sources : d->n_entities;
        for (size_t i = 0; i < n; i++) {
            const char *cols[7] = {kg_change_name(recs[i].change), k ? "source" : "entity",
                                   recs[i].id, "", "", "", ""};
            if (recs[i].change == KG_CHANGE_RENAMED && recs[i].old_id) {
                /* the id first, as a field: renamed,entity,NEW,...,id,OLD,NEW */
                kg_field_change id = {"id", recs[i].old_id, recs[i].id};
                csv_rows(f, cols, &id, 1, raw);
                if (recs[i].field_count)
                    csv_rows(f, cols, recs[i].fields, recs[i].field_count, raw);
                continue;
            }
            csv_rows(f, cols, recs[i].fields, recs[i].field_count, raw);
        }
    }
    for (size_t i = 0; i < d->n_relations; i++) {
        const kg_relation_change *r = &d->relations[i];
        const char *cols[7] = {kg_change_name(r->change), "relation", "", r->source,
                               r->relation, r->target, ""};
        if (r->field_count || !r->citation_count)
            csv_rows(f, cols, r->fields, r->field_count, raw);
        for (size_t c = 0; c < r->citation_count; c++) {
            const kg_citation_change *ci = &r->citations[c];
            const char *ccols[7] = {kg_change_name(ci->change), "citation", "", r->source,
                                    r->relation, r->target, ci->doc};
            csv_rows(f, ccols, ci->fields, ci->field_count, raw);
        }
    }
}

/* ---- JSON ------------------------------------------------------------------------------ */

/* "fields":[{"field":..,"old":..,"new":..}]; old is null for an addition, new for a
 * removal. */
static void json_fields(FILE *f, kg_change change, const kg_field_change *fields, size_t n)
{
    fputs("\"fields\":[", f);
    for (size_t i = 0; i < n; i++) {
        fputs(i ? ",{\"field\":" : "{\"field\":", f);
        kg_json__string(f, fields[i].name);
        fputs(",\"old\":", f);
        if (change == KG_CHANGE_ADDED)
            fputs("null", f);
        else
            kg_json__string(f, fields[i].old_value);
        fputs(",\"new\":", f);
        if (change == KG_CHANGE_REMOVED)
            fputs("null", f);
        else
            kg_json__string(f, fields[i].new_value);
        fputc('}', f);
    }
    fputc(']', f);
}

/* One kind's counts; entities (renamed nonzero) also have "renamed". */
static void json_counts(FILE *f, const char *name, const size_t c[4], int renamed, int last)
{
    fprintf(f, "    \"%s\": {\"added\": %zu, \"removed\": %zu, \"changed\": %zu", name,
            c[KG_CHANGE_ADDED], c[KG_CHANGE_REMOVED], c[KG_CHANGE_CHANGED]);
    if (renamed)
        fprintf(f, ", \"renamed\": %zu", c[KG_CHANGE_RENAMED]);
    fprintf(f, "}%s\n", last ? "" : ",");
}

static void json_records(FILE *f, const char *name, const kg_record_change *r, size_t n)
{
    fprintf(f, "  \"%s\": [", name);
    for (size_t i = 0; i < n; i++) {
        fprintf(f, "%s\n    {\"change\":\"%s\",\"id\":", i ? "," : "", kg_change_name(r[i].change));
        kg_json__string(f, r[i].id);
        if (r[i].change == KG_CHANGE_RENAMED && r[i].old_id) {
            fputs(",\"old_id\":", f);
            kg_json__string(f, r[i].old_id);
        }
        fputc(',', f);
        json_fields(f, r[i].change, r[i].fields, r[i].field_count);
        fputc('}', f);
    }
    fputs(n ? "\n  ],\n" : "],\n", f);
}

static void write_json(const kg_diff *d, FILE *f)
{
    kg_diff_totals t;
    char line[512];
    kg_diff_totals_get(d, &t);
    kg_diff_summary(d, line, sizeof line);
    fputs("{\n  \"summary\": {\n", f);
    json_counts(f, "relations", t.relations, 0, 0);
    json_counts(f, "entities", t.entities, 1, 0);
    json_counts(f, "sources", t.sources, 0, 0);
    fputs("    \"text\": ", f);
    kg_json__string(f, line);
    fputs("\n  },\n", f);
    json_records(f, "entities", d->entities, d->n_entities);
    json_records(f, "sources", d->sources, d->n_sources);
    fputs("  \"relations\": [", f);
    for (size_t i = 0; i < d->n_relations; i++) {
        const kg_relation_change *r = &d->relations[i];
        fprintf(f, "%s\n    {\"change\":\"%s\",\"source\":", i ? "," : "", kg_change_name(r->change));
        kg_json__string(f, r->source);
        fputs(",\"relation\":", f);
        kg_json__string(f, r->relation);
        fputs(",\"target\":", f);
        kg_json__string(f, r->target);
        fprintf(f, ",\"old_citations\":%zu,\"new_citations\":%zu,", r->old_citations,
                r->new_citations);
        json_fields(f, r->change, r->fields, r->field_count);
        fputs(",\"citations\":[", f);
        for (size_t c = 0; c < r->citation_count; c++) {
            const kg_citation_change *ci = &r->citations[c];
            fprintf(f, "%s{\"change\":\"%s\",\"doc\":", c ? "," : "", kg_change_name(ci->change));
            kg_json__string(f, ci->doc);
            fputc(',', f);
            json_fields(f, ci->change, ci->fields, ci->field_count);
            fputc('}', f);
        }
        fputs("]}", f);
    }
    fputs(d->n_relations ? "\n  ]\n}\n" : "]\n}\n", f);
}

int kg_diff_write(const kg_diff *diff, const kg_diff_write_options *opts, FILE *stream)
{
    writer w = {stream, opts->color};
    switch (opts->format) {
    case KG_DIFF_TEXT: write_text(diff, opts, &w); break;
    case KG_DIFF_CSV: write_csv(diff, stream, 0); break;
    case KG_DIFF_CSV_RAW: write_csv(diff, stream, 1); break;
    case KG_DIFF_JSON: write_json(diff, stream); break;
    default: return kg_error__set(KG_EUSAGE, "unknown diff format %d", (int)opts->format);
    }
    if (ferror(stream))
        return kg_error__set(KG_EIO, "cannot write the diff");
    return KG_OK;
}
