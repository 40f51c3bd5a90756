/* kgraph/style.h: how entity types, relations and polarities are drawn.
 *
 * A style holds, for each selector, a few Graphviz attribute values taken from an
 * allow-list (shape, colours, pen width, line style, arrowheads, font size). Built-in
 * styles cover the entity types person, country, organization, alliance, agreement,
 * event and place, and the polarities positive, negative, neutral and mixed. A style
 * file overrides them without recompiling:
 *
 *     # comment
 *     [type: person]
 *     shape = ellipse
 *     fillcolor = #dbeafe
 *     [relation: sanctions]
 *     style = bold
 *     [polarity: negative]
 *     color = #b91c1c
 *
 * Sections: "[node]" (every entity), "[edge]" (every relation), "[type: NAME]",
 * "[relation: NAME]", "[polarity: NAME]". Later sections win over earlier ones; on a
 * node, type wins over node; on an edge, polarity wins over edge and relation over both.
 */
#ifndef KGRAPH_STYLE_H
#define KGRAPH_STYLE_H

#include "kgraph/common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum kg_style_kind {
    KG_STYLE_NODE = 0,     /* every entity; name is "" */
    KG_STYLE_EDGE = 1,     /* every relation; name is "" */
    KG_STYLE_TYPE = 2,     /* entities of one type */
    KG_STYLE_RELATION = 3, /* relations with one verb */
    KG_STYLE_POLARITY = 4  /* relations of one polarity */
} kg_style_kind;

typedef struct kg_style kg_style;

/* Creates a style holding the built-in defaults. Returns KG_OK or KG_ENOMEM.
 * Free with kg_style_free(). */
KG_API int kg_style_new(kg_style **out);
/* Frees the style. NULL does nothing. */
KG_API void kg_style_free(kg_style *style);

/* Sets one attribute for a selector. The attribute must be on the allow-list for the
 * selector's object kind and the value must be valid for it (a colour name or #RRGGBB[AA],
 * a known shape other than record/Mrecord/epsf/custom, a number in range, style words
 * from filled, rounded, dashed, dotted, bold, solid, diagonals, striped). Returns KG_OK,
 * KG_EUSAGE (message in kg_last_error(), naming the attribute or value) or KG_ENOMEM. */
KG_API int kg_style_set(kg_style *style, kg_style_kind kind, const char *name, const char *attribute,
                 const char *value);

/* Reads a style file (format above) into style, overriding what it names. Every problem
 * is reported to diags as "FILE:LINE: message". Returns KG_OK, KG_EINVALID (see diags),
 * KG_EIO or KG_ENOMEM. On failure the style may hold some of the file's settings. */
KG_API int kg_style_load(kg_style *style, const char *path, kg_diagnostics *diags);

/* One attribute setting. */
typedef struct kg_style_attr {
    const char *name;
    const char *value;
} kg_style_attr;

/* The settings of one selector, in the order they were made (later ones win); *count
 * receives their number. Returns NULL with *count 0 when the selector has none. The
 * array is owned by the style and valid until the style is changed or freed. */
KG_API const kg_style_attr *kg_style_get(const kg_style *style, kg_style_kind kind, const char *name,
                                  size_t *count);

/* Nonzero when the selector has built-in or file settings (used to build the legend). */
KG_API int kg_style_has(const kg_style *style, kg_style_kind kind, const char *name);

#ifdef __cplusplus
}
#endif
#endif
