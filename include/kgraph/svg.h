/* kgraph/svg.h: making an SVG rendered by kgraph fit for embedding in a page.
 *
 * kg_svg_embed() post-processes, in memory, the SVG text libgvc writes (kg_render_data
 * with KG_FORMAT_SVG): it can turn it into a fragment for inline use in HTML and prefix
 * every id, so that several diagrams share one page without clashes. It reads the XML as
 * Graphviz writes it (tags, quoted attributes, comments, a prolog); it is not a general
 * XML parser, but any well-formed input gives well-formed output.
 */
#ifndef KGRAPH_SVG_H
#define KGRAPH_SVG_H

#include <stddef.h>
#include "kgraph/common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct kg_svg_options {
    /* Nonzero: a fragment for inline use: no XML declaration, DOCTYPE or comments, and
     * the root <svg> keeps its viewBox but loses its width and height, so it scales with
     * the element around it. */
    int fragment;
    /* NULL or "": ids unchanged. Otherwise every id="X" becomes id="PREFIX X" and every
     * reference to an id of the same SVG ("#X" in href / xlink:href, "url(#X)" in any
     * attribute) follows; references to anything else (such as "#entity-x", a section of
     * the page) are left alone. The prefix may hold only ASCII letters, digits, '-', '_'
     * and '.', and must start with a letter (KG_EUSAGE otherwise). */
    const char *id_prefix;
    /* NULL or "": nothing. Otherwise added to the root <svg> as class="..." (same
     * characters as id_prefix, spaces allowed between words). */
    const char *root_class;
} kg_svg_options;

/* Rewrites svg[0..len) as opts says into a new NUL-terminated buffer *out (free with
 * kg_free) of *out_len bytes (out_len may be NULL). opts NULL copies. Returns KG_OK,
 * KG_EUSAGE (a bad prefix or class, or no <svg> element in the input; message in
 * kg_last_error()) or KG_ENOMEM; *out is NULL on failure. */
KG_API int kg_svg_embed(char **out, size_t *out_len, const char *svg, size_t len,
                 const kg_svg_options *opts);

/* Reads the width and height of the root <svg>'s viewBox into *width and *height (in
 * points). Returns KG_OK, or KG_EUSAGE when there is no viewBox. */
KG_API int kg_svg_viewbox_size(const char *svg, size_t len, double *width, double *height);

#ifdef __cplusplus
}
#endif
#endif
