/* error.c: the last-error record, status names and the library version. */
#include <stdarg.h>
#include <stdio.h>

#include "error.h"
#include "kgraph/common.h"
#include "kgraph/version.h"

/* per thread, as kgraph/common.h promises: one thread's failure never overwrites the
 * message another thread is about to read */
static _Thread_local char last_error[1024];

int kg_error__set(int status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(last_error, sizeof last_error, fmt, ap);
    va_end(ap);
    return status;
}

const char *kg_last_error(void)
{
    return last_error;
}

void kg_error_clear(void)
{
    last_error[0] = '\0';
}

const char *kg_strerror(int status)
{
    switch (status) {
    case KG_OK: return "success";
    case KG_EINVALID: return "invalid input";
    case KG_ENOMEM: return "out of memory";
    case KG_EIO: return "input/output error";
    case KG_EUSAGE: return "invalid argument";
    case KG_EGRAPHVIZ: return "Graphviz failed";
    case KG_ELIMIT: return "resource limit exceeded";
    default: return "unknown error";
    }
}

const char *kg_version(void)
{
    return KG_VERSION_STRING;
}
