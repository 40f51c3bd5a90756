/* kgraph/output.h: output files written atomically.
 *
 * kg_output_open() creates a temporary file beside the destination; the caller writes
 * to kg_output_stream(); kg_output_commit() flushes, syncs and renames it over the
 * destination. A failure at any step, or kg_output_abort(), removes the temporary file
 * and leaves any existing destination untouched. The path "-" means stdout (no rename;
 * write errors such as EPIPE or ENOSPC are still reported). A destination that exists
 * and is not a regular file (a device such as /dev/null, a FIFO) is written in place,
 * like a shell redirection: nothing is ever renamed over it.
 *
 * A destination that is a symbolic link is written through, as a shell redirection does:
 * the chain of links is followed (at most 40) to its end, that file is replaced (or, for
 * a dangling link, created) atomically, and the link itself stays.
 *
 * A destination that is one of the running command's inputs (registered with
 * kg_output_add_input: the same file, by device and inode, or the same canonical path
 * when it does not exist yet) is refused, so that `-o DIR/entities.csv` cannot replace the
 * data being read. The registry is process-wide and not thread-safe: it is meant for a
 * command-line process (the kgraph tool registers every file a command reads).
 */
#ifndef KGRAPH_OUTPUT_H
#define KGRAPH_OUTPUT_H

#include <stdio.h>
#include "kgraph/common.h"
#include "kgraph/dataset.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct kg_output kg_output;

/* Opens an output for path. Returns KG_OK and *out, or KG_EIO (directory missing or not
 * writable, a link loop; message in kg_last_error()), KG_EUSAGE (path is a registered
 * input) or KG_ENOMEM. */
KG_API int kg_output_open(kg_output **out, const char *path);
/* The stream to write to; owned by the output. */
KG_API FILE *kg_output_stream(kg_output *output);
/* Finishes the output: checks for write errors, flushes, fsyncs and renames. Always frees
 * output. Returns KG_OK or KG_EIO with the message in kg_last_error(). */
KG_API int kg_output_commit(kg_output *output);
/* Checks for write errors, flushes and fsyncs, without renaming: after KG_OK, only the
 * rename of kg_output_commit() is left to fail. Returns KG_OK or KG_EIO (the output is
 * still open: commit or abort it). */
KG_API int kg_output_sync(kg_output *output);
/* Discards the output (removes the temporary file) and frees it. NULL does nothing. */
KG_API void kg_output_abort(kg_output *output);

/* Registers path as an input of the running command: kg_output_open() refuses it from
 * then on. "-" and NULL are ignored. Returns KG_OK or KG_ENOMEM. */
KG_API int kg_output_add_input(const char *path);
/* Registers every file kg_dataset_load(dir, opts) reads, present or not (sources.csv is
 * optional), as kg_output_add_input does: opts->paths[k], else DIR/entities.csv,
 * DIR/relations.csv and DIR/sources.csv (dir NULL: the current directory); a file given
 * in opts->memory is none. files: bits 1u << kg_file_kind to register only those files
 * (as KG_DIFF_* bits are for a single-file diff), 0 for all. opts NULL: defaults.
 * Returns KG_OK or KG_ENOMEM. */
KG_API int kg_output_add_dataset_inputs(const char *dir, const kg_load_options *opts, unsigned files);
/* Nonzero when writing path (links followed) would replace a registered input; for
 * outputs that kg_output_open does not write, such as a directory's files. */
KG_API int kg_output_is_input(const char *path);
/* Forgets every registered input (a new command starts). */
KG_API void kg_output_clear_inputs(void);

/* Writes size bytes to path atomically (open, write, commit). Returns as kg_output_commit. */
KG_API int kg_output_write_file(const char *path, const void *data, size_t size);

#ifdef __cplusplus
}
#endif
#endif
