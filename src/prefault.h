/* prefault.h: a helper thread that maps in the heap's fresh pages ahead of the allocator.
 *
 * On these machines (virtual, 2 cores) the first write to each new 4 KiB page costs a page
 * fault that the kernel pays with zeroing and, often, the hypervisor with backing memory:
 * building the graph of 1M relations touches about 700 MB and spent a fifth of its time
 * in faults. While the graph is built the second core is idle, so a helper thread asks the
 * kernel (madvise MADV_POPULATE_WRITE, Linux 5.14+) to map the pages between the heap's
 * current end and the top of the memory glibc has reserved, before the building thread
 * writes to them. It never reads or writes the pages itself, so it cannot disturb the data
 * placed in them; it only changes when the faults happen and on which core.
 *
 * The helper works on the main heap (brk), which is where glibc places small allocations
 * (every cgraph object, and kgraph's string chunks). kg_prefault_start raises glibc's
 * M_TOP_PAD so that the heap grows in 64 MiB steps, giving the helper room to run ahead;
 * that setting stays for the life of the process (it only keeps more memory reserved at
 * the heap's top). Where madvise or threads are unavailable, start does nothing and the
 * program runs as without it.
 */
#ifndef KGRAPH_PREFAULT_H
#define KGRAPH_PREFAULT_H

#include <stddef.h>

typedef struct kg_prefault kg_prefault;

/* Graphs with fewer relations than this build in well under a second: no helper. */
#define KG_PREFAULT_MIN_RELATIONS 100000u

/* Starts the helper thread for building a graph of `relations` relations. Returns the
 * handle to pass to kg_prefault_stop, or NULL when the helper need not or could not run:
 * fewer than KG_PREFAULT_MIN_RELATIONS relations (unless the environment variable
 * KGRAPH_PREFAULT is 1), KGRAPH_PREFAULT is 0, no memory or thread, or the kernel refuses
 * MADV_POPULATE_WRITE. NULL is valid to pass to kg_prefault_stop. */
kg_prefault *kg_prefault_start(size_t relations);

/* Stops and joins the helper thread and frees the handle. NULL does nothing. */
void kg_prefault_stop(kg_prefault *pf);

#endif
