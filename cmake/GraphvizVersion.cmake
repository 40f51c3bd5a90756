# GraphvizVersion.cmake: the Graphviz version found by pkg-config (GVC_*), the minimum kgraph
# supports, and the cgraph_internal.h variant for it (src/cgraph/).
#   KGRAPH_GRAPHVIZ_VERSION  e.g. 2.43.0 (Debian 12's 2.42.2) or 14.1.4~dev.0
#   KGRAPH_GRAPHVIZ_MAJOR    its first number (the C code sees it as KG_GRAPHVIZ_MAJOR)
#   KGRAPH_CGRAPH_VARIANT    private or public (src/cgraph/VARIANT.c)
set(KGRAPH_GRAPHVIZ_MIN_VERSION 2.42)

set(KGRAPH_GRAPHVIZ_VERSION "${GVC_libcgraph_VERSION}")
if(NOT KGRAPH_GRAPHVIZ_VERSION)
  set(KGRAPH_GRAPHVIZ_VERSION "${GVC_VERSION}")
endif()
if(NOT KGRAPH_GRAPHVIZ_VERSION MATCHES "^([0-9]+)\\.([0-9]+)")
  message(FATAL_ERROR "kgraph: cannot tell the Graphviz version from pkg-config "
    "(libcgraph says '${KGRAPH_GRAPHVIZ_VERSION}'); kgraph needs Graphviz ${KGRAPH_GRAPHVIZ_MIN_VERSION} or later")
endif()
set(KGRAPH_GRAPHVIZ_MAJOR ${CMAKE_MATCH_1})
if("${CMAKE_MATCH_1}.${CMAKE_MATCH_2}" VERSION_LESS KGRAPH_GRAPHVIZ_MIN_VERSION)
  message(FATAL_ERROR "kgraph needs Graphviz ${KGRAPH_GRAPHVIZ_MIN_VERSION} or later; pkg-config found "
    "${KGRAPH_GRAPHVIZ_VERSION} (libcgraph in ${GVC_libcgraph_PREFIX}). Install a newer libgraphviz-dev, "
    "or point PKG_CONFIG_PATH (or CMAKE_PREFIX_PATH) at a newer Graphviz's prefix (see docs/building.md).")
endif()

# The private variant copies cgraph's private string header, as 2.x and 14 lay it out
# (versions in between changed it more than once and are built with the public API).
if(KGRAPH_CGRAPH_PRIVATE AND (KGRAPH_GRAPHVIZ_MAJOR LESS 3 OR KGRAPH_GRAPHVIZ_MAJOR EQUAL 14))
  set(KGRAPH_CGRAPH_VARIANT private)
else()
  set(KGRAPH_CGRAPH_VARIANT public)
endif()
message(STATUS "kgraph: Graphviz ${KGRAPH_GRAPHVIZ_VERSION} (${GVC_libcgraph_PREFIX}), cgraph variant: ${KGRAPH_CGRAPH_VARIANT}")
