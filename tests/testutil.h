/* testutil.h: helpers shared by the cmocka tests: temp dirs, files, running the CLI. */
#ifndef KGRAPH_TESTUTIL_H
#define KGRAPH_TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "kgraph.h"

/* Creates a fresh temporary directory; returns its path (static buffer per call slot). */
char *tu_mkdtemp(void);
/* Removes a directory tree (rm -rf). */
void tu_rmtree(const char *path);
/* Writes text to dir/name; fails the test on error. */
void tu_write(const char *dir, const char *name, const char *text);
/* Reads a whole file into a new NUL-terminated buffer (free()); NULL if missing. */
char *tu_read(const char *path, size_t *size);

/* Result of running the kgraph executable. */
typedef struct tu_run {
    int status;  /* exit status, or -1 if it did not exit normally */
    char *out;   /* captured stdout (free with tu_run_free) */
    char *err;   /* captured stderr */
} tu_run;

/* Runs KGRAPH_EXE with args (NULL-terminated) in directory cwd (NULL: current) with
 * stdin from /dev/null. */
tu_run tu_kgraph(const char *cwd, const char *const *args);
void tu_run_free(tu_run *r);

/* Loads a dataset from in-memory CSV texts (sources may be NULL); returns the status,
 * fills *out (NULL on failure) and the diagnostics list *diags (always; caller frees). */
int tu_load(kg_dataset **out, kg_diagnostics **diags, const char *entities,
            const char *relations, const char *sources);

/* The common cmocka fixture: a dataset loaded from in-memory CSV and its diagnostics. */
typedef struct tu_fixture {
    kg_dataset *ds;
    kg_diagnostics *diags;
} tu_fixture;
/* Loads entities, relations and sources (NULL: none) into a new tu_fixture in *state;
 * returns 0, or -1 when loading fails (cmocka then fails the group). */
int tu_fixture_setup(void **state, const char *entities, const char *relations,
                     const char *sources);
/* Frees the tu_fixture in *state; returns 0. */
int tu_fixture_teardown(void **state);
/* Nonzero when some stored diagnostic's "file:line: message" text contains needle. */
int tu_diag_has(const kg_diagnostics *diags, const char *needle);

/* Skipping: a test (or a part of one) that cannot run says why and is remembered, so
 * that the program exits 77 (ctest's SKIP_RETURN_CODE) rather than 0 when nothing failed.
 * tu_skipped records a part that could not run: prints "SKIP: WHY" and goes on.
 * TU_SKIP ends the current cmocka test as skipped after tu_skipped. */
void tu_skipped(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#define TU_SKIP(...)                                                                    \
    do {                                                                                \
        tu_skipped(__VA_ARGS__);                                                        \
        skip();                                                                         \
    } while (0)
/* The exit status of a test program from cmocka's count of failed tests: that count
 * when some failed, else 77 when a part was skipped (tu_skipped), else 0. */
int tu_exit_status(int failed);

#endif
