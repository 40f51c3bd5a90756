/* main.c: the kgraph executable: everything is in kg_tool__main (src/cli/tool.c). */
#include <signal.h>

#include "tool.h"

int main(int argc, char **argv)
{
    /* A closed pipe (`kgraph check data | head -1`) ends the process quietly by SIGPIPE,
     * as GNU tools do, even when the caller ignored the signal; any other write error
     * (a full disk) is still reported with exit 2. */
    signal(SIGPIPE, SIG_DFL);
    int status = kg_tool__main(argc, argv);
    kg_render_shutdown();
    return status;
}
