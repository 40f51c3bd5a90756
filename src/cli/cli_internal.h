/* cli/cli_internal.h: cli owns the kgraph command: argument parsing, the commands, help, exit codes.
 * May call: the public API (include/kgraph.h) only: no header of src/ outside this folder. */
#ifndef KGRAPH_CLI_INTERNAL_H
#define KGRAPH_CLI_INTERNAL_H

#include "args.h"
#include "tool.h"
#include "viewopts.h"

#endif
