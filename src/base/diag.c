/* diag.c: the diagnostics list: errors and warnings about the input, capped, printed GNU style. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "error.h"
#include "kgraph/common.h"

#define DEFAULT_MAX_ERRORS 100

struct kg_diagnostics {
    kg_diag *items;
    size_t count, capacity;
    size_t max_errors;
    size_t errors, warnings;           /* totals, stored or not */
    size_t stored_errors, stored_warnings;
};

int kg_diagnostics_new(kg_diagnostics **out, size_t max_errors)
{
    kg_diagnostics *d = kg__calloc(1, sizeof *d);
    *out = d;
    if (!d)
        return kg_error__set(KG_ENOMEM, "out of memory"); /* found by the fault-injection loop */
    d->max_errors = max_errors ? max_errors : DEFAULT_MAX_ERRORS;
    return KG_OK;
}

void kg_diagnostics_free(kg_diagnostics *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->count; i++) {
        kg_free((void *)(uintptr_t)d->items[i].file);
        kg_free((void *)(uintptr_t)d->items[i].message);
    }
    kg_free(d->items);
    kg_free(d);
}

int kg_diagnostics_add(kg_diagnostics *d, kg_severity severity, const char *file,
                       unsigned long line, const char *fmt, ...)
{
    if (!d)
        return KG_OK;
    if (severity == KG_SEVERITY_ERROR) {
        if (d->errors++ >= d->max_errors)
            return KG_OK;
    } else {
        d->warnings++;
        if (d->stored_warnings >= d->max_errors)
            return KG_OK;
    }
    if (kg_array__grow(&d->items, &d->capacity, d->count, sizeof *d->items) != 0)
        return KG_ENOMEM;
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (len < 0)
        return KG_ENOMEM;
    char *message = kg__malloc((size_t)len + 1);
    char *file_copy = kg__strdup(file ? file : "");
    if (!message || !file_copy) {
        kg_free(message);
        kg_free(file_copy);
        return KG_ENOMEM;
    }
    va_start(ap, fmt);
    vsnprintf(message, (size_t)len + 1, fmt, ap);
    va_end(ap);
    d->items[d->count++] = (kg_diag){severity, file_copy, line, message};
    if (severity == KG_SEVERITY_ERROR)
        d->stored_errors++;
    else
        d->stored_warnings++;
    return KG_OK;
}

size_t kg_diagnostics_count(const kg_diagnostics *d)
{
    return d ? d->count : 0;
}

const kg_diag *kg_diagnostics_get(const kg_diagnostics *d, size_t i)
{
    return d && i < d->count ? &d->items[i] : NULL;
}

size_t kg_diagnostics_errors(const kg_diagnostics *d)
{
    return d ? d->errors : 0;
}

size_t kg_diagnostics_warnings(const kg_diagnostics *d)
{
    return d ? d->warnings : 0;
}

int kg_diagnostics_full(const kg_diagnostics *d)
{
    return d && d->errors >= d->max_errors;
}

void kg_diagnostics_print(const kg_diagnostics *d, FILE *stream, const char *program,
                          int with_warnings)
{
    if (!d)
        return;
    if (!program)
        program = "kgraph";
    for (size_t i = 0; i < d->count; i++) {
        const kg_diag *g = &d->items[i];
        if (g->severity != KG_SEVERITY_ERROR && !with_warnings)
            continue;
        fprintf(stream, "%s: ", program);
        if (g->file[0]) {
            if (g->line)
                fprintf(stream, "%s:%lu: ", g->file, g->line);
            else
                fprintf(stream, "%s: ", g->file);
        }
        if (g->severity == KG_SEVERITY_WARNING)
            fputs("warning: ", stream);
        else if (g->severity == KG_SEVERITY_NOTE)
            fputs("note: ", stream);
        fprintf(stream, "%s\n", g->message);
    }
    if (d->errors > d->stored_errors)
        fprintf(stream, "%s: %zu more errors not shown\n", program, d->errors - d->stored_errors);
    if (with_warnings && d->warnings > d->stored_warnings)
        fprintf(stream, "%s: %zu more warnings not shown\n", program,
                d->warnings - d->stored_warnings);
}
