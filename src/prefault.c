/* prefault.c: a helper thread that maps in the heap's fresh pages ahead of the allocator. */
#define _GNU_SOURCE /* syscall, madvise */
#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "base/base_internal.h"
#include "prefault.h"

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23 /* Linux 5.14; older glibc headers lack the name */
#endif

/* How far glibc reserves beyond what it hands out, and how much the helper maps per call. */
#define TOP_PAD ((size_t)64 << 20)
#define STEP ((size_t)2 << 20)

struct kg_prefault {
    pthread_t thread;
    atomic_int stop;
    uintptr_t done; /* pages below this address have been mapped in; helper thread only */
    uintptr_t page;
};

/* The kernel's current program break (the heap's end), read without glibc's cached copy so
 * that it is safe while another thread moves it. */
static uintptr_t current_break(void)
{
    return (uintptr_t)syscall(SYS_brk, 0);
}

/* The helper's loop: maps in [done, break) in STEP pieces; naps when it has caught up. */
static void *run(void *arg)
{
    kg_prefault *pf = arg;
    const struct timespec nap = {0, 200 * 1000};
    while (!atomic_load_explicit(&pf->stop, memory_order_relaxed)) {
        uintptr_t end = current_break() & ~(pf->page - 1);
        if (pf->done > end)
            pf->done = end; /* the heap was trimmed */
        if (pf->done == end) {
            nanosleep(&nap, NULL);
            continue;
        }
        size_t n = end - pf->done < STEP ? end - pf->done : STEP;
        /* Errors (a range glibc just gave back, no memory) only mean the building thread
         * takes those faults itself. */
        (void)madvise((void *)pf->done, n, MADV_POPULATE_WRITE);
        pf->done += n;
    }
    return NULL;
}

/* Whether the helper should run for a graph of `relations` relations: KGRAPH_PREFAULT=0
 * turns it off and =1 on whatever the size (to measure and to test it). */
static int wanted(size_t relations)
{
    const char *v = getenv("KGRAPH_PREFAULT");
    if (v && v[0] == '0' && !v[1])
        return 0;
    if (v && v[0] == '1' && !v[1])
        return 1;
    return relations >= KG_PREFAULT_MIN_RELATIONS;
}

kg_prefault *kg_prefault_start(size_t relations)
{
    if (!wanted(relations))
        return NULL;
    long page = sysconf(_SC_PAGESIZE);
    if (page <= 0 || (page & (page - 1)))
        return NULL;
    /* Does this kernel know MADV_POPULATE_WRITE? Ask about a page that is surely mapped
     * and writable: one of this function's own stack. */
    char probe[1];
    probe[0] = 0;
    uintptr_t probe_page = (uintptr_t)probe & ~((uintptr_t)page - 1);
    if (madvise((void *)probe_page, (size_t)page, MADV_POPULATE_WRITE) != 0)
        return NULL;
    kg_prefault *pf = kg_calloc(1, sizeof *pf);
    if (!pf)
        return NULL;
    pf->page = (uintptr_t)page;
    pf->done = current_break() & ~(pf->page - 1);
    atomic_init(&pf->stop, 0);
    mallopt(M_TOP_PAD, (int)TOP_PAD);
    if (pthread_create(&pf->thread, NULL, run, pf) != 0) {
        kg_free(pf);
        return NULL;
    }
    return pf;
}

void kg_prefault_stop(kg_prefault *pf)
{
    if (!pf)
        return;
    atomic_store(&pf->stop, 1);
    pthread_join(pf->thread, NULL);
    kg_free(pf);
}
