/* svgcheck.h: parses an SVG with expat and checks that nothing unsafe got through
 * (shared by tests/render/test_hostile.c and the render fuzzer, so it uses no cmocka). */
#ifndef KGRAPH_SVGCHECK_H
#define KGRAPH_SVGCHECK_H

#include <stddef.h>

/* Checks svg[0..len) and returns 0 when all of these hold, else -1 with the first
 * violation written into why (NUL-terminated, truncated to cap bytes):
 *   - it is well-formed XML (expat; no external entity is ever loaded);
 *   - every element is one the Graphviz core SVG renderer draws kgraph's graphs with
 *     (svg g a title text ellipse path polygon polyline): no script, image, use,
 *     foreignObject, style, iframe ...;
 *   - no processing instruction other than the XML declaration (no xml-stylesheet);
 *   - no attribute named on* (event handlers) or style, no font-family other than the
 *     fixed ones kgraph sets (Helvetica,sans-Serif and Graphviz's default Times,serif);
 *   - every href / xlink:href is http, https or relative, with no whitespace, control
 *     character, backslash or quote (these are percent-encoded by kgraph).
 * Well-formed but ill-typed attribute values (a bad colour) are not checked. */
int svg_check(const char *svg, size_t len, char *why, size_t cap);

#endif
