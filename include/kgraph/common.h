/* kgraph/common.h: status codes, the last-error record and the diagnostics list. */
#ifndef KGRAPH_COMMON_H
#define KGRAPH_COMMON_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define KGRAPH_VERSION_MAJOR 0
#define KGRAPH_VERSION_MINOR 1
#define KGRAPH_VERSION_PATCH 0

/* KG_API marks each public function. libkgraph is compiled with -fvisibility=hidden and
 * KGRAPH_BUILDING_LIBRARY defined, so these functions, and only these, are exported from
 * libkgraph.so; for a program using the library it expands to nothing. */
#if defined(KGRAPH_BUILDING_LIBRARY) && defined(__GNUC__)
#define KG_API __attribute__((visibility("default")))
#else
#define KG_API
#endif

/* Status codes. Every function that can fail returns one of these; 0 is success. */
typedef enum kg_status {
    KG_OK = 0,
    KG_EINVALID = -1, /* the input data is invalid; details are in the diagnostics */
    KG_ENOMEM = -2,   /* an allocation failed */
    KG_EIO = -3,      /* a file could not be read or written */
    KG_EUSAGE = -4,   /* a bad argument from the caller (unknown format, bad option) */
    KG_EGRAPHVIZ = -5,/* Graphviz reported an error during layout or rendering */
    KG_ELIMIT = -6    /* a configured resource limit was exceeded */
} kg_status;

/* Returns the library version as "MAJOR.MINOR.PATCH"; static storage. The headers'
 * version is KG_VERSION_STRING in <kgraph/version.h> (generated at build time). */
KG_API const char *kg_version(void);

/* Returns a short static description of a kg_status code ("out of memory"). */
KG_API const char *kg_strerror(int status);

/* The last-error record: every failing call stores a message here before it returns
 * (per thread of the caller, C11 _Thread_local; libkgraph itself is not thread-safe
 * because Graphviz is not).
 * kg_last_error() returns that message, or "" when none is set. The string stays valid
 * until the next libkgraph call; do not free it. */
KG_API const char *kg_last_error(void);
/* Clears the last-error record. */
KG_API void kg_error_clear(void);

/* ---- diagnostics ---------------------------------------------------------------- */

typedef enum kg_severity {
    KG_SEVERITY_ERROR = 0,
    KG_SEVERITY_WARNING = 1,
    KG_SEVERITY_NOTE = 2
} kg_severity;

/* One message about the input. file may be "" (no file) and line 0 (no line). */
typedef struct kg_diag {
    kg_severity severity;
    const char *file;
    unsigned long line;
    const char *message;
} kg_diag;

/* A list of diagnostics collected during one operation (loading, building, rendering).
 * It keeps at most max_errors errors and as many warnings; later ones are counted,
 * not stored. */
typedef struct kg_diagnostics kg_diagnostics;

/* Creates an empty list in *out. max_errors 0 means the default (100).
 * Returns KG_OK or KG_ENOMEM. Free with kg_diagnostics_free(). */
KG_API int kg_diagnostics_new(kg_diagnostics **out, size_t max_errors);
/* Frees the list and every message in it. NULL does nothing. */
KG_API void kg_diagnostics_free(kg_diagnostics *diags);

/* Adds a message; fmt is printf-like. Returns KG_OK, or KG_ENOMEM (the message is lost,
 * but the error is still counted). file may be NULL (stored as ""). */
KG_API int kg_diagnostics_add(kg_diagnostics *diags, kg_severity severity, const char *file,
                       unsigned long line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

/* Number of stored messages, and the i-th (0-based; NULL when out of range). The pointer
 * is owned by the list and valid until it is freed. */
KG_API size_t kg_diagnostics_count(const kg_diagnostics *diags);
KG_API const kg_diag *kg_diagnostics_get(const kg_diagnostics *diags, size_t i);

/* Totals seen, including messages beyond the cap that were not stored. */
KG_API size_t kg_diagnostics_errors(const kg_diagnostics *diags);
KG_API size_t kg_diagnostics_warnings(const kg_diagnostics *diags);
/* Nonzero once max_errors errors were reached: loaders stop early then. */
KG_API int kg_diagnostics_full(const kg_diagnostics *diags);

/* Prints every stored message GNU style, one a line:
 *   "PROGRAM: FILE:LINE: message"            (errors)
 *   "PROGRAM: FILE:LINE: warning: message"   (warnings)
 * then "PROGRAM: N more errors not shown" when some were dropped. program may be NULL
 * ("kgraph"). Warnings are left out when with_warnings is 0. */
KG_API void kg_diagnostics_print(const kg_diagnostics *diags, FILE *stream, const char *program,
                          int with_warnings);

/* Frees memory that libkgraph handed out (rendered buffers and the like). NULL does nothing. */
KG_API void kg_free(void *ptr);

#ifdef __cplusplus
}
#endif
#endif
