/* gvc.c: calls into Graphviz whose signatures or costs differ between Graphviz versions. */
#include <limits.h>
#include <stddef.h>

#include "cgraph/cgraph_internal.h"

int kg_gv__render_data(GVC_t *gvc, Agraph_t *g, const char *format, char **data,
                      unsigned int *len)
{
#if KG_GRAPHVIZ_MAJOR < 3
    return gvRenderData(gvc, g, format, data, len);
#else
    size_t size = 0; /* Graphviz 3 and later report the size in a size_t */
    int rc = gvRenderData(gvc, g, format, data, &size);
    if (rc == 0 && size > UINT_MAX)
        rc = -1; /* more than this interface can say: the caller reports the failure */
    *len = rc == 0 ? (unsigned int)size : 0;
    return rc;
#endif
}

int kg_cg__edges_at_least(Agraph_t *root, size_t least)
{
    size_t edges = 0;
    if (least == 0)
        return 1;
    for (Agnode_t *n = agfstnode(root); n; n = agnxtnode(root, n)) {
        edges += (size_t)agdegree(root, n, 0, 1);
        if (edges >= least)
            return 1;
    }
    return 0;
}

void kg_gv__node_box(Agnode_t *n, double *x, double *y, double *w, double *h)
{
    *x = ND_coord(n).x;
    *y = ND_coord(n).y;
    *w = ND_width(n) * 72.0; /* inches */
    *h = ND_height(n) * 72.0;
}

void kg_gv__graph_bb(Agraph_t *g, double bb[4])
{
    bb[0] = GD_bb(g).LL.x;
    bb[1] = GD_bb(g).LL.y;
    bb[2] = GD_bb(g).UR.x;
    bb[3] = GD_bb(g).UR.y;
}
