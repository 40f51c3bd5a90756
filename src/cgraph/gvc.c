/* gvc.c: calls into Graphviz's gvc whose signatures differ between Graphviz versions. */
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
