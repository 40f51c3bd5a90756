/* main.c: the kgraph executable: everything is in kg_tool__main (src/cli/tool.c). */
#include <signal.h>

#include "tool.h"

int main(int argc, char **argv)
{
    /* A closed pipe must be a write error (exit 2 with a message), not a silent death. */
    signal(SIGPIPE, SIG_IGN);
    int status = kg_tool__main(argc, argv);
    kg_render_shutdown();
    return status;
}
