/* slices.c: cutting a dataset into time slices (periods), each a view on one shared layout, and the page that steps through them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base_internal.h"
#include "graph/graph_internal.h"
#include "kgraph/output.h"
#include "kgraph/view.h"
#include "layout_internal.h"

/* The most periods kg_slices_make cuts, and the most mask bytes it keeps. */
#define MAX_SLICES 1000
#define MAX_MASK_BYTES (512u << 20)

struct kg_slices {
    kg_slice *items;
    size_t count;
    size_t ne, nr;
    unsigned char *masks;      /* count + 1 blocks of ne + nr bytes; the last: the union */
    size_t undated;
};

/* ---- dates --------------------------------------------------------------------------- */

static int digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

/* Normalises a date (YYYY, YYYY-MM or YYYY-MM-DD, month 01-12, day 01-31) to its first
 * day "YYYY-MM-DD" in out. Returns 0, or -1 for anything else. */
static int first_day(const char *date, char out[11])
{
    size_t len = date ? strlen(date) : 0;
    if ((len != 4 && len != 7 && len != 10) || !digits(date, 4))
        return -1;
    char month[3] = "01", day[3] = "01";
    if (len >= 7) {
        if (date[4] != '-' || !digits(date + 5, 2))
            return -1;
        memcpy(month, date + 5, 2);
    }
    if (len == 10) {
        if (date[7] != '-' || !digits(date + 8, 2))
            return -1;
        memcpy(day, date + 8, 2);
    }
    int m = atoi(month), d = atoi(day);
    if (m < 1 || m > 12 || d < 1 || d > 31)
        return -1;
    snprintf(out, 11, "%.4s-%s-%s", date, month, day);
    return 0;
}

/* The date of citation c: its own, else its source's (first day, see layout.h); -1 when
 * it has neither. */
static int citation_day(const kg_dataset *ds, const kg_citation *c, char out[11])
{
    if (c->date && c->date[0])
        return first_day(c->date, out);
    if (c->source != KG_NONE) {
        const kg_source *s = kg_dataset_source(ds, c->source);
        if (s && s->date && s->date[0])
            return first_day(s->date, out);
    }
    return -1;
}

int kg_slices_parse(const char *spec, kg_slice_unit *unit, char ***dates, size_t *n)
{
    *dates = NULL;
    *n = 0;
    if (!spec)
        spec = "";
    static const char *const names[] = {"year", "quarter", "month"};
    for (int i = 0; i < 3; i++) {
        size_t len = strlen(names[i]);
        if (strcmp(spec, names[i]) == 0) {
            *unit = (kg_slice_unit)i;
            return KG_OK;
        }
        if (strncmp(spec, names[i], len) != 0 || spec[len] != ':')
            continue;
        /* UNIT:FROM..TO, FROM and TO dates (YYYY, YYYY-MM or YYYY-MM-DD) */
        const char *from = spec + len + 1, *dots = strstr(from, "..");
        char a[16], b[16], fa[11], fb[11];
        if (!dots || (size_t)(dots - from) >= sizeof a || strlen(dots + 2) >= sizeof b)
            return kg_error__set(KG_EUSAGE, "invalid --slices '%s': %s:FROM..TO, e.g. "
                                "month:2021-11..2022-04", spec, names[i]);
        snprintf(a, sizeof a, "%.*s", (int)(dots - from), from);
        snprintf(b, sizeof b, "%s", dots + 2);
        if (first_day(a, fa) != 0 || first_day(b, fb) != 0 || strcmp(fa, fb) > 0)
            return kg_error__set(KG_EUSAGE, "invalid --slices '%s': %s:FROM..TO with dates "
                                "YYYY, YYYY-MM or YYYY-MM-DD, FROM not after TO", spec, names[i]);
        char **list = kg__calloc(2, sizeof *list);
        if (!list || !(list[0] = kg__strdup(fa)) || !(list[1] = kg__strdup(fb))) {
            if (list)
                kg_free(list[0]);
            kg_free(list);
            return kg_error__set(KG_ENOMEM, "out of memory for the slices");
        }
        *unit = (kg_slice_unit)i;
        *dates = list;
        *n = 2;
        return KG_OK;
    }
    size_t count = 1;
    for (const char *p = spec; *p; p++)
        count += *p == ',';
    char **list = kg__calloc(count, sizeof *list);
    if (!list)
        return kg_error__set(KG_ENOMEM, "out of memory for the slices");
    const char *p = spec;
    for (size_t i = 0; i < count; i++) {
        size_t len = strcspn(p, ",");
        char day[11];
        char piece[16];
        snprintf(piece, sizeof piece, "%.*s", (int)(len < 15 ? len : 15), p);
        if (len != 10 || first_day(piece, day) != 0 || (i && strcmp(list[i - 1], day) >= 0) ||
            !(list[i] = kg__strdup(day))) {
            int oom = len == 10 && first_day(piece, day) == 0 && !(i && strcmp(list[i - 1], day) >= 0);
            for (size_t j = 0; j < i; j++)
                kg_free(list[j]);
            kg_free(list);
            if (oom)
                return kg_error__set(KG_ENOMEM, "out of memory for the slices");
            return kg_error__set(KG_EUSAGE, "invalid --slices '%s': year, quarter, month, or "
                                "dates YYYY-MM-DD separated by commas, each later than the "
                                "one before ('%.*s' is not)", spec, (int)(len < 40 ? len : 40), p);
        }
        p += len + (p[len] == ',');
    }
    *unit = KG_SLICE_DATES;
    *dates = list;
    *n = count;
    return KG_OK;
}

/* ---- periods ------------------------------------------------------------------------- */

/* The period of unit that day (YYYY-MM-DD) falls in: its first day and label. */
static void period_of(kg_slice_unit unit, const char *day, char start[11], char *label, size_t cap)
{
    unsigned y = (unsigned)atoi(day) % 10000u, m = (unsigned)atoi(day + 5) % 100u;
    switch (unit) {
    case KG_SLICE_YEAR:
        snprintf(start, 11, "%04u-01-01", y);
        snprintf(label, cap, "%04u", y);
        break;
    case KG_SLICE_QUARTER:
        snprintf(start, 11, "%04u-%02u-01", y, (m - 1) / 3 * 3 + 1);
        snprintf(label, cap, "%04u-Q%u", y, (m - 1) / 3 + 1);
        break;
    default:
        snprintf(start, 11, "%04u-%02u-01", y, m);
        snprintf(label, cap, "%04u-%02u", y, m);
        break;
    }
}

/* The first day of the period after the one starting at start. */
static void period_next(kg_slice_unit unit, const char *start, char next[11])
{
    unsigned y = (unsigned)atoi(start) % 10000u, m = (unsigned)atoi(start + 5) % 100u;
    unsigned step = unit == KG_SLICE_YEAR ? 12 : unit == KG_SLICE_QUARTER ? 3 : 1;
    m += step;
    while (m > 12)
        m -= 12, y++;
    if (y > 9999)
        memcpy(next, "9999-12-31", 11);
    else
        snprintf(next, 11, "%04u-%02u-01", y % 10000u, m % 100u);
}

static unsigned char *mask_at(const kg_slices *s, size_t i)
{
    if (i == (size_t)-1)
        i = s->count;
    return s->masks + i * (s->ne + s->nr);
}

int kg_slices_make(kg_slices **out, const kg_dataset *ds, const unsigned char *entity_mask,
                   const unsigned char *relation_mask, kg_slice_unit unit,
                   const char *const *dates, size_t n_dates, int window)
{
    *out = NULL;
    if (unit == KG_SLICE_DATES && !n_dates)
        return kg_error__set(KG_EUSAGE, "no cut date for the slices");
    size_t ne = kg_dataset_entity_count(ds), nr = kg_dataset_relation_count(ds);
    size_t nc = kg_dataset_citation_count(ds);
    kg_slices *s = kg__calloc(1, sizeof *s);
    char (*day)[11] = kg__calloc(nc ? nc : 1, sizeof *day); /* "" when undated */
    if (!s || !day) {
        kg_free(s);
        kg_free(day);
        return kg_error__set(KG_ENOMEM, "out of memory for the slices");
    }
    s->ne = ne, s->nr = nr;
    char lo[11] = "", hi[11] = "";
    for (size_t i = 0; i < nc; i++) {
        const kg_citation *c = kg_dataset_citation(ds, i);
        const kg_relation *r = kg_dataset_relation(ds, c->relation);
        if (relation_mask && !relation_mask[c->relation])
            continue;
        if (entity_mask && (!entity_mask[r->source] || !entity_mask[r->target]))
            continue;
        if (citation_day(ds, c, day[i]) != 0) {
            day[i][0] = '\0';
            s->undated++;
            continue;
        }
        if (!lo[0] || strcmp(day[i], lo) < 0)
            memcpy(lo, day[i], 11);
        if (!hi[0] || strcmp(day[i], hi) > 0)
            memcpy(hi, day[i], 11);
    }
    int rc = KG_OK;
    if (unit != KG_SLICE_DATES && n_dates == 2) { /* UNIT:FROM..TO: the periods asked for */
        memcpy(lo, dates[0], 10), lo[10] = '\0';
        memcpy(hi, dates[1], 10), hi[10] = '\0';
    }
    if (!lo[0] && unit != KG_SLICE_DATES)
        rc = kg_error__set(KG_EUSAGE, "no dated citation to slice (%zu undated)", s->undated);
    /* the periods */
    size_t cap = 0;
    if (rc == KG_OK && unit == KG_SLICE_DATES) {
        if (n_dates > MAX_SLICES)
            rc = kg_error__set(KG_ELIMIT, "more than %d periods", MAX_SLICES);
        for (size_t i = 0; rc == KG_OK && i < n_dates; i++) {
            if (kg_array__grow(&s->items, &cap, s->count + 1, sizeof *s->items)) {
                rc = kg_error__set(KG_ENOMEM, "out of memory for the slices");
                break;
            }
            kg_slice *sl = &s->items[s->count++];
            memset(sl, 0, sizeof *sl);
            memcpy(sl->start, dates[i], 10);
            memcpy(sl->end, i + 1 < n_dates ? dates[i + 1] : "9999-12-31", 10);
            snprintf(sl->label, sizeof sl->label, "%s", dates[i]);
        }
    } else if (rc == KG_OK) {
        char start[11], last[11], label[32];
        period_of(unit, lo, start, label, sizeof label);
        period_of(unit, hi, last, label, sizeof label);
        for (;;) {
            if (s->count >= MAX_SLICES) {
                rc = kg_error__set(KG_ELIMIT, "more than %d periods from %s to %s: slice by a "
                                  "longer period", MAX_SLICES, lo, hi);
                break;
            }
            if (kg_array__grow(&s->items, &cap, s->count + 1, sizeof *s->items)) {
                rc = kg_error__set(KG_ENOMEM, "out of memory for the slices");
                break;
            }
            kg_slice *sl = &s->items[s->count++];
            memset(sl, 0, sizeof *sl);
            period_of(unit, start, sl->start, sl->label, sizeof sl->label);
            period_next(unit, sl->start, sl->end);
            if (strcmp(sl->start, last) >= 0)
                break;
            memcpy(start, sl->end, 11);
        }
    }
    if (rc == KG_OK && (s->count + 1) * (ne + nr) > MAX_MASK_BYTES / 1)
        rc = kg_error__set(KG_ELIMIT, "%zu periods of %zu entities and %zu relations are more "
                          "than kgraph keeps at once: slice by a longer period or draw part of "
                          "the data", s->count, ne, nr);
    if (rc == KG_OK && !(s->masks = kg__calloc((s->count + 1) * (ne + nr) + 1, 1)))
        rc = kg_error__set(KG_ENOMEM, "out of memory for the slices");
    /* the masks and counts */
    for (size_t i = 0; rc == KG_OK && i < nc; i++) {
        if (!day[i][0])
            continue;
        const kg_citation *c = kg_dataset_citation(ds, i);
        if (relation_mask && !relation_mask[c->relation])
            continue;
        const kg_relation *r = kg_dataset_relation(ds, c->relation);
        if (entity_mask && (!entity_mask[r->source] || !entity_mask[r->target]))
            continue;
        for (size_t k = 0; k < s->count; k++) {
            kg_slice *sl = &s->items[k];
            int before_end = strcmp(day[i], sl->end) < 0;
            int within = before_end && strcmp(day[i], sl->start) >= 0;
            sl->new_citations += within;
            if (window ? !within : !before_end)
                continue;
            sl->citations++;
            unsigned char *m = mask_at(s, k), *u = mask_at(s, (size_t)-1);
            m[ne + c->relation] = 1, m[r->source] = 1, m[r->target] = 1;
            u[ne + c->relation] = 1, u[r->source] = 1, u[r->target] = 1;
        }
    }
    for (size_t k = 0; rc == KG_OK && k < s->count; k++) {
        const unsigned char *m = mask_at(s, k);
        s->items[k].entities = kg_view_count(m, ne);
        s->items[k].relations = kg_view_count(m + ne, nr);
    }
    kg_free(day);
    if (rc != KG_OK) {
        kg_slices_free(s);
        return rc;
    }
    *out = s;
    return KG_OK;
}

void kg_slices_free(kg_slices *slices)
{
    if (!slices)
        return;
    kg_free(slices->items);
    kg_free(slices->masks);
    kg_free(slices);
}

size_t kg_slices_count(const kg_slices *slices) { return slices ? slices->count : 0; }

const kg_slice *kg_slices_get(const kg_slices *slices, size_t i)
{
    return slices && i < slices->count ? &slices->items[i] : NULL;
}

const unsigned char *kg_slices_entity_mask(const kg_slices *slices, size_t i)
{
    if (!slices || (i != (size_t)-1 && i >= slices->count))
        return NULL;
    return mask_at(slices, i);
}

const unsigned char *kg_slices_relation_mask(const kg_slices *slices, size_t i)
{
    if (!slices || (i != (size_t)-1 && i >= slices->count))
        return NULL;
    return mask_at(slices, i) + slices->ne;
}

size_t kg_slices_undated(const kg_slices *slices) { return slices ? slices->undated : 0; }

/* ---- the page ------------------------------------------------------------------------ */

/* Writes text escaped for HTML text and attribute values (kg_escape__html), through buf.
 * Returns KG_OK or KG_ENOMEM. */
static int put_html(FILE *f, kg_buf *buf, const char *text)
{
    kg_buf__clear(buf);
    if (kg_escape__html(buf, text) != KG_OK)
        return KG_ENOMEM;
    fputs(kg_buf__str(buf), f);
    return KG_OK;
}

static const char page_style[] =
    "body{font-family:system-ui,sans-serif;margin:1rem;color:#1f2937}\n"
    "h1{font-size:1.3rem;margin:0 0 .5rem}\n"
    ".controls{display:flex;gap:.6rem;align-items:center;flex-wrap:wrap;position:sticky;"
    "top:0;background:#fff;padding:.4rem 0;z-index:1}\n"
    ".controls input{flex:1;min-width:12rem}\n"
    "#status{font-weight:600;min-width:22rem}\n"
    ".note{color:#4b5563;font-size:.9rem;margin:.3rem 0}\n"
    "figure.slice{margin:0}figure.slice[hidden]{display:none}\n"
    "figure.slice svg{width:100%;height:auto;max-height:85vh}\n"
    "figcaption{font-size:.9rem;color:#4b5563}\n";

static const char page_script[] =
    "(function(){\n"
    "var frames=document.querySelectorAll('figure.slice');\n"
    "var slider=document.getElementById('slider');\n"
    "var status=document.getElementById('status');\n"
    "var current=-1;\n"
    "function show(i){\n"
    " if(!frames.length)return;\n"
    " i=Math.max(0,Math.min(frames.length-1,i));\n"
    " if(i===current)return;\n"
    " for(var k=0;k<frames.length;k++)frames[k].hidden=(k!==i);\n"
    " current=i;slider.value=String(i);\n"
    " var f=frames[i].dataset;\n"
    " status.textContent=f.label+' ('+(i+1)+' of '+frames.length+'): '+f.entities+"
    "' entities, '+f.relations+' relations, '+f.citations+' citations ('+f.added+' dated "
    "in the period)';\n"
    " document.body.setAttribute('data-current',String(i));\n"
    "}\n"
    "slider.addEventListener('input',function(){show(parseInt(slider.value,10));});\n"
    "document.getElementById('prev').addEventListener('click',function(){show(current-1);});\n"
    "document.getElementById('next').addEventListener('click',function(){show(current+1);});\n"
    "document.addEventListener('keydown',function(e){\n"
    " if(e.target===slider&&(e.key==='ArrowLeft'||e.key==='ArrowRight'))return;\n"
    " if(e.key==='ArrowRight'||e.key==='ArrowDown'||e.key==='PageDown'){show(current+1);"
    "e.preventDefault();}\n"
    " else if(e.key==='ArrowLeft'||e.key==='ArrowUp'||e.key==='PageUp'){show(current-1);"
    "e.preventDefault();}\n"
    " else if(e.key==='Home'){show(0);e.preventDefault();}\n"
    " else if(e.key==='End'){show(frames.length-1);e.preventDefault();}\n"
    "});\n"
    "var m=/^#slice-([0-9]+)$/.exec(location.hash);\n"
    "show(m?parseInt(m[1],10):0);\n"
    "})();\n";

int kg_slices_write_index(const kg_slices *slices, const char *path, const char *title,
                          const char *const *fragments, int window)
{
    kg_output *output;
    int rc = kg_output_open(&output, path);
    if (rc != KG_OK)
        return rc;
    FILE *f = kg_output_stream(output);
    size_t n = slices->count;
    kg_buf buf = KG_BUF_INIT;
    int oom = 0;
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
          "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
          f);
    oom |= put_html(f, &buf, title ? title : "");
    fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>", page_style);
    oom |= put_html(f, &buf, title ? title : "");
    fprintf(f, "</h1>\n<div class=\"controls\">\n"
               "<button type=\"button\" id=\"prev\" aria-label=\"previous period\">&#9664;</button>\n"
               "<input type=\"range\" id=\"slider\" min=\"0\" max=\"%zu\" value=\"0\" step=\"1\" "
               "aria-label=\"period\">\n"
               "<button type=\"button\" id=\"next\" aria-label=\"next period\">&#9654;</button>\n"
               "<output id=\"status\" aria-live=\"polite\"></output>\n</div>\n",
            n ? n - 1 : 0);
    fprintf(f, "<p class=\"note\">%s Arrow keys, the slider or the buttons step through the "
               "%zu periods; every frame is drawn on one layout, so an entity keeps its place. "
               "A citation without a date takes its source's date; %zu citation%s with "
               "neither %s in no frame.</p>\n",
            window ? "Each frame shows the relations cited within its period only."
                   : "Each frame shows every relation cited up to the end of its period.",
            n, slices->undated, slices->undated == 1 ? "" : "s",
            slices->undated == 1 ? "is" : "are");
    for (size_t i = 0; i < n; i++) {
        const kg_slice *s = &slices->items[i];
        fprintf(f, "<figure class=\"slice\" id=\"slice-%zu\" data-label=\"", i);
        oom |= put_html(f, &buf, s->label);
        fprintf(f, "\" data-start=\"%s\" data-end=\"%s\" data-entities=\"%zu\" "
                   "data-relations=\"%zu\" data-citations=\"%zu\" data-added=\"%zu\"%s>\n"
                   "<figcaption>",
                s->start, s->end, s->entities, s->relations, s->citations, s->new_citations,
                i ? " hidden" : "");
        oom |= put_html(f, &buf, s->label);
        fprintf(f, ": %zu entities, %zu relations, %zu citations</figcaption>\n", s->entities,
                s->relations, s->citations);
        if (fragments && fragments[i])
            fputs(fragments[i], f);
        fputs("\n</figure>\n", f);
    }
    fprintf(f, "<script>\n%s</script>\n</body>\n</html>\n", page_script);
    kg_buf__free(&buf);
    if (oom) {
        kg_output_abort(output);
        return kg_error__set(KG_ENOMEM, "out of memory writing %s", path);
    }
    /* kg_output_commit's errors name the file already */
    return kg_output_commit(output);
}
