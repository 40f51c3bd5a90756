/* base/base_internal.h: base owns allocation (kg__malloc, failure injection, the arena), the one hash,
 * the last-error record, the diagnostics list, UTF-8 checks and CSV/JSON text output. May call: libc only; every folder calls it. */
#ifndef KGRAPH_BASE_INTERNAL_H
#define KGRAPH_BASE_INTERNAL_H

#include "alloc.h"
#include "arena.h"
#include "error.h"
#include "hash.h"
#include "textout.h"
#include "utf8.h"

#endif
