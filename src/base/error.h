/* error.h: setting the last-error record (kg_last_error) from inside libkgraph. */
#ifndef KGRAPH_ERROR_H
#define KGRAPH_ERROR_H

/* Formats a message into the last-error record and returns status, so a failing function
 * can end with `return kg_error__set(KG_EIO, "cannot open '%s': %s", path, strerror(errno));`.
 * The message is truncated to 1 KiB. */
int kg_error__set(int status, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

#endif
